//! Trust policies and strategies: complete, cross-linked to the standards they implement, with a
//! coverage matrix and a review page.

mod common;

use std::collections::BTreeMap;

use common::*;

fn build(dir: &std::path::Path, dest: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_policybook"))
        .args(["build", "--dest-dir", dest.to_str().unwrap()])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795651200") // 2026-11-26
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    tree(dest)
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files[path].clone()).unwrap()
}

/// Numbered units (anchored numbered paragraphs and headings) and list items of a page's body.
fn counts(html: &str) -> (usize, usize) {
    let start = html.find("<div class=\"prose\">").expect("prose");
    let end = html
        .find("<section class=\"links-here\"")
        .expect("links here");
    let body = &html[start..end];
    let mut numbered = 0;
    for tag in [
        "<p id=\"",
        "<li id=\"",
        "<h2 id=\"",
        "<h3 id=\"",
        "<h4 id=\"",
        "<h5 id=\"",
    ] {
        for (i, _) in body.match_indices(tag) {
            let id = &body[i + tag.len()..];
            let id = &id[..id.find('"').unwrap()];
            let base = id.split('-').next().unwrap();
            if !base.is_empty()
                && base
                    .split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            {
                numbered += 1;
            }
        }
    }
    let items = body.matches("<li>").count() + body.matches("<li ").count();
    (numbered, items)
}

/// `tests/data/policy-counts.tsv` was counted from the source texts independently of the
/// conversion. Where the conversion represents something differently, the difference is named
/// here, with the audit's own alternative count.
#[test]
fn every_numbered_paragraph_and_list_item_of_the_sources_arrived() {
    let out = tempfile::tempdir().unwrap();
    let files = build(&example_root(), &out.path().join("book"));
    let audit =
        std::fs::read_to_string(example_root().join("tests/data/policy-counts.tsv")).unwrap();
    let audit: BTreeMap<&str, (usize, usize)> = audit
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0], (c[1].parse().unwrap(), c[2].parse().unwrap()))
        })
        .collect();
    let adjust: BTreeMap<&str, (isize, isize)> = BTreeMap::from([
        // The 15 bullets inside the cells of Appendix 2's table stay in the table cells.
        ("nhs-sms-professional-approach", (0, -15)),
        // The four principles "1.-4." and the trailing "1. INTRODUCTION / 2. SCOPE" are ordered
        // lists (6 items, no anchors); the document-control block lists 2 related policies.
        ("west-essex-ccg-security-management-policy", (-6, 8)),
        // The four chapter numbers are the pages' titles; chapter 3's summary of the 30 headline
        // standards is a list of items linked to the standards; 4.36's three ratings are a table.
        ("nhs-protect-providers-chapters-1-4", (-34, 27)),
    ]);
    let mut pages: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (folder, id) in [
        ("national", "nhs-sms-professional-approach"),
        ("local", "scas-security-policy"),
        ("local", "cumbria-security-management-strategy"),
        ("local", "west-essex-ccg-security-management-policy"),
    ] {
        pages.insert(
            id,
            counts(&page(&files, &format!("policies/{folder}/{id}.html"))),
        );
    }
    let mut chapters = (0, 0);
    for ch in [
        "01-introduction",
        "02-nhs-standard-contract",
        "03-overview-of-the-standards",
        "04-quality-assurance-programme",
    ] {
        let (n, l) = counts(&page(&files, &format!("guidance/{ch}.html")));
        chapters = (chapters.0 + n, chapters.1 + l);
    }
    pages.insert("nhs-protect-providers-chapters-1-4", chapters);
    assert_eq!(audit.len(), 5);
    for (id, (numbered, items)) in &audit {
        let (dn, dl) = adjust.get(id).copied().unwrap_or((0, 0));
        let want = (
            (*numbered as isize + dn) as usize,
            (*items as isize + dl) as usize,
        );
        assert_eq!(pages[id], want, "{id}: (numbered paragraphs, list items)");
    }
}

#[test]
fn coverage_matrix_shows_implementing_policies_and_gaps() {
    let out = tempfile::tempdir().unwrap();
    let files = build(&example_root(), &out.path().join("book"));
    let cov = page(&files, "policies/coverage.html");
    // The gaps: standards that no policy's `implements` names (see tests/data/implements/).
    let mut claimed = std::collections::BTreeSet::new();
    for f in std::fs::read_dir(example_root().join("tests/data/implements"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(f.path()).unwrap();
        for line in text.lines().skip(1) {
            let id = line.split('\t').next().unwrap();
            claimed.insert(id.rsplit('/').next().unwrap().to_string());
        }
    }
    let all = [
        "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2",
        "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14",
        "3.15", "4.1", "4.2", "4.3", "4.4",
    ];
    let gaps: Vec<&str> = all
        .iter()
        .copied()
        .filter(|id| !claimed.contains(*id))
        .collect();
    assert!(!gaps.is_empty());
    assert!(
        cov.contains(&format!(
            "{} of 30 standards are addressed by no policy",
            gaps.len()
        )),
        "{cov}"
    );
    for g in &gaps {
        let row = cov
            .find(&format!("2017-18/{g}.html\">{g}</a> <span"))
            .unwrap_or_else(|| panic!("row {g}"));
        let tr = &cov[cov[..row].rfind("<tr").unwrap()..row];
        assert!(
            tr.contains("class=\"gap\""),
            "standard {g} is flagged as a gap"
        );
    }
    // 1.1 is implemented by all four documents.
    let row = cov.find("2017-18/1.1.html\">1.1</a>").unwrap();
    let tr = &cov[row..row + cov[row..].find("</tr>").unwrap()];
    assert_eq!(tr.matches(">Yes<").count(), 4, "{tr}");
}

#[test]
fn review_page_and_banner_flag_overdue_reviews() {
    let out = tempfile::tempdir().unwrap();
    let files = build(&example_root(), &out.path().join("book"));
    let review = page(&files, "policies/review.html");
    assert!(review.contains("Review dates as of 2026-11-26"));
    let we = review
        .find("west-essex-ccg-security-management-policy.html")
        .unwrap();
    let row = &review[we..we + review[we..].find("</tr>").unwrap()];
    assert!(
        row.contains("2022-03-31") && row.contains("Review overdue") && row.contains("1.2"),
        "{row}"
    );
    assert!(
        review.contains("POL/002/015"),
        "codes no policy in the site bears are reported"
    );
    let policy = page(
        &files,
        "policies/local/west-essex-ccg-security-management-policy.html",
    );
    assert!(policy.contains("class=\"banner banner-overdue nhsuk-warning-callout\""));
    assert!(policy.contains("was due for review on 2022-03-31"));
    let scas = page(&files, "policies/local/scas-security-policy.html");
    assert!(
        !scas.contains("banner-overdue"),
        "no review date, no banner"
    );
    assert!(
        scas.contains("<nav class=\"nhsuk-contents-list toc\""),
        "contents list"
    );
}

#[test]
fn plain_text_mentions_link_themselves() {
    let site = small_site(&[
        (
            "policies/security-policy.md",
            "---\ntitle: Security Policy\nkind: policy\ncode: POL/001/001\nreview: 2030-01-01\n---\n## 1 Scope\n\n1.1 The LSMS meets standard 1.2 and standards 1.1-2.1; see Appendix 2 and POL/009/009. The LSMS again.\n\n## 2 Appendix 2 Forms\n\nText.\n",
        ),
        (
            "policies/other.md",
            "---\ntitle: Other\nkind: procedure\n---\nUnder POL/001/001, see standard 9.9.\n",
        ),
    ]);
    let files = build(site.path(), &site.path().join("book"));
    let p = page(&files, "policies/security-policy.html");
    assert!(p.contains("<a class=\"xref xref-term\" href=\"../glossary.html#term-lsms\"><abbr title=\"Local Security Management Specialist\">LSMS</abbr></a> meets"));
    assert_eq!(
        p.matches("<abbr").count(),
        1,
        "only a term's first use on a page"
    );
    assert!(p.contains(
        "<a class=\"xref xref-std\" href=\"../standards/cat/2020/1.2.html\">standard 1.2</a>"
    ));
    assert!(p.contains("<a class=\"xref xref-std\" href=\"../standards/cat/2020/1.1.html\">standards 1.1</a>-<a class=\"xref xref-std\" href=\"../standards/cat/2020/2.1.html\">2.1</a>"));
    assert!(p.contains("<a class=\"xref\" href=\"#2\">Appendix 2</a>"));
    assert!(p.contains(" POL/009/009."), "an unknown code stays text");
    let other = page(&files, "policies/other.html");
    assert!(other.contains("<a class=\"xref xref-policy\" href=\"../policies/security-policy.html\" title=\"Security Policy\">POL/001/001</a>"));
    assert!(
        other.contains("standard 9.9"),
        "an unknown standard in prose stays prose"
    );
    let review = page(&files, "policies/review.html");
    assert!(review.contains("POL/009/009") && !review.contains("<th scope=\"row\">POL/001/001"));
    // Mentions count as links: the standard lists the policy that mentions it.
    let s12 = page(&files, "standards/cat/2020/1.2.html");
    assert!(s12.contains("href=\"../../../policies/security-policy.html\""));
}

/// `<script>` in every content field is escaped or removed.
#[test]
fn script_in_any_content_field_never_reaches_the_output() {
    const X: &str = "<script>alert(1)</script>";
    let std = format!(
        "id: \"1.1\"\narea: governance\nheadline: \"H {X}\"\ncriteria:\n  not_met: [\"{X}\"]\n  partially_met: [\"{X}\"]\n  met: [\"{X}\"]\nrationale: \"{X}\"\nguidance:\n  - \"{X}\"\n  - {{ ref: manual, text: \"{X}\", items: [\"{X}\"] }}\nlinks:\n  - {{ title: \"{X}\", url: \"https://example.org/{X}\" }}\nprevious: \"{X}\"\n"
    );
    let edition = format!(
        "title: \"T {X}\"\npublisher: \"{X}\"\ndescription: \"{X}\"\nlicence: \"{X}\"\nareas:\n  - {{ id: governance, title: \"{X}\", description: \"{X}\" }}\n  - {{ id: prevention, title: P }}\nguidance_intro: \"{X}\"\nratings: {{ red: \"{X}\", amber: \"{X}\", green: \"{X}\" }}\n"
    );
    let changes = format!(
        "title: \"{X}\"\nagainst: \"{X}\"\nchanges:\n  - {{ id: \"{X}\", text: \"{X}\" }}\n"
    );
    let refs = format!(
        "- {{ id: manual, title: \"{X}\", publisher: \"{X}\", cite: \"{X}\", url: \"https://example.org/\\\"><script>\", description: \"{X}\" }}\n"
    );
    let glossary = format!("LSMS: {{ expansion: \"{X}\", description: \"{X}\" }}\n");
    let policy = format!(
        "---\ntitle: \"P {X}\"\nkind: policy\norganisation: \"{X}\"\ncode: \"{X}\"\nversion: \"{X}\"\nowner: \"{X}\"\nlicence: \"{X}\"\nsource: \"{X}\"\nhistory:\n  - {{ version: \"{X}\", note: \"{X}\" }}\n---\n# {X}\n\n{X}\n\n1.1 <img src=x onerror=alert(4)> [a](javascript:alert(5))\n"
    );
    let guidance =
        format!("---\ntitle: \"G {X}\"\nsource: \"{X}\"\ndescription: \"{X}\"\n---\n{X}\n");
    let principles = format!(
        "title: \"{X}\"\ndescription: \"{X}\"\nsource: \"{X}\"\nprinciples:\n  - {{ title: \"{X}\", text: \"{X}\", examples: [\"{X}\"] }}\n"
    );
    let book =
        format!("[book]\ntitle = \"B {X}\"\norganisation = \"{X}\"\ndescription = \"{X}\"\n");
    let site = small_site(&[
        ("book.toml", &book),
        ("content/standards/cat/2020/1.1.yaml", &std),
        ("content/standards/cat/2020/edition.yaml", &edition),
        ("content/standards/cat/2020/changes.yaml", &changes),
        ("content/references.yaml", &refs),
        ("content/glossary.yaml", &glossary),
        ("policies/security-policy.md", &policy),
        ("content/guidance/g.md", &guidance),
        ("content/principles/p.yaml", &principles),
    ]);
    let files = build(site.path(), &site.path().join("book"));
    assert!(files.len() > 10);
    for (path, bytes) in &files {
        let html = String::from_utf8_lossy(bytes).to_lowercase();
        // The payloads, not the theme's own script tag.
        for bad in ["<script>alert", "javascript:alert", "onerror=alert"] {
            assert!(!html.contains(bad), "{path} contains {bad}");
        }
    }
}

/// A standard with a short title shows it in the coverage matrix's first column; one without
/// shows its headline.
#[test]
fn coverage_rows_name_standards_by_their_short_title() {
    let site = small_site(&[(
        "content/standards/cat/2020/2.1.yaml",
        "id: \"2.1\"\narea: prevention\ntitle: Crime prevention\nheadline: Prevent crime.\n",
    )]);
    let o = policybook(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(site.path().join("book/policies/coverage.html")).unwrap();
    assert!(
        page.contains("<span class=\"title-short\">Crime prevention</span>"),
        "{page}"
    );
    assert!(page.contains("<span class=\"headline-short\">The board supports it.</span>"));
}
