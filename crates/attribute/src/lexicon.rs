//! Word lists (in `data/`), parsed once into lookup tables.

use std::collections::{BTreeMap, BTreeSet};

/// Grammatical form of a speech-verb token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `say`: finite only after a plural subject.
    Base,
    /// `says`.
    Third,
    /// `said` (also the past participle).
    Past,
    /// `saying`.
    Ing,
}

/// One speech-verb form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VerbForm {
    pub(crate) form: Form,
    /// A particle that must follow (`push for`).
    pub(crate) particle: Option<Box<str>>,
}

/// Gender told by the text (a title or a resolved pronoun).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

/// The built-in lexicon.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    verbs: BTreeMap<Box<str>, VerbForm>,
    titles: BTreeMap<Box<str>, Option<Gender>>,
    orgs: BTreeSet<Box<str>>,
    docs: BTreeSet<Box<str>>,
    groups: BTreeSet<Box<str>>,
    places: BTreeSet<Box<str>>,
}

const SPEECH_VERBS: &str = include_str!("../data/speech_verbs.txt");
const TITLES: &str = include_str!("../data/titles.txt");
const ORGANIZATIONS: &str = include_str!("../data/organizations.txt");
const DOCUMENTS: &str = include_str!("../data/documents.txt");
const GROUPS: &str = include_str!("../data/groups.txt");
const PLACES: &str = include_str!("../data/places.txt");

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn word_set(text: &str) -> BTreeSet<Box<str>> {
    data_lines(text).map(|l| l.to_lowercase().into()).collect()
}

impl Lexicon {
    /// Parses the embedded lists.
    pub(crate) fn builtin() -> Self {
        let mut verbs = BTreeMap::new();
        for line in data_lines(SPEECH_VERBS) {
            let mut fields: Vec<&str> = line.split_whitespace().collect();
            let particle = match fields.last() {
                Some(f) if f.starts_with('+') => {
                    let p: Box<str> = f[1..].to_lowercase().into();
                    fields.pop();
                    Some(p)
                }
                _ => None,
            };
            let forms = [Form::Base, Form::Third, Form::Past, Form::Ing];
            for (word, form) in fields.iter().zip(forms) {
                if *word == "-" {
                    continue;
                }
                verbs.insert(
                    word.to_lowercase().into(),
                    VerbForm {
                        form,
                        particle: particle.clone(),
                    },
                );
            }
        }
        let mut titles = BTreeMap::new();
        for line in data_lines(TITLES) {
            let mut it = line.split_whitespace();
            let Some(word) = it.next() else { continue };
            let gender = match it.next() {
                Some("m") => Some(Gender::Male),
                Some("f") => Some(Gender::Female),
                _ => None,
            };
            titles.insert(word.to_lowercase().into(), gender);
        }
        Lexicon {
            verbs,
            titles,
            orgs: word_set(ORGANIZATIONS),
            docs: word_set(DOCUMENTS),
            groups: word_set(GROUPS),
            places: word_set(PLACES),
        }
    }

    /// The speech-verb form of a lowercase word.
    pub(crate) fn verb(&self, lower: &str) -> Option<&VerbForm> {
        self.verbs.get(lower)
    }

    /// Whether a lowercase word (final period stripped) is a title or role word.
    pub(crate) fn is_title(&self, lower: &str) -> bool {
        self.titles.contains_key(lower.trim_end_matches('.'))
    }

    /// Gender told by a title word.
    pub(crate) fn title_gender(&self, lower: &str) -> Option<Gender> {
        self.titles
            .get(lower.trim_end_matches('.'))
            .copied()
            .flatten()
    }

    /// Organization head word (`ministry`).
    pub(crate) fn is_org(&self, lower: &str) -> bool {
        self.orgs.contains(lower)
    }

    /// Document head word (`statement`).
    pub(crate) fn is_doc(&self, lower: &str) -> bool {
        self.docs.contains(lower)
    }

    /// Anonymous person or group noun (`officials`).
    pub(crate) fn is_group(&self, lower: &str) -> bool {
        self.groups.contains(lower)
    }

    /// First word of a multi-word place name (`north`).
    pub(crate) fn is_place_prefix(&self, lower: &str) -> bool {
        self.places.contains(lower.trim_end_matches('.'))
    }

    /// Sets the lexicon bits of word tokens.
    pub(crate) fn annotate(&self, toks: &mut [crate::tokens::Tok]) {
        use crate::tokens::{DOC, GROUP, ORG, TITLE, VERB};
        for t in toks.iter_mut().filter(|t| t.is_word()) {
            let l = t.lower.as_str();
            let bits = [
                (self.is_title(l), TITLE),
                (self.is_org(l), ORG),
                (self.is_doc(l), DOC),
                (self.is_group(l), GROUP),
                (self.verb(l).is_some(), VERB),
            ];
            t.lex = bits
                .iter()
                .filter(|(on, _)| *on)
                .fold(0, |acc, (_, b)| acc | b);
        }
    }

    /// Any head noun that can stand for a speaker.
    pub(crate) fn is_head(&self, lower: &str) -> bool {
        self.is_org(lower) || self.is_doc(lower) || self.is_group(lower) || self.is_title(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_with_forms_and_particles() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.verb("said").map(|v| v.form), Some(Form::Past));
        assert_eq!(lex.verb("says").map(|v| v.form), Some(Form::Third));
        assert_eq!(lex.verb("noting").map(|v| v.form), Some(Form::Ing));
        assert_eq!(lex.verb("say").map(|v| v.form), Some(Form::Base));
        assert!(lex.verb("back").is_none(), "`-` leaves the form out");
        assert_eq!(
            lex.verb("pushed").and_then(|v| v.particle.as_deref()),
            Some("for")
        );
        assert_eq!(lex.title_gender("ms."), Some(Gender::Female));
        assert_eq!(lex.title_gender("mr"), Some(Gender::Male));
        assert!(lex.is_title("amb.") && lex.title_gender("amb").is_none());
        assert!(lex.is_org("ministry") && lex.is_doc("statement") && lex.is_group("diplomats"));
        assert!(lex.is_place_prefix("north"));
    }
}
