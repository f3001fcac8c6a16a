//! The content model and its loading: `load` reads `content/` and `policies/` into a [`Site`].

mod caf;
mod csv;
mod date;
mod files;
mod library;
mod lineage;
mod load;
pub mod model;
mod opencontrol;
mod oscal;
mod owasp;
mod policy;
mod review;
mod source;
mod standards;
pub mod yaml;

pub use date::Date;
pub use library::{load_policy, lookup as lookup_policy};
pub use lineage::{Lineage, LineageEntry, Verb, Withdrawal};
pub use load::{load, load_page, reload_glossary};
pub use model::*;
pub use policy::*;
pub use review::{Overdue, REVIEW_DUE_SOON_DAYS, ReviewStatus, Urgency, overdue_reviews};
pub use source::read_source;
pub use standards::load_standard;
