//! An edition's standards read for a diff: each standard's fields and the numbered words of
//! its head and of each field, made side by side. A diff reads both editions; `serve` keeps
//! them between edits, with the vocabulary that numbers their words ([`Prepared::replace`]),
//! so that an edit to one standard reads that standard again and not its whole edition
//! (reading is most of a diff of thousands of standards). Scores do not depend on the numbers
//! words get (see `similarity::Idf`), so a diff of kept readings is the diff made at once.

use std::borrow::Cow;

use super::fields::{Fields, Value, fields};
use super::similarity::{Bag, Vocabulary, Words, has_words};
use crate::content::{Edition, Standard};

/// A field of a standard as read: its key, its words (by their place among the standard's
/// distinct words) with their counts, and how many texts they come from (a list has several).
type Part = (&'static str, Vec<(u32, u32)>, usize);

/// One standard as read for a diff.
#[derive(Debug)]
pub struct PreparedStandard {
    pub(super) fields: Fields,
    /// The words of its title where it has one, else of its headline.
    pub(super) head: Bag,
    /// The words of all its fields but `area`, and how many texts they come from (a list
    /// field has several).
    whole: (Bag, usize),
    /// The number of each of its distinct words, and each field but `area` that has words;
    /// for a diff that leaves a field out (see [`PreparedStandard::text`]).
    ids: Vec<u32>,
    parts: Vec<Part>,
}

/// A standard's fields and words before the words are numbered.
struct Read {
    fields: Fields,
    words: Words,
    parts: Vec<Part>,
    /// The part that is its head (title, else headline), if it has words.
    head: Option<usize>,
}

impl Read {
    fn new(s: &Standard) -> Read {
        let fields = fields(s);
        let mut words = Words::default();
        let mut parts = Vec::new();
        let mut head = None;
        let head_key = if s.title.is_some() {
            "title"
        } else {
            "headline"
        };
        for (k, v) in fields.iter().filter(|(k, _)| *k != "area") {
            let texts: Vec<&str> = match v {
                Value::Text(t) => vec![t.as_str()],
                Value::List(l) => l.iter().map(String::as_str).collect(),
            };
            let with_words = texts.iter().filter(|t| has_words(t)).count();
            if with_words > 0 {
                if *k == head_key {
                    head = Some(parts.len());
                }
                parts.push((*k, words.part(texts), with_words));
            }
        }
        Read {
            fields,
            words,
            parts,
            head,
        }
    }

    fn prepared(self, ids: Vec<u32>) -> PreparedStandard {
        let bag = |part: &[(u32, u32)]| {
            Bag::of(part.iter().map(|&(i, c)| (ids[i as usize], c)).collect())
        };
        let whole = Bag::of(ids.iter().copied().zip(self.words.counts()).collect());
        PreparedStandard {
            fields: self.fields,
            head: self.head.map(|h| bag(&self.parts[h].1)).unwrap_or_default(),
            whole: (whole, self.parts.iter().map(|(_, _, n)| n).sum()),
            ids,
            parts: self.parts,
        }
    }
}

impl PreparedStandard {
    /// The words of the fields `compared`, and whether they come from more than one text.
    pub(super) fn text(&self, compared: &[&str]) -> (Cow<'_, Bag>, bool) {
        let (whole, texts) = &self.whole;
        if self.parts.iter().all(|(k, _, _)| compared.contains(k)) {
            return (Cow::Borrowed(whole), *texts > 1);
        }
        let kept = || self.parts.iter().filter(|(k, _, _)| compared.contains(k));
        let bag = Bag::of(
            kept()
                .flat_map(|(_, part, _)| part.iter().map(|&(i, c)| (self.ids[i as usize], c)))
                .collect(),
        );
        (
            Cow::Owned(bag),
            kept().map(|(_, _, n)| n).sum::<usize>() > 1,
        )
    }
}

/// The standards of an edition as read for a diff, in the edition's order.
#[derive(Debug)]
pub struct Prepared {
    pub(super) standards: Vec<PreparedStandard>,
}

impl Prepared {
    /// Reads every standard of `e`, numbering the words in `vocab`, which must be the one
    /// the other edition of a diff is numbered in.
    pub fn new(e: &Edition, vocab: &mut Vocabulary) -> Prepared {
        Prepared::numbered(read(e), vocab)
    }

    /// Reads the standards of two editions side by side, numbering their words in `vocab`.
    pub fn pair(old: &Edition, new: &Edition, vocab: &mut Vocabulary) -> (Prepared, Prepared) {
        let (old, new) = rayon::join(|| read(old), || read(new));
        (
            Prepared::numbered(old, vocab),
            Prepared::numbered(new, vocab),
        )
    }

    /// Numbers the words of `read` one standard after the other (a vocabulary takes one at
    /// a time), and makes the bags side by side.
    fn numbered(read: Vec<Read>, vocab: &mut Vocabulary) -> Prepared {
        use rayon::prelude::*;
        let numbers: Vec<Vec<u32>> = read.iter().map(|r| vocab.ids(&r.words)).collect();
        Prepared {
            standards: read
                .into_par_iter()
                .zip(numbers)
                .map(|(r, n)| r.prepared(n))
                .collect(),
        }
    }

    /// Reads the standard `i` of `e` again (after an edit to it); returns what it was, for
    /// [`Prepared::restore`].
    pub fn replace(
        &mut self,
        e: &Edition,
        i: usize,
        vocab: &mut Vocabulary,
    ) -> Option<PreparedStandard> {
        let read = Read::new(e.standards.get(i)?);
        let numbers = vocab.ids(&read.words);
        let slot = self.standards.get_mut(i)?;
        Some(std::mem::replace(slot, read.prepared(numbers)))
    }

    /// Puts back standard `i` as [`Prepared::replace`] returned it.
    pub fn restore(&mut self, i: usize, was: PreparedStandard) {
        if let Some(slot) = self.standards.get_mut(i) {
            *slot = was;
        }
    }
}

/// The standards of `e` read, side by side.
fn read(e: &Edition) -> Vec<Read> {
    use rayon::prelude::*;
    e.standards.par_iter().map(Read::new).collect()
}
