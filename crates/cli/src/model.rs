//! Loading the stance model: a file, or the embedded default.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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

/// A model loading on its own thread, so that parsing it (about 0.1 s for
/// the default model) overlaps other start-up work.
pub(crate) struct Loading {
    handle: std::thread::JoinHandle<anyhow::Result<StanceModel>>,
    failed: Arc<AtomicBool>,
}

impl Loading {
    /// Starts loading `path`, or the embedded default model.
    pub(crate) fn start(path: Option<PathBuf>) -> Self {
        let failed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&failed);
        let handle = std::thread::spawn(move || {
            let loaded = load(path.as_deref());
            flag.store(loaded.is_err(), Ordering::Release);
            loaded
        });
        Loading { handle, failed }
    }

    /// True once loading has failed (does not wait).
    pub(crate) fn failed(&self) -> bool {
        self.failed.load(Ordering::Acquire)
    }

    /// Waits for the model.
    pub(crate) fn finish(self) -> anyhow::Result<StanceModel> {
        self.handle
            .join()
            .map_err(|_| anyhow::anyhow!("internal error: loading the model panicked"))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use standpoint_classify::{
        read_target_terms, read_training_files, train_with_terms, TrainConfig,
    };

    #[test]
    fn loading_reports_failure_only_for_a_failed_load() {
        let wait = |l: &Loading| {
            while !l.handle.is_finished() {
                std::thread::yield_now();
            }
        };
        let good = Loading::start(None);
        wait(&good);
        assert!(!good.failed());
        assert!(good.finish().is_ok());
        let bad = Loading::start(Some(PathBuf::from("/nonexistent/model.json")));
        wait(&bad);
        assert!(bad.failed());
        assert!(bad.finish().is_err());
    }

    /// `scripts/train-default.sh` must reproduce the embedded model byte for byte.
    #[test]
    fn default_model_is_reproducible() {
        // The training file only: fixtures/train/targets.csv declares terms, not rows.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/train");
        let csvs = [dir.join("stance.csv")];
        let terms = read_target_terms(&dir.join("targets.csv")).unwrap();
        let model = train_with_terms(
            &read_training_files(&csvs).unwrap(),
            &terms,
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
