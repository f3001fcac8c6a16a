//! The bundled example site: the whole of NHS Protect's *Standards for providers 2017-18* builds
//! into a cross-linked site that works from disk, byte for byte the same each time.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use policybook::config::Config;
use policybook::content::{self, Site};

const EDITION: &str = "standards/nhs-protect-providers/2017-18";

fn build_example() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("book");
    let o = policybook(
        &["build", "--dest-dir", dest.to_str().unwrap()],
        &example_root(),
    );
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    assert!(
        stderr(&o).contains("Built "),
        "prints the page count and time: {}",
        stderr(&o)
    );
    let files = tree(&dest);
    (out, files)
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no page {path}"))
            .clone(),
    )
    .unwrap()
}

fn load_example() -> Site {
    let root = example_root();
    content::load(&root, Config::load(&root).unwrap()).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.items
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

const IDS: [&str; 30] = [
    "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2",
    "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14",
    "3.15", "4.1", "4.2", "4.3", "4.4",
];

/// The counts of `tests/data/nhs-protect-providers-2017-18.counts.tsv` were taken from the source
/// text independently of the conversion; the converted YAML must hold exactly as many of each.
#[test]
fn every_standard_criterion_guidance_item_and_link_of_the_source_arrived() {
    let site = load_example();
    let edition = &site
        .catalogues
        .iter()
        .find(|c| c.id == "nhs-protect-providers")
        .unwrap()
        .editions[0];
    let ids: Vec<&str> = edition.standards.iter().map(|s| s.id()).collect();
    assert_eq!(ids, IDS, "every standard, in the publisher's order");

    let tsv = std::fs::read_to_string(
        example_root().join("tests/data/nhs-protect-providers-2017-18.counts.tsv"),
    )
    .unwrap();
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id\tnot_met\tpartially_met\tmet\tguidance\tsub_items\tlinks"
    );
    let mut totals = [0usize; 6];
    let mut rows = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let want: Vec<usize> = cols[1..]
            .iter()
            .map(|c| c.trim().parse().unwrap())
            .collect();
        let s = edition
            .standards
            .iter()
            .find(|s| s.id() == cols[0])
            .unwrap_or_else(|| panic!("standard {} missing", cols[0]));
        let got = vec![
            s.criteria.not_met.len(),
            s.criteria.partially_met.len(),
            s.criteria.met.len(),
            s.guidance.len(),
            s.guidance.iter().map(|g| g.items.len()).sum(),
            s.links.len(),
        ];
        assert_eq!(
            got, want,
            "standard {}: not_met, partially_met, met, guidance, sub_items, links",
            cols[0]
        );
        for (t, g) in totals.iter_mut().zip(&got) {
            *t += g;
        }
        rows += 1;
    }
    assert_eq!(rows, 30);
    assert_eq!(
        totals,
        [83, 82, 97, 433, 5, 44],
        "column totals of the source count"
    );
    assert!(
        edition
            .standards
            .iter()
            .all(|s| !s.headline.trim().is_empty() && s.rationale.is_some())
    );
    // Every link has an address, and no address was left broken across lines.
    for s in &edition.standards {
        for l in &s.links {
            let url = l
                .url
                .as_deref()
                .unwrap_or_else(|| panic!("{}: link without url", s.id()));
            assert!(
                url.starts_with("http") && !url.contains(char::is_whitespace),
                "{}: {url}",
                s.id()
            );
        }
    }
    let changes = edition
        .changes
        .as_ref()
        .expect("Appendix 3 as changes.yaml");
    assert_eq!(
        changes.changes.len(),
        31,
        "Appendix 3 lists 1.1-4.4 of 2016-17, including 3.16"
    );
    assert!(
        changes
            .changes
            .iter()
            .any(|c| c.id == "3.1" && c.text == "No change. (check)"),
        "kept as written"
    );
    assert_eq!(
        edition
            .meta
            .areas
            .iter()
            .map(|a| a.title.as_str())
            .collect::<Vec<_>>(),
        [
            "Strategic Governance",
            "Inform and Involve",
            "Prevent and Deter",
            "Hold to Account"
        ]
    );
}

/// Extraction damage (tabs in words, running page headers, continuation marks) is cleaned.
#[test]
fn converted_text_carries_no_extraction_damage() {
    let dir = example_root().join("content");
    let mut checked = 0;
    for path in walk(&dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display();
        assert!(!text.contains('\t'), "{name}: tab character");
        assert!(
            !text.contains("(continues on next page)"),
            "{name}: continuation mark"
        );
        assert!(
            !text.contains("Standards for providers 2017-18: Security management 1")
                && !text.contains("Standards for providers 2017-18: Security management 2")
                && !text.contains("Standards for providers 2017-18: Security management 3")
                && !text.contains("Standards for providers 2017-18: Security management 4")
                && !text.contains("Standards for providers 2017-18: Security management 5")
                && !text.contains("Standards for providers 2017-18: Security management 6"),
            "{name}: running header"
        );
        assert!(
            !text.contains("•"),
            "{name}: a bullet character left in the text"
        );
        checked += 1;
    }
    assert!(checked > 35, "checked {checked} files");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

#[test]
fn the_site_has_home_edition_standard_reference_and_glossary_pages() {
    let (_tmp, files) = build_example();
    let home = page(&files, "index.html");
    assert!(home.contains("<h1>Security management standards and policies</h1>"));
    assert!(home.contains("Standards for providers 2017-18: Security management"));
    for area in [
        "Strategic Governance",
        "Inform and Involve",
        "Prevent and Deter",
        "Hold to Account",
    ] {
        assert!(home.contains(area), "home page names key area {area}");
    }

    let edition = page(&files, &format!("{EDITION}/index.html"));
    let positions: Vec<usize> = [
        "area-strategic-governance",
        "area-inform-and-involve",
        "area-prevent-and-deter",
        "area-hold-to-account",
    ]
    .iter()
    .map(|a| {
        edition
            .find(&format!("id=\"{a}\""))
            .unwrap_or_else(|| panic!("edition page has {a}"))
    })
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "areas in the publisher's order"
    );
    let in_area = &edition[positions[2]..positions[3]];
    assert!(
        in_area.contains("Standard 3.1<")
            && in_area.contains("Standard 3.15<")
            && !in_area.contains("Standard 4.1<")
    );
    assert!(
        edition.contains("Summary of changes for 2017-18"),
        "Appendix 3 shown on the edition page"
    );

    for id in IDS {
        assert!(
            files.contains_key(&format!("{EDITION}/{id}.html")),
            "page for standard {id}"
        );
    }
    let s = page(&files, &format!("{EDITION}/1.3.html"));
    assert!(s.contains("<h1>Standard 1.3</h1>"));
    assert!(s.contains("The organisation employs or contracts a qualified, accredited and nominated security specialist(s)"));
    // RAG meaning in words, not only colour.
    assert!(s.contains("A red rating means non-compliance with the standard."));
    assert!(s.contains("An amber rating means partial compliance"));
    assert!(s.contains("A green rating means full compliance"));
    assert!(
        s.contains("Not applicable to this standard."),
        "1.3 has no amber criteria"
    );
    assert!(
        s.contains("href=\"../../../references/security-management-manual.html\""),
        "guidance cites the reference page"
    );
    assert!(s.contains("http://www.cqc.org.uk/sites/default/files/20150210_guidance_for_providers_on_meeting_the_regulations_final_01.pdf"));

    let r = page(&files, "references/security-management-manual.html");
    assert!(r.contains("<h1>The NHS Security Management Manual</h1>"));
    for id in ["1.1", "1.3", "1.4"] {
        assert!(
            r.contains(&format!("href=\"../{EDITION}/{id}.html\"")),
            "reference page lists standard {id}"
        );
    }
    let g = page(&files, "glossary.html");
    assert!(g.contains("id=\"term-lsms\"") && g.contains("Local Security Management Specialist"));
}

#[test]
fn every_internal_link_and_anchor_resolves_and_all_are_relative() {
    let (_tmp, files) = build_example();
    let broken = broken_internal_links(&files);
    assert!(
        broken.is_empty(),
        "broken internal links:\n{}",
        broken.join("\n")
    );
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            assert!(
                !url.starts_with('/') && !url.starts_with("file:"),
                "{path}: absolute address {url}"
            );
        }
    }
}

#[test]
fn identical_input_gives_byte_identical_output() {
    let (_a, first) = build_example();
    let (_b, second) = build_example();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between two builds");
    }
}

#[test]
fn cross_references_resolve_and_targets_list_what_links_to_them() {
    let (_tmp, files) = build_example();
    // Chapter 4 of the guidance cites standard 1.2 as `[standard 1.2](std:1.2)`.
    let ch4 = page(&files, "guidance/04-quality-assurance-programme.html");
    assert!(ch4.contains("href=\"../standards/nhs-protect-providers/2017-18/1.2.html\""));
    let s12 = page(&files, &format!("{EDITION}/1.2.html"));
    assert!(
        s12.contains("href=\"../../../guidance/04-quality-assurance-programme.html\""),
        "1.2 lists the page that cites it"
    );
    // Policies that implement a standard are listed on the standard's page.
    let s11 = page(&files, &format!("{EDITION}/1.1.html"));
    assert!(s11.contains(
        "href=\"../../../policies/local/west-essex-ccg-security-management-policy.html\""
    ));
}

fn build_with(args: &[&str], envs: &[(&str, &str)], root: &Path) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_policybook"));
    cmd.args(args)
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", "1795651200");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn builds_on_one_thread_and_on_eight_are_identical() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("one"), out.path().join("eight"));
    for (dest, threads) in [(&a, "1"), (&b, "8")] {
        let o = build_with(
            &["build", "--dest-dir", dest.to_str().unwrap()],
            &[("RAYON_NUM_THREADS", threads)],
            &example_root(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.len(), tb.len());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between 1 and 8 threads");
    }
}

/// A build killed at any moment (SIGKILL) leaves the previous output exactly as it was.
#[cfg(unix)]
#[test]
fn a_build_killed_midway_leaves_the_previous_output() {
    let root = example_root().join("examples/nist-800-53");
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("book");
    let o = build_with(&["build", "--dest-dir", dest.to_str().unwrap()], &[], &root);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = tree(&dest);
    assert!(before.len() > 2000);
    for delay_ms in [5, 50, 200, 600, 1500] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_policybook"))
            .args(["build", "--dest-dir", dest.to_str().unwrap()])
            .current_dir(&root)
            .env("SOURCE_DATE_EPOCH", "1795651200")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let after = tree(&dest);
        assert_eq!(
            after.len(),
            before.len(),
            "killed after {delay_ms} ms: the file count changed"
        );
        assert!(
            after == before,
            "killed after {delay_ms} ms: the output changed"
        );
    }
    // The next build clears what the killed ones left behind.
    let o = build_with(&["build", "--dest-dir", dest.to_str().unwrap()], &[], &root);
    assert!(o.status.success());
    let left: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["book"], "no staging folders left");
}
