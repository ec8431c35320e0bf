//! Sentence segmentation for English news text.
//!
//! Sentences are byte spans into the original text; nothing is copied,
//! dropped or reordered. Every span starts and ends on a non-whitespace
//! character, spans are ordered and never overlap, and every non-whitespace
//! character of the input lies in exactly one span.
//!
//! ```
//! use standpoint_segment::Segmenter;
//! let text = "The U.N. met today. Russia objected.";
//! let seg = Segmenter::new();
//! let spans: Vec<&str> = seg.segment(text).iter().map(|s| &text[s.start..s.end]).collect();
//! assert_eq!(spans, ["The U.N. met today.", "Russia objected."]);
//! ```
//!
//! # Rules
//!
//! **Paragraphs first.** Blank lines (a newline, optional spaces or tabs, another
//! newline) separate paragraphs; no sentence crosses one. A paragraph without
//! closing punctuation (a headline, byline or caption) is one sentence.
//! [`Sentence::paragraph`] counts the paragraphs that contain text, from 0.
//!
//! **Inside a paragraph** a sentence ends after a run of `.`, `?`, `!` or `…`,
//! together with any closing quotes and brackets right after it (`need.” Haley`
//! splits after `”`), when whitespace follows and the next word does not start
//! with a lowercase letter. Then:
//!
//! * `?` and `!` end the sentence (`"Why?" she asked` does not split: lowercase).
//! * A period after a listed abbreviation follows the abbreviation's
//!   [`AbbreviationClass`]: `Mr.`, `Gen.`, `vs.` never end a sentence; `No. 5`
//!   and `Jan. 20` do not split before a digit; `Co.`, `Jr.`, `U.S.` end one only
//!   before a common sentence opener ("U.S. officials" and "U.S. Army" stay
//!   together, "in the U.S. The" splits); `etc.` ends one before any capital;
//!   `a.m.`/`p.m.` end one before a capitalized word that is not a day, month
//!   or time zone ("at 4 p.m. Tuesday" stays, "at 11 p.m. Diplomats" splits).
//! * An abbreviation never ends a short introductory phrase: "At 5 a.m." or
//!   "In the U.S." cannot be a sentence of its own, so the sentence goes on.
//! * Abbreviations are also recognised by shape: letters joined by periods
//!   (`U.N.`, `D.C.`, `a.m.`, `Ph.D.`) and short capitalized words without a
//!   vowel (`Blvd.`).
//! * A single capital letter is an initial (`J. R. R. Tolkien`, `George W. Bush`)
//!   unless a sentence opener follows, or it is the pronoun in "you and I. Then".
//! * A period inside a token is never a boundary: decimals and money (`$4.5`),
//!   URLs, e-mail addresses, `U.S.-led`.
//! * Ellipses: `...`, `…` and `. . .` end a sentence only before a capitalized
//!   word other than "I"; four dots (an ellipsis plus a period) before any
//!   capital. In `word. . . . Next` the period ends the sentence and the
//!   ellipsis opens the next one.
//! * Lists: a bullet (`•`, `‣`, `⁃`, ...) after whitespace starts a new sentence;
//!   a paragraph that opens with an enumeration marker (`1.`, `2)`, `3.)`, `a.`,
//!   `(b)`) is split before each following marker of the same sequence; a
//!   marker alone ("1.") never ends a sentence.
//! * Text that runs on without punctuation: a dateline at the start of a
//!   paragraph ("Monday, May 4, 2015 The ...", "UNITED NATIONS — The ...") is its
//!   own sentence; so is a caption followed by a credit label ("... at the summit
//!   Photo: Reuters."); and, when a paragraph has single line breaks, a line
//!   without closing punctuation that does not end in a comma or a function
//!   word ("of", "the") and is followed by a capitalized line (a headline over
//!   its story), unless the paragraph is hard-wrapped prose and the line is full.
//!
//! # Word lists and adding abbreviations
//!
//! The built-in lists are data files compiled into the crate:
//! `data/abbreviations.txt` (abbreviations and their classes),
//! `data/starters.txt` (sentence openers), `data/captions.txt` (credit labels),
//! `data/continuations.txt` (words that cannot end a headline),
//! `data/time_followers.txt` (days, months and zones after `p.m.`) and
//! `data/prepositions.txt` (openers of introductory phrases).
//!
//! To add abbreviations, write a file with one entry per line, the abbreviation
//! with or without its final period, optionally followed by a class (`prefix`,
//! `numeric`, `plain` — the default — `final` or `time`, see
//! [`AbbreviationClass`]); `#` starts a comment:
//!
//! ```text
//! # my-abbreviations.txt
//! Amb.     prefix
//! Dept
//! Art      numeric
//! ```
//!
//! and pass it as `standpoint segment --abbreviations my-abbreviations.txt`
//! (or `label --abbreviations`), or in code:
//!
//! ```
//! use standpoint_segment::Segmenter;
//! let seg = Segmenter::new().with_abbreviations(["Cmsr prefix"]);
//! let text = "Cmsr. Adeyemi spoke first. Talks resumed.";
//! assert_eq!(seg.segment(text).len(), 2);
//! ```
//!
//! Lowercase entries match any capitalization; entries containing a capital
//! letter match only exactly as written, so `Ill` (Illinois) does not turn the
//! word "ill." into an abbreviation. User entries override built-in ones.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

mod engine;
mod lexicon;

pub use lexicon::AbbreviationClass;
use lexicon::Lexicon;

/// One sentence: a byte span into the segmented text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    /// Byte offset of the first character (never whitespace).
    pub start: usize,
    /// Byte offset one past the last character (never whitespace).
    pub end: usize,
    /// 0-based index of the paragraph (blank-line separated block).
    pub paragraph: usize,
}

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SegmentError {
    /// An abbreviation file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of an abbreviation file is not `abbreviation [class]`.
    #[error("{path}:{line}: {message}")]
    BadEntry {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, SegmentError>;

/// The segmentation stage: text in, sentence spans out.
pub trait Segment: Send + Sync {
    /// Splits `text` into sentences.
    fn segment(&self, text: &str) -> Vec<Sentence>;
}

/// The default news segmenter.
///
/// Cheap to clone: the word lists are shared.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lexicon: Arc<Lexicon>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    /// A segmenter with the built-in abbreviation list.
    pub fn new() -> Self {
        Segmenter {
            lexicon: Lexicon::builtin(),
        }
    }

    /// Adds abbreviations, each written as in an abbreviation file:
    /// `abbr [class]`, with or without the final period (see the crate docs).
    ///
    /// Entries override built-in ones. Blank and comment lines are ignored, and
    /// so is an entry with an unknown class or extra words (use
    /// [`load_abbreviations`] to have files checked).
    pub fn with_abbreviations<I, S>(mut self, abbreviations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut lexicon = (*self.lexicon).clone();
        for entry in abbreviations {
            let entry = entry.into();
            if let Ok(Some(e)) = lexicon::parse_entry(&entry) {
                lexicon.push(e.key, e.class);
            }
        }
        lexicon.finish();
        self.lexicon = Arc::new(lexicon);
        self
    }

    /// Adds one abbreviation (with or without its final period) of the given class.
    pub fn with_abbreviation(mut self, abbreviation: &str, class: AbbreviationClass) -> Self {
        let key = abbreviation.trim().trim_end_matches('.');
        let mut lexicon = (*self.lexicon).clone();
        lexicon.push(key, class);
        lexicon.finish();
        self.lexicon = Arc::new(lexicon);
        self
    }

    /// Splits `text` into sentences.
    pub fn segment(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        self.segment_into(text, &mut out);
        out
    }

    /// Splits `text` into sentences, appending them to `out` (lets callers reuse
    /// one buffer across documents).
    pub fn segment_into(&self, text: &str, out: &mut Vec<Sentence>) {
        engine::segment_into(&self.lexicon, text, out);
    }
}

impl Segment for Segmenter {
    fn segment(&self, text: &str) -> Vec<Sentence> {
        Segmenter::segment(self, text)
    }
}

/// Reads an abbreviation file: one `abbreviation [class]` per line, `#` comments.
///
/// Returns the entries (comments and blank lines removed) for
/// [`Segmenter::with_abbreviations`]; a line that is not a valid entry is an
/// error naming the file and line.
pub fn load_abbreviations(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|source| SegmentError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        match lexicon::parse_entry(line) {
            Ok(Some(_)) => out.push(line.trim().to_string()),
            Ok(None) => {}
            Err(message) => {
                return Err(SegmentError::BadEntry {
                    path: path.to_path_buf(),
                    line: n + 1,
                    message,
                })
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has<T: Send + Sync + Sized + Unpin>() {}

    #[test]
    fn autotraits() {
        has::<Segmenter>();
        has::<Sentence>();
        has::<SegmentError>();
        has::<AbbreviationClass>();
    }

    #[test]
    fn load_abbreviations_reads_entries_and_names_bad_lines() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let good = dir.join("good.txt");
        std::fs::write(&good, "# mine\nAmb. prefix\n\ndept  # department\n").unwrap();
        assert_eq!(
            load_abbreviations(&good).unwrap(),
            ["Amb. prefix", "dept  # department"]
        );
        let bad = dir.join("bad.txt");
        std::fs::write(&bad, "ok\namb sometimes\n").unwrap();
        let err = load_abbreviations(&bad).unwrap_err();
        assert!(
            matches!(err, SegmentError::BadEntry { line: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("bad.txt:2"), "{err}");
        let missing = load_abbreviations(&dir.join("missing.txt")).unwrap_err();
        assert!(matches!(missing, SegmentError::Io { .. }));
    }
}
