//! The preview's latency: from writing a source file to the reload event reaching the page,
//! debounce and rebuild included, the rebuild time alone (as `serve` reports it: the pages
//! made before the reload, and the rest after it), for each
//! kind of edit: a policy's text, a policy's front matter (its title), a standard's YAML (its
//! headline, in the newest edition, whose diff with the edition before is made again), a
//! guidance page, and two glossary terms (one no text mentions, one that thousands do). It
//! runs on the bundled example site or on the site given as the argument; a copy of it is
//! edited, given a guidance page and a glossary if it has none (the benchmark corpus has
//! neither). The event stream is opened as the edited policy's page opens it, so that
//! `serve` renders that page before the reload, as for a reader looking at it. Run with
//! `cargo bench --bench serve_latency [-- SITE]`; `benches/compare.sh` runs it on the
//! 10,000-page corpus.

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
    // `serve` says how long each rebuild took: "Updated 2 files in 31 ms" before the reload,
    // and after it "... and 40 more pages in 80 ms" (an incremental one), or "Rebuilt ...".
    let (rebuilt_tx, rebuilt) = mpsc::channel::<Line>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            let ms = |r: &str| -> Option<f64> {
                let r = r.split(" in ").nth(1)?;
                r.split(" ms").next()?.parse().ok()
            };
            let line = if let Some(r) = l.strip_prefix("... and ") {
                ms(r).map(Line::Rest)
            } else {
                let full = l.starts_with("Rebuilt ");
                l.strip_prefix("Updated ")
                    .or_else(|| l.strip_prefix("Rebuilt "))
                    .and_then(ms)
                    .map(|ms| Line::First(ms, full))
            };
            if let Some(line) = line {
                let _ = rebuilt_tx.send(line);
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

    // The edited policy's page, as the first build made it, open in a "browser".
    let page = format!(
        "/policies/{}.html",
        policy.file_stem().unwrap().to_string_lossy()
    );
    assert_eq!(get(port, &page), 200, "the policy's page {page}");
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__policybook/events?page={page} HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(s).lines().map_while(Result::ok) {
            if l.trim() == "event: reload" {
                let _ = tx.send(Instant::now());
            }
        }
    });
    // The first build (made before the address is printed).
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
        let mut rests = Vec::new();
        for i in 0..EDITS {
            let start = Instant::now();
            std::fs::write(path, edit(i)).unwrap();
            let at = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("reload event");
            times.push(at - start);
            let (first, rest) = settle(&rebuilt);
            rebuilds.extend(first);
            rests.extend(rest);
            std::thread::sleep(Duration::from_millis(150));
            while rx.try_recv().is_ok() {}
        }
        std::fs::write(path, original).unwrap();
        rx.recv_timeout(Duration::from_secs(60))
            .expect("reload event");
        settle(&rebuilt);
        std::thread::sleep(Duration::from_millis(150));
        while rx.try_recv().is_ok() {}
        report(kind, times, rebuilds, rests);
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&site);
}

const EDITS: usize = 10;

/// A line of `serve`'s log about a rebuild.
enum Line {
    /// Before the reload: its time, and whether it was a full rebuild.
    First(f64, bool),
    /// The rest of an incremental rebuild, after the reload: its time.
    Rest(f64),
}

/// Waits for one rebuild's lines: its time before the reload (and whether it was full), and
/// the time of the rest after it, so that the next edit starts on a whole site.
fn settle(lines: &mpsc::Receiver<Line>) -> (Option<(f64, bool)>, Option<f64>) {
    // A full rebuild of 10,000 pages takes seconds (more on a loaded machine).
    // Both kinds print the rest after the reload ("... and N more pages"), a full one too.
    match lines.recv_timeout(Duration::from_secs(120)) {
        Ok(Line::First(ms, full)) => match lines.recv_timeout(Duration::from_secs(300)) {
            Ok(Line::Rest(rest)) => (Some((ms, full)), Some(rest)),
            _ => (Some((ms, full)), None),
        },
        _ => (None, None),
    }
}

/// `GET path`: the status.
fn get(port: u16, path: &str) -> u16 {
    use std::io::Read;
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    text.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// One kind of edit's times: write to reload, the rebuild as `serve` reports it ("full" when
/// it was a full rebuild) and the rest of it after the reload.
fn report(
    kind: &str,
    mut times: Vec<Duration>,
    mut rebuilds: Vec<(f64, bool)>,
    mut rests: Vec<f64>,
) {
    times.sort();
    rebuilds.sort_by(|a, b| a.0.total_cmp(&b.0));
    rests.sort_by(f64::total_cmp);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let full = rebuilds.iter().filter(|r| r.1).count();
    if rebuilds.is_empty() {
        println!("  {kind}: no rebuild succeeded (see the server's errors)");
        return;
    }
    let rest = match rests.is_empty() {
        true => String::new(),
        false => format!(
            "; the rest after the reload median {:.0} ms, max {:.0} ms",
            rests[rests.len() / 2],
            rests[rests.len() - 1]
        ),
    };
    println!(
        "  {kind}: rebuild median {:.0} ms, max {:.0} ms{}; file write -> reload event median {:.0} ms, max {:.0} ms{rest}",
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
