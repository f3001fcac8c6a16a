//! `book.toml`: the site's settings. Errors here are configuration errors (exit code 2).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Source};

pub const CONFIG_FILE: &str = "book.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub book: BookConfig,
    #[serde(default)]
    pub build: BuildConfig,
    #[serde(default)]
    pub check: CheckConfig,
    #[serde(default)]
    pub organisation: crate::identity::Organisation,
    #[serde(default)]
    pub accessibility: crate::identity::Accessibility,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookConfig {
    pub title: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// BCP 47 language tag for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The site's public address (`https://policies.example.nhs.uk/`): with it, the build
    /// writes `sitemap.xml`, whose addresses must be absolute.
    #[serde(default)]
    pub url: Option<String>,
    /// Whether search engines may index the site (`robots.txt`). Off by default: a trust's
    /// intranet policies are not for the open web until someone decides they are.
    #[serde(default)]
    pub public: bool,
}

fn default_language() -> String {
    "en-GB".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildConfig {
    /// Output folder, relative to the site root.
    #[serde(default = "default_build_dir")]
    pub build_dir: PathBuf,
    /// A theme name (a folder under `themes/`) or a path relative to the site root. Its templates
    /// override the built-in default theme's templates of the same name.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Let raw HTML in Markdown through unsanitised. Off by default: content comes from many
    /// authors, and the sanitiser removes scripts, event handlers and `javascript:` links.
    #[serde(default)]
    pub allow_html: bool,
    /// Write the search index, the search page and a search box on every page.
    #[serde(default = "default_true")]
    pub search: bool,
    /// Build into an output folder that holds files policybook did not write (an intranet or
    /// web server folder with its own `web.config`), leaving each of them as it is; without
    /// it, such a folder is refused (as `--keep-other-files` does, for one build).
    #[serde(default)]
    pub keep_other_files: bool,
    /// Publish policies whose `status` is `draft`, each marked DRAFT (as `--drafts` does, for
    /// one build). Off, a draft is left out of the site.
    #[serde(default)]
    pub drafts: bool,
}

fn default_true() -> bool {
    true
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: default_build_dir(),
            theme: default_theme(),
            allow_html: false,
            search: true,
            keep_other_files: false,
            drafts: false,
        }
    }
}

fn default_build_dir() -> PathBuf {
    PathBuf::from("book")
}

fn default_theme() -> String {
    "default".to_string()
}

/// Settings for `policybook check`; read and validated here so a typo fails every command early.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// Check external links too (as `--external` does).
    #[serde(default)]
    pub external: bool,
    /// Regular expressions: external addresses that match one are not checked.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Status codes accepted besides 2xx (e.g. 999 for sites that answer robots so).
    #[serde(default)]
    pub accept: Vec<u16>,
    /// The link cache, relative to the site root.
    #[serde(default = "default_cache")]
    pub cache: PathBuf,
    /// How long a cached result stands: seconds, or with a unit (`30m`, `12h`, `7d`).
    #[serde(default = "default_max_age")]
    pub cache_max_age: String,
    /// Seconds before a request is given up as a timeout.
    #[serde(default = "default_timeout")]
    pub timeout: u64,
    /// Retries of a failed request, with a growing pause between them.
    #[serde(default = "default_retries")]
    pub retries: u64,
    /// Requests at once, in all.
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    /// Requests at once to one host.
    #[serde(default = "default_per_host")]
    pub per_host: usize,
    /// Milliseconds between two requests to one host.
    #[serde(default = "default_interval")]
    pub host_interval_ms: u64,
    /// Seconds the whole external check may take; addresses not checked by then are reported
    /// as timeouts.
    #[serde(default = "default_max_time")]
    pub max_time: u64,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            external: false,
            exclude: Vec::new(),
            accept: Vec::new(),
            cache: default_cache(),
            cache_max_age: default_max_age(),
            timeout: default_timeout(),
            retries: default_retries(),
            concurrency: default_concurrency(),
            per_host: default_per_host(),
            host_interval_ms: default_interval(),
            max_time: default_max_time(),
        }
    }
}

fn default_cache() -> PathBuf {
    PathBuf::from(".policybook/linkcache.json")
}
fn default_max_age() -> String {
    "1d".into()
}
fn default_timeout() -> u64 {
    20
}
fn default_retries() -> u64 {
    2
}
fn default_concurrency() -> usize {
    32
}
fn default_per_host() -> usize {
    4
}
fn default_interval() -> u64 {
    100
}
fn default_max_time() -> u64 {
    900
}

/// `30`, `30s`, `15m`, `12h`, `7d` as seconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = num.parse().ok()?;
    let factor = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    n.checked_mul(factor)
}

impl Config {
    /// Reads `<root>/book.toml`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                .at_path(&path)
                .note("run policybook in the folder that holds book.toml, or name that folder")
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        let source = Source::new(CONFIG_FILE, text.as_str());
        let config: Config = toml::from_str(&text).map_err(|e| {
            let mut d = Diagnostic::error(format!("invalid {CONFIG_FILE}: {}", e.message()));
            if let Some(hint) = crate::diagnostic::suggest_key(e.message()) {
                d = d.note(hint);
            }
            match e.span() {
                Some(span) => d.at(&source, span.clone()),
                None => d.in_file(&source),
            }
        })?;
        if parse_duration(&config.check.cache_max_age).is_none() {
            let at = text.find("cache-max-age").unwrap_or(0);
            return Err(Diagnostic::error(format!(
                "invalid `check.cache-max-age` \"{}\"",
                config.check.cache_max_age
            ))
            .at(&source, at..at + 13)
            .label("a number of seconds, or with a unit: 30m, 12h, 7d"));
        }
        crate::identity::validate(&config.organisation, &config.accessibility, root, &source)?;
        if config.book.title.trim().is_empty() {
            let at = text.find("title").unwrap_or(0);
            return Err(Diagnostic::error("`book.title` must not be empty").at(&source, at..at + 5));
        }
        Ok(config)
    }
}
