//! The publisher's own summary of changes (`changes.yaml`) checked against the computed diff.
//!
//! Each entry's text is read for a verdict: "No change", "Renumbered [to] X", "Merged with X",
//! "Deleted", or "... amended" (with the fields it names: headline, rationale, ratings). An
//! entry with "(check)" or a question mark has no clear verdict and is always reported.

use serde::Serialize;

use super::{EditionDiff, Kind};
use crate::content::DeclaredChanges;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The id in the previous edition's numbering.
    pub id: String,
    /// The entry as published.
    pub text: String,
    /// What the entry declares, as read.
    pub declared: String,
    /// What was computed for that standard, when the previous edition is in the site.
    pub computed: Option<String>,
    /// Whether the entry and the computed diff agree (and the entry has a clear verdict).
    pub agrees: bool,
    /// Why not.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    NoChange,
    Renumbered(Option<String>),
    Merged(Vec<String>),
    Deleted,
    Amended(Vec<&'static str>),
}

fn verdicts(text: &str) -> Vec<Verdict> {
    let lower = text.to_lowercase();
    let ids = |after: &str| -> Vec<String> {
        lower
            .split(after)
            .nth(1)
            .map(|rest| {
                rest.split(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .map(|t| t.trim_end_matches('.'))
                    .filter(|t| {
                        t.contains('.') && t.chars().next().is_some_and(|c| c.is_ascii_digit())
                    })
                    .take_while(|_| true)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    if lower.starts_with("no change") {
        out.push(Verdict::NoChange);
    }
    if lower.contains("deleted") || lower.contains("removed") {
        out.push(Verdict::Deleted);
    }
    if lower.contains("merged with") {
        out.push(Verdict::Merged(
            ids("merged with").into_iter().take(1).collect(),
        ));
    }
    if lower.contains("renumbered") {
        let to = ids("renumbered").into_iter().next();
        out.push(Verdict::Renumbered(to));
    }
    if lower.contains("amended") {
        let mut fields = Vec::new();
        if lower.contains("headline") {
            fields.push("headline");
        }
        if lower.contains("rationale") {
            fields.push("rationale");
        }
        if lower.contains("rating") {
            fields.push("criteria");
        }
        out.push(Verdict::Amended(fields));
    }
    out
}

fn describe(v: &[Verdict]) -> String {
    let parts: Vec<String> = v
        .iter()
        .map(|v| match v {
            Verdict::NoChange => "no change".to_string(),
            Verdict::Renumbered(Some(to)) => format!("renumbered {to}"),
            Verdict::Renumbered(None) => "renumbered".to_string(),
            Verdict::Merged(with) if !with.is_empty() => format!("merged with {}", with.join(", ")),
            Verdict::Merged(_) => "merged".to_string(),
            Verdict::Deleted => "removed".to_string(),
            Verdict::Amended(f) if !f.is_empty() => format!("amended ({})", f.join(", ")),
            Verdict::Amended(_) => "amended".to_string(),
        })
        .collect();
    if parts.is_empty() {
        "no verdict".to_string()
    } else {
        parts.join("; ")
    }
}

/// Checks each declared entry; with `computed` (the diff from the previous edition to this
/// one) against it, else only for a clear verdict. Changed standards that the list leaves out
/// are reported too.
pub fn check(declared: &DeclaredChanges, computed: Option<&EditionDiff>) -> Vec<Finding> {
    let mut out = Vec::new();
    for entry in &declared.changes {
        let v = verdicts(&entry.text);
        let unclear = entry.text.contains('?')
            || entry.text.to_lowercase().contains("(check)")
            || v.is_empty();
        let mut finding = Finding {
            id: entry.id.clone(),
            text: entry.text.clone(),
            declared: describe(&v),
            computed: None,
            agrees: !unclear,
            problem: unclear.then(|| "the entry gives no clear verdict".to_string()),
        };
        if let Some(diff) = computed {
            match diff.for_old(&entry.id) {
                None => {
                    finding.agrees = false;
                    finding.problem =
                        Some(format!("the previous edition has no standard {}", entry.id));
                }
                Some(c) => {
                    finding.computed = Some(computed_text(c));
                    if let Some(p) = disagreement(&v, c, &entry.id) {
                        finding.agrees = false;
                        finding.problem = Some(match finding.problem {
                            Some(u) => format!("{u}; {p}"),
                            None => p,
                        });
                    }
                }
            }
        }
        out.push(finding);
    }
    if let Some(diff) = computed {
        for c in diff
            .changes
            .iter()
            .filter(|c| c.kind != Kind::Unchanged && c.kind != Kind::Added)
        {
            for o in &c.old {
                if !declared.changes.iter().any(|e| &e.id == o) {
                    out.push(Finding {
                        id: o.clone(),
                        text: String::new(),
                        declared: "not listed".into(),
                        computed: Some(computed_text(c)),
                        agrees: false,
                        problem: Some("changed, but the summary does not list it".into()),
                    });
                }
            }
        }
    }
    out
}

fn computed_text(c: &super::Change) -> String {
    let fields = c
        .fields
        .as_ref()
        .filter(|f| !f.is_empty())
        .map(|f| format!(" ({})", f.join(", ")))
        .unwrap_or_default();
    match c.kind {
        Kind::Removed => format!("removed {}", c.old.join(", ")),
        Kind::Added => format!("added {}", c.new.join(", ")),
        k => format!(
            "{} {} -> {}{fields}",
            k.label(),
            c.old.join(" + "),
            c.new.join(" + ")
        ),
    }
}

fn disagreement(v: &[Verdict], c: &super::Change, id: &str) -> Option<String> {
    let changed = c.fields.as_ref().is_some_and(|f| !f.is_empty());
    for verdict in v {
        let wrong = match verdict {
            Verdict::NoChange => c.kind != Kind::Unchanged,
            Verdict::Deleted => c.kind != Kind::Removed,
            Verdict::Renumbered(Some(to)) => !c.new.iter().any(|n| n == to),
            Verdict::Renumbered(None) => c.new.iter().all(|n| n == id),
            Verdict::Merged(with) => {
                c.kind != Kind::Merged
                    || !with.iter().all(|w| c.old.contains(w) || c.new.contains(w))
            }
            Verdict::Amended(_) => !changed,
        };
        if wrong {
            return Some(format!(
                "declared {}, but computed {}",
                describe(std::slice::from_ref(verdict)),
                computed_text(c)
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_publishers_verdicts() {
        assert_eq!(verdicts("No change."), [Verdict::NoChange]);
        assert_eq!(
            verdicts("Renumbered to 3.7."),
            [Verdict::Renumbered(Some("3.7".into()))]
        );
        assert_eq!(
            verdicts("Renumbered 1.2. Headline standard, rationale and ratings, all amended."),
            [
                Verdict::Renumbered(Some("1.2".into())),
                Verdict::Amended(vec!["headline", "rationale", "criteria"])
            ]
        );
        assert_eq!(
            verdicts(
                "Merged with 2.3 and renumbered. Headline standard, rationale and ratings, all amended."
            ),
            [
                Verdict::Merged(vec!["2.3".into()]),
                Verdict::Renumbered(None),
                Verdict::Amended(vec!["headline", "rationale", "criteria"])
            ]
        );
        assert_eq!(verdicts("Deleted."), [Verdict::Deleted]);
        assert!(verdicts("Changes to….?").is_empty());
    }
}
