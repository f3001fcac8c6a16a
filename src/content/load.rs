//! Reads the content folders into a [`Site`], collecting every error rather than stopping at
//! the first, so one build run shows an author everything there is to fix.
//!
//! Layout (`docs/format.md`): `content/standards/<catalogue>/<edition>/{edition,changes,<id>}.yaml`,
//! `content/guidance/*.md`, `content/references.yaml`, `content/glossary.yaml`,
//! `content/principles/*.yaml`; `policies/` is read by `library`. Names starting with `.`
//! (editor and system
//! files) are ignored; any other unexpected file is an error, never silently skipped.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::files::{
    check_url, file_name, file_stem, has_ext, list_dir, markdown_files, read_markdown, unexpected,
};
use super::library;
use super::model::*;
use super::source::read_source;
use super::standards;
use super::yaml;
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
    check_content_root(root, &content, &mut diags);
    let (policies, drafts_left_out) = library::load_policies(root, &config, &mut diags);
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
        drafts_left_out,
        principles,
    })
}

/// What `content/` may hold; anything else there (a policy put in `content/policies/`, a stray
/// `notes.md`) is an error, never a page silently missing.
fn check_content_root(root: &Path, content: &Path, diags: &mut Diagnostics) {
    const FOLDERS: &[&str] = &["standards", "guidance", "principles"];
    const FILES: &[&str] = &["references.yaml", "glossary.yaml"];
    for p in list_dir(root, content, diags) {
        let name = file_name(&p);
        let known = if p.is_dir() {
            FOLDERS.contains(&name.as_str())
        } else {
            FILES.contains(&name.as_str())
        };
        if known {
            continue;
        }
        let d = unexpected(
            root,
            &p,
            "`standards/`, `guidance/` and `principles/` folders, `references.yaml` and `glossary.yaml`",
        );
        diags.push(if name == "policies" || has_ext(&p, &["md"]) {
            d.note("policies go in the `policies/` folder beside book.toml, guidance pages in `content/guidance/`")
        } else {
            d
        });
    }
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

fn load_pages(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Page> {
    let files = markdown_files(root, dir, diags, "Markdown guidance pages (*.md)");
    let mut pages = Vec::new();
    for r in files
        .par_iter()
        .map(|f| load_page(root, f))
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

/// One guidance page (`serve` reads one again after an edit).
pub fn load_page(root: &Path, f: &Path) -> Result<Page, Diagnostic> {
    read_markdown::<PageMeta>(root, f).map(|(meta, source, _, body)| Page {
        slug: file_stem(f),
        meta,
        source,
        body,
    })
}

/// The glossary, read again on its own (for `serve`, after an edit).
pub fn reload_glossary(root: &Path) -> Result<(Vec<Term>, Option<Source>), Diagnostics> {
    let mut diags = Diagnostics::default();
    let glossary = load_glossary(root, &root.join(layout::CONTENT), &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(glossary)
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
