//! The `cleancopy` command: parses arguments, runs the library, reports errors on one line.
//!
//! Exit codes: 0 success, 1 failure, 2 a wrong command line (clap), 3 partial success (some
//! inputs failed and were reported; the output has the others).

mod cli;
mod manual;

use std::process::ExitCode;

/// The exit code when some inputs failed and the output was made from the others.
const PARTIAL_SUCCESS: u8 = 3;

/// The exit code of a wrong command line (the same clap uses).
const USAGE: u8 = 2;

/// The exit code after an interruption (Ctrl-C, SIGTERM): 128 + SIGINT, as shells report it.
const INTERRUPTED: i32 = 130;

fn main() -> ExitCode {
    let cli = cli::parse();
    if !cli.as_ref().is_ok_and(cli::Cli::handles_signals) {
        remove_partial_files_when_interrupted();
    }
    match cli.and_then(cli::run) {
        Ok(cli::Outcome::Complete) => ExitCode::SUCCESS,
        Ok(cli::Outcome::Partial) => ExitCode::from(PARTIAL_SUCCESS),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("cleancopy: error: {}", one_line(&err));
            let library_usage = err
                .downcast_ref::<cleancopy::Error>()
                .is_some_and(cleancopy::Error::is_usage);
            if err.downcast_ref::<cli::UsageError>().is_some() || library_usage {
                return ExitCode::from(USAGE);
            }
            ExitCode::FAILURE
        }
    }
}

/// On Ctrl-C or SIGTERM, removes the temporary file of any output being written before
/// exiting, so an interrupted run leaves only complete files, and says how many books it wrote. Without the handler (it could not
/// be installed), the run goes on with the system's default handling.
fn remove_partial_files_when_interrupted() {
    let _ = ctrlc::set_handler(|| {
        cleancopy::output::remove_partial_files();
        cli::report_interruption();
        std::process::exit(INTERRUPTED);
    });
}

/// The error and its causes on one line, without repeating a cause already in the message.
fn one_line(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message.replace('\n', " ")
}

/// A reader that closed the pipe (`cleancopy text page.html | head`) is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
