//! Deals: the terms every row of a deal repeats and their consistency check, the running
//! sums that become the deal's order, and the deliveries waiting to be appended.

use std::sync::Arc;

use crate::holder::HolderId;
use crate::import::{RowError, RowProblem};
use crate::ledger::{Basis, Condition, Count, EffectiveDate, MAX_COUNT};

use super::Category;
use super::facts::{SipriDeal, Tiv};
use super::parse::{Flag, Row, UNKNOWN_SUPPLIER, col};
use super::state::PlatformSlot;
use super::{HEADER, Problem};

/// What every row of a deal repeats, as resolved (holders and platforms by their number in
/// the import): a later row must agree on each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Terms {
    pub(super) supplier: Option<u32>,
    pub(super) recipient: u32,
    /// Platform as resolved from the designation (before variant rules).
    pub(super) platform: u32,
    pub(super) category: Category,
    pub(super) order_year: i16,
    pub(super) condition: Condition,
}

/// One field of [`Terms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Term {
    Supplier,
    Recipient,
    Designation,
    Category,
    OrderDate,
    Status,
}

impl Term {
    /// Every term, in the order they are checked (the columns' order).
    const ALL: [Term; 6] = [
        Term::Supplier,
        Term::Recipient,
        Term::Designation,
        Term::Category,
        Term::OrderDate,
        Term::Status,
    ];

    /// The term's column and its name in a mismatch message.
    fn column_and_name(self) -> (usize, &'static str) {
        match self {
            Term::Supplier => (col::SUPPLIER, "supplier"),
            Term::Recipient => (col::RECIPIENT, "recipient"),
            Term::Designation => (col::DESIGNATION, "designation"),
            Term::Category => (col::CATEGORY, "category"),
            Term::OrderDate => (col::ORDER_YEAR, "order date"),
            Term::Status => (col::STATUS, "status"),
        }
    }

    fn differs(self, a: &Terms, b: &Terms) -> bool {
        match self {
            Term::Supplier => a.supplier != b.supplier,
            Term::Recipient => a.recipient != b.recipient,
            Term::Designation => a.platform != b.platform,
            Term::Category => a.category != b.category,
            Term::OrderDate => a.order_year != b.order_year,
            Term::Status => a.condition != b.condition,
        }
    }

    /// The row's value of the term and the deal's, as text.
    fn values(
        self,
        row: &Row<'_>,
        deal: &Terms,
        holders: &[HolderId],
        platforms: &[PlatformSlot],
    ) -> (String, String) {
        match self {
            Term::Supplier => (
                row.supplier.to_owned(),
                deal.supplier
                    .map_or(UNKNOWN_SUPPLIER, |s| holders[s as usize].as_str())
                    .to_owned(),
            ),
            Term::Recipient => (
                row.recipient.to_owned(),
                holders[deal.recipient as usize].to_string(),
            ),
            Term::Designation => (
                row.designation.to_owned(),
                platforms[deal.platform as usize].platform.to_string(),
            ),
            Term::Category => (row.category.to_string(), deal.category.to_string()),
            Term::OrderDate => (row.order_year.to_string(), deal.order_year.to_string()),
            Term::Status => (row.condition.to_string(), deal.condition.to_string()),
        }
    }
}

/// A deal seen so far: its terms, and the order's running sums.
pub(super) struct Deal {
    /// The line of its first row.
    pub(super) line: u64,
    pub(super) deal_text: Arc<str>,
    pub(super) terms: Terms,
    /// Platform recorded (after variant rules).
    pub(super) recorded_platform: u32,
    pub(super) order_year_est: Flag,
    pub(super) rows: u32,
    pub(super) delivered: u64,
    pub(super) any_estimate: bool,
    /// The deal's facts, as its first row gives them (no delivery-row fields).
    pub(super) facts: SipriDeal,
    /// What the facts could not type (a TIV that is not a number), for the order's note.
    pub(super) untyped: String,
}

/// The trailing ` -` SIPRI writes after some designations (`K-2 -`) removed.
pub(super) fn trim_designation(designation: &str) -> &str {
    let mut d = designation;
    while let Some(rest) = d.strip_suffix('-').filter(|r| r.ends_with(' ')) {
        d = rest.trim_end();
    }
    if d.is_empty() { designation } else { d }
}

/// A TIV field: `None` when empty; a text that is not a TIV is kept as `key=text` in
/// `untyped` (for the note) and gives `None`.
fn tiv(text: &str, key: &str, untyped: &mut String) -> Option<Tiv> {
    if text.is_empty() {
        return None;
    }
    match text.parse() {
        Ok(t) => Some(t),
        Err(_) => {
            note_pair(untyped, key, text);
            None
        }
    }
}

impl Deal {
    /// A deal first seen at `row` (line `line`), with its resolved `terms`.
    pub(super) fn new(row: &Row<'_>, line: u64, terms: Terms, recorded_platform: u32) -> Self {
        let mut untyped = String::new();
        let mut facts = SipriDeal::new(row.deal, trim_designation(row.designation));
        facts.description = row.description.to_owned();
        facts.category = row.category.to_string();
        facts.order_year = row.order_year;
        facts.order_year_estimate = row.order_year_est;
        facts.status = row.condition;
        facts.licensed = row.local_production;
        facts.tiv_unit = tiv(row.tiv_unit, "tiv_unit", &mut untyped);
        facts.sipri_estimate = tiv(row.sipri_estimate, "sipri_estimate", &mut untyped);
        Self {
            line,
            deal_text: row.deal_text.into(),
            terms,
            recorded_platform,
            order_year_est: row.order_year_est,
            rows: 0,
            delivered: 0,
            any_estimate: false,
            facts,
            untyped,
        }
    }

    /// Checks that `row`, whose terms resolved to `terms`, agrees with the deal's earlier
    /// rows: the first term that differs is a [`Problem::DealMismatch`] naming both values.
    pub(super) fn check(
        &self,
        row: &Row<'_>,
        line: u64,
        terms: &Terms,
        holders: &[HolderId],
        platforms: &[PlatformSlot],
    ) -> Result<(), RowError> {
        if self.terms == *terms {
            return Ok(());
        }
        let Some(term) = Term::ALL
            .into_iter()
            .find(|t| t.differs(&self.terms, terms))
        else {
            return Ok(());
        };
        let (column, name) = term.column_and_name();
        let (value, deal_value) = term.values(row, &self.terms, holders, platforms);
        Err(RowError::new(
            line,
            Some(HEADER[column]),
            value,
            Problem::DealMismatch.into(),
            format!(
                "deal {} has {name} {deal_value} on line {}",
                row.deal, self.line
            ),
        ))
    }

    /// Counts a row of the deal and its delivery, if any.
    pub(super) fn add_row(&mut self, delivery: Option<&PendingDelivery>) {
        // Saturating: the sum is checked against MAX_COUNT when the order is built.
        self.rows = self.rows.saturating_add(1);
        if let Some(d) = delivery {
            self.delivered = self.delivered.saturating_add(d.count.value());
            self.any_estimate |= d.count.basis() == Basis::Estimate;
        }
    }

    /// The order's count and the rule that gave it (see the [mapping
    /// rules](super#mapping-rules)). Always a lower bound: the export has no "number
    /// ordered", only the deliveries it lists. `partial`: the export or the options may leave
    /// out some of the deal's deliveries (a year filter, or an order before the export's
    /// window); only the rule's name says so.
    pub(super) fn order_count(&self, partial: bool) -> Result<(Count, &'static str), RowError> {
        let bad = |reason: String| {
            RowError::new(
                self.line,
                Some(HEADER[col::DELIVERED]),
                self.delivered.to_string(),
                RowProblem::BadNumber,
                reason,
            )
        };
        let (count, rule) = if self.delivered == 0 {
            (Count::at_least(1), "no_deliveries_listed")
        } else if self.delivered > MAX_COUNT {
            return Err(bad(format!(
                "deal {}: the rows deliver more than {MAX_COUNT} in all",
                self.deal_text
            )));
        } else if partial {
            (Count::at_least(self.delivered), "sum_of_rows_in_window")
        } else {
            (Count::at_least(self.delivered), "sum_of_rows")
        };
        Ok((count.map_err(|e| bad(e.to_string()))?, rule))
    }
}

/// A delivery read but not yet appended: the deal supplies holder, supplier, platform and
/// condition (its rows agree on them), and the deal's facts.
pub(super) struct PendingDelivery {
    pub(super) deal: u32,
    pub(super) line: u64,
    pub(super) count: Count,
    pub(super) effective: EffectiveDate,
    pub(super) estimate_grade: bool,
    /// The row's own facts: numbers and year estimate flags, TIV of the delivery.
    pub(super) delivered_est: Flag,
    pub(super) delivery_year_est: Flag,
    pub(super) tiv_delivery: Option<Tiv>,
    /// What could not be typed (`tiv_delivery=...`), for the note; usually empty.
    pub(super) untyped: Box<str>,
}

impl PendingDelivery {
    /// The delivery of `row` (line `line`) of deal number `deal`, if it delivers anything.
    /// `scratch` is a reused buffer for the note.
    pub(super) fn from_row(
        row: &Row<'_>,
        line: u64,
        deal: u32,
        scratch: &mut String,
    ) -> Result<Option<Self>, RowError> {
        let (n, Some(year)) = (row.delivered, row.delivery_year) else {
            return Ok(None);
        };
        if n == 0 {
            return Ok(None);
        }
        let effective = EffectiveDate::year(year).map_err(|e| {
            RowError::new(
                line,
                Some(HEADER[col::DELIVERY_YEAR]),
                year.to_string(),
                RowProblem::BadYear,
                e.to_string(),
            )
        })?;
        let estimate = row.delivered_est == Some(true);
        let basis = if estimate {
            Basis::Estimate
        } else {
            Basis::Exact
        };
        let count = Count::new(n, basis).map_err(|e| {
            RowError::new(
                line,
                Some(HEADER[col::DELIVERED]),
                n.to_string(),
                RowProblem::BadNumber,
                e.to_string(),
            )
        })?;
        scratch.clear();
        let tiv_delivery = tiv(row.tiv_delivery, "tiv_delivery", scratch);
        Ok(Some(Self {
            deal,
            line,
            count,
            effective,
            estimate_grade: estimate || row.delivery_year_est == Some(true),
            delivered_est: row.delivered_est,
            delivery_year_est: row.delivery_year_est,
            tiv_delivery,
            untyped: scratch.as_str().into(),
        }))
    }

    /// The delivery's facts: the deal's and the row's own.
    pub(super) fn facts(&self, deal: &SipriDeal) -> SipriDeal {
        let mut facts = deal.clone();
        facts.tiv_delivery = self.tiv_delivery;
        facts.delivered_estimate = self.delivered_est;
        facts.delivery_year_estimate = self.delivery_year_est;
        facts
    }
}

/// Writes `; key=value` (or `key=value` first), `;` in the value becoming `,`; nothing
/// for an empty value.
pub(super) fn note_pair(note: &mut String, key: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    if !note.is_empty() {
        note.push_str("; ");
    }
    note.push_str(key);
    note.push('=');
    if value.contains(';') {
        note.push_str(&value.replace(';', ","));
    } else {
        note.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_escape_semicolons_and_skip_empty_values() {
        let mut n = String::new();
        note_pair(&mut n, "a", "x;y");
        note_pair(&mut n, "b", "");
        note_pair(&mut n, "c", "1");
        assert_eq!(n, "a=x,y; c=1");
    }

    #[test]
    fn designations_lose_the_trailing_dash() {
        assert_eq!(trim_designation("K-2 -"), "K-2");
        assert_eq!(trim_designation("K-2"), "K-2");
        assert_eq!(trim_designation("Su-30MK"), "Su-30MK");
        assert_eq!(trim_designation("-"), "-");
        assert_eq!(trim_designation("MiG-29 - -"), "MiG-29");
    }
}
