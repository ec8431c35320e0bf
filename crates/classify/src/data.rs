//! Labeled training files: `text,target,label` CSV (target optional).
//!
//! The reader takes what people hand it: files written by `standpoint sample`
//! and filled in a spreadsheet (UTF-8 BOM, CRLF, `;` as the separator in many
//! locales, extra context columns, a formula guard `'` before `=`, `+`, `-`,
//! `@`), and the usual research datasets. Rows whose label is still empty are
//! skipped and counted; labels are matched case-insensitively against
//! `favor`, `against` and `none` (with the aliases in [`canonical_label`]).

use std::collections::BTreeSet;
use std::path::Path;

use crate::{ClassifyError, Result};

/// One labeled training row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// The target, if the CSV has a `target` column and the cell is not empty.
    pub target: Option<String>,
    /// The gold label: `favor`, `against` or `none`.
    pub label: String,
}

/// What one training file held.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledFile {
    /// The labeled rows, in file order.
    pub examples: Vec<Example>,
    /// Rows with a text but an empty label (not yet labeled), skipped.
    pub unlabeled: usize,
    /// The field separator found (`,`, `;` or tab).
    pub delimiter: u8,
}

/// Several training files read together.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingSet {
    /// All labeled rows, file after file.
    pub examples: Vec<Example>,
    /// Per file, in argument order: its path and its [`LabeledFile::unlabeled`] count.
    pub unlabeled: Vec<(String, usize)>,
}

impl TrainingSet {
    /// Unlabeled rows skipped over all files.
    pub fn unlabeled_total(&self) -> usize {
        self.unlabeled.iter().map(|(_, n)| n).sum()
    }
}

/// The labels a model is trained on.
pub const LABELS: [&str; 3] = ["favor", "against", "none"];

/// Maps a label cell to `favor`, `against` or `none`, case-insensitively.
///
/// Aliases used by public stance datasets are accepted: `for`, `pro`,
/// `favour`, `support` → `favor` (Emergent, IBM Claim Stance); `con`,
/// `oppose` → `against`; `observing`, `neutral` → `none` (Emergent reports a
/// claim without taking a side).
pub fn canonical_label(cell: &str) -> Option<&'static str> {
    let l = cell.trim().to_lowercase();
    Some(match l.as_str() {
        "favor" | "favour" | "for" | "pro" | "support" => "favor",
        "against" | "con" | "oppose" => "against",
        "none" | "neutral" | "observing" => "none",
        _ => return None,
    })
}

fn data_error(path: &Path, line: u64, message: impl Into<String>) -> ClassifyError {
    ClassifyError::Data {
        path: path.display().to_string(),
        line,
        message: message.into(),
    }
}

/// 1-based line of a byte offset (the csv crate's own line count is off
/// after CRLF line ends).
fn line_at(bytes: &[u8], pos: Option<&csv::Position>) -> u64 {
    pos.map_or(1, |p| {
        let mut end = usize::try_from(p.byte())
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        // After a CR the record may start at the LF that ends the line before.
        while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
            end += 1;
        }
        1 + bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64
    })
}

fn csv_error(path: &Path, bytes: &[u8], e: csv::Error) -> ClassifyError {
    let line = line_at(bytes, e.position());
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

fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(false)
        .has_headers(true)
        .delimiter(delimiter)
        .from_reader(bytes)
}

/// Column positions of `text`, `target` and `label` in a header.
type Columns = (Option<usize>, Option<usize>, Option<usize>);

fn columns(headers: &csv::StringRecord) -> Columns {
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(n))
    };
    (col("text"), col("target"), col("label"))
}

/// Finds the separator: `,` unless only `;` or tab gives the `text` and
/// `label` columns.
fn detect_delimiter(bytes: &[u8]) -> u8 {
    for d in [b',', b';', b'\t'] {
        if let Ok(h) = reader(bytes, d).headers() {
            if let (Some(_), _, Some(_)) = columns(h) {
                return d;
            }
        }
    }
    b','
}

/// Removes the `'` that the Excel profile of the reports puts before a cell a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first, or a leading
/// tab or CR).
fn unguard(cell: &str) -> &str {
    let Some(rest) = cell.strip_prefix('\'') else {
        return cell;
    };
    let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    let risky = rest.starts_with(['\t', '\r']) || trimmed.starts_with(['=', '+', '-', '@']);
    let number = trimmed.parse::<f64>().is_ok()
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    if risky && !number {
        rest
    } else {
        cell
    }
}

/// Reads one `text,target,label` CSV.
///
/// A UTF-8 BOM is skipped, CRLF and LF both end rows, `,`, `;` and tab are
/// detected as separators, header names match case-insensitively, `target` is
/// optional and other columns are ignored. Rows with an empty label are
/// skipped and counted; rows with every cell empty are ignored.
///
/// Fails with `file:line: reason` on a missing column, a ragged row, an empty
/// text, a label that is not favor/against/none (or an alias), or a file
/// without labeled rows.
pub fn read_labeled(path: &Path) -> Result<LabeledFile> {
    let raw = std::fs::read(path).map_err(|e| data_error(path, 1, format!("cannot open: {e}")))?;
    let bytes = raw.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&raw);
    let delimiter = detect_delimiter(bytes);
    let mut rdr = reader(bytes, delimiter);
    let headers = rdr
        .headers()
        .map_err(|e| csv_error(path, bytes, e))?
        .clone();
    let (text_col, target_col, label_col) = columns(&headers);
    let (Some(t), Some(l)) = (text_col, label_col) else {
        let missing: Vec<&str> = [("text", text_col), ("label", label_col)]
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| *n)
            .collect();
        let found = headers.iter().collect::<Vec<_>>().join(",");
        return Err(data_error(
            path,
            1,
            format!(
                "missing column `{}` (header is `{found}`, expected `text,target,label` separated by `,`, `;` or tab)",
                missing.join("`, `")
            ),
        ));
    };
    let mut out = LabeledFile {
        examples: Vec::new(),
        unlabeled: 0,
        delimiter,
    };
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_error(path, bytes, e))?;
        // Counting lines is linear in the offset: only an error needs it.
        let line = || line_at(bytes, rec.position());
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let text = unguard(rec.get(t).unwrap_or(""));
        let cell = rec.get(l).unwrap_or("");
        if cell.trim().is_empty() {
            out.unlabeled += 1;
            continue;
        }
        if text.trim().is_empty() {
            return Err(data_error(path, line(), "empty text"));
        }
        let Some(label) = canonical_label(cell) else {
            return Err(data_error(
                path,
                line(),
                format!(
                    "label `{}` is not favor, against or none (also read: for/pro/support, con/oppose, observing/neutral; case does not matter)",
                    cell.trim()
                ),
            ));
        };
        out.examples.push(Example {
            text: text.to_string(),
            target: target_col
                .and_then(|g| rec.get(g))
                .map(|s| unguard(s).trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            label: label.to_string(),
        });
    }
    if out.examples.is_empty() {
        let message = if out.unlabeled > 0 {
            format!(
                "no labeled rows ({} rows have an empty label)",
                out.unlabeled
            )
        } else {
            "no rows after the header".to_string()
        };
        return Err(data_error(path, 1, message));
    }
    Ok(out)
}

/// The labeled rows of one training CSV; see [`read_labeled`].
pub fn read_examples(path: &Path) -> Result<Vec<Example>> {
    read_labeled(path).map(|f| f.examples)
}

/// Reads several training CSVs (see [`read_labeled`]) and checks that,
/// together, they have at least two labels (else the error points at the
/// first file).
pub fn read_training_set<P: AsRef<Path>>(paths: &[P]) -> Result<TrainingSet> {
    let mut set = TrainingSet {
        examples: Vec::new(),
        unlabeled: Vec::new(),
    };
    for p in paths {
        let f = read_labeled(p.as_ref())?;
        set.examples.extend(f.examples);
        set.unlabeled
            .push((p.as_ref().display().to_string(), f.unlabeled));
    }
    let labels: BTreeSet<&str> = set.examples.iter().map(|e| e.label.as_str()).collect();
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
    Ok(set)
}

/// The labeled rows of several training CSVs; see [`read_training_set`].
pub fn read_training_files<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<Example>> {
    read_training_set(paths).map(|s| s.examples)
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
        let p = write(&dir, "b.csv", b"text,label\nx,favor\ny,none\n");
        assert_eq!(read_training_files(&[p]).unwrap().len(), 2);
    }

    #[test]
    fn reads_a_filled_sample_file_as_excel_saves_it() {
        // BOM, CRLF, context columns around the label, a multi-line cell,
        // a guarded formula-like text and a row left unlabeled.
        let dir = tempfile::tempdir().unwrap();
        let body = "\u{feff}text,target,label,article,sentence,speaker,previous\r\n\
            \"We must tax carbon now.\",carbon tax,Favor,a.txt,3,Ines Varga,\"Earlier line.\"\r\n\
            \"'-- and the levy, he said, \"\"is theft\"\".\",carbon tax,AGAINST,a.txt,4,,\"Two\r\nlines\"\r\n\
            \"The bill was filed on Monday.\",carbon tax,,b.txt,1,,\r\n\
            \"The debate resumes today.\",carbon tax, none ,b.txt,2,,\r\n\
            ,,,,,,\r\n";
        let p = write(&dir, "to_label.csv", body.as_bytes());
        let f = read_labeled(&p).unwrap();
        assert_eq!(f.unlabeled, 1);
        assert_eq!(f.delimiter, b',');
        let got: Vec<(&str, &str)> = f
            .examples
            .iter()
            .map(|e| (e.text.as_str(), e.label.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("We must tax carbon now.", "favor"),
                ("-- and the levy, he said, \"is theft\".", "against"),
                ("The debate resumes today.", "none"),
            ]
        );
        assert!(f
            .examples
            .iter()
            .all(|e| e.target.as_deref() == Some("carbon tax")));
    }

    #[test]
    fn detects_semicolons_and_tabs() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "semi.csv",
            "\u{feff}text;target;label\r\n\"Yes, tax it\";carbon tax;pro\r\nNo way;carbon tax;Con\r\n"
                .as_bytes(),
        );
        let f = read_labeled(&p).unwrap();
        assert_eq!(f.delimiter, b';');
        assert_eq!(f.examples[0].text, "Yes, tax it");
        assert_eq!(f.examples[0].label, "favor");
        assert_eq!(f.examples[1].label, "against");
        let p = write(&dir, "tab.tsv", b"Text\tLabel\nx y\tFOR\nz\tobserving\n");
        let f = read_labeled(&p).unwrap();
        assert_eq!(f.delimiter, b'\t');
        assert_eq!(f.examples[1].label, "none");
        // Neither separator gives the columns: the error says which were tried.
        let p = write(&dir, "pipe.csv", b"text|label\nx|favor\n");
        let e = read_labeled(&p).unwrap_err().to_string();
        assert!(e.contains(":1: missing column") && e.contains("`;`"), "{e}");
    }

    #[test]
    fn labels_map_case_insensitively_with_dataset_aliases() {
        for (cell, want) in [
            ("favor", Some("favor")),
            (" FAVOUR ", Some("favor")),
            ("For", Some("favor")),
            ("PRO", Some("favor")),
            ("against", Some("against")),
            ("CON", Some("against")),
            ("None", Some("none")),
            ("observing", Some("none")),
            ("maybe", None),
            ("uncertain", None),
            ("favor?", None),
        ] {
            assert_eq!(canonical_label(cell), want, "{cell}");
        }
    }

    #[test]
    fn unlabeled_rows_are_counted_per_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(&dir, "a.csv", b"text,label\nx,favor\ny,\nz,\n");
        let b = write(&dir, "b.csv", b"text,label\nw,against\n");
        let set = read_training_set(&[&a, &b]).unwrap();
        assert_eq!(set.examples.len(), 2);
        assert_eq!(set.unlabeled_total(), 2);
        assert_eq!(set.unlabeled[0], (a.display().to_string(), 2));
        assert_eq!(set.unlabeled[1].1, 0);
    }

    #[test]
    fn bad_files_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8], &str); 9] = [
            (
                "missing.csv",
                b"text,target\nx,y\n",
                ":1: missing column `label`",
            ),
            (
                "empty_text.csv",
                b"text,target,label\nok,t,favor\n  ,t,none\n",
                ":3: empty text",
            ),
            (
                "bad_label.csv",
                b"text,target,label\nok,t,favor\nok,t,maybe\n",
                ":3: label `maybe` is not favor, against or none",
            ),
            (
                "ragged.csv",
                b"text,target,label\r\nok,t,favor\r\nok,t\r\n",
                ":3: ragged row: 2 fields, the header has 3",
            ),
            (
                "one_class.csv",
                b"text,label\nx,favor\ny,FAVOR\n",
                ":1: only one class (`favor`)",
            ),
            (
                "header_only.csv",
                b"text,target,label\n",
                ":1: no rows after the header",
            ),
            (
                "all_unlabeled.csv",
                b"text,target,label\nx,t,\ny,t,\n",
                ":1: no labeled rows (2 rows have an empty label)",
            ),
            (
                "latin1.csv",
                b"text,label\nx,favor\ncaf\xe9,none\n",
                ":3: not valid UTF-8",
            ),
            (
                "semicolon_bad_label.csv",
                b"text;label\r\nx;favor\r\ny;yes\r\n",
                ":3: label `yes`",
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
        let a = write(&dir, "a.csv", b"text,label\nx,favor\n");
        let b = write(&dir, "b.csv", b"text;label\r\ny;against\r\n");
        assert_eq!(read_training_files(&[a.clone(), b]).unwrap().len(), 2);
        assert!(read_training_files(&[a]).is_err());
    }

    #[test]
    fn formula_guard_is_removed_only_where_the_writer_adds_it() {
        assert_eq!(unguard("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unguard("'+1 more"), "+1 more");
        assert_eq!(unguard("'@home"), "@home");
        assert_eq!(unguard("'\tx"), "\tx");
        assert_eq!(unguard("'-3"), "'-3");
        assert_eq!(unguard("'tis the season"), "'tis the season");
        assert_eq!(unguard("plain"), "plain");
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
