//! Cue lexicons, kept as data files in `crates/features/lexicons/`.
//!
//! Syntax, one entry per line: a lowercase word (`hoax`), a prefix with a
//! trailing `*` (`deni*` matches `denies`, `denied`), or several words that
//! must appear in sequence (`according to`). `#` starts a comment line.

use std::collections::BTreeSet;

use crate::word::Word;

/// One cue list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    words: BTreeSet<String>,
    prefixes: Vec<String>,
    phrases: Vec<Vec<String>>,
}

/// Hits of a lexicon in a sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hits {
    /// Matches outside any negation scope.
    pub plain: usize,
    /// Matches that start inside a negation scope (`did not confirm`).
    pub negated: usize,
}

impl Lexicon {
    /// Parses the lexicon syntax described in the module docs.
    pub fn parse(text: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let line = line.to_lowercase();
            let parts: Vec<String> = line.split_whitespace().map(str::to_string).collect();
            if parts.len() > 1 {
                lex.phrases.push(parts);
            } else if let Some(p) = line.strip_suffix('*') {
                if !p.is_empty() {
                    lex.prefixes.push(p.to_string());
                }
            } else {
                lex.words.insert(line);
            }
        }
        lex.prefixes.sort();
        lex.prefixes.dedup();
        lex.phrases.sort();
        lex.phrases.dedup();
        lex
    }

    /// True if the single word `w` is an entry or starts with a prefix entry.
    pub fn contains_word(&self, w: &str) -> bool {
        self.words.contains(w) || self.prefixes.iter().any(|p| w.starts_with(p.as_str()))
    }

    /// Counts entries in `words` (phrases count once per occurrence).
    pub fn hits(&self, words: &[Word]) -> Hits {
        let mut h = Hits::default();
        for (i, w) in words.iter().enumerate() {
            let single = self.contains_word(&w.text);
            // Phrases are sorted, so those starting with this word are adjacent.
            let first = self
                .phrases
                .partition_point(|p| p[0].as_str() < w.text.as_str());
            let phrase = !single
                && self.phrases[first..]
                    .iter()
                    .take_while(|p| p[0] == w.text)
                    .any(|p| {
                        p.len() <= words.len() - i
                            && p.iter().zip(&words[i..]).all(|(a, b)| *a == b.text)
                    });
            if single || phrase {
                if w.negated {
                    h.negated += 1;
                } else {
                    h.plain += 1;
                }
            }
        }
        h
    }

    /// The phrases whose first word is `w`.
    pub(crate) fn phrases_starting_with(&self, w: &str) -> &[Vec<String>] {
        // Phrases are sorted, so those starting with `w` are adjacent.
        let first = self.phrases.partition_point(|p| p[0].as_str() < w);
        let len = self.phrases[first..]
            .iter()
            .take_while(|p| p[0] == w)
            .count();
        &self.phrases[first..first + len]
    }

    /// True if a phrase starts with the word `w`.
    pub(crate) fn starts_phrase(&self, w: &str) -> bool {
        !self.phrases_starting_with(w).is_empty()
    }

    /// Number of entries (words, prefixes and phrases).
    pub fn len(&self) -> usize {
        self.words.len() + self.prefixes.len() + self.phrases.len()
    }

    /// True if the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The cue lexicons used by the features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexicons {
    /// Words that open a negation scope.
    pub negators: Lexicon,
    /// Denial, debunking and opposition.
    pub refuting: Lexicon,
    /// Confirmation, endorsement and demands.
    pub supporting: Lexicon,
    /// Hedges and reported, unconfirmed claims.
    pub hedging: Lexicon,
    /// Attribution: reporting verbs and `according to`.
    pub reporting: Lexicon,
    /// Function words ignored when text and target are compared.
    pub stopwords: Lexicon,
    /// Positive words (from VADER, MIT licence).
    pub positive: Lexicon,
    /// Negative words (from VADER, MIT licence).
    pub negative: Lexicon,
    /// Contrast markers: the main point follows the last one.
    pub contrast: Lexicon,
    /// Words that turn a target around (ban, abolish, lift).
    pub reversing: Lexicon,
}

impl Lexicons {
    /// The lexicons shipped in `crates/features/lexicons/`.
    pub fn builtin() -> Lexicons {
        Lexicons {
            negators: Lexicon::parse(include_str!("../lexicons/negators.txt")),
            refuting: Lexicon::parse(include_str!("../lexicons/refuting.txt")),
            supporting: Lexicon::parse(include_str!("../lexicons/supporting.txt")),
            hedging: Lexicon::parse(include_str!("../lexicons/hedging.txt")),
            reporting: Lexicon::parse(include_str!("../lexicons/reporting.txt")),
            stopwords: Lexicon::parse(include_str!("../lexicons/stopwords.txt")),
            positive: Lexicon::parse(include_str!("../lexicons/positive.txt")),
            negative: Lexicon::parse(include_str!("../lexicons/negative.txt")),
            contrast: Lexicon::parse(include_str!("../lexicons/contrast.txt")),
            reversing: Lexicon::parse(include_str!("../lexicons/reversing.txt")),
        }
    }

    /// The polarity of one word on its own: +1 if it is positive or
    /// supporting, -1 if it is negative, refuting or reversing, 0 if both or
    /// neither.
    pub fn polarity(&self, w: &str) -> i8 {
        let up = self.positive.contains_word(w) || self.supporting.contains_word(w);
        let down = self.negative.contains_word(w)
            || self.refuting.contains_word(w)
            || self.reversing.contains_word(w);
        i8::from(up) - i8::from(down)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_words_prefixes_phrases() {
        let lex = Lexicon::parse("# c\nhoax\ndeni*\naccording to\n\n*\n");
        assert_eq!(lex.len(), 3);
        assert!(lex.contains_word("hoax") && lex.contains_word("denies"));
        assert!(!lex.contains_word("hoaxes") && !lex.contains_word("according"));
    }

    #[test]
    fn builtin_lexicons_are_not_empty() {
        let all = Lexicons::builtin();
        for l in [
            &all.negators,
            &all.refuting,
            &all.supporting,
            &all.hedging,
            &all.reporting,
            &all.stopwords,
            &all.positive,
            &all.negative,
            &all.contrast,
            &all.reversing,
        ] {
            assert!(!l.is_empty());
        }
    }
}
