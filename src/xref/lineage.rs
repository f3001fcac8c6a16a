//! What the lineage says about a standard id that an edition lacks: where another edition of
//! the catalogue has it, and what became of it from there ("3.1 of cat/2025 was renumbered to
//! 3.3 in cat/2026"), so that an error for an old number names the new one rather than a
//! look-alike id ("did you mean 1.1?").

use crate::content::{Edition, Site};
use crate::diff::{self, impact};

/// The lineage's word on `id`, which edition `e` lacks; `None` when no other edition of its
/// catalogue has the id. Works out the diffs it needs: it runs only for an error.
pub fn hint(site: &Site, e: &Edition, id: &str) -> Option<String> {
    let eds = &site
        .catalogues
        .iter()
        .find(|c| c.id == e.catalogue)?
        .editions;
    let at = eds.iter().position(|x| x.id == e.id)?;
    let has = |x: &Edition| x.standards.iter().any(|s| s.id() == id);
    // An older edition that has it: follow it forward to `e`.
    if let Some(from) = (0..at).rev().find(|&i| has(&eds[i])) {
        let diffs: Vec<diff::EditionDiff> = (from..at)
            .map(|i| diff::diff(&eds[i], &eds[i + 1]))
            .collect();
        let steps: Vec<&diff::EditionDiff> = diffs.iter().collect();
        let o = impact::follow(&steps, id);
        let old = eds[from].key();
        let new = e.key();
        let fate = match o.kind {
            diff::Kind::Unchanged | diff::Kind::Amended => {
                format!("is {} in {new}", o.new.join(", "))
            }
            _ => format!("was {} in {new}", o.phrase()),
        };
        let write = match o.new.as_slice() {
            [] => format!("write {old}/{id} for the standard as it was"),
            new_ids => format!(
                "write {} for the standard as it is now, or {old}/{id} as it was",
                new_ids
                    .iter()
                    .map(|n| format!("{}/{n}", e.key()))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        };
        return Some(format!("{id} of {old} {fate}; {write}"));
    }
    // A newer edition that has it: the id is new there.
    let later = eds[at + 1..].iter().find(|x| has(x))?;
    Some(format!(
        "{id} is new in {}; write {}/{id}",
        later.key(),
        later.key()
    ))
}
