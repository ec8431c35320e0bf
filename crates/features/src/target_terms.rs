//! Targets declared with their own terms (`sanctions`: sanctions, embargo,
//! asset freeze, …): which words of a sentence name the target.
//!
//! A term is one word or a phrase; it matches the same words in sequence,
//! each allowing a plural or singular form (`strike`/`strikes`,
//! `embargo`/`embargoes`, `policy`/`policies`) but no other inflection, so a
//! declared `sanctions` does not match "a sanctioned rally", and `tariffs`
//! matches nothing unless it is declared.
//!
//! A term written with a leading `!` is an exclusion: a phrase that holds a
//! term's word in another sense (`!war crimes`, `!hunger strike`, `!strike a
//! deal`). Where it occurs, none of its words name the target.
//!
//! A term written with a leading `~` is weak: it names the target, but
//! news often uses it in passing (`~war`: "since the war began"), so a
//! sentence that names the target only by weak terms is told apart
//! ([`Found::strong`]).

use std::collections::HashMap;

use crate::stable::StableMap;

use crate::text::words_of;

/// The terms of one target, tokenized like sentences.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermMatcher {
    terms: Vec<Vec<String>>,
    /// Whether each of `terms` is weak (`~`).
    weak: Vec<bool>,
    /// Every sentence word that can start a term (the first word of a term
    /// in any of its accepted forms) to those terms' indices.
    starts: StableMap<String, Vec<usize>>,
    /// The exclusions (`!` terms), without the `!`.
    exclusions: Vec<Vec<String>>,
    /// Every accepted form of every word of an exclusion to the
    /// (exclusion, position of the word in it) pairs: a term occurrence is
    /// checked only against the exclusions that hold its first word.
    exclusion_words: StableMap<String, Vec<(usize, usize)>>,
}

/// The phrase of an exclusion term (`!war crimes`: `war crimes`), or `None`
/// for an ordinary term. Leading spaces before and after the `!` are
/// ignored.
pub fn exclusion(term: &str) -> Option<&str> {
    term.trim_start().strip_prefix('!').map(str::trim_start)
}

/// The phrase of a weak term (`~war`: `war`), or `None` for any other
/// term. Leading spaces before and after the `~` are ignored.
pub fn weak(term: &str) -> Option<&str> {
    term.trim_start().strip_prefix('~').map(str::trim_start)
}

/// The phrase a term matches: the term without its `~` if it is weak;
/// `None` for an exclusion.
pub fn phrase(term: &str) -> Option<&str> {
    match exclusion(term) {
        Some(_) => None,
        None => Some(weak(term).unwrap_or(term)),
    }
}

/// The phrases tokenized, empty ones dropped, sorted and deduplicated.
fn tokenized<'a>(phrases: impl Iterator<Item = &'a str>) -> Vec<Vec<String>> {
    let mut phrases: Vec<Vec<String>> = phrases.map(words_of).filter(|w| !w.is_empty()).collect();
    phrases.sort();
    phrases.dedup();
    phrases
}

/// Term occurrences [`TermMatcher::mark`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Found {
    /// Occurrences of any term.
    pub all: usize,
    /// Occurrences of terms that are not weak.
    pub strong: usize,
}

/// True if `phrase` occurs in `words` at `i` (each word in a plural or
/// singular form).
fn occurs_at<'w>(phrase: &[String], words: &impl Fn(usize) -> &'w str, n: usize, i: usize) -> bool {
    phrase.len() <= n - i
        && phrase
            .iter()
            .enumerate()
            .all(|(k, tw)| same_word(words(i + k), tw))
}

/// The words `w` with `same_word(w, t)`.
fn forms(t: &str) -> Vec<String> {
    let mut f = vec![t.to_string(), format!("{t}s"), format!("{t}es")];
    f.extend(t.strip_suffix('s').map(str::to_string));
    f.extend(t.strip_suffix("es").map(str::to_string));
    if let Some(stem) = t.strip_suffix('y') {
        f.push(format!("{stem}ies"));
    }
    if let Some(stem) = t.strip_suffix("ies") {
        f.push(format!("{stem}y"));
    }
    f.retain(|w| !w.is_empty());
    f.sort();
    f.dedup();
    f
}

/// True if the sentence word `w` is the term word `t`, or its plural or
/// singular.
fn same_word(w: &str, t: &str) -> bool {
    if w == t {
        return true;
    }
    let plural = |a: &str, b: &str| {
        a.strip_prefix(b)
            .is_some_and(|rest| rest == "s" || rest == "es")
            || (b.ends_with('y') && a.strip_suffix("ies") == Some(&b[..b.len() - 1]))
    };
    plural(w, t) || plural(t, w)
}

impl TermMatcher {
    /// Tokenizes each term; empty terms are dropped. A term starting with
    /// `!` is an exclusion.
    pub(crate) fn new<S: AsRef<str>>(terms: &[S]) -> TermMatcher {
        let all = || terms.iter().map(|t| t.as_ref());
        let terms = tokenized(all().filter_map(phrase));
        // A phrase declared both ways is strong.
        let strong = tokenized(all().filter(|t| exclusion(t).is_none() && weak(t).is_none()));
        let weak: Vec<bool> = terms
            .iter()
            .map(|t| strong.binary_search(t).is_err())
            .collect();
        let exclusions = tokenized(all().filter_map(exclusion));
        let mut starts: StableMap<String, Vec<usize>> = HashMap::default();
        for (k, t) in terms.iter().enumerate() {
            for f in forms(&t[0]) {
                starts.entry(f).or_default().push(k);
            }
        }
        let mut exclusion_words: StableMap<String, Vec<(usize, usize)>> = HashMap::default();
        for (e, words) in exclusions.iter().enumerate() {
            for (k, w) in words.iter().enumerate() {
                for f in forms(w) {
                    exclusion_words.entry(f).or_default().push((e, k));
                }
            }
        }
        TermMatcher {
            terms,
            weak,
            starts,
            exclusions,
            exclusion_words,
        }
    }

    /// True if a term can start with the word `w` (in one of its forms).
    pub(crate) fn starts_term(&self, w: &str) -> bool {
        self.starts.contains_key(w)
    }

    /// True if an exclusion occurs over word `i`.
    fn excluded_at<'w>(&self, words: &impl Fn(usize) -> &'w str, n: usize, i: usize) -> bool {
        self.exclusion_words.get(words(i)).is_some_and(|list| {
            list.iter()
                .any(|&(e, k)| k <= i && occurs_at(&self.exclusions[e], words, n, i - k))
        })
    }

    /// True if no term is left.
    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Marks in `mask` the words of `words` that belong to a term occurrence;
    /// returns how many occurrences there are, of all and of strong terms.
    /// Only words `i` with `may_start(i)` are tried as the start of a term:
    /// a caller that knows which words can start none
    /// ([`TermMatcher::starts_term`]) skips them.
    /// A term is not matched where it starts inside an exclusion's
    /// occurrence.
    pub(crate) fn mark<'w>(
        &self,
        words: impl Fn(usize) -> &'w str,
        n: usize,
        may_start: impl Fn(usize) -> bool,
        mask: &mut [bool],
    ) -> Found {
        let mut found = Found::default();
        for i in 0..n {
            if !may_start(i) {
                continue;
            }
            let Some(candidates) = self.starts.get(words(i)) else {
                continue;
            };
            let mut excluded = None;
            for &k in candidates {
                let t = &self.terms[k];
                if occurs_at(t, &words, n, i)
                    && !*excluded.get_or_insert_with(|| self.excluded_at(&words, n, i))
                {
                    mask[i..i + t.len()].iter_mut().for_each(|m| *m = true);
                    found.all += 1;
                    found.strong += usize::from(!self.weak[k]);
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(m: &TermMatcher, s: &str) -> Vec<bool> {
        let w = words_of(s);
        let mut mask = vec![false; w.len()];
        m.mark(|i| w[i].as_str(), w.len(), |_| true, &mut mask);
        mask
    }

    #[test]
    fn forms_are_the_words_same_word_accepts() {
        let pool = [
            "strike",
            "strikes",
            "strikees",
            "embargo",
            "embargoes",
            "embargos",
            "policy",
            "policies",
            "policys",
            "talks",
            "talk",
            "s",
            "es",
            "ies",
            "y",
            "bus",
            "buses",
            "bu",
        ];
        for t in pool {
            for w in pool {
                assert_eq!(
                    forms(t).contains(&w.to_string()),
                    same_word(w, t),
                    "{w} / {t}"
                );
            }
        }
    }

    #[test]
    fn terms_match_phrases_and_plurals_but_not_other_senses() {
        let m = TermMatcher::new(&[
            "sanctions",
            "embargo",
            "asset freeze",
            "restrictive measures",
        ]);
        assert_eq!(mask(&m, "Police broke up a sanctioned rally"), [false; 6]);
        assert_eq!(mask(&m, "New tariffs were announced"), [false; 4]);
        assert_eq!(mask(&m, "The embargoes hold"), [false, true, false]);
        assert_eq!(mask(&m, "an asset freeze now"), [false, true, true, false]);
        assert_eq!(mask(&m, "one sanction"), [false, true]);
        assert_eq!(mask(&m, "the asset was frozen"), [false; 4]);
        let m = TermMatcher::new(&["strike", "troops", "talks", "summit", "airstrike", "policy"]);
        assert_eq!(
            mask(&m, "Airstrikes, troops and talks at the summit"),
            [true, true, false, true, false, false, true]
        );
        assert_eq!(mask(&m, "two policies"), [false, true]);
        assert_eq!(mask(&m, "a talking point"), [false; 3]);
    }

    #[test]
    fn weak_terms_name_the_target_but_are_counted_apart() {
        let m = TermMatcher::new(&["~war", "military action", "~ strikes", "!war crimes"]);
        let found = |s: &str| {
            let w = words_of(s);
            let mut mask = vec![false; w.len()];
            m.mark(|i| w[i].as_str(), w.len(), |_| true, &mut mask)
        };
        assert_eq!(mask(&m, "since the war began"), [false, false, true, false]);
        assert_eq!(found("since the war began"), Found { all: 1, strong: 0 });
        assert_eq!(found("two wars"), Found { all: 1, strong: 0 });
        assert_eq!(found("war or military action"), Found { all: 2, strong: 1 });
        assert_eq!(found("a strike"), Found { all: 1, strong: 0 });
        // Declared both weak and strong, a phrase is strong.
        let both = TermMatcher::new(&["~war", "war"]);
        let mut mask = [false];
        assert_eq!(
            both.mark(|_| "war", 1, |_| true, &mut mask),
            Found { all: 1, strong: 1 }
        );
        assert_eq!(found("war crimes"), Found::default());
        assert_eq!(weak(" ~ war"), Some("war"));
        assert_eq!(weak("war"), None);
        assert_eq!(weak("!war crimes"), None);
        assert_eq!(phrase("~ war"), Some("war"));
        assert_eq!(phrase("war"), Some("war"));
        assert_eq!(phrase("!war crimes"), None);
    }

    #[test]
    fn exclusions_hold_a_term_word_in_another_sense() {
        let m = TermMatcher::new(&[
            "war",
            "strike",
            "!war crimes",
            "!hunger strike",
            "!strike a deal",
        ]);
        assert_eq!(mask(&m, "accused of war crimes"), [false; 4]);
        assert_eq!(mask(&m, "a war crime"), [false; 3]);
        assert_eq!(mask(&m, "a hunger strike"), [false; 3]);
        assert_eq!(mask(&m, "to strike a deal"), [false; 4]);
        // Elsewhere in the same sentence the term still counts.
        assert_eq!(
            mask(&m, "war crimes in a war"),
            [false, false, false, false, true]
        );
        assert_eq!(
            mask(&m, "a strike on a depot"),
            [false, true, false, false, false]
        );
        assert_eq!(exclusion(" ! war crimes"), Some("war crimes"));
        assert_eq!(exclusion("war"), None);
        // An exclusion is no term, and exclusions alone declare nothing.
        assert!(!m.starts_term("crimes") && !m.starts_term("hunger") && m.starts_term("war"));
        assert!(TermMatcher::new(&["!war crimes"]).is_empty());
        assert_eq!(
            mask(&TermMatcher::new(&[" ! war crimes", "war"]), "war crimes"),
            [false; 2]
        );
    }
}
