//! One CSV dialect for reading and writing, as xsv's `Config` is: the
//! [`CsvProfile`] says how files are written (BOM, line ends, formula guard)
//! and reads both profiles back. Training CSVs, fixtures and every report go
//! through it, so CSV handling is the same everywhere.
//!
//! Nothing here can fail on its own: readers report `csv::Error`s, and the
//! [`RecordEncoder`] appends to a `Vec<u8>`.
//!
//! ```
//! use standpoint_csvio::{CsvProfile, RecordEncoder};
//! let mut out = Vec::new();
//! let mut rec = RecordEncoder::new(&mut out, CsvProfile::Excel);
//! rec.text("=1+1").int(3).fixed4(0.5).text("a, b");
//! rec.end();
//! assert_eq!(out, b"'=1+1,3,0.5000,\"a, b\"\r\n");
//!
//! let mut rdr = CsvProfile::reader("\u{feff}text,label\r\nhi,favor\r\n".as_bytes());
//! assert_eq!(&rdr.headers().unwrap()[0], "text");
//! ```
#![deny(missing_docs)]

mod dialect;
mod encode;
mod guard;

pub use dialect::{BomSkip, CsvProfile};
pub use encode::{four_decimals, RecordEncoder};
pub use guard::guard_cell;

/// Cells every writer built on this dialect is tested on: each byte that
/// matters to quoting or guarding, alone and mixed (commas, quotes, CR, LF,
/// formula starts, a leading space or tab, an existing guard, non-ASCII).
pub const AWKWARD_CELLS: &[&str] = &[
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
    "#hash",
    " ",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autotraits() {
        fn has<T: Send + Sync + Sized + Unpin>() {}
        has::<CsvProfile>();
        has::<BomSkip<&[u8]>>();
        has::<RecordEncoder<'static>>();
    }
}
