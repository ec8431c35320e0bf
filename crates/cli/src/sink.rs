//! What the driver hands its results to: a [`Sink`] (report files or a
//! stream) and the [`Render`]er its workers format rows with.

use standpoint_output::{ReportFiles, RowRenderer};
use standpoint_report::{ArticleOutput, ErrorRow};

pub(crate) use standpoint_output::Rendered;

use crate::interrupt::lift;

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

impl Render for RowRenderer {
    fn render(&self, out: &ArticleOutput) -> anyhow::Result<Rendered> {
        Ok(RowRenderer::render(self, out))
    }
}

/// The report folder of a `label` run.
impl Sink for ReportFiles {
    fn renderer(&self) -> Box<dyn Render> {
        Box::new(ReportFiles::renderer(self))
    }

    fn article(&mut self, out: &ArticleOutput, rendered: &Rendered) -> anyhow::Result<()> {
        ReportFiles::article(self, out, rendered).map_err(lift)
    }

    fn problem(&mut self, row: &ErrorRow, is_error: bool) -> anyhow::Result<()> {
        ReportFiles::problem(self, row, is_error).map_err(lift)
    }
}
