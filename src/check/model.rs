//! `check --offline` from the model, when no build of the current sources is on disk: with the
//! built-in templates every link a template writes is right by construction, and the resolver
//! has checked every cross-reference and relative link to a Markdown file or attachment (a
//! broken one stops the build). What it cannot vouch for it records by content file and
//! the text's page (`xref::Backlinks::suspect`): internal addresses it does not resolve,
//! images, raw HTML that may make a link or an id, anchors it takes on trust, internal
//! addresses in data fields. Only the pages that show those texts are rendered and
//! link-checked (with a theme's own static pages), against every file a full build makes; a
//! fragment link into a page not rendered renders that page too, so that fragments meet the
//! real ids.

use std::collections::HashSet;
use std::path::Path;

use super::{Report, internal};
use crate::content::{Edition, Site};
use crate::diagnostic::Diagnostics;
use crate::render::{self, Renderer};
use crate::routes::Route;
use crate::timing::phase;
use crate::xref::{Context, Index, Resolved, is_external, unvouched};

/// The report of the internal links of the site `r` (at `root`), from its model and the pages
/// that can hold a broken link; `None` when the model cannot stand for a full render: a
/// template of the site's own, an internal address among `book.toml`'s organisation links
/// (on every page), or a link in a reference's citation (which no resolver reads).
/// `checked` counts the links checked in the pages rendered and the links the resolver
/// resolved (cross-references, relative links to Markdown files and attachments).
pub fn check(root: &Path, r: &Resolved) -> Result<Option<Report>, Diagnostics> {
    let renderer = Renderer::new(root, &r.site)?;
    let o = &r.site.config.organisation;
    let every_page = o
        .header_links
        .iter()
        .chain(&o.footer_links)
        .any(|l| !is_external(&l.url));
    if !renderer.templates_built_in() || every_page || citations_unvouched(&r.site, &r.index()) {
        return Ok(None);
    }
    let index = r.index();
    let wanted = phase("model pages", || wanted(r, &index));
    let (files, scan) = phase("model render", || -> Result<_, Diagnostics> {
        if wanted.is_empty() {
            return Ok((Vec::new(), internal::Scan::default()));
        }
        let mut files = renderer.pages(r, &|p| wanted.contains(p), None)?;
        // The other files exist; a theme's own static pages among them are read, as a full
        // render reads them.
        let mut others: Vec<String> = render::page_paths(r);
        for f in renderer.other_files(root, r)? {
            if f.path.ends_with(".html") {
                files.push(f);
            } else {
                others.push(f.path);
            }
        }
        // Then the pages that fragments lead into, for their ids, until none is left unread.
        loop {
            let done: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
            let elsewhere: Vec<String> = others
                .iter()
                .filter(|p| !done.contains(p.as_str()))
                .cloned()
                .collect();
            let scan = internal::scan_with(&files, &elsewhere);
            let more: HashSet<&str> = scan.unread.iter().map(String::as_str).collect();
            let extra = if more.is_empty() {
                Vec::new()
            } else {
                renderer.pages(r, &|p| more.contains(p), None)?
            };
            if extra.is_empty() {
                return Ok((files, scan));
            }
            files.extend(extra);
        }
    })?;
    let (mut report, _web) = phase("model check", || internal::report(&files, scan, &index));
    report.checked += r.backlinks.resolved;
    Ok(Some(report))
}

/// The pages to render: those that show a text holding a link the resolver cannot vouch for
/// (named by the text's home page, see `render::pages_showing`), and those it always renders.
fn wanted(r: &Resolved, index: &Index) -> HashSet<String> {
    let site = &r.site;
    let mut homes: HashSet<String> = r
        .backlinks
        .suspect
        .values()
        .flatten()
        .map(|b| b.path.clone())
        .collect();
    homes.extend(unwalked(site, index));
    let mut pages: HashSet<String> = render::pages_showing(r, &|p| homes.contains(p))
        .into_iter()
        .collect();
    // `book.toml`'s words and address: the home page's description, and the not-found page,
    // whose links start with `[book] url`.
    let book = &site.config.book;
    if book
        .description
        .as_deref()
        .is_some_and(|d| unvouched(index, d, &Context::default()))
    {
        pages.insert(Route::Home.path());
    }
    if book.url.as_deref().is_some_and(|u| !is_external(u)) {
        pages.insert(Route::NotFound.path());
    }
    pages
}

/// The home pages (see `render::pages_showing`) of the Markdown texts that the resolver does
/// not walk and that hold a link it cannot vouch for: an edition's ratings and guidance
/// introduction (filed under the edition's page), a withdrawn standard's note (under the
/// standard's).
fn unwalked(site: &Site, index: &Index) -> Vec<String> {
    let mut out = Vec::new();
    for e in site.catalogues.iter().flat_map(|c| &c.editions) {
        let ctx = edition_ctx(e);
        let texts = e
            .meta
            .ratings
            .iter()
            .flat_map(|r| [&r.red, &r.amber, &r.green])
            .chain(&e.meta.guidance_intro);
        if texts.into_iter().any(|t| unvouched(index, t, &ctx)) {
            out.push(Route::edition(e).path());
        }
        for s in &e.standards {
            let note = s.withdrawn.as_ref().and_then(|w| w.note.as_deref());
            if note.is_some_and(|n| unvouched(index, n, &ctx)) {
                out.push(Route::standard(e, s.id()).path());
            }
        }
    }
    out
}

/// Whether a reference's citation, which a standard's guidance list renders as Markdown where
/// it cites the reference (on every page of that standard's), holds a link or raw HTML.
fn citations_unvouched(site: &Site, index: &Index) -> bool {
    site.references
        .iter()
        .any(|r| unvouched(index, r.cite_text(), &Context::default()))
}

/// How a standard's text reads its references: in its own edition (as the pages render it).
fn edition_ctx(e: &Edition) -> Context<'_> {
    Context {
        edition: Some((&e.catalogue, &e.id)),
        dir: None,
        approved: None,
    }
}
