//! Loading the stance model: a file, or the embedded default.

use std::path::Path;

use anyhow::Context;
use standpoint_classify::StanceModel;

/// The default model, trained from `fixtures/train/` by `standpoint train`
/// (see `scripts/train-default.sh`).
pub(crate) const DEFAULT_MODEL: &str = include_str!("../assets/default-model.json");

/// Loads `path`, or the embedded default model.
pub(crate) fn load(path: Option<&Path>) -> anyhow::Result<StanceModel> {
    match path {
        Some(p) => {
            let s = std::fs::read_to_string(p)
                .with_context(|| format!("{}: cannot read model", p.display()))?;
            StanceModel::from_json(&s)
                .with_context(|| format!("{}: not a usable model", p.display()))
        }
        None => StanceModel::from_json(DEFAULT_MODEL).context("embedded default model is invalid"),
    }
}
