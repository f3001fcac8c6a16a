//! The front matter + Markdown path: any bytes as a policy file, split, its front matter
//! parsed, its body cut into anchors, headings, sections, links and mentions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policybook::content::{PolicyMeta, yaml};
use policybook::diagnostic::Source;
use policybook::markdown;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = Source::new("policies/p.md", text);
    let body = match yaml::split_front_matter(&source) {
        Ok(Some((fm, body))) => {
            if let Err(d) = yaml::parse::<PolicyMeta>(&source, fm) {
                let _ = d.render(false);
            }
            body
        }
        Ok(None) => 0..text.len(),
        Err(d) => {
            let _ = d.render(false);
            return;
        }
    };
    let body = &text[body];
    let _ = markdown::anchors(body);
    let _ = markdown::headings(body);
    let _ = markdown::sections(body);
    let _ = markdown::links_and_mentions(body, &|w| w == "LSMS" || w == "NHS");
});
