//! Files saved on Windows (CRLF line endings, a byte-order mark from Notepad) build the same
//! site as the same files saved with LF endings.

mod common;

use std::path::Path;

use common::*;

fn pages(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn crlf_files_build_the_same_site_as_lf_files() {
    let policy = "---\ntitle: Security Policy\nkind: policy\nimplements: [\"1.1\"]\nowner: Head of Security\n---\n## 5 Roles\n\n5.1 The [LSMS](term:LSMS) meets [standard 2.1](std:2.1),\nand reports to the board.\n\n- one\n- two\n";
    let lf = small_site(&[("policies/security-policy.md", policy)]);
    let crlf = small_site(&[("policies/security-policy.md", policy)]);
    // Every text file of the second site, rewritten as Windows writes it.
    let mut stack = vec![crlf.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let text = std::fs::read_to_string(e.path()).unwrap();
                let bom = if e.path().extension().is_some_and(|x| x == "md") {
                    "\u{feff}"
                } else {
                    ""
                };
                std::fs::write(e.path(), format!("{bom}{}", text.replace('\n', "\r\n"))).unwrap();
            }
        }
    }
    for site in [&lf, &crlf] {
        let o = policybook(&["build", "--dest-dir", "out"], site.path());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (a, b) = (
        pages(&lf.path().join("out")),
        pages(&crlf.path().join("out")),
    );
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between LF and CRLF sources");
    }
}
