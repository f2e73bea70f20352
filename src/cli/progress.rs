//! Progress bars on stderr, only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A bar over `len` items, or a spinner when `len` is unknown; hidden when stderr is not a
/// terminal.
pub fn bar(len: Option<u64>, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match len {
        Some(n) => {
            let pb = ProgressBar::new(n);
            pb.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({per_sec})")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            pb.set_message(what.to_string());
            pb
        }
        None => {
            let pb = ProgressBar::new_spinner();
            pb.set_style(
                ProgressStyle::with_template("{spinner} {msg} {pos} ({per_sec})")
                    .expect("valid template"),
            );
            pb.set_message(what.to_string());
            pb
        }
    }
}
