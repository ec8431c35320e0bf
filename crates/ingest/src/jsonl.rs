//! One JSONL line, `{"id": ..., "text": ...[, "title": ...]}`, to an [`Article`].
//!
//! Used for streams read line by line (stdin), so nothing beyond one line is
//! ever held in memory.

use crate::{normalize_newlines, Article, IngestError, Result};

#[derive(serde::Deserialize)]
struct Line {
    id: Id,
    text: String,
    #[serde(default)]
    title: Option<String>,
}

/// Ids may be strings or integers in the wild.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Int(i64),
}

/// Parses one JSONL line (1-based `line` number, for messages) into an article.
///
/// Blank lines give `Ok(None)`. Anything else that is not an object with a
/// string or integer `id` and a string `text` is an [`IngestError::BadLine`].
/// The text is normalized like a file's (CRLF and CR become LF).
pub fn parse_jsonl_line(bytes: &[u8], line: usize) -> Result<Option<Article>> {
    let bad = |message: String| IngestError::BadLine { line, message };
    let s = std::str::from_utf8(bytes).map_err(|e| bad(format!("not UTF-8 ({e})")))?;
    let s = s.strip_prefix('\u{feff}').unwrap_or(s).trim();
    if s.is_empty() {
        return Ok(None);
    }
    let parsed: Line = serde_json::from_str(s).map_err(|e| bad(e.to_string()))?;
    let id = match parsed.id {
        Id::Text(t) => t,
        Id::Int(n) => n.to_string(),
    };
    if id.is_empty() {
        return Err(bad("empty id".into()));
    }
    Ok(Some(Article {
        id,
        title: parsed.title,
        text: normalize_newlines(parsed.text),
        encoding: "UTF-8".into(),
        bytes: bytes.len() as u64,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_text_and_title() {
        let a = parse_jsonl_line(br#"{"id":"x1","text":"A.\r\nB.","title":"T"}"#, 1)
            .unwrap()
            .unwrap();
        assert_eq!(
            (a.id.as_str(), a.text.as_str(), a.title.as_deref()),
            ("x1", "A.\nB.", Some("T"))
        );
        let a = parse_jsonl_line(br#"{"id":7,"text":"C."}"#, 2)
            .unwrap()
            .unwrap();
        assert_eq!((a.id.as_str(), a.title), ("7", None));
    }

    #[test]
    fn blank_lines_are_skipped() {
        assert_eq!(parse_jsonl_line(b"  \r", 3).unwrap(), None);
    }

    #[test]
    fn bad_lines_name_their_number() {
        for (input, needle) in [
            (&b"{\"id\":\"a\"}"[..], "missing field `text`"),
            (b"{\"text\":\"a\"}", "missing field `id`"),
            (b"[1,2]", "line 4:"),
            (b"{\"id\":\"\",\"text\":\"a\"}", "empty id"),
            (b"\xff\xfe", "not UTF-8"),
        ] {
            let e = parse_jsonl_line(input, 4).unwrap_err();
            assert_eq!(e.kind(), "jsonl");
            assert!(e.to_string().contains(needle), "{e}");
        }
    }
}
