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
pub fn fields(s: &Standard) -> Vec<(&'static str, Value)> {
    // White space folded, and Markdown's backslash escapes taken away: `\[Assignment\]` in
    // one catalogue and `[Assignment]` in another read the same.
    let text = |t: &str| {
        let mut out = String::with_capacity(t.len());
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('\\', Some(n)) if n.is_ascii_punctuation() => {}
                _ => out.push(c),
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let list = |l: &[String]| l.iter().map(|t| text(t)).collect::<Vec<_>>();
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
            let mut t = text(&head);
            for i in &g.items {
                t.push_str(" — ");
                t.push_str(&text(i));
            }
            t
        })
        .collect();
    let links = s
        .links
        .iter()
        .map(|l| match &l.url {
            Some(u) => format!("{} <{u}>", text(&l.title)),
            None => text(&l.title),
        })
        .collect();
    vec![
        ("area", Value::Text(s.area.value.clone())),
        (
            "title",
            Value::Text(text(s.title.as_deref().unwrap_or_default())),
        ),
        ("headline", Value::Text(text(&s.headline))),
        ("criteria.not_met", Value::List(list(&s.criteria.not_met))),
        (
            "criteria.partially_met",
            Value::List(list(&s.criteria.partially_met)),
        ),
        ("criteria.met", Value::List(list(&s.criteria.met))),
        (
            "rationale",
            Value::Text(text(s.rationale.as_deref().unwrap_or_default())),
        ),
        ("guidance", Value::List(guidance)),
        ("links", Value::List(links)),
    ]
}

/// The keys of the fields that differ between two standards, among `compared`.
pub fn changed_fields(old: &Standard, new: &Standard, compared: &[&str]) -> Vec<String> {
    fields(old)
        .into_iter()
        .zip(fields(new))
        .filter(|((k, a), (_, b))| a != b && compared.contains(k))
        .map(|((k, _), _)| k.to_string())
        .collect()
}

/// The fields worth comparing between two editions: those that both editions use. A field
/// that one whole edition lacks tells of its source, not of a change (NIST's OSCAL catalogue
/// of rev4 has guidance that its OpenControl catalogue of rev5 leaves out; comparing it would
/// call every control amended).
pub fn compared(old: &[Standard], new: &[Standard]) -> Vec<&'static str> {
    let used = |list: &[Standard]| -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = Vec::new();
        for s in list {
            for (k, v) in fields(s) {
                let empty = match &v {
                    Value::Text(t) => t.is_empty(),
                    Value::List(l) => l.is_empty(),
                };
                if !empty && !keys.contains(&k) {
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
