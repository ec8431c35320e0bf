//! The word type shared by the tokenizer and the lexicons.

/// One word of a sentence, lowercased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The lowercased word (curly apostrophes folded to `'`, possessive `'s` removed).
    pub text: String,
    /// True if the word lies inside a negation scope.
    pub negated: bool,
}
