//! The boilerplate rules: small named functions that tell page furniture from article text,
//! by its wording (widget labels, teasers, bylines, datelines, notices, appeals, authors' bios)
//! or by the class, id and role of its element. The HTML normalizer's scorer, walker and block
//! filter and the plain-text normalizer share them.
//!
//! The words each rule looks for are in [`vocabulary`](super::vocabulary); the shapes
//! (how many words, where a date goes) and the limits are here, with the rule. Each rule has a
//! test that fails when the rule is removed. Wording is matched in any case, ignoring bullets
//! and surrounding punctuation.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::removals::Removals;
use super::vocabulary::bylines::{
    BIO_VERBS, BYLINE_DATE_SEPARATORS, BYLINE_LINE_OPENERS, BYLINE_OPENERS, NAME_PARTICLES,
    STAFF_CREDIT_PREFIXES, WRITER_ROLES,
};
use super::vocabulary::classes::{
    ADVERTISEMENT_TOKENS, ATTRIBUTION_FRAGMENTS, CAPTION_FRAGMENTS, EMBEDDED_POST_CLASSES,
    FURNITURE_KIND_FRAGMENTS, HEADING_CLASS_FRAGMENTS, HIDDEN_TOKEN, MAYBE_CANDIDATE_FRAGMENTS,
    MEDIA_FRAGMENT, NEGATIVE_FRAGMENTS, NEGATIVE_NAME_PARTS, NEGATIVE_TOKENS, PERMALINK_CLASSES,
    POSITIVE_FRAGMENTS, REFERENCE_LIST_NAME_PARTS, SCORE_NEGATIVE_FRAGMENTS,
    SCORE_POSITIVE_FRAGMENTS, SMALL_CAPS_CLASSES, UNLIKELY_FRAGMENTS,
};
use super::vocabulary::dates::{
    DATELINE_PREFIXES, DATE_WORDS, MONTH_ABBREVIATION_LEN, MONTH_NAMES,
};
use super::vocabulary::elements::{NEVER_CONTENT_ROLES, UNLIKELY_ROLES};
use super::vocabulary::marks::{ARROWS, ATTRIBUTION_DASHES, BULLETS, EDGE_MARKS, PERMALINK_MARKS};
use super::vocabulary::phrases::{
    AD_BREAK_OPENINGS, AD_BREAK_PHRASES, APPEAL_PREFIXES, CITATION_OPENINGS, COMMENT_COUNT_WORDS,
    CONTACT_LABELS, COVERAGE_OPENINGS, CREDIT_LABELS, DISCLOSURE_EARNINGS, DISCLOSURE_LINK_WORDS,
    DISCLOSURE_PHRASES, FOLLOW_APPEAL_JOINS, FOLLOW_APPEAL_OPENINGS, FOLLOW_APPEAL_PHRASES,
    NEIGHBOUR_WORDS, OPINION_DISCLAIMER_PHRASES, PAGINATION_WORDS, PERMALINK_WORDS, PROMO_PREFIXES,
    READING_TIME_LABELS, RELATED_HEADINGS, RELATED_HEADING_QUALIFIERS, RIGHTS_NOTICE_PHRASES,
    RIGHTS_RESERVED_PHRASES, SHARE_NETWORKS, SHARE_TARGETS, SHARE_VERBS, TAXONOMY_LABELS,
    TEASER_PREFIXES, WIDGET_PHRASES,
};

/// The longest credit line, in words, that is still taken for a credit and not a sentence.
const MAX_CREDIT_WORDS: usize = 16;

/// Lowercases `line` and strips bullets, surrounding punctuation and whitespace.
pub fn simplify(line: &str) -> String {
    trim_marks(line).to_lowercase()
}

/// The line without leading bullets and the spaces and punctuation around it.
fn trim_marks(line: &str) -> &str {
    line.trim()
        .trim_start_matches(|c: char| is_bullet(c) || c.is_whitespace())
        .trim_matches(|c: char| c.is_whitespace() || EDGE_MARKS.contains(&c))
}

/// Whether `text` has more than `limit` words (without counting past the limit).
fn has_more_words_than(text: &str, limit: usize) -> bool {
    text.split_whitespace().nth(limit).is_some()
}

/// `text` after `prefix` (ASCII, matched in any case), or `None` when it does not start so.
fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    text.get(..prefix.len())
        .filter(|start| start.eq_ignore_ascii_case(prefix))
        .map(|_| &text[prefix.len()..])
}

/// Whether `c` is a character that starts a bulleted line (see [`BULLETS`]).
pub fn is_bullet(c: char) -> bool {
    BULLETS.contains(&c)
}

/// The most words a widget label has: "click to share on twitter (opens in a new window)".
const MAX_WIDGET_WORDS: usize = 15;

/// Whether the whole line is a share, print, e-mail, social or ad widget label.
pub fn is_widget_line(line: &str) -> bool {
    widget_rule(line).is_some()
}

/// Which widget label the whole line is ([`is_widget_line`]), by the name the removal log
/// gives its rule: `share-widget`, `widget`, `comment-count`, `promotion`, `reading-time`,
/// `ad-break` or `pagination`.
pub fn widget_rule(line: &str) -> Option<&'static str> {
    let trimmed = trim_marks(line);
    if trimmed.is_empty() || has_more_words_than(trimmed, MAX_WIDGET_WORDS) {
        return None;
    }
    let simple = trimmed.to_lowercase();
    Some(
        if SHARE_NETWORKS.contains(&simple.as_str()) || is_share_button_label(&simple) {
            "share-widget"
        } else if WIDGET_PHRASES.contains(&simple.as_str()) {
            if simple.contains("advert") {
                "advertisement"
            } else if ["share", "print", "mail", "send"]
                .iter()
                .any(|word| simple.contains(word))
            {
                "share-widget"
            } else {
                "widget"
            }
        } else if is_comment_count(&simple) {
            "comment-count"
        } else if is_promo_line(&simple) {
            if simple.contains("newsletter") {
                "newsletter"
            } else {
                "promotion"
            }
        } else if is_reading_time(&simple) {
            "reading-time"
        } else if is_ad_break(&simple) {
            "ad-break"
        } else if is_pagination_line(&simple, line) {
            "pagination"
        } else {
            return None;
        },
    )
}

/// "« Previous | Next »", "Older posts Newer posts", "« Vorige | Nächste » 08.04.2015": the
/// links to the neighbouring posts, perhaps with the date. `simple` is the lowercase line
/// without its edge marks, `line` the line as it was (arrows included).
fn is_pagination_line(simple: &str, line: &str) -> bool {
    let words: Vec<&str> = simple
        .split(|c: char| c.is_whitespace() || "«»‹›←→<>|/·•-–".contains(c))
        .filter(|word| !word.is_empty())
        .collect();
    let names_a_neighbour = words.iter().any(|word| NEIGHBOUR_WORDS.contains(word));
    // A lone "Next" is as likely a button of the page's own (a tour, a quiz) as a link onwards.
    let has_arrow = line.contains(ARROWS);
    names_a_neighbour
        && (words.len() >= 2 || has_arrow)
        && words.iter().all(|word| {
            NEIGHBOUR_WORDS.contains(word) || PAGINATION_WORDS.contains(word) || is_date_word(word)
        })
}

/// The most words after an opening of [`AD_BREAK_OPENINGS`]: "… below this advertisement".
const MAX_AD_BREAK_TAIL_WORDS: usize = 3;

/// "Continue reading the main story", "Story continues below advertisement": where the page
/// put an advertisement or a gallery in the middle of the text. A book has neither.
fn is_ad_break(simple: &str) -> bool {
    AD_BREAK_PHRASES.contains(&simple)
        || AD_BREAK_OPENINGS.iter().any(|opening| {
            simple.strip_prefix(opening).is_some_and(|tail| {
                (tail.is_empty() || tail.starts_with(' '))
                    && !has_more_words_than(tail, MAX_AD_BREAK_TAIL_WORDS)
            })
        })
}

/// "5 min read", "4-minute read", "Reading time: 4 minutes", "Lesezeit: 3 Min.": how long the
/// article takes to read, which a book does not need.
fn is_reading_time(simple: &str) -> bool {
    let has_number = |text: &str| text.chars().any(|c| c.is_ascii_digit());
    if let Some(rest) = READING_TIME_LABELS
        .iter()
        .find_map(|label| simple.strip_prefix(label))
    {
        let rest = rest.trim_start_matches([' ', ':']);
        return has_number(rest) && !has_more_words_than(rest, 3);
    }
    let Some(amount) = simple
        .strip_suffix(" read")
        .and_then(|rest| {
            rest.strip_suffix(" min")
                .or_else(|| rest.strip_suffix("min"))
        })
        .or_else(|| simple.strip_suffix("-minute read"))
        .or_else(|| simple.strip_suffix(" minute read"))
        .or_else(|| simple.strip_suffix(" minutes read"))
    else {
        return false;
    };
    !amount.is_empty() && amount.trim().chars().all(|c| c.is_ascii_digit())
}

/// The longest tag or category line, in words.
const MAX_TAXONOMY_WORDS: usize = 20;

/// "Tags: harbour, storms", "Filed under: Weather |": the site's filing of the article.
pub fn is_taxonomy_line(line: &str) -> bool {
    let trimmed = trim_marks(line);
    if has_more_words_than(trimmed, MAX_TAXONOMY_WORDS) {
        return false;
    }
    if TAXONOMY_LABELS
        .iter()
        .any(|label| strip_prefix_ignoring_case(trimmed, label).is_some())
    {
        return true;
    }
    // A dateline of labels: "05/10/2018 - Publicado por: Ana - Categoria: Saúde - Tags: …".
    let lower = trimmed.to_lowercase();
    TAXONOMY_LABELS
        .iter()
        .filter(|label| label.ends_with(':') && lower.contains(*label))
        .count()
        >= 2
}

/// The most words the names of a byline have.
const MAX_BYLINE_NAME_WORDS: usize = 8;

/// What follows the opener of a byline ("By ", "Written by ", "Author: "; see
/// [`BYLINE_OPENERS`] and [`BYLINE_LINE_OPENERS`]), in any case; `None` when `text` does not
/// start like a byline.
pub fn after_byline_opener(text: &str) -> Option<&str> {
    BYLINE_OPENERS
        .iter()
        .chain(BYLINE_LINE_OPENERS)
        .find_map(|opener| strip_prefix_ignoring_case(text, opener))
}

/// A paragraph that is only a byline: "By Jane Roe", "By JANE ROE and SAM LEE", or names and
/// a date ("By Jane Roe on Monday, November 18th, 2019", "By Jane Roe – 2019-04-10"). The
/// names must be capitalised (so "By then the vote was over" is prose), unless a date follows
/// them ("By admin – 2018-09-16"). The byline itself is read from the page's markup, not here.
pub fn is_byline_line(text: &str) -> bool {
    if has_more_words_than(text, MAX_NOTICE_WORDS) {
        return false;
    }
    // "Von:" may stand above the name, on a line of its own.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(rest) = after_byline_opener(&text) else {
        return false;
    };
    let (names, date) = match BYLINE_DATE_SEPARATORS
        .iter()
        .filter_map(|separator| rest.find(separator).map(|at| (at, separator.len())))
        .min()
    {
        Some((at, len)) => (&rest[..at], Some(&rest[at + len..])),
        None => match trailing_date_start(rest) {
            Some(at) => (&rest[..at], Some(&rest[at..])),
            None => (rest, None),
        },
    };
    let words: Vec<&str> = names
        .split_whitespace()
        .map(|word| word.trim_matches([',', '.']))
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty()
        || words.len() > MAX_BYLINE_NAME_WORDS
        || names.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    match date {
        Some(date) => is_date_text(&date.to_lowercase()),
        None => are_name_words(&words),
    }
}

/// Where a date starts that follows the names of a byline without a separator ("Jo Kim
/// March 25, 2015"): the first word that is a month's name or starts with a digit, after at
/// least one word of name.
fn trailing_date_start(rest: &str) -> Option<usize> {
    let mut seen_name = false;
    for (at, word) in rest
        .split_whitespace()
        .map(|word| (word.as_ptr() as usize - rest.as_ptr() as usize, word))
    {
        let lower = word.to_ascii_lowercase();
        let is_month = starts_like_a_month(&lower);
        if seen_name && (is_month || word.starts_with(|c: char| c.is_ascii_digit())) {
            return Some(at);
        }
        seen_name = true;
    }
    None
}

/// Whether a paragraph is nothing but the article's dates and times, each perhaps labelled
/// ("Dec. 6, 2024, 10:00 PM UTC / Updated Dec. 7, 2024, 12:43 PM UTC"). Meant for paragraphs
/// only: a heading of a date opens a part of a diary or a timeline.
pub fn is_date_line(text: &str) -> bool {
    let trimmed = text.trim();
    if trimmed.is_empty()
        || has_more_words_than(trimmed, MAX_NOTICE_WORDS)
        || !trimmed.contains(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    let simple = trimmed.to_lowercase();
    simple
        .split(['/', '|', '•', '·'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .all(|part| (is_date_text(part) && names_a_date(part)) || is_dateline(part))
        || is_date_with_fields(&simple)
}

/// The most words of one field beside the date of a filing line ("Sina Giebel in Fashion").
const MAX_FILING_FIELD_WORDS: usize = 6;

/// "2021-10-16 | News", "Friday | 14 June 2019 | 15:49 by Jo Kim in Fashion | 0 comments":
/// the article's date with its category, author or comment count, set apart by bars. The
/// date is one of the first two fields; every other field is a few words, not a sentence.
fn is_date_with_fields(simple: &str) -> bool {
    let fields: Vec<&str> = simple
        .split('|')
        .map(str::trim)
        .filter(|field| !field.is_empty())
        .collect();
    if fields.len() < 2 {
        return false;
    }
    let is_date = |field: &str| is_date_text(field) && names_a_date(field);
    let Some(date_at) = fields.iter().take(2).position(|field| is_date(field)) else {
        return false;
    };
    fields.iter().enumerate().all(|(at, field)| {
        at == date_at
            || is_date(field)
            || (!has_more_words_than(field, MAX_FILING_FIELD_WORDS)
                && !field.ends_with(['.', '!', '?']))
    })
}

/// Whether lowercase `text` has what only a date or time has: a month's name, a year of this
/// or the last century, or hours and minutes ("12 boats" has none).
fn names_a_date(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '/' | '-'))
        .any(|word| {
            let digits = word.chars().all(|c| c.is_ascii_digit());
            starts_like_a_month(word)
                || (digits && word.len() == 4 && (word.starts_with("19") || word.starts_with("20")))
                || (word.contains(':')
                    && word
                        .split(':')
                        .all(|n| n.len() == 2 && n.chars().all(|c| c.is_ascii_digit())))
        })
}

/// Whether lowercase `word` starts with the abbreviation of a month's name ("sept", "dec.",
/// "march"; see [`MONTH_NAMES`]), and so is at least that long.
fn starts_like_a_month(word: &str) -> bool {
    MONTH_NAMES.iter().any(|month| {
        month
            .get(..MONTH_ABBREVIATION_LEN)
            .is_some_and(|abbreviation| word.starts_with(abbreviation))
    })
}

/// Whether every word is capitalised or a particle of a name ("Ana de Souza").
fn are_name_words(words: &[&str]) -> bool {
    words
        .iter()
        .all(|word| word.starts_with(char::is_uppercase) || NAME_PARTICLES.contains(word))
}

/// "Share on Facebook", "Click to share on Twitter (Opens in new window)", "Email to a friend".
fn is_share_button_label(simple: &str) -> bool {
    let label = simple
        .trim_end_matches("(opens in new window)")
        .trim_end_matches("(opens in a new window)")
        .trim();
    let label = label.strip_prefix("click to ").unwrap_or(label);
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let starts_with_verb = SHARE_VERBS.contains(&words[0]);
    let names_target = words.iter().skip(1).any(|w| {
        let target = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '+');
        SHARE_NETWORKS.contains(&target) || SHARE_TARGETS.contains(&target)
    });
    (starts_with_verb && names_target) || simple.ends_with("(opens in new window)")
}

/// "12 comments", "1 comment", "Comments (3)".
fn is_comment_count(simple: &str) -> bool {
    let words: Vec<&str> = simple.split_whitespace().collect();
    let is_number = |w: &str| {
        let digits = w.trim_matches(['(', ')']);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    };
    let is_comment_word = |w: &str| COMMENT_COUNT_WORDS.contains(&w);
    match words.as_slice() {
        [a, b] => (is_number(a) && is_comment_word(b)) || (is_comment_word(a) && is_number(b)),
        _ => false,
    }
}

/// Newsletter, app and follow-us prompts.
fn is_promo_line(simple: &str) -> bool {
    simple.split_whitespace().count() <= 14
        && PROMO_PREFIXES
            .iter()
            .any(|prefix| simple.starts_with(prefix))
}

/// Whether the line is the heading of a related-links box ("Related:", "Read more").
pub fn is_related_heading(line: &str) -> bool {
    let simple = simplify(line);
    RELATED_HEADINGS.contains(&simple.as_str())
        || RELATED_HEADINGS.iter().any(|heading| {
            simple
                .strip_prefix(heading)
                .and_then(|rest| {
                    RELATED_HEADING_QUALIFIERS
                        .iter()
                        .find_map(|qualifier| rest.strip_prefix(qualifier))
                })
                .is_some_and(|named| {
                    !named.trim().is_empty()
                        && !has_more_words_than(named, MAX_RELATED_QUALIFIER_WORDS)
                })
        })
}

/// The most words of what a related-links heading names after its qualifier ("Weitere
/// Beiträge aus *der Kolumne*").
const MAX_RELATED_QUALIFIER_WORDS: usize = 4;

/// If the line is a photo or image credit ("[Photo: Agency / Name]", "Image credit: X"),
/// returns the credit without brackets; otherwise `None`.
pub fn credit_line(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let inner = strip_brackets(trimmed).trim();
    if inner.is_empty() || has_more_words_than(inner, MAX_CREDIT_WORDS) {
        return None;
    }
    let lower = inner.to_lowercase();
    let label = CREDIT_LABELS.iter().find(|label| {
        lower.strip_prefix(*label).is_some_and(|rest| {
            // French sets a space before the colon ("Crédits photos : …").
            rest.trim_start().starts_with(':') || (label.ends_with(" by") && rest.starts_with(' '))
        })
    })?;
    let value = inner[label.len()..]
        .trim_start()
        .trim_start_matches(':')
        .trim();
    if value.is_empty() {
        return None;
    }
    Some(inner.to_string())
}

/// Where a copyright credit set after a caption starts ("The pier at dusk. | © Agency /
/// Jo Kim"): the byte offset of its bar, and the credit from its "©" on. `None` when the text
/// has no such tail, or is nothing but the credit (a credit line is [`credit_line`]'s).
pub fn trailing_copyright_credit(text: &str) -> Option<(usize, &str)> {
    let bar = text.rfind('|')?;
    let credit = text[bar + 1..].trim();
    let holder = credit.strip_prefix('©')?.trim();
    let has_caption = !text[..bar].trim().is_empty();
    (has_caption && !holder.is_empty() && !has_more_words_than(holder, MAX_CREDIT_WORDS))
        .then_some((bar, credit))
}

/// `[x]` or `(x)` → `x`; anything else unchanged.
fn strip_brackets(text: &str) -> &str {
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            return inner;
        }
    }
    text
}

/// Tokens of a class or id value that can carry meaning: a token of many words joined by
/// hyphens is a slug made from a heading ("sharing-with-a-single-developer"), not a name.
fn meaningful_tokens(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| c.is_whitespace())
        .filter(|token| !token.is_empty() && token.split(['-', '_']).count() <= MAX_NAME_PARTS)
}

/// The most hyphen- or underscore-separated parts a meaningful class or id token has.
const MAX_NAME_PARTS: usize = 4;

/// Whether an element is a list of references or one of its entries, by its class or id
/// ([`REFERENCE_LIST_NAME_PARTS`]: `ol.references`, `div.article__references`,
/// `li.c-article-references__item`).
pub fn is_reference_list(element: &scraper::ElementRef) -> bool {
    let value = element.value();
    [value.attr("class"), value.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(meaningful_tokens)
        .any(|token| {
            token.split(['-', '_']).any(|part| {
                REFERENCE_LIST_NAME_PARTS
                    .iter()
                    .any(|word| part.eq_ignore_ascii_case(word))
            })
        })
}

/// Whether a class or id attribute value marks page furniture.
pub fn is_negative_class(value: &str) -> bool {
    if POSITIVE.found_in(value) {
        return false;
    }
    let negative = meaningful_tokens(value).any(|token| {
        NEGATIVE.found_in(token)
            || NEGATIVE_TOKENS
                .iter()
                .any(|t| token.eq_ignore_ascii_case(t))
            || token.split(['-', '_']).any(|part| {
                NEGATIVE_NAME_PARTS
                    .iter()
                    .any(|word| part.eq_ignore_ascii_case(word))
            })
    });
    negative
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulleted_print_and_kindle_widgets_are_widgets() {
        assert!(is_widget_line("  • Print Friendly, PDF & Email"));
        assert!(is_widget_line("• Send to Kindle"));
        assert!(is_widget_line("Share this:"));
        assert!(is_widget_line("Advertisement"));
    }

    #[test]
    fn links_back_to_the_list_or_the_top_are_widgets() {
        assert!(is_widget_line("zurück"));
        assert!(is_widget_line("Back to top"));
        assert!(!is_widget_line("Zurück in die Heimat"));
    }

    #[test]
    fn share_button_labels_are_widgets() {
        assert!(is_widget_line(
            "Click to share on Twitter (Opens in new window)"
        ));
        assert!(is_widget_line(
            "Click to email a link to a friend (Opens in new window)"
        ));
        assert!(is_widget_line("Share on Facebook"));
        assert!(is_widget_line("Post to Reddit"));
    }

    #[test]
    fn comment_counts_and_promos_are_widgets() {
        assert!(is_widget_line("14 Comments"));
        assert!(is_widget_line("Sign up for our daily newsletter"));
    }

    #[test]
    fn reference_lists_are_known_by_a_whole_part_of_their_name() {
        let page = scraper::Html::parse_fragment(
            r#"<ol class="c-article-references"></ol><div id="article__references"></div>
               <ul class="reflist"></ul><div class="user-preferences"></div>
               <div class="references-and-notes-of-a-long-slug"></div>"#,
        );
        let found: Vec<bool> = page
            .root_element()
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .map(|element| is_reference_list(&element))
            .collect();
        assert_eq!(found, [true, true, true, false, false]);
    }

    #[test]
    fn embedded_posts_are_known_by_their_embed_class() {
        assert!(is_embedded_post_class("twitter-tweet"));
        assert!(is_embedded_post_class("Instagram-Media extra"));
        assert!(!is_embedded_post_class("twitter-share-button"));
        assert!(!is_embedded_post_class("social-media-embed"));
    }

    #[test]
    fn links_to_the_neighbouring_posts_are_widgets() {
        assert!(is_widget_line("« Previous | Next »"));
        assert!(is_widget_line("Older posts Newer posts"));
        assert!(is_widget_line("« Vorige | Nächste » 08.04.2015 12:46"));
        assert!(is_widget_line("Next article"));
        assert!(is_widget_line("Next »"));
        assert!(!is_widget_line("Next"));
        assert!(!is_widget_line("Next, the council voted."));
        assert!(!is_widget_line("The next story"));
    }

    #[test]
    fn lines_marking_an_advertisement_break_are_widgets() {
        assert!(is_widget_line("Continue reading the main story"));
        assert!(is_widget_line("Story continues below advertisement"));
        assert!(is_widget_line("Article continues below this ad"));
        assert!(is_widget_line("SKIP ADVERTISEMENT"));
        assert!(is_widget_line("Story continues below"));
        // Sentences that happen to start the same way are text.
        assert!(!is_widget_line(
            "The story continues below the surface, where divers found the wreck in 1998."
        ));
        assert!(!is_widget_line("Story continues belowground"));
    }

    #[test]
    fn sentences_mentioning_sharing_are_not_widgets() {
        assert!(!is_widget_line(
            "She said she would share the findings with the committee next week."
        ));
        assert!(!is_widget_line("Printing presses ran all night."));
    }

    #[test]
    fn credit_lines_are_recognised_with_or_without_brackets() {
        assert_eq!(
            credit_line("[Photo: Example Wire / Jane Roe]").as_deref(),
            Some("Photo: Example Wire / Jane Roe")
        );
        assert_eq!(
            credit_line("(Image credit: Archive)").as_deref(),
            Some("Image credit: Archive")
        );
        assert_eq!(
            credit_line("Photo by Sam Lee").as_deref(),
            Some("Photo by Sam Lee")
        );
        assert_eq!(
            credit_line("Photograph by Sam Lee, Harbour Trust").as_deref(),
            Some("Photograph by Sam Lee, Harbour Trust")
        );
        assert_eq!(
            trailing_copyright_credit("The pier at dusk. | © Example Wire/Jo Kim"),
            Some((18, "© Example Wire/Jo Kim"))
        );
        assert_eq!(trailing_copyright_credit("| © Example Wire"), None);
        assert_eq!(trailing_copyright_credit("Tides | Storms"), None);
        assert_eq!(
            credit_line("Photographers gathered at dawn to watch."),
            None
        );
    }

    #[test]
    fn german_and_french_picture_credits_are_credit_lines() {
        assert!(credit_line("Beitragsbild: Mara Lind").is_some());
        assert!(credit_line("Bildnachweis: Stadtarchiv").is_some());
        assert!(credit_line("Photo d'illustration : Jo Kim / Agence").is_some());
        assert!(credit_line("Titelbilder zeigen die Stadt im Winter.").is_none());
    }

    #[test]
    fn related_headings_are_recognised() {
        assert!(is_related_heading("Related:"));
        assert!(is_related_heading("READ MORE"));
        assert!(!is_related_heading("Related questions remain open"));
        assert!(is_related_heading("Weitere Beiträge aus der Kolumne:"));
        assert!(is_related_heading("Más noticias de Colombia"));
        assert!(!is_related_heading("Read more about ad blocking here."));
        assert!(!is_related_heading(
            "Weitere Artikel aus der Kolumne sind im Archiv des Verlags zu finden"
        ));
    }

    #[test]
    fn heading_slugs_in_ids_are_not_class_names() {
        assert!(!is_negative_class("sharing-with-a-single-developer"));
        assert!(is_negative_class("share-tools"));
    }

    #[test]
    fn class_tokens_mark_furniture_but_not_article_body() {
        assert!(is_negative_class("entry-share sharedaddy"));
        assert!(is_negative_class("ad"));
        assert!(is_negative_class("top-ad-slot"));
        assert!(!is_negative_class("header-title"));
        assert!(!is_negative_class("article-body comments-enabled"));
    }

    #[test]
    fn boxes_about_the_author_are_furniture() {
        assert!(is_negative_class("ArticlePage-authorInfo-bio"));
        assert!(is_negative_class("author-description"));
        assert!(is_negative_class("authorbox"));
        assert!(!is_negative_class("author"));
    }

    #[test]
    fn disclosures_of_how_the_site_earns_are_furniture() {
        assert!(is_negative_class("aawp-disclaimer"));
        assert!(is_negative_class("product-disclosure"));
        assert!(is_negative_class("affiliate-text"));
    }

    #[test]
    fn a_box_named_aside_is_furniture_like_the_element() {
        assert!(is_negative_class("aside"));
        assert!(!is_negative_class("asides-archive"));
    }
}

/// A list of class/id fragments, found in a text in one pass (Aho-Corasick, ASCII case
/// ignored) instead of one substring search per fragment.
struct Fragments {
    list: &'static [&'static str],
    matcher: OnceLock<AhoCorasick>,
}

impl Fragments {
    const fn new(list: &'static [&'static str]) -> Self {
        Fragments {
            list,
            matcher: OnceLock::new(),
        }
    }

    /// Whether any fragment occurs in `text`.
    fn found_in(&self, text: &str) -> bool {
        self.matcher
            .get_or_init(|| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    // Quick to build: a run converts one page, and the tokens are short.
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(self.list)
                    .unwrap_or_else(|_| unreachable!("a short list of fragments always builds"))
            })
            .is_match(text)
    }
}

static UNLIKELY: Fragments = Fragments::new(UNLIKELY_FRAGMENTS);
static MAYBE_CANDIDATE: Fragments = Fragments::new(MAYBE_CANDIDATE_FRAGMENTS);
static SCORE_NEGATIVE: Fragments = Fragments::new(SCORE_NEGATIVE_FRAGMENTS);
static SCORE_POSITIVE: Fragments = Fragments::new(SCORE_POSITIVE_FRAGMENTS);
static POSITIVE: Fragments = Fragments::new(POSITIVE_FRAGMENTS);
static NEGATIVE: Fragments = Fragments::new(NEGATIVE_FRAGMENTS);
static HEADING_CLASS: Fragments = Fragments::new(HEADING_CLASS_FRAGMENTS);

/// The meaningful tokens of the element's class and id (see [`meaningful_tokens`]), as
/// written.
fn hint_tokens<'e>(element: &scraper::ElementRef<'e>) -> impl Iterator<Item = &'e str> {
    let value = element.value();
    [value.attr("class"), value.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(meaningful_tokens)
}

/// +25 for a class or id that suggests article text, −25 for one that suggests furniture
/// (both can apply and cancel out).
pub fn class_weight(element: &scraper::ElementRef) -> f64 {
    let mut weight = 0.0;
    if hint_tokens(element)
        .any(|token| SCORE_NEGATIVE.found_in(token) || token.eq_ignore_ascii_case(HIDDEN_TOKEN))
    {
        weight -= 25.0;
    }
    if hint_tokens(element).any(|token| SCORE_POSITIVE.found_in(token)) {
        weight += 25.0;
    }
    weight
}

/// Whether the only furniture mark among an element's class and id is a media one
/// (`el__leafmedia`, `media-block`): a mark that says nothing of an element with no picture
/// or video in it, such as a story's first paragraph in a media-ready wrapper.
pub fn is_marked_only_as_media(element: &scraper::ElementRef) -> bool {
    let mut media = false;
    for token in hint_tokens(element) {
        let lower = token.to_ascii_lowercase();
        if lower == HIDDEN_TOKEN {
            return false;
        }
        for fragment in SCORE_NEGATIVE_FRAGMENTS {
            if lower.contains(fragment) {
                if *fragment != MEDIA_FRAGMENT {
                    return false;
                }
                media = true;
            }
        }
    }
    media
}

/// Whether an element is, by its class, id or role, unlikely to hold the article.
pub fn is_unlikely_candidate(element: &scraper::ElementRef) -> bool {
    let name = element.value().name();
    if matches!(name, "body" | "a" | "html") {
        return false;
    }
    if element
        .value()
        .attr("role")
        .is_some_and(|role| NEVER_CONTENT_ROLES.contains(&role) || UNLIKELY_ROLES.contains(&role))
    {
        return true;
    }
    hint_tokens(element).any(|token| UNLIKELY.found_in(token))
        && !hint_tokens(element).any(|token| MAYBE_CANDIDATE.found_in(token))
        && !element
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "table" | "code"))
}

/// The longest teaser, dateline or notice line, in words.
const MAX_NOTICE_WORDS: usize = 25;

/// Whether a paragraph is page furniture by its wording: a teaser for another article, a
/// dateline, a copyright notice, an appeal to the reader.
pub fn is_boilerplate_paragraph(text: &str) -> bool {
    boilerplate_rule(text).is_some()
}

/// Which kind of furniture a paragraph is by its wording ([`is_boilerplate_paragraph`]), by
/// the name the removal log gives its rule: `reader-appeal`, `rights-notice`, `disclaimer`,
/// `citation`, `disclosure`, `teaser`, `staff-credit`, `coverage-promotion`, `dateline`,
/// `copyright` or
/// `shortcode`.
pub fn boilerplate_rule(text: &str) -> Option<&'static str> {
    let trimmed = text.trim();
    let words = trimmed
        .split_whitespace()
        .take(MAX_APPEAL_WORDS + 1)
        .count();
    if words == 0 || words > MAX_APPEAL_WORDS {
        return None;
    }
    let simple = trimmed.to_lowercase();
    if is_reader_appeal(&simple) {
        return Some("reader-appeal");
    }
    if is_rights_notice(&simple) {
        return Some("rights-notice");
    }
    if is_opinion_disclaimer(&simple) {
        return Some("disclaimer");
    }
    if is_citation_line(&simple) {
        return Some("citation");
    }
    if is_disclosure(&simple) {
        return Some("disclosure");
    }
    if words > MAX_NOTICE_WORDS {
        return None;
    }
    // A teaser may sit in brackets: "(Read also: …)".
    let opened = simple.trim_start_matches(['(', '[']);
    Some(if TEASER_PREFIXES.iter().any(|p| opened.starts_with(p)) {
        "teaser"
    } else if is_staff_credit(trimmed) {
        "staff-credit"
    } else if is_coverage_promotion(&simple) {
        "coverage-promotion"
    } else if is_dateline(&simple) {
        "dateline"
    } else if is_copyright_notice(&simple) {
        "copyright"
    } else if is_shortcode(&simple) {
        "shortcode"
    } else {
        return None;
    })
}

/// A content-management shortcode the site failed to expand (`[button link="…"]Send us your
/// review[/button]`, `[gallery ids="1,2"]`): markup, not text. A bracketed note or reference
/// (`[Editor's note: …]`, `[1] …`) is not one: a shortcode's name is one lowercase word
/// followed by attributes or its own closing tag.
fn is_shortcode(simple: &str) -> bool {
    let Some(inner) = simple.strip_prefix('[') else {
        return false;
    };
    let name_end = inner
        .find(|c: char| !(c.is_ascii_lowercase() || c == '_' || c == '-'))
        .unwrap_or(inner.len());
    let (name, rest) = inner.split_at(name_end);
    if name.is_empty() {
        return false;
    }
    let ends_with_closing_tag = simple
        .strip_suffix(']')
        .and_then(|text| text.strip_suffix(name))
        .is_some_and(|text| text.ends_with("[/"));
    let has_attributes = rest.starts_with(' ')
        && rest
            .split(']')
            .next()
            .is_some_and(|attributes| attributes.contains('='));
    (has_attributes && simple.ends_with(']')) || (rest.starts_with(']') && ends_with_closing_tag)
}

/// The longest appeal, in words.
const MAX_APPEAL_WORDS: usize = 60;

/// "If you enjoyed this article, … join us", "Have a tip? Write to …", "Follow us on Twitter".
/// The appeal may also be the last line of the paragraph, under the site's pitch: "We have
/// reported for a century. … ⏎ Become a member and enjoy exclusive benefits".
fn is_reader_appeal(simple: &str) -> bool {
    let last_line = simple.rsplit('\n').next().unwrap_or(simple).trim_start();
    APPEAL_PREFIXES
        .iter()
        .any(|p| simple.starts_with(p) || last_line.starts_with(p))
        || FOLLOW_APPEAL_PHRASES
            .iter()
            .any(|phrase| simple.contains(phrase))
        || is_follow_appeal(simple)
}

/// The most words of the name an appeal to follow names ("the daily example").
const MAX_FOLLOWED_NAME_WORDS: usize = 4;

/// "Follow The Gleaner on Twitter and Instagram …": the paragraph opens by asking to follow
/// a name of a few words on a network ([`SHARE_NETWORKS`], [`SHARE_TARGETS`]). "Follow these
/// six tips on …" names no network.
fn is_follow_appeal(simple: &str) -> bool {
    let Some(rest) = FOLLOW_APPEAL_OPENINGS
        .iter()
        .find_map(|opening| simple.strip_prefix(opening))
    else {
        return false;
    };
    FOLLOW_APPEAL_JOINS.iter().any(|join| {
        rest.split_once(join).is_some_and(|(name, after)| {
            let network = after
                .split(|c: char| !(c.is_alphanumeric() || c == '+'))
                .next()
                .unwrap_or_default();
            !name.is_empty()
                && !has_more_words_than(name, MAX_FOLLOWED_NAME_WORDS)
                && (SHARE_NETWORKS.contains(&network) || SHARE_TARGETS.contains(&network))
        })
    })
}

/// "This post contains affiliate links", "Für Links auf dieser Seite erhält die Redaktion eine
/// Provision": the site's notice that it earns from its links or carries advertising, which
/// is about the page, not the story.
fn is_disclosure(simple: &str) -> bool {
    DISCLOSURE_PHRASES
        .iter()
        .any(|phrase| simple.contains(phrase))
        || (DISCLOSURE_EARNINGS
            .iter()
            .any(|earning| simple.contains(earning))
            && DISCLOSURE_LINK_WORDS
                .iter()
                .any(|word| simple.contains(word)))
}

/// "Reporting by Jo Kim in Lisbon; Editing by Al Ng": every part a credit label followed by
/// names (and the place after "in"), which a sentence of the story is not ("Reporting by
/// local papers helped …").
fn is_staff_credit(text: &str) -> bool {
    let parts: Vec<&str> = text
        .trim_end_matches('.')
        .split(';')
        .map(str::trim)
        .collect();
    parts.iter().all(|part| {
        let lower = part.to_ascii_lowercase();
        let Some(label) = STAFF_CREDIT_PREFIXES.iter().find(|p| lower.starts_with(*p)) else {
            return false;
        };
        let words: Vec<&str> = part
            .get(label.len()..)
            .unwrap_or_default()
            .split_whitespace()
            .map(|word| word.trim_end_matches(','))
            .filter(|word| !matches!(*word, "" | "and" | "in" | "&"))
            .collect();
        !words.is_empty() && are_name_words(&words)
    })
}

/// "Follow AP's full coverage of the election at https://…": a pointer to the site's other
/// stories on the subject.
fn is_coverage_promotion(simple: &str) -> bool {
    COVERAGE_OPENINGS
        .iter()
        .any(|opening| simple.starts_with(opening))
        && simple.contains(" coverage ")
}

/// "Citation: Tides at the harbour (2021, May 3) retrieved 4 May 2021 from https://…": how to
/// cite the page, which the site prints under it.
fn is_citation_line(simple: &str) -> bool {
    CITATION_OPENINGS
        .iter()
        .any(|opening| simple.starts_with(opening))
        && simple.contains(" retrieved ")
        && simple.contains("http")
}

/// "Updated 5:27 am CST, Wednesday, November 20, 2019": a label followed by nothing but the
/// parts of a date and time.
/// A name after the date ("Posted on May 3, 2015 by Admin") is part of the dateline.
fn is_dateline(simple: &str) -> bool {
    let Some(rest) = DATELINE_PREFIXES
        .iter()
        .filter_map(|p| simple.strip_prefix(p))
        .find(|rest| rest.starts_with([' ', ':']))
    else {
        return false;
    };
    let date = match rest.rsplit_once(" by ") {
        Some((date, name)) if !has_more_words_than(name, MAX_DATELINE_NAME_WORDS) => date,
        _ => rest,
    };
    is_date_text(date)
}

/// The most words of the name a dateline may end with.
const MAX_DATELINE_NAME_WORDS: usize = 4;

/// Whether lowercase `text` is only a date and time: a number, and at most one word that is
/// not part of a written date ("oktober").
fn is_date_text(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '-' | '|' | '/' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let has_number = words
        .iter()
        .any(|w| w.starts_with(|c: char| c.is_ascii_digit()));
    let other_words = words.iter().filter(|w| !is_date_word(w)).count();
    has_number && other_words <= 1
}

/// A word that can be part of a written date or time: a number, a month ("sept" starts like
/// "sep"), or one of the [`DATE_WORDS`] (days, times and time zones).
fn is_date_word(word: &str) -> bool {
    // Single letters are what is left of "a.m." and "p.m." once split on dots.
    word.starts_with(|c: char| c.is_ascii_digit())
        || word.len() == 1
        || (word.len() <= 9
            && (starts_like_a_month(word) || DATE_WORDS.iter().any(|d| word.starts_with(d))))
}

/// A notice of the rights to a text ("This document is subject to copyright. No part may be
/// reproduced without …"): up to an appeal's length, longer than a copyright line.
fn is_rights_notice(simple: &str) -> bool {
    RIGHTS_NOTICE_PHRASES
        .iter()
        .any(|phrase| simple.contains(phrase))
}

/// "The views expressed are the author's and do not necessarily reflect those of the
/// editors": the site's notice that a text's opinions are not its own, as long as an appeal.
fn is_opinion_disclaimer(simple: &str) -> bool {
    OPINION_DISCLAIMER_PHRASES
        .iter()
        .any(|phrase| simple.contains(phrase))
}

/// "© 2024 Example Media. All rights reserved.", "Alle Rechte vorbehalten."
fn is_copyright_notice(simple: &str) -> bool {
    simple.starts_with('©')
        || simple.starts_with("(c) ")
        || RIGHTS_RESERVED_PHRASES
            .iter()
            .any(|phrase| simple.contains(phrase))
        || simple.strip_prefix("copyright ").is_some_and(|rest| {
            rest.trim_start_matches(['©', '@', ' '])
                .trim_start_matches("(c)")
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '©')
        })
}

/// The most words of the name that opens an author's bio.
const MAX_BIO_NAME_WORDS: usize = 4;

/// An author's bio, as sites put it under an article: "Jane Roe is a reporter for The Daily
/// Example. She previously covered …". A name of capitalised words, "is" or "was", and a
/// first sentence that names a writer's role ([`WRITER_ROLES`]). The normalizers apply it to
/// the last paragraphs of an article only: in the middle of one, such a sentence is news.
pub fn is_author_bio(text: &str) -> bool {
    let text = text.trim();
    if has_more_words_than(text, MAX_APPEAL_WORDS) {
        return false;
    }
    let first_sentence = text.split(". ").next().unwrap_or(text);
    let Some((name, description)) = BIO_VERBS
        .iter()
        .filter_map(|verb| first_sentence.split_once(verb))
        .min_by_key(|(name, _)| name.len())
    else {
        return false;
    };
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let is_name = name_words.len() <= MAX_BIO_NAME_WORDS
        && name_words
            .first()
            .is_some_and(|first| first.starts_with(char::is_uppercase))
        && are_name_words(&name_words);
    is_name
        && description
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| {
                let word = word.to_lowercase();
                let singular = word.strip_suffix('s').unwrap_or(&word);
                WRITER_ROLES.contains(&singular)
            })
}

/// How many blocks at the end of an article are looked at for an author's bio.
pub const TRAILING_BIO_BLOCKS: usize = 2;

/// Removes authors' bios ([`is_author_bio`]) from the last [`TRAILING_BIO_BLOCKS`] paragraphs
/// of an article, noting them in `removals`.
pub fn drop_trailing_author_bios(
    blocks: &mut Vec<crate::document::Block>,
    removals: &mut Removals,
) {
    use crate::document::{inlines_text, Block};
    let tail = blocks.split_off(blocks.len().saturating_sub(TRAILING_BIO_BLOCKS));
    for block in tail {
        if matches!(&block, Block::Paragraph { content } if is_author_bio(&inlines_text(content))) {
            removals.note_block(&block, "author-bio");
        } else {
            blocks.push(block);
        }
    }
}

/// How many blocks at the end of an article are looked at for a contact box's label.
pub const TRAILING_CONTACT_BLOCKS: usize = 12;

/// The most words of a contact box, its label included: a name, a role, an address, a
/// telephone number and an e-mail address, for one or two people.
pub const MAX_CONTACT_BOX_WORDS: usize = 80;

/// Whether the line is the label of a contact box ([`CONTACT_LABELS`]): "Pressekontakt:".
pub fn is_contact_label(line: &str) -> bool {
    CONTACT_LABELS.contains(&simplify(line).as_str())
}

/// Whether `text` says how to reach someone: it has an e-mail address, or a telephone
/// label ("Tel.", "Telefon", "Phone") and a number.
fn names_a_way_to_reach(text: &str) -> bool {
    let has_email = text.split_whitespace().any(|word| {
        word.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    });
    let lower = text.to_lowercase();
    let has_phone = lower
        .split(|c: char| !c.is_alphabetic())
        .any(|word| matches!(word, "tel" | "telefon" | "telephone" | "phone" | "teléfono"))
        && text.chars().filter(char::is_ascii_digit).count() >= 6;
    has_email || has_phone
}

/// Removes the contact box that ends a press release or a notice: a label of
/// [`CONTACT_LABELS`] among the last [`TRAILING_CONTACT_BLOCKS`] blocks and everything after
/// it, when that is at most [`MAX_CONTACT_BOX_WORDS`] and says how to reach someone. Whom to
/// call about a story is no part of it; the same label over a longer text heads a part of the
/// article.
pub fn drop_trailing_contact_box(
    blocks: &mut Vec<crate::document::Block>,
    removals: &mut Removals,
) {
    use crate::document::{count_words, inlines_text, Block};
    let first = blocks.len().saturating_sub(TRAILING_CONTACT_BLOCKS);
    let Some(at) = (first..blocks.len()).find(|&at| match &blocks[at] {
        Block::Heading { content, .. } | Block::Paragraph { content } => {
            is_contact_label(&inlines_text(content))
        }
        _ => false,
    }) else {
        return;
    };
    let mut words = 0;
    let mut reachable = false;
    for block in &blocks[at..] {
        block.for_each_text(&mut |text| {
            words += count_words(text);
            reachable = reachable || names_a_way_to_reach(text);
        });
    }
    if words > MAX_CONTACT_BOX_WORDS || !reachable {
        return;
    }
    for block in blocks.drain(at..) {
        removals.note_block(&block, "contact-box");
    }
}

/// What an element of furniture marked by its class or id is, by the name the removal log
/// gives it (see [`FURNITURE_KIND_FRAGMENTS`]): `share-widget`, `related-links`,
/// `newsletter`, …, else `furniture-class`.
pub fn furniture_kind(element: &scraper::ElementRef) -> &'static str {
    let tokens: Vec<String> = hint_tokens(element).map(str::to_ascii_lowercase).collect();
    FURNITURE_KIND_FRAGMENTS
        .iter()
        .find(|(fragment, _)| tokens.iter().any(|token| token.contains(fragment)))
        .map(|(_, kind)| *kind)
        .or_else(|| {
            tokens
                .iter()
                .flat_map(|token| token.split(['-', '_']))
                .any(|part| ADVERTISEMENT_TOKENS.contains(&part))
                .then_some("advertisement")
        })
        .unwrap_or("furniture-class")
}

#[cfg(test)]
mod notice_tests {
    use super::*;

    #[test]
    fn teasers_datelines_and_copyright_are_boilerplate() {
        assert!(is_boilerplate_paragraph(
            "READ MORE: Council approves the new budget"
        ));
        assert!(is_boilerplate_paragraph(
            "Related: Ten plants that feed pollinators"
        ));
        assert!(is_boilerplate_paragraph(
            "Weitere Infos unter www.example.de."
        ));
        assert!(is_boilerplate_paragraph(
            "Hier geht es zum Programm des Festivals"
        ));
        assert!(is_boilerplate_paragraph(
            "Updated 5:27 am CST, Wednesday, November 20, 2019"
        ));
        assert!(is_boilerplate_paragraph(
            "Published November 20th, 2019 - 07:29 GMT"
        ));
        assert!(is_boilerplate_paragraph(
            "© 2024 Example Media. All rights reserved."
        ));
        assert!(is_boilerplate_paragraph(
            "Materiał chroniony prawem autorskim - wszelkie prawa zastrzeżone. Dalsze \
             rozpowszechnianie za zgodą wydawcy."
        ));
    }

    #[test]
    fn article_sentences_are_not_boilerplate() {
        assert!(!is_boilerplate_paragraph(
            "Updated figures show the river rose two metres."
        ));
        assert!(!is_boilerplate_paragraph(
            "More than forty ships passed the point last year."
        ));
        assert!(!is_boilerplate_paragraph(
            "Published in 1924, the novel sold poorly at first."
        ));
        assert!(!is_boilerplate_paragraph(
            "Copyright law protects the harbour's old maps."
        ));
        assert!(!is_boilerplate_paragraph(
            "Weitere Informationen lagen am Abend nicht vor."
        ));
    }

    #[test]
    fn a_short_contact_box_ends_the_article_but_a_long_part_under_the_same_label_stays() {
        use crate::document::{Block, Inline};
        let heading = |text: &str| Block::Heading {
            level: 2,
            content: vec![Inline::text(text)],
        };
        let story = Block::paragraph("The harbour reopened on Monday after the storm.");
        let mut blocks = vec![
            story.clone(),
            heading("Pressekontakt:"),
            Block::paragraph("Ines Berg, Hafenamt"),
            Block::paragraph("Tel. 040 123 456 78, E-Mail: presse@hafen.example"),
        ];
        drop_trailing_contact_box(&mut blocks, &mut Removals::default());
        assert_eq!(blocks, vec![story.clone()]);

        let long_part = "Write to the harbour office, whose clerks answer every letter. ".repeat(9);
        let mut blocks = vec![
            story.clone(),
            heading("Contact"),
            Block::paragraph(long_part + "info@hafen.example"),
        ];
        drop_trailing_contact_box(&mut blocks, &mut Removals::default());
        assert_eq!(blocks.len(), 3);

        // A label with no way to reach anyone after it is a heading of the story.
        let mut blocks = vec![
            story,
            heading("Kontakt"),
            Block::paragraph("Zum ersten Mal seit Jahren sprachen die beiden wieder."),
        ];
        drop_trailing_contact_box(&mut blocks, &mut Removals::default());
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn a_pitch_that_ends_in_an_appeal_and_calls_to_log_in_or_join_are_boilerplate() {
        assert!(is_boilerplate_paragraph(
            "We have reported from the valley for a century.\n\nBECOME A MEMBER AND ENJOY \
             EXCLUSIVE BENEFITS"
        ));
        assert!(is_boilerplate_paragraph(
            "Du musst eingeloggt sein, um Kommentare zu schreiben!"
        ));
        assert!(is_boilerplate_paragraph(
            "For the latest stories download the Harbour Times app."
        ));
        // The words of an appeal inside a sentence of the story.
        assert!(!is_boilerplate_paragraph(
            "The club asked every rower to become a member of the harbour trust."
        ));
    }

    #[test]
    fn notices_that_the_page_earns_from_its_links_or_advertises_are_boilerplate() {
        assert!(is_boilerplate_paragraph(
            "*Anzeige. Dieser Beitrag enthält Werbung für Seemann & Co."
        ));
        assert!(is_boilerplate_paragraph(
            "Für Links auf dieser Seite erhält die Redaktion ggf. eine Provision vom Händler. \
             Mehr Infos."
        ));
        assert!(is_boilerplate_paragraph(
            "NOTE: The advertising disclaimer below does not apply to this article."
        ));
        assert!(is_boilerplate_paragraph(
            "This post may contain affiliate links to the shops we mention."
        ));
        // A commission, or links, in a sentence of the story.
        assert!(!is_boilerplate_paragraph(
            "The harbour board set up a commission to look into the storm damage."
        ));
        assert!(!is_boilerplate_paragraph(
            "Der Makler erhält eine Provision von drei Prozent des Kaufpreises."
        ));
    }

    #[test]
    fn staff_credits_coverage_pointers_citations_and_follow_appeals_are_boilerplate() {
        assert!(is_boilerplate_paragraph(
            "Reporting by Jo Kim in Lisbon; Editing by Al Ng"
        ));
        assert!(is_boilerplate_paragraph(
            "Additional reporting by Mara Lind"
        ));
        assert!(is_boilerplate_paragraph(
            "Follow the Example Press's full coverage of the floods at https://example.org/floods"
        ));
        assert!(is_boilerplate_paragraph(
            "Citation: Tides at the old harbour (2021, May 3) retrieved 4 May 2021 from \
             https://example.org/tides"
        ));
        assert!(is_boilerplate_paragraph(
            "Jo Kim's book about lighthouses, \"Keepers\", is out now. Follow her on Twitter \
             @jokim. Follow us on Twitter @examplepress or on Facebook."
        ));
        assert!(is_boilerplate_paragraph(
            "Related coverage from the Harbour Desk: Tides:"
        ));
        assert!(is_boilerplate_paragraph(
            "Follow The Harbour Times on Twitter and Instagram @harbourtimes. Send us a \
             message at news@example.org."
        ));
        assert!(is_boilerplate_paragraph(
            "Folgen Sie der Redaktion auf Instagram."
        ));
        assert!(!is_boilerplate_paragraph(
            "Follow the coastline on foot for two hours to reach the lighthouse."
        ));
        assert!(is_boilerplate_paragraph(
            "Dieser Gastbeitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die \
             der Redaktion."
        ));
        assert!(!is_boilerplate_paragraph(
            "The mayor said the vote did not reflect the views of most residents."
        ));
        // The same words inside a sentence of the story.
        assert!(!is_boilerplate_paragraph(
            "Reporting by local papers helped the council find the leak."
        ));
        assert!(!is_boilerplate_paragraph(
            "Follow-up coverage showed the wall held through the winter."
        ));
    }

    #[test]
    fn a_byline_may_run_into_its_date_and_a_line_of_dates_is_a_dateline() {
        assert!(is_byline_line("By Jo Kim March 25, 2015"));
        assert!(is_byline_line("By Jo Kim 25 March 2015"));
        assert!(is_byline_line("Von:\n\nInes Berg"));
        assert!(!is_byline_line("By March the harbour had reopened"));
        assert!(is_date_line(
            "Dec. 6, 2024, 10:00 PM UTC / Updated Dec. 7, 2024, 12:43 PM UTC"
        ));
        assert!(is_date_line("March 25, 2015"));
        assert!(!is_date_line("In 2015 the harbour reopened."));
        assert!(!is_date_line("12 boats / 40 crew"));
    }

    #[test]
    fn a_date_with_its_category_author_or_comment_count_between_bars_is_a_dateline() {
        assert!(is_date_line("2021-10-16 | Nachrichten"));
        assert!(is_date_line("12. März 2004, 19:49 | Ines"));
        assert!(is_date_line(
            "Freitag | 14. Juni 2019 | 15:49 VON Ines Berg IN Reisen | 0 COMMENTS"
        ));
        // A sentence beside a date, or a date far into a row of fields, is not one.
        assert!(!is_date_line(
            "March 2015 | The harbour reopened after the storm."
        ));
        assert!(!is_date_line("Boats | Crews | Season 2015"));
        assert!(!is_date_line("Chapter 3 | The long winter"));
    }

    #[test]
    fn notices_of_the_rights_to_the_text_are_boilerplate() {
        assert!(is_boilerplate_paragraph(
            "Cite this page: Tides at the old harbour (2021, May 3) retrieved 4 May 2021 from \
             https://example.org/tides. This document is subject to copyright. No part may be \
             reproduced without the written permission of the harbour office."
        ));
        assert!(is_boilerplate_paragraph(
            "Copyright 2021 The Example Press. This material may not be published, broadcast, \
             rewritten or redistributed."
        ));
        assert!(!is_boilerplate_paragraph(
            "The court found the maps were subject to copyright, and the museum took them down \
             the same week."
        ));
    }

    #[test]
    fn a_dateline_may_end_with_its_author_and_a_copyright_with_its_year() {
        assert!(is_boilerplate_paragraph("Posted on May 3, 2015 by Admin"));
        assert!(is_boilerplate_paragraph(
            "Posted on Tuesday 15 October 2019 at 09:11 by Jo M. Kim."
        ));
        assert!(is_boilerplate_paragraph("Copyright @ 2019 Harbour News."));
        assert!(is_boilerplate_paragraph("Copyright 2021 Harbour News"));
    }

    #[test]
    fn appeals_to_the_reader_are_boilerplate() {
        assert!(is_boilerplate_paragraph(
            "If you enjoyed this article, we have a proposition for you: become a member. \
             Members read everything, with no paywall and no advertisements, and they keep \
             our reporting going."
        ));
        assert!(is_boilerplate_paragraph(
            "Have a tip? Jo Kim may be reached at jo@example.org. Follow her on Twitter @jokim."
        ));
        assert!(is_boilerplate_paragraph("Tell us what YOU think..."));
        assert!(is_boilerplate_paragraph(
            "Join the conversation: our forums are open to every reader."
        ));
        assert!(!is_boilerplate_paragraph(
            "If you enjoyed the first storm of the winter, the second will test you more."
        ));
    }

    #[test]
    fn an_authors_bio_names_the_author_and_a_writers_role() {
        assert!(is_author_bio(
            "Jo Kim is a Lisbon-based correspondent for The Example. She previously covered \
             elections in Brazil."
        ));
        assert!(is_author_bio(
            "Ana de Souza is the Europe editor of Example News."
        ));
        assert!(is_author_bio(
            "Sam Lee was a staff writer at the Example Daily until 2019."
        ));
        assert!(!is_author_bio(
            "The mayor is a former reporter who says the paper treated her fairly."
        ));
        assert!(!is_author_bio(
            "Ascom is a provider of mission-critical workflow solutions for hospitals."
        ));
        assert!(!is_author_bio("Jo Kim is a nurse at the harbour clinic."));
    }

    #[test]
    fn shortcodes_left_in_the_text_are_boilerplate() {
        assert!(is_boilerplate_paragraph(
            "[button link=\"https://example.org/review\" type=\"big\"] Send us a review[/button]"
        ));
        assert!(is_boilerplate_paragraph("[gallery ids=\"12,13,14\"]"));
        assert!(is_boilerplate_paragraph(
            "[embed]https://example.org/v/1[/embed]"
        ));
        assert!(!is_boilerplate_paragraph(
            "[Editor's note: this article was updated on May 2 to correct a date.]"
        ));
        assert!(!is_boilerplate_paragraph(
            "[1] Smith J. Harbours. 2015; 28: 685-690."
        ));
    }

    #[test]
    fn reading_times_and_script_notices_are_widgets() {
        for line in [
            "5 min read",
            "4-minute read",
            "Reading time: 4 minutes",
            "Tempo de leitura: 1 minuto",
            "Lesezeit: 3 Min.",
            "This slideshow requires JavaScript.",
            "Buy Photo",
            "Get the latest updates right in your inbox.",
        ] {
            assert!(is_widget_line(line), "{line}");
        }
        assert!(!is_widget_line("It took 5 min to read the whole report."));
        assert!(!is_widget_line(
            "Reading time for pupils went up by a third."
        ));
    }

    #[test]
    fn tag_and_category_lines_are_the_sites_filing() {
        assert!(is_taxonomy_line("Filed under: Weather |"));
        assert!(is_taxonomy_line("Tags: harbour, storms, sea wall"));
        assert!(is_taxonomy_line("• Categories: News"));
        assert!(!is_taxonomy_line(
            "Tagged birds fly further than we thought."
        ));
        let long = format!("Tags: {}", "word, ".repeat(25));
        assert!(!is_taxonomy_line(&long));
    }

    #[test]
    fn a_paragraph_of_names_after_by_is_a_byline() {
        for line in [
            "By Jane Roe",
            "By JANE ROE and SAM LEE",
            "By Ana de la Cruz",
            "By Jane Roe - 2019-04-10",
            "By admin - 2018-09-16",
            "By Jane Roe on Monday, November 18th, 2019 at 11:04 a.m.",
            "Written by Sam Lee",
        ] {
            assert!(is_byline_line(line), "{line}");
        }
        for line in [
            "By then the vote was over.",
            "By 2030 the port will take ships twice the size.",
            "By the harbour, the old wall still stands.",
            "By Monday - the storm - the wall had gone.",
            "Bylines matter.",
        ] {
            assert!(!is_byline_line(line), "{line}");
        }
    }
}

/// Whether a class attribute value marks a social network's embedded post (see
/// [`EMBEDDED_POST_CLASSES`]): quoted content, even inside a container named "social".
pub fn is_embedded_post_class(value: &str) -> bool {
    value.split_whitespace().any(|token| {
        EMBEDDED_POST_CLASSES
            .iter()
            .any(|class| token.eq_ignore_ascii_case(class))
    })
}

/// The most words of a heading set as a plain `<div>` or `<p>`: a longer one is a paragraph,
/// such as the summary under a title that some sites class as its "subheading".
pub const MAX_CLASSED_HEADING_WORDS: usize = 12;

/// Whether a class attribute value marks a section heading.
pub fn is_heading_class(value: &str) -> bool {
    HEADING_CLASS.found_in(value)
}

/// Whether a class or id attribute value marks an image caption or credit.
pub fn is_caption_class(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    CAPTION_FRAGMENTS.iter().any(|f| lower.contains(f))
}

/// Whether a class attribute value marks a permalink mark (see [`PERMALINK_CLASSES`]).
pub fn is_permalink_class(value: &str) -> bool {
    value.split_whitespace().any(|token| {
        PERMALINK_CLASSES
            .iter()
            .any(|class| token.eq_ignore_ascii_case(class))
    })
}

/// Characters that show nothing: zero-width spaces and joiners, the emoji variation
/// selectors, a byte-order mark. A permalink's text is read without them.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{fe0e}' | '\u{fe0f}' | '\u{feff}'
    )
}

/// What a link's text says about it being a permalink mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermalinkText {
    /// Nothing visible, or only a sign ([`PERMALINK_MARKS`]: "¶", "#", "🔗").
    Sign,
    /// A word of [`PERMALINK_WORDS`] ("permalink", "link").
    Word,
}

/// Whether a link's whole text is that of a permalink mark, and which kind; `None` for any
/// other text.
pub fn permalink_text(text: &str) -> Option<PermalinkText> {
    let visible: String = text.chars().filter(|c| !is_invisible(*c)).collect();
    let visible = visible.trim();
    if visible.is_empty() || PERMALINK_MARKS.contains(&visible) {
        return Some(PermalinkText::Sign);
    }
    let words = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    PERMALINK_WORDS
        .contains(&words.to_lowercase().as_str())
        .then_some(PermalinkText::Word)
}

/// Whether a class attribute value marks a quotation's attribution (see
/// [`ATTRIBUTION_FRAGMENTS`]).
pub fn is_attribution_class(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    ATTRIBUTION_FRAGMENTS.iter().any(|f| lower.contains(f))
}

/// Whether a class attribute value sets text in small capitals (see [`SMALL_CAPS_CLASSES`]).
pub fn is_small_caps_class(value: &str) -> bool {
    value.split_whitespace().any(|token| {
        SMALL_CAPS_CLASSES
            .iter()
            .any(|class| token.eq_ignore_ascii_case(class))
    })
}

/// The text of an attribution without the dash that opens it ("— Ada Lovelace" → "Ada
/// Lovelace"); `None` when it does not open with one of [`ATTRIBUTION_DASHES`] (followed by
/// a letter, a space or the end, so that "-5 °C" is no attribution).
pub fn after_attribution_dash(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let rest = text.strip_prefix(ATTRIBUTION_DASHES)?;
    let rest = rest.trim_start_matches(ATTRIBUTION_DASHES);
    rest.chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c.is_alphabetic())
        .then(|| rest.trim_start())
}

/// The most words of a quotation's last line that opens with a dash and is taken for its
/// attribution ("— Ada Lovelace, in her notes of 1843").
pub const MAX_ATTRIBUTION_WORDS: usize = 16;

/// The source a quotation's last line names ("— Ada Lovelace" → "Ada Lovelace"), given the
/// quotation's other lines (or paragraphs): a short line opening with a dash that does not
/// end like a sentence, in a quotation none of whose other lines opens with a dash (those are
/// the lines of a dialogue, as French, Spanish and Russian write it: "— Bonjour, dit-il.").
pub fn attribution_line<'a>(last: &'a str, others: &[&str]) -> Option<&'a str> {
    let name = after_attribution_dash(last)?;
    let dialogue = others
        .iter()
        .any(|line| after_attribution_dash(line).is_some());
    let sentence = name.trim_end().ends_with(['.', '!', '?', '…', ':', ';']);
    (!others.is_empty()
        && !dialogue
        && !sentence
        && !name.is_empty()
        && last.split_whitespace().count() <= MAX_ATTRIBUTION_WORDS)
        .then_some(name)
}

#[cfg(test)]
mod meaning_tests {
    use super::*;

    #[test]
    fn permalink_marks_are_signs_or_words_and_nothing_else() {
        assert_eq!(permalink_text("¶"), Some(PermalinkText::Sign));
        assert_eq!(permalink_text(" 🔗\u{fe0f} "), Some(PermalinkText::Sign));
        assert_eq!(permalink_text("\u{200b}"), Some(PermalinkText::Sign));
        assert_eq!(permalink_text("Permalink"), Some(PermalinkText::Word));
        assert_eq!(
            permalink_text("link to  this section"),
            Some(PermalinkText::Word)
        );
        assert_eq!(permalink_text("§ 230"), None);
        assert_eq!(permalink_text("[1]"), None);
        assert!(is_permalink_class("headerlink"));
        assert!(is_permalink_class("Anchor x"));
        assert!(!is_permalink_class("anchored-ad"));
    }

    #[test]
    fn attributions_lose_their_dash_but_numbers_keep_their_sign() {
        assert_eq!(
            after_attribution_dash("— Ada Lovelace"),
            Some("Ada Lovelace")
        );
        assert_eq!(after_attribution_dash("--Ada"), Some("Ada"));
        assert_eq!(after_attribution_dash("~ the editors"), Some("the editors"));
        assert_eq!(after_attribution_dash("-5 °C at night"), None);
        assert_eq!(after_attribution_dash("Ada"), None);
        assert!(is_attribution_class("blockquote-footer"));
        let said = ["We owe the lake a careful count."];
        assert_eq!(
            attribution_line("— Mara Olsen, 2024", &said),
            Some("Mara Olsen, 2024")
        );
        assert_eq!(attribution_line("— Mara Olsen", &[]), None);
        let dialogue = ["— Bonjour, dit-il."];
        assert_eq!(attribution_line("— Pierre", &dialogue), None);
        assert_eq!(attribution_line("— Au revoir.", &said), None);
        assert!(is_small_caps_class("SmallCaps"));
    }
}
