//! The stop request of Ctrl-C (or SIGTERM/SIGHUP): set by the binary's
//! signal handler, checked by the driver between inputs and by
//! [`crate::ReportFiles::finish`] before anything is renamed into place.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the user asked the run to stop.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The run stopped because the user asked it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted; no reports were written (older ones are unchanged)")
    }
}

impl std::error::Error for Interrupted {}

/// Fails with [`Interrupted`] once a stop was requested.
pub fn check() -> Result<(), Interrupted> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(Interrupted);
    }
    Ok(())
}

/// Records a stop request; true if one was already made.
pub fn request() -> bool {
    INTERRUPTED.swap(true, Ordering::SeqCst)
}
