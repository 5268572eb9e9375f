//! Where a record comes from and how far to trust it: [`Source`] and the Admiralty [`Grade`].

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::error::ParseError;

/// Source reliability, the letter of an Admiralty grade (STANAG 2511).
///
/// Ordered from most to least reliable; `F` (cannot be judged) sorts last and never satisfies
/// a minimum stricter than `F` (see [`Grade::meets`]).
///
/// # Example
///
/// ```
/// use materiel::provenance::Reliability;
/// let b: Reliability = "b".parse()?; // either case
/// assert_eq!(b, Reliability::B);
/// assert!(Reliability::A < b && b < Reliability::F); // most reliable first
/// assert_eq!(b.to_string(), "B");
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[strum(ascii_case_insensitive)]
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::reliability)]
pub enum Reliability {
    /// A: completely reliable.
    A,
    /// B: usually reliable.
    B,
    /// C: fairly reliable.
    C,
    /// D: not usually reliable.
    D,
    /// E: unreliable.
    E,
    /// F: reliability cannot be judged.
    F,
}

/// Information credibility, the digit of an Admiralty grade (STANAG 2511).
///
/// Ordered from most to least credible; `6` (cannot be judged) sorts last.
///
/// # Example
///
/// ```
/// use materiel::provenance::Credibility;
/// let c: Credibility = "3".parse()?;
/// assert_eq!(c, Credibility::PossiblyTrue);
/// assert!(Credibility::Confirmed < c); // most credible first
/// assert_eq!(c.to_string(), "3");
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::credibility)]
pub enum Credibility {
    /// 1: confirmed by independent sources.
    #[serde(rename = "1")]
    #[strum(serialize = "1")]
    Confirmed,
    /// 2: probably true.
    #[serde(rename = "2")]
    #[strum(serialize = "2")]
    ProbablyTrue,
    /// 3: possibly true.
    #[serde(rename = "3")]
    #[strum(serialize = "3")]
    PossiblyTrue,
    /// 4: doubtful.
    #[serde(rename = "4")]
    #[strum(serialize = "4")]
    Doubtful,
    /// 5: improbable.
    #[serde(rename = "5")]
    #[strum(serialize = "5")]
    Improbable,
    /// 6: truth cannot be judged.
    #[serde(rename = "6")]
    #[strum(serialize = "6")]
    CannotBeJudged,
}

/// An Admiralty (NATO STANAG 2511) grade: source reliability and information credibility,
/// graded independently and written together, as in `B3`.
///
/// # Two axes, one partial order
///
/// The letter says how far the *source* is trusted, the digit how far *this claim* is: the
/// two are independent, and neither outranks the other. So grades are compared per axis:
///
/// * `a` is at least as good as `b` ([`a.meets(b)`](Grade::meets)) when `a`'s letter is no
///   worse than `b`'s **and** `a`'s digit is no worse than `b`'s. This is a partial order:
///   `B4` and `C1` are incomparable (each is better on one axis). It is the order of every
///   grade filter ([`AsOf::min_grade`](crate::AsOf::min_grade)).
/// * The **weakest** of several grades ([`Grade::weakest`],
///   [`Provenance::weakest_grade`](crate::ledger::Provenance::weakest_grade)) is taken per
///   axis: the weakest letter with the weakest digit, `C4` for `B4` and `C1`. It need not be
///   any one entry's grade; it is the strongest grade they all meet, so a filter at it keeps
///   them all and a filter stricter on either axis drops at least one.
///
/// The derived [`Ord`] (letter first, then digit) is only a total order for sorting and map
/// keys; it is not a ranking of trust (it puts `B4` before `C1`).
///
/// # Example
///
/// ```
/// use materiel::provenance::{Credibility, Reliability};
/// use materiel::Grade;
///
/// let g: Grade = "B3".parse()?;
/// assert_eq!(g.reliability(), Reliability::B);
/// assert_eq!(g.credibility(), Credibility::PossiblyTrue);
/// assert_eq!(g.to_string(), "B3");
/// assert!(g.meets("C3".parse()?));
/// assert!(!g.meets("B2".parse()?));
/// assert!("G1".parse::<Grade>().is_err());
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Grade {
    reliability: Reliability,
    credibility: Credibility,
}

impl Grade {
    /// The weakest grade, `F6`: nothing can be judged.
    pub const UNGRADED: Grade = Grade::new(Reliability::F, Credibility::CannotBeJudged);

    /// A grade from its two halves.
    ///
    /// ```
    /// use materiel::provenance::{Credibility, Reliability};
    /// use materiel::Grade;
    /// assert_eq!(Grade::new(Reliability::A, Credibility::Confirmed).to_string(), "A1");
    /// ```
    pub const fn new(reliability: Reliability, credibility: Credibility) -> Self {
        Self {
            reliability,
            credibility,
        }
    }

    /// The source reliability (letter).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Grade;
    /// use materiel::provenance::Reliability;
    /// assert_eq!("C2".parse::<Grade>()?.reliability(), Reliability::C);
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub const fn reliability(self) -> Reliability {
        self.reliability
    }

    /// The information credibility (digit).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Grade;
    /// use materiel::provenance::Credibility;
    /// assert_eq!("C2".parse::<Grade>()?.credibility(), Credibility::ProbablyTrue);
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub const fn credibility(self) -> Credibility {
        self.credibility
    }

    /// True when this grade is at least as good as `minimum` on both axes: reliability no
    /// worse than the minimum's letter and credibility no worse than its digit. The two are
    /// graded independently, so `A4` does not meet `B3` (credibility too low) and `C1` does
    /// not either (reliability too low).
    ///
    /// ```
    /// let min: materiel::Grade = "B3".parse()?;
    /// assert!("A2".parse::<materiel::Grade>()?.meets(min));
    /// assert!(!"A4".parse::<materiel::Grade>()?.meets(min));
    /// assert!(!"C1".parse::<materiel::Grade>()?.meets(min));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn meets(self, minimum: Grade) -> bool {
        self.reliability <= minimum.reliability && self.credibility <= minimum.credibility
    }

    /// The weakest of two grades, per axis: the weaker reliability with the weaker
    /// credibility. Both grades [meet](Self::meets) it, and it is the strongest grade both
    /// meet. Not the larger of the two by [`Ord`]: `B4` and `C1` give `C4`.
    ///
    /// ```
    /// use materiel::Grade;
    /// let w = "B4".parse::<Grade>()?.weakest("C1".parse()?);
    /// assert_eq!(w.to_string(), "C4");
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    #[must_use]
    pub fn weakest(self, other: Grade) -> Grade {
        Grade::new(
            self.reliability.max(other.reliability),
            self.credibility.max(other.credibility),
        )
    }
}

impl FromStr for Grade {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |reason| ParseError::Grade {
            text: s.to_owned(),
            reason,
        };
        let t = s.trim();
        let mut chars = t.chars();
        let (Some(letter), Some(digit), None) = (chars.next(), chars.next(), chars.next()) else {
            return Err(bad("expected a letter A-F and a digit 1-6, as in `B3`"));
        };
        let reliability = Reliability::from_str(letter.encode_utf8(&mut [0; 4]))
            .map_err(|_| bad("reliability must be a letter from A to F"))?;
        let credibility = Credibility::from_str(digit.encode_utf8(&mut [0; 4]))
            .map_err(|_| bad("credibility must be a digit from 1 to 6"))?;
        Ok(Grade::new(reliability, credibility))
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.reliability, self.credibility)
    }
}

impl TryFrom<String> for Grade {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Grade> for String {
    fn from(g: Grade) -> String {
        g.to_string()
    }
}

/// Who said it, and how far to trust it: a citation, its Admiralty [`Grade`], and optionally a
/// link to the evidence and the source's own identifier for the record (a SIPRI deal id, an
/// Oryx entry number).
///
/// The grade belongs to the claim, not to the outlet: the same newspaper can be `B2` for a
/// photographed delivery and `B4` for a rumour it relays.
///
/// The citation is never blank: [`Source::new`] and the JSON form reject an empty one. The
/// JSON form is `{"citation": ..., "grade": "B3", "url": ..., "reference": ...}` (the last
/// two optional); other fields are rejected.
///
/// # Example
///
/// ```
/// use materiel::{Grade, ParseError, Source};
///
/// let s = Source::new("The Washington Post, 2025-10-31", "B3".parse()?)?
///     .with_url("https://www.washingtonpost.com/")
///     .with_reference("letters to Rostec");
/// assert_eq!(s.citation(), "The Washington Post, 2025-10-31");
/// assert_eq!(s.grade().to_string(), "B3");
/// assert_eq!(s.url(), Some("https://www.washingtonpost.com/"));
/// assert_eq!(s.to_string(), "The Washington Post, 2025-10-31 (B3) [letters to Rostec] <https://www.washingtonpost.com/>");
/// assert_eq!(Source::new(" ", Grade::UNGRADED), Err(ParseError::EmptyText { field: "citation" }));
/// # Ok::<(), ParseError>(())
/// ```
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "SourceWire")]
pub struct Source {
    citation: Arc<str>,
    grade: Grade,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reference: Option<Arc<str>>,
}

/// The JSON form of a [`Source`], checked on the way in.
#[derive(serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct SourceWire {
    citation: Arc<str>,
    grade: Grade,
    #[serde(default)]
    url: Option<Arc<str>>,
    #[serde(default)]
    reference: Option<Arc<str>>,
}

crate::map_only::map_only!(SourceWire, "struct SourceWire");

impl TryFrom<SourceWire> for Source {
    type Error = ParseError;
    fn try_from(wire: SourceWire) -> Result<Self, ParseError> {
        let mut source = Source::new(wire.citation, wire.grade)?;
        source.url = wire.url;
        source.reference = wire.reference;
        Ok(source)
    }
}

impl Source {
    /// A source known by its citation text, with the grade of this claim.
    ///
    /// # Errors
    ///
    /// [`ParseError::EmptyText`] naming `citation` when the citation is empty or only white
    /// space.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{ParseError, Source};
    /// let sipri = Source::new("SIPRI Arms Transfers Database", "A2".parse()?)?;
    /// assert_eq!(sipri.to_string(), "SIPRI Arms Transfers Database (A2)");
    /// assert!(matches!(Source::new("", "A2".parse()?), Err(ParseError::EmptyText { .. })));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn new(citation: impl Into<Arc<str>>, grade: Grade) -> Result<Self, ParseError> {
        let citation = citation.into();
        if citation.trim().is_empty() {
            return Err(ParseError::EmptyText { field: "citation" });
        }
        Ok(Self {
            citation,
            grade,
            url: None,
            reference: None,
        })
    }

    /// A source whose citation the caller has checked as [`Source::new`] does (a
    /// checkpoint's, checked on loading).
    pub(crate) fn checked(citation: Arc<str>, grade: Grade) -> Self {
        Self {
            citation,
            grade,
            url: None,
            reference: None,
        }
    }

    /// Adds a link to the evidence (an article, a photo, a video).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Source;
    /// let s = Source::new("a news report", "B3".parse()?)?.with_url("https://example.org/article");
    /// assert_eq!(s.url(), Some("https://example.org/article"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    #[must_use]
    pub fn with_url(mut self, url: impl Into<Arc<str>>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Adds the source's own identifier for the record, such as a SIPRI deal id.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Source;
    /// let s = Source::new("SIPRI Arms Transfers Database", "A2".parse()?)?.with_reference("deal 12345");
    /// assert_eq!(s.reference(), Some("deal 12345"));
    /// assert_eq!(s.to_string(), "SIPRI Arms Transfers Database (A2) [deal 12345]");
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    #[must_use]
    pub fn with_reference(mut self, reference: impl Into<Arc<str>>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// The citation's shared text (the journal's wire form clones it without copying).
    pub(crate) fn shared_citation(&self) -> &Arc<str> {
        &self.citation
    }

    /// The citation text.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Source;
    /// assert_eq!(Source::new("a news report", "B3".parse()?)?.citation(), "a news report");
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn citation(&self) -> &str {
        &self.citation
    }

    /// The Admiralty grade of this claim.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Source;
    /// let s = Source::new("a news report", "B3".parse()?)?;
    /// assert!(s.grade().meets("C3".parse()?));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn grade(&self) -> Grade {
        self.grade
    }

    /// The evidence link, if any.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Source;
    /// let s = Source::new("a news report", "B3".parse()?)?;
    /// assert_eq!(s.url(), None);
    /// assert_eq!(s.with_url("https://example.org/").url(), Some("https://example.org/"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// The source's own identifier for the record, if any.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Source;
    /// let s = Source::new("Oryx", "B2".parse()?)?;
    /// assert_eq!(s.reference(), None);
    /// assert_eq!(s.with_reference("entry 42").reference(), Some("entry 42"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.citation, self.grade)?;
        if let Some(r) = &self.reference {
            write!(f, " [{r}]")?;
        }
        if let Some(u) = &self.url {
            write!(f, " <{u}>")?;
        }
        Ok(())
    }
}
