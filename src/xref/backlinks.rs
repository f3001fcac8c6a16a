//! Who links to what: the "what links here" list of every target, and how one page's links
//! changed (for `serve`'s rebuild of one policy).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::routes::Linked;

/// A page that links to a target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    pub path: String,
    pub title: String,
}

/// What links to each target, keyed by [`super::Target::key`]; each list sorted and without repeats.
#[derive(Debug, Default)]
pub struct Backlinks {
    links: BTreeMap<Linked, BTreeSet<Backlink>>,
    /// Document codes (`POL/004/037`) mentioned in the text that no policy of the site bears,
    /// with the pages that mention them: shown in a report, not as broken links.
    pub unknown_codes: BTreeMap<String, BTreeSet<Backlink>>,
    /// Content files (relative to the site root) that hold a link the index cannot vouch
    /// for, each with the pages the texts holding one belong to: an internal address that is
    /// no cross-reference (`/x.html`, `../../index.html`, `#top`), an image, raw HTML that may
    /// make a link or an id, an anchor the index takes on trust (`std:1.1#rationale`), or an
    /// internal address in a data field the templates write as it is (a reference's `url`).
    /// Only the pages that show these texts can have a broken link (with the built-in
    /// templates): `check` renders those alone (see `check::model`).
    pub suspect: BTreeMap<PathBuf, BTreeSet<Backlink>>,
    /// How many links of the texts resolved: cross-references and relative links to Markdown
    /// files and attachments, each checked by resolving it (one that leads nowhere stops the
    /// build). `check` from the model counts them as checked.
    pub resolved: usize,
}

impl Backlinks {
    pub fn get(&self, key: &Linked) -> Vec<&Backlink> {
        self.links
            .get(key)
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    }
}

/// What changed between two sets of links of one page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LinkChanges {
    /// Targets the page links to now and did not, or did and does not.
    pub keys: BTreeSet<Linked>,
    /// Whether the unknown codes it mentions changed.
    pub unknown_codes: bool,
}

impl Backlinks {
    /// How the links of one page changed from `self` (as it was) to `new` (as it is now).
    pub fn changes(&self, new: &Backlinks) -> LinkChanges {
        fn differ(
            old: &BTreeMap<Linked, BTreeSet<Backlink>>,
            new: &BTreeMap<Linked, BTreeSet<Backlink>>,
        ) -> BTreeSet<Linked> {
            old.keys()
                .chain(new.keys())
                .filter(|k| old.get(*k) != new.get(*k))
                .cloned()
                .collect()
        }
        LinkChanges {
            keys: differ(&self.links, &new.links),
            unknown_codes: self.unknown_codes != new.unknown_codes,
        }
    }

    /// Replaces one page's links (`old`, as it was) with `new` (as it is now), both made by
    /// the same function for that page.
    pub fn replace(&mut self, old: &Backlinks, new: &Backlinks) {
        fn apply<K: Ord + Clone>(
            map: &mut BTreeMap<K, BTreeSet<Backlink>>,
            old: &BTreeMap<K, BTreeSet<Backlink>>,
            new: &BTreeMap<K, BTreeSet<Backlink>>,
        ) {
            for (k, from) in old {
                if new.get(k) != Some(from)
                    && let Some(set) = map.get_mut(k)
                {
                    for b in from {
                        set.remove(b);
                    }
                    if set.is_empty() {
                        map.remove(k);
                    }
                }
            }
            for (k, from) in new {
                if old.get(k) != Some(from) {
                    map.entry(k.clone())
                        .or_default()
                        .extend(from.iter().cloned());
                }
            }
        }
        apply(&mut self.links, &old.links, &new.links);
        apply(
            &mut self.unknown_codes,
            &old.unknown_codes,
            &new.unknown_codes,
        );
        apply(&mut self.suspect, &old.suspect, &new.suspect);
        self.resolved = (self.resolved + new.resolved).saturating_sub(old.resolved);
    }

    pub(super) fn add(&mut self, key: Linked, from: &Backlink) {
        self.links.entry(key).or_default().insert(from.clone());
    }

    pub(super) fn merge(&mut self, other: Backlinks) {
        for (k, v) in other.links {
            self.links.entry(k).or_default().extend(v);
        }
        for (k, v) in other.unknown_codes {
            self.unknown_codes.entry(k).or_default().extend(v);
        }
        for (k, v) in other.suspect {
            self.suspect.entry(k).or_default().extend(v);
        }
        self.resolved += other.resolved;
    }

    /// Records that `page`'s text in `source` holds a link the index cannot vouch for.
    pub(super) fn add_suspect(&mut self, source: &std::path::Path, page: &Backlink) {
        self.suspect
            .entry(source.to_path_buf())
            .or_default()
            .insert(page.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> Backlink {
        Backlink {
            path: path.into(),
            title: path.into(),
        }
    }

    /// Two standards of one imported catalogue file, each with a link the index cannot
    /// vouch for; `serve` replaces one standard's links at a time.
    #[test]
    fn replacing_one_pages_links_keeps_the_other_pages_suspect_texts() {
        let file = std::path::Path::new("data/catalogue.yaml");
        let unit = |path: &str, suspect: bool, resolved: usize| {
            let mut b = Backlinks {
                resolved,
                ..Backlinks::default()
            };
            if suspect {
                b.add_suspect(file, &page(path));
            }
            b
        };
        let mut all = Backlinks::default();
        all.merge(unit("a.html", true, 2));
        all.merge(unit("b.html", true, 3));
        assert_eq!(all.resolved, 5);
        // `a`'s suspect link fixed: `b`'s is still there.
        all.replace(&unit("a.html", true, 2), &unit("a.html", false, 1));
        assert_eq!(all.suspect[file], BTreeSet::from([page("b.html")]));
        assert_eq!(all.resolved, 4);
        // `b`'s fixed too: the file holds none.
        all.replace(&unit("b.html", true, 3), &unit("b.html", false, 3));
        assert!(all.suspect.is_empty());
        // And one broken again.
        all.replace(&unit("b.html", false, 3), &unit("b.html", true, 3));
        assert_eq!(all.suspect[file], BTreeSet::from([page("b.html")]));
    }
}
