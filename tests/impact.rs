//! What a new edition means for each policy (issue 18): a claim is on one edition (written, or
//! the one current when the policy was approved) and never moves on its own; an old number's
//! error follows the lineage; each policy page, the review and coverage pages, `check` and
//! `policybook impact` say what became of every claimed standard, until the policy records
//! `reviewed_against`.

mod common;

use common::*;

const ED21: &str = "title: Test standards 2021\npublisher: Test Publisher\npublished: 2021-04-01\nareas:\n  - id: governance\n    title: Governance\n  - id: prevention\n    title: Prevention\n";

/// 1.1 of the small site, word for word: unchanged in 2021.
const S11: &str = "id: \"1.1\"\narea: governance\nheadline: A board member leads security work.\ncriteria:\n  not_met: [\"No lead.\"]\n  partially_met: []\n  met: [\"A lead, see [the LSMS](term:LSMS).\"]\nguidance:\n  - ref: manual\n  - Staff surveys\n";

/// The policy's claims: one standard of 2020 for each kind of change.
const CLAIMS: &str = "implements: [\"1.1\", \"1.2\", \"2.1\", \"1.3\", \"2.3\", \"3.1\", \"3.2\"]";

fn policy(front: &str) -> String {
    format!(
        "---\ntitle: Security Policy\nkind: policy\nowner: Head of Security\n{front}\n---\n## 1 Scope\n\n1.1 Crime is prevented ([the standard](std:cat/2.1)).\n"
    )
}

/// Two editions of `cat`, every kind of change declared: 1.1 unchanged, 1.2 amended, 2.1
/// renumbered to 2.5 (and a new, different 2.1 added, as CAF 4.0 did with A2.b), 1.3 and 2.2
/// merged into 1.4, 2.3 split into 2.6 and 2.7, 3.1 withdrawn into 1.1, 3.2 removed.
fn two_editions(policy_front: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let text = policy(policy_front);
    let mut files: Vec<(&str, &str)> = vec![
        (
            "content/standards/cat/2020/1.3.yaml",
            "id: \"1.3\"\narea: governance\nheadline: Security reports reach the board every quarter.\n",
        ),
        (
            "content/standards/cat/2020/2.2.yaml",
            "id: \"2.2\"\narea: prevention\nheadline: Incidents are reported to the board.\n",
        ),
        (
            "content/standards/cat/2020/2.3.yaml",
            "id: \"2.3\"\narea: prevention\nheadline: Doors are locked and alarms are tested.\n",
        ),
        (
            "content/standards/cat/2020/3.1.yaml",
            "id: \"3.1\"\narea: prevention\nheadline: Visitors sign in at reception.\n",
        ),
        (
            "content/standards/cat/2020/3.2.yaml",
            "id: \"3.2\"\narea: prevention\nheadline: Fax machines are kept in locked rooms.\n",
        ),
        ("content/standards/cat/2021/edition.yaml", ED21),
        ("content/standards/cat/2021/1.1.yaml", S11),
        (
            "content/standards/cat/2021/1.2.yaml",
            "id: \"1.2\"\narea: governance\nheadline: The board supports it and funds it.\nrationale: |\n  Support matters.\n",
        ),
        (
            "content/standards/cat/2021/1.4.yaml",
            "id: \"1.4\"\narea: governance\nheadline: Security reports and incidents reach the board every quarter.\nprevious: [\"1.3\", \"2.2\"]\n",
        ),
        (
            "content/standards/cat/2021/2.1.yaml",
            "id: \"2.1\"\narea: prevention\nheadline: Staff know the threats to the trust.\n",
        ),
        (
            "content/standards/cat/2021/2.5.yaml",
            "id: \"2.5\"\narea: prevention\nheadline: Prevent crime.\nprevious: \"2.1\"\n",
        ),
        (
            "content/standards/cat/2021/2.6.yaml",
            "id: \"2.6\"\narea: prevention\nheadline: Doors are locked.\nprevious: \"2.3\"\n",
        ),
        (
            "content/standards/cat/2021/2.7.yaml",
            "id: \"2.7\"\narea: prevention\nheadline: Alarms are tested.\nprevious: \"2.3\"\n",
        ),
        (
            "content/standards/cat/2021/3.1.yaml",
            "id: \"3.1\"\narea: prevention\nwithdrawn:\n  into: [\"1.1\"]\n",
        ),
        ("policies/security-policy.md", &text),
    ];
    files.extend_from_slice(extra);
    small_site(&files)
}

const APPROVED: &str = "approved: 2020-06-01\nreview: 2030-01";

#[test]
fn a_claim_without_an_edition_is_on_the_edition_current_at_approval_and_the_page_says_what_became_of_it()
 {
    let site = two_editions(&format!("{APPROVED}\n{CLAIMS}"), &[]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page = built_page(site.path(), "policies/security-policy.html");
    // The claims are on 2020 (approved 2020-06-01; 2021 was published 2021-04-01).
    assert!(
        page.contains("href=\"../standards/cat/2020/2.1.html\""),
        "{page}"
    );
    let implements = &page[page.find("id=\"implements\"").unwrap()..];
    let implements = &implements[..implements.find("</section>").unwrap()];
    assert!(!implements.contains("cat/2021/"), "{implements}");
    // So are the references of its text: 2020's 2.1, not the 2.1 that 2021 gave another standard.
    assert!(
        page.contains("href=\"../standards/cat/2020/2.1.html\">the standard</a>"),
        "{page}"
    );
    let section = &page[page.find("id=\"impact-cat\"").expect("impact section")..];
    let row = |id: &str| {
        let at = section
            .find(&format!("cat/2020/{id}.html\">{id}</a>"))
            .unwrap_or_else(|| panic!("no row for {id}"));
        let end = section[at..].find("</tr>").unwrap() + at;
        section[at..end].to_string()
    };
    assert!(row("1.1").contains("<strong>unchanged</strong>"));
    assert!(row("1.2").contains("<strong>amended</strong>"));
    assert!(
        row("1.2").contains("<details class=\"nhsuk-details impact-diff\">"),
        "the words that changed"
    );
    // 2021 has a 2.1 too, but another standard: the claim on 2020's 2.1 follows its lineage.
    assert!(
        row("2.1").contains("<strong>renumbered to 2.5</strong>"),
        "{}",
        row("2.1")
    );
    assert!(row("1.3").contains("<strong>merged into 1.4 (with 2.2)</strong>"));
    assert!(row("2.3").contains("<strong>split into 2.6, 2.7</strong>"));
    assert!(row("3.1").contains("<strong>withdrawn (its successors: 1.1)</strong>"));
    assert!(row("3.2").contains("<strong>removed</strong>"));
    assert!(row("3.2").contains("no standard of this edition continues it"));
    // What the new edition added in its area is offered instead: 2021's new 2.1.
    assert!(
        row("3.2").contains("new in its area: <a href=\"../standards/cat/2021/2.1.html\">2.1</a>"),
        "{}",
        row("3.2")
    );
    // A review is asked for, naming what to look at in the new edition.
    assert!(
        section.contains("<strong>Review needed:</strong>"),
        "{section}"
    );
    for id in ["1.2", "2.5", "1.4", "2.6", "2.7", "1.1"] {
        assert!(
            section.contains(&format!(
                "href=\"../standards/cat/2021/{id}.html\">{id}</a>"
            )),
            "look at {id}"
        );
    }
    // The review page lists it as awaiting review against 2021.
    let review = built_page(site.path(), "policies/review.html");
    assert!(
        review.contains("Awaiting review against a new edition (1)"),
        "{review}"
    );
    assert!(review.contains("2.1 renumbered to 2.5"), "{review}");
    let json: serde_json::Value =
        serde_json::from_str(&built_page(site.path(), "policies/reviews.json")).unwrap();
    assert_eq!(
        json["policies"][0]["awaiting_review_against"],
        serde_json::json!(["cat/2021"])
    );
    // Coverage per edition: the claimed edition's table, and the newest with the older claims.
    let coverage = built_page(site.path(), "policies/coverage.html");
    assert!(
        coverage.contains("Test standards 2020</a></h2>"),
        "{coverage}"
    );
    assert!(
        coverage.contains("Test standards 2021</a></h2>"),
        "{coverage}"
    );
    assert!(coverage.contains("Claims on older editions"), "{coverage}");
    assert!(coverage.contains("No: awaiting review"), "{coverage}");
}

#[test]
fn a_policy_reviewed_against_the_new_edition_is_no_longer_asked_for_a_review() {
    let site = two_editions(
        &format!("{APPROVED}\n{CLAIMS}\nreviewed_against: {{cat: \"2021\"}}"),
        &[],
    );
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page = built_page(site.path(), "policies/security-policy.html");
    assert!(!page.contains("Review needed"), "{page}");
    assert!(page.contains("was reviewed against edition 2021"), "{page}");
    // What became of each claim stays shown.
    assert!(page.contains("renumbered to 2.5"));
    let review = built_page(site.path(), "policies/review.html");
    assert!(!review.contains("Awaiting review against a new edition"));
    assert!(
        built_page(site.path(), "policies/reviews.json")
            .contains("\"awaiting_review_against\": []")
    );
    let o = policybook(&["check", "--offline", "--strict"], site.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn a_withdrawn_policy_is_not_asked_for_a_review() {
    let site = two_editions(&format!("status: withdrawn\n{APPROVED}\n{CLAIMS}"), &[]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page = built_page(site.path(), "policies/security-policy.html");
    assert!(!page.contains("Review needed"), "{page}");
    assert!(page.contains("Test standards 2021 changed standards this policy claims."));
    let o = policybook(&["check", "--offline", "--strict"], site.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn check_warns_of_an_unreviewed_policy_and_strict_fails_whether_built_or_not() {
    let site = two_editions(&format!("{APPROVED}\n{CLAIMS}"), &[]);
    // Not built: checked in memory.
    let o = policybook(&["check", "--offline"], site.path());
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains(
            "warning: review needed: cat/2021 changed standards \"Security Policy\" claims"
        ),
        "{out}"
    );
    assert!(out.contains("2.1 renumbered to 2.5"), "{out}");
    assert!(out.contains("reviewed_against: {cat: \"2021\"}"), "{out}");
    // At the first changed claim: line 7 of the file, the 1.2 of `implements`.
    assert!(out.contains("policies/security-policy.md\n  7:"), "{out}");
    let strict = policybook(&["check", "--offline", "--strict"], site.path());
    assert_eq!(strict.status.code(), Some(1));
    // Built: the build on disk is checked, its manifest carrying the warning.
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let strict = policybook(&["check", "--offline", "--strict"], site.path());
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stdout).contains("error: review needed"));
}

#[test]
fn a_claim_without_an_edition_needs_an_approval_date_when_there_are_two_editions() {
    let site = two_editions("implements: [\"cat/1.2\"]", &[]);
    build_fails_with(
        site.path(),
        &[
            "unknown standard \"cat/1.2\" in `implements`",
            "policies/security-policy.md:5:",
            "cat has editions 2020, 2021, and the policy has no `approved` date",
            "write cat/<edition>/1.2, such as cat/2021/1.2",
        ],
    );
    // Approved before any edition was published: no edition was current.
    let site = two_editions("approved: 2019-01-01\nimplements: [\"1.2\"]", &[]);
    build_fails_with(
        site.path(),
        &["no edition of cat was published by 2019-01-01, when the policy was approved"],
    );
    // Two editions without a `published` date: which was current cannot be told.
    let undated = |e: &str| {
        e.replace("published: 2020-04-01\n", "")
            .replace("published: 2021-04-01\n", "")
    };
    let (e20, e21) = (undated(EDITION), undated(ED21));
    let site = two_editions(
        "approved: 2022-01-01\nimplements: [\"1.2\"]",
        &[
            ("content/standards/cat/2020/edition.yaml", &e20),
            ("content/standards/cat/2021/edition.yaml", &e21),
        ],
    );
    build_fails_with(
        site.path(),
        &[
            "editions 2020 and 2021 of cat have no `published` date, so which was current when the policy was approved (2022-01-01) is not known",
        ],
    );
    // With one edition, no date is needed: the small site's policy builds as before.
    let one = small_site(&[]);
    let (code, err) = build_site(one.path(), &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_old_number_is_explained_by_the_lineage_not_a_look_alike() {
    // Approved in 2021: the claim is on 2021, which has no 2.3.
    let site = two_editions("approved: 2021-06-01\nimplements: [\"2.3\"]", &[]);
    build_fails_with(
        site.path(),
        &[
            "no standard 2.3 in cat/2021: 2.3 of cat/2020 was split into 2.6, 2.7 in cat/2021",
            "write cat/2021/2.6 and cat/2021/2.7 for the standard as it is now, or cat/2020/2.3 as it was",
            "(the edition current when the policy was approved, 2021-06-01)",
        ],
    );
    // An id that only a later edition has.
    let site = two_editions("implements: [\"cat/2020/1.4\"]", &[]);
    build_fails_with(
        site.path(),
        &["no standard 1.4 in cat/2020: 1.4 is new in cat/2021; write cat/2021/1.4"],
    );
    // The same for a cross-reference in the text, and for a removed standard.
    let text =
        "---\ntitle: Security Policy\nkind: policy\n---\nSee [the faxes](std:cat/2021/3.2).\n";
    let site = two_editions("", &[("policies/security-policy.md", text)]);
    let err = build_fails_with(
        site.path(),
        &[
            "no standard 3.2 in cat/2021: 3.2 of cat/2020 was removed in cat/2021; write cat/2020/3.2 for the standard as it was",
        ],
    );
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn reviewed_against_must_name_an_edition_of_the_site() {
    let site = two_editions(
        &format!("{APPROVED}\n{CLAIMS}\nreviewed_against: {{cat: \"2022\"}}"),
        &[],
    );
    build_fails_with(
        site.path(),
        &[
            "unknown edition \"2022\" in `reviewed_against` (cat)",
            "no edition \"2022\" of cat (editions: 2020, 2021)",
            "policies/security-policy.md:8:",
        ],
    );
}

#[test]
fn the_impact_command_lists_the_affected_policies_in_three_formats() {
    let site = two_editions(&format!("{APPROVED}\n{CLAIMS}"), &[]);
    let o = policybook(&["impact", "cat/2020", "cat/2021"], site.path());
    let human = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(human.starts_with("cat/2020 -> cat/2021\n1 policy claims standards of cat/2020; 1 is affected by cat/2021, 1 awaiting review."), "{human}");
    assert!(
        human.contains(
            "Security Policy (policies/security-policy.md): awaiting review against cat/2021"
        ),
        "{human}"
    );
    assert!(
        human.contains("  2.1 (2020): renumbered to 2.5\n"),
        "{human}"
    );
    assert!(
        human.contains("  1.2 (2020): amended (headline, rationale)\n"),
        "{human}"
    );

    let o = policybook(
        &["impact", ".", "2020", "2021", "--format", "json"],
        site.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let claims = json["policies"][0]["claims"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = claims
        .iter()
        .map(|c| (c["standard"].as_str().unwrap(), c["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("1.1", "unchanged"),
            ("1.2", "amended"),
            ("2.1", "renumbered"),
            ("1.3", "merged"),
            ("2.3", "split"),
            ("3.1", "withdrawn"),
            ("3.2", "removed")
        ]
    );
    assert_eq!(claims[3]["new"], serde_json::json!(["1.4"]));
    assert_eq!(claims[3]["merged_with"], serde_json::json!(["2.2"]));
    assert_eq!(claims[5]["new"], serde_json::json!(["1.1"]));
    assert_eq!(claims[6]["added_in_area"], serde_json::json!(["2.1"]));
    assert!(
        human.contains("  3.2 (2020): removed; new in its area: 2.1\n"),
        "{human}"
    );
    assert_eq!(json["policies"][0]["awaiting_review"], true);

    let o = policybook(
        &["impact", "2020", "2021", "--format", "markdown"],
        site.path(),
    );
    let md = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        md.starts_with("## What cat/2021 means for our policies\n"),
        "{md}"
    );
    assert!(
        md.contains("| 2.3 | 2020 | split into 2.6, 2.7 (headline) | 2.6, 2.7 |"),
        "{md}"
    );

    // The editions the wrong way round.
    let o = policybook(&["impact", "2021", "2020"], site.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cat/2021 is not an earlier edition of the same catalogue as cat/2020")
    );
}

/// The fictional trust of `examples/ncsc-caf`: its Information Security Policy claims CAF 3.2's
/// A2.b (Assurance), which CAF 4.0 renumbered A2.c while giving A2.b to a new outcome.
#[test]
fn the_caf_example_follows_a2b_to_a2c_never_to_the_new_a2b() {
    let root = example_root().join("examples/ncsc-caf");
    let o = policybook(
        &[
            "impact",
            root.to_str().unwrap(),
            "3.2",
            "4.0",
            "--format",
            "json",
        ],
        &root,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let policies = json["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 4);
    let isp = policies
        .iter()
        .find(|p| p["title"] == "Information Security Policy")
        .unwrap();
    let a2b = isp["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["standard"] == "A2.b")
        .unwrap();
    assert_eq!(a2b["edition"], "3.2");
    assert_eq!(a2b["kind"], "renumbered");
    assert_eq!(a2b["new"], serde_json::json!(["A2.c"]));
    // The incident response plan records its review against 4.0.
    let plan = policies
        .iter()
        .find(|p| p["title"] == "Cyber Incident Response Plan")
        .unwrap();
    assert_eq!(plan["reviewed_against"], "4.0");
    assert_eq!(plan["awaiting_review"], false);
    // Every policy page of the example says it is fictional.
    for entry in std::fs::read_dir(root.join("policies")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(text.contains("(fictional)") && text.contains("**Fictional.**"));
    }
}

/// A third edition: 2021's 2.5 renumbered 2.9 in 2022. A claim on 2020 is followed through
/// both diffs, on the page (against the newest edition) and by `impact` from 2021 (the claims on
/// 2021 or an earlier edition).
#[test]
fn a_claim_is_followed_through_several_editions() {
    let ed22 = ED21.replace("2021", "2022");
    let site = two_editions(
        &format!("{APPROVED}\nimplements: [\"2.1\", \"1.1\"]"),
        &[
            ("content/standards/cat/2022/edition.yaml", &ed22),
            ("content/standards/cat/2022/1.1.yaml", S11),
            (
                "content/standards/cat/2022/2.9.yaml",
                "id: \"2.9\"\narea: prevention\nheadline: Prevent crime.\nprevious: \"2.5\"\n",
            ),
        ],
    );
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page = built_page(site.path(), "policies/security-policy.html");
    assert!(
        page.contains("What Test standards 2022 changes for this policy"),
        "{page}"
    );
    assert!(
        page.contains("<strong>renumbered to 2.9</strong>"),
        "{page}"
    );
    let o = policybook(&["impact", "2021", "2022"], site.path());
    let human = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        human.contains("  2.1 (2020): renumbered to 2.9\n"),
        "{human}"
    );
    assert!(human.contains("  1.1 (2020): unchanged\n"), "{human}");
}
