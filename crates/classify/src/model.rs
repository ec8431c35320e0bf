//! The fitted stance model and its JSON file format.
//!
//! A model holds one fitted [`Vectorizer`] and several linear models over its
//! columns: one per target that had enough training rows, and one joint model
//! trained on all rows. `predict` uses the target's own model when there is
//! one, else the joint model, which sees the target only through the
//! `target:*` relation features; that is also what happens for a target that
//! was not in the training data.
//!
//! File format (JSON, compact, fields in this order):
//! `{"type":"standpoint-stance-model","version":2,"labels":[..],"targets":[..],
//! "training":{..},"features":{..},"joint":{..},"per_target":{"sanctions":{..}}}`.
//! Each linear model stores its labels, intercepts and, for the columns with a
//! non-zero weight, `labels.len()` weights per column (`f32`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use standpoint_features::{Projection, Scratch, SparseRow, Vectorizer, VectorizerData};

use crate::logistic::{argmax, softmax_in_place, SparseLogisticRegression};
use crate::train::TrainConfig;
use crate::{ClassifyError, Result};

/// Model file format version this build reads and writes.
pub const MODEL_VERSION: u32 = 2;
/// The `type` tag of a model file.
pub const MODEL_TYPE: &str = "standpoint-stance-model";
/// Number of features reported as evidence.
pub const EVIDENCE_FEATURES: usize = 3;

/// One predicted label with its probability and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Chosen label.
    pub label: String,
    /// Probability of the chosen label.
    pub confidence: f64,
    /// Up to three features that pushed hardest toward the label, as
    /// (name, weight × value), largest first, ties broken by name. Only
    /// positive contributions count.
    pub evidence: Vec<(String, f64)>,
}

/// Where a model came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingInfo {
    /// Training rows.
    pub rows: usize,
    /// xxh3 of the training rows (text, target, label, in order), hex.
    pub data_hash: String,
    /// The settings used.
    pub config: TrainConfig,
}

/// One linear model as stored in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinearData {
    labels: Vec<String>,
    rows: usize,
    intercept: Vec<f32>,
    /// Columns with a non-zero weight, increasing.
    columns: Vec<u32>,
    /// `columns.len() × labels.len()` weights, column-major by feature.
    weights: Vec<f32>,
}

/// A linear model ready to predict. Its weights are read from the model's
/// [`Projection`], where every linear model has `labels` columns starting at
/// `offset`.
#[derive(Debug, Clone)]
struct Linear {
    data: LinearData,
    offset: usize,
}

impl Linear {
    fn from_data(data: LinearData, n_features: usize, all_labels: &[String]) -> Result<Linear> {
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
        Ok(Linear { data, offset: 0 })
    }

    /// Packs a fitted model; with `blend = Some((joint, share))` the weights
    /// become `(1 - share) · own + share · joint` (same labels, same columns).
    fn from_fit(
        fit: &SparseLogisticRegression,
        rows: usize,
        all_labels: &[String],
        n_features: usize,
        blend: Option<(&SparseLogisticRegression, f64)>,
    ) -> Result<Linear> {
        let k = fit.classes().len();
        let labels: Vec<String> = fit
            .classes()
            .iter()
            .map(|&c| all_labels[c].clone())
            .collect();
        // Column of each of our classes in the joint model.
        let mix: Option<(&SparseLogisticRegression, f64, Vec<usize>)> = match blend {
            Some((joint, share)) if share > 0.0 => {
                let cols = fit
                    .classes()
                    .iter()
                    .map(|c| joint.classes().iter().position(|x| x == c))
                    .collect::<Option<Vec<usize>>>()
                    .ok_or_else(|| {
                        ClassifyError::Model(
                            "a per-target label is unknown to the joint model".into(),
                        )
                    })?;
                Some((joint, share, cols))
            }
            _ => None,
        };
        let weight = |j: usize, c: usize| -> f64 {
            match &mix {
                Some((joint, share, cols)) => {
                    (1.0 - share) * fit.weight(j, c) + share * joint.weight(j, cols[c])
                }
                None => fit.weight(j, c),
            }
        };
        let mut columns = Vec::new();
        let mut weights = Vec::new();
        for j in 0..fit.n_features() {
            let w: Vec<f32> = (0..k).map(|c| weight(j, c) as f32).collect();
            if w.iter().any(|&v| v != 0.0) {
                columns.push(j as u32);
                weights.extend(w);
            }
        }
        let intercept = (0..k)
            .map(|c| match &mix {
                Some((joint, share, cols)) => {
                    (1.0 - share) * fit.intercept(c) + share * joint.intercept(cols[c])
                }
                None => fit.intercept(c),
            } as f32)
            .collect();
        let data = LinearData {
            labels,
            rows,
            intercept,
            columns,
            weights,
        };
        Linear::from_data(data, n_features, all_labels)
    }

    fn k(&self) -> usize {
        self.data.labels.len()
    }

    /// Intercepts plus the contributions of `row`.
    fn scores(&self, proj: &Projection, row: &[(u32, f64)]) -> Vec<f64> {
        let mut z: Vec<f64> = self.data.intercept.iter().map(|&b| f64::from(b)).collect();
        self.add_scores(proj, row, &mut z);
        z
    }

    /// Adds the contributions of `row` to the scores `z`.
    fn add_scores(&self, proj: &Projection, row: &[(u32, f64)], z: &mut [f64]) {
        let k = self.k();
        for &(j, v) in row {
            let w = &proj.row(j)[self.offset..self.offset + k];
            for (zc, &wc) in z.iter_mut().zip(w) {
                *zc += v * f64::from(wc);
            }
        }
    }

    fn weight(&self, proj: &Projection, j: u32, c: usize) -> f64 {
        f64::from(proj.row(j)[self.offset + c])
    }
}

/// Lays the weights of all linear models side by side (joint first) and
/// records each model's offset.
fn fuse(
    n: usize,
    joint: &mut Linear,
    per_target: &mut BTreeMap<String, Linear>,
) -> Result<Projection> {
    let mut width = 0;
    for lin in std::iter::once(&mut *joint).chain(per_target.values_mut()) {
        lin.offset = width;
        width += lin.k();
    }
    let mut fused = vec![0.0f32; n * width];
    for lin in std::iter::once(&*joint).chain(per_target.values()) {
        let k = lin.k();
        for (i, &j) in lin.data.columns.iter().enumerate() {
            let at = j as usize * width + lin.offset;
            fused[at..at + k].copy_from_slice(&lin.data.weights[i * k..(i + 1) * k]);
        }
    }
    Projection::new(fused, width).map_err(|e| ClassifyError::Model(e.to_string()))
}

/// A reference row as `(column, value)` pairs.
fn pairs(row: &SparseRow) -> Vec<(u32, f64)> {
    row.indices
        .iter()
        .copied()
        .zip(row.values.iter().copied())
        .collect()
}

/// The largest positive contributions, ties broken by feature name (names
/// are looked up only for ties); the same as sorting all and taking the first.
struct Top<'v> {
    v: &'v Vectorizer,
    best: [(f64, u32); EVIDENCE_FEATURES],
    n: usize,
}

impl<'v> Top<'v> {
    fn new(v: &'v Vectorizer) -> Self {
        Top {
            v,
            best: [(0.0, 0); EVIDENCE_FEATURES],
            n: 0,
        }
    }

    /// A contribution below this can not enter the list (-inf until it is full).
    fn floor(&self) -> f64 {
        if self.n == EVIDENCE_FEATURES {
            self.best[EVIDENCE_FEATURES - 1].0
        } else {
            f64::NEG_INFINITY
        }
    }

    fn before(&self, a: (f64, u32), b: (f64, u32)) -> bool {
        a.0 > b.0
            || (a.0 == b.0 && self.v.feature_name(a.1 as usize) < self.v.feature_name(b.1 as usize))
    }

    fn offer(&mut self, w: f64, j: u32) {
        let x = (w, j);
        let n = self.n;
        if w <= 0.0 || (n == EVIDENCE_FEATURES && !self.before(x, self.best[n - 1])) {
            return;
        }
        let last = n.min(EVIDENCE_FEATURES - 1);
        let mut at = last;
        while at > 0 && self.before(x, self.best[at - 1]) {
            at -= 1;
        }
        self.best.copy_within(at..last, at + 1);
        self.best[at] = x;
        self.n = (n + 1).min(EVIDENCE_FEATURES);
    }
}

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

/// A fitted stance model.
#[derive(Debug, Clone)]
pub struct StanceModel {
    labels: Vec<String>,
    targets: Vec<String>,
    training: TrainingInfo,
    vectorizer: Vectorizer,
    joint: Linear,
    per_target: BTreeMap<String, Linear>,
    /// The weights of every linear model, side by side per column (each
    /// model's at its `offset`), so the character block of a sentence is
    /// scored for all targets at once.
    proj: Projection,
    hash: String,
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
    ) -> Result<StanceModel> {
        let n = vectorizer.n_features();
        let share = training.config.joint_share;
        let mut pt = BTreeMap::new();
        for (t, fit, rows) in per_target {
            pt.insert(
                t,
                Linear::from_fit(fit, rows, &labels, n, Some((joint.0, share)))?,
            );
        }
        let mut joint = Linear::from_fit(joint.0, joint.1, &labels, n, None)?;
        let proj = fuse(n, &mut joint, &mut pt)?;
        let mut m = StanceModel {
            labels,
            targets,
            training,
            vectorizer,
            joint,
            per_target: pt,
            proj,
            hash: String::new(),
        };
        m.hash = m.compute_hash();
        Ok(m)
    }

    fn compute_hash(&self) -> String {
        format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(self.to_json().as_bytes())
        )
    }

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
        let proj = fuse(n, &mut joint, &mut per_target)?;
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

    /// Short id for reports.
    pub fn id(&self) -> String {
        format!("standpoint-stance-v{MODEL_VERSION}")
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
        self.training.config.min_confidence
    }

    /// Training provenance and settings.
    pub fn training(&self) -> &TrainingInfo {
        &self.training
    }

    /// The fitted vectorizer.
    pub fn vectorizer(&self) -> &Vectorizer {
        &self.vectorizer
    }

    fn linear_for(&self, target: Option<&str>) -> &Linear {
        target
            .and_then(|t| self.per_target.get(t))
            .unwrap_or(&self.joint)
    }

    /// Label probabilities of `text` toward `target`, in the order of the
    /// labels of the model used (a per-target model may know fewer labels).
    pub fn probabilities(&self, text: &str, target: Option<&str>) -> Vec<(&str, f64)> {
        let lin = self.linear_for(target);
        let mut z = lin.scores(&self.proj, &pairs(&self.vectorizer.transform(text, target)));
        softmax_in_place(&mut z);
        lin.data.labels.iter().map(String::as_str).zip(z).collect()
    }

    /// Predicts the stance of `text` toward `target`, through the reference
    /// [`Vectorizer::transform`]. [`StanceModel::predict_all_with`] gives the
    /// same predictions (to the last bits of the sums) much faster.
    pub fn predict(&self, text: &str, target: Option<&str>) -> Prediction {
        self.predict_pairs(&pairs(&self.vectorizer.transform(text, target)), target)
    }

    /// Predicts the stance of `text` toward each of `targets`, in order, with a
    /// fresh [`Scratch`]; see [`StanceModel::predict_all_with`].
    pub fn predict_all(&self, text: &str, targets: &[Option<&str>]) -> Vec<Prediction> {
        self.predict_all_with(&mut Scratch::new(), text, targets)
    }

    /// Predicts the stance of `text` toward each of `targets`, in order, using
    /// the per-thread `scratch` (keep one per worker: it caches what it has
    /// seen of each word). The target-independent features of the text are
    /// computed once.
    pub fn predict_all_with(
        &self,
        scratch: &mut Scratch,
        text: &str,
        targets: &[Option<&str>],
    ) -> Vec<Prediction> {
        let v = &self.vectorizer;
        v.prepare_projected(scratch, text, &self.proj);
        // The character block toward every model at once.
        let char_z = v.char_scores(scratch).to_vec();
        targets
            .iter()
            .map(|&target| {
                let lin = self.linear_for(target);
                let (own, _) = v.row_parts_into(scratch, target);
                let mut z: Vec<f64> = lin
                    .data
                    .intercept
                    .iter()
                    .zip(&char_z[lin.offset..])
                    .map(|(&b, &s)| f64::from(b) + s)
                    .collect();
                lin.add_scores(&self.proj, own, &mut z);
                softmax_in_place(&mut z);
                let c = argmax(&z);
                let mut top = Top::new(v);
                for &(j, x) in own {
                    top.offer(x * lin.weight(&self.proj, j, c), j);
                }
                // The character n-grams' evidence: words whose n-grams cannot
                // beat the third-best contribution are skipped.
                v.char_evidence(scratch, &self.proj, lin.offset + c, top.floor(), |w, j| {
                    top.offer(w, j);
                    top.floor()
                });
                self.finish(lin, &z, c, &top)
            })
            .collect()
    }

    /// Label, probability and evidence of one row of `(column, value)` pairs.
    fn predict_pairs(&self, row: &[(u32, f64)], target: Option<&str>) -> Prediction {
        let lin = self.linear_for(target);
        self.prediction(lin, lin.scores(&self.proj, row), |c, top| {
            for &(j, x) in row {
                top.offer(x * lin.weight(&self.proj, j, c), j);
            }
        })
    }

    /// Turns scores into a prediction; `evidence(c, top)` offers every
    /// feature's contribution toward label `c`.
    fn prediction(
        &self,
        lin: &Linear,
        mut z: Vec<f64>,
        evidence: impl FnOnce(usize, &mut Top<'_>),
    ) -> Prediction {
        softmax_in_place(&mut z);
        let c = argmax(&z);
        let mut top = Top::new(&self.vectorizer);
        evidence(c, &mut top);
        self.finish(lin, &z, c, &top)
    }

    fn finish(&self, lin: &Linear, p: &[f64], c: usize, top: &Top<'_>) -> Prediction {
        Prediction {
            label: lin.data.labels[c].clone(),
            confidence: p[c],
            evidence: top.best[..top.n]
                .iter()
                .map(|&(w, j)| (self.vectorizer.feature_name(j as usize).to_string(), w))
                .collect(),
        }
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::train::{train, TrainConfig};
    use crate::Example;

    /// A small two-target training set with three labels.
    pub(crate) fn examples() -> Vec<Example> {
        let mut out = Vec::new();
        let rows: [(&str, &str, &[&str]); 6] = [
            (
                "sanctions",
                "favor",
                &[
                    "We support tougher sanctions on the regime",
                    "The minister backed new sanctions today",
                    "Sanctions are the right answer, she said",
                    "Allies welcomed the sanctions package",
                    "He urged the council to adopt sanctions",
                ],
            ),
            (
                "sanctions",
                "against",
                &[
                    "We oppose the sanctions on the regime",
                    "The minister rejected new sanctions today",
                    "Sanctions are not the answer, she said",
                    "Allies condemned the sanctions package",
                    "He warned the council against sanctions",
                ],
            ),
            (
                "sanctions",
                "none",
                &[
                    "The council meets again on Tuesday",
                    "The regime held a parade in the capital",
                    "Trade figures were published this morning",
                    "The minister arrived in Geneva by train",
                    "Rain delayed the opening ceremony",
                ],
            ),
            (
                "negotiations",
                "favor",
                &[
                    "We support talks with the regime",
                    "The minister backed new negotiations today",
                    "Talks are the right answer, she said",
                    "Allies welcomed the offer of negotiations",
                    "He urged both sides to negotiate",
                ],
            ),
            (
                "negotiations",
                "against",
                &[
                    "We oppose talks with the regime",
                    "The minister rejected new negotiations today",
                    "Talks are not the answer, she said",
                    "Allies condemned the offer of negotiations",
                    "He warned both sides against negotiating",
                ],
            ),
            (
                "negotiations",
                "none",
                &[
                    "The council meets again on Tuesday",
                    "The regime held a parade in the capital",
                    "Trade figures were published this morning",
                    "The envoy arrived in Geneva by train",
                    "Rain delayed the opening ceremony",
                ],
            ),
        ];
        for (target, label, texts) in rows {
            for t in texts {
                out.push(Example {
                    text: t.to_string(),
                    target: Some(target.to_string()),
                    label: label.to_string(),
                });
            }
        }
        out
    }

    fn config() -> TrainConfig {
        TrainConfig {
            per_target_min_rows: 15,
            ..TrainConfig::default()
        }
    }

    fn model() -> StanceModel {
        train(&examples(), &config()).unwrap()
    }

    #[test]
    fn json_round_trip_is_exact() {
        let m = model();
        let json = m.to_json();
        let back = StanceModel::from_json(&json).unwrap();
        assert_eq!(back.to_json(), json);
        assert_eq!(back.content_hash(), m.content_hash());
        for e in examples() {
            assert_eq!(
                back.predict(&e.text, e.target.as_deref()),
                m.predict(&e.text, e.target.as_deref())
            );
        }
        assert!(json.starts_with(r#"{"type":"standpoint-stance-model","version":2,"#));
    }

    #[test]
    fn training_is_deterministic() {
        assert_eq!(model().to_json(), model().to_json());
    }

    #[test]
    fn learns_the_training_set_and_picks_models_per_target() {
        let m = model();
        assert_eq!(m.targets(), ["negotiations", "sanctions"]);
        assert_eq!(m.labels(), ["against", "favor", "none"]);
        assert_eq!(
            m.per_target_models().collect::<Vec<_>>(),
            ["negotiations", "sanctions"]
        );
        let ex = examples();
        let correct = ex
            .iter()
            .filter(|e| m.predict(&e.text, e.target.as_deref()).label == e.label)
            .count();
        assert!(correct >= ex.len() - 2, "{correct} of {}", ex.len());
        // Without per-target models everything goes through the joint model.
        let joint_only = train(
            &ex,
            &TrainConfig {
                per_target_min_rows: 1000,
                ..config()
            },
        )
        .unwrap();
        assert_eq!(joint_only.per_target_models().count(), 0);
    }

    #[test]
    fn joint_share_blends_per_target_weights() {
        let text = "The minister rejected new sanctions today";
        let with = |share: f64| {
            train(
                &examples(),
                &TrainConfig {
                    joint_share: share,
                    ..config()
                },
            )
            .unwrap()
        };
        // share 1: the per-target model is the joint one.
        let all_joint = with(1.0);
        let row = all_joint.vectorizer().transform(text, Some("sanctions"));
        let a = all_joint
            .linear_for(Some("sanctions"))
            .scores(&all_joint.proj, &pairs(&row));
        let b = all_joint
            .linear_for(None)
            .scores(&all_joint.proj, &pairs(&row));
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-5, "{a:?} {b:?}");
        }
        // In between: the scores are the mean of the two models' scores.
        let (own, half) = (with(0.0), with(0.5));
        let lin = |m: &StanceModel| m.linear_for(Some("sanctions")).data.intercept.clone();
        let joint = own.linear_for(None).data.intercept.clone();
        for ((o, j), h) in lin(&own).iter().zip(&joint).zip(lin(&half)) {
            let mean = (f64::from(*o) + f64::from(*j)) / 2.0;
            assert!((f64::from(h) - mean).abs() < 1e-6);
        }
        assert!(train(
            &examples(),
            &TrainConfig {
                joint_share: 1.5,
                ..config()
            }
        )
        .is_err());
    }

    #[test]
    fn unseen_targets_use_the_joint_model() {
        let m = model();
        let text = "We support talks with the regime";
        let joint = m.linear_for(None);
        assert!(std::ptr::eq(m.linear_for(Some("tariffs")), joint));
        assert!(!std::ptr::eq(m.linear_for(Some("negotiations")), joint));
        let p = m.predict(text, Some("tariffs"));
        assert!(m.labels().contains(&p.label));
        let probs = m.probabilities(text, Some("tariffs"));
        assert!((probs.iter().map(|p| p.1).sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn evidence_is_the_top_three_contributions() {
        let m = model();
        let (text, target) = (
            "The minister rejected new sanctions today",
            Some("sanctions"),
        );
        let p = m.predict(text, target);
        assert_eq!(p.label, "against");
        assert!(!p.evidence.is_empty() && p.evidence.len() <= EVIDENCE_FEATURES);
        // Recompute every contribution by hand.
        let lin = m.linear_for(target);
        let c = lin.data.labels.iter().position(|l| *l == p.label).unwrap();
        let row = m.vectorizer().transform(text, target);
        let mut all: Vec<(String, f64)> = row
            .iter()
            .map(|(j, v)| {
                (
                    m.vectorizer().feature_name(j).to_string(),
                    v * lin.weight(&m.proj, j as u32, c),
                )
            })
            .filter(|(_, w)| *w > 0.0)
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.truncate(EVIDENCE_FEATURES);
        assert_eq!(p.evidence, all);
        assert!(p.evidence.windows(2).all(|w| w[0].1 >= w[1].1));
        // Probabilities and confidence agree.
        let probs = m.probabilities(text, target);
        let best = probs.iter().map(|p| p.1).fold(0.0, f64::max);
        assert_eq!(p.confidence, best);
    }

    #[test]
    fn top_features_are_sorted_per_model_and_label() {
        let m = model();
        let top = m.top_features(4);
        // 2 per-target models and the joint one, 3 labels each, 4 features each.
        assert_eq!(top.len(), 3 * 3 * 4);
        for group in top.chunks(4) {
            assert!(group
                .iter()
                .all(|r| r.label == group[0].label && r.target == group[0].target));
            assert_eq!(
                group.iter().map(|r| r.rank).collect::<Vec<_>>(),
                [1, 2, 3, 4]
            );
            assert!(group.windows(2).all(|w| w[0].weight >= w[1].weight));
            assert!(group.iter().all(|r| r.weight > 0.0));
        }
        assert_eq!(top[0].target.as_deref(), Some("negotiations"));
        assert_eq!(top.last().unwrap().target, None);
    }

    #[test]
    fn other_versions_and_broken_files_are_refused() {
        let json = model().to_json();
        let err = |s: &str| StanceModel::from_json(s).unwrap_err().to_string();
        let v1 = json.replacen(r#""version":2"#, r#""version":1"#, 1);
        assert_eq!(
            err(&v1),
            "invalid model: format version 1, this build reads version 2; retrain it with `standpoint train`"
        );
        let other = json.replacen("standpoint-stance-model", "something-else", 1);
        assert_eq!(
            err(&other),
            "invalid model: type `something-else` is not `standpoint-stance-model`"
        );
        for broken in [
            &json[..json.len() / 2],
            "",
            "[]",
            "{}",
            &json.replacen(
                r#""labels":["against","favor","none"]"#,
                r#""labels":["favor"]"#,
                1,
            ),
            &json.replacen(r#""intercept":["#, r#""intercept":[1,"#, 1),
            &json.replacen(r#""idf":["#, r#""idf":[1,"#, 1),
        ] {
            let e = err(broken);
            assert!(e.starts_with("invalid model: "), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn predict_all_equals_the_reference_predict_on_the_default_model() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let json = std::fs::read_to_string(root.join("crates/cli/assets/default-model.json"))
            .expect("default model");
        let m = StanceModel::from_json(&json).unwrap();
        let rows = crate::data::read_examples(&root.join("fixtures/train/stance.csv")).unwrap();
        assert!(rows.len() > 100 && m.targets().len() > 1);
        let mut targets: Vec<Option<&str>> = m.targets().iter().map(|t| Some(t.as_str())).collect();
        targets.push(None);
        let mut with_target_ngrams = 0;
        for e in &rows {
            let all = m.predict_all(&e.text, &targets);
            assert_eq!(all.len(), targets.len());
            for (p, &t) in all.iter().zip(&targets) {
                // The reference path: the same prediction up to rounding.
                let one = m.predict(&e.text, t);
                assert_eq!(p.label, one.label, "{} / {t:?}", e.text);
                assert!((p.confidence - one.confidence).abs() < 1e-9);
                let names = |v: &[(String, f64)]| -> Vec<String> {
                    v.iter().map(|(n, _)| n.clone()).collect()
                };
                assert_eq!(
                    names(&p.evidence),
                    names(&one.evidence),
                    "{} / {t:?}",
                    e.text
                );
                for ((_, a), (_, b)) in p.evidence.iter().zip(&one.evidence) {
                    assert!((a - b).abs() < 1e-9);
                }
                let v = m.vectorizer();
                let row = v.transform(&e.text, t);
                assert_eq!(v.transform_prepared(&v.prepare(&e.text), t), row);
                if row.indices.iter().any(|&j| {
                    v.feature_name(j as usize)
                        .contains(standpoint_features::TARGET_TOKEN)
                }) {
                    with_target_ngrams += 1;
                }
            }
        }
        // The fixtures exercise the per-target `<T>` n-grams, not only the shared part.
        assert!(with_target_ngrams > 0);
    }
}
