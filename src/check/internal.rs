//! Internal links: every `href` and `src` of every page, against the files and ids the build
//! produced.

use std::borrow::Cow;

// Hundreds of thousands of lookups of short paths and ids: rustc's hasher.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::html::{Attr, attributes};
use super::{Problem, Report};
use crate::diagnostic::Source;
use crate::layout;
use crate::render::OutputFile;
use crate::xref::{Context, Index, is_external};

/// An external link of the site and where it is written.
#[cfg_attr(not(feature = "external"), allow(dead_code))]
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub url: String,
    pub page: String,
    pub source: String,
    pub line: usize,
    pub column: usize,
}

/// What reading the pages found, before anything is traced back to its source.
#[derive(Debug, Default)]
pub struct Scan {
    /// How many internal links were checked.
    pub checked: usize,
    pub broken: Vec<Found>,
    /// Web (http, https) links: (file, address).
    pub web: Vec<(usize, String)>,
    /// Pages that exist but were not scanned, whose element ids a link's fragment needs: the
    /// fragment is not judged (see [`scan_with`]). Sorted, without repeats.
    pub unread: Vec<String>,
}

/// A broken link: in which file (an index into the files scanned), what it says, and why.
#[derive(Debug)]
pub struct Found {
    pub file: usize,
    pub url: String,
    pub kind: &'static str,
    pub reason: String,
    /// Where it leads, as a site path and a fragment, when it stays in the site.
    pub target: Option<(String, Option<String>)>,
}

/// Checks every internal `href` and `src` of the pages among `files` against the files and
/// element ids there; needs nothing but the files.
pub fn scan(files: &[OutputFile]) -> Scan {
    scan_with(files, &[])
}

/// The same, where the site also has the files `elsewhere` (addresses), which were not made
/// for the check (`check::model` renders some pages only): a link to one of them is right; a
/// link with a fragment to one of its pages is not judged, its page listed in
/// [`Scan::unread`] for the caller to render and scan again.
pub fn scan_with(files: &[OutputFile], elsewhere: &[String]) -> Scan {
    use rayon::prelude::*;
    let pages: Vec<(usize, Cow<str>)> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.path.ends_with(".html"))
        .map(|(i, f)| (i, String::from_utf8_lossy(&f.bytes)))
        .collect();
    let attrs: Vec<Vec<Attr>> = pages.par_iter().map(|(_, h)| attributes(h)).collect();
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .zip(&attrs)
        .map(|((i, _), attrs)| {
            let ids = attrs
                .iter()
                .filter(|a| a.name == "id" || a.name == "name")
                .map(|a| &*a.value);
            (files[*i].path.as_str(), ids.collect())
        })
        .collect();
    let exists: HashSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(elsewhere.iter().map(String::as_str))
        .collect();
    let parts: Vec<Scan> = pages
        .par_iter()
        .zip(&attrs)
        .map(|((i, _), attrs)| scan_page(*i, &files[*i].path, attrs, &exists, &ids))
        .collect();
    let mut out = Scan::default();
    for p in parts {
        out.checked += p.checked;
        out.broken.extend(p.broken);
        out.web.extend(p.web);
        out.unread.extend(p.unread);
    }
    out.unread.sort();
    out.unread.dedup();
    out
}

fn scan_page(
    file: usize,
    page: &str,
    attrs: &[Attr],
    exists: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Scan {
    let mut out = Scan::default();
    // A form's `action` leads to a page as a link does (the search box's leads to search.html).
    for a in attrs
        .iter()
        .filter(|a| a.name == "href" || a.name == "src" || a.name == "action")
    {
        let url = a.value.trim();
        if is_external(url) {
            if url.starts_with("http://") || url.starts_with("https://") {
                out.web.push((file, url.to_string()));
            }
            continue;
        }
        out.checked += 1;
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let path = path.split('?').next().unwrap_or_default();
        let target = if path.is_empty() {
            Some(page.to_string())
        } else {
            join(page, &percent_decode(path))
        };
        let problem = match &target {
            None => Some(("internal", "leads outside the site".to_string())),
            Some(t) => {
                let t = if t.is_empty() || t.ends_with('/') {
                    format!("{t}index.html")
                } else {
                    t.clone()
                };
                let t = if exists.contains(t.as_str())
                    || !exists.contains(format!("{t}/index.html").as_str())
                {
                    t
                } else {
                    format!("{t}/index.html")
                };
                if !exists.contains(t.as_str()) {
                    Some(("internal", format!("no page or file \"{t}\" in the site")))
                } else {
                    match fragment.map(percent_decode) {
                        Some(f) if !f.is_empty() && t.ends_with(".html") => {
                            match ids.get(t.as_str()) {
                                Some(ids) => (!ids.contains(f.as_str()))
                                    .then(|| ("fragment", format!("no element with id \"{f}\""))),
                                // A page not read: its ids are not known here.
                                None => {
                                    out.unread.push(t);
                                    None
                                }
                            }
                        }
                        _ => None,
                    }
                }
            }
        };
        if let Some((kind, reason)) = problem {
            out.broken.push(Found {
                file,
                url: url.to_string(),
                kind,
                reason,
                target: target.map(|t| (t, fragment.map(percent_decode))),
            });
        }
    }
    out
}

/// Checks the internal links; returns the report and the site's web (http, https) links, each
/// traced back to the content file or template line that holds it.
pub fn check(files: &[OutputFile], index: &Index) -> (Report, Vec<LinkRef>) {
    report(files, scan(files), index)
}

/// The report of a [`Scan`] of `files`: each broken link, and each web link, traced back to
/// the content file or template line that holds it.
pub fn report(files: &[OutputFile], scan: Scan, index: &Index) -> (Report, Vec<LinkRef>) {
    let sources = content_sources(index.site());
    let mut report = Report {
        checked: scan.checked,
        ..Report::default()
    };
    for f in scan.broken {
        let file = &files[f.file];
        let (source, line, column) = locate(file, &f.url, f.target.as_ref(), index, &sources);
        report.broken.push(Problem {
            kind: f.kind,
            source,
            line,
            column,
            page: Some(file.path.clone()),
            url: Some(f.url),
            status: None,
            reason: f.reason,
        });
    }
    let external = scan
        .web
        .into_iter()
        .map(|(i, url)| {
            let file = &files[i];
            let (source, line, column) = locate(file, &url, None, index, &sources);
            LinkRef {
                url,
                page: file.path.clone(),
                source,
                line,
                column,
            }
        })
        .collect();
    (report, external)
}

/// Every content file of the site, in a stable order.
fn content_sources(site: &crate::content::Site) -> Vec<&Source> {
    let mut out: Vec<&Source> = Vec::new();
    for e in site.catalogues.iter().flat_map(|c| &c.editions) {
        out.push(&e.source);
        out.extend(e.standards.iter().map(|s| &s.source));
        out.extend(e.changes.iter().map(|c| &c.source));
    }
    out.extend(site.policies.iter().map(|p| &p.source));
    out.extend(site.guidance.iter().map(|g| &g.source));
    out.extend(site.references_source.iter());
    out.extend(site.glossary_source.iter());
    out.extend(site.principles.iter().map(|l| &l.file));
    // Imported catalogues share one file among many standards: once is enough.
    out.dedup_by(|a, b| a.path == b.path);
    out
}

/// Where a link of a page is written: in the page's content file when it stands there as
/// written or as a cross-reference that leads to the same place, else in the page's template
/// (at the line that builds it, where that can be told).
fn locate(
    file: &OutputFile,
    url: &str,
    target: Option<&(String, Option<String>)>,
    index: &Index,
    sources: &[&Source],
) -> (String, usize, usize) {
    let Some(origin) = &file.origin else {
        return (file.path.clone(), 1, 1);
    };
    let at = |s: &Source, needle: &str| {
        s.text.find(needle).map(|i| {
            let (l, c) = s.line_col(i);
            (s.path.display().to_string(), l, c)
        })
    };
    // The page's own content file first; then any content file, for pages that gather text
    // from many (an edition's printable page, the coverage matrix).
    for source in origin.source.iter().chain(sources.iter().copied()) {
        if let Some(found) = at(source, url) {
            return found;
        }
        if let Some(i) =
            target.and_then(|(path, frag)| xref_in(source, index, path, frag.as_deref()))
        {
            let (l, c) = source.line_col(i);
            return (source.path.display().to_string(), l, c);
        }
    }
    // A template writes `{{ root }}css/x.css`: look for the address's last piece.
    let last = url.rsplit('/').next().unwrap_or(url);
    let fragment = url.split_once('#').map(|(_, f)| f);
    at(&origin.template, url)
        .or_else(|| {
            (!last.is_empty())
                .then(|| at(&origin.template, last))
                .flatten()
        })
        .or_else(|| fragment.and_then(|f| at(&origin.template, &format!("#{f}"))))
        .unwrap_or_else(|| (origin.template.path.display().to_string(), 1, 1))
}

/// The offset in `source` of a cross-reference (`](std:1.1#met)`), or of a glossary term that
/// links itself, that leads to `path#fragment`.
fn xref_in(source: &Source, index: &Index, path: &str, fragment: Option<&str>) -> Option<usize> {
    let text = &*source.text;
    // A standard's text resolves bare ids in its own edition.
    let mut parts = source.path.iter().map(|p| p.to_string_lossy());
    let edition = match (
        parts.next().as_deref(),
        parts.next().as_deref(),
        parts.next(),
        parts.next(),
    ) {
        (Some(layout::CONTENT), Some(layout::STANDARDS), Some(cat), Some(ed)) => {
            Some((cat.into_owned(), ed.into_owned()))
        }
        _ => None,
    };
    // Relative links resolve from the folder of the file they are written in.
    let dir = source
        .path
        .parent()
        .map(|d| d.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    // A policy's text names standards on the edition current when it was approved.
    let approved = index
        .site()
        .policies
        .iter()
        .find(|p| p.source.path == source.path)
        .and_then(|p| p.meta.approved);
    let ctx = Context {
        edition: edition.as_ref().map(|(c, e)| (c.as_str(), e.as_str())),
        dir: Some(&dir),
        approved,
    };
    for (i, _) in text.match_indices("](") {
        let start = i + 2;
        let Some(len) = text[start..].find([')', '\n']) else {
            continue;
        };
        let dest = &text[start..start + len];
        if let Some(Ok(t)) = index.resolve(dest, &ctx)
            && t.path == path
            && t.fragment.as_deref() == fragment
        {
            return Some(start);
        }
    }
    // A glossary term's first use links itself.
    let term = index
        .site()
        .glossary
        .iter()
        .find(|t| path == "glossary.html" && fragment == Some(t.anchor().as_str()))?;
    text.match_indices(term.term.as_str())
        .map(|(i, _)| i)
        .find(|&i| {
            let before = text[..i].chars().next_back();
            let after = text[i + term.term.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
}

/// `page`'s folder joined with a relative address; `None` when it climbs out of the site.
fn join(page: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        page.split('/').collect()
    };
    if !rel.starts_with('/') {
        parts.pop();
    }
    for seg in rel.split('/') {
        match seg {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if rel.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `%xx` escapes of an address decoded (invalid ones kept as written).
pub(super) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile::new(path, html)
    }

    #[test]
    fn finds_missing_pages_and_anchors_only() {
        let files = [
            page(
                "index.html",
                "<a href=\"a/b.html#x\">ok</a><a href=\"a/b.html#nope\">x</a><a href=\"missing.html\">x</a><a href=\"https://e.org/\">ext</a><a href=\"#top\" id=\"top\">t</a><a href=\"a/\">dir</a><a href=\"../out.html\">out</a><a href=\"a/my%20file.html\">sp</a>",
            ),
            page("a/b.html", "<p id=\"x\"></p>"),
            page("a/index.html", ""),
            page("a/my file.html", ""),
        ];
        let config: crate::config::Config = toml::from_str("[book]\ntitle = \"T\"").unwrap();
        let site = crate::content::Site {
            config,
            catalogues: vec![],
            references: vec![],
            references_source: None,
            glossary: vec![],
            glossary_source: None,
            guidance: vec![],
            policies: vec![],
            drafts_left_out: vec![],
            principles: vec![],
        };
        let (r, external) = check(&files, &Index::new(&site));
        assert_eq!(external.len(), 1);
        assert_eq!(external[0].url, "https://e.org/");
        let broken: Vec<(&str, &str)> = r
            .broken
            .iter()
            .map(|p| (p.kind, p.url.as_deref().unwrap()))
            .collect();
        assert_eq!(
            broken,
            [
                ("fragment", "a/b.html#nope"),
                ("internal", "missing.html"),
                ("internal", "../out.html")
            ]
        );
        assert_eq!(r.checked, 7, "the external link is not an internal one");
    }
}
