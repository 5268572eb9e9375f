//! Reading an importer's input for the csv crate one line at a time, so that no row can grow
//! without bound and a row cut off by the end of the input is told from a whole one.
//!
//! [`Lines`] sits between the input and the CSV reader. It hands the reader at most one line
//! per read (up to and including its `\n`), and the importer tells it where each row starts
//! ([`Lines::start_row`], between records). So it knows, at every read, how long the row
//! being read is: a row (one line, or the lines of a quoted field that spans lines) that
//! would grow past [`MAX_LINE_BYTES`] stops the read with an I/O error, and
//! [`Lines::too_long`] says which line and how long; the CSV reader never holds more than the
//! limit. An endless line (`/dev/zero`) or an endless quoted field stops after 1 MiB, in
//! bounded memory.
//!
//! It also remembers the end of the input: [`Lines::cut`] tells whether the record just read
//! is the input's last and has no line end of its own (a file cut off mid-row).

use std::io::{self, BufRead, Read};

/// The longest row an importer reads, in bytes, its last line end not counted: 1 MiB, some
/// 400 times the longest row of the SIPRI export or the Oryx files. A longer one stops the
/// import with an error naming its line ([`LineTooLong`]).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The bytes of a too-long line an error quotes.
const PREFIX_BYTES: usize = 32;

/// A line, or a row of several lines, longer than [`MAX_LINE_BYTES`]: not a row of the
/// format (a file of zeros, a binary file, a quote never closed). The import stops there,
/// having read at most the limit of it; the ledger is unchanged.
///
/// # Example
///
/// ```
/// use materiel::import::oryx::{self, Error, Options};
/// use materiel::import::MAX_LINE_BYTES;
/// use materiel::{Catalog, Ledger};
///
/// let mut csv = b"country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID\n".to_vec();
/// csv.resize(csv.len() + MAX_LINE_BYTES + 1, b'x');
/// let mut ledger = Ledger::new(Catalog::reference());
/// let err = oryx::import(&mut ledger, csv.as_slice(), &Options::new()).unwrap_err();
/// let Error::LineTooLong { error, .. } = &err else { panic!("{err}") };
/// assert_eq!(error.line, 2);
/// assert!(error.length > MAX_LINE_BYTES as u64);
/// assert_eq!(error.prefix, "x".repeat(32));
/// assert!(ledger.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "line {line}: a row longer than {limit} bytes, the most an importer reads (stopped after {length} bytes); it starts {prefix:?}",
    limit = MAX_LINE_BYTES
)]
#[non_exhaustive]
pub struct LineTooLong {
    /// The line (1-based) where the row starts.
    pub line: u64,
    /// The bytes of the row read before stopping: more than [`MAX_LINE_BYTES`] (the row may
    /// be longer still, or endless).
    pub length: u64,
    /// Its first bytes (at most 32; not UTF-8 replaced).
    pub prefix: String,
}

impl LineTooLong {
    pub(crate) fn new(line: u64, length: u64, bytes: &[u8]) -> Self {
        let prefix = &bytes[..bytes.len().min(PREFIX_BYTES)];
        Self {
            line,
            length,
            prefix: String::from_utf8_lossy(prefix).into_owned(),
        }
    }
}

/// Reads one line of at most `limit` bytes (its line end not counted) into `buf` (cleared
/// first), line end included: `Ok(0)` at the end of the input. `line` names it in the error.
pub(crate) fn read_line<R: BufRead>(
    input: &mut R,
    buf: &mut Vec<u8>,
    line: u64,
    limit: usize,
) -> Result<usize, ReadLineError> {
    buf.clear();
    let n = input
        .by_ref()
        .take(limit as u64 + 1)
        .read_until(b'\n', buf)
        .map_err(ReadLineError::Io)?;
    if n > limit && buf.last() != Some(&b'\n') {
        return Err(ReadLineError::TooLong(LineTooLong::new(
            line, n as u64, buf,
        )));
    }
    Ok(n)
}

/// Why [`read_line`] failed.
#[derive(Debug)]
pub(crate) enum ReadLineError {
    Io(io::Error),
    TooLong(LineTooLong),
}

/// The input of a CSV reader, handed out one line at a time, each row bounded (see the
/// module documentation).
pub(crate) struct Lines<R> {
    inner: R,
    /// The line of the next byte handed out (1-based, in the file).
    line: u64,
    /// Bytes handed out.
    handed: u64,
    /// The last of them.
    last: Option<u8>,
    /// The next byte handed out starts a line.
    at_line_start: bool,
    /// A read returned the end of the input.
    ended: bool,
    /// Bytes handed out before the current row.
    row_start: u64,
    /// The current row's first line with content, once handed out.
    row_line: Option<u64>,
    /// The current row's first bytes.
    prefix: Vec<u8>,
    /// The row that went over the limit, once one has.
    too_long: Option<LineTooLong>,
}

impl<R> Lines<R> {
    /// The input `inner`, whose first byte is on line `first_line` of the file.
    pub(crate) fn new(inner: R, first_line: u64) -> Self {
        Self {
            inner,
            line: first_line,
            handed: 0,
            last: None,
            at_line_start: true,
            ended: false,
            row_start: 0,
            row_line: None,
            prefix: Vec::with_capacity(PREFIX_BYTES),
            too_long: None,
        }
    }

    /// A row starts at byte `position` of what was handed out (the CSV reader's position
    /// between records).
    pub(crate) fn start_row(&mut self, position: u64) {
        self.row_start = position.min(self.handed);
        self.row_line = None;
        self.prefix.clear();
    }

    /// The line (1-based, in the file) where the row just read starts: its first line with
    /// content. (The CSV reader's own record position counts from before the blank lines it
    /// skipped, one line early per blank line.)
    pub(crate) fn row_line(&self) -> Option<u64> {
        self.row_line
    }

    /// The row that went over [`MAX_LINE_BYTES`], when a read failed for that.
    pub(crate) fn too_long(&self) -> Option<&LineTooLong> {
        self.too_long.as_ref()
    }

    /// True when `record`, which ends at `consumed` (the CSV reader's byte position after
    /// it), is the input's last and no line end (`\n`) of its own follows it.
    ///
    /// Only a record after which the whole input is consumed, and which the reader finished
    /// after reaching the end of the input, can be the last. Between records the CSV reader
    /// skips nothing but `\n`, so an input whose last byte is not one ends inside that
    /// record (a CRLF cut after its `\r` included). An input whose last byte is `\n` can
    /// still end inside a quoted field (`...,"No` and a line break, cut before the closing
    /// quote): the field then ends with that `\n`, which an unquoted field never does.
    pub(crate) fn cut(&self, consumed: u64, record: &csv::ByteRecord) -> bool {
        self.ended
            && consumed == self.handed
            && (self.last != Some(b'\n')
                || record
                    .iter()
                    .next_back()
                    .is_some_and(|f| f.last() == Some(&b'\n')))
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.too_long.is_some() {
            return Err(too_long_error());
        }
        let available = self.inner.fill_buf()?;
        if available.is_empty() {
            self.ended = true;
            return Ok(0);
        }
        let available = &available[..available.len().min(buf.len())];
        let n = memchr::memchr(b'\n', available).map_or(available.len(), |i| i + 1);
        let piece = &available[..n];
        let ends_line = piece.last() == Some(&b'\n');
        let content = &piece[..n - usize::from(ends_line)];
        if self.row_line.is_none() && self.at_line_start && !content.is_empty() {
            self.row_line = Some(self.line);
        }
        if self.row_line.is_some() && self.prefix.len() < PREFIX_BYTES {
            let more = content.len().min(PREFIX_BYTES - self.prefix.len());
            self.prefix.extend_from_slice(&content[..more]);
        }
        let row_len = self.handed - self.row_start + content.len() as u64;
        if row_len > MAX_LINE_BYTES as u64 {
            let line = self.row_line.unwrap_or(self.line);
            self.too_long = Some(LineTooLong::new(line, row_len, &self.prefix));
            return Err(too_long_error());
        }
        buf[..n].copy_from_slice(piece);
        self.inner.consume(n);
        self.handed += n as u64;
        self.last = Some(buf[n - 1]);
        self.at_line_start = ends_line;
        self.line += u64::from(ends_line);
        Ok(n)
    }
}

fn too_long_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("a row longer than {MAX_LINE_BYTES} bytes"),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Reads `input` through [`Lines`] as the importers do, returning each record's first
    /// line, or the error's line and length.
    fn rows(input: &[u8], limit_check: bool) -> Result<Vec<u64>, (u64, u64)> {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(Lines::new(input, 1));
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        loop {
            let pos = csv.position().byte();
            csv.get_mut().start_row(pos);
            match csv.read_byte_record(&mut record) {
                Ok(true) => out.push(csv.get_ref().row_line().unwrap()),
                Ok(false) => return Ok(out),
                Err(_) => {
                    let t = csv.get_ref().too_long().unwrap();
                    assert!(limit_check);
                    assert!(t.length > MAX_LINE_BYTES as u64);
                    return Err((t.line, t.length));
                }
            }
        }
    }

    #[test]
    fn rows_up_to_the_limit_pass_and_longer_ones_name_their_line() {
        let long = |n: usize| vec![b'a'; n];
        let mut input = b"h\n\nx,y\r\n".to_vec();
        input.extend(long(MAX_LINE_BYTES));
        input.extend(b"\nlast\n");
        assert_eq!(rows(&input, false), Ok(vec![1, 3, 4, 5]));

        let mut input = b"h\n\nx,y\r\n".to_vec();
        input.extend(long(MAX_LINE_BYTES + 1));
        input.extend(b"\nlast\n");
        let (line, length) = rows(&input, true).unwrap_err();
        assert_eq!(line, 4);
        assert!(length <= MAX_LINE_BYTES as u64 + 64 * 1024);

        // A quoted field that never closes: short lines, one endless row.
        let mut input = b"h\n\"open".to_vec();
        for _ in 0..(MAX_LINE_BYTES / 8) {
            input.extend(b"\nabcdef,");
        }
        assert_eq!(rows(&input, true).unwrap_err().0, 2);
    }

    #[test]
    fn endless_input_stops_at_the_limit() {
        let zeros = io::BufReader::new(io::repeat(0));
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(Lines::new(zeros, 7));
        let mut record = csv::ByteRecord::new();
        assert!(csv.read_byte_record(&mut record).is_err());
        let t = csv.get_ref().too_long().unwrap();
        assert_eq!((t.line, t.prefix.as_str()), (7, "\0".repeat(32).as_str()));
    }

    #[test]
    fn read_line_is_bounded() {
        let mut buf = Vec::new();
        let mut input: &[u8] = b"abc\nabcd\nabc";
        assert_eq!(read_line(&mut input, &mut buf, 1, 3).unwrap(), 4);
        assert!(matches!(
            read_line(&mut input, &mut buf, 2, 3),
            Err(ReadLineError::TooLong(LineTooLong {
                line: 2,
                length: 4,
                ..
            }))
        ));
        let mut input: &[u8] = b"abc";
        assert_eq!(read_line(&mut input, &mut buf, 1, 3).unwrap(), 3);
        let mut endless = io::BufReader::new(io::repeat(b'z'));
        assert!(matches!(
            read_line(&mut endless, &mut buf, 9, 100),
            Err(ReadLineError::TooLong(LineTooLong {
                line: 9,
                length: 101,
                ..
            }))
        ));
    }
}
