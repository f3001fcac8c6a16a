//! Word-level inline diffs as HTML (`<ins>`, `<del>`), and lists compared item by item: an
//! item that moved is shown as moved, not as deleted and added.

use similar::{ChangeTag, TextDiff};

use super::similarity::{Bag, Idf, Vocabulary};
use crate::markdown::escape_html;

/// The words of `old` and `new` with deletions in `<del>` and insertions in `<ins>`.
pub fn words(old: &str, new: &str) -> String {
    let diff = TextDiff::configure().diff_unicode_words(old, new);
    let mut out = String::new();
    let mut open: Option<ChangeTag> = None;
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if open != Some(tag) {
            close(&mut out, open);
            match tag {
                ChangeTag::Delete => out.push_str("<del>"),
                ChangeTag::Insert => out.push_str("<ins>"),
                ChangeTag::Equal => {}
            }
            open = Some(tag);
        }
        out.push_str(&escape_html(change.value()));
    }
    close(&mut out, open);
    out
}

fn close(out: &mut String, open: Option<ChangeTag>) {
    match open {
        Some(ChangeTag::Delete) => out.push_str("</del>"),
        Some(ChangeTag::Insert) => out.push_str("</ins>"),
        _ => {}
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    Same,
    Changed,
    Moved,
    Added,
    Removed,
}

impl ItemStatus {
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Same => "same",
            ItemStatus::Changed => "changed",
            ItemStatus::Moved => "moved",
            ItemStatus::Added => "added",
            ItemStatus::Removed => "removed",
        }
    }
}

/// One item of a compared list, as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub status: ItemStatus,
    pub html: String,
}

/// Items at least this similar are the same item, reworded.
const ITEM_MATCH: f64 = 0.5;

/// Compares two lists item by item: equal items pair first, then similar ones; paired items
/// out of their old order are marked moved (and diffed if reworded). The new list's order is
/// kept, with removed items after it.
pub fn list(old: &[String], new: &[String]) -> Vec<Item> {
    let mut partner: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    for (j, n) in new.iter().enumerate() {
        if let Some(i) = (0..old.len()).find(|&i| !taken[i] && &old[i] == n) {
            partner[j] = Some(i);
            taken[i] = true;
        }
    }
    let vocab = &mut Vocabulary::default();
    let bags_old: Vec<Bag> = old.iter().map(|t| Bag::new(vocab, [t.as_str()])).collect();
    for (j, n) in new.iter().enumerate() {
        if partner[j].is_some() {
            continue;
        }
        let bn = Bag::new(vocab, [n.as_str()]);
        let best = (0..old.len())
            .filter(|&i| !taken[i])
            .map(|i| (item_similarity(&bags_old[i], &bn), i))
            .filter(|(s, _)| *s >= ITEM_MATCH)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, i)) = best {
            partner[j] = Some(i);
            taken[i] = true;
        }
    }
    // Items in the longest run that keeps the old order stayed; the others moved.
    let stayed = longest_increasing(&partner);
    let mut out: Vec<Item> = new
        .iter()
        .enumerate()
        .map(|(j, n)| match partner[j] {
            None => Item {
                status: ItemStatus::Added,
                html: format!("<ins>{}</ins>", escape_html(n)),
            },
            Some(i) => {
                let reworded = &old[i] != n;
                let status = if !stayed[j] {
                    ItemStatus::Moved
                } else if reworded {
                    ItemStatus::Changed
                } else {
                    ItemStatus::Same
                };
                let html = if reworded {
                    words(&old[i], n)
                } else {
                    escape_html(n)
                };
                Item { status, html }
            }
        })
        .collect();
    out.extend(
        old.iter()
            .enumerate()
            .filter(|(i, _)| !taken[*i])
            .map(|(_, o)| Item {
                status: ItemStatus::Removed,
                html: format!("<del>{}</del>", escape_html(o)),
            }),
    );
    out
}

/// Items are alike when their words overlap, or when one's words stand mostly in the other
/// (an item that grew a clause).
fn item_similarity(a: &Bag, b: &Bag) -> f64 {
    let flat = Idf::flat();
    let contained = a.contained_in(b, &flat).max(b.contained_in(a, &flat));
    a.similarity(b, &flat).max(0.8 * contained)
}

/// Two texts compared block by block (blocks are separated by blank lines, as Markdown
/// paragraphs, list items and table rows are): unchanged blocks, added and removed ones, and
/// reworded ones with a word diff. In the new text's order.
pub fn blocks(old: &str, new: &str) -> Vec<Item> {
    let split = |t: &str| -> Vec<String> {
        t.split("\n\n")
            .map(|b| b.trim_matches('\n').to_string())
            .filter(|b| !b.trim().is_empty())
            .collect()
    };
    let (a, b) = (split(old), split(new));
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &a, &b) {
        match op {
            similar::DiffOp::Equal { new_index, len, .. } => {
                out.extend(b[new_index..new_index + len].iter().map(|t| Item {
                    status: ItemStatus::Same,
                    html: escape_html(t),
                }));
            }
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => {
                out.extend(a[old_index..old_index + old_len].iter().map(|t| Item {
                    status: ItemStatus::Removed,
                    html: format!("<del>{}</del>", escape_html(t)),
                }));
            }
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => {
                out.extend(b[new_index..new_index + new_len].iter().map(|t| Item {
                    status: ItemStatus::Added,
                    html: format!("<ins>{}</ins>", escape_html(t)),
                }));
            }
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                out.extend(list(
                    &a[old_index..old_index + old_len],
                    &b[new_index..new_index + new_len],
                ));
            }
        }
    }
    out
}

/// For each position: whether it is in a longest run of partners in increasing old order.
fn longest_increasing(partner: &[Option<usize>]) -> Vec<bool> {
    let idx: Vec<(usize, usize)> = partner
        .iter()
        .enumerate()
        .filter_map(|(j, p)| p.map(|i| (j, i)))
        .collect();
    let n = idx.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for a in 0..n {
        for b in 0..a {
            if idx[b].1 < idx[a].1 && len[b] + 1 > len[a] {
                len[a] = len[b] + 1;
                prev[a] = b;
            }
        }
    }
    let mut keep = vec![false; partner.len()];
    if let Some(mut k) = (0..n).max_by_key(|&k| (len[k], std::cmp::Reverse(k))) {
        loop {
            keep[idx[k].0] = true;
            if prev[k] == usize::MAX {
                break;
            }
            k = prev[k];
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn words_marks_insertions_and_deletions() {
        assert_eq!(
            words(
                "The board leads security work",
                "The board leads all security management work"
            ),
            "The board leads <ins>all </ins>security <ins>management </ins>work"
        );
        assert_eq!(
            words("a <b>", "a <c>"),
            "a &lt;<del>b</del><ins>c</ins>&gt;"
        );
    }

    #[test]
    fn a_moved_item_is_a_move_not_a_delete_and_add() {
        let old = s(&["Staff surveys", "Training records", "Annual report"]);
        let new = s(&[
            "Annual report",
            "Staff surveys",
            "Training records held by NHS Protect",
            "New item here",
        ]);
        let got: Vec<ItemStatus> = list(&old, &new).iter().map(|i| i.status).collect();
        assert_eq!(
            got,
            [
                ItemStatus::Moved,
                ItemStatus::Same,
                ItemStatus::Changed,
                ItemStatus::Added
            ]
        );
        let got = blocks(
            "Intro.\n\nOld words here.\n\nGone.",
            "Intro.\n\nNew words here.",
        );
        let st: Vec<ItemStatus> = got.iter().map(|i| i.status).collect();
        assert_eq!(
            st,
            [ItemStatus::Same, ItemStatus::Changed, ItemStatus::Removed]
        );
        assert_eq!(got[1].html, "<del>Old</del><ins>New</ins> words here.");
        let got = list(&s(&["a b c", "gone entirely"]), &s(&["a b c"]));
        assert_eq!(got[1].status, ItemStatus::Removed);
        assert_eq!(got[1].html, "<del>gone entirely</del>");
    }
}
