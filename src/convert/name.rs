//! Output names from a template (`--name '{date}-{site}-{title}'`): what a book's file is
//! called when the user does not name it with `-o`.

use super::made::Made;
use crate::error::Error;
use crate::output::slug;

/// The placeholders a template may use.
const PLACEHOLDERS: &[&str] = &["title", "site", "date", "n"];

/// The longest name a template makes, in bytes, before the extension.
const MAX_NAME_BYTES: usize = 120;

/// A template for output file names: text with `{title}`, `{site}`, `{date}` and `{n}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameTemplate {
    template: String,
}

impl NameTemplate {
    /// Checks `template`: only known placeholders, no folder separators, something to name.
    pub fn parse(template: &str) -> Result<Self, Error> {
        let invalid = |cause: String| Error::Usage(format!("--name '{template}': {cause}"));
        if template.contains(['/', '\\']) {
            return Err(invalid(
                "a name, not a path (give the folder with -o)".into(),
            ));
        }
        let mut rest = template;
        let mut placeholders = 0;
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            let end = after
                .find('}')
                .ok_or_else(|| invalid("a '{' without its '}'".into()))?;
            let name = &after[..end];
            if !PLACEHOLDERS.contains(&name) {
                return Err(invalid(format!(
                    "unknown placeholder '{{{name}}}' (use {{title}}, {{site}}, {{date}} or {{n}})"
                )));
            }
            placeholders += 1;
            rest = &after[end + 1..];
        }
        if placeholders == 0 {
            return Err(invalid(
                "no placeholder: every book would get the same name".into(),
            ));
        }
        Ok(NameTemplate {
            template: template.to_string(),
        })
    }

    /// The file name (without extension) of `made`, the `number`th book of its run (from 1):
    /// `{title}` and `{site}` as file-name slugs, `{date}` the publication date
    /// (`2025-06-02`), `{n}` the number with at least two digits. Placeholders with nothing
    /// to give are left out, with the separators around them; characters file systems refuse
    /// become `-`; "article" when nothing is left.
    pub fn render(&self, made: &Made, number: usize) -> String {
        let value = |name: &str| match name {
            "title" => slug(&made.title),
            "site" => made.site.as_deref().map(slug).unwrap_or_default(),
            "date" => made.date.clone().unwrap_or_default(),
            _ => format!("{number:02}"),
        };
        let mut name = String::new();
        let mut rest = self.template.as_str();
        while let Some(start) = rest.find('{') {
            name.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let end = after.find('}').unwrap_or(after.len());
            name.push_str(&value(&after[..end]));
            rest = after.get(end + 1..).unwrap_or("");
        }
        name.push_str(rest);
        tidy(&name)
    }
}

/// `name` safe as a file name: refused characters replaced, the separators an empty
/// placeholder left doubled or at the ends taken out, at most [`MAX_NAME_BYTES`].
fn tidy(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let mut tidy = String::new();
    for c in replaced.chars() {
        let separator = matches!(c, '-' | '_' | ' ' | '.');
        if separator && tidy.ends_with(['-', '_', ' ', '.']) {
            continue;
        }
        tidy.push(c);
    }
    let trimmed = tidy.trim_matches(['-', '_', ' ', '.']);
    let mut end = trimmed.len().min(MAX_NAME_BYTES);
    while !trimmed.is_char_boundary(end) {
        end -= 1;
    }
    match trimmed[..end].trim_end_matches(['-', '_', ' ', '.']) {
        "" => "article".to_string(),
        name => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(site: Option<&str>, date: Option<&str>) -> Made {
        Made {
            title: "The Wall Holds!".into(),
            site: site.map(str::to_string),
            date: date.map(str::to_string),
            ..Made::default()
        }
    }

    #[test]
    fn placeholders_are_filled_and_empty_ones_leave_no_stray_separator() {
        let template = NameTemplate::parse("{date}-{site}-{title}").unwrap();
        assert_eq!(
            template.render(&made(Some("Harbour News"), Some("2025-06-04")), 1),
            "2025-06-04-harbour-news-the-wall-holds"
        );
        assert_eq!(template.render(&made(None, None), 1), "the-wall-holds");
        let numbered = NameTemplate::parse("{n} {title}").unwrap();
        assert_eq!(numbered.render(&made(None, None), 3), "03 the-wall-holds");
    }

    #[test]
    fn bad_templates_are_refused() {
        for template in ["{author}", "books/{title}", "{title", "plain"] {
            let err = NameTemplate::parse(template).unwrap_err();
            assert!(err.is_usage(), "{template}: {err}");
        }
    }
}
