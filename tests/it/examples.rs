//! Runs every example and checks the figures it prints: the examples tell one story (the
//! shared facts of `examples/common/mod.rs`), and it is the story of the scenario (24
//! Su-30MK2 of unknown status; three crashes; requests to Russia, Iran and China).

use std::path::Path;
use std::process::Command;

use crate::support::svg::{attr, check_chart};

/// Runs the example `name` with `args` and returns its standard output.
///
/// `cargo test` builds every example beside the test binary (`target/<profile>/examples/`),
/// with the features the tests were built with: that binary runs directly, if it is newer than
/// every source it could be built from. Otherwise (a filtered build such as
/// `cargo test --test it` does not build examples, so the binary may be missing or stale),
/// `cargo run --example` builds it first.
fn run(name: &str, args: &[&str]) -> String {
    let built = std::env::current_exe().ok().and_then(|exe| {
        let bin = exe
            .parent()?
            .parent()?
            .join("examples")
            .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
        let built_at = std::fs::metadata(&bin).ok()?.modified().ok()?;
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let sources = ["src", "examples", "catalog", "build.rs", "Cargo.toml"];
        let fresh = sources
            .iter()
            .all(|s| newest(&root.join(s)).is_some_and(|t| t <= built_at));
        fresh.then_some(bin)
    });
    let mut command = match built {
        Some(bin) => Command::new(bin),
        None => {
            let mut cargo = Command::new(env!("CARGO"));
            cargo
                .args(["run", "--quiet", "--example", name, "--manifest-path"])
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
                .arg("--");
            cargo
        }
    };
    // Examples find their files relative to the crate's root, as under `cargo run`.
    let output = command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("the example runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert!(
        output.status.success(),
        "example {name} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The latest modification time of `path` or of any file below it.
fn newest(path: &Path) -> Option<std::time::SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    let mut latest = meta.modified().ok()?;
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).ok()? {
            latest = latest.max(newest(&entry.ok()?.path())?);
        }
    }
    Some(latest)
}

fn assert_has(text: &str, needle: &str, what: &str) {
    assert!(
        text.contains(needle),
        "{what}: expected {needle:?} in\n{text}"
    );
}

/// The crash dates every example must agree on.
const CRASHES: [&str; 3] = ["2015-09-17", "2019-10-16", "2023-07-02"];

#[test]
fn examples_print_the_same_facts() {
    let flagship = run("venezuela_2025", &[]);
    for needle in [
        // 24 of unknown status, on a C4 grade; deliveries minus crashes 21.
        "Su-30MK2  aircraft    24          NKN 24",
        "deliveries minus reported crashes (21) by 3",
        // Through the importer: SIPRI's estimates keep their basis, graded B3.
        "S-300VM   sam_system  e3          NKN 3      estimate  e3         0     B3",
        "Igla-S    e4000       e4000  3800",
        // The S-300VM may predate SIPRI's window (the catalog gives no service entry in it):
        // with SIPRI's estimates dropped, nothing is known but that, so at least none.
        "S-300VM   e3          e3     >=0",
        "S-300VM   B2+ keeps SIPRI window (opening unknown) B2; drops SIPRI estimate B3 \
         (credibility 3 below 2)",
        "Su-30MK2  B3+ keeps SIPRI B2, crash report B2; drops 2025 report C4",
        // The report's China: an unspecified request.
        "CHN       military assistance  unspecified  unspecified  C3",
        "IRN       drone",
        // The report's "Zicotrans" is Aviacon Zitotrans; its two Il-76 arrivals are two
        // sightings of the operator's flights, dated and sourced by the later reports, each
        // aged from its own date (8 days from 2025-10-26; at least 2 from <=2025-11-01).
        "Il-76 flights of Aviacon Zitotrans (the report's \"Zicotrans\")",
        "aviacon-zitotrans: 1 x Il-76TD seen 2025-10-26 (8 d old at 2025-11-03; grade B2)",
        "Il-76TD RA-78765 landed in Caracas on Sunday 2025-10-26",
        "source: CaliToday, 2025-10-28, from flight-tracking records; also news.mail.ru",
        "aviacon-zitotrans: 1 x Il-76TD seen <=2025-11-01 (at least 2 d old at 2025-11-03; grade C3)",
        "whether it was RA-78765 again is not settled",
        "source: spanish.news-pravda.com, 2025-11-01",
        "not a fleet anyone here holds: up to about 50 t per flight, cargo undisclosed",
        "As of 2027-01-01 they are 432 and 426 days old, past the 365-day window: the \
         observations query returns 0 of them.",
        "Il-76 sightings 1 of 2 (the C3 one drops)",
        // The readiness denominator.
        "today:        0/24 mission capable, 24 unknown",
        "then:         12/21 mission capable, 0 unknown: rate 57%",
        "stored excluded (default): 12/18 mission capable, 0 unknown, 3 stored not counted: rate 67%",
        "stored counted as possessed: 12/21 mission capable",
        // Sources that disagree: the later reports as claims, bounds, conflicts, a resolution.
        "Su-30MK2 held today: 21 by default (grade_then_recency), bounds 21..=24",
        "chosen:    recorded flows (6 entries), 21 (B2)",
        "set aside: Sputnik via urdupoint.com, 2023-07-03 claimed 23 on 2023-07-03 (C3); 23 today",
        "set aside: News report 'Russia Reaffirms Backing for Venezuela', 2025-11-01 assessed 24 \
         on 2025-11-01 (C4); 24 today",
        "Igla-S held today: 4000 by default (grade_then_recency), bounds 4000.. (no upper limit)",
        "chosen:    recorded flows (3 entries), e4000 (B3)",
        "President Maduro at a televised military event, reported by CNN and AFP (trtworld.com, \
         2025-10-23; novinite.com, id 235067) claimed >=5000 on 2025-10-22 (C3)",
        "Open conflicts of VEN, as known at 2025-11-05T12:00Z: 2",
        "    Su-30MK2 held: 21..=24\n      lower: recorded flows (B2), 21; kant.kg, 2019-10-17 \
         (C3), 23 on 2018\n      upper: News report 'Russia Reaffirms Backing for Venezuela', \
         2025-11-01 (C4), 24 on 2025-11-01",
        "ILLUSTRATIVE: an analyst narrows the Su-30MK2 count to 21",
        "Open conflicts of VEN, as known before the resolution: 2",
        "Open conflicts of VEN, as known after it: 1\n    Igla-S held: 4000.. (no upper limit)",
        "Su-30MK2 under the resolved policy: 21..=24 (point 21, resolved)",
    ] {
        assert_has(&flagship, needle, "venezuela_2025");
    }
    assert_has(
        &flagship,
        &format!("Su-30MK2 crashes reported: {}.", CRASHES.join(", ")),
        "venezuela_2025",
    );
    // No fleet booked from two flights, no age from a month the reports do not give, no
    // holder under the misspelt name.
    for wrong in ["100 t", "2 x Il-76", "33 d", "zicotrans:"] {
        assert!(
            !flagship.contains(wrong),
            "venezuela_2025 prints {wrong:?}:\n{flagship}"
        );
    }

    let journal = run("journal", &[]);
    assert_has(&journal, "2015-09-17 VEN su-30mk2: lost 1", "journal");
    assert_has(&journal, "Maduradas / NTN24, 2015-09-18 (B2)", "journal");
    assert_has(
        &journal,
        "reopened cleanly: 4 entries, in service 23",
        "journal",
    );
    assert!(
        !journal.contains("2015-09-12"),
        "journal: the old crash date\n{journal}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let svg = dir.path().join("chart.svg");
    let timeline = run("readiness_timeline", &[svg.to_str().expect("UTF-8 path")]);
    for crash in CRASHES {
        assert_has(&timeline, &format!("{crash}*"), "readiness_timeline");
    }
    for row in [
        "2008           24       0       0       0       0       0       0      24",
        // The report's count, sourced (no *), as in the flagship.
        "2025-11-01     24       0       0       0       0       0       0      24",
        // The shared hypothetical, illustrative.
        "2026*          21       8       4       0       9       0       0       0      57%",
    ] {
        assert_has(&timeline, row, "readiness_timeline");
    }

    let chart = std::fs::read_to_string(&svg).expect("SVG written");
    // Ticks true to their dates, the source line, the axis to the end of the last step's
    // year (the 2026 assessment is dated by its year).
    let checked = check_chart(&chart);
    assert!(checked.ticks.len() >= 5, "{:?}", checked.ticks);
    assert_eq!(checked.end.to_string(), "2026-12-31");
    for needle in [
        "Source: SIPRI Arms Transfers Database, data generated 2025-01-03 (deal 33019",
        "as known at 2025-11-04T12:00:00Z",
        "As known at 2025-11-04.",
        "hatched: illustrative",
        "in service (sourced)",
        "FMC operational",
        "NKN status not known",
        "sourced counts, illustrative status split",
    ] {
        assert_has(&chart, needle, "readiness_timeline SVG");
    }
    // The crash reports are in the source line (wrapped), each crash is marked on its day.
    let source: String = chart
        .lines()
        .filter(|l| l.contains("class=\"source\""))
        .map(|l| &l[l.find('>').unwrap() + 1..l.find("</text>").unwrap()])
        .collect::<Vec<_>>()
        .join(" ");
    assert_has(
        &source,
        "crash reports of 2015-09-17, 2019-10-16, 2023-07-02",
        "readiness_timeline source line",
    );
    for crash in CRASHES {
        assert_has(
            &chart,
            &format!("<g class=\"marker\" data-date=\"{crash}\">"),
            "readiness_timeline SVG",
        );
    }
    // The illustrative splits are hatched: one span from 2009 (the first illustrative split)
    // to the report (sourced), and the 2026 assessment.
    let spans: Vec<(&str, &str)> = chart
        .lines()
        .filter(|l| l.starts_with("<g class=\"illustrative\""))
        .map(|l| {
            (
                attr(l, "data-from").unwrap(),
                attr(l, "data-until").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [("2009-01-01", "2025-11-01"), ("2026-01-01", "2026-12-31")],
        "{chart}"
    );
    // The palette is Okabe-Ito.
    for colour in ["#0072B2", "#D55E00", "#E69F00", "#56B4E9"] {
        assert!(chart.contains(colour), "colour {colour} missing");
    }
}

/// The Oryx example imports the committed excerpt, reconciles it with Oryx's headline totals
/// and draws its chart with the source line.
#[test]
fn oryx_losses_reconciles_and_draws_with_its_source() {
    let dir = std::env::temp_dir().join(format!("materiel-oryx-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg = dir.join("oryx.svg");
    let out = run(
        "oryx_losses",
        &["tests/data/oryx", svg.to_str().expect("UTF-8 path")],
    );
    assert_has(
        &out,
        "Reconciliation with Oryx's headline totals",
        "oryx_losses",
    );
    assert_has(
        &out,
        "Russia     all            201      17     184     22381  -22197",
        "oryx_losses",
    );
    let chart = std::fs::read_to_string(&svg).expect("SVG written");
    // The attribution of `tests/data/oryx/README.md`: no licence is stated for the data.
    assert_has(
        &chart,
        "Data: Oryx (oryxspioenkop.com), as scraped by scarnecchia/oryx_data; no licence \
         stated: check Oryx&apos;s terms before republishing.",
        "oryx_losses SVG",
    );
    assert!(
        !chart.contains("CC BY"),
        "oryx_losses SVG: a licence nobody states"
    );
    // Ticks true to their dates (years: the excerpt runs from 2022), the axis to the last day
    // the files list a loss, a line per side and cause.
    let checked = check_chart(&chart);
    assert!(checked.ticks.len() >= 3, "{:?}", checked.ticks);
    assert!(
        checked.ticks.iter().all(|t| t.1.len() == 4),
        "{:?}",
        checked.ticks
    );
    assert_has(
        &chart,
        &format!("as known at {}", checked.end),
        "oryx_losses SVG",
    );
    for name in ["RUS destroyed", "RUS captured", "UKR destroyed"] {
        assert_has(
            &chart,
            &format!("class=\"series\" data-name=\"{name}\""),
            "oryx_losses SVG",
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
