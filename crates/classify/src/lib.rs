//! Stance classification: training data, a sparse multinomial logistic
//! regression (a linfa estimator), the model file, and evaluation.
//!
//! - [`SparseLogisticRegressionParams`] → `check()` → [`SparseLogisticRegressionValidParams`],
//!   which implements linfa's `Fit` on `DatasetBase<CsrMatrix, Array1<usize>>`;
//!   the fitted [`SparseLogisticRegression`] implements `PredictInplace`, so
//!   linfa's `Predict` works on it.
//! - [`train`] checks a [`TrainConfig`] (linfa's `ParamGuard`) and fits a
//!   [`Vectorizer`](standpoint_features::Vectorizer) and the linear models into
//!   a [`StanceModel`]; [`StanceModel::to_json`] / [`StanceModel::from_json`]
//!   are the model file.
//! - a [`StanceModel`] predicts [`Queries`] through linfa's `Predict`, for
//!   labeling and evaluation alike.
//! - [`evaluate`], [`cross_val_predict`] and [`score`] use linfa's confusion
//!   matrix metrics; [`tune`] picks settings by seeded stratified k-fold.
#![deny(missing_docs)]

mod calibrate;
mod config;
mod data;
mod eval;
mod evidence;
mod file;
mod jobs;
mod linear;
mod logistic;
mod model;
#[cfg(test)]
mod model_tests;
mod param;
mod predict;
mod sparse;
mod standins;
mod targets;
#[cfg(test)]
mod test_data;
mod train;

pub use calibrate::Temperatures;
pub use config::{
    TrainConfig, TrainingInfo, ValidTrainConfig, CALIBRATION_FOLDS, DEFAULT_SEED,
    PER_TARGET_MIN_ROWS,
};
pub use data::{
    canonical_label, read_examples, read_labeled, read_training_files, read_training_set, Example,
    LabeledFile, TrainingSet, LABELS,
};
pub use eval::{
    by_confidence, calibration, evaluate, evaluate_predictions, predict_examples, predict_labels,
    score, score_by_target, score_predictions, Calibration, ClassScores, ConfidenceCut, Evaluation,
    ReliabilityBin, CONFIDENCE_CUTS, NO_POSITION, UNCERTAIN,
};
pub use evidence::EVIDENCE_FEATURES;
pub use file::{MODEL_TYPE, MODEL_VERSION, MODEL_VERSION_UNCALIBRATED};
pub use jobs::{AnalyzeJob, FitJob, InOrder, TrainRunner};
pub use logistic::{
    ClassWeight, SparseLogisticRegression, SparseLogisticRegressionParams,
    SparseLogisticRegressionValidParams,
};
pub use model::{StanceModel, TopFeature};
pub use predict::{Prediction, Queries};
pub use sparse::CsrMatrix;
pub use standpoint_features::{exclusion, phrase, weak, FeatureConfig};
pub use targets::{has_term, parse_terms, read_target_terms, TargetTerms};
pub use train::{
    cross_val_predict, cross_val_predict_with_progress, cross_val_predictions, data_hash,
    stratified_folds, train, train_with_runner, train_with_terms, tune, tune_grid,
    tune_with_progress, TuneResult, CALIBRATION_ROWS,
};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClassifyError {
    /// A training file problem, with `file:line`.
    #[error("{path}:{line}: {message}")]
    Data {
        /// File.
        path: String,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Invalid hyper-parameters or training data shape.
    #[error("invalid parameters: {0}")]
    Params(String),
    /// Inconsistent matrix or label shapes.
    #[error("shape mismatch: {0}")]
    Shape(String),
    /// The optimizer failed.
    #[error("L-BFGS solver: {0}")]
    Solver(String),
    /// Model file problem.
    #[error("invalid model: {0}")]
    Model(String),
    /// Feature extraction error.
    #[error(transparent)]
    Features(#[from] standpoint_features::FeatureError),
    /// linfa error (metrics, datasets).
    #[error(transparent)]
    Linfa(#[from] linfa::Error),
    /// CSV error.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// JSON error.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// I/O error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, ClassifyError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn has<T: Send + Sync + Sized + Unpin>() {}
        has::<StanceModel>();
        has::<SparseLogisticRegression>();
        has::<SparseLogisticRegressionParams>();
        has::<CsrMatrix>();
        has::<TrainConfig>();
        has::<ValidTrainConfig>();
        has::<Queries<'static>>();
        has::<Prediction>();
        has::<Evaluation>();
        has::<ClassifyError>();
    }
}
