//! `check` output: for people (`human`), for programs (`json`, the shape in `docs/format.md`), as GitHub
//! Actions annotations (`github`) and as JUnit XML for CI dashboards (`junit`).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Problem, Report};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Junit,
}

/// The report in `format`; with `strict`, warnings are reported as errors.
pub fn render(report: &Report, format: Format, strict: bool) -> String {
    match format {
        Format::Human => human(report, strict),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Github => github(report, strict),
        Format::Junit => junit(report, strict),
    }
}

fn human(report: &Report, strict: bool) -> String {
    let mut out = String::new();
    let mut by_file: BTreeMap<&str, Vec<(&Problem, bool)>> = BTreeMap::new();
    for p in &report.broken {
        by_file.entry(&p.source).or_default().push((p, true));
    }
    for p in &report.warnings {
        by_file.entry(&p.source).or_default().push((p, strict));
    }
    for (file, problems) in &by_file {
        let _ = writeln!(out, "{file}");
        for (p, error) in problems {
            let level = if *error { "error" } else { "warning" };
            let what = match (&p.url, &p.page) {
                (Some(url), Some(page)) => format!("{} link {url} on {page}: {}", p.kind, p.reason),
                _ => p.reason.clone(),
            };
            let _ = writeln!(out, "  {}:{}: {level}: {what}", p.line, p.column);
        }
    }
    let errors = report.broken.len() + if strict { report.warnings.len() } else { 0 };
    let warnings = if strict { 0 } else { report.warnings.len() };
    let _ = writeln!(
        out,
        "Checked {} links: {} broken, {} warning{}{}",
        report.checked,
        report.broken.len(),
        report.warnings.len(),
        if report.warnings.len() == 1 { "" } else { "s" },
        match (errors, warnings) {
            (0, 0) => ". All good.".to_string(),
            (0, _) => " (warnings do not fail the check without --strict).".to_string(),
            _ => ".".to_string(),
        }
    );
    out
}

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=T::message`.
fn github(report: &Report, strict: bool) -> String {
    let mut out = String::new();
    let all = report
        .broken
        .iter()
        .map(|p| (p, true))
        .chain(report.warnings.iter().map(|p| (p, strict)));
    for (p, error) in all {
        let level = if error { "error" } else { "warning" };
        let message = match &p.url {
            Some(url) => format!("{} link {url}: {}", p.kind, p.reason),
            None => p.reason.clone(),
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            escape_property(&p.source),
            p.line,
            p.column,
            escape_property(&format!("policybook check: {}", p.kind)),
            escape_data(&message)
        );
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// JUnit XML: one test case per link checked that failed, and one passing case for the rest,
/// so that a CI dashboard shows the count.
fn junit(report: &Report, strict: bool) -> String {
    let failures: Vec<&Problem> = report
        .broken
        .iter()
        .chain(report.warnings.iter().filter(|_| strict))
        .collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"policybook check\" tests=\"{}\" failures=\"{}\">",
        report.checked.max(failures.len()),
        failures.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"links\" tests=\"{}\" failures=\"{}\">",
        report.checked.max(failures.len()),
        failures.len()
    );
    for p in &failures {
        let name = p.url.clone().unwrap_or_else(|| p.reason.clone());
        let _ = writeln!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}</failure>\n    </testcase>",
            xml(&p.source),
            xml(&name),
            xml(&p.source),
            p.line,
            p.kind,
            xml(&p.reason),
            xml(&p.source),
            p.line,
            p.column,
            xml(&p.reason)
        );
    }
    if !strict {
        for p in &report.warnings {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\">\n      <system-out>warning: {}</system-out>\n    </testcase>",
                xml(&p.source),
                xml(&p.reason),
                xml(&p.reason)
            );
        }
    }
    let ok = report.checked.saturating_sub(report.broken.len());
    let _ = writeln!(
        out,
        "    <testcase classname=\"links\" name=\"{ok} links resolve\"/>"
    );
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
