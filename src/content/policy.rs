//! Policies, strategies and procedures (`policies/*.md`): a Markdown body under YAML front
//! matter, and the earlier versions kept to show what changed since.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::Date;
use crate::diagnostic::Source;

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
