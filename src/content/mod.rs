//! The content model and its loading: `load` reads `content/` and `policies/` into a [`Site`].

mod date;
mod files;
mod library;
mod load;
pub mod model;
mod opencontrol;
mod policy;
mod review;
mod source;
pub mod yaml;

pub use date::Date;
pub use library::{load_policy, lookup as lookup_policy};
pub use load::load;
pub use model::*;
pub use policy::*;
pub use review::{Overdue, REVIEW_DUE_SOON_DAYS, ReviewStatus, Urgency, overdue_reviews};
pub use source::read_source;
