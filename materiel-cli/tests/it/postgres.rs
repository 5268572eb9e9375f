//! End-to-end tests of `--store` and `materiel copy`: the real `materiel` binary against a real
//! PostgreSQL server, named by `MATERIEL_TEST_PG` (for example
//! `postgres://postgres:postgres@localhost/materiel_test`). They are ignored by default and run
//! with `cargo test -- --ignored` (as `.ci/run` does); asked for without a server, they fail. Each test works in a PostgreSQL schema of its own, dropped at the
//! end.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Output;

use crate::support::{self, command, excerpt, ok, run, stderr, stdout};

/// The test server's URL. These tests are `#[ignore = "needs MATERIEL_TEST_PG"]`: asked for
/// without a server, they fail saying how to name one, rather than pass having done nothing.
fn server() -> String {
    match std::env::var("MATERIEL_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "set MATERIEL_TEST_PG=postgres://USER:PASSWORD@HOST/DB to run the CLI's PostgreSQL \
             tests (.ci/run starts a server and sets it)"
        ),
    }
}

/// A PostgreSQL schema for one test: dropped before (a leftover of an earlier run) and after.
struct Schema {
    url: String,
    name: String,
}

impl Schema {
    fn new(url: &str, tag: &str) -> Self {
        let schema = Self {
            url: url.to_owned(),
            name: format!("cli_{tag}_{}", std::process::id()),
        };
        schema.drop_it();
        schema
    }

    fn drop_it(&self) {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.name))
            .unwrap();
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        self.drop_it();
    }
}

/// Runs and expects `code` with a one-line `error: ` message (clap's usage errors too);
/// returns it.
fn fails(dir: &Path, args: &[&str], code: i32) -> String {
    let err = support::fails(dir, args, "", code);
    assert!(err.starts_with("error: "), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    err
}

/// `args` followed by `--store URL --schema NAME`.
fn on<'a>(args: &[&'a str], s: &'a Schema) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend(["--store", s.url.as_str(), "--schema", s.name.as_str()]);
    v
}

/// `args` followed by `--journal JOURNAL`.
fn on_journal<'a>(args: &[&'a str], journal: &'a str) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend(["--journal", journal]);
    v
}

/// The entry lines of a journal (its header, line 1, left out).
fn entry_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_store_session_answers_as_the_journal_session() {
    let url = server();
    let s = Schema::new(&url, "session");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let csv = excerpt();
    let csv = csv.to_str().unwrap();

    ok(d, &["init", "ven.jsonl"]);
    let created = ok(d, &on(&["init"], &s));
    assert!(
        created.contains(&format!("PostgreSQL schema {}", s.name)),
        "{created}"
    );
    assert!(
        !created.contains("postgres:postgres@"),
        "password shown: {created}"
    );
    // A second init of the same schema is refused.
    let err = fails(d, &on(&["init"], &s), 1);
    assert!(err.contains("already holds a ledger"), "{err}");

    let journal_report = ok(d, &on_journal(&["import", "sipri", csv], "ven.jsonl"));
    let store_report = ok(d, &on(&["import", "sipri", csv], &s));
    let body = |r: &str| {
        r.lines()
            .filter(|l| !l.starts_with("appended"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&journal_report), body(&store_report));
    assert!(store_report.contains("appended 503 entries (#0..#502) to PostgreSQL schema"));

    for query in [
        &["holdings", "Venezuela", "--at", "2013-12-31"][..],
        &["holdings", "VEN", "--known-at", "2025-01-01T00:00:00Z"],
        &["holdings", "VEN", "--format", "csv"],
        &["lot", "VEN", "Su-30MK2", "--at", "2007-12-31"],
        &["pipeline", "VEN", "--at", "2007-12-31", "--format", "json"],
        &["timeline", "VEN", "su-30mk2"],
        &["losses"],
        &["export", "entries"],
        &["export", "holdings", "--at", "2013-12-31"],
        &["export", "pipeline", "VEN", "--format", "json"],
    ] {
        let from_journal = ok(d, &on_journal(query, "ven.jsonl"));
        assert_eq!(from_journal, ok(d, &on(query, &s)), "{query:?}");
    }
    assert_eq!(
        ok(d, &["catalog", "--journal", "ven.jsonl", "--format", "csv"]),
        ok(d, &on(&["catalog", "--format", "csv"], &s))
    );

    // MATERIEL_STORE supplies --store; a --journal on the command line wins over it.
    let holdings = ["holdings", "VEN", "--at", "2013-12-31"];
    let expected = ok(d, &on_journal(&holdings, "ven.jsonl"));
    let with_env = |args: &[&str]| {
        let o = command(d, args)
            .env("MATERIEL_STORE", &s.url)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(
        with_env(&[&holdings[..], &["--schema", s.name.as_str()]].concat()),
        expected
    );
    assert_eq!(with_env(&on_journal(&holdings, "ven.jsonl")), expected);
    // Both on the command line: a usage error.
    let both = on(&on_journal(&holdings, "ven.jsonl"), &s);
    let o = run(d, &both);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    let verified = ok(d, &on(&["verify"], &s));
    assert!(
        verified.contains("entries      503 (each checked)"),
        "{verified}"
    );
    assert!(verified.contains("sequence     503"), "{verified}");
    assert!(verified.contains("writers      1"), "{verified}");
    assert!(
        verified.contains(": 503 entries (#0..#502), last committed "),
        "{verified}"
    );

    // A checkpoint in the database: later readers start from it, with the same answers.
    let stored = ok(d, &on(&["checkpoint"], &s));
    assert!(
        stored.starts_with(&format!(
            "checkpoint of 503 entries stored in PostgreSQL schema {}",
            s.name
        )),
        "{stored}"
    );
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let covered: Vec<i64> = client
        .query(
            &format!("SELECT entries FROM \"{}\".checkpoints", s.name),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(covered, [503]);
    for query in [
        &["holdings", "Venezuela", "--at", "2013-12-31"][..],
        &["export", "entries"],
    ] {
        assert_eq!(
            ok(d, &on_journal(query, "ven.jsonl")),
            ok(d, &on(query, &s)),
            "{query:?}"
        );
    }
    // A damaged checkpoint is a warning; the answers stay the same.
    client
        .batch_execute(&format!(
            "UPDATE \"{}\".checkpoints SET body_crc = (body_crc + 1) % 4294967296",
            s.name
        ))
        .unwrap();
    let o = run(d, &on(&["holdings", "Venezuela", "--at", "2013-12-31"], &s));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("checkpoint of 503 entries ignored: body checksum mismatch"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        stdout(&o),
        ok(
            d,
            &on_journal(
                &["holdings", "Venezuela", "--at", "2013-12-31"],
                "ven.jsonl"
            )
        )
    );
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn record_and_retract_through_a_store() {
    let url = server();
    let s = Schema::new(&url, "record");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &on(&["init"], &s));
    let delivered = [
        "record",
        "--holder",
        "VEN",
        "--platform",
        "Su-30MK2",
        "--date",
        "2006",
        "--change",
        "delivered",
        "--count",
        "24",
        "--status",
        "operational",
        "--source",
        "SIPRI",
        "--grade",
        "A2",
        "--writer",
        "ana@desk",
    ];
    assert_eq!(ok(d, &on(&delivered, &s)), "recorded entry 0\n");
    let lost = [
        "record",
        "--holder",
        "VEN",
        "--platform",
        "su-30mk2",
        "--date",
        "2025-11",
        "--change",
        "lost",
        "--count",
        "1",
        "--from",
        "operational",
        "--cause",
        "destroyed",
        "--source",
        "crash report",
        "--grade",
        "B2",
        "--writer",
        "bob@field",
    ];
    assert_eq!(ok(d, &on(&lost, &s)), "recorded entry 1\n");
    let retracted = ok(
        d,
        &on(
            &[
                "retract",
                "1",
                "--why",
                "misidentified",
                "--writer",
                "bob@field",
            ],
            &s,
        ),
    );
    assert_eq!(retracted, "recorded retraction 2 of entry 1\n");

    // The ledger's refusals: one line, status 1, nothing written.
    let too_many = [
        "record",
        "--holder",
        "VEN",
        "--platform",
        "su-30mk2",
        "--date",
        "2025-12",
        "--change",
        "lost",
        "--count",
        "99",
        "--from",
        "operational",
        "--cause",
        "destroyed",
        "--source",
        "rumour",
        "--grade",
        "E5",
    ];
    let err = fails(d, &on(&too_many, &s), 1);
    assert!(err.contains("entry not recorded"), "{err}");
    let err = fails(d, &on(&["retract", "42", "--why", "no such entry"], &s), 1);
    assert!(err.contains("entry 42 not retracted"), "{err}");

    let lot = ok(d, &on(&["lot", "VEN", "su-30mk2", "--format", "csv"], &s));
    assert_eq!(lot.lines().count(), 2, "header and the delivery: {lot}");
    let entries = ok(d, &on(&["export", "entries"], &s));
    assert_eq!(entries.lines().count(), 4, "{entries}");

    let verified = ok(d, &on(&["verify"], &s));
    assert!(
        verified.contains("entries      3 (each checked)"),
        "{verified}"
    );
    assert!(verified.contains("writers      2"), "{verified}");
    assert!(
        verified.contains("ana@desk: 1 entry (#0..#0)"),
        "{verified}"
    );
    assert!(
        verified.contains("bob@field: 2 entries (#1..#2)"),
        "{verified}"
    );
}

/// `materiel record` delivering `count` units of su-30mk2 to VEN on `date`.
fn delivery(date: &str, count: &str) -> Vec<String> {
    [
        "record",
        "--holder",
        "VEN",
        "--platform",
        "su-30mk2",
        "--date",
        date,
        "--change",
        "delivered",
        "--count",
        count,
        "--status",
        "operational",
        "--source",
        "news report",
        "--grade",
        "C3",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn concurrent_records_against_one_store_all_land_or_get_the_ledgers_error() {
    let url = server();
    let s = Schema::new(&url, "race");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &on(&["init"], &s));
    let store = ["--store", s.url.as_str(), "--schema", s.name.as_str()];

    // Two processes at once, three times: every entry lands (each recorded now, re-stamped if
    // the other committed a later time first).
    for round in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|i| {
                let mut args = delivery(&format!("20{:02}", 10 + round * 2 + i), "1");
                args.extend(store.iter().map(|s| (*s).to_owned()));
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                command(d, &args).spawn().unwrap()
            })
            .collect();
        for child in children {
            let o = child.wait_with_output().unwrap();
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        }
    }
    let verified = ok(d, &on(&["verify"], &s));
    assert!(
        verified.contains("entries      6 (each checked)"),
        "{verified}"
    );

    // The race made deterministic: another writer committed an entry recorded a little after
    // this clock's now (as a writer that stamped later, or one whose clock runs a little
    // ahead, does). An entry stamped now takes that time instead of being refused; one given
    // an explicit earlier time is refused.
    let ahead = materiel::jiff::Timestamp::now()
        .checked_add(materiel::jiff::SignedDuration::from_secs(20))
        .unwrap()
        .to_string();
    let mut args = delivery("2021", "1");
    args.extend(["--recorded".to_owned(), ahead.clone()]);
    args.extend(store.iter().map(|s| (*s).to_owned()));
    ok(d, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let mut args = delivery("2022", "1");
    args.extend(store.iter().map(|s| (*s).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(ok(d, &args), "recorded entry 7\n");
    let entries = ok(d, &on(&["export", "entries", "--format", "json"], &s));
    let last = entries.lines().last().unwrap();
    let ahead_json = format!("\"recorded\":\"{ahead}\"");
    assert!(last.contains(&ahead_json), "{ahead_json} in {last}");
    let explicit = [&args[..], &["--recorded", "2020-01-01T00:00:00Z"]].concat();
    let err = fails(d, &explicit, 1);
    assert!(err.contains("before the ledger's latest entry"), "{err}");

    // Two processes each losing 5 of the 8 units: only one can land; the other gets the
    // ledger's error against the state the winner left.
    let lose = |i: usize| {
        let mut args: Vec<String> = [
            "record",
            "--holder",
            "VEN",
            "--platform",
            "su-30mk2",
            "--date",
            "2024-06",
            "--change",
            "lost",
            "--count",
            "5",
            "--from",
            "operational",
            "--cause",
            "destroyed",
            "--source",
            "crash report",
            "--grade",
            "B2",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        args.extend(["--writer".to_owned(), format!("loser{i}")]);
        args.extend(store.iter().map(|s| (*s).to_owned()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        command(d, &args).spawn().unwrap()
    };
    let outputs: Vec<Output> = [lose(0), lose(1)]
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let codes: Vec<Option<i32>> = outputs.iter().map(|o| o.status.code()).collect();
    assert!(
        codes == [Some(0), Some(1)] || codes == [Some(1), Some(0)],
        "{codes:?}: {:?}",
        outputs.iter().map(stderr).collect::<Vec<_>>()
    );
    let loser = outputs.iter().find(|o| o.status.code() == Some(1)).unwrap();
    let err = stderr(loser);
    assert!(err.starts_with("error: entry not recorded"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let verified = ok(d, &on(&["verify"], &s));
    assert!(
        verified.contains("entries      9 (each checked)"),
        "{verified}"
    );

    // A latest entry far ahead (beyond a minute) is not another writer's now: refused.
    let far = materiel::jiff::Timestamp::now()
        .checked_add(materiel::jiff::SignedDuration::from_hours(2))
        .unwrap()
        .to_string();
    ok(d, &[&args[..], &["--recorded", far.as_str()]].concat());
    let err = fails(d, &args, 1);
    assert!(err.contains("before the ledger's latest entry"), "{err}");
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn copy_a_journal_into_a_store_and_back_losslessly() {
    let url = server();
    let s = Schema::new(&url, "copy");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let csv = excerpt();
    ok(d, &["init", "ven.jsonl"]);
    ok(
        d,
        &on_journal(&["import", "sipri", csv.to_str().unwrap()], "ven.jsonl"),
    );
    ok(
        d,
        &on_journal(
            &[
                "retract",
                "3",
                "--why",
                "duplicate",
                "--recorded",
                "2025-02-01T00:00:00Z",
            ],
            "ven.jsonl",
        ),
    );
    let schema = ["--schema", s.name.as_str()];

    let copied = ok(
        d,
        &[&["copy", "ven.jsonl", url.as_str()][..], &schema].concat(),
    );
    assert!(
        copied.starts_with("copied 504 entries from ven.jsonl to PostgreSQL schema"),
        "{copied}"
    );
    // The schema now holds a ledger: copying into it again is refused, and it is unchanged.
    let err = fails(
        d,
        &[&["copy", "ven.jsonl", url.as_str()][..], &schema].concat(),
        1,
    );
    assert!(err.contains("already holds a ledger"), "{err}");

    let back = ok(
        d,
        &[&["copy", url.as_str(), "back.jsonl"][..], &schema].concat(),
    );
    assert!(
        back.starts_with("copied 504 entries from PostgreSQL schema"),
        "{back}"
    );
    assert_eq!(
        entry_lines(&d.join("ven.jsonl")),
        entry_lines(&d.join("back.jsonl"))
    );
    assert_eq!(entry_lines(&d.join("back.jsonl")).len(), 504);
    // The copy stands alone: its catalog is beside it.
    assert!(d.join("back.jsonl.catalog.json").is_file());
    assert_eq!(
        ok(d, &["export", "entries", "--journal", "ven.jsonl"]),
        ok(d, &["export", "entries", "--journal", "back.jsonl"])
    );
    ok(d, &["verify", "back.jsonl"]);

    // An existing journal is never overwritten.
    let before = std::fs::read(d.join("back.jsonl")).unwrap();
    let err = fails(
        d,
        &[&["copy", url.as_str(), "back.jsonl"][..], &schema].concat(),
        1,
    );
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(d.join("back.jsonl")).unwrap(), before);
    // Copying from a schema without a ledger leaves nothing behind.
    let err = fails(
        d,
        &[
            "copy",
            url.as_str(),
            "none.jsonl",
            "--schema",
            "cli_no_such_schema",
        ],
        1,
    );
    assert!(err.contains("holds no materiel ledger"), "{err}");
    assert!(!d.join("none.jsonl").exists() && !d.join("none.jsonl.catalog.json").exists());
    // Two journals or two databases: usage errors.
    fails(d, &["copy", "ven.jsonl", "other.jsonl"], 2);
    fails(d, &["copy", url.as_str(), url.as_str()], 2);
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn bad_stores_give_one_line_and_the_documented_code() {
    let url = server();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Unreachable server: status 1, as an unreadable journal.
    let err = fails(
        d,
        &[
            "holdings",
            "VEN",
            "--store",
            "postgres://materiel:secret@127.0.0.1:1/osint",
        ],
        1,
    );
    assert!(err.contains("connect"), "{err}");
    assert!(!err.contains("secret"), "password shown: {err}");
    fails(
        d,
        &[
            "record",
            "--store",
            "host=127.0.0.1 port=1 password=secret dbname=osint",
        ],
        1,
    );
    // A connection string or schema name that is not valid: usage errors.
    let err = fails(
        d,
        &[
            "holdings",
            "VEN",
            "--store",
            "postgres://a:b@localhost:notaport/db",
        ],
        2,
    );
    assert!(
        err.contains("invalid PostgreSQL connection string"),
        "{err}"
    );
    let err = fails(
        d,
        &[
            "holdings",
            "VEN",
            "--store",
            url.as_str(),
            "--schema",
            "Bad-Name",
        ],
        2,
    );
    assert!(err.contains("invalid PostgreSQL schema name"), "{err}");
    // A schema without a ledger: status 1.
    let err = fails(
        d,
        &[
            "verify",
            "--store",
            url.as_str(),
            "--schema",
            "cli_no_such_schema",
        ],
        1,
    );
    assert!(err.contains("holds no materiel ledger"), "{err}");
    // An option a store does not take: a usage error.
    let err = fails(d, &["verify", "--repair", "--store", url.as_str()], 2);
    assert!(err.contains("--repair applies to journals"), "{err}");
}
