//! `standpoint inspect`: the strongest n-grams per target and label.

use std::path::PathBuf;

use crate::Outcome;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Model file.
    model: PathBuf,
    /// N-grams per target × label.
    #[arg(long, default_value_t = 20)]
    top: usize,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let _model = crate::model::load(Some(&args.model))?;
    let _ = args.top;
    anyhow::bail!("inspect is not implemented yet")
}
