//! Feature extraction for stance classification: a sentence (and its target)
//! becomes a sparse vector.
//!
//! - word 1-2 grams over negation-marked words and character 2-5 grams inside
//!   word boundaries, lowercased, TF-IDF with sublinear tf, each block
//!   L2-normalized, over a `min_df`-pruned vocabulary ([`FeatureConfig`]);
//! - cue features from lexicons kept as data files in `lexicons/` (refuting,
//!   supporting, hedging, attribution), plus question mark, quotation marks
//!   and negation ([`Lexicons`]);
//! - target-relation features: content-word overlap, target mentioned, target
//!   mentioned inside a negation scope.
//!
//! [`Vectorizer::fit_transform`] builds the vocabulary and the training rows
//! from n-gram strings. Rows of new text come from one path, a per-thread
//! [`Scratch`] ([`Vectorizer::prepare_into`], [`Vectorizer::prepare_projected`]);
//! a string-building reference transform, compiled for tests only, is its
//! oracle.
#![deny(missing_docs)]

mod columns;
mod compiled;
mod config;
mod fast;
pub mod lexicon;
mod ngrams;
mod projection;
#[cfg(test)]
mod reference;
mod stable;
mod target_terms;
mod terms;
pub mod text;
mod vectorizer;
mod word;

pub use columns::{DENSE_FEATURES, TARGET_TOKEN};
pub use config::FeatureConfig;
pub use fast::{Pairs, Scratch};
pub use lexicon::{Lexicon, Lexicons};
pub use projection::Projection;
pub use target_terms::{exclusion, phrase, weak};
pub use vectorizer::{lexicon_hash, Part, Vectorizer, VectorizerData};

/// A sparse row: sorted, unique column indices with their values.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SparseRow {
    /// Column indices, strictly increasing.
    pub indices: Vec<u32>,
    /// Values, one per index.
    pub values: Vec<f64>,
}

impl SparseRow {
    /// Number of stored entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// `(column, value)` pairs in column order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.indices
            .iter()
            .zip(&self.values)
            .map(|(&j, &v)| (j as usize, v))
    }
}

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FeatureError {
    /// No training text to fit on.
    #[error("no training sentences")]
    Empty,
    /// Invalid settings or vectorizer data.
    #[error("feature settings: {0}")]
    Config(String),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, FeatureError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn has<T: Send + Sync + Sized + Unpin>() {}
        has::<Vectorizer>();
        has::<VectorizerData>();
        has::<FeatureConfig>();
        has::<SparseRow>();
        has::<Lexicons>();
        has::<Scratch>();
        has::<Projection>();
        has::<FeatureError>();
    }
}
