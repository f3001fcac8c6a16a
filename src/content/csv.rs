//! CSV files as a catalogue edition: `edition.yaml` names the file and maps its columns with
//! `csv:`. Each row becomes a standard: which column is its id, area, title, headline,
//! rationale, criteria and guidance is the mapping's choice; other columns the mapping names
//! under `fields` show on the standard's page as labelled values, the rest are ignored (a
//! spreadsheet keeps owners' notes a site need not publish). A row whose text is a
//! placeholder such as OWASP's `[DELETED, DUPLICATE OF 4.1.3]` is a withdrawn standard, the
//! placeholder's words its note and the ids it names its successors.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::Withdrawal;
use super::model::{Area, Criteria, GuidanceItem, Standard, one_or_many};
use super::source::read_source;
use crate::diagnostic::{Diagnostic, Diagnostics, Source, did_you_mean};

/// `csv:` in `edition.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvImport {
    /// The CSV file, relative to the edition's folder.
    pub file: String,
    /// The character between cells: `,` unless given (`;` for spreadsheets saved with a
    /// European locale, a tab for tab-separated files).
    #[serde(default)]
    pub delimiter: Option<char>,
    /// Removed from the start of every id where present (OWASP writes `V1.1.1`, and cites its
    /// requirements as `1.1.1`).
    #[serde(default)]
    pub strip_prefix: Option<String>,
    pub columns: Columns,
}

/// Which column holds what. Where a list of columns is given, their cells are joined with a
/// space (`area_title: [chapter_id, chapter_name]` gives "V1 Encoding and Sanitization").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub id: String,
    pub area: String,
    #[serde(default, deserialize_with = "one_or_many")]
    pub area_title: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub title: Vec<String>,
    pub headline: String,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub criteria: CriteriaColumns,
    /// Each line of each of these cells is a guidance item.
    #[serde(default, deserialize_with = "one_or_many")]
    pub guidance: Vec<String>,
    /// Shown on the standard's page as "label: value", in this order; empty cells are left out.
    #[serde(default)]
    pub fields: Fields,
}

/// Each line of a criteria cell is an item of that list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaColumns {
    #[serde(default)]
    pub not_met: Option<String>,
    #[serde(default)]
    pub partially_met: Option<String>,
    #[serde(default)]
    pub met: Option<String>,
}

/// `label: column` (or `label: [columns]`) pairs, in the order written.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, Vec<String>)>);

#[derive(Deserialize)]
struct Cols(#[serde(deserialize_with = "one_or_many")] Vec<String>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of labels to column names (`Level: level`)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut out = Vec::new();
                while let Some(label) = map.next_key::<String>()? {
                    out.push((label, map.next_value::<Cols>()?.0));
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A value with no place in a YAML file (the standard came from a CSV row).
fn unplaced(v: String) -> Spanned<String> {
    Spanned::new(v, Location::UNKNOWN, Location::UNKNOWN)
}

/// Reads the rows of the mapped CSV file as standards; areas missing from `areas` are added
/// to it in order of first appearance. `meta` is `edition.yaml`, where errors in the mapping
/// point.
pub fn load(
    root: &Path,
    dir: &Path,
    import: &CsvImport,
    meta: &Source,
    areas: &mut Vec<Area>,
    diags: &mut Diagnostics,
) -> Vec<Standard> {
    let source = match read_source(root, &super::standards::beside(dir, &import.file)) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let delimiter = import.delimiter.unwrap_or(',');
    if !delimiter.is_ascii() || delimiter == '"' {
        diags.push(
            Diagnostic::error(format!("`delimiter` cannot be {delimiter:?}"))
                .at(meta, mapping_span(meta, "delimiter"))
                .note("a CSV delimiter is one ASCII character, such as `,`, `;` or a tab"),
        );
        return Vec::new();
    }
    let delim = delimiter as u8;
    if let Some(open) = unclosed_quote(&source.text, delim) {
        diags.push(
            Diagnostic::error("a quoted cell is never closed")
                .at(&source, open..open + 1)
                .label("this quote opens a cell that runs to the end of the file")
                .note("close the cell with `\"`; a quote inside a quoted cell is written `\"\"`"),
        );
        return Vec::new();
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delim)
        .from_reader(source.text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        Err(e) => {
            diags.push(csv_error(&source, &e));
            return Vec::new();
        }
    };
    let Some(cols) = resolve_columns(&import.columns, &header, meta, &source, diags) else {
        return Vec::new();
    };

    let mut out: Vec<Standard> = Vec::new();
    let mut first_row: HashMap<String, usize> = HashMap::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                diags.push(csv_error(&source, &e));
                break;
            }
        }
        let start = record_start(&source.text, record.position());
        let line = source.line_col(start).0;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or_default().trim();
        let join = |is: &[usize]| {
            is.iter()
                .map(|&i| cell(i))
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let at = |i: usize| {
            let text = &*source.text;
            let o = cell_offset(text, start, i, delim);
            // The cell as read is unquoted: its length ends the span on a character boundary.
            let mut end = (o + record.get(i).map_or(0, str::len).max(1)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            o..end
        };
        let raw_id = cell(cols.id);
        if raw_id.is_empty() {
            diags.push(
                Diagnostic::error(format!("row has no id in column `{}`", header[cols.id]))
                    .at(&source, at(cols.id))
                    .label("empty")
                    .note("every row is a standard, and every standard needs an id"),
            );
            continue;
        }
        let id = import
            .strip_prefix
            .as_deref()
            .and_then(|p| raw_id.strip_prefix(p))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(raw_id)
            .to_string();
        if let Some(first) = first_row.insert(id.to_lowercase(), line) {
            diags.push(
                Diagnostic::error(format!("duplicate standard id \"{id}\""))
                    .at(&source, at(cols.id))
                    .label("this id is already used")
                    .note(format!("first used on line {first}")),
            );
            continue;
        }
        let area = cell(cols.area).to_string();
        if area.is_empty() {
            diags.push(
                Diagnostic::error(format!(
                    "standard \"{id}\" has no area in column `{}`",
                    header[cols.area]
                ))
                .at(&source, at(cols.area))
                .label("empty"),
            );
            continue;
        }
        if !areas.iter().any(|a| a.id.value == area) {
            let title = join(&cols.area_title);
            areas.push(Area {
                id: unplaced(area.clone()),
                title: if title.is_empty() {
                    area.clone()
                } else {
                    title
                },
                description: None,
            });
        }
        let text = cell(cols.headline);
        let withdrawn = placeholder(text).map(|note| Withdrawal {
            into: Vec::new(),
            note: Some(note.to_string()),
        });
        if text.is_empty() {
            diags.push(
                Diagnostic::error(format!(
                    "standard \"{id}\" has no text in column `{}`",
                    header[cols.headline]
                ))
                .at(&source, at(cols.headline))
                .label("empty")
                .note("a withdrawn standard's row says so: `[DELETED, ...]` or `[WITHDRAWN, ...]`"),
            );
            continue;
        }
        let lines = |i: Option<usize>| i.map(|i| items(cell(i))).unwrap_or_default();
        let title = join(&cols.title);
        out.push(Standard {
            id: unplaced(id),
            area: unplaced(area),
            title: (!title.is_empty()).then_some(title),
            headline: if withdrawn.is_some() {
                String::new()
            } else {
                text.to_string()
            },
            criteria: Criteria {
                not_met: lines(cols.not_met),
                partially_met: lines(cols.partially_met),
                met: lines(cols.met),
            },
            rationale: cols
                .rationale
                .map(|i| cell(i).to_string())
                .filter(|r| !r.is_empty()),
            guidance: cols
                .guidance
                .iter()
                .flat_map(|&i| items(cell(i)))
                .map(|t| GuidanceItem {
                    reference: None,
                    text: Some(t),
                    items: Vec::new(),
                })
                .collect(),
            links: Vec::new(),
            previous: Vec::new(),
            withdrawn,
            fields: cols
                .fields
                .iter()
                .map(|(label, is)| (label.clone(), join(is)))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            source: source.clone(),
        });
    }
    // A placeholder names where its standard went ("DUPLICATE OF 4.1.3"): those of its words
    // that are ids of this edition are the withdrawal's successors.
    let ids: HashMap<String, ()> = out.iter().map(|s| (s.id().to_string(), ())).collect();
    for s in &mut out {
        if let Some(w) = &mut s.withdrawn {
            let note = w.note.as_deref().unwrap_or_default();
            w.into = note
                .split([' ', ','])
                .map(|word| word.trim_end_matches('.'))
                .filter(|word| ids.contains_key(*word) && *word != s.id.value)
                .map(str::to_string)
                .collect();
        }
    }
    out
}

/// The column numbers of a mapping.
struct Resolved {
    id: usize,
    area: usize,
    area_title: Vec<usize>,
    title: Vec<usize>,
    headline: usize,
    rationale: Option<usize>,
    not_met: Option<usize>,
    partially_met: Option<usize>,
    met: Option<usize>,
    guidance: Vec<usize>,
    fields: Vec<(String, Vec<usize>)>,
}

/// Finds each column the mapping names in the header; an unknown name is an error at its place
/// in `edition.yaml`, listing the header's columns.
fn resolve_columns(
    c: &Columns,
    header: &[String],
    meta: &Source,
    csv: &Source,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    let before = diags.error_count();
    let mut find = |name: &str| -> usize {
        if let Some(i) = header.iter().position(|h| h == name) {
            return i;
        }
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        diags.push(
            Diagnostic::error(format!(
                "column `{name}` is not in {}{}",
                csv.path.display(),
                did_you_mean(name, names.clone())
            ))
            .at(meta, mapping_span(meta, name))
            .label("no such column")
            .note(format!("the file's first row names: {}", names.join(", "))),
        );
        0
    };
    let r = Resolved {
        id: find(&c.id),
        area: find(&c.area),
        area_title: c.area_title.iter().map(|n| find(n)).collect(),
        title: c.title.iter().map(|n| find(n)).collect(),
        headline: find(&c.headline),
        rationale: c.rationale.as_deref().map(&mut find),
        not_met: c.criteria.not_met.as_deref().map(&mut find),
        partially_met: c.criteria.partially_met.as_deref().map(&mut find),
        met: c.criteria.met.as_deref().map(&mut find),
        guidance: c.guidance.iter().map(|n| find(n)).collect(),
        fields: c
            .fields
            .0
            .iter()
            .map(|(l, ns)| (l.clone(), ns.iter().map(|n| find(n)).collect()))
            .collect(),
    };
    (diags.error_count() == before).then_some(r)
}

/// Where `name` is written in `edition.yaml`'s `csv:` mapping (the whole file when it cannot be
/// found, as for a name given with YAML escapes).
fn mapping_span(meta: &Source, name: &str) -> std::ops::Range<usize> {
    let from = meta.text.find("csv:").unwrap_or(0);
    meta.text[from..]
        .find(name)
        .map_or(from..from, |i| from + i..from + i + name.len())
}

/// `[DELETED, DUPLICATE OF 4.1.3]` -> `DELETED, DUPLICATE OF 4.1.3`: a row that keeps a
/// withdrawn standard's id, as OWASP's do.
fn placeholder(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?.trim();
    let word = inner.split([',', ' ', ':']).next().unwrap_or_default();
    ["DELETED", "WITHDRAWN"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
        .then_some(inner)
}

/// A cell's lines as list items: blank lines dropped, a leading bullet (`-`, `*`, `•`) removed.
fn items(cell: &str) -> Vec<String> {
    cell.lines()
        .map(|l| {
            let l = l.trim();
            l.strip_prefix(['-', '*', '•']).map_or(l, |rest| {
                if rest.starts_with(' ') {
                    rest.trim()
                } else {
                    l
                }
            })
        })
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Where a record's first cell starts: the reader's position is where it began reading, before
/// the line ends and blank lines that precede the record.
fn record_start(text: &str, pos: Option<&::csv::Position>) -> usize {
    let from = pos.map_or(0, |p| p.byte() as usize).min(text.len());
    from + (text[from..].len() - text[from..].trim_start_matches(['\r', '\n']).len())
}

fn csv_error(source: &Source, e: &::csv::Error) -> Diagnostic {
    let at = record_start(&source.text, e.position());
    let d = Diagnostic::error(match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} cells, the first row has {expected_len}"),
        ::csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8".to_string(),
        _ => format!("cannot read the CSV file: {e}"),
    });
    d.at(source, at..at)
        .note("every row needs as many cells as the first row names columns")
}

/// The byte offset of the opening quote of a cell that is never closed, if any.
fn unclosed_quote(text: &str, delim: u8) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut at_cell_start = true;
    while i < b.len() {
        let c = b[i];
        if at_cell_start && c == b'"' {
            let open = i;
            i += 1;
            loop {
                match b.get(i) {
                    None => return Some(open),
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            at_cell_start = false;
        } else {
            at_cell_start = c == delim || c == b'\n' || c == b'\r';
        }
        i += 1;
    }
    None
}

/// The byte offset of cell `col` of the record that starts at `start`.
fn cell_offset(text: &str, start: usize, col: usize, delim: u8) -> usize {
    let b = text.as_bytes();
    let (mut i, mut n, mut quoted) = (start, 0, false);
    while i < b.len() && n < col {
        match b[i] {
            b'"' => quoted = !quoted,
            c if c == delim && !quoted => n += 1,
            b'\n' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_items() {
        assert_eq!(
            placeholder("[DELETED, DUPLICATE OF 4.1.3]"),
            Some("DELETED, DUPLICATE OF 4.1.3")
        );
        assert_eq!(placeholder("[DELETED]"), Some("DELETED"));
        assert_eq!(placeholder("Verify [DELETED] things"), None);
        assert_eq!(placeholder("[NOTE] x"), None);
        assert_eq!(items("- a\n\n• b\n-c"), ["a", "b", "-c"]);
    }

    #[test]
    fn quotes_and_cells() {
        let t = "a,\"b\nc\",d\n1,\"x \"\"y\"\"\",2\n";
        assert_eq!(unclosed_quote(t, b','), None);
        assert_eq!(unclosed_quote("a,b\n1,\"open\n", b','), Some(6));
        let row2 = t.find("1,").unwrap();
        assert_eq!(&t[cell_offset(t, row2, 2, b',')..][..1], "2");
        assert_eq!(&t[cell_offset(t, 0, 2, b',')..][..1], "d");
    }
}
