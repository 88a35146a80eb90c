//! The library's error: everything that can go wrong between an input and an output file,
//! each message naming the input (or option, or file) and the cause on one line.

use crate::limits::OptionError;
use crate::{backend, deliver, normalize, output, source};

/// Everything that can go wrong between an input and an output file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read.
    #[error(transparent)]
    Source(#[from] source::SourceError),
    /// The input holds no article.
    #[error(transparent)]
    Normalize(#[from] normalize::NormalizeError),
    /// A backend failed.
    #[error(transparent)]
    Backend(#[from] backend::BackendError),
    /// The output could not be written.
    #[error(transparent)]
    Output(#[from] output::OutputError),
    /// A book could not be delivered (copied onto an e-reader).
    #[error(transparent)]
    Deliver(#[from] deliver::DeliverError),
    /// An option is set to a value it may not take.
    #[error(transparent)]
    InvalidOption(#[from] OptionError),
    /// Nothing to read: an empty reading list, a feed with no entry chosen.
    #[error("{0}")]
    NoInputs(String),
    /// A request that cannot be carried out as asked (options that do not go together).
    #[error("{0}")]
    Usage(String),
    /// None of several inputs could be read; each failure is in `failures`, in order.
    #[error("none of the {total} inputs could be {done}")]
    NothingMade {
        /// How many inputs there were.
        total: usize,
        /// "read" or "converted".
        done: &'static str,
        /// One line for each input that failed.
        failures: Vec<String>,
    },
    /// A run stopped part way (a book could not be written); the inputs after the one that
    /// stopped it were not converted.
    #[error("{}", stopped(cause, untried))]
    Stopped {
        /// Why the run stopped.
        cause: Box<Error>,
        /// The inputs not converted, in order.
        untried: Vec<String>,
    },
    /// Reading one input of several hit a bug (a panic); the other inputs were still read.
    #[error("{input}: internal error while reading this input (a bug; please report it)")]
    Internal {
        /// The input that was being read.
        input: String,
    },
}

/// How many inputs named in the message of a stopped run, before "and N more".
const UNTRIED_NAMED: usize = 5;

/// The message of [`Error::Stopped`]: the cause, then the inputs left.
fn stopped(cause: &Error, untried: &[String]) -> String {
    let cause = cause.one_line();
    match untried.len() {
        0 => cause,
        count => {
            let named = untried[..count.min(UNTRIED_NAMED)].join(", ");
            let more = match count.saturating_sub(UNTRIED_NAMED) {
                0 => String::new(),
                rest => format!(" and {rest} more"),
            };
            let inputs = if count == 1 { "input" } else { "inputs" };
            format!("{cause}; {count} {inputs} not converted: {named}{more}")
        }
    }
}

impl Error {
    /// Whether the error is a wrong request rather than a failure to do what was asked: an
    /// option out of range, options that do not go together.
    pub fn is_usage(&self) -> bool {
        match self {
            Error::InvalidOption(_) | Error::Usage(_) => true,
            Error::Stopped { cause, .. } => cause.is_usage(),
            _ => false,
        }
    }

    /// The message on one line (causes from a format library may hold line breaks).
    pub fn one_line(&self) -> String {
        self.to_string().replace('\n', " ")
    }
}
