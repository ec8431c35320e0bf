//! The word type shared by the tokenizer and the lexicons.

/// One word of a sentence, lowercased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The lowercased word (curly apostrophes folded to `'`, possessive `'s` removed).
    pub text: String,
    /// True if the word lies inside a negation scope.
    pub negated: bool,
    /// True if the word lies inside an indirect question ("asked whether
    /// Paris would back sanctions"): what it says is asked, not asserted.
    pub questioned: bool,
    /// Index of its clause in the sentence (from 0): a clause ends at
    /// punctuation and before a word that opens one ("but", "which").
    pub clause: u32,
    /// Part of a name of two or more capitalized words ("Security
    /// Council") in a sentence not in title case: its polarity does not
    /// count.
    pub in_name: bool,
}

/// Drops a possessive or contracted `'s`, as the tokenizer does.
pub(crate) fn finish_word(mut w: String) -> String {
    if w.len() > 2 && w.ends_with("'s") {
        w.truncate(w.len() - 2);
    }
    w
}
