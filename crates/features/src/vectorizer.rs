//! The fitted vectorizer: TF-IDF n-grams plus cue and target-relation features.

use std::collections::BTreeMap;

use crate::columns::{DENSE_FEATURES, MODAL_WORDS, N_DENSE, REPORT_VERBS};
use crate::compiled::Compiled;
use crate::config::FeatureConfig;
use crate::lexicon::Lexicons;
use crate::ngrams::{dense_features, for_each_char_ngram, for_each_word_ngram, target_mask};
use crate::target_terms::TermMatcher;
use crate::terms::{Kind, TermTable};
use crate::text::analyze;
use crate::{FeatureError, Result, SparseRow};

/// What a model file stores of a fitted vectorizer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorizerData {
    /// The settings.
    pub config: FeatureConfig,
    /// xxh3 of the lexicon files and fixed columns the vocabulary was built
    /// with ([`lexicon_hash`]).
    pub lexicon_hash: String,
    /// Vocabulary, sorted: `w:` word n-grams and `c:` character n-grams.
    pub terms: Vec<String>,
    /// Inverse document frequency of each term.
    pub idf: Vec<f32>,
    /// Targets declared with their own terms (words or phrases); a target
    /// not listed here is named by the stems of its own name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub target_terms: BTreeMap<String, Vec<String>>,
}

/// A fitted vectorizer. Column `j < DENSE_FEATURES.len()` is `DENSE_FEATURES[j]`; the n-gram
/// vocabulary follows.
#[derive(Debug, Clone)]
pub struct Vectorizer {
    data: VectorizerData,
    lex: Lexicons,
    table: TermTable,
    compiled: Compiled,
    matchers: BTreeMap<String, TermMatcher>,
}

/// Term matchers of the declared targets (an empty list declares nothing).
fn matchers(terms: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, TermMatcher> {
    terms
        .iter()
        .map(|(t, list)| (t.clone(), TermMatcher::new(list)))
        .filter(|(_, m)| !m.is_empty())
        .collect()
}

/// The n-grams of a slice of a corpus ([`Vectorizer::analyze_part`]), with
/// ids of its own, before the vocabulary is chosen.
#[derive(Debug, Clone, Default)]
pub struct Part {
    /// Each id's key (`w:...`, `c:...`).
    keys: Vec<String>,
    /// Each id's document frequency within the slice.
    df: Vec<u32>,
    /// Per document: its dense features, word and character n-gram ids.
    rows: Vec<(SparseRow, Vec<u32>, Vec<u32>)>,
}

impl Part {
    /// Documents in the slice.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True if the slice has no documents.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// xxh3 (seed 0) of the built-in lexicon files, the modal words and the fixed column names,
/// as hex: a model built with other ones is refused.
pub fn lexicon_hash() -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::with_seed(0);
    for part in [
        include_str!("../lexicons/negators.txt"),
        include_str!("../lexicons/refuting.txt"),
        include_str!("../lexicons/supporting.txt"),
        include_str!("../lexicons/hedging.txt"),
        include_str!("../lexicons/reporting.txt"),
        include_str!("../lexicons/stopwords.txt"),
        include_str!("../lexicons/positive.txt"),
        include_str!("../lexicons/negative.txt"),
        include_str!("../lexicons/contrast.txt"),
        include_str!("../lexicons/reversing.txt"),
        include_str!("../lexicons/raising.txt"),
        include_str!("../lexicons/lowering.txt"),
        include_str!("../lexicons/good-outcomes.txt"),
        include_str!("../lexicons/bad-outcomes.txt"),
        include_str!("../lexicons/good-judgements.txt"),
        include_str!("../lexicons/bad-judgements.txt"),
        include_str!("../lexicons/clause-openers.txt"),
        include_str!("../lexicons/names.txt"),
        &DENSE_FEATURES.join("\n"),
        &MODAL_WORDS.join("\n"),
        &REPORT_VERBS.join("\n"),
        &crate::text::PHRASE_NEGATORS.join("\n"),
        &crate::text::PHRASE_ENDS.join("\n"),
        crate::text::QUESTION_OPENER,
        &crate::columns::CONCESSIVE_WORDS.join("\n"),
    ] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    format!("{:016x}", h.digest())
}

/// `1 + ln(c)` for small counts (the same expression as for large ones).
static SUBLINEAR_TF: std::sync::LazyLock<[f64; 64]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|c| 1.0 + (c as f64).ln()));

impl Vectorizer {
    /// Builds the vocabulary and IDF weights from training sentences.
    pub fn fit<S: AsRef<str>>(texts: &[S], config: &FeatureConfig) -> Result<Vectorizer> {
        let docs: Vec<(&str, Option<&str>)> = texts.iter().map(|t| (t.as_ref(), None)).collect();
        Ok(Vectorizer::fit_transform(&docs, config)?.0)
    }

    /// Fits on `(text, target)` pairs and returns the vectorizer and the rows of
    /// the same pairs, equal to what the labeling path gives, in one pass
    /// over the text.
    pub fn fit_transform(
        docs: &[(&str, Option<&str>)],
        config: &FeatureConfig,
    ) -> Result<(Vectorizer, Vec<SparseRow>)> {
        Vectorizer::fit_transform_with_terms(docs, config, &BTreeMap::new())
    }

    /// [`Vectorizer::fit_transform`] with targets declared by their terms
    /// (stored in the vectorizer).
    pub fn fit_transform_with_terms(
        docs: &[(&str, Option<&str>)],
        config: &FeatureConfig,
        target_terms: &BTreeMap<String, Vec<String>>,
    ) -> Result<(Vectorizer, Vec<SparseRow>)> {
        let part = Vectorizer::analyze_part(docs, config, target_terms)?;
        Vectorizer::fit_parts(vec![part], config, target_terms)
    }

    /// The first half of [`Vectorizer::fit_transform_with_terms`] on one
    /// slice of the documents: their n-grams and document frequencies. The
    /// slices of a corpus can be analyzed at once (by a driver's threads);
    /// [`Vectorizer::fit_parts`] then joins them, in order.
    pub fn analyze_part(
        docs: &[(&str, Option<&str>)],
        config: &FeatureConfig,
        target_terms: &BTreeMap<String, Vec<String>>,
    ) -> Result<Part> {
        config.validate()?;
        let matchers = matchers(target_terms);
        let lex = Lexicons::builtin();
        // Provisional ids in order of first appearance.
        let mut table = TermTable::default();
        let mut keys: Vec<String> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut last_doc: Vec<u32> = Vec::new();
        let mut key = String::new();
        let mut rows: Vec<(SparseRow, Vec<u32>, Vec<u32>)> = Vec::with_capacity(docs.len());
        for (d, (text, target)) in docs.iter().enumerate() {
            let d = d as u32;
            let a = analyze(text, &lex);
            let mask = target_mask(&a, *target, target.and_then(|t| matchers.get(t)), &lex);
            let mut dense = SparseRow::default();
            dense_features(config, &lex, &a, *target, mask.as_ref(), &mut dense);
            let mut intern = |kind: Kind, k: &str, out: &mut Vec<u32>| {
                let id = table.intern(&mut keys, kind, k);
                if id as usize == df.len() {
                    df.push(0);
                    last_doc.push(u32::MAX);
                }
                if last_doc[id as usize] != d {
                    last_doc[id as usize] = d;
                    df[id as usize] += 1;
                }
                out.push(id);
            };
            let mut words = Vec::new();
            let m = mask.as_ref().map(|m| m.0.as_slice());
            for_each_word_ngram(&a, config, m, &mut key, |kind, k| {
                intern(kind, k, &mut words)
            });
            let mut chars = Vec::new();
            if let Some(r) = config.char_ngrams {
                for_each_char_ngram(&a, r, &mut key, |kind, k| intern(kind, k, &mut chars));
            }
            rows.push((dense, words, chars));
        }
        Ok(Part { keys, df, rows })
    }

    /// Fits on the parts of a corpus, in corpus order, and returns the
    /// vectorizer and the rows of every part; the same as fitting on the
    /// whole corpus at once.
    pub fn fit_parts(
        parts: Vec<Part>,
        config: &FeatureConfig,
        target_terms: &BTreeMap<String, Vec<String>>,
    ) -> Result<(Vectorizer, Vec<SparseRow>)> {
        config.validate()?;
        let n_docs: usize = parts.iter().map(|p| p.rows.len()).sum();
        if n_docs == 0 {
            return Err(FeatureError::Empty);
        }
        // One id space: the first part's ids stay, the others are mapped.
        let mut parts = parts.into_iter();
        let first = parts.next().ok_or(FeatureError::Empty)?;
        let (mut keys, mut df, mut per_doc) = (first.keys, first.df, first.rows);
        if parts.len() > 0 {
            let mut table = TermTable::build(&keys);
            for part in parts {
                let local: Vec<u32> = part
                    .keys
                    .iter()
                    .zip(&part.df)
                    .map(|(k, &f)| {
                        let (kind, s) = match k.strip_prefix("c:") {
                            Some(s) => (Kind::Char, s),
                            None => (Kind::Word, k.strip_prefix("w:").unwrap_or(k)),
                        };
                        let id = table.intern(&mut keys, kind, s);
                        if id as usize == df.len() {
                            df.push(0);
                        }
                        df[id as usize] += f;
                        id
                    })
                    .collect();
                per_doc.extend(part.rows.into_iter().map(|(dense, mut w, mut c)| {
                    for id in w.iter_mut().chain(c.iter_mut()) {
                        *id = local[*id as usize];
                    }
                    (dense, w, c)
                }));
            }
        }
        let mut kept: Vec<(String, u32)> = keys
            .into_iter()
            .zip(0u32..)
            .filter(|(k, id)| {
                let min = if k.starts_with("w:") {
                    config.min_df_words
                } else {
                    config.min_df_chars
                };
                df[*id as usize] as usize >= min
            })
            .collect();
        kept.sort_unstable();
        let n = n_docs as f64;
        let mut column = vec![u32::MAX; df.len()];
        let mut terms = Vec::with_capacity(kept.len());
        let mut idf = Vec::with_capacity(kept.len());
        for (rank, (k, id)) in kept.into_iter().enumerate() {
            column[id as usize] = (rank + N_DENSE) as u32;
            idf.push((((1.0 + n) / (1.0 + f64::from(df[id as usize]))).ln() + 1.0) as f32);
            terms.push(k);
        }
        let v = Vectorizer::from_data(VectorizerData {
            config: config.clone(),
            lexicon_hash: lexicon_hash(),
            terms,
            idf,
            target_terms: target_terms.clone(),
        })?;
        let rows = per_doc
            .into_iter()
            .map(|(mut row, words, chars)| {
                let remap = |ids: Vec<u32>| -> Vec<u32> {
                    ids.into_iter()
                        .map(|id| column[id as usize])
                        .filter(|&c| c != u32::MAX)
                        .collect()
                };
                let words = v.weigh_block(&mut remap(words));
                let chars = v.weigh_block(&mut remap(chars));
                for (j, x) in chars.into_iter().chain(words) {
                    row.indices.push(j);
                    row.values.push(x);
                }
                row
            })
            .collect();
        Ok((v, rows))
    }

    /// Rebuilds a vectorizer from model-file data, checking it.
    pub fn from_data(data: VectorizerData) -> Result<Vectorizer> {
        data.config.validate()?;
        if data.lexicon_hash != lexicon_hash() {
            return Err(FeatureError::Config(format!(
                "built with other cue lexicons or feature columns (hash {}, this build has {}); retrain the model",
                data.lexicon_hash,
                lexicon_hash()
            )));
        }
        if data.terms.len() != data.idf.len() {
            return Err(FeatureError::Config(format!(
                "{} terms but {} idf weights",
                data.terms.len(),
                data.idf.len()
            )));
        }
        if data.terms.len() > (u32::MAX as usize) - N_DENSE {
            return Err(FeatureError::Config("vocabulary too large".into()));
        }
        if data.idf.iter().any(|v| !v.is_finite()) {
            return Err(FeatureError::Config("non-finite idf weight".into()));
        }
        if data.terms.windows(2).any(|w| w[0] >= w[1]) {
            return Err(FeatureError::Config(
                "vocabulary is not sorted or has duplicates".into(),
            ));
        }
        if let Some(t) = data
            .terms
            .iter()
            .find(|t| !(t.starts_with("w:") || t.starts_with("c:")))
        {
            return Err(FeatureError::Config(format!("bad term {t:?}")));
        }
        let table = TermTable::build(&data.terms);
        let compiled = Compiled::build(&data.terms);
        let matchers = matchers(&data.target_terms);
        Ok(Vectorizer {
            data,
            lex: Lexicons::builtin(),
            table,
            compiled,
            matchers,
        })
    }

    /// The terms of `target`, if it was declared with terms.
    pub(crate) fn term_matcher(&self, target: &str) -> Option<&TermMatcher> {
        self.matchers.get(target)
    }

    /// True if a term of some declared target can start with the word `w`.
    pub(crate) fn starts_declared_term(&self, w: &str) -> bool {
        self.matchers.values().any(|m| m.starts_term(w))
    }

    /// The declared terms of each target.
    pub fn target_terms(&self) -> &BTreeMap<String, Vec<String>> {
        &self.data.target_terms
    }

    /// Declares (or replaces) the terms of `target`, e.g. a target the model
    /// was not trained on; rows toward it then read these terms.
    pub fn declare_target(&mut self, target: &str, terms: &[String]) {
        self.data
            .target_terms
            .insert(target.to_string(), terms.to_vec());
        self.matchers
            .insert(target.to_string(), TermMatcher::new(terms));
        // A scratch must not keep what it knew of the old declaration.
        self.compiled.renew_id();
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.compiled
    }

    pub(crate) fn lexicons(&self) -> &Lexicons {
        &self.lex
    }

    /// The vocabulary index of an n-gram (column minus 13).
    pub(crate) fn term_id(&self, kind: Kind, s: &str) -> Option<u32> {
        self.table.get(&self.data.terms, kind, s)
    }

    /// The model-file data.
    pub fn data(&self) -> &VectorizerData {
        &self.data
    }

    /// The settings.
    pub fn config(&self) -> &FeatureConfig {
        &self.data.config
    }

    /// Number of columns.
    pub fn n_features(&self) -> usize {
        N_DENSE + self.data.terms.len()
    }

    /// Name of column `j` as shown to users: the n-gram itself for word n-grams
    /// (`oppose sanctions`, `not NEG_acceptable`), `c:_sanc` for character
    /// n-grams (`_` marks a word boundary), `cue:*` or `target:*` otherwise.
    pub fn feature_name(&self, j: usize) -> &str {
        if j < N_DENSE {
            DENSE_FEATURES[j]
        } else {
            match self.data.terms.get(j - N_DENSE) {
                Some(t) => t.strip_prefix("w:").unwrap_or(t),
                None => "",
            }
        }
    }
    /// The term-frequency weight of a count: `1 + ln(c)` with sublinear tf.
    pub(crate) fn tf(&self, c: u32) -> f64 {
        if c == 1 {
            1.0
        } else if self.data.config.sublinear_tf {
            match SUBLINEAR_TF.get(c as usize) {
                Some(&t) => t,
                None => 1.0 + f64::from(c).ln(),
            }
        } else {
            f64::from(c)
        }
    }

    /// Counts, TF-IDF-weights and L2-normalizes one block of n-gram hits
    /// (drains `hits`). Output is sorted by column.
    pub(crate) fn weigh_block(&self, hits: &mut Vec<u32>) -> Vec<(u32, f64)> {
        hits.sort_unstable();
        let mut out: Vec<(u32, f64)> = Vec::new();
        for &j in hits.iter() {
            match out.last_mut() {
                Some((k, c)) if *k == j => *c += 1.0,
                _ => out.push((j, 1.0)),
            }
        }
        hits.clear();
        let mut norm = 0.0;
        for (j, v) in out.iter_mut() {
            *v = self.tf(*v as u32) * f64::from(self.data.idf[*j as usize - N_DENSE]);
            norm += *v * *v;
        }
        if norm > 0.0 {
            let norm = norm.sqrt();
            for (_, v) in out.iter_mut() {
                *v /= norm;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps every n-gram of the tiny corpus unless the test says otherwise.
    fn all_terms() -> FeatureConfig {
        FeatureConfig {
            min_df_words: 1,
            min_df_chars: 1,
            ..FeatureConfig::default()
        }
    }

    fn fitted(config: &FeatureConfig) -> Vectorizer {
        Vectorizer::fit(
            &[
                "The envoy said sanctions are not acceptable.",
                "Talks on sanctions resumed in Geneva.",
                "Is a strike likely?",
            ],
            config,
        )
        .unwrap()
    }

    fn names(v: &Vectorizer, row: &SparseRow) -> Vec<String> {
        row.indices
            .iter()
            .map(|&j| v.feature_name(j as usize).to_string())
            .collect()
    }

    #[test]
    fn fitting_on_parts_equals_fitting_on_the_whole() {
        let texts = [
            "Sanctions hurt the poor, critics said.",
            "The talks resumed in Geneva on Monday.",
            "Sanctions work, the envoy said.",
            "Troops massed near the border as talks stalled.",
            "Critics said the embargo hurt the poor.",
        ];
        let docs: Vec<(&str, Option<&str>)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    *t,
                    if i % 2 == 0 {
                        Some("sanctions")
                    } else {
                        Some("talks")
                    },
                )
            })
            .collect();
        let terms = BTreeMap::new();
        let config = FeatureConfig::default();
        let (whole, rows) = Vectorizer::fit_transform_with_terms(&docs, &config, &terms).unwrap();
        for cut in [&[2][..], &[1, 3], &[1, 2, 3, 4]] {
            let mut parts = Vec::new();
            let mut from = 0;
            for &to in cut.iter().chain(std::iter::once(&docs.len())) {
                parts.push(Vectorizer::analyze_part(&docs[from..to], &config, &terms).unwrap());
                from = to;
            }
            let (v, r) = Vectorizer::fit_parts(parts, &config, &terms).unwrap();
            assert_eq!(v.data(), whole.data(), "cut at {cut:?}");
            assert_eq!(r, rows, "cut at {cut:?}");
        }
        // min_df counts across parts: a bigram seen once in each of two parts is kept.
        assert!(whole.data().terms.iter().any(|t| t == "w:the poor"));
    }

    #[test]
    fn rows_are_sorted_and_blocks_normalized() {
        let v = fitted(&all_terms());
        let row = v.transform("Sanctions are not acceptable, the envoy said.", None);
        assert!(row.indices.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(row.indices.len(), row.values.len());
        let block_norm = |prefix: &str| -> f64 {
            row.indices
                .iter()
                .zip(&row.values)
                .filter(|(&j, _)| {
                    (j as usize) >= N_DENSE
                        && v.data().terms[j as usize - N_DENSE].starts_with(prefix)
                })
                .map(|(_, x)| x * x)
                .sum::<f64>()
        };
        assert!((block_norm("w:") - 1.0).abs() < 1e-9);
        assert!((block_norm("c:") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn negated_ngrams_and_cues_are_named() {
        let v = fitted(&all_terms());
        let row = v.transform("Sanctions are not acceptable, the envoy said.", None);
        let n = names(&v, &row);
        for want in [
            "not NEG_acceptable",
            "NEG_acceptable",
            "sanctions",
            "c:_sanc",
            "cue:attribution",
            "cue:negation",
        ] {
            assert!(n.iter().any(|x| x == want), "{want} missing from {n:?}");
        }
        assert!(!n.iter().any(|x| x == "acceptable"));
    }

    #[test]
    fn target_relation_features() {
        let v = fitted(&all_terms());
        let get = |text: &str, target: &str| {
            let row = v.transform(text, Some(target));
            DENSE_FEATURES
                .iter()
                .enumerate()
                .map(|(j, name)| {
                    let val = row
                        .indices
                        .iter()
                        .position(|&i| i as usize == j)
                        .map_or(0.0, |p| row.values[p]);
                    (*name, val)
                })
                .filter(|(n, _)| n.starts_with("target:"))
                .collect::<Vec<_>>()
        };
        let w = FeatureConfig::default().cue_weight;
        assert_eq!(
            get("New sanctioned firms were listed.", "sanctions"),
            [
                ("target:overlap", w),
                ("target:mentioned", w),
                ("target:negated_mention", 0.0),
                ("target:absent", 0.0)
            ]
        );
        assert_eq!(
            get("He did not call for military strikes.", "military_action"),
            [
                ("target:overlap", w * 0.5),
                ("target:mentioned", w),
                ("target:negated_mention", w),
                ("target:absent", 0.0)
            ]
        );
        assert_eq!(
            get("Nothing here.", "negotiations"),
            [
                ("target:overlap", 0.0),
                ("target:mentioned", 0.0),
                ("target:negated_mention", 0.0),
                ("target:absent", w)
            ]
        );
    }

    #[test]
    fn config_switches_remove_blocks() {
        let cfg = FeatureConfig {
            char_ngrams: None,
            cues: false,
            target_features: false,
            negation: false,
            ..all_terms()
        };
        let v = fitted(&cfg);
        let row = v.transform("Sanctions are not acceptable?", Some("sanctions"));
        let n = names(&v, &row);
        assert!(n.iter().all(|x| !x.contains(':')), "{n:?}");
        assert!(n.iter().any(|x| x == "not acceptable"));
    }

    #[test]
    fn min_df_prunes_rare_terms() {
        let cfg = FeatureConfig {
            min_df_words: 2,
            ..all_terms()
        };
        let v = fitted(&cfg);
        let words: Vec<&String> = v
            .data()
            .terms
            .iter()
            .filter(|t| t.starts_with("w:"))
            .collect();
        assert_eq!(words, ["w:sanctions"]);
    }

    #[test]
    fn bad_config_and_data_are_rejected() {
        let bad = FeatureConfig {
            word_ngrams: (2, 1),
            ..FeatureConfig::default()
        };
        assert!(Vectorizer::fit(&["a"], &bad).is_err());
        assert!(matches!(
            Vectorizer::fit::<&str>(&[], &FeatureConfig::default()),
            Err(FeatureError::Empty)
        ));
        let mut data = fitted(&all_terms()).data().clone();
        data.idf.pop();
        assert!(Vectorizer::from_data(data.clone()).is_err());
        data.idf.push(1.0);
        data.lexicon_hash = "0".into();
        let e = Vectorizer::from_data(data).unwrap_err().to_string();
        assert!(e.contains("lexicons"), "{e}");
    }

    #[test]
    fn fit_transform_rows_equal_transform() {
        let docs = [
            (
                "The envoy said sanctions are not acceptable.",
                Some("sanctions"),
            ),
            ("Talks on sanctions resumed in Geneva, not in Vienna.", None),
            (
                "Is a strike likely? Officials deny it.",
                Some("military_action"),
            ),
            (
                "Talks on sanctions resumed in Geneva.",
                Some("negotiations"),
            ),
        ];
        let cfg = FeatureConfig {
            min_df_words: 2,
            ..FeatureConfig::default()
        };
        let (v, rows) = Vectorizer::fit_transform(&docs, &cfg).unwrap();
        for ((text, target), row) in docs.iter().zip(&rows) {
            assert_eq!(&v.transform(text, *target), row);
        }
        let texts: Vec<&str> = docs.iter().map(|d| d.0).collect();
        assert_eq!(Vectorizer::fit(&texts, &cfg).unwrap().data(), v.data());
    }

    #[test]
    fn data_round_trips_through_json() {
        let v = fitted(&all_terms());
        let json = serde_json::to_string(v.data()).unwrap();
        let back: VectorizerData = serde_json::from_str(&json).unwrap();
        let v2 = Vectorizer::from_data(back).unwrap();
        let s = "Talks on sanctions are not likely?";
        assert_eq!(
            v.transform(s, Some("sanctions")),
            v2.transform(s, Some("sanctions"))
        );
    }
}
