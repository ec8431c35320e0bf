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

/// Prefixes `'` to a text cell that a spreadsheet would run as a formula
/// (OWASP CSV injection): one whose first character, after any leading
/// spaces, tabs, CRs and LFs, is `=`, `+`, `-` or `@`, or which starts with
/// a tab or CR. A cell that is a plain decimal number (`-3`, `+1.5e-3`) is
/// left alone: it cannot run anything, and it must stay a number.
pub fn guard_cell(s: &str) -> Cow<'_, str> {
    let trimmed = s.trim_start_matches([' ', '\t', '\r', '\n']);
    let risky = matches!(s.as_bytes().first(), Some(b'\t' | b'\r'))
        || matches!(trimmed.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@'));
    if risky && !is_plain_number(trimmed) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// `[+-]digits[.digits][(e|E)[+-]digits]`, with digits on at least one side
/// of the point.
fn is_plain_number(s: &str) -> bool {
    fn digits(b: &[u8]) -> usize {
        b.iter().take_while(|c| c.is_ascii_digit()).count()
    }
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int = digits(&b[i..]);
    i += int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac = digits(&b[i..]);
        i += frac;
    }
    if int + frac == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        let exp = digits(&b[i..]);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// Appends `sentences.csv` rows to `out`, byte for byte as a
/// [`TableWriter::continuation`] writer with the same profile writes them, but
/// without serde and the csv writer's per-cell bookkeeping: this is the
/// biggest report by far (one row per sentence and target).
pub fn encode_sentence_rows(rows: &[crate::SentenceRow], profile: CsvProfile, out: &mut Vec<u8>) {
    let mut num = [0u8; 24];
    for r in rows {
        let cells = [
            Cell::Text(&r.article),
            Cell::Int(r.sentence),
            Cell::Int(r.paragraph),
            Cell::Int(r.start),
            Cell::Int(r.end),
            Cell::Text(&r.speaker),
            Cell::Text(&r.speaker_via),
            Cell::Text(&r.in_quote),
            Cell::Text(&r.target),
            Cell::Text(&r.label),
            Cell::Conf(r.confidence),
            Cell::Text(&r.evidence),
            Cell::Text(&r.text),
        ];
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match cell {
                Cell::Text(t) => push_text(out, &profile.text(t)),
                Cell::Int(n) => push_int(out, n),
                Cell::Conf(v) => push_text(out, &crate::rows::four_decimals(v, &mut num)),
            }
        }
        out.extend_from_slice(match profile {
            CsvProfile::Excel => b"\r\n",
            CsvProfile::Plain => b"\n",
        });
    }
}

enum Cell<'a> {
    Text(&'a str),
    Int(usize),
    Conf(f64),
}

/// One text cell as the csv crate writes it (`QuoteStyle::Necessary`): quoted,
/// with `"` doubled, when it holds a comma, a quote, CR or LF.
fn push_text(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    if !b.iter().any(|&c| matches!(c, b',' | b'"' | b'\r' | b'\n')) {
        out.extend_from_slice(b);
        return;
    }
    out.push(b'"');
    for part in b.split_inclusive(|&c| c == b'"') {
        out.extend_from_slice(part);
        if part.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

fn push_int(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// A row type that can be written as a report line.
pub trait Row: serde::Serialize {
    /// Column names, in order.
    const HEADER: &'static [&'static str];
}

/// Passes writes through but not flushes. The csv writer flushes its sink
/// whenever it is taken apart (every [`TableWriter::append_rendered`]), which
/// would turn each article into a system call through the caller's buffer;
/// the sink is flushed once, by [`TableWriter::finish`].
struct Deferred<W>(W);

impl<W: io::Write> io::Write for Deferred<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes rows of one report to a writer, header first.
pub struct TableWriter<W: io::Write> {
    // `None` only while `append_rendered` swaps the csv writer out.
    inner: Option<csv::Writer<Deferred<W>>>,
    profile: CsvProfile,
    started: bool,
}

impl<W: io::Write> TableWriter<W> {
    /// A writer with the given profile; the Excel profile writes a BOM first.
    pub fn new(out: W, profile: CsvProfile) -> Self {
        TableWriter {
            inner: Some(profile.writer_builder().from_writer(Deferred(out))),
            profile,
            started: false,
        }
    }

    /// A writer for rows that continue a table started elsewhere: no BOM and
    /// no header. Used to render rows on worker threads; the bytes are then
    /// added to the real table with [`TableWriter::append_rendered`].
    pub fn continuation(out: W, profile: CsvProfile) -> Self {
        TableWriter {
            inner: Some(profile.writer_builder().from_writer(Deferred(out))),
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
        // csv::Writer has no `get_mut`: take the sink out (flushing the csv
        // buffer into it, not the sink itself), append, rebuild.
        let csv = self.inner.take().ok_or_else(finished)?;
        let mut out = match csv.into_inner() {
            Ok(out) => out,
            Err(e) => {
                let err = io::Error::new(e.error().kind(), e.error().to_string());
                self.inner = Some(e.into_inner());
                return Err(err.into());
            }
        };
        let written = io::Write::write_all(&mut out, rows);
        self.inner = Some(self.profile.writer_builder().from_writer(out));
        Ok(written?)
    }

    fn csv(&mut self) -> crate::Result<&mut csv::Writer<Deferred<W>>> {
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

    /// Writes one row (the header first, if not written yet). With the
    /// Excel profile every text cell (any string field, whatever the row
    /// type) goes through [`guard_cell`]; numbers and booleans are written
    /// as they are.
    pub fn write<R: Row>(&mut self, row: &R) -> crate::Result<()> {
        self.write_header::<R>()?;
        let profile = self.profile;
        let mut cells = cells::RowSer {
            csv: self.csv()?,
            profile,
            buf: String::new(),
        };
        row.serialize(&mut cells)
            .map_err(cells::CellError::into_report)
    }

    /// Flushes and returns the sink.
    pub fn finish(self) -> crate::Result<W> {
        let Deferred(mut out) = self
            .inner
            .ok_or_else(finished)?
            .into_inner()
            .map_err(|e| crate::ReportError::Io(e.into_error()))?;
        io::Write::flush(&mut out)?;
        Ok(out)
    }
}

/// A serde serializer that writes one struct as one CSV record, cell by
/// cell, guarding text cells; nested values are rejected.
mod cells {
    use std::fmt::{self, Write as _};
    use std::io;

    use serde::ser::{self, Impossible, Serialize};

    use super::{guard_cell, CsvProfile};

    /// A failed cell: the writer failed, or a value can't be one cell.
    #[derive(Debug)]
    pub(super) enum CellError {
        Csv(csv::Error),
        Shape(String),
    }

    impl CellError {
        pub(super) fn into_report(self) -> crate::ReportError {
            match self {
                CellError::Csv(e) => e.into(),
                CellError::Shape(m) => io::Error::new(io::ErrorKind::InvalidData, m).into(),
            }
        }
    }

    impl fmt::Display for CellError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                CellError::Csv(e) => e.fmt(f),
                CellError::Shape(m) => f.write_str(m),
            }
        }
    }

    impl std::error::Error for CellError {}

    impl ser::Error for CellError {
        fn custom<T: fmt::Display>(msg: T) -> Self {
            CellError::Shape(msg.to_string())
        }
    }

    fn shape<T>(what: &str) -> Result<T, CellError> {
        Err(CellError::Shape(format!(
            "a report cell cannot hold {what}"
        )))
    }

    /// Writes a struct's fields as one record.
    pub(super) struct RowSer<'a, W: io::Write> {
        pub(super) csv: &'a mut csv::Writer<W>,
        pub(super) profile: CsvProfile,
        pub(super) buf: String,
    }

    impl<W: io::Write> ser::SerializeStruct for &mut RowSer<'_, W> {
        type Ok = ();
        type Error = CellError;

        fn serialize_field<T: ?Sized + Serialize>(
            &mut self,
            _key: &'static str,
            value: &T,
        ) -> Result<(), CellError> {
            self.buf.clear();
            let kind = value.serialize(CellSer { buf: &mut self.buf })?;
            let cell = match (kind, self.profile) {
                (Kind::Text, CsvProfile::Excel) => guard_cell(&self.buf),
                _ => self.buf.as_str().into(),
            };
            self.csv
                .write_field(cell.as_bytes())
                .map_err(CellError::Csv)
        }

        fn end(self) -> Result<(), CellError> {
            self.csv.write_record(None::<&[u8]>).map_err(CellError::Csv)
        }
    }

    macro_rules! reject {
        ($($method:ident($($arg:ty),*) -> $ret:ty, $what:literal;)*) => {
            $(fn $method(self, $(_: $arg),*) -> Result<$ret, CellError> {
                shape($what)
            })*
        };
    }

    impl<W: io::Write> ser::Serializer for &mut RowSer<'_, W> {
        type Ok = ();
        type Error = CellError;
        type SerializeSeq = Impossible<(), CellError>;
        type SerializeTuple = Impossible<(), CellError>;
        type SerializeTupleStruct = Impossible<(), CellError>;
        type SerializeTupleVariant = Impossible<(), CellError>;
        type SerializeMap = Impossible<(), CellError>;
        type SerializeStruct = Self;
        type SerializeStructVariant = Impossible<(), CellError>;

        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, CellError> {
            Ok(self)
        }

        reject! {
            serialize_bool(bool) -> (), "a row of one boolean";
            serialize_i8(i8) -> (), "a row of one number";
            serialize_i16(i16) -> (), "a row of one number";
            serialize_i32(i32) -> (), "a row of one number";
            serialize_i64(i64) -> (), "a row of one number";
            serialize_u8(u8) -> (), "a row of one number";
            serialize_u16(u16) -> (), "a row of one number";
            serialize_u32(u32) -> (), "a row of one number";
            serialize_u64(u64) -> (), "a row of one number";
            serialize_f32(f32) -> (), "a row of one number";
            serialize_f64(f64) -> (), "a row of one number";
            serialize_char(char) -> (), "a row of one character";
            serialize_str(&str) -> (), "a row of one string";
            serialize_bytes(&[u8]) -> (), "bytes";
            serialize_unit_struct(&'static str) -> (), "a unit row";
            serialize_unit_variant(&'static str, u32, &'static str) -> (), "an enum row";
            serialize_seq(Option<usize>) -> Self::SerializeSeq, "a sequence";
            serialize_tuple(usize) -> Self::SerializeTuple, "a tuple";
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct, "a tuple";
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant, "a tuple";
            serialize_map(Option<usize>) -> Self::SerializeMap, "a map";
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant, "an enum row";
        }

        fn serialize_none(self) -> Result<(), CellError> {
            shape("a missing row")
        }
        fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), CellError> {
            v.serialize(self)
        }
        fn serialize_unit(self) -> Result<(), CellError> {
            shape("a unit row")
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            v: &T,
        ) -> Result<(), CellError> {
            v.serialize(self)
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), CellError> {
            shape("an enum row")
        }
    }

    /// What a cell holds: text (guarded) or a number, boolean or nothing.
    pub(super) enum Kind {
        Text,
        Raw,
    }

    /// Serializes one field value into `buf`.
    struct CellSer<'b> {
        buf: &'b mut String,
    }

    impl CellSer<'_> {
        fn raw(self, v: impl fmt::Display) -> Result<Kind, CellError> {
            write!(self.buf, "{v}").map_err(|e| CellError::Shape(e.to_string()))?;
            Ok(Kind::Raw)
        }
    }

    impl ser::Serializer for CellSer<'_> {
        type Ok = Kind;
        type Error = CellError;
        type SerializeSeq = Impossible<Kind, CellError>;
        type SerializeTuple = Impossible<Kind, CellError>;
        type SerializeTupleStruct = Impossible<Kind, CellError>;
        type SerializeTupleVariant = Impossible<Kind, CellError>;
        type SerializeMap = Impossible<Kind, CellError>;
        type SerializeStruct = Impossible<Kind, CellError>;
        type SerializeStructVariant = Impossible<Kind, CellError>;

        fn serialize_bool(self, v: bool) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_i8(self, v: i8) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_i16(self, v: i16) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_i32(self, v: i32) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_i64(self, v: i64) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_i128(self, v: i128) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_u8(self, v: u8) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_u16(self, v: u16) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_u32(self, v: u32) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_u64(self, v: u64) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_u128(self, v: u128) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_f32(self, v: f32) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_f64(self, v: f64) -> Result<Kind, CellError> {
            self.raw(v)
        }
        fn serialize_char(self, v: char) -> Result<Kind, CellError> {
            self.buf.push(v);
            Ok(Kind::Text)
        }
        fn serialize_str(self, v: &str) -> Result<Kind, CellError> {
            self.buf.push_str(v);
            Ok(Kind::Text)
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<Kind, CellError> {
            shape("bytes")
        }
        fn serialize_none(self) -> Result<Kind, CellError> {
            Ok(Kind::Raw)
        }
        fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<Kind, CellError> {
            v.serialize(self)
        }
        fn serialize_unit(self) -> Result<Kind, CellError> {
            Ok(Kind::Raw)
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<Kind, CellError> {
            Ok(Kind::Raw)
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
        ) -> Result<Kind, CellError> {
            self.serialize_str(variant)
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            v: &T,
        ) -> Result<Kind, CellError> {
            v.serialize(self)
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Kind, CellError> {
            shape("an enum with data")
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, CellError> {
            shape("a sequence")
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, CellError> {
            shape("a tuple")
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, CellError> {
            shape("a tuple")
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, CellError> {
            shape("a tuple")
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, CellError> {
            shape("a map")
        }
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, CellError> {
            shape("a nested struct")
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, CellError> {
            shape("an enum with data")
        }
    }
}

fn finished() -> io::Error {
    io::Error::other("report writer lost its output after a failed write")
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

    #[test]
    fn encoded_sentence_rows_equal_the_table_writer() {
        let texts = [
            "",
            "plain",
            "a, b",
            "say \"no\"",
            "\"",
            "line\nbreak",
            "cr\rhere",
            "=SUM(A1)",
            "-3",
            "+x",
            "@user",
            "\tTab",
            " =lead",
            "’curly’ «quotes»",
            "x\r\n\"y,\"",
            "'already",
        ];
        let confs = [0.0, 0.5431, 1.0, 0.99996, 0.12345, f64::NAN, 1e12, -0.25];
        let mut rows = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            rows.push(crate::SentenceRow {
                article: texts[(i + 3) % texts.len()].to_string(),
                sentence: i * 977,
                paragraph: i,
                start: usize::MAX - i,
                end: 0,
                speaker: texts[(i + 5) % texts.len()].to_string(),
                speaker_via: t.to_string(),
                in_quote: "none".into(),
                target: texts[(i + 1) % texts.len()].to_string(),
                label: "favor".into(),
                confidence: confs[i % confs.len()],
                evidence: texts[(i + 7) % texts.len()].to_string(),
                text: t.to_string(),
            });
        }
        for profile in [CsvProfile::Excel, CsvProfile::Plain] {
            let mut w = TableWriter::continuation(Vec::new(), profile);
            for r in &rows {
                w.write(r).unwrap();
            }
            let want = w.finish().unwrap();
            let mut got = Vec::new();
            encode_sentence_rows(&rows, profile, &mut got);
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want),
                "{profile:?}"
            );
        }
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
    fn guard_table() {
        for (cell, want) in [
            ("=1+1", "'=1+1"),
            ("+cmd", "'+cmd"),
            ("-3 dead", "'-3 dead"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("  =HYPERLINK(\"x\")", "'  =HYPERLINK(\"x\")"),
            ("\n=1", "'\n=1"),
            ("-", "'-"),
            ("--1", "'--1"),
            ("-1-1", "'-1-1"),
            ("+1e", "'+1e"),
            ("-.e5", "'-.e5"),
            // Numbers stay numbers.
            ("-3", "-3"),
            ("+1.5e-3", "+1.5e-3"),
            ("-.5", "-.5"),
            ("-7.", "-7."),
            // Harmless text.
            ("", ""),
            ("Hello = world", "Hello = world"),
            ("'=already", "'=already"),
            ("“=quoted”", "“=quoted”"),
            ("Ünïcödé", "Ünïcödé"),
        ] {
            assert_eq!(guard_cell(cell), want, "{cell:?}");
        }
    }

    #[derive(serde::Serialize)]
    struct Mixed {
        name: String,
        count: usize,
        delta: f64,
        flag: bool,
        note: Option<String>,
        tag: Option<String>,
    }

    impl Row for Mixed {
        const HEADER: &'static [&'static str] = &["name", "count", "delta", "flag", "note", "tag"];
    }

    #[test]
    fn every_text_cell_is_guarded_and_numbers_are_not() {
        let row = Mixed {
            name: "=cmd|' /C calc'!A0".into(),
            count: 3,
            delta: -2.5,
            flag: true,
            note: Some("@here".into()),
            tag: None,
        };
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Excel);
        w.write(&row).unwrap();
        w.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}name,count,delta,flag,note,tag\r\n'=cmd|' /C calc'!A0,3,-2.5,true,'@here,\r\n"
        );
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Plain);
        w.write(&row).unwrap();
        w.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,count,delta,flag,note,tag\n=cmd|' /C calc'!A0,3,-2.5,true,@here,\n"
        );
    }

    #[test]
    fn model_supplied_labels_and_targets_are_guarded_too() {
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Excel);
        w.write(&SentenceRow {
            article: "-a.txt".into(),
            speaker_via: "@v".into(),
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
        assert_eq!(row, "'-a.txt,0,0,0,0,,'@v,'+q,'=t,'-l,0.2500,,x");
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
            io::Read::read_to_end(
                &mut BomSkip {
                    inner: Trickle(bytes),
                    checked: false,
                    pending: Vec::new(),
                },
                &mut out,
            )
            .unwrap();
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
    fn header_only_for_empty_report() {
        let mut out = Vec::new();
        let mut w = TableWriter::new(&mut out, CsvProfile::Plain);
        w.write_header::<crate::ErrorRow>().unwrap();
        w.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "path,kind,message\n");
    }
}
