//! A trust's policy library (issue 17): folders of policies, attachments, relative `.md`
//! links resolved at build time, document control and drafts, reviews by urgency with
//! `reviews.json`, and the files a web server and a bot read (404, robots, sitemap, favicon).
//! Each test builds a small site with the `policybook` binary, as a user would.

mod common;

use std::path::Path;

use common::{policybook, small_site, stderr};

/// Builds `site` (with `extra` arguments); returns the exit code and the error output.
fn build(site: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let o = policybook(&args, site);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

fn built(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join("book").join(path))
        .unwrap_or_else(|e| panic!("book/{path}: {e}"))
}

fn assert_fails_with(site: &Path, parts: &[&str]) -> String {
    let (code, err) = build(site, &[]);
    assert_eq!(code, 1, "{err}");
    for p in parts {
        assert!(err.contains(p), "expected {p:?} in:\n{err}");
    }
    err
}

const IT: &str = "---\ntitle: Backup Policy\nkind: policy\ncode: IT/001/002\n---\n## 4 Backups\n\n4.2 Backups are tested monthly; see [the form](backup/restore-test.docx).\n";

#[test]
fn policies_in_folders_get_their_folder_in_the_address_and_group_on_the_index() {
    let site = small_site(&[
        ("policies/it/backup.md", IT),
        ("policies/it/backup/restore-test.docx", "PK fake docx"),
        (
            "policies/ig/records/retention.md",
            "---\ntitle: Records Retention\nkind: procedure\n---\n1.1 Keep records; back them up as [4.2](../../it/backup.md#4.2) says.\n",
        ),
    ]);
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let backup = built(site.path(), "policies/it/backup.html");
    let retention = built(site.path(), "policies/ig/records/retention.html");
    // The `.md` link became a link to the page, at its anchor.
    assert!(
        retention.contains("href=\"../../../policies/it/backup.html#4.2\""),
        "{retention}"
    );
    // `policy:` names a policy by its file name when unique, or by folder/name.
    assert!(backup.contains("<h1>Backup Policy"));
    // The index groups the policies by folder, each group with a heading; the top folder's
    // policy is in a group of its own.
    let index = built(site.path(), "policies/index.html");
    let ig = index
        .find("<h2 id=\"group-ig-records-h\">Ig: Records</h2>")
        .expect("ig group");
    let it = index
        .find("<h2 id=\"group-it-h\">It</h2>")
        .expect("it group");
    assert!(ig < it, "groups in folder order");
    assert!(index[it..].contains("policies/it/backup.html"));
    // The policy's page names its group in the breadcrumbs.
    assert!(
        backup.contains("href=\"../../policies/index.html#group-it\">It</a>"),
        "{backup}"
    );
    // At the foot of the page, the navigation of its group: the other policies of the folder.
    let nav = &backup[backup.find("<nav class=\"group-nav\"").expect("group nav")..];
    assert!(nav.contains("In this group: <a href=\"../../policies/index.html#group-it\">It</a>"));
    assert!(nav.contains("<span aria-current=\"page\">Backup Policy</span>"));
    // The search index, the review page and reviews.json use the new address.
    let json = built(site.path(), "policies/reviews.json");
    assert!(
        json.contains("\"url\": \"policies/it/backup.html\""),
        "{json}"
    );
}

#[test]
fn attachments_are_copied_listed_with_type_and_size_and_their_links_resolve() {
    let docx = "x".repeat(2500);
    let site = small_site(&[
        ("policies/it/backup.md", IT),
        ("policies/it/backup/restore-test.docx", &docx),
        ("policies/it/backup/diagram.PNG", "png"),
    ]);
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(
            site.path()
                .join("book/policies/it/backup/restore-test.docx")
        )
        .unwrap(),
        docx.as_bytes(),
        "copied byte for byte"
    );
    let page = built(site.path(), "policies/it/backup.html");
    assert!(
        page.contains("<a href=\"../../policies/it/backup/restore-test.docx\">restore-test.docx</a> <span class=\"file-meta\">(Word document, 3 KB)</span>"),
        "{page}"
    );
    assert!(page.contains("diagram.PNG</a> <span class=\"file-meta\">(PNG image, 3 bytes)</span>"));
    // The link in the text leads to the copied file.
    assert!(page.contains("href=\"../../policies/it/backup/restore-test.docx\" title=\"Backup Policy: restore-test.docx\""));
    // check finds the attachment where the link says.
    let o = policybook(&["check", "--offline"], site.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn a_link_to_a_missing_attachment_or_policy_file_stops_the_build_with_a_suggestion() {
    let site = small_site(&[
        ("policies/it/backup.md", IT),
        ("policies/it/backup/restore-tests.docx", "x"),
        (
            "policies/it/email.md",
            "---\ntitle: Email\nkind: policy\n---\n1.1 See [backups](bakup.md) and [4.9](backup.md#4.9) and [access](../access.md).\n\n1.2 And [the page](backup.html) and [another](bakup.html).\n",
        ),
    ]);
    let err = assert_fails_with(
        site.path(),
        &[
            "broken link \"backup/restore-test.docx\"",
            "--> policies/it/backup.md:8:48",
            "did you mean backup/restore-tests.docx?",
            "broken link \"bakup.md\"",
            "--> policies/it/email.md:5:19",
            "did you mean backup.md?",
            // The policy exists; its anchor does not: said as such.
            "unknown anchor \"#4.9\" in link to backup.md",
            "no paragraph or heading \"4.9\" in policy it/backup",
            "no policy file \"policies/access.md\"",
            // A page of policies/ by its address: known, so a wrong one is found now.
            "no page \"policies/it/bakup.html\" in the site (did you mean backup.html?)",
        ],
    );
    assert!(err.contains("build failed with 5 errors"), "{err}");
}

#[test]
fn links_between_guidance_pages_and_policies_resolve_both_ways() {
    let site = small_site(&[
        (
            "content/guidance/intro.md",
            "---\ntitle: Intro\n---\n## 1 About\n\nRead [the policy](../../policies/security-policy.md#5.1).\n",
        ),
        (
            "policies/other.md",
            "---\ntitle: Other\nkind: policy\n---\nSee [intro](../content/guidance/intro.md#1) and [the policy](security-policy.md).\n",
        ),
    ]);
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let intro = built(site.path(), "guidance/intro.html");
    assert!(
        intro.contains("href=\"../policies/security-policy.html#5.1\""),
        "{intro}"
    );
    let other = built(site.path(), "policies/other.html");
    assert!(
        other.contains("href=\"../guidance/intro.html#1\""),
        "{other}"
    );
    assert!(
        other.contains("href=\"../policies/security-policy.html\""),
        "{other}"
    );
    // "What links here" counts a relative link like a cross-reference.
    let target = built(site.path(), "policies/security-policy.html");
    assert!(
        target.contains("href=\"../policies/other.html\">Other</a>"),
        "{target}"
    );
}

#[test]
fn files_no_rule_places_are_errors_at_their_path() {
    let site = small_site(&[
        (
            "content/policies/lost.md",
            "---\ntitle: Lost\nkind: policy\n---\nText\n",
        ),
        ("content/notes.md", "notes"),
        ("policies/it/backup.md", IT),
        ("policies/it/backup/restore-test.docx", "x"),
        ("policies/it/loose.pdf", "%PDF"),
        ("policies/it/backup/script.exe", "MZ"),
        // An SVG can carry script: refused.
        (
            "policies/it/backup/diagram.svg",
            "<svg onload=\"alert(1)\"/>",
        ),
        ("policies/it/backup/sub/x.md", "---\n---\n"),
        // Its print view would have the address of backup's.
        (
            "policies/it/backup.print.md",
            "---\ntitle: P\nkind: policy\n---\nP\n",
        ),
    ]);
    assert_fails_with(
        site.path(),
        &[
            "unexpected folder in content\n--> content/policies",
            "policies go in the `policies/` folder beside book.toml",
            "unexpected file in content\n--> content/notes.md",
            "attachment \"loose.pdf\" belongs to no policy\n--> policies/it/loose.pdf",
            "put it in the folder named after the policy it belongs to, such as `policies/it/backup/loose.pdf`",
            "unexpected file in content\n--> policies/it/backup/script.exe",
            "unexpected file in content\n--> policies/it/backup/diagram.svg",
            "unexpected folder in content\n--> policies/it/backup/sub",
            "policy file name \"backup.print.md\" ends in `.print`",
        ],
    );
}

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
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page = built(site.path(), "policies/ig/infosec.html");
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
    let old = built(site.path(), "policies/ig/old-infosec.html");
    assert!(old.contains("<strong>Superseded:</strong> this policy is no longer in force. It is replaced by <a href=\"../../policies/ig/infosec.html\">Information Security Policy</a>."), "{old}");
    // A superseded document is no longer reviewed: no overdue banner, not on the review page.
    assert!(!old.contains("banner-overdue"));
    let review = built(site.path(), "policies/review.html");
    assert!(!review.contains("old-infosec.html"));
    // The print view: document control first, "uncontrolled when printed" last.
    let print = built(site.path(), "policies/ig/infosec.print.html");
    let dc = print.find("<caption>Document control</caption>").unwrap();
    assert!(dc < print.find("<div class=\"prose print-body\">").unwrap());
    assert!(print.contains("Uncontrolled when printed"));
    assert!(page.contains("href=\"../../policies/ig/infosec.print.html\">Print view</a>"));
}

#[test]
fn document_control_is_validated() {
    let bad_status = FULL.replace("status: approved", "status: aproved");
    let site = small_site(&[("policies/ig/infosec.md", &bad_status)]);
    assert_fails_with(
        site.path(),
        &[
            "\"aproved\" is not one of the values this key takes: draft, approved, superseded, withdrawn",
            "did you mean approved?",
            "--> policies/ig/infosec.md:7:9",
        ],
    );

    let bad_date = FULL.replace("approved: 2024-11-20", "approved: 20/11/2024");
    let site = small_site(&[("policies/ig/infosec.md", &bad_date)]);
    assert_fails_with(
        site.path(),
        &["invalid date \"20/11/2024\": write it year first, as 2024-11-20"],
    );

    let early = FULL.replace("last_reviewed: 2025-06-01", "last_reviewed: 2023-01-01");
    let site = small_site(&[("policies/ig/infosec.md", &early)]);
    assert_fails_with(
        site.path(),
        &["last review 2023-01-01 is before the approval date 2024-11-20"],
    );

    // `supersedes` must name a policy of the site.
    let site = small_site(&[("policies/ig/infosec.md", FULL)]);
    assert_fails_with(
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
    assert_fails_with(
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
    assert_fails_with(
        site.path(),
        &["2 policies are named \"access\": write its folder too (ig/access, it/access)"],
    );
}

const DRAFT: &str =
    "---\ntitle: New Lone Working Policy\nkind: policy\nstatus: draft\n---\n1.1 Draft text.\n";

#[test]
fn drafts_are_left_out_unless_asked_for_and_marked_draft_when_included() {
    let site = small_site(&[("policies/lone-working.md", DRAFT)]);
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!site.path().join("book/policies/lone-working.html").exists());
    assert!(!built(site.path(), "policies/index.html").contains("Lone Working"));
    assert!(!built(site.path(), "searchindex.js").contains("Draft text"));
    assert!(!built(site.path(), "index.html").contains("DRAFT"));

    let (code, err) = build(site.path(), &["--drafts"]);
    assert_eq!(code, 0, "{err}");
    let page = built(site.path(), "policies/lone-working.html");
    assert!(page.contains("<span class=\"draft-mark\">(DRAFT)</span>"));
    assert!(page.contains("<strong>DRAFT:</strong> this policy has not been approved"));
    // Every page of a build with drafts says so.
    for p in [
        "index.html",
        "policies/index.html",
        "standards/cat/2020/1.1.html",
    ] {
        assert!(built(site.path(), p).contains("DRAFT BUILD"), "{p}");
    }

    // A link to a draft left out says why it leads nowhere.
    let site = small_site(&[
        ("policies/lone-working.md", DRAFT),
        (
            "policies/other.md",
            "---\ntitle: O\nkind: policy\n---\nSee [it](lone-working.md) and [it](policy:lone-working).\n",
        ),
    ]);
    assert_fails_with(
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
    let review = built(site.path(), "policies/review.html");
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
        serde_json::from_str(&built(site.path(), "policies/reviews.json")).unwrap();
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
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let page = built(site.path(), "policies/p.html");
    // Hidden now; the script shows it once the reader's day is past 2099-05-31.
    assert!(
        page.contains("<div class=\"banner banner-overdue\" role=\"note\" data-review-due=\"2099-05-31\" data-kind=\"policy\" hidden>"),
        "{page}"
    );
    assert!(page.contains("<script src=\"../js/review.js\" defer></script>"));
}

#[test]
fn not_found_page_robots_sitemap_and_favicon() {
    let site = small_site(&[]);
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let nf = built(site.path(), "404.html");
    assert!(nf.contains("<h1>Page not found</h1>") && nf.contains("href=\"policies/index.html\""));
    assert_eq!(
        built(site.path(), "robots.txt"),
        "# This site is not public ([book] public = false in book.toml).\nUser-agent: *\nDisallow: /\n"
    );
    assert!(
        !site.path().join("book/sitemap.xml").exists(),
        "no address, no sitemap"
    );
    assert!(built(site.path(), "index.html").contains("<link rel=\"icon\" href=\"favicon.svg\""));
    assert!(built(site.path(), "favicon.svg").starts_with("<svg"));

    let site = small_site(&[(
        "book.toml",
        "[book]\ntitle = \"T\"\nurl = \"https://policies.example.nhs.uk\"\npublic = true\n",
    )]);
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        built(site.path(), "robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://policies.example.nhs.uk/sitemap.xml\n"
    );
    let sitemap = built(site.path(), "sitemap.xml");
    assert!(
        sitemap
            .contains("<loc>https://policies.example.nhs.uk/policies/security-policy.html</loc>")
    );
    assert!(!sitemap.contains("404.html"));
    // The not-found page works at any address: its links are absolute.
    assert!(
        built(site.path(), "404.html")
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
    let (code, err) = build(site.path(), &[]);
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
    assert_fails_with(
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
    assert_fails_with(
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
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean drafts?"), "{err}");
}

#[test]
fn a_policy_version_diff_shows_the_markdown_rendered_with_the_changed_words_beside() {
    let site = small_site(&[
        (
            "policies/it/backup.md",
            "---\ntitle: Backup\nkind: policy\n---\n## 4 Backups\n\n4.2 Backups are **tested** monthly.\n\n- weekly restores\n",
        ),
        (
            "policies/it/backup/1.0.md",
            "---\nversion: \"1.0\"\n---\n## 4 Backups\n\n4.2 Backups are **tested** yearly.\n\n4.3 Tapes go [offsite](../../offsite.html).\n",
        ),
    ]);
    let (code, err) = build(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let d = built(site.path(), "policies/it/backup/1.0.html");
    // Rendered: strong text and list items, not `**` and `- `.
    assert!(
        d.contains("4.2 Backups are <strong>tested</strong> monthly."),
        "{d}"
    );
    assert!(
        d.contains("<p class=\"numbered\">4.2 Backups are <strong>tested</strong>"),
        "{d}"
    );
    assert!(
        d.contains("<ins><ul>\n<li>weekly restores</li>\n</ul>\n</ins>"),
        "{d}"
    );
    // A relative link written from the policy's folder still leads where it did.
    assert!(
        d.contains("<del><p class=\"numbered\">4.3 Tapes go <a href=\"../../../offsite.html\">offsite</a>.</p>\n</del>"),
        "{d}"
    );
    // The words that changed, as written, under a disclosure.
    assert!(
        d.contains("<summary>Words changed</summary><div class=\"words\">4.2 Backups are **tested** <del>yearly</del><ins>monthly</ins>.</div>"),
        "{d}"
    );
    // No anchor of the policy's page repeats here.
    assert!(!d.contains("id=\"4.2\""), "{d}");
}

#[cfg(unix)]
#[test]
fn a_folder_link_that_loops_is_reported_not_followed() {
    let site = small_site(&[("policies/it/backup.md", IT)]);
    std::os::unix::fs::symlink("..", site.path().join("policies/it/loop")).unwrap();
    assert_fails_with(
        site.path(),
        &["folder read twice: a link to a folder leads back into policies/\n--> policies/it/loop"],
    );
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
