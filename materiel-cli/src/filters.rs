//! The words that state a query's filters in its headings and chart titles, so that a
//! filtered table or chart never reads as the whole: `category tank, since 2024-01-01`.

use materiel::Ledger;
use materiel::catalog::Category;

use crate::flags::{GroupArgs, PerArg, PeriodArgs};
use crate::scope::holder_title;
use crate::ui::UsageError;

/// What a query keeps, in the order it is given: the category, the supplier, the recipient
/// (holders named as the ledger knows them), the period and its grouping; empty when nothing
/// is filtered.
#[derive(Debug, Default)]
pub(crate) struct Filters(Vec<String>);

impl Filters {
    /// The filters of `--category` and `--supplier` (resolved in `ledger`; several
    /// suppliers are `supplied by Russia (RUS) or France (FRA)`).
    pub(crate) fn new(
        ledger: &Ledger,
        category: Option<Category>,
        suppliers: &[String],
    ) -> Result<Self, UsageError> {
        let mut words = Vec::new();
        if let Some(c) = category {
            words.push(format!("category {c}"));
        }
        let suppliers = crate::args::holders(ledger, suppliers)?;
        if !suppliers.is_empty() {
            let names: Vec<String> = suppliers.iter().map(holder_title).collect();
            words.push(format!("supplied by {}", names.join(" or ")));
        }
        Ok(Self(words))
    }

    /// The filters of a `GroupArgs` (its grouping is said by the heading itself).
    pub(crate) fn of_group(ledger: &Ledger, group: &GroupArgs) -> Result<Self, UsageError> {
        Ok(Self::new(ledger, group.category, &group.supplier)?
            .origins(&group.origin.origins(ledger)?))
    }

    /// Adds `origin Russia (RUS) or Soviet Union (SUN)`, when some origin is given.
    pub(crate) fn origins(mut self, origins: &[materiel::HolderId]) -> Self {
        if !origins.is_empty() {
            let names: Vec<String> = origins.iter().map(holder_title).collect();
            self.0.push(format!("origin {}", names.join(" or ")));
        }
        self
    }

    /// Adds `to Venezuela (VEN)`.
    pub(crate) fn recipient(mut self, recipient: Option<&materiel::HolderId>) -> Self {
        if let Some(h) = recipient {
            self.0.push(format!("to {}", holder_title(h)));
        }
        self
    }

    /// Adds the period (`from 2015-01-01 to 2024-12-31`, `since ...`, `until ...`) and its
    /// grouping (`per year`).
    pub(crate) fn period(mut self, period: &PeriodArgs) -> Self {
        match (period.since, period.until) {
            (Some(a), Some(b)) => self.0.push(format!("from {a} to {b}")),
            (Some(a), None) => self.0.push(format!("since {a}")),
            (None, Some(b)) => self.0.push(format!("until {b}")),
            (None, None) => {}
        }
        match period.per {
            Some(PerArg::Month) => self.0.push("per month".to_owned()),
            Some(PerArg::Year) => self.0.push("per year".to_owned()),
            None => {}
        }
        self
    }

    /// `, category tank, since 2024-01-01` (to follow a heading), or nothing.
    pub(crate) fn suffix(&self) -> String {
        self.0.iter().map(|w| format!(", {w}")).collect()
    }
}

/// With `--origin`: the line saying how many lots (`units`: their units, `"12 units"`) an
/// origin filter could not keep because their platform has no origin (generic equipment, or a
/// catalog entry that gives none), so that a filtered answer never reads as all the
/// equipment of those origins; `hint` (`"; --format csv ..."`) follows. `None` for none.
pub(crate) fn no_origin_note(lots: u64, units: &str, hint: &str) -> Option<String> {
    (lots > 0).then(|| {
        format!(
            "not counted: {} ({units}) of no known origin (generic equipment, or a catalog entry \
             without one){hint}",
            crate::output::plural(lots, "lot", "lots"),
        )
    })
}

/// [`no_origin_note`] for grouped losses or deliveries: `rows` are the answer by platform
/// without the origin filter (with its other filters and period), `what` says what the units
/// did (`lost`, `delivered`).
pub(crate) fn no_origin_rows(
    ledger: &Ledger,
    rows: &[materiel::ledger::GroupRow],
    what: &str,
    hint: &str,
) -> Option<String> {
    let catalog = ledger.catalog();
    let (mut lots, mut units) = (0u64, 0u64);
    for r in rows {
        if let materiel::ledger::GroupKey::Platform(p) = &r.key
            && p.origin(catalog).is_none()
        {
            lots += 1;
            units = units.saturating_add(r.count.value());
        }
    }
    let units = format!("{} {what}", crate::output::plural(units, "unit", "units"));
    no_origin_note(lots, &units, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suffix_lists_every_filter_in_order() {
        let f = Filters(vec![
            "category tank".to_owned(),
            "since 2024-01-01".to_owned(),
        ]);
        assert_eq!(f.suffix(), ", category tank, since 2024-01-01");
        assert_eq!(Filters::default().suffix(), "");
    }
}
