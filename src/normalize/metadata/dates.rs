//! Dates as pages write them, read into ISO 8601: machine dates (RFC 3339, ISO 8601 with or
//! without a time, RFC 2822, `Mon Aug 03 12:45:00 EDT 2015`) and the dates people read
//! ("Dec. 14, 2016", "15. Dezember 2016", "15 de diciembre de 2016", "15.12.2016",
//! "2016年12月15日", "2016년 12월 15일"). A date-time keeps its time only when it names its
//! offset from UTC; anything that is not a real day (month 13, year 1) gives nothing.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat};

use crate::calendar;

use crate::normalize::vocabulary::dates::{
    DATE_FILLER_WORDS, FOREIGN_MONTH_ABBREVIATIONS, MONTH_ABBREVIATION_LEN, MONTH_NAMES, TIME_ZONES,
};

/// The years an article's date may fall in; anything else is a placeholder or a typo.
const YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

/// The most words a written date spans ("Monday , 15 de diciembre de 2016 at 10:45 a.m.
/// CET"), when looked for in running text.
const MAX_DATE_WORDS: usize = 10;

/// How to read a numeric date whose first two numbers could both be the month
/// ("04/05/2016"): as day first (most of the world) or month first (the United States).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    /// 04/05/2016 is 4 May.
    DayFirst,
    /// 04/05/2016 is 5 April.
    MonthFirst,
}

impl DayOrder {
    /// The order a page in `language` (a BCP 47 tag) writes numeric dates in: month first in
    /// American English and when the language is unknown, day first elsewhere.
    pub fn for_language(language: Option<&str>) -> Self {
        let Some(tag) = language else {
            return DayOrder::MonthFirst;
        };
        let tag = tag.to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or_default();
        match primary {
            "en" if tag == "en" || tag == "en-us" || tag == "en-ca" || tag == "en-ph" => {
                DayOrder::MonthFirst
            }
            _ => DayOrder::DayFirst,
        }
    }
}

/// `text`, a whole date as a page gives it, in ISO 8601: `2016-12-15`, or
/// `2016-12-15T10:00:00-05:00` when it names a time and its offset. `None` when `text` is not
/// a date, or not a real one.
pub fn normalize_date(text: &str, order: DayOrder) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    machine_date(text)
        .or_else(|| asian_date(text))
        .or_else(|| written_date(&words(text), order))
}

/// The first date written in `text` (a dateline, a byline with its date: "By Jane Roe |
/// Published Dec. 14, 2016"), in ISO 8601 as [`normalize_date`] gives it.
pub fn find_date(text: &str, order: DayOrder) -> Option<String> {
    if let Some(date) = asian_date(text) {
        return Some(date);
    }
    let words = words(text);
    for start in 0..words.len() {
        // A machine date in running text is one word with dashes ("2016-12-15T10:00Z"),
        // never a bare number.
        if words[start].contains('-') {
            if let Some(date) = machine_date(&words[start]) {
                return Some(date);
            }
        }
        let longest = MAX_DATE_WORDS.min(words.len() - start);
        for len in (1..=longest).rev() {
            if let Some(date) = written_date(&words[start..start + len], order) {
                return Some(date);
            }
        }
    }
    None
}

/// A date written for machines: RFC 3339 and the ISO 8601 shapes pages use, RFC 2822, the
/// `toString` of Java and JavaScript dates is read as written text.
fn machine_date(text: &str) -> Option<String> {
    if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
        return with_offset(moment, SecondsFormat::AutoSi);
    }
    // "Z" for UTC, which `%z` does not read.
    let zoned = match text.strip_suffix(['Z', 'z']) {
        Some(local) => format!("{local}+00:00"),
        None => text.to_string(),
    };
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M%z",
    ] {
        if let Ok(moment) = DateTime::parse_from_str(&zoned, format) {
            return with_offset(moment, SecondsFormat::AutoSi);
        }
    }
    if let Ok(moment) = DateTime::parse_from_rfc2822(text) {
        return with_offset(moment, SecondsFormat::Secs);
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(moment) = NaiveDateTime::parse_from_str(text, format) {
            return day(moment.date());
        }
    }
    for format in ["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return day(date);
        }
    }
    None
}

/// `date` as `YYYY-MM-DD`, if its year is plausible.
fn day(date: NaiveDate) -> Option<String> {
    use chrono::Datelike;
    YEARS
        .contains(&date.year())
        .then(|| date.format("%Y-%m-%d").to_string())
}

/// `moment` in RFC 3339 (`Z` for UTC), if its year is plausible.
fn with_offset(moment: DateTime<FixedOffset>, seconds: SecondsFormat) -> Option<String> {
    day(moment.date_naive())?;
    Some(moment.to_rfc3339_opts(seconds, true))
}

/// A date with the year, month and day markers of Chinese, Japanese ("2016年12月15日") or
/// Korean ("2016년 12월 15일"), anywhere in `text`.
fn asian_date(text: &str) -> Option<String> {
    let mut numbers: Vec<(u32, char)> = Vec::new();
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if c.is_whitespace() && !digits.is_empty() {
            // "2016 年" is rare, but a space after a number ends it.
            numbers.push((digits.parse().ok()?, ' '));
            digits.clear();
            continue;
        }
        if !digits.is_empty() {
            numbers.push((digits.parse().unwrap_or(0), c));
            digits.clear();
        }
    }
    numbers.windows(3).find_map(|window| match window {
        [(year, '年' | '년'), (month, '月' | '월'), (day_, '日' | '일')] => {
            NaiveDate::from_ymd_opt(i32::try_from(*year).ok()?, *month, *day_).and_then(day)
        }
        _ => None,
    })
}

/// `text` cut into the words of a written date: at spaces and commas, with the brackets
/// around a zone ("(UTC)") and a "|" between byline parts counted as spaces.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '(' | ')' | '•' | '·'))
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// The parts of a written date found so far.
#[derive(Default)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<NaiveTime>,
    afternoon: Option<bool>,
    offset_minutes: Option<i32>,
}

/// A date written for people, where every word is a part of it: a month's name, a day, a
/// year, a numeric date ("15.12.2016", "12-15-2016"), a time, a zone, a weekday or one of the
/// [`DATE_FILLER_WORDS`].
fn written_date(words: &[String], order: DayOrder) -> Option<String> {
    let mut parts = Parts::default();
    for word in words {
        read_word(word, order, &mut parts)?;
    }
    let date = NaiveDate::from_ymd_opt(parts.year?, parts.month?, parts.day?)?;
    day(date)?;
    let (Some(time), Some(offset)) = (parts.time, parts.offset_minutes) else {
        return day(date);
    };
    let time = match parts.afternoon {
        Some(afternoon) => {
            use chrono::Timelike;
            let hour = time.hour();
            if !(1..=12).contains(&hour) {
                return day(date);
            }
            let hour = hour % 12 + if afternoon { 12 } else { 0 };
            time.with_hour(hour)?
        }
        None => time,
    };
    let offset = FixedOffset::east_opt(offset * 60)?;
    let moment = date.and_time(time).and_local_timezone(offset).single()?;
    with_offset(moment, SecondsFormat::Secs)
}

/// Reads one word of a written date into `parts`; `None` when the word is not part of a date
/// or repeats a part already read.
fn read_word(word: &str, order: DayOrder, parts: &mut Parts) -> Option<()> {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches(['.', ':', ';']);
    if lower.is_empty() || DATE_FILLER_WORDS.contains(&lower) || lower == "-" {
        return Some(());
    }
    if let Some((year, month, day)) = numeric_date(lower, order) {
        return set(&mut parts.year, year)
            .and_then(|()| set(&mut parts.month, month))
            .and_then(|()| set(&mut parts.day, day));
    }
    if let Some(time) = clock_time(lower) {
        return set(&mut parts.time, time);
    }
    if let Some(afternoon) = meridiem(lower) {
        return set(&mut parts.afternoon, afternoon);
    }
    if let Some(offset) = zone_offset(lower) {
        // "GMT+0000 (UTC)" names its zone twice.
        if parts.offset_minutes == Some(offset) {
            return Some(());
        }
        return set(&mut parts.offset_minutes, offset);
    }
    if let Some(month) = month_number(lower) {
        return set(&mut parts.month, month);
    }
    if lower.chars().all(|c| c.is_ascii_digit()) {
        let number: i32 = lower.parse().ok()?;
        return match lower.len() {
            4 => set(&mut parts.year, number),
            1 | 2 => set(&mut parts.day, u32::try_from(number).ok()?),
            _ => None,
        };
    }
    let digits = lower.trim_end_matches(|c: char| c.is_alphabetic() || c == 'º' || c == '°');
    let suffix = &lower[digits.len()..];
    if !digits.is_empty()
        && digits.len() <= 2
        && digits.chars().all(|c| c.is_ascii_digit())
        && ["st", "nd", "rd", "th", "er", "º", "°"].contains(&suffix)
    {
        return set(&mut parts.day, digits.parse().ok()?);
    }
    None
}

/// Fills an empty part; `None` when it is already filled.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

/// A date of three numbers: `2016-12-15`, `2016/12/15`, `2016.12.15`, `15.12.2016` (day
/// first, as German and Russian write it), `12-15-2016` or `12/15/2016` (month first when
/// the day cannot be first or `order` says so).
fn numeric_date(word: &str, order: DayOrder) -> Option<(i32, u32, u32)> {
    let separator = ['-', '/', '.'].into_iter().find(|s| word.contains(*s))?;
    let numbers: Vec<&str> = word.split(separator).collect();
    let [a, b, c] = numbers.as_slice() else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|n| !n.is_empty() && n.chars().all(|ch| ch.is_ascii_digit()))
    {
        return None;
    }
    let (na, nb, nc): (u32, u32, u32) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        return Some((i32::try_from(na).ok()?, nb, nc));
    }
    if c.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let year = i32::try_from(nc).ok()?;
    let day_first = separator == '.' || na > 12 || (nb <= 12 && order == DayOrder::DayFirst);
    Some(if day_first {
        (year, nb, na)
    } else {
        (year, na, nb)
    })
}

/// A clock time: "12:45", "12:45:00", "10h55".
fn clock_time(word: &str) -> Option<NaiveTime> {
    let word = word.trim_end_matches("am").trim_end_matches("pm");
    let (hour, rest) = word.split_once([':', 'h'])?;
    let (minute, second) = match rest.split_once(':') {
        Some((minute, second)) => (minute, second.split('.').next()?),
        None => (rest, "0"),
    };
    let number = |text: &str| {
        (!text.is_empty() && text.len() <= 2 && text.chars().all(|c| c.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    NaiveTime::from_hms_opt(number(hour)?, number(minute)?, number(second)?)
}

/// "am" / "a.m" (false) or "pm" / "p.m" (true).
fn meridiem(word: &str) -> Option<bool> {
    match word {
        "am" | "a.m" => Some(false),
        "pm" | "p.m" => Some(true),
        _ => None,
    }
}

/// A zone's offset from UTC in minutes: a name of [`TIME_ZONES`], "+0000", "-05:00",
/// "GMT+0100".
fn zone_offset(word: &str) -> Option<i32> {
    if let Some((_, minutes)) = TIME_ZONES.iter().find(|(name, _)| *name == word) {
        return Some(*minutes);
    }
    let signed = word
        .strip_prefix("gmt")
        .or_else(|| word.strip_prefix("utc"))
        .unwrap_or(word);
    let (sign, digits) = match signed.chars().next()? {
        '+' => (1, &signed[1..]),
        '-' => (-1, &signed[1..]),
        _ => return None,
    };
    let digits = digits.replace(':', "");
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

/// The month a word names: an English name or its start ("sept", "Dec"), or a name or short
/// form in another language ("diciembre", "déc", "Dezember", "декабря").
fn month_number(word: &str) -> Option<u32> {
    let english = MONTH_NAMES
        .iter()
        .position(|month| word.len() >= MONTH_ABBREVIATION_LEN && month.starts_with(word));
    let foreign = || {
        let named = calendar::WORDED.iter().find_map(|(_, months)| {
            months
                .iter()
                .position(|month| month.chars().flat_map(char::to_lowercase).eq(word.chars()))
        });
        named.or_else(|| {
            FOREIGN_MONTH_ABBREVIATIONS
                .iter()
                .find_map(|months| months.iter().position(|month| *month == word))
        })
    };
    english
        .or_else(foreign)
        .and_then(|index| u32::try_from(index + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us(text: &str) -> Option<String> {
        normalize_date(text, DayOrder::MonthFirst)
    }

    fn eu(text: &str) -> Option<String> {
        normalize_date(text, DayOrder::DayFirst)
    }

    #[test]
    fn machine_dates_stay_iso_with_their_offset() {
        assert_eq!(
            us("2024-05-01T08:00:00Z").as_deref(),
            Some("2024-05-01T08:00:00Z")
        );
        assert_eq!(
            us("2015-12-11T14:28:34.438Z").as_deref(),
            Some("2015-12-11T14:28:34.438Z")
        );
        assert_eq!(
            us("2016-12-15T10:00-0500").as_deref(),
            Some("2016-12-15T10:00:00-05:00")
        );
        assert_eq!(
            us("2016-12-15 10:00:00 +0100").as_deref(),
            Some("2016-12-15T10:00:00+01:00")
        );
        assert_eq!(us("2016-12-15T10:00:00").as_deref(), Some("2016-12-15"));
        assert_eq!(us("2016-12-15").as_deref(), Some("2016-12-15"));
        assert_eq!(us("20161215").as_deref(), Some("2016-12-15"));
    }

    #[test]
    fn rfc_2822_and_java_dates_are_read() {
        assert_eq!(
            us("Thu, 15 Dec 2016 10:00:00 +0000").as_deref(),
            Some("2016-12-15T10:00:00Z")
        );
        assert_eq!(
            us("Mon Aug 03 12:45:00 EDT 2015").as_deref(),
            Some("2015-08-03T12:45:00-04:00")
        );
        assert_eq!(
            us("Sat Dec 07 2024 01:36:42 GMT+0000 (UTC)").as_deref(),
            Some("2024-12-07T01:36:42Z")
        );
    }

    #[test]
    fn written_dates_in_several_languages_are_read() {
        for (text, want) in [
            ("Dec. 14, 2016", "2016-12-14"),
            ("December 14th, 2016", "2016-12-14"),
            ("14 December 2016", "2016-12-14"),
            ("Wednesday, December 14, 2016", "2016-12-14"),
            ("15 de diciembre de 2016", "2016-12-15"),
            ("le 15 décembre 2016", "2016-12-15"),
            ("1er déc. 2016", "2016-12-01"),
            ("15. Dezember 2016", "2016-12-15"),
            ("15 dicembre 2016", "2016-12-15"),
            ("15 de dezembro de 2016", "2016-12-15"),
            ("15 декабря 2016", "2016-12-15"),
            ("2016年12月15日", "2016-12-15"),
            ("2016년 12월 15일", "2016-12-15"),
        ] {
            assert_eq!(eu(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn every_month_the_books_write_is_read_back() {
        for (language, months) in crate::calendar::WORDED {
            for (index, month) in months.iter().enumerate() {
                let text = format!("15 {month} 2016");
                let want = format!("2016-{:02}-15", index + 1);
                assert_eq!(eu(&text), Some(want), "{language}: {text}");
            }
        }
        assert_eq!(eu("12 maja 2020").as_deref(), Some("2020-05-12"));
        assert_eq!(eu("3 maart 2021").as_deref(), Some("2021-03-03"));
    }

    #[test]
    fn numeric_dates_follow_the_page_order() {
        assert_eq!(us("12-15-2016").as_deref(), Some("2016-12-15"));
        assert_eq!(eu("12-15-2016").as_deref(), Some("2016-12-15"));
        assert_eq!(us("15.12.2016").as_deref(), Some("2016-12-15"));
        assert_eq!(us("04/05/2016").as_deref(), Some("2016-04-05"));
        assert_eq!(eu("04/05/2016").as_deref(), Some("2016-05-04"));
        assert_eq!(us("2016/12/15").as_deref(), Some("2016-12-15"));
    }

    #[test]
    fn impossible_dates_and_text_give_nothing() {
        for text in [
            "2016-13-01",
            "2016-02-30",
            "0001-01-01T00:00:00Z",
            "0001-01-01",
            "13/13/2016",
            "yesterday",
            "May the force be",
            "Monday",
            "",
        ] {
            assert_eq!(us(text), None, "{text}");
        }
    }

    #[test]
    fn a_date_is_found_in_a_byline() {
        assert_eq!(
            find_date(
                "By Jane Doe | Published Dec. 14, 2016",
                DayOrder::MonthFirst
            )
            .as_deref(),
            Some("2016-12-14")
        );
        assert_eq!(
            find_date(
                "Jane Doe Updated on March 3, 2024 at 10:45 a.m. EST",
                DayOrder::MonthFirst
            )
            .as_deref(),
            Some("2024-03-03T10:45:00-05:00")
        );
        assert_eq!(
            find_date("Publié le 15 décembre 2016 à 10h55", DayOrder::DayFirst).as_deref(),
            Some("2016-12-15")
        );
        assert_eq!(
            find_date("Jane Doe, Staff Writer", DayOrder::MonthFirst),
            None
        );
    }
}
