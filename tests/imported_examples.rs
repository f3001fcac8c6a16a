//! The example sites read from publishers' own files: the OWASP ASVS from its CSV files with
//! OWASP's mapping as declared lineage (`examples/owasp-asvs`), and the NCSC CAF from the
//! Cabinet Office's YAML transcription (`examples/ncsc-caf`). Every row, outcome and indicator
//! arrives, the figures the publishers state hold, and the sites build with no broken link.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use policybook::content::{Edition, Site, Verb};

fn root(name: &str) -> PathBuf {
    example_root().join("examples").join(name)
}

fn edition<'a>(site: &'a Site, id: &str) -> &'a Edition {
    site.catalogues[0]
        .editions
        .iter()
        .find(|e| e.id == id)
        .unwrap()
}

fn build(root: &Path) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("book");
    let o = policybook(&["build", "--dest-dir", dest.to_str().unwrap()], root);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
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

#[test]
fn owasp_asvs_every_row_arrives_and_the_deleted_placeholders_are_withdrawn() {
    let site = load_site(&root("owasp-asvs"));
    let old = edition(&site, "4.0.3");
    let new = edition(&site, "5.0.0");
    // OWASP's CSV files: 286 and 345 rows; 14 and 17 chapters.
    assert_eq!(old.standards.len(), 286);
    assert_eq!(new.standards.len(), 345);
    assert_eq!(old.meta.areas.len(), 14);
    assert_eq!(new.meta.areas.len(), 17);
    assert_eq!(new.meta.areas[0].title, "V1 Encoding and Sanitization");
    // OWASP writes V1.1.1 and cites 1.1.1.
    assert!(new.standards.iter().any(|s| s.id() == "1.1.1"));
    let withdrawn: Vec<_> = old
        .standards
        .iter()
        .filter(|s| s.withdrawn.is_some())
        .collect();
    assert_eq!(withdrawn.len(), 8);
    let s = old.standards.iter().find(|s| s.id() == "1.4.3").unwrap();
    let w = s.withdrawn.as_ref().unwrap();
    assert_eq!(w.note.as_deref(), Some("DELETED, DUPLICATE OF 4.1.3"));
    assert_eq!(w.into, ["4.1.3"]);
    let s = old.standards.iter().find(|s| s.id() == "1.4.2").unwrap();
    assert_eq!(s.withdrawn.as_ref().unwrap().into, Vec::<String>::new());
    // Every live row has its text; the section and levels come along as fields.
    assert!(
        old.standards
            .iter()
            .all(|s| s.withdrawn.is_some() || !s.headline.is_empty())
    );
    let s = old.standards.iter().find(|s| s.id() == "1.1.2").unwrap();
    assert_eq!(
        s.fields,
        [
            (
                "Section".to_string(),
                "V1.1 Secure Software Development Lifecycle".to_string()
            ),
            ("Level 2".into(), "✓".into()),
            ("Level 3".into(), "✓".into()),
            ("CWE".into(), "1053".into()),
        ]
    );
    assert!(
        s.headline
            .starts_with("Verify the use of threat modeling for every design change")
    );
}

#[test]
fn owasp_mapping_is_read_as_published_with_owasps_words_kept() {
    let site = load_site(&root("owasp-asvs"));
    let new = edition(&site, "5.0.0");
    let l = new
        .lineage
        .as_ref()
        .expect("5.0.0 declares OWASP's mapping");
    assert_eq!(l.against, "4.0.3");
    // One entry per live 4.0.3 requirement: 286 rows less the 8 placeholders.
    assert_eq!(l.entries.len(), 278);
    let mut by_verb: BTreeMap<Verb, usize> = BTreeMap::new();
    for e in &l.entries {
        *by_verb.entry(e.verb).or_default() += 1;
    }
    // The figures of docs/catalogues.md.
    assert_eq!(
        by_verb,
        BTreeMap::from([
            (Verb::Moved, 95),
            (Verb::Modified, 48),
            (Verb::Split, 26),
            (Verb::Merged, 31),
            (Verb::CoveredBy, 28),
            (Verb::Deleted, 50),
        ])
    );
    let e = l.entries.iter().find(|e| e.old.value == "1.2.4").unwrap();
    assert_eq!(e.verb, Verb::Split);
    assert_eq!(e.new, ["6.1.3", "6.3.4"]);
    assert_eq!(
        e.note.as_deref(),
        Some("MODIFIED, MOVED TO v5.0.0-6.1.3, SPLIT TO v5.0.0-6.3.4")
    );
    // The one value OWASP folds over two lines.
    let e = l.entries.iter().find(|e| e.old.value == "6.2.2").unwrap();
    assert_eq!(
        e.new,
        ["11.2.1", "11.3.1", "11.3.2", "11.3.3", "11.4.1", "11.6.1"]
    );
}

#[test]
fn owasp_site_builds_with_fields_and_credit_and_no_broken_link() {
    let (_dir, files) = build(&root("owasp-asvs"));
    assert_eq!(broken_internal_links(&files), Vec::<String>::new());
    let p = page(&files, "standards/owasp-asvs/5.0.0/1.1.1.html");
    assert!(
        p.contains("<dt>Section</dt><dd>V1.1 Encoding and Sanitization Architecture</dd>"),
        "{p}"
    );
    assert!(p.contains("<dt>Level</dt><dd>2</dd>"), "{p}");
    assert!(
        p.contains("Creative Commons Attribution-ShareAlike 4.0 International"),
        "{p}"
    );
    assert!(p.contains("OWASP Foundation"), "{p}");
}

#[test]
fn caf_outcomes_and_indicators_arrive_as_the_transcription_counts_them() {
    let site = load_site(&root("ncsc-caf"));
    // The transcription's README: 3.2 has 39 outcomes and 449 indicators, 4.0 has 41 and 555.
    for (id, outcomes, indicators) in [("3.2", 39, 449), ("4.0", 41, 555)] {
        let e = edition(&site, id);
        assert_eq!(e.standards.len(), outcomes, "{id}");
        let n: usize = e
            .standards
            .iter()
            .map(|s| {
                s.criteria.not_met.len() + s.criteria.partially_met.len() + s.criteria.met.len()
            })
            .sum();
        assert_eq!(n, indicators, "{id}");
        assert_eq!(e.meta.areas.len(), 14, "{id}: principles A1 to D2");
    }
    let e = edition(&site, "4.0");
    assert_eq!(e.meta.areas[0].title, "A1 Governance");
    let d = e.meta.areas[0].description.as_deref().unwrap();
    assert!(d.contains("Objective A *Managing security risk*"), "{d}");
    let s = &e.standards[0];
    assert_eq!(s.id(), "A1.a");
    assert_eq!(s.title.as_deref(), Some("Board Direction"));
    assert_eq!(
        s.headline,
        "You have effective organisational security management led at board level and articulated clearly in corresponding policies."
    );
    assert_eq!(s.criteria.not_met.len(), 4);
    assert_eq!(s.criteria.met.len(), 6);
    assert!(
        s.criteria.met[0]
            .starts_with("Your organisation's approach and policy relating to the security")
    );
}

#[test]
fn caf_pages_use_the_cafs_own_grades() {
    let (_dir, files) = build(&root("ncsc-caf"));
    assert_eq!(broken_internal_links(&files), Vec::<String>::new());
    let p = page(&files, "standards/ncsc-caf/4.0/A1.a.html");
    for grade in ["Not achieved", "Partially achieved", "Achieved"] {
        assert!(
            p.contains(&format!("</strong> {grade}</h3>")),
            "{grade}: {p}"
        );
    }
    assert!(!p.contains("Organisation meets the standard"), "{p}");
    assert!(p.contains("Open Government Licence v3.0"), "{p}");
}

#[test]
fn an_edition_without_criteria_labels_keeps_the_default_words() {
    let (_dir, files) = {
        let out = tempfile::tempdir().unwrap();
        let dest = out.path().join("book");
        let o = policybook(
            &["build", "--dest-dir", dest.to_str().unwrap()],
            &example_root(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let files = tree(&dest);
        (out, files)
    };
    let p = page(&files, "standards/nhs-protect-providers/2017-18/1.1.html");
    assert!(p.contains("Organisation does not meet the standard"), "{p}");
    assert!(!p.contains("Not achieved"), "{p}");
}
