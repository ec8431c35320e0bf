//! Throughput of feature extraction (one core): sentence and target to a
//! sparse TF-IDF + cue vector, as labeling does for every sentence × target.
//!
//! The vectorizer is fitted on, and applied to, the sentences of the
//! repository's `fixtures/train/stance.csv`. Throughput is in bytes of
//! sentence text per transform.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use standpoint_features::{FeatureConfig, Scratch, Vectorizer};

fn sentences() -> Result<Vec<(String, String)>, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/train/stance.csv");
    let mut rdr = csv::Reader::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let (Some(text), Some(target)) = (col("text"), col("target")) else {
        return Err(format!("{}: no text/target columns", path.display()));
    };
    rdr.records()
        .map(|r| {
            let r = r.map_err(|e| e.to_string())?;
            Ok((r[text].to_string(), r[target].to_string()))
        })
        .collect()
}

fn bench_features(c: &mut Criterion) {
    let rows = match sentences() {
        Ok(rows) if !rows.is_empty() => rows,
        Ok(_) | Err(_) => {
            eprintln!("features bench skipped: cannot read fixtures/train/stance.csv");
            return;
        }
    };
    let texts: Vec<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
    let vectorizer = match Vectorizer::fit(&texts, &FeatureConfig::default()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("features bench skipped: fit failed ({e})");
            return;
        }
    };
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut group = c.benchmark_group("features");
    group.throughput(Throughput::Bytes(bytes as u64));
    // The labeling path: one reused scratch, the target-independent part once.
    let mut scratch = Scratch::new();
    group.bench_function("prepare_and_rows", |b| {
        b.iter(|| {
            let mut n = 0;
            for (t, target) in &rows {
                vectorizer.prepare_into(&mut scratch, std::hint::black_box(t));
                n += vectorizer.row_into(&mut scratch, Some(target)).len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench_features);
criterion_main!(benches);
