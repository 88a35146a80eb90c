//! Writing outputs without ever leaving a half-written file or replacing one by accident.
//!
//! Bytes go to a temporary file in the target folder, which is then renamed over the target in
//! one step. Without `overwrite`, the rename refuses to replace an existing file. A program
//! that is interrupted calls [`remove_partial_files`] before it exits, so that no temporary file
//! is left behind either.
//!
//! A process killed outright (`kill -9`, a power cut) cannot clean up: its temporary file
//! stays. Temporary files are named `.cleancopy-<process id>-<random>.part`, and the first
//! write of a later run into the same folder removes those older than [`STALE_AFTER`] whose
//! process is gone ([`remove_stale_partial_files`]).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, SystemTime};

/// The longest file-name stem made from a title, in bytes (well under every filesystem's limit).
const MAX_SLUG_BYTES: usize = 80;

/// Windows device names, which no file may take in any folder, whatever its extension.
const RESERVED_STEMS: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The temporary files being written right now. The lock is held from the moment a file is
/// listed until it is renamed into place, so an interruption sees either the temporary file
/// (and removes it) or the finished output, never something in between.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The folders this process has swept for stale temporary files, so that each is read once.
static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// The start of a temporary file's name.
const PARTIAL_PREFIX: &str = ".cleancopy-";
/// The end of a temporary file's name.
const PARTIAL_SUFFIX: &str = ".part";

/// How old a temporary file must be before a later run removes it (when its process is gone):
/// old enough that no conversion can still be writing it.
pub const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Why an output could not be written. Each message names the file and the cause.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target exists and overwriting was not asked for.
    #[error("{}: already exists (use --force to overwrite)", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// The folder the file would go in does not exist.
    #[error("{}: no such folder to write {} in", folder.display(), path.display())]
    NoFolder {
        /// The missing folder.
        folder: PathBuf,
        /// The file.
        path: PathBuf,
    },
    /// The operating system refused the write.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file given as a book to send is not an EPUB.
    #[error("{}: not an EPUB book (send e-mails EPUB files as they are)", path.display())]
    NotAnEpub {
        /// The file.
        path: PathBuf,
    },
    /// A file given as a PDF to send is not one.
    #[error("{}: not a PDF (send e-mails PDF files as they are)", path.display())]
    NotAPdf {
        /// The file.
        path: PathBuf,
    },
    /// A file written earlier could not be read back.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` atomically. Refuses to replace an existing file unless `overwrite`.
pub fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), OutputError> {
    if !overwrite && path.exists() {
        return Err(OutputError::Exists {
            path: path.to_path_buf(),
        });
    }
    let write_error = |source| OutputError::Write {
        path: path.to_path_buf(),
        source: without_temporary_path(source),
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.exists() {
        return Err(OutputError::NoFolder {
            folder: folder.to_path_buf(),
            path: path.to_path_buf(),
        });
    }
    sweep_once(folder);
    let mut temp = {
        let mut in_flight = in_flight();
        let temp = temp_file_builder()
            .tempfile_in(folder)
            .map_err(write_error)?;
        in_flight.push(temp.path().to_path_buf());
        temp
    };
    // Before an existing file is replaced, the new bytes are flushed to disk, so that a crash
    // of the machine cannot lose both. A new file is not flushed: the flush would be most of
    // the time of converting an article, and a crash could only lose the new file itself.
    let replaces = overwrite && path.exists();
    let written = temp.write_all(bytes).and_then(|()| {
        if replaces {
            temp.as_file().sync_all()
        } else {
            Ok(())
        }
    });
    let mut in_flight = in_flight();
    in_flight.retain(|listed| listed != temp.path());
    if let Err(error) = written {
        // Removed while still locked, like a rename: an interruption never misses it.
        drop(temp);
        return Err(write_error(error));
    }
    let persisted = if overwrite {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    drop(in_flight);
    persisted.map(drop).map_err(|err| {
        if err.error.kind() == std::io::ErrorKind::AlreadyExists {
            OutputError::Exists {
                path: path.to_path_buf(),
            }
        } else {
            write_error(err.error)
        }
    })
}

/// The error without the temporary file's path `tempfile` adds to its messages ("… at path
/// "/out/.cleancopy-….part""): messages name the output the user asked for, not a file that no
/// longer exists.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    if error.get_ref().is_none() {
        return error;
    }
    let message = error.to_string();
    match message.split_once(" at path ") {
        Some((cause, _)) => std::io::Error::new(error.kind(), cause.to_string()),
        None => error,
    }
}

/// Removes the temporary files of writes still in progress, and keeps any other write from
/// finishing: called when the program is interrupted, just before it exits. Outputs already
/// renamed into place are complete and stay.
pub fn remove_partial_files() {
    let mut in_flight = in_flight();
    for path in in_flight.drain(..) {
        // Nothing more can be done about a file that cannot be removed while exiting.
        let _ = std::fs::remove_file(path);
    }
    // The lock is kept until the process exits, so no rename can start after this point.
    std::mem::forget(in_flight);
}

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes, once per folder and process, the stale temporary files of `folder`.
fn sweep_once(folder: &Path) {
    let mut swept = SWEPT.lock().unwrap_or_else(PoisonError::into_inner);
    if swept
        .get_or_insert_with(HashSet::new)
        .insert(folder.to_path_buf())
    {
        drop(swept);
        remove_stale_partial_files(folder, SystemTime::now());
    }
}

/// Removes the temporary files other runs left in `folder`: those older than [`STALE_AFTER`]
/// at `now` whose process is no longer running (on systems where that can be told; elsewhere
/// the age alone decides). Returns how many were removed. Files that cannot be read or removed
/// are left alone: cleaning up is a courtesy, never a reason to fail a run.
pub fn remove_stale_partial_files(folder: &Path, now: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(middle) = name
            .strip_prefix(PARTIAL_PREFIX)
            .and_then(|rest| rest.strip_suffix(PARTIAL_SUFFIX))
        else {
            continue;
        };
        let age = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| now.duration_since(modified).ok());
        let writer = middle
            .split('-')
            .next()
            .and_then(|pid| pid.parse::<u32>().ok());
        let stale = age.is_some_and(|age| age > STALE_AFTER)
            && !writer.is_some_and(|pid| pid == std::process::id() || process_is_running(pid));
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether a process with this id is running (on Linux, from `/proc`; elsewhere unknown, taken
/// as not running).
fn process_is_running(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

/// Temporary files are created with the mode an ordinary new file gets (0666 less the umask),
/// not the 0600 of a private temporary file, since they become the user's output. Their name
/// carries the process id, so that a later run can tell whether their writer is gone.
fn temp_file_builder() -> tempfile::Builder<'static, 'static> {
    static PREFIX: OnceLock<String> = OnceLock::new();
    let prefix = PREFIX.get_or_init(|| format!("{PARTIAL_PREFIX}{}-", std::process::id()));
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix.as_str()).suffix(PARTIAL_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

/// A file-name stem made from a title: lowercase letters and digits joined by hyphens,
/// "article" when nothing is left. It never holds a path separator or a leading dot, stays under
/// 80 bytes, and is never a name Windows reserves for a device (`con` becomes
/// `con-article`).
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if slug.len() + word.len() + 1 > MAX_SLUG_BYTES {
            if slug.is_empty() {
                // One very long word: keep its start rather than nothing.
                slug = truncated(&word, MAX_SLUG_BYTES).to_string();
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    if slug.is_empty() {
        "article".to_string()
    } else if RESERVED_STEMS.contains(&slug.as_str()) {
        format!("{slug}-article")
    } else {
        slug
    }
}

/// The longest name made from a title by [`readable_name`], in characters.
const MAX_READABLE_CHARS: usize = 120;

/// Whether `c` changes the direction text is shown in without being shown itself (the
/// embeddings, overrides and isolates, and the left-to-right, right-to-left and Arabic
/// marks). In a name, they can make `txt.exe` show as `exe.txt`.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// `text` as one line that shows what it holds: control characters (line breaks, tabs,
/// escapes, DEL), bidirectional controls (see [`is_bidi_control`]), the line and paragraph
/// separators and the byte-order mark become spaces, and runs of white space one space,
/// trimmed. For a title shown where one line is expected: an e-mail subject, a file name.
pub fn clean_line(text: &str) -> String {
    let shown: String = text
        .chars()
        .map(|c| match c {
            c if c.is_control() || is_bidi_control(c) => ' ',
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' => ' ',
            c => c,
        })
        .collect();
    shown.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A file-name stem a reader sees, made from a title: the title as written (case, accents,
/// spaces and most punctuation kept), on one line as [`clean_line`] makes it, without the
/// characters file systems or mail programs refuse (`/ \ : * ? " < > |`), leading dots or
/// trailing dots and spaces, cut to 120 characters, "Article" when nothing is left, and never
/// a name Windows reserves for a device. For an attachment's name; [`slug`] is the stricter
/// stem of files written.
pub fn readable_name(title: &str) -> String {
    let allowed: String = title
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => ' ',
            c => c,
        })
        .collect();
    let line = clean_line(&allowed);
    let mut name: String = line.chars().take(MAX_READABLE_CHARS).collect();
    name = name
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_string();
    if name.is_empty() {
        return "Article".into();
    }
    let stem = name.split('.').next().unwrap_or_default().trim_end();
    if RESERVED_STEMS.contains(&stem.to_ascii_lowercase().as_str()) {
        name = format!("{name} article");
    }
    name
}

/// The longest start of `text` of at most `max` bytes that ends on a character boundary.
fn truncated(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_keeps_letters_and_digits() {
        assert_eq!(
            slug("Russia’s FM: All Troops Must Leave!"),
            "russia-s-fm-all-troops-must-leave"
        );
        assert_eq!(slug("Привет, мир"), "привет-мир");
        assert_eq!(slug("!!!"), "article");
        assert!(slug(&"word ".repeat(1000)).len() <= MAX_SLUG_BYTES);
    }

    #[test]
    fn slug_is_never_a_reserved_device_name_or_empty_for_one_long_word() {
        assert_eq!(slug("CON"), "con-article");
        assert_eq!(slug("nul"), "nul-article");
        assert_eq!(slug("Lpt1."), "lpt1-article");
        assert_eq!(slug("Console"), "console");
        let long = slug(&"é".repeat(10_000));
        assert!(
            long.len() <= MAX_SLUG_BYTES && long.starts_with("éé"),
            "{long}"
        );
    }

    #[test]
    fn readable_names_keep_the_title_without_what_disguises_or_breaks_a_name() {
        assert_eq!(
            readable_name("Russia’s FM: All Troops / Leave?"),
            "Russia’s FM All Troops Leave"
        );
        // A right-to-left override would show "Invoice \u{202E}exe.txt" as "Invoice txt.exe".
        assert_eq!(readable_name("Invoice \u{202E}exe.txt"), "Invoice exe.txt");
        assert_eq!(readable_name("a\u{1}b\u{7f}c\u{2066}d\u{200F}"), "a b c d");
        assert_eq!(
            readable_name("Line one\nline two\u{2028}three"),
            "Line one line two three"
        );
        assert_eq!(readable_name("...hidden. . "), "hidden");
        assert_eq!(readable_name("  \u{202E} "), "Article");
        assert_eq!(readable_name("CON"), "CON article");
        assert_eq!(readable_name("nul.txt"), "nul.txt article");
        assert_eq!(readable_name("Привет, мир"), "Привет, мир");
        assert_eq!(readable_name(&"word ".repeat(100)).chars().count(), 119);
    }

    #[test]
    fn clean_lines_keep_punctuation_but_not_controls() {
        assert_eq!(
            clean_line("Q&A: what? \u{1}\u{7f} now\u{202E}"),
            "Q&A: what? now"
        );
        assert_eq!(clean_line("\u{FEFF}Title\r\nmore"), "Title more");
    }

    #[test]
    fn existing_file_is_not_replaced_without_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let err = write_file(&path, b"new", false).unwrap_err();
        assert!(matches!(err, OutputError::Exists { .. }));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_file(&path, b"new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    /// A temporary file named as a run with process id `pid` names it, last written `age` ago.
    fn partial_file(folder: &Path, pid: u32, age: Duration) -> PathBuf {
        let path = folder.join(format!("{PARTIAL_PREFIX}{pid}-abc123{PARTIAL_SUFFIX}"));
        let file = std::fs::File::create(&path).unwrap();
        file.set_modified(SystemTime::now() - age).unwrap();
        path
    }

    #[test]
    fn a_later_run_removes_only_old_temporary_files_of_processes_that_are_gone() {
        let dir = tempfile::tempdir().unwrap();
        let day = STALE_AFTER;
        // No process has this id (above Linux's largest, 2^22).
        let gone = 4_999_999;
        let old_and_gone = partial_file(dir.path(), gone, day * 2);
        let fresh = partial_file(&dir.path().join("."), gone + 1, Duration::from_secs(60));
        let mine = partial_file(dir.path(), std::process::id(), day * 2);
        let other = dir.path().join("notes.part");
        std::fs::write(&other, "kept").unwrap();
        let removed = remove_stale_partial_files(dir.path(), SystemTime::now());
        assert_eq!(removed, 1);
        assert!(!old_and_gone.exists());
        assert!(fresh.exists() && mine.exists() && other.exists());
    }

    #[test]
    fn writing_into_a_folder_sweeps_its_stale_temporary_files_once() {
        let dir = tempfile::tempdir().unwrap();
        let stale = partial_file(dir.path(), 4_999_998, STALE_AFTER * 3);
        write_file(&dir.path().join("book.epub"), b"PK", false).unwrap();
        assert!(!stale.exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["book.epub"]);
    }

    #[test]
    fn temporary_files_carry_the_process_id() {
        let dir = tempfile::tempdir().unwrap();
        let temp = temp_file_builder().tempfile_in(dir.path()).unwrap();
        let name = temp
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let expected = format!("{PARTIAL_PREFIX}{}-", std::process::id());
        assert!(
            name.starts_with(&expected) && name.ends_with(PARTIAL_SUFFIX),
            "{name}"
        );
    }

    #[test]
    fn no_temporary_file_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        write_file(&dir.path().join("a.bin"), b"x", false).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.bin")]);
    }

    #[cfg(unix)]
    #[test]
    fn output_is_readable_by_others_like_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        write_file(&path, b"x", false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_ne!(mode & 0o044, 0, "mode {mode:o} hides the file from others");
    }

    #[test]
    fn missing_folder_is_an_error_naming_the_folder_and_the_file() {
        let err = write_file(Path::new("/nonexistent-dir/x/out.epub"), b"x", false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/nonexistent-dir/x: no such folder to write /nonexistent-dir/x/out.epub in",
            "the message names the output, not the temporary file"
        );
    }
}
