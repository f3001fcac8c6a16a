//! The `policybook` command line (DESIGN.md): exit 0 on success, 1 on content errors, 2 on
//! usage or `book.toml` errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use policybook::build::{self, BuildError};
use policybook::check::{
    self,
    report::{self, Format},
};

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
    Build {
        /// The folder that holds book.toml
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder (default: `[build] build-dir` of book.toml, else "book")
        #[arg(short, long)]
        dest_dir: Option<PathBuf>,
    },
    /// Check every internal link and anchor of the built site, and the policies' review dates
    Check {
        /// The folder that holds book.toml
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Internal links only, with no network touched (the only mode in this version)
        #[arg(long)]
        offline: bool,
        /// Output format
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Treat warnings (overdue reviews) as errors
        #[arg(long)]
        strict: bool,
    },
    /// Create a small working site to start from
    New {
        /// The folder to create (must not exist, or be empty)
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build { dir, dest_dir } => match build::build(&dir, dest_dir.as_deref()) {
            Ok(r) => {
                eprintln!(
                    "Built {} pages ({} files) into {} in {:.2}s",
                    r.pages,
                    r.files,
                    r.dest.display(),
                    r.elapsed.as_secs_f64()
                );
                ExitCode::SUCCESS
            }
            Err(e) => report_failure(&e, color),
        },
        Command::Check {
            dir,
            offline: _,
            format,
            strict,
        } => match check::check(&dir) {
            Ok(r) => {
                print!("{}", report::render(&r, format, strict));
                if r.failed(strict) {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => report_failure(&e, color),
        },
        Command::New { dir } => match policybook::scaffold::new_site(&dir) {
            Ok(n) => {
                eprintln!(
                    "Created a new site with {n} files in {0}; build it with: policybook build {0}",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprintln!("{}", d.render(color));
                ExitCode::from(2)
            }
        },
    }
}

fn report_failure(e: &BuildError, color: bool) -> ExitCode {
    let d = e.diagnostics();
    for item in &d.items {
        eprintln!("{}", item.render(color));
    }
    let n = d.error_count();
    eprintln!(
        "error: build failed with {n} error{}; the previous output is unchanged",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(e.exit_code() as u8)
}
