//! Which edition a standard named without one means in a policy: the edition current when the
//! policy was approved, the newest edition of the catalogue published on or before its
//! `approved` date (an edition without a `published` date counts as older than every dated
//! one, as the editions are ordered). A catalogue with one edition needs no date.

use crate::content::{Catalogue, Date, Edition};

/// The edition of catalogue `c` current at `approved`, which a standard `id` written without
/// its edition means in a policy approved then; with one edition, that edition.
pub fn current_edition<'s>(
    c: &'s Catalogue,
    approved: Option<Date>,
    id: &str,
) -> Result<&'s Edition, String> {
    let eds = &c.editions;
    if let [only] = eds.as_slice() {
        return Ok(only);
    }
    // The words of an error, made only for one (this runs for every mention of a standard).
    let list = || {
        eds.iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let write = || {
        let newest = eds.last().map_or("", |e| e.id.as_str());
        format!(
            "write {}/<edition>/{id}, such as {}/{newest}/{id}",
            c.id, c.id
        )
    };
    let Some(approved) = approved else {
        return Err(format!(
            "{} has editions {}, and the policy has no `approved` date to tell which it means: {}",
            c.id,
            list(),
            write()
        ));
    };
    let current: Vec<&Edition> = eds
        .iter()
        .filter(|e| e.meta.published.is_none_or(|d| d <= approved))
        .collect();
    match current.last() {
        None => Err(format!(
            "no edition of {} was published by {approved}, when the policy was approved (editions: {}): {}",
            c.id,
            list(),
            write()
        )),
        Some(e) if e.meta.published.is_none() && current.len() > 1 => Err(format!(
            "editions {} of {} have no `published` date, so which was current when the policy was approved ({approved}) is not known: {}",
            current
                .iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>()
                .join(" and "),
            c.id,
            write()
        )),
        Some(e) => Ok(e),
    }
}
