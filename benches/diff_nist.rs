//! How long the edition diff takes on real data: NIST SP 800-53 revision 4 (922 controls) to
//! revision 5 (1,189), from the second example site, and how it grows with the number of
//! standards. Run with `cargo bench --bench diff_nist`, or `cargo bench --bench diff_nist --
//! SITE OLD NEW` for two editions of another site (the benchmark corpus: `2020 2021`).

use std::path::Path;
use std::time::Instant;

use policybook::config::Config;
use policybook::{content, diff};

fn main() {
    // `cargo bench` passes `--bench`; the others are SITE OLD NEW, when given.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (root, old_id, new_id) = match args.as_slice() {
        [site, old, new] => (Path::new(site).to_path_buf(), old.as_str(), new.as_str()),
        _ => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nist-800-53"),
            "rev4",
            "rev5",
        ),
    };
    let t = Instant::now();
    let site =
        content::load(&root, Config::load(&root).expect("book.toml")).expect("the site loads");
    let load = t.elapsed();
    let old = diff::find_edition(&site, old_id).unwrap();
    let new = diff::find_edition(&site, new_id).unwrap();
    let mut times = Vec::new();
    let mut result = None;
    for _ in 0..7 {
        let t = Instant::now();
        result = Some(diff::diff(old, new));
        times.push(t.elapsed());
    }
    times.sort();
    let d = result.unwrap();
    println!("load both editions: {:.3} s", load.as_secs_f64());
    println!(
        "diff {old_id} ({}) -> {new_id} ({}): median {:.3} s, fastest {:.3} s, slowest {:.3} s over {} runs",
        old.standards.len(),
        new.standards.len(),
        times[times.len() / 2].as_secs_f64(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
        times.len()
    );
    // As `serve` makes it after an edit to one standard: both editions read beforehand, the
    // edited standard read again.
    let vocab = &mut diff::Vocabulary::default();
    let (old_read, mut new_read) = (
        diff::Prepared::new(old, vocab),
        diff::Prepared::new(new, vocab),
    );
    let mut kept = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        new_read.replace(new, 0, vocab);
        let again = diff::diff_prepared((old, &old_read), (new, &new_read));
        kept.push(t.elapsed());
        assert_eq!(
            again.changes, d.changes,
            "the same diff, read beforehand or not"
        );
    }
    kept.sort();
    println!(
        "the same, both editions read beforehand and one standard read again (as `serve` does): median {:.3} s, fastest {:.3} s",
        kept[kept.len() / 2].as_secs_f64(),
        kept[0].as_secs_f64(),
    );
    let counts: Vec<String> = diff::Kind::ALL
        .iter()
        .map(|k| format!("{} {}", d.count(*k), k.label()))
        .collect();
    println!("{}", counts.join(", "));
    if !args.is_empty() {
        return;
    }

    // Scale: n copies of both revisions, each copy's standards with ids and one word of their
    // own, so that each copy only matches itself. Quadratic work would grow 100x from 1x to
    // 10x the size; the index keeps it near linear.
    let scaled = |e: &policybook::content::Edition, copies: usize| {
        let mut out = e.clone();
        out.standards.clear();
        for k in 0..copies {
            for s in &e.standards {
                let mut s = s.clone();
                s.id.value = format!("{}/{k}", s.id.value);
                s.headline = format!("{} copy{k}", s.headline);
                out.standards.push(s);
            }
        }
        out
    };
    let mut base = None;
    for copies in [1usize, 5, 10] {
        let (o, n) = (scaled(old, copies), scaled(new, copies));
        let t = Instant::now();
        let d = diff::diff(&o, &n);
        let secs = t.elapsed().as_secs_f64();
        let ratio = base.map(|b: f64| secs / b).unwrap_or(1.0);
        base.get_or_insert(secs);
        println!(
            "scale x{copies}: {} -> {} standards: {:.3} s ({ratio:.1}x the x1 time; {} changes)",
            o.standards.len(),
            n.standards.len(),
            secs,
            d.changes.len()
        );
    }
}
