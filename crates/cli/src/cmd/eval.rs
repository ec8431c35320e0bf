//! `standpoint eval`: held-out evaluation or cross-validation.
//!
//! Prints a classification report (per-class precision, recall, F1, support,
//! accuracy, macro and weighted averages) and the confusion matrix, and writes
//! the matrix as `confusion.csv` (rows = gold label, columns = predicted label):
//! to `--confusion FILE` if given, else next to the `--json` file, else in the
//! current folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use standpoint_classify::{
    cross_val_predictions, evaluate_predictions, read_training_files, score_predictions,
    Calibration, Evaluation, Example, Prediction,
};

use standpoint_report::{
    format_evidence, guard_cell, write_eval_html, CsvProfile, EvalBin, EvalCalibration, EvalClass,
    EvalCut, EvalPage, EvalTarget, PredictionRow, TableWriter,
};

use crate::cmd::train::TrainOptions;
use crate::Outcome;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Labeled CSV files to cross-validate on (with --folds).
    csv: Vec<PathBuf>,
    /// Training CSV (held-out mode, with --test).
    #[arg(long, conflicts_with = "folds")]
    train: Option<PathBuf>,
    /// Test CSV (held-out mode, with --train).
    #[arg(long, requires = "train", conflicts_with = "folds")]
    test: Option<PathBuf>,
    /// Cross-validate with K seeded stratified folds over the CSV files instead.
    #[arg(long, value_name = "K")]
    folds: Option<usize>,
    /// Also write the results as JSON.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Also write a self-contained HTML page: confusion-matrix heatmap and
    /// per-class precision/recall/F1.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Where to write confusion.csv [default: next to --json, else the current folder].
    #[arg(long)]
    confusion: Option<PathBuf>,
    /// Also write every test row with its gold label, the predicted one, its
    /// confidence and evidence as CSV (in cross-validation, each row as
    /// predicted by the fold that held it out): to read the mistakes.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Count predictions whose probability is below P as `uncertain`.
    #[arg(long, value_name = "P", value_parser = crate::cmd::train::parse_probability)]
    min_confidence: Option<f64>,
    #[command(flatten)]
    options: TrainOptions,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let ev = match (&args.train, &args.test, args.folds) {
        (Some(train_path), Some(test_path), None) => {
            if !args.csv.is_empty() {
                bail!("eval --train/--test takes no other CSV files");
            }
            let examples = read_training_files(std::slice::from_ref(train_path))?;
            let test = read_training_files(std::slice::from_ref(test_path))?;
            let config = args.options.config(&examples)?;
            let t = Instant::now();
            let terms = args.options.terms()?;
            let model = args.options.train(&examples, &terms, &config)?;
            eprintln!(
                "standpoint: trained on {} rows in {:.2} s ({}), testing on {} rows",
                examples.len(),
                t.elapsed().as_secs_f64(),
                config.summary(),
                test.len()
            );
            let (ev, predictions) = evaluate_predictions(&model, &test, args.min_confidence)?;
            if let Some(p) = &args.predictions {
                write_predictions(p, &test, &predictions, args.min_confidence)?;
            }
            ev
        }
        (None, None, Some(k)) => {
            if args.csv.is_empty() {
                bail!("eval --folds K needs at least one CSV file");
            }
            let examples = read_training_files(&args.csv)?;
            let config = args.options.config(&examples)?;
            let t = Instant::now();
            let draw = crate::progress::wanted(args.options.quiet);
            let mut bar = crate::progress::StepBar::new(k, "folds", draw);
            let pred = cross_val_predictions(
                &examples,
                &config,
                k,
                args.options.seed,
                &mut |done, total| bar.update(done, total),
            );
            bar.finish();
            let (pred, raw) = pred?;
            if let Some(p) = &args.predictions {
                write_predictions(p, &examples, &pred, args.min_confidence)?;
            }
            eprintln!(
                "standpoint: {k}-fold cross-validation on {} rows in {:.2} s ({})",
                examples.len(),
                t.elapsed().as_secs_f64(),
                config.summary()
            );
            score_predictions(&examples, &pred, raw.as_deref(), args.min_confidence)?
        }
        _ => bail!("eval needs --train FILE --test FILE, or --folds K FILE..."),
    };
    print!("{}", report(&ev));
    let confusion_path = match (&args.confusion, &args.json) {
        (Some(p), _) => p.clone(),
        (None, Some(j)) => j.parent().unwrap_or(Path::new("")).join("confusion.csv"),
        (None, None) => PathBuf::from("confusion.csv"),
    };
    write_confusion(&confusion_path, &ev)?;
    eprintln!(
        "standpoint: confusion matrix written to {}",
        confusion_path.display()
    );
    if let Some(p) = &args.json {
        let mut s = serde_json::to_string_pretty(&ev)?;
        s.push('\n');
        std::fs::write(p, s).with_context(|| format!("{}: cannot write", p.display()))?;
    }
    if let Some(p) = &args.html {
        write_html(p, &ev, &args)?;
    }
    Ok(Outcome::Ok)
}

/// Writes `--html`: the report crate takes plain rows, not classifier types.
fn write_html(path: &Path, ev: &Evaluation, args: &Args) -> anyhow::Result<()> {
    let mut labels: Vec<String> = ev.per_class.keys().cloned().collect();
    labels.extend(ev.confusion.keys().cloned());
    labels.sort();
    labels.dedup();
    let confusion = labels
        .iter()
        .map(|g| {
            labels
                .iter()
                .map(|p| {
                    ev.confusion
                        .get(g)
                        .and_then(|r| r.get(p))
                        .copied()
                        .unwrap_or(0)
                })
                .collect()
        })
        .collect();
    let classes_of = |e: &Evaluation| -> Vec<EvalClass> {
        e.per_class
            .iter()
            .map(|(l, c)| EvalClass {
                label: l.clone(),
                precision: c.precision,
                recall: c.recall,
                f1: c.f1,
                support: c.support,
            })
            .collect()
    };
    let classes = classes_of(ev);
    let targets = ev
        .per_target
        .iter()
        .map(|(t, e)| EvalTarget {
            target: t.clone(),
            support: e.per_class.values().map(|c| c.support).sum(),
            accuracy: e.accuracy,
            macro_f1: e.macro_f1,
            f_avg: e.f_avg,
            classes: classes_of(e),
            confusion: e
                .confusion
                .iter()
                .flat_map(|(g, row)| {
                    row.iter()
                        .filter(|(_, n)| **n > 0)
                        .map(move |(p, n)| (g.clone(), p.clone(), *n))
                })
                .collect(),
        })
        .collect();
    let bins = |c: &Calibration| -> Vec<EvalBin> {
        c.bins
            .iter()
            .map(|b| EvalBin {
                lo: b.lo,
                hi: b.hi,
                count: b.count,
                confidence: b.confidence,
                accuracy: b.accuracy,
            })
            .collect()
    };
    let calibration = ev.calibration.as_ref().map(|c| EvalCalibration {
        ece: c.ece,
        bins: bins(c),
        ece_before: ev.calibration_before.as_ref().map(|b| b.ece),
        bins_before: ev.calibration_before.as_ref().map(bins).unwrap_or_default(),
    });
    let by_confidence = ev
        .by_confidence
        .iter()
        .map(|c| EvalCut {
            threshold: c.threshold,
            kept: c.kept,
            accuracy: c.accuracy,
            positions: c.positions,
            position_precision: c.position_precision,
        })
        .collect();
    let files = |p: &[PathBuf]| {
        p.iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let details = match (&args.train, &args.test, args.folds) {
        (Some(train), Some(test), _) => vec![
            ("Train".to_string(), train.display().to_string()),
            ("Test".to_string(), test.display().to_string()),
        ],
        (_, _, k) => vec![
            (
                "Cross-validation".to_string(),
                format!("{} folds, seed {}", k.unwrap_or(0), args.options.seed),
            ),
            ("Data".to_string(), files(&args.csv)),
        ],
    };
    let page = EvalPage {
        title: "standpoint evaluation".into(),
        standpoint_version: env!("CARGO_PKG_VERSION").into(),
        details,
        accuracy: ev.accuracy,
        macro_f1: ev.macro_f1,
        labels,
        confusion,
        classes,
        f_avg: ev.f_avg,
        targets,
        calibration,
        by_confidence,
    };
    let mut html = Vec::new();
    write_eval_html(&page, &mut html)?;
    std::fs::write(path, html).with_context(|| format!("{}: cannot write", path.display()))
}

/// A scikit-learn `classification_report`-style table and the confusion matrix.
fn report(ev: &Evaluation) -> String {
    let width = ev
        .per_class
        .keys()
        .map(|l| l.chars().count())
        .chain(["weighted avg".len()])
        .max()
        .unwrap_or(12);
    let mut s = format!(
        "{:>width$} {:>9} {:>9} {:>9} {:>9}\n\n",
        "", "precision", "recall", "f1-score", "support"
    );
    for (l, c) in &ev.per_class {
        s += &format!(
            "{l:>width$} {:>9.4} {:>9.4} {:>9.4} {:>9}\n",
            c.precision, c.recall, c.f1, c.support
        );
    }
    let n: usize = ev.per_class.values().map(|c| c.support).sum();
    let k = ev.per_class.len().max(1) as f64;
    let mean = |f: &dyn Fn(&standpoint_classify::ClassScores) -> f64| {
        ev.per_class.values().map(f).sum::<f64>() / k
    };
    let weighted = |f: &dyn Fn(&standpoint_classify::ClassScores) -> f64| {
        ev.per_class
            .values()
            .map(|c| f(c) * c.support as f64)
            .sum::<f64>()
            / n.max(1) as f64
    };
    s += &format!(
        "\n{:>width$} {:>9} {:>9} {:>9.4} {:>9}\n",
        "accuracy", "", "", ev.accuracy, n
    );
    s += &format!(
        "{:>width$} {:>9.4} {:>9.4} {:>9.4} {:>9}\n",
        "macro avg",
        mean(&|c| c.precision),
        mean(&|c| c.recall),
        ev.macro_f1,
        n
    );
    s += &format!(
        "{:>width$} {:>9.4} {:>9.4} {:>9.4} {:>9}\n",
        "weighted avg",
        weighted(&|c| c.precision),
        weighted(&|c| c.recall),
        weighted(&|c| c.f1),
        n
    );
    s += "\nconfusion (rows: gold, columns: predicted)\n";
    let labels: Vec<&String> = ev.confusion.keys().collect();
    let cell = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    s += &format!("{:>width$}", "");
    for l in &labels {
        s += &format!(" {l:>cell$}");
    }
    s += "\n";
    for (g, row) in &ev.confusion {
        s += &format!("{g:>width$}");
        for l in &labels {
            s += &format!(" {:>cell$}", row.get(*l).copied().unwrap_or(0));
        }
        s += "\n";
    }
    s += &format!("\nF_avg (mean F1 of the position labels) {:.4}\n", ev.f_avg);
    if !ev.per_target.is_empty() {
        s += "\nper target: accuracy, macro-F1, F_avg, support; confusion (gold>predicted)\n";
        for (t, e) in &ev.per_target {
            let n: usize = e.per_class.values().map(|c| c.support).sum();
            s += &format!(
                "  {t}: {:.4} {:.4} {:.4} {n};",
                e.accuracy, e.macro_f1, e.f_avg
            );
            for (g, row) in &e.confusion {
                for (p, c) in row {
                    if *c > 0 {
                        s += &format!(" {g}>{p} {c}");
                    }
                }
            }
            s += "\n";
        }
    }
    if let Some(c) = &ev.calibration {
        s += &calibration_table(c, ev.calibration_before.as_ref());
    }
    if !ev.by_confidence.is_empty() {
        s += "\nby confidence (--min-confidence P keeps predictions >= P)\n      P      kept  accuracy  positions  precision (favor/against)\n";
        for c in &ev.by_confidence {
            s += &format!(
                "  {:>5.2} {:>9} {:>9.4} {:>10} {:>10.4}\n",
                c.threshold, c.kept, c.accuracy, c.positions, c.position_precision
            );
        }
    }
    s
}

/// The reliability table: calibrated confidences, with the raw ones beside
/// them when the model is calibrated.
fn calibration_table(c: &Calibration, before: Option<&Calibration>) -> String {
    let mut s = match before {
        Some(b) => format!(
            "\ncalibration: expected calibration error {:.4} (uncalibrated {:.4})\n",
            c.ece, b.ece
        ),
        None => format!("\ncalibration: expected calibration error {:.4}\n", c.ece),
    };
    let table = |s: &mut String, name: &str, c: &Calibration| {
        *s += &format!("  {name:<10}    rows  mean conf  accuracy\n");
        for b in &c.bins {
            *s += &format!(
                "  {:.1}-{:.1} {:>9} {:>10.4} {:>9.4}\n",
                b.lo, b.hi, b.count, b.confidence, b.accuracy
            );
        }
    };
    table(&mut s, "confidence", c);
    if let Some(b) = before {
        table(&mut s, "raw", b);
    }
    s
}

/// `--predictions`: one row per example, in order.
fn write_predictions(
    path: &Path,
    examples: &[Example],
    predictions: &[Prediction],
    min_confidence: Option<f64>,
) -> anyhow::Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("{}: cannot write", path.display()))?;
    let mut w = TableWriter::new(std::io::BufWriter::new(file), CsvProfile::default());
    w.write_header::<PredictionRow>()?;
    for (i, (e, p)) in examples.iter().zip(predictions).enumerate() {
        w.write(&PredictionRow {
            row: i + 1,
            text: e.text.clone(),
            target: e.target.clone().unwrap_or_default(),
            gold: e.label.clone(),
            predicted: p.kept_label(min_confidence).to_string(),
            confidence: p.confidence,
            evidence: format_evidence(&p.evidence),
        })?;
    }
    w.finish()
        .with_context(|| format!("{}: cannot write", path.display()))?;
    eprintln!("standpoint: predictions written to {}", path.display());
    Ok(())
}

/// `gold,<predicted labels...>` with one row per gold label.
fn write_confusion(path: &Path, ev: &Evaluation) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    let labels: Vec<&String> = ev.confusion.keys().collect();
    let mut header = vec!["gold".to_string()];
    header.extend(labels.iter().map(|l| guard_cell(l).into_owned()));
    w.write_record(&header)?;
    for (g, row) in &ev.confusion {
        let mut rec = vec![guard_cell(g).into_owned()];
        rec.extend(
            labels
                .iter()
                .map(|l| row.get(*l).copied().unwrap_or(0).to_string()),
        );
        w.write_record(&rec)?;
    }
    w.flush()
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evaluation() -> Evaluation {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        standpoint_classify::score(
            &s(&["favor", "favor", "against", "none", "=x"]),
            &s(&["favor", "against", "against", "none", "none"]),
        )
        .unwrap()
    }

    #[test]
    fn report_has_the_classification_report_rows() {
        let r = report(&evaluation());
        let lines: Vec<&str> = r.lines().collect();
        assert!(lines[0].ends_with("precision    recall  f1-score   support"));
        let favor = lines
            .iter()
            .find(|l| l.trim_start().starts_with("favor"))
            .unwrap();
        assert_eq!(
            favor.split_whitespace().collect::<Vec<_>>(),
            ["favor", "1.0000", "0.5000", "0.6667", "2"]
        );
        let acc = lines
            .iter()
            .find(|l| l.trim_start().starts_with("accuracy"))
            .unwrap();
        assert_eq!(
            acc.split_whitespace().collect::<Vec<_>>(),
            ["accuracy", "0.6000", "5"]
        );
        assert!(lines
            .iter()
            .any(|l| l.trim_start().starts_with("macro avg")));
        assert!(lines
            .iter()
            .any(|l| l.trim_start().starts_with("weighted avg")));
    }

    #[test]
    fn html_and_json_carry_targets_calibration_and_cuts() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            args: Args,
        }
        let dir = tempfile::tempdir().unwrap();
        let mut body = String::from("text,target,label\n");
        for (i, (t, word)) in [("tariffs", "levies"), ("curfew", "curfews")]
            .iter()
            .enumerate()
        {
            for j in 0..12 {
                body += &format!("We back the {word} plan {j},{t},favor\n");
                body += &format!("We reject the {word} plan {j},{t},against\n");
                body += &format!("The hall {i} opened at {j},{t},none\n");
            }
        }
        let csv = dir.path().join("t.csv");
        std::fs::write(&csv, &body).unwrap();
        let html = dir.path().join("eval.html");
        let json = dir.path().join("eval.json");
        let p = |x: &std::path::Path| x.to_str().unwrap().to_string();
        let cli = Cli::try_parse_from([
            "eval".to_string(),
            "--quiet".into(),
            "--folds".into(),
            "3".into(),
            p(&csv),
            "--html".into(),
            p(&html),
            "--json".into(),
            p(&json),
        ])
        .unwrap();
        run(cli.args).unwrap();
        let page = std::fs::read_to_string(&html).unwrap();
        let ev: Evaluation =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(
            ev.per_target.keys().collect::<Vec<_>>(),
            ["curfew", "tariffs"]
        );
        assert!(ev.calibration_before.is_some() && !ev.by_confidence.is_empty());
        for t in ev.per_target.keys() {
            assert!(
                page.contains(&format!(
                    "<tr><th scope=\"row\">{t}</th><td class=\"n\">36</td>"
                )),
                "{t}"
            );
        }
        for id in [
            "per-target",
            "calibration",
            "reliability-raw-table",
            "by-confidence",
        ] {
            assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
        }
        let ece = format!("{:.4}", ev.calibration.unwrap().ece);
        assert!(page.contains(&format!("id=\"ece\">{ece} ")));
    }

    #[test]
    fn confusion_csv_is_gold_by_predicted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("confusion.csv");
        write_confusion(&p, &evaluation()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "gold,'=x,against,favor,none\n\
             '=x,0,0,0,1\n\
             against,0,1,0,0\n\
             favor,0,1,1,0\n\
             none,0,0,0,1\n"
        );
    }
}
