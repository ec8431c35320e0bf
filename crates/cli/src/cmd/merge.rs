//! `standpoint merge`: the reports of the N shards of one job into one folder
//! (the checks and the merge are `standpoint_output::merge_shards`).

use std::path::PathBuf;

use crate::Outcome;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The shards' output folders (each made by `label --shard I/N`).
    #[arg(required = true)]
    shards: Vec<PathBuf>,
    /// Folder for the merged reports.
    #[arg(long)]
    out: PathBuf,
    /// Overwrite reports already in --out.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let info = standpoint_output::merge_shards(&args.shards, &args.out, args.force)?;
    for note in &info.notes {
        eprintln!("standpoint: warning: {note}");
    }
    eprintln!(
        "standpoint: merged {} shards: {} articles, {} sentences, {} errors; reports in {}",
        args.shards.len(),
        info.articles,
        info.sentences,
        info.errors,
        args.out.display()
    );
    Ok(if info.errors > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}
