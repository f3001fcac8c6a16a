//! Writing the site: everything goes to a fresh folder beside the destination first, and only a
//! complete site replaces the previous one, so a failed or interrupted build never damages it.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::render::OutputFile;

/// Writes `files` as the new contents of `dest`.
pub fn write_site(dest: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);

    let written = write_all(&staging, files);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    // Swap: the old site moves aside, the new one takes its name, the old one is removed.
    if dest.exists() {
        std::fs::rename(dest, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            io_error("move aside", dest, e)
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, dest) {
        let _ = std::fs::rename(&old, dest);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(io_error("move into place", dest, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
    for f in files {
        let path: PathBuf = dir.join(&f.path);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| io_error("create", p, e))?;
        }
        std::fs::write(&path, &f.bytes).map_err(|e| io_error("write", &path, e))?;
    }
    Ok(())
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, s: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: s.as_bytes().to_vec(),
            origin: None,
        }
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
