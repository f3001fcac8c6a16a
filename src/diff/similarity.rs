//! Text similarity for matching standards across editions: bags of words and their overlap,
//! with rare words weighing more than common ones.

// Hundreds of thousands of lookups of short words: rustc's hasher.
use rustc_hash::FxHashMap as HashMap;

/// Numbers for words, so that bags compare by integers.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Stemmed word -> its number.
    ids: HashMap<String, u32>,
    /// Word as written, lower-cased -> the number of its stem. An edition repeats a few
    /// thousand words hundreds of thousands of times: each is stemmed once (stemming was most
    /// of a diff's time).
    written: HashMap<String, u32>,
}

impl Vocabulary {
    /// The number of the stem of `token` (letters and digits).
    fn id(&mut self, token: &str) -> u32 {
        let unchanged = token
            .chars()
            .all(|c| c.to_lowercase().eq(std::iter::once(c)));
        let lower: std::borrow::Cow<str> = if unchanged {
            token.into()
        } else {
            token.to_lowercase().into()
        };
        if let Some(&id) = self.written.get(lower.as_ref()) {
            return id;
        }
        let stem = stem(&lower);
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(stem).or_insert(next);
        self.written.insert(lower.into_owned(), id);
        id
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The words of a text with their counts, sorted by word number.
#[derive(Debug, Clone, Default)]
pub struct Bag {
    counts: Vec<(u32, u32)>,
    total: u32,
}

impl Bag {
    pub fn new<'a>(vocab: &mut Vocabulary, texts: impl IntoIterator<Item = &'a str>) -> Bag {
        let mut ids: Vec<u32> = texts
            .into_iter()
            .flat_map(tokens)
            .map(|w| vocab.id(w))
            .collect();
        ids.sort_unstable();
        let total = ids.len() as u32;
        let mut counts: Vec<(u32, u32)> = Vec::new();
        for id in ids {
            match counts.last_mut() {
                Some((last, c)) if *last == id => *c += 1,
                _ => counts.push((id, 1)),
            }
        }
        Bag { counts, total }
    }

    /// The numbers of the distinct words.
    pub fn words(&self) -> impl Iterator<Item = u32> + '_ {
        self.counts.iter().map(|(w, _)| *w)
    }

    /// The weight of the words the two texts share (repeats counted up to the lesser count).
    fn shared(&self, other: &Bag, idf: &Idf) -> f64 {
        let (a, b) = (&self.counts, &other.counts);
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += f64::from(a[i].1.min(b[j].1)) * idf.weight(a[i].0);
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    fn weight(&self, idf: &Idf) -> f64 {
        self.counts
            .iter()
            .map(|(w, c)| f64::from(*c) * idf.weight(*w))
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
        if all <= 0.0 { 0.0 } else { shared / all }
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
        if own <= 0.0 {
            return 0.0;
        }
        self.shared(other, idf) / own
    }
}

/// Word rarity across a set of texts: a word in every text weighs little ("the",
/// "organisation"), a word in few weighs much.
#[derive(Debug, Default)]
pub struct Idf {
    weights: Vec<f64>,
}

impl Idf {
    pub fn new<'a>(vocab: &Vocabulary, bags: impl IntoIterator<Item = &'a Bag>) -> Idf {
        let mut df = vec![0u32; vocab.len()];
        let mut n = 0u32;
        for b in bags {
            n += 1;
            for w in b.words() {
                df[w as usize] += 1;
            }
        }
        let total = f64::from(n.max(1));
        let weights = df
            .into_iter()
            .map(|d| (1.0 + total / f64::from(d.max(1))).ln())
            .collect();
        Idf { weights }
    }

    /// Equal weights: plain (count-weighted) Jaccard similarity.
    pub fn flat() -> Idf {
        Idf {
            weights: Vec::new(),
        }
    }

    fn weight(&self, w: u32) -> f64 {
        self.weights.get(w as usize).copied().unwrap_or(1.0)
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
        let idf = Idf::new(v, [&c, &d, &e, &f]);
        assert!(c.similarity(&e, &idf) > c.similarity(&d, &idf));
    }
}
