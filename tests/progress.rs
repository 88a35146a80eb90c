//! The progress line, as seen on a terminal (a pseudo-terminal made by `script`): a spinner
//! while one slow page downloads, the whole address when it fits, and the input being read
//! beside its number.

mod common;

use std::time::Duration;

use common::server::{Reply, TestServer};

fn page(title: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>{}</p></article></body></html>",
        "The tide came in slowly over the flats while the harbour clock kept its time. ".repeat(8)
    )
}

/// What `cleancopy epub ARGS` draws on a terminal 60 columns wide; `None` without `script`.
fn on_terminal(args: &[String]) -> Option<String> {
    if !common::available("script", common::has_tool("script")) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut command = format!(
        "stty cols 60 rows 24; exec '{}' epub -o book.epub",
        env!("CARGO_BIN_EXE_cleancopy")
    );
    for arg in args {
        command.push_str(&format!(" '{arg}'"));
    }
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("TERM", "xterm")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(dir.path().join("book.epub").exists());
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn one_slow_page_shows_a_spinner_and_its_whole_address() {
    let server = TestServer::start(vec![(
        "/2025/06/harbour-clock",
        Reply::html(page("Harbour clock")).delayed(Duration::from_millis(900)),
    )]);
    let url = server.url("/2025/06/harbour-clock");
    let Some(screen) = on_terminal(std::slice::from_ref(&url)) else {
        return;
    };
    assert!(screen.contains(&url), "the whole address: {screen:?}");
    let spinner = "⠁⠂⠄⡀⢀⠠⠐⠈";
    assert!(
        screen.chars().any(|c| spinner.contains(c)),
        "a spinner: {screen:?}"
    );
}

#[test]
fn two_inputs_show_the_one_being_read_beside_its_number() {
    let server = TestServer::start(vec![
        (
            "/first",
            Reply::html(page("First")).delayed(Duration::from_millis(600)),
        ),
        (
            "/second",
            Reply::html(page("Second")).delayed(Duration::from_millis(600)),
        ),
    ]);
    let urls = [server.url("/first"), server.url("/second")];
    let args = [
        "--jobs".to_string(),
        "1".to_string(),
        urls[0].clone(),
        urls[1].clone(),
    ];
    let Some(screen) = on_terminal(&args) else {
        return;
    };
    assert!(screen.contains(&format!("1/2 {}", urls[0])), "{screen:?}");
    assert!(screen.contains(&format!("2/2 {}", urls[1])), "{screen:?}");
}
