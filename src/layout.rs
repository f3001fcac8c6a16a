//! The folders of a site as every layer names them: where its sources are (`content/`,
//! `policies/`, `themes/`, beside `book.toml`). The output folder's layout (page addresses) is
//! `routes`'s; its place is `[build] build-dir` (`config`).

/// Standards, guidance, references, the glossary and principles.
pub const CONTENT: &str = "content";
/// The catalogues of standards, under [`CONTENT`].
pub const STANDARDS: &str = "standards";
/// Policies, strategies and procedures.
pub const POLICIES: &str = "policies";
/// Themes named by `[build] theme`.
pub const THEMES: &str = "themes";
/// The folders whose files are inputs of every build, beside `book.toml`.
pub const SOURCE_FOLDERS: [&str; 3] = [CONTENT, POLICIES, THEMES];
