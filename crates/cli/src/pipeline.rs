//! The pipeline configuration: every stage's settings in one serializable
//! value, recorded in `run.json` so a report says how it was made.
//!
//! Like a model file it carries a `type` tag and a format `version`; each
//! stage is a tagged enum so other implementations can be added later.

use serde::{Deserialize, Serialize};
use standpoint_attribute::Attributor;
use standpoint_classify::StanceModel;
use standpoint_ingest::IngestConfig;
use standpoint_segment::Segmenter;

use crate::driver::Stages;

/// Format version of [`PipelineConfig`].
pub(crate) const PIPELINE_VERSION: u32 = 1;

/// All stage settings of a `label` run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "standpoint-pipeline")]
pub(crate) struct PipelineConfig {
    /// Format version.
    pub(crate) version: u32,
    /// How articles are found and read.
    pub(crate) ingest: IngestStage,
    /// How sentences are split.
    pub(crate) segmenter: SegmenterStage,
    /// How speakers are found.
    pub(crate) attributor: AttributorStage,
    /// Which model labels the sentences.
    pub(crate) classifier: ClassifierStage,
    /// How reports are written.
    pub(crate) report: ReportStage,
}

/// Ingestion settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum IngestStage {
    /// Files under folders, filtered by extension.
    Files {
        /// Extensions read, lowercase.
        extensions: Vec<String>,
        /// Larger files are rejected.
        max_bytes: u64,
    },
    /// JSONL articles from a stream.
    Jsonl,
}

/// Segmentation settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum SegmenterStage {
    /// The rule-based news segmenter with its built-in abbreviations.
    News {
        /// Abbreviations added with `--abbreviations`.
        extra_abbreviations: Vec<String>,
    },
}

/// Attribution settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum AttributorStage {
    /// The rule-based quote and speaker attributor.
    Rules,
}

/// Classifier settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ClassifierStage {
    /// A standpoint stance model file.
    StanceModel {
        /// Model id.
        model_id: String,
        /// Content hash of the model.
        model_hash: String,
        /// Predictions below this probability are `uncertain`.
        min_confidence: Option<f64>,
        /// Label toward this one target only (`label --target`), which the
        /// model may not have been trained on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        toward: Option<String>,
        /// Terms naming `toward` (empty: the model's terms, or its name).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        terms: Vec<String>,
    },
}

/// Report settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ReportStage {
    /// `excel` or `plain`.
    pub(crate) csv: String,
    /// Layout of `sentences.csv`: `wide` or `long` (runs before it existed
    /// wrote `long`).
    #[serde(default = "long_layout")]
    pub(crate) layout: String,
    /// Whether `report.html` is written.
    pub(crate) html: bool,
}

fn long_layout() -> String {
    "long".into()
}

impl PipelineConfig {
    /// The stages this configuration describes, labelling with `model`
    /// (whose id and hash the classifier stage records). Checks the
    /// settings: the same config always gives the same stages.
    pub(crate) fn stages(&self, mut model: StanceModel) -> anyhow::Result<Stages> {
        let ingest = match &self.ingest {
            IngestStage::Files {
                extensions,
                max_bytes,
            } => IngestConfig::new(extensions, *max_bytes)?,
            IngestStage::Jsonl => IngestConfig::default(),
        };
        let SegmenterStage::News {
            extra_abbreviations,
        } = &self.segmenter;
        let segmenter = Segmenter::new().with_abbreviations(extra_abbreviations.iter().cloned());
        let AttributorStage::Rules = self.attributor;
        let ClassifierStage::StanceModel {
            min_confidence,
            toward,
            terms,
            ..
        } = &self.classifier;
        if let Some(target) = toward {
            if !terms.is_empty() && !standpoint_classify::has_term(terms) {
                anyhow::bail!(
                    "--terms for `{target}` holds no term to match, only exclusions (`!phrase`) \
                     or empty weak terms (`~`)"
                );
            }
            model.toward_only(target, terms);
        }
        Ok(Stages {
            ingest,
            segmenter,
            attributor: Attributor::new(),
            model,
            min_confidence: *min_confidence,
        })
    }

    /// Parses a config, refusing other types and versions.
    #[cfg(test)]
    pub(crate) fn from_json(s: &str) -> anyhow::Result<Self> {
        let v: serde_json::Value = serde_json::from_str(s)?;
        // serde does not check a struct's tag value when reading it back.
        match v.get("type").and_then(|t| t.as_str()) {
            Some("standpoint-pipeline") => {}
            other => anyhow::bail!("not a standpoint pipeline config (type {other:?})"),
        }
        match v.get("version").and_then(|v| v.as_u64()) {
            Some(n) if n == u64::from(PIPELINE_VERSION) => {}
            Some(n) => anyhow::bail!(
                "pipeline config version {n} (this standpoint reads {PIPELINE_VERSION})"
            ),
            None => anyhow::bail!("pipeline config has no version"),
        }
        Ok(serde_json::from_value(v)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PipelineConfig {
        PipelineConfig {
            version: PIPELINE_VERSION,
            ingest: IngestStage::Files {
                extensions: vec!["txt".into(), "md".into()],
                max_bytes: 1 << 26,
            },
            segmenter: SegmenterStage::News {
                extra_abbreviations: vec!["Amb.".into()],
            },
            attributor: AttributorStage::Rules,
            classifier: ClassifierStage::StanceModel {
                model_id: "m".into(),
                model_hash: "0123456789abcdef".into(),
                min_confidence: Some(0.5),
                toward: Some("minimum wage".into()),
                terms: vec!["minimum wage".into(), "wage floor".into()],
            },
            report: ReportStage {
                csv: "excel".into(),
                layout: "wide".into(),
                html: true,
            },
        }
    }

    #[test]
    fn round_trips_with_type_tags_and_version() {
        let cfg = sample();
        let json = serde_json::to_string(&cfg).unwrap();
        assert!(
            json.starts_with(r#"{"type":"standpoint-pipeline","version":1,"#),
            "{json}"
        );
        assert!(
            json.contains(r#""segmenter":{"type":"news","extra_abbreviations":["Amb."]}"#),
            "{json}"
        );
        assert!(json.contains(r#""attributor":{"type":"rules"}"#), "{json}");
        assert_eq!(PipelineConfig::from_json(&json).unwrap(), cfg);
        let jsonl = PipelineConfig {
            ingest: IngestStage::Jsonl,
            ..cfg
        };
        let back = PipelineConfig::from_json(&serde_json::to_string(&jsonl).unwrap()).unwrap();
        assert_eq!(back, jsonl);
    }

    #[test]
    fn refuses_other_versions_and_types() {
        let json = serde_json::to_string(&sample()).unwrap();
        let future = json.replace(r#""version":1"#, r#""version":7"#);
        assert!(PipelineConfig::from_json(&future)
            .unwrap_err()
            .to_string()
            .contains("version 7"));
        let other = json.replace("standpoint-pipeline", "something-else");
        assert!(PipelineConfig::from_json(&other).is_err());
        let unknown_stage = json.replace(r#"{"type":"rules"}"#, r#"{"type":"neural"}"#);
        assert!(PipelineConfig::from_json(&unknown_stage).is_err());
    }
}
