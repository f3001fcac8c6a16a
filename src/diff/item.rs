//! A standard as the matching sees it: the bags of words of its head (title, else headline)
//! and of its whole text, and how alike two of them are.

use super::similarity::{self, Bag, Idf, Vocabulary};
use super::{Value, fields};
use crate::content::Standard;

pub(super) struct Item<'a> {
    pub(super) s: &'a Standard,
    /// The title where there is one, else the headline: what a reader knows it by.
    pub(super) head: Bag,
    pub(super) all: Bag,
    /// Has text besides its head.
    pub(super) has_body: bool,
    /// A withdrawn standard holds no requirement: it is no one's successor by its text.
    pub(super) live: bool,
}

impl<'a> Item<'a> {
    pub(super) fn new(s: &'a Standard, vocab: &mut Vocabulary, compared: &[&str]) -> Item<'a> {
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
pub(super) fn score(o: &Item, n: &Item, idf: &Idf) -> f64 {
    let h = o.head.similarity(&n.head, idf);
    match (o.has_body, n.has_body) {
        (true, true) => 0.4 * h + 0.6 * o.all.similarity(&n.all, idf),
        (false, false) => h,
        _ => 0.4 * h + 0.6 * o.all.similarity(&n.all, idf),
    }
}
