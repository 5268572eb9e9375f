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
use std::ops::Range;
use std::sync::Arc;

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
    bytes: Arc<Vec<u8>>,
    range: Range<usize>,
}

impl Unchecked {
    fn str(&self) -> Cow<'_, str> {
        // Checked on loading; never lossy.
        String::from_utf8_lossy(&self.bytes[self.range.clone()])
    }
}

impl Repr for Unchecked {
    fn tag(&self) -> &str {
        &self.tag
    }
    fn text(&self) -> Cow<'_, str> {
        self.str()
    }
    fn to_raw(&self) -> Result<Cow<'_, RawValue>, FactsError> {
        RawValue::from_string(self.str().into_owned())
            .map(Cow::Owned)
            .map_err(|e| FactsError::Value {
                tag: self.tag.to_string(),
                message: e.to_string(),
            })
    }
    fn as_any(&self) -> &dyn Any {
        self
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

    /// Facts tagged `tag` whose value is the text at `range` of `bytes`, checked as JSON
    /// only when written out or read typed (a checkpoint's: see [`Unchecked`]). The caller
    /// has checked the tag ([`Facts::check_tag`]) and that the range is UTF-8.
    pub(crate) fn loaded(tag: Arc<str>, bytes: &Arc<Vec<u8>>, range: Range<usize>) -> Self {
        Self(Arc::new(Unchecked {
            tag,
            bytes: Arc::clone(bytes),
            range,
        }))
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
        serde_json::from_str(&self.json())
            .map(Some)
            .map_err(|e| FactsError::Value {
                tag: T::TAG.to_owned(),
                message: e.to_string(),
            })
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
