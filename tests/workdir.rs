//! A temporary working folder that runs the `standpoint` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh folder per test, removed on drop.
pub struct Workdir {
    dir: tempfile::TempDir,
}

/// Rows of a CSV file: header first.
pub type Rows = Vec<Vec<String>>;

/// The sentence-level columns both layouts of `sentences.csv` start with
/// (written out here, so the tests pin the header).
pub const SENTENCE_COLUMNS: &[&str] = &[
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

/// The columns after [`SENTENCE_COLUMNS`] in the long layout.
pub const LONG_COLUMNS: &[&str] = &["target", "label", "confidence", "evidence", "text"];

impl Workdir {
    /// A new empty folder; `name` shows up in the folder name for debugging.
    pub fn new(name: &str) -> Workdir {
        let dir = tempfile::Builder::new()
            .prefix(&format!("standpoint-{name}-"))
            .tempdir()
            .expect("create temp dir");
        Workdir { dir }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `rel` (parents created).
    pub fn create(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&p, contents).expect("write file");
        p
    }

    /// A command for the binary, run inside the folder.
    pub fn command(&self, sub: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_standpoint"));
        cmd.current_dir(self.dir.path()).arg(sub);
        cmd
    }

    /// Runs `cmd` and returns its output, whatever the exit code.
    pub fn output(&self, cmd: &mut Command) -> Output {
        cmd.output().expect("run standpoint")
    }

    /// Runs `cmd`, asserting the given exit code.
    pub fn run(&self, cmd: &mut Command, code: i32) -> Output {
        let out = self.output(cmd);
        assert_eq!(
            out.status.code(),
            Some(code),
            "exit code; stderr:\n{}\nstdout:\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        out
    }

    /// Reads a CSV file in the folder (BOM tolerated) as rows, header first.
    pub fn read_csv(&self, rel: &str) -> Rows {
        parse_csv(&std::fs::read(self.dir.path().join(rel)).expect("read csv"))
    }

    /// Reads a file as a string.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).expect("read file")
    }
}

/// Parses CSV bytes (BOM tolerated) into rows, header first.
pub fn parse_csv(bytes: &[u8]) -> Rows {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    rdr.records()
        .map(|r| r.expect("valid csv").iter().map(str::to_string).collect())
        .collect()
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Asserts equality with a readable line diff.
#[macro_export]
macro_rules! assert_rows_eq {
    ($got:expr, $want:expr) => {{
        let got: &$crate::workdir::Rows = &$got;
        let want: &$crate::workdir::Rows = &$want;
        if got != want {
            let fmt = |r: &$crate::workdir::Rows| {
                r.iter()
                    .map(|x| x.join(" | "))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "rows differ\n--- got ---\n{}\n--- want ---\n{}",
                fmt(got),
                fmt(want)
            );
        }
    }};
}
