//! Policies, strategies and procedures (`policies/**/*.md`): a Markdown body under YAML front
//! matter with the document control details, the earlier versions kept to show what changed
//! since, and the attachments (appendices as PDF, Word, Excel or images) kept beside them.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::Date;
use crate::diagnostic::Source;

/// A trust policy, strategy or procedure under `policies/`.
#[derive(Debug)]
pub struct Policy {
    /// The file name without `.md`: its name in `policy:` cross-references when no other
    /// policy has it.
    pub id: String,
    /// The folder under `policies/` that holds it (`it`, `ig/records`), or empty: its group on
    /// the policies index, and the start of its address.
    pub folder: String,
    pub meta: PolicyMeta,
    pub source: Source,
    /// Byte offset where the front matter's YAML starts.
    pub meta_start: usize,
    pub body: std::ops::Range<usize>,
    /// Anchors of the numbered paragraphs and headings of the body.
    pub anchors: Vec<String>,
    /// Earlier versions (`policies/<key>/<label>.md`), newest first.
    pub versions: Vec<PolicyVersion>,
    /// Files kept in the policy's own folder (`policies/<key>/appendix-a.pdf`), by name.
    pub attachments: Vec<Attachment>,
}

/// A file attached to a policy (an appendix, a form, a diagram), copied into the site as it is.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// The file name, as written in links (`appendix-a.pdf`).
    pub name: String,
    /// Where it is, relative to the site root (for messages).
    pub shown: std::path::PathBuf,
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// The kinds of file a policy may have attached: extension and what a reader is told it is.
pub const ATTACHMENT_KINDS: &[(&str, &str)] = &[
    ("pdf", "PDF"),
    ("doc", "Word document"),
    ("docx", "Word document"),
    ("odt", "OpenDocument text"),
    ("rtf", "Rich Text document"),
    ("xls", "Excel workbook"),
    ("xlsx", "Excel workbook"),
    ("ods", "OpenDocument spreadsheet"),
    ("csv", "CSV table"),
    ("ppt", "PowerPoint presentation"),
    ("pptx", "PowerPoint presentation"),
    ("png", "PNG image"),
    ("jpg", "JPEG image"),
    ("jpeg", "JPEG image"),
    ("gif", "GIF image"),
    // Not SVG: an SVG file can carry script, which would run with the site's own rights when a
    // reader opens it. A diagram goes in as PNG.
    ("txt", "text file"),
];

/// What kind of attachment a file name is, if it is one (by its extension, in any case).
pub fn attachment_kind(name: &str) -> Option<&'static str> {
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    ATTACHMENT_KINDS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, label)| *label)
}

impl Attachment {
    pub fn kind(&self) -> &'static str {
        attachment_kind(&self.name).unwrap_or("file")
    }

    /// The size as a reader reads it: `820 bytes`, `14 KB`, `2.3 MB`.
    pub fn size(&self) -> String {
        let n = self.bytes.len() as f64;
        if n < 1000.0 {
            format!("{} bytes", self.bytes.len())
        } else if n < 1_000_000.0 {
            format!("{} KB", (n / 1000.0).round())
        } else {
            format!("{:.1} MB", n / 1_000_000.0)
        }
    }
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

    /// The policy's path under `policies/` without `.md` (`it/backup`): its address is
    /// `policies/<key>.html`, and `policy:<key>` always names it.
    pub fn key(&self) -> String {
        if self.folder.is_empty() {
            self.id.clone()
        } else {
            format!("{}/{}", self.folder, self.id)
        }
    }

    /// The folder of its file from the site root (`policies/it`): relative links in its text
    /// resolve from here.
    pub fn source_dir(&self) -> String {
        if self.folder.is_empty() {
            "policies".into()
        } else {
            format!("policies/{}", self.folder)
        }
    }

    /// The document's status; a policy that does not say is approved.
    pub fn status(&self) -> PolicyStatus {
        self.meta.status.unwrap_or(PolicyStatus::Approved)
    }
}

/// Where a document is in its life: only approved documents are in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyStatus {
    /// Being written or consulted on: left out of a build unless `--drafts`.
    Draft,
    Approved,
    /// Replaced by a newer document (named by that document's `supersedes`).
    Superseded,
    /// No longer in force, and not replaced.
    Withdrawn,
}

impl PolicyStatus {
    pub fn label(self) -> &'static str {
        match self {
            PolicyStatus::Draft => "Draft",
            PolicyStatus::Approved => "Approved",
            PolicyStatus::Superseded => "Superseded",
            PolicyStatus::Withdrawn => "Withdrawn",
        }
    }

    /// A CSS class name.
    pub fn class(self) -> &'static str {
        match self {
            PolicyStatus::Draft => "draft",
            PolicyStatus::Approved => "approved",
            PolicyStatus::Superseded => "superseded",
            PolicyStatus::Withdrawn => "withdrawn",
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
    /// `draft`, `approved` (the default), `superseded` or `withdrawn`.
    #[serde(default)]
    pub status: Option<PolicyStatus>,
    #[serde(default)]
    pub owner: Option<String>,
    /// Who wrote it, when not the owner.
    #[serde(default)]
    pub author: Option<String>,
    /// Whom readers ask about it: a name, a team, an email address.
    #[serde(default)]
    pub contact: Option<String>,
    /// The committee or board that approved it.
    #[serde(default)]
    pub approving_body: Option<String>,
    #[serde(default)]
    pub approved: Option<Date>,
    /// When it was last reviewed (a review that changed nothing keeps `approved` as it was).
    #[serde(default)]
    pub last_reviewed: Option<Spanned<Date>>,
    #[serde(default)]
    pub review: Option<Spanned<Date>>,
    /// The outcome of the equality impact assessment, as the trust records it.
    #[serde(default)]
    pub equality_impact_assessment: Option<String>,
    /// A note shown under the document control (inline Markdown): what a reader should know
    /// about this copy, such as what is arranged for a demonstration.
    #[serde(default)]
    pub note: Option<String>,
    /// Policies of the site that this one replaces, by their `policy:` name.
    #[serde(default)]
    pub supersedes: Vec<Spanned<String>>,
    /// Standards this policy addresses: `catalogue/edition/id`, `catalogue/id` or `id`; a claim
    /// without an edition names the edition current when the policy was approved
    /// (`xref::claims`).
    #[serde(default)]
    pub implements: Vec<Spanned<String>>,
    /// The newer edition of each catalogue the policy has been reviewed against since its claims
    /// were written (`reviewed_against: {ncsc-caf: "4.0"}`): what that edition changed in the
    /// standards it claims no longer asks for a review.
    #[serde(default)]
    pub reviewed_against: std::collections::BTreeMap<String, Spanned<String>>,
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
    /// As written in a policy's front matter (`kind: strategy`); the default theme's
    /// `words.html` words it for pages.
    pub fn key(self) -> &'static str {
        match self {
            PolicyKind::Policy => "policy",
            PolicyKind::Strategy => "strategy",
            PolicyKind::Procedure => "procedure",
            PolicyKind::Guidance => "guidance",
        }
    }

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
