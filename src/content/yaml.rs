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
        let message = clean_message(&e.without_snippet().to_string());
        let mut d = Diagnostic::error(message.clone());
        if let Some(s) = suggest_key(&message) {
            d = d.note(s);
        }
        match e.location() {
            Some(loc) if loc.line() > 0 => {
                let at = range.start + offset_in(text, loc);
                d.at(source, at..at).label(short_label(&message))
            }
            _ => d.in_file(source),
        }
    })
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

/// For "unknown field `rationnale`, expected one of `id`, `rationale`, ...": the closest key.
fn suggest_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let list = rest
        .split_once("expected one of ")
        .map(|(_, l)| l)
        .unwrap_or_default();
    let expected: Vec<&str> = list.split(", ").map(|k| k.trim_matches('`')).collect();
    let hint = crate::diagnostic::did_you_mean(field, expected);
    (!hint.is_empty()).then(|| {
        hint.trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_string()
    })
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
