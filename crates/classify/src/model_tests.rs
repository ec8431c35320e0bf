//! Tests of the fitted model: training, the file format, prediction and
//! evidence (a module of its own, so that `model` does not import `train`).

use crate::evidence::EVIDENCE_FEATURES;
use crate::model::StanceModel;
use crate::test_data::examples;
use crate::train::train;
use crate::{predict_examples, Example, Prediction, TrainConfig};
use standpoint_features::Scratch;

/// One prediction through linfa's `Predict`.
pub(crate) fn predict_one(m: &StanceModel, text: &str, target: Option<&str>) -> Prediction {
    let e = Example {
        text: text.to_string(),
        target: target.map(str::to_string),
        label: String::new(),
    };
    predict_examples(m, [&e]).remove(0)
}

/// The full row of `text` toward `target`, sorted by column.
fn row_of(m: &StanceModel, text: &str, target: Option<&str>) -> Vec<(u32, f64)> {
    let v = m.vectorizer();
    let mut s = Scratch::new();
    v.prepare_into(&mut s, text);
    let mut row = v.row_into(&mut s, target).to_vec();
    row.sort_by_key(|p| p.0);
    row
}

fn config() -> TrainConfig {
    TrainConfig::default().per_target_min_rows(15)
}

fn model() -> StanceModel {
    train(&examples(), &config()).unwrap()
}

#[test]
fn json_round_trip_is_exact() {
    let m = model();
    let json = m.to_json();
    let back = StanceModel::from_json(&json).unwrap();
    assert_eq!(back.to_json(), json);
    assert_eq!(back.content_hash(), m.content_hash());
    let ex = examples();
    assert_eq!(predict_examples(&back, &ex), predict_examples(&m, &ex));
    assert!(json.starts_with(r#"{"type":"standpoint-stance-model","version":4,"#));
    assert!(json.contains(r#""calibration":{"method":"temperature","folds":3,"#));
    assert_eq!(m.id(), "standpoint-stance-v4");
}

/// A version 3 file: the same model without calibration, as older builds
/// wrote it.
fn version_3(json: &str) -> String {
    let at = json.find(r#","calibration":"#).unwrap();
    format!("{}}}", &json[..at])
        .replacen(r#""version":4"#, r#""version":3"#, 1)
        .replacen(r#","calibration_folds":3"#, "", 1)
}

#[test]
fn version_3_files_are_read_as_uncalibrated_models() {
    let m = model();
    let v3 = version_3(&m.to_json());
    let old = StanceModel::from_json(&v3).unwrap();
    assert!(old.calibration().is_none());
    assert_eq!(old.training().config.calibration_folds(), 0);
    // Written back exactly as it was read, under the same name.
    assert_eq!(old.to_json(), v3);
    assert_eq!(old.id(), "standpoint-stance-v3");
    let ex = examples();
    assert_eq!(
        predict_examples(&old, &ex),
        predict_examples(&m.uncalibrated(), &ex)
    );
    // A version 3 file cannot carry temperatures.
    let bad = m.to_json().replacen(r#""version":4"#, r#""version":3"#, 1);
    assert!(StanceModel::from_json(&bad).is_err());
}

#[test]
fn temperatures_change_confidence_but_never_the_label() {
    let m = model();
    let cal = m.calibration().unwrap();
    assert_eq!((cal.folds, cal.rows), (3, examples().len()));
    assert_eq!(
        cal.per_target.keys().collect::<Vec<_>>(),
        ["negotiations", "sanctions"]
    );
    let raw = m.uncalibrated();
    let texts = [
        ("Talks should resume at once", Some("negotiations")),
        ("We oppose new sanctions", Some("sanctions")),
        ("The weather was mild", None),
    ];
    let mut changed = 0;
    for (text, target) in texts {
        let (a, b) = (
            predict_one(&m, text, target),
            predict_one(&raw, text, target),
        );
        assert_eq!((&a.label, &a.evidence), (&b.label, &b.evidence));
        let t = m.linear_for(target).temperature;
        // Above 1 the confidence moves toward uniform, below 1 away from it.
        if t > 1.0 {
            assert!(a.confidence <= b.confidence + 1e-12);
        } else if t < 1.0 {
            assert!(a.confidence >= b.confidence - 1e-12);
        }
        changed += usize::from((a.confidence - b.confidence).abs() > 1e-9);
    }
    assert!(changed > 0);
    // A temperature of 0 or below is refused.
    let json = m.to_json();
    // The last `"joint":` is the calibration's.
    let at = json.rfind(r#""joint":"#).unwrap();
    let end = at + json[at..].find([',', '}']).unwrap();
    let bad = format!("{}\"joint\":-1{}", &json[..at], &json[end..]);
    assert!(StanceModel::from_json(&bad).is_err());
}

#[test]
fn declared_terms_round_trip_and_name_the_target() {
    let terms: crate::TargetTerms = [(
        "sanctions".to_string(),
        vec!["sanctions".to_string(), "embargo".to_string()],
    )]
    .into();
    let m = crate::train_with_terms(&examples(), &terms, &config()).unwrap();
    assert_eq!(m.target_terms(), &terms);
    let back = StanceModel::from_json(&m.to_json()).unwrap();
    assert_eq!(back.target_terms(), &terms);
    assert_eq!(back.to_json(), m.to_json());
    let on = |m: &StanceModel, text: &str, t: &str| {
        row_of(m, text, Some(t))
            .iter()
            .any(|&(j, _)| m.vectorizer().feature_name(j as usize) == "target:mentioned")
    };
    assert!(on(&m, "They lifted the embargo", "sanctions"));
    assert!(!on(&m, "A sanctioned rally went ahead", "sanctions"));
    // Without terms the stem of the name matches the other sense.
    assert!(on(&model(), "A sanctioned rally went ahead", "sanctions"));
    // An unseen target declared at labeling time.
    let mut m = m;
    assert!(!on(&m, "Lawmakers debated the minimum wage", "labour pay"));
    m.declare_target("labour pay", &["minimum wage".to_string()]);
    assert!(m.targets().contains(&"labour pay".to_string()));
    assert!(on(&m, "Lawmakers debated the minimum wage", "labour pay"));
    let p = predict_one(
        &m,
        "We support raising the minimum wage",
        Some("labour pay"),
    );
    assert!(m.labels().contains(&p.label));
}

#[test]
fn training_is_deterministic() {
    assert_eq!(model().to_json(), model().to_json());
}

#[test]
fn learns_the_training_set_and_picks_models_per_target() {
    let m = model();
    assert_eq!(m.targets(), ["negotiations", "sanctions"]);
    assert_eq!(m.labels(), ["against", "favor", "none"]);
    assert_eq!(
        m.per_target_models().collect::<Vec<_>>(),
        ["negotiations", "sanctions"]
    );
    let ex = examples();
    let correct = ex
        .iter()
        .zip(predict_examples(&m, &ex))
        .filter(|(e, p)| p.label == e.label)
        .count();
    assert!(correct >= ex.len() - 2, "{correct} of {}", ex.len());
    // Without per-target models everything goes through the joint model.
    let joint_only = train(&ex, &config().per_target_min_rows(1000)).unwrap();
    assert_eq!(joint_only.per_target_models().count(), 0);
}

#[test]
fn joint_share_blends_per_target_weights() {
    let text = "The minister rejected new sanctions today";
    let with = |share: f64| train(&examples(), &config().joint_share(share)).unwrap();
    // share 1: the per-target model is the joint one.
    let all_joint = with(1.0);
    let row = row_of(&all_joint, text, Some("sanctions"));
    let a = all_joint
        .linear_for(Some("sanctions"))
        .scores(&all_joint.proj, &row);
    let b = all_joint.linear_for(None).scores(&all_joint.proj, &row);
    for (x, y) in a.iter().zip(&b) {
        assert!((x - y).abs() < 1e-5, "{a:?} {b:?}");
    }
    // In between: the scores are the mean of the two models' scores.
    let (own, half) = (with(0.0), with(0.5));
    let lin = |m: &StanceModel| m.linear_for(Some("sanctions")).intercept.clone();
    let joint = own.linear_for(None).intercept.clone();
    for ((o, j), h) in lin(&own).iter().zip(&joint).zip(lin(&half)) {
        let mean = (f64::from(*o) + f64::from(*j)) / 2.0;
        assert!((f64::from(h) - mean).abs() < 1e-6);
    }
    assert!(train(&examples(), &config().joint_share(1.5)).is_err());
}

#[test]
fn unseen_targets_use_the_joint_model() {
    let m = model();
    let text = "We support talks with the regime";
    let joint = m.linear_for(None);
    assert!(std::ptr::eq(m.linear_for(Some("tariffs")), joint));
    assert!(!std::ptr::eq(m.linear_for(Some("negotiations")), joint));
    let p = predict_one(&m, text, Some("tariffs"));
    assert!(m.labels().contains(&p.label));
    assert!(p.confidence > 1.0 / 3.0 && p.confidence <= 1.0);
}

#[test]
fn evidence_is_the_top_three_contributions() {
    let m = model();
    let (text, target) = (
        "The minister rejected new sanctions today",
        Some("sanctions"),
    );
    let p = predict_one(&m, text, target);
    assert_eq!(p.label, "against");
    assert!(!p.evidence.is_empty() && p.evidence.len() <= EVIDENCE_FEATURES);
    // Recompute every contribution by hand.
    let lin = m.linear_for(target);
    let c = lin.data.labels.iter().position(|l| *l == p.label).unwrap();
    let row = row_of(&m, text, target);
    let mut all: Vec<(String, f64)> = row
        .iter()
        .map(|&(j, v)| {
            (
                m.vectorizer().feature_name(j as usize).to_string(),
                v * lin.weight(&m.proj, j, c),
            )
        })
        .filter(|(_, w)| *w > 0.0)
        .collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.truncate(EVIDENCE_FEATURES);
    assert_eq!(p.evidence, all);
    assert!(p.evidence.windows(2).all(|w| w[0].1 >= w[1].1));
    // Probabilities and confidence agree.
    let mut probs = lin.scores(&m.proj, &row);
    lin.softmax(&mut probs);
    let best = probs.iter().copied().fold(0.0, f64::max);
    assert!((p.confidence - best).abs() < 1e-12);
}

#[test]
fn top_features_are_sorted_per_model_and_label() {
    let m = model();
    let top = m.top_features(4);
    // 2 per-target models and the joint one, 3 labels each, 4 features each.
    assert_eq!(top.len(), 3 * 3 * 4);
    for group in top.chunks(4) {
        assert!(group
            .iter()
            .all(|r| r.label == group[0].label && r.target == group[0].target));
        assert_eq!(
            group.iter().map(|r| r.rank).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert!(group.windows(2).all(|w| w[0].weight >= w[1].weight));
        assert!(group.iter().all(|r| r.weight > 0.0));
    }
    assert_eq!(top[0].target.as_deref(), Some("negotiations"));
    assert_eq!(top.last().unwrap().target, None);
}

#[test]
fn other_versions_and_broken_files_are_refused() {
    let json = model().to_json();
    let err = |s: &str| StanceModel::from_json(s).unwrap_err().to_string();
    let v1 = json.replacen(r#""version":4"#, r#""version":1"#, 1);
    assert_eq!(
        err(&v1),
        "invalid model: format version 1, this build reads versions 3 and 4; retrain it with `standpoint train`"
    );
    let other = json.replacen("standpoint-stance-model", "something-else", 1);
    assert_eq!(
        err(&other),
        "invalid model: type `something-else` is not `standpoint-stance-model`"
    );
    for broken in [
        &json[..json.len() / 2],
        "",
        "[]",
        "{}",
        &json.replacen(
            r#""labels":["against","favor","none"]"#,
            r#""labels":["favor"]"#,
            1,
        ),
        &json.replacen(r#""intercept":["#, r#""intercept":[1,"#, 1),
        &json.replacen(r#""idf":["#, r#""idf":[1,"#, 1),
    ] {
        let e = err(broken);
        assert!(e.starts_with("invalid model: "), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn predictions_equal_the_reference_scoring_on_the_default_model() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let json = std::fs::read_to_string(root.join("crates/cli/assets/default-model.json"))
        .expect("default model");
    let m = StanceModel::from_json(&json).unwrap();
    let rows = crate::data::read_examples(&root.join("fixtures/train/stance.csv")).unwrap();
    assert!(rows.len() > 100 && m.targets().len() > 1);
    let mut targets: Vec<Option<&str>> = m.targets().iter().map(|t| Some(t.as_str())).collect();
    targets.push(None);
    let preds = {
        use linfa::traits::Predict;
        let q = crate::Queries::each_toward(rows.iter().map(|e| e.text.as_str()), &targets);
        let p: Vec<Prediction> = m.predict(&linfa::DatasetBase::new(q, ()));
        p
    };
    assert_eq!(preds.len(), rows.len() * targets.len());
    let mut with_target_ngrams = 0;
    for (e, all) in rows.iter().zip(preds.chunks(targets.len())) {
        for (p, &t) in all.iter().zip(&targets) {
            // The reference path: the same prediction up to rounding.
            let one = m.predict_reference(&e.text, t);
            assert_eq!(p.label, one.label, "{} / {t:?}", e.text);
            assert!((p.confidence - one.confidence).abs() < 1e-9);
            let names =
                |v: &[(String, f64)]| -> Vec<String> { v.iter().map(|(n, _)| n.clone()).collect() };
            assert_eq!(
                names(&p.evidence),
                names(&one.evidence),
                "{} / {t:?}",
                e.text
            );
            for ((_, a), (_, b)) in p.evidence.iter().zip(&one.evidence) {
                assert!((a - b).abs() < 1e-9);
            }
            let v = m.vectorizer();
            if row_of(&m, &e.text, t).iter().any(|&(j, _)| {
                v.feature_name(j as usize)
                    .contains(standpoint_features::TARGET_TOKEN)
            }) {
                with_target_ngrams += 1;
            }
        }
    }
    // The fixtures exercise the per-target `<T>` n-grams, not only the shared part.
    assert!(with_target_ngrams > 0);
}
