//! A progress bar on standard error (indicatif) for long runs: shown only when more than
//! [`THRESHOLD`] items are to be done and standard error is a terminal, so that a pipe or a
//! log file never receives it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;

/// The bar on screen, if any: messages on standard error are written above it.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Runs `write` (a write to standard error) with the bar, if one is shown, out of the way.
pub fn suspend<T>(write: impl FnOnce() -> T) -> T {
    let active = ACTIVE.lock().ok().and_then(|a| a.clone());
    match active {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// Items (files or workbook rows) above which a run shows its progress.
pub const THRESHOLD: u64 = 200;

/// The progress of a run over files or workbook rows.
pub struct Progress {
    bar: ProgressBar,
    terminal: bool,
}

impl Progress {
    /// A bar for `total` items, labelled `what` (`评分` / `scoring`); hidden until there are
    /// more than [`THRESHOLD`] of them, and always when standard error is not a terminal.
    pub fn new(total: usize, what: &str) -> Self {
        let bar = ProgressBar::with_draw_target(Some(to_u64(total)), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} {eta}") {
            bar.set_style(style);
        }
        bar.set_message(what.to_owned());
        let p = Self { bar, terminal: std::io::stderr().is_terminal() };
        p.show_if_long();
        p
    }

    fn show_if_long(&self) {
        if self.terminal && self.bar.is_hidden() && self.bar.length().unwrap_or(0) > THRESHOLD {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            if let Ok(mut active) = ACTIVE.lock() {
                *active = Some(self.bar.clone());
            }
        }
    }

    /// One item done.
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// `more` items found to do (the rows of a workbook that counted as one file).
    pub fn add(&self, more: usize) {
        self.bar.inc_length(to_u64(more));
        self.show_if_long();
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Ok(mut active) = ACTIVE.lock() {
            *active = None;
        }
        self.bar.finish_and_clear();
    }
}

fn to_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}
