//! `policybook diff` output: `human` (for a policy owner at a terminal), `json` (for programs:
//! the shape in `docs/format.md`) and `markdown` (for a board paper or a pull request). The
//! human and Markdown forms name each standard with its title and show the changed words.

use std::collections::HashMap;
use std::fmt::Write;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use super::declared::Finding;
use super::{Change, EditionDiff, Kind, Value, fields};
use crate::content::{Edition, Standard};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Markdown,
}

#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    diff: &'a EditionDiff,
    /// The new edition's declared changes checked against the diff, when it has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    declared: Option<&'a [Finding]>,
}

pub fn render(
    diff: &EditionDiff,
    old: &Edition,
    new: &Edition,
    declared: Option<&[Finding]>,
    format: Format,
) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&Json { diff, declared }).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Human => Text::new(old, new, false).render(diff, declared),
        Format::Markdown => Text::new(old, new, true).render(diff, declared),
    }
}

/// "150 amended, 85 withdrawn, ..." for the kinds present, in `Kind::ALL`'s order.
pub fn summary(diff: &EditionDiff) -> String {
    Kind::ALL
        .iter()
        .map(|k| (k, diff.count(*k)))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How the evidence for a lineage reads: "declared", "inferred from the text, 87% alike".
pub fn basis(c: &Change) -> Option<String> {
    if let Some(s) = c.inferred_from_text() {
        return Some(format!(
            "inferred from the text, {}% alike",
            (s * 100.0).round()
        ));
    }
    let moved = c.kind == Kind::Withdrawn || c.old != c.new;
    (c.declared && moved).then(|| "declared by the publisher".to_string())
}

/// The human and Markdown reports: one section per kind of change, each standard by its id and
/// title, with the words that changed.
struct Text<'e> {
    old: HashMap<&'e str, &'e Standard>,
    new: HashMap<&'e str, &'e Standard>,
    old_key: String,
    new_key: String,
    markdown: bool,
}

impl<'e> Text<'e> {
    fn new(old: &'e Edition, new: &'e Edition, markdown: bool) -> Text<'e> {
        let by_id = |e: &'e Edition| e.standards.iter().map(|s| (s.id(), s)).collect();
        Text {
            old: by_id(old),
            new: by_id(new),
            old_key: old.key(),
            new_key: new.key(),
            markdown,
        }
    }

    /// "AC-2 Account Management", from whichever edition has it.
    fn name(&self, id: &str, old: bool) -> String {
        let s = if old {
            self.old.get(id)
        } else {
            self.new.get(id)
        };
        let label = s.map_or_else(|| id.to_string(), |s| s.label());
        if self.markdown {
            format!("**{}**", md_escape(&label))
        } else {
            label
        }
    }

    fn names(&self, ids: &[String], old: bool) -> String {
        ids.iter()
            .map(|id| self.name(id, old))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    fn render(&self, diff: &EditionDiff, declared: Option<&[Finding]>) -> String {
        let mut out = String::new();
        let total = self.new.len();
        if self.markdown {
            let _ = writeln!(
                out,
                "## Changes from {} to {}\n",
                self.old_key, self.new_key
            );
            let _ = writeln!(
                out,
                "{total} standards in {}: {}.\n",
                self.new_key,
                summary(diff)
            );
        } else {
            let _ = writeln!(out, "{} -> {}", self.old_key, self.new_key);
            let _ = writeln!(
                out,
                "{total} standards in {}: {}.",
                self.new_key,
                summary(diff)
            );
        }
        for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Unchanged) {
            let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.kind == kind).collect();
            if changes.is_empty() {
                continue;
            }
            let title = format!("{} ({})", capitalised(kind.label()), changes.len());
            if self.markdown {
                let _ = writeln!(out, "### {title}\n");
            } else {
                let _ = writeln!(out, "\n{title}");
            }
            for c in changes {
                self.change(&mut out, c, &diff.compared);
            }
            if self.markdown {
                out.push('\n');
            }
        }
        if let Some(findings) = declared {
            self.findings(&mut out, findings);
        }
        out
    }

    fn change(&self, out: &mut String, c: &Change, compared: &[&str]) {
        let (bullet, indent) = if self.markdown {
            ("- ", "  - ")
        } else {
            ("  ", "      ")
        };
        let line = match c.kind {
            Kind::Added => self.names(&c.new, false),
            Kind::Removed => self.names(&c.old, true),
            Kind::Amended | Kind::Unchanged => self.names(&c.new, false),
            Kind::Withdrawn => {
                let into = c.into.as_deref().unwrap_or_default();
                if into.is_empty() {
                    format!(
                        "{}: withdrawn, no successor found",
                        self.names(&c.old, true)
                    )
                } else {
                    format!(
                        "{} -> into {}",
                        self.names(&c.old, true),
                        self.names(into, false)
                    )
                }
            }
            _ => format!(
                "{} -> {}",
                self.names(&c.old, true),
                self.names(&c.new, false)
            ),
        };
        let basis = basis(c).map(|b| format!(" ({b})")).unwrap_or_default();
        let _ = writeln!(out, "{bullet}{line}{basis}");
        // The words that changed, field by field, between the first standard of each side.
        if let (Some(o), Some(n)) = (
            c.old.first().and_then(|id| self.old.get(id.as_str())),
            c.new.first().and_then(|id| self.new.get(id.as_str())),
        ) {
            for (key, a, b) in changed_texts(o, n, compared) {
                let words = word_diff(&a, &b, self.markdown);
                let key = if self.markdown {
                    format!("*{key}*")
                } else {
                    key.to_string()
                };
                let _ = writeln!(out, "{indent}{key}: {words}");
            }
        }
    }

    fn findings(&self, out: &mut String, findings: &[Finding]) {
        let bad: Vec<&Finding> = findings.iter().filter(|f| !f.agrees).collect();
        if self.markdown {
            out.push_str("### The publisher's list of changes\n\n| Old | As published | Declared | Computed | Finding |\n|---|---|---|---|---|\n");
            for f in findings {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    f.id,
                    f.text.replace('|', "\\|"),
                    f.declared,
                    f.computed.as_deref().unwrap_or("-"),
                    if f.agrees {
                        "agrees"
                    } else {
                        f.problem.as_deref().unwrap_or("disagrees")
                    }
                );
            }
        } else {
            let _ = writeln!(
                out,
                "\nThe publisher's list of changes: {} entries, {} to look at",
                findings.len(),
                bad.len()
            );
            for f in bad {
                let _ = writeln!(
                    out,
                    "  {}: \"{}\": {}",
                    f.id,
                    f.text,
                    f.problem.as_deref().unwrap_or_default()
                );
            }
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn md_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('|', "\\|")
}

/// The fields of two standards whose text differs, as (key, old, new) with lists joined.
fn changed_texts(
    o: &Standard,
    n: &Standard,
    compared: &[&str],
) -> Vec<(&'static str, String, String)> {
    let flat = |v: Value| match v {
        Value::Text(t) => t,
        Value::List(l) => l.join(" · "),
    };
    fields(o)
        .into_iter()
        .zip(fields(n))
        .filter(|((k, a), (_, b))| a != b && compared.contains(k))
        .map(|((k, a), (_, b))| (k, flat(a), flat(b)))
        .collect()
}

/// Words around a change kept on each side; longer equal runs are cut to "…".
const CONTEXT_WORDS: usize = 6;

/// The changed words of `old` to `new`: `[-deleted-]{+inserted+}` (as `wdiff` writes them), or
/// `~~deleted~~ **inserted**` in Markdown, with long unchanged runs shortened.
fn word_diff(old: &str, new: &str, markdown: bool) -> String {
    let diff = TextDiff::configure().diff_unicode_words(old, new);
    // Runs of one tag each; changes separated only by white space make one deletion and one
    // insertion ("[-a c-]{+b d+}", not "[-a-]{+b+} [-c-]{+d+}").
    let changes: Vec<(ChangeTag, &str)> = diff
        .iter_all_changes()
        .map(|c| (c.tag(), c.value()))
        .collect();
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    let mut k = 0;
    while k < changes.len() {
        let (tag, value) = changes[k];
        if tag == ChangeTag::Equal {
            match runs.last_mut() {
                Some((ChangeTag::Equal, s)) => s.push_str(value),
                _ => runs.push((tag, value.to_string())),
            }
            k += 1;
            continue;
        }
        // A block of changes, with the blanks between them.
        let (mut del, mut ins) = (String::new(), String::new());
        while k < changes.len() {
            let (t, v) = changes[k];
            let blank_between = t == ChangeTag::Equal
                && v.trim().is_empty()
                && changes.get(k + 1).is_some_and(|n| n.0 != ChangeTag::Equal);
            match t {
                ChangeTag::Delete => del.push_str(v),
                ChangeTag::Insert => ins.push_str(v),
                ChangeTag::Equal if blank_between => {
                    del.push_str(v);
                    ins.push_str(v);
                }
                ChangeTag::Equal => break,
            }
            k += 1;
        }
        if !del.trim().is_empty() {
            runs.push((ChangeTag::Delete, del));
        }
        if !ins.trim().is_empty() {
            runs.push((ChangeTag::Insert, ins));
        }
    }
    let n = runs.len();
    let mut out = String::new();
    for (k, (tag, text)) in runs.iter().enumerate() {
        match tag {
            ChangeTag::Equal => out.push_str(&shorten(text, k > 0, k + 1 < n)),
            ChangeTag::Delete => {
                let t = text.trim();
                if markdown {
                    let _ = write!(out, "~~{}~~", md_escape(t));
                } else {
                    let _ = write!(out, "[-{t}-]");
                }
                let insert_next = runs.get(k + 1).is_some_and(|r| r.0 == ChangeTag::Insert);
                if text.ends_with(char::is_whitespace) || (markdown && insert_next) {
                    out.push(' ');
                }
            }
            ChangeTag::Insert => {
                let t = text.trim();
                if markdown {
                    let _ = write!(out, "**{}**", md_escape(t));
                } else {
                    let _ = write!(out, "{{+{t}+}}");
                }
                if text.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An unchanged run, cut to its last words before a change (`after`) and its first words
/// after one (`before`), with "…" where words were left out.
fn shorten(text: &str, after: bool, before: bool) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let keep = |n: usize| n.min(words.len());
    let head = if after { keep(CONTEXT_WORDS) } else { 0 };
    let tail = if before { keep(CONTEXT_WORDS) } else { 0 };
    if head + tail >= words.len() {
        return format!(" {} ", words.join(" "));
    }
    let mut parts = Vec::new();
    if head > 0 {
        parts.push(words[..head].join(" "));
    }
    parts.push("…".to_string());
    if tail > 0 {
        parts.push(words[words.len() - tail..].join(" "));
    }
    format!(" {} ", parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diffs_show_the_changed_words_with_a_little_context() {
        let old = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        let new = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen sixteen";
        assert_eq!(
            word_diff(old, new, false),
            "… nine ten eleven twelve thirteen fourteen [-fifteen-]{+sixteen+}"
        );
        assert_eq!(
            word_diff("review yearly", "review every two years", true),
            "review ~~yearly~~ **every two years**"
        );
        assert_eq!(word_diff("a b", "a c", false), "a [-b-]{+c+}");
    }
}
