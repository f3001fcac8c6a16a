//! Markdown to HTML: cross-references become relative links, numbered paragraphs (`5.7.2 ...`)
//! and headings get stable anchors, plain-text mentions (standards, policy codes, appendices,
//! glossary terms, web addresses) link themselves, and raw HTML is sanitised.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::mentions::{self, Kind, Mention};
use crate::content::slug;
use crate::xref::{Context, Index};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Whether `text` is one line of plain words that Markdown leaves as it is: a paragraph of one
/// text and nothing else. Most fields of a standard (a criterion, a guidance item) are; they
/// skip the parser, which for texts this short costs more in setting up than in parsing.
fn is_plain_line(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_alphabetic)
        && text.len() == text.trim_end().len()
        && !text.contains(|c: char| {
            matches!(
                c,
                '\n' | '\r'
                    | '['
                    | ']'
                    | '<'
                    | '>'
                    | '`'
                    | '*'
                    | '_'
                    | '\\'
                    | '&'
                    | '|'
                    | '~'
                    | '!'
            )
        })
}

/// The events of a Markdown text, as pulldown-cmark makes them.
fn events(text: &str) -> Vec<Event<'_>> {
    if is_plain_line(text) {
        return vec![
            Event::Start(Tag::Paragraph),
            Event::Text(CowStr::Borrowed(text)),
            Event::End(TagEnd::Paragraph),
        ];
    }
    Parser::new_ext(text, options()).collect()
}

/// A heading of a Markdown text, for a page's contents list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 2 for `##`; a text with a `#` heading is shifted down one level, as the page has the `<h1>`.
    pub level: usize,
    pub id: String,
    pub text: String,
}

/// The anchors (ids) the rendered text will have: numbered paragraphs, headings, footnotes.
pub fn anchors(text: &str) -> Vec<String> {
    let events: Vec<Event> = events(text);
    let (mut ids, _) = plan_anchors(&events);
    ids.sort_by_key(|(i, _)| *i);
    ids.into_iter().map(|(_, id)| id).collect()
}

/// The headings of a Markdown text, in order.
pub fn headings(text: &str) -> Vec<Heading> {
    let events: Vec<Event> = events(text);
    plan_anchors(&events).1
}

/// A stretch of a text that starts at an anchor: the anchor and its plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `None` for the text before the first anchor.
    pub anchor: Option<String>,
    /// The heading's text, or `§5.7` for a numbered paragraph.
    pub label: String,
    pub text: String,
}

/// The text cut at its anchors (numbered paragraphs, headings), as plain text: for search.
pub fn sections(text: &str) -> Vec<Section> {
    let events: Vec<Event> = events(text);
    let (ids, headings) = plan_anchors(&events);
    let starts: HashMap<usize, &str> = ids.iter().map(|(i, id)| (*i, id.as_str())).collect();
    let mut out = vec![Section {
        anchor: None,
        label: String::new(),
        text: String::new(),
    }];
    for (i, e) in events.iter().enumerate() {
        if let Some(id) = starts.get(&i) {
            let label = match headings.iter().find(|h| h.id == *id) {
                Some(h) => h.text.clone(),
                None => format!("§{id}"),
            };
            out.push(Section {
                anchor: Some(id.to_string()),
                label,
                text: String::new(),
            });
        }
        let Some(last) = out.last_mut() else { continue };
        let cur = &mut last.text;
        match e {
            Event::Text(t) | Event::Code(t) => cur.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !cur.ends_with(' ') && !cur.is_empty() =>
            {
                cur.push(' ');
            }
            _ => {}
        }
    }
    for s in &mut out {
        s.text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out.retain(|s| !s.text.is_empty());
    out
}

/// Plain text of a Markdown text.
pub fn plain(text: &str) -> String {
    sections(text)
        .into_iter()
        .map(|s| s.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The links of a Markdown text (each destination, with the byte range of its link or image)
/// and its plain-text mentions (outside links, code and headings), from one reading of it.
pub type LinksAndMentions = (Vec<(String, Range<usize>)>, Vec<Mention>);

pub fn links_and_mentions(text: &str, is_term: &dyn Fn(&str) -> bool) -> LinksAndMentions {
    if is_plain_line(text) {
        return (Vec::new(), mentions::scan(text, is_term));
    }
    let mut links = Vec::new();
    let mut found = Vec::new();
    let mut skip = 0usize;
    for (e, r) in Parser::new_ext(text, options()).into_offset_iter() {
        match e {
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((dest_url.to_string(), r));
                skip += 1;
            }
            Event::Start(Tag::Image { dest_url, .. }) => links.push((dest_url.to_string(), r)),
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_)) => skip += 1,
            Event::End(TagEnd::Link | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(t) if skip == 0 => found.extend(mentions::scan(&t, is_term)),
            _ => {}
        }
    }
    (links, found)
}

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
            .add_tag_attributes("a", ["rel"]);
        b
    })
}

/// The number a numbered paragraph or heading starts with: `5.7.2 Text` -> `5.7.2`. Paragraphs
/// need a dotted number (`5.7`, or `5.` as written `5\.` so that Markdown keeps it from becoming
/// a list); headings may have a plain one (`5 Roles`).
fn leading_number(s: &str, dotted: bool) -> Option<&str> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let num = s[..end].trim_end_matches('.');
    let rest = &s[end..];
    let ok_parts = !num.is_empty() && num.split('.').all(|p| !p.is_empty());
    let followed = rest.is_empty() || rest.starts_with(char::is_whitespace);
    let has_dot = num.contains('.') || s[..end].ends_with('.');
    (ok_parts && followed && (!dotted || has_dot)).then_some(num)
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Gives every numbered paragraph or list item, heading and footnote its anchor: (index of its
/// Start event, id), unique within the text; and lists the headings.
fn plan_anchors(events: &[Event]) -> (Vec<(usize, String)>, Vec<Heading>) {
    let shift = usize::from(events.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    }));
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut unique = |id: String| -> String {
        let n = used.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            id
        } else {
            format!("{id}-{}", *n - 1)
        }
    };
    let mut ids = Vec::new();
    let mut headings = Vec::new();
    for (i, ev) in events.iter().enumerate() {
        match ev {
            Event::Start(Tag::Paragraph | Tag::Item) => {
                let (t, _) = leading_text(events, i + 1);
                if let Some(num) = leading_number(&t, true) {
                    ids.push((i, unique(num.to_string())));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let mut title = String::new();
                for e in events[i + 1..]
                    .iter()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                {
                    if let Event::Text(t) | Event::Code(t) = e {
                        title.push_str(t);
                    }
                }
                let base = leading_number(&title, false)
                    .map(str::to_string)
                    .unwrap_or_else(|| slug(&title));
                let id = unique(if base.is_empty() {
                    "section".into()
                } else {
                    base
                });
                headings.push(Heading {
                    level: (*level as usize + shift).min(6),
                    id: id.clone(),
                    text: title,
                });
                ids.push((i, id));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                ids.push((i, format!("fn-{}", slug(label))));
            }
            _ => {}
        }
    }
    (ids, headings)
}

/// The text of the consecutive `Text` events from `i` (the parser splits text at escapes), and
/// how many events that is.
fn leading_text(events: &[Event], i: usize) -> (String, usize) {
    let mut text = String::new();
    let mut n = 0;
    while let Some(Event::Text(t)) = events.get(i + n) {
        text.push_str(t);
        n += 1;
    }
    (text, n)
}

/// Rewrites the parser's events into the page's HTML events; also says whether the result
/// needs the sanitiser.
fn transform<'t>(text: &'t str, o: &Opts) -> (Vec<Event<'t>>, bool) {
    let events: Vec<Event<'t>> = events(text);
    let sanitise = events.iter().any(unsafe_event);
    let (ids, headings) = plan_anchors(&events);
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
            Kind::Code => o.index.policy_by_code(&m.key).filter(|p| format!("policies/{}.html", p.id) != o.page).map(|p| {
                format!(
                    "<a class=\"xref xref-policy\" href=\"{}policies/{}.html\" title=\"{}\">{}</a>",
                    o.root,
                    escape_html(&p.id),
                    escape_html(&p.meta.title),
                    escape_html(words)
                )
            }),
            Kind::Appendix => appendices
                .get(&m.key)
                .map(|id| format!("<a class=\"xref\" href=\"#{}\">{}</a>", escape_html(id), escape_html(words))),
            Kind::Term => o.index.term(&m.key).and_then(|t| {
                let first = o.page != "glossary.html" && o.used_terms.borrow_mut().insert(t.term.clone());
                first.then(|| {
                    format!(
                        "<a class=\"xref xref-term\" href=\"{}glossary.html#{}\"><abbr title=\"{}\">{}</abbr></a>",
                        o.root,
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
            let class = dest.split(':').next().unwrap_or_default();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_paragraphs_and_headings_get_anchors() {
        let md = "# 5 Roles\n\n5.7 The LSMS does this.\n\n5.7.2 And this.\n\nPlain.\n\n## Scope\n";
        assert_eq!(anchors(md), ["5", "5.7", "5.7.2", "scope"]);
    }

    #[test]
    fn leading_numbers_need_a_following_space() {
        assert_eq!(leading_number("5.7.2 Text", true), Some("5.7.2"));
        assert_eq!(leading_number("5. Text", true), Some("5"));
        assert_eq!(leading_number("5 Text", true), None);
        assert_eq!(leading_number("5 Roles", false), Some("5"));
        assert_eq!(leading_number("2017/18 text", true), None);
        assert_eq!(leading_number("1.1x", true), None);
    }

    proptest::proptest! {
        /// The shortcut for one-line plain texts makes the events pulldown-cmark makes.
        #[test]
        fn plain_lines_read_as_the_parser_reads_them(
            s in "[A-Za-z\u{e9}][A-Za-z0-9 .,;:'\"()/?=+#$%@^{}\u{2013}\u{e9}-]{0,40}"
        ) {
            if is_plain_line(&s) {
                let parsed: Vec<Event> = Parser::new_ext(&s, options()).collect();
                proptest::prop_assert_eq!(events(&s), parsed);
                let (links, _) = links_and_mentions(&s, &|_| false);
                proptest::prop_assert!(links.is_empty());
            }
        }
    }

    #[test]
    fn links_and_mentions_report_destinations_and_mentions() {
        let (l, m) = links_and_mentions(
            "see [a](std:3.3) and [b](https://x.org), standard 1.2 and ![i](x.png)",
            &|_| false,
        );
        assert_eq!(m.len(), 1, "the mention outside the links");
        assert_eq!(l.len(), 3);
        assert_eq!(l[2].0, "x.png");
        assert_eq!(l[0].0, "std:3.3");
        assert_eq!(
            &"see [a](std:3.3) and [b](https://x.org), standard 1.2 and ![i](x.png)"
                [l[0].1.clone()],
            "[a](std:3.3)"
        );
    }
}
