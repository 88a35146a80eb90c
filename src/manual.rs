//! The manual pages: `cleancopy man` writes cleancopy(1), `cleancopy man epub` writes
//! cleancopy-epub(1), one page per command. Each page is clap's description of the command
//! (synopsis, options, subcommands) followed by what clap does not know: the config file, the
//! environment variables read, the exit codes, and the other pages.

use std::fmt::Write;

use cleancopy::deliver::config::{DEFAULT_SETTINGS, SMTP_SETTINGS};

/// The exit codes, as `main` returns them.
const EXIT_CODES: &[(&str, &str)] = &[
    ("0", "Success: every book was written, sent or printed."),
    (
        "1",
        "Failure: nothing was made; the message names the input and the cause.",
    ),
    (
        "2",
        "A wrong command line: an unknown option, a value out of range, options that do not go \
         together. Nothing is read or written.",
    ),
    (
        "3",
        "Partial success: some inputs failed and were reported; the books hold the others.",
    ),
    (
        "130",
        "Interrupted (Ctrl-C or SIGTERM): books already finished are kept, no partial file is \
         left.",
    ),
];

/// Environment variables other than the SMTP settings.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "CLEANCOPY_CONFIG",
        "The config file to read instead of the usual one.",
    ),
    (
        "XDG_CONFIG_HOME",
        "Where the config file is looked for: $XDG_CONFIG_HOME/cleancopy/config.toml \
         (else $HOME/.config/cleancopy/config.toml).",
    ),
    (
        "CLEANCOPY_SERVE_TOKEN",
        "The access token of cleancopy serve (wins over [serve] token in the config file).",
    ),
    (
        "SOURCE_DATE_EPOCH",
        "Seconds since 1970 to use as the time a book is made (its modified date and the dates \
         inside it), so that the same input gives the same bytes: reproducible builds.",
    ),
];

/// The manual page of `command` (`None`: the top-level page), rendered as roff. An unknown
/// command name is an error naming the commands there are.
pub fn page(top: clap::Command, command: Option<&str>) -> Result<Vec<u8>, String> {
    // `cleancopy help` is clap's; it has no page of its own.
    let top = top.disable_help_subcommand(true);
    let commands: Vec<String> = top
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    let (described, see_also) = match command {
        None => {
            let others = commands
                .iter()
                .map(|name| format!("cleancopy-{name}"))
                .collect();
            (top, others)
        }
        Some(name) => {
            let sub = top
                .find_subcommand(name)
                .ok_or_else(|| {
                    format!(
                        "no manual page for {name:?}: the commands are {}",
                        commands.join(", ")
                    )
                })?
                .clone();
            let described = sub
                .name(format!("cleancopy-{name}"))
                .bin_name(format!("cleancopy {name}"))
                .version(top.get_version().unwrap_or_default().to_string());
            (described, vec!["cleancopy".to_string()])
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(described)
        .render(&mut out)
        .map_err(|error| format!("cannot render the manual page: {error}"))?;
    out.extend_from_slice(extra_sections(&see_also).as_bytes());
    Ok(out)
}

/// FILES, ENVIRONMENT, EXIT STATUS and SEE ALSO, in roff.
fn extra_sections(see_also: &[String]) -> String {
    let mut roff = String::new();
    roff.push_str(".SH FILES\n");
    tagged(
        &mut roff,
        "~/.config/cleancopy/config.toml",
        "The config file (TOML). Its [smtp] table sets how \\fBcleancopy send\\fR e-mails books; \
         each key has an environment variable that wins over it (see ENVIRONMENT). Its [epub], \
         [pdf] and [send] tables hold defaults for the options of those commands ([epub] also \
         for send, which makes an EPUB); an option given on the command line wins. Unknown \
         tables and keys are errors.",
    );
    roff.push_str(".PP\nThe keys of [smtp]:\n");
    for setting in SMTP_SETTINGS {
        if let Some(key) = setting.key {
            tagged(&mut roff, key, setting.meaning);
        }
    }
    for table in ["epub", "pdf", "send"] {
        let _ = writeln!(roff, ".PP\nThe keys of [{table}]:");
        for setting in DEFAULT_SETTINGS
            .iter()
            .filter(|setting| setting.table == table)
        {
            tagged(&mut roff, setting.key, setting.meaning);
        }
    }
    roff.push_str(".SH ENVIRONMENT\n");
    for (name, meaning) in ENVIRONMENT {
        tagged(&mut roff, name, meaning);
    }
    for setting in SMTP_SETTINGS {
        let meaning = match setting.key {
            Some(key) => format!("[smtp] {key}: {}", setting.meaning),
            None => setting.meaning.to_string(),
        };
        tagged(&mut roff, setting.variable, &meaning);
    }
    roff.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in EXIT_CODES {
        tagged(&mut roff, code, meaning);
    }
    roff.push_str(".SH \"SEE ALSO\"\n");
    let pages: Vec<String> = see_also
        .iter()
        .map(|name| format!("\\fB{}\\fR(1)", escape(name)))
        .collect();
    let _ = writeln!(roff, "{}", pages.join(", "));
    roff
}

/// A tagged paragraph: `tag` in bold, then its text indented under it.
fn tagged(roff: &mut String, tag: &str, text: &str) {
    let _ = writeln!(
        roff,
        ".TP\n\\fB{}\\fR\n{}",
        escape(tag),
        escape_keeping_fonts(text)
    );
}

/// Text safe in roff: backslashes doubled as `\e`, dashes as `\-`, and no line starting with a
/// control character.
fn escape(text: &str) -> String {
    escape_keeping_fonts(&text.replace('\\', "\\e"))
}

/// Like [`escape`], but keeps the font changes (`\fB`, `\fR`) the text holds.
fn escape_keeping_fonts(text: &str) -> String {
    let text = text.replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_control_characters_at_a_line_start_are_escaped() {
        assert_eq!(escape(".hidden"), "\\&.hidden");
        assert_eq!(escape("a-b"), "a\\-b");
        assert_eq!(escape("C:\\x"), "C:\\ex");
    }
}
