//! Entry facts (`materiel::ledger::Facts`: a source tag and opaque JSON) survive every way a
//! ledger is written and read back: the journal, its checkpoint, snapshots, and one-by-one vs
//! batched appends; the SIPRI importer reads its own back typed (`SipriDeal::of`), and journals
//! written before the ledger stopped reading facts read and write back byte for byte.

#![allow(clippy::unwrap_used)]

use materiel::export::{self, ExportError, Format};
use materiel::holder::HolderKind;
use materiel::import::sipri::{self, Options, SipriDeal, Tiv};
use materiel::journal::{CheckpointStatus, Journal, JournalOptions, checkpoint_path};
use materiel::ledger::{Condition, FactSchema, Facts, FactsError};
use materiel::{
    Catalog, Change, Count, EffectiveDate, Entry, Ledger, NewEntry, PlatformRef, Source,
};
use proptest::prelude::*;

const EXCERPT: &str = include_str!("../data/sipri-excerpt.csv");

/// A version-1 journal of 41 entries of the SIPRI excerpt's import, written by the code
/// before facts became opaque to the ledger (SIPRI data, cited in every entry's source).
const V1_FACTS: &[u8] = include_bytes!("../data/journal-v1-facts.jsonl");

fn excerpt() -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    sipri::import(&mut ledger, EXCERPT.as_bytes(), &Options::new()).unwrap();
    ledger
}

fn all(ledger: &Ledger) -> Vec<Entry> {
    ledger.entries().collect()
}

fn delivery(recorded: &str) -> NewEntry {
    NewEntry::new(
        "VEN".parse().unwrap(),
        PlatformRef::catalog("su-30mk2").unwrap(),
        EffectiveDate::year(2006).unwrap(),
        Change::Delivered {
            count: Count::exact(4).unwrap(),
            into: materiel::Status::Unknown,
            supplier: Some("RUS".parse().unwrap()),
            condition: Default::default(),
        },
        Source::new("SIPRI", "B2".parse().unwrap()).unwrap(),
        recorded.parse().unwrap(),
    )
}

/// Every entry of the excerpt's deals has facts (the window's unknown openings, about no
/// deal, have none); the ledger gives them back as they went in.
#[test]
fn facts_round_trip_through_journal_checkpoint_and_snapshot() {
    let ledger = excerpt();
    let entries = all(&ledger);
    assert!(entries.iter().all(|e| {
        e.facts().is_some() == !matches!(e.change(), materiel::Change::OpeningUnknown)
    }));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sipri.journal");
    let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    // Half one by one, half as a batch.
    let (first, rest) = entries.split_at(entries.len() / 2);
    for e in first {
        journal.append(e.content().clone()).unwrap();
    }
    journal
        .extend(rest.iter().map(|e| e.content().clone()))
        .unwrap();
    assert_eq!(all(journal.ledger()), entries);
    drop(journal);

    // Replayed in full.
    let mut reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    assert_eq!(all(reopened.ledger()), entries);
    // Through a checkpoint.
    reopened.checkpoint().unwrap();
    drop(reopened);
    let from_checkpoint =
        Journal::open(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    assert!(matches!(
        from_checkpoint.checkpoint_status(),
        CheckpointStatus::Loaded { .. }
    ));
    assert_eq!(all(from_checkpoint.ledger()), entries);

    // Through a snapshot.
    let json = ledger.to_snapshot_json();
    let back = Ledger::from_snapshot_json(&json, Catalog::reference()).unwrap();
    assert_eq!(all(&back), entries);
}

/// The wire form of facts: a `"facts"` key, only when the entry has some, holding the source
/// tag and the schema's JSON (TIVs as text, empty fields left out).
#[test]
fn facts_in_the_wire_form() {
    let mut deal = SipriDeal::new(33019, "Su-30MK");
    deal.order_year = 2006;
    deal.tiv_unit = Some("55".parse::<Tiv>().unwrap());
    deal.tiv_delivery = Some("0.15".parse::<Tiv>().unwrap());
    deal.licensed = Some(false);
    let entry = delivery("2025-01-03T00:00:00Z");
    let mut ledger = Ledger::new(Catalog::reference());
    ledger.append(entry.clone()).unwrap();
    ledger.append(entry.with_facts(deal.to_facts())).unwrap();
    let json = ledger.to_snapshot_json();
    assert_eq!(json.matches("\"facts\"").count(), 1, "{json}");
    assert!(
        json.contains(
            r#""facts":{"sipri":{"deal":33019,"designation":"Su-30MK","order_year":2006,"status":"new","licensed":false,"tiv_unit":"55","tiv_delivery":"0.15"}}"#
        ),
        "{json}"
    );
    let back = Ledger::from_snapshot_json(&json, Catalog::reference()).unwrap();
    let second = back.entries().nth(1).unwrap();
    assert_eq!(second.facts(), Some(&deal.to_facts()));
    assert_eq!(SipriDeal::of(&second), Ok(Some(deal)));
    assert_eq!(back.entries().next().unwrap().facts(), None);
    assert_eq!(SipriDeal::of(&back.entries().next().unwrap()), Ok(None));
}

/// The ledger keeps facts it cannot read as they are (here from an entry's JSON, as the
/// command line reads one); the importer's typed access, and the export that uses it, say
/// what is wrong with them instead of dropping them.
#[test]
fn facts_that_do_not_match_the_schema_are_kept_and_reported_when_read() {
    let deal = SipriDeal::new(33019, "Su-30MK");
    let json = serde_json::to_string(&delivery("2025-01-03T00:00:00Z").with_facts(deal.to_facts()))
        .unwrap();
    // A misspelt key: not a SIPRI deal, but facts all the same.
    let bad = json.replace("\"order_year\":0", "\"order_yaer\":0");
    assert_ne!(bad, json);
    let entry: NewEntry = serde_json::from_str(&bad).unwrap();
    let mut ledger = Ledger::new(Catalog::reference());
    ledger.append(entry).unwrap();
    let back =
        Ledger::from_snapshot_json(&ledger.to_snapshot_json(), Catalog::reference()).unwrap();
    let entry = back.entries().next().unwrap();
    assert_eq!(entry.facts().unwrap().tag(), "sipri");
    let err = SipriDeal::of(&entry).unwrap_err();
    assert!(matches!(&err, FactsError::Value { tag, .. } if tag == "sipri"));
    assert!(err.to_string().contains("order_yaer"), "{err}");
    assert!(back.to_snapshot_json().contains("\"order_yaer\":0"));
    let err = export::entries(&back, Format::Csv, Vec::new()).unwrap_err();
    assert!(matches!(&err, ExportError::Facts { entry, .. } if entry.get() == 0));
    assert!(
        err.to_string()
            .starts_with("cannot write the entries table: entry #0: invalid sipri facts"),
        "{err}"
    );
    // Facts that are not one source tag and a JSON value do not parse.
    for bad in [
        json.replace("{\"sipri\":{", "{\"SIPRI\":{"),
        json.replace("\"facts\":{\"sipri\":", "\"facts\":{\"x\":1,\"sipri\":"),
        json.replace("\"facts\":{\"sipri\":{", "\"facts\":[{"),
        json.replace("\"facts\":{\"sipri\":", "\"facts\":{}, \"x\":"),
    ] {
        assert_ne!(bad, json);
        assert!(serde_json::from_str::<NewEntry>(&bad).is_err(), "{bad}");
    }
}

/// A schema of another source, as a new importer would define it: the ledger keeps its facts
/// through every path, and the SIPRI reader sees none.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Sighting {
    registration: String,
    airport: Option<String>,
}

impl FactSchema for Sighting {
    const TAG: &'static str = "sighting";
}

#[test]
fn facts_of_another_source_go_through_every_path() {
    let sighting = Sighting {
        registration: "RA-78765".into(),
        airport: Some("CCS".into()),
    };
    let entry = delivery("2025-10-26T00:00:00Z").with_facts(Facts::new(&sighting).unwrap());
    assert_eq!(entry.facts_as::<Sighting>(), Ok(Some(sighting)));
    assert_eq!(SipriDeal::of(&entry), Ok(None));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.journal");
    let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    journal.append(entry.clone()).unwrap();
    journal.checkpoint().unwrap();
    drop(journal);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(r#""facts":{"sighting":{"registration":"RA-78765","airport":"CCS"}}"#),
        "{text}"
    );
    let reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    assert!(matches!(
        reopened.checkpoint_status(),
        CheckpointStatus::Loaded { .. }
    ));
    assert_eq!(
        reopened.ledger().entries().next().unwrap().content(),
        &entry
    );
    let snapshot = reopened.ledger().to_snapshot_json();
    let back = Ledger::from_snapshot_json(&snapshot, Catalog::reference()).unwrap();
    assert_eq!(back.entries().next().unwrap().content(), &entry);
    // The export's SIPRI columns are empty for it.
    let mut out = Vec::new();
    export::entries(&back, Format::Csv, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.lines().nth(1).unwrap().ends_with(",,,,,,,,,,,,,"),
        "{text}"
    );
}

/// A journal written before facts became opaque, with the SIPRI facts of the time, reads and
/// writes back byte for byte, and its facts read back typed as the same schema.
#[test]
fn journal_with_facts_written_before_reads_and_writes_back_byte_for_byte() {
    let replay = Journal::read_from(V1_FACTS, Catalog::reference(), &JournalOptions::new())
        .expect("the fixture replays");
    assert!(replay.recovery.is_none());
    let ledger = replay.ledger;
    assert_eq!(ledger.len(), 41);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("again.jsonl");
    let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    for entry in ledger.entries() {
        journal.append(entry.content().clone()).unwrap();
    }
    drop(journal);
    let written = std::fs::read(&path).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(V1_FACTS),
        "the v1 wire form of facts changed"
    );
    // Typed, and written again by the schema, the same bytes: the schema is the form the
    // journal holds.
    let mut kinds = Vec::new();
    for e in ledger.entries() {
        let deal = SipriDeal::of(&e).unwrap().expect("SIPRI facts");
        assert_eq!(&deal.to_facts(), e.facts().unwrap(), "entry {}", e.id());
        kinds.push((deal.recipient_kind, deal.licensed));
    }
    assert!(kinds.contains(&(HolderKind::NonStateActor, Some(false))));
    assert!(kinds.iter().any(|&(_, licensed)| licensed == Some(true)));
}

/// Today's importer writes the same facts, byte for byte, as the one that wrote the fixture:
/// a ledger holding an older import compares deal by deal as unchanged.
#[test]
fn the_importer_writes_the_facts_it_wrote_before() {
    let old = Journal::read_from(V1_FACTS, Catalog::reference(), &JournalOptions::new())
        .unwrap()
        .ledger;
    let new = excerpt();
    for e in old.entries() {
        let same = new.entries().any(|n| {
            n.source() == e.source()
                && n.change() == e.change()
                && n.effective() == e.effective()
                && n.facts() == e.facts()
        });
        assert!(same, "no entry of today's import has the facts of {e}");
    }
}

/// A checkpoint of the previous format (version 4, whose tables were not in sections and which
/// had one CRC-32C of the whole file) is ignored with its reason, and the journal replayed in
/// full.
#[test]
fn a_checkpoint_of_the_previous_version_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.journal");
    let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    for e in excerpt().entries().take(20) {
        journal.append(e.into_content()).unwrap();
    }
    journal.checkpoint().unwrap();
    drop(journal);
    let file = checkpoint_path(&path);
    let mut bytes = std::fs::read(&file).unwrap();
    assert_eq!(bytes[8..12], 6u32.to_le_bytes());
    bytes[8..12].copy_from_slice(&4u32.to_le_bytes());
    crate::checkpoint::fix_checksums(&mut bytes);
    std::fs::write(&file, &bytes).unwrap();
    let reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    match reopened.checkpoint_status() {
        CheckpointStatus::Ignored { reason, .. } => {
            assert!(reason.contains("version 4"), "{reason}")
        }
        other => panic!("expected the checkpoint ignored, got {other:?}"),
    }
    assert_eq!(reopened.ledger().len(), 20);
}

/// The entries table ends with the facts columns, filled for SIPRI entries.
#[test]
fn facts_in_the_entries_table() {
    use materiel::export::ENTRY_COLUMNS;
    let ledger = excerpt();
    let mut out = Vec::new();
    export::entries(&ledger, Format::Csv, &mut out).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let col = |name: &str| ENTRY_COLUMNS.iter().position(|c| *c == name).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[col("source_reference")] == "33019" && &r[col("change")] == "delivered")
        .unwrap();
    let cells: Vec<&str> = [
        "sipri_deal",
        "designation",
        "armament_category",
        "order_year",
        "sipri_status",
        "licensed",
        "tiv_unit",
        "tiv_delivery",
        "delivered_estimate",
    ]
    .iter()
    .map(|c| &row[col(c)])
    .collect();
    assert_eq!(
        cells,
        [
            "33019", "Su-30MK", "Aircraft", "2006", "new", "false", "55", "220", "false"
        ]
    );
    let mut jsonl = Vec::new();
    export::entries(&ledger, Format::JsonLines, &mut jsonl).unwrap();
    // The first row of a deal (the window's unknown openings come first, with no facts).
    let first: serde_json::Value = jsonl
        .split(|b| *b == b'\n')
        .map(|l| serde_json::from_slice::<serde_json::Value>(l).unwrap())
        .find(|v| v["change"] != "opening_unknown")
        .unwrap();
    assert!(first["tiv_unit"].is_number() || first["tiv_unit"].is_null());
    assert!(first["sipri_deal"].is_number());
}

fn flag() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![Just(None), any::<bool>().prop_map(Some)]
}

fn tiv() -> impl Strategy<Value = Option<Tiv>> {
    prop_oneof![
        Just(None),
        (0u64..=u64::MAX / 1000).prop_map(|t| Some(Tiv::from_thousandths(t)))
    ]
}

fn kind() -> impl Strategy<Value = HolderKind> {
    prop_oneof![
        Just(HolderKind::State),
        Just(HolderKind::NonStateActor),
        Just(HolderKind::InternationalOrganisation),
        Just(HolderKind::Unknown),
    ]
}

prop_compose! {
    fn deal()(
        id in any::<u32>(),
        text in proptest::collection::vec(".{0,12}", 3),
        order_year in any::<i16>(),
        flags in proptest::collection::vec(flag(), 5),
        status in prop_oneof![
            Just(Condition::New),
            Just(Condition::SecondHand),
            Just(Condition::SecondHandModernised),
        ],
        tivs in proptest::collection::vec(tiv(), 3),
        kinds in (kind(), kind()),
    ) -> SipriDeal {
        let mut d = SipriDeal::new(id, text[0].clone());
        d.description = text[1].clone();
        d.category = text[2].clone();
        d.order_year = order_year;
        d.order_year_estimate = flags[0];
        d.licensed = flags[1];
        d.delivered_estimate = flags[2];
        d.delivery_year_estimate = flags[3];
        d.status = status;
        d.tiv_unit = tivs[0];
        d.sipri_estimate = tivs[1];
        d.tiv_delivery = tivs[2];
        d.recipient_kind = kinds.0;
        d.supplier_kind = kinds.1;
        d
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any deal goes into facts and a journal line, and comes back the same deal and the same
    /// bytes.
    #[test]
    fn any_deal_round_trips(d in deal()) {
        let facts = d.to_facts();
        prop_assert_eq!(SipriDeal::from_facts(&facts), Ok(Some(d.clone())));
        let mut ledger = Ledger::new(Catalog::reference());
        ledger.append(delivery("2025-01-03T00:00:00Z").with_facts(facts.clone())).unwrap();
        let snapshot = ledger.to_snapshot_json();
        let back = Ledger::from_snapshot_json(&snapshot, Catalog::reference()).unwrap();
        let entry = back.entries().next().unwrap();
        prop_assert_eq!(entry.facts(), Some(&facts));
        prop_assert_eq!(SipriDeal::of(&entry), Ok(Some(d)));
        prop_assert_eq!(back.to_snapshot_json(), snapshot);
    }
}

/// Facts loaded from a checkpoint are checked as JSON when first read typed or written out:
/// a checkpoint edited by hand (its checksum recomputed) whose facts are not JSON loads, and
/// those facts are then an error where they are read or written, never a panic.
#[test]
fn facts_that_are_not_json_in_a_checkpoint_are_an_error_where_they_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.journal");
    let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    let all = excerpt();
    for e in all.entries() {
        journal.append(e.into_content()).unwrap();
    }
    journal.checkpoint().unwrap();
    let first = journal
        .ledger()
        .entries()
        .find(|e| e.facts().is_some())
        .unwrap();
    let text = first.facts().unwrap().json().into_owned();
    drop(journal);
    let file = checkpoint_path(&path);
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes
        .windows(text.len())
        .position(|w| w == text.as_bytes())
        .unwrap();
    bytes[at] = b'x';
    crate::checkpoint::fix_checksums(&mut bytes);
    std::fs::write(&file, &bytes).unwrap();
    let replay = Journal::read(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    assert!(matches!(
        replay.checkpoint,
        CheckpointStatus::Loaded { entries, .. } if entries == all.len() as u64
    ));
    let ledger = replay.ledger;
    let facts = ledger.get(first.id()).unwrap().facts().unwrap().clone();
    assert!(facts.json().starts_with('x'), "{}", facts.json());
    assert!(matches!(
        facts.get::<SipriDeal>(),
        Err(FactsError::Value { .. })
    ));
    assert!(serde_json::to_string(&facts).is_err());
    let err = ledger.save_snapshot(dir.path().join("s.json")).unwrap_err();
    assert!(err.to_string().contains("sipri"), "{err}");
    // Reading every line gives the facts as the journal holds them.
    let every_line = JournalOptions::new().load_checkpoint(false);
    let full = Journal::read(&path, Catalog::reference(), &every_line).unwrap();
    assert_eq!(
        full.ledger.get(first.id()).unwrap().facts().unwrap().json(),
        text
    );
}
