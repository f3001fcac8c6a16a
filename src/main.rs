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
use policybook::config::Config;
use policybook::content;
use policybook::diagnostic::Diagnostic;
use policybook::diff::{self, report::Format as DiffFormat};

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
        /// Build into a folder that holds files policybook did not write (a web server's
        /// folder with its own web.config), leaving each of them exactly as it is
        #[arg(long)]
        keep_other_files: bool,
    },
    /// Preview the site: build it into memory, serve it, rebuild and reload on every change
    Serve {
        /// The folder that holds book.toml
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on (0 picks a free one)
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on
        #[arg(short = 'n', long, default_value = "127.0.0.1")]
        hostname: String,
        /// Open the site in the browser
        #[arg(long)]
        open: bool,
    },
    /// Check every internal link and anchor of the built site, and the policies' review dates
    Check {
        /// The folder that holds book.toml
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Check external links too (lychee), with the cache
        #[arg(long, conflicts_with = "offline")]
        external: bool,
        /// Internal links only, with no network touched (overrides `[check] external`)
        #[arg(long)]
        offline: bool,
        /// The link cache file (default: `[check] cache`, `.policybook/linkcache.json`)
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Treat warnings (overdue reviews) as errors
        #[arg(long)]
        strict: bool,
    },
    /// Show what changed between two editions of a catalogue
    Diff {
        /// The folder that holds book.toml (when three arguments are given)
        #[arg(num_args = 2..=3, value_names = ["DIR", "OLD", "NEW"], required = true)]
        args: Vec<String>,
        /// Output format
        #[arg(long, value_enum, default_value = "human")]
        format: DiffFormat,
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
        Command::Build {
            dir,
            dest_dir,
            keep_other_files,
        } => match build::build(&dir, dest_dir.as_deref(), keep_other_files) {
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
            external,
            offline,
            cache,
            format,
            strict,
        } => match check::check(
            &dir,
            &check::Options {
                external: if offline {
                    Some(false)
                } else if external {
                    Some(true)
                } else {
                    None
                },
                cache,
            },
        ) {
            Ok(r) => {
                print!("{}", report::render(&r, format, strict));
                if r.failed(strict) {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => print_diagnostics(&e, color),
        },
        Command::Serve {
            dir,
            port,
            hostname,
            open,
        } => match policybook::serve::serve(policybook::serve::Options {
            root: dir,
            hostname,
            port,
            open,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => print_diagnostics(&e, color),
        },
        Command::Diff { args, format } => {
            let (dir, old, new) = match args.as_slice() {
                [old, new] => (PathBuf::from("."), old, new),
                [dir, old, new] => (PathBuf::from(dir), old, new),
                _ => {
                    eprintln!("error: diff takes OLD and NEW, and optionally DIR before them");
                    return ExitCode::from(2);
                }
            };
            diff_command(&dir, old, new, format, color)
        }
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

fn diff_command(
    dir: &std::path::Path,
    old: &str,
    new: &str,
    format: DiffFormat,
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
    let d = diff::diff(old, new);
    let declared = diff::check_declared(Some(old), new, Some(&d));
    print!("{}", diff::report::render(&d, declared.as_deref(), format));
    ExitCode::SUCCESS
}

/// Prints a failed build's diagnostics; `build` adds that its output was left as it was.
fn report_failure(e: &BuildError, color: bool) -> ExitCode {
    print_diagnostics(e, color);
    let n = e.diagnostics().error_count();
    eprintln!(
        "error: build failed with {n} error{}; the previous output is unchanged",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(e.exit_code() as u8)
}

fn print_diagnostics(e: &BuildError, color: bool) -> ExitCode {
    for item in &e.diagnostics().items {
        eprintln!("{}", item.render(color));
    }
    ExitCode::from(e.exit_code() as u8)
}

// The build makes millions of small strings (template values, Markdown events); mimalloc
// serves them faster than the system allocator (see benches/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
