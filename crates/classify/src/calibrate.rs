//! Confidence calibration by temperature scaling.
//!
//! A logistic regression trained with balanced class weights and an L2
//! penalty gives probabilities whose scale follows the penalty, not the
//! chance of being right. `train` fits one temperature `T` per linear model
//! (the joint one and each per-target one) on out-of-fold scores: the rows are
//! split into stratified folds, each fold is scored by models fitted on the
//! other folds, and `T` minimizes the log loss of `softmax(z / T)` over those
//! scores. Dividing every score by the same `T` never changes which label
//! wins, only how sure the model says it is.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The fitted temperatures of a model, stored in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Temperatures {
    /// Always `temperature`.
    pub method: String,
    /// Folds the out-of-fold scores came from.
    pub folds: usize,
    /// Out-of-fold rows the joint temperature was fitted on.
    pub rows: usize,
    /// Temperature of the joint model.
    pub joint: f64,
    /// Temperature of each per-target model.
    pub per_target: BTreeMap<String, f64>,
}

/// The method name stored in [`Temperatures::method`].
pub(crate) const METHOD: &str = "temperature";

/// Lowest and highest temperature fitted.
const RANGE: (f64, f64) = (0.05, 20.0);

/// Mean log loss of `softmax(beta · z)` against the gold columns, and its
/// derivative in `beta`. Scores of `-inf` (labels a fold model never saw)
/// take no probability.
fn loss_and_slope(scores: &[(Vec<f64>, usize)], beta: f64) -> (f64, f64) {
    let mut loss = 0.0;
    let mut slope = 0.0;
    for (z, gold) in scores {
        let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (mut sum, mut expected) = (0.0, 0.0);
        for &v in z.iter().filter(|v| v.is_finite()) {
            let e = (beta * (v - m)).exp();
            sum += e;
            expected += e * v;
        }
        let zy = z[*gold];
        loss += m * beta + sum.ln() - beta * zy;
        slope += expected / sum - zy;
    }
    let n = scores.len().max(1) as f64;
    (loss / n, slope / n)
}

/// The temperature that minimizes the log loss of `softmax(z / T)` over
/// out-of-fold `scores` (one score per label, and the gold label's index).
/// The loss is convex in `1/T`, so bisection on its slope finds the minimum;
/// the result is clamped to a sane range. Rows whose gold label has no score
/// are skipped; without rows the temperature is 1.
pub(crate) fn fit_temperature(scores: &[(Vec<f64>, usize)]) -> f64 {
    let rows: Vec<(Vec<f64>, usize)> = scores
        .iter()
        .filter(|(z, g)| z.get(*g).is_some_and(|v| v.is_finite()))
        .cloned()
        .collect();
    if rows.is_empty() {
        return 1.0;
    }
    let (mut lo, mut hi) = (1.0 / RANGE.1, 1.0 / RANGE.0);
    if loss_and_slope(&rows, lo).1 >= 0.0 {
        return RANGE.1;
    }
    if loss_and_slope(&rows, hi).1 <= 0.0 {
        return RANGE.0;
    }
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if loss_and_slope(&rows, mid).1 < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let t = 2.0 / (lo + hi);
    // Six significant decimals keep the model file short and stable.
    (t * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores `s · (1, 0, 0)`-like rows where the first label is right in
    /// `right` of every 10 rows.
    fn rows(scale: f64, right: usize) -> Vec<(Vec<f64>, usize)> {
        (0..100)
            .map(|i| (vec![scale, 0.0, 0.0], if i % 10 < right { 0 } else { 1 }))
            .collect()
    }

    #[test]
    fn temperature_matches_the_observed_accuracy() {
        // softmax(z / T)[0] = e^(s/T) / (e^(s/T) + 2) should be 0.7.
        let t = fit_temperature(&rows(4.0, 7));
        let p = (4.0 / t).exp() / ((4.0 / t).exp() + 2.0);
        assert!((p - 0.7).abs() < 1e-4, "T {t} p {p}");
        assert!(t > 1.0, "overconfident scores get T > 1: {t}");
        // Underconfident scores get T < 1.
        let t = fit_temperature(&rows(0.5, 9));
        assert!(t < 1.0, "{t}");
    }

    #[test]
    fn degenerate_inputs_stay_in_range() {
        assert_eq!(fit_temperature(&[]), 1.0);
        // Always right: as sharp as allowed.
        assert_eq!(fit_temperature(&rows(1.0, 10)), RANGE.0);
        // The top label is never right: as flat as allowed.
        assert_eq!(fit_temperature(&rows(1.0, 0)), RANGE.1);
        // A label a fold model never saw takes no probability.
        let z = vec![(vec![2.0, f64::NEG_INFINITY, 0.0], 2); 10];
        let t = fit_temperature(&z);
        assert!(t.is_finite() && t > 0.0);
        let gold_unseen = vec![(vec![2.0, f64::NEG_INFINITY, 0.0], 1); 10];
        assert_eq!(fit_temperature(&gold_unseen), 1.0);
    }
}
