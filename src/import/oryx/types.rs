//! The reconciliation per Oryx type heading: each country's items per [`Category`], gathered
//! under the Oryx heading the category maps to ([`Category::oryx_headings`]), beside Oryx's
//! own total of that heading in `totals_by_type.csv`.

use std::fmt;

use crate::catalog::Category;
use crate::holder::HolderId;

use super::LossStatus;
use super::report::{Headline, Report};

/// Items of one country and category, per status: a row of an Oryx import's
/// [`Report::by_category`].
///
/// # Example
///
/// ```
/// use materiel::catalog::Category;
/// use materiel::import::oryx::{self, LossStatus, Options};
/// use materiel::{Catalog, Ledger};
///
/// let events = "\
/// country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
/// Russia,Russia,T-72B3,destroyed,https://x.org/1.jpg,2023-01-02,1,1,1,7-111
/// Russia,Russia,T-72B3,captured,https://x.org/2.jpg,2023-01-05,2,2,2,7-112
/// ";
/// let mut ledger = Ledger::new(Catalog::reference());
/// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
/// let report = oryx::import(&mut ledger, events.as_bytes(), &options)?;
/// let tanks = report.by_category.iter().find(|c| c.category == Some(Category::Tank)).unwrap();
/// assert_eq!((tanks.country.as_str(), tanks.holder.as_str(), tanks.total()), ("Russia", "RUS", 2));
/// let captured = LossStatus::ALL.iter().position(|s| *s == LossStatus::Captured).unwrap();
/// assert_eq!(tanks.items[captured], 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CategoryCount {
    /// The country as the files write it (`Russia`).
    pub country: String,
    /// Its holder (`RUS`).
    pub holder: HolderId,
    /// The category of the items' platform; `None` for a generic platform no keyword rule
    /// classifies.
    pub category: Option<Category>,
    /// Items per status, in [`LossStatus::ALL`] order.
    pub items: [u64; 4],
}

impl CategoryCount {
    /// The items of every status.
    pub fn total(&self) -> u64 {
        self.items.iter().sum()
    }
}

/// One country and Oryx type heading of a [`TypeReconciliation`], read from its
/// [`rows`](TypeReconciliation::rows) or [`TypeReconciliation::row`].
///
/// # Example
///
/// ```
/// use materiel::catalog::Category;
/// use materiel::import::oryx::{self, Headline, Options, TypeRow};
/// use materiel::{Catalog, Ledger};
///
/// let events = "\
/// country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
/// Russia,Russia,T-72B3,destroyed,https://x.org/1.jpg,2023-01-02,1,1,1,7-111
/// Russia,Russia,T-72B3,destroyed,https://x.org/2.jpg,2023-01-03,1,2,1,7-111
/// ";
/// let totals = "\
/// country,equipment_type,destroyed,abandoned,captured,damaged,type_total
/// Russia,All Types,3,0,0,0,3
/// Russia,Tanks,3,0,0,0,3
/// ";
/// let mut ledger = Ledger::new(Catalog::reference());
/// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
/// let report = oryx::import(&mut ledger, events.as_bytes(), &options)?;
/// let rec = report.reconcile_types(&Headline::read(totals.as_bytes())?);
/// let tanks = rec.row("Russia", "Tanks").unwrap();
/// assert_eq!(tanks.categories, [(Some(Category::Tank), 2)]);
/// // Oryx's heading says one more than its listed items.
/// assert_eq!((tanks.total(), tanks.headline_total(), tanks.difference()), (2, Some(3), Some(-1)));
/// assert!(rec.rows.iter().all(|r| r.heading != TypeRow::NO_HEADING || r.total() == 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TypeRow {
    /// The country as the files write it.
    pub country: String,
    /// Oryx's type heading (`Tanks`), as the totals file writes it for this country; for
    /// the items of categories Oryx has no heading for, and of no category,
    /// [`TypeRow::NO_HEADING`].
    pub heading: String,
    /// The categories whose items are counted here, with their items, most first.
    pub categories: Vec<(Option<Category>, u64)>,
    /// Items counted here per status, in [`LossStatus::ALL`] order.
    pub items: [u64; 4],
    /// Oryx's totals of the heading per status, when the totals file has it.
    pub headline: Option<[u64; 4]>,
}

impl TypeRow {
    /// The heading of the items no Oryx type heading takes.
    pub const NO_HEADING: &'static str = "(no Oryx type)";

    /// Items of every status.
    pub fn total(&self) -> u64 {
        self.items.iter().sum()
    }

    /// Oryx's total of the heading.
    pub fn headline_total(&self) -> Option<u64> {
        self.headline.map(|h| h.iter().sum())
    }

    /// `items - headline`, when the totals file has the heading.
    pub fn difference(&self) -> Option<i64> {
        self.headline_total()
            .map(|h| self.total() as i64 - h as i64)
    }

    /// Which of the [rules](TypeReconciliation) accounts for the difference: none needed
    /// (no difference); rows Oryx no longer counts, and systems the catalog files under
    /// this heading that Oryx files under another (more items); systems Oryx files here
    /// that the catalog puts under another heading or none (fewer items); the items of no
    /// Oryx heading.
    ///
    /// ```
    /// use materiel::import::oryx::TypeRow;
    /// // See Report::reconcile_types for a row from an import.
    /// assert_eq!(TypeRow::NO_HEADING, "(no Oryx type)");
    /// ```
    pub fn explanation(&self) -> &'static str {
        match self.difference() {
            None => {
                "no Oryx heading: categories Oryx has no heading for (missiles, sensors), and names no keyword rule classifies"
            }
            Some(0) => "matches",
            Some(d) if d > 0 => {
                "rows the scraper kept that Oryx's lists no longer count, and systems the catalog files here that Oryx files under another heading"
            }
            Some(_) => {
                "systems Oryx files here that the catalog files under another heading (or none)"
            }
        }
    }

    /// `items - headline` for one status.
    pub fn status_difference(&self, status: LossStatus) -> Option<i64> {
        let i = status.index();
        self.headline.map(|h| self.items[i] as i64 - h[i] as i64)
    }
}

/// This import's items per Oryx type heading beside Oryx's own totals per heading
/// (`totals_by_type.csv`), per country. Printable, with the explanation of the differences.
///
/// An event file has no type column: an item's heading comes from its platform's
/// [`Category`] (through the catalog; a generic platform's from its keyword rule), mapped
/// to the Oryx heading by [`Category::oryx_headings`] (the spelling the country's totals
/// use, where Oryx spells a heading two ways). Items whose category has no Oryx heading
/// (a missile, a sensor) or that have no category are counted under
/// [`TypeRow::NO_HEADING`], so that the rows of a country add up to its items.
///
/// How each difference (`items - headline`) comes about:
///
/// 1. **Rows Oryx no longer counts.** The whole import counts more items than Oryx's
///    headline (see [`Reconciliation`](super::Reconciliation): rows the scraper kept that
///    Oryx has since merged, removed or relinked; `scarnecchia/oryx_data` issue #3 reports
///    the per-system rows exceeding the per-type totals). That excess is in the destroyed,
///    captured and abandoned columns and falls on every heading in proportion to its items:
///    a positive difference.
/// 2. **A heading the catalog's categories draw differently.** Where Oryx files a system
///    under another heading than its category's (Oryx's own lists are not always
///    consistent between Russia's and Ukraine's), the item leaves one heading and lands on
///    another: a negative difference on one row, the same positive difference on a
///    neighbour. [`TypeRow::categories`] shows what each row is made of.
/// 3. **No heading.** Items of categories Oryx has no heading for, and of no category, are
///    on the [`TypeRow::NO_HEADING`] row, missing from the heading Oryx gave them.
///
/// For a country, the differences of its rows add up to its difference in the
/// [`Reconciliation`](super::Reconciliation), since the headings' totals add up to Oryx's
/// `All Types` total (up to the totals file's own rounding: Ukraine's headings add up to one
/// more than its headline in the snapshot of 2025-07-19).
///
/// Made by [`Report::reconcile_types`] (whose example makes one) and read row by row: the
/// example of [`TypeRow`] reads one through [`TypeReconciliation::row`] and
/// [`TypeReconciliation::rows`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TypeReconciliation {
    /// Per country, one row per heading in the totals file's order, then the headings it
    /// does not have, then [`TypeRow::NO_HEADING`].
    pub rows: Vec<TypeRow>,
}

impl TypeReconciliation {
    /// The row of `country` and `heading`.
    pub fn row(&self, country: &str, heading: &str) -> Option<&TypeRow> {
        self.rows
            .iter()
            .find(|r| r.country == country && r.heading == heading)
    }
}

impl Report {
    /// Sets this import's items per Oryx type heading beside Oryx's totals per heading
    /// (see [`TypeReconciliation`]).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::import::oryx::{self, Headline, Options};
    /// use materiel::{Catalog, Ledger};
    ///
    /// let events = "\
    /// country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
    /// Russia,Russia,T-72B3,destroyed,https://x.org/1.jpg,2023-01-02,1,1,1,7-111
    /// Russia,Russia,Unknown tank,destroyed,https://x.org/2.jpg,2023-01-02,2,2,1,7-111
    /// Russia,Russia,BMP-2,captured,https://x.org/3.jpg,2023-01-05,3,3,2,7-112
    /// ";
    /// let totals = "\
    /// country,equipment_type,destroyed,abandoned,captured,damaged,type_total
    /// Russia,All Types,2,0,1,0,3
    /// Russia,Tanks,2,0,0,0,2
    /// Russia,Infantry Fighting Vehicles,0,0,1,0,1
    /// ";
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
    /// let report = oryx::import(&mut ledger, events.as_bytes(), &options)?;
    /// let rec = report.reconcile_types(&Headline::read(totals.as_bytes())?);
    /// let tanks = rec.row("Russia", "Tanks").unwrap();
    /// assert_eq!((tanks.total(), tanks.headline_total(), tanks.difference()), (2, Some(2), Some(0)));
    /// assert_eq!(rec.row("Russia", "Infantry Fighting Vehicles").unwrap().difference(), Some(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reconcile_types(&self, headline: &Headline) -> TypeReconciliation {
        let mut countries: Vec<&str> = Vec::new();
        let named = self
            .by_category
            .iter()
            .map(|c| c.country.as_str())
            .chain(headline.types.iter().map(|(c, ..)| c.as_str()));
        for c in named {
            if !countries.contains(&c) {
                countries.push(c);
            }
        }
        let mut rows = Vec::new();
        for country in countries {
            let own: Vec<&CategoryCount> = self
                .by_category
                .iter()
                .filter(|c| c.country == country)
                .collect();
            let headings: Vec<&(String, String, [u64; 4], u64)> = headline
                .types
                .iter()
                .filter(|(c, ..)| c == country)
                .collect();
            // The heading each category's items go under, in this country's spelling.
            let heading_of = |category: Option<Category>| -> &str {
                let Some(spellings) = category.map(Category::oryx_headings) else {
                    return TypeRow::NO_HEADING;
                };
                spellings
                    .iter()
                    .find(|s| headings.iter().any(|(_, h, ..)| h == *s))
                    .or(spellings.first())
                    .copied()
                    .unwrap_or(TypeRow::NO_HEADING)
            };
            let mut country_rows: Vec<TypeRow> = headings
                .iter()
                .map(|(_, h, counts, _)| TypeRow {
                    country: country.to_owned(),
                    heading: h.clone(),
                    categories: Vec::new(),
                    items: [0; 4],
                    headline: Some(*counts),
                })
                .collect();
            for c in &own {
                let heading = heading_of(c.category);
                let row = match country_rows.iter().position(|r| r.heading == heading) {
                    Some(i) => &mut country_rows[i],
                    None => {
                        country_rows.push(TypeRow {
                            country: country.to_owned(),
                            heading: heading.to_owned(),
                            categories: Vec::new(),
                            items: [0; 4],
                            headline: None,
                        });
                        country_rows.last_mut().expect("just pushed")
                    }
                };
                for (sum, n) in row.items.iter_mut().zip(c.items) {
                    *sum += n;
                }
                row.categories.push((c.category, c.total()));
            }
            // The no-heading row last.
            country_rows.sort_by_key(|r| r.heading == TypeRow::NO_HEADING);
            for r in &mut country_rows {
                r.categories
                    .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            }
            rows.extend(country_rows);
        }
        TypeReconciliation { rows }
    }
}

impl fmt::Display for TypeReconciliation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dash = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        writeln!(
            f,
            "{:<10} {:<45} {:>7} {:>9} {:>7}  made of (category: items)",
            "country", "Oryx type", "items", "headline", "diff"
        )?;
        for r in &self.rows {
            let made_of: Vec<String> = r
                .categories
                .iter()
                .map(|(c, n)| {
                    let c: &str = c.map_or("no category", |c| c.into());
                    format!("{c}: {n}")
                })
                .collect();
            writeln!(
                f,
                "{:<10} {:<45} {:>7} {:>9} {:>7}  {}",
                r.country,
                r.heading,
                r.total(),
                dash(r.headline_total().map(|h| h.to_string())),
                dash(r.difference().map(|d| format!("{d:+}"))),
                made_of.join(", ")
            )?;
        }
        write!(
            f,
            "diff = items - headline: positive from rows the scraper kept that Oryx's lists no \
             longer count (spread over the headings with their items); a heading Oryx gives a \
             system other than its category's moves items between rows; {} holds the items of \
             categories Oryx has no heading for",
            TypeRow::NO_HEADING
        )
    }
}
