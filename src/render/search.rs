//! The search index: a script file (`searchindex.js`), so that search works with no server at
//! all, opened from `file://`, where a page may not `fetch` a JSON file. It holds standards,
//! each policy and guidance page cut at its numbered paragraphs and headings, references and
//! glossary terms; the theme's `search.js` loads it when the reader first searches.

use rayon::prelude::*;
use serde::Serialize;

use super::OutputFile;
use crate::content::{Edition, Page, Policy, Site, Standard};
use crate::markdown;
use crate::routes::Route;

#[derive(Serialize)]
struct Doc {
    /// Title.
    t: String,
    /// Section within the page (a paragraph number, a heading, an area).
    s: String,
    /// Address from the site root.
    u: String,
    /// Plain text.
    b: String,
}

/// Longest text kept for one entry: enough for a snippet and for matching.
const MAX_TEXT: usize = 2000;

fn cut(s: String) -> String {
    if s.len() <= MAX_TEXT {
        return s;
    }
    let mut end = MAX_TEXT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

/// The entry of a standard's page.
fn standard_doc(e: &Edition, s: &Standard) -> Doc {
    let mut text = vec![markdown::plain(&s.headline)];
    if let Some(note) = s.withdrawn.as_ref().and_then(|w| w.note.as_deref()) {
        text.push(markdown::plain(note));
    }
    for list in [
        &s.criteria.not_met,
        &s.criteria.partially_met,
        &s.criteria.met,
    ] {
        text.extend(list.iter().map(|t| markdown::plain(t)));
    }
    text.extend(s.rationale.iter().map(|r| markdown::plain(r)));
    text.extend(
        s.guidance
            .iter()
            .filter_map(|g| g.text.as_deref())
            .map(markdown::plain),
    );
    Doc {
        t: if s.withdrawn.is_some() {
            format!("{} (withdrawn)", s.name())
        } else {
            s.name()
        },
        s: format!(
            "{} · {}",
            e.meta.title,
            e.area(&s.area.value).map_or("", |a| a.title.as_str())
        ),
        u: Route::standard(e, s.id()).path(),
        b: cut(text.join(" ")),
    }
}

/// The entries of the glossary page, one a term.
fn glossary_docs(site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    for t in &site.glossary {
        docs.push(Doc {
            t: t.term.clone(),
            s: "Glossary".into(),
            u: format!("glossary.html#{}", t.anchor()),
            b: cut(format!(
                "{} {}",
                markdown::plain(&t.expansion),
                t.description
                    .as_deref()
                    .map(markdown::plain)
                    .unwrap_or_default()
            )),
        });
    }
    docs
}

fn docs(site: &Site) -> Vec<Doc> {
    let mut docs: Vec<Doc> = site
        .catalogues
        .iter()
        .flat_map(|c| &c.editions)
        .flat_map(|e| e.standards.iter().map(move |s| (e, s)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(e, s)| standard_doc(e, s))
        .collect();
    let pages: Vec<(&str, String, &str)> = site
        .policies
        .iter()
        .map(|p| (p.meta.title.as_str(), Route::policy(p).path(), p.body()))
        .chain(site.guidance.iter().map(|g| {
            (
                g.meta.title.as_str(),
                Route::guidance(&g.slug).path(),
                g.body(),
            )
        }))
        .collect();
    let sections: Vec<Vec<Doc>> = pages
        .par_iter()
        .map(|(title, path, body)| page_docs(title, path, body))
        .collect();
    docs.extend(sections.into_iter().flatten());
    for r in &site.references {
        docs.push(Doc {
            t: r.title.clone(),
            s: "Reference".into(),
            u: Route::reference(r.id()).path(),
            b: cut(format!(
                "{} {} {}",
                r.publisher.as_deref().unwrap_or_default(),
                r.cite_text(),
                r.description
                    .as_deref()
                    .map(markdown::plain)
                    .unwrap_or_default()
            )),
        });
    }
    docs.extend(glossary_docs(site));
    for l in &site.principles {
        docs.push(Doc {
            t: l.title.clone(),
            s: "Principles".into(),
            u: Route::principles(&l.slug).path(),
            b: cut(l
                .principles
                .iter()
                .map(|p| {
                    format!(
                        "{} {}",
                        p.title,
                        p.text.as_deref().map(markdown::plain).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")),
        });
    }
    docs
}

/// The entries of a Markdown page: one a section (numbered paragraph or heading).
fn page_docs(title: &str, path: &str, body: &str) -> Vec<Doc> {
    markdown::sections(body)
        .into_iter()
        .map(|sec| {
            let (s, u) = match &sec.anchor {
                Some(a) => (sec.label.clone(), format!("{path}#{a}")),
                None => (String::new(), path.to_string()),
            };
            Doc {
                t: title.to_string(),
                s,
                u,
                b: cut(sec.text),
            }
        })
        .collect()
}

/// The search index: each entry serialised, with the page it belongs to, so that the entries
/// of one page can be replaced after an edit without serialising the others again.
pub struct SearchIndex {
    entries: Vec<(String, String)>,
}

fn serialise(docs: &[Doc]) -> Vec<(String, String)> {
    docs.par_iter()
        .map(|d| {
            let page = d.u.split('#').next().unwrap_or_default().to_string();
            // `</script>` cannot occur in JSON text that a script file holds, but `<` is
            // escaped anyway.
            let json = serde_json::to_string(d)
                .unwrap_or_default()
                .replace('<', "\\u003c");
            (page, json)
        })
        .collect()
}

impl SearchIndex {
    /// The index file's path in the output.
    pub const FILE: &'static str = "searchindex.js";

    pub fn new(site: &Site) -> SearchIndex {
        // The entries are made and serialised in parallel (they are independent), and kept in
        // the site's order, so the file is the same whatever the number of threads.
        SearchIndex {
            entries: serialise(&docs(site)),
        }
    }

    /// Replaces the entries of a policy's page with those of its current text, in place;
    /// false (and nothing done) when the page had none, so that where they go is not known.
    pub fn replace_policy(&mut self, p: &Policy) -> bool {
        let path = Route::policy(p).path();
        self.replace_page(&path, page_docs(&p.meta.title, &path, p.body()))
    }

    /// The same for a guidance page.
    pub fn replace_guidance(&mut self, g: &Page) -> bool {
        let path = Route::guidance(&g.slug).path();
        self.replace_page(&path, page_docs(&g.meta.title, &path, g.body()))
    }

    /// The same for a standard's page.
    pub fn replace_standard(&mut self, e: &Edition, s: &Standard) -> bool {
        self.replace_page(&Route::standard(e, s.id()).path(), vec![standard_doc(e, s)])
    }

    /// The same for the glossary's entries.
    pub fn replace_glossary(&mut self, site: &Site) -> bool {
        self.replace_page(&Route::Glossary.path(), glossary_docs(site))
    }

    /// Replaces the entries of the page at `path` with `docs`.
    fn replace_page(&mut self, path: &str, docs: Vec<Doc>) -> bool {
        let new = serialise(&docs);
        let Some(at) = self.entries.iter().position(|(page, _)| *page == path) else {
            return new.is_empty();
        };
        let n = self.entries[at..]
            .iter()
            .take_while(|(page, _)| *page == path)
            .count();
        self.entries.splice(at..at + n, new);
        true
    }

    /// The index as the script file the theme's `search.js` loads.
    pub fn file(&self) -> OutputFile {
        self.file_in(Vec::new())
    }

    /// The same, written into `buf` (emptied first): `serve` hands back the buffer of the file
    /// it served before, whose memory is already mapped, so that an edit does not pay for
    /// faulting in a new buffer of the index's size (40 MB at 10,000 pages, about 70 ms).
    pub fn file_in(&self, mut buf: Vec<u8>) -> OutputFile {
        buf.clear();
        let needed = self.entries.iter().map(|(_, j)| j.len() + 1).sum::<usize>() + 64;
        if buf.capacity() < needed {
            // Room for the index to grow a little, edit after edit, in the same buffer.
            buf.reserve_exact(needed + needed / 32);
        }
        buf.extend_from_slice(b"window.policybookSearchIndex = [");
        for (i, (_, json)) in self.entries.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(json.as_bytes());
        }
        buf.extend_from_slice(b"];\n");
        OutputFile::new(SearchIndex::FILE, buf)
    }
}
