//! The search index: script files under `search/`, so that search works with no server at
//! all, opened from `file://`, where a page may not `fetch` a file. It is cut into shards
//! (`shards.rs`) so that a query loads its words' dictionary and postings and the documents of
//! the results it shows, not the whole index. What is indexed is in `collect.rs`, how words
//! are read in `text.rs`; the theme's `js/search.js` reads the index and ranks the results.

mod collect;
mod shards;
pub mod text;

use rustc_hash::FxHashMap;

use super::OutputFile;
use crate::content::{Edition, Page, Policy, Site, Standard};
use crate::routes::Route;

/// The search index of a site, kept page by page so that one page's entries can be replaced
/// after an edit (see `serve::incremental`).
pub struct SearchIndex {
    pages: Vec<collect::Page>,
    glossary: Vec<(Vec<String>, Vec<String>)>,
    shards: shards::Shards,
    /// The files last handed out, by name: what a replacement changes is compared with them.
    written: FxHashMap<String, Vec<u8>>,
    /// Files changed by replacements and not yet taken.
    changed: Vec<OutputFile>,
    /// Files a replacement left the index without (a postings file fewer, a dictionary
    /// joined, a first character gone), not yet taken.
    removed: Vec<String>,
}

/// What replacements changed in the index's files: the files written, and the ones it no
/// longer has.
#[derive(Debug, Default)]
pub struct Changed {
    pub files: Vec<OutputFile>,
    pub removed: Vec<String>,
}

impl SearchIndex {
    /// The folder of the index's files in the output.
    pub const DIR: &'static str = shards::DIR;

    /// The index of every page of the site.
    pub fn new(site: &Site) -> SearchIndex {
        let pages = collect::pages(site);
        let glossary = collect::glossary(site);
        let shards = shards::Shards::new(&pages);
        let written = shards.files(&pages, &glossary).into_iter().collect();
        SearchIndex {
            pages,
            glossary,
            shards,
            written,
            changed: Vec::new(),
            removed: Vec::new(),
        }
    }

    /// Replaces a policy's entries with those of its current text. The files this changes are
    /// kept for [`SearchIndex::take_changed`]. False, and nothing done, when the policy has no
    /// page in the index or its sections are not as many as before: then a full build writes
    /// it.
    pub fn replace_policy(&mut self, p: &Policy) -> bool {
        self.replace_page(collect::policy_page(p))
    }

    /// The same for a guidance page.
    pub fn replace_guidance(&mut self, g: &Page) -> bool {
        self.replace_page(collect::guidance_page(g))
    }

    /// The same for a standard's page.
    pub fn replace_standard(&mut self, e: &Edition, s: &Standard) -> bool {
        self.replace_page(collect::standard_page(e, s))
    }

    /// The same for the glossary: each term's entry, and the terms searched as one. False when
    /// the terms are not the same ones in the same order (their entries would move).
    pub fn replace_glossary(&mut self, site: &Site) -> bool {
        let new = collect::glossary_pages(site);
        let prefix = format!("{}#", Route::Glossary.path());
        let old: Vec<&collect::Page> = self
            .pages
            .iter()
            .filter(|p| p.url.starts_with(&prefix))
            .collect();
        if old.len() != new.len() || old.iter().zip(&new).any(|(o, n)| o.url != n.url) {
            return false;
        }
        let old: Vec<collect::Page> = old.into_iter().cloned().collect();
        let old_glossary = std::mem::replace(&mut self.glossary, collect::glossary(site));
        for (i, page) in new.into_iter().enumerate() {
            if !self.replace_page(page) {
                // Put back the entries replaced before this one, and the terms.
                self.glossary = old_glossary;
                for page in old.into_iter().take(i) {
                    self.replace_page(page);
                }
                return false;
            }
        }
        true
    }

    /// Replaces the entries of the page with `new`'s address by `new`'s.
    fn replace_page(&mut self, new: collect::Page) -> bool {
        let Some(at) = self.pages.iter().position(|page| page.url == new.url) else {
            return false;
        };
        if new.slots.len() != self.pages[at].slots.len() {
            return false;
        }
        let base = self.pages[..at].iter().map(|p| p.slots.len() as u64).sum();
        let touched = self.shards.replace(base, &self.pages[at], &new);
        self.pages[at] = new;
        let (files, gone) = self
            .shards
            .files_of_page(&self.pages, &self.glossary, at, &touched);
        for name in gone {
            self.written.remove(&name);
            self.changed.retain(|f| f.path != name);
            self.removed.push(name);
        }
        for (name, bytes) in files {
            if self.written.get(&name) != Some(&bytes) {
                self.changed.retain(|f| f.path != name);
                self.removed.retain(|n| *n != name);
                self.changed
                    .push(OutputFile::new(name.as_str(), bytes.as_slice()));
                self.written.insert(name, bytes);
            }
        }
        true
    }

    /// The files changed by replacements since the last call, and the files gone.
    pub fn take_changed(&mut self) -> Changed {
        let mut files = std::mem::take(&mut self.changed);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut removed = std::mem::take(&mut self.removed);
        removed.sort();
        removed.dedup();
        Changed { files, removed }
    }

    /// All the index's files.
    pub fn files(&self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = self
            .written
            .iter()
            .map(|(name, bytes)| OutputFile::new(name.as_str(), bytes.as_slice()))
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}
