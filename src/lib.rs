//! policybook compiles security standards, guidance and policies into one cross-linked static
//! site. Data flows one way: `content` (load) -> `xref` (resolve) -> `render` -> `output` (write).

// Diagnostics are large and travel only on the error path, where their size costs nothing.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod diff;
pub mod identity;
pub mod layout;
pub mod manifest;
pub mod markdown;
pub mod output;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod timing;
pub mod xref;
