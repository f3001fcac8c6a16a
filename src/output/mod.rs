//! Writing the site. Pages go first into a staging folder, and only a complete site reaches
//! the output folder, so a failed or interrupted build never damages the last output:
//! - into a folder of policybook's own, the staging folder replaces it whole, atomically;
//! - into a folder that holds other files (`--keep-other-files`), the new files are moved in
//!   one by one, and only files a previous build wrote are replaced or removed (`in_place`).
//!
//! Which of the two, and which folders are refused, is decided in `dest`; what a build wrote is
//! kept in the output record (`record`).

pub mod dest;
mod in_place;
pub mod record;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

pub use dest::{Mode, Plan, check_dest};
use record::Record;

use crate::diagnostic::Diagnostic;
use crate::render::OutputFile;

/// A site being written: into a staging folder, which reaches the destination in
/// [`Staging::finish`]. Dropped unfinished (an error on the way), it is removed and the
/// destination is left as it was.
pub struct Staging {
    dest: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    mode: Mode,
    /// The output record of the previous build in `dest`.
    record: Option<Record>,
    /// The destination as it is, when it holds a site: unchanged files are linked from it
    /// (replacing) or left where they are (in place).
    previous: Option<PathBuf>,
    /// Folders made so far, so that each is made once.
    folders: RwLock<HashSet<PathBuf>>,
    /// Every file of the new site, by its path in the output folder.
    paths: Mutex<Vec<String>>,
    /// In place: files of the previous build whose bytes are the same; they are not touched.
    kept: Mutex<Vec<String>>,
    /// In place: files of the new site that would replace a file policybook did not write.
    clashes: Mutex<Vec<String>>,
    /// Files put so far.
    pub files: AtomicUsize,
    finished: bool,
}

impl Staging {
    pub fn new(dest: &Path, plan: Plan) -> Result<Staging, Diagnostic> {
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "book".into());
        let pid = std::process::id();
        let dir = match plan.mode {
            Mode::Replace => {
                std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
                remove_stale(parent, &[format!(".{name}.new-"), format!(".{name}.old-")]);
                parent.join(format!(".{name}.new-{pid}"))
            }
            // Inside the destination: the user may write to that folder and no other, and the
            // moves into place stay on one file system.
            Mode::InPlace => {
                remove_stale(dest, &[dest::IN_PLACE_STAGING.to_string()]);
                dest.join(format!("{}{pid}", dest::IN_PLACE_STAGING))
            }
        };
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| io_error("create", &dir, e))?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            old: parent.join(format!(".{name}.old-{pid}")),
            mode: plan.mode,
            record: plan.previous,
            previous: dest.is_dir().then(|| dest.to_path_buf()),
            folders: RwLock::new(HashSet::from([dir.clone()])),
            dir,
            paths: Mutex::new(Vec::new()),
            kept: Mutex::new(Vec::new()),
            clashes: Mutex::new(Vec::new()),
            files: AtomicUsize::new(0),
            finished: false,
        })
    }

    /// Writes one file of the new site (from any thread). A file whose bytes equal the same
    /// file of the previous site is hard-linked from it instead of written (in place: left as
    /// it is): it keeps its modification time (so caches, `rsync` and web servers see it
    /// unchanged), and the file system allocates no new inode for it. On ext4, creating
    /// thousands of files just after deleting thousands (the previous site) sends the inode
    /// allocator through every recently deleted inode; at 10,000 pages that was most of the
    /// write time (see `benches/RESULTS.md`).
    pub fn put(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        lock(&self.paths).push(f.path.clone());
        self.files.fetch_add(1, Ordering::Relaxed);
        let prev = self.previous.as_ref().map(|p| p.join(&f.path));
        if self.mode == Mode::InPlace
            && let Some(prev) = &prev
            && std::fs::symlink_metadata(prev).is_ok()
        {
            if !self
                .record
                .as_ref()
                .is_some_and(|r| r.files.contains(&f.path))
            {
                lock(&self.clashes).push(f.path.clone());
                return Ok(());
            }
            if unchanged(prev, &f.bytes) {
                lock(&self.kept).push(f.path.clone());
                return Ok(());
            }
        }
        let path = self.dir.join(&f.path);
        if let Some(folder) = path.parent()
            && !self
                .folders
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .contains(folder)
        {
            std::fs::create_dir_all(folder).map_err(|e| io_error("create", folder, e))?;
            self.folders
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(folder.to_path_buf());
        }
        if self.mode == Mode::Replace
            && let Some(prev) = prev
            && unchanged(&prev, &f.bytes)
            && std::fs::hard_link(&prev, &path).is_ok()
        {
            return Ok(());
        }
        std::fs::write(&path, &f.bytes).map_err(|e| io_error("write", &path, e))
    }

    /// Why the site cannot go into the destination, found while writing: in place, pages that
    /// would replace files policybook did not write. Asked before [`Staging::finish`], which
    /// would refuse the same.
    pub fn refusal(&self) -> Option<Diagnostic> {
        if self.mode != Mode::InPlace {
            return None;
        }
        let mut clashes = lock(&self.clashes).clone();
        clashes.extend(in_place::blocked_folders(
            &self.dest,
            self.record.as_ref(),
            &lock(&self.paths),
        ));
        if clashes.is_empty() {
            return None;
        }
        clashes.sort();
        let shown: Vec<&str> = clashes.iter().take(5).map(String::as_str).collect();
        let more = match clashes.len() - shown.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        Some(
            Diagnostic::error(format!(
                "refusing to build into {}: the site would replace files there that policybook did not write ({}{more})",
                self.dest.display(),
                shown.join(", ")
            ))
            .note("nothing was changed; move or rename those files, or build the site into a folder of its own below this one, such as `-d <folder>/policies`"),
        )
    }

    /// Puts the new site in place of the old one.
    pub fn finish(mut self) -> Result<(), Diagnostic> {
        self.finished = true;
        if let Some(d) = self.refusal() {
            remove_tree(&self.dir);
            return Err(d);
        }
        let paths: BTreeSet<String> = std::mem::take(&mut *lock(&self.paths))
            .into_iter()
            .collect();
        match self.mode {
            Mode::Replace => {
                let record = Record::new(true, Record::folders_of(&paths), paths);
                let path = self.dir.join(record::FILE);
                std::fs::write(&path, record.to_bytes())
                    .map_err(|e| io_error("write", &path, e))?;
                self.swap()
            }
            Mode::InPlace => {
                let kept: HashSet<String> =
                    std::mem::take(&mut *lock(&self.kept)).into_iter().collect();
                let result =
                    in_place::finish(&self.dest, &self.dir, self.record.take(), paths, &kept);
                remove_tree(&self.dir);
                result
            }
        }
    }

    /// Replaces the destination with the staging folder whole, and removes the old site.
    fn swap(&self) -> Result<(), Diagnostic> {
        let (staging, dest, old) = (&self.dir, &self.dest, &self.old);
        // Where the system can exchange two folders in one step (Linux), a build killed at
        // any moment leaves either the old site or the new one, whole.
        if dest.exists() && exchange(staging, dest) {
            remove_tree(staging);
            return Ok(());
        }
        // Elsewhere (Windows, macOS): the old site moves aside, the new one takes its name, the
        // old one is removed.
        if dest.exists() {
            std::fs::rename(dest, old).map_err(|e| {
                let _ = std::fs::remove_dir_all(staging);
                io_error("move aside", dest, e)
            })?;
        }
        if let Err(e) = std::fs::rename(staging, dest) {
            let _ = std::fs::rename(old, dest);
            let _ = std::fs::remove_dir_all(staging);
            return Err(io_error("move into place", dest, e));
        }
        let _ = std::fs::remove_dir_all(old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the staging folders in `parent` (named by one of `prefixes` and a process number)
/// of builds that were killed: their process is gone.
fn remove_stale(parent: &Path, prefixes: &[String]) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let pid = prefixes.iter().find_map(|p| {
            file.strip_prefix(p.as_str())
                .and_then(|rest| rest.parse::<u32>().ok())
        });
        if let Some(pid) = pid
            && pid != std::process::id()
            && !process_alive(pid)
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Whether process `pid` is running. Where that cannot be told cheaply (not Linux), a folder is
/// taken to belong to a live build, and left.
fn process_alive(pid: u32) -> bool {
    !cfg!(target_os = "linux") || Path::new(&format!("/proc/{pid}")).exists()
}

/// Exchanges two folders atomically (`renameat2` with `RENAME_EXCHANGE`); false where the
/// system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; renameat2
    // reads them and touches no memory of ours.
    unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        ) == 0
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Whether a file has other names than its own (another hard link): a file of the previous
/// build that is also somewhere else is written anew, so the new site shares no file with
/// anything but the site it replaces.
#[cfg(unix)]
fn linked_elsewhere(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.nlink() > 1
}

#[cfg(not(unix))]
fn linked_elsewhere(_: &std::fs::Metadata) -> bool {
    false
}

/// Whether the regular file at `path` holds exactly `bytes`.
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    match file.metadata() {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 && !linked_elsewhere(&m) => {}
        _ => return false,
    }
    let mut old = Vec::with_capacity(bytes.len() + 1);
    file.read_to_end(&mut old).is_ok() && old == bytes
}

/// Removes a folder tree, its files in parallel.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries
        .par_iter()
        .for_each(|p| match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => remove_tree(p),
            _ => {
                let _ = std::fs::remove_file(p);
            }
        });
    let _ = std::fs::remove_dir(dir);
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` as the new contents of `dest`, as a build does.
    fn write_site(dest: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
        use rayon::prelude::*;
        let staging = Staging::new(dest, dest::plan(dest, true)?)?;
        files.par_iter().try_for_each(|f| staging.put(f))?;
        staging.finish()
    }

    fn file(path: &str, s: &str) -> OutputFile {
        OutputFile::new(path, s)
    }

    #[test]
    fn replaces_the_previous_site_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("book");
        write_site(&dest, &[file("index.html", "one"), file("old.html", "x")]).unwrap();
        write_site(&dest, &[file("index.html", "two"), file("a/b.html", "y")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "two"
        );
        assert!(
            !dest.join("old.html").exists(),
            "files of the previous build are gone"
        );
        assert!(dest.join("a/b.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            leftovers,
            vec![std::ffi::OsString::from("book")],
            "no staging folders left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_keep_their_inode_and_time_and_changed_ones_are_new() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("book");
        write_site(
            &dest,
            &[file("same.html", "same"), file("edit.html", "one")],
        )
        .unwrap();
        let meta = |p: &str| std::fs::metadata(dest.join(p)).unwrap();
        let (same, edit) = (meta("same.html"), meta("edit.html"));
        write_site(
            &dest,
            &[file("same.html", "same"), file("edit.html", "two")],
        )
        .unwrap();
        assert_eq!(meta("same.html").ino(), same.ino(), "the same file, linked");
        assert_eq!(meta("same.html").mtime_nsec(), same.mtime_nsec());
        assert_eq!(
            meta("same.html").nlink(),
            1,
            "the previous site's name is gone"
        );
        assert_ne!(meta("edit.html").ino(), edit.ino());
        assert_eq!(std::fs::read(dest.join("edit.html")).unwrap(), b"two");

        // A file of the output that is also linked elsewhere is not linked again.
        let outside = tmp.path().join("outside.html");
        std::fs::hard_link(dest.join("same.html"), &outside).unwrap();
        write_site(
            &dest,
            &[file("same.html", "same"), file("edit.html", "two")],
        )
        .unwrap();
        assert_ne!(meta("same.html").ino(), same.ino());
        assert_eq!(std::fs::read(&outside).unwrap(), b"same");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("book");
        write_site(&dest, &[file("index.html", "one")]).unwrap();
        // A file and a folder of the same name cannot both be written.
        let bad = [file("x", "file"), file("x/y.html", "under a file")];
        assert!(write_site(&dest, &bad).is_err());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "one"
        );
    }
}
