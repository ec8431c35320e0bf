use crate::workdir::{parse_csv, repo_root, Rows, Workdir, LONG_COLUMNS, SENTENCE_COLUMNS};

fn header(rows: &Rows) -> Vec<&str> {
    rows[0].iter().map(String::as_str).collect()
}

fn small_corpus(wrk: &Workdir) {
    wrk.create(
        "articles/a.txt",
        "Council splits over sanctions\n\nUNITED NATIONS — The U.S. ambassador demanded tougher sanctions on Monday. \
         Russia said talks were the only way.\n\n“We will not accept a military solution,” the envoy said.\n",
    );
    wrk.create(
        "articles/sub/b.md",
        "# Talks resume\n\nNegotiators met in Geneva. Both sides called the meeting useful.\n",
    );
    wrk.create("articles/ignored.csv", "not,an,article\n");
}

#[test]
fn label_writes_all_reports_with_exact_columns() {
    let wrk = Workdir::new("label_columns");
    small_corpus(&wrk);
    wrk.run(
        wrk.command("label").args([
            "articles",
            "--out",
            "out",
            "--threads",
            "2",
            "--layout",
            "long",
        ]),
        0,
    );
    let sentences = wrk.read_csv("out/sentences.csv");
    assert_eq!(
        header(&sentences),
        [SENTENCE_COLUMNS, LONG_COLUMNS].concat()
    );
    assert_eq!(
        header(&wrk.read_csv("out/articles.csv")),
        [
            "article",
            "title",
            "encoding",
            "target",
            "label",
            "sentences",
            "share",
            "mean_confidence"
        ]
    );
    assert_eq!(
        header(&wrk.read_csv("out/speakers.csv")),
        [
            "article",
            "speaker",
            "speaker_kind",
            "target",
            "label",
            "sentences"
        ]
    );
    assert_eq!(
        header(&wrk.read_csv("out/errors.csv")),
        ["path", "kind", "message"]
    );
    assert_eq!(
        wrk.read_csv("out/errors.csv").len(),
        1,
        "no errors expected"
    );

    // Articles in sorted relative-path order, sentence rows in order, csv files skipped.
    let articles: Vec<&str> = sentences[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(
        articles.iter().all(|a| *a == "a.txt" || *a == "sub/b.md"),
        "{articles:?}"
    );
    assert_eq!(articles.first(), Some(&"a.txt"));
    assert_eq!(articles.last(), Some(&"sub/b.md"));

    // Offsets are code points into the decoded text and match the text column.
    let source: Vec<char> = wrk.read("articles/a.txt").chars().collect();
    for r in sentences[1..].iter().filter(|r| r[0] == "a.txt") {
        let (s, e): (usize, usize) = (r[3].parse().unwrap(), r[4].parse().unwrap());
        assert_eq!(source[s..e].iter().collect::<String>(), r[13]);
        let conf: f64 = r[11].parse().unwrap();
        assert!((0.0..=1.0).contains(&conf));
    }

    let run: serde_json::Value = serde_json::from_str(&wrk.read("out/run.json")).unwrap();
    assert_eq!(run["articles"], 2);
    assert_eq!(run["inputs"], 2);
    assert!(run["model_hash"].as_str().unwrap().len() >= 16);
}

#[test]
fn label_is_byte_identical_for_any_thread_count() {
    let wrk = Workdir::new("label_determinism");
    let fixtures = repo_root().join("fixtures/articles");
    let mut outputs = Vec::new();
    for threads in ["1", "2", "7"] {
        let out = format!("out{threads}");
        wrk.run(
            wrk.command("label")
                .arg(&fixtures)
                .args(["--out", &out, "--threads", threads]),
            0,
        );
        let files: Vec<Vec<u8>> = [
            "sentences.csv",
            "articles.csv",
            "speakers.csv",
            "errors.csv",
        ]
        .iter()
        .map(|f| std::fs::read(wrk.path().join(&out).join(f)).unwrap())
        .collect();
        outputs.push(files);
    }
    assert!(
        parse_csv(&outputs[0][0]).len() > 50,
        "fixtures should give many sentence rows"
    );
    assert_eq!(outputs[0], outputs[1], "1 vs 2 threads");
    assert_eq!(outputs[0], outputs[2], "1 vs 7 threads");
}

#[test]
fn label_refuses_to_overwrite_without_force() {
    let wrk = Workdir::new("label_force");
    small_corpus(&wrk);
    wrk.run(wrk.command("label").args(["articles", "--out", "out"]), 0);
    let out = wrk.run(wrk.command("label").args(["articles", "--out", "out"]), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    wrk.run(
        wrk.command("label")
            .args(["articles", "--out", "out", "--force"]),
        0,
    );
}

#[test]
fn label_unreadable_file_becomes_error_row_and_exit_2() {
    let wrk = Workdir::new("label_error_row");
    small_corpus(&wrk);
    wrk.create("articles/empty.txt", "");
    wrk.run(wrk.command("label").args(["articles", "--out", "out"]), 2);
    let errors = wrk.read_csv("out/errors.csv");
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[1][0], "empty.txt");
    assert_eq!(errors[1][1], "empty");
    // The good articles are still fully reported.
    let sentences = wrk.read_csv("out/sentences.csv");
    assert!(sentences[1..].iter().any(|r| r[0] == "sub/b.md"));
}

#[test]
fn usage_error_exits_1() {
    let wrk = Workdir::new("usage");
    wrk.run(&mut wrk.command("label"), 1);
    wrk.run(
        wrk.command("label")
            .args(["in", "--out", "out", "--min-confidence", "2"]),
        1,
    );
}

/// issue 15: `label --target T --terms ...` labels toward that target only,
/// one the model was not trained on included.
#[test]
fn label_toward_an_unseen_target_with_terms() {
    let wrk = Workdir::new("label_unseen_target");
    wrk.create(
        "articles/a.txt",
        "Lawmakers debated the minimum wage on Tuesday. \
         Unions urged a higher minimum wage. The session closed at noon.\n",
    );
    wrk.run(
        wrk.command("label").args([
            "articles",
            "--out",
            "out",
            "--target",
            "labour pay",
            "--terms",
            "minimum wage|pay floor",
        ]),
        0,
    );
    let rows = wrk.read_csv("out/sentences.csv");
    // One row per sentence, with the target's own columns (and no others).
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows[0].iter().any(|c| c == "labour pay"), "{:?}", rows[0]);
    assert!(!rows[0].iter().any(|c| c == "sanctions"), "{:?}", rows[0]);
    let evidence = rows[0]
        .iter()
        .position(|c| c == "labour pay_evidence")
        .unwrap();
    // The target is found through its terms in the first two sentences only.
    let absent: Vec<bool> = rows[1..]
        .iter()
        .map(|r| r[evidence].contains("target:absent"))
        .collect();
    assert!(!absent[0] && !absent[1], "{rows:?}");
}

/// `--terms` with nothing to match (only exclusions) is a usage error, not
/// a run that silently finds the target nowhere.
#[test]
fn label_terms_with_only_exclusions_is_an_error() {
    let wrk = Workdir::new("label_terms_only_exclusions");
    wrk.create("articles/a.txt", "Unions urged a higher minimum wage.\n");
    let out = wrk.run(
        wrk.command("label").args([
            "articles",
            "--out",
            "out",
            "--target",
            "labour pay",
            "--terms",
            "!minimum wage|~",
        ]),
        1,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds no term to match"), "{stderr}");
    assert!(!wrk.path().join("out/sentences.csv").exists());
}

/// issue 15: `train --targets FILE` stores the terms; `inspect` lists them.
#[test]
fn train_with_declared_targets_and_inspect_them() {
    let wrk = Workdir::new("train_targets");
    let mut csv = String::from("text,target,label\n");
    for (t, l) in [
        ("We back the embargo", "favor"),
        ("The embargo must stay", "favor"),
        ("We oppose the embargo", "against"),
        ("The embargo should go", "against"),
        ("The weather was fine", "none"),
        ("A rally was held", "none"),
    ] {
        csv += &format!("{t},sanctions,{l}\n");
    }
    wrk.create("train.csv", csv);
    wrk.create("targets.csv", "target,terms\nsanctions,sanctions|embargo\n");
    wrk.run(
        wrk.command("train")
            .args(["train.csv", "--targets", "targets.csv", "--out", "m.json"]),
        0,
    );
    let out = wrk.run(wrk.command("inspect").args(["m.json"]), 0);
    let rows = parse_csv(&out.stdout);
    let terms: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r[0] == "terms")
        .map(|r| (r[1].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        terms,
        [("sanctions", "sanctions"), ("sanctions", "embargo")]
    );
}

/// issue 14: `speaker_kind` tells named people from unnamed sources, in
/// `sentences.csv` and `speakers.csv`.
#[test]
fn speaker_kind_tells_people_from_unnamed_sources() {
    let wrk = Workdir::new("speaker_kind");
    wrk.create(
        "articles/a.txt",
        "Ministers met in Vellora on Friday.\n\n\
         \u{201c}We will not sign this text,\u{201d} said Marta Ilves, the foreign minister.\n\n\
         Officials said the talks would resume next week.\n",
    );
    wrk.run(
        wrk.command("label")
            .args(["articles", "--out", "out", "--no-html"]),
        0,
    );
    let rows = wrk.read_csv("out/sentences.csv");
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let (speaker, kind) = (col("speaker"), col("speaker_kind"));
    let got: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[speaker].as_str(), r[kind].as_str()))
        .collect();
    assert_eq!(got[0], ("", ""), "narration: {got:?}");
    assert_eq!(got[1], ("Marta Ilves", "person"), "{got:?}");
    assert_eq!(got[2].1, "unnamed", "{got:?}");
    let speakers = wrk.read_csv("out/speakers.csv");
    let k = speakers[0]
        .iter()
        .position(|c| c == "speaker_kind")
        .unwrap();
    assert!(speakers[1..]
        .iter()
        .any(|r| r[1] == "Marta Ilves" && r[k] == "person"));
    assert!(speakers[1..].iter().any(|r| r[k] == "unnamed"));
}
