//! Whether a sentence is about a target.

use standpoint_classify::{exclusion, phrase};

use crate::{Result, SampleError};

/// Words of a target's name that say nothing about it.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "of", "on", "or",
    "the", "that", "this", "to", "will", "with",
];

#[derive(Debug, Clone, PartialEq)]
enum Pattern {
    /// The word, or its plural (`tax`: `taxes`; `party`: `parties`).
    Word(String),
    /// Any word starting with this (`sanction*`).
    Prefix(String),
}

impl Pattern {
    fn matches(&self, token: &str) -> bool {
        match self {
            Pattern::Prefix(p) => token.starts_with(p.as_str()),
            Pattern::Word(w) => {
                token == w
                    || token
                        .strip_prefix(w.as_str())
                        .is_some_and(|rest| rest == "s" || rest == "es")
                    || w.strip_suffix('y').is_some_and(|stem| {
                        token.strip_prefix(stem).is_some_and(|rest| rest == "ies")
                    })
            }
        }
    }
}

/// Lowercase alphanumeric words of `text`.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The phrases that make a sentence about a target.
///
/// Each phrase is a run of words matched case-insensitively against
/// consecutive words of the sentence; a word also matches its plural, and a
/// word ending in `*` matches any word it starts. A phrase written `!phrase`
/// is an exclusion: a term starting inside one of its occurrences does not
/// count (`strike*|!hunger strike`). A weak term (`~war`) counts like any
/// other here.
#[derive(Debug, Clone, PartialEq)]
pub struct Terms {
    phrases: Vec<Vec<Pattern>>,
    /// Phrases written with a leading `!` (`!hunger strike`): where one
    /// occurs, no phrase starting inside it counts.
    exclusions: Vec<Vec<Pattern>>,
}

fn parse_phrase(phrase: &str) -> Vec<Pattern> {
    phrase
        .split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .filter(|w| !w.is_empty() && *w != "*")
        .map(|w| match w.strip_suffix('*') {
            Some(p) => Pattern::Prefix(p.to_lowercase()),
            None => Pattern::Word(w.to_lowercase()),
        })
        .collect()
}

fn occurs_at(phrase: &[Pattern], tokens: &[String], i: usize) -> bool {
    phrase.len() <= tokens.len() - i && phrase.iter().zip(&tokens[i..]).all(|(p, t)| p.matches(t))
}

impl Terms {
    /// Terms from `terms` (`carbon tax|carbon levy|emission*`), or, when
    /// `None`, each content word of `target` (`military_action`: `military`,
    /// `action`).
    pub fn new(target: &str, terms: Option<&str>) -> Result<Terms> {
        let exclusions: Vec<Vec<Pattern>> = terms
            .into_iter()
            .flat_map(|list| list.split('|'))
            .filter_map(exclusion)
            .map(parse_phrase)
            .filter(|p| !p.is_empty())
            .collect();
        let phrases: Vec<Vec<Pattern>> = match terms {
            Some(list) => list
                .split('|')
                .filter_map(phrase)
                .map(parse_phrase)
                .filter(|p| !p.is_empty())
                .collect(),
            None => {
                let all: Vec<String> = words(target).collect();
                let content: Vec<&String> = all
                    .iter()
                    .filter(|w| !STOPWORDS.contains(&w.as_str()))
                    .collect();
                let chosen = if content.is_empty() {
                    all.iter().collect()
                } else {
                    content
                };
                let mut phrases: Vec<Vec<Pattern>> = Vec::new();
                for w in chosen {
                    let p = vec![Pattern::Word(w.clone())];
                    if !phrases.contains(&p) {
                        phrases.push(p);
                    }
                }
                phrases
            }
        };
        if phrases.is_empty() {
            return Err(SampleError::Params(format!(
                "no words to look for: give --terms, or a target name with words (got `{target}`)"
            )));
        }
        Ok(Terms {
            phrases,
            exclusions,
        })
    }

    /// How many of the phrases occur in `text` (0: not about the target),
    /// not counting occurrences that start inside an exclusion.
    pub fn hits(&self, text: &str) -> usize {
        let tokens: Vec<String> = words(text).collect();
        let mut inside = vec![false; tokens.len()];
        for i in 0..tokens.len() {
            for e in &self.exclusions {
                if occurs_at(e, &tokens, i) {
                    inside[i..i + e.len()].iter_mut().for_each(|x| *x = true);
                }
            }
        }
        self.phrases
            .iter()
            .filter(|phrase| (0..tokens.len()).any(|i| !inside[i] && occurs_at(phrase, &tokens, i)))
            .count()
    }

    /// Whether `text` is about the target.
    pub fn matches(&self, text: &str) -> bool {
        self.hits(text) > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_name_words_are_the_default_terms() {
        let t = Terms::new("military_action", None).unwrap();
        assert!(t.matches("Military planners met."));
        assert!(t.matches("No action was taken."));
        assert!(!t.matches("The militia left."));
        let t = Terms::new("The Carbon Tax", None).unwrap();
        assert_eq!(t.hits("carbon taxes, the carbon tax"), 2);
        assert!(!t.matches("The theory held."));
        let t = Terms::new("the", None).unwrap();
        assert!(t.matches("The end."));
        assert!(Terms::new("--", None).is_err());
    }

    #[test]
    fn explicit_phrases_prefixes_and_plurals() {
        let t = Terms::new("ignored", Some("carbon levy|emission*|party")).unwrap();
        assert!(t.matches("A CARBON LEVY now."));
        assert!(t.matches("Two carbon levies."));
        assert!(!t.matches("Carbon and a levy."));
        assert!(t.matches("Emissions fell."));
        assert!(t.matches("Both parties agreed."));
        assert!(!t.matches("The ignored note."));
        assert!(Terms::new("x", Some("| * |")).is_err());
    }

    #[test]
    fn exclusions_hold_a_term_in_another_sense() {
        let t = Terms::new("x", Some("strike*|war|!hunger strike|!war crime*")).unwrap();
        assert!(!t.matches("She began a hunger strike."));
        assert!(!t.matches("Accused of war crimes."));
        assert!(t.matches("War crimes were alleged in the war."));
        assert!(t.matches("Strikes hit the depot."));
        assert!(Terms::new("x", Some("!war crimes")).is_err());
    }

    #[test]
    fn a_weak_term_counts_like_any_other() {
        let t = Terms::new("x", Some("~war|~ strike*|!war crime*")).unwrap();
        assert!(t.matches("Since the war began."));
        assert!(t.matches("Airstrikes and strikes."));
        assert!(!t.matches("Accused of war crimes."));
    }
}
