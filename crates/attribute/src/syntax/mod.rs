//! Speech frames in one sentence: a speech verb outside quotes and its subject.
//!
//! Subjects are found with shallow, linear rules over the token list:
//! - `X said` / `X has also said`: the noun phrase ending just left of the verb;
//! - `X, <appositive>, told` and `X, noting that …, demanded`: commas are
//!   skipped back over a description chunk; an appositive that is itself a
//!   name (`China’s envoy, Zhao Wen, said`) wins;
//! - `“…,” said X`: after a closing quote mark the subject follows the verb;
//! - `according to X` (and `according to a summary released by X`);
//! - `X … but added …`: a coordinated verb takes the sentence's main subject;
//! - `which says …`: a relative pronoun takes its antecedent.
//!
//! Passives (`was asked`), infinitives (`to say`), modals and negations
//! (`did not say`) and reduced relatives (`requested by`) open no frame.

use crate::grammar::Gender;
use crate::lexicon::Lexicon;
use crate::tokens::{self as cls, Tok};

/// A pronoun subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pron {
    He,
    She,
    They,
    It,
    /// `the 54-year-old`: a person of either gender.
    Person,
}

/// A subject noun phrase, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Np {
    /// A person named in the text (name tokens as written).
    Person {
        name: Vec<String>,
        gender: Option<Gender>,
        roles: Vec<String>,
    },
    /// A named collective: country, ministry, organization.
    Collective { name: String },
    /// Named conjuncts: `Brazil, Mexico and Ecuador`.
    Conj(Vec<Np>),
    /// he / she / they / it.
    Pronoun(Pron),
    /// `the ministry`, `the statement`, `the envoy`: resolved by head word.
    Definite { head: String, text: String },
    /// `its foreign ministry`: composed with the antecedent of `its`
    /// (`rest` empty: the antecedent itself).
    Possessive { rest: String },
    /// `her office`, `his campaign`: a body of the person the pronoun
    /// refers to.
    PersonPossessive { pron: Pron, rest: String },
    /// Unnamed: `diplomats`, `a spokesman`, `two officials`.
    Anonymous {
        plural: bool,
        person: bool,
        /// The noun phrase as written (`Scientology officials`, `the report`).
        text: String,
    },
}

impl Np {
    fn is_plural(&self) -> bool {
        matches!(
            self,
            Np::Conj(_) | Np::Pronoun(Pron::They) | Np::Anonymous { plural: true, .. }
        )
    }

    /// Names a specific person or collective (not a pronoun or anaphor).
    pub(crate) fn is_named(&self) -> bool {
        matches!(
            self,
            Np::Person { .. } | Np::Collective { .. } | Np::Conj(_)
        )
    }
}

/// How a frame was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameKind {
    /// Subject before the verb.
    Normal,
    /// `“…,” said X`.
    Inverted,
    /// `according to X`.
    According,
    /// A participle (`…, saying …`) with the sentence's main subject.
    Participle,
}

/// One attribution frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    /// Token index of the verb (or `according`).
    pub(crate) verb: usize,
    pub(crate) np: Np,
    pub(crate) kind: FrameKind,
    /// Byte offset of the subject (for pronoun recency).
    pub(crate) pos: usize,
}

/// A name mentioned in the sentence (for pronoun and `its` antecedents).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    pub(crate) np: Np,
    pub(crate) pos: usize,
    pub(crate) subject: bool,
}

mod appositive;
mod frames;
mod mentions;
mod noun_phrase;
mod subject;

/// Longest capitalized chain considered (tokens), so scans stay bounded.
const MAX_CHAIN: usize = 16;
/// Longest comma chunk skipped as an appositive or participle (tokens).
const MAX_CHUNK: usize = 40;

fn is_number(t: &Tok) -> bool {
    t.is_word() && t.lower.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn plural_head(lex: &Lexicon, lower: &str) -> bool {
    lex.in_class(lower, cls::PLURAL)
        || (lower.len() > 3
            && lower.ends_with('s')
            && !lower.ends_with("ss")
            && !lower.ends_with("us"))
}

/// Normalized text of a byte range: apostrophes made straight, spaces collapsed.
pub(crate) fn norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(if c == '’' { '\'' } else { c });
    }
    out
}

/// Frame finder over one sentence's tokens.
pub(crate) struct Syntax<'a> {
    lex: &'a Lexicon,
    text: &'a str,
    toks: &'a [Tok<'a>],
    known_person: &'a dyn Fn(&str) -> bool,
    /// Title-case headline: no appositive or list parsing.
    headline: bool,
}

impl<'a> Syntax<'a> {
    pub(crate) fn new(
        lex: &'a Lexicon,
        text: &'a str,
        toks: &'a [Tok<'a>],
        known_person: &'a dyn Fn(&str) -> bool,
        headline: bool,
    ) -> Self {
        Syntax {
            lex,
            text,
            toks,
            known_person,
            headline,
        }
    }

    fn tok(&self, i: usize) -> Option<&'a Tok<'a>> {
        self.toks.get(i).filter(|t| !t.quoted)
    }

    fn word(&self, i: usize) -> Option<&'a Tok<'a>> {
        self.tok(i).filter(|t| t.is_word())
    }

    fn capword(&self, i: usize) -> bool {
        self.word(i)
            .is_some_and(|t| (t.cap || t.abbr || t.initial) && !(self.headline && t.verb()))
    }

    fn span_text(&self, a: usize, b: usize) -> String {
        norm(&self.text[self.toks[a].start..self.toks[b].end])
    }

    /// A phrase as written, its first letter lowercased when the first word
    /// is a common word (`Officials` at a sentence start → `officials`).
    fn phrase_text(&self, a: usize, b: usize) -> String {
        // Not part of the phrase: conjunctions, pronouns, verbs before it.
        let mut a = a;
        while a < b
            && self.word(a).is_some_and(|w| {
                !matches!(w.lower, "the" | "a" | "an")
                    && (w.in_list(cls::LEADING | cls::PRONOUNISH | cls::NON_MODIFIER)
                        || (!w.cap && w.lower.ends_with("ed")))
            })
        {
            a += 1;
        }
        let mut s = self.span_text(a, b);
        let t = &self.toks[a];
        if t.is_word() && t.cap && !t.allcaps && (t.lex != 0 || t.cls != 0) {
            if let Some(c) = s.chars().next() {
                let lower: String = c.to_lowercase().collect();
                s.replace_range(..c.len_utf8(), &lower);
            }
        }
        s
    }

    /// A capitalised word mid-sentence that is a common first name (`Per`,
    /// `Will`): a name even when it is also a function word.
    fn first_name_word(&self, t: &Tok) -> bool {
        t.cap && !t.allcaps && self.lex.first_name_gender(t.lower).is_some()
    }

    /// A capitalized token that can be part of a person's name.
    fn name_like(&self, t: &Tok) -> bool {
        t.is_word()
            && !t.quoted
            && (t.initial
                || (t.cap
                    && !t.abbr
                    && !t.allcaps
                    && !t.title()
                    && !t.org()
                    && !t.doc()
                    && !t.group()
                    && !t.verb()
                    && !t.in_list(cls::CALENDAR)
                    && !t.in_list(cls::LEADING)
                    && (!t.in_list(cls::PREP) || self.first_name_word(t))))
    }
}
