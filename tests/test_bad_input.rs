//! Bad and awkward inputs: each bad file is one exact `errors.csv` row, every
//! other file is processed completely, and a killed or interrupted run never
//! leaves a half-written report.
//!
//! Cases that can't be committed (permissions, links, FIFOs, names that are
//! not UTF-8, files deleted mid-run) are made here at run time; the rest are
//! in `fixtures/bad/` (see its README).

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::assert_rows_eq;
use crate::workdir::{repo_root, Rows, Workdir};

const BIN: &str = env!("CARGO_BIN_EXE_standpoint");

/// The committed bad cases (README.md is documentation, not a case).
const FIXTURES: &[&str] = &[
    "bad-lines.jsonl",
    "binary-nul.txt",
    "blank.md",
    "control-chars.txt",
    "empty.txt",
    "script-only.html",
    "too-large.txt",
    "windows-1252.txt",
];

const GOOD_A: &str = "Council delays vote on shipping sanctions\n\n\
    The Security Council postponed a vote on new shipping sanctions until next week. \
    Diplomats said the delay was meant to give negotiators more time.\n";
const GOOD_B: &str = "# Envoys agree to meet again\n\n\
    The two envoys agreed to hold another round of talks in Oslo. \
    Neither side released a statement.\n";
const GOOD_NESTED: &str = "Navy patrols increase near the strait\n\n\
    The defence ministry said patrols would double. \
    A spokesman rejected calls for a blockade.\n";

fn row(path: &str, kind: &str, message: &str) -> Vec<String> {
    vec![path.into(), kind.into(), message.into()]
}

fn header() -> Vec<String> {
    row("path", "kind", "message")
}

fn copy_fixture(wrk: &Workdir, name: &str, dest: &str) {
    let bytes = fs::read(repo_root().join("fixtures/bad").join(name)).expect("read fixture");
    wrk.create(dest, bytes);
}

/// How to run the binary so that a file without read permission really
/// can't be read. A normal user needs nothing. Root ignores permission bits,
/// so root runs the binary under `setpriv` with the capabilities that bypass
/// them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) dropped: the kernel then
/// refuses the read with EACCES exactly as it would for any user. `None`
/// when that can't be arranged.
fn permission_wrapper(wrk: &Workdir) -> Option<Vec<String>> {
    let probe = wrk.create("probe-locked", "secret");
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let root = fs::metadata(&probe).unwrap().uid() == 0;
    let wrapper: Vec<String> = if root {
        [
            "setpriv",
            "--bounding-set=-dac_override,-dac_read_search",
            "--inh-caps=-dac_override,-dac_read_search",
            "--",
        ]
        .map(String::from)
        .to_vec()
    } else {
        Vec::new()
    };
    let blocked = match wrapper.split_first() {
        Some((prog, args)) => Command::new(prog)
            .args(args)
            .arg("cat")
            .arg(&probe)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| !s.success()),
        None => fs::read(&probe).is_err(),
    };
    fs::remove_file(&probe).unwrap();
    if blocked {
        Some(wrapper)
    } else {
        say_skipped(
            "(the permission-denied case only): running as root and `setpriv` could not drop \
             CAP_DAC_OVERRIDE, so a file without read permission can't be simulated",
        );
        None
    }
}

/// Says SKIPPED on the real stderr, which the test harness does not capture
/// (it captures `eprintln!`), so a skip is never silent.
fn say_skipped(msg: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "\n*** SKIPPED {msg} ***\n");
}

fn command_with(wrk: &Workdir, wrapper: &[String]) -> Command {
    let mut cmd = match wrapper.split_first() {
        Some((prog, args)) => {
            let mut c = Command::new(prog);
            c.args(args).arg(BIN);
            c
        }
        None => Command::new(BIN),
    };
    cmd.current_dir(wrk.path()).arg("label");
    cmd
}

fn make_fifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn every_bad_input_is_one_row_and_good_files_are_complete() {
    let wrk = Workdir::new("bad_inputs");
    for name in FIXTURES {
        copy_fixture(&wrk, name, &format!("in/{name}"));
    }
    wrk.create("in/good-a.txt", GOOD_A);
    wrk.create("in/good-b.md", GOOD_B);
    wrk.create("in/nested/inner.txt", GOOD_NESTED);
    let inp = wrk.path().join("in");
    fs::write(
        inp.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")),
        "Not read.",
    )
    .unwrap();
    std::os::unix::fs::symlink("self-loop.txt", inp.join("self-loop.txt")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", inp.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("..", inp.join("nested/back")).unwrap();
    assert!(make_fifo(&inp.join("pipe.txt")), "mkfifo failed");
    wrk.create("in/locked.txt", "Never read.");
    wrk.create("in/locked-dir/hidden.txt", "Never read either.");

    let wrapper = permission_wrapper(&wrk);
    let perms = wrapper.is_some();
    if perms {
        fs::set_permissions(inp.join("locked.txt"), fs::Permissions::from_mode(0o000)).unwrap();
        fs::set_permissions(inp.join("locked-dir"), fs::Permissions::from_mode(0o000)).unwrap();
    }
    let out = wrk.output(
        command_with(&wrk, wrapper.as_deref().unwrap_or(&[]))
            .args(["in", "--out", "out", "--threads", "2"])
            .args(["--ext", "txt,md,html,jsonl", "--max-bytes", "4K"]),
    );
    // Restore, so the folder can be removed whoever runs the test.
    fs::set_permissions(inp.join("locked.txt"), fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(inp.join("locked-dir"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Problems met while walking come first, in walk order; then those met
    // while reading, in input order.
    let mut want: Rows = vec![header()];
    want.push(row(
        "caf\\xE9.txt",
        "filename",
        "file name is not valid UTF-8",
    ));
    want.push(row(
        "dangling.txt",
        "missing",
        "broken symbolic link (its target does not exist)",
    ));
    if perms {
        want.push(row("locked-dir", "permission", "permission denied"));
    }
    want.push(row("nested/back", "symlink_loop", "symbolic link loop"));
    want.push(row("pipe.txt", "not_file", "not a regular file (a FIFO)"));
    want.push(row("self-loop.txt", "symlink_loop", "symbolic link loop"));
    for (p, k, m) in [
        (
            "bad-lines.jsonl",
            "jsonl",
            "line 2: invalid JSON: EOF while parsing a string at column 41",
        ),
        ("bad-lines.jsonl", "jsonl", "line 4: empty \"text\""),
        ("bad-lines.jsonl", "jsonl", "line 5: expected a JSON object"),
        (
            "binary-nul.txt",
            "binary",
            "binary file (contains NUL bytes)",
        ),
        ("blank.md", "empty", "no text (only whitespace)"),
        (
            "control-chars.txt",
            "binary",
            "binary file (96 of 106 characters are control characters)",
        ),
        ("empty.txt", "empty", "empty file"),
    ] {
        want.push(row(p, k, m));
    }
    if perms {
        want.push(row("locked.txt", "permission", "permission denied"));
    }
    want.push(row(
        "script-only.html",
        "empty",
        "no text (no visible text)",
    ));
    want.push(row(
        "too-large.txt",
        "too_large",
        "file is 5883 bytes, over the limit of 4096 bytes",
    ));
    want.push(row(
        "windows-1252.txt",
        "decode",
        "warning: not UTF-8; decoded as windows-1252 (guessed)",
    ));
    let errors = wrk.read_csv("out/errors.csv");
    assert_rows_eq!(errors, want);

    let run: serde_json::Value = serde_json::from_str(&wrk.read("out/run.json")).unwrap();
    assert_eq!(run["errors"], want.len() - 2, "every row but the warning");
    assert_eq!(run["warnings"], 1);
    // 4 good files plus 3 good JSONL lines.
    assert_eq!(run["articles"], 7);

    // The same good content alone gives byte-identical reports: nothing of a
    // good file was lost to its bad neighbours.
    wrk.create("good/good-a.txt", GOOD_A);
    wrk.create("good/good-b.md", GOOD_B);
    wrk.create("good/nested/inner.txt", GOOD_NESTED);
    copy_fixture(&wrk, "windows-1252.txt", "good/windows-1252.txt");
    let good_lines: String = fs::read_to_string(repo_root().join("fixtures/bad/bad-lines.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| l.contains("\"w-101\"") || l.contains("\"w-103\"") || l.contains("\"w-106\""))
        .map(|l| format!("{l}\n"))
        .collect();
    wrk.create("good/bad-lines.jsonl", good_lines);
    // Warnings alone don't fail a run.
    wrk.run(
        wrk.command("label")
            .args(["good", "--out", "good-out", "--threads", "1"])
            .args(["--ext", "txt,md,html,jsonl", "--max-bytes", "4K"]),
        0,
    );
    for report in ["sentences.csv", "articles.csv", "speakers.csv"] {
        assert_eq!(
            wrk.read(&format!("out/{report}")),
            wrk.read(&format!("good-out/{report}")),
            "{report} differs between the mixed and the good-only run"
        );
    }
    assert_rows_eq!(
        wrk.read_csv("good-out/errors.csv"),
        vec![
            header(),
            row(
                "windows-1252.txt",
                "decode",
                "warning: not UTF-8; decoded as windows-1252 (guessed)"
            )
        ]
    );

    // Every good article is there, decoded right.
    let articles = wrk.read_csv("out/articles.csv");
    let mut ids: Vec<(&str, &str, &str)> = articles[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    ids.dedup();
    assert_eq!(
        ids,
        [
            ("bad-lines.jsonl#w-101", "Port talks stall", "UTF-8"),
            ("bad-lines.jsonl#w-103", "Freeze proposed", "UTF-8"),
            ("bad-lines.jsonl#w-106", "", "UTF-8"),
            (
                "good-a.txt",
                "Council delays vote on shipping sanctions",
                "UTF-8"
            ),
            ("good-b.md", "Envoys agree to meet again", "UTF-8"),
            (
                "nested/inner.txt",
                "Navy patrols increase near the strait",
                "UTF-8"
            ),
            (
                "windows-1252.txt",
                "Minister rejects “unilateral” measures",
                "windows-1252"
            ),
        ]
    );
    let sentences = wrk.read("out/sentences.csv");
    assert!(sentences.contains("Lefèvre"), "{sentences}");
    assert!(sentences.contains("“frank” –"), "{sentences}");
    assert!(!sentences.contains("Never read"));
}

/// UTF-8 with BOM, UTF-16 both ways, CR-only and Latin-1 files: the encoding
/// column is right, and every sentence's offsets point at its text in the
/// decoded text with LF line endings.
#[test]
fn encodings_line_endings_and_offsets() {
    let wrk = Workdir::new("encodings");
    let text = "Ambassador says “no” to new curbs\n\n\
        The ambassador, Mr. Öztürk, said the curbs were “a step too far”. \
        Talks in Zürich continue — for now.\n\nA second paragraph follows here.\n";
    let crlf = text.replace('\n', "\r\n");
    let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
    utf8_bom.extend_from_slice(crlf.as_bytes());
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in crlf.encode_utf16() {
        le.extend(u.to_le_bytes());
        be.extend(u.to_be_bytes());
    }
    wrk.create("in/utf8-bom-crlf.txt", utf8_bom);
    wrk.create("in/utf16le.txt", le);
    wrk.create("in/utf16be.txt", be);
    wrk.create("in/mac-cr.txt", text.replace('\n', "\r"));
    let latin1 = "Le ministre a déclaré: « Pas de sanctions sans négociation. »\n\n\
        La réunion à Genève reprendra lundi.\n";
    wrk.create(
        "in/latin1.txt",
        latin1.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>(),
    );
    wrk.run(
        wrk.command("label")
            .args(["in", "--out", "out", "--threads", "2", "--layout", "long"]),
        0,
    );
    let articles = wrk.read_csv("out/articles.csv");
    let mut enc: Vec<(&str, &str)> = articles[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[2].as_str()))
        .collect();
    enc.dedup();
    assert_eq!(
        enc,
        [
            ("latin1.txt", "windows-1252"),
            ("mac-cr.txt", "UTF-8"),
            ("utf16be.txt", "UTF-16BE"),
            ("utf16le.txt", "UTF-16LE"),
            ("utf8-bom-crlf.txt", "UTF-8"),
        ]
    );
    assert_rows_eq!(
        wrk.read_csv("out/errors.csv"),
        vec![
            header(),
            row(
                "latin1.txt",
                "decode",
                "warning: not UTF-8; decoded as windows-1252 (guessed)"
            )
        ]
    );
    let decoded: Vec<char> = text.chars().collect();
    let latin1_chars: Vec<char> = latin1.chars().collect();
    let sentences = wrk.read_csv("out/sentences.csv");
    let mut per_file = std::collections::BTreeMap::new();
    let col = |name: &str| sentences[0].iter().position(|c| c == name).unwrap();
    let (start, end, text_col) = (col("start"), col("end"), col("text"));
    for r in &sentences[1..] {
        let source = if r[0] == "latin1.txt" {
            &latin1_chars
        } else {
            &decoded
        };
        let (s, e): (usize, usize) = (r[start].parse().unwrap(), r[end].parse().unwrap());
        assert_eq!(
            source[s..e].iter().collect::<String>(),
            r[text_col],
            "offsets of {} in {}",
            r[text_col],
            r[0]
        );
        assert!(!r[text_col].contains('\r'));
        *per_file.entry(r[0].clone()).or_insert(0) += 1;
    }
    assert_eq!(per_file.len(), 5, "every file has sentences: {per_file:?}");
    assert!(per_file.values().all(|&n| n >= 2), "{per_file:?}");
    let all = wrk.read("out/sentences.csv");
    assert!(all.contains("Öztürk") && all.contains("Genève"), "{all}");
}

#[test]
fn html_and_jsonl_are_read_when_selected() {
    let wrk = Workdir::new("formats");
    wrk.create(
        "in/page.html",
        "<!DOCTYPE html><html><head><title>Envoys &amp; the embargo</title>\
         <script>var s = \"<p>Hidden script text.</p>\";</script><style>p{}</style></head>\
         <body><nav hidden>Menu items</nav><h1>Embargo talks</h1>\
         <p>The envoy said the embargo &ldquo;must stay&rdquo;.</p><p>Talks resume on Monday.</p></body></html>",
    );
    wrk.create(
        "in/feed.jsonl",
        "{\"id\":\"x1\",\"title\":\"First\",\"text\":\"One line of text.\"}\n{\"id\":7,\"text\":\"Another text.\"}\n",
    );
    wrk.create("in/plain.txt", "Plain headline\n\nPlain body text.\n");
    // By default only .txt and .md are read.
    wrk.run(wrk.command("label").args(["in", "--out", "default"]), 0);
    let ids: Vec<String> = wrk.read_csv("default/articles.csv")[1..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    assert!(ids.iter().all(|i| i == "plain.txt"), "{ids:?}");

    wrk.run(
        wrk.command("label")
            .args(["in", "--out", "all", "--ext", "html,jsonl"]),
        0,
    );
    let articles = wrk.read_csv("all/articles.csv");
    let mut titles: Vec<(&str, &str)> = articles[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    titles.dedup();
    assert_eq!(
        titles,
        [
            ("feed.jsonl#x1", "First"),
            ("feed.jsonl#7", ""),
            ("page.html", "Envoys & the embargo")
        ]
    );
    let sentences = wrk.read("all/sentences.csv");
    assert!(sentences.contains("The envoy said the embargo “must stay”."));
    assert!(!sentences.contains("Hidden script text"));
    assert!(!sentences.contains("Menu items"));
    assert!(!sentences.contains("Plain body"));
}

#[test]
fn bad_options_are_usage_errors() {
    let wrk = Workdir::new("bad_options");
    wrk.create("in/a.txt", "Text.");
    let out = wrk.run(
        wrk.command("label")
            .args(["in", "--out", "out", "--ext", "txt,pdf"]),
        1,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unsupported extension `pdf`"), "{err}");
    for size in ["0", "12Q", "-5", ""] {
        wrk.run(
            wrk.command("label")
                .args(["in", "--out", "out", "--max-bytes", size]),
            1,
        );
    }
    assert!(!wrk.path().join("out/sentences.csv").exists());
}

#[test]
fn broken_model_file_is_a_one_line_error() {
    let wrk = Workdir::new("bad_model");
    wrk.create("in/a.txt", "Text.");
    wrk.create("truncated.json", "{\"version\": 1, \"targets\": [");
    let mut model: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(repo_root().join("crates/cli/assets/default-model.json")).unwrap(),
    )
    .unwrap();
    model["version"] = serde_json::json!(9999);
    wrk.create("future.json", model.to_string());
    wrk.create("binary.json", b"\x89PNG\r\n\x1a\n\0\0");
    for name in [
        "truncated.json",
        "future.json",
        "binary.json",
        "missing.json",
    ] {
        let out = wrk.run(
            wrk.command("label")
                .args(["in", "--out", "out", "--model", name]),
            1,
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "one line for {name}: {err}");
        assert!(err.contains(name), "names {name}: {err}");
        assert!(!wrk.path().join("out/sentences.csv").exists());
    }
}

/// A folder of `n` original articles, big enough that a run takes a while.
fn big_corpus(wrk: &Workdir, dir: &str, n: usize) {
    let para = "The envoy said the council would meet again on Tuesday. \
        “We are not ready to lift the measures,” she said. \
        Officials in the capital called for talks without preconditions.\n\n";
    let body = para.repeat(12);
    for i in 0..n {
        wrk.create(
            &format!("{dir}/a{i:05}.txt"),
            format!("Report {i}\n\n{body}"),
        );
    }
}

/// Temporary report files in `dir`.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().contains(".tmp-"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Waits until `ready` holds; panics if the child exits first or time runs out.
fn wait_for(child: &mut Child, what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the run ended ({status}) before {what}; make the corpus bigger");
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "kill {sig} failed");
}

fn spawn_label(wrk: &Workdir, args: &[&str]) -> Child {
    wrk.command("label")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn standpoint")
}

fn report_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    [
        "sentences.csv",
        "articles.csv",
        "speakers.csv",
        "errors.csv",
        "run.json",
    ]
    .iter()
    .filter_map(|r| fs::read(dir.join(r)).ok().map(|b| (r.to_string(), b)))
    .collect()
}

/// The partly written temporary sentences file has grown past its first
/// buffer: the run is writing rows.
fn writing_rows(out: &Path) -> bool {
    temp_files(out).iter().any(|p| {
        p.to_string_lossy().contains(".sentences.csv.tmp-")
            && fs::metadata(p).is_ok_and(|m| m.len() >= 32 * 1024)
    })
}

#[test]
fn kill_9_mid_run_leaves_old_reports_or_none() {
    let wrk = Workdir::new("kill9");
    wrk.create("small/a.txt", GOOD_A);
    wrk.run(wrk.command("label").args(["small", "--out", "out"]), 0);
    let old = report_bytes(&wrk.path().join("out"));
    assert_eq!(old.len(), 5);
    big_corpus(&wrk, "big", 1500);
    let out = wrk.path().join("out");
    let fresh = wrk.path().join("fresh");

    for (dir, args) in [
        (&out, ["big", "--out", "out", "--force", "--threads", "2"]),
        (
            &fresh,
            ["big", "--out", "fresh", "--force", "--threads", "2"],
        ),
    ] {
        let mut child = spawn_label(&wrk, &args);
        wait_for(&mut child, "rows were written", || writing_rows(dir));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // The old reports are untouched (or there are none), whatever the
        // temporary files hold.
        let expect = if dir == &out { old.clone() } else { Vec::new() };
        assert_eq!(report_bytes(dir), expect);
        assert!(
            !temp_files(dir).is_empty(),
            "a killed run leaves temp files"
        );
    }

    // The next run ignores and removes the stale temporary files.
    let rerun = wrk.run(
        wrk.command("label")
            .args(["small", "--out", "out", "--force"]),
        0,
    );
    assert!(rerun.status.success());
    assert_eq!(temp_files(&out), Vec::<PathBuf>::new());
    // Same input, same reports (run.json differs only in its timings).
    let csvs = |v: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        v.into_iter().filter(|(n, _)| n.ends_with(".csv")).collect()
    };
    assert_eq!(csvs(report_bytes(&out)), csvs(old));
}

#[test]
fn ctrl_c_stops_cleanly_with_130() {
    let wrk = Workdir::new("ctrl_c");
    wrk.create("small/a.txt", GOOD_A);
    wrk.run(wrk.command("label").args(["small", "--out", "out"]), 0);
    let old = report_bytes(&wrk.path().join("out"));
    big_corpus(&wrk, "big", 1500);
    let out = wrk.path().join("out");
    let mut child = spawn_label(&wrk, &["big", "--out", "out", "--force", "--threads", "2"]);
    wait_for(&mut child, "rows were written", || writing_rows(&out));
    signal(&child, "-INT");
    let result = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(130), "stderr: {stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(
        temp_files(&out),
        Vec::<PathBuf>::new(),
        "no temp files left"
    );
    assert_eq!(report_bytes(&out), old, "old reports unchanged");
}

/// A file that disappears between discovery and reading is one row; the
/// run stops itself right after discovery (SIGSTOP as soon as its report
/// files exist) so the deletion surely comes first.
#[test]
fn file_vanishing_mid_run_is_one_row() {
    let wrk = Workdir::new("vanish");
    big_corpus(&wrk, "in", 300);
    wrk.create("in/zz-vanishing.txt", GOOD_A);
    let out = wrk.path().join("out");
    let mut child = spawn_label(&wrk, &["in", "--out", "out", "--threads", "1"]);
    wait_for(&mut child, "the reports were opened", || {
        !temp_files(&out).is_empty()
    });
    signal(&child, "-STOP");
    fs::remove_file(wrk.path().join("in/zz-vanishing.txt")).unwrap();
    signal(&child, "-CONT");
    let result = child.wait_with_output().unwrap();
    assert_eq!(
        result.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_rows_eq!(
        wrk.read_csv("out/errors.csv"),
        vec![
            header(),
            row(
                "zz-vanishing.txt",
                "missing",
                "file vanished before it could be read"
            )
        ]
    );
    let run: serde_json::Value = serde_json::from_str(&wrk.read("out/run.json")).unwrap();
    assert_eq!(run["articles"], 300);
}

/// An output folder inside the input folder: a second run must not read the
/// first run's report.html (or anything else in there) as an article.
#[test]
fn reports_inside_the_input_folder_are_not_read_back() {
    let wrk = Workdir::new("out_inside_in");
    wrk.create(
        "in/page.html",
        "<title>Talks</title><p>The envoy said talks would resume.</p>",
    );
    wrk.create("in/a.txt", GOOD_A);
    let args = ["in", "--out", "in/reports", "--ext", "txt,html"];
    wrk.run(wrk.command("label").args(args), 0);
    let ids = |wrk: &Workdir| {
        let mut ids: Vec<String> = wrk.read_csv("in/reports/articles.csv")[1..]
            .iter()
            .map(|r| r[0].clone())
            .collect();
        ids.dedup();
        ids
    };
    let first = wrk.read("in/reports/sentences.csv");
    assert_eq!(ids(&wrk), ["a.txt", "page.html"]);
    wrk.run(wrk.command("label").args(args).arg("--force"), 0);
    assert_eq!(ids(&wrk), ["a.txt", "page.html"], "reports were read back");
    assert!(
        wrk.read("in/reports/sentences.csv") == first,
        "sentences differ"
    );
}
