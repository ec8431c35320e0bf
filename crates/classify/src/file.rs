//! The model file: compact JSON with a `type` tag and a format `version`.
//!
//! File format (fields in this order):
//! `{"type":"standpoint-stance-model","version":3,"labels":[..],"targets":[..],
//! "training":{..},"features":{..},"joint":{..},"per_target":{"sanctions":{..}}}`.
//! Each linear model stores its labels, intercepts and, for the columns with a
//! non-zero weight, `labels.len()` weights per column (`f32`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use standpoint_features::{Vectorizer, VectorizerData};

use crate::config::TrainingInfo;
use crate::linear::{fuse, Linear, LinearData};
use crate::model::StanceModel;
use crate::{ClassifyError, Result};

/// Model file format version this build reads and writes.
pub const MODEL_VERSION: u32 = 3;
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
            Some(MODEL_VERSION) => {}
            Some(v) => {
                return Err(ClassifyError::Model(format!(
                    "format version {v}, this build reads version {MODEL_VERSION}; retrain it with `standpoint train`"
                )))
            }
            None => return Err(ClassifyError::Model("no `version` field".into())),
        }
        let f: ModelFile = serde_json::from_str(s)
            .map_err(|e| ClassifyError::Model(format!("corrupted model file ({e})")))?;
        debug_assert_eq!((f.kind.as_str(), f.version), (MODEL_TYPE, MODEL_VERSION));
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
            hash: String::new(),
        };
        m.hash = m.compute_hash();
        Ok(m)
    }

    /// Serializes deterministically (compact JSON, fixed field order).
    pub fn to_json(&self) -> String {
        let r = ModelFileRef {
            kind: MODEL_TYPE,
            version: MODEL_VERSION,
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

    /// Short id for reports.
    pub fn id(&self) -> String {
        format!("standpoint-stance-v{MODEL_VERSION}")
    }
}
