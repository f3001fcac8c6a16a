//! Template data for what a newer edition means for the policies: on a policy's page, what
//! became of each standard it claims; on the review page, the policies awaiting a review
//! against a new edition (`xref::claims` works both out).

use minijinja::context;
use minijinja::value::Value;

use super::changes::field_diffs;
use super::page::Page_;
use crate::content::{Edition, Policy};
use crate::diff::Kind;
use crate::routes::Route;
use crate::xref::claims::{self, PolicyImpact};

/// The newer edition's standards by id, with their titles and pages.
fn standards(p: &Page_, e: &Edition, ids: &[String]) -> Vec<Value> {
    ids.iter()
        .map(|id| {
            let s = p.index.standard_in(e, id);
            context! {
                id,
                title => s.and_then(|s| s.title.clone()),
                url => s.map(|_| p.url(&Route::standard(e, id).path())),
            }
        })
        .collect()
}

/// One catalogue's newer edition, as the policy page shows it.
fn impact_data(p: &Page_, i: &PolicyImpact, in_force: bool) -> Value {
    let new = i.new;
    let compared = p
        .diffs
        .into_edition(new)
        .map(|pair| pair.diff.compared.clone())
        .unwrap_or_default();
    let mut look_at: Vec<String> = Vec::new();
    let rows: Vec<Value> = i
        .claims
        .iter()
        .map(|c| {
            let o = &c.outcome;
            if o.changed() {
                for id in &o.new {
                    if !look_at.contains(id) {
                        look_at.push(id.clone());
                    }
                }
            }
            // The words that changed, where one standard became one standard.
            let diffs = match o.new.as_slice() {
                [one] if matches!(o.kind, Kind::Amended | Kind::Renumbered) => p
                    .index
                    .standard_in(new, one)
                    .map(|n| field_diffs(c.standard, n, &compared, Some(new)))
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            // Where nothing continues it, what the new edition added in its area may.
            let added = &c.added_in_area;
            if o.changed() {
                for id in added {
                    if !look_at.contains(id) {
                        look_at.push(id.clone());
                    }
                }
            }
            let added = standards(p, new, added);
            context! {
                id => c.standard.id(),
                title => c.standard.title.clone(),
                edition => c.edition.id,
                added,
                url => p.url(&Route::standard(c.edition, c.standard.id()).path()),
                kind => o.kind.label(),
                changed => o.changed(),
                outcome => o,
                new => standards(p, new, &o.new),
                merged_with => o.merged_with,
                inferred => !o.declared,
                diffs,
            }
        })
        .collect();
    context! {
        catalogue => new.catalogue,
        edition => new.meta.title,
        edition_id => new.id,
        url => p.url(&Route::edition(new).path()),
        changes_url => p.url(&Route::changes(new).path()),
        affected => i.affected(),
        // A document no longer in force (or not yet) is not reviewed.
        awaiting_review => in_force && i.awaiting_review(),
        reviewed => i.reviewed.map(|r| r.value.clone()),
        claims => rows,
        look_at => standards(p, new, &look_at),
    }
}

/// What the newest edition of each catalogue means for the policy: one entry per catalogue
/// whose older editions it claims.
pub(super) fn policy_impacts(p: &Page_, pol: &Policy) -> Vec<Value> {
    claims::newest_impacts(p.index, p.diffs, pol)
        .iter()
        .map(|i| impact_data(p, i, pol.in_force()))
        .collect()
}

/// The policies in force whose claims a newer edition changed and that are not yet reviewed
/// against it, for the review page.
pub(super) fn awaiting_review(p: &Page_) -> Vec<Value> {
    p.site
        .policies
        .iter()
        .filter(|pol| pol.in_force())
        .flat_map(|pol| {
            claims::newest_impacts(p.index, p.diffs, pol)
                .into_iter()
                .filter(PolicyImpact::awaiting_review)
                .map(move |i| (pol, i))
        })
        .map(|(pol, i)| {
            let changed: Vec<Value> = i
                .claims
                .iter()
                .filter(|c| c.outcome.changed())
                .map(|c| context! { id => c.standard.id(), outcome => &c.outcome })
                .collect();
            context! {
                title => pol.meta.title,
                organisation => pol.meta.organisation,
                url => p.url(&format!("{}#impact-{}", Route::policy(pol).path(), crate::markdown::slug(&i.new.catalogue))),
                owner => pol.meta.owner,
                from => i.claims.first().map(|c| c.edition.id.clone()),
                edition => i.new.meta.title,
                edition_url => p.url(&Route::edition(i.new).path()),
                changed,
            }
        })
        .collect()
}

/// The claims on older editions that lead to edition `e` (the newest of its catalogue), for
/// its coverage table: what each became, and whether its policy was reviewed against `e`.
pub(super) fn pending_coverage(p: &Page_, e: &Edition) -> Vec<Value> {
    p.site
        .policies
        .iter()
        .filter_map(|pol| claims::impact(p.index, p.diffs, pol, e))
        .flat_map(|i| {
            let reviewed = i.reviewed.is_some();
            let pol = i.policy;
            i.claims
                .into_iter()
                .map(move |c| {
                    context! {
                        policy => pol.meta.title,
                        policy_url => p.url(&Route::policy(pol).path()),
                        id => c.standard.id(),
                        edition => c.edition.id,
                        url => p.url(&Route::standard(c.edition, c.standard.id()).path()),
                        outcome => &c.outcome,
                        changed => c.outcome.changed(),
                        kind => c.outcome.kind.label(),
                        new => standards(p, e, &c.outcome.new),
                        reviewed,
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
