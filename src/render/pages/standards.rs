//! The pages of the standards: the home page, an edition, a standard, an edition on one page
//! for printing, and the search page.

use minijinja::context;
use minijinja::value::Value;

use super::changes;
use super::page::{Credit, Page_, edition_ctx, edition_summary, nav, policy_list};
use super::page::{Label, Parts};
use crate::content::{Edition, Standard};
use crate::routes::{Linked, Route, id_slug};
use crate::xref::Context;

pub(super) fn home(p: &Page_) -> Parts {
    let editions: Vec<Value> = p
        .site
        .catalogues
        .iter()
        .flat_map(|c| c.editions.iter().rev())
        .map(|e| edition_summary(p, e))
        .collect();
    let areas: Vec<Value> = p
        .site
        .catalogues
        .iter()
        .filter_map(|c| c.editions.last())
        .flat_map(|e| {
            let p = &p;
            e.meta.areas.iter().map(move |a| {
                context! {
                    title => a.title,
                    edition => e.meta.title,
                    description => p.opt_block(a.description.as_ref(), edition_ctx(e)),
                    url => p.url(&format!("{}#area-{}", Route::edition(e).path(), id_slug(&a.id.value))),
                    count => e.standards.iter().filter(|s| s.area.value == a.id.value).count(),
                }
            })
        })
        .collect();
    let data = context! {
        editions,
        areas,
        policies => policy_list(p),
        guidance => p.site.guidance.iter().map(|g| context! { title => g.meta.title, url => p.url(&Route::guidance(&g.slug).path()) }).collect::<Vec<_>>(),
        principles => p.site.principles.iter().map(|l| context! { title => l.title, url => p.url(&Route::principles(&l.slug).path()) }).collect::<Vec<_>>(),
        description => p.site.config.book.description.as_ref().map(|d| p.block(d, Context::default())),
    };
    Parts {
        template: "index.html",
        title: p.site.config.book.title.clone().into(),
        crumbs: vec![],
        credit: None,
        data,
    }
}

pub(super) fn edition(p: &Page_, e: &Edition) -> Parts {
    let ctx = edition_ctx(e);
    let areas: Vec<Value> = e
        .meta
        .areas
        .iter()
        .map(|a| {
            let standards: Vec<Value> = e
                .standards
                .iter()
                .filter(|s| s.area.value == a.id.value)
                .map(|s| listed(p, e, s))
                .collect();
            context! {
                id => a.id.value,
                anchor => id_slug(&a.id.value),
                title => a.title,
                description => p.opt_block(a.description.as_ref(), ctx),
                standards,
            }
        })
        .collect();
    let findings = p.diffs.declared.get(&e.key());
    let changes = e.changes.as_ref().map(|c| {
            context! {
                title => c.title,
                against => c.against,
                checked => p.diffs.into_edition(e).is_some(),
                items => c.changes.iter().enumerate().map(|(k, x)| {
                    let f = findings.and_then(|f| f.get(k));
                    context! {
                        id => x.id,
                        text => p.inline(&x.text, ctx),
                        declared => f.map(|f| f.declared.clone()),
                        computed => f.and_then(|f| f.computed.clone()),
                        agrees => f.is_none_or(|f| f.agrees),
                        problem => f.and_then(|f| f.problem.clone()),
                    }
                }).collect::<Vec<_>>(),
                unlisted => findings.map(|f| f[c.changes.len().min(f.len())..].iter().map(|x| context! { id => x.id, computed => x.computed, problem => x.problem }).collect::<Vec<_>>()),
            }
        });
    let data = context! {
    edition => edition_summary(p, e),
    description => p.opt_block(e.meta.description.as_ref(), ctx),
    titled => !e.standards.is_empty() && e.standards.iter().all(|s| s.title.is_some()),
    areas,
    ratings => e.meta.ratings.as_ref().map(|r| context! { red => p.inline(&r.red, ctx), amber => p.inline(&r.amber, ctx), green => p.inline(&r.green, ctx) }),
    changes,
        print_url => p.url(&Route::print(e).path()),
            changes_page => p.diffs.into_edition(e).map(|pair| context! {
            url => p.url(&Route::changes(e).path()),
            since => pair.old,
            summary => changes::summary(&pair.diff),
        }),
    };
    Parts {
        template: "edition.html",
        title: e.meta.title.clone().into(),
        crumbs: vec![],
        credit: Some(Credit::of_edition(e)),
        data,
    }
}

pub(super) fn standard(p: &Page_, e: &Edition, i: usize) -> Parts {
    let s = &e.standards[i];
    let data = standard_data(p, e, i);
    let area = e
        .area(&s.area.value)
        .map(|a| a.title.clone())
        .unwrap_or_default();
    Parts {
        template: "standard.html",
        title: s.name().into(),
        crumbs: vec![
            (e.meta.title.clone().into(), Route::edition(e).path()),
            (
                area.into(),
                format!(
                    "{}#area-{}",
                    Route::edition(e).path(),
                    id_slug(&s.area.value)
                ),
            ),
        ],
        credit: Some(Credit::of_edition(e)),
        data,
    }
}

pub(super) fn edition_print(p: &Page_, e: &Edition) -> Parts {
    let standards: Vec<Value> = (0..e.standards.len())
        .map(|i| {
            let mut v = standard_data(p, e, i);
            let url = p.url(&Route::standard(e, e.standards[i].id()).path());
            v = context! { url, ..v };
            v
        })
        .collect();
    Parts {
        template: "edition-print.html",
        title: Label::Key("edition-print", vec![e.meta.title.clone()]),
        crumbs: vec![(e.meta.title.clone().into(), Route::edition(e).path())],
        credit: Some(Credit::of_edition(e)),
        data: context! {
            edition => edition_summary(p, e),
            description => p.opt_block(e.meta.description.as_ref(), edition_ctx(e)),
            standards,
        },
    }
}

pub(super) fn search(p: &Page_) -> Parts {
    Parts {
        template: "search.html",
        title: Label::key("search"),
        crumbs: vec![],
        credit: None,
        data: context! { sections => nav(p).into_iter().skip(1).collect::<Vec<_>>() },
    }
}

fn standard_data(p: &Page_, e: &Edition, i: usize) -> Value {
    let s: &Standard = &e.standards[i];
    let ctx = edition_ctx(e);
    let ratings = e.meta.ratings.as_ref();
    let list = |items: &Vec<String>| items.iter().map(|t| p.inline(t, ctx)).collect::<Vec<_>>();
    // The edition's own words for its lists where it has them (CAF's "Not achieved", ...);
    // else the theme's (NHS Protect's, in the `criteria_list` macro).
    let labels = e.meta.criteria_labels.as_ref();
    let criteria = vec![
        context! { id => "not-met", rag => "red", label => labels.map(|l| l.not_met.clone()),
        meaning => ratings.map(|r| p.inline(&r.red, ctx)), items => list(&s.criteria.not_met) },
        context! { id => "partially-met", rag => "amber", label => labels.map(|l| l.partially_met.clone()),
        meaning => ratings.map(|r| p.inline(&r.amber, ctx)), items => list(&s.criteria.partially_met) },
        context! { id => "met", rag => "green", label => labels.map(|l| l.met.clone()),
        meaning => ratings.map(|r| p.inline(&r.green, ctx)), items => list(&s.criteria.met) },
    ];
    let guidance: Vec<Value> = s
        .guidance
        .iter()
        .map(|g| {
            let reference = g
                .reference
                .as_ref()
                .and_then(|r| p.index.reference(&r.value));
            let text = g.text.as_deref().or(reference.map(|r| r.cite_text())).unwrap_or_default();
            // A cited reference's words are the link to its page, so they make no links of
            // their own (links do not nest).
            context! {
                text => if reference.is_some() { p.inline_plain(text, ctx) } else { p.inline(text, ctx) },
                reference => reference.map(|r| context! { url => p.url(&Route::reference(r.id()).path()) }),
                items => list(&g.items),
            }
        })
        .collect();
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| e.standards.get(j))
            .map(|n| context! { id => n.id(), name => n.name(), url => p.url(&Route::standard(e, n.id()).path()) })
    };
    context! {
        standard => context! {
            id => s.id(),
            name => s.name(),
            title => s.title,
            anchor => format!("print-{}", id_slug(s.id())),
            headline => (!s.headline.trim().is_empty()).then(|| p.headline(&s.headline, ctx)),
            withdrawn => withdrawal(p, e, s),
            area => e.area(&s.area.value).map(|a| a.title.clone()),
            area_url => p.url(&format!("{}#area-{}", Route::edition(e).path(), id_slug(&s.area.value))),
            rationale => p.opt_block(s.rationale.as_ref(), ctx),
            previous => s.previous,
            fields => s.fields.iter().map(|(label, value)| context! { label, value }).collect::<Vec<_>>(),
        },
        edition => edition_summary(p, e),
        guidance_intro => e.meta.guidance_intro.as_ref().map(|t| p.inline(t, ctx)),
        // A catalogue without RAG criteria (an OpenControl import) shows no criteria section.
        has_criteria => ratings.is_some() || !(s.criteria.not_met.is_empty() && s.criteria.partially_met.is_empty() && s.criteria.met.is_empty()),
        criteria,
        guidance,
        links => s.links.iter().map(|l| context! {
            title => if l.url.is_some() { p.inline_plain(&l.title, ctx) } else { p.inline(&l.title, ctx) },
            url => l.url,
        }).collect::<Vec<_>>(),
        links_here => p.links_here(&Linked::Page(Route::standard(e, s.id()))),
        history => changes::standard_history(p, e, s),
        prev => neighbour(i.checked_sub(1)),
        next => neighbour(Some(i + 1)),
    }
}

/// A standard as an edition's list shows it: its id (with its title, where it has one) or
/// its headline, and whether it is withdrawn.
fn listed(p: &Page_, e: &Edition, s: &Standard) -> Value {
    let ctx = edition_ctx(e);
    context! {
        id => s.id(),
        name => s.name(),
        title => s.title,
        url => p.url(&Route::standard(e, s.id()).path()),
        headline => if s.headline.contains('\n') { p.headline(&s.headline, ctx) } else { p.inline(&s.headline, ctx) },
        withdrawn => withdrawal(p, e, s),
    }
}

/// A withdrawn standard's note (the publisher's words) and the standards it went into.
fn withdrawal(p: &Page_, e: &Edition, s: &Standard) -> Option<Value> {
    let w = s.withdrawn.as_ref()?;
    Some(context! {
        note => w.note.as_ref().map(|n| p.inline(n, edition_ctx(e))),
        into => w.into.iter().map(|id| context! {
            id,
            name => p.index.standard_in(e, id).map_or_else(|| id.clone(), Standard::label),
            url => p.url(&Route::standard(e, id).path()),
        }).collect::<Vec<_>>(),
    })
}
