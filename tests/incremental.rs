//! `serve` redoes an edit to one policy, guidance page, standard or the glossary without a
//! full build (`serve::incremental`): whatever it makes must be exactly what a full build of
//! the same sources makes, page for page and byte for byte, and an edit it cannot redo alone
//! must be left to a full build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use policybook::cmd::build::render_site;
use policybook::serve::incremental::{State, rebuild, render_plan};

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
    // Every page of the plan: `serve` renders the open ones first and the rest after the
    // reload, all from the same state.
    let (files, gone) = render_plan(root, state, &[changed.to_path_buf()])
        .unwrap_or_else(|| panic!("the edit of {} is redone incrementally", changed.display()));
    for name in gone {
        assert!(
            name.starts_with("search/"),
            "{name}: only the index's files go"
        );
        served.remove(&name);
    }
    let n = files
        .iter()
        .filter(|f| !f.path.starts_with("search/"))
        .count();
    for f in files {
        // A new word may need a new file of the search index; the comparison below says
        // whether a full build has it too.
        assert!(
            served.contains_key(&f.path) || f.path.starts_with("search/"),
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

    // A word whose first letter no other word has: the search index makes files for it
    // rather than asking for a full build.
    let before = served.len();
    let path = edit_body(&root, policy, |b| {
        b.replacen("This updated policy", "This ωmega policy", 1)
    });
    incremental_matches_full(&root, &mut state, &mut served, &path);
    assert!(
        served.len() > before,
        "the index gained the new letter's files"
    );
    // And taken away again: the letter's files are no longer served, as a full build would
    // not make them (before, a full rebuild and a second reload).
    let path = edit_body(&root, policy, |b| {
        b.replacen("This ωmega policy", "This updated policy", 1)
    });
    incremental_matches_full(&root, &mut state, &mut served, &path);
    assert_eq!(served.len(), before, "the new letter's files are gone");

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

    // A new document code: every text that mentions a code is read again by a full build.
    std::fs::write(
        &policy,
        text.replacen("owner: ", "code: NEW/001\nowner: ", 1),
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

    // Another kind of file (an edition's own file, the glossary with a new term, a standard
    // moved to another area), and two files at once.
    let edition = root.join("content/standards/nhs-protect-providers/2017-18/edition.yaml");
    assert!(rebuild(&root, &mut state, std::slice::from_ref(&edition)).is_none());
    let glossary = root.join("content/glossary.yaml");
    let terms = std::fs::read_to_string(&glossary).unwrap();
    std::fs::write(&glossary, format!("{terms}ZZZ: A new term\n")).unwrap();
    assert!(rebuild(&root, &mut state, std::slice::from_ref(&glossary)).is_none());
    std::fs::write(&glossary, &terms).unwrap();
    let std_file = root.join("content/standards/nhs-protect-providers/2017-18/1.1.yaml");
    let standard = std::fs::read_to_string(&std_file).unwrap();
    std::fs::write(
        &std_file,
        standard.replace("area: strategic-governance", "area: prevention"),
    )
    .unwrap();
    assert!(rebuild(&root, &mut state, std::slice::from_ref(&std_file)).is_none());
    std::fs::write(&std_file, &standard).unwrap();
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

/// Replaces `from` with `to` in the file `rel` of `root` (it must be there); returns its path.
fn replace_in(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn edits_to_front_matter_guidance_standards_and_the_glossary_make_what_a_full_build_makes() {
    let site = example_copy();
    let root = site.path().canonicalize().unwrap();
    let (mut state, mut served) = full(&root);
    let policy = "policies/local/west-essex-ccg-security-management-policy.md";

    // A policy's front matter: its title shows on the home page, the policy list, coverage,
    // review and every page that links to it; its owner on the review page; a standard it
    // now implements lists it.
    let path = replace_in(
        &root,
        policy,
        "title: Security Management Policy",
        "title: Security Policy (renamed)",
    );
    let n = incremental_matches_full(&root, &mut state, &mut served, &path);
    assert!(n > 5, "{n} files");
    assert!(text_of(&served, "index.html").contains("Security Policy (renamed)"));
    let path = replace_in(&root, policy, "owner: ", "owner: A. N. Other, ");
    incremental_matches_full(&root, &mut state, &mut served, &path);
    assert!(text_of(&served, "policies/review.html").contains("A. N. Other"));
    let path = replace_in(&root, policy, "implements:\n", "implements:\n  - \"4.4\"\n");
    incremental_matches_full(&root, &mut state, &mut served, &path);

    // A guidance page: its wording, then its title (on the guidance list and the pages that
    // link to it).
    let guidance = "content/guidance/01-introduction.md";
    let path = replace_in(
        &root,
        guidance,
        "This document aims",
        "This document is meant",
    );
    incremental_matches_full(&root, &mut state, &mut served, &path);
    let path = replace_in(
        &root,
        guidance,
        "title: Introduction",
        "title: Introduction (new)",
    );
    incremental_matches_full(&root, &mut state, &mut served, &path);
    assert!(text_of(&served, "guidance/index.html").contains("Introduction (new)"));

    // A standard's YAML: its headline (on its page, its neighbours', the edition's pages,
    // coverage, and the policies that implement it), and a new link.
    let standard = "content/standards/nhs-protect-providers/2017-18/1.1.yaml";
    let path = replace_in(
        &root,
        standard,
        "headline: \"A member",
        "headline: \"One member",
    );
    incremental_matches_full(&root, &mut state, &mut served, &path);
    let path = replace_in(
        &root,
        standard,
        "rationale: |\n",
        "rationale: |\n  See [standard 2.1](std:2.1).\n",
    );
    incremental_matches_full(&root, &mut state, &mut served, &path);

    // The glossary: an expansion, shown wherever the term is mentioned.
    let path = replace_in(
        &root,
        "content/glossary.yaml",
        "ASMS: Area Security Management Specialist",
        "ASMS: Area Security Management Specialist (renamed)",
    );
    incremental_matches_full(&root, &mut state, &mut served, &path);
    assert!(text_of(&served, "glossary.html").contains("(renamed)"));
}

#[test]
fn an_edit_to_a_standard_of_a_diffed_edition_remakes_its_diff() {
    // A second edition, copied from the first with two standards reworded: the changes page
    // shows them, and an edit to a third changes the diff again.
    let site = example_copy();
    let root = site.path().canonicalize().unwrap();
    let from = root.join("content/standards/nhs-protect-providers/2017-18");
    let to = root.join("content/standards/nhs-protect-providers/2018-19");
    copy_dir(&from, &to);
    replace_in(
        &root,
        "content/standards/nhs-protect-providers/2018-19/edition.yaml",
        "published: 2017-04-01",
        "published: 2018-04-01",
    );
    replace_in(
        &root,
        "content/standards/nhs-protect-providers/2018-19/edition.yaml",
        "Standards for providers 2017-18",
        "Standards for providers 2018-19",
    );
    let new = "content/standards/nhs-protect-providers/2018-19/1.2.yaml";
    let text = std::fs::read_to_string(root.join(new)).unwrap();
    std::fs::write(
        root.join(new),
        text.replacen("headline: \"", "headline: \"Amended: ", 1),
    )
    .unwrap();
    let (mut state, mut served) = full(&root);
    let changes = "standards/nhs-protect-providers/2018-19/changes.html";
    assert!(served.contains_key(changes));

    let path = replace_in(
        &root,
        "content/standards/nhs-protect-providers/2018-19/1.1.yaml",
        "headline: \"A member",
        "headline: \"Amended: a member",
    );
    let before = text_of(&served, changes);
    incremental_matches_full(&root, &mut state, &mut served, &path);
    assert_ne!(
        text_of(&served, changes),
        before,
        "the changes page shows the edit"
    );
    // The old edition's side of the same diff.
    let path = replace_in(
        &root,
        "content/standards/nhs-protect-providers/2017-18/1.3.yaml",
        "headline: \"",
        "headline: \"Old: ",
    );
    incremental_matches_full(&root, &mut state, &mut served, &path);
    // Words neither edition had, in a field the other standards lack: `serve` numbers them
    // in the vocabulary it keeps, a full build in a new one; the diff is the same.
    let path = replace_in(
        &root,
        "content/standards/nhs-protect-providers/2018-19/1.2.yaml",
        "headline: \"",
        "title: \"Quixotic zephyr governance\"\nheadline: \"Xylophonic ",
    );
    incremental_matches_full(&root, &mut state, &mut served, &path);
    assert!(
        text_of(&served, changes).contains("Quixotic zephyr governance"),
        "the changes page names the standard by its new title"
    );
}
