//! `policybook serve`: a live preview for policy owners. The site is built into memory (never
//! into `book/`) and served on 127.0.0.1; a change to the content, the policies, `book.toml`
//! or the theme rebuilds it, and every open page reloads itself. A change that breaks the
//! content keeps the last good site served, with the diagnostics over every page until it is
//! fixed.

mod http;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::broadcast;

use crate::build::{self, BuildError};
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
}

/// The site as served: the files of the last good build, and the errors of the latest one.
#[derive(Default)]
pub struct Served {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    pub error: Option<String>,
}

pub struct Shared {
    pub site: RwLock<Served>,
    /// Tells the open pages to reload.
    pub reload: broadcast::Sender<()>,
}

/// Runs the preview server until Ctrl-C.
pub fn serve(opts: Options) -> Result<(), BuildError> {
    // book.toml errors stop `serve` at once, as they stop `build`.
    crate::config::Config::load(&opts.root).map_err(|d| BuildError::Config(d.into()))?;
    let shared = Arc::new(Shared {
        site: RwLock::new(Served::default()),
        reload: broadcast::channel(16).0,
    });
    rebuild(&opts.root, &shared);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fatal(format!("cannot start the server: {e}")))?;
    runtime.block_on(async {
        let addr = format!("{}:{}", opts.hostname, opts.port);
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|e| fatal(format!("cannot listen on {addr}: {e}")))?;
        let local: SocketAddr = listener.local_addr().map_err(|e| fatal(e.to_string()))?;
        let url = format!("http://{local}/");
        // Watch before announcing the address, so no change after it is missed.
        let _watcher = watch(&opts.root, shared.clone()).map_err(fatal)?;
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

fn fatal(message: impl Into<String>) -> BuildError {
    BuildError::Content(Diagnostic::error(message).into())
}

/// Builds the site into memory; on success it replaces the served site, on failure the
/// served site stays and the errors are shown over it. Either way, open pages reload.
pub fn rebuild(root: &Path, shared: &Shared) {
    let start = Instant::now();
    let result = build::render_site(root);
    {
        let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
        match result {
            Ok(rendered) => {
                site.files = rendered
                    .files
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
/// version-control files).
fn relevant(root: &Path, path: &Path) -> bool {
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
        first == CONFIG_FILE || matches!(first.as_ref(), "content" | "policies" | "themes");
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

fn watch(root: &Path, shared: Arc<Shared>) -> Result<Watcher, String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let build_root = root.clone();
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            while rx.recv_timeout(COALESCE).is_ok() {}
            rebuild(&build_root, &shared);
        }
    });
    let handler_root = root.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        // Reading the sources to rebuild makes access events: only changes count.
        if let Ok(events) = result
            && events.iter().any(|e| {
                !matches!(e.kind, EventKind::Access(_))
                    && e.paths.iter().any(|p| relevant(&handler_root, p))
            })
        {
            let _ = tx.send(());
        }
    })
    .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    // The site root itself (for book.toml), and each source folder with all below it. A theme
    // folder outside `themes/` is watched too.
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in ["content", "policies", "themes"] {
        let d = root.join(dir);
        if d.is_dir() {
            debouncer
                .watch(&d, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", d.display()))?;
        }
    }
    Ok(debouncer)
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
        assert!(relevant(root, Path::new("/site/book.toml")));
        assert!(relevant(root, Path::new("/site/policies/p.md")));
        assert!(relevant(
            root,
            Path::new("/site/content/standards/c/e/1.1.yaml")
        ));
        assert!(relevant(
            root,
            Path::new("/site/themes/default/templates/base.html")
        ));
        assert!(!relevant(root, Path::new("/site/book/index.html")));
        assert!(!relevant(root, Path::new("/site/target/debug/x")));
        assert!(!relevant(root, Path::new("/site/policies/.p.md.swp")));
        assert!(!relevant(root, Path::new("/site/policies/p.md~")));
        assert!(!relevant(root, Path::new("/site/.git/index")));
    }
}
