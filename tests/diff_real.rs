//! The edition diff on a real publisher's data: NIST SP 800-53 revision 4 to revision 5
//! (`examples/nist-800-53`). Every figure here can be checked against NIST's own data: the
//! controls present in both revisions, the 85 controls rev5 keeps only as withdrawn
//! placeholders, and the 267 ids new in rev5.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;

fn nist() -> serde_json::Value {
    let root = example_root().join("examples/nist-800-53");
    let o = policybook(&["diff", "rev4", "rev5", "--format", "json"], &root);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn nist_rev4_to_rev5_keeps_every_live_control_and_reports_withdrawals_as_such() {
    let d = nist();
    let changes = d["changes"].as_array().unwrap();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_old: BTreeMap<String, &serde_json::Value> = BTreeMap::new();
    let mut added: BTreeSet<String> = BTreeSet::new();
    for c in changes {
        *kinds.entry(c["kind"].as_str().unwrap()).or_default() += 1;
        for id in ids(&c["old"]) {
            by_old.insert(id, c);
        }
        if c["kind"] == "added" {
            added.extend(ids(&c["new"]));
        }
    }
    // NIST withdrew 85 controls that were in force in rev4; each is `withdrawn`.
    assert_eq!(kinds["withdrawn"], 85, "{kinds:?}");
    // No control in force in both revisions is removed: the two removed are rev4
    // withdrawals that rev5 prints again (SI-2(4) reinstated, CP-10(3) as a note).
    assert_eq!(kinds.get("removed"), Some(&2), "{kinds:?}");
    for id in ["SI-2(4)", "CP-10(3)"] {
        assert_eq!(by_old[id]["kind"], "removed", "{id}");
    }
    // AU-2 "Audit Events" became "Event Logging": the same control, amended.
    assert_eq!(by_old["AU-2"]["kind"], "amended");
    assert_eq!(ids(&by_old["AU-2"]["new"]), ["AU-2"]);
    // AC-3(13) is new, not split from AC-3(7), whose wording it echoes.
    assert!(added.contains("AC-3(13)"));
    assert_eq!(by_old["AC-3(7)"]["kind"], "amended");
    // What was added is what rev5 has and rev4 has not (but AC-12(2), split from AC-12(1)),
    // and the two reinstated.
    assert_eq!(added.len(), 267 - 1 + 2);
    // The one split the text supports: AC-12(1)'s logout message became AC-12(2).
    assert_eq!(kinds.get("split"), Some(&1), "{kinds:?}");
    assert_eq!(ids(&by_old["AC-12(1)"]["new"]), ["AC-12(1)", "AC-12(2)"]);
    assert!(!kinds.contains_key("merged") && !kinds.contains_key("renumbered"));
    // A withdrawal's successor found in the text, with its evidence: NIST moved CA-3(1)
    // to SC-7(25).
    let ca3 = by_old["CA-3(1)"];
    assert_eq!(ca3["kind"], "withdrawn");
    assert_eq!(ids(&ca3["into"]), ["SC-7(25)"]);
    assert_eq!(ca3["declared"], false);
    assert!(ca3["similarity"].as_f64().unwrap() >= 0.8, "{ca3}");
    // Controls withdrawn in both revisions stay as they were.
    assert_eq!(by_old["AC-3(1)"]["kind"], "unchanged");
}

#[test]
fn the_human_report_names_controls_by_title_and_shows_the_changed_words() {
    let root = example_root().join("examples/nist-800-53");
    let o = policybook(&["diff", "rev4", "rev5"], &root);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("  CA-3(1) Unclassified National Security System Connections -> into SC-7(25) Unclassified National Security System Connections (inferred from the text, "),
        "{out}"
    );
    assert!(
        out.contains("\n  AU-2 Event Logging\n      title: [-Audit Events-]{+Event Logging+}\n"),
        "{out}"
    );
}

/// Two editions in which the publisher reused ids for other requirements, and declared where
/// each old one went in `lineage.yaml`.
fn reused_ids(lineage: bool) -> tempfile::TempDir {
    let ed = |year: &str| {
        format!(
            "title: Reused {year}\npublisher: P\npublished: {year}-01-01\nareas:\n  - {{ id: a, title: A }}\n"
        )
    };
    let texts_2020 = [
        "Verify that passwords are at least twelve characters long.",
        "Verify that session tokens expire after logout.",
        "Verify that uploaded files are scanned for malware.",
        "Verify that audit logs are protected from tampering.",
        "Verify that TLS is used for all connections.",
        "Verify that secrets are not stored in source code.",
        "Verify that rate limiting protects the login form.",
        "Verify that error messages reveal no stack traces.",
        "Verify that cookies carry the secure attribute.",
        "Verify that backups are encrypted at rest.",
        "Verify that dependencies are checked for known vulnerabilities.",
        "Verify that administrators use multi-factor authentication.",
    ];
    let mut files: Vec<(String, String)> = vec![
        ("book.toml".into(), BOOK_TOML.into()),
        ("content/standards/r/2020/edition.yaml".into(), ed("2020")),
        ("content/standards/r/2021/edition.yaml".into(), ed("2021")),
    ];
    // 2021 keeps every text but shifts it to the next id: each old id now holds another
    // requirement, and "1.1" holds a new one.
    for (k, t) in texts_2020.iter().enumerate() {
        let (old, new) = (format!("1.{}", k + 1), format!("1.{}", k + 2));
        files.push((
            format!("content/standards/r/2020/{old}.yaml"),
            format!("id: \"{old}\"\narea: a\nheadline: {t}\n"),
        ));
        files.push((
            format!("content/standards/r/2021/{new}.yaml"),
            format!("id: \"{new}\"\narea: a\nheadline: {t}\n"),
        ));
    }
    files.push((
        "content/standards/r/2021/1.1.yaml".into(),
        "id: \"1.1\"\narea: a\nheadline: Verify that canonical decoding happens once.\n".into(),
    ));
    if lineage {
        // The publisher declares 1.1 deleted and the rest moved, except that it says 1.12
        // went to 1.2 (a declaration the text would not support: it wins all the same).
        let mut l = String::from(
            "against: \"2020\"\nsource: P's mapping\nentries:\n  - { old: \"1.1\", verb: deleted }\n",
        );
        for k in 2..=12 {
            let new = if k == 12 {
                "1.2".to_string()
            } else {
                format!("1.{}", k + 1)
            };
            l.push_str(&format!(
                "  - {{ old: \"1.{k}\", verb: moved, new: \"{new}\" }}\n"
            ));
        }
        files.push(("content/standards/r/2021/lineage.yaml".into(), l));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    site(&refs)
}

fn kinds_of(
    site: &std::path::Path,
    extra: &[&str],
) -> BTreeMap<String, (String, Vec<String>, bool)> {
    let mut args = vec!["diff", "2020", "2021", "--format", "json"];
    args.extend_from_slice(extra);
    let o = policybook(&args, site);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !ids(&c["old"]).is_empty())
        .map(|c| {
            (
                ids(&c["old"])[0].clone(),
                (
                    c["kind"].as_str().unwrap().to_string(),
                    ids(&c["new"]),
                    c["declared"].as_bool().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn a_reused_id_is_no_continuity_and_the_text_finds_where_each_went() {
    let site = reused_ids(false);
    let k = kinds_of(site.path(), &[]);
    for n in 1..=12 {
        let (old, new) = (format!("1.{n}"), format!("1.{}", n + 1));
        assert_eq!(
            k[&old],
            ("renumbered".to_string(), vec![new], false),
            "{old}"
        );
    }
}

#[test]
fn declared_lineage_comes_first_and_inferred_ignores_it() {
    let site = reused_ids(true);
    let k = kinds_of(site.path(), &[]);
    assert_eq!(k["1.1"], ("removed".to_string(), vec![], true));
    assert_eq!(
        k["1.2"],
        ("renumbered".to_string(), vec!["1.3".to_string()], true)
    );
    // The declaration wins over the text: 1.12 went to 1.2, as the publisher says.
    assert_eq!(
        k["1.12"],
        ("renumbered".to_string(), vec!["1.2".to_string()], true)
    );
    // --inferred ignores the lineage file and finds what the text says.
    let k = kinds_of(site.path(), &["--inferred"]);
    assert_eq!(
        k["1.12"],
        ("renumbered".to_string(), vec!["1.13".to_string()], false)
    );
    assert_eq!(
        k["1.1"],
        ("renumbered".to_string(), vec!["1.2".to_string()], false)
    );
}

/// OWASP's own mapping of ASVS 4.0.3 to 5.0.0: every (old, new) pair it names, and those it
/// says were MOVED TO.
/// (old id, new id) pairs.
type Pairs = BTreeSet<(String, String)>;

fn owasp_mapping() -> (Pairs, Pairs) {
    let path = example_root().join("examples/owasp-asvs/data/mapping_v4.0.3_to_v5.0.0.yml");
    let text = std::fs::read_to_string(path).unwrap();
    let ids = regex::Regex::new(r"v5\.0\.0-([\d.]*\d)").unwrap();
    let moved_to = regex::Regex::new(r"MOVED TO v5\.0\.0-([\d.]*\d)").unwrap();
    let (mut pairs, mut moved) = (BTreeSet::new(), BTreeSet::new());
    let mut old = String::new();
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("v4.0.3-") {
            old = id.trim_end_matches(':').to_string();
        }
        for c in ids.captures_iter(line) {
            pairs.insert((old.clone(), c[1].to_string()));
        }
        for c in moved_to.captures_iter(line) {
            moved.insert((old.clone(), c[1].to_string()));
        }
    }
    (pairs, moved)
}

/// Every (old, new) lineage pair of a diff: a standard to what it became, or to what a
/// withdrawn one went into.
fn lineage_pairs(v: &serde_json::Value) -> Pairs {
    let mut out = BTreeSet::new();
    for c in v["changes"].as_array().unwrap() {
        let mut to = ids(&c["new"]);
        if to.is_empty() && c["into"].is_array() {
            to = ids(&c["into"]);
        }
        for o in ids(&c["old"]) {
            for n in &to {
                out.insert((o.clone(), n.clone()));
            }
        }
    }
    out
}

/// The figures in the README: on OWASP ASVS 4.0.3 to 5.0.0, the lineage inferred from the
/// text alone (OWASP reused ids for other requirements) is at least 95% precise against
/// OWASP's mapping and finds at least 60% of its MOVED pairs; with the mapping declared, the
/// diff says exactly what the mapping says.
#[test]
fn asvs_inference_against_owasps_mapping() {
    let root = example_root().join("examples/owasp-asvs");
    let (pairs, moved) = owasp_mapping();
    assert_eq!(moved.len(), 156, "OWASP says 156 requirements MOVED");
    let run = |extra: &[&str]| {
        let mut args = vec!["diff", "4.0.3", "5.0.0", "--format", "json"];
        args.extend_from_slice(extra);
        let o = policybook(&args, &root);
        assert!(o.status.success(), "{}", stderr(&o));
        lineage_pairs(&serde_json::from_slice(&o.stdout).unwrap())
    };
    let inferred = run(&["--inferred"]);
    let right = inferred.intersection(&pairs).count();
    let found = inferred.intersection(&moved).count();
    let precision = right as f64 / inferred.len() as f64;
    let recall = found as f64 / moved.len() as f64;
    println!(
        "inferred: {} pairs, {right} in OWASP's mapping (precision {precision:.3}); {found} of {} MOVED pairs (recall {recall:.3})",
        inferred.len(),
        moved.len()
    );
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.60, "recall {recall:.3}");
    // Declared: the diff and the mapping agree pair for pair.
    assert_eq!(run(&[]), pairs);
}

/// ASD never reuses an id: across every pair of ISM releases, each control both releases hold
/// stays itself, even where a new control took over most of its words.
#[test]
fn ism_releases_keep_every_id_both_hold() {
    let root = example_root().join("examples/asd-ism");
    for (old, new) in [
        ("2022.09.14", "2023.12.1"),
        ("2023.12.1", "2024.12.19"),
        ("2024.12.19", "2025.12.9"),
    ] {
        let o = policybook(&["diff", old, new, "--format", "json"], &root);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let changes = v["changes"].as_array().unwrap();
        let news: BTreeSet<String> = changes.iter().flat_map(|c| ids(&c["new"])).collect();
        let mut both = 0;
        for c in changes {
            for id in ids(&c["old"]).into_iter().filter(|id| news.contains(id)) {
                both += 1;
                assert!(
                    ids(&c["new"]).contains(&id),
                    "{old} -> {new}: {id} broken: {c}"
                );
            }
        }
        assert!(both > 800, "{both}");
    }
}

/// CAF 4.0 gave A2.b to a new outcome ("Understanding Threat") and moved 3.2's A2.b
/// ("Assurance") to A2.c: the id's change of meaning a policy owner must not miss.
#[test]
fn caf_a2b_changed_meaning_and_its_old_outcome_moved_to_a2c() {
    let root = example_root().join("examples/ncsc-caf");
    let o = policybook(&["diff", "3.2", "4.0", "--format", "json"], &root);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let of_old = |id: &str| {
        changes
            .iter()
            .find(|c| ids(&c["old"]).contains(&id.to_string()))
            .unwrap()
    };
    let a2b = of_old("A2.b");
    assert_eq!(a2b["kind"], "renumbered", "{a2b}");
    assert_eq!(ids(&a2b["new"]), ["A2.c"]);
    let new_a2b = changes.iter().find(|c| ids(&c["new"]) == ["A2.b"]).unwrap();
    assert_eq!(new_a2b["kind"], "added", "{new_a2b}");
}
