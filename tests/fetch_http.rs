//! URL inputs against a real HTTP server on 127.0.0.1 started by each test: redirects (and
//! loops), timeouts, size caps, content types, HTTP errors, compression, charsets, request
//! headers and cookies, offline mode, and the rule that a remote page never leads to a local
//! file. No test touches the internet; each bounds its own time.

mod common;

use std::io::Write;
use std::process::Output;
use std::time::{Duration, Instant};

use common::server::{cleancopy_net, redirect_chain, Reply, TestServer};
use common::*;

const TITLE: &str = "Breakwater Repairs Begin Before the Storm Season";

fn page() -> Vec<u8> {
    std::fs::read(fixture("source/remote-page.html")).unwrap()
}

/// Runs `cleancopy ARGS` and returns its output.
fn run(args: &[&str]) -> Output {
    cleancopy_net().args(args).output().unwrap()
}

/// The JSON record of one article read from `args`.
fn json(args: &[&str]) -> serde_json::Value {
    let out = cleancopy_net().arg("json").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Asserts a failure with exit code 1 and one line on standard error that contains `parts`.
fn assert_one_line_error(out: &Output, parts: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.starts_with("cleancopy: error: "), "{stderr}");
    for part in parts {
        assert!(stderr.contains(part), "{part:?} not in {stderr}");
    }
}

/// All `src` and `href` values anywhere in a JSON record.
fn addresses(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match value {
                    serde_json::Value::String(s) if key == "src" || key == "href" => {
                        found.push(s.clone())
                    }
                    _ => addresses(value, found),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| addresses(v, found)),
        _ => {}
    }
}

#[test]
fn a_page_is_fetched_through_redirects_and_its_final_address_is_the_source() {
    let server = TestServer::start(vec![
        ("/old/start", Reply::redirect(302, "../moved/middle")),
        (
            "/moved/middle",
            Reply::redirect(301, "/news/2025/breakwater.html"),
        ),
        ("/news/2025/breakwater.html", Reply::html(page())),
    ]);
    let record = json(&[&server.url("/old/start")]);
    let final_url = server.url("/news/2025/breakwater.html");
    assert_eq!(record["title"], TITLE);
    assert_eq!(record["source_url"], final_url.as_str());
    let mut found = Vec::new();
    addresses(&record, &mut found);
    assert!(
        found.contains(&server.url("/news/docs/repair-plan.html")),
        "relative link not resolved against the final address: {found:?}"
    );
    assert!(
        found.contains(&server.url("/news/2025/img/breakwater.jpg")),
        "{found:?}"
    );
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        ["/old/start", "/moved/middle", "/news/2025/breakwater.html"]
    );
}

#[test]
fn requests_carry_a_clear_user_agent_and_accept_compression() {
    let server = TestServer::start(vec![("/p", Reply::html(page()))]);
    json(&[&server.url("/p")]);
    let request = &server.requests()[0];
    let agent = request.header("user-agent").unwrap();
    assert!(
        agent.starts_with(&format!("cleancopy/{}", env!("CARGO_PKG_VERSION"))),
        "{agent}"
    );
    let encodings = request.header("accept-encoding").unwrap_or("");
    assert!(encodings.contains("gzip"), "{encodings}");
    assert!(request
        .header("accept")
        .is_some_and(|a| a.contains("text/html")));
}

#[test]
fn a_redirect_loop_is_a_one_line_error() {
    let server = TestServer::start(vec![
        ("/loop-a", Reply::redirect(302, "/loop-b")),
        ("/loop-b", Reply::redirect(302, "/loop-a")),
    ]);
    let url = server.url("/loop-a");
    let out = run(&["text", &url]);
    assert_one_line_error(&out, &[&url, "redirect loop"]);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn too_many_redirects_are_refused() {
    let hops: Vec<(String, Reply)> = (0..15)
        .map(|i| {
            (
                format!("/hop/{i}"),
                Reply::redirect(307, &format!("/hop/{}", i + 1)),
            )
        })
        .collect();
    let server = TestServer::start(hops.iter().map(|(p, r)| (p.as_str(), r.clone())).collect());
    let url = server.url("/hop/0");
    let out = run(&["text", &url]);
    assert_one_line_error(&out, &[&url, "more than 10 redirects"]);
    assert_eq!(server.requests().len(), 11);
}

#[test]
fn a_redirect_to_a_local_file_is_refused() {
    let server = TestServer::start(vec![(
        "/sneaky",
        Reply::redirect(302, "file:///etc/passwd"),
    )]);
    let out = run(&["text", &server.url("/sneaky")]);
    assert_one_line_error(
        &out,
        &[
            "refused redirect to 'file:///etc/passwd'",
            "only http and https",
        ],
    );
}

#[test]
fn a_slow_server_times_out() {
    let server = TestServer::start(vec![(
        "/slow",
        Reply::html(page()).delayed(Duration::from_secs(30)),
    )]);
    let url = server.url("/slow");
    let started = Instant::now();
    let out = run(&["text", "--timeout", "1", &url]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_one_line_error(&out, &[&url, "timed out after 1 s"]);
}

#[test]
fn an_oversized_body_is_refused_without_reading_it_all() {
    let big = [b"<p>".as_slice(), &vec![b'a'; 4 * 1024 * 1024], b"</p>"].concat();
    let server = TestServer::start(vec![
        ("/declared", Reply::html(big)),
        (
            "/endless",
            Reply::ok("text/html", b"<p>more words</p>\n".repeat(1000)).endless(),
        ),
    ]);
    for path in ["/declared", "/endless"] {
        let url = server.url(path);
        let started = Instant::now();
        let out = run(&["text", "--max-bytes", "100K", &url]);
        assert!(started.elapsed() < Duration::from_secs(20), "{path}");
        assert_one_line_error(&out, &[&url, "larger than the 102400-byte input limit"]);
    }
}

#[test]
fn images_and_pdfs_are_refused_by_content_type() {
    let server = TestServer::start(vec![
        (
            "/photo",
            Reply::ok("image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ),
        (
            "/paper",
            Reply::ok("application/pdf", b"%PDF-1.7\n".to_vec()),
        ),
        ("/mislabelled.html", Reply::ok("image/jpeg", page())),
    ]);
    for (path, content_type) in [
        ("/photo", "image/png"),
        ("/paper", "application/pdf"),
        ("/mislabelled.html", "image/jpeg"),
    ] {
        let url = server.url(path);
        let out = run(&["epub", &url, "-o", "-"]);
        assert_one_line_error(
            &out,
            &[&url, &format!("unsupported content type '{content_type}'")],
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn http_errors_name_the_status_and_the_address() {
    let server = TestServer::start(vec![("/broken", Reply::status(500))]);
    for (path, status) in [
        ("/missing", "HTTP 404 Not Found"),
        ("/broken", "HTTP 500 Internal Server Error"),
    ] {
        let url = server.url(path);
        let out = run(&["text", &url]);
        assert_one_line_error(&out, &[&format!("{url}: {status}")]);
    }
}

#[test]
fn a_gzip_body_is_decoded() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&page()).unwrap();
    let gzipped = encoder.finish().unwrap();
    let server = TestServer::start(vec![(
        "/zipped",
        Reply::html(gzipped).header("Content-Encoding", "gzip"),
    )]);
    let record = json(&[&server.url("/zipped")]);
    assert_eq!(record["title"], TITLE);
}

#[test]
fn the_http_charset_decides_the_encoding() {
    let russian = "<html><head><title>Волнолом</title></head><body><article><h1>Волнолом</h1>\
        <p>Городской совет утвердил план ремонта старого волнолома перед зимними штормами, \
        и работы начнутся в октябре.</p><p>Рыбаки давно просили укрепить стену, потому что \
        прошлой зимой волны дважды заливали причал и лодки.</p></article></body></html>";
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(russian);
    let server = TestServer::start(vec![
        (
            "/ru",
            Reply::ok("text/html; charset=windows-1251", cp1251.into_owned()),
        ),
        // A stale server default: the page is really UTF-8.
        ("/utf8", Reply::ok("text/html; charset=ISO-8859-1", russian)),
    ]);
    for path in ["/ru", "/utf8"] {
        let out = run(&["text", &server.url(path)]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Рыбаки давно просили"), "{path}: {text}");
    }
}

#[test]
fn a_charset_label_that_means_no_encoding_falls_back_to_detection() {
    // WHATWG maps ISO-2022-KR to the "replacement" encoding, which would turn the whole page
    // into one U+FFFD; the page here is really EUC-KR.
    let korean = "<html><head><title>방파제 보수</title></head><body><article><h1>방파제 보수</h1>\
        <p>시의회는 겨울 폭풍이 오기 전에 오래된 방파제를 보수하는 계획을 승인했으며, 공사는 \
        시월에 시작될 예정이다.</p><p>어민들은 지난겨울 파도가 두 번이나 부두와 배를 덮쳤기 \
        때문에 오랫동안 벽을 튼튼하게 해 달라고 요청해 왔다.</p></article></body></html>";
    let (euc_kr, _, _) = encoding_rs::EUC_KR.encode(korean);
    let server = TestServer::start(vec![(
        "/ko",
        Reply::ok("text/html; charset=iso-2022-kr", euc_kr.into_owned()),
    )]);
    let out = run(&["text", &server.url("/ko")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("어민들은 지난겨울 파도가"), "{text}");
}

#[test]
fn markdown_served_as_plain_text_is_read_as_markdown() {
    let markdown = std::fs::read(fixture("source/tides.md")).unwrap();
    let server = TestServer::start(vec![(
        "/notes/tides.md",
        Reply::ok("text/plain; charset=utf-8", markdown),
    )]);
    let record = json(&[&server.url("/notes/tides.md")]);
    assert_eq!(record["title"], "Tide Tables for the Harbour");
    assert_eq!(record["authors"][0], "Ada Byrne");
}

#[test]
fn headers_user_agent_and_cookies_are_sent_only_where_they_belong() {
    let dir = tempfile::tempdir().unwrap();
    let cookies = dir.path().join("cookies.txt");
    std::fs::write(
        &cookies,
        "# Netscape HTTP Cookie File\n\
         127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc\n\
         127.0.0.1\tFALSE\t/members\tFALSE\t0\tmember\tyes\n\
         127.0.0.1\tFALSE\t/\tTRUE\t0\tsecure_only\tno\n\
         127.0.0.1\tFALSE\t/\tFALSE\t1000\texpired\tno\n\
         other.example\tTRUE\t/\tFALSE\t0\tforeign\tno\n",
    )
    .unwrap();
    let elsewhere = TestServer::start(vec![("/landing", Reply::html(page()))]);
    let server = TestServer::start(vec![(
        "/members/story",
        Reply::redirect(302, &elsewhere.url("/landing")),
    )]);
    let out = cleancopy_net()
        .args(["text", "--user-agent", "TestReader/2.0"])
        .args([
            "--header",
            "X-Reader: kindle",
            "--header",
            "Authorization: Bearer t0k",
        ])
        .arg("--cookie-file")
        .arg(&cookies)
        .arg(server.url("/members/story"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let first = &server.requests()[0];
    assert_eq!(first.header("user-agent"), Some("TestReader/2.0"));
    assert_eq!(first.header("x-reader"), Some("kindle"));
    assert_eq!(first.header("authorization"), Some("Bearer t0k"));
    assert_eq!(first.header("cookie"), Some("session=abc; member=yes"));

    // After the redirect to another origin: no Authorization; cookies by their own rules.
    let second = &elsewhere.requests()[0];
    assert_eq!(second.header("x-reader"), Some("kindle"));
    assert_eq!(second.header("authorization"), None);
    assert_eq!(second.header("cookie"), Some("session=abc"));
}

#[test]
fn bad_header_and_cookie_file_are_clear_errors_before_any_request() {
    let server = TestServer::start(vec![("/p", Reply::html(page()))]);
    let out = run(&["text", "--header", "no colon here", &server.url("/p")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected 'Name: value'"));

    let dir = tempfile::tempdir().unwrap();
    let cookies = dir.path().join("jar.txt");
    std::fs::write(&cookies, "127.0.0.1\tFALSE\t/\n").unwrap();
    let out = cleancopy_net()
        .arg("text")
        .arg("--cookie-file")
        .arg(&cookies)
        .arg(server.url("/p"))
        .output()
        .unwrap();
    assert_one_line_error(&out, &["jar.txt:1: not a cookies.txt line"]);
    assert!(server.requests().is_empty());
}

#[test]
fn offline_refuses_urls_without_connecting() {
    let server = TestServer::start(vec![("/p", Reply::html(page()))]);
    let url = server.url("/p");
    let out = run(&["text", "--offline", &url]);
    assert_one_line_error(&out, &[&url, "network access is off (--offline)"]);
    assert!(server.requests().is_empty());
    cleancopy_net()
        .args(["text", "--offline"])
        .arg(fixture("article.html"))
        .assert()
        .success();
}

#[test]
fn a_remote_page_never_leads_to_local_files() {
    let hostile = std::fs::read(fixture("source/hostile-page.html")).unwrap();
    let server = TestServer::start(vec![("/story", Reply::html(hostile))]);
    let out = run(&["json", &server.url("/story")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(json.contains("weather log"), "{json}");
    assert!(!json.contains("file:"), "a file: address survived: {json}");
    assert!(!json.contains("/etc/"), "a local path survived: {json}");
    let record: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut found = Vec::new();
    addresses(&record, &mut found);
    assert!(
        found
            .iter()
            .all(|a| a.starts_with("http://") || a.starts_with("https://")),
        "{found:?}"
    );
}

/// A short article page titled `title`.
fn story(title: &str) -> Reply {
    let paragraph = format!(
        "<p>{title}: the harbour board met on Tuesday evening to discuss the plan, and after \
         two hours of questions from fishermen, ferry crews and residents of the cottages by \
         the wall, the members voted to go ahead before the autumn storms arrive.</p>"
    );
    Reply::html(format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         {paragraph}{paragraph}{paragraph}</article></body></html>"
    ))
}

#[test]
fn one_failed_input_does_not_lose_the_others() {
    let server = TestServer::start(vec![("/one", story("First Story About the Wall"))]);
    let missing = server.url("/gone");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("digest.epub");
    let out = cleancopy_net()
        .arg("epub")
        .arg(server.url("/one"))
        .arg(&missing)
        .arg(fixture("article.html"))
        .arg("-o")
        .arg(&book)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!("cleancopy: error: {missing}: HTTP 404 Not Found")),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 3 inputs failed"), "{stderr}");
    let text = epub_text(&std::fs::read(&book).unwrap());
    assert!(text.contains("First Story About the Wall"), "{text}");
    assert!(text.contains("Lighthouse Keepers"), "{text}");
}

#[test]
fn when_every_input_fails_the_exit_code_is_one() {
    let server = TestServer::start(Vec::<(&str, Reply)>::new());
    let out = run(&["text", &server.url("/a"), &server.url("/b")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("/a: HTTP 404") && stderr.contains("/b: HTTP 404"),
        "{stderr}"
    );
    assert!(
        stderr.contains("none of the 2 inputs could be read"),
        "{stderr}"
    );
}

#[test]
fn a_reading_list_mixes_urls_and_files_in_order() {
    let server = TestServer::start(vec![
        ("/one", story("First Story About the Wall")),
        ("/two", story("Second Story About the Ferry")),
    ]);
    let list = format!(
        "# morning reading\n\n{}\n   {}  \n# not this one: {}\n{}\n",
        server.url("/two"),
        fixture("article.html").display(),
        server.url("/three"),
        server.url("/one"),
    );
    let dir = tempfile::tempdir().unwrap();
    let list_file = dir.path().join("links.txt");
    std::fs::write(&list_file, &list).unwrap();
    let from_file = cleancopy_net()
        .args(["json", "--input-list"])
        .arg(&list_file)
        .output()
        .unwrap();
    let from_stdin = cleancopy_net()
        .args(["json", "-j", "1", "--input-list", "-"])
        .write_stdin(list)
        .output()
        .unwrap();
    for out in [from_file, from_stdin] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let titles: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["title"].to_string())
            .collect();
        assert_eq!(
            titles,
            [
                "\"Second Story About the Ferry\"",
                "\"The Lighthouse Keepers Who Stayed\"",
                "\"First Story About the Wall\""
            ]
        );
    }
}

/// An Atom feed with relative links (resolved against the feed's address) and one entry that
/// points at a local file.
#[cfg(feature = "feeds")]
const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Post</title><id>urn:harbour</id>
<updated>2025-06-05T08:00:00Z</updated>
<entry><title>Old</title><id>urn:1</id><link href="/old"/><updated>2025-06-01T08:00:00Z</updated></entry>
<entry><title>New</title><id>urn:2</id><link href="new"/><updated>2025-06-04T08:00:00Z</updated></entry>
<entry><title>Local</title><id>urn:3</id><link href="file:///etc/passwd"/><updated>2025-06-05T08:00:00Z</updated></entry>
<entry><title>Mid</title><id>urn:4</id><link href="/mid"/><updated>2025-06-03T08:00:00Z</updated></entry>
</feed>"#;

#[cfg(feature = "feeds")]
#[test]
fn a_feed_becomes_a_book_or_one_file_per_article() {
    let server = TestServer::start(vec![
        ("/feed.xml", Reply::ok("application/atom+xml", ATOM)),
        ("/old", story("The Oldest Story in the Feed")),
        ("/mid", story("The Middle Story in the Feed")),
        ("/new", story("The Newest Story in the Feed")),
    ]);
    let feed_url = server.url("/feed.xml");
    let titles = |args: &[&str]| -> Vec<String> {
        let out = run(&[&["json", "--feed", &feed_url], args].concat());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["title"].to_string())
            .collect()
    };
    assert_eq!(
        titles(&["--limit", "2"]),
        [
            "\"The Newest Story in the Feed\"",
            "\"The Middle Story in the Feed\""
        ]
    );
    assert_eq!(titles(&["--since", "2025-06-02"]).len(), 2);
    assert_eq!(titles(&[]).len(), 3, "the file: entry must be skipped");
    assert!(
        !server.requests().iter().any(|r| r.path.contains("etc")),
        "{:?}",
        server.requests()
    );

    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    let out = cleancopy_net()
        .args(["epub", "-q", "--split", "--feed", &feed_url, "-o"])
        .arg(&folder)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "the-middle-story-in-the-feed.epub",
            "the-newest-story-in-the-feed.epub",
            "the-oldest-story-in-the-feed.epub"
        ]
    );
    let book = std::fs::read(folder.join("the-oldest-story-in-the-feed.epub")).unwrap();
    let text = epub_text(&book);
    assert!(text.contains("The Oldest Story in the Feed"), "{text}");
    assert!(!text.contains("Newest"), "{text}");
}

/// A site's home page naming its feed in a `<link rel="alternate">` (and an API's JSON,
/// which is no feed, before it).
#[cfg(feature = "feeds")]
const HOME_PAGE: &str = r#"<!DOCTYPE html><html><head><title>Harbour Post</title>
<link rel="alternate" type="application/json" href="/api/posts">
<link rel="alternate" type="application/atom+xml" title="Harbour Post" href="../feed.xml">
</head><body><h1>Harbour Post</h1><p><a href="/new">The newest story</a></p></body></html>"#;

#[cfg(feature = "feeds")]
#[test]
fn a_web_page_given_as_a_feed_is_read_for_the_feed_it_names() {
    let server = TestServer::start(vec![
        ("/home/", Reply::html(HOME_PAGE)),
        ("/feed.xml", Reply::ok("application/atom+xml", ATOM)),
        ("/old", story("The Oldest Story in the Feed")),
        ("/mid", story("The Middle Story in the Feed")),
        ("/new", story("The Newest Story in the Feed")),
    ]);
    let out = run(&["json", "--feed", &server.url("/home/"), "--limit", "2"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let titles: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["title"].to_string())
        .collect();
    assert_eq!(
        titles,
        [
            "\"The Newest Story in the Feed\"",
            "\"The Middle Story in the Feed\""
        ]
    );
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(!paths.iter().any(|p| p.starts_with("/api")), "{paths:?}");

    let plain = TestServer::start(vec![("/about", story("About the Harbour Post"))]);
    let out = run(&["json", "--feed", &plain.url("/about")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("/about: a web page that names no feed"),
        "{stderr}"
    );
}

#[cfg(feature = "feeds")]
#[test]
fn a_feed_book_takes_the_feed_title() {
    let articles = TestServer::start(vec![("/a", story("The Only Story in the Feed"))]);
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Island Courier</title>\
         <link>{0}/</link><item><title>A</title><link>{0}/a</link></item></channel></rss>",
        articles.base
    );
    let dir = tempfile::tempdir().unwrap();
    let feed_file = dir.path().join("courier.rss");
    std::fs::write(&feed_file, rss).unwrap();
    let out = cleancopy_net()
        .current_dir(dir.path())
        .args(["epub", "--feed"])
        .arg(&feed_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("island-courier.epub").exists());
}

#[test]
fn a_cache_revalidates_or_reuses_pages_instead_of_fetching_them_again() {
    let server = TestServer::start(vec![
        (
            "/tagged",
            story("A Story With an ETag").header("ETag", "\"v1\""),
        ),
        (
            "/dated",
            story("A Story With a Date").header("Last-Modified", "Wed, 04 Jun 2025 08:00:00 GMT"),
        ),
        ("/redirect", Reply::redirect(302, "/tagged")),
        ("/plain", story("A Story Without Validators")),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let urls = ["/tagged", "/dated", "/redirect", "/plain"].map(|p| server.url(p));
    let read = |extra: &[&str]| {
        let out = cleancopy_net()
            .args(["text", "-j", "1", "--cache"])
            .arg(&cache)
            .args(extra)
            .args(&urls)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = read(&[]);
    assert_eq!(server.requests().len(), 5);
    let second = read(&[]);
    assert_eq!(first, second);
    let again: Vec<(String, Option<String>, Option<String>)> = server.requests()[5..]
        .iter()
        .map(|r| {
            let header = |n| r.header(n).map(str::to_string);
            (
                r.path.clone(),
                header("if-none-match"),
                header("if-modified-since"),
            )
        })
        .collect();
    // Revalidated (the redirect is followed again, then revalidated at its target); the page
    // without validators is not asked for at all.
    assert_eq!(
        again,
        [
            ("/tagged".into(), Some("\"v1\"".into()), None),
            (
                "/dated".into(),
                None,
                Some("Wed, 04 Jun 2025 08:00:00 GMT".into())
            ),
            ("/redirect".into(), None, None),
            ("/tagged".into(), Some("\"v1\"".into()), None),
        ]
    );
    // Offline, everything comes from the cache.
    let offline = read(&["--offline"]);
    assert_eq!(offline, first);
    assert_eq!(server.requests().len(), 9);
}

/// A small PNG, `tint` telling pictures apart.
fn png(tint: u8) -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 6, y as u8 * 8, tint]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// The names of the pictures stored in an EPUB, in archive order.
fn epub_pictures(epub: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    archive
        .file_names()
        .filter(|name| name.contains("images/img-"))
        .map(str::to_string)
        .collect()
}

#[test]
fn redirects_share_the_input_time_limit() {
    // Ten redirects of 0.4 s each: every one is well within --timeout 1, all of them are not.
    let mut routes = redirect_chain("/chain", 10, Duration::from_millis(400), "/page");
    routes.push(("/page".to_string(), Reply::html(page())));
    let server = TestServer::start(routes);
    let url = server.url("/chain/0");
    let started = Instant::now();
    let out = run(&["text", "--timeout", "1", &url]);
    let elapsed = started.elapsed();
    assert_one_line_error(&out, &[&format!("{url}: timed out after 1 s")]);
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    assert!(server.requests().len() <= 4, "{:?}", server.requests());
}

#[test]
fn pictures_share_the_input_time_limit_and_late_ones_are_left_out() {
    // Two pictures come at once; ten trickle in a byte every 0.1 s, and would each take
    // longer than the whole --timeout.
    let figure = |src: &str| {
        format!(
            "<figure><img src=\"{src}\" alt=\"\"><figcaption>{src}</figcaption></figure><p>{}</p>",
            "The harbour wall was photographed from the pier at low tide. ".repeat(3)
        )
    };
    let mut body = String::new();
    let mut routes = vec![
        (
            "/img/fast-0.png".to_string(),
            Reply::ok("image/png", png(10)),
        ),
        (
            "/img/fast-1.png".to_string(),
            Reply::ok("image/png", png(20)),
        ),
    ];
    body.push_str(&figure("/img/fast-0.png"));
    body.push_str(&figure("/img/fast-1.png"));
    for index in 0..10 {
        let path = format!("/img/slow-{index}.png");
        body.push_str(&figure(&path));
        let reply = Reply::ok("image/png", png(100 + index)).trickled(Duration::from_millis(100));
        routes.push((path, reply));
    }
    let html = format!(
        "<html><head><title>Pictures From the Harbour Wall</title></head><body><article>\
         <h1>Pictures From the Harbour Wall</h1>{body}</article></body></html>"
    );
    routes.push(("/story".to_string(), Reply::html(html)));
    let server = TestServer::start(routes);
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("pictures.epub");
    let started = Instant::now();
    let out = cleancopy_net()
        .args(["epub", "--timeout", "1", "-o"])
        .arg(&book)
        .arg(server.url("/story"))
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        elapsed < Duration::from_secs(4),
        "took {elapsed:?}: {stderr}"
    );
    for index in 0..10 {
        let warned = stderr.lines().any(|line| {
            line.starts_with("cleancopy: warning: image ")
                && line.contains(&format!("/img/slow-{index}.png left out"))
                && line.contains("--timeout")
        });
        assert!(warned, "no warning for slow-{index}: {stderr}");
    }
    let epub = std::fs::read(&book).unwrap();
    let pictures = epub_pictures(&epub);
    assert_eq!(pictures.len(), 2, "{pictures:?}");
    // The pictures keep the order of the page, whichever came first.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub.as_slice())).unwrap();
    let mut first = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name(&pictures[0]).unwrap(), &mut first).unwrap();
    assert_eq!(first, png(10));
}

#[cfg(feature = "feeds")]
#[test]
fn a_feed_of_100000_entries_gives_its_newest_few_quickly() {
    let server = TestServer::start(
        (49_995..50_000)
            .map(|n| {
                let reply = story(&format!("Story Number {n} From the Long Feed"));
                (format!("/story/{n}"), reply)
            })
            .collect(),
    );
    // Two entries a link, a minute apart: the newest five articles are the last ten entries.
    let mut atom = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>The Long Feed</title><id>urn:long</id><updated>2025-06-05T08:00:00Z</updated>\n",
    );
    for n in 0..100_000i64 {
        let updated = chrono::DateTime::from_timestamp(1_600_000_000 + n * 60, 0)
            .unwrap()
            .to_rfc3339();
        atom.push_str(&format!(
            "<entry><title>{n}</title><id>urn:{n}</id><link href=\"{}/story/{}\"/><updated>{updated}</updated></entry>\n",
            server.base,
            n / 2
        ));
    }
    atom.push_str("</feed>\n");
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("long.atom");
    std::fs::write(&feed, atom).unwrap();
    let started = Instant::now();
    let out = cleancopy_net()
        .args(["json", "--limit", "5", "--feed"])
        .arg(&feed)
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let titles: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["title"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: Vec<String> = (49_995..50_000)
        .rev()
        .map(|n| format!("Story Number {n} From the Long Feed"))
        .collect();
    assert_eq!(titles, expected);
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
}

#[test]
fn a_failed_redirect_names_the_input_and_where_it_led() {
    let server = TestServer::start(vec![("/moved", Reply::redirect(301, "/gone"))]);
    let url = server.url("/moved");
    let out = run(&["text", &url]);
    assert_one_line_error(
        &out,
        &[&format!("{url}: HTTP 404 Not Found"), &server.url("/gone")],
    );
}

#[test]
fn request_headers_too_large_are_named_in_plain_words() {
    let server = TestServer::start(vec![("/p", Reply::html(page()))]);
    let dir = tempfile::tempdir().unwrap();
    let cookies = dir.path().join("cookies.txt");
    let huge = "x".repeat(220 * 1024);
    std::fs::write(
        &cookies,
        format!("127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\t{huge}\n"),
    )
    .unwrap();
    let url = server.url("/p");
    let out = cleancopy_net()
        .args(["text", "--cookie-file"])
        .arg(&cookies)
        .arg(&url)
        .output()
        .unwrap();
    assert_one_line_error(&out, &[&url, "request headers are too large"]);
    assert!(server.requests().is_empty());
}

#[test]
fn an_untrusted_certificate_is_named_in_plain_words() {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    // A self-signed certificate as `openssl req -x509` makes it (it says it is an authority),
    // and one signed by an authority nobody trusts.
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let self_signed = params.self_signed(&key).unwrap();
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    for (certificate, key, cause) in [
        (
            self_signed.der().to_vec(),
            key.serialize_der(),
            "certificate is not trusted (self-signed)",
        ),
        (
            leaf.der().to_vec(),
            leaf_key.serialize_der(),
            "certificate is not trusted (issued by an unknown authority",
        ),
    ] {
        let server = TestServer::start_tls(vec![("/p", Reply::html(page()))], certificate, key);
        let url = server.url("/p");
        let out = run(&["text", &url]);
        assert_one_line_error(
            &out,
            &[&format!("{url}: cannot fetch: the server's {cause}")],
        );
    }
}
