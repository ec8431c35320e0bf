//! `standpoint label`: the main batch job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::ValueEnum;
use standpoint_classify::StanceModel;
use standpoint_ingest::{walk_lazily, Found, IngestConfig, IngestError, WalkOrder};
use standpoint_output::{parse_shard, InputHasher, Previous, ReportFiles, Shard};
use standpoint_report::{CsvProfile, ErrorRow, RunInfo, SentenceLayout, SentenceTable};
use standpoint_segment::load_abbreviations;

use crate::driver::{self, Input, Stages};
use crate::pipeline::{
    AttributorStage, ClassifierStage, IngestStage, PipelineConfig, ReportStage, SegmenterStage,
    PIPELINE_VERSION,
};
use crate::progress::{ArticleBar, Summary};
use crate::stream::Format;
use crate::{InputError, Outcome};

/// Report files this command writes.
const REPORTS: &[&str] = &[
    "sentences.csv",
    "articles.csv",
    "speakers.csv",
    "errors.csv",
    "run.json",
];

/// The HTML report, written unless `--no-html`.
const HTML_REPORT: &str = "report.html";

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Article files or folders (searched recursively). A path that does
    /// not exist, a PDF or Word file, or folders without any file of the
    /// --ext kinds stop the run before anything is written (exit code 2).
    #[arg(required_unless_present = "jsonl")]
    paths: Vec<PathBuf>,
    /// Output folder for the reports.
    #[arg(long, required_unless_present = "jsonl")]
    out: Option<PathBuf>,
    /// Model file (default: the embedded model).
    #[arg(long)]
    model: Option<PathBuf>,
    #[command(flatten)]
    input: super::InputArgs,
    /// Label predictions below this probability `uncertain`.
    #[arg(long, value_parser = parse_probability)]
    min_confidence: Option<f64>,
    /// Label toward this target only, which may be one the model was not
    /// trained on (it then uses the target-relation features learned from
    /// the others).
    #[arg(long)]
    target: Option<String>,
    /// Terms naming --target, `|`-separated words or phrases; `!phrase`
    /// excludes a phrase where a term has another sense (`!hunger strike`);
    /// `~term` is weak: a sentence naming the target only by weak terms
    /// keeps a position only at 0.75 or more (`~war`) (default: the model's
    /// terms for it, or its own name).
    #[arg(long, requires = "target")]
    terms: Option<String>,
    /// Extra abbreviations for the segmenter, one per line.
    #[arg(long)]
    abbreviations: Option<PathBuf>,
    /// CSV flavour: excel (BOM, CRLF, formula guard) or plain
    /// [default: excel for report files, plain for --jsonl on stdout].
    #[arg(long, value_enum)]
    csv: Option<CsvFlavor>,
    /// Overwrite existing reports in the output folder.
    #[arg(long)]
    force: bool,
    /// Files larger than this become an errors.csv row instead of being
    /// read; K, M and G mean KiB, MiB and GiB.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    max_bytes: u64,
    /// Stream mode: read articles as JSONL lines ({"id","text"[,"title"]})
    /// from FILE or `-` (stdin) and write sentence rows to stdout; a bad
    /// line is one line on stderr and makes the exit code 2.
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["paths", "out", "shard", "resume"])]
    jsonl: Option<PathBuf>,
    /// Row format on stdout in stream mode [default: csv].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Process only part I of N (1 <= I <= N) of the input files, chosen by
    /// a stable hash of each file's relative path.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<Shard>,
    /// Do nothing (exit 0) if --out already holds complete reports for the
    /// same inputs, model, options and shard; replace unfinished ones.
    #[arg(long)]
    resume: bool,
    /// Layout of sentences.csv (and of the --jsonl stream): wide, one row
    /// per sentence with each target's label, confidence and evidence
    /// side by side; or long, one row per sentence and target (for pandas,
    /// R and pivot tables).
    #[arg(long, value_enum, default_value = "wide")]
    layout: LayoutArg,
    /// Do not write report.html.
    #[arg(long)]
    no_html: bool,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum LayoutArg {
    Wide,
    Long,
}

#[derive(Clone, Copy, ValueEnum)]
enum CsvFlavor {
    Excel,
    Plain,
}

/// `123`, `64K`, `64M`, `2G` (powers of 1024; `KiB`/`KB` spellings too).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (num, unit) = t.split_at(digits);
    let shift = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{s}` is not a size like 1048576, 512K, 64M or 1G")),
    };
    num.parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1u64 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{s}` is not a positive size like 1048576, 512K, 64M or 1G"))
}

/// The `errors.csv` row for files counted by the first walk but not listed
/// by the second (deleted in between), if any.
fn vanished_between_walks(counted: usize, listed: usize, roots: &[PathBuf]) -> Option<ErrorRow> {
    (listed < counted).then(|| ErrorRow {
        path: roots
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        kind: "missing".into(),
        message: format!(
            "{} file(s) vanished between discovery and processing",
            counted - listed
        ),
    })
}

fn parse_probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a probability between 0 and 1")),
    }
}

/// The validated settings of one `label` run, resolved from the command line
/// before anything is read.
struct Settings {
    threads: usize,
    profile: CsvProfile,
    layout: SentenceLayout,
    ingest: IngestConfig,
    /// Abbreviations from `--abbreviations` (the file is read once, here).
    extra_abbreviations: Vec<String>,
}

impl Settings {
    fn resolve(args: &Args) -> anyhow::Result<Self> {
        let threads = crate::worker_threads(args.input.threads);
        let extra_abbreviations = match &args.abbreviations {
            Some(path) => load_abbreviations(path)?,
            None => Vec::new(),
        };
        let ingest = IngestConfig::new(&args.input.ext, args.max_bytes).context("--ext")?;
        let profile = match args.csv {
            Some(CsvFlavor::Excel) => CsvProfile::Excel,
            Some(CsvFlavor::Plain) => CsvProfile::Plain,
            None if args.jsonl.is_some() => CsvProfile::Plain,
            None => CsvProfile::Excel,
        };
        if args.format.is_some() && args.jsonl.is_none() {
            // Not `requires = "jsonl"`: clap skips it when a conflicting arg is present (clap#4520).
            bail!("--format sets the row format of --jsonl stream mode; add --jsonl FILE|-");
        }
        let layout = match args.layout {
            LayoutArg::Wide => SentenceLayout::Wide,
            LayoutArg::Long => SentenceLayout::Long,
        };
        Ok(Settings {
            threads,
            profile,
            layout,
            ingest,
            extra_abbreviations,
        })
    }

    /// The one pipeline configuration the stages are built from (and that
    /// `run.json` records).
    fn pipeline(&self, args: &Args, model: &StanceModel, ingest: IngestStage) -> PipelineConfig {
        PipelineConfig {
            version: PIPELINE_VERSION,
            ingest,
            segmenter: SegmenterStage::News {
                extra_abbreviations: self.extra_abbreviations.clone(),
            },
            attributor: AttributorStage::Rules,
            classifier: ClassifierStage::StanceModel {
                model_id: model.id(),
                model_hash: model.content_hash(),
                min_confidence: args.min_confidence.or(model.min_confidence()),
                toward: args.target.clone(),
                terms: args
                    .terms
                    .as_deref()
                    .map(standpoint_classify::parse_terms)
                    .unwrap_or_default(),
            },
            report: ReportStage {
                csv: format!("{:?}", self.profile).to_lowercase(),
                layout: format!("{:?}", self.layout).to_lowercase(),
                html: !args.no_html,
            },
        }
    }
}

/// What the first, counting walk over the inputs found.
struct FirstWalk {
    hasher: InputHasher,
    /// Input files found, in all shards.
    found: usize,
    /// Input files this shard owns.
    owned: usize,
    /// Files under the folders passed over for their extension, per extension.
    unselected: BTreeMap<String, usize>,
    /// Walk problems in report order.
    problems: Vec<IngestError>,
}

/// First pass over the input: fingerprint, count and walk problems; no list
/// of files is kept, so memory does not grow with the corpus.
fn first_walk(
    args: &Args,
    ingest: &IngestConfig,
    shard: Shard,
    loading: &crate::model::Loading,
) -> FirstWalk {
    let skip = args.out.as_slice();
    let mut hasher = InputHasher::new();
    let mut owned = 0usize;
    let mut problems: Vec<(WalkOrder, IngestError)> = Vec::new();
    let mut walk = walk_lazily(&args.paths, ingest, skip);
    let mut entries = 0usize;
    for (n, found) in walk.by_ref().enumerate() {
        // A model that fails to load stops the run now, not after the walk.
        if n % 1024 == 0 && loading.failed() {
            break;
        }
        match found {
            Found::Entry(e) => {
                hasher.add_entry(&e);
                entries += 1;
                owned += usize::from(shard.owns(&e.rel));
            }
            Found::Problem(order, e) => problems.push((order, e)),
        }
    }
    problems.sort_by(|a, b| a.0.cmp(&b.0));
    let problems: Vec<IngestError> = problems.into_iter().map(|(_, e)| e).collect();
    problems.iter().for_each(|e| hasher.add_problem(e));
    FirstWalk {
        hasher,
        found: entries,
        owned,
        unselected: walk.unselected(),
        problems,
    }
}

/// The options that shape the reports, as the shard fingerprint hashes them.
/// `numbering=1`: sentences and paragraphs count from 1 (reports made before
/// counted from 0), so `--resume` and `merge` refuse to mix the two.
fn fingerprint_options(
    stages: &Stages,
    config: &PipelineConfig,
    profile: CsvProfile,
) -> Vec<String> {
    let SegmenterStage::News {
        extra_abbreviations,
    } = &config.segmenter;
    let mut options = vec![
        format!("version={}", env!("CARGO_PKG_VERSION")),
        format!("ingest={:?}", stages.ingest),
        format!("csv={profile:?}"),
        format!("min_confidence={:?}", stages.min_confidence),
        format!("abbreviations={}", extra_abbreviations.join("\n")),
        "numbering=1".to_string(),
    ];
    if config.report.layout != "long" {
        options.push(format!("layout={}", config.report.layout));
    }
    let ClassifierStage::StanceModel { toward, terms, .. } = &config.classifier;
    if let Some(target) = toward {
        options.push(format!("toward={target}|{}", terms.join("|")));
    }
    let rows = standpoint_output::spreadsheet_rows();
    if rows != standpoint_output::SPREADSHEET_ROWS {
        options.push(format!("spreadsheet_rows={rows}"));
    }
    options
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let settings = Settings::resolve(&args)?;
    check_input_paths(&args.paths)?;
    // Parsing the model takes about 0.1 s; it overlaps the first walk.
    let loading = crate::model::Loading::start(args.model.clone());
    let (Some(out), None) = (&args.out, &args.jsonl) else {
        let source = args.jsonl.as_deref().unwrap_or(Path::new("-"));
        let format = args.format.unwrap_or(Format::Csv);
        let model = loading.finish()?;
        let config = settings.pipeline(&args, &model, IngestStage::Jsonl);
        let stages = config.stages(model)?;
        let table = SentenceTable::new(settings.layout, stages.model.targets());
        return crate::stream::label(
            source,
            &stages,
            settings.threads,
            format,
            settings.profile,
            table,
        );
    };

    let shard = args.shard.unwrap_or(Shard::ALL);
    let walk = first_walk(&args, &settings.ingest, shard, &loading);
    let model = loading.finish()?;
    if walk.found == 0 && walk.problems.is_empty() {
        return Err(InputError(nothing_to_read(
            &settings.ingest.extensions,
            &walk.unselected,
        ))
        .into());
    }
    let files = IngestStage::Files {
        extensions: settings.ingest.extensions.clone(),
        max_bytes: settings.ingest.max_bytes,
    };
    let config = settings.pipeline(&args, &model, files);
    let stages = config.stages(model)?;
    let options = fingerprint_options(&stages, &config, settings.profile);
    let fingerprint = walk.hasher.finish(
        shard,
        stages.model.content_hash(),
        &options.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let reports: Vec<&str> = REPORTS
        .iter()
        .copied()
        .chain((!args.no_html).then_some(HTML_REPORT))
        .collect();
    let mut force = args.force;
    if args.resume {
        match standpoint_output::previous_run(out, &reports, &fingerprint)? {
            Previous::Complete => {
                eprintln!(
                    "standpoint: {}: reports for shard {shard} of these inputs are complete; nothing to do (--resume)",
                    out.display()
                );
                return Ok(Outcome::Ok);
            }
            Previous::Unfinished => force = true,
            Previous::Different(what) if !args.force => bail!(
                "{}: holds reports made with different {what}; use --force to replace them",
                out.display()
            ),
            Previous::Different(_) => {}
        }
    }
    standpoint_output::prepare_out_dir(out, force, !args.no_html)?;
    let mut walk_errors = walk.problems;
    walk_errors.retain(|e| shard.owns(e.path().unwrap_or("")));
    let inputs = walk.owned + walk_errors.len();
    let totals = label_files(&args, &settings, &stages, shard, walk.owned, &walk_errors)?;
    let (totals, sink) = totals;
    let mut info = RunInfo {
        standpoint_version: env!("CARGO_PKG_VERSION").into(),
        model_id: stages.model.id(),
        model_hash: stages.model.content_hash(),
        inputs,
        articles: totals.articles,
        sentences: totals.sentences,
        sentence_rows: match settings.layout {
            SentenceLayout::Wide => totals.sentences,
            SentenceLayout::Long => totals.rows,
        },
        errors: totals.errors,
        warnings: totals.warnings,
        threads: settings.threads,
        seconds: totals.seconds.clone(),
        ..RunInfo::default()
    };
    fingerprint.record(&mut info);
    info.pipeline = serde_json::to_value(&config)?;
    info.notes = sink.notes();
    info.parts = sink.parts();
    let written = sink.finish(&info).map_err(crate::interrupt::lift)?;
    let written: Vec<&str> = written.iter().map(String::as_str).collect();
    if !args.quiet {
        let summary = Summary {
            articles: totals.articles,
            inputs,
            sentences: totals.sentences,
            errors: totals.errors,
            warnings: totals.warnings,
            seconds: started.elapsed().as_secs_f64(),
            out,
            reports: &written,
            notes: &info.notes,
        };
        eprint!("{}", summary.render());
    }
    Ok(if totals.errors > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

/// Second pass: the same walk, read lazily by the workers, into the report
/// files. It lists the first folders before any report is opened, so a file
/// deleted from here on is an error row ("vanished"), not silently missing.
fn label_files(
    args: &Args,
    settings: &Settings,
    stages: &Stages,
    shard: Shard,
    owned: usize,
    walk_errors: &[IngestError],
) -> anyhow::Result<(driver::Totals, ReportFiles)> {
    let out = args.out.as_deref().unwrap_or(Path::new("."));
    let listed = std::sync::atomic::AtomicUsize::new(0);
    let mut entries = walk_lazily(&args.paths, &stages.ingest, args.out.as_slice())
        .filter_map(|f| match f {
            Found::Entry(e) if shard.owns(&e.rel) => {
                listed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Some(Input::File(e))
            }
            _ => None,
        })
        .peekable();
    entries.peek();

    let mut labels: Vec<String> = stages.model.labels().to_vec();
    if stages.min_confidence.is_some() {
        labels.push("uncertain".into());
    }
    let table = SentenceTable::new(settings.layout, stages.model.targets());
    crate::interrupt::install_handler();
    let mut sink = ReportFiles::create(out, settings.profile, labels, table)?;
    if !args.no_html {
        sink = sink.with_html(stages.model.targets())?;
    }
    for e in walk_errors {
        let row = ErrorRow {
            path: e.path().unwrap_or("").into(),
            kind: e.kind().into(),
            message: e.message(),
        };
        sink.problem(&row, true)?;
    }
    let mut bar = ArticleBar::new(owned, crate::progress::wanted(args.quiet));
    let result = driver::run(
        entries,
        owned,
        stages,
        settings.threads,
        &mut sink,
        &mut |p| bar.update(p),
    );
    bar.finish();
    let mut totals = result?;
    totals.errors += walk_errors.len();
    // Files deleted between the counting walk and the processing walk are not
    // listed again; no paths are kept (memory stays flat), so report the count.
    let listed = listed.load(std::sync::atomic::Ordering::Relaxed);
    if let Some(row) = vanished_between_walks(owned, listed, &args.paths) {
        sink.problem(&row, true)?;
        totals.errors += 1;
    }
    Ok((totals, sink))
}

/// Every input path must exist, and a file named on the command line must
/// not be a document kind that is not read (PDF, Word): errors before
/// anything is written, so the corrected rerun finds no half-made output
/// folder.
fn check_input_paths(paths: &[PathBuf]) -> anyhow::Result<()> {
    let missing: Vec<String> = paths
        .iter()
        .filter_map(|p| match std::fs::metadata(p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Some(format!("{}: no such file or folder", p.display()))
            }
            Ok(m) if m.is_file() => {
                let ext = p.extension()?.to_string_lossy().to_ascii_lowercase();
                CONVERT_FIRST.contains(&ext.as_str()).then(|| {
                    format!(
                        "{}: .{ext} files are not read: convert it to text first (e.g. pdftotext, pandoc)",
                        p.display()
                    )
                })
            }
            _ => None,
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(InputError(format!(
        "{} (nothing was written)",
        missing.join("\nstandpoint: ")
    ))
    .into())
}

/// Document kinds people often have instead of text, which are not read.
const CONVERT_FIRST: &[&str] = &["pdf", "docx", "doc", "odt", "rtf", "epub"];

/// What to say when the folders hold no file with a selected extension:
/// what was looked for, what was there, and how to read it.
fn nothing_to_read(looked_for: &[String], seen: &BTreeMap<String, usize>) -> String {
    let dotted = |e: &str| {
        if e.is_empty() {
            "(no extension)".to_string()
        } else {
            format!(".{e}")
        }
    };
    let wanted: Vec<String> = looked_for.iter().map(|e| dotted(e)).collect();
    let mut s = format!(
        "no input files found: looked for {} files (--ext {})",
        wanted.join(", "),
        looked_for.join(",")
    );
    if seen.is_empty() {
        s += "; the folders hold no files";
        return s;
    }
    let mut by_count: Vec<(&String, &usize)> = seen.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let counts: Vec<String> = by_count
        .iter()
        .map(|(e, n)| format!("{n} {}", dotted(e)))
        .collect();
    s += &format!("; found {}", counts.join(", "));
    let readable: Vec<&str> = by_count
        .iter()
        .map(|(e, _)| e.as_str())
        .filter(|e| standpoint_ingest::Format::from_extension(e).is_some())
        .collect();
    if !readable.is_empty() {
        let mut all: Vec<&str> = looked_for.iter().map(String::as_str).collect();
        all.extend(&readable);
        s += &format!(
            "\n  to read them: --ext {} (or --ext {} to read these alongside the others)",
            readable.join(","),
            all.join(",")
        );
    }
    let convert: Vec<String> = by_count
        .iter()
        .filter(|(e, _)| CONVERT_FIRST.contains(&e.as_str()))
        .map(|(e, _)| dotted(e))
        .collect();
    if !convert.is_empty() {
        s += &format!(
            "\n  {} files are not read: convert them to text first (e.g. pdftotext, pandoc)",
            convert.join(" and ")
        );
    }
    let known: Vec<&str> = standpoint_ingest::EXTENSIONS
        .iter()
        .map(|(e, _)| *e)
        .collect();
    s += &format!("\n  readable kinds: {}", known.join(", "));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_read_names_looked_for_seen_and_the_way_out() {
        let looked_for = ["txt".to_string(), "md".to_string()];
        let seen: BTreeMap<String, usize> = [("html", 3), ("pdf", 12), ("docx", 1), ("", 2)]
            .into_iter()
            .map(|(e, n)| (e.to_string(), n))
            .collect();
        let msg = nothing_to_read(&looked_for, &seen);
        let lines: Vec<&str> = msg.lines().collect();
        assert_eq!(
            lines[0],
            "no input files found: looked for .txt, .md files (--ext txt,md); \
             found 12 .pdf, 3 .html, 2 (no extension), 1 .docx",
        );
        assert_eq!(
            lines[1],
            "  to read them: --ext html (or --ext txt,md,html to read these alongside the others)"
        );
        assert!(lines[2].contains(".pdf and .docx files are not read: convert them to text first"));
        assert!(
            lines[3].starts_with("  readable kinds: txt, text, md"),
            "{msg}"
        );
        // Only unreadable kinds: no --ext hint; an empty folder says so.
        let pdf: BTreeMap<String, usize> = [("pdf".to_string(), 1)].into();
        assert!(!nothing_to_read(&looked_for, &pdf).contains("to read them"));
        assert!(
            nothing_to_read(&looked_for, &BTreeMap::new()).ends_with("the folders hold no files")
        );
    }

    #[test]
    fn files_deleted_between_the_walks_become_one_missing_row() {
        let roots = [PathBuf::from("a"), PathBuf::from("b/c")];
        assert_eq!(vanished_between_walks(10, 10, &roots), None);
        assert_eq!(vanished_between_walks(10, 12, &roots), None);
        let row = vanished_between_walks(10, 7, &roots).unwrap();
        assert_eq!(row.path, "a b/c");
        assert_eq!(row.kind, "missing");
        assert_eq!(
            row.message,
            "3 file(s) vanished between discovery and processing"
        );
    }
}
