//! For scripts: `--json` records, `--device`, exit codes, reproducible output, completions and
//! the manual page.

mod common;

use std::path::Path;

use common::{cleancopy, fixture};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

/// The JSON records printed on standard output, one a line.
fn records(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

#[test]
fn json_prints_one_record_per_file_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = cleancopy()
        .current_dir(dir.path())
        .args(["epub", "--split", "--json", "--offline", "-o", "books"])
        .arg(fixture("article.html"))
        .arg(fixture("seed-shaped.txt"))
        .assert()
        .success()
        .get_output()
        .clone();
    let records = records(&out.stdout);
    assert_eq!(records.len(), 2, "{records:?}");
    for record in &records {
        let path = dir.path().join(record["path"].as_str().unwrap());
        let size = std::fs::metadata(&path)
            .expect("the path was written")
            .len();
        assert_eq!(record["bytes"], size);
        assert!(record["words"].as_u64().unwrap() > 100, "{record}");
        assert_eq!(record["images"], 0);
    }
    // The page's pictures could not be loaded (offline, or an absolute path): said per book.
    let warnings = records[0]["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("lighthouse.jpg left out")),
        "{warnings:?}"
    );
    assert_eq!(records[1]["warnings"], serde_json::json!([]));
    assert_eq!(
        records[1]["title"],
        "Harbour Board Votes to Rebuild the Old Breakwater Before Winter Storms"
    );
    // Human messages stay on standard error.
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote books/"));
}

#[test]
fn json_record_of_a_pdf_names_the_author() {
    let dir = tempfile::tempdir().unwrap();
    let out = cleancopy()
        .current_dir(dir.path())
        .args(["pdf", "--json", "-q", "-o", "clock.pdf"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tide-clock.html"))
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let records = records(&out);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["path"], "clock.pdf");
    assert_eq!(records[0]["title"], "The Clockmaker Who Tells the Tides");
    assert_eq!(records[0]["author"], "Jonas Weller");
}

#[test]
fn json_with_the_book_on_standard_output_is_a_usage_error() {
    cleancopy()
        .args(["epub", "--json", "-o", "-"])
        .arg(fixture("article.html"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--json"));
}

#[test]
fn a_title_for_split_books_is_a_usage_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    cleancopy()
        .current_dir(dir.path())
        .args([
            "epub",
            "--split",
            "--title",
            "Morning reading",
            "-o",
            "books",
        ])
        .arg(fixture("article.html"))
        .assert()
        .code(2)
        .stderr(contains("--title").and(contains("--split")));
    assert!(!dir.path().join("books").exists());
}

#[test]
fn partial_failure_exits_3_and_the_record_carries_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = cleancopy()
        .current_dir(dir.path())
        .args(["epub", "--json", "--offline", "-o", "two.epub"])
        .arg(fixture("article.html"))
        .arg("missing-page.html")
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let records = records(&out);
    assert_eq!(records.len(), 1);
    let warnings = records[0]["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("missing-page.html")),
        "{warnings:?}"
    );
}

#[test]
fn help_documents_the_exit_codes() {
    cleancopy()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains(
            "Exit codes: 0 success, 1 failure, 2 bad command line, 3 some inputs failed",
        ));
}

#[test]
fn device_kindle_gets_the_book_in_documents_only() {
    let work = tempfile::tempdir().unwrap();
    let kindle = tempfile::tempdir().unwrap();
    std::fs::create_dir(kindle.path().join("documents")).unwrap();
    std::fs::create_dir(kindle.path().join("system")).unwrap();
    let out = cleancopy()
        .current_dir(work.path())
        .args(["pdf", "--json", "--device"])
        .arg(kindle.path())
        .arg(fixture("article.html"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let records = records(&out);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["device"], "kindle");
    let path = Path::new(records[0]["path"].as_str().unwrap());
    assert_eq!(path.parent().unwrap(), kindle.path().join("documents"));
    assert!(std::fs::read(path).unwrap().starts_with(b"%PDF"));
    // Without -o, nothing is left in the working folder.
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0);
    let leftovers: Vec<_> = std::fs::read_dir(kindle.path().join("documents"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
}

#[test]
fn device_kobo_gets_the_epub_at_the_top_and_a_local_copy_with_o() {
    let work = tempfile::tempdir().unwrap();
    let kobo = tempfile::tempdir().unwrap();
    std::fs::create_dir(kobo.path().join(".kobo")).unwrap();
    cleancopy()
        .current_dir(work.path())
        .args(["epub", "--offline", "-o", "mine.epub", "--device"])
        .arg(kobo.path())
        .arg(fixture("article.html"))
        .assert()
        .success();
    let local = std::fs::read(work.path().join("mine.epub")).unwrap();
    let copied = std::fs::read(kobo.path().join("mine.epub")).unwrap();
    assert!(local == copied);
}

#[test]
fn epub_onto_a_kindle_warns_that_it_will_not_open_over_usb() {
    let kindle = tempfile::tempdir().unwrap();
    std::fs::create_dir(kindle.path().join("documents")).unwrap();
    let work = tempfile::tempdir().unwrap();
    cleancopy()
        .current_dir(work.path())
        .args(["epub", "--offline", "--device"])
        .arg(kindle.path())
        .arg(fixture("article.html"))
        .assert()
        .success()
        .stderr(contains(
            "a Kindle does not open EPUB files copied over USB",
        ));
}

#[test]
fn device_that_is_not_mounted_fails_before_reading() {
    let work = tempfile::tempdir().unwrap();
    cleancopy()
        .current_dir(work.path())
        .args(["epub", "--device", "/nonexistent/KINDLE"])
        .arg(fixture("article.html"))
        .assert()
        .code(1)
        .stderr(contains(
            "cleancopy: error: /nonexistent/KINDLE: no such folder (is the e-reader connected and mounted?)",
        ));
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0);
}

#[test]
fn an_existing_book_on_the_device_is_kept_without_force() {
    let reader = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let target = reader.path().join("the-lighthouse-keepers-who-stayed.epub");
    std::fs::write(&target, "old").unwrap();
    cleancopy()
        .current_dir(work.path())
        .args(["epub", "--offline", "--device"])
        .arg(reader.path())
        .arg(fixture("article.html"))
        .assert()
        .code(1)
        .stderr(contains("already exists"));
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
}

/// Makes `what` (epub or pdf) of the example page with the given SOURCE_DATE_EPOCH.
fn build(what: &str, epoch: &str, dir: &Path) -> Vec<u8> {
    let out = dir.join(format!("book.{what}"));
    cleancopy()
        .env("SOURCE_DATE_EPOCH", epoch)
        .args([what, "--force", "-o"])
        .arg(&out)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tide-clock.html"))
        .assert()
        .success();
    std::fs::read(&out).unwrap()
}

/// The text of one file of an EPUB.
fn epub_entry(epub: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn same_input_and_epoch_give_byte_identical_books_across_seconds() {
    let dir = tempfile::tempdir().unwrap();
    for what in ["epub", "pdf"] {
        let first = build(what, "1700000000", dir.path());
        // A later second: a clock reading anywhere would show.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let second = build(what, "1700000000", dir.path());
        assert!(first == second, "{what}: two builds differ");
    }
}

#[test]
fn source_date_epoch_is_the_date_inside_epub_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let epub = build("epub", "1700000000", dir.path());
    let opf = epub_entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("2023-11-14T22:13:20Z"), "{opf}");
    let later = build("epub", "1800000000", dir.path());
    assert!(epub_entry(&later, "OEBPS/content.opf").contains("2027-01-15T08:00:00Z"));

    let pdf = build("pdf", "1700000000", dir.path());
    assert!(
        pdf.windows(14).any(|w| w == b"20231114221320"),
        "the PDF does not carry the SOURCE_DATE_EPOCH date"
    );
    assert!(build("pdf", "1800000000", dir.path()) != pdf);
}

#[test]
fn completions_cover_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let out = cleancopy()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let script = String::from_utf8(out).unwrap();
        for word in ["epub", "pdf", "send", "device", "json", "completions"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    cleancopy().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_is_roff_for_cleancopy() {
    let out = cleancopy()
        .arg("man")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page = String::from_utf8(out).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH cleancopy 1"),
        "{}",
        &page[..200]
    );
    assert!(page.contains(".TH cleancopy 1"));
    assert!(page.contains("send"));
    assert!(page.contains("Exit codes"));
}

#[test]
fn a_split_batch_larger_than_a_chunk_loses_nothing_for_one_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = harbour_notes(dir.path(), 40);
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    inputs.insert(20, empty);
    let out = cleancopy()
        .current_dir(dir.path())
        .args([
            "epub",
            "--split",
            "--json",
            "--offline",
            "-j",
            "2",
            "-o",
            "books",
        ])
        .args(&inputs)
        .assert()
        .code(3)
        .get_output()
        .clone();
    let records = records(&out.stdout);
    let titles: Vec<&str> = records
        .iter()
        .map(|record| record["title"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=40)
        .map(|n| format!("Harbour note number {n}"))
        .collect();
    assert_eq!(titles, expected, "every good input, in the order given");
    let written = std::fs::read_dir(dir.path().join("books")).unwrap().count();
    assert_eq!(written, 40);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.html"), "{stderr}");
}

/// Writes `count` short plain-text articles titled "Harbour note number N" into `dir`.
fn harbour_notes(dir: &Path, count: usize) -> Vec<std::path::PathBuf> {
    (1..=count)
        .map(|n| {
            let path = dir.join(format!("note-{n}.txt"));
            let body = format!(
                "Harbour note number {n}\n\nThe harbour office counted {n} boats at the pier \
                 this morning, and the tide came in an hour later than the tables said.\n"
            );
            std::fs::write(&path, body).unwrap();
            path
        })
        .collect()
}

#[test]
fn a_split_run_that_writes_nothing_leaves_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    cleancopy()
        .current_dir(dir.path())
        .args(["epub", "--split", "-o", "books"])
        .arg(&empty)
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(contains("none of the 2 inputs could be converted"));
    assert!(
        !dir.path().join("books").exists(),
        "no empty folder is left"
    );
}

#[test]
fn a_split_run_stopped_by_a_write_names_the_inputs_it_did_not_convert() {
    let dir = tempfile::tempdir().unwrap();
    let notes = harbour_notes(dir.path(), 4);
    let books = dir.path().join("books");
    std::fs::create_dir(&books).unwrap();
    std::fs::write(books.join("harbour-note-number-2.epub"), "old").unwrap();
    let out = cleancopy()
        .current_dir(dir.path())
        .args(["epub", "--split", "-j", "1", "-o", "books"])
        .args(&notes)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.trim().lines().last().unwrap_or_default();
    assert!(
        last.contains("harbour-note-number-2.epub: already exists")
            && last.contains("2 inputs not converted")
            && last.contains("note-3.txt")
            && last.contains("note-4.txt"),
        "{stderr}"
    );
    assert!(books.join("harbour-note-number-1.epub").exists());
    assert_eq!(
        std::fs::read(books.join("harbour-note-number-2.epub")).unwrap(),
        b"old"
    );
    assert!(!books.join("harbour-note-number-3.epub").exists());
}
