//! The pages of a site: which there are ([`plan`]), and for each kind of page one function
//! that makes its template's data ([`Parts`]); [`render_page`] puts a page through its
//! template. The words a reader sees around the data are the templates' (`themes/`).

mod changes;
mod impact;
mod library;
mod page;
mod policies;
mod standards;

use std::cell::RefCell;
use std::collections::HashSet;

use minijinja::{Environment, context};

use crate::content::{Edition, Page, Policy, PolicyVersion, PrincipleList, Reference, Site};
use crate::diagnostic::Source;
use crate::diff::{EditionPair, SiteDiffs};
use crate::routes::Route;
use crate::xref::{Index, Resolved};
use changes::{changes, moved};
use library::{
    accessibility, glossary, guidance, guidance_index, not_found, principles, reference, references,
};
use page::{Label, Page_, Parts, nav};
use policies::{coverage, policies, policy, policy_print, policy_version, review};
use standards::{edition, edition_print, home, search, standard};

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
    /// A policy laid out for printing.
    PolicyPrint(&'s Policy),
    /// The page a web server shows for an address the site does not have.
    NotFound,
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
    /// The accessibility statement, from `book.toml`'s `[accessibility]`.
    Accessibility,
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
            Kind::Policy(p) | Kind::PolicyPrint(p) => Some(&p.source),
            Kind::Principles(l) => Some(&l.file),
            Kind::Home
            | Kind::Search
            | Kind::GuidanceIndex
            | Kind::Policies
            | Kind::Coverage
            | Kind::Review
            | Kind::NotFound
            | Kind::Accessibility
            | Kind::Changes(..)
            | Kind::Moved(..) => None,
            Kind::EditionPrint(e) => Some(&e.source),
            Kind::PolicyVersion(_, v) => Some(&v.source),
        }
    }
}

impl<'s> Plan<'s> {
    /// Whether the page shows text that `suspect` accepts, for `check`, which renders only
    /// such pages. A text is named by its home page, the page the resolver files it under
    /// (`xref::Backlinks::suspect`): a standard's fields under the standard's page, an
    /// edition's description, areas, changes and licence under the edition's page, a policy's
    /// body and note under the policy's page. Conservative: a page that gathers text from
    /// many (an edition's list and printable page, the coverage matrix, a policy's claimed
    /// standards) asks for each; an older version of a policy shows text no resolver reads,
    /// so it always counts.
    pub fn shows(&self, index: &Index<'s>, suspect: &dyn Fn(&str) -> bool) -> bool {
        let site = index.site();
        let standard = |e: &Edition, id: &str| suspect(&Route::standard(e, id).path());
        let edition = |e: &Edition| suspect(&Route::edition(e).path());
        let edition_wide =
            |e: &Edition| edition(e) || e.standards.iter().any(|s| standard(e, s.id()));
        let editions = || site.catalogues.iter().flat_map(|c| &c.editions);
        match &self.kind {
            Kind::PolicyVersion(..) => true,
            // The areas' descriptions of each catalogue's newest edition.
            Kind::Home => editions().any(edition),
            // The edition's ratings and guidance introduction, and its credit line, are on
            // every page of its standards.
            Kind::Edition(e) | Kind::EditionPrint(e) => edition_wide(e),
            Kind::Standard(e, i) => standard(e, e.standards[*i].id()) || edition(e),
            Kind::Changes(e, _) | Kind::Moved(e, ..) => edition(e),
            // A policy's page lists the headlines of the standards it claims.
            Kind::Policy(p) | Kind::PolicyPrint(p) => {
                suspect(&Route::policy(p).path())
                    || p.meta.implements.iter().any(|spec| {
                        crate::xref::claims::claim(index, p, &spec.value)
                            .is_ok_and(|(e, s)| standard(e, s.id()))
                    })
            }
            Kind::Coverage => editions().any(|e| e.standards.iter().any(|s| standard(e, s.id()))),
            Kind::Reference(r) => suspect(&Route::reference(r.id()).path()),
            Kind::Glossary => suspect(&Route::Glossary.path()),
            Kind::Guidance(g) => suspect(&Route::guidance(&g.slug).path()),
            Kind::Principles(l) => suspect(&Route::principles(&l.slug).path()),
            // Titles, dates and `book.toml`'s words: no author's link.
            Kind::Search
            | Kind::References
            | Kind::GuidanceIndex
            | Kind::Policies
            | Kind::Review
            | Kind::NotFound
            | Kind::Accessibility => false,
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
            out.push(Plan {
                path: Route::policy_print(p).path(),
                kind: Kind::PolicyPrint(p),
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
    out.push(Plan {
        path: Route::Accessibility.path(),
        kind: Kind::Accessibility,
    });
    out.push(Plan {
        path: Route::NotFound.path(),
        kind: Kind::NotFound,
    });
    out
}

pub fn render_page(
    env: &Environment,
    r: &Resolved,
    plan: &Plan,
) -> Result<(String, &'static str), minijinja::Error> {
    let site = &r.site;
    let index = r.index();
    let depth = plan.path.matches('/').count();
    let p = &Page_ {
        site,
        diffs: &r.diffs,
        index: &index,
        backlinks: &r.backlinks,
        path: &plan.path,
        // The not-found page is shown at any address: with the site's public address its links
        // are absolute, else relative to the site root (where a web server keeps it).
        root: match (&plan.kind, site.config.book.url.as_deref()) {
            (Kind::NotFound, Some(url)) => format!("{}/", url.trim_end_matches('/')),
            _ => "../".repeat(depth),
        },
        used_terms: RefCell::default(),
        today: r.today,
    };
    let Parts {
        template,
        title,
        crumbs,
        credit,
        data,
    } = match &plan.kind {
        Kind::Home => home(p),
        Kind::Edition(e) => edition(p, e),
        Kind::Standard(e, i) => standard(p, e, *i),
        Kind::References => references(p),
        Kind::Reference(r) => reference(p, r),
        Kind::Glossary => glossary(p),
        Kind::GuidanceIndex => guidance_index(p),
        Kind::Guidance(g) => guidance(p, g),
        Kind::Policies => policies(p),
        Kind::Policy(pol) => policy(p, pol),
        Kind::PolicyPrint(pol) => policy_print(p, pol),
        Kind::NotFound => not_found(p),
        Kind::EditionPrint(e) => edition_print(p, e),
        Kind::Search => search(p),
        Kind::PolicyVersion(pol, v) => policy_version(p, pol, v),
        Kind::Changes(e, pair) => changes(p, e, pair),
        Kind::Moved(e, pair, old) => moved(p, e, pair, old),
        Kind::Coverage => coverage(p),
        Kind::Review => review(p),
        Kind::Principles(l) => principles(p, l),
        Kind::Accessibility => accessibility(p),
    };

    let mut breadcrumbs =
        vec![context! { url => p.url(&Route::Home.path()), ..Label::key("home").value() }];
    breadcrumbs.extend(
        crumbs
            .iter()
            .map(|(label, u)| context! { url => p.url(u), ..label.value() }),
    );
    let tmpl = env.get_template(template)?;
    let html = tmpl.render(context! {
        site => context! {
            title => site.config.book.title,
            organisation => site.config.book.organisation,
            language => site.config.book.language,
            search => site.config.build.search,
            drafts => site.config.build.drafts && site.policies.iter().any(|p| p.status() == crate::content::PolicyStatus::Draft),
        },
        root => p.root,
        path => plan.path,
        title => title.value(),
        breadcrumbs,
        nav => nav(p),
        org => page::organisation(p),
        credit => credit.map(|c| context! { text => c.text, licence => c.licence, licence_url => c.licence_url }),
        ..data
    })?;
    Ok((html, template))
}
