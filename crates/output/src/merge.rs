//! Merging the reports of the N shards of one `label --shard I/N` job.
//!
//! [`merge_shards`] checks that the folders are shards 1..N of the same
//! inputs, model and options and that each finished, then merges every CSV
//! report by its first column (article or path), streaming: rows of one
//! shard keep their order and are copied byte for byte. For file inputs
//! this gives exactly the reports of a single unsharded run, split into
//! parts as that run would split them.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use standpoint_report::{guard_cell, CsvProfile, RunInfo, StageSeconds};

use crate::atomic::{sync_dir, AtomicFile};
use crate::parts::{part_limit, PartedTable};
use crate::{io_at, OutputError, Result};

/// The CSV reports, merged row by row.
pub const TABLES: &[&str] = &[
    "sentences.csv",
    "articles.csv",
    "speakers.csv",
    "errors.csv",
];

/// Merges the shard folders `shards` into `out` (created if needed); with
/// `force`, reports already in `out` are replaced. Returns the merged
/// `run.json` (also written), whose `notes` say what the reader must know.
pub fn merge_shards(shards: &[PathBuf], out: &Path, force: bool) -> Result<RunInfo> {
    let infos = check_shards(shards)?;
    std::fs::create_dir_all(out).map_err(|e| io_at(out, "cannot create output folder", e))?;
    if !force {
        let names: Vec<&str> = TABLES.iter().chain(&["run.json"]).copied().collect();
        let existing = crate::files::existing_reports(out, &names);
        if !existing.is_empty() {
            return Err(OutputError::HoldsReports {
                dir: out.to_path_buf(),
                files: existing.join(", "),
            });
        }
    }
    crate::atomic::remove_stale_temps(out)?;
    let mut info = combined(&infos);
    let profile = if info.pipeline["report"]["csv"] == "plain" {
        CsvProfile::Plain
    } else {
        CsvProfile::Excel
    };
    let mut merged = Vec::new();
    for table in TABLES {
        let inputs = shards
            .iter()
            .zip(&infos)
            .map(|(dir, info)| table_files(dir, info, table))
            .collect::<Vec<_>>();
        merged.push(merge_table(&inputs, out, table, part_limit(profile))?);
    }
    info.notes = merged.iter().flat_map(|t| t.notes()).collect();
    info.parts = merged.iter().filter_map(|t| t.split()).collect();
    let (run, mut run_w) = AtomicFile::create(out, "run.json")?;
    let json = serde_json::to_string_pretty(&info)? + "\n";
    std::io::Write::write_all(&mut run_w, json.as_bytes())?;
    for t in merged {
        t.finish()?;
    }
    run.commit(run_w)?;
    sync_dir(out);
    Ok(info)
}

/// The files of `table` in a shard folder: its parts, if that run split it.
fn table_files(dir: &Path, info: &RunInfo, table: &str) -> Vec<PathBuf> {
    match info.parts.iter().find(|p| p.table == table) {
        Some(p) => p.files.iter().map(|f| dir.join(f)).collect(),
        None => vec![dir.join(table)],
    }
}

/// Reads every shard's run.json and checks they are shards 1..N of one job,
/// each with all its reports.
fn check_shards(dirs: &[PathBuf]) -> Result<Vec<RunInfo>> {
    let mut infos = Vec::new();
    for dir in dirs {
        let path = dir.join("run.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| io_at(dir, "no run.json: not a finished `label` output", e))?;
        let info: RunInfo = serde_json::from_str(&text).map_err(|e| OutputError::NotARun {
            path: path.clone(),
            source: e,
        })?;
        for table in TABLES {
            for f in table_files(dir, &info, table) {
                if !f.is_file() {
                    return Err(OutputError::MissingReport {
                        dir: dir.clone(),
                        file: f.file_name().unwrap_or_default().to_string_lossy().into(),
                    });
                }
            }
        }
        infos.push(info);
    }
    let Some(first) = infos.first() else {
        return Err(OutputError::Shards("no shard folders given".into()));
    };
    let count = shard_of(first, &dirs[0])?.1;
    let mut seen = vec![None::<&Path>; count];
    for (info, dir) in infos.iter().zip(dirs) {
        let (index, n) = shard_of(info, dir)?;
        let same_job = n == count
            && info.input_files == first.input_files
            && info.input_hash == first.input_hash
            && info.model_hash == first.model_hash
            && info.options_hash == first.options_hash
            && info.standpoint_version == first.standpoint_version;
        if !same_job {
            return Err(OutputError::Shards(format!(
                "{} and {} are not shards of the same job (inputs, model, options or shard count differ)",
                dirs[0].display(),
                dir.display()
            )));
        }
        if let Some(other) = seen[index - 1].replace(dir) {
            return Err(OutputError::Shards(format!(
                "{} and {} are both shard {index}/{count}",
                other.display(),
                dir.display()
            )));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|i| seen[i - 1].is_none())
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(OutputError::Shards(format!(
            "missing shards: {}",
            missing.join(", ")
        )));
    }
    Ok(infos)
}

fn shard_of(info: &RunInfo, dir: &Path) -> Result<(usize, usize)> {
    let parsed = info.shard.split_once('/').and_then(|(i, n)| {
        let (i, n) = (i.parse::<usize>().ok()?, n.parse::<usize>().ok()?);
        (1..=n).contains(&i).then_some((i, n))
    });
    parsed.ok_or_else(|| {
        OutputError::Shards(format!(
            "{}: run.json has no shard (made by an older standpoint?)",
            dir.display()
        ))
    })
}

/// The merged run.json: counts and stage seconds summed, shard 1/1.
fn combined(infos: &[RunInfo]) -> RunInfo {
    let mut out = RunInfo {
        shard: "1/1".into(),
        seconds: StageSeconds::default(),
        notes: Vec::new(),
        parts: Vec::new(),
        ..infos[0].clone()
    };
    let sum = |f: fn(&RunInfo) -> usize| infos.iter().map(f).sum::<usize>();
    out.inputs = sum(|i| i.inputs);
    out.articles = sum(|i| i.articles);
    out.sentences = sum(|i| i.sentences);
    out.sentence_rows = sum(|i| i.sentence_rows);
    out.errors = sum(|i| i.errors);
    out.warnings = sum(|i| i.warnings);
    out.threads = sum(|i| i.threads);
    for i in infos {
        let (s, t) = (&mut out.seconds, &i.seconds);
        s.ingest += t.ingest;
        s.segment += t.segment;
        s.attribute += t.attribute;
        s.classify += t.classify;
        s.report += t.report;
        s.total += t.total;
    }
    out
}

/// One CSV table (a file, or the parts of one) read record by record, raw
/// bytes kept; the header is read from the first file and skipped (checked
/// equal) in the others.
struct Records {
    files: std::vec::IntoIter<PathBuf>,
    reader: BufReader<File>,
    path: PathBuf,
    /// The first file, whose header the others must repeat.
    first: PathBuf,
    header: Vec<u8>,
}

impl Records {
    fn open(files: Vec<PathBuf>) -> Result<Self> {
        let mut files = files.into_iter();
        let path = files.next().unwrap_or_default();
        let mut r = Records {
            reader: open_buffered(&path)?,
            files,
            first: path.clone(),
            path,
            header: Vec::new(),
        };
        r.header = r.raw_next()?.ok_or_else(|| OutputError::NoHeader {
            path: r.path.clone(),
        })?;
        Ok(r)
    }

    /// The next record of the current file with its line ending, or `None`
    /// at its end. A record ends at a newline outside quotes (cells may
    /// hold newlines).
    fn raw_next(&mut self) -> Result<Option<Vec<u8>>> {
        let mut record = Vec::new();
        let mut quotes = 0usize;
        loop {
            let start = record.len();
            let n = self
                .reader
                .read_until(b'\n', &mut record)
                .map_err(|e| io_at(&self.path, "read failed", e))?;
            if n == 0 {
                if record.is_empty() {
                    return Ok(None);
                }
                return Err(OutputError::OpenQuote {
                    path: self.path.clone(),
                });
            }
            quotes += record[start..].iter().filter(|&&b| b == b'"').count();
            if quotes % 2 == 0 {
                return Ok(Some(record));
            }
        }
    }

    /// The next record over all files, or `None` at the end of the last.
    fn next(&mut self) -> Result<Option<Vec<u8>>> {
        loop {
            if let Some(rec) = self.raw_next()? {
                return Ok(Some(rec));
            }
            let Some(path) = self.files.next() else {
                return Ok(None);
            };
            self.reader = open_buffered(&path)?;
            self.path = path;
            let header = self.raw_next()?.ok_or_else(|| OutputError::NoHeader {
                path: self.path.clone(),
            })?;
            if header != self.header {
                return Err(OutputError::HeaderDiffers {
                    path: self.path.clone(),
                    first: self.first.clone(),
                });
            }
        }
    }
}

fn open_buffered(path: &Path) -> Result<BufReader<File>> {
    let file = File::open(path).map_err(|e| io_at(path, "cannot open", e))?;
    Ok(BufReader::with_capacity(1 << 16, file))
}

/// The first cell of a record, unquoted and without the spreadsheet guard,
/// so rows sort as the values they hold.
fn first_cell(record: &[u8]) -> Vec<u8> {
    let cell: Vec<u8> = if record.first() == Some(&b'"') {
        let mut out = Vec::new();
        let mut i = 1;
        while i < record.len() {
            match (record[i], record.get(i + 1)) {
                (b'"', Some(b'"')) => {
                    out.push(b'"');
                    i += 2;
                }
                (b'"', _) => break,
                (b, _) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        out
    } else {
        let end = record
            .iter()
            .position(|&b| matches!(b, b',' | b'\r' | b'\n'))
            .unwrap_or(record.len());
        record[..end].to_vec()
    };
    match std::str::from_utf8(&cell) {
        Ok(s) => match s.strip_prefix('\'') {
            // Only a guard that `guard_cell` would have added is removed.
            Some(rest) if guard_cell(rest) == s => rest.as_bytes().to_vec(),
            _ => cell,
        },
        Err(_) => cell,
    }
}

/// Merges CSV tables (same header, each sorted by its first cell in blocks;
/// each given as its files) into table `name` in `dir`: the first header,
/// then all rows by first cell, ties in input order, each input's own order
/// kept. Rows with the same first cell (one article) stay in one part.
fn merge_table(
    inputs: &[Vec<PathBuf>],
    dir: &Path,
    name: &str,
    limit: Option<usize>,
) -> Result<PartedTable> {
    let mut readers = inputs
        .iter()
        .map(|files| Records::open(files.clone()))
        .collect::<Result<Vec<_>>>()?;
    let header = readers[0].header.clone();
    for r in &readers[1..] {
        if r.header != header {
            return Err(OutputError::HeaderDiffers {
                path: r.path.clone(),
                first: readers[0].path.clone(),
            });
        }
    }
    let mut out = PartedTable::create(dir, name, header, limit)?;
    // Heads of every input: (key, input index) → that input's current record.
    let mut heads: Vec<Option<Vec<u8>>> = Vec::with_capacity(readers.len());
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        let rec = r.next()?;
        if let Some(rec) = &rec {
            heap.push(Reverse((first_cell(rec), i)));
        }
        heads.push(rec);
    }
    // One unit: the records of one first cell, written together.
    let mut unit: (Vec<u8>, Vec<u8>, usize) = (Vec::new(), Vec::new(), 0);
    let flush = |out: &mut PartedTable, unit: &mut (Vec<u8>, Vec<u8>, usize)| {
        if unit.2 > 0 {
            out.append(&unit.1, unit.2, &String::from_utf8_lossy(&unit.0))?;
        }
        unit.1.clear();
        unit.2 = 0;
        Ok::<(), OutputError>(())
    };
    while let Some(Reverse((key, i))) = heap.pop() {
        if let Some(rec) = heads[i].take() {
            if key != unit.0 {
                flush(&mut out, &mut unit)?;
                unit.0 = key;
            }
            unit.1.extend_from_slice(&rec);
            unit.2 += 1;
        }
        if let Some(rec) = readers[i].next()? {
            heap.push(Reverse((first_cell(&rec), i)));
            heads[i] = Some(rec);
        }
    }
    flush(&mut out, &mut unit)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_cell_unquotes_and_unguards() {
        assert_eq!(first_cell(b"a.txt,1,2\r\n"), b"a.txt");
        assert_eq!(first_cell(b"\"a, \"\"b\"\".txt\",1\n"), b"a, \"b\".txt");
        assert_eq!(first_cell(b"'=x.txt,1\n"), b"=x.txt");
        // A real leading quote character is kept.
        assert_eq!(first_cell(b"'quoted'.txt,1\n"), b"'quoted'.txt");
        assert_eq!(first_cell(b"last"), b"last");
    }

    fn write(dir: &Path, name: &str, s: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, s).unwrap();
        p
    }

    #[test]
    fn merges_by_first_cell_keeping_blocks_and_multiline_cells() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.csv", "k,v\na,1\na,\"two\nlines\"\nc,3\n");
        let b = write(dir.path(), "b.csv", "k,v\nb,1\nd,\"x,\"\"y\"\"\"\n");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let t = merge_table(&[vec![a.clone()], vec![b]], &out, "m.csv", None).unwrap();
        t.finish().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("m.csv")).unwrap(),
            "k,v\na,1\na,\"two\nlines\"\nb,1\nc,3\nd,\"x,\"\"y\"\"\"\n"
        );
        let other = write(dir.path(), "o.csv", "x,v\n");
        let err = merge_table(&[vec![a], vec![other]], &out, "m.csv", None)
            .err()
            .unwrap();
        assert!(err.to_string().contains("header differs"), "{err}");
    }

    #[test]
    fn parts_are_read_as_one_table_and_written_in_parts_again() {
        let dir = tempfile::tempdir().unwrap();
        // Shard one was split in two parts; shard two was not.
        let a1 = write(dir.path(), "a-001.csv", "k,v\na,1\na,2\n");
        let a2 = write(dir.path(), "a-002.csv", "k,v\nc,1\n");
        let b = write(dir.path(), "b.csv", "k,v\nb,1\nd,1\nd,2\n");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let t = merge_table(&[vec![a1.clone(), a2], vec![b]], &out, "m.csv", Some(3)).unwrap();
        let split = t.split().unwrap();
        assert_eq!(split.files, ["m-001.csv", "m-002.csv"]);
        // a (2 rows) and b fill the first part; c would make 4.
        assert_eq!(split.rows, [3, 3]);
        t.finish().unwrap();
        let read = |n: &str| std::fs::read_to_string(out.join(n)).unwrap();
        assert_eq!(read("m-001.csv"), "k,v\na,1\na,2\nb,1\n");
        assert_eq!(read("m-002.csv"), "k,v\nc,1\nd,1\nd,2\n");
        // A part whose header differs is refused.
        let bad = write(dir.path(), "a-003.csv", "x,v\ne,1\n");
        let err = merge_table(&[vec![a1, bad]], &out, "m.csv", None)
            .err()
            .unwrap();
        assert!(err.to_string().contains("header differs"), "{err}");
    }
}
