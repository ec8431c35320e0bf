//! `label --jsonl`: articles as JSONL lines in, sentence rows out on stdout.
//!
//! For Spark `RDD.pipe`, Hadoop Streaming and queue workers: lines are read
//! lazily, rows are written in input order as soon as they are ready, and a
//! bad line costs one line on stderr, not the run.

use std::fs::File;
use std::io::{self, BufRead, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Context;
use clap::ValueEnum;
use standpoint_report::{ArticleOutput, CsvProfile, ErrorRow, SentenceTable, TableWriter};

use crate::driver::{Input, Stages};
use crate::sink::{Render, Rendered, Sink};
use crate::Outcome;

/// Row format on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// `sentences.csv` columns, header first.
    Csv,
    /// One JSON object per sentence row, same fields.
    Jsonl,
}

/// Runs `label --jsonl SOURCE`: rows to stdout, problems to stderr.
pub(crate) fn label(
    source: &Path,
    stages: &Stages,
    threads: usize,
    format: Format,
    profile: CsvProfile,
    table: SentenceTable,
) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut sink = StreamSink::new(out, format, profile, table)?;
    let (totals, read_error) = if source == Path::new("-") {
        // StdinLock is not Send; the workers take lines through a BufReader.
        let lines = Lines::new(io::BufReader::with_capacity(1 << 16, io::stdin()), "stdin");
        let slot = lines.error_slot();
        (run_lines(lines, stages, threads, &mut sink)?, slot)
    } else {
        let file =
            File::open(source).with_context(|| format!("{}: cannot open", source.display()))?;
        let lines = Lines::new(
            io::BufReader::with_capacity(1 << 16, file),
            &source.display().to_string(),
        );
        let slot = lines.error_slot();
        (run_lines(lines, stages, threads, &mut sink)?, slot)
    };
    let problems = sink.finish()?;
    if let Some(e) = read_error
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
    {
        return Err(anyhow::Error::new(e).context(format!("{}: read failed", source.display())));
    }
    Ok(if problems > 0 || totals.errors > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn run_lines<R: BufRead + Send>(
    lines: Lines<R>,
    stages: &Stages,
    threads: usize,
    sink: &mut dyn Sink,
) -> anyhow::Result<crate::driver::Totals> {
    crate::driver::run(lines, 0, stages, threads, sink, &mut |_| {})
}

/// Reads JSONL lines lazily. A read error ends the stream and is kept in
/// `error` for the caller to report after the run.
pub(crate) struct Lines<R> {
    reader: R,
    origin: Arc<str>,
    number: usize,
    error: Arc<Mutex<Option<io::Error>>>,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(reader: R, origin: &str) -> Self {
        Lines {
            reader,
            origin: origin.into(),
            number: 0,
            error: Arc::default(),
        }
    }

    /// Where a read error is left.
    pub(crate) fn error_slot(&self) -> Arc<Mutex<Option<io::Error>>> {
        Arc::clone(&self.error)
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        let mut bytes = Vec::new();
        match self.reader.read_until(b'\n', &mut bytes) {
            Ok(0) => None,
            Ok(_) => {
                self.number += 1;
                if bytes.last() == Some(&b'\n') {
                    bytes.pop();
                }
                Some(Input::Line {
                    origin: Arc::clone(&self.origin),
                    number: self.number,
                    bytes,
                })
            }
            Err(e) => {
                *self.error.lock().unwrap_or_else(PoisonError::into_inner) = Some(e);
                None
            }
        }
    }
}

/// Sentence rows to a writer (stdout); problems to stderr, one line each.
pub(crate) struct StreamSink<W: Write> {
    out: W,
    format: Format,
    profile: CsvProfile,
    table: SentenceTable,
    problems: usize,
}

impl<W: Write> StreamSink<W> {
    /// A sink that writes the CSV header (if any) at once, so even an empty
    /// stream gives a well-formed table.
    pub(crate) fn new(
        mut out: W,
        format: Format,
        profile: CsvProfile,
        table: SentenceTable,
    ) -> anyhow::Result<Self> {
        if format == Format::Csv {
            let mut header = TableWriter::new(Vec::new(), profile);
            let names = table.header();
            header.write_header_names(&names.iter().map(String::as_str).collect::<Vec<_>>())?;
            out.write_all(&header.finish()?)?;
        }
        Ok(StreamSink {
            out,
            format,
            profile,
            table,
            problems: 0,
        })
    }

    /// Flushes the output; returns the number of problems reported.
    pub(crate) fn finish(mut self) -> anyhow::Result<usize> {
        self.out.flush()?;
        Ok(self.problems)
    }
}

impl<W: Write> Sink for StreamSink<W> {
    fn renderer(&self) -> Box<dyn Render> {
        Box::new(StreamRender {
            format: self.format,
            profile: self.profile,
            table: self.table.clone(),
        })
    }

    fn article(&mut self, _out: &ArticleOutput, rendered: &Rendered) -> anyhow::Result<()> {
        self.out.write_all(&rendered.sentences)?;
        Ok(())
    }

    fn problem(&mut self, row: &ErrorRow, _is_error: bool) -> anyhow::Result<()> {
        self.problems += 1;
        eprintln!("{}", problem_line(row));
        Ok(())
    }
}

/// `standpoint: stdin:3: jsonl: expected value at line 1 column 1`, on one line.
fn problem_line(row: &ErrorRow) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // The path already carries the line number; the message repeats it.
    let message = row
        .message
        .strip_prefix("line ")
        .map_or(row.message.as_str(), |rest| {
            rest.split_once(": ")
                .map_or(row.message.as_str(), |(_, m)| m)
        });
    format!(
        "standpoint: {}: {}: {}",
        one_line(&row.path),
        row.kind,
        one_line(message)
    )
}

struct StreamRender {
    format: Format,
    profile: CsvProfile,
    table: SentenceTable,
}

impl Render for StreamRender {
    fn render(&self, out: &ArticleOutput) -> anyhow::Result<Rendered> {
        let sentences = match self.format {
            Format::Csv => {
                let mut buf = Vec::with_capacity(out.rows.len() * 256);
                self.table.encode(&out.rows, self.profile, &mut buf);
                buf
            }
            Format::Jsonl => {
                let mut buf = Vec::new();
                self.table.encode_jsonl(&out.rows, &mut buf)?;
                buf
            }
        };
        Ok(Rendered {
            sentences,
            ..Rendered::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_lazy() {
        let data = b"{\"a\":1}\n\nlast";
        let mut lines = Lines::new(&data[..], "stdin");
        let got: Vec<(usize, Vec<u8>)> = lines
            .by_ref()
            .map(|i| match i {
                Input::Line { number, bytes, .. } => (number, bytes),
                Input::File(_) => unreachable!(),
            })
            .collect();
        assert_eq!(
            got,
            [
                (1, b"{\"a\":1}".to_vec()),
                (2, Vec::new()),
                (3, b"last".to_vec())
            ]
        );
        assert!(lines.error_slot().lock().unwrap().is_none());
    }

    #[test]
    fn problems_are_one_line() {
        let row = ErrorRow {
            path: "stdin:7".into(),
            kind: "jsonl".into(),
            message: "line 7: expected `,`\nor `}`".into(),
        };
        assert_eq!(
            problem_line(&row),
            "standpoint: stdin:7: jsonl: expected `,` or `}`"
        );
    }
}
