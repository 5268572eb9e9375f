//! Family roll-ups (`Ledger::family_holdings`) over the bundled catalog's T-72 family, at any
//! depth: a family's total is the sum of its own lot and its children's family totals (no
//! unit counted twice, none left out), and equals a naive sum over every lot whose platform
//! has the family among its ancestors.

use materiel::catalog::PlatformId;
use materiel::ledger::LossCause;
use materiel::ledger::LotState;
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, HolderId, Ledger, NewEntry, PlatformRef, Source,
    Status,
};
use proptest::prelude::*;

/// Platforms of the histories: the T-72 family node, variants at depths 1 to 3, and a tank of
/// another family.
const IDS: [&str; 6] = [
    "t-72",
    "t-72b",
    "t-72b3",
    "t-72b3-obr-2016",
    "t-72a",
    "t-64bv",
];

fn id(s: &str) -> PlatformId {
    s.parse().unwrap()
}

/// Counts and flows that a roll-up adds up.
fn figures(s: &LotState) -> [u64; 5] {
    [
        s.in_service().value(),
        s.delivered().value(),
        s.lost().value(),
        s.captured_in().value(),
        s.count(Status::Operational).value(),
    ]
}

fn add(a: [u64; 5], b: [u64; 5]) -> [u64; 5] {
    std::array::from_fn(|i| a[i] + b[i])
}

/// Appends what the ledger accepts of random deliveries and losses.
fn history(steps: &[(usize, usize, i16, bool, u64)]) -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    let source = Source::new("a count", "B2".parse().unwrap()).unwrap();
    for (i, &(h, p, year, loss, n)) in steps.iter().enumerate() {
        let holder: HolderId = ["UKR", "RUS"][h].parse().unwrap();
        let count = Count::exact(n).unwrap();
        let change = if loss {
            Change::Lost {
                count,
                from: Status::Operational,
                cause: LossCause::Destroyed,
            }
        } else {
            Change::Delivered {
                count,
                into: Status::Operational,
                supplier: None,
                condition: Default::default(),
            }
        };
        let recorded = jiff::Timestamp::from_second(1_700_000_000 + i as i64).unwrap();
        let _ = ledger.append(NewEntry::new(
            holder,
            PlatformRef::Catalog(id(IDS[p])),
            EffectiveDate::year(year).unwrap(),
            change,
            source.clone(),
            recorded,
        ));
    }
    ledger
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn family_totals_are_the_sum_of_their_parts(
        steps in proptest::collection::vec((0..2usize, 0..6usize, 2000..2025i16, any::<bool>(), 1..20u64), 0..40),
        year in 2000..2026i16,
    ) {
        let ledger = history(&steps);
        let catalog = ledger.catalog();
        let at = AsOf::valid(jiff::civil::date(year, 12, 31));
        for holder in ["UKR", "RUS"] {
            let holder: HolderId = holder.parse().unwrap();
            for family in ["t-72", "t-72b", "t-72b3"] {
                let family = id(family);
                let rolled = ledger.family_holdings(&holder, &family, &at);
                // Naive: every lot the holder has whose platform is the family or below it.
                let mut naive = [0; 5];
                for (platform, state) in ledger.holdings(&holder, &at).iter() {
                    let Some(pid) = platform.catalog_id() else { continue };
                    let below = pid == &family
                        || catalog.ancestors(pid).any(|a| a.id() == &family);
                    if below {
                        naive = add(naive, figures(state));
                    }
                }
                prop_assert_eq!(figures(&rolled.total), naive, "{} {}", holder, family);
                // The tree: own lot plus each child's family total.
                let mut parts = figures(&ledger.lot(&holder, &PlatformRef::Catalog(family.clone()), &at));
                for child in catalog.children(&family) {
                    let sub = ledger.family_holdings(&holder, child.id(), &at);
                    parts = add(parts, figures(&sub.total));
                }
                prop_assert_eq!(figures(&rolled.total), parts, "{} {}", holder, family);
            }
        }
    }
}
