//! Writes the generated inputs of `bench/compare.sh` and `bench/scaling.sh`: article pages
//! with boilerplate, the pictures they show, and batches of articles.
//!
//! ```text
//! cargo run --release --example bench_input -- page WORDS OUT.html [SEED] [IMAGE...]
//! cargo run --release --example bench_input -- images DIR      (DIR/photo-1.jpg, DIR/chart-2.png)
//! cargo run --release --example bench_input -- batch COUNT WORDS DIR   (DIR/article-0001.html …)
//! cargo run --release --example bench_input -- paragraph BYTES OUT.html  (one paragraph of BYTES)
//! ```
//!
//! The pages come from the same generator as the criterion benches (`benches/common`).

#[path = "../benches/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::ExitCode;

use common::{article_page, ArticleSpec, Words};
use image::{ImageFormat, Rgb, RgbImage};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("page") if args.len() >= 3 => page(&args[1..]),
        Some("images") if args.len() == 2 => images(Path::new(&args[1])),
        Some("batch") if args.len() == 4 => batch(&args[1], &args[2], Path::new(&args[3])),
        Some("paragraph") if args.len() == 3 => paragraph(&args[1], Path::new(&args[2])),
        _ => Err(
            "usage: bench_input page WORDS OUT.html [SEED] [IMAGE...] | images DIR | \
                  batch COUNT WORDS DIR | paragraph BYTES OUT.html"
                .to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_input: {message}");
            ExitCode::FAILURE
        }
    }
}

fn number(arg: &str) -> Result<usize, String> {
    arg.parse().map_err(|_| format!("not a number: {arg}"))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// `page WORDS OUT [SEED] [IMAGE...]`
fn page(args: &[String]) -> Result<(), String> {
    let spec = ArticleSpec {
        words: number(&args[0])?,
        seed: args.get(2).map(|s| number(s)).transpose()?.unwrap_or(1) as u64,
        images: args.iter().skip(3).cloned().collect(),
    };
    write(Path::new(&args[1]), article_page(&spec).as_bytes())
}

/// A photo-like JPEG (1200×800) and a flat-colour chart PNG (800×500).
fn images(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let photo = RgbImage::from_fn(1200, 800, |x, y| {
        // Smooth gradients with a little deterministic grain, like a sky over water.
        let grain = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 17) as u8;
        Rgb([
            (x / 6) as u8 / 2 + grain,
            (y / 4) as u8 / 2 + 60 + grain,
            200u8.saturating_sub((y / 5) as u8) / 2 + 90,
        ])
    });
    let chart = RgbImage::from_fn(800, 500, |x, y| {
        let bar = x / 100;
        let height = 80 + bar * 45;
        if x % 100 > 15 && 500 - y < height {
            Rgb([40, 90 + (bar * 20) as u8, 160])
        } else {
            Rgb([250, 250, 245])
        }
    });
    photo
        .save_with_format(dir.join("photo-1.jpg"), ImageFormat::Jpeg)
        .map_err(|e| e.to_string())?;
    chart
        .save_with_format(dir.join("chart-2.png"), ImageFormat::Png)
        .map_err(|e| e.to_string())
}

/// `batch COUNT WORDS DIR`: COUNT different articles of WORDS words, no pictures.
fn batch(count: &str, words: &str, dir: &Path) -> Result<(), String> {
    let (count, words) = (number(count)?, number(words)?);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for i in 1..=count {
        let spec = ArticleSpec {
            words,
            seed: i as u64,
            images: Vec::new(),
        };
        write(
            &dir.join(format!("article-{i:04}.html")),
            article_page(&spec).as_bytes(),
        )?;
    }
    Ok(())
}

/// `paragraph BYTES OUT`: a page whose article is one paragraph of about BYTES bytes of
/// sentences, with a link now and then, and nothing else.
fn paragraph(bytes: &str, out: &Path) -> Result<(), String> {
    let bytes = number(bytes)?;
    let mut rng = Words::new(1);
    let mut text = String::with_capacity(bytes + 200);
    while text.len() < bytes {
        if !text.is_empty() {
            text.push(' ');
        }
        let length = 8 + rng.below(14);
        let sentence = rng.sentence(length);
        if rng.below(5) == 0 {
            let target = rng.below(9999);
            text.push_str(&format!(r#"<a href="/story/{target}">{sentence}</a>"#));
        } else {
            text.push_str(&sentence);
        }
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
         <title>One long paragraph</title></head>\n<body><article>\
         <h1>One long paragraph</h1>\n<p>{text}</p>\n</article></body>\n</html>\n"
    );
    write(out, page.as_bytes())
}
