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

#[test]
fn the_nist_example_is_checked_the_same_from_the_model() {
    same_report(&example_root().join("examples/nist-800-53"));
}

#[test]
fn the_asd_ism_example_is_checked_the_same_from_the_model() {
    same_report(&example_root().join("examples/asd-ism"));
}

/// A site with a working and a broken link of every kind the resolver cannot vouch for, in
/// every kind of text an author writes.
fn every_kind_of_link() -> tempfile::TempDir {
    small_site(&[
        (
            "policies/security-policy.md",
            "---\ntitle: Security Policy\nkind: policy\nimplements: [\"1.1\"]\nnote: \"See [the glossary](/glossary.html) and [gone](/note-gone.html).\"\n---\n## 5 Roles\n\n5.1 Absolute: [ok](/glossary.html#term-lsms) and [broken](/policy-missing.html).\n\n5.2 Out of the folder: [ok](../index.html) and [broken](../../outside.html).\n\n5.3 Same page: [ok](#5.1) and [broken](#no-such-id).\n\n5.4 Raw HTML: <a href=\"../glossary.html\">ok</a>, <a href=\"../html-gone.html\">broken</a>, <a id=\"here\">here</a>; [to it](#here) and [not](#not-here).\n\n5.5 Images: ![ok](/favicon.svg) and ![broken](/img-missing.png).\n\n5.6 Into a page shown nowhere else: [ok](/standards/cat/2020/2.1.html#headline) and [broken](/standards/cat/2020/2.1.html#nope).\n\n5.7 Into the theme's own page: [ok](/help.html#top) and [broken](/help.html#bottom).\n",
        ),
        (
            "themes/default/static/help.html",
            "<html><body><h1 id=\"top\">Help</h1><a href=\"index.html\">home</a> <a href=\"help-gone.html\">gone</a></body></html>\n",
        ),
        (
            "content/guidance/intro.md",
            "---\ntitle: Introduction\n---\n1.1 See [ok](/index.html) and [broken](/guidance-gone.html), [up](../../up-gone.html), [same](#1.1) and [not](#guidance-no-id).\n\n1.2 <a href=\"/guidance-html-gone.html\">raw</a> and ![i](/guidance-img.png).\n",
        ),
        (
            "content/standards/cat/2020/1.2.yaml",
            "id: \"1.2\"\narea: governance\nheadline: The board supports it.\ncriteria:\n  not_met: []\n  partially_met: []\n  met: [\"See [ok](/glossary.html) and [broken](/criterion-gone.html).\"]\nrationale: |\n  Support matters; see [standard 1.1](std:1.1), [its rationale](std:1.1#rationale) and ![i](/rationale.png).\nlinks:\n  - title: The home page\n    url: /index.html\n  - title: A page that is not there\n    url: /link-gone.html\n",
        ),
        (
            "content/references.yaml",
            "- id: manual\n  title: The Security Manual\n  publisher: Test Publisher\n  url: /index.html\n- id: gone\n  title: Gone\n  url: /reference-gone.pdf\n  description: |\n    See [ok](/glossary.html) and [broken](/reference-text-gone.html).\n",
        ),
        (
            "content/glossary.yaml",
            "LSMS: Local Security Management Specialist\nCCTV:\n  expansion: Closed-circuit television\n  description: |\n    See [ok](/index.html) and [broken](/glossary-gone.html); <a id=\"cctv-x\">x</a> [x](#cctv-x) [y](#cctv-y).\n",
        ),
        (
            "content/principles/crime.yaml",
            "title: Principles of crime reduction\ndescription: |\n  See [ok](/index.html) and [broken](/principles-gone.html).\nprinciples:\n  - title: Target hardening\n    text: |\n      Harden; [ok](/glossary.html) or [broken](#principle-no-id).\n    examples: [\"[e](/example-gone.html)\"]\n",
        ),
    ])
}

#[test]
fn every_kind_of_link_an_author_writes_is_checked_the_same_from_the_model() {
    let site = every_kind_of_link();
    let (full, from_model, _, _) = both(site.path());
    let urls: std::collections::BTreeSet<&str> =
        full.iter().filter_map(|k| k.4.as_deref()).collect();
    // Every broken link of the site, and none of the working ones: the fixture tests what it
    // says it tests.
    assert_eq!(
        urls,
        std::collections::BTreeSet::from([
            "#cctv-y",
            "#guidance-no-id",
            "#no-such-id",
            "#not-here",
            "#principle-no-id",
            // A standard's section it does not have.
            "../../../standards/cat/2020/1.1.html#rationale",
            "../../outside.html",
            "../../up-gone.html",
            "../html-gone.html",
            "/criterion-gone.html",
            "/example-gone.html",
            "/glossary-gone.html",
            "/guidance-gone.html",
            "/guidance-html-gone.html",
            "/guidance-img.png",
            "/img-missing.png",
            "/link-gone.html",
            "/note-gone.html",
            "/policy-missing.html",
            "/principles-gone.html",
            "/rationale.png",
            "/reference-gone.pdf",
            "/reference-text-gone.html",
            "/standards/cat/2020/2.1.html#nope",
            // The theme's own static page: its link, and a fragment into it.
            "/help.html#bottom",
            "help-gone.html",
        ]),
        "{full:#?}"
    );
    assert_eq!(from_model, full);
}
