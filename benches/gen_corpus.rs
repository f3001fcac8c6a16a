//! A benchmark corpus, deterministic from a seed: `N` policies of realistic size and shape
//! (numbered sections and paragraphs, lists, tables, cross-references to standards and to each
//! other) and `E` editions of a catalogue of `S` standards, as a policybook site. The same
//! Markdown bodies are also written as an mdBook book, a Hugo site and a Zola site (each with
//! minimal templates, and Zola with its search index on, as policybook's is), so that each
//! tool renders the same text.
//!
//! cargo run --release --example gen_corpus -- OUT POLICIES EDITIONS STANDARDS [SEED]

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "security",
    "staff",
    "patients",
    "incident",
    "report",
    "risk",
    "assessment",
    "lone",
    "workers",
    "access",
    "control",
    "premises",
    "property",
    "assets",
    "violence",
    "aggression",
    "training",
    "manager",
    "specialist",
    "board",
    "review",
    "policy",
    "procedure",
    "evidence",
    "monitoring",
    "organisation",
    "trust",
    "visitors",
    "keys",
    "badges",
    "vehicles",
    "medicines",
    "prescription",
    "forms",
    "lockdown",
    "CCTV",
    "theft",
    "damage",
    "sanctions",
    "redress",
    "publicity",
    "awareness",
    "culture",
    "partnership",
    "police",
    "local",
    "national",
    "annual",
    "plan",
    "objectives",
    "resources",
    "investment",
    "governance",
    "executive",
    "director",
    "duty",
    "ensure",
    "maintain",
    "appropriate",
    "effective",
    "regularly",
    "documented",
    "implemented",
    "evaluated",
];

fn sentence(r: &mut Rng, min: usize) -> String {
    let n = min + r.below(12);
    let mut s = String::new();
    for i in 0..n {
        let w = WORDS[r.below(WORDS.len())];
        if i == 0 {
            let mut c = w.chars();
            s.push_str(
                &c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default(),
            );
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap();
    }
    fs::write(path, text).unwrap();
}

/// A standard id of the catalogue: area.number.
fn std_id(k: usize) -> String {
    format!("{}.{}", k % 4 + 1, k / 4 + 1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: gen_corpus OUT POLICIES EDITIONS STANDARDS [SEED]");
        std::process::exit(2);
    }
    generate(
        Path::new(&args[0]),
        args[1].parse().unwrap(),
        args[2].parse().unwrap(),
        args[3].parse().unwrap(),
        args.get(4)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5EED_2017),
    );
}

/// Zola's configuration and minimal templates (it renders nothing without them), with its
/// search index on.
fn zola_site(zola: &Path) {
    write(
        &zola.join("config.toml"),
        "base_url = \"/\"\ntitle = \"Benchmark\"\ncompile_sass = false\nbuild_search_index = true\ngenerate_feeds = false\n\n[markdown]\nrender_emoji = false\n\n[search]\ninclude_content = true\n",
    );
    let base = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ config.title }}{% endblock %}</title></head><body><nav><a href=\"/\">Home</a></nav><main>{% block main %}{% endblock %}</main></body></html>\n";
    write(&zola.join("templates/base.html"), base);
    write(
        &zola.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock %}\n",
    );
    write(
        &zola.join("templates/section.html"),
        "{% extends \"base.html\" %}{% block title %}{{ section.title }}{% endblock %}{% block main %}<h1>{{ section.title }}</h1><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    );
    write(
        &zola.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ config.title }}</h1><ul>{% for s in section.subsections %}{% set sub = get_section(path=s) %}<li><a href=\"{{ sub.permalink }}\">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    );
    write(
        &zola.join("content/_index.md"),
        "+++\ntitle = \"Benchmark\"\n+++\n",
    );
}

/// Writes the corpus into `out` (replacing it): `out/policybook`, `out/mdbook`, `out/hugo`,
/// `out/zola`.
/// `tests/corpus.rs` runs it small.
pub fn generate(out: &Path, policies: usize, editions: usize, standards: usize, seed: u64) {
    let mut r = Rng(seed | 1);
    let _ = fs::remove_dir_all(out);
    let pb = out.join("policybook");
    let mdb = out.join("mdbook");
    let hugo = out.join("hugo");
    let zola = out.join("zola");
    zola_site(&zola);
    write(
        &pb.join("book.toml"),
        "[book]\ntitle = \"Benchmark\"\norganisation = \"Bench Trust\"\n",
    );
    write(
        &mdb.join("book.toml"),
        "[book]\ntitle = \"Benchmark\"\n\n[output.html]\n",
    );
    write(
        &hugo.join("hugo.toml"),
        "baseURL = \"/\"\ntitle = \"Benchmark\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n[markup.goldmark.renderer]\nunsafe = false\n",
    );
    // Minimal Hugo layouts: Hugo renders nothing without them.
    write(
        &hugo.join("layouts/_default/baseof.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><nav><a href=\"{{ relURL \"/\" }}\">Home</a></nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    );
    write(
        &hugo.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
    );
    write(
        &hugo.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    write(
        &hugo.join("layouts/index.html"),
        "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><ul>{{ range .Site.Sections }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    let mut summary = String::from("# Summary\n\n");

    // The catalogue: each edition rewords a few standards of the previous one.
    let mut texts: Vec<(String, Vec<String>, String)> = (0..standards)
        .map(|_| {
            (
                sentence(&mut r, 12),
                (0..4).map(|_| sentence(&mut r, 10)).collect(),
                sentence(&mut r, 30),
            )
        })
        .collect();
    for e in 0..editions {
        let ed = format!("{}", 2020 + e);
        let dir = pb.join(format!("content/standards/bench/{ed}"));
        write(
            &dir.join("edition.yaml"),
            &format!(
                "title: \"Benchmark standards {ed}\"\npublisher: Bench\npublished: {ed}-04-01\nareas:\n  - {{ id: a1, title: Governance }}\n  - {{ id: a2, title: Awareness }}\n  - {{ id: a3, title: Prevention }}\n  - {{ id: a4, title: Sanctions }}\n"
            ),
        );
        summary.push_str(&format!("- [Standards {ed}](standards-{ed}/index.md)\n"));
        write(
            &mdb.join(format!("src/standards-{ed}/index.md")),
            &format!("# Standards {ed}\n"),
        );
        write(
            &hugo.join(format!("content/standards-{ed}/_index.md")),
            &format!("---\ntitle: Standards {ed}\n---\n"),
        );
        write(
            &zola.join(format!("content/standards-{ed}/_index.md")),
            &format!("+++\ntitle = \"Standards {ed}\"\n+++\n"),
        );
        if e > 0 {
            for t in texts.iter_mut() {
                if r.below(10) == 0 {
                    t.0 = sentence(&mut r, 12);
                }
            }
        }
        for (k, (headline, met, rationale)) in texts.iter().enumerate() {
            let id = std_id(k);
            let mut y = format!(
                "id: \"{id}\"\narea: a{}\nheadline: \"{headline}\"\ncriteria:\n  not_met: [\"{}\"]\n  partially_met: []\n  met:\n",
                k % 4 + 1,
                met[0]
            );
            for m in met {
                let _ = writeln!(y, "    - \"{m}\"");
            }
            let _ = write!(
                y,
                "rationale: |\n  {rationale}\n  See [standard {0}](std:{0}).\nguidance:\n  - \"{1}\"\n  - \"{2}\"\n",
                std_id((k + 1) % standards),
                met[1],
                met[2]
            );
            write(&dir.join(format!("{id}.yaml")), &y);
            let body = format!(
                "{headline}\n\n## Criteria\n\n{}\n\n## Rationale\n\n{rationale}\n",
                met.iter()
                    .map(|m| format!("- {m}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            summary.push_str(&format!("  - [Standard {id}](standards-{ed}/{id}.md)\n"));
            write(
                &mdb.join(format!("src/standards-{ed}/{id}.md")),
                &format!("# Standard {id}\n\n{body}"),
            );
            write(
                &hugo.join(format!("content/standards-{ed}/{id}.md")),
                &format!("---\ntitle: \"Standard {id}\"\n---\n{body}"),
            );
            write(
                &zola.join(format!("content/standards-{ed}/{id}.md")),
                &format!("+++\ntitle = \"Standard {id}\"\n+++\n{body}"),
            );
        }
    }

    // Policies: numbered sections and paragraphs, a list, a table, cross-references.
    summary.push_str("- [Policies](policies/index.md)\n");
    write(&mdb.join("src/policies/index.md"), "# Policies\n");
    write(
        &hugo.join("content/policies/_index.md"),
        "---\ntitle: Policies\n---\n",
    );
    write(
        &zola.join("content/policies/_index.md"),
        "+++\ntitle = \"Policies\"\n+++\n",
    );
    for p in 0..policies {
        let id = format!("policy-{p:05}");
        let mut pbody = String::new();
        let mut plain = String::new();
        // Zola checks its internal links (`@/` and the content file's path) as it builds.
        let mut zbody = String::new();
        for sec in 1..=6 {
            let title = sentence(&mut r, 2);
            let _ = write!(pbody, "## {sec} {}\n\n", title.trim_end_matches('.'));
            let _ = write!(plain, "## {sec} {}\n\n", title.trim_end_matches('.'));
            let _ = write!(zbody, "## {sec} {}\n\n", title.trim_end_matches('.'));
            for para in 1..=4 {
                let text = sentence(&mut r, 25);
                let s = std_id(r.below(standards.max(1)));
                let other = format!("policy-{:05}", r.below(policies));
                let _ = write!(
                    pbody,
                    "{sec}.{para} {text} This meets [standard {s}](std:bench/{s}); see also [{other} §1.1](policy:{other}#1.1).\n\n"
                );
                let _ = write!(
                    plain,
                    "{sec}.{para} {text} This meets [standard {s}](../standards-{}/{s}.md); see also [{other} §1.1]({other}.md).\n\n",
                    2020 + editions - 1
                );
                let _ = write!(
                    zbody,
                    "{sec}.{para} {text} This meets [standard {s}](@/standards-{}/{s}.md); see also [{other} §1.1](@/policies/{other}.md).\n\n",
                    2020 + editions - 1
                );
            }
            if sec == 2 {
                for _ in 0..5 {
                    let item = sentence(&mut r, 6);
                    let _ = writeln!(pbody, "- {item}");
                    let _ = writeln!(plain, "- {item}");
                    let _ = writeln!(zbody, "- {item}");
                }
                pbody.push('\n');
                plain.push('\n');
                zbody.push('\n');
            }
            if sec == 4 {
                let table = "| Role | Responsibility |\n|---|---|\n| Director | Board reporting |\n| Specialist | Risk assessments |\n| Managers | Local procedures |\n\n";
                pbody.push_str(table);
                plain.push_str(table);
                zbody.push_str(table);
            }
        }
        let title = format!("Policy {p}: {}", sentence(&mut r, 3).trim_end_matches('.'));
        write(
            &pb.join(format!("policies/{id}.md")),
            &format!(
                "---\ntitle: \"{title}\"\nkind: policy\nversion: \"1.0\"\nowner: Director\napproved: 2024-01-01\nreview: 2027-01-01\nimplements: [\"bench/{}\"]\n---\n{pbody}",
                std_id(p % standards.max(1))
            ),
        );
        summary.push_str(&format!("  - [{title}](policies/{id}.md)\n"));
        write(
            &mdb.join(format!("src/policies/{id}.md")),
            &format!("# {title}\n\n{plain}"),
        );
        write(
            &hugo.join(format!("content/policies/{id}.md")),
            &format!("---\ntitle: \"{title}\"\n---\n{plain}"),
        );
        write(
            &zola.join(format!("content/policies/{id}.md")),
            &format!("+++\ntitle = \"{title}\"\n+++\n{zbody}"),
        );
    }
    write(&mdb.join("src/SUMMARY.md"), &summary);
    println!(
        "{} policies and {} editions of {} standards ({} pages of content) in {}",
        policies,
        editions,
        standards,
        policies + editions * standards,
        out.display()
    );
}
