//! The reference transform (tests only): every n-gram built as a string and
//! looked up in the vocabulary. It is the oracle the labeling path
//! ([`crate::Scratch`]) is checked against.

use crate::columns::N_DENSE;
use crate::ngrams::{dense_features, for_each_char_ngram, for_each_word_ngram, target_mask};
use crate::text::analyze;
use crate::{SparseRow, Vectorizer};

impl Vectorizer {
    /// Turns a sentence (and optional target) into a sparse row, sorted by
    /// column, by building every n-gram string.
    pub fn transform(&self, text: &str, target: Option<&str>) -> SparseRow {
        // One target: a single pass, without the reusable parts `prepare` keeps.
        let cfg = self.config();
        let a = analyze(text, self.lexicons());
        let mask = target_mask(
            &a,
            target,
            target.and_then(|t| self.term_matcher(t)),
            self.lexicons(),
        );
        let mut row = SparseRow::default();
        dense_features(cfg, self.lexicons(), &a, target, mask.as_ref(), &mut row);

        let mut buf = String::new();
        let mut hits: Vec<u32> = Vec::new();
        let m = mask.as_ref().map(|m| m.0.as_slice());
        for_each_word_ngram(&a, cfg, m, &mut buf, |kind, s| {
            if let Some(id) = self.term_id(kind, s) {
                hits.push(id + N_DENSE as u32);
            }
        });
        let words = self.weigh_block(&mut hits);
        if let Some(r) = cfg.char_ngrams {
            for_each_char_ngram(&a, r, &mut buf, |kind, s| {
                if let Some(id) = self.term_id(kind, s) {
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
}
