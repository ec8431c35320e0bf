//! Quotes and speakers: who holds the position a sentence expresses.
#![deny(missing_docs)]

use standpoint_segment::Sentence;

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
}

/// How the speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
}

/// The attribution of one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribution {
    /// Canonical speaker name, if known.
    pub speaker: Option<String>,
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
#[derive(Debug, Clone, Default)]
pub struct Attributor {}

impl Attributor {
    /// A new attributor with the built-in speech-verb list.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Attribute for Attributor {
    fn attribute(&self, _text: &str, sentences: &[Sentence]) -> Vec<Attribution> {
        // Stub until the attribution issue lands.
        vec![Attribution::default(); sentences.len()]
    }
}
