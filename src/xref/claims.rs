//! A policy's claims (`implements:`), each on one edition, and what newer editions did to them.
//!
//! A claim names its edition (`ncsc-caf/3.2/A2.b`), or it means the edition current when the
//! policy was approved: the newest edition of the catalogue published on or before the
//! policy's `approved` date (an edition without a `published` date counts as older than every
//! dated one). A catalogue with one edition needs no date. Otherwise a claim without an
//! edition is an error that says what to write: a claim never moves to a newer edition on its
//! own, because a standard's id may mean something else there (CAF 4.0's A2.b is not 3.2's).

use serde_saphyr::Spanned;

use super::current::current_edition;
use super::{Context, Index};
use crate::content::{Catalogue, Edition, Policy, Standard};
use crate::diff::SiteDiffs;
use crate::diff::impact::{self, Outcome};

/// The edition and standard one `implements:` entry of `p` claims.
pub fn claim<'s>(
    index: &Index<'s>,
    p: &Policy,
    spec: &str,
) -> Result<(&'s Edition, &'s Standard), String> {
    let site = index.site();
    let (cat, id) = match spec.split('/').collect::<Vec<_>>().as_slice() {
        [cat, id] => (*cat, *id),
        [id] if site.catalogues.len() == 1 => (site.catalogues[0].id.as_str(), *id),
        // The edition written out, or an error in the words of a `std:` reference.
        _ => return index.standard_explained(spec, &Context::default()),
    };
    let Some(c) = site.catalogues.iter().find(|c| c.id == cat) else {
        return index.standard(spec, &Context::default());
    };
    let e = current_edition(c, p.meta.approved, id)?;
    match index.standard_in(e, id) {
        Some(s) => Ok((e, s)),
        None => {
            let hint = super::lineage::hint(site, e, id);
            let why = match p.meta.approved {
                Some(d) if c.editions.len() > 1 => {
                    format!(" (the edition current when the policy was approved, {d})")
                }
                _ => String::new(),
            };
            Err(format!("{}{why}", index.no_standard(e, id, hint)))
        }
    }
}

/// One claim and what a newer edition did to it.
#[derive(Debug)]
pub struct ClaimImpact<'s> {
    pub spec: &'s Spanned<String>,
    pub edition: &'s Edition,
    pub standard: &'s Standard,
    pub outcome: Outcome,
    /// When nothing of the new edition continues it: what the new edition added in its area,
    /// which may take its place.
    pub added_in_area: Vec<String>,
}

/// What a newer edition of one catalogue means for one policy.
#[derive(Debug)]
pub struct PolicyImpact<'s> {
    pub policy: &'s Policy,
    /// The newer edition.
    pub new: &'s Edition,
    /// The policy's claims on older editions of its catalogue, in the policy's order.
    pub claims: Vec<ClaimImpact<'s>>,
    /// The policy's `reviewed_against` entry, when it names `new` or a later edition.
    pub reviewed: Option<&'s Spanned<String>>,
}

impl PolicyImpact<'_> {
    /// Whether the new edition changed any standard the policy claims.
    pub fn affected(&self) -> bool {
        self.claims.iter().any(|c| c.outcome.changed())
    }

    /// Whether the policy is affected and not yet reviewed against the new edition.
    pub fn awaiting_review(&self) -> bool {
        self.affected() && self.reviewed.is_none()
    }

    /// The first changed claim: where a warning points.
    pub fn first_changed(&self) -> Option<&ClaimImpact<'_>> {
        self.claims.iter().find(|c| c.outcome.changed())
    }
}

/// Position of edition `e` in its catalogue.
fn position(c: &Catalogue, e: &str) -> Option<usize> {
    c.editions.iter().position(|x| x.id == e)
}

/// What edition `new` means for policy `p`: its claims on older editions of `new`'s
/// catalogue, each followed through the edition diffs; `None` when it has none.
pub fn impact<'s>(
    index: &Index<'s>,
    diffs: &SiteDiffs,
    p: &'s Policy,
    new: &'s Edition,
) -> Option<PolicyImpact<'s>> {
    let c = index
        .site()
        .catalogues
        .iter()
        .find(|c| c.id == new.catalogue)?;
    let to = position(c, &new.id)?;
    let mut claims = Vec::new();
    for spec in &p.meta.implements {
        let Ok((e, s)) = claim(index, p, &spec.value) else {
            continue;
        };
        let Some(from) = position(c, &e.id).filter(|&f| f < to && e.catalogue == c.id) else {
            continue;
        };
        let steps: Vec<&crate::diff::EditionDiff> = c.editions[from..to]
            .iter()
            .filter_map(|x| diffs.from_edition(x).map(|pair| &pair.diff))
            .collect();
        if steps.len() != to - from {
            continue;
        }
        let outcome = impact::follow(&steps, s.id());
        let added_in_area = if outcome.new.is_empty() {
            added_in_area(index, diffs, new, &s.area.value)
        } else {
            Vec::new()
        };
        claims.push(ClaimImpact {
            spec,
            edition: e,
            standard: s,
            outcome,
            added_in_area,
        });
    }
    if claims.is_empty() {
        return None;
    }
    let reviewed = p
        .meta
        .reviewed_against
        .get(&c.id)
        .filter(|r| position(c, &r.value).is_some_and(|at| at >= to));
    Some(PolicyImpact {
        policy: p,
        new,
        claims,
        reviewed,
    })
}

/// The standards edition `new` added (none of the previous edition's lineage) in area `area`.
fn added_in_area(index: &Index, diffs: &SiteDiffs, new: &Edition, area: &str) -> Vec<String> {
    let Some(pair) = diffs.into_edition(new) else {
        return Vec::new();
    };
    pair.diff
        .changes
        .iter()
        .filter(|c| c.kind == crate::diff::Kind::Added)
        .flat_map(|c| c.new.iter())
        .filter(|id| {
            index
                .standard_in(new, id)
                .is_some_and(|s| s.area.value == area)
        })
        .cloned()
        .collect()
}

/// What the newest edition of each catalogue means for `p`, for the catalogues it claims
/// older editions of.
pub fn newest_impacts<'s>(
    index: &Index<'s>,
    diffs: &SiteDiffs,
    p: &'s Policy,
) -> Vec<PolicyImpact<'s>> {
    index
        .site()
        .catalogues
        .iter()
        .filter_map(|c| c.editions.last())
        .filter_map(|newest| impact(index, diffs, p, newest))
        .collect()
}

/// Checks `reviewed_against`: each entry names a catalogue of the site and one of its
/// editions. The error's words, for the entry's value.
pub fn check_reviewed_against(index: &Index, catalogue: &str, edition: &str) -> Option<String> {
    let site = index.site();
    let Some(c) = site.catalogues.iter().find(|c| c.id == catalogue) else {
        let names: Vec<&str> = site.catalogues.iter().map(|c| c.id.as_str()).collect();
        return Some(format!(
            "no catalogue \"{catalogue}\"{}",
            crate::diagnostic::did_you_mean(catalogue, names)
        ));
    };
    if position(c, edition).is_some() {
        return None;
    }
    let names: Vec<&str> = c.editions.iter().map(|e| e.id.as_str()).collect();
    Some(format!(
        "no edition \"{edition}\" of {catalogue} (editions: {})",
        names.join(", ")
    ))
}
