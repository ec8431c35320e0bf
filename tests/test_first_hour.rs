//! issue 16, "no silent mistakes in the first hour": what a new user gets
//! wrong first (a mistyped path, a folder of HTML or PDF files, `--threads 0`,
//! `inspect` without a model file) is said plainly, before anything is written.

use crate::workdir::{parse_csv, Workdir};

const ARTICLE: &str = "Harbour talks resume\n\n\
    Port officials met the dockworkers' union on Friday. \
    The mayor said new sanctions on the shipping firm would hurt the town.\n";

/// The article count in `run.json` of the reports in `out`.
fn articles(wrk: &Workdir, out: &str) -> u64 {
    let run: serde_json::Value =
        serde_json::from_str(&wrk.read(&format!("{out}/run.json"))).unwrap();
    run["articles"].as_u64().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A mistyped input path: exit 2 with the path named, nothing written, so
/// the corrected rerun into the same folder is not refused.
#[test]
fn missing_input_path_is_an_error_before_anything_is_written() {
    let wrk = Workdir::new("first_hour_missing");
    wrk.create("articles/a.txt", ARTICLE);
    for quiet in [false, true] {
        let mut cmd = wrk.command("label");
        cmd.args(["articels", "--out", "o"]);
        if quiet {
            cmd.arg("-q");
        }
        let out = wrk.run(&mut cmd, 2);
        let err = stderr(&out);
        assert!(
            err.contains("articels: no such file or folder"),
            "quiet={quiet}: {err}"
        );
        assert!(!wrk.path().join("o").exists(), "output folder created");
    }
    // One missing path among good ones still stops the run.
    let out = wrk.run(
        wrk.command("label")
            .args(["articles", "gone.txt", "--out", "o"]),
        2,
    );
    assert!(stderr(&out).contains("gone.txt: no such file or folder"));
    assert!(!wrk.path().join("o").exists());
    // A PDF named on the command line is not read as text.
    wrk.create("scan.PDF", "%PDF-1.4 not really");
    let out = wrk.run(wrk.command("label").args(["scan.PDF", "--out", "o"]), 2);
    assert!(
        stderr(&out).contains("scan.PDF: .pdf files are not read: convert it to text first"),
        "{}",
        stderr(&out)
    );
    assert!(!wrk.path().join("o").exists());
    wrk.run(
        wrk.command("label").args(["articles", "--out", "o", "-q"]),
        0,
    );
    assert_eq!(articles(&wrk, "o"), 1);
}

/// A folder of files with no selected extension: what was looked for, what
/// was seen (counts per extension), `--ext html`, and that PDF and DOCX are
/// not read. Exit 2, nothing written.
#[test]
fn folder_without_selected_files_says_what_it_saw() {
    let wrk = Workdir::new("first_hour_ext");
    for i in 0..3 {
        wrk.create(
            &format!("site/page{i}.html"),
            "<html><body><p>The council met.</p></body></html>",
        );
    }
    wrk.create("site/old/scan.pdf", "%PDF-1.4 not really");
    wrk.create("site/old/memo.docx", "PK not really");
    let out = wrk.run(wrk.command("label").args(["site", "--out", "o", "-q"]), 2);
    let err = stderr(&out);
    assert!(
        err.contains("looked for .txt, .md files (--ext txt,md)"),
        "{err}"
    );
    assert!(err.contains("found 3 .html, 1 .docx, 1 .pdf"), "{err}");
    assert!(err.contains("--ext html"), "{err}");
    assert!(
        err.contains(".docx and .pdf files are not read: convert them to text first"),
        "{err}"
    );
    assert!(!wrk.path().join("o").exists());
    // Following the hint works.
    wrk.run(
        wrk.command("label")
            .args(["site", "--out", "o", "-q", "--ext", "html"]),
        0,
    );
    assert_eq!(articles(&wrk, "o"), 3);
    // An empty folder says it holds no files.
    std::fs::create_dir(wrk.path().join("empty")).unwrap();
    let out = wrk.run(wrk.command("label").args(["empty", "--out", "e"]), 2);
    assert!(
        stderr(&out).contains("the folders hold no files"),
        "{}",
        stderr(&out)
    );
}

/// `--threads 0` means all cores, for every subcommand that has `--threads`,
/// and gives the same reports as one thread.
#[test]
fn threads_zero_means_all_cores() {
    let wrk = Workdir::new("first_hour_threads");
    wrk.create("articles/a.txt", ARTICLE);
    wrk.create("articles/b.txt", ARTICLE.replace("Friday", "Monday"));
    for (out, threads) in [("all", "0"), ("one", "1")] {
        wrk.run(
            wrk.command("label")
                .args(["articles", "--out", out, "--threads", threads, "-q"]),
            0,
        );
    }
    assert_eq!(wrk.read("all/sentences.csv"), wrk.read("one/sentences.csv"));
    let run: serde_json::Value = serde_json::from_str(&wrk.read("all/run.json")).unwrap();
    assert!(run["threads"].as_u64().unwrap() >= 1, "{run}");
    wrk.run(
        wrk.command("sample")
            .args(["articles", "--target", "sanctions", "--n", "5"])
            .args(["--out", "s.csv", "--threads", "0", "--quiet"]),
        0,
    );
    for sub in ["label", "sample"] {
        let out = wrk.run(wrk.command(sub).arg("--help"), 0);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("0 means all cores"), "{sub}: {help}");
    }
}

/// `inspect default` (and `inspect` alone) reads the embedded model.
#[test]
fn inspect_default_reads_the_embedded_model() {
    let wrk = Workdir::new("first_hour_inspect");
    let named = wrk.run(wrk.command("inspect").args(["default", "--top", "2"]), 0);
    let rows = parse_csv(&named.stdout);
    assert_eq!(
        rows[0],
        ["model", "target", "label", "rank", "feature", "weight"]
    );
    let targets: std::collections::BTreeSet<&str> =
        rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert!(targets.contains("sanctions"), "{rows:?}");
    let bare = wrk.run(wrk.command("inspect").args(["--top", "2"]), 0);
    assert_eq!(bare.stdout, named.stdout);
    // Any other name is still a file.
    let out = wrk.run(wrk.command("inspect").arg("nomodel.json"), 1);
    assert!(stderr(&out).contains("nomodel.json: cannot read model"));
}

/// The header and the rows of fixtures/train/stance.csv whose 0-based
/// index `keep` accepts, as CSV.
fn stance_rows(keep: impl Fn(usize) -> bool) -> Vec<u8> {
    let rows = parse_csv(
        &std::fs::read(crate::workdir::repo_root().join("fixtures/train/stance.csv")).unwrap(),
    );
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&rows[0]).unwrap();
    for (i, r) in rows[1..].iter().enumerate() {
        if keep(i) {
            w.write_record(r).unwrap();
        }
    }
    w.into_inner().unwrap()
}

/// `eval` says where it wrote confusion.csv.
#[test]
fn eval_says_where_confusion_csv_went() {
    let wrk = Workdir::new("first_hour_eval");
    wrk.create("small.csv", stance_rows(|i| i % 8 == 0));
    let out = wrk.run(wrk.command("eval").args(["--folds", "3", "small.csv"]), 0);
    assert!(wrk.path().join("confusion.csv").exists());
    assert!(
        stderr(&out).contains("confusion matrix written to confusion.csv"),
        "{}",
        stderr(&out)
    );
}

/// `eval --predictions` lists every test row with its gold and predicted
/// label, and the predicted labels score to the printed accuracy.
#[test]
fn eval_writes_the_predictions_of_every_test_row() {
    let wrk = Workdir::new("first_hour_eval_predictions");
    wrk.create("train.csv", stance_rows(|i| (1..=4).contains(&(i % 16))));
    wrk.create("test.csv", stance_rows(|i| i % 16 == 0));
    let out = wrk.run(
        wrk.command("eval").args([
            "--train",
            "train.csv",
            "--test",
            "test.csv",
            "--predictions",
            "pred.csv",
            "--json",
            "ev.json",
        ]),
        0,
    );
    assert!(stderr(&out).contains("predictions written to pred.csv"));
    let pred = wrk.read_csv("pred.csv");
    let test = wrk.read_csv("test.csv");
    assert_eq!(
        pred[0],
        [
            "row",
            "text",
            "target",
            "gold",
            "predicted",
            "confidence",
            "evidence"
        ]
    );
    assert_eq!(pred.len(), test.len());
    let right = pred[1..].iter().filter(|r| r[3] == r[4]).count();
    for (p, t) in pred[1..].iter().zip(&test[1..]) {
        assert_eq!((&p[1], &p[2], &p[3]), (&t[0], &t[1], &t[2]));
        let c: f64 = p[5].parse().unwrap();
        assert!((0.0..=1.0).contains(&c) && !p[6].is_empty(), "{p:?}");
    }
    let ev: serde_json::Value = serde_json::from_str(&wrk.read("ev.json")).unwrap();
    let accuracy = ev["accuracy"].as_f64().unwrap();
    assert!((accuracy - right as f64 / (pred.len() - 1) as f64).abs() < 1e-6);
}

/// `sentence` and `paragraph` count from 1, as people count, in the CSV, the
/// JSONL stream and the HTML tooltips alike.
#[test]
fn sentences_and_paragraphs_count_from_one_everywhere() {
    let wrk = Workdir::new("first_hour_numbering");
    wrk.create(
        "in/a.txt",
        "Ferry fares rise\n\nThe ferry company raised fares. Passengers complained.\n\n\
         The mayor called for talks.\n",
    );
    wrk.run(wrk.command("label").args(["in", "--out", "out", "-q"]), 0);
    let rows = parse_csv(wrk.read("out/sentences.csv").as_bytes());
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let (s, p, t) = (col("sentence"), col("paragraph"), col("text"));
    let numbered: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[s].as_str(), r[p].as_str(), r[t].as_str()))
        .collect();
    assert_eq!(numbered[0].0, "1", "{numbered:?}");
    assert_eq!(numbered[0].1, "1", "{numbered:?}");
    let mayor = numbered
        .iter()
        .find(|r| r.2.starts_with("The mayor"))
        .unwrap();
    assert_eq!(
        (mayor.0, mayor.1),
        (
            numbered.len().to_string().as_str(),
            numbered.last().unwrap().1
        )
    );
    let passengers = numbered
        .iter()
        .find(|r| r.2 == "Passengers complained.")
        .unwrap();
    assert_ne!(passengers.1, mayor.1, "two paragraphs: {numbered:?}");
    // The HTML tooltip shows the same numbers as the CSV.
    let html = wrk.read("out/report.html");
    assert!(
        html.contains(&format!(
            "<b>Sentence {}</b>, paragraph {}",
            mayor.0, mayor.1
        )),
        "no tooltip for sentence {} paragraph {}",
        mayor.0,
        mayor.1
    );
    assert!(html.contains("<b>Sentence 1</b>, paragraph 1"));
    assert!(!html.contains("<b>Sentence 0</b>"));
    // The JSONL stream too.
    let mut cmd = wrk.command("label");
    cmd.args(["--jsonl", "lines.jsonl", "--format", "jsonl"]);
    wrk.create(
        "lines.jsonl",
        "{\"id\":\"x\",\"text\":\"One here. Two here.\\n\\nThree here.\"}\n",
    );
    let out = wrk.run(&mut cmd, 0);
    let got: Vec<(u64, u64)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["sentence"].as_u64().unwrap(),
                v["paragraph"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [(1, 1), (2, 1), (3, 2)]);
}
