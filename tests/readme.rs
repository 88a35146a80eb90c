//! README says what the binary does: every example of its usage block that needs no network,
//! e-mail or e-reader is run as written (in a folder holding the files it names) and must
//! succeed and write what it says; every option its tables list must be an option of the
//! commands the table names.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::fixture;
use common::server::TestServer;

/// README, as written.
fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The lines of the fenced block that follows `heading`.
fn block_after(text: &str, heading: &str) -> Vec<String> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("README has no {heading:?}"));
    let rest = &text[start..];
    let open = rest.find("```").unwrap();
    let body_start = open + rest[open..].find('\n').unwrap() + 1;
    let close = body_start + rest[body_start..].find("```").unwrap();
    rest[body_start..close]
        .lines()
        .map(str::to_string)
        .collect()
}

/// An example line's command: the part before the comment column (two or more spaces).
fn command_of(line: &str) -> &str {
    let line = line.trim();
    match line.find("   ") {
        Some(at) => line[..at].trim_end(),
        None => line,
    }
}

/// Why an example cannot run here, or `None` when it can.
fn needs_outside(command: &str) -> Option<&'static str> {
    if command.contains("http://") || command.contains("https://") {
        Some("the network")
    } else if command.starts_with("cleancopy send") {
        Some("a mail server")
    } else if command.contains("--device") {
        Some("a mounted e-reader")
    } else {
        None
    }
}

/// A folder holding every file the usage examples name, and a local page for the feed.
fn example_folder(server: &TestServer) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &str, to: &str| {
        std::fs::copy(fixture(from), dir.path().join(to)).unwrap();
    };
    copy("article.html", "page.html");
    copy("article.html", "a.html");
    copy("seed-shaped.txt", "article.txt");
    copy("seed-shaped.txt", "b.txt");
    copy("notes-markdown.md", "notes.md");
    std::fs::write(dir.path().join("links.txt"), "# reading list\npage.html\n").unwrap();
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Notes</title>\
         <link>{0}/</link><item><title>Tide clocks</title><link>{0}/story</link>\
         <pubDate>{1}</pubDate></item></channel></rss>",
        server.url(""),
        httpdate_now(),
    );
    std::fs::write(dir.path().join("feed.xml"), feed).unwrap();
    dir
}

/// Now, as an RFC 2822 date a feed gives (so `--since 2d` keeps the item).
fn httpdate_now() -> String {
    let out = Command::new("date")
        .args(["-u", "-R"])
        .output()
        .expect("date runs");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The binary's folder, put first on PATH so that `cleancopy` in an example is this build.
fn binary_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_cleancopy"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The files an example says it writes: its `-o` path, or a book in the folder when it says
/// "writes <title-slug>".
fn written_by(command: &str, dir: &Path) -> Vec<PathBuf> {
    let words: Vec<&str> = command.split_whitespace().collect();
    match words.iter().position(|w| *w == "-o") {
        Some(at) if words.get(at + 1) != Some(&"-") => vec![dir.join(words[at + 1])],
        _ => Vec::new(),
    }
}

#[test]
fn every_usage_example_that_needs_nothing_outside_runs_as_written() {
    let page = std::fs::read(fixture("article.html")).unwrap();
    let server = TestServer::start(vec![("/story", common::server::Reply::html(page))]);
    let text = readme();
    let path = format!(
        "{}:{}",
        binary_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for line in block_after(&text, "## Usage") {
        let command = command_of(&line);
        if !command.starts_with("cleancopy") && !command.contains("| cleancopy") {
            continue;
        }
        if needs_outside(command).is_some() {
            continue;
        }
        let dir = example_folder(&server);
        let before: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        let out = Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env_remove("http_proxy")
            .env_remove("HTTP_PROXY")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README example failed: {command}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for file in written_by(command, dir.path()) {
            assert!(
                file.exists(),
                "{command}: {} was not written",
                file.display()
            );
        }
        let after = std::fs::read_dir(dir.path()).unwrap().count();
        let prints = out.stdout.len() > 10;
        assert!(
            after > before.len() || prints,
            "{command}: wrote nothing and printed nothing"
        );
        ran += 1;
    }
    assert!(ran >= 10, "only {ran} README examples ran");
}

/// The `--options` (and `-x` short options) named in the first column of a table row.
fn options_of(cell: &str) -> Vec<String> {
    cell.split(|c: char| c == '`' || c == ',' || c.is_whitespace())
        .filter(|word| word.starts_with('-') && word.len() > 1)
        .map(|word| {
            word.split(['=', '|'])
                .next()
                .unwrap_or(word)
                .trim_end_matches(':')
                .to_string()
        })
        .filter(|word| word.len() > 1)
        .collect()
}

/// The commands a row's meaning names in parentheses first ("(epub, pdf) …", "(serve) …"),
/// else all those that make books.
fn commands_of(meaning: &str) -> Vec<String> {
    let all = ["epub", "pdf", "text", "json", "send"];
    let Some(inner) = meaning
        .trim()
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(')'))
        .map(|(inner, _)| inner)
    else {
        return all.iter().map(|c| c.to_string()).collect();
    };
    let named: Vec<String> = inner
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| all.contains(&c.as_str()) || c == "serve")
        .collect();
    if named.is_empty() {
        all.iter().map(|c| c.to_string()).collect()
    } else {
        named
    }
}

fn help_of(command: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cleancopy"))
        .args([command, "--help"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_option_in_the_readme_tables_is_an_option_of_the_commands_it_names() {
    let text = readme();
    let helps: std::collections::HashMap<String, String> =
        ["epub", "pdf", "text", "json", "send", "serve"]
            .iter()
            .map(|c| (c.to_string(), help_of(c)))
            .collect();
    let mut checked = 0;
    for row in text.lines().filter(|line| line.starts_with("| `-")) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let (flags, meaning) = (cells[0].trim_start_matches("| "), cells.get(1).copied());
        let commands = commands_of(meaning.unwrap_or(""));
        for option in options_of(flags) {
            let listed = commands.iter().any(|c| {
                let help = &helps[c];
                [' ', ',', '\n', '=', ']']
                    .iter()
                    .any(|end| help.contains(&format!("{option}{end}")))
            });
            assert!(
                listed,
                "README lists {option} for {commands:?}, but their --help does not"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} options checked");
}
