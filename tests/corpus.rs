//! The benchmark corpus generator (`benches/gen_corpus.rs`), run small: the same seed makes the
//! same corpus, and the policybook site it writes builds and checks clean, with the policy
//! bodies the same text in all three tools' sources.

#[path = "../benches/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

mod common;

use common::*;

#[test]
fn a_50_page_corpus_is_deterministic_and_builds_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    // 50 pages: 10 policies, and 2 editions of 20 standards.
    gen_corpus::generate(&a, 10, 2, 20, 7);
    gen_corpus::generate(&b, 10, 2, 20, 7);
    assert_eq!(tree(&a), tree(&b), "the same seed, the same corpus");
    let other = tmp.path().join("c");
    gen_corpus::generate(&other, 10, 2, 20, 8);
    assert_ne!(tree(&a), tree(&other), "another seed, another corpus");

    let site = a.join("policybook");
    let files = tree(&site);
    let policies: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("policies/"))
        .collect();
    assert_eq!(policies.len(), 10);
    let standards = files
        .keys()
        .filter(|k| k.starts_with("content/standards/") && !k.ends_with("edition.yaml"))
        .count();
    assert_eq!(standards, 40);

    // The body of a policy is the same Markdown in the mdBook and Hugo sources (but for the
    // cross-references, which each tool writes as its own links): a line without links.
    let body = String::from_utf8_lossy(&files[policies[0]]).into_owned();
    let body = body.rsplit("\n---\n").next().unwrap().trim();
    let line = body
        .lines()
        .find(|l| l.len() > 40 && !l.contains("]("))
        .unwrap();
    for other in [a.join("mdbook"), a.join("hugo")] {
        let all: String = tree(&other)
            .values()
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .collect();
        assert!(all.contains(line), "{} has {line:?}", other.display());
    }

    let out = policybook(&["build", "--dest-dir", "out"], &site);
    assert!(out.status.success(), "{}", stderr(&out));
    let built = tree(&site.join("out"));
    let pages = built.keys().filter(|k| k.ends_with(".html")).count();
    assert!(pages >= 50, "{pages} pages");
    let out = policybook(&["check", "--offline"], &site);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(broken_internal_links(&built), Vec::<String>::new());
}
