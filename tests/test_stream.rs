//! `label --jsonl`: JSONL articles on stdin, sentence rows on stdout.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::workdir::{parse_csv, Rows, Workdir};

fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn standpoint");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // Write from another thread so a full stdout pipe can't deadlock us.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait for standpoint");
    writer.join().expect("writer thread").expect("write stdin");
    out
}

fn json_line(id: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "text": text }).to_string()
}

const ARTICLES: &[(&str, &str)] = &[
    (
        "first.txt",
        "Envoys split over sanctions\n\nThe U.S. delegate called for a wider embargo on Tuesday. \
         Two members said talks should come first.\n\n“There is no military answer,” the envoy said.",
    ),
    (
        "second.txt",
        "Talks to resume in Geneva\n\nNegotiators agreed to meet again next week. \
         Officials declined to name a date.",
    ),
    (
        "third.txt",
        "Naval drills draw warnings\n\nThe ministry warned of a firm response. \
         Analysts expect more drills.\n\nA spokesman said the exercises were routine.",
    ),
];

fn stream_input() -> String {
    let mut s = String::new();
    for (i, (id, text)) in ARTICLES.iter().enumerate() {
        s.push_str(&json_line(id, text));
        s.push('\n');
        if i == 0 {
            // Bad lines between good ones: reported, skipped, the rest goes on.
            s.push_str("{\"id\": \"broken\", \"text\": \n");
            s.push('\n'); // blank lines are ignored
            s.push_str("{\"text\": \"no id here\"}\n");
        }
    }
    s
}

#[test]
fn stream_rows_match_batch_rows_and_bad_lines_go_to_stderr() {
    let wrk = Workdir::new("stream_csv");
    for (id, text) in ARTICLES {
        wrk.create(&format!("articles/{id}"), text);
    }
    wrk.run(
        wrk.command("label")
            .args(["articles", "--out", "out", "--csv", "plain"]),
        0,
    );
    let batch = wrk.read_csv("out/sentences.csv");

    let out = run_with_stdin(
        wrk.command("label").args(["--jsonl", "-"]),
        stream_input().as_bytes(),
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "stderr:\n{stderr}");
    let problems: Vec<&str> = stderr.lines().collect();
    assert_eq!(problems.len(), 2, "{stderr}");
    assert!(
        problems[0].starts_with("standpoint: stdin:2: jsonl: "),
        "{stderr}"
    );
    assert!(
        problems[1].starts_with("standpoint: stdin:4: jsonl: ") && problems[1].contains("id"),
        "{stderr}"
    );

    // Plain CSV on stdout by default: no BOM, LF line ends.
    assert!(!out.stdout.starts_with("\u{feff}".as_bytes()));
    assert!(!out.stdout.contains(&b'\r'));
    let streamed = parse_csv(&out.stdout);
    assert!(batch.len() > 8, "{batch:?}");
    assert_eq!(streamed, batch);
}

#[test]
fn stream_output_is_the_same_for_any_thread_count_and_as_jsonl() {
    let wrk = Workdir::new("stream_threads");
    // Enough lines that several are in flight at once.
    let mut input = String::new();
    for i in 0..400 {
        let (_, text) = ARTICLES[i % ARTICLES.len()];
        let extra = " Delegates met again.".repeat(i % 13);
        input.push_str(&json_line(&format!("n{i}"), &format!("{text}{extra}")));
        input.push('\n');
    }
    let mut outputs = Vec::new();
    for threads in ["1", "2", "3"] {
        let out = run_with_stdin(
            wrk.command("label")
                .args(["--jsonl", "-", "--threads", threads]),
            input.as_bytes(),
        );
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stderr.is_empty());
        outputs.push(out.stdout);
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    let csv_rows = parse_csv(&outputs[0]);
    let ids: Vec<&str> = csv_rows[1..].iter().map(|r| r[0].as_str()).collect();
    let mut first_seen: Vec<&str> = ids.clone();
    first_seen.dedup();
    let want: Vec<String> = (0..400).map(|i| format!("n{i}")).collect();
    assert_eq!(first_seen, want, "rows come in input order");

    // The same rows as JSON objects, one per line.
    let out = run_with_stdin(
        wrk.command("label")
            .args(["--jsonl", "-", "--format", "jsonl", "--threads", "2"]),
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    let header = &csv_rows[0];
    let json_rows: Rows = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("one JSON object per line");
            header
                .iter()
                .map(|col| match &v[col.as_str()] {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) if col.ends_with("confidence") => {
                        format!("{:.4}", n.as_f64().unwrap())
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(json_rows, csv_rows[1..].to_vec());
}

#[test]
fn stream_reads_a_file_and_handles_empty_input() {
    let wrk = Workdir::new("stream_file");
    let out = run_with_stdin(wrk.command("label").args(["--jsonl", "-"]), b"");
    assert_eq!(out.status.code(), Some(0));
    let rows = parse_csv(&out.stdout);
    assert_eq!(rows.len(), 1, "header only");
    assert_eq!(rows[0][0], "article");

    wrk.create(
        "in.jsonl",
        format!("{}\n", json_line("only", ARTICLES[1].1)),
    );
    let out = wrk.run(
        wrk.command("label")
            .args(["--jsonl", "in.jsonl", "--csv", "excel"]),
        0,
    );
    assert!(out.stdout.starts_with("\u{feff}article,".as_bytes()));
    let rows = parse_csv(&out.stdout);
    assert!(rows.len() > 1 && rows[1..].iter().all(|r| r[0] == "only"));

    // Stream mode has no output folder and no shards.
    let out = wrk.run(wrk.command("label").args(["--jsonl", "-", "--out", "x"]), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
    let out = wrk.run(
        wrk.command("label")
            .args(["in.jsonl", "--out", "x", "--format", "jsonl"]),
        1,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--jsonl"));
}
