//! Writing to standard output and error without panicking: `println!` panics when the
//! reader of a pipe goes away (`zonescore score … | head`), and this binary never panics.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once standard output is gone (the reader of a pipe closed it, or a write failed).
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Set when a write to standard output failed for another reason than a closed pipe (a
/// full disk): what was printed is incomplete, so the run ends with exit 2.
static FAILED: AtomicBool = AtomicBool::new(false);

/// How a command ended, as the process exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Everything was done (a veto or a low grade is still a success).
    #[default]
    Ok = 0,
    /// A submission was invalid, or a ruleset test failed.
    Failed = 1,
    /// A usage error, an unreadable path or a broken rule file.
    Usage = 2,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Writes text to standard output; a closed pipe ends output quietly, any other failure (a
/// full disk) is reported once and ends output (see [`write_failed`]).
pub fn print(s: &str) {
    if closed() {
        return;
    }
    // Above the progress bar, when standard output and error are the same terminal.
    let written = crate::progress::suspend(|| {
        let mut out = std::io::stdout().lock();
        out.write_all(s.as_bytes()).and_then(|()| out.flush())
    });
    if let Err(e) = written {
        CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe && !FAILED.swap(true, Ordering::Relaxed) {
            let why = crate::inputs::io_reason(&e);
            error_in(
                &format!("无法写入标准输出：{why}，输出不完整"),
                &format!("cannot write standard output: {why}; the output is incomplete"),
            );
        }
    }
}

/// Whether writing standard output failed for another reason than a closed pipe: the run
/// then exits 2 whatever it found, as a `-o` file that cannot be written does.
pub fn write_failed() -> bool {
    FAILED.load(Ordering::Relaxed)
}

/// Whether standard output is gone, so that there is no point in producing more.
pub fn closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

/// Writes text to standard error (above the progress bar, when one is shown).
pub fn eprint(s: &str) {
    crate::progress::suspend(|| {
        let _ = std::io::stderr().lock().write_all(s.as_bytes());
    });
}

/// Reports an error on standard error: `zonescore：错误：…` (`zonescore: error: …` in English).
pub fn error(msg: &str) {
    let prefix = crate::lang::Lang::current().pick("zonescore：错误：", "zonescore: error: ");
    eprint(&format!("{prefix}{msg}\n"));
}

/// Reports an error given in both languages, in the language of the run.
pub fn error_in(zh: &str, en: &str) {
    error(crate::lang::Lang::current().pick(zh, en));
}
