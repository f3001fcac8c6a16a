//! `policybook new`: a small working site to start from (the files are `scaffold`'s).

use std::path::PathBuf;
use std::process::ExitCode;

// The command line of `policybook new`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder to create (must not exist, or be empty)
    pub dir: PathBuf,
}

pub fn run(args: Args, color: bool) -> ExitCode {
    let dir = args.dir;
    match crate::scaffold::new_site(&dir) {
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
    }
}
