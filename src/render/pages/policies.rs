//! The pages of the policies: the list, a policy, what changed since an earlier version, the
//! review dates, and the coverage of the standards.

use std::collections::HashSet;

use minijinja::context;
use minijinja::value::Value;

use super::page::{Credit, Page_, edition_ctx, policy_list};
use super::page::{Label, Parts};
use crate::content::{Policy, PolicyStatus, PolicyVersion, ReviewStatus, Urgency};
use crate::routes::{Linked, Route};
use crate::xref::{Context, claims};

pub(super) fn policies(p: &Page_) -> Parts {
    // One group per folder, in the order of the site (folder, then name); the top folder's
    // policies first, without a heading of their own.
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for (pol, v) in p.site.policies.iter().zip(policy_list(p)) {
        match groups.last_mut() {
            Some((f, items)) if *f == pol.folder => items.push(v),
            _ => groups.push((pol.folder.clone(), vec![v])),
        }
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(folder, policies)| {
            context! { folder, id => format!("group-{}", crate::markdown::slug(&folder)), title => folder_title(&folder), policies }
        })
        .collect();
    Parts {
        template: "policies.html",
        title: Label::key("policies"),
        crumbs: vec![],
        credit: None,
        data: context! { groups },
    }
}

/// A folder's name as a heading: `information-governance/records` reads "Information
/// governance: Records".
pub(super) fn folder_title(folder: &str) -> String {
    folder
        .split('/')
        .map(|part| {
            let words = part.replace(['-', '_'], " ");
            let mut c = words.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// The standards a policy addresses, one group per edition (so the edition is named once).
fn implements(p: &Page_, pol: &Policy) -> Vec<Value> {
    let mut groups: Vec<(&crate::content::Edition, Vec<Value>)> = Vec::new();
    for (e, s) in pol
        .meta
        .implements
        .iter()
        .filter_map(|spec| claims::claim(p.index, pol, &spec.value).ok())
    {
        let row = context! {
            id => s.id(),
            url => p.url(&Route::standard(e, s.id()).path()),
            headline => p.inline(&s.headline, edition_ctx(e)),
        };
        match groups.iter_mut().find(|(g, _)| std::ptr::eq(*g, e)) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((e, vec![row])),
        }
    }
    groups
        .into_iter()
        .map(|(e, standards)| context! { edition => e.meta.title, url => p.url(&Route::edition(e).path()), standards })
        .collect()
}

/// The document control details, as the policy page, its print view and the lists show them.
pub(super) fn document_control(p: &Page_, pol: &Policy) -> Value {
    let m = &pol.meta;
    let status = pol.review_status(p.today);
    let named = |q: &Policy| context! { title => q.meta.title, code => q.meta.code, url => p.url(&Route::policy(q).path()) };
    let supersedes: Vec<Value> = m
        .supersedes
        .iter()
        .filter_map(|s| p.index.policy(&s.value))
        .map(named)
        .collect();
    let key = pol.key();
    let superseded_by: Vec<Value> = p
        .site
        .policies
        .iter()
        // Only an approved document replaces another: a draft that will supersede it does not
        // yet.
        .filter(|q| q.status() == PolicyStatus::Approved)
        .filter(|q| {
            q.meta
                .supersedes
                .iter()
                .any(|s| p.index.policy(&s.value).is_some_and(|t| t.key() == key))
        })
        .map(named)
        .collect();
    context! {
        kind => m.kind.key(),
        organisation => m.organisation,
        code => m.code,
        version => m.version,
        status_class => pol.status().class(),
        draft => pol.status() == PolicyStatus::Draft,
        in_force => pol.in_force(),
        owner => m.owner,
        author => m.author,
        contact => m.contact,
        approving_body => m.approving_body,
        approved => m.approved.map(|d| d.to_string()),
        last_reviewed => m.last_reviewed.as_ref().map(|d| d.value.to_string()),
        review => m.review.as_ref().map(|d| d.value.to_string()),
        // The last day the review date covers, for the script that judges it on the reader's day.
        review_due => review_due(pol),
        review_status => context! { class => status.class(), overdue => status == ReviewStatus::Overdue && pol.in_force() },
        equality_impact_assessment => m.equality_impact_assessment,
        supersedes,
        superseded_by,
        source => m.source,
    }
}

/// The last day the review date covers (`2028-05` is due by `2028-05-31`), for the script
/// that judges it on the reader's day.
fn review_due(pol: &Policy) -> Option<String> {
    pol.meta.review.as_ref().map(|d| {
        let (y, m, day) = d.value.last_day();
        format!("{y:04}-{m:02}-{day:02}")
    })
}

pub(super) fn policy(p: &Page_, pol: &Policy) -> Parts {
    let m = &pol.meta;
    let toc: Vec<Value> = crate::markdown::headings(pol.body())
        .into_iter()
        .filter(|h| h.level == 2)
        .map(|h| context! { id => h.id, text => h.text })
        .collect();
    let dir = pol.source_dir();
    let ctx = Context {
        edition: None,
        dir: Some(&dir),
        approved: pol.meta.approved,
    };
    let data = context! {
        toc,
        today => p.today.to_string(),
        due_soon_days => crate::content::REVIEW_DUE_SOON_DAYS,
        policy => document_control(p, pol),
        implements => implements(p, pol),
        impacts => super::impact::policy_impacts(p, pol),
        attachments => pol.attachments.iter().map(|a| context! {
            name => a.name,
            kind => a.kind(),
            size => a.size(),
            url => p.url(&format!("policies/{}/{}", pol.key(), a.name)),
        }).collect::<Vec<_>>(),
        print_url => p.url(&Route::policy_print(pol).path()),
        note => m.note.as_ref().map(|n| p.inline(n, ctx)),
        versions => pol.versions.iter().map(|v| context! {
                label => v.label,
                version => v.meta.version,
                date => v.meta.date.map(|d| d.to_string()),
                url => p.url(&Route::version(pol, v).path()),
            }).collect::<Vec<_>>(),
        history => m.history.iter().map(|h| context! { version => h.version, date => h.date.map(|d| d.to_string()), note => h.note }).collect::<Vec<_>>(),
        body => p.block(pol.body(), ctx),
        links_here => p.links_here(&Linked::Page(Route::policy(pol))),
        group => group_nav(p, pol),
    };
    let credit = Credit::of_source(
        m.source.as_ref().or(m.organisation.as_ref()),
        m.licence.as_ref(),
    );
    Parts {
        template: "policy.html",
        title: m.title.clone().into(),
        crumbs: policy_crumbs(pol),
        credit,
        data,
    }
}

/// The other policies of the policy's folder, for the navigation at the foot of its page;
/// none when the library has one folder only.
fn group_nav(p: &Page_, pol: &Policy) -> Option<Value> {
    let folders: HashSet<&str> = p.site.policies.iter().map(|q| q.folder.as_str()).collect();
    if folders.len() < 2 {
        return None;
    }
    let policies: Vec<Value> = p
        .site
        .policies
        .iter()
        .filter(|q| q.folder == pol.folder)
        .map(|q| context! { title => q.meta.title, url => p.url(&Route::policy(q).path()), current => std::ptr::eq(q, pol) })
        .collect();
    Some(context! {
        title => (!pol.folder.is_empty()).then(|| folder_title(&pol.folder)),
        url => p.url(&format!("{}#group-{}", Route::Policies.path(), crate::markdown::slug(&pol.folder))),
        policies,
    })
}

/// Policies, then the policy's folder (its group on the policies index).
fn policy_crumbs(pol: &Policy) -> Vec<(Label, String)> {
    let mut crumbs = vec![(Label::key("policies"), Route::Policies.path())];
    if !pol.folder.is_empty() {
        crumbs.push((
            folder_title(&pol.folder).into(),
            format!(
                "{}#group-{}",
                Route::Policies.path(),
                crate::markdown::slug(&pol.folder)
            ),
        ));
    }
    crumbs
}

/// A policy laid out for printing: the document control on the first page, the text, and
/// "uncontrolled when printed" in the footer of every page (the stylesheet's `@page`).
pub(super) fn policy_print(p: &Page_, pol: &Policy) -> Parts {
    let dir = pol.source_dir();
    let ctx = Context {
        edition: None,
        dir: Some(&dir),
        approved: pol.meta.approved,
    };
    let mut crumbs = policy_crumbs(pol);
    crumbs.push((pol.meta.title.clone().into(), Route::policy(pol).path()));
    Parts {
        template: "policy-print.html",
        title: Label::Key("policy-print", vec![pol.meta.title.clone()]),
        crumbs,
        credit: Credit::of_source(
            pol.meta.source.as_ref().or(pol.meta.organisation.as_ref()),
            pol.meta.licence.as_ref(),
        ),
        data: context! {
            policy_title => pol.meta.title,
            policy => document_control(p, pol),
            implements => implements(p, pol),
            attachments => pol.attachments.iter().map(|a| context! { name => a.name, kind => a.kind(), size => a.size() }).collect::<Vec<_>>(),
            history => pol.meta.history.iter().map(|h| context! { version => h.version, date => h.date.map(|d| d.to_string()), note => h.note }).collect::<Vec<_>>(),
            today => p.today.to_string(),
            body => p.block(pol.body(), ctx),
        },
    }
}

/// What changed since an earlier version, block by block, as readers read the policy: each
/// block's Markdown rendered (added blocks underlined, removed ones struck through), and for a
/// reworded block the words that changed, as written, under a disclosure.
fn version_blocks(p: &Page_, pol: &Policy, v: &PolicyVersion) -> Vec<Value> {
    let dir = pol.source_dir();
    let ctx = Context {
        edition: None,
        dir: Some(&dir),
        approved: pol.meta.approved,
    };
    crate::diff::inline::blocks(v.body(), pol.body())
        .into_iter()
        .map(|b| {
            let (old, new) = (side(&b.html, "ins"), side(&b.html, "del"));
            let status = b.status.label();
            let shown = match status {
                "removed" => format!("<del>{}</del>", render_block(p, &old, ctx)),
                "added" => format!("<ins>{}</ins>", render_block(p, &new, ctx)),
                _ => render_block(p, &new, ctx),
            };
            let words = matches!(status, "changed" | "moved") && old != new;
            context! {
                status,
                html => Value::from_safe_string(shown),
                words => words.then(|| Value::from_safe_string(b.html)),
            }
        })
        .collect()
}

/// One side of a word diff's HTML, as Markdown source: without the `<tag>` parts (the other
/// side's words) and the other side's tags, unescaped. The diff escapes its text, so `<` in
/// it is only ever one of its own tags.
fn side(html: &str, drop: &str) -> String {
    let keep = if drop == "ins" { "del" } else { "ins" };
    let (open, close) = (format!("<{drop}>"), format!("</{drop}>"));
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        out.push_str(&rest[..i]);
        rest = rest[i..]
            .find(&close)
            .map_or("", |j| &rest[i + j + close.len()..]);
    }
    out.push_str(rest);
    let out = out
        .replace(&format!("<{keep}>"), "")
        .replace(&format!("</{keep}>"), "");
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A block's Markdown as HTML, without the anchors of the policy's own page (the same number
/// may stand in a removed and an added block: ids would repeat).
fn render_block(p: &Page_, text: &str, ctx: Context) -> String {
    use std::sync::OnceLock;
    static ID: OnceLock<regex::Regex> = OnceLock::new();
    static NUM: OnceLock<regex::Regex> = OnceLock::new();
    let id = ID.get_or_init(|| regex::Regex::new(r#" id="[^"]*""#).expect("regex"));
    let num = NUM.get_or_init(|| {
        regex::Regex::new(r##"<a class="para-num" href="#[^"]*">([^<]*)</a>"##).expect("regex")
    });
    static REL: OnceLock<regex::Regex> = OnceLock::new();
    // An ordinary relative link (not a cross-reference, which is written from the site root)
    // is written from the policy's folder; this page is one folder deeper.
    let rel = REL.get_or_init(|| {
        regex::Regex::new(r##"(<a href="|<img src=")([^"#/][^":]*(?:"|#))"##).expect("regex")
    });
    let html = p.block(text, ctx).to_string();
    let html = num.replace_all(&html, "$1");
    let html = rel.replace_all(&html, "$1../$2");
    id.replace_all(&html, "").into_owned()
}

pub(super) fn policy_version(p: &Page_, pol: &Policy, v: &PolicyVersion) -> Parts {
    Parts {
        template: "policy-version.html",
        title: Label::Key(
            "policy-version",
            vec![
                pol.meta.title.clone(),
                v.meta.version.clone().unwrap_or_else(|| v.label.clone()),
            ],
        ),
        crumbs: {
            let mut c = policy_crumbs(pol);
            c.push((pol.meta.title.clone().into(), Route::policy(pol).path()));
            c
        },
        credit: Credit::of_source(
            pol.meta.source.as_ref().or(pol.meta.organisation.as_ref()),
            pol.meta.licence.as_ref(),
        ),
        data: context! {
            policy => context! { title => pol.meta.title, version => pol.meta.version, url => p.url(&Route::policy(pol).path()) },
            old => context! { label => v.label, version => v.meta.version, date => v.meta.date.map(|d| d.to_string()), note => v.meta.note },
            blocks => version_blocks(p, pol, v),
        },
    }
}

/// The policies that are reviewed (not superseded or withdrawn), most urgent first: by days
/// to the review date, then title.
fn by_urgency<'a>(p: &Page_<'a>) -> Vec<&'a Policy> {
    let mut list: Vec<&Policy> = p.site.policies.iter().filter(|q| q.in_force()).collect();
    list.sort_by(|a, b| {
        (a.urgency(p.today), a.days_to_review(p.today), &a.meta.title).cmp(&(
            b.urgency(p.today),
            b.days_to_review(p.today),
            &b.meta.title,
        ))
    });
    list
}

pub(super) fn review(p: &Page_) -> Parts {
    let list = by_urgency(p);
    let groups: Vec<Value> = Urgency::ALL
        .iter()
        .map(|&u| {
            let policies: Vec<Value> = list
                .iter()
                .filter(|pol| pol.urgency(p.today) == u)
                .map(|pol| {
                    let status = pol.review_status(p.today);
                    context! {
                        title => pol.meta.title,
                        organisation => pol.meta.organisation,
                        code => pol.meta.code,
                        url => p.url(&Route::policy(pol).path()),
                        owner => pol.meta.owner,
                        approving_body => pol.meta.approving_body,
                        version => pol.meta.version,
                        draft => pol.status() == PolicyStatus::Draft,
                        approved => pol.meta.approved.map(|d| d.to_string()),
                        review => pol.meta.review.as_ref().map(|d| d.value.to_string()),
                        days => pol.days_to_review(p.today),
                        review_due => review_due(pol),
                        status_class => status.class(),
                    }
                })
                .collect();
            context! { id => u.id(), policies }
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
        title: Label::key("reviews"),
        crumbs: vec![(Label::key("policies"), Route::Policies.path())],
        credit: None,
        data: context! { groups, codes, awaiting => super::impact::awaiting_review(p), today => p.today.to_string(), due_soon_days => crate::content::REVIEW_DUE_SOON_DAYS, json_url => p.url(&Route::ReviewsJson.path()) },
    }
}

pub(super) fn coverage(p: &Page_) -> Parts {
    Parts {
        template: "coverage.html",
        title: Label::key("coverage"),
        crumbs: vec![(Label::key("policies"), Route::Policies.path())],
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
                .filter_map(|spec| claims::claim(p.index, pol, &spec.value).ok())
                .map(|(e, s)| Linked::Page(Route::standard(e, s.id())))
                .collect()
        })
        .collect();
    // Each edition a policy claims, and each catalogue's newest: a claim counts in the edition
    // it names, and the newest edition lists the claims on older ones that lead to it.
    let claimed: HashSet<(&str, &str)> = implemented
        .iter()
        .flatten()
        .filter_map(|l| match l {
            Linked::Page(Route::Standard {
                catalogue, edition, ..
            }) => Some((catalogue.as_str(), edition.as_str())),
            _ => None,
        })
        .collect();
    let editions: Vec<Value> = p
        .site
        .catalogues
        .iter()
        .flat_map(|c| {
            let newest = c.editions.last().map(|e| e.id.as_str());
            let claimed = &claimed;
            c.editions.iter().filter(move |e| {
                Some(e.id.as_str()) == newest
                    || claimed.contains(&(e.catalogue.as_str(), e.id.as_str()))
            })
        })
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
                        title => s.title.clone(),
                        cells,
                        by,
                        count,
                    }
                })
                .collect();
            let newest = p.index.latest(&e.catalogue).is_some_and(|n| std::ptr::eq(n, e));
            context! {
                title => e.meta.title, url => p.url(&Route::edition(e).path()), rows, gaps,
                newest,
                pending => if newest { super::impact::pending_coverage(p, e) } else { Vec::new() },
            }
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
