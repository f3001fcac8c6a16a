//! Reading Markdown, below every other layer: a text's anchors, headings, sections, links and
//! plain-text mentions, and the slugs and HTML escaping they use. The loader, the resolver and
//! the renderer all read a text the same way through this module; writing the HTML is
//! `render::markdown`'s.

pub mod mentions;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use mentions::Mention;

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Whether `text` is one line of plain words that Markdown leaves as it is: a paragraph of one
/// text and nothing else. Most fields of a standard (a criterion, a guidance item) are; they
/// skip the parser, which for texts this short costs more in setting up than in parsing.
pub(crate) fn is_plain_line(text: &str) -> bool {
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
pub(crate) fn events(text: &str) -> Vec<Event<'_>> {
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

/// The links of a Markdown text (each destination, with the byte range of its link or image:
/// an image's starts with `!`), its plain-text mentions (outside links, code and headings),
/// and whether it holds raw HTML that may make or hide a link or an element id (whose links
/// and ids no one reads but the HTML checker), from one reading of it.
pub type LinksAndMentions = (Vec<(String, Range<usize>)>, Vec<Mention>, bool);

pub fn links_and_mentions(text: &str, is_term: &dyn Fn(&str) -> bool) -> LinksAndMentions {
    if is_plain_line(text) {
        return (Vec::new(), mentions::scan(text, is_term), false);
    }
    let mut links = Vec::new();
    let mut found = Vec::new();
    let mut html = false;
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
            Event::Html(h) | Event::InlineHtml(h) => html |= may_link(&h),
            _ => {}
        }
    }
    (links, found, html)
}

/// Whether a piece of raw HTML may make a link or an element id, or hide some (a comment):
/// `<a href>`, `<img src>`, `<a id>`, `<a name>`, `<form action>` may; `<em>`, `<br>` do not.
fn may_link(html: &str) -> bool {
    let html = html.to_ascii_lowercase();
    ["href", "src", "action", "id", "name", "<!--"]
        .iter()
        .any(|w| html.contains(w))
}

/// The number a numbered paragraph or heading starts with: `5.7.2 Text` -> `5.7.2`. Paragraphs
/// need a dotted number (`5.7`, or `5.` as written `5\.` so that Markdown keeps it from becoming
/// a list); headings may have a plain one (`5 Roles`).
pub(crate) fn leading_number(s: &str, dotted: bool) -> Option<&str> {
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

/// A lower-case, hyphenated form of a name, for anchors and file names.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Gives every numbered paragraph or list item, heading and footnote its anchor: (index of its
/// Start event, id), unique within the text; and lists the headings.
pub(crate) fn plan_anchors(events: &[Event]) -> (Vec<(usize, String)>, Vec<Heading>) {
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
pub(crate) fn leading_text(events: &[Event], i: usize) -> (String, usize) {
    let mut text = String::new();
    let mut n = 0;
    while let Some(Event::Text(t)) = events.get(i + n) {
        text.push_str(t);
        n += 1;
    }
    (text, n)
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
                let (links, _, html) = links_and_mentions(&s, &|_| false);
                proptest::prop_assert!(links.is_empty() && !html);
            }
        }
    }

    #[test]
    fn links_and_mentions_report_destinations_and_mentions() {
        let (l, m, html) = links_and_mentions(
            "see [a](std:3.3) and [b](https://x.org), standard 1.2 and ![i](x.png)",
            &|_| false,
        );
        assert!(!html);
        assert!(links_and_mentions("a <a id=\"x\">b</a>", &|_| false).2);
        assert!(links_and_mentions("<div id=\"a\">\nx\n</div>\n", &|_| false).2);
        assert!(!links_and_mentions("an <em>emphasis</em>", &|_| false).2);
        assert_eq!(m.len(), 1, "the mention outside the links");
        assert_eq!(l.len(), 3);
        assert_eq!(l[2].0, "x.png");
        assert!(
            "see [a](std:3.3) and [b](https://x.org), standard 1.2 and ![i](x.png)"[l[2].1.clone()]
                .starts_with('!'),
            "an image's range starts at its `!`"
        );
        assert_eq!(l[0].0, "std:3.3");
        assert_eq!(
            &"see [a](std:3.3) and [b](https://x.org), standard 1.2 and ![i](x.png)"
                [l[0].1.clone()],
            "[a](std:3.3)"
        );
    }

    #[test]
    fn slugs_are_lowercase_and_hyphenated() {
        assert_eq!(slug("Strategic Governance"), "strategic-governance");
        assert_eq!(slug("LSMS"), "lsms");
        assert_eq!(slug("A&E (emergency)"), "a-e-emergency");
    }
}
