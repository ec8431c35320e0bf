//! What a sentence is made of as features, by name: word and character
//! n-gram strings, the words that name the target, cue and target features.
//! Fitting builds the vocabulary from these; the labeling path
//! ([`crate::Scratch`]) computes the same columns without building strings.

use std::borrow::Cow;

use crate::columns::{
    drop_aimed_refuting, push_dense, set_relation_features, set_target_features, target_direction,
    RelWord, AGAINST_WORD, CONCESSIVE_WORDS, MODAL_WORDS, N_CUES, N_DENSE, REPORT_VERBS,
    TARGET_TOKEN, TOPIC_WORDS,
};
use crate::config::FeatureConfig;
use crate::lexicon::Lexicons;
use crate::target_terms::TermMatcher;
use crate::terms::Kind;
use crate::text::{content_words, stem, Analyzed, Word};
use crate::SparseRow;

/// Which words of a sentence name the target, how many distinct target stems
/// matched, and how many the target has.
pub(crate) type TargetMask = (Vec<bool>, usize, usize);

/// Calls `f` with every word n-gram (negation-marked words joined by spaces),
/// then, if `mask` marks target words, with the n-grams that contain one, the
/// target words replaced by `<T>`.
pub(crate) fn for_each_word_ngram(
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
fn mark<'a>(config: &FeatureConfig, w: &Word, text: &'a str) -> Cow<'a, str> {
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
pub(crate) fn for_each_target_ngram(
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

/// Which words of `a` name the target, how many of its stems matched and how
/// many it has. A target with declared `terms` is named by its terms only (one
/// "stem": mentioned or not); otherwise by content words sharing a stem with
/// the target's own content words.
pub(crate) fn target_mask(
    a: &Analyzed,
    target: Option<&str>,
    terms: Option<&TermMatcher>,
    lex: &Lexicons,
) -> Option<TargetMask> {
    let target = target?;
    if let Some(terms) = terms {
        let mut mask = vec![false; a.words.len()];
        let found = terms.mark(
            |i| a.words[i].text.as_str(),
            a.words.len(),
            |_| true,
            &mut mask,
        );
        return Some((mask, usize::from(found.all > 0), 1));
    }
    let stems = target_stems(target, lex);
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
pub(crate) fn for_each_char_ngram(
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

/// Writes the cue and target-relation features (the dense columns) into `row`.
pub(crate) fn dense_features(
    cfg: &FeatureConfig,
    lex: &Lexicons,
    a: &Analyzed,
    target: Option<&str>,
    mask: Option<&TargetMask>,
    row: &mut SparseRow,
) {
    let mut dense = [0.0f64; N_DENSE];
    let mut cues = [0.0f64; N_CUES];
    cue_features(cfg, lex, a, &mut cues);
    dense[..N_CUES].copy_from_slice(&cues);
    target_features(cfg, a, mask, &mut dense);
    if let Some(t) = target {
        let m = mask.map(|m| m.0.as_slice());
        if let Some(m) = m {
            drop_aimed_refuting(
                &mut dense,
                lex.refuting.hits(&a.words).plain,
                a.words.len(),
                |i| a.words[i].text == AGAINST_WORD,
                |i| a.words[i].negated,
                |i| m[i],
            );
        }
        set_relation_features(
            cfg,
            a.words.len(),
            |i| {
                let w = &a.words[i];
                RelWord {
                    polarity: if w.in_name || w.questioned {
                        0
                    } else {
                        lex.polarity(&w.text)
                    },
                    shift: if w.questioned { 0 } else { lex.shift(&w.text) },
                    negated: w.negated,
                    contrast: lex.contrast.contains_word(&w.text),
                    concessive: CONCESSIVE_WORDS.contains(&w.text.as_str()),
                    target: m.is_some_and(|m| m[i]),
                    against: w.text == AGAINST_WORD,
                    topic: TOPIC_WORDS.contains(&w.text.as_str()),
                    modal: MODAL_WORDS.contains(&w.text.as_str()),
                    report: REPORT_VERBS.contains(&w.text.as_str()),
                    clause: w.clause,
                }
            },
            target_direction(t, lex),
            &mut dense,
        );
    }
    push_dense(&dense, row);
}

/// The cue features (the first `N_CUES` columns), which do not depend on the target.
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
            a.words.iter().any(|w| lex.contrast.contains_word(&w.text)),
        ];
        for (d, f) in dense.iter_mut().zip(flags) {
            if f {
                *d = w;
            }
        }
    }
}

/// The `target:*` features.
fn target_features(
    cfg: &FeatureConfig,
    a: &Analyzed,
    target: Option<&TargetMask>,
    dense: &mut [f64; N_DENSE],
) {
    if let Some((mask, matched, stems)) = target {
        let negated = a.words.iter().zip(mask).any(|(word, &m)| m && word.negated);
        set_target_features(cfg, *matched, *stems, negated, dense);
    }
}
