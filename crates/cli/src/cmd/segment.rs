//! `standpoint segment`: sentences of plain text, or spans for JSONL.

use std::io::{BufRead, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use standpoint_segment::{load_abbreviations, Segmenter};

use crate::driver::CharOffsets;
use crate::Outcome;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Input file, or `-` for standard input.
    #[arg(default_value = "-")]
    input: PathBuf,
    /// Read `{"id","text"}` lines and write `{"id","spans"}` lines (code-point offsets).
    #[arg(long)]
    jsonl: bool,
    /// Extra abbreviations, one per line: `Amb. [prefix|numeric|plain|final|time]`
    /// (`#` comments; lowercase entries match any case, others only as written).
    #[arg(long)]
    abbreviations: Option<PathBuf>,
}

/// An input record: `text` plus an `id` and/or `doc_id` (as in gold SBD files).
#[derive(serde::Deserialize)]
struct InLine {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    doc_id: Option<serde_json::Value>,
    text: String,
}

/// An output record echoes the input's keys; without any, `index` is the
/// 0-based record number (blank lines are not records).
#[derive(serde::Serialize)]
struct OutLine<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_id: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
    spans: Vec<[usize; 2]>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let mut seg = Segmenter::new();
    if let Some(p) = &args.abbreviations {
        seg = seg.with_abbreviations(load_abbreviations(p)?);
    }
    let input: Box<dyn Read> = if args.input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&args.input)
                .with_context(|| format!("{}: cannot open", args.input.display()))?,
        )
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.jsonl {
        let mut records = 0usize;
        for (n, line) in std::io::BufReader::new(input).lines().enumerate() {
            let line = line.with_context(|| format!("{}: read error", args.input.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let rec: InLine = serde_json::from_str(&line).with_context(|| {
                format!(
                    "{}:{}: not a {{\"id\",\"text\"}} object",
                    args.input.display(),
                    n + 1
                )
            })?;
            let mut chars = CharOffsets::new(&rec.text);
            let spans = seg
                .segment(&rec.text)
                .iter()
                .map(|s| [chars.at(s.start), chars.at(s.end)])
                .collect();
            let keyless = rec.id.is_none() && rec.doc_id.is_none();
            let line = OutLine {
                id: rec.id.as_ref(),
                doc_id: rec.doc_id.as_ref(),
                index: keyless.then_some(records),
                spans,
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
            records += 1;
        }
    } else {
        let mut text = String::new();
        let mut input = input;
        input
            .read_to_string(&mut text)
            .with_context(|| format!("{}: not UTF-8 text", args.input.display()))?;
        for s in seg.segment(&text) {
            let mut first = true;
            for word in text[s.start..s.end].split_whitespace() {
                if !first {
                    out.write_all(b" ")?;
                }
                out.write_all(word.as_bytes())?;
                first = false;
            }
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(Outcome::Ok)
}
