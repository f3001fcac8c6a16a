//! `policybook check`: checks the last build's output when it was made from exactly the current
//! sources (see `manifest`); else, offline with the built-in templates, checks from the model,
//! rendering only the pages that can hold a broken link (`check::model`); else builds the site
//! in memory and checks that.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Error as BuildError, build, print_diagnostics};
#[cfg(feature = "external")]
use crate::check::external;
use crate::check::internal::{self, LinkRef};
use crate::check::report::{self, Format};
use crate::check::{Report, built, model, reviews};
use crate::config::{CheckConfig, Config};
#[cfg(not(feature = "external"))]
use crate::diagnostic::Diagnostic;
use crate::timing::phase;

// The command line of `policybook check`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder that holds book.toml
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Check external links too (lychee), with the cache
    #[arg(long, conflicts_with = "offline")]
    pub external: bool,
    /// Internal links only, with no network touched (overrides `[check] external`)
    #[arg(long)]
    pub offline: bool,
    /// The link cache file (default: `[check] cache`, `.policybook/linkcache.json`)
    #[arg(long)]
    pub cache: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Treat warnings (overdue reviews) as errors
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: Args, color: bool) -> ExitCode {
    let opts = Options {
        external: if args.offline {
            Some(false)
        } else if args.external {
            Some(true)
        } else {
            None
        },
        cache: args.cache,
    };
    match check(&args.dir, &opts) {
        Ok(r) => {
            print!("{}", report::render(&r, args.format, args.strict));
            if r.failed(args.strict) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => print_diagnostics(&e, color),
    }
}

/// Which links `check` looks at beyond the internal ones.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `Some(true)`: `--external`; `Some(false)`: `--offline`; `None`: as `book.toml` says.
    pub external: Option<bool>,
    /// `--cache FILE`, instead of `[check] cache`.
    pub cache: Option<PathBuf>,
}

/// Checks the site at `root`. Offline, when the last build's output folder holds a build of
/// exactly the current sources (see `manifest`), the pages there are checked as they are;
/// else, with the built-in templates, the site is checked from its model, rendering only the
/// pages that show a link the resolver cannot vouch for (`check::model`); otherwise (a
/// template of the site's own, or external links checked too) every page is built in memory
/// first.
pub fn check(root: &Path, opts: &Options) -> Result<Report, BuildError> {
    let config = Config::load(root).map_err(|d| BuildError::Config(d.into()))?;
    let external = opts.external.unwrap_or(config.check.external);
    if !external && let Some(report) = phase("check built", || built::check(root)) {
        return Ok(report);
    }
    let r = &build::resolve_site(root, config)?;
    if !external && let Some(mut report) = model::check(root, r).map_err(BuildError::Content)? {
        report.warnings.extend(reviews(r));
        report.sort();
        return Ok(report);
    }
    let files = crate::render::render(root, r, None, false)
        .map_err(BuildError::Content)?
        .files;
    let (mut report, web_links) = phase("check", || internal::check(&files, &r.index()));
    let cfg = &r.site.config.check;
    if external {
        let cache = opts.cache.clone().unwrap_or_else(|| root.join(&cfg.cache));
        external_links(cfg, &cache, &web_links, &mut report)?;
    }
    report.warnings.extend(reviews(r));
    report.sort();
    Ok(report)
}

#[cfg(feature = "external")]
fn external_links(
    cfg: &CheckConfig,
    cache: &Path,
    links: &[LinkRef],
    report: &mut Report,
) -> Result<(), BuildError> {
    let (broken, warnings, checked) =
        external::check(cfg, cache, links).map_err(|d| BuildError::Content(d.into()))?;
    report.checked += checked;
    report.broken.extend(broken);
    report.warnings.extend(warnings);
    Ok(())
}

#[cfg(not(feature = "external"))]
fn external_links(
    _: &CheckConfig,
    _: &Path,
    _: &[LinkRef],
    _: &mut Report,
) -> Result<(), BuildError> {
    Err(BuildError::Config(
        Diagnostic::error("this policybook was built without external link checking")
            .note("install policybook with external link checking (`cargo install --locked --path . --features external`; the prebuilt binaries and the container image have it), or run `check --offline`")
            .into(),
    ))
}
