//! Picks sentences worth labelling for a stance target, and simulates the
//! labelling loop to show that it pays.
//!
//! - [`Terms`] says whether a sentence is about the target (its terms, or
//!   the words of the target's name).
//! - [`margin_uncertainty`] scores how unsure a model is of a sentence.
//! - [`select`] picks the most uncertain candidates, weighted by how typical
//!   they are ([`densities`]), plus a share at random; spread over articles
//!   and speakers, never the same text twice, deterministically (seeded xxh3
//!   breaks ties).
//! - [`learning_curve`] plays the annotator with gold labels: rounds of
//!   labels chosen by [`select`] against seeded random ones, macro-F1 on a
//!   fixed test split after each round; [`Curve::table`] and [`Curve::svg`]
//!   draw it.
//!
//! ```
//! use standpoint_sample::{select, Candidate, SelectConfig, Terms};
//! let terms = Terms::new("carbon tax", None).unwrap();
//! assert!(terms.matches("The carbon taxes rose."));
//! let c = |text, u| Candidate {
//!     text, target: "carbon tax", article: "a.txt", speaker: "", uncertainty: u, predicted: "none",
//! };
//! let only_uncertainty = SelectConfig { explore: 0.0, ..SelectConfig::new(1) };
//! let picked = select(&[c("Sure it is.", 0.1), c("Maybe it is?", 0.9)], &only_uncertainty);
//! assert_eq!(picked, [1]);
//! ```
#![deny(missing_docs)]

mod curve;
mod select;
mod terms;

pub use curve::{learning_curve, Curve, CurveConfig, CurvePoint, Saving, SavingSummary};
pub use select::{
    densities, margin_uncertainty, normalized_key, select, top_label, uncertainty_and_label,
    Candidate, SelectConfig,
};
pub use terms::Terms;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SampleError {
    /// Invalid settings (no terms, zero rows asked for, ...).
    #[error("invalid settings: {0}")]
    Params(String),
    /// Training or scoring a model failed.
    #[error(transparent)]
    Classify(#[from] standpoint_classify::ClassifyError),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, SampleError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn has<T: Send + Sync + Sized + Unpin>() {}
        has::<Terms>();
        has::<SelectConfig>();
        has::<Candidate<'static>>();
        has::<CurveConfig>();
        has::<Curve>();
        has::<SampleError>();
    }
}
