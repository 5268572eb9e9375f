//! The store's sources, notes and facts, which a checkpoint (version 5 on) leaves in its own
//! bytes: loading checks them (structure, ranges, UTF-8, tags, citations) without decoding
//! or hashing them, and a query decodes only the rows it reads (a source on first use; a
//! note or facts by binary search over the entry ids).
//!
//! Measured (BENCHMARKS.md, "Checkpoint version 5"): at 10^5 entries, interning the 62 k
//! sources and hashing 73 k notes and 63 k facts into maps was about a third of a query's
//! CPU time, while a query for one holder reads a few hundred of them.
//!
//! Each table is what a checkpoint loaded (rows below the count it holds) plus what was
//! added after it; the first append of a source turns the loaded sources into an interner
//! (deduplication needs every source hashed), which a query never does.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::provenance::{Grade, Source};

use super::super::facts::{FactTexts, Facts};
use super::ix::{EntryIx, Interner, SourceIx};

type R<T> = Result<T, String>;

/// Little-endian reads over a slice; every failure names what was wrong.
pub(super) struct Cursor<'a> {
    pub(super) data: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| format!("truncated at byte {}", self.at))?;
        let bytes = &self.data[self.at..end];
        self.at = end;
        Ok(bytes)
    }
    pub(super) fn u32(&mut self) -> R<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u8(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }
    /// A count of items of at least `min` bytes each, bounded by the bytes left.
    fn len(&mut self, min: usize) -> R<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min) > self.data.len() - self.at {
            return Err(format!("table of {n} items longer than its section"));
        }
        Ok(n)
    }
    /// A `u32` byte length and that many bytes, as a span of the data.
    fn span(&mut self) -> R<Span> {
        let n = self.u32()? as usize;
        let start = self.at;
        let text = self.take(n)?;
        std::str::from_utf8(text).map_err(|e| e.to_string())?;
        Span::new(start..self.at)
    }
    fn flag(&mut self) -> R<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(format!("bad option tag {b}")),
        }
    }
}

/// A byte range of a section (sections are under 4 GiB: `Span::new` refuses larger).
#[derive(Clone, Copy, Debug)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    const NONE: Self = Self {
        start: u32::MAX,
        end: u32::MAX,
    };
    fn new(r: Range<usize>) -> R<Self> {
        match (u32::try_from(r.start), u32::try_from(r.end)) {
            (Ok(start), Ok(end)) if end != u32::MAX => Ok(Self { start, end }),
            _ => Err("section over 4 GiB".into()),
        }
    }
    fn get(self) -> Option<Range<usize>> {
        (self.start != u32::MAX).then_some(self.start as usize..self.end as usize)
    }
}

/// Text checked as UTF-8 on loading (never lossy then).
fn text(data: &[u8], r: Range<usize>) -> Arc<str> {
    Arc::from(String::from_utf8_lossy(&data[r]))
}

/// A source in binary: its citation (a `u32` byte length and the text), its grade's two
/// characters (`B3`), then its URL and its reference, each a byte (0 absent, 1 present) and
/// the text.
pub(super) fn write_source(buf: &mut Vec<u8>, s: &Source) {
    let mut bytes = |b: &[u8]| {
        buf.extend_from_slice(&u32::try_from(b.len()).unwrap_or(u32::MAX).to_le_bytes());
        buf.extend_from_slice(b);
    };
    bytes(s.citation().as_bytes());
    buf.extend_from_slice(s.grade().to_string().as_bytes());
    for text in [s.url(), s.reference()] {
        match text {
            None => buf.push(0),
            Some(t) => {
                buf.push(1);
                buf.extend_from_slice(&u32::try_from(t.len()).unwrap_or(u32::MAX).to_le_bytes());
                buf.extend_from_slice(t.as_bytes());
            }
        }
    }
}

/// Where a source's parts are in the section, checked.
#[derive(Clone, Copy, Debug)]
struct SourceRow {
    citation: Span,
    url: Span,
    reference: Span,
    grade: Grade,
}

/// Sources loaded from a checkpoint: their rows, each decoded on first use.
#[derive(Debug)]
pub(super) struct SourceRows {
    data: Arc<Vec<u8>>,
    rows: Vec<SourceRow>,
    cells: Box<[OnceLock<Source>]>,
}

impl SourceRows {
    /// Checks the sources section `range` of `data` (a count, then the sources as
    /// [`write_source`] writes them) as [`Source::new`] would, decoding none.
    pub(super) fn load(data: &Arc<Vec<u8>>, range: Range<usize>) -> R<Self> {
        let bytes = data.get(range.clone()).ok_or("sources out of range")?;
        let mut c = Cursor { data: bytes, at: 0 };
        let n = c.len(7)?;
        let mut rows = Vec::with_capacity(n);
        let shift = |s: Span| {
            s.get().map_or(Ok(Span::NONE), |r| {
                Span::new(r.start + range.start..r.end + range.start)
            })
        };
        for i in 0..n {
            let row = (|| {
                let citation = c.span()?;
                if citation.get().is_none_or(|r| {
                    std::str::from_utf8(&bytes[r]).is_ok_and(|t| t.trim().is_empty())
                }) {
                    return Err("empty citation".to_owned());
                }
                let grade = std::str::from_utf8(c.take(2)?)
                    .ok()
                    .and_then(|g| g.parse::<Grade>().ok())
                    .ok_or("invalid grade")?;
                let url = if c.flag()? { c.span()? } else { Span::NONE };
                let reference = if c.flag()? { c.span()? } else { Span::NONE };
                Ok(SourceRow {
                    citation: shift(citation)?,
                    url: shift(url)?,
                    reference: shift(reference)?,
                    grade,
                })
            })()
            .map_err(|e: String| format!("source {i}: {e}"))?;
            rows.push(row);
        }
        if c.at != bytes.len() {
            return Err(format!("{} bytes after the sources", bytes.len() - c.at));
        }
        let cells = (0..n).map(|_| OnceLock::new()).collect();
        Ok(Self {
            data: Arc::clone(data),
            rows,
            cells,
        })
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn get(&self, i: usize) -> &Source {
        self.cells[i].get_or_init(|| self.decode(i, &mut Shared::default()))
    }

    fn decode(&self, i: usize, shared: &mut Shared) -> Source {
        let row = self.rows[i];
        let data = &self.data;
        let part = |s: Span| s.get().map(|r| text(data, r));
        let citation = shared.citation.get(part(row.citation).unwrap_or_default());
        let mut source = Source::checked(citation, row.grade);
        if let Some(url) = part(row.url) {
            source = source.with_url(shared.url.get(url));
        }
        if let Some(reference) = part(row.reference) {
            source = source.with_reference(reference);
        }
        source
    }

    /// Every source, decoded (those decoded already are cloned), into an interner. A
    /// checkpoint written from an interner holds no source twice; should a forged one, the
    /// later row stays as it is, reachable by its handle but not by interning, which
    /// changes no answer.
    fn interner(&self) -> Interner<Source, SourceIx> {
        let mut table = Interner::new();
        table.reserve(self.len());
        let mut shared = Shared::default();
        for (i, cell) in self.cells.iter().enumerate() {
            let source = match cell.get() {
                Some(s) => s.clone(),
                None => self.decode(i, &mut shared),
            };
            table.push_row(source);
        }
        table
    }
}

/// The citations and URLs decoded last: consecutive sources (one import's) usually share
/// them, and then share one allocation, as the importers make them.
#[derive(Default)]
struct Shared {
    citation: Last,
    url: Last,
}

/// The last text decoded of one kind.
#[derive(Default)]
struct Last(Option<Arc<str>>);

impl Last {
    fn get(&mut self, text: Arc<str>) -> Arc<str> {
        match &self.0 {
            Some(last) if **last == *text => last.clone(),
            _ => self.0.insert(text).clone(),
        }
    }
}

/// The store's sources: interned, or a checkpoint's rows read in place until the first
/// append interns one.
#[derive(Clone, Debug)]
pub(super) enum Sources {
    Interned(Interner<Source, SourceIx>),
    Loaded(Arc<SourceRows>),
}

impl Sources {
    pub(super) fn len(&self) -> usize {
        match self {
            Self::Interned(i) => i.len(),
            Self::Loaded(rows) => rows.len(),
        }
    }

    pub(super) fn value(&self, id: SourceIx) -> &Source {
        match self {
            Self::Interned(i) => i.value(id),
            Self::Loaded(rows) => rows.get(id.get()),
        }
    }

    /// The handle of `source`, interning it if new (the loaded sources are interned
    /// first).
    pub(super) fn intern(&mut self, source: &Source) -> Option<SourceIx> {
        self.interned().intern(source)
    }

    /// Forgets the sources interned after the first `len`.
    pub(super) fn truncate(&mut self, len: usize) {
        if len < self.len() {
            self.interned().truncate(len);
        }
    }

    /// Every source, in row order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Source> + '_ {
        (0..self.len()).filter_map(|i| SourceIx::new(i).map(|ix| self.value(ix)))
    }

    fn interned(&mut self) -> &mut Interner<Source, SourceIx> {
        if let Self::Loaded(rows) = self {
            *self = Self::Interned(rows.interner());
        }
        match self {
            Self::Interned(i) => i,
            Self::Loaded(_) => unreachable!("interned just above"),
        }
    }
}

/// A section of sorted fixed-size index rows (`u32`s, the entry id first) and a blob of
/// UTF-8 texts, each row's text the blob's bytes `start..end`, the texts in row order and
/// back to back.
#[derive(Debug)]
struct Indexed {
    data: Arc<Vec<u8>>,
    /// Where the rows start in `data`, their number and their width in `u32`s.
    rows: usize,
    n: usize,
    width: usize,
    /// Where the blob starts in `data`.
    blob: usize,
}

impl Indexed {
    /// Checks `n` rows of `width` `u32`s at the cursor (each row's entry below `entries` and
    /// above the previous one, its text range the next in the blob, on character
    /// boundaries), then the blob after them; `check` checks each row's other fields.
    fn load(
        data: &Arc<Vec<u8>>,
        base: usize,
        c: &mut Cursor<'_>,
        width: usize,
        entries: usize,
        external: Option<usize>,
        mut check: impl FnMut(&[u32]) -> R<()>,
    ) -> R<Self> {
        let n = c.len(4 * width)?;
        let rows = base + c.at;
        let index = c.take(n * 4 * width)?;
        let blob_bytes = &c.data[c.at..];
        // Texts kept elsewhere (`external`: their length) are checked when read.
        let blob = match external {
            None => std::str::from_utf8(blob_bytes).map_err(|e| format!("texts: {e}"))?,
            Some(_) if !blob_bytes.is_empty() => {
                return Err(format!("{} bytes after the rows", blob_bytes.len()));
            }
            Some(_) => "",
        };
        let blob_len = external.unwrap_or(blob.len());
        let boundary = |i: usize| external.is_some() || blob.is_char_boundary(i);
        let mut row = vec![0u32; width];
        let mut last: Option<u32> = None;
        let mut end = 0;
        for (i, chunk) in index.chunks_exact(4 * width).enumerate() {
            for (v, b) in row.iter_mut().zip(chunk.chunks_exact(4)) {
                *v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            }
            let (entry, start, stop) = (row[0], row[width - 2], row[width - 1]);
            if entry as usize >= entries || last.is_some_and(|l| l >= entry) {
                return Err(format!("row {i}: entry {entry} out of order or range"));
            }
            if start as usize != end
                || stop < start
                || stop as usize > blob_len
                || !boundary(stop as usize)
            {
                return Err(format!("row {i}: text {start}..{stop} out of place"));
            }
            check(&row).map_err(|e| format!("row {i}: {e}"))?;
            last = Some(entry);
            end = stop as usize;
        }
        if end != blob_len {
            return Err(format!("{} bytes after the texts", blob_len - end));
        }
        Ok(Self {
            data: Arc::clone(data),
            rows,
            n,
            width,
            blob: base + c.at,
        })
    }

    fn field(&self, row: usize, k: usize) -> u32 {
        let at = self.rows + 4 * (row * self.width + k);
        let b = &self.data[at..at + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    /// The row of entry `id`, by binary search.
    fn find(&self, id: EntryIx) -> Option<usize> {
        let id = u32::try_from(id.get()).ok()?;
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.field(mid, 0).cmp(&id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Row `row`'s text range in `data`.
    fn text(&self, row: usize) -> Range<usize> {
        let (start, end) = (
            self.field(row, self.width - 2),
            self.field(row, self.width - 1),
        );
        self.blob + start as usize..self.blob + end as usize
    }

    fn str(&self, row: usize) -> &str {
        // Checked on loading: the blob is UTF-8 and every range on character boundaries.
        std::str::from_utf8(&self.data[self.text(row)]).unwrap_or_default()
    }
}

/// Writes sorted `rows` (each the entry id and `extra` fields) and their texts as
/// [`Indexed`] reads them.
fn write_indexed<'a>(
    buf: &mut Vec<u8>,
    rows: impl ExactSizeIterator<Item = (u32, Vec<u32>, &'a [u8])>,
) {
    buf.extend_from_slice(&u32::try_from(rows.len()).unwrap_or(u32::MAX).to_le_bytes());
    let mut blob = Vec::new();
    for (entry, extra, text) in rows {
        buf.extend_from_slice(&entry.to_le_bytes());
        for v in extra {
            buf.extend_from_slice(&v.to_le_bytes());
        }
        let start = u32::try_from(blob.len()).unwrap_or(u32::MAX);
        blob.extend_from_slice(text);
        let end = u32::try_from(blob.len()).unwrap_or(u32::MAX);
        buf.extend_from_slice(&start.to_le_bytes());
        buf.extend_from_slice(&end.to_le_bytes());
    }
    buf.extend_from_slice(&blob);
}

/// The entries' notes: a checkpoint's, read in place, and those added after it.
#[derive(Clone, Debug, Default)]
pub(super) struct Notes {
    loaded: Option<Arc<Indexed>>,
    added: FxHashMap<EntryIx, Box<str>>,
}

impl Notes {
    /// The notes section `range` of `data`, for a store of `entries` entries.
    pub(super) fn load(data: &Arc<Vec<u8>>, range: Range<usize>, entries: usize) -> R<Self> {
        let bytes = data.get(range.clone()).ok_or("notes out of range")?;
        let mut c = Cursor { data: bytes, at: 0 };
        let table = Indexed::load(data, range.start, &mut c, 3, entries, None, |_| Ok(()))?;
        Ok(Self {
            loaded: Some(Arc::new(table)),
            added: FxHashMap::default(),
        })
    }

    pub(super) fn get(&self, id: EntryIx) -> Option<&str> {
        if let Some(note) = self.added.get(&id) {
            return Some(note);
        }
        let table = self.loaded.as_ref()?;
        table.find(id).map(|row| table.str(row))
    }

    pub(super) fn insert(&mut self, id: EntryIx, note: Box<str>) {
        self.added.insert(id, note);
    }

    /// Removes an added note (entries a checkpoint loaded are never removed).
    pub(super) fn remove(&mut self, id: EntryIx) {
        self.added.remove(&id);
    }

    /// Writes every note, by entry id, as [`Notes::load`] reads them.
    pub(super) fn write(&self, buf: &mut Vec<u8>) {
        let mut all: Vec<(u32, &str)> = Vec::new();
        if let Some(t) = &self.loaded {
            all.extend((0..t.n).map(|row| (t.field(row, 0), t.str(row))));
        }
        all.extend(self.added.iter().map(|(id, n)| (id.get() as u32, &**n)));
        all.sort_unstable_by_key(|(id, _)| *id);
        write_indexed(
            buf,
            all.into_iter()
                .map(|(id, n)| (id, Vec::new(), n.as_bytes())),
        );
    }
}

/// The entries' facts: a checkpoint's (their rows read in place, their texts read when first
/// needed, each checked as JSON where first written out or read typed, see
/// [`Facts::loaded`]), and those added after it.
#[derive(Clone, Default)]
pub(super) struct FactsTable {
    loaded: Option<Loaded>,
    added: FxHashMap<EntryIx, Facts>,
}

/// A checkpoint's facts: the rows, the tags, the texts.
#[derive(Clone)]
struct Loaded {
    rows: Arc<Indexed>,
    tags: Arc<[Arc<str>]>,
    texts: Arc<FactTexts>,
}

impl std::fmt::Debug for FactsTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FactsTable")
            .field("loaded", &self.loaded.as_ref().map(|l| l.rows.n))
            .field("added", &self.added.len())
            .finish()
    }
}

impl FactsTable {
    /// The facts section `range` of `data` (the tags, a count then each a `u32` length and
    /// the text; then the rows: entry, tag, text range in `texts`, which holds `texts_len`
    /// bytes), for `entries` entries.
    pub(super) fn load(
        data: &Arc<Vec<u8>>,
        range: Range<usize>,
        entries: usize,
        texts: Arc<FactTexts>,
        texts_len: usize,
    ) -> R<Self> {
        let bytes = data.get(range.clone()).ok_or("facts out of range")?;
        let mut c = Cursor { data: bytes, at: 0 };
        let n = c.len(5)?;
        let mut tags: Vec<Arc<str>> = Vec::with_capacity(n);
        for _ in 0..n {
            let span = c.span()?.get().ok_or("facts tag out of range")?;
            let tag = text(bytes, span);
            Facts::check_tag(&tag).map_err(|e| e.to_string())?;
            tags.push(tag);
        }
        let rows = Indexed::load(
            data,
            range.start,
            &mut c,
            4,
            entries,
            Some(texts_len),
            |row| {
                if (row[1] as usize) < tags.len() {
                    Ok(())
                } else {
                    Err(format!("facts tag {} out of range", row[1]))
                }
            },
        )?;
        Ok(Self {
            loaded: Some(Loaded {
                rows: Arc::new(rows),
                tags: tags.into(),
                texts,
            }),
            added: FxHashMap::default(),
        })
    }

    pub(super) fn get(&self, id: EntryIx) -> Option<Facts> {
        if let Some(f) = self.added.get(&id) {
            return Some(f.clone());
        }
        let l = self.loaded.as_ref()?;
        let row = l.rows.find(id)?;
        Some(self.loaded_row(l, row))
    }

    fn loaded_row(&self, l: &Loaded, row: usize) -> Facts {
        let tag = Arc::clone(&l.tags[l.rows.field(row, 1) as usize]);
        let (start, end) = (l.rows.field(row, 2), l.rows.field(row, 3));
        Facts::loaded(tag, &l.texts, start as usize..end as usize)
    }

    /// `Err` when the loaded facts' texts cannot be read.
    pub(super) fn readable(&self) -> R<()> {
        match &self.loaded {
            Some(l) => l.texts.readable(),
            None => Ok(()),
        }
    }

    pub(super) fn insert(&mut self, id: EntryIx, facts: Facts) {
        self.added.insert(id, facts);
    }

    /// Removes added facts (entries a checkpoint loaded are never removed).
    pub(super) fn remove(&mut self, id: EntryIx) {
        self.added.remove(&id);
    }

    /// Writes every entry's facts, by entry id, as [`FactsTable::load`] reads them: the
    /// rows to `buf`, the texts to `texts`. `Err` when a checkpoint's fact texts cannot be
    /// read (nothing is written then that would lose them).
    pub(super) fn write(&self, buf: &mut Vec<u8>, texts: &mut Vec<u8>) -> R<()> {
        let mut all: Vec<(u32, Facts)> = Vec::new();
        if let Some(l) = &self.loaded {
            for row in 0..l.rows.n {
                let facts = self.loaded_row(l, row);
                facts.readable().map_err(|e| e.to_string())?;
                all.push((l.rows.field(row, 0), facts));
            }
        }
        all.extend(
            self.added
                .iter()
                .map(|(id, f)| (id.get() as u32, f.clone())),
        );
        all.sort_unstable_by_key(|(id, _)| *id);
        let mut tags: Vec<&str> = Vec::new();
        let mut tag_of: FxHashMap<&str, u32> = FxHashMap::default();
        for (_, f) in &all {
            if !tag_of.contains_key(f.tag()) {
                tag_of.insert(f.tag(), tags.len() as u32);
                tags.push(f.tag());
            }
        }
        buf.extend_from_slice(&(tags.len() as u32).to_le_bytes());
        for t in &tags {
            buf.extend_from_slice(&(t.len() as u32).to_le_bytes());
            buf.extend_from_slice(t.as_bytes());
        }
        buf.extend_from_slice(&u32::try_from(all.len()).unwrap_or(u32::MAX).to_le_bytes());
        for (id, f) in &all {
            let start = u32::try_from(texts.len()).unwrap_or(u32::MAX);
            texts.extend_from_slice(f.json().as_bytes());
            let end = u32::try_from(texts.len()).unwrap_or(u32::MAX);
            for v in [*id, tag_of[f.tag()], start, end] {
                buf.extend_from_slice(&v.to_le_bytes());
            }
        }
        Ok(())
    }
}
