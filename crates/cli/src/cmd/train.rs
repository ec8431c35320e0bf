//! `standpoint train`: fit a model from labeled CSV files.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use standpoint_classify::{
    read_training_set, tune_grid, tune_with_progress, ClassWeight, TrainConfig, TrainingSet,
    CALIBRATION_FOLDS, DEFAULT_SEED,
};

use crate::Outcome;

/// Settings shared by `train` and `eval`.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct TrainOptions {
    /// Class weighting of the logistic regression [default: balanced].
    #[arg(long, value_parser = parse_class_weight)]
    pub(crate) class_weight: Option<ClassWeight>,
    /// L2 penalty of the logistic regression (C = 1/alpha) [default: 1].
    #[arg(long)]
    pub(crate) alpha: Option<f64>,
    /// Choose alpha, class weight and n-gram ranges by stratified k-fold
    /// cross-validation on the training rows (slower); --alpha and
    /// --class-weight then only set the starting point.
    #[arg(long)]
    pub(crate) tune: bool,
    /// Folds used by --tune.
    #[arg(long, default_value_t = 5)]
    pub(crate) tune_folds: usize,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub(crate) seed: u64,
    /// Fit the confidence temperatures on out-of-fold scores from K folds of
    /// the training rows (0: no calibration, raw softmax confidences).
    #[arg(long, value_name = "K", default_value_t = CALIBRATION_FOLDS)]
    pub(crate) calibration_folds: usize,
    /// No progress bar on stderr (it is drawn only on a terminal anyway).
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Target declarations, CSV with header `target,terms` (`terms`:
    /// `|`-separated words or phrases); stored in the model.
    #[arg(long, value_name = "FILE")]
    pub(crate) targets: Option<PathBuf>,
    /// Threads for training (the text is analyzed in slices and the joint
    /// and per-target models are fitted at once); 0 means all cores. The
    /// model is the same for any count [default: all cores].
    #[arg(long)]
    pub(crate) threads: Option<usize>,
}

pub(crate) fn parse_probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a probability between 0 and 1")),
    }
}

pub(crate) fn parse_class_weight(s: &str) -> Result<ClassWeight, String> {
    s.parse()
        .map_err(|e: standpoint_classify::ClassifyError| e.to_string())
}

impl TrainOptions {
    /// Trains on `examples` with the model fits spread over `--threads`.
    pub(crate) fn train(
        &self,
        examples: &[standpoint_classify::Example],
        terms: &standpoint_classify::TargetTerms,
        config: &standpoint_classify::TrainConfig,
    ) -> anyhow::Result<standpoint_classify::StanceModel> {
        let pool = crate::driver::FitPool::new(crate::worker_threads(self.threads))?;
        Ok(standpoint_classify::train_with_runner(
            examples, terms, config, &pool,
        )?)
    }

    /// The target declarations of `--targets` (none without it).
    pub(crate) fn terms(&self) -> anyhow::Result<standpoint_classify::TargetTerms> {
        Ok(match &self.targets {
            Some(p) => standpoint_classify::read_target_terms(p)?,
            None => Default::default(),
        })
    }

    /// The training settings, tuned on `examples` if `--tune` was given.
    pub(crate) fn config(
        &self,
        examples: &[standpoint_classify::Example],
    ) -> anyhow::Result<TrainConfig> {
        let mut config = TrainConfig::default().calibration_folds(self.calibration_folds);
        if let Some(w) = self.class_weight {
            config = config.class_weight(w);
        }
        if let Some(a) = self.alpha {
            config = config.alpha(a);
        }
        if self.tune {
            let t = Instant::now();
            let grid = tune_grid(&config);
            let draw = crate::progress::wanted(self.quiet);
            let steps = grid.len() * self.tune_folds;
            let mut bar = crate::progress::StepBar::new(steps, "models", draw);
            let tuned = tune_with_progress(
                examples,
                &grid,
                self.tune_folds,
                self.seed,
                &mut |done, total| bar.update(done, total),
            );
            bar.finish();
            let (results, best) = tuned?;
            eprintln!(
                "standpoint: tuning, {}-fold cross-validation on {} rows:",
                self.tune_folds,
                examples.len()
            );
            for (i, r) in results.iter().enumerate() {
                eprintln!(
                    "  {} macro-F1 {:.4} accuracy {:.4}{}",
                    r.config.summary(),
                    r.macro_f1,
                    r.accuracy,
                    if i == best { "  <- best" } else { "" }
                );
            }
            eprintln!("standpoint: tuning took {:.1} s", t.elapsed().as_secs_f64());
            config = results[best].config.clone();
        }
        Ok(config)
    }
}

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Labeled CSV files with header `text,target,label` (target optional;
    /// other columns ignored; `,`, `;` or tab separated), such as files from
    /// `standpoint sample` once their label column is filled. Rows with an
    /// empty label are skipped; labels are favor, against or none (any case).
    #[arg(required = true)]
    csv: Vec<PathBuf>,
    /// Where to write the model (JSON).
    #[arg(long)]
    out: PathBuf,
    /// Store a confidence threshold in the model: `standpoint label` then
    /// labels predictions below P `uncertain` (its own --min-confidence wins).
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    min_confidence: Option<f64>,
    #[command(flatten)]
    options: TrainOptions,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let set = read_training_set(&args.csv)?;
    report_unlabeled(&set);
    let examples = set.examples;
    let config = args
        .options
        .config(&examples)?
        .min_confidence(args.min_confidence);
    let terms = args.options.terms()?;
    let t = Instant::now();
    let model = args.options.train(&examples, &terms, &config)?;
    let seconds = t.elapsed().as_secs_f64();
    let mut json = model.to_json();
    json.push('\n');
    write_atomic(&args.out, json.as_bytes())
        .with_context(|| format!("{}: cannot write model", args.out.display()))?;
    let own: Vec<&str> = model.per_target_models().collect();
    eprintln!(
        "standpoint: trained on {} rows in {seconds:.2} s ({}; {} features; per-target models: {}); model written to {}",
        examples.len(),
        config.summary(),
        model.vectorizer().n_features(),
        list_briefly(&own),
        args.out.display()
    );
    Ok(Outcome::Ok)
}

/// How many names shown before "and N more".
const SHOWN_NAMES: usize = 3;

/// `none`, the names, or the first few and how many more; `inspect` lists
/// them all.
fn list_briefly(names: &[&str]) -> String {
    match names.len() {
        0 => "none".to_string(),
        n if n <= SHOWN_NAMES + 1 => names.join(", "),
        n => format!(
            "{n}: {} and {} more (see `standpoint inspect`)",
            names[..SHOWN_NAMES].join(", "),
            n - SHOWN_NAMES
        ),
    }
}

/// Says how many rows were skipped for an empty label, per file.
fn report_unlabeled(set: &TrainingSet) {
    for (path, n) in &set.unlabeled {
        if *n > 0 {
            eprintln!("standpoint: {path}: skipped {n} unlabeled row(s) (empty label)");
        }
    }
    if set.unlabeled.len() > 1 {
        eprintln!(
            "standpoint: {} labeled rows from {} files ({} unlabeled skipped)",
            set.examples.len(),
            set.unlabeled.len(),
            set.unlabeled_total()
        );
    }
}

/// Writes `bytes` to a temporary file next to `path` and renames it into place,
/// so `path` is never left half-written.
fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model.json".into());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn long_lists_of_per_target_models_are_cut_short() {
        assert_eq!(list_briefly(&[]), "none");
        assert_eq!(list_briefly(&["a", "b", "c", "d"]), "a, b, c, d");
        assert_eq!(
            list_briefly(&["a", "b", "c", "d", "e"]),
            "5: a, b, c and 2 more (see `standpoint inspect`)"
        );
    }

    fn train_cmd(argv: &[&str]) -> anyhow::Result<Outcome> {
        let mut full = vec!["train", "--quiet"];
        full.extend(argv);
        run(Cli::try_parse_from(full).unwrap().args)
    }

    #[test]
    fn bad_training_files_write_no_model() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("m.json");
        let out_s = out.to_str().unwrap();
        for (body, want) in [
            ("text,target\nx,y\n", ":1: missing column `label`"),
            ("text,label\nx,favor\ny,perhaps\n", ":3: label `perhaps`"),
            ("text,label\nx,favor\ny,\n", ":1: only one class"),
            ("text,label\nx,favor\ny,none,z\n", ":3: ragged row"),
            ("text,label\nx,favor\ny,Favor\n", ":1: only one class"),
        ] {
            let csv = dir.path().join("t.csv");
            std::fs::write(&csv, body).unwrap();
            let e = train_cmd(&[csv.to_str().unwrap(), "--out", out_s])
                .err()
                .unwrap();
            assert!(
                e.to_string()
                    .starts_with(&format!("{}{want}", csv.display())),
                "{e}"
            );
            assert!(!out.exists());
        }
    }

    #[test]
    fn writes_a_loadable_model_with_the_threshold() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("t.csv");
        std::fs::write(
            &csv,
            "\u{feff}text,label\nwe back sanctions,favor\nwe oppose sanctions,against\n",
        )
        .unwrap();
        let out = dir.path().join("m.json");
        train_cmd(&[
            csv.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--min-confidence",
            "0.7",
            "--class-weight",
            "none",
        ])
        .unwrap();
        let m = crate::model::load(Some(&out)).unwrap();
        assert_eq!(m.min_confidence(), Some(0.7));
        assert_eq!(
            m.training().config.class_weight(),
            standpoint_classify::ClassWeight::None
        );
        assert!(
            Cli::try_parse_from(["train", "x.csv", "--out", "m", "--class-weight", "some"])
                .is_err()
        );
        assert!(
            Cli::try_parse_from(["train", "x.csv", "--out", "m", "--min-confidence", "2"]).is_err()
        );
    }

    #[test]
    fn several_files_combine_skipping_unlabeled_rows() {
        let dir = tempfile::tempdir().unwrap();
        let round1 = dir.path().join("round1.csv");
        std::fs::write(
            &round1,
            "\u{feff}text;target;label;article;sentence;speaker;previous\r\n\
             We back the carbon levy;carbon tax;FAVOR;a.txt;1;;\r\n\
             The levy vote is Monday;carbon tax;;a.txt;2;;We back the carbon levy\r\n",
        )
        .unwrap();
        let round2 = dir.path().join("round2.csv");
        std::fs::write(
            &round2,
            "text,target,label\nThe levy is a burden,carbon tax,Against\nThe hall was full,carbon tax,none\n",
        )
        .unwrap();
        let out = dir.path().join("m.json");
        train_cmd(&[
            round1.to_str().unwrap(),
            round2.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .unwrap();
        let m = crate::model::load(Some(&out)).unwrap();
        assert_eq!(m.labels(), ["against", "favor", "none"]);
        assert_eq!(m.training().rows, 3);
        assert_eq!(m.targets(), ["carbon tax"]);
    }
}
