//! Report writers. This is the only crate that writes output, and it writes
//! only to the `io::Write` it is handed.
//!
//! ```
//! use standpoint_report::{CsvProfile, SentenceRow, TableWriter};
//! let mut out = Vec::new();
//! let mut w = TableWriter::new(&mut out, CsvProfile::Plain);
//! w.write(&SentenceRow { article: "a.txt".into(), text: "Hello.".into(), ..Default::default() }).unwrap();
//! w.finish().unwrap();
//! assert!(String::from_utf8(out).unwrap().starts_with("article,sentence,"));
//! ```
#![deny(missing_docs)]

mod evidence;
mod html;
#[cfg(test)]
mod oracle;
mod rows;
mod sentences;
mod summary;
mod table;

pub use evidence::format_evidence;
pub use html::{
    write_eval_html, EvalBin, EvalCalibration, EvalClass, EvalCut, EvalPage, EvalTarget,
    HtmlLimits, HtmlReport,
};
pub use rows::{
    ArticleOutput, ArticleRow, ErrorRow, PredictionRow, RunInfo, SentenceRow, SpeakerRow,
    StageSeconds, TableParts,
};
pub use sentences::{CellOf, SentenceCell, SentenceLayout, SentenceTable, SENTENCE_COLUMNS};
pub use standpoint_csvio::{guard_cell, CsvProfile};
pub use summary::{article_rows, speaker_rows};
pub use table::{encode_rows, Row, TableWriter};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// JSON encoding failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// An HTML template failed to render (a bug in this crate).
    #[error("HTML template: {0}")]
    Template(String),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, ReportError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn has<T: Send + Sync + Sized + Unpin>() {}
        has::<SentenceRow>();
        has::<ArticleOutput>();
        has::<ReportError>();
        has::<TableWriter<Vec<u8>>>();
    }
}
