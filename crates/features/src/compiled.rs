//! Word n-gram terms compiled to word ids, and the deterministic hash map
//! the labeling path uses.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::columns::{N_DENSE, TARGET_TOKEN};
use crate::stable::StableMap;

/// No column, or no word id.
pub(crate) const NONE: u32 = u32::MAX;

/// Word n-gram terms compiled to word ids (part of a [`Vectorizer`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Compiled {
    /// Words of the word n-gram terms (without `NEG_`) to word ids.
    pub(crate) words: StableMap<Box<str>, u32>,
    /// The id of `<T>`.
    pub(crate) target_word: u32,
    /// Column of each unigram token (`id * 2 + negated`), or `NONE`.
    pub(crate) unigrams: Vec<u32>,
    /// Columns of n-grams of two to four tokens, by [`pack`]ed tokens.
    pub(crate) ngrams: StableMap<u128, u32>,
    /// Distinguishes vectorizers, so a scratch never serves the wrong one.
    pub(crate) id: u64,
}

/// Packs up to four token ids (each below `2^31`) into one key.
pub(crate) fn pack(tokens: &[u32]) -> u128 {
    tokens
        .iter()
        .enumerate()
        .fold(0u128, |k, (i, &t)| k | (u128::from(t + 1) << (32 * i)))
}

/// Ids that tell vectorizers and projections apart.
pub(crate) static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Compiled {
    /// Compiles the `w:` terms of a sorted vocabulary (column = index + 13).
    pub(crate) fn build(terms: &[String]) -> Compiled {
        let mut c = Compiled {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            ..Compiled::default()
        };
        let word_of = |w: &str, c: &mut Compiled| -> u32 {
            if let Some(&id) = c.words.get(w) {
                return id;
            }
            let id = c.words.len() as u32;
            c.words.insert(w.into(), id);
            id
        };
        c.target_word = word_of(TARGET_TOKEN, &mut c);
        let mut tokens: Vec<u32> = Vec::with_capacity(4);
        for (i, term) in terms.iter().enumerate() {
            let Some(gram) = term.strip_prefix("w:") else {
                continue;
            };
            tokens.clear();
            for piece in gram.split(' ') {
                let (neg, w) = match piece.strip_prefix("NEG_") {
                    Some(w) => (1, w),
                    None => (0, piece),
                };
                tokens.push(word_of(w, &mut c) * 2 + neg);
            }
            let column = (i + N_DENSE) as u32;
            match tokens.len() {
                1 => {
                    let t = tokens[0] as usize;
                    if c.unigrams.len() <= t {
                        c.unigrams.resize(t + 1, NONE);
                    }
                    c.unigrams[t] = column;
                }
                2..=4 => {
                    c.ngrams.insert(pack(&tokens), column);
                }
                _ => {}
            }
        }
        c
    }

    /// A new id, so scratches forget what they cached for this vectorizer.
    pub(crate) fn renew_id(&mut self) {
        self.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn unigram(&self, token: u32) -> u32 {
        self.unigrams.get(token as usize).copied().unwrap_or(NONE)
    }
}
