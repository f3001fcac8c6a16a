//! OWASP's ASVS mapping file as an edition's declared lineage: `edition.yaml` names it with
//! `lineage: { owasp: <file> }`. The file, as OWASP publishes it
//! (`mapping_v4.0.3_to_v5.0.0.yml`), maps each old requirement (`v4.0.3-1.2.4`) to OWASP's
//! words for its fate (`tag-v5.0.0: MODIFIED, MOVED TO v5.0.0-6.1.3, SPLIT TO v5.0.0-6.3.4`).
//! Those words become one [`Verb`] and the new ids; the words themselves are kept as the
//! entry's note, so nothing OWASP says is lost.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::lineage::{Lineage, LineageEntry, Verb};
use super::source::read_source;
use super::yaml;
use crate::diagnostic::{Diagnostic, Diagnostics, Source};

/// The file's entries in file order: old id, then the `tag-v<new>` key and OWASP's words.
struct Mapping(Vec<(Spanned<String>, Spanned<String>, Spanned<String>)>);

impl<'de> Deserialize<'de> for Mapping {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Tags(Vec<(Spanned<String>, Spanned<String>)>);
        impl<'de> Deserialize<'de> for Tags {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Tags;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("`tag-v<edition>: <OWASP's words>`")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Tags, A::Error> {
                        let mut out = Vec::new();
                        while let Some(k) = m.next_key()? {
                            out.push((k, m.next_value()?));
                        }
                        Ok(Tags(out))
                    }
                }
                d.deserialize_map(V)
            }
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Mapping;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "OWASP's mapping: `v<edition>-<id>:` keys, each with a `tag-v<edition>:`",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Mapping, A::Error> {
                let mut out = Vec::new();
                while let Some(old) = m.next_key::<Spanned<String>>()? {
                    for (tag, words) in m.next_value::<Tags>()?.0 {
                        out.push((old.clone(), tag, words));
                    }
                }
                Ok(Mapping(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// `v4.0.3-1.2.4` -> (`4.0.3`, `1.2.4`).
fn split_id(s: &str) -> Option<(&str, &str)> {
    let (v, id) = s.strip_prefix('v')?.split_once('-')?;
    (!v.is_empty() && !id.is_empty()).then_some((v, id))
}

/// OWASP's words as a verb and the new ids, in the order written, or what is not understood.
/// Clauses are comma-separated; an id continues the clause before it ("SPLIT TO a, b").
pub fn parse_words(words: &str, new_edition: &str) -> Result<(Verb, Vec<String>), String> {
    let (mut moved, mut modified, mut deleted) = (false, false, false);
    let (mut split, mut merged, mut covered) = (false, false, false);
    let mut new = Vec::new();
    for clause in words.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let (head, id) = [
            "MOVED TO ",
            "SPLIT TO ",
            "MERGED TO ",
            "COVERED BY ",
            "DEPRECATED BY ",
        ]
        .iter()
        .find_map(|p| clause.strip_prefix(p).map(|rest| (p.trim(), rest.trim())))
        .unwrap_or(("", clause));
        let id = match split_id(id) {
            Some((v, id)) if v == new_edition => Some(id),
            Some((v, _)) => {
                return Err(format!(
                    "names an id of v{v}, not of this edition (v{new_edition})"
                ));
            }
            None => None,
        };
        match (head, id) {
            ("MOVED TO", Some(_)) => moved = true,
            ("SPLIT TO", Some(_)) => split = true,
            ("MERGED TO", Some(_)) => merged = true,
            ("COVERED BY" | "DEPRECATED BY", Some(_)) => covered = true,
            ("", Some(_)) if !new.is_empty() => {}
            ("", None) if clause == "MODIFIED" || clause == "GRAMMAR" => {
                modified |= clause == "MODIFIED";
            }
            ("", None) if clause == "DELETED" => deleted = true,
            // DELETED's reason: NOT IN SCOPE, INSUFFICIENT IMPACT, ... (kept in the note).
            ("", None) if deleted && new.is_empty() => {}
            ("", None) if clause.contains(" FROM ") || clause == "ADDED" => {
                return Err(format!(
                    "\"{clause}\" belongs to OWASP's mapping from the new edition back to the old one; use the mapping from the previous edition to this one"
                ));
            }
            _ => return Err(format!("\"{clause}\" is not one of OWASP's mapping words")),
        }
        if let Some(id) = id {
            new.push(id.to_string());
        }
    }
    // One verb for the whole: the strongest change named. "MODIFIED, MOVED TO a, SPLIT TO b"
    // is a split into a and b; "DELETED, MERGED TO a" a merge.
    let verb = if split {
        Verb::Split
    } else if merged {
        Verb::Merged
    } else if covered {
        Verb::CoveredBy
    } else if moved && modified {
        Verb::Modified
    } else if moved {
        Verb::Moved
    } else if deleted {
        Verb::Deleted
    } else {
        return Err("says neither where the requirement went nor that it was deleted".into());
    };
    Ok((verb, new))
}

/// Reads OWASP's mapping `path` as the lineage of edition `edition` (its id, e.g. `5.0.0`).
pub fn load(root: &Path, path: &Path, edition: &str, diags: &mut Diagnostics) -> Option<Lineage> {
    let source: Source = match read_source(root, path) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let Mapping(rows) = match yaml::parse(&source, 0..source.text.len()) {
        Ok(m) => m,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut against: Option<String> = None;
    let mut entries = Vec::new();
    let wanted_tag = format!("tag-v{edition}");
    for (old, tag, words) in rows {
        let at = |s: &Spanned<String>| {
            let o = yaml::offset_of(&source, 0, s);
            o..o + s.value.len()
        };
        let Some((v, id)) = split_id(&old.value) else {
            diags.push(
                Diagnostic::error(format!("\"{}\" is not an OWASP requirement id", old.value))
                    .at(&source, at(&old))
                    .label("expected v<edition>-<id>, such as v4.0.3-1.2.4"),
            );
            continue;
        };
        if tag.value != wanted_tag {
            diags.push(
                Diagnostic::error(format!(
                    "this mapping is to `{}`, but the edition it is declared in is {edition}",
                    tag.value
                ))
                .at(&source, at(&tag))
                .label(format!("expected `{wanted_tag}`")),
            );
            return None;
        }
        match &against {
            Some(a) if a != v => {
                diags.push(
                    Diagnostic::error(format!(
                        "\"{}\" is of v{v}; the mapping's first id is of v{a}",
                        old.value
                    ))
                    .at(&source, at(&old))
                    .label("one mapping maps one edition"),
                );
                continue;
            }
            Some(_) => {}
            None => against = Some(v.to_string()),
        }
        match parse_words(&words.value, edition) {
            Ok((verb, new)) => entries.push(LineageEntry {
                old: Spanned::new(id.to_string(), old.referenced, old.defined),
                verb,
                new,
                note: Some(words.value.clone()),
            }),
            Err(why) => diags.push(
                Diagnostic::error(format!("cannot read OWASP's mapping of {}: {why}", old.value))
                    .at(&source, at(&words))
                    .note("known words: MOVED TO, MODIFIED, GRAMMAR, SPLIT TO, MERGED TO, COVERED BY, DEPRECATED BY, DELETED with a reason"),
            ),
        }
    }
    let Some(against) = against else {
        diags.push(Diagnostic::error("OWASP's mapping file maps no requirement").in_file(&source));
        return None;
    };
    Some(Lineage {
        source: Some(format!("OWASP ASVS mapping v{against} to v{edition}")),
        against,
        entries,
        file: source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &str) -> (Verb, Vec<String>) {
        parse_words(w, "5.0.0").unwrap()
    }

    #[test]
    fn owasp_words_become_verbs() {
        assert_eq!(
            words("MOVED TO v5.0.0-13.1.1"),
            (Verb::Moved, vec!["13.1.1".into()])
        );
        assert_eq!(words("GRAMMAR, MOVED TO v5.0.0-11.1.1").0, Verb::Moved);
        assert_eq!(words("MODIFIED, MOVED TO v5.0.0-1.1.1").0, Verb::Modified);
        assert_eq!(
            words("MODIFIED, MOVED TO v5.0.0-6.1.3, SPLIT TO v5.0.0-6.3.4"),
            (Verb::Split, vec!["6.1.3".into(), "6.3.4".into()])
        );
        assert_eq!(
            words("SPLIT TO v5.0.0-2.1.1, v5.0.0-2.1.2").1,
            ["2.1.1", "2.1.2"]
        );
        assert_eq!(words("DELETED, MERGED TO v5.0.0-13.2.1").0, Verb::Merged);
        assert_eq!(
            words("DELETED, COVERED BY v5.0.0-15.1.1, v5.0.0-15.2.1"),
            (Verb::CoveredBy, vec!["15.1.1".into(), "15.2.1".into()])
        );
        assert_eq!(
            words("DELETED, DEPRECATED BY v5.0.0-3.5.4").0,
            Verb::CoveredBy
        );
        assert_eq!(words("DELETED, NOT IN SCOPE"), (Verb::Deleted, vec![]));
        // A trailing comma, as OWASP's file has once.
        assert_eq!(words("SPLIT TO v5.0.0-1.1.1, v5.0.0-1.1.2,").1.len(), 2);
    }

    #[test]
    fn unknown_or_reversed_words_are_refused() {
        assert!(parse_words("MOVED FROM v4.0.3-1.1.1", "5.0.0").is_err());
        assert!(parse_words("ADDED", "5.0.0").is_err());
        assert!(parse_words("RENAMED TO v5.0.0-1.1.1", "5.0.0").is_err());
        assert!(parse_words("MOVED TO v5.0.1-1.1.1", "5.0.0").is_err());
        assert!(parse_words("MODIFIED", "5.0.0").is_err());
    }
}
