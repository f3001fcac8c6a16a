//! Reads a trust's policy library, `policies/`: policies in folders of any depth (a team's or a
//! theme's), each policy's own folder (named after it) with its earlier versions and its
//! attachments, and the document control details checked across the library (a code used
//! twice, a `supersedes` that names no policy). Drafts are left out unless the build asks for
//! them. Every file is placed by one of these rules or reported at its path.
//!
//! Which folder is which: a folder named after a policy beside it (`it/backup.md` and
//! `it/backup/`) is that policy's own folder; any other folder is a group of policies. This is
//! Hugo's and Zola's "page bundle": the files that belong to one page sit in a folder named
//! after it, so a relative link written in the policy (`backup/appendix-a.pdf`) works in the
//! source folder, in the built site and in a Markdown preview alike.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::files::{file_name, file_stem, has_ext, list_dir, read_markdown, shown, unexpected};
use super::{ATTACHMENT_KINDS, attachment_kind};
use super::{Attachment, Policy, PolicyMeta, PolicyStatus, PolicyVersion, VersionMeta, yaml};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};

/// An attachment larger than this is refused: an intranet page is no place for it.
pub const ATTACHMENT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// A policy file found, with its folder, before it is read.
struct Found {
    folder: String,
    path: std::path::PathBuf,
    /// The policy's own folder, if it has one.
    own: Option<std::path::PathBuf>,
}

/// Reads `policies/` under `root`: the policies of the build (sorted by folder, then name),
/// and the addresses (`folder/name`) of the drafts left out of it.
pub fn load_policies(
    root: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> (Vec<Policy>, Vec<String>) {
    let mut found = Vec::new();
    let mut seen = std::collections::HashSet::new();
    walk(
        root,
        &root.join(crate::layout::POLICIES),
        "",
        &mut found,
        &mut seen,
        diags,
    );
    let read: Vec<Result<Policy, Diagnostics>> = found
        .par_iter()
        .map(|f| {
            let mut d = Diagnostics::default();
            let mut p = read_policy(root, &f.path, &f.folder).map_err(Diagnostics::from)?;
            if let Some(own) = &f.own {
                read_own_folder(root, own, &mut p, &mut d);
            }
            if d.has_errors() { Err(d) } else { Ok(p) }
        })
        .collect();
    let mut policies = Vec::new();
    for r in read {
        match r {
            Ok(p) => policies.push(p),
            Err(d) => diags.extend(d),
        }
    }
    policies.sort_by(|a, b| (&a.folder, &a.id).cmp(&(&b.folder, &b.id)));
    check_library(&policies, diags);
    let (kept, drafts): (Vec<Policy>, Vec<Policy>) = policies
        .into_iter()
        .partition(|p| config.build.drafts || p.status() != PolicyStatus::Draft);
    (kept, drafts.iter().map(Policy::key).collect())
}

/// Finds the policies of `dir` (a group folder, `folder` under `policies/`) and its groups.
/// `seen` holds the real paths of the folders read so far: a folder link that leads back to
/// one of them (a loop) is reported, not followed.
fn walk(
    root: &Path,
    dir: &Path,
    folder: &str,
    found: &mut Vec<Found>,
    seen: &mut std::collections::HashSet<std::path::PathBuf>,
    diags: &mut Diagnostics,
) {
    if let Ok(real) = dir.canonicalize()
        && !seen.insert(real)
    {
        diags.push(
            Diagnostic::error("folder read twice: a link to a folder leads back into policies/")
                .at_path(&shown(root, dir))
                .note("remove the link, or make it a folder of its own"),
        );
        return;
    }
    let entries = list_dir(root, dir, diags);
    let stems: Vec<String> = entries
        .iter()
        .filter(|f| f.is_file() && has_ext(f, &["md"]))
        .map(|f| file_stem(f))
        .collect();
    for f in entries {
        let name = file_name(&f);
        if f.is_dir() {
            if stems.contains(&name) {
                continue; // the policy's own folder, read with the policy
            }
            let sub = if folder.is_empty() {
                name
            } else {
                format!("{folder}/{name}")
            };
            walk(root, &f, &sub, found, seen, diags);
        } else if has_ext(&f, &["md"]) && file_stem(&f).ends_with(".print") {
            diags.push(
                Diagnostic::error(format!("policy file name \"{name}\" ends in `.print`"))
                    .at_path(&shown(root, &f))
                    .note("`<name>.print.html` is the address of a policy's print view: rename the file"),
            );
        } else if has_ext(&f, &["md"]) {
            let own = dir.join(file_stem(&f));
            found.push(Found {
                folder: folder.to_string(),
                path: f,
                own: own.is_dir().then_some(own),
            });
        } else if attachment_kind(&name).is_some() {
            let policy = stems.first().map_or("<policy>", String::as_str);
            diags.push(
                Diagnostic::error(format!("attachment \"{name}\" belongs to no policy"))
                    .at_path(&shown(root, &f))
                    .note(format!(
                        "put it in the folder named after the policy it belongs to, such as `{}`, and link to it from the policy as `{policy}/{name}`",
                        shown(root, &dir.join(policy).join(&name)).display()
                    )),
            );
        } else {
            diags.push(unexpected(root, &f, &expected_here()));
        }
    }
}

fn expected_here() -> String {
    format!(
        "Markdown policies (*.md), folders of policies, and a folder named after a policy holding its earlier versions (*.md) and attachments ({})",
        ATTACHMENT_KINDS
            .iter()
            .map(|(e, _)| format!("*.{e}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A policy's own folder: earlier versions (`*.md`) and attachments.
fn read_own_folder(root: &Path, dir: &Path, p: &mut Policy, diags: &mut Diagnostics) {
    let mut versions = Vec::new();
    for f in list_dir(root, dir, diags) {
        let name = file_name(&f);
        if f.is_file() && has_ext(&f, &["md"]) {
            match read_markdown::<VersionMeta>(root, &f) {
                Ok((meta, source, _, body)) => versions.push(PolicyVersion {
                    label: file_stem(&f),
                    meta,
                    source,
                    body,
                }),
                Err(d) => diags.push(d),
            }
        } else if f.is_file() && attachment_kind(&name).is_some() {
            match read_attachment(root, &f) {
                Ok(a) => p.attachments.push(a),
                Err(d) => diags.push(d),
            }
        } else {
            diags.push(unexpected(
                root,
                &f,
                &format!(
                    "earlier versions of \"{}\" (*.md) and its attachments (PDF, Word, Excel, images)",
                    p.meta.title
                ),
            ));
        }
    }
    versions.sort_by(|a, b| (b.meta.date, &b.label).cmp(&(a.meta.date, &a.label)));
    p.versions = versions;
}

fn read_attachment(root: &Path, f: &Path) -> Result<Attachment, Diagnostic> {
    let at = shown(root, f);
    let too_big = std::fs::metadata(f).is_ok_and(|m| m.len() > ATTACHMENT_MAX_BYTES);
    if too_big {
        return Err(Diagnostic::error("attachment larger than 50 MiB")
            .at_path(&at)
            .note("publish a file this large on a document store, and link to it"));
    }
    let bytes = std::fs::read(f)
        .map_err(|e| Diagnostic::error(format!("cannot read attachment: {e}")).at_path(&at))?;
    Ok(Attachment {
        name: file_name(f),
        shown: at,
        bytes: Arc::new(bytes),
    })
}

/// One policy file, without its earlier versions or attachments; `folder` is where it is under
/// `policies/` (empty at the top).
pub fn read_policy(root: &Path, f: &Path, folder: &str) -> Result<Policy, Diagnostic> {
    let (meta, source, meta_start, body) = read_markdown::<PolicyMeta>(root, f)?;
    let order = [
        ("last_reviewed", meta.last_reviewed.as_ref()),
        ("review", meta.review.as_ref()),
    ];
    for (key, date) in order {
        if let (Some(approved), Some(date)) = (meta.approved, date)
            && date.value < approved
        {
            let at = yaml::offset_of(&source, meta_start, date);
            let what = if key == "review" {
                "review date"
            } else {
                "last review"
            };
            return Err(Diagnostic::error(format!(
                "{what} {} is before the approval date {approved}",
                date.value
            ))
            .at(&source, at..at + date.value.to_string().len())
            .label(format!("`{key}` is before `approved`")));
        }
    }
    let anchors = crate::markdown::anchors(&source.text[body.clone()]);
    Ok(Policy {
        id: file_stem(f),
        folder: folder.to_string(),
        meta,
        source,
        meta_start,
        body,
        anchors,
        versions: Vec::new(),
        attachments: Vec::new(),
    })
}

/// One policy file, its folder worked out from its path (for `serve`, after an edit).
pub fn load_policy(root: &Path, f: &Path) -> Result<Policy, Diagnostic> {
    let policies = root.join(crate::layout::POLICIES);
    let folder = f
        .parent()
        .and_then(|d| d.strip_prefix(&policies).ok())
        .map(|d| {
            d.iter()
                .map(|c| c.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default();
    read_policy(root, f, &folder)
}

/// What is checked across the library: each code on one policy only, and each `supersedes`
/// naming a policy of the library (drafts included: a draft may replace a policy).
fn check_library(policies: &[Policy], diags: &mut Diagnostics) {
    let mut codes: HashMap<&str, &Policy> = HashMap::new();
    for p in policies {
        let Some(code) = p.meta.code.as_deref() else {
            continue;
        };
        match codes.get(code) {
            None => {
                codes.insert(code, p);
            }
            Some(first) => {
                let (line, _) = first.source.line_col(
                    first.meta_start
                        + first.source.text[first.meta_start..]
                            .find(code)
                            .unwrap_or(0),
                );
                let at = p.meta_start + p.source.text[p.meta_start..].find(code).unwrap_or(0);
                diags.push(
                    Diagnostic::error(format!("document code {code} is used by two policies"))
                        .at(&p.source, at..at + code.len())
                        .label("this code")
                        .note(format!(
                            "{} (line {line}) has the code {code} already: each policy needs its own code, because a code written in any page links to its policy",
                            first.source.path.display()
                        )),
                );
            }
        }
    }
    for p in policies {
        for s in &p.meta.supersedes {
            let name = s.value.as_str();
            match lookup(policies, name) {
                Ok(q) if std::ptr::eq(q, p) => diags.push(
                    at_value(p, s, "a policy cannot supersede itself".into())
                        .label("this is the policy's own name"),
                ),
                Ok(_) => {}
                Err(why) => diags.push(
                    at_value(p, s, format!("`supersedes` names no policy \"{name}\"")).label(why),
                ),
            }
        }
    }
}

fn at_value(p: &Policy, v: &serde_saphyr::Spanned<String>, message: String) -> Diagnostic {
    let at = yaml::offset_of(&p.source, p.meta_start, v);
    Diagnostic::error(message).at(&p.source, at..at + v.value.len().max(1))
}

/// The policy that `name` names, as a `policy:` cross-reference does: its `folder/name`, or
/// its file name when no other policy has that name.
pub fn lookup<'p>(policies: &'p [Policy], name: &str) -> Result<&'p Policy, String> {
    if let Some(p) = policies.iter().find(|p| p.key() == name) {
        return Ok(p);
    }
    let same: Vec<&Policy> = policies.iter().filter(|p| p.id == name).collect();
    match same.as_slice() {
        [p] => Ok(p),
        [] => {
            let keys: Vec<String> = policies.iter().map(Policy::key).collect();
            Err(format!(
                "no policy \"{name}\"{}",
                did_you_mean(name, keys.iter().map(String::as_str).collect())
            ))
        }
        many => Err(format!(
            "{} policies are named \"{name}\": write its folder too ({})",
            many.len(),
            many.iter().map(|p| p.key()).collect::<Vec<_>>().join(", ")
        )),
    }
}
