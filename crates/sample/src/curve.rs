//! The labelling loop, simulated: gold labels play the annotator.

use std::fmt::Write as _;

use standpoint_classify::{evaluate, train, Example, StanceModel, TrainConfig};

use crate::select::{select, uncertainty_and_label, Candidate, SelectConfig};
use crate::{Result, SampleError};

/// Settings of [`learning_curve`].
#[derive(Debug, Clone, PartialEq)]
pub struct CurveConfig {
    /// Rows labelled per round (the first round is random for both).
    pub batch: usize,
    /// Rounds, at most (fewer if the pool runs out).
    pub rounds: usize,
    /// One run of each strategy per seed; the curves are their means.
    pub seeds: Vec<u64>,
    /// How each round's model is trained.
    pub train: TrainConfig,
    /// How the active strategy picks (its `n` and `seed` are set per round).
    /// A labelled CSV has no article column, so each row's target stands in
    /// for its article, and the per-article cap spreads the picks over the
    /// targets.
    pub select: SelectConfig,
}

impl Default for CurveConfig {
    /// Rounds of 50, 20 rounds, seeds 1 to 20 (fewer leave the IBM curve's
    /// savings to chance), default training, [`SelectConfig::new`].
    fn default() -> Self {
        CurveConfig {
            batch: 50,
            rounds: 20,
            seeds: (1..=20).collect(),
            train: TrainConfig::default(),
            select: SelectConfig::new(50),
        }
    }
}

/// Macro-F1 on the test rows after one round.
#[derive(Debug, Clone, PartialEq)]
pub struct CurvePoint {
    /// Labelled rows so far.
    pub labels: usize,
    /// Mean macro-F1 of uncertainty + diversity sampling over the seeds.
    pub active: f64,
    /// Mean macro-F1 of random sampling over the seeds.
    pub random: f64,
    /// Per seed, active.
    pub active_by_seed: Vec<f64>,
    /// Per seed, random.
    pub random_by_seed: Vec<f64>,
}

/// How many labels active sampling needs to match random sampling at `labels`.
#[derive(Debug, Clone, PartialEq)]
pub struct Saving {
    /// Labels given to random sampling.
    pub labels: usize,
    /// Its mean macro-F1 there.
    pub random_f1: f64,
    /// Labels at which the active curve first reaches that F1 (linear between
    /// rounds), if it does.
    pub active_labels: Option<f64>,
}

impl Saving {
    /// The share of labels active sampling saves here (`1 - active/random`
    /// labels; negative when it needs more), if it gets there at all.
    pub fn saved(&self) -> Option<f64> {
        self.active_labels.map(|l| 1.0 - l / self.labels as f64)
    }
}

/// The savings of a curve in a few numbers. The first round is left out:
/// both strategies share its random batch.
#[derive(Debug, Clone, PartialEq)]
pub struct SavingSummary {
    /// Rounds summarised (all but the first).
    pub rounds: usize,
    /// Saving at the last round (`None`: active never reaches random there).
    pub last: Option<f64>,
    /// Median saving over the rounds, a round where active never gets there
    /// counting as the worst (`None` if that is the median).
    pub median: Option<f64>,
    /// Rounds where active needs at least a third fewer labels.
    pub third_or_more: usize,
    /// Active minus random macro-F1, mean over the rounds, per seed averaged.
    pub f1_gain: f64,
    /// Standard error of `f1_gain` over the seeds (0 for one seed).
    pub f1_gain_se: f64,
}

/// A simulated learning curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// One point per round.
    pub points: Vec<CurvePoint>,
}

fn macro_f1(model: &StanceModel, test: &[Example]) -> Result<f64> {
    Ok(evaluate(model, test, None)?.macro_f1)
}

/// The pool rows as candidates, not yet scored. A row's target stands in
/// for its article: rows about one claim or topic are as alike as the
/// sentences of one article, and the per-article cap spreads the active picks
/// over the topics as `sample` spreads them over articles. (Without it, on
/// IBM claim stance the picks pile onto the few topics the model is least
/// sure of, and the model learns less that carries to unseen topics.)
fn pool_candidates(pool: &[Example]) -> Vec<Candidate<'_>> {
    pool.iter()
        .map(|e| {
            let target = e.target.as_deref().unwrap_or("");
            Candidate {
                text: &e.text,
                target,
                article: target,
                speaker: "",
                uncertainty: 0.0,
                predicted: "",
            }
        })
        .collect()
}

/// One seed: the F1 after each round, for active and random.
fn run_seed(
    pool: &[Example],
    test: &[Example],
    config: &CurveConfig,
    seed: u64,
) -> Result<(Vec<f64>, Vec<f64>)> {
    let candidates = pool_candidates(pool);
    let mut random_cfg = SelectConfig::new(pool.len());
    random_cfg.seed = seed;
    random_cfg.random = true;
    // One seeded permutation: the first batch seeds both strategies, random
    // sampling then goes on down the list.
    let mut order = select(&candidates, &random_cfg);
    let batch = config.batch.min(order.len());
    if let Some(other) = order[batch..]
        .iter()
        .position(|&i| pool[i].label != pool[order[0]].label)
        .filter(|_| {
            order[..batch]
                .iter()
                .all(|&i| pool[i].label == pool[order[0]].label)
        })
    {
        // A first batch of one class cannot train a model: swap one in.
        order.swap(batch - 1, batch + other);
    }
    let mut random_f1 = Vec::new();
    let mut active_f1 = Vec::new();
    let mut active: Vec<usize> = order[..batch].to_vec();
    let mut taken = vec![false; pool.len()];
    active.iter().for_each(|&i| taken[i] = true);
    for round in 0..config.rounds {
        let n = (round + 1) * config.batch;
        if n > order.len() {
            break;
        }
        let rows: Vec<Example> = order[..n].iter().map(|&i| pool[i].clone()).collect();
        random_f1.push(macro_f1(&train(&rows, &config.train)?, test)?);

        let rows: Vec<Example> = active.iter().map(|&i| pool[i].clone()).collect();
        let model = train(&rows, &config.train)?;
        active_f1.push(macro_f1(&model, test)?);
        let left: Vec<usize> = (0..pool.len()).filter(|&i| !taken[i]).collect();
        let scored: Vec<Candidate> = left
            .iter()
            .map(|&i| {
                let e = &pool[i];
                let p = model.probabilities(&e.text, e.target.as_deref());
                let (uncertainty, predicted) = uncertainty_and_label(&p);
                Candidate {
                    uncertainty,
                    predicted,
                    ..candidates[i]
                }
            })
            .collect();
        let mut cfg = config.select.clone();
        cfg.n = config.batch;
        cfg.seed = seed.wrapping_add(round as u64);
        for k in select(&scored, &cfg) {
            taken[left[k]] = true;
            active.push(left[k]);
        }
    }
    Ok((active_f1, random_f1))
}

/// Simulates the labelling loop over `pool` (gold labels play the
/// annotator): per seed, a random first batch, then rounds of
/// `config.batch` rows chosen by [`select`] (uncertainty under the model of
/// the round before, weighted by density, a share at random) or at random;
/// after each round a model is trained on the rows so far and scored
/// (macro-F1) on `test`. Serial and deterministic.
pub fn learning_curve(pool: &[Example], test: &[Example], config: &CurveConfig) -> Result<Curve> {
    if config.batch == 0 || config.rounds == 0 || config.seeds.is_empty() {
        return Err(SampleError::Params(
            "the learning curve needs a batch, a round and a seed".into(),
        ));
    }
    if pool.len() < config.batch || test.is_empty() {
        return Err(SampleError::Params(format!(
            "pool of {} rows, test of {} rows: too small for batches of {}",
            pool.len(),
            test.len(),
            config.batch
        )));
    }
    let mut runs = Vec::new();
    for &seed in &config.seeds {
        runs.push(run_seed(pool, test, config, seed)?);
    }
    let rounds = runs
        .iter()
        .map(|(a, r)| a.len().min(r.len()))
        .min()
        .unwrap_or(0);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let points = (0..rounds)
        .map(|k| {
            let active_by_seed: Vec<f64> = runs.iter().map(|(a, _)| a[k]).collect();
            let random_by_seed: Vec<f64> = runs.iter().map(|(_, r)| r[k]).collect();
            CurvePoint {
                labels: (k + 1) * config.batch,
                active: mean(&active_by_seed),
                random: mean(&random_by_seed),
                active_by_seed,
                random_by_seed,
            }
        })
        .collect();
    Ok(Curve { points })
}

impl Curve {
    /// For each round: the labels active sampling needs to reach random
    /// sampling's F1 there.
    pub fn savings(&self) -> Vec<Saving> {
        self.points
            .iter()
            .map(|p| {
                let mut needed = None;
                for (k, q) in self.points.iter().enumerate() {
                    if q.active >= p.random {
                        needed = Some(match k.checked_sub(1).map(|j| &self.points[j]) {
                            // Linear between the round before and this one.
                            Some(prev) if q.active > prev.active => {
                                let f = (p.random - prev.active) / (q.active - prev.active);
                                prev.labels as f64 + f * (q.labels - prev.labels) as f64
                            }
                            _ => q.labels as f64,
                        });
                        break;
                    }
                }
                Saving {
                    labels: p.labels,
                    random_f1: p.random,
                    active_labels: needed,
                }
            })
            .collect()
    }

    /// The savings after the first round in a few numbers (see
    /// [`SavingSummary`]).
    pub fn summary(&self) -> SavingSummary {
        let savings = self.savings();
        let later = savings.get(1..).unwrap_or_default();
        let mut saved: Vec<f64> = later
            .iter()
            .map(|s| s.saved().unwrap_or(f64::NEG_INFINITY))
            .collect();
        saved.sort_by(f64::total_cmp);
        let median = match saved.len() {
            0 => None,
            n if n % 2 == 1 => Some(saved[n / 2]),
            n => Some((saved[n / 2 - 1] + saved[n / 2]) / 2.0),
        }
        .filter(|m| m.is_finite());
        let later_points = self.points.get(1..).unwrap_or_default();
        let seeds = self.points.first().map_or(0, |p| p.active_by_seed.len());
        let per_seed: Vec<f64> = (0..seeds)
            .map(|k| {
                later_points
                    .iter()
                    .map(|p| p.active_by_seed[k] - p.random_by_seed[k])
                    .sum::<f64>()
                    / later_points.len().max(1) as f64
            })
            .collect();
        let n = per_seed.len().max(1) as f64;
        let f1_gain = per_seed.iter().sum::<f64>() / n;
        let f1_gain_se = if per_seed.len() > 1 {
            let var = per_seed.iter().map(|g| (g - f1_gain).powi(2)).sum::<f64>() / (n - 1.0);
            (var / n).sqrt()
        } else {
            0.0
        };
        SavingSummary {
            rounds: later.len(),
            last: later.last().and_then(Saving::saved),
            median,
            third_or_more: later
                .iter()
                .filter(|s| s.saved().is_some_and(|v| v >= 1.0 / 3.0))
                .count(),
            f1_gain,
            f1_gain_se,
        }
    }

    /// A plain-text table: per round, labels, random and active macro-F1, the
    /// labels active sampling needs to reach random's F1 there and the share
    /// saved; then the summary (see [`Curve::summary`]).
    pub fn table(&self) -> String {
        let mut s =
            String::from("labels  random-F1  active-F1  active-labels-to-match-random  saved\n");
        for (p, sv) in self.points.iter().zip(self.savings()) {
            let (need, saved) = match (sv.active_labels, sv.saved()) {
                (Some(l), Some(v)) => (format!("{l:.0}"), format!("{:.0}%", 100.0 * v)),
                _ => ("not reached".to_string(), "-".to_string()),
            };
            let _ = writeln!(
                s,
                "{:>6}  {:>9.4}  {:>9.4}  {:>29}  {:>5}",
                p.labels, p.random, p.active, need, saved
            );
        }
        let sum = self.summary();
        let pct =
            |v: Option<f64>| v.map_or("not reached".to_string(), |v| format!("{:.0}%", 100.0 * v));
        let _ = writeln!(
            s,
            "saved at the last round: {}; median over rounds 2-{}: {}; rounds saving a third or more: {} of {}",
            pct(sum.last),
            sum.rounds + 1,
            pct(sum.median),
            sum.third_or_more,
            sum.rounds
        );
        let _ = writeln!(
            s,
            "active - random macro-F1, mean over rounds 2-{}: {:+.4} (standard error over {} seeds {:.4})",
            sum.rounds + 1,
            sum.f1_gain,
            self.points.first().map_or(0, |p| p.active_by_seed.len()),
            sum.f1_gain_se
        );
        s
    }

    /// An SVG line chart of both curves (self-contained, no scripts).
    pub fn svg(&self, title: &str) -> String {
        let (w, h) = (640.0, 400.0);
        let (left, right, top, bottom) = (60.0, 20.0, 40.0, 50.0);
        let max_x = self.points.last().map_or(1, |p| p.labels) as f64;
        let all = self.points.iter().flat_map(|p| [p.active, p.random]);
        let (lo, hi) = all.fold((1.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let lo = ((lo - 0.02) * 20.0).floor().max(0.0) / 20.0;
        let hi = (((hi + 0.02) * 20.0).ceil() / 20.0).min(1.0).max(lo + 0.05);
        let x = |v: f64| left + (w - left - right) * v / max_x;
        let y = |v: f64| top + (h - top - bottom) * (1.0 - (v - lo) / (hi - lo));
        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(s, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
        let _ = writeln!(
            s,
            r#"<text x="{}" y="22" text-anchor="middle" font-size="14">{}</text>"#,
            w / 2.0,
            escape(title)
        );
        // Axes, grid and ticks.
        let mut t = lo;
        while t <= hi + 1e-9 {
            let _ = writeln!(
                s,
                r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" text-anchor="end">{t:.2}</text>"##,
                w - right,
                left - 6.0,
                y(t) + 4.0,
                y = y(t)
            );
            t += 0.05;
        }
        for p in &self.points {
            let _ = writeln!(
                s,
                r##"<line x1="{x:.1}" x2="{x:.1}" y1="{}" y2="{}" stroke="#999"/><text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"##,
                h - bottom,
                h - bottom + 4.0,
                h - bottom + 18.0,
                p.labels,
                x = x(p.labels as f64)
            );
        }
        let _ = writeln!(
            s,
            r##"<line x1="{left}" x2="{left}" y1="{top}" y2="{}" stroke="#333"/><line x1="{left}" x2="{}" y1="{}" y2="{}" stroke="#333"/>"##,
            h - bottom,
            w - right,
            h - bottom,
            h - bottom
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">labelled rows</text><text transform="translate(16 {}) rotate(-90)" text-anchor="middle">macro-F1 (test)</text>"#,
            (left + w - right) / 2.0,
            h - 12.0,
            (top + h - bottom) / 2.0
        );
        for (name, color, pick) in [
            ("active (uncertainty x density)", "#c05621", true),
            ("random", "#2b6cb0", false),
        ] {
            let pts: Vec<String> = self
                .points
                .iter()
                .map(|p| {
                    let v = if pick { p.active } else { p.random };
                    format!("{:.1},{:.1}", x(p.labels as f64), y(v))
                })
                .collect();
            let _ = writeln!(
                s,
                r#"<polyline fill="none" stroke="{color}" stroke-width="2" points="{}"><title>{name}</title></polyline>"#,
                pts.join(" ")
            );
        }
        let lx = left + 12.0;
        for (k, (name, color)) in [
            ("active (uncertainty x density)", "#c05621"),
            ("random", "#2b6cb0"),
        ]
        .iter()
        .enumerate()
        {
            let ly = top + 10.0 + 18.0 * k as f64;
            let _ = writeln!(
                s,
                r#"<line x1="{lx}" x2="{}" y1="{ly}" y2="{ly}" stroke="{color}" stroke-width="3"/><text x="{}" y="{}">{name}</text>"#,
                lx + 20.0,
                lx + 26.0,
                ly + 4.0
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(labels: usize, random: f64, active: f64) -> CurvePoint {
        CurvePoint {
            labels,
            active,
            random,
            active_by_seed: vec![active],
            random_by_seed: vec![random],
        }
    }

    #[test]
    fn savings_interpolate_between_rounds() {
        let c = Curve {
            points: vec![
                point(50, 0.40, 0.40),
                point(100, 0.45, 0.50),
                point(150, 0.48, 0.60),
                point(200, 0.62, 0.61),
            ],
        };
        let s = c.savings();
        assert_eq!(s[0].active_labels, Some(50.0));
        // random 0.45 at 100: active passes it halfway from 50 to 100.
        assert_eq!(s[1].active_labels, Some(75.0));
        // random 0.48 at 150: four fifths of the way from 50 to 100.
        assert!((s[2].active_labels.unwrap() - 90.0).abs() < 1e-9);
        assert_eq!(s[3].active_labels, None);
        let table = c.table();
        assert!(table.contains("   100     0.4500     0.5000"), "{table}");
        assert!(table.contains("25%"), "{table}");
        assert!(table.contains("not reached"), "{table}");
        let sum = c.summary();
        assert_eq!(sum.rounds, 3);
        // Rounds 2-4 save 25%, 40% and nothing: the median is the 25%.
        assert_eq!(sum.last, None);
        assert_eq!(sum.median, Some(0.25));
        assert_eq!(sum.third_or_more, 1);
        // Gains .05, .12, -.01 over rounds 2-4, one seed.
        assert!((sum.f1_gain - 0.16 / 3.0).abs() < 1e-12);
        assert_eq!(sum.f1_gain_se, 0.0);
        assert!(
            table.contains(
                "saved at the last round: not reached; median over rounds 2-4: 25%; \
                 rounds saving a third or more: 1 of 3"
            ),
            "{table}"
        );
        let svg = c.svg("a <b> test");
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("a &lt;b&gt; test"));
    }

    /// Invented rows: favor and against words per target, `none` rows mixing both.
    fn rows(n: usize, offset: usize) -> Vec<Example> {
        let pro = ["welcome", "support", "back", "praise", "endorse"];
        let con = ["reject", "oppose", "condemn", "denounce", "refuse"];
        let targets = ["the levy", "the treaty", "the strike"];
        (0..n)
            .map(|i| {
                let j = i + offset;
                let (label, verb) = match j % 3 {
                    0 => ("favor", pro[j % 5]),
                    1 => ("against", con[j % 5]),
                    _ => ("none", "discuss"),
                };
                Example {
                    text: format!("Officials {verb} {} in statement {j}", targets[j % 3]),
                    target: Some(targets[(j / 3) % 3].to_string()),
                    label: label.to_string(),
                }
            })
            .collect()
    }

    #[test]
    fn active_picks_spread_over_the_pool_targets() {
        let pool = rows(60, 0);
        let mut cands = pool_candidates(&pool);
        assert!(cands
            .iter()
            .all(|c| c.article == c.target && !c.article.is_empty()));
        // The model is least sure of one target's rows: the cap still takes
        // every target in turn.
        for c in &mut cands {
            c.uncertainty = if c.target == "the levy" { 0.9 } else { 0.1 };
        }
        let cfg = SelectConfig {
            per_article: 2,
            explore: 0.0,
            density_weight: 0.0,
            ..SelectConfig::new(6)
        };
        let picked = select(&cands, &cfg);
        for t in ["the levy", "the treaty", "the strike"] {
            assert_eq!(picked.iter().filter(|&&i| cands[i].target == t).count(), 2);
        }
    }

    #[test]
    fn simulation_runs_both_strategies_deterministically() {
        let pool = rows(90, 0);
        let test = rows(30, 1000);
        let cfg = CurveConfig {
            batch: 20,
            rounds: 3,
            seeds: vec![5, 6],
            ..CurveConfig::default()
        };
        let a = learning_curve(&pool, &test, &cfg).unwrap();
        assert_eq!(a, learning_curve(&pool, &test, &cfg).unwrap());
        assert_eq!(
            a.points.iter().map(|p| p.labels).collect::<Vec<_>>(),
            [20, 40, 60]
        );
        for p in &a.points {
            assert_eq!(p.active_by_seed.len(), 2);
            assert!((0.0..=1.0).contains(&p.active) && (0.0..=1.0).contains(&p.random));
        }
        // The first round is the same random batch for both strategies.
        assert_eq!(a.points[0].active, a.points[0].random);
        assert!(learning_curve(&pool[..10], &test, &cfg).is_err());
        let none = CurveConfig {
            seeds: vec![],
            ..cfg
        };
        assert!(learning_curve(&pool, &test, &none).is_err());
    }
}
