//! What the driver hands its results to: a [`Sink`] (report files or a
//! stream) and the [`Render`]er its workers format rows with.

use standpoint_report::{ArticleOutput, ErrorRow};

/// One article's report rows, rendered to bytes on a worker thread.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// Rows for the sentence table.
    pub(crate) sentences: Vec<u8>,
    /// Rows for the article table.
    pub(crate) articles: Vec<u8>,
    /// Rows for the speaker table.
    pub(crate) speakers: Vec<u8>,
}

/// Formats one article's rows; runs on the workers, so it must be shareable.
pub(crate) trait Render: Sync {
    /// Renders `out` in the sink's format.
    fn render(&self, out: &ArticleOutput) -> anyhow::Result<Rendered>;
}

/// Where ordered results go.
pub(crate) trait Sink {
    /// The formatter the workers use for this sink's rows.
    fn renderer(&self) -> Box<dyn Render>;
    /// One processed article with its rendered rows, in input order.
    fn article(&mut self, out: &ArticleOutput, rendered: &Rendered) -> anyhow::Result<()>;
    /// One failed input (or a warning), in input order.
    fn problem(&mut self, row: &ErrorRow, is_error: bool) -> anyhow::Result<()>;
}
