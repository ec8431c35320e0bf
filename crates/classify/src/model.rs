//! The fitted stance model.
//!
//! A model holds one fitted [`Vectorizer`] and several linear models over its
//! columns: one per target that had enough training rows, and one joint model
//! trained on all rows. Prediction uses the target's own model when there is
//! one, else the joint model, which sees the target only through the
//! `target:*` relation features; that is also what happens for a target that
//! was not in the training data.

use std::collections::BTreeMap;

use standpoint_features::{Projection, Vectorizer};

use crate::calibrate::Temperatures;
use crate::config::TrainingInfo;
use crate::linear::{fuse, Linear};
use crate::logistic::SparseLogisticRegression;
use crate::Result;

/// A fitted stance model.
#[derive(Debug, Clone)]
pub struct StanceModel {
    pub(crate) labels: Vec<String>,
    pub(crate) targets: Vec<String>,
    pub(crate) training: TrainingInfo,
    pub(crate) vectorizer: Vectorizer,
    pub(crate) joint: Linear,
    pub(crate) per_target: BTreeMap<String, Linear>,
    /// The weights of every linear model, side by side per column (each
    /// model's at its `offset`), so the character block of a sentence is
    /// scored for all targets at once.
    pub(crate) proj: Projection,
    /// Temperatures fitted on out-of-fold scores (`None`: uncalibrated, as
    /// models of format version 3).
    pub(crate) calibration: Option<Temperatures>,
    pub(crate) hash: String,
}

/// One row of [`StanceModel::top_features`].
#[derive(Debug, Clone, PartialEq)]
pub struct TopFeature {
    /// The target of a per-target model, or `None` for the joint model.
    pub target: Option<String>,
    /// Label the weight points to.
    pub label: String,
    /// 1-based rank within (model, label).
    pub rank: usize,
    /// Feature name.
    pub feature: String,
    /// Its weight.
    pub weight: f64,
}

impl StanceModel {
    pub(crate) fn assemble(
        vectorizer: Vectorizer,
        labels: Vec<String>,
        targets: Vec<String>,
        training: TrainingInfo,
        joint: (&SparseLogisticRegression, usize),
        per_target: Vec<(String, &SparseLogisticRegression, usize)>,
        calibration: Option<Temperatures>,
    ) -> Result<StanceModel> {
        let n = vectorizer.n_features();
        let share = training.config.joint_share();
        let mut pt = BTreeMap::new();
        for (t, fit, rows) in per_target {
            pt.insert(t, Linear::from_fit(fit, rows, &labels, n)?);
        }
        let mut joint = Linear::from_fit(joint.0, joint.1, &labels, n)?;
        let proj = fuse(n, &mut joint, &mut pt, share)?;
        let mut m = StanceModel {
            labels,
            targets,
            training,
            vectorizer,
            joint,
            per_target: pt,
            proj,
            calibration: None,
            hash: String::new(),
        };
        m.set_calibration(calibration);
        Ok(m)
    }

    /// Stores `calibration` and applies its temperatures to the linear
    /// models (`None`: every temperature 1).
    pub(crate) fn set_calibration(&mut self, calibration: Option<Temperatures>) {
        self.joint.temperature = calibration.as_ref().map_or(1.0, |c| c.joint);
        for (t, lin) in self.per_target.iter_mut() {
            lin.temperature = calibration
                .as_ref()
                .and_then(|c| c.per_target.get(t).copied())
                .unwrap_or(1.0);
        }
        self.calibration = calibration;
        self.hash = self.compute_hash();
    }

    /// The temperatures fitted at training time, if the model is calibrated.
    pub fn calibration(&self) -> Option<&Temperatures> {
        self.calibration.as_ref()
    }

    /// The same model without calibration (raw softmax confidences), to
    /// compare against.
    pub fn uncalibrated(&self) -> StanceModel {
        let mut m = self.clone();
        m.set_calibration(None);
        m
    }

    /// Hex xxh3 of the serialized model.
    pub fn content_hash(&self) -> String {
        self.hash.clone()
    }

    /// Targets seen in training (empty: untargeted model).
    pub fn targets(&self) -> &[String] {
        &self.targets
    }

    /// Labels the model can output.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Targets that have their own linear model.
    pub fn per_target_models(&self) -> impl Iterator<Item = &str> {
        self.per_target.keys().map(String::as_str)
    }

    /// The `--min-confidence` given at training time, if any.
    pub fn min_confidence(&self) -> Option<f64> {
        self.training.config.min_confidence()
    }

    /// Training provenance and settings.
    pub fn training(&self) -> &TrainingInfo {
        &self.training
    }

    /// The fitted vectorizer.
    pub fn vectorizer(&self) -> &Vectorizer {
        &self.vectorizer
    }

    /// Each declared target's terms (`train --targets`).
    pub fn target_terms(&self) -> &BTreeMap<String, Vec<String>> {
        self.vectorizer.target_terms()
    }

    /// Declares a target by its terms, e.g. one the model was not trained on
    /// (`label --target "minimum wage" --terms ...`): it is then predicted by
    /// the joint model, through what the target-relation features learned
    /// from the other targets, and counts among [`StanceModel::targets`].
    pub fn declare_target(&mut self, target: &str, terms: &[String]) {
        if !terms.is_empty() {
            self.vectorizer.declare_target(target, terms);
        }
        if let Err(at) = self.targets.binary_search_by(|t| t.as_str().cmp(target)) {
            self.targets.insert(at, target.to_string());
        }
        self.hash = self.compute_hash();
    }

    /// Predicts toward `target` only (see [`StanceModel::declare_target`]).
    pub fn toward_only(&mut self, target: &str, terms: &[String]) {
        self.targets.clear();
        self.declare_target(target, terms);
    }

    pub(crate) fn linear_for(&self, target: Option<&str>) -> &Linear {
        target
            .and_then(|t| self.per_target.get(t))
            .unwrap_or(&self.joint)
    }

    /// The `top` largest weights per model (each per-target model, then the
    /// joint one) and label; ties broken by feature name.
    pub fn top_features(&self, top: usize) -> Vec<TopFeature> {
        let mut out = Vec::new();
        let models = self
            .per_target
            .iter()
            .map(|(t, l)| (Some(t.clone()), l))
            .chain(std::iter::once((None, &self.joint)));
        for (target, lin) in models {
            let k = lin.k();
            for (c, label) in lin.data.labels.iter().enumerate() {
                let mut w: Vec<(f64, &str)> = lin
                    .data
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(n, &j)| {
                        (
                            f64::from(lin.data.weights[n * k + c]),
                            self.vectorizer.feature_name(j as usize),
                        )
                    })
                    .filter(|(v, _)| *v > 0.0)
                    .collect();
                w.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
                for (rank, (weight, feature)) in w.into_iter().take(top).enumerate() {
                    out.push(TopFeature {
                        target: target.clone(),
                        label: label.clone(),
                        rank: rank + 1,
                        feature: feature.to_string(),
                        weight,
                    });
                }
            }
        }
        out
    }
}
