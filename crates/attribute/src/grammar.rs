//! Small grammatical types shared by the lexicon, the frame finder and the
//! entity table.

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
