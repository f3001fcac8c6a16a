//! Rendering: every page of the site, as HTML strings, from the resolved content and the
//! theme's minijinja templates. Nothing is written to disk here (see `output`).

pub mod markdown;
mod pages;
mod search;
mod site_files;
mod theme;

use std::path::Path;

use minijinja::Environment;
use rayon::prelude::*;

use crate::content::Site;
use crate::diagnostic::{Diagnostic, Diagnostics, Source};
use crate::timing::phase;
use crate::xref::Resolved;

pub use search::text as search_text;
pub use search::{Changed as SearchChanged, SearchIndex};
pub use site_files::reviews_json;
pub use theme::Theme;

/// One file of the output: its path relative to the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
    /// For a page: what it was made from, so that a problem found in it can be reported at
    /// the content file or template that holds it.
    pub origin: Option<Origin>,
}

impl OutputFile {
    /// A file made from no one content file or template (a static file, the search index, a
    /// page read back from disk).
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
            origin: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Origin {
    /// The content file the page shows (a standard, a policy, ...), if one.
    pub source: Option<Source>,
    /// The page's template.
    pub template: Source,
}

/// Where files go as they are made, instead of being kept: `build` writes each page as soon as
/// it is rendered, so that writing overlaps rendering and no page is held in memory.
pub type Sink<'a> = &'a (dyn Fn(&OutputFile) -> Result<(), Diagnostic> + Sync);

/// The theme's templates, ready to render pages with.
pub struct Renderer {
    env: Environment<'static>,
    theme: Theme,
}

/// What a full render makes besides the files: the search index, kept so that one page's
/// entries can be replaced after an edit (see `serve::incremental`).
pub struct Render {
    pub files: Vec<OutputFile>,
    pub search: Option<SearchIndex>,
}

impl Renderer {
    pub fn new(root: &Path, site: &Site) -> Result<Renderer, Diagnostics> {
        let theme = Theme::load(root, &site.config.build.theme).map_err(Diagnostics::from)?;
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        // minijinja's HTML escaping also escapes `/`, which turns every relative address into
        // `..&#x2f;..&#x2f;`: valid, but unreadable. Escape what HTML needs and leave `/` alone.
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(s) if !value.is_safe() && state.auto_escape() != minijinja::AutoEscape::None => {
                out.write_str(&crate::markdown::escape_html(s))?;
                Ok(())
            }
            _ => minijinja::escape_formatter(out, state, value),
        });
        for (name, t) in &theme.templates {
            if let Err(e) = env.add_template_owned(name.clone(), t.text.to_string()) {
                return Err(theme.diagnostic(&e).into());
            }
        }
        Ok(Renderer { env, theme })
    }

    /// Renders the pages whose address `wanted` accepts, in parallel; returns them, or hands
    /// each to `sink` as it is made.
    pub fn pages(
        &self,
        r: &Resolved,
        wanted: &(dyn Fn(&str) -> bool + Sync),
        sink: Option<Sink>,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let plans: Vec<pages::Plan> = pages::plan(&r.site, &r.diffs)
            .into_iter()
            .filter(|p| wanted(&p.path))
            .collect();
        let rendered: Vec<Result<Option<OutputFile>, Diagnostic>> = plans
            .par_iter()
            .map(|p| {
                let (html, template) =
                    pages::render_page(&self.env, r, p).map_err(|e| self.theme.diagnostic(&e))?;
                let file = OutputFile {
                    path: p.path.clone(),
                    bytes: html.into_bytes(),
                    origin: Some(Origin {
                        source: p.source(&r.site).cloned(),
                        template: self
                            .theme
                            .templates
                            .get(template)
                            .cloned()
                            .unwrap_or_default(),
                    }),
                };
                match sink {
                    Some(sink) => sink(&file).map(|()| None),
                    None => Ok(Some(file)),
                }
            })
            .collect();
        let mut files = Vec::with_capacity(rendered.len());
        let mut diags = Diagnostics::default();
        for r in rendered {
            match r {
                Ok(f) => files.extend(f),
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            diags.sort();
            return Err(diags);
        }
        Ok(files)
    }
}

/// Renders every page of the site, the search index, and collects the theme's static files;
/// with a `sink`, each file is handed to it instead of kept. Without `search_index`, the index
/// file is there but empty: `check`, which needs only to know the pages' links lead to it,
/// does not pay for making it.
pub fn render(
    root: &Path,
    r: &Resolved,
    sink: Option<Sink>,
    search_index: bool,
) -> Result<Render, Diagnostics> {
    let site = &r.site;
    let renderer = Renderer::new(root, site)?;
    let others = renderer.others(root, r)?;
    let pages: Vec<String> = page_paths(r);
    let mut addresses = Addresses::of(&pages, &others)?;
    // The pages and the search index are independent: made side by side.
    let (pages, search) = rayon::join(
        || phase("render", || renderer.pages(r, &|_| true, sink)),
        || {
            (site.config.build.search && search_index)
                .then(|| phase("search", || SearchIndex::new(site)))
        },
    );
    let mut files = pages?;
    if let Some(s) = &search {
        let index = s.files();
        addresses.add(index.iter().map(|f| (f.path.as_str(), "the search index")))?;
        files.extend(index);
    }
    files.extend(others.into_iter().map(|(_, f)| f));
    if let Some(sink) = sink {
        for f in files.drain(..) {
            sink(&f).map_err(Diagnostics::from)?;
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Render { files, search })
}

/// The addresses of the files of a render, with what each is: two files at one address would
/// leave only the one written last, so a build that would write them stops and says which.
#[derive(Default)]
struct Addresses<'a> {
    seen: std::collections::HashMap<&'a str, &'static str>,
}

impl<'a> Addresses<'a> {
    /// The addresses of the pages and the other files, when no two are the same.
    fn of(
        pages: &'a [String],
        others: &'a [(&'static str, OutputFile)],
    ) -> Result<Self, Diagnostic> {
        let mut out = Addresses::default();
        out.add(pages.iter().map(|p| (p.as_str(), "a page")))?;
        out.add(others.iter().map(|(what, f)| (f.path.as_str(), *what)))?;
        Ok(out)
    }

    fn add(
        &mut self,
        files: impl IntoIterator<Item = (&'a str, &'static str)>,
    ) -> Result<(), Diagnostic> {
        for (path, what) in files {
            if let Some(first) = self.seen.insert(path, what) {
                let mut d = Diagnostic::error(format!(
                    "two files of the site would be written to {path}: {first} and {what}"
                ))
                .note(
                    "give one of them another name: the one written last would replace the other",
                );
                if [first, what].contains(&LOGO) {
                    d = d.at_path(Path::new(crate::config::CONFIG_FILE));
                }
                return Err(d);
            }
        }
        Ok(())
    }
}

/// What the organisation's logo is called in an error.
const LOGO: &str = "the organisation's logo (`[organisation] logo`, copied to images/)";

impl Renderer {
    /// The files of a full render besides the pages and the search index: the attachments,
    /// `reviews.json`, `robots.txt`, the sitemap, the theme's static files and the logo.
    /// An error when one of them would be written where a page or another of them is.
    pub fn other_files(&self, root: &Path, r: &Resolved) -> Result<Vec<OutputFile>, Diagnostics> {
        let others = self.others(root, r)?;
        Addresses::of(&page_paths(r), &others)?;
        Ok(others.into_iter().map(|(_, f)| f).collect())
    }

    /// [`Renderer::other_files`], each with what it is, for an error.
    fn others(
        &self,
        root: &Path,
        r: &Resolved,
    ) -> Result<Vec<(&'static str, OutputFile)>, Diagnostics> {
        let site = site_files::site_files(&r.site, &r.index(), &r.diffs, r.today);
        let mut files: Vec<(&'static str, OutputFile)> = site
            .into_iter()
            .map(|f| {
                let what = if f.path.starts_with(crate::layout::POLICIES) {
                    "a policy's attachment"
                } else {
                    "a file policybook writes (reviews.json, robots.txt, sitemap.xml)"
                };
                (what, f)
            })
            .collect();
        files.extend(self.theme.static_files.iter().map(|(path, bytes)| {
            (
                "a static file of the theme",
                OutputFile::new(path.as_str(), bytes.as_slice()),
            )
        }));
        files.extend(logo(root, &r.site)?.map(|f| (LOGO, f)));
        Ok(files)
    }

    /// Whether every template is the built-in theme's own, as built in: then every link a
    /// template writes is right by construction, and only the links authors write can be
    /// broken (see `check::model`). A site's own template, or its copy of a built-in one that
    /// differs, makes this false.
    pub fn templates_built_in(&self) -> bool {
        self.theme.templates_built_in()
    }
}

/// The addresses of every page of the site.
pub fn page_paths(r: &Resolved) -> Vec<String> {
    pages::plan(&r.site, &r.diffs)
        .into_iter()
        .map(|p| p.path)
        .collect()
}

/// The addresses of the pages that show a text whose home page `suspect` accepts, or that
/// always need rendering to be checked (see `pages::Plan::shows`).
pub fn pages_showing(r: &Resolved, suspect: &(dyn Fn(&str) -> bool + Sync)) -> Vec<String> {
    let index = r.index();
    pages::plan(&r.site, &r.diffs)
        .into_iter()
        .filter(|p| p.shows(&index, suspect))
        .map(|p| p.path)
        .collect()
}

/// The organisation's logo (`[organisation] logo`), copied into the site.
fn logo(root: &Path, site: &Site) -> Result<Option<OutputFile>, Diagnostics> {
    let o = &site.config.organisation;
    let (Some(src), Some(out)) = (&o.logo, o.logo_output()) else {
        return Ok(None);
    };
    let bytes = std::fs::read(root.join(src)).map_err(|e| {
        Diagnostic::error(format!("cannot read the logo {src}: {e}")).at_path(Path::new(src))
    })?;
    Ok(Some(OutputFile::new(out, bytes)))
}
