//! Relative links between the site's files, as mdBook reads them: `[backup](backup.md)`,
//! `[4.2](../it/backup.md#4.2)` or `[form](backup/form.docx)` in a policy or guidance page lead
//! to the page made from that Markdown file, or to the attachment. They resolve when the site
//! is built, from the folder of the file that holds them, so a link that leads to no file of
//! the site stops the build (with a "did you mean") instead of being published broken. Links
//! that leave the source folders (`../../index.html`, a web server's own page) are left to
//! `check`, which reads the built site.

use super::{Index, Target};
use crate::content::{Policy, attachment_kind};
use crate::diagnostic::did_you_mean;
use crate::routes::{Linked, Route};

/// Whether `dest` is a relative address (no scheme, not absolute, not an anchor alone).
pub(crate) fn is_relative(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() || path.starts_with('/') || dest.starts_with("//") {
        return false;
    }
    // `std:1.1` and `https://...` have a scheme: letters (digits, `+-.`) and a colon before
    // any `/`.
    match path.split_once(':') {
        Some((scheme, _)) => {
            scheme.contains('/')
                || !scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => true,
    }
}

/// Whether `url` leaves the site: it has a scheme (`https:`, `mailto:`; and `std:` before it is
/// resolved) or starts with `//`. Every other address is internal: the HTML checker
/// (`check::internal`) follows it.
pub fn is_external(url: &str) -> bool {
    let scheme = url.split_once(':').map(|(s, _)| s);
    scheme.is_some_and(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    }) || url.starts_with("//")
}

/// `dir` joined with the relative path `path`, `.` and `..` worked out; `None` above the root.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The way from folder `dir` to the site path `to`, as an author would write it.
fn relative_to(dir: &str, to: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

/// Resolves the relative link `dest` written in a file of folder `dir`. `None` when it leads
/// out of the folders whose every file the build knows (`policies/`, `content/guidance/`).
pub fn resolve(index: &Index, dir: &str, dest: &str) -> Option<Result<Target, String>> {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let decoded = percent_decode(path);
    let target = join(dir, &decoded)?;
    let policies = index.site().policies.as_slice();
    if let Some(rest) = target.strip_prefix("policies/") {
        if let Some(key) = rest.strip_suffix(".md") {
            return Some(policy_page(index, dir, key, fragment));
        }
        if attachment_kind(rest).is_some() {
            return Some(attachment(policies, dir, rest, fragment));
        }
        if rest.is_empty() || rest.ends_with('/') {
            return None;
        }
        if rest.ends_with(".html") {
            // A page of `policies/` written by its address: every one is known here, so a
            // wrong one is an error now; a right one stays as written (check reads its anchor).
            let pages = policy_pages(index);
            if pages.iter().any(|p| p == rest) {
                return None;
            }
            let written: Vec<String> = pages
                .iter()
                .map(|p| relative_to(dir, &format!("policies/{p}")))
                .collect();
            return Some(Err(format!(
                "no page \"{target}\" in the site{}",
                did_you_mean(&decoded, written.iter().map(String::as_str).collect())
            )));
        }
        return Some(Err(format!(
            "no file \"{target}\": a policy links to other policies (`.md`) and attachments"
        )));
    }
    if let Some(slug) = target
        .strip_prefix("content/guidance/")
        .and_then(|r| r.strip_suffix(".md"))
    {
        return Some(match index.guidance_page(slug) {
            Some((p, anchors)) => with_anchor(
                anchors,
                fragment,
                &format!("guidance page {slug}"),
                Target {
                    path: Route::guidance(&p.slug).path(),
                    fragment: None,
                    title: p.meta.title.clone(),
                    hover: None,
                    key: Linked::Page(Route::guidance(&p.slug)),
                },
            ),
            None => {
                let names: Vec<String> = index
                    .site()
                    .guidance
                    .iter()
                    .map(|p| relative_to(dir, &format!("content/guidance/{}.md", p.slug)))
                    .collect();
                Err(format!(
                    "no guidance page \"{target}\"{}",
                    did_you_mean(&decoded, names.iter().map(String::as_str).collect())
                ))
            }
        });
    }
    if target.ends_with(".md") {
        return Some(Err(format!(
            "\"{target}\" is no page of the site: links to `.md` files lead to policies (`policies/`) and guidance pages (`content/guidance/`)"
        )));
    }
    None
}

/// The pages under `policies/`, relative to it.
fn policy_pages(index: &Index) -> Vec<String> {
    let site = index.site();
    let mut pages: Vec<String> = vec!["index.html".into(), "review.html".into()];
    if !site.catalogues.is_empty() {
        pages.push("coverage.html".into());
    }
    for p in &site.policies {
        let key = p.key();
        pages.push(format!("{key}.html"));
        pages.push(format!("{key}.print.html"));
        pages.extend(p.versions.iter().map(|v| format!("{key}/{}.html", v.label)));
    }
    pages
}

fn policy_page(
    index: &Index,
    dir: &str,
    key: &str,
    fragment: Option<String>,
) -> Result<Target, String> {
    let site = index.site();
    if let Some(p) = site.policies.iter().find(|p| p.key() == key) {
        return with_anchor(
            &p.anchors,
            fragment,
            &format!("policy {key}"),
            Target {
                path: Route::policy(p).path(),
                fragment: None,
                title: p.meta.title.clone(),
                hover: None,
                key: Linked::Page(Route::policy(p)),
            },
        );
    }
    // An earlier version: `policies/it/backup/1.0.md`.
    if let Some((owner, label)) = key.rsplit_once('/')
        && let Some(p) = site.policies.iter().find(|p| p.key() == owner)
        && let Some(v) = p.versions.iter().find(|v| v.label == label)
    {
        return Ok(Target {
            path: Route::version(p, v).path(),
            fragment,
            title: format!(
                "{} (changes since {})",
                p.meta.title,
                v.meta.version.as_deref().unwrap_or(&v.label)
            ),
            hover: None,
            key: Linked::Page(Route::version(p, v)),
        });
    }
    if site.drafts_left_out.iter().any(|k| k == key) {
        return Err(format!(
            "policy \"{key}\" is a draft, left out of this build (build with --drafts to include it)"
        ));
    }
    let names: Vec<String> = site
        .policies
        .iter()
        .map(|p| relative_to(dir, &format!("policies/{}.md", p.key())))
        .collect();
    let written = relative_to(dir, &format!("policies/{key}.md"));
    Err(format!(
        "no policy file \"policies/{key}.md\"{}",
        did_you_mean(&written, names.iter().map(String::as_str).collect())
    ))
}

fn attachment(
    policies: &[Policy],
    dir: &str,
    rest: &str,
    fragment: Option<String>,
) -> Result<Target, String> {
    let found = rest.rsplit_once('/').and_then(|(owner, name)| {
        let p = policies.iter().find(|p| p.key() == owner)?;
        p.attachments
            .iter()
            .find(|a| a.name == name)
            .map(|a| (p, a))
    });
    match found {
        Some((p, a)) => {
            let path = format!("policies/{rest}");
            Ok(Target {
                path: path.clone(),
                fragment,
                title: format!("{} ({}, {})", a.name, a.kind(), a.size()),
                hover: Some(format!("{}: {}", p.meta.title, a.name)),
                key: Linked::File(path),
            })
        }
        None => {
            let names: Vec<String> = policies
                .iter()
                .flat_map(|p| {
                    p.attachments
                        .iter()
                        .map(move |a| relative_to(dir, &format!("policies/{}/{}", p.key(), a.name)))
                })
                .collect();
            let written = relative_to(dir, &format!("policies/{rest}"));
            Err(format!(
                "no attachment \"policies/{rest}\"{}",
                did_you_mean(&written, names.iter().map(String::as_str).collect())
            ))
        }
    }
}

/// The target at `fragment`, if the page has that anchor.
fn with_anchor(
    anchors: &[String],
    fragment: Option<String>,
    what: &str,
    target: Target,
) -> Result<Target, String> {
    match fragment {
        Some(f) if !anchors.contains(&f) => Err(format!(
            "no paragraph or heading \"{f}\" in {what}{}",
            did_you_mean(&f, anchors.iter().map(String::as_str).collect())
        )),
        fragment => Ok(Target { fragment, ..target }),
    }
}

/// `%20` and the like, as a browser reads them; anything malformed stays as written.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_addresses_are_told_from_schemes() {
        assert!(is_relative("backup.md"));
        assert!(is_relative("../it/backup.md#4.2"));
        assert!(is_relative("backup/form.docx"));
        assert!(!is_relative("std:1.1"));
        assert!(!is_relative("https://example.org/a.md"));
        assert!(!is_relative("#4.2"));
        assert!(!is_relative("/policies/a.md"));
        assert!(!is_relative("mailto:lsms@example.nhs.uk"));
    }

    #[test]
    fn paths_join_and_relate() {
        assert_eq!(
            join("policies/it", "../ig/records.md").as_deref(),
            Some("policies/ig/records.md")
        );
        assert_eq!(join("policies", "../../x.md"), None);
        assert_eq!(
            relative_to("policies/it", "policies/ig/records.md"),
            "../ig/records.md"
        );
        assert_eq!(relative_to("policies", "policies/a.md"), "a.md");
        assert_eq!(percent_decode("a%20b.pdf"), "a b.pdf");
    }
}
