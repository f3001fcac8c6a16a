//! The content model: what a site is made of, as the loader reads it from `content/` and
//! `policies/`. Field names are the content format (`docs/format.md`).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Date, Lineage, Policy, Withdrawal};
use crate::config::Config;
use crate::diagnostic::Source;
use crate::markdown::slug;

/// Everything a build needs, loaded and validated.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Catalogues sorted by id.
    pub catalogues: Vec<Catalogue>,
    /// In file order.
    pub references: Vec<Reference>,
    pub references_source: Option<Source>,
    /// Sorted by term.
    pub glossary: Vec<Term>,
    pub glossary_source: Option<Source>,
    /// Sorted by `order`, then file name.
    pub guidance: Vec<Page>,
    /// Sorted by folder, then file name. Drafts only when the build asks for them.
    pub policies: Vec<Policy>,
    /// The addresses (`folder/name`) of the drafts left out of this build.
    pub drafts_left_out: Vec<String>,
    /// Sorted by file name.
    pub principles: Vec<PrincipleList>,
}

#[derive(Debug)]
pub struct Catalogue {
    pub id: String,
    /// Oldest first (by `published`, then id).
    pub editions: Vec<Edition>,
}

#[derive(Debug, Clone)]
pub struct Edition {
    pub catalogue: String,
    pub id: String,
    pub meta: EditionMeta,
    pub source: Source,
    /// Ordered by area (as listed in `edition.yaml`), then by numeric id.
    pub standards: Vec<Standard>,
    pub changes: Option<DeclaredChanges>,
    /// The publisher's declared lineage from the previous edition (`lineage.yaml`).
    pub lineage: Option<Lineage>,
}

impl Edition {
    /// `catalogue/edition`, as used on the command line and in cross-references.
    pub fn key(&self) -> String {
        format!("{}/{}", self.catalogue, self.id)
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.meta.areas.iter().find(|a| a.id.value == id)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionMeta {
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub published: Option<Date>,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub licence_url: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// Ordered; required unless the standards come from an OpenControl file, whose families
    /// become areas (titled by this list where it names them).
    #[serde(default)]
    pub areas: Vec<Area>,
    /// An OpenControl standard file (relative to the edition's folder) to read the standards
    /// from instead of one YAML file per standard: each control's family is its area, its name
    /// its headline and its description its rationale.
    #[serde(default)]
    pub opencontrol: Option<String>,
    /// An OSCAL catalog JSON file (relative to the edition's folder) to read the standards
    /// from: groups become areas, controls and their enhancements standards (`content::oscal`).
    #[serde(default)]
    pub oscal: Option<String>,
    /// A CSV file and its column mapping to read the standards from (`src/content/csv.rs`).
    #[serde(default)]
    pub csv: Option<super::csv::CsvImport>,
    /// The NCSC Cyber Assessment Framework in the Cabinet Office's YAML transcription
    /// (`src/content/caf.rs`), relative to the edition's folder.
    #[serde(default)]
    pub caf: Option<String>,
    /// A publisher's own mapping file as this edition's declared lineage, instead of
    /// `lineage.yaml` (`src/content/owasp.rs`).
    #[serde(default)]
    pub lineage: Option<LineageImport>,
    /// The sentence that introduces each standard's guidance list (inline Markdown).
    #[serde(default)]
    pub guidance_intro: Option<String>,
    /// What a red, amber and green rating means, shown with each standard's criteria.
    #[serde(default)]
    pub ratings: Option<Ratings>,
    /// The edition's own words for its three criteria lists (the NCSC CAF says "Not achieved",
    /// "Partially achieved", "Achieved"); the default theme's are NHS Protect's.
    #[serde(default)]
    pub criteria_labels: Option<CriteriaLabels>,
}

/// `lineage:` in `edition.yaml`: the publisher's mapping file, by its format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineageImport {
    /// OWASP's `mapping_v<old>_to_v<new>.yml` (ASVS), relative to the edition's folder.
    pub owasp: String,
}

/// Headings of the three criteria lists of every standard of an edition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaLabels {
    pub not_met: String,
    pub partially_met: String,
    pub met: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: Spanned<String>,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratings {
    pub red: String,
    pub amber: String,
    pub green: String,
}

/// One standard, from `<id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub id: Spanned<String>,
    pub area: Spanned<String>,
    /// A short title ("Account Management"), shown beside the id in lists, breadcrumbs,
    /// search results, the changes page and `diff`.
    #[serde(default)]
    pub title: Option<String>,
    /// Inline Markdown: the requirement itself. Required, unless the standard is withdrawn.
    #[serde(default)]
    pub headline: String,
    #[serde(default)]
    pub criteria: Criteria,
    /// Markdown.
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub guidance: Vec<GuidanceItem>,
    #[serde(default)]
    pub links: Vec<Link>,
    /// Lineage: the id(s) of this standard in the previous edition.
    #[serde(default, deserialize_with = "one_or_many")]
    pub previous: Vec<String>,
    /// Withdrawn by its publisher: the id keeps a page that says so and links its successors.
    #[serde(default)]
    pub withdrawn: Option<Withdrawal>,
    /// Labelled values an importer carries over ("Level: 2", "CWE: 1053"), shown on the
    /// standard's page in this order; not a key of the YAML format.
    #[serde(skip)]
    pub fields: Vec<(String, String)>,
    #[serde(skip)]
    pub source: Source,
}

impl Standard {
    pub fn id(&self) -> &str {
        &self.id.value
    }

    /// How lists, headings, breadcrumbs and search name the standard: its label where it has
    /// a title ("AC-2 Account Management"), else "Standard 1.1".
    pub fn name(&self) -> String {
        match &self.title {
            Some(_) => self.label(),
            None => format!("Standard {}", self.id()),
        }
    }

    /// The id with the short title, where there is one: "AC-2 Account Management".
    pub fn label(&self) -> String {
        match &self.title {
            Some(t) => format!("{} {t}", self.id()),
            None => self.id().to_string(),
        }
    }
}

/// The three RAG criteria lists; each item inline Markdown. An empty list renders as
/// "Not applicable to this standard."
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    #[serde(default)]
    pub not_met: Vec<String>,
    #[serde(default)]
    pub partially_met: Vec<String>,
    #[serde(default)]
    pub met: Vec<String>,
}

/// An item of a standard's guidance list: plain text, a cited reference, or either with
/// sub-items.
#[derive(Debug, Clone)]
pub struct GuidanceItem {
    /// `ref:` — an id of `content/references.yaml`.
    pub reference: Option<Spanned<String>>,
    /// Inline Markdown; for a reference, replaces the reference's `cite` wording.
    pub text: Option<String>,
    pub items: Vec<String>,
}

impl<'de> Deserialize<'de> for GuidanceItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            #[serde(rename = "ref", default)]
            reference: Option<Spanned<String>>,
            #[serde(default)]
            text: Option<String>,
            #[serde(default)]
            items: Vec<String>,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = GuidanceItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a map with `ref`, `text` and `items`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<GuidanceItem, E> {
                Ok(GuidanceItem {
                    reference: None,
                    text: Some(v.to_string()),
                    items: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<GuidanceItem, A::Error> {
                let f = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if f.reference.is_none() && f.text.is_none() {
                    return Err(de::Error::custom("a guidance item needs `text` or `ref`"));
                }
                Ok(GuidanceItem {
                    reference: f.reference,
                    text: f.text,
                    items: f.items,
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Inline Markdown.
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// `changes.yaml`: the publisher's own list of what changed since the previous edition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredChanges {
    #[serde(default)]
    pub title: Option<String>,
    /// The edition whose numbering the entries use.
    #[serde(default)]
    pub against: Option<String>,
    pub changes: Vec<DeclaredChange>,
    #[serde(skip)]
    pub source: Source,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredChange {
    pub id: String,
    /// As the publisher wrote it.
    pub text: String,
}

/// An entry of `content/references.yaml`: a document that standards and policies cite.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    /// How a guidance list words the citation by default; the title when absent.
    #[serde(default)]
    pub cite: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub description: Option<String>,
}

impl Reference {
    pub fn id(&self) -> &str {
        &self.id.value
    }
    pub fn cite_text(&self) -> &str {
        self.cite.as_deref().unwrap_or(&self.title)
    }
}

/// A glossary term (`LSMS: Local Security Management Specialist`).
#[derive(Debug)]
pub struct Term {
    pub term: String,
    pub expansion: String,
    /// Markdown.
    pub description: Option<String>,
}

impl Term {
    /// The anchor on the glossary page.
    pub fn anchor(&self) -> String {
        format!("term-{}", slug(&self.term))
    }
}

#[derive(Debug)]
pub enum TermDef {
    Short(String),
    Long {
        expansion: String,
        description: Option<String>,
    },
}

impl<'de> Deserialize<'de> for TermDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            expansion: String,
            #[serde(default)]
            description: Option<String>,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TermDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an expansion, or a map with `expansion` and `description`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TermDef, E> {
                Ok(TermDef::Short(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TermDef, A::Error> {
                let f = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(TermDef::Long {
                    expansion: f.expansion,
                    description: f.description,
                })
            }
        }
        d.deserialize_any(V)
    }
}

pub type Glossary = BTreeMap<String, TermDef>;

/// A Markdown page under `content/guidance/`.
#[derive(Debug)]
pub struct Page {
    /// The file name without `.md`; its address is `guidance/<slug>.html`.
    pub slug: String,
    pub meta: PageMeta,
    pub source: Source,
    /// Byte range of the Markdown body in `source`.
    pub body: std::ops::Range<usize>,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.source.text[self.body.clone()]
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub order: Option<i64>,
    /// A citation of the document the page's text comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// The licence of that text, e.g. "Open Government Licence v3.0".
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// An ordered list of principles (`content/principles/<slug>.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipleList {
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// A citation of the document the list comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// The licence of that text.
    #[serde(default)]
    pub licence: Option<String>,
    pub principles: Vec<Principle>,
    #[serde(skip)]
    pub slug: String,
    #[serde(skip)]
    pub file: Source,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub text: Option<String>,
    /// Inline Markdown each.
    #[serde(default)]
    pub examples: Vec<String>,
}

pub(super) fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an id or a list of ids")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(s) = seq.next_element::<String>()? {
                out.push(s);
            }
            Ok(out)
        }
    }
    d.deserialize_any(V)
}

/// Orders standard ids naturally: runs of digits by their value, so 3.9 < 3.10 < 3.15 and
/// AC-2 < AC-2 (1) < AC-10; ids that differ only in leading zeros still differ (1.1 / 1.01).
pub fn compare_ids(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit() {
                out.push(&s[start..i]);
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let o = match (x.parse::<u128>(), y.parse::<u128>()) {
            (Ok(m), Ok(n)) => m.cmp(&n).then(x.len().cmp(&y.len())),
            _ => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_numerically_and_keep_trailing_zeros_apart() {
        let mut ids = vec!["3.10", "3.9", "1.10", "1.1", "3.15", "1.2"];
        ids.sort_by(|a, b| compare_ids(a, b));
        assert_eq!(ids, ["1.1", "1.2", "1.10", "3.9", "3.10", "3.15"]);
        assert_ne!(compare_ids("1.1", "1.10"), Ordering::Equal);
        let mut ids = vec!["AC-10", "AC-2 (1)", "AC-2", "AC-1"];
        ids.sort_by(|a, b| compare_ids(a, b));
        assert_eq!(ids, ["AC-1", "AC-2", "AC-2 (1)", "AC-10"]);
    }
}
