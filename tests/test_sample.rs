//! `standpoint sample`: rows to label from the user's own corpus, written
//! Excel-safe, and read back by `train` once labelled.

use crate::workdir::{parse_csv, Workdir};

/// Invented articles about a fictional carbon levy; a few sentences are
/// repeated across articles (wire copy), one looks like a formula.
fn corpus(wrk: &Workdir) {
    wrk.create(
        "news/a.txt",
        "Levy Vote Nears\n\nThe carbon levy goes to a vote on Tuesday. \
         Finance minister Ines Varga said the carbon levy would cut emissions by a third. \
         Farmers said the levy was unfair to rural families. \
         The weather stayed mild all week. \
         Opposition leaders called the carbon levy a tax on commuters.\n",
    );
    wrk.create(
        "news/b.txt",
        "Markets Calm\n\nThe carbon levy goes to a vote on Tuesday. \
         Traders expected little change in fuel prices from the levy. \
         =SUM(A1) appeared on the levy forms by mistake, officials said. \
         The harbour reopened after repairs.\n",
    );
    wrk.create(
        "news/c.md",
        "# Regions\n\nMayors in the north asked for a delay to the levy. \
         A spokesman for the mayors said the levy could still work with rebates. \
         The museum opened a new wing.\n",
    );
}

#[test]
fn sample_writes_rows_about_the_target_once_each_excel_safe() {
    let wrk = Workdir::new("sample_basic");
    corpus(&wrk);
    let mut cmd = wrk.command("sample");
    cmd.args(["news", "--target", "carbon levy", "--terms", "levy|levies"])
        .args(["--n", "50", "--out", "to_label.csv", "--quiet"]);
    let out = wrk.run(&mut cmd, 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("about `carbon levy`"), "{stderr}");

    let bytes = std::fs::read(wrk.path().join("to_label.csv")).unwrap();
    assert!(bytes
        .starts_with("\u{feff}text,target,label,article,sentence,speaker,previous\r\n".as_bytes()));
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    // The formula-looking sentence is guarded.
    assert!(text.contains("'=SUM(A1)"), "{text}");

    let rows = parse_csv(&bytes);
    let body = &rows[1..];
    // Sentences with `levy`: 5 in a (the headline too), 3 in b (one repeats
    // a's), 2 in c; the repeat is written once.
    assert_eq!(body.len(), 9, "{rows:?}");
    let mut texts: Vec<&str> = body.iter().map(|r| r[0].as_str()).collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), 9);
    for r in body {
        assert!(r[0].to_lowercase().contains("levy"), "{r:?}");
        assert_eq!(r[1], "carbon levy");
        assert_eq!(r[2], "", "label left empty");
        assert!(["a.txt", "b.txt", "c.md"].contains(&r[3].as_str()), "{r:?}");
        let n: usize = r[4].parse().unwrap();
        assert!(n >= 1, "sentences count from 1");
    }
    // Context: Varga's sentence has its speaker and the sentence before it.
    let varga = body
        .iter()
        .find(|r| r[0].starts_with("Finance minister"))
        .expect("Varga's sentence");
    assert_eq!(varga[5], "Ines Varga");
    assert_eq!(varga[6], "The carbon levy goes to a vote on Tuesday.");

    // Same input, same bytes; an existing file is not replaced without --force.
    let again = wrk.run(&mut cmd, 1);
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    cmd.arg("--force");
    wrk.run(&mut cmd, 0);
    assert_eq!(
        std::fs::read(wrk.path().join("to_label.csv")).unwrap(),
        bytes
    );
}

#[test]
fn sample_caps_rows_per_article_first() {
    let wrk = Workdir::new("sample_caps");
    corpus(&wrk);
    let mut cmd = wrk.command("sample");
    cmd.args(["news", "--target", "levy", "--n", "3", "--per-article", "1"])
        .args(["--out", "few.csv", "--quiet"]);
    wrk.run(&mut cmd, 0);
    let rows = wrk.read_csv("few.csv");
    let mut articles: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    articles.sort_unstable();
    assert_eq!(articles, ["a.txt", "b.txt", "c.md"]);
}

#[test]
fn labelled_sample_files_train_a_model() {
    let wrk = Workdir::new("sample_loop");
    corpus(&wrk);
    let mut cmd = wrk.command("sample");
    cmd.args(["news", "--target", "carbon levy", "--terms", "levy"])
        .args(["--n", "50", "--out", "round1.csv", "--quiet"]);
    wrk.run(&mut cmd, 0);
    // The analyst fills the labels in a spreadsheet that saves with `;`,
    // in mixed case, leaving one row empty.
    let rows = wrk.read_csv("round1.csv");
    let mut filled = String::from("\u{feff}");
    for (i, r) in rows.iter().enumerate() {
        let label = match i {
            0 => "label".to_string(),
            1 => String::new(),
            _ if r[0].contains("unfair") || r[0].contains("tax on") || r[0].contains("delay") => {
                "Against".into()
            }
            _ if r[0].contains("cut emissions") || r[0].contains("still work") => "FAVOR".into(),
            _ => "none".into(),
        };
        let cells: Vec<String> = [r[0].clone(), r[1].clone(), label, r[3].clone()]
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        filled.push_str(&cells.join(";"));
        filled.push_str("\r\n");
    }
    wrk.create("round1.csv", filled);
    wrk.create(
        "round2.csv",
        "text,target,label\nThe levy is a fair price for clean air,carbon levy,favor\n",
    );
    let mut train = wrk.command("train");
    train.args(["round1.csv", "round2.csv", "--out", "model.json", "--quiet"]);
    let out = wrk.run(&mut train, 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("round1.csv: skipped 1 unlabeled row"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{} labeled rows from 2 files", rows.len() - 1)),
        "{stderr}"
    );
    let model = wrk.read("model.json");
    assert!(
        model.contains(r#""labels":["against","favor","none"]"#),
        "{}",
        &model[..200.min(model.len())]
    );

    // The next round leaves out what round 1 labelled.
    let mut next = wrk.command("sample");
    next.args(["news", "--target", "carbon levy", "--terms", "levy"])
        .args([
            "--model",
            "model.json",
            "--exclude",
            "round1.csv",
            "--exclude",
            "round2.csv",
        ])
        .args(["--n", "50", "--out", "round3.csv", "--quiet"]);
    wrk.run(&mut next, 0);
    let round3 = wrk.read_csv("round3.csv");
    // Round 1 had every levy sentence; only the one left unlabelled comes back.
    assert_eq!(round3.len(), 2, "{round3:?}");
    assert_eq!(round3[1][0], rows[1][0]);

    // A label outside favor/against/none names the file and line.
    wrk.create(
        "bad.csv",
        "text;target;label\r\nok;carbon levy;favor\r\nhm;carbon levy;perhaps\r\n",
    );
    let mut bad = wrk.command("train");
    bad.args(["bad.csv", "round2.csv", "--out", "m2.json"]);
    let out = wrk.run(&mut bad, 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.csv:3: label `perhaps` is not favor, against or none"),
        "{stderr}"
    );
}

#[test]
fn sample_refuses_a_missing_path_before_writing() {
    let wrk = Workdir::new("sample_missing");
    let mut cmd = wrk.command("sample");
    cmd.args(["nowhere", "--target", "levy", "--out", "x.csv"]);
    let out = wrk.run(&mut cmd, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere: no such file or folder"));
    assert!(!wrk.path().join("x.csv").exists());
}
