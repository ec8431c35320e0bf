//! The report folder of a standpoint run, apart from the rows themselves
//! (the report crate renders those): report files written under temporary
//! names and renamed into place together, CSVs split into numbered parts
//! for spreadsheets, the fingerprint of a run's inputs for `--shard` and
//! `--resume`, and the merge of shard folders.
//!
//! Nothing here prints or exits; the binary installs the Ctrl-C handler that
//! calls [`interrupt::request`] and [`remove_live_temps`].
//!
//! ```
//! use standpoint_output::{ReportFiles, RunInfo};
//! use standpoint_report::{CsvProfile, SentenceLayout, SentenceTable};
//! let dir = tempfile::tempdir().unwrap();
//! let table = SentenceTable::new(SentenceLayout::Wide, &[]);
//! let files = ReportFiles::create(dir.path(), CsvProfile::Plain, vec!["none".into()], table).unwrap();
//! let written = files.finish(&RunInfo::default()).unwrap();
//! assert_eq!(written.last().map(String::as_str), Some("run.json"));
//! assert!(dir.path().join("sentences.csv").is_file());
//! ```
#![deny(missing_docs)]

mod atomic;
mod files;
pub mod interrupt;
mod merge;
mod parts;
mod shard;

use std::path::{Path, PathBuf};

pub use atomic::{remove_live_temps, remove_stale_temps};
pub use files::{prepare_out_dir, Rendered, ReportFiles, RowRenderer, REPORTS};
pub use interrupt::Interrupted;
pub use merge::{merge_shards, TABLES};
pub use parts::{part_limit, spreadsheet_rows, SPREADSHEET_ROWS};
pub use shard::{parse_shard, previous_run, Fingerprint, InputHasher, Previous, Shard};
pub use standpoint_report::{RunInfo, TableParts};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// Writing or reading failed where no path is at hand.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A file operation failed on `path`.
    #[error("{}: {what}", path.display())]
    IoAt {
        /// The file or folder.
        path: PathBuf,
        /// What could not be done.
        what: &'static str,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A report could not be rendered.
    #[error(transparent)]
    Report(#[from] standpoint_report::ReportError),
    /// `run.json` could not be written.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The user asked the run to stop.
    #[error(transparent)]
    Interrupted(#[from] Interrupted),
    /// Another standpoint process is writing reports in the folder.
    #[error("{}: another standpoint run (process {pid}) is writing reports here", dir.display())]
    LiveRun {
        /// The output folder.
        dir: PathBuf,
        /// The other process.
        pid: u32,
    },
    /// The output folder already holds reports and overwriting was not asked.
    #[error("{}: already holds reports ({files}); use --force to overwrite", dir.display())]
    HoldsReports {
        /// The output folder.
        dir: PathBuf,
        /// The reports found, comma-separated.
        files: String,
    },
    /// A shard folder's `run.json` is not standpoint's.
    #[error("{}: not a standpoint run.json", path.display())]
    NotARun {
        /// The file.
        path: PathBuf,
        /// Why it does not parse.
        #[source]
        source: serde_json::Error,
    },
    /// A shard folder lacks one of its reports.
    #[error("{}: {file} is missing", dir.display())]
    MissingReport {
        /// The shard folder.
        dir: PathBuf,
        /// The report file.
        file: String,
    },
    /// The folders given to merge are not the shards of one job.
    #[error("{0}")]
    Shards(String),
    /// A CSV to merge has no header.
    #[error("{}: empty file, no header", path.display())]
    NoHeader {
        /// The file.
        path: PathBuf,
    },
    /// CSVs to merge have different headers.
    #[error("{}: header differs from {}", path.display(), first.display())]
    HeaderDiffers {
        /// The file that differs.
        path: PathBuf,
        /// The file it was compared with.
        first: PathBuf,
    },
    /// A CSV to merge ends inside a quoted cell.
    #[error("{}: ends inside a quoted cell", path.display())]
    OpenQuote {
        /// The file.
        path: PathBuf,
    },
}

/// Result alias.
pub type Result<T> = std::result::Result<T, OutputError>;

/// An I/O error on `path`.
pub(crate) fn io_at(
    path: impl AsRef<Path>,
    what: &'static str,
    source: std::io::Error,
) -> OutputError {
    OutputError::IoAt {
        path: path.as_ref().to_path_buf(),
        what,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn has<T: Send + Sync + Sized + Unpin>() {}
        has::<OutputError>();
        has::<ReportFiles>();
        has::<RowRenderer>();
        has::<Rendered>();
        has::<Shard>();
        has::<Fingerprint>();
        has::<InputHasher>();
        has::<Previous>();
        has::<Interrupted>();
    }

    #[test]
    fn located_errors_keep_path_and_cause() {
        let e = io_at(
            "out/x.csv",
            "cannot create",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(e.to_string(), "out/x.csv: cannot create");
        let source = std::error::Error::source(&e).unwrap().to_string();
        assert!(source.contains("ermission"), "{source}");
    }
}
