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
    let list = eds.iter().map(|e| e.id.as_str()).collect::<Vec<_>>();
    let newest = eds.last().map_or("", |e| e.id.as_str());
    let write = format!(
        "write {}/<edition>/{id}, such as {}/{newest}/{id}",
        c.id, c.id
    );
    let Some(approved) = approved else {
        return Err(format!(
            "{} has editions {}, and the policy has no `approved` date to tell which it means: {write}",
            c.id,
            list.join(", ")
        ));
    };
    let current: Vec<&Edition> = eds
        .iter()
        .filter(|e| e.meta.published.is_none_or(|d| d <= approved))
        .collect();
    match current.last() {
        None => Err(format!(
            "no edition of {} was published by {approved}, when the policy was approved (editions: {}): {write}",
            c.id,
            list.join(", ")
        )),
        Some(e) if e.meta.published.is_none() && current.len() > 1 => Err(format!(
            "editions {} of {} have no `published` date, so which was current when the policy was approved ({approved}) is not known: {write}",
            current
                .iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>()
                .join(" and "),
            c.id
        )),
        Some(e) => Ok(e),
    }
}
