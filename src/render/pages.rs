//! The pages of a site: which there are (`plan`), and the template context of each.

use std::cell::RefCell;
use std::collections::HashSet;

use minijinja::value::Value;
use minijinja::{Environment, context};

use super::changes;
use super::markdown::{self, Opts};
use crate::content::{
    Date, Edition, Page, Policy, PolicyVersion, PrincipleList, Reference, ReviewStatus, Site,
    Standard,
};
use crate::diagnostic::Source;
use crate::diff::{EditionPair, SiteDiffs};
use crate::routes::{Linked, Route};
use crate::xref::{Backlinks, Context, Index};

pub enum Kind<'s> {
    Home,
    /// Search results (with script) or the site's index pages (without).
    Search,
    Edition(&'s Edition),
    Standard(&'s Edition, usize),
    References,
    Reference(&'s Reference),
    Glossary,
    GuidanceIndex,
    Guidance(&'s Page),
    Policies,
    Policy(&'s Policy),
    /// Every standard of each catalogue's newest edition against the policies that implement it.
    Coverage,
    /// Every policy's owner, version and review date, and codes that name no policy here.
    Review,
    /// What changed in a policy since an earlier version.
    PolicyVersion(&'s Policy, &'s PolicyVersion),
    /// Every standard of an edition on one page, for printing.
    EditionPrint(&'s Edition),
    /// What changed from the previous edition to this one.
    Changes(&'s Edition, &'s EditionPair),
    /// An old standard's address in the new edition, leading to its successors.
    Moved(&'s Edition, &'s EditionPair, &'s str),
    Principles(&'s PrincipleList),
}

pub struct Plan<'s> {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub kind: Kind<'s>,
}

impl<'s> Plan<'s> {
    /// The content file the page shows, if one.
    pub fn source(&self, site: &'s Site) -> Option<&'s Source> {
        match &self.kind {
            Kind::Edition(e) => Some(&e.source),
            Kind::Standard(e, i) => Some(&e.standards[*i].source),
            Kind::Reference(_) | Kind::References => site.references_source.as_ref(),
            Kind::Glossary => site.glossary_source.as_ref(),
            Kind::Guidance(g) => Some(&g.source),
            Kind::Policy(p) => Some(&p.source),
            Kind::Principles(l) => Some(&l.file),
            Kind::Home
            | Kind::Search
            | Kind::GuidanceIndex
            | Kind::Policies
            | Kind::Coverage
            | Kind::Review
            | Kind::Changes(..)
            | Kind::Moved(..) => None,
            Kind::EditionPrint(e) => Some(&e.source),
            Kind::PolicyVersion(_, v) => Some(&v.source),
        }
    }
}

/// Every page of the site, in a stable order.
pub fn plan<'s>(site: &'s Site, diffs: &'s SiteDiffs) -> Vec<Plan<'s>> {
    let mut out = vec![Plan {
        path: Route::Home.path(),
        kind: Kind::Home,
    }];
    if site.config.build.search {
        out.push(Plan {
            path: Route::Search.path(),
            kind: Kind::Search,
        });
    }
    for c in &site.catalogues {
        for e in &c.editions {
            out.push(Plan {
                path: Route::edition(e).path(),
                kind: Kind::Edition(e),
            });
            for (i, s) in e.standards.iter().enumerate() {
                out.push(Plan {
                    path: Route::standard(e, s.id()).path(),
                    kind: Kind::Standard(e, i),
                });
            }
            out.push(Plan {
                path: Route::print(e).path(),
                kind: Kind::EditionPrint(e),
            });
            if let Some(pair) = diffs.into_edition(e) {
                out.push(Plan {
                    path: Route::changes(e).path(),
                    kind: Kind::Changes(e, pair),
                });
                // Old addresses keep working: each old standard whose id this edition does
                // not use gets a page there that leads to its successors.
                let ids: HashSet<&str> = e.standards.iter().map(|s| s.id()).collect();
                for c in &pair.diff.changes {
                    for old in &c.old {
                        if !ids.contains(old.as_str()) {
                            out.push(Plan {
                                path: Route::standard(e, old).path(),
                                kind: Kind::Moved(e, pair, old),
                            });
                        }
                    }
                }
            }
        }
    }
    if !site.references.is_empty() {
        out.push(Plan {
            path: Route::References.path(),
            kind: Kind::References,
        });
        for r in &site.references {
            out.push(Plan {
                path: Route::reference(r.id()).path(),
                kind: Kind::Reference(r),
            });
        }
    }
    if !site.glossary.is_empty() {
        out.push(Plan {
            path: Route::Glossary.path(),
            kind: Kind::Glossary,
        });
    }
    if !site.guidance.is_empty() {
        out.push(Plan {
            path: Route::GuidanceIndex.path(),
            kind: Kind::GuidanceIndex,
        });
        for p in &site.guidance {
            out.push(Plan {
                path: Route::guidance(&p.slug).path(),
                kind: Kind::Guidance(p),
            });
        }
    }
    if !site.policies.is_empty() {
        out.push(Plan {
            path: Route::Policies.path(),
            kind: Kind::Policies,
        });
        for p in &site.policies {
            out.push(Plan {
                path: Route::policy(p).path(),
                kind: Kind::Policy(p),
            });
            for v in &p.versions {
                out.push(Plan {
                    path: Route::version(p, v).path(),
                    kind: Kind::PolicyVersion(p, v),
                });
            }
        }
        out.push(Plan {
            path: Route::Review.path(),
            kind: Kind::Review,
        });
        if !site.catalogues.is_empty() {
            out.push(Plan {
                path: Route::Coverage.path(),
                kind: Kind::Coverage,
            });
        }
    }
    for l in &site.principles {
        out.push(Plan {
            path: Route::principles(&l.slug).path(),
            kind: Kind::Principles(l),
        });
    }
    out
}

/// What every page's template gets besides its own data.
pub(super) struct Page_<'a> {
    pub(super) site: &'a Site,
    pub(super) diffs: &'a SiteDiffs,
    pub(super) index: &'a Index<'a>,
    backlinks: &'a Backlinks,
    path: &'a str,
    root: String,
    used_terms: RefCell<HashSet<String>>,
    /// The date review dates are judged against.
    today: Date,
}

impl<'a> Page_<'a> {
    fn opts(&'a self, ctx: Context<'a>) -> Opts<'a> {
        Opts {
            index: self.index,
            ctx,
            page: self.path,
            root: &self.root,
            allow_html: self.site.config.build.allow_html,
            used_terms: &self.used_terms,
            no_links: false,
        }
    }

    pub(super) fn block(&self, text: &str, ctx: Context) -> Value {
        Value::from_safe_string(markdown::block(text, &self.opts(ctx)))
    }

    /// Inline Markdown for the text of a link the template makes: without links of its own.
    fn inline_plain(&self, text: &str, ctx: Context) -> Value {
        let o = Opts {
            no_links: true,
            ..self.opts(ctx)
        };
        Value::from_safe_string(markdown::inline(text, &o))
    }

    pub(super) fn inline(&self, text: &str, ctx: Context) -> Value {
        Value::from_safe_string(markdown::inline(text, &self.opts(ctx)))
    }

    fn opt_block(&self, text: Option<&String>, ctx: Context) -> Value {
        text.map_or(Value::from(()), |t| self.block(t, ctx))
    }

    /// A site-relative address (with an optional `#anchor`) as seen from this page.
    pub(super) fn url(&self, path: &str) -> String {
        let (file, anchor) = path
            .split_once('#')
            .map_or((path, None), |(f, a)| (f, Some(a)));
        let mut url = if file == self.path {
            // The page itself: its own file name, which works from disk and from any sub-path.
            file.rsplit('/').next().unwrap_or(file).to_string()
        } else {
            format!("{}{file}", self.root)
        };
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        url
    }

    fn links_here(&self, key: &Linked) -> Value {
        self.backlinks
            .get(key)
            .into_iter()
            .map(|b| context! { title => b.title, url => self.url(&b.path) })
            .collect()
    }
}

pub(super) fn edition_ctx(e: &Edition) -> Context<'_> {
    Context {
        edition: Some((&e.catalogue, &e.id)),
    }
}

pub fn render_page(
    env: &Environment,
    site: &Site,
    index: &Index,
    backlinks: &Backlinks,
    diffs: &SiteDiffs,
    plan: &Plan,
    today: Date,
) -> Result<(String, &'static str), minijinja::Error> {
    let depth = plan.path.matches('/').count();
    let p = Page_ {
        site,
        diffs,
        index,
        backlinks,
        path: &plan.path,
        root: "../".repeat(depth),
        used_terms: RefCell::default(),
        today,
    };
    let none = Context::default();

    let (template, title, crumbs, credit, data): PageParts = match &plan.kind {
        Kind::Home => {
            let editions: Vec<Value> = site
                .catalogues
                .iter()
                .flat_map(|c| c.editions.iter().rev())
                .map(|e| edition_summary(&p, e))
                .collect();
            let areas: Vec<Value> = site
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
                                url => p.url(&format!("{}#area-{}", Route::edition(e).path(), a.id.value)),
                                count => e.standards.iter().filter(|s| s.area.value == a.id.value).count(),
                            }
                        })
                    })
                    .collect();
            let data = context! {
                editions,
                areas,
                policies => policy_list(&p),
                guidance => site.guidance.iter().map(|g| context! { title => g.meta.title, url => p.url(&Route::guidance(&g.slug).path()) }).collect::<Vec<_>>(),
                principles => site.principles.iter().map(|l| context! { title => l.title, url => p.url(&Route::principles(&l.slug).path()) }).collect::<Vec<_>>(),
                description => site.config.book.description.as_ref().map(|d| p.block(d, none)),
            };
            (
                "index.html",
                site.config.book.title.clone(),
                vec![],
                None,
                data,
            )
        }
        Kind::Edition(e) => {
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
                        .map(|s| {
                            context! {
                                id => s.id(),
                                url => p.url(&Route::standard(e, s.id()).path()),
                                headline => p.inline(&s.headline, ctx),
                            }
                        })
                        .collect();
                    context! {
                        id => a.id.value,
                        title => a.title,
                        description => p.opt_block(a.description.as_ref(), ctx),
                        standards,
                    }
                })
                .collect();
            let findings = p.diffs.declared.get(&e.key());
            let changes = e.changes.as_ref().map(|c| {
                    context! {
                        title => c.title.clone().unwrap_or_else(|| "Summary of changes".into()),
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
            edition => edition_summary(&p, e),
            description => p.opt_block(e.meta.description.as_ref(), ctx),
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
            (
                "edition.html",
                e.meta.title.clone(),
                vec![],
                Some(Credit::of_edition(e)),
                data,
            )
        }
        Kind::Standard(e, i) => {
            let s = &e.standards[*i];
            let data = standard_data(&p, e, *i);
            let area = e
                .area(&s.area.value)
                .map(|a| a.title.clone())
                .unwrap_or_default();
            (
                "standard.html",
                format!("Standard {}", s.id()),
                vec![
                    (e.meta.title.clone(), Route::edition(e).path()),
                    (
                        area,
                        format!("{}#area-{}", Route::edition(e).path(), s.area.value),
                    ),
                ],
                Some(Credit::of_edition(e)),
                data,
            )
        }
        Kind::References => {
            let mut refs: Vec<&Reference> = site.references.iter().collect();
            refs.sort_by_key(|r| r.title.to_lowercase());
            let items: Vec<Value> = refs
                .iter()
                .map(|r| {
                    context! {
                        title => r.title,
                        publisher => r.publisher,
                        url => p.url(&Route::reference(r.id()).path()),
                        cited => backlinks.get(&Linked::Page(Route::reference(r.id()))).len(),
                    }
                })
                .collect();
            (
                "references.html",
                "References".into(),
                vec![],
                None,
                context! { references => items },
            )
        }
        Kind::Reference(r) => {
            let data = context! {
                reference => context! {
                    id => r.id(),
                    title => r.title,
                    publisher => r.publisher,
                    cite => r.cite,
                    url => r.url,
                    description => p.opt_block(r.description.as_ref(), none),
                },
                links_here => p.links_here(&Linked::Page(Route::reference(r.id()))),
            };
            (
                "reference.html",
                r.title.clone(),
                vec![("References".into(), Route::References.path())],
                None,
                data,
            )
        }
        Kind::Glossary => {
            let terms: Vec<Value> = site
                .glossary
                .iter()
                .map(|t| {
                    context! {
                        term => t.term,
                        anchor => t.anchor(),
                        expansion => p.inline(&t.expansion, none),
                        expansion_text => t.expansion,
                        description => p.opt_block(t.description.as_ref(), none),
                        links_here => p.links_here(&Linked::Term(t.term.clone())),
                    }
                })
                .collect();
            (
                "glossary.html",
                "Glossary".into(),
                vec![],
                None,
                context! { terms },
            )
        }
        Kind::GuidanceIndex => {
            let pages: Vec<Value> = site
                    .guidance
                    .iter()
                    .map(|g| context! { title => g.meta.title, description => g.meta.description, url => p.url(&Route::guidance(&g.slug).path()) })
                    .collect();
            (
                "guidance-index.html",
                "Guidance".into(),
                vec![],
                None,
                context! { pages },
            )
        }
        Kind::Guidance(g) => {
            let data = context! {
                    toc => crate::markdown::headings(g.body()).into_iter().filter(|h| h.level == 2).map(|h| context! { id => h.id, text => h.text }).collect::<Vec<_>>(),
                    source => g.meta.source,
                body => p.block(g.body(), none),
                links_here => p.links_here(&Linked::Page(Route::guidance(&g.slug))),
            };
            let credit = Credit::of_source(g.meta.source.as_ref(), g.meta.licence.as_ref());
            (
                "guidance.html",
                g.meta.title.clone(),
                vec![("Guidance".into(), Route::GuidanceIndex.path())],
                credit,
                data,
            )
        }
        Kind::Policies => (
            "policies.html",
            "Policies and strategies".into(),
            vec![],
            None,
            context! { policies => policy_list(&p) },
        ),
        Kind::Policy(pol) => {
            let m = &pol.meta;
            let implements: Vec<Value> = m
                .implements
                .iter()
                .filter_map(|spec| index.standard(&spec.value, &none).ok())
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
                body => p.block(pol.body(), none),
                links_here => p.links_here(&Linked::Page(Route::policy(pol))),
            };
            let credit = Credit::of_source(
                m.source.as_ref().or(m.organisation.as_ref()),
                m.licence.as_ref(),
            );
            (
                "policy.html",
                m.title.clone(),
                vec![("Policies and strategies".into(), Route::Policies.path())],
                credit,
                data,
            )
        }
        Kind::EditionPrint(e) => {
            let standards: Vec<Value> = (0..e.standards.len())
                .map(|i| {
                    let mut v = standard_data(&p, e, i);
                    let url = p.url(&Route::standard(e, e.standards[i].id()).path());
                    v = context! { url, ..v };
                    v
                })
                .collect();
            (
                "edition-print.html",
                format!("{} (all standards)", e.meta.title),
                vec![(e.meta.title.clone(), Route::edition(e).path())],
                Some(Credit::of_edition(e)),
                context! {
                    edition => edition_summary(&p, e),
                    description => p.opt_block(e.meta.description.as_ref(), edition_ctx(e)),
                    standards,
                },
            )
        }
        Kind::Search => (
            "search.html",
            "Search".into(),
            vec![],
            None,
            context! { sections => nav(&p).into_iter().skip(1).collect::<Vec<_>>() },
        ),
        Kind::PolicyVersion(pol, v) => (
            "policy-version.html",
            format!(
                "{}: changes since {}",
                pol.meta.title,
                v.meta.version.as_deref().unwrap_or(&v.label)
            ),
            vec![
                ("Policies and strategies".into(), Route::Policies.path()),
                (pol.meta.title.clone(), Route::policy(pol).path()),
            ],
            Credit::of_source(
                pol.meta.source.as_ref().or(pol.meta.organisation.as_ref()),
                pol.meta.licence.as_ref(),
            ),
            context! {
                policy => context! { title => pol.meta.title, version => pol.meta.version, url => p.url(&Route::policy(pol).path()) },
                old => context! { label => v.label, version => v.meta.version, date => v.meta.date.map(|d| d.to_string()), note => v.meta.note },
                blocks => crate::diff::inline::blocks(v.body(), pol.body()).into_iter().map(|b| context! {
                    status => b.status.label(),
                    html => Value::from_safe_string(b.html),
                }).collect::<Vec<_>>(),
            },
        ),
        Kind::Changes(e, pair) => (
            "changes.html",
            format!("Changes since {}", pair.old),
            vec![(e.meta.title.clone(), Route::edition(e).path())],
            Some(Credit::of_edition(e)),
            changes::changes_page(&p, e, pair),
        ),
        Kind::Moved(e, pair, old) => (
            "moved.html",
            format!("Standard {old} of {}", pair.old),
            vec![(e.meta.title.clone(), Route::edition(e).path())],
            None,
            changes::moved_page(&p, e, pair, old),
        ),
        Kind::Coverage => (
            "coverage.html",
            "Coverage of the standards".into(),
            vec![("Policies and strategies".into(), Route::Policies.path())],
            None,
            coverage_data(&p),
        ),
        Kind::Review => {
            let policies: Vec<Value> = site
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
            let codes: Vec<Value> = backlinks
                .unknown_codes
                .iter()
                .map(|(code, pages)| context! {
                    code,
                    pages => pages.iter().map(|b| context! { title => b.title, url => p.url(&b.path) }).collect::<Vec<_>>(),
                })
                .collect();
            (
                "review.html",
                "Policy reviews".into(),
                vec![("Policies and strategies".into(), Route::Policies.path())],
                None,
                context! { policies, codes, today => p.today.to_string(), due_soon_days => crate::content::REVIEW_DUE_SOON_DAYS },
            )
        }
        Kind::Principles(l) => {
            let data = context! {
                description => p.opt_block(l.description.as_ref(), none),
                source => l.source,
                principles => l.principles.iter().map(|x| context! {
                    title => x.title,
                    text => p.opt_block(x.text.as_ref(), none),
                    examples => x.examples.iter().map(|e| p.inline(e, none)).collect::<Vec<_>>(),
                }).collect::<Vec<_>>(),
            };
            let credit = Credit::of_source(l.source.as_ref(), l.licence.as_ref());
            ("principles.html", l.title.clone(), vec![], credit, data)
        }
    };

    let mut breadcrumbs = vec![context! { title => "Home", url => p.url(&Route::Home.path()) }];
    breadcrumbs.extend(
        crumbs
            .iter()
            .map(|(t, u)| context! { title => t, url => p.url(u) }),
    );
    let tmpl = env.get_template(template)?;
    let html = tmpl.render(context! {
        site => context! {
            title => site.config.book.title,
            organisation => site.config.book.organisation,
            language => site.config.book.language,
            search => site.config.build.search,
        },
        root => p.root,
        path => plan.path,
        title,
        breadcrumbs,
        nav => nav(&p),
        credit => credit.map(|c| context! { text => c.text, licence => c.licence, licence_url => c.licence_url }),
        ..data
    })?;
    Ok((html, template))
}

/// A page's template, title, breadcrumbs (title, site-relative address) between Home and the
/// page, credit, and template data.
type PageParts = (
    &'static str,
    String,
    Vec<(String, String)>,
    Option<Credit>,
    Value,
);

/// Whose text a page carries, and under what licence: shown in the page footer.
struct Credit {
    text: String,
    licence: Option<String>,
    licence_url: Option<String>,
}

impl Credit {
    fn of_source(source: Option<&String>, licence: Option<&String>) -> Option<Credit> {
        source.map(|s| Credit {
            text: s.clone(),
            licence: licence.cloned(),
            licence_url: licence.and_then(|l| ogl_url(l)),
        })
    }

    fn of_edition(e: &Edition) -> Credit {
        let publisher = e.meta.publisher.clone().unwrap_or_default();
        Credit {
            text: format!("{}, {}", publisher, e.meta.title)
                .trim_start_matches(", ")
                .to_string(),
            licence: e.meta.licence.clone(),
            licence_url: e
                .meta
                .licence_url
                .clone()
                .or_else(|| e.meta.licence.as_deref().and_then(ogl_url)),
        }
    }
}

fn ogl_url(licence: &str) -> Option<String> {
    licence.contains("Open Government Licence").then(|| {
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/".to_string()
    })
}

fn nav(p: &Page_) -> Vec<Value> {
    let site = p.site;
    let mut items: Vec<(String, String)> = vec![("Home".into(), Route::Home.path())];
    for c in &site.catalogues {
        if let Some(e) = c.editions.last() {
            items.push(("Standards".into(), Route::edition(e).path()));
        }
    }
    if !site.policies.is_empty() {
        items.push(("Policies".into(), Route::Policies.path()));
        if !site.catalogues.is_empty() {
            items.push(("Coverage".into(), Route::Coverage.path()));
        }
        items.push(("Reviews".into(), Route::Review.path()));
    }
    if !site.guidance.is_empty() {
        items.push(("Guidance".into(), Route::GuidanceIndex.path()));
    }
    if !site.references.is_empty() {
        items.push(("References".into(), Route::References.path()));
    }
    if !site.glossary.is_empty() {
        items.push(("Glossary".into(), Route::Glossary.path()));
    } // The current item: the page itself, else the index of the page's section.
    let exact = items.iter().any(|(_, path)| path == p.path);
    let section = |path: &str| path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    items
        .into_iter()
        .map(|(title, path)| {
            let current = if exact {
                path == p.path
            } else {
                path.ends_with("/index.html") && p.path.starts_with(&format!("{}/", section(&path)))
            };
            context! { title, url => p.url(&path), current }
        })
        .collect()
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

fn edition_summary(p: &Page_, e: &Edition) -> Value {
    context! {
        key => e.key(),
        id => e.id,
        title => e.meta.title,
        publisher => e.meta.publisher,
        published => e.meta.published.map(|d| d.to_string()),
        licence => e.meta.licence,
        url => p.url(&Route::edition(e).path()),
        count => e.standards.len(),
    }
}

fn policy_list(p: &Page_) -> Vec<Value> {
    p.site
        .policies
        .iter()
        .map(|pol| {
            context! {
                title => pol.meta.title,
                kind => pol.meta.kind.label(),
                organisation => pol.meta.organisation,
                code => pol.meta.code,
                version => pol.meta.version,
                owner => pol.meta.owner,
                review => pol.meta.review.as_ref().map(|d| d.value.to_string()),
                url => p.url(&Route::policy(pol).path()),
            }
        })
        .collect()
}

fn standard_data(p: &Page_, e: &Edition, i: usize) -> Value {
    let s: &Standard = &e.standards[i];
    let ctx = edition_ctx(e);
    let ratings = e.meta.ratings.as_ref();
    let list = |items: &Vec<String>| items.iter().map(|t| p.inline(t, ctx)).collect::<Vec<_>>();
    let criteria = vec![
        context! { id => "not-met", rag => "red", rating => "Red", label => "Organisation does not meet the standard",
        meaning => ratings.map(|r| p.inline(&r.red, ctx)), items => list(&s.criteria.not_met) },
        context! { id => "partially-met", rag => "amber", rating => "Amber", label => "Organisation partially meets the standard",
        meaning => ratings.map(|r| p.inline(&r.amber, ctx)), items => list(&s.criteria.partially_met) },
        context! { id => "met", rag => "green", rating => "Green", label => "Organisation meets the standard",
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
            .map(|n| context! { id => n.id(), url => p.url(&Route::standard(e, n.id()).path()) })
    };
    context! {
        standard => context! {
            id => s.id(),
            headline => p.inline(&s.headline, ctx),
            area => e.area(&s.area.value).map(|a| a.title.clone()),
            area_url => p.url(&format!("{}#area-{}", Route::edition(e).path(), s.area.value)),
            rationale => p.opt_block(s.rationale.as_ref(), ctx),
            previous => s.previous,
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
