//! Helpers shared by the integration tests: run the binary, make small sites, read output.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository, which is also the bundled example site.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn policybook(args: &[&str], dir: &Path) -> Output {
    policybook_env(args, dir, &[])
}

/// `policybook` with more environment variables.
pub fn policybook_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policybook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .envs(env.iter().copied())
        .output()
        .expect("run policybook")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `files` (path, text) under a new temporary folder.
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

pub const BOOK_TOML: &str = "[book]\ntitle = \"Test site\"\norganisation = \"Test Trust\"\n";
pub const EDITION: &str = "title: Test standards 2020\npublisher: Test Publisher\npublished: 2020-04-01\nareas:\n  - id: governance\n    title: Governance\n  - id: prevention\n    title: Prevention\n";

/// A small valid site: one catalogue edition with three standards, a reference, a glossary
/// and a policy. Tests replace or add files to break it in one place.
pub fn small_site(overrides: &[(&str, &str)]) -> tempfile::TempDir {
    let mut files: BTreeMap<&str, &str> = BTreeMap::from([
        ("book.toml", BOOK_TOML),
        ("content/standards/cat/2020/edition.yaml", EDITION),
        (
            "content/standards/cat/2020/1.1.yaml",
            "id: \"1.1\"\narea: governance\nheadline: A board member leads security work.\ncriteria:\n  not_met: [\"No lead.\"]\n  partially_met: []\n  met: [\"A lead, see [the LSMS](term:LSMS).\"]\nguidance:\n  - ref: manual\n  - Staff surveys\n",
        ),
        (
            "content/standards/cat/2020/1.2.yaml",
            "id: \"1.2\"\narea: governance\nheadline: The board supports it.\nrationale: |\n  Support matters; see [standard 1.1](std:1.1).\n",
        ),
        (
            "content/standards/cat/2020/2.1.yaml",
            "id: \"2.1\"\narea: prevention\nheadline: Prevent crime.\n",
        ),
        (
            "content/references.yaml",
            "- id: manual\n  title: The Security Manual\n  publisher: Test Publisher\n",
        ),
        (
            "content/glossary.yaml",
            "LSMS: Local Security Management Specialist\n",
        ),
        (
            "policies/security-policy.md",
            "---\ntitle: Security Policy\nkind: policy\nimplements: [\"1.1\"]\n---\n## 5 Roles\n\n5.1 The [LSMS](term:LSMS) meets [standard 2.1](std:2.1).\n",
        ),
    ]);
    for (p, t) in overrides {
        files.insert(p, t);
    }
    let list: Vec<(&str, &str)> = files.into_iter().filter(|(_, t)| !t.is_empty()).collect();
    site(&list)
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The values of an attribute in an HTML text (`href`, `src`, `id`), unescaped.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let start = i + pat.len();
            let end = html[start..].find('"').unwrap() + start;
            html[start..end]
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
        })
        .collect()
}

/// Checks every internal `href` and `src` of the built site against its files and ids, and
/// returns each one that leads nowhere as "page: url".
pub fn broken_internal_links(site: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let ids: BTreeMap<&str, BTreeSet<String>> = site
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| {
            (
                p.as_str(),
                attr_values(&String::from_utf8_lossy(b), "id")
                    .into_iter()
                    .collect(),
            )
        })
        .collect();
    let mut broken = Vec::new();
    for (page, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            let (path, frag) = match url.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (url.clone(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                join(page, &path)
            };
            let ok = site.contains_key(&target)
                && frag
                    .as_ref()
                    .is_none_or(|f| ids.get(target.as_str()).is_some_and(|s| s.contains(f)));
            if !ok {
                broken.push(format!("{page}: {url}"));
            }
        }
    }
    broken
}

fn join(page: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A `policybook serve` child process on a free port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    pub port: u16,
    /// What the server prints on its standard error, line by line ("Updated 3 files in ...").
    pub log: std::sync::mpsc::Receiver<String>,
}

impl Server {
    pub fn start(site: &Path) -> Server {
        Server::start_with(site, &[])
    }

    /// Started with more arguments (`--drafts`).
    pub fn start_with(site: &Path, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_policybook"))
            .args(["serve", site.to_str().unwrap(), "--port", "0"])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start policybook serve");
        let (tx, log) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Server { child, port, log }
    }

    /// `GET path` (sent as written): the status and the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).unwrap();
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Listens for reload events; each one arrives on the returned channel.
    pub fn reloads(&self) -> std::sync::mpsc::Receiver<()> {
        self.listen("/__policybook/events")
    }

    /// Listens for reload events as the page at `page` (`/policies/x.html`) open in a
    /// browser does.
    pub fn reloads_on(&self, page: &str) -> std::sync::mpsc::Receiver<()> {
        self.listen(&format!("/__policybook/events?page={page}"))
    }

    fn listen(&self, address: &str) -> std::sync::mpsc::Receiver<()> {
        use std::io::{BufRead, Write};
        let (tx, rx) = std::sync::mpsc::channel();
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(s, "GET {address} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if line.trim() == "event: reload" && tx.send(()).is_err() {
                    break;
                }
            }
        });
        // Let the subscription reach the server before anything changes.
        std::thread::sleep(std::time::Duration::from_millis(200));
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The site at `dir` loaded as `build` loads it; a content error fails the test with the
/// diagnostics.
pub fn load_site(dir: &Path) -> policybook::content::Site {
    let config = policybook::config::Config::load(dir).unwrap();
    policybook::content::load(dir, config).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.items
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// `policybook build` in `dir`, expected to fail on the content (exit 1): its error output.
pub fn build_fails(dir: &Path) -> String {
    let o = policybook(&["build"], dir);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    stderr(&o)
}

/// `policybook build` of `site` with `extra` arguments: the exit code and the error output.
pub fn build_site(site: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let o = policybook(&args, site);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

/// A file of the site built into `site/book`.
pub fn built_page(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join("book").join(path))
        .unwrap_or_else(|e| panic!("book/{path}: {e}"))
}

/// Builds `site`, expecting a content error (exit 1) whose output holds each of `parts`.
pub fn build_fails_with(site: &Path, parts: &[&str]) -> String {
    let (code, err) = build_site(site, &[]);
    assert_eq!(code, 1, "{err}");
    for p in parts {
        assert!(err.contains(p), "expected {p:?} in:\n{err}");
    }
    err
}
