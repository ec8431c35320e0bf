//! JSON Lines articles: one `{"id": ..., "text": ...[, "title": ...]}` per line.
//!
//! [`parse_jsonl_line`] handles one line of a stream (stdin), so nothing
//! beyond one line is ever held in memory; [`parse_file`] handles a decoded
//! `.jsonl` file.

use std::collections::HashMap;

use serde_json::Value;

use crate::decode::normalize_newlines;
use crate::{Article, IngestError, Result};

/// One article line of a JSONL file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JsonlRecord {
    /// The `id` field (a number is kept in its JSON spelling).
    pub(crate) id: String,
    /// The `text` field, with CRLF and CR turned into LF.
    pub(crate) text: String,
    /// The `title` field, if present and not null, line ends normalized too.
    pub(crate) title: Option<String>,
}

/// Parses one JSONL line of a stream (1-based `line` number, for messages)
/// into an article whose id is the line's `id`.
///
/// Blank lines give `Ok(None)`. Anything else that is not UTF-8 or not an
/// object with a string or number `id` and a non-empty string `text` is an
/// [`IngestError::BadLine`]. The text is normalized like a file's (CRLF and
/// CR become LF).
pub fn parse_jsonl_line(bytes: &[u8], line: usize) -> Result<Option<Article>> {
    let s = std::str::from_utf8(bytes).map_err(|e| IngestError::BadLine {
        line,
        message: format!("not UTF-8 ({e})"),
    })?;
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    Ok(parse_record(s, line)?.map(|rec| Article {
        id: rec.id,
        title: rec.title,
        text: rec.text,
        encoding: "UTF-8".into(),
        bytes: bytes.len() as u64,
    }))
}

/// Parses one line; `line_no` (1-based) goes into errors. A blank line gives
/// `Ok(None)`. Other fields than `id`, `text` and `title` are ignored.
pub(crate) fn parse_record(line: &str, line_no: usize) -> Result<Option<JsonlRecord>> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let bad = |message: String| IngestError::BadLine {
        line: line_no,
        message,
    };
    let value: Value = serde_json::from_str(line).map_err(|e| bad(json_message(&e)))?;
    let Value::Object(mut map) = value else {
        return Err(bad("expected a JSON object".into()));
    };
    let id = match map.remove("id") {
        None | Some(Value::Null) => return Err(bad("missing \"id\"".into())),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(bad("\"id\" must be a string or a number".into())),
    };
    if id.trim().is_empty() {
        return Err(bad("empty \"id\"".into()));
    }
    let text = match map.remove("text") {
        None | Some(Value::Null) => return Err(bad("missing \"text\"".into())),
        Some(Value::String(s)) => s,
        Some(_) => return Err(bad("\"text\" must be a string".into())),
    };
    if text.trim().is_empty() {
        return Err(bad("empty \"text\"".into()));
    }
    let title = match map.remove("title") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(normalize_newlines(s)),
        Some(_) => return Err(bad("\"title\" must be a string".into())),
    };
    Ok(Some(JsonlRecord {
        id,
        text: normalize_newlines(text),
        title,
    }))
}

/// serde_json's message with "at line 1 column N" shortened to "at column N".
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&suffix) {
        Some(msg) => format!("invalid JSON: {msg} at column {}", e.column()),
        None => format!("invalid JSON: {full}"),
    }
}

/// Articles and per-line errors of a decoded JSONL file.
pub(crate) fn parse_file(
    rel: &str,
    text: &str,
    encoding: &str,
) -> (Vec<Article>, Vec<IngestError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.split('\n').enumerate() {
        let line_no = i + 1;
        match parse_record(line, line_no) {
            Ok(None) => {}
            Ok(Some(rec)) => {
                if let Some(first) = seen.get(&rec.id) {
                    errors.push(IngestError::BadLine {
                        line: line_no,
                        message: format!("duplicate id \"{}\" (first on line {first})", rec.id),
                    });
                    continue;
                }
                seen.insert(rec.id.clone(), line_no);
                articles.push(Article {
                    id: format!("{rel}#{}", rec.id),
                    title: rec.title,
                    text: rec.text,
                    encoding: encoding.to_string(),
                    bytes: line.len() as u64,
                });
            }
            Err(e) => errors.push(e),
        }
    }
    (articles, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(line: &str) -> String {
        match parse_record(line, 7) {
            Err(IngestError::BadLine { line: 7, message }) => message,
            other => panic!("expected a bad line, got {other:?}"),
        }
    }

    #[test]
    fn good_lines() {
        let rec = parse_record(r#"{"id":"a1","text":"One.\r\nTwo.","title":"T","x":1}"#, 1)
            .unwrap()
            .unwrap();
        assert_eq!(
            rec,
            JsonlRecord {
                id: "a1".into(),
                text: "One.\nTwo.".into(),
                title: Some("T".into())
            }
        );
        let rec = parse_record(r#"{"id":"t","text":"x","title":"A\r\nB"}"#, 1)
            .unwrap()
            .unwrap();
        assert_eq!(rec.title.as_deref(), Some("A\nB"));
        let rec = parse_record(r#"{"id":17,"text":"x","title":null}"#, 1)
            .unwrap()
            .unwrap();
        assert_eq!((rec.id.as_str(), rec.title), ("17", None));
        assert_eq!(parse_record("  ", 1).unwrap(), None);
    }

    #[test]
    fn bad_lines_have_clear_messages() {
        assert_eq!(
            err(r#"{"id":"a","text":"x""#),
            "invalid JSON: EOF while parsing an object at column 20"
        );
        assert_eq!(err("[1,2]"), "expected a JSON object");
        assert_eq!(err(r#"{"text":"x"}"#), "missing \"id\"");
        assert_eq!(
            err(r#"{"id":true,"text":"x"}"#),
            "\"id\" must be a string or a number"
        );
        assert_eq!(err(r#"{"id":" ","text":"x"}"#), "empty \"id\"");
        assert_eq!(err(r#"{"id":"a"}"#), "missing \"text\"");
        assert_eq!(err(r#"{"id":"a","text":3}"#), "\"text\" must be a string");
        assert_eq!(err(r#"{"id":"a","text":"  "}"#), "empty \"text\"");
        assert_eq!(
            err(r#"{"id":"a","text":"x","title":[]}"#),
            "\"title\" must be a string"
        );
    }

    #[test]
    fn file_keeps_going_after_bad_lines() {
        let text = "{\"id\":\"a\",\"text\":\"A.\"}\nnot json\n\n{\"id\":\"a\",\"text\":\"again\"}\n{\"id\":\"b\",\"text\":\"B.\"}\n";
        let (articles, errors) = parse_file("f.jsonl", text, "UTF-8");
        let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["f.jsonl#a", "f.jsonl#b"]);
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            lines,
            [
                "line 2: invalid JSON: expected ident at column 2",
                "line 4: duplicate id \"a\" (first on line 1)"
            ]
        );
    }

    #[test]
    fn stream_lines() {
        let a = parse_jsonl_line(
            b"\xEF\xBB\xBF{\"id\":\"x1\",\"text\":\"A.\\r\\nB.\",\"title\":\"T\"}",
            1,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (
                a.id.as_str(),
                a.text.as_str(),
                a.title.as_deref(),
                a.encoding.as_str()
            ),
            ("x1", "A.\nB.", Some("T"), "UTF-8")
        );
        assert_eq!(parse_jsonl_line(b"  \r", 3).unwrap(), None);
        let e = parse_jsonl_line(b"\xff\xfe", 4).unwrap_err();
        assert_eq!(e.kind(), "jsonl");
        assert!(e.to_string().starts_with("line 4: not UTF-8"), "{e}");
        let e = parse_jsonl_line(b"[1]", 5).unwrap_err();
        assert_eq!(e.to_string(), "line 5: expected a JSON object");
    }
}
