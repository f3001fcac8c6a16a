//! Checking a built site: every internal link and anchor, resolved against the pages and
//! element ids the build produces (offline, always), external links (`external`), and the
//! review dates of the policies. Each problem is reported at the content file or template that
//! holds it. The command that runs it is `cmd::check`.

pub mod built;
#[cfg(feature = "external")]
pub mod external;
mod html;
pub mod internal;
pub mod report;

use serde::Serialize;

use crate::content::{self, Date, Site};
use crate::routes::Route;

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
    pub fn sort(&mut self) {
        self.broken.sort_by(|a, b| {
            (&a.source, a.line, a.column, &a.url).cmp(&(&b.source, b.line, b.column, &b.url))
        });
        self.warnings
            .sort_by(|a, b| (&a.source, a.line).cmp(&(&b.source, b.line)));
    }
}
