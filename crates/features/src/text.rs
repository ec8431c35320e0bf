//! Tokenization and negation scope.

use crate::lexicon::Lexicons;
use crate::word::finish_word;
pub use crate::word::Word;

/// A sentence split into words, with the surface cues the features need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analyzed {
    /// Words in order (punctuation removed).
    pub words: Vec<Word>,
    /// The text contains a question mark.
    pub question: bool,
    /// The text contains a quotation mark (straight or typographic double quotes,
    /// or guillemets).
    pub quote: bool,
    /// The text contains a negator.
    pub negation: bool,
}

/// Punctuation that ends a negation scope.
pub(crate) fn ends_scope(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2014}'
            | '\u{2013}'
            | '\u{2026}'
    )
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

pub(crate) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}'
    )
}

/// True if a hashtag breaks into a new word at `c`, after `prev` and before
/// `next`: at a capital after a lowercase letter or a digit, or at the last
/// of a run of capitals before a lowercase letter (`#StopTheWar`: stop, the,
/// war; `#G20Summit`: g20, summit; `#NATOSummit`: nato, summit).
pub(crate) fn camel_break(prev: char, c: char, next: Option<char>) -> bool {
    c.is_uppercase()
        && (prev.is_lowercase()
            || prev.is_numeric()
            || (prev.is_uppercase() && next.is_some_and(char::is_lowercase)))
}

/// The first character to record for a word starting with `c`: a hashtag's
/// words count as lowercase, so they are never taken for a name.
pub(crate) fn hashtag_first(hashtag: bool, c: char) -> char {
    if hashtag {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// A raw token: a word or a single punctuation character.
#[derive(Debug, PartialEq, Eq)]
enum Tok {
    /// A lowercased word, and its first character as written.
    Word(String, char),
    Punct(char),
}

/// Splits lowercased text into words (letters and digits, with inner apostrophes
/// such as `didn't`) and single punctuation characters. Whitespace is dropped.
/// A hashtag's words ([`camel_break`]) are separate words, none capitalized.
fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut first = ' ';
    let mut chars = text.chars().peekable();
    // The character before `c`, and whether the current word follows a `#`.
    let (mut prev, mut hashtag) = (' ', false);
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            if word.is_empty() {
                hashtag = prev == '#';
                first = hashtag_first(hashtag, c);
            } else if hashtag && camel_break(prev, c, chars.peek().copied()) {
                out.push(Tok::Word(finish_word(std::mem::take(&mut word)), first));
                first = hashtag_first(true, c);
            }
            word.extend(c.to_lowercase());
        } else if is_apostrophe(c)
            && !word.is_empty()
            && chars.peek().is_some_and(|n| n.is_alphabetic())
        {
            word.push('\'');
        } else {
            if !word.is_empty() {
                out.push(Tok::Word(finish_word(std::mem::take(&mut word)), first));
            }
            if !c.is_whitespace() {
                out.push(Tok::Punct(c));
            }
        }
        prev = c;
    }
    if !word.is_empty() {
        out.push(Tok::Word(finish_word(word), first));
    }
    out
}

/// True if a word with these capitals is part of a name of two or more
/// capitalized words ("Security Council", "Peace Corps"), whose own words
/// carry no polarity. `capital(i)`: word `i` of `n` starts with a capital.
/// A sentence in title case ([`TitleCase`]) has no such names.
pub(crate) fn in_name(n: usize, capital: impl Fn(usize) -> bool, i: usize) -> bool {
    capital(i) && ((i > 0 && capital(i - 1)) || (i + 1 < n && capital(i + 1)))
}

/// In a headline in title case, where capitals do not mark names: the
/// words of `n` (`word(i)`) that belong to a known name
/// ([`Lexicons::names`]), longest match first.
pub(crate) fn known_names<'w>(
    lex: &Lexicons,
    n: usize,
    word: impl Fn(usize) -> &'w str,
) -> Vec<bool> {
    let mut marked = vec![false; n];
    let mut i = 0;
    while i < n {
        let len = lex.names.phrases_at(n, i, &word).max().unwrap_or(0);
        marked[i..i + len].iter_mut().for_each(|m| *m = true);
        i += len.max(1);
    }
    marked
}

/// Tells a headline in title case ("Council Splits Over Sanctions") from a
/// sentence: a sentence has a lowercase word of four or more letters.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct TitleCase {
    lowercase_word: bool,
}

impl TitleCase {
    /// Notes one word: its first character as written, and its length in
    /// characters.
    pub(crate) fn see(&mut self, first: char, chars: usize) {
        self.lowercase_word |= first.is_lowercase() && chars >= 4;
    }

    /// True if no word seen was lowercase and four letters or longer.
    pub(crate) fn is_title(self) -> bool {
        !self.lowercase_word
    }
}

/// True if `w` is a negator (from the lexicon, or any `...n't` contraction).
pub fn is_negator(w: &str, lex: &Lexicons) -> bool {
    w.ends_with("n't") || lex.negators.contains_word(w)
}

/// Negators that negate the noun phrase after them, not the rest of the
/// clause: "no alternative to dialogue" denies an alternative, not dialogue.
pub(crate) const PHRASE_NEGATORS: [&str; 2] = ["no", "without"];

/// Words that end the noun phrase of a [`PHRASE_NEGATORS`] negator
/// (prepositions other than "of", subordinators, relative words), sorted:
/// "no measurable job losses | after the increase".
pub(crate) const PHRASE_ENDS: [&str; 37] = [
    "about", "after", "against", "amid", "among", "as", "at", "because", "before", "between", "by",
    "despite", "during", "for", "from", "if", "in", "into", "on", "once", "over", "since", "than",
    "that", "through", "to", "toward", "towards", "under", "unless", "until", "when", "where",
    "which", "while", "who", "with",
];

/// True if `w` is one of [`PHRASE_ENDS`].
pub(crate) fn ends_phrase(w: &str) -> bool {
    PHRASE_ENDS.binary_search(&w).is_ok()
}

/// The word that opens an indirect question: every word after it, up to
/// clause punctuation, is asked about, not asserted ("asked whether Paris
/// would back sanctions, she said ...").
pub(crate) const QUESTION_OPENER: &str = "whether";

/// The negation scope while a sentence is read word by word: after a
/// negator, every word up to clause punctuation is negated, except after
/// "no" or "without", whose scope ends before a [`PHRASE_ENDS`] word that
/// follows a word of it. A clause-wide negator keeps the scope clause-wide.
/// It also keeps the scope of an indirect question ([`QUESTION_OPENER`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NegScope {
    on: bool,
    /// Opened by a phrase negator (and no clause-wide one since).
    phrase: bool,
    /// A word has been read inside the scope.
    seen: bool,
    /// Inside an indirect question.
    question: bool,
}

impl NegScope {
    /// Reads one word (`negator`: any negator; `phrase_negator`: one of
    /// [`PHRASE_NEGATORS`]; `phrase_end`: one of [`PHRASE_ENDS`]) and
    /// returns whether it is negated. A negator is not negated itself.
    pub(crate) fn word(&mut self, negator: bool, phrase_negator: bool, phrase_end: bool) -> bool {
        if negator {
            let clause_wide = self.on && !self.phrase;
            self.phrase = phrase_negator && !clause_wide;
            self.on = true;
            self.seen = false;
            return false;
        }
        if self.on && self.phrase && self.seen && phrase_end {
            self.on = false;
        }
        self.seen |= self.on;
        self.on
    }

    /// Reads the word `w` for the indirect-question scope and returns
    /// whether it is asked about. The opener itself is not.
    pub(crate) fn question(&mut self, w: &str) -> bool {
        let asked = self.question;
        self.question |= w == QUESTION_OPENER;
        asked
    }

    /// Clause punctuation: the scopes end.
    pub(crate) fn end(&mut self) {
        self.on = false;
        self.question = false;
    }
}

/// Tokenizes `text` and marks negation scopes: every word after a negator, up to
/// the next clause punctuation, is `negated`, except that the scope of "no"
/// and "without" is the noun phrase after them ("no alternative to
/// dialogue" does not negate "dialogue"). The negator itself is not.
/// Marks the words of an indirect question, from "whether" to clause
/// punctuation, as `questioned`.
/// Numbers the clauses: a clause ends at such punctuation and before a word
/// that opens one ([`Lexicons::opens_clause`]). Marks the words of
/// capitalized names ([`Word::in_name`]).
pub fn analyze(text: &str, lex: &Lexicons) -> Analyzed {
    let mut a = Analyzed::default();
    let mut scope = NegScope::default();
    // The current clause, and whether it has a word yet.
    let (mut clause, mut open) = (0u32, false);
    let mut capitals = Vec::new();
    let mut title = TitleCase::default();
    for tok in tokenize(text) {
        match tok {
            Tok::Punct(c) => {
                if c == '?' {
                    a.question = true;
                }
                if is_quote(c) {
                    a.quote = true;
                }
                if ends_scope(c) {
                    scope.end();
                    clause += u32::from(open);
                    open = false;
                }
            }
            Tok::Word(w, first) => {
                capitals.push(first.is_uppercase());
                title.see(first, w.chars().count());
                if open && lex.opens_clause(&w) {
                    clause += 1;
                }
                open = true;
                let negator = is_negator(&w, lex);
                a.negation |= negator;
                let negated = scope.word(
                    negator,
                    PHRASE_NEGATORS.contains(&w.as_str()),
                    ends_phrase(&w),
                );
                let questioned = scope.question(&w);
                a.words.push(Word {
                    text: w,
                    negated,
                    questioned,
                    clause,
                    in_name: false,
                });
            }
        }
    }
    if !title.is_title() {
        let n = capitals.len();
        for (i, w) in a.words.iter_mut().enumerate() {
            w.in_name = in_name(n, |k| capitals[k], i);
        }
    } else {
        let names = known_names(lex, a.words.len(), |i| a.words[i].text.as_str());
        for (w, m) in a.words.iter_mut().zip(names) {
            w.in_name = m;
        }
    }
    a
}

/// Content words of a target (`military_action`, or a whole claim sentence):
/// words that are neither stopwords nor negators, in order, deduplicated.
pub fn content_words(target: &str, lex: &Lexicons) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tok in tokenize(target) {
        if let Tok::Word(w, _) = tok {
            if !lex.stopwords.contains_word(&w) && !is_negator(&w, lex) && !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// The lowercased words of `text`, in order (stopwords and negators kept).
pub(crate) fn words_of(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter_map(|t| match t {
            Tok::Word(w, _) => Some(w),
            Tok::Punct(_) => None,
        })
        .collect()
}

/// A crude stem for comparing text and target words: the first six characters
/// (`sanctions`/`sanctioned` and `negotiations`/`negotiators` meet). Shorter
/// words are kept whole and must match exactly.
pub fn stem(w: &str) -> &str {
    match w.char_indices().nth(6) {
        Some((i, _)) => &w[..i],
        None => w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(a: &Analyzed) -> Vec<String> {
        a.words
            .iter()
            .map(|w| {
                if w.negated {
                    format!("NEG_{}", w.text)
                } else {
                    w.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn no_and_without_negate_the_noun_phrase_after_them() {
        let lex = Lexicons::builtin();
        let neg = |t: &str| words(&analyze(t, &lex)).join(" ");
        assert_eq!(
            neg("There is no alternative to dialogue"),
            "there is no NEG_alternative to dialogue"
        );
        assert_eq!(
            neg("No measurable job losses after the increase"),
            "no NEG_measurable NEG_job NEG_losses after the increase"
        );
        // The phrase may hold "of"; a phrase end right after the negator
        // does not end it.
        assert_eq!(
            neg("without the lifting of sanctions on banks"),
            "without NEG_the NEG_lifting NEG_of NEG_sanctions on banks"
        );
        assert_eq!(neg("no to sanctions"), "no NEG_to NEG_sanctions");
        // "not" and the other negators keep the scope to punctuation, also
        // when "no" follows inside it.
        assert_eq!(
            neg("We do not want talks with anyone"),
            "we do not NEG_want NEG_talks NEG_with NEG_anyone"
        );
        assert_eq!(
            neg("They never had any use for no deal with us"),
            "they never NEG_had NEG_any NEG_use NEG_for no NEG_deal NEG_with NEG_us"
        );
        assert_eq!(
            neg("no talks until never ends for them"),
            "no NEG_talks until never NEG_ends NEG_for NEG_them"
        );
        assert!(PHRASE_ENDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn negation_scope_runs_to_punctuation() {
        let lex = Lexicons::builtin();
        let a = analyze("Sanctions are not acceptable now, the envoy said.", &lex);
        assert_eq!(
            words(&a),
            [
                "sanctions",
                "are",
                "not",
                "NEG_acceptable",
                "NEG_now",
                "the",
                "envoy",
                "said"
            ]
        );
        assert!(a.negation && !a.question && !a.quote);
    }

    #[test]
    fn clauses_end_at_punctuation_and_before_openers() {
        let lex = Lexicons::builtin();
        let a = analyze(
            "Sanctions work, but they hurt farmers which is sad (officials said).",
            &lex,
        );
        let clauses: Vec<u32> = a.words.iter().map(|w| w.clause).collect();
        // Sanctions work | but they hurt farmers | which is sad | officials said
        assert_eq!(clauses, [0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3]);
        // An opener at the start of a clause does not open another one.
        let a = analyze("Because talks stalled", &lex);
        assert!(a.words.iter().all(|w| w.clause == 0));
    }

    #[test]
    fn names_of_capitalized_words_are_marked_outside_title_case() {
        let lex = Lexicons::builtin();
        let names = |t: &str| -> Vec<String> {
            analyze(t, &lex)
                .words
                .into_iter()
                .filter(|w| w.in_name)
                .map(|w| w.text)
                .collect()
        };
        assert_eq!(
            names("Diplomats at the U.N. Security Council praised Peace Corps volunteers"),
            ["u", "n", "security", "council", "peace", "corps"]
        );
        // One capital alone (sentence start, "Russia") is no name.
        assert!(names("Security matters, Russia said").is_empty());
        // A headline in title case, where every word is capitalized, has
        // only the known names of names.txt, the longest one first.
        assert_eq!(
            names("Security Council Splits Over Sanctions"),
            ["security", "council"]
        );
        assert_eq!(
            names("Human Rights Watch Faults Peace Talks"),
            ["human", "rights", "watch"]
        );
        assert!(names("Security Improves As Peace Holds").is_empty());
        assert_eq!(names("SECURITY COUNCIL SPLITS"), ["security", "council"]);
    }

    #[test]
    fn hashtags_split_into_lowercase_words() {
        let lex = Lexicons::builtin();
        let a = analyze(
            "Vote #StopTheSanctions and #G20Summit at the UN Security Council",
            &lex,
        );
        assert_eq!(
            words(&a),
            [
                "vote",
                "stop",
                "the",
                "sanctions",
                "and",
                "g20",
                "summit",
                "at",
                "the",
                "un",
                "security",
                "council"
            ]
        );
        // A hashtag's words are not a name; the council still is one.
        let names: Vec<bool> = a.words.iter().map(|w| w.in_name).collect();
        assert_eq!(&names[..8], [false; 8]);
        assert!(names[9..].iter().all(|&n| n));
        // Outside a hashtag, capitals inside a word do not split it.
        assert_eq!(
            words(&analyze("McCain met NATOSummit organizers", &lex)),
            ["mccain", "met", "natosummit", "organizers"]
        );
        assert_eq!(
            words(&analyze("#NATOSummit #ok", &lex)),
            ["nato", "summit", "ok"]
        );
    }

    #[test]
    fn contractions_negate_and_possessives_drop() {
        let lex = Lexicons::builtin();
        let a = analyze("Moscow’s envoy DIDN’T back talks; he left?", &lex);
        assert_eq!(
            words(&a),
            [
                "moscow",
                "envoy",
                "didn't",
                "NEG_back",
                "NEG_talks",
                "he",
                "left"
            ]
        );
        assert!(a.question);
    }

    #[test]
    fn quotes_are_detected() {
        let lex = Lexicons::builtin();
        assert!(analyze("“We will strike,” he said.", &lex).quote);
        assert!(!analyze("We will strike, he said.", &lex).quote);
    }

    #[test]
    fn target_content_words_skip_stopwords() {
        let lex = Lexicons::builtin();
        assert_eq!(
            content_words("military_action", &lex),
            ["military", "action"]
        );
        assert_eq!(
            content_words("The talks will not resume in the spring", &lex),
            ["talks", "resume", "spring"]
        );
    }

    #[test]
    fn stems_are_char_prefixes() {
        assert_eq!(stem("sanctions"), "sancti");
        assert_eq!(stem("talks"), "talks");
        assert_eq!(stem("négociation"), "négoci");
    }

    #[test]
    fn hits_split_plain_and_negated() {
        let all = Lexicons::builtin();
        let a = analyze(
            "Officials did not confirm it, but according to aides they confirmed talks.",
            &all,
        );
        let h = all.supporting.hits(&a.words);
        assert_eq!(
            h,
            crate::lexicon::Hits {
                plain: 1,
                negated: 1,
                questioned: 0
            }
        );
        assert_eq!(all.hedging.hits(&a.words).plain, 1);
    }

    #[test]
    fn an_indirect_question_is_asked_not_asserted() {
        let all = Lexicons::builtin();
        let a = analyze(
            "Asked whether Paris would back sanctions, she said she supported talks.",
            &all,
        );
        let asked: Vec<&str> = a
            .words
            .iter()
            .filter(|w| w.questioned)
            .map(|w| w.text.as_str())
            .collect();
        // Up to the comma; "whether" itself opens the question.
        assert_eq!(asked, ["paris", "would", "back", "sanctions"]);
        let h = all.supporting.hits(&a.words);
        assert_eq!((h.plain, h.negated, h.questioned), (1, 0, 1));
        // Without "whether", the same cue is asserted.
        let b = analyze("Paris would back sanctions.", &all);
        assert_eq!(all.supporting.hits(&b.words).plain, 1);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let lex = Lexicons::builtin();
        for s in [
            "",
            "'",
            "n't",
            "''s",
            "?!",
            "\u{0130}stanbul's",
            "a\u{0301}'",
        ] {
            let _ = analyze(s, &lex);
            let _ = content_words(s, &lex);
        }
    }
}
