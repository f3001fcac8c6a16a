//! `policybook serve` end to end: edit a source, see the reload event and the new text; break
//! the YAML and see the diagnostics over the last good page; fix it and see the page again.

mod common;

use std::sync::mpsc::Receiver;
use std::time::Duration;

use common::*;

fn wait(rx: &Receiver<()>, what: &str) {
    rx.recv_timeout(Duration::from_secs(15))
        .unwrap_or_else(|_| panic!("no reload event after {what}"));
}

/// The search index's document files, one after the other (`search/c-0.js`, ...).
fn search_documents(server: &Server) -> String {
    let mut all = String::new();
    for n in 0.. {
        let (code, body) = server.get(&format!("/search/c-{n}.js"));
        if code != 200 {
            break;
        }
        all.push_str(&body);
    }
    all
}

const POLICY: &str = "policies/security-policy.md";
const STD: &str = "content/standards/cat/2020/1.1.yaml";

#[test]
fn edits_reload_the_page_and_errors_show_over_the_last_good_site() {
    let site = small_site(&[]);
    let server = Server::start(site.path());
    let (status, body) = server.get("/policies/security-policy.html");
    assert_eq!(status, 200);
    assert!(body.contains("meets <a"), "{body}");
    assert!(
        body.contains(
            "new EventSource(\"/__policybook/events?page=\"+encodeURIComponent(location.pathname))"
        ),
        "the reload script is injected, and says which page it is on"
    );

    let reloads = server.reloads();
    let policy = site.path().join(POLICY);
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, text.replace("5.1 The", "5.1 Updated: the")).unwrap();
    wait(&reloads, "editing the policy");
    let (_, body) = server.get("/policies/security-policy.html");
    assert!(body.contains("Updated: the"), "the new text is served");
    assert!(
        search_documents(&server).contains("Updated: the"),
        "and searched"
    );
    // Again: the index's document file is replaced, not added to.
    std::fs::write(&policy, text.replace("5.1 The", "5.1 Twice updated: the")).unwrap();
    wait(&reloads, "editing the policy again");
    let index = search_documents(&server);
    assert!(index.contains("Twice updated: the") && !index.contains("5.1 Updated"));

    // Break the YAML: the last good site stays, with the diagnostics over it.
    let std_path = site.path().join(STD);
    let good = std::fs::read_to_string(&std_path).unwrap();
    std::fs::write(
        &std_path,
        "id: \"1.1\"\narea: governance\nheadline: [broken\n",
    )
    .unwrap();
    wait(&reloads, "breaking the YAML");
    let (status, body) = server.get("/standards/cat/2020/1.1.html");
    assert_eq!(status, 200);
    assert!(body.contains("id=\"policybook-error\""), "overlay shown");
    assert!(
        body.contains("content/standards/cat/2020/1.1.yaml:3:"),
        "with file and line: {body}"
    );
    assert!(
        body.contains("A board member leads security work."),
        "over the last good page"
    );
    let (_, other) = server.get("/index.html");
    assert!(other.contains("id=\"policybook-error\""), "on every page");

    std::fs::write(&std_path, good).unwrap();
    wait(&reloads, "fixing the YAML");
    let (_, body) = server.get("/standards/cat/2020/1.1.html");
    assert!(!body.contains("policybook-error"), "clean again");
    assert!(
        !site.path().join("book").exists(),
        "serve never writes the output folder"
    );
}

#[test]
fn an_editor_save_burst_causes_one_rebuild() {
    let site = small_site(&[]);
    let server = Server::start(site.path());
    let reloads = server.reloads();
    let policy = site.path().join(POLICY);
    let text = std::fs::read_to_string(&policy).unwrap();
    // Write a temporary file, then rename it over the original, as many editors save.
    let tmp = site.path().join("policies/.security-policy.md.tmp");
    std::fs::write(&tmp, text.replace("5.1 The", "5.1 Saved: the")).unwrap();
    std::fs::rename(&tmp, &policy).unwrap();
    std::fs::write(&policy, text.replace("5.1 The", "5.1 Saved again: the")).unwrap();
    wait(&reloads, "saving");
    std::thread::sleep(Duration::from_millis(600));
    let extra = reloads.try_iter().count();
    assert_eq!(extra, 0, "one reload for the burst");
    let (_, body) = server.get("/policies/security-policy.html");
    assert!(body.contains("Saved again: the"));
}

#[test]
fn requests_outside_the_site_get_404_and_responses_are_not_cached() {
    let site = small_site(&[]);
    std::fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    let server = Server::start(site.path());
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/book.toml",
        "/policies/security-policy.md",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
        "/C:/Windows",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("do not serve") && !body.contains("[book]"),
            "{path}"
        );
    }
    let (status, _) = server.get("/policies/");
    assert_eq!(status, 200, "a folder's index page, never a listing");
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        s,
        "GET /css/policybook.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = String::new();
    s.read_to_string(&mut head).unwrap();
    let head = head.to_lowercase();
    assert!(head.contains("content-type: text/css"), "{head}");
    assert!(head.contains("cache-control: no-store"), "{head}");
}

#[test]
fn a_theme_named_by_its_path_is_watched_too() {
    let template = |word: &str| {
        format!("{{% extends \"base.html\" %}}{{% block content %}}<p>{word}</p>{{% endblock %}}\n")
    };
    let first = template("First look");
    let site = small_site(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\ntheme = \"look\"\n",
        ),
        ("look/templates/references.html", &first),
    ]);
    let server = Server::start(site.path());
    let (_, body) = server.get("/references/index.html");
    assert!(body.contains("First look"), "{body}");
    let reloads = server.reloads();
    std::fs::write(
        site.path().join("look/templates/references.html"),
        template("Second look"),
    )
    .unwrap();
    wait(&reloads, "editing the theme");
    let (_, body) = server.get("/references/index.html");
    assert!(body.contains("Second look"), "{body}");
}

#[test]
fn a_catalogue_outside_content_is_watched_too() {
    let site = site(&[
        ("book.toml", BOOK_TOML),
        (
            "content/standards/oc/v1/edition.yaml",
            "title: Controls\npublisher: P\nopencontrol: ../../../../data/controls.yaml\nareas:\n  - { id: AC, title: Access Control }\n",
        ),
        (
            "data/controls.yaml",
            "name: Controls\nAC-1:\n  family: AC\n  name: Policy\n  description: First statement\n",
        ),
    ]);
    let server = Server::start(site.path());
    let (status, body) = server.get("/standards/oc/v1/AC-1.html");
    assert_eq!(status, 200);
    assert!(body.contains("First statement"), "{body}");
    let reloads = server.reloads();
    std::fs::write(
        site.path().join("data/controls.yaml"),
        "name: Controls\nAC-1:\n  family: AC\n  name: Policy\n  description: Second statement\n",
    )
    .unwrap();
    wait(&reloads, "editing the catalogue");
    let (_, body) = server.get("/standards/oc/v1/AC-1.html");
    assert!(body.contains("Second statement"), "{body}");
}

/// How many policies link to the edited one, by its title: enough that rendering them again
/// goes on after the reload.
const LINKING: usize = 300;

/// The small site with [`LINKING`] more policies, each showing the security policy's title
/// in a link (`[](policy:...)`).
fn linked_site() -> tempfile::TempDir {
    let texts: Vec<(String, String)> = (0..LINKING)
        .map(|i| {
            (
                format!("policies/other-{i:03}.md"),
                format!(
                    "---\ntitle: Other Policy {i}\nkind: policy\n---\n## 1 About\n\n1.1 See [](policy:security-policy).\n"
                ),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    small_site(&files)
}

/// Retitles the security policy, from its first title or the last given.
fn retitle(site: &std::path::Path, to: &str) {
    let policy = site.join(POLICY);
    let text = std::fs::read_to_string(&policy).unwrap();
    let old = text.lines().find(|l| l.starts_with("title: ")).unwrap();
    std::fs::write(&policy, text.replace(old, &format!("title: {to}"))).unwrap();
}

/// The next line of the server's log that starts with `start`.
fn log_line(server: &Server, start: &str) -> String {
    loop {
        let line = server
            .log
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no line {start:?} in the server's log"));
        if line.starts_with(start) {
            return line;
        }
    }
}

/// The number after `after` in a line of the server's log ("Updated 3 files" -> 3).
fn count(line: &str, after: &str) -> usize {
    let n = line.split(after).nth(1).and_then(|r| r.split(' ').next());
    n.and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"))
}

#[test]
fn a_page_not_open_is_up_to_date_when_asked_for_after_an_edit() {
    let site = linked_site();
    let server = Server::start(site.path());
    let last = format!("/policies/other-{:03}.html", LINKING - 1);
    let (_, body) = server.get(&last);
    assert!(body.contains(">Security Policy</a>"), "{body}");
    let reloads = server.reloads_on("/policies/security-policy.html");
    retitle(site.path(), "Retitled Policy");
    wait(&reloads, "retitling the policy");
    // Asked for at once: the last of the pages that show the title, rendered again after
    // the reload (the request waits for it), never as it was.
    let (status, body) = server.get(&last);
    assert_eq!(status, 200);
    assert!(
        body.contains(">Retitled Policy</a>"),
        "the new title: {body}"
    );
    assert!(!body.contains("Security Policy</a>"), "not the old one");
    let (_, print) = server.get(&last.replace(".html", ".print.html"));
    assert!(print.contains(">Retitled Policy</a>"), "{print}");
}

#[test]
fn the_open_page_is_new_when_it_reloads_and_the_rest_follows() {
    let site = linked_site();
    let server = Server::start(site.path());
    log_line(&server, "Rebuilt ");
    // No page open: the policy's own page and the files that are not pages before the
    // reload, the pages that show its title after it.
    let reloads = server.reloads();
    retitle(site.path(), "Retitled Policy");
    wait(&reloads, "retitling the policy");
    let alone = count(&log_line(&server, "Updated "), "Updated ");
    let rest = log_line(&server, "... and ");
    assert!(
        count(&rest, "... and ") >= 2 * LINKING,
        "the linking pages and their print views after the reload: {rest}"
    );
    retitle(site.path(), "Security Policy");
    wait(&reloads, "putting the title back");
    log_line(&server, "... and ");
    // The same edit with one of those pages open: it is made before the reload too (one file
    // more), and is new when it reloads.
    let open = format!("/policies/other-{:03}.html", LINKING / 2);
    let reloads = server.reloads_on(&open);
    retitle(site.path(), "Retitled Policy");
    wait(&reloads, "retitling the policy again");
    let (_, body) = server.get(&open);
    assert!(body.contains(">Retitled Policy</a>"), "{body}");
    let updated = log_line(&server, "Updated ");
    assert_eq!(count(&updated, "Updated "), alone + 1, "{updated}");
    log_line(&server, "... and ");
    let (_, other) = server.get("/policies/other-000.html");
    assert!(other.contains(">Retitled Policy</a>"), "{other}");
}

#[test]
fn an_edit_while_the_rest_is_rendered_loses_nothing() {
    let site = linked_site();
    let server = Server::start(site.path());
    let reloads = server.reloads();
    retitle(site.path(), "Retitled Policy");
    wait(&reloads, "retitling the policy");
    // At once, while the pages that show the new title are still being made: another file's
    // edit stops them, and its rebuild makes the ones left as well as its own.
    let other = site.path().join("policies/other-000.md");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, text.replace("1.1 See", "1.1 Now see")).unwrap();
    wait(&reloads, "editing another policy");
    let (_, body) = server.get("/policies/other-000.html");
    assert!(body.contains("Now see"), "{body}");
    for n in [0, LINKING / 2, LINKING - 1] {
        for page in [
            format!("/policies/other-{n:03}.html"),
            format!("/policies/other-{n:03}.print.html"),
        ] {
            let (_, body) = server.get(&page);
            assert!(body.contains(">Retitled Policy</a>"), "{page}: {body}");
        }
    }
}

#[test]
fn a_policy_added_is_served_open_pages_first_and_one_removed_is_gone() {
    let site = linked_site();
    let server = Server::start(site.path());
    log_line(&server, "Rebuilt ");
    // A file added is a full rebuild: the page open (the policy list) is made before the
    // reload with the files that are not pages, every other page after it.
    let reloads = server.reloads_on("/policies/index.html");
    let added = site.path().join("policies/lone-working.md");
    std::fs::write(
        &added,
        "---\ntitle: Lone Working Policy\nkind: policy\n---\n## 1 About\n\n1.1 Staff working alone follow [](policy:security-policy).\n",
    )
    .unwrap();
    wait(&reloads, "adding a policy");
    let before = count(&log_line(&server, "Rebuilt "), "Rebuilt ");
    let (_, list) = server.get("/policies/index.html");
    assert!(list.contains("Lone Working Policy"), "{list}");
    let (code, page) = server.get("/policies/lone-working.html");
    assert_eq!(code, 200);
    assert!(page.contains("Staff working alone"), "{page}");
    // A page not open, asked for at once, waits for its turn: the policy it links to lists it.
    let (_, target) = server.get("/policies/security-policy.html");
    assert!(target.contains("Lone Working Policy"), "{target}");
    let after = count(&log_line(&server, "... and "), "... and ");
    assert!(
        after >= 2 * LINKING && before < after,
        "{before} files before the reload, {after} pages after it"
    );
    assert!(
        search_documents(&server).contains("Staff working alone"),
        "and searched"
    );

    // Removed: its pages are no longer served, and the list no longer names it.
    std::fs::remove_file(&added).unwrap();
    wait(&reloads, "removing the policy");
    let (code, _) = server.get("/policies/lone-working.html");
    assert_eq!(code, 404);
    let (code, _) = server.get("/policies/lone-working.print.html");
    assert_eq!(code, 404);
    let (_, list) = server.get("/policies/index.html");
    assert!(!list.contains("Lone Working Policy"), "{list}");
}
