//! The fixed (non n-gram) columns: cue and target-relation features.

use crate::config::FeatureConfig;
use crate::SparseRow;

/// Names of the fixed (non n-gram) features, in column order.
pub const DENSE_FEATURES: [&str; 13] = [
    "cue:refuting",
    "cue:refuting_negated",
    "cue:supporting",
    "cue:supporting_negated",
    "cue:hedging",
    "cue:attribution",
    "cue:quote",
    "cue:question",
    "cue:negation",
    "target:overlap",
    "target:mentioned",
    "target:negated_mention",
    "target:absent",
];
pub(crate) const N_DENSE: usize = DENSE_FEATURES.len();
pub(crate) const N_CUES: usize = 9;

/// Stands for a target word in target n-grams.
pub const TARGET_TOKEN: &str = "<T>";

/// Columns 9 to 12 from `matched` of `stems` target stems found in the text,
/// and whether one was found inside a negation scope.
pub(crate) fn set_target_features(
    cfg: &FeatureConfig,
    matched: usize,
    stems: usize,
    negated: bool,
    dense: &mut [f64; N_DENSE],
) {
    if cfg.target_features {
        let w = cfg.cue_weight;
        dense[N_CUES] = w * matched as f64 / stems as f64;
        dense[N_CUES + 1] = if matched > 0 { w } else { 0.0 };
        dense[N_CUES + 2] = if negated { w } else { 0.0 };
        dense[N_CUES + 3] = if matched == 0 { w } else { 0.0 };
    }
}

/// Appends the non-zero dense features to `row`.
pub(crate) fn push_dense(dense: &[f64; N_DENSE], row: &mut SparseRow) {
    for (j, &v) in dense.iter().enumerate() {
        if v != 0.0 {
            row.indices.push(j as u32);
            row.values.push(v);
        }
    }
}
