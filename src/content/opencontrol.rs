//! OpenControl standard files as a catalogue edition: `edition.yaml` names the file with
//! `opencontrol:`. Each control (`AC-2: { family, name, description }`) becomes a standard:
//! its family is its area, its name the short title, its description (the control's
//! statement) the headline. A control with no description is a withdrawn placeholder (NIST's
//! OpenControl catalogue of SP 800-53 rev5 keeps each withdrawn control's id and name so).
//! An enhancement's id is written as NIST writes it, "AC-2(1)", not OpenControl's "AC-2 (1)".

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::Withdrawal;
use super::model::{Area, Criteria, Standard};
use super::source::read_source;
use super::yaml;
use crate::diagnostic::{Diagnostic, Source};

#[derive(Deserialize)]
struct Control {
    family: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
}

/// The controls of a file, in file order; its `name:` is the standard's name, not a control.
struct Controls(Vec<(String, Control)>);

impl<'de> Deserialize<'de> for Controls {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Controls;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an OpenControl standard: `name:` and controls keyed by id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Controls, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "name" {
                        map.next_value::<String>()?;
                    } else {
                        out.push((key, map.next_value::<Control>()?));
                    }
                }
                Ok(Controls(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Reads the controls of `path` as standards; families missing from `areas` are added to it,
/// in order of first appearance.
pub fn load(root: &Path, path: &Path, areas: &mut Vec<Area>) -> Result<Vec<Standard>, Diagnostic> {
    let source: Source = read_source(root, path)?;
    let Controls(controls) = yaml::parse(&source, 0..source.text.len())?;
    let ids: std::collections::HashSet<String> =
        controls.iter().map(|(id, _)| id.clone()).collect();
    let mut out = Vec::with_capacity(controls.len());
    for (id, c) in controls {
        if !areas.iter().any(|a| a.id.value == c.family) {
            areas.push(Area {
                id: Spanned::new(c.family.clone(), Location::UNKNOWN, Location::UNKNOWN),
                title: c.family.clone(),
                description: None,
            });
        }
        let at = |v: String| Spanned::new(v, Location::UNKNOWN, Location::UNKNOWN);
        let statement = c.description.filter(|d| !d.trim().is_empty());
        let withdrawn = match &statement {
            None => Some(Withdrawal::default()),
            // Successors outside this catalogue (NIST's privacy Appendix J) stay in the note.
            Some(text) => withdrawal(text).map(|mut w| {
                w.into.retain(|i| ids.contains(i.as_str()));
                w
            }),
        };
        out.push(Standard {
            // OpenControl writes an enhancement "AC-2 (1)"; NIST writes "AC-2(1)" (SP 800-53
            // rev5 and its OSCAL catalogues), so one id means one control whichever file an
            // edition comes from.
            id: at(id.replace(" (", "(")),
            area: at(c.family),
            title: Some(c.name),
            headline: statement
                .filter(|_| withdrawn.is_none())
                .unwrap_or_default(),
            withdrawn,
            criteria: Criteria::default(),
            rationale: None,
            guidance: Vec::new(),
            links: Vec::new(),
            previous: Vec::new(),
            fields: Vec::new(),
            source: source.clone(),
        });
    }
    Ok(out)
}

/// NIST's OpenControl catalogue of SP 800-53 rev4 writes a withdrawn control's statement as
/// "[Withdrawn: Incorporated into AC-6]." (or "... into AC-2 and AC-3", "Moved to ..."): the
/// ids named there are its successors, and the words its note.
fn withdrawal(statement: &str) -> Option<Withdrawal> {
    let inner = statement
        .trim()
        .strip_prefix("[Withdrawn:")?
        .trim_end_matches('.')
        .strip_suffix(']')?
        .trim();
    static ID: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let id = ID.get_or_init(|| regex::Regex::new(r"\b[A-Z]{2}-\d+(?: \(\d+\))?").expect("valid"));
    Some(Withdrawal {
        into: id
            .find_iter(inner)
            .map(|m| m.as_str().to_string())
            .collect(),
        note: Some(format!("Withdrawn: {inner}.")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nist_withdrawal_statements_name_their_successors() {
        let w = withdrawal("[Withdrawn: Incorporated into AC-2 (3) and AU-2].").unwrap();
        assert_eq!(w.into, ["AC-2 (3)", "AU-2"]);
        assert_eq!(
            w.note.as_deref(),
            Some("Withdrawn: Incorporated into AC-2 (3) and AU-2.")
        );
        let none = withdrawal("[Withdrawn: Addressed through tailoring procedures].").unwrap();
        assert!(none.into.is_empty());
        assert_eq!(withdrawal("The organization: a. Develops ..."), None);
    }
}
