//! One CSV configuration for reading fixtures and writing reports.

use std::borrow::Cow;
use std::io;

/// How CSV files are written (and read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvProfile {
    /// UTF-8 BOM, CRLF, and a leading `'` on text cells that a spreadsheet
    /// would run as a formula.
    #[default]
    Excel,
    /// No BOM, LF, no guard: for pipelines.
    Plain,
}

impl CsvProfile {
    /// A CSV reader builder that accepts both profiles' output
    /// (strip a leading BOM from the first header yourself, or use [`CsvProfile::reader`]).
    pub fn reader_builder() -> csv::ReaderBuilder {
        let mut b = csv::ReaderBuilder::new();
        b.flexible(false).has_headers(true);
        b
    }

    /// A CSV reader over `r` that skips a leading UTF-8 BOM.
    pub fn reader<R: io::Read>(r: R) -> csv::Reader<BomSkip<R>> {
        Self::reader_builder().from_reader(BomSkip {
            inner: r,
            checked: false,
            pending: Vec::new(),
        })
    }

    fn writer_builder(self) -> csv::WriterBuilder {
        let mut b = csv::WriterBuilder::new();
        b.has_headers(false).terminator(match self {
            CsvProfile::Excel => csv::Terminator::CRLF,
            CsvProfile::Plain => csv::Terminator::Any(b'\n'),
        });
        b
    }

    /// Applies the profile's cell guard to a text cell.
    pub fn text(self, s: &str) -> Cow<'_, str> {
        match self {
            CsvProfile::Excel => guard_cell(s),
            CsvProfile::Plain => Cow::Borrowed(s),
        }
    }
}

/// A reader that drops a leading UTF-8 byte-order mark.
pub struct BomSkip<R> {
    inner: R,
    checked: bool,
    pending: Vec<u8>,
}

impl<R: io::Read> io::Read for BomSkip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.checked {
            self.checked = true;
            let mut head = [0u8; 3];
            let mut n = 0;
            while n < 3 {
                let k = self.inner.read(&mut head[n..])?;
                if k == 0 {
                    break;
                }
                n += k;
            }
            if head[..n] != [0xEF, 0xBB, 0xBF] {
                self.pending.extend_from_slice(&head[..n]);
            }
        }
        if !self.pending.is_empty() {
            let k = self.pending.len().min(buf.len());
            buf[..k].copy_from_slice(&self.pending[..k]);
            self.pending.drain(..k);
            return Ok(k);
        }
        self.inner.read(buf)
    }
}

/// Prefixes `'` to text that a spreadsheet would treat as a formula
/// (OWASP CSV injection: `=`, `+`, `-`, `@`, tab, CR).
pub fn guard_cell(s: &str) -> Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// A row type that can be written as a report line.
pub trait Row: serde::Serialize {
    /// Column names, in order.
    const HEADER: &'static [&'static str];
    /// A copy with every free-text cell passed through `profile.text`.
    fn guarded(&self, profile: CsvProfile) -> Self;
}

/// Writes rows of one report to a writer, header first.
pub struct TableWriter<W: io::Write> {
    // `None` only while `append_rendered` swaps the csv writer out.
    inner: Option<csv::Writer<W>>,
    profile: CsvProfile,
    started: bool,
}

impl<W: io::Write> TableWriter<W> {
    /// A writer with the given profile; the Excel profile writes a BOM first.
    pub fn new(out: W, profile: CsvProfile) -> Self {
        TableWriter {
            inner: Some(profile.writer_builder().from_writer(out)),
            profile,
            started: false,
        }
    }

    /// A writer for rows that continue a table started elsewhere: no BOM and
    /// no header. Used to render rows on worker threads; the bytes are then
    /// added to the real table with [`TableWriter::append_rendered`].
    pub fn continuation(out: W, profile: CsvProfile) -> Self {
        TableWriter {
            inner: Some(profile.writer_builder().from_writer(out)),
            profile,
            started: true,
        }
    }

    /// Appends rows rendered by a [`TableWriter::continuation`] writer with
    /// the same profile (the header is written first, if not written yet).
    pub fn append_rendered<R: Row>(&mut self, rows: &[u8]) -> crate::Result<()> {
        self.write_header::<R>()?;
        if rows.is_empty() {
            return Ok(());
        }
        // csv::Writer has no `get_mut`: flush it, take the sink out, append, rebuild.
        let csv = self.inner.take().ok_or_else(finished)?;
        let mut out = match csv.into_inner() {
            Ok(out) => out,
            Err(e) => {
                let err = io::Error::new(e.error().kind(), e.error().to_string());
                self.inner = Some(e.into_inner());
                return Err(err.into());
            }
        };
        let written = out.write_all(rows);
        self.inner = Some(self.profile.writer_builder().from_writer(out));
        Ok(written?)
    }

    fn csv(&mut self) -> crate::Result<&mut csv::Writer<W>> {
        self.inner.as_mut().ok_or_else(|| finished().into())
    }

    /// Writes the BOM (Excel profile) and header once.
    pub fn write_header<R: Row>(&mut self) -> crate::Result<()> {
        if !self.started {
            self.started = true;
            // The BOM goes in front of the first header cell (csv never quotes it).
            let bom = if self.profile == CsvProfile::Excel {
                "\u{feff}"
            } else {
                ""
            };
            let first = format!("{bom}{}", R::HEADER[0]);
            self.csv()?.write_record(
                std::iter::once(first.as_str()).chain(R::HEADER[1..].iter().copied()),
            )?;
        }
        Ok(())
    }

    /// Writes one row (the header first, if not written yet).
    pub fn write<R: Row>(&mut self, row: &R) -> crate::Result<()> {
        self.write_header::<R>()?;
        let row = row.guarded(self.profile);
        self.csv()?.serialize(row)?;
        Ok(())
    }

    /// Flushes and returns the sink.
    pub fn finish(self) -> crate::Result<W> {
        self.inner
            .ok_or_else(finished)?
            .into_inner()
            .map_err(|e| crate::ReportError::Io(e.into_error()))
    }
}

fn finished() -> io::Error {
    io::Error::other("report writer lost its output after a failed write")
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn continuation_rows_append_to_the_same_bytes() {
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
                let mut chunk = TableWriter::continuation(Vec::new(), profile);
                chunk.write(r).unwrap();
                w.append_rendered::<SentenceRow>(&chunk.finish().unwrap())
                    .unwrap();
            }
            w.finish().unwrap();
            assert_eq!(pieces, whole);
        }
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
