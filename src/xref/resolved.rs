//! The resolved site, as rendering takes it and `serve` keeps it: the loaded site with what
//! resolving worked out (the link index's targets, the backlinks, the edition diffs) and the
//! day review dates are judged on, in one value that owns them all. Made once per build
//! (`cmd::build`); `serve` keeps it between edits and changes the parts an edit touches
//! (`serve::incremental`), and `check` looks its links up in the same index.

use super::{Backlinks, Index, Targets};
use crate::content::{Date, Site};
use crate::diff::SiteDiffs;

pub struct Resolved {
    pub site: Site,
    /// The link index's data; [`Resolved::index`] puts it with the site.
    pub targets: Targets,
    pub backlinks: Backlinks,
    pub diffs: SiteDiffs,
    /// The date review dates are judged against.
    pub today: Date,
}

impl Resolved {
    /// Where the site's references lead.
    pub fn index(&self) -> Index<'_> {
        Index::with(&self.site, &self.targets)
    }
}
