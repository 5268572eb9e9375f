//! Fuzzes entry JSON plus append: each line of the input is read as a `NewEntry` and appended to
//! a ledger over the reference catalog. No input may panic; a rejected append leaves the ledger
//! exactly as it was; an accepted one adds that entry; and the ledger built by these appends
//! (rejections included) replays from its snapshot to the same ledger and the same holdings;
//! its conflicts (claims and resolutions among the entries) are computed without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::jiff::Timestamp;
use materiel::ledger::Holdings;
use materiel::{AsOf, Catalog, Entry, HolderId, Ledger, NewEntry};

/// Everything a caller can observe of a ledger: its entries, the latest recorded time, and
/// each holder's holdings now (which come from the index, not from the entries).
type Fingerprint = (Vec<Entry>, Option<Timestamp>, Vec<(HolderId, Holdings)>);

fn fingerprint(ledger: &Ledger) -> Fingerprint {
    let holdings = ledger
        .holders()
        .map(|h| (h.clone(), ledger.holdings(h, &AsOf::latest())))
        .collect();
    (
        ledger.entries().collect(),
        ledger.latest_recorded(),
        holdings,
    )
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut ledger = Ledger::new(Catalog::reference());
    for line in text.lines().take(64) {
        let Ok(entry) = serde_json::from_str::<NewEntry>(line) else {
            continue;
        };
        let before = fingerprint(&ledger);
        // Also on the entry's own date, where a half-undone append would show first.
        let on_its_date = AsOf::valid(entry.effective().first_day());
        let before_on_its_date = ledger.holdings(entry.holder(), &on_its_date);
        match ledger.append(entry.clone()) {
            Ok(id) => {
                assert_eq!(ledger.len(), before.0.len() + 1);
                let stored = ledger.get(id).expect("an accepted entry can be read back");
                assert_eq!(stored.content(), &entry, "the ledger stored another entry");
            }
            Err(e) => {
                assert!(
                    fingerprint(&ledger) == before,
                    "a rejected append ({e}) changed the ledger"
                );
                assert!(
                    ledger.holdings(entry.holder(), &on_its_date) == before_on_its_date,
                    "a rejected append ({e}) changed the holdings on its date"
                );
            }
        }
    }
    let replayed = Ledger::from_snapshot_json(&ledger.to_snapshot_json(), Catalog::reference())
        .unwrap_or_else(|e| panic!("the snapshot of an appended ledger did not reload: {e}"));
    assert!(
        fingerprint(&replayed) == fingerprint(&ledger),
        "replaying the snapshot gave another ledger than the appends"
    );
    // Bounds and conflicts over whatever claims and resolutions were accepted: never a
    // panic, never a lower bound above the upper one.
    for conflict in ledger.conflicts(None, &AsOf::latest()) {
        let b = conflict.bounds();
        assert!(b.upper().is_none_or(|u| b.lower() <= u), "bounds {b}");
    }
});
