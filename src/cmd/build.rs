//! `policybook build`: load -> resolve -> render -> write.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::Date;
use crate::manifest::{self, Manifest};
use crate::render::OutputFile;
use crate::timing::phase;
use crate::{content, output, render, xref};

use super::{Error as BuildError, print_diagnostics};

/// A site loaded, checked and rendered in memory, with what was worked out on the way (kept
/// by `serve` to redo only part of it after an edit).
pub struct Rendered {
    /// The site, its link index, backlinks and diffs, and the date review dates were judged
    /// against.
    pub resolved: xref::Resolved,
    pub files: Vec<OutputFile>,
    pub search: Option<render::SearchIndex>,
}

/// Loads, checks and renders the site at `root` in memory, without writing anything.
pub fn render_site(root: &Path) -> Result<Rendered, BuildError> {
    render_site_with(root, false)
}

/// The same, with draft policies included when `drafts` (or `[build] drafts`) says so.
pub fn render_site_with(root: &Path, drafts: bool) -> Result<Rendered, BuildError> {
    let mut config = Config::load(root).map_err(|d| BuildError::Config(d.into()))?;
    config.build.drafts |= drafts;
    render_site_into(root, config, None)
}

/// [`resolve_site`] with `book.toml` read here, draft policies included when `drafts` (or
/// `[build] drafts`) says so: what `serve`'s full rebuild starts from.
pub fn resolve_site_with(root: &Path, drafts: bool) -> Result<xref::Resolved, BuildError> {
    let mut config = Config::load(root).map_err(|d| BuildError::Config(d.into()))?;
    config.build.drafts |= drafts;
    resolve_site(root, config)
}

/// The site at `root` loaded and resolved (with `config` read already), its edition diffs
/// made, nothing rendered: what rendering, and `check` from the model, start from.
pub fn resolve_site(root: &Path, config: Config) -> Result<xref::Resolved, BuildError> {
    render::Theme::folder(root, &config.build.theme).map_err(|d| BuildError::Config(d.into()))?;
    let site = phase("load", || content::load(root, config)).map_err(BuildError::Content)?;
    let today = Date::today();
    let targets = phase("index", || xref::Targets::new(&site));
    // The edition diffs do not depend on the cross-references: computed side by side.
    let (backlinks, diffs) = rayon::join(
        || {
            phase("resolve", || {
                xref::resolve(&xref::Index::with(&site, &targets))
            })
        },
        || phase("diff", || crate::diff::SiteDiffs::compute(&site)),
    );
    Ok(xref::Resolved {
        backlinks: backlinks.map_err(BuildError::Content)?,
        site,
        targets,
        diffs,
        today,
    })
}

/// Loads, checks and renders the site at `root` (with `config` read already) with its search
/// index, handing each file to `sink` as it is made instead of keeping it.
fn render_site_into(
    root: &Path,
    config: Config,
    sink: Option<render::Sink>,
) -> Result<Rendered, BuildError> {
    let resolved = resolve_site(root, config)?;
    let render::Render { files, search } =
        render::render(root, &resolved, sink, true).map_err(BuildError::Content)?;
    Ok(Rendered {
        resolved,
        files,
        search,
    })
}

pub struct BuildReport {
    pub dest: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
}

/// Builds the site at `root` into `dest` (default: `[build] build-dir`, relative to `root`).
/// Each page is written as soon as it is rendered, into a folder that replaces `dest` only
/// when the whole site is there (`output::Staging`).
/// `keep_other_files` (or `[build] keep-other-files`) lets it build into a folder that holds
/// files policybook did not write, leaving each of them as it is (see `output::dest`).
/// `drafts` (or `[build] drafts`) publishes draft policies, each marked DRAFT.
pub fn build(
    root: &Path,
    dest: Option<&Path>,
    keep_other_files: bool,
    drafts: bool,
) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    // Taken before any source is read, `book.toml` included: an edit during the build makes
    // it disagree.
    let inputs = manifest::fingerprint(root);
    let mut config = Config::load(root).map_err(|d| BuildError::Config(d.into()))?;
    config.build.drafts |= drafts;
    let dest = match dest {
        Some(d) => d.to_path_buf(),
        None => root.join(&config.build.build_dir),
    };
    let refused = |d: crate::diagnostic::Diagnostic| BuildError::Config(d.into());
    let mut sources: Vec<PathBuf> = ["content", "policies", "themes"]
        .iter()
        .map(|f| root.join(f))
        .collect();
    sources.extend(
        render::Theme::folder(root, &config.build.theme)
            .ok()
            .flatten(),
    );
    output::check_dest(root, &dest, &sources).map_err(refused)?;
    let plan = output::dest::plan(&dest, keep_other_files || config.build.keep_other_files)
        .map_err(refused)?;
    let staging = output::Staging::new(&dest, plan).map_err(|d| BuildError::Content(d.into()))?;
    let pages = AtomicUsize::new(0);
    let sink = |f: &OutputFile| {
        if f.path.ends_with(".html") {
            pages.fetch_add(1, Ordering::Relaxed);
        }
        staging.put(f)
    };
    // An error drops the staging folder, and `dest` stays as it was.
    let rendered = render_site_into(root, config, Some(&sink))?;
    // Data files (OpenControl catalogues) are known once the site is loaded: their folders
    // are sources too.
    sources.extend(
        manifest::data_files(&rendered.resolved.site)
            .into_iter()
            .filter_map(|(path, _)| root.join(path).parent().map(Path::to_path_buf)),
    );
    output::check_dest(root, &dest, &sources).map_err(refused)?;
    if let Some(d) = staging.refusal() {
        return Err(refused(d));
    }
    let m = Manifest {
        tool: manifest::tool(),
        inputs,
        data: manifest::data_files(&rendered.resolved.site),
        today: rendered.resolved.today.to_string(),
        dest: std::path::absolute(&dest).unwrap_or_else(|_| dest.clone()),
        output: String::new(),
        reviews: crate::check::reviews(&rendered.resolved)
            .into_iter()
            .map(|p| manifest::Review {
                source: p.source,
                line: p.line,
                column: p.column,
                page: p.page,
                reason: p.reason,
            })
            .collect(),
    };
    let files = staging.files.load(Ordering::Relaxed);
    Manifest::remove(root);
    phase("swap", || staging.finish()).map_err(|d| BuildError::Content(d.into()))?;
    Manifest {
        output: manifest::output_files(&dest).0,
        ..m
    }
    .write(root);
    let report = BuildReport {
        pages: pages.load(Ordering::Relaxed),
        files,
        dest,
        elapsed: start.elapsed(),
    };
    phase("free", || drop(rendered));
    Ok(report)
}

// The command line of `policybook build`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder that holds book.toml
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output folder (default: `[build] build-dir` of book.toml, else "book")
    #[arg(short, long)]
    pub dest_dir: Option<PathBuf>,
    /// Build into a folder that holds files policybook did not write (a web server's
    /// folder with its own web.config), leaving each of them exactly as it is
    #[arg(long)]
    pub keep_other_files: bool,
    /// Include draft policies (`status: draft`), each marked DRAFT: for review, not for
    /// publishing
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: Args, color: bool) -> ExitCode {
    match build(
        &args.dir,
        args.dest_dir.as_deref(),
        args.keep_other_files,
        args.drafts,
    ) {
        Ok(r) => {
            eprintln!(
                "Built {} pages ({} files) into {} in {:.2}s",
                r.pages,
                r.files,
                r.dest.display(),
                r.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => report_failure(&e, color),
    }
}

/// Prints a failed build's diagnostics, and that its output was left as it was.
fn report_failure(e: &BuildError, color: bool) -> ExitCode {
    print_diagnostics(e, color);
    let n = e.diagnostics().error_count();
    eprintln!(
        "error: build failed with {n} error{}; the previous output is unchanged",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(e.exit_code() as u8)
}
