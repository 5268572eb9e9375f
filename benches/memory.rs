//! Resident bytes per entry of a `Ledger` (see `BENCHMARKS.md`).
//!
//! Run with `cargo bench --bench memory` (`MATERIEL_BENCH_QUICK=1`: N = 10^5 only;
//! `cargo test --benches`: 10^4, a check that it runs). A
//! counting global allocator tracks live heap bytes; for each N the workload of
//! `common::generate` is appended to an empty ledger and the growth of live bytes is divided
//! by N. The slope between N = 10^5 and 10^6 removes fixed costs (catalog, the strings
//! interned once, per-lot structures). A clone of the ledger is measured too: clones allocate
//! exact capacities, so the difference is growth slack (vectors grown by doubling, index
//! blocks split half full).

// The counting allocator needs `unsafe impl GlobalAlloc`. It only forwards to the system
// allocator and counts; the library itself forbids unsafe code.
#![allow(unsafe_code)]

#[allow(dead_code)]
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use materiel::{Catalog, Ledger};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

fn grow(n: usize) {
    let now = LIVE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(now, Relaxed);
    ALLOCS.fetch_add(1, Relaxed);
}

// SAFETY: every method forwards to `System` with the same arguments; the counters do not
// affect allocation.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grow(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

struct Measure {
    n: usize,
    bytes: usize,
    compact: usize,
    peak: usize,
    allocs: usize,
}

fn measure(n: usize) -> Measure {
    let data = common::generate(n, 0x6d61_7465_7269_656c);
    let mut ledger = Ledger::new(Catalog::reference());
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let allocs = ALLOCS.load(Relaxed);
    let t = Instant::now();
    let mut rejected = 0usize;
    for e in &data.entries {
        // Every generated entry is valid; a rejection is a ledger bug (see BENCHMARKS.md).
        rejected += usize::from(ledger.append(e.clone()).is_err());
    }
    let elapsed = t.elapsed();
    if rejected > 0 {
        println!("WARNING: the ledger rejected {rejected} of {n} valid entries");
    }
    let bytes = LIVE.load(Relaxed) - before;
    let peak = PEAK.load(Relaxed) - before;
    let allocs = ALLOCS.load(Relaxed) - allocs;
    let before_clone = LIVE.load(Relaxed);
    let copy = ledger.clone();
    let compact = LIVE.load(Relaxed) - before_clone;
    drop(copy);
    println!(
        "N = {n:>8}: {:>7.1} MB live = {:>6.1} B/entry (clone, exact capacities: {:>6.1} \
         B/entry; peak while building {:.1} MB); {} allocations while appending; built in \
         {:.2?}",
        bytes as f64 / 1e6,
        bytes as f64 / n as f64,
        compact as f64 / n as f64,
        peak as f64 / 1e6,
        allocs,
        elapsed
    );
    Measure {
        n,
        bytes,
        compact,
        peak,
        allocs,
    }
}

fn main() {
    let quick = std::env::var("MATERIEL_BENCH_QUICK").is_ok_and(|v| v == "1");
    let sizes: &[usize] = if common::test_mode() {
        &[10_000]
    } else if quick {
        &[100_000]
    } else {
        &[100_000, 1_000_000]
    };
    let results: Vec<Measure> = sizes.iter().map(|&n| measure(n)).collect();
    if let [a, b] = results.as_slice() {
        let slope = (b.bytes - a.bytes) as f64 / (b.n - a.n) as f64;
        let compact = (b.compact - a.compact) as f64 / (b.n - a.n) as f64;
        println!(
            "slope 10^5 -> 10^6: {slope:.1} B/entry ({compact:.1} B/entry at exact capacities); \
             target <= 96 B/entry; peak at 10^6 {:.1} MB, {} allocations",
            b.peak as f64 / 1e6,
            b.allocs
        );
    }
}
