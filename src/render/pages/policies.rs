//! The pages of the policies: the list, a policy, what changed since an earlier version, the
//! review dates, and the coverage of the standards.

use std::collections::HashSet;

use minijinja::context;
use minijinja::value::Value;

use super::page::Parts;
use super::page::{Credit, Page_, edition_ctx, policy_list};
use crate::content::{Policy, PolicyVersion, ReviewStatus};
use crate::routes::{Linked, Route};
use crate::xref::Context;

pub(super) fn policies(p: &Page_) -> Parts {
    Parts {
        template: "policies.html",
        title: "Policies and strategies".into(),
        crumbs: vec![],
        credit: None,
        data: context! { policies => policy_list(p) },
    }
}

pub(super) fn policy(p: &Page_, pol: &Policy) -> Parts {
    let m = &pol.meta;
    let implements: Vec<Value> = m
        .implements
        .iter()
        .filter_map(|spec| p.index.standard(&spec.value, &Context::default()).ok())
        .map(|(e, s)| {
            context! {
                id => s.id(),
                edition => e.meta.title,
                url => p.url(&Route::standard(e, s.id()).path()),
                headline => p.inline(&s.headline, edition_ctx(e)),
            }
        })
        .collect();
    let status = pol.review_status(p.today);
    let toc: Vec<Value> = crate::markdown::headings(pol.body())
        .into_iter()
        .filter(|h| h.level == 2)
        .map(|h| context! { id => h.id, text => h.text })
        .collect();
    let data = context! {
        toc,
        today => p.today.to_string(),
        review_status => context! { class => status.class(), label => status.label(), overdue => status == ReviewStatus::Overdue },
        policy => context! {
            kind => m.kind.label(),
            organisation => m.organisation,
            code => m.code,
            version => m.version,
            owner => m.owner,
            approved => m.approved.map(|d| d.to_string()),
            review => m.review.as_ref().map(|d| d.value.to_string()),
            source => m.source,
        },
        implements,
        versions => pol.versions.iter().map(|v| context! {
                label => v.label,
                version => v.meta.version,
                date => v.meta.date.map(|d| d.to_string()),
                url => p.url(&Route::version(pol, v).path()),
            }).collect::<Vec<_>>(),
            history => m.history.iter().map(|h| context! { version => h.version, date => h.date.map(|d| d.to_string()), note => h.note }).collect::<Vec<_>>(),
        body => p.block(pol.body(), Context::default()),
        links_here => p.links_here(&Linked::Page(Route::policy(pol))),
    };
    let credit = Credit::of_source(
        m.source.as_ref().or(m.organisation.as_ref()),
        m.licence.as_ref(),
    );
    Parts {
        template: "policy.html",
        title: m.title.clone(),
        crumbs: vec![("Policies and strategies".into(), Route::Policies.path())],
        credit,
        data,
    }
}

pub(super) fn policy_version(p: &Page_, pol: &Policy, v: &PolicyVersion) -> Parts {
    Parts {
        template: "policy-version.html",
        title: format!(
            "{}: changes since {}",
            pol.meta.title,
            v.meta.version.as_deref().unwrap_or(&v.label)
        ),
        crumbs: vec![
            ("Policies and strategies".into(), Route::Policies.path()),
            (pol.meta.title.clone(), Route::policy(pol).path()),
        ],
        credit: Credit::of_source(
            pol.meta.source.as_ref().or(pol.meta.organisation.as_ref()),
            pol.meta.licence.as_ref(),
        ),
        data: context! {
            policy => context! { title => pol.meta.title, version => pol.meta.version, url => p.url(&Route::policy(pol).path()) },
            old => context! { label => v.label, version => v.meta.version, date => v.meta.date.map(|d| d.to_string()), note => v.meta.note },
            blocks => crate::diff::inline::blocks(v.body(), pol.body()).into_iter().map(|b| context! {
                status => b.status.label(),
                html => Value::from_safe_string(b.html),
            }).collect::<Vec<_>>(),
        },
    }
}

pub(super) fn review(p: &Page_) -> Parts {
    let policies: Vec<Value> = p
        .site
        .policies
        .iter()
        .map(|pol| {
            let status = pol.review_status(p.today);
            context! {
                title => pol.meta.title,
                organisation => pol.meta.organisation,
                url => p.url(&Route::policy(pol).path()),
                owner => pol.meta.owner,
                version => pol.meta.version,
                approved => pol.meta.approved.map(|d| d.to_string()),
                review => pol.meta.review.as_ref().map(|d| d.value.to_string()),
                status => status.label(),
                status_class => status.class(),
            }
        })
        .collect();
    let codes: Vec<Value> = p.backlinks
        .unknown_codes
        .iter()
        .map(|(code, pages)| context! {
            code,
            pages => pages.iter().map(|b| context! { title => b.title, url => p.url(&b.path) }).collect::<Vec<_>>(),
        })
        .collect();
    Parts {
        template: "review.html",
        title: "Policy reviews".into(),
        crumbs: vec![("Policies and strategies".into(), Route::Policies.path())],
        credit: None,
        data: context! { policies, codes, today => p.today.to_string(), due_soon_days => crate::content::REVIEW_DUE_SOON_DAYS },
    }
}

pub(super) fn coverage(p: &Page_) -> Parts {
    Parts {
        template: "coverage.html",
        title: "Coverage of the standards".into(),
        crumbs: vec![("Policies and strategies".into(), Route::Policies.path())],
        credit: None,
        data: coverage_data(p),
    }
}

/// Up to this many policies, the coverage page is a matrix with a column each.
const COVERAGE_COLUMNS: usize = 12;

fn coverage_data(p: &Page_) -> Value {
    let policies = &p.site.policies;
    let wide = policies.len() <= COVERAGE_COLUMNS;
    let implemented: Vec<HashSet<Linked>> = policies
        .iter()
        .map(|pol| {
            pol.meta
                .implements
                .iter()
                .filter_map(|spec| p.index.standard(&spec.value, &Context::default()).ok())
                .map(|(e, s)| Linked::Page(Route::standard(e, s.id())))
                .collect()
        })
        .collect();
    let editions: Vec<Value> = p
        .site
        .catalogues
        .iter()
        .filter_map(|c| c.editions.last())
        .map(|e| {
            let ctx = edition_ctx(e);
            let mut gaps = Vec::new();
            let rows: Vec<Value> = e
                .standards
                .iter()
                .map(|s| {
                    let key = Linked::Page(Route::standard(e, s.id()));
                    let cells: Vec<bool> = implemented.iter().map(|set| set.contains(&key)).collect();
                    let count = cells.iter().filter(|c| **c).count();
                    // With many policies, a column each would make a table of standards x
                    // policies cells; each row lists its policies instead.
                    let by: Vec<Value> = if wide {
                        Vec::new()
                    } else {
                        cells
                            .iter()
                            .zip(policies)
                            .filter(|(c, _)| **c)
                            .map(|(_, pol)| context! { title => pol.meta.title, url => p.url(&Route::policy(pol).path()) })
                            .collect()
                    };
                    let cells = if wide { cells } else { Vec::new() };
                    if count == 0 {
                        gaps.push(context! { id => s.id(), url => p.url(&Route::standard(e, s.id()).path()) });
                    }
                    context! {
                        id => s.id(),
                        url => p.url(&Route::standard(e, s.id()).path()),
                        headline => p.inline(&s.headline, ctx),
                        cells,
                        by,
                        count,
                    }
                })
                .collect();
            context! { title => e.meta.title, url => p.url(&Route::edition(e).path()), rows, gaps }
        })
        .collect();
    let columns: Vec<Value> = policies
        .iter()
        .map(|pol| {
            context! {
                title => pol.meta.title,
                organisation => pol.meta.organisation,
                url => p.url(&Route::policy(pol).path()),
            }
        })
        .collect();
    context! { editions, columns => if wide { columns } else { Vec::new() }, wide }
}
