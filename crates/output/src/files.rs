//! The report folder of one `label` run: `sentences.csv`, `articles.csv`,
//! `speakers.csv`, `errors.csv`, `report.html` and `run.json`, fed in input
//! order and renamed into place together at the end (see [`crate::atomic`]).
//! In the Excel profile a CSV too long for a spreadsheet is written in
//! parts (see [`crate::parts`]). In `errors.csv`, a warning's message starts
//! with `warning: `.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use standpoint_report::{
    article_rows, encode_rows, speaker_rows, ArticleOutput, ArticleRow, CsvProfile, ErrorRow,
    HtmlLimits, HtmlReport, Row, RunInfo, SentenceTable, SpeakerRow, TableParts,
};

use crate::atomic::{remove_stale_temps, sync_dir, AtomicFile, ReportWriter};
use crate::parts::{header_record, part_limit, PartedTable};
use crate::{io_at, Result};

/// Every report of a `label` run, in the order messages list them.
pub const REPORTS: &[&str] = &[
    "sentences.csv",
    "articles.csv",
    "speakers.csv",
    "errors.csv",
    "run.json",
    "report.html",
];

/// The reports of these names, and numbered parts of them, already in `dir`.
pub(crate) fn existing_reports(dir: &Path, names: &[&str]) -> Vec<String> {
    let mut found: Vec<String> = names
        .iter()
        .filter(|r| dir.join(r).exists())
        .map(|r| r.to_string())
        .collect();
    if let Ok(read) = std::fs::read_dir(dir) {
        let mut parts: Vec<String> = read
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|f| names.iter().any(|t| crate::atomic::is_part_of(f, t)))
            .collect();
        parts.sort();
        found.extend(parts);
    }
    found
}

/// Creates the output folder `dir`; unless `force`, fails if it already
/// holds reports (or parts of them). Without `html`, removes an old
/// `report.html`, which would not match the new CSVs.
pub fn prepare_out_dir(dir: &Path, force: bool, html: bool) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| io_at(dir, "cannot create output folder", e))?;
    if !force {
        let existing = existing_reports(dir, REPORTS);
        if !existing.is_empty() {
            return Err(crate::OutputError::HoldsReports {
                dir: dir.to_path_buf(),
                files: existing.join(", "),
            });
        }
    }
    if !html {
        let old = dir.join("report.html");
        match std::fs::remove_file(&old) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io_at(&old, "cannot remove", e))
            }
            _ => {}
        }
    }
    Ok(())
}

/// One article's report rows, rendered to bytes on a worker thread, with
/// the number of records in each.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Rows for the sentence table.
    pub sentences: Vec<u8>,
    /// Rows for the article table.
    pub articles: Vec<u8>,
    /// Rows for the speaker table.
    pub speakers: Vec<u8>,
    /// Records in `sentences`.
    pub sentence_records: usize,
    /// Records in `articles`.
    pub article_records: usize,
    /// Records in `speakers`.
    pub speaker_records: usize,
}

/// Renders an article's three tables as [`ReportFiles`] writes them; cheap
/// to share between worker threads.
#[derive(Debug, Clone)]
pub struct RowRenderer {
    labels: Vec<String>,
    profile: CsvProfile,
    table: SentenceTable,
}

impl RowRenderer {
    /// Renders the rows of one article.
    pub fn render(&self, out: &ArticleOutput) -> Rendered {
        let mut sentences = Vec::with_capacity(out.rows.len() * 256);
        self.table.encode(&out.rows, self.profile, &mut sentences);
        let mut articles = Vec::new();
        let article_rows = article_rows(out, &self.labels);
        encode_rows(&article_rows, self.profile, &mut articles);
        let mut speakers = Vec::new();
        let speaker_rows = speaker_rows(out);
        encode_rows(&speaker_rows, self.profile, &mut speakers);
        Rendered {
            sentences,
            articles,
            speakers,
            sentence_records: self.table.records(&out.rows),
            article_records: article_rows.len(),
            speaker_records: speaker_rows.len(),
        }
    }
}

/// `report.html`: fed the same articles as the CSVs; article fragments spill
/// to an unnamed temporary file in the output folder until `finish`.
struct HtmlFile {
    file: AtomicFile,
    out: ReportWriter,
    report: HtmlReport<File>,
}

/// The reports of one run, written to temporary files in the output folder
/// and renamed into place by [`ReportFiles::finish`].
pub struct ReportFiles {
    dir: PathBuf,
    labels: Vec<String>,
    profile: CsvProfile,
    table: SentenceTable,
    sentences: PartedTable,
    articles: PartedTable,
    speakers: PartedTable,
    errors: PartedTable,
    run: (AtomicFile, ReportWriter),
    html: Option<HtmlFile>,
}

impl ReportFiles {
    /// Opens the CSV reports in `dir` (headers written) after removing
    /// temporary files of killed runs; fails if a live run writes there.
    /// `labels` are the model's labels (`articles.csv` lists each).
    pub fn create(
        dir: &Path,
        profile: CsvProfile,
        labels: Vec<String>,
        table: SentenceTable,
    ) -> Result<Self> {
        remove_stale_temps(dir)?;
        let limit = part_limit(profile);
        let open = |name: &str, header: &[&str]| {
            PartedTable::create(dir, name, header_record(header, profile)?, limit)
        };
        let run = AtomicFile::create(dir, "run.json")?;
        let names = table.header();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        Ok(ReportFiles {
            dir: dir.to_path_buf(),
            sentences: open("sentences.csv", &names)?,
            articles: open("articles.csv", ArticleRow::HEADER)?,
            speakers: open("speakers.csv", SpeakerRow::HEADER)?,
            errors: open("errors.csv", ErrorRow::HEADER)?,
            labels,
            profile,
            table,
            run,
            html: None,
        })
    }

    /// Also writes `report.html` for a model with these targets.
    pub fn with_html(mut self, targets: &[String]) -> Result<Self> {
        let (file, out) = AtomicFile::create(&self.dir, "report.html")?;
        let spill = tempfile::tempfile_in(&self.dir)
            .map_err(|e| io_at(&self.dir, "cannot create a temporary file", e))?;
        let report = HtmlReport::new(targets, &self.labels, HtmlLimits::default(), spill)?;
        self.html = Some(HtmlFile { file, out, report });
        Ok(self)
    }

    /// The renderer the workers format rows with.
    pub fn renderer(&self) -> RowRenderer {
        RowRenderer {
            labels: self.labels.clone(),
            profile: self.profile,
            table: self.table.clone(),
        }
    }

    /// One processed article with its rendered rows, in input order.
    pub fn article(&mut self, out: &ArticleOutput, rendered: &Rendered) -> Result<()> {
        if let Some(h) = &mut self.html {
            h.report.article(out)?;
        }
        let key = out.article.as_str();
        self.sentences
            .append(&rendered.sentences, rendered.sentence_records, key)?;
        self.articles
            .append(&rendered.articles, rendered.article_records, key)?;
        self.speakers
            .append(&rendered.speakers, rendered.speaker_records, key)?;
        Ok(())
    }

    /// One failed input, or a warning (`is_error` false), in input order.
    pub fn problem(&mut self, row: &ErrorRow, is_error: bool) -> Result<()> {
        if let Some(h) = &mut self.html {
            h.report.problem(row, is_error);
        }
        let mut buf = Vec::new();
        if is_error {
            encode_rows(std::slice::from_ref(row), self.profile, &mut buf);
        } else {
            let warning = ErrorRow {
                message: format!("warning: {}", row.message),
                ..row.clone()
            };
            encode_rows(&[warning], self.profile, &mut buf);
        }
        self.errors.append(&buf, 1, &row.path)
    }

    fn tables(&self) -> [&PartedTable; 4] {
        [
            &self.sentences,
            &self.articles,
            &self.speakers,
            &self.errors,
        ]
    }

    /// What the reader must know about the reports (a table written in
    /// parts), for the summary and `run.json`.
    pub fn notes(&self) -> Vec<String> {
        self.tables().iter().flat_map(|t| t.notes()).collect()
    }

    /// The tables written in parts, for `run.json`.
    pub fn parts(&self) -> Vec<TableParts> {
        self.tables().iter().filter_map(|t| t.split()).collect()
    }

    /// Writes `run.json` from `info` and renames every report into place,
    /// `run.json` last. Fails with [`crate::Interrupted`] (writing nothing)
    /// if a stop was requested. Returns the names of the files written (the
    /// CSVs, `run.json`, `report.html`).
    pub fn finish(self, info: &RunInfo) -> Result<Vec<String>> {
        crate::interrupt::check()?;
        let (run, mut run_w) = self.run;
        serde_json::to_writer_pretty(&mut run_w, info)?;
        run_w.write_all(b"\n")?;
        let mut written = Vec::new();
        for t in [self.sentences, self.articles, self.speakers, self.errors] {
            written.extend(t.finish()?);
        }
        written.push("run.json".to_string());
        if let Some(mut h) = self.html {
            h.report.finish(info, &mut h.out)?;
            h.file.commit(h.out)?;
            written.push("report.html".to_string());
        }
        run.commit(run_w)?;
        sync_dir(&self.dir);
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use standpoint_report::{SentenceLayout, SentenceRow};

    fn article(id: &str, sentences: usize) -> ArticleOutput {
        ArticleOutput {
            article: id.into(),
            sentence_count: sentences,
            rows: (0..sentences)
                .map(|i| SentenceRow {
                    article: id.into(),
                    sentence: i,
                    speaker: if i % 2 == 0 {
                        "Ana".into()
                    } else {
                        String::new()
                    },
                    label: "none".into(),
                    confidence: 0.5,
                    text: format!("Sentence {i} of {id}."),
                    ..SentenceRow::default()
                })
                .collect(),
            ..ArticleOutput::default()
        }
    }

    #[test]
    fn reports_appear_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let table = SentenceTable::new(SentenceLayout::Wide, &[]);
        let mut files =
            ReportFiles::create(dir.path(), CsvProfile::Plain, vec!["none".into()], table).unwrap();
        let render = files.renderer();
        for (id, n) in [("a.txt", 3), ("b.txt", 2)] {
            let out = article(id, n);
            files.article(&out, &render.render(&out)).unwrap();
        }
        files
            .problem(
                &ErrorRow {
                    path: "c.txt".into(),
                    kind: "decode".into(),
                    message: "odd bytes".into(),
                },
                false,
            )
            .unwrap();
        assert!(!dir.path().join("sentences.csv").exists());
        assert!(files.notes().is_empty() && files.parts().is_empty());
        let written = files.finish(&RunInfo::default()).unwrap();
        assert_eq!(
            written,
            [
                "sentences.csv",
                "articles.csv",
                "speakers.csv",
                "errors.csv",
                "run.json"
            ]
        );
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
        assert_eq!(read("sentences.csv").lines().count(), 6);
        assert_eq!(read("articles.csv").lines().count(), 3);
        assert_eq!(read("speakers.csv").lines().count(), 3);
        assert_eq!(
            read("errors.csv"),
            "path,kind,message\nc.txt,decode,warning: odd bytes\n"
        );
        let info: RunInfo = serde_json::from_str(&read("run.json")).unwrap();
        assert_eq!(info, RunInfo::default());
        // Only the reports are left: no temporary files.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 5);
    }

    #[test]
    fn an_out_dir_with_reports_or_parts_is_refused_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/out");
        prepare_out_dir(&out, false, true).unwrap();
        assert!(out.is_dir());
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        prepare_out_dir(&out, false, true).unwrap();
        std::fs::write(out.join("sentences-002.csv"), "x").unwrap();
        std::fs::write(out.join("run.json"), "{}").unwrap();
        let err = prepare_out_dir(&out, false, true).unwrap_err().to_string();
        assert!(
            err.ends_with(
                "already holds reports (run.json, sentences-002.csv); use --force to overwrite"
            ),
            "{err}"
        );
        std::fs::write(out.join("report.html"), "old").unwrap();
        prepare_out_dir(&out, true, true).unwrap();
        assert!(out.join("report.html").exists());
        prepare_out_dir(&out, true, false).unwrap();
        assert!(!out.join("report.html").exists());
        assert!(out.join("notes.txt").exists());
    }

    #[test]
    fn renderer_counts_the_records_it_renders() {
        let table = SentenceTable::new(SentenceLayout::Long, &["x".into(), "y".into()]);
        let r = RowRenderer {
            labels: vec!["favor".into(), "none".into()],
            profile: CsvProfile::Excel,
            table,
        };
        let mut out = article("a.txt", 2);
        out.rows = out
            .rows
            .into_iter()
            .flat_map(|r| {
                ["x", "y"].map(|t| SentenceRow {
                    target: t.into(),
                    ..r.clone()
                })
            })
            .collect();
        let got = r.render(&out);
        let lines = |b: &[u8]| b.windows(2).filter(|w| w == b"\r\n").count();
        assert_eq!(got.sentence_records, 4);
        assert_eq!(lines(&got.sentences), 4);
        assert_eq!(got.article_records, lines(&got.articles));
        assert_eq!(got.article_records, 4);
        assert_eq!(got.speaker_records, lines(&got.speakers));
        assert_eq!(got.speaker_records, 2);
    }
}
