//! Ingestion: walk input paths, read and decode files, and turn each into [`Article`]s.
//!
//! Discovery is cheap and eager (paths only); reading is lazy, one entry at a
//! time, so a corpus is never held in memory.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

mod jsonl;
pub use jsonl::parse_jsonl_line;

/// One decoded article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable id: the path relative to its input root (`/`-separated).
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

/// What went wrong with one input.
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
    /// I/O failure.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The file has no content.
    #[error("empty file")]
    Empty,
    /// The file looks binary.
    #[error("binary file ({0})")]
    Binary(String),
    /// The file is over the size limit.
    #[error("file is {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// Actual size.
        size: u64,
        /// Configured limit.
        limit: u64,
    },
    /// Bytes that are not valid text in the detected encoding.
    #[error("cannot decode: {0}")]
    Decode(String),
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
    /// The input path does not exist.
    #[error("no such file or directory")]
    NotFound,
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
            IngestError::Empty => "empty",
            IngestError::Binary(_) => "binary",
            IngestError::TooLarge { .. } => "too_large",
            IngestError::Decode(_) => "decode",
            IngestError::NonUtf8Name => "filename",
            IngestError::BadLine { .. } => "jsonl",
            IngestError::NotFound => "missing",
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

/// Result alias.
pub type Result<T> = std::result::Result<T, IngestError>;

/// Ingestion settings, validated once.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestConfig {
    /// Extensions to read, lowercase, without dot.
    pub extensions: Vec<String>,
    /// Larger files are rejected.
    pub max_bytes: u64,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            extensions: vec!["txt".into(), "md".into()],
            max_bytes: 64 * 1024 * 1024,
        }
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

/// Finds input files under `roots`, recursively, sorted by relative id.
///
/// Problems met while walking (unreadable folders, bad names) are returned
/// beside the entries instead of stopping the walk.
pub fn discover(roots: &[PathBuf], config: &IngestConfig) -> (Vec<Entry>, Vec<IngestError>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(IngestError::Io(e).with_path(root.display().to_string()));
                continue;
            }
        };
        if meta.is_file() {
            let rel = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            entries.push(Entry {
                rel,
                path: root.clone(),
            });
        } else {
            walk(root, root, config, &mut entries, &mut errors);
        }
    }
    entries.sort();
    entries.dedup_by(|a, b| a.path == b.path);
    (entries, errors)
}

fn walk(
    root: &Path,
    dir: &Path,
    config: &IngestConfig,
    out: &mut Vec<Entry>,
    errors: &mut Vec<IngestError>,
) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(IngestError::Io(e).with_path(dir.display().to_string()));
            return;
        }
    };
    let mut children: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for path in children {
        let ft = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(IngestError::Io(e).with_path(path.display().to_string()));
                continue;
            }
        };
        if ft.is_dir() {
            walk(root, &path, config, out, errors);
            continue;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !config.extensions.contains(&ext) {
            continue;
        }
        let rel_path = path.strip_prefix(root).unwrap_or(&path);
        match rel_path.to_str() {
            Some(rel) => out.push(Entry {
                rel: rel.replace('\\', "/"),
                path,
            }),
            None => {
                errors.push(IngestError::NonUtf8Name.with_path(path.to_string_lossy().into_owned()))
            }
        }
    }
}

/// Reads and decodes one entry into articles (one, or many for `.jsonl`).
pub fn read_entry(entry: &Entry, config: &IngestConfig) -> Result<Vec<Article>> {
    read_inner(entry, config).map_err(|e| e.with_path(entry.rel.clone()))
}

fn read_inner(entry: &Entry, config: &IngestConfig) -> Result<Vec<Article>> {
    let size = std::fs::metadata(&entry.path)?.len();
    if size > config.max_bytes {
        return Err(IngestError::TooLarge {
            size,
            limit: config.max_bytes,
        });
    }
    let bytes = std::fs::read(&entry.path)?;
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if bytes.contains(&0) {
        return Err(IngestError::Binary("NUL bytes".into()));
    }
    let (text, encoding) = match std::str::from_utf8(&bytes) {
        Ok(s) => (s.strip_prefix('\u{feff}').unwrap_or(s).to_string(), "UTF-8"),
        Err(e) => return Err(IngestError::Decode(e.to_string())),
    };
    let text = normalize_newlines(text);
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.trim_start_matches('#').trim().to_string());
    Ok(vec![Article {
        id: entry.rel.clone(),
        title,
        text,
        encoding: encoding.into(),
        bytes: size,
    }])
}

/// Turns CRLF and lone CR into LF.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
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
    }

    #[test]
    fn discovers_sorted_and_filters_extensions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/two.txt"), "Two.").unwrap();
        std::fs::write(dir.path().join("a.md"), "# One\n\nText.").unwrap();
        std::fs::write(dir.path().join("skip.csv"), "x").unwrap();
        let (entries, errors) = discover(&[dir.path().to_path_buf()], &IngestConfig::default());
        assert!(errors.is_empty());
        let ids: Vec<_> = entries.iter().map(|e| e.rel.as_str()).collect();
        assert_eq!(ids, ["a.md", "b/two.txt"]);
        let art = read_entry(&entries[0], &IngestConfig::default()).unwrap();
        assert_eq!(art[0].title.as_deref(), Some("One"));
    }

    #[test]
    fn empty_file_is_an_error_with_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("e.txt"), "").unwrap();
        let (entries, _) = discover(&[dir.path().to_path_buf()], &IngestConfig::default());
        let err = read_entry(&entries[0], &IngestConfig::default()).unwrap_err();
        assert_eq!(err.kind(), "empty");
        assert_eq!(err.to_string(), "e.txt: empty file");
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(normalize_newlines("a\r\nb\rc".into()), "a\nb\nc");
    }
}
