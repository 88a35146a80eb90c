//! The values options may take, checked in one place for the command line, scripts and a
//! server alike: each option's range is a constant here, and [`check_range`] gives the one
//! message for a value outside it.

use std::fmt::Display;
use std::ops::RangeInclusive;
use std::time::Duration;

/// Size of the PDF's running text, in points (`--font-size`).
pub const FONT_SIZE_PT: RangeInclusive<f32> = 4.0..=36.0;
/// The PDF's page margin, in millimetres (`--margin`).
pub const MARGIN_MM: RangeInclusive<f32> = 0.0..=80.0;
/// The long side pictures are scaled down to, in pixels (`--max-image-size`).
pub const IMAGE_SIDE_PX: RangeInclusive<u32> = 64..=10_000;
/// How many inputs are read at once (`--jobs`).
pub const JOBS: RangeInclusive<usize> = 1..=32;
/// The longest one input may be given on the network (`--timeout`), in seconds: a day.
pub const MAX_TIMEOUT_SECONDS: f64 = 86_400.0;

/// An option set to a value it may not take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{option}: {message}")]
pub struct OptionError {
    /// The option and its value, as the command line writes them (`--margin 90`).
    pub option: String,
    /// What is wrong with the value.
    pub message: String,
}

impl OptionError {
    /// The error for `option` set to `value`.
    pub fn new(option: &str, value: impl Display, message: impl Into<String>) -> Self {
        OptionError {
            option: format!("{option} {value}"),
            message: message.into(),
        }
    }
}

/// Checks that `value` of `option` is within `range`, in `unit`.
pub fn check_range<T: PartialOrd + Display>(
    option: &str,
    value: T,
    range: &RangeInclusive<T>,
    unit: &str,
) -> Result<(), OptionError> {
    if range.contains(&value) {
        return Ok(());
    }
    let message = format!(
        "must be between {} and {} {unit}",
        range.start(),
        range.end()
    );
    Err(OptionError::new(option, value, message.trim_end()))
}

/// Reads a timeout (`--timeout`): seconds, fractions allowed, more than 0 and at most a day.
pub fn parse_seconds(value: &str) -> Result<Duration, String> {
    let seconds: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("'{value}' is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds <= MAX_TIMEOUT_SECONDS) {
        return Err(format!(
            "'{value}': must be between 0 and {MAX_TIMEOUT_SECONDS} seconds"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// Reads a size (`--max-bytes`): a byte count with an optional K, M or G (binary) suffix.
pub fn parse_size(value: &str) -> Result<u64, String> {
    let invalid = || format!("'{value}': expected a size such as 500000, 800K, 64M or 1G");
    let upper = value.trim().to_ascii_uppercase();
    let upper = upper.trim_end_matches("IB").trim_end_matches('B');
    let (digits, shift) = match upper.chars().last() {
        Some('K') => (&upper[..upper.len() - 1], 10),
        Some('M') => (&upper[..upper.len() - 1], 20),
        Some('G') => (&upper[..upper.len() - 1], 30),
        _ => (upper, 0),
    };
    let count: u64 = digits.trim().parse().map_err(|_| invalid())?;
    count
        .checked_mul(1 << shift)
        .filter(|&bytes| bytes > 0)
        .ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_outside_its_range_names_the_option_and_the_range() {
        assert!(check_range("--margin", 20.0, &MARGIN_MM, "mm").is_ok());
        let err = check_range("--margin", 90.0, &MARGIN_MM, "mm").unwrap_err();
        assert_eq!(err.to_string(), "--margin 90: must be between 0 and 80 mm");
        let err = check_range("--jobs", 0, &JOBS, "").unwrap_err();
        assert_eq!(err.to_string(), "--jobs 0: must be between 1 and 32");
        assert!(check_range("--font-size", f32::NAN, &FONT_SIZE_PT, "pt").is_err());
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("800K"), Ok(800 * 1024));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn timeouts_are_positive_seconds_up_to_a_day() {
        assert_eq!(parse_seconds("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(
            parse_seconds("90000"),
            Err("'90000': must be between 0 and 86400 seconds".to_string())
        );
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("-3").is_err());
        assert!(parse_seconds("NaN").is_err());
    }
}
