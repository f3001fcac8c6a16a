//! Reading a content file: as UTF-8 text, within a size limit, with its path as shown to the
//! author. Every loader of the content layer reads its files through here.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Source};

/// The largest content file read: far above any real standard or policy, far below what could
/// exhaust memory or time.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a file as UTF-8 text, dropping a byte-order mark; its path is shown relative to `root`.
pub fn read_source(root: &Path, path: &Path) -> Result<Source, Diagnostic> {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(Diagnostic::error(format!(
            "file is too large: {} MiB, more than the {} MiB a content file may have",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .at_path(&shown));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!("cannot read {}: {e}", shown.display())).at_path(&shown)
    })?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(Source::new(shown, text))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let source = Source::new(shown, prefix);
            Err(Diagnostic::error("file is not valid UTF-8")
                .at(&source, valid..valid)
                .label("invalid byte here")
                .note("save the file as UTF-8"))
        }
    }
}
