//! Report row types.

use standpoint_csvio::{four_decimals, RecordEncoder};

use crate::table::Row;

/// Four decimals, as `{:.4}` would print them (the fixed-point path of
/// [`four_decimals`]): how probabilities and shares serialize.
fn conf4<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&four_decimals(*v, &mut [0u8; 24]))
}

/// One row of `sentences.csv`: a sentence's stance toward one target.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SentenceRow {
    /// Article id (path relative to the input root).
    pub article: String,
    /// Sentence number in the article, counted from 1 as people count.
    pub sentence: usize,
    /// Paragraph number in the article, counted from 1.
    pub paragraph: usize,
    /// Code-point offset of the sentence start in the decoded article.
    pub start: usize,
    /// Code-point offset one past the sentence end.
    pub end: usize,
    /// Canonical speaker, or empty.
    pub speaker: String,
    /// How the speaker was found: direct, indirect, pronoun, continuation or empty.
    pub speaker_via: String,
    /// What kind of source the speaker is: person, organisation, nominal,
    /// unnamed, or empty without a speaker.
    pub speaker_kind: String,
    /// full, partial or none.
    pub in_quote: String,
    /// Target, or empty for an untargeted model.
    pub target: String,
    /// Predicted label.
    pub label: String,
    /// Probability of the label.
    #[serde(serialize_with = "conf4")]
    pub confidence: f64,
    /// The n-grams that pushed hardest toward the label.
    pub evidence: String,
    /// The sentence text.
    pub text: String,
}

/// The long layout's header: the sentence-level columns of
/// [`crate::SENTENCE_COLUMNS`], then the per-target ones and the text.
const LONG_HEADER: [&str; crate::SENTENCE_COLUMNS.len() + 5] = {
    let tail = ["target", "label", "confidence", "evidence", "text"];
    let lead = crate::SENTENCE_COLUMNS;
    let mut out = [""; crate::SENTENCE_COLUMNS.len() + 5];
    let mut i = 0;
    while i < lead.len() {
        out[i] = lead[i].0;
        i += 1;
    }
    let mut j = 0;
    while j < tail.len() {
        out[lead.len() + j] = tail[j];
        j += 1;
    }
    out
};

impl Row for SentenceRow {
    const HEADER: &'static [&'static str] = &LONG_HEADER;

    fn encode(&self, rec: &mut RecordEncoder<'_>) {
        for (_, cell) in crate::SENTENCE_COLUMNS {
            cell(self).encode(rec);
        }
        rec.text(&self.target);
        self.encode_position(rec);
        rec.text(&self.text);
    }
}

impl SentenceRow {
    /// Appends the row's position toward its target: label, confidence and
    /// evidence, as both layouts write them.
    pub(crate) fn encode_position(&self, rec: &mut RecordEncoder<'_>) {
        rec.text(&self.label)
            .fixed4(self.confidence)
            .text(&self.evidence);
    }
}

/// One row of `articles.csv`: an article's label distribution toward a target.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleRow {
    /// Article id.
    pub article: String,
    /// Article title, or empty.
    pub title: String,
    /// Encoding the article was decoded from.
    pub encoding: String,
    /// Target, or empty.
    pub target: String,
    /// Label.
    pub label: String,
    /// Sentences with this label toward this target.
    pub sentences: usize,
    /// Their share of the article's sentences (0..1).
    #[serde(serialize_with = "conf4")]
    pub share: f64,
    /// Mean confidence of those sentences (0 when none).
    #[serde(serialize_with = "conf4")]
    pub mean_confidence: f64,
}

impl Row for ArticleRow {
    const HEADER: &'static [&'static str] = &[
        "article",
        "title",
        "encoding",
        "target",
        "label",
        "sentences",
        "share",
        "mean_confidence",
    ];

    fn encode(&self, rec: &mut RecordEncoder<'_>) {
        rec.text(&self.article)
            .text(&self.title)
            .text(&self.encoding)
            .text(&self.target)
            .text(&self.label)
            .int(self.sentences)
            .fixed4(self.share)
            .fixed4(self.mean_confidence);
    }
}

/// One row of `speakers.csv`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SpeakerRow {
    /// Article id.
    pub article: String,
    /// Canonical speaker.
    pub speaker: String,
    /// What kind of source the speaker is (as in `sentences.csv`).
    pub speaker_kind: String,
    /// Target, or empty.
    pub target: String,
    /// Label.
    pub label: String,
    /// Number of sentences.
    pub sentences: usize,
}

impl Row for SpeakerRow {
    const HEADER: &'static [&'static str] = &[
        "article",
        "speaker",
        "speaker_kind",
        "target",
        "label",
        "sentences",
    ];

    fn encode(&self, rec: &mut RecordEncoder<'_>) {
        rec.text(&self.article)
            .text(&self.speaker)
            .text(&self.speaker_kind)
            .text(&self.target)
            .text(&self.label)
            .int(self.sentences);
    }
}

/// One row of `errors.csv`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ErrorRow {
    /// The input path (or `path:line`).
    pub path: String,
    /// Short kind: empty, binary, decode, permission, ...
    pub kind: String,
    /// Human-readable message.
    pub message: String,
}

impl Row for ErrorRow {
    const HEADER: &'static [&'static str] = &["path", "kind", "message"];

    fn encode(&self, rec: &mut RecordEncoder<'_>) {
        rec.text(&self.path).text(&self.kind).text(&self.message);
    }
}

/// One row of `eval --predictions`: a test row with its gold and predicted
/// label.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PredictionRow {
    /// Row number in the test data (1-based; in cross-validation, in the
    /// training files read in order).
    pub row: usize,
    /// The text.
    pub text: String,
    /// Its target, or empty.
    pub target: String,
    /// Gold label.
    pub gold: String,
    /// Predicted label (`uncertain` below `--min-confidence`).
    pub predicted: String,
    /// Probability of the predicted label.
    #[serde(serialize_with = "conf4")]
    pub confidence: f64,
    /// The features that pushed hardest toward it.
    pub evidence: String,
}

impl Row for PredictionRow {
    const HEADER: &'static [&'static str] = &[
        "row",
        "text",
        "target",
        "gold",
        "predicted",
        "confidence",
        "evidence",
    ];

    fn encode(&self, rec: &mut RecordEncoder<'_>) {
        rec.int(self.row)
            .text(&self.text)
            .text(&self.target)
            .text(&self.gold)
            .text(&self.predicted)
            .fixed4(self.confidence)
            .text(&self.evidence);
    }
}

/// Everything the pipeline produced for one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleOutput {
    /// Article id.
    pub article: String,
    /// Title, or empty.
    pub title: String,
    /// Source encoding.
    pub encoding: String,
    /// Number of sentences in the article.
    pub sentence_count: usize,
    /// Rows, sentence-major then target order.
    pub rows: Vec<SentenceRow>,
}

/// Seconds spent per stage (summed over threads).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StageSeconds {
    /// Reading and decoding.
    pub ingest: f64,
    /// Sentence splitting.
    pub segment: f64,
    /// Quotes and speakers.
    pub attribute: f64,
    /// Features and prediction.
    pub classify: f64,
    /// Writing reports.
    pub report: f64,
    /// Whole run, wall clock.
    pub total: f64,
}

/// A report written as numbered parts (`sentences-001.csv`, …), each with
/// the header, split between articles.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TableParts {
    /// The report's own name (`sentences.csv`).
    pub table: String,
    /// The parts' file names, in order.
    pub files: Vec<String>,
    /// Records (rows after the header) in each part.
    pub rows: Vec<usize>,
}

/// Contents of `run.json`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunInfo {
    /// standpoint version.
    pub standpoint_version: String,
    /// Model id.
    pub model_id: String,
    /// Content hash of the model file.
    pub model_hash: String,
    /// Input files found.
    pub inputs: usize,
    /// Articles processed.
    pub articles: usize,
    /// Sentences segmented.
    pub sentences: usize,
    /// Rows in sentences.csv.
    pub sentence_rows: usize,
    /// Rows in errors.csv that are errors.
    pub errors: usize,
    /// Rows in errors.csv that are warnings.
    pub warnings: usize,
    /// Threads used.
    pub threads: usize,
    /// The part of the input this run covered: `I/N` (`1/1` when not sharded).
    #[serde(default)]
    pub shard: String,
    /// Input files found by discovery, over all shards.
    #[serde(default)]
    pub input_files: usize,
    /// Hex xxh3 of the sorted (path, size, mtime) list of all input files.
    #[serde(default)]
    pub input_hash: String,
    /// Hex xxh3 of the options that shape the reports (CSV profile,
    /// abbreviations, confidence floor, extensions, version).
    #[serde(default)]
    pub options_hash: String,
    /// Seconds per stage.
    pub seconds: StageSeconds,
    /// Warnings about the reports themselves (say, a table too long for a
    /// spreadsheet).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The reports written in numbered parts (too long for a spreadsheet).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<TableParts>,
    /// The stage settings of the run (`{"type":"standpoint-pipeline","version":..}`).
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub pipeline: serde_json::Value,
}
