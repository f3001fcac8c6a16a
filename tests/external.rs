//! External links against a local HTTP server on 127.0.0.1 that answers each way a real site
//! can: each answer is classified right, and the cache saves the second run's requests.
//! Run with `cargo test --features external --test external` (`.ci/run` does).
#![cfg(feature = "external")]

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;

/// A small HTTP server that counts the requests to each path and stops when dropped.
struct TestServer {
    port: u16,
    counts: Arc<Mutex<HashMap<String, usize>>>,
    stop: Arc<AtomicBool>,
}

impl TestServer {
    fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (counts.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let c = c.clone();
                std::thread::spawn(move || answer(stream, &c));
            }
        });
        TestServer { port, counts, stop }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn count(&self, path: &str) -> usize {
        self.counts.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn answer(mut stream: TcpStream, counts: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = first.split(' ').nth(1).unwrap_or("/").to_string();
    let n = {
        let mut c = counts.lock().unwrap();
        let n = c.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let page = "<!DOCTYPE html><html><body><h1 id=\"present\">Present</h1></body></html>";
    let (status, extra, body) = match path.as_str() {
        "/ok" => ("200 OK", String::new(), page),
        "/moved" => ("301 Moved Permanently", "Location: /target\r\n".into(), ""),
        "/target" | "/anchors" => ("200 OK", String::new(), page),
        "/huge" => {
            // 6 MiB, more than the checker reads looking for an anchor.
            let body = "x".repeat(6 * 1024 * 1024);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            return;
        }
        "/gone404" => ("404 Not Found", String::new(), "no"),
        "/gone410" => ("410 Gone", String::new(), "gone"),
        "/busy" => ("429 Too Many Requests", String::new(), "slow down"),
        "/forbidden" => ("403 Forbidden", String::new(), "no robots"),
        "/broken" => ("500 Internal Server Error", String::new(), "oops"),
        // The first time, the connection drops without an answer: a retry gets the page.
        "/flaky" if n == 1 => return,
        "/flaky" => ("200 OK", String::new(), page),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(4));
            ("200 OK", String::new(), page)
        }
        _ => ("404 Not Found", String::new(), "no"),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
}

fn site_linking_to(server: &TestServer, retries: u64) -> tempfile::TempDir {
    let links = [
        "/ok",
        "/moved",
        "/gone404",
        "/gone410",
        "/busy",
        "/forbidden",
        "/broken",
        "/slow",
        "/anchors#present",
        "/anchors#absent",
        "/flaky",
    ]
    .iter()
    .map(|p| format!("- [{p}]({})\n", server.url(p)))
    .collect::<String>();
    let book = format!(
        "[book]\ntitle = \"T\"\n[check]\ntimeout = 1\nretries = {retries}\nhost-interval-ms = 0\nconcurrency = 16\nper-host = 16\n"
    );
    let policy = format!("---\ntitle: Links\nkind: policy\n---\nThe links:\n\n{links}");
    small_site(&[
        ("book.toml", &book),
        ("policies/security-policy.md", &policy),
    ])
}

fn check_json(site: &std::path::Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = policybook(&all, site);
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o)));
    (o.status.code(), v)
}

fn by_url(
    v: &serde_json::Value,
    list: &str,
) -> HashMap<String, (String, Option<u64>, String, u64)> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let url = p["url"].as_str().unwrap_or_default();
            let path = url
                .splitn(4, '/')
                .nth(3)
                .map(|p| format!("/{p}"))
                .unwrap_or_default();
            (
                path,
                (
                    p["kind"].as_str().unwrap().to_string(),
                    p["status"].as_u64(),
                    p["reason"].as_str().unwrap().to_string(),
                    p["line"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn each_answer_is_classified_and_reported_at_its_source_line() {
    let server = TestServer::start();
    let site = site_linking_to(&server, 1);
    let (code, v) = check_json(site.path(), &["--external"]);
    assert_eq!(code, Some(1), "{v:#}");
    let broken = by_url(&v, "broken");
    let warnings = by_url(&v, "warnings");
    assert_eq!(broken["/gone404"].0, "external");
    assert_eq!(broken["/gone404"].1, Some(404));
    assert_eq!(broken["/gone410"].1, Some(410));
    assert_eq!(broken["/broken"].1, Some(500));
    assert_eq!(broken["/slow"].0, "timeout");
    assert_eq!(broken["/anchors#absent"].0, "fragment");
    assert_eq!(broken["/busy"].0, "blocked");
    assert_eq!(broken["/busy"].1, Some(429));
    assert_eq!(broken["/forbidden"].0, "blocked");
    assert_eq!(warnings["/moved"].0, "redirect");
    assert!(
        warnings["/moved"].2.ends_with("/target"),
        "the final address: {}",
        warnings["/moved"].2
    );
    // A page too large to search for its anchor is not read past the limit, nor reported.
    for ok in ["/ok", "/anchors#present", "/flaky", "/huge#somewhere"] {
        assert!(
            !broken.contains_key(ok) && !warnings.contains_key(ok),
            "{ok} is fine (flaky after a retry): {:?} {:?} {}",
            broken.get(ok),
            warnings.get(ok),
            server.count("/flaky")
        );
    }
    assert_eq!(
        server.count("/flaky"),
        2,
        "retried once after the dropped connection"
    );
    // Reported where the policy writes the link: "- [/gone404](...)" is line 9 of the file.
    assert_eq!(broken["/gone404"].3, 9);
    assert_eq!(v["broken"][0]["source"], "policies/security-policy.md");
}

#[test]
fn the_cache_saves_the_second_run_its_requests() {
    let server = TestServer::start();
    let site = site_linking_to(&server, 0);
    let _ = check_json(site.path(), &["--external"]);
    let first = (
        server.count("/ok"),
        server.count("/moved"),
        server.count("/gone404"),
    );
    assert!(first.0 >= 1 && first.1 >= 1 && first.2 >= 1, "{first:?}");
    assert!(site.path().join(".policybook/linkcache.json").exists());
    let (_, v) = check_json(site.path(), &["--external"]);
    assert_eq!(
        server.count("/ok"),
        first.0,
        "a good answer is cached: no new request"
    );
    assert_eq!(server.count("/moved"), first.1, "a redirect is cached too");
    assert!(
        server.count("/gone404") > first.2,
        "a failure is checked again"
    );
    assert_eq!(
        by_url(&v, "warnings")["/moved"].0,
        "redirect",
        "cached results still reported"
    );
    // --offline touches no network and ignores the external links.
    let before: usize = server.counts.lock().unwrap().values().sum();
    let (code, v) = check_json(site.path(), &["--offline"]);
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(
        server.counts.lock().unwrap().values().sum::<usize>(),
        before
    );
}
