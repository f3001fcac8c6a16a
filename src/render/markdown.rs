//! Markdown to HTML: cross-references become relative links, numbered paragraphs (`5.7.2 ...`)
//! and headings get stable anchors, plain-text mentions (standards, policy codes, appendices,
//! glossary terms, web addresses) link themselves, and raw HTML is sanitised. How a text is
//! read (its anchors, headings, mentions) is `crate::markdown`'s; this module only writes.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::markdown::mentions::{self, Kind};
use crate::markdown::{escape_html, events, leading_number, leading_text, plan_anchors, slug};
use crate::routes::Route;
use crate::xref::{Context, Index};

/// What the renderer needs to know about the page a text appears on.
pub struct Opts<'a> {
    pub index: &'a Index<'a>,
    pub ctx: Context<'a>,
    /// The page's address relative to the site root (`standards/c/e/1.1.html`).
    pub page: &'a str,
    /// The way from the page back to the site root (`../../../`).
    pub root: &'a str,
    pub allow_html: bool,
    /// Glossary terms already marked up on this page: only a term's first use is.
    pub used_terms: &'a RefCell<HashSet<String>>,
    /// Make no links (the text goes inside a link the template makes: links do not nest).
    pub no_links: bool,
    /// Give numbered paragraphs and headings their anchors (`id`s). Off for a standard's
    /// headline, whose list items are numbered "1.", "2." by their publisher: the print page
    /// holds every standard, and their anchors would repeat.
    pub anchors: bool,
}

/// Renders Markdown as block HTML.
pub fn block(text: &str, o: &Opts) -> String {
    let (events, sanitise) = transform(text, o);
    finish(events, sanitise, o)
}

/// Renders Markdown for use inside a line (a list item, a heading): without the `<p>`.
pub fn inline(text: &str, o: &Opts) -> String {
    let (mut events, sanitise) = transform(text, o);
    let paragraphs = events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Paragraph)))
        .count();
    if paragraphs == 1
        && matches!(events.first(), Some(Event::Start(Tag::Paragraph)))
        && matches!(events.last(), Some(Event::End(TagEnd::Paragraph)))
    {
        events.pop();
        events.remove(0);
    }
    finish(events, sanitise, o)
}

/// Whether a parser event makes the HTML need the sanitiser: raw HTML, or a link or image
/// whose address is not a web, mail, telephone, file, relative or cross-reference one.
/// Everything else policybook writes itself, escaped, so the (costly) sanitiser is skipped.
fn unsafe_event(e: &Event) -> bool {
    let safe = |dest: &str| match dest.split_once(':').map(|(s, _)| s.to_ascii_lowercase()) {
        None => true,
        Some(s) if s.contains(['/', '?', '#']) => true,
        Some(s) => [
            "http", "https", "mailto", "tel", "file", "std", "policy", "term", "ref", "guidance",
        ]
        .contains(&s.as_str()),
    };
    match e {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            !safe(dest_url)
        }
        _ => false,
    }
}

fn finish(events: Vec<Event>, sanitise: bool, o: &Opts) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if o.allow_html || !sanitise {
        html
    } else {
        sanitiser().clean(&html).to_string()
    }
}

fn sanitiser() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "title"])
            .link_rel(None)
            .add_tag_attributes("a", ["rel"])
            .add_tag_attributes("div", ["role", "tabindex", "aria-label"]);
        b
    })
}

/// Rewrites the parser's events into the page's HTML events; also says whether the result
/// needs the sanitiser.
fn transform<'t>(text: &'t str, o: &Opts) -> (Vec<Event<'t>>, bool) {
    let events: Vec<Event<'t>> = events(text);
    let sanitise = events.iter().any(unsafe_event);
    let (ids, headings) = if o.anchors {
        plan_anchors(&events)
    } else {
        Default::default()
    };
    let id_at: HashMap<usize, &str> = ids.iter().map(|(i, id)| (*i, id.as_str())).collect();
    // "Appendix 2" in the text leads to the heading of the same text that names Appendix 2.
    let appendices: HashMap<String, &str> = headings
        .iter()
        .filter_map(|h| {
            let t = leading_number(&h.text, false)
                .map_or(h.text.as_str(), |n| h.text[n.len()..].trim_start());
            let rest = t
                .strip_prefix("Appendix ")
                .or_else(|| t.strip_prefix("APPENDIX "))?;
            let key: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            (!key.is_empty()).then_some((key, h.id.as_str()))
        })
        .collect();
    let level_of: HashMap<&str, usize> =
        headings.iter().map(|h| (h.id.as_str(), h.level)).collect();
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut footnote_no = |label: &str| {
        let n = footnotes.len() + 1;
        *footnotes.entry(label.to_string()).or_insert(n)
    };

    let mut out = Vec::with_capacity(events.len());
    let mut no_mentions = 0usize; // inside a link, heading or code block
    let mut open_heading: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let ev = &events[i];
        match ev {
            // A wide table scrolls inside its own box on a narrow screen; the box takes the
            // keyboard focus, so that it can be scrolled without a mouse (WCAG 2.1.1).
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(
                    "<div class=\"nhsuk-table-container table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">".into(),
                ));
                out.push(ev.clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(ev.clone());
                out.push(Event::Html("</div>".into()));
            }
            Event::Start(Tag::Paragraph | Tag::Item) if id_at.contains_key(&i) => {
                let tag = if matches!(ev, Event::Start(Tag::Paragraph)) {
                    "p"
                } else {
                    "li"
                };
                let id = escape_html(id_at[&i]);
                let (t, n) = leading_text(&events, i + 1);
                // The number as written, with a trailing dot if it has one (`1.`, written `1\.`).
                let written = t
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(t.len());
                out.push(Event::Html(
                    format!("<{tag} id=\"{id}\" class=\"numbered\"><a class=\"para-num\" href=\"#{id}\">{}</a>", escape_html(&t[..written])).into(),
                ));
                text_events(
                    CowStr::from(t[written..].to_string()),
                    o,
                    &appendices,
                    &mut out,
                );
                i += 1 + n;
                continue;
            }
            Event::Start(Tag::Heading { .. }) => {
                let id = id_at.get(&i).copied().unwrap_or("section");
                let n = level_of.get(id).copied().unwrap_or(2);
                open_heading.push(n);
                no_mentions += 1;
                out.push(Event::Html(
                    format!("<h{n} id=\"{}\">", escape_html(id)).into(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                let n = open_heading.pop().unwrap_or(2);
                no_mentions = no_mentions.saturating_sub(1);
                out.push(Event::Html(format!("</h{n}>\n").into()));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                no_mentions += 1;
                out.push(ev.clone());
            }
            Event::End(TagEnd::CodeBlock) => {
                no_mentions = no_mentions.saturating_sub(1);
                out.push(ev.clone());
            }
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) if o.no_links => {}
            Event::Text(t) if o.no_links => out.push(Event::Text(t.clone())),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                no_mentions += 1;
                let (start, target_title) = link_start(dest_url, title, o);
                out.push(start);
                // An empty link text (`[](std:1.1)`) takes the target's title.
                if matches!(events.get(i + 1), Some(Event::End(TagEnd::Link))) {
                    out.extend(target_title.map(|t| Event::Text(t.into())));
                }
            }
            Event::End(TagEnd::Link) => {
                no_mentions = no_mentions.saturating_sub(1);
                out.push(Event::Html("</a>".into()));
            }
            Event::Text(t) if no_mentions == 0 => text_events(t.clone(), o, &appendices, &mut out),
            Event::FootnoteReference(label) => {
                let n = footnote_no(label);
                let l = escape_html(&slug(label));
                out.push(Event::Html(
                    format!("<sup class=\"footnote-ref\" id=\"fnref-{l}\"><a href=\"#fn-{l}\">{n}</a></sup>").into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = footnote_no(label);
                let l = escape_html(&slug(label));
                out.push(Event::Html(
                    format!("<div class=\"footnote\" id=\"fn-{l}\"><span class=\"footnote-label\"><a href=\"#fnref-{l}\">{n}</a></span>").into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>\n".into())),
            e => out.push(e.clone()),
        }
        i += 1;
    }
    (out, sanitise)
}

/// A run of text with its mentions linked: standards, policy codes, this text's appendices,
/// the first use of each glossary term on the page, and bare web addresses.
fn text_events<'t>(
    text: CowStr<'t>,
    o: &Opts,
    appendices: &HashMap<String, &str>,
    out: &mut Vec<Event<'t>>,
) {
    let is_term = |w: &str| o.index.term(w).is_some();
    let found = mentions::scan(&text, &is_term);
    if found.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    let mut pos = 0;
    for m in found {
        let words = &text[m.range.clone()];
        let link = match m.kind {
            Kind::Url => Some(format!(
                "<a class=\"external\" href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
                escape_html(&m.key)
            )),
            Kind::Standard => match o.index.resolve(&format!("std:{}", m.key), &o.ctx) {
                Some(Ok(t)) if t.path != o.page => Some(format!(
                    "<a class=\"xref xref-std\" href=\"{}{}\">{}</a>",
                    o.root,
                    escape_html(&t.path),
                    escape_html(words)
                )),
                _ => None,
            },
            Kind::Code => o.index.policy_by_code(&m.key).filter(|p| Route::policy(p).path() != o.page).map(|p| {
                format!(
                    "<a class=\"xref xref-policy\" href=\"{}{}\" title=\"{}\">{}</a>",
                    o.root,
                    escape_html(&Route::policy(p).path()),
                    escape_html(&p.meta.title),
                    escape_html(words)
                )
            }),
            Kind::Appendix => appendices
                .get(&m.key)
                .map(|id| format!("<a class=\"xref\" href=\"#{}\">{}</a>", escape_html(id), escape_html(words))),
            Kind::Term => o.index.term(&m.key).and_then(|t| {
                let first = o.page != Route::Glossary.path() && o.used_terms.borrow_mut().insert(t.term.clone());
                first.then(|| {
                    format!(
                        "<a class=\"xref xref-term\" href=\"{}{}#{}\"><abbr title=\"{}\">{}</abbr></a>",
                        o.root,
                        Route::Glossary.path(),
                        escape_html(&t.anchor()),
                        escape_html(&t.expansion),
                        escape_html(words)
                    )
                })
            }),
        };
        if let Some(html) = link {
            if m.range.start > pos {
                out.push(Event::Text(text[pos..m.range.start].to_string().into()));
            }
            out.push(Event::Html(html.into()));
            pos = m.range.end;
        }
    }
    if pos < text.len() {
        out.push(Event::Text(text[pos..].to_string().into()));
    }
}

/// The opening `<a>` of a link: cross-references resolved to relative addresses, external links
/// marked and opened without handing over the page (`rel="noopener noreferrer"`). Also returns
/// the target's title for a cross-reference.
fn link_start<'t>(dest: &str, title: &str, o: &Opts) -> (Event<'t>, Option<String>) {
    let title_attr = |t: &str| {
        if t.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape_html(t))
        }
    };
    let html = |s: String| Event::Html(s.into());
    match o.index.resolve(dest, &o.ctx) {
        Some(Ok(t)) => {
            if dest.starts_with("term:") {
                o.used_terms.borrow_mut().insert(t.title.clone());
            }
            // On the same page an anchor alone; the page itself by its file name.
            let href = match (&t.fragment, t.path == o.page) {
                (Some(f), true) => format!("#{f}"),
                (None, true) => t.path.rsplit('/').next().unwrap_or_default().to_string(),
                (Some(f), false) => format!("{}{}#{f}", o.root, t.path),
                (None, false) => format!("{}{}", o.root, t.path),
            };
            let hover = t.hover.as_deref().unwrap_or(title);
            // A relative link to a page or attachment of the site (`backup.md`) is `xref-page`.
            let class = if crate::xref::is_relative(dest) {
                "page"
            } else {
                dest.split(':').next().unwrap_or_default()
            };
            let a = format!(
                "<a class=\"xref xref-{class}\" href=\"{}\"{}>",
                escape_html(&href),
                title_attr(hover)
            );
            (html(a), Some(t.title))
        }
        // Unresolved references stop the build before rendering; render them harmlessly.
        Some(Err(_)) => (html("<a class=\"xref-broken\">".into()), None),
        None if dest.starts_with("http://") || dest.starts_with("https://") => {
            let a = format!(
                "<a class=\"external\" href=\"{}\" rel=\"noopener noreferrer\"{}>",
                escape_html(dest),
                title_attr(title)
            );
            (html(a), None)
        }
        None => (
            html(format!(
                "<a href=\"{}\"{}>",
                escape_html(dest),
                title_attr(title)
            )),
            None,
        ),
    }
}
