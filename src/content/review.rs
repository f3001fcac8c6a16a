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

/// How soon a review falls due, for the review page: overdue first, then due within 30, 60 and
/// 90 days, then later, then no date. The same steps as the banner script's (`js/review.js`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Overdue,
    Within30,
    Within60,
    Within90,
    Later,
    NoDate,
}

impl Urgency {
    pub const ALL: [Urgency; 6] = [
        Urgency::Overdue,
        Urgency::Within30,
        Urgency::Within60,
        Urgency::Within90,
        Urgency::Later,
        Urgency::NoDate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Urgency::Overdue => "Overdue",
            Urgency::Within30 => "Due within 30 days",
            Urgency::Within60 => "Due within 60 days",
            Urgency::Within90 => "Due within 90 days",
            Urgency::Later => "Due later",
            Urgency::NoDate => "No review date",
        }
    }

    /// A name for anchors and CSS classes.
    pub fn id(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::Within30 => "within-30",
            Urgency::Within60 => "within-60",
            Urgency::Within90 => "within-90",
            Urgency::Later => "later",
            Urgency::NoDate => "no-date",
        }
    }
}

impl Policy {
    /// Whether the document is reviewed: drafts and approved documents are; superseded and
    /// withdrawn ones are no longer.
    pub fn in_force(&self) -> bool {
        !matches!(
            self.status(),
            super::PolicyStatus::Superseded | super::PolicyStatus::Withdrawn
        )
    }

    /// Days from `today` to the last day of the review date (negative: overdue).
    pub fn days_to_review(&self, today: Date) -> Option<i64> {
        self.meta
            .review
            .as_ref()
            .map(|r| r.value.unix_days() - today.unix_days())
    }

    /// How soon the review falls due, judged on `today`.
    pub fn urgency(&self, today: Date) -> Urgency {
        match self.days_to_review(today) {
            None => Urgency::NoDate,
            Some(d) if d < 0 => Urgency::Overdue,
            Some(d) if d <= 30 => Urgency::Within30,
            Some(d) if d <= 60 => Urgency::Within60,
            Some(d) if d <= REVIEW_DUE_SOON_DAYS => Urgency::Within90,
            Some(_) => Urgency::Later,
        }
    }

    /// Whether the policy is due for review, judged on `today`.
    pub fn review_status(&self, today: Date) -> ReviewStatus {
        match self.days_to_review(today) {
            None => ReviewStatus::NoDate,
            Some(left) => {
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
    for p in site.policies.iter().filter(|p| p.in_force()) {
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
