//! Listing and reading the content folders, for every loader: a folder's entries (hidden
//! files left out, names with spaces refused), names and extensions, the error for a file no
//! rule places, and Markdown files with YAML front matter.

use std::path::{Path, PathBuf};

use super::source::read_source;
use super::yaml;
use crate::diagnostic::{Diagnostic, Diagnostics, Source};

/// Lists a folder's entries, sorted by name; `kind` says what is expected in it.
pub(super) fn list_dir(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in rd {
        match entry {
            Ok(e) => {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                // A file's name is its page's address and its id in cross-references.
                if name.contains(char::is_whitespace) {
                    diags.push(
                        Diagnostic::error(format!("file name \"{name}\" has a space"))
                            .at_path(&shown(root, &e.path()))
                            .note("a file's name is its page's address and its id in cross-references: use `-` instead of spaces"),
                    );
                    continue;
                }
                out.push(e.path());
            }
            Err(e) => diags.push(
                Diagnostic::error(format!("cannot read folder: {e}"))
                    .at_path(dir.strip_prefix(root).unwrap_or(dir)),
            ),
        }
    }
    out.sort();
    out
}

pub(super) fn shown(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

pub(super) fn file_stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) fn has_ext(p: &Path, exts: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.contains(&e))
}

pub(super) fn unexpected(root: &Path, p: &Path, expected: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "unexpected {} in content",
        if p.is_dir() { "folder" } else { "file" }
    ))
    .at_path(&shown(root, p))
    .note(format!(
        "expected {expected}; rename it to start with `.` to keep it out of the site"
    ))
}

pub(super) fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads a Markdown file with YAML front matter into its meta and the body's range.
pub(super) fn read_markdown<T: serde::de::DeserializeOwned>(
    root: &Path,
    path: &Path,
) -> Result<(T, Source, usize, std::ops::Range<usize>), Diagnostic> {
    let source = read_source(root, path)?;
    let Some((fm, body)) = yaml::split_front_matter(&source)? else {
        return Err(Diagnostic::error("missing front matter")
            .at(&source, 0..0)
            .note("start the file with a `---` line, the YAML front matter (at least `title:`), and another `---` line"));
    };
    let meta = yaml::parse::<T>(&source, fm.clone())?;
    Ok((meta, source, fm.start, body))
}

pub(super) fn markdown_files(
    root: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
    what: &str,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in list_dir(root, dir, diags) {
        if f.is_file() && has_ext(&f, &["md"]) {
            out.push(f);
        } else {
            diags.push(unexpected(root, &f, what));
        }
    }
    out
}
