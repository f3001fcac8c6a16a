//! Choosing the output folder safely: which folders are refused outright, and how a build goes
//! into a folder that exists already.
//!
//! - A source folder of the site (`content/`, `policies/`, `themes/`, a theme or data folder
//!   elsewhere), the site root or anything above it, the file system root and the home folder
//!   are refused: a build there would write pages among the sources, or replace them.
//! - A folder that does not exist yet is made by the build and is policybook's own: each build
//!   replaces it whole, atomically (as mdBook and Zola do with their output folder).
//! - A folder that exists and holds files no build of policybook wrote (no output record lists
//!   them: see `record`) is refused, unless the user opts in with `--keep-other-files` (or
//!   `[build] keep-other-files`). Then the build goes in beside those files, file by file, and
//!   leaves each of them as it was. This is how a site goes into an IIS or Apache folder that
//!   holds the server's own `web.config` or `.htaccess`.
//! - An empty folder that was there before is used in place too, so that the folder itself (its
//!   permissions, its sharing settings) stays the one the user made.

use std::path::{Component, Path, PathBuf};

use super::record::{self, Record};
use crate::diagnostic::Diagnostic;

/// How a build goes into its output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The folder is policybook's own (or does not exist yet): a new one replaces it whole.
    Replace,
    /// The folder holds other files, or was there before policybook: files are put in place
    /// one by one, and only files policybook wrote are replaced or removed.
    InPlace,
}

/// What a build will do with its output folder, decided before anything is written.
#[derive(Debug)]
pub struct Plan {
    pub mode: Mode,
    /// The output record of the previous build there, if any.
    pub previous: Option<Record>,
}

/// The prefix of the folder an in-place build stages its files in, inside the output folder.
pub const IN_PLACE_STAGING: &str = ".policybook-staging-";

/// Decides how to build into `dest`, or refuses: a file where the folder should be, or a folder
/// holding files policybook did not write when `keep_other_files` is off.
pub fn plan(dest: &Path, keep_other_files: bool) -> Result<Plan, Diagnostic> {
    let meta = match std::fs::symlink_metadata(dest) {
        Err(_) => {
            return Ok(Plan {
                mode: Mode::Replace,
                previous: None,
            });
        }
        Ok(m) => m,
    };
    if !meta.is_dir() && !std::fs::metadata(dest).is_ok_and(|m| m.is_dir()) {
        return Err(Diagnostic::error(format!(
            "cannot build into {}: it is a file, not a folder",
            dest.display()
        ))
        .note("name a folder for the site, such as `book`"));
    }
    let previous = Record::read(dest);
    let others = other_files(dest, previous.as_ref());
    let own = previous.as_ref().is_some_and(|r| r.own_folder);
    // A symbolic link stands for a folder the user set up: it is never replaced.
    let linked = meta.file_type().is_symlink();
    if others.is_empty() && (own && !linked) {
        return Ok(Plan {
            mode: Mode::Replace,
            previous,
        });
    }
    if !others.is_empty() && !keep_other_files {
        let shown: Vec<&str> = others.iter().take(5).map(String::as_str).collect();
        let more = match others.len() - shown.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let what = if previous.is_some() {
            "files that policybook did not write"
        } else {
            "files, and no policybook build was ever made there"
        };
        return Err(Diagnostic::error(format!(
            "refusing to build into {}: it holds {what} ({}{more})",
            dest.display(),
            shown.join(", ")
        ))
        .note(
            "a build would replace that folder whole; build into a new or empty folder instead, \
             or, to add the site beside those files and leave every one of them as it is, pass \
             --keep-other-files (or set `keep-other-files = true` under [build] in book.toml)",
        ));
    }
    Ok(Plan {
        mode: Mode::InPlace,
        previous,
    })
}

/// The files and folders under `dest` that the output record does not list, `/`-separated and
/// sorted; a folder no record lists is named once (ending in `/`), not walked.
fn other_files(dest: &Path, record: Option<&Record>) -> Vec<String> {
    let mut out = Vec::new();
    walk_others(dest, "", record, &mut out);
    out.sort();
    out
}

fn walk_others(dir: &Path, rel: &str, record: Option<&Record>, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if rel.is_empty() && (name == record::FILE || name.starts_with(IN_PLACE_STAGING)) {
            continue;
        }
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        match record {
            Some(r) if is_dir && r.folders.contains(&path) => {
                walk_others(&e.path(), &path, record, out)
            }
            Some(r) if !is_dir && r.files.contains(&path) => {}
            _ if is_dir => out.push(format!("{path}/")),
            _ => out.push(path),
        }
    }
}

/// Refuses an output folder that would write into the site's sources or replace them: the
/// site's own folder or one above it, a source folder (`sources`: `content/`, `policies/`,
/// `themes/`, a theme or data folder elsewhere) or a folder inside or above one, the file
/// system root, or the home folder.
pub fn check_dest(root: &Path, dest: &Path, sources: &[PathBuf]) -> Result<(), Diagnostic> {
    let (root_abs, dest_abs) = (absolute(root), absolute(dest));
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
        .map(|h| absolute(&h));
    let shown = |s: &Path| -> String {
        let a = absolute(s);
        match a.strip_prefix(&root_abs) {
            Ok(rel) => format!("{}/", rel.to_string_lossy().replace('\\', "/")),
            Err(_) => a.display().to_string(),
        }
    };
    let reason = if dest_abs.parent().is_none() {
        Some("it is the root of the file system".to_string())
    } else if Some(&dest_abs) == home.as_ref() {
        Some("it is your home folder".to_string())
    } else if root_abs.starts_with(&dest_abs) {
        Some("it is the site's own folder, or a folder that holds it".to_string())
    } else {
        sources.iter().find_map(|s| {
            let s_abs = absolute(s);
            if dest_abs.starts_with(&s_abs) {
                Some(format!(
                    "it is in the site's source folder {}, among the files the site is built from",
                    shown(s)
                ))
            } else if s_abs.starts_with(&dest_abs) {
                Some(format!("it holds the site's source folder {}", shown(s)))
            } else {
                None
            }
        })
    };
    match reason {
        Some(r) => Err(Diagnostic::error(format!(
            "refusing to build into {}: {r}",
            dest.display()
        ))
        .note("name a folder of its own for the site, such as `book`, outside the source folders")),
        None => Ok(()),
    }
}

/// `p` made absolute: `..` taken away first, as written; then the longest part of the path that
/// exists resolved (symbolic links followed), with the rest after it.
pub fn absolute(p: &Path) -> PathBuf {
    let mut lexical = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    for c in p.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            c => lexical.push(c),
        }
    }
    let mut existing = lexical;
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(n), Some(parent)) => {
                rest.push(n);
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => break,
        }
    }
    let mut out = dunce(existing.canonicalize().unwrap_or(existing));
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    out
}

/// Windows' `canonicalize` gives `\\?\C:\...`; comparisons with paths written the usual way
/// need the plain form.
fn dunce(p: PathBuf) -> PathBuf {
    #[cfg(windows)]
    {
        let s = p.to_string_lossy();
        if let Some(rest) = s.strip_prefix(r"\\?\")
            && !rest.starts_with("UNC\\")
        {
            return PathBuf::from(rest);
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_site_its_sources_and_what_holds_them() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let theme = tmp.path().join("shared-theme");
        for d in ["content", "policies/it", "themes"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::create_dir_all(&theme).unwrap();
        let sources = [
            root.join("content"),
            root.join("policies"),
            root.join("themes"),
            theme.clone(),
        ];
        let refused = |d: &Path| check_dest(&root, d, &sources).is_err();
        assert!(refused(&root));
        assert!(refused(tmp.path()));
        assert!(refused(Path::new("/")));
        assert!(refused(&root.join("book/..")));
        assert!(refused(&root.join("policies")));
        assert!(refused(&root.join("policies/it")));
        assert!(refused(&root.join("content/out")));
        assert!(refused(&root.join("themes")));
        assert!(refused(&theme.join("book")));
        assert!(!refused(&root.join("book")));
        assert!(!refused(&tmp.path().join("elsewhere/new")));
        let message = check_dest(&root, &root.join("policies"), &sources)
            .unwrap_err()
            .render(false);
        assert!(message.contains("source folder policies/"), "{message}");
    }

    #[test]
    fn a_folder_with_other_files_is_refused_unless_asked_and_named_in_the_error() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("intranet");
        std::fs::create_dir_all(dest.join("minutes")).unwrap();
        std::fs::write(dest.join("web.config"), "<configuration/>").unwrap();
        std::fs::write(dest.join("minutes/board.docx"), "x").unwrap();
        let e = plan(&dest, false).unwrap_err().render(false);
        assert!(e.contains("web.config") && e.contains("minutes/"), "{e}");
        assert!(e.contains("--keep-other-files"), "{e}");
        assert_eq!(plan(&dest, true).unwrap().mode, Mode::InPlace);
    }

    #[test]
    fn modes_follow_the_record() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("book");
        assert_eq!(plan(&dest, false).unwrap().mode, Mode::Replace);
        std::fs::create_dir_all(&dest).unwrap();
        assert_eq!(
            plan(&dest, false).unwrap().mode,
            Mode::InPlace,
            "an empty folder made by the user is used in place"
        );
        let files = std::collections::BTreeSet::from(["a/x.html".to_string()]);
        let own = Record::new(true, Record::folders_of(&files), files);
        std::fs::create_dir_all(dest.join("a")).unwrap();
        std::fs::write(dest.join("a/x.html"), "x").unwrap();
        std::fs::write(dest.join(record::FILE), own.to_bytes()).unwrap();
        assert_eq!(plan(&dest, false).unwrap().mode, Mode::Replace);
        std::fs::write(dest.join("a/mine.txt"), "mine").unwrap();
        let e = plan(&dest, false).unwrap_err().render(false);
        assert!(
            e.contains("a/mine.txt") && e.contains("did not write"),
            "{e}"
        );
        assert_eq!(plan(&dest, true).unwrap().mode, Mode::InPlace);
        std::fs::write(dest.join("file"), "x").unwrap();
        assert!(plan(&dest.join("file"), true).is_err());
    }
}
