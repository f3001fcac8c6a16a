//! `check --offline` of a build already on disk: when the output folder's manifest says it was
//! built by this policybook from exactly the current sources, its pages are read and checked
//! there, and nothing is built again (see `manifest`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Problem, Report, internal};
use crate::content::Date;
use crate::manifest::{self, Manifest};
use crate::render::OutputFile;

/// The report for the site's last build, or `None` when that build cannot stand for the
/// current sources, or when it has broken links: those are best reported at their source
/// lines, which the caller finds by building in memory.
pub fn check(root: &Path) -> Option<Report> {
    let m = Manifest::read(root)?;
    // The output folder as the build left it: not changed, removed or replaced since.
    if !m.is_current(root, &Date::today().to_string())
        || manifest::output_fingerprint(&m.dest) != m.output
    {
        return None;
    }
    let files = read_output(&m.dest)?;
    let scan = internal::scan(&files);
    if !scan.broken.is_empty() {
        return None;
    }
    let mut report = Report {
        checked: scan.checked,
        broken: Vec::new(),
        warnings: m
            .reviews
            .into_iter()
            .map(|r| Problem {
                kind: "review",
                source: r.source,
                line: r.line,
                column: r.column,
                page: r.page,
                url: None,
                status: None,
                reason: r.reason,
            })
            .collect(),
    };
    report.sort();
    Some(report)
}

/// Every file of the output folder, read in parallel.
fn read_output(dest: &Path) -> Option<Vec<OutputFile>> {
    let mut paths: Vec<String> = Vec::new();
    let mut stack: Vec<(PathBuf, String)> = vec![(dest.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        for e in std::fs::read_dir(&dir).ok()?.flatten() {
            let name = e.file_name().into_string().ok()?;
            let path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if e.file_type().ok()?.is_dir() {
                stack.push((e.path(), path));
            } else {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_par_iter()
        .map(|path| {
            let bytes = std::fs::read(dest.join(&path)).ok()?;
            Some(OutputFile {
                path,
                bytes,
                origin: None,
            })
        })
        .collect()
}
