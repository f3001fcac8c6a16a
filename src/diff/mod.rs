//! Edition diffs: which standards of an old edition became which of a new one, and what
//! changed in them.
//!
//! Lineage comes from `previous:` where an author gives it (one id: the same standard, perhaps
//! renumbered; several: a merge; an old id that several new standards name: a split), and is
//! then complete for those standards. Otherwise it is inferred from the text, by an optimal
//! matching of old to new standards on textual similarity:
//!
//! 1. Each pair of standards gets a score: 0.4 × the similarity of their headlines + 0.6 × the
//!    similarity of their whole text (weighted Jaccard similarity of their words). When neither
//!    has text besides its headline the headline similarity counts alone; when only one has
//!    (a withdrawn control that keeps its name), 0.4 × the headline similarity. A pair that
//!    keeps its id gets [`SAME_ID_BONUS`] on top.
//! 2. Only pairs scoring at least [`MATCH_THRESHOLD`] may be matched: a wrong match is worse
//!    than an honest "removed" and "added". Each standard is scored against its
//!    [`CANDIDATES`] most word-sharing counterparts (found through an index of words), so the
//!    work grows with the number of standards, not its square.
//! 3. Pairs that are each other's best are fixed at once; the rest are matched by the Hungarian
//!    algorithm within each group of standards that compete for the same partners, which
//!    maximises the total score.
//! 4. An old standard left over whose words stand mostly (at least [`CONTAINMENT_THRESHOLD`])
//!    in a matched new standard, and which is at least [`PART_SIMILARITY`] similar to it, was
//!    merged into it; a new standard left over that stands so in a matched old one was split
//!    from it.
//! 5. What is left was removed (old) or added (new).

mod assign;
pub mod declared;
mod fields;
pub mod inline;
pub mod report;
mod similarity;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::content::{Edition, Site, Standard};
pub use fields::{Value, changed_fields, fields};
use similarity::{Bag, Idf, Vocabulary};

/// The least score at which two standards may be matched.
pub const MATCH_THRESHOLD: f64 = 0.5;
/// Added to the score of a pair that keeps its id.
pub const SAME_ID_BONUS: f64 = 0.15;
/// The share of a left-over standard's words that must stand in a matched one to call it a
/// merge or a split.
pub const CONTAINMENT_THRESHOLD: f64 = 0.6;
/// ... and that is at least this similar to it as a whole (a short new standard is not
/// "split" from a long old one only because its few words stand there too).
pub const PART_SIMILARITY: f64 = 0.25;
/// Words in more standards than this are too common to find partners by (they still count in
/// the scores, weighted by their rarity). A fixed limit keeps finding partners linear in the
/// number of standards.
pub const COMMON_WORD_LIMIT: usize = 64;
/// How many word-sharing counterparts each standard is scored against.
pub const CANDIDATES: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Renumbered,
    Merged,
    Split,
    Removed,
    Added,
    Amended,
    Unchanged,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Renumbered,
        Kind::Merged,
        Kind::Split,
        Kind::Removed,
        Kind::Added,
        Kind::Amended,
        Kind::Unchanged,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Renumbered => "renumbered",
            Kind::Merged => "merged",
            Kind::Split => "split",
            Kind::Removed => "removed",
            Kind::Added => "added",
            Kind::Amended => "amended",
            Kind::Unchanged => "unchanged",
        }
    }
}

/// One entry of a diff, in the JSON shape of `diff --format json` (see `docs/format.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub old: Vec<String>,
    pub new: Vec<String>,
    /// What changed, by the content format's keys (`headline`, `criteria.met`, ...). Absent
    /// for removed and added standards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EditionDiff {
    pub old: String,
    pub new: String,
    pub changes: Vec<Change>,
    /// Standard id -> position in `changes`, for the new and the old edition: every standard
    /// page looks up its change, and a scan of `changes` for each made rendering quadratic.
    #[serde(skip)]
    by_new: HashMap<String, usize>,
    #[serde(skip)]
    by_old: HashMap<String, usize>,
}

impl EditionDiff {
    pub fn new(old: String, new: String, changes: Vec<Change>) -> Self {
        let mut by_new = HashMap::new();
        let mut by_old = HashMap::new();
        // The first change that names a standard is its change, as a scan would find it.
        for (i, c) in changes.iter().enumerate() {
            for id in &c.new {
                by_new.entry(id.clone()).or_insert(i);
            }
            for id in &c.old {
                by_old.entry(id.clone()).or_insert(i);
            }
        }
        EditionDiff {
            old,
            new,
            changes,
            by_new,
            by_old,
        }
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// The change a new standard is part of.
    pub fn for_new(&self, id: &str) -> Option<&Change> {
        self.by_new.get(id).map(|&i| &self.changes[i])
    }

    /// The change an old standard is part of.
    pub fn for_old(&self, id: &str) -> Option<&Change> {
        self.by_old.get(id).map(|&i| &self.changes[i])
    }
}

struct Item<'a> {
    s: &'a Standard,
    head: Bag,
    all: Bag,
    /// Has text besides its headline.
    has_body: bool,
}

impl<'a> Item<'a> {
    fn new(s: &'a Standard, vocab: &mut Vocabulary) -> Item<'a> {
        let fs = fields(s);
        let mut texts: Vec<String> = Vec::new();
        for (k, v) in &fs {
            if *k == "area" {
                continue;
            }
            match v {
                Value::Text(t) => texts.push(t.clone()),
                Value::List(l) => texts.extend(l.iter().cloned()),
            }
        }
        let has_body = texts
            .iter()
            .skip(1)
            .any(|t| similarity::words(t).next().is_some());
        Item {
            s,
            head: Bag::new(vocab, [s.headline.as_str()]),
            all: Bag::new(vocab, texts.iter().map(String::as_str)),
            has_body,
        }
    }
}

fn score(o: &Item, n: &Item, idf: &Idf) -> f64 {
    let h = o.head.similarity(&n.head, idf);
    let base = match (o.has_body, n.has_body) {
        (true, true) => 0.4 * h + 0.6 * o.all.similarity(&n.all, idf),
        (false, false) => h,
        // The text is gone (a withdrawn control keeps only its name): the name alone is weak
        // evidence, so a standard that took the text over wins.
        _ => 0.4 * h,
    };
    base + if o.s.id() == n.s.id() {
        SAME_ID_BONUS
    } else {
        0.0
    }
}

/// Two consecutive editions of a catalogue and the diff between them.
#[derive(Debug)]
pub struct EditionPair {
    pub catalogue: String,
    pub old: String,
    pub new: String,
    pub diff: EditionDiff,
}

/// Every diff the site shows: one per pair of consecutive editions, and the declared changes
/// of each edition that has them, checked.
#[derive(Debug, Default)]
pub struct SiteDiffs {
    pub pairs: Vec<EditionPair>,
    /// Edition key -> its `changes.yaml` entries, checked.
    pub declared: BTreeMap<String, Vec<declared::Finding>>,
}

impl SiteDiffs {
    pub fn compute(site: &Site) -> SiteDiffs {
        use rayon::prelude::*;
        let pairs: Vec<(&Edition, &Edition)> = site
            .catalogues
            .iter()
            .flat_map(|c| c.editions.windows(2).map(|w| (&w[0], &w[1])))
            .collect();
        let pairs: Vec<EditionPair> = pairs
            .par_iter()
            .map(|(o, n)| EditionPair {
                catalogue: n.catalogue.clone(),
                old: o.id.clone(),
                new: n.id.clone(),
                diff: diff(o, n),
            })
            .collect();
        let mut declared = BTreeMap::new();
        for e in site.catalogues.iter().flat_map(|c| c.editions.iter()) {
            let prev = previous(site, e);
            let d = pairs
                .iter()
                .find(|p| p.catalogue == e.catalogue && p.new == e.id)
                .map(|p| &p.diff);
            if let Some(f) = check_declared(prev, e, d) {
                declared.insert(e.key(), f);
            }
        }
        SiteDiffs { pairs, declared }
    }

    /// The diff that leads to `e` from its previous edition.
    pub fn into_edition(&self, e: &Edition) -> Option<&EditionPair> {
        self.pairs
            .iter()
            .find(|p| p.catalogue == e.catalogue && p.new == e.id)
    }

    /// The diff that leads from `e` to its next edition.
    pub fn from_edition(&self, e: &Edition) -> Option<&EditionPair> {
        self.pairs
            .iter()
            .find(|p| p.catalogue == e.catalogue && p.old == e.id)
    }
}

/// Finds an edition by `catalogue/edition`, or by `edition` when only one catalogue has it.
pub fn find_edition<'s>(site: &'s Site, spec: &str) -> Result<&'s Edition, String> {
    let all = site.catalogues.iter().flat_map(|c| c.editions.iter());
    let found: Vec<&Edition> = match spec.split_once('/') {
        Some((cat, ed)) => all.filter(|e| e.catalogue == cat && e.id == ed).collect(),
        None => all.filter(|e| e.id == spec).collect(),
    };
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let known: Vec<String> = site
                .catalogues
                .iter()
                .flat_map(|c| c.editions.iter().map(|e| e.key()))
                .collect();
            Err(format!(
                "no edition \"{spec}\" (editions: {})",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            ))
        }
        many => Err(format!(
            "edition \"{spec}\" is ambiguous: {}",
            many.iter().map(|e| e.key()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The edition before `e` in its catalogue, if any.
pub fn previous<'s>(site: &'s Site, e: &Edition) -> Option<&'s Edition> {
    let c = site.catalogues.iter().find(|c| c.id == e.catalogue)?;
    let i = c.editions.iter().position(|x| x.id == e.id)?;
    i.checked_sub(1).map(|p| &c.editions[p])
}

/// The declared changes of `new` checked against the diff from `old`, when `new` has a
/// `changes.yaml` whose numbering is `old`'s (or unstated).
pub fn check_declared(
    old: Option<&Edition>,
    new: &Edition,
    diff: Option<&EditionDiff>,
) -> Option<Vec<declared::Finding>> {
    let d = new.changes.as_ref()?;
    let against_old = match (&d.against, old) {
        (Some(a), Some(o)) => a == &o.id,
        (None, Some(_)) => true,
        (_, None) => false,
    };
    Some(declared::check(d, diff.filter(|_| against_old)))
}

/// The matched standard (of `items`, found through `partners`) that a left-over standard's text
/// `bag` is a part of: the one holding most of its words, if it holds enough of them and is
/// similar enough as a whole. Step 4 of the matching: merges (an old part of a new standard)
/// and splits (a new part of an old one).
fn part_of(bag: &Bag, partners: &WordIndex, items: &[Item], idf: &Idf) -> Option<usize> {
    partners
        .candidates(bag)
        .into_iter()
        .filter(|k| bag.similarity(&items[*k].all, idf) >= PART_SIMILARITY)
        .map(|k| (bag.contained_in(&items[k].all, idf), k))
        .filter(|(c, _)| *c >= CONTAINMENT_THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, k)| k)
}

/// Which standards share words, so that each is scored only against a few likely partners.
struct WordIndex {
    postings: HashMap<u32, Vec<usize>>,
    /// Words in more standards than this tell nothing apart.
    common: usize,
}

impl WordIndex {
    fn new<'b>(items: impl Iterator<Item = (usize, &'b Bag)>) -> WordIndex {
        let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
        for (k, bag) in items {
            for w in bag.words() {
                postings.entry(w).or_default().push(k);
            }
        }
        WordIndex {
            postings,
            common: COMMON_WORD_LIMIT,
        }
    }

    /// The [`CANDIDATES`] standards sharing the most distinctive words with `bag`.
    fn candidates(&self, bag: &Bag) -> Vec<usize> {
        let mut shared: HashMap<usize, u32> = HashMap::new();
        for w in bag.words() {
            if let Some(list) = self.postings.get(&w).filter(|l| l.len() <= self.common) {
                for &k in list {
                    *shared.entry(k).or_default() += 1;
                }
            }
        }
        let mut c: Vec<(usize, u32)> = shared.into_iter().collect();
        c.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        c.into_iter().take(CANDIDATES).map(|(k, _)| k).collect()
    }
}

/// Compares two editions of a catalogue.
pub fn diff(old: &Edition, new: &Edition) -> EditionDiff {
    // In id order, whatever order the editions came in, so the result depends on content only.
    fn sorted(e: &Edition) -> Vec<&Standard> {
        let mut v: Vec<&Standard> = e.standards.iter().collect();
        v.sort_by(|a, b| crate::content::compare_ids(a.id(), b.id()));
        v
    }
    let vocab = &mut Vocabulary::default();
    let olds: Vec<Item> = sorted(old)
        .into_iter()
        .map(|s| Item::new(s, vocab))
        .collect();
    let news: Vec<Item> = sorted(new)
        .into_iter()
        .map(|s| Item::new(s, vocab))
        .collect();
    let idf = Idf::new(vocab, olds.iter().chain(&news).map(|i| &i.all));
    // Output follows the new edition's own order.
    let new_order: HashMap<&str, usize> = new
        .standards
        .iter()
        .enumerate()
        .map(|(k, s)| (s.id(), k))
        .collect();
    let old_pos: HashMap<&str, usize> = olds
        .iter()
        .enumerate()
        .map(|(i, o)| (o.s.id(), i))
        .collect();

    // Groups of (old indices, new indices); the first of each side is the primary pair.
    let mut groups: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let mut old_done = vec![false; olds.len()];
    let mut new_done = vec![false; news.len()];

    // 1. Lineage an author declared with `previous:`.
    let mut by_old: BTreeMap<usize, usize> = BTreeMap::new(); // old index -> group
    for (j, n) in news.iter().enumerate() {
        let prev: Vec<usize> =
            n.s.previous
                .iter()
                .filter_map(|p| old_pos.get(p.as_str()).copied())
                .collect();
        if prev.is_empty() {
            continue;
        }
        new_done[j] = true;
        // A new standard naming an old one that another new one also names: a split.
        if let Some(&g) = prev.iter().find_map(|o| by_old.get(o)) {
            groups[g].1.push(j);
            continue;
        }
        for &o in &prev {
            old_done[o] = true;
            by_old.insert(o, groups.len());
        }
        groups.push((prev, vec![j]));
    }

    // Declared lineage is complete: inference adds nothing to those groups.
    let declared_groups = groups.len();

    // 2. Candidate pairs, through an index of the words of the new standards.
    let new_index = WordIndex::new(
        news.iter()
            .enumerate()
            .filter(|(j, _)| !new_done[*j])
            .map(|(j, n)| (j, &n.all)),
    );
    let new_by_id: HashMap<&str, usize> = news
        .iter()
        .enumerate()
        .map(|(j, n)| (n.s.id(), j))
        .collect();
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for (i, o) in olds.iter().enumerate().filter(|(i, _)| !old_done[*i]) {
        let mut seen: HashSet<usize> = HashSet::new();
        let same = new_by_id.get(o.s.id()).copied().filter(|j| !new_done[*j]);
        for j in new_index.candidates(&o.all).into_iter().chain(same) {
            if seen.insert(j) {
                let sc = score(o, &news[j], &idf);
                if sc >= MATCH_THRESHOLD {
                    edges.push((i, j, sc));
                }
            }
        }
    }

    // 3. The matching.
    for (i, j) in assign::best_matching(olds.len(), news.len(), &edges) {
        old_done[i] = true;
        new_done[j] = true;
        by_old.insert(i, groups.len());
        groups.push((vec![i], vec![j]));
    }

    // 4. Merges and splits among what is left.
    let new_group: HashMap<usize, usize> = groups
        .iter()
        .enumerate()
        .skip(declared_groups)
        .flat_map(|(g, (_, ns))| ns.iter().map(move |&j| (j, g)))
        .collect();
    let grouped_news = WordIndex::new(new_group.keys().map(|&j| (j, &news[j].all)));
    let merged_into: Vec<(usize, usize)> = olds
        .iter()
        .enumerate()
        .filter(|(i, _)| !old_done[*i])
        .filter_map(|(i, o)| {
            part_of(&o.all, &grouped_news, &news, &idf).map(|j| (i, new_group[&j]))
        })
        .collect();
    for (i, g) in merged_into {
        old_done[i] = true;
        groups[g].0.push(i);
    }
    let inferred_olds: BTreeMap<usize, usize> = by_old
        .iter()
        .filter(|(_, g)| **g >= declared_groups)
        .map(|(i, g)| (*i, *g))
        .collect();
    let grouped_olds = WordIndex::new(inferred_olds.keys().map(|&i| (i, &olds[i].all)));
    let split_from: Vec<(usize, usize)> = news
        .iter()
        .enumerate()
        .filter(|(j, _)| !new_done[*j])
        .filter_map(|(j, n)| {
            part_of(&n.all, &grouped_olds, &olds, &idf).map(|i| (j, inferred_olds[&i]))
        })
        .collect();
    for (j, g) in split_from {
        new_done[j] = true;
        groups[g].1.push(j);
    }

    // 5. The changes, in the new edition's order, then what was removed in the old one's.
    let mut changes: Vec<(usize, Change)> = Vec::new();
    for (os, ns) in &groups {
        let (o, n) = (olds[os[0]].s, news[ns[0]].s);
        let fields = changed_fields(o, n);
        let kind = if os.len() > 1 {
            Kind::Merged
        } else if ns.len() > 1 {
            Kind::Split
        } else if o.id() != n.id() {
            Kind::Renumbered
        } else if fields.is_empty() {
            Kind::Unchanged
        } else {
            Kind::Amended
        };
        let mut os = os.clone();
        let mut ns = ns.clone();
        os.sort_unstable();
        ns.sort_unstable();
        changes.push((
            new_order[news[ns[0]].s.id()],
            Change {
                kind,
                old: os.iter().map(|&i| olds[i].s.id().to_string()).collect(),
                new: ns.iter().map(|&j| news[j].s.id().to_string()).collect(),
                fields: Some(fields),
            },
        ));
    }
    for (_, n) in news.iter().enumerate().filter(|(j, _)| !new_done[*j]) {
        changes.push((
            new_order[n.s.id()],
            Change {
                kind: Kind::Added,
                old: vec![],
                new: vec![n.s.id().to_string()],
                fields: None,
            },
        ));
    }
    changes.sort_by_key(|(j, _)| *j);
    let mut changes: Vec<Change> = changes.into_iter().map(|(_, c)| c).collect();
    for (_, o) in olds.iter().enumerate().filter(|(i, _)| !old_done[*i]) {
        changes.push(Change {
            kind: Kind::Removed,
            old: vec![o.s.id().to_string()],
            new: vec![],
            fields: None,
        });
    }
    EditionDiff::new(old.key(), new.key(), changes)
}
