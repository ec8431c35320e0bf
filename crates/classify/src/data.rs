//! Labeled training files: `text,target,label` CSV (target optional).

use std::collections::BTreeSet;
use std::path::Path;

use standpoint_report::CsvProfile;

use crate::{ClassifyError, Result};

/// One labeled training row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// The target, if the CSV has a `target` column and the cell is not empty.
    pub target: Option<String>,
    /// The gold label.
    pub label: String,
}

fn data_error(path: &Path, line: u64, message: impl Into<String>) -> ClassifyError {
    ClassifyError::Data {
        path: path.display().to_string(),
        line,
        message: message.into(),
    }
}

fn csv_error(path: &Path, e: csv::Error) -> ClassifyError {
    let line = e.position().map_or(1, |p| p.line().max(1));
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("ragged row: {len} fields, the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => e.to_string(),
    };
    data_error(path, line, message)
}

/// Reads one `text,target,label` CSV (a UTF-8 BOM is skipped; `target` is optional,
/// other columns are ignored).
///
/// Fails with `file:line: reason` on a missing column, a ragged row, an empty
/// text or label, or a file without rows.
pub fn read_examples(path: &Path) -> Result<Vec<Example>> {
    let file =
        std::fs::File::open(path).map_err(|e| data_error(path, 1, format!("cannot open: {e}")))?;
    let mut rdr = CsvProfile::reader(std::io::BufReader::new(file));
    let headers = rdr.headers().map_err(|e| csv_error(path, e))?.clone();
    let col = |n: &str| headers.iter().position(|h| h.trim() == n);
    let (text_col, target_col, label_col) = (col("text"), col("target"), col("label"));
    let missing: Vec<&str> = [("text", text_col), ("label", label_col)]
        .iter()
        .filter(|(_, c)| c.is_none())
        .map(|(n, _)| *n)
        .collect();
    let (Some(t), Some(l)) = (text_col, label_col) else {
        let found = headers.iter().collect::<Vec<_>>().join(",");
        return Err(data_error(
            path,
            1,
            format!(
                "missing column `{}` (header is `{found}`, expected `text,target,label`)",
                missing.join("`, `")
            ),
        ));
    };
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_error(path, e))?;
        let line = rec.position().map_or(0, |p| p.line());
        let text = rec.get(t).unwrap_or("");
        let label = rec.get(l).unwrap_or("").trim();
        if text.trim().is_empty() {
            return Err(data_error(path, line, "empty text"));
        }
        if label.is_empty() {
            return Err(data_error(path, line, "empty label"));
        }
        out.push(Example {
            text: text.to_string(),
            target: target_col
                .and_then(|g| rec.get(g))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            label: label.to_string(),
        });
    }
    if out.is_empty() {
        return Err(data_error(path, 1, "no rows after the header"));
    }
    Ok(out)
}

/// Reads several training CSVs and checks that, together, they have at least two
/// labels (else the error points at the first file).
pub fn read_training_files<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<Example>> {
    let mut all = Vec::new();
    for p in paths {
        all.extend(read_examples(p.as_ref())?);
    }
    let labels: BTreeSet<&str> = all.iter().map(|e| e.label.as_str()).collect();
    if labels.len() < 2 {
        let first = paths.first().map_or_else(
            || Path::new("-").to_path_buf(),
            |p| p.as_ref().to_path_buf(),
        );
        let only = labels.iter().next().copied().unwrap_or("");
        return Err(data_error(
            &first,
            1,
            format!("only one class (`{only}`) in the labels; training needs at least two"),
        ));
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, body: &[u8]) -> std::path::PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    }

    #[test]
    fn reads_bom_optional_target_and_extra_columns() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.csv",
            "\u{feff}id,text,label,target\r\n1,\"Talks, now\",favor,negotiations\r\n2,No.,against,\r\n"
                .as_bytes(),
        );
        let ex = read_examples(&p).unwrap();
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[0].text, "Talks, now");
        assert_eq!(ex[0].target.as_deref(), Some("negotiations"));
        assert_eq!(ex[1].target, None);
        let p = write(&dir, "b.csv", b"text,label\nx,a\ny,b\n");
        assert_eq!(read_training_files(&[p]).unwrap().len(), 2);
    }

    #[test]
    fn bad_files_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8], &str); 7] = [
            (
                "missing.csv",
                b"text,target\nx,y\n",
                ":1: missing column `label`",
            ),
            (
                "empty_text.csv",
                b"text,target,label\nok,t,a\n  ,t,b\n",
                ":3: empty text",
            ),
            (
                "empty_label.csv",
                b"text,target,label\nok,t,a\nok,t,\n",
                ":3: empty label",
            ),
            (
                "ragged.csv",
                b"text,target,label\nok,t,a\nok,t\n",
                ":3: ragged row: 2 fields, the header has 3",
            ),
            (
                "one_class.csv",
                b"text,label\nx,a\ny,a\n",
                ":1: only one class (`a`)",
            ),
            (
                "header_only.csv",
                b"text,target,label\n",
                ":1: no rows after the header",
            ),
            (
                "latin1.csv",
                b"text,label\nx,a\ncaf\xe9,b\n",
                ":3: not valid UTF-8",
            ),
        ];
        for (name, body, want) in cases {
            let p = write(&dir, name, body);
            let e = read_training_files(&[&p]).unwrap_err().to_string();
            assert!(
                e.starts_with(&format!("{}{want}", p.display())),
                "{name}: {e}"
            );
        }
    }

    #[test]
    fn labels_from_several_files_count_together() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(&dir, "a.csv", b"text,label\nx,a\n");
        let b = write(&dir, "b.csv", b"text,label\ny,b\n");
        assert_eq!(read_training_files(&[a.clone(), b]).unwrap().len(), 2);
        assert!(read_training_files(&[a]).is_err());
    }

    #[test]
    fn unreadable_file_is_reported() {
        let e = read_examples(Path::new("/nonexistent/x.csv")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/nonexistent/x.csv:1: cannot open"),
            "{e}"
        );
    }
}
