//! Reading YAML (and YAML front matter) with serde-saphyr, turning its errors into diagnostics
//! that point into the right file, even when the YAML is only a part of it (front matter).

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Options, Spanned};

use crate::diagnostic::{Diagnostic, Source};

/// Parses `source.text[range]` as YAML into `T`.
pub fn parse<T: DeserializeOwned>(source: &Source, range: Range<usize>) -> Result<T, Diagnostic> {
    parse_with(source, range, false)
}

/// Parses a publisher's YAML file that reuses a few anchors many times (the WebCAF transcription
/// of the CAF: 171 aliases of 9 anchors), which the parser's alias-to-anchor ratio check takes
/// for an expansion attack; its absolute limits on aliases, events and nodes still hold.
pub fn parse_aliased<T: DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    parse_with(source, 0..source.text.len(), true)
}

fn parse_with<T: DeserializeOwned>(
    source: &Source,
    range: Range<usize>,
    many_aliases: bool,
) -> Result<T, Diagnostic> {
    let text = &source.text[range.clone()];
    let mut options = Options::default();
    options.with_snippet = false;
    if many_aliases {
        let mut budget = serde_saphyr::Budget::default();
        budget.enforce_alias_anchor_ratio = false;
        options.budget = Some(budget);
    }
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let raw = clean_message(&e.without_snippet().to_string());
        let at = e
            .location()
            .filter(|loc| loc.line() > 0)
            .map(|loc| range.start + offset_in(text, loc));
        let plain = plain_words(&raw, source, &range, at);
        let mut d = Diagnostic::error(plain.message.clone());
        if let Some(s) = crate::diagnostic::suggest_key(&raw) {
            d = d.note(s);
        }
        if let Some(n) = plain.note {
            d = d.note(n);
        }
        match plain.at.or(at) {
            Some(at) => d
                .at(source, at..at)
                .label(plain.label.unwrap_or_else(|| short_label(&raw))),
            None => d.in_file(source),
        }
    })
}

/// A YAML parser's message in the words of someone who keeps policies: what is wrong, where,
/// and what to do. (No "mapping", "scalar" or "block collection".)
struct Plain {
    message: String,
    label: Option<String>,
    note: Option<String>,
    /// Where to point instead of the parser's location.
    at: Option<usize>,
}

fn plain_words(raw: &str, source: &Source, range: &Range<usize>, at: Option<usize>) -> Plain {
    let keep = Plain {
        message: raw.to_string(),
        label: None,
        note: None,
        at: None,
    };
    let lower = raw.to_ascii_lowercase();
    if let Some(key) = raw.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key).trim();
        // The first time the key is written, at the same indentation, before this one.
        let text = &source.text[range.clone()];
        let upto = at.map_or(text.len(), |a| {
            a.saturating_sub(range.start).min(text.len())
        });
        let indent = at.map_or(0, |a| source.line_col(a).1 - 1);
        let first = text[..upto]
            .match_indices(&format!("{key}:"))
            .find(|(i, _)| {
                let line_start = text[..*i].rfind('\n').map_or(0, |n| n + 1);
                let lead = &text[line_start..*i];
                lead.len() == indent && lead.bytes().all(|b| b == b' ')
            });
        let note = first.map(|(i, _)| {
            let (line, _) = source.line_col(range.start + i);
            format!("`{key}` is already written on line {line}: keep one of the two")
        });
        return Plain {
            message: format!("`{key}` is written twice"),
            label: Some("written again here".into()),
            note: note.or_else(|| Some("keep one of the two".into())),
            at: None,
        };
    }
    if lower.contains("tab") && (lower.contains("indent") || lower.contains("disallowed")) {
        return Plain {
            message: "indentation: a tab is used to indent this line".into(),
            label: Some("tab".into()),
            note: Some(
                "indent with spaces only (two per level); many editors can turn tabs into spaces"
                    .into(),
            ),
            at: None,
        };
    }
    if lower.contains("did not find expected")
        || lower.contains("bad indentation")
        || lower.contains("mapping values are not allowed")
        || lower.contains("invalid indentation")
    {
        return Plain {
            message: "indentation: this line does not line up with the lines above it".into(),
            label: Some("not lined up".into()),
            note: Some("the keys of one item start in the same column, and each `- ` of a list too; a value holding `: ` needs quotes".into()),
            at: None,
        };
    }
    if let Some((value, rest)) = raw
        .strip_prefix("unknown variant `")
        .and_then(|r| r.split_once('`'))
    {
        let list = rest.split_once("expected one of ").map_or("", |(_, l)| l);
        return Plain {
            message: format!(
                "\"{value}\" is not one of the values this key takes: {}",
                list.replace('`', "")
            ),
            label: Some("unknown value".into()),
            note: None,
            at: None,
        };
    }
    if let Some(field) = raw
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        // The parser points after the keys it read: for the front matter as a whole, its end.
        // There the reader looks for the start; a key missing in a nested item stays where the
        // parser points.
        let text = source.text[range.clone()].trim_end();
        let last_line = range.start + text.rfind('\n').map_or(0, |n| n + 1);
        // Only for front matter: in a YAML file of its own, a nested item may end the file.
        let whole = range.start > 0 && at.is_none_or(|a| a >= last_line);
        return Plain {
            message: format!("`{field}` is missing"),
            label: Some(if whole {
                format!("add `{field}:` to the keys that start here")
            } else {
                format!("add `{field}:` here")
            }),
            note: None,
            at: whole.then_some(range.start),
        };
    }
    keep
}

/// The byte offset in `source` (inside `base`) where a spanned value starts.
/// A quoted scalar's location is its opening quote; the value starts after it.
pub fn offset_of<T>(source: &Source, base: usize, spanned: &Spanned<T>) -> usize {
    let at = base + offset_in(&source.text[base..], spanned.referenced);
    match source.text.as_bytes().get(at) {
        Some(b'"' | b'\'') => at + 1,
        _ => at,
    }
}

fn offset_in(text: &str, loc: Location) -> usize {
    if let Some(b) = loc.span().byte_offset() {
        return (b as usize).min(text.len());
    }
    Source::new("", text).offset_of(loc.line() as usize, loc.column() as usize)
}

/// serde-saphyr puts "at line L, column C" into its messages; the diagnostic shows that already.
fn clean_message(message: &str) -> String {
    let mut m = message.trim().to_string();
    if let Some(i) = m.find(" at line ") {
        m.truncate(i);
    }
    let m = m.trim_end_matches(':');
    // The parser's words for a wrong type, in the words of the content format.
    match m {
        "expected sequence start" => {
            "invalid type: expected a list (`- item` lines or `[a, b]`)".into()
        }
        "expected string scalar" => "invalid type: expected a text".into(),
        "expected mapping start" => "invalid type: expected a map (`key: value` lines)".into(),
        _ => m.to_string(),
    }
}

fn short_label(message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    if lower.contains("unknown field") {
        "unknown key".into()
    } else if lower.contains("missing field") {
        "required key missing here".into()
    } else if lower.contains("duplicate") {
        "duplicate key".into()
    } else if lower.contains("invalid type") {
        "wrong type".into()
    } else {
        String::new()
    }
}

/// The byte ranges of a Markdown file's front matter and body.
pub type FrontMatterSplit = (Range<usize>, Range<usize>);

/// Splits Markdown with YAML front matter (`---` ... `---`) into the front matter's byte range
/// and the body's byte range. `Ok(None)` when the file has no front matter.
pub fn split_front_matter(source: &Source) -> Result<Option<FrontMatterSplit>, Diagnostic> {
    let text = &*source.text;
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok(None);
    }
    let fm_start = first_line_end;
    let mut pos = fm_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Some((fm_start..pos, end..text.len())));
        }
        pos = end;
    }
    Err(Diagnostic::error("unterminated front matter")
        .at(source, 0..3)
        .label("front matter opened here is never closed")
        .note("end the front matter with a line holding only `---`"))
}
