//! Putting a staged site into a folder that holds other files (`--keep-other-files`), file by
//! file: each new or changed file is moved in (one rename each, so no reader ever sees half a
//! file), then the files of the previous build that the new one no longer has are removed, then
//! the folders the previous build made and that are now empty. A file no output record lists
//! is never touched.
//!
//! This cannot be one atomic step, as replacing a folder of policybook's own is; so the output
//! record is written first listing the files of both builds, and a build killed half way leaves
//! a record that still covers every file it wrote: the next build tidies up after it.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use super::io_error;
use super::record::{self, Record};
use crate::diagnostic::Diagnostic;

/// Paths of the new site that need a folder where `dest` holds a file policybook did not write
/// (`standards` a file, where `standards/x.html` is to go).
pub fn blocked_folders(dest: &Path, record: Option<&Record>, paths: &[String]) -> Vec<String> {
    let ours = |p: &str| record.is_some_and(|r| r.files.contains(p));
    let mut out = Vec::new();
    for folder in Record::folders_of(paths) {
        let m = std::fs::symlink_metadata(dest.join(&folder));
        if m.is_ok_and(|m| !m.is_dir()) && !ours(&folder) {
            out.push(folder);
        }
    }
    out
}

/// Moves the files staged in `staging` into `dest`: `paths` are every file of the new site,
/// `kept` those already in place with the same bytes.
pub fn finish(
    dest: &Path,
    staging: &Path,
    previous: Option<Record>,
    paths: BTreeSet<String>,
    kept: &HashSet<String>,
) -> Result<(), Diagnostic> {
    let previous = previous.unwrap_or_default();
    let needed = Record::folders_of(&paths);
    let made: BTreeSet<String> = needed
        .iter()
        .filter(|f| !dest.join(f).is_dir())
        .cloned()
        .collect();
    let folders: BTreeSet<String> = previous.folders.union(&made).cloned().collect();

    // 1. The record covers both builds before any file moves.
    let both: BTreeSet<String> = previous.files.union(&paths).cloned().collect();
    write_record(dest, staging, &Record::new(false, folders.clone(), both))?;

    // 2. New and changed files, moved in. A file of the previous build standing where a folder
    //    is now needed goes first.
    for folder in &made {
        let at = dest.join(folder);
        if previous.files.contains(folder) && at.is_file() {
            std::fs::remove_file(&at).map_err(|e| io_error("remove", &at, e))?;
        }
    }
    for path in paths.iter().filter(|p| !kept.contains(*p)) {
        let (from, to) = (staging.join(path), dest.join(path));
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        }
        std::fs::rename(&from, &to).map_err(|e| io_error("move into place", &to, e))?;
    }

    // 3. Files of the previous build that the new one does not have.
    for path in previous.files.difference(&paths) {
        let at = dest.join(path);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_file()) {
            std::fs::remove_file(&at).map_err(|e| io_error("remove", &at, e))?;
        }
    }
    // 4. Folders policybook made that are now empty, deepest first; a folder that holds a
    //    file of the user's stays (and stays in the record, to be tidied when it empties).
    for folder in folders.iter().rev().filter(|f| !needed.contains(*f)) {
        let _ = std::fs::remove_dir(dest.join(folder));
    }
    let folders = folders
        .into_iter()
        .filter(|f| dest.join(f).is_dir())
        .collect();
    write_record(dest, staging, &Record::new(false, folders, paths))
}

/// Writes the output record: into the staging folder, then renamed over the old one.
fn write_record(dest: &Path, staging: &Path, record: &Record) -> Result<(), Diagnostic> {
    let tmp = staging.join(record::FILE);
    std::fs::write(&tmp, record.to_bytes()).map_err(|e| io_error("write", &tmp, e))?;
    let to = dest.join(record::FILE);
    std::fs::rename(&tmp, &to).map_err(|e| io_error("write", &to, e))
}
