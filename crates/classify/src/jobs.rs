//! The independent model fits of a training run, handed to a [`FitRunner`].
//!
//! A training run fits a joint model and one model per target, and, for the
//! calibration, the same again on part of the rows. The fits of one batch do
//! not depend on each other. The library runs them one after another
//! ([`InOrder`]); the binary passes a runner that spreads them over its
//! thread pool. Results come back in job order, so the model bytes do not
//! depend on the runner.

use std::borrow::Cow;

use ndarray::Array1;

use crate::logistic::{SparseLogisticRegression, SparseLogisticRegressionValidParams};
use crate::sparse::CsrMatrix;
use crate::Result;

/// One logistic-regression fit: settings, rows, labels and a warm start.
#[derive(Debug)]
pub struct FitJob<'a> {
    params: SparseLogisticRegressionValidParams,
    x: Cow<'a, CsrMatrix>,
    y: Array1<usize>,
    start: Option<&'a SparseLogisticRegression>,
}

impl<'a> FitJob<'a> {
    pub(crate) fn new(
        params: SparseLogisticRegressionValidParams,
        x: Cow<'a, CsrMatrix>,
        y: Array1<usize>,
        start: Option<&'a SparseLogisticRegression>,
    ) -> Self {
        FitJob {
            params,
            x,
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
        self.params.fit_parts(&self.x, &self.y, self.start)
    }
}

/// Runs a batch of independent fits and returns their results in job order.
pub trait FitRunner: Sync {
    /// Runs every job of `jobs`; result `i` belongs to job `i`.
    fn run_all(&self, jobs: Vec<FitJob<'_>>) -> Vec<Result<SparseLogisticRegression>>;
}

/// Runs the jobs one after another on the calling thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct InOrder;

impl FitRunner for InOrder {
    fn run_all(&self, jobs: Vec<FitJob<'_>>) -> Vec<Result<SparseLogisticRegression>> {
        jobs.iter().map(FitJob::run).collect()
    }
}
