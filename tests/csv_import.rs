//! Standards read from a CSV file with a column mapping in `edition.yaml` (`csv:`): every row
//! arrives with its cells where the mapping says, placeholders of deleted rows are withdrawn
//! standards, and a spreadsheet's mistakes stop the build at their file, line and column.

mod common;

use std::path::Path;

use common::*;

const ED: &str = "content/standards/cat/2025/edition.yaml";
const CSV: &str = "data/cat.csv";

const MAPPING: &str = "title: Controls 2025\npublisher: Test Trust\ncsv:\n  file: ../../../../data/cat.csv\n  strip_prefix: V\n  columns:\n    id: req_id\n    area: chapter\n    area_title: [chapter, chapter_name]\n    title: name\n    headline: text\n    criteria: { not_met: red, met: green }\n    guidance: evidence\n    fields:\n      Level: level\n";

const GOOD: &str = "req_id,chapter,chapter_name,name,text,red,green,evidence,level,notes\r\nV1.1,G,Governance,Lead,\"A director leads security, and reports to the board.\",No lead.,\"- A lead reports\r\n- Minutes\",Board minutes,2,private\r\nV1.2,G,Governance,Old,\"[DELETED, DUPLICATE OF 1.1]\",,,,,\r\n\r\nV2.1,P,Physical,Badges,Staff wear **badges**.,,,,,\r\n";

fn csv_site(mapping: &str, csv: &str) -> tempfile::TempDir {
    site(&[("book.toml", BOOK_TOML), (ED, mapping), (CSV, csv)])
}

#[test]
fn every_row_arrives_where_the_mapping_says() {
    let dir = csv_site(MAPPING, &format!("\u{feff}{GOOD}"));
    let site = load_site(dir.path());
    let e = &site.catalogues[0].editions[0];
    let ids: Vec<&str> = e.standards.iter().map(|s| s.id()).collect();
    assert_eq!(
        ids,
        ["1.1", "1.2", "2.1"],
        "V stripped, the blank row skipped"
    );
    let areas: Vec<(&str, &str)> = e
        .meta
        .areas
        .iter()
        .map(|a| (a.id.value.as_str(), a.title.as_str()))
        .collect();
    assert_eq!(areas, [("G", "G Governance"), ("P", "P Physical")]);
    let s = &e.standards[0];
    assert_eq!(s.title.as_deref(), Some("Lead"));
    assert_eq!(
        s.headline,
        "A director leads security, and reports to the board."
    );
    assert_eq!(s.criteria.not_met, ["No lead."]);
    assert_eq!(
        s.criteria.met,
        ["A lead reports", "Minutes"],
        "one item a line, bullets dropped"
    );
    assert_eq!(s.guidance[0].text.as_deref(), Some("Board minutes"));
    assert_eq!(s.fields, [("Level".to_string(), "2".to_string())]);
    let w = e.standards[1]
        .withdrawn
        .as_ref()
        .expect("the placeholder is withdrawn");
    assert_eq!(w.note.as_deref(), Some("DELETED, DUPLICATE OF 1.1"));
    assert_eq!(w.into, ["1.1"]);
    assert!(e.standards[2].fields.is_empty(), "empty cells are left out");

    let o = policybook(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let page =
        std::fs::read_to_string(dir.path().join("book/standards/cat/2025/2.1.html")).unwrap();
    assert!(
        page.contains("Staff wear <strong>badges</strong>."),
        "{page}"
    );
    let page =
        std::fs::read_to_string(dir.path().join("book/standards/cat/2025/1.1.html")).unwrap();
    assert!(page.contains("<dt>Level</dt><dd>2</dd>"), "{page}");
    assert!(
        !page.contains("private"),
        "columns the mapping does not name are not published"
    );
}

#[test]
fn a_semicolon_separated_file_reads_with_its_delimiter() {
    let mapping = MAPPING.replace(
        "  strip_prefix: V\n",
        "  strip_prefix: V\n  delimiter: \";\"\n",
    );
    let csv = GOOD.replace(',', ";");
    let site = load_site(csv_site(&mapping, &csv).path());
    let s = &site.catalogues[0].editions[0].standards[0];
    assert_eq!(
        s.headline,
        "A director leads security; and reports to the board."
    );
}

#[test]
fn a_column_the_first_row_lacks_is_an_error_at_its_name_in_edition_yaml() {
    let mapping = MAPPING.replace("headline: text", "headline: txt");
    let err = build_fails(csv_site(&mapping, GOOD).path());
    assert!(
        err.contains("column `txt` is not in data/cat.csv (did you mean text?)"),
        "{err}"
    );
    assert!(
        err.contains("content/standards/cat/2025/edition.yaml:11:15"),
        "{err}"
    );
    assert!(
        err.contains("req_id, chapter, chapter_name"),
        "lists the columns: {err}"
    );
}

#[test]
fn a_row_without_id_is_an_error_at_its_cell() {
    let csv = GOOD.replace("V2.1,P", ",P");
    let err = build_fails(csv_site(MAPPING, &csv).path());
    assert!(err.contains("row has no id in column `req_id`"), "{err}");
    assert!(err.contains("data/cat.csv:6:1"), "{err}");
}

#[test]
fn a_duplicate_id_is_an_error_naming_the_first_line() {
    // An id written with its prefix or without is the same id.
    let csv = GOOD.replace("V2.1,P", "1.1,P");
    let err = build_fails(csv_site(MAPPING, &csv).path());
    assert!(err.contains("duplicate standard id \"1.1\""), "{err}");
    assert!(err.contains("data/cat.csv:6:1"), "{err}");
    assert!(err.contains("first used on line 2"), "{err}");
}

#[test]
fn a_duplicate_quoted_id_of_wide_characters_is_reported_not_a_panic() {
    let csv = GOOD
        .replace("V1.1,G", "\"V✓✓\",G")
        .replace("V2.1,P", "\"V✓✓\",P");
    let err = build_fails(csv_site(MAPPING, &csv).path());
    assert!(err.contains("duplicate standard id \"✓✓\""), "{err}");
    assert!(err.contains("data/cat.csv:6:1"), "{err}");
}

#[test]
fn a_quote_left_open_is_an_error_at_the_quote() {
    let csv = GOOD.replace("Staff wear **badges**.", "\"Staff wear badges.");
    let err = build_fails(csv_site(MAPPING, &csv).path());
    assert!(err.contains("a quoted cell is never closed"), "{err}");
    assert!(err.contains("data/cat.csv:6:24"), "{err}");
}

#[test]
fn a_row_with_a_cell_too_many_is_an_error_at_its_line() {
    let csv = GOOD.replace("badges**.,,,,,", "badges**.,,,,,,");
    let err = build_fails(csv_site(MAPPING, &csv).path());
    assert!(
        err.contains("this row has 11 cells, the first row has 10"),
        "{err}"
    );
    assert!(err.contains("data/cat.csv:6:1"), "{err}");
}

#[test]
fn an_empty_requirement_that_is_no_placeholder_is_an_error() {
    let csv = GOOD.replace("Staff wear **badges**.", "");
    let err = build_fails(csv_site(MAPPING, &csv).path());
    assert!(
        err.contains("standard \"2.1\" has no text in column `text`"),
        "{err}"
    );
    assert!(err.contains("data/cat.csv:6:24"), "{err}");
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let dir = site(&[("book.toml", BOOK_TOML), (ED, MAPPING)]);
    let err = build_fails(dir.path());
    assert!(
        err.contains("cannot read") && err.contains("data/cat.csv"),
        "{err}"
    );
}

/// The format reference's example (`docs/format.md`, "CSV catalogues") builds as written.
#[test]
fn the_format_references_example_builds() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md"))
        .unwrap();
    let section = doc
        .split("## CSV catalogues")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let block = |lang: &str| -> String {
        let start = section.find(&format!("```{lang}\n")).unwrap() + lang.len() + 4;
        section[start..][..section[start..].find("```").unwrap()].to_string()
    };
    let dir = site(&[
        ("book.toml", BOOK_TOML),
        (
            "content/standards/trust-controls/2025/edition.yaml",
            &block("yaml"),
        ),
        ("data/trust-controls.csv", &block("csv")),
    ]);
    let site = load_site(dir.path());
    let e = &site.catalogues[0].editions[0];
    assert_eq!(e.standards.len(), 3);
    assert_eq!(e.standards[0].criteria.met.len(), 2);
    assert_eq!(e.standards[0].guidance.len(), 2);
    assert_eq!(e.standards[1].withdrawn.as_ref().unwrap().into, ["TC-01"]);
    assert_eq!(
        e.standards[0].fields,
        [
            ("Owner".to_string(), "Director of Finance".to_string()),
            ("Review".into(), "April 2026".into())
        ]
    );
    let o = policybook(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
}
