//! The commands, one file each (`policybook build`, `check`, `serve`, `diff`, `impact`, `new`): each
//! takes its command-line arguments, runs the layers below, and reports in the words and exit
//! codes of the command line: 0 on success, 1 on content errors, 2 on usage or `book.toml`
//! errors (see `docs/`).

pub mod build;
pub mod check;
pub mod diff;
pub mod impact;
pub mod new;
pub mod serve;

use std::process::ExitCode;

use crate::diagnostic::Diagnostics;

/// Why a command failed: the exit code differs (2 for configuration, 1 for content).
#[derive(Debug)]
pub enum Error {
    Config(Diagnostics),
    Content(Diagnostics),
}

impl Error {
    pub fn diagnostics(&self) -> &Diagnostics {
        match self {
            Error::Config(d) | Error::Content(d) => d,
        }
    }
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Config(_) => 2,
            Error::Content(_) => 1,
        }
    }
}

/// Prints a failed command's diagnostics, and gives its exit code.
pub fn print_diagnostics(e: &Error, color: bool) -> ExitCode {
    for item in &e.diagnostics().items {
        eprintln!("{}", item.render(color));
    }
    ExitCode::from(e.exit_code() as u8)
}
