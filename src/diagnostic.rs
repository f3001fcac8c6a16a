//! Diagnostics in the rustc style: `error: message`, `--> file:line:column`, a source snippet.
//!
//! Every error a user can cause carries the file it came from and, where it is known, the byte
//! range inside that file, so that the message points at the exact place to fix.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One source file's text, shared by every diagnostic that points into it.
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// The path as shown to the user: relative to the site root where possible.
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// Byte offset of a 1-based line and column (in characters).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let mut start = 0;
        for _ in 1..line.max(1) {
            match self.text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return self.text.len(),
            }
        }
        let line_text = &self.text[start..];
        let line_end = line_text.find('\n').unwrap_or(line_text.len());
        line_text[..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start + line_end, |(i, _)| start + i)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where: a file, and a byte range in it where the place is known.
    pub source: Option<Source>,
    pub span: Option<Range<usize>>,
    /// Shown under the snippet, at the span.
    pub label: String,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            source: None,
            span: None,
            label: String::new(),
            notes: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Points the diagnostic at a whole file (no particular place in it).
    pub fn in_file(mut self, source: &Source) -> Self {
        self.source = Some(source.clone());
        self
    }

    /// Points the diagnostic at a byte range of a file.
    pub fn at(mut self, source: &Source, span: Range<usize>) -> Self {
        let len = source.text.len();
        let start = floor_char_boundary(&source.text, span.start.min(len));
        let end = floor_char_boundary(&source.text, span.end.clamp(start, len));
        self.source = Some(source.clone());
        self.span = Some(start..end);
        self
    }

    /// Points at a path that could not be read (no text to show).
    pub fn at_path(mut self, path: &Path) -> Self {
        self.source = Some(Source::new(path, ""));
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// `file:line:column` of the start of the span, 1-based.
    pub fn location(&self) -> Option<(PathBuf, usize, usize)> {
        let source = self.source.as_ref()?;
        let (line, column) = match &self.span {
            Some(span) => source.line_col(span.start),
            None => (1, 1),
        };
        Some((source.path.clone(), line, column))
    }

    /// Renders the diagnostic; `color` adds ANSI colours (for a terminal).
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path_display;
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        if let (Some(source), Some(span)) = (&self.source, &self.span) {
            path_display = source.path.display().to_string();
            let mut span = span.clone();
            if span.is_empty() {
                // Point at one character (or the end of the file) so the caret shows.
                let next = source.text[span.start..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                span.end = span.start + next;
            }
            group = group.element(
                Snippet::source(&*source.text)
                    .line_start(1)
                    .path(path_display.as_str())
                    .fold(true)
                    .annotation(
                        AnnotationKind::Primary
                            .span(span)
                            .label(self.label.as_str()),
                    ),
            );
        } else if let Some(source) = &self.source {
            path_display = source.path.display().to_string();
            group = group.element(annotate_snippets::Origin::path(path_display.as_str()));
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The errors and warnings of one command run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file and position so output is stable whatever order the work ran in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.source.as_ref().map(|s| s.path.clone()),
                    d.span.as_ref().map(|s| s.start),
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        self.items.dedup_by(|a, b| {
            a.message == b.message
                && a.span == b.span
                && a.source.as_ref().map(|s| &s.path) == b.source.as_ref().map(|s| &s.path)
        });
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// " (did you mean X?)" for the candidate closest to `name`, when one is close enough.
pub fn did_you_mean(name: &str, candidates: Vec<&str>) -> String {
    let best = candidates
        .into_iter()
        .map(|c| {
            (
                strsim::levenshtein(&name.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(1))
        .min();
    best.map(|(_, c)| format!(" (did you mean {c}?)"))
        .unwrap_or_default()
}

/// For "unknown field `rationnale`, expected one of `id`, `rationale`, ...": the closest key
/// (and likewise the closest value for "unknown variant `aproved`, expected one of ...").
pub fn suggest_key(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let s = Source::new("a.yaml", "ab\n‘x’ y\n");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(3), (2, 1));
        let y = s.text.find('y').unwrap();
        assert_eq!(s.line_col(y), (2, 5));
        assert_eq!(s.offset_of(2, 5), y);
    }

    #[test]
    fn render_shows_file_line_column_and_snippet() {
        let s = Source::new("policies/p.md", "title: x\nsee [a](std:3.16) now\n");
        let start = s.text.find("std:").unwrap();
        let d = Diagnostic::error("unknown standard \"3.16\" in cross-reference")
            .at(&s, start..start + 8)
            .label("no standard 3.16");
        let out = d.render(false);
        assert!(out.contains("--> policies/p.md:2:9"), "{out}");
        assert!(out.contains("see [a](std:3.16) now"), "{out}");
        assert!(out.contains("^^^^^^^^ no standard 3.16"), "{out}");
    }

    #[test]
    fn suggestions_pick_the_nearest_name() {
        assert_eq!(
            did_you_mean("LSNS", vec!["LSMS", "SMD"]),
            " (did you mean LSMS?)"
        );
        assert_eq!(did_you_mean("zzzzzz", vec!["LSMS"]), "");
    }
}
