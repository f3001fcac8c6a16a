//! `check` from the model (`check::model`: only the pages that can hold a broken link are
//! rendered) against `check` of every page rendered: the same broken links, at the same
//! sources, lines and columns, with the same reasons, on the same pages, for every example
//! site and for a site with a broken and a working link of every kind an author can write.

mod common;

use std::path::Path;

use common::*;
use policybook::check::{Problem, internal, model};
use policybook::cmd::build;
use policybook::config::Config;

type Key = (
    &'static str,
    String,
    usize,
    usize,
    Option<String>,
    String,
    Option<String>,
);

fn keys(problems: &[Problem]) -> Vec<Key> {
    let mut out: Vec<Key> = problems
        .iter()
        .map(|p| {
            (
                p.kind,
                p.source.clone(),
                p.line,
                p.column,
                p.url.clone(),
                p.reason.clone(),
                p.page.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The broken links of the site at `root` found by rendering every page, and found from the
/// model; and how many links each counted.
fn both(root: &Path) -> (Vec<Key>, Vec<Key>, usize, usize) {
    let config = Config::load(root).expect("book.toml");
    let r = build::resolve_site(root, config).unwrap_or_else(|e| {
        panic!(
            "{} loads: {} errors",
            root.display(),
            e.diagnostics().items.len()
        )
    });
    let files = policybook::render::render(root, &r, None, false)
        .expect("renders")
        .files;
    let (full, _) = internal::check(&files, &r.index());
    let from_model = model::check(root, &r)
        .expect("renders")
        .expect("built-in templates: checked from the model");
    (
        keys(&full.broken),
        keys(&from_model.broken),
        full.checked,
        from_model.checked,
    )
}

fn same_report(root: &Path) {
    let (full, from_model, _, _) = both(root);
    assert_eq!(from_model, full, "{}", root.display());
}

#[test]
fn the_repository_site_is_checked_the_same_from_the_model() {
    same_report(&example_root());
}

#[test]
fn the_ncsc_caf_example_is_checked_the_same_from_the_model() {
    same_report(&example_root().join("examples/ncsc-caf"));
}

#[test]
fn the_owasp_asvs_example_is_checked_the_same_from_the_model() {
    same_report(&example_root().join("examples/owasp-asvs"));
}
