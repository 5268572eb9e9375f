//! The import's state: names resolved once (holders, platforms, variants), the deals, and
//! the entries waiting for the end of the file.

use std::fmt::Write as _;
use std::sync::Arc;

use jiff::Timestamp;

use crate::catalog::{self, Catalog, PlatformId};
use crate::holder::{HolderId, HolderKind};
use crate::import::{Counts, Mode, Pending, RowError, RowProblem, Unresolved};
use crate::ledger::{
    Change, Condition, EffectiveDate, Entry, GenericPlatform, Ledger, NewEntry, PlatformRef, Status,
};
use crate::provenance::{Grade, Source};
use rustc_hash::FxHashMap as FxMap;

use super::deals::{Deal, PendingDelivery, Terms};
use super::edition::{self, DealRevision, EditionDiff, Prior};
use super::options::name_matches;
use super::parse::{Row, UNKNOWN_SUPPLIER, col, parse_row};
use super::window;
use super::{
    Category, DEFAULT_ESTIMATE_GRADE, DEFAULT_GRADE, Error, HEADER, Options, Report, VariantRule,
};
use crate::import::countries;

/// A platform as recorded, and the catalog id its designation resolved to.
pub(super) struct PlatformSlot {
    pub(super) platform: PlatformRef,
    /// The catalog id the designation resolved to.
    pub(super) catalog: Option<PlatformId>,
    /// For a generic platform, its place in the import's unresolved names.
    pub(super) unresolved: Option<u32>,
}

/// Per-import state: interned holders and platforms, deals, pending entries.
pub(super) struct Import<'o> {
    options: &'o Options,
    /// The citation, shared by every entry's source.
    citation: Arc<str>,
    window: Option<(i16, i16)>,
    grade: Grade,
    estimate_grade: Grade,
    /// Holder per country-table row, filled on first use.
    party_holders: Vec<Option<u32>>,
    holders: Vec<HolderId>,
    /// The kind of each holder, from SIPRI's markers.
    holder_kinds: Vec<HolderKind>,
    /// Designation -> [(category, platform slot)].
    designations: FxMap<Box<str>, Vec<(Category, u32)>>,
    platforms: Vec<PlatformSlot>,
    /// The designations the catalog did not resolve, in order of first appearance.
    unresolved: Vec<Unresolved>,
    /// (recipient holder, family slot) -> variant slot, by recipient rules.
    variants: FxMap<(u32, u32), u32>,
    /// The variant rules, in the order they apply.
    rules: Vec<VariantRule>,
    /// Slots of rule targets.
    variant_slots: FxMap<PlatformId, u32>,
    deals: Vec<Deal>,
    deal_ids: FxMap<u32, u32>,
    /// Deliveries in file order.
    deliveries: Vec<PendingDelivery>,
    catalog: Catalog,
    /// Note under construction, reused.
    scratch: String,
    /// The last rows' lookups: (supplier name, holder), (recipient name, holder),
    /// (designation, category, slot). Rows of one deal usually follow each other.
    last_supplier: Option<(Box<str>, Option<u32>)>,
    last_recipient: Option<(Box<str>, u32)>,
    last_platform: Option<(Box<str>, Category, u32)>,
}

impl<'o> Import<'o> {
    pub(super) fn new(
        ledger: &Ledger,
        options: &'o Options,
        citation: &str,
        window: Option<(i16, i16)>,
    ) -> Self {
        Self {
            options,
            citation: citation.into(),
            window,
            grade: options.grade.unwrap_or(DEFAULT_GRADE),
            estimate_grade: options.estimate_grade.unwrap_or(DEFAULT_ESTIMATE_GRADE),
            party_holders: vec![None; countries::PARTIES.len()],
            holders: Vec::new(),
            holder_kinds: Vec::new(),
            designations: FxMap::default(),
            platforms: Vec::new(),
            unresolved: Vec::new(),
            variants: FxMap::default(),
            rules: options.variant_rules(),
            variant_slots: FxMap::default(),
            deals: Vec::new(),
            deal_ids: FxMap::default(),
            deliveries: Vec::new(),
            catalog: ledger.catalog().clone(),
            scratch: String::with_capacity(256),
            last_supplier: None,
            last_recipient: None,
            last_platform: None,
        }
    }

    /// Reads one data row: filtered out, or taken into its deal (and its delivery kept for
    /// [`finish`](Self::finish)), or a row error.
    pub(super) fn row(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        report: &mut Report,
    ) -> Result<(), RowError> {
        let row = parse_row(record, line)?;
        // Filters that need no mapping first.
        let options = self.options;
        if !options.category_ok(row.category)
            || !options.year_ok(row.delivery_year.unwrap_or(row.order_year))
        {
            report.counts.rows_filtered += 1;
            return Ok(());
        }
        let (supplier, recipient) = self.parties(&row, line)?;
        if !name_matches(
            &options.suppliers,
            row.supplier,
            supplier.map(|s| &self.holders[s as usize]),
        ) || !name_matches(
            &options.recipients,
            row.recipient,
            Some(&self.holders[recipient as usize]),
        ) {
            report.counts.rows_filtered += 1;
            return Ok(());
        }
        let terms = Terms {
            supplier,
            recipient,
            platform: self.designation(&row, line, report)?,
            category: row.category,
            order_year: row.order_year,
            condition: recorded_condition(&row),
        };
        let d = match self.deal_ids.get(&row.deal) {
            Some(&d) => {
                self.deals[d as usize].check(&row, line, &terms, &self.holders, &self.platforms)?;
                d
            }
            None => self.deals.len() as u32,
        };
        let delivery = PendingDelivery::from_row(&row, line, d, &mut self.scratch)?;
        if d as usize == self.deals.len() {
            let recorded_platform = self.variant(row.deal, recipient, terms.platform);
            let mut deal = Deal::new(&row, line, terms, recorded_platform);
            deal.facts.recipient_kind = self.holder_kinds[recipient as usize];
            deal.facts.supplier_kind =
                supplier.map_or(HolderKind::Unknown, |s| self.holder_kinds[s as usize]);
            self.deals.push(deal);
            self.deal_ids.insert(row.deal, d);
        }
        let deal = &mut self.deals[d as usize];
        deal.add_row(delivery.as_ref());
        let recorded_platform = deal.recorded_platform;
        self.deliveries.extend(delivery);

        report.counts.rows_imported += 1;
        let slot = &self.platforms[recorded_platform as usize];
        if slot.catalog.is_some() {
            report.matched_rows += 1;
            if recorded_platform != terms.platform {
                report.variant_rows += 1;
            }
        } else {
            report.generic_rows += 1;
            if let Some(u) = slot.unresolved {
                let u = &mut self.unresolved[u as usize];
                u.rows += 1;
                u.units += row.delivered;
            }
        }
        Ok(())
    }

    /// The row's supplier (`None`: unknown) and recipient, by holder number; the last row's
    /// names are remembered.
    fn parties(&mut self, row: &Row<'_>, line: u64) -> Result<(Option<u32>, u32), RowError> {
        let supplier = match &self.last_supplier {
            Some((name, h)) if **name == *row.supplier => *h,
            _ => {
                let h = if row.supplier == UNKNOWN_SUPPLIER {
                    None
                } else {
                    Some(self.party(row.supplier, col::SUPPLIER, line)?)
                };
                self.last_supplier = Some((row.supplier.into(), h));
                h
            }
        };
        let recipient = match &self.last_recipient {
            Some((name, h)) if **name == *row.recipient => *h,
            _ => {
                let h = self.party(row.recipient, col::RECIPIENT, line)?;
                self.last_recipient = Some((row.recipient.into(), h));
                h
            }
        };
        Ok((supplier, recipient))
    }

    /// The holder number of a party name, or the row error.
    fn party(&mut self, name: &str, i: usize, line: u64) -> Result<u32, RowError> {
        let Some(p) = countries::party_index(name) else {
            return Err(RowError::new(
                line,
                Some(HEADER[i]),
                name,
                RowProblem::UnknownParty,
                "not a party the SIPRI country table knows",
            ));
        };
        if let Some(h) = self.party_holders[p] {
            return Ok(h);
        }
        let holder = countries::party_holder(p).ok_or_else(|| {
            RowError::new(
                line,
                Some(HEADER[i]),
                name,
                RowProblem::UnknownParty,
                "the country table maps it to an invalid holder id",
            )
        })?;
        let h = self.holders.len() as u32;
        self.holders.push(holder);
        self.holder_kinds.push(countries::party_kind(p));
        self.party_holders[p] = Some(h);
        Ok(h)
    }

    /// The platform slot of the row's designation and category; the last row's is
    /// remembered.
    fn designation(
        &mut self,
        row: &Row<'_>,
        line: u64,
        report: &mut Report,
    ) -> Result<u32, RowError> {
        if let Some((d, c, slot)) = &self.last_platform
            && **d == *row.designation
            && *c == row.category
        {
            return Ok(*slot);
        }
        let slot = self.platform(row, line, report)?;
        self.last_platform = Some((row.designation.into(), row.category, slot));
        Ok(slot)
    }

    fn platform(&mut self, row: &Row<'_>, line: u64, report: &mut Report) -> Result<u32, RowError> {
        let (designation, category) = (row.designation, row.category);
        if let Some(slots) = self.designations.get(designation)
            && let Some(&(_, slot)) = slots.iter().find(|(c, _)| *c == category)
        {
            return Ok(slot);
        }
        // SIPRI's trailing ` -` (`K-8 -`) is not part of the name.
        let name = super::deals::trim_designation(designation);
        let resolved = self.catalog.resolve(name).map(|p| p.id().clone());
        let platform = match &resolved {
            Some(id) => {
                if !report
                    .matched_designations
                    .iter()
                    .any(|(d, _)| d == designation)
                {
                    report
                        .matched_designations
                        .push((designation.to_owned(), id.clone()));
                }
                PlatformRef::Catalog(id.clone())
            }
            None => {
                // A designation of white space other than ASCII is blank to the ledger.
                let generic =
                    GenericPlatform::new(name, category.platform_kind()).map_err(|e| {
                        RowError::new(
                            line,
                            Some(HEADER[col::DESIGNATION]),
                            designation,
                            RowProblem::Missing,
                            e.to_string(),
                        )
                    })?;
                let class = self.class_of(name, row.description, category);
                let generic = match class {
                    Some(c) => generic.with_category(c),
                    None => generic,
                };
                report.generic_designations += 1;
                self.unresolved.push(Unresolved::new(name, class));
                PlatformRef::Generic(generic)
            }
        };
        let unresolved = match platform {
            PlatformRef::Generic(_) => Some(self.unresolved.len() as u32 - 1),
            PlatformRef::Catalog(_) => None,
        };
        let slot = self.platforms.len() as u32;
        self.platforms.push(PlatformSlot {
            platform,
            catalog: resolved,
            unresolved,
        });
        self.designations
            .entry(designation.into())
            .or_default()
            .push((category, slot));
        Ok(slot)
    }

    /// The catalog category of a designation the catalog does not know: the keyword rule
    /// matching SIPRI's description (`tank`, `OPV`), else the designation, whose category
    /// falls under the row's SIPRI armament category (an aircraft engine is no aircraft);
    /// else the one category under SIPRI's ([`catalog::Category::sipri_default`]).
    fn class_of(
        &self,
        name: &str,
        description: &str,
        sipri: Category,
    ) -> Option<catalog::Category> {
        let sipri: &str = sipri.into();
        [description, name]
            .into_iter()
            .filter_map(|text| self.catalog.rule_for(text))
            .map(|r| r.category())
            .find(|c| c.sipri() == sipri)
            .or_else(|| catalog::Category::sipri_default(sipri))
    }

    /// The slot to record for deal `deal` of `slot` delivered to `recipient`, after the
    /// [`VariantRule`]s (the first that matches and whose target the catalog holds).
    fn variant(&mut self, deal: u32, recipient: u32, slot: u32) -> u32 {
        let by_deal = self.rules.iter().find_map(|r| match r {
            VariantRule::Deal { deal: d, platform } if *d == deal => self.known(platform),
            _ => None,
        });
        if let Some(target) = by_deal {
            return self.slot_of(target);
        }
        if let Some(&v) = self.variants.get(&(recipient, slot)) {
            return v;
        }
        let resolved = self.platforms[slot as usize].catalog.as_ref();
        let holder = &self.holders[recipient as usize];
        let target = resolved.and_then(|family| {
            self.rules.iter().find_map(|r| match r {
                VariantRule::Recipient {
                    recipient,
                    family: f,
                    platform,
                } if recipient == holder && f == family => self.known(platform),
                _ => None,
            })
        });
        let out = match target {
            Some(target) => self.slot_of(target),
            None => slot,
        };
        self.variants.insert((recipient, slot), out);
        out
    }

    /// `platform`, when the catalog holds it.
    fn known(&self, platform: &PlatformId) -> Option<PlatformId> {
        self.catalog.contains(platform).then(|| platform.clone())
    }

    /// The slot recording catalog platform `id`, made on first use.
    fn slot_of(&mut self, id: PlatformId) -> u32 {
        if let Some(&s) = self.variant_slots.get(&id) {
            return s;
        }
        let s = self.platforms.len() as u32;
        self.platforms.push(PlatformSlot {
            platform: PlatformRef::Catalog(id.clone()),
            catalog: Some(id.clone()),
            unresolved: None,
        });
        self.variant_slots.insert(id, s);
        s
    }

    /// Appends each deal's order, then its deliveries; against `prior` (the ledger's SIPRI
    /// entries of an earlier edition), only what this edition added or revised, retracting
    /// what it revised or withdrew. In steps: the orders ([`Import::orders`]); per deal, its
    /// entries ([`Import::deal_entries`]) weighed against the earlier edition ([`weigh`]) and,
    /// unless unchanged, queued ([`queue`]) before the retractions of what they revise
    /// ([`Import::retract`]); the retractions of the deals the edition withdrew
    /// ([`Import::withdraw`]); then every entry applied as one batch ([`apply`]).
    pub(super) fn finish(
        mut self,
        ledger: &mut Ledger,
        recorded: Timestamp,
        mut prior: Option<Prior>,
        report: &mut Report,
    ) -> Result<(), Error> {
        let orders = self.orders(recorded)?;
        let deliveries = self.deliveries_by_deal();
        let mut deliveries = deliveries.into_iter().peekable();
        report.deals = self.deals.len() as u64;
        report.unresolved = crate::import::ranked(std::mem::take(&mut self.unresolved));
        let mut diff = prior
            .as_ref()
            .map(|p| EditionDiff::between(p.latest, report.generated_date));
        // Every entry of the import, applied at the end as one batch (strict: all or
        // nothing, the edition's retractions included).
        let mut pending = Pending::with_capacity(self.deals.len() + deliveries.len());
        // First, each lot's unknown opening, where the catalog cannot rule one out.
        self.openings(ledger, &orders, recorded, &mut pending, report)?;
        let mut entries: Vec<(u64, NewEntry)> = Vec::new();
        for (d, order) in orders.into_iter().enumerate() {
            let deal = &self.deals[d];
            let own = std::iter::from_fn(|| deliveries.next_if(|p| p.deal as usize == d));
            self.deal_entries(deal, order, own, recorded, report, &mut entries)?;
            let old = prior
                .as_mut()
                .and_then(|p| p.deals.remove(&*deal.deal_text));
            if weigh(deal, &entries, old.as_deref(), diff.as_mut()) == Weighed::Unchanged {
                continue;
            }
            // The new entries first, then the retractions: a lot never dips below what both
            // editions agree on, so later entries of other sources still hold.
            queue(&mut pending, &mut entries, &report.counts);
            if let Some(old) = old {
                let (line, why) = (deal.line, "revised");
                self.retract(ledger, &mut pending, &old, line, why, recorded, report)?;
            }
        }
        if let (Some(prior), Some(diff)) = (prior, diff.as_mut())
            && !self.options.filtered()
        {
            self.withdraw(ledger, &mut pending, prior, diff, recorded, report)?;
        }
        apply(ledger, pending, self.options.mode, report)?;
        report.edition = diff;
        Ok(())
    }

    /// Queues a [`Change::OpeningUnknown`] for each lot a deal with an order writes into,
    /// when the export's window (or the year filter) may leave out the start of its
    /// history: the catalog gives no service entry in or after the first year covered, and
    /// the ledger holds no opening statement for the lot yet (see [`window`]).
    fn openings(
        &self,
        ledger: &Ledger,
        orders: &[Result<NewEntry, RowError>],
        recorded: Timestamp,
        pending: &mut Pending<Kind>,
        report: &mut Report,
    ) -> Result<(), Error> {
        let Some(from) = window::first_year(self.window, self.options.years) else {
            return Ok(());
        };
        let mut openings = window::Openings {
            catalog: &self.catalog,
            citation: &self.citation,
            grade: self.grade,
            recorded,
            from,
            opened: window::opened(ledger),
            seen: Default::default(),
            note: window::note(self.window, from),
        };
        for (deal, order) in self.deals.iter().zip(orders) {
            if order.is_err() {
                continue;
            }
            let holder = &self.holders[deal.terms.recipient as usize];
            let platform = &self.platforms[deal.recorded_platform as usize].platform;
            let slots = (deal.terms.recipient, deal.recorded_platform);
            match openings.entry((holder, platform), slots, deal.line) {
                Some(Ok(entry)) => pending.push(entry, deal.line, Kind::Opening, &report.counts),
                Some(Err(e)) => report
                    .counts
                    .reject(self.options.mode, e)
                    .map_err(Error::Row)?,
                None => {}
            }
        }
        Ok(())
    }

    /// Every deal's order entry, or the row error that stops it (strict: the first one
    /// stops the import before anything is appended).
    fn orders(&self, recorded: Timestamp) -> Result<Vec<Result<NewEntry, RowError>>, Error> {
        let orders: Vec<_> = self
            .deals
            .iter()
            .map(|deal| self.order_entry(deal, recorded))
            .collect();
        if self.options.mode.is_strict()
            && let Some(Err(e)) = orders.iter().find(|o| o.is_err())
        {
            return Err(Error::Row(e.clone()));
        }
        Ok(orders)
    }

    /// The pending deliveries, taken, in deal order. Stable: deliveries keep file order
    /// within a deal; deals keep first-seen order (already sorted when a deal's rows are
    /// adjacent, as in SIPRI's exports).
    fn deliveries_by_deal(&mut self) -> Vec<PendingDelivery> {
        let mut deliveries = std::mem::take(&mut self.deliveries);
        deliveries.sort_by_key(|d| d.deal);
        deliveries
    }

    /// The entries of `deal`, each with its row's line, into `entries` (cleared first): its
    /// order (or the order's row error, reported) and its deliveries `own` (a delivery
    /// whose source cannot be made is a row error: reported, or in strict mode the
    /// import's error).
    fn deal_entries(
        &self,
        deal: &Deal,
        order: Result<NewEntry, RowError>,
        own: impl Iterator<Item = PendingDelivery>,
        recorded: Timestamp,
        report: &mut Report,
        entries: &mut Vec<(u64, NewEntry)>,
    ) -> Result<(), Error> {
        entries.clear();
        match order {
            Ok(entry) => entries.push((deal.line, entry)),
            Err(e) => report.counts.rejected.push(e),
        }
        for p in own {
            match self.delivery_entry(deal, &p, recorded) {
                Ok(entry) => entries.push((p.line, entry)),
                Err(e) => report
                    .counts
                    .reject(self.options.mode, e)
                    .map_err(Error::Row)?,
            }
        }
        Ok(())
    }

    /// The entry of delivery `p` of `deal`.
    fn delivery_entry(
        &self,
        deal: &Deal,
        p: &PendingDelivery,
        recorded: Timestamp,
    ) -> Result<NewEntry, RowError> {
        let grade = if p.estimate_grade {
            self.estimate_grade
        } else {
            self.grade
        };
        Ok(NewEntry::new(
            self.holders[deal.terms.recipient as usize].clone(),
            self.platforms[deal.recorded_platform as usize]
                .platform
                .clone(),
            p.effective,
            Change::Delivered {
                count: p.count,
                into: Status::Unknown,
                supplier: self.supplier(deal),
                condition: deal.terms.condition,
            },
            self.source(grade, deal, p.line)?,
            recorded,
        )
        .with_note(delivery_note(&deal.deal_text, &p.untyped))
        .with_facts(p.facts(&deal.facts).into_facts()))
    }

    /// Queues the retractions of the deals of the earlier edition `prior` that this one no
    /// longer lists (what is left of it once every listed deal has taken its own), in the
    /// numeric order of their ids, and names them in `diff`.
    fn withdraw(
        &self,
        ledger: &Ledger,
        pending: &mut Pending<Kind>,
        prior: Prior,
        diff: &mut EditionDiff,
        recorded: Timestamp,
        report: &mut Report,
    ) -> Result<(), Error> {
        let mut gone: Vec<(Box<str>, Vec<Entry>)> = prior.deals.into_iter().collect();
        gone.sort_by(|a, b| (a.0.len(), &a.0).cmp(&(b.0.len(), &b.0)));
        for (deal, old) in gone {
            self.retract(ledger, pending, &old, 0, "withdrawn", recorded, report)?;
            diff.withdrawn.push(deal.into());
        }
        Ok(())
    }

    /// Queues the retractions of a deal's earlier entries `old` (latest first), `why` being
    /// `revised` or `withdrawn` in this edition. (`old` are entries of an earlier import:
    /// none of them is in `pending`.)
    #[allow(clippy::too_many_arguments)]
    fn retract(
        &self,
        ledger: &Ledger,
        pending: &mut Pending<Kind>,
        old: &[Entry],
        line: u64,
        why: &str,
        recorded: Timestamp,
        report: &mut Report,
    ) -> Result<(), Error> {
        let mode = self.options.mode;
        for id in old.iter().rev().map(Entry::id) {
            let note = format!("{why} in the SIPRI edition of {}", report.generated_date);
            let grade = ledger.grade(id).unwrap_or(self.grade);
            let entry = match Source::new(Arc::clone(&self.citation), grade) {
                Ok(source) => {
                    let old = ledger.get(id);
                    let source = match old.as_ref().and_then(|o| o.source().reference()) {
                        Some(r) => source.with_reference(r),
                        None => source,
                    };
                    ledger
                        .retraction(id, source, recorded, Some(note))
                        .map_err(|e| e.to_string())
                }
                Err(e) => Err(e.to_string()),
            };
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let e = RowError::new(line, None, id.to_string(), RowProblem::Ledger, e);
                    report.counts.reject(mode, e).map_err(Error::Row)?;
                    continue;
                }
            };
            pending.push(entry, line, Kind::Retraction, &report.counts);
        }
        Ok(())
    }

    fn supplier(&self, deal: &Deal) -> Option<HolderId> {
        deal.terms
            .supplier
            .map(|s| self.holders[s as usize].clone())
    }

    /// The source of an entry of `deal`, with `grade`.
    fn source(&self, grade: Grade, deal: &Deal, line: u64) -> Result<Source, RowError> {
        Source::new(Arc::clone(&self.citation), grade)
            .map(|s| s.with_reference(Arc::clone(&deal.deal_text)))
            .map_err(|e| {
                RowError::new(
                    line,
                    None,
                    &*self.citation,
                    RowProblem::Ledger,
                    e.to_string(),
                )
            })
    }

    fn order_entry(&self, deal: &Deal, recorded: Timestamp) -> Result<NewEntry, RowError> {
        let line = deal.line;
        let partial = self.options.years.is_some()
            || self
                .window
                .is_some_and(|(from, _)| deal.terms.order_year < from);
        let (count, rule) = deal.order_count(partial)?;
        let effective = EffectiveDate::year(deal.terms.order_year).map_err(|e| {
            RowError::new(
                line,
                Some(HEADER[col::ORDER_YEAR]),
                deal.terms.order_year.to_string(),
                RowProblem::BadYear,
                e.to_string(),
            )
        })?;
        let grade = if deal.any_estimate || deal.order_year_est == Some(true) {
            self.estimate_grade
        } else {
            self.grade
        };
        let mut note = String::with_capacity(deal.untyped.len() + 64);
        let _ = write!(
            note,
            "rows={}; delivered_total={}; count_rule={rule}",
            deal.rows, deal.delivered
        );
        if !deal.untyped.is_empty() {
            note.push_str("; ");
            note.push_str(&deal.untyped);
        }
        Ok(NewEntry::new(
            self.holders[deal.terms.recipient as usize].clone(),
            self.platforms[deal.recorded_platform as usize]
                .platform
                .clone(),
            effective,
            Change::Ordered {
                count,
                supplier: self.supplier(deal),
                condition: deal.terms.condition,
            },
            self.source(grade, deal, line)?,
            recorded,
        )
        .with_note(note)
        .with_facts(deal.facts.to_facts()))
    }
}

/// What an entry of the import is, for the report's counts of what was appended.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Order,
    Delivery,
    Retraction,
    Opening,
}

/// How a deal of this edition compares with the ledger's earlier edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Weighed {
    /// The ledger holds no earlier SIPRI edition.
    NoEarlierEdition,
    /// New in this edition.
    Added,
    /// Revised: its entries differ.
    Changed,
    /// Its entries say what the ledger's do: nothing to append.
    Unchanged,
}

/// Compares `deal`'s new `entries` with its entries in the ledger (`old`, when the earlier
/// edition lists it), and records the verdict in `diff` (`None`: the ledger holds no earlier
/// edition).
fn weigh(
    deal: &Deal,
    entries: &[(u64, NewEntry)],
    old: Option<&[Entry]>,
    diff: Option<&mut EditionDiff>,
) -> Weighed {
    let Some(diff) = diff else {
        return Weighed::NoEarlierEdition;
    };
    let Some(old) = old else {
        diff.added.push(deal.deal_text.to_string());
        return Weighed::Added;
    };
    let old_entries = || old.iter().map(|e| e.content());
    let new_entries = || entries.iter().map(|(_, e)| e);
    if edition::same(old_entries(), new_entries()) {
        diff.unchanged += 1;
        return Weighed::Unchanged;
    }
    diff.changed.push(DealRevision {
        deal: deal.deal_text.to_string(),
        fields: edition::revisions(old_entries(), new_entries()),
    });
    Weighed::Changed
}

/// Queues a deal's new `entries` (taken), orders and deliveries told apart for the report.
fn queue(pending: &mut Pending<Kind>, entries: &mut Vec<(u64, NewEntry)>, counts: &Counts) {
    for (line, entry) in entries.drain(..) {
        let kind = match entry.change() {
            Change::Ordered { .. } => Kind::Order,
            _ => Kind::Delivery,
        };
        pending.push(entry, line, kind, counts);
    }
}

/// Applies every queued entry as the mode says ([`Pending::apply`]), counting the orders,
/// deliveries and retractions appended in `report`.
fn apply(
    ledger: &mut Ledger,
    pending: Pending<Kind>,
    mode: Mode,
    report: &mut Report,
) -> Result<(), Error> {
    let (orders, deliveries, retracted, openings) = (
        &mut report.orders,
        &mut report.deliveries,
        &mut report.retracted,
        &mut report.openings,
    );
    pending
        .apply(ledger, mode, &mut report.counts, |kind, appended| {
            if appended {
                match kind {
                    Kind::Order => *orders += 1,
                    Kind::Delivery => *deliveries += 1,
                    Kind::Retraction => *retracted += 1,
                    Kind::Opening => *openings += 1,
                }
            }
        })
        .map_err(super::refused)
}

/// The condition to record for `row`: SIPRI's `Status`, except that new equipment produced
/// locally (`Local production`: `Yes`) is [`Condition::LicensedProduction`], the supplier
/// being the licensor. (Second-hand equipment is never locally produced in the export; were
/// it flagged so, the status is kept and the flag stays in the facts.)
fn recorded_condition(row: &Row<'_>) -> Condition {
    match (row.condition, row.local_production) {
        (Condition::New, Some(true)) => Condition::LicensedProduction,
        (c, _) => c,
    }
}

/// A delivery's note: its deal, and what its facts could not type (usually nothing).
fn delivery_note(deal: &str, untyped: &str) -> String {
    if untyped.is_empty() {
        format!("SIPRI deal {deal}")
    } else {
        format!("SIPRI deal {deal}; {untyped}")
    }
}
