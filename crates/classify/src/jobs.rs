//! The independent jobs of a training run, handed to a [`TrainRunner`].
//!
//! A training run analyzes the text of its rows (in slices) and fits a
//! joint model and one model per target, and, for the calibration, the same
//! again on part of the rows. The jobs of one batch do not depend on each
//! other. The library runs them one after another ([`InOrder`]); the binary
//! passes a runner that spreads them over its thread pool. Results come
//! back in job order, so the model bytes do not depend on the runner.

use std::borrow::Cow;

use ndarray::Array1;
use standpoint_features::{FeatureConfig, Part, Vectorizer};

use crate::logistic::{SparseLogisticRegression, SparseLogisticRegressionValidParams};
use crate::sparse::CsrMatrix;
use crate::targets::TargetTerms;
use crate::Result;

/// One logistic-regression fit: settings, rows, labels and a warm start.
#[derive(Debug)]
pub struct FitJob<'a> {
    params: SparseLogisticRegressionValidParams,
    x: &'a CsrMatrix,
    /// The rows of `x` to fit on (`None`: all); they are copied out only
    /// while the job runs, so a batch of per-target jobs does not hold a
    /// second copy of the matrix.
    rows: Option<Vec<usize>>,
    y: Array1<usize>,
    start: Option<&'a SparseLogisticRegression>,
}

impl<'a> FitJob<'a> {
    pub(crate) fn new(
        params: SparseLogisticRegressionValidParams,
        x: &'a CsrMatrix,
        rows: Option<Vec<usize>>,
        y: Array1<usize>,
        start: Option<&'a SparseLogisticRegression>,
    ) -> Self {
        FitJob {
            params,
            x,
            rows,
            y,
            start,
        }
    }

    /// Rows in this fit (a rough measure of its cost).
    pub fn rows(&self) -> usize {
        self.y.len()
    }

    /// Runs the fit.
    pub fn run(&self) -> Result<SparseLogisticRegression> {
        let x = match &self.rows {
            Some(rows) => Cow::Owned(self.x.select(rows)),
            None => Cow::Borrowed(self.x),
        };
        self.params.fit_parts(x, &self.y, self.start)
    }
}

/// The text analysis of one slice of the training rows.
#[derive(Debug)]
pub struct AnalyzeJob<'a> {
    docs: &'a [(&'a str, Option<&'a str>)],
    config: &'a FeatureConfig,
    terms: &'a TargetTerms,
}

impl<'a> AnalyzeJob<'a> {
    pub(crate) fn new(
        docs: &'a [(&'a str, Option<&'a str>)],
        config: &'a FeatureConfig,
        terms: &'a TargetTerms,
    ) -> Self {
        AnalyzeJob {
            docs,
            config,
            terms,
        }
    }

    /// Runs the analysis.
    pub fn run(&self) -> Result<Part> {
        Ok(Vectorizer::analyze_part(
            self.docs,
            self.config,
            self.terms,
        )?)
    }
}

/// Runs batches of independent jobs and returns their results in job order.
pub trait TrainRunner: Sync {
    /// Runs every fit of `jobs`; result `i` belongs to job `i`.
    fn fit_all(&self, jobs: Vec<FitJob<'_>>) -> Vec<Result<SparseLogisticRegression>>;
    /// Runs every analysis of `jobs`; result `i` belongs to job `i`.
    fn analyze_all(&self, jobs: Vec<AnalyzeJob<'_>>) -> Vec<Result<Part>>;
    /// How many slices the rows are analyzed in (1: all at once).
    fn slices(&self) -> usize {
        1
    }
}

/// Runs the jobs one after another on the calling thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct InOrder;

impl TrainRunner for InOrder {
    fn fit_all(&self, jobs: Vec<FitJob<'_>>) -> Vec<Result<SparseLogisticRegression>> {
        jobs.iter().map(FitJob::run).collect()
    }

    fn analyze_all(&self, jobs: Vec<AnalyzeJob<'_>>) -> Vec<Result<Part>> {
        jobs.iter().map(AnalyzeJob::run).collect()
    }
}
