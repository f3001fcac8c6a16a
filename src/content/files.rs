//! Files and folders of the content: listing a folder (hidden files left out, spaces in names
//! refused), the names shown in diagnostics, the error for a file no rule places, the
//! addresses content may link to, and Markdown files with YAML front matter.

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

/// Addresses in content become `href`s as written, so only web, mail, telephone and file-share
/// addresses, and relative ones, are let through: never `javascript:` or `data:`.
pub(super) fn check_url(source: &Source, url: &str) -> Result<(), Diagnostic> {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    let relative = match &scheme {
        None => true,
        // "a/b:c" has no scheme: a scheme is letters, digits, `+`, `-`, `.` before the colon.
        Some(s) => s.contains(['/', '?', '#']) || s.is_empty(),
    };
    let allowed = ["http", "https", "mailto", "tel", "file"];
    if relative || scheme.as_deref().is_some_and(|s| allowed.contains(&s)) {
        return Ok(());
    }
    let at = source.text.find(url).unwrap_or(0);
    Err(Diagnostic::error(format!("address \"{url}\" is not allowed"))
        .at(source, at..at + url.len())
        .label("use an http(s), mailto, tel or file address, or a relative one")
        .note("addresses become links as written; other schemes (javascript:, data:) could run code"))
}
