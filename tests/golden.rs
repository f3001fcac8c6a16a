//! The example sites build byte for byte as they did when the digests in `tests/data/*.sha256`
//! were taken: a SHA-256 digest of every output file, compared with the committed list. A
//! refactoring that changes no behaviour leaves these lists alone.
//!
//! When the output is meant to change, regenerate the lists and review the diff:
//!
//! ```text
//! BLESS=1 cargo test --test golden
//! ```

mod common;

use std::fmt::Write;
use std::path::Path;

use common::*;
use sha2::{Digest, Sha256};

/// `<sha256>  <path>` for every file of the site at `root` built into a new temporary folder,
/// sorted by path: the format of `sha256sum`.
fn digests(root: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("book");
    let o = policybook(&["build", "--dest-dir", dest.to_str().unwrap()], root);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    let mut list = String::new();
    for (path, bytes) in tree(&dest) {
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        writeln!(list, "{hex}  {path}").unwrap();
    }
    list
}

/// Compares the digests of the site at `root` with `tests/data/<name>.sha256`, or with
/// `BLESS=1` writes them there.
fn golden(root: &Path, name: &str) {
    let file = example_root()
        .join("tests/data")
        .join(format!("{name}.sha256"));
    let now = digests(root);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&file, &now).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{}: {e} (make it with BLESS=1)", file.display()));
    let want: Vec<&str> = want.lines().collect();
    let now: Vec<&str> = now.lines().collect();
    let differ: Vec<String> = want
        .iter()
        .filter(|l| !now.contains(l))
        .map(|l| format!("- {l}"))
        .chain(
            now.iter()
                .filter(|l| !want.contains(l))
                .map(|l| format!("+ {l}")),
        )
        .collect();
    assert!(
        differ.is_empty(),
        "the output of {name} changed (BLESS=1 to accept):\n{}",
        differ.join("\n")
    );
}

#[test]
fn main_example_builds_byte_for_byte_as_before() {
    golden(&example_root(), "golden-main");
}

/// 2,100 pages: some seconds in a debug build, and the one example with OpenControl imports,
/// several editions and their changes pages.
#[test]
fn nist_example_builds_byte_for_byte_as_before() {
    golden(&example_root().join("examples/nist-800-53"), "golden-nist");
}

/// Read from publishers' CSV files and OWASP's mapping file.
#[test]
fn owasp_example_builds_byte_for_byte_as_before() {
    golden(&example_root().join("examples/owasp-asvs"), "golden-owasp");
}

/// Read from the Cabinet Office's YAML transcription of the CAF, with the CAF's own grades.
#[test]
fn caf_example_builds_byte_for_byte_as_before() {
    golden(&example_root().join("examples/ncsc-caf"), "golden-caf");
}
