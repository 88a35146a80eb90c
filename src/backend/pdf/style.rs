//! The print style: sizes, spacing and colours of the PDF, read from `styles/print.toml`.
//!
//! The TOML file is embedded at build time with `include_str!` and parsed once, on first use.
//! Its values are relative (multiples of the base font size), so `--font-size` scales the
//! whole page. A unit test parses the embedded file, which is what makes the `expect` in
//! [`print_style`] safe: a broken style file fails `cargo test`, never a user's run.

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

/// The embedded print style.
const PRINT_TOML: &str = include_str!("../../../styles/print.toml");

/// The whole print style, section by section as in `styles/print.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintStyle {
    /// Running text and paragraphs.
    pub text: TextStyle,
    /// The title block at the head of each article.
    pub title: TitleStyle,
    /// Section headings.
    pub headings: HeadingStyle,
    /// Block quotations and their attributions.
    pub quote: QuoteStyle,
    /// Superscripts and subscripts.
    pub scripts: ScriptStyle,
    /// Definition lists.
    pub definitions: DefinitionStyle,
    /// Bulleted and numbered lists.
    pub list: ListStyle,
    /// Preformatted code.
    pub code: CodeStyle,
    /// Figures (captions for now).
    pub figure: FigureStyle,
    /// Tables.
    pub table: TableStyle,
    /// Thematic breaks.
    pub rule: RuleStyle,
    /// Notes at the foot of the page (footnotes and the addresses of links).
    pub notes: NoteStyle,
    /// Running header and footer.
    pub page: PageStyle,
    /// Colours.
    pub colors: Colors,
}

/// Running text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextStyle {
    /// Line height as a multiple of the font size.
    pub leading: f32,
    /// Whether paragraphs are justified.
    pub justify: bool,
    /// First-line indent of a paragraph following a paragraph, in em (the only thing that
    /// sets two paragraphs apart: there is no space between them).
    pub paragraph_indent_em: f32,
    /// Space around non-paragraph blocks, in em.
    pub block_spacing_em: f32,
}

/// The article title block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleStyle {
    /// Size of the section line.
    pub section_size: f32,
    /// Size of the title.
    pub title_size: f32,
    /// Line height of the title.
    pub title_leading: f32,
    /// Size of the byline.
    pub byline_size: f32,
    /// Size of the date and site line.
    pub meta_size: f32,
    /// Size of the source address.
    pub url_size: f32,
    /// Space between the title block and the body, in em.
    pub space_after_em: f32,
    /// Width of the rule under the title block, as a fraction of the text width.
    pub rule_width: f32,
}

/// Section headings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadingStyle {
    /// Sizes of levels 2 to 6.
    pub sizes: [f32; 5],
    /// Line height of headings.
    pub leading: f32,
    /// Space above a heading, in em.
    pub space_before_em: f32,
    /// Space below a heading, in em.
    pub space_after_em: f32,
}

/// Block quotations.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteStyle {
    /// Indent on both sides, in em.
    pub indent_em: f32,
    /// Text size.
    pub size: f32,
    /// Whether quotations are set in italics.
    pub italic: bool,
    /// Space between a quotation and its attribution, in em.
    pub attribution_space_em: f32,
}

/// Superscripts and subscripts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptStyle {
    /// Their size, as a multiple of the size of the text around them.
    pub size: f32,
    /// How far a superscript's baseline is raised, as a multiple of the size around it.
    pub superscript_rise: f32,
    /// How far a subscript's baseline is lowered, as a multiple of the size around it.
    pub subscript_drop: f32,
}

/// Definition lists.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionStyle {
    /// Indent of the descriptions under their term, in em.
    pub indent_em: f32,
    /// Space above each term, in em.
    pub term_spacing_em: f32,
}

/// Lists.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListStyle {
    /// Indent of each level, in em.
    pub indent_em: f32,
    /// Gap between marker and text, in em.
    pub marker_gap_em: f32,
    /// Space between items, in em.
    pub item_spacing_em: f32,
}

/// Preformatted code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeStyle {
    /// Text size.
    pub size: f32,
    /// Line height.
    pub leading: f32,
    /// Left indent, in em.
    pub indent_em: f32,
}

/// Figures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureStyle {
    /// Size of captions.
    pub caption_size: f32,
}

/// Tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableStyle {
    /// Text size.
    pub size: f32,
    /// Gap between columns, in em.
    pub column_gap_em: f32,
    /// Space between rows, in em.
    pub row_spacing_em: f32,
    /// Thickness of the rules above, inside and below the table, in points.
    pub rule_thickness_pt: f32,
}

/// Thematic breaks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleStyle {
    /// Line thickness in points.
    pub thickness_pt: f32,
    /// Width as a fraction of the text width.
    pub width: f32,
}

/// Notes at the foot of the page: a short rule, then the notes, smaller, each with its mark
/// hung in an indent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteStyle {
    /// Text size.
    pub size: f32,
    /// Line height.
    pub leading: f32,
    /// Indent of the notes' text; the mark hangs in it, in em.
    pub indent_em: f32,
    /// Space between the body text and the rule above the notes, in em.
    pub space_above_em: f32,
    /// Space between the rule and the first note, in em.
    pub space_below_em: f32,
    /// Width of the rule, as a fraction of the text width.
    pub rule_width: f32,
    /// The most of the text area one note may take, as a fraction of its height: a longer
    /// note is printed with the notes at the end of the article instead.
    pub max_height: f32,
}

/// Running header and footer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageStyle {
    /// Size of the running header.
    pub header_size: f32,
    /// Size of the page number.
    pub footer_size: f32,
    /// Baseline distance from the page edge, as a fraction of the margin.
    pub furniture_position: f32,
    /// The longest a line of running text is, in multiples of the base size, unless
    /// `--margin` says otherwise: the side margins grow to keep it.
    pub measure_em: f32,
    /// The same for Chinese, Japanese and Korean books, whose lines are counted in characters.
    pub measure_em_cjk: f32,
}

/// The colours the PDF uses.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    /// Running text.
    pub text: Rgb,
    /// Secondary text: section, date, header, page numbers.
    pub muted: Rgb,
    /// Link text.
    pub link: Rgb,
    /// Rules.
    pub rule: Rgb,
    /// The band behind highlighted text.
    pub highlight: Rgb,
}

/// An sRGB colour with components from 0 to 1, written `"#rrggbb"` in the style file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb {
    /// Red.
    pub r: f32,
    /// Green.
    pub g: f32,
    /// Blue.
    pub b: f32,
}

impl Rgb {
    /// Parses `"#rrggbb"`.
    pub fn from_hex(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let channel = |at: usize| {
            u8::from_str_radix(&hex[at..at + 2], 16)
                .ok()
                .map(|v| f32::from(v) / 255.0)
        };
        Some(Rgb {
            r: channel(0)?,
            g: channel(2)?,
            b: channel(4)?,
        })
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Rgb::from_hex(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("colour {text:?} is not of the form \"#rrggbb\""))
        })
    }
}

impl PrintStyle {
    /// Parses a print style from TOML text.
    pub fn parse(text: &str) -> Result<PrintStyle, toml::de::Error> {
        toml::from_str(text)
    }

    /// The embedded print style with the values of `overrides` (TOML with the same tables and
    /// keys as `styles/print.toml`, any subset of them) in place of its own. An unknown table
    /// or key, or a value of the wrong kind, is an error naming it.
    pub fn with_overrides(overrides: &str) -> Result<PrintStyle, String> {
        let mut style: toml::Table = PRINT_TOML
            .parse()
            .map_err(|error: toml::de::Error| error.message().to_string())?;
        let overrides: toml::Table = overrides.parse().map_err(|error: toml::de::Error| {
            format!("not TOML: {}", error.message().replace('\n', " "))
        })?;
        merge(&mut style, overrides, "")?;
        toml::Value::Table(style)
            .try_into()
            .map_err(|error: toml::de::Error| error.message().replace('\n', " "))
    }

    /// The size of heading `level` (2–6; others are clamped), as a multiple of the base size.
    pub fn heading_size(&self, level: u8) -> f32 {
        let index = usize::from(level.clamp(2, 6) - 2);
        self.headings.sizes[index]
    }
}

/// Puts every value of `overrides` into `base`, table by table (`table` names where, for
/// messages). A key `base` does not have, or a value of another kind than its own, is an error
/// naming it.
fn merge(base: &mut toml::Table, overrides: toml::Table, table: &str) -> Result<(), String> {
    for (key, value) in overrides {
        let place = if table.is_empty() {
            format!("[{key}]")
        } else {
            format!("{table} {key}")
        };
        let Some(current) = base.get_mut(&key) else {
            let known: Vec<&str> = base.keys().map(String::as_str).collect();
            return Err(format!(
                "unknown {} {place} (known: {})",
                if table.is_empty() { "table" } else { "key" },
                known.join(", ")
            ));
        };
        match (current, value) {
            (toml::Value::Table(inner), toml::Value::Table(value)) => merge(inner, value, &place)?,
            (current, value) if same_kind(current, &value) => *current = value,
            (current, value) => {
                return Err(format!(
                    "{place} takes {}, not {}",
                    kind(current),
                    kind(&value)
                ))
            }
        }
    }
    Ok(())
}

/// Whether `value` may stand for `current`: the same TOML kind, a whole number for a decimal.
fn same_kind(current: &toml::Value, value: &toml::Value) -> bool {
    use toml::Value::{Array, Boolean, Float, Integer, String};
    matches!(
        (current, value),
        (Float(_), Float(_) | Integer(_))
            | (Integer(_), Integer(_))
            | (String(_), String(_))
            | (Boolean(_), Boolean(_))
            | (Array(_), Array(_))
    )
}

/// A value's kind, in words.
fn kind(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::Float(_) | toml::Value::Integer(_) => "a number",
        toml::Value::String(_) => "a string",
        toml::Value::Boolean(_) => "true or false",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
        toml::Value::Datetime(_) => "a date",
    }
}

/// The embedded print style, parsed on first use.
pub fn print_style() -> &'static PrintStyle {
    static STYLE: OnceLock<PrintStyle> = OnceLock::new();
    STYLE.get_or_init(|| {
        // The embedded file is fixed at build time and parsed by `tests::embedded_style_parses`.
        PrintStyle::parse(PRINT_TOML).expect("styles/print.toml is valid (guarded by a unit test)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_the_values_they_name() {
        let style = PrintStyle::with_overrides("[text]\nleading = 2\n[colors]\ntext = \"#000000\"")
            .unwrap();
        assert_eq!(style.text.leading, 2.0);
        assert_eq!(style.text.justify, print_style().text.justify);
        assert_eq!(style.colors.text, Rgb::from_hex("#000000").unwrap());
        assert_eq!(style.title.title_size, print_style().title.title_size);
    }

    #[test]
    fn overrides_with_unknown_keys_or_wrong_kinds_are_refused_by_name() {
        let unknown = PrintStyle::with_overrides("[text]\nlead = 2").unwrap_err();
        assert!(
            unknown.contains("[text] lead") && unknown.contains("leading"),
            "{unknown}"
        );
        let table = PrintStyle::with_overrides("[fonts]\nserif = \"x\"").unwrap_err();
        assert!(table.contains("unknown table [fonts]"), "{table}");
        let kind = PrintStyle::with_overrides("[text]\njustify = \"yes\"").unwrap_err();
        assert!(
            kind.contains("[text] justify takes true or false"),
            "{kind}"
        );
        let colour = PrintStyle::with_overrides("[colors]\ntext = \"black\"").unwrap_err();
        assert!(!colour.contains('\n'), "{colour}");
        assert!(PrintStyle::with_overrides("[text\n")
            .unwrap_err()
            .starts_with("not TOML"));
    }

    #[test]
    fn embedded_style_parses() {
        let style = PrintStyle::parse(PRINT_TOML).unwrap_or_else(|err| panic!("{err}"));
        assert!(style.text.leading >= 1.0);
        assert!(style.title.title_size > 1.0);
        assert!(style.heading_size(2) >= style.heading_size(6));
        assert_eq!(style.heading_size(9), style.heading_size(6));
    }

    #[test]
    fn colours_parse_and_reject_garbage() {
        let white = Rgb::from_hex("#ffffff");
        assert_eq!(
            white,
            Some(Rgb {
                r: 1.0,
                g: 1.0,
                b: 1.0
            })
        );
        assert_eq!(Rgb::from_hex("ffffff"), None);
        assert_eq!(Rgb::from_hex("#fffff"), None);
        assert_eq!(Rgb::from_hex("#ggffff"), None);
        assert_eq!(Rgb::from_hex("#ééff"), None);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let broken = PRINT_TOML.replace("[text]", "[text]\nlead = 1.0");
        assert!(PrintStyle::parse(&broken).is_err());
    }
}
