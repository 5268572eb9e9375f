//! `map_only!`: JSON objects are read from maps only.
//!
//! serde's derived `Deserialize` for a struct (and for an internally tagged enum) also takes a
//! *sequence* of the field values in declaration order: `"source": ["a report", "B2"]` would
//! read as a source. None of our inputs has that form, and accepting it lets a damaged or
//! hand-made line pass as valid, so every struct read from input goes through `map_only!`.
//!
//! The derive is written on the type with `#[serde(remote = "Self")]` (or on a private
//! mirror with `#[serde(remote = "Public")]`), which makes it an inherent
//! `deserialize` function instead of the trait impl; `map_only!` then writes the trait impl,
//! asking the deserializer for a map and handing the map to that function. Errors keep the
//! derive's words (`expected struct CountWire`), only the sequence form is refused.

/// `map_only!(Type, "expected")` implements `Deserialize` for `Type` from a map only, through
/// the inherent `Type::deserialize` of a `#[serde(remote = "Self")]` derive;
/// `map_only!(Type via Mirror, "expected")` through `Mirror::deserialize` (a
/// `#[serde(remote = "Type")]` derive). `map_only!(Type, "expected", serialize)` also
/// implements `Serialize` through the inherent `Type::serialize`, for a type whose remote
/// derive writes it too.
macro_rules! map_only {
    ($ty:ident, $expecting:expr, serialize) => {
        $crate::map_only::map_only!($ty via $ty, $expecting);
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, serializer)
            }
        }
    };
    ($ty:ident, $expecting:expr) => {
        $crate::map_only::map_only!($ty via $ty, $expecting);
    };
    ($ty:ident via $derived:ident, $expecting:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct MapVisitor;
                impl<'de> serde::de::Visitor<'de> for MapVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> Result<$ty, A::Error> {
                        $derived::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                deserializer.deserialize_map(MapVisitor)
            }
        }
    };
}

pub(crate) use map_only;

#[cfg(test)]
mod tests {
    /// A struct as the crate's wire types are.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(remote = "Self", deny_unknown_fields)]
    struct Pair {
        a: u32,
        #[serde(default)]
        b: Option<String>,
    }
    map_only!(Pair, "struct Pair");

    /// An internally tagged enum, which serde also reads from `["kind", fields...]`.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(
        remote = "Self",
        tag = "kind",
        rename_all = "snake_case",
        deny_unknown_fields
    )]
    enum Tagged {
        One { pair: Pair },
        Two,
    }
    map_only!(Tagged, "a tagged object");

    #[test]
    fn maps_read_and_sequences_are_refused() {
        let pair: Pair = serde_json::from_str(r#"{"a":1,"b":"x"}"#).expect("a map");
        assert_eq!(
            pair,
            Pair {
                a: 1,
                b: Some("x".into())
            }
        );
        let err = serde_json::from_str::<Pair>(r#"[1,"x"]"#).expect_err("a sequence");
        assert_eq!(
            err.to_string(),
            "invalid type: sequence, expected struct Pair at line 1 column 0"
        );
        assert!(serde_json::from_str::<Pair>(r#"{"a":1,"c":2}"#).is_err());
        let one: Tagged = serde_json::from_str(r#"{"kind":"one","pair":{"a":2}}"#).expect("map");
        assert_eq!(
            one,
            Tagged::One {
                pair: Pair { a: 2, b: None }
            }
        );
        assert_eq!(
            serde_json::from_str::<Tagged>(r#"{"kind":"two"}"#).expect("map"),
            Tagged::Two
        );
        for seq in [
            r#"["two"]"#,
            r#"["one",{"a":2}]"#,
            r#"{"kind":"one","pair":[2]}"#,
        ] {
            assert!(serde_json::from_str::<Tagged>(seq).is_err(), "{seq}");
        }
        // Other shapes keep the derive's words.
        let err = serde_json::from_str::<Pair>("3").expect_err("a number");
        assert!(
            err.to_string()
                .starts_with("invalid type: integer `3`, expected struct Pair")
        );
    }
}
