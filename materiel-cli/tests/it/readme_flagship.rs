//! The README's "flagship's conflicts from the command line": its very block of commands,
//! parsed out of README.md and run on the real binary, gives the example's bounds (21 within
//! 21..24).

use std::path::Path;

use crate::support::{ok, run_with, stderr, stdout};

/// The marker before the block the test runs.
const MARKER: &str = "<!-- flagship-cli: run by materiel-cli/tests/it/readme_flagship.rs -->";

/// A command of the block: its words after `materiel`, and its standard input.
#[derive(Debug)]
struct Step {
    args: Vec<String>,
    stdin: String,
}

/// `line` split into words as a POSIX shell does for what the README uses: words separated
/// by spaces, single quotes (literal) and double quotes (with `\"` and `\\`).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' => out.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    w.push(q);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        q => w.push(q),
                    }
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    out
}

/// The commands of the README's block after [`MARKER`]: lines joined at a trailing `\`,
/// comments skipped, `<<'EOF'` taking the lines up to `EOF` as standard input.
fn steps(readme: &str) -> Vec<Step> {
    let block = &readme[readme.find(MARKER).expect("the README's marker")..];
    let block = &block[block.find("```sh\n").expect("a sh block") + 6..];
    let block = &block[..block.find("\n```").expect("the block's end")];
    let mut lines = block.lines();
    let mut steps = Vec::new();
    while let Some(first) = lines.next() {
        if first.trim().is_empty() || first.starts_with('#') {
            continue;
        }
        let mut line = first.to_owned();
        while line.ends_with('\\') {
            line.pop();
            line.push_str(lines.next().expect("a continued line").trim_start());
        }
        let mut stdin = String::new();
        if let Some(head) = line.strip_suffix("<<'EOF'") {
            line = head.to_owned();
            for l in lines.by_ref().take_while(|l| *l != "EOF") {
                stdin.push_str(l);
                stdin.push('\n');
            }
        }
        let mut args = words(&line);
        assert_eq!(args.remove(0), "materiel", "{line}");
        steps.push(Step { args, stdin });
    }
    steps
}

/// Runs the README's block in a new directory (with `oryx`, an Oryx import of the committed
/// excerpt recorded 2025-07-20, as the full files' import is, right after SIPRI's), and
/// returns the directory and each command's standard output.
fn run_block(oryx: bool) -> (tempfile::TempDir, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let steps = steps(&readme);
    assert_eq!(steps.len(), 10, "{steps:?}");
    let dir = tempfile::tempdir().unwrap();
    let data = root.join("tests/data/");
    let mut outputs = Vec::new();
    for step in &steps {
        // The block runs from a clone's root: its data paths are the repository's.
        let args: Vec<String> = step
            .args
            .iter()
            .map(|a| a.replace("tests/data/", data.to_str().unwrap()))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run_with(dir.path(), &args, &step.stdin);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        outputs.push(stdout(&o));
        if oryx && args[..2] == ["import", "sipri"] {
            let excerpt = data.join("oryx");
            let o = run_with(
                dir.path(),
                &[
                    "import",
                    "oryx",
                    excerpt.to_str().unwrap(),
                    "--journal",
                    "ven.jsonl",
                    "--recorded",
                    "2025-07-20T00:00:00Z",
                ],
                "",
            );
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        }
    }
    (dir, outputs)
}

/// On a journal that also holds an Oryx import recorded 2025-07-20 (the full files' default),
/// the block runs as it is and gives the same bounds.
#[test]
fn the_readme_s_flagship_commands_run_after_an_oryx_import() {
    let (_dir, outputs) = run_block(true);
    let row = outputs[8]
        .lines()
        .find(|l| l.contains("Su-30MK2"))
        .expect("the Su-30MK2's conflict");
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(cells[3..6], ["held", "21..24", "21"], "{}", outputs[8]);
}

#[test]
fn the_readme_s_flagship_commands_give_21_within_21_to_24() {
    let (dir, outputs) = run_block(false);
    let conflicts = &outputs[8];
    assert!(conflicts.contains("1 conflict"), "{conflicts}");
    let row = conflicts
        .lines()
        .find(|l| l.contains("Su-30MK2"))
        .expect("the Su-30MK2's conflict");
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(cells[3..6], ["held", "21..24", "21"], "{conflicts}");
    for figure in [
        "21: recorded flows (B2)",
        "23: claimed 23 (C3), Sputnik via urdupoint.com, 2023-07-03",
        "24: assessed 24 (C4), News report 'Russia Reaffirms Backing for Venezuela'",
    ] {
        assert!(conflicts.contains(figure), "{figure}: {conflicts}");
    }
    let lot = &outputs[9];
    assert!(
        lot.contains("held: 21..24, point 21 (grade then recency)"),
        "{lot}"
    );
    // The count 24 is the C4 report's assessment (the latest assessment sets the count): the
    // count is marked and the line under it names that source, its grade and the point.
    let disputed = "in service 24 is set by the latest assessment, entry 506 (News report 'Russia \
                    Reaffirms Backing for Venezuela', 2025-11-01, graded C4, effective \
                    2025-11-01), which other supports disagree with; held 21..24, point 21 \
                    (grade then recency)";
    let in_service = lot.lines().find(|l| l.contains("in service")).unwrap();
    assert!(in_service.contains("| 24 *"), "{lot}");
    assert!(lot.contains(&format!("* Su-30MK2: {disputed}")), "{lot}");
    let d = dir.path();
    let holdings = ok(d, &["holdings", "VEN", "--journal", "ven.jsonl"]);
    let row = holdings.lines().find(|l| l.contains("su-30mk2")).unwrap();
    assert!(row.contains(" 24 * |"), "{holdings}");
    assert!(
        holdings.contains(&format!("* Su-30MK2: {disputed}")),
        "{holdings}"
    );
    // The footnote states the whole rule.
    assert!(
        holdings.contains("or, for a lot assessed, the latest assessment's count (whatever its grade) moved by the flows recorded after it"),
        "{holdings}"
    );
    let grouped = ok(
        d,
        &[
            "holdings",
            "VEN",
            "--journal",
            "ven.jsonl",
            "--category",
            "combat_aircraft",
        ],
    );
    assert!(
        grouped.contains(&format!("note: Su-30MK2: {disputed}")),
        "{grouped}"
    );
    // In CSV and JSON Lines, the assessment's entry id.
    let csv = ok(
        d,
        &[
            "holdings",
            "VEN",
            "--journal",
            "ven.jsonl",
            "--format",
            "csv",
        ],
    );
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",bounds_point,disputed_assessment")
    );
    let su30 = csv.lines().find(|l| l.contains("\"su-30mk2\"")).unwrap();
    assert!(su30.ends_with(",21,24,21,506"), "{su30}");
    assert_eq!(
        csv.lines().filter(|l| l.ends_with(",506")).count(),
        1,
        "{csv}"
    );
    let json = ok(
        d,
        &[
            "lot",
            "VEN",
            "su-30mk2",
            "--journal",
            "ven.jsonl",
            "--format",
            "json",
        ],
    );
    for line in json.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(row["disputed_assessment"], 506, "{line}");
    }
    // The timeline's chart draws the range the claims allow behind the assessment's step to
    // 24, and does not call every count exact.
    let o = run_with(
        dir.path(),
        &[
            "timeline",
            "VEN",
            "su-30mk2",
            "--journal",
            "ven.jsonl",
            "--svg",
            "t.svg",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let chart = std::fs::read_to_string(dir.path().join("t.svg")).unwrap();
    let ranges: Vec<&str> = chart
        .lines()
        .filter(|l| l.starts_with("<rect class=\"range\""))
        .collect();
    assert!(
        ranges
            .iter()
            .any(|r| r.contains("data-lower=\"21\" data-upper=\"24\"")),
        "{chart}"
    );
    assert!(!chart.contains("Every count drawn is exact"), "{chart}");
    assert!(
        chart.contains("Sources disagree: the shaded band"),
        "{chart}"
    );
    assert!(chart.contains(">range sources allow</tspan>"), "{chart}");
    // Every crash kept its source's address.
    let journal = std::fs::read_to_string(dir.path().join("ven.jsonl")).unwrap();
    for url in [
        "\"url\":\"https://maduradas.com/",
        "\"url\":\"https://kant.kg/2019-10-17/",
        "\"url\":\"https://bobruisk.ru/news/2023/07/03/",
    ] {
        assert!(journal.contains(url), "{url}");
    }
}

#[test]
fn shell_words_are_split_as_the_shell_does() {
    assert_eq!(
        words(r#"record --source "a 'b' \"c\"" --note 'x "y"' z"#),
        [
            "record",
            "--source",
            "a 'b' \"c\"",
            "--note",
            "x \"y\"",
            "z"
        ]
    );
}
