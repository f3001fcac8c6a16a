//! Just enough HTML reading for link checking: the `href`, `src`, `action` (a form's target) and
//! `id` attributes of a page,
//! with where each stands. Contents of `<script>`, `<style>` and comments are skipped.

use std::borrow::Cow;

/// An attribute that matters to links, its value entity-decoded, and the byte offset of the
/// value in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'h> {
    /// `href`, `src`, `action`, `id` or `name`.
    pub name: &'static str,
    pub value: Cow<'h, str>,
    pub offset: usize,
}

/// The attributes that link checking reads; the others are skipped unread.
const NAMES: [&str; 5] = ["href", "src", "action", "id", "name"];

/// Every `href`, `src`, `action`, `id` and `name` attribute of every tag of `html`, in order.
pub fn attributes(html: &str) -> Vec<Attr<'_>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = memchr(b'<', &b[i..]).map(|p| p + i) {
        if b[lt..].starts_with(b"<!--") {
            i = html[lt..].find("-->").map_or(html.len(), |p| lt + p + 3);
            continue;
        }
        // End tags, `<!DOCTYPE>` and processing instructions carry no links.
        if matches!(b.get(lt + 1), Some(b'/' | b'!' | b'?')) {
            i = memchr(b'>', &b[lt..]).map_or(html.len(), |p| lt + p + 1);
            continue;
        }
        let name_end = b[lt + 1..]
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
            .map_or(html.len(), |p| lt + 1 + p);
        let tag = &html[lt + 1..name_end];
        let mut j = name_end;
        // Attributes up to the closing `>`.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let n_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' {
                j += 1;
            }
            let name = NAMES
                .iter()
                .find(|n| n.eq_ignore_ascii_case(&html[n_start..j]))
                .copied();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let (v_start, v_end, next) = match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = memchr(q, &b[j + 1..]).map_or(html.len(), |p| j + 1 + p);
                        (j + 1, end, end + 1)
                    }
                    _ => {
                        let end = b[j..]
                            .iter()
                            .position(|&c| c.is_ascii_whitespace() || c == b'>')
                            .map_or(html.len(), |p| j + p);
                        (j, end, end)
                    }
                };
                if let Some(name) = name {
                    out.push(Attr {
                        name,
                        value: decode(&html[v_start..v_end]),
                        offset: v_start,
                    });
                }
                j = next;
            } else if let Some(name) = name {
                out.push(Attr {
                    name,
                    value: Cow::Borrowed(""),
                    offset: j,
                });
            }
        }
        i = (j + 1).min(html.len());
        for raw in ["script", "style"] {
            if tag.eq_ignore_ascii_case(raw) {
                i = find_close(b, i, raw).unwrap_or(html.len());
            }
        }
    }
    out
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

/// Where `</tag` (in any case) next starts at or after `from`.
fn find_close(b: &[u8], from: usize, tag: &str) -> Option<usize> {
    let mut i = from;
    while let Some(p) = memchr(b'<', &b[i..]).map(|p| p + i) {
        let rest = &b[p + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > tag.len()
            && rest[1..=tag.len()].eq_ignore_ascii_case(tag.as_bytes())
        {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

/// Decodes the character references of an attribute value.
fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_in_any_quoting_and_skips_scripts_and_comments() {
        let html = "<a href=\"a.html?x=1&amp;y=2#f\" id=top><img src='i.png'><!-- <a href=\"no\"> --><script>var s = '<a href=\"no2\">';</script><p id=\"5.7\" class=\"x\"><SCRIPT>'<a href=\"no3\">'</Script><A HREF=\"up.html\">";
        let attrs = attributes(html);
        let got: Vec<(&str, &str)> = attrs.iter().map(|a| (a.name, &*a.value)).collect();
        assert_eq!(
            got,
            [
                ("href", "a.html?x=1&y=2#f"),
                ("id", "top"),
                ("src", "i.png"),
                ("id", "5.7"),
                ("href", "up.html"),
            ]
        );
        let a = &attributes(html)[0];
        assert_eq!(&html[a.offset..a.offset + 6], "a.html");
    }
}
