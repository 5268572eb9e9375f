//! Loading catalogs: TOML files, directories, JSON, the bundled catalog, and overlays of a
//! user's files over a catalog ([`Overlay`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::inner::Inner;
use super::source::SourceWire;
use super::spec::SpecContext;
use super::wire::{FileWire, NamesWire, PlatformWire, RuleWire};
use super::{
    Catalog, CatalogError, CatalogSource, KeywordRule, NameSource, Names, Platform, PlatformId,
    Spec,
};

/// What laying a file over a catalog changed ([`Catalog::overlay_toml`],
/// [`Catalog::overlay_dir`]).
///
/// # Example
///
/// ```
/// use materiel::Catalog;
/// let mut c = Catalog::reference();
/// let mine = r#"
/// [source.my-notes]
/// title = "My notes"
///
/// [[platform]]
/// id = "igla-s"
/// designation = "Igla-S"
/// kind = "missile"
/// category = "manpads"
/// sources = ["my-notes"]
/// [platform.spec]
/// role = "manpads"
///
/// [[platform]]
/// id = "my-radar"
/// designation = "Local radar"
/// kind = "generic"
/// category = "radar"
/// sources = ["my-notes"]
/// "#;
/// let overlay = c.overlay_toml("mine.toml", mine)?;
/// assert_eq!(overlay.replaced.iter().map(|p| p.as_str()).collect::<Vec<_>>(), ["igla-s"]);
/// assert_eq!(overlay.added.iter().map(|p| p.as_str()).collect::<Vec<_>>(), ["my-radar"]);
/// assert_eq!(overlay.sources_added, ["my-notes"]);
/// # Ok::<(), materiel::catalog::CatalogError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Overlay {
    /// Platforms whose id was new, in file order.
    pub added: Vec<PlatformId>,
    /// Platforms that replaced one with the same id, in file order.
    pub replaced: Vec<PlatformId>,
    /// Sources declared by the layer that the catalog did not have.
    pub sources_added: Vec<String>,
    /// Keyword rules whose phrase was new.
    pub rules_added: Vec<String>,
    /// Keyword rules that replaced one with the same phrase.
    pub rules_replaced: Vec<String>,
}

/// A look-up of sources by key.
type Lookup<'a> = &'a dyn Fn(&str) -> Option<Arc<CatalogSource>>;

impl Platform {
    /// The platform of `w`, its sources (by key) found with `lookup`, checked as far as a
    /// platform can be on its own: fields, figures, texts, sources known.
    pub(crate) fn from_wire(w: PlatformWire, lookup: Lookup<'_>) -> Result<Self, CatalogError> {
        let id = w.id;
        let cited = w
            .sources
            .into_iter()
            .map(|key| {
                lookup(&key).ok_or_else(|| CatalogError::UnknownSource {
                    platform: id.clone(),
                    field: "sources",
                    key,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let spec = Spec::from_wire(
            w.kind,
            w.spec,
            &SpecContext {
                platform: &id,
                sources: lookup,
            },
        )?;
        let mut names = Names::new();
        for (source, list) in [
            (NameSource::Sipri, w.names.sipri),
            (NameSource::Oryx, w.names.oryx),
            (NameSource::Nato, w.names.nato),
            (NameSource::National, w.names.national),
            (NameSource::Grau, w.names.grau),
            (NameSource::Other, w.names.other),
        ] {
            for n in list {
                names.push(source, n);
            }
        }
        let p = Platform {
            id,
            designation: w.designation,
            category: w.category,
            is_family: w.family,
            parent: w.parent,
            origin: w.origin,
            manufacturer: w.manufacturer,
            service_entry: w.service_entry,
            munitions: w.munitions,
            sources: cited,
            note: w.note,
            names,
            spec,
        };
        // Its figures were checked as they were read.
        p.validate_identity()?;
        Ok(p)
    }

    pub(crate) fn to_wire(&self) -> PlatformWire {
        let list = |s| self.names.get(s).to_vec();
        PlatformWire {
            id: self.id.clone(),
            designation: self.designation.clone(),
            kind: self.kind(),
            category: self.category,
            family: self.is_family,
            parent: self.parent.clone(),
            origin: self.origin.clone(),
            manufacturer: self.manufacturer.clone(),
            service_entry: self.service_entry,
            munitions: self.munitions.clone(),
            sources: self.sources.iter().map(|s| s.key().to_owned()).collect(),
            note: self.note.clone(),
            names: NamesWire {
                sipri: list(NameSource::Sipri),
                oryx: list(NameSource::Oryx),
                nato: list(NameSource::Nato),
                national: list(NameSource::National),
                grau: list(NameSource::Grau),
                other: list(NameSource::Other),
            },
            spec: self.spec.to_wire(),
        }
    }
}

impl KeywordRule {
    pub(super) fn from_wire(w: RuleWire, lookup: Lookup<'_>) -> Result<Self, CatalogError> {
        let source = lookup(&w.source).ok_or_else(|| CatalogError::RuleSource {
            phrase: w.contains.clone(),
            key: w.source.clone(),
        })?;
        let phrase = w.contains;
        KeywordRule::new(phrase.clone(), w.category, source)
            .ok_or(CatalogError::EmptyRule { phrase })
    }

    fn to_wire(&self) -> RuleWire {
        RuleWire {
            contains: self.phrase().to_owned(),
            category: self.category(),
            source: self.source().key().to_owned(),
        }
    }
}

/// `e`, in `file` when there is one.
fn in_file(file: Option<&str>, e: CatalogError) -> CatalogError {
    match file {
        Some(f) => e.in_file(f),
        None => e,
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A TOML file. Read straight into the wire structs; when that fails, read again in two steps
/// so that the error names the platform: the file's tables, then each platform's on its own.
fn parse_toml(text: &str) -> Result<FileWire, CatalogError> {
    match toml::from_str::<FileWire>(text) {
        Ok(wire) => Ok(wire),
        Err(_) => parse_toml_by_platform(text),
    }
}

/// [`parse_toml`]'s second reading, for its error.
fn parse_toml_by_platform(text: &str) -> Result<FileWire, CatalogError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawFile {
        #[serde(default, deserialize_with = "super::wire::unique_keys")]
        source: BTreeMap<String, SourceWire>,
        #[serde(default)]
        platform: Vec<toml::Spanned<toml::Table>>,
        #[serde(default)]
        rule: Vec<RuleWire>,
    }
    let raw: RawFile = toml::from_str(text).map_err(|e| CatalogError::Toml {
        platform: None,
        message: e.message().trim_end().to_owned(),
        line: e.span().map_or(0, |s| line_of(text, s.start)),
    })?;
    let mut platform = Vec::with_capacity(raw.platform.len());
    for table in raw.platform {
        let line = line_of(text, table.span().start);
        let table = table.into_inner();
        let id = table
            .get("id")
            .and_then(toml::Value::as_str)
            .and_then(|s| s.parse::<PlatformId>().ok());
        let wire = toml::Value::Table(table)
            .try_into::<PlatformWire>()
            .map_err(|e| CatalogError::Toml {
                platform: id,
                message: e.message().trim_end().to_owned(),
                line,
            })?;
        platform.push(wire);
    }
    Ok(FileWire {
        source: raw.source,
        platform,
        rule: raw.rule,
    })
}

impl Catalog {
    /// Lays `files` (one layer, each with its file name for errors) over this catalog: see
    /// [`overlay_toml`](Self::overlay_toml). The result is a new, fully validated catalog.
    pub(super) fn assemble(
        base: &Inner,
        files: Vec<(Option<String>, FileWire)>,
    ) -> Result<(Inner, Overlay), CatalogError> {
        let mut overlay = Overlay::default();
        // Sources: unique within the layer; one the base has must be the same.
        let mut sources = base.sources.clone();
        let mut layer_keys = HashSet::new();
        let mut files: Vec<(Option<String>, FileWire)> = files;
        for (file, w) in &mut files {
            let file = file.as_deref();
            for (key, sw) in std::mem::take(&mut w.source) {
                let dup = || in_file(file, CatalogError::DuplicateSource { key: key.clone() });
                if !layer_keys.insert(key.clone()) {
                    return Err(dup());
                }
                let s = CatalogSource::from_wire(key.clone(), sw).map_err(|e| in_file(file, e))?;
                match sources.get(&key) {
                    Some(existing) if **existing == s => {}
                    Some(_) => return Err(dup()),
                    None => {
                        overlay.sources_added.push(key.clone());
                        sources.insert(key, Arc::new(s));
                    }
                }
            }
        }
        // Platforms: unique within the layer; one with a base id replaces it in place.
        let mut platforms = Vec::with_capacity(
            base.platforms.len() + files.iter().map(|(_, w)| w.platform.len()).sum::<usize>(),
        );
        platforms.extend(base.platforms.iter().cloned());
        let names: Vec<Option<String>> = files.iter().map(|(f, _)| f.clone()).collect();
        let mut file_of: rustc_hash::FxHashMap<PlatformId, usize> = Default::default();
        let mut rules = base.rules.clone();
        let mut layer_rules: HashMap<String, String> = HashMap::new();
        for (n, (file, w)) in files.into_iter().enumerate() {
            let f = file.as_deref();
            for pw in w.platform {
                let lookup = |k: &str| sources.get(k).cloned();
                let p = Platform::from_wire(pw, &lookup).map_err(|e| in_file(f, e))?;
                if file_of.contains_key(&p.id) {
                    return Err(in_file(f, CatalogError::DuplicateId { id: p.id.clone() }));
                }
                file_of.insert(p.id.clone(), n);
                match base.by_id.get(&p.id) {
                    Some(&i) => {
                        overlay.replaced.push(p.id.clone());
                        platforms[i] = p;
                    }
                    None => {
                        overlay.added.push(p.id.clone());
                        platforms.push(p);
                    }
                }
            }
            for rw in w.rule {
                let lookup = |k: &str| sources.get(k).cloned();
                let rule = KeywordRule::from_wire(rw, &lookup).map_err(|e| in_file(f, e))?;
                if let Some(existing) = layer_rules.get(rule.form()) {
                    return Err(in_file(
                        f,
                        CatalogError::DuplicateRule {
                            phrase: rule.phrase().to_owned(),
                            existing: existing.clone(),
                        },
                    ));
                }
                layer_rules.insert(rule.form().to_owned(), rule.phrase().to_owned());
                match rules.iter().position(|r| r.form() == rule.form()) {
                    Some(i) => {
                        overlay.rules_replaced.push(rule.phrase().to_owned());
                        rules[i] = rule;
                    }
                    None => {
                        overlay.rules_added.push(rule.phrase().to_owned());
                        rules.push(rule);
                    }
                }
            }
        }
        let inner = Inner::build(platforms, sources, rules).map_err(|e| {
            let file = e
                .platform()
                .and_then(|p| file_of.get(p))
                .and_then(|&n| names[n].as_deref());
            in_file(file, e)
        })?;
        Ok((inner, overlay))
    }

    /// A catalog of `files`, each with its name (for errors), as one layer.
    pub(crate) fn assemble_files(
        files: Vec<(Option<String>, FileWire)>,
    ) -> Result<Self, CatalogError> {
        Self::assemble(&Inner::default(), files).map(|(inner, _)| Self::from_inner(inner))
    }

    /// Reads one catalog file in TOML (the format of `catalog/README.md`), on its own: every
    /// source it cites and every platform it relates to must be in it.
    ///
    /// # Errors
    ///
    /// [`CatalogError::Toml`] for malformed TOML or the wrong shape (unknown field, missing
    /// field, a table given as an array), naming the platform and line; otherwise the errors
    /// of the figures, names, sources and relations, naming the platform and field.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// let c = Catalog::from_toml(r#"
    /// [source.wp-en-t-72]
    /// title = "T-72 (Wikipedia, English)"
    /// url = "https://en.wikipedia.org/wiki/T-72"
    ///
    /// [[platform]]
    /// id = "t-72"
    /// designation = "T-72"
    /// kind = "armoured_vehicle"
    /// category = "tank"
    /// family = true
    /// sources = ["wp-en-t-72"]
    /// [platform.spec]
    /// crew = { value = 3, source = "wp-en-t-72" }
    /// "#)?;
    /// assert!(c.resolve("T72").is_some());
    /// # Ok::<(), materiel::catalog::CatalogError>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Self, CatalogError> {
        Self::assemble_files(vec![(None, parse_toml(text)?)])
    }

    /// Reads several catalog files in TOML as one catalog, each `(name, text)`: a source
    /// declared in one file may be cited from any other, and relations may cross files.
    /// Errors name the file.
    ///
    /// # Errors
    ///
    /// Those of [`from_toml`](Self::from_toml), wrapped in [`CatalogError::File`], and
    /// [`CatalogError::DuplicateSource`] for a source key declared in two files.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// // The bundled catalog, read from its TOML (slower than `reference()`).
    /// let c = Catalog::from_toml_files(Catalog::bundled_files().iter().copied())?;
    /// assert_eq!(c, Catalog::reference());
    /// # Ok::<(), materiel::catalog::CatalogError>(())
    /// ```
    pub fn from_toml_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, CatalogError> {
        let wires = files
            .into_iter()
            .map(|(name, text)| {
                parse_toml(text)
                    .map(|w| (Some(name.to_owned()), w))
                    .map_err(|e| e.in_file(name))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::assemble_files(wires)
    }

    /// Reads every `*.toml` file of a directory, in name order, as one catalog (see
    /// [`from_toml_files`](Self::from_toml_files)).
    ///
    /// # Errors
    ///
    /// [`CatalogError::Io`] when the directory or a file cannot be read; otherwise those of
    /// [`from_toml_files`](Self::from_toml_files).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// let c = Catalog::from_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog"))?;
    /// assert_eq!(c.len(), Catalog::reference().len());
    /// # Ok::<(), materiel::catalog::CatalogError>(())
    /// ```
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self, CatalogError> {
        let files = read_dir(dir.as_ref())?;
        Self::from_toml_files(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    }

    /// Lays a user's catalog file over this catalog: a platform whose id the catalog has
    /// replaces it (its names, figures and relations with it), a new id adds a platform, a
    /// rule with a phrase the catalog has replaces that rule; sources the file declares are
    /// added (one the catalog has must be declared the same). The file may cite the catalog's
    /// sources and relate to its platforms. The result is validated as a whole; on error the
    /// catalog is unchanged.
    ///
    /// # Errors
    ///
    /// Those of [`from_toml_files`](Self::from_toml_files), including
    /// [`CatalogError::DuplicateName`] when a new platform takes a name another platform
    /// keeps, and relation errors when a replacement breaks a platform that relates to it.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// use materiel::catalog::CatalogError;
    /// let mut c = Catalog::reference();
    /// let before = c.clone();
    /// // A new platform that takes an existing name: refused, nothing changed.
    /// let clash = r#"
    /// [[platform]]
    /// id = "my-tank"
    /// designation = "Leopard 2A6"
    /// kind = "armoured_vehicle"
    /// category = "tank"
    /// sources = ["oryx"]
    /// "#;
    /// let err = c.overlay_toml("mine.toml", clash).unwrap_err();
    /// assert!(matches!(err.innermost(), CatalogError::DuplicateName { .. }));
    /// assert!(err.to_string().starts_with("mine.toml: platform `my-tank`"));
    /// assert_eq!(c, before);
    /// ```
    pub fn overlay_toml(&mut self, file: &str, text: &str) -> Result<Overlay, CatalogError> {
        let wire = parse_toml(text).map_err(|e| e.in_file(file))?;
        self.overlay_wires(vec![(Some(file.to_owned()), wire)])
    }

    /// Lays every `*.toml` file of a directory over this catalog, as one layer (see
    /// [`overlay_toml`](Self::overlay_toml)). On error the catalog is unchanged.
    ///
    /// # Errors
    ///
    /// [`CatalogError::Io`], and those of [`overlay_toml`](Self::overlay_toml).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("radars.toml"), r#"
    /// [[platform]]
    /// id = "my-radar"
    /// designation = "Local radar"
    /// kind = "generic"
    /// category = "radar"
    /// sources = ["oryx"]
    /// "#)?;
    /// let mut c = Catalog::reference();
    /// let overlay = c.overlay_dir(dir.path())?;
    /// assert_eq!(overlay.added.len(), 1);
    /// assert!(c.resolve("local radar").is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn overlay_dir(&mut self, dir: impl AsRef<Path>) -> Result<Overlay, CatalogError> {
        let files = read_dir(dir.as_ref())?;
        let wires = files
            .iter()
            .map(|(name, text)| {
                parse_toml(text)
                    .map(|w| (Some(name.clone()), w))
                    .map_err(|e| e.in_file(name))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.overlay_wires(wires)
    }

    fn overlay_wires(
        &mut self,
        files: Vec<(Option<String>, FileWire)>,
    ) -> Result<Overlay, CatalogError> {
        self.make_owned();
        let (inner, overlay) = Self::assemble(&self.inner, files)?;
        self.inner = Arc::new(inner);
        Ok(overlay)
    }

    /// The bundled catalog's files, `(name, TOML text)` in name order, as embedded in the
    /// library: what [`reference`](Self::reference) holds.
    ///
    /// ```
    /// let files = materiel::Catalog::bundled_files();
    /// assert!(files.iter().any(|(name, _)| *name == "tanks.toml"));
    /// ```
    pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
        super::bundled::FILES
    }

    /// Loads the bundled catalog anew, unshared: what [`reference`](Self::reference) does
    /// once per process. For measuring the load; use `reference` otherwise.
    ///
    /// Its indexes (ids, name keys, families) are built into the library, so this costs next
    /// to nothing; each platform, source and the keyword rules are decoded and validated the
    /// first time they are used ([`get`](Self::get), [`resolve`](Self::resolve),
    /// [`iter`](Self::iter), ...), and kept. A change ([`insert`](Self::insert), an overlay)
    /// first decodes and validates the whole catalog.
    ///
    /// ```
    /// use materiel::Catalog;
    /// let fresh = Catalog::load_reference();
    /// let p = fresh.resolve("Su-30MKV").ok_or("known")?;
    /// assert_eq!(p.id().as_str(), "su-30mk2");
    /// assert_eq!(Some(p), Catalog::reference().get(p.id()));
    /// # Ok::<(), &str>(())
    /// ```
    pub fn load_reference() -> Self {
        Self::bundled()
    }

    /// Reads a catalog from JSON: the tables of a catalog file as one JSON object
    /// (`{"source": {...}, "platform": [...], "rule": [...]}`), as [`to_json`](Self::to_json)
    /// writes it, validated like a file.
    ///
    /// # Errors
    ///
    /// [`CatalogError::Json`] for malformed JSON or the wrong shape (unknown or missing field,
    /// bad id, a struct given as an array, a source key twice); otherwise the errors of
    /// [`from_toml`](Self::from_toml).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::CatalogError;
    /// use materiel::Catalog;
    /// let err = Catalog::from_json(r#"{"source": {"k": {"title": "K"}}, "platform": [{"id": "x",
    ///     "designation": "X", "kind": "transport", "category": "transport_aircraft",
    ///     "sources": ["k"], "spec": {"max_payload": {"value": "50 km", "source": "k"}}}]}"#)
    ///     .unwrap_err();
    /// assert!(matches!(err, CatalogError::Figure { field: "max_payload", .. }));
    /// ```
    pub fn from_json(json: &str) -> Result<Self, CatalogError> {
        let wire: FileWire = serde_json::from_str(json).map_err(|e| CatalogError::json(&e))?;
        Self::assemble_files(vec![(None, wire)])
    }

    /// Writes the catalog as pretty-printed JSON, numbers in the units their sources wrote.
    ///
    /// ```
    /// let json = materiel::Catalog::reference().to_json();
    /// assert!(json.contains("\"value\": \"3 Mach\""));
    /// ```
    pub fn to_json(&self) -> String {
        #[allow(clippy::expect_used)]
        serde_json::to_string_pretty(&self.to_wire())
            .expect("catalog JSON has string keys and no floats, so it cannot fail")
    }

    fn to_wire(&self) -> FileWire {
        FileWire {
            source: self
                .sources()
                .map(|s| (s.key().to_owned(), s.to_wire()))
                .collect(),
            platform: self.iter().map(Platform::to_wire).collect(),
            rule: self.rules().map(KeywordRule::to_wire).collect(),
        }
    }
}

impl serde::Serialize for Catalog {
    /// The JSON form of [`Catalog::to_json`].
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Catalog {
    /// Validated as [`Catalog::from_json`] validates.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = FileWire::deserialize(d)?;
        Catalog::assemble_files(vec![(None, wire)]).map_err(serde::de::Error::custom)
    }
}

/// The `*.toml` files of `dir`, `(name, text)` in name order.
fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, CatalogError> {
    let io = |path: &Path, e: std::io::Error| CatalogError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let entry = entry.map_err(|e| io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".toml") || !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
        files.push((name, text));
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
