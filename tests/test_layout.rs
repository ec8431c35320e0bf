//! `sentences.csv` layouts: wide (one row per sentence, the default) and
//! long (one row per sentence × target), through label, shards, merge,
//! resume and the JSONL stream.

use std::io::Write;
use std::process::Stdio;

use crate::workdir::{parse_csv, repo_root, Rows, Workdir};

/// The sentence-level columns both layouts start with.
const SENTENCE: &[&str] = &[
    "article",
    "sentence",
    "paragraph",
    "start",
    "end",
    "speaker",
    "speaker_via",
    "speaker_kind",
    "in_quote",
];

fn label_fixtures(wrk: &Workdir, out: &str, extra: &[&str]) {
    wrk.run(
        wrk.command("label")
            .arg(repo_root().join("fixtures/articles"))
            .args(["--out", out, "--threads", "2", "--no-html"])
            .args(extra),
        0,
    );
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The long rows rebuilt from the wide ones: each wide row gives one row per
/// target, with the long layout's columns.
fn wide_to_long(wide: &Rows) -> Rows {
    let header = &wide[0];
    let text = col(header, "text");
    let targets: Vec<&str> = header[text + 1..]
        .chunks(3)
        .map(|c| c[0].as_str())
        .collect();
    let mut out = Vec::new();
    for row in &wide[1..] {
        for (i, t) in targets.iter().enumerate() {
            let at = text + 1 + 3 * i;
            let mut long: Vec<String> = row[..SENTENCE.len()].to_vec();
            long.push(t.to_string());
            long.extend_from_slice(&row[at..at + 3]);
            long.push(row[text].clone());
            out.push(long);
        }
    }
    out
}

#[test]
fn wide_rows_hold_the_long_rows_side_by_side() {
    let wrk = Workdir::new("layout_wide_long");
    label_fixtures(&wrk, "wide", &[]);
    label_fixtures(&wrk, "long", &["--layout", "long"]);
    let wide = wrk.read_csv("wide/sentences.csv");
    let long = wrk.read_csv("long/sentences.csv");

    let header = &wide[0];
    assert_eq!(header[..SENTENCE.len()], *SENTENCE);
    assert_eq!(header[SENTENCE.len()], "text");
    let targets: Vec<&str> = header[SENTENCE.len() + 1..]
        .chunks(3)
        .map(|c| c[0].as_str())
        .collect();
    assert!(targets.len() >= 2, "{header:?}");
    for (chunk, t) in header[SENTENCE.len() + 1..].chunks(3).zip(&targets) {
        assert_eq!(chunk[1], format!("{t}_confidence"));
        assert_eq!(chunk[2], format!("{t}_evidence"));
    }
    // One row per sentence: no (article, sentence) twice.
    let mut keys: Vec<(&str, &str)> = wide[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n);
    assert_eq!(long.len() - 1, (wide.len() - 1) * targets.len());
    assert_eq!(wide_to_long(&wide), long[1..].to_vec());

    // run.json counts the rows of the file it describes.
    for (dir, rows) in [("wide", &wide), ("long", &long)] {
        let run: serde_json::Value =
            serde_json::from_str(&wrk.read(&format!("{dir}/run.json"))).unwrap();
        assert_eq!(run["sentence_rows"].as_u64(), Some(rows.len() as u64 - 1));
        assert_eq!(run["pipeline"]["report"]["layout"], dir);
    }
    // The other reports do not depend on the layout.
    for f in ["articles.csv", "speakers.csv", "errors.csv"] {
        assert_eq!(
            wrk.read(&format!("wide/{f}")),
            wrk.read(&format!("long/{f}")),
            "{f}"
        );
    }
}

#[test]
fn shards_merge_and_resume_follow_the_layout() {
    let wrk = Workdir::new("layout_shards");
    for layout in ["wide", "long"] {
        let all = format!("{layout}-all");
        label_fixtures(&wrk, &all, &["--layout", layout]);
        let mut parts = Vec::new();
        for i in 1..=2 {
            let part = format!("{layout}-p{i}");
            label_fixtures(
                &wrk,
                &part,
                &["--layout", layout, "--shard", &format!("{i}/2")],
            );
            parts.push(part);
        }
        let merged = format!("{layout}-merged");
        wrk.run(
            wrk.command("merge")
                .args([&parts[0], &parts[1], "--out", &merged]),
            0,
        );
        assert_eq!(
            wrk.read(&format!("{merged}/sentences.csv")),
            wrk.read(&format!("{all}/sentences.csv")),
            "{layout}"
        );
        // Resume: the same layout is complete, the other is a different run.
        let o = wrk.run(
            wrk.command("label")
                .arg(repo_root().join("fixtures/articles"))
                .args(["--out", &parts[0], "--threads", "2", "--no-html"])
                .args(["--layout", layout, "--shard", "1/2", "--resume"]),
            0,
        );
        assert!(String::from_utf8_lossy(&o.stderr).contains("nothing to do"));
        let other = if layout == "wide" { "long" } else { "wide" };
        let o = wrk.run(
            wrk.command("label")
                .arg(repo_root().join("fixtures/articles"))
                .args(["--out", &parts[0], "--threads", "2", "--no-html"])
                .args(["--layout", other, "--shard", "1/2", "--resume"]),
            1,
        );
        assert!(String::from_utf8_lossy(&o.stderr).contains("different"));
    }
    // Shards of different layouts do not merge.
    let o = wrk.run(
        wrk.command("merge")
            .args(["wide-p1", "long-p2", "--out", "mixed"]),
        1,
    );
    assert!(!o.stderr.is_empty());
    assert!(!wrk.path().join("mixed/sentences.csv").exists());
}

fn stream(wrk: &Workdir, args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = wrk
        .command("label")
        .args(["--jsonl", "-"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(out.status.code(), Some(0));
    out.stdout
}

/// JSON objects read back as rows with the CSV header's columns.
fn json_rows(header: &[String], bytes: &[u8]) -> Rows {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
            assert_eq!(keys.len(), header.len(), "{l}");
            header
                .iter()
                .map(|c| match &v[c.as_str()] {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) if c.ends_with("confidence") => {
                        format!("{:.4}", n.as_f64().unwrap())
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_stream_follows_the_layout_as_csv_and_jsonl() {
    let wrk = Workdir::new("layout_stream");
    let mut input = String::new();
    for (i, text) in [
        "Ministers backed the new levy on Monday. Critics called it a blunder.",
        "Talks resumed in Oslo.\n\n“We want a truce,” the envoy said. Troops stayed put.",
    ]
    .iter()
    .enumerate()
    {
        input.push_str(&serde_json::json!({"id": format!("s{i}"), "text": text}).to_string());
        input.push('\n');
    }
    let wide = parse_csv(&stream(&wrk, &[], input.as_bytes()));
    let long = parse_csv(&stream(&wrk, &["--layout", "long"], input.as_bytes()));
    assert_eq!(wide.len(), 6, "one row per sentence: {wide:?}");
    assert_eq!(wide_to_long(&wide), long[1..].to_vec());
    for (rows, layout) in [(&wide, "wide"), (&long, "long")] {
        let json = stream(
            &wrk,
            &["--layout", layout, "--format", "jsonl"],
            input.as_bytes(),
        );
        assert_eq!(json_rows(&rows[0], &json), rows[1..].to_vec(), "{layout}");
    }
}

#[test]
fn a_table_longer_than_a_spreadsheet_is_warned_about() {
    let wrk = Workdir::new("layout_spreadsheet_rows");
    let run = |out: &str, extra: &[&str], limit: &str| {
        let o = wrk.run(
            wrk.command("label")
                .arg(repo_root().join("fixtures/articles"))
                .args(["--out", out, "--threads", "2", "--no-html"])
                .args(extra)
                .env("STANDPOINT_SPREADSHEET_ROWS", limit),
            0,
        );
        let info: serde_json::Value =
            serde_json::from_str(&wrk.read(&format!("{out}/run.json"))).unwrap();
        (String::from_utf8(o.stderr).unwrap(), info)
    };
    // At a limit of exactly its rows, the wide table fits and the long one
    // does not.
    run("wide-count", &[], "1048576");
    let rows = wrk.read_csv("wide-count/sentences.csv").len();
    let limit = rows.to_string();
    let (stderr, info) = run("wide", &[], &limit);
    assert!(info.get("notes").is_none(), "{info}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let (stderr, info) = run("long", &["--layout", "long"], &limit);
    let note = info["notes"][0].as_str().expect("a note in run.json");
    assert!(note.contains("more than the"), "{note}");
    assert!(note.contains("wide layout"), "{note}");
    assert!(stderr.contains(&format!("warning    {note}")), "{stderr}");
    // One row over the limit is enough; plain CSV is not for spreadsheets.
    let (_, info) = run("wide-over", &[], &(rows - 1).to_string());
    assert!(info["notes"][0].as_str().unwrap().contains("--shard"));
    let (_, info) = run("plain", &["--csv", "plain"], &(rows - 1).to_string());
    assert!(info.get("notes").is_none());
}

#[test]
fn merged_shards_warn_for_the_merged_table() {
    let wrk = Workdir::new("layout_merge_rows");
    let label = |out: &str, extra: &[&str], limit: &str| {
        wrk.run(
            wrk.command("label")
                .arg(repo_root().join("fixtures/articles"))
                .args(["--out", out, "--threads", "2", "--no-html"])
                .args(extra)
                .env("STANDPOINT_SPREADSHEET_ROWS", limit),
            0,
        );
    };
    label("all", &[], "1048576");
    let rows = wrk.read_csv("all/sentences.csv").len();
    // Each shard fits in `rows - 1`; the merged table does not.
    let limit = (rows - 1).to_string();
    label("p1", &["--shard", "1/2"], &limit);
    label("p2", &["--shard", "2/2"], &limit);
    for p in ["p1", "p2"] {
        let info: serde_json::Value =
            serde_json::from_str(&wrk.read(&format!("{p}/run.json"))).unwrap();
        assert!(info.get("notes").is_none(), "{p}: {info}");
    }
    let o = wrk.run(
        wrk.command("merge")
            .args(["p1", "p2", "--out", "m"])
            .env("STANDPOINT_SPREADSHEET_ROWS", &limit),
        0,
    );
    let info: serde_json::Value = serde_json::from_str(&wrk.read("m/run.json")).unwrap();
    let note = info["notes"][0]
        .as_str()
        .expect("the merged run is warned about");
    assert!(note.contains(&format!("has {rows} rows")), "{note}");
    assert!(String::from_utf8_lossy(&o.stderr).contains(note));
}
