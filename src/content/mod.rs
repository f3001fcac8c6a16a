//! The content model and its loading: `load` reads `content/` and `policies/` into a [`Site`].

mod load;
pub mod model;
mod opencontrol;
pub mod yaml;

pub use load::{load, load_policy, read_source};
pub use model::*;
