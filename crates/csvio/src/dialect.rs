//! The two profiles and how each is read and written.

use std::borrow::Cow;
use std::io;

use crate::guard::guard_cell;

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
        Self::reader_builder().from_reader(BomSkip::new(r))
    }

    /// A csv writer builder for this profile's line ends, without headers
    /// (the header is a record like any other). It does not guard cells:
    /// pass text cells through [`CsvProfile::text`].
    pub fn writer_builder(self) -> csv::WriterBuilder {
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

    /// The record terminator.
    pub fn terminator(self) -> &'static [u8] {
        match self {
            CsvProfile::Excel => b"\r\n",
            CsvProfile::Plain => b"\n",
        }
    }

    /// What goes in front of the first header cell: a UTF-8 BOM (Excel) or nothing.
    pub fn bom(self) -> &'static str {
        match self {
            CsvProfile::Excel => "\u{feff}",
            CsvProfile::Plain => "",
        }
    }
}

/// A reader that drops a leading UTF-8 byte-order mark.
pub struct BomSkip<R> {
    inner: R,
    checked: bool,
    pending: Vec<u8>,
}

impl<R> BomSkip<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        BomSkip {
            inner,
            checked: false,
            pending: Vec::new(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte per call.
    struct Trickle<'a>(&'a [u8]);

    impl io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.is_empty()) {
                (Some((b, rest)), false) => {
                    buf[0] = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn bom_skip_handles_short_reads_and_short_inputs() {
        let read_all = |bytes: &[u8]| {
            let mut out = Vec::new();
            io::Read::read_to_end(&mut BomSkip::new(Trickle(bytes)), &mut out).unwrap();
            out
        };
        assert_eq!(read_all(b"\xEF\xBB\xBFtext,label\n"), b"text,label\n");
        assert_eq!(read_all(b"text"), b"text");
        assert_eq!(read_all(b"\xEF\xBB\xBF"), b"");
        assert_eq!(read_all(b"\xEF\xBB"), b"\xEF\xBB");
        assert_eq!(read_all(b"te"), b"te");
        assert_eq!(read_all(b""), b"");
        // Only the first BOM goes.
        assert_eq!(read_all(b"\xEF\xBB\xBF\xEF\xBB\xBFx"), b"\xEF\xBB\xBFx");
        let mut r = CsvProfile::reader(Trickle(b"\xEF\xBB\xBFtext,target,label\r\nA,b,c\r\n"));
        assert_eq!(r.headers().unwrap(), vec!["text", "target", "label"]);
        assert_eq!(r.records().next().unwrap().unwrap(), vec!["A", "b", "c"]);
    }

    #[test]
    fn both_profiles_read_back_what_they_wrote() {
        for profile in [CsvProfile::Excel, CsvProfile::Plain] {
            let mut out = Vec::new();
            let mut rec = crate::RecordEncoder::new(&mut out, profile);
            rec.header(&["text", "label"]);
            rec.end();
            let mut rec = crate::RecordEncoder::new(&mut out, profile);
            rec.text("line one\nline \"two\"").text("-x");
            rec.end();
            let mut r = CsvProfile::reader(out.as_slice());
            assert_eq!(r.headers().unwrap(), vec!["text", "label"]);
            let row = r.records().next().unwrap().unwrap();
            assert_eq!(&row[0], "line one\nline \"two\"");
            let want = if profile == CsvProfile::Excel {
                "'-x"
            } else {
                "-x"
            };
            assert_eq!(&row[1], want);
        }
    }
}
