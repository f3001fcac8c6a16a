//! `policybook serve`: the preview server's command line; the server, the watching and the
//! rebuilding are `serve`'s.

use std::path::PathBuf;
use std::process::ExitCode;

use super::print_diagnostics;

// The command line of `policybook serve`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder that holds book.toml
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Port to listen on (0 picks a free one)
    #[arg(short, long, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on
    #[arg(short = 'n', long, default_value = "127.0.0.1")]
    pub hostname: String,
    /// Open the site in the browser
    #[arg(long)]
    pub open: bool,
    /// Include draft policies (`status: draft`), each marked DRAFT
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: Args, color: bool) -> ExitCode {
    match crate::serve::serve(crate::serve::Options {
        root: args.dir,
        hostname: args.hostname,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => print_diagnostics(&e, color),
    }
}
