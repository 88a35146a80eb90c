//! The config file (`config.toml`, its `[smtp]` table): reading any text must never panic; it
//! gives settings or a one-line error naming the file.
#![no_main]

use std::path::Path;

use cleancopy::deliver::config::SmtpConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("config.toml");
    if let Err(err) = SmtpConfig::from_sources(Some((path, text)), &|_| None) {
        assert!(!err.to_string().contains('\n'), "{err}");
    }
});
