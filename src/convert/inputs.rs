//! Which articles a run reads: the inputs named one by one, those of a reading list and those
//! of a feed, in that order.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::error::Error;
#[cfg(feature = "feeds")]
use crate::source::feed::{read_feed, FeedSelection};
use crate::source::{read_input_list_lines, Fetcher, Input, SourceLimits};

/// The inputs a run is asked to read.
#[derive(Debug, Clone, Default)]
pub struct InputSelection {
    /// Inputs named one by one: paths, web addresses, `-` for standard input.
    pub inputs: Vec<String>,
    /// A reading list: a file (or `-`) naming one input a line.
    pub input_list: Option<String>,
    /// A feed whose entries are read as articles (with the `feeds` feature).
    pub feed: Option<FeedRequest>,
}

/// An RSS or Atom feed to read articles from, and which of its entries to take.
#[derive(Debug, Clone, Default)]
pub struct FeedRequest {
    /// The feed: a web address, a file or `-`.
    pub address: String,
    /// Only entries published since this time.
    pub since: Option<DateTime<Utc>>,
    /// At most this many entries, the newest first.
    pub limit: Option<usize>,
}

/// The inputs of a run, and the title of the feed they came from (a book's title when the
/// user gave none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gathered {
    /// Every input, in the order they are to be read.
    pub inputs: Vec<Input>,
    /// The feed's title, when a feed was read.
    pub feed_title: Option<String>,
    /// Why there is nothing to read although nothing went wrong: the feed has no entry in the
    /// `--since` window (and no other input was given). A run then has nothing to do.
    pub nothing_new: Option<String>,
    /// Where the inputs of a reading list were named (`links.txt:3`), by their index in
    /// `inputs`: errors about them name the line.
    pub places: BTreeMap<usize, String>,
}

impl Gathered {
    /// `line` (an error about input `index`) after the place of the list line that named the
    /// input, when a list did.
    pub fn placed(&self, index: usize, line: String) -> String {
        match self.places.get(&index) {
            Some(place) => format!("{place}: {line}"),
            None => line,
        }
    }
}

impl InputSelection {
    /// Inputs named one by one.
    pub fn of(inputs: impl IntoIterator<Item = impl Into<String>>) -> Self {
        InputSelection {
            inputs: inputs.into_iter().map(Into::into).collect(),
            ..InputSelection::default()
        }
    }

    /// Reads the reading list and the feed (fetching with `fetcher`) and returns every input.
    /// Standard input can be read once per run; an empty list or feed is an error unless
    /// other inputs are given.
    pub fn gather(&self, fetcher: &dyn Fetcher, limits: SourceLimits) -> Result<Gathered, Error> {
        let mut inputs: Vec<Input> = self.inputs.iter().map(|a| Input::from_arg(a)).collect();
        self.check_stdin_once(&inputs)?;
        let mut places = BTreeMap::new();
        if let Some(list) = &self.input_list {
            let listed = read_input_list_lines(list, limits)?;
            if listed.is_empty() && inputs.is_empty() && self.feed.is_none() {
                return Err(Error::NoInputs(format!(
                    "{list}: the input list names no input"
                )));
            }
            for entry in listed {
                places.insert(inputs.len(), entry.place);
                inputs.push(entry.input);
            }
        }
        let (feed_title, nothing_new) = match &self.feed {
            Some(feed) => read_feed_inputs(feed, fetcher, limits, &mut inputs)?,
            None => (None, None),
        };
        self.check_stdin_once(&inputs)?;
        Ok(Gathered {
            inputs,
            feed_title,
            nothing_new,
            places,
        })
    }

    /// Standard input can feed one input, the reading list or the feed, not several of them.
    fn check_stdin_once(&self, inputs: &[Input]) -> Result<(), Error> {
        let stdin_uses = usize::from(self.input_list.as_deref() == Some("-"))
            + usize::from(self.feed.as_ref().is_some_and(|feed| feed.address == "-"))
            + inputs.iter().filter(|i| **i == Input::Stdin).count();
        if stdin_uses > 1 {
            return Err(Error::Usage(
                "standard input ('-') can be read only once per run".into(),
            ));
        }
        Ok(())
    }
}

/// Reads the feed's entries into `inputs`; returns the feed's title, and why there is nothing
/// to read when its `--since` window is empty (and no other input was given).
#[cfg(feature = "feeds")]
fn read_feed_inputs(
    feed: &FeedRequest,
    fetcher: &dyn Fetcher,
    limits: SourceLimits,
    inputs: &mut Vec<Input>,
) -> Result<(Option<String>, Option<String>), Error> {
    let selection = FeedSelection {
        since: feed.since,
        limit: feed.limit,
    };
    let items = read_feed(&Input::from_arg(&feed.address), fetcher, limits, selection)?;
    if items.links.is_empty() && inputs.is_empty() {
        if let Some(since) = feed.since {
            let since = since.format("%Y-%m-%d %H:%M UTC");
            let nothing_new = format!(
                "{}: no feed entries since {since}; nothing to do",
                feed.address
            );
            return Ok((items.title, Some(nothing_new)));
        }
        return Err(Error::NoInputs(format!(
            "{}: the feed has no entries to read",
            feed.address
        )));
    }
    inputs.extend(items.links.into_iter().map(Input::Url));
    Ok((items.title, None))
}

/// Without the `feeds` feature, a feed cannot be read.
#[cfg(not(feature = "feeds"))]
fn read_feed_inputs(
    feed: &FeedRequest,
    _: &dyn Fetcher,
    _: SourceLimits,
    _: &mut Vec<Input>,
) -> Result<(Option<String>, Option<String>), Error> {
    Err(Error::Usage(format!(
        "--feed {}: this cleancopy was built without the `feeds` feature",
        feed.address
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Fetched, SourceError};

    struct NoNetwork;

    impl Fetcher for NoNetwork {
        fn fetch(&self, url: &str, _: Option<&str>) -> Result<Fetched, SourceError> {
            Err(SourceError::Offline { input: url.into() })
        }
    }

    #[test]
    fn a_reading_list_follows_the_inputs_named_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list.txt");
        std::fs::write(&list, "# morning\nhttps://example.org/b\n").unwrap();
        let selection = InputSelection {
            input_list: Some(list.display().to_string()),
            ..InputSelection::of(["a.html"])
        };
        let gathered = selection
            .gather(&NoNetwork, SourceLimits::default())
            .unwrap();
        assert_eq!(
            gathered.inputs,
            [
                Input::File("a.html".into()),
                Input::Url("https://example.org/b".into())
            ]
        );
    }

    #[test]
    fn standard_input_is_read_once_per_run() {
        let selection = InputSelection {
            input_list: Some("-".into()),
            ..InputSelection::of(["-"])
        };
        let err = selection
            .gather(&NoNetwork, SourceLimits::default())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "standard input ('-') can be read only once per run"
        );
    }
}
