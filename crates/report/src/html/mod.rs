//! Self-contained HTML reports: `report.html` for a labelling run and the
//! page of `standpoint eval --html`.
//!
//! [`HtmlReport`] is fed the same [`ArticleOutput`]s as the CSV writers, one at
//! a time. It keeps only fixed-size tallies in memory (label counts per target,
//! speaker counts, the first error rows) and writes each article's stance strip
//! to a spill file as it goes; [`HtmlReport::finish`] renders the page around
//! the spilled fragments. Every piece of input text is HTML-escaped, by the
//! template engine in the page and by `push_escaped` in the article sections
//! (built by hand, since a template render per article would cost more than
//! the rest of the report work); no input ever becomes markup.
//!
//! The page is one file: CSS, the SVG charts and a little vanilla JavaScript
//! (target selector, table sorting) are inline, and a Content-Security-Policy
//! forbids loading anything from elsewhere.

mod common;
mod eval;
mod page;
mod report;

pub use common::HtmlLimits;
pub use eval::{
    write_eval_html, EvalBin, EvalCalibration, EvalClass, EvalCut, EvalPage, EvalTarget,
};
pub use report::HtmlReport;
