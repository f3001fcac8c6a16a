//! The preview's latency: from writing a policy file to the reload event reaching the page,
//! debounce and rebuild included, and the rebuild time alone (as `serve` reports it), on the
//! bundled example site or on the site given as the argument (a copy of it is edited). Run
//! with `cargo bench --bench serve_latency [-- SITE]`; `benches/compare.sh` runs it on the
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
    // The first policy, by name.
    let mut policies: Vec<_> = std::fs::read_dir(site.join("policies"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    policies.sort();
    let policy = policies[0].clone();
    let pages = walk_count(&site);

    let mut child = Command::new(env!("CARGO_BIN_EXE_policybook"))
        .args(["serve", site.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `serve` says how long each rebuild took: "Updated 2 files in 31 ms".
    let (rebuilt_tx, rebuilt) = mpsc::channel::<f64>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(ms) = l
                .strip_prefix("Updated ")
                .or_else(|| l.strip_prefix("Rebuilt "))
                .and_then(|r| r.split(" in ").nth(1))
                .and_then(|r| r.strip_suffix(" ms"))
                .and_then(|r| r.parse().ok())
            {
                let _ = rebuilt_tx.send(ms);
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

    let original = std::fs::read_to_string(&policy).unwrap();
    let mut times = Vec::new();
    for i in 0..20 {
        let start = Instant::now();
        std::fs::write(&policy, format!("{original}\nEdit {i}.\n")).unwrap();
        let at = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("reload event");
        times.push(at - start);
        std::thread::sleep(Duration::from_millis(150));
        while rx.try_recv().is_ok() {}
    }
    let mut rebuilds: Vec<f64> = rebuilt.try_iter().collect();
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&site);
    times.sort();
    rebuilds.sort_by(f64::total_cmp);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{pages} source files; {} edits of {}:",
        times.len(),
        policy.file_name().unwrap().to_string_lossy()
    );
    println!(
        "  file write -> reload event: median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms (debounce {} ms included)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        policybook::serve::DEBOUNCE.as_millis()
    );
    if !rebuilds.is_empty() {
        println!(
            "  rebuild: median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms",
            rebuilds[rebuilds.len() / 2],
            rebuilds[0],
            rebuilds[rebuilds.len() - 1]
        );
    }
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
