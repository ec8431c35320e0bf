//! Ingestion: walk input paths, read and decode files, and turn each into [`Article`]s.
//!
//! Discovery is cheap and eager (paths only); reading is lazy, one entry at a
//! time, so a corpus is never held in memory.
//!
//! ```
//! use standpoint_ingest::{parse_bytes, Format};
//! // “Café” in windows-1252, with CRLF line endings.
//! let loaded = parse_bytes(Format::Text, "a.txt", b"\x93Caf\xe9\x94\r\nsaid no.").unwrap();
//! assert_eq!(loaded.articles[0].text, "“Café”\nsaid no.");
//! assert_eq!(loaded.articles[0].encoding, "windows-1252");
//! // The guess is reported as a warning.
//! assert!(loaded.problems[0].is_warning());
//! ```
//!
//! # Text and offsets
//!
//! An article's text is the decoded text with any byte-order mark removed
//! and CRLF and lone CR turned into LF; for HTML it is the visible text (see
//! [`extract_html`]). Offsets computed on [`Article::text`] therefore refer
//! to this decoded, normalized text, not to bytes of the file.
#![deny(missing_docs)]

use std::io::Read;
use std::path::{Path, PathBuf};

mod decode;
mod html;
mod jsonl;
mod lazy_walk;
mod paths;

pub use decode::{decode, html_declared_encoding, normalize_newlines, Decoded};
pub use html::{extract as extract_html, Extracted};
pub use jsonl::parse_jsonl_line;
pub use lazy_walk::{walk_lazily, Found, LazyWalk, WalkOrder};

/// One decoded article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable id: the path relative to its input root (`/`-separated); for a
    /// JSONL file, `path#id`.
    pub id: String,
    /// Title, when the format has one.
    pub title: Option<String>,
    /// Decoded text (offsets in reports refer to this).
    pub text: String,
    /// Name of the encoding the text was decoded from.
    pub encoding: String,
    /// Size of the source in bytes.
    pub bytes: u64,
}

/// What went wrong with one input. Most variants stop the input; a
/// [`IngestError::DecodeWarning`] only marks its text as guessed or repaired
/// (see [`IngestError::is_warning`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// An error tied to a path.
    #[error("{path}: {err}")]
    WithPath {
        /// The input path as shown to the user.
        path: String,
        /// The cause.
        #[source]
        err: Box<IngestError>,
    },
    /// Other I/O failure.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The operating system refused access.
    #[error("permission denied")]
    PermissionDenied,
    /// A symbolic link that leads back to itself or to a folder being walked.
    #[error("symbolic link loop")]
    SymlinkLoop,
    /// A symbolic link whose target does not exist.
    #[error("broken symbolic link (its target does not exist)")]
    BrokenLink,
    /// The file was found, but was gone when it was read.
    #[error("file vanished before it could be read")]
    Vanished,
    /// The input path does not exist.
    #[error("no such file or directory")]
    NotFound,
    /// A FIFO, socket or device where a file was expected.
    #[error("not a regular file ({0})")]
    NotAFile(String),
    /// The file has no content.
    #[error("empty file")]
    Empty,
    /// The file has bytes, but no text.
    #[error("no text ({0})")]
    NoText(String),
    /// The file looks binary.
    #[error("binary file ({0})")]
    Binary(String),
    /// The file is over the size limit.
    #[error("file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Actual size (at least this).
        size: u64,
        /// Configured limit.
        limit: u64,
    },
    /// Bytes that are not text in any encoding tried.
    #[error("cannot decode: {0}")]
    Decode(String),
    /// A warning: the encoding was guessed, or bytes were replaced.
    #[error("{0}")]
    DecodeWarning(String),
    /// The path is not valid UTF-8.
    #[error("file name is not valid UTF-8")]
    NonUtf8Name,
    /// A JSONL line that is not an article object.
    #[error("line {line}: {message}")]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An invalid setting.
    #[error("{0}")]
    Config(String),
}

impl IngestError {
    /// Attaches a path.
    pub fn with_path(self, path: impl Into<String>) -> Self {
        IngestError::WithPath {
            path: path.into(),
            err: Box::new(self),
        }
    }

    /// Short machine-readable kind for `errors.csv`.
    pub fn kind(&self) -> &'static str {
        match self {
            IngestError::WithPath { err, .. } => err.kind(),
            IngestError::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => "permission",
            IngestError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => "missing",
            IngestError::Io(_) => "io",
            IngestError::PermissionDenied => "permission",
            IngestError::SymlinkLoop => "symlink_loop",
            IngestError::BrokenLink | IngestError::Vanished | IngestError::NotFound => "missing",
            IngestError::NotAFile(_) => "not_file",
            IngestError::Empty | IngestError::NoText(_) => "empty",
            IngestError::Binary(_) => "binary",
            IngestError::TooLarge { .. } => "too_large",
            IngestError::Decode(_) | IngestError::DecodeWarning(_) => "decode",
            IngestError::NonUtf8Name => "filename",
            IngestError::BadLine { .. } => "jsonl",
            IngestError::Config(_) => "config",
        }
    }

    /// True for problems that do not stop the input (guessed or repaired text).
    pub fn is_warning(&self) -> bool {
        match self {
            IngestError::WithPath { err, .. } => err.is_warning(),
            IngestError::DecodeWarning(_) => true,
            _ => false,
        }
    }

    /// The path, if one is attached.
    pub fn path(&self) -> Option<&str> {
        match self {
            IngestError::WithPath { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The message without the path.
    pub fn message(&self) -> String {
        match self {
            IngestError::WithPath { err, .. } => err.message(),
            other => other.to_string(),
        }
    }
}

/// Maps an I/O error on `path` to the most telling variant.
pub(crate) fn io_error(path: &Path, e: std::io::Error) -> IngestError {
    /// `ELOOP`, which std has no stable `ErrorKind` for.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const ELOOP: i32 = 40;
    #[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
    const ELOOP: i32 = 62;
    #[cfg(not(unix))]
    const ELOOP: i32 = -1;
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => IngestError::PermissionDenied,
        std::io::ErrorKind::NotFound => {
            let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            if link {
                IngestError::BrokenLink
            } else {
                IngestError::Vanished
            }
        }
        _ if e.raw_os_error() == Some(ELOOP) => IngestError::SymlinkLoop,
        _ => IngestError::Io(e),
    }
}

/// Result alias.
pub type Result<T> = std::result::Result<T, IngestError>;

/// The input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text; the first non-empty line is the title.
    Text,
    /// Markdown, read as text; the first line is the title, `#` removed.
    Markdown,
    /// HTML: the visible text, `<title>` as title.
    Html,
    /// JSON Lines: one article per line.
    Jsonl,
}

/// Extensions this crate can read, and their formats.
pub const EXTENSIONS: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("text", Format::Text),
    ("md", Format::Markdown),
    ("markdown", Format::Markdown),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("jsonl", Format::Jsonl),
    ("ndjson", Format::Jsonl),
];

impl Format {
    /// The format of an extension (without dot, any case).
    pub fn from_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        EXTENSIONS.iter().find(|(e, _)| *e == ext).map(|(_, f)| *f)
    }

    /// The format of a path; unknown extensions read as text.
    pub fn of_path(path: &Path) -> Format {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension)
            .unwrap_or(Format::Text)
    }
}

/// Ingestion settings, validated once.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestConfig {
    /// Extensions to read, lowercase, without dot.
    pub extensions: Vec<String>,
    /// Larger files are rejected.
    pub max_bytes: u64,
}

impl Default for IngestConfig {
    /// `.txt` and `.md`, at most 64 MiB per file.
    fn default() -> Self {
        IngestConfig {
            extensions: vec!["txt".into(), "md".into()],
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

impl IngestConfig {
    /// Checks the extensions (with or without a leading dot, any case) against
    /// [`EXTENSIONS`] and that `max_bytes` is positive.
    pub fn new<I, S>(extensions: I, max_bytes: u64) -> Result<IngestConfig>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut list: Vec<String> = Vec::new();
        for ext in extensions {
            let ext = ext
                .as_ref()
                .trim()
                .trim_start_matches('.')
                .to_ascii_lowercase();
            if Format::from_extension(&ext).is_none() {
                let known: Vec<&str> = EXTENSIONS.iter().map(|(e, _)| *e).collect();
                return Err(IngestError::Config(format!(
                    "unsupported extension `{ext}` (supported: {})",
                    known.join(", ")
                )));
            }
            if !list.contains(&ext) {
                list.push(ext);
            }
        }
        if list.is_empty() {
            return Err(IngestError::Config("no extensions selected".into()));
        }
        if max_bytes == 0 {
            return Err(IngestError::Config(
                "the size limit must be positive".into(),
            ));
        }
        Ok(IngestConfig {
            extensions: list,
            max_bytes,
        })
    }
}

/// A discovered input file, not read yet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Id: the path relative to its input root, `/`-separated.
    pub rel: String,
    /// Full path to read.
    pub path: PathBuf,
}

/// What one input file gave.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Its articles: one, or one per good line of a JSONL file.
    pub articles: Vec<Article>,
    /// Problems that did not stop the file, each with its path: decoding
    /// warnings ([`IngestError::is_warning`]) and bad JSONL lines (errors).
    pub problems: Vec<IngestError>,
}

/// Reads and decodes one entry. An `Err` means the whole file failed; a
/// file that was read may still carry problems in [`Loaded::problems`].
pub fn load_entry(entry: &Entry, config: &IngestConfig) -> Result<Loaded> {
    let bytes = read_bytes(&entry.path, config.max_bytes).map_err(|e| e.with_path(&entry.rel))?;
    parse_bytes(Format::of_path(&entry.path), &entry.rel, &bytes)
}

/// Reads at most `max` bytes of a regular file.
fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>> {
    // Check the type before opening: opening a FIFO would block.
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if !meta.is_file() {
        return Err(IngestError::NotAFile(
            if meta.is_dir() {
                "a folder"
            } else {
                "a special file"
            }
            .into(),
        ));
    }
    if meta.len() > max {
        return Err(IngestError::TooLarge {
            size: meta.len(),
            limit: max,
        });
    }
    let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow after the check: never read past the limit.
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    if bytes.len() as u64 > max {
        return Err(IngestError::TooLarge {
            size: bytes.len() as u64,
            limit: max,
        });
    }
    Ok(bytes)
}

/// Longest title kept, in characters; longer first lines are cut with `…`.
const MAX_TITLE_CHARS: usize = 200;

/// Decodes and parses the bytes of one file whose id is `id`. Whole-file
/// failures are errors with `id` as their path; see [`load_entry`].
pub fn parse_bytes(format: Format, id: &str, bytes: &[u8]) -> Result<Loaded> {
    parse_inner(format, id, bytes).map_err(|e| e.with_path(id))
}

fn parse_inner(format: Format, id: &str, bytes: &[u8]) -> Result<Loaded> {
    let declared = match format {
        Format::Html => html_declared_encoding(bytes),
        _ => None,
    };
    let decoded = decode(bytes, declared)?;
    let mut loaded = Loaded::default();
    if let Some(w) = decoded.warning {
        loaded
            .problems
            .push(IngestError::DecodeWarning(w).with_path(id));
    }
    let article = |text: String, title: Option<String>| Article {
        id: id.to_string(),
        title,
        text,
        encoding: decoded.encoding.to_string(),
        bytes: bytes.len() as u64,
    };
    match format {
        Format::Text | Format::Markdown => {
            if decoded.text.trim().is_empty() {
                return Err(IngestError::NoText("only whitespace".into()));
            }
            let title = first_line_title(&decoded.text, format == Format::Markdown);
            loaded.articles.push(article(decoded.text, title));
        }
        Format::Html => {
            let extracted = extract_html(&decoded.text);
            // A zero-width no-break space (U+FEFF) renders as nothing; after the
            // leading whitespace is gone it would read as a byte-order mark.
            let text = match extracted.text.strip_prefix('\u{feff}') {
                Some(_) => extracted
                    .text
                    .trim_start_matches(['\u{feff}', ' ', '\n', '\t'])
                    .to_string(),
                None => extracted.text,
            };
            if text.trim().is_empty() {
                return Err(IngestError::NoText("no visible text".into()));
            }
            let title = extracted
                .title
                .map(|t| cap_title(&t))
                .or_else(|| first_line_title(&text, false));
            loaded.articles.push(article(text, title));
        }
        Format::Jsonl => {
            let (articles, errors) = jsonl::parse_file(id, &decoded.text, decoded.encoding);
            if articles.is_empty() && errors.is_empty() {
                return Err(IngestError::NoText("no JSON lines".into()));
            }
            loaded.articles = articles;
            loaded
                .problems
                .extend(errors.into_iter().map(|e| e.with_path(id)));
        }
    }
    Ok(loaded)
}

fn first_line_title(text: &str, markdown: bool) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = if markdown {
        line.trim_start_matches('#').trim_end_matches('#').trim()
    } else {
        line
    };
    (!line.is_empty()).then(|| cap_title(line))
}

fn cap_title(title: &str) -> String {
    match title.char_indices().nth(MAX_TITLE_CHARS) {
        Some((cut, _)) => format!("{}…", title[..cut].trim_end()),
        None => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn has<T: Send + Sync + Sized + Unpin>() {}
        has::<Article>();
        has::<Entry>();
        has::<IngestError>();
        has::<IngestConfig>();
        has::<Loaded>();
        has::<Format>();
    }

    fn entry(dir: &Path, name: &str, bytes: &[u8]) -> Entry {
        std::fs::write(dir.join(name), bytes).unwrap();
        Entry {
            rel: name.into(),
            path: dir.join(name),
        }
    }

    fn load_err(entry: &Entry, config: &IngestConfig) -> (String, &'static str, String) {
        let e = load_entry(entry, config).unwrap_err();
        (e.path().unwrap_or("").to_string(), e.kind(), e.message())
    }

    #[test]
    fn text_and_markdown_titles() {
        let l = parse_bytes(Format::Markdown, "a.md", b"\n\n## One ##\n\nText.").unwrap();
        assert_eq!(l.articles[0].title.as_deref(), Some("One"));
        assert_eq!(l.articles[0].text, "\n\n## One ##\n\nText.");
        assert!(l.problems.is_empty());
        let long = "x".repeat(300);
        let l = parse_bytes(Format::Text, "a.txt", long.as_bytes()).unwrap();
        assert_eq!(
            l.articles[0].title.as_deref(),
            Some(format!("{}…", "x".repeat(200)).as_str())
        );
    }

    #[test]
    fn html_file() {
        let bytes =
            b"<html><head><meta charset=windows-1252><title>Caf\xe9 talks</title></head><body><p>A \x93quote\x94.</p></body></html>";
        let l = parse_bytes(Format::Html, "p.html", bytes).unwrap();
        assert_eq!(l.articles[0].title.as_deref(), Some("Café talks"));
        assert_eq!(l.articles[0].text, "A “quote”.");
        assert_eq!(l.articles[0].encoding, "windows-1252");
        assert!(l.problems.is_empty(), "declared encodings are not warnings");
        let e = parse_bytes(Format::Html, "s.html", b"<script>x()</script>").unwrap_err();
        assert_eq!(
            (e.kind(), e.to_string().as_str()),
            ("empty", "s.html: no text (no visible text)")
        );
    }

    #[test]
    fn jsonl_file_ids_and_line_errors() {
        let l = parse_bytes(
            Format::Jsonl,
            "d.jsonl",
            b"{\"id\":\"1\",\"text\":\"One.\"}\n{oops}\n{\"id\":2,\"text\":\"Two.\",\"title\":\"T\"}\n",
        )
        .unwrap();
        let ids: Vec<_> = l.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["d.jsonl#1", "d.jsonl#2"]);
        assert_eq!(l.articles[1].title.as_deref(), Some("T"));
        assert_eq!(l.problems.len(), 1);
        let p = &l.problems[0];
        assert_eq!(
            (p.path(), p.kind(), p.is_warning()),
            (Some("d.jsonl"), "jsonl", false)
        );
        assert_eq!(
            p.message(),
            "line 2: invalid JSON: key must be a string at column 2"
        );
        let e = parse_bytes(Format::Jsonl, "e.jsonl", b"\n \n").unwrap_err();
        assert_eq!(e.to_string(), "e.jsonl: no text (no JSON lines)");
    }

    #[test]
    fn warnings_are_problems_not_errors() {
        let l = parse_bytes(Format::Text, "w.txt", b"Gen\xe8ve says no.").unwrap();
        assert_eq!(l.articles[0].text, "Genève says no.");
        let p = &l.problems[0];
        assert!(p.is_warning());
        assert_eq!(
            p.to_string(),
            "w.txt: not UTF-8; decoded as windows-1252 (guessed)"
        );
        assert_eq!(p.kind(), "decode");
    }

    #[test]
    fn bad_files_each_get_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let config = IngestConfig::new(["txt"], 16).unwrap();
        let e = entry(d, "empty.txt", b"");
        assert_eq!(
            load_err(&e, &config),
            ("empty.txt".into(), "empty", "empty file".into())
        );
        let e = entry(d, "blank.txt", b" \r\n\t");
        assert_eq!(
            load_err(&e, &config),
            (
                "blank.txt".into(),
                "empty",
                "no text (only whitespace)".into()
            )
        );
        let e = entry(d, "nul.txt", b"ab\0cd");
        assert_eq!(
            load_err(&e, &config),
            (
                "nul.txt".into(),
                "binary",
                "binary file (contains NUL bytes)".into()
            )
        );
        let e = entry(d, "big.txt", &[b'a'; 17]);
        assert_eq!(
            load_err(&e, &config),
            (
                "big.txt".into(),
                "too_large",
                "file is 17 bytes, over the limit of 16 bytes".into()
            )
        );
        let e = entry(d, "gone.txt", b"text");
        std::fs::remove_file(&e.path).unwrap();
        assert_eq!(
            load_err(&e, &config),
            (
                "gone.txt".into(),
                "missing",
                "file vanished before it could be read".into()
            )
        );
        let e = Entry {
            rel: "sub".into(),
            path: d.to_path_buf(),
        };
        assert_eq!(
            load_err(&e, &config),
            (
                "sub".into(),
                "not_file",
                "not a regular file (a folder)".into()
            )
        );
    }

    #[test]
    fn config_validation() {
        let c = IngestConfig::new([".TXT", "html", "txt"], 5).unwrap();
        assert_eq!(c.extensions, ["txt", "html"]);
        assert_eq!(
            IngestConfig::new(["pdf"], 5).unwrap_err().to_string(),
            "unsupported extension `pdf` (supported: txt, text, md, markdown, html, htm, jsonl, ndjson)"
        );
        assert!(IngestConfig::new(Vec::<String>::new(), 5).is_err());
        assert!(IngestConfig::new(["txt"], 0).is_err());
    }

    #[test]
    fn load_entry_reads_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = entry(dir.path(), "a.md", b"# One\r\n\r\nText.");
        let loaded = load_entry(&e, &IngestConfig::default()).unwrap();
        assert!(loaded.problems.is_empty());
        let art = loaded.articles;
        assert_eq!(art[0].title.as_deref(), Some("One"));
        assert_eq!(art[0].text, "# One\n\nText.");
        assert_eq!(art[0].id, "a.md");
    }

    /// Found by the `decode` fuzz target: whitespace, then U+FEFF, in HTML.
    #[test]
    fn regression_html_zero_width_no_break_space_does_not_start_the_text() {
        let bytes = b" \r\n \xef\xbb\xbf \xef";
        let loaded = parse_bytes(Format::Html, "page.html", bytes);
        if let Ok(loaded) = loaded {
            for a in &loaded.articles {
                assert!(!a.text.starts_with('\u{feff}'), "{:?}", a.text);
            }
        }
        let loaded = parse_bytes(
            Format::Html,
            "page.html",
            "<p>\u{feff}\u{feff} Talks resumed.</p>".as_bytes(),
        )
        .unwrap();
        assert_eq!(loaded.articles[0].text, "Talks resumed.");
        // Found right after: a page whose only text is U+FEFF has no visible text.
        let err = parse_bytes(Format::Html, "page.html", b"\n\xef\xbb\xbf").unwrap_err();
        assert_eq!(err.kind(), "empty", "{err}");
        // The same for text: a repeated BOM is not text.
        let loaded = parse_bytes(Format::Text, "a.txt", b"\xef\xbb\xbf\xef\xbb\xbfTalks.").unwrap();
        assert_eq!(loaded.articles[0].text, "Talks.");
        let err = parse_bytes(Format::Text, "a.txt", b"\xef\xbb\xbf\xef\xbb\xbf").unwrap_err();
        assert_eq!(err.kind(), "empty", "{err}");
    }
}
