//! A trust's policy library (issue 17): folders of policies and their groups, attachments,
//! relative `.md` links resolved at build time, files no rule places, and version diffs that
//! render the Markdown (document control, drafts and reviews: `tests/document_control.rs`).
//! Each test builds a small site with the `policybook` binary, as a user would.

mod common;

use common::{build_fails_with, build_site, built_page, policybook, small_site};

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
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let backup = built_page(site.path(), "policies/it/backup.html");
    let retention = built_page(site.path(), "policies/ig/records/retention.html");
    // The `.md` link became a link to the page, at its anchor.
    assert!(
        retention.contains("href=\"../../../policies/it/backup.html#4.2\""),
        "{retention}"
    );
    // `policy:` names a policy by its file name when unique, or by folder/name.
    assert!(backup.contains("<h1>Backup Policy"));
    // The index groups the policies by folder, each group with a heading; the top folder's
    // policy is in a group of its own.
    let index = built_page(site.path(), "policies/index.html");
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
    let json = built_page(site.path(), "policies/reviews.json");
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
    let (code, err) = build_site(site.path(), &[]);
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
    let page = built_page(site.path(), "policies/it/backup.html");
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
    let err = build_fails_with(
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
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let intro = built_page(site.path(), "guidance/intro.html");
    assert!(
        intro.contains("href=\"../policies/security-policy.html#5.1\""),
        "{intro}"
    );
    let other = built_page(site.path(), "policies/other.html");
    assert!(
        other.contains("href=\"../guidance/intro.html#1\""),
        "{other}"
    );
    assert!(
        other.contains("href=\"../policies/security-policy.html\""),
        "{other}"
    );
    // "What links here" counts a relative link like a cross-reference.
    let target = built_page(site.path(), "policies/security-policy.html");
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
    build_fails_with(
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
    let (code, err) = build_site(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let d = built_page(site.path(), "policies/it/backup/1.0.html");
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
    build_fails_with(
        site.path(),
        &["folder read twice: a link to a folder leads back into policies/\n--> policies/it/loop"],
    );
}
