//! Temporary files next to a journal, with real processes: a writer killed (`kill -9`) while
//! it writes a checkpoint leaves `.<journal>.checkpoint.<pid>-<n>.tmp` behind; opening the
//! journal for writing removes it, and spares one that a live process is still writing.

use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use materiel::Catalog;
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
