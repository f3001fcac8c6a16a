//! The resolved site, as rendering takes it: the loaded site with what resolving worked out
//! (the link index, the backlinks, the edition diffs) and the day review dates are judged on,
//! in one value. Made once per build (`cmd::build`) and per incremental rebuild (`serve`, which
//! keeps the owned parts between rebuilds).

use super::{Backlinks, Index};
use crate::content::{Date, Site};
use crate::diff::SiteDiffs;

pub struct Resolved<'s> {
    pub site: &'s Site,
    pub index: &'s Index<'s>,
    pub backlinks: &'s Backlinks,
    pub diffs: &'s SiteDiffs,
    /// The date review dates are judged against.
    pub today: Date,
}
