//! Choosing which candidates to label.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::terms::words;

/// One sentence that could be labelled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate<'a> {
    /// The sentence.
    pub text: &'a str,
    /// The target it would be labelled for.
    pub target: &'a str,
    /// Its article (at most [`SelectConfig::per_article`] per article at first).
    pub article: &'a str,
    /// Its speaker, or empty (empty is not capped).
    pub speaker: &'a str,
    /// How unsure the current model is, higher first; see [`margin_uncertainty`].
    pub uncertainty: f64,
}

/// How [`select`] picks.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectConfig {
    /// How many to pick.
    pub n: usize,
    /// Seed of the tie-breaking (and, with `random`, of the order).
    pub seed: u64,
    /// First cap on picks per article; doubled while too few are picked.
    pub per_article: usize,
    /// First cap on picks per speaker; doubled with `per_article`.
    pub per_speaker: usize,
    /// A candidate whose word set overlaps a picked one's this much
    /// (Jaccard) or more is a near duplicate and skipped.
    pub max_similarity: f64,
    /// Ignore uncertainty and the caps: a seeded random sample (the baseline).
    pub random: bool,
}

impl SelectConfig {
    /// Uncertainty sampling of `n`, at most 3 per article and 5 per speaker at
    /// first, near duplicates (Jaccard >= 0.8) skipped, seed 0.
    pub fn new(n: usize) -> SelectConfig {
        SelectConfig {
            n,
            seed: 0,
            per_article: 3,
            per_speaker: 5,
            max_similarity: 0.8,
            random: false,
        }
    }
}

/// `1 - (p1 - p2)` for the two highest probabilities: 1 when the model cannot
/// choose between two labels, 0 when it is sure (or knows one label only).
pub fn margin_uncertainty(probabilities: &[f64]) -> f64 {
    let (mut p1, mut p2) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &p in probabilities {
        if p > p1 {
            p2 = p1;
            p1 = p;
        } else if p > p2 {
            p2 = p;
        }
    }
    if p2.is_finite() {
        1.0 - (p1 - p2)
    } else {
        0.0
    }
}

/// The text as compared for duplicates: lowercase words joined by one space.
pub fn normalized_key(text: &str) -> String {
    words(text).collect::<Vec<_>>().join(" ")
}

fn word_set(text: &str) -> BTreeSet<u64> {
    words(text)
        .map(|w| xxh3_64_with_seed(w.as_bytes(), 0))
        .collect()
}

fn jaccard(a: &BTreeSet<u64>, b: &BTreeSet<u64>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// Picks up to `config.n` candidates and returns their indices, best first.
///
/// Candidates are taken by uncertainty (highest first; ties broken by a
/// seeded hash of the text, so the result depends only on the candidates and
/// the seed). A text (normalised, per target) is never taken twice, and a near
/// duplicate of a taken one (same target) is skipped. The per-article and per-speaker caps
/// start at the configured values and double until `n` are picked or nothing
/// is left, so the picks spread over the corpus first.
pub fn select(candidates: &[Candidate<'_>], config: &SelectConfig) -> Vec<usize> {
    let keys: Vec<String> = candidates
        .iter()
        .map(|c| format!("{}\u{1f}{}", normalized_key(c.text), c.target))
        .collect();
    let hash = |i: usize| xxh3_64_with_seed(keys[i].as_bytes(), config.seed);
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    if config.random {
        order.sort_by_key(|&i| (hash(i), i));
    } else {
        order.sort_by(|&a, &b| {
            candidates[b]
                .uncertainty
                .total_cmp(&candidates[a].uncertainty)
                .then_with(|| hash(a).cmp(&hash(b)))
                .then_with(|| a.cmp(&b))
        });
    }
    let unlimited = config.random;
    let mut picked: Vec<usize> = Vec::new();
    let mut taken_keys: HashSet<&str> = HashSet::new();
    let mut picked_words: Vec<(&str, BTreeSet<u64>)> = Vec::new();
    let mut per_article: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_speaker: BTreeMap<&str, usize> = BTreeMap::new();
    let mut done = vec![false; candidates.len()];
    let (mut cap_article, mut cap_speaker) = (config.per_article.max(1), config.per_speaker.max(1));
    while picked.len() < config.n {
        let mut capped = false;
        for &i in &order {
            if picked.len() >= config.n {
                break;
            }
            if done[i] {
                continue;
            }
            let c = &candidates[i];
            if taken_keys.contains(keys[i].as_str()) {
                done[i] = true;
                continue;
            }
            if !unlimited {
                let over_article = per_article.get(c.article).copied().unwrap_or(0) >= cap_article;
                let over_speaker = !c.speaker.is_empty()
                    && per_speaker.get(c.speaker).copied().unwrap_or(0) >= cap_speaker;
                if over_article || over_speaker {
                    capped = true;
                    continue;
                }
                let w = word_set(c.text);
                if picked_words
                    .iter()
                    .any(|(t, p)| *t == c.target && jaccard(p, &w) >= config.max_similarity)
                {
                    done[i] = true;
                    continue;
                }
                picked_words.push((c.target, w));
                *per_article.entry(c.article).or_default() += 1;
                if !c.speaker.is_empty() {
                    *per_speaker.entry(c.speaker).or_default() += 1;
                }
            }
            done[i] = true;
            taken_keys.insert(keys[i].as_str());
            picked.push(i);
        }
        if !capped {
            break;
        }
        cap_article = cap_article.saturating_mul(2);
        cap_speaker = cap_speaker.saturating_mul(2);
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand<'a>(text: &'a str, article: &'a str, speaker: &'a str, u: f64) -> Candidate<'a> {
        Candidate {
            text,
            target: "t",
            article,
            speaker,
            uncertainty: u,
        }
    }

    #[test]
    fn margin_is_one_for_a_tie_and_zero_when_sure() {
        assert_eq!(margin_uncertainty(&[0.5, 0.5, 0.0]), 1.0);
        assert!((margin_uncertainty(&[0.2, 0.7, 0.1]) - 0.5).abs() < 1e-12);
        assert_eq!(margin_uncertainty(&[1.0, 0.0]), 0.0);
        assert_eq!(margin_uncertainty(&[1.0]), 0.0);
    }

    #[test]
    fn most_uncertain_first_and_never_the_same_text_twice() {
        let cs = [
            cand("Tax it now.", "a", "", 0.2),
            cand("TAX it, now!", "b", "", 0.9),
            cand("The levy will pass easily this year.", "c", "", 0.5),
            cand("Nobody knows what comes next for the plan.", "d", "", 0.7),
        ];
        assert_eq!(select(&cs, &SelectConfig::new(10)), [1, 3, 2]);
        assert_eq!(select(&cs, &SelectConfig::new(2)), [1, 3]);
        // The same text for another target is another row.
        let mut other = cs[0];
        other.target = "u";
        let mut both = select(&[cs[0], other], &SelectConfig::new(5));
        both.sort_unstable();
        assert_eq!(both, [0, 1]);
    }

    #[test]
    fn caps_spread_picks_over_articles_and_speakers_then_relax() {
        let texts: Vec<String> = (0..8)
            .map(|i| format!("distinct sentence number {i} here {}", "x".repeat(i + 1)))
            .collect();
        let mut cs: Vec<Candidate> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| cand(t, "a", "", 1.0 - i as f64 / 100.0))
            .collect();
        cs.push(cand(
            "a quite different line from another article",
            "b",
            "",
            0.1,
        ));
        let mut cfg = SelectConfig::new(4);
        cfg.per_article = 2;
        // Article b's only, least uncertain line gets in before a's third.
        assert_eq!(select(&cs, &cfg), [0, 1, 8, 2]);
        // All nine when all are asked for: the cap relaxes.
        cfg.n = 20;
        assert_eq!(select(&cs, &cfg).len(), 9);
        // Speaker caps work across articles.
        let sp = [
            cand("one thing the minister said today", "a", "Vela", 0.9),
            cand("another point entirely different", "b", "Vela", 0.8),
            cand("a third remark on other matters", "c", "Oduya", 0.1),
        ];
        let mut cfg = SelectConfig::new(2);
        cfg.per_speaker = 1;
        assert_eq!(select(&sp, &cfg), [0, 2]);
    }

    #[test]
    fn near_duplicates_are_skipped() {
        let cs = [
            cand(
                "The minister said the tax would rise next year",
                "a",
                "",
                0.9,
            ),
            cand(
                "The minister said the tax would rise next year again",
                "b",
                "",
                0.8,
            ),
            cand("Farmers oppose it", "c", "", 0.1),
        ];
        assert_eq!(select(&cs, &SelectConfig::new(3)), [0, 2]);
    }

    #[test]
    fn deterministic_and_seeded() {
        let texts: Vec<String> = (0..50).map(|i| format!("line {i}")).collect();
        let cs: Vec<Candidate> = texts.iter().map(|t| cand(t, t, "", 0.5)).collect();
        let mut cfg = SelectConfig::new(10);
        let a = select(&cs, &cfg);
        assert_eq!(a, select(&cs, &cfg));
        cfg.seed = 7;
        let b = select(&cs, &cfg);
        assert_eq!(b.len(), 10);
        assert_ne!(a, b);
        cfg.random = true;
        let r = select(&cs, &cfg);
        assert_eq!(r, select(&cs, &cfg));
        assert_eq!(r.iter().collect::<BTreeSet<_>>().len(), 10);
    }
}
