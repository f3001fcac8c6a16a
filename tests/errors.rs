//! Bad input gets a rustc-style diagnostic naming file, line and column with a snippet, exit
//! code 1 (2 for book.toml), never a panic, and leaves the previous output untouched.

mod common;

use common::*;

const STD: &str = "content/standards/cat/2020/1.1.yaml";

/// Builds `site`, expecting failure with `code`; returns stderr after the common checks.
fn fails(site: &tempfile::TempDir, code: i32) -> String {
    let o = policybook(&["build"], site.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "exit code; stderr:\n{err}");
    assert!(!err.contains("panicked"), "no panic:\n{err}");
    assert!(
        !site.path().join("book").exists(),
        "nothing written:\n{err}"
    );
    err
}

fn assert_has(err: &str, parts: &[&str]) {
    for p in parts {
        assert!(err.contains(p), "expected {p:?} in:\n{err}");
    }
}

#[test]
fn the_small_site_builds() {
    let site = small_site(&[]);
    let o = policybook(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let policy =
        std::fs::read_to_string(site.path().join("book/policies/security-policy.html")).unwrap();
    assert!(policy.contains("id=\"5.1\""), "numbered paragraph anchor");
    assert!(
        policy.contains("href=\"../standards/cat/2020/2.1.html\""),
        "std: link resolved relative"
    );
    assert!(policy.contains(
        "href=\"../glossary.html#term-lsms\" title=\"Local Security Management Specialist\""
    ));
}

#[test]
fn yaml_syntax_error() {
    let site = small_site(&[(STD, "id: \"1.1\"\narea: governance\nheadline: [unclosed\n")]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "error:",
            "--> content/standards/cat/2020/1.1.yaml:",
            "headline: [unclosed",
        ],
    );
}

#[test]
fn wrong_type() {
    let site = small_site(&[(
        STD,
        "id: \"1.1\"\narea: governance\nheadline: H\ncriteria:\n  met: 5\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "invalid type: expected a list",
            "--> content/standards/cat/2020/1.1.yaml:5:8",
            "met: 5",
        ],
    );
    let site = small_site(&[(STD, "id: \"1.1\"\narea: governance\nheadline: [a, b]\n")]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "invalid type",
            "--> content/standards/cat/2020/1.1.yaml:3:11",
        ],
    );
}

#[test]
fn missing_required_key() {
    let site = small_site(&[(STD, "id: \"1.1\"\narea: governance\ncriteria: {}\n")]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "standard \"1.1\" has no `headline`",
            "--> content/standards/cat/2020/1.1.yaml:1:1",
            "add `headline:`",
        ],
    );
}

#[test]
fn unknown_key() {
    let site = small_site(&[(
        STD,
        "id: \"1.1\"\narea: governance\nheadline: H\nrationnale: x\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "unknown field `rationnale`",
            "--> content/standards/cat/2020/1.1.yaml:4:1",
        ],
    );
}

#[test]
fn duplicate_key() {
    let site = small_site(&[(
        STD,
        "id: \"1.1\"\narea: governance\nheadline: H\nheadline: H2\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "`headline` is written twice",
            "--> content/standards/cat/2020/1.1.yaml:4:1",
            // Both lines, in plain words.
            "`headline` is already written on line 3: keep one of the two",
        ],
    );
}

#[test]
fn duplicate_standard_id_differing_only_by_case() {
    let site = small_site(&[
        (
            "content/standards/cat/2020/a.1.yaml",
            "id: a.1\narea: governance\nheadline: H\n",
        ),
        (
            "content/standards/cat/2020/A.1.yaml",
            "id: A.1\narea: governance\nheadline: H\n",
        ),
    ]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "duplicate standard id",
            "a.1.yaml:1:5",
            "first defined in content/standards/cat/2020/A.1.yaml",
        ],
    );
}

#[test]
fn duplicate_reference_id() {
    let site = small_site(&[(
        "content/references.yaml",
        "- id: manual\n  title: A\n- id: manual\n  title: B\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "duplicate reference id \"manual\"",
            "--> content/references.yaml:3:7",
        ],
    );
}

#[test]
fn id_must_match_file_name() {
    let site = small_site(&[(STD, "id: \"1.10\"\narea: governance\nheadline: H\n")]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "standard id \"1.10\" does not match its file name \"1.1.yaml\"",
            "1.1.yaml:1:6",
        ],
    );
}

#[test]
fn unknown_area() {
    let site = small_site(&[(STD, "id: \"1.1\"\narea: governence\nheadline: H\n")]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "unknown area \"governence\"",
            "--> content/standards/cat/2020/1.1.yaml:2:7",
            "the areas of cat/2020 are: governance, prevention",
        ],
    );
}

#[test]
fn unresolved_cross_reference_in_yaml_points_at_it_and_suggests() {
    let site = small_site(&[(
        "content/standards/cat/2020/1.2.yaml",
        "id: \"1.2\"\narea: governance\nheadline: H\nrationale: |\n  First line.\n  See [lockdown](std:2.2) for more.\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "error: unknown standard \"2.2\" in cross-reference",
            "--> content/standards/cat/2020/1.2.yaml:6:18",
            "See [lockdown](std:2.2) for more.",
            "^^^^^^^ no standard 2.2 in cat/2020 (did you mean 2.1?)",
        ],
    );
}

#[test]
fn unresolved_cross_reference_in_a_policy_points_at_the_exact_column() {
    let site = small_site(&[(
        "policies/security-policy.md",
        "---\ntitle: P\nkind: policy\n---\n# Policy\n\nsee [the LSMS](term:LSNS) and [x](policy:nope#1.2).\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "unknown glossary term \"LSNS\" in cross-reference",
            "--> policies/security-policy.md:7:16",
            "no glossary term \"LSNS\" (did you mean LSMS?)",
            "unknown policy \"nope#1.2\"",
            "--> policies/security-policy.md:7:35",
        ],
    );
}

#[test]
fn unknown_reference_in_guidance_list() {
    let site = small_site(&[(
        STD,
        "id: \"1.1\"\narea: governance\nheadline: H\nguidance:\n  - ref: manuel\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "unknown reference \"manuel\" in guidance list",
            "1.1.yaml:5:10",
            "did you mean manual?",
        ],
    );
}

#[test]
fn unknown_standard_in_implements() {
    let site = small_site(&[(
        "policies/security-policy.md",
        "---\ntitle: P\nkind: policy\nimplements: [\"1.1\", \"cat/2020/9.9\"]\n---\nText.\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "unknown standard \"cat/2020/9.9\" in `implements`",
            "--> policies/security-policy.md:4:22",
        ],
    );
}

#[test]
fn template_syntax_error_in_a_theme() {
    let site = small_site(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\ntheme = \"mine\"\n",
        ),
        (
            "themes/mine/templates/standard.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ standard.id }</h1>\n{% endblock %}\n",
        ),
    ]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "template error",
            "--> themes/mine/templates/standard.html:3:",
        ],
    );
}

#[test]
fn template_undefined_variable_in_a_theme() {
    let site = small_site(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\ntheme = \"mine\"\n",
        ),
        (
            "themes/mine/templates/standard.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ standard.nmae }}</h1>\n{% endblock %}\n",
        ),
    ]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "template error: undefined value",
            "--> themes/mine/templates/standard.html:3:",
            "standard.nmae",
        ],
    );
}

#[test]
fn a_theme_overrides_default_templates_by_name() {
    let site = small_site(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\ntheme = \"mine\"\n",
        ),
        (
            "themes/mine/templates/standard.html",
            "{% extends \"base.html\" %}{% block content %}<h1>Custom {{ standard.id }}</h1>{% endblock %}",
        ),
        ("themes/mine/static/extra.css", "body{}"),
    ]);
    let o = policybook(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let s = std::fs::read_to_string(site.path().join("book/standards/cat/2020/1.1.html")).unwrap();
    assert!(
        s.contains("<h1>Custom 1.1</h1>"),
        "overridden template used"
    );
    assert!(
        s.contains("css/policybook.css"),
        "default base template still used"
    );
    assert!(
        site.path().join("book/extra.css").exists()
            && site.path().join("book/css/policybook.css").exists()
    );
}

#[test]
fn book_toml_errors_exit_2() {
    let site = small_site(&[(
        "book.toml",
        "[book]\ntitle = \"T\"\n[build]\nthem = \"x\"\n",
    )]);
    let err = fails(&site, 2);
    assert_has(&err, &["invalid book.toml", "--> book.toml:4:1"]);
    let site = small_site(&[(
        "book.toml",
        "[book]\ntitle = \"T\"\n[build]\ntheme = \"nowhere\"\n",
    )]);
    let err = fails(&site, 2);
    assert_has(&err, &["theme \"nowhere\" not found"]);
    let missing = tempfile::tempdir().unwrap();
    let o = policybook(&["build"], missing.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"));
}

#[test]
fn unterminated_front_matter_and_bad_dates() {
    let site = small_site(&[(
        "policies/security-policy.md",
        "---\ntitle: P\nkind: policy\n\nText.\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "unterminated front matter",
            "--> policies/security-policy.md:1:1",
        ],
    );
    let site = small_site(&[(
        "policies/security-policy.md",
        "---\ntitle: P\nkind: policy\napproved: 2019-07-01\nreview: 2019-02-30\n---\nText.\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "day 30 is not in that month",
            "--> policies/security-policy.md:5:",
        ],
    );
    let site = small_site(&[(
        "policies/security-policy.md",
        "---\ntitle: P\nkind: policy\napproved: 2019-07-01\nreview: 2018-03-31\n---\nText.\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "review date 2018-03-31 is before the approval date 2019-07-01",
            "--> policies/security-policy.md:5:9",
        ],
    );
}

#[test]
fn invalid_utf8_and_unexpected_files_are_errors_not_skips() {
    let site = small_site(&[]);
    std::fs::write(site.path().join(STD), b"id: \"1.1\"\nheadline: caf\xe9\n").unwrap();
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "file is not valid UTF-8",
            "--> content/standards/cat/2020/1.1.yaml:2:14",
        ],
    );
    let site = small_site(&[("content/standards/cat/2020/notes.txt", "x")]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "unexpected file in content",
            "content/standards/cat/2020/notes.txt",
        ],
    );
}

#[test]
fn byte_order_mark_and_crlf_line_endings_work() {
    let site = small_site(&[
        (
            STD,
            "\u{feff}id: \"1.1\"\r\narea: governance\r\nheadline: A board member leads.\r\n",
        ),
        (
            "policies/security-policy.md",
            "\u{feff}---\r\ntitle: P\r\nkind: policy\r\n---\r\n5.1 Text with [a](std:1.1).\r\n",
        ),
    ]);
    let o = policybook(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let p =
        std::fs::read_to_string(site.path().join("book/policies/security-policy.html")).unwrap();
    assert!(p.contains("id=\"5.1\"") && p.contains("../standards/cat/2020/1.1.html"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = small_site(&[]);
    let o = policybook(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let before = tree(&site.path().join("book"));
    std::fs::write(
        site.path().join(STD),
        "id: \"1.1\"\narea: governance\nheadline: [broken\n",
    )
    .unwrap();
    let o = policybook(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the previous output is unchanged"));
    assert_eq!(
        tree(&site.path().join("book")),
        before,
        "book/ byte-identical after the failed build"
    );
    let names: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".book")),
        "no staging folder left: {names:?}"
    );
}

#[test]
fn raw_html_and_script_injection_are_sanitised() {
    let site = small_site(&[(
        "content/standards/cat/2020/1.2.yaml",
        "id: \"1.2\"\narea: governance\nheadline: \"<script>alert(1)</script>Head <img src=x onerror=alert(2)>\"\nrationale: |\n  [click](javascript:alert(3)) and {{ site.title }} and <b onclick=\"x()\">bold</b>\n",
    )]);
    let o = policybook(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let s = std::fs::read_to_string(site.path().join("book/standards/cat/2020/1.2.html")).unwrap();
    assert!(
        !s.contains("<script>alert")
            && !s.contains("onerror")
            && !s.contains("javascript:")
            && !s.contains("onclick"),
        "{s}"
    );
    assert!(
        s.contains("{{ site.title }}"),
        "template syntax in content is text"
    );
    assert!(s.contains("<b>bold</b>"));
}

#[test]
fn new_creates_a_site_that_builds_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let o = policybook(&["new", "mysite"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = policybook(&["build", "mysite"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let policy =
        std::fs::read_to_string(tmp.path().join("mysite/book/policies/security-policy.html"))
            .unwrap();
    assert!(
        policy.contains("<a class=\"xref xref-policy\" href=\"#1.1\">paragraph 1.1</a>"),
        "policy: link to its own paragraph"
    );
    assert!(policy.contains("../standards/example/2025/3.1.html"));
    let o = policybook(&["new", "mysite"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists and is not empty"));
}

#[test]
fn addresses_that_could_run_code_are_errors() {
    let site = small_site(&[(
        STD,
        "id: \"1.1\"\narea: governance\nheadline: H\nlinks:\n  - title: T\n    url: \"javascript:alert(1)\"\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "address \"javascript:alert(1)\" is not allowed",
            "--> content/standards/cat/2020/1.1.yaml:6:11",
        ],
    );
    let site = small_site(&[(
        "content/references.yaml",
        "- id: manual\n  title: M\n  url: \"data:text/html,x\"\n",
    )]);
    let err = fails(&site, 1);
    assert_has(
        &err,
        &[
            "address \"data:text/html,x\" is not allowed",
            "--> content/references.yaml:3:",
        ],
    );
}

#[test]
fn raw_html_passes_only_when_book_toml_allows_it() {
    let body = "---\ntitle: P\nkind: policy\n---\n<details><summary>More</summary><p style=\"color:red\">x</p></details>\n";
    let site = small_site(&[("policies/security-policy.md", body)]);
    assert!(policybook(&["build"], site.path()).status.success());
    let html =
        std::fs::read_to_string(site.path().join("book/policies/security-policy.html")).unwrap();
    assert!(
        html.contains("<details><summary>More</summary><p>x</p></details>"),
        "sanitised: {html}"
    );
    let site = small_site(&[
        ("policies/security-policy.md", body),
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\nallow-html = true\n",
        ),
    ]);
    assert!(policybook(&["build"], site.path()).status.success());
    let html =
        std::fs::read_to_string(site.path().join("book/policies/security-policy.html")).unwrap();
    assert!(
        html.contains("<p style=\"color:red\">x</p>"),
        "allowed: {html}"
    );
}
