//! The fields of a standard as the diff compares them: by the content format's keys, with
//! white space folded.

use crate::content::Standard;

/// A field of a standard, as compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

/// The fields of a standard by the content format's keys, with white space folded.
pub fn fields(s: &Standard) -> Fields {
    let list = |l: &[String]| l.iter().map(|t| fold(t)).collect::<Vec<_>>();
    let guidance = s
        .guidance
        .iter()
        .map(|g| {
            let head = g
                .text
                .clone()
                .or_else(|| {
                    g.reference
                        .as_ref()
                        .map(|r| format!("[{}](ref:{})", r.value, r.value))
                })
                .unwrap_or_default();
            let mut t = fold(&head);
            for i in &g.items {
                t.push_str(" — ");
                t.push_str(&fold(i));
            }
            t
        })
        .collect();
    let links = s
        .links
        .iter()
        .map(|l| match &l.url {
            Some(u) => format!("{} <{u}>", fold(&l.title)),
            None => fold(&l.title),
        })
        .collect();
    vec![
        ("area", Value::Text(s.area.value.clone())),
        (
            "title",
            Value::Text(fold(s.title.as_deref().unwrap_or_default())),
        ),
        ("headline", Value::Text(fold(&s.headline))),
        ("criteria.not_met", Value::List(list(&s.criteria.not_met))),
        (
            "criteria.partially_met",
            Value::List(list(&s.criteria.partially_met)),
        ),
        ("criteria.met", Value::List(list(&s.criteria.met))),
        (
            "rationale",
            Value::Text(fold(s.rationale.as_deref().unwrap_or_default())),
        ),
        ("guidance", Value::List(guidance)),
        ("links", Value::List(links)),
    ]
}

/// Text with white space folded (runs made one space, none at the ends) and Markdown's
/// backslash escapes taken away: `\\[Assignment\\]` in one catalogue and `[Assignment]` in
/// another read the same.
fn fold(t: &str) -> String {
    // Most text needs nothing done: ASCII, single spaces, no backslash.
    let b = t.as_bytes();
    let plain = b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter()
            .all(|&c| c.is_ascii() && c != b'\\' && (c == b' ' || !white(c)))
        && !t.contains("  ");
    if plain {
        return t.to_string();
    }
    if t.is_ascii() {
        // The same, a byte at a time.
        let mut out: Vec<u8> = Vec::with_capacity(b.len());
        let mut space = false;
        for (k, &c) in b.iter().enumerate() {
            if c == b'\\' && b.get(k + 1).is_some_and(u8::is_ascii_punctuation) {
                continue;
            }
            if white(c) {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(b' ');
                space = false;
            }
            out.push(c);
        }
        return String::from_utf8(out).unwrap_or_default();
    }
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(n)) if n.is_ascii_punctuation() => {}
            (c, _) if c.is_whitespace() => space = !out.is_empty(),
            _ => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

/// Whether an ASCII byte is white space as `char::is_whitespace` says (tab to carriage return,
/// and space).
fn white(c: u8) -> bool {
    c == b' ' || (0x09..=0x0d).contains(&c)
}

/// A standard's fields, as [`fields`] gives them.
pub type Fields = Vec<(&'static str, Value)>;

/// The keys of the fields that differ between two standards' `fields`, among `compared`.
pub fn changed_fields(old: &Fields, new: &Fields, compared: &[&str]) -> Vec<String> {
    old.iter()
        .zip(new)
        .filter(|((k, a), (_, b))| a != b && compared.contains(k))
        .map(|((k, _), _)| k.to_string())
        .collect()
}

/// The fields worth comparing between two editions, given the `fields` of each of their
/// standards: those that both editions use. A field that one whole edition lacks tells of its
/// source, not of a change (NIST's OSCAL catalogue of rev4 has guidance that its OpenControl
/// catalogue of rev5 leaves out; comparing it would call every control amended).
pub fn compared(old: &[&Fields], new: &[&Fields]) -> Vec<&'static str> {
    let used = |list: &[&Fields]| -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = Vec::new();
        for f in list {
            for (k, v) in f.iter() {
                let empty = match v {
                    Value::Text(t) => t.is_empty(),
                    Value::List(l) => l.is_empty(),
                };
                if !empty && !keys.contains(k) {
                    keys.push(k);
                }
            }
        }
        keys
    };
    let theirs = used(new);
    used(old)
        .into_iter()
        .filter(|k| theirs.contains(k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn white_space_and_escapes_fold_away() {
        assert_eq!(fold("Review the plan."), "Review the plan.");
        assert_eq!(fold("  Review\n the\tplan.  "), "Review the plan.");
        assert_eq!(fold("Review  the plan"), "Review the plan");
        assert_eq!(
            fold("\\[Assignment\\] of\u{a0}staff"),
            "[Assignment] of staff"
        );
        assert_eq!(fold("a path C:\\temp"), "a path C:\\temp");
        assert_eq!(fold(""), "");
        assert_eq!(fold("a\u{b}b"), "a b");
        assert_eq!(fold("\\* one\n\\* two \\"), "* one * two \\");
    }
}
