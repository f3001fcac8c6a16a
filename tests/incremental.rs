//! `serve` redoes an edit to one policy without a full build (`serve::incremental`): whatever
//! it makes must be exactly what a full build of the same sources makes, page for page and
//! byte for byte, and an edit it cannot redo alone must be left to a full build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use policybook::cmd::build::render_site;
use policybook::serve::incremental::{State, rebuild};

/// A copy of the example site (the repository's content, policies, theme and book.toml).
fn example_copy() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["content", "policies", "themes"] {
        copy_dir(&repo.join(dir), &tmp.path().join(dir));
    }
    std::fs::copy(repo.join("book.toml"), tmp.path().join("book.toml")).unwrap();
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

type Files = BTreeMap<String, Vec<u8>>;

/// A full build in memory: its state and its files.
fn full(root: &Path) -> (State, Files) {
    let (state, files) = State::of(render_site(root).expect("the site builds"));
    (
        state,
        files.into_iter().map(|f| (f.path, f.bytes)).collect(),
    )
}

/// Edits the body of `policy` with `edit` (the front matter stays as it is); returns its path.
fn edit_body(root: &Path, policy: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let path = root.join("policies").join(policy);
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
    let (front, body) = text.split_at(end);
    std::fs::write(&path, format!("{front}{}", edit(body))).unwrap();
    path
}

/// Runs the incremental rebuild of `changed`, applies its files to `served`, and compares the
/// result with a full build of the sources as they are now. Returns how many files it made
/// besides the search index's.
fn incremental_matches_full(
    root: &Path,
    state: &mut State,
    served: &mut Files,
    changed: &Path,
) -> usize {
    let files = rebuild(root, state, &[changed.to_path_buf()])
        .expect("an edit to a policy's text is redone incrementally");
    let n = files
        .iter()
        .filter(|f| !f.path.starts_with("search/"))
        .count();
    for f in files {
        assert!(
            served.contains_key(&f.path),
            "{} is a page of the site",
            f.path
        );
        served.insert(f.path, f.bytes);
    }
    let (_, want) = full(root);
    let differ: Vec<&String> = want
        .keys()
        .filter(|k| served.get(*k) != want.get(*k))
        .chain(served.keys().filter(|k| !want.contains_key(*k)))
        .collect();
    assert!(
        differ.is_empty(),
        "pages that differ from a full build: {differ:?}"
    );
    n
}

fn text_of(files: &Files, path: &str) -> String {
    String::from_utf8_lossy(&files[path]).into_owned()
}

#[test]
fn edits_to_a_policy_text_make_what_a_full_build_makes() {
    let site = example_copy();
    let root = site.path().canonicalize().unwrap();
    let (mut state, mut served) = full(&root);
    let policy = "local/west-essex-ccg-security-management-policy.md";

    // New wording: only the policy's own page, its print view and the search index change.
    let path = edit_body(&root, policy, |b| {
        b.replacen("This policy", "This updated policy", 1)
    });
    let n = incremental_matches_full(&root, &mut state, &mut served, &path);
    assert_eq!(n, 2, "the policy's page and its print view");
    let page = text_of(
        &served,
        "policies/local/west-essex-ccg-security-management-policy.html",
    );
    assert!(page.contains("This updated policy"));
    assert!(
        served
            .iter()
            .any(|(path, bytes)| path.starts_with("search/c-")
                && String::from_utf8_lossy(bytes).contains("This updated policy")),
        "the search index's document file of the policy has the new text"
    );

    // New links: to a standard, a reference, a glossary term and another policy by code,
    // and a document code no policy bears. Each target's "what links here" gains the page.
    let path = edit_body(&root, policy, |b| {
        format!(
            "{b}\nSee [standard 4.4](std:4.4), [the manual](ref:security-management-manual), \
             the [NHS](term:NHS) and POL/999/999.\n"
        )
    });
    incremental_matches_full(&root, &mut state, &mut served, &path);
    let std_page = text_of(&served, "standards/nhs-protect-providers/2017-18/4.4.html");
    assert!(
        std_page.contains("west-essex-ccg-security-management-policy.html"),
        "the standard's page lists the policy"
    );
    assert!(
        text_of(&served, "policies/review.html").contains("POL/999/999"),
        "the review page lists the unknown code"
    );

    // The links taken away again: the targets lose the page.
    let path = edit_body(&root, policy, |b| {
        b.split("\nSee [standard 4.4]").next().unwrap().to_string()
    });
    incremental_matches_full(&root, &mut state, &mut served, &path);
    assert!(!text_of(&served, "policies/review.html").contains("POL/999/999"));

    // A policy with earlier versions: the version pages diff against the new text.
    let path = edit_body(&root, "national/nhse-cloud-apps-guidance.md", |b| {
        b.replacen("cloud", "cloud (edited)", 1)
    });
    let n = incremental_matches_full(&root, &mut state, &mut served, &path);
    assert!(n > 2, "the version pages too: {n} files");
}

#[test]
fn edits_that_other_pages_see_are_left_to_a_full_build() {
    let site = example_copy();
    let root = site.path().canonicalize().unwrap();
    let (mut state, _) = full(&root);
    let policy = root.join("policies/local/west-essex-ccg-security-management-policy.md");
    let text = std::fs::read_to_string(&policy).unwrap();

    // A new title shows on the home page, the policy list and every "what links here".
    std::fs::write(
        &policy,
        text.replace(
            "title: Security Management Policy",
            "title: Security Policy",
        ),
    )
    .unwrap();
    assert!(rebuild(&root, &mut state, std::slice::from_ref(&policy)).is_none());

    // A broken cross-reference: the full build reports it.
    std::fs::write(&policy, format!("{text}\nSee [x](std:99.99).\n")).unwrap();
    assert!(rebuild(&root, &mut state, std::slice::from_ref(&policy)).is_none());
    assert!(render_site(&root).is_err());

    // A new numbered heading: other pages may link to its anchor.
    std::fs::write(&policy, format!("{text}\n## 99 A new section\n\nText.\n")).unwrap();
    assert!(rebuild(&root, &mut state, std::slice::from_ref(&policy)).is_none());

    // Another kind of file, and two files at once.
    let std_file = root.join("content/standards/nhs-protect-providers/2017-18/1.1.yaml");
    assert!(rebuild(&root, &mut state, std::slice::from_ref(&std_file)).is_none());
    std::fs::write(&policy, &text).unwrap();
    assert!(rebuild(&root, &mut state, &[policy.clone(), std_file]).is_none());

    // The state is still the last good one: an edit it can redo comes out right.
    let (_, before) = full(&root);
    let mut served = before.clone();
    let path = edit_body(
        &root,
        "local/west-essex-ccg-security-management-policy.md",
        |b| b.replacen("This policy", "This reworded policy", 1),
    );
    incremental_matches_full(&root, &mut state, &mut served, &path);
}
