//! Template data for what changed between editions: the changes page of an edition, the
//! "changes since" section of each standard, and the pages at old standards' addresses.

use minijinja::context;
use minijinja::value::Value;

use super::page::{Credit, Page_};
use super::page::{Label, Parts};
use crate::content::{Edition, Standard};
use crate::diff::{self, EditionDiff, EditionPair, Kind, inline};
use crate::routes::Route;

/// A field of a standard for a template: its key (`criteria.met`), which `words.html` words,
/// and for criteria the edition's own words where it has them (the CAF's "Not achieved", ...).
fn field(key: &str, e: Option<&Edition>) -> Value {
    let labels = e.and_then(|e| e.meta.criteria_labels.as_ref());
    let own = labels.and_then(|l| match key {
        "criteria.not_met" => Some(l.not_met.clone()),
        "criteria.partially_met" => Some(l.partially_met.clone()),
        "criteria.met" => Some(l.met.clone()),
        _ => None,
    });
    context! { key, own }
}

/// "3 renumbered, 1 merged, ..." for the kinds present.
pub(super) fn summary(d: &EditionDiff) -> Vec<Value> {
    Kind::ALL
        .iter()
        .map(|k| (k, d.count(*k)))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| context! { kind => k.label(), count => n })
        .collect()
}

fn edition<'s>(p: &Page_<'s>, catalogue: &str, id: &str) -> Option<&'s Edition> {
    p.site
        .catalogues
        .iter()
        .find(|c| c.id == catalogue)?
        .editions
        .iter()
        .find(|e| e.id == id)
}

/// Each changed field of a pair of standards: a word diff for a text, item by item for a list.
pub(super) fn field_diffs(
    old: &Standard,
    new: &Standard,
    compared: &[&str],
    e: Option<&Edition>,
) -> Vec<Value> {
    diff::fields(old)
        .into_iter()
        .zip(diff::fields(new))
        .filter(|((k, a), (_, b))| a != b && compared.contains(k))
        .map(|((key, a), (_, b))| match (a, b) {
            (diff::Value::List(a), diff::Value::List(b)) => context! {
                key, field => field(key, e),
                items => inline::list(&a, &b).into_iter().map(|i| context! {
                    status => i.status.label(),
                    html => Value::from_safe_string(i.html),
                }).collect::<Vec<_>>(),
            },
            (diff::Value::Text(a), diff::Value::Text(b)) => context! {
                key, field => field(key, e),
                html => Value::from_safe_string(inline::words(&a, &b)),
            },
            _ => context! { key, field => field(key, e) },
        })
        .collect()
}

/// Standards by id, with their titles and, where the edition has them, their pages.
fn links(p: &Page_, e: Option<&Edition>, ids: &[String]) -> Vec<Value> {
    ids.iter()
        .map(|id| {
            let s = e.and_then(|e| p.index.standard_in(e, id));
            context! {
                id,
                title => s.and_then(|s| s.title.clone()),
                url => e.filter(|_| s.is_some()).map(|e| p.url(&Route::standard(e, id).path())),
            }
        })
        .collect()
}

/// An HTML id for a change, unique on its page: the old side's first id (each old standard
/// is on one change), else the new side's (an added standard is on no other change).
fn anchor(c: &diff::Change) -> String {
    let (side, id) = match (c.old.first(), c.new.first()) {
        (Some(id), _) => ("old", id.as_str()),
        (None, Some(id)) => ("new", id.as_str()),
        (None, None) => ("new", ""),
    };
    format!("change-{side}-{}", crate::routes::id_slug(id))
}

fn change_data(p: &Page_, pair: &EditionPair, c: &diff::Change) -> Value {
    let old_e = edition(p, &pair.catalogue, &pair.old);
    let new_e = edition(p, &pair.catalogue, &pair.new);
    let primary = old_e.zip(new_e).and_then(|(o, n)| {
        Some((
            p.index.standard_in(o, c.old.first()?)?,
            p.index.standard_in(n, c.new.first()?)?,
        ))
    });
    // The area it belongs to: the new standard's, or the old one's for what left.
    let area = match (new_e, c.new.first(), old_e, c.old.first()) {
        (Some(e), Some(id), _, _) | (_, _, Some(e), Some(id)) => p
            .index
            .standard_in(e, id)
            .and_then(|s| e.area(&s.area.value))
            .map(|a| a.title.clone()),
        _ => None,
    };
    context! {
        kind => c.kind.label(),
        old => links(p, old_e, &c.old),
        new => links(p, new_e, &c.new),
        into => c.into.as_ref().map(|into| links(p, new_e, into)),
        basis => diff::report::basis(c),
        area,
        fields => c.fields.clone().unwrap_or_default(),
        field_labels => c.fields.iter().flatten().map(|f| field(f, new_e)).collect::<Vec<_>>(),
        diffs => primary.map(|(o, n)| field_diffs(o, n, &pair.diff.compared, new_e)).unwrap_or_default(),
        anchor => anchor(c),
    }
}

/// The changes grouped by area (in the new edition's order of areas, then the old one's), with
/// counts per area and kind.
fn by_area(changed: Vec<Value>, kinds: &[Kind]) -> Vec<Value> {
    // A change in no known area is grouped under `None`, which the template words ("Other").
    let mut groups: Vec<(Option<String>, Vec<Value>)> = Vec::new();
    for c in changed {
        let area = c
            .get_attr("area")
            .ok()
            .and_then(|a| a.as_str().map(str::to_string));
        match groups.iter_mut().find(|(a, _)| *a == area) {
            Some((_, list)) => list.push(c),
            None => groups.push((area, vec![c])),
        }
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(k, (title, changes))| {
            let counts: Vec<usize> = kinds
                .iter()
                .map(|kind| {
                    changes
                        .iter()
                        .filter(|c| {
                            c.get_attr("kind")
                                .ok()
                                .is_some_and(|v| v.as_str() == Some(kind.label()))
                        })
                        .count()
                })
                .collect();
            context! { title, anchor => format!("area-{}", k + 1), counts, total => changes.len(), changes }
        })
        .collect()
}

pub(super) fn changes_page(p: &Page_, e: &Edition, pair: &EditionPair) -> Value {
    let old_e = edition(p, &pair.catalogue, &pair.old);
    let changed: Vec<Value> = pair
        .diff
        .changes
        .iter()
        .filter(|c| c.kind != Kind::Unchanged)
        .map(|c| change_data(p, pair, c))
        .collect();
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| *k != Kind::Unchanged && pair.diff.count(*k) > 0)
        .collect();
    let any = !changed.is_empty();
    context! {
        old => context! {
            id => pair.old,
            title => old_e.map(|o| o.meta.title.clone()),
            url => old_e.map(|o| p.url(&Route::edition(o).path())),
        },
        new => context! { id => e.id, title => e.meta.title, url => p.url(&Route::edition(e).path()) },
        summary => summary(&pair.diff),
        unchanged => pair.diff.count(Kind::Unchanged),
        kinds => kinds.iter().map(|k| context! { kind => k.label(), count => pair.diff.count(*k) }).collect::<Vec<_>>(),
        declared_source => e.lineage.as_ref().filter(|l| l.against == pair.old).and_then(|l| l.source.clone()),
        areas => by_area(changed, &kinds),
        any,
    }
}

pub(super) fn moved_page(p: &Page_, e: &Edition, pair: &EditionPair, old: &str) -> Value {
    let c = pair.diff.for_old(old);
    let old_e = edition(p, &pair.catalogue, &pair.old);
    context! {
        old_id => old,
        old_edition => old_e.map(|o| context! { title => o.meta.title, url => p.url(&Route::edition(o).path()) }),
        old_url => old_e.filter(|o| p.index.standard_in(o, old).is_some()).map(|o| p.url(&Route::standard(o, old).path())),
        edition => context! { title => e.meta.title, url => p.url(&Route::edition(e).path()) },
        kind => c.map(|c| c.kind.label()),
        successors => c.map(|c| links(p, Some(e), successors(c))).unwrap_or_default(),
        basis => c.and_then(diff::report::basis),
        changes_url => p.url(&Route::changes(e).path()),
    }
}

/// Where an old standard went: its new standards, or for a withdrawn one those it went into.
fn successors(c: &diff::Change) -> &[String] {
    match &c.into {
        Some(into) if c.new.is_empty() => into,
        _ => &c.new,
    }
}

/// A standard's lineage: what it was in the previous edition (with the diff), and what it
/// became in the next one.
pub(super) fn standard_history(p: &Page_, e: &Edition, s: &Standard) -> Value {
    let since = p.diffs.into_edition(e).and_then(|pair| {
        let c = pair.diff.for_new(s.id())?;
        let old_e = edition(p, &pair.catalogue, &pair.old);
        Some(context! {
            edition => old_e.map(|o| context! { id => o.id, title => o.meta.title, url => p.url(&Route::changes(e).path()) }),
            change => change_data(p, pair, c),
        })
    });
    let next = p.diffs.from_edition(e).and_then(|pair| {
        let c = pair.diff.for_old(s.id())?;
        let new_e = edition(p, &pair.catalogue, &pair.new)?;
        Some(context! {
            edition => context! { id => new_e.id, title => new_e.meta.title },
            kind => c.kind.label(),
            successors => links(p, Some(new_e), successors(c)),
            basis => diff::report::basis(c),
        })
    });
    context! { since, next }
}

pub(super) fn changes(p: &Page_, e: &Edition, pair: &EditionPair) -> Parts {
    Parts {
        template: "changes.html",
        title: Label::Key("changes", vec![pair.old.to_string()]),
        crumbs: vec![(e.meta.title.clone().into(), Route::edition(e).path())],
        credit: Some(Credit::of_edition(e)),
        data: changes_page(p, e, pair),
    }
}

pub(super) fn moved(p: &Page_, e: &Edition, pair: &EditionPair, old: &str) -> Parts {
    Parts {
        template: "moved.html",
        title: Label::Key("moved", vec![old.to_string(), pair.old.to_string()]),
        crumbs: vec![(e.meta.title.clone().into(), Route::edition(e).path())],
        credit: None,
        data: moved_page(p, e, pair, old),
    }
}
