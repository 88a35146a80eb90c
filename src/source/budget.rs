//! The time one input may take on the network: its page, the redirects to it and its pictures
//! together (`--timeout`).
//!
//! A [`Budget`] is that time, and what is left of it; [`Budget::start`] sets its clock running
//! as a [`Deadline`], which every request of the input is given (each request's own timeout is
//! the time left), and [`Deadline::pause`] stops it again. The clock runs only while the input
//! is being fetched: an input waiting for others (its pictures are loaded once every input of
//! the book is read) loses nothing while it waits.

use std::time::{Duration, Instant};

use super::SourceError;

/// The time an input may spend on the network, and how much of it is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The whole of it, as the user gave it (named in messages).
    total: Duration,
    /// What is left.
    left: Duration,
}

impl Budget {
    /// A budget of `total`, none of it spent.
    pub fn new(total: Duration) -> Self {
        Budget { total, left: total }
    }

    /// The whole budget, spent or not.
    pub fn total(&self) -> Duration {
        self.total
    }

    /// What is left of it.
    pub fn left(&self) -> Duration {
        self.left
    }

    /// Sets the clock running: the deadline is what is left from now.
    pub fn start(&self) -> Deadline {
        let now = Instant::now();
        Deadline {
            // Past the range of `Instant` (a budget of centuries): as good as no deadline.
            at: now
                .checked_add(self.left)
                .unwrap_or(now + Duration::from_secs(86_400 * 365)),
            total: self.total,
        }
    }
}

/// When the fetching of one input must be done: a [`Budget`] whose clock is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    at: Instant,
    total: Duration,
}

impl Deadline {
    /// A deadline `total` from now (a whole [`Budget`] started).
    pub fn after(total: Duration) -> Self {
        Budget::new(total).start()
    }

    /// The time left before the deadline (zero once it has passed).
    pub fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// Whether the deadline has passed.
    pub fn is_past(&self) -> bool {
        self.remaining().is_zero()
    }

    /// The whole budget the deadline came from, as the user gave it.
    pub fn total(&self) -> Duration {
        self.total
    }

    /// Stops the clock: the budget with what is left of it.
    pub fn pause(&self) -> Budget {
        Budget {
            total: self.total,
            left: self.remaining(),
        }
    }

    /// The error of `input` not done by the deadline: "timed out after N s", N the whole
    /// budget.
    pub fn timed_out(&self, input: &str) -> SourceError {
        SourceError::Timeout {
            input: input.to_string(),
            seconds: self.total.as_secs_f64(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paused_budget_keeps_what_was_left() {
        let budget = Budget::new(Duration::from_secs(30));
        let deadline = budget.start();
        assert!(!deadline.is_past());
        assert!(deadline.remaining() <= Duration::from_secs(30));
        let paused = deadline.pause();
        assert_eq!(paused.total(), Duration::from_secs(30));
        assert!(paused.left() <= Duration::from_secs(30));
        assert!(paused.left() > Duration::from_secs(29));
    }

    #[test]
    fn a_spent_budget_is_past_at_once_and_names_the_whole_of_it() {
        let spent = Budget {
            total: Duration::from_millis(1500),
            left: Duration::ZERO,
        };
        let deadline = spent.start();
        assert!(deadline.is_past());
        assert_eq!(
            deadline.timed_out("https://example.org/a").to_string(),
            "https://example.org/a: timed out after 1.5 s"
        );
    }
}
