//! Themes: minijinja templates and static files. The default theme (`themes/default/` in this
//! repository) is built into the binary, so a site needs no theme folder; a site's
//! `[build] theme` folder overrides the default's templates and static files by name; a site's
//! template may extend the built-in one it replaces as `default/<name>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Source};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

const DEFAULT_TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "macros.html",
    "impact.html",
    "index.html",
    "edition.html",
    "standard.html",
    "references.html",
    "reference.html",
    "glossary.html",
    "guidance.html",
    "guidance-index.html",
    "policies.html",
    "policy.html",
    "coverage.html",
    "review.html",
    "changes.html",
    "field-diffs.html",
    "moved.html",
    "policy-version.html",
    "policy-print.html",
    "404.html",
    "search.html",
    "edition-print.html",
    "principles.html",
    "accessibility.html",
    "words.html",
);

const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "css/policybook.css",
        include_bytes!("../../themes/default/static/css/policybook.css"),
    ),
    (
        "js/search.js",
        include_bytes!("../../themes/default/static/js/search.js"),
    ),
    (
        "js/search-engine.js",
        include_bytes!("../../themes/default/static/js/search-engine.js"),
    ),
    (
        "js/stemmer.js",
        include_bytes!("../../themes/default/static/js/stemmer.js"),
    ),
    (
        "js/review.js",
        include_bytes!("../../themes/default/static/js/review.js"),
    ),
    (
        "vendor/nhsuk-frontend/nhsuk-frontend.min.css",
        include_bytes!("../../themes/default/static/vendor/nhsuk-frontend/nhsuk-frontend.min.css"),
    ),
    (
        "vendor/nhsuk-frontend/nhsuk-frontend.min.js",
        include_bytes!("../../themes/default/static/vendor/nhsuk-frontend/nhsuk-frontend.min.js"),
    ),
    (
        "js/nhsuk-init.js",
        include_bytes!("../../themes/default/static/js/nhsuk-init.js"),
    ),
    (
        "vendor/nhsuk-frontend/LICENSE.txt",
        include_bytes!("../../themes/default/static/vendor/nhsuk-frontend/LICENSE.txt"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
];

pub struct Theme {
    /// Template name -> its source (for error messages).
    pub templates: BTreeMap<String, Source>,
    /// Output path -> bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The folder a `[build] theme` value names: `themes/<name>` or a path from the site root.
    /// `None` for the built-in default when the site has no `themes/default` folder.
    pub fn folder(root: &Path, theme: &str) -> Result<Option<PathBuf>, Diagnostic> {
        let named = root.join(crate::layout::THEMES).join(theme);
        if named.is_dir() {
            return Ok(Some(named));
        }
        if theme == "default" {
            return Ok(None);
        }
        let path = root.join(theme);
        if path.is_dir() {
            return Ok(Some(path));
        }
        Err(Diagnostic::error(format!("theme \"{theme}\" not found"))
            .at_path(Path::new(crate::config::CONFIG_FILE))
            .note(format!(
                "`[build] theme` names a folder under themes/ or a path from the site root; neither {} nor {} exists",
                named.display(),
                path.display()
            )))
    }

    /// The folder of the theme `book.toml` names, when it lies outside `themes/` (a path
    /// from the site root): a source that `check` and `serve` must mind besides the usual
    /// folders. `None` when `book.toml` or the theme cannot be read.
    pub fn outside_themes(root: &Path) -> Option<PathBuf> {
        let config = crate::config::Config::load(root).ok()?;
        Theme::folder(root, &config.build.theme)
            .ok()
            .flatten()
            .filter(|t| !t.starts_with(root.join(crate::layout::THEMES)))
    }

    pub fn load(root: &Path, theme: &str) -> Result<Theme, Diagnostic> {
        let mut templates: BTreeMap<String, Source> = DEFAULT_TEMPLATES
            .iter()
            .flat_map(|(name, text)| {
                let path = format!("themes/default/templates/{name} (built in)");
                let source = Source::new(path, *text);
                // Each also as `default/<name>`, which a site's template of the same name can
                // extend to replace one block and keep the rest.
                [
                    (name.to_string(), source.clone()),
                    (format!("default/{name}"), source),
                ]
            })
            .collect();
        let mut static_files: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        if let Some(dir) = Theme::folder(root, theme)? {
            let tdir = dir.join("templates");
            if tdir.is_dir() {
                for path in files_under(&tdir, root)? {
                    let name = path
                        .strip_prefix(&tdir)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    let source = crate::content::read_source(root, &path)?;
                    templates.insert(name, source);
                }
            }
            let sdir = dir.join("static");
            if sdir.is_dir() {
                for path in files_under(&sdir, root)? {
                    let rel = path.strip_prefix(&sdir).unwrap_or(&path);
                    let bytes = std::fs::read(&path).map_err(|e| {
                        Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                            .at_path(&path)
                    })?;
                    static_files.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
                }
            }
        }
        Ok(Theme {
            templates,
            static_files,
        })
    }

    /// Whether every template is one of the built-in theme's, with its built-in text (a
    /// site's `themes/default/` may hold copies of them).
    pub fn templates_built_in(&self) -> bool {
        self.templates.iter().all(|(name, t)| {
            let name = name.strip_prefix("default/").unwrap_or(name);
            DEFAULT_TEMPLATES
                .iter()
                .any(|(n, text)| *n == name && *t.text == **text)
        })
    }

    /// A template error as a diagnostic at the template's file and line.
    pub fn diagnostic(&self, e: &minijinja::Error) -> Diagnostic {
        let detail = e
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| e.kind().to_string());
        let d = Diagnostic::error(format!("template error: {detail}"));
        let Some(source) = e.name().and_then(|n| self.templates.get(n)) else {
            return d.note(e.to_string());
        };
        if let Some(range) = e.range() {
            return d.at(source, range).label(e.kind().to_string());
        }
        match e.line() {
            Some(line) => {
                let start = source.offset_of(line, 1);
                let end = source.text[start..]
                    .find('\n')
                    .map_or(source.text.len(), |i| start + i);
                d.at(source, start..end).label(e.kind().to_string())
            }
            None => d.in_file(source),
        }
    }
}

/// Every regular file below `dir`, sorted; symbolic links to folders are not followed (no loops).
fn files_under(dir: &Path, root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut out = Vec::new();
    let hidden =
        |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| !hidden(e))
    {
        let entry = match entry {
            Ok(e) => e,
            // A folder that cannot be read stops the build; an entry that vanished is skipped.
            Err(e) => match (e.io_error(), e.path()) {
                (Some(io), Some(d)) if e.depth() == 0 || d.is_dir() => {
                    return Err(Diagnostic::error(format!("cannot read folder: {io}"))
                        .at_path(d.strip_prefix(root).unwrap_or(d)));
                }
                _ => continue,
            },
        };
        let p = entry.path();
        let t = entry.file_type();
        if t.is_file() || (t.is_symlink() && p.is_file()) {
            out.push(p.to_path_buf());
        }
    }
    out.sort();
    Ok(out)
}
