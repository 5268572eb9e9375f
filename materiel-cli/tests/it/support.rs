//! What the end-to-end tests share: running the real `materiel` binary in temporary
//! directories, snapshots, the committed excerpts imported.
//!
//! Output for the committed excerpts is pinned by plain files under `tests/snapshots/`;
//! `UPDATE_SNAPSHOTS=1 cargo test -p materiel-cli` rewrites them (review the diff).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_materiel");

pub(crate) fn excerpt() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/sipri-excerpt.csv")
}

/// Runs the binary in `dir` with `args` and `stdin`.
pub(crate) fn run_with(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
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

/// Checks that `svg` is well-formed enough: an XML declaration, then elements that open and
/// close in order under one `<svg>` root, quoted attributes. Returns the start tags.
pub(crate) fn svg_tags(svg: &str) -> Vec<String> {
    let body = svg
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "{text}");
        for (at, _) in text.match_indices('&') {
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| text[at..].starts_with(e)),
                "{text}"
            );
        }
        let close = rest[open..].find('>').expect("a closed tag") + open;
        let tag = &rest[open + 1..close];
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else {
            let name = tag.split_whitespace().next().unwrap().trim_end_matches('/');
            if stack.is_empty() {
                assert!(tags.is_empty() && name == "svg", "one <svg> root: {tag}");
            }
            if !tag.ends_with('/') {
                stack.push(name.to_owned());
            }
            tags.push(tag.to_owned());
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(rest.trim(), "");
    tags
}
