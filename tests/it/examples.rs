//! Runs every example and checks the figures it prints: the examples tell one story (the
//! shared facts of `examples/common/mod.rs`), and it is the story of the scenario (24
//! Su-30MK2 of unknown status; three crashes; requests to Russia, Iran and China).

use std::path::Path;
use std::process::Command;

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
    let timeline = run(
        "readiness_timeline",
        &[svg.to_str().expect("UTF-8 path"), "--png"],
    );
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
    for needle in [
        "Sources: SIPRI Arms Transfers Database, data generated 2025-01-03 (deal 33019",
        "crash reports of 2015-09-17, 2019-10-16, 2023-07-02",
        "As known at 2025-11-04.",
        "hatched: illustrative split",
        "in service (sourced)",
        "FMC operational",
        "NKN status not known",
        "timing known to the year",
        "sourced counts, illustrative status split",
    ] {
        assert_has(&chart, needle, "readiness_timeline SVG");
    }
    // The hatching over illustrative steps is drawn in its own colour, used for nothing else.
    let hatches = chart.matches("#444444").count();
    assert!(
        hatches > 100,
        "hatched illustrative series: {hatches} hatch lines"
    );
    // The palette is Okabe-Ito.
    for colour in ["#0072B2", "#D55E00", "#E69F00", "#56B4E9"] {
        assert!(
            chart.to_ascii_uppercase().contains(colour),
            "colour {colour} missing"
        );
    }
    let png = std::fs::read(svg.with_extension("png")).expect("PNG written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
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
    // The x ticks of each panel are years, strictly increasing: each marks 1 January of the
    // year it names (the axis counts months from January 2022, a tick every 12).
    let labels: Vec<i32> = chart
        .split("</text>")
        .filter_map(|t| t.rsplit('>').next()?.trim().parse::<i32>().ok())
        .filter(|y| (2000..2100).contains(y))
        .collect();
    assert!(labels.len() >= 4, "oryx_losses SVG: year ticks {labels:?}");
    let panels: Vec<&[i32]> = labels
        .split(|y| *y == 2022)
        .filter(|p| !p.is_empty())
        .collect();
    for panel in &panels {
        assert!(panel.windows(2).all(|w| w[1] == w[0] + 1), "{labels:?}");
    }
    assert_eq!(
        labels.iter().filter(|y| **y == 2022).count(),
        2,
        "{labels:?}"
    );
    assert_has(&chart, "As of ", "oryx_losses SVG");
    let _ = std::fs::remove_dir_all(&dir);
}
