//! OpenControl standard files as a catalogue edition: `edition.yaml` names the file with
//! `opencontrol:`. Each control (`AC-2: { family, name, description }`) becomes a standard:
//! its family is its area, its name the short title, its description (the control's
//! statement) the headline. A control with no description is a withdrawn placeholder (NIST's
//! OpenControl catalogue of SP 800-53 rev5 keeps each withdrawn control's id and name so).

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
        out.push(Standard {
            id: at(id),
            area: at(c.family),
            title: Some(c.name),
            withdrawn: statement.is_none().then(Withdrawal::default),
            headline: statement.unwrap_or_default(),
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
