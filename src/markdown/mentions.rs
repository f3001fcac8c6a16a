//! Plain-text mentions that link themselves: "standard 1.2", "standards 3.1-3.3", policy codes
//! such as "POL/002/015", "Appendix 2", glossary terms ("LSMS"), and bare `http(s)://` addresses.
//!
//! [`scan`] only finds them; whether a mention leads anywhere (and where) is decided by the
//! caller against the site's index, so an unknown "standard 9.9" in prose stays prose.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A standard id after the word "standard(s)".
    Standard,
    /// A document code: `POL/002/015`.
    Code,
    /// A word that is a glossary term.
    Term,
    /// "Appendix 2": the number or letter.
    Appendix,
    /// A bare web address.
    Url,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub kind: Kind,
    /// Where the linked words stand in the text.
    pub range: Range<usize>,
    /// The key: the standard id, the code, the term, the appendix number, the URL.
    pub key: String,
}

/// Finds the mentions in `text`, in order and without overlaps. `is_term` says whether a word
/// is a glossary term (matched case-sensitively, as whole words).
pub fn scan(text: &str, is_term: &dyn Fn(&str) -> bool) -> Vec<Mention> {
    let mut found = Vec::new();
    urls(text, &mut found);
    standards(text, &mut found);
    codes(text, &mut found);
    appendices(text, &mut found);
    words(text, is_term, &mut found);
    // Earlier mentions win; among mentions starting together, the longer one.
    found.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
    });
    let mut out: Vec<Mention> = Vec::with_capacity(found.len());
    for m in found {
        if out.last().is_none_or(|l| m.range.start >= l.range.end) {
            out.push(m);
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn boundary_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c))
}

/// A dotted id at the start of `s` (`3.10`, `1.2.3`): its length.
fn dotted_id(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut n = digits(0);
    if n == 0 {
        return None;
    }
    let mut parts = 1;
    while n + 1 < b.len() && b[n] == b'.' && b[n + 1].is_ascii_digit() {
        n += 1 + digits(n + 1);
        parts += 1;
    }
    if parts < 2 || b.get(n).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(n)
}

/// Where `word` (lower case ASCII) stands in `text` in any case, without overlaps.
fn find_ignore_case<'t>(text: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    let (b, w) = (text.as_bytes(), word.as_bytes());
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + w.len() <= b.len() {
            let at = i;
            i += 1;
            if b[at].eq_ignore_ascii_case(&w[0]) && b[at..at + w.len()].eq_ignore_ascii_case(w) {
                i = at + w.len();
                return Some(at);
            }
        }
        None
    })
}

fn standards(text: &str, out: &mut Vec<Mention>) {
    for i in find_ignore_case(text, "standard") {
        if !boundary_before(text, i) {
            continue;
        }
        let mut pos = i + "standard".len();
        if text[pos..].starts_with(['s', 'S']) {
            pos += 1;
        }
        let ws = text[pos..].len() - text[pos..].trim_start().len();
        if ws == 0 {
            continue;
        }
        pos += ws;
        let mut first = true;
        while let Some(len) = dotted_id(&text[pos..]) {
            out.push(Mention {
                kind: Kind::Standard,
                range: if first { i..pos + len } else { pos..pos + len },
                key: text[pos..pos + len].to_string(),
            });
            first = false;
            pos += len;
            // A list or range continues: "3.1-3.3", "3.1 to 3.3", "1.2, 1.3 and 1.4".
            let rest = &text[pos..];
            let trimmed = rest.trim_start();
            let sep = ["-", "–", ",", "and ", "to ", "&", "or "]
                .iter()
                .find(|s| trimmed.starts_with(**s));
            let Some(sep) = sep else { break };
            let after = &trimmed[sep.len()..];
            let next = pos + (rest.len() - after.len()) + (after.len() - after.trim_start().len());
            if dotted_id(&text[next..]).is_none() {
                break;
            }
            pos = next;
        }
    }
}

fn codes(text: &str, out: &mut Vec<Mention>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_uppercase() && boundary_before(text, i) {
            let letters = b[i..].iter().take_while(|c| c.is_ascii_uppercase()).count();
            let mut j = i + letters;
            let mut groups = 0;
            while j + 1 < b.len() && b[j] == b'/' && b[j + 1].is_ascii_digit() {
                j += 1 + b[j + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                groups += 1;
            }
            let ends_word = b.get(j).is_none_or(|c| !c.is_ascii_alphanumeric());
            if (2..=8).contains(&letters) && groups >= 2 && ends_word {
                out.push(Mention {
                    kind: Kind::Code,
                    range: i..j,
                    key: text[i..j].to_string(),
                });
                i = j;
                continue;
            }
        }
        i += 1;
    }
}

fn appendices(text: &str, out: &mut Vec<Mention>) {
    // "Appendix " or "appendix ": found by their common part, in one pass.
    let word = "Appendix ";
    for (p, _) in text.match_indices("ppendix ") {
        let Some(i) = p
            .checked_sub(1)
            .filter(|&i| matches!(text.as_bytes()[i], b'A' | b'a'))
        else {
            continue;
        };
        if !boundary_before(text, i) {
            continue;
        }
        let start = i + word.len();
        let rest = &text[start..];
        let n = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        let len = if n > 0 {
            n
        } else if rest.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && rest.chars().nth(1).is_none_or(|c| !is_word_char(c))
        {
            1
        } else {
            continue;
        };
        if rest[len..].chars().next().is_some_and(is_word_char) {
            continue;
        }
        out.push(Mention {
            kind: Kind::Appendix,
            range: i..start + len,
            key: rest[..len].to_string(),
        });
    }
}

fn words(text: &str, is_term: &dyn Fn(&str) -> bool, out: &mut Vec<Mention>) {
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word_char(c) || c == '&') {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let w = &text[s..i];
                if is_term(w) {
                    out.push(Mention {
                        kind: Kind::Term,
                        range: s..i,
                        key: w.to_string(),
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
}

/// The next `http://` or `https://` at or after `from`.
fn next_url(text: &str, mut from: usize) -> Option<usize> {
    while let Some(p) = text[from..].find("http") {
        let at = from + p;
        let rest = &text[at + 4..];
        if rest.starts_with("://") || rest.starts_with("s://") {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

fn urls(text: &str, out: &mut Vec<Mention>) {
    let mut from = 0;
    while let Some(start) = next_url(text, from) {
        let len = text[start..]
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
            .unwrap_or(text.len() - start);
        let mut url =
            text[start..start + len].trim_end_matches(['.', ',', ';', ':', '!', '?', '’', '\'']);
        if url.ends_with(')') && !url.contains('(') {
            url = &url[..url.len() - 1];
        }
        out.push(Mention {
            kind: Kind::Url,
            range: start..start + url.len(),
            key: url.to_string(),
        });
        from = start + url.len().max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(Kind, String, String)> {
        let is_term = |w: &str| ["LSMS", "NHS", "CCTV"].contains(&w);
        scan(text, &is_term)
            .into_iter()
            .map(|m| (m.kind, m.key, text[m.range].to_string()))
            .collect()
    }

    #[test]
    fn standards_singly_in_lists_and_ranges() {
        let k = keys("See standard 1.2. Also standards 3.1-3.3, and Standards 4.1, 4.2 and 4.4.");
        let std: Vec<(&str, &str)> = k
            .iter()
            .filter(|m| m.0 == Kind::Standard)
            .map(|m| (m.1.as_str(), m.2.as_str()))
            .collect();
        assert_eq!(
            std,
            [
                ("1.2", "standard 1.2"),
                ("3.1", "standards 3.1"),
                ("3.3", "3.3"),
                ("4.1", "Standards 4.1"),
                ("4.2", "4.2"),
                ("4.4", "4.4")
            ]
        );
    }

    #[test]
    fn not_standards() {
        assert!(
            keys("Standards for providers 2017-18 and the standard 2017/18 contract").is_empty()
        );
        assert!(keys("substandard 1.2").is_empty());
        assert_eq!(
            keys("STANDARD 2.3 and sTandards 2.4"),
            [
                (Kind::Standard, "2.3".into(), "STANDARD 2.3".into()),
                (Kind::Standard, "2.4".into(), "sTandards 2.4".into())
            ],
            "in any case"
        );
        assert!(
            keys("httpd://x.org and http:/x.org").is_empty(),
            "only http:// and https:// addresses"
        );
    }

    #[test]
    fn codes_appendices_terms_and_urls() {
        let k = keys(
            "See POL/002/015 (and/or CCTV) in Appendix 2, appendix B, the LSMS, http://x.org/a.",
        );
        let got: Vec<(Kind, &str)> = k.iter().map(|m| (m.0, m.2.as_str())).collect();
        assert_eq!(
            got,
            [
                (Kind::Code, "POL/002/015"),
                (Kind::Term, "CCTV"),
                (Kind::Appendix, "Appendix 2"),
                (Kind::Appendix, "appendix B"),
                (Kind::Term, "LSMS"),
                (Kind::Url, "http://x.org/a"),
            ]
        );
        assert!(
            keys("NHSX and lsms and Appendixes 2").is_empty(),
            "whole words, exact case"
        );
        assert!(
            keys("http://nhs.uk/LSMS").iter().all(|m| m.0 == Kind::Url),
            "no terms inside addresses"
        );
    }
}
