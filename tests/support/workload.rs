//! The deterministic ledger workloads: the benches' (`benches/ledger.rs`, `memory.rs`,
//! `cold_open.rs`, `postgres.rs`, which include this file through `#[path]`) and the tests'
//! that check them (`tests/it/ledger_model.rs`, `ledger_batch.rs`, `ledger_order.rs`).
//!
//! [`generate`] simulates `n` entries over `holders x platforms` lots with a seeded
//! splitmix64 generator, keeping every lot's counts by status so that the ledger accepts
//! every entry: deliveries, status changes, losses, retirements, expenditures, transfers
//! between holders, assessments, orders, requests, sightings, back-dated deliveries (about
//! 5%, dated before the lot's latest entry, some to the month or year like SIPRI rows) and
//! retractions (about 1%). Recorded times never decrease.
//!
//! The same data is also given as flat rows for the baselines: [`NaiveEntry`] (one per
//! entry and lot it touches, for the naive replay, [`fold`]) and [`Row`] (one per status
//! delta, for SQLite).
//!
//! [`one_lot`] is the `reverse_append` bench's: one lot, in date order and newest first.
//!
//! Built from the pieces the property-test strategies use ([`super::history`]): the platform
//! and source constructors, the bases, the clock. A change here changes what the benches
//! measure: `tests/it/ledger_model.rs` pins the bench workload's make-up and
//! [`fingerprint`] at 10^4 entries.
#![allow(dead_code)] // each test binary and bench uses part of it

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use materiel::ledger::{Condition, LossCause, Precision, RequestKind};
use materiel::{Change, Count, EffectiveDate, HolderId, NewEntry, PlatformRef, Source, Status};

use super::history::{BASES, catalog, cited, generic, instant};

/// splitmix64: tiny, fast and good enough to shuffle a workload.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
}

/// The holders of the benches' workload (100 x 10 platforms: 1,000 lots).
pub(crate) const HOLDERS: usize = 100;
/// Platforms per holder.
pub(crate) const PLATFORMS: usize = 10;

/// Days from [`BASE`] covered by the day table (to 2035).
const DAYS: usize = 55 * 366;
/// First day of the day table.
fn base() -> Date {
    jiff::civil::date(1980, 1, 1)
}
/// Forward entries start in 1990 and end around 2025 whatever `n`.
const START_OFFSET: i64 = 3653;
const SPAN_DAYS: i64 = 35 * 365;

/// The same sort key as the ledger's index: day number times 4 plus the precision rank, so
/// keys order like [`EffectiveDate`]s.
pub(crate) fn eff_key(d: EffectiveDate) -> i64 {
    let rank = match d.precision() {
        Precision::Year => 0,
        Precision::Month => 1,
        Precision::Day => 2,
        Precision::OnOrBefore => 3,
    };
    i64::from(day_number(d.first_day())) * 4 + rank
}

/// The key bound of a query day: every date whose first day is on or before `date`.
pub(crate) fn query_key(date: Date) -> i64 {
    i64::from(day_number(date)) * 4 + 3
}

/// Days since 0001-01-01 (proleptic Gregorian).
pub(crate) fn day_number(date: Date) -> i32 {
    let y = i32::from(date.year()) - 1;
    y * 365 + y / 4 - y / 100 + y / 400 + i32::from(date.day_of_year()) - 1
}

/// What an entry does to one lot, for the naive baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Effect {
    /// `n` units leave `from` (if any) and enter `to` (if any).
    Add {
        from: Option<u8>,
        to: Option<u8>,
        n: u32,
    },
    /// An assessment: absolute counts per status.
    Set([u32; 7]),
    /// No count change (orders, requests, sightings).
    None,
}

/// One entry's effect on one lot, flat.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NaiveEntry {
    pub(crate) lot: u32,
    /// `eff_key << 32 | id`: the ledger's (effective, id) order.
    pub(crate) key: u64,
    pub(crate) effect: Effect,
    pub(crate) retracted: bool,
}

/// One status delta, for SQLite: `(holder, platform, effective day, status, delta)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row {
    pub(crate) lot: u32,
    pub(crate) day: i32,
    pub(crate) status: u8,
    pub(crate) delta: i64,
}

/// What the generator produced.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    pub(crate) backdated: usize,
    pub(crate) retractions: usize,
    pub(crate) assessments: usize,
    pub(crate) transfers: usize,
    pub(crate) status_changes: usize,
    pub(crate) deliveries: usize,
    pub(crate) removals: usize,
    pub(crate) no_effect: usize,
}

/// A generated workload.
pub(crate) struct Dataset {
    pub(crate) entries: Vec<NewEntry>,
    pub(crate) holders: Vec<HolderId>,
    pub(crate) platforms: Vec<PlatformRef>,
    /// Platform names as stored in SQLite.
    pub(crate) platform_names: Vec<String>,
    /// Entries flat, in append order, with their final retraction flags.
    pub(crate) naive: Vec<NaiveEntry>,
    /// Status deltas in final (effective, id) order.
    pub(crate) rows: Vec<Row>,
    pub(crate) stats: Stats,
    /// First and last day with entries (query dates are drawn between them).
    pub(crate) first: Date,
    pub(crate) last: Date,
    days: Vec<Date>,
}

impl Dataset {
    /// The holder and platform of lot `lot`.
    pub(crate) fn lot(&self, lot: u32) -> (&HolderId, &PlatformRef) {
        let l = lot as usize;
        (&self.holders[l / PLATFORMS], &self.platforms[l % PLATFORMS])
    }
    /// A random day between the first and last entry.
    pub(crate) fn random_day(&self, rng: &mut Rng) -> Date {
        let lo = self.first.since(base()).map_or(0, |s| s.get_days()) as usize;
        let hi = self.last.since(base()).map_or(0, |s| s.get_days()) as usize;
        self.days[rng.range(lo as u64, hi as u64) as usize]
    }
}

#[derive(Clone, Debug, Default)]
struct LotSim {
    counts: [i64; 7],
    first_day: Option<i64>,
    /// Largest key of any entry (day precision for forward entries).
    latest: i64,
    last_assessment: Option<i64>,
    /// The lot's last entry in (effective, id) order, when it is a delivery that can be
    /// retracted: (id, status, count).
    last_delivery: Option<(u32, u8, u32)>,
}

impl LotSim {
    /// True when an entry appended now at `key` lands after the last assessment (so it
    /// changes the lot's final counts).
    fn after_assessment(&self, key: i64) -> bool {
        self.last_assessment.is_none_or(|a| key >= a)
    }
}

fn status(i: usize) -> Status {
    Status::ALL[i]
}

/// How often each of [`BASES`] comes (out of 20): exact 70%, estimate 15%, the others 5%.
const BASIS_WEIGHTS: [u64; 5] = [14, 3, 1, 1, 1];

fn count(rng: &mut Rng, n: u64) -> Count {
    let mut roll = rng.below(20);
    let mut i = 0;
    while roll >= BASIS_WEIGHTS[i] {
        roll -= BASIS_WEIGHTS[i];
        i += 1;
    }
    Count::new(n, BASES[i]).expect("a count within MAX_COUNT")
}

/// The first `n` of 100 holders: 80 ISO-like state codes and 20 organisation slugs.
fn holders(n: usize) -> Vec<HolderId> {
    (0..n)
        .map(|i| {
            if i < 80 {
                let b = i as u8;
                // `b * 7` wraps at 256 (as release builds always computed it): the codes, and
                // so the workload, stay the same; with overflow checks on it no longer panics.
                let code: String = [
                    b'V' - (b / 26) % 4,
                    b'A' + b % 26,
                    b'A' + b.wrapping_mul(7) % 26,
                ]
                .iter()
                .map(|&c| c as char)
                .collect();
                HolderId::state(&code).expect("three uppercase letters")
            } else {
                HolderId::organisation(&format!("armed-group-{i}")).expect("a slug")
            }
        })
        .collect()
}

/// Five catalog platforms and five generic ones.
fn platforms() -> Vec<PlatformRef> {
    let catalog_ids = ["su-30mk2", "s-300vm", "buk-m2", "igla-s", "il-76td"];
    let generic_names = ["GPS jammer", "BTR-80A", "T-72B1", "Mi-17V-5", "P-18 radar"];
    catalog_ids
        .into_iter()
        .map(catalog)
        .chain(generic_names.into_iter().map(generic))
        .collect()
}

fn sources() -> Vec<Source> {
    ["A1", "A2", "B2", "B3", "C3", "B2", "D4", "F6"]
        .iter()
        .enumerate()
        .map(|(i, g)| cited(&format!("Open source report series {i}"), g))
        .collect()
}

/// The benches' workload: `n` valid entries over the 1,000 lots with seed `seed`.
pub(crate) fn generate(n: usize, seed: u64) -> Dataset {
    generate_over(n, HOLDERS, seed)
}

/// `n` valid entries over `holders` (2 to 100) x 10 lots with seed `seed`; with 100 holders,
/// [`generate`].
pub(crate) fn generate_over(n: usize, holders: usize, seed: u64) -> Dataset {
    assert!((2..=HOLDERS).contains(&holders), "2 to {HOLDERS} holders");
    let holder_count = holders;
    let mut rng = Rng::new(seed);
    let holders = self::holders(holder_count);
    let platforms = platforms();
    let sources = sources();
    let lots = holder_count * PLATFORMS;
    let mut days = Vec::with_capacity(DAYS);
    let mut d = base();
    for _ in 0..DAYS {
        days.push(d);
        d = d.tomorrow().expect("in range");
    }
    let base_day = i64::from(day_number(base()));
    let day_of_key = |key: i64| (key / 4 - base_day) as usize;

    let per_lot = (n / lots).max(1) as i64;
    let avg_step = (SPAN_DAYS / per_lot).max(1) as u64;

    let mut sims = vec![LotSim::default(); lots];
    let mut entries: Vec<NewEntry> = Vec::with_capacity(n);
    let mut naive: Vec<NaiveEntry> = Vec::with_capacity(n + n / 16);
    // Position in `naive` of each entry's (first) effect.
    let mut naive_pos: Vec<u32> = Vec::with_capacity(n);
    let mut retractable: Vec<u32> = Vec::new();
    let mut stats = Stats::default();
    let mut recorded: Timestamp = instant("2020-01-01T00:00:00Z");

    while entries.len() < n {
        let id = entries.len() as u32;
        recorded = recorded
            .checked_add(SignedDuration::from_secs(rng.below(3) as i64))
            .expect("in range");
        let lot = rng.below(lots as u64) as usize;
        let (h, p) = (lot / PLATFORMS, lot % PLATFORMS);
        let source = sources[rng.below(sources.len() as u64) as usize].clone();
        let supplier = |rng: &mut Rng| {
            (rng.below(10) < 7).then(|| holders[rng.below(holder_count as u64) as usize].clone())
        };
        let roll = rng.below(1000);
        let sim = &mut sims[lot];

        // Retractions: the lot's last delivery if it can be withdrawn, else a no-effect entry.
        if roll < 10 && (sim.last_delivery.is_some() || !retractable.is_empty()) {
            let target = if let Some((t, s, c)) = sim.last_delivery.take() {
                sim.counts[s as usize] -= i64::from(c);
                t
            } else {
                let i = rng.below(retractable.len() as u64) as usize;
                retractable.swap_remove(i)
            };
            let original = &entries[target as usize];
            naive[naive_pos[target as usize] as usize].retracted = true;
            let entry = NewEntry::new(
                original.holder().clone(),
                original.platform().clone(),
                original.effective(),
                Change::Retracted {
                    entry: materiel::EntryId::new(u64::from(target)),
                },
                source,
                recorded,
            );
            naive_pos.push(naive.len() as u32);
            entries.push(entry);
            stats.retractions += 1;
            continue;
        }

        let in_service: i64 = sim.counts.iter().sum();
        let start = sim.first_day.is_none();
        // Back-dated deliveries: before the lot's latest entry.
        if (10..60).contains(&roll) && !start && sim.first_day.is_some_and(|f| f < sim.latest / 4) {
            let first = sim.first_day.unwrap_or(0);
            let latest_day = sim.latest / 4;
            let lo = (first - 730).max(base_day + 1);
            let day = rng.range(lo as u64, (latest_day - 1) as u64) as i64;
            let date = days[(day - base_day) as usize];
            let effective = match rng.below(4) {
                0 => EffectiveDate::year(date.year()),
                1 => EffectiveDate::month(date.year(), date.month()),
                _ => EffectiveDate::from_date(date),
            }
            .expect("a valid date");
            let key = eff_key(effective);
            let c = rng.range(1, 12);
            let into = rng.below(7) as usize;
            if sim.after_assessment(key) {
                sim.counts[into] += c as i64;
            }
            sim.first_day = Some(first.min(day));
            naive_pos.push(naive.len() as u32);
            naive.push(NaiveEntry {
                lot: lot as u32,
                key: ((key as u64) << 32) | u64::from(id),
                effect: Effect::Add {
                    from: None,
                    to: Some(into as u8),
                    n: c as u32,
                },
                retracted: false,
            });
            entries.push(NewEntry::new(
                holders[h].clone(),
                platforms[p].clone(),
                effective,
                Change::Delivered {
                    count: count(&mut rng, c),
                    into: status(into),
                    supplier: supplier(&mut rng),
                    condition: Condition::SecondHand,
                },
                source,
                recorded,
            ));
            stats.backdated += 1;
            continue;
        }

        // Forward entries, on or after the lot's latest date.
        let day = if start {
            base_day + START_OFFSET + rng.below(365) as i64
        } else {
            (sim.latest / 4 + rng.below(2 * avg_step + 1) as i64).min(base_day + DAYS as i64 - 1)
        };
        let effective = EffectiveDate::from_date(days[(day - base_day) as usize]).expect("valid");
        let key = eff_key(effective);
        sim.latest = sim.latest.max(key);
        sim.first_day = Some(sim.first_day.map_or(day, |f| f.min(day)));
        sim.last_delivery = None;
        let nkey = ((key as u64) << 32) | u64::from(id);
        // A status with units, if any.
        let held = |sim: &LotSim, rng: &mut Rng| {
            let o = rng.below(7) as usize;
            (0..7).map(|i| (i + o) % 7).find(|&i| sim.counts[i] > 0)
        };
        let pick = rng.below(940);
        let from = held(sim, &mut rng);
        let mut effects: Vec<(usize, Effect)> = Vec::with_capacity(2);
        let change = match (pick, from) {
            (200..500, Some(f)) => {
                let to = (f + 1 + rng.below(6) as usize) % 7;
                let c = rng.range(1, sim.counts[f].min(6) as u64);
                sim.counts[f] -= c as i64;
                sim.counts[to] += c as i64;
                effects.push((
                    lot,
                    Effect::Add {
                        from: Some(f as u8),
                        to: Some(to as u8),
                        n: c as u32,
                    },
                ));
                stats.status_changes += 1;
                Change::StatusChanged {
                    from: status(f),
                    to: status(to),
                    count: count(&mut rng, c),
                }
            }
            (500..620, Some(f)) => {
                let c = rng.range(1, sim.counts[f].min(3) as u64);
                sim.counts[f] -= c as i64;
                effects.push((
                    lot,
                    Effect::Add {
                        from: Some(f as u8),
                        to: None,
                        n: c as u32,
                    },
                ));
                stats.removals += 1;
                let count = count(&mut rng, c);
                let from = status(f);
                match pick {
                    500..560 => Change::Lost {
                        count,
                        from,
                        cause: LossCause::Destroyed,
                    },
                    560..570 => {
                        // A capture by any holder but the lot's own credits the captor's lot
                        // of the same platform, in status unknown, like a transfer.
                        let by =
                            (h + 1 + rng.below(holder_count as u64 - 1) as usize) % holder_count;
                        let by_lot = by * PLATFORMS + p;
                        let unknown = Status::Unknown as usize;
                        effects.push((
                            by_lot,
                            Effect::Add {
                                from: None,
                                to: Some(unknown as u8),
                                n: c as u32,
                            },
                        ));
                        let r = &mut sims[by_lot];
                        if r.after_assessment(key) {
                            r.counts[unknown] += c as i64;
                        }
                        if key >= r.latest {
                            r.latest = key;
                            r.last_delivery = None;
                        }
                        r.first_day = Some(r.first_day.map_or(day, |f| f.min(day)));
                        Change::Lost {
                            count,
                            from,
                            cause: LossCause::Captured {
                                by: Some(holders[by].clone()),
                            },
                        }
                    }
                    570..600 => Change::Retired { count, from },
                    _ => Change::Expended { count, from },
                }
            }
            (620..670, Some(f)) => {
                let to_h = (h + 1 + rng.below(holder_count as u64 - 1) as usize) % holder_count;
                let to_lot = to_h * PLATFORMS + p;
                let c = rng.range(1, sim.counts[f].min(4) as u64);
                let into = rng.below(7) as usize;
                sim.counts[f] -= c as i64;
                effects.push((
                    lot,
                    Effect::Add {
                        from: Some(f as u8),
                        to: None,
                        n: c as u32,
                    },
                ));
                effects.push((
                    to_lot,
                    Effect::Add {
                        from: None,
                        to: Some(into as u8),
                        n: c as u32,
                    },
                ));
                let r = &mut sims[to_lot];
                if r.after_assessment(key) {
                    r.counts[into] += c as i64;
                }
                if key >= r.latest {
                    r.latest = key;
                    r.last_delivery = None;
                }
                r.first_day = Some(r.first_day.map_or(day, |f| f.min(day)));
                stats.transfers += 1;
                Change::Transferred {
                    count: count(&mut rng, c),
                    to: holders[to_h].clone(),
                    from: status(f),
                    into: status(into),
                }
            }
            (670..720, Some(_)) => {
                // An absolute count: the total give or take 10%, over two to four statuses.
                let total = (in_service as u64 * rng.range(90, 110) / 100).max(1);
                let k = rng.range(2, 4) as usize;
                let o = rng.below(7) as usize;
                let mut left = total;
                let mut set = [0u32; 7];
                let mut breakdown = Vec::with_capacity(k);
                for j in 0..k {
                    let s = (o + j * 3) % 7;
                    let c = if j + 1 == k { left } else { rng.range(0, left) };
                    left -= c;
                    set[s] = c as u32;
                    breakdown.push((status(s), count(&mut rng, c)));
                }
                for (i, v) in set.iter().enumerate() {
                    sim.counts[i] = i64::from(*v);
                }
                sim.last_assessment = Some(key);
                effects.push((lot, Effect::Set(set)));
                stats.assessments += 1;
                Change::Assessed { breakdown }
            }
            (720..940, Some(_)) => {
                retractable.push(id);
                effects.push((lot, Effect::None));
                stats.no_effect += 1;
                match pick {
                    720..800 => Change::Observed {
                        count: {
                            let c = rng.range(1, 30);
                            Some(count(&mut rng, c))
                        },
                        status: (rng.below(2) == 0).then(|| status(rng.below(7) as usize)),
                    },
                    800..880 => Change::Ordered {
                        count: {
                            let c = rng.range(1, 24);
                            count(&mut rng, c)
                        },
                        supplier: supplier(&mut rng),
                        condition: Condition::New,
                    },
                    _ => Change::Requested {
                        count: (rng.below(2) == 0).then(|| {
                            Count::exact(rng.range(1, 12)).expect("a count within MAX_COUNT")
                        }),
                        supplier: supplier(&mut rng),
                        request: RequestKind::Acquisition,
                    },
                }
            }
            _ => {
                // Deliveries (and anything needing units when the lot has none).
                let c = if start {
                    rng.range(5, 40)
                } else {
                    rng.range(1, 12)
                };
                let into = if rng.below(2) == 0 {
                    Status::Unknown as usize
                } else {
                    rng.below(7) as usize
                };
                sim.counts[into] += c as i64;
                sim.last_delivery = Some((id, into as u8, c as u32));
                effects.push((
                    lot,
                    Effect::Add {
                        from: None,
                        to: Some(into as u8),
                        n: c as u32,
                    },
                ));
                stats.deliveries += 1;
                Change::Delivered {
                    count: count(&mut rng, c),
                    into: status(into),
                    supplier: supplier(&mut rng),
                    condition: Condition::New,
                }
            }
        };
        naive_pos.push(naive.len() as u32);
        for (l, effect) in effects {
            naive.push(NaiveEntry {
                lot: l as u32,
                key: nkey,
                effect,
                retracted: false,
            });
        }
        entries.push(NewEntry::new(
            holders[h].clone(),
            platforms[p].clone(),
            effective,
            change,
            source,
            recorded,
        ));
    }

    let rows = delta_rows(&naive, lots);
    let (mut lo, mut hi) = (usize::MAX, 0);
    for e in &naive {
        let d = day_of_key((e.key >> 32) as i64);
        lo = lo.min(d);
        hi = hi.max(d);
    }
    let platform_names = platforms.iter().map(ToString::to_string).collect();
    Dataset {
        entries,
        holders,
        platforms,
        platform_names,
        naive,
        rows,
        stats,
        first: days[lo.min(DAYS - 1)],
        last: days[hi.min(DAYS - 1)],
        days,
    }
}

/// One row per status delta, in the final (effective, id) order of each lot; assessments
/// become the difference from the count just before them. Retracted entries give nothing.
fn delta_rows(naive: &[NaiveEntry], lots: usize) -> Vec<Row> {
    let mut by_lot: Vec<Vec<&NaiveEntry>> = vec![Vec::new(); lots];
    for e in naive.iter().filter(|e| !e.retracted) {
        by_lot[e.lot as usize].push(e);
    }
    let mut rows = Vec::with_capacity(naive.len() * 3 / 2);
    for (lot, mut es) in by_lot.into_iter().enumerate() {
        es.sort_by_key(|e| e.key);
        let mut counts = [0i64; 7];
        for e in es {
            let day = ((e.key >> 32) / 4) as i32;
            let mut push = |status: usize, delta: i64| {
                if delta != 0 {
                    rows.push(Row {
                        lot: lot as u32,
                        day,
                        status: status as u8,
                        delta,
                    });
                }
            };
            match e.effect {
                Effect::Add { from, to, n } => {
                    if let Some(f) = from {
                        counts[f as usize] -= i64::from(n);
                        push(f as usize, -i64::from(n));
                    }
                    if let Some(t) = to {
                        counts[t as usize] += i64::from(n);
                        push(t as usize, i64::from(n));
                    }
                }
                Effect::Set(set) => {
                    for (i, v) in set.iter().enumerate() {
                        let d = i64::from(*v) - counts[i];
                        counts[i] = i64::from(*v);
                        push(i, d);
                    }
                }
                Effect::None => {}
            }
        }
    }
    rows
}

/// Folds effects in key order into counts by status.
pub(crate) fn fold<'a>(effects: impl Iterator<Item = &'a NaiveEntry>) -> [i64; 7] {
    let mut counts = [0i64; 7];
    for e in effects {
        apply(&mut counts, e.effect);
    }
    counts
}

/// Applies one effect to counts by status.
pub(crate) fn apply(counts: &mut [i64; 7], effect: Effect) {
    match effect {
        Effect::Add { from, to, n } => {
            if let Some(f) = from {
                counts[f as usize] -= i64::from(n);
            }
            if let Some(t) = to {
                counts[t as usize] += i64::from(n);
            }
        }
        Effect::Set(set) => {
            for (c, v) in counts.iter_mut().zip(set) {
                *c = i64::from(v);
            }
        }
        Effect::None => {}
    }
}

/// FNV-1a (64 bits) of the entries' text (each field's `Display`), to tell whether a
/// workload changed.
pub(crate) fn fingerprint(entries: &[NewEntry]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for e in entries {
        let line = format!(
            "{}|{}|{}|{}|{}|{}|{}\n",
            e.holder(),
            e.platform(),
            e.effective(),
            e.change(),
            e.source(),
            e.recorded(),
            e.note().unwrap_or("")
        );
        for b in line.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// What the entries of the `reverse_append` lot are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mix {
    /// Deliveries, with an observation every eighth entry.
    Deliveries,
    /// A quarter status changes: of each eight entries, the second and the sixth move units
    /// out of the status that the deliveries just before and after them (the same day) fill,
    /// the eighth is an observation, the rest deliveries.
    StatusChanges,
}

/// `n` entries of ONE lot (VEN / su-30mk2), dated from 1950 on, 32 a day, in the given mix:
/// valid in date order and newest first. Returned in date order and newest first, each
/// recorded in its own append order (a millisecond apart from [`super::history::t0`]).
pub(crate) fn one_lot(n: usize, mix: Mix) -> [Vec<NewEntry>; 2] {
    let holder = HolderId::state("VEN").expect("a state code");
    let platform = catalog("su-30mk2");
    let source = cited("Reverse append bench", "B2");
    let t0 = super::history::t0();
    let start = jiff::civil::date(1950, 1, 1);
    const STATUSES: [Status; 3] = [Status::Operational, Status::Stored, Status::Unknown];
    let value = |i: usize| (i % 5) as u64 + 1;
    let count = |i: usize| Count::exact(value(i)).expect("a count");
    let dated: Vec<(EffectiveDate, Change)> = (0..n)
        .map(|i| {
            let day = start
                .checked_add(jiff::Span::new().days((i / 32) as i64))
                .expect("a date");
            let eff = EffectiveDate::from_date(day).expect("a date");
            let status = match mix {
                Mix::Deliveries => STATUSES[i % 3],
                // Each group of four (within one day) fills one status.
                Mix::StatusChanges => STATUSES[(i / 4) % 3],
            };
            let change = match (mix, i % 8) {
                (_, 7) => Change::Observed {
                    count: Some(count(i)),
                    status: Some(status),
                },
                // Entries i - 1 and i + 1 deliver into `status`: whichever is appended
                // first, the units are there.
                (Mix::StatusChanges, 1 | 5) if i + 1 < n => Change::StatusChanged {
                    from: status,
                    to: STATUSES[(i / 4 + 1) % 3],
                    count: Count::exact(value(i - 1).min(value(i + 1))).expect("a count"),
                },
                _ => Change::Delivered {
                    count: count(i),
                    into: status,
                    supplier: None,
                    condition: Condition::New,
                },
            };
            (eff, change)
        })
        .collect();
    let entries = |order: &mut dyn Iterator<Item = &(EffectiveDate, Change)>| -> Vec<NewEntry> {
        order
            .enumerate()
            .map(|(i, (eff, change))| {
                NewEntry::new(
                    holder.clone(),
                    platform.clone(),
                    *eff,
                    change.clone(),
                    source.clone(),
                    t0.checked_add(SignedDuration::from_millis(i as i64))
                        .expect("a timestamp"),
                )
            })
            .collect()
    };
    [entries(&mut dated.iter()), entries(&mut dated.iter().rev())]
}
