//! Checking a built site: every internal link and anchor, resolved against the pages and
//! element ids the build produces (offline, always), external links (`external`), and the
//! review dates of the policies. Each problem is reported at the content file or template that
//! holds it. The command that runs it is `cmd::check`.

pub mod built;
#[cfg(feature = "external")]
pub mod external;
mod html;
pub mod internal;
pub mod model;
pub mod report;

use serde::Serialize;

use crate::content::{self, Date, Site};
use crate::diff::SiteDiffs;
use crate::routes::Route;
use crate::xref::{Index, Resolved, claims};

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

/// The reviews a site asks for: policies past their review date, and policies in force that
/// a newer edition affects with no review against it recorded. `check` reports them, and
/// `build` keeps them in its manifest for a `check` of the build on disk.
pub fn reviews(r: &Resolved) -> Vec<Problem> {
    let mut out = overdue_reviews(&r.site, r.today);
    out.extend(impact_reviews(&r.index(), &r.diffs));
    out
}

/// The policies whose review date has passed on `today`, as warnings at the date.
fn overdue_reviews(site: &Site, today: Date) -> Vec<Problem> {
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

/// The policies in force whose claims a newer edition changed and that record no review
/// against it (`reviewed_against`), as warnings at the first changed claim.
fn impact_reviews(index: &Index, diffs: &SiteDiffs) -> Vec<Problem> {
    let site = index.site();
    let mut out = Vec::new();
    for p in site.policies.iter().filter(|p| p.in_force()) {
        for i in claims::newest_impacts(index, diffs, p) {
            let Some(first) = i.first_changed().filter(|_| i.awaiting_review()) else {
                continue;
            };
            let at = content::yaml::offset_of(&p.source, p.meta_start, first.spec);
            let (line, column) = p.source.line_col(at);
            let changed: Vec<String> = i
                .claims
                .iter()
                .filter(|c| c.outcome.changed())
                .map(|c| format!("{} {}", c.standard.id(), c.outcome.phrase()))
                .collect();
            out.push(Problem {
                kind: "review",
                source: p.source.path.display().to_string(),
                line,
                column,
                page: Some(Route::policy(p).path()),
                url: None,
                status: None,
                reason: format!(
                    "review needed: {} changed standards \"{}\" claims ({}); review it against {} and record `reviewed_against: {{{}: \"{}\"}}`",
                    i.new.key(),
                    p.meta.title,
                    changed.join("; "),
                    i.new.key(),
                    i.new.catalogue,
                    i.new.id
                ),
            });
        }
    }
    out
}

impl Report {
    /// Problems in the order of their sources (and one link on several pages in the order of
    /// the pages, whichever pages were checked first).
    pub fn sort(&mut self) {
        self.broken.sort_by(|a, b| {
            (&a.source, a.line, a.column, &a.url, &a.page)
                .cmp(&(&b.source, b.line, b.column, &b.url, &b.page))
        });
        self.warnings
            .sort_by(|a, b| (&a.source, a.line).cmp(&(&b.source, b.line)));
    }
}
