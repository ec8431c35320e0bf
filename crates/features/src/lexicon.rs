//! Cue lexicons, kept as data files in `crates/features/lexicons/`.
//!
//! Syntax, one entry per line: a lowercase word (`hoax`), a prefix with a
//! trailing `*` (`deni*` matches `denies`, `denied`), or several words that
//! must appear in sequence (`according to`). `#` starts a comment line.

use std::collections::BTreeSet;

use crate::stable::StableMap;

use crate::word::{finish_word, Word};

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
    /// Matches that start inside an indirect question (`asked whether
    /// Paris would back`), counted in neither of the above.
    pub questioned: usize,
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
            // Words as the tokenizer leaves them ("it's" is "it").
            let mut parts: Vec<String> = line
                .split_whitespace()
                .map(|w| finish_word(w.to_string()))
                .collect();
            if parts.len() > 1 {
                lex.phrases.push(parts);
            } else if let Some(p) = line.strip_suffix('*') {
                if !p.is_empty() {
                    lex.prefixes.push(p.to_string());
                }
            } else if let Some(w) = parts.pop() {
                lex.words.insert(w);
            }
        }
        lex.prefixes.sort();
        lex.prefixes.dedup();
        lex.phrases.sort();
        lex.phrases.dedup();
        lex
    }

    /// The lexicon with the plural of each single word added ("injury":
    /// "injuries", "tax": "taxes", "death": "deaths").
    fn with_plurals(mut self) -> Lexicon {
        let plural = |w: &str| -> String {
            if let Some(stem) = w
                .strip_suffix('y')
                .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
            {
                format!("{stem}ies")
            } else if w.ends_with(['s', 'x', 'z']) || w.ends_with("ch") || w.ends_with("sh") {
                format!("{w}es")
            } else {
                format!("{w}s")
            }
        };
        let extra: Vec<String> = self.words.iter().map(|w| plural(w)).collect();
        self.words.extend(extra);
        self
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
            let phrase = !single
                && self
                    .phrases_at(words.len(), i, |k| words[k].text.as_str())
                    .next()
                    .is_some();
            if single || phrase {
                if w.questioned {
                    h.questioned += 1;
                } else if w.negated {
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

    /// The lengths of the phrases that occur at word `i` of the `n` words
    /// `word(k)`.
    pub(crate) fn phrases_at<'a, 'w>(
        &'a self,
        n: usize,
        i: usize,
        word: impl Fn(usize) -> &'w str + 'a,
    ) -> impl Iterator<Item = usize> + 'a {
        self.phrases_starting_with(word(i))
            .iter()
            .filter(move |p| {
                p.len() <= n - i && p.iter().enumerate().all(|(k, t)| word(i + k) == t)
            })
            .map(Vec::len)
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
    /// Words that raise or keep what follows ("increases", "protects").
    pub raising: Lexicon,
    /// Words that lower or end what follows ("reduces", "undermines").
    pub lowering: Lexicon,
    /// Words that open a new clause ("which", "because"); contrast markers
    /// do too ([`Lexicons::opens_clause`]).
    pub clause_openers: Lexicon,
    /// Names of institutions ("Security Council") whose words carry no
    /// polarity in a headline in title case ([`crate::text::Word::in_name`]).
    pub names: Lexicon,
    /// [`Lexicons::polarity`] of every listed word, and the prefixes.
    polar: PolarityTable,
    /// [`Lexicons::shift`] of every raising, lowering or reversing word.
    shifts: StableMap<Box<str>, i8>,
}

/// The polarity lexicons merged into one lookup: a word in a word list is
/// one hash probe instead of a search in each of five sets.
#[derive(Clone, PartialEq, Eq)]
struct PolarityTable {
    words: StableMap<Box<str>, i8>,
    /// Prefix entries: (prefix, +1 for positive/supporting, -1 else).
    prefixes: Vec<(String, i8)>,
}

impl std::fmt::Debug for PolarityTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolarityTable")
            .field("words", &self.words.len())
            .field("prefixes", &self.prefixes.len())
            .finish()
    }
}

impl PolarityTable {
    fn new(up: &[&Lexicon], down: &[&Lexicon]) -> Self {
        let mut prefixes = Vec::new();
        for (lexes, sign) in [(up, 1i8), (down, -1i8)] {
            for lex in lexes {
                prefixes.extend(lex.prefixes.iter().map(|p| (p.clone(), sign)));
            }
        }
        let mut table = PolarityTable {
            words: StableMap::default(),
            prefixes,
        };
        let listed: BTreeSet<&String> = up.iter().chain(down).flat_map(|l| &l.words).collect();
        for w in listed {
            let (u, d) = (
                up.iter().any(|l| l.contains_word(w)),
                down.iter().any(|l| l.contains_word(w)),
            );
            table
                .words
                .insert(w.as_str().into(), i8::from(u) - i8::from(d));
        }
        table
    }

    fn get(&self, w: &str) -> i8 {
        if let Some(&p) = self.words.get(w) {
            return p;
        }
        let (mut up, mut down) = (false, false);
        for (p, sign) in &self.prefixes {
            if w.starts_with(p.as_str()) {
                if *sign > 0 {
                    up = true;
                } else {
                    down = true;
                }
            }
        }
        i8::from(up) - i8::from(down)
    }
}

impl Lexicons {
    /// The lexicons shipped in `crates/features/lexicons/`.
    pub fn builtin() -> Lexicons {
        let positive = Lexicon::parse(include_str!("../lexicons/positive.txt"));
        let negative = Lexicon::parse(include_str!("../lexicons/negative.txt"));
        let refuting = Lexicon::parse(include_str!("../lexicons/refuting.txt"));
        let supporting = Lexicon::parse(include_str!("../lexicons/supporting.txt"));
        let reversing = Lexicon::parse(include_str!("../lexicons/reversing.txt"));
        let good = Lexicon::parse(include_str!("../lexicons/good-outcomes.txt")).with_plurals();
        let bad = Lexicon::parse(include_str!("../lexicons/bad-outcomes.txt")).with_plurals();
        let approving = Lexicon::parse(include_str!("../lexicons/good-judgements.txt"));
        let disapproving = Lexicon::parse(include_str!("../lexicons/bad-judgements.txt"));
        let polar = PolarityTable::new(
            &[&positive, &supporting, &good, &approving],
            &[&negative, &refuting, &reversing, &bad, &disapproving],
        );
        let raising = Lexicon::parse(include_str!("../lexicons/raising.txt"));
        let lowering = Lexicon::parse(include_str!("../lexicons/lowering.txt"));
        let mut shifts = StableMap::default();
        for w in lowering.words.iter().chain(&reversing.words) {
            shifts.insert(w.as_str().into(), -1);
        }
        for w in &raising.words {
            let s = shifts.entry(w.as_str().into()).or_insert(0);
            *s = if *s < 0 { 0 } else { 1 };
        }
        Lexicons {
            negators: Lexicon::parse(include_str!("../lexicons/negators.txt")),
            refuting,
            supporting,
            hedging: Lexicon::parse(include_str!("../lexicons/hedging.txt")),
            reporting: Lexicon::parse(include_str!("../lexicons/reporting.txt")),
            stopwords: Lexicon::parse(include_str!("../lexicons/stopwords.txt")),
            positive,
            negative,
            contrast: Lexicon::parse(include_str!("../lexicons/contrast.txt")),
            reversing,
            raising,
            lowering,
            clause_openers: Lexicon::parse(include_str!("../lexicons/clause-openers.txt")),
            names: Lexicon::parse(include_str!("../lexicons/names.txt")),
            polar,
            shifts,
        }
    }

    /// True if `w` starts a new clause: a clause opener or a contrast marker.
    pub fn opens_clause(&self, w: &str) -> bool {
        self.clause_openers.contains_word(w) || self.contrast.contains_word(w)
    }

    /// The polarity of one word on its own: +1 if it is positive or
    /// supporting, -1 if it is negative, refuting or reversing, 0 if both or
    /// neither.
    pub fn polarity(&self, w: &str) -> i8 {
        self.polar.get(w)
    }

    /// +1 if `w` raises or keeps what follows it, -1 if it lowers or ends
    /// it (lowering and reversing words), 0 otherwise or if both.
    pub fn shift(&self, w: &str) -> i8 {
        self.shifts.get(w).copied().unwrap_or(0)
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
    fn polarity_table_agrees_with_the_lists() {
        let all = Lexicons::builtin();
        let by_lists = |w: &str| {
            let up = all.positive.contains_word(w) || all.supporting.contains_word(w);
            let down = all.negative.contains_word(w)
                || all.refuting.contains_word(w)
                || all.reversing.contains_word(w);
            i8::from(up) - i8::from(down)
        };
        let mut words: Vec<&str> =
            ["denies", "confirmed", "ban", "good", "xyzzy", "hoax", ""].to_vec();
        for lex in [
            &all.positive,
            &all.negative,
            &all.supporting,
            &all.refuting,
            &all.reversing,
        ] {
            words.extend(lex.words.iter().map(String::as_str));
            words.extend(lex.prefixes.iter().map(String::as_str));
        }
        for w in words {
            assert_eq!(all.polarity(w), by_lists(w), "{w}");
        }
        assert_eq!(all.polarity("good"), 1);
        assert_eq!(all.polarity("xyzzy"), 0);
    }

    #[test]
    fn outcome_words_count_in_the_plural_too() {
        let all = Lexicons::builtin();
        for (w, p) in [("injuries", -1), ("deaths", -1), ("taxes", 0), ("jobs", 1)] {
            assert_eq!(all.polarity(w), p, "{w}");
        }
        assert_eq!(all.polarity("casualty"), -1);
        // VADER words are not pluralised: "means" is not "mean".
        assert_eq!(all.polarity("means"), 0);
    }

    #[test]
    fn saying_it_is_time_for_something_supports_it() {
        let all = Lexicons::builtin();
        let supporting = |text: &str| all.supporting.hits(&crate::text::analyze(text, &all).words);
        for text in [
            "It is time for measures that actually bite.",
            "It's time to talk.",
            "It is high time the embargo went.",
            "The time has come for talks.",
        ] {
            assert_eq!(supporting(text).plain, 1, "{text}");
        }
        for text in [
            "From time to time they talk.",
            "At the time, the talks stalled.",
        ] {
            assert_eq!(supporting(text), Hits::default(), "{text}");
        }
    }

    #[test]
    fn judgements_on_a_policy_are_polar() {
        let all = Lexicons::builtin();
        for (w, p) in [
            ("feasible", 1),
            ("proportionate", 1),
            ("disproportionate", -1),
            ("indiscriminate", -1),
            ("backfired", -1),
            // Only the listed forms: no plurals of adjectives.
            ("feasibles", 0),
        ] {
            assert_eq!(all.polarity(w), p, "{w}");
        }
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
            &all.clause_openers,
        ] {
            assert!(!l.is_empty());
        }
    }
}
