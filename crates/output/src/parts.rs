//! CSV reports split into numbered parts for spreadsheets.
//!
//! Excel and LibreOffice open at most [`SPREADSHEET_ROWS`] rows. In the
//! Excel profile a report that would be longer is written as
//! `sentences-001.csv`, `sentences-002.csv`, …: each part has the header
//! (and BOM) and as many whole articles as fit, so an article never spans
//! two parts. A table that fits stays one file under its own name; the plain
//! profile (for pipelines) never splits.

use std::io::Write;
use std::path::{Path, PathBuf};

use standpoint_report::{CsvProfile, TableParts, TableWriter};

use crate::atomic::{is_part_of, part_name, AtomicFile, ReportWriter};
use crate::{io_at, Result};

/// Rows a spreadsheet opens, header included (Excel and LibreOffice).
pub const SPREADSHEET_ROWS: usize = 1_048_576;

/// The spreadsheet row limit, or the test override in
/// `STANDPOINT_SPREADSHEET_ROWS` (so a test need not write a million rows).
pub fn spreadsheet_rows() -> usize {
    std::env::var("STANDPOINT_SPREADSHEET_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SPREADSHEET_ROWS)
}

/// Records (header not counted) one part of a table in `profile` may hold:
/// `None` where tables are never split.
pub fn part_limit(profile: CsvProfile) -> Option<usize> {
    (profile == CsvProfile::Excel).then(|| spreadsheet_rows().saturating_sub(1).max(1))
}

/// The header record of a table with these column names, as the report
/// crate writes it (the BOM in front in the Excel profile).
pub(crate) fn header_record(names: &[&str], profile: CsvProfile) -> Result<Vec<u8>> {
    let mut w = TableWriter::new(Vec::new(), profile);
    w.write_header_names(names)?;
    Ok(w.finish()?)
}

/// One CSV report in the output folder, written in parts when it grows past
/// its limit. Rows arrive in units (one article's rows) that are never split.
pub(crate) struct PartedTable {
    dir: PathBuf,
    name: String,
    /// The header record, BOM included.
    header: Vec<u8>,
    limit: Option<usize>,
    /// Parts written so far, the last one open; with their record counts.
    parts: Vec<(AtomicFile, ReportWriter, usize)>,
    /// Units longer than a part may be: (first cell, records).
    oversized: Vec<(String, usize)>,
}

impl PartedTable {
    /// Opens the first part of table `name` in `dir`, its header record
    /// (see [`header_record`]) written; parts hold at most `limit` records.
    pub(crate) fn create(
        dir: &Path,
        name: &str,
        header: Vec<u8>,
        limit: Option<usize>,
    ) -> Result<Self> {
        let mut t = PartedTable {
            dir: dir.to_path_buf(),
            name: name.to_string(),
            header,
            limit,
            parts: Vec::new(),
            oversized: Vec::new(),
        };
        t.open_part()?;
        Ok(t)
    }

    fn open_part(&mut self) -> Result<()> {
        let temp = if self.parts.is_empty() {
            self.name.clone()
        } else {
            part_name(&self.name, self.parts.len() + 1)
        };
        let (f, mut w) = AtomicFile::create_as(&self.dir, &self.name, &temp)?;
        w.write_all(&self.header)?;
        self.parts.push((f, w, 0));
        Ok(())
    }

    /// Appends one unit: `records` rendered records in `bytes`, starting a
    /// new part first if they would not fit in the current one. `key` names
    /// the unit (its article) in the note about a unit too long for a part.
    pub(crate) fn append(&mut self, bytes: &[u8], records: usize, key: &str) -> Result<()> {
        if let Some(limit) = self.limit {
            let current = self.parts.last().map_or(0, |p| p.2);
            if current > 0 && current + records > limit {
                self.open_part()?;
            }
            if records > limit {
                self.oversized.push((key.to_string(), records));
            }
        }
        if let Some((_, w, n)) = self.parts.last_mut() {
            w.write_all(bytes)?;
            *n += records;
        }
        Ok(())
    }

    /// Records written, over all parts.
    pub(crate) fn records(&self) -> usize {
        self.parts.iter().map(|p| p.2).sum()
    }

    /// The file names this table will have once finished.
    pub(crate) fn file_names(&self) -> Vec<String> {
        if self.parts.len() <= 1 {
            vec![self.name.clone()]
        } else {
            (1..=self.parts.len())
                .map(|i| part_name(&self.name, i))
                .collect()
        }
    }

    /// The parts, if the table was split (for `run.json`).
    pub(crate) fn split(&self) -> Option<TableParts> {
        (self.parts.len() > 1).then(|| TableParts {
            table: self.name.clone(),
            files: self.file_names(),
            rows: self.parts.iter().map(|p| p.2).collect(),
        })
    }

    /// What a reader must know: the table was split, or a part is still too
    /// long for a spreadsheet.
    pub(crate) fn notes(&self) -> Vec<String> {
        let Some(limit) = self.limit else {
            return Vec::new();
        };
        let mut notes = Vec::new();
        if let Some(split) = self.split() {
            notes.push(format!(
                "{} would have {} rows, more than the {} a spreadsheet opens: written as {} parts, {} to {}, each with the header and whole articles",
                self.name,
                self.records() + 1,
                limit + 1,
                split.files.len(),
                split.files[0],
                split.files[split.files.len() - 1],
            ));
        }
        for (key, records) in &self.oversized {
            notes.push(format!(
                "{key} alone has {records} rows in {}, more than a spreadsheet opens ({}); its part is longer than that",
                self.name,
                limit + 1,
            ));
        }
        notes
    }

    /// Renames the parts into place (`name`, or `name-001`, … when split)
    /// and removes files of this table an earlier run left under the other
    /// names. Returns the file names.
    pub(crate) fn finish(self) -> Result<Vec<String>> {
        let names = self.file_names();
        for ((f, w, _), name) in self.parts.into_iter().zip(&names) {
            f.commit_as(w, name)?;
        }
        remove_other_parts(&self.dir, &self.name, &names)?;
        Ok(names)
    }
}

/// Removes `name` and its numbered parts from `dir`, except `keep`.
pub(crate) fn remove_other_parts(dir: &Path, name: &str, keep: &[String]) -> Result<()> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in read.flatten() {
        let Some(file) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let ours = file == name || is_part_of(&file, name);
        if ours && !keep.contains(&file) {
            match std::fs::remove_file(entry.path()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io_at(entry.path(), "cannot remove an old report part", e))
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(key: &str, n: usize) -> Vec<u8> {
        (0..n)
            .flat_map(|i| format!("{key},{i}\r\n").into_bytes())
            .collect()
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_table_that_fits_is_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = PartedTable::create(
            dir.path(),
            "t.csv",
            header_record(&["k", "i"], CsvProfile::Excel).unwrap(),
            Some(5),
        )
        .unwrap();
        t.append(&unit("a", 2), 2, "a").unwrap();
        t.append(&unit("b", 3), 3, "b").unwrap();
        assert!(t.split().is_none());
        assert!(t.notes().is_empty());
        assert_eq!(t.finish().unwrap(), ["t.csv"]);
        assert_eq!(files(dir.path()), ["t.csv"]);
        let text = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
        assert_eq!(text, "\u{feff}k,i\r\na,0\r\na,1\r\nb,0\r\nb,1\r\nb,2\r\n");
    }

    #[test]
    fn parts_break_between_units_and_each_has_the_header() {
        let dir = tempfile::tempdir().unwrap();
        // Left over by an earlier, unsplit run: replaced.
        std::fs::write(dir.path().join("t.csv"), "old").unwrap();
        std::fs::write(dir.path().join("t-009.csv"), "old").unwrap();
        let mut t = PartedTable::create(
            dir.path(),
            "t.csv",
            header_record(&["k", "i"], CsvProfile::Excel).unwrap(),
            Some(4),
        )
        .unwrap();
        for (key, n) in [("a", 3), ("b", 1), ("c", 2), ("d", 6), ("e", 1)] {
            t.append(&unit(key, n), n, key).unwrap();
        }
        let split = t.split().unwrap();
        assert_eq!(
            split.files,
            ["t-001.csv", "t-002.csv", "t-003.csv", "t-004.csv"]
        );
        assert_eq!(split.rows, [4, 2, 6, 1]);
        let notes = t.notes();
        assert!(
            notes[0].starts_with("t.csv would have 14 rows, more than the 5"),
            "{notes:?}"
        );
        assert!(
            notes[0].contains("4 parts, t-001.csv to t-004.csv"),
            "{notes:?}"
        );
        assert!(notes[1].starts_with("d alone has 6 rows"), "{notes:?}");
        t.finish().unwrap();
        assert_eq!(
            files(dir.path()),
            ["t-001.csv", "t-002.csv", "t-003.csv", "t-004.csv"]
        );
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
        assert_eq!(
            read("t-001.csv"),
            "\u{feff}k,i\r\na,0\r\na,1\r\na,2\r\nb,0\r\n"
        );
        assert_eq!(read("t-002.csv"), "\u{feff}k,i\r\nc,0\r\nc,1\r\n");
        assert!(read("t-003.csv").starts_with("\u{feff}k,i\r\nd,0\r\n"));
        assert_eq!(read("t-004.csv"), "\u{feff}k,i\r\ne,0\r\n");
    }

    #[test]
    fn without_a_limit_nothing_splits_and_old_parts_go() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t-001.csv"), "old").unwrap();
        std::fs::write(dir.path().join("t-002.csv"), "old").unwrap();
        std::fs::write(dir.path().join("keep-001.csv"), "other").unwrap();
        let mut t = PartedTable::create(
            dir.path(),
            "t.csv",
            header_record(&["k"], CsvProfile::Plain).unwrap(),
            None,
        )
        .unwrap();
        for i in 0..50 {
            t.append(b"x\n", 1, &i.to_string()).unwrap();
        }
        assert!(t.notes().is_empty());
        assert_eq!(t.finish().unwrap(), ["t.csv"]);
        assert_eq!(files(dir.path()), ["keep-001.csv", "t.csv"]);
    }

    #[test]
    fn the_limit_counts_the_header_and_only_excel_splits() {
        assert_eq!(part_limit(CsvProfile::Plain), None);
        let limit = part_limit(CsvProfile::Excel).unwrap();
        assert_eq!(limit + 1, spreadsheet_rows().max(2));
    }
}
