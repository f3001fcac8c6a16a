//! `policybook new DIR`: a small working site to start from, with one example of each kind of
//! content and cross-reference, every key explained in a comment beside it. The format is
//! documented in full in `docs/format.md`; `tests/scaffold.rs` checks that the two agree.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The files of the new site: each commented, so that a newcomer learns the format by reading
/// them (the full reference is `docs/format.md`).
const FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("scaffold/book.toml")),
    (".gitignore", "/book\n/.policybook\n"),
    (
        "content/standards/example/2025/edition.yaml",
        include_str!("scaffold/edition.yaml"),
    ),
    (
        "content/standards/example/2025/1.1.yaml",
        include_str!("scaffold/1.1.yaml"),
    ),
    (
        "content/standards/example/2025/3.1.yaml",
        include_str!("scaffold/3.1.yaml"),
    ),
    (
        "content/references.yaml",
        include_str!("scaffold/references.yaml"),
    ),
    (
        "content/glossary.yaml",
        include_str!("scaffold/glossary.yaml"),
    ),
    (
        "content/guidance/about-this-site.md",
        include_str!("scaffold/guidance.md"),
    ),
    (
        "content/principles/security-principles.yaml",
        include_str!("scaffold/principles.yaml"),
    ),
    (
        "policies/security-policy.md",
        include_str!("scaffold/security-policy.md"),
    ),
    (
        "policies/security-policy/1.0.md",
        include_str!("scaffold/security-policy-1.0.md"),
    ),
];

/// Writes the starter site into `dir`, which must not exist or be empty.
pub fn new_site(dir: &Path) -> Result<usize, Diagnostic> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(format!(
                "{} already exists and is not empty",
                dir.display()
            ))
            .note("name a new folder; policybook new never overwrites files"));
        }
    }
    for (path, text) in FILES {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        std::fs::write(&p, text)
            .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", p.display())))?;
    }
    Ok(FILES.len())
}
