//! What a publisher declares about where standards went: a standard's withdrawal (with the ids
//! it went into), and an edition's lineage file, mapping each old id to new ids with the
//! publisher's own verb (moved, merged, split, covered by, deleted). The edition diff takes
//! these before anything it could infer from the text.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostic::Source;

/// A withdrawn standard: its id stays in the edition, with a page that says so and links its
/// successors. In YAML: `withdrawn: true`, or
/// `withdrawn: { into: [AC-2, AC-2(3)], note: "Incorporated into AC-2." }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Withdrawal {
    /// The standards of the same edition it went into (incorporated into, moved to).
    pub into: Vec<String>,
    /// The publisher's words on the withdrawal (Markdown).
    pub note: Option<String>,
}

impl<'de> Deserialize<'de> for Withdrawal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Withdrawal;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`true`, or `into:` (the ids it went into) and an optional `note:`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Withdrawal, E> {
                if v {
                    Ok(Withdrawal::default())
                } else {
                    Err(E::custom(
                        "leave `withdrawn` out for a standard that is in force",
                    ))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Withdrawal, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Full {
                    #[serde(default, deserialize_with = "super::model::one_or_many")]
                    into: Vec<String>,
                    #[serde(default)]
                    note: Option<String>,
                }
                let f = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Withdrawal {
                    into: f.into,
                    note: f.note,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// The publisher's verb for what became of an old standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verb {
    /// The same requirement under the same or a new id, wording unchanged or touched up.
    Moved,
    /// The same requirement, reworded.
    Modified,
    /// Joined with others into one new standard.
    Merged,
    /// Divided among several new standards.
    Split,
    /// Withdrawn, its subject covered by the new standards named.
    CoveredBy,
    /// Withdrawn, with no successor.
    Deleted,
}

impl Verb {
    /// As a policy owner reads it: "moved to", "merged into", ...
    pub fn phrase(self) -> &'static str {
        match self {
            Verb::Moved => "moved to",
            Verb::Modified => "reworded as",
            Verb::Merged => "merged into",
            Verb::Split => "split into",
            Verb::CoveredBy => "covered by",
            Verb::Deleted => "deleted",
        }
    }
}

/// One old standard's fate, as the publisher declares it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineageEntry {
    /// The id in the edition named by the lineage's `against`.
    pub old: Spanned<String>,
    pub verb: Verb,
    /// The ids in this edition (none for `deleted`).
    #[serde(default, deserialize_with = "super::model::one_or_many")]
    pub new: Vec<String>,
    /// The publisher's reason or remark, as written.
    #[serde(default)]
    pub note: Option<String>,
}

/// `lineage.yaml` in an edition's folder: where each standard of an earlier edition went.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lineage {
    /// The edition whose ids the entries' `old` use (the previous edition).
    pub against: String,
    /// Who declares it, as credited on the changes page ("OWASP ASVS mapping v4.0.3 to v5.0.0").
    #[serde(default)]
    pub source: Option<String>,
    pub entries: Vec<LineageEntry>,
    #[serde(skip)]
    pub file: Source,
}
