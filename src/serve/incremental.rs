//! Rebuilding after an edit without rebuilding everything. The common edit in `serve` is a
//! policy owner changing the wording of their policy; on a site of 10,000 pages a full build
//! takes seconds, and most of it would make the same bytes again.
//!
//! An edit to one policy's Markdown file is redone alone when what other pages see of the
//! policy stays as it was: its front matter (title, code, owner, review date, `implements`,
//! ...) and its anchors (numbered paragraphs and headings, which other pages link to). Then
//! the only pages that can change are:
//! - the policy's page and the pages of its earlier versions (their diffs are against it);
//! - the pages of targets it now links to and did not, or no longer links to ("what links
//!   here" lists), and the review page when the unknown document codes it mentions change;
//! - the search index, whose entries for the policy are replaced.
//!
//! Anything else (another kind of file, a file added or removed, a changed front matter or
//! anchor, a content error) is a full rebuild, which also reports errors. The test
//! `tests/serve.rs` compares what this makes with a full build of the same sources.

use std::path::{Path, PathBuf};

use crate::cmd::build::Rendered;
use crate::content::{self, Date, Policy, Site};
use crate::diff::SiteDiffs;
use crate::render::{OutputFile, Renderer, SearchIndex};
use crate::routes::{Linked, Route};
use crate::timing::phase;
use crate::xref::{self, Backlinks, Index, LinkChanges, Resolved};

/// What the last good build worked out, kept between rebuilds (the files themselves are kept
/// by the server).
pub struct State {
    pub site: Site,
    pub today: Date,
    pub backlinks: Backlinks,
    pub diffs: SiteDiffs,
    pub search: Option<SearchIndex>,
}

impl State {
    /// The state of a full build, and its files.
    pub fn of(r: Rendered) -> (State, Vec<OutputFile>) {
        let state = State {
            site: r.site,
            today: r.today,
            backlinks: r.backlinks,
            diffs: r.diffs,
            search: r.search,
        };
        (state, r.files)
    }
}

/// Redoes the edit of the files `changed` (absolute paths under `root`) in `state` when it
/// can, and returns the output files that changed; `None` (with `state` as it was) when a full
/// rebuild is needed.
pub fn rebuild(root: &Path, state: &mut State, changed: &[PathBuf]) -> Option<Vec<OutputFile>> {
    let [path] = changed else {
        return None;
    };
    let rel = path.strip_prefix(root).ok()?;
    if rel.extension().is_none_or(|e| e != "md") {
        return None;
    }
    // A policy file: `policies/<folder>/<name>.md`, whose key is `<folder>/<name>`. An earlier
    // version (`policies/<key>/<label>.md`) names no policy, and takes a full rebuild.
    let mut parts: Vec<&str> = rel.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
    if parts.len() < 2 || parts.remove(0) != crate::layout::POLICIES {
        return None;
    }
    let key = parts.join("/");
    let key = key.strip_suffix(".md")?;
    let at = state.site.policies.iter().position(|p| p.key() == key)?;
    let mut new = content::load_policy(root, path).ok()?;
    if !same_face(&state.site.policies[at], &new) {
        return None;
    }
    // With the same front matter and anchors, the site's index resolves the new text as it
    // will once the policy is replaced: both sets of links come from the present index.
    let (old_links, new_links) = {
        let index = Index::new(&state.site);
        let (old_links, _) = xref::policy_links(&index, &state.site.policies[at]);
        let (new_links, diags) = xref::policy_links(&index, &new);
        if diags.has_errors() {
            return None;
        }
        (old_links, new_links)
    };
    let pages = affected_pages(
        &new,
        &state.site.policies[at],
        &old_links.changes(&new_links),
    )?;

    // From here on the state changes; each step is undone if a later one fails.
    new.versions = std::mem::take(&mut state.site.policies[at].versions);
    new.attachments = std::mem::take(&mut state.site.policies[at].attachments);
    let previous = std::mem::replace(&mut state.site.policies[at], new);
    state.backlinks.replace(&old_links, &new_links);
    let search_ok = match &mut state.search {
        Some(s) => s.replace_policy(&state.site.policies[at]),
        None => true,
    };
    let rendered = search_ok
        .then(|| {
            let renderer = phase("templates", || Renderer::new(root, &state.site)).ok()?;
            let index = Index::new(&state.site);
            phase("render", || {
                let resolved = Resolved {
                    site: &state.site,
                    index: &index,
                    backlinks: &state.backlinks,
                    diffs: &state.diffs,
                    today: state.today,
                };
                renderer.pages(
                    &resolved,
                    &|p| pages.binary_search_by(|x| x.as_str().cmp(p)).is_ok(),
                    None,
                )
            })
            .ok()
        })
        .flatten();
    let Some(mut files) = rendered else {
        state.backlinks.replace(&new_links, &old_links);
        let mut previous = previous;
        previous.versions = std::mem::take(&mut state.site.policies[at].versions);
        previous.attachments = std::mem::take(&mut state.site.policies[at].attachments);
        state.site.policies[at] = previous;
        if search_ok && let Some(s) = &mut state.search {
            s.replace_policy(&state.site.policies[at]);
        }
        return None;
    };
    if let Some(s) = &mut state.search {
        files.extend(phase("search files", || s.take_changed()));
    }
    Some(files)
}

/// Whether other pages see the two versions of a policy alike: the same front matter, where
/// it stands, and the same anchors.
fn same_face(old: &Policy, new: &Policy) -> bool {
    // The front matter's types compare by their debug form: every field, spans included.
    old.meta_start == new.meta_start
        && old.anchors == new.anchors
        && format!("{:?}", old.meta) == format!("{:?}", new.meta)
}

/// The pages an edit of a policy (`new`, formerly `old`) can change, given how its links
/// changed; `None` when a target's page is not known here.
fn affected_pages(new: &Policy, old: &Policy, changes: &LinkChanges) -> Option<Vec<String>> {
    let policy = new;
    let mut pages = vec![Route::policy(policy), Route::policy_print(policy)];
    pages.extend(old.versions.iter().map(|v| Route::version(policy, v)));
    if changes.unknown_codes {
        pages.push(Route::Review);
    }
    for key in &changes.keys {
        match key {
            // The standard's page and its edition's printable page, which repeats every
            // standard's "what links here".
            Linked::Page(
                r @ Route::Standard {
                    catalogue, edition, ..
                },
            ) => {
                pages.push(r.clone());
                pages.push(Route::EditionPrint {
                    catalogue: catalogue.clone(),
                    edition: edition.clone(),
                });
            }
            Linked::Page(r @ (Route::Policy(_) | Route::Guidance(_))) => pages.push(r.clone()),
            Linked::Term(_) => pages.push(Route::Glossary),
            Linked::File(_) => {}
            Linked::Page(r @ Route::Reference(_)) => {
                pages.push(r.clone());
                pages.push(Route::References);
            }
            // A target this module does not know the page of: a full rebuild.
            Linked::Page(_) => return None,
        }
    }
    let mut pages: Vec<String> = pages.iter().map(Route::path).collect();
    pages.sort();
    pages.dedup();
    Some(pages)
}
