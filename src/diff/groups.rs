//! The bookkeeping of a matching: the groups of old and new standards found so far, what the
//! publisher declared (step 2), the weak matches a neighbour supports (step 4b), and the
//! changes the groups make.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;

use super::fields::changed_fields;
use super::item::Item;
use super::{
    BLOCK_DRIFT, Change, EditionDiff, Kind, NEIGHBOURS, SUPPORTED_THRESHOLD, WEAK_THRESHOLD,
};
use crate::content::{Edition, Verb};

/// Old standards and the new ones they became, and how that is known.
pub(super) struct Group {
    pub(super) olds: Vec<usize>,
    pub(super) news: Vec<usize>,
    pub(super) declared: bool,
    /// For lineage inferred from the text: how alike the two sides are.
    pub(super) similarity: Option<f64>,
    /// Fixed as a group: inference adds no merged or split parts to it.
    pub(super) closed: bool,
}

/// An old standard that its publisher withdrew (or deleted) in the new edition.
pub(super) struct Gone {
    pub(super) old: usize,
    /// Where it went, when known.
    pub(super) into: Vec<String>,
    pub(super) declared: bool,
    pub(super) similarity: Option<f64>,
    /// Deleted outright (a lineage's `deleted`): reported as removed, declared.
    pub(super) deleted: bool,
}

/// Step 4b: pairs below [`MATCH_THRESHOLD`] that are each other's best partner, taken where
/// the evidence is still clear: at [`WEAK_THRESHOLD`] and above, or from [`SUPPORTED_THRESHOLD`]
/// where a neighbour (within [`NEIGHBOURS`] places, in id order, on both sides) went the same
/// way. Publishers move requirements in blocks: OWASP moved whole sections of ASVS 4.0.3 into
/// new chapters of 5.0.0, rewording each requirement a little.
pub(super) fn weak_matches(
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
pub(super) struct Matching {
    pub(super) groups: Vec<Group>,
    pub(super) gone: Vec<Gone>,
    pub(super) old_done: Vec<bool>,
    pub(super) new_done: Vec<bool>,
    pub(super) group_of_old: BTreeMap<usize, usize>,
    pub(super) group_of_new: BTreeMap<usize, usize>,
}

impl Matching {
    pub(super) fn pair(
        &mut self,
        i: usize,
        j: usize,
        declared: bool,
        similarity: Option<f64>,
        closed: bool,
    ) {
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
    pub(super) fn join(&mut self, i: usize, js: &[usize]) {
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
    pub(super) fn entry(&mut self, i: usize, js: &[usize]) {
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
    pub(super) fn changes(
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
                changed_fields(olds[os[0]].fields, news[ns[0]].fields, &compared)
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
pub(super) fn declare(
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
