//! The NCSC Cyber Assessment Framework as a catalogue edition, read from the Cabinet Office's
//! YAML transcription (WebCAF's `cyber-assessment-framework-v<version>.yaml`) as published:
//! `edition.yaml` names the file with `caf:`. Each principle is an area (`A1` "Governance",
//! its description naming its objective), each contributing outcome a standard (`A1.a`, title
//! "Board Direction", the outcome's description its headline), and its indicators of good
//! practice the criteria lists, by grade: not achieved, partially achieved, achieved. The
//! transcription's assessment rules and profiles are WebCAF's, not the framework's text, and
//! are not read.

use std::path::Path;

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::model::{Area, Criteria, Standard};
use super::source::read_source;
use super::yaml;
use crate::diagnostic::{Diagnostic, Source};

/// A YAML map's entries in file order.
struct Ordered<T>(Vec<(Spanned<String>, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map keyed by code")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Ordered<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key()? {
                    out.push((k, m.next_value()?));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

#[derive(Deserialize)]
struct File {
    objectives: Ordered<Objective>,
}

#[derive(Deserialize)]
struct Objective {
    code: String,
    title: String,
    #[serde(default)]
    description: Option<String>,
    principles: Ordered<Principle>,
}

#[derive(Deserialize)]
struct Principle {
    code: String,
    title: String,
    #[serde(default)]
    description: Option<String>,
    outcomes: Ordered<Outcome>,
}

#[derive(Deserialize)]
struct Outcome {
    code: String,
    title: String,
    description: String,
    indicators: Indicators,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Indicators {
    #[serde(default, rename = "not-achieved")]
    not_achieved: Option<Ordered<Indicator>>,
    #[serde(default, rename = "partially-achieved")]
    partially_achieved: Option<Ordered<Indicator>>,
    #[serde(default)]
    achieved: Option<Ordered<Indicator>>,
}

#[derive(Deserialize)]
struct Indicator {
    description: String,
}

/// Reads the framework at `path`: its principles are added to `areas` (where `edition.yaml`
/// lists an area of the same id, its title and description win), its outcomes returned.
pub fn load(root: &Path, path: &Path, areas: &mut Vec<Area>) -> Result<Vec<Standard>, Diagnostic> {
    let source: Source = read_source(root, path)?;
    let file: File = yaml::parse_aliased(&source)?;
    let unplaced = |v: String| Spanned::new(v, Location::UNKNOWN, Location::UNKNOWN);
    let text = |list: Option<Ordered<Indicator>>| -> Vec<String> {
        list.map(|l| l.0)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, i)| clean(&i.description))
            .collect()
    };
    let mut out = Vec::new();
    for (_, o) in file.objectives.0 {
        let objective = match &o.description {
            Some(d) => format!("Objective {} *{}*: {}", o.code, o.title, clean(d)),
            None => format!("Objective {} *{}*.", o.code, o.title),
        };
        for (_, p) in o.principles.0 {
            if !areas.iter().any(|a| a.id.value == p.code) {
                let description = match &p.description {
                    Some(d) => format!("{}\n\n{objective}", clean(d)),
                    None => objective.clone(),
                };
                areas.push(Area {
                    id: unplaced(p.code.clone()),
                    title: format!("{} {}", p.code, p.title),
                    description: Some(description),
                });
            }
            for (key, c) in p.outcomes.0 {
                if key.value != c.code {
                    let at = yaml::offset_of(&source, 0, &key);
                    return Err(Diagnostic::error(format!(
                        "outcome \"{}\" is filed under \"{}\"",
                        c.code, key.value
                    ))
                    .at(&source, at..at + key.value.len())
                    .label("the key and the outcome's `code` differ"));
                }
                out.push(Standard {
                    id: Spanned::new(c.code, key.referenced, key.defined),
                    area: unplaced(p.code.clone()),
                    title: Some(c.title),
                    headline: clean(&c.description),
                    criteria: Criteria {
                        not_met: text(c.indicators.not_achieved),
                        partially_met: text(c.indicators.partially_achieved),
                        met: text(c.indicators.achieved),
                    },
                    rationale: None,
                    guidance: Vec::new(),
                    links: Vec::new(),
                    previous: Vec::new(),
                    withdrawn: None,
                    fields: Vec::new(),
                    source: source.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// The transcription's text with its line folding undone and runs of spaces closed up.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
