//! Editions: what the ledger holds of an earlier SIPRI export, how a deal compares with it,
//! and the [`EditionDiff`] an import of a newer edition reports.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use rustc_hash::FxHashMap as FxMap;

use crate::ledger::{Change, Entry, Ledger, NewEntry};

use super::facts::{SipriDeal, Tiv};
use super::parse::flag_text;

/// Every SIPRI entry's citation starts with this, followed by the edition's generation date
/// (`YYYY-MM-DD`).
pub(super) const CITATION_PREFIX: &str = "SIPRI Arms Transfers Database, data generated ";

/// The citation of the edition generated on `date`.
pub(super) fn citation(date: Date) -> String {
    format!("{CITATION_PREFIX}{date}")
}

/// The edition of an entry, from its citation; `None` for entries of other sources.
pub(super) fn edition_of(citation: &str) -> Option<Date> {
    citation.strip_prefix(CITATION_PREFIX)?.parse().ok()
}

/// What the ledger holds of SIPRI: its latest edition and the live (not retracted) entries
/// of each deal, found in one pass over the ledger.
pub(super) struct Prior {
    /// The latest edition the ledger holds.
    pub(super) latest: Date,
    /// Deal id (the sources' reference) -> its live entries, in append order.
    pub(super) deals: FxMap<Box<str>, Vec<Entry>>,
}

impl Prior {
    /// The SIPRI entries of `ledger`, or `None` when it holds none. O(entries).
    pub(super) fn find(ledger: &Ledger) -> Option<Self> {
        if ledger.is_empty() {
            return None;
        }
        let mut latest: Option<Date> = None;
        let mut deals: FxMap<Box<str>, Vec<Entry>> = FxMap::default();
        for entry in ledger.entries() {
            let Some(date) = edition_of(entry.source().citation()) else {
                continue;
            };
            if matches!(entry.change(), Change::Retracted { .. })
                || ledger.retracted_by(entry.id()).is_some()
            {
                continue;
            }
            let Some(deal) = entry.source().reference() else {
                continue;
            };
            latest = Some(latest.map_or(date, |l| l.max(date)));
            deals.entry(deal.into()).or_default().push(entry);
        }
        Some(Self {
            latest: latest?,
            deals,
        })
    }
}

/// The text by which two entries of a deal are compared across editions: everything but the
/// recorded time and the citation (which names the edition).
fn signature(e: &NewEntry) -> String {
    format!(
        "{}|{}|{}|{:?}|{}|{}|{:?}",
        e.holder(),
        e.platform(),
        e.effective(),
        e.change(),
        e.source().grade(),
        e.note().unwrap_or_default(),
        e.facts()
    )
}

/// True when the deal's entries in the ledger say what the new edition's do.
pub(super) fn same<'a>(
    old: impl Iterator<Item = &'a NewEntry>,
    new: impl Iterator<Item = &'a NewEntry>,
) -> bool {
    let mut a: Vec<String> = old.map(signature).collect();
    let mut b: Vec<String> = new.map(signature).collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// The deal's fields as an analyst reads them, by name: its parties, platform, order (year,
/// count, grade), each year's deliveries, and its typed SIPRI facts.
fn fields<'a>(entries: impl Iterator<Item = &'a NewEntry>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in entries {
        match e.change() {
            Change::Ordered {
                count,
                supplier,
                condition,
            } => {
                out.insert("recipient".into(), e.holder().to_string());
                out.insert("platform".into(), e.platform().to_string());
                out.insert(
                    "supplier".into(),
                    supplier
                        .as_ref()
                        .map_or_else(|| "unknown".into(), ToString::to_string),
                );
                out.insert("status".into(), condition.to_string());
                out.insert("order year".into(), e.effective().to_string());
                out.insert("ordered".into(), count.to_string());
                out.insert("order grade".into(), e.source().grade().to_string());
                if let Some(d) = sipri(e) {
                    let mut put = |k: &str, v: String| {
                        if !v.is_empty() {
                            out.insert(k.to_owned(), v);
                        }
                    };
                    put("designation", d.designation.clone());
                    put("description", d.description.clone());
                    put("category", d.category.clone());
                    put(
                        "order_year_estimate",
                        flag_text(d.order_year_estimate).into(),
                    );
                    put("tiv_unit", opt(d.tiv_unit));
                    put("sipri_estimate", opt(d.sipri_estimate));
                    put("local_production", flag_text(d.licensed).into());
                }
            }
            Change::Delivered { count, .. } => {
                let year = e.effective().to_string();
                let key = format!("delivered {year}");
                let text = match out.get(&key) {
                    Some(before) => format!("{before} + {count}"),
                    None => count.to_string(),
                };
                out.insert(key, text);
                if let Some(d) = sipri(e) {
                    if let Some(t) = d.tiv_delivery {
                        out.insert(format!("tiv_delivery {year}"), t.to_string());
                    }
                    out.insert(
                        format!("delivery_year_estimate {year}"),
                        flag_text(d.delivery_year_estimate).into(),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// The entry's SIPRI facts; facts that do not match the schema (a journal edited by hand)
/// list no fields, and the deal's comparison (on the facts' text) still sees them.
fn sipri(e: &NewEntry) -> Option<SipriDeal> {
    SipriDeal::of(e).ok().flatten()
}

fn opt(t: Option<Tiv>) -> String {
    t.map(|t| t.to_string()).unwrap_or_default()
}

/// The fields that differ between a deal's entries in the ledger and the new edition's.
pub(super) fn revisions<'a>(
    old: impl Iterator<Item = &'a NewEntry>,
    new: impl Iterator<Item = &'a NewEntry>,
) -> Vec<FieldRevision> {
    let a = fields(old);
    let b = fields(new);
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| FieldRevision {
            field: k.clone(),
            before: a.get(k).cloned(),
            after: b.get(k).cloned(),
        })
        .collect()
}

/// What a newer edition of the export revised against the one the ledger held: the
/// [`Report::edition`](super::Report::edition) of an import into a ledger that already holds
/// SIPRI entries.
///
/// Deals are compared by id (`SIPRI AT Database ID`, each entry's source reference) on
/// everything the import records except the recorded time and the citation: a deal whose
/// entries say the same is unchanged (nothing appended); a changed deal's new entries are
/// appended and its earlier ones retracted; a deal no longer in the export is withdrawn
/// (its entries retracted). Everything is recorded at the new edition's recorded time, so
/// [`AsOf::known_at`](crate::ledger::AsOf::known_at) the earlier edition still sees it.
///
/// # Example
///
/// See `tests/it/sipri.rs` (`editions_supersede`) and `examples/sipri_import.rs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EditionDiff {
    /// The latest edition the ledger held (its generation date).
    pub previous: Option<Date>,
    /// This edition's generation date.
    pub edition: Option<Date>,
    /// Deals new in this edition, by id.
    pub added: Vec<String>,
    /// Deals this edition revised, with the fields that changed.
    pub changed: Vec<DealRevision>,
    /// Deals of the earlier edition this one no longer lists, by id. Only decided when the
    /// import has no filter (a filtered import cannot tell a withdrawn deal from one
    /// filtered out).
    pub withdrawn: Vec<String>,
    /// Deals this edition lists as the earlier one did.
    pub unchanged: u64,
}

impl EditionDiff {
    /// The diff of the edition generated on `edition` against the `previous` one, empty.
    pub(super) fn between(previous: Date, edition: Date) -> Self {
        Self {
            previous: Some(previous),
            edition: Some(edition),
            ..Self::default()
        }
    }

    /// True when this edition revised nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.withdrawn.is_empty()
    }
}

/// One deal revised by a newer edition.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DealRevision {
    /// The deal id.
    pub deal: String,
    /// The fields that changed, by name (`ordered`, `delivered 2008`, `tiv_unit`, ...).
    pub fields: Vec<FieldRevision>,
}

/// One field of a deal, before and after a revision (`None`: absent on that side, such as
/// a delivery year that moved).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldRevision {
    /// The field's name.
    pub field: String,
    /// Its value in the earlier edition.
    pub before: Option<String>,
    /// Its value in this edition.
    pub after: Option<String>,
}

impl fmt::Display for EditionDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = |d: Option<Date>| d.map_or_else(|| "?".to_owned(), |d| d.to_string());
        writeln!(
            f,
            "SIPRI edition {} against {}: {} added, {} changed, {} withdrawn, {} unchanged",
            date(self.edition),
            date(self.previous),
            self.added.len(),
            self.changed.len(),
            self.withdrawn.len(),
            self.unchanged
        )?;
        for d in &self.added {
            writeln!(f, "  added     deal {d}")?;
        }
        for c in &self.changed {
            writeln!(f, "  changed   deal {}", c.deal)?;
            for r in &c.fields {
                writeln!(
                    f,
                    "              {}: {} -> {}",
                    r.field,
                    r.before.as_deref().unwrap_or("(none)"),
                    r.after.as_deref().unwrap_or("(none)")
                )?;
            }
        }
        for d in &self.withdrawn {
            writeln!(f, "  withdrawn deal {d}")?;
        }
        Ok(())
    }
}
