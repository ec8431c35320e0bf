//! `standpoint merge`: the reports of the N shards of one job into one folder.
//!
//! Checks that the folders are shards 1..N of the same inputs, model and
//! options and that each finished, then merges every CSV report by its first
//! column (article or path), streaming: rows of one shard keep their order
//! and are copied byte for byte. For file inputs this gives exactly the
//! reports of a single unsharded run.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use standpoint_report::{guard_cell, RunInfo, SentenceLayout, StageSeconds};

use crate::Outcome;

/// The CSV reports, merged row by row.
const TABLES: &[&str] = &[
    "sentences.csv",
    "articles.csv",
    "speakers.csv",
    "errors.csv",
];

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The shards' output folders (each made by `label --shard I/N`).
    #[arg(required = true)]
    shards: Vec<PathBuf>,
    /// Folder for the merged reports.
    #[arg(long)]
    out: PathBuf,
    /// Overwrite reports already in --out.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let infos = check_shards(&args.shards)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("{}: cannot create output folder", args.out.display()))?;
    if !args.force {
        let existing: Vec<&str> = TABLES
            .iter()
            .chain(&["run.json"])
            .copied()
            .filter(|r| args.out.join(r).exists())
            .collect();
        if !existing.is_empty() {
            bail!(
                "{}: already holds reports ({}); use --force to overwrite",
                args.out.display(),
                existing.join(", ")
            );
        }
    }
    for table in TABLES {
        let inputs: Vec<PathBuf> = args.shards.iter().map(|d| d.join(table)).collect();
        let tmp = args
            .out
            .join(format!(".{table}.merge-{}", std::process::id()));
        let merged = merge_table(&inputs, &tmp).and_then(|()| {
            std::fs::rename(&tmp, args.out.join(table))
                .with_context(|| format!("{}: cannot write", args.out.join(table).display()))
        });
        if let Err(e) = merged {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    }
    let mut info = combined(&infos);
    // The merged table is longer than any shard's: warn for it, not for them.
    let report = &info.pipeline["report"];
    let layout = if report["layout"] == "wide" {
        SentenceLayout::Wide
    } else {
        SentenceLayout::Long
    };
    info.notes =
        crate::output::spreadsheet_notes(report["csv"] == "excel", info.sentence_rows, layout);
    for note in &info.notes {
        eprintln!("standpoint: warning: {note}");
    }
    let json = serde_json::to_string_pretty(&info)? + "\n";
    std::fs::write(args.out.join("run.json"), json)
        .with_context(|| format!("{}: cannot write run.json", args.out.display()))?;
    eprintln!(
        "standpoint: merged {} shards: {} articles, {} sentences, {} errors; reports in {}",
        infos.len(),
        info.articles,
        info.sentences,
        info.errors,
        args.out.display()
    );
    Ok(if info.errors > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

/// Reads every shard's run.json and checks they are shards 1..N of one job,
/// each with all its reports.
fn check_shards(dirs: &[PathBuf]) -> anyhow::Result<Vec<RunInfo>> {
    let mut infos = Vec::new();
    for dir in dirs {
        let path = dir.join("run.json");
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "{}: no run.json: not a finished `label` output",
                dir.display()
            )
        })?;
        let info: RunInfo = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a standpoint run.json", path.display()))?;
        for table in TABLES {
            if !dir.join(table).is_file() {
                bail!("{}: {table} is missing", dir.display());
            }
        }
        infos.push(info);
    }
    let first = &infos[0];
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
            bail!(
                "{} and {} are not shards of the same job (inputs, model, options or shard count differ)",
                dirs[0].display(),
                dir.display()
            );
        }
        if let Some(other) = seen[index - 1].replace(dir) {
            bail!(
                "{} and {} are both shard {index}/{count}",
                other.display(),
                dir.display()
            );
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|i| seen[i - 1].is_none())
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        bail!("missing shards: {}", missing.join(", "));
    }
    Ok(infos)
}

fn shard_of(info: &RunInfo, dir: &Path) -> anyhow::Result<(usize, usize)> {
    let parsed = info.shard.split_once('/').and_then(|(i, n)| {
        let (i, n) = (i.parse::<usize>().ok()?, n.parse::<usize>().ok()?);
        (1..=n).contains(&i).then_some((i, n))
    });
    parsed.with_context(|| {
        format!(
            "{}: run.json has no shard (made by an older standpoint?)",
            dir.display()
        )
    })
}

/// The merged run.json: counts and stage seconds summed, shard 1/1.
fn combined(infos: &[RunInfo]) -> RunInfo {
    let mut out = RunInfo {
        shard: "1/1".into(),
        seconds: StageSeconds::default(),
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

/// One CSV file read record by record, raw bytes kept.
struct Records {
    reader: BufReader<File>,
    path: PathBuf,
}

impl Records {
    fn open(path: &Path) -> anyhow::Result<Self> {
        let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
        Ok(Records {
            reader: BufReader::with_capacity(1 << 16, file),
            path: path.to_path_buf(),
        })
    }

    /// The next record with its line ending, or `None` at the end. A record
    /// ends at a newline outside quotes (cells may hold newlines).
    fn next(&mut self) -> anyhow::Result<Option<Vec<u8>>> {
        let mut record = Vec::new();
        let mut quotes = 0usize;
        loop {
            let start = record.len();
            let n = self
                .reader
                .read_until(b'\n', &mut record)
                .with_context(|| format!("{}: read failed", self.path.display()))?;
            if n == 0 {
                if record.is_empty() {
                    return Ok(None);
                }
                bail!("{}: ends inside a quoted cell", self.path.display());
            }
            quotes += record[start..].iter().filter(|&&b| b == b'"').count();
            if quotes % 2 == 0 {
                return Ok(Some(record));
            }
        }
    }
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

/// Merges CSV files (same header, each sorted by its first cell in blocks)
/// into `dest`: the first file's header, then all rows by first cell, ties
/// in file order, each file's own order kept.
fn merge_table(inputs: &[PathBuf], dest: &Path) -> anyhow::Result<()> {
    let mut readers = inputs
        .iter()
        .map(|p| Records::open(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut header: Option<Vec<u8>> = None;
    for (r, path) in readers.iter_mut().zip(inputs) {
        let h = r
            .next()?
            .with_context(|| format!("{}: empty file, no header", path.display()))?;
        match &header {
            None => header = Some(h),
            Some(first) if *first != h => {
                bail!(
                    "{}: header differs from {}",
                    path.display(),
                    inputs[0].display()
                )
            }
            Some(_) => {}
        }
    }
    let file = File::create(dest).with_context(|| format!("{}: cannot create", dest.display()))?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    out.write_all(header.as_deref().unwrap_or_default())?;
    // Heads of every file: (key, file index) → that file's current record.
    let mut heads: Vec<Option<Vec<u8>>> = Vec::with_capacity(readers.len());
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        let rec = r.next()?;
        if let Some(rec) = &rec {
            heap.push(Reverse((first_cell(rec), i)));
        }
        heads.push(rec);
    }
    while let Some(Reverse((_, i))) = heap.pop() {
        if let Some(rec) = heads[i].take() {
            out.write_all(&rec)?;
        }
        if let Some(rec) = readers[i].next()? {
            heap.push(Reverse((first_cell(&rec), i)));
            heads[i] = Some(rec);
        }
    }
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(())
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

    #[test]
    fn merges_by_first_cell_keeping_blocks_and_multiline_cells() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, s: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, s).unwrap();
            p
        };
        let a = write("a.csv", "k,v\na,1\na,\"two\nlines\"\nc,3\n");
        let b = write("b.csv", "k,v\nb,1\nd,\"x,\"\"y\"\"\"\n");
        let dest = dir.path().join("m.csv");
        merge_table(&[a.clone(), b], &dest).unwrap();
        assert_eq!(
            std::fs::read_to_string(&dest).unwrap(),
            "k,v\na,1\na,\"two\nlines\"\nb,1\nc,3\nd,\"x,\"\"y\"\"\"\n"
        );
        let other = write("o.csv", "x,v\n");
        let err = merge_table(&[a, other], &dest).unwrap_err();
        assert!(err.to_string().contains("header differs"), "{err}");
    }
}
