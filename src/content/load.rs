//! Reads the content folders into a [`Site`], collecting every error rather than stopping at
//! the first, so one build run shows an author everything there is to fix.
//!
//! Layout (`docs/format.md`): `content/standards/<catalogue>/<edition>/{edition,changes,<id>}.yaml`,
//! `content/guidance/*.md`, `content/references.yaml`, `content/glossary.yaml`,
//! `content/principles/*.yaml`, `policies/*.md`. Names starting with `.` (editor and system
//! files) are ignored; any other unexpected file is an error, never silently skipped.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::model::*;
use super::opencontrol;
use super::source::read_source;
use super::yaml;
use super::{Policy, PolicyMeta, PolicyVersion, VersionMeta};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Source};
use crate::layout;

pub fn load(root: &Path, config: Config) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::default();
    let content = root.join(layout::CONTENT);

    let catalogues = load_standards(root, &content.join(layout::STANDARDS), &mut diags);
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

/// Lists a folder's entries, sorted by name; `kind` says what is expected in it.
fn list_dir(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in rd {
        match entry {
            Ok(e) => {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                // A file's name is its page's address and its id in cross-references.
                if name.contains(char::is_whitespace) {
                    diags.push(
                        Diagnostic::error(format!("file name \"{name}\" has a space"))
                            .at_path(&shown(root, &e.path()))
                            .note("a file's name is its page's address and its id in cross-references: use `-` instead of spaces"),
                    );
                    continue;
                }
                out.push(e.path());
            }
            Err(e) => diags.push(
                Diagnostic::error(format!("cannot read folder: {e}"))
                    .at_path(dir.strip_prefix(root).unwrap_or(dir)),
            ),
        }
    }
    out.sort();
    out
}

fn shown(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

fn file_stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn has_ext(p: &Path, exts: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.contains(&e))
}

fn unexpected(root: &Path, p: &Path, expected: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "unexpected {} in content",
        if p.is_dir() { "folder" } else { "file" }
    ))
    .at_path(&shown(root, p))
    .note(format!(
        "expected {expected}; rename it to start with `.` to keep it out of the site"
    ))
}

fn load_standards(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Catalogue> {
    let mut catalogues = Vec::new();
    for cat_dir in list_dir(root, dir, diags) {
        if !cat_dir.is_dir() {
            diags.push(unexpected(root, &cat_dir, "one folder per catalogue"));
            continue;
        }
        let cat_id = file_name(&cat_dir);
        let mut editions = Vec::new();
        for ed_dir in list_dir(root, &cat_dir, diags) {
            if !ed_dir.is_dir() {
                diags.push(unexpected(root, &ed_dir, "one folder per edition"));
                continue;
            }
            if let Some(ed) = load_edition(root, &cat_id, &ed_dir, diags) {
                editions.push(ed);
            }
        }
        editions.sort_by(|a, b| (a.meta.published, &a.id).cmp(&(b.meta.published, &b.id)));
        catalogues.push(Catalogue {
            id: cat_id,
            editions,
        });
    }
    catalogues
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn load_edition(root: &Path, cat: &str, dir: &Path, diags: &mut Diagnostics) -> Option<Edition> {
    let ed_id = file_name(dir);
    let files = list_dir(root, dir, diags);
    let meta_path = dir.join("edition.yaml");
    if !meta_path.is_file() {
        diags.push(
            Diagnostic::error(format!("edition {cat}/{ed_id} has no edition.yaml"))
                .at_path(&shown(root, dir))
                .note("edition.yaml gives the edition's title, publisher, date, licence and areas"),
        );
        return None;
    }
    let (mut meta, source) = match read_source(root, &meta_path)
        .and_then(|s| yaml::parse::<EditionMeta>(&s, 0..s.text.len()).map(|m| (m, s)))
    {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    for url in [&meta.licence_url, &meta.source_url].into_iter().flatten() {
        if let Err(d) = check_url(&source, url) {
            diags.push(d);
        }
    }
    let mut imported = Vec::new();
    if let Some(file) = meta.opencontrol.clone() {
        match opencontrol::load(root, &dir.join(&file), &mut meta.areas) {
            Ok(list) => imported = list,
            Err(d) => diags.push(d),
        }
    } else if meta.areas.is_empty() {
        diags.push(
            Diagnostic::error(format!("edition {cat}/{ed_id} lists no areas"))
                .in_file(&source)
                .note("edition.yaml needs `areas:`, the ordered list of areas its standards belong to"),
        );
    }
    let mut seen_areas: HashMap<&str, usize> = HashMap::new();
    for area in &meta.areas {
        let at = yaml::offset_of(&source, 0, &area.id);
        if seen_areas.insert(area.id.value.as_str(), at).is_some() {
            diags.push(
                Diagnostic::error(format!("duplicate area \"{}\"", area.id.value))
                    .at(&source, at..at + area.id.value.len())
                    .label("listed twice"),
            );
        }
    }

    let mut changes = None;
    let mut standard_files = Vec::new();
    for f in files {
        let name = file_name(&f);
        if name == "edition.yaml" {
            continue;
        } else if name == "changes.yaml" {
            match read_source(root, &f).and_then(|s| {
                yaml::parse::<DeclaredChanges>(&s, 0..s.text.len()).map(|mut c| {
                    c.source = s;
                    c
                })
            }) {
                Ok(c) => changes = Some(c),
                Err(d) => diags.push(d),
            }
        } else if f.is_file() && has_ext(&f, &["yaml", "yml"]) {
            standard_files.push(f);
        } else {
            diags.push(unexpected(
                root,
                &f,
                "edition.yaml, changes.yaml and one <id>.yaml per standard",
            ));
        }
    }
    let mut results: Vec<Result<Standard, Diagnostic>> = standard_files
        .par_iter()
        .map(|f| load_standard(root, f))
        .collect();
    results.extend(imported.into_iter().map(Ok));
    let mut standards = Vec::new();
    for r in results {
        match r {
            Ok(s) => standards.push(s),
            Err(d) => diags.push(d),
        }
    }

    // Ids are unique within an edition; ids that differ only by case would collide on
    // case-insensitive file systems and in readers' minds, so they count as duplicates too.
    let mut by_id: BTreeMap<String, &Standard> = BTreeMap::new();
    for s in &standards {
        let key = s.id().to_lowercase();
        if let Some(first) = by_id.get(&key) {
            let at = yaml::offset_of(&s.source, 0, &s.id);
            diags.push(
                Diagnostic::error(format!(
                    "duplicate standard id \"{}\" in {cat}/{ed_id}",
                    s.id()
                ))
                .at(&s.source, at..at + s.id().len())
                .label("this id is already used")
                .note(format!("first defined in {}", first.source.path.display())),
            );
        } else {
            by_id.insert(key, s);
        }
        if !seen_areas.contains_key(s.area.value.as_str()) {
            let at = yaml::offset_of(&s.source, 0, &s.area);
            let known: Vec<&str> = meta.areas.iter().map(|a| a.id.value.as_str()).collect();
            diags.push(
                Diagnostic::error(format!("unknown area \"{}\"", s.area.value))
                    .at(&s.source, at..at + s.area.value.len().max(1))
                    .label("not an area of this edition")
                    .note(format!(
                        "the areas of {cat}/{ed_id} are: {}",
                        known.join(", ")
                    )),
            );
        }
    }
    let area_pos = |s: &Standard| meta.areas.iter().position(|a| a.id.value == s.area.value);
    standards.sort_by(|a, b| {
        area_pos(a)
            .cmp(&area_pos(b))
            .then_with(|| compare_ids(a.id(), b.id()))
    });
    Some(Edition {
        catalogue: cat.to_string(),
        id: ed_id,
        meta,
        source,
        standards,
        changes,
    })
}

/// Addresses in content become `href`s as written, so only web, mail, telephone and file-share
/// addresses, and relative ones, are let through: never `javascript:` or `data:`.
fn check_url(source: &Source, url: &str) -> Result<(), Diagnostic> {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    let relative = match &scheme {
        None => true,
        // "a/b:c" has no scheme: a scheme is letters, digits, `+`, `-`, `.` before the colon.
        Some(s) => s.contains(['/', '?', '#']) || s.is_empty(),
    };
    let allowed = ["http", "https", "mailto", "tel", "file"];
    if relative || scheme.as_deref().is_some_and(|s| allowed.contains(&s)) {
        return Ok(());
    }
    let at = source.text.find(url).unwrap_or(0);
    Err(Diagnostic::error(format!("address \"{url}\" is not allowed"))
        .at(source, at..at + url.len())
        .label("use an http(s), mailto, tel or file address, or a relative one")
        .note("addresses become links as written; other schemes (javascript:, data:) could run code"))
}

fn load_standard(root: &Path, path: &Path) -> Result<Standard, Diagnostic> {
    let source = read_source(root, path)?;
    let mut s: Standard = yaml::parse(&source, 0..source.text.len())?;
    for url in s.links.iter().filter_map(|l| l.url.as_deref()) {
        check_url(&source, url)?;
    }
    let stem = file_stem(path);
    if s.id.value != stem {
        let at = yaml::offset_of(&source, 0, &s.id);
        return Err(Diagnostic::error(format!(
            "standard id \"{}\" does not match its file name \"{}\"",
            s.id.value,
            file_name(path)
        ))
        .at(&source, at..at + s.id.value.len().max(1))
        .label(format!("expected \"{stem}\""))
        .note("one standard per file, and the file is named after the standard's id"));
    }
    if s.headline.trim().is_empty() {
        return Err(Diagnostic::error("a standard's headline must not be empty").in_file(&source));
    }
    s.source = source;
    Ok(s)
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
