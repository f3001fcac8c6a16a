//! `policybook diff` output: `human`, `json` (the shape in `docs/format.md`) and `markdown`.

use std::fmt::Write;

use serde::Serialize;

use super::declared::Finding;
use super::{EditionDiff, Kind};

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

pub fn render(diff: &EditionDiff, declared: Option<&[Finding]>, format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&Json { diff, declared }).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Human => human(diff, declared),
        Format::Markdown => markdown(diff, declared),
    }
}

fn ids(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(" + ")
    }
}

fn fields(c: &super::Change) -> String {
    match &c.fields {
        Some(f) if !f.is_empty() => f.join(", "),
        _ => String::new(),
    }
}

fn summary(diff: &EditionDiff) -> String {
    Kind::ALL
        .iter()
        .map(|k| (k, diff.count(*k)))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn human(diff: &EditionDiff, declared: Option<&[Finding]>) -> String {
    let mut out = format!("{} -> {}\n", diff.old, diff.new);
    for c in diff.changes.iter().filter(|c| c.kind != Kind::Unchanged) {
        let f = fields(c);
        let _ = writeln!(
            out,
            "  {:<10}  {:>12} -> {:<12}{}",
            c.kind.label(),
            ids(&c.old),
            ids(&c.new),
            if f.is_empty() {
                String::new()
            } else {
                format!("  ({f})")
            }
        );
    }
    let _ = writeln!(out, "{}", summary(diff));
    if let Some(findings) = declared {
        let bad: Vec<&Finding> = findings.iter().filter(|f| !f.agrees).collect();
        let _ = writeln!(
            out,
            "Declared changes: {} entries, {} to look at",
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
    out
}

fn markdown(diff: &EditionDiff, declared: Option<&[Finding]>) -> String {
    let mut out = format!(
        "## Changes from {} to {}\n\n{}\n\n",
        diff.old,
        diff.new,
        summary(diff)
    );
    out.push_str("| Change | Old | New | Fields |\n|---|---|---|---|\n");
    for c in diff.changes.iter().filter(|c| c.kind != Kind::Unchanged) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            c.kind.label(),
            ids(&c.old),
            ids(&c.new),
            fields(c)
        );
    }
    if let Some(findings) = declared {
        out.push_str("\n### Declared changes\n\n| Old | As published | Declared | Computed | Finding |\n|---|---|---|---|---|\n");
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
    }
    out
}
