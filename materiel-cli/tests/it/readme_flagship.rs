//! The README's "flagship's conflicts from the command line": its very block of commands,
//! parsed out of README.md and run on the real binary, gives the example's bounds (21 within
//! 21..24).

use std::path::Path;

use crate::support::{run_with, stderr, stdout};

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

#[test]
fn the_readme_s_flagship_commands_give_21_within_21_to_24() {
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
    }
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
