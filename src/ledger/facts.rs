//! What an importer keeps about an entry beyond what a [`Change`](super::Change) says:
//! [`Facts`], a source tag and the source's own JSON value, carried by
//! [`NewEntry::with_facts`](super::NewEntry::with_facts) and read back typed with
//! [`NewEntry::facts_as`](super::NewEntry::facts_as) (an [`Entry`](super::Entry) derefs to it).
//!
//! The ledger stores facts as it stores notes (a side table, not in the entry record), keeps
//! them in journals, snapshots and checkpoints, and **never reads them**: to the ledger the
//! value is opaque JSON, kept byte for byte. Each importer owns its schema, a type
//! implementing [`FactSchema`] (SIPRI's is
//! [`import::sipri::SipriDeal`](crate::import::sipri::SipriDeal)), so a new source adds a type
//! of its own and nothing in the ledger changes.
//!
//! Facts read from JSON hold their text. Facts an importer of this crate makes hold its typed
//! value until they are written (a journal line, a snapshot, a checkpoint), so an import
//! pays no JSON writing for entries that are never written, and reading them back typed is a
//! copy; either way they behave as their JSON text. Facts are shared, not copied, when an
//! entry is cloned.

use std::any::Any;
use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::de::{self, DeserializeOwned};
use serde_json::value::RawValue;

/// The longest source tag, in bytes.
const MAX_TAG: usize = 32;

/// A source's schema of facts: the type an importer stores with [`Facts::new`] and reads
/// back with [`Facts::get`] or [`NewEntry::facts_as`](super::NewEntry::facts_as).
///
/// Its serde form is the facts' JSON value, under the tag [`FactSchema::TAG`]: keep that form
/// stable (journals hold it), and refuse unknown fields, so that a misspelt key is an error
/// rather than a value quietly dropped.
///
/// # Example
///
/// ```
/// use materiel::ledger::{FactSchema, Facts};
///
/// #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Sighting {
///     registration: String,
/// }
/// impl FactSchema for Sighting {
///     const TAG: &'static str = "sighting";
/// }
///
/// let facts = Facts::new(&Sighting { registration: "RA-78765".into() })?;
/// assert_eq!(facts.tag(), "sighting");
/// assert_eq!(facts.json(), r#"{"registration":"RA-78765"}"#);
/// assert_eq!(facts.get::<Sighting>()?, Some(Sighting { registration: "RA-78765".into() }));
/// # Ok::<(), materiel::ledger::FactsError>(())
/// ```
pub trait FactSchema: serde::Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    /// The source tag its facts carry: 1 to 32 ASCII lowercase letters, digits and `_`,
    /// starting with a letter (`sipri`).
    const TAG: &'static str;
}

/// What an importer knows about an entry beyond its change: a source tag (`sipri`) and a
/// JSON value in the source's own schema, which the ledger keeps and never reads.
///
/// Its JSON form (in entries, journals and snapshots) is an object of one key, the tag, whose
/// value is the facts' JSON as it was written: `{"sipri":{"deal":33019,...}}`. Two facts are
/// equal when their tags and their JSON texts are.
///
/// # Example
///
/// ```
/// use materiel::ledger::Facts;
///
/// let facts = Facts::from_json("sipri", r#"{"deal":33019,"designation":"Su-30MK"}"#)?;
/// assert_eq!(facts.tag(), "sipri");
/// assert_eq!(
///     serde_json::to_string(&facts).unwrap(),
///     r#"{"sipri":{"deal":33019,"designation":"Su-30MK"}}"#
/// );
/// // A tag is a short lowercase name; the value is JSON.
/// assert!(Facts::from_json("SIPRI", "{}").is_err());
/// assert!(Facts::from_json("sipri", "{deal:1}").is_err());
/// # Ok::<(), materiel::ledger::FactsError>(())
/// ```
#[derive(Clone)]
pub struct Facts(Arc<dyn Repr>);

/// What facts hold behind the ledger's back: a tag and a value that can write itself as JSON
/// and be handed back to its schema, nothing else. Either JSON text ([`Json`]) or an
/// importer's typed value not yet written ([`Typed`]).
trait Repr: Send + Sync {
    fn tag(&self) -> &str;
    /// The value's JSON text.
    fn text(&self) -> Cow<'_, str>;
    /// `Err` when the text cannot be read (only a checkpoint's, see [`FactTexts`]).
    fn readable(&self) -> Result<(), FactsError> {
        Ok(())
    }
    /// The text, read alone when it is a checkpoint's whose texts are not read yet (not
    /// checked against their checksum: for comparing with text checked otherwise).
    fn peek(&self) -> Result<Cow<'_, str>, String> {
        Ok(self.text())
    }
    /// The value as JSON, checked.
    fn to_raw(&self) -> Result<Cow<'_, RawValue>, FactsError>;
    fn as_any(&self) -> &dyn Any;
}

/// Facts read from JSON, kept as written.
struct Json {
    tag: Box<str>,
    raw: Box<RawValue>,
}

impl Repr for Json {
    fn tag(&self) -> &str {
        &self.tag
    }
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.raw.get())
    }
    fn to_raw(&self) -> Result<Cow<'_, RawValue>, FactsError> {
        Ok(Cow::Borrowed(&self.raw))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Facts made by one of this crate's importers, written as JSON when the entry is.
struct Typed<T>(T);

impl<T: FactSchema> Repr for Typed<T> {
    fn tag(&self) -> &str {
        T::TAG
    }
    fn text(&self) -> Cow<'_, str> {
        match self.to_raw() {
            Ok(raw) => Cow::Owned(String::from(Box::<str>::from(raw.into_owned()))),
            Err(_) => unreachable!("the crate's fact schemas write as JSON"),
        }
    }
    fn to_raw(&self) -> Result<Cow<'_, RawValue>, FactsError> {
        // Only `Facts::typed` makes one, for schemas whose writing cannot fail.
        Ok(Cow::Owned(
            serde_json::value::to_raw_value(&self.0)
                .expect("the crate's fact schemas write as JSON"),
        ))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Facts loaded from a checkpoint: the text the checkpoint holds (UTF-8, checked on loading),
/// which was the JSON of facts when it was written, left where it is in the checkpoint's
/// bytes (shared by every fact loaded from them, and kept as long as one is). Checking that it
/// is JSON, and copying it, were most of the cost of loading a checkpoint, and the ledger
/// never reads facts, so it is checked when the facts are first written out or read typed;
/// text that is not JSON (a forged checkpoint) is then an error there
/// ([`FactsError::Value`]).
struct Unchecked {
    tag: Arc<str>,
    texts: Arc<FactTexts>,
    /// The value's bytes in the texts.
    range: Range<usize>,
}

impl Unchecked {
    /// The value's text; `Err` when the checkpoint's texts cannot be read (I/O error, or
    /// they fail their checksum) or the value is not UTF-8.
    fn str(&self) -> Result<&str, String> {
        let (bytes, at) = self.texts.bytes()?;
        let text = bytes
            .get(at.start + self.range.start..at.start + self.range.end)
            .ok_or("out of the checkpoint's fact texts")?;
        std::str::from_utf8(text).map_err(|e| e.to_string())
    }
    fn error(&self, message: String) -> FactsError {
        FactsError::Value {
            tag: self.tag.to_string(),
            message,
        }
    }
}

impl Repr for Unchecked {
    fn tag(&self) -> &str {
        &self.tag
    }
    fn text(&self) -> Cow<'_, str> {
        // Empty when unreadable: `readable` and `to_raw` say why, and every reader that
        // writes facts out or reads them typed goes through one of them.
        Cow::Borrowed(self.str().unwrap_or_default())
    }
    fn readable(&self) -> Result<(), FactsError> {
        self.str().map(|_| ()).map_err(|e| self.error(e))
    }
    fn peek(&self) -> Result<Cow<'_, str>, String> {
        if self.texts.bytes.get().is_some() {
            return self.str().map(Cow::Borrowed);
        }
        let bytes = self.texts.read_alone(self.range.clone())?;
        String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|e| e.to_string())
    }
    fn to_raw(&self) -> Result<Cow<'_, RawValue>, FactsError> {
        let text = self.str().map_err(|e| self.error(e))?;
        RawValue::from_string(text.to_owned())
            .map(Cow::Owned)
            .map_err(|e| self.error(e.to_string()))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A checkpoint's fact texts (its last section): in memory, or left in its file and read on
/// first use, when an answer reads facts (most never do: the ledger never reads them), and
/// checked against the section's CRC-32C then.
pub(crate) struct FactTexts {
    file: Option<TextsInFile>,
    bytes: OnceLock<Result<Bytes, String>>,
}

/// Bytes and the range of them that holds the texts.
type Bytes = (Arc<Vec<u8>>, Range<usize>);

/// Where a checkpoint file keeps its fact texts.
struct TextsInFile {
    file: File,
    offset: u64,
    len: usize,
    crc: u32,
}

impl FactTexts {
    /// Texts at `range` of `bytes`, checked already.
    pub(crate) fn in_memory(bytes: &Arc<Vec<u8>>, range: Range<usize>) -> Self {
        Self {
            file: None,
            bytes: OnceLock::from(Ok((Arc::clone(bytes), range))),
        }
    }

    /// Texts left in `file`: `len` bytes at `offset`, whose CRC-32C is `crc`.
    pub(crate) fn in_file(file: File, offset: u64, len: usize, crc: u32) -> Self {
        Self {
            file: Some(TextsInFile {
                file,
                offset,
                len,
                crc,
            }),
            bytes: OnceLock::new(),
        }
    }

    /// `Err` when the texts cannot be read (read, and checked, now if not yet).
    pub(crate) fn readable(&self) -> Result<(), String> {
        self.bytes().map(|_| ())
    }

    /// The bytes `range` of the texts, read alone from the file (nothing kept, no checksum
    /// checked).
    fn read_alone(&self, range: Range<usize>) -> Result<Vec<u8>, String> {
        let Some(f) = &self.file else {
            return Err("no fact texts".to_owned());
        };
        if range.end > f.len || range.start > range.end {
            return Err("out of the checkpoint's fact texts".to_owned());
        }
        let mut buf = vec![0; range.len()];
        let mut file = &f.file;
        file.seek(SeekFrom::Start(f.offset + range.start as u64))
            .and_then(|_| file.read_exact(&mut buf))
            .map_err(|e| format!("the checkpoint's fact texts cannot be read: {e}"))?;
        Ok(buf)
    }

    fn bytes(&self) -> Result<(&Arc<Vec<u8>>, Range<usize>), String> {
        let read = self.bytes.get_or_init(|| {
            let Some(f) = &self.file else {
                return Err("no fact texts".to_owned());
            };
            let mut buf = vec![0; f.len];
            let mut file = &f.file;
            file.seek(SeekFrom::Start(f.offset))
                .and_then(|_| file.read_exact(&mut buf))
                .map_err(|e| format!("the checkpoint's fact texts cannot be read: {e}"))?;
            let crc = crc32c::crc32c(&buf);
            if crc != f.crc {
                return Err(format!(
                    "the checkpoint's fact texts fail their checksum ({crc:08x}, {:08x} expected): the checkpoint is damaged; writing a new one (which replays the journal's lines) or deleting it repairs this",
                    f.crc
                ));
            }
            let len = buf.len();
            Ok((Arc::new(buf), 0..len))
        });
        match read {
            Ok((bytes, range)) => Ok((bytes, range.clone())),
            Err(e) => Err(e.clone()),
        }
    }
}

impl Facts {
    /// The facts of `value`, tagged with its schema's [`FactSchema::TAG`].
    ///
    /// # Errors
    ///
    /// [`FactsError::Tag`] when the schema's tag is not a valid tag, [`FactsError::Value`]
    /// when `value` cannot be written as JSON (a map with keys that are not strings).
    ///
    /// # Example
    ///
    /// See [`FactSchema`].
    pub fn new<T: FactSchema>(value: &T) -> Result<Self, FactsError> {
        check_tag(T::TAG)?;
        let raw = serde_json::value::to_raw_value(value).map_err(|e| FactsError::Value {
            tag: T::TAG.to_owned(),
            message: e.to_string(),
        })?;
        Ok(Self(Arc::new(Json {
            tag: T::TAG.into(),
            raw,
        })))
    }

    /// The facts of `value`, kept typed until they are written: for this crate's schemas,
    /// whose tags are valid and whose JSON writing cannot fail (plain data; each is
    /// property-tested).
    pub(crate) fn typed<T: FactSchema>(value: T) -> Self {
        debug_assert_eq!(check_tag(T::TAG), Ok(()));
        Self(Arc::new(Typed(value)))
    }

    /// Facts tagged `tag` whose value is the JSON text `json`, kept as it is written.
    ///
    /// # Errors
    ///
    /// [`FactsError::Tag`] when `tag` is not 1 to 32 ASCII lowercase letters, digits and `_`
    /// starting with a letter; [`FactsError::Value`] when `json` is not one JSON value.
    ///
    /// # Example
    ///
    /// See [`Facts`].
    pub fn from_json(tag: &str, json: &str) -> Result<Self, FactsError> {
        check_tag(tag)?;
        let raw = RawValue::from_string(json.to_owned()).map_err(|e| FactsError::Value {
            tag: tag.to_owned(),
            message: e.to_string(),
        })?;
        Ok(Self(Arc::new(Json {
            tag: tag.into(),
            raw,
        })))
    }

    /// Facts from a tag and a value already parsed as JSON (the wire form and checkpoints).
    pub(crate) fn from_raw(tag: &str, raw: Box<RawValue>) -> Result<Self, FactsError> {
        check_tag(tag)?;
        Ok(Self(Arc::new(Json {
            tag: tag.into(),
            raw,
        })))
    }

    /// Facts tagged `tag` whose value is the text at `range` of a checkpoint's fact `texts`,
    /// read when first needed and checked as UTF-8 then, and as JSON only when written out
    /// or read typed (see [`Unchecked`]). The caller has checked the tag
    /// ([`Facts::check_tag`]) and that the range is within the texts.
    pub(crate) fn loaded(tag: Arc<str>, texts: &Arc<FactTexts>, range: Range<usize>) -> Self {
        Self(Arc::new(Unchecked {
            tag,
            texts: Arc::clone(texts),
            range,
        }))
    }

    /// True when `other` has the same tag and text, read without reading a checkpoint's
    /// whole fact texts (a checkpoint's tie to its journal compares its last entry).
    pub(crate) fn same_as(&self, other: &Facts) -> bool {
        self.tag() == other.tag()
            && matches!((self.0.peek(), other.0.peek()), (Ok(a), Ok(b)) if a == b)
    }

    /// `Err` when the facts' text cannot be read: facts loaded from a checkpoint whose fact
    /// texts, read on first use, fail (see [`FactTexts`]).
    pub(crate) fn readable(&self) -> Result<(), FactsError> {
        self.0.readable()
    }

    /// Checks a source tag as every constructor does.
    pub(crate) fn check_tag(tag: &str) -> Result<(), FactsError> {
        check_tag(tag)
    }

    /// The source tag (`sipri`).
    pub fn tag(&self) -> &str {
        self.0.tag()
    }

    /// The value's JSON text, as it was written (or as the importer's schema writes it).
    pub fn json(&self) -> Cow<'_, str> {
        self.0.text()
    }

    /// The value as JSON, for writing it out as it is: `Err` only for facts loaded from a
    /// checkpoint whose text is not JSON.
    pub(crate) fn to_raw(&self) -> Result<Cow<'_, RawValue>, FactsError> {
        self.0.to_raw()
    }

    /// The value read as `T`: `Ok(None)` when the facts carry another tag than `T`'s.
    ///
    /// # Errors
    ///
    /// [`FactsError::Value`] when the facts carry `T`'s tag but their value does not match
    /// `T`'s schema (a journal edited by hand, say).
    ///
    /// # Example
    ///
    /// See [`FactSchema`].
    pub fn get<T: FactSchema>(&self) -> Result<Option<T>, FactsError> {
        if self.tag() != T::TAG {
            return Ok(None);
        }
        if let Some(Typed(value)) = self.0.as_any().downcast_ref::<Typed<T>>() {
            return Ok(Some(value.clone()));
        }
        self.readable()?;
        serde_json::from_str(&self.json())
            .map(Some)
            .map_err(|e| FactsError::Value {
                tag: T::TAG.to_owned(),
                message: e.to_string(),
            })
    }
}

impl Facts {
    /// The typed value an importer made, not yet written (`None` for facts read from JSON or
    /// a checkpoint, or of another type): read without writing it as JSON.
    pub(crate) fn typed_ref<T: FactSchema>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref::<Typed<T>>().map(|t| &t.0)
    }

    /// `read` applied to the value's JSON text, read once (a checkpoint's text checked as
    /// UTF-8 once, and borrowed): for a reader that parses only the fields it needs.
    ///
    /// # Errors
    ///
    /// [`FactsError::Value`] when the text cannot be read (see [`Facts::readable`]) or `read`
    /// fails, with its message.
    pub(crate) fn read_json<R, E: fmt::Display>(
        &self,
        read: impl FnOnce(&str) -> Result<R, E>,
    ) -> Result<R, FactsError> {
        let error = |message: String| FactsError::Value {
            tag: self.tag().to_owned(),
            message,
        };
        let text = match self.0.as_any().downcast_ref::<Unchecked>() {
            Some(u) => Cow::Borrowed(u.str().map_err(error)?),
            None => self.json(),
        };
        read(&text).map_err(|e| error(e.to_string()))
    }
}

impl PartialEq for Facts {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || (self.tag() == other.tag() && self.json() == other.json())
    }
}

impl Eq for Facts {}

impl fmt::Debug for Facts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Facts")
            .field("tag", &self.tag())
            .field("json", &self.json())
            .finish()
    }
}

impl fmt::Display for Facts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.tag(), self.json())
    }
}

impl serde::Serialize for Facts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        let raw = self.to_raw().map_err(serde::ser::Error::custom)?;
        map.serialize_entry(self.tag(), &*raw)?;
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Facts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (tag, value) = d.deserialize_map(OneEntry)?;
        Facts::from_raw(&tag, value).map_err(de::Error::custom)
    }
}

/// Reads `{"<tag>": <any JSON value>}`, keeping the value's text: the JSON form of facts.
/// (The journal's wire form has its own copy, so that this one may change.)
struct OneEntry;

impl<'de> de::Visitor<'de> for OneEntry {
    type Value = (String, Box<RawValue>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of one key, the facts' source tag, such as {\"sipri\":{...}}")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some((tag, value)) = map.next_entry::<String, Box<RawValue>>()? else {
            return Err(de::Error::invalid_length(0, &self));
        };
        if map.next_key::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(
                "facts have one source tag, found a second key",
            ));
        }
        Ok((tag, value))
    }
}

/// Checks a source tag: 1 to [`MAX_TAG`] ASCII lowercase letters, digits and `_`, starting
/// with a letter.
fn check_tag(tag: &str) -> Result<(), FactsError> {
    let bad = |reason| FactsError::Tag {
        text: tag.to_owned(),
        reason,
    };
    if tag.is_empty() || tag.len() > MAX_TAG {
        return Err(bad("a tag has 1 to 32 characters"));
    }
    if !tag.starts_with(|c: char| c.is_ascii_lowercase())
        || !tag
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(bad(
            "a tag is ASCII lowercase letters, digits and `_`, starting with a letter",
        ));
    }
    Ok(())
}

/// Facts that cannot be made or read: a bad source tag, or a value that is not JSON or does
/// not match its source's schema.
///
/// # Example
///
/// ```
/// use materiel::ledger::{Facts, FactsError};
///
/// let err = Facts::from_json("Sipri", "{}").unwrap_err();
/// assert!(matches!(err, FactsError::Tag { .. }));
/// assert!(err.to_string().starts_with("invalid facts source tag \"Sipri\""));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FactsError {
    /// Not a source tag (see [`FactSchema::TAG`]).
    #[error("invalid facts source tag {text:?}: {reason}")]
    Tag {
        /// The text given.
        text: String,
        /// What a valid one looks like.
        reason: &'static str,
    },
    /// A value that is not JSON, or does not match its source's schema.
    #[error("invalid {tag} facts: {message}")]
    Value {
        /// The source tag.
        tag: String,
        /// What was wrong, as the JSON reader says it.
        message: String,
    },
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        for t in [
            "sipri",
            "oryx",
            "a",
            "news_2025",
            "abcdefghijklmnopqrstuvwxyz012345",
        ] {
            assert_eq!(check_tag(t), Ok(()), "{t}");
        }
        for t in [
            "",
            "Sipri",
            "1sipri",
            "_x",
            "si pri",
            "si-pri",
            "sipri\u{e9}",
            "abcdefghijklmnopqrstuvwxyz0123456",
        ] {
            assert!(check_tag(t).is_err(), "{t}");
        }
    }

    #[test]
    fn json_form_is_one_key_kept_as_written() {
        let text = r#"{"sipri":{"b":1, "a":[2,3]}}"#;
        let facts: Facts = serde_json::from_str(text).unwrap();
        assert_eq!(facts.tag(), "sipri");
        assert_eq!(facts.json(), r#"{"b":1, "a":[2,3]}"#);
        assert_eq!(serde_json::to_string(&facts).unwrap(), text);
        for bad in [
            "{}",
            r#"{"sipri":1,"oryx":2}"#,
            r#"{"SIPRI":1}"#,
            r#"["sipri",1]"#,
            "null",
        ] {
            assert!(serde_json::from_str::<Facts>(bad).is_err(), "{bad}");
        }
        // Through a `serde_json::Value`, as entries read from other JSON are.
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let facts: Facts = serde_json::from_value(value).unwrap();
        assert_eq!(facts.json(), r#"{"a":[2,3],"b":1}"#);
    }
}
