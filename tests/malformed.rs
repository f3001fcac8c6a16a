//! Hostile and broken input, case by case: each gets exit code 1 (2 for book.toml), a
//! diagnostic that names the right file and line, no panic, and nothing written. Together with
//! `tests/errors.rs` these make the malformed-input suite.

mod common;

use common::*;

const STD: &str = "content/standards/cat/2020/1.1.yaml";
const POLICY: &str = "policies/security-policy.md";

struct Case {
    name: &'static str,
    files: Vec<(&'static str, String)>,
    code: i32,
    expect: Vec<&'static str>,
}

fn case(
    name: &'static str,
    files: &[(&'static str, &str)],
    code: i32,
    expect: &[&'static str],
) -> Case {
    Case {
        name,
        files: files.iter().map(|(p, t)| (*p, t.to_string())).collect(),
        code,
        expect: expect.to_vec(),
    }
}

/// What is wrong with the outcome of a case, if anything.
fn run(c: &Case) -> Option<String> {
    let files: Vec<(&str, &str)> = c.files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let site = small_site(&files);
    let o = policybook(&["build"], site.path());
    let err = stderr(&o);
    let mut wrong = Vec::new();
    if o.status.code() != Some(c.code) {
        wrong.push(format!(
            "exit code {:?}, expected {}",
            o.status.code(),
            c.code
        ));
    }
    if err.contains("panicked") {
        wrong.push("panicked".into());
    }
    if site.path().join("book").exists() {
        wrong.push("wrote book/".into());
    }
    wrong.extend(
        c.expect
            .iter()
            .filter(|e| !err.contains(**e))
            .map(|e| format!("no {e:?}")),
    );
    (!wrong.is_empty()).then(|| format!("{}: {}\n{err}", c.name, wrong.join("; ")))
}

#[test]
fn malformed_input_cases() {
    let nested = format!(
        "id: \"1.1\"\narea: governance\nheadline: {}x{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let bomb = {
        let mut y = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            y.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n", p = i - 1));
        }
        format!("id: \"1.1\"\narea: governance\nheadline: H\nrationale: x\n{y}")
    };
    let cases = vec![
        case(
            "tabs as indentation",
            &[(
                STD,
                "id: \"1.1\"\narea: governance\nheadline: H\ncriteria:\n\tmet: [a]\n",
            )],
            1,
            &["1.1.yaml:5:"],
        ),
        case(
            "unknown key with a suggestion",
            &[(STD, "id: \"1.1\"\narea: governance\nheadlin: H\n")],
            1,
            &[
                "unknown field `headlin`",
                "1.1.yaml:3:1",
                "did you mean headline?",
            ],
        ),
        case(
            "self-referencing cross-reference",
            &[(
                STD,
                "id: \"1.1\"\narea: governance\nheadline: See [this](std:1.1).\n",
            )],
            1,
            &["leads to the page it is on", "1.1.yaml:3:22"],
        ),
        case(
            "empty standard file",
            &[(STD, "\n")],
            1,
            &["content/standards/cat/2020/1.1.yaml:1:"],
        ),
        case(
            "empty edition file",
            &[("content/standards/cat/2020/edition.yaml", "\n")],
            1,
            &["content/standards/cat/2020/edition.yaml:1:"],
        ),
        case(
            "policy without front matter",
            &[(POLICY, "Just text.\n")],
            1,
            &["missing front matter", "policies/security-policy.md:1:1"],
        ),
        case(
            "front matter that is a list",
            &[(POLICY, "---\n- a\n- b\n---\nText\n")],
            1,
            &["policies/security-policy.md:2:"],
        ),
        case(
            "month 13",
            &[(
                POLICY,
                "---\ntitle: P\nkind: policy\napproved: 2019-13-01\n---\nText\n",
            )],
            1,
            &["month 13 is not 1-12", "policies/security-policy.md:4:11"],
        ),
        case(
            "unknown policy kind",
            &[(POLICY, "---\ntitle: P\nkind: memo\n---\nText\n")],
            1,
            &["memo", "policies/security-policy.md:3:7"],
        ),
        case(
            "duplicate area",
            &[(
                "content/standards/cat/2020/edition.yaml",
                "title: T\nareas:\n  - { id: governance, title: G }\n  - { id: governance, title: H }\n  - { id: prevention, title: P }\n",
            )],
            1,
            &["duplicate area \"governance\"", "edition.yaml:4:"],
        ),
        case(
            "an edition with no areas",
            &[("content/standards/cat/2020/edition.yaml", "title: T\n")],
            1,
            &[
                "lists no areas",
                "--> content/standards/cat/2020/edition.yaml",
            ],
        ),
        case(
            "guidance item with neither text nor ref",
            &[(
                STD,
                "id: \"1.1\"\narea: governance\nheadline: H\nguidance:\n  - items: [a]\n",
            )],
            1,
            &["needs `text` or `ref`", "1.1.yaml:5:"],
        ),
        case(
            "changes.yaml of the wrong shape",
            &[("content/standards/cat/2020/changes.yaml", "changes: no\n")],
            1,
            &["changes.yaml:1:10"],
        ),
        case(
            "glossary terms differing only by case",
            &[("content/glossary.yaml", "LSMS: A\nlsms: B\n")],
            1,
            &["differ only by case", "content/glossary.yaml:2:1"],
        ),
        case(
            "principles without a title",
            &[("content/principles/p.yaml", "principles: []\n")],
            1,
            &["`title` is missing", "content/principles/p.yaml:1:"],
        ),
        case(
            "guidance page without front matter",
            &[("content/guidance/g.md", "# Title\n")],
            1,
            &["missing front matter", "content/guidance/g.md:1:1"],
        ),
        case(
            "unknown edition in a cross-reference",
            &[(
                STD,
                "id: \"1.1\"\narea: governance\nheadline: \"[x](std:cat/1999/1.2)\"\n",
            )],
            1,
            &["no edition \"1999\" of cat", "1.1.yaml:3:16"],
        ),
        case(
            "unknown anchor in a policy",
            &[(
                "policies/other.md",
                "---\ntitle: O\nkind: policy\n---\nSee [5.9](policy:security-policy#5.9).\n",
            )],
            1,
            &[
                "no paragraph or heading \"5.9\" in policy security-policy (did you mean 5.1?)",
                "policies/other.md:5:11",
            ],
        ),
        case(
            "unknown anchor on a standard",
            &[(
                POLICY,
                "---\ntitle: P\nkind: policy\n---\nSee [x](std:1.1#mett).\n",
            )],
            1,
            &[
                "no anchor \"#mett\" on a standard page",
                "policies/security-policy.md:5:9",
            ],
        ),
        case(
            "template including a missing template",
            &[
                (
                    "book.toml",
                    "[book]\ntitle = \"T\"\n[build]\ntheme = \"mine\"\n",
                ),
                (
                    "themes/mine/templates/glossary.html",
                    "{% extends \"base.html\" %}\n{% block content %}{% include \"nowhere.html\" %}{% endblock %}\n",
                ),
            ],
            1,
            &["template error", "themes/mine/templates/glossary.html:2:"],
        ),
        case(
            "invalid cache-max-age",
            &[(
                "book.toml",
                "[book]\ntitle = \"T\"\n[check]\ncache-max-age = \"soon\"\n",
            )],
            2,
            &["invalid `check.cache-max-age`", "book.toml:4:1"],
        ),
        case(
            "empty title in book.toml",
            &[("book.toml", "[book]\ntitle = \"  \"\n")],
            2,
            &["`book.title` must not be empty", "book.toml:2:1"],
        ),
        case(
            "10,000-level nesting",
            &[(STD, nested.as_str())],
            1,
            &["1.1.yaml:3:"],
        ),
        case(
            // The schema is typed, so the aliases are never expanded: the first unknown key
            // stops the file.
            "YAML alias bomb",
            &[(STD, bomb.as_str())],
            1,
            &["unknown field `a0`", "1.1.yaml:5:1"],
        ),
        case(
            "file name with a space",
            &[(
                "policies/my policy.md",
                "---\ntitle: P\nkind: policy\n---\nText\n",
            )],
            1,
            &[
                "file name \"my policy.md\" has a space",
                "policies/my policy.md",
            ],
        ),
    ];
    assert!(cases.len() >= 25);
    let failures: Vec<String> = cases.iter().filter_map(run).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn a_50_megabyte_file_is_refused_quickly() {
    let site = small_site(&[]);
    let big = format!(
        "id: \"1.1\"\narea: governance\nheadline: H\nrationale: \"{}\"\n",
        "x".repeat(50 * 1024 * 1024)
    );
    std::fs::write(site.path().join(STD), big).unwrap();
    let start = std::time::Instant::now();
    let o = policybook(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("file is too large: 50 MiB, more than the 10 MiB"),
        "{}",
        stderr(&o)
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_content_is_an_error_not_a_hang() {
    let site = small_site(&[]);
    std::os::unix::fs::symlink("..", site.path().join("content/standards/cat/2020/loop")).unwrap();
    std::os::unix::fs::symlink(".", site.path().join("content/guidance")).unwrap_or(());
    let o = policybook(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/standards/cat/2020/loop"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn ids_that_differ_by_a_trailing_zero_are_kept_apart_and_non_ascii_names_work() {
    let site = small_site(&[
        (
            "content/standards/cat/2020/1.10.yaml",
            "id: \"1.10\"\narea: governance\nheadline: Ten.\n",
        ),
        (
            "policies/sécurité.md",
            "---\ntitle: Sécurité\nkind: policy\n---\nVoir [1.10](std:1.10) et [1.1](std:1.1).\n",
        ),
    ]);
    let o = policybook(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let p = std::fs::read_to_string(site.path().join("book/policies/sécurité.html")).unwrap();
    assert!(
        p.contains("href=\"../standards/cat/2020/1.10.html\"")
            && p.contains("href=\"../standards/cat/2020/1.1.html\"")
    );
    let e =
        std::fs::read_to_string(site.path().join("book/standards/cat/2020/index.html")).unwrap();
    assert!(e.find(">Standard 1.1<").unwrap() < e.find(">Standard 1.10<").unwrap());
}

#[test]
fn the_output_folder_is_never_one_the_user_did_not_mean() {
    let site = small_site(&[]);
    for dest in [".", "..", "/"] {
        let o = policybook(&["build", "--dest-dir", dest], site.path());
        assert_eq!(o.status.code(), Some(2), "{dest}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("refusing to build into"),
            "{}",
            stderr(&o)
        );
    }
    assert!(
        site.path().join("book.toml").exists(),
        "the site is untouched"
    );
    let o = policybook(&["build", "--dest-dir", "out"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
}
