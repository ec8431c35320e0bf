//! Report files in the output folder: written under temporary names and
//! renamed into place only when complete.
//!
//! - Each report is written to `.<name>.tmp-<pid>` in the output folder and
//!   renamed over `<name>` only after the whole run succeeded, `run.json`
//!   last. A run killed in mid-flight (even with `kill -9`) leaves the
//!   previous reports, or none, plus temporary files.
//! - The next run removes temporary files of runs that are no longer alive,
//!   and refuses to write where a live run is writing.
//! - Ctrl-C (or SIGTERM/SIGHUP) while reports are open asks the driver to
//!   stop; the temporary files are removed and `main` exits with 130. A
//!   second Ctrl-C removes them and exits at once.
//! - In `errors.csv`, a warning's message starts with `warning: `.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once, PoisonError};

use anyhow::Context;
use standpoint_report::{
    article_rows, encode_rows, speaker_rows, ArticleOutput, ArticleRow, CsvProfile, ErrorRow,
    HtmlLimits, HtmlReport, RunInfo, SentenceLayout, SentenceTable, SpeakerRow, TableWriter,
};

use crate::sink::{Render, Rendered, Sink};

/// Files written through [`AtomicFile`], whose temporary files a later run
/// may clean up.
const REPORT_FILES: &[&str] = &[
    "sentences.csv",
    "articles.csv",
    "speakers.csv",
    "errors.csv",
    "report.html",
    "run.json",
];

/// Temporary files being written, for the second-Ctrl-C exit.
static LIVE_TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Catches Ctrl-C, SIGTERM and SIGHUP from now on: the first sets the flag
/// the driver checks, the second removes the temporary files and exits.
fn install_interrupt_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let installed = ctrlc::set_handler(|| {
            if crate::interrupt::request() {
                remove_live_temps();
                eprintln!("standpoint: interrupted again; stopped without writing reports");
                std::process::exit(crate::EXIT_INTERRUPTED);
            }
            eprintln!("standpoint: stopping (press Ctrl-C again to stop at once)");
        });
        if let Err(e) = installed {
            // Without a handler Ctrl-C still stops the run; only the temporary
            // files stay behind, for the next run to remove.
            eprintln!("standpoint: warning: cannot catch Ctrl-C ({e})");
        }
    });
}

fn live_temps() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE_TEMPS.lock().unwrap_or_else(PoisonError::into_inner)
}

fn remove_live_temps() {
    for tmp in live_temps().drain(..) {
        let _ = std::fs::remove_file(tmp);
    }
}

/// The temporary name of report `name` for process `pid`.
fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.tmp-{pid}")
}

/// The process id in a temporary report name, if it is one.
fn temp_owner(file_name: &str) -> Option<u32> {
    REPORT_FILES.iter().find_map(|name| {
        file_name
            .strip_prefix('.')?
            .strip_prefix(name)?
            .strip_prefix(".tmp-")?
            .parse()
            .ok()
    })
}

/// Whether process `pid` is a running standpoint (Linux: from /proc). Where
/// that can't be told, every owner counts as gone.
fn standpoint_alive(pid: u32) -> bool {
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
    let own = std::fs::read_to_string("/proc/self/comm").unwrap_or_default();
    !comm.is_empty() && comm == own
}

/// Removes temporary report files left in `dir` by runs that were killed;
/// fails if a live standpoint process is writing reports there.
pub(crate) fn remove_stale_temps(dir: &Path) -> anyhow::Result<()> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let me = std::process::id();
    for entry in read.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if pid != me && standpoint_alive(pid) {
            anyhow::bail!(
                "{}: another standpoint run (process {pid}) is writing reports here",
                dir.display()
            );
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "{}: cannot remove a stale temporary file",
                        entry.path().display()
                    )
                })
            }
        }
    }
    Ok(())
}

/// A buffered report file.
type ReportWriter = BufWriter<Writeback>;

/// A file that asks the kernel to start writing back every few MiB as it
/// grows, so the `fsync` before the rename at the end of a run finds little
/// left to write (it was ~0.35 s of serial time for 300 MiB of reports).
pub(crate) struct Writeback {
    file: File,
    written: u64,
    started: u64,
}

/// Bytes between writeback requests.
const WRITEBACK_STEP: u64 = 8 << 20;

impl Writeback {
    fn new(file: File) -> Self {
        Writeback {
            file,
            written: 0,
            started: 0,
        }
    }

    /// Starts (does not wait for) writeback of the bytes written since the
    /// last call; only where the system has `sync_file_range`.
    fn start_writeback(&mut self) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: a valid open descriptor and a byte range; the call only
            // schedules I/O. Failure is harmless (the final fsync still runs).
            unsafe {
                libc::sync_file_range(
                    self.file.as_raw_fd(),
                    self.started as libc::off64_t,
                    (self.written - self.started) as libc::off64_t,
                    libc::SYNC_FILE_RANGE_WRITE,
                );
            }
        }
        self.started = self.written;
    }
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= WRITEBACK_STEP {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// A report file written to a temporary name and renamed when complete;
/// dropped without [`AtomicFile::commit`], it removes its temporary file.
struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    committed: bool,
}

impl AtomicFile {
    fn create(dir: &Path, name: &str) -> anyhow::Result<(Self, ReportWriter)> {
        let tmp = dir.join(temp_name(name, std::process::id()));
        // Registered before it exists, so a second Ctrl-C can't miss it.
        live_temps().push(tmp.clone());
        let file = AtomicFile {
            tmp,
            dest: dir.join(name),
            committed: false,
        };
        let w = File::create(&file.tmp)
            .with_context(|| format!("{}: cannot create", file.tmp.display()))?;
        Ok((file, BufWriter::with_capacity(1 << 16, Writeback::new(w))))
    }

    fn commit(mut self, w: ReportWriter) -> anyhow::Result<()> {
        let file = w.into_inner().map_err(|e| e.into_error())?.file;
        file.sync_all()?;
        std::fs::rename(&self.tmp, &self.dest)
            .with_context(|| format!("{}: cannot write", self.dest.display()))?;
        self.committed = true;
        live_temps().retain(|t| *t != self.tmp);
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
            live_temps().retain(|t| *t != self.tmp);
        }
    }
}

/// Rows a spreadsheet opens, header included (Excel and LibreOffice).
const SPREADSHEET_ROWS: usize = 1_048_576;

/// The spreadsheet row limit, or the test override in
/// `STANDPOINT_SPREADSHEET_ROWS` (so a test need not write a million rows).
fn spreadsheet_rows() -> usize {
    std::env::var("STANDPOINT_SPREADSHEET_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SPREADSHEET_ROWS)
}

/// In the Excel profile, a warning when sentences.csv (`records` rows
/// after the header) is longer than a spreadsheet opens.
pub(crate) fn spreadsheet_notes(
    excel: bool,
    records: usize,
    layout: SentenceLayout,
) -> Vec<String> {
    let limit = spreadsheet_rows();
    if !excel || records < limit {
        return Vec::new();
    }
    let hint = match layout {
        SentenceLayout::Wide => "--shard I/N to split the run",
        SentenceLayout::Long => "the default wide layout (one row per sentence) or --shard I/N",
    };
    vec![format!(
        "sentences.csv has {} rows, more than the {limit} a spreadsheet opens (Excel and LibreOffice show only the first {limit}); use {hint}",
        records + 1
    )]
}

pub(crate) struct FileSink {
    /// Records written to sentences.csv, header not counted.
    sentence_records: usize,
    labels: Vec<String>,
    profile: CsvProfile,
    table: SentenceTable,
    sentences: (AtomicFile, TableWriter<ReportWriter>),
    articles: (AtomicFile, TableWriter<ReportWriter>),
    speakers: (AtomicFile, TableWriter<ReportWriter>),
    errors: (AtomicFile, TableWriter<ReportWriter>),
    run: AtomicFile,
    run_w: ReportWriter,
    html: Option<HtmlSink>,
}

/// `report.html`: fed the same articles as the CSVs; article fragments spill
/// to an unnamed temporary file in the output folder until `finish`.
struct HtmlSink {
    file: AtomicFile,
    out: ReportWriter,
    report: HtmlReport<File>,
}

impl FileSink {
    pub(crate) fn create(
        dir: &Path,
        profile: CsvProfile,
        labels: Vec<String>,
        table: SentenceTable,
    ) -> anyhow::Result<Self> {
        remove_stale_temps(dir)?;
        install_interrupt_handler();
        let open = |name: &str| -> anyhow::Result<(AtomicFile, TableWriter<ReportWriter>)> {
            let (f, w) = AtomicFile::create(dir, name)?;
            Ok((f, TableWriter::new(w, profile)))
        };
        let (run, run_w) = AtomicFile::create(dir, "run.json")?;
        let mut sink = FileSink {
            sentence_records: 0,
            labels,
            profile,
            table,
            sentences: open("sentences.csv")?,
            articles: open("articles.csv")?,
            speakers: open("speakers.csv")?,
            errors: open("errors.csv")?,
            run,
            run_w,
            html: None,
        };
        let names = sink.table.header();
        sink.sentences
            .1
            .write_header_names(&names.iter().map(String::as_str).collect::<Vec<_>>())?;
        sink.articles
            .1
            .write_header::<standpoint_report::ArticleRow>()?;
        sink.speakers
            .1
            .write_header::<standpoint_report::SpeakerRow>()?;
        sink.errors.1.write_header::<ErrorRow>()?;
        Ok(sink)
    }

    /// Also writes `report.html` for a model with these targets.
    pub(crate) fn with_html(mut self, dir: &Path, targets: &[String]) -> anyhow::Result<Self> {
        let (file, out) = AtomicFile::create(dir, "report.html")?;
        let spill = tempfile::tempfile_in(dir)
            .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
        let report = HtmlReport::new(targets, &self.labels, HtmlLimits::default(), spill)?;
        self.html = Some(HtmlSink { file, out, report });
        Ok(self)
    }

    /// The warnings about the reports, for the summary and run.json.
    pub(crate) fn notes(&self) -> Vec<String> {
        spreadsheet_notes(
            self.profile == CsvProfile::Excel,
            self.sentence_records,
            self.table.layout(),
        )
    }

    pub(crate) fn finish(mut self, info: &RunInfo) -> anyhow::Result<()> {
        crate::interrupt::check()?;
        let dir = self.run.dest.parent().map(Path::to_path_buf);
        serde_json::to_writer_pretty(&mut self.run_w, info)?;
        self.run_w.write_all(b"\n")?;
        for (f, w) in [self.sentences, self.articles, self.speakers, self.errors] {
            f.commit(w.finish()?)?;
        }
        if let Some(mut h) = self.html {
            h.report.finish(info, &mut h.out)?;
            h.file.commit(h.out)?;
        }
        self.run.commit(self.run_w)?;
        // Make the renames durable too (best effort: not every platform can
        // sync a folder).
        if let Some(dir) = dir.and_then(|d| File::open(d).ok()) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// Renders the three per-article tables on worker threads.
struct ReportRender {
    labels: Vec<String>,
    profile: CsvProfile,
    table: SentenceTable,
}

impl Render for ReportRender {
    fn render(&self, out: &ArticleOutput) -> anyhow::Result<Rendered> {
        let mut sentences = Vec::with_capacity(out.rows.len() * 256);
        self.table.encode(&out.rows, self.profile, &mut sentences);
        let mut articles = Vec::new();
        encode_rows(
            &article_rows(out, &self.labels),
            self.profile,
            &mut articles,
        );
        let mut speakers = Vec::new();
        encode_rows(&speaker_rows(out), self.profile, &mut speakers);
        Ok(Rendered {
            sentences,
            articles,
            speakers,
        })
    }
}

impl Sink for FileSink {
    fn renderer(&self) -> Box<dyn Render> {
        Box::new(ReportRender {
            labels: self.labels.clone(),
            profile: self.profile,
            table: self.table.clone(),
        })
    }

    fn article(&mut self, out: &ArticleOutput, rendered: &Rendered) -> anyhow::Result<()> {
        if let Some(h) = &mut self.html {
            h.report.article(out)?;
        }
        self.sentences.1.append_bytes(&rendered.sentences)?;
        self.sentence_records += self.table.records(&out.rows);
        self.articles
            .1
            .append_rendered::<ArticleRow>(&rendered.articles)?;
        self.speakers
            .1
            .append_rendered::<SpeakerRow>(&rendered.speakers)?;
        Ok(())
    }

    fn problem(&mut self, row: &ErrorRow, is_error: bool) -> anyhow::Result<()> {
        if let Some(h) = &mut self.html {
            h.report.problem(row, is_error);
        }
        if is_error {
            self.errors.1.write(row)?;
        } else {
            self.errors.1.write(&ErrorRow {
                message: format!("warning: {}", row.message),
                ..row.clone()
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writeback_passes_bytes_through_and_starts_every_step() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let mut w = Writeback::new(File::create(&path).unwrap());
        let chunk: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
        for _ in 0..20 {
            w.write_all(&chunk).unwrap();
        }
        w.flush().unwrap();
        assert_eq!(w.written, 20 << 20);
        // Requests were made at each 8 MiB step, not for the tail.
        assert_eq!(w.started, 16 << 20);
        let back = std::fs::read(&path).unwrap();
        assert_eq!(back.len(), 20 << 20);
        assert!(back.chunks(1 << 20).all(|c| c == chunk.as_slice()));
    }

    #[test]
    fn temp_names_round_trip() {
        assert_eq!(temp_owner(&temp_name("errors.csv", 4242)), Some(4242));
        assert_eq!(temp_owner(".run.json.tmp-7"), Some(7));
        assert_eq!(temp_owner(".notes.csv.tmp-7"), None);
        assert_eq!(temp_owner(".run.json.tmp-x"), None);
        assert_eq!(temp_owner("run.json"), None);
    }

    #[test]
    fn stale_temps_go_other_files_stay() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this pid (pid_max is at most 2^22 on Linux).
        let stale = dir.path().join(temp_name("sentences.csv", u32::MAX - 1));
        let other = dir.path().join("keep.txt");
        std::fs::write(&stale, "partial").unwrap();
        std::fs::write(&other, "mine").unwrap();
        remove_stale_temps(dir.path()).unwrap();
        assert!(!stale.exists());
        assert!(other.exists());
        // A temporary file of this very process is ours to replace.
        let own = dir.path().join(temp_name("run.json", std::process::id()));
        std::fs::write(&own, "x").unwrap();
        remove_stale_temps(dir.path()).unwrap();
        assert!(!own.exists());
    }

    #[test]
    fn a_live_run_is_not_disturbed() {
        // A child running this same test binary plays the live run: same
        // process name, different pid. It lists no tests and waits on stdin.
        let Ok(own) = std::fs::read_to_string("/proc/self/comm") else {
            // Straight to stderr: the harness captures eprintln!.
            let _ = writeln!(
                std::io::stderr(),
                "*** SKIPPED a_live_run_is_not_disturbed: no /proc on this system ***"
            );
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("sh")
            .args(["-c", "exec \"$0\" --list >/dev/null; read _"])
            .arg(std::env::current_exe().unwrap())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let live = dir.path().join(temp_name("errors.csv", child.id()));
        std::fs::write(&live, "x").unwrap();
        let alive_as_us =
            std::fs::read_to_string(format!("/proc/{}/comm", child.id())).is_ok_and(|c| c == own);
        let result = remove_stale_temps(dir.path());
        let _ = child.kill();
        let _ = child.wait();
        if alive_as_us {
            let err = result.unwrap_err().to_string();
            assert!(err.contains("another standpoint run"), "{err}");
            assert!(live.exists());
        } else {
            // The child is a shell (or already gone): its file is stale.
            assert!(result.is_ok());
            assert!(!live.exists());
        }
    }

    #[test]
    fn dropped_atomic_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (_f, mut w) = AtomicFile::create(dir.path(), "sentences.csv").unwrap();
            w.write_all(b"half a report").unwrap();
            w.flush().unwrap();
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let (f, mut w) = AtomicFile::create(dir.path(), "run.json").unwrap();
        w.write_all(b"{}").unwrap();
        f.commit(w).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["run.json"]);
    }
}
