//! Choosing which candidates to label.
//!
//! The strategy is the hybrid that active-learning studies find robust for
//! small batches: rank by uncertainty weighted by representativeness
//! ("information density", Settles & Craven 2008) so that outliers the model
//! cannot learn from wait, spread over articles and speakers with near
//! duplicates skipped, and draw a share of each batch at random
//! (epsilon-greedy exploration), which keeps the model from chasing its own
//! blind spots. Taking the batch round-robin over the classes the model
//! predicts (so that a rare class is not starved) is an option.

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
    /// Its article (at most [`SelectConfig::per_article`] per article at
    /// first), or empty (empty is not capped).
    pub article: &'a str,
    /// Its speaker, or empty (empty is not capped).
    pub speaker: &'a str,
    /// How unsure the current model is, higher first; see [`margin_uncertainty`].
    pub uncertainty: f64,
    /// The label the current model predicts, or empty (see [`top_label`]);
    /// with [`SelectConfig::balance`] the picks alternate between these.
    pub predicted: &'a str,
}

/// How [`select`] picks.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectConfig {
    /// How many to pick.
    pub n: usize,
    /// Seed of the tie-breaking (and of the random picks).
    pub seed: u64,
    /// First cap on picks per article; doubled while too few are picked.
    pub per_article: usize,
    /// First cap on picks per speaker; doubled with `per_article`.
    pub per_speaker: usize,
    /// A candidate whose word set overlaps a picked one's this much
    /// (Jaccard) or more is a near duplicate and skipped.
    pub max_similarity: f64,
    /// Exponent of the representativeness weight: candidates are ranked by
    /// `uncertainty * density^density_weight`, where density is the mean
    /// cosine similarity (TF-IDF over words) to all candidates. 0 ranks by
    /// uncertainty alone.
    pub density_weight: f64,
    /// Take the picks round-robin over the predicted labels
    /// ([`Candidate::predicted`]), the label with the fewest candidates first.
    /// Off by default: on the Emergent and IBM learning curves it gained
    /// nothing over density-weighted uncertainty, which already follows the
    /// pool's mix.
    pub balance: bool,
    /// Share of the picks (0 to 1) drawn at random instead (still spread and
    /// never duplicated).
    pub explore: f64,
    /// Ignore uncertainty and the caps: a seeded random sample (the baseline).
    pub random: bool,
}

impl SelectConfig {
    /// Uncertainty sampling of `n` weighted by density squared, a fifth of
    /// the picks at random; at most 3 per article and 5 per speaker at first, near
    /// duplicates (Jaccard >= 0.8) skipped, seed 0.
    pub fn new(n: usize) -> SelectConfig {
        SelectConfig {
            n,
            seed: 0,
            per_article: 3,
            per_speaker: 5,
            max_similarity: 0.8,
            density_weight: 2.0,
            balance: false,
            explore: 0.2,
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

/// The most probable label (the first of equals), or empty for none.
pub fn top_label<'a>(probabilities: &[(&'a str, f64)]) -> &'a str {
    let mut best: Option<(&str, f64)> = None;
    for &(label, p) in probabilities {
        match best {
            Some((_, q)) if p <= q => {}
            _ => best = Some((label, p)),
        }
    }
    best.map_or("", |(label, _)| label)
}

/// A model's label probabilities (as `StanceModel::probabilities` gives
/// them) as a candidate needs them: [`margin_uncertainty`] and [`top_label`].
pub fn uncertainty_and_label<'a>(probabilities: &[(&'a str, f64)]) -> (f64, &'a str) {
    let values: Vec<f64> = probabilities.iter().map(|&(_, p)| p).collect();
    (margin_uncertainty(&values), top_label(probabilities))
}

/// The text as compared for duplicates: lowercase words joined by one space.
pub fn normalized_key(text: &str) -> String {
    words(text).collect::<Vec<_>>().join(" ")
}

fn word_hash(w: &str) -> u64 {
    xxh3_64_with_seed(w.as_bytes(), 0)
}

fn word_set(text: &str) -> BTreeSet<u64> {
    words(text).map(|w| word_hash(&w)).collect()
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

/// Per candidate, the mean cosine similarity of its TF-IDF word vector to
/// those of all candidates (itself included), in `0..=1`: high for a sentence
/// like many others, low for an outlier. Computed exactly in linear time as
/// the dot product with the mean vector.
pub fn densities(texts: &[&str]) -> Vec<f64> {
    if texts.is_empty() {
        return Vec::new();
    }
    let sets: Vec<BTreeSet<u64>> = texts.iter().map(|t| word_set(t)).collect();
    let mut df: BTreeMap<u64, f64> = BTreeMap::new();
    for s in &sets {
        for &w in s {
            *df.entry(w).or_default() += 1.0;
        }
    }
    let n = texts.len() as f64;
    // Smoothed IDF, as scikit-learn's TfidfVectorizer: ln((1+n)/(1+df)) + 1.
    let idf = |w: &u64| ((1.0 + n) / (1.0 + df[w])).ln() + 1.0;
    let vectors: Vec<Vec<(u64, f64)>> = texts
        .iter()
        .map(|t| {
            let mut tf: BTreeMap<u64, f64> = BTreeMap::new();
            for w in words(t) {
                *tf.entry(word_hash(&w)).or_default() += 1.0;
            }
            let v: Vec<(u64, f64)> = tf.into_iter().map(|(w, c)| (w, c * idf(&w))).collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            v.into_iter()
                .map(|(w, x)| (w, if norm > 0.0 { x / norm } else { 0.0 }))
                .collect()
        })
        .collect();
    let mut mean: BTreeMap<u64, f64> = BTreeMap::new();
    for v in &vectors {
        for &(w, x) in v {
            *mean.entry(w).or_default() += x / n;
        }
    }
    vectors
        .iter()
        .map(|v| {
            v.iter()
                .map(|(w, x)| x * mean[w])
                .sum::<f64>()
                .clamp(0.0, 1.0)
        })
        .collect()
}

/// What has been picked so far, and the caps.
struct Picker<'c, 'a> {
    candidates: &'c [Candidate<'a>],
    keys: &'c [String],
    capped: bool,
    picked: Vec<usize>,
    taken_keys: HashSet<&'c str>,
    picked_words: Vec<(&'a str, BTreeSet<u64>)>,
    per_article: BTreeMap<&'a str, usize>,
    per_speaker: BTreeMap<&'a str, usize>,
    done: Vec<bool>,
    max_similarity: f64,
}

impl<'c, 'a> Picker<'c, 'a> {
    fn new(candidates: &'c [Candidate<'a>], keys: &'c [String], config: &SelectConfig) -> Self {
        Picker {
            candidates,
            keys,
            capped: !config.random,
            picked: Vec::new(),
            taken_keys: HashSet::new(),
            picked_words: Vec::new(),
            per_article: BTreeMap::new(),
            per_speaker: BTreeMap::new(),
            done: vec![false; candidates.len()],
            max_similarity: config.max_similarity,
        }
    }

    /// Takes candidates in `order` until `total` are picked; the caps start
    /// at the configured values and double while some candidate was held
    /// back by them.
    fn fill(&mut self, order: &[usize], total: usize, caps: (usize, usize)) {
        let (mut cap_article, mut cap_speaker) = (caps.0.max(1), caps.1.max(1));
        while self.picked.len() < total {
            let mut held_back = false;
            for &i in order {
                if self.picked.len() >= total {
                    break;
                }
                if self.done[i] {
                    continue;
                }
                let c = &self.candidates[i];
                if self.taken_keys.contains(self.keys[i].as_str()) {
                    self.done[i] = true;
                    continue;
                }
                if self.capped {
                    let over_article = !c.article.is_empty()
                        && self.per_article.get(c.article).copied().unwrap_or(0) >= cap_article;
                    let over_speaker = !c.speaker.is_empty()
                        && self.per_speaker.get(c.speaker).copied().unwrap_or(0) >= cap_speaker;
                    if over_article || over_speaker {
                        held_back = true;
                        continue;
                    }
                    let w = word_set(c.text);
                    if self
                        .picked_words
                        .iter()
                        .any(|(t, p)| *t == c.target && jaccard(p, &w) >= self.max_similarity)
                    {
                        self.done[i] = true;
                        continue;
                    }
                    self.picked_words.push((c.target, w));
                    if !c.article.is_empty() {
                        *self.per_article.entry(c.article).or_default() += 1;
                    }
                    if !c.speaker.is_empty() {
                        *self.per_speaker.entry(c.speaker).or_default() += 1;
                    }
                }
                self.done[i] = true;
                self.taken_keys.insert(self.keys[i].as_str());
                self.picked.push(i);
            }
            if !held_back {
                break;
            }
            cap_article = cap_article.saturating_mul(2);
            cap_speaker = cap_speaker.saturating_mul(2);
        }
    }
}

/// Interleaves the per-label queues of `order` (each in `order`'s order):
/// one of each label in turn, the label with the fewest candidates first.
fn round_robin(order: &[usize], candidates: &[Candidate<'_>]) -> Vec<usize> {
    let mut queues: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in order {
        queues.entry(candidates[i].predicted).or_default().push(i);
    }
    let mut queues: Vec<(&str, Vec<usize>)> = queues.into_iter().collect();
    queues.sort_by_key(|(label, q)| (q.len(), *label));
    let longest = queues.iter().map(|(_, q)| q.len()).max().unwrap_or(0);
    let mut out = Vec::with_capacity(order.len());
    for k in 0..longest {
        for (_, q) in &queues {
            if let Some(&i) = q.get(k) {
                out.push(i);
            }
        }
    }
    out
}

/// Picks up to `config.n` candidates and returns their indices, best first.
///
/// Candidates are ranked by uncertainty times density to the power
/// [`SelectConfig::density_weight`] (ties broken by a seeded hash of the
/// text, so the result depends only on the candidates and the seed), taken
/// round-robin over the predicted labels with [`SelectConfig::balance`], and
/// a share [`SelectConfig::explore`] of the picks is then drawn at random. A
/// text (normalised, per target) is never taken twice, and a near duplicate
/// of a taken one (same target) is skipped. The per-article and per-speaker
/// caps start at the configured values and double until `n` are picked or
/// nothing is left, so the picks spread over the corpus first.
pub fn select(candidates: &[Candidate<'_>], config: &SelectConfig) -> Vec<usize> {
    let keys: Vec<String> = candidates
        .iter()
        .map(|c| format!("{}\u{1f}{}", normalized_key(c.text), c.target))
        .collect();
    let hash = |i: usize| xxh3_64_with_seed(keys[i].as_bytes(), config.seed);
    let mut random_order: Vec<usize> = (0..candidates.len()).collect();
    random_order.sort_by_key(|&i| (hash(i), i));
    let mut picker = Picker::new(candidates, &keys, config);
    let caps = (config.per_article, config.per_speaker);
    if config.random {
        picker.fill(&random_order, config.n, caps);
        return picker.picked;
    }
    let score: Vec<f64> = if config.density_weight > 0.0 {
        let texts: Vec<&str> = candidates.iter().map(|c| c.text).collect();
        densities(&texts)
            .iter()
            .zip(candidates)
            .map(|(d, c)| c.uncertainty * d.powf(config.density_weight))
            .collect()
    } else {
        candidates.iter().map(|c| c.uncertainty).collect()
    };
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| {
        score[b]
            .total_cmp(&score[a])
            .then_with(|| hash(a).cmp(&hash(b)))
            .then_with(|| a.cmp(&b))
    });
    if config.balance {
        order = round_robin(&order, candidates);
    }
    let explore = (config.explore.clamp(0.0, 1.0) * config.n as f64).round() as usize;
    picker.fill(&order, config.n - explore.min(config.n), caps);
    picker.fill(&random_order, config.n, caps);
    picker.picked
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Uncertainty alone: no density weight, no balance, no random share.
    fn plain(n: usize) -> SelectConfig {
        SelectConfig {
            density_weight: 0.0,
            balance: false,
            explore: 0.0,
            ..SelectConfig::new(n)
        }
    }

    fn cand<'a>(text: &'a str, article: &'a str, speaker: &'a str, u: f64) -> Candidate<'a> {
        Candidate {
            text,
            target: "t",
            article,
            speaker,
            uncertainty: u,
            predicted: "",
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
        assert_eq!(select(&cs, &plain(10)), [1, 3, 2]);
        assert_eq!(select(&cs, &plain(2)), [1, 3]);
        // The same text for another target is another row.
        let mut other = cs[0];
        other.target = "u";
        let mut both = select(&[cs[0], other], &plain(5));
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
        let mut cfg = plain(4);
        cfg.per_article = 2;
        // Article b's only, least uncertain line gets in before a's third.
        assert_eq!(select(&cs, &cfg), [0, 1, 8, 2]);
        // All nine when all are asked for: the cap relaxes.
        cfg.n = 20;
        assert_eq!(select(&cs, &cfg).len(), 9);
        // Rows without an article are not capped.
        let loose: Vec<Candidate> = cs.iter().map(|c| Candidate { article: "", ..*c }).collect();
        cfg.n = 4;
        assert_eq!(select(&loose, &cfg), [0, 1, 2, 3]);
        // Speaker caps work across articles.
        let sp = [
            cand("one thing the minister said today", "a", "Vela", 0.9),
            cand("another point entirely different", "b", "Vela", 0.8),
            cand("a third remark on other matters", "c", "Oduya", 0.1),
        ];
        let mut cfg = plain(2);
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
        assert_eq!(select(&cs, &plain(3)), [0, 2]);
    }

    #[test]
    fn deterministic_and_seeded() {
        let texts: Vec<String> = (0..50).map(|i| format!("line {i}")).collect();
        let cs: Vec<Candidate> = texts.iter().map(|t| cand(t, t, "", 0.5)).collect();
        let mut cfg = plain(10);
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

    #[test]
    fn top_label_is_the_most_probable_first_of_equals() {
        assert_eq!(
            top_label(&[("favor", 0.2), ("against", 0.7), ("none", 0.1)]),
            "against"
        );
        assert_eq!(top_label(&[("favor", 0.5), ("against", 0.5)]), "favor");
        assert_eq!(top_label(&[]), "");
        let (u, label) = uncertainty_and_label(&[("favor", 0.2), ("against", 0.7), ("none", 0.1)]);
        assert!((u - 0.5).abs() < 1e-12);
        assert_eq!(label, "against");
    }

    #[test]
    fn density_is_high_for_typical_sentences_and_low_for_outliers() {
        let texts = [
            "the council will vote on the tram line",
            "the council may vote on the tram line soon",
            "a council vote on the tram line is due",
            "penguins waddle across icy beaches",
        ];
        let d = densities(&texts);
        assert_eq!(d.len(), 4);
        assert!(d.iter().all(|v| (0.0..=1.0).contains(v)), "{d:?}");
        for typical in &d[..3] {
            assert!(*typical > 2.0 * d[3], "{d:?}");
        }
        assert!(densities(&[]).is_empty());
        // A lone sentence is as typical as can be.
        assert!((densities(&["just one"])[0] - 1.0).abs() < 1e-9);
    }

    #[test]
    fn density_weight_prefers_the_typical_of_equally_uncertain() {
        let cs = [
            cand("penguins waddle across icy beaches", "a", "", 0.8),
            cand("the council will vote on the tram line", "b", "", 0.8),
            cand("the council may vote on the tram line soon", "c", "", 0.3),
            cand("a council vote on the tram line is due", "d", "", 0.3),
        ];
        let weighted = SelectConfig {
            density_weight: 1.0,
            ..plain(1)
        };
        assert_eq!(select(&cs, &weighted), [1]);
        // Uncertainty still counts: a far less uncertain typical one waits.
        let mut two = weighted.clone();
        two.n = 2;
        assert_eq!(select(&cs, &two)[0], 1);
        assert!(select(&cs, &two).contains(&0), "{:?}", select(&cs, &two));
    }

    #[test]
    fn balance_alternates_predicted_labels_minority_first() {
        let texts: Vec<String> = (0..10)
            .map(|i| format!("speech {i} about {}", "z".repeat(i + 1)))
            .collect();
        // Eight predicted favor (most uncertain), two against (least).
        let cs: Vec<Candidate> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Candidate {
                predicted: if i < 8 { "favor" } else { "against" },
                ..cand(t, t, "", 1.0 - i as f64 / 20.0)
            })
            .collect();
        let balanced = SelectConfig {
            balance: true,
            ..plain(4)
        };
        assert_eq!(select(&cs, &balanced), [8, 0, 9, 1]);
        // Without balance the rare label never gets in.
        assert_eq!(select(&cs, &plain(4)), [0, 1, 2, 3]);
        // When a label runs out, the others fill the batch.
        let mut six = balanced.clone();
        six.n = 6;
        assert_eq!(select(&cs, &six), [8, 0, 9, 1, 2, 3]);
    }

    #[test]
    fn explore_draws_a_seeded_share_at_random() {
        let texts: Vec<String> = (0..200).map(|i| format!("row {i}")).collect();
        let cs: Vec<Candidate> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| cand(t, t, "", 1.0 - i as f64 / 1000.0))
            .collect();
        let cfg = SelectConfig {
            explore: 0.3,
            ..plain(10)
        };
        let a = select(&cs, &cfg);
        assert_eq!(a.len(), 10);
        // Seven by uncertainty first, then three others.
        assert_eq!(a[..7], [0, 1, 2, 3, 4, 5, 6]);
        assert!(a[7..].iter().all(|&i| i >= 7), "{a:?}");
        assert_eq!(a, select(&cs, &cfg));
        let mut other = cfg.clone();
        other.seed = 9;
        let b = select(&cs, &other);
        assert_eq!(b[..7], a[..7]);
        assert_ne!(b[7..], a[7..]);
        // All at random still never picks a text twice.
        let mut all = cfg.clone();
        all.explore = 1.0;
        all.n = 200;
        assert_eq!(select(&cs, &all).iter().collect::<BTreeSet<_>>().len(), 200);
    }

    #[test]
    fn default_strategy_spreads_over_articles_and_is_deterministic() {
        // Twenty articles of five similar-sized lines, all equally uncertain.
        let texts: Vec<(String, String)> = (0..100)
            .map(|i| {
                (
                    format!(
                        "claim {} on topic {} said minister {}",
                        i,
                        i % 20,
                        i * 7 % 13
                    ),
                    format!("article-{}", i % 20),
                )
            })
            .collect();
        let cs: Vec<Candidate> = texts
            .iter()
            .enumerate()
            .map(|(i, (t, a))| Candidate {
                predicted: ["favor", "against", "none"][i % 3],
                ..cand(t, a, "", 0.5)
            })
            .collect();
        let cfg = SelectConfig::new(20);
        let picked = select(&cs, &cfg);
        assert_eq!(picked, select(&cs, &cfg));
        let articles: BTreeSet<&str> = picked.iter().map(|&i| cs[i].article).collect();
        // At most 3 per article at first: at least seven articles.
        assert!(articles.len() >= 7, "{articles:?}");
        let balanced = SelectConfig {
            balance: true,
            ..cfg
        };
        let picked = select(&cs, &balanced);
        let per_label = |l: &str| picked.iter().filter(|&&i| cs[i].predicted == l).count();
        for l in ["favor", "against", "none"] {
            assert!(per_label(l) >= 5, "{l}: {picked:?}");
        }
    }
}
