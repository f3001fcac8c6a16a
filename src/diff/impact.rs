//! What became of one standard of an old edition in a newer one: the edition diffs between
//! them followed step by step (2017-18 to 2018-19 to 2019-20), by the old standard's id, never
//! by its number alone. CAF 4.0 kept the id A2.b for a new outcome and renumbered the old A2.b
//! to A2.c: a claim on 3.2's A2.b is "renumbered to A2.c", not "unchanged".

use serde::Serialize;

use super::{EditionDiff, Kind};

/// The fate of one old standard, as a policy owner reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// `unchanged`, `amended`, `renumbered`, `merged`, `split`, `withdrawn` or `removed`: the
    /// weightiest of the steps.
    pub kind: Kind,
    /// The standards of the new edition to look at (none when it was removed, or withdrawn with
    /// no successor).
    pub new: Vec<String>,
    /// For a merge: the other old standards merged with it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged_with: Vec<String>,
    /// What changed in the text, by the content format's keys (`headline`, `criteria.met`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Whether no step moved the standard to another id on the evidence of the text alone
    /// (the publisher declared it, or the id was kept).
    pub declared: bool,
}

impl Outcome {
    /// Whether the new edition asks anything of a policy that claims the standard.
    pub fn changed(&self) -> bool {
        self.kind != Kind::Unchanged
    }

    /// "renumbered to A2.c", "merged into 2.1 (with 2.3)", "withdrawn (its successors: AC-2)".
    pub fn phrase(&self) -> String {
        let ids = self.new.join(", ");
        let amended = if self.fields.is_empty() {
            ""
        } else {
            ", and amended"
        };
        match self.kind {
            Kind::Unchanged => "unchanged".into(),
            Kind::Amended => "amended".into(),
            Kind::Renumbered => format!("renumbered to {ids}{amended}"),
            Kind::Merged if self.merged_with.is_empty() => format!("merged into {ids}"),
            Kind::Merged => format!("merged into {ids} (with {})", self.merged_with.join(", ")),
            Kind::Split => format!("split into {ids}"),
            Kind::Withdrawn if self.new.is_empty() => "withdrawn, with no successor".into(),
            Kind::Withdrawn => format!("withdrawn (its successors: {ids})"),
            Kind::Removed | Kind::Added => "removed".into(),
        }
    }
}

/// How much a kind of change asks of a policy owner: the outcome of several steps is the
/// weightiest of them.
fn weight(k: Kind) -> u8 {
    match k {
        Kind::Unchanged => 0,
        Kind::Amended => 1,
        Kind::Renumbered => 2,
        Kind::Merged => 3,
        Kind::Split => 4,
        Kind::Withdrawn => 5,
        Kind::Removed | Kind::Added => 6,
    }
}

/// What became of standard `id` across `steps`, the diffs of consecutive editions from the
/// standard's own edition to the newer one, oldest first.
pub fn follow(steps: &[&EditionDiff], id: &str) -> Outcome {
    let mut out = Outcome {
        kind: Kind::Unchanged,
        new: vec![id.to_string()],
        merged_with: Vec::new(),
        fields: Vec::new(),
        declared: true,
    };
    for d in steps {
        let mut next: Vec<String> = Vec::new();
        for cur in &out.new {
            let (kind, to) = match d.for_old(cur) {
                // Not in this edition's diff at all: nothing is known of it after.
                None => (Kind::Removed, Vec::new()),
                Some(c) => {
                    out.declared &= c.inferred_from_text().is_none();
                    for f in c.fields.iter().flatten() {
                        if !out.fields.contains(f) {
                            out.fields.push(f.clone());
                        }
                    }
                    if c.kind == Kind::Merged {
                        out.merged_with
                            .extend(c.old.iter().filter(|o| *o != cur).cloned());
                    }
                    let kind = match c.kind {
                        // A standard that keeps its id but whose lineage the diff records as a
                        // move (a declared `previous:` of itself) is amended, not renumbered.
                        Kind::Renumbered if c.new.iter().all(|n| n == cur) => {
                            if c.fields.as_ref().is_some_and(|f| !f.is_empty()) {
                                Kind::Amended
                            } else {
                                Kind::Unchanged
                            }
                        }
                        k => k,
                    };
                    let to = match kind {
                        Kind::Withdrawn => c.into.clone().unwrap_or_default(),
                        Kind::Removed => Vec::new(),
                        _ => c.new.clone(),
                    };
                    (kind, to)
                }
            };
            if weight(kind) > weight(out.kind) {
                out.kind = kind;
            }
            for t in to {
                if !next.contains(&t) {
                    next.push(t);
                }
            }
        }
        out.new = next;
    }
    // Several steps may leave one standard with the id it started with after all.
    if out.kind == Kind::Renumbered && out.new == [id] {
        out.kind = if out.fields.is_empty() {
            Kind::Unchanged
        } else {
            Kind::Amended
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Change;

    fn change(kind: Kind, old: &[&str], new: &[&str]) -> Change {
        Change {
            kind,
            old: old.iter().map(|s| s.to_string()).collect(),
            new: new.iter().map(|s| s.to_string()).collect(),
            into: None,
            declared: true,
            similarity: None,
            fields: None,
        }
    }

    fn diff(changes: Vec<Change>) -> EditionDiff {
        EditionDiff::new("a".into(), "b".into(), changes, Vec::new())
    }

    #[test]
    fn a_kept_id_with_a_new_meaning_follows_the_old_standard() {
        // CAF 3.2 -> 4.0: old A2.b became A2.c; a new A2.b was added.
        let d = diff(vec![
            change(Kind::Renumbered, &["A2.b"], &["A2.c"]),
            change(Kind::Added, &[], &["A2.b"]),
        ]);
        let o = follow(&[&d], "A2.b");
        assert_eq!(o.kind, Kind::Renumbered);
        assert_eq!(o.new, ["A2.c"]);
        assert_eq!(o.phrase(), "renumbered to A2.c");
    }

    #[test]
    fn steps_compose_to_the_weightiest_change() {
        let first = diff(vec![change(Kind::Renumbered, &["3.1"], &["3.3"])]);
        let second = diff(vec![change(Kind::Merged, &["3.3", "3.4"], &["3.2"])]);
        let o = follow(&[&first, &second], "3.1");
        assert_eq!(o.kind, Kind::Merged);
        assert_eq!(o.new, ["3.2"]);
        assert_eq!(o.phrase(), "merged into 3.2 (with 3.4)");
        let back = diff(vec![change(Kind::Renumbered, &["3.3"], &["3.1"])]);
        assert_eq!(follow(&[&first, &back], "3.1").kind, Kind::Unchanged);
    }

    #[test]
    fn a_withdrawal_leads_to_its_successors() {
        let mut c = change(Kind::Withdrawn, &["AC-13"], &["AC-13"]);
        c.into = Some(vec!["AC-2".into(), "AU-6".into()]);
        let o = follow(&[&diff(vec![c])], "AC-13");
        assert_eq!(o.phrase(), "withdrawn (its successors: AC-2, AU-6)");
        let gone = diff(vec![change(Kind::Removed, &["9.9"], &[])]);
        assert_eq!(follow(&[&gone], "9.9").phrase(), "removed");
        assert!(follow(&[&gone], "9.9").new.is_empty());
    }
}
