//! `standpoint eval`: held-out evaluation or cross-validation.

use std::path::PathBuf;

use anyhow::{bail, Context};
use standpoint_classify::{evaluate, read_examples, train, Evaluation, TrainConfig};

use crate::Outcome;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Training CSV.
    #[arg(long)]
    train: Option<PathBuf>,
    /// Test CSV.
    #[arg(long)]
    test: Option<PathBuf>,
    /// Also write the results as JSON.
    #[arg(long)]
    json: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let (Some(train_path), Some(test_path)) = (&args.train, &args.test) else {
        bail!("eval needs --train and --test");
    };
    let model = train(&read_examples(train_path)?, &TrainConfig::default())?;
    let ev = evaluate(&model, &read_examples(test_path)?);
    print_report(&ev);
    if let Some(p) = &args.json {
        std::fs::write(p, serde_json::to_string_pretty(&ev)?)
            .with_context(|| format!("{}: cannot write", p.display()))?;
    }
    Ok(Outcome::Ok)
}

fn print_report(ev: &Evaluation) {
    println!(
        "{:>12} {:>9} {:>9} {:>9} {:>9}",
        "", "precision", "recall", "f1", "support"
    );
    for (l, c) in &ev.per_class {
        println!(
            "{l:>12} {:>9.4} {:>9.4} {:>9.4} {:>9}",
            c.precision, c.recall, c.f1, c.support
        );
    }
    println!("\naccuracy {:.4}  macro-F1 {:.4}", ev.accuracy, ev.macro_f1);
}
