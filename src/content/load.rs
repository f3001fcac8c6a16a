//! Reads the content folders into a [`Site`], collecting every error rather than stopping at
//! the first, so one build run shows an author everything there is to fix.
//!
//! Layout (`docs/format.md`): `content/standards/<catalogue>/<edition>/{edition,changes,<id>}.yaml`,
//! `content/guidance/*.md`, `content/references.yaml`, `content/glossary.yaml`,
//! `content/principles/*.yaml`, `policies/*.md`. Names starting with `.` (editor and system
//! files) are ignored; any other unexpected file is an error, never silently skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::files::{check_url, file_name, file_stem, has_ext, list_dir, unexpected};
use super::model::*;
use super::source::read_source;
use super::standards;
use super::yaml;
use super::{Policy, PolicyMeta, PolicyVersion, VersionMeta};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Source};
use crate::layout;

pub fn load(root: &Path, config: Config) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::default();
    let content = root.join(layout::CONTENT);

    let catalogues = standards::load_standards(root, &content.join(layout::STANDARDS), &mut diags);
    let (references, references_source) = load_references(root, &content, &mut diags);
    let (glossary, glossary_source) = load_glossary(root, &content, &mut diags);
    let guidance = load_pages(root, &content.join("guidance"), &mut diags);
    let policies = load_policies(root, &root.join(layout::POLICIES), &mut diags);
    let principles = load_principles(root, &content.join("principles"), &mut diags);

    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok(Site {
        config,
        catalogues,
        references,
        references_source,
        glossary,
        glossary_source,
        guidance,
        policies,
        principles,
    })
}

fn load_references(
    root: &Path,
    content: &Path,
    diags: &mut Diagnostics,
) -> (Vec<Reference>, Option<Source>) {
    let path = content.join("references.yaml");
    if !path.exists() {
        return (Vec::new(), None);
    }
    let source = match read_source(root, &path) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return (Vec::new(), None);
        }
    };
    let refs: Vec<Reference> = match yaml::parse(&source, 0..source.text.len()) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return (Vec::new(), Some(source));
        }
    };
    let mut seen = HashMap::new();
    for url in refs.iter().filter_map(|r| r.url.as_deref()) {
        if let Err(d) = check_url(&source, url) {
            diags.push(d);
        }
    }
    for r in &refs {
        let at = yaml::offset_of(&source, 0, &r.id);
        if r.id().is_empty() || r.id().contains(['/', '\\', '#', ' ']) {
            diags.push(
                Diagnostic::error(format!("invalid reference id \"{}\"", r.id()))
                    .at(&source, at..at + r.id().len().max(1))
                    .label("use letters, digits, `-`, `_` and `.`"),
            );
        }
        if seen.insert(r.id().to_lowercase(), at).is_some() {
            diags.push(
                Diagnostic::error(format!("duplicate reference id \"{}\"", r.id()))
                    .at(&source, at..at + r.id().len())
                    .label("this id is already used"),
            );
        }
    }
    (refs, Some(source))
}

fn load_glossary(
    root: &Path,
    content: &Path,
    diags: &mut Diagnostics,
) -> (Vec<Term>, Option<Source>) {
    let path = content.join("glossary.yaml");
    if !path.exists() {
        return (Vec::new(), None);
    }
    let source = match read_source(root, &path) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return (Vec::new(), None);
        }
    };
    let map: Glossary = match yaml::parse(&source, 0..source.text.len()) {
        Ok(m) => m,
        Err(d) => {
            diags.push(d);
            return (Vec::new(), Some(source));
        }
    };
    let mut terms = Vec::new();
    let mut anchors: HashMap<String, String> = HashMap::new();
    for (term, def) in map {
        let (expansion, description) = match def {
            TermDef::Short(e) => (e, None),
            TermDef::Long {
                expansion,
                description,
            } => (expansion, description),
        };
        let t = Term {
            term,
            expansion,
            description,
        };
        if let Some(other) = anchors.insert(t.anchor(), t.term.clone()) {
            let at = source.text.find(&t.term).unwrap_or(0);
            diags.push(
                Diagnostic::error(format!(
                    "glossary terms \"{other}\" and \"{}\" differ only by case or punctuation",
                    t.term
                ))
                .at(&source, at..at + t.term.len()),
            );
        }
        terms.push(t);
    }
    terms.sort_by_key(|t| t.term.to_lowercase());
    (terms, Some(source))
}

/// Reads a Markdown file with YAML front matter into its meta and the body's range.
fn read_markdown<T: serde::de::DeserializeOwned>(
    root: &Path,
    path: &Path,
) -> Result<(T, Source, usize, std::ops::Range<usize>), Diagnostic> {
    let source = read_source(root, path)?;
    let Some((fm, body)) = yaml::split_front_matter(&source)? else {
        return Err(Diagnostic::error("missing front matter")
            .at(&source, 0..0)
            .note("start the file with a `---` line, the YAML front matter (at least `title:`), and another `---` line"));
    };
    let meta = yaml::parse::<T>(&source, fm.clone())?;
    Ok((meta, source, fm.start, body))
}

fn markdown_files(root: &Path, dir: &Path, diags: &mut Diagnostics, what: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in list_dir(root, dir, diags) {
        if f.is_file() && has_ext(&f, &["md"]) {
            out.push(f);
        } else {
            diags.push(unexpected(root, &f, what));
        }
    }
    out
}

fn load_pages(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Page> {
    let files = markdown_files(root, dir, diags, "Markdown guidance pages (*.md)");
    let mut pages = Vec::new();
    for r in files
        .par_iter()
        .map(|f| {
            read_markdown::<PageMeta>(root, f).map(|(meta, source, _, body)| Page {
                slug: file_stem(f),
                meta,
                source,
                body,
            })
        })
        .collect::<Vec<_>>()
    {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => diags.push(d),
        }
    }
    pages.sort_by(|a, b| {
        (a.meta.order.unwrap_or(i64::MAX), &a.slug)
            .cmp(&(b.meta.order.unwrap_or(i64::MAX), &b.slug))
    });
    pages
}

fn load_policies(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Policy> {
    // A folder named after a policy holds its earlier versions.
    let entries = list_dir(root, dir, diags);
    let stems: Vec<String> = entries
        .iter()
        .filter(|f| f.is_file())
        .map(|f| file_stem(f))
        .collect();
    let mut version_dirs = Vec::new();
    let mut files = Vec::new();
    for f in entries {
        if f.is_dir() && stems.contains(&file_name(&f)) {
            version_dirs.push(f);
        } else if f.is_file() && has_ext(&f, &["md"]) {
            files.push(f);
        } else {
            diags.push(unexpected(
                root,
                &f,
                "Markdown policies (*.md), and a folder of earlier versions named after a policy",
            ));
        }
    }
    let mut policies = Vec::new();
    for r in files
        .par_iter()
        .map(|f| load_policy(root, f))
        .collect::<Vec<_>>()
    {
        match r {
            Ok(p) => policies.push(p),
            Err(d) => diags.push(d),
        }
    }
    policies.sort_by(|a, b| a.id.cmp(&b.id));
    for vdir in version_dirs {
        let id = file_name(&vdir);
        let mut versions = Vec::new();
        for f in markdown_files(root, &vdir, diags, "earlier versions of the policy (*.md)") {
            match read_markdown::<VersionMeta>(root, &f) {
                Ok((meta, source, _, body)) => versions.push(PolicyVersion {
                    label: file_stem(&f),
                    meta,
                    source,
                    body,
                }),
                Err(d) => diags.push(d),
            }
        }
        versions.sort_by(|a, b| (b.meta.date, &b.label).cmp(&(a.meta.date, &a.label)));
        if let Some(p) = policies.iter_mut().find(|p| p.id == id) {
            p.versions = versions;
        }
    }
    policies
}

/// One policy file, without its earlier versions.
pub fn load_policy(root: &Path, f: &Path) -> Result<Policy, Diagnostic> {
    read_markdown::<PolicyMeta>(root, f).and_then(|(meta, source, meta_start, body)| {
        if let (Some(approved), Some(review)) = (meta.approved, &meta.review)
            && review.value < approved
        {
            let at = yaml::offset_of(&source, meta_start, review);
            return Err(Diagnostic::error(format!(
                "review date {} is before the approval date {approved}",
                review.value
            ))
            .at(&source, at..at + review.value.to_string().len())
            .label("review is due before approval"));
        }
        let anchors = crate::markdown::anchors(&source.text[body.clone()]);
        Ok(Policy {
            id: file_stem(f),
            meta,
            source,
            meta_start,
            body,
            anchors,
            versions: Vec::new(),
        })
    })
}

fn load_principles(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PrincipleList> {
    let mut lists = Vec::new();
    for f in list_dir(root, dir, diags) {
        if !(f.is_file() && has_ext(&f, &["yaml", "yml"])) {
            diags.push(unexpected(root, &f, "principle lists (*.yaml)"));
            continue;
        }
        match read_source(root, &f).and_then(|s| {
            yaml::parse::<PrincipleList>(&s, 0..s.text.len()).map(|mut l| {
                l.slug = file_stem(&f);
                l.file = s;
                l
            })
        }) {
            Ok(l) => lists.push(l),
            Err(d) => diags.push(d),
        }
    }
    lists
}
