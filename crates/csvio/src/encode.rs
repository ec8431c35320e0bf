//! Writing records byte by byte, as the csv crate's writer would
//! (`QuoteStyle::Necessary`), without its per-cell bookkeeping.

use std::borrow::Cow;

use crate::CsvProfile;

/// Appends one record to a buffer, cell by cell, in a profile's dialect;
/// [`RecordEncoder::end`] writes the terminator.
///
/// Text cells go through the profile's guard; numbers do not. The bytes are
/// those `csv::Writer` (built by [`CsvProfile::writer_builder`]) writes for the
/// same cells.
pub struct RecordEncoder<'a> {
    out: &'a mut Vec<u8>,
    profile: CsvProfile,
    cells: usize,
    /// Where the last cell started, to spot a record of one empty cell.
    last_start: usize,
}

impl<'a> RecordEncoder<'a> {
    /// A record appended to `out`.
    pub fn new(out: &'a mut Vec<u8>, profile: CsvProfile) -> Self {
        let last_start = out.len();
        RecordEncoder {
            out,
            profile,
            cells: 0,
            last_start,
        }
    }

    fn next_cell(&mut self) {
        if self.cells > 0 {
            self.out.push(b',');
        }
        self.cells += 1;
        self.last_start = self.out.len();
    }

    /// A text cell, guarded in the Excel profile.
    pub fn text(&mut self, s: &str) -> &mut Self {
        self.next_cell();
        push_text(self.out, &self.profile.text(s));
        self
    }

    /// A cell written as it is (quoted when needed, never guarded): header
    /// names and other text this program chose.
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.next_cell();
        push_text(self.out, s);
        self
    }

    /// Cells already encoded by an encoder of the same profile (one or
    /// more, joined by commas, without a terminator), written as they are:
    /// cells many records share are encoded once.
    pub fn encoded(&mut self, cells: &[u8]) -> &mut Self {
        self.next_cell();
        self.out.extend_from_slice(cells);
        self
    }

    /// A whole number.
    pub fn int(&mut self, n: usize) -> &mut Self {
        self.next_cell();
        push_int(self.out, n);
        self
    }

    /// A number with four decimals, as `{:.4}` prints it (a text cell, so
    /// the guard sees it, as it always has: it never fires on a number).
    pub fn fixed4(&mut self, v: f64) -> &mut Self {
        let mut buf = [0u8; 24];
        let cell = four_decimals(v, &mut buf);
        self.text(&cell)
    }

    /// The header of a table: the profile's BOM in front of the first name.
    pub fn header(&mut self, names: &[&str]) -> &mut Self {
        for (i, name) in names.iter().enumerate() {
            if i == 0 {
                self.raw(&format!("{}{name}", self.profile.bom()));
            } else {
                self.raw(name);
            }
        }
        self
    }

    /// Ends the record with the profile's terminator.
    pub fn end(self) {
        // A record of one empty cell is written `""`, or it would read back
        // as no record at all.
        if self.cells == 1 && self.out.len() == self.last_start {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.extend_from_slice(self.profile.terminator());
    }
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

/// `v` as `{:.4}` prints it. Probabilities and shares take a fixed-point
/// path: `{:.4}` often falls back to exact big-number formatting, which made
/// it the most expensive cell of `sentences.csv`.
pub fn four_decimals(v: f64, buf: &mut [u8; 24]) -> Cow<'_, str> {
    match fixed4(v, buf) {
        Some(text) => text.into(),
        None => format!("{v:.4}").into(),
    }
}

/// `v` with four decimals into `buf`, for finite `0 <= v < 1e9`; rounds half
/// away from zero on the scaled value (ties of `{:.4}` may differ in the last
/// digit, never otherwise).
fn fixed4(v: f64, buf: &mut [u8; 24]) -> Option<&str> {
    if !(0.0..1e9).contains(&v) {
        return None;
    }
    let scaled = (v * 10_000.0).round() as u64;
    let (int, frac) = (scaled / 10_000, scaled % 10_000);
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    std::io::Write::write_fmt(&mut cursor, format_args!("{int}.{frac:04}")).ok()?;
    let len = cursor.position() as usize;
    std::str::from_utf8(&buf[..len]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed4_prints_like_format_precision_4() {
        let mut buf = [0u8; 24];
        for (v, want) in [
            (0.0, "0.0000"),
            (1.0, "1.0000"),
            (0.5, "0.5000"),
            (0.12344, "0.1234"),
            (0.99996, "1.0000"),
            (123.45678, "123.4568"),
        ] {
            assert_eq!(fixed4(v, &mut buf), Some(want), "{v}");
        }
        for i in 0..200_000u32 {
            let v = f64::from(i) / 199_999.0 * 1.0001;
            let scaled = v * 10_000.0;
            if (scaled - scaled.floor() - 0.5).abs() < 1e-6 {
                continue; // a tie: the last digit may differ
            }
            assert_eq!(fixed4(v, &mut buf), Some(format!("{v:.4}").as_str()), "{v}");
        }
        for v in [-0.1, f64::NAN, f64::INFINITY, 1e12] {
            assert_eq!(fixed4(v, &mut buf), None, "{v}");
        }
        assert_eq!(four_decimals(-0.25, &mut buf), "-0.2500");
    }

    /// The cells the encoder is checked on.
    const CELLS: &[&str] = crate::AWKWARD_CELLS;

    /// The csv crate's writer: the oracle the encoder must match.
    fn csv_writer_bytes(records: &[Vec<String>], profile: CsvProfile) -> Vec<u8> {
        let mut w = profile
            .writer_builder()
            .flexible(true)
            .from_writer(Vec::new());
        for r in records {
            w.write_record(r).unwrap();
        }
        w.into_inner().unwrap()
    }

    #[test]
    fn encoder_writes_what_the_csv_writer_writes() {
        // Records of 1 to 4 cells drawn from CELLS by a fixed walk.
        let mut records: Vec<Vec<&str>> = Vec::new();
        for i in 0..CELLS.len() {
            for len in 1..=4 {
                records.push((0..len).map(|k| CELLS[(i + k * 7) % CELLS.len()]).collect());
            }
        }
        for profile in [CsvProfile::Excel, CsvProfile::Plain] {
            let mut got = Vec::new();
            for r in &records {
                let mut rec = RecordEncoder::new(&mut got, profile);
                for c in r {
                    rec.text(c);
                }
                rec.end();
            }
            let guarded: Vec<Vec<String>> = records
                .iter()
                .map(|r| r.iter().map(|c| profile.text(c).into_owned()).collect())
                .collect();
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&csv_writer_bytes(&guarded, profile)),
                "{profile:?}"
            );
        }
    }

    #[test]
    fn numbers_and_headers_match_the_csv_writer() {
        for profile in [CsvProfile::Excel, CsvProfile::Plain] {
            let mut got = Vec::new();
            let mut rec = RecordEncoder::new(&mut got, profile);
            rec.header(&["article", "sentence", "confidence"]);
            rec.end();
            for (n, v) in [
                (0usize, 0.0),
                (usize::MAX, 0.54312),
                (977, f64::NAN),
                (5, -0.25),
            ] {
                let mut rec = RecordEncoder::new(&mut got, profile);
                rec.raw("x").int(n).fixed4(v);
                rec.end();
            }
            let bom = profile.bom();
            let mut want = vec![vec![
                format!("{bom}article"),
                "sentence".into(),
                "confidence".into(),
            ]];
            for (n, v) in [
                (0usize, 0.0),
                (usize::MAX, 0.54312),
                (977, f64::NAN),
                (5, -0.25),
            ] {
                want.push(vec!["x".into(), n.to_string(), format!("{v:.4}")]);
            }
            assert_eq!(got, csv_writer_bytes(&want, profile), "{profile:?}");
        }
    }
}
