//! The content model: what a site is made of, as the loader reads it from `content/` and
//! `policies/`. Field names are the content format of DESIGN.md.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::config::Config;
use crate::diagnostic::Source;

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
    /// Sorted by id (file name).
    pub policies: Vec<Policy>,
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
    /// The sentence that introduces each standard's guidance list (inline Markdown).
    #[serde(default)]
    pub guidance_intro: Option<String>,
    /// What a red, amber and green rating means, shown with each standard's criteria.
    #[serde(default)]
    pub ratings: Option<Ratings>,
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
    /// Inline Markdown.
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
    #[serde(skip)]
    pub source: Source,
}

impl Standard {
    pub fn id(&self) -> &str {
        &self.id.value
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

/// A trust policy, strategy or procedure under `policies/`.
#[derive(Debug)]
pub struct Policy {
    /// The file name without `.md`; its address is `policies/<id>.html`.
    pub id: String,
    pub meta: PolicyMeta,
    pub source: Source,
    /// Byte offset where the front matter's YAML starts.
    pub meta_start: usize,
    pub body: std::ops::Range<usize>,
    /// Anchors of the numbered paragraphs and headings of the body.
    pub anchors: Vec<String>,
    /// Earlier versions (`policies/<id>/<label>.md`), newest first.
    pub versions: Vec<PolicyVersion>,
}

/// An earlier version of a policy, kept to show what changed since.
#[derive(Debug)]
pub struct PolicyVersion {
    /// The file name without `.md`; its diff page is `policies/<policy>/<label>.html`.
    pub label: String,
    pub meta: VersionMeta,
    pub source: Source,
    pub body: std::ops::Range<usize>,
}

impl PolicyVersion {
    pub fn body(&self) -> &str {
        &self.source.text[self.body.clone()]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionMeta {
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Policy {
    pub fn body(&self) -> &str {
        &self.source.text[self.body.clone()]
    }

    /// Whether the policy is due for review, judged on `today`.
    pub fn review_status(&self, today: Date) -> ReviewStatus {
        match &self.meta.review {
            None => ReviewStatus::NoDate,
            Some(r) => {
                let left = r.value.unix_days() - today.unix_days();
                if left < 0 {
                    ReviewStatus::Overdue
                } else if left <= REVIEW_DUE_SOON_DAYS {
                    ReviewStatus::DueSoon
                } else {
                    ReviewStatus::Current
                }
            }
        }
    }
}

/// A review due within this many days is flagged as due soon.
pub const REVIEW_DUE_SOON_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    Overdue,
    DueSoon,
    Current,
    NoDate,
}

impl ReviewStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "Review overdue",
            ReviewStatus::DueSoon => "Review due soon",
            ReviewStatus::Current => "In date",
            ReviewStatus::NoDate => "No review date",
        }
    }

    /// A CSS class name.
    pub fn class(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::DueSoon => "due-soon",
            ReviewStatus::Current => "current",
            ReviewStatus::NoDate => "no-date",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyMeta {
    pub title: String,
    pub kind: PolicyKind,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub approved: Option<Date>,
    #[serde(default)]
    pub review: Option<Spanned<Date>>,
    /// Standards this policy addresses: `catalogue/edition/id`, `catalogue/id` or `id`.
    #[serde(default)]
    pub implements: Vec<Spanned<String>>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Licence of the text, e.g. "Open Government Licence v3.0".
    #[serde(default)]
    pub licence: Option<String>,
    /// Where the text was published.
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyKind {
    Policy,
    Strategy,
    Procedure,
    Guidance,
}

impl PolicyKind {
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::Policy => "Policy",
            PolicyKind::Strategy => "Strategy",
            PolicyKind::Procedure => "Procedure",
            PolicyKind::Guidance => "Guidance",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
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

/// A calendar date as policies write it: a year, a month or a day (`2016`, `2019-07`,
/// `2019-07-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("invalid date \"{s}\": expected YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        let year = num(parts[0], 4)? as u16;
        let month = parts
            .get(1)
            .map(|p| num(p, 2))
            .transpose()?
            .map(|m| m as u8);
        let day = parts
            .get(2)
            .map(|p| num(p, 2))
            .transpose()?
            .map(|d| d as u8);
        if parts.len() > 3 {
            return Err(bad());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("invalid date \"{s}\": month {m} is not 1-12"));
            }
            if let Some(d) = day
                && (d == 0 || d > days_in_month(year, m))
            {
                return Err(format!(
                    "invalid date \"{s}\": day {d} is not in that month"
                ));
            }
        }
        Ok(Date { year, month, day })
    }
}

impl Date {
    /// The last day the date covers: `2022-03` is due by 2022-03-31, `2022` by 2022-12-31.
    pub fn last_day(&self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// Days since 1970-01-01 of the date's last day.
    pub fn unix_days(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = self.last_day();
        let y = i64::from(y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a count of days since 1970-01-01 (the proleptic Gregorian calendar).
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Today, or the day of `SOURCE_DATE_EPOCH` when that is set (reproducible builds): the date
    /// review dates are judged against.
    pub fn today() -> Date {
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        Date::from_unix_days(secs.div_euclid(86_400))
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][usize::from(month.clamp(1, 12)) - 1]
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Date, E> {
                Date::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Date, E> {
                Date::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
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

/// A lower-case, hyphenated form of a name, for anchors and file names.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
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

    #[test]
    fn dates_accept_year_month_day_and_reject_nonsense() {
        assert_eq!(Date::parse("2016").unwrap().to_string(), "2016");
        assert_eq!(Date::parse("2019-07").unwrap().to_string(), "2019-07");
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2019-13-01").is_err());
        assert!(Date::parse("19-07-01").is_err());
        assert!(Date::parse("July 2019").is_err());
    }

    #[test]
    fn unix_days_and_last_days() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_417).to_string(), "2023-03-01");
        assert_eq!(Date::from_unix_days(20_418).to_string(), "2025-11-26");
        assert_eq!(Date::parse("2024-02").unwrap().last_day(), (2024, 2, 29));
        assert_eq!(Date::parse("2022").unwrap().last_day(), (2022, 12, 31));
        for days in [0, 19_417, 20_418, -1, 11_016] {
            assert_eq!(Date::from_unix_days(days).unix_days(), days);
        }
    }

    #[test]
    fn slugs_are_lowercase_and_hyphenated() {
        assert_eq!(slug("Strategic Governance"), "strategic-governance");
        assert_eq!(slug("LSMS"), "lsms");
        assert_eq!(slug("A&E (emergency)"), "a-e-emergency");
    }
}
