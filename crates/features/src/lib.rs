//! Feature extraction: text (and target) to sparse vectors.
#![deny(missing_docs)]

/// A sparse row: sorted, unique column indices with their values.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SparseRow {
    /// Column indices, strictly increasing.
    pub indices: Vec<u32>,
    /// Values, one per index.
    pub values: Vec<f32>,
}

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FeatureError {
    /// The vectorizer was used before it was fitted.
    #[error("vectorizer has no vocabulary")]
    Empty,
}
