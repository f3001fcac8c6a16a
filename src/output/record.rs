//! The output record: `.policybook-output.json`, written by every build into its output folder,
//! listing the files and folders that build wrote there. It is how policybook tells its own
//! files from a user's: a file that no record lists is never removed or replaced.
//!
//! The record travels with the output (a site copied to a share, or built in a fresh CI clone,
//! still knows its files), and holds nothing that varies between two builds of the same
//! sources, so the output stays byte-reproducible.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The record's name, in the output folder.
pub const FILE: &str = ".policybook-output.json";

const NOTE: &str = "Written by policybook build: the files and folders it wrote here. \
policybook removes or replaces only what this record lists; every other file is left as it is.";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Record {
    pub generator: String,
    pub note: String,
    /// Whether policybook made the output folder itself (then a build replaces the folder
    /// whole, atomically), rather than building into a folder that was there before.
    pub own_folder: bool,
    /// Folders under the output folder that policybook made, `/`-separated.
    pub folders: BTreeSet<String>,
    /// Files policybook wrote, `/`-separated, the record itself excluded.
    pub files: BTreeSet<String>,
}

impl Record {
    pub fn new(own_folder: bool, folders: BTreeSet<String>, files: BTreeSet<String>) -> Record {
        Record {
            generator: "policybook".into(),
            note: NOTE.into(),
            own_folder,
            folders,
            files,
        }
    }

    /// The record in `dest`, when there is one that policybook can read.
    pub fn read(dest: &Path) -> Option<Record> {
        let text = std::fs::read_to_string(dest.join(FILE)).ok()?;
        serde_json::from_str::<Record>(&text)
            .ok()
            .filter(|r| r.generator == "policybook")
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Every folder that holds one of `files` (`a/b/c.html` gives `a` and `a/b`).
    pub fn folders_of<'a>(files: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for f in files {
            let mut end = f.len();
            while let Some(i) = f[..end].rfind('/') {
                if !out.insert(f[..i].to_string()) {
                    break;
                }
                end = i;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_lists_every_parent_once() {
        let files = [
            "index.html".to_string(),
            "a/b/c.html".to_string(),
            "a/d.html".to_string(),
            "e/f.css".to_string(),
        ];
        let got: Vec<_> = Record::folders_of(&files).into_iter().collect();
        assert_eq!(got, ["a", "a/b", "e"]);
    }

    #[test]
    fn a_record_reads_back_and_a_foreign_json_is_not_one() {
        let tmp = tempfile::tempdir().unwrap();
        let r = Record::new(
            true,
            BTreeSet::from(["a".to_string()]),
            BTreeSet::from(["a/x.html".to_string()]),
        );
        std::fs::write(tmp.path().join(FILE), r.to_bytes()).unwrap();
        assert_eq!(Record::read(tmp.path()), Some(r));
        std::fs::write(
            tmp.path().join(FILE),
            r#"{"generator":"other","note":"","own-folder":true,"folders":[],"files":[]}"#,
        )
        .unwrap();
        assert_eq!(Record::read(tmp.path()), None);
    }
}
