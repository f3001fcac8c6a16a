//! The site's addresses: one typed [`Route`] per page kind, with the one [`Route::path`] that
//! makes its address in the output folder, and the [`Linked`] targets that the "what links
//! here" lists count. No other module writes a page's address as a string.

use crate::content::{Edition, Policy, PolicyVersion};

/// A page of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    Home,
    Search,
    Edition {
        catalogue: String,
        edition: String,
    },
    Standard {
        catalogue: String,
        edition: String,
        id: String,
    },
    /// Every standard of an edition on one page.
    EditionPrint {
        catalogue: String,
        edition: String,
    },
    /// What changed from the previous edition.
    Changes {
        catalogue: String,
        edition: String,
    },
    References,
    Reference(String),
    Glossary,
    GuidanceIndex,
    Guidance(String),
    Policies,
    /// A policy, by its path under `policies/` without `.md` (`it/backup`).
    Policy(String),
    PolicyPrint(String),
    PolicyVersion {
        policy: String,
        label: String,
    },
    Review,
    /// The review dates as JSON, for reminder bots.
    ReviewsJson,
    Coverage,
    Principles(String),
    NotFound,
    /// The accessibility statement, linked from every page's footer.
    Accessibility,
}

impl Route {
    pub fn edition(e: &Edition) -> Route {
        Route::Edition {
            catalogue: e.catalogue.clone(),
            edition: e.id.clone(),
        }
    }

    /// The standard `id` of edition `e` (or the page at an old standard's address).
    pub fn standard(e: &Edition, id: &str) -> Route {
        Route::Standard {
            catalogue: e.catalogue.clone(),
            edition: e.id.clone(),
            id: id.to_string(),
        }
    }

    pub fn print(e: &Edition) -> Route {
        Route::EditionPrint {
            catalogue: e.catalogue.clone(),
            edition: e.id.clone(),
        }
    }

    pub fn changes(e: &Edition) -> Route {
        Route::Changes {
            catalogue: e.catalogue.clone(),
            edition: e.id.clone(),
        }
    }

    pub fn reference(id: &str) -> Route {
        Route::Reference(id.to_string())
    }

    pub fn guidance(slug: &str) -> Route {
        Route::Guidance(slug.to_string())
    }

    /// A policy's page, at its path under `policies/` (`it/backup`).
    pub fn policy(p: &Policy) -> Route {
        Route::Policy(p.key())
    }

    pub fn version(p: &Policy, v: &PolicyVersion) -> Route {
        Route::PolicyVersion {
            policy: p.key(),
            label: v.label.clone(),
        }
    }

    /// A policy's page laid out for printing, with the document control on its first page.
    pub fn policy_print(p: &Policy) -> Route {
        Route::PolicyPrint(p.key())
    }

    pub fn principles(slug: &str) -> Route {
        Route::Principles(slug.to_string())
    }

    /// The page's address relative to the output folder, `/`-separated.
    pub fn path(&self) -> String {
        match self {
            Route::Home => "index.html".into(),
            Route::Search => "search.html".into(),
            Route::Edition { catalogue, edition } => {
                format!("standards/{catalogue}/{edition}/index.html")
            }
            Route::Standard {
                catalogue,
                edition,
                id,
            } => format!("standards/{catalogue}/{edition}/{}.html", id_slug(id)),
            Route::EditionPrint { catalogue, edition } => {
                format!("standards/{catalogue}/{edition}/print.html")
            }
            Route::Changes { catalogue, edition } => {
                format!("standards/{catalogue}/{edition}/changes.html")
            }
            Route::References => "references/index.html".into(),
            Route::Reference(id) => format!("references/{id}.html"),
            Route::Glossary => "glossary.html".into(),
            Route::GuidanceIndex => "guidance/index.html".into(),
            Route::Guidance(slug) => format!("guidance/{slug}.html"),
            Route::Policies => "policies/index.html".into(),
            Route::Policy(id) => format!("policies/{id}.html"),
            Route::PolicyPrint(id) => format!("policies/{id}.print.html"),
            Route::PolicyVersion { policy, label } => format!("policies/{policy}/{label}.html"),
            Route::Review => "policies/review.html".into(),
            Route::ReviewsJson => "policies/reviews.json".into(),
            Route::Coverage => "policies/coverage.html".into(),
            Route::Principles(slug) => format!("principles/{slug}.html"),
            Route::NotFound => "404.html".into(),
            Route::Accessibility => "accessibility.html".into(),
        }
    }
}

/// A standard's (or an area's) id as it appears in addresses and HTML `id`s, the same
/// everywhere: a file name, a URL path segment and an HTML id at once, readable, and stable
/// across builds. Letters, digits, `.`, `-` and `_` stay as written (`1.1`, `ism-0027`); an
/// enhancement number in parentheses becomes a dotted part, as in NIST's own OSCAL ids
/// (`AC-2(1)` and `AC-2 (1)` -> `AC-2.1`); any other run of characters (spaces, slashes,
/// other punctuation) becomes one `-`. Two ids of an edition with the same slug are an error
/// (see `xref`).
pub fn id_slug(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut gap = false;
    for c in id.chars() {
        match c {
            c if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') => {
                if gap && !out.is_empty() && !out.ends_with(['-', '.']) {
                    out.push('-');
                }
                gap = false;
                out.push(c);
            }
            '(' => {
                while out.ends_with('-') {
                    out.pop();
                }
                gap = false;
                if !out.is_empty() {
                    out.push('.');
                }
            }
            _ => gap = !out.is_empty(),
        }
    }
    while out.ends_with(['-', '.']) {
        out.pop();
    }
    if out.is_empty() {
        // An id of punctuation only: still a name, and still the same one every build.
        out = id.bytes().map(|b| format!("{b:02x}")).collect();
    }
    out
}

/// What a link leads to, as the "what links here" lists count links: a page, or a glossary
/// term (on the glossary page), or an attached file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Linked {
    Page(Route),
    Term(String),
    /// A file attached to a policy, by its address (`policies/it/backup/form.docx`).
    File(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_readable_urls_and_html_ids() {
        for (id, slug) in [
            ("1.1", "1.1"),
            ("ism-0027", "ism-0027"),
            ("AC-2", "AC-2"),
            ("AC-2(1)", "AC-2.1"),
            ("AC-2 (1)", "AC-2.1"),
            ("AC-2 (12)", "AC-2.12"),
            ("V1.2.3", "V1.2.3"),
            ("A1.a", "A1.a"),
            ("Part 2 / Section 3", "Part-2-Section-3"),
            ("  padded  ", "padded"),
            ("Über 5", "Über-5"),
            ("#?", "233f"),
        ] {
            assert_eq!(id_slug(id), slug, "{id}");
            let s = id_slug(id);
            assert!(
                !s.contains(|c: char| c.is_whitespace() || "()#?%/\\\"'<>&".contains(c)),
                "{id} -> {s}"
            );
        }
    }

    #[test]
    fn paths_follow_the_output_layout() {
        let std = Route::Standard {
            catalogue: "c".into(),
            edition: "e".into(),
            id: "1.1".into(),
        };
        assert_eq!(std.path(), "standards/c/e/1.1.html");
        let nist = Route::Standard {
            catalogue: "nist".into(),
            edition: "rev5".into(),
            id: "AC-2 (1)".into(),
        };
        assert_eq!(nist.path(), "standards/nist/rev5/AC-2.1.html");
        assert_eq!(Route::Home.path(), "index.html");
        assert_eq!(
            Route::PolicyVersion {
                policy: "p".into(),
                label: "v1".into()
            }
            .path(),
            "policies/p/v1.html"
        );
        assert_eq!(
            Route::Policy("it/backup".into()).path(),
            "policies/it/backup.html"
        );
        assert_eq!(
            Route::PolicyPrint("it/backup".into()).path(),
            "policies/it/backup.print.html"
        );
    }
}
