//! The fitted vectorizer: TF-IDF n-grams plus cue and target-relation features.

use std::borrow::Cow;

use crate::fast::Compiled;
use crate::lexicon::Lexicons;
use crate::terms::{Kind, TermTable};
use crate::text::{analyze, content_words, stem, Analyzed};
use crate::{FeatureError, Result, SparseRow};

/// Settings of the feature extractor (part of the model file).
///
/// Word n-grams are taken over the negation-marked words (`not NEG_acceptable`);
/// character n-grams over each word padded with `_` at both ends, so they never
/// cross a word boundary. Both blocks are TF-IDF weighted and L2-normalized
/// separately, like a union of two scikit-learn `TfidfVectorizer`s.
///
/// **Vocabulary, not hashing.** The vocabulary keeps every word n-gram seen in
/// at least `min_df_words` (default 2) training sentences and every character
/// n-gram seen in at least `min_df_chars` (default 3). On news-sized training
/// sets (a few thousand sentences) it stays small (about 20,000 terms for the
/// 2,071 Emergent headlines), and it keeps the exact n-gram text, which the
/// evidence column and `standpoint inspect` show to the user; a hashed space
/// would make both unreadable. Dropping the n-grams seen once also halves the
/// weight vector the optimizer carries, and did not cost accuracy on any of the
/// data sets we measured (it gained a little on Emergent and IBM claim stance).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureConfig {
    /// Smallest and largest word n-gram, e.g. `[1, 2]`.
    pub word_ngrams: (usize, usize),
    /// Smallest and largest character n-gram inside words, or `None` for no
    /// character n-grams.
    pub char_ngrams: Option<(usize, usize)>,
    /// A word n-gram must occur in at least this many training sentences.
    pub min_df_words: usize,
    /// A character n-gram must occur in at least this many training sentences.
    pub min_df_chars: usize,
    /// Use `1 + ln(tf)` instead of raw counts.
    pub sublinear_tf: bool,
    /// Mark words in a negation scope with `NEG_` in word n-grams.
    pub negation: bool,
    /// Add the lexicon cue features (`cue:*`).
    pub cues: bool,
    /// Add the text–target relation features (`target:*`).
    pub target_features: bool,
    /// Also add word n-grams in which words of the target are replaced by
    /// `<T>` (`oppose <T>`, `NEG_<T>`): what is said about the target, shared
    /// across targets.
    pub target_ngrams: bool,
    /// Value of an active cue or target feature (the TF-IDF blocks have norm 1).
    pub cue_weight: f64,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            word_ngrams: (1, 2),
            char_ngrams: Some((2, 5)),
            min_df_words: 2,
            min_df_chars: 3,
            sublinear_tf: true,
            negation: true,
            cues: true,
            target_features: true,
            target_ngrams: true,
            cue_weight: 0.5,
        }
    }
}

impl FeatureConfig {
    /// Checks the ranges and weights.
    pub fn validate(&self) -> Result<()> {
        let (a, b) = self.word_ngrams;
        if a == 0 || a > b || b > 4 {
            return Err(FeatureError::Config(format!(
                "word n-gram range {a}..{b} must satisfy 1 <= min <= max <= 4"
            )));
        }
        if let Some((a, b)) = self.char_ngrams {
            if a == 0 || a > b || b > 8 {
                return Err(FeatureError::Config(format!(
                    "char n-gram range {a}..{b} must satisfy 1 <= min <= max <= 8"
                )));
            }
        }
        if self.min_df_words == 0 || self.min_df_chars == 0 {
            return Err(FeatureError::Config("min_df must be at least 1".into()));
        }
        if !self.cue_weight.is_finite() || self.cue_weight < 0.0 {
            return Err(FeatureError::Config(
                "cue_weight must be a finite number >= 0".into(),
            ));
        }
        Ok(())
    }
}

/// Names of the fixed (non n-gram) features, in column order.
pub const DENSE_FEATURES: [&str; 13] = [
    "cue:refuting",
    "cue:refuting_negated",
    "cue:supporting",
    "cue:supporting_negated",
    "cue:hedging",
    "cue:attribution",
    "cue:quote",
    "cue:question",
    "cue:negation",
    "target:overlap",
    "target:mentioned",
    "target:negated_mention",
    "target:absent",
];
pub(crate) const N_DENSE: usize = DENSE_FEATURES.len();
pub(crate) const N_CUES: usize = 9;

/// What a model file stores of a fitted vectorizer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorizerData {
    /// The settings.
    pub config: FeatureConfig,
    /// xxh3 of the lexicon files the vocabulary was built with.
    pub lexicon_hash: String,
    /// Vocabulary, sorted: `w:` word n-grams and `c:` character n-grams.
    pub terms: Vec<String>,
    /// Inverse document frequency of each term.
    pub idf: Vec<f32>,
}

/// A sentence analyzed once by [`Vectorizer::prepare`], to be turned into
/// rows toward several targets with [`Vectorizer::transform_prepared`].
#[derive(Debug, Clone, Default)]
pub struct PreparedText {
    a: Analyzed,
    cues: [f64; N_CUES],
    /// Columns of the word n-grams without target masking, unsorted, repeated.
    word_hits: Vec<u32>,
    /// The weighted word block when there are no target n-grams.
    words: Vec<(u32, f64)>,
    /// The weighted character block.
    chars: Vec<(u32, f64)>,
}

/// A fitted vectorizer. Column `j < 13` is `DENSE_FEATURES[j]`; the n-gram
/// vocabulary follows.
#[derive(Debug, Clone)]
pub struct Vectorizer {
    data: VectorizerData,
    lex: Lexicons,
    table: TermTable,
    compiled: Compiled,
}

/// xxh3 (seed 0) of the built-in lexicon files, as hex.
pub fn lexicon_hash() -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::with_seed(0);
    for part in [
        include_str!("../lexicons/negators.txt"),
        include_str!("../lexicons/refuting.txt"),
        include_str!("../lexicons/supporting.txt"),
        include_str!("../lexicons/hedging.txt"),
        include_str!("../lexicons/reporting.txt"),
        include_str!("../lexicons/stopwords.txt"),
    ] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    format!("{:016x}", h.digest())
}

/// Calls `f` with every word n-gram (negation-marked words joined by spaces),
/// then, if `mask` marks target words, with the n-grams that contain one, the
/// target words replaced by `<T>`.
fn for_each_word_ngram(
    a: &Analyzed,
    config: &FeatureConfig,
    mask: Option<&[bool]>,
    buf: &mut String,
    mut f: impl FnMut(Kind, &str),
) {
    let words: Vec<Cow<str>> = a.words.iter().map(|w| mark(config, w, &w.text)).collect();
    emit_word_ngrams(&words, config.word_ngrams, &|_, _| true, buf, &mut f);
    for_each_target_ngram(a, config, mask, buf, f);
}

/// A word as it appears in word n-grams: `NEG_` marked inside a negation scope.
fn mark<'a>(config: &FeatureConfig, w: &crate::text::Word, text: &'a str) -> Cow<'a, str> {
    if config.negation && w.negated {
        Cow::Owned(format!("NEG_{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Calls `f` with the word n-grams of `words` in `range` whose window
/// `(start, n)` passes `keep`.
fn emit_word_ngrams(
    words: &[Cow<str>],
    range: (usize, usize),
    keep: &dyn Fn(usize, usize) -> bool,
    buf: &mut String,
    f: &mut impl FnMut(Kind, &str),
) {
    let (lo, hi) = range;
    for n in lo..=hi {
        for (start, win) in words.windows(n).enumerate() {
            if !keep(start, n) {
                continue;
            }
            if n == 1 {
                f(Kind::Word, &win[0]);
                continue;
            }
            buf.clear();
            for (i, w) in win.iter().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.push_str(w);
            }
            f(Kind::Word, buf);
        }
    }
}

/// Calls `f` with the word n-grams that contain a target word (`mask`), the
/// target words replaced by `<T>`, if target n-grams are on.
fn for_each_target_ngram(
    a: &Analyzed,
    config: &FeatureConfig,
    mask: Option<&[bool]>,
    buf: &mut String,
    mut f: impl FnMut(Kind, &str),
) {
    if let Some(mask) = mask.filter(|m| config.target_ngrams && m.contains(&true)) {
        let masked: Vec<Cow<str>> = a
            .words
            .iter()
            .zip(mask)
            .map(|(w, &m)| {
                if m {
                    mark(config, w, TARGET_TOKEN)
                } else {
                    mark(config, w, &w.text)
                }
            })
            .collect();
        emit_word_ngrams(
            &masked,
            config.word_ngrams,
            &|start, n| mask[start..start + n].contains(&true),
            buf,
            &mut f,
        );
    }
}

/// `1 + ln(c)` for small counts (the same expression as for large ones).
static SUBLINEAR_TF: std::sync::LazyLock<[f64; 64]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|c| 1.0 + (c as f64).ln()));

/// Stands for a target word in target n-grams.
pub const TARGET_TOKEN: &str = "<T>";

/// Which words of `a` name the target (content words sharing a stem with the
/// target's content words), and how many distinct target stems there are.
fn target_mask(
    a: &Analyzed,
    target: Option<&str>,
    lex: &Lexicons,
) -> Option<(Vec<bool>, usize, usize)> {
    let stems = target_stems(target?, lex);
    if stems.is_empty() {
        return None;
    }
    let mut matched = vec![false; stems.len()];
    let mask = a
        .words
        .iter()
        .map(|word| {
            if lex.stopwords.contains_word(&word.text) {
                return false;
            }
            match stems.binary_search_by(|x| x.as_str().cmp(stem(&word.text))) {
                Ok(k) => {
                    matched[k] = true;
                    true
                }
                Err(_) => false,
            }
        })
        .collect();
    let n = matched.iter().filter(|&&m| m).count();
    Some((mask, n, stems.len()))
}

/// The stems of a target's content words, sorted and unique.
pub(crate) fn target_stems(target: &str, lex: &Lexicons) -> Vec<String> {
    let mut stems: Vec<String> = content_words(target, lex)
        .iter()
        .map(|c| stem(c).to_string())
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

/// Calls `f` with every character n-gram of every word padded with `_`.
fn for_each_char_ngram(
    a: &Analyzed,
    range: (usize, usize),
    buf: &mut String,
    mut f: impl FnMut(Kind, &str),
) {
    let mut offsets: Vec<usize> = Vec::new();
    for w in &a.words {
        for_each_word_char_ngram(&w.text, range, buf, &mut offsets, |g| f(Kind::Char, g));
    }
}

/// Calls `f` with every character n-gram in `range` of `word` padded with
/// `_` at both ends (`buf` and `offsets` are scratch space).
pub(crate) fn for_each_word_char_ngram(
    word: &str,
    range: (usize, usize),
    buf: &mut String,
    offsets: &mut Vec<usize>,
    mut f: impl FnMut(&str),
) {
    buf.clear();
    buf.push('_');
    buf.push_str(word);
    buf.push('_');
    offsets.clear();
    offsets.extend(buf.char_indices().map(|(i, _)| i));
    offsets.push(buf.len());
    let chars = offsets.len() - 1;
    for n in range.0..=range.1 {
        for start in 0..(chars + 1).saturating_sub(n) {
            f(&buf[offsets[start]..offsets[start + n]]);
        }
    }
}

impl Vectorizer {
    /// Builds the vocabulary and IDF weights from training sentences.
    pub fn fit<S: AsRef<str>>(texts: &[S], config: &FeatureConfig) -> Result<Vectorizer> {
        let docs: Vec<(&str, Option<&str>)> = texts.iter().map(|t| (t.as_ref(), None)).collect();
        Ok(Vectorizer::fit_transform(&docs, config)?.0)
    }

    /// Fits on `(text, target)` pairs and returns the vectorizer and the rows of
    /// the same pairs, equal to what [`Vectorizer::transform`] gives, in one pass
    /// over the text.
    pub fn fit_transform(
        docs: &[(&str, Option<&str>)],
        config: &FeatureConfig,
    ) -> Result<(Vectorizer, Vec<SparseRow>)> {
        config.validate()?;
        if docs.is_empty() {
            return Err(FeatureError::Empty);
        }
        let lex = Lexicons::builtin();
        // Provisional ids in order of first appearance.
        let mut table = TermTable::default();
        let mut keys: Vec<String> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut last_doc: Vec<u32> = Vec::new();
        let mut key = String::new();
        let mut per_doc: Vec<(SparseRow, Vec<u32>, Vec<u32>)> = Vec::with_capacity(docs.len());
        for (d, (text, target)) in docs.iter().enumerate() {
            let d = d as u32;
            let a = analyze(text, &lex);
            let mask = target_mask(&a, *target, &lex);
            let mut dense = SparseRow::default();
            dense_features(config, &lex, &a, mask.as_ref(), &mut dense);
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
            per_doc.push((dense, words, chars));
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
        let n = docs.len() as f64;
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
                "built with other cue lexicons (hash {}, this build has {}); retrain the model",
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
        Ok(Vectorizer {
            data,
            lex: Lexicons::builtin(),
            table,
            compiled,
        })
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

    /// Turns a sentence (and optional target) into a sparse row.
    pub fn transform(&self, text: &str, target: Option<&str>) -> SparseRow {
        // One target: a single pass, without the reusable parts `prepare` keeps.
        let cfg = &self.data.config;
        let a = analyze(text, &self.lex);
        let mask = target_mask(&a, target, &self.lex);
        let mut row = SparseRow::default();
        dense_features(cfg, &self.lex, &a, mask.as_ref(), &mut row);

        let mut buf = String::new();
        let mut hits: Vec<u32> = Vec::new();
        let terms = &self.data.terms;
        let m = mask.as_ref().map(|m| m.0.as_slice());
        for_each_word_ngram(&a, cfg, m, &mut buf, |kind, s| {
            if let Some(id) = self.table.get(terms, kind, s) {
                hits.push(id + N_DENSE as u32);
            }
        });
        let words = self.weigh_block(&mut hits);
        if let Some(r) = cfg.char_ngrams {
            for_each_char_ngram(&a, r, &mut buf, |kind, s| {
                if let Some(id) = self.table.get(terms, kind, s) {
                    hits.push(id + N_DENSE as u32);
                }
            });
        }
        let chars = self.weigh_block(&mut hits);
        // Every `c:` term sorts before every `w:` term, so the blocks are disjoint
        // and the character block has the smaller indices.
        for (j, v) in chars.into_iter().chain(words) {
            row.indices.push(j);
            row.values.push(v);
        }
        row
    }

    /// The part of [`Vectorizer::transform`] that does not depend on the
    /// target: words, negation, cue hits and the n-gram blocks. Pass it to
    /// [`Vectorizer::transform_prepared`] once per target.
    pub fn prepare(&self, text: &str) -> PreparedText {
        let cfg = &self.data.config;
        let a = analyze(text, &self.lex);
        let mut cues = [0.0f64; N_CUES];
        cue_features(cfg, &self.lex, &a, &mut cues);
        let mut buf = String::new();
        let mut word_hits: Vec<u32> = Vec::new();
        let terms = &self.data.terms;
        for_each_word_ngram(&a, cfg, None, &mut buf, |kind, s| {
            if let Some(id) = self.table.get(terms, kind, s) {
                word_hits.push(id + N_DENSE as u32);
            }
        });
        let mut hits = word_hits.clone();
        let words = self.weigh_block(&mut hits);
        if let Some(r) = cfg.char_ngrams {
            for_each_char_ngram(&a, r, &mut buf, |kind, s| {
                if let Some(id) = self.table.get(terms, kind, s) {
                    hits.push(id + N_DENSE as u32);
                }
            });
        }
        let chars = self.weigh_block(&mut hits);
        PreparedText {
            a,
            cues,
            word_hits,
            words,
            chars,
        }
    }

    /// The row of a prepared sentence toward `target`; equal to
    /// `transform(text, target)`.
    pub fn transform_prepared(&self, p: &PreparedText, target: Option<&str>) -> SparseRow {
        let cfg = &self.data.config;
        let mask = target_mask(&p.a, target, &self.lex);
        let mut row = SparseRow::default();
        let mut dense = [0.0f64; N_DENSE];
        dense[..N_CUES].copy_from_slice(&p.cues);
        target_features(cfg, &p.a, mask.as_ref(), &mut dense);
        push_dense(&dense, &mut row);

        let mut hits: Vec<u32> = Vec::new();
        let m = mask.as_ref().map(|m| m.0.as_slice());
        let terms = &self.data.terms;
        let mut buf = String::new();
        for_each_target_ngram(&p.a, cfg, m, &mut buf, |kind, s| {
            if let Some(id) = self.table.get(terms, kind, s) {
                hits.push(id + N_DENSE as u32);
            }
        });
        let masked_words;
        let words: &[(u32, f64)] = if hits.is_empty() {
            &p.words
        } else {
            hits.extend_from_slice(&p.word_hits);
            masked_words = self.weigh_block(&mut hits);
            &masked_words
        };
        // Every `c:` term sorts before every `w:` term, so the blocks are disjoint
        // and the character block has the smaller indices.
        let n = row.indices.len() + p.chars.len() + words.len();
        row.indices.reserve(n);
        row.values.reserve(n);
        for &(j, v) in p.chars.iter().chain(words) {
            row.indices.push(j);
            row.values.push(v);
        }
        row
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
    fn weigh_block(&self, hits: &mut Vec<u32>) -> Vec<(u32, f64)> {
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

/// Writes the cue and target-relation features (columns below 13) into `row`.
fn dense_features(
    cfg: &FeatureConfig,
    lex: &Lexicons,
    a: &Analyzed,
    target: Option<&(Vec<bool>, usize, usize)>,
    row: &mut SparseRow,
) {
    let mut dense = [0.0f64; N_DENSE];
    let mut cues = [0.0f64; N_CUES];
    cue_features(cfg, lex, a, &mut cues);
    dense[..N_CUES].copy_from_slice(&cues);
    target_features(cfg, a, target, &mut dense);
    push_dense(&dense, row);
}

/// The cue features (columns below 9), which do not depend on the target.
fn cue_features(cfg: &FeatureConfig, lex: &Lexicons, a: &Analyzed, dense: &mut [f64; N_CUES]) {
    let w = cfg.cue_weight;
    if cfg.cues {
        let refuting = lex.refuting.hits(&a.words);
        let supporting = lex.supporting.hits(&a.words);
        let flags = [
            refuting.plain > 0,
            refuting.negated > 0,
            supporting.plain > 0,
            supporting.negated > 0,
            lex.hedging.hits(&a.words).plain > 0,
            lex.reporting.hits(&a.words).plain > 0,
            a.quote,
            a.question,
            a.negation,
        ];
        for (d, f) in dense.iter_mut().zip(flags) {
            if f {
                *d = w;
            }
        }
    }
}

/// The target-relation features (columns 9 to 12).
fn target_features(
    cfg: &FeatureConfig,
    a: &Analyzed,
    target: Option<&(Vec<bool>, usize, usize)>,
    dense: &mut [f64; N_DENSE],
) {
    if let Some((mask, matched, stems)) = target {
        let negated = a.words.iter().zip(mask).any(|(word, &m)| m && word.negated);
        set_target_features(cfg, *matched, *stems, negated, dense);
    }
}

/// Columns 9 to 12 from `matched` of `stems` target stems found in the text,
/// and whether one was found inside a negation scope.
pub(crate) fn set_target_features(
    cfg: &FeatureConfig,
    matched: usize,
    stems: usize,
    negated: bool,
    dense: &mut [f64; N_DENSE],
) {
    if cfg.target_features {
        let w = cfg.cue_weight;
        dense[N_CUES] = w * matched as f64 / stems as f64;
        dense[N_CUES + 1] = if matched > 0 { w } else { 0.0 };
        dense[N_CUES + 2] = if negated { w } else { 0.0 };
        dense[N_CUES + 3] = if matched == 0 { w } else { 0.0 };
    }
}

/// Appends the non-zero dense features to `row`.
fn push_dense(dense: &[f64; N_DENSE], row: &mut SparseRow) {
    for (j, &v) in dense.iter().enumerate() {
        if v != 0.0 {
            row.indices.push(j as u32);
            row.values.push(v);
        }
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
