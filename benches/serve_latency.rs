//! The preview's latency: from writing a policy file to the reload event reaching the page,
//! debounce and rebuild included, on the bundled example site. Run with
//! `cargo bench --bench serve_latency`.

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
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = std::env::temp_dir().join(format!("policybook-serve-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    for part in ["content", "policies", "themes"] {
        copy(&repo.join(part), &site.join(part));
    }
    std::fs::copy(repo.join("book.toml"), site.join("book.toml")).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_policybook"))
        .args(["serve", site.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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
    std::thread::sleep(Duration::from_millis(300));

    let policy = site.join("policies/scas-security-policy.md");
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
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&site);
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "file write -> reload event, example site, {} edits: median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms (debounce {} ms included)",
        times.len(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        policybook::serve::DEBOUNCE.as_millis()
    );
}
