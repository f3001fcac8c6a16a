//! Just enough HTML reading for link checking: the `href`, `src` and `id` attributes of a page,
//! with where each stands. Contents of `<script>`, `<style>` and comments are skipped.

/// An attribute value, entity-decoded, and the byte offset of the value in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub value: String,
    pub offset: usize,
}

/// Every attribute of every tag of `html`, in order.
pub fn attributes(html: &str) -> Vec<Attr> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(html.len(), |p| lt + p + 3);
            continue;
        }
        // End tags, `<!DOCTYPE>` and processing instructions carry no links.
        if matches!(b.get(lt + 1), Some(b'/' | b'!' | b'?')) {
            i = html[lt..].find('>').map_or(html.len(), |p| lt + p + 1);
            continue;
        }
        let name_end = html[lt + 1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |p| lt + 1 + p);
        let tag = html[lt + 1..name_end].to_ascii_lowercase();
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
            let name = html[n_start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let (v_start, v_end, next) = match b.get(j) {
                    Some(q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(*q as char)
                            .map_or(html.len(), |p| j + 1 + p);
                        (j + 1, end, end + 1)
                    }
                    _ => {
                        let end = html[j..]
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .map_or(html.len(), |p| j + p);
                        (j, end, end)
                    }
                };
                out.push(Attr {
                    name,
                    value: decode(&html[v_start..v_end]),
                    offset: v_start,
                });
                j = next;
            } else if !name.is_empty() {
                out.push(Attr {
                    name,
                    value: String::new(),
                    offset: j,
                });
            }
        }
        i = (j + 1).min(html.len());
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |p| i + p);
        }
    }
    out
}

/// Decodes the character references of an attribute value.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_in_any_quoting_and_skips_scripts_and_comments() {
        let html = "<a href=\"a.html?x=1&amp;y=2#f\" id=top><img src='i.png'><!-- <a href=\"no\"> --><script>var s = '<a href=\"no2\">';</script><p id=\"5.7\">";
        let got: Vec<(String, String)> = attributes(html)
            .into_iter()
            .map(|a| (a.name, a.value))
            .collect();
        assert_eq!(
            got,
            [
                ("href".into(), "a.html?x=1&y=2#f".into()),
                ("id".into(), "top".into()),
                ("src".into(), "i.png".into()),
                ("id".into(), "5.7".into()),
            ]
        );
        let a = &attributes(html)[0];
        assert_eq!(&html[a.offset..a.offset + 6], "a.html");
    }
}
