//! The standard loader: any bytes as a standard's YAML file (and as an edition's), and the
//! diagnostic rendered, must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policybook::content::{EditionMeta, Standard, yaml};
use policybook::diagnostic::Source;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = Source::new("content/standards/c/e/1.1.yaml", text);
    if let Err(d) = yaml::parse::<Standard>(&source, 0..text.len()) {
        let _ = d.render(false);
    }
    if let Err(d) = yaml::parse::<EditionMeta>(&source, 0..text.len()) {
        let _ = d.render(true);
    }
});
