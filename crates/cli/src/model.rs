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

#[cfg(test)]
mod tests {
    use super::*;
    use standpoint_classify::{read_training_files, train, TrainConfig};

    /// `scripts/train-default.sh` must reproduce the embedded model byte for byte.
    #[test]
    fn default_model_is_reproducible() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/train");
        let mut csvs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        csvs.sort();
        assert!(!csvs.is_empty(), "no CSV in {}", dir.display());
        let model = train(
            &read_training_files(&csvs).unwrap(),
            &TrainConfig::default(),
        )
        .unwrap();
        let mut json = model.to_json();
        json.push('\n');
        assert!(
            json == DEFAULT_MODEL,
            "crates/cli/assets/default-model.json is stale: run scripts/train-default.sh"
        );
    }

    #[test]
    fn embedded_model_loads_and_knows_the_fixture_targets() {
        let m = load(None).unwrap();
        assert_eq!(
            m.targets(),
            ["military_action", "negotiations", "sanctions"]
        );
        assert_eq!(m.labels(), ["against", "favor", "none"]);
    }
}
