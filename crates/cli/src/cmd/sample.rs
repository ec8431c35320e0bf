//! `standpoint sample`: pick sentences worth labelling for a target, and
//! write them to a spreadsheet-ready CSV; with the hidden `--pool`, simulate
//! the labelling loop on a labelled CSV (`scripts/learning-curve.sh`).

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use standpoint_attribute::Attributor;
use standpoint_classify::{read_labeled, read_training_files, StanceModel, TrainConfig};
use standpoint_ingest::{walk_lazily, Found, IngestConfig};
use standpoint_report::{guard_cell, ArticleOutput, ErrorRow};
use standpoint_sample::{
    learning_curve, normalized_key, select, uncertainty_and_label, Candidate, CurveConfig,
    SelectConfig, Terms,
};
use standpoint_segment::Segmenter;

use crate::driver::{self, Input, Stages};
use crate::progress::ArticleBar;
use crate::sink::{Render, Rendered, Sink};
use crate::Outcome;

/// Columns of the file to label: the three `train` reads, then context.
const HEADER: [&str; 7] = [
    "text", "target", "label", "article", "sentence", "speaker", "previous",
];

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Article files or folders (searched recursively).
    #[arg(required_unless_present = "pool")]
    paths: Vec<PathBuf>,
    /// The target to label for (a new one, or one the model knows).
    #[arg(long, required_unless_present = "pool")]
    target: Option<String>,
    /// Words or phrases that make a sentence about the target, separated by
    /// `|`; `word*` matches any word starting with `word`, and a word also
    /// matches its plural; `!phrase` excludes a phrase where a term has
    /// another sense (`!hunger strike`); a weak term (`~war`) counts like
    /// any other [default: the words of the target's name].
    #[arg(long, value_name = "A|B|...")]
    terms: Option<String>,
    /// Model whose uncertainty chooses the rows (default: the embedded
    /// model; a target it does not know is scored by its shared model).
    #[arg(long)]
    model: Option<PathBuf>,
    /// How many rows to write.
    #[arg(long, default_value_t = 200)]
    n: usize,
    /// The CSV to write (`text,target,label` plus context columns).
    #[arg(long, required_unless_present = "pool")]
    out: Option<PathBuf>,
    /// Labelled CSV files of earlier rounds: their sentences are not picked
    /// again.
    #[arg(long, value_name = "CSV")]
    exclude: Vec<PathBuf>,
    /// Replace --out if it exists.
    #[arg(long)]
    force: bool,
    /// Seed of the tie-breaking.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// At most this many rows per article at first (raised only if too few
    /// rows are found).
    #[arg(long, default_value_t = 3)]
    per_article: usize,
    /// At most this many rows per speaker at first.
    #[arg(long, default_value_t = 5)]
    per_speaker: usize,
    #[command(flatten)]
    input: super::InputArgs,
    /// No progress bar on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Learning-curve mode: the labelled pool to sample from.
    #[arg(long, hide = true, requires = "test", conflicts_with_all = ["paths", "out"])]
    pool: Option<PathBuf>,
    /// Learning-curve mode: the fixed test split.
    #[arg(long, hide = true, requires = "pool")]
    test: Option<PathBuf>,
    /// Learning-curve mode: rows per round.
    #[arg(long, hide = true, default_value_t = 50)]
    batch: usize,
    /// Learning-curve mode: rounds at most.
    #[arg(long, hide = true, default_value_t = 20)]
    rounds: usize,
    /// Learning-curve mode: seeds (one run of each strategy per seed).
    #[arg(
        long,
        hide = true,
        value_delimiter = ',',
        default_value = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20"
    )]
    seeds: Vec<u64>,
    /// Learning-curve mode: write the chart here.
    #[arg(long, hide = true)]
    svg: Option<PathBuf>,
    /// Weight of representativeness in the ranking (0: uncertainty alone).
    #[arg(long, hide = true)]
    density_weight: Option<f64>,
    /// Share of the rows drawn at random (0 to 1).
    #[arg(long, hide = true)]
    explore: Option<f64>,
    /// Alternate the rows over the labels the model predicts (true/false).
    #[arg(long, hide = true)]
    balance: Option<bool>,
    /// Learning-curve mode: the chart's title.
    #[arg(long, hide = true, default_value = "learning curve")]
    title: String,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    if let (Some(pool), Some(test)) = (&args.pool, &args.test) {
        return simulate(&args, pool, test);
    }
    let (Some(target), Some(out)) = (&args.target, &args.out) else {
        bail!("sample needs --target and --out");
    };
    if args.n == 0 {
        bail!("--n must be at least 1");
    }
    if out.exists() && !args.force {
        bail!(
            "{}: exists (it may hold your labels); choose another --out or add --force",
            out.display()
        );
    }
    for p in &args.paths {
        if !p.exists() {
            bail!("{}: no such file or folder", p.display());
        }
    }
    let threads = crate::worker_threads(args.input.threads);
    let terms = Terms::new(target, args.terms.as_deref())?;
    let mut done = HashSet::new();
    for p in &args.exclude {
        for e in read_labeled(p)?.examples {
            done.insert(normalized_key(&e.text));
        }
    }
    let ingest = IngestConfig::new(&args.input.ext, 64 << 20).context("--ext")?;
    let stages = Stages {
        ingest,
        segmenter: Segmenter::new(),
        attributor: Attributor::new(),
        model: crate::model::load(args.model.as_deref())?,
        min_confidence: None,
    };
    let mut entries = Vec::new();
    let mut problems = 0usize;
    for found in walk_lazily(&args.paths, &stages.ingest, &[]) {
        match found {
            Found::Entry(e) => entries.push(Input::File(e)),
            Found::Problem(_, e) => {
                problems += 1;
                eprintln!("standpoint: {e}");
            }
        }
    }
    let total = entries.len();
    let mut sink = Collect {
        model: &stages.model,
        target,
        terms: &terms,
        done: &done,
        found: Vec::new(),
        sentences: 0,
        problems: 0,
    };
    let mut bar = ArticleBar::new(total, crate::progress::wanted(args.quiet));
    let result = driver::run(
        entries.into_iter(),
        total,
        &stages,
        threads,
        &mut sink,
        &mut |p| bar.update(p),
    );
    bar.finish();
    let totals = result?;
    problems += sink.problems;
    let candidates: Vec<Candidate> = sink
        .found
        .iter()
        .map(|f| Candidate {
            text: &f.text,
            target,
            article: &f.article,
            speaker: &f.speaker,
            uncertainty: f.uncertainty,
            predicted: &f.predicted,
        })
        .collect();
    let config = SelectConfig {
        seed: args.seed,
        ..select_config(&args, args.n)
    };
    let picked = select(&candidates, &config);
    let rows: Vec<&Sentence> = picked.iter().map(|&i| &sink.found[i]).collect();
    write_to_label(out, target, &rows)
        .with_context(|| format!("{}: cannot write", out.display()))?;
    eprintln!(
        "standpoint: {} articles, {} sentences, {} about `{target}`; wrote {} rows to label to {}{}",
        totals.articles,
        totals.sentences,
        sink.found.len(),
        rows.len(),
        out.display(),
        if rows.len() < args.n {
            format!(" (fewer than --n {}: too few distinct sentences match the terms)", args.n)
        } else {
            String::new()
        }
    );
    eprintln!(
        "standpoint: fill the label column with favor, against or none (leave unsure rows empty), then: standpoint train {} --out model.json",
        out.display()
    );
    Ok(if problems > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

/// A sentence about the target, with its context.
struct Sentence {
    text: String,
    article: String,
    /// 1-based, as people count.
    sentence: usize,
    speaker: String,
    previous: String,
    uncertainty: f64,
    /// The label the model predicts.
    predicted: String,
}

/// Collects the sentences about the target, in input order, scoring each
/// with the model (on the writer thread: the driver keeps the order).
struct Collect<'a> {
    model: &'a StanceModel,
    target: &'a str,
    terms: &'a Terms,
    /// Normalised texts labelled in earlier rounds.
    done: &'a HashSet<String>,
    found: Vec<Sentence>,
    sentences: usize,
    problems: usize,
}

/// The workers render nothing: the sink reads the sentences themselves.
struct NoRows;

impl Render for NoRows {
    fn render(&self, _: &ArticleOutput) -> anyhow::Result<Rendered> {
        Ok(Rendered::default())
    }
}

impl Sink for Collect<'_> {
    fn renderer(&self) -> Box<dyn Render> {
        Box::new(NoRows)
    }

    fn article(&mut self, out: &ArticleOutput, _: &Rendered) -> anyhow::Result<()> {
        // Rows are sentence-major, one per model target: take each sentence once.
        let mut previous: Option<(usize, &str)> = None;
        for row in &out.rows {
            if previous.is_some_and(|(i, _)| i == row.sentence) {
                continue;
            }
            self.sentences += 1;
            let before = previous.map_or("", |(_, t)| t);
            if self.terms.matches(&row.text) && !self.done.contains(&normalized_key(&row.text)) {
                let p = self.model.probabilities(&row.text, Some(self.target));
                let (uncertainty, predicted) = uncertainty_and_label(&p);
                self.found.push(Sentence {
                    text: row.text.clone(),
                    article: row.article.clone(),
                    sentence: row.sentence,
                    speaker: row.speaker.clone(),
                    previous: before.to_string(),
                    uncertainty,
                    predicted: predicted.to_string(),
                });
            }
            previous = Some((row.sentence, &row.text));
        }
        Ok(())
    }

    fn problem(&mut self, row: &ErrorRow, is_error: bool) -> anyhow::Result<()> {
        if is_error {
            self.problems += 1;
        }
        eprintln!(
            "standpoint: {}: {} ({})",
            row.path,
            row.message,
            if is_error {
                row.kind.as_str()
            } else {
                "warning"
            }
        );
        Ok(())
    }
}

/// Writes the rows as Excel-safe CSV (the reports' excel profile: UTF-8 BOM,
/// CRLF, `'` before a cell a spreadsheet would run as a formula), to a
/// temporary file renamed into place.
fn write_to_label(path: &Path, target: &str, rows: &[&Sentence]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        buf.write_all("\u{feff}".as_bytes())?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut buf);
        w.write_record(HEADER)?;
        for r in rows {
            let sentence = r.sentence.to_string();
            w.write_record([
                guard_cell(&r.text).as_ref(),
                guard_cell(target).as_ref(),
                "",
                guard_cell(&r.article).as_ref(),
                &sentence,
                guard_cell(&r.speaker).as_ref(),
                guard_cell(&r.previous).as_ref(),
            ])?;
        }
        w.flush()?;
        drop(w);
        buf.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path)?;
    Ok(())
}

/// The selection settings of the command line.
fn select_config(args: &Args, n: usize) -> SelectConfig {
    let default = SelectConfig::new(n);
    SelectConfig {
        per_article: args.per_article,
        per_speaker: args.per_speaker,
        density_weight: args.density_weight.unwrap_or(default.density_weight),
        explore: args.explore.unwrap_or(default.explore),
        balance: args.balance.unwrap_or(default.balance),
        ..default
    }
}

/// The hidden learning-curve mode: prints the table on stdout, writes the SVG.
fn simulate(args: &Args, pool: &Path, test: &Path) -> anyhow::Result<Outcome> {
    let pool_rows = read_training_files(std::slice::from_ref(&pool))?;
    let test_rows = read_training_files(std::slice::from_ref(&test))?;
    let config = CurveConfig {
        batch: args.batch,
        rounds: args.rounds,
        seeds: args.seeds.clone(),
        train: TrainConfig::default(),
        select: select_config(args, args.batch),
    };
    let curve = learning_curve(&pool_rows, &test_rows, &config)?;
    print!("{}", curve.table());
    if let Some(svg) = &args.svg {
        std::fs::write(svg, curve.svg(&args.title))
            .with_context(|| format!("{}: cannot write", svg.display()))?;
        eprintln!("standpoint: chart written to {}", svg.display());
    }
    Ok(Outcome::Ok)
}
