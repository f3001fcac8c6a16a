//! The organisation's identity and accessibility statement in `book.toml` (`[organisation]`,
//! `[accessibility]`): its name, logo, NHS branding, header and footer links and contact
//! details, and what the accessibility statement page says. Read with the rest of the
//! configuration (`config.rs`); checked here, with errors at the key's line and column.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Source};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Organisation {
    /// The organisation's name; `[book] organisation` when not given here.
    #[serde(default)]
    pub name: Option<String>,
    /// An image in the site folder (a path from it): the organisation's logo, shown in the
    /// header in place of the NHS logo and name.
    #[serde(default)]
    pub logo: Option<String>,
    /// The NHS logo and the NHS.UK blue header. Off for a body that is not part of the NHS.
    #[serde(default = "yes")]
    pub nhs_branding: bool,
    #[serde(default)]
    pub header_links: Vec<Link>,
    #[serde(default)]
    pub footer_links: Vec<Link>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

impl Default for Organisation {
    fn default() -> Self {
        Organisation {
            name: None,
            logo: None,
            nhs_branding: true,
            header_links: Vec::new(),
            footer_links: Vec::new(),
            email: None,
            phone: None,
            address: None,
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// How far the site meets WCAG 2.2 AA, in the words the regulations' model statement uses.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    Full,
    #[default]
    Partial,
    Not,
}

impl Compliance {
    pub fn as_str(self) -> &'static str {
        match self {
            Compliance::Full => "full",
            Compliance::Partial => "partial",
            Compliance::Not => "not",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Accessibility {
    #[serde(default)]
    pub compliance: Compliance,
    /// Known accessibility problems, each a sentence.
    #[serde(default)]
    pub issues: Vec<String>,
    /// Where requests for another format go; the organisation's email and phone otherwise.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// Working days to answer a request for another format.
    #[serde(default)]
    pub response_days: Option<u32>,
    /// When the statement was prepared, and when the site was last tested (YYYY-MM-DD).
    #[serde(default)]
    pub prepared: Option<String>,
    #[serde(default)]
    pub tested: Option<String>,
}

impl Organisation {
    /// The name shown: `[organisation] name`, else `book_organisation` (`[book] organisation`).
    pub fn name<'a>(&'a self, book_organisation: Option<&'a str>) -> Option<&'a str> {
        self.name.as_deref().or(book_organisation)
    }

    /// Where the logo is copied in the built site.
    pub fn logo_output(&self) -> Option<String> {
        let logo = self.logo.as_deref()?;
        let file = Path::new(logo).file_name()?.to_string_lossy().to_string();
        Some(format!("images/{file}"))
    }
}

/// The byte range of `key`'s value in `[table]` of `book.toml`, for an error; the file's
/// start when it cannot be found.
fn value_span(text: &str, table: &str, key: &str) -> std::ops::Range<usize> {
    let header = format!("[{table}]");
    let from = text.find(&header).map_or(0, |i| i + header.len());
    let rest = &text[from..];
    let at = rest
        .match_indices(key)
        .find(|(i, _)| {
            let line_start = rest[..*i].rfind('\n').map_or(0, |n| n + 1);
            rest[line_start..*i].trim().is_empty()
                && rest[i + key.len()..].trim_start().starts_with('=')
        })
        .map(|(i, _)| from + i);
    match at {
        Some(i) => {
            let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            i..end.max(i + key.len())
        }
        None => 0..0,
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Checks what serde cannot: the logo exists and is an image, links have text and an address,
/// emails look like emails, dates are dates.
pub fn validate(
    o: &Organisation,
    a: &Accessibility,
    root: &Path,
    source: &Source,
) -> Result<(), Diagnostic> {
    let text = &source.text;
    let err = |table: &str, key: &str, message: String, label: &str| {
        Diagnostic::error(message)
            .at(source, value_span(text, table, key))
            .label(label.to_string())
    };
    if let Some(logo) = &o.logo {
        let path = root.join(logo);
        let image = ["png", "svg", "jpg", "jpeg", "gif", "webp"]
            .iter()
            .any(|e| {
                path.extension()
                    .is_some_and(|x| x.to_string_lossy().eq_ignore_ascii_case(e))
            });
        if !path.is_file() {
            return Err(err(
                "organisation",
                "logo",
                format!("the logo \"{logo}\" does not exist"),
                "a path from the site folder (where book.toml is) to an image file",
            ));
        }
        if !image {
            return Err(err(
                "organisation",
                "logo",
                format!("the logo \"{logo}\" is not an image"),
                "a .png, .svg, .jpg, .gif or .webp file",
            ));
        }
    }
    for (key, links) in [
        ("header-links", &o.header_links),
        ("footer-links", &o.footer_links),
    ] {
        for l in links {
            if l.text.trim().is_empty() || l.url.trim().is_empty() {
                return Err(err(
                    "organisation",
                    key,
                    format!("a link of `organisation.{key}` has no text or no url"),
                    "each link needs text = \"...\" and url = \"...\"",
                ));
            }
        }
    }
    for (table, email) in [("organisation", &o.email), ("accessibility", &a.email)] {
        if let Some(e) = email.as_deref().filter(|e| {
            let (user, host) = e.split_once('@').unwrap_or(("", ""));
            user.is_empty() || !host.contains('.') || e.contains(char::is_whitespace)
        }) {
            return Err(err(
                table,
                "email",
                format!("`{table}.email` \"{e}\" is not an email address"),
                "an address such as security@example.nhs.uk",
            ));
        }
    }
    for (key, date) in [("prepared", &a.prepared), ("tested", &a.tested)] {
        if let Some(d) = date.as_deref().filter(|d| !is_date(d)) {
            return Err(err(
                "accessibility",
                key,
                format!("`accessibility.{key}` \"{d}\" is not a date"),
                "a date as YYYY-MM-DD, in quotes",
            ));
        }
    }
    Ok(())
}
