//! The stop request of Ctrl-C (or SIGTERM/SIGHUP): set by the signal handler
//! that `output` installs, checked by the driver between inputs.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the user asked the run to stop.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The run stopped because the user asked it to.
#[derive(Debug)]
pub(crate) struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted; no reports were written (older ones are unchanged)")
    }
}

impl std::error::Error for Interrupted {}

/// Fails with [`Interrupted`] once the user pressed Ctrl-C.
pub(crate) fn check() -> anyhow::Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(Interrupted.into());
    }
    Ok(())
}

/// Records a stop request; true if one was already made.
pub(crate) fn request() -> bool {
    INTERRUPTED.swap(true, Ordering::SeqCst)
}
