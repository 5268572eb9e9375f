//! How the command talks to its user: `say!` (standard output that reports a closed pipe or
//! a full disk as an error), warnings and errors on standard error (coloured only on a
//! terminal), the errors that choose an exit status, and the exit status itself.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// `println!` that returns an error (a closed pipe, a full disk) instead of panicking.
macro_rules! say {
    () => {
        say!("")
    };
    ($($arg:tt)*) => {{
        let mut out = ::std::io::stdout().lock();
        let written = ::std::io::Write::write_fmt(&mut out, format_args!($($arg)*))
            .and_then(|()| ::std::io::Write::write_all(&mut out, b"\n"));
        ::anyhow::Context::context(written, "cannot write to standard output")?
    }};
}

pub(crate) use say;

/// Exit status: success.
const EXIT_OK: u8 = 0;
/// Exit status: a runtime or data error (I/O, damaged or locked journal, unreachable database
/// or one without a ledger, refused entry).
const EXIT_ERROR: u8 = 1;
/// Exit status: a usage error (bad arguments, unknown holder or platform, invalid connection
/// string or schema name, an option a store does not take); clap's own code.
const EXIT_USAGE: u8 = 2;
/// Exit status: a strict import rejected a row; nothing was written.
const EXIT_REJECTED: u8 = 3;
/// Exit status: `verify` found a torn tail and did not repair it.
const EXIT_TORN: u8 = 4;

/// An error in the command's arguments found after parsing (an unknown holder or platform):
/// exit status 2, like clap's own usage errors.
#[derive(Debug)]
pub(crate) struct UsageError(pub(crate) String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A strict import stopped at a bad row: exit status 3.
#[derive(Debug)]
pub(crate) struct RejectedRows(pub(crate) String);

impl std::fmt::Display for RejectedRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RejectedRows {}

/// What a command asks `main` to exit with when it succeeded in running.
pub(crate) enum Outcome {
    /// Exit 0.
    Ok,
    /// `verify` found a torn tail, left in place: exit 4.
    TornTail,
}

/// The exit status of a command's result, after reporting its error (if any) on standard
/// error.
pub(crate) fn exit(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Ok) => ExitCode::from(EXIT_OK),
        Ok(Outcome::TornTail) => ExitCode::from(EXIT_TORN),
        Err(e) if broken_pipe(&e) => ExitCode::from(EXIT_OK),
        Err(e) => {
            let code = if e.downcast_ref::<UsageError>().is_some() {
                EXIT_USAGE
            } else if e.downcast_ref::<RejectedRows>().is_some() {
                EXIT_REJECTED
            } else {
                EXIT_ERROR
            };
            report_error(&e);
            ExitCode::from(code)
        }
    }
}

/// True when standard output was closed by its reader (`materiel ... | head`): not an error
/// worth reporting. A CSV writer's error carries the I/O error inside it, not as its source.
fn broken_pipe(e: &anyhow::Error) -> bool {
    let is_broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(is_broken)
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if is_broken(io)))
    })
}

/// Prints `error: ` and the error with its causes on one line (see [`error_line`]).
fn report_error(e: &anyhow::Error) {
    let line = error_line(e);
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}: {line}", paint("error", "31"));
}

/// The error and its causes on one line, `: `-separated, leaving out a cause whose text the
/// line already holds (many library errors quote their source), and the rest of the chain
/// when it repeats the line after short labels of its own (a driver's `db error` then the
/// server's `FATAL: password authentication failed...`, after a line that quotes it).
fn error_line(e: &anyhow::Error) -> String {
    let causes: Vec<String> = e.chain().map(ToString::to_string).collect();
    let mut line = String::new();
    for (i, text) in causes.iter().enumerate() {
        if i > 0 && repeats(&line, &causes[i..].join(": ")) {
            break;
        }
        if line.contains(text.as_str()) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(text);
    }
    line.replace('\n', " ")
}

/// Whether `rest` (the causes left, joined) says only what `line` says: the line holds it,
/// or holds what follows a few short labels (`db error: FATAL: `) at its start.
fn repeats(line: &str, rest: &str) -> bool {
    /// Labels are shorter than this; a repeated remainder is at least this long.
    const LABEL: usize = 12;
    if line.contains(rest) {
        return true;
    }
    let mut from = 0;
    while let Some(i) = rest[from..].find(": ") {
        if i >= LABEL {
            return false;
        }
        from += i + 2;
        let tail = &rest[from..];
        if tail.len() >= LABEL && line.contains(tail) {
            return true;
        }
    }
    false
}

/// Prints a warning line on standard error.
pub(crate) fn warn(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}: {message}", paint("warning", "33"));
}

/// `text` in the ANSI colour `code` when standard error is a terminal and `NO_COLOR` is not
/// set (<https://no-color.org>); plain otherwise.
fn paint(text: &str, code: &str) -> String {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if !no_color && std::io::stderr().is_terminal() {
        format!("\x1b[1;{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_under_a_csv_writer_is_not_reported() {
        // `materiel catalog --format csv | head` printed "error: cannot write: Broken pipe".
        let io = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "Broken pipe");
        let e = anyhow::Error::new(csv::Error::from(io)).context("cannot write");
        assert!(broken_pipe(&e));
        let other = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let e = anyhow::Error::new(csv::Error::from(other)).context("cannot write");
        assert!(!broken_pipe(&e));
    }

    #[test]
    fn a_cause_repeating_the_line_after_its_own_prefix_is_left_out() {
        let server = "password authentication failed for user \"postgres\"";
        let e = anyhow::anyhow!("FATAL: {server}")
            .context("db error")
            .context(format!("connect failed: {server} (FATAL: 28P01)"))
            .context("cannot open the database at postgres://postgres@localhost/x");
        assert_eq!(
            error_line(&e),
            format!(
                "cannot open the database at postgres://postgres@localhost/x: connect failed: \
                 {server} (FATAL: 28P01)"
            )
        );
        let e = anyhow::anyhow!("db error: FATAL: {server}")
            .context(format!("connect failed: {server} (FATAL: 28P01)"));
        assert_eq!(
            error_line(&e),
            format!("connect failed: {server} (FATAL: 28P01)")
        );
        // A cause that says something new stays.
        let e = anyhow::anyhow!("No such file or directory").context("cannot open x.jsonl");
        assert_eq!(
            error_line(&e),
            "cannot open x.jsonl: No such file or directory"
        );
    }
}
