//! `standpoint label`: the main batch job.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::ValueEnum;
use standpoint_attribute::Attributor;
use standpoint_ingest::{discover, IngestConfig};
use standpoint_report::{CsvProfile, ErrorRow, RunInfo};
use standpoint_segment::{load_abbreviations, Segmenter};

use crate::driver::{self, Sink, Stages};
use crate::output::FileSink;
use crate::Outcome;

/// Report files this command writes.
const REPORTS: &[&str] = &[
    "sentences.csv",
    "articles.csv",
    "speakers.csv",
    "errors.csv",
    "run.json",
];

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Article files or folders (searched recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output folder for the reports.
    #[arg(long)]
    out: PathBuf,
    /// Model file (default: the embedded model).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Label predictions below this probability `uncertain`.
    #[arg(long, value_parser = parse_probability)]
    min_confidence: Option<f64>,
    /// Extra abbreviations for the segmenter, one per line.
    #[arg(long)]
    abbreviations: Option<PathBuf>,
    /// CSV flavour: excel (BOM, CRLF, formula guard) or plain.
    #[arg(long, value_enum, default_value_t = CsvFlavor::Excel)]
    csv: CsvFlavor,
    /// Overwrite existing reports in the output folder.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum CsvFlavor {
    Excel,
    Plain,
}

fn parse_probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a probability between 0 and 1")),
    }
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if threads == 0 {
        bail!("--threads must be at least 1");
    }
    let model = crate::model::load(args.model.as_deref())?;
    let mut segmenter = Segmenter::new();
    if let Some(path) = &args.abbreviations {
        segmenter = segmenter.with_abbreviations(load_abbreviations(path)?);
    }
    let stages = Stages {
        ingest: IngestConfig::default(),
        segmenter,
        attributor: Attributor::new(),
        model,
        min_confidence: args.min_confidence,
    };
    let profile = match args.csv {
        CsvFlavor::Excel => CsvProfile::Excel,
        CsvFlavor::Plain => CsvProfile::Plain,
    };
    prepare_out_dir(&args.out, args.force)?;

    let (entries, walk_errors) = discover(&args.paths, &stages.ingest);
    let mut labels: Vec<String> = stages.model.labels().to_vec();
    if args.min_confidence.is_some() {
        labels.push("uncertain".into());
    }
    let mut sink = FileSink::create(&args.out, profile, labels)?;
    for e in &walk_errors {
        let row = ErrorRow {
            path: e.path().unwrap_or("").into(),
            kind: e.kind().into(),
            message: e.message(),
        };
        sink.problem(&row, true)?;
    }
    let mut totals = driver::run(&entries, &stages, threads, &mut sink, &mut |_progress| {})?;
    totals.errors += walk_errors.len();
    let info = RunInfo {
        standpoint_version: env!("CARGO_PKG_VERSION").into(),
        model_id: stages.model.id(),
        model_hash: stages.model.content_hash(),
        inputs: entries.len() + walk_errors.len(),
        articles: totals.articles,
        sentences: totals.sentences,
        sentence_rows: totals.rows,
        errors: totals.errors,
        warnings: totals.warnings,
        threads,
        seconds: totals.seconds.clone(),
    };
    sink.finish(&info)?;
    eprintln!(
        "standpoint: {} articles, {} sentences, {} errors; reports in {}",
        totals.articles,
        totals.sentences,
        totals.errors,
        args.out.display()
    );
    Ok(if totals.errors > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn prepare_out_dir(out: &Path, force: bool) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create output folder", out.display()))?;
    if !force {
        let existing: Vec<&str> = REPORTS
            .iter()
            .copied()
            .filter(|r| out.join(r).exists())
            .collect();
        if !existing.is_empty() {
            bail!(
                "{}: already holds reports ({}); use --force to overwrite",
                out.display(),
                existing.join(", ")
            );
        }
    }
    Ok(())
}
