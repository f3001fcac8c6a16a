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
    // Checked from the model (no build): the links of the pages that show a link the resolver
    // cannot vouch for (one policy, and the older versions' pages) and the cross-references
    // the resolver resolved.
    assert!(
        v["checked"].as_u64().unwrap() > 100,
        "the links of the pages rendered and the cross-references: {}",
        v["checked"]
    );
    assert_eq!(v["broken"].as_array().unwrap().len(), 0, "{out}");
    // Two documents of the example are past their review date.
    let w = v["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 2, "{out}");
    assert!(w.iter().all(|w| w["kind"] == "review"));
    // In the order of the site: folder (`local/` before `national/`), then name.
    assert_eq!(
        w[0]["source"],
        "policies/local/west-essex-ccg-security-management-policy.md"
    );
    assert_eq!(w[0]["line"], 8);
    assert_eq!(
        w[1]["source"],
        "policies/national/nhse-cloud-apps-guidance.md"
    );
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
            // A policy's links: on its page and on its print view.
            (
                "internal".into(),
                "policies/security-policy.md".into(),
                7,
                20,
                "../forms/missing.pdf".into()
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
    assert_eq!(broken[4]["reason"], "no element with id \"nope\"");
    assert_eq!(broken[4]["page"], "policies/security-policy.html");
    assert_eq!(broken[5]["page"], "policies/security-policy.print.html");

    let (_, gh, _) = check(site.path(), &["--format", "github"]);
    assert!(gh.contains("::error file=policies/security-policy.md,line=7,col=20,title=policybook check%3A internal::internal link ../forms/missing.pdf"), "{gh}");
    let (_, junit, _) = check(site.path(), &["--format", "junit"]);
    assert!(
        junit.starts_with("<?xml")
            && junit.contains("failures=\"7\"")
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
    assert!(human.contains("7 broken"), "{human}");
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

/// How `check` checked: it read the last build's pages, checked from the model (rendering
/// only the pages that can hold a broken link), or rendered every page in memory.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Ran {
    Build,
    Model,
    Render,
}

/// `check --offline --format json` with phase timings on: the report, and which path ran, told
/// by the timings' phase names.
fn timed_check(site: &std::path::Path) -> (Option<i32>, serde_json::Value, Ran) {
    let o = policybook_env(
        &["check", "--offline", "--format", "json"],
        site,
        &[("POLICYBOOK_TIMINGS", "1")],
    );
    let report = serde_json::from_slice(&o.stdout).expect("json report");
    let err = stderr(&o);
    let path = match (
        err.contains("timing: render "),
        err.contains("timing: model check"),
    ) {
        (true, false) => Ran::Render,
        (false, true) => Ran::Model,
        (false, false) => Ran::Build,
        (true, true) => panic!("both paths ran: {err}"),
    };
    (o.status.code(), report, path)
}

/// What must be the same whichever way `check` went: the broken links and the warnings. The
/// count of links checked differs: from the build every link of every page, from the model
/// the links of the pages rendered and the cross-references resolved.
fn problems(report: &serde_json::Value) -> (&serde_json::Value, &serde_json::Value) {
    (&report["broken"], &report["warnings"])
}

#[test]
fn check_after_a_build_reads_that_build_only_while_it_is_of_the_current_sources() {
    let site = small_site(&[]);
    let root = site.path();
    let (code, from_sources, path) = timed_check(root);
    assert_eq!(code, Some(0));
    assert_eq!(
        path,
        Ran::Model,
        "no build yet, the built-in templates: checked from the model"
    );

    let o = policybook(&["build", "--dest-dir", "out"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !root.join("out/.policybook").exists() && root.join(".policybook/build.json").exists(),
        "the manifest is kept in the site's state folder, not in the output"
    );
    let (code, from_build, path) = timed_check(root);
    assert_eq!(code, Some(0));
    assert_eq!(
        path,
        Ran::Build,
        "the build is of the current sources: its pages are read"
    );
    assert_eq!(
        problems(&from_build),
        problems(&from_sources),
        "the same problems either way"
    );
    assert!(from_build["checked"].as_u64() > Some(0));

    // An edit after the build: the build no longer stands for the sources, and the new broken
    // link is found, at its line.
    let policy = root.join("policies/security-policy.md");
    let good = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(
        &policy,
        format!("{good}\n5.2 See [gone](../nowhere.html).\n"),
    )
    .unwrap();
    let (code, report, path) = timed_check(root);
    assert_eq!(path, Ran::Model);
    assert_eq!(code, Some(1));
    assert_eq!(report["broken"][0]["source"], "policies/security-policy.md");
    assert_eq!(report["broken"][0]["line"], 10);

    // Built again, broken: the build is read, and its broken link is still reported at its
    // source line (found by building in memory).
    let o = policybook(&["build", "--dest-dir", "out"], root);
    assert!(
        o.status.success(),
        "a broken link does not stop a build: {}",
        stderr(&o)
    );
    let (code, report, path) = timed_check(root);
    assert_eq!(code, Some(1));
    assert_eq!(path, Ran::Model, "traced to its source from the model");
    assert_eq!(report["broken"][0]["line"], 10);

    // Fixed and built: read from the build again. Then the output changed by hand (a page
    // removed): not the build the manifest describes, so built again in memory.
    std::fs::write(&policy, &good).unwrap();
    assert!(
        policybook(&["build", "--dest-dir", "out"], root)
            .status
            .success()
    );
    let (code, report, path) = timed_check(root);
    assert_eq!((code, path), (Some(0), Ran::Build));
    assert_eq!(problems(&report), problems(&from_sources));
    std::fs::remove_file(root.join("out/glossary.html")).unwrap();
    let (code, report, path) = timed_check(root);
    assert_eq!((code, path), (Some(0), Ran::Model));
    assert_eq!(report, from_sources, "the same path: the same report");
}

/// Builds the site into `out`; `check` then reads that build, and passes.
fn build_then_check_reads_it(root: &std::path::Path) {
    let o = policybook(&["build", "--dest-dir", "out"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    let (code, _, path) = timed_check(root);
    assert_eq!((code, path), (Some(0), Ran::Build), "check reads the build");
}

/// After `why`, `check` no longer trusts the build, checks the sources (from the model with
/// the built-in templates, else rendering every page: `expected`) and finds a broken link.
fn check_builds_again_and_fails(root: &std::path::Path, why: &str, expected: Ran) {
    let (code, report, path) = timed_check(root);
    assert_eq!(
        path, expected,
        "{why}: the build no longer stands for the sources"
    );
    assert_eq!(code, Some(1), "{report}");
}

#[test]
fn check_after_a_build_sees_edits_to_catalogues_outside_content() {
    // An OpenControl catalogue in `data/`, outside the folders whose files are fingerprinted
    // by time: it is fingerprinted by content.
    let site = site(&[
        ("book.toml", BOOK_TOML),
        (
            "content/standards/oc/v1/edition.yaml",
            "title: Controls\npublisher: P\nopencontrol: ../../../../data/controls.yaml\nareas:\n  - { id: AC, title: Access Control }\n",
        ),
        (
            "data/controls.yaml",
            "name: Controls\nAC-1:\n  family: AC\n  name: Policy\n  description: See [AC-2](std:AC-2).\nAC-2:\n  family: AC\n  name: Accounts\n",
        ),
    ]);
    let root = site.path();
    build_then_check_reads_it(root);

    // A link to a control that is not there, written into the catalogue: found.
    let data = root.join("data/controls.yaml");
    let text = std::fs::read_to_string(&data).unwrap();
    std::fs::write(&data, text.replace("(std:AC-2)", "(../nowhere.html)")).unwrap();
    check_builds_again_and_fails(root, "the catalogue changed", Ran::Model);
}

#[test]
fn check_after_a_build_sees_edits_to_a_theme_outside_themes() {
    let site = small_site(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\ntheme = \"look\"\n",
        ),
        (
            "look/templates/references.html",
            "{% extends \"base.html\" %}{% block content %}<a href=\"../glossary.html\">G</a>{% endblock %}\n",
        ),
    ]);
    let root = site.path();
    build_then_check_reads_it(root);

    std::fs::write(
        root.join("look/templates/references.html"),
        "{% extends \"base.html\" %}{% block content %}<a href=\"../gone.html\">G</a>{% endblock %}\n",
    )
    .unwrap();
    check_builds_again_and_fails(root, "the theme changed", Ran::Render);
}

#[test]
fn check_after_a_build_sees_an_edit_that_keeps_the_size_and_the_time() {
    // One letter changed, and the file's time put back (as `touch -r`, `rsync -t` or an
    // unpacked archive do): the size and the time agree with the build, the bytes do not.
    let policy = "---\ntitle: Security Policy\nkind: policy\n---\n## 5 Roles\n\n5.1 See [the glossary](../glossary.html).\n";
    let site = small_site(&[("policies/security-policy.md", policy)]);
    let root = site.path();
    build_then_check_reads_it(root);

    let path = root.join("policies/security-policy.md");
    let time = std::fs::metadata(&path).unwrap().modified().unwrap();
    let edited = policy.replace("glossary.html", "glossarx.html");
    assert_eq!(edited.len(), policy.len());
    std::fs::write(&path, edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(time)
        .unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), time);
    check_builds_again_and_fails(root, "one letter of a policy changed", Ran::Model);
}

/// Built without the `external` feature (the default since it costs 260 crates), `--external`
/// says how to get it instead of checking nothing.
#[cfg(not(feature = "external"))]
#[test]
fn external_checking_without_the_feature_says_how_to_get_it() {
    let site = small_site(&[]);
    let o = policybook(&["check", "--external"], site.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("without external link checking"), "{err}");
    assert!(err.contains("--features external"), "{err}");
}

#[test]
fn a_broken_absolute_link_in_a_policy_is_found_from_the_model_at_its_line() {
    let site = small_site(&[(
        "policies/security-policy.md",
        "---\ntitle: Security Policy\nkind: policy\n---\n## 5 Roles\n\n5.1 See [the glossary](/glossary.html)\nand [the old intranet](/intranet/security.html).\n",
    )]);
    let (code, report, ran) = timed_check(site.path());
    assert_eq!(ran, Ran::Model, "no build, the built-in templates");
    assert_eq!(code, Some(1), "{report}");
    let broken = report["broken"].as_array().unwrap();
    // On the policy's page and on its print view; the working link is not reported.
    assert_eq!(broken.len(), 2, "{report}");
    for (b, page) in broken.iter().zip([
        "policies/security-policy.html",
        "policies/security-policy.print.html",
    ]) {
        assert_eq!(b["kind"], "internal");
        assert_eq!(b["source"], "policies/security-policy.md");
        assert_eq!(
            (b["line"].as_u64(), b["column"].as_u64()),
            (Some(8), Some(24))
        );
        assert_eq!(b["url"], "/intranet/security.html");
        assert_eq!(
            b["reason"],
            "no page or file \"intranet/security.html\" in the site"
        );
        assert_eq!(b["page"], page);
    }
    let (_, human, _) = check(site.path(), &["--offline"]);
    assert!(
        human.contains(
            "policies/security-policy.md\n  8:24: error: internal link /intranet/security.html"
        ),
        "{human}"
    );
}
