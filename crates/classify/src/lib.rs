//! Stance classification: training data, the fitted model, prediction and evaluation.
//!
//! PLACEHOLDER API CONTRACT: the signatures below are what the CLI uses.
//! The implementation is being replaced by the sparse linfa estimator.
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::path::Path;

/// Model file format version.
pub const MODEL_VERSION: u32 = 1;

/// One labeled training row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// The target, if the CSV has a `target` column.
    pub target: Option<String>,
    /// The gold label.
    pub label: String,
}

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClassifyError {
    /// A training file problem, with `file:line`.
    #[error("{path}:{line}: {message}")]
    Data {
        /// File.
        path: String,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Model file problem.
    #[error("invalid model: {0}")]
    Model(String),
    /// CSV error.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// JSON error.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// I/O error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, ClassifyError>;

/// Reads a `text,target,label` CSV (target optional).
pub fn read_examples(path: &Path) -> Result<Vec<Example>> {
    let mut rdr = csv::ReaderBuilder::new().from_path(path)?;
    let headers = rdr.headers()?.clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == n)
    };
    let (t, g, l) = (col("text"), col("target"), col("label"));
    let (Some(t), Some(l)) = (t, l) else {
        return Err(ClassifyError::Data {
            path: path.display().to_string(),
            line: 1,
            message: "missing text or label column".into(),
        });
    };
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        out.push(Example {
            text: rec.get(t).unwrap_or("").to_string(),
            target: g
                .and_then(|g| rec.get(g))
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            label: rec.get(l).unwrap_or("").to_string(),
        });
    }
    Ok(out)
}

/// Training settings (placeholder).
#[derive(Debug, Clone, Default)]
pub struct TrainConfig {}

/// One predicted label with its probability and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Chosen label.
    pub label: String,
    /// Probability of the chosen label.
    pub confidence: f64,
    /// Features that pushed hardest toward the label, as (name, weight × value).
    pub evidence: Vec<(String, f64)>,
}

/// A fitted stance model.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StanceModel {
    version: u32,
    labels: Vec<String>,
    targets: Vec<String>,
    majority: BTreeMap<String, String>,
}

impl StanceModel {
    /// Parses a model file.
    pub fn from_json(s: &str) -> Result<Self> {
        let m: StanceModel = serde_json::from_str(s)?;
        if m.version != MODEL_VERSION {
            return Err(ClassifyError::Model(format!(
                "version {} (expected {MODEL_VERSION})",
                m.version
            )));
        }
        Ok(m)
    }
    /// Serializes deterministically.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("model serializes")
    }
    /// Short id for reports.
    pub fn id(&self) -> String {
        format!("standpoint-stance-v{}", self.version)
    }
    /// Hex xxh3 of the serialized model.
    pub fn content_hash(&self) -> String {
        format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(self.to_json().as_bytes())
        )
    }
    /// Targets the model knows (empty: untargeted model).
    pub fn targets(&self) -> &[String] {
        &self.targets
    }
    /// Labels the model can output.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// Predicts the stance of `text` toward `target`.
    pub fn predict(&self, _text: &str, target: Option<&str>) -> Prediction {
        let key = target.unwrap_or("").to_string();
        let label = self
            .majority
            .get(&key)
            .or_else(|| self.majority.values().next())
            .cloned()
            .unwrap_or_default();
        Prediction {
            label,
            confidence: 1.0 / self.labels.len().max(1) as f64,
            evidence: Vec::new(),
        }
    }
}

/// Trains a model (placeholder: majority per target).
pub fn train(examples: &[Example], _config: &TrainConfig) -> Result<StanceModel> {
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut labels: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    labels.sort();
    labels.dedup();
    let mut targets: Vec<String> = examples.iter().filter_map(|e| e.target.clone()).collect();
    targets.sort();
    targets.dedup();
    for e in examples {
        *counts
            .entry(e.target.clone().unwrap_or_default())
            .or_default()
            .entry(e.label.clone())
            .or_default() += 1;
    }
    let majority = counts
        .into_iter()
        .map(|(t, c)| {
            (
                t,
                c.into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|x| x.0)
                    .unwrap_or_default(),
            )
        })
        .collect();
    Ok(StanceModel {
        version: MODEL_VERSION,
        labels,
        targets,
        majority,
    })
}

/// Per-class scores.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClassScores {
    /// Precision in 0..1.
    pub precision: f64,
    /// Recall in 0..1.
    pub recall: f64,
    /// F1 in 0..1.
    pub f1: f64,
    /// Gold rows of this class.
    pub support: usize,
}

/// Evaluation results, as written by `eval --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evaluation {
    /// Fraction correct.
    pub accuracy: f64,
    /// Unweighted mean F1 over classes.
    pub macro_f1: f64,
    /// Scores per gold label.
    pub per_class: BTreeMap<String, ClassScores>,
    /// confusion[gold][predicted] = count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Scores predictions against gold labels.
pub fn score(gold: &[String], predicted: &[String]) -> Evaluation {
    let mut labels: Vec<&String> = gold.iter().chain(predicted).collect();
    labels.sort();
    labels.dedup();
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for g in &labels {
        confusion.insert(
            (*g).clone(),
            labels.iter().map(|p| ((*p).clone(), 0)).collect(),
        );
    }
    for (g, p) in gold.iter().zip(predicted) {
        *confusion.get_mut(g).unwrap().get_mut(p).unwrap() += 1;
    }
    let mut per_class = BTreeMap::new();
    for l in &labels {
        let tp = confusion[*l][*l] as f64;
        let support: usize = confusion[*l].values().sum();
        let predicted_n: usize = confusion.values().map(|row| row[*l]).sum();
        let precision = if predicted_n == 0 {
            0.0
        } else {
            tp / predicted_n as f64
        };
        let recall = if support == 0 {
            0.0
        } else {
            tp / support as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        per_class.insert(
            (*l).clone(),
            ClassScores {
                precision,
                recall,
                f1,
                support,
            },
        );
    }
    let correct = gold.iter().zip(predicted).filter(|(g, p)| g == p).count();
    let accuracy = if gold.is_empty() {
        0.0
    } else {
        correct as f64 / gold.len() as f64
    };
    let macro_f1 = per_class.values().map(|c| c.f1).sum::<f64>() / per_class.len().max(1) as f64;
    Evaluation {
        accuracy,
        macro_f1,
        per_class,
        confusion,
    }
}

/// Predicts every example and scores the result.
pub fn evaluate(model: &StanceModel, examples: &[Example]) -> Evaluation {
    let gold: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    let pred: Vec<String> = examples
        .iter()
        .map(|e| model.predict(&e.text, e.target.as_deref()).label)
        .collect();
    score(&gold, &pred)
}
