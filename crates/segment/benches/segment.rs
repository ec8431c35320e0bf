//! Throughput of the segmenter over the GUM news texts (one core).
//!
//! Reads `../shared/data/sbd/gum_news.jsonl` relative to the repository root
//! (or the file named by `STANDPOINT_SBD_BENCH`) at bench time; without it the
//! bench prints a message and measures nothing.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use standpoint_segment::Segmenter;

fn corpus_path() -> PathBuf {
    match std::env::var_os("STANDPOINT_SBD_BENCH") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/sbd/gum_news.jsonl"),
    }
}

fn load_texts() -> Result<Vec<String>, String> {
    let path = corpus_path();
    let data = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut texts = Vec::new();
    for (n, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        match v.get("text").and_then(|t| t.as_str()) {
            Some(t) => texts.push(t.to_string()),
            None => return Err(format!("{}:{}: no \"text\"", path.display(), n + 1)),
        }
    }
    Ok(texts)
}

fn bench_gum_news(c: &mut Criterion) {
    let texts = match load_texts() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("segment bench skipped: cannot read the GUM news texts ({e})");
            return;
        }
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let seg = Segmenter::new();
    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("gum_news", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                out.clear();
                seg.segment_into(std::hint::black_box(t), &mut out);
                n += out.len();
            }
            n
        })
    });
    group.bench_function("gum_news_alloc", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| seg.segment(std::hint::black_box(t)).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_gum_news);
criterion_main!(benches);
