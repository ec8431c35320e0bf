//! Ctrl-C (or SIGTERM/SIGHUP): the first asks the run to stop (the flag
//! lives in `standpoint_output::interrupt`, checked by the driver between
//! inputs); the second removes the reports being written and exits.

use std::sync::Once;

pub(crate) use standpoint_output::interrupt::{check, Interrupted};

/// Catches Ctrl-C, SIGTERM and SIGHUP from now on (once per process).
pub(crate) fn install_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let installed = ctrlc::set_handler(|| {
            if standpoint_output::interrupt::request() {
                standpoint_output::remove_live_temps();
                eprintln!("standpoint: interrupted again; stopped without writing reports");
                std::process::exit(crate::EXIT_INTERRUPTED);
            }
            eprintln!("standpoint: stopping (press Ctrl-C again to stop at once)");
        });
        if let Err(e) = installed {
            // Without a handler Ctrl-C still stops the run; only the temporary
            // files stay behind, for the next run to remove.
            eprintln!("standpoint: warning: cannot catch Ctrl-C ({e})");
        }
    });
}

/// An output error for `main`: a stop request stays [`Interrupted`], so it
/// exits with 130.
pub(crate) fn lift(e: standpoint_output::OutputError) -> anyhow::Error {
    match e {
        standpoint_output::OutputError::Interrupted(i) => i.into(),
        e => e.into(),
    }
}
