//! Holder slices (checkpoint version 6): per holder, the store of exactly the records that
//! touch one of its lots, so a question about one holder loads only those.
//!
//! Written ([`Store::encode_slices`]) as the body's last section: a directory, then the
//! slices back to back.
//!
//! * The directory: its byte length (`u32`), then the whole ledger's latest recorded time (a
//!   byte, 0 absent or 1 then seconds `i64` and nanoseconds `i32`), the number of slices
//!   (`u32`) and per slice its holder (a `u32` byte length and its JSON), its start in the
//!   slices' bytes and its length (`u64`s) and its own CRC-32C (`u32`); then the directory's
//!   CRC-32C (`u32`).
//! * A slice: the core section of a sub-store holding the records that touch one of the
//!   holder's lots ([`Record::lots`]: a transfer, or a capture by a known holder, is in both
//!   holders' slices; a retraction is where its target is), in the ledger's order, as
//!   [`Store::encode_core`] writes it (only the holders, platforms, lots and recorded times
//!   those records refer to), with a `u32` byte length first; then the sub-store's sources,
//!   as the sources section is written, with a `u32` byte length first; then the records'
//!   global entry numbers (a `u32` count and `u32`s, ascending).
//!
//! A holder without lots has no slice; a holder whose slice would refer to an entry outside
//! it (a resolution picking a claim of another lot, which the ledger never accepts) has none
//! either, so asking for it loads the whole ledger.
//!
//! Loading ([`Store::load_slices`]) reads the directory and the slices asked for, each
//! checked against its CRC-32C, decodes them with the core decoder and keeps the notes and
//! facts of the whole ledger as a whole load does (keyed by global entry number, the fact
//! texts left in the file). The store then knows it is partial ([`Partial`]): its rows map
//! to global entry numbers, and the lots of other holders (the other side of a transfer or
//! capture) are hidden from the queries.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use jiff::Timestamp;

use crate::holder::HolderId;

use super::super::change::{Change, PlatformRef};
use super::super::claims::Decision;
use super::super::entry::EntryId;
use super::super::facts::FactTexts;
use rustc_hash::FxHashMap;

use super::Store;
use super::checkpoint::{self, Out, SLICES};
use super::ix::{EntryIx, HolderIx, LotIx, PlatformIx, SourceIx, TimeIx};
use super::loaded::{self, FactsTable, Notes, SourceRows, Sources};
use super::record::{Op, Record, StoredDecision};

type R<T> = Result<T, String>;

/// What a store loaded from holder slices knows of the whole ledger.
#[derive(Clone, Debug)]
pub(crate) struct Partial {
    /// Each row's global entry number, ascending.
    globals: Vec<u32>,
    /// The holders asked for.
    holders: Vec<HolderId>,
    /// The whole ledger's latest recorded time.
    pub(super) latest: Option<Timestamp>,
}

impl Partial {
    /// The row of global entry `id`, if the store holds it.
    pub(super) fn local(&self, id: EntryId) -> Option<EntryIx> {
        let g = u32::try_from(id.get()).ok()?;
        let row = self.globals.binary_search(&g).ok()?;
        EntryIx::new(row)
    }
}

/// Global rows to a slice's rows, in first-use order.
#[derive(Default)]
struct Rows {
    local: FxHashMap<usize, u32>,
    rows: Vec<usize>,
}

impl Rows {
    fn get<T>(&mut self, global: usize, make: impl Fn(usize) -> Option<T>) -> Option<T> {
        let next = self.rows.len();
        let row = *self.local.entry(global).or_insert_with(|| next as u32);
        if row as usize == next {
            self.rows.push(global);
        }
        make(row as usize)
    }
}

/// The renumbering of a slice's handles: holders, platforms, lots (as local holder and
/// platform rows), sources and recorded times.
#[derive(Default)]
struct Renumber {
    holder: Rows,
    platform: Rows,
    source: Rows,
    lot: FxHashMap<usize, LotIx>,
    lots: Vec<(u32, u32)>,
    times: Vec<TimeIx>,
}

impl Renumber {
    fn holder(&mut self, h: HolderIx) -> Option<HolderIx> {
        self.holder.get(h.get(), HolderIx::new)
    }

    fn lot(&mut self, store: &Store, l: LotIx) -> Option<LotIx> {
        if let Some(&local) = self.lot.get(&l.get()) {
            return Some(local);
        }
        let lot = &store.lots[l.get()];
        let h = self.holder(lot.holder)?.get() as u32;
        let p = self
            .platform
            .get(lot.platform.get(), PlatformIx::new)?
            .get() as u32;
        let local = LotIx::new(self.lots.len())?;
        self.lots.push((h, p));
        self.lot.insert(l.get(), local);
        Some(local)
    }

    fn time(&mut self, t: TimeIx) -> Option<TimeIx> {
        if self.times.last() != Some(&t) {
            self.times.push(t);
        }
        TimeIx::new(self.times.len() - 1)
    }

    /// `op` with its handles renumbered; an entry it refers to must be among `rows`.
    fn op(&mut self, store: &Store, op: &Op, rows: &[u32]) -> Option<Op> {
        let entry = |e: EntryIx| {
            let g = u32::try_from(e.get()).ok()?;
            EntryIx::new(rows.binary_search(&g).ok()?)
        };
        let mut op = op.clone();
        match &mut op {
            Op::Requested { supplier, .. }
            | Op::Ordered { supplier, .. }
            | Op::Delivered { supplier, .. } => {
                if let Some(h) = supplier {
                    *h = self.holder(*h)?;
                }
            }
            Op::Lost { captor, .. } => {
                if let Some(l) = captor {
                    *l = self.lot(store, *l)?;
                }
            }
            Op::Transferred { to_lot, .. } => *to_lot = self.lot(store, *to_lot)?,
            Op::Resolved {
                decision: StoredDecision::Pick(e),
                ..
            }
            | Op::Retracted { entry: e } => *e = entry(*e)?,
            Op::StatusChanged { .. }
            | Op::Assessed(_)
            | Op::Retired { .. }
            | Op::Expended { .. }
            | Op::Observed { .. }
            | Op::OpeningUnknown
            | Op::Claimed { .. }
            | Op::Resolved { .. } => {}
        }
        Some(op)
    }
}

/// A sub-store being built from another store's records, in their order.
struct Builder {
    store: Store,
    globals: Vec<u32>,
}

impl Builder {
    fn new() -> Self {
        Self {
            store: Store::new(),
            globals: Vec::new(),
        }
    }

    /// The row of global entry `id` in the builder, as an id of the sub-store.
    fn local(&self, id: EntryId) -> Option<EntryId> {
        let g = u32::try_from(id.get()).ok()?;
        let row = self.globals.binary_search(&g).ok()?;
        Some(EntryId::new(row as u64))
    }

    /// Adds record `ix` of `from`, after every record it refers to; `None` when it refers
    /// to an entry the builder lacks, or a table is full.
    fn push(&mut self, from: &Store, ix: EntryIx) -> Option<()> {
        let global = u32::try_from(from.global(ix)).ok()?;
        if self.globals.last().is_some_and(|&last| last >= global) {
            return None;
        }
        let mut entry = from.content(ix);
        match &mut entry.change {
            Change::Retracted { entry: target }
            | Change::Resolved {
                decision: Decision::Pick { entry: target },
                ..
            } => *target = self.local(*target)?,
            _ => {}
        }
        let id = EntryIx::new(self.store.records.len())?;
        let record = self.store.record(&entry).ok()?;
        if let Some(target) = record.retracts() {
            self.store.records.get_mut(target).retracted_by = Some(id);
        }
        self.store.records.push(record);
        self.globals.push(global);
        Some(())
    }
}

fn put_u32(buf: &mut Vec<u8>, v: usize) {
    buf.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
}

/// Reads little-endian values; every failure names what was wrong.
struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> R<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| format!("{what} truncated at byte {}", self.at))?;
        let bytes = &self.data[self.at..end];
        self.at = end;
        Ok(bytes)
    }
    fn u32(&mut self, what: &str) -> R<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self, what: &str) -> R<u64> {
        let mut a = [0; 8];
        a.copy_from_slice(self.take(8, what)?);
        Ok(u64::from_le_bytes(a))
    }
    fn block(&mut self, what: &str) -> R<&'a [u8]> {
        let n = self.u32(what)? as usize;
        self.take(n, what)
    }
}

/// A slice in the directory: its holder, where its bytes are and their CRC-32C.
struct Listed {
    holder: HolderId,
    start: u64,
    len: u64,
    crc: u32,
}

/// The directory's content: the whole ledger's latest recorded time and the slices.
fn directory(data: &[u8]) -> R<(Option<Timestamp>, Vec<Listed>)> {
    let mut r = Reader { data, at: 0 };
    let latest = match r.take(1, "directory")?[0] {
        0 => None,
        1 => {
            let s = r.u64("directory")? as i64;
            let ns = r.u32("directory")? as i32;
            Some(Timestamp::new(s, ns).map_err(|e| format!("latest recorded time: {e}"))?)
        }
        b => return Err(format!("bad latest-time tag {b}")),
    };
    let n = r.u32("directory")? as usize;
    if n.saturating_mul(24) > data.len() {
        return Err(format!(
            "{n} slices listed in a directory of {} bytes",
            data.len()
        ));
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let holder = serde_json::from_slice(r.block("directory")?)
            .map_err(|e| format!("slice {i}: invalid holder: {e}"))?;
        out.push(Listed {
            holder,
            start: r.u64("directory")?,
            len: r.u64("directory")?,
            crc: r.u32("directory")?,
        });
    }
    if r.at != data.len() {
        return Err(format!("{} bytes after the directory", data.len() - r.at));
    }
    Ok((latest, out))
}

/// Reads `len` bytes of `file` at `at`.
fn read_at(mut file: &File, at: u64, len: usize) -> R<Vec<u8>> {
    let mut buf = vec![0; len];
    file.seek(SeekFrom::Start(at))
        .and_then(|_| file.read_exact(&mut buf))
        .map_err(|e| format!("cannot read the checkpoint: {e}"))?;
    Ok(buf)
}

impl Store {
    /// The global entry number of row `id` (the row itself for a whole store).
    pub(super) fn global(&self, id: EntryIx) -> u64 {
        match &self.partial {
            Some(p) => u64::from(p.globals[id.get()]),
            None => id.get() as u64,
        }
    }

    /// Row `id`'s global entry number as a handle (notes and facts are kept by it).
    pub(super) fn global_ix(&self, id: EntryIx) -> EntryIx {
        match &self.partial {
            Some(p) => EntryIx::new(p.globals[id.get()] as usize)
                .unwrap_or_else(|| unreachable!("global numbers are below u32::MAX")),
            None => id,
        }
    }

    /// The holders whose slices a partial store was loaded from; `None` for a whole store.
    pub(crate) fn partial_holders(&self) -> Option<&[HolderId]> {
        self.partial.as_deref().map(|p| p.holders.as_slice())
    }

    /// Each holder's records (by holder row): those touching one of its lots, and the
    /// retractions of those.
    fn slice_rows(&self) -> Vec<Vec<u32>> {
        let mut rows = vec![Vec::new(); self.holders.len()];
        for (i, rec) in self.records.chunks.iter().flatten().enumerate() {
            let lots = match rec.retracts() {
                Some(target) => self.records.get(target).lots(),
                None => rec.lots(),
            };
            let [a, b] = lots.map(|l| l.map(|l| self.lots[l.get()].holder.get()));
            for h in [a, b.filter(|&b| Some(b) != a)].into_iter().flatten() {
                rows[h].push(i as u32);
            }
        }
        rows
    }

    /// The slice of `rows` (see the module documentation), or `None` when a record refers
    /// to an entry outside them. Written from the records with their handles renumbered
    /// (not through a sub-store: re-interning every entry's values took the checkpoint of
    /// a 10^5-entry journal from 0.7 s to 2.1 s).
    fn slice_of(&self, rows: &[u32]) -> Option<Vec<u8>> {
        let mut map = Renumber::default();
        let mut records = Vec::with_capacity(rows.len());
        for &i in rows {
            let rec = self.records.row(i as usize)?;
            let op = map.op(self, &rec.op, rows)?;
            let lot = map.lot(self, rec.lot)?;
            let source = map.source.get(rec.source.get(), SourceIx::new)?;
            let recorded = map.time(rec.recorded)?;
            records.push(Record {
                op,
                effective: rec.effective,
                recorded,
                lot,
                source,
                retracted_by: None,
            });
        }
        let mut core = Vec::new();
        let mut out = Out(&mut core);
        out.len(map.times.len());
        for t in &map.times {
            let t = self.times[t.get()];
            out.i64(t.as_second());
            out.i32(t.subsec_nanosecond());
        }
        out.len(map.holder.rows.len());
        for &h in &map.holder.rows {
            out.json(self.holders.value(HolderIx::new(h)?));
        }
        out.len(map.platform.rows.len());
        for &p in &map.platform.rows {
            out.json(self.platforms.value(PlatformIx::new(p)?));
        }
        out.len(map.lots.len());
        for &(h, p) in &map.lots {
            out.u32(h);
            out.u32(p);
        }
        out.len(records.len());
        for rec in &records {
            self.encode_record(&mut out, rec);
        }
        let mut sources = Vec::new();
        put_u32(&mut sources, map.source.rows.len());
        for &s in &map.source.rows {
            loaded::write_source(&mut sources, self.sources.value(SourceIx::new(s)?));
        }
        let mut slice = Vec::with_capacity(core.len() + sources.len() + 4 * rows.len() + 12);
        put_u32(&mut slice, core.len());
        slice.extend_from_slice(&core);
        put_u32(&mut slice, sources.len());
        slice.extend_from_slice(&sources);
        put_u32(&mut slice, rows.len());
        for g in rows {
            slice.extend_from_slice(&g.to_le_bytes());
        }
        Some(slice)
    }

    /// Appends the holder slices section (see the module documentation).
    pub(super) fn encode_slices(&self, buf: &mut Vec<u8>) {
        let mut dir = Vec::new();
        match self.latest_recorded() {
            None => dir.push(0),
            Some(t) => {
                dir.push(1);
                dir.extend_from_slice(&t.as_second().to_le_bytes());
                dir.extend_from_slice(&t.subsec_nanosecond().to_le_bytes());
            }
        }
        let mut data = Vec::new();
        let mut listed = Vec::new();
        for (h, rows) in self.slice_rows().iter().enumerate() {
            let Some(slice) = (!rows.is_empty()).then(|| self.slice_of(rows)).flatten() else {
                continue;
            };
            let holder = HolderIx::new(h).map(|h| self.holders.value(h));
            let Some(holder) = holder else { continue };
            listed.push((
                holder,
                data.len() as u64,
                slice.len() as u64,
                crc32c::crc32c(&slice),
            ));
            data.extend_from_slice(&slice);
        }
        put_u32(&mut dir, listed.len());
        for (holder, start, len, crc) in listed {
            let json = serde_json::to_vec(holder).unwrap_or_default();
            put_u32(&mut dir, json.len());
            dir.extend_from_slice(&json);
            dir.extend_from_slice(&start.to_le_bytes());
            dir.extend_from_slice(&len.to_le_bytes());
            dir.extend_from_slice(&crc.to_le_bytes());
        }
        put_u32(buf, dir.len());
        buf.extend_from_slice(&dir);
        buf.extend_from_slice(&crc32c::crc32c(&dir).to_le_bytes());
        buf.extend_from_slice(&data);
    }

    /// The partial store of `holders` from the checkpoint body at `body_at` in `file`, whose
    /// table of contents `toc_bytes` starts and whose whole ledger holds `entries` entries;
    /// `Err` says why it cannot be loaded so (a version-5 body, a damaged slice: the caller
    /// loads the whole ledger instead).
    pub(crate) fn load_slices(
        file: &File,
        body_at: u64,
        toc_bytes: &[u8],
        holders: &[HolderId],
        entries: usize,
        known: impl Fn(&PlatformRef) -> bool,
    ) -> R<Self> {
        let toc = checkpoint::toc(toc_bytes)?;
        if toc.count <= SLICES {
            return Err("a version-5 checkpoint has no holder slices".into());
        }
        let at = |k: usize| -> R<u64> { Ok(body_at + toc.start(k)? as u64) };
        // The section's own CRC-32C is not read here (that would read every slice): the
        // directory and each slice are checked against their own.
        let (section_len, _) = toc.sections[SLICES];
        let slices_at = at(SLICES)?;
        let head = read_at(file, slices_at, 4.min(section_len))?;
        let dir_len = Reader { data: &head, at: 0 }.u32("slices section")? as usize;
        if dir_len.saturating_add(8) > section_len {
            return Err(format!(
                "a directory of {dir_len} bytes runs past its section"
            ));
        }
        let dir = read_at(file, slices_at + 4, dir_len + 4)?;
        let (dir, crc) = dir.split_at(dir_len);
        let stored = u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]);
        if crc32c::crc32c(dir) != stored {
            return Err("the slice directory's checksum does not match".into());
        }
        let (latest, listed) = directory(dir)?;
        let data_at = slices_at + 8 + dir_len as u64;
        let data_len = (section_len - 8 - dir_len) as u64;
        let mut wanted: Vec<HolderId> = holders.to_vec();
        wanted.sort();
        wanted.dedup();
        let mut parts = Vec::new();
        for holder in &wanted {
            let Some(l) = listed.iter().find(|l| l.holder == *holder) else {
                // No slice: the holder has no lots (or a slice that could not be written).
                continue;
            };
            let end = l.start.checked_add(l.len).filter(|&e| e <= data_len);
            let len = end
                .and_then(|_| usize::try_from(l.len).ok())
                .ok_or_else(|| format!("the slice of {holder} runs past its section"))?;
            let bytes = read_at(file, data_at + l.start, len)?;
            if crc32c::crc32c(&bytes) != l.crc {
                return Err(format!("the slice of {holder}: checksum mismatch"));
            }
            let part = Self::decode_slice(Arc::new(bytes), entries, &known)
                .map_err(|e| format!("the slice of {holder}: {e}"))?;
            parts.push(part);
        }
        let mut store = match parts.len() {
            1 => parts.pop().unwrap_or_else(Store::new),
            _ => Self::merge(&parts).ok_or("the slices do not merge")?,
        };
        store.hide_others(&wanted);
        store.index_all();
        // The notes and facts of the whole ledger, as a whole load keeps them.
        let notes_at = at(2)?;
        let (notes_len, notes_crc) = toc.sections[2];
        let (facts_len, facts_crc) = toc.sections[3];
        let rows = read_at(file, notes_at, notes_len.saturating_add(facts_len))?;
        if crc32c::crc32c(&rows[..notes_len]) != notes_crc
            || crc32c::crc32c(&rows[notes_len..]) != facts_crc
        {
            return Err("the notes or facts section: checksum mismatch".into());
        }
        let rows = Arc::new(rows);
        let (texts_len, texts_crc) = toc.sections[4];
        let handle = file
            .try_clone()
            .map_err(|e| format!("cannot read the checkpoint: {e}"))?;
        let texts = Arc::new(FactTexts::in_file(handle, at(4)?, texts_len, texts_crc));
        store.notes =
            Notes::load(&rows, 0..notes_len, entries).map_err(|e| format!("notes: {e}"))?;
        store.facts = FactsTable::load(&rows, notes_len..rows.len(), entries, texts, texts_len)
            .map_err(|e| format!("facts: {e}"))?;
        if let Some(p) = store.partial.as_deref_mut() {
            p.holders = wanted;
            p.latest = latest;
        }
        Ok(store)
    }

    /// One slice's store (not indexed), its rows mapped to global entry numbers below
    /// `entries`.
    fn decode_slice(
        bytes: Arc<Vec<u8>>,
        entries: usize,
        known: impl Fn(&PlatformRef) -> bool,
    ) -> R<Self> {
        let mut r = Reader {
            data: &bytes,
            at: 0,
        };
        let core = r.block("slice")?;
        let sources_at = r.at + 4;
        let sources = r.block("slice")?.len();
        let sources = SourceRows::load(&bytes, sources_at..sources_at + sources)?;
        let mut store = Store::decode_core(core, Sources::Loaded(Arc::new(sources)), known)?;
        let n = r.u32("slice")? as usize;
        if n != store.records.len() {
            return Err(format!(
                "{n} entry numbers for {} records",
                store.records.len()
            ));
        }
        let mut globals = Vec::with_capacity(n);
        for _ in 0..n {
            let g = r.u32("entry numbers")?;
            if globals.last().is_some_and(|&last| last >= g) || g as usize >= entries {
                return Err(format!("entry number {g} out of order or range"));
            }
            globals.push(g);
        }
        if r.at != bytes.len() {
            return Err(format!("{} bytes after the slice", bytes.len() - r.at));
        }
        store.partial = Some(Box::new(Partial {
            globals,
            holders: Vec::new(),
            latest: None,
        }));
        Ok(store)
    }

    /// One partial store of the records of `parts`, each once, in global order.
    fn merge(parts: &[Store]) -> Option<Self> {
        let mut rows: Vec<(u64, usize, usize)> = parts
            .iter()
            .enumerate()
            .flat_map(|(p, s)| (0..s.records.len()).map(move |i| (p, i)))
            .filter_map(|(p, i)| Some((parts[p].global(EntryIx::new(i)?), p, i)))
            .collect();
        rows.sort_unstable();
        rows.dedup_by_key(|r| r.0);
        let mut b = Builder::new();
        for (_, p, i) in rows {
            b.push(&parts[p], EntryIx::new(i)?)?;
        }
        b.store.partial = Some(Box::new(Partial {
            globals: b.globals,
            holders: Vec::new(),
            latest: None,
        }));
        Some(b.store)
    }

    /// Hides the lots of holders not in `wanted` (the other side of a transfer or capture)
    /// from every query: their records stay, indexed, for the wanted lots' sake.
    fn hide_others(&mut self, wanted: &[HolderId]) {
        for (h, lots) in self.holder_lots.iter_mut().enumerate() {
            let shown = HolderIx::new(h).is_some_and(|h| wanted.contains(self.holders.value(h)));
            if !shown {
                for l in lots.drain(..) {
                    let lot = &self.lots[l.get()];
                    self.lot_ids.remove(&(lot.holder, lot.platform));
                }
            }
        }
    }
}
