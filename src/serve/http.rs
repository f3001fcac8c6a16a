//! The preview's HTTP side: pages from memory with the reload script (and, while the content
//! has errors, the diagnostics) injected, and a server-sent event stream that says "reload".
//! Only the built site is served: no file system path is ever opened, so no request can reach
//! outside it.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, Response, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::stream::{self, Stream};

use super::Shared;
use super::deferred::OpenPage;
use crate::markdown::escape_html;

pub const EVENTS: &str = "/__policybook/events";

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .fallback(get(page))
        .with_state(shared)
}

/// The reload script says which page it is on, so that an edit renders the open pages first.
const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__policybook/events?page=\"+encodeURIComponent(location.pathname));s.addEventListener(\"reload\",function(){location.reload();});})();</script>";

/// How long a request for a stale page waits for it to be rendered again before it is served
/// as it is, and how often it looks.
const WAIT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(10);

#[derive(serde::Deserialize)]
struct Events {
    /// The address of the page listening (`location.pathname`).
    page: Option<String>,
}

async fn events(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<Events>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.reload.subscribe();
    // Counted as open while the stream is: the guard goes when the browser closes it.
    let open = q
        .page
        .as_deref()
        .and_then(site_path)
        .map(|p| OpenPage::new(shared.clone(), p));
    let stream = stream::unfold((rx, open), |(mut rx, open)| async move {
        match rx.recv().await {
            Ok(()) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => Some((
                Ok(Event::default().event("reload").data("reload")),
                (rx, open),
            )),
            Err(tokio::sync::broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The site-relative path an address names (`/` and `/index.html` alike), or `None` when it
/// tries to leave the site.
fn site_path(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') || s.contains(':') => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn percent_decode(s: &str) -> Option<String> {
    // A `%` not followed by two hexadecimal digits makes the address invalid.
    let b = s.as_bytes();
    let well_formed = b.iter().enumerate().all(|(i, &c)| {
        c != b'%'
            || b.get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    well_formed
        .then(|| percent_encoding::percent_decode_str(s).decode_utf8().ok())
        .flatten()
        .map(|d| d.into_owned())
}

/// The content type of a file of the site, from its extension; text in UTF-8, as policybook
/// writes it.
fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml");
    if text && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// The reload script, and while the latest build failed, its diagnostics over the page.
fn injection(error: Option<&str>) -> String {
    let mut s = String::from(RELOAD_SCRIPT);
    if let Some(e) = error {
        s.push_str(
            "<div id=\"policybook-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(33,43,50,.96);color:#fff;padding:2rem;font:14px/1.5 monospace\"><p style=\"font:bold 20px Arial,sans-serif;margin:0 0 1rem\">policybook: the content has errors. This is the last good build; it reloads when they are fixed.</p><pre style=\"white-space:pre-wrap;margin:0\">",
        );
        s.push_str(&escape_html(e));
        s.push_str("</pre></div>");
    }
    s
}

fn respond(status: StatusCode, ctype: &str, body: Vec<u8>) -> Response<Body> {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(ctype)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn with_injection(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let inject = injection(error);
    match html.rfind("</body>") {
        Some(i) => format!("{}{inject}{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{inject}").into_bytes(),
    }
}

/// Waits until the page `path` is no longer stale (rendered again after an edit), or for a
/// file of the search index until the index has taken the edit, at most [`WAIT`]; meanwhile
/// a page is wanted, so rendered before the other stale pages.
async fn fresh(shared: &Shared, path: &str) {
    let until = tokio::time::Instant::now() + WAIT;
    let mut asked = false;
    loop {
        {
            let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
            let search = site.search_pending
                && path.starts_with(&format!("{}/", crate::render::SearchIndex::DIR));
            if !site.stale.contains(path) && !search {
                return;
            }
        }
        if !asked {
            let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
            if site.stale.contains(path) {
                site.wanted.insert(path.to_string());
            }
            asked = true;
        }
        if tokio::time::Instant::now() >= until {
            return;
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response<Body> {
    if let Some(path) = site_path(uri.path()) {
        fresh(&shared, &path).await;
    }
    serve_file(&shared, &uri)
}

/// The response for `uri` from the site as served now.
fn serve_file(shared: &Shared, uri: &Uri) -> Response<Body> {
    let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
    let error = site.error.as_deref();
    let not_found = || {
        let body = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>This site has no page at {}.</p><p><a href=\"/\">Home</a></p></body></html>",
            escape_html(uri.path())
        );
        respond(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            with_injection(body.as_bytes(), error),
        )
    };
    let Some(path) = site_path(uri.path()) else {
        return not_found();
    };
    match site.files.get(&path) {
        Some(bytes) if path.ends_with(".html") => respond(
            StatusCode::OK,
            &content_type(&path),
            with_injection(bytes, error),
        ),
        Some(bytes) => respond(StatusCode::OK, &content_type(&path), bytes.to_vec()),
        None if site.files.contains_key(&format!("{path}/index.html")) => {
            // A folder without its slash: relative links need the slash.
            let mut r = respond(
                StatusCode::MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                Vec::new(),
            );
            let location = format!("/{path}/");
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        // No site yet (the first build failed): the diagnostics on every page.
        None if site.files.is_empty() && error.is_some() => {
            let body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>policybook</title></head><body></body></html>";
            respond(
                StatusCode::OK,
                "text/html; charset=utf-8",
                with_injection(body.as_bytes(), error),
            )
        }
        None => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        site_path(s.parse::<Uri>().unwrap().path())
    }

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(p("/"), Some("index.html".into()));
        assert_eq!(p("/policies/"), Some("policies/index.html".into()));
        assert_eq!(p("/policies/a%20b.html"), Some("policies/a b.html".into()));
        assert_eq!(p("/a/../../etc/passwd"), None);
        assert_eq!(p("/%2e%2e/etc/passwd"), None);
        assert_eq!(p("/..%2fetc"), None);
        assert_eq!(p("/a%5c..%5cb"), None);
        assert_eq!(
            p("//etc/passwd"),
            Some("etc/passwd".into()),
            "not absolute: a site path"
        );
        assert_eq!(p("/%ff"), None);
    }

    #[test]
    fn an_open_page_is_named_as_its_address_is_served() {
        // As `location.pathname` gives it: `/` and `/index.html` are the same page.
        assert_eq!(site_path("/"), site_path("/index.html"));
        assert_eq!(site_path("/policies/"), Some("policies/index.html".into()));
        assert_eq!(
            site_path("/policies/a%20b.html"),
            Some("policies/a b.html".into())
        );
    }

    #[test]
    fn the_reload_script_goes_before_the_body_ends() {
        let out = String::from_utf8(with_injection(
            b"<html><body><p>x</p></body></html>",
            Some("error: <bad>"),
        ))
        .unwrap();
        assert!(out.contains("<p>x</p><script>"));
        assert!(out.ends_with("</pre></div></body></html>"));
        assert!(out.contains("error: &lt;bad&gt;"));
    }

    #[test]
    fn files_are_served_with_their_content_types() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("js/search.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("search.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("x/form.pdf"), "application/pdf");
        assert_eq!(content_type("img/logo.svg"), "image/svg+xml");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(
            content_type("f.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(content_type("no-extension"), "application/octet-stream");
    }
}
