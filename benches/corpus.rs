//! Corpus speed: parse and extraction, in process, on every page of the real-page corpus.
//!
//! Run with `cargo bench --bench corpus`. The corpus lives outside the repository, at
//! `../shared/corpus` next to the checkout (or wherever `CLEANCOPY_CORPUS` points); without it
//! the bench says so and does nothing. Each page is read and decoded once by the library's own
//! source stage, untimed; then [`cleancopy::normalize::normalize`] (html5ever parse plus
//! extraction) runs `CLEANCOPY_CORPUS_ITERATIONS` times (default 7) and the page's time is the
//! median of those runs. The bench prints the median, p90 and maximum over pages, in
//! milliseconds per page, for each collection and for all of them together, and the slowest pages.
//!
//! The parse alone (`scraper::Html::parse_document`, the call extraction starts with) is
//! timed the same way, so that extraction's own share can be read off.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cleancopy::source::{self, FetchOptions, HttpFetcher, Input, SourceLimits, SourceText};

/// One page's timings: median of its runs.
struct PageTime {
    name: String,
    bytes: usize,
    parse: Duration,
    normalize: Duration,
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters collections by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let root = std::env::var_os("CLEANCOPY_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if !root.is_dir() {
        println!("corpus: {} not found; skipped", root.display());
        return;
    }
    let iterations: usize = std::env::var("CLEANCOPY_CORPUS_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7)
        .max(1);
    let collections = [
        ("scrapinghub", scrapinghub_pages(&root)),
        ("readability", readability_pages(&root)),
        ("trafilatura", trafilatura_pages(&root)),
    ];
    println!(
        "corpus: {} ({} runs a page, median per page)",
        root.display(),
        iterations
    );
    let mut all = Vec::new();
    for (name, paths) in collections {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let times: Vec<PageTime> = paths
            .iter()
            .filter_map(|path| time_page(path, iterations))
            .collect();
        report(name, &times);
        all.extend(times);
    }
    report("all", &all);
    all.sort_by_key(|t| std::cmp::Reverse(t.normalize));
    println!("\nslowest pages (parse + extract):");
    for t in all.iter().take(8) {
        println!(
            "  {:>8.2} ms  (parse {:>6.2} ms, {:>7} bytes)  {}",
            ms(t.normalize),
            ms(t.parse),
            t.bytes,
            t.name
        );
    }
}

/// `scrapinghub/html/*.html`, in name order.
fn scrapinghub_pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("scrapinghub/html"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "html"))
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

/// `readability/*/source.html`, in name order.
fn readability_pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("readability"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path().join("source.html"))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

/// `trafilatura/html/*`, in name order.
fn trafilatura_pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("trafilatura/html"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

/// Reads one page and times its parse and its normalization; `None` when it cannot be read.
fn time_page(path: &Path, iterations: usize) -> Option<PageTime> {
    let name = path
        .strip_prefix(path.ancestors().nth(2)?)
        .unwrap_or(path)
        .display()
        .to_string();
    let source = match read(path) {
        Ok(source) => source,
        Err(err) => {
            eprintln!("{name}: not read: {err}");
            return None;
        }
    };
    let parse = median_of(iterations, || {
        std::hint::black_box(scraper::Html::parse_document(&source.text));
    });
    let normalize = median_of(iterations, || {
        // Pages with no article are timed too: the work was done all the same.
        let _ = std::hint::black_box(cleancopy::normalize::normalize(&source));
    });
    Some(PageTime {
        name,
        bytes: source.text.len(),
        parse,
        normalize,
    })
}

/// Reads and decodes a page as the command line would.
fn read(path: &Path) -> Result<SourceText, cleancopy::Error> {
    let limits = SourceLimits::default();
    let fetcher = HttpFetcher::new(&FetchOptions::default(), limits)?;
    let input = Input::from_arg(&path.to_string_lossy());
    Ok(source::load_with(&input, None, limits, &fetcher)?.source)
}

/// The median time of `runs` calls of `f`, after one untimed warm-up call.
fn median_of(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Prints median, p90 and maximum of a collection's per-page times.
fn report(name: &str, times: &[PageTime]) {
    if times.is_empty() {
        println!("{name:>12}: no pages");
        return;
    }
    let stats = |pick: fn(&PageTime) -> Duration| {
        let mut v: Vec<Duration> = times.iter().map(pick).collect();
        v.sort();
        (percentile(&v, 50), percentile(&v, 90), v[v.len() - 1])
    };
    let (n50, n90, nmax) = stats(|t| t.normalize);
    let (p50, p90, pmax) = stats(|t| t.parse);
    println!(
        "{name:>12}: {:>3} pages  parse+extract median {:>6.2} ms  p90 {:>6.2} ms  max {:>6.2} ms   \
         (parse alone median {:>5.2} ms  p90 {:>5.2} ms  max {:>5.2} ms)",
        times.len(),
        ms(n50),
        ms(n90),
        ms(nmax),
        ms(p50),
        ms(p90),
        ms(pmax)
    );
}

/// The `p`th percentile of sorted values (nearest rank).
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
