//! Which standards of an old edition became which of a new one: what the publisher declared
//! first, then what the ids and the text say. The steps are described in `diff`'s module
//! comment; the thresholds are the constants there.

use std::collections::BTreeMap;

// Many lookups of small numbers and short ids: rustc's hasher. Nothing here depends on a
// map's order (candidates are sorted).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::fields::{Fields, compared};
use super::groups::{Gone, Matching, declare, weak_matches};
use super::item::{Item, items, score};
use super::prepared::{Prepared, PreparedStandard};
use super::similarity::{Bag, Idf};
use super::{
    CANDIDATES, COMMON_WORD_LIMIT, CONTAINMENT_THRESHOLD, EditionDiff, KEEP_THRESHOLD,
    MATCH_THRESHOLD, Options, PART_OWN, PART_SIMILARITY, STABLE_IDS, STABLE_IDS_MIN,
    STABLE_KEEP_FLOOR,
};
use crate::content::{Edition, Standard};

/// Which standards share words, so that each is scored only against a few likely partners.
struct WordIndex {
    postings: HashMap<u32, Vec<usize>>,
}

impl WordIndex {
    fn new<'b>(items: impl Iterator<Item = (usize, &'b Bag)>) -> WordIndex {
        let mut postings: HashMap<u32, Vec<usize>> = HashMap::default();
        for (k, bag) in items {
            for w in bag.words() {
                postings.entry(w).or_default().push(k);
            }
        }
        WordIndex { postings }
    }

    /// The index of the live standards of `items`.
    fn of_live(items: &[Item]) -> WordIndex {
        let live = items.iter().enumerate().filter(|(_, i)| i.live);
        WordIndex::new(live.map(|(k, i)| (k, i.all.as_ref())))
    }

    /// The [`CANDIDATES`] standards sharing the most distinctive words with `bag`. Words in
    /// more than [`COMMON_WORD_LIMIT`] standards tell nothing apart and are passed over.
    fn candidates(&self, bag: &Bag) -> Vec<usize> {
        let mut shared: HashMap<usize, u32> = HashMap::default();
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

/// The whole texts of the standards `ks` of `items`.
fn texts<'b>(items: &'b [Item], ks: &[usize]) -> Vec<&'b Bag> {
    ks.iter().map(|&k| items[k].all.as_ref()).collect()
}

/// Compares two editions of a catalogue, whose standards `old_read` and `new_read` hold as
/// read for a diff.
pub fn diff(
    (old, old_read): (&Edition, &Prepared),
    (new, new_read): (&Edition, &Prepared),
    opts: Options,
) -> EditionDiff {
    // In id order, whatever order the editions came in, so the result depends on content only.
    fn sorted<'a>(e: &'a Edition, read: &'a Prepared) -> Vec<(&'a Standard, &'a PreparedStandard)> {
        let mut v: Vec<(&Standard, &PreparedStandard)> =
            e.standards.iter().zip(&read.standards).collect();
        v.sort_by(|a, b| crate::content::compare_ids(a.0.id(), b.0.id()));
        v
    }
    let (old_sorted, new_sorted) = (sorted(old, old_read), sorted(new, new_read));
    fn fields_of<'a>(list: &[(&Standard, &'a PreparedStandard)]) -> Vec<&'a Fields> {
        list.iter().map(|(_, p)| &p.fields).collect()
    }
    let compared = compared(&fields_of(&old_sorted), &fields_of(&new_sorted));
    let (olds, news) = items(&old_sorted, &new_sorted, &compared);
    let idf = Idf::new(olds.iter().chain(&news).map(|i| i.all.as_ref()));
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
    // The indexes below are made only when a question needs them: most kept ids agree, and
    // a catalogue of thousands would otherwise index every standard several times.
    let (old_index, new_index) = (
        std::cell::LazyCell::new(|| WordIndex::of_live(&olds)),
        std::cell::LazyCell::new(|| WordIndex::of_live(&news)),
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
    let left_index = WordIndex::new(
        (0..news.len())
            .filter(live_new)
            .map(|j| (j, news[j].all.as_ref())),
    );
    let mut all_edges: Vec<(usize, usize, f64)> = Vec::new();
    for (i, o) in olds
        .iter()
        .enumerate()
        .filter(|(i, o)| !m.old_done[*i] && o.live && !retired[*i])
    {
        let mut seen: HashSet<usize> = HashSet::default();
        for j in left_index.candidates(o.all.as_ref()) {
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
    let index = std::cell::LazyCell::new(|| {
        WordIndex::new(matched_news.keys().map(|&j| (j, news[j].all.as_ref())))
    });
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
            let (j, _) = part_of(olds[i].all.as_ref(), &index, &news, &idf)?;
            let g = matched_news[&j];
            let (whole, have) = (
                texts(&news, &m.groups[g].news),
                texts(&olds, &m.groups[g].olds),
            );
            (own_words(&whole, &have, olds[i].all.as_ref()) >= PART_OWN).then_some((i, g))
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
    let index = std::cell::LazyCell::new(|| {
        WordIndex::new(matched_olds.keys().map(|&i| (i, olds[i].all.as_ref())))
    });
    let split: Vec<(usize, usize)> = (0..news.len())
        .filter(|&j| !m.new_done[j] && news[j].live)
        .filter_map(|j| {
            let (i, _) = part_of(news[j].all.as_ref(), &index, &olds, &idf)?;
            let g = matched_olds[&i];
            let (whole, have) = (
                texts(&olds, &m.groups[g].olds),
                texts(&news, &m.groups[g].news),
            );
            (own_words(&whole, &have, news[j].all.as_ref()) >= PART_OWN).then_some((j, g))
        })
        .collect();
    for (j, g) in split {
        m.new_done[j] = true;
        m.groups[g].news.push(j);
    }

    // 6. A live standard whose new version is a withdrawn placeholder was withdrawn; where
    //    the publisher names no successor, the new standards that hold its text are given.
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
                let found = part_of(o.all.as_ref(), &new_index, &news, &idf);
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
