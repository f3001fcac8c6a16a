//! Review status: whether a policy is due for review on a given day. The policies page, the
//! review page, the build's manifest and `check` all judge it here, the same way.

use super::{Date, Policy, Site, yaml};

/// A review due within this many days is flagged as due soon.
pub const REVIEW_DUE_SOON_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    Overdue,
    DueSoon,
    Current,
    NoDate,
}

impl ReviewStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "Review overdue",
            ReviewStatus::DueSoon => "Review due soon",
            ReviewStatus::Current => "In date",
            ReviewStatus::NoDate => "No review date",
        }
    }

    /// A CSS class name.
    pub fn class(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::DueSoon => "due-soon",
            ReviewStatus::Current => "current",
            ReviewStatus::NoDate => "no-date",
        }
    }
}

impl Policy {
    /// Whether the policy is due for review, judged on `today`.
    pub fn review_status(&self, today: Date) -> ReviewStatus {
        match &self.meta.review {
            None => ReviewStatus::NoDate,
            Some(r) => {
                let left = r.value.unix_days() - today.unix_days();
                if left < 0 {
                    ReviewStatus::Overdue
                } else if left <= REVIEW_DUE_SOON_DAYS {
                    ReviewStatus::DueSoon
                } else {
                    ReviewStatus::Current
                }
            }
        }
    }
}

/// A policy whose review date has passed, and where that date is written.
pub struct Overdue<'s> {
    pub policy: &'s Policy,
    /// The policy's file, relative to the site root.
    pub source: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

/// The policies whose review date has passed on `today`, in the order of the site.
pub fn overdue_reviews(site: &Site, today: Date) -> Vec<Overdue<'_>> {
    let mut out = Vec::new();
    for p in &site.policies {
        if p.review_status(today) != ReviewStatus::Overdue {
            continue;
        }
        let Some(review) = &p.meta.review else {
            continue;
        };
        let at = yaml::offset_of(&p.source, p.meta_start, review);
        let (line, column) = p.source.line_col(at);
        out.push(Overdue {
            policy: p,
            source: p.source.path.display().to_string(),
            line,
            column,
            reason: format!(
                "review overdue: \"{}\" was due for review on {} (as of {today})",
                p.meta.title, review.value
            ),
        });
    }
    out
}
