//! A standard as the matching sees it: the bags of words of its head (title, else headline)
//! and of its whole text, and how alike two of them are.

use super::similarity::{self, Bag, Idf, Vocabulary};
use super::{Fields, Value};
use crate::content::Standard;

pub(super) struct Item<'a> {
    pub(super) s: &'a Standard,
    /// Its fields as compared, made once.
    pub(super) fields: Fields,
    /// The title where there is one, else the headline: what a reader knows it by.
    pub(super) head: Bag,
    pub(super) all: Bag,
    /// Has text besides its head.
    pub(super) has_body: bool,
    /// A withdrawn standard holds no requirement: it is no one's successor by its text.
    pub(super) live: bool,
}

impl<'a> Item<'a> {
    /// The standard `s`, whose fields are `fields`, with the fields `compared` in its text.
    pub(super) fn new(
        s: &'a Standard,
        fields: Fields,
        vocab: &mut Vocabulary,
        compared: &[&str],
    ) -> Item<'a> {
        let mut texts: Vec<&str> = Vec::new();
        for (k, v) in &fields {
            match (*k, v) {
                ("area", _) => {}
                (k, _) if !compared.contains(&k) => {}
                (_, Value::Text(t)) => texts.push(t),
                (_, Value::List(l)) => texts.extend(l.iter().map(String::as_str)),
            }
        }
        texts.retain(|t| similarity::has_words(t));
        let head = s.title.as_deref().unwrap_or(&s.headline);
        let (head, all) = (
            Bag::new(vocab, [head]),
            Bag::new(vocab, texts.iter().copied()),
        );
        Item {
            s,
            head,
            has_body: texts.len() > 1,
            all,
            live: s.withdrawn.is_none(),
            fields,
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
