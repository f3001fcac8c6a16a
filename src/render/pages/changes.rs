//! Template data for what changed between editions: the changes page of an edition, the
//! "changes since" section of each standard, and the pages at old standards' addresses.

use minijinja::context;
use minijinja::value::Value;

use super::page::Parts;
use super::page::{Credit, Page_};
use crate::content::{Edition, Standard};
use crate::diff::{self, EditionDiff, EditionPair, Kind, inline};
use crate::routes::Route;

/// A field key as a reader knows it.
fn label(key: &str) -> &str {
    match key {
        "area" => "Key area",
        "headline" => "Headline",
        "criteria.not_met" => "Does not meet the standard (red)",
        "criteria.partially_met" => "Partially meets the standard (amber)",
        "criteria.met" => "Meets the standard (green)",
        "rationale" => "Rationale",
        "guidance" => "Guidance, supporting documentation and evidence",
        "links" => "Links",
        other => other,
    }
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
fn field_diffs(old: &Standard, new: &Standard) -> Vec<Value> {
    diff::fields(old)
        .into_iter()
        .zip(diff::fields(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((key, a), (_, b))| match (a, b) {
            (diff::Value::List(a), diff::Value::List(b)) => context! {
                key, label => label(key),
                items => inline::list(&a, &b).into_iter().map(|i| context! {
                    status => i.status.label(),
                    html => Value::from_safe_string(i.html),
                }).collect::<Vec<_>>(),
            },
            (diff::Value::Text(a), diff::Value::Text(b)) => context! {
                key, label => label(key),
                html => Value::from_safe_string(inline::words(&a, &b)),
            },
            _ => context! { key, label => label(key) },
        })
        .collect()
}

fn links(p: &Page_, e: Option<&Edition>, ids: &[String]) -> Vec<Value> {
    ids.iter()
        .map(|id| context! {
            id,
            url => e.filter(|e| p.index.standard_in(e, id).is_some()).map(|e| p.url(&Route::standard(e, id).path())),
        })
        .collect()
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
    context! {
        kind => c.kind.label(),
        old => links(p, old_e, &c.old),
        new => links(p, new_e, &c.new),
        fields => c.fields.clone().unwrap_or_default(),
        field_labels => c.fields.iter().flatten().map(|f| label(f).to_string()).collect::<Vec<_>>(),
        diffs => primary.map(|(o, n)| field_diffs(o, n)).unwrap_or_default(),
        anchor => format!("change-{}", c.new.first().or(c.old.first()).cloned().unwrap_or_default()),
    }
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
    context! {
        old => context! {
            id => pair.old,
            title => old_e.map(|o| o.meta.title.clone()),
            url => old_e.map(|o| p.url(&Route::edition(o).path())),
        },
        new => context! { id => e.id, title => e.meta.title, url => p.url(&Route::edition(e).path()) },
        summary => summary(&pair.diff),
        unchanged => pair.diff.count(Kind::Unchanged),
        changes => changed,
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
        successors => c.map(|c| links(p, Some(e), &c.new)).unwrap_or_default(),
        changes_url => p.url(&Route::changes(e).path()),
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
            successors => links(p, Some(new_e), &c.new),
        })
    });
    context! { since, next }
}

pub(super) fn changes(p: &Page_, e: &Edition, pair: &EditionPair) -> Parts {
    Parts {
        template: "changes.html",
        title: format!("Changes since {}", pair.old),
        crumbs: vec![(e.meta.title.clone(), Route::edition(e).path())],
        credit: Some(Credit::of_edition(e)),
        data: changes_page(p, e, pair),
    }
}

pub(super) fn moved(p: &Page_, e: &Edition, pair: &EditionPair, old: &str) -> Parts {
    Parts {
        template: "moved.html",
        title: format!("Standard {old} of {}", pair.old),
        crumbs: vec![(e.meta.title.clone(), Route::edition(e).path())],
        credit: None,
        data: moved_page(p, e, pair, old),
    }
}
