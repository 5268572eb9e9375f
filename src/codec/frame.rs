//! Checksummed JSON Lines frames: the bottom layer of the journal, knowing nothing of entries
//! or ledgers.
//!
//! A *frame* is one line `{"crc32c":"<8 lowercase hex>","<key>":<payload>}` where the checksum
//! is the CRC-32C (Castagnoli) of exactly the payload bytes, so it is checked without parsing
//! or re-encoding the payload. A *framed file* is a header frame (line 1, under its own key)
//! followed by body frames, each ending in `\n`.
//!
//! * [`write`] frames a payload, [`verify`] checks a line and returns its payload.
//! * [`FrameReader`] is the streaming, push-based reader: it hands every intact line's payload
//!   to its caller as soon as the line's newline arrives, and classifies damage: a damaged
//!   region that reaches the end of the input with no intact frame in it is a torn tail
//!   ([`TornTail`]); damage followed by an intact frame is an error ([`Damage`]); the header
//!   is never torn.
//!
//! What a payload means (a journal header, an entry) is the caller's business: the journal
//! ([`super::JournalReader`]) and the snapshots ([`super::snapshot`]) sit on top.

/// The start of every frame.
pub(crate) const PREFIX: &[u8] = b"{\"crc32c\":\"";

/// CRC-32C (Castagnoli) of `data`, as used by iSCSI and ext4 (hardware-accelerated by the
/// `crc32c` crate where the CPU has it).
pub(crate) fn crc32c(data: &[u8]) -> u32 {
    crc32c::crc32c(data)
}

/// The CRC-32C of the bytes whose CRC-32C is `crc`, followed by `data`.
pub(crate) fn crc32c_append(crc: u32, data: &[u8]) -> u32 {
    crc32c::crc32c_append(crc, data)
}

/// Parses a checksum written as 8 lowercase hex digits.
pub(crate) fn parse_crc(hex: &[u8]) -> Option<u32> {
    if hex.len() != 8 {
        return None;
    }
    let mut crc = 0u32;
    for &h in hex {
        let digit = match h {
            b'0'..=b'9' => h - b'0',
            b'a'..=b'f' => h - b'a' + 10,
            _ => return None,
        };
        crc = (crc << 4) | u32::from(digit);
    }
    Some(crc)
}

/// The frame of `payload` under `key`, newline included.
pub(crate) fn write(key: &str, payload: &[u8]) -> Vec<u8> {
    let mut line = Vec::with_capacity(payload.len() + key.len() + 28);
    line.extend_from_slice(PREFIX);
    line.extend_from_slice(format!("{:08x}", crc32c(payload)).as_bytes());
    line.extend_from_slice(b"\",\"");
    line.extend_from_slice(key.as_bytes());
    line.extend_from_slice(b"\":");
    line.extend_from_slice(payload);
    line.extend_from_slice(b"}\n");
    line
}

/// Why a line is not an intact frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Defect {
    /// Not in the frame layout.
    Malformed(String),
    /// The payload does not match the checksum written in the line.
    Checksum {
        /// The checksum in the line.
        stored: u32,
        /// The payload's.
        computed: u32,
    },
    /// Longer than the reader's line limit.
    TooLong {
        /// The limit in bytes, newline excluded.
        limit: usize,
    },
}

impl Defect {
    /// The defect in words.
    pub(crate) fn reason(&self) -> String {
        match self {
            Self::Malformed(reason) => reason.clone(),
            Self::Checksum { stored, computed } => {
                format!("checksum mismatch: line says {stored:08x}, payload has {computed:08x}")
            }
            Self::TooLong { limit } => format!("longer than the line limit of {limit} bytes"),
        }
    }
}

/// Checks that `line` (newline excluded) is a frame under `key` whose checksum verifies, and
/// returns its payload.
pub(crate) fn verify<'a>(line: &'a [u8], key: &str) -> Result<&'a [u8], Defect> {
    let bad = |s: &str| Defect::Malformed(s.to_owned());
    let rest = line
        .strip_prefix(PREFIX)
        .ok_or_else(|| bad("does not start with {\"crc32c\":\""))?;
    if rest.len() < 8 {
        return Err(bad("truncated checksum"));
    }
    let (hex, rest) = rest.split_at(8);
    let stored = parse_crc(hex).ok_or_else(|| bad("checksum is not 8 lowercase hex digits"))?;
    let expected = || Defect::Malformed(format!("expected \",\"{key}\": after the checksum"));
    let rest = rest
        .strip_prefix(b"\",\"")
        .and_then(|r| r.strip_prefix(key.as_bytes()))
        .and_then(|r| r.strip_prefix(b"\":"))
        .ok_or_else(expected)?;
    let payload = rest
        .strip_suffix(b"}")
        .ok_or_else(|| bad("does not end with }"))?;
    let computed = crc32c(payload);
    if computed != stored {
        return Err(Defect::Checksum { stored, computed });
    }
    Ok(payload)
}

/// Where a line is: its number from 1 (the header is line 1) and the offset of its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pos {
    /// The line number, from 1.
    pub(crate) line: u64,
    /// Where the line starts.
    pub(crate) offset: u64,
}

/// A damaged line that cannot be part of a torn tail: the header, or a line with an intact
/// frame after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Damage {
    /// The damaged line.
    pub(crate) pos: Pos,
    /// What is wrong with it.
    pub(crate) defect: Defect,
}

/// Why reading stopped: damage, or the caller refused a payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ReadError<E> {
    /// Damage that is not a torn tail.
    Damaged(Damage),
    /// The caller's error for the payload of the line at `Pos`.
    Rejected(E),
}

/// Damage that reached the end of the input with no intact frame in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TornTail {
    /// Its first line.
    pub(crate) pos: Pos,
    /// Its length in bytes, to the end of the input.
    pub(crate) bytes: u64,
    /// Why its first line is not intact.
    pub(crate) reason: String,
}

/// The end of a framed input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ending {
    /// The length of the intact prefix (header and body frames, newlines included).
    pub(crate) intact_bytes: u64,
    /// The torn tail after it, if any.
    pub(crate) torn: Option<TornTail>,
}

/// A push-based reader of a framed file: feed it bytes in chunks of any size, then finish it.
///
/// It holds at most one line (up to the limit; twice that while scanning a damaged region).
/// The result does not depend on how the input is split into chunks.
#[derive(Clone, Debug)]
pub(crate) struct FrameReader {
    header_key: &'static str,
    key: &'static str,
    limit: usize,
    /// Complete lines taken (the header included).
    lines: u64,
    /// Bytes of those lines: the intact prefix.
    offset: u64,
    /// The current line so far, without newline.
    partial: Vec<u8>,
    /// The damaged region being scanned, once a line was not intact.
    tail: Option<Tail>,
}

/// A damaged region, from the first line that is not intact to the end of the input so far.
#[derive(Clone, Debug)]
struct Tail {
    /// Its first line, returned as an error if an intact frame turns up.
    damage: Damage,
    /// The region's length so far.
    bytes: u64,
    /// The last bytes of the region's current line: at least the last `limit` (or all of
    /// them), at most twice that.
    window: Vec<u8>,
}

/// Whether `line` (newline excluded) ends with a whole frame under `key` whose checksum
/// verifies, starting anywhere in it.
fn ends_with_valid_frame(line: &[u8], key: &str) -> bool {
    let mut from = 0;
    while let Some(i) = line[from..].windows(PREFIX.len()).position(|w| w == PREFIX) {
        if verify(&line[from + i..], key).is_ok() {
            return true;
        }
        from += i + 1;
    }
    false
}

impl FrameReader {
    /// A reader of a file whose header is framed under `header_key` and whose other lines are
    /// framed under `key`, with lines up to `limit` bytes (newline excluded).
    pub(crate) fn new(header_key: &'static str, key: &'static str, limit: usize) -> Self {
        Self {
            header_key,
            key,
            limit,
            lines: 0,
            offset: 0,
            partial: Vec::new(),
            tail: None,
        }
    }

    /// A reader that takes up a file after its first `lines` complete lines (the header
    /// included, so `lines >= 1`), which end at byte `offset`: what a journal checkpoint
    /// covers.
    pub(crate) fn resume(
        header_key: &'static str,
        key: &'static str,
        limit: usize,
        lines: u64,
        offset: u64,
    ) -> Self {
        Self {
            lines,
            offset,
            ..Self::new(header_key, key, limit)
        }
    }

    /// The length of the complete, intact lines fed so far.
    pub(crate) fn intact_bytes(&self) -> u64 {
        self.offset
    }

    fn here(&self) -> Pos {
        Pos {
            line: self.lines + 1,
            offset: self.offset,
        }
    }

    /// Takes the next chunk: every intact line's payload goes to `on_line` with its position,
    /// as soon as its newline arrives (the header's too, at line 1). Once an error is returned
    /// the reader must not be fed again.
    pub(crate) fn feed<E>(
        &mut self,
        mut data: &[u8],
        mut on_line: impl FnMut(Pos, &[u8]) -> Result<(), E>,
    ) -> Result<(), ReadError<E>> {
        while !data.is_empty() {
            if self.tail.is_some() {
                return self.feed_tail(data).map_err(ReadError::Damaged);
            }
            let newline = data.iter().position(|&b| b == b'\n');
            let taken = newline.unwrap_or(data.len());
            if self.partial.len() + taken > self.limit {
                let defect = Defect::TooLong { limit: self.limit };
                self.start_tail(defect).map_err(ReadError::Damaged)?;
                return self.feed_tail(data).map_err(ReadError::Damaged);
            }
            let Some(i) = newline else {
                self.partial.extend_from_slice(data);
                return Ok(());
            };
            let mut line = std::mem::take(&mut self.partial);
            line.extend_from_slice(&data[..i]);
            let key = if self.lines == 0 {
                self.header_key
            } else {
                self.key
            };
            match verify(&line, key) {
                Ok(payload) => {
                    on_line(self.here(), payload).map_err(ReadError::Rejected)?;
                    self.lines += 1;
                    self.offset += line.len() as u64 + 1;
                    line.clear();
                    self.partial = line;
                    data = &data[i + 1..];
                }
                Err(defect) => {
                    // The line goes to the tail, which then takes its newline.
                    self.partial = line;
                    self.start_tail(defect).map_err(ReadError::Damaged)?;
                    data = &data[i..];
                }
            }
        }
        Ok(())
    }

    /// Starts a damaged region at the current line (whose bytes so far are in `partial`).
    fn start_tail(&mut self, defect: Defect) -> Result<(), Damage> {
        let damage = Damage {
            pos: self.here(),
            defect,
        };
        if self.lines == 0 {
            // The header is never a torn tail: it is on stable storage before the file is.
            return Err(damage);
        }
        let partial = std::mem::take(&mut self.partial);
        self.tail = Some(Tail {
            damage,
            bytes: 0,
            window: Vec::new(),
        });
        self.feed_tail(&partial)
    }

    /// Scans damaged bytes: an intact frame among them makes the damage an error.
    fn feed_tail(&mut self, mut data: &[u8]) -> Result<(), Damage> {
        let (limit, key) = (self.limit, self.key);
        let Some(tail) = self.tail.as_mut() else {
            return Ok(());
        };
        while !data.is_empty() {
            let newline = data.iter().position(|&b| b == b'\n');
            let segment = &data[..newline.unwrap_or(data.len())];
            if segment.len() >= limit {
                tail.window.clear();
                tail.window
                    .extend_from_slice(&segment[segment.len() - limit..]);
            } else {
                tail.window.extend_from_slice(segment);
                if tail.window.len() > 2 * limit {
                    tail.window.drain(..tail.window.len() - limit);
                }
            }
            tail.bytes += segment.len() as u64;
            data = &data[segment.len()..];
            if newline.is_some() {
                tail.bytes += 1;
                data = &data[1..];
                let window = &tail.window[tail.window.len().saturating_sub(limit)..];
                if ends_with_valid_frame(window, key) {
                    return Err(tail.damage.clone());
                }
                tail.window.clear();
            }
        }
        Ok(())
    }

    /// Ends the input: a damaged region or an unterminated final line that reached the end
    /// without an intact frame after it is a torn tail.
    ///
    /// # Errors
    ///
    /// [`Damage`] at line 1 when the input ended before a complete header (`"empty file"`,
    /// `"no trailing newline"` or the header's defect).
    pub(crate) fn finish(self) -> Result<Ending, Damage> {
        let pos = self.here();
        if self.lines == 0 {
            let defect = if self.partial.is_empty() {
                Defect::Malformed("empty file".into())
            } else {
                match verify(&self.partial, self.header_key) {
                    Ok(_) => Defect::Malformed("no trailing newline".into()),
                    Err(defect) => defect,
                }
            };
            return Err(Damage { pos, defect });
        }
        let torn = if let Some(tail) = self.tail {
            Some(TornTail {
                pos,
                bytes: tail.bytes,
                reason: tail.damage.defect.reason(),
            })
        } else if !self.partial.is_empty() {
            let reason = match verify(&self.partial, self.key) {
                Ok(_) => {
                    "no trailing newline (the line checks, but its append never completed)".into()
                }
                Err(defect) => format!("no trailing newline, {}", defect.reason()),
            };
            Some(TornTail {
                pos,
                bytes: self.partial.len() as u64,
                reason,
            })
        } else {
            None
        };
        Ok(Ending {
            intact_bytes: self.offset,
            torn,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` fed in chunks of `chunk` bytes, collecting the payloads.
    fn read(input: &[u8], chunk: usize) -> (Vec<String>, Result<Ending, ReadError<()>>) {
        let mut reader = FrameReader::new("h", "p", 256);
        let mut payloads = Vec::new();
        for piece in input.chunks(chunk.max(1)) {
            let fed = reader.feed(piece, |_, payload| {
                payloads.push(String::from_utf8_lossy(payload).into_owned());
                Ok(())
            });
            if let Err(e) = fed {
                return (payloads, Err(e));
            }
        }
        (payloads, reader.finish().map_err(ReadError::Damaged))
    }

    fn file(body: &[&str]) -> Vec<u8> {
        let mut out = write("h", b"{\"v\":1}");
        for payload in body {
            out.extend(write("p", payload.as_bytes()));
        }
        out
    }

    #[test]
    fn crc32c_check_value() {
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(b""), 0);
        assert_eq!(crc32c_append(crc32c(b"1234"), b"56789"), 0xE306_9283);
    }

    #[test]
    fn a_frame_round_trips_and_its_layout_is_fixed() {
        let line = write("p", b"[1,2]");
        assert_eq!(line, b"{\"crc32c\":\"5d9c1c85\",\"p\":[1,2]}\n");
        let body = &line[..line.len() - 1];
        assert_eq!(verify(body, "p"), Ok(&b"[1,2]"[..]));
        assert!(matches!(verify(body, "q"), Err(Defect::Malformed(_))));
        let upper = String::from_utf8_lossy(body).replace("5d9c1c85", "5D9C1C85");
        assert!(matches!(
            verify(upper.as_bytes(), "p"),
            Err(Defect::Malformed(_))
        ));
        let edited = String::from_utf8_lossy(body).replace("[1,2]", "[1,3]");
        assert!(matches!(
            verify(edited.as_bytes(), "p"),
            Err(Defect::Checksum {
                stored: 0x5d9c_1c85,
                ..
            })
        ));
        assert!(verify(b"{\"crc32c\":\"6d7e", "p").is_err());
    }

    #[test]
    fn payloads_arrive_in_order_whatever_the_chunking() {
        let input = file(&["1", "\"two\"", "{\"three\":3}"]);
        for chunk in [1, 2, 7, 64, input.len()] {
            let (payloads, end) = read(&input, chunk);
            assert_eq!(payloads, ["{\"v\":1}", "1", "\"two\"", "{\"three\":3}"]);
            let end = end.expect("intact");
            assert_eq!(end.intact_bytes, input.len() as u64);
            assert_eq!(end.torn, None);
        }
    }

    #[test]
    fn a_cut_last_line_is_a_torn_tail() {
        let input = file(&["1", "2"]);
        let intact = file(&["1"]).len();
        for cut in intact + 1..input.len() {
            let (payloads, end) = read(&input[..cut], 5);
            assert_eq!(payloads.len(), 2, "cut at {cut}");
            let torn = end.expect("torn tail").torn.expect("torn");
            assert_eq!(
                torn.pos,
                Pos {
                    line: 3,
                    offset: intact as u64
                }
            );
            assert_eq!(torn.bytes, (cut - intact) as u64);
        }
    }

    #[test]
    fn zeros_and_over_long_garbage_at_the_end_are_a_torn_tail() {
        let mut input = file(&["1"]);
        let intact = input.len() as u64;
        input.extend(std::iter::repeat_n(0u8, 1000));
        input.extend(b"\ngarbage\n");
        let end = read(&input, 100).1.expect("torn tail");
        let torn = end.torn.expect("torn");
        assert_eq!((torn.pos.line, torn.pos.offset), (3, intact));
        assert_eq!(torn.bytes, input.len() as u64 - intact);
        assert_eq!(torn.reason, "longer than the line limit of 256 bytes");
    }

    #[test]
    fn damage_followed_by_an_intact_frame_is_an_error() {
        let good = file(&["1", "2", "3"]);
        let second = file(&["1"]).len();
        // A flipped payload byte in line 3, then the intact line 4.
        let mut flipped = good.clone();
        flipped[second + 25] ^= 1;
        let (_, end) = read(&flipped, 3);
        assert!(matches!(
            end,
            Err(ReadError::Damaged(Damage {
                pos: Pos { line: 3, .. },
                defect: Defect::Checksum { .. }
            }))
        ));
        // The newline ending line 3 damaged: lines 3 and 4 run together, and 4 still checks.
        let newline = file(&["1", "2"]).len() - 1;
        let mut merged = good.clone();
        merged[newline] = b'x';
        let (_, end) = read(&merged, 1000);
        assert!(
            matches!(
                &end,
                Err(ReadError::Damaged(Damage {
                    pos: Pos { line: 3, .. },
                    ..
                }))
            ),
            "{end:?}"
        );
    }

    #[test]
    fn the_header_is_never_torn() {
        for input in [
            &b""[..],
            b"\n",
            b"{}\n",
            b"garbage",
            b"{\"crc32c\":\"00000000\",\"h\":1}\n",
        ] {
            let (_, end) = read(input, 4);
            assert!(
                matches!(
                    &end,
                    Err(ReadError::Damaged(Damage {
                        pos: Pos { line: 1, offset: 0 },
                        ..
                    }))
                ),
                "{end:?}"
            );
        }
        let header = write("h", b"1");
        let (_, end) = read(&header[..header.len() - 1], 4);
        assert_eq!(
            end.map_err(|e| format!("{e:?}")).expect_err("unterminated"),
            format!(
                "{:?}",
                ReadError::<()>::Damaged(Damage {
                    pos: Pos { line: 1, offset: 0 },
                    defect: Defect::Malformed("no trailing newline".into())
                })
            )
        );
    }

    #[test]
    fn a_refused_payload_stops_the_reader_at_its_line() {
        let input = file(&["1", "2"]);
        let mut reader = FrameReader::new("h", "p", 256);
        let err = reader
            .feed(
                &input,
                |pos, payload| if payload == b"2" { Err(pos) } else { Ok(()) },
            )
            .expect_err("refused");
        let second = file(&["1"]).len() as u64;
        assert_eq!(
            err,
            ReadError::Rejected(Pos {
                line: 3,
                offset: second
            })
        );
    }
}
