//! Evaluation: accuracy, per-class precision/recall/F1 and the confusion matrix,
//! computed with linfa's classification metrics.

use std::collections::{BTreeMap, BTreeSet};

use linfa::metrics::ToConfusionMatrix;
use linfa::traits::Predict;
use linfa::DatasetBase;
use ndarray::Array1;

use crate::data::Example;
use crate::model::StanceModel;
use crate::predict::{Prediction, Queries};
use crate::Result;

/// The label written for predictions below `--min-confidence`.
pub const UNCERTAIN: &str = "uncertain";

/// Per-class scores.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClassScores {
    /// Precision in 0..1 (0 when the class was never predicted).
    pub precision: f64,
    /// Recall in 0..1.
    pub recall: f64,
    /// F1 in 0..1.
    pub f1: f64,
    /// Gold rows of this class.
    pub support: usize,
}

/// Evaluation results, as written by `eval --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evaluation {
    /// Fraction correct.
    pub accuracy: f64,
    /// Unweighted mean F1 over the classes that occur as gold or predicted labels.
    pub macro_f1: f64,
    /// Scores per label (gold or predicted).
    pub per_class: BTreeMap<String, ClassScores>,
    /// `confusion[gold][predicted]` = count, over the same labels.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// linfa computes its scores in `f32`; six decimals is what that precision carries.
fn from_f32(x: f32) -> f64 {
    if x.is_finite() {
        (f64::from(x) * 1e6).round() / 1e6
    } else {
        0.0
    }
}

/// Scores predicted labels against gold labels (same length).
pub fn score(gold: &[String], predicted: &[String]) -> Result<Evaluation> {
    if gold.len() != predicted.len() || gold.is_empty() {
        return Err(crate::ClassifyError::Shape(format!(
            "{} gold labels and {} predictions",
            gold.len(),
            predicted.len()
        )));
    }
    let labels: Vec<&String> = gold
        .iter()
        .chain(predicted)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let id = |l: &String| labels.binary_search(&l).unwrap_or(0);
    let gold_ids: Array1<usize> = gold.iter().map(id).collect();
    let pred_ids: Array1<usize> = predicted.iter().map(id).collect();
    let accuracy = from_f32(pred_ids.confusion_matrix(&gold_ids)?.accuracy());

    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = labels
        .iter()
        .map(|g| {
            (
                (*g).clone(),
                labels.iter().map(|p| ((*p).clone(), 0)).collect(),
            )
        })
        .collect();
    for (g, p) in gold.iter().zip(predicted) {
        if let Some(c) = confusion.get_mut(g).and_then(|row| row.get_mut(p)) {
            *c += 1;
        }
    }

    let mut per_class = BTreeMap::new();
    for (c, l) in labels.iter().enumerate() {
        // One-vs-rest. linfa's matrix is indexed [self][argument] and its
        // precision is m00 / (m00 + m10), so `gold.confusion_matrix(pred)` puts
        // predicted positives in column 0 as precision needs.
        let g: Array1<bool> = gold_ids.mapv(|x| x == c);
        let p: Array1<bool> = pred_ids.mapv(|x| x == c);
        let cm = g.confusion_matrix(&p)?;
        per_class.insert(
            (*l).clone(),
            ClassScores {
                precision: from_f32(cm.precision()),
                recall: from_f32(cm.recall()),
                f1: from_f32(cm.f1_score()),
                support: g.iter().filter(|&&b| b).count(),
            },
        );
    }
    let macro_f1 = per_class.values().map(|s| s.f1).sum::<f64>() / per_class.len() as f64;
    Ok(Evaluation {
        accuracy,
        macro_f1: (macro_f1 * 1e6).round() / 1e6,
        per_class,
        confusion,
    })
}

/// The model's predictions for examples, each toward its own target, through
/// linfa's `Predict`.
pub fn predict_examples<'a>(
    model: &StanceModel,
    examples: impl IntoIterator<Item = &'a Example>,
) -> Vec<Prediction> {
    let examples: Vec<&Example> = examples.into_iter().collect();
    let targets: Vec<Option<&str>> = examples.iter().map(|e| e.target.as_deref()).collect();
    let mut q = Queries::new();
    for (e, t) in examples.iter().zip(&targets) {
        q.push(&e.text, std::slice::from_ref(t));
    }
    model.predict(&DatasetBase::new(q, ()))
}

/// The model's label for each example, or [`UNCERTAIN`] below
/// `min_confidence`.
pub fn predict_labels<'a>(
    model: &StanceModel,
    examples: impl IntoIterator<Item = &'a Example>,
    min_confidence: Option<f64>,
) -> Vec<String> {
    predict_examples(model, examples)
        .into_iter()
        .map(|p| match min_confidence {
            Some(m) if p.confidence < m => UNCERTAIN.to_string(),
            _ => p.label,
        })
        .collect()
}

/// Predicts every example and scores the result.
pub fn evaluate(
    model: &StanceModel,
    examples: &[Example],
    min_confidence: Option<f64>,
) -> Result<Evaluation> {
    let gold: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    let pred = predict_labels(model, examples, min_confidence);
    score(&gold, &pred)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn scores_match_hand_computation() {
        // favor: tp 2, fp 1, fn 1; against: tp 1, fp 1, fn 1; none: tp 1, fp 0, fn 1.
        let gold = s(&[
            "favor", "favor", "favor", "against", "against", "none", "none",
        ]);
        let pred = s(&[
            "favor", "favor", "against", "against", "favor", "none", "against",
        ]);
        let ev = score(&gold, &pred).unwrap();
        assert_eq!(ev.accuracy, 0.571429);
        let f = &ev.per_class["favor"];
        assert_eq!((f.precision, f.recall, f.support), (0.666667, 0.666667, 3));
        let a = &ev.per_class["against"];
        assert_eq!((a.precision, a.recall, a.support), (0.333333, 0.5, 2));
        let n = &ev.per_class["none"];
        assert_eq!(
            (n.precision, n.recall, n.f1, n.support),
            (1.0, 0.5, 0.666667, 2)
        );
        assert_eq!(a.f1, 0.4);
        assert_eq!(
            ev.macro_f1,
            ((0.666667 + 0.4 + 0.666667) / 3.0 * 1e6f64).round() / 1e6
        );
        assert_eq!(ev.confusion["against"]["favor"], 1);
        assert_eq!(ev.confusion["none"]["against"], 1);
        assert_eq!(ev.confusion["favor"]["against"], 1);
        assert_eq!(ev.confusion["favor"]["favor"], 2);
    }

    #[test]
    fn binary_and_never_predicted_labels() {
        // Two labels (linfa reverses the class order for binary matrices).
        let gold = s(&["a", "a", "a", "b"]);
        let pred = s(&["a", "b", "b", "b"]);
        let ev = score(&gold, &pred).unwrap();
        assert_eq!(ev.per_class["a"].precision, 1.0);
        assert_eq!(ev.per_class["a"].recall, 0.333333);
        assert_eq!(ev.per_class["b"].precision, 0.333333);
        assert_eq!(ev.per_class["b"].recall, 1.0);
        // A gold label never predicted scores 0, and an extra predicted label
        // (`uncertain`) gets a row with support 0.
        let gold = s(&["a", "b", "c"]);
        let pred = s(&["a", "b", UNCERTAIN]);
        let ev = score(&gold, &pred).unwrap();
        assert_eq!(ev.per_class["c"].precision, 0.0);
        assert_eq!(ev.per_class["c"].f1, 0.0);
        assert_eq!(ev.per_class[UNCERTAIN].support, 0);
        assert_eq!(ev.confusion["c"][UNCERTAIN], 1);
    }

    #[test]
    fn mismatched_lengths_are_an_error() {
        assert!(score(&s(&["a"]), &s(&[])).is_err());
        assert!(score(&[], &[]).is_err());
    }
}
