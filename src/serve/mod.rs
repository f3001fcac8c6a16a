//! `policybook serve`: a live preview for policy owners. The site is built into memory (never
//! into `book/`) and served on 127.0.0.1; a change to the content, the policies, `book.toml`
//! or the theme rebuilds it, and every open page reloads itself. A change that breaks the
//! content keeps the last good site served, with the diagnostics over every page until it is
//! fixed.

mod deferred;
mod http;
pub mod incremental;
mod unit;

pub use incremental::State;

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::broadcast;

use crate::cmd::Error as BuildError;
use crate::cmd::build;
use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;

/// How long the watcher waits for a burst of file events (an editor's write-then-rename) to
/// end before rebuilding once (see also [`COALESCE`]).
pub const DEBOUNCE: Duration = Duration::from_millis(50);

pub struct Options {
    pub root: PathBuf,
    pub hostname: String,
    pub port: u16,
    pub open: bool,
    /// Include draft policies, marked DRAFT (as `build --drafts` does).
    pub drafts: bool,
}

/// The site as served: the files of the last good build, and the errors of the latest one.
#[derive(Default)]
pub struct Served {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    pub error: Option<String>,
    /// The pages an edit changes that are not rendered again yet (see [`deferred`]): a
    /// request for one waits until it is.
    pub stale: BTreeSet<String>,
    /// The stale pages a request waits for, rendered before the others.
    pub wanted: BTreeSet<String>,
    /// Whether the search index has still to take an edit: a request for one of its files
    /// waits until it has.
    pub search_pending: bool,
}

pub struct Shared {
    pub site: RwLock<Served>,
    /// Tells the open pages to reload.
    pub reload: broadcast::Sender<()>,
    /// Whether builds include draft policies.
    pub drafts: bool,
    /// The pages open in a browser (by site path, as `files` names them), with how many
    /// event streams each has open.
    pub open: Mutex<HashMap<String, usize>>,
    /// How many batches of changes the watcher has sent and the rebuild thread not yet taken:
    /// rendering the rest of an edit's pages stops for them.
    pub queued: AtomicUsize,
}

/// Runs the preview server until Ctrl-C.
pub fn serve(opts: Options) -> Result<(), BuildError> {
    // book.toml errors stop `serve` at once, as they stop `build`.
    crate::config::Config::load(&opts.root).map_err(|d| BuildError::Config(d.into()))?;
    // One root for every build, the first and the ones after edits, so that sources read
    // again after an edit are named as in the first build.
    let opts = Options {
        root: opts.root.canonicalize().unwrap_or(opts.root),
        ..opts
    };
    let shared = Arc::new(Shared {
        site: RwLock::new(Served::default()),
        reload: broadcast::channel(16).0,
        drafts: opts.drafts,
        open: Mutex::default(),
        queued: AtomicUsize::new(0),
    });
    let state = Arc::new(Mutex::new(None));
    rebuild(
        &opts.root,
        &shared,
        &[],
        &mut state.lock().unwrap_or_else(|e| e.into_inner()),
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fatal(format!("cannot start the server: {e}")))?;
    runtime.block_on(async {
        let addr = format!("{}:{}", opts.hostname, opts.port);
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|e| fatal(listen_error(&addr, opts.port, &e)))?;
        let local: SocketAddr = listener.local_addr().map_err(|e| fatal(e.to_string()))?;
        let url = format!("http://{local}/");
        // Watch before announcing the address, so no change after it is missed.
        let _watcher = watch(&opts.root, shared.clone(), state.clone()).map_err(fatal)?;
        println!("Serving {} at {url} (Ctrl-C to stop)", opts.root.display());
        use std::io::Write;
        let _ = std::io::stdout().flush();
        if opts.open {
            open_browser(&url);
        }
        axum::serve(listener, http::router(shared))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| fatal(format!("server error: {e}")))
    })
}

/// Why the server cannot listen, in words that say what to do: a port in use is the usual
/// case (another `serve` still running).
fn listen_error(addr: &str, port: u16, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "port {port} is already in use (is another `policybook serve` running?): choose another port with `-p {}`, or `-p 0` for any free port",
            port.wrapping_add(1).max(1)
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "not allowed to listen on port {port}: ports below 1024 need administrator rights; choose another with `-p 3000`, or `-p 0` for any free port"
        ),
        _ => format!("cannot listen on {addr}: {e}"),
    }
}

fn fatal(message: impl Into<String>) -> BuildError {
    BuildError::Content(Diagnostic::error(message).into())
}

/// Builds the site into memory; on success it replaces the served site, on failure the
/// served site stays and the errors are shown over it. Either way, open pages reload.
///
/// `changed` lists the files changed since the last build, and `state` holds what that build
/// worked out (`None` for the first build, or after a failed one): when the change is one
/// that [`incremental`] can redo alone, only the pages it affects are made again, the open
/// ones before the reload and the rest after it ([`deferred`]).
pub fn rebuild(root: &Path, shared: &Shared, changed: &[PathBuf], state: &mut Option<State>) {
    let start = Instant::now();
    if let Some(st) = state.as_mut()
        && let Some(plan) = crate::timing::phase("plan", || incremental::rebuild(root, st, changed))
        && deferred::update(root, shared, st, plan, start)
    {
        return;
    }
    // After the first build, the open pages first here too.
    if !changed.is_empty() {
        match deferred::full(root, shared, state, start) {
            Ok(true) => return,
            Ok(false) => {}
            Err(e) => return show(shared, state, Err(e), start),
        }
    }
    // A page that failed to render falls back to here, the edit already in the state: the
    // full build starts from the sources and reports the error.
    show(
        shared,
        state,
        build::render_site_with(root, shared.drafts),
        start,
    );
}

/// Serves a build of the whole site made at once, or shows its errors over the last good
/// site; either way, open pages reload.
fn show(
    shared: &Shared,
    state: &mut Option<State>,
    result: Result<build::Rendered, BuildError>,
    start: Instant,
) {
    {
        let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
        // Nothing is left stale: a full build makes every page, and after a failed one the
        // last good pages stay served (with the errors over them), stale ones included.
        site.stale.clear();
        site.wanted.clear();
        site.search_pending = false;
        match result {
            Ok(rendered) => {
                let (st, files) = State::of(rendered);
                *state = Some(st);
                site.files = files
                    .into_iter()
                    .map(|f| (f.path, Arc::new(f.bytes)))
                    .collect();
                site.error = None;
                eprintln!(
                    "Rebuilt {} files in {:.0} ms",
                    site.files.len(),
                    start.elapsed().as_secs_f64() * 1000.0
                );
            }
            Err(e) => {
                // The next change starts from the sources again.
                *state = None;
                let text: Vec<String> = e
                    .diagnostics()
                    .items
                    .iter()
                    .map(|d| d.render(false))
                    .collect();
                let text = text.join("\n");
                eprintln!(
                    "{text}\nerror: the preview keeps the last good build until this is fixed"
                );
                site.error = Some(text);
            }
        }
    }
    let _ = shared.reload.send(());
}

/// Whether a changed path is part of the site's sources (not the output, not editor or
/// version-control files); `extra` are the sources outside the usual folders.
fn relevant(root: &Path, extra: &[PathBuf], path: &Path) -> bool {
    let in_theme = extra.iter().any(|t| path.starts_with(t));
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts = rel.components().filter_map(|c| match c {
        Component::Normal(s) => Some(s.to_string_lossy()),
        _ => None,
    });
    let Some(first) = parts.next() else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let editor_file =
        name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913";
    let top_ok =
        in_theme || first == CONFIG_FILE || crate::layout::SOURCE_FOLDERS.contains(&first.as_ref());
    top_ok
        && !editor_file
        && rel
            .components()
            .all(|c| !c.as_os_str().to_string_lossy().starts_with('.'))
}

type Watcher = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// The debouncer settles each path on its own, so one save that touches two paths (a rename
/// from a temporary file) can come as two batches a tick apart: batches this close together
/// make one rebuild.
const COALESCE: Duration = Duration::from_millis(25);

fn watch(
    root: &Path,
    shared: Arc<Shared>,
    state: Arc<Mutex<Option<State>>>,
) -> Result<Watcher, String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let extra = outside_sources(&root, &state.lock().unwrap_or_else(|e| e.into_inner()));
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let build_root = root.clone();
    let queued = shared.clone();
    std::thread::spawn(move || {
        while let Ok(mut changed) = rx.recv() {
            shared.queued.fetch_sub(1, Ordering::SeqCst);
            while let Ok(more) = rx.recv_timeout(COALESCE) {
                shared.queued.fetch_sub(1, Ordering::SeqCst);
                changed.extend(more);
            }
            changed.sort();
            changed.dedup();
            let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
            rebuild(&build_root, &shared, &changed, &mut state);
        }
    });
    let handler_root = root.clone();
    let handler_extra = extra.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        // Reading the sources to rebuild makes access events: only changes count.
        let Ok(events) = result else {
            return;
        };
        let changed: Vec<PathBuf> = events
            .iter()
            .filter(|e| !matches!(e.kind, EventKind::Access(_)))
            .flat_map(|e| e.paths.iter())
            .filter(|p| relevant(&handler_root, &handler_extra, p))
            .cloned()
            .collect();
        if !changed.is_empty() {
            // Counted before it is sent, so that the rebuild thread never takes it uncounted.
            queued.queued.fetch_add(1, Ordering::SeqCst);
            let _ = tx.send(changed);
        }
    })
    .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    // The site root itself (for book.toml), and each source folder with all below it. A theme
    // folder outside `themes/` is watched too.
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let folders = crate::layout::SOURCE_FOLDERS.map(|d| root.join(d));
    let extra_dirs = extra.iter().filter(|p| p.is_dir());
    for d in folders.iter().chain(extra_dirs) {
        if d.is_dir() {
            debouncer
                .watch(d, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", d.display()))?;
        }
    }
    // A file is watched through its folder, which sees it replaced by a rename as editors save.
    let mut parents: Vec<&Path> = extra
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| p.parent())
        .collect();
    parents.sort();
    parents.dedup();
    for d in parents {
        debouncer
            .watch(d, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", d.display()))?;
    }
    Ok(debouncer)
}

/// Sources outside `content/`, `policies/` and `themes/`, absolute: a theme named by its path
/// from the site root (see `Theme::folder`), and data files such as OpenControl catalogues
/// (as the first build found them; a site whose first build failed watches none).
fn outside_sources(root: &Path, state: &Option<State>) -> Vec<PathBuf> {
    let theme = crate::render::Theme::outside_themes(root);
    let data = state
        .iter()
        .flat_map(|s| crate::manifest::data_files(&s.resolved.site))
        .map(|(path, _)| root.join(path));
    theme
        .into_iter()
        .chain(data)
        .filter_map(|p| p.canonicalize().ok())
        .collect()
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/c", "start", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(cmd.0)
        .args(&cmd.1)
        .spawn()
        .is_err()
    {
        eprintln!("could not open a browser; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_files_trigger_a_rebuild() {
        let root = Path::new("/site");
        assert!(relevant(root, &[], Path::new("/site/book.toml")));
        assert!(relevant(root, &[], Path::new("/site/policies/p.md")));
        assert!(relevant(
            root,
            &[],
            Path::new("/site/content/standards/c/e/1.1.yaml")
        ));
        assert!(relevant(
            root,
            &[],
            Path::new("/site/themes/default/templates/base.html")
        ));
        assert!(!relevant(root, &[], Path::new("/site/book/index.html")));
        assert!(!relevant(root, &[], Path::new("/site/target/debug/x")));
        assert!(!relevant(root, &[], Path::new("/site/policies/.p.md.swp")));
        assert!(!relevant(root, &[], Path::new("/site/policies/p.md~")));
        assert!(!relevant(root, &[], Path::new("/site/.git/index")));
        let theme = [PathBuf::from("/site/look"), PathBuf::from("/data/x.yaml")];
        assert!(relevant(
            root,
            &theme,
            Path::new("/site/look/templates/base.html")
        ));
        assert!(relevant(root, &theme, Path::new("/data/x.yaml")));
        assert!(!relevant(root, &theme, Path::new("/data/y.yaml")));
        assert!(!relevant(
            root,
            &[],
            Path::new("/site/look/templates/base.html")
        ));
        assert!(!relevant(
            root,
            &theme,
            Path::new("/site/look/templates/.base.html.swp")
        ));
    }
}
