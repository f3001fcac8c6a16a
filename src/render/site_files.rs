//! The files of a site besides its pages: the policies' attachments (copied as they are),
//! `policies/reviews.json` for reminder bots, `robots.txt`, and `sitemap.xml` (when the site
//! has a public address). Made from the loaded site, like the pages.

use serde_json::json;

use super::OutputFile;
use super::pages::plan;
use crate::content::{Date, Site};
use crate::diff::SiteDiffs;
use crate::routes::Route;
use crate::xref::{Index, claims};

/// Every file of this module's kinds for `site`, judged on `today`.
pub fn site_files(site: &Site, index: &Index, diffs: &SiteDiffs, today: Date) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for p in &site.policies {
        for a in &p.attachments {
            out.push(OutputFile::new(
                format!("policies/{}/{}", p.key(), a.name),
                a.bytes.as_slice(),
            ));
        }
    }
    if !site.policies.is_empty() {
        out.push(OutputFile::new(
            Route::ReviewsJson.path(),
            reviews_json(index, diffs, today),
        ));
    }
    out.push(OutputFile::new("robots.txt", robots(site)));
    if let Some(sitemap) = sitemap(site, diffs) {
        out.push(OutputFile::new("sitemap.xml", sitemap));
    }
    out
}

/// Every policy in force with its owner, approving body and review date, most urgent first:
/// what a reminder bot needs to email owners (addresses relative to the site root), and the
/// newer editions each awaits a review against.
pub fn reviews_json(index: &Index, diffs: &SiteDiffs, today: Date) -> String {
    let site = index.site();
    let mut list: Vec<_> = site.policies.iter().filter(|p| p.in_force()).collect();
    list.sort_by_key(|p| (p.urgency(today), p.days_to_review(today), p.key()));
    let policies: Vec<serde_json::Value> = list
        .iter()
        .map(|p| {
            let m = &p.meta;
            json!({
                "policy": p.key(),
                "title": m.title,
                "code": m.code,
                "status": p.status().class(),
                "version": m.version,
                "owner": m.owner,
                "contact": m.contact,
                "approving_body": m.approving_body,
                "approved": m.approved.map(|d| d.to_string()),
                "last_reviewed": m.last_reviewed.as_ref().map(|d| d.value.to_string()),
                "review": m.review.as_ref().map(|d| d.value.to_string()),
                "days_to_review": p.days_to_review(today),
                "urgency": p.urgency(today).id(),
                "awaiting_review_against": claims::newest_impacts(index, diffs, p)
                    .iter()
                    .filter(|i| i.awaiting_review())
                    .map(|i| i.new.key())
                    .collect::<Vec<_>>(),
                "url": Route::policy(p).path(),
            })
        })
        .collect();
    let doc = json!({
        "as_of": today.to_string(),
        "due_soon_days": crate::content::REVIEW_DUE_SOON_DAYS,
        "policies": policies,
    });
    // `<`, `>` and `&` only stand inside strings in JSON: written as escapes, so that the
    // file is harmless even where something shows it as HTML.
    let mut s = serde_json::to_string_pretty(&doc)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    s.push('\n');
    s
}

/// No indexing unless `[book] public = true`: a trust's intranet policies stay off search
/// engines until someone decides otherwise.
fn robots(site: &Site) -> String {
    if !site.config.book.public {
        return "# This site is not public ([book] public = false in book.toml).\nUser-agent: *\nDisallow: /\n".into();
    }
    let mut s = "User-agent: *\nAllow: /\n".to_string();
    if let Some(base) = base_url(site) {
        s.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    s
}

fn base_url(site: &Site) -> Option<String> {
    let url = site.config.book.url.as_deref()?.trim();
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// Every page, by its absolute address; only with `[book] url`, because a sitemap's addresses
/// must be absolute (sitemaps.org).
fn sitemap(site: &Site, diffs: &SiteDiffs) -> Option<String> {
    let base = base_url(site)?;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in plan(site, diffs) {
        if p.path == Route::NotFound.path() {
            continue;
        }
        let loc = crate::markdown::escape_html(&format!("{base}{}", p.path));
        s.push_str(&format!("  <url><loc>{loc}</loc></url>\n"));
    }
    s.push_str("</urlset>\n");
    Some(s)
}
