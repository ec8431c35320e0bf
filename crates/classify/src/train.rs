//! Training, stratified k-fold and hyper-parameter tuning.

use std::collections::{BTreeMap, BTreeSet};

use linfa::ParamGuard;
use standpoint_features::{FeatureConfig, Vectorizer};

use crate::calibrate::{fit_temperature, Temperatures};
use crate::config::{TrainConfig, TrainingInfo, ValidTrainConfig, DEFAULT_SEED};
use crate::data::Example;
use crate::jobs::{AnalyzeJob, FitJob, InOrder, TrainRunner};
use crate::logistic::{ClassWeight, SparseLogisticRegression};
use crate::model::StanceModel;
use crate::predict::Prediction;
use crate::sparse::CsrMatrix;
use crate::targets::TargetTerms;
use crate::{ClassifyError, Result};

/// xxh3 of the training rows, hex.
pub fn data_hash(examples: &[Example]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::with_seed(0);
    for e in examples {
        h.update(e.text.as_bytes());
        h.update(&[0x1f]);
        match &e.target {
            Some(t) => h.update(t.as_bytes()),
            None => h.update(&[0x01]),
        }
        h.update(&[0x1f]);
        h.update(e.label.as_bytes());
        h.update(&[0x1e]);
    }
    format!("{:016x}", h.digest())
}

/// Sorted distinct labels; an error unless there are at least two.
fn label_set(examples: &[Example]) -> Result<Vec<String>> {
    let labels: BTreeSet<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    if labels.len() < 2 {
        return Err(ClassifyError::Params(format!(
            "training needs at least two labels, found {}",
            labels.len()
        )));
    }
    Ok(labels.into_iter().map(str::to_string).collect())
}

/// Sorted distinct targets.
fn target_set(examples: &[Example]) -> Vec<String> {
    examples
        .iter()
        .filter_map(|e| e.target.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Vectorizer fitted on `examples` and their feature matrix. The text is
/// analyzed in `runner.slices()` slices, one batch of `runner`.
fn featurize(
    examples: &[Example],
    features: &FeatureConfig,
    terms: &TargetTerms,
    runner: &dyn TrainRunner,
) -> Result<(Vectorizer, CsrMatrix)> {
    let docs: Vec<(&str, Option<&str>)> = examples
        .iter()
        .map(|e| (e.text.as_str(), e.target.as_deref()))
        .collect();
    let per = docs
        .len()
        .div_ceil(runner.slices().max(1))
        .max(MIN_SLICE_ROWS);
    let jobs = docs
        .chunks(per)
        .map(|d| AnalyzeJob::new(d, features, terms))
        .collect();
    let parts = runner
        .analyze_all(jobs)
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    let (v, rows) = Vectorizer::fit_parts(parts, features, terms)?;
    let x = CsrMatrix::from_rows(&rows, v.n_features())?;
    Ok((v, x))
}

/// Fewer rows than this are analyzed in one slice.
const MIN_SLICE_ROWS: usize = 2000;

/// The linear models of one training run, before they are packed into a model.
struct Fitted {
    /// Joint model and its training rows.
    joint: (SparseLogisticRegression, usize),
    /// Per-target models and their training rows.
    per_target: Vec<(String, SparseLogisticRegression, usize)>,
    /// Confidence temperatures, if calibrated.
    temperatures: Option<Temperatures>,
}

impl Fitted {
    fn assemble(
        &self,
        v: Vectorizer,
        labels: Vec<String>,
        targets: Vec<String>,
        training: TrainingInfo,
    ) -> Result<StanceModel> {
        StanceModel::assemble(
            v,
            labels,
            targets,
            training,
            (&self.joint.0, self.joint.1),
            self.per_target
                .iter()
                .map(|(t, m, n)| (t.clone(), m, *n))
                .collect(),
            self.temperatures.clone(),
        )
    }
}

/// Fits the joint and per-target linear models on an already featurized set.
fn fit_all(
    examples: &[Example],
    x: &CsrMatrix,
    labels: &[String],
    config: &ValidTrainConfig,
    runner: &dyn TrainRunner,
) -> Result<Fitted> {
    let y: Vec<usize> = examples
        .iter()
        .map(|e| labels.binary_search(&e.label).unwrap_or(0))
        .collect();
    let targets: Vec<Option<&str>> = examples.iter().map(|e| e.target.as_deref()).collect();
    let rows = Rows {
        x,
        subset: None,
        y: &y,
        targets: &targets,
    };
    fit_rows(rows, config, None, None, runner)
}

/// The rows a batch of fits is for: rows `subset` of `x` (`None`: every
/// row), with their labels `y` and `targets`, one per row of the subset.
#[derive(Clone, Copy)]
struct Rows<'a> {
    x: &'a CsrMatrix,
    subset: Option<&'a [usize]>,
    y: &'a [usize],
    targets: &'a [Option<&'a str>],
}

/// Fits the joint model on `rows` and a per-target model for each target
/// with enough rows and two labels, or, given `only`, for each of those
/// targets that has two labels. Each model starts from the weights of its
/// counterpart in `start`, if given. The fits are one batch of `runner`, the
/// joint one first (it is the largest); a fit on part of the matrix copies
/// its rows only while it runs.
fn fit_rows(
    rows: Rows<'_>,
    config: &ValidTrainConfig,
    only: Option<&BTreeSet<&str>>,
    start: Option<&Fitted>,
    runner: &dyn TrainRunner,
) -> Result<Fitted> {
    let Rows {
        x,
        subset,
        y,
        targets,
    } = rows;
    let params = config.estimator();
    let tol = |rows: usize| config.gradient_tolerance() * rows.max(1) as f64;
    // Per target, its rows: (index in the subset, row of `x`).
    let mut groups: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, t) in targets.iter().enumerate() {
        if let Some(t) = t {
            groups
                .entry(t)
                .or_default()
                .push((i, subset.map_or(i, |s| s[i])));
        }
    }
    let mut own = Vec::new();
    let mut jobs = Vec::new();
    for (t, rows) in groups {
        let distinct: BTreeSet<usize> = rows.iter().map(|&(i, _)| y[i]).collect();
        let wanted = match only {
            Some(set) => set.contains(t),
            None => rows.len() >= config.per_target_min_rows(),
        };
        if wanted && distinct.len() >= 2 {
            let from = start.and_then(|s| s.per_target.iter().find(|p| p.0 == t).map(|p| &p.1));
            let p = params.clone().gradient_tolerance(tol(rows.len())).check()?;
            let ty = rows.iter().map(|&(i, _)| y[i]).collect();
            own.push((t.to_string(), rows.len()));
            let rows = rows.into_iter().map(|(_, r)| r).collect();
            jobs.push(FitJob::new(p, x, Some(rows), ty, from));
        }
    }
    let n = y.len();
    let p = params.gradient_tolerance(tol(n)).check()?;
    jobs.insert(
        0,
        FitJob::new(
            p,
            x,
            subset.map(<[usize]>::to_vec),
            y.iter().copied().collect(),
            start.map(|s| &s.joint.0),
        ),
    );
    let mut fits = runner.fit_all(jobs).into_iter();
    let joint = fits
        .next()
        .ok_or_else(|| ClassifyError::Solver("the runner returned no joint model".into()))??;
    let mut per_target = Vec::with_capacity(own.len());
    for (t, rows) in own {
        let fit = fits.next().ok_or_else(|| {
            ClassifyError::Solver(format!("the runner returned no model for {t}"))
        })??;
        per_target.push((t, fit, rows));
    }
    Ok(Fitted {
        joint: (joint, n),
        per_target,
        temperatures: None,
    })
}

/// Scores of one row under `fit`, one per label of the model (`-inf` for a
/// label `fit` was not trained on).
fn label_scores(fit: &SparseLogisticRegression, x: &CsrMatrix, i: usize, n: usize) -> Vec<f64> {
    let (idx, val) = x.row(i);
    let z = fit.decision_row(idx, val);
    let mut out = vec![f64::NEG_INFINITY; n];
    for (&c, v) in fit.classes().iter().zip(z) {
        out[c] = v;
    }
    out
}

/// The calibration fold of every row. The rows of a target with its own
/// model are dealt to stratified folds, as that model will see the target's
/// rows; every other target goes whole into one fold, so its rows are scored
/// by a joint model that never saw the target, as the final joint model
/// scores the claims and topics it was not trained on. Targets are dealt to
/// the folds in a seeded order; rows without a target are stratified too.
fn calibration_folds(
    examples: &[Example],
    own: &BTreeMap<&str, &[usize]>,
    k: usize,
) -> Result<Vec<usize>> {
    let grouped = |e: &Example| e.target.as_deref().is_some_and(|t| !own.contains_key(t));
    let label_refs: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    let mut folds = stratified_folds(&label_refs, k, DEFAULT_SEED)?;
    let mut groups: Vec<&str> = examples
        .iter()
        .filter(|e| grouped(e))
        .filter_map(|e| e.target.as_deref())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    groups.sort_by_key(|t| {
        (
            xxhash_rust::xxh3::xxh3_64_with_seed(t.as_bytes(), DEFAULT_SEED),
            *t,
        )
    });
    let fold_of: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i % k))
        .collect();
    for (i, e) in examples.iter().enumerate() {
        if let Some(&f) = e.target.as_deref().and_then(|t| fold_of.get(t)) {
            folds[i] = f;
        }
    }
    Ok(folds)
}

/// A per-target temperature fitted on `n` rows, pulled toward the joint
/// one as if the joint temperature had been seen on [`SHRINK_ROWS`] rows
/// (geometric mean): a target with a few dozen held-out rows, which may all
/// be right, does not get an extreme temperature from them alone.
fn shrink(t: f64, n: usize, joint: f64) -> f64 {
    let (n, m) = (n as f64, SHRINK_ROWS as f64);
    let t = ((n * t.ln() + m * joint.ln()) / (n + m)).exp();
    (t * 1e6).round() / 1e6
}

/// See [`shrink`].
const SHRINK_ROWS: usize = 100;

/// Out-of-fold rows enough to fit the temperatures: once this many held-out
/// rows are scored, the remaining folds are skipped (a temperature is one
/// number; on 20,000 rows one fold of three gives 6,667 scores, and fitting
/// the other two would double the training time).
pub const CALIBRATION_ROWS: usize = 5000;

/// Fits the confidence temperatures (see [`crate::calibrate`]) on
/// out-of-fold scores: the rows are dealt to stratified folds, and each fold
/// is scored by a joint model and per-target models fitted on the other
/// folds, blended as the final model blends them. The folds reuse the
/// features of the whole set (fitting the vectorizer again per fold would
/// cost more than the models); a column seen only in the held-out fold gets
/// no weight from the other folds, so its rows are still scored as unseen.
/// Each fold model starts from the final model's weights: the objective is
/// strictly convex, so it converges to the same fold model (to the same
/// tolerance as the final one) as from zero, in far fewer steps.
fn calibrate(
    examples: &[Example],
    x: &CsrMatrix,
    labels: &[String],
    config: &ValidTrainConfig,
    fitted: &Fitted,
    runner: &dyn TrainRunner,
) -> Result<Option<Temperatures>> {
    let k = config.calibration_folds();
    if k < 2 || examples.len() < 2 * k {
        return Ok(None);
    }
    let y: Vec<usize> = examples
        .iter()
        .map(|e| labels.binary_search(&e.label).unwrap_or(0))
        .collect();
    let targets: Vec<Option<&str>> = examples.iter().map(|e| e.target.as_deref()).collect();
    // The final per-target models: their labels, in their column order.
    let own: BTreeMap<&str, &[usize]> = fitted
        .per_target
        .iter()
        .map(|(t, m, _)| (t.as_str(), m.classes()))
        .collect();
    let folds = calibration_folds(examples, &own, k)?;
    let only: BTreeSet<&str> = own.keys().copied().collect();
    let share = config.joint_share();
    let mut joint_scores = Vec::with_capacity(examples.len());
    let mut own_scores: BTreeMap<&str, Vec<(Vec<f64>, usize)>> = BTreeMap::new();
    for f in 0..k {
        if joint_scores.len() >= CALIBRATION_ROWS {
            break;
        }
        let (train, held): (Vec<usize>, Vec<usize>) =
            (0..examples.len()).partition(|&i| folds[i] != f);
        let fy: Vec<usize> = train.iter().map(|&i| y[i]).collect();
        if fy.iter().collect::<BTreeSet<_>>().len() < 2 {
            continue;
        }
        let ft: Vec<Option<&str>> = train.iter().map(|&i| targets[i]).collect();
        let rows = Rows {
            x,
            subset: Some(&train),
            y: &fy,
            targets: &ft,
        };
        let fit = fit_rows(rows, config, Some(&only), Some(fitted), runner)?;
        let fold_own: BTreeMap<&str, &SparseLogisticRegression> = fit
            .per_target
            .iter()
            .map(|(t, m, _)| (t.as_str(), m))
            .collect();
        for &i in &held {
            let zj = label_scores(&fit.joint.0, x, i, labels.len());
            let t = targets[i];
            if let (Some(classes), Some(m)) =
                (t.and_then(|t| own.get(t)), t.and_then(|t| fold_own.get(t)))
            {
                let zo = label_scores(m, x, i, labels.len());
                let z: Vec<f64> = classes
                    .iter()
                    .map(|&c| (1.0 - share) * zo[c] + share * zj[c])
                    .collect();
                if let Some(g) = classes.iter().position(|&c| c == y[i]) {
                    own_scores.entry(t.unwrap_or("")).or_default().push((z, g));
                }
            }
            let joint_only = t.is_some_and(|t| !own.contains_key(t));
            joint_scores.push((zj, y[i], joint_only));
        }
    }
    // The joint model scores the targets without a model of their own: its
    // temperature comes from their rows, or from every row if they are few.
    let unseen: Vec<(Vec<f64>, usize)> = joint_scores
        .iter()
        .filter(|s| s.2)
        .map(|s| (s.0.clone(), s.1))
        .collect();
    let all: Vec<(Vec<f64>, usize)> = joint_scores.into_iter().map(|s| (s.0, s.1)).collect();
    let joint_scores = if unseen.len() >= SHRINK_ROWS {
        unseen
    } else {
        all
    };
    let joint = fit_temperature(&joint_scores);
    Ok(Some(Temperatures {
        method: crate::calibrate::METHOD.to_string(),
        folds: k,
        rows: joint_scores.len(),
        joint,
        per_target: own_scores
            .iter()
            .map(|(t, s)| (t.to_string(), shrink(fit_temperature(s), s.len(), joint)))
            .collect(),
    }))
}

/// Trains a model: one vectorizer, a joint model, and per-target models for the
/// targets with enough rows. Same examples and config give the same model bytes.
pub fn train(examples: &[Example], config: &TrainConfig) -> Result<StanceModel> {
    train_with_terms(examples, &TargetTerms::new(), config)
}

/// [`train`] with targets declared by their terms (`sanctions`: sanctions,
/// embargo, asset freeze, …), stored in the model: a sentence is about such a
/// target when one of its terms occurs.
pub fn train_with_terms(
    examples: &[Example],
    terms: &TargetTerms,
    config: &TrainConfig,
) -> Result<StanceModel> {
    train_with_runner(examples, terms, config, &InOrder)
}

/// [`train_with_terms`] with the model fits run by `runner` (for example on
/// a thread pool); the model is the same for any runner that keeps job order.
pub fn train_with_runner(
    examples: &[Example],
    terms: &TargetTerms,
    config: &TrainConfig,
    runner: &dyn TrainRunner,
) -> Result<StanceModel> {
    let config = config.check_ref()?;
    let labels = label_set(examples)?;
    let targets = target_set(examples);
    let (v, x) = featurize(examples, config.features(), terms, runner)?;
    let mut fitted = fit_all(examples, &x, &labels, config, runner)?;
    fitted.temperatures = calibrate(examples, &x, &labels, config, &fitted, runner)?;
    fitted.assemble(
        v,
        labels,
        targets,
        TrainingInfo {
            rows: examples.len(),
            data_hash: data_hash(examples),
            config: config.clone(),
        },
    )
}

/// Seeded stratified k-fold: the fold (0..k) of every row. Rows of each label
/// are put in a seeded pseudo-random order and dealt to the folds in turn,
/// continuing where the previous label stopped, so every fold gets nearly the
/// same share of each label and nearly the same size.
pub fn stratified_folds(labels: &[&str], k: usize, seed: u64) -> Result<Vec<usize>> {
    if k < 2 {
        return Err(ClassifyError::Params(format!(
            "cross-validation needs at least 2 folds, not {k}"
        )));
    }
    if k > labels.len() {
        return Err(ClassifyError::Params(format!(
            "{k} folds but only {} rows",
            labels.len()
        )));
    }
    let mut by_label: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in labels.iter().enumerate() {
        by_label.entry(l).or_default().push(i);
    }
    let mut fold = vec![0; labels.len()];
    let mut next = 0;
    for rows in by_label.values_mut() {
        rows.sort_by_key(|&i| {
            (
                xxhash_rust::xxh3::xxh3_64_with_seed(&(i as u64).to_le_bytes(), seed),
                i,
            )
        });
        for &i in rows.iter() {
            fold[i] = next % k;
            next += 1;
        }
    }
    Ok(fold)
}

/// Splits examples by fold: (training rows, held-out row indices) for fold `f`.
fn split(examples: &[Example], folds: &[usize], f: usize) -> (Vec<Example>, Vec<usize>) {
    let mut train = Vec::new();
    let mut held = Vec::new();
    for (i, e) in examples.iter().enumerate() {
        if folds[i] == f {
            held.push(i);
        } else {
            train.push(e.clone());
        }
    }
    (train, held)
}

/// Out-of-fold predictions: every row is predicted by the model trained on the
/// other folds (labels below `min_confidence` become `uncertain`).
pub fn cross_val_predict(
    examples: &[Example],
    config: &TrainConfig,
    k: usize,
    seed: u64,
    min_confidence: Option<f64>,
) -> Result<Vec<String>> {
    cross_val_predict_with_progress(examples, config, k, seed, min_confidence, &mut |_, _| {})
}

/// [`cross_val_predict`], calling `progress(folds_done, k)` after each fold.
pub fn cross_val_predict_with_progress(
    examples: &[Example],
    config: &TrainConfig,
    k: usize,
    seed: u64,
    min_confidence: Option<f64>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<String>> {
    let (pred, _) = cross_val_predictions(examples, config, k, seed, progress)?;
    Ok(pred
        .iter()
        .map(|p| p.kept_label(min_confidence).to_string())
        .collect())
}

/// Out-of-fold predictions with their confidence and evidence, and, when
/// the fold models are calibrated, the same predictions without calibration
/// (raw softmax confidences); `progress(folds_done, k)` after each fold.
pub fn cross_val_predictions(
    examples: &[Example],
    config: &TrainConfig,
    k: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<Prediction>, Option<Vec<Prediction>>)> {
    let labels: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    let folds = stratified_folds(&labels, k, seed)?;
    let mut pred: Vec<Option<Prediction>> = vec![None; examples.len()];
    let mut raw: Vec<Option<Prediction>> = vec![None; examples.len()];
    let mut calibrated = true;
    for f in 0..k {
        let (train_rows, held) = split(examples, &folds, f);
        let model = train(&train_rows, config)?;
        let held_ex = held.iter().map(|&i| &examples[i]);
        let p = crate::eval::predict_examples(&model, held_ex.clone());
        calibrated &= model.calibration().is_some();
        let r = crate::eval::predict_examples(&model.uncalibrated(), held_ex);
        for ((&i, p), r) in held.iter().zip(p).zip(r) {
            pred[i] = Some(p);
            raw[i] = Some(r);
        }
        progress(f + 1, k);
    }
    let pred: Vec<Prediction> = pred.into_iter().flatten().collect();
    let raw: Vec<Prediction> = raw.into_iter().flatten().collect();
    Ok((pred, calibrated.then_some(raw)))
}

/// One grid point of [`tune`] and its cross-validated scores.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneResult {
    /// The settings.
    pub config: TrainConfig,
    /// Out-of-fold macro-F1.
    pub macro_f1: f64,
    /// Out-of-fold accuracy.
    pub accuracy: f64,
}

/// The grid `--tune` searches: `alpha` in {0.3, 1, 3}, class weight in
/// {balanced, none}, and n-gram ranges in {word 1-1, word 1-2, word 1-3} ×
/// {char none, char 2-5}; everything else comes from `base`.
pub fn tune_grid(base: &TrainConfig) -> Vec<TrainConfig> {
    let mut grid = Vec::new();
    for word in [(1, 1), (1, 2), (1, 3)] {
        for chars in [None, Some((2, 5))] {
            for alpha in [0.3, 1.0, 3.0] {
                for cw in [ClassWeight::Balanced, ClassWeight::None] {
                    let mut features = base.unchecked().features().clone();
                    features.word_ngrams = word;
                    features.char_ngrams = chars;
                    grid.push(
                        base.clone()
                            .features(features)
                            .alpha(alpha)
                            .class_weight(cw),
                    );
                }
            }
        }
    }
    grid
}

/// Chooses settings by seeded stratified k-fold cross-validation on the
/// training rows only: every grid point is scored on out-of-fold predictions,
/// the best macro-F1 wins (then accuracy, then grid order). Returns the results
/// in grid order and the index of the winner.
pub fn tune(
    examples: &[Example],
    grid: &[TrainConfig],
    k: usize,
    seed: u64,
) -> Result<(Vec<TuneResult>, usize)> {
    tune_with_progress(examples, grid, k, seed, &mut |_, _| {})
}

/// [`tune`], calling `progress(models_fitted, grid.len() * k)` after each
/// fitted model.
pub fn tune_with_progress(
    examples: &[Example],
    grid: &[TrainConfig],
    k: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<TuneResult>, usize)> {
    if grid.is_empty() {
        return Err(ClassifyError::Params("empty tuning grid".into()));
    }
    let checked = grid
        .iter()
        .map(|c| c.check_ref())
        .collect::<Result<Vec<&ValidTrainConfig>>>()?;
    label_set(examples)?;
    let label_refs: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
    let folds = stratified_folds(&label_refs, k, seed)?;
    let mut preds: Vec<Vec<String>> = vec![vec![String::new(); examples.len()]; grid.len()];
    // Featurize once per (feature settings, fold) and reuse it for every
    // estimator setting.
    let mut by_features: Vec<(FeatureConfig, Vec<usize>)> = Vec::new();
    for (g, c) in checked.iter().enumerate() {
        match by_features.iter_mut().find(|(f, _)| f == c.features()) {
            Some((_, v)) => v.push(g),
            None => by_features.push((c.features().clone(), vec![g])),
        }
    }
    let mut fitted_models = 0;
    for (features, members) in &by_features {
        for f in 0..k {
            let (train_rows, held) = split(examples, &folds, f);
            let fold_labels = label_set(&train_rows)?;
            let (v, x) = featurize(&train_rows, features, &TargetTerms::new(), &InOrder)?;
            for &g in members {
                let fitted = fit_all(&train_rows, &x, &fold_labels, checked[g], &InOrder)?;
                let model = fitted.assemble(
                    v.clone(),
                    fold_labels.clone(),
                    target_set(&train_rows),
                    TrainingInfo {
                        rows: train_rows.len(),
                        data_hash: String::new(),
                        config: checked[g].clone(),
                    },
                )?;
                let labels =
                    crate::eval::predict_labels(&model, held.iter().map(|&i| &examples[i]), None);
                for (&i, l) in held.iter().zip(labels) {
                    preds[g][i] = l;
                }
                fitted_models += 1;
                progress(fitted_models, grid.len() * k);
            }
        }
    }
    let gold: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    let mut results = Vec::with_capacity(grid.len());
    for (g, c) in grid.iter().enumerate() {
        let ev = crate::eval::score(&gold, &preds[g])?;
        results.push(TuneResult {
            config: c.clone(),
            macro_f1: ev.macro_f1,
            accuracy: ev.accuracy,
        });
    }
    let mut best = 0;
    for (g, r) in results.iter().enumerate() {
        let b = &results[best];
        if (r.macro_f1, r.accuracy) > (b.macro_f1, b.accuracy) {
            best = g;
        }
    }
    Ok((results, best))
}

#[cfg(test)]
mod progress_tests {
    use super::*;

    fn examples() -> Vec<Example> {
        let rows = [
            ("we back the sanctions", "favor"),
            ("sanctions are the right answer", "favor"),
            ("tougher sanctions now", "favor"),
            ("we support new sanctions", "favor"),
            ("sanctions will not work", "against"),
            ("we reject the sanctions", "against"),
            ("sanctions hurt civilians", "against"),
            ("lift the sanctions", "against"),
        ];
        rows.iter()
            .map(|(t, l)| Example {
                text: t.to_string(),
                target: None,
                label: l.to_string(),
            })
            .collect()
    }

    #[test]
    fn cross_validation_and_tuning_report_every_step() {
        let ex = examples();
        let config = TrainConfig::default();
        let mut seen = Vec::new();
        let pred = cross_val_predict_with_progress(&ex, &config, 2, 7, None, &mut |d, t| {
            seen.push((d, t))
        })
        .unwrap();
        assert_eq!(seen, [(1, 2), (2, 2)]);
        assert_eq!(pred, cross_val_predict(&ex, &config, 2, 7, None).unwrap());

        let other = config.clone().alpha(3.0);
        let grid = [config, other];
        let mut seen = Vec::new();
        let tuned = tune_with_progress(&ex, &grid, 2, 7, &mut |d, t| seen.push((d, t))).unwrap();
        assert_eq!(seen, [(1, 4), (2, 4), (3, 4), (4, 4)]);
        assert_eq!(tuned, tune(&ex, &grid, 2, 7).unwrap());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stratified_seeded_and_balanced() {
        let labels: Vec<&str> = (0..50)
            .map(|i| match i % 5 {
                0..=2 => "none",
                3 => "favor",
                _ => "against",
            })
            .collect();
        let f = stratified_folds(&labels, 5, 1).unwrap();
        assert_eq!(f, stratified_folds(&labels, 5, 1).unwrap());
        assert_ne!(f, stratified_folds(&labels, 5, 2).unwrap());
        for fold in 0..5 {
            let rows: Vec<usize> = (0..50).filter(|&i| f[i] == fold).collect();
            assert_eq!(rows.len(), 10);
            for (l, n) in [("none", 6), ("favor", 2), ("against", 2)] {
                assert_eq!(
                    rows.iter().filter(|&&i| labels[i] == l).count(),
                    n,
                    "{fold} {l}"
                );
            }
        }
        assert!(stratified_folds(&labels, 1, 1).is_err());
        assert!(stratified_folds(&labels[..3], 4, 1).is_err());
    }

    #[test]
    fn cross_validation_predicts_every_row_once() {
        let ex = crate::test_data::examples();
        let pred = cross_val_predict(&ex, &TrainConfig::default(), 3, 7, None).unwrap();
        assert_eq!(pred.len(), ex.len());
        assert!(pred
            .iter()
            .all(|p| ["against", "favor", "none"].contains(&p.as_str())));
        let sure = cross_val_predict(&ex, &TrainConfig::default(), 3, 7, Some(1.0)).unwrap();
        assert!(sure.iter().all(|p| p == crate::UNCERTAIN));
    }

    #[test]
    fn tuning_returns_the_best_grid_point() {
        let ex = crate::test_data::examples();
        let base = TrainConfig::default();
        let grid = tune_grid(&base);
        assert_eq!(grid.len(), 36);
        let small = [grid[0].clone(), grid[8].clone(), grid[20].clone()];
        let (results, best) = tune(&ex, &small, 3, 7).unwrap();
        assert_eq!(results.len(), 3);
        for r in &results {
            assert!((r.macro_f1, r.accuracy) <= (results[best].macro_f1, results[best].accuracy));
        }
        assert!(tune(&ex, &[], 3, 7).is_err());
    }

    #[test]
    fn calibration_folds_keep_targets_without_a_model_whole() {
        let mut ex = crate::test_data::examples();
        let n = ex.len();
        for (i, e) in ex.iter_mut().enumerate() {
            if i % 3 == 0 {
                e.target = Some(format!("claim {}", i % 4));
            }
        }
        let classes = [0usize, 1, 2];
        let own: BTreeMap<&str, &[usize]> = [("sanctions", &classes[..])].into();
        let folds = calibration_folds(&ex, &own, 3).unwrap();
        assert_eq!(folds.len(), n);
        let mut fold_of: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for (e, &f) in ex.iter().zip(&folds) {
            fold_of
                .entry(e.target.as_deref().unwrap())
                .or_default()
                .insert(f);
        }
        // Each claim in one fold; the modelled target spread over all three.
        for t in ["claim 0", "claim 1", "claim 2", "claim 3"] {
            assert_eq!(fold_of[t].len(), 1, "{t}");
        }
        assert_eq!(fold_of["sanctions"].len(), 3);
        assert_eq!(folds, calibration_folds(&ex, &own, 3).unwrap());
    }

    #[test]
    fn few_rows_pull_a_target_temperature_toward_the_joint_one() {
        assert_eq!(shrink(0.05, 0, 1.5), 1.5);
        assert_eq!(shrink(2.0, 100, 0.5), 1.0);
        assert!((shrink(0.05, 1_000_000, 1.5) - 0.05).abs() < 1e-3);
    }

    #[test]
    fn data_hash_depends_on_every_field() {
        let ex = crate::test_data::examples();
        let h = data_hash(&ex);
        let mut other = ex.clone();
        other[0].target = None;
        assert_ne!(data_hash(&other), h);
        let mut other = ex.clone();
        other[0].label = "x".into();
        assert_ne!(data_hash(&other), h);
        assert_eq!(data_hash(&ex), h);
    }
}
