//! The index of a site's link targets: where `std:`, `policy:`, `term:`, `ref:` and
//! `guidance:` references lead, looked up rather than searched for.

// Lookups here run for every word of every text (is it a glossary term?), so the hasher is
// rustc's: fast on short keys, and no untrusted input chooses the keys.
use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use super::{Context, STANDARD_ANCHORS, Target};
use crate::content::{Catalogue, Edition, Policy, Reference, Site, Standard, Term, compare_ids};
use crate::diagnostic::did_you_mean;
use crate::markdown;
use crate::routes::{Linked, Route};

/// An edition's position in the site (catalogue, edition), and its standards' positions by id.
type EditionIds = ((usize, usize), HashMap<String, usize>);

/// The index's data: positions in the site by name, owned, so that it can be kept beside the
/// site it indexes (see [`super::Resolved`]) rather than borrow it. It stays right for as long
/// as the site keeps its shape: the same catalogues, editions, standards, policies, terms,
/// references and guidance pages in the same places, and the same guidance anchors.
#[derive(Debug, Clone)]
pub struct Targets {
    /// catalogue -> edition -> (edition, standard id -> position in `edition.standards`).
    standards: HashMap<String, HashMap<String, EditionIds>>,
    /// A policy by its path under `policies/` (`it/backup`), and by its file name (`backup`)
    /// when no other policy has it.
    policies: HashMap<String, usize>,
    /// File names more than one policy has: each must be written with its folder.
    ambiguous: HashMap<String, Vec<String>>,
    codes: HashMap<String, usize>,
    terms: HashMap<String, usize>,
    /// A quick no for most words: the first bytes and the lengths (up to 63) terms have.
    term_first: [bool; 256],
    term_lens: u64,
    refs: HashMap<String, usize>,
    guidance: HashMap<String, (usize, Vec<String>)>,
}

impl Targets {
    pub fn new(site: &Site) -> Targets {
        let mut standards: HashMap<String, HashMap<String, _>> = HashMap::default();
        for (ci, c) in site.catalogues.iter().enumerate() {
            let eds = standards.entry(c.id.clone()).or_default();
            for (ei, e) in c.editions.iter().enumerate() {
                let ids = e
                    .standards
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.id().to_string(), i))
                    .collect();
                eds.insert(e.id.clone(), ((ci, ei), ids));
            }
        }
        let mut term_first = [false; 256];
        let mut term_lens = 0u64;
        for t in &site.glossary {
            if let Some(&b) = t.term.as_bytes().first() {
                term_first[b as usize] = true;
            }
            if t.term.len() < 64 {
                term_lens |= 1 << t.term.len();
            }
        }
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut policies: HashMap<String, usize> = HashMap::default();
        for (i, p) in site.policies.iter().enumerate() {
            policies.insert(p.key(), i);
            by_name.entry(p.id.as_str()).or_default().push(i);
        }
        let mut ambiguous = HashMap::default();
        for (name, at) in by_name {
            match at.as_slice() {
                [i] => {
                    policies.entry(name.to_string()).or_insert(*i);
                }
                _ => {
                    let keys = at.iter().map(|&i| site.policies[i].key()).collect();
                    ambiguous.insert(name.to_string(), keys);
                }
            }
        }
        Targets {
            standards,
            term_first,
            term_lens,
            policies,
            ambiguous,
            codes: site
                .policies
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.meta.code.clone().map(|c| (c, i)))
                .collect(),
            terms: site
                .glossary
                .iter()
                .enumerate()
                .map(|(i, t)| (t.term.clone(), i))
                .collect(),
            refs: site
                .references
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id().to_string(), i))
                .collect(),
            guidance: site
                .guidance
                .iter()
                .enumerate()
                .map(|(i, p)| (p.slug.clone(), (i, markdown::anchors(p.body()))))
                .collect(),
        }
    }
}

/// The index of a site's link targets: its [`Targets`] with the site they point into, made
/// for the moment ([`Index::new`]) or from targets kept ([`Index::with`]).
pub struct Index<'s> {
    site: &'s Site,
    targets: Cow<'s, Targets>,
}

impl<'s> std::ops::Deref for Index<'s> {
    type Target = Targets;
    fn deref(&self) -> &Targets {
        &self.targets
    }
}

impl<'s> Index<'s> {
    pub fn new(site: &'s Site) -> Self {
        Index {
            site,
            targets: Cow::Owned(Targets::new(site)),
        }
    }

    /// The index of `site` from targets made of it before (and kept).
    pub fn with(site: &'s Site, targets: &'s Targets) -> Self {
        Index {
            site,
            targets: Cow::Borrowed(targets),
        }
    }

    fn edition(&self, at: (usize, usize)) -> &'s Edition {
        &self.site.catalogues[at.0].editions[at.1]
    }

    /// The standard `id` of edition `e`, looked up rather than searched for.
    pub fn standard_in(&self, e: &Edition, id: &str) -> Option<&'s Standard> {
        let (at, ids) = self
            .standards
            .get(e.catalogue.as_str())?
            .get(e.id.as_str())?;
        ids.get(id).map(|&i| &self.edition(*at).standards[i])
    }

    /// The reference `id`.
    pub fn reference(&self, id: &str) -> Option<&'s Reference> {
        self.refs.get(id).map(|&i| &self.site.references[i])
    }

    pub fn site(&self) -> &'s Site {
        self.site
    }

    /// The glossary entry of a term, matched exactly.
    pub fn term(&self, word: &str) -> Option<&'s Term> {
        let first = *word.as_bytes().first()?;
        let len_ok = word.len() >= 64 || self.term_lens & (1 << word.len()) != 0;
        if !self.term_first[first as usize] || !len_ok {
            return None;
        }
        self.terms.get(word).map(|&i| &self.site.glossary[i])
    }

    /// The policy that `name` (`it/backup`, or `backup` when unique) names.
    pub fn policy(&self, name: &str) -> Option<&'s Policy> {
        self.policies.get(name).map(|&i| &self.site.policies[i])
    }

    /// Why `name` names no policy, in words an author can act on.
    pub fn no_policy(&self, name: &str) -> String {
        if let Some(keys) = self.ambiguous.get(name) {
            return format!(
                "{} policies are named \"{name}\": write its folder too ({})",
                keys.len(),
                keys.join(", ")
            );
        }
        if self
            .site
            .drafts_left_out
            .iter()
            .any(|k| k == name || k.rsplit('/').next() == Some(name))
        {
            return format!(
                "policy \"{name}\" is a draft, left out of this build (build with --drafts to include it)"
            );
        }
        format!(
            "no policy \"{name}\"{}",
            did_you_mean(name, self.policies.keys().map(String::as_str).collect())
        )
    }

    /// The guidance page `slug`, with its anchors.
    pub fn guidance_page(&self, slug: &str) -> Option<(&'s crate::content::Page, &[String])> {
        self.guidance
            .get(slug)
            .map(|(i, anchors)| (&self.site.guidance[*i], anchors.as_slice()))
    }

    /// The policy whose `code` is `code`.
    pub fn policy_by_code(&self, code: &str) -> Option<&'s Policy> {
        self.codes.get(code).map(|&i| &self.site.policies[i])
    }

    /// The newest edition of a catalogue.
    pub fn latest(&self, catalogue: &str) -> Option<&'s Edition> {
        self.site
            .catalogues
            .iter()
            .find(|c| c.id == catalogue)
            .and_then(|c| c.editions.last())
    }

    /// Finds a standard by `catalogue/edition/id`, `catalogue/id` (newest edition) or `id`
    /// (the context's edition, or the newest edition when the site has one catalogue).
    pub fn standard(
        &self,
        spec: &str,
        ctx: &Context,
    ) -> Result<(&'s Edition, &'s Standard), String> {
        self.find_standard(spec, ctx, false)
    }

    /// The same, for a reference that is reported when it leads nowhere: an id the edition
    /// lacks is explained by the lineage where another edition has it ("3.1 of cat/2025 was
    /// renumbered to 3.3 in cat/2026"), which takes the editions' diffs to work out.
    pub fn standard_explained(
        &self,
        spec: &str,
        ctx: &Context,
    ) -> Result<(&'s Edition, &'s Standard), String> {
        self.find_standard(spec, ctx, true)
    }

    fn find_standard(
        &self,
        spec: &str,
        ctx: &Context,
        explain: bool,
    ) -> Result<(&'s Edition, &'s Standard), String> {
        let (edition, id) = self.locate(spec, ctx)?;
        self.standard_in(edition, id)
            .map(|s| (edition, s))
            .ok_or_else(|| {
                let hint = explain
                    .then(|| super::lineage::hint(self.site, edition, id))
                    .flatten();
                self.no_standard(edition, id, hint)
            })
    }

    /// "no standard 3.1 in cat/2026", with the lineage's word on it, or else the ids it may
    /// be a slip for.
    pub fn no_standard(&self, edition: &Edition, id: &str, hint: Option<String>) -> String {
        let (_, ids) = &self.standards[edition.catalogue.as_str()][edition.id.as_str()];
        match hint {
            Some(h) => format!("no standard {id} in {}: {h}", edition.key()),
            None => format!(
                "no standard {id} in {}{}",
                edition.key(),
                did_you_mean_id(id, ids.keys().map(String::as_str))
            ),
        }
    }

    /// The edition a standard reference names, and the id in it.
    pub fn locate<'a>(
        &self,
        spec: &'a str,
        ctx: &Context,
    ) -> Result<(&'s Edition, &'a str), String> {
        let parts: Vec<&str> = spec.split('/').collect();
        let (edition, id): (&Edition, &str) = match parts.as_slice() {
            [cat, ed, id] => {
                let eds = self.standards.get(*cat).ok_or_else(|| {
                    format!("no catalogue \"{cat}\"{}", self.suggest_catalogue(cat))
                })?;
                let (at, _) = eds.get(*ed).ok_or_else(|| {
                    let names: Vec<&str> = eds.keys().map(String::as_str).collect();
                    format!("no edition \"{ed}\" of {cat}{}", did_you_mean(ed, names))
                })?;
                (self.edition(*at), id)
            }
            [cat, id] => {
                let c = self
                    .site
                    .catalogues
                    .iter()
                    .find(|c| c.id == *cat)
                    .ok_or_else(|| {
                        format!("no catalogue \"{cat}\"{}", self.suggest_catalogue(cat))
                    })?;
                (self.current(c, ctx, id)?, id)
            }
            [id] => {
                let e = match ctx.edition {
                    Some((cat, ed)) => self
                        .standards
                        .get(cat)
                        .and_then(|m| m.get(ed))
                        .map(|(at, _)| self.edition(*at)),
                    None => match self.site.catalogues.as_slice() {
                        [only] => Some(self.current(only, ctx, id)?),
                        [] => None,
                        _ => {
                            return Err(format!(
                                "standard \"{id}\" is ambiguous: this site has several catalogues; write catalogue/edition/{id}"
                            ));
                        }
                    },
                };
                let e = e.ok_or_else(|| "this site has no standards".to_string())?;
                (e, id)
            }
            _ => {
                return Err(format!(
                    "\"{spec}\" is not a standard: write id, catalogue/id or catalogue/edition/id"
                ));
            }
        };
        Ok((edition, id))
    }

    /// The edition of `c` a reference without one means: the one current when the policy
    /// whose text holds it was approved, else the newest.
    fn current(&self, c: &'s Catalogue, ctx: &Context, id: &str) -> Result<&'s Edition, String> {
        match ctx.approved {
            Some(d) => super::current::current_edition(c, Some(d), id),
            None => c
                .editions
                .last()
                .ok_or_else(|| format!("catalogue \"{}\" has no editions", c.id)),
        }
    }

    fn suggest_catalogue(&self, cat: &str) -> String {
        did_you_mean(cat, self.standards.keys().map(String::as_str).collect())
    }

    /// Resolves a link destination. `None` when it is not a cross-reference (an ordinary URL).
    pub fn resolve(&self, dest: &str, ctx: &Context) -> Option<Result<Target, String>> {
        if let Some(dir) = ctx.dir
            && super::relative::is_relative(dest)
        {
            return super::relative::resolve(self, dir, dest);
        }
        let (scheme, rest) = dest.split_once(':')?;
        let (name, fragment) = match rest.split_once('#') {
            Some((n, f)) => (n, Some(f.to_string())),
            None => (rest, None),
        };
        let result = match scheme {
            "std" => self.standard_explained(name, ctx).and_then(|(e, s)| {
                if let Some(f) = &fragment
                    && !STANDARD_ANCHORS.contains(&f.as_str())
                {
                    return Err(format!(
                        "no anchor \"#{f}\" on a standard page (anchors: {})",
                        STANDARD_ANCHORS.join(", ")
                    ));
                }
                Ok(Target {
                    path: Route::standard(e, s.id()).path(),
                    fragment: fragment.clone(),
                    title: s.name(),
                    hover: None,
                    key: Linked::Page(Route::standard(e, s.id())),
                })
            }),
            "policy" => match self.policies.get(name) {
                Some(&i) => {
                    let p = &self.site.policies[i];
                    match &fragment {
                        Some(f) if !p.anchors.iter().any(|a| a == f) => Err(format!(
                            "no paragraph or heading \"{f}\" in policy {name}{}",
                            did_you_mean_id(f, p.anchors.iter().map(String::as_str))
                        )),
                        _ => Ok(Target {
                            path: Route::policy(p).path(),
                            fragment: fragment.clone(),
                            title: match &fragment {
                                Some(f) => format!("{} §{f}", p.meta.title),
                                None => p.meta.title.clone(),
                            },
                            hover: None,
                            key: Linked::Page(Route::policy(p)),
                        }),
                    }
                }
                None => Err(self.no_policy(name)),
            },
            "term" => {
                let found = self.terms.get(name).copied().or_else(|| {
                    let lower = name.to_lowercase();
                    let mut hits = self
                        .site
                        .glossary
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.term.to_lowercase() == lower);
                    match (hits.next(), hits.next()) {
                        (Some((i, _)), None) => Some(i),
                        _ => None,
                    }
                });
                match found {
                    Some(i) => {
                        let t = &self.site.glossary[i];
                        if fragment.is_some() {
                            Err("a glossary term takes no #anchor".to_string())
                        } else {
                            Ok(Target {
                                path: Route::Glossary.path(),
                                fragment: Some(t.anchor()),
                                title: t.term.clone(),
                                hover: Some(t.expansion.clone()),
                                key: Linked::Term(t.term.clone()),
                            })
                        }
                    }
                    None => Err(format!(
                        "no glossary term \"{name}\"{}",
                        did_you_mean(name, self.terms.keys().map(String::as_str).collect())
                    )),
                }
            }
            "ref" => match self.refs.get(name) {
                Some(&i) => {
                    let r = &self.site.references[i];
                    if fragment.is_some() {
                        Err("a reference takes no #anchor".to_string())
                    } else {
                        Ok(Target {
                            path: Route::reference(r.id()).path(),
                            fragment: None,
                            title: r.title.clone(),
                            hover: None,
                            key: Linked::Page(Route::reference(r.id())),
                        })
                    }
                }
                None => Err(format!(
                    "no reference \"{name}\" in content/references.yaml{}",
                    did_you_mean(name, self.refs.keys().map(String::as_str).collect())
                )),
            },
            "guidance" => match self.guidance.get(name) {
                Some((i, anchors)) => {
                    let p = &self.site.guidance[*i];
                    match &fragment {
                        Some(f) if !anchors.iter().any(|a| a == f) => Err(format!(
                            "no paragraph or heading \"{f}\" in guidance page {name}{}",
                            did_you_mean_id(f, anchors.iter().map(String::as_str))
                        )),
                        _ => Ok(Target {
                            path: Route::guidance(&p.slug).path(),
                            fragment: fragment.clone(),
                            title: p.meta.title.clone(),
                            hover: None,
                            key: Linked::Page(Route::guidance(&p.slug)),
                        }),
                    }
                }
                None => Err(format!(
                    "no guidance page \"{name}\"{}",
                    did_you_mean(name, self.guidance.keys().map(String::as_str).collect())
                )),
            },
            _ => return None,
        };
        Some(result)
    }
}

/// Like [`did_you_mean`], for dotted ids: prefers the numerically nearest id.
fn did_you_mean_id<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let mut c: Vec<&str> = candidates.collect();
    c.sort_by(|a, b| compare_ids(a, b));
    let prefix = id.rsplit_once('.').map(|(p, _)| p);
    let same_parent: Vec<&str> = c
        .iter()
        .copied()
        .filter(|x| x.rsplit_once('.').map(|(p, _)| p) == prefix)
        .collect();
    // An id past the end of its group ("3.16" where 3.15 is last) most likely means the last.
    if let (Some(last), Some(_)) = (same_parent.last(), prefix)
        && compare_ids(id, last).is_gt()
    {
        return format!(" (did you mean {last}?)");
    }
    did_you_mean(id, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_pick_the_nearest_name() {
        assert_eq!(
            did_you_mean_id("3.16", ["3.1", "3.14", "3.15", "4.1"].into_iter()),
            " (did you mean 3.15?)"
        );
    }
}
