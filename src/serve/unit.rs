//! One source file as `serve` redoes it after an edit: which part of the site it holds (a
//! policy, a guidance page, a standard, the glossary), reading it again, checking that the
//! edit leaves the site's shape alone (the same pages, ids, anchors and the checks made across
//! files), swapping it into the loaded site, and what it links to and is linked as.

use std::path::Path;

use crate::content::{self, Page, Policy, Site, Standard, Term};
use crate::diagnostic::{Diagnostics, Source};
use crate::markdown;
use crate::routes::{Linked, Route};
use crate::xref::{self, Backlinks, Index};

/// The part of the site a source file holds, by its position in the loaded site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Policy(usize),
    Guidance(usize),
    /// Catalogue, edition, standard.
    Standard(usize, usize, usize),
    Glossary,
}

/// A unit as read from its file.
pub enum Loaded {
    Policy(Box<Policy>),
    Guidance(Box<Page>),
    Standard(Box<Standard>),
    Glossary(Vec<Term>, Option<Source>),
}

impl Unit {
    /// The unit the file `rel` (from the site root) holds, if it is one of these kinds.
    pub fn of(site: &Site, rel: &Path) -> Option<Unit> {
        let parts: Vec<&str> = rel.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
        let rel_str = parts.join("/");
        match parts.as_slice() {
            [first, rest @ ..] if *first == crate::layout::POLICIES && !rest.is_empty() => {
                // `policies/<folder>/<name>.md`, whose key is `<folder>/<name>`; an earlier
                // version (`policies/<key>/<label>.md`) names no policy.
                let key = rest.join("/");
                let key = key.strip_suffix(".md")?;
                site.policies
                    .iter()
                    .position(|p| p.key() == key)
                    .map(Unit::Policy)
            }
            [c, "guidance", name] if *c == crate::layout::CONTENT => {
                let slug = name.strip_suffix(".md")?;
                site.guidance
                    .iter()
                    .position(|g| g.slug == slug)
                    .map(Unit::Guidance)
            }
            [c, "glossary.yaml"] if *c == crate::layout::CONTENT => {
                site.glossary_source.as_ref().map(|_| Unit::Glossary)
            }
            [c, "standards", _, _, _] if *c == crate::layout::CONTENT => {
                // A standard's own YAML file; not an imported catalogue's, which holds many.
                let mut found = None;
                for (ci, cat) in site.catalogues.iter().enumerate() {
                    for (ei, e) in cat.editions.iter().enumerate() {
                        for (si, s) in e.standards.iter().enumerate() {
                            if s.source.path.to_str() == Some(&rel_str) {
                                if found.is_some() {
                                    return None;
                                }
                                found = Some(Unit::Standard(ci, ei, si));
                            }
                        }
                    }
                }
                found
            }
            _ => None,
        }
    }

    /// Reads the unit again from `path`; `None` when it has an error (a full build reports
    /// it) or when the edit changes the site's shape: what pages there are, the ids and anchors
    /// other texts link to, and what is checked across files (a policy's code, status and
    /// `supersedes`; a standard's area and lineage; the order of guidance pages; the glossary's
    /// terms, which every text is scanned for).
    pub fn reload(&self, root: &Path, path: &Path, site: &Site) -> Option<Loaded> {
        match *self {
            Unit::Policy(at) => {
                let old = &site.policies[at];
                let new = content::load_policy(root, path).ok()?;
                let same = old.anchors == new.anchors
                    && old.meta.code == new.meta.code
                    && old.status() == new.status()
                    && old.meta.supersedes.iter().map(|s| &s.value).eq(new
                        .meta
                        .supersedes
                        .iter()
                        .map(|s| &s.value));
                same.then(|| Loaded::Policy(Box::new(new)))
            }
            Unit::Guidance(at) => {
                let old = &site.guidance[at];
                let new = content::load_page(root, path).ok()?;
                let same = old.meta.order == new.meta.order
                    && markdown::anchors(old.body()) == markdown::anchors(new.body());
                same.then(|| Loaded::Guidance(Box::new(new)))
            }
            Unit::Standard(c, e, i) => {
                let old = &site.catalogues[c].editions[e].standards[i];
                let new = content::load_standard(root, path).ok()?;
                let same = old.id.value == new.id.value
                    && old.area.value == new.area.value
                    && old.previous == new.previous
                    && format!("{:?}", old.withdrawn) == format!("{:?}", new.withdrawn);
                same.then(|| Loaded::Standard(Box::new(new)))
            }
            Unit::Glossary => {
                let (terms, source) = content::reload_glossary(root).ok()?;
                let same = terms.len() == site.glossary.len()
                    && terms
                        .iter()
                        .zip(&site.glossary)
                        .all(|(a, b)| a.term == b.term);
                same.then_some(Loaded::Glossary(terms, source))
            }
        }
    }

    /// Puts `new` in the unit's place in `site` and returns what was there; swapping that back
    /// undoes it. A policy keeps its earlier versions and attachments (other files).
    pub fn swap(&self, site: &mut Site, new: Loaded) -> Loaded {
        match (*self, new) {
            (Unit::Policy(at), Loaded::Policy(mut p)) => {
                let old = &mut site.policies[at];
                p.versions = std::mem::take(&mut old.versions);
                p.attachments = std::mem::take(&mut old.attachments);
                Loaded::Policy(Box::new(std::mem::replace(old, *p)))
            }
            (Unit::Guidance(at), Loaded::Guidance(g)) => {
                Loaded::Guidance(Box::new(std::mem::replace(&mut site.guidance[at], *g)))
            }
            (Unit::Standard(c, e, i), Loaded::Standard(s)) => Loaded::Standard(Box::new(
                std::mem::replace(&mut site.catalogues[c].editions[e].standards[i], *s),
            )),
            (Unit::Glossary, Loaded::Glossary(terms, source)) => Loaded::Glossary(
                std::mem::replace(&mut site.glossary, terms),
                std::mem::replace(&mut site.glossary_source, source),
            ),
            (_, new) => new,
        }
    }

    /// What the unit's page links to, and the links that lead nowhere.
    pub fn links(&self, index: &Index) -> (Backlinks, Diagnostics) {
        let site = index.site();
        match *self {
            Unit::Policy(at) => xref::policy_links(index, &site.policies[at]),
            Unit::Guidance(at) => xref::guidance_links(index, &site.guidance[at]),
            Unit::Standard(c, e, i) => {
                let e = &site.catalogues[c].editions[e];
                xref::standard_links(index, e, &e.standards[i])
            }
            Unit::Glossary => xref::glossary_links(index),
        }
    }

    /// What links to the unit are keyed by, each with its face: what other pages show of it
    /// (a title, a headline, a term's definition), compared before and after an edit.
    pub fn faces(&self, site: &Site) -> Vec<(Linked, String)> {
        match *self {
            Unit::Policy(at) => {
                let p = &site.policies[at];
                vec![(Linked::Page(Route::policy(p)), format!("{:?}", p.meta))]
            }
            Unit::Guidance(at) => {
                let g = &site.guidance[at];
                vec![(
                    Linked::Page(Route::guidance(&g.slug)),
                    format!("{:?}", g.meta),
                )]
            }
            Unit::Standard(c, e, i) => {
                let e = &site.catalogues[c].editions[e];
                let s = &e.standards[i];
                let face = format!("{:?} {:?} {:?}", s.title, s.headline, s.withdrawn);
                vec![(Linked::Page(Route::standard(e, s.id())), face)]
            }
            Unit::Glossary => site
                .glossary
                .iter()
                .map(|t| {
                    let face = format!("{:?}", t);
                    (Linked::Term(t.term.clone()), face)
                })
                .collect(),
        }
    }

    /// The standards a policy implements (its `implements`): each of their implementing
    /// policies' pages names it.
    pub fn implements(&self, index: &Index) -> Vec<Linked> {
        let Unit::Policy(at) = *self else {
            return Vec::new();
        };
        index.site().policies[at]
            .meta
            .implements
            .iter()
            .filter_map(|spec| index.standard(&spec.value, &Default::default()).ok())
            .map(|(e, s)| Linked::Page(Route::standard(e, s.id())))
            .collect()
    }

    /// The page that shows the unit itself.
    pub fn page(&self, site: &Site) -> Route {
        match *self {
            Unit::Policy(at) => Route::policy(&site.policies[at]),
            Unit::Guidance(at) => Route::guidance(&site.guidance[at].slug),
            Unit::Standard(c, e, i) => {
                let e = &site.catalogues[c].editions[e];
                Route::standard(e, e.standards[i].id())
            }
            Unit::Glossary => Route::Glossary,
        }
    }

    /// The pages that show the unit itself, and with `listed` (its face changed) the pages
    /// that list it.
    pub fn own_pages(&self, site: &Site, listed: bool) -> Vec<Route> {
        let mut pages = Vec::new();
        match *self {
            Unit::Policy(at) => {
                let p = &site.policies[at];
                pages.extend([Route::policy(p), Route::policy_print(p)]);
                pages.extend(p.versions.iter().map(|v| Route::version(p, v)));
                if listed {
                    pages.extend([Route::Policies, Route::Coverage, Route::Review, Route::Home]);
                }
            }
            Unit::Guidance(at) => {
                pages.push(Route::guidance(&site.guidance[at].slug));
                if listed {
                    pages.extend([Route::GuidanceIndex, Route::Home]);
                }
            }
            Unit::Standard(c, e, i) => {
                let e = &site.catalogues[c].editions[e];
                pages.extend([Route::standard(e, e.standards[i].id()), Route::print(e)]);
                if listed {
                    // Its neighbours' pages (their "previous" and "next" name it), and the
                    // pages that list it.
                    let near = i.saturating_sub(1)..(i + 2).min(e.standards.len());
                    pages.extend(near.map(|j| Route::standard(e, e.standards[j].id())));
                    pages.extend([Route::edition(e), Route::Coverage, Route::Home]);
                }
            }
            Unit::Glossary => pages.push(Route::Glossary),
        }
        pages
    }
}
