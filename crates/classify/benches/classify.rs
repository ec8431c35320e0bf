//! Throughput of prediction (one core): label, probability and evidence of a
//! sentence toward each target of the model, as `standpoint label` asks for
//! every sentence.
//!
//! The model is trained (default settings) on the repository's
//! `fixtures/train/stance.csv` and predicts that file's sentences.
//! Throughput is in sentences, each predicted for every target through
//! linfa's `Predict` on one sentence's [`Queries`] at a time, as the `label`
//! workers run it.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use linfa::traits::Predict;
use linfa::DatasetBase;
use standpoint_classify::{read_examples, train, Prediction, Queries, TrainConfig};

fn bench_classify(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/train/stance.csv");
    let examples = match read_examples(&path) {
        Ok(e) if !e.is_empty() => e,
        Ok(_) | Err(_) => {
            eprintln!("classify bench skipped: cannot read {}", path.display());
            return;
        }
    };
    let model = match train(&examples, &TrainConfig::default()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("classify bench skipped: training failed ({e})");
            return;
        }
    };
    let targets: Vec<Option<&str>> = if model.targets().is_empty() {
        vec![None]
    } else {
        model.targets().iter().map(|t| Some(t.as_str())).collect()
    };
    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(examples.len() as u64));
    group.bench_function("labeling_path", |b| {
        b.iter(|| {
            let mut n = 0;
            for e in &examples {
                let q = Queries::each_toward([std::hint::black_box(e.text.as_str())], &targets);
                let p: Vec<Prediction> = model.predict(&DatasetBase::new(q, ()));
                n += p.iter().map(|p| p.evidence.len()).sum::<usize>();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench_classify);
criterion_main!(benches);
