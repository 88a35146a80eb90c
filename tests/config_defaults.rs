//! The config file's `[epub]`, `[pdf]` and `[send]` tables: defaults for the commands'
//! options, which the command line overrides; unknown keys are refused by name.

mod common;

use std::path::{Path, PathBuf};

use common::cleancopy;
use predicates::str::contains;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tide-clock.html")
}

/// `cleancopy` run in `dir` with `config` as its config file.
fn with_config(dir: &Path, config: &str) -> assert_cmd::Command {
    let path = dir.join("config.toml");
    std::fs::write(&path, config).unwrap();
    let mut cmd = cleancopy();
    cmd.current_dir(dir).env("CLEANCOPY_CONFIG", &path);
    cmd
}

/// The first page's size of a PDF, in points, from its /MediaBox.
fn page_size(pdf: &Path) -> (f32, f32) {
    let doc = lopdf::Document::load(pdf).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let page = doc.get_dictionary(page).unwrap();
    let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
    let number = |object: &lopdf::Object| object.as_float().unwrap();
    (number(&media[2]), number(&media[3]))
}

#[test]
fn pdf_table_sets_the_paper_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[pdf]\npaper = \"letter\"\nfont_size = 12\nragged = true\n";
    with_config(dir.path(), config)
        .args(["pdf", "-q", "-o", "default.pdf"])
        .arg(example())
        .assert()
        .success();
    let (width, height) = page_size(&dir.path().join("default.pdf"));
    assert_eq!((width.round(), height.round()), (612.0, 792.0), "Letter");

    with_config(dir.path(), config)
        .args(["pdf", "-q", "--paper", "a5", "-o", "chosen.pdf"])
        .arg(example())
        .assert()
        .success();
    let (width, height) = page_size(&dir.path().join("chosen.pdf"));
    assert_eq!((width.round(), height.round()), (420.0, 595.0), "A5");
}

#[test]
fn epub_table_leaves_the_pictures_out() {
    let dir = tempfile::tempdir().unwrap();
    for (flag, name) in [("--no-images", "plain.epub"), ("--force", "pictured.epub")] {
        cleancopy()
            .current_dir(dir.path())
            .env_remove("CLEANCOPY_CONFIG")
            .env("XDG_CONFIG_HOME", dir.path().join("none"))
            .args(["epub", "-q", flag, "-o", name])
            .arg(example())
            .assert()
            .success();
    }
    with_config(dir.path(), "[epub]\nno_images = true\n")
        .args(["epub", "-q", "-o", "configured.epub"])
        .arg(example())
        .assert()
        .success();
    let plain = std::fs::read(dir.path().join("plain.epub")).unwrap();
    let configured = std::fs::read(dir.path().join("configured.epub")).unwrap();
    let pictures = |epub: &[u8]| {
        common::epub_entries(epub)
            .keys()
            .filter(|name| name.contains("images/"))
            .count()
    };
    assert_eq!(
        pictures(&configured),
        pictures(&plain),
        "no pictures, as --no-images"
    );
    let pictured = std::fs::read(dir.path().join("pictured.epub")).unwrap();
    assert!(pictures(&pictured) > pictures(&plain));
}

#[test]
fn unknown_keys_and_tables_name_the_file_the_table_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    with_config(dir.path(), "[pdf]\npapr = \"letter\"\n")
        .args(["pdf", "-o", "x.pdf"])
        .arg(example())
        .assert()
        .failure()
        .stderr(contains("config.toml: [pdf]: unknown field `papr`"));
    with_config(dir.path(), "[epubs]\nno_images = true\n")
        .args(["epub", "-o", "x.epub"])
        .arg(example())
        .assert()
        .failure()
        .stderr(contains("config.toml: unknown table [epubs]"));
    with_config(dir.path(), "[pdf]\npaper = \"foolscap\"\n")
        .args(["pdf", "-o", "x.pdf"])
        .arg(example())
        .assert()
        .failure()
        .stderr(contains(
            "config.toml: [pdf] paper: \"foolscap\" is not a paper size",
        ));
    assert!(!dir.path().join("x.pdf").exists());
}

#[test]
fn the_manual_lists_the_keys_of_the_tables_of_defaults() {
    let out = cleancopy().args(["man", "pdf"]).assert().success();
    let page = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for table in ["[epub]", "[pdf]", "[send]"] {
        assert!(page.contains(&format!("The keys of {table}:")), "{table}");
    }
    assert!(page.contains("font_size"));
}
