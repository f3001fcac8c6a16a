//! Writing the site: everything goes to a fresh folder beside the destination first, and only a
//! complete site replaces the previous one, so a failed or interrupted build never damages it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostic::Diagnostic;
use crate::render::OutputFile;

/// A site being written: into a fresh folder beside the destination, which replaces the
/// destination whole in [`Staging::finish`]. Dropped unfinished (an error on the way), it is
/// removed and the destination is left as it was.
pub struct Staging {
    dest: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// The destination as it is, when it holds a site: unchanged files are linked from it.
    previous: Option<PathBuf>,
    /// Folders made so far, so that each is made once.
    folders: RwLock<HashSet<PathBuf>>,
    /// Files put so far.
    pub files: AtomicUsize,
    finished: bool,
}

impl Staging {
    pub fn new(dest: &Path) -> Result<Staging, Diagnostic> {
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "book".into());
        remove_stale(parent, &name);
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| io_error("create", &dir, e))?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            old: parent.join(format!(".{name}.old-{}", std::process::id())),
            previous: dest.is_dir().then(|| dest.to_path_buf()),
            folders: RwLock::new(HashSet::from([dir.clone()])),
            dir,
            files: AtomicUsize::new(0),
            finished: false,
        })
    }

    /// Writes one file of the new site (from any thread). A file whose bytes equal the same
    /// file of the previous site is hard-linked from it instead of written: it keeps its
    /// modification time (so caches, `rsync` and web servers see it unchanged), and the file
    /// system allocates no new inode for it. On ext4, creating thousands of files just after
    /// deleting thousands (the previous site) sends the inode allocator through every recently
    /// deleted inode; at 10,000 pages that was most of the write time (see
    /// `benches/RESULTS.md`).
    pub fn put(&self, f: &OutputFile) -> Result<(), Diagnostic> {
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
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Some(prev) = self.previous.as_ref().map(|p| p.join(&f.path))
            && unchanged(&prev, &f.bytes)
            && std::fs::hard_link(&prev, &path).is_ok()
        {
            return Ok(());
        }
        std::fs::write(&path, &f.bytes).map_err(|e| io_error("write", &path, e))
    }

    /// Swaps the new site in for the old one, and removes the old one.
    pub fn finish(mut self) -> Result<(), Diagnostic> {
        self.finished = true;
        let (staging, dest, old) = (&self.dir, &self.dest, &self.old);
        // Where the system can exchange two folders in one step (Linux), a build killed at
        // any moment leaves either the old site or the new one, whole.
        if dest.exists() && exchange(staging, dest) {
            remove_tree(staging);
            return Ok(());
        }
        // Elsewhere: the old site moves aside, the new one takes its name, the old one is
        // removed.
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

/// Removes the staging folders of builds that were killed (their process is gone).
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let pid = [format!(".{name}.new-"), format!(".{name}.old-")]
            .iter()
            .find_map(|p| {
                file.strip_prefix(p.as_str())
                    .and_then(|rest| rest.parse::<u32>().ok())
            });
        if let Some(pid) = pid
            && pid != std::process::id()
            && cfg!(target_os = "linux")
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
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

/// Refuses an output folder that would destroy something the user did not mean: the site's
/// own folder or one above it (the build replaces the output folder whole), the file system
/// root, or the home folder.
pub fn check_dest(root: &Path, dest: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        // `..` taken away first, as written; then the longest part of the path that exists,
        // made absolute, with the rest after it.
        let base = if p.is_absolute() {
            PathBuf::new()
        } else {
            std::env::current_dir().unwrap_or_default()
        };
        let mut lexical = base;
        for c in p.components() {
            match c {
                std::path::Component::ParentDir => {
                    lexical.pop();
                }
                std::path::Component::CurDir => {}
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
        let mut out = existing.canonicalize().unwrap_or(existing);
        for n in rest.into_iter().rev() {
            out.push(n);
        }
        out
    };
    let (root, dest_abs) = (abs(root), abs(dest));
    let home = std::env::var_os("HOME").map(PathBuf::from).map(|h| abs(&h));
    let reason = if dest_abs.parent().is_none() {
        Some("the root of the file system")
    } else if Some(&dest_abs) == home.as_ref() {
        Some("your home folder")
    } else if root.starts_with(&dest_abs) {
        Some("the site's own folder, or a folder that holds it")
    } else {
        None
    };
    match reason {
        Some(r) => Err(Diagnostic::error(format!("refusing to build into {}: it is {r}", dest.display()))
            .note("the output folder is replaced whole by each build; name a folder of its own, such as `book`")),
        None => Ok(()),
    }
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
        let staging = Staging::new(dest)?;
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
    fn refuses_output_folders_that_would_destroy_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        assert!(check_dest(&root, &root).is_err());
        assert!(check_dest(&root, tmp.path()).is_err());
        assert!(check_dest(&root, Path::new("/")).is_err());
        assert!(check_dest(&root, &root.join("book")).is_ok());
        assert!(check_dest(&root, &tmp.path().join("elsewhere/new")).is_ok());
        assert!(check_dest(&root, &root.join("book/..")).is_err());
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
