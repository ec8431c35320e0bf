//! `sentences.csv` in either layout: one row per sentence (wide, the
//! default: a spreadsheet reader compares targets along a row) or one row
//! per sentence × target (long: for pandas, R and pivot tables).
//!
//! A sentence's own columns are listed once, in [`SENTENCE_COLUMNS`]; both
//! layouts write them from there, so a new sentence-level column is one entry
//! (plus its field in [`SentenceRow`]).

use standpoint_csvio::{CsvProfile, RecordEncoder};

use crate::table::Row;
use crate::SentenceRow;

/// One sentence-level cell: text (guarded in the Excel profile) or a
/// number. The CSV writers and the JSONL stream both read cells this way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceCell<'a> {
    /// A text cell.
    Text(&'a str),
    /// A whole number.
    Int(usize),
}

impl SentenceCell<'_> {
    /// Appends the cell to a CSV record.
    pub fn encode(self, rec: &mut RecordEncoder<'_>) {
        match self {
            SentenceCell::Text(s) => rec.text(s),
            SentenceCell::Int(n) => rec.int(n),
        };
    }
}

/// Reads one sentence-level cell of a row.
pub type CellOf = for<'r> fn(&'r SentenceRow) -> SentenceCell<'r>;

/// The sentence-level columns, in order, before the per-target columns (the
/// sentence text comes last in the long layout, right after these in the
/// wide one): name and cell.
pub const SENTENCE_COLUMNS: &[(&str, CellOf)] = &[
    ("article", |r| SentenceCell::Text(&r.article)),
    ("sentence", |r| SentenceCell::Int(r.sentence)),
    ("paragraph", |r| SentenceCell::Int(r.paragraph)),
    ("start", |r| SentenceCell::Int(r.start)),
    ("end", |r| SentenceCell::Int(r.end)),
    ("speaker", |r| SentenceCell::Text(&r.speaker)),
    ("speaker_via", |r| SentenceCell::Text(&r.speaker_via)),
    ("speaker_kind", |r| SentenceCell::Text(&r.speaker_kind)),
    ("in_quote", |r| SentenceCell::Text(&r.in_quote)),
];

/// How `sentences.csv` is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SentenceLayout {
    /// One row per sentence; per target `<target>`, `<target>_confidence`,
    /// `<target>_evidence`, in model order.
    #[default]
    Wide,
    /// One row per sentence × target: `target,label,confidence,evidence`.
    Long,
}

/// The sentence table of one model: its header and how an article's rows
/// are encoded.
#[derive(Debug, Clone)]
pub struct SentenceTable {
    layout: SentenceLayout,
    /// Column prefixes per target (an untargeted model has one, empty).
    targets: Vec<String>,
}

impl SentenceTable {
    /// The table for a model with these targets (none: an untargeted model).
    pub fn new(layout: SentenceLayout, targets: &[String]) -> Self {
        let targets = if targets.is_empty() {
            vec![String::new()]
        } else {
            targets.to_vec()
        };
        SentenceTable { layout, targets }
    }

    /// The layout.
    pub fn layout(&self) -> SentenceLayout {
        self.layout
    }

    /// Column names. In the wide layout an untargeted model's columns are
    /// `label`, `confidence`, `evidence`.
    pub fn header(&self) -> Vec<String> {
        if self.layout == SentenceLayout::Long {
            return SentenceRow::HEADER.iter().map(|n| n.to_string()).collect();
        }
        let mut names: Vec<String> = SENTENCE_COLUMNS
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        match self.layout {
            SentenceLayout::Long => {}
            SentenceLayout::Wide => {
                names.push("text".into());
                for t in &self.targets {
                    if t.is_empty() {
                        names.extend(["label", "confidence", "evidence"].map(String::from));
                    } else {
                        names.push(t.clone());
                        names.push(format!("{t}_confidence"));
                        names.push(format!("{t}_evidence"));
                    }
                }
            }
        }
        names
    }

    /// Records an article's rows (sentence-major, then target order, as
    /// the pipeline makes them) make in this layout.
    pub fn records(&self, rows: &[SentenceRow]) -> usize {
        match self.layout {
            SentenceLayout::Long => rows.len(),
            SentenceLayout::Wide => rows.len().div_ceil(self.targets.len()),
        }
    }

    /// Appends an article's rows (sentence-major, then target order) to `out`.
    pub fn encode(&self, rows: &[SentenceRow], profile: CsvProfile, out: &mut Vec<u8>) {
        match self.layout {
            SentenceLayout::Long => {
                // A sentence's own cells and its text are the same in each
                // of its rows: encoded once per sentence.
                let (mut lead, mut text) = (Vec::new(), Vec::new());
                for sentence in rows.chunks(self.targets.len()) {
                    lead.clear();
                    let mut rec = RecordEncoder::new(&mut lead, profile);
                    for (_, cell) in SENTENCE_COLUMNS {
                        cell(&sentence[0]).encode(&mut rec);
                    }
                    text.clear();
                    RecordEncoder::new(&mut text, profile).text(&sentence[0].text);
                    for r in sentence {
                        let mut rec = RecordEncoder::new(out, profile);
                        rec.encoded(&lead).text(&r.target);
                        r.encode_position(&mut rec);
                        rec.encoded(&text);
                        rec.end();
                    }
                }
            }
            SentenceLayout::Wide => {
                for sentence in rows.chunks(self.targets.len()) {
                    let mut rec = RecordEncoder::new(out, profile);
                    for (_, cell) in SENTENCE_COLUMNS {
                        cell(&sentence[0]).encode(&mut rec);
                    }
                    rec.text(&sentence[0].text);
                    for r in sentence {
                        r.encode_position(&mut rec);
                    }
                    rec.end();
                }
            }
        }
    }

    /// Appends an article's rows as JSON lines, one object per record of
    /// this layout, with the CSV's keys in its order; confidences are
    /// numbers (four decimals) and no cell is guarded.
    pub fn encode_jsonl(&self, rows: &[SentenceRow], out: &mut Vec<u8>) -> crate::Result<()> {
        match self.layout {
            SentenceLayout::Wide => {
                let columns = self.target_columns();
                for sentence in rows.chunks(columns.len()) {
                    json_object(out, sentence, Some(&columns))?;
                }
            }
            SentenceLayout::Long => {
                for row in rows.chunks(1) {
                    json_object(out, row, None)?;
                }
            }
        }
        Ok(())
    }

    /// The per-target column names of the wide layout, in model order:
    /// (label, confidence, evidence).
    pub fn target_columns(&self) -> Vec<[String; 3]> {
        self.targets
            .iter()
            .map(|t| {
                if t.is_empty() {
                    ["label", "confidence", "evidence"].map(String::from)
                } else {
                    [
                        t.clone(),
                        format!("{t}_confidence"),
                        format!("{t}_evidence"),
                    ]
                }
            })
            .collect()
    }
}

/// One sentence (wide: all its target rows, with these per-target column
/// names) or one row (long: `columns` is `None`) as one JSON object with the
/// CSV's keys, in its order; confidences are numbers.
fn json_object(
    buf: &mut Vec<u8>,
    sentence: &[SentenceRow],
    columns: Option<&[[String; 3]]>,
) -> crate::Result<()> {
    fn field<V: serde::Serialize + ?Sized>(
        buf: &mut Vec<u8>,
        first: bool,
        key: &str,
        value: &V,
    ) -> crate::Result<()> {
        buf.push(if first { b'{' } else { b',' });
        serde_json::to_writer(&mut *buf, key)?;
        buf.push(b':');
        serde_json::to_writer(&mut *buf, value)?;
        Ok(())
    }
    let r = &sentence[0];
    for (i, (name, cell)) in SENTENCE_COLUMNS.iter().enumerate() {
        match cell(r) {
            SentenceCell::Text(s) => field(buf, i == 0, name, s)?,
            SentenceCell::Int(n) => field(buf, i == 0, name, &n)?,
        }
    }
    let rounded = |c: f64| (c * 1e4).round() / 1e4;
    match columns {
        None => {
            field(buf, false, "target", &r.target)?;
            field(buf, false, "label", &r.label)?;
            field(buf, false, "confidence", &rounded(r.confidence))?;
            field(buf, false, "evidence", &r.evidence)?;
            field(buf, false, "text", &r.text)?;
        }
        Some(columns) => {
            field(buf, false, "text", &r.text)?;
            for (row, [label, confidence, evidence]) in sentence.iter().zip(columns) {
                field(buf, false, label, &row.label)?;
                field(buf, false, confidence, &rounded(row.confidence))?;
                field(buf, false, evidence, &row.evidence)?;
            }
        }
    }
    buf.extend_from_slice(b"}\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<SentenceRow> {
        let mut out = Vec::new();
        for s in 0..2 {
            for (t, label) in [("tax", "favor"), ("=war", "against")] {
                out.push(SentenceRow {
                    article: "a.txt".into(),
                    sentence: s,
                    start: s * 10,
                    end: s * 10 + 9,
                    speaker: if s == 0 {
                        "Ana Ruiz".into()
                    } else {
                        String::new()
                    },
                    speaker_kind: if s == 0 {
                        "person".into()
                    } else {
                        String::new()
                    },
                    in_quote: "none".into(),
                    target: t.into(),
                    label: label.into(),
                    confidence: 0.5 + s as f64 / 10.0,
                    evidence: format!("{t}(+1.00)"),
                    text: format!("Sentence {s}, with a comma."),
                    ..Default::default()
                });
            }
        }
        out
    }

    #[test]
    fn long_header_is_the_sentence_columns_then_target_label_and_text() {
        let long = SentenceTable::new(SentenceLayout::Long, &[]).header();
        assert_eq!(long, SentenceRow::HEADER);
        let lead: Vec<&str> = SENTENCE_COLUMNS.iter().map(|(n, _)| *n).collect();
        assert_eq!(long[..lead.len()], lead);
        assert_eq!(
            long[lead.len()..],
            ["target", "label", "confidence", "evidence", "text"]
        );
        assert_eq!(lead[0], "article");
    }

    #[test]
    fn wide_layout_writes_each_sentence_once_with_its_targets() {
        let targets = vec!["tax".to_string(), "=war".to_string()];
        let table = SentenceTable::new(SentenceLayout::Wide, &targets);
        assert_eq!(
            table.header()[8..],
            [
                "in_quote",
                "text",
                "tax",
                "tax_confidence",
                "tax_evidence",
                "=war",
                "=war_confidence",
                "=war_evidence"
            ]
        );
        let mut out = Vec::new();
        table.encode(&rows(), CsvProfile::Excel, &mut out);
        assert_eq!(table.records(&rows()), 2);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a.txt,0,0,0,9,Ana Ruiz,,person,none,\"Sentence 0, with a comma.\",favor,0.5000,tax(+1.00),against,0.5000,'=war(+1.00)\r\n\
             a.txt,1,0,10,19,,,,none,\"Sentence 1, with a comma.\",favor,0.6000,tax(+1.00),against,0.6000,'=war(+1.00)\r\n"
        );
    }

    #[test]
    fn jsonl_rows_have_numeric_confidence_and_unguarded_text() {
        let row = SentenceRow {
            article: "x".into(),
            confidence: 0.123456,
            text: "=A \"quoted\" line".into(),
            ..SentenceRow::default()
        };
        let mut out = Vec::new();
        SentenceTable::new(SentenceLayout::Long, &[])
            .encode_jsonl(std::slice::from_ref(&row), &mut out)
            .unwrap();
        let line = String::from_utf8(out).unwrap();
        let v: serde_json::Value = serde_json::from_str(line.trim_end()).unwrap();
        assert_eq!(v["confidence"], 0.1235);
        // JSON needs no spreadsheet guard: the text is unchanged.
        assert_eq!(v["text"], "=A \"quoted\" line");
        assert!(line.ends_with("}\n"));
        // Wide: one object per sentence, keys in the CSV's order.
        let targets = vec!["tax".to_string(), "=war".to_string()];
        let table = SentenceTable::new(SentenceLayout::Wide, &targets);
        let mut out = Vec::new();
        table.encode_jsonl(&rows(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 2);
        let first = text.lines().next().unwrap();
        let keys: Vec<String> = table.header();
        let mut at = 0;
        for k in &keys {
            let pos = first[at..].find(&format!("\"{k}\":")).map(|p| p + at);
            at = pos.unwrap_or_else(|| panic!("{k} missing or out of order in {first}"));
        }
        let v: serde_json::Value = serde_json::from_str(first).unwrap();
        assert_eq!(v["=war"], "against");
        assert_eq!(v["tax_confidence"], 0.5);
    }

    #[test]
    fn long_layout_writes_what_each_row_encodes_alone() {
        // Cells that need quoting or the guard, in the sentence-level
        // columns shared by a sentence's rows and in the per-target ones.
        let mut rows = rows();
        for (i, r) in rows.iter_mut().enumerate() {
            let cell = standpoint_csvio::AWKWARD_CELLS[i % standpoint_csvio::AWKWARD_CELLS.len()];
            if i % 2 == 0 {
                r.evidence = cell.into();
            }
        }
        for (s, pair) in rows.chunks_mut(2).enumerate() {
            for r in pair {
                r.article = format!("=dir,{s}/a.txt");
                r.speaker = "\"Ana\" Ruiz".into();
                r.text = format!("@{s}, \"quoted\"\nline");
            }
        }
        let targets = vec!["tax".to_string(), "=war".to_string()];
        let table = SentenceTable::new(SentenceLayout::Long, &targets);
        for profile in [CsvProfile::Excel, CsvProfile::Plain] {
            let mut got = Vec::new();
            table.encode(&rows, profile, &mut got);
            let mut want = Vec::new();
            crate::encode_rows(&rows, profile, &mut want);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
        assert_eq!(table.records(&rows), 4);
    }

    #[test]
    fn untargeted_wide_columns_are_unprefixed() {
        let table = SentenceTable::new(SentenceLayout::Wide, &[]);
        let h = table.header();
        assert_eq!(h[h.len() - 3..], ["label", "confidence", "evidence"]);
        let one: Vec<SentenceRow> = rows().into_iter().step_by(2).collect();
        let mut out = Vec::new();
        table.encode(&one, CsvProfile::Plain, &mut out);
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
    }
}
