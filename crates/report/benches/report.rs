//! Throughput of report rendering (one core): sentence rows, article and
//! speaker summaries to CSV bytes, as the driver's workers do per article.
//!
//! Rows are built from the repository's own `fixtures/articles` (three
//! targets per sentence, as with the default model). Throughput is in bytes
//! of CSV written.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use standpoint_report::{
    article_rows, encode_rows, speaker_rows, ArticleOutput, CsvProfile, SentenceRow,
};

const TARGETS: [&str; 3] = ["sanctions", "military_action", "negotiations"];
const LABELS: [&str; 3] = ["against", "favor", "none"];

/// Articles from `fixtures/articles`, each repeated `copies` times under a
/// new id, cut into sentences at `. ` (good enough for formatting costs).
fn outputs(copies: usize) -> Vec<ArticleOutput> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/articles");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let p = e.path();
                    let text = std::fs::read_to_string(&p).ok()?;
                    Some((p.file_name()?.to_string_lossy().into_owned(), text))
                })
                .collect()
        })
        .unwrap_or_default();
    texts.sort();
    let speakers = ["", "Nikki Haley", "", "Vassily Nebenzia", ""];
    let mut out = Vec::new();
    for copy in 0..copies {
        for (name, text) in &texts {
            let article = format!("batch{copy:03}/{name}");
            let mut rows = Vec::new();
            let mut start = 0;
            let sentences: Vec<&str> = text.split_inclusive(". ").collect();
            for (i, s) in sentences.iter().enumerate() {
                let s = s.trim();
                for (t, target) in TARGETS.iter().enumerate() {
                    rows.push(SentenceRow {
                        article: article.clone(),
                        sentence: i,
                        paragraph: i / 4,
                        start,
                        end: start + s.chars().count(),
                        speaker: speakers[i % speakers.len()].to_string(),
                        speaker_via: if i % 5 == 1 {
                            "direct".into()
                        } else {
                            String::new()
                        },
                        speaker_kind: if i % 5 == 1 {
                            "person".into()
                        } else {
                            String::new()
                        },
                        in_quote: ["none", "full", "partial"][i % 3].into(),
                        target: target.to_string(),
                        label: LABELS[(i + t) % 3].into(),
                        confidence: 0.35 + ((i * 7 + t) % 60) as f64 / 100.0,
                        evidence: "call for(+1.20); sanctions(+0.84)".into(),
                        text: s.to_string(),
                    });
                }
                start += s.chars().count() + 1;
            }
            out.push(ArticleOutput {
                article,
                title: text.lines().next().unwrap_or("").to_string(),
                encoding: "UTF-8".into(),
                sentence_count: sentences.len(),
                rows,
            });
        }
    }
    out
}

/// Renders every article's three tables, as a worker does.
fn render(outs: &[ArticleOutput], profile: CsvProfile, labels: &[String]) -> usize {
    let mut bytes = 0;
    for out in outs {
        let mut s = Vec::new();
        encode_rows(&out.rows, profile, &mut s);
        encode_rows(&article_rows(out, labels), profile, &mut s);
        encode_rows(&speaker_rows(out), profile, &mut s);
        bytes += s.len();
    }
    bytes
}

fn bench_report(c: &mut Criterion) {
    let outs = outputs(20);
    if outs.is_empty() {
        eprintln!("report bench skipped: no fixtures/articles");
        return;
    }
    let labels: Vec<String> = LABELS.iter().map(|s| s.to_string()).collect();
    let mut group = c.benchmark_group("report");
    for (name, profile) in [("excel", CsvProfile::Excel), ("plain", CsvProfile::Plain)] {
        let bytes = render(&outs, profile, &labels);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| render(std::hint::black_box(&outs), profile, &labels))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
