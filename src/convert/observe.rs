//! What a run tells its user as it goes: inputs read, inputs that failed, what a book gave up
//! and where it was written. The command line prints these; a script or a server may log them
//! or ignore them.

use std::path::Path;

use super::made::Made;
use crate::normalize::removals::Removals;

/// Hears about a run as it goes. Every method does nothing unless implemented; methods may be
/// called from worker threads.
pub trait Observer: Sync {
    /// An input is being read (downloaded, converted); `name` is how messages name it.
    fn input_started(&self, name: &str) {
        let _ = name;
    }

    /// One more input was read (or failed to be); `name` is how messages name it.
    fn input_done(&self, name: &str) {
        let _ = name;
    }

    /// Every input has been read: a progress display can go.
    fn inputs_done(&self) {}

    /// An input could not be read or converted; the line names it and the cause.
    fn failed(&self, failure: &str) {
        let _ = failure;
    }

    /// What the normalizer removed from the input named `name` (asked for with
    /// [`NormalizeOptions::note_removals`](crate::normalize::NormalizeOptions::note_removals)),
    /// told once the input's article is made into a book, in the order of the inputs.
    fn removed(&self, name: &str, removals: &Removals) {
        let _ = (name, removals);
    }

    /// What making a book gave up (pictures left out, …), one line each.
    fn warnings(&self, warnings: &[String]) {
        let _ = warnings;
    }

    /// A book was written to the files in `made.written`; `notes` are what the e-reader
    /// calls for. In a split run its bytes have been let go already (its `size` stays).
    fn written(&self, made: &Made, notes: &[String]) {
        let _ = (made, notes);
    }

    /// A book of a split run was made and not written: the file `path` of that name was there
    /// already and is kept (`--skip-existing`).
    fn kept(&self, path: &Path) {
        let _ = path;
    }
}

/// An observer that hears nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {}
