//! `check --offline` of a build already on disk: when the output folder's manifest says it was
//! built by this policybook from exactly the current sources, its pages are read and checked
//! there, and nothing is built again (see `manifest`).

use std::path::Path;

use rayon::prelude::*;

use super::{Problem, Report, internal};
use crate::content::Date;
use crate::manifest::{self, Manifest};
use crate::output::record::Record;
use crate::render::OutputFile;

/// The report for the site's last build, or `None` when that build cannot stand for the
/// current sources, or when it has broken links: those are best reported at their source
/// lines, which the caller finds by building in memory.
pub fn check(root: &Path) -> Option<Report> {
    let m = Manifest::read(root)?;
    if !m.is_current(root, &Date::today().to_string()) {
        return None;
    }
    // The output folder as the build left it: not changed, removed or replaced since.
    let (output, mut paths) = manifest::output_files(&m.dest);
    if output != m.output {
        return None;
    }
    // Only the build's own files: the folder may hold others (`--keep-other-files`).
    let record = Record::read(&m.dest)?;
    paths.retain(|p| record.files.contains(p));
    let files = read(&m.dest, paths)?;
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

/// The files `paths` of the output folder, read in parallel.
fn read(dest: &Path, paths: Vec<String>) -> Option<Vec<OutputFile>> {
    paths
        .into_par_iter()
        .map(|path| {
            let bytes = std::fs::read(dest.join(&path)).ok()?;
            Some(OutputFile::new(path, bytes))
        })
        .collect()
}
