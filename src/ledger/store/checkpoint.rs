//! The store's tables in a compact binary form, for journal checkpoints: [`Store::encode_tables`]
//! and [`Store::decode_tables`].
//!
//! What is written is what rebuilding needs cheaply: the interned values (holders, platforms,
//! sources, recorded times), the lot table, every record in its stored form (handles, not
//! values), the notes and the facts. The lot indexes are not written: loading pushes each record and
//! indexes it as an append does, but without the checks an append makes (catalog, shape,
//! recorded order, counts per day). That is sound because a checkpoint is written from a
//! ledger whose every entry passed those checks, and its bytes are checksummed by the
//! journal (`journal/checkpoint.rs`); loading still checks everything that could make the
//! store inconsistent or panic later (handles in range, dates, counts, retraction targets,
//! recorded order), so a damaged or forged body is an error, never a panic.
//!
//! Layout (little-endian, checkpoint version 5): a table of contents (the section count, each
//! section's length as a `u64` and CRC-32C as a `u32`, then the table's own CRC-32C), then
//! the sections in order. Tables are a `u32` length then items.
//!
//! 1. core: the recorded times; the holders and platforms, each a `u32` byte length and its
//!    JSON; the lots (holder and platform rows); the records, each a tag byte, the change's
//!    fields, then the effective date's key (`i32`), the recorded-time row, the lot row and
//!    the source row (`u32`s). An absent handle is `u32::MAX` (no handle has that value), an
//!    absent status `0xff`.
//! 2. sources: each its citation (a `u32` byte length and the text), its grade's two
//!    characters (`B3`), then its URL and its reference, each a byte (0 absent, 1 present)
//!    and the text (`loaded.rs`).
//! 3. notes: rows of entry id, start and end (`u32`s, by entry id), then the texts back to
//!    back.
//! 4. facts: the tags (each a `u32` byte length and the text), then rows of entry id, tag,
//!    start and end in the fact texts.
//! 5. fact texts: each entry's facts, the value's JSON text as the entry holds it, back to
//!    back; a journal's loader leaves them in the file until read (`FactTexts`).
//!
//! Version 4 wrote the same tables one after the other with no table of contents (sources
//! after the platforms, notes and facts as entry rows with their bytes).

use std::fs::File;
use std::ops::Range;
use std::sync::Arc;

use jiff::Timestamp;
use rustc_hash::FxHashMap;
use strum::IntoEnumIterator;

use crate::holder::HolderId;
use crate::ledger::MAX_COUNT;

use super::super::change::{Basis, Condition, Count, PlatformRef, RequestKind, Status};
use super::super::claims::Quantity;
use super::super::facts::FactTexts;
use super::super::time::EffectiveDate;
use super::ix::{BreakdownIx, EntryIx, HolderIx, Interner, LotIx, PlatformIx, SourceIx, TimeIx};
use super::loaded::{self, FactsTable, Notes, SourceRows, Sources};
use super::record::{C32, Op, Record, StoredCause, StoredDecision};
use super::{Lot, Store};
use crate::ledger::index::{self, Elem, LotIndex, Packed};

const NONE: u32 = u32::MAX;

/// Appends little-endian values to a buffer.
pub(super) struct Out<'a>(pub(super) &'a mut Vec<u8>);

impl Out<'_> {
    pub(super) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(super) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn i32(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    pub(super) fn json(&mut self, v: &impl serde::Serialize) {
        // The interned types serialize infallibly (they are plain data).
        let text = serde_json::to_vec(v).unwrap_or_default();
        self.bytes(&text);
    }
    pub(super) fn handle(&mut self, row: Option<usize>) {
        self.u32(row.map_or(NONE, |r| r as u32));
    }
    pub(super) fn count(&mut self, c: C32) {
        let count = c.count();
        self.u32(count.value() as u32);
        self.u8(index_of(Basis::iter(), count.basis()));
    }
    pub(super) fn status(&mut self, s: Status) {
        self.u8(index_of(Status::iter(), s));
    }
    /// A claim's quantity in one byte: 0 held, 1 delivered, 2 lost, 16 + the status's
    /// index for one status.
    pub(super) fn quantity(&mut self, q: Quantity) {
        self.u8(match q {
            Quantity::Held => 0,
            Quantity::Delivered => 1,
            Quantity::Lost => 2,
            Quantity::InStatus(s) => 16 + index_of(Status::iter(), s),
        });
    }
}

fn index_of<T: PartialEq>(mut all: impl Iterator<Item = T>, v: T) -> u8 {
    all.position(|x| x == v).unwrap_or(0) as u8
}

/// Reads what [`Out`] wrote; every failure is a message naming what was wrong.
struct In<'a> {
    data: &'a [u8],
    at: usize,
}

type R<T> = Result<T, String>;

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| format!("truncated at byte {} of the body", self.at))?;
        let bytes = &self.data[self.at..end];
        self.at = end;
        Ok(bytes)
    }
    fn array<const N: usize>(&mut self) -> R<[u8; N]> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> R<u8> {
        Ok(self.array::<1>()?[0])
    }
    fn u32(&mut self) -> R<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn i32(&mut self) -> R<i32> {
        Ok(i32::from_le_bytes(self.array()?))
    }
    fn i64(&mut self) -> R<i64> {
        Ok(i64::from_le_bytes(self.array()?))
    }
    /// A table length, bounded by the bytes left (each item takes at least `min` bytes), so a
    /// damaged length never makes a huge allocation.
    fn len(&mut self, min: usize) -> R<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min) > self.data.len() - self.at {
            return Err(format!("table of {n} items longer than the body"));
        }
        Ok(n)
    }
    fn bytes(&mut self) -> R<&'a [u8]> {
        let n = self.len(1)?;
        self.take(n)
    }
    fn json<T: serde::de::DeserializeOwned>(&mut self, what: &str) -> R<T> {
        serde_json::from_slice(self.bytes()?).map_err(|e| format!("invalid {what}: {e}"))
    }
    fn row(&mut self, len: usize, what: &str) -> R<usize> {
        let r = self.u32()?;
        if (r as usize) < len {
            Ok(r as usize)
        } else {
            Err(format!("{what} {r} out of range (table of {len})"))
        }
    }
    fn opt_row(&mut self, len: usize, what: &str) -> R<Option<usize>> {
        let r = self.u32()?;
        match r {
            NONE => Ok(None),
            r if (r as usize) < len => Ok(Some(r as usize)),
            r => Err(format!("{what} {r} out of range (table of {len})")),
        }
    }
    fn count(&mut self) -> R<C32> {
        let value = self.u32()?;
        let basis = Basis::iter()
            .nth(self.u8()? as usize)
            .ok_or("unknown count basis")?;
        let count = Count::new(u64::from(value), basis)
            .ok()
            .filter(|c| c.value() <= MAX_COUNT)
            .ok_or_else(|| format!("count {value} out of range"))?;
        Ok(C32::new(count))
    }
    fn opt_count(&mut self) -> R<Option<C32>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.count().map(Some),
            b => Err(format!("bad option tag {b}")),
        }
    }
    fn status(&mut self) -> R<Status> {
        Status::iter()
            .nth(self.u8()? as usize)
            .ok_or_else(|| "unknown status".to_string())
    }
    fn quantity(&mut self) -> R<Quantity> {
        Ok(match self.u8()? {
            0 => Quantity::Held,
            1 => Quantity::Delivered,
            2 => Quantity::Lost,
            q => Quantity::InStatus(
                Status::iter()
                    .nth(usize::from(q).wrapping_sub(16))
                    .ok_or_else(|| format!("unknown claim quantity {q}"))?,
            ),
        })
    }
    fn enum_of<T>(&mut self, mut all: impl Iterator<Item = T>, what: &str) -> R<T> {
        let i = self.u8()? as usize;
        all.nth(i).ok_or_else(|| format!("unknown {what} {i}"))
    }
}

/// The body's sections, in order: core (recorded times, holders, platforms, lots,
/// records), sources, notes, facts (their rows), fact texts, and (version 6) the holder
/// slices (`slice.rs`). A version-5 body has the first five.
const SECTIONS: usize = 6;
/// The sections of a version-5 body.
const SECTIONS_V5: usize = 5;
/// The fact texts' section.
const TEXTS: usize = 4;
/// The holder slices' section.
pub(super) const SLICES: usize = 5;

/// The length of a table of contents of `n` sections: the section count, each section's
/// length (`u64`) and CRC-32C (`u32`), then the CRC-32C of the count and rows.
const fn toc_len(n: usize) -> usize {
    4 + 12 * n + 4
}

/// The longest table of contents (version 6's): a reader reads this many bytes to find it.
pub(crate) const TOC_LEN: usize = toc_len(SECTIONS);

const SECTION_NAMES: [&str; SECTIONS] = [
    "core",
    "sources",
    "notes",
    "facts",
    "fact texts",
    "holder slices",
];

/// A body's table of contents: each section's length and CRC-32C (a version-5 body's
/// slices section is empty, CRC 0), and how many sections it has.
#[derive(Clone, Copy, Debug)]
pub(super) struct Toc {
    pub(super) sections: [(usize, u32); SECTIONS],
    pub(super) count: usize,
}

impl Toc {
    /// The table's own length.
    pub(super) fn len(&self) -> usize {
        toc_len(self.count)
    }

    /// Where section `k` starts, from the body's start.
    pub(super) fn start(&self, k: usize) -> R<usize> {
        self.sections[..k]
            .iter()
            .try_fold(self.len(), |n, (len, _)| n.checked_add(*len))
            .ok_or_else(|| "sections longer than memory".to_owned())
    }
}

/// The table of contents at the start of `toc` (5 or 6 sections), checked: each section's
/// length and CRC-32C.
pub(super) fn toc(toc: &[u8]) -> R<Toc> {
    let u32_at = |i: usize| u32::from_le_bytes([toc[i], toc[i + 1], toc[i + 2], toc[i + 3]]);
    if toc.len() < 4 {
        return Err("body too short for its table of contents".into());
    }
    let count = u32_at(0) as usize;
    if count != SECTIONS && count != SECTIONS_V5 {
        return Err(format!(
            "{count} sections, expected {SECTIONS} (or {SECTIONS_V5}: version 5)"
        ));
    }
    let len = toc_len(count);
    let toc = toc
        .get(..len)
        .ok_or("body too short for its table of contents")?;
    let stored = u32_at(len - 4);
    let computed = crc32c::crc32c(&toc[..len - 4]);
    if stored != computed {
        return Err(format!(
            "table of contents checksum mismatch: {stored:08x} stored, {computed:08x} computed"
        ));
    }
    let mut out = [(0, 0); SECTIONS];
    for (k, section) in out.iter_mut().enumerate().take(count) {
        let row = 4 + 12 * k;
        let mut len = [0; 8];
        len.copy_from_slice(&toc[row..row + 8]);
        let len = usize::try_from(u64::from_le_bytes(len)).map_err(|e| e.to_string())?;
        *section = (len, u32_at(row + 8));
    }
    Ok(Toc {
        sections: out,
        count,
    })
}

/// How many bytes of a body whose table of contents `toc` starts are read on loading (the
/// table and the sections before the fact texts, which are read when first needed; the
/// holder slices are read only for a partial load), and the body's length.
pub(crate) fn loaded_len(toc_bytes: &[u8]) -> R<(usize, usize)> {
    let toc = toc(toc_bytes)?;
    Ok((toc.start(TEXTS)?, toc.start(toc.count)?))
}

/// The sections of `body` (a range of `data`), each checked against its CRC-32C in the
/// table of contents, and the fact texts' CRC-32C. With `texts_apart`, the body ends before
/// the fact texts (left in the file, the holder slices after them): their ranges are then
/// empty but of their length, and the texts are checked when read.
fn sections(
    data: &[u8],
    body: Range<usize>,
    texts_apart: bool,
) -> R<([Range<usize>; SECTIONS], u32)> {
    let bytes = data
        .get(body.clone())
        .ok_or("body out of the data's range")?;
    let toc = toc(bytes)?;
    let mut at = body.start + toc.len();
    let mut out: [Range<usize>; SECTIONS] = Default::default();
    for (k, range) in out.iter_mut().enumerate().take(toc.count) {
        let (len, crc) = toc.sections[k];
        if texts_apart && k >= TEXTS {
            *range = 0..len;
            continue;
        }
        let end = at
            .checked_add(len)
            .filter(|&e| e <= body.end)
            .ok_or_else(|| format!("section {k} ({}) runs past the body", SECTION_NAMES[k]))?;
        let computed = crc32c::crc32c(&data[at..end]);
        if computed != crc {
            return Err(format!(
                "section {k} ({}) checksum mismatch: {crc:08x} stored, {computed:08x} computed",
                SECTION_NAMES[k],
            ));
        }
        *range = at..end;
        at = end;
    }
    if at != body.end {
        return Err(format!("{} bytes after the sections", body.end - at));
    }
    Ok((out, toc.sections[TEXTS].1))
}

fn holder_ix(r: usize) -> HolderIx {
    HolderIx::new(r).unwrap_or_else(|| unreachable!("rows are below u32::MAX"))
}
fn lot_ix(r: usize) -> LotIx {
    LotIx::new(r).unwrap_or_else(|| unreachable!("rows are below u32::MAX"))
}

/// Rebuilds an interner from values in row order; duplicates are an error.
fn interner<T, I>(values: Vec<T>, what: &str) -> R<Interner<T, I>>
where
    T: Clone + Eq + std::hash::Hash,
    I: super::ix::Handle,
{
    let mut table = Interner::new();
    table.reserve(values.len());
    for (row, v) in values.iter().enumerate() {
        table.intern(v).ok_or("table full")?;
        if table.len() != row + 1 {
            return Err(format!("{what} {row} repeats an earlier one"));
        }
    }
    Ok(table)
}

impl Store {
    /// Appends the store's tables to `buf` (see the module documentation).
    pub(crate) fn encode_tables(&self, buf: &mut Vec<u8>) -> Result<(), String> {
        let toc = buf.len();
        buf.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
        buf.resize(toc + TOC_LEN, 0);
        let mut starts = [0; SECTIONS + 1];
        let mut texts = Vec::new();
        for (k, start) in starts.iter_mut().enumerate().take(SECTIONS) {
            *start = buf.len();
            match k {
                0 => self.encode_core(buf),
                SLICES => self.encode_slices(buf),
                1 => {
                    Out(buf).len(self.sources.len());
                    self.sources
                        .iter()
                        .for_each(|s| loaded::write_source(buf, s));
                }
                2 => self.notes.write(buf),
                3 => self.facts.write(buf, &mut texts)?,
                _ => buf.append(&mut texts),
            }
        }
        starts[SECTIONS] = buf.len();
        for k in 0..SECTIONS {
            let (a, b) = (starts[k], starts[k + 1]);
            let row = toc + 4 + 12 * k;
            let crc = crc32c::crc32c(&buf[a..b]);
            buf[row..row + 8].copy_from_slice(&((b - a) as u64).to_le_bytes());
            buf[row + 8..row + 12].copy_from_slice(&crc.to_le_bytes());
        }
        let crc = crc32c::crc32c(&buf[toc..toc + TOC_LEN - 4]);
        buf[toc + TOC_LEN - 4..toc + TOC_LEN].copy_from_slice(&crc.to_le_bytes());
        Ok(())
    }

    /// The core section: recorded times, holders, platforms, lots and records.
    pub(super) fn encode_core(&self, buf: &mut Vec<u8>) {
        let mut out = Out(buf);
        out.len(self.times.len());
        for t in &self.times {
            out.i64(t.as_second());
            out.i32(t.subsec_nanosecond());
        }
        out.len(self.holders.len());
        self.holders.iter().for_each(|(_, h)| out.json(h));
        out.len(self.platforms.len());
        self.platforms.iter().for_each(|(_, p)| out.json(p));
        out.len(self.lots.len());
        for lot in &self.lots {
            out.u32(lot.holder.get() as u32);
            out.u32(lot.platform.get() as u32);
        }
        out.len(self.records.len());
        for rec in self.records.chunks.iter().flatten() {
            self.encode_record(&mut out, rec);
        }
    }

    pub(super) fn encode_record(&self, out: &mut Out<'_>, rec: &Record) {
        match &rec.op {
            Op::Requested {
                count,
                supplier,
                request,
            } => {
                out.u8(0);
                opt_count(out, *count);
                out.handle(supplier.map(HolderIx::get));
                out.u8(index_of(RequestKind::iter(), *request));
            }
            Op::Ordered {
                count,
                supplier,
                condition,
            } => {
                out.u8(1);
                out.count(*count);
                out.handle(supplier.map(HolderIx::get));
                out.u8(index_of(Condition::iter(), *condition));
            }
            Op::Delivered {
                count,
                into,
                supplier,
                condition,
            } => {
                out.u8(2);
                out.count(*count);
                out.status(*into);
                out.handle(supplier.map(HolderIx::get));
                out.u8(index_of(Condition::iter(), *condition));
            }
            Op::StatusChanged { from, to, count } => {
                out.u8(3);
                out.status(*from);
                out.status(*to);
                out.count(*count);
            }
            Op::Assessed(b) => {
                out.u8(4);
                let breakdown = self.records.breakdown_at(*b);
                out.len(breakdown.len());
                for (status, count) in breakdown {
                    out.status(*status);
                    out.count(C32::new(*count));
                }
            }
            Op::Lost {
                count,
                from,
                cause,
                captor,
            } => {
                out.u8(5);
                out.count(*count);
                out.status(*from);
                out.u8(match cause {
                    StoredCause::Destroyed => 0,
                    StoredCause::Damaged => 1,
                    StoredCause::Abandoned => 2,
                    StoredCause::Captured => 3,
                });
                out.handle(captor.map(LotIx::get));
            }
            Op::Retired { count, from } => {
                out.u8(6);
                out.count(*count);
                out.status(*from);
            }
            Op::Expended { count, from } => {
                out.u8(7);
                out.count(*count);
                out.status(*from);
            }
            Op::Transferred {
                count,
                from,
                into,
                to_lot,
            } => {
                out.u8(8);
                out.count(*count);
                out.status(*from);
                out.status(*into);
                out.u32(to_lot.get() as u32);
            }
            Op::Observed { count, status } => {
                out.u8(9);
                opt_count(out, *count);
                out.u8(status.map_or(0xff, |s| index_of(Status::iter(), s)));
            }
            Op::OpeningUnknown => out.u8(10),
            Op::Claimed { quantity, count } => {
                out.u8(12);
                out.quantity(*quantity);
                out.count(*count);
            }
            Op::Resolved { quantity, decision } => {
                out.u8(13);
                out.quantity(*quantity);
                match decision {
                    StoredDecision::Pick(entry) => {
                        out.u8(0);
                        out.u32(entry.get() as u32);
                    }
                    StoredDecision::Narrow { lower, upper } => {
                        out.u8(1);
                        out.u32(*lower);
                        out.u32(*upper);
                    }
                    StoredDecision::KeepRange => out.u8(2),
                }
            }
            Op::Retracted { entry } => {
                out.u8(11);
                out.u32(entry.get() as u32);
            }
        }
        out.i32(rec.effective.key());
        out.u32(rec.recorded.get() as u32);
        out.u32(rec.lot.get() as u32);
        out.u32(rec.source.get() as u32);
    }

    /// A store from tables written by [`Store::encode_tables`], with every record indexed;
    /// `Err` names the first thing that is not consistent. `known` says whether a catalog
    /// platform is in the catalog the ledger is opened with.
    pub(crate) fn decode_tables(
        shared: &Arc<Vec<u8>>,
        body: Range<usize>,
        texts_in: Option<(File, u64)>,
        known: impl Fn(&PlatformRef) -> bool,
    ) -> Result<Self, String> {
        let body_len = body.len() as u64;
        let ([core, sources, notes, facts, texts, _slices], texts_crc) =
            sections(shared, body, texts_in.is_some())?;
        let texts_len = texts.len();
        let texts = Arc::new(match texts_in {
            // The texts follow the body's other sections in the file.
            Some((file, body_at)) => {
                FactTexts::in_file(file, body_at + body_len, texts_len, texts_crc)
            }
            None => FactTexts::in_memory(shared, texts),
        });
        let rows = SourceRows::load(shared, sources)?;
        let mut store = Store::decode_core(&shared[core], Sources::Loaded(Arc::new(rows)), known)?;
        store.index_all();
        let entries = store.records.len();
        store.notes = Notes::load(shared, notes, entries).map_err(|e| format!("notes: {e}"))?;
        store.facts = FactsTable::load(shared, facts, entries, texts, texts_len)
            .map_err(|e| format!("facts: {e}"))?;
        Ok(store)
    }

    /// The store of a core section `data` (as [`Store::encode_core`] writes it) whose
    /// records refer to `sources`, not yet indexed; `Err` names the first thing that is not
    /// consistent.
    pub(super) fn decode_core(
        data: &[u8],
        sources: Sources,
        known: impl Fn(&PlatformRef) -> bool,
    ) -> Result<Self, String> {
        let mut r = In { data, at: 0 };
        let mut store = Store::new();
        let n = r.len(12)?;
        store.times.reserve_exact(n);
        for i in 0..n {
            let (s, ns) = (r.i64()?, r.i32()?);
            let t = Timestamp::new(s, ns).map_err(|e| format!("recorded time {i}: {e}"))?;
            if store.times.last().is_some_and(|&last| last >= t) {
                return Err(format!("recorded time {i} out of order"));
            }
            store.times.push(t);
        }
        let n = r.len(4)?;
        let holders = (0..n)
            .map(|_| r.json::<HolderId>("holder"))
            .collect::<R<Vec<_>>>()?;
        store.holders = interner(holders, "holder")?;
        let n = r.len(4)?;
        let platforms = (0..n)
            .map(|_| r.json::<PlatformRef>("platform"))
            .collect::<R<Vec<_>>>()?;
        if let Some(p) = platforms.iter().find(|p| !known(p)) {
            return Err(format!("platform {p:?} is not in the catalog"));
        }
        store.platforms = interner(platforms, "platform")?;
        store.sources = sources;
        let n = r.len(8)?;
        for _ in 0..n {
            let holder = holder_ix(r.row(store.holders.len(), "holder")?);
            let platform = PlatformIx::new(r.row(store.platforms.len(), "platform")?)
                .unwrap_or_else(|| unreachable!("rows are below u32::MAX"));
            let lot = lot_ix(store.lots.len());
            if store.lot_ids.insert((holder, platform), lot).is_some() {
                return Err(format!("lot {} repeats an earlier one", lot.get()));
            }
            store.lots.push(Lot {
                holder,
                platform,
                index: LotIndex::new(),
            });
            let h = holder.get();
            if store.holder_lots.len() <= h {
                store.holder_lots.resize_with(h + 1, Vec::new);
            }
            store.holder_lots[h].push(lot);
        }
        let n = r.len(17)?;
        let mut dates: FxHashMap<i32, EffectiveDate> = FxHashMap::default();
        let mut last_recorded = 0;
        for i in 0..n {
            let id = EntryIx::new(i).ok_or("too many records")?;
            let record = store
                .decode_record(&mut r, id, &mut dates)
                .map_err(|e| format!("record {i}: {e}"))?;
            if record.recorded.get() < last_recorded {
                return Err(format!("record {i}: recorded time out of order"));
            }
            last_recorded = record.recorded.get();
            if let Some(target) = record.retracts() {
                store.records.get_mut(target).retracted_by = Some(id);
            }
            store.records.push(record);
        }
        if n > 0 && last_recorded + 1 != store.times.len() {
            return Err("recorded times unused by any record".into());
        }
        if r.at != data.len() {
            return Err(format!("{} bytes after the tables", data.len() - r.at));
        }
        Ok(store)
    }

    /// Indexes every record as appending them would (no count check: see the module
    /// documentation), lot by lot in key order, so that every insert takes the index's fast
    /// path (appending in record order inserts back-dated entries mid-lot and withdraws
    /// retracted ones afterwards: measured 0.6-0.8 s at 10^6 entries on a loaded machine).
    pub(super) fn index_all(&mut self) {
        let mut per_lot: Vec<Vec<Elem>> = vec![Vec::new(); self.lots.len()];
        for (i, rec) in self.records.chunks.iter().flatten().enumerate() {
            if rec.retracts().is_some() {
                continue;
            }
            let key = index::key(rec.effective.key(), i as u32);
            for l in rec.lots().into_iter().flatten() {
                let eff = if rec.retracted_by.is_some() {
                    Packed::NONE
                } else {
                    rec.effect(l)
                };
                per_lot[l.get()].push(Elem { key, eff });
            }
        }
        for (lot, mut elems) in self.lots.iter_mut().zip(per_lot) {
            elems.sort_unstable_by_key(|e| e.key);
            for elem in elems {
                lot.index.insert(elem, &self.records);
            }
        }
    }

    fn decode_record(
        &mut self,
        r: &mut In<'_>,
        id: EntryIx,
        dates: &mut FxHashMap<i32, EffectiveDate>,
    ) -> R<Record> {
        let holders = self.holders.len();
        let lots = self.lots.len();
        let supplier = |r: &mut In<'_>| -> R<Option<HolderIx>> {
            Ok(r.opt_row(holders, "holder")?.map(holder_ix))
        };
        let op = match r.u8()? {
            0 => Op::Requested {
                count: r.opt_count()?,
                supplier: supplier(r)?,
                request: r.enum_of(RequestKind::iter(), "request kind")?,
            },
            1 => Op::Ordered {
                count: r.count()?,
                supplier: supplier(r)?,
                condition: r.enum_of(Condition::iter(), "condition")?,
            },
            2 => Op::Delivered {
                count: r.count()?,
                into: r.status()?,
                supplier: supplier(r)?,
                condition: r.enum_of(Condition::iter(), "condition")?,
            },
            3 => Op::StatusChanged {
                from: r.status()?,
                to: r.status()?,
                count: r.count()?,
            },
            4 => {
                let n = r.len(6)?;
                let breakdown = (0..n)
                    .map(|_| Ok((r.status()?, r.count()?.count())))
                    .collect::<R<Vec<_>>>()?;
                let b: BreakdownIx = self
                    .records
                    .push_breakdown(&breakdown)
                    .ok_or("too many breakdowns")?;
                Op::Assessed(b)
            }
            5 => Op::Lost {
                count: r.count()?,
                from: r.status()?,
                cause: match r.u8()? {
                    0 => StoredCause::Destroyed,
                    1 => StoredCause::Damaged,
                    2 => StoredCause::Abandoned,
                    3 => StoredCause::Captured,
                    c => return Err(format!("unknown loss cause {c}")),
                },
                captor: r.opt_row(lots, "captor lot")?.map(lot_ix),
            },
            6 => Op::Retired {
                count: r.count()?,
                from: r.status()?,
            },
            7 => Op::Expended {
                count: r.count()?,
                from: r.status()?,
            },
            8 => Op::Transferred {
                count: r.count()?,
                from: r.status()?,
                into: r.status()?,
                to_lot: lot_ix(r.row(lots, "receiving lot")?),
            },
            9 => Op::Observed {
                count: r.opt_count()?,
                status: match r.u8()? {
                    0xff => None,
                    s => Some(
                        Status::iter()
                            .nth(s as usize)
                            .ok_or("unknown observed status")?,
                    ),
                },
            },
            10 => Op::OpeningUnknown,
            12 => Op::Claimed {
                quantity: r.quantity()?,
                count: r.count()?,
            },
            13 => Op::Resolved {
                quantity: r.quantity()?,
                decision: match r.u8()? {
                    0 => {
                        let target = r.row(id.get(), "picked entry")?;
                        StoredDecision::Pick(
                            EntryIx::new(target).ok_or("picked entry out of range")?,
                        )
                    }
                    1 => {
                        let (lower, upper) = (r.u32()?, r.u32()?);
                        let max = MAX_COUNT as u32;
                        if lower > max
                            || (upper != StoredDecision::UNBOUNDED
                                && (upper > max || upper < lower))
                        {
                            return Err(format!("narrowed range {lower}..={upper} out of range"));
                        }
                        StoredDecision::Narrow { lower, upper }
                    }
                    2 => StoredDecision::KeepRange,
                    d => return Err(format!("unknown decision tag {d}")),
                },
            },
            11 => {
                let target = r.row(id.get(), "retracted entry")?;
                let target = EntryIx::new(target).ok_or("retracted entry out of range")?;
                let t = self.records.get(target);
                if t.retracts().is_some() || t.retracted_by.is_some() {
                    return Err(format!(
                        "retracts entry {} (a retraction, or retracted already)",
                        target.get()
                    ));
                }
                Op::Retracted { entry: target }
            }
            t => return Err(format!("unknown change tag {t}")),
        };
        let key = r.i32()?;
        let effective = match dates.get(&key) {
            Some(d) => *d,
            None => {
                let d = EffectiveDate::from_key(key)
                    .ok_or_else(|| format!("invalid effective date key {key}"))?;
                dates.insert(key, d);
                d
            }
        };
        let recorded = TimeIx::new(r.row(self.times.len(), "recorded time")?)
            .ok_or("recorded time out of range")?;
        let lot = lot_ix(r.row(lots, "lot")?);
        let source =
            SourceIx::new(r.row(self.sources.len(), "source")?).ok_or("source out of range")?;
        let record = Record {
            op,
            effective,
            recorded,
            lot,
            source,
            retracted_by: None,
        };
        if let [Some(own), Some(other)] = record.lots() {
            let same_platform = self.lots[own.get()].platform == self.lots[other.get()].platform;
            if own == other || !same_platform {
                return Err("second lot is the entry's own or of another platform".into());
            }
        }
        Ok(record)
    }
}

fn opt_count(out: &mut Out<'_>, c: Option<C32>) {
    match c {
        None => out.u8(0),
        Some(c) => {
            out.u8(1);
            out.count(c);
        }
    }
}
