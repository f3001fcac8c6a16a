//! What a publisher declares about where standards went: withdrawn standards, `previous`, and
//! an edition's `lineage.yaml`. Each id they name must exist, or the build stops at its line.

mod common;

use common::*;

const ED21: &str = "title: Test standards 2021\npublisher: Test Publisher\npublished: 2021-04-01\nareas:\n  - id: governance\n    title: Governance\n  - id: prevention\n    title: Prevention\n";

/// The small site with a 2021 edition: 1.1 kept, 1.2 withdrawn into 1.1, 2.1 moved to 2.5.
fn two_editions(extra: &[(&'static str, &'static str)]) -> tempfile::TempDir {
    let mut files = vec![
        ("content/standards/cat/2021/edition.yaml", ED21),
        (
            "content/standards/cat/2021/1.1.yaml",
            "id: \"1.1\"\narea: governance\ntitle: Leadership\nheadline: A board member leads security work.\n",
        ),
        (
            "content/standards/cat/2021/1.2.yaml",
            "id: \"1.2\"\narea: governance\ntitle: Board support\nwithdrawn:\n  into: [\"1.1\"]\n  note: Incorporated into 1.1.\n",
        ),
        (
            "content/standards/cat/2021/2.5.yaml",
            "id: \"2.5\"\narea: prevention\nheadline: Prevent crime.\nprevious: \"2.1\"\n",
        ),
        // The policy names its standards by edition now that there are two.
        (
            "policies/security-policy.md",
            "---\ntitle: Security Policy\nkind: policy\n---\nText.\n",
        ),
    ];
    files.extend_from_slice(extra);
    small_site(&files)
}

#[test]
fn a_withdrawn_standard_needs_no_headline_and_the_site_builds() {
    let site = two_editions(&[]);
    let o = policybook(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        site.path()
            .join("book/standards/cat/2021/1.2.html")
            .is_file()
    );
}

#[test]
fn a_standard_without_headline_that_is_not_withdrawn_is_an_error_at_its_file() {
    let site = two_editions(&[(
        "content/standards/cat/2021/1.2.yaml",
        "id: \"1.2\"\narea: governance\ntitle: Board support\n",
    )]);
    let o = policybook(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("standard \"1.2\" has no `headline`"), "{err}");
    assert!(
        err.contains("content/standards/cat/2021/1.2.yaml:1:1"),
        "{err}"
    );
}

#[test]
fn previous_and_withdrawal_ids_must_exist_with_a_suggestion() {
    let site = two_editions(&[
        (
            "content/standards/cat/2021/2.5.yaml",
            "id: \"2.5\"\narea: prevention\nheadline: Prevent crime.\nprevious: \"2.2\"\n",
        ),
        (
            "content/standards/cat/2021/1.2.yaml",
            "id: \"1.2\"\narea: governance\nwithdrawn:\n  into: [\"1.9\"]\n",
        ),
    ]);
    let o = policybook(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("previous \"2.2\" is not a standard of cat/2020 (did you mean"),
        "{err}"
    );
    assert!(
        err.contains("content/standards/cat/2021/2.5.yaml:4:12"),
        "{err}"
    );
    assert!(
        err.contains("withdrawn into \"1.9\" is not a standard of cat/2021"),
        "{err}"
    );
    assert!(
        err.contains("content/standards/cat/2021/1.2.yaml:4:11"),
        "{err}"
    );
}

#[test]
fn a_lineage_file_is_checked_entry_by_entry() {
    let good = two_editions(&[(
        "content/standards/cat/2021/lineage.yaml",
        "against: \"2020\"\nsource: Test Publisher's mapping\nentries:\n  - { old: \"1.1\", verb: moved, new: \"1.1\" }\n  - { old: \"1.2\", verb: merged, new: [\"1.1\"] }\n  - { old: \"2.1\", verb: moved, new: [\"2.5\"] }\n",
    )]);
    let o = policybook(&["build"], good.path());
    assert!(o.status.success(), "{}", stderr(&o));

    let bad = two_editions(&[(
        "content/standards/cat/2021/lineage.yaml",
        "against: \"2020\"\nentries:\n  - { old: \"1.3\", verb: moved, new: \"1.1\" }\n  - { old: \"1.2\", verb: deleted, new: [\"1.1\"] }\n  - { old: \"2.1\", verb: split, new: [\"2.5\", \"2.6\"] }\n  - { old: \"2.1\", verb: moved, new: [\"2.5\"] }\n",
    )]);
    let o = policybook(&["build"], bad.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let file = "content/standards/cat/2021/lineage.yaml";
    for (message, at) in [
        ("old \"1.3\" is not a standard of cat/2020", ":3:13"),
        ("lineage of \"1.2\" does not add up", ":4:13"),
        ("new \"2.6\" is not a standard of cat/2021", ":5:46"),
        ("\"2.1\" has two entries in lineage.yaml", ":6:13"),
    ] {
        assert!(err.contains(message), "{message}: {err}");
        assert!(
            err.contains(&format!("{file}{at}")),
            "{message} at {at}: {err}"
        );
    }

    let wrong_edition = two_editions(&[(
        "content/standards/cat/2021/lineage.yaml",
        "against: \"2019\"\nentries: []\n",
    )]);
    let o = policybook(&["build"], wrong_edition.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "lineage.yaml is against edition \"2019\", but the edition before cat/2021 is cat/2020"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_unknown_verb_is_an_error_that_lists_the_verbs() {
    let site = two_editions(&[(
        "content/standards/cat/2021/lineage.yaml",
        "against: \"2020\"\nentries:\n  - { old: \"1.1\", verb: renamed, new: \"1.1\" }\n",
    )]);
    let o = policybook(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("renamed") && err.contains("covered-by"),
        "{err}"
    );
}
