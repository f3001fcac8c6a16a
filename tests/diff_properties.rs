//! Properties of the diff engine, on random selections and orders of the example's standards:
//! an edition compared with itself is all unchanged; renumbering alone is all renumbered; the
//! result does not depend on the order the standards come in.

mod common;

use common::*;
use policybook::config::Config;
use policybook::content::{self, Edition};
use policybook::diff::{self, Kind};
use proptest::prelude::*;

fn example() -> &'static Edition {
    static E: std::sync::OnceLock<Edition> = std::sync::OnceLock::new();
    E.get_or_init(|| {
        let root = example_root();
        content::load(&root, Config::load(&root).unwrap())
            .unwrap()
            .catalogues[0]
            .editions[0]
            .clone()
    })
}

/// The example edition cut to the standards `keep` selects, in the order `order` gives.
fn subset(keep: &[bool], order: &[usize]) -> Edition {
    let e = example();
    let mut out = e.clone();
    out.standards = order
        .iter()
        .map(|i| i % e.standards.len())
        .filter(|i| keep[*i])
        .map(|i| e.standards[i].clone())
        .collect();
    out.standards.dedup_by(|a, b| a.id() == b.id());
    let mut seen = std::collections::HashSet::new();
    out.standards.retain(|s| seen.insert(s.id().to_string()));
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn an_edition_compared_with_itself_is_all_unchanged(keep in proptest::collection::vec(any::<bool>(), 30), order in Just((0..30).collect::<Vec<usize>>()).prop_shuffle()) {
        let e = subset(&keep, &order);
        let d = diff::diff(&e, &e);
        prop_assert_eq!(d.count(Kind::Unchanged), e.standards.len());
        prop_assert_eq!(d.changes.len(), e.standards.len());
    }

    #[test]
    fn renumbering_alone_is_all_renumbered(keep in proptest::collection::vec(any::<bool>(), 30), shift in 1u32..50) {
        let order: Vec<usize> = (0..30).collect();
        let new = subset(&keep, &order);
        let mut old = new.clone();
        for s in &mut old.standards {
            s.id.value = format!("{}.{}", 10 + shift, s.id());
        }
        let d = diff::diff(&old, &new);
        prop_assert_eq!(d.count(Kind::Renumbered), new.standards.len());
    }

    #[test]
    fn the_json_does_not_depend_on_input_order(keep in proptest::collection::vec(any::<bool>(), 30), a in Just((0..30).collect::<Vec<usize>>()).prop_shuffle(), b in Just((0..30).collect::<Vec<usize>>()).prop_shuffle(), drop in 0usize..30) {
        let old_a = subset(&keep, &a);
        let old_b = subset(&keep, &b);
        // The new edition: everything but one standard, in the edition's own order.
        let mut new = example().clone();
        new.standards.remove(drop);
        let ja = serde_json::to_string(&diff::diff(&old_a, &new)).unwrap();
        let jb = serde_json::to_string(&diff::diff(&old_b, &new)).unwrap();
        prop_assert_eq!(ja, jb);
    }
}
