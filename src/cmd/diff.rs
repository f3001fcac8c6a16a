//! `policybook diff`: what changed between two editions of a catalogue, as the changes pages
//! show it, for people, programs or a pull request.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Error as BuildError, print_diagnostics};
use crate::config::Config;
use crate::content;
use crate::diagnostic::Diagnostic;
use crate::diff::{self, report::Format as DiffFormat};

// The command line of `policybook diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder that holds book.toml (when three arguments are given)
    #[arg(num_args = 2..=3, value_names = ["DIR", "OLD", "NEW"], required = true)]
    pub args: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiffFormat,
    /// Ignore every declared lineage (`previous:`, lineage files, withdrawals' successors) and
    /// infer it all from the ids and the text, to compare the inference with a publisher's
    /// mapping
    #[arg(long)]
    pub inferred: bool,
}

pub fn run(args: Args, color: bool) -> ExitCode {
    let (dir, old, new) = match args.args.as_slice() {
        [old, new] => (PathBuf::from("."), old, new),
        [dir, old, new] => (PathBuf::from(dir), old, new),
        _ => {
            eprintln!("error: diff takes OLD and NEW, and optionally DIR before them");
            return ExitCode::from(2);
        }
    };
    let opts = diff::Options {
        inferred: args.inferred,
    };
    diff_command(&dir, old, new, args.format, opts, color)
}

fn diff_command(
    dir: &std::path::Path,
    old: &str,
    new: &str,
    format: DiffFormat,
    opts: diff::Options,
    color: bool,
) -> ExitCode {
    let config = match Config::load(dir) {
        Ok(c) => c,
        Err(d) => return print_diagnostics(&BuildError::Config(d.into()), color),
    };
    let site = match content::load(dir, config) {
        Ok(s) => s,
        Err(d) => return print_diagnostics(&BuildError::Content(d), color),
    };
    let editions =
        diff::find_edition(&site, old).and_then(|o| diff::find_edition(&site, new).map(|n| (o, n)));
    let (old, new) = match editions {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("{}", Diagnostic::error(msg).render(color));
            return ExitCode::from(1);
        }
    };
    let d = diff::diff_with(old, new, opts);
    let declared = diff::check_declared(Some(old), new, Some(&d));
    print!(
        "{}",
        diff::report::render(&d, old, new, declared.as_deref(), format)
    );
    ExitCode::SUCCESS
}
