//! The structure rules of `docs/architecture.md`, read from the code's own `use` lines:
//! - layers: data flows one way, and no module uses one of a higher layer ([`LAYERS`]);
//! - no cycles between files;
//! - no file of `src/` or `tests/` over 600 lines;
//! - every file of `src/` opens with a `//!` comment on what it owns.
//!
//! A file's dependencies are the modules its `use crate::...`, `use super::...` and
//! `use child::...` lines and inline `crate::...` paths name. A `mod.rs` (or `lib.rs`) that
//! re-exports a child's item (`pub use child::Item`) shows its face, not a dependency.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first; a module may use its own layer and the ones before it.
const LAYERS: &[&[&str]] = &[
    // Below everything: messages, timing, book.toml, the folder layout.
    &["diagnostic", "timing", "config", "identity", "layout"],
    // Reading Markdown.
    &["markdown"],
    // Load.
    &["content"],
    // The site's addresses.
    &["routes"],
    // Resolve.
    &["xref", "diff"],
    // Render.
    &["render"],
    // Write.
    &["output", "manifest"],
    // Check.
    &["check"],
    // The commands.
    &["cmd", "build", "serve", "scaffold"],
];

const MAX_LINES: usize = 600;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// A file's module path under `src/`: `src/xref/index.rs` -> `xref::index`,
/// `src/render/pages/mod.rs` -> `render::pages`, `src/lib.rs` -> ``.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts.join("::")
}

/// `a::{b, c::{d, e}}` -> `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let path: String = path.replace(" as ", "@").split_whitespace().collect();
    let Some(open) = path.find('{') else {
        return vec![path];
    };
    let prefix = &path[..open];
    let inner = &path[open + 1..path.rfind('}').unwrap()];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|s| !s.is_empty())
        .flat_map(|s| expand(&format!("{prefix}{s}")))
        .collect()
}

/// The `use` statements of a text (each as one string, without `use` and `;`), whether
/// each is `pub`, and the inline `crate::` paths of its other lines.
fn uses(text: &str) -> (Vec<(bool, String)>, Vec<String>) {
    let mut out = Vec::new();
    let mut inline = Vec::new();
    let mut cur: Option<(bool, String)> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("//") {
            continue;
        }
        if let Some((public, mut s)) = cur.take() {
            s.push_str(t);
            if s.ends_with(';') {
                out.push((public, s.trim_end_matches(';').to_string()));
            } else {
                cur = Some((public, s));
            }
            continue;
        }
        let stmt = t
            .strip_prefix("pub use ")
            .map(|s| (true, s))
            .or_else(|| t.strip_prefix("pub(crate) use ").map(|s| (true, s)))
            .or_else(|| t.strip_prefix("use ").map(|s| (false, s)));
        match stmt {
            Some((public, s)) if s.ends_with(';') => {
                out.push((public, s.trim_end_matches(';').to_string()))
            }
            Some((public, s)) => cur = Some((public, s.to_string())),
            None => {
                let mut rest = t;
                while let Some(i) = rest.find("crate::") {
                    let after = &rest[i..];
                    let end = after
                        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                        .unwrap_or(after.len());
                    inline.push(after[..end].trim_end_matches(':').to_string());
                    rest = &after[end..];
                }
            }
        }
    }
    (out, inline)
}

/// The file module a path names: the longest prefix of it that is a module.
fn target(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|m| modules.contains(m))
}

struct Graph {
    /// file module -> (module it uses, the `use` as written).
    edges: BTreeMap<String, BTreeSet<(String, String)>>,
}

fn graph() -> Graph {
    let src = root().join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for f in &files {
        let me = module_of(&src, f);
        let is_parent = f.ends_with("mod.rs") || f.ends_with("lib.rs");
        let text = std::fs::read_to_string(f).unwrap();
        // Tests may reach anywhere.
        let text = text.split("#[cfg(test)]").next().unwrap();
        let (stmts, inline) = uses(text);
        let mut paths: Vec<String> = Vec::new();
        for (public, s) in stmts {
            for p in expand(&s) {
                let p = p.split('@').next().unwrap().to_string();
                let abs = if let Some(r) = p.strip_prefix("crate::") {
                    r.to_string()
                } else if let Some(r) = p.strip_prefix("super::") {
                    let parent = me.rsplit_once("::").map_or("", |(a, _)| a);
                    if parent.is_empty() {
                        r.to_string()
                    } else {
                        format!("{parent}::{r}")
                    }
                } else if let Some(r) = p.strip_prefix("self::") {
                    if me.is_empty() {
                        r.to_string()
                    } else {
                        format!("{me}::{r}")
                    }
                } else {
                    // `use child::...` in a parent, else an outside crate.
                    let child = if me.is_empty() {
                        p.clone()
                    } else {
                        format!("{me}::{p}")
                    };
                    if target(&child, &modules).is_some_and(|t| t != me) {
                        child
                    } else {
                        continue;
                    }
                };
                if public && is_parent && abs.starts_with(&format!("{me}::")) {
                    continue; // a re-export of a child
                }
                if public && is_parent && me.is_empty() {
                    continue;
                }
                paths.push(abs);
            }
        }
        paths.extend(
            inline
                .iter()
                .map(|p| p.trim_start_matches("crate::").to_string()),
        );
        for p in paths {
            if let Some(t) = target(&p, &modules)
                && t != me
                && !t.is_empty()
            {
                edges.entry(me.clone()).or_default().insert((t, p));
            }
        }
    }
    Graph { edges }
}

fn layer(module: &str) -> Option<usize> {
    let top = module.split("::").next().unwrap();
    LAYERS.iter().position(|l| l.contains(&top))
}

#[test]
fn no_module_uses_a_higher_layer() {
    let g = graph();
    let mut back = Vec::new();
    for (from, tos) in &g.edges {
        if from.is_empty() {
            continue;
        }
        let lf = layer(from).unwrap_or_else(|| panic!("module {from} is in no layer of LAYERS"));
        for (to, path) in tos {
            let lt = layer(to).unwrap_or_else(|| panic!("module {to} is in no layer of LAYERS"));
            if lt > lf {
                back.push(format!("{from} uses {path} (a higher layer)"));
            }
        }
    }
    assert!(
        back.is_empty(),
        "imports back up the layers:\n{}",
        back.join("\n")
    );
}

#[test]
fn no_cycles_between_files() {
    let g = graph();
    // A cycle is an edge a -> b with a path back from b to a.
    fn reaches(g: &Graph, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_string()) {
            return false;
        }
        g.edges
            .get(from)
            .into_iter()
            .flatten()
            .any(|(n, _)| reaches(g, n, to, seen))
    }
    let mut cycles = Vec::new();
    for (from, tos) in &g.edges {
        for (to, path) in tos {
            if reaches(&g, to, from, &mut BTreeSet::new()) {
                cycles.push(format!("{from} uses {path}, which leads back to {from}"));
            }
        }
    }
    assert!(cycles.is_empty(), "cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_file_is_over_the_line_limit() {
    let mut files = Vec::new();
    rs_files(&root().join("src"), &mut files);
    rs_files(&root().join("tests"), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(f, n)| format!("{}: {n} lines", f.display()))
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn every_module_says_what_it_owns() {
    let mut files = Vec::new();
    rs_files(&root().join("src"), &mut files);
    let silent: Vec<String> = files
        .iter()
        .filter(|f| !std::fs::read_to_string(f).unwrap().starts_with("//!"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        silent.is_empty(),
        "no `//!` comment at the top:\n{}",
        silent.join("\n")
    );
}
