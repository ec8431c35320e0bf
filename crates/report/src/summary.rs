//! Per-article aggregations for `articles.csv` and `speakers.csv`.

use std::collections::BTreeMap;

use crate::{ArticleOutput, ArticleRow, SpeakerRow};

/// One row per target × label in `labels` (all labels, zero counts included),
/// targets in first-seen order.
pub fn article_rows(out: &ArticleOutput, labels: &[String]) -> Vec<ArticleRow> {
    let mut targets: Vec<&str> = Vec::new();
    let mut stats: BTreeMap<(&str, &str), (usize, f64)> = BTreeMap::new();
    for r in &out.rows {
        if !targets.contains(&r.target.as_str()) {
            targets.push(&r.target);
        }
        let e = stats
            .entry((r.target.as_str(), r.label.as_str()))
            .or_insert((0, 0.0));
        e.0 += 1;
        e.1 += r.confidence;
    }
    let mut rows = Vec::new();
    for t in targets {
        let mut names: Vec<&str> = labels.iter().map(String::as_str).collect();
        for (tt, l) in stats.keys() {
            if *tt == t && !names.contains(l) {
                names.push(l);
            }
        }
        for l in names {
            let (n, sum) = stats.get(&(t, l)).copied().unwrap_or((0, 0.0));
            rows.push(ArticleRow {
                article: out.article.clone(),
                title: out.title.clone(),
                encoding: out.encoding.clone(),
                target: t.to_string(),
                label: l.to_string(),
                sentences: n,
                share: if out.sentence_count == 0 {
                    0.0
                } else {
                    n as f64 / out.sentence_count as f64
                },
                mean_confidence: if n == 0 { 0.0 } else { sum / n as f64 },
            });
        }
    }
    rows
}

/// One row per speaker × target × label that occurs, sorted by speaker, then
/// target order, then label. A speaker's kind is the one of its first
/// sentence.
pub fn speaker_rows(out: &ArticleOutput) -> Vec<SpeakerRow> {
    let mut counts: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, &str> = BTreeMap::new();
    for r in out.rows.iter().filter(|r| !r.speaker.is_empty()) {
        kinds.entry(&r.speaker).or_insert(&r.speaker_kind);
        *counts
            .entry((r.speaker.as_str(), r.target.as_str(), r.label.as_str()))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((s, t, l), n)| SpeakerRow {
            article: out.article.clone(),
            speaker: s.to_string(),
            speaker_kind: kinds.get(s).copied().unwrap_or("").to_string(),
            target: t.to_string(),
            label: l.to_string(),
            sentences: n,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SentenceRow;

    fn row(s: usize, speaker: &str, target: &str, label: &str, c: f64) -> SentenceRow {
        SentenceRow {
            article: "a".into(),
            sentence: s,
            speaker: speaker.into(),
            target: target.into(),
            label: label.into(),
            confidence: c,
            ..Default::default()
        }
    }

    #[test]
    fn shares_and_means_per_target() {
        let out = ArticleOutput {
            article: "a".into(),
            sentence_count: 2,
            rows: vec![
                row(0, "Haley", "sanctions", "favor", 0.8),
                row(0, "Haley", "talks", "none", 0.6),
                row(1, "", "sanctions", "favor", 0.6),
                row(1, "", "talks", "against", 0.9),
            ],
            ..Default::default()
        };
        let labels = vec!["against".to_string(), "favor".into(), "none".into()];
        let rows = article_rows(&out, &labels);
        assert_eq!(rows.len(), 6);
        let fav = rows
            .iter()
            .find(|r| r.target == "sanctions" && r.label == "favor")
            .unwrap();
        assert_eq!(fav.sentences, 2);
        assert!((fav.share - 1.0).abs() < 1e-12);
        assert!((fav.mean_confidence - 0.7).abs() < 1e-12);
        let zero = rows
            .iter()
            .find(|r| r.target == "sanctions" && r.label == "none")
            .unwrap();
        assert_eq!((zero.sentences, zero.mean_confidence), (0, 0.0));

        let sp = speaker_rows(&out);
        assert_eq!(sp.len(), 2);
        assert_eq!(
            (
                sp[0].speaker.as_str(),
                sp[0].target.as_str(),
                sp[0].sentences
            ),
            ("Haley", "sanctions", 1)
        );
    }
}
