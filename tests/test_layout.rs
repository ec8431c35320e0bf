//! `sentences.csv` layouts: wide (one row per sentence, the default) and
//! long (one row per sentence × target), through label, shards, merge,
//! resume and the JSONL stream.

use std::io::Write;
use std::process::Stdio;

use crate::workdir::{parse_csv, repo_root, Rows, Workdir, SENTENCE_COLUMNS as SENTENCE};

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

/// Labels the fixtures into `out` with a spreadsheet row limit of `limit`.
fn label_with_limit(wrk: &Workdir, out: &str, extra: &[&str], limit: usize) -> String {
    let o = wrk.run(
        wrk.command("label")
            .arg(repo_root().join("fixtures/articles"))
            .args(["--out", out, "--threads", "2", "--no-html"])
            .args(extra)
            .env("STANDPOINT_SPREADSHEET_ROWS", limit.to_string()),
        0,
    );
    String::from_utf8(o.stderr).unwrap()
}

fn run_json(wrk: &Workdir, dir: &str) -> serde_json::Value {
    serde_json::from_str(&wrk.read(&format!("{dir}/run.json"))).unwrap()
}

/// The parts of `table` in `dir` as run.json lists them, or the table itself.
fn table_files(wrk: &Workdir, dir: &str, table: &str) -> Vec<String> {
    let info = run_json(wrk, dir);
    let listed = info["parts"].as_array().and_then(|parts| {
        parts
            .iter()
            .find(|p| p["table"] == table)
            .map(|p| p["files"].as_array().unwrap().clone())
    });
    match listed {
        Some(files) => files
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect(),
        None => vec![table.to_string()],
    }
}

/// A limit that splits the sentence table of `dir` in about three parts,
/// with room for its longest article.
fn limit_for(wrk: &Workdir, dir: &str) -> usize {
    let rows = wrk.read_csv(&format!("{dir}/sentences.csv"));
    let mut per_article: std::collections::BTreeMap<&str, usize> = Default::default();
    for r in &rows[1..] {
        *per_article.entry(r[0].as_str()).or_default() += 1;
    }
    let longest = per_article.values().copied().max().unwrap();
    longest.max((rows.len() - 1) / 3) + 1
}

/// Checks the parts of `table` in `dir` against the same table unsplit in
/// `whole`: each part has the BOM and header and at most `limit` rows, no
/// article spans two parts, and together they hold the whole table's rows.
fn check_parts(wrk: &Workdir, dir: &str, whole: &str, table: &str, limit: usize) -> usize {
    let files = table_files(wrk, dir, table);
    let stem = table.trim_end_matches(".csv");
    let want: Vec<String> = (1..=files.len())
        .map(|i| format!("{stem}-{i:03}.csv"))
        .collect();
    assert_eq!(files, want, "{dir}/{table}");
    assert!(!wrk.path().join(dir).join(table).exists(), "{dir}/{table}");
    let whole_rows = wrk.read_csv(&format!("{whole}/{table}"));
    let header_bytes: Vec<u8> = wrk
        .read(&format!("{whole}/{table}"))
        .lines()
        .next()
        .unwrap()
        .bytes()
        .collect();
    let mut all: Rows = vec![whole_rows[0].clone()];
    let mut seen_in: std::collections::BTreeMap<String, usize> = Default::default();
    for (i, f) in files.iter().enumerate() {
        let text = wrk.read(&format!("{dir}/{f}"));
        assert!(text.starts_with('\u{feff}'), "{f}: no BOM");
        assert!(text.as_bytes().starts_with(&header_bytes), "{f}: header");
        let rows = wrk.read_csv(&format!("{dir}/{f}"));
        assert_eq!(rows[0], whole_rows[0], "{f}: header");
        assert!(
            rows.len() <= limit,
            "{f}: {} rows over the limit {limit}",
            rows.len()
        );
        for r in &rows[1..] {
            let first = *seen_in.entry(r[0].clone()).or_insert(i);
            assert_eq!(first, i, "{} spans two parts of {table}", r[0]);
        }
        all.extend(rows.into_iter().skip(1));
    }
    crate::assert_rows_eq!(all, whole_rows);
    files.len()
}

#[test]
fn an_excel_table_too_long_for_a_spreadsheet_is_split_between_articles() {
    let wrk = Workdir::new("layout_parts");
    for layout in ["wide", "long"] {
        let whole = format!("{layout}-whole");
        let plain = format!("{layout}-plain");
        let parts = format!("{layout}-parts");
        label_with_limit(&wrk, &whole, &["--layout", layout], 1_048_576);
        let limit = limit_for(&wrk, &whole);
        // Plain CSV is for pipelines: one file whatever its length.
        label_with_limit(&wrk, &plain, &["--layout", layout, "--csv", "plain"], limit);
        assert!(run_json(&wrk, &plain).get("parts").is_none());
        assert!(run_json(&wrk, &plain).get("notes").is_none());
        let plain_rows = wrk.read_csv(&format!("{plain}/sentences.csv"));
        assert!(
            plain_rows.len() > limit,
            "{layout}: the plain table is one file"
        );

        let stderr = label_with_limit(&wrk, &parts, &["--layout", layout], limit);
        let n = check_parts(&wrk, &parts, &whole, "sentences.csv", limit);
        assert!(n >= 2, "{layout}: {n} parts");
        // Row totals equal the unsplit plain run.
        let info = run_json(&wrk, &parts);
        let listed = info["parts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["table"] == "sentences.csv")
            .unwrap();
        let total: u64 = listed["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_u64().unwrap())
            .sum();
        assert_eq!(total as usize, plain_rows.len() - 1, "{layout}");
        assert_eq!(info["sentence_rows"].as_u64(), Some(total));
        // The summary and run.json say so.
        let note = info["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .find(|n| n.starts_with("sentences.csv"))
            .expect("a note about the parts");
        assert!(
            note.contains(&format!(
                "{n} parts, sentences-001.csv to sentences-{n:03}.csv"
            )),
            "{note}"
        );
        assert!(stderr.contains(note), "{stderr}");
        // The other tables split by the same rule, when they are that long.
        for table in ["articles.csv", "speakers.csv", "errors.csv"] {
            if table_files(&wrk, &parts, table).len() > 1 {
                check_parts(&wrk, &parts, &whole, table, limit);
            } else {
                assert_eq!(
                    wrk.read(&format!("{parts}/{table}")),
                    wrk.read(&format!("{whole}/{table}"))
                );
            }
        }
        // A rerun that fits replaces the parts with one file.
        wrk.run(
            wrk.command("label")
                .arg(repo_root().join("fixtures/articles"))
                .args(["--out", &parts, "--threads", "2", "--no-html", "--force"])
                .args(["--layout", layout]),
            0,
        );
        assert_eq!(
            table_files(&wrk, &parts, "sentences.csv"),
            ["sentences.csv"]
        );
        assert!(!wrk.path().join(&parts).join("sentences-001.csv").exists());
        assert_eq!(
            wrk.read(&format!("{parts}/sentences.csv")),
            wrk.read(&format!("{whole}/sentences.csv"))
        );
    }
}

#[test]
fn split_shards_resume_and_merge_into_the_parts_of_one_run() {
    let wrk = Workdir::new("layout_merge_parts");
    label_with_limit(&wrk, "whole", &[], 1_048_576);
    let limit = limit_for(&wrk, "whole");
    label_with_limit(&wrk, "single", &[], limit);
    assert!(table_files(&wrk, "single", "sentences.csv").len() >= 2);
    for i in 1..=2 {
        let shard = format!("{i}/2");
        label_with_limit(&wrk, &format!("p{i}"), &["--shard", &shard], limit / 2 + 1);
        // A split shard is complete for --resume.
        let stderr = label_with_limit(
            &wrk,
            &format!("p{i}"),
            &["--shard", &shard, "--resume"],
            limit / 2 + 1,
        );
        assert!(stderr.contains("nothing to do"), "{stderr}");
    }
    assert!(
        table_files(&wrk, "p1", "sentences.csv").len()
            + table_files(&wrk, "p2", "sentences.csv").len()
            > 2,
        "the shards should be split too"
    );
    // Merged with the same limit: the very parts of the single run.
    let o = wrk.run(
        wrk.command("merge")
            .args(["p1", "p2", "--out", "m"])
            .env("STANDPOINT_SPREADSHEET_ROWS", limit.to_string()),
        0,
    );
    let files = table_files(&wrk, "m", "sentences.csv");
    assert_eq!(files, table_files(&wrk, "single", "sentences.csv"));
    for f in &files {
        assert_eq!(
            wrk.read(&format!("m/{f}")),
            wrk.read(&format!("single/{f}")),
            "{f}"
        );
    }
    let note = run_json(&wrk, "m")["notes"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(note.contains("parts"), "{note}");
    assert!(String::from_utf8_lossy(&o.stderr).contains(&note));
    // Merged without a limit: one file, as the unsplit run wrote it.
    wrk.run(wrk.command("merge").args(["p1", "p2", "--out", "m1"]), 0);
    assert_eq!(
        wrk.read("m1/sentences.csv"),
        wrk.read("whole/sentences.csv")
    );
    assert!(run_json(&wrk, "m1").get("parts").is_none());
}
