//! Cross-references: `[text](std:3.3)`, `[§5.7](policy:scas-security-policy#5.7)`,
//! `[LSMS](term:LSMS)`, `[strategy](ref:tackling-crime-strategy)` and
//! `[chapter 4](guidance:04-quality-assurance#4.12)`.
//!
//! [`Index`] answers "where does this reference lead?" for the renderer; [`resolve`] walks every
//! text field of the site once, reports each reference that leads nowhere at its source line,
//! and records who links to what, so each target page can list what links to it.

use std::collections::{BTreeMap, BTreeSet};

// Lookups here run for every word of every text (is it a glossary term?), so the hasher is
// rustc's: fast on short keys, and no untrusted input chooses the keys.
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::content::{Edition, Policy, Reference, Site, Standard, Term, compare_ids, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics, Source, did_you_mean};
use crate::markdown;
use crate::markdown::mentions::Kind;

/// Where a reference leads: a page of the site (relative to the site root) and an anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: String,
    pub fragment: Option<String>,
    /// The target's name, used as link text when the author gave none.
    pub title: String,
    /// Shown on hover (a glossary term's expansion).
    pub hover: Option<String>,
    /// Identifies the target page for "what links here".
    pub key: String,
}

/// Where a reference is written, which decides what a bare standard id means.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The edition (catalogue, edition) of the standard whose text holds the reference.
    pub edition: Option<(&'a str, &'a str)>,
}

/// Fragments every standard page has.
pub const STANDARD_ANCHORS: &[&str] = &[
    "headline",
    "criteria",
    "not-met",
    "partially-met",
    "met",
    "rationale",
    "guidance",
    "links",
    "links-here",
];

type EditionIds<'s> = (&'s Edition, HashMap<&'s str, usize>);

pub struct Index<'s> {
    site: &'s Site,
    /// catalogue -> edition -> (edition, standard id -> position in `edition.standards`).
    standards: HashMap<&'s str, HashMap<&'s str, EditionIds<'s>>>,
    policies: HashMap<&'s str, usize>,
    codes: HashMap<&'s str, usize>,
    terms: HashMap<&'s str, usize>,
    /// A quick no for most words: the first bytes and the lengths (up to 63) terms have.
    term_first: [bool; 256],
    term_lens: u64,
    refs: HashMap<&'s str, usize>,
    guidance: HashMap<&'s str, (usize, Vec<String>)>,
}

pub fn standard_path(e: &Edition, id: &str) -> String {
    format!("standards/{}/{}/{}.html", e.catalogue, e.id, id)
}

pub fn edition_path(e: &Edition) -> String {
    format!("standards/{}/{}/index.html", e.catalogue, e.id)
}

impl<'s> Index<'s> {
    pub fn new(site: &'s Site) -> Self {
        let mut standards: HashMap<&str, HashMap<&str, _>> = HashMap::default();
        for c in &site.catalogues {
            let eds = standards.entry(c.id.as_str()).or_default();
            for e in &c.editions {
                let ids = e
                    .standards
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.id(), i))
                    .collect();
                eds.insert(e.id.as_str(), (e, ids));
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
        Index {
            site,
            standards,
            term_first,
            term_lens,
            policies: site
                .policies
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect(),
            codes: site
                .policies
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.meta.code.as_deref().map(|c| (c, i)))
                .collect(),
            terms: site
                .glossary
                .iter()
                .enumerate()
                .map(|(i, t)| (t.term.as_str(), i))
                .collect(),
            refs: site
                .references
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id(), i))
                .collect(),
            guidance: site
                .guidance
                .iter()
                .enumerate()
                .map(|(i, p)| (p.slug.as_str(), (i, markdown::anchors(p.body()))))
                .collect(),
        }
    }

    /// The standard `id` of edition `e`, looked up rather than searched for.
    pub fn standard_in(&self, e: &Edition, id: &str) -> Option<&'s Standard> {
        let (ed, ids) = self
            .standards
            .get(e.catalogue.as_str())?
            .get(e.id.as_str())?;
        ids.get(id).map(|&i| &ed.standards[i])
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
        let parts: Vec<&str> = spec.split('/').collect();
        let (edition, id): (&Edition, &str) = match parts.as_slice() {
            [cat, ed, id] => {
                let eds = self.standards.get(cat).ok_or_else(|| {
                    format!("no catalogue \"{cat}\"{}", self.suggest_catalogue(cat))
                })?;
                let (e, _) = eds.get(ed).ok_or_else(|| {
                    let names: Vec<&str> = eds.keys().copied().collect();
                    format!("no edition \"{ed}\" of {cat}{}", did_you_mean(ed, names))
                })?;
                (e, id)
            }
            [cat, id] => {
                let e = self.latest(cat).ok_or_else(|| {
                    format!("no catalogue \"{cat}\"{}", self.suggest_catalogue(cat))
                })?;
                (e, id)
            }
            [id] => {
                let e = match ctx.edition {
                    Some((cat, ed)) => self
                        .standards
                        .get(cat)
                        .and_then(|m| m.get(ed))
                        .map(|(e, _)| *e),
                    None => match self.site.catalogues.as_slice() {
                        [only] => only.editions.last(),
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
        let (_, ids) = &self.standards[edition.catalogue.as_str()][edition.id.as_str()];
        match ids.get(id) {
            Some(&i) => Ok((edition, &edition.standards[i])),
            None => Err(format!(
                "no standard {id} in {}{}",
                edition.key(),
                did_you_mean_id(id, ids.keys().copied())
            )),
        }
    }

    fn suggest_catalogue(&self, cat: &str) -> String {
        did_you_mean(cat, self.standards.keys().copied().collect())
    }

    /// Resolves a link destination. `None` when it is not a cross-reference (an ordinary URL).
    pub fn resolve(&self, dest: &str, ctx: &Context) -> Option<Result<Target, String>> {
        let (scheme, rest) = dest.split_once(':')?;
        let (name, fragment) = match rest.split_once('#') {
            Some((n, f)) => (n, Some(f.to_string())),
            None => (rest, None),
        };
        let result = match scheme {
            "std" => self.standard(name, ctx).and_then(|(e, s)| {
                if let Some(f) = &fragment
                    && !STANDARD_ANCHORS.contains(&f.as_str())
                {
                    return Err(format!(
                        "no anchor \"#{f}\" on a standard page (anchors: {})",
                        STANDARD_ANCHORS.join(", ")
                    ));
                }
                Ok(Target {
                    path: standard_path(e, s.id()),
                    fragment: fragment.clone(),
                    title: format!("Standard {}", s.id()),
                    hover: None,
                    key: standard_key(e, s.id()),
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
                            path: format!("policies/{}.html", p.id),
                            fragment: fragment.clone(),
                            title: match &fragment {
                                Some(f) => format!("{} §{f}", p.meta.title),
                                None => p.meta.title.clone(),
                            },
                            hover: None,
                            key: format!("policy:{}", p.id),
                        }),
                    }
                }
                None => Err(format!(
                    "no policy \"{name}\"{}",
                    did_you_mean(name, self.policies.keys().copied().collect())
                )),
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
                                path: "glossary.html".to_string(),
                                fragment: Some(t.anchor()),
                                title: t.term.clone(),
                                hover: Some(t.expansion.clone()),
                                key: format!("term:{}", t.term),
                            })
                        }
                    }
                    None => Err(format!(
                        "no glossary term \"{name}\"{}",
                        did_you_mean(name, self.terms.keys().copied().collect())
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
                            path: reference_path(r.id()),
                            fragment: None,
                            title: r.title.clone(),
                            hover: None,
                            key: format!("ref:{}", r.id()),
                        })
                    }
                }
                None => Err(format!(
                    "no reference \"{name}\" in content/references.yaml{}",
                    did_you_mean(name, self.refs.keys().copied().collect())
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
                            path: format!("guidance/{}.html", p.slug),
                            fragment: fragment.clone(),
                            title: p.meta.title.clone(),
                            hover: None,
                            key: format!("guidance:{}", p.slug),
                        }),
                    }
                }
                None => Err(format!(
                    "no guidance page \"{name}\"{}",
                    did_you_mean(name, self.guidance.keys().copied().collect())
                )),
            },
            _ => return None,
        };
        Some(result)
    }
}

pub fn standard_key(e: &Edition, id: &str) -> String {
    format!("std:{}/{}/{}", e.catalogue, e.id, id)
}

pub fn reference_path(id: &str) -> String {
    format!("references/{id}.html")
}

/// A page that links to a target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    pub path: String,
    pub title: String,
}

/// What links to each target, keyed by [`Target::key`]; each list sorted and without repeats.
#[derive(Debug, Default)]
pub struct Backlinks {
    links: BTreeMap<String, BTreeSet<Backlink>>,
    /// Document codes (`POL/004/037`) mentioned in the text that no policy of the site bears,
    /// with the pages that mention them: shown in a report, not as broken links.
    pub unknown_codes: BTreeMap<String, BTreeSet<Backlink>>,
}

impl Backlinks {
    pub fn get(&self, key: &str) -> Vec<&Backlink> {
        self.links
            .get(key)
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    }
}

/// A text field of the site: where it is, which page shows it, and what context it is in.
struct Text<'a> {
    page: Backlink,
    source: &'a Source,
    /// Byte offset of the text in `source` where known exactly (Markdown bodies); for YAML
    /// fields the reference is found by searching the file.
    offset: Option<usize>,
    text: &'a str,
    ctx: Context<'a>,
}

/// Checks every cross-reference of the site and collects what links where.
pub fn resolve(index: &Index) -> Result<Backlinks, Diagnostics> {
    let site = index.site();
    let mut diags = Diagnostics::default();
    let mut backlinks = Backlinks::default();
    let mut texts: Vec<Text> = Vec::new();

    for c in &site.catalogues {
        for e in &c.editions {
            let ctx = Context {
                edition: Some((&e.catalogue, &e.id)),
            };
            let page = Backlink {
                path: edition_path(e),
                title: e.meta.title.clone(),
            };
            let edition_texts = e
                .meta
                .description
                .iter()
                .chain(e.meta.areas.iter().filter_map(|a| a.description.as_ref()));
            for t in edition_texts {
                texts.push(Text {
                    page: page.clone(),
                    source: &e.source,
                    offset: None,
                    text: t,
                    ctx,
                });
            }
            if let Some(ch) = &e.changes {
                for c in &ch.changes {
                    texts.push(Text {
                        page: page.clone(),
                        source: &ch.source,
                        offset: None,
                        text: &c.text,
                        ctx,
                    });
                }
            }
            for s in &e.standards {
                let page = Backlink {
                    path: standard_path(e, s.id()),
                    title: format!("Standard {} ({})", s.id(), e.id),
                };
                let fields = std::iter::once(&s.headline)
                    .chain(&s.criteria.not_met)
                    .chain(&s.criteria.partially_met)
                    .chain(&s.criteria.met)
                    .chain(s.rationale.iter())
                    .chain(
                        s.guidance
                            .iter()
                            .flat_map(|g| g.text.iter().chain(&g.items)),
                    )
                    .chain(s.links.iter().map(|l| &l.title));
                for t in fields {
                    texts.push(Text {
                        page: page.clone(),
                        source: &s.source,
                        offset: None,
                        text: t,
                        ctx,
                    });
                }
                // `ref:` items of the guidance list cite a reference.
                for r in s.guidance.iter().filter_map(|g| g.reference.as_ref()) {
                    match index.resolve(&format!("ref:{}", r.value), &ctx) {
                        Some(Ok(t)) => backlinks.add(t.key, &page),
                        Some(Err(msg)) => diags.push(value_error(
                            &s.source,
                            0,
                            r,
                            format!("unknown reference \"{}\" in guidance list", r.value),
                            msg,
                        )),
                        None => {}
                    }
                }
            }
        }
    }

    if let Some(src) = &site.references_source {
        for r in &site.references {
            let page = Backlink {
                path: reference_path(r.id()),
                title: r.title.clone(),
            };
            for t in r.description.iter() {
                texts.push(Text {
                    page: page.clone(),
                    source: src,
                    offset: None,
                    text: t,
                    ctx: Context::default(),
                });
            }
        }
    }
    if let Some(src) = &site.glossary_source {
        let page = Backlink {
            path: "glossary.html".into(),
            title: "Glossary".into(),
        };
        for t in &site.glossary {
            for text in std::iter::once(&t.expansion).chain(t.description.iter()) {
                texts.push(Text {
                    page: page.clone(),
                    source: src,
                    offset: None,
                    text,
                    ctx: Context::default(),
                });
            }
        }
    }
    for p in &site.guidance {
        let page = Backlink {
            path: format!("guidance/{}.html", p.slug),
            title: p.meta.title.clone(),
        };
        texts.push(Text {
            page,
            source: &p.source,
            offset: Some(p.body.start),
            text: p.body(),
            ctx: Context::default(),
        });
    }
    // Policies are long: each on its own, in parallel.
    let policy_parts: Vec<(Backlinks, Diagnostics)> = {
        use rayon::prelude::*;
        site.policies
            .par_iter()
            .map(|p| policy_links(index, p))
            .collect()
    };
    for (b, d) in policy_parts {
        backlinks.merge(b);
        diags.extend(d);
    }
    for l in &site.principles {
        let page = Backlink {
            path: format!("principles/{}.html", l.slug),
            title: l.title.clone(),
        };
        let fields = l.description.iter().chain(
            l.principles
                .iter()
                .flat_map(|p| p.text.iter().chain(&p.examples)),
        );
        for t in fields {
            texts.push(Text {
                page: page.clone(),
                source: &l.file,
                offset: None,
                text: t,
                ctx: Context::default(),
            });
        }
    }

    // Each text on its own (in parallel), then merged in order.
    let parts: Vec<(Backlinks, Diagnostics)> = {
        use rayon::prelude::*;
        texts.par_iter().map(|t| text_links(index, t)).collect()
    };
    for (b, d) in parts {
        backlinks.merge(b);
        diags.extend(d);
    }

    if diags.has_errors() {
        diags.sort();
        Err(diags)
    } else {
        Ok(backlinks)
    }
}

/// What one policy links to: its body's cross-references and mentions, and its `implements`.
pub fn policy_links(index: &Index, p: &Policy) -> (Backlinks, Diagnostics) {
    let page = Backlink {
        path: format!("policies/{}.html", p.id),
        title: p.meta.title.clone(),
    };
    let text = Text {
        page: page.clone(),
        source: &p.source,
        offset: Some(p.body.start),
        text: p.body(),
        ctx: Context::default(),
    };
    let (mut backlinks, mut diags) = text_links(index, &text);
    for spec in &p.meta.implements {
        match index.standard(&spec.value, &Context::default()) {
            Ok((e, s)) => backlinks.add(standard_key(e, s.id()), &page),
            Err(msg) => diags.push(value_error(
                &p.source,
                p.meta_start,
                spec,
                format!("unknown standard \"{}\" in `implements`", spec.value),
                msg,
            )),
        }
    }
    (backlinks, diags)
}

/// An error at a YAML string value of `source` (whose YAML starts at `base`).
fn value_error(
    source: &Source,
    base: usize,
    value: &serde_saphyr::Spanned<String>,
    message: String,
    label: String,
) -> Diagnostic {
    let at = yaml::offset_of(source, base, value);
    Diagnostic::error(message)
        .at(source, at..at + value.value.len().max(1))
        .label(label)
}

/// What changed between two sets of links of one page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LinkChanges {
    /// Targets the page links to now and did not, or did and does not.
    pub keys: BTreeSet<String>,
    /// Whether the unknown codes it mentions changed.
    pub unknown_codes: bool,
}

impl Backlinks {
    /// How the links of one page changed from `self` (as it was) to `new` (as it is now).
    pub fn changes(&self, new: &Backlinks) -> LinkChanges {
        fn differ(
            old: &BTreeMap<String, BTreeSet<Backlink>>,
            new: &BTreeMap<String, BTreeSet<Backlink>>,
        ) -> BTreeSet<String> {
            old.keys()
                .chain(new.keys())
                .filter(|k| old.get(*k) != new.get(*k))
                .cloned()
                .collect()
        }
        LinkChanges {
            keys: differ(&self.links, &new.links),
            unknown_codes: self.unknown_codes != new.unknown_codes,
        }
    }

    /// Replaces one page's links (`old`, as it was) with `new` (as it is now), both made by
    /// the same function for that page.
    pub fn replace(&mut self, old: &Backlinks, new: &Backlinks) {
        fn apply(
            map: &mut BTreeMap<String, BTreeSet<Backlink>>,
            old: &BTreeMap<String, BTreeSet<Backlink>>,
            new: &BTreeMap<String, BTreeSet<Backlink>>,
        ) {
            for (k, from) in old {
                if new.get(k) != Some(from)
                    && let Some(set) = map.get_mut(k)
                {
                    for b in from {
                        set.remove(b);
                    }
                    if set.is_empty() {
                        map.remove(k);
                    }
                }
            }
            for (k, from) in new {
                if old.get(k) != Some(from) {
                    map.entry(k.clone())
                        .or_default()
                        .extend(from.iter().cloned());
                }
            }
        }
        apply(&mut self.links, &old.links, &new.links);
        apply(
            &mut self.unknown_codes,
            &old.unknown_codes,
            &new.unknown_codes,
        );
    }

    fn add(&mut self, key: String, from: &Backlink) {
        self.links.entry(key).or_default().insert(from.clone());
    }

    fn merge(&mut self, other: Backlinks) {
        for (k, v) in other.links {
            self.links.entry(k).or_default().extend(v);
        }
        for (k, v) in other.unknown_codes {
            self.unknown_codes.entry(k).or_default().extend(v);
        }
    }
}

/// The links of one text: what it links to (plain-text mentions included), and the errors of
/// the ones that lead nowhere.
fn text_links(index: &Index, t: &Text) -> (Backlinks, Diagnostics) {
    let mut backlinks = Backlinks::default();
    let mut diags = Diagnostics::default();
    let (links, mentions) = markdown::links_and_mentions(t.text, &|w| index.term(w).is_some());
    for (dest, range) in links {
        match index.resolve(&dest, &t.ctx) {
            None => {}
            Some(Ok(target)) if target.path != t.page.path => backlinks.add(target.key, &t.page),
            // A link to its own page, with no anchor, leads nowhere new: a slip.
            Some(Ok(target)) if target.fragment.is_none() => diags.extend(report_at(
                t,
                &dest,
                range,
                format!("cross-reference \"{dest}\" leads to the page it is on"),
                "this is the page's own address",
            )),
            Some(Ok(_)) => {}
            Some(Err(msg)) => diags.extend(unresolved(t, &dest, range, &msg)),
        }
    }
    // Plain-text mentions that link themselves count as links too.
    for m in mentions {
        match m.kind {
            Kind::Standard => {
                if let Ok((e, s)) = index.standard(&m.key, &t.ctx)
                    && standard_path(e, s.id()) != t.page.path
                {
                    backlinks.add(standard_key(e, s.id()), &t.page);
                }
            }
            Kind::Code => match index.policy_by_code(&m.key) {
                Some(p) if format!("policies/{}.html", p.id) != t.page.path => {
                    backlinks.add(format!("policy:{}", p.id), &t.page)
                }
                Some(_) => {}
                None => {
                    backlinks
                        .unknown_codes
                        .entry(m.key)
                        .or_default()
                        .insert(t.page.clone());
                }
            },
            Kind::Term => backlinks.add(format!("term:{}", m.key), &t.page),
            Kind::Appendix | Kind::Url => {}
        }
    }
    (backlinks, diags)
}

/// The diagnostics for a reference that leads nowhere, at each place it is written.
fn unresolved(t: &Text, dest: &str, range: Range<usize>, msg: &str) -> Diagnostics {
    let kind = match dest.split(':').next() {
        Some("std") => "standard",
        Some("policy") => "policy",
        Some("term") => "glossary term",
        Some("ref") => "reference",
        _ => "page",
    };
    let name = dest.split_once(':').map_or(dest, |(_, n)| n);
    report_at(
        t,
        dest,
        range,
        format!("unknown {kind} \"{name}\" in cross-reference"),
        msg,
    )
}

/// An error at each place a cross-reference's destination is written.
fn report_at(t: &Text, dest: &str, range: Range<usize>, message: String, msg: &str) -> Diagnostics {
    let mut out = Diagnostics::default();
    match t.offset {
        Some(base) => {
            // Markdown body: the parser's offsets are exact; point at the destination.
            let link = &t.text[range.clone()];
            let start = base + range.start + link.find(dest).unwrap_or(0);
            out.push(
                Diagnostic::error(message)
                    .at(t.source, start..start + dest.len())
                    .label(msg),
            );
        }
        None => {
            // A YAML field: the destination stands in the file as written; every place it
            // stands is in the same context, so every place is reported.
            let hits: Vec<usize> = t.source.text.match_indices(dest).map(|(i, _)| i).collect();
            if hits.is_empty() {
                out.push(
                    Diagnostic::error(message.clone())
                        .in_file(t.source)
                        .note(msg.to_string()),
                );
            }
            for at in hits {
                out.push(
                    Diagnostic::error(message.clone())
                        .at(t.source, at..at + dest.len())
                        .label(msg),
                );
            }
        }
    }
    out
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
