//! `policybook check`: internal links and anchors of every page, reported at the content file
//! or template line that holds them; overdue reviews as warnings, errors with --strict.

mod common;

use common::*;

fn check(site: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let o = policybook(&all, site);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr(&o),
    )
}

#[test]
fn the_example_site_passes_offline_with_its_overdue_reviews_as_warnings() {
    let (code, out, err) = check(&example_root(), &["--offline", "--format", "json"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["checked"].as_u64().unwrap() > 1000,
        "every link of every page: {}",
        v["checked"]
    );
    assert_eq!(v["broken"].as_array().unwrap().len(), 0, "{out}");
    // Two documents of the example are past their review date.
    let w = v["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 2, "{out}");
    assert!(w.iter().all(|w| w["kind"] == "review"));
    assert_eq!(w[0]["source"], "policies/nhse-cloud-apps-guidance.md");
    assert_eq!(
        w[1]["source"],
        "policies/west-essex-ccg-security-management-policy.md"
    );
    assert_eq!(w[1]["line"], 8);
    let (code, out, _) = check(&example_root(), &["--offline", "--strict"]);
    assert_eq!(
        code,
        Some(1),
        "--strict makes the overdue review an error:\n{out}"
    );
    assert!(out.contains("8:9: error: review overdue"), "{out}");
}

#[test]
fn broken_links_are_reported_at_their_source_line_in_every_format() {
    let site = small_site(&[
        (
            "policies/security-policy.md",
            "---\ntitle: Security Policy\nkind: policy\n---\n## 1 Scope\n\n1.1 See [the form](../forms/missing.pdf) and\n[the criteria](../standards/cat/2020/1.1.html#nope) and [ok](../standards/cat/2020/1.1.html#met).\n",
        ),
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\ntheme = \"mine\"\n",
        ),
        (
            "themes/mine/templates/glossary.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>Glossary</h1>\n<a href=\"{{ root }}no-such-page.html\">x</a>\n{% endblock %}\n",
        ),
    ]);
    let (code, out, err) = check(site.path(), &["--format", "json"]);
    assert_eq!(code, Some(1), "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let broken = v["broken"].as_array().unwrap();
    let got: Vec<(String, String, u64, u64, String)> = broken
        .iter()
        .map(|b| {
            (
                b["kind"].as_str().unwrap().to_string(),
                b["source"].as_str().unwrap().to_string(),
                b["line"].as_u64().unwrap(),
                b["column"].as_u64().unwrap(),
                b["url"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // The custom glossary template lost the terms' anchors: each link to one is
            // reported where the content writes it.
            (
                "fragment".into(),
                "content/standards/cat/2020/1.1.yaml".into(),
                7,
                33,
                "../../../glossary.html#term-lsms".into()
            ),
            // ... on the standard's page and on the edition's printable page.
            (
                "fragment".into(),
                "content/standards/cat/2020/1.1.yaml".into(),
                7,
                33,
                "../../../glossary.html#term-lsms".into()
            ),
            (
                "internal".into(),
                "policies/security-policy.md".into(),
                7,
                20,
                "../forms/missing.pdf".into()
            ),
            (
                "fragment".into(),
                "policies/security-policy.md".into(),
                8,
                16,
                "../standards/cat/2020/1.1.html#nope".into()
            ),
            (
                "internal".into(),
                "themes/mine/templates/glossary.html".into(),
                4,
                20,
                "no-such-page.html".into()
            ),
        ]
    );
    assert_eq!(broken[3]["reason"], "no element with id \"nope\"");
    assert_eq!(broken[3]["page"], "policies/security-policy.html");

    let (_, gh, _) = check(site.path(), &["--format", "github"]);
    assert!(gh.contains("::error file=policies/security-policy.md,line=7,col=20,title=policybook check%3A internal::internal link ../forms/missing.pdf"), "{gh}");
    let (_, junit, _) = check(site.path(), &["--format", "junit"]);
    assert!(
        junit.starts_with("<?xml")
            && junit.contains("failures=\"5\"")
            && junit.contains("line=\"8\""),
        "{junit}"
    );
    let (_, human, _) = check(site.path(), &[]);
    assert!(
        human.contains(
            "policies/security-policy.md\n  7:20: error: internal link ../forms/missing.pdf"
        ),
        "{human}"
    );
    assert!(human.contains("5 broken"), "{human}");
}

#[test]
fn content_errors_stop_the_check_with_diagnostics() {
    let site = small_site(&[(
        "content/standards/cat/2020/1.1.yaml",
        "id: \"1.1\"\narea: nowhere\nheadline: H\n",
    )]);
    let (code, _, err) = check(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown area \"nowhere\""), "{err}");
}
