//! Which years the SIPRI data in a ledger covers: the window its export's title states and
//! the last year with a delivery, so an answer can say why the years after it are empty.

use jiff::civil::Date;

use crate::ledger::{AsOf, Ledger};

use super::edition::edition_of;

/// Which years the SIPRI data in a ledger covers ([`coverage`]).
///
/// An export states a window of years in its title (`year range '2000' to '2030'`), but its
/// deliveries end at the last year the edition has data for (the export generated on
/// 2025-01-03 has none after 2023): a question about 2024 gets an empty answer because the
/// data ends, not because nothing was delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Coverage {
    /// The latest edition: the date its export was generated.
    pub edition: Date,
    /// The window of years the title of an imported export states, first to last, as the
    /// import's unknown openings keep it (`window=2000-2030`); `None` when no import kept one
    /// (an export stating none, or every lot opening at zero).
    pub window: Option<(i16, i16)>,
    /// The last year with a SIPRI delivery; `None` when there is none.
    pub last_delivery: Option<i16>,
}

/// Which years the SIPRI entries of `ledger` known in the view `at` (its known-at time) cover,
/// or `None` when it holds none. O(entries): one pass over the stored records that decodes
/// none of them (retracted entries count: they are what the data covered).
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{self, Options};
/// use materiel::{AsOf, Catalog, Ledger};
///
/// let csv = include_str!("../../../tests/data/sipri-excerpt.csv");
/// let mut ledger = Ledger::new(Catalog::reference());
/// sipri::import(&mut ledger, csv.as_bytes(), &Options::new())?;
/// let c = sipri::coverage(&ledger, &AsOf::latest()).expect("SIPRI entries");
/// assert_eq!(c.edition.to_string(), "2025-01-03");
/// assert_eq!(c.window, Some((2000, 2030)));
/// assert_eq!(c.last_delivery, Some(2023));
/// // Known before the import was recorded: no SIPRI data.
/// let before = AsOf::latest().known_at("2020-01-01T00:00:00Z".parse()?);
/// assert_eq!(sipri::coverage(&ledger, &before), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn coverage(ledger: &Ledger, at: &AsOf) -> Option<Coverage> {
    let spans = ledger.source_spans(&|c| edition_of(c).is_some(), at.known());
    let mut edition: Option<Date> = None;
    let mut last_delivery: Option<i16> = None;
    // The window of the latest edition that states one.
    let mut window: Option<(Date, (i16, i16))> = None;
    for span in &spans {
        let Some(date) = edition_of(span.citation) else {
            continue;
        };
        edition = Some(edition.map_or(date, |e| e.max(date)));
        last_delivery = last_delivery.max(span.last_delivery);
        if let Some(w) = span.opening_note.and_then(window_of)
            && window.is_none_or(|(d, _)| date > d)
        {
            window = Some((date, w));
        }
    }
    Some(Coverage {
        edition: edition?,
        window: window.map(|(_, w)| w),
        last_delivery,
    })
}

/// The window an opening's note names (`window=2000-2030; first_year=2000`).
fn window_of(note: &str) -> Option<(i16, i16)> {
    let rest = note.strip_prefix("window=")?;
    let range = rest.split(';').next()?;
    let (a, b) = range.split_once('-')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_notes_are_read_and_others_are_none() {
        assert_eq!(
            window_of("window=2000-2030; first_year=2000"),
            Some((2000, 2030))
        );
        assert_eq!(window_of("window=unstated; first_year=2005"), None);
        assert_eq!(window_of("something else"), None);
        assert_eq!(window_of("window=2000-; first_year=2000"), None);
    }
}
