//! What search finds: the site cut into pages and their sections. A page is one result (a
//! standard, a policy, a guidance page, a reference, a glossary term, a list of principles);
//! its sections are what a result lists under it: for policies and guidance, each heading and
//! numbered paragraph, labelled with its heading and number. Slot 0 of every page is the page
//! itself (its title, and the text before its first heading), so that a page's sections keep
//! their numbers whatever text comes before them.

use rayon::prelude::*;

use super::text::terms;
use crate::content::{self, Edition, Policy, Site, Standard};
use crate::markdown;
use crate::routes::Route;

/// A page of the site as search sees it.
#[derive(Clone)]
pub struct Page {
    /// Address from the site root.
    pub url: String,
    pub title: String,
    /// What kind of page, and where it stands ("Security Policy", "Glossary", "Standards for
    /// providers 2017-18 · Strategic Governance").
    pub context: String,
    /// Slot 0 is the page itself; its sections follow in order.
    pub slots: Vec<Slot>,
}

/// A section of a page: the unit that a query's words are counted in.
#[derive(Clone)]
pub struct Slot {
    pub anchor: Option<String>,
    /// Its heading and number ("14 Security of Keys, paragraph 14.3"); empty for slot 0.
    pub label: String,
    /// Plain text, cut at [`MAX_TEXT`] bytes: for snippets and phrase checks.
    pub text: String,
    /// Each word's stem and its weight in this section (1 to 8), sorted by stem.
    pub terms: Vec<(String, u8)>,
}

/// Longest text kept for a section's snippet (the whole text is indexed).
pub const MAX_TEXT: usize = 1200;

fn cut(s: &str) -> String {
    let mut end = s.len().min(MAX_TEXT);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

/// BM25's saturation of a word's count in a section, with title words counting 5 and heading
/// words 3 times, against a fixed section length (so that one page's weights do not depend on
/// the rest of the site, and an edit changes only that page's entries), times the page kind's
/// `prior`, scaled to 1..=8.
fn weights(title: &str, heading: &str, body: &str, prior: f64) -> Vec<(String, u8)> {
    const K1: f64 = 1.2;
    const B: f64 = 0.75;
    const TYPICAL_LEN: f64 = 30.0;
    let mut counts: std::collections::BTreeMap<String, f64> = Default::default();
    let mut len = 0usize;
    for (text, weight) in [(title, 5.0), (heading, 3.0), (body, 1.0)] {
        for t in terms(text) {
            if weight < 5.0 {
                len += 1;
            }
            *counts.entry(t).or_default() += weight;
        }
    }
    let norm = K1 * (1.0 - B + B * len.max(1) as f64 / TYPICAL_LEN);
    counts
        .into_iter()
        .map(|(t, tf)| {
            let impact = prior * tf * (K1 + 1.0) / (tf + norm) / (K1 + 1.0);
            (t, (impact * 8.0).ceil().clamp(1.0, 8.0) as u8)
        })
        .collect()
}

/// How much a match counts on a page of a kind: standards, policies and guidance fully;
/// references and glossary terms, which point to the text rather than hold it, less, so that
/// a page that says what to do comes before the entry that names the subject.
const POINTER_PRIOR: f64 = 0.6;

fn slot(anchor: Option<String>, label: String, title: &str, heading: &str, body: &str) -> Slot {
    weighted_slot(anchor, label, (title, heading, body), 1.0)
}

fn weighted_slot(
    anchor: Option<String>,
    label: String,
    (title, heading, body): (&str, &str, &str),
    prior: f64,
) -> Slot {
    Slot {
        terms: weights(title, heading, body, prior),
        anchor,
        label,
        text: cut(body),
    }
}

/// A page of one slot.
fn single(url: String, title: String, context: &str, heading: &str, body: &str) -> Page {
    let prior = match context {
        "Reference" | "Glossary" => POINTER_PRIOR,
        _ => 1.0,
    };
    Page {
        slots: vec![weighted_slot(
            None,
            String::new(),
            (&title, heading, body),
            prior,
        )],
        url,
        title,
        context: context.to_string(),
    }
}

/// A policy's or guidance page's entry: the page, then each section.
pub fn markdown_page(title: &str, context: &str, url: String, body: &str) -> Page {
    let mut slots = Vec::new();
    let mut heading = String::new();
    for sec in markdown::sections(body) {
        let Some(anchor) = sec.anchor else {
            slots.push(slot(None, String::new(), title, "", &sec.text));
            continue;
        };
        if slots.is_empty() {
            slots.push(slot(None, String::new(), title, "", ""));
        }
        let label = if sec.label.starts_with('§') {
            let number = markdown::leading_number(&sec.text, true).unwrap_or(&anchor);
            match heading.as_str() {
                "" => format!("Paragraph {number}"),
                h => format!("{h}, paragraph {number}"),
            }
        } else {
            heading = sec.label.clone();
            sec.label
        };
        let heading_words = if label == heading { label.as_str() } else { "" };
        slots.push(slot(
            Some(anchor),
            label.clone(),
            "",
            heading_words,
            &sec.text,
        ));
    }
    if slots.is_empty() {
        slots.push(slot(None, String::new(), title, "", ""));
    }
    Page {
        url,
        title: title.to_string(),
        context: context.to_string(),
        slots,
    }
}

/// A policy's entry.
pub fn policy_page(p: &Policy) -> Page {
    markdown_page(&p.meta.title, "Policy", Route::policy(p).path(), p.body())
}

/// A standard's entry.
pub fn standard_page(e: &Edition, s: &Standard) -> Page {
    let mut text = Vec::new();
    if let Some(note) = s.withdrawn.as_ref().and_then(|w| w.note.as_deref()) {
        text.push(markdown::plain(note));
    }
    for list in [
        &s.criteria.not_met,
        &s.criteria.partially_met,
        &s.criteria.met,
    ] {
        text.extend(list.iter().map(|t| markdown::plain(t)));
    }
    text.extend(s.rationale.iter().map(|r| markdown::plain(r)));
    text.extend(
        s.guidance
            .iter()
            .filter_map(|g| g.text.as_deref())
            .map(markdown::plain),
    );
    let title = if s.withdrawn.is_some() {
        format!("{} (withdrawn)", s.name())
    } else {
        s.name()
    };
    let context = format!(
        "{} · {}",
        e.meta.title,
        e.area(&s.area.value).map_or("", |a| a.title.as_str())
    );
    let headline = markdown::plain(&s.headline);
    let mut page = single(
        Route::standard(e, s.id()).path(),
        title,
        &context,
        &headline,
        &text.join(" "),
    );
    // The headline leads the snippet.
    page.slots[0].text = cut(&format!("{headline} {}", page.slots[0].text));
    page
}

/// A guidance page's entry.
pub fn guidance_page(g: &content::Page) -> Page {
    markdown_page(
        &g.meta.title,
        "Guidance",
        Route::guidance(&g.slug).path(),
        g.body(),
    )
}

/// The glossary's entries, one a term, in the glossary's order.
pub fn glossary_pages(site: &Site) -> Vec<Page> {
    site.glossary
        .iter()
        .map(|t| {
            let description = t.description.as_deref().map(markdown::plain);
            let expansion = markdown::plain(&t.expansion);
            let mut page = single(
                format!("{}#{}", Route::Glossary.path(), t.anchor()),
                t.term.clone(),
                "Glossary",
                &expansion,
                &description.unwrap_or_default(),
            );
            page.slots[0].text = cut(&format!("{expansion}. {}", page.slots[0].text));
            page
        })
        .collect()
}

/// Every page of the site that search finds, in the site's order.
pub fn pages(site: &Site) -> Vec<Page> {
    let standards: Vec<_> = site
        .catalogues
        .iter()
        .flat_map(|c| &c.editions)
        .flat_map(|e| e.standards.iter().map(move |s| (e, s)))
        .collect();
    let mut pages: Vec<Page> = standards
        .into_par_iter()
        .map(|(e, s)| standard_page(e, s))
        .collect();
    pages.par_extend(site.policies.par_iter().map(policy_page));
    pages.par_extend(site.guidance.par_iter().map(guidance_page));
    for r in &site.references {
        let description = r.description.as_deref().map(markdown::plain);
        let body = format!(
            "{} {} {}",
            r.publisher.as_deref().unwrap_or_default(),
            r.cite_text(),
            description.unwrap_or_default()
        );
        pages.push(single(
            Route::reference(r.id()).path(),
            r.title.clone(),
            "Reference",
            "",
            &body,
        ));
    }
    pages.extend(glossary_pages(site));
    for l in &site.principles {
        let body = l
            .principles
            .iter()
            .map(|p| {
                let text = p.text.as_deref().map(markdown::plain).unwrap_or_default();
                format!("{} {text}", p.title)
            })
            .collect::<Vec<_>>()
            .join(" ");
        pages.push(single(
            Route::principles(&l.slug).path(),
            l.title.clone(),
            "Principles",
            "",
            &body,
        ));
    }
    pages
}

/// The glossary, as (term, expansion) pairs of stems: a query for one also searches the other.
pub fn glossary(site: &Site) -> Vec<(Vec<String>, Vec<String>)> {
    site.glossary
        .iter()
        .map(|t| (terms(&t.term), terms(&markdown::plain(&t.expansion))))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty() && a != b)
        .collect()
}
