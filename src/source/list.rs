//! Reading lists (`--input-list FILE`): one URL or path a line, `#` comments and blank lines
//! skipped, `-` for standard input.

use std::path::Path;

use super::{file, stdin, Input, SourceError, SourceLimits};

/// Reads the inputs listed in `list` (`-` reads the list from standard input).
pub fn read_input_list(list: &str, limits: SourceLimits) -> Result<Vec<Input>, SourceError> {
    let bytes = if list == "-" {
        stdin::read_stdin("<stdin>", limits)?
    } else {
        file::read_file(Path::new(list), list, limits)?
    };
    Ok(parse_input_list(&String::from_utf8_lossy(&bytes)))
}

/// The inputs named by the lines of `text`.
pub fn parse_input_list(text: &str) -> Vec<Input> {
    text.lines()
        .map(|line| line.trim().trim_start_matches('\u{feff}'))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(Input::from_arg)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let list =
            "\u{feff}# morning reading\n\nhttps://example.org/a\n  notes/b.html  \r\n# done\n";
        assert_eq!(
            parse_input_list(list),
            vec![
                Input::Url("https://example.org/a".into()),
                Input::File("notes/b.html".into())
            ]
        );
    }
}
