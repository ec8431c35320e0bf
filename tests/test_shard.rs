//! `label --shard I/N` and `--resume`.

use crate::workdir::{Rows, Workdir};

const REPORTS: &[&str] = &[
    "sentences.csv",
    "articles.csv",
    "speakers.csv",
    "errors.csv",
];

/// Thirty small original articles in nested folders, plus two bad files.
fn corpus(wrk: &Workdir) {
    let places = ["Geneva", "Vienna", "Nairobi", "Oslo", "Doha", "Lima"];
    let topics = [
        "new sanctions on the shipping firms",
        "a freeze on missile tests",
        "military action against the launch sites",
        "direct talks without preconditions",
        "an arms embargo",
    ];
    for i in 0..30 {
        let place = places[i % places.len()];
        let topic = topics[i % topics.len()];
        let mut text = format!("Delegates weigh {topic}\n\n");
        for p in 0..(1 + i % 3) {
            text.push_str(&format!(
                "{place} hosted round {r} of the meeting on {topic}. \
                 The U.K. envoy said the plan was premature. \
                 “We cannot accept it,” a spokesman said.\n\n",
                r = i * 3 + p
            ));
        }
        let dir = ["", "wire/", "wire/late/"][i % 3];
        wrk.create(&format!("in/{dir}story-{i:02}.txt"), text);
    }
    wrk.create("in/empty.txt", "");
    wrk.create("in/wire/blank.md", "");
}

fn label(wrk: &Workdir, out: &str, extra: &[&str], code: i32) -> String {
    let o = wrk.run(
        wrk.command("label")
            .args(["in", "--out", out, "--threads", "2"])
            .args(extra),
        code,
    );
    String::from_utf8(o.stderr).unwrap()
}

/// Data rows (no header) sorted by article, then sentence index, keeping the
/// file order of rows with the same key (a sentence's targets).
fn sorted(mut rows: Rows, by_sentence: bool) -> Rows {
    rows.sort_by(|a, b| {
        let key = |r: &Vec<String>| {
            let n: usize = if by_sentence {
                r[1].parse().expect("sentence index")
            } else {
                0
            };
            (r[0].clone(), n)
        };
        key(a).cmp(&key(b))
    });
    rows
}

/// Runs `label` and returns (exit code, stderr); a finished run exits 0, or
/// 2 when its errors.csv has rows.
fn label_any(wrk: &Workdir, out: &str, extra: &[&str]) -> (i32, String) {
    let o = wrk.output(
        wrk.command("label")
            .args(["in", "--out", out, "--threads", "2"])
            .args(extra),
    );
    let code = o.status.code().expect("exit code");
    let stderr = String::from_utf8(o.stderr).unwrap();
    if code != 1 {
        let errors = wrk.read_csv(&format!("{out}/errors.csv")).len() - 1;
        assert_eq!(code, if errors > 0 { 2 } else { 0 }, "{stderr}");
    }
    (code, stderr)
}

#[test]
fn shard_outputs_concatenate_to_the_single_run() {
    let wrk = Workdir::new("shard_concat");
    corpus(&wrk);
    label(&wrk, "all", &[], 2);
    let n = 3;
    for i in 1..=n {
        let (code, err) = label_any(&wrk, &format!("part{i}"), &["--shard", &format!("{i}/{n}")]);
        assert_ne!(code, 1, "{err}");
    }
    for report in REPORTS {
        let single = wrk.read_csv(&format!("all/{report}"));
        let mut merged: Rows = Vec::new();
        let mut non_empty = 0;
        for i in 1..=n {
            let part = wrk.read_csv(&format!("part{i}/{report}"));
            assert_eq!(part[0], single[0], "same header in every shard");
            non_empty += usize::from(part.len() > 1);
            merged.extend(part.into_iter().skip(1));
        }
        let by_sentence = *report == "sentences.csv";
        let single_rows = single[1..].to_vec();
        assert_eq!(
            sorted(single_rows.clone(), by_sentence),
            single_rows,
            "{report}: a single run is already in (article, sentence) order"
        );
        assert_eq!(sorted(merged, by_sentence), single_rows, "{report}");
        // (speakers.csv and errors.csv may be empty in a shard.)
        if ["sentences.csv", "articles.csv"].contains(report) {
            assert_eq!(non_empty, n, "{report}: every shard got work");
        }
    }
    let errors = wrk.read_csv("all/errors.csv");
    assert_eq!(errors.len(), 3, "two bad files: {errors:?}");

    // Each shard records its part and the same whole-input fingerprint.
    let info = |dir: &str| -> serde_json::Value {
        serde_json::from_str(&wrk.read(&format!("{dir}/run.json"))).unwrap()
    };
    let all = info("all");
    assert_eq!(all["shard"], "1/1");
    assert_eq!(all["input_files"], 32);
    let mut inputs = 0;
    for i in 1..=n {
        let part = info(&format!("part{i}"));
        assert_eq!(part["shard"], format!("{i}/{n}"));
        for field in ["input_files", "input_hash", "options_hash", "model_hash"] {
            assert_eq!(part[field], all[field], "{field}");
        }
        inputs += part["inputs"].as_u64().unwrap();
    }
    assert_eq!(inputs, 32, "the shards split the inputs");
}

#[test]
fn merge_rebuilds_the_single_run_byte_for_byte() {
    let wrk = Workdir::new("shard_merge");
    corpus(&wrk);
    label(&wrk, "all", &[], 2);
    for i in 1..=3 {
        let (code, err) = label_any(&wrk, &format!("p{i}"), &["--shard", &format!("{i}/3")]);
        assert_ne!(code, 1, "{err}");
    }
    // Missing or doubled shards are refused.
    let o = wrk.run(wrk.command("merge").args(["p1", "p3", "--out", "m"]), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing shards: 2/3"));
    let o = wrk.run(
        wrk.command("merge").args(["p1", "p2", "p2", "--out", "m"]),
        1,
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("both shard 2/3"));
    // A shard of another job (here: other options) is refused.
    let (code, err) = label_any(&wrk, "plain2", &["--shard", "2/3", "--csv", "plain"]);
    assert_ne!(code, 1, "{err}");
    let o = wrk.run(
        wrk.command("merge")
            .args(["p1", "plain2", "p3", "--out", "m"]),
        1,
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("not shards of the same job"));

    // Shard order on the command line does not matter.
    wrk.run(
        wrk.command("merge").args(["p3", "p1", "p2", "--out", "m"]),
        2,
    );
    for report in REPORTS {
        assert_eq!(
            std::fs::read(wrk.path().join("m").join(report)).unwrap(),
            std::fs::read(wrk.path().join("all").join(report)).unwrap(),
            "{report}"
        );
    }
    let info = |dir: &str| -> serde_json::Value {
        serde_json::from_str(&wrk.read(&format!("{dir}/run.json"))).unwrap()
    };
    let (merged, all) = (info("m"), info("all"));
    for field in [
        "shard",
        "inputs",
        "articles",
        "sentences",
        "sentence_rows",
        "errors",
        "input_hash",
        "options_hash",
    ] {
        assert_eq!(merged[field], all[field], "{field}");
    }
    // The merged folder counts as the finished unsharded run.
    let msg = label(&wrk, "m", &["--resume", "--no-html"], 0);
    assert!(msg.contains("nothing to do"), "{msg}");
}

#[test]
fn bad_shard_specs_are_usage_errors() {
    let wrk = Workdir::new("shard_bad");
    corpus(&wrk);
    for spec in ["0/3", "4/3", "1/0", "two/3", "3"] {
        let err = label(&wrk, "out", &["--shard", spec], 1);
        assert!(err.contains("I/N"), "{spec}: {err}");
    }
}

#[test]
fn resume_skips_finished_shards_and_redoes_the_rest() {
    let wrk = Workdir::new("shard_resume");
    corpus(&wrk);
    let shard = ["--shard", "2/2"];
    assert_ne!(label_any(&wrk, "out", &shard).0, 1);
    let first = wrk.read("out/sentences.csv");
    // A marker that only a real re-run would remove.
    let marked = format!("{first}marker\n");
    std::fs::write(wrk.path().join("out/sentences.csv"), &marked).unwrap();

    // Finished, same inputs: nothing to do, exit 0.
    let msg = label(&wrk, "out", &["--shard", "2/2", "--resume"], 0);
    assert!(msg.contains("nothing to do"), "{msg}");
    assert_eq!(wrk.read("out/sentences.csv"), marked);

    // Without --resume the folder is not overwritten.
    label(&wrk, "out", &shard, 1);

    // Another shard, or changed inputs: refuse unless forced.
    let msg = label(&wrk, "out", &["--shard", "1/2", "--resume"], 1);
    assert!(msg.contains("different shard"), "{msg}");
    let before = wrk.read("in/story-00.txt");
    wrk.create("in/story-00.txt", format!("{before}One more line."));
    let msg = label(&wrk, "out", &["--shard", "2/2", "--resume"], 1);
    assert!(msg.contains("different input files"), "{msg}");
    wrk.create("in/story-00.txt", &before);

    // An unfinished run (no run.json) is redone.
    std::fs::remove_file(wrk.path().join("out/run.json")).unwrap();
    assert_ne!(label_any(&wrk, "out", &["--shard", "2/2", "--resume"]).0, 1);
    assert_eq!(wrk.read("out/sentences.csv"), first);
    assert!(wrk.path().join("out/run.json").is_file());

    // And now it is finished again.
    let msg = label(&wrk, "out", &["--shard", "2/2", "--resume"], 0);
    assert!(msg.contains("nothing to do"), "{msg}");
}
