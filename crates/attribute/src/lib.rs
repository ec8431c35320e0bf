//! Quotes and speakers: who holds the position a sentence expresses.
//!
//! # What speaker a sentence gets
//!
//! The speaker of a sentence is the holder of the position it reports: the
//! speaker of the quotation or of the reported speech in it.
//!
//! - A sentence with an **attribution frame** outside quotes — a speech or
//!   position verb from `data/speech_verbs.txt` (`said`, `told`, `urged`,
//!   `rejected`, `welcomed`, …) with its subject, `“…,” said X`, or
//!   `according to X` — gets that subject. When a sentence has several frames
//!   the first one (the main clause) wins; with no finite verb, a speech
//!   participle (`…, calling the launch “…”`) takes the sentence's subject.
//! - A sentence with no frame of its own that is **inside a quotation** gets
//!   the speaker of that quotation: the frame of another sentence of the same
//!   quotation (before or after, across paragraphs by the news convention),
//!   else the nearest attributed quotation in the same paragraph, else — for
//!   a paragraph of bare quotes — the speaker of the previous paragraph.
//!   A quotation left open at a paragraph end goes on into the next
//!   paragraph when that one reopens it, or closes it without reopening;
//!   a caption paragraph between an unclosed quotation and its reopening
//!   does not break it. A bare quote after a frame sentence of its paragraph
//!   (unquoted sentences without frames between) takes that frame's speaker.
//! - A quote signed with a dash (`“…” — Jane Doe`) and a transcript line
//!   (`NAME: …`) are attributed to the name.
//! - Unmarked block quotes: the sentences of a paragraph closed by a name
//!   line (`Jane Doe, Mayor`; a paragraph without frames of its own) and the
//!   paragraph after a frame sentence ending with a colon take that speaker
//!   (`continuation`, `in_quote` `none`); the name line itself is `direct`.
//! - Everything else (narration, background, beliefs) is empty.
//!
//! Light verbs with a statement noun (`issued a statement`, `made
//! remarks`), document verbs after a document (`the report states`, `the
//! letter reads`), `in the words of X` and a parenthetical `…, said X, …`
//! are frames too. Narrative senses open none: verbs that need a clause
//! (`continued to`, `conceded a penalty`, `offered to`), naming (`a group
//! called the Sea Org`), a speech verb joined to an action (`arrested and
//! questioned`) or to an infinitive, and the site's own name (`Wikinews
//! observed`).
//!
//! Frames are grammar over shallow tokens: adverbs and auxiliaries between
//! subject and verb (`X has also said`), appositives (`X, editor at Y,
//! said`; `Y's envoy, X, said`), post-posed subjects with roles (`said team
//! head coach X`), `according to X` (a name in apposition to a role wins, and
//! a speech verb inside the sentence beats `according to`: the innermost
//! source holds the position), subjects past a modifier (`X of Y said`,
//! `people familiar with Z said`) or a parenthesis (`X (ABC) said`). A
//! capitalised word inside a sentence is never a verb (`United States`).
//! The speech-verb list is hand-curated (see the header of
//! `data/speech_verbs.txt` for where it comes from).
//!
//! # Speakers and their kinds ([`SpeakerKind`])
//!
//! - `person`: a named person (`Nikki Haley`, titles stripped), or a pronoun
//!   resolved to one. Person mentions (full names, bare surnames seen before,
//!   titles with names, names with a common first name) are antecedents, not
//!   only earlier speakers. Gender comes from titles (`Mr.`/`Ms.`), role
//!   nouns (`spokeswoman`) and a first-name table (`data/first_names.txt`, US
//!   SSA counts, rebuilt by `scripts/build-name-genders.py`); a pronoun may
//!   set an unknown gender but never changes a known one.
//! - `organisation`: a named body (`Russia`, `the White House`, `Kestria's
//!   Defense Ministry`), or `the ministry`/`it`/`its foreign ministry`
//!   resolved to one.
//! - `nominal`: a document or body not resolved to a name (`the report`,
//!   `the company`, `the regional transport authority`), written as in the
//!   text, its first letter lowercased when it is a common word.
//! - `unnamed`: an anonymous or generic person source (`officials`, `a
//!   spokesman for the mill's owners`, `two diplomats`), written as in the
//!   text; `they` resolves to a plural one.
//! - none: no speaker ([`SpeakerKind::as_str`] gives `""`).
//!
//! `speaker_via`:
//! - `direct`: the sentence has its own frame (any kind of speaker, a dash
//!   signature included) and contains quoted words;
//! - `indirect`: the same, without quoted words (reported speech);
//! - `pronoun`: the sentence's frame subject is he/she/they/it, resolved to
//!   the most recent compatible speaker or mention (gender from titles,
//!   first names and earlier pronouns; `they` to a named group or a plural
//!   unnamed source, `it` to a body);
//! - `continuation`: no frame of its own; the speaker comes from the
//!   quotation the sentence is part of or continues.
//!
//! `in_quote` is `full` when all the sentence's words are quoted except an
//! attribution frame set off by punctuation (`“…,” she said.`, `He said: “…`),
//! `partial` when a quote is embedded in the sentence's own syntax, `none`
//! when nothing is quoted.
//!
//! Canonical names are per article: `Nikki Haley`, `Haley`, `Ms. Haley` and
//! `Ambassador Haley` are all reported as `Nikki Haley`.
//!
//! ```
//! use standpoint_attribute::{Attribute, Attributor, InQuote, Via};
//! use standpoint_segment::Sentence;
//! let text = "Nikki Haley said sanctions work. “They bite,” Ms. Haley said.";
//! let sentences = [
//!     Sentence { start: 0, end: 32, paragraph: 0 },
//!     Sentence { start: 33, end: text.len(), paragraph: 0 },
//! ];
//! let a = Attributor::new().attribute(text, &sentences);
//! assert_eq!(a[0].speaker.as_deref(), Some("Nikki Haley"));
//! assert_eq!(a[0].via, Some(Via::Indirect));
//! assert_eq!(a[1].speaker.as_deref(), Some("Nikki Haley"));
//! assert_eq!((a[1].via, a[1].in_quote), (Some(Via::Direct), InQuote::Full));
//! ```
#![deny(missing_docs)]

use std::sync::Arc;

use standpoint_segment::Sentence;

mod article;
mod entities;
pub mod gold;
mod grammar;
mod lexicon;
mod quotes;
mod syntax;
mod tokens;

use lexicon::Lexicon;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AttributeError {
    /// A malformed line in a gold file.
    #[error("line {line}: {message}")]
    Gold {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Gold and article sentences do not line up.
    #[error(
        "sentence {index}: gold text {gold:?} does not match the segmenter's {found:?} \
         (segmentation changed: regenerate a draft and re-check it by hand)"
    )]
    Misaligned {
        /// Sentence index.
        index: usize,
        /// Text stored in the gold file.
        gold: String,
        /// Text of the current sentence.
        found: String,
    },
    /// Gold and article have different sentence counts.
    #[error("gold has {gold} sentences but the segmenter gives {found}")]
    Count {
        /// Sentences in the gold file.
        gold: usize,
        /// Sentences in the article.
        found: usize,
    },
    /// I/O failure.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, AttributeError>;

/// How much of a sentence is inside quotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InQuote {
    /// The sentence's content is quoted speech.
    Full,
    /// Part of the sentence is quoted.
    Partial,
    /// Nothing is quoted.
    #[default]
    None,
}

impl InQuote {
    /// The report value.
    pub fn as_str(self) -> &'static str {
        match self {
            InQuote::Full => "full",
            InQuote::Partial => "partial",
            InQuote::None => "none",
        }
    }

    /// Parses a report value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "full" => Some(InQuote::Full),
            "partial" => Some(InQuote::Partial),
            "none" => Some(InQuote::None),
            _ => None,
        }
    }
}

/// How the speaker was found.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// Named in the sentence with a direct quote.
    Direct,
    /// Named in the sentence with reported (indirect) speech.
    Indirect,
    /// A pronoun resolved to an earlier speaker.
    Pronoun,
    /// An unattributed quoted sentence continuing an earlier quotation.
    Continuation,
}

impl Via {
    /// The report value.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Direct => "direct",
            Via::Indirect => "indirect",
            Via::Pronoun => "pronoun",
            Via::Continuation => "continuation",
        }
    }

    /// Parses a report value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "direct" => Some(Via::Direct),
            "indirect" => Some(Via::Indirect),
            "pronoun" => Some(Via::Pronoun),
            "continuation" => Some(Via::Continuation),
            _ => None,
        }
    }
}

/// What kind of source a speaker is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A named person (`Nikki Haley`), or people named together.
    Person,
    /// A named organisation, country or other body (`Russia`, `the
    /// ministry` resolved to `Kestrian Foreign Ministry`).
    Organisation,
    /// A document or descriptive source not resolved to a name (`the
    /// report`, `the ministry`, `the company`), written as in the text.
    Nominal,
    /// An anonymous or generic person source (`officials`, `a spokesman`,
    /// `critics`), written as in the text.
    Unnamed,
    /// No speaker.
    #[default]
    None,
}

impl SpeakerKind {
    /// The report value (empty for [`SpeakerKind::None`]).
    pub fn as_str(&self) -> &'static str {
        match self {
            SpeakerKind::Person => "person",
            SpeakerKind::Organisation => "organisation",
            SpeakerKind::Nominal => "nominal",
            SpeakerKind::Unnamed => "unnamed",
            SpeakerKind::None => "",
        }
    }

    /// Parses a report value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "person" => Some(SpeakerKind::Person),
            "organisation" => Some(SpeakerKind::Organisation),
            "nominal" => Some(SpeakerKind::Nominal),
            "unnamed" => Some(SpeakerKind::Unnamed),
            "" => Some(SpeakerKind::None),
            _ => None,
        }
    }
}

/// The attribution of one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribution {
    /// Canonical speaker name, if known.
    pub speaker: Option<String>,
    /// What kind of source the speaker is ([`SpeakerKind::None`] without one).
    pub kind: SpeakerKind,
    /// How the speaker was found.
    pub via: Option<Via>,
    /// Quote status.
    pub in_quote: InQuote,
}

/// The attribution stage.
pub trait Attribute: Send + Sync {
    /// One attribution per sentence, in order.
    fn attribute(&self, text: &str, sentences: &[Sentence]) -> Vec<Attribution>;
}

/// The default rule-based attributor.
///
/// Word lists are parsed once in [`Attributor::new`]; attributing an article
/// is a single left-to-right pass over its sentences plus a pass over its
/// quotations, linear in the text length.
#[derive(Debug, Clone)]
pub struct Attributor {
    lex: Arc<Lexicon>,
}

impl Default for Attributor {
    fn default() -> Self {
        Self::new()
    }
}

impl Attributor {
    /// A new attributor with the built-in speech-verb, title and
    /// organization lists.
    pub fn new() -> Self {
        Attributor {
            lex: Arc::new(Lexicon::builtin()),
        }
    }
}

impl Attribute for Attributor {
    fn attribute(&self, text: &str, sentences: &[Sentence]) -> Vec<Attribution> {
        article::attribute(&self.lex, text, sentences)
    }
}

#[cfg(test)]
mod autotraits {
    fn has<T: Send + Sync + Sized + Unpin>() {}

    #[test]
    fn public_types_are_send_sync() {
        has::<super::Attributor>();
        has::<super::Attribution>();
        has::<super::SpeakerKind>();
        has::<super::AttributeError>();
        has::<super::gold::GoldRow>();
        has::<super::gold::Score>();
    }
}
