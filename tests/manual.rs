//! `cleancopy man` writes one manual page per command, and the pages say what `--help` cannot:
//! the config file, every environment variable cleancopy reads, and the exit codes.

mod common;

use common::cleancopy;

/// The page `cleancopy man ARGS` prints.
fn page(args: &[&str]) -> String {
    let out = cleancopy().arg("man").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The commands the top page refers to as cleancopy-NAME(1).
fn referred_commands(top: &str) -> Vec<String> {
    let mut names: Vec<String> = top
        .split("cleancopy\\-")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase())
                .collect();
            rest[name.len()..].starts_with("(1)").then_some(name)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_page_the_manual_refers_to_is_there_and_describes_its_own_options() {
    let top = page(&[]);
    let commands = referred_commands(&top);
    for expected in ["epub", "pdf", "text", "json", "man"] {
        assert!(commands.iter().any(|c| c == expected), "{commands:?}");
    }
    for command in &commands {
        let sub = page(&[command]);
        assert!(
            sub.contains(&format!(".TH cleancopy-{command} 1")),
            "cleancopy man {command}: {}",
            &sub[..sub.len().min(300)]
        );
        assert!(
            sub.contains(&format!("cleancopy {command}")),
            "{command}: no synopsis"
        );
        assert!(
            sub.contains("\\fBcleancopy\\fR(1)"),
            "{command}: no way back to cleancopy(1)"
        );
    }
    let pdf = page(&["pdf"]);
    assert!(
        pdf.contains("\\-\\-font\\-size"),
        "the PDF page lists the PDF options"
    );
    assert!(
        !top.contains("\\-\\-font\\-size"),
        "the top page keeps to the global options"
    );
}

#[test]
fn the_manual_names_the_config_file_every_variable_read_and_the_exit_codes() {
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/deliver/config.rs"),
    )
    .unwrap();
    let mut variables: Vec<&str> = source
        .split('"')
        .filter(|piece| {
            piece.starts_with("CLEANCOPY_SMTP_")
                && piece.len() > 15
                && piece.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
        .collect();
    variables.extend(["CLEANCOPY_CONFIG", "XDG_CONFIG_HOME", "SOURCE_DATE_EPOCH"]);
    for command in [None, Some("send"), Some("epub")] {
        let text = page(command.as_slice());
        for section in [".SH FILES", ".SH ENVIRONMENT", ".SH \"EXIT STATUS\""] {
            assert!(text.contains(section), "{command:?}: no {section}");
        }
        assert!(text.contains("config.toml"), "{command:?}");
        for variable in &variables {
            assert!(
                text.contains(variable),
                "{command:?}: {variable} is not in the manual"
            );
        }
        for code in [
            "\\fB0\\fR",
            "\\fB1\\fR",
            "\\fB2\\fR",
            "\\fB3\\fR",
            "\\fB130\\fR",
        ] {
            assert!(
                text.contains(code),
                "{command:?}: exit code {code} is not described"
            );
        }
    }
}

#[test]
fn a_page_for_a_command_that_does_not_exist_is_a_usage_error_naming_the_commands() {
    let out = cleancopy().args(["man", "ebook"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error = String::from_utf8(out.stderr).unwrap();
    assert_eq!(error.lines().count(), 1, "{error}");
    assert!(
        error.contains("\"ebook\"") && error.contains("epub, pdf"),
        "{error}"
    );
    assert!(out.stdout.is_empty());
}
