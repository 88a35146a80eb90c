//! Reading lists (`--input-list FILE`): one URL or path a line, `#` comments (whole lines, or
//! after a space at the end of a line) and blank lines skipped, `-` for standard input. Paths
//! are relative to the list's folder, so a list works from wherever it is run.

use std::path::Path;

use super::{file, stdin, Input, SourceError, SourceLimits};

/// An input named by a reading list, with where: `links.txt:3`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The input.
    pub input: Input,
    /// The list and the line that names it (`links.txt:3`, `<stdin>:3`).
    pub place: String,
}

/// Reads the inputs listed in `list` (`-` reads the list from standard input).
pub fn read_input_list(list: &str, limits: SourceLimits) -> Result<Vec<Input>, SourceError> {
    Ok(read_input_list_lines(list, limits)?
        .into_iter()
        .map(|listed| listed.input)
        .collect())
}

/// [`read_input_list`], each input with the line that names it; paths relative to the
/// list's folder.
pub fn read_input_list_lines(list: &str, limits: SourceLimits) -> Result<Vec<Listed>, SourceError> {
    let (bytes, name, folder) = if list == "-" {
        (stdin::read_stdin("<stdin>", limits)?, "<stdin>", None)
    } else {
        let path = Path::new(list);
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        (file::read_file(path, list, limits)?, list, folder)
    };
    let text = String::from_utf8_lossy(&bytes);
    Ok(list_lines(&text)
        .map(|(number, entry)| {
            let input = match (Input::from_arg(entry), folder) {
                (Input::File(path), Some(folder)) if path.is_relative() => {
                    Input::File(folder.join(path))
                }
                (input, _) => input,
            };
            Listed {
                input,
                place: format!("{name}:{number}"),
            }
        })
        .collect())
}

/// The inputs named by the lines of `text`.
pub fn parse_input_list(text: &str) -> Vec<Input> {
    list_lines(text)
        .map(|(_, entry)| Input::from_arg(entry))
        .collect()
}

/// The entries of a list's lines, each with its line number (from 1): comments and blank
/// lines skipped, a ` # comment` after an entry taken off.
fn list_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(index, line)| {
        let line = line.trim_start_matches('\u{feff}');
        let entry = match line.find([' ', '\t']).and_then(|space| {
            let rest = &line[space..];
            let hash = rest.find('#')?;
            rest[..hash].trim().is_empty().then_some(space)
        }) {
            Some(comment) => &line[..comment],
            None => line,
        };
        let entry = entry.trim();
        (!entry.is_empty() && !entry.starts_with('#')).then_some((index + 1, entry))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let list = "\u{feff}# morning reading\n\nhttps://example.org/a   # the harbour\n  \
            notes/b.html  \r\nhttps://example.org/c#part-2\n# done\n";
        assert_eq!(
            parse_input_list(list),
            vec![
                Input::Url("https://example.org/a".into()),
                Input::File("notes/b.html".into()),
                Input::Url("https://example.org/c#part-2".into()),
            ]
        );
        let numbers: Vec<usize> = list_lines(list).map(|(number, _)| number).collect();
        assert_eq!(numbers, [3, 4, 5]);
    }
}
