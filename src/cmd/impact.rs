//! `policybook impact`: which policies a new edition of a catalogue affects, and how: each
//! standard a policy claims in the old edition (or an earlier one), followed to the new
//! edition; for people, programs, or a board paper (Markdown).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::{Error as BuildError, print_diagnostics};
use crate::config::Config;
use crate::content::{self, Edition, Policy, Site};
use crate::diagnostic::Diagnostic;
use crate::diff::report::Format;
use crate::diff::{self, SiteDiffs, impact::Outcome};
use crate::xref::{self, Index, claims};

// The command line of `policybook impact`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder that holds book.toml (when three arguments are given)
    #[arg(num_args = 2..=3, value_names = ["DIR", "OLD", "NEW"], required = true)]
    pub args: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

pub fn run(args: Args, color: bool) -> ExitCode {
    let (dir, old, new) = match args.args.as_slice() {
        [old, new] => (PathBuf::from("."), old, new),
        [dir, old, new] => (PathBuf::from(dir), old, new),
        _ => {
            eprintln!("error: impact takes OLD and NEW, and optionally DIR before them");
            return ExitCode::from(2);
        }
    };
    match report(&dir, old, new) {
        Ok(r) => {
            print!("{}", render(&r, args.format));
            ExitCode::SUCCESS
        }
        Err(e) => print_diagnostics(&e, color),
    }
}

/// One claim and what became of it.
#[derive(Debug, Serialize)]
pub struct ClaimReport {
    /// The standard's id in the edition the policy claims.
    pub standard: String,
    /// That edition.
    pub edition: String,
    pub title: Option<String>,
    /// What became of it, in words ("renumbered to A2.c").
    pub change: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// When nothing of the new edition continues it: what the new edition added in its area.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added_in_area: Vec<String>,
}

/// One policy that claims standards of the old edition.
#[derive(Debug, Serialize)]
pub struct PolicyReport {
    pub title: String,
    /// Its file, from the site root.
    pub file: String,
    pub code: Option<String>,
    pub owner: Option<String>,
    /// Whether the new edition changed any standard it claims.
    pub affected: bool,
    /// The edition its `reviewed_against` names, when that is the new edition or a later one.
    pub reviewed_against: Option<String>,
    /// Affected and not reviewed against the new edition.
    pub awaiting_review: bool,
    pub claims: Vec<ClaimReport>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub old: String,
    pub new: String,
    /// Every policy in force that claims a standard of the old edition (or an earlier one),
    /// affected ones first.
    pub policies: Vec<PolicyReport>,
}

/// What edition `new` means for the policies that claim `old` (both `catalogue/edition`, or
/// an edition when only one catalogue has it).
pub fn report(dir: &Path, old: &str, new: &str) -> Result<Report, BuildError> {
    let config = Config::load(dir).map_err(|d| BuildError::Config(d.into()))?;
    let site = content::load(dir, config).map_err(BuildError::Content)?;
    let index = Index::new(&site);
    // A claim that leads nowhere is an error here as in a build.
    xref::resolve(&index).map_err(BuildError::Content)?;
    let fail = |msg: String| BuildError::Content(Diagnostic::error(msg).into());
    let old = diff::find_edition(&site, old).map_err(fail)?;
    let new = diff::find_edition(&site, new).map_err(fail)?;
    let order = |e: &Edition| position(&site, e);
    if old.catalogue != new.catalogue || order(old) >= order(new) {
        return Err(fail(format!(
            "{} is not an earlier edition of the same catalogue as {}: write the old edition first",
            old.key(),
            new.key()
        )));
    }
    let diffs = SiteDiffs::compute(&site);
    let mut policies: Vec<PolicyReport> = site
        .policies
        .iter()
        .filter(|p| p.in_force())
        .filter_map(|p| policy_report(&site, &index, &diffs, p, old, new))
        .collect();
    policies.sort_by_key(|p| (!p.awaiting_review, !p.affected));
    Ok(Report {
        old: old.key(),
        new: new.key(),
        policies,
    })
}

fn position(site: &Site, e: &Edition) -> usize {
    site.catalogues
        .iter()
        .find(|c| c.id == e.catalogue)
        .and_then(|c| c.editions.iter().position(|x| x.id == e.id))
        .unwrap_or(0)
}

fn policy_report(
    site: &Site,
    index: &Index,
    diffs: &SiteDiffs,
    p: &Policy,
    old: &Edition,
    new: &Edition,
) -> Option<PolicyReport> {
    let mut i = claims::impact(index, diffs, p, new)?;
    // Only the claims on the old edition or an earlier one.
    let at_most = position(site, old);
    i.claims.retain(|c| position(site, c.edition) <= at_most);
    if i.claims.is_empty() {
        return None;
    }
    Some(PolicyReport {
        title: p.meta.title.clone(),
        file: p.source.path.display().to_string(),
        code: p.meta.code.clone(),
        owner: p.meta.owner.clone(),
        affected: i.affected(),
        reviewed_against: i.reviewed.map(|r| r.value.clone()),
        awaiting_review: i.awaiting_review(),
        claims: i
            .claims
            .iter()
            .map(|c| ClaimReport {
                standard: c.standard.id().to_string(),
                edition: c.edition.id.clone(),
                title: c.standard.title.clone(),
                change: c.outcome.phrase(),
                outcome: c.outcome.clone(),
                added_in_area: c.added_in_area.clone(),
            })
            .collect(),
    })
}

/// The report as `--format` asks.
pub fn render(r: &Report, format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(r).expect("a report serialises");
            s.push('\n');
            s
        }
        Format::Human => human(r),
        Format::Markdown => markdown(r),
    }
}

fn summary(r: &Report) -> String {
    let affected = r.policies.iter().filter(|p| p.affected).count();
    let awaiting = r.policies.iter().filter(|p| p.awaiting_review).count();
    let n = r.policies.len();
    format!(
        "{n} {} {} standards of {}; {affected} {} affected by {}, {awaiting} awaiting review.",
        if n == 1 { "policy" } else { "policies" },
        if n == 1 { "claims" } else { "claim" },
        r.old,
        if affected == 1 { "is" } else { "are" },
        r.new
    )
}

fn status(p: &PolicyReport, new: &str) -> String {
    match (&p.reviewed_against, p.affected) {
        (Some(e), _) => format!("reviewed against {e}"),
        (None, true) => format!("awaiting review against {new}"),
        (None, false) => "unaffected".into(),
    }
}

fn name(c: &ClaimReport) -> String {
    match &c.title {
        Some(t) => format!("{} {t}", c.standard),
        None => c.standard.clone(),
    }
}

/// What changed in the text, when something did: " (headline, criteria.met)"; for a claim
/// that nothing continues, what the new edition added in its area.
fn fields(c: &ClaimReport) -> String {
    let mut s = String::new();
    if !c.outcome.fields.is_empty() {
        s = format!(" ({})", c.outcome.fields.join(", "));
    }
    if !c.added_in_area.is_empty() {
        s.push_str(&format!(
            "; new in its area: {}",
            c.added_in_area.join(", ")
        ));
    }
    s
}

fn human(r: &Report) -> String {
    let mut out = format!("{} -> {}\n{}\n", r.old, r.new, summary(r));
    for p in &r.policies {
        let _ = writeln!(out, "\n{} ({}): {}", p.title, p.file, status(p, &r.new));
        for c in &p.claims {
            let _ = writeln!(
                out,
                "  {} ({}): {}{}",
                name(c),
                c.edition,
                c.change,
                fields(c)
            );
        }
    }
    out
}

/// Markdown for a board paper: the summary, then one table per policy.
fn markdown(r: &Report) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "## What {} means for our policies\n\n{}\n",
        r.new,
        summary(r)
    );
    for p in &r.policies {
        let _ = writeln!(out, "\n### {}\n", cell(&p.title));
        let mut facts = vec![format!("Status: {}", status(p, &r.new))];
        if let Some(c) = &p.code {
            facts.push(format!("Reference: {}", cell(c)));
        }
        if let Some(o) = &p.owner {
            facts.push(format!("Owner: {}", cell(o)));
        }
        let _ = writeln!(out, "{}.\n", facts.join(". "));
        let _ = writeln!(
            out,
            "| Standard claimed | Edition | In {} | Look at |\n|---|---|---|---|",
            r.new
        );
        for c in &p.claims {
            let look = if c.outcome.changed() {
                c.outcome
                    .new
                    .iter()
                    .chain(&c.added_in_area)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {}{} | {} |",
                cell(&name(c)),
                c.edition,
                cell(&c.change),
                fields(c),
                look
            );
        }
    }
    out
}
