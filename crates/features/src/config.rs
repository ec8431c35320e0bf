//! Settings of the feature extractor.

use crate::{FeatureError, Result};

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
