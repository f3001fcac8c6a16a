//! The build manifest: what the last build was made from and where it went, kept in the
//! site's state folder (`.policybook/build.json`, beside the link cache), not in the output,
//! so the output stays the same bytes for the same sources. `check --offline` reads it to tell
//! whether the output folder holds a build of exactly the current sources; when it does, it
//! checks the pages there instead of building them again in memory, which is what makes
//! `policybook build && policybook check` cost one build, not two.
//!
//! A build is summed up by fingerprints:
//! - of its inputs: `book.toml` and every file and folder under `content/`, `policies/` and
//!   `themes/` (and the theme's folder, wherever it is), by path, size, modification time and
//!   a hash of the bytes, taken *before* the build reads them (so an edit during a build makes
//!   the manifest disagree, never agree wrongly). The bytes count because an edit can keep
//!   both the size and the time (a fix of one letter, then `touch -r` or a tool that restores
//!   times, such as `rsync -t` or an unpacked archive); data files outside those folders
//!   (OpenControl catalogues) by a hash of their text;
//! - of the policybook executable, and the date review dates were judged against;
//! - of its output: every file of the output folder by path, size and modification time, as
//!   the build left it (so a folder changed or replaced since disagrees).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::content::Site;

/// Where the manifest is kept, relative to the site root.
pub const FILE: &str = ".policybook/build.json";

/// The folders whose files are inputs of every build, beside `book.toml`.
const INPUT_FOLDERS: [&str; 3] = crate::layout::SOURCE_FOLDERS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The policybook that made the build (version, and the executable's size and time).
    pub tool: String,
    /// Fingerprint of `book.toml` and the input folders, as the build began.
    pub inputs: String,
    /// Content files outside the input folders, with a hash of their text.
    pub data: Vec<(PathBuf, String)>,
    /// The date review dates were judged against.
    pub today: String,
    /// The output folder, absolute.
    pub dest: PathBuf,
    /// Fingerprint of the output folder as the build left it.
    pub output: String,
    /// Overdue reviews, as `check` reports them.
    pub reviews: Vec<Review>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub source: String,
    pub line: usize,
    pub column: usize,
    pub page: Option<String>,
    pub reason: String,
}

/// Which policybook this is: a different executable may render differently.
pub fn tool() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{} {}", m.len(), mtime_ns(&m)))
        .unwrap_or_default();
    format!("policybook {} {exe}", env!("CARGO_PKG_VERSION"))
}

fn mtime_ns(m: &std::fs::Metadata) -> u128 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The fingerprint of `book.toml` and every file and folder under the input folders: paths,
/// sizes, modification times and the hashes of the files' bytes, in a stable order.
pub fn fingerprint(root: &Path) -> String {
    use rayon::prelude::*;
    let mut entries: Vec<(Entry, PathBuf)> = Vec::new();
    let config = root.join(crate::config::CONFIG_FILE);
    if let Ok(m) = std::fs::metadata(&config) {
        entries.push((entry(crate::config::CONFIG_FILE.to_string(), &m), config));
    }
    for folder in INPUT_FOLDERS {
        walk(&root.join(folder), folder, &mut entries);
    }
    // A theme may be a folder anywhere, named by its path from the site root.
    if let Some(theme) = crate::render::Theme::outside_themes(root) {
        walk(&theme, &format!("theme:{}", theme.display()), &mut entries);
    }
    // Reading 10,000 source files again costs about 40 ms when the build has just read them
    // (they are in the page cache), in parallel.
    let hashed: Vec<(Entry, u64)> = entries
        .into_par_iter()
        .map(|(e, path)| {
            let bytes = (e.1 != u64::MAX).then(|| file_hash(&path));
            (e, bytes.unwrap_or(0))
        })
        .collect();
    let mut hashed = hashed;
    hashed.sort();
    let mut h = DefaultHasher::new();
    hashed.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// A fast hash of a file's bytes (rustc's FxHash: not for adversaries, who could as well edit
/// the manifest); a file that cannot be read hashes as its error.
fn file_hash(path: &Path) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    match std::fs::read(path) {
        Ok(bytes) => bytes.hash(&mut h),
        Err(e) => e.kind().hash(&mut h),
    }
    h.finish()
}

/// One file or folder: path, size (folders: none), modification time.
pub type Entry = (String, u64, u128);

pub fn entry(path: String, m: &std::fs::Metadata) -> Entry {
    let len = if m.is_dir() { u64::MAX } else { m.len() };
    (path, len, mtime_ns(m))
}

/// Every file and folder under `dir` (named `rel`), `dir` itself included, when it exists,
/// with its path on disk. Symbolic links are followed, as the build reads through them (a
/// loop is skipped).
fn walk(dir: &Path, rel: &str, out: &mut Vec<(Entry, PathBuf)>) {
    for e in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .flatten()
    {
        let Ok(m) = e.metadata() else {
            continue;
        };
        let mut name = rel.to_string();
        for part in e.path().strip_prefix(dir).unwrap_or(e.path()) {
            name.push('/');
            name.push_str(&part.to_string_lossy());
        }
        out.push((entry(name, &m), e.into_path()));
    }
}

/// The fingerprint of a list of entries, whatever their order.
pub fn hash_entries(mut entries: Vec<Entry>) -> String {
    entries.sort();
    let mut h = DefaultHasher::new();
    entries.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The fingerprint of the output folder `dest` (every file under it), and the files, by their
/// paths from `dest` (`/`-separated), in one walk.
pub fn output_files(dest: &Path) -> (String, Vec<String>) {
    let mut walked = Vec::new();
    walk(dest, "", &mut walked);
    let mut entries: Vec<Entry> = walked.into_iter().map(|(e, _)| e).collect();
    entries.retain(|(_, len, _)| *len != u64::MAX);
    entries.sort();
    let files = entries
        .iter()
        .map(|(path, _, _)| path.trim_start_matches('/').to_string())
        .collect();
    (hash_entries(entries), files)
}

/// Whether a content file's path (relative to the site root, or absolute) lies outside the
/// input folders, once `..` is taken away: an OpenControl catalogue is named relative to its
/// edition folder, as `content/standards/c/e/../../../../data/x.yaml`.
fn is_data(path: &Path) -> bool {
    use std::path::Component;
    let mut parts: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            Component::CurDir => {}
            c => parts.push(c),
        }
    }
    let normal: PathBuf = parts.iter().collect();
    !INPUT_FOLDERS.iter().any(|f| normal.starts_with(f))
}

fn text_hash(text: &str) -> String {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The content files of `site` outside the input folders (imported catalogues, a publisher's
/// mapping file), each with the hash of its text.
pub fn data_files(site: &Site) -> Vec<(PathBuf, String)> {
    // Every standard of an imported catalogue shares its file's text: each file is hashed
    // once, not once per standard (922 times 2.6 MB for NIST's OSCAL catalogue).
    let files: std::collections::BTreeMap<&Path, &str> = site
        .catalogues
        .iter()
        .flat_map(|c| &c.editions)
        .flat_map(|e| {
            let lineage = e.lineage.as_ref().map(|l| &l.file);
            e.standards.iter().map(|s| &s.source).chain(lineage)
        })
        .filter(|s| is_data(&s.path))
        .map(|s| (s.path.as_path(), &*s.text))
        .collect();
    files
        .into_iter()
        .map(|(path, text)| (path.to_path_buf(), text_hash(text)))
        .collect()
}

impl Manifest {
    /// Reads the manifest of the site at `root`, if there is one.
    pub fn read(root: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(root.join(FILE)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Removes the manifest of the site at `root`: done before a build replaces its output, so
    /// that no manifest describes an output half replaced.
    pub fn remove(root: &Path) {
        let _ = std::fs::remove_file(root.join(FILE));
    }

    /// Writes the manifest (to a new file first, then renamed over the old one). A site folder
    /// that cannot be written to gets none: `check` then builds in memory.
    pub fn write(&self, root: &Path) {
        let path = root.join(FILE);
        let tmp = path.with_extension(format!("json.{}", std::process::id()));
        let written = path
            .parent()
            .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
            && std::fs::write(&tmp, serde_json::to_vec_pretty(self).unwrap_or_default()).is_ok()
            && std::fs::rename(&tmp, &path).is_ok();
        if !written {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Whether the build it describes was made by this policybook from the sources at `root`
    /// as they are now, on `today` (the output folder is compared by the caller, as it reads
    /// it).
    pub fn is_current(&self, root: &Path, today: &str) -> bool {
        self.tool == tool()
            && self.today == today
            && self.inputs == fingerprint(root)
            && self.data.iter().all(|(path, hash)| {
                std::fs::read_to_string(root.join(path)).is_ok_and(|t| text_hash(&t) == *hash)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_are_told_after_parent_steps() {
        assert!(!is_data(Path::new("content/standards/c/e/1.1.yaml")));
        assert!(!is_data(Path::new("policies/p.md")));
        assert!(is_data(Path::new(
            "content/standards/c/e/../../../../data/x.yaml"
        )));
        assert!(!is_data(Path::new("content/standards/c/../c/e/x.yaml")));
        assert!(is_data(Path::new("../elsewhere/x.yaml")));
        assert!(is_data(Path::new("/abs/x.yaml")));
    }
}
