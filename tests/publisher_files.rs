//! Publishers' own files read as published: OWASP's ASVS mapping as an edition's declared
//! lineage (`lineage: { owasp: ... }`), and the Cabinet Office's YAML transcription of the NCSC
//! Cyber Assessment Framework (`caf: ...`). What they say arrives; what cannot be read stops
//! the build at its file and line.

mod common;

use common::*;
use policybook::content::Verb;

const OLD: &str = "title: ASVS 4.0.3\npublished: 2021-10\ncsv:\n  file: ../../../../data/old.csv\n  strip_prefix: V\n  columns: { id: req_id, area: chapter, headline: text }\n";
const NEW: &str = "title: ASVS 5.0.0\npublished: 2025-05\ncsv:\n  file: ../../../../data/new.csv\n  strip_prefix: V\n  columns: { id: req_id, area: chapter, headline: text }\nlineage:\n  owasp: ../../../../data/map.yml\n";
const OLD_CSV: &str = "chapter,req_id,text\nV1,V1.1.1,Verify one.\nV1,V1.1.2,Verify two.\nV1,V1.1.3,Verify three.\nV1,V1.1.4,\"[DELETED, NOT ACTIONABLE]\"\n";
const NEW_CSV: &str = "chapter,req_id,text\nV1,V1.1.1,Verify one better.\nV1,V1.1.2,Verify two.\nV2,V2.1.1,Verify new.\n";
const MAP: &str = "---\nv4.0.3-1.1.1:\n  tag-v5.0.0: MODIFIED, MOVED TO v5.0.0-1.1.1, SPLIT TO v5.0.0-2.1.1\nv4.0.3-1.1.2:\n  tag-v5.0.0: GRAMMAR, MOVED TO\n    v5.0.0-1.1.2\nv4.0.3-1.1.3:\n  tag-v5.0.0: DELETED, NOT IN SCOPE\n...\n";

fn owasp_site(map: &str) -> tempfile::TempDir {
    site(&[
        ("book.toml", BOOK_TOML),
        ("content/standards/asvs/4.0.3/edition.yaml", OLD),
        ("content/standards/asvs/5.0.0/edition.yaml", NEW),
        ("data/old.csv", OLD_CSV),
        ("data/new.csv", NEW_CSV),
        ("data/map.yml", map),
    ])
}

#[test]
fn owasps_mapping_becomes_the_editions_lineage_with_its_words_as_notes() {
    let dir = owasp_site(MAP);
    let site = load_site(dir.path());
    let l = site.catalogues[0].editions[1].lineage.as_ref().unwrap();
    assert_eq!(l.against, "4.0.3");
    assert_eq!(
        l.source.as_deref(),
        Some("OWASP ASVS mapping v4.0.3 to v5.0.0")
    );
    let got: Vec<(&str, Verb, Vec<String>, &str)> = l
        .entries
        .iter()
        .map(|e| {
            (
                e.old.value.as_str(),
                e.verb,
                e.new.clone(),
                e.note.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "1.1.1",
                Verb::Split,
                vec!["1.1.1".into(), "2.1.1".into()],
                "MODIFIED, MOVED TO v5.0.0-1.1.1, SPLIT TO v5.0.0-2.1.1"
            ),
            (
                "1.1.2",
                Verb::Moved,
                vec!["1.1.2".into()],
                "GRAMMAR, MOVED TO v5.0.0-1.1.2"
            ),
            ("1.1.3", Verb::Deleted, vec![], "DELETED, NOT IN SCOPE"),
        ]
    );
    let o = policybook(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_word_owasp_does_not_use_is_an_error_at_its_line() {
    let err = build_fails(
        owasp_site(&MAP.replace("DELETED, NOT IN SCOPE", "RENAMED TO v5.0.0-1.1.2")).path(),
    );
    assert!(err.contains("cannot read OWASP's mapping of v4.0.3-1.1.3: \"RENAMED TO v5.0.0-1.1.2\" is not one of OWASP's mapping words"), "{err}");
    assert!(err.contains("data/map.yml:8:15"), "{err}");
}

#[test]
fn the_reverse_mapping_is_refused_with_the_reason() {
    let map = "v5.0.0-1.1.1:\n  tag-v4.0.3: MODIFIED, MOVED FROM v4.0.3-1.1.1\n";
    let err = build_fails(owasp_site(map).path());
    assert!(
        err.contains("this mapping is to `tag-v4.0.3`, but the edition it is declared in is 5.0.0"),
        "{err}"
    );
    assert!(err.contains("data/map.yml:2:3"), "{err}");
}

#[test]
fn an_id_the_new_edition_lacks_is_an_error_at_the_mapping() {
    let err = build_fails(owasp_site(&MAP.replace("v5.0.0-2.1.1", "v5.0.0-2.1.9")).path());
    assert!(
        err.contains("new \"2.1.9\" is not a standard of asvs/5.0.0"),
        "{err}"
    );
    assert!(err.contains("data/map.yml:"), "{err}");
}

#[test]
fn a_mapping_beside_a_lineage_yaml_is_an_error() {
    let dir = owasp_site(MAP);
    std::fs::write(
        dir.path().join("content/standards/asvs/5.0.0/lineage.yaml"),
        "against: 4.0.3\nentries: []\n",
    )
    .unwrap();
    let err = build_fails(dir.path());
    assert!(
        err.contains("lineage.yaml beside `lineage:` in edition.yaml"),
        "{err}"
    );
}

const CAF_ED: &str = "title: CAF 4.0\npublisher: National Cyber Security Centre\ncaf: ../../../../data/caf.yaml\ncriteria_labels: { not_met: Not achieved, partially_met: Partially achieved, met: Achieved }\n";
const CAF: &str = "assessment-rules: &rules\n  1: [achieved, all]\nobjectives:\n  A:\n    code: A\n    title: Managing security risk\n    description: Structures in place.\n    principles:\n      A1:\n        code: A1\n        title: Governance\n        description: Policies to govern.\n        outcomes:\n          A1.a:\n            code: A1.a\n            title: Board Direction\n            description: You have effective\n              board-level management.\n            indicators:\n              partially-achieved: {}\n              not-achieved:\n                A1.a.1:\n                  description: Not discussed at board-level.\n                  ncsc-index: A1.a.NA.1\n              achieved:\n                A1.a.2:\n                  description: Owned at board-level.\n                A1.a.3:\n                  description: Discussed regularly.\n            assessment-rules: *rules\n";

fn caf_site(caf: &str) -> tempfile::TempDir {
    site(&[
        ("book.toml", BOOK_TOML),
        ("content/standards/ncsc-caf/4.0/edition.yaml", CAF_ED),
        ("data/caf.yaml", caf),
    ])
}

#[test]
fn caf_principles_are_areas_and_outcomes_standards_with_their_indicators() {
    let dir = caf_site(CAF);
    let site = load_site(dir.path());
    let e = &site.catalogues[0].editions[0];
    assert_eq!(e.meta.areas[0].id.value, "A1");
    assert_eq!(e.meta.areas[0].title, "A1 Governance");
    assert_eq!(
        e.meta.areas[0].description.as_deref(),
        Some("Policies to govern.\n\nObjective A *Managing security risk*: Structures in place.")
    );
    let s = &e.standards[0];
    assert_eq!(
        (s.id(), s.title.as_deref()),
        ("A1.a", Some("Board Direction"))
    );
    assert_eq!(s.headline, "You have effective board-level management.");
    assert_eq!(s.criteria.not_met, ["Not discussed at board-level."]);
    assert!(s.criteria.partially_met.is_empty());
    assert_eq!(
        s.criteria.met,
        ["Owned at board-level.", "Discussed regularly."]
    );
    let o = policybook(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let page =
        std::fs::read_to_string(dir.path().join("book/standards/ncsc-caf/4.0/A1.a.html")).unwrap();
    assert!(page.contains("</strong> Partially achieved</h3>"), "{page}");
}

#[test]
fn an_outcome_without_description_is_an_error_at_its_line() {
    let caf = CAF.replace(
        "            description: You have effective\n              board-level management.\n",
        "",
    );
    let err = build_fails(caf_site(&caf).path());
    assert!(err.contains("`description` is missing"), "{err}");
    assert!(err.contains("data/caf.yaml:"), "{err}");
}

#[test]
fn an_unknown_grade_is_an_error_naming_the_grades() {
    let caf = CAF.replace("partially-achieved: {}", "partly-achieved: {}");
    let err = build_fails(caf_site(&caf).path());
    assert!(err.contains("unknown field `partly-achieved`"), "{err}");
    assert!(err.contains("data/caf.yaml:20:15"), "{err}");
}
