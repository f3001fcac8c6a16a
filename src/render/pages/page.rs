//! What every page's template gets besides its own data: the page's place in the site (its
//! address, the way back to the root), its Markdown rendered as seen from it, the navigation,
//! and the credit line; and the summaries several kinds of page show.

use std::cell::RefCell;
use std::collections::HashSet;

use minijinja::context;
use minijinja::value::Value;

use crate::content::{Date, Edition, Site};
use crate::diff::SiteDiffs;
use crate::render::markdown::{self, Opts};
use crate::routes::{Linked, Route};
use crate::xref::{Backlinks, Context, Index};

/// What every page's template gets besides its own data.
pub struct Page_<'a> {
    pub(super) site: &'a Site,
    pub(super) diffs: &'a SiteDiffs,
    pub(super) index: &'a Index<'a>,
    pub(super) backlinks: &'a Backlinks,
    pub(super) path: &'a str,
    pub(super) root: String,
    pub(super) used_terms: RefCell<HashSet<String>>,
    /// The date review dates are judged against.
    pub(super) today: Date,
}

impl<'a> Page_<'a> {
    pub(super) fn opts(&'a self, ctx: Context<'a>) -> Opts<'a> {
        Opts {
            index: self.index,
            ctx,
            page: self.path,
            root: &self.root,
            allow_html: self.site.config.build.allow_html,
            used_terms: &self.used_terms,
            no_links: false,
            anchors: true,
        }
    }

    pub(super) fn block(&self, text: &str, ctx: Context) -> Value {
        Value::from_safe_string(markdown::block(text, &self.opts(ctx)))
    }

    /// Inline Markdown for the text of a link the template makes: without links of its own.
    pub(super) fn inline_plain(&self, text: &str, ctx: Context) -> Value {
        let o = Opts {
            no_links: true,
            ..self.opts(ctx)
        };
        Value::from_safe_string(markdown::inline(text, &o))
    }

    /// A standard's headline as a block: one paragraph, or (an imported statement with its
    /// items) a paragraph and a list; without anchors (see [`Opts::anchors`]).
    pub(super) fn headline(&self, text: &str, ctx: Context) -> Value {
        let o = Opts {
            anchors: false,
            ..self.opts(ctx)
        };
        let html = markdown::block(text, &o);
        Value::from_safe_string(html.trim_end().to_string())
    }

    pub(super) fn inline(&self, text: &str, ctx: Context) -> Value {
        Value::from_safe_string(markdown::inline(text, &self.opts(ctx)))
    }

    pub(super) fn opt_block(&self, text: Option<&String>, ctx: Context) -> Value {
        text.map_or(Value::from(()), |t| self.block(t, ctx))
    }

    /// A site-relative address (with an optional `#anchor`) as seen from this page.
    pub(super) fn url(&self, path: &str) -> String {
        let (file, anchor) = path
            .split_once('#')
            .map_or((path, None), |(f, a)| (f, Some(a)));
        let mut url = if file == self.path {
            // The page itself: its own file name, which works from disk and from any sub-path.
            file.rsplit('/').next().unwrap_or(file).to_string()
        } else {
            format!("{}{file}", self.root)
        };
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        url
    }

    pub(super) fn links_here(&self, key: &Linked) -> Value {
        self.backlinks
            .get(key)
            .into_iter()
            .map(|b| context! { title => b.title, url => self.url(&b.path) })
            .collect()
    }
}

pub(super) fn edition_ctx(e: &Edition) -> Context<'_> {
    Context {
        edition: Some((&e.catalogue, &e.id)),
        dir: None,
        approved: None,
    }
}

/// Whose text a page carries, and under what licence: shown in the page footer.
pub(super) struct Credit {
    pub(super) text: String,
    pub(super) licence: Option<String>,
    pub(super) licence_url: Option<String>,
}

impl Credit {
    pub(super) fn of_source(source: Option<&String>, licence: Option<&String>) -> Option<Credit> {
        source.map(|s| Credit {
            text: s.clone(),
            licence: licence.cloned(),
            licence_url: licence.and_then(|l| ogl_url(l)),
        })
    }

    pub(super) fn of_edition(e: &Edition) -> Credit {
        let publisher = e.meta.publisher.clone().unwrap_or_default();
        Credit {
            text: format!("{}, {}", publisher, e.meta.title)
                .trim_start_matches(", ")
                .to_string(),
            licence: e.meta.licence.clone(),
            licence_url: e
                .meta
                .licence_url
                .clone()
                .or_else(|| e.meta.licence.as_deref().and_then(ogl_url)),
        }
    }
}

fn ogl_url(licence: &str) -> Option<String> {
    licence.contains("Open Government Licence").then(|| {
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/".to_string()
    })
}

pub(super) fn nav(p: &Page_) -> Vec<Value> {
    let site = p.site;
    let mut items: Vec<(&str, String)> = vec![("home", Route::Home.path())];
    for c in &site.catalogues {
        if let Some(e) = c.editions.last() {
            items.push(("standards", Route::edition(e).path()));
        }
    }
    if !site.policies.is_empty() {
        items.push(("policies", Route::Policies.path()));
        if !site.catalogues.is_empty() {
            items.push(("coverage", Route::Coverage.path()));
        }
        items.push(("reviews", Route::Review.path()));
    }
    if !site.guidance.is_empty() {
        items.push(("guidance", Route::GuidanceIndex.path()));
    }
    if !site.references.is_empty() {
        items.push(("references", Route::References.path()));
    }
    if !site.glossary.is_empty() {
        items.push(("glossary", Route::Glossary.path()));
    } // The current item: the page itself, else the index of the page's section.
    let exact = items.iter().any(|(_, path)| path == p.path);
    let section = |path: &str| path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    items
        .into_iter()
        .map(|(key, path)| {
            let current = if exact {
                path == p.path
            } else {
                path.ends_with("/index.html") && p.path.starts_with(&format!("{}/", section(&path)))
            };
            context! { key, url => p.url(&path), current }
        })
        .collect()
}

/// The organisation's identity for the header and footer (`book.toml`'s `[organisation]`),
/// with the addresses as seen from the page.
pub(super) fn organisation(p: &Page_) -> Value {
    let config = &p.site.config;
    let o = &config.organisation;
    context! {
        name => o.name(config.book.organisation.as_deref()),
        logo => o.logo_output().map(|l| p.url(&l)),
        nhs_branding => o.nhs_branding,
        header_links => o.header_links,
        footer_links => o.footer_links,
        email => o.email,
        phone => o.phone,
        address => o.address,
        accessibility_url => p.url(&Route::Accessibility.path()),
    }
}

pub(super) fn edition_summary(p: &Page_, e: &Edition) -> Value {
    context! {
        key => e.key(),
        id => e.id,
        title => e.meta.title,
        publisher => e.meta.publisher,
        published => e.meta.published.map(|d| d.to_string()),
        licence => e.meta.licence,
        url => p.url(&Route::edition(e).path()),
        count => e.standards.len(),
    }
}

pub(super) fn policy_list(p: &Page_) -> Vec<Value> {
    p.site
        .policies
        .iter()
        .map(|pol| {
            context! {
                title => pol.meta.title,
                kind => pol.meta.kind.key(),
                organisation => pol.meta.organisation,
                code => pol.meta.code,
                version => pol.meta.version,
                owner => pol.meta.owner,
                review => pol.meta.review.as_ref().map(|d| d.value.to_string()),
                status_class => pol.status().class(),
                folder => pol.folder,
                url => p.url(&Route::policy(pol).path()),
            }
        })
        .collect()
}

/// The name of a page or of a step of its breadcrumbs: a document's own words, or a key and
/// the values of which the theme's `words.html` makes words (`policies` is "Policies and
/// strategies"; `changes` with `["4.0"]` is "Changes since 4.0"). Rust names; templates word.
pub enum Label {
    Text(String),
    Key(&'static str, Vec<String>),
}

impl Label {
    pub(super) fn key(key: &'static str) -> Label {
        Label::Key(key, Vec::new())
    }

    /// `{title, key, args}` for a template: a title, or a key and its values.
    pub(super) fn value(&self) -> Value {
        match self {
            Label::Text(title) => context! { title, key => (), args => () },
            Label::Key(key, args) => context! { title => (), key, args },
        }
    }
}

impl From<String> for Label {
    fn from(s: String) -> Label {
        Label::Text(s)
    }
}

/// What a kind of page gives its template.
pub struct Parts {
    /// The template's file name.
    pub(super) template: &'static str,
    pub(super) title: Label,
    /// Between Home and the page: each (name, site-relative address).
    pub(super) crumbs: Vec<(Label, String)>,
    pub(super) credit: Option<Credit>,
    /// The page's own data.
    pub(super) data: Value,
}
