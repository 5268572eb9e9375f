//! What the end-to-end tests share: running the real `materiel` binary in temporary
//! directories, snapshots, the committed excerpts imported, entries recorded as JSON, CSV
//! output read by column name, and SVG charts read back (the library's `tests/support/svg.rs`).
//!
//! Output for the committed excerpts is pinned by plain files under `tests/snapshots/`;
//! `UPDATE_SNAPSHOTS=1 cargo test -p materiel-cli` rewrites them (review the diff).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use materiel::{Change, EffectiveDate, NewEntry, PlatformRef, Source};

/// Reading SVG charts back, shared with the library's tests: `attr`, `svg_tags`, `x_ticks`,
/// `check_chart`.
#[path = "../../../tests/support/svg.rs"]
mod svg;
pub(crate) use svg::*;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_materiel");

pub(crate) fn excerpt() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/sipri-excerpt.csv")
}

/// The binary in `dir` with `args`, its output piped, no standard input (never on a store
/// named by the environment's `MATERIEL_STORE`), to run or spawn.
pub(crate) fn command(dir: &Path, args: &[impl AsRef<std::ffi::OsStr>]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("MATERIEL_STORE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Runs the binary in `dir` with `args` and `stdin`.
pub(crate) fn run_with(dir: &Path, args: &[impl AsRef<std::ffi::OsStr>], stdin: &str) -> Output {
    let mut child = command(dir, args).stdin(Stdio::piped()).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub(crate) fn run(dir: &Path, args: &[&str]) -> Output {
    run_with(dir, args, "")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Runs and expects success; returns standard output.
pub(crate) fn ok(dir: &Path, args: &[&str]) -> String {
    let o = run(dir, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Runs and expects failure with `code` and a one-line error on standard error, never a
/// panic; returns that line.
pub(crate) fn fails(dir: &Path, args: &[&str], stdin: &str, code: i32) -> String {
    let o = run_with(dir, args, stdin);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    if code != 2 || !err.starts_with("error: unexpected") {
        // clap's own usage errors add a usage block; ours and the runtime errors are one line.
        let first = err.lines().next().unwrap_or("");
        assert!(first.starts_with("error: "), "{args:?}: {err}");
    }
    if code != 2 {
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    err
}

/// Compares `text` with the snapshot `name` (or writes it when UPDATE_SNAPSHOTS is set).
pub(crate) fn snapshot(name: &str, text: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert!(
        expected == text,
        "snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it):\n--- expected\n{expected}\n--- got\n{text}"
    );
}

/// A temporary directory with `ven.jsonl`, the committed excerpt imported.
pub(crate) fn imported() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init", "ven.jsonl"]);
    let report = ok(
        dir.path(),
        &[
            "import",
            "sipri",
            excerpt().to_str().unwrap(),
            "--journal",
            "ven.jsonl",
        ],
    );
    (dir, report)
}

pub(crate) fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

pub(crate) fn oryx_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/oryx")
}

/// A temporary directory with `ua.jsonl`, the committed Oryx excerpt imported.
pub(crate) fn oryx_imported() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init", "ua.jsonl"]);
    let report = ok(
        dir.path(),
        &[
            "import",
            "oryx",
            oryx_dir().to_str().unwrap(),
            "--journal",
            "ua.jsonl",
        ],
    );
    (dir, report)
}

/// An illustrative entry of Venezuela's `platform` (a catalog id), its source graded `grade`,
/// recorded at `at` (RFC 3339).
pub(crate) fn ven_entry(
    platform: &str,
    date: EffectiveDate,
    change: Change,
    grade: &str,
    at: &str,
) -> NewEntry {
    NewEntry::new(
        "VEN".parse().unwrap(),
        PlatformRef::catalog(platform).unwrap(),
        date,
        change,
        Source::new("illustrative", grade.parse().unwrap()).unwrap(),
        at.parse().unwrap(),
    )
}

/// Records `entry` in the journal `journal` in `dir` as JSON on standard input, which must
/// succeed.
pub(crate) fn record_json(dir: &Path, journal: &str, entry: &NewEntry) {
    let json = serde_json::to_string(entry).unwrap();
    let out = run_with(dir, &["record", "--journal", journal], &json);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// The rows of a CSV text, each as column name -> cell.
pub(crate) fn csv_rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// The chart `name` in `dir`, checked well-formed ([`svg_tags`]).
pub(crate) fn svg_file(dir: &Path, name: &str) -> String {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    svg_tags(&text);
    text
}
