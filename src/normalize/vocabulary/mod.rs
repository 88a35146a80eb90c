//! The boilerplate vocabulary: every word, phrase, mark, class/id fragment, element and role
//! list that the normalizers' rules read, as named data, each list written once.
//!
//! The rules themselves (the functions) live beside the phase that runs them; this module
//! holds only data and imports nothing, so every phase can read it.
//!
//! # Files
//!
//! - [`phrases`]: wordings of widgets, teasers, notices, appeals, credits and filing lines.
//! - [`bylines`]: byline openers, name joiners and particles, staff credits, writers' roles.
//! - [`dates`]: month names, date words, dateline and date labels.
//! - [`marks`]: bullets, edge punctuation, arrows, title separators.
//! - [`classes`]: class, id and attribute words that mark furniture, the article, captions,
//!   headings, quoted posts and bylines.
//! - [`elements`]: elements and ARIA roles by what extraction makes of them.
//! - [`pictures`]: where pages keep a picture's address, which pictures are read, and which
//!   alternative texts say nothing of their picture.
//!
//! # Phases
//!
//! Every list says, under **Read by**, which of these phases reads it:
//!
//! - the *nesting guard* (`nesting.rs`) trims a page's markup before html5ever parses it;
//! - the *metadata reader* ([`metadata`](super::metadata)) reads title, authors and dates
//!   from the page's tags, JSON-LD, `<title>` and byline elements;
//! - the *scorer* ([`extract`](super::extract)) gathers text statistics for every element
//!   and scores containers to choose the article's;
//! - the *walker* ([`html`](super::html)) converts the chosen containers into blocks,
//!   dropping furniture by tag, role, class and id, and by make-up (the *make-up check*
//!   [`is_suspicious_container`](super::extract::is_suspicious_container));
//! - the *block filter* ([`html`](super::html), after the walk) drops blocks by their
//!   wording, with the rules of [`boilerplate`](super::boilerplate);
//! - the *text normalizer* ([`text`](super::text)) applies the same wording rules to the
//!   lines of a plain-text scrape, and reads the lines above its first paragraph as title,
//!   byline and date;
//! - the *picture pass* (`figures.rs`, after either normalizer) keeps a picture's
//!   alternative text only when it describes the picture, leaves out pictures that are
//!   buttons, and keeps a caption from being printed twice.
//!
//! Words are lowercase (the rules lowercase the text they compare); class/id fragments and
//! tokens are compared ignoring ASCII case.
//!
//! # What is not here
//!
//! - Numeric limits (the most words of a widget label, the fewest characters of a scored
//!   paragraph) stay beside the rule they bound.
//! - The few fixed words a single rule is built around stay in it: the "(opens in new
//!   window)" of a share button, the "retrieved" of a citation, the "©" of a copyright
//!   line, the "min read" of a reading time.
//! - The element classes of HTML's own parsing rules (void elements, raw-text elements, …)
//!   stay in `nesting.rs`: they describe the parser, not pages.
//! - The metadata sources (`<meta>` names, JSON-LD types) stay in
//!   [`metadata`](super::metadata), in the order of trust in which it asks them.
//!
//! # How to add a rule
//!
//! - **A new word for an existing rule**: add it to its list here. Read the list's **Read
//!   by** first: a list read by two phases changes both (a byline opener is stripped from
//!   names by the metadata reader too). Add a case to the reading rule's tests that fails
//!   without the word.
//! - **A new rule**: write its function beside its phase's rules (wording rules in
//!   [`boilerplate`](super::boilerplate), element rules in [`extract`](super::extract) or
//!   [`html`](super::html)) and put its words here, in the file of their kind, as a named
//!   list whose doc comment says what it matches and, under **Read by**, which phase reads
//!   it through which function. Give the rule a test that fails when it is removed.
//! - **A word two rules need**: share the list (or split it into a common list and the
//!   additions of each rule, as [`bylines::BYLINE_OPENERS`] and
//!   [`bylines::BYLINE_LINE_OPENERS`] are) rather than writing it twice.
//! - Keep this module free of code and of imports from the rest of the crate.
//! - Check the effect on real pages with `scripts/score-corpus.sh`.

pub mod bylines;
pub mod classes;
pub mod dates;
pub mod elements;
pub mod marks;
pub mod phrases;
pub mod pictures;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_of_the_vocabulary_compile() {
        for css in [
            classes::FIGURE_CAPTION_SELECTOR,
            classes::CAPTION_AFTER_PICTURE_SELECTOR,
            elements::LAYOUT_TABLE_CONTENT_SELECTOR,
        ] {
            assert!(scraper::Selector::parse(css).is_ok(), "{css}");
        }
    }

    /// Whether one entry of `list` starts with another, so that the order of the list would
    /// decide which of the two a rule strips.
    fn one_starts_another(list: &[&str]) -> bool {
        list.iter().enumerate().any(|(i, a)| {
            list.iter()
                .enumerate()
                .any(|(j, b)| i != j && b.starts_with(a))
        })
    }

    #[test]
    fn byline_openers_can_be_read_in_any_order() {
        let line: Vec<&str> = [bylines::BYLINE_OPENERS, bylines::BYLINE_LINE_OPENERS].concat();
        let names: Vec<&str> = [bylines::BYLINE_OPENERS, bylines::NAME_INTRODUCERS].concat();
        assert!(!one_starts_another(&line));
        assert!(!one_starts_another(&names));
    }

    #[test]
    fn words_are_lowercase() {
        let lists = [
            phrases::WIDGET_PHRASES,
            phrases::SHARE_NETWORKS,
            phrases::SHARE_TARGETS,
            phrases::RELATED_HEADINGS,
            phrases::TEASER_PREFIXES,
            phrases::DISCLOSURE_PHRASES,
            phrases::DISCLOSURE_EARNINGS,
            phrases::DISCLOSURE_LINK_WORDS,
            phrases::CONTACT_LABELS,
            phrases::PERMALINK_WORDS,
            bylines::BYLINE_OPENERS,
            bylines::BYLINE_LINE_OPENERS,
            bylines::NAME_INTRODUCERS,
            bylines::WRITER_ROLES,
            &dates::MONTH_NAMES,
            dates::DATE_WORDS,
            dates::DATELINE_PREFIXES,
            dates::DATE_LABELS,
            pictures::WIDGET_PICTURE_LABELS,
            pictures::PICTURE_KIND_WORDS,
            pictures::CAMERA_FILE_PREFIXES,
        ];
        for word in lists.iter().flat_map(|list| list.iter()) {
            assert_eq!(*word, word.to_lowercase());
        }
    }
}
