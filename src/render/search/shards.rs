//! The index written as many small script files under `search/`, so that a query loads only
//! what it needs, from a server or from `file://` (each file calls
//! `policybookSearch(name, data)`, which `js/search.js` registers before adding the file's
//! `<script>`):
//!
//! - `meta.js`: the number of sections, each page's section count, how pages are grouped into
//!   document files, which dictionary files exist, the stop words and the glossary;
//! - `d-<key>.js`: the dictionary for the stems starting with `<key>` (one letter, or two when
//!   one letter's file would be large): each stem's section count and postings file;
//! - `p-<key>-<n>.js`: postings: for each stem, the sections it occurs in and its weight there;
//! - `c-<n>.js`: documents: pages' titles, addresses, section labels and texts, loaded only
//!   for the results shown.
//!
//! Numbers are written as variable-length base-32 digits in one character each ([`varint`]):
//! a section's posting is usually one character.

use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

use super::collect::Page;
use super::text::STOP_WORDS;

/// The folder of the index in the output.
pub const DIR: &str = "search";
/// A dictionary file larger than this is split by the stems' first two characters.
const DICT_SPLIT: usize = 12 * 1024;
/// Postings are packed into files of about this size; a longer list has a file of its own.
const POSTINGS_FILE: usize = 16 * 1024;
/// Pages of one section each (standards, references, terms) per document file.
const SMALL_PAGES_PER_CHUNK: usize = 8;

const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Writes `v` as base-32 digits, most significant first: the last digit from the first 32
/// characters of [`DIGITS`], the others from the last 32.
pub fn varint(out: &mut String, v: u64) {
    let mut groups = vec![(v & 31) as usize];
    let mut rest = v >> 5;
    while rest > 0 {
        groups.push((rest & 31) as usize);
        rest >>= 5;
    }
    for (i, g) in groups.iter().enumerate().rev() {
        let d = if i == 0 { *g } else { 32 + *g };
        out.push(DIGITS[d] as char);
    }
}

/// The part of a file name that a character of a stem gives: itself for `a-z` and `0-9`,
/// `_` and its code in hexadecimal otherwise (`é` is `_e9`), so that names stay plain ASCII.
fn key_char(c: char) -> String {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        c.to_string()
    } else {
        format!("_{:x}", c as u32)
    }
}

/// The first `n` characters of a stem, as a file name part.
fn key(stem: &str, n: usize) -> String {
    stem.chars().take(n).map(key_char).collect()
}

/// The script file of one shard.
fn script<T: Serialize>(name: &str, data: &T) -> Vec<u8> {
    // `<` is escaped so that the data can never close a script element.
    let json = serde_json::to_string(data)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!("policybookSearch({name:?},{json});\n").into_bytes()
}

#[derive(Serialize)]
struct Meta<'a> {
    /// Sections with at least one word.
    n: usize,
    /// Each page's section count.
    slots: String,
    /// Each document file's page count.
    chunks: String,
    dict: Vec<String>,
    stop: &'a [&'a str],
    gloss: &'a [(Vec<String>, Vec<String>)],
}

/// The index's files, named from the site root, in name order.
pub fn files(pages: &[Page], glossary: &[(Vec<String>, Vec<String>)]) -> Vec<(String, Vec<u8>)> {
    let mut out = BTreeMap::new();
    let mut slots = String::new();
    let mut postings: FxHashMap<&str, Vec<(u64, u8)>> = FxHashMap::default();
    let mut id = 0u64;
    let mut n = 0;
    for p in pages {
        varint(&mut slots, p.slots.len() as u64);
        for s in &p.slots {
            for (t, w) in &s.terms {
                postings.entry(t).or_default().push((id, *w));
            }
            n += usize::from(!s.terms.is_empty());
            id += 1;
        }
    }
    // The stems by their first character, then by two where one gives a large file.
    let mut by_key: BTreeMap<String, Vec<(&str, Vec<(u64, u8)>)>> = BTreeMap::new();
    for (stem, list) in postings {
        by_key.entry(key(stem, 1)).or_default().push((stem, list));
    }
    let mut split: BTreeMap<String, Vec<(&str, Vec<(u64, u8)>)>> = BTreeMap::new();
    for (k, mut stems) in by_key {
        stems.sort_by(|a, b| a.0.cmp(b.0));
        let size: usize = stems.iter().map(|(s, _)| s.len() + 12).sum();
        if size <= DICT_SPLIT {
            split.insert(k, stems);
        } else {
            for (stem, list) in stems {
                split.entry(key(stem, 2)).or_default().push((stem, list));
            }
        }
    }
    let dict: Vec<String> = split.keys().cloned().collect();
    for (k, stems) in split {
        let mut entries: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut shard: BTreeMap<&str, String> = BTreeMap::new();
        let (mut number, mut size) = (0, 0);
        for (stem, list) in stems {
            let mut enc = String::new();
            let mut prev = None;
            for (doc, w) in &list {
                let gap = prev.map_or(*doc, |p| doc - p - 1);
                varint(&mut enc, gap * 8 + u64::from(w - 1));
                prev = Some(*doc);
            }
            if size > 0 && size + enc.len() > POSTINGS_FILE {
                let name = format!("p-{k}-{number}");
                out.insert(name.clone(), script(&name, &shard));
                shard.clear();
                (number, size) = (number + 1, 0);
            }
            size += enc.len() + stem.len() + 6;
            entries.insert(stem, (list.len(), number));
            shard.insert(stem, enc);
        }
        let name = format!("p-{k}-{number}");
        out.insert(name.clone(), script(&name, &shard));
        let name = format!("d-{k}");
        out.insert(name.clone(), script(&name, &entries));
    }
    let mut chunks = String::new();
    for (number, chunk) in chunk_pages(pages).into_iter().enumerate() {
        varint(&mut chunks, chunk.len() as u64);
        let data: Vec<_> = chunk.iter().map(|p| document(p)).collect();
        let name = format!("c-{number}");
        out.insert(name.clone(), script(&name, &data));
    }
    let meta = Meta {
        n,
        slots,
        chunks,
        dict,
        stop: STOP_WORDS,
        gloss: glossary,
    };
    out.insert("meta".into(), script("meta", &meta));
    out.into_iter()
        .map(|(name, bytes)| (format!("{DIR}/{name}.js"), bytes))
        .collect()
}

/// Pages grouped into document files: a page of several sections alone, others in eights, so
/// that the grouping depends only on the pages' section counts (an edit to a page's wording
/// changes one document file).
fn chunk_pages(pages: &[Page]) -> Vec<&[Page]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    for (i, p) in pages.iter().enumerate() {
        let full = i - start == SMALL_PAGES_PER_CHUNK;
        if i > start && (p.slots.len() > 1 || pages[i - 1].slots.len() > 1 || full) {
            chunks.push(&pages[start..i]);
            start = i;
        }
    }
    if start < pages.len() {
        chunks.push(&pages[start..]);
    }
    chunks
}

/// A page in its document file: `[address, title, context, [[slot, label, anchor, text]]]`,
/// sections without text left out.
fn document(p: &Page) -> (&str, &str, &str, Vec<(usize, &str, &str, &str)>) {
    let slots = p
        .slots
        .iter()
        .enumerate()
        .filter(|(i, s)| *i == 0 || !s.text.is_empty())
        .map(|(i, s)| {
            (
                i,
                s.label.as_str(),
                s.anchor.as_deref().unwrap_or_default(),
                s.text.as_str(),
            )
        })
        .collect();
    (&p.url, &p.title, &p.context, slots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_one_character_below_32() {
        let mut s = String::new();
        for v in [0, 31, 32, 1000] {
            varint(&mut s, v);
        }
        assert_eq!(s, "0VX0_8");
    }

    #[test]
    fn file_name_keys_are_plain_ascii() {
        assert_eq!(key("école", 2), "_e9c");
        assert_eq!(key("3.14", 2), "3_2e");
    }
}
