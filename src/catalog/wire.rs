//! The file form of a catalog, shared by TOML files and JSON: `source` tables, `platform`
//! array, `rule` array (see `catalog/README.md`). Every struct denies unknown fields and
//! refuses to be given as a sequence.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::source::SourceWire;
use super::spec::SpecWire;
use super::{Category, PlatformId, PlatformKind};
use crate::holder::HolderId;

/// Implements `Deserialize` and `Serialize` for a struct derived with `#[serde(remote =
/// "Self")]`, so that it is read from a map only: serde's derive also accepts a struct as a
/// sequence of its fields in order (`"source": ["x", "B2"]`), which a catalog must refuse.
macro_rules! map_only {
    ($t:ty) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a table")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> Result<$t, A::Error> {
                        <$t>::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                d.deserialize_map(V)
            }
        }
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$t>::serialize(self, s)
            }
        }
    };
}
pub(crate) use map_only;

/// A catalog file, or a whole catalog in JSON.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct FileWire {
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub(crate) source: BTreeMap<String, SourceWire>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) platform: Vec<PlatformWire>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) rule: Vec<RuleWire>,
}
map_only!(FileWire);

/// A map whose keys must be unique: JSON allows a key twice and serde would keep the last.
pub(crate) fn unique_keys<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, SourceWire>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = BTreeMap<String, SourceWire>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a table of sources by key")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                let value: SourceWire = map.next_value().map_err(|e| {
                    <A::Error as serde::de::Error>::custom(format_args!("source.{key}: {e}"))
                })?;
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format_args!(
                        "source `{key}` is declared twice"
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(V)
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A platform in a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct PlatformWire {
    pub(crate) id: PlatformId,
    pub(crate) designation: String,
    pub(crate) kind: PlatformKind,
    pub(crate) category: Category,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) family: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) parent: Option<PlatformId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) origin: Option<HolderId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) manufacturer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) service_entry: Option<i32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) munitions: Vec<PlatformId>,
    pub(crate) sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
    #[serde(default, skip_serializing_if = "NamesWire::is_empty")]
    pub(crate) names: NamesWire,
    #[serde(default, skip_serializing_if = "SpecWire::is_empty")]
    pub(crate) spec: SpecWire,
}
map_only!(PlatformWire);

impl SpecWire {
    fn is_empty(&self) -> bool {
        self.present().next().is_none()
    }
}

/// A platform's names by source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct NamesWire {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) sipri: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) oryx: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) nato: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) national: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) grau: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) other: Vec<String>,
}
map_only!(NamesWire);

impl NamesWire {
    fn is_empty(&self) -> bool {
        [
            &self.sipri,
            &self.oryx,
            &self.nato,
            &self.national,
            &self.grau,
            &self.other,
        ]
        .iter()
        .all(|v| v.is_empty())
    }
}

/// A keyword rule in a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct RuleWire {
    pub(crate) contains: String,
    pub(crate) category: Category,
    pub(crate) source: String,
}
map_only!(RuleWire);
