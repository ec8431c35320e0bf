//! `standpoint inspect`: the strongest features per target and label, as CSV on stdout.
//!
//! Columns: `model` (`target` for a per-target model, `joint` for the model
//! used for every other target), `target`, `label`, `rank`, `feature`,
//! `weight` (4 decimals). Only positive weights are listed, largest first,
//! ties broken by feature name. Then the declared target terms: model
//! `terms`, the target, an empty label, rank = position, the term, no weight.

use std::io::Write;
use std::path::PathBuf;

use standpoint_report::guard_cell;

use crate::Outcome;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Model file, or `default` for the embedded default model (a file
    /// named `default` is `./default`).
    #[arg(default_value = "default")]
    model: PathBuf,
    /// Features per target × label.
    #[arg(long, default_value_t = 20)]
    top: usize,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let path = (args.model.as_os_str() != "default").then_some(args.model.as_path());
    let model = crate::model::load(path)?;
    let stdout = std::io::stdout();
    let mut w = csv::Writer::from_writer(stdout.lock());
    w.write_record(["model", "target", "label", "rank", "feature", "weight"])?;
    for r in model.top_features(args.top) {
        w.write_record([
            if r.target.is_some() {
                "target"
            } else {
                "joint"
            },
            &guard_cell(r.target.as_deref().unwrap_or("")),
            &guard_cell(&r.label),
            &r.rank.to_string(),
            &guard_cell(&r.feature),
            &format!("{:.4}", r.weight),
        ])?;
    }
    // Declared target terms: model `terms`, rank = position in the list.
    for (target, terms) in model.target_terms() {
        for (i, term) in terms.iter().enumerate() {
            w.write_record([
                "terms",
                &guard_cell(target),
                "",
                &(i + 1).to_string(),
                &guard_cell(term),
                "",
            ])?;
        }
    }
    w.flush()?;
    let _ = std::io::stdout().flush();
    Ok(Outcome::Ok)
}
