//! `Catalog`: the platforms, looked up by id, designation or alias; their figures with units
//! as text and as SI floats.

use materiel::Catalog;
use materiel::catalog::Category;
use materiel::units::{Length, Mass, Power, Quantity, Time, Velocity, parse_quantity};
use pyo3::prelude::*;
use serde_json::Value;
use strum::IntoEnumIterator;

use crate::errors::{self, CatalogError, ResultExt};
use crate::frame::{Kind, Table};

/// A catalog of platform models: the bundled reference catalog (`Catalog()`), or one read
/// from JSON (`Catalog.from_json`) or from a directory of TOML files (`Catalog.from_dir`).
///
/// Example:
///
/// >>> catalog = materiel.Catalog()
/// >>> catalog.platform("Su-30MK2")["id"]
/// 'su-30mk2'
#[pyclass(module = "materiel", name = "Catalog", frozen)]
pub(crate) struct PyCatalog {
    catalog: Catalog,
}

impl From<Catalog> for PyCatalog {
    fn from(catalog: Catalog) -> Self {
        Self { catalog }
    }
}

impl PyCatalog {
    /// A copy of the catalog.
    pub(crate) fn inner(&self) -> Catalog {
        self.catalog.clone()
    }

    fn get(&self, name: &str) -> PyResult<&materiel::Platform> {
        self.catalog.resolve(name).ok_or_else(|| {
            CatalogError::new_err(format!(
                "unknown platform {name:?}: not an id, designation or alias in the catalog"
            ))
        })
    }
}

/// The JSON form of a platform as a Python object.
fn json_value(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    let text = value.to_string();
    Ok(py
        .import("json")?
        .getattr("loads")?
        .call1((text,))?
        .unbind())
}

/// A quantity written as text (`"400 km"`, `"2120 km/h"`) in SI (metres, kilograms, metres
/// per second, seconds, watts) with the SI unit's symbol, or `None` for text of no dimension
/// the crate knows.
fn si(text: &str) -> Option<(f64, &'static str)> {
    fn of<Q: Quantity>(text: &str, unit: &'static str) -> Option<(f64, &'static str)> {
        parse_quantity::<Q>(text).ok().map(|q| (q.si_value(), unit))
    }
    of::<Length>(text, "m")
        .or_else(|| of::<Mass>(text, "kg"))
        .or_else(|| of::<Velocity>(text, "m/s"))
        .or_else(|| of::<Time>(text, "s"))
        .or_else(|| of::<Power>(text, "W"))
}

/// A figure's number: the text as written and its SI value and unit (a plain number, such
/// as a crew, is its own value with no unit).
fn number(value: Option<&Value>) -> (String, Option<(f64, &'static str)>) {
    match value {
        Some(Value::String(s)) => (s.clone(), si(s)),
        Some(Value::Number(n)) => (n.to_string(), n.as_f64().map(|x| (x, ""))),
        Some(other) => (other.to_string(), None),
        None => (String::new(), None),
    }
}

const FIGURE_COLUMNS: [&str; 15] = [
    "platform",
    "field",
    "quote",
    "value",
    "value_si",
    "min",
    "min_si",
    "max",
    "max_si",
    "unit_si",
    "qualifier",
    "condition",
    "note",
    "source",
    "source_title",
];

#[pymethods]
impl PyCatalog {
    /// The bundled reference catalog.
    ///
    /// Example:
    ///
    /// >>> len(materiel.Catalog()) > 100
    /// True
    #[new]
    fn new() -> Self {
        Catalog::reference().into()
    }

    /// A catalog from its JSON form (as `materiel catalog --format json` and the
    /// library's `Catalog::to_json` write it).
    ///
    /// Example:
    ///
    /// >>> materiel.Catalog.from_json(open("catalog.json").read())
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(Catalog::from_json(text).py()?.into())
    }

    /// The catalog's JSON form, which `Catalog.from_json` reads back.
    ///
    /// Example:
    ///
    /// >>> c = materiel.Catalog()
    /// >>> len(materiel.Catalog.from_json(c.to_json())) == len(c)
    /// True
    fn to_json(&self) -> String {
        self.catalog.to_json()
    }

    /// A catalog from a directory of TOML files in the bundled catalog's format
    /// (`catalog/README.md`).
    ///
    /// Example:
    ///
    /// >>> materiel.Catalog.from_dir("catalog/")
    #[staticmethod]
    fn from_dir(path: std::path::PathBuf) -> PyResult<Self> {
        Ok(Catalog::from_dir(path).py()?.into())
    }

    /// The number of platforms.
    ///
    /// Example:
    ///
    /// >>> len(materiel.Catalog()) > 100
    /// True
    fn __len__(&self) -> usize {
        self.catalog.len()
    }

    /// Whether `name` is a platform's id, designation or alias.
    ///
    /// Example:
    ///
    /// >>> "Su-30MK2" in materiel.Catalog()
    /// True
    fn __contains__(&self, name: &str) -> bool {
        self.catalog.resolve(name).is_some()
    }

    fn __repr__(&self) -> String {
        format!("<materiel.Catalog ({} platforms)>", self.catalog.len())
    }

    /// The platform named `name` (id, designation or alias) in its JSON form, as a dict:
    /// `id`, `designation`, `kind`, `category`, `parent`, `origin`, `names`, `sources`,
    /// `spec` (figures with units as text), ...
    ///
    /// Raises `CatalogError` for a name the catalog does not hold.
    ///
    /// Example:
    ///
    /// >>> materiel.Catalog().platform("Su-30MK2")["spec"]["range"]["value"]
    /// '3000 km'
    fn platform(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        let p = self.get(name)?;
        let value =
            serde_json::to_value(p).map_err(|e| errors::CatalogError::new_err(e.to_string()))?;
        json_value(py, &value)
    }

    /// Every platform, one row each, in the catalog's order: `id`, `designation`,
    /// `kind` and `category` (categoricals), `parent`, `is_family`, `origin`, `manufacturer`, `service_entry` (nullable integer).
    ///
    /// Example:
    ///
    /// >>> materiel.Catalog().platforms().query("kind == 'aircraft'").shape[0] > 10
    /// True
    fn platforms(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let names = [
            "id",
            "designation",
            "kind",
            "category",
            "parent",
            "is_family",
            "origin",
            "manufacturer",
            "service_entry",
        ];
        // `kind` holds the export's `platform_kind` values.
        let kinds = names.iter().map(|n| {
            let kind = match *n {
                "kind" => crate::frame::kind_of("platform_kind", &[]),
                // Every catalog category, in declaration order.
                "category" => Kind::Category(
                    Category::iter()
                        .map(|c| <&'static str>::from(c).to_owned())
                        .collect(),
                ),
                "id" => Kind::Text,
                other => crate::frame::kind_of(other, &names),
            };
            ((*n).to_owned(), kind)
        });
        let mut table = Table::with_kinds(kinds);
        for p in self.catalog.iter() {
            let kind: &'static str = p.kind().into();
            let parent = p.parent().map(ToString::to_string).unwrap_or_default();
            let origin = p.origin().map(ToString::to_string).unwrap_or_default();
            let entry = p.service_entry().map(|y| y.to_string()).unwrap_or_default();
            table.push([
                p.id().as_str(),
                p.designation(),
                kind,
                &p.category().to_string(),
                &parent,
                if p.is_family() { "true" } else { "false" },
                &origin,
                p.manufacturer().unwrap_or(""),
                &entry,
            ])?;
        }
        table.into_frame(py)
    }

    /// The figures of the platform named `name`, one row per quote (the stated one,
    /// `quote` 0, then each alternative another page gives, 1, 2, ...): `field`, the number
    /// as written (`value`, or a range's `min` and `max`, with units: `"3000 km"`), the same
    /// in SI units as floats (`value_si`, `min_si`, `max_si`; `unit_si` is `m`, `kg`, `m/s`,
    /// `s`, `W`, or empty for a plain number), `qualifier`, `condition`, `note`, and the
    /// `source` key with its `source_title`.
    ///
    /// Example:
    ///
    /// >>> f = materiel.Catalog().figures("Su-30MK2")
    /// >>> f.loc[f.field == "range", ["value", "value_si", "unit_si"]].values.tolist()
    /// [['3000 km', 3000000.0, 'm']]
    fn figures(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        let p = self.get(name)?;
        let value =
            serde_json::to_value(p).map_err(|e| errors::CatalogError::new_err(e.to_string()))?;
        let kinds = FIGURE_COLUMNS.iter().map(|n| {
            let kind = match *n {
                "quote" => Kind::Int,
                "value_si" | "min_si" | "max_si" => Kind::Float,
                _ => Kind::Text,
            };
            ((*n).to_owned(), kind)
        });
        let mut table = Table::with_kinds(kinds);
        let spec = value.get("spec").and_then(Value::as_object);
        for (field, figure) in spec.into_iter().flatten() {
            let Some(stated) = figure.as_object().filter(|f| f.contains_key("source")) else {
                continue;
            };
            let also = stated.get("also").and_then(Value::as_array);
            let quotes = std::iter::once(figure).chain(also.into_iter().flatten());
            for (i, quote) in quotes.enumerate() {
                let get = |k: &str| quote.get(k);
                let text = |k: &str| get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                let (v, v_si) = number(get("value"));
                let (lo, lo_si) = number(get("min"));
                let (hi, hi_si) = number(get("max"));
                let unit = v_si.or(lo_si).or(hi_si).map_or("", |(_, u)| u);
                let f = |x: Option<(f64, &str)>| x.map(|(n, _)| n.to_string()).unwrap_or_default();
                let key = text("source");
                let title = self
                    .catalog
                    .source(&key)
                    .map(|s| s.title().to_owned())
                    .unwrap_or_default();
                table.push([
                    p.id().as_str(),
                    field.as_str(),
                    &i.to_string(),
                    &v,
                    &f(v_si),
                    &lo,
                    &f(lo_si),
                    &hi,
                    &f(hi_si),
                    unit,
                    &text("qualifier"),
                    &text("condition"),
                    &text("note"),
                    &key,
                    &title,
                ])?;
            }
        }
        table.into_frame(py)
    }
}
