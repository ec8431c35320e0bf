//! `standpoint train`: fit a model from labeled CSV files.

use std::path::PathBuf;

use anyhow::Context;
use standpoint_classify::{read_examples, train, TrainConfig};

use crate::Outcome;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Labeled CSV files with header `text,target,label` (target optional).
    #[arg(required = true)]
    csv: Vec<PathBuf>,
    /// Where to write the model (JSON).
    #[arg(long)]
    out: PathBuf,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let mut examples = Vec::new();
    for path in &args.csv {
        examples.extend(read_examples(path)?);
    }
    let model = train(&examples, &TrainConfig::default())?;
    let mut json = model.to_json();
    json.push('\n');
    std::fs::write(&args.out, json)
        .with_context(|| format!("{}: cannot write model", args.out.display()))?;
    eprintln!(
        "standpoint: trained on {} rows; model written to {}",
        examples.len(),
        args.out.display()
    );
    Ok(Outcome::Ok)
}
