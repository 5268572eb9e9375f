//! [`Unresolved`]: a name an import could not resolve through the catalog, with the rows and
//! units recorded under it, so that each report can rank what the catalog still lacks.

use crate::catalog::Category;

/// A name the ledger's catalog did not resolve, recorded as a
/// [`GenericPlatform`](crate::ledger::GenericPlatform), with what the import recorded under it.
/// Each importer's report lists them ranked by [`units`](Self::units), most first (ties by
/// rows, then by name), so the names worth adding to the catalog come first.
///
/// # Example
///
/// ```
/// use materiel::catalog::Category;
/// use materiel::import::oryx::{self, Options};
/// use materiel::{Catalog, Ledger};
///
/// let csv = "\
/// country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
/// Russia,Russia,Zubr-9 main battle tank,destroyed,https://x.org/1.jpg,2023-01-02,1,1,1,7-111
/// Russia,Russia,Zubr-9 main battle tank,destroyed,https://x.org/2.jpg,2023-01-03,1,2,1,7-112
/// Russia,Russia,Flying saucer,destroyed,https://x.org/3.jpg,2023-01-04,2,3,1,7-113
/// ";
/// let mut ledger = Ledger::new(Catalog::reference());
/// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
/// let report = oryx::import(&mut ledger, csv.as_bytes(), &options)?;
/// let first = &report.unresolved[0];
/// assert_eq!((first.name.as_str(), first.units), ("Zubr-9 main battle tank", 2));
/// assert_eq!(first.category, Some(Category::Tank)); // from the keyword rule `main battle tank`
/// assert_eq!(report.unresolved[1].category, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unresolved {
    /// The name as the source writes it (SIPRI's designation; Oryx's system name, its
    /// heading count stripped).
    pub name: String,
    /// The category the generic platform keeps (from the catalog's keyword rules), if any.
    pub category: Option<Category>,
    /// Rows recorded under the name.
    pub rows: u64,
    /// Units recorded under it: SIPRI's numbers delivered; Oryx's items.
    pub units: u64,
}

impl Unresolved {
    pub(crate) fn new(name: impl Into<String>, category: Option<Category>) -> Self {
        Self {
            name: name.into(),
            category,
            rows: 0,
            units: 0,
        }
    }
}

/// `list` without the names nothing was recorded under, ranked: units, then rows, most
/// first, then name.
pub(crate) fn ranked(mut list: Vec<Unresolved>) -> Vec<Unresolved> {
    list.retain(|u| u.rows > 0);
    list.sort_by(|a, b| {
        b.units
            .cmp(&a.units)
            .then(b.rows.cmp(&a.rows))
            .then_with(|| a.name.cmp(&b.name))
    });
    list
}

/// Writes the report lines of `list` (already ranked): a heading, then one line per name
/// with its units (`unit`: what a unit is), rows and category.
pub(crate) fn write_unresolved(
    f: &mut std::fmt::Formatter<'_>,
    list: &[Unresolved],
    unit: &str,
) -> std::fmt::Result {
    if list.is_empty() {
        return Ok(());
    }
    writeln!(
        f,
        "  unresolved         {} names the catalog does not know, by {unit}:",
        list.len()
    )?;
    for u in list {
        let category = u.category.map_or("no category", |c| c.into());
        writeln!(
            f,
            "    {:>6} {unit}, {:>5} rows  {}  ({category})",
            u.units, u.rows, u.name
        )?;
    }
    Ok(())
}
