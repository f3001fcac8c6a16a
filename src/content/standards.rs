//! Reading catalogues: one folder per catalogue, one per edition, with `edition.yaml`, one
//! `<id>.yaml` per standard (or an imported catalogue file), and optionally the publisher's
//! `changes.yaml` and `lineage.yaml`; then the checks that span editions (a standard's
//! `previous`, a lineage's ids, a withdrawal's successors).

use std::collections::{BTreeMap, HashMap};

use super::{Lineage, Verb};
use std::path::Path;

use rayon::prelude::*;

use super::files::{check_url, file_name, file_stem, has_ext, list_dir, shown, unexpected};
use super::model::*;
use super::oscal;
use super::source::read_source;
use super::yaml;
use super::{caf, csv, opencontrol, owasp};
use crate::diagnostic::{Diagnostic, Diagnostics};

pub(super) fn load_standards(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Catalogue> {
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
        for (i, e) in editions.iter().enumerate() {
            check_lineage(i.checked_sub(1).map(|p| &editions[p]), e, diags);
        }
        catalogues.push(Catalogue {
            id: cat_id,
            editions,
        });
    }
    catalogues
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
    let imports = [
        meta.opencontrol.is_some(),
        meta.oscal.is_some(),
        meta.csv.is_some(),
        meta.caf.is_some(),
    ];
    if imports.iter().filter(|x| **x).count() > 1 {
        diags.push(
            Diagnostic::error(format!(
                "edition {cat}/{ed_id} names more than one file to import"
            ))
            .in_file(&source)
            .note("give one of `opencontrol`, `oscal`, `csv` and `caf`"),
        );
    } else if let Some(file) = meta.opencontrol.clone() {
        match opencontrol::load(root, &beside(dir, &file), &mut meta.areas) {
            Ok(list) => imported = list,
            Err(d) => diags.push(d),
        }
    } else if let Some(c) = meta.csv.clone() {
        imported = csv::load(root, dir, &c, &source, &mut meta.areas, diags);
    } else if let Some(file) = meta.caf.clone() {
        match caf::load(root, &beside(dir, &file), &mut meta.areas) {
            Ok(list) => imported = list,
            Err(d) => diags.push(d),
        }
    } else if let Some(file) = meta.oscal.clone() {
        match oscal::load(root, &beside(dir, &file), &mut meta.areas) {
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
    let mut lineage = meta
        .lineage
        .as_ref()
        .and_then(|l| owasp::load(root, &beside(dir, &l.owasp), &ed_id, diags));
    let mut standard_files = Vec::new();
    for f in files {
        let name = file_name(&f);
        // The catalogue file an edition imports may sit in the edition's own folder.
        let imports = [
            meta.opencontrol.as_deref(),
            meta.oscal.as_deref(),
            meta.caf.as_deref(),
            meta.csv.as_ref().map(|c| c.file.as_str()),
            meta.lineage.as_ref().map(|l| l.owasp.as_str()),
        ];
        if name == "edition.yaml"
            || imports
                .iter()
                .flatten()
                .any(|i| beside(dir, i) == beside(dir, &name))
        {
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
        } else if name == "lineage.yaml" && meta.lineage.is_some() {
            diags.push(
                Diagnostic::error("lineage.yaml beside `lineage:` in edition.yaml")
                    .at_path(&shown(root, &f))
                    .note("declare an edition's lineage once: in lineage.yaml or as the publisher's file"),
            );
        } else if name == "lineage.yaml" {
            match read_source(root, &f).and_then(|s| {
                yaml::parse::<Lineage>(&s, 0..s.text.len()).map(|mut l| {
                    l.file = s;
                    l
                })
            }) {
                Ok(l) => lineage = Some(l),
                Err(d) => diags.push(d),
            }
        } else if f.is_file() && has_ext(&f, &["yaml", "yml"]) {
            standard_files.push(f);
        } else {
            diags.push(unexpected(
                root,
                &f,
                "edition.yaml, changes.yaml, lineage.yaml and one <id>.yaml per standard",
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
        lineage,
    })
}

/// A file an edition names, relative to its folder, with `..` resolved, so that its path reads
/// `data/x.csv` in messages rather than `content/standards/c/e/../../../../data/x.csv`.
pub(super) fn beside(dir: &Path, file: &str) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for c in dir.join(file).components() {
        match c {
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// One standard's YAML file, checked on its own (`serve` reads one again after an edit; what
/// is checked across the edition, its area and lineage, is the caller's).
pub fn load_standard(root: &Path, path: &Path) -> Result<Standard, Diagnostic> {
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
    if s.headline.trim().is_empty() && s.withdrawn.is_none() {
        let what = if source.text.contains("headline") {
            "an empty `headline`"
        } else {
            "no `headline`"
        };
        return Err(
            Diagnostic::error(format!("standard \"{}\" has {what}", s.id.value))
                .at(&source, 0..0)
                .label("add `headline:`, the requirement itself")
                .note("only a standard marked `withdrawn` may go without a headline"),
        );
    }
    s.source = source;
    Ok(s)
}

/// The ids that lineage names must exist: a standard's `previous` in the previous edition, a
/// withdrawal's successors in its own edition, and a lineage file's old ids in the edition it
/// is `against` and new ids in its own. A typo there would otherwise make the diff quietly
/// infer what the author meant to declare.
fn check_lineage(prev: Option<&Edition>, e: &Edition, diags: &mut Diagnostics) {
    let ids = |ed: &Edition| -> HashMap<String, ()> {
        ed.standards
            .iter()
            .map(|s| (s.id().to_string(), ()))
            .collect()
    };
    let here = ids(e);
    let before = prev.map(ids);
    // The byte range of `id` in `text` at or after `from` (the line that names it).
    let find = |text: &str, from: usize, id: &str| -> std::ops::Range<usize> {
        let at = text[from.min(text.len())..]
            .find(id)
            .map_or(from, |i| from + i);
        at..at + id.len()
    };
    let missing_in = |what: &str, id: &str, ed: &Edition, known: &HashMap<String, ()>| {
        let names: Vec<&str> = known.keys().map(String::as_str).collect();
        Diagnostic::error(format!(
            "{what} \"{id}\" is not a standard of {}{}",
            ed.key(),
            crate::diagnostic::did_you_mean(id, names)
        ))
    };
    for s in &e.standards {
        if let (Some(p), Some(known)) = (prev, &before) {
            let from = s.source.text.find("previous").unwrap_or(0);
            for id in s.previous.iter().filter(|id| !known.contains_key(*id)) {
                let span = find(&s.source.text, from, id);
                diags.push(missing_in("previous", id, p, known).at(&s.source, span));
            }
        }
        if let Some(w) = &s.withdrawn {
            let from = s.source.text.find("withdrawn").unwrap_or(0);
            for id in w
                .into
                .iter()
                .filter(|id| !here.contains_key(*id) || *id == s.id())
            {
                let span = find(&s.source.text, from, id);
                let d = if id == s.id() {
                    Diagnostic::error(format!("standard {id} is withdrawn into itself"))
                } else {
                    missing_in("withdrawn into", id, e, &here)
                };
                diags.push(d.at(&s.source, span));
            }
        }
    }
    let Some(l) = &e.lineage else {
        return;
    };
    let f = &l.file;
    if let Some(p) = prev
        && l.against != p.id
    {
        let span = find(&f.text, 0, &l.against);
        diags.push(
            Diagnostic::error(format!(
                "lineage.yaml is against edition \"{}\", but the edition before {} is {}",
                l.against,
                e.key(),
                p.key()
            ))
            .at(f, span)
            .note("a lineage maps the previous edition's ids to this edition's"),
        );
        return;
    }
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for entry in &l.entries {
        let at = yaml::offset_of(f, 0, &entry.old);
        let old = entry.old.value.as_str();
        if seen.insert(old, ()).is_some() {
            diags.push(
                Diagnostic::error(format!("\"{old}\" has two entries in lineage.yaml"))
                    .at(f, at..at + old.len())
                    .label("one entry per old standard; list all its successors in `new`"),
            );
        }
        if let (Some(p), Some(known)) = (prev, &before)
            && !known.contains_key(old)
        {
            diags.push(missing_in("old", old, p, known).at(f, at..at + old.len()));
        }
        for id in entry.new.iter().filter(|id| !here.contains_key(*id)) {
            diags.push(missing_in("new", id, e, &here).at(f, find(&f.text, at, id)));
        }
        let wants_new = entry.verb != Verb::Deleted;
        if wants_new == entry.new.is_empty() {
            let why = if wants_new {
                format!("`{}` needs the new ids in `new`", entry.verb.phrase())
            } else {
                "a deleted standard has no `new` ids".to_string()
            };
            diags.push(
                Diagnostic::error(format!("lineage of \"{old}\" does not add up"))
                    .at(f, at..at + old.len())
                    .label(why),
            );
        }
    }
}
