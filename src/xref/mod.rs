//! Cross-references: `[text](std:3.3)`, `[§5.7](policy:scas-security-policy#5.7)`,
//! `[LSMS](term:LSMS)`, `[strategy](ref:tackling-crime-strategy)` and
//! `[chapter 4](guidance:04-quality-assurance#4.12)`, and relative links to the Markdown
//! files and attachments of the site (`[backup](../it/backup.md#4.2)`), as mdBook reads them.
//!
//! [`Index`] answers "where does this reference lead?" for the renderer; [`resolve`] walks every
//! text field of the site once, reports each reference that leads nowhere at its source line,
//! and records who links to what, so each target page can list what links to it.

mod backlinks;
pub mod claims;
mod current;
mod index;
mod lineage;
mod relative;
mod resolve;
mod resolved;

pub use backlinks::{Backlink, Backlinks, LinkChanges};
pub use index::{Index, Targets};
pub use relative::is_external;
pub(crate) use relative::is_relative;
pub use resolve::{
    GUIDANCE_DIR, glossary_links, guidance_links, policy_links, resolve, standard_links, unvouched,
};
pub use resolved::Resolved;

use crate::routes::Linked;

/// Where a reference leads: a page of the site (relative to the site root) and an anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: String,
    pub fragment: Option<String>,
    /// The target's name, used as link text when the author gave none.
    pub title: String,
    /// Shown on hover (a glossary term's expansion).
    pub hover: Option<String>,
    /// Identifies the target page for "what links here".
    pub key: Linked,
}

/// Where a reference is written, which decides what a bare standard id means.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The edition (catalogue, edition) of the standard whose text holds the reference.
    pub edition: Option<(&'a str, &'a str)>,
    /// The folder of the Markdown file that holds the reference, from the site root
    /// (`policies/it`): relative links to `.md` files and attachments resolve from it.
    pub dir: Option<&'a str>,
    /// The approval date of the policy whose text holds the reference: a standard written
    /// without its edition is on the edition current then, as the policy's claims are
    /// (`claims`). Without one, the newest edition.
    pub approved: Option<crate::content::Date>,
}

/// Fragments every standard page has.
pub const STANDARD_ANCHORS: &[&str] = &[
    "headline",
    "criteria",
    "not-met",
    "partially-met",
    "met",
    "rationale",
    "guidance",
    "links",
    "links-here",
];
