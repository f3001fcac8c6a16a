//! Edition diffs: which standards of an old edition became which of a new one, and what
//! changed in them.
//!
//! Lineage comes first from what is declared, and is inferred from the text only where
//! nothing is (`Options::inferred` ignores every declaration, so that the inference can be
//! compared with a publisher's mapping). A wrong lineage misleads a policy owner; an honest
//! "removed" and "added" does not: every threshold below leans to precision.
//!
//! 1. A withdrawn standard (an OSCAL `withdrawn` status, an OpenControl placeholder with no
//!    text, `withdrawn:` in YAML) is nobody's successor.
//! 2. Declared lineage: a standard's `previous:` (one id: the same standard, perhaps
//!    renumbered; several: a merge; an old id that several new standards name: a split), the
//!    edition's `lineage.yaml` (the publisher's verbs: moved, modified, merged, split, covered
//!    by, deleted), and a withdrawal's `into`.
//! 3. A standard that keeps its id and whose text still agrees (a score of at least
//!    [`KEEP_THRESHOLD`]) stays itself, `amended` or `unchanged`: a better-scoring candidate
//!    elsewhere does not break it. A kept id whose text is unrelated (OWASP ASVS 5.0 reused
//!    4.0.3's ids for other requirements) is no continuity, and goes on to the matching;
//!    except in a catalogue whose ids are stable ([`STABLE_IDS`]), where a kept id whose text
//!    was rewritten (NIST's AU-2 "Audit Events" became "Event Logging") stays itself if its
//!    text shares anything ([`STABLE_KEEP_FLOOR`]) or neither side plainly matches another
//!    standard.
//! 4. The rest is matched optimally on the text. A pair's score is 0.4 × the similarity of
//!    their heads (title, else headline) + 0.6 × the similarity of their whole texts
//!    (weighted Jaccard similarity of their words: rare words weigh more); the heads alone
//!    when neither has more text. Only pairs scoring at least [`MATCH_THRESHOLD`] may be
//!    matched. Each standard is scored against its [`CANDIDATES`] most word-sharing
//!    counterparts (an index of words), so the work grows with the number of standards, not
//!    its square; pairs that are each other's best are fixed at once, the rest matched by the
//!    Hungarian algorithm within each group of standards that compete for the same partners.
//!    Then pairs below that threshold that are each other's best partner are matched where
//!    the evidence is still clear: at [`WEAK_THRESHOLD`], or from [`SUPPORTED_THRESHOLD`]
//!    where a neighbour in id order (within [`NEIGHBOURS`]) was renumbered by about as many
//!    places (within [`BLOCK_DRIFT`]): publishers move requirements in blocks. On OWASP ASVS
//!    4.0.3 to 5.0.0, inferred alone, this finds 96 of the 156 requirements OWASP says it
//!    moved, and 105 of its 108 pairs are in OWASP's mapping (`tests/diff_real.rs`).
//! 5. An old standard left over whose words stand mostly (at least [`CONTAINMENT_THRESHOLD`])
//!    in a matched new standard, and which is at least [`PART_SIMILARITY`] similar to it as a
//!    whole, was merged into it, if its own words (those its fellow predecessors lack) stand
//!    there too ([`PART_OWN`]); a new standard left over that stands so in a matched old one
//!    was split from it.
//! 6. A live standard whose id the new edition keeps as a withdrawn placeholder is
//!    `withdrawn`, into the standards its publisher names or else into the new standard that
//!    holds its text (as in step 5), if any.
//! 7. What is left was removed (old) or added (new).
//!
//! Every change says whether its lineage was declared; an inferred one carries its evidence,
//! the similarity of the two sides.

mod assign;
pub mod declared;
mod fields;
mod groups;
pub mod impact;
pub mod inline;
mod item;
mod matching;
mod prepared;
pub mod report;
mod similarity;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::content::{Edition, Site};
pub use fields::{Fields, Value, fields};
pub use prepared::{Prepared, PreparedStandard};
pub use similarity::Vocabulary;

/// The least score at which a standard that keeps its id stays itself.
pub const KEEP_THRESHOLD: f64 = 0.3;
/// A catalogue's ids are stable when at least this share of the standards that keep their id
/// keep their text too (NIST SP 800-53: 98%); then a kept id whose text was rewritten stays
/// itself unless one side scores at least [`MATCH_THRESHOLD`] with another standard.
pub const STABLE_IDS: f64 = 0.9;
/// In a catalogue whose ids are stable, a kept id whose text shares at least this much stays
/// itself whatever scores better elsewhere (ASD never reuses an id: its ism-0125 stays
/// ism-0125, 0.12 alike, though a new control took over most of its words).
pub const STABLE_KEEP_FLOOR: f64 = 0.1;
/// ... judged on at least this many kept ids.
pub const STABLE_IDS_MIN: usize = 10;
/// The least score at which two standards may be matched.
pub const MATCH_THRESHOLD: f64 = 0.5;
/// The least score at which two standards that are each other's best partner are matched
/// below [`MATCH_THRESHOLD`] (step 4b).
pub const WEAK_THRESHOLD: f64 = 0.3;
/// ... and the least, where a neighbour went the same way.
pub const SUPPORTED_THRESHOLD: f64 = 0.2;
/// How many places (in id order) a neighbour may be.
pub const NEIGHBOURS: usize = 6;
/// ... and by how many places more or less than the pair it supports it may have moved.
pub const BLOCK_DRIFT: usize = 4;
/// The share of a left-over standard's words that must stand in a matched one to call it a
/// merge or a split.
pub const CONTAINMENT_THRESHOLD: f64 = 0.6;
/// ... and that is at least this similar to it as a whole (a short new standard is not
/// "split" from a long old one only because its few words stand there too).
pub const PART_SIMILARITY: f64 = 0.25;
/// ... and whose own words (those the other standards of its side lack) stand at least this
/// much in the group's other side: NIST's new AC-3(13) "attribute-based" reads like AC-3(7)
/// "role-based", but its own words stand in no old standard (0.0), so it is new, not split
/// from AC-3(7); the true split of AC-12(1) into AC-12(1) and AC-12(2) scores 0.79. The
/// highest false part in NIST rev4 to rev5 scores 0.36.
pub const PART_OWN: f64 = 0.6;
/// Words in more standards than this are too common to find partners by (they still count in
/// the scores, weighted by their rarity). A fixed limit keeps finding partners linear in the
/// number of standards.
pub const COMMON_WORD_LIMIT: usize = 64;
/// How many word-sharing counterparts each standard is scored against.
pub const CANDIDATES: usize = 12;

/// How to compare two editions.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Ignore every declaration (`previous:`, lineage files, withdrawals' successors) and infer
    /// all lineage from the ids and the text.
    pub inferred: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Renumbered,
    Merged,
    Split,
    Withdrawn,
    Removed,
    Added,
    Amended,
    Unchanged,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Renumbered,
        Kind::Merged,
        Kind::Split,
        Kind::Withdrawn,
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
            Kind::Withdrawn => "withdrawn",
            Kind::Removed => "removed",
            Kind::Added => "added",
            Kind::Amended => "amended",
            Kind::Unchanged => "unchanged",
        }
    }
}

/// One entry of a diff, in the JSON shape of `diff --format json` (see `docs/format.md`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub old: Vec<String>,
    pub new: Vec<String>,
    /// For a withdrawn standard: the standards it went into (perhaps none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub into: Option<Vec<String>>,
    /// Whether the lineage was declared (`previous:`, a lineage file, a withdrawal's
    /// successors, a withdrawn placeholder), rather than inferred from the ids and the text.
    pub declared: bool,
    /// For inferred lineage: how alike the two sides are, from 0 to 1 (two decimals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// What changed, by the content format's keys (`headline`, `criteria.met`, ...). Absent
    /// for removed, added and withdrawn standards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
}

impl Change {
    /// A standard that is only in one edition, and nothing is known of where it came from or
    /// went.
    fn one(kind: Kind, old: Vec<String>, new: Vec<String>) -> Change {
        Change {
            kind,
            old,
            new,
            into: None,
            declared: false,
            similarity: None,
            fields: None,
        }
    }

    /// Lineage inferred from the text of two different standards (not a kept id): what the
    /// site marks "inferred from the text, 87% alike".
    pub fn inferred_from_text(&self) -> Option<f64> {
        let moved = self.kind == Kind::Withdrawn || self.old != self.new;
        self.similarity.filter(|_| !self.declared && moved)
    }
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
    /// The fields compared: those both editions use (see [`compared`]).
    #[serde(skip)]
    pub compared: Vec<&'static str>,
}

impl EditionDiff {
    pub fn new(
        old: String,
        new: String,
        changes: Vec<Change>,
        compared: Vec<&'static str>,
    ) -> Self {
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
            compared,
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
        let declared = SiteDiffs::declared_of(site, &pairs);
        SiteDiffs { pairs, declared }
    }

    /// The declared changes of each edition that has them, checked against `pairs`.
    pub fn declared_of(
        site: &Site,
        pairs: &[EditionPair],
    ) -> BTreeMap<String, Vec<declared::Finding>> {
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
        declared
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

/// Compares two editions of a catalogue, declarations first.
pub fn diff(old: &Edition, new: &Edition) -> EditionDiff {
    diff_with(old, new, Options::default())
}

/// Compares two editions of a catalogue as `opts` says.
pub fn diff_with(old: &Edition, new: &Edition, opts: Options) -> EditionDiff {
    let vocab = &mut Vocabulary::default();
    let (old_read, new_read) = Prepared::pair(old, new, vocab);
    matching::diff((old, &old_read), (new, &new_read), opts)
}

/// Compares two editions of a catalogue, declarations first, whose standards were read for a
/// diff already, their words numbered in one [`Vocabulary`] ([`Prepared`]: `serve` keeps
/// them between edits). The same as [`diff`].
pub fn diff_prepared(
    (old, old_read): (&Edition, &Prepared),
    (new, new_read): (&Edition, &Prepared),
) -> EditionDiff {
    matching::diff((old, old_read), (new, new_read), Options::default())
}
