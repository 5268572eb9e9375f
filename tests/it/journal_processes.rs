//! The journal with real processes: two racing creators (exactly one wins), writers killed
//! (`kill -9`) mid-append (no confirmed entry lost), and temporary files: a writer killed
//! while it writes a checkpoint leaves `.<journal>.checkpoint.<pid>-<n>.tmp` behind; opening
//! the journal for writing removes it, and spares one that a live process is still writing.

use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use materiel::journal::JournalError;
use materiel::{Catalog, Entry, NewEntry};

use crate::journal::{Rng, expected, varied_entries};
use materiel::journal::{CheckpointStatus, Durability, Journal, JournalOptions, checkpoint_path};

/// Set in the environment of the helper processes: `<mode>|<journal path>|<dir>`.
const ENV: &str = "MATERIEL_JOURNAL_TEMPS";

fn options() -> JournalOptions {
    JournalOptions::new().durability(Durability::OnSync)
}

/// A journal of a few thousand entries (a checkpoint of it takes a while to write).
fn big_journal(dir: &Path) -> (PathBuf, usize) {
    let entries = crate::store::deliveries(3000);
    let path = dir.join("j.jsonl");
    let mut journal = Journal::create(&path, Catalog::reference(), &options()).unwrap();
    journal.extend(entries.clone()).unwrap();
    journal.sync().unwrap();
    (path, entries.len())
}

/// The temporary files in `dir`.
fn temps(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    found.sort();
    found
}

/// Runs this test binary's helper `name` with `spec`, its standard output piped.
fn helper(name: &str, spec: String) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            name,
            "--exact",
            "--ignored",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(ENV, spec)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Reads the child's standard output until a line containing `word`.
fn wait_for(child: &mut Child, word: &str) {
    let out = child.stdout.as_mut().unwrap();
    let mut reader = std::io::BufReader::new(out);
    let mut line = String::new();
    // libtest may print the test's name on the same line.
    while !line.contains(word) {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "the helper ended before saying {word}"
        );
    }
}

/// Not a test on its own: a writer in a child process. `checkpoints`: writes checkpoints of
/// the journal one after the other until it is killed. `holding`: writes the journal's
/// checkpoint file by hand (`store::write_atomically`) and, half-way, waits until the file
/// `<dir>/go` exists (or is killed meanwhile).
#[test]
#[ignore = "helper process of the temporary-file tests"]
fn temps_child() {
    let Ok(spec) = std::env::var(ENV) else {
        return;
    };
    let parts: Vec<&str> = spec.split('|').collect();
    let [mode, path, dir] = parts[..] else {
        panic!("bad {ENV}: {spec}");
    };
    let mut out = std::io::stdout().lock();
    match mode {
        "checkpoints" => {
            let mut journal = Journal::open(path, Catalog::reference(), &options()).unwrap();
            writeln!(out, "ready").unwrap();
            out.flush().unwrap();
            loop {
                journal.checkpoint().unwrap();
            }
        }
        "holding" => {
            materiel::store::write_atomically(checkpoint_path(Path::new(path)), |w| {
                w.write_all(b"a checkpoint being written")?;
                writeln!(out, "writing")?;
                out.flush()?;
                let go = Path::new(dir).join("go");
                let start = Instant::now();
                while !go.exists() {
                    assert!(
                        start.elapsed() < Duration::from_secs(60),
                        "never told to go"
                    );
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok::<(), std::io::Error>(())
            })
            .unwrap();
            writeln!(out, "done").unwrap();
        }
        other => panic!("unknown mode {other}"),
    }
}

#[test]
fn a_writer_killed_while_checkpointing_leaves_nothing_the_next_writer_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let (path, entries) = big_journal(dir.path());
    let mut rng = 7u64;
    let mut left_behind = 0;
    for round in 0..40 {
        let mut child = helper(
            "journal_processes::temps_child",
            format!("checkpoints|{}|{}", path.display(), dir.path().display()),
        );
        wait_for(&mut child, "ready");
        rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        std::thread::sleep(Duration::from_millis(5 + (rng >> 33) % 60));
        // SIGKILL on Unix: no destructor runs.
        child.kill().unwrap();
        child.wait().unwrap();
        let stray = temps(dir.path());
        assert!(stray.len() <= 1, "round {round}: {stray:?}");
        left_behind += stray.len();
        // Reading takes no lock and removes nothing.
        let replay = Journal::read(&path, Catalog::reference(), &options()).unwrap();
        assert_eq!(replay.ledger.len(), entries);
        assert_eq!(temps(dir.path()), stray, "round {round}");
        // The next writer removes them; the checkpoint in place is the old one or a new one.
        let journal = Journal::open(&path, Catalog::reference(), &options()).unwrap();
        assert!(temps(dir.path()).is_empty(), "round {round}");
        assert_eq!(journal.ledger().len(), entries);
        assert!(
            !matches!(
                journal.checkpoint_status(),
                CheckpointStatus::Ignored { .. }
            ),
            "round {round}: {:?}",
            journal.checkpoint_status()
        );
        drop(journal);
        if left_behind >= 3 {
            break;
        }
    }
    assert!(
        left_behind > 0,
        "no writer was killed while it wrote a checkpoint"
    );
}

#[test]
fn a_temporary_file_a_live_process_writes_is_spared_and_a_dead_ones_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, entries) = big_journal(dir.path());
    let spec = format!("holding|{}|{}", path.display(), dir.path().display());

    // Alive: spared by the writer that opens the journal, and renamed into place after.
    let mut child = helper("journal_processes::temps_child", spec.clone());
    wait_for(&mut child, "writing");
    let held = temps(dir.path());
    assert_eq!(held.len(), 1, "{held:?}");
    let journal = Journal::open(&path, Catalog::reference(), &options()).unwrap();
    assert_eq!(temps(dir.path()), held, "a live writer's file was removed");
    drop(journal);
    std::fs::write(dir.path().join("go"), b"").unwrap();
    wait_for(&mut child, "done");
    assert!(child.wait().unwrap().success());
    assert!(temps(dir.path()).is_empty());
    assert_eq!(
        std::fs::read(checkpoint_path(&path)).unwrap(),
        b"a checkpoint being written"
    );
    // (That checkpoint does not fit the journal: ignored, the journal replayed in full.)
    let journal = Journal::open(&path, Catalog::reference(), &options()).unwrap();
    assert!(matches!(
        journal.checkpoint_status(),
        CheckpointStatus::Ignored { .. }
    ));
    assert_eq!(journal.ledger().len(), entries);
    drop(journal);
    std::fs::remove_file(dir.path().join("go")).unwrap();

    // Killed half-way: its file is left behind, and the next writer removes it.
    let mut child = helper("journal_processes::temps_child", spec);
    wait_for(&mut child, "writing");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(temps(dir.path()).len(), 1);
    drop(Journal::open(&path, Catalog::reference(), &options()).unwrap());
    assert!(temps(dir.path()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Exclusive creation, raced by two real processes.

/// Set in the environment of the helper processes `create_is_exclusive_across_processes`
/// spawns: `<journal path>|<ready file>|<go file>|<result file>|<seed>`.
const RACE_ENV: &str = "MATERIEL_JOURNAL_CREATE_RACE";

/// Not a test on its own: the body of one racing creator, run in a child process.
#[test]
#[ignore = "helper process of create_is_exclusive_across_processes"]
fn create_race_child() {
    let Ok(spec) = std::env::var(RACE_ENV) else {
        return;
    };
    let parts: Vec<&str> = spec.split('|').collect();
    let [path, ready, go, out, seed] = parts[..] else {
        panic!("bad {RACE_ENV}: {spec}");
    };
    let seed: u64 = seed.parse().expect("seed");
    std::fs::write(ready, b"").expect("ready file");
    while !std::path::Path::new(go).exists() {
        std::thread::yield_now();
    }
    let report = match Journal::create(path, Catalog::reference(), &JournalOptions::new()) {
        Ok(mut journal) => {
            for e in varied_entries(3, seed) {
                journal.append(e).expect("append to a created journal");
            }
            format!("won {seed}")
        }
        Err(JournalError::Exists { .. }) => "exists".to_owned(),
        Err(e) => format!("error: {e:?}"),
    };
    std::fs::write(out, report).expect("result file");
}

#[test]
fn create_is_exclusive_across_processes() {
    let exe = std::env::current_exe().expect("the test binary");
    let dir = tempfile::tempdir().expect("temp dir");
    // Each round starts two test processes (about 0.1 s on a loaded 2-core machine): 10 in the
    // quick form, 40 in the exhaustive one (`MATERIEL_TEST_EXHAUSTIVE`), any number with
    // MATERIEL_CREATE_RACE_ROUNDS.
    let rounds: usize = std::env::var("MATERIEL_CREATE_RACE_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if crate::support::exhaustive() { 40 } else { 10 });
    for round in 0..rounds {
        let path = dir.path().join(format!("race-{round}.jsonl"));
        let go = dir.path().join(format!("go-{round}"));
        let file = |what: &str, c: usize| dir.path().join(format!("{what}-{round}-{c}"));
        let children: Vec<std::process::Child> = (0..2)
            .map(|c| {
                let spec = format!(
                    "{}|{}|{}|{}|{}",
                    path.display(),
                    file("ready", c).display(),
                    go.display(),
                    file("out", c).display(),
                    100 + c
                );
                std::process::Command::new(&exe)
                    .args([
                        "journal_processes::create_race_child",
                        "--exact",
                        "--ignored",
                        "--test-threads=1",
                    ])
                    .env(RACE_ENV, spec)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("spawn a racing creator")
            })
            .collect();
        let started = std::time::Instant::now();
        while !(0..2).all(|c| file("ready", c).exists()) {
            assert!(started.elapsed().as_secs() < 60, "children never got ready");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        std::fs::write(&go, b"").expect("go");
        for mut child in children {
            assert!(child.wait().expect("child").success(), "round {round}");
        }
        let outs: Vec<String> = (0..2)
            .map(|c| std::fs::read_to_string(file("out", c)).expect("result"))
            .collect();
        let winners: Vec<&String> = outs.iter().filter(|o| o.starts_with("won ")).collect();
        assert_eq!(winners.len(), 1, "round {round}: {outs:?}");
        assert!(
            outs.iter().any(|o| o == "exists"),
            "round {round}: the loser must get Exists: {outs:?}"
        );
        let seed: u64 = winners[0]["won ".len()..].parse().expect("seed");
        let journal =
            Journal::open(&path, Catalog::reference(), &JournalOptions::new()).expect("reopen");
        assert!(journal.recovery().is_none());
        assert_eq!(
            journal.ledger().entries().collect::<Vec<_>>(),
            expected(&varied_entries(3, seed)).entries,
            "round {round}: the winner's appends are in the file at the path"
        );
        // Nothing but the journal and the test's own files is left in the directory.
        for leftover in std::fs::read_dir(dir.path()).expect("dir") {
            let name = leftover.expect("entry").file_name();
            let name = name.to_string_lossy();
            assert!(
                !name.contains("creating") && !name.contains(".tmp"),
                "round {round}: stray {name}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// kill -9 during appends, with each durability policy.

/// Set in the environment of the helper processes `kill_9_loses_no_confirmed_entry` spawns:
/// `<journal path>|<every|onsync>`.
const KILL_ENV: &str = "MATERIEL_JOURNAL_KILL";

/// The entries every killed writer appends, in order.
fn kill_entries() -> Vec<NewEntry> {
    varied_entries(600, 81)
}

/// Not a test on its own: a writer that is killed mid-append, run in a child process.
#[test]
#[ignore = "helper process of kill_9_loses_no_confirmed_entry"]
fn kill_9_child() {
    use std::io::Write as _;
    let Ok(spec) = std::env::var(KILL_ENV) else {
        return;
    };
    let (path, policy) = spec.split_once('|').expect("spec");
    let durability = if policy == "every" {
        Durability::EveryEntry
    } else {
        Durability::OnSync
    };
    let opts = JournalOptions::new().durability(durability).repair(true);
    let mut journal = Journal::open(path, Catalog::reference(), &opts).expect("open");
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {}", journal.ledger().len()).expect("stdout");
    out.flush().expect("stdout");
    let entries = kill_entries();
    for e in &entries[journal.ledger().len()..] {
        journal.append(e.clone()).expect("append");
        // Confirmed: the append returned Ok.
        writeln!(out, "{}", journal.ledger().len()).expect("stdout");
        out.flush().expect("stdout");
    }
}

#[test]
fn kill_9_loses_no_confirmed_entry() {
    use std::io::{BufRead as _, Read as _};
    let exe = std::env::current_exe().expect("the test binary");
    let all = expected(&kill_entries()).entries;
    let mut rng = Rng(99);
    // Up to 12 writers killed per policy in the exhaustive form (`MATERIEL_TEST_EXHAUSTIVE`), 6
    // in the quick form.
    let rounds = if crate::support::exhaustive() { 12 } else { 6 };
    for policy in ["every", "onsync"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut path = dir.path().join("killed.jsonl");
        drop(Journal::create(&path, Catalog::reference(), &JournalOptions::new()).expect("create"));
        let (mut kills, mut interrupted) = (0, 0);
        for round in 0..rounds {
            let mut child = std::process::Command::new(&exe)
                .args([
                    "journal_processes::kill_9_child",
                    "--exact",
                    "--ignored",
                    "--test-threads=1",
                ])
                .arg("--nocapture")
                .env(KILL_ENV, format!("{}|{policy}", path.display()))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn a writer");
            let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
            let mut first = String::new();
            // libtest may print the test's name on the same line.
            while !first.contains("ready") {
                first.clear();
                assert!(
                    stdout.read_line(&mut first).expect("read") > 0,
                    "{policy} round {round}: the writer never got ready"
                );
            }
            // What the writer found on opening is confirmed too.
            let ready: usize = first
                .trim()
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("ready <entries>");
            std::thread::sleep(std::time::Duration::from_micros(rng.below(20_000)));
            // SIGKILL on Unix, TerminateProcess on Windows: no destructor runs.
            if child.kill().is_ok() {
                kills += 1;
            }
            child.wait().expect("wait");
            let mut rest = String::new();
            stdout.read_to_string(&mut rest).expect("read");
            // Whole lines only: a number cut by the kill is not a confirmation.
            let whole = &rest[..rest.rfind('\n').map_or(0, |i| i + 1)];
            let confirmed: usize = whole
                .lines()
                .filter_map(|l| l.trim().parse().ok())
                .next_back()
                .unwrap_or(0)
                .max(ready);
            let opts = JournalOptions::new().repair(true);
            let journal = Journal::open(&path, Catalog::reference(), &opts)
                .unwrap_or_else(|e| panic!("{policy} round {round}: {e}"));
            let got: Vec<Entry> = journal.ledger().entries().collect();
            assert!(
                got.len() >= confirmed,
                "{policy} round {round}: {confirmed} confirmed, {} recovered",
                got.len()
            );
            assert_eq!(got, all[..got.len()], "{policy} round {round}");
            if got.len() == all.len() {
                if interrupted > 0 || round + 1 == rounds {
                    break;
                }
                // The first writer finished before its kill (a loaded machine can delay the
                // parent past the child's last append): start again on a new journal, so that
                // some writer is killed mid-way.
                path = dir.path().join(format!("killed-{round}.jsonl"));
                drop(
                    Journal::create(&path, Catalog::reference(), &JournalOptions::new())
                        .expect("create"),
                );
                continue;
            }
            interrupted += 1;
        }
        assert!(
            kills > 0 && interrupted > 0,
            "{policy}: no writer was killed mid-way"
        );
    }
}
