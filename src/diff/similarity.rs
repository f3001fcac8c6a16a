//! Text similarity for matching standards across editions: word bags and their overlap.

use std::collections::HashMap;

/// The words of a text, lower-cased, with their counts.
#[derive(Debug, Clone, Default)]
pub struct Bag {
    counts: HashMap<String, u32>,
    total: u32,
}

impl Bag {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Bag {
        let mut bag = Bag::default();
        for t in texts {
            for w in words(t) {
                *bag.counts.entry(w).or_default() += 1;
                bag.total += 1;
            }
        }
        bag
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.counts.keys().map(String::as_str)
    }
    /// The weight of the words the two texts share (repeats counted up to the lesser count).
    fn shared(&self, other: &Bag, idf: &Idf) -> f64 {
        let (small, large) = if self.counts.len() <= other.counts.len() {
            (self, other)
        } else {
            (other, self)
        };
        small
            .counts
            .iter()
            .map(|(w, c)| {
                f64::from((*c).min(large.counts.get(w).copied().unwrap_or(0))) * idf.weight(w)
            })
            .sum()
    }

    fn weight(&self, idf: &Idf) -> f64 {
        self.counts
            .iter()
            .map(|(w, c)| f64::from(*c) * idf.weight(w))
            .sum()
    }

    /// Weighted Jaccard similarity: the weight of the shared words over the weight of all
    /// words, each word weighted by its rarity; 1 for two empty texts.
    pub fn similarity(&self, other: &Bag, idf: &Idf) -> f64 {
        if self.total == 0 && other.total == 0 {
            return 1.0;
        }
        let shared = self.shared(other, idf);
        let all = self.weight(idf) + other.weight(idf) - shared;
        if all <= 0.0 { 0.0 } else { shared / all }
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
    weights: HashMap<String, f64>,
    unknown: f64,
}

impl Idf {
    pub fn new<'a>(bags: impl IntoIterator<Item = &'a Bag>) -> Idf {
        let mut df: HashMap<&str, u32> = HashMap::new();
        let mut n = 0u32;
        for b in bags {
            n += 1;
            for w in b.words() {
                *df.entry(w).or_default() += 1;
            }
        }
        let total = f64::from(n.max(1));
        let weights = df
            .into_iter()
            .map(|(w, d)| (w.to_string(), (1.0 + total / f64::from(d)).ln()))
            .collect();
        Idf {
            weights,
            unknown: (1.0 + total).ln(),
        }
    }

    /// Equal weights: plain (count-weighted) Jaccard similarity.
    pub fn flat() -> Idf {
        Idf {
            weights: HashMap::new(),
            unknown: 1.0,
        }
    }

    fn weight(&self, w: &str) -> f64 {
        self.weights.get(w).copied().unwrap_or(self.unknown)
    }
}

/// Lower-cased words (letters and digits) of a text; Markdown link targets are left out.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_and_containment() {
        let flat = Idf::flat();
        let a = Bag::new(["The board leads security work"]);
        let b = Bag::new(["The board leads all security management work"]);
        assert!((a.similarity(&a, &flat) - 1.0).abs() < 1e-9);
        let s = a.similarity(&b, &flat);
        assert!((s - 5.0 / 7.0).abs() < 1e-9, "5 shared words of 7: {s}");
        assert!((a.contained_in(&b, &flat) - 1.0).abs() < 1e-9);
        assert_eq!(Bag::new(["x y"]).similarity(&Bag::new(["p q"]), &flat), 0.0);
        // Shared common words count for less than shared rare ones.
        let c = Bag::new(["the organisation keeps parking permits"]);
        let d = Bag::new(["the organisation reports incidents"]);
        let e = Bag::new(["parking permits for contractors"]);
        let idf = Idf::new([&c, &d, &e, &Bag::new(["the organisation"])]);
        assert!(c.similarity(&e, &idf) > c.similarity(&d, &idf));
    }
}
