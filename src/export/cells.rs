//! A table's rows as cells: entries, holdings, timelines, pipelines and losses, each value as
//! the module documentation says.

use super::*;

pub(super) fn holdings_rows<W: Write>(
    ledger: &Ledger,
    holder: &HolderId,
    holdings: &crate::ledger::Holdings,
    at: &AsOf,
    table: &mut Table<W>,
) -> Result<(), ExportError> {
    let mut cells = Vec::with_capacity(HOLDINGS_COLUMNS.len());
    for (platform, state) in holdings.iter() {
        cells.clear();
        cells.push(Cell::text(holder.as_str()));
        platform_cells(ledger, platform, &mut cells);
        state_cells(state, &mut cells);
        let weakest = ledger.provenance(holder, platform, at).weakest_grade();
        cells.push(Cell::opt(weakest.map(Cell::display)));
        as_of_cells(at, &mut cells);
        catalog_cells(ledger, platform, &mut cells);
        table.row(&cells)?;
    }
    Ok(())
}

/// `category`, `origin`, `family`: what the catalog (or, for generic equipment, its
/// importer) says of the platform.
pub(super) fn catalog_cells<'a>(
    ledger: &'a Ledger,
    platform: &'a PlatformRef,
    cells: &mut Vec<Cell<'a>>,
) {
    let catalog = ledger.catalog();
    let category = platform.category(catalog);
    cells.push(Cell::opt(category.map(|c| Cell::text(c.into()))));
    let origin = platform.origin(catalog);
    cells.push(Cell::opt(origin.map(|h| Cell::text(h.as_str()))));
    let family = platform.family(catalog);
    cells.push(Cell::opt(family.map(|id| Cell::text(id.as_str()))));
}

/// The row of one loss, in [`LOSS_COLUMNS`] order.
pub(super) fn loss_cells<'a>(ledger: &'a Ledger, row: &'a LossRow, cells: &mut Vec<Cell<'a>>) {
    cells.push(Cell::text(row.holder.as_str()));
    platform_cells(ledger, &row.platform, cells);
    let (cause, captor) = cause_and_captor(&row.cause);
    cells.push(Cell::text(cause));
    cells.push(Cell::opt(captor.map(|h| Cell::text(h.as_str()))));
    let month = row.month;
    cells.push(Cell::Text(Cow::Owned(format!(
        "{:04}-{:02}",
        month.year(),
        month.month()
    ))));
    count_cells(Some(row.count), cells);
    catalog_cells(ledger, &row.platform, cells);
}

pub(super) fn pipeline_rows<W: Write>(
    ledger: &Ledger,
    items: &[PipelineItem],
    at: &AsOf,
    table: &mut Table<W>,
) -> Result<(), ExportError> {
    let mut cells = Vec::with_capacity(PIPELINE_COLUMNS.len());
    for item in items {
        let entry = &item.entry;
        let facts = ChangeCells::of(entry.change());
        cells.clear();
        head_cells(ledger, entry, &facts, &mut cells);
        let remainder = item.remainder();
        let outstanding = match remainder {
            Remainder::Unknown => None,
            _ => item.outstanding,
        };
        cells.push(Cell::opt(outstanding.map(Cell::UInt)));
        cells.push(Cell::text(remainder.name()));
        cells.push(Cell::opt(facts.supplier.map(|h| Cell::text(h.as_str()))));
        cells.push(Cell::opt(facts.condition.map(Cell::text)));
        cells.push(Cell::opt(facts.request_kind.map(Cell::text)));
        source_cells(entry, &mut cells);
        as_of_cells(at, &mut cells);
        table.row(&cells)?;
    }
    Ok(())
}

/// The row of one entry, in [`ENTRY_COLUMNS`] order.
pub(super) fn entry_cells<'a>(
    ledger: &'a Ledger,
    entry: &'a Entry,
    cells: &mut Vec<Cell<'a>>,
) -> Result<(), ExportError> {
    let facts = ChangeCells::of(entry.change());
    head_cells(ledger, entry, &facts, cells);
    let status = |s: Option<Status>| Cell::opt(s.map(Cell::display));
    cells.push(status(facts.from));
    cells.push(status(facts.to));
    cells.push(status(facts.into));
    cells.push(status(facts.observed));
    for count in facts.breakdown {
        count_cells(count, cells);
    }
    let holder = |h: Option<&'a HolderId>| Cell::opt(h.map(|h| Cell::text(h.as_str())));
    cells.push(holder(facts.supplier));
    cells.push(holder(facts.recipient));
    cells.push(Cell::opt(facts.condition.map(Cell::text)));
    cells.push(Cell::opt(facts.request_kind.map(Cell::text)));
    cells.push(Cell::opt(facts.cause.map(Cell::text)));
    cells.push(holder(facts.captor));
    cells.push(Cell::opt(facts.retracted.map(|id| Cell::UInt(id.get()))));
    let by = ledger.retracted_by(entry.id());
    cells.push(Cell::opt(by.map(|id| Cell::UInt(id.get()))));
    source_cells(entry, cells);
    fact_cells(entry, cells)?;
    claim_cells(&facts, cells);
    Ok(())
}

/// `claim_quantity` to `decision_upper`: a claim's or resolution's fields.
fn claim_cells(facts: &ChangeCells<'_>, cells: &mut Vec<Cell<'_>>) {
    let (quantity, status) = match facts.quantity {
        Some(Quantity::Held) => (Some("held"), None),
        Some(Quantity::InStatus(s)) => (Some("in_status"), Some(s)),
        Some(Quantity::Delivered) => (Some("delivered"), None),
        Some(Quantity::Lost) => (Some("lost"), None),
        None => (None, None),
    };
    cells.push(Cell::opt(quantity.map(Cell::text)));
    cells.push(Cell::opt(status.map(Cell::display)));
    let (decision, entry, lower, upper) = match facts.decision {
        Some(Decision::Pick { entry }) => (Some("pick"), Some(entry.get()), None, None),
        Some(Decision::Narrow { lower, upper }) => (Some("narrow"), None, Some(lower), upper),
        Some(Decision::KeepRange) => (Some("keep_range"), None, None, None),
        None => (None, None, None, None),
    };
    cells.push(Cell::opt(decision.map(Cell::text)));
    for n in [entry, lower, upper] {
        cells.push(Cell::opt(n.map(Cell::UInt)));
    }
}

/// `sipri_deal` to `delivery_year_estimate`: the entry's SIPRI facts, read through the
/// importer's schema.
pub(super) fn fact_cells(entry: &Entry, cells: &mut Vec<Cell<'_>>) -> Result<(), ExportError> {
    let deal = SipriDeal::of(entry).map_err(|source| ExportError::Facts {
        entry: entry.id(),
        source,
    })?;
    let Some(d) = deal else {
        cells.extend(std::iter::repeat_with(|| Cell::Empty).take(FACT_COLUMNS));
        return Ok(());
    };
    let flag = |f: Option<bool>| Cell::opt(f.map(Cell::Bool));
    let tiv = |t: Option<Tiv>| Cell::opt(t.map(|t| Cell::Float(t.millions())));
    let text = |t: String| {
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(t))
        }
    };
    cells.push(Cell::UInt(u64::from(d.deal)));
    cells.push(text(d.designation));
    cells.push(text(d.description));
    cells.push(text(d.category));
    cells.push(Cell::Int(i64::from(d.order_year)));
    cells.push(flag(d.order_year_estimate));
    cells.push(Cell::text(d.status.into()));
    cells.push(flag(d.licensed));
    cells.push(tiv(d.tiv_unit));
    cells.push(tiv(d.sipri_estimate));
    cells.push(tiv(d.tiv_delivery));
    cells.push(flag(d.delivered_estimate));
    cells.push(flag(d.delivery_year_estimate));
    Ok(())
}

/// The number of facts columns at the end of [`ENTRY_COLUMNS`].
pub(super) const FACT_COLUMNS: usize = 13;

/// The columns entries and pipeline items share, from `id` to `count_basis`.
pub(super) fn head_cells<'a>(
    ledger: &'a Ledger,
    entry: &'a Entry,
    facts: &ChangeCells<'_>,
    cells: &mut Vec<Cell<'a>>,
) {
    cells.push(Cell::UInt(entry.id().get()));
    cells.push(Cell::text(entry.holder().as_str()));
    platform_cells(ledger, entry.platform(), cells);
    let effective = entry.effective();
    cells.push(Cell::display(effective));
    cells.push(Cell::display(effective.first_day()));
    cells.push(Cell::display(effective.last_day()));
    cells.push(Cell::display(effective.precision()));
    cells.push(Cell::display(entry.recorded()));
    cells.push(Cell::text(entry.change().name()));
    count_cells(facts.count, cells);
}

/// `source_citation` to `note`.
pub(super) fn source_cells<'a>(entry: &'a Entry, cells: &mut Vec<Cell<'a>>) {
    let source = entry.source();
    cells.push(Cell::text(source.citation()));
    cells.push(Cell::opt(source.url().map(Cell::text)));
    cells.push(Cell::opt(source.reference().map(Cell::text)));
    cells.push(Cell::display(source.grade()));
    cells.push(Cell::opt(entry.note().map(Cell::text)));
}

/// `platform` to `platform_kind`.
pub(super) fn platform_cells<'a>(
    ledger: &'a Ledger,
    platform: &'a PlatformRef,
    cells: &mut Vec<Cell<'a>>,
) {
    let (name, generic) = match platform {
        PlatformRef::Catalog(id) => (id.as_str(), false),
        PlatformRef::Generic(g) => (g.designation(), true),
    };
    cells.push(Cell::text(name));
    cells.push(Cell::Bool(generic));
    cells.push(Cell::text(platform.label(ledger.catalog())));
    let kind = platform.kind(ledger.catalog());
    cells.push(Cell::opt(kind.map(|k| Cell::text(k.into()))));
}

/// A count and its basis, or two empty cells.
pub(super) fn count_cells(count: Option<Count>, cells: &mut Vec<Cell<'_>>) {
    match count {
        Some(c) => {
            cells.push(Cell::UInt(c.value()));
            cells.push(basis_cell(c.basis()));
        }
        None => cells.extend([Cell::Empty, Cell::Empty]),
    }
}

pub(super) fn basis_cell(basis: Basis) -> Cell<'static> {
    Cell::text(basis.into())
}

/// The state columns of holdings and timelines, `operational` to `consistent`.
pub(super) fn state_cells(state: &LotState, cells: &mut Vec<Cell<'_>>) {
    for status in Status::ALL {
        count_cells(Some(state.count(status)), cells);
    }
    for count in [
        state.in_service(),
        state.mission_capable(),
        state.delivered(),
        state.transferred_in(),
        state.captured_in(),
    ] {
        count_cells(Some(count), cells);
    }
    let held = state.captured_held();
    cells.push(Cell::UInt(held.lower()));
    cells.push(Cell::UInt(held.upper()));
    for count in [
        state.lost(),
        state.retired(),
        state.expended(),
        state.transferred_out(),
    ] {
        count_cells(Some(count), cells);
    }
    cells.push(Cell::Int(state.adjustment()));
    cells.push(Cell::Bool(state.baseline_known()));
    let readiness = state.readiness();
    for rate in [readiness.rate(), readiness.lower(), readiness.upper()] {
        cells.push(Cell::opt(rate.map(Cell::Float)));
    }
    cells.push(Cell::Bool(state.is_consistent()));
}

/// `as_of_valid`, `as_of_known`, `as_of_min_grade`.
pub(super) fn as_of_cells(at: &AsOf, cells: &mut Vec<Cell<'_>>) {
    cells.push(Cell::opt(at.valid_date().map(Cell::display)));
    cells.push(Cell::opt(at.known().map(Cell::display)));
    cells.push(Cell::opt(at.grade().map(Cell::display)));
}

/// The facts of a change, by column; `None` where a column does not apply.
#[derive(Default)]
pub(super) struct ChangeCells<'a> {
    pub(super) count: Option<Count>,
    pub(super) from: Option<Status>,
    pub(super) to: Option<Status>,
    pub(super) into: Option<Status>,
    pub(super) observed: Option<Status>,
    pub(super) breakdown: [Option<Count>; 7],
    pub(super) supplier: Option<&'a HolderId>,
    pub(super) recipient: Option<&'a HolderId>,
    pub(super) condition: Option<&'static str>,
    pub(super) request_kind: Option<&'static str>,
    pub(super) cause: Option<&'static str>,
    pub(super) captor: Option<&'a HolderId>,
    pub(super) retracted: Option<EntryId>,
    pub(super) quantity: Option<Quantity>,
    pub(super) decision: Option<Decision>,
}

impl<'a> ChangeCells<'a> {
    /// Every field of every kind, matched exhaustively: a new kind or cause must be given its
    /// columns here.
    pub(super) fn of(change: &'a Change) -> Self {
        let mut c = ChangeCells {
            count: change.count(),
            ..ChangeCells::default()
        };
        match change {
            Change::Requested {
                count: _,
                supplier,
                request,
            } => {
                c.supplier = supplier.as_ref();
                c.request_kind = Some(request.into());
            }
            Change::Ordered {
                count: _,
                supplier,
                condition,
            } => {
                c.supplier = supplier.as_ref();
                c.condition = Some(condition.into());
            }
            Change::Delivered {
                count: _,
                into,
                supplier,
                condition,
            } => {
                c.into = Some(*into);
                c.supplier = supplier.as_ref();
                c.condition = Some(condition.into());
            }
            Change::StatusChanged { from, to, count: _ } => {
                c.from = Some(*from);
                c.to = Some(*to);
            }
            Change::Assessed { breakdown } => {
                for (status, count) in breakdown {
                    c.breakdown[status_index(*status)] = Some(*count);
                }
            }
            Change::Lost {
                count: _,
                from,
                cause,
            } => {
                c.from = Some(*from);
                let (name, captor) = cause_and_captor(cause);
                c.cause = Some(name);
                c.captor = captor;
            }
            Change::Retired { count: _, from } | Change::Expended { count: _, from } => {
                c.from = Some(*from);
            }
            Change::Transferred {
                count: _,
                to,
                from,
                into,
            } => {
                c.recipient = Some(to);
                c.from = Some(*from);
                c.into = Some(*into);
            }
            Change::Observed { count: _, status } => c.observed = *status,
            Change::Retracted { entry } => c.retracted = Some(*entry),
            Change::Claimed { quantity, count: _ } => c.quantity = Some(*quantity),
            Change::Resolved { quantity, decision } => {
                c.quantity = Some(*quantity);
                c.decision = Some(*decision);
            }
            Change::OpeningUnknown => {}
        }
        c
    }
}

/// The `cause` column's value and the `captor` column's holder.
fn cause_and_captor(cause: &LossCause) -> (&'static str, Option<&HolderId>) {
    match cause {
        LossCause::Destroyed => ("destroyed", None),
        LossCause::Damaged => ("damaged", None),
        LossCause::Abandoned => ("abandoned", None),
        LossCause::Captured { by } => ("captured", by.as_ref()),
    }
}

/// The position of `status` in [`Status::ALL`].
pub(super) fn status_index(status: Status) -> usize {
    match status {
        Status::Operational => 0,
        Status::Degraded => 1,
        Status::NonOperationalMaintenance => 2,
        Status::NonOperationalSupply => 3,
        Status::NonOperationalDamaged => 4,
        Status::Stored => 5,
        Status::Unknown => 6,
    }
}

/// One cell of a row.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Cell<'a> {
    /// Does not apply: an empty CSV cell, JSON `null`.
    Empty,
    Text(Cow<'a, str>),
    UInt(u64),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl<'a> Cell<'a> {
    pub(super) fn text(s: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(s))
    }
    pub(super) fn display(value: impl fmt::Display) -> Self {
        Cell::Text(Cow::Owned(value.to_string()))
    }
    pub(super) fn opt(cell: Option<Cell<'a>>) -> Self {
        cell.unwrap_or(Cell::Empty)
    }
}
