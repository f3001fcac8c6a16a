//! The diff engine on editions derived by hand from the 2017-18 NHS standards (whose previous
//! edition's text is not available): renumbered, merged, split, removed, added and amended
//! standards are each found, and the JSON is stable.

mod common;

use common::*;
use policybook::config::Config;
use policybook::content::{self, Edition, Standard};
use policybook::diff::{self, Change, Kind};

fn example_edition() -> Edition {
    let root = example_root();
    let site = content::load(&root, Config::load(&root).unwrap()).unwrap();
    site.catalogues[0].editions[0].clone()
}

fn std_of<'a>(e: &'a Edition, id: &str) -> &'a Standard {
    e.standards.iter().find(|s| s.id() == id).unwrap()
}

fn with_id(s: &Standard, id: &str) -> Standard {
    let mut s = s.clone();
    s.id.value = id.to_string();
    s
}

/// An "old" edition made from the real one: what the diff must find, read backwards.
fn derived_old(new: &Edition) -> Edition {
    let mut old = new.clone();
    old.id = "old".into();
    let mut standards = Vec::new();
    for s in &new.standards {
        match s.id() {
            // 1.1 amended: the old rationale lacked its last paragraph.
            "1.1" => {
                let mut o = s.clone();
                let r = o.rationale.clone().unwrap();
                o.rationale = Some(r.rsplit_once("\n\n").unwrap().0.to_string());
                standards.push(o);
            }
            // 1.2: the guidance list's first item moved to the end.
            "1.2" => {
                let mut o = s.clone();
                let first = o.guidance.remove(0);
                o.guidance.push(first);
                standards.push(o);
            }
            // 1.3 was 1.9 (renumbered, text unchanged).
            "1.3" => standards.push(with_id(s, "1.9")),
            // 1.4 was 1.8, and its headline was reworded (renumbered with fields).
            "1.4" => {
                let mut o = with_id(s, "1.8");
                o.headline = o.headline.replace("allocates", "provides");
                standards.push(o);
            }
            // 2.1 is old 2.1 and old 2.7 merged: 2.7 held the second half of the guidance list.
            "2.1" => {
                let mut a = s.clone();
                let half = a.guidance.len() / 2;
                let tail = a.guidance.split_off(half);
                let mut b = with_id(s, "2.7");
                b.guidance = tail;
                b.criteria = Default::default();
                standards.push(a);
                standards.push(b);
            }
            // 3.2 and 3.3 were split from one old 3.2 that held both.
            "3.2" => {
                let t = std_of(new, "3.3");
                let mut o = s.clone();
                o.criteria.not_met.extend(t.criteria.not_met.clone());
                o.criteria
                    .partially_met
                    .extend(t.criteria.partially_met.clone());
                o.criteria.met.extend(t.criteria.met.clone());
                o.guidance.extend(t.guidance.clone());
                o.links.extend(t.links.clone());
                o.rationale = Some(format!(
                    "{}\n\n{}",
                    o.rationale.clone().unwrap(),
                    t.rationale.clone().unwrap()
                ));
                o.headline = format!("{} {}", o.headline, t.headline);
                standards.push(o);
            }
            "3.3" => {}
            // 4.4 was added.
            "4.4" => {}
            _ => standards.push(s.clone()),
        }
    }
    // Old 3.16 was removed: a standard about something no new standard covers.
    let mut gone = std_of(new, "3.15").clone();
    gone.id.value = "3.16".into();
    gone.headline =
        "The organisation keeps a register of car parking permits issued to contractors.".into();
    gone.rationale = Some("Parking permits once identified visiting contractors on site.".into());
    gone.criteria = Default::default();
    gone.guidance.clear();
    gone.links.clear();
    standards.push(gone);
    old.standards = standards;
    old
}

fn find<'a>(changes: &'a [Change], old: &str) -> &'a Change {
    changes
        .iter()
        .find(|c| c.old.iter().any(|o| o == old))
        .unwrap_or_else(|| panic!("no change for old {old}"))
}

#[test]
fn finds_each_kind_of_change_on_derived_editions() {
    let new = example_edition();
    let old = derived_old(&new);
    let d = diff::diff(&old, &new);
    let c = find(&d.changes, "1.1");
    assert_eq!(
        (c.kind, c.new.clone(), c.fields.clone()),
        (
            Kind::Amended,
            vec!["1.1".into()],
            Some(vec!["rationale".into()])
        )
    );
    let c = find(&d.changes, "1.2");
    assert_eq!(
        (c.kind, c.fields.clone()),
        (Kind::Amended, Some(vec!["guidance".into()]))
    );
    let c = find(&d.changes, "1.9");
    assert_eq!(
        (c.kind, c.new.clone(), c.fields.clone()),
        (Kind::Renumbered, vec!["1.3".into()], Some(vec![]))
    );
    let c = find(&d.changes, "1.8");
    assert_eq!(
        (c.kind, c.new.clone(), c.fields.clone()),
        (
            Kind::Renumbered,
            vec!["1.4".into()],
            Some(vec!["headline".into()])
        )
    );
    let c = find(&d.changes, "2.7");
    assert_eq!(
        (c.kind, c.old.clone(), c.new.clone()),
        (
            Kind::Merged,
            vec!["2.1".into(), "2.7".into()],
            vec!["2.1".into()]
        )
    );
    let c = find(&d.changes, "3.2");
    assert_eq!(
        (c.kind, c.old.clone(), c.new.clone()),
        (
            Kind::Split,
            vec!["3.2".into()],
            vec!["3.2".into(), "3.3".into()]
        )
    );
    let c = find(&d.changes, "3.16");
    assert_eq!(
        (c.kind, c.new.clone(), c.fields.clone()),
        (Kind::Removed, vec![], None)
    );
    let added: Vec<&Change> = d.changes.iter().filter(|c| c.kind == Kind::Added).collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].new, ["4.4"]);
    // 8 of the 30 new standards are touched: 1.1, 1.2, 1.3, 1.4, 2.1, 3.2, 3.3 and 4.4.
    assert_eq!(d.count(Kind::Unchanged), 22, "everything else unchanged");
}

#[test]
fn diff_of_an_edition_with_itself_is_all_unchanged_and_renumbering_is_all_renumbered() {
    let new = example_edition();
    let d = diff::diff(&new, &new);
    assert_eq!(
        d.count(Kind::Unchanged),
        30,
        "{:?}",
        d.changes
            .iter()
            .filter(|c| c.kind != Kind::Unchanged)
            .collect::<Vec<_>>()
    );
    let mut old = new.clone();
    for s in &mut old.standards {
        s.id.value = format!("9.{}", s.id());
    }
    let d = diff::diff(&old, &new);
    assert_eq!(
        d.count(Kind::Renumbered),
        30,
        "{:?}",
        d.changes
            .iter()
            .filter(|c| c.kind != Kind::Renumbered)
            .collect::<Vec<_>>()
    );
    assert!(
        d.changes
            .iter()
            .all(|c| c.old[0] == format!("9.{}", c.new[0]))
    );
}

#[test]
fn the_json_is_stable_under_input_order() {
    let new = example_edition();
    let old = derived_old(&new);
    let a = serde_json::to_string(&diff::diff(&old, &new)).unwrap();
    let mut shuffled = old.clone();
    shuffled.standards.reverse();
    let mut new_shuffled = new.clone();
    new_shuffled.standards.rotate_left(7);
    let b = serde_json::to_string(&diff::diff(&shuffled, &new)).unwrap();
    assert_eq!(a, b);
    // The new edition's order decides the output order; a rotated one keeps the same pairs.
    let c: serde_json::Value = serde_json::to_value(diff::diff(&old, &new_shuffled)).unwrap();
    let a: serde_json::Value = serde_json::from_str(&a).unwrap();
    let sorted = |v: &serde_json::Value| {
        let mut x: Vec<String> = v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        x.sort();
        x
    };
    assert_eq!(sorted(&a), sorted(&c));
}

#[test]
fn unrelated_standards_are_removed_and_added_not_matched() {
    let new = example_edition();
    let mut old = new.clone();
    old.standards.retain(|s| s.id() == "1.1");
    let mut other = std_of(&new, "4.2").clone();
    other.id.value = "1.1".into();
    let mut new2 = new.clone();
    new2.standards = vec![other];
    let d = diff::diff(&old, &new2);
    let kinds: Vec<Kind> = d.changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [Kind::Added, Kind::Removed],
        "same id, different standard: no match"
    );
}

/// A site with two editions: 2019's 1.2 became 2020's 2.1, 1.3 was removed, 2.2 is new.
fn two_editions() -> tempfile::TempDir {
    let s = |id: &str, area: &str, headline: &str, rationale: &str| {
        format!(
            "id: \"{id}\"\narea: {area}\nheadline: \"{headline}\"\nrationale: \"{rationale}\"\n"
        )
    };
    let e2019 = EDITION.replace("2020", "2019");
    let changes = "against: \"2019\"\nchanges:\n  - { id: \"1.1\", text: \"No change.\" }\n  - { id: \"1.2\", text: \"Renumbered 2.1.\" }\n  - { id: \"1.3\", text: \"No change. (check)\" }\n";
    small_site(&[
        ("content/standards/cat/2019/edition.yaml", &e2019),
        // With two editions, a claim names its edition (the policy has no approval date).
        (
            "policies/security-policy.md",
            "---\ntitle: Security Policy\nkind: policy\nimplements: [\"cat/2020/1.1\"]\n---\n## 5 Roles\n\n5.1 The [LSMS](term:LSMS) meets [standard 2.1](std:2.1).\n",
        ),
        (
            "content/standards/cat/2019/1.1.yaml",
            &s(
                "1.1",
                "governance",
                "A board member leads security work.",
                "Leadership matters for security management work.",
            ),
        ),
        (
            "content/standards/cat/2019/1.2.yaml",
            &s(
                "1.2",
                "governance",
                "Staff are trained to report incidents.",
                "Reporting depends on staff knowing how to report violent incidents.",
            ),
        ),
        (
            "content/standards/cat/2019/1.3.yaml",
            &s(
                "1.3",
                "governance",
                "Parking permits are registered.",
                "Permits identify contractors on site.",
            ),
        ),
        (
            "content/standards/cat/2020/1.1.yaml",
            &s(
                "1.1",
                "governance",
                "A board member leads security work.",
                "Leadership matters for security management work.",
            ),
        ),
        ("content/standards/cat/2020/1.2.yaml", ""),
        (
            "content/standards/cat/2020/2.1.yaml",
            &s(
                "2.1",
                "prevention",
                "Staff are trained to report incidents.",
                "Reporting depends on staff knowing how to report violent incidents.",
            ),
        ),
        (
            "content/standards/cat/2020/2.2.yaml",
            &s(
                "2.2",
                "prevention",
                "Lone workers carry alarms.",
                "Alarms summon help quickly.",
            ),
        ),
        ("content/standards/cat/2020/changes.yaml", changes),
    ])
}

#[test]
fn policybook_diff_prints_each_format_and_fails_on_unknown_editions() {
    let site = two_editions();
    let o = policybook(
        &["diff", "cat/2019", "2020", "--format", "json"],
        site.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["old"], "cat/2019");
    assert_eq!(v["new"], "cat/2020");
    let changes: Vec<(String, String, String)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().into(),
                c["old"].to_string(),
                c["new"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("unchanged".into(), "[\"1.1\"]".into(), "[\"1.1\"]".into()),
            ("renumbered".into(), "[\"1.2\"]".into(), "[\"2.1\"]".into()),
            ("added".into(), "[]".into(), "[\"2.2\"]".into()),
            ("removed".into(), "[\"1.3\"]".into(), "[]".into()),
        ]
    );
    // The renumbered standard also moved area: `fields` names it.
    assert_eq!(v["changes"][1]["fields"], serde_json::json!(["area"]));
    // Declared changes, checked: 1.3 was declared unchanged (and unsure) but was removed.
    let d = &v["declared"];
    assert_eq!(d[0]["agrees"], true);
    assert_eq!(d[1]["agrees"], true);
    assert_eq!(d[2]["agrees"], false);
    assert!(
        d[2]["problem"]
            .as_str()
            .unwrap()
            .contains("declared no change, but computed removed 1.3"),
        "{d}"
    );

    let o = policybook(
        &["diff", "2019", "2020", "--format", "markdown"],
        site.path(),
    );
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("### Renumbered (1)"), "{md}");
    assert!(
        md.contains("- **1.2** -> **2.1** (inferred from the text, 100% alike)"),
        "{md}"
    );
    assert!(md.contains("*area*: ~~governance~~ **prevention**"), "{md}");
    let o = policybook(&["diff", "2019", "2020"], site.path());
    let human = String::from_utf8_lossy(&o.stdout);
    assert!(human.starts_with("cat/2019 -> cat/2020\n"), "{human}");
    assert!(
        human.contains("\n  1.2 -> 2.1 (inferred from the text, 100% alike)\n      area: [-governance-]{+prevention+}\n"),
        "{human}"
    );
    assert!(
        human.contains("1 renumbered, 1 removed, 1 added, 1 unchanged"),
        "{human}"
    );
    // Inferred lineage carries its evidence in the JSON; a kept id says it was not declared.
    assert_eq!(v["changes"][1]["declared"], false);
    assert_eq!(v["changes"][1]["similarity"], 1.0);
    assert_eq!(v["changes"][0]["declared"], false);

    let o = policybook(&["diff", "2018", "2020"], site.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no edition \"2018\" (editions: cat/2019, cat/2020)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_site_shows_changes_and_keeps_old_addresses_working() {
    let site = two_editions();
    let o = policybook(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |p: &str| std::fs::read_to_string(site.path().join("book").join(p)).unwrap();
    let changes = read("standards/cat/2020/changes.html");
    assert!(changes.contains("<h1>Changes since 2019</h1>"));
    assert!(changes.contains("<strong>1</strong> renumbered"));
    let s21 = read("standards/cat/2020/2.1.html");
    assert!(
        s21.contains("Changes since 2019")
            && s21.contains("href=\"../../../standards/cat/2019/1.2.html\">standard 1.2</a>"),
        "{s21}"
    );
    let old12 = read("standards/cat/2019/1.2.html");
    assert!(old12.contains("In Test standards 2020: renumbered, as <a href=\"../../../standards/cat/2020/2.1.html\">standard 2.1</a>"), "{old12}");
    // 2019's 1.2 and 1.3 at their old addresses in 2020.
    let moved = read("standards/cat/2020/1.2.html");
    assert!(
        moved.contains("is now\n<a href=\"../../../standards/cat/2020/2.1.html\">standard 2.1</a>"),
        "{moved}"
    );
    let removed = read("standards/cat/2020/1.3.html");
    assert!(removed.contains("was removed in"), "{removed}");
    let edition = read("standards/cat/2020/index.html");
    assert!(edition.contains("<strong>To check:</strong> the entry gives no clear verdict; declared no change, but computed removed 1.3"), "{edition}");
    let o = policybook(&["check"], site.path());
    assert!(
        o.status.success(),
        "every link of the diff pages resolves: {}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// NHS England's cloud tools guidance, kept in four yearly versions: its page links a diff
/// against each earlier version, and the diff shows the real year-to-year change.
#[test]
fn a_policy_links_a_diff_against_each_earlier_version() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("book");
    let o = policybook(
        &["build", "--dest-dir", dest.to_str().unwrap()],
        &example_root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let page =
        std::fs::read_to_string(dest.join("policies/national/nhse-cloud-apps-guidance.html"))
            .unwrap();
    for v in ["2023-01-27", "2022-06-24", "2021-09-30"] {
        assert!(
            page.contains(&format!(
                "href=\"../../policies/national/nhse-cloud-apps-guidance/{v}.html\""
            )),
            "links the diff against {v}"
        );
    }
    let d = std::fs::read_to_string(
        dest.join("policies/national/nhse-cloud-apps-guidance/2023-01-27.html"),
    )
    .unwrap();
    // 2023 -> 2024: "NHS England and NHS Improvement" became "NHS England".
    assert!(
        d.contains("with and for NHS England<del> and NHS Improvement</del>."),
        "{d}"
    );
    assert!(d.contains("block-changed"));
}

/// Lineage an author declares with `previous:` wins over what the text suggests.
#[test]
fn previous_declares_lineage_merges_and_splits() {
    let new = example_edition();
    let old = new.clone();
    let mut new2 = new.clone();
    for s in &mut new2.standards {
        match s.id() {
            // Declared: 1.1 comes from old 1.5 (the text says 1.1).
            "1.1" => s.previous = vec!["1.5".into()],
            // Declared: 2.1 merges old 2.1 and 2.2.
            "2.1" => s.previous = vec!["2.1".into(), "2.2".into()],
            // Declared: 3.1 and 3.2 were both split from old 3.1.
            "3.1" | "3.2" => s.previous = vec!["3.1".into()],
            _ => {}
        }
    }
    let d = diff::diff(&old, &new2);
    let c = d.for_new("1.1").unwrap();
    assert_eq!(
        (c.kind, c.old.clone()),
        (Kind::Renumbered, vec!["1.5".to_string()])
    );
    let c = d.for_new("2.1").unwrap();
    assert_eq!(
        (c.kind, c.old.clone()),
        (Kind::Merged, vec!["2.1".to_string(), "2.2".to_string()])
    );
    let c = d.for_new("3.2").unwrap();
    assert_eq!(
        (c.kind, c.old.clone(), c.new.clone()),
        (
            Kind::Split,
            vec!["3.1".to_string()],
            vec!["3.1".to_string(), "3.2".to_string()]
        )
    );
    // Old 1.1, no longer claimed, is matched by its text to nothing left: removed.
    assert_eq!(d.for_old("1.1").unwrap().kind, Kind::Removed);
}
