//! The values options may take, checked in one place for the command line, scripts and a
//! server alike: each option's range is a constant here, and [`check_range`] gives the one
//! message for a value outside it.

use std::fmt::Display;
use std::ops::RangeInclusive;

/// Size of the PDF's running text, in points (`--font-size`).
pub const FONT_SIZE_PT: RangeInclusive<f32> = 4.0..=36.0;
/// The PDF's page margin, in millimetres (`--margin`).
pub const MARGIN_MM: RangeInclusive<f32> = 0.0..=80.0;
/// The long side pictures are scaled down to, in pixels (`--max-image-size`).
pub const IMAGE_SIDE_PX: RangeInclusive<u32> = 64..=10_000;
/// How many inputs are read at once (`--jobs`).
pub const JOBS: RangeInclusive<usize> = 1..=32;

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
}
