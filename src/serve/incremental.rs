//! Rebuilding after an edit without rebuilding everything: on a site of 10,000 pages a full
//! build takes seconds, and most of it would make the same bytes again.
//!
//! An edit to one file is redone alone when the file is a policy, a guidance page, a
//! standard's YAML or the glossary, and the edit leaves the site's shape as it was (see
//! [`Unit::reload`]: the same pages, ids and anchors). The file is read again and swapped
//! into the kept site; what it links to is resolved again and replaces its old links in the
//! kept backlinks; for a standard, the diffs of its edition with the editions before and after
//! it are made again. What comes out is a [`Plan`]: the files that are not pages, made at
//! once, and the pages that can change, for `serve` to render (the open ones first, see
//! `serve::deferred`), or for [`render_plan`] to render all at once:
//! - the pages that show the unit or list it (its page, a policy's print view and versions,
//!   the policy list, coverage and review pages, an edition's pages, the home page);
//! - the pages that link to it, since they show its title or words, and the pages that repeat
//!   theirs (a standard's edition print page, a policy's print view and versions);
//! - the pages of targets it now links to and did not, or no longer links to ("what links
//!   here" lists), and the review page when the unknown document codes it mentions change;
//! - for a standard whose edition diff changed, the changes page, the pages at old addresses
//!   and the pages of the standards whose change changed;
//! - `reviews.json`; and, after the reload, the search index, whose entries for the unit are
//!   replaced.
//!
//! Anything else is a full rebuild (`deferred::full`: the open pages first, as here; an
//! error makes it build the whole site, which reports it): another kind of file
//! (`book.toml`, a template, `edition.yaml`, references, a policy's earlier version, an
//! imported catalogue), a file added or removed, two files at once, an edit that changes the
//! shape, a content error. The test `tests/incremental.rs` compares what this makes with a
//! full build of the same sources.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::unit::{Loaded, Unit};
use crate::cmd::build::Rendered;
use crate::content::Site;
use crate::diagnostic::Diagnostics;
use crate::diff::{EditionDiff, Prepared, PreparedStandard, SiteDiffs, Vocabulary};
use crate::render::{OutputFile, Renderer, SearchChanged, SearchIndex};
use crate::routes::{Linked, Route};
use crate::timing::phase;
use crate::xref::{Backlinks, LinkChanges, Resolved};

/// What the last good build worked out, kept between rebuilds (the files themselves are kept
/// by the server).
pub struct State {
    /// The site and what resolving it worked out, its link index included: kept whole, and
    /// changed where an edit touches it (an edit that keeps the site's shape leaves the
    /// index's positions right).
    pub resolved: Resolved,
    pub search: Option<SearchIndex>,
    /// Each catalogue's editions as read for a diff, with the vocabulary that numbers their
    /// words (none for a catalogue of one edition, which is diffed with none): a standard's
    /// edit reads that standard again, not its edition and the next (reading was most of a
    /// diff's time).
    read: Vec<(Vocabulary, Vec<Prepared>)>,
}

impl State {
    /// The state of a full build, and its files.
    pub fn of(r: Rendered) -> (State, Vec<OutputFile>) {
        let mut state = State::resolved(r.resolved);
        state.search = r.search;
        state.read_editions();
        (state, r.files)
    }

    /// The state of a site resolved and not rendered yet: its search index not made, its
    /// editions not read for diffs ([`State::read_editions`]; until then a standard's edit is
    /// a full rebuild).
    pub fn resolved(resolved: Resolved) -> State {
        State {
            resolved,
            search: None,
            read: Vec::new(),
        }
    }

    /// Reads every edition of a catalogue with more than one for the diffs a standard's edit
    /// makes again.
    pub fn read_editions(&mut self) {
        use rayon::prelude::*;
        let catalogues = &self.resolved.site.catalogues;
        self.read = phase("read for diffs", || {
            catalogues
                .par_iter()
                .map(|c| {
                    let mut vocab = Vocabulary::default();
                    let editions = match c.editions.len() {
                        0 | 1 => Vec::new(),
                        _ => c
                            .editions
                            .iter()
                            .map(|e| Prepared::new(e, &mut vocab))
                            .collect(),
                    };
                    (vocab, editions)
                })
                .collect()
        });
    }
}

/// What an edit redone in the state leaves to make.
pub struct Plan {
    /// The files that are not pages, made already: `reviews.json` when it changed.
    pub files: Vec<OutputFile>,
    /// The edited unit, whose entries the search index takes after the reload (no page shows
    /// them: see [`search_files`]).
    pub unit: Unit,
    /// The pages that can change, to render again from the state.
    pub pages: BTreeSet<String>,
    /// The page that shows the edited unit itself (a policy's, a standard's, ...).
    pub own: String,
}

/// Redoes the edit of the files `changed` (absolute paths under `root`) in `state` when it
/// can, and returns what is left to make; `None` (with `state` as it was) when a full rebuild
/// is needed.
pub fn rebuild(root: &Path, state: &mut State, changed: &[PathBuf]) -> Option<Plan> {
    let [path] = changed else {
        return None;
    };
    let unit = Unit::of(&state.resolved.site, path.strip_prefix(root).ok()?)?;
    let loaded = phase("reload", || unit.reload(root, path, &state.resolved.site))?;
    // As it was: what it linked to, and who links to it.
    let (old_links, _) = unit.links(&state.resolved.index());
    let mut implements = unit.implements(&state.resolved.index());
    let faces = unit.faces(&state.resolved.site);
    let old = unit.swap(&mut state.resolved.site, loaded);
    // The targets whose face (title, words shown elsewhere) changed, and the pages that link
    // to them, as they did and as they will.
    let new_faces = unit.faces(&state.resolved.site);
    let changed: Vec<Linked> = faces
        .into_iter()
        .zip(new_faces)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0)
        .collect();
    let mut linking = linking_pages(&state.resolved.backlinks, &changed);
    if !changed.is_empty() {
        implements.extend(unit.implements(&state.resolved.index()));
    } else {
        implements.clear();
    }
    let mut undo = Undo {
        unit,
        old: Some(old),
        links: None,
        diffs: Vec::new(),
        read: None,
    };
    let plan = redo(
        state,
        &mut undo,
        old_links,
        (&changed, &implements),
        &mut linking,
    );
    if plan.is_none() {
        undo.run(state);
    }
    plan
}

/// Renders the pages `paths` from the state as it is now.
pub fn render(
    renderer: &Renderer,
    state: &State,
    paths: &BTreeSet<String>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    phase("render", || {
        renderer.pages(&state.resolved, &|p| paths.contains(p), None)
    })
}

/// [`rebuild`], and every page of its plan rendered: the output files that changed, and the
/// files of the search index that are gone. `None` when a full rebuild is needed: with
/// `state` as it was when the edit cannot be redone, with the edit in it when a page fails to
/// render (the full rebuild reports the error).
pub fn render_plan(
    root: &Path,
    state: &mut State,
    changed: &[PathBuf],
) -> Option<(Vec<OutputFile>, Vec<String>)> {
    let plan = rebuild(root, state, changed)?;
    let renderer = Renderer::new(root, &state.resolved.site).ok()?;
    let mut files = render(&renderer, state, &plan.pages).ok()?;
    files.extend(plan.files);
    let search = search_files(state, plan.unit)?;
    files.extend(search.files);
    Some((files, search.removed))
}

/// What [`rebuild`] changed in the state, to put back when a later step fails.
struct Undo {
    unit: Unit,
    old: Option<Loaded>,
    /// The unit's links as they were and as they are.
    links: Option<(Backlinks, Backlinks)>,
    /// Edition diffs replaced: their position in `SiteDiffs::pairs` and the old diff.
    diffs: Vec<(usize, EditionDiff)>,
    /// A standard read again for the diffs: catalogue, edition, standard, and as it was read.
    read: Option<(usize, usize, usize, PreparedStandard)>,
}

impl Undo {
    fn run(self, state: &mut State) {
        if let Some((old, new)) = &self.links {
            state.resolved.backlinks.replace(new, old);
        }
        for (at, d) in self.diffs {
            state.resolved.diffs.pairs[at].diff = d;
        }
        if let Some((c, e, i, was)) = self.read
            && let Some(read) = state.read.get_mut(c).and_then(|(_, c)| c.get_mut(e))
        {
            read.restore(i, was);
        }
        if let Some(old) = self.old {
            self.unit.swap(&mut state.resolved.site, old);
        }
        state.resolved.diffs.declared =
            SiteDiffs::declared_of(&state.resolved.site, &state.resolved.diffs.pairs);
    }
}

/// The steps of [`rebuild`] after the swap, each recorded in `undo`.
fn redo(
    state: &mut State,
    undo: &mut Undo,
    old_links: Backlinks,
    (changed, implements): (&[Linked], &[Linked]),
    linking: &mut BTreeSet<String>,
) -> Option<Plan> {
    let unit = undo.unit;
    let new_links = {
        let (links, diags) = phase("links", || unit.links(&state.resolved.index()));
        if diags.has_errors() {
            return None;
        }
        links
    };
    state.resolved.backlinks.replace(&old_links, &new_links);
    let changes = old_links.changes(&new_links);
    // A policy's page lists, beside each standard it implements, the other policies that
    // implement it, by title: the policies' pages among those linking to the standards the
    // policy implemented or implements (empty unless its face changed).
    let policies = format!("{}/", crate::layout::POLICIES);
    linking.extend(
        linking_pages(&state.resolved.backlinks, implements)
            .into_iter()
            .filter(|p| p.starts_with(&policies)),
    );
    undo.links = Some((old_links, new_links));
    linking.extend(linking_pages(&state.resolved.backlinks, changed));

    // The pages that list the unit only when its face changed.
    let mut pages: Vec<Route> = unit.own_pages(&state.resolved.site, !changed.is_empty());
    pages.extend(link_change_pages(&changes));
    let mut paths: BTreeSet<String> = pages.iter().map(Route::path).collect();
    paths.extend(companions(&state.resolved.site, linking));
    // A policy page says what newer editions did to its claims on older ones, and the review
    // and coverage pages list the policies awaiting review: a standard's edit remakes them.
    let mut reviews = matches!(unit, Unit::Policy(_)) && !changed.is_empty();
    if let Unit::Standard(c, e, i) = unit {
        let edition = &state.resolved.site.catalogues[c].editions[e];
        if let Some((vocab, editions)) = state.read.get_mut(c)
            && let Some(read) = editions.get_mut(e)
        {
            undo.read = Some((c, e, i, read.replace(edition, i, vocab)?));
        }
        paths.extend(phase("diff", || redo_diffs(state, undo, c, e))?);
        let claiming = claiming_older_editions(&state.resolved, c);
        if !claiming.is_empty() {
            paths.extend(companions(&state.resolved.site, &claiming));
            paths.extend([Route::Review.path(), Route::Coverage.path()]);
            reviews = true;
        }
    }
    let own = unit.page(&state.resolved.site).path();
    paths.insert(own.clone());
    let mut files = Vec::new();
    if reviews {
        files.push(OutputFile::new(
            Route::ReviewsJson.path(),
            crate::render::reviews_json(
                &state.resolved.index(),
                &state.resolved.diffs,
                state.resolved.today,
            ),
        ));
    }
    Some(Plan {
        files,
        unit,
        pages: paths,
        own,
    })
}

/// Replaces `unit`'s entries in the search index and returns the index's files that changed
/// and the ones it no longer has; `None` when the index cannot take them in place (a page
/// whose sections are not as many as before): a full rebuild is needed. Done after the
/// reload: the pages do not show the index, and on a site of thousands of pages it costs
/// more than the page a reader sees (about 100 ms of CPU for a policy at 10,000 pages,
/// re-encoding the postings of every first letter its words have).
pub fn search_files(state: &mut State, unit: Unit) -> Option<SearchChanged> {
    let Some(s) = &mut state.search else {
        return Some(SearchChanged::default());
    };
    if !replace_search(s, &state.resolved.site, unit) {
        return None;
    }
    Some(s.take_changed())
}

/// Replaces the unit's entries in the search index.
fn replace_search(s: &mut SearchIndex, site: &Site, unit: Unit) -> bool {
    match unit {
        Unit::Policy(at) => s.replace_policy(&site.policies[at]),
        Unit::Guidance(at) => s.replace_guidance(&site.guidance[at]),
        Unit::Standard(c, e, i) => {
            let e = &site.catalogues[c].editions[e];
            s.replace_standard(e, &e.standards[i])
        }
        Unit::Glossary => s.replace_glossary(site),
    }
}

/// The pages of the policies that claim a standard of an edition of catalogue `c` older than
/// its newest: what the newer editions did to those claims is on them.
fn claiming_older_editions(r: &crate::xref::Resolved, c: usize) -> BTreeSet<String> {
    let index = r.index();
    let cat = &r.site.catalogues[c];
    let newest = cat.editions.last().map(|e| e.id.as_str());
    r.site
        .policies
        .iter()
        .filter(|p| {
            p.meta.implements.iter().any(|spec| {
                crate::xref::claims::claim(&index, p, &spec.value)
                    .is_ok_and(|(e, _)| e.catalogue == cat.id && Some(e.id.as_str()) != newest)
            })
        })
        .map(|p| Route::policy(p).path())
        .collect()
}

/// The pages that link to any of `keys`.
fn linking_pages(backlinks: &Backlinks, keys: &[Linked]) -> BTreeSet<String> {
    keys.iter()
        .flat_map(|k| backlinks.get(k))
        .map(|b| b.path.clone())
        .collect()
}

/// The pages `paths`, and the pages that repeat their text: a standard's edition print page,
/// a policy's print view and the pages of its earlier versions.
fn companions(site: &Site, paths: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = paths.iter().cloned().collect();
    if paths.is_empty() {
        return out;
    }
    for e in site.catalogues.iter().flat_map(|c| &c.editions) {
        if e.standards
            .iter()
            .any(|s| paths.contains(&Route::standard(e, s.id()).path()))
        {
            out.push(Route::print(e).path());
        }
    }
    for p in &site.policies {
        if paths.contains(&Route::policy(p).path()) {
            out.push(Route::policy_print(p).path());
            out.extend(p.versions.iter().map(|v| Route::version(p, v).path()));
        }
    }
    out
}

/// Makes again the diffs of edition `e` of catalogue `c` with the editions before and after
/// it, and returns the pages that show what changed in them; `None` when the pages at old
/// addresses would not be the same (a full rebuild makes them).
fn redo_diffs(state: &mut State, undo: &mut Undo, c: usize, e: usize) -> Option<Vec<String>> {
    let cat = &state.resolved.site.catalogues[c];
    let mut pages = Vec::new();
    for at in 0..state.resolved.diffs.pairs.len() {
        let pair = &state.resolved.diffs.pairs[at];
        if pair.catalogue != cat.id {
            continue;
        }
        let Some(o) = cat.editions.iter().position(|x| x.id == pair.old) else {
            continue;
        };
        if o != e && o + 1 != e {
            continue;
        }
        let (old_e, new_e) = (&cat.editions[o], &cat.editions[o + 1]);
        let read = |k: usize| state.read.get(c)?.1.get(k);
        let diff = crate::diff::diff_prepared((old_e, read(o)?), (new_e, read(o + 1)?));
        let before = std::mem::replace(&mut state.resolved.diffs.pairs[at].diff, diff);
        let after = &state.resolved.diffs.pairs[at].diff;
        let changed = before.changes != after.changes || before.compared != after.compared;
        let new_ids: std::collections::HashSet<&str> =
            new_e.standards.iter().map(|s| s.id()).collect();
        let moved = |d: &EditionDiff| -> BTreeSet<String> {
            d.changes
                .iter()
                .flat_map(|c| &c.old)
                .filter(|id| !new_ids.contains(id.as_str()))
                .cloned()
                .collect()
        };
        let (moved_before, moved_after) = (moved(&before), moved(after));
        undo.diffs.push((at, before));
        if moved_before != moved_after {
            return None;
        }
        if !changed {
            continue;
        }
        let (before, after) = (&undo.diffs.last()?.1, &state.resolved.diffs.pairs[at].diff);
        pages.push(Route::changes(new_e).path());
        pages.extend(
            moved_after
                .iter()
                .map(|id| Route::standard(new_e, id).path()),
        );
        for (ed, old_side) in [(old_e, true), (new_e, false)] {
            for s in &ed.standards {
                if change_of(before, s.id(), old_side) != change_of(after, s.id(), old_side) {
                    pages.push(Route::standard(ed, s.id()).path());
                }
            }
            pages.extend([Route::edition(ed).path(), Route::print(ed).path()]);
        }
    }
    let declared = SiteDiffs::declared_of(&state.resolved.site, &state.resolved.diffs.pairs);
    if declared != state.resolved.diffs.declared {
        for e in &state.resolved.site.catalogues[c].editions {
            pages.push(Route::edition(e).path());
            pages.push(Route::changes(e).path());
        }
    }
    state.resolved.diffs.declared = declared;
    Some(pages)
}

/// The change of the standard `id` in `d`, as its old side (`old_side`) or its new one.
fn change_of<'d>(d: &'d EditionDiff, id: &str, old_side: bool) -> Option<&'d crate::diff::Change> {
    if old_side {
        d.for_old(id)
    } else {
        d.for_new(id)
    }
}

/// The pages of the targets whose "what links here" changed.
fn link_change_pages(changes: &LinkChanges) -> Vec<Route> {
    let mut pages = Vec::new();
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
            Linked::Term(_) => pages.push(Route::Glossary),
            Linked::File(_) => {}
            Linked::Page(r @ Route::Reference(_)) => {
                pages.push(r.clone());
                pages.push(Route::References);
            }
            Linked::Page(r) => pages.push(r.clone()),
        }
    }
    pages
}
