//! The format reference (`docs/format.md`) and `policybook new` agree with the code:
//! - the reference's examples, the blocks marked with a file name, make a site that builds and
//!   checks clean (a policy written from the reference alone works);
//! - every `book.toml` key of the reference's tables is accepted, set to its example value;
//! - `policybook new` makes a site that builds and checks clean, whose files explain their keys
//!   in comments, and whose `book.toml` names every key of the reference.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{policybook, stderr};

fn reference() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md"))
        .expect("docs/format.md")
}

/// The text of the reference from the heading that starts with `heading` to the next heading
/// of the same or a higher level (headings inside fenced code blocks do not count).
fn section(doc: &str, heading: &str) -> String {
    let level = heading.split(' ').next().unwrap().len();
    let mut out = String::new();
    let (mut inside, mut fenced) = (false, false);
    for line in doc.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        let is_heading = !fenced && hashes > 0 && line[hashes..].starts_with(' ');
        if inside && is_heading && hashes <= level {
            break;
        }
        if !inside && !fenced && line.starts_with(heading) {
            inside = true;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(!out.is_empty(), "no heading {heading:?} in docs/format.md");
    out
}

/// The rows of the tables in `text` whose first cell is a `key`: (key, cells).
fn table_keys(text: &str) -> Vec<(String, Vec<String>)> {
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect();
            (cells[0].trim_matches('`').to_string(), cells)
        })
        .collect()
}

/// The `book.toml` keys of the reference, by section (`book`, `build`, `check`, `organisation`,
/// `accessibility`): each with the
/// example value (TOML) its table gives.
fn book_toml_keys() -> BTreeMap<String, Vec<(String, String)>> {
    let doc = reference();
    let part = section(&doc, "## `book.toml`");
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for name in ["book", "build", "check", "organisation", "accessibility"] {
        let table = section(&part, &format!("### `[{name}]`"));
        let keys: Vec<(String, String)> = table_keys(&table)
            .into_iter()
            .map(|(k, cells)| {
                assert_eq!(
                    cells.len(),
                    5,
                    "key, type, default, example, meaning: {cells:?}"
                );
                (k, cells[3].trim_matches('`').to_string())
            })
            .collect();
        assert!(!keys.is_empty(), "no keys for [{name}]");
        out.insert(name.to_string(), keys);
    }
    out
}

fn build_and_check(dir: &Path) {
    let o = policybook(&["build"], dir);
    assert!(o.status.success(), "build: {}", stderr(&o));
    let o = policybook(&["check", "--offline"], dir);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && out.contains("0 broken, 0 warnings"),
        "check: {out}{}",
        stderr(&o)
    );
}

#[test]
fn the_references_examples_make_a_site_that_builds_and_checks_clean() {
    let doc = reference();
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .strip_prefix("```")
            .and_then(|info| info.split_once(" file="))
            .map(|(_, p)| p.trim().to_string())
        else {
            continue;
        };
        let mut text = String::new();
        for l in lines.by_ref().take_while(|l| *l != "```") {
            text.push_str(l);
            text.push('\n');
        }
        let p = tmp.path().join(&path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        assert!(!p.exists(), "two examples for {path}");
        std::fs::write(&p, text).unwrap();
        files.push(path);
    }
    for expected in [
        "book.toml",
        "content/standards/nhs-protect-providers/2017-18/edition.yaml",
        "content/standards/nhs-protect-providers/2017-18/changes.yaml",
        "content/references.yaml",
        "content/glossary.yaml",
        "content/guidance/01-introduction.md",
        "content/principles/crime-reduction.yaml",
        "policies/security-policy.md",
        "policies/security-policy/1.0.md",
        "images/trust-logo.svg",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "no example of {expected}"
        );
    }
    build_and_check(tmp.path());
    let policy =
        std::fs::read_to_string(tmp.path().join("book/policies/security-policy.html")).unwrap();
    for shown in [
        "Head of Risk and Security",
        "POL/002/015",
        "2028-05-01",
        "First issue",
    ] {
        assert!(policy.contains(shown), "the policy page shows {shown}");
    }
    assert!(
        tmp.path()
            .join("book/policies/security-policy/1.0.html")
            .is_file()
    );
}

#[test]
fn every_book_toml_key_of_the_reference_is_accepted() {
    let keys = book_toml_keys();
    let names: Vec<&str> = keys.values().flatten().map(|(k, _)| k.as_str()).collect();
    for k in [
        "title",
        "build-dir",
        "theme",
        "allow-html",
        "search",
        "exclude",
        "max-time",
    ] {
        assert!(names.contains(&k), "the reference lists {k}");
    }
    let mut toml = String::new();
    for (section, keys) in &keys {
        toml.push_str(&format!("[{section}]\n"));
        for (key, example) in keys {
            toml.push_str(&format!("{key} = {example}\n"));
        }
    }
    // A site with one policy, and every key set to the reference's example.
    let site = common::site(&[
        ("book.toml", toml.as_str()),
        (
            "policies/p.md",
            "---\ntitle: P\nkind: policy\n---\n1.1 Text.\n",
        ),
        (
            "images/trust-logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    build_and_check(site.path());
    let dir = &keys["build"]
        .iter()
        .find(|(k, _)| k == "build-dir")
        .unwrap()
        .1;
    let dir = dir.trim_matches('"');
    assert!(
        site.path().join(dir).join("policies/p.html").is_file(),
        "built into the build-dir of the example, {dir}: {toml}"
    );

    // A key the reference does not list is refused, as the reference says.
    let site = common::site(&[("book.toml", "[book]\ntitle = \"T\"\ntitel = \"T\"\n")]);
    let o = policybook(&["build"], site.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// The text of a file with its comments: `#` lines of YAML and TOML (in Markdown, those of
/// the front matter).
fn comment_lines(text: &str) -> usize {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#') && !l.trim_start().starts_with("##"))
        .count()
}

#[test]
fn new_writes_a_commented_site_that_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let o = policybook(&["new", "site"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let site = tmp.path().join("site");
    build_and_check(&site);

    let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
    // What the comments promise: a policy's code in plain text links to the policy.
    assert!(
        read("book/guidance/about-this-site.html").contains(
            "href=\"../policies/security-policy.html\" title=\"Security Policy\">POL/001/001</a>"
        ),
        "the code links to its policy"
    );
    for (file, at_least) in [
        ("book.toml", 20),
        ("content/standards/example/2025/edition.yaml", 10),
        ("content/standards/example/2025/1.1.yaml", 6),
        ("content/references.yaml", 3),
        ("content/glossary.yaml", 3),
        ("content/guidance/about-this-site.md", 5),
        ("content/principles/security-principles.yaml", 4),
        ("policies/security-policy.md", 12),
        ("policies/security-policy/1.0.md", 3),
    ] {
        let n = comment_lines(&read(file));
        assert!(
            n >= at_least,
            "{file} has {n} comment lines, fewer than {at_least}"
        );
    }

    // book.toml names every key of the reference (set, or commented out with its default).
    let book = read("book.toml");
    for (section, keys) in book_toml_keys() {
        assert!(book.contains(&format!("[{section}]")), "[{section}]");
        for (key, _) in keys {
            assert!(
                book.lines().any(|l| l
                    .trim_start_matches(['#', ' '])
                    .starts_with(&format!("{key} = "))),
                "the new book.toml names `{key}`"
            );
        }
    }

    // The policy, the edition and the standards name the keys of the reference's tables, each
    // explained by a comment.
    let doc = reference();
    let cases = [
        ("## Policies", vec!["policies/security-policy.md"]),
        (
            "## `edition.yaml`",
            vec!["content/standards/example/2025/edition.yaml"],
        ),
        (
            "## A standard",
            vec![
                "content/standards/example/2025/1.1.yaml",
                "content/standards/example/2025/3.1.yaml",
            ],
        ),
    ];
    for (heading, files) in cases {
        let text: String = files.iter().map(|f| read(f)).collect();
        let part = section(&doc, heading);
        // The first table of the section: the keys of the file itself.
        let table: String = part
            .split("\n\n")
            .find(|b| b.starts_with("| key |"))
            .unwrap_or_default()
            .to_string();
        let keys = table_keys(&table);
        assert!(!keys.is_empty(), "a key table under {heading}");
        for (key, _) in keys {
            assert!(
                text.lines().any(|l| l
                    .trim_start_matches(['#', ' '])
                    .starts_with(&format!("{key}:"))),
                "{files:?} name `{key}` of {heading}"
            );
        }
    }
}

/// Deploying into a folder that holds other files (docs/deploy.md, IIS): refused without
/// `--keep-other-files`, and with it every other file stays as it was.
#[test]
fn deploying_into_a_folder_with_other_files_loses_none() {
    let tmp = tempfile::tempdir().unwrap();
    let o = policybook(&["new", "site"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let www = tmp.path().join("wwwroot");
    std::fs::create_dir_all(www.join("images")).unwrap();
    let config = "<configuration><system.webServer/></configuration>\n";
    std::fs::write(www.join("web.config"), config).unwrap();
    std::fs::write(www.join("images/logo.png"), b"\x89PNG").unwrap();
    let dest = www.to_str().unwrap();

    let o = policybook(&["build", "site", "--dest-dir", dest], tmp.path());
    assert_eq!(o.status.code(), Some(2), "refused: {}", stderr(&o));
    assert!(
        stderr(&o).contains("web.config"),
        "names a file: {}",
        stderr(&o)
    );

    for _ in 0..2 {
        let o = policybook(
            &["build", "site", "--dest-dir", dest, "--keep-other-files"],
            tmp.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            std::fs::read_to_string(www.join("web.config")).unwrap(),
            config
        );
        assert_eq!(
            std::fs::read(www.join("images/logo.png")).unwrap(),
            b"\x89PNG"
        );
        assert!(www.join("policies/security-policy.html").is_file());
        assert!(www.join(".policybook-output.json").is_file());
    }
}

/// The anchor GitHub gives a heading: lower case, spaces as `-`, other punctuation dropped.
fn github_anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Links into the reference and the deploy guide (from the README, the docs' index and each
/// other) lead to headings that exist.
#[test]
fn links_to_the_docs_lead_to_their_headings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let anchors = |file: &str| -> Vec<String> {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let mut fenced = false;
        let mut out = Vec::new();
        for line in text.lines() {
            if line.starts_with("```") {
                fenced = !fenced;
            } else if !fenced && line.starts_with('#') {
                out.push(github_anchor(line.trim_start_matches('#')));
            }
        }
        out
    };
    let targets = [
        ("docs/format.md", anchors("docs/format.md")),
        ("docs/deploy.md", anchors("docs/deploy.md")),
    ];
    let mut checked = 0;
    for (from, dir) in [
        ("README.md", ""),
        ("docs/README.md", "docs/"),
        ("docs/format.md", "docs/"),
        ("docs/deploy.md", "docs/"),
    ] {
        let text = std::fs::read_to_string(root.join(from)).unwrap();
        for (i, _) in text.match_indices("](") {
            let rest = &text[i + 2..];
            let Some(end) = rest.find(')') else { continue };
            let link = &rest[..end];
            let Some((file, anchor)) = link.split_once('#') else {
                continue;
            };
            let file = if file.is_empty() {
                from.to_string()
            } else {
                format!("{dir}{file}")
            };
            let Some((_, known)) = targets.iter().find(|(f, _)| *f == file) else {
                continue;
            };
            assert!(
                known.iter().any(|a| a == anchor),
                "{from}: the link {link} leads to no heading of {file}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} links checked");
}
