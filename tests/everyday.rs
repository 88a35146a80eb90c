//! Everyday use through the binary: what a new user tries first (a feed given as an article,
//! saved archives, Markdown on standard input, re-runs into existing folders, interrupted
//! batches) does what they meant, or says clearly why not.

mod common;

use std::path::Path;

use base64::Engine;
use common::server::{Reply, TestServer};
use common::{cleancopy, epub_entries, fixture};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

const PARAGRAPH: &str = "The harbour board met again on Tuesday to talk about the sea wall, \
    the winter storms and the cost of keeping the old pier open for the fishing boats. ";

/// A photo-like PNG: gradients.
fn photo_png(width: u32, height: u32) -> Vec<u8> {
    let image = DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 90])
    }));
    let mut bytes = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    bytes
}

/// A browser's single-file archive of a page at `page_url` with two pictures: one saved by its
/// address relative to the page (`photo.png` beside it) and one on another host.
fn mhtml_archive(page_url: &str) -> Vec<u8> {
    let base = page_url.rsplit_once('/').unwrap().0;
    let mut page = String::from("<html><head><title>Saved Harbour Story</title></head><body><article><h1>Saved Harbour Story</h1>");
    page.push_str(&format!("<p>{PARAGRAPH}</p><figure><img src=\"photo.png\" alt=\"The pier\"><figcaption>The pier at dawn.</figcaption></figure>"));
    page.push_str(&format!("<p>{PARAGRAPH}</p><figure><img src=\"https://cdn.example.net/boat.png\" alt=\"A boat\"><figcaption>A boat.</figcaption></figure><p>{PARAGRAPH}</p></article></body></html>"));
    let base64_lines = |picture: &[u8]| {
        let encoded = base64::engine::general_purpose::STANDARD.encode(picture);
        let lines: Vec<&str> = encoded
            .as_bytes()
            .chunks(76)
            .map(|chunk| std::str::from_utf8(chunk).unwrap())
            .collect();
        lines.join("\r\n")
    };
    let (pier, boat) = (
        base64_lines(&photo_png(640, 480)),
        base64_lines(&photo_png(300, 200)),
    );
    format!(
        "From: <Saved by a browser>\r\nSnapshot-Content-Location: {page_url}\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"b0\"\r\n\r\n\
         --b0\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Location: {page_url}\r\n\r\n{page}\r\n\
         --b0\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: {base}/photo.png\r\n\r\n{pier}\r\n\
         --b0\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://cdn.example.net/boat.png\r\n\r\n{boat}\r\n\
         --b0--\r\n"
    )
    .into_bytes()
}

/// The pictures stored in an EPUB.
fn epub_pictures(epub: &[u8]) -> Vec<String> {
    let mut names: Vec<String> = epub_entries(epub)
        .into_keys()
        .filter(|name| name.ends_with(".png") || name.ends_with(".jpg"))
        .collect();
    names.sort();
    names
}

/// The names of the files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Asserts a one-line error with exit code 1 that contains every one of `parts`.
fn assert_one_line_error(output: &std::process::Output, parts: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    for part in parts {
        assert!(stderr.contains(part), "no '{part}' in: {stderr}");
    }
}

#[test]
fn a_feed_file_given_as_an_article_is_refused_with_the_way_to_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let feed = fixture("everyday/harbour-feed.xml");
    let output = cleancopy()
        .current_dir(dir.path())
        .arg("epub")
        .arg(&feed)
        .output()
        .unwrap();
    let hint = format!("read its articles with --feed {}", feed.display());
    assert_one_line_error(&output, &["RSS or Atom feed", &hint]);
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );

    let piped = cleancopy()
        .current_dir(dir.path())
        .args(["text", "-"])
        .write_stdin(std::fs::read(&feed).unwrap())
        .output()
        .unwrap();
    assert_one_line_error(&piped, &["<stdin>: ", "--feed -"]);
}

#[test]
fn a_feed_address_served_as_xml_is_refused_with_the_way_to_read_it() {
    let feed = std::fs::read(fixture("everyday/harbour-feed.xml")).unwrap();
    let server = TestServer::start(vec![("/feed.xml", Reply::ok("text/xml", feed))]);
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/feed.xml");
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["epub", &url])
        .output()
        .unwrap();
    assert_one_line_error(&output, &[&format!("--feed {url}")]);
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

#[test]
fn an_archive_s_pictures_come_from_the_archive_offline() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("story.mhtml");
    let page_url = "https://news.example.org/2025/story.html";
    std::fs::write(&archive, mhtml_archive(page_url)).unwrap();
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["epub", "--offline", "story.mhtml", "-o", "story.epub"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("network access is off"), "{stderr}");
    let book = std::fs::read(dir.path().join("story.epub")).unwrap();
    let pictures = epub_pictures(&book);
    let article_pictures = pictures.iter().filter(|p| !p.contains("cover")).count();
    assert_eq!(article_pictures, 2, "{pictures:?}");
}

#[test]
fn an_archive_s_pictures_are_not_downloaded_again() {
    let server = TestServer::start(vec![(
        "/2025/photo.png",
        Reply::ok("image/png", photo_png(640, 480)),
    )]);
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("story.mhtml");
    let page_url = server.url("/2025/story.html");
    std::fs::write(&archive, mhtml_archive(&page_url)).unwrap();
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["epub", "story.mhtml", "-o", "story.epub"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(server.requests().len(), 0, "{:?}", server.requests());
    let book = std::fs::read(dir.path().join("story.epub")).unwrap();
    let pictures = epub_pictures(&book);
    let article_pictures = pictures.iter().filter(|p| !p.contains("cover")).count();
    assert_eq!(article_pictures, 2, "{pictures:?}");
}

const MARKDOWN: &str =
    "---\ntitle: The Tide Tables\nauthor: Ana Ferreira\ndate: 2025-06-02\n---\n\n\
    The **spring tide** came in at six, and the harbour master wrote it down in the book.\n\n\
    The neap tide came a week later, quieter, and nobody wrote anything at all about it.\n";

/// The article `cleancopy json` reads, as JSON.
fn json_of(output: &std::process::Output) -> serde_json::Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Whether the article's first paragraph sets "spring tide" in bold.
fn spring_tide_is_strong(article: &serde_json::Value) -> bool {
    article["blocks"][0]["content"]
        .as_array()
        .unwrap()
        .iter()
        .any(|inline| inline["type"] == "strong" && inline["content"][0]["text"] == "spring tide")
}

#[test]
fn piped_markdown_is_read_as_markdown_with_its_front_matter_as_metadata() {
    let output = cleancopy()
        .args(["json", "-"])
        .write_stdin(MARKDOWN)
        .output()
        .unwrap();
    let article = json_of(&output);
    assert_eq!(article["title"], "The Tide Tables");
    assert_eq!(article["authors"][0], "Ana Ferreira");
    assert_eq!(article["published"], "2025-06-02");
    let text = article["text"].as_str().unwrap();
    assert!(!text.contains("title:") && !text.contains("**"), "{text}");
    assert!(spring_tide_is_strong(&article), "{article}");
}

#[test]
fn from_markdown_reads_a_file_of_any_name_as_markdown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tides.txt"), MARKDOWN).unwrap();
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["json", "--from", "markdown", "tides.txt"])
        .output()
        .unwrap();
    let article = json_of(&output);
    assert_eq!(article["title"], "The Tide Tables");
    assert!(spring_tide_is_strong(&article), "{article}");
    for format in ["html", "text"] {
        let output = cleancopy()
            .current_dir(dir.path())
            .args(["json", "--from", format, "tides.txt"])
            .output()
            .unwrap();
        assert!(output.status.success(), "--from {format}");
    }
}

/// A saved article page titled `title`.
fn article_page(title: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    )
}

#[test]
fn skip_existing_keeps_the_books_there_and_makes_the_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    for (file, title) in [("a.html", "First Story"), ("b.html", "Second Story")] {
        std::fs::write(dir.path().join(file), article_page(title)).unwrap();
    }
    cleancopy()
        .current_dir(dir.path())
        .args(["epub", "a.html", "--split", "-o", "books"])
        .assert()
        .success();
    let first = dir.path().join("books/first-story.epub");
    let before = std::fs::read(&first).unwrap();
    let output = cleancopy()
        .current_dir(dir.path())
        .args([
            "epub",
            "a.html",
            "b.html",
            "--split",
            "--skip-existing",
            "-o",
            "books",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("kept books/first-story.epub"), "{stderr}");
    assert!(stderr.contains("wrote books/second-story.epub"), "{stderr}");
    assert_eq!(
        files_in(&dir.path().join("books")),
        ["first-story.epub", "second-story.epub"]
    );
    assert_eq!(
        std::fs::read(&first).unwrap(),
        before,
        "the kept book is untouched"
    );
}

#[test]
fn output_folders_existing_or_to_be_made_get_the_book_under_its_title() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.html"), article_page("First Story")).unwrap();
    std::fs::create_dir(dir.path().join("outdir")).unwrap();
    for (output, expected) in [
        ("outdir", "outdir/first-story.epub"),
        ("newdir/", "newdir/first-story.epub"),
    ] {
        let out = cleancopy()
            .current_dir(dir.path())
            .args(["epub", "a.html", "-o", output])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "-o {output}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(dir.path().join(expected).is_file(), "-o {output}");
    }
}

#[test]
fn an_output_in_a_missing_folder_names_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.html"), article_page("First Story")).unwrap();
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["epub", "a.html", "-o", "newdir2/x.epub"])
        .output()
        .unwrap();
    assert_one_line_error(
        &output,
        &["newdir2: no such folder to write newdir2/x.epub in"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains(".part") && !stderr.contains("cleancopy-"),
        "{stderr}"
    );
    assert_eq!(files_in(dir.path()), ["a.html"]);
}

#[test]
fn an_output_named_for_another_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.html"), article_page("First Story")).unwrap();
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["epub", "a.html", "-o", "page.pdf"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("name the output page.epub"), "{stderr}");
    assert_eq!(files_in(dir.path()), ["a.html"]);
}

#[cfg(unix)]
#[test]
fn an_interrupted_split_run_keeps_the_books_it_finished_and_says_how_many() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut routes: Vec<(String, Reply)> = (1..=3)
        .map(|n| {
            (
                format!("/story-{n}"),
                Reply::html(article_page(&format!("Story {n}"))),
            )
        })
        .collect();
    // The fourth article keeps the run waiting until it is interrupted.
    routes.push((
        "/story-4".into(),
        Reply::html(article_page("Story 4")).delayed(Duration::from_secs(20)),
    ));
    routes.push(("/story-5".into(), Reply::html(article_page("Story 5"))));
    let server = TestServer::start(routes);
    let dir = tempfile::tempdir().unwrap();
    let books = dir.path().join("books");
    let child = Command::new(assert_cmd::cargo::cargo_bin("cleancopy"))
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["epub", "--split", "-j", "2", "-o", "books"])
        .args((1..=5).map(|n| server.url(&format!("/story-{n}"))))
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let waited = Instant::now();
    let epubs = || {
        files_in(&books)
            .into_iter()
            .filter(|name| name.ends_with(".epub"))
            .count()
    };
    while epubs() < 3 && waited.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        epubs(),
        3,
        "the books finished before the slow one are written at once"
    );
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted; the 3 books written before it are kept"),
        "{stderr}"
    );
    assert_eq!(
        files_in(&books),
        ["story-1.epub", "story-2.epub", "story-3.epub"],
        "only complete books, no temporary file"
    );
    for name in files_in(&books) {
        let entries = epub_entries(&std::fs::read(books.join(&name)).unwrap());
        assert!(entries.contains_key("mimetype"), "{name} is complete");
    }
}

#[test]
fn a_smaller_max_image_size_never_makes_a_bigger_book() {
    let dir = tempfile::tempdir().unwrap();
    let photo = DynamicImage::ImageRgb8(RgbImage::from_fn(800, 600, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
    }));
    photo
        .save_with_format(dir.path().join("pier.jpg"), ImageFormat::Jpeg)
        .unwrap();
    let page = format!(
        "<html><head><title>The Pier</title></head><body><article><h1>The Pier</h1>\
         <figure><img src=\"pier.jpg\" alt=\"The pier\"><figcaption>The pier.</figcaption></figure>\
         <p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    );
    std::fs::write(dir.path().join("pier.html"), page).unwrap();
    let book = |max: &str| {
        let name = format!("pier-{max}.epub");
        cleancopy()
            .current_dir(dir.path())
            .args(["epub", "pier.html", "--max-image-size", max, "-o", &name])
            .assert()
            .success();
        std::fs::read(dir.path().join(name)).unwrap()
    };
    let (full, small) = (book("1600"), book("300"));
    let drawn_cover = |epub: &[u8]| epub_entries(epub).contains_key("OEBPS/images/cover.png");
    assert!(!drawn_cover(&full), "the photo is the cover");
    assert!(!drawn_cover(&small), "the scaled photo is still the cover");
    assert!(
        small.len() <= full.len(),
        "--max-image-size 300 made {} bytes, the default {}",
        small.len(),
        full.len()
    );
}

const HARBOUR_TEXT: &str =
    "The Harbour Wall\n\nThe harbour master said \"the wall will hold\" and \
    walked back along the pier in the rain. Nobody on the boats believed him, but they tied up \
    all the same and waited for the morning tide to turn.\n";

#[test]
fn lang_overrides_the_language_guessed_for_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wall.txt"), HARBOUR_TEXT).unwrap();
    cleancopy()
        .current_dir(dir.path())
        .args(["epub", "--lang", "de", "wall.txt", "-o", "wall.epub"])
        .assert()
        .success();
    let entries = epub_entries(&std::fs::read(dir.path().join("wall.epub")).unwrap());
    let package = entries
        .iter()
        .find(|(name, _)| name.ends_with(".opf"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap();
    assert!(package.contains(">de</dc:language>"), "{package}");
    let article = String::from_utf8_lossy(&entries["OEBPS/article-1.xhtml"]).into_owned();
    assert!(article.contains("xml:lang=\"de\""), "{article}");

    let json = cleancopy()
        .current_dir(dir.path())
        .args(["json", "--lang", "pt-BR", "wall.txt"])
        .output()
        .unwrap();
    assert_eq!(json_of(&json)["language"], "pt-BR");
}

#[test]
fn lang_gives_the_quotation_marks_of_a_page_that_states_no_language() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><body><article><h1>Die Mauer</h1><p>The harbour master said \
        <q>the wall will hold</q> and walked back along the pier in the rain, and nobody on the \
        boats believed him at all that night.</p></article></body></html>";
    std::fs::write(dir.path().join("wall.html"), page).unwrap();
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["text", "--lang", "de", "wall.html"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains("said \u{201e}the wall will hold\u{201c}"),
        "{text}"
    );
}

/// A saved article page titled `title`, from `site`, published on `date`.
fn dated_page(title: &str, site: &str, date: &str) -> String {
    format!(
        "<html><head><title>{title}</title><meta property=\"og:site_name\" content=\"{site}\">\
         <meta property=\"article:published_time\" content=\"{date}T07:30:00Z\"></head>\
         <body><article><h1>{title}</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    )
}

#[test]
fn name_templates_name_the_books() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.html"),
        dated_page("The Wall Holds", "Harbour News", "2025-06-04"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.html"),
        dated_page("Ferry Times", "Island Post", "2025-06-03"),
    )
    .unwrap();
    cleancopy()
        .current_dir(dir.path())
        .args(["epub", "a.html", "b.html", "--split", "-o", "books"])
        .args(["--name", "{n}-{site}-{title}"])
        .assert()
        .success();
    assert_eq!(
        files_in(&dir.path().join("books")),
        [
            "01-harbour-news-the-wall-holds.epub",
            "02-island-post-ferry-times.epub"
        ]
    );
    cleancopy()
        .current_dir(dir.path())
        .args(["pdf", "a.html", "--name", "{date} {title}"])
        .assert()
        .success();
    assert!(dir.path().join("2025-06-04 the-wall-holds.pdf").is_file());

    let unknown = cleancopy()
        .current_dir(dir.path())
        .args(["epub", "a.html", "--name", "{author}"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown placeholder '{author}'"));
}

#[test]
fn delay_spaces_the_requests_to_one_host() {
    let routes: Vec<(String, Reply)> = (1..=3)
        .map(|n| {
            (
                format!("/story-{n}"),
                Reply::html(article_page(&format!("Story {n}"))),
            )
        })
        .collect();
    let server = TestServer::start(routes);
    let dir = tempfile::tempdir().unwrap();
    cleancopy()
        .current_dir(dir.path())
        .args(["epub", "--delay", "0.5", "-j", "3", "-o", "digest.epub"])
        .args((1..=3).map(|n| server.url(&format!("/story-{n}"))))
        .assert()
        .success();
    let mut times: Vec<_> = server.requests().iter().map(|request| request.at).collect();
    assert_eq!(times.len(), 3);
    times.sort();
    for pair in times.windows(2) {
        let gap = pair[1] - pair[0];
        // Half a second apart, less a margin for when the server reads each request.
        assert!(
            gap >= std::time::Duration::from_millis(400),
            "requests {gap:?} apart"
        );
    }
}

#[cfg(feature = "feeds")]
#[test]
fn an_empty_since_window_is_nothing_to_do_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let feed = fixture("everyday/harbour-feed.xml");
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["epub", "--since", "2025-07-01", "--feed"])
        .arg(&feed)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("no feed entries since 2025-07-01 00:00 UTC; nothing to do"),
        "{stderr}"
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

#[test]
fn a_reading_list_names_paths_from_its_folder_and_its_lines_in_errors() {
    let server = TestServer::start(vec![("/story-1", Reply::html(article_page("Story 1")))]);
    let dir = tempfile::tempdir().unwrap();
    let lists = dir.path().join("lists");
    std::fs::create_dir(&lists).unwrap();
    std::fs::write(lists.join("a.html"), article_page("First Story")).unwrap();
    let list = format!(
        "# morning\na.html   # beside the list\nmissing.html\n{}  # the harbour\n",
        server.url("/story-1")
    );
    std::fs::write(lists.join("links.txt"), list).unwrap();
    let output = cleancopy()
        .current_dir(dir.path())
        .args([
            "epub",
            "--input-list",
            "lists/links.txt",
            "-o",
            "digest.epub",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("error: lists/links.txt:3: lists/missing.html: no such file"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    let text = common::epub_text(&std::fs::read(dir.path().join("digest.epub")).unwrap());
    assert!(
        text.contains("First Story") && text.contains("Story 1"),
        "{text}"
    );
    assert_eq!(server.requests()[0].path, "/story-1");
}

#[test]
fn a_title_keeps_its_part_of_a_series() {
    let dir = tempfile::tempdir().unwrap();
    let title = "The Long Road Home from the Sea / Part 2";
    let page = format!(
        "<html><head><title>{title}</title></head><body><article>\
         <p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    );
    std::fs::write(dir.path().join("road.html"), page).unwrap();
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["json", "road.html"])
        .output()
        .unwrap();
    assert_eq!(json_of(&output)["title"], title);
}

#[test]
fn the_photo_credit_closes_the_article_in_text_markdown_and_html_too() {
    let input = fixture("seed-shaped.txt");
    let last_paragraph = "the board publishes the final accounts.";
    for (command, credit) in [
        ("text", "Photo: Harbour Board / Lena Strand"),
        ("md", "*Photo: Harbour Board / Lena Strand*"),
        (
            "html",
            "<p class=\"credit\">Photo: Harbour Board / Lena Strand</p>",
        ),
    ] {
        let output = cleancopy()
            .arg(command)
            .arg(&input)
            .args(["-o", "-"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{command}");
        let written = String::from_utf8(output.stdout).unwrap();
        let body = written.find(last_paragraph).expect("the last paragraph");
        let at = written
            .find(credit)
            .unwrap_or_else(|| panic!("{command}: no credit in\n{written}"));
        assert!(body < at, "{command}: the credit comes after the text");
        assert_eq!(written.matches("Lena Strand").count(), 1, "{command}");
    }
    // The body alone stays the prose.
    let body_only = cleancopy()
        .args(["text", "--body-only"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&body_only.stdout).contains("Lena Strand"));
}
