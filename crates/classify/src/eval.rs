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
    /// SemEval's F_avg: the mean F1 of the gold labels that take a position
    /// (all but [`NO_POSITION`] labels), e.g. `(F1 favor + F1 against) / 2`.
    #[serde(default)]
    pub f_avg: f64,
    /// The same scores for the rows of each target (empty without targets).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub per_target: BTreeMap<String, Evaluation>,
    /// How well the confidences match accuracy (when they are known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
    /// The same for the raw softmax confidences of a calibrated model, before
    /// its temperatures are applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration_before: Option<Calibration>,
    /// What `--min-confidence` keeps: per threshold, the predictions at or
    /// above it and the precision of those that take a position.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_confidence: Vec<ConfidenceCut>,
}

/// The predictions a `--min-confidence` threshold keeps.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConfidenceCut {
    /// The threshold.
    pub threshold: f64,
    /// Predictions with at least this confidence.
    pub kept: usize,
    /// Fraction of them that are right.
    pub accuracy: f64,
    /// Kept predictions that take a position (not a [`NO_POSITION`] label).
    pub positions: usize,
    /// Fraction of those that are right (0 when there are none).
    pub position_precision: f64,
}

/// The thresholds of [`Evaluation::by_confidence`].
pub const CONFIDENCE_CUTS: [f64; 7] = [0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/// Whether a label takes a position (favor, against, `Argument_for`, ...):
/// it is not one of [`NO_POSITION`], compared in lowercase without `_`,
/// `-` and spaces (`NoArgument`, `no_stance`).
fn takes_position(label: &str) -> bool {
    let key: String = label
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    !NO_POSITION.contains(&key.as_str())
}

/// Accuracy and position precision of the predictions kept at each of
/// [`CONFIDENCE_CUTS`].
pub fn by_confidence(predicted: &[(&str, f64)], gold: &[String]) -> Vec<ConfidenceCut> {
    CONFIDENCE_CUTS
        .iter()
        .map(|&threshold| {
            let (mut kept, mut right, mut pos, mut pos_right) = (0, 0, 0, 0);
            for (&(p, c), g) in predicted.iter().zip(gold) {
                if c < threshold {
                    continue;
                }
                kept += 1;
                let ok = p == g;
                right += usize::from(ok);
                if takes_position(p) {
                    pos += 1;
                    pos_right += usize::from(ok);
                }
            }
            let frac = |a: usize, b: usize| {
                if b == 0 {
                    0.0
                } else {
                    six(a as f64 / b as f64)
                }
            };
            ConfidenceCut {
                threshold,
                kept,
                accuracy: frac(right, kept),
                positions: pos,
                position_precision: frac(pos_right, pos),
            }
        })
        .collect()
}

/// Labels that take no position, left out of F_avg (compared in lowercase,
/// without `_`, `-` and spaces): the no-position labels of common stance
/// sets (SemEval `NONE`, Emergent `observing`, FNC-1 `discuss` and
/// `unrelated`, UKP `NoArgument`, RumourEval `comment`).
pub const NO_POSITION: [&str; 11] = [
    "none",
    "neutral",
    "observing",
    "discuss",
    "unrelated",
    "other",
    "noargument",
    "nostance",
    "neither",
    "comment",
    UNCERTAIN,
];

/// Reliability of the confidences: ten equal-width bins over 0..1.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Calibration {
    /// Expected calibration error: the row-weighted mean of
    /// |accuracy - mean confidence| over the bins.
    pub ece: f64,
    /// The non-empty bins, lowest first.
    pub bins: Vec<ReliabilityBin>,
}

/// One bin of the reliability table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReliabilityBin {
    /// Lower edge of the confidence range (inclusive).
    pub lo: f64,
    /// Upper edge (exclusive, 1.0 inclusive for the last bin).
    pub hi: f64,
    /// Predictions in the bin.
    pub count: usize,
    /// Mean confidence of those predictions.
    pub confidence: f64,
    /// Fraction of them that are right.
    pub accuracy: f64,
}

/// Rounds to six decimals, as the other scores.
fn six(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The reliability table and expected calibration error of predictions with
/// their confidences and whether each is right.
pub fn calibration(confidence: &[f64], correct: &[bool]) -> Calibration {
    const BINS: usize = 10;
    let mut sum = [(0usize, 0.0f64, 0usize); BINS];
    for (&c, &ok) in confidence.iter().zip(correct) {
        let b = ((c * BINS as f64) as usize).min(BINS - 1);
        sum[b].0 += 1;
        sum[b].1 += c;
        sum[b].2 += usize::from(ok);
    }
    let n = confidence.len().max(1) as f64;
    let mut ece = 0.0;
    let mut bins = Vec::new();
    for (b, &(count, conf, right)) in sum.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let (conf, acc) = (conf / count as f64, right as f64 / count as f64);
        ece += count as f64 / n * (acc - conf).abs();
        bins.push(ReliabilityBin {
            lo: b as f64 / BINS as f64,
            hi: (b + 1) as f64 / BINS as f64,
            count,
            confidence: six(conf),
            accuracy: six(acc),
        });
    }
    Calibration {
        ece: six(ece),
        bins,
    }
}

/// Scores predictions overall and per target (`targets[i]` of row `i`).
pub fn score_by_target(
    gold: &[String],
    predicted: &[String],
    targets: &[Option<&str>],
) -> Result<Evaluation> {
    let mut ev = score(gold, predicted)?;
    let mut rows: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, t) in targets.iter().enumerate() {
        if let Some(t) = t {
            rows.entry(t).or_default().push(i);
        }
    }
    for (t, rows) in rows {
        let g: Vec<String> = rows.iter().map(|&i| gold[i].clone()).collect();
        let p: Vec<String> = rows.iter().map(|&i| predicted[i].clone()).collect();
        ev.per_target.insert(t.to_string(), score(&g, &p)?);
    }
    Ok(ev)
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
    let positions: Vec<f64> = per_class
        .iter()
        .filter(|(l, s)| s.support > 0 && takes_position(l))
        .map(|(_, s)| s.f1)
        .collect();
    let f_avg = positions.iter().sum::<f64>() / positions.len().max(1) as f64;
    Ok(Evaluation {
        accuracy,
        macro_f1: six(macro_f1),
        per_class,
        confusion,
        f_avg: six(f_avg),
        per_target: BTreeMap::new(),
        calibration: None,
        calibration_before: None,
        by_confidence: Vec::new(),
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
        .iter()
        .map(|p| p.kept_label(min_confidence).to_string())
        .collect()
}

/// Predicts every example and scores the result, with the calibration of the
/// confidences (before and after the model's temperatures, when it has them)
/// and what each confidence threshold keeps.
pub fn evaluate(
    model: &StanceModel,
    examples: &[Example],
    min_confidence: Option<f64>,
) -> Result<Evaluation> {
    evaluate_predictions(model, examples, min_confidence).map(|(ev, _)| ev)
}

/// [`evaluate`], also returning the predictions it scored, one per example.
pub fn evaluate_predictions(
    model: &StanceModel,
    examples: &[Example],
    min_confidence: Option<f64>,
) -> Result<(Evaluation, Vec<Prediction>)> {
    let predictions = predict_examples(model, examples);
    let raw = model
        .calibration()
        .map(|_| predict_examples(&model.uncalibrated(), examples));
    let ev = score_predictions(examples, &predictions, raw.as_deref(), min_confidence)?;
    Ok((ev, predictions))
}

/// Scores predictions of `examples` (see [`evaluate`]); `raw` are the same
/// predictions without calibration, if the model was calibrated.
pub fn score_predictions(
    examples: &[Example],
    predictions: &[Prediction],
    raw: Option<&[Prediction]>,
    min_confidence: Option<f64>,
) -> Result<Evaluation> {
    let gold: Vec<String> = examples.iter().map(|e| e.label.clone()).collect();
    let reliability = |p: &[Prediction]| {
        let confidence: Vec<f64> = p.iter().map(|p| p.confidence).collect();
        let correct: Vec<bool> = p.iter().zip(&gold).map(|(p, g)| p.label == *g).collect();
        calibration(&confidence, &correct)
    };
    let pred: Vec<String> = predictions
        .iter()
        .map(|p| p.kept_label(min_confidence).to_string())
        .collect();
    let targets: Vec<Option<&str>> = examples.iter().map(|e| e.target.as_deref()).collect();
    let mut ev = score_by_target(&gold, &pred, &targets)?;
    ev.calibration = Some(reliability(predictions));
    ev.calibration_before = raw.map(reliability);
    let kept: Vec<(&str, f64)> = predictions
        .iter()
        .map(|p| (p.label.as_str(), p.confidence))
        .collect();
    ev.by_confidence = by_confidence(&kept, &gold);
    Ok(ev)
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
    fn a_prediction_below_min_confidence_is_kept_as_uncertain() {
        let p = Prediction {
            label: "favor".into(),
            confidence: 0.55,
            evidence: Vec::new(),
        };
        assert_eq!(p.kept_label(None), "favor");
        assert_eq!(p.kept_label(Some(0.5)), "favor");
        assert_eq!(p.kept_label(Some(0.55)), "favor");
        assert_eq!(p.kept_label(Some(0.6)), UNCERTAIN);
    }

    #[test]
    fn no_position_labels_of_other_stance_sets_are_left_out_of_f_avg() {
        for l in [
            "NONE",
            "NoArgument",
            "no_argument",
            "No stance",
            "comment",
            "Neutral",
        ] {
            assert!(!takes_position(l), "{l}");
        }
        for l in [
            "FAVOR",
            "Argument_for",
            "Argument_against",
            "pro",
            "CON",
            "query",
        ] {
            assert!(takes_position(l), "{l}");
        }
        // UKP-style labels: F_avg averages the two argument labels only.
        let gold = s(&[
            "Argument_for",
            "Argument_against",
            "NoArgument",
            "NoArgument",
        ]);
        let pred = s(&[
            "Argument_for",
            "NoArgument",
            "NoArgument",
            "Argument_against",
        ]);
        let ev = score_by_target(&gold, &pred, &[None; 4]).unwrap();
        let (f, a) = (
            ev.per_class["Argument_for"].f1,
            ev.per_class["Argument_against"].f1,
        );
        assert_eq!(ev.f_avg, six((f + a) / 2.0));
        assert_eq!(ev.f_avg, 0.5);
    }

    #[test]
    fn f_avg_per_target_and_calibration() {
        let gold = s(&["favor", "against", "none", "favor", "against", "none"]);
        let pred = s(&["favor", "none", "none", "against", "against", "none"]);
        let t = [
            Some("a"),
            Some("a"),
            Some("a"),
            Some("b"),
            Some("b"),
            Some("b"),
        ];
        let ev = score_by_target(&gold, &pred, &t).unwrap();
        let fa = ev.per_class["favor"].f1;
        let ag = ev.per_class["against"].f1;
        assert_eq!(ev.f_avg, six((fa + ag) / 2.0));
        assert_eq!(ev.per_target.len(), 2);
        assert_eq!(ev.per_target["a"].accuracy, 0.666667);
        assert_eq!(ev.per_target["b"].confusion["favor"]["against"], 1);
        assert!(ev.per_target["a"].per_target.is_empty());

        let c = calibration(&[0.95, 0.95, 0.55, 0.55], &[true, false, true, true]);
        assert_eq!(c.bins.len(), 2);
        assert_eq!((c.bins[0].count, c.bins[0].accuracy), (2, 1.0));
        assert_eq!((c.bins[1].count, c.bins[1].accuracy), (2, 0.5));
        assert_eq!(c.ece, six(0.5 * 0.45 + 0.5 * 0.45));
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

#[cfg(test)]
mod calibration_tests {
    use super::*;
    use crate::test_data::noisy_examples;
    use crate::{train, TrainConfig};

    fn held_out() -> (StanceModel, Vec<Example>) {
        let model = train(&noisy_examples(600, 1), &TrainConfig::default()).unwrap();
        (model, noisy_examples(400, 2))
    }

    #[test]
    fn min_confidence_cuts_errors_first() {
        let (model, test) = held_out();
        let ev = evaluate(&model, &test, None).unwrap();
        let cuts = &ev.by_confidence;
        assert_eq!(cuts.len(), CONFIDENCE_CUTS.len());
        assert_eq!(cuts[0].kept, test.len());
        // Keeping fewer predictions keeps the right ones: the precision of
        // the favor/against calls rises with the threshold while enough
        // remain to measure it.
        let measured: Vec<&ConfidenceCut> = cuts.iter().filter(|c| c.positions >= 30).collect();
        assert!(measured.len() >= 4, "{cuts:?}");
        for w in measured.windows(2) {
            assert!(w[1].kept <= w[0].kept);
            assert!(
                w[1].position_precision >= w[0].position_precision,
                "{cuts:?}"
            );
        }
        let last = measured.last().unwrap();
        assert!(
            last.position_precision > cuts[0].position_precision + 0.05,
            "{cuts:?}"
        );
        // The same through `--min-confidence`: what falls below becomes
        // `uncertain`, and the precision of what is left is the cut's.
        let at = measured[2];
        let cut = evaluate(&model, &test, Some(at.threshold)).unwrap();
        let kept: usize = ["favor", "against"]
            .iter()
            .map(|l| cut.confusion.values().map(|row| row[*l]).sum::<usize>())
            .sum();
        let right = cut.confusion["favor"]["favor"] + cut.confusion["against"]["against"];
        assert_eq!(kept, at.positions);
        assert_eq!(six(right as f64 / kept as f64), at.position_precision);
    }

    #[test]
    fn calibration_lowers_the_calibration_error_on_held_out_rows() {
        // A weak penalty makes the raw probabilities overconfident.
        let model = train(&noisy_examples(600, 1), &TrainConfig::default().alpha(0.05)).unwrap();
        let test = noisy_examples(400, 2);
        assert!(model.calibration().unwrap().joint > 1.0);
        assert!(model.calibration().is_some());
        let ev = evaluate(&model, &test, None).unwrap();
        let (after, before) = (
            ev.calibration.as_ref().unwrap(),
            ev.calibration_before.as_ref().unwrap(),
        );
        assert!(after.ece < before.ece, "{} vs {}", after.ece, before.ece);
        // Labels are the same with and without calibration.
        let raw = evaluate(&model.uncalibrated(), &test, None).unwrap();
        assert_eq!(raw.confusion, ev.confusion);
        assert!(raw.calibration_before.is_none());
    }
}
