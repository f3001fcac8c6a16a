//! Fast render after an edit (as Hugo's fast render mode): of the pages an edit changes, the
//! ones open in a browser are rendered, published and reloaded first, and the rest after the
//! reload, in chunks, in the same thread. Until a page is rendered again it is stale: a
//! request for it waits for it (see `http`), and the chunks render the pages waited for
//! first, so no reader sees an out-of-date page. A new edit does not wait for the rest: the
//! chunks stop when one is queued, and its rebuild renders what is left from the state as it
//! is then.
//!
//! A full rebuild (a file added or removed, `book.toml`, a template: what
//! [`incremental`] cannot redo alone) goes the same way ([`full`]): the site is loaded and
//! resolved again, the open pages are rendered and reloaded, then the search index is made
//! and every other page rendered in chunks.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::incremental::{self, Plan, State};
use super::{Served, Shared};
use crate::cmd::{Error as BuildError, build};
use crate::render::{self, OutputFile, Renderer, SearchIndex};
use crate::timing::phase;

/// How many pages the rest is rendered in at a time: small enough that a page asked for, or
/// a new edit, does not wait long for the chunk being rendered.
pub const CHUNK: usize = 64;

/// Publishes the edit `plan` (made from `state`, started at `start`): the open pages (and the
/// unit's own page) at once with the other files, then the reload, then the search index's
/// files, then the rest. `false`
/// when a page fails to render: a full rebuild is needed, which reports the error.
pub fn update(root: &Path, shared: &Shared, state: &mut State, plan: Plan, start: Instant) -> bool {
    let Ok(renderer) = phase("templates", || Renderer::new(root, &state.resolved.site)) else {
        return false;
    };
    let first = {
        let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
        site.stale.extend(plan.pages);
        // The search index takes the edit after the reload: until then a request for one of
        // its files waits (see `http`).
        site.search_pending = true;
        let open = shared.open.lock().unwrap_or_else(|e| e.into_inner());
        at_once(&site, &open, &plan.own)
    };
    let Ok(pages) = incremental::render(&renderer, state, &first) else {
        return false;
    };
    let n = plan.files.len() + pages.len();
    publish(shared, plan.files.into_iter().chain(pages), &first);
    eprintln!(
        "Updated {n} files in {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let _ = shared.reload.send(());
    let Some(search) = phase("search", || incremental::search_files(state, plan.unit)) else {
        return false;
    };
    publish_search(shared, search.files, Gone::These(search.removed));
    rest(shared, &renderer, state)
}

/// Rebuilds the whole site as [`update`] publishes an edit: loaded and resolved again, the
/// pages open in a browser (or waited for) rendered and published with the files that are not
/// pages, the reload, the search index, then every other page in chunks; a page the site no
/// longer has is no longer served. The site's errors, with nothing served changed, when it
/// has any (or a page open fails to render); `false` when a page fails among the rest: the
/// caller builds the site whole, which reports it (as after [`update`]).
pub fn full(
    root: &Path,
    shared: &Shared,
    state: &mut Option<State>,
    start: Instant,
) -> Result<bool, BuildError> {
    let resolved = phase("resolve", || build::resolve_site_with(root, shared.drafts))?;
    let renderer =
        phase("templates", || Renderer::new(root, &resolved.site)).map_err(BuildError::Content)?;
    let others = renderer
        .other_files(root, &resolved)
        .map_err(BuildError::Content)?;
    let pages: BTreeSet<String> = render::page_paths(&resolved).into_iter().collect();
    let search = resolved.site.config.build.search;
    let new = State::resolved(resolved);
    let first: BTreeSet<String> = {
        let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
        let open = shared.open.lock().unwrap_or_else(|e| e.into_inner());
        let wanted = |p: &&String| open.contains_key(*p) || site.wanted.contains(*p);
        pages.iter().filter(wanted).cloned().collect()
    };
    let rendered = incremental::render(&renderer, &new, &first).map_err(BuildError::Content)?;
    let n = others.len() + rendered.len();
    {
        let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
        let kept: BTreeSet<&str> = others.iter().map(|f| f.path.as_str()).collect();
        let index = format!("{}/", SearchIndex::DIR);
        // The search index's files stay until the new index replaces them (a request for one
        // waits until then).
        site.files.retain(|p, _| {
            pages.contains(p) || kept.contains(p.as_str()) || (search && p.starts_with(&index))
        });
        site.stale = pages;
        site.search_pending = search;
        site.error = None;
    }
    publish(shared, others.into_iter().chain(rendered), &first);
    eprintln!(
        "Rebuilt {n} files in {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let _ = shared.reload.send(());
    let state = state.insert(new);
    if search {
        let index = phase("search", || SearchIndex::new(&state.resolved.site));
        publish_search(shared, index.files(), Gone::AllOthers);
        state.search = Some(index);
    }
    state.read_editions();
    Ok(rest(shared, &renderer, state))
}

/// Which files of the search index [`publish_search`] stops serving.
enum Gone {
    /// These, which the index no longer has.
    These(Vec<String>),
    /// All but the files published: they are the whole index.
    AllOthers,
}

/// Serves the search index's files `files`, stops serving those `gone`, and lets the requests
/// waiting for the index go on.
fn publish_search(shared: &Shared, files: Vec<OutputFile>, gone: Gone) {
    let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
    match gone {
        Gone::These(names) => {
            for n in names {
                site.files.remove(&n);
            }
        }
        Gone::AllOthers => {
            let made: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
            let dir = format!("{}/", SearchIndex::DIR);
            site.files
                .retain(|p, _| !p.starts_with(&dir) || made.contains(p.as_str()));
        }
    }
    for f in files {
        site.files.insert(f.path, Arc::new(f.bytes));
    }
    site.search_pending = false;
}

/// The stale pages to render before the reload: the ones open in a browser or waited for,
/// and the unit's own page `own`.
fn at_once(site: &Served, open: &HashMap<String, usize>, own: &str) -> BTreeSet<String> {
    site.stale
        .iter()
        .filter(|p| *p == own || open.contains_key(*p) || site.wanted.contains(*p))
        .cloned()
        .collect()
}

/// Renders the stale pages in chunks, the ones waited for first, until none is left or a new
/// change is queued (which leaves the rest stale for its rebuild). `false` when a page fails
/// to render.
fn rest(shared: &Shared, renderer: &Renderer, state: &State) -> bool {
    let start = Instant::now();
    let mut done = 0;
    let left = loop {
        let chunk = {
            let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
            if shared.queued.load(Ordering::SeqCst) > 0 {
                break site.stale.len();
            }
            next_chunk(&site, CHUNK)
        };
        if chunk.is_empty() {
            break 0;
        }
        let Ok(pages) = incremental::render(renderer, state, &chunk) else {
            return false;
        };
        done += pages.len();
        publish(shared, pages, &chunk);
    };
    // Said even of none, so that whoever reads the log knows when the site is whole again.
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    match left {
        0 => eprintln!("... and {done} more pages in {ms:.0} ms"),
        _ => eprintln!("... and {done} more pages in {ms:.0} ms; {left} left for the next change"),
    }
    true
}

/// The next stale pages to render, at most `n`: the ones waited for first.
fn next_chunk(site: &Served, n: usize) -> BTreeSet<String> {
    let wanted = site.wanted.iter().filter(|p| site.stale.contains(*p));
    let mut chunk = BTreeSet::new();
    for p in wanted.chain(&site.stale) {
        if chunk.len() == n {
            break;
        }
        chunk.insert(p.clone());
    }
    chunk
}

/// Serves `files`, and marks the pages `rendered` fresh.
fn publish(
    shared: &Shared,
    files: impl IntoIterator<Item = OutputFile>,
    rendered: &BTreeSet<String>,
) {
    let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
    for f in files {
        site.files.insert(f.path, Arc::new(f.bytes));
    }
    for p in rendered {
        site.stale.remove(p);
        site.wanted.remove(p);
    }
}

/// A page open in a browser, counted in [`Shared::open`] while its event stream is open.
pub struct OpenPage {
    shared: Arc<Shared>,
    path: String,
}

impl OpenPage {
    pub fn new(shared: Arc<Shared>, path: String) -> OpenPage {
        let mut open = shared.open.lock().unwrap_or_else(|e| e.into_inner());
        *open.entry(path.clone()).or_default() += 1;
        drop(open);
        OpenPage { shared, path }
    }
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        let mut open = self.shared.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.path) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served(stale: &[&str], wanted: &[&str]) -> Served {
        Served {
            stale: stale.iter().map(|s| s.to_string()).collect(),
            wanted: wanted.iter().map(|s| s.to_string()).collect(),
            ..Served::default()
        }
    }

    #[test]
    fn pages_waited_for_are_rendered_first() {
        let site = served(
            &["a.html", "b.html", "c.html", "d.html"],
            &["d.html", "x.html"],
        );
        let chunk: Vec<String> = next_chunk(&site, 2).into_iter().collect();
        assert_eq!(chunk, ["a.html", "d.html"], "d waited for, then in order");
        assert_eq!(next_chunk(&site, 10).len(), 4, "only stale pages");
        assert!(next_chunk(&served(&[], &["x.html"]), 10).is_empty());
    }

    #[test]
    fn open_waited_for_and_own_pages_are_rendered_before_the_reload() {
        let site = served(&["a.html", "b.html", "c.html", "d.html"], &["c.html"]);
        let open = HashMap::from([("b.html".to_string(), 1), ("z.html".to_string(), 2)]);
        let first: Vec<String> = at_once(&site, &open, "d.html").into_iter().collect();
        assert_eq!(first, ["b.html", "c.html", "d.html"]);
    }

    #[test]
    fn a_page_is_open_while_any_of_its_streams_is() {
        let shared = Arc::new(Shared {
            site: Default::default(),
            reload: tokio::sync::broadcast::channel(1).0,
            drafts: false,
            open: Default::default(),
            queued: Default::default(),
        });
        let count = |p: &str| shared.open.lock().unwrap().get(p).copied();
        let a = OpenPage::new(shared.clone(), "index.html".into());
        let b = OpenPage::new(shared.clone(), "index.html".into());
        assert_eq!(count("index.html"), Some(2));
        drop(a);
        assert_eq!(count("index.html"), Some(1));
        drop(b);
        assert_eq!(count("index.html"), None, "closed");
    }
}
