//! The cross-reference resolver and renderer: any text, as Markdown on a page of a small real
//! site, has its links resolved and is rendered (links, mentions, anchors, sanitising).
#![no_main]

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use policybook::config::Config;
use policybook::content::{self, Site};
use policybook::markdown;
use policybook::render::markdown::{self as html, Opts};
use policybook::xref::{Context, Index};

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("policybook-fuzz-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        policybook::scaffold::new_site(&dir).expect("starter site");
        content::load(&dir, Config::load(&dir).expect("book.toml")).expect("starter site loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let site = site();
    let index = Index::new(site);
    let e = &site.catalogues[0].editions[0];
    // Relative links (`../it/backup.md#4.2`) resolve from a policy's folder.
    for ctx in [
        Context::default(),
        Context { edition: Some((&e.catalogue, &e.id)), dir: None },
        Context { edition: None, dir: Some("policies/it") },
    ] {
        for (dest, _) in markdown::links_and_mentions(text, &|_| false).0 {
            let _ = index.resolve(&dest, &ctx);
            let _ = index.standard(&dest, &ctx);
        }
        let used = RefCell::new(HashSet::new());
        let o = Opts { index: &index, ctx, page: "policies/security-policy.html", root: "../", allow_html: false, used_terms: &used, no_links: false };
        let _ = html::block(text, &o);
        let _ = html::inline(text, &o);
    }
});
