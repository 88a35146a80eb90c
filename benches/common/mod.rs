//! Generated benchmark inputs, shared by the criterion benches and by the `bench_input`
//! example that `bench/compare.sh` runs.
//!
//! The article is a plausible news page: a head with metadata, a navigation bar, a share bar,
//! a byline, paragraphs under a few headings, a list, a quotation, optional figures, a
//! "related stories" block and a footer. Its words come from a fixed vocabulary picked by a
//! small seeded generator, so the same arguments always give the same page and different
//! seeds give different (but equally long) pages.

#![allow(dead_code)] // Each bench uses only part of this module.

use std::fmt::Write as _;

/// Words the body text is made of (common English, so the language guess says "en").
const VOCABULARY: &[&str] = &[
    "the",
    "harbour",
    "board",
    "met",
    "again",
    "on",
    "Tuesday",
    "to",
    "talk",
    "about",
    "sea",
    "wall",
    "and",
    "storms",
    "that",
    "have",
    "been",
    "coming",
    "in",
    "from",
    "west",
    "since",
    "spring",
    "fishermen",
    "said",
    "their",
    "boats",
    "were",
    "safe",
    "but",
    "nets",
    "lost",
    "town",
    "council",
    "wants",
    "new",
    "plan",
    "before",
    "winter",
    "engineers",
    "measured",
    "tide",
    "clock",
    "tower",
    "every",
    "hour",
    "for",
    "three",
    "weeks",
    "found",
    "water",
    "rising",
    "faster",
    "than",
    "anyone",
    "expected",
    "mayor",
    "asked",
    "people",
    "of",
    "village",
    "come",
    "meeting",
    "next",
    "month",
    "where",
    "they",
    "will",
    "vote",
    "money",
    "school",
    "children",
    "drew",
    "maps",
    "coast",
    "old",
    "lighthouse",
    "keeper",
    "remembered",
    "great",
    "flood",
    "when",
    "road",
    "was",
    "closed",
    "a",
    "week",
    "bakery",
    "kept",
    "its",
    "ovens",
    "burning",
    "all",
    "night",
    "is",
    "it",
    "with",
    "by",
    "not",
    "or",
    "as",
    "at",
    "this",
    "be",
    "are",
    "was",
    "had",
    "has",
    "we",
    "you",
    "he",
    "she",
    "our",
    "could",
    "would",
    "should",
    "because",
    "while",
    "after",
    "during",
    "between",
    "against",
    "under",
    "quietly",
    "slowly",
    "carefully",
    "morning",
    "evening",
    "market",
    "square",
    "bridge",
    "river",
    "mouth",
    "sand",
    "stone",
    "rope",
    "salt",
    "wind",
    "rain",
    "weather",
    "report",
    "letter",
    "newspaper",
    "radio",
    "station",
    "ferry",
    "island",
    "harbourmaster",
    "crew",
];

/// A small deterministic pseudo-random generator (64-bit LCG); good enough to vary text.
pub struct Words {
    state: u64,
}

impl Words {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Words {
            state: seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407),
        }
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: usize) -> usize {
        self.state = self
            .state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.state >> 33) % bound as u64) as usize
    }

    /// One word of the vocabulary.
    pub fn word(&mut self) -> &'static str {
        VOCABULARY[self.below(VOCABULARY.len())]
    }

    /// A sentence of `count` words, capitalised and ending with a full stop.
    pub fn sentence(&mut self, count: usize) -> String {
        let mut out = String::new();
        for i in 0..count {
            let word = self.word();
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(word);
            }
        }
        out.push('.');
        out
    }
}

/// What the generated page holds.
#[derive(Debug, Clone)]
pub struct ArticleSpec {
    /// Words of body text (paragraphs, list items, quotes; headings and boilerplate not
    /// counted).
    pub words: usize,
    /// Seed of the text.
    pub seed: u64,
    /// Image addresses shown as figures, spread through the body.
    pub images: Vec<String>,
}

impl ArticleSpec {
    /// An article of `words` words with no figures.
    pub fn words(words: usize) -> Self {
        ArticleSpec {
            words,
            seed: 1,
            images: Vec::new(),
        }
    }
}

/// Writes the whole page, boilerplate included.
pub fn article_page(spec: &ArticleSpec) -> String {
    let mut rng = Words::new(spec.seed);
    let title = format!("The {} and the {}", rng.word(), rng.word()).replace("The the", "The");
    let title = format!("{title}: a story from the coast, number {}", spec.seed);
    let mut html = String::with_capacity(spec.words * 8 + 8_000);
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | The Coastal Gazette</title>
<meta name="description" content="{description}">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Coastal Gazette">
<meta name="author" content="Mara Lindqvist">
<meta property="article:published_time" content="2024-03-{day:02}T08:00:00Z">
<link rel="stylesheet" href="/static/site.css">
<script>window.analytics = {{ page: "article", id: {seed} }};</script>
</head>
<body class="article-page">
<header class="site-header">
  <a class="logo" href="/">The Coastal Gazette</a>
  <nav class="main-nav"><ul>
"#,
        description = rng.sentence(18),
        day = spec.seed % 28 + 1,
        seed = spec.seed,
    );
    for section in [
        "News", "Weather", "Harbour", "Sport", "Culture", "Opinion", "Puzzles",
    ] {
        let _ = writeln!(
            html,
            r#"    <li><a href="/{}/">{section}</a></li>"#,
            section.to_lowercase()
        );
    }
    html.push_str(
        r#"  </ul></nav>
  <form class="search" action="/search"><input name="q" placeholder="Search"><button>Go</button></form>
  <div class="subscribe-banner">Subscribe for full access. <a href="/subscribe">Start your trial</a></div>
</header>
<main>
<div class="share-bar top"><a href="/share/fb">Share on Facebook</a> <a href="/share/x">Share on X</a> <a href="/share/mail">Email</a> <a href="javascript:print()">Print</a></div>
<article class="story">
"#,
    );
    let _ = write!(
        html,
        r#"<h1 class="headline">{title}</h1>
<p class="byline">By <a rel="author" href="/people/mara">Mara Lindqvist</a>, <time datetime="2024-03-01">1 March 2024</time></p>
<div class="story-body">
"#
    );
    write_body(&mut html, &mut rng, spec);
    html.push_str(
        r#"</div>
<div class="share-bar bottom"><a href="/share/fb">Share</a> <a href="/share/x">Post</a> <a href="/comments">Comments (12)</a></div>
</article>
<aside class="related"><h2>Related stories</h2><ul>
"#,
    );
    for i in 0..6 {
        let _ = writeln!(
            html,
            r#"  <li><a href="/story/{}">{}</a></li>"#,
            spec.seed * 10 + i,
            rng.sentence(7)
        );
    }
    html.push_str(
        r#"</ul></aside>
<aside class="newsletter"><h3>Get the morning briefing</h3><form><input type="email" placeholder="you@example.org"><button>Sign up</button></form></aside>
</main>
<footer class="site-footer"><p>&copy; 2024 The Coastal Gazette. <a href="/privacy">Privacy</a> · <a href="/terms">Terms</a> · <a href="/contact">Contact</a></p></footer>
<script src="/static/app.js"></script>
</body>
</html>
"#,
    );
    html
}

/// Writes the article's body: paragraphs, with a heading every few paragraphs and a list and
/// a quotation in every section of six, and the figures spread evenly.
fn write_body(html: &mut String, rng: &mut Words, spec: &ArticleSpec) {
    let mut written = 0;
    let mut paragraph = 0;
    // Paragraphs average about 90 words; place figures at even fractions of the text.
    let paragraphs_expected = (spec.words / 90).max(1);
    let mut figures = spec.images.iter().enumerate().peekable();
    while written < spec.words {
        if paragraph > 0 && paragraph % 6 == 0 {
            let _ = writeln!(html, "<h2>{}</h2>", rng.sentence(5).trim_end_matches('.'));
        }
        if let Some((index, src)) = figures.peek() {
            let due = paragraphs_expected * (index + 1) / (spec.images.len() + 1);
            if paragraph >= due {
                let _ = writeln!(
                    html,
                    r#"<figure><img src="{src}" alt="{}" width="800" height="500"><figcaption>{}</figcaption></figure>"#,
                    rng.sentence(4).trim_end_matches('.'),
                    rng.sentence(9)
                );
                figures.next();
            }
        }
        let left = spec.words - written;
        match paragraph % 6 {
            2 if left > 40 => {
                html.push_str("<ul>\n");
                for _ in 0..4 {
                    let _ = writeln!(html, "  <li>{}</li>", rng.sentence(8));
                    written += 8;
                }
                html.push_str("</ul>\n");
            }
            4 if left > 40 => {
                let _ = writeln!(
                    html,
                    "<blockquote><p>{} {}</p></blockquote>",
                    rng.sentence(14),
                    rng.sentence(12)
                );
                written += 26;
            }
            _ => {}
        }
        html.push_str("<p>");
        let mut in_paragraph = 0;
        let target = (60 + rng.below(60)).min(spec.words.saturating_sub(written).max(1));
        while in_paragraph < target {
            let length = (8 + rng.below(14)).min(target - in_paragraph);
            if in_paragraph > 0 {
                html.push(' ');
            }
            let sentence = rng.sentence(length.max(1));
            // A link now and then, as articles have.
            if rng.below(5) == 0 {
                let _ = write!(
                    html,
                    r#"<a href="/story/{}">{sentence}</a>"#,
                    rng.below(9999)
                );
            } else {
                html.push_str(&sentence);
            }
            in_paragraph += length.max(1);
        }
        html.push_str("</p>\n");
        written += in_paragraph;
        paragraph += 1;
    }
    for (_, src) in figures {
        let _ = writeln!(
            html,
            r#"<figure><img src="{src}" alt="A picture"></figure>"#
        );
    }
}

/// The example article shipped with the project.
pub fn example_page() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tide-clock.html");
    std::fs::read_to_string(path).expect("examples/tide-clock.html is readable")
}

/// Counts the words of a text, as whitespace-separated runs.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}
