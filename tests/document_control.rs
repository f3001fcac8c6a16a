//! A trust's policy library (issue 17), its document control: every field and its
//! validation, codes, drafts, reviews by urgency with `reviews.json` and the script that judges
//! them on the reader's day, and the files a web server and a bot read (404, robots, sitemap,
//! favicon); with `check` on a form's `action`, `serve` on a busy port and with drafts, and the
//! plain-word YAML and `book.toml` errors. Each test builds a small site with the `policybook`
//! binary, as a user would.

mod common;

use common::{build_fails_with, build_site, built_page, policybook, small_site, stderr};

const FULL: &str = "---
title: Information Security Policy
kind: policy
organisation: Example NHS Trust
code: IG/004/001
version: \"3.1\"
status: approved
owner: Senior Information Risk Owner
author: Information Security Manager
contact: infosec@example.nhs.uk
approving_body: Information Governance Committee
approved: 2024-11-20
last_reviewed: 2025-06-01
review: 2099-11-20
equality_impact_assessment: Completed 2024-10-01; no adverse impact found
supersedes: [old-infosec]
note: Replaces the 2019 policy.
---
1.1 Text.
";

const OLD: &str = "---\ntitle: Old Information Security Policy\nkind: policy\ncode: IG/004/000\nstatus: superseded\nreview: 2020-01-01\n---\n1.1 Old text.\n";

#[test]
fn every_document_control_field_is_shown_and_superseding_is_shown_on_both_pages() {
    let site = small_site(&[
        ("policies/ig/infosec.md", FULL),
        ("policies/ig/old-infosec.md", OLD),
    ]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page = built_page(site.path(), "policies/ig/infosec.html");
    for (label, value) in [
        ("Reference", "IG/004/001"),
        ("Version", "3.1"),
        ("Owner", "Senior Information Risk Owner"),
        ("Author", "Information Security Manager"),
        ("Contact", "infosec@example.nhs.uk"),
        ("Approved by", "Information Governance Committee"),
        ("Approved", "2024-11-20"),
        ("Last reviewed", "2025-06-01"),
        (
            "Equality impact assessment",
            "Completed 2024-10-01; no adverse impact found",
        ),
    ] {
        assert!(
            page.contains(&format!(
                "<tr><th scope=\"row\">{label}</th><td>{value}</td></tr>"
            )),
            "{label}: {value}\n{page}"
        );
    }
    assert!(page.contains("<span class=\"doc-status doc-status-approved\">Approved</span>"));
    assert!(page.contains("<th scope=\"row\">Supersedes</th><td><a href=\"../../policies/ig/old-infosec.html\">Old Information Security Policy</a> (IG/004/000)"));
    assert!(page.contains("<p class=\"policy-note\">Replaces the 2019 policy.</p>"));
    // Document control comes before the policy's text.
    let prose = page.find("<div class=\"prose\">").unwrap();
    assert!(page.find("Document control").unwrap() < prose);
    assert!(page[prose..].contains("Text."));
    let old = built_page(site.path(), "policies/ig/old-infosec.html");
    assert!(old.contains("<strong>Superseded:</strong> this policy is no longer in force. It is replaced by <a href=\"../../policies/ig/infosec.html\">Information Security Policy</a>."), "{old}");
    // A superseded document is no longer reviewed: no overdue banner, not on the review page.
    assert!(!old.contains("banner-overdue"));
    let review = built_page(site.path(), "policies/review.html");
    assert!(!review.contains("old-infosec.html"));
    // The print view: document control first, "uncontrolled when printed" last.
    let print = built_page(site.path(), "policies/ig/infosec.print.html");
    let dc = print.find(">Document control</caption>").unwrap();
    assert!(dc < print.find("<div class=\"prose print-body\">").unwrap());
    assert!(print.contains("Uncontrolled when printed"));
    assert!(page.contains("href=\"../../policies/ig/infosec.print.html\">Print view</a>"));
}

#[test]
fn document_control_is_validated() {
    let bad_status = FULL.replace("status: approved", "status: aproved");
    let site = small_site(&[("policies/ig/infosec.md", &bad_status)]);
    build_fails_with(
        site.path(),
        &[
            "\"aproved\" is not one of the values this key takes: draft, approved, superseded, withdrawn",
            "did you mean approved?",
            "--> policies/ig/infosec.md:7:9",
        ],
    );

    let bad_date = FULL.replace("approved: 2024-11-20", "approved: 20/11/2024");
    let site = small_site(&[("policies/ig/infosec.md", &bad_date)]);
    build_fails_with(
        site.path(),
        &["invalid date \"20/11/2024\": write it year first, as 2024-11-20"],
    );

    let early = FULL.replace("last_reviewed: 2025-06-01", "last_reviewed: 2023-01-01");
    let site = small_site(&[("policies/ig/infosec.md", &early)]);
    build_fails_with(
        site.path(),
        &["last review 2023-01-01 is before the approval date 2024-11-20"],
    );

    // `supersedes` must name a policy of the site.
    let site = small_site(&[("policies/ig/infosec.md", FULL)]);
    build_fails_with(
        site.path(),
        &[
            "`supersedes` names no policy \"old-infosec\"",
            "--> policies/ig/infosec.md:16:14",
        ],
    );
}

#[test]
fn two_policies_with_one_code_are_an_error_naming_both() {
    let site = small_site(&[
        (
            "policies/ig/a.md",
            "---\ntitle: A\nkind: policy\ncode: POL/001/001\n---\nA\n",
        ),
        (
            "policies/it/b.md",
            "---\ntitle: B\nkind: policy\ncode: POL/001/001\n---\nB\n",
        ),
    ]);
    build_fails_with(
        site.path(),
        &[
            "document code POL/001/001 is used by two policies",
            "--> policies/it/b.md:4:7",
            "policies/ig/a.md (line 4) has the code POL/001/001 already",
        ],
    );
}

#[test]
fn the_same_file_name_in_two_folders_must_be_named_with_its_folder() {
    let site = small_site(&[
        (
            "policies/ig/access.md",
            "---\ntitle: IG access\nkind: policy\n---\nA\n",
        ),
        (
            "policies/it/access.md",
            "---\ntitle: IT access\nkind: policy\n---\nB\n",
        ),
        (
            "policies/other.md",
            "---\ntitle: Other\nkind: policy\n---\nSee [a](policy:it/access) and [b](policy:access).\n",
        ),
    ]);
    build_fails_with(
        site.path(),
        &["2 policies are named \"access\": write its folder too (ig/access, it/access)"],
    );
}

const DRAFT: &str =
    "---\ntitle: New Lone Working Policy\nkind: policy\nstatus: draft\n---\n1.1 Draft text.\n";

#[test]
fn drafts_are_left_out_unless_asked_for_and_marked_draft_when_included() {
    let site = small_site(&[("policies/lone-working.md", DRAFT)]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!site.path().join("book/policies/lone-working.html").exists());
    assert!(!built_page(site.path(), "policies/index.html").contains("Lone Working"));
    let index = std::fs::read_dir(site.path().join("book/search")).unwrap();
    for f in index.flatten() {
        let text = std::fs::read_to_string(f.path()).unwrap();
        assert!(!text.contains("Draft text"), "{}", f.path().display());
    }
    assert!(!built_page(site.path(), "index.html").contains("DRAFT"));

    let (code, err) = build_site(site.path(), &["--drafts"]);
    assert_eq!(code, 0, "{err}");
    let page = built_page(site.path(), "policies/lone-working.html");
    assert!(page.contains("<span class=\"draft-mark\">(DRAFT)</span>"));
    assert!(page.contains("<strong>DRAFT:</strong> this policy has not been approved"));
    // Every page of a build with drafts says so.
    for p in [
        "index.html",
        "policies/index.html",
        "standards/cat/2020/1.1.html",
    ] {
        assert!(built_page(site.path(), p).contains("DRAFT BUILD"), "{p}");
    }

    // A link to a draft left out says why it leads nowhere.
    let site = small_site(&[
        ("policies/lone-working.md", DRAFT),
        (
            "policies/other.md",
            "---\ntitle: O\nkind: policy\n---\nSee [it](lone-working.md) and [it](policy:lone-working).\n",
        ),
    ]);
    build_fails_with(
        site.path(),
        &[
            "policy \"lone-working\" is a draft, left out of this build (build with --drafts to include it)",
        ],
    );
}

#[test]
fn the_review_page_lists_the_most_urgent_first_and_reviews_json_matches() {
    let p = |title: &str, review: &str| {
        format!(
            "---\ntitle: {title}\nkind: policy\nowner: Owner of {title}\napproving_body: Board\nreview: {review}\n---\nText\n"
        )
    };
    let site = small_site(&[
        ("policies/a-later.md", &p("Alpha Later", "2099-01-01")),
        ("policies/b-overdue.md", &p("Bravo Overdue", "2020-01-01")),
        ("policies/c-soon.md", &p("Charlie Soon", "2026-12-20")),
        ("policies/d-60.md", &p("Delta Sixty", "2027-01-20")),
        ("policies/e-90.md", &p("Echo Ninety", "2027-02-20")),
    ]);
    let o = common::policybook_env(
        &["build"],
        site.path(),
        // 2026-12-01
        &[("SOURCE_DATE_EPOCH", "1796083200")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let review = built_page(site.path(), "policies/review.html");
    let order: Vec<usize> = [
        "<h2 id=\"overdue-h\">Overdue (1)</h2>",
        "Bravo Overdue",
        "<h2 id=\"within-30-h\">Due within 30 days (1)</h2>",
        "Charlie Soon",
        "<h2 id=\"within-60-h\">Due within 60 days (1)</h2>",
        "Delta Sixty",
        "<h2 id=\"within-90-h\">Due within 90 days (1)</h2>",
        "Echo Ninety",
        "<h2 id=\"later-h\">Due later (1)</h2>",
        "Alpha Later",
        "<h2 id=\"no-date-h\">No review date (1)</h2>",
        "Security Policy",
    ]
    .iter()
    .map(|s| review.find(s).unwrap_or_else(|| panic!("{s} in\n{review}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(review.contains("<td>Owner of Bravo Overdue</td>\n        <td>Board</td>"));
    // The script that judges review dates on the reader's day.
    assert!(review.contains("data-review-due=\"2020-01-01\""));
    assert!(site.path().join("book/js/review.js").is_file());

    let json: serde_json::Value =
        serde_json::from_str(&built_page(site.path(), "policies/reviews.json")).unwrap();
    assert_eq!(json["as_of"], "2026-12-01");
    let list = json["policies"].as_array().unwrap();
    let names: Vec<&str> = list.iter().map(|p| p["policy"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "b-overdue",
            "c-soon",
            "d-60",
            "e-90",
            "a-later",
            "security-policy"
        ]
    );
    assert_eq!(list[0]["days_to_review"], -2526);
    assert_eq!(list[0]["urgency"], "overdue");
    assert_eq!(list[0]["owner"], "Owner of Bravo Overdue");
    assert_eq!(list[0]["approving_body"], "Board");
    assert_eq!(list[0]["url"], "policies/b-overdue.html");
}

#[test]
fn the_overdue_banner_is_in_the_page_for_the_script_even_when_in_date_at_build_time() {
    let site = small_site(&[(
        "policies/p.md",
        "---\ntitle: P\nkind: policy\nreview: 2099-05\n---\nText\n",
    )]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page = built_page(site.path(), "policies/p.html");
    // Hidden now; the script shows it once the reader's day is past 2099-05-31.
    assert!(
        page.contains("<div class=\"banner banner-overdue nhsuk-warning-callout\" role=\"note\" data-review-due=\"2099-05-31\" data-kind=\"policy\" hidden>"),
        "{page}"
    );
    assert!(page.contains("<script src=\"../js/review.js\" defer></script>"));
}

#[test]
fn not_found_page_robots_sitemap_and_favicon() {
    let site = small_site(&[]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let nf = built_page(site.path(), "404.html");
    assert!(nf.contains("<h1>Page not found</h1>") && nf.contains("href=\"policies/index.html\""));
    assert_eq!(
        built_page(site.path(), "robots.txt"),
        "# This site is not public ([book] public = false in book.toml).\nUser-agent: *\nDisallow: /\n"
    );
    assert!(
        !site.path().join("book/sitemap.xml").exists(),
        "no address, no sitemap"
    );
    assert!(
        built_page(site.path(), "index.html").contains("<link rel=\"icon\" href=\"favicon.svg\"")
    );
    assert!(built_page(site.path(), "favicon.svg").starts_with("<svg"));

    let site = small_site(&[(
        "book.toml",
        "[book]\ntitle = \"T\"\nurl = \"https://policies.example.nhs.uk\"\npublic = true\n",
    )]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        built_page(site.path(), "robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://policies.example.nhs.uk/sitemap.xml\n"
    );
    let sitemap = built_page(site.path(), "sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://policies.example.nhs.uk/policies/security-policy.html</loc>")
    );
    assert!(!sitemap.contains("404.html"));
    // The not-found page works at any address: its links are absolute.
    assert!(
        built_page(site.path(), "404.html")
            .contains("href=\"https://policies.example.nhs.uk/index.html\"")
    );
}

#[test]
fn check_reads_a_forms_action_like_a_link() {
    let site = small_site(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\ntheme = \"mine\"\n",
        ),
        (
            "themes/mine/templates/glossary.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>Glossary</h1>\n<form action=\"{{ root }}find.html\"><button>Go</button></form>\n{% endblock %}\n",
        ),
    ]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let o = policybook(&["check", "--offline"], site.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("internal link find.html"), "{out}");
    assert!(out.contains("themes/mine/templates/glossary.html"), "{out}");
}

#[test]
fn serve_on_a_port_in_use_names_the_port_and_suggests_another() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let site = small_site(&[]);
    let o = policybook(&["serve", "-p", &port], site.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("port {port} is already in use")) && err.contains("`-p 0`"),
        "{err}"
    );
}

#[test]
fn plain_words_for_indentation_and_book_toml_mistakes() {
    let site = small_site(&[(
        "policies/security-policy.md",
        "---\ntitle: P\nkind: policy\nimplements:\n\t- \"1.1\"\n---\nText\n",
    )]);
    build_fails_with(
        site.path(),
        &[
            "indentation: a tab is used to indent this line",
            "indent with spaces only",
        ],
    );
    let site = small_site(&[(
        "policies/security-policy.md",
        "---\ntitle: P\nkind: policy\nhistory:\n  - version: \"1\"\n   date: 2020\n---\nText\n",
    )]);
    build_fails_with(
        site.path(),
        &[
            "indentation: this line does not line up",
            "--> policies/security-policy.md:6:4",
        ],
    );
    let site = small_site(&[(
        "book.toml",
        "[book]\ntitle = \"T\"\n[build]\ndraft = true\n",
    )]);
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean drafts?"), "{err}");
}

#[test]
fn serve_previews_drafts_only_when_asked() {
    let site = small_site(&[("policies/lone-working.md", DRAFT)]);
    let plain = common::Server::start(site.path());
    assert_eq!(plain.get("/policies/lone-working.html").0, 404);
    drop(plain);
    let drafts = common::Server::start_with(site.path(), &["--drafts"]);
    let (status, body) = drafts.get("/policies/lone-working.html");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<strong>DRAFT:</strong>"), "{body}");
}
