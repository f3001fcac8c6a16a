//! Search reads words twice: when the index is built (Rust, `rust-stemmers`) and when a reader
//! types a query (the theme's `js/stemmer.js` and `js/search-engine.js`, in the browser). A
//! word read differently on the two sides is never found. This test reads the texts of the
//! example sites both ways, with node, and compares them word for word.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use policybook::render::search_text;

/// The text of every Markdown and YAML file under `dir`.
fn texts(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            texts(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| ["md", "yaml", "yml", "json", "csv"].iter().any(|e| x == *e))
        {
            out.push(std::fs::read_to_string(&p).unwrap_or_default());
        }
    }
}

#[test]
fn the_browser_reads_words_as_the_index_builder_does() {
    if Command::new("node").arg("--version").output().is_err() {
        // In CI (which runs the browser checks with node) a missing node is a failure, not
        // a pass; on a contributor's machine without node the test says it did not run.
        assert!(
            std::env::var_os("CI").is_none(),
            "node is needed for the stemmer agreement test"
        );
        eprintln!("node is not installed: the stemmer agreement test is skipped");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in ["content", "policies", "examples"] {
        texts(&repo.join(dir), &mut all);
    }
    // Every distinct word, and each text's terms (stop words out, stems) as the index has them.
    let words: BTreeSet<String> = all.iter().flat_map(|t| search_text::tokens(t)).collect();
    assert!(words.len() > 10_000, "{} words", words.len());
    let sample: Vec<&String> = all.iter().take(40).collect();
    let input = serde_json::json!({
        "words": words,
        "texts": sample,
    });
    let js = repo.join("themes/default/static/js");
    let script = format!(
        r#"
        globalThis.policybookStem = require({stemmer:?});
        const engine = require({engine:?})(() => Promise.resolve({{}}));
        const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const stop = new Set({stop});
        console.log(JSON.stringify({{
          words: input.words.map(engine.stemOf),
          texts: input.texts.map((t) => engine.tokens(t).map((x) => x[0]).filter((w) => !stop.has(w)).map(engine.stemOf)),
        }}));
        "#,
        stemmer = js.join("stemmer.js"),
        engine = js.join("search-engine.js"),
        stop = serde_json::to_string(search_text::STOP_WORDS).unwrap(),
    );
    let mut child = Command::new("node")
        .args(["-e", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.to_string().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed");
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let differ: Vec<String> = words
        .iter()
        .zip(got["words"].as_array().unwrap())
        .filter(|(w, js)| search_text::stem(w) != js.as_str().unwrap())
        .map(|(w, js)| format!("{w}: rust {}, js {js}", search_text::stem(w)))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} words stem differently, e.g. {:?}",
        differ.len(),
        words.len(),
        &differ[..differ.len().min(30)]
    );
    eprintln!("{} words stem alike", words.len());
    for (text, js) in sample.iter().zip(got["texts"].as_array().unwrap()) {
        let js: Vec<&str> = js
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(search_text::terms(text), js, "the terms of a text");
    }
}
