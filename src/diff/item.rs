//! A standard as the matching sees it: the bags of words of its head (title, else headline)
//! and of its whole text, and how alike two of them are.

use std::borrow::Cow;

use super::Fields;
use super::prepared::PreparedStandard;
use super::similarity::{Bag, Idf};
use crate::content::Standard;

pub(super) struct Item<'a> {
    pub(super) s: &'a Standard,
    /// Its fields as compared.
    pub(super) fields: &'a Fields,
    /// The title where there is one, else the headline: what a reader knows it by.
    pub(super) head: &'a Bag,
    pub(super) all: Cow<'a, Bag>,
    /// Has text besides its head.
    pub(super) has_body: bool,
    /// A withdrawn standard holds no requirement: it is no one's successor by its text.
    pub(super) live: bool,
}

/// The standards of two editions (each in id order, with what [`PreparedStandard`] read of
/// it) as the matching sees them, with the fields `compared` in their text.
pub(super) fn items<'a>(
    old: &[(&'a Standard, &'a PreparedStandard)],
    new: &[(&'a Standard, &'a PreparedStandard)],
    compared: &[&str],
) -> (Vec<Item<'a>>, Vec<Item<'a>>) {
    use rayon::prelude::*;
    let make = |list: &[(&'a Standard, &'a PreparedStandard)]| {
        list.par_iter()
            .map(|&(s, p)| {
                let (all, has_body) = p.text(compared);
                Item {
                    s,
                    fields: &p.fields,
                    head: &p.head,
                    all,
                    has_body,
                    live: s.withdrawn.is_none(),
                }
            })
            .collect::<Vec<Item<'a>>>()
    };
    rayon::join(|| make(old), || make(new))
}

/// How alike two standards are, from 0 to 1: 0.4 × their heads' similarity + 0.6 × their
/// whole texts' (weighted Jaccard); the heads alone when neither has more text.
pub(super) fn score(o: &Item, n: &Item, idf: &Idf) -> f64 {
    let h = o.head.similarity(n.head, idf);
    match (o.has_body, n.has_body) {
        (true, true) => 0.4 * h + 0.6 * o.all.similarity(&n.all, idf),
        (false, false) => h,
        _ => 0.4 * h + 0.6 * o.all.similarity(&n.all, idf),
    }
}
