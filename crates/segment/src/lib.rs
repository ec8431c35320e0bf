//! Sentence segmentation for English news text.
//!
//! Sentences are byte spans into the original text; nothing is copied,
//! dropped or reordered.
//!
//! ```
//! use standpoint_segment::Segmenter;
//! let text = "The U.N. met today. Russia objected.";
//! let seg = Segmenter::new();
//! let spans: Vec<&str> = seg.segment(text).iter().map(|s| &text[s.start..s.end]).collect();
//! assert_eq!(spans, ["The U.N. met today.", "Russia objected."]);
//! ```
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

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
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, SegmentError>;

/// The segmentation stage: text in, sentence spans out.
pub trait Segment: Send + Sync {
    /// Splits `text` into sentences.
    fn segment(&self, text: &str) -> Vec<Sentence>;
}

/// The default news segmenter.
#[derive(Debug, Clone, Default)]
pub struct Segmenter {
    extra: Vec<String>,
}

impl Segmenter {
    /// A segmenter with the built-in abbreviation list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds abbreviations (without or with the final period).
    pub fn with_abbreviations<I, S>(mut self, abbreviations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.extra.extend(
            abbreviations
                .into_iter()
                .map(|a| a.into().trim().trim_end_matches('.').to_lowercase())
                .filter(|a| !a.is_empty()),
        );
        self
    }

    /// Splits `text` into sentences.
    pub fn segment(&self, text: &str) -> Vec<Sentence> {
        placeholder_split(text, &self.extra)
    }
}

impl Segment for Segmenter {
    fn segment(&self, text: &str) -> Vec<Sentence> {
        Segmenter::segment(self, text)
    }
}

/// Reads an abbreviation file: one abbreviation per line, `#` comments.
pub fn load_abbreviations(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|source| SegmentError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

// Placeholder until the real segmenter lands: paragraphs, then `.?!` + space + uppercase.
fn placeholder_split(text: &str, extra: &[String]) -> Vec<Sentence> {
    const ABBR: &[&str] = &["u.s", "u.n", "mr", "ms", "dr", "d.c"];
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut para_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    let push = |s: usize, e: usize, p: usize, out: &mut Vec<Sentence>| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if lead + trail < piece.len() {
            out.push(Sentence {
                start: s + lead,
                end: e - trail,
                paragraph: p,
            });
        }
    };
    let mut sent_start = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                push(sent_start, i, paragraph, &mut out);
                if out.last().is_some_and(|s| s.start >= para_start) {
                    paragraph += 1;
                }
                sent_start = j;
                para_start = j;
                i = j;
                continue;
            }
        }
        if matches!(bytes[i], b'.' | b'?' | b'!')
            && i + 2 < bytes.len()
            && bytes[i + 1] == b' '
            && bytes[i + 2].is_ascii_uppercase()
        {
            let word_start = text[..i].rfind(' ').map_or(0, |p| p + 1);
            let word = text[word_start..i].to_lowercase();
            if !ABBR.contains(&word.as_str()) && !extra.contains(&word) {
                push(sent_start, i + 1, paragraph, &mut out);
                sent_start = i + 1;
            }
        }
        i += 1;
    }
    push(sent_start, text.len(), paragraph, &mut out);
    out
}
