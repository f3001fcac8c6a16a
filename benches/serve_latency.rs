//! The preview's latency: from writing a source file to the reload event reaching the page,
//! debounce and rebuild included, and the rebuild time alone (as `serve` reports it), for each
//! kind of edit: a policy's text, a policy's front matter (its title), a standard's YAML (its
//! headline, in the newest edition, whose diff with the edition before is made again), a
//! guidance page, and two glossary terms (one no text mentions, one that thousands do). It
//! runs on the bundled example site or on the site given as the argument; a copy of it is
//! edited, given a guidance page and a glossary if it has none (the benchmark corpus has
//! neither). Run with `cargo bench --bench serve_latency [-- SITE]`; `benches/compare.sh` runs
//! it on the 10,000-page corpus.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let name = e.file_name();
        if p.is_dir() {
            copy(&p, &to.join(name));
        } else {
            std::fs::copy(&p, to.join(name)).unwrap();
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; the site is the first other argument.
    let given = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let from = given.as_deref().map_or(repo, Path::new);
    let site = std::env::temp_dir().join(format!("policybook-serve-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    for part in ["content", "policies", "themes"] {
        if from.join(part).is_dir() {
            copy(&from.join(part), &site.join(part));
        }
    }
    std::fs::copy(from.join("book.toml"), site.join("book.toml")).unwrap();
    // The first policy and the first standard of the newest edition, by name.
    let policy = first_file(&site.join("policies"), "md", &|_| true);
    let newest = first_dir_last(&site.join("content/standards"));
    let standard = first_file(&newest, "yaml", &|n| {
        n != "edition.yaml" && n != "changes.yaml"
    });
    let guidance_dir = site.join("content/guidance");
    let guidance = if guidance_dir.is_dir() {
        first_file(&guidance_dir, "md", &|_| true)
    } else {
        let g = guidance_dir.join("bench-guide.md");
        std::fs::create_dir_all(&guidance_dir).unwrap();
        std::fs::write(
            &g,
            "---\ntitle: A guide\n---\nThis guide explains the standards.\n",
        )
        .unwrap();
        g
    };
    let glossary = site.join("content/glossary.yaml");
    if !glossary.exists() {
        // LSMS: mentioned by no text of the corpus; CCTV: one of its words, in thousands of pages.
        std::fs::write(
            &glossary,
            "CCTV: Closed-circuit television\nLSMS: Local Security Management Specialist\n",
        )
        .unwrap();
    }
    let pages = walk_count(&site);

    let mut child = Command::new(env!("CARGO_BIN_EXE_policybook"))
        .args(["serve", site.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `serve` says how long each rebuild took: "Updated 2 files in 31 ms".
    let (rebuilt_tx, rebuilt) = mpsc::channel::<(f64, bool)>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            let full = l.starts_with("Rebuilt ");
            if let Some(ms) = l
                .strip_prefix("Updated ")
                .or_else(|| l.strip_prefix("Rebuilt "))
                .and_then(|r| r.split(" in ").nth(1))
                .and_then(|r| r.strip_suffix(" ms"))
                .and_then(|r| r.parse().ok())
            {
                let _ = rebuilt_tx.send((ms, full));
            }
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__policybook/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(s).lines().map_while(Result::ok) {
            if l.trim() == "event: reload" {
                let _ = tx.send(Instant::now());
            }
        }
    });
    // The first build.
    rebuilt
        .recv_timeout(Duration::from_secs(120))
        .expect("first build");
    std::thread::sleep(Duration::from_millis(300));
    while rx.try_recv().is_ok() {}

    // Each kind of edit: the file, and its text for the i-th edit.
    let text = |p: &Path| std::fs::read_to_string(p).unwrap();
    let (p_text, s_text, g_text, t_text) = (
        text(&policy),
        text(&standard),
        text(&guidance),
        text(&glossary),
    );
    type Edit<'a> = (&'a str, &'a Path, Box<dyn Fn(usize) -> String + 'a>);
    let edits: Vec<Edit> = vec![
        (
            "policy text",
            &policy,
            Box::new(|i| format!("{p_text}\nEdit {i}.\n")),
        ),
        (
            "policy front matter (title)",
            &policy,
            // Inside the quotes when the title has them, so that the YAML stays valid.
            Box::new(|i| match p_text.contains("title: \"") {
                true => p_text.replacen("title: \"", &format!("title: \"Edit {i} "), 1),
                false => p_text.replacen("title: ", &format!("title: Edit {i} "), 1),
            }),
        ),
        (
            "standard YAML (headline)",
            &standard,
            Box::new(|i| s_text.replacen("headline: \"", &format!("headline: \"Edit {i} "), 1)),
        ),
        (
            "guidance page",
            &guidance,
            Box::new(|i| format!("{g_text}\nEdit {i}.\n")),
        ),
        (
            "glossary term mentioned nowhere",
            &glossary,
            Box::new(|i| t_text.replacen("Specialist", &format!("Specialist {i}"), 1)),
        ),
        (
            "glossary term mentioned in thousands of pages",
            &glossary,
            Box::new(|i| t_text.replacen("television", &format!("television {i}"), 1)),
        ),
    ];
    println!("{pages} source files, {EDITS} edits of each kind:");
    for (kind, path, edit) in &edits {
        let original = text(path);
        let mut times = Vec::new();
        let mut rebuilds = Vec::new();
        for i in 0..EDITS {
            let start = Instant::now();
            std::fs::write(path, edit(i)).unwrap();
            let at = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("reload event");
            times.push(at - start);
            if let Ok(r) = rebuilt.recv_timeout(Duration::from_secs(10)) {
                rebuilds.push(r);
            }
            std::thread::sleep(Duration::from_millis(150));
            while rx.try_recv().is_ok() {}
        }
        std::fs::write(path, original).unwrap();
        rx.recv_timeout(Duration::from_secs(60))
            .expect("reload event");
        let _ = rebuilt.recv_timeout(Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(150));
        while rx.try_recv().is_ok() {}
        report(kind, times, rebuilds);
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&site);
}

const EDITS: usize = 10;

/// One kind of edit's times: write to reload, and the rebuild as `serve` reports it ("full"
/// when it was a full rebuild).
fn report(kind: &str, mut times: Vec<Duration>, mut rebuilds: Vec<(f64, bool)>) {
    times.sort();
    rebuilds.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let full = rebuilds.iter().filter(|r| r.1).count();
    if rebuilds.is_empty() {
        println!("  {kind}: no rebuild succeeded (see the server's errors)");
        return;
    }
    println!(
        "  {kind}: rebuild median {:.0} ms, max {:.0} ms{}; file write -> reload event median {:.0} ms, max {:.0} ms",
        rebuilds[rebuilds.len() / 2].0,
        rebuilds[rebuilds.len() - 1].0,
        if full > 0 {
            format!(" ({full} full rebuilds)")
        } else {
            String::new()
        },
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
    );
}

/// The first file of `dir` (by name) with the extension `ext` whose name `keep` accepts.
fn first_file(dir: &Path, ext: &str, keep: &dyn Fn(&str) -> bool) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter(|p| keep(&p.file_name().unwrap().to_string_lossy()))
        .collect();
    files.sort();
    files[0].clone()
}

/// The last edition folder (by name) of the first catalogue under `dir`.
fn first_dir_last(dir: &Path) -> std::path::PathBuf {
    let sorted = |d: &Path| {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        v.sort();
        v
    };
    let catalogue = sorted(dir)[0].clone();
    sorted(&catalogue).pop().unwrap()
}

/// How many files a folder holds, all the way down.
fn walk_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                walk_count(&e.path())
            } else {
                1
            }
        })
        .sum()
}
