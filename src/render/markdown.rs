//! Markdown to HTML: cross-references become relative links, numbered paragraphs (`5.7.2 ...`)
//! and headings get stable anchors, bare URLs become links, and raw HTML is sanitised.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::slug;
use crate::xref::{Context, Index};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Every link destination of a Markdown text with the byte range of its link.
pub fn links(text: &str) -> Vec<(String, Range<usize>)> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter_map(|(e, r)| match e {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => Some((dest_url.to_string(), r)),
            _ => None,
        })
        .collect()
}

/// The anchors (ids) the rendered text will have: numbered paragraphs and headings.
pub fn anchors(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    transform(text, None, &mut out);
    out
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
}

/// Renders Markdown as block HTML.
pub fn block(text: &str, o: &Opts) -> String {
    let mut ids = Vec::new();
    let events = transform(text, Some(o), &mut ids);
    finish(events, o)
}

/// Renders Markdown for use inside a line (a list item, a heading): without the `<p>`.
pub fn inline(text: &str, o: &Opts) -> String {
    let mut ids = Vec::new();
    let mut events = transform(text, Some(o), &mut ids);
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
    finish(events, o)
}

fn finish(events: Vec<Event>, o: &Opts) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if o.allow_html {
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
/// need a dotted number (`5.7`); headings may have a plain one (`5 Roles`).
fn leading_number(s: &str, dotted: bool) -> Option<&str> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let num = s[..end].trim_end_matches('.');
    let rest = &s[end..];
    let ok_parts = !num.is_empty() && num.split('.').all(|p| !p.is_empty());
    let followed = rest.is_empty() || rest.starts_with(char::is_whitespace);
    (ok_parts && followed && (!dotted || num.contains('.'))).then_some(num)
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

/// Rewrites the parser's events; `ids` receives every anchor given out, in order.
fn transform<'t>(text: &'t str, o: Option<&Opts>, ids: &mut Vec<String>) -> Vec<Event<'t>> {
    let events: Vec<Event<'t>> = Parser::new_ext(text, options()).collect();
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
    let mut unique = |id: String, ids: &mut Vec<String>| -> String {
        let n = used.entry(id.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 {
            id
        } else {
            format!("{id}-{}", *n - 1)
        };
        ids.push(id.clone());
        id
    };
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut footnote_no = |label: &str| {
        let n = footnotes.len() + 1;
        *footnotes.entry(label.to_string()).or_insert(n)
    };

    let mut out = Vec::with_capacity(events.len());
    let mut in_link = 0usize;
    let mut i = 0;
    while i < events.len() {
        let ev = &events[i];
        match ev {
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Item) => {
                let tag = if matches!(ev, Event::Start(Tag::Paragraph)) {
                    "p"
                } else {
                    "li"
                };
                let number = match events.get(i + 1) {
                    Some(Event::Text(t)) => leading_number(t, true).map(str::to_string),
                    _ => None,
                };
                match number {
                    Some(num) => {
                        let id = unique(num.clone(), ids);
                        out.push(Event::Html(
                            format!(
                                "<{tag} id=\"{}\" class=\"numbered\"><a class=\"para-num\" href=\"#{}\">{}</a>",
                                escape_html(&id),
                                escape_html(&id),
                                escape_html(&num)
                            )
                            .into(),
                        ));
                        if let Some(Event::Text(t)) = events.get(i + 1) {
                            let rest = t[num.len()..].to_string();
                            out.push(Event::Text(rest.into()));
                        }
                        // The closing tag: `</p>` / `</li>` as the parser's End events render.
                        i += 2;
                        continue;
                    }
                    None => out.push(ev.clone()),
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let mut title = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        title.push_str(t);
                    }
                    j += 1;
                }
                let id = leading_number(&title, false)
                    .map(str::to_string)
                    .unwrap_or_else(|| slug(&title));
                let id = unique(if id.is_empty() { "section".into() } else { id }, ids);
                let n = (*level as usize + shift).min(6);
                out.push(Event::Html(
                    format!("<h{n} id=\"{}\">", escape_html(&id)).into(),
                ));
            }
            Event::End(TagEnd::Heading(level)) => {
                let n = (*level as usize + shift).min(6);
                out.push(Event::Html(format!("</h{n}>\n").into()));
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                in_link += 1;
                let (start, target_title) = link_start(dest_url, title, o);
                out.push(start);
                // An empty link text (`[](std:1.1)`) takes the target's title.
                if matches!(events.get(i + 1), Some(Event::End(TagEnd::Link))) {
                    out.extend(target_title.map(|t| Event::Text(t.into())));
                }
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                out.push(Event::Html("</a>".into()));
            }
            Event::Text(t) if in_link == 0 => autolink(t, &mut out),
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
                ids.push(format!("fn-{l}"));
                out.push(Event::Html(
                    format!("<div class=\"footnote\" id=\"fn-{l}\"><span class=\"footnote-label\"><a href=\"#fnref-{l}\">{n}</a></span>").into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>\n".into())),
            e => out.push(e.clone()),
        }
        i += 1;
    }
    out
}

/// The opening `<a>` of a link: cross-references resolved to relative addresses, external links
/// marked and opened without handing over the page (`rel="noopener noreferrer"`). Also returns
/// the target's title for a cross-reference.
fn link_start<'t>(dest: &str, title: &str, o: Option<&Opts>) -> (Event<'t>, Option<String>) {
    let title_attr = |t: &str| {
        if t.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape_html(t))
        }
    };
    let html = |s: String| Event::Html(s.into());
    match o.and_then(|o| o.index.resolve(dest, &o.ctx).map(|r| (o, r))) {
        Some((o, Ok(t))) => {
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
        Some((_, Err(_))) => (html("<a class=\"xref-broken\">".into()), None),
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

/// Splits a text at bare `http(s)://` addresses and links them.
fn autolink<'t>(text: &CowStr<'t>, out: &mut Vec<Event<'t>>) {
    let mut rest: &str = text;
    if !rest.contains("http://") && !rest.contains("https://") {
        out.push(Event::Text(text.clone()));
        return;
    }
    while let Some(start) = [rest.find("http://"), rest.find("https://")]
        .into_iter()
        .flatten()
        .min()
    {
        let len = rest[start..]
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
            .unwrap_or(rest.len() - start);
        let mut url = &rest[start..start + len];
        url = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '’', '\'']);
        if url.ends_with(')') && !url.contains('(') {
            url = &url[..url.len() - 1];
        }
        if start > 0 {
            out.push(Event::Text(rest[..start].to_string().into()));
        }
        out.push(Event::Html(
            format!(
                "<a class=\"external\" href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
                escape_html(url)
            )
            .into(),
        ));
        rest = &rest[start + url.len()..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(rest.to_string().into()));
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
        assert_eq!(leading_number("5. Text", true), None);
        assert_eq!(leading_number("5 Roles", false), Some("5"));
        assert_eq!(leading_number("2017/18 text", true), None);
        assert_eq!(leading_number("1.1x", true), None);
    }

    #[test]
    fn links_reports_destinations() {
        let l = links("see [a](std:3.3) and [b](https://x.org)");
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].0, "std:3.3");
        assert_eq!(
            &"see [a](std:3.3) and [b](https://x.org)"[l[0].1.clone()],
            "[a](std:3.3)"
        );
    }
}
