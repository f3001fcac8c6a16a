//! Resolving: every text field of the site walked once, each cross-reference and plain-text
//! mention looked up in the [`Index`], each one that leads nowhere reported at its source line.

use std::ops::Range;

use super::{Backlink, Backlinks, Context, Index, Target, is_external};
use crate::content::{Edition, Page, Policy, Standard, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics, Source};
use crate::markdown;
use crate::markdown::mentions::Kind;
use crate::routes::{Linked, Route};

/// A text field of the site: where it is, which page shows it, and what context it is in.
struct Text<'a> {
    page: Backlink,
    source: &'a Source,
    /// Byte offset of the text in `source` where known exactly (Markdown bodies); for YAML
    /// fields the reference is found by searching the file.
    offset: Option<usize>,
    text: &'a str,
    ctx: Context<'a>,
}

/// Checks every cross-reference of the site and collects what links where.
pub fn resolve(index: &Index) -> Result<Backlinks, Diagnostics> {
    let site = index.site();
    let mut diags = Diagnostics::default();
    let mut backlinks = Backlinks::default();
    let mut texts: Vec<Text> = Vec::new();

    for c in &site.catalogues {
        for e in &c.editions {
            let ctx = Context {
                edition: Some((&e.catalogue, &e.id)),
                dir: None,
                approved: None,
            };
            let page = Backlink {
                path: Route::edition(e).path(),
                title: e.meta.title.clone(),
            };
            // The credit line of the edition's pages links its licence as written.
            if e.meta.licence_url.as_deref().is_some_and(internal) {
                backlinks.add_suspect(&e.source.path, &page);
            }
            let edition_texts = e
                .meta
                .description
                .iter()
                .chain(e.meta.areas.iter().filter_map(|a| a.description.as_ref()));
            for t in edition_texts {
                texts.push(Text {
                    page: page.clone(),
                    source: &e.source,
                    offset: None,
                    text: t,
                    ctx,
                });
            }
            if let Some(ch) = &e.changes {
                for c in &ch.changes {
                    texts.push(Text {
                        page: page.clone(),
                        source: &ch.source,
                        offset: None,
                        text: &c.text,
                        ctx,
                    });
                }
            }
        }
    }
    // Standards, the glossary and guidance pages: each on its own, as `serve` redoes one.
    {
        use rayon::prelude::*;
        let standards: Vec<(&Edition, &Standard)> = site
            .catalogues
            .iter()
            .flat_map(|c| &c.editions)
            .flat_map(|e| e.standards.iter().map(move |s| (e, s)))
            .collect();
        let parts: Vec<(Backlinks, Diagnostics)> = standards
            .par_iter()
            .map(|(e, s)| standard_links(index, e, s))
            .chain(site.guidance.par_iter().map(|g| guidance_links(index, g)))
            .chain(rayon::iter::once(glossary_links(index)))
            .collect();
        for (b, d) in parts {
            backlinks.merge(b);
            diags.extend(d);
        }
    }

    if let Some(src) = &site.references_source {
        for r in &site.references {
            let page = Backlink {
                path: Route::reference(r.id()).path(),
                title: r.title.clone(),
            };
            if r.url.as_deref().is_some_and(internal) {
                backlinks.add_suspect(&src.path, &page);
            }
            for t in r.description.iter() {
                texts.push(Text {
                    page: page.clone(),
                    source: src,
                    offset: None,
                    text: t,
                    ctx: Context::default(),
                });
            }
        }
    }
    // Policies are long: each on its own, in parallel.
    let policy_parts: Vec<(Backlinks, Diagnostics)> = {
        use rayon::prelude::*;
        site.policies
            .par_iter()
            .map(|p| policy_links(index, p))
            .collect()
    };
    for (b, d) in policy_parts {
        backlinks.merge(b);
        diags.extend(d);
    }
    for l in &site.principles {
        let page = Backlink {
            path: format!("principles/{}.html", l.slug),
            title: l.title.clone(),
        };
        let fields = l.description.iter().chain(
            l.principles
                .iter()
                .flat_map(|p| p.text.iter().chain(&p.examples)),
        );
        for t in fields {
            texts.push(Text {
                page: page.clone(),
                source: &l.file,
                offset: None,
                text: t,
                ctx: Context::default(),
            });
        }
    }

    // Each text on its own (in parallel), then merged in order.
    let parts: Vec<(Backlinks, Diagnostics)> = {
        use rayon::prelude::*;
        texts.par_iter().map(|t| text_links(index, t)).collect()
    };
    for (b, d) in parts {
        backlinks.merge(b);
        diags.extend(d);
    }

    if diags.has_errors() {
        diags.sort();
        Err(diags)
    } else {
        Ok(backlinks)
    }
}

/// Where guidance pages are, for their relative links.
pub const GUIDANCE_DIR: &str = "content/guidance";

/// What one standard's page links to: its text fields, and the references its guidance list
/// cites.
pub fn standard_links(index: &Index, e: &Edition, s: &Standard) -> (Backlinks, Diagnostics) {
    let ctx = Context {
        edition: Some((&e.catalogue, &e.id)),
        dir: None,
        approved: None,
    };
    let page = Backlink {
        path: Route::standard(e, s.id()).path(),
        title: format!("{} ({})", s.name(), e.id),
    };
    let fields = std::iter::once(&s.headline)
        .chain(&s.criteria.not_met)
        .chain(&s.criteria.partially_met)
        .chain(&s.criteria.met)
        .chain(s.rationale.iter())
        .chain(
            s.guidance
                .iter()
                .flat_map(|g| g.text.iter().chain(&g.items)),
        )
        .chain(s.links.iter().map(|l| &l.title));
    let texts = fields.map(|t| Text {
        page: page.clone(),
        source: &s.source,
        offset: None,
        text: t,
        ctx,
    });
    let (mut backlinks, mut diags) = texts_links(index, texts);
    // A link's `url` is written into the page as it is.
    if s.links
        .iter()
        .any(|l| l.url.as_deref().is_some_and(internal))
    {
        backlinks.add_suspect(&s.source.path, &page);
    }
    // `ref:` items of the guidance list cite a reference.
    for r in s.guidance.iter().filter_map(|g| g.reference.as_ref()) {
        match index.resolve(&format!("ref:{}", r.value), &ctx) {
            Some(Ok(t)) => backlinks.add(t.key, &page),
            Some(Err(msg)) => diags.push(value_error(
                &s.source,
                0,
                r,
                format!("unknown reference \"{}\" in guidance list", r.value),
                msg,
            )),
            None => {}
        }
    }
    (backlinks, diags)
}

/// What a guidance page links to.
pub fn guidance_links(index: &Index, p: &Page) -> (Backlinks, Diagnostics) {
    let page = Backlink {
        path: Route::guidance(&p.slug).path(),
        title: p.meta.title.clone(),
    };
    text_links(
        index,
        &Text {
            page,
            source: &p.source,
            offset: Some(p.body.start),
            text: p.body(),
            ctx: Context {
                edition: None,
                dir: Some(GUIDANCE_DIR),
                approved: None,
            },
        },
    )
}

/// What the glossary page links to: every term's expansion and description.
pub fn glossary_links(index: &Index) -> (Backlinks, Diagnostics) {
    let site = index.site();
    let Some(src) = &site.glossary_source else {
        return Default::default();
    };
    let page = Backlink {
        path: Route::Glossary.path(),
        title: "Glossary".into(),
    };
    let texts = site.glossary.iter().flat_map(|t| {
        std::iter::once(&t.expansion)
            .chain(t.description.iter())
            .map(|text| Text {
                page: page.clone(),
                source: src,
                offset: None,
                text,
                ctx: Context::default(),
            })
    });
    texts_links(index, texts)
}

/// The links of several texts, merged.
fn texts_links<'a>(
    index: &Index,
    texts: impl Iterator<Item = Text<'a>>,
) -> (Backlinks, Diagnostics) {
    let mut backlinks = Backlinks::default();
    let mut diags = Diagnostics::default();
    for t in texts {
        let (b, d) = text_links(index, &t);
        backlinks.merge(b);
        diags.extend(d);
    }
    (backlinks, diags)
}

/// What one policy links to: its body's cross-references and mentions, and its `implements`.
pub fn policy_links(index: &Index, p: &Policy) -> (Backlinks, Diagnostics) {
    let page = Backlink {
        path: Route::policy(p).path(),
        title: p.meta.title.clone(),
    };
    let dir = p.source_dir();
    let text = Text {
        page: page.clone(),
        source: &p.source,
        offset: Some(p.body.start),
        text: p.body(),
        ctx: Context {
            edition: None,
            dir: Some(&dir),
            approved: p.meta.approved,
        },
    };
    let (mut backlinks, mut diags) = text_links(index, &text);
    if let Some(note) = &p.meta.note {
        let (b, d) = text_links(
            index,
            &Text {
                offset: None,
                text: note,
                ..text
            },
        );
        backlinks.merge(b);
        diags.extend(d);
    }
    for spec in &p.meta.implements {
        match super::claims::claim(index, p, &spec.value) {
            Ok((e, s)) => backlinks.add(Linked::Page(Route::standard(e, s.id())), &page),
            Err(msg) => diags.push(value_error(
                &p.source,
                p.meta_start,
                spec,
                format!("unknown standard \"{}\" in `implements`", spec.value),
                msg,
            )),
        }
    }
    for (catalogue, edition) in &p.meta.reviewed_against {
        if let Some(msg) = super::claims::check_reviewed_against(index, catalogue, &edition.value) {
            diags.push(value_error(
                &p.source,
                p.meta_start,
                edition,
                format!(
                    "unknown edition \"{}\" in `reviewed_against` ({catalogue})",
                    edition.value
                ),
                msg,
            ));
        }
    }
    (backlinks, diags)
}

/// An error at a YAML string value of `source` (whose YAML starts at `base`).
fn value_error(
    source: &Source,
    base: usize,
    value: &serde_saphyr::Spanned<String>,
    message: String,
    label: String,
) -> Diagnostic {
    let at = yaml::offset_of(source, base, value);
    Diagnostic::error(message)
        .at(source, at..at + value.value.len().max(1))
        .label(label)
}

/// The links of one text: what it links to (plain-text mentions included), and the errors of
/// the ones that lead nowhere.
fn text_links(index: &Index, t: &Text) -> (Backlinks, Diagnostics) {
    let mut backlinks = Backlinks::default();
    let mut diags = Diagnostics::default();
    let (links, mentions, html) =
        markdown::links_and_mentions(t.text, &|w| index.term(w).is_some());
    if html {
        backlinks.add_suspect(&t.source.path, &t.page);
    }
    for (dest, range) in links {
        let resolved = index.resolve(&dest, &t.ctx);
        if unvouched_link(t.text, &dest, &range, &resolved) {
            backlinks.add_suspect(&t.source.path, &t.page);
        }
        if let Some(Ok(_)) = resolved {
            backlinks.resolved += 1;
        }
        match resolved {
            None => {}
            Some(Ok(target)) if target.path != t.page.path => backlinks.add(target.key, &t.page),
            // A link to its own page, with no anchor, leads nowhere new: a slip.
            Some(Ok(target)) if target.fragment.is_none() => diags.extend(report_at(
                t,
                &dest,
                range,
                format!("cross-reference \"{dest}\" leads to the page it is on"),
                "this is the page's own address",
            )),
            Some(Ok(_)) => {}
            Some(Err(msg)) => diags.extend(unresolved(t, &dest, range, &msg)),
        }
    }
    // Plain-text mentions that link themselves count as links too.
    for m in mentions {
        match m.kind {
            Kind::Standard => {
                if let Ok((e, s)) = index.standard(&m.key, &t.ctx)
                    && Route::standard(e, s.id()).path() != t.page.path
                {
                    backlinks.add(Linked::Page(Route::standard(e, s.id())), &t.page);
                }
            }
            Kind::Code => match index.policy_by_code(&m.key) {
                Some(p) if Route::policy(p).path() != t.page.path => {
                    backlinks.add(Linked::Page(Route::policy(p)), &t.page)
                }
                Some(_) => {}
                None => {
                    backlinks
                        .unknown_codes
                        .entry(m.key)
                        .or_default()
                        .insert(t.page.clone());
                }
            },
            Kind::Term => backlinks.add(Linked::Term(m.key), &t.page),
            Kind::Appendix | Kind::Url => {}
        }
    }
    (backlinks, diags)
}

/// Whether an address is internal: no scheme, not `//` (see [`is_external`]).
fn internal(url: &str) -> bool {
    !is_external(url)
}

/// Whether the link to `dest` written at `range` of `text` is one the index cannot vouch for:
/// an internal address it does not resolve (`/x.html`, `../../index.html`, `#top`), an image
/// (written into the page as it is), or a cross-reference to an anchor it does not check.
/// Web addresses are left to the external check.
fn unvouched_link(
    text: &str,
    dest: &str,
    range: &Range<usize>,
    resolved: &Option<Result<Target, String>>,
) -> bool {
    let image = text.get(range.clone()).is_some_and(|l| l.starts_with('!'));
    // An anchor the index takes on trust: a standard page's sections (`#rationale`) are there
    // only when the standard has them, and an older version's page keeps no ids.
    let trusted_anchor = matches!(resolved, Some(Ok(t)) if t.fragment.is_some()
        && matches!(t.key, Linked::Page(Route::Standard { .. } | Route::PolicyVersion { .. })));
    internal(dest) && (resolved.is_none() || image) || trusted_anchor
}

/// Whether a Markdown text that [`resolve`] does not walk (an edition's ratings, a withdrawn
/// standard's note, `[book] description`) holds raw HTML or a link the index cannot vouch for,
/// read in `ctx` as the page renders it. For `check`, which must then render its pages.
pub fn unvouched(index: &Index, text: &str, ctx: &Context) -> bool {
    let (links, _, html) = markdown::links_and_mentions(text, &|_| false);
    html || links
        .iter()
        .any(|(dest, range)| unvouched_link(text, dest, range, &index.resolve(dest, ctx)))
}

/// The diagnostics for a reference that leads nowhere, at each place it is written.
fn unresolved(t: &Text, dest: &str, range: Range<usize>, msg: &str) -> Diagnostics {
    // The page exists and the anchor does not: say so, not that the page is unknown.
    if msg.starts_with("no paragraph or heading") || msg.starts_with("no anchor") {
        let (page, anchor) = dest.split_once('#').unwrap_or((dest, ""));
        return report_at(
            t,
            dest,
            range,
            format!("unknown anchor \"#{anchor}\" in link to {page}"),
            msg,
        );
    }
    if super::relative::is_relative(dest) {
        return report_at(t, dest, range, format!("broken link \"{dest}\""), msg);
    }
    let kind = match dest.split(':').next() {
        Some("std") => "standard",
        Some("policy") => "policy",
        Some("term") => "glossary term",
        Some("ref") => "reference",
        _ => "page",
    };
    let name = dest.split_once(':').map_or(dest, |(_, n)| n);
    report_at(
        t,
        dest,
        range,
        format!("unknown {kind} \"{name}\" in cross-reference"),
        msg,
    )
}

/// An error at each place a cross-reference's destination is written.
fn report_at(t: &Text, dest: &str, range: Range<usize>, message: String, msg: &str) -> Diagnostics {
    let mut out = Diagnostics::default();
    match t.offset {
        Some(base) => {
            // Markdown body: the parser's offsets are exact; point at the destination.
            let link = &t.text[range.clone()];
            let start = base + range.start + link.find(dest).unwrap_or(0);
            out.push(
                Diagnostic::error(message)
                    .at(t.source, start..start + dest.len())
                    .label(msg),
            );
        }
        None => {
            // A YAML field: the destination stands in the file as written; every place it
            // stands is in the same context, so every place is reported.
            let hits: Vec<usize> = t.source.text.match_indices(dest).map(|(i, _)| i).collect();
            if hits.is_empty() {
                out.push(
                    Diagnostic::error(message.clone())
                        .in_file(t.source)
                        .note(msg.to_string()),
                );
            }
            for at in hits {
                out.push(
                    Diagnostic::error(message.clone())
                        .at(t.source, at..at + dest.len())
                        .label(msg),
                );
            }
        }
    }
    out
}
