//! [`CatalogSource`]: a page, book or data file a catalog cites, declared once under a key;
//! and its wire form.

use serde::{Deserialize, Serialize};

/// A source a catalog cites: a page, a book or a data file, declared once under a key (a slug
/// such as `wp-en-t-72`) and cited by that key from platforms, figures and keyword rules.
///
/// # Example
///
/// ```
/// use materiel::catalog::CatalogSource;
///
/// let s = CatalogSource::new("wp-en-t-72", "T-72 (Wikipedia, English)")?
///     .with_url("https://en.wikipedia.org/wiki/T-72")?
///     .with_date("2024-05-01")?;
/// assert_eq!(s.key(), "wp-en-t-72");
/// assert_eq!(s.url(), Some("https://en.wikipedia.org/wiki/T-72"));
/// assert!(CatalogSource::new("Not A Slug", "x").is_err());
/// assert!(s.clone().with_date("May 2024").is_err());
/// # Ok::<(), materiel::catalog::CatalogError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogSource {
    key: String,
    title: String,
    url: Option<String>,
    publisher: Option<String>,
    date: Option<String>,
}

impl CatalogSource {
    /// A source with its key and title.
    ///
    /// # Errors
    ///
    /// [`CatalogError::InvalidSource`](super::CatalogError::InvalidSource) when the key is not
    /// a slug (lowercase letters, digits, inner hyphens) or the title is blank.
    pub fn new(
        key: impl Into<String>,
        title: impl Into<String>,
    ) -> Result<Self, super::CatalogError> {
        let s = Self {
            key: key.into(),
            title: title.into(),
            url: None,
            publisher: None,
            date: None,
        };
        s.check()?;
        Ok(s)
    }

    /// Sets where the source was read.
    ///
    /// # Errors
    ///
    /// [`CatalogError::InvalidSource`](super::CatalogError::InvalidSource) for blank text.
    pub fn with_url(mut self, url: impl Into<String>) -> Result<Self, super::CatalogError> {
        self.url = Some(url.into());
        self.check()?;
        Ok(self)
    }

    /// Sets the publisher.
    ///
    /// # Errors
    ///
    /// [`CatalogError::InvalidSource`](super::CatalogError::InvalidSource) for blank text.
    pub fn with_publisher(
        mut self,
        publisher: impl Into<String>,
    ) -> Result<Self, super::CatalogError> {
        self.publisher = Some(publisher.into());
        self.check()?;
        Ok(self)
    }

    /// Sets the publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    ///
    /// # Errors
    ///
    /// [`CatalogError::InvalidSource`](super::CatalogError::InvalidSource) for any other text.
    pub fn with_date(mut self, date: impl Into<String>) -> Result<Self, super::CatalogError> {
        self.date = Some(date.into());
        self.check()?;
        Ok(self)
    }

    /// The key figures cite it by.
    pub fn key(&self) -> &str {
        &self.key
    }
    /// What the source is.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Where it was read, if given.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
    /// Its publisher, if given.
    pub fn publisher(&self) -> Option<&str> {
        self.publisher.as_deref()
    }
    /// Its publication date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if given.
    pub fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }

    fn check(&self) -> Result<(), super::CatalogError> {
        let bad = |reason: &'static str| super::CatalogError::InvalidSource {
            key: self.key.clone(),
            reason,
        };
        if !crate::holder::is_slug(&self.key) {
            return Err(bad(
                "a source key is a slug: lowercase letters, digits and inner hyphens",
            ));
        }
        if self.title.trim().is_empty() {
            return Err(bad("the title is empty"));
        }
        if [&self.url, &self.publisher]
            .into_iter()
            .flatten()
            .any(|t| t.trim().is_empty())
        {
            return Err(bad("a url or publisher is empty"));
        }
        if let Some(d) = &self.date
            && !is_date(d)
        {
            return Err(bad("the date is not YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        Ok(())
    }
}

/// `YYYY`, `YYYY-MM` (month 01-12) or `YYYY-MM-DD` (day 01-31).
fn is_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    let num = |s: &str, len: usize, max: u32| {
        s.len() == len
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>()
                .is_ok_and(|n| len == 4 || (1..=max).contains(&n))
    };
    match parts.as_slice() {
        [y] => num(y, 4, 0),
        [y, m] => num(y, 4, 0) && num(m, 2, 12),
        [y, m, dd] => num(y, 4, 0) && num(m, 2, 12) && num(dd, 2, 31),
        _ => false,
    }
}

/// The wire form of a [`CatalogSource`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct SourceWire {
    pub(crate) title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) date: Option<String>,
}
super::wire::map_only!(SourceWire);

impl CatalogSource {
    pub(crate) fn from_wire(key: String, w: SourceWire) -> Result<Self, super::CatalogError> {
        let s = Self {
            key,
            title: w.title,
            url: w.url,
            publisher: w.publisher,
            date: w.date,
        };
        s.check()?;
        Ok(s)
    }

    pub(crate) fn to_wire(&self) -> SourceWire {
        SourceWire {
            title: self.title.clone(),
            url: self.url.clone(),
            publisher: self.publisher.clone(),
            date: self.date.clone(),
        }
    }
}
