use crate::workdir::Workdir;

#[test]
fn segment_plain_text_one_sentence_per_line() {
    let wrk = Workdir::new("segment_plain");
    wrk.create(
        "in.txt",
        "Envoys met on Monday.\nThey disagreed.\n\nA vote follows.",
    );
    let out = wrk.run(wrk.command("segment").arg("in.txt"), 0);
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "Envoys met on Monday.",
            "They disagreed.",
            "A vote follows."
        ]
    );
}

#[test]
fn segment_jsonl_gives_code_point_spans() {
    let wrk = Workdir::new("segment_jsonl");
    // "É" is two bytes but one code point: spans must count code points.
    wrk.create(
        "in.jsonl",
        "{\"id\":\"d1\",\"text\":\"Élan grew. Talks ended.\"}\n",
    );
    let out = wrk.run(wrk.command("segment").arg("--jsonl").arg("in.jsonl"), 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "d1");
    assert_eq!(v["spans"], serde_json::json!([[0, 10], [11, 23]]));
}
