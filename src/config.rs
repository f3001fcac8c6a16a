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
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: default_build_dir(),
            theme: default_theme(),
            allow_html: false,
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
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    #[serde(default)]
    pub external: bool,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub cache: Option<PathBuf>,
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
            let d = Diagnostic::error(format!("invalid {CONFIG_FILE}: {}", e.message()));
            match e.span() {
                Some(span) => d.at(&source, span.clone()),
                None => d.in_file(&source),
            }
        })?;
        if config.book.title.trim().is_empty() {
            let at = text.find("title").unwrap_or(0);
            return Err(Diagnostic::error("`book.title` must not be empty").at(&source, at..at + 5));
        }
        Ok(config)
    }
}
