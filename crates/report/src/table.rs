//! Writing report tables: a [`Row`] encodes itself cell by cell through the
//! shared CSV dialect ([`standpoint_csvio`]); [`TableWriter`] puts the header
//! and the rows in one file.

use std::io;

use standpoint_csvio::{CsvProfile, RecordEncoder};

/// A row type that can be written as a report line.
pub trait Row {
    /// Column names, in order.
    const HEADER: &'static [&'static str];

    /// Appends this row's cells, in [`Row::HEADER`] order, to `rec`.
    fn encode(&self, rec: &mut RecordEncoder<'_>);
}

/// Appends `rows` to `out`, one record each, as a [`TableWriter`] with the
/// same profile writes them after its header. Workers render an article's
/// rows with this; the bytes then go to the table with
/// [`TableWriter::append_rendered`].
pub fn encode_rows<R: Row>(rows: &[R], profile: CsvProfile, out: &mut Vec<u8>) {
    for r in rows {
        let mut rec = RecordEncoder::new(out, profile);
        r.encode(&mut rec);
        rec.end();
    }
}

/// Writes rows of one report to a writer, header first. The sink is flushed
/// once, by [`TableWriter::finish`].
pub struct TableWriter<W: io::Write> {
    out: W,
    profile: CsvProfile,
    started: bool,
    buf: Vec<u8>,
}

impl<W: io::Write> TableWriter<W> {
    /// A writer with the given profile; the Excel profile writes a BOM first.
    pub fn new(out: W, profile: CsvProfile) -> Self {
        TableWriter {
            out,
            profile,
            started: false,
            buf: Vec::new(),
        }
    }

    /// Writes the header (with the BOM in the Excel profile) once.
    pub fn write_header<R: Row>(&mut self) -> crate::Result<()> {
        self.write_header_names(R::HEADER)
    }

    /// Writes a header of these names once: for tables whose columns depend
    /// on the model.
    pub fn write_header_names(&mut self, names: &[&str]) -> crate::Result<()> {
        if !self.started {
            self.started = true;
            self.buf.clear();
            let mut rec = RecordEncoder::new(&mut self.buf, self.profile);
            rec.header(names);
            rec.end();
            self.out.write_all(&self.buf)?;
        }
        Ok(())
    }

    /// Appends rows rendered by [`encode_rows`] with the same profile (the
    /// header is written first, if not written yet).
    pub fn append_rendered<R: Row>(&mut self, rows: &[u8]) -> crate::Result<()> {
        self.write_header::<R>()?;
        self.append_bytes(rows)
    }

    /// Appends rendered rows to a table whose header is already written.
    pub fn append_bytes(&mut self, rows: &[u8]) -> crate::Result<()> {
        Ok(self.out.write_all(rows)?)
    }

    /// Writes one row (the header first, if not written yet). With the Excel
    /// profile every text cell goes through the formula guard; numbers are
    /// written as they are.
    pub fn write<R: Row>(&mut self, row: &R) -> crate::Result<()> {
        self.write_header::<R>()?;
        self.buf.clear();
        let mut rec = RecordEncoder::new(&mut self.buf, self.profile);
        row.encode(&mut rec);
        rec.end();
        Ok(self.out.write_all(&self.buf)?)
    }

    /// Flushes and returns the sink.
    pub fn finish(mut self) -> crate::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts flushes of the sink.
    #[derive(Default)]
    struct FlushCounter {
        bytes: Vec<u8>,
        flushes: usize,
    }

    impl io::Write for FlushCounter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.bytes.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            self.flushes += 1;
            Ok(())
        }
    }

    #[test]
    fn appending_rendered_rows_does_not_flush_the_sink() {
        let mut w = TableWriter::new(FlushCounter::default(), CsvProfile::Plain);
        for i in 0..100 {
            w.append_rendered::<crate::ErrorRow>(format!("p{i},k,m\n").as_bytes())
                .unwrap();
        }
        w.write(&crate::ErrorRow::default()).unwrap();
        let sink = w.finish().unwrap();
        assert_eq!(sink.flushes, 1);
        let text = String::from_utf8(sink.bytes).unwrap();
        assert!(text.starts_with("path,kind,message\np0,k,m\n"), "{text}");
        assert!(text.ends_with("p99,k,m\n,,\n"), "{text}");
    }

    const TEXTS: &[&str] = standpoint_csvio::AWKWARD_CELLS;
    const CONFS: &[f64] = &[0.0, 0.5431, 1.0, 0.99996, 0.12345, f64::NAN, 1e12, -0.25];

    fn text(i: usize) -> String {
        TEXTS[i % TEXTS.len()].to_string()
    }

    /// Every row type, over awkward cells, is encoded as the generic serde +
    /// csv writer path (the oracle) writes it, header included.
    fn check_against_oracle<R: Row + serde::Serialize>(rows: &[R]) {
        for profile in [CsvProfile::Excel, CsvProfile::Plain] {
            let mut w = TableWriter::new(Vec::new(), profile);
            w.write_header::<R>().unwrap();
            for r in rows {
                w.write(r).unwrap();
            }
            let got = w.finish().unwrap();
            let want = crate::oracle::serde_bytes(Some(R::HEADER), rows, profile);
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want),
                "{profile:?}"
            );
            let mut rendered = Vec::new();
            encode_rows(rows, profile, &mut rendered);
            let want_rows = crate::oracle::serde_bytes(None, rows, profile);
            assert_eq!(rendered, want_rows, "{profile:?}");
        }
    }

    #[test]
    fn every_row_type_encodes_as_the_serde_oracle() {
        let n = TEXTS.len();
        check_against_oracle(
            &(0..n)
                .map(|i| crate::SentenceRow {
                    article: text(i + 3),
                    sentence: i * 977,
                    paragraph: i,
                    start: usize::MAX - i,
                    end: 0,
                    speaker: text(i + 5),
                    speaker_via: text(i),
                    speaker_kind: text(i + 2),
                    in_quote: "none".into(),
                    target: text(i + 1),
                    label: text(i + 9),
                    confidence: CONFS[i % CONFS.len()],
                    evidence: text(i + 7),
                    text: text(i),
                })
                .collect::<Vec<_>>(),
        );
        check_against_oracle(
            &(0..n)
                .map(|i| crate::ArticleRow {
                    article: text(i),
                    title: text(i + 1),
                    encoding: text(i + 2),
                    target: text(i + 3),
                    label: text(i + 4),
                    sentences: i * 31,
                    share: CONFS[i % CONFS.len()],
                    mean_confidence: CONFS[(i + 3) % CONFS.len()],
                })
                .collect::<Vec<_>>(),
        );
        check_against_oracle(
            &(0..n)
                .map(|i| crate::SpeakerRow {
                    article: text(i),
                    speaker: text(i + 1),
                    speaker_kind: text(i + 4),
                    target: text(i + 2),
                    label: text(i + 3),
                    sentences: i,
                })
                .collect::<Vec<_>>(),
        );
        check_against_oracle(
            &(0..n)
                .map(|i| crate::ErrorRow {
                    path: text(i),
                    kind: text(i + 1),
                    message: text(i + 2),
                })
                .collect::<Vec<_>>(),
        );
    }
    use crate::SentenceRow;

    #[test]
    fn excel_profile_has_bom_crlf_and_guard() {
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Excel);
        w.write(&SentenceRow {
            article: "a.txt".into(),
            text: "=1+1".into(),
            confidence: 0.5,
            ..Default::default()
        })
        .unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("\u{feff}article,"));
        assert!(s.contains("\r\n"));
        assert!(s.contains(",'=1+1\r\n"), "{s}");
        assert!(s.contains(",0.5000,"), "{s}");
    }

    #[test]
    fn plain_profile_is_untouched() {
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Plain);
        w.write(&SentenceRow {
            text: "-3 dead".into(),
            ..Default::default()
        })
        .unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(!s.starts_with('\u{feff}'));
        assert!(!s.contains('\r'));
        assert!(s.ends_with(",-3 dead\n"), "{s}");
    }

    #[test]
    fn reader_skips_bom_and_reads_back() {
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Excel);
        w.write(&SentenceRow {
            text: "line one\nline two".into(),
            ..Default::default()
        })
        .unwrap();
        w.finish().unwrap();
        let mut r = CsvProfile::reader(out.as_slice());
        assert_eq!(&r.headers().unwrap()[0], "article");
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(
            rec.get(SentenceRow::HEADER.len() - 1),
            Some("line one\nline two")
        );
    }

    #[test]
    fn rendered_rows_append_to_the_same_bytes() {
        let rows = [
            SentenceRow {
                article: "a.txt".into(),
                text: "=x".into(),
                ..Default::default()
            },
            SentenceRow {
                article: "b.txt".into(),
                sentence: 1,
                text: "two\nlines".into(),
                ..Default::default()
            },
        ];
        for profile in [CsvProfile::Excel, CsvProfile::Plain] {
            let mut whole = Vec::new();
            let mut w = TableWriter::new(&mut whole, profile);
            for r in &rows {
                w.write(r).unwrap();
            }
            w.finish().unwrap();

            let mut pieces = Vec::new();
            let mut w = TableWriter::new(&mut pieces, profile);
            for r in &rows {
                let mut chunk = Vec::new();
                encode_rows(std::slice::from_ref(r), profile, &mut chunk);
                w.append_rendered::<SentenceRow>(&chunk).unwrap();
            }
            w.finish().unwrap();
            assert_eq!(pieces, whole);
        }
    }

    #[test]
    fn model_supplied_labels_and_targets_are_guarded_too() {
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Excel);
        w.write(&SentenceRow {
            article: "-a.txt".into(),
            speaker_via: "@v".into(),
            speaker_kind: "-k".into(),
            in_quote: "+q".into(),
            target: "=t".into(),
            label: "-l".into(),
            confidence: 0.25,
            text: "x".into(),
            ..Default::default()
        })
        .unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        let row = s.split("\r\n").nth(1).unwrap();
        assert_eq!(row, "'-a.txt,0,0,0,0,,'@v,'-k,'+q,'=t,'-l,0.2500,,x");
    }

    #[test]
    fn excel_multiline_cells_are_quoted_and_keep_lf() {
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Excel);
        w.write(&crate::ErrorRow {
            path: "p, \"q\".txt".into(),
            kind: "decode".into(),
            message: "one\ntwo".into(),
        })
        .unwrap();
        w.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}path,kind,message\r\n\"p, \"\"q\"\".txt\",decode,\"one\ntwo\"\r\n"
        );
    }

    #[test]
    fn header_only_for_empty_report() {
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Plain);
        w.write_header::<crate::ErrorRow>().unwrap();
        w.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "path,kind,message\n");
    }
}
