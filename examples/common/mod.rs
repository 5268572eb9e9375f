//! The facts every example shares, cited once: the SIPRI excerpt and how it is imported, the
//! three reported Su-30MK2 crashes, the 2025 news report's count, the two Il-76 flights it
//! mentions as later reports date them, and the one hypothetical assessment the examples use.
//! Included by each example with `mod common;`.
//!
//! What the report says is summarised in `../shared/scenario/README.md` of the project; the
//! crash dates are those of the cited reports (the 2015 crash happened on the night of
//! Thursday 17 September 2015, announced by the defence ministry on the 18th).
//!
//! Correction: the report names the Il-76s' operator "Zicotrans", a misspelling of Aviacon
//! Zitotrans, the Russian cargo airline under US sanctions since January 2023 (news.mail.ru,
//! 2025-10-27). The examples use the real name (the holder `aviacon-zitotrans`, which the
//! importers' name table also finds under the report's spelling), and record the two
//! arrivals as sightings of that operator's flights, not as a fleet anyone holds.

// Each example uses part of this module.
#![allow(dead_code)]

use std::error::Error;

use jiff::Timestamp;
use materiel::import::sipri::{self, Options};
use materiel::{Count, EffectiveDate, Grade, Ledger, Source, Status};

/// The committed SIPRI excerpt (every Venezuelan row of the 2000-2030 export, data generated
/// 2025-01-03).
pub(crate) const SIPRI_EXCERPT: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sipri-excerpt.csv");

/// Imports the excerpt's Venezuelan rows (as recipient) through the importer, with its
/// default grades (`B2`, `B3` for SIPRI's estimates), recorded at the export's date.
pub(crate) fn import_sipri_venezuela(ledger: &mut Ledger) -> Result<sipri::Report, Box<dyn Error>> {
    let options = Options::new().recipient("Venezuela");
    Ok(sipri::import_file(ledger, SIPRI_EXCERPT, &options)?)
}

/// SIPRI deal 33019: the Su-30MK2 deliveries (year, aircraft), none flagged as estimates.
pub(crate) const SU30_DEAL: u32 = 33019;
/// The deliveries of deal 33019.
pub(crate) const SU30_DELIVERIES: [(i16, u64); 3] = [(2006, 4), (2007, 12), (2008, 8)];

/// The citation of the SIPRI figures, as the importer writes it.
pub(crate) const SIPRI_CITATION: &str = "SIPRI Arms Transfers Database, data generated 2025-01-03";

/// The importer's grade of SIPRI figures it does not flag as estimates.
pub(crate) fn sipri_grade() -> Grade {
    sipri::DEFAULT_GRADE
}

/// A reported Su-30MK2 crash.
pub(crate) struct Crash {
    /// (year, month, day) of the crash.
    pub(crate) date: (i16, i8, i8),
    /// Who reported it, and when.
    pub(crate) citation: &'static str,
    /// The report.
    pub(crate) url: &'static str,
    /// What it says.
    pub(crate) note: &'static str,
}

/// The three reported crashes, graded [`CRASH_GRADE`].
pub(crate) const CRASHES: [Crash; 3] = [
    Crash {
        date: (2015, 9, 17),
        citation: "Maduradas / NTN24, 2015-09-18",
        url: "https://maduradas.com/el-dato-el-sukhoi-que-se-estrello-en-la-frontera-costo-a-venezuela-casi-42-millones-de-dolares/",
        note: "crashed in Apure near the Colombian border, two crew killed",
    },
    Crash {
        date: (2019, 10, 16),
        citation: "kant.kg citing Webinfomil and minister J. Rodriguez, 2019-10-17",
        url: "https://kant.kg/2019-10-17/v-venesuele-razbilsya-su-30/",
        note: "crashed in Guarico, two crew killed",
    },
    Crash {
        date: (2023, 7, 2),
        citation: "Venezuelan defence ministry via bobruisk.ru, 2023-07-03",
        url: "https://bobruisk.ru/news/2023/07/03/v-venesuele-poterpel-krushenie-istrebitel-su-30",
        note: "tail 3363, crashed in Miranda rehearsing the 5 July parade",
    },
];

/// The crash reports' grade: the Venezuelan defence ministry announced each crash (usually
/// reliable on its own losses, which it has no reason to invent), relayed by several outlets
/// (probably true).
pub(crate) const CRASH_GRADE: &str = "B2";

/// When the crash reports were recorded.
pub(crate) const CRASHES_RECORDED: &str = "2025-02-01T09:00:00Z";

impl Crash {
    /// The crash's date.
    pub(crate) fn effective(&self) -> Result<EffectiveDate, Box<dyn Error>> {
        let (y, m, d) = self.date;
        Ok(EffectiveDate::day(y, m, d)?)
    }
    /// The crash's source.
    pub(crate) fn source(&self) -> Result<Source, Box<dyn Error>> {
        Ok(Source::new(self.citation, CRASH_GRADE.parse()?)?.with_url(self.url))
    }
}

/// The news report relaying The Washington Post. It names the Il-76s' operator "Zicotrans",
/// a misspelling of Aviacon Zitotrans ([`IL76_OPERATOR`]).
pub(crate) const REPORT: &str = "News report 'Russia Reaffirms Backing for Venezuela', 2025-11-01";
/// The day the report is taken as published.
pub(crate) const REPORT_DAY: (i16, i8, i8) = (2025, 11, 1);
/// "24 Sukhoi Su-30 MK2 fighter jets ... the operational status of all aircraft is unknown".
pub(crate) const REPORT_SU30: u64 = 24;
/// Its grade: a fairly reliable outlet (C), but 24 is the 2006 order repeated, ignoring three
/// reported crashes: doubtful (4).
pub(crate) const REPORT_SU30_GRADE: &str = "C4";
/// When the report was recorded (its count re-keyed the next day: see the flagship).
pub(crate) const REPORT_RECORDED: &str = "2025-11-03T09:00:00Z";
/// The latest recorded time of the examples' facts: the "as known at" of their views.
pub(crate) const AS_KNOWN_AT: &str = "2025-11-04T12:00:00Z";

/// The operator of the Il-76 flights the report mentions, by its real name (a name the
/// importers' name table knows: `materiel::import::holder` gives `aviacon-zitotrans`).
pub(crate) const IL76_OPERATOR: &str = "Aviacon Zitotrans";
/// The report's spelling of [`IL76_OPERATOR`], kept as an alias: the name table resolves it
/// to the same holder.
pub(crate) const IL76_OPERATOR_AS_REPORTED: &str = "Zicotrans";

/// A reported landing of an Il-76 of [`IL76_OPERATOR`] in Venezuela: one flight seen, not a
/// fleet held.
pub(crate) struct Sighting {
    /// When it landed, as an effective date (`2025-10-26`, or `<=2025-11-01`: on or before
    /// the day of the report, which gives no date).
    pub(crate) date: &'static str,
    /// Where it was published, and when.
    pub(crate) citation: &'static str,
    /// The report.
    pub(crate) url: &'static str,
    /// Its grade (see [`IL76_SIGHTINGS`]).
    pub(crate) grade: &'static str,
    /// What it says: registration where reported, route, cargo.
    pub(crate) note: &'static str,
}

/// The two Il-76 arrivals, as the later reports of `../shared/scenario/README.md` ("Later
/// reports") date them. The 2025 report's "two Ilyushin Il-76 transport aircraft in Caracas
/// ... capable of carrying up to 50 tons of cargo - the contents of which were not publicly
/// disclosed" are these flights; whether the second was RA-78765 again is not settled.
///
/// * RA-78765 on 2025-10-26, `B2`: several outlets relay the same public flight-tracking
///   record (FlightRadar24), with the registration, route and day: usually reliable (B),
///   probably true (2). news.mail.ru (2025-10-27,
///   <https://news.mail.ru/society/68474373/>: an Il-76TD of Aviacon Zitotrans, route through
///   Armenia, Algeria, Morocco, Senegal and Mauritania, reported on Sunday 26 October);
///   CaliToday (2025-10-28, the URL below: RA-78765 "touched down on Sunday"); Defense News
///   via focus.ua (2025-11-01,
///   <https://focus.ua/world/731166-ranee-rabotal-na-chvk-vagner-podsankcionnyy-rossiyskiy-samolet-il-76-pribyl-v-venesuelu>).
/// * Another Il-76TD on or before 2025-11-01, `C3`: one outlet, no registration, no tracking
///   record cited: fairly reliable (C, as the examples grade news outlets they have not
///   assessed), possibly true (3).
pub(crate) const IL76_SIGHTINGS: [Sighting; 2] = [
    Sighting {
        date: "2025-10-26",
        citation: "CaliToday, 2025-10-28, from flight-tracking records; also news.mail.ru, \
                   2025-10-27, and Defense News via focus.ua, 2025-11-01",
        url: "https://www.calitoday.net/2025/10/shadowy-russian-cargo-jet-with-wagner.html",
        grade: "B2",
        note: "Il-76TD RA-78765 landed in Caracas on Sunday 2025-10-26 after a route through \
               Armenia, Algeria, Morocco, Senegal and Mauritania; cargo undisclosed",
    },
    Sighting {
        date: "<=2025-11-01",
        citation: "spanish.news-pravda.com, 2025-11-01",
        url: "https://spanish.news-pravda.com/world/2025/11/01/621775.html",
        grade: "C3",
        note: "another Il-76TD of Aviacon Zitotrans landed in Venezuela, registration not \
               reported (\"on 27 October another Il-76 had visited\"); whether it was RA-78765 \
               again is not settled; cargo undisclosed",
    },
];

impl Sighting {
    /// The landing's date.
    pub(crate) fn effective(&self) -> Result<EffectiveDate, Box<dyn Error>> {
        Ok(self.date.parse()?)
    }
    /// The report's source.
    pub(crate) fn source(&self) -> Result<Source, Box<dyn Error>> {
        Ok(Source::new(self.citation, self.grade.parse()?)?.with_url(self.url))
    }
}

/// The one hypothetical assessment the examples use (not a report): a 2026 assessment finding
/// 8 operational, 4 degraded, 9 awaiting parts of the 21 aircraft deliveries minus crashes
/// leave.
pub(crate) const HYPOTHETICAL_2026: [(Status, u64); 3] = [
    (Status::Operational, 8),
    (Status::Degraded, 4),
    (Status::NonOperationalSupply, 9),
];

/// The hypothetical's breakdown as counts.
pub(crate) fn hypothetical_breakdown() -> Result<Vec<(Status, Count)>, Box<dyn Error>> {
    HYPOTHETICAL_2026
        .iter()
        .map(|&(s, n)| Ok((s, Count::exact(n)?)))
        .collect()
}

/// A timestamp from RFC 3339 text.
pub(crate) fn ts(text: &str) -> Result<Timestamp, Box<dyn Error>> {
    Ok(text.parse()?)
}
