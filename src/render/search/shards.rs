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
use std::collections::{BTreeMap, BTreeSet};

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
/// its code in hexadecimal between underscores otherwise (`é` is `_e9_`), so that names stay
/// plain ASCII and no character's names start with another's.
fn key_char(c: char) -> String {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        c.to_string()
    } else {
        format!("_{:x}_", c as u32)
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
    dict: Vec<&'a str>,
    stop: &'a [&'a str],
    gloss: &'a [(Vec<String>, Vec<String>)],
}

/// A section's number in the index: sections are numbered through the pages in order.
type Doc = u64;
/// A stem's postings: each section holding it, and its weight there.
type List = Vec<(Doc, u8)>;
/// A page in its document file: address, title, context, and its sections (slot, label,
/// anchor, text).
type Document<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Vec<(usize, &'a str, &'a str, &'a str)>,
);

/// The postings of every stem, and the names of the dictionary and postings files of each
/// first character: what the files are written from, kept so that one page's entries can be
/// replaced.
pub struct Shards {
    postings: BTreeMap<String, List>,
    names: BTreeMap<char, Vec<String>>,
}

impl Shards {
    pub fn new(pages: &[Page]) -> Shards {
        let mut postings: FxHashMap<&str, List> = FxHashMap::default();
        let mut id = 0;
        for p in pages {
            for s in &p.slots {
                for (t, w) in &s.terms {
                    postings.entry(t).or_default().push((id, *w));
                }
                id += 1;
            }
        }
        let postings: BTreeMap<String, List> = postings
            .into_iter()
            .map(|(t, l)| (t.to_string(), l))
            .collect();
        let mut shards = Shards {
            postings,
            names: BTreeMap::new(),
        };
        let firsts: BTreeSet<char> = shards
            .postings
            .keys()
            .filter_map(|t| t.chars().next())
            .collect();
        for c in firsts {
            let names = shards.group(c).into_iter().map(|(n, _)| n).collect();
            shards.names.insert(c, names);
        }
        shards
    }

    /// Replaces the entries of the page whose sections start at `base`, `old`, with those of
    /// `new`; returns the first characters of the stems whose postings changed.
    pub fn replace(&mut self, base: Doc, old: &Page, new: &Page) -> BTreeSet<char> {
        let mut touched = BTreeSet::new();
        for (i, s) in old.slots.iter().enumerate() {
            for (t, _) in &s.terms {
                if let Some(list) = self.postings.get_mut(t) {
                    list.retain(|(d, _)| *d != base + i as Doc);
                    if list.is_empty() {
                        self.postings.remove(t);
                    }
                }
                touched.extend(t.chars().next());
            }
        }
        for (i, s) in new.slots.iter().enumerate() {
            let doc = base + i as Doc;
            for (t, w) in &s.terms {
                let list = self.postings.entry(t.clone()).or_default();
                let at = list.partition_point(|(d, _)| *d < doc);
                list.insert(at, (doc, *w));
                touched.extend(t.chars().next());
            }
        }
        touched
    }

    /// The stems starting with `c`, in order.
    fn starting_with(&self, c: char) -> impl Iterator<Item = (&String, &List)> {
        self.postings
            .range(c.to_string()..)
            .take_while(move |(t, _)| t.starts_with(c))
    }

    /// The dictionary and postings files of the stems starting with `c`: one dictionary file
    /// for the character, or, when that would be large, one per two first characters.
    fn group(&self, c: char) -> Vec<(String, Vec<u8>)> {
        let size: usize = self.starting_with(c).map(|(s, _)| s.len() + 12).sum();
        let mut by_key: BTreeMap<String, Vec<(&String, &List)>> = BTreeMap::new();
        for (stem, list) in self.starting_with(c) {
            let n = if size <= DICT_SPLIT { 1 } else { 2 };
            by_key.entry(key(stem, n)).or_default().push((stem, list));
        }
        let mut files = Vec::new();
        for (k, stems) in &by_key {
            let mut entries: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
            let mut shard: BTreeMap<&str, String> = BTreeMap::new();
            let (mut number, mut size) = (0, 0);
            for (stem, list) in stems {
                let mut enc = String::new();
                let mut prev = None;
                for (doc, w) in list.iter() {
                    let gap = prev.map_or(*doc, |p| doc - p - 1);
                    varint(&mut enc, gap * 8 + u64::from(w - 1));
                    prev = Some(*doc);
                }
                if size > 0 && size + enc.len() > POSTINGS_FILE {
                    let name = format!("p-{k}-{number}");
                    files.push(file(&name, &shard));
                    shard.clear();
                    (number, size) = (number + 1, 0);
                }
                size += enc.len() + stem.len() + 6;
                entries.insert(stem, (list.len(), number));
                shard.insert(stem, enc);
            }
            let name = format!("p-{k}-{number}");
            files.push(file(&name, &shard));
            let name = format!("d-{k}");
            files.push(file(&name, &entries));
        }
        files
    }

    /// The meta file.
    fn meta(&self, pages: &[Page], glossary: &[(Vec<String>, Vec<String>)]) -> (String, Vec<u8>) {
        let mut slots = String::new();
        for p in pages {
            varint(&mut slots, p.slots.len() as u64);
        }
        let mut chunks = String::new();
        for chunk in chunk_pages(pages) {
            varint(&mut chunks, chunk.len() as u64);
        }
        let n = pages
            .iter()
            .flat_map(|p| &p.slots)
            .filter(|s| !s.terms.is_empty())
            .count();
        let meta = Meta {
            n,
            slots,
            chunks,
            dict: self
                .names
                .values()
                .flatten()
                .filter_map(|n| n.strip_prefix("search/d-")?.strip_suffix(".js"))
                .collect(),
            stop: STOP_WORDS,
            gloss: glossary,
        };
        file("meta", &meta)
    }

    /// All the index's files, named from the site root.
    pub fn files(
        &self,
        pages: &[Page],
        glossary: &[(Vec<String>, Vec<String>)],
    ) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> =
            self.names.keys().flat_map(|c| self.group(*c)).collect();
        for (number, chunk) in chunk_pages(pages).into_iter().enumerate() {
            out.push(chunk_file(number, chunk));
        }
        out.push(self.meta(pages, glossary));
        out
    }

    /// The files that replacing page `at` can change (after [`Shards::replace`] returned
    /// `touched`), and the files of the index it leaves over. A new word may need a file the
    /// index did not have (a postings file more, a dictionary split in two, a first character
    /// new): it is made, and named in the meta file. A word gone may leave a file over (a
    /// postings file fewer, a dictionary joined, a first character gone): it is named, for the
    /// caller to take away, as a full build would not make it.
    pub fn files_of_page(
        &mut self,
        pages: &[Page],
        glossary: &[(Vec<String>, Vec<String>)],
        at: usize,
        touched: &BTreeSet<char>,
    ) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
        let mut out = Vec::new();
        let mut gone = Vec::new();
        for c in touched {
            let files = self.group(*c);
            let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
            let old = match names.is_empty() {
                true => self.names.remove(c),
                false => self.names.insert(*c, names.clone()),
            };
            gone.extend(
                old.unwrap_or_default()
                    .into_iter()
                    .filter(|n| !names.contains(n)),
            );
            out.extend(files);
        }
        let mut first = 0;
        for (number, chunk) in chunk_pages(pages).into_iter().enumerate() {
            if (first..first + chunk.len()).contains(&at) {
                out.push(chunk_file(number, chunk));
            }
            first += chunk.len();
        }
        out.push(self.meta(pages, glossary));
        (out, gone)
    }
}

/// A file of the index: its path from the site root and its bytes.
fn file<T: Serialize>(name: &str, data: &T) -> (String, Vec<u8>) {
    (format!("{DIR}/{name}.js"), script(name, data))
}

fn chunk_file(number: usize, chunk: &[Page]) -> (String, Vec<u8>) {
    let data: Vec<_> = chunk.iter().map(document).collect();
    file(&format!("c-{number}"), &data)
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
fn document(p: &Page) -> Document<'_> {
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
        assert_eq!(key("école", 2), "_e9_c");
        assert_eq!(key("3.14", 2), "3_2e_");
    }
}
