//! Words as search sees them: the text cut into tokens, lower-cased, stop words left out and
//! the rest stemmed (Snowball English, as `js/stemmer.js` does in the reader's browser). The
//! same rules run at query time in `js/search.js`; `tests/search_stemmer.rs` checks that the
//! two stemmers agree word for word.

use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Words too common to search for: left out of the index and of queries. The list goes to the
/// browser in the index's `meta` file, so that both sides leave out the same words.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have",
    "in", "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "there", "these",
    "this", "to", "was", "were", "which", "with",
];

/// The tokens of a text, lower-cased: runs of letters and digits (`char::is_alphanumeric`,
/// which the browser matches with `[\p{Alphabetic}\p{N}]`), with a dot between digits kept
/// (`3.14` is one token) and an apostrophe's ending dropped (`organisation's` is
/// `organisation`).
pub fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let mut word = String::new();
        while i < chars.len() {
            let c = chars[i];
            let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else if c == '.'
                && next_alnum
                && word.ends_with(|p: char| p.is_ascii_digit())
                && chars[i + 1].is_ascii_digit()
            {
                word.push('.');
            } else if (c == '\'' || c == '\u{2019}') && next_alnum {
                // `'s`, `'t`, ... : the apostrophe and what follows it up to the word's end
                // are dropped.
                i += 1;
                while chars.get(i).is_some_and(|n| n.is_alphanumeric()) {
                    i += 1;
                }
                break;
            } else {
                break;
            }
            i += 1;
        }
        out.push(word);
    }
    out
}

/// Whether a token is a stop word.
pub fn is_stop(token: &str) -> bool {
    STOP_WORDS.binary_search(&token).is_ok()
}

/// A token's stem: Snowball English for words of letters, the token itself when it has a
/// digit in it.
pub fn stem(token: &str) -> String {
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    thread_local! {
        // A site has far fewer distinct words than words: each is stemmed once a thread.
        static STEMS: RefCell<FxHashMap<String, String>> = RefCell::default();
    }
    if token.chars().any(|c| c.is_numeric()) {
        return token.to_string();
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(s) = stems.get(token) {
            return s.clone();
        }
        let s = STEMMER
            .get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
            .stem(token)
            .into_owned();
        stems.insert(token.to_string(), s.clone());
        s
    })
}

/// The stems of a text's words, stop words left out, in order.
pub fn terms(text: &str) -> Vec<String> {
    tokens(text)
        .iter()
        .filter(|t| !is_stop(t))
        .map(|t| stem(t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_the_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tokens_keep_numbers_and_drop_possessives() {
        assert_eq!(
            tokens("The organisation’s Standard 3.14 (lone-working), 6.1."),
            [
                "the",
                "organisation",
                "standard",
                "3.14",
                "lone",
                "working",
                "6.1"
            ]
        );
        assert_eq!(terms("Reviewing the reviews"), ["review", "review"]);
    }
}
