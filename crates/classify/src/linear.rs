//! The linear models of a stance model: as stored in the file, and laid side
//! by side in one [`Projection`] for prediction.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use standpoint_features::Projection;

use crate::logistic::SparseLogisticRegression;
use crate::{ClassifyError, Result};

/// One linear model as stored in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinearData {
    pub(crate) labels: Vec<String>,
    pub(crate) rows: usize,
    pub(crate) intercept: Vec<f32>,
    /// Columns with a non-zero weight, increasing.
    pub(crate) columns: Vec<u32>,
    /// `columns.len() × labels.len()` weights, column-major by feature.
    pub(crate) weights: Vec<f32>,
}

/// Significant digits a stored weight keeps. Four cut the default model
/// file by a quarter (9.9 to 7.6 MB) and changed no label, and no
/// confidence by more than 0.0001, on 3,147 news sentences.
pub(crate) const WEIGHT_DIGITS: usize = 4;

/// `x` rounded to [`WEIGHT_DIGITS`] significant digits, as an `f32` (whose
/// shortest decimal form is then at most that long).
fn significant(x: f64) -> f32 {
    if x == 0.0 || !x.is_finite() {
        return x as f32;
    }
    let exponent = x.abs().log10().floor() as i32;
    let scale = 10f64.powi(WEIGHT_DIGITS as i32 - 1 - exponent);
    ((x * scale).round() / scale) as f32
}

/// A linear model ready to predict. Its weights are read from the model's
/// [`Projection`], where every linear model has `labels` columns starting at
/// `offset`.
#[derive(Debug, Clone)]
pub(crate) struct Linear {
    pub(crate) data: LinearData,
    pub(crate) offset: usize,
    /// The intercepts predictions use: the stored ones, blended with the
    /// joint model's for a per-target model (see [`fuse`]).
    pub(crate) intercept: Vec<f32>,
    /// Scores are divided by this before the softmax (1: uncalibrated).
    pub(crate) temperature: f64,
}

impl Linear {
    pub(crate) fn from_data(
        data: LinearData,
        n_features: usize,
        all_labels: &[String],
    ) -> Result<Linear> {
        let k = data.labels.len();
        let bad = |m: String| Err(ClassifyError::Model(m));
        if k < 2 {
            return bad("a linear model needs at least two labels".into());
        }
        if data.labels.windows(2).any(|w| w[0] >= w[1]) {
            return bad("linear model labels are not sorted and unique".into());
        }
        if let Some(l) = data.labels.iter().find(|l| !all_labels.contains(l)) {
            return bad(format!("label `{l}` is not among the model labels"));
        }
        if data.intercept.len() != k || data.weights.len() != data.columns.len() * k {
            return bad("weight arrays have the wrong length".into());
        }
        if data.columns.windows(2).any(|w| w[0] >= w[1])
            || data
                .columns
                .last()
                .is_some_and(|&c| c as usize >= n_features)
        {
            return bad("weight columns are unsorted or out of range".into());
        }
        if data
            .weights
            .iter()
            .chain(&data.intercept)
            .any(|v| !v.is_finite())
        {
            return bad("non-finite weight".into());
        }
        let intercept = data.intercept.clone();
        Ok(Linear {
            data,
            offset: 0,
            intercept,
            temperature: 1.0,
        })
    }

    /// Packs a fitted model (the columns with a non-zero weight), each
    /// weight kept to [`WEIGHT_DIGITS`] significant digits.
    pub(crate) fn from_fit(
        fit: &SparseLogisticRegression,
        rows: usize,
        all_labels: &[String],
        n_features: usize,
    ) -> Result<Linear> {
        let k = fit.classes().len();
        let labels: Vec<String> = fit
            .classes()
            .iter()
            .map(|&c| all_labels[c].clone())
            .collect();
        let mut columns = Vec::new();
        let mut weights = Vec::new();
        for j in 0..fit.n_features() {
            let w: Vec<f32> = (0..k).map(|c| significant(fit.weight(j, c))).collect();
            if w.iter().any(|&v| v != 0.0) {
                columns.push(j as u32);
                weights.extend(w);
            }
        }
        let intercept = (0..k).map(|c| fit.intercept(c) as f32).collect();
        let data = LinearData {
            labels,
            rows,
            intercept,
            columns,
            weights,
        };
        Linear::from_data(data, n_features, all_labels)
    }

    pub(crate) fn k(&self) -> usize {
        self.data.labels.len()
    }

    /// Intercepts plus the contributions of `row`.
    #[cfg(test)]
    pub(crate) fn scores(&self, proj: &Projection, row: &[(u32, f64)]) -> Vec<f64> {
        let mut z: Vec<f64> = self.intercept.iter().map(|&b| f64::from(b)).collect();
        self.add_scores(proj, row, &mut z);
        z
    }

    /// Label probabilities from scores: the softmax of `z / temperature`.
    pub(crate) fn softmax(&self, z: &mut [f64]) {
        if self.temperature != 1.0 {
            let inv = 1.0 / self.temperature;
            z.iter_mut().for_each(|v| *v *= inv);
        }
        crate::logistic::softmax_in_place(z);
    }

    /// Adds the contributions of `row` to the scores `z`.
    pub(crate) fn add_scores(&self, proj: &Projection, row: &[(u32, f64)], z: &mut [f64]) {
        let k = self.k();
        for &(j, v) in row {
            let w = &proj.row(j)[self.offset..self.offset + k];
            for (zc, &wc) in z.iter_mut().zip(w) {
                *zc += v * f64::from(wc);
            }
        }
    }

    pub(crate) fn weight(&self, proj: &Projection, j: u32, c: usize) -> f64 {
        f64::from(proj.row(j)[self.offset + c])
    }
}

/// Lays the weights of all linear models side by side (joint first) and
/// records each model's offset. A per-target model is stored with its own
/// weights only (non-zero on the columns its rows have); here it becomes
/// `(1 - share) · own + share · joint` (averaging the two models' scores), so
/// it keeps the stance language learned from every target's rows.
pub(crate) fn fuse(
    n: usize,
    joint: &mut Linear,
    per_target: &mut BTreeMap<String, Linear>,
    share: f64,
) -> Result<Projection> {
    let mut width = 0;
    for lin in std::iter::once(&mut *joint).chain(per_target.values_mut()) {
        lin.offset = width;
        width += lin.k();
    }
    let mut fused = vec![0.0f32; n * width];
    let kj = joint.k();
    for (i, &j) in joint.data.columns.iter().enumerate() {
        let at = j as usize * width;
        fused[at..at + kj].copy_from_slice(&joint.data.weights[i * kj..(i + 1) * kj]);
    }
    for lin in per_target.values_mut() {
        let k = lin.k();
        // Each of the model's labels in the joint model.
        let cols = lin
            .data
            .labels
            .iter()
            .map(|l| joint.data.labels.iter().position(|x| x == l))
            .collect::<Option<Vec<usize>>>()
            .ok_or_else(|| {
                ClassifyError::Model("a per-target label is unknown to the joint model".into())
            })?;
        for (&j, jw) in joint.data.columns.iter().zip(joint.data.weights.chunks(kj)) {
            let at = j as usize * width + lin.offset;
            for (c, &jc) in cols.iter().enumerate() {
                fused[at + c] = (share * f64::from(jw[jc])) as f32;
            }
        }
        for (&j, w) in lin.data.columns.iter().zip(lin.data.weights.chunks(k)) {
            let at = j as usize * width;
            for (c, &jc) in cols.iter().enumerate() {
                let joint_w = f64::from(fused[at + jc]);
                fused[at + lin.offset + c] =
                    ((1.0 - share) * f64::from(w[c]) + share * joint_w) as f32;
            }
        }
        lin.intercept = cols
            .iter()
            .enumerate()
            .map(|(c, &jc)| {
                ((1.0 - share) * f64::from(lin.data.intercept[c])
                    + share * f64::from(joint.data.intercept[jc])) as f32
            })
            .collect();
    }
    Projection::new(fused, width).map_err(|e| ClassifyError::Model(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_keep_four_significant_digits() {
        assert_eq!(significant(1.327_187_2), 1.327);
        assert_eq!(significant(-0.000_123_456), -0.000_123_5);
        assert_eq!(significant(98_765.4), 98_770.0);
        assert_eq!(significant(0.0), 0.0);
        // The shortest decimal form is what the model file holds.
        assert_eq!(
            serde_json::to_string(&significant(0.812_019_1)).unwrap(),
            "0.812"
        );
        assert_eq!(
            serde_json::to_string(&significant(-2.5e-7)).unwrap(),
            "-2.5e-7"
        );
    }
}
