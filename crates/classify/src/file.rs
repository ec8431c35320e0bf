//! The model file: compact JSON with a `type` tag and a format `version`.
//!
//! File format (fields in this order):
//! `{"type":"standpoint-stance-model","version":4,"labels":[..],"targets":[..],
//! "training":{..},"features":{..},"joint":{..},"per_target":{"sanctions":{..}},
//! "calibration":{..}}`; `calibration` (the fitted temperatures, see
//! [`Temperatures`]) is left out for an uncalibrated model. Version 3 files
//! (no calibration) are still read.
//! Each linear model stores its labels, intercepts and, for the columns with a
//! non-zero weight, `labels.len()` weights per column (`f32`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use standpoint_features::{Vectorizer, VectorizerData};

use crate::calibrate::Temperatures;
use crate::config::TrainingInfo;
use crate::linear::{fuse, Linear, LinearData};
use crate::model::StanceModel;
use crate::{ClassifyError, Result};

/// Model file format version this build reads and writes.
pub const MODEL_VERSION: u32 = 4;
/// The older format version this build still reads (no calibration).
pub const MODEL_VERSION_UNCALIBRATED: u32 = 3;
/// The `type` tag of a model file.
pub const MODEL_TYPE: &str = "standpoint-stance-model";

/// Deserialized model file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    #[serde(rename = "type")]
    kind: String,
    version: u32,
    labels: Vec<String>,
    targets: Vec<String>,
    training: TrainingInfo,
    features: VectorizerData,
    joint: LinearData,
    per_target: BTreeMap<String, LinearData>,
    #[serde(default)]
    calibration: Option<Temperatures>,
}

/// Serialized view of a model (same fields as [`ModelFile`]).
#[derive(Serialize)]
struct ModelFileRef<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    version: u32,
    labels: &'a [String],
    targets: &'a [String],
    training: &'a TrainingInfo,
    features: &'a VectorizerData,
    joint: &'a LinearData,
    per_target: BTreeMap<&'a str, &'a LinearData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calibration: Option<&'a Temperatures>,
}

/// Just the header, read first so that a file of another version gets a clear
/// message instead of a field error.
#[derive(Deserialize)]
struct Header {
    #[serde(rename = "type")]
    kind: Option<String>,
    version: Option<u32>,
}

impl StanceModel {
    /// Parses a model file. A file of another format version, another type or
    /// with inconsistent contents is refused with a one-line message.
    pub fn from_json(s: &str) -> Result<Self> {
        let header: Header = serde_json::from_str(s)
            .map_err(|e| ClassifyError::Model(format!("not a model file ({e})")))?;
        match header.kind.as_deref() {
            Some(MODEL_TYPE) => {}
            Some(other) => {
                return Err(ClassifyError::Model(format!(
                    "type `{other}` is not `{MODEL_TYPE}`"
                )))
            }
            None => return Err(ClassifyError::Model("no `type` field".into())),
        }
        match header.version {
            Some(MODEL_VERSION | MODEL_VERSION_UNCALIBRATED) => {}
            Some(v) => {
                return Err(ClassifyError::Model(format!(
                    "format version {v}, this build reads versions {MODEL_VERSION_UNCALIBRATED} and {MODEL_VERSION}; retrain it with `standpoint train`"
                )))
            }
            None => return Err(ClassifyError::Model("no `version` field".into())),
        }
        let f: ModelFile = serde_json::from_str(s)
            .map_err(|e| ClassifyError::Model(format!("corrupted model file ({e})")))?;
        debug_assert_eq!(f.kind, MODEL_TYPE);
        if f.version == MODEL_VERSION_UNCALIBRATED && f.calibration.is_some() {
            return Err(ClassifyError::Model(format!(
                "a version {MODEL_VERSION_UNCALIBRATED} model has no calibration"
            )));
        }
        if let Some(c) = &f.calibration {
            let temps = std::iter::once(&c.joint).chain(c.per_target.values());
            if c.method != crate::calibrate::METHOD
                || temps.clone().any(|t| !t.is_finite() || *t <= 0.0)
            {
                return Err(ClassifyError::Model(
                    "calibration must be temperatures above 0".into(),
                ));
            }
            if let Some(t) = c.per_target.keys().find(|t| !f.per_target.contains_key(*t)) {
                return Err(ClassifyError::Model(format!(
                    "temperature for `{t}`, which has no per-target model"
                )));
            }
        }
        if f.labels.len() < 2 || f.labels.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ClassifyError::Model(
                "labels must be at least two, sorted and unique".into(),
            ));
        }
        if f.targets.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ClassifyError::Model(
                "targets must be sorted and unique".into(),
            ));
        }
        if let Some(t) = f.per_target.keys().find(|t| !f.targets.contains(t)) {
            return Err(ClassifyError::Model(format!(
                "per-target model for unknown target `{t}`"
            )));
        }
        let vectorizer =
            Vectorizer::from_data(f.features).map_err(|e| ClassifyError::Model(e.to_string()))?;
        let n = vectorizer.n_features();
        let mut joint = Linear::from_data(f.joint, n, &f.labels)?;
        let mut per_target = BTreeMap::new();
        for (t, d) in f.per_target {
            per_target.insert(t, Linear::from_data(d, n, &f.labels)?);
        }
        let share = f.training.config.joint_share();
        let proj = fuse(n, &mut joint, &mut per_target, share)?;
        let mut m = StanceModel {
            labels: f.labels,
            targets: f.targets,
            training: f.training,
            vectorizer,
            joint,
            per_target,
            proj,
            calibration: None,
            hash: String::new(),
        };
        m.set_calibration(f.calibration);
        Ok(m)
    }

    /// Serializes deterministically (compact JSON, fixed field order).
    pub fn to_json(&self) -> String {
        let r = ModelFileRef {
            kind: MODEL_TYPE,
            version: self.format_version(),
            labels: &self.labels,
            targets: &self.targets,
            training: &self.training,
            features: self.vectorizer.data(),
            joint: &self.joint.data,
            per_target: self
                .per_target
                .iter()
                .map(|(t, l)| (t.as_str(), &l.data))
                .collect(),
            calibration: self.calibration.as_ref(),
        };
        // Serializing plain structs of strings and finite numbers cannot fail.
        serde_json::to_string(&r).unwrap_or_default()
    }

    pub(crate) fn compute_hash(&self) -> String {
        format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(self.to_json().as_bytes())
        )
    }

    /// The format version the model is written in: [`MODEL_VERSION`] when it
    /// is calibrated, else [`MODEL_VERSION_UNCALIBRATED`] (so an older model
    /// is written, hashed and named exactly as before).
    pub fn format_version(&self) -> u32 {
        if self.calibration.is_some() {
            MODEL_VERSION
        } else {
            MODEL_VERSION_UNCALIBRATED
        }
    }

    /// Short id for reports.
    pub fn id(&self) -> String {
        format!("standpoint-stance-v{}", self.format_version())
    }
}
