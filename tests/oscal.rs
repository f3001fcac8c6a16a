//! The OSCAL catalog importer (`oscal:` in `edition.yaml`): a small catalog with nested
//! groups, a control with an enhancement, parameters (an assignment and a selection), items
//! numbered as NIST numbers them, a withdrawn control incorporated into two others and a
//! reference; bad input (malformed JSON, a control without id, a link to nothing) reported at
//! its line and column; and the two example sites built from real OSCAL catalogues, counted
//! against what their publishers state.

mod common;

use std::path::Path;

use common::*;

const CATALOG: &str = r##"{
  "catalog": {
    "uuid": "00000000-0000-4000-8000-000000000000",
    "metadata": { "title": "Test catalog" },
    "groups": [
      {
        "id": "ac",
        "title": "Access Control",
        "controls": [
          {
            "id": "ac-2",
            "title": "Account Management",
            "params": [
              { "id": "ac-2_prm_1", "label": "organization-defined frequency" },
              { "id": "ac-2_prm_2", "select": { "how-many": "one-or-more", "choice": ["removes", "disables"] } }
            ],
            "props": [ { "name": "label", "value": "AC-2" } ],
            "links": [ { "href": "#ref-1", "rel": "reference" } ],
            "parts": [
              {
                "id": "ac-2_smt", "name": "statement", "prose": "The organization:",
                "parts": [
                  { "id": "ac-2_smt.a", "name": "item", "props": [ { "name": "label", "value": "a." } ],
                    "prose": "Reviews accounts {{ insert: param, ac-2_prm_1 }}; and",
                    "parts": [
                      { "id": "ac-2_smt.a.1", "name": "item", "props": [ { "name": "label", "value": "1." } ], "prose": "Notifies managers;" }
                    ] },
                  { "id": "ac-2_smt.b", "name": "item", "props": [ { "name": "label", "value": "b." } ],
                    "prose": "{{ insert: param, ac-2_prm_2 }} accounts of leavers." }
                ]
              },
              { "id": "ac-2_gdn", "name": "guidance", "prose": "Account types include guest accounts." },
              { "id": "ac-2_obj", "name": "objective", "prose": "Determine if the organization reviews accounts." }
            ],
            "controls": [
              {
                "id": "ac-2.1", "title": "Automated System Account Management",
                "props": [ { "name": "label", "value": "AC-2(1)" } ],
                "parts": [ { "id": "ac-2.1_smt", "name": "statement", "prose": "The organization employs automated mechanisms." } ]
              }
            ]
          },
          {
            "id": "ac-13", "title": "Supervision and Review",
            "props": [ { "name": "label", "value": "AC-13" }, { "name": "status", "value": "Withdrawn" } ],
            "links": [ { "href": "#ac-2", "rel": "incorporated-into" }, { "href": "#au-6", "rel": "incorporated-into" } ]
          }
        ]
      },
      {
        "title": "Guidelines for auditing",
        "groups": [
          {
            "id": "au", "title": "Audit review",
            "parts": [ { "name": "overview", "prose": "Audit records are reviewed; see the [manual](#ref-1)." } ],
            "controls": [
              {
                "id": "au-6", "title": "Audit Review, Analysis, and Reporting",
                "props": [ { "name": "label", "value": "AU-6" } ],
                "parts": [ { "id": "au-6_smt", "name": "statement", "prose": "The organization reviews audit records." } ]
              }
            ]
          }
        ]
      }
    ],
    "back-matter": {
      "resources": [
        { "uuid": "ref-1", "title": "Audit manual", "citation": { "text": "The Audit Manual, 2013." },
          "rlinks": [ { "href": "https://example.org/audit-manual" } ] }
      ]
    }
  }
}
"##;

const EDITION: &str = "title: Test OSCAL catalog\npublisher: Test Institute\nlicence: Public domain\noscal: catalog.json\nareas:\n  - { id: AC, title: Access Control }\n";

fn oscal_site(catalog: &str) -> tempfile::TempDir {
    site(&[
        ("book.toml", BOOK_TOML),
        ("content/standards/test/1/edition.yaml", EDITION),
        ("content/standards/test/1/catalog.json", catalog),
    ])
}

fn build(dir: &Path) -> (std::process::Output, std::path::PathBuf) {
    let dest = dir.join("out");
    let o = policybook(&["build", "--dest-dir", dest.to_str().unwrap()], dir);
    (o, dest)
}

fn page(dest: &Path, name: &str) -> String {
    std::fs::read_to_string(dest.join("standards/test/1").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_catalog_becomes_areas_and_standards_with_titles_statements_and_withdrawals() {
    let dir = oscal_site(CATALOG);
    let (o, dest) = build(dir.path());
    assert!(o.status.success(), "{}", stderr(&o));

    // The enhancement is a standard of its own, named as NIST prints it, at a clean address.
    let ac2 = page(&dest, "AC-2.html");
    assert!(ac2.contains("<h1>AC-2 Account Management</h1>"), "{ac2}");
    assert!(ac2.contains("<p>The organization:</p>"));
    // Items keep their labels, nested as published; parameters read as NIST prints them.
    assert!(
        ac2.contains("<li>a. Reviews accounts [Assignment: organization-defined frequency]; and")
    );
    assert!(ac2.contains("<li>1. Notifies managers;</li>"), "{ac2}");
    assert!(
        ac2.contains(
            "<li>b. [Selection (one or more): removes; disables] accounts of leavers.</li>"
        )
    );
    // The guidance is the rationale; assessment objectives are not the requirement.
    assert!(ac2.contains("Account types include guest accounts."));
    assert!(!ac2.contains("Determine if"));
    // The back-matter reference is a link to the resource, with its citation.
    assert!(ac2.contains("href=\"https://example.org/audit-manual\""));
    assert!(ac2.contains("The Audit Manual, 2013."));
    let enh = page(&dest, "AC-2.1.html");
    assert!(enh.contains("<h1>AC-2(1) Automated System Account Management</h1>"));

    // The withdrawn control keeps its page, says so, and links where it went.
    let ac13 = page(&dest, "AC-13.html");
    assert!(
        ac13.contains(
            "<strong>Withdrawn</strong> by its publisher: Incorporated into AC-2 and AU-6."
        ),
        "{ac13}"
    );
    assert!(
        ac13.contains(
            "<a href=\"../../../standards/test/1/AC-2.html\">AC-2 Account Management</a>"
        )
    );
    assert!(ac13.contains("<a href=\"../../../standards/test/1/AU-6.html\">AU-6 Audit Review, Analysis, and Reporting</a>"));
    assert!(!ac13.contains("id=\"headline\""));

    // Groups are areas: the listed AC by its id (any case), the nested group with its place
    // and its overview, whose link to the back matter leads to the resource.
    let index = page(&dest, "index.html");
    assert!(index.contains("id=\"area-AC\""));
    assert!(index.contains("id=\"area-au\""));
    assert!(index.contains("<em>Guidelines for auditing</em>"));
    assert!(index.contains(
        "href=\"https://example.org/audit-manual\" rel=\"noopener noreferrer\">manual</a>"
    ));
    assert!(index.contains("<strong class=\"withdrawn-mark\">Withdrawn</strong>"));
    assert!(index.contains("<dd>4</dd>"), "four standards");
}

/// The line and column a diagnostic names, from its `--> file:line:column` line.
fn location(err: &str) -> String {
    err.lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .unwrap_or_else(|| panic!("no location in:\n{err}"))
        .to_string()
}

#[test]
fn malformed_json_is_reported_at_its_line_and_column() {
    // Line 5: a missing comma between two members.
    let bad = CATALOG.replacen(
        "\"title\": \"Account Management\",",
        "\"title\": \"Account Management\"",
        1,
    );
    let dir = oscal_site(&bad);
    let (o, _) = build(dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("this is not valid JSON"), "{err}");
    let line = bad
        .lines()
        .position(|l| l.contains("\"params\": ["))
        .unwrap()
        + 1;
    assert_eq!(
        location(&err),
        format!("content/standards/test/1/catalog.json:{line}:13"),
        "{err}"
    );
}

#[test]
fn a_control_without_id_is_reported_where_it_ends() {
    let bad = CATALOG.replacen("\"id\": \"au-6\", ", "", 1);
    let dir = oscal_site(&bad);
    let (o, _) = build(dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("missing field `id`"), "{err}");
    assert!(
        err.contains("not an OSCAL catalog as policybook reads it"),
        "{err}"
    );
    let line = bad
        .lines()
        .position(|l| l.contains("The organization reviews audit records."))
        .unwrap()
        + 2;
    assert!(
        location(&err).starts_with(&format!("content/standards/test/1/catalog.json:{line}:")),
        "{err}"
    );
}

#[test]
fn a_withdrawal_into_an_unknown_control_is_an_error_at_the_link() {
    let bad = CATALOG.replacen("\"#au-6\"", "\"#au-99\"", 1);
    let dir = oscal_site(&bad);
    let (o, _) = build(dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("control \"ac-13\" links to \"#au-99\", which is no control of this catalog"),
        "{err}"
    );
    let line = bad.lines().position(|l| l.contains("#au-99")).unwrap() + 1;
    assert!(
        location(&err).starts_with(&format!("content/standards/test/1/catalog.json:{line}:")),
        "{err}"
    );
}

/// The number of standards, and of withdrawn ones, of each edition of an example site, read
/// from its edition pages.
fn counts(dest: &Path, catalogue: &str, edition: &str) -> (usize, usize) {
    let index = std::fs::read_to_string(
        dest.join("standards")
            .join(catalogue)
            .join(edition)
            .join("index.html"),
    )
    .unwrap();
    let total = index.matches("<tr><th scope=\"row\">").count()
        + index.matches("<tr class=\"withdrawn\">").count();
    (total, index.matches("<tr class=\"withdrawn\">").count())
}

#[test]
fn the_nist_example_has_the_922_controls_and_96_withdrawals_nist_states() {
    let root = example_root().join("examples/nist-800-53");
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("book");
    let o = policybook(&["build", "--dest-dir", dest.to_str().unwrap()], &root);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(counts(&dest, "nist-800-53", "rev4"), (922, 96));
    // No address or id of the site holds a space or a parenthesis.
    for (path, bytes) in tree(&dest) {
        assert!(!path.contains([' ', '(', ')']), "{path}");
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            for v in attr_values(&html, "href")
                .into_iter()
                .chain(attr_values(&html, "id"))
            {
                assert!(!v.contains(' '), "{path}: {v}");
            }
        }
    }
}

#[test]
fn the_ism_example_has_the_controls_asd_states_for_each_release() {
    let root = example_root().join("examples/asd-ism");
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("book");
    let o = policybook(&["build", "--dest-dir", dest.to_str().unwrap()], &root);
    assert!(o.status.success(), "{}", stderr(&o));
    for (edition, n) in [
        ("2022.09.14", 844),
        ("2023.12.1", 928),
        ("2024.12.19", 1005),
        ("2025.12.9", 1107),
    ] {
        assert_eq!(counts(&dest, "asd-ism", edition), (n, 0), "{edition}");
    }
    let page =
        std::fs::read_to_string(dest.join("standards/asd-ism/2025.12.9/ism-0027.html")).unwrap();
    assert!(page.contains("<h1>Standard ism-0027</h1>"));
    assert!(page.contains("Australian Signals Directorate"));
    assert!(page.contains("https://creativecommons.org/licenses/by/4.0/"));
}
