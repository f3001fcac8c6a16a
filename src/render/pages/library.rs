//! The reading pages: references, the glossary, guidance and principles; and the page for
//! an address the site does not have.

use minijinja::context;
use minijinja::value::Value;

use super::page::{Credit, Page_};
use super::page::{Label, Parts};
use crate::content::{Page, PrincipleList, Reference};
use crate::routes::{Linked, Route};
use crate::xref::Context;

pub(super) fn references(p: &Page_) -> Parts {
    let mut refs: Vec<&Reference> = p.site.references.iter().collect();
    refs.sort_by_key(|r| r.title.to_lowercase());
    let items: Vec<Value> = refs
        .iter()
        .map(|r| {
            context! {
                title => r.title,
                publisher => r.publisher,
                url => p.url(&Route::reference(r.id()).path()),
                cited => p.backlinks.get(&Linked::Page(Route::reference(r.id()))).len(),
            }
        })
        .collect();
    Parts {
        template: "references.html",
        title: Label::key("references"),
        crumbs: vec![],
        credit: None,
        data: context! { references => items },
    }
}

pub(super) fn reference(p: &Page_, r: &Reference) -> Parts {
    let data = context! {
        reference => context! {
            id => r.id(),
            title => r.title,
            publisher => r.publisher,
            cite => r.cite,
            url => r.url,
            description => p.opt_block(r.description.as_ref(), Context::default()),
        },
        links_here => p.links_here(&Linked::Page(Route::reference(r.id()))),
    };
    Parts {
        template: "reference.html",
        title: r.title.clone().into(),
        crumbs: vec![(Label::key("references"), Route::References.path())],
        credit: None,
        data,
    }
}

pub(super) fn glossary(p: &Page_) -> Parts {
    let terms: Vec<Value> = p
        .site
        .glossary
        .iter()
        .map(|t| {
            context! {
                term => t.term,
                anchor => t.anchor(),
                expansion => p.inline(&t.expansion, Context::default()),
                expansion_text => t.expansion,
                description => p.opt_block(t.description.as_ref(), Context::default()),
                links_here => p.links_here(&Linked::Term(t.term.clone())),
            }
        })
        .collect();
    Parts {
        template: "glossary.html",
        title: Label::key("glossary"),
        crumbs: vec![],
        credit: None,
        data: context! { terms },
    }
}

pub(super) fn guidance_index(p: &Page_) -> Parts {
    let pages: Vec<Value> = p.site
            .guidance
            .iter()
            .map(|g| context! { title => g.meta.title, description => g.meta.description, url => p.url(&Route::guidance(&g.slug).path()) })
            .collect();
    Parts {
        template: "guidance-index.html",
        title: Label::key("guidance"),
        crumbs: vec![],
        credit: None,
        data: context! { pages },
    }
}

pub(super) fn guidance(p: &Page_, g: &Page) -> Parts {
    let data = context! {
            toc => crate::markdown::headings(g.body()).into_iter().filter(|h| h.level == 2).map(|h| context! { id => h.id, text => h.text }).collect::<Vec<_>>(),
            source => g.meta.source,
        body => p.block(g.body(), Context { dir: Some(crate::xref::GUIDANCE_DIR), ..Context::default() }),
        links_here => p.links_here(&Linked::Page(Route::guidance(&g.slug))),
    };
    let credit = Credit::of_source(g.meta.source.as_ref(), g.meta.licence.as_ref());
    Parts {
        template: "guidance.html",
        title: g.meta.title.clone().into(),
        crumbs: vec![(Label::key("guidance"), Route::GuidanceIndex.path())],
        credit,
        data,
    }
}

pub(super) fn principles(p: &Page_, l: &PrincipleList) -> Parts {
    let data = context! {
        description => p.opt_block(l.description.as_ref(), Context::default()),
        source => l.source,
        principles => l.principles.iter().map(|x| context! {
            title => x.title,
            text => p.opt_block(x.text.as_ref(), Context::default()),
            examples => x.examples.iter().map(|e| p.inline(e, Context::default())).collect::<Vec<_>>(),
        }).collect::<Vec<_>>(),
    };
    let credit = Credit::of_source(l.source.as_ref(), l.licence.as_ref());
    Parts {
        template: "principles.html",
        title: l.title.clone().into(),
        crumbs: vec![],
        credit,
        data,
    }
}

/// The not-found page (`404.html`), which web servers show for an address the site lacks.
pub(super) fn not_found(p: &Page_) -> Parts {
    Parts {
        template: "404.html",
        title: Label::key("not-found"),
        crumbs: vec![],
        credit: None,
        data: context! {
            policies_url => (!p.site.policies.is_empty()).then(|| p.url(&Route::Policies.path())),
            search_url => p.site.config.build.search.then(|| p.url(&Route::Search.path())),
        },
    }
}

/// The accessibility statement (`accessibility.html`), from `book.toml`'s `[accessibility]`
/// and the organisation's contact details.
pub(super) fn accessibility(p: &Page_) -> Parts {
    let config = &p.site.config;
    let (o, a) = (&config.organisation, &config.accessibility);
    Parts {
        template: "accessibility.html",
        title: Label::key("accessibility"),
        crumbs: vec![],
        credit: None,
        data: context! {
            statement => context! {
                compliance => a.compliance.as_str(),
                issues => a.issues,
                email => a.email.as_ref().or(o.email.as_ref()),
                phone => a.phone.as_ref().or(o.phone.as_ref()),
                address => o.address,
                response_days => a.response_days,
                prepared => a.prepared,
                tested => a.tested,
                has_attachments => p.site.policies.iter().any(|pol| !pol.attachments.is_empty()),
            },
        },
    }
}
