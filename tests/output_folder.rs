//! The output folder: a build never removes or overwrites a file policybook did not write.
//! Each test builds the small site into a folder as a trust would (a fresh one, its own from
//! before, an intranet share holding the trust's files), and compares every other file byte
//! for byte afterwards.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{policybook, small_site, stderr};

/// Every file under `dir`, by `/`-separated path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), &path, out);
            } else {
                out.insert(path, std::fs::read(e.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

/// An intranet folder as a trust has it: the server's settings, board papers, an old page.
fn intranet(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let theirs = [
        (
            "web.config",
            "<configuration><system.webServer/></configuration>",
        ),
        ("board-minutes.docx", "PK\u{3}\u{4} minutes"),
        ("archive/2019/old-policy.pdf", "%PDF-1.4"),
        ("style/trust.css", "body { color: #005eb8 }"),
    ];
    for (p, text) in theirs {
        let p = dir.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    files(dir)
}

fn build(site: &Path, dest: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--dest-dir", dest.to_str().unwrap()];
    args.extend_from_slice(extra);
    policybook(&args, site)
}

fn assert_untouched(dest: &Path, theirs: &BTreeMap<String, Vec<u8>>) {
    let now = files(dest);
    for (path, bytes) in theirs {
        assert_eq!(now.get(path), Some(bytes), "{path} was changed or removed");
    }
}

#[test]
fn a_folder_holding_other_files_is_refused_and_left_as_it_was() {
    let site = small_site(&[]);
    let share = tempfile::tempdir().unwrap();
    let dest = share.path().join("security");
    let theirs = intranet(&dest);
    let o = build(site.path(), &dest, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("refusing to build into"), "{err}");
    assert!(
        err.contains("board-minutes.docx") && err.contains("web.config"),
        "names the files it holds: {err}"
    );
    assert!(
        err.contains("--keep-other-files"),
        "says how to go on: {err}"
    );
    assert!(files(&dest) == theirs, "nothing written, nothing removed");
    let leftovers: Vec<_> = std::fs::read_dir(share.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers, ["security"], "no staging folder left beside it");
}

#[test]
fn keep_other_files_builds_beside_them_and_removes_only_its_own_obsolete_pages() {
    let site = small_site(&[(
        "policies/old-policy.md",
        "---\ntitle: Old Policy\nkind: policy\n---\nText.\n",
    )]);
    let share = tempfile::tempdir().unwrap();
    let dest = share.path().join("security");
    let theirs = intranet(&dest);

    let o = build(site.path(), &dest, &["--keep-other-files"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_untouched(&dest, &theirs);
    assert!(dest.join("index.html").is_file());
    assert!(dest.join("policies/old-policy.html").is_file());
    assert!(dest.join(".policybook-output.json").is_file());

    // A source change makes a page obsolete: it goes, and the trust's files stay.
    std::fs::remove_file(site.path().join("policies/old-policy.md")).unwrap();
    let o = build(site.path(), &dest, &["--keep-other-files"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!dest.join("policies/old-policy.html").exists());
    assert!(dest.join("policies/security-policy.html").is_file());
    assert_untouched(&dest, &theirs);

    // A file the trust adds among the pages later is kept too.
    std::fs::write(dest.join("policies/notes.txt"), "ours").unwrap();
    let o = build(site.path(), &dest, &["--keep-other-files"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(dest.join("policies/notes.txt")).unwrap(),
        b"ours"
    );

    // Without the opt-in, the folder is refused again: it holds the trust's files.
    let o = build(site.path(), &dest, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    // The book.toml key does what the flag does.
    let toml = std::fs::read_to_string(site.path().join("book.toml")).unwrap();
    std::fs::write(
        site.path().join("book.toml"),
        format!("{toml}[build]\nkeep-other-files = true\n"),
    )
    .unwrap();
    let o = build(site.path(), &dest, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_untouched(&dest, &theirs);
    let names: Vec<String> = std::fs::read_dir(&dest)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("staging")),
        "no staging folder left inside: {names:?}"
    );
}

#[test]
fn a_page_that_would_replace_a_file_of_the_users_is_refused_and_nothing_changes() {
    let site = small_site(&[]);
    let share = tempfile::tempdir().unwrap();
    let dest = share.path().join("security");
    let mut theirs = intranet(&dest);
    std::fs::write(
        dest.join("index.html"),
        "<h1>The trust's own home page</h1>",
    )
    .unwrap();
    theirs = {
        theirs.insert(
            "index.html".into(),
            b"<h1>The trust's own home page</h1>".to_vec(),
        );
        theirs
    };
    let o = build(site.path(), &dest, &["--keep-other-files"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("index.html") && err.contains("did not write"),
        "{err}"
    );
    assert!(files(&dest) == theirs, "nothing written, nothing removed");
}

#[test]
fn source_folders_are_refused_as_output() {
    let site = small_site(&[]);
    let root = site.path();
    let before = files(root);
    for dest in [
        "policies",
        "content",
        "content/standards",
        "themes",
        ".",
        "..",
    ] {
        std::fs::create_dir_all(root.join("themes")).unwrap();
        let o = policybook(&["build", "--dest-dir", dest], root);
        assert_eq!(o.status.code(), Some(2), "{dest}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("refusing to build into"),
            "{dest}: {}",
            stderr(&o)
        );
        // Even with the opt-in.
        let o = policybook(&["build", "--dest-dir", dest, "--keep-other-files"], root);
        assert_eq!(o.status.code(), Some(2), "{dest}: {}", stderr(&o));
    }
    assert_eq!(files(root), before, "the sources are as they were");
}

#[test]
fn a_data_folder_outside_content_is_refused_as_output() {
    let site = common::site(&[
        ("book.toml", common::BOOK_TOML),
        (
            "content/standards/oc/v1/edition.yaml",
            "title: OC v1\npublisher: P\npublished: 2020-01-01\nopencontrol: ../../../../data/oc.yaml\nareas:\n  - { id: AC, title: Access Control }\n",
        ),
        (
            "data/oc.yaml",
            "name: OC\nAC-1:\n  family: AC\n  name: Policy\n  description: Have one.\n",
        ),
    ]);
    let root = site.path();
    let o = policybook(&["build", "--dest-dir", "out"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = policybook(
        &["build", "--dest-dir", "data/site", "--keep-other-files"],
        root,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("source folder data/"), "{}", stderr(&o));
    assert!(!root.join("data/site").exists());
}

#[test]
fn a_folder_of_its_own_is_replaced_whole_and_an_empty_one_is_used_in_place() {
    let site = small_site(&[]);
    let out = tempfile::tempdir().unwrap();
    let own = out.path().join("book");
    let o = build(site.path(), &own, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = files(&own);
    let o = build(site.path(), &own, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(files(&own) == first, "the same site, the same bytes");

    let empty = out.path().join("made-by-the-user");
    std::fs::create_dir_all(&empty).unwrap();
    let pages = |dir: &Path| {
        let mut f = files(dir);
        f.remove(".policybook-output.json");
        f
    };
    for _ in 0..2 {
        let o = build(site.path(), &empty, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(pages(&empty) == pages(&own), "the same pages in place");
    }

    let file = out.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let o = build(site.path(), &file, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}
