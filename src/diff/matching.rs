//! Which standards of an old edition became which of a new one: what the publisher declared
//! first, then what the ids and the text say. The steps are described in `diff`'s module
//! comment; the thresholds are the constants there.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::similarity::{self, Bag, Idf, Vocabulary};
use super::{
    BLOCK_DRIFT, CANDIDATES, COMMON_WORD_LIMIT, CONTAINMENT_THRESHOLD, Change, EditionDiff,
    KEEP_THRESHOLD, Kind, MATCH_THRESHOLD, NEIGHBOURS, Options, PART_OWN, PART_SIMILARITY,
    STABLE_IDS, STABLE_IDS_MIN, STABLE_KEEP_FLOOR, SUPPORTED_THRESHOLD, Value, WEAK_THRESHOLD,
    changed_fields, fields,
};
use crate::content::{Edition, Standard, Verb};

struct Item<'a> {
    s: &'a Standard,
    /// The title where there is one, else the headline: what a reader knows it by.
    head: Bag,
    all: Bag,
    /// Has text besides its head.
    has_body: bool,
    /// A withdrawn standard holds no requirement: it is no one's successor by its text.
    live: bool,
}

impl<'a> Item<'a> {
    fn new(s: &'a Standard, vocab: &mut Vocabulary, compared: &[&str]) -> Item<'a> {
        let mut texts: Vec<String> = Vec::new();
        for (k, v) in fields(s) {
            match (k, v) {
                ("area", _) => {}
                (k, _) if !compared.contains(&k) => {}
                (_, Value::Text(t)) => texts.push(t),
                (_, Value::List(l)) => texts.extend(l),
            }
        }
        texts.retain(|t| similarity::words(t).next().is_some());
        let head = s.title.as_deref().unwrap_or(&s.headline);
        Item {
            s,
            head: Bag::new(vocab, [head]),
            has_body: texts.len() > 1,
            all: Bag::new(vocab, texts.iter().map(String::as_str)),
            live: s.withdrawn.is_none(),
        }
    }
}

/// How alike two standards are, from 0 to 1: 0.4 × their heads' similarity + 0.6 × their
/// whole texts' (weighted Jaccard); the heads alone when neither has more text.
fn score(o: &Item, n: &Item, idf: &Idf) -> f64 {
    let h = o.head.similarity(&n.head, idf);
    match (o.has_body, n.has_body) {
        (true, true) => 0.4 * h + 0.6 * o.all.similarity(&n.all, idf),
        (false, false) => h,
        _ => 0.4 * h + 0.6 * o.all.similarity(&n.all, idf),
    }
}

/// Which standards share words, so that each is scored only against a few likely partners.
struct WordIndex {
    postings: HashMap<u32, Vec<usize>>,
}

impl WordIndex {
    fn new<'b>(items: impl Iterator<Item = (usize, &'b Bag)>) -> WordIndex {
        let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
        for (k, bag) in items {
            for w in bag.words() {
                postings.entry(w).or_default().push(k);
            }
        }
        WordIndex { postings }
    }

    /// The [`CANDIDATES`] standards sharing the most distinctive words with `bag`. Words in
    /// more than [`COMMON_WORD_LIMIT`] standards tell nothing apart and are passed over.
    fn candidates(&self, bag: &Bag) -> Vec<usize> {
        let mut shared: HashMap<usize, u32> = HashMap::new();
        for w in bag.words() {
            if let Some(list) = self
                .postings
                .get(&w)
                .filter(|l| l.len() <= COMMON_WORD_LIMIT)
            {
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

/// The standard (of `items`, found through `partners`) that a text `bag` is a part of: the one
/// holding most of its words, if it holds enough of them and is similar enough as a whole;
/// with how much of the text it holds.
fn part_of(bag: &Bag, partners: &WordIndex, items: &[Item], idf: &Idf) -> Option<(usize, f64)> {
    partners
        .candidates(bag)
        .into_iter()
        .filter(|k| bag.similarity(&items[*k].all, idf) >= PART_SIMILARITY)
        .map(|k| (bag.contained_in(&items[k].all, idf), k))
        .filter(|(c, _)| *c >= CONTAINMENT_THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(c, k)| (k, c))
}

/// Old standards and the new ones they became, and how that is known.
struct Group {
    olds: Vec<usize>,
    news: Vec<usize>,
    declared: bool,
    /// For lineage inferred from the text: how alike the two sides are.
    similarity: Option<f64>,
    /// Fixed as a group: inference adds no merged or split parts to it.
    closed: bool,
}

/// An old standard that its publisher withdrew (or deleted) in the new edition.
struct Gone {
    old: usize,
    /// Where it went, when known.
    into: Vec<String>,
    declared: bool,
    similarity: Option<f64>,
    /// Deleted outright (a lineage's `deleted`): reported as removed, declared.
    deleted: bool,
}

/// Compares two editions of a catalogue.
pub fn diff(old: &Edition, new: &Edition, opts: Options) -> EditionDiff {
    // In id order, whatever order the editions came in, so the result depends on content only.
    fn sorted(e: &Edition) -> Vec<&Standard> {
        let mut v: Vec<&Standard> = e.standards.iter().collect();
        v.sort_by(|a, b| crate::content::compare_ids(a.id(), b.id()));
        v
    }
    let compared = super::compared(&old.standards, &new.standards);
    let vocab = &mut Vocabulary::default();
    let olds: Vec<Item> = sorted(old)
        .into_iter()
        .map(|s| Item::new(s, vocab, &compared))
        .collect();
    let news: Vec<Item> = sorted(new)
        .into_iter()
        .map(|s| Item::new(s, vocab, &compared))
        .collect();
    let idf = Idf::new(vocab, olds.iter().chain(&news).map(|i| &i.all));
    let old_pos: HashMap<&str, usize> = olds
        .iter()
        .enumerate()
        .map(|(i, o)| (o.s.id(), i))
        .collect();
    let new_pos: HashMap<&str, usize> = news
        .iter()
        .enumerate()
        .map(|(j, n)| (n.s.id(), j))
        .collect();

    let mut m = Matching {
        groups: Vec::new(),
        gone: Vec::new(),
        old_done: vec![false; olds.len()],
        new_done: vec![false; news.len()],
        group_of_old: BTreeMap::new(),
        group_of_new: BTreeMap::new(),
    };

    // 1. A withdrawn standard is nobody's successor: its placeholder is accounted for by the
    //    withdrawal of the live standard of the same id, or stays as it was.
    for (j, n) in news.iter().enumerate().filter(|(_, n)| !n.live) {
        match old_pos.get(n.s.id()) {
            Some(&i) if !olds[i].live => m.pair(i, j, true, None, true),
            _ => m.new_done[j] = true,
        }
    }

    // 2. What the publisher or author declared.
    if !opts.inferred {
        declare(&mut m, &news, &old_pos, &new_pos, new, old);
    }
    // A live standard whose id the new edition keeps as a withdrawn placeholder was withdrawn
    // (step 6), not matched to another.
    let retired: Vec<bool> = olds
        .iter()
        .map(|o| o.live && new_pos.get(o.s.id()).is_some_and(|&j| !news[j].live))
        .collect();

    // 3. A standard that keeps its id and whose text still agrees stays itself, whatever
    //    scores better elsewhere. In a catalogue whose ids are stable (most kept ids keep
    //    their text: NIST, ASD), a kept id whose text was rewritten stays itself too, unless
    //    one side plainly became or came from another standard.
    let kept: Vec<(usize, usize, f64)> = olds
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let j = *new_pos.get(o.s.id())?;
            let open = !m.old_done[i] && !m.new_done[j] && o.live && news[j].live;
            open.then(|| (i, j, score(o, &news[j], &idf)))
        })
        .collect();
    let agreeing = kept.iter().filter(|k| k.2 >= KEEP_THRESHOLD).count();
    let stable = kept.len() >= STABLE_IDS_MIN && agreeing as f64 >= STABLE_IDS * kept.len() as f64;
    let (old_index, new_index) = (
        WordIndex::new(
            olds.iter()
                .enumerate()
                .filter(|(_, o)| o.live)
                .map(|(i, o)| (i, &o.all)),
        ),
        WordIndex::new(
            news.iter()
                .enumerate()
                .filter(|(_, n)| n.live)
                .map(|(j, n)| (j, &n.all)),
        ),
    );
    // The best score of `bag`'s item against another standard than `not`.
    let best_other = |index: &WordIndex, bag: &Item, items: &[Item], not: usize, old_side: bool| {
        index
            .candidates(&bag.all)
            .into_iter()
            .filter(|&k| k != not)
            .map(|k| {
                if old_side {
                    score(&items[k], bag, &idf)
                } else {
                    score(bag, &items[k], &idf)
                }
            })
            .fold(0.0, f64::max)
    };
    for (i, j, sc) in kept {
        let keep = sc >= KEEP_THRESHOLD
            || (stable && sc >= STABLE_KEEP_FLOOR)
            || (stable
                && best_other(&new_index, &olds[i], &news, j, false) < MATCH_THRESHOLD
                && best_other(&old_index, &news[j], &olds, i, true) < MATCH_THRESHOLD);
        if keep {
            m.pair(i, j, false, Some(sc), false);
        }
    }

    // 4. An optimal matching of what is left, on the text.
    let live_new = |j: &usize| !m.new_done[*j] && news[*j].live;
    let left_index = WordIndex::new((0..news.len()).filter(live_new).map(|j| (j, &news[j].all)));
    let mut all_edges: Vec<(usize, usize, f64)> = Vec::new();
    for (i, o) in olds
        .iter()
        .enumerate()
        .filter(|(i, o)| !m.old_done[*i] && o.live && !retired[*i])
    {
        let mut seen: HashSet<usize> = HashSet::new();
        for j in left_index.candidates(&o.all) {
            if seen.insert(j) {
                all_edges.push((i, j, score(o, &news[j], &idf)));
            }
        }
    }
    let edges: Vec<(usize, usize, f64)> = all_edges
        .iter()
        .copied()
        .filter(|e| e.2 >= MATCH_THRESHOLD)
        .collect();
    let scores: HashMap<(usize, usize), f64> = edges.iter().map(|&(i, j, s)| ((i, j), s)).collect();
    for (i, j) in super::assign::best_matching(olds.len(), news.len(), &edges) {
        m.pair(i, j, false, scores.get(&(i, j)).copied(), false);
    }
    let old_ids: Vec<&str> = olds.iter().map(|o| o.s.id()).collect();
    let new_ids: Vec<&str> = news.iter().map(|n| n.s.id()).collect();
    weak_matches(&mut m, &all_edges, &old_ids, &new_ids);

    // 5. Merges and splits among what was inferred: a left-over standard whose words stand
    //    mostly in one matched standard of the other edition.
    let open: Vec<usize> = (0..m.groups.len())
        .filter(|&g| !m.groups[g].closed)
        .collect();
    let matched_news: BTreeMap<usize, usize> = open
        .iter()
        .flat_map(|&g| m.groups[g].news.iter().map(move |&j| (j, g)))
        .collect();
    let index = WordIndex::new(matched_news.keys().map(|&j| (j, &news[j].all)));
    // A part must bring words of its own (words its side's other members lack) that stand in
    // the other side: NIST's new AC-3(13) "attribute-based" reads like AC-3(7)
    // "role-based", but its own words are in no old standard, so it is new, not split.
    let own_words = |whole: &[&Bag], have: &[&Bag], part: &Bag| -> f64 {
        let own = part.without(&Bag::union(have.iter().copied()));
        own.contained_in(&Bag::union(whole.iter().copied()), &idf)
    };
    let merged: Vec<(usize, usize)> = (0..olds.len())
        .filter(|&i| !m.old_done[i] && olds[i].live && !retired[i])
        .filter_map(|i| {
            let (j, _) = part_of(&olds[i].all, &index, &news, &idf)?;
            let g = matched_news[&j];
            let whole: Vec<&Bag> = m.groups[g].news.iter().map(|&k| &news[k].all).collect();
            let have: Vec<&Bag> = m.groups[g].olds.iter().map(|&k| &olds[k].all).collect();
            (own_words(&whole, &have, &olds[i].all) >= PART_OWN).then_some((i, g))
        })
        .collect();
    for (i, g) in merged {
        m.old_done[i] = true;
        m.groups[g].olds.push(i);
    }
    let matched_olds: BTreeMap<usize, usize> = open
        .iter()
        .flat_map(|&g| m.groups[g].olds.iter().map(move |&i| (i, g)))
        .collect();
    let index = WordIndex::new(matched_olds.keys().map(|&i| (i, &olds[i].all)));
    let split: Vec<(usize, usize)> = (0..news.len())
        .filter(|&j| !m.new_done[j] && news[j].live)
        .filter_map(|j| {
            let (i, _) = part_of(&news[j].all, &index, &olds, &idf)?;
            let g = matched_olds[&i];
            let whole: Vec<&Bag> = m.groups[g].olds.iter().map(|&k| &olds[k].all).collect();
            let have: Vec<&Bag> = m.groups[g].news.iter().map(|&k| &news[k].all).collect();
            (own_words(&whole, &have, &news[j].all) >= PART_OWN).then_some((j, g))
        })
        .collect();
    for (j, g) in split {
        m.new_done[j] = true;
        m.groups[g].news.push(j);
    }

    // 6. A live standard whose new version is a withdrawn placeholder was withdrawn; where
    //    the publisher names no successor, the new standards that hold its text are given.
    let live_news = WordIndex::new(
        (0..news.len())
            .filter(|&j| news[j].live)
            .map(|j| (j, &news[j].all)),
    );
    for (i, o) in olds.iter().enumerate() {
        let Some(&j) = new_pos.get(o.s.id()) else {
            continue;
        };
        if m.old_done[i] || news[j].live || !o.live {
            continue;
        }
        m.old_done[i] = true;
        let declared_into = news[j].s.withdrawn.as_ref().map(|w| w.into.clone());
        let gone = match declared_into {
            Some(into) if !into.is_empty() && !opts.inferred => Gone {
                old: i,
                into,
                declared: true,
                similarity: None,
                deleted: false,
            },
            _ => {
                let found = part_of(&o.all, &live_news, &news, &idf);
                Gone {
                    old: i,
                    into: found
                        .map(|(k, _)| vec![news[k].s.id().to_string()])
                        .unwrap_or_default(),
                    declared: false,
                    similarity: found.map(|(_, c)| c),
                    deleted: false,
                }
            }
        };
        m.gone.push(gone);
    }

    m.changes(&olds, &news, new, old, compared)
}

/// Step 4b: pairs below [`MATCH_THRESHOLD`] that are each other's best partner, taken where
/// the evidence is still clear: at [`WEAK_THRESHOLD`] and above, or from [`SUPPORTED_THRESHOLD`]
/// where a neighbour (within [`NEIGHBOURS`] places, in id order, on both sides) went the same
/// way. Publishers move requirements in blocks: OWASP moved whole sections of ASVS 4.0.3 into
/// new chapters of 5.0.0, rewording each requirement a little.
fn weak_matches(
    m: &mut Matching,
    all_edges: &[(usize, usize, f64)],
    old_ids: &[&str],
    new_ids: &[&str],
) {
    // Each side's best partner among what is still unmatched.
    let best = |m: &Matching| {
        let mut of_old: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
        let mut of_new: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
        for &(i, j, s) in all_edges {
            if m.old_done[i] || m.new_done[j] {
                continue;
            }
            if of_old.get(&i).is_none_or(|b| s > b.1) {
                of_old.insert(i, (j, s));
            }
            if of_new.get(&j).is_none_or(|b| s > b.1) {
                of_new.insert(j, (i, s));
            }
        }
        let mutual: Vec<(usize, usize, f64)> = of_old
            .into_iter()
            .filter(|(i, (j, _))| of_new.get(j).is_some_and(|b| b.0 == *i))
            .map(|(i, (j, s))| (i, j, s))
            .collect();
        mutual
    };
    for (i, j, s) in best(m) {
        if s >= WEAK_THRESHOLD {
            m.pair(i, j, false, Some(s), false);
        }
    }
    // A pair is supported by a neighbouring pair on both sides: one already matched, or
    // another such candidate (two neighbouring requirements that moved together).
    loop {
        let candidates: Vec<(usize, usize, f64)> = best(m)
            .into_iter()
            .filter(|c| c.2 >= SUPPORTED_THRESHOLD)
            .collect();
        // A neighbour that was renumbered too, by about as many places: the block moved
        // whole. (A standard that kept its id supports nothing: it did not move.)
        let near = |i: usize, j: usize, k: usize, n: usize| {
            let shift = |a: usize, b: usize| b as isize - a as isize;
            k != i
                && n != j
                && old_ids[k] != new_ids[n]
                && k.abs_diff(i) <= NEIGHBOURS
                && shift(i, j).abs_diff(shift(k, n)) <= BLOCK_DRIFT
        };
        let supported: Vec<(usize, usize, f64)> = candidates
            .iter()
            .copied()
            .filter(|&(i, j, _)| {
                candidates.iter().any(|&(k, n, _)| near(i, j, k, n))
                    || (i.saturating_sub(NEIGHBOURS)..=i + NEIGHBOURS).any(|k| {
                        m.group_of_old
                            .get(&k)
                            .is_some_and(|&g| m.groups[g].news.iter().any(|&n| near(i, j, k, n)))
                    })
            })
            .collect();
        if supported.is_empty() {
            break;
        }
        for (i, j, s) in supported {
            if !m.old_done[i] && !m.new_done[j] {
                m.pair(i, j, false, Some(s), false);
            }
        }
    }
}

/// The work in progress: groups formed, and which standards are accounted for.
struct Matching {
    groups: Vec<Group>,
    gone: Vec<Gone>,
    old_done: Vec<bool>,
    new_done: Vec<bool>,
    group_of_old: BTreeMap<usize, usize>,
    group_of_new: BTreeMap<usize, usize>,
}

impl Matching {
    fn pair(&mut self, i: usize, j: usize, declared: bool, similarity: Option<f64>, closed: bool) {
        self.old_done[i] = true;
        self.new_done[j] = true;
        self.group_of_old.insert(i, self.groups.len());
        self.group_of_new.insert(j, self.groups.len());
        self.groups.push(Group {
            olds: vec![i],
            news: vec![j],
            declared,
            similarity,
            closed,
        });
    }

    /// Adds old `i` and new `js` to one declared group: a new group, or the group that already
    /// holds one of them (two old standards into one new: a merge; one old into several: a
    /// split).
    fn join(&mut self, i: usize, js: &[usize]) {
        let g = self
            .group_of_old
            .get(&i)
            .or_else(|| js.iter().find_map(|j| self.group_of_new.get(j)))
            .copied();
        let g = match g {
            Some(g) => g,
            None => {
                self.groups.push(Group {
                    olds: Vec::new(),
                    news: Vec::new(),
                    declared: true,
                    similarity: None,
                    closed: true,
                });
                self.groups.len() - 1
            }
        };
        if !self.old_done[i] {
            self.old_done[i] = true;
            self.groups[g].olds.push(i);
            self.group_of_old.insert(i, g);
        }
        for &j in js {
            if !self.new_done[j] {
                self.new_done[j] = true;
                self.groups[g].news.push(j);
                self.group_of_new.insert(j, g);
            }
        }
    }

    /// A declared change of its own: old `i` into new `js`, whatever other changes the new
    /// standards are part of.
    fn entry(&mut self, i: usize, js: &[usize]) {
        let g = self.groups.len();
        self.groups.push(Group {
            olds: vec![i],
            news: js.to_vec(),
            declared: true,
            similarity: None,
            closed: true,
        });
        self.old_done[i] = true;
        self.group_of_old.insert(i, g);
        for &j in js {
            self.new_done[j] = true;
            self.group_of_new.entry(j).or_insert(g);
        }
    }

    /// The changes, in the new edition's order; then the withdrawn, removed and added.
    fn changes(
        self,
        olds: &[Item],
        news: &[Item],
        new: &Edition,
        old: &Edition,
        compared: Vec<&'static str>,
    ) -> EditionDiff {
        let new_order: HashMap<&str, usize> = new
            .standards
            .iter()
            .enumerate()
            .map(|(k, s)| (s.id(), k))
            .collect();
        let round = |x: f64| (x * 100.0).round() / 100.0;
        let mut changes: Vec<((usize, usize), Change)> = Vec::new();
        for g in self
            .groups
            .iter()
            .filter(|g| !g.olds.is_empty() && !g.news.is_empty())
        {
            let mut os = g.olds.clone();
            let mut ns = g.news.clone();
            os.sort_unstable();
            ns.sort_unstable();
            let (o, n) = (olds[os[0]].s, news[ns[0]].s);
            // A standard withdrawn in both editions holds no requirement that could change.
            let still_withdrawn = o.withdrawn.is_some() && n.withdrawn.is_some();
            let fields = if still_withdrawn {
                Vec::new()
            } else {
                changed_fields(o, n, &compared)
            };
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
            let first = ns
                .iter()
                .map(|&j| new_order[news[j].s.id()])
                .min()
                .unwrap_or(0);
            changes.push((
                (0, first),
                Change {
                    kind,
                    old: os.iter().map(|&i| olds[i].s.id().to_string()).collect(),
                    new: ns.iter().map(|&j| news[j].s.id().to_string()).collect(),
                    into: None,
                    declared: g.declared,
                    similarity: g.similarity.map(round),
                    fields: Some(fields),
                },
            ));
        }
        for (j, n) in news.iter().enumerate() {
            if !self.new_done[j] {
                changes.push((
                    (0, new_order[n.s.id()]),
                    Change::one(Kind::Added, vec![], vec![n.s.id().to_string()]),
                ));
            }
        }
        let gone_old: BTreeSet<usize> = self.gone.iter().map(|g| g.old).collect();
        for g in &self.gone {
            let id = olds[g.old].s.id().to_string();
            let kind = if g.deleted {
                Kind::Removed
            } else {
                Kind::Withdrawn
            };
            changes.push((
                (1, g.old),
                Change {
                    kind,
                    old: vec![id],
                    new: vec![],
                    into: (!g.deleted).then(|| g.into.clone()),
                    declared: g.declared,
                    similarity: g.similarity.map(round),
                    fields: None,
                },
            ));
        }
        for (i, o) in olds.iter().enumerate() {
            if !self.old_done[i] && !gone_old.contains(&i) {
                changes.push((
                    (1, i),
                    Change::one(Kind::Removed, vec![o.s.id().to_string()], vec![]),
                ));
            }
        }
        changes.sort_by_key(|(k, _)| *k);
        EditionDiff::new(
            old.key(),
            new.key(),
            changes.into_iter().map(|(_, c)| c).collect(),
            compared,
        )
    }
}

/// Step 2: `previous:` of the new standards, the edition's lineage file, and withdrawals that
/// name their successors.
fn declare(
    m: &mut Matching,
    news: &[Item],
    old_pos: &HashMap<&str, usize>,
    new_pos: &HashMap<&str, usize>,
    new: &Edition,
    old: &Edition,
) {
    for (j, n) in news.iter().enumerate().filter(|(_, n)| n.live) {
        let prev: Vec<usize> =
            n.s.previous
                .iter()
                .filter_map(|p| old_pos.get(p.as_str()).copied())
                .collect();
        for i in prev {
            m.join(i, &[j]);
        }
    }
    let Some(lineage) = new.lineage.as_ref().filter(|l| l.against == old.id) else {
        return;
    };
    for e in &lineage.entries {
        let Some(&i) = old_pos.get(e.old.value.as_str()) else {
            continue;
        };
        if m.old_done[i] {
            continue;
        }
        let js: Vec<usize> = e
            .new
            .iter()
            .filter_map(|id| new_pos.get(id.as_str()).copied())
            .filter(|&j| news[j].live)
            .collect();
        match e.verb {
            // Into a standard that others went into as well: a merge.
            Verb::Merged if !js.is_empty() => m.join(i, &js),
            // Each entry its own change, as the publisher lists it, even where a new standard
            // also received another old one (OWASP moves some requirements into a standard
            // that another was split into): the diff then says what the mapping says.
            Verb::Moved | Verb::Modified | Verb::Split if !js.is_empty() => m.entry(i, &js),
            Verb::CoveredBy | Verb::Deleted => {
                m.old_done[i] = true;
                m.gone.push(Gone {
                    old: i,
                    into: e.new.clone(),
                    declared: true,
                    similarity: None,
                    deleted: e.verb == Verb::Deleted,
                });
            }
            _ => {}
        }
        // The old id's withdrawn placeholder, if the new edition keeps one, is accounted for.
        if let Some(&j) = new_pos.get(e.old.value.as_str())
            && !news[j].live
        {
            m.new_done[j] = true;
        }
    }
}
