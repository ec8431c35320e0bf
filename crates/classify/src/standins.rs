//! Stand-ins: nouns that stand for a declared target named earlier in the
//! same document. "Washington circulated a sanctions package" binds
//! `package` to `sanctions`; a later "Japan backed the package" names no term
//! of `sanctions`, but its stand-in does, and the sentence is read toward
//! `sanctions` as if the noun were the target's first term.
//!
//! Only a stand-in led by a determiner ("the", "this", "such", "its", …, at
//! most [`MAX_GAP`] words before it) refers back: "a new plan" introduces
//! something else. A noun is bound by a sentence that names exactly one
//! declared target and holds the noun joined to one of its terms; a later such
//! sentence rebinds it. A noun for the text a body votes on ("draft",
//! "resolution", "text") refers, even unbound, to the one target all
//! bindings of the document name.

/// Nouns that can stand for a target (lowercase, sorted).
const NOUNS: &[&str] = &[
    "accord",
    "act",
    "agreement",
    "approach",
    "ban",
    "bill",
    "campaign",
    "deal",
    "draft",
    "effort",
    "efforts",
    "formula",
    "framework",
    "idea",
    "initiative",
    "law",
    "legislation",
    "measure",
    "measures",
    "mechanism",
    "move",
    "offer",
    "operation",
    "option",
    "ordinance",
    "package",
    "plan",
    "policy",
    "process",
    "program",
    "programme",
    "proposal",
    "reform",
    "regulation",
    "resolution",
    "scheme",
    "step",
    "steps",
    "strategy",
    "text",
    "treaty",
];

/// Nouns for the text a body debates and votes on (lowercase, sorted). In
/// a document whose stand-ins are all bound to one target, such a noun
/// refers to that target's proposal even unbound: after "a sanctions
/// package", "the draft" and "this text" are the package.
const DOCUMENT_NOUNS: &[&str] = &["draft", "resolution", "text"];

/// Words that make the noun after them refer back (lowercase, sorted).
const DETERMINERS: &[&str] = &[
    "any", "her", "his", "its", "our", "such", "that", "the", "their", "these", "this", "those",
];

/// Prepositions that join a stand-in to the target after it (sorted).
const PREPOSITIONS: &[&str] = &[
    "against", "for", "of", "on", "over", "to", "toward", "towards", "with",
];

/// A term after such a preposition binds the noun if at most this many
/// words after the preposition.
const NEAR: usize = 3;

/// At most this many words may stand between the determiner and the noun
/// ("the U.S. draft", "the freeze-for-freeze proposal").
const MAX_GAP: usize = 2;

/// The byte spans of the words of `text`: runs of letters and digits, with
/// inner `.`, `-` and apostrophes ("U.S.", "freeze-for-freeze").
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut it = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, first) = it.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let mut end = start + first.len_utf8();
        while let Some(&(i, c)) = it.peek() {
            let joins = matches!(c, '.' | '-' | '\'' | '’');
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
            } else if !joins {
                break;
            }
            it.next();
        }
        Some((start, end))
    })
}

fn is(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// The stand-in nouns bound in one document, each to a target.
#[derive(Debug, Default)]
pub(crate) struct Bindings<'m> {
    bound: Vec<(String, &'m str)>,
}

impl<'m> Bindings<'m> {
    /// True if nothing is bound.
    pub(crate) fn is_empty(&self) -> bool {
        self.bound.is_empty()
    }

    /// Forgets every binding (a new document).
    pub(crate) fn clear(&mut self) {
        self.bound.clear();
    }

    /// Binds to `target` every stand-in noun among `words` (a sentence's
    /// words, lowercase, each with whether it names `target`) that a word
    /// naming the target modifies: right before it ("a sanctions package")
    /// or after a preposition at most [`NEAR`] words on ("a package of new
    /// sanctions", "a plan for talks"). "called the measures economic war"
    /// binds nothing.
    pub(crate) fn bind(&mut self, words: &[(&str, bool)], target: &'m str) {
        for (i, &(w, _)) in words.iter().enumerate() {
            if !is(NOUNS, w) {
                continue;
            }
            let before = i > 0 && words[i - 1].1;
            let after = words.get(i + 1).is_some_and(|&(p, _)| is(PREPOSITIONS, p))
                && words[i + 2..(i + 2 + NEAR).min(words.len())]
                    .iter()
                    .any(|&(_, term)| term);
            if !(before || after) {
                continue;
            }
            match self.bound.iter_mut().find(|(n, _)| n == w) {
                Some(slot) => slot.1 = target,
                None => self.bound.push((w.to_string(), target)),
            }
        }
    }

    /// The byte span of the first determiner-led stand-in of `text` bound
    /// to `target`, if any; also an unbound one of [`DOCUMENT_NOUNS`] if
    /// every stand-in of the document is bound to `target`.
    pub(crate) fn find(&self, text: &str, target: &str) -> Option<(usize, usize)> {
        if !self.bound.iter().any(|(_, t)| *t == target) {
            return None;
        }
        let only = self.bound.iter().all(|(_, t)| *t == target);
        // The words before the current one, most recent last.
        let mut recent: [(usize, usize); MAX_GAP + 1] = [(0, 0); MAX_GAP + 1];
        for (seen, (a, b)) in words(text).enumerate() {
            let w = &text[a..b];
            let bound = match self.bound.iter().find(|(n, _)| n.eq_ignore_ascii_case(w)) {
                Some((_, t)) => *t == target,
                None => only && DOCUMENT_NOUNS.iter().any(|d| d.eq_ignore_ascii_case(w)),
            };
            let led = || {
                recent[(MAX_GAP + 1).saturating_sub(seen)..]
                    .iter()
                    .any(|&(x, y)| {
                        DETERMINERS
                            .iter()
                            .any(|d| d.eq_ignore_ascii_case(&text[x..y]))
                    })
            };
            if bound && led() {
                return Some((a, b));
            }
            recent.rotate_left(1);
            recent[MAX_GAP] = (a, b);
        }
        None
    }
}

/// Words after which a pronoun opens a clause and is its subject, not an
/// object that refers back (lowercase, sorted): "said it would", "as it".
const CLAUSE_OPENERS: &[&str] = &[
    "after", "although", "and", "as", "because", "before", "believe", "believes", "but", "fear",
    "fears", "hope", "hopes", "how", "if", "made", "make", "makes", "making", "or", "said", "say",
    "says", "since", "so", "than", "that", "think", "thinks", "though", "unless", "until", "when",
    "whether", "while", "why", "yet",
];

/// Words after which a pronoun is a subject or an agent (lowercase,
/// sorted): "it would", "it has", "urged it to".
const SUBJECT_NEXT: &[&str] = &[
    "already", "appears", "are", "became", "becomes", "can", "could", "did", "do", "does", "had",
    "has", "have", "is", "may", "means", "might", "must", "remains", "seemed", "seems", "should",
    "to", "took", "was", "were", "will", "would",
];

/// Beginnings of verbs whose object is a fact or an event, not a course of
/// action ("the army confirmed it", "Moscow denied it"): a pronoun after
/// one refers to what happened, and stands for no target (sorted).
const FACT_VERBS: &[&str] = &[
    "acknowledg",
    "admit",
    "announc",
    "claim",
    "confirm",
    "deni",
    "deny",
    "describ",
    "document",
    "film",
    "heard",
    "investigat",
    "record",
    "report",
    "saw",
    "see",
    "verif",
    "watch",
    "witness",
];

/// Words before "one" that make it a number or part of a noun phrase
/// ("no one", "the one", "only one"), not a stand-in (lowercase, sorted).
const ONE_LED: &[&str] = &[
    "a", "another", "any", "each", "every", "last", "no", "only", "other", "single", "that", "the",
    "this", "which",
];

/// Words that may follow a stand-in "one" (lowercase, sorted): "nobody
/// wants one now".
const ONE_NEXT: &[&str] = &[
    "again", "anymore", "either", "here", "now", "soon", "today", "too",
];

/// The byte span of the first pronoun of `text` that is an object and can
/// refer back to a target the previous sentence named: "it" or "one" for a
/// singular mention ("a war" ... "nobody wants one"), "them" for a plural
/// one ("sanctions" ... "Russia rejected them"). A pronoun opening its
/// sentence or a clause, or followed by a verb or "to", is a subject or an
/// agent and refers to no target ("it has not worked", "urged it to
/// talk"), and one after a verb of fact refers to an event ("the army
/// confirmed it"); "one" counts only at the end of its clause.
pub(crate) fn find_pronoun(text: &str, plural: bool) -> Option<(usize, usize)> {
    let spans: Vec<(usize, usize)> = words(text).collect();
    let lower = |i: usize| text[spans[i].0..spans[i].1].to_ascii_lowercase();
    (1..spans.len()).find_map(|i| {
        let w = &text[spans[i].0..spans[i].1];
        let one = w.eq_ignore_ascii_case("one");
        let fits = if plural {
            w.eq_ignore_ascii_case("them")
        } else {
            one || w.eq_ignore_ascii_case("it")
        };
        if !fits {
            return None;
        }
        let (a, b) = spans[i];
        let before = lower(i - 1);
        // A clause boundary between the word before and the pronoun.
        let joined = text[spans[i - 1].1..a].trim().is_empty();
        let fact = FACT_VERBS.iter().any(|v| before.starts_with(v));
        if !joined || fact || is(CLAUSE_OPENERS, &before) || (one && is(ONE_LED, &before)) {
            return None;
        }
        let gap = spans.get(i + 1).map(|&(x, _)| &text[b..x]);
        let next = (i + 1 < spans.len()).then(|| lower(i + 1));
        let clause_ends = gap.map_or(true, |g| !g.trim().is_empty());
        match next {
            Some(n) if clause_ends || !is(SUBJECT_NEXT, &n) => {
                (!one || clause_ends || is(ONE_NEXT, &n)).then_some((a, b))
            }
            Some(_) => None,
            None => Some((a, b)),
        }
    })
}

/// `text` with the span `at` replaced by `term`.
pub(crate) fn substitute(text: &str, at: (usize, usize), term: &str) -> String {
    let mut s = String::with_capacity(text.len() + term.len());
    s.push_str(&text[..at.0]);
    s.push_str(term);
    s.push_str(&text[at.1..]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(NOUNS.windows(2).all(|w| w[0] < w[1]));
        assert!(DETERMINERS.windows(2).all(|w| w[0] < w[1]));
        assert!(PREPOSITIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(DOCUMENT_NOUNS.windows(2).all(|w| w[0] < w[1]));
        assert!(DOCUMENT_NOUNS.iter().all(|n| is(NOUNS, n)));
        for list in [CLAUSE_OPENERS, SUBJECT_NEXT, FACT_VERBS, ONE_LED, ONE_NEXT] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn words_keep_inner_dots_and_hyphens() {
        let t = "Japan backed the U.S. draft, a freeze-for-freeze plan.";
        let w: Vec<&str> = words(t).map(|(a, b)| &t[a..b]).collect();
        assert_eq!(
            w,
            [
                "Japan",
                "backed",
                "the",
                "U.S",
                "draft",
                "a",
                "freeze-for-freeze",
                "plan"
            ]
        );
    }

    /// `text`'s words, lowercase, those in `terms` marked as naming the target.
    fn marked<'t>(text: &'t str, terms: &[&str]) -> Vec<(&'t str, bool)> {
        text.split_whitespace()
            .map(|w| (w, terms.contains(&w)))
            .collect()
    }

    #[test]
    fn a_bound_noun_after_a_determiner_stands_for_its_target() {
        let mut b = Bindings::default();
        b.bind(
            &marked(
                "washington circulated a tough sanctions package",
                &["sanctions"],
            ),
            "sanctions",
        );
        let t = "Japan's envoy backed the U.S. package on Monday.";
        let at = b.find(t, "sanctions").expect("bound");
        assert_eq!(&t[at.0..at.1], "package");
        assert_eq!(
            substitute(t, at, "sanctions"),
            "Japan's envoy backed the U.S. sanctions on Monday."
        );
        // Not toward another target, not without a determiner close by,
        // and not for a noun never bound.
        assert_eq!(b.find(t, "negotiations"), None);
        assert_eq!(b.find("They offered a package of aid.", "sanctions"), None);
        assert_eq!(b.find("The plan was rejected.", "sanctions"), None);
    }

    #[test]
    fn a_document_noun_refers_to_the_one_bound_target() {
        let mut b = Bindings::default();
        b.bind(
            &marked("washington circulated a sanctions package", &["sanctions"]),
            "sanctions",
        );
        let t = "Japan backed the U.S. draft.";
        let at = b.find(t, "sanctions").expect("the draft is the package");
        assert_eq!(&t[at.0..at.1], "draft");
        assert_eq!(
            b.find("Diplomats said this text ran long.", "sanctions")
                .map(|a| a.0),
            Some(20)
        );
        // Only the nouns of a text voted on, and only after a determiner.
        assert_eq!(b.find("They rejected the plan.", "sanctions"), None);
        assert_eq!(b.find("A draft was leaked.", "sanctions"), None);
        // Not once stand-ins are bound to two targets.
        b.bind(&marked("a plan for talks", &["talks"]), "negotiations");
        assert_eq!(b.find(t, "sanctions"), None);
        assert_eq!(b.find(t, "negotiations"), None);
        assert!(b.find("They backed the package.", "sanctions").is_some());
    }

    #[test]
    fn a_later_sentence_rebinds_a_noun_and_clear_forgets() {
        let mut b = Bindings::default();
        b.bind(
            &marked("the plan would tighten sanctions", &["sanctions"]),
            "sanctions",
        );
        // Not joined to the term: not bound.
        b.bind(
            &marked(
                "the proposal came as the ministers met for talks",
                &["talks"],
            ),
            "negotiations",
        );
        b.bind(
            &marked("she called the proposal economic talks", &["talks"]),
            "negotiations",
        );
        assert_eq!(b.find("Moscow backed the proposal.", "negotiations"), None);
        b.bind(
            &marked("beijing put forward a plan for talks", &["talks"]),
            "negotiations",
        );
        assert_eq!(b.find("Moscow backed the plan.", "sanctions"), None);
        assert!(b.find("Moscow backed the plan.", "negotiations").is_some());
        b.clear();
        assert_eq!(b.find("Moscow backed the plan.", "negotiations"), None);
    }

    #[test]
    fn an_object_pronoun_refers_back_and_a_subject_does_not() {
        fn at(t: &str, plural: bool) -> Option<&str> {
            find_pronoun(t, plural).map(|(a, b)| &t[a..b])
        }
        assert_eq!(at("We do not want it now,\" she said.", false), Some("it"));
        assert_eq!(at("Nobody in this building wants one.", false), Some("one"));
        assert_eq!(at("Russia rejected them as illegal.", true), Some("them"));
        assert_eq!(at("China voted against it.", false), Some("it"));
        // Number: "them" for a plural mention only, "it" for a singular.
        assert_eq!(at("Russia rejected them.", false), None);
        assert_eq!(at("Russia rejected it.", true), None);
        // Subjects and agents.
        assert_eq!(at("It has not worked.", false), None);
        assert_eq!(at("Despite our intentions it has not worked.", false), None);
        assert_eq!(at("She said it would fail.", false), None);
        assert_eq!(at("They urged it to return.", false), None);
        assert_eq!(at("We made it clear.", false), None);
        // The object of a verb of fact: what happened, not a course of action.
        assert_eq!(at("The army confirmed it on Tuesday.", false), None);
        assert_eq!(at("Moscow denied them.", true), None);
        // "one" as a number or in a noun phrase.
        assert_eq!(at("No one wants that.", false), None);
        assert_eq!(at("He named one member.", false), None);
        assert_eq!(at("It is the only one.", false), None);
        assert_eq!(at("Nobody wants one now.", false), Some("one"));
    }
}
