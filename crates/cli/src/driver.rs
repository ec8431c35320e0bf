//! The parallel batch driver: the only place with parallelism.
//!
//! Entries are processed chunk by chunk with rayon; each chunk's results are
//! collected in input order and handed to the sink before the next chunk
//! starts, so output order is fixed and memory stays bounded.

use std::time::{Duration, Instant};

use rayon::prelude::*;
use standpoint_attribute::{Attribute, Attributor};
use standpoint_classify::StanceModel;
use standpoint_ingest::{read_entry, Article, Entry, IngestConfig, IngestError};
use standpoint_report::{ArticleOutput, ErrorRow, SentenceRow, StageSeconds};
use standpoint_segment::Segmenter;

/// The stages, configured and validated.
pub(crate) struct Stages {
    pub(crate) ingest: IngestConfig,
    pub(crate) segmenter: Segmenter,
    pub(crate) attributor: Attributor,
    pub(crate) model: StanceModel,
    pub(crate) min_confidence: Option<f64>,
}

/// Where ordered results go.
pub(crate) trait Sink {
    /// One processed article.
    fn article(&mut self, out: &ArticleOutput) -> anyhow::Result<()>;
    /// One failed input (or a warning).
    fn problem(&mut self, row: &ErrorRow, is_error: bool) -> anyhow::Result<()>;
}

/// Counts and timings of a run.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    pub(crate) articles: usize,
    pub(crate) sentences: usize,
    pub(crate) rows: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) seconds: StageSeconds,
}

/// Time spent per stage while processing.
#[derive(Default)]
pub(crate) struct Timing {
    ingest: Duration,
    segment: Duration,
    attribute: Duration,
    classify: Duration,
}

/// Result of processing one entry.
struct EntryResult {
    outputs: Vec<ArticleOutput>,
    problems: Vec<(ErrorRow, bool)>,
    timing: Timing,
    bytes: u64,
}

fn problem_row(e: &IngestError, fallback: &str) -> ErrorRow {
    ErrorRow {
        path: e.path().unwrap_or(fallback).to_string(),
        kind: e.kind().to_string(),
        message: e.message(),
    }
}

/// How far a run has got, reported after each chunk.
#[derive(Debug, Clone, Copy, Default)]
#[allow(dead_code)] // Fields are read by the progress bar.
pub(crate) struct Progress {
    /// Input entries finished.
    pub(crate) done: usize,
    /// Input entries in total.
    pub(crate) total: usize,
    /// Bytes of input decoded so far.
    pub(crate) bytes: u64,
}

/// Runs the pipeline over `entries` with `threads` workers, calling
/// `progress` after every chunk.
pub(crate) fn run(
    entries: &[Entry],
    stages: &Stages,
    threads: usize,
    sink: &mut dyn Sink,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<Totals> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()?;
    let chunk = (threads.max(1) * 32).max(32);
    let mut totals = Totals::default();
    let started = Instant::now();
    let mut report_time = Duration::ZERO;
    let mut timing = Timing::default();
    let mut state = Progress {
        done: 0,
        total: entries.len(),
        bytes: 0,
    };
    for batch in entries.chunks(chunk) {
        let results: Vec<EntryResult> =
            pool.install(|| batch.par_iter().map(|e| process_entry(e, stages)).collect());
        let t = Instant::now();
        for r in results {
            timing.ingest += r.timing.ingest;
            timing.segment += r.timing.segment;
            timing.attribute += r.timing.attribute;
            timing.classify += r.timing.classify;
            for (row, is_error) in &r.problems {
                if *is_error {
                    totals.errors += 1;
                } else {
                    totals.warnings += 1;
                }
                sink.problem(row, *is_error)?;
            }
            state.bytes += r.bytes;
            for out in &r.outputs {
                totals.articles += 1;
                totals.sentences += out.sentence_count;
                totals.rows += out.rows.len();
                sink.article(out)?;
            }
        }
        report_time += t.elapsed();
        state.done += batch.len();
        progress(state);
    }
    totals.seconds = StageSeconds {
        ingest: timing.ingest.as_secs_f64(),
        segment: timing.segment.as_secs_f64(),
        attribute: timing.attribute.as_secs_f64(),
        classify: timing.classify.as_secs_f64(),
        report: report_time.as_secs_f64(),
        total: started.elapsed().as_secs_f64(),
    };
    Ok(totals)
}

fn process_entry(entry: &Entry, stages: &Stages) -> EntryResult {
    let mut timing = Timing::default();
    let t = Instant::now();
    let loaded = read_entry(entry, &stages.ingest);
    timing.ingest = t.elapsed();
    match loaded {
        Err(e) => EntryResult {
            outputs: Vec::new(),
            problems: vec![(problem_row(&e, &entry.rel), true)],
            timing,
            bytes: 0,
        },
        Ok(articles) => {
            let bytes = articles.iter().map(|a| a.bytes).sum();
            let outputs = articles
                .iter()
                .map(|a| process_article(a, stages, &mut timing))
                .collect();
            EntryResult {
                outputs,
                problems: Vec::new(),
                timing,
                bytes,
            }
        }
    }
}

/// Runs segmentation, attribution and classification on one article.
pub(crate) fn process_article(
    article: &Article,
    stages: &Stages,
    timing: &mut Timing,
) -> ArticleOutput {
    let text = article.text.as_str();
    let t = Instant::now();
    let sentences = stages.segmenter.segment(text);
    timing.segment += t.elapsed();

    let t = Instant::now();
    let attributions = stages.attributor.attribute(text, &sentences);
    timing.attribute += t.elapsed();

    let t = Instant::now();
    let targets: Vec<Option<&str>> = if stages.model.targets().is_empty() {
        vec![None]
    } else {
        stages
            .model
            .targets()
            .iter()
            .map(|t| Some(t.as_str()))
            .collect()
    };
    let mut rows = Vec::with_capacity(sentences.len() * targets.len());
    let mut chars = CharOffsets::new(text);
    for (i, (s, a)) in sentences.iter().zip(&attributions).enumerate() {
        let (start, end) = (chars.at(s.start), chars.at(s.end));
        let sentence_text = &text[s.start..s.end];
        for target in &targets {
            let p = stages.model.predict(sentence_text, *target);
            let label = match stages.min_confidence {
                Some(min) if p.confidence < min => "uncertain".to_string(),
                _ => p.label,
            };
            rows.push(SentenceRow {
                article: article.id.clone(),
                sentence: i,
                paragraph: s.paragraph,
                start,
                end,
                speaker: a.speaker.clone().unwrap_or_default(),
                speaker_via: a.via.map(|v| v.as_str().to_string()).unwrap_or_default(),
                in_quote: a.in_quote.as_str().to_string(),
                target: target.unwrap_or("").to_string(),
                label,
                confidence: p.confidence,
                evidence: format_evidence(&p.evidence),
                text: sentence_text.to_string(),
            });
        }
    }
    timing.classify += t.elapsed();
    ArticleOutput {
        article: article.id.clone(),
        title: article.title.clone().unwrap_or_default(),
        encoding: article.encoding.clone(),
        sentence_count: sentences.len(),
        rows,
    }
}

/// `ngram(+1.90); not(+0.80)`: contributions with an explicit sign, two decimals.
pub(crate) fn format_evidence(evidence: &[(String, f64)]) -> String {
    evidence
        .iter()
        .map(|(name, w)| format!("{name}({w:+.2})"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Converts increasing byte offsets to code-point offsets in one pass.
pub(crate) struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// Code-point offset of byte offset `b` (a char boundary).
    pub(crate) fn at(&mut self, b: usize) -> usize {
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..b].chars().count();
        self.byte = b;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let text = "“Né” said.";
        let mut c = CharOffsets::new(text);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(text.find('s').unwrap()), 5);
        assert_eq!(c.at(text.len()), 10);
        assert_eq!(c.at(3), 1);
    }

    #[test]
    fn evidence_format_is_signed() {
        let e = vec![
            ("oppose sanctions".to_string(), 1.9),
            ("not".to_string(), -0.804),
        ];
        assert_eq!(format_evidence(&e), "oppose sanctions(+1.90); not(-0.80)");
    }
}
