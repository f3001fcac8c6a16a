//! `policybook check`: every internal link and anchor of the built site, resolved against the
//! pages and element ids the build produces (offline, always), and the review dates of the
//! policies. Each problem is reported at the content file or template that holds it.

mod built;
#[cfg(feature = "external")]
mod external;
mod html;
mod internal;
pub mod report;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::build::{self, BuildError};
use crate::config::Config;
use crate::content::{self, Date, Site};
use crate::routes::Route;
use crate::timing::phase;

/// One problem: a broken link, or a warning (an overdue review).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `internal`, `fragment`, or for warnings `review`.
    pub kind: &'static str,
    /// The content file (or template) that holds the link, relative to the site root.
    pub source: String,
    pub line: usize,
    pub column: usize,
    /// The generated page the link is on.
    pub page: Option<String>,
    pub url: Option<String>,
    /// An HTTP status, for external links.
    pub status: Option<u16>,
    pub reason: String,
}

/// What `check` found.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// How many links were checked.
    pub checked: usize,
    pub broken: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl Report {
    /// Whether the check fails: any broken link, or with `strict` any warning.
    pub fn failed(&self, strict: bool) -> bool {
        !self.broken.is_empty() || (strict && !self.warnings.is_empty())
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
/// otherwise the site is built in memory first.
pub fn check(root: &Path, opts: &Options) -> Result<Report, BuildError> {
    let config = Config::load(root).map_err(|d| BuildError::Config(d.into()))?;
    if !opts.external.unwrap_or(config.check.external)
        && let Some(report) = phase("check built", || built::check(root))
    {
        return Ok(report);
    }
    let rendered = build::render_site(root)?;
    let index = crate::xref::Index::new(&rendered.site);
    let (mut report, web_links) = phase("check", || internal::check(&rendered.files, &index));
    let cfg = &rendered.site.config.check;
    if opts.external.unwrap_or(cfg.external) {
        let cache = opts.cache.clone().unwrap_or_else(|| root.join(&cfg.cache));
        external_links(cfg, &cache, &web_links, &mut report)?;
    }
    report
        .warnings
        .extend(overdue_reviews(&rendered.site, rendered.today));
    report.sort();
    Ok(report)
}

/// The policies whose review date has passed on `today`, as warnings at the date.
pub fn overdue_reviews(site: &Site, today: Date) -> Vec<Problem> {
    content::overdue_reviews(site, today)
        .into_iter()
        .map(|o| Problem {
            kind: "review",
            source: o.source,
            line: o.line,
            column: o.column,
            page: Some(Route::policy(o.policy).path()),
            url: None,
            status: None,
            reason: o.reason,
        })
        .collect()
}

impl Report {
    /// Problems in the order of their sources.
    fn sort(&mut self) {
        self.broken.sort_by(|a, b| {
            (&a.source, a.line, a.column, &a.url).cmp(&(&b.source, b.line, b.column, &b.url))
        });
        self.warnings
            .sort_by(|a, b| (&a.source, a.line).cmp(&(&b.source, b.line)));
    }
}

#[cfg(feature = "external")]
fn external_links(
    cfg: &crate::config::CheckConfig,
    cache: &Path,
    links: &[internal::LinkRef],
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
    _: &crate::config::CheckConfig,
    _: &Path,
    _: &[internal::LinkRef],
    _: &mut Report,
) -> Result<(), BuildError> {
    Err(BuildError::Config(
        crate::diagnostic::Diagnostic::error(
            "this policybook was built without external link checking",
        )
        .note("install policybook with external link checking (`cargo install --locked --path . --features external`; the prebuilt binaries and the container image have it), or run `check --offline`")
        .into(),
    ))
}
