//! The `policybook` command line: the commands and their arguments are `policybook::cmd`'s,
//! one file each; exit 0 on success, 1 on content errors, 2 on usage or `book.toml` errors.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use policybook::cmd;

#[derive(Parser)]
#[command(
    name = "policybook",
    version,
    about = "Security standards, guidance and policies as one cross-linked static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder
    Build(cmd::build::Args),
    /// Preview the site: build it into memory, serve it, rebuild and reload on every change
    Serve(cmd::serve::Args),
    /// Check every internal link and anchor of the built site, and the policies' review dates
    Check(cmd::check::Args),
    /// Show what changed between two editions of a catalogue
    Diff(cmd::diff::Args),
    /// Show which policies a new edition of a catalogue affects, and how
    Impact(cmd::impact::Args),
    /// Create a small working site to start from
    New(cmd::new::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build(args) => cmd::build::run(args, color),
        Command::Serve(args) => cmd::serve::run(args, color),
        Command::Check(args) => cmd::check::run(args, color),
        Command::Diff(args) => cmd::diff::run(args, color),
        Command::Impact(args) => cmd::impact::run(args, color),
        Command::New(args) => cmd::new::run(args, color),
    }
}

// The build makes millions of small strings (template values, Markdown events); mimalloc
// serves them faster than the system allocator (see benches/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
