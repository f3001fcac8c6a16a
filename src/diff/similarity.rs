//! Text similarity for matching standards across editions: bags of words and their overlap,
//! with rare words weighing more than common ones.

use std::hash::BuildHasher;

use hashbrown::HashTable;
// Hundreds of thousands of lookups of short words: rustc's hasher.
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};

/// The hash of a lower-cased word, as [`Words`] and [`Vocabulary`] look it up.
fn hash(word: &str) -> u64 {
    FxBuildHasher.hash_one(word)
}

/// Numbers for words, so that bags compare by integers.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Stemmed word -> its number.
    ids: HashMap<String, u32>,
    /// Word as written, lower-cased (with its hash) -> the number of its stem. An edition
    /// repeats a few thousand words hundreds of thousands of times: each is stemmed once
    /// (stemming was most of a diff's time), and looked up by the hash [`Words`] made.
    written: HashTable<(u64, Box<str>, u32)>,
}

impl Vocabulary {
    /// The number of the stem of the lower-cased word `lower`, whose hash is `h`.
    fn id(&mut self, lower: &str, h: u64) -> u32 {
        if let Some((_, _, id)) = self.written.find(h, |(_, w, _)| &**w == lower) {
            return *id;
        }
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(stem(lower)).or_insert(next);
        self.written
            .insert_unique(h, (h, lower.into(), id), |(h, _, _)| *h);
        id
    }

    /// The number of each of `words`' words, in their order.
    pub fn ids(&mut self, words: &Words) -> Vec<u32> {
        words
            .words
            .iter()
            .map(|w| self.id(words.word(w), w.hash))
            .collect()
    }
}

/// The words of a text (or of several, each a part) as written, lower-cased, each once, with
/// its count and hash. Cutting, lower-casing and hashing need no vocabulary, so the texts of
/// an edition are read side by side; only their numbering ([`Vocabulary::ids`]) is done one
/// text after the other.
#[derive(Debug, Default)]
pub struct Words {
    /// The distinct words, one after the other.
    text: String,
    words: Vec<Word>,
    /// Where each word is in `words`, by its hash.
    at: HashTable<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Word {
    start: u32,
    len: u32,
    count: u32,
    hash: u64,
}

impl Words {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Words {
        let mut out = Words::default();
        out.part(texts);
        out
    }

    /// Reads the texts of one part: returns each of its words (by its place in these
    /// words) with its count in the part.
    pub fn part<'a>(&mut self, texts: impl IntoIterator<Item = &'a str>) -> Vec<(u32, u32)> {
        let mut buf = String::new();
        let mut part: Vec<(u32, u32)> = Vec::new();
        for token in texts.into_iter().flat_map(tokens) {
            let w = lower(token, &mut buf);
            let i = self.add(w);
            part.push((i as u32, 1));
        }
        part.sort_unstable();
        part.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 += b.1;
            }
            same
        });
        part
    }

    /// The place of `w` in these words, added or counted once more.
    fn add(&mut self, w: &str) -> usize {
        let h = hash(w);
        let (text, words) = (&self.text, &mut self.words);
        let found = self.at.find(h, |&i| {
            let x = words[i];
            &text[x.start as usize..(x.start + x.len) as usize] == w
        });
        if let Some(&i) = found {
            words[i].count += 1;
            return i;
        }
        let i = words.len();
        self.at.insert_unique(h, i, |&i| words[i].hash);
        words.push(Word {
            start: self.text.len() as u32,
            len: w.len() as u32,
            count: 1,
            hash: h,
        });
        self.text.push_str(w);
        i
    }

    fn word(&self, w: &Word) -> &str {
        &self.text[w.start as usize..(w.start + w.len) as usize]
    }

    /// Each word's count, in their order.
    pub fn counts(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().map(|w| w.count)
    }
}

/// A word lower-cased: itself when it is already, else made in `buf`.
fn lower<'t>(token: &'t str, buf: &'t mut String) -> &'t str {
    let unchanged = if token.is_ascii() {
        !token.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        token
            .chars()
            .all(|c| c.to_lowercase().eq(std::iter::once(c)))
    };
    if unchanged {
        return token;
    }
    buf.clear();
    if token.is_ascii() {
        buf.extend(token.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        buf.extend(token.chars().flat_map(char::to_lowercase));
    }
    buf
}

/// The words of a text with their counts, sorted by word number.
#[derive(Debug, Clone, Default)]
pub struct Bag {
    counts: Vec<(u32, u32)>,
    total: u32,
}

impl Bag {
    pub fn new<'a>(vocab: &mut Vocabulary, texts: impl IntoIterator<Item = &'a str>) -> Bag {
        let words = Words::new(texts);
        Bag::of(vocab.ids(&words).into_iter().zip(words.counts()).collect())
    }

    /// The bag of word numbers with counts.
    pub fn of(mut numbers: Vec<(u32, u32)>) -> Bag {
        numbers.sort_unstable();
        let mut counts: Vec<(u32, u32)> = Vec::with_capacity(numbers.len());
        let mut total = 0;
        // Words written differently may share a stem ("review", "reviews"): one number.
        for (id, c) in numbers {
            total += c;
            match counts.last_mut() {
                Some((last, n)) if *last == id => *n += c,
                _ => counts.push((id, c)),
            }
        }
        Bag { counts, total }
    }

    /// The numbers of the distinct words.
    pub fn words(&self) -> impl Iterator<Item = u32> + '_ {
        self.counts.iter().map(|(w, _)| *w)
    }

    /// The weight of the words the two texts share (repeats counted up to the lesser count).
    fn shared(&self, other: &Bag, idf: &Idf) -> u64 {
        let (a, b) = (&self.counts, &other.counts);
        let (mut i, mut j, mut sum) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += u64::from(a[i].1.min(b[j].1)) * idf.weight(a[i].0);
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    fn weight(&self, idf: &Idf) -> u64 {
        self.counts
            .iter()
            .map(|(w, c)| u64::from(*c) * idf.weight(*w))
            .sum()
    }

    /// Weighted Jaccard similarity: the weight of the shared words over the weight of all
    /// words; 1 for two empty texts.
    pub fn similarity(&self, other: &Bag, idf: &Idf) -> f64 {
        if self.total == 0 && other.total == 0 {
            return 1.0;
        }
        let shared = self.shared(other, idf);
        let all = self.weight(idf) + other.weight(idf) - shared;
        if all == 0 {
            0.0
        } else {
            shared as f64 / all as f64
        }
    }

    /// Several texts as one (each word counted as often as in the text that has it most).
    pub fn union<'b>(bags: impl IntoIterator<Item = &'b Bag>) -> Bag {
        let mut counts: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
        for b in bags {
            for &(w, c) in &b.counts {
                let e = counts.entry(w).or_default();
                *e = (*e).max(c);
            }
        }
        let total = counts.values().sum();
        Bag {
            counts: counts.into_iter().collect(),
            total,
        }
    }

    /// The words of this text that `other` does not have.
    pub fn without(&self, other: &Bag) -> Bag {
        let counts: Vec<(u32, u32)> = self
            .counts
            .iter()
            .filter(|(w, _)| other.counts.binary_search_by_key(w, |(x, _)| *x).is_err())
            .copied()
            .collect();
        let total = counts.iter().map(|(_, c)| c).sum();
        Bag { counts, total }
    }

    /// How much of this text stands in `other`: the weight of the shared words over this
    /// text's.
    pub fn contained_in(&self, other: &Bag, idf: &Idf) -> f64 {
        let own = self.weight(idf);
        if own == 0 {
            return 0.0;
        }
        self.shared(other, idf) as f64 / own as f64
    }
}

/// Word rarity across a set of texts: a word in every text weighs little ("the",
/// "organisation"), a word in few weighs much.
///
/// Weights are whole numbers (the rarity in units of 2^-32), so that adding them up gives the
/// same total in any order: a score does not depend on the numbers the words were given,
/// which differ between a diff made at once and one `serve` keeps between edits.
#[derive(Debug, Default)]
pub struct Idf {
    weights: Vec<u64>,
}

/// The unit of a weight: 2^-32.
const WEIGHT_UNIT: f64 = (1u64 << 32) as f64;

impl Idf {
    pub fn new<'a>(bags: impl IntoIterator<Item = &'a Bag>) -> Idf {
        let mut df: Vec<u32> = Vec::new();
        let mut n = 0u32;
        for b in bags {
            n += 1;
            if let Some(&(last, _)) = b.counts.last()
                && last as usize >= df.len()
            {
                df.resize(last as usize + 1, 0);
            }
            for w in b.words() {
                df[w as usize] += 1;
            }
        }
        let total = f64::from(n.max(1));
        let weights = df
            .into_iter()
            .map(|d| ((1.0 + total / f64::from(d.max(1))).ln() * WEIGHT_UNIT).round() as u64)
            .collect();
        Idf { weights }
    }

    /// Equal weights: plain (count-weighted) Jaccard similarity.
    pub fn flat() -> Idf {
        Idf {
            weights: Vec::new(),
        }
    }

    fn weight(&self, w: u32) -> u64 {
        self.weights.get(w as usize).copied().unwrap_or(1 << 32)
    }
}

/// Whether a text has any word.
pub fn has_words(text: &str) -> bool {
    tokens(text).next().is_some()
}

/// The words of a text as written (runs of letters and digits).
fn tokens(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The Snowball English stem of a lower-cased word: "reviewing", "reviews" and "review" are
/// one word.
fn stem(lower: &str) -> String {
    static STEMMER: std::sync::OnceLock<rust_stemmers::Stemmer> = std::sync::OnceLock::new();
    let stemmer =
        STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
    stemmer.stem(lower).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_and_containment() {
        let v = &mut Vocabulary::default();
        let flat = Idf::flat();
        let a = Bag::new(v, ["The board leads security work"]);
        let b = Bag::new(v, ["The board leads all security management work"]);
        assert!((a.similarity(&a, &flat) - 1.0).abs() < 1e-9);
        let s = a.similarity(&b, &flat);
        assert!((s - 5.0 / 7.0).abs() < 1e-9, "5 shared words of 7: {s}");
        assert!((a.contained_in(&b, &flat) - 1.0).abs() < 1e-9);
        assert_eq!(
            Bag::new(v, ["x y"]).similarity(&Bag::new(v, ["p q"]), &flat),
            0.0
        );
        // Shared common words count for less than shared rare ones.
        let c = Bag::new(v, ["the organisation keeps parking permits"]);
        let d = Bag::new(v, ["the organisation reports incidents"]);
        let e = Bag::new(v, ["parking permits for contractors"]);
        let f = Bag::new(v, ["the organisation"]);
        let idf = Idf::new([&c, &d, &e, &f]);
        assert!(c.similarity(&e, &idf) > c.similarity(&d, &idf));
    }
}
