//! Report files in the output folder: written under temporary names and
//! renamed into place only when complete.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use standpoint_report::{
    article_rows, speaker_rows, ArticleOutput, ArticleRow, CsvProfile, ErrorRow, RunInfo,
    SentenceRow, SpeakerRow, TableWriter,
};

use crate::driver::{Render, Rendered, Sink};

/// A report file written to a temporary name and renamed when complete.
struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
}

impl AtomicFile {
    fn create(dir: &Path, name: &str) -> anyhow::Result<(Self, BufWriter<File>)> {
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file =
            File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
        Ok((
            AtomicFile {
                tmp,
                dest: dir.join(name),
            },
            BufWriter::with_capacity(1 << 16, file),
        ))
    }

    fn commit(self, w: BufWriter<File>) -> anyhow::Result<()> {
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&self.tmp, &self.dest)
            .with_context(|| format!("{}: cannot write", self.dest.display()))?;
        Ok(())
    }
}

pub(crate) struct FileSink {
    labels: Vec<String>,
    profile: CsvProfile,
    sentences: (AtomicFile, TableWriter<BufWriter<File>>),
    articles: (AtomicFile, TableWriter<BufWriter<File>>),
    speakers: (AtomicFile, TableWriter<BufWriter<File>>),
    errors: (AtomicFile, TableWriter<BufWriter<File>>),
    run: AtomicFile,
    run_w: BufWriter<File>,
}

impl FileSink {
    pub(crate) fn create(
        dir: &Path,
        profile: CsvProfile,
        labels: Vec<String>,
    ) -> anyhow::Result<Self> {
        let table = |name: &str| -> anyhow::Result<(AtomicFile, TableWriter<BufWriter<File>>)> {
            let (f, w) = AtomicFile::create(dir, name)?;
            Ok((f, TableWriter::new(w, profile)))
        };
        let (run, run_w) = AtomicFile::create(dir, "run.json")?;
        let mut sink = FileSink {
            labels,
            profile,
            sentences: table("sentences.csv")?,
            articles: table("articles.csv")?,
            speakers: table("speakers.csv")?,
            errors: table("errors.csv")?,
            run,
            run_w,
        };
        sink.sentences
            .1
            .write_header::<standpoint_report::SentenceRow>()?;
        sink.articles
            .1
            .write_header::<standpoint_report::ArticleRow>()?;
        sink.speakers
            .1
            .write_header::<standpoint_report::SpeakerRow>()?;
        sink.errors.1.write_header::<ErrorRow>()?;
        Ok(sink)
    }

    pub(crate) fn finish(mut self, info: &RunInfo) -> anyhow::Result<()> {
        serde_json::to_writer_pretty(&mut self.run_w, info)?;
        self.run_w.write_all(b"\n")?;
        for (f, w) in [self.sentences, self.articles, self.speakers, self.errors] {
            f.commit(w.finish()?)?;
        }
        self.run.commit(self.run_w)?;
        Ok(())
    }
}

/// Renders the three per-article tables on worker threads.
struct ReportRender {
    labels: Vec<String>,
    profile: CsvProfile,
}

impl Render for ReportRender {
    fn render(&self, out: &ArticleOutput) -> anyhow::Result<Rendered> {
        let table = || TableWriter::continuation(Vec::new(), self.profile);
        let mut sentences = table();
        for r in &out.rows {
            sentences.write(r)?;
        }
        let mut articles = table();
        for r in article_rows(out, &self.labels) {
            articles.write(&r)?;
        }
        let mut speakers = table();
        for r in speaker_rows(out) {
            speakers.write(&r)?;
        }
        Ok(Rendered {
            sentences: sentences.finish()?,
            articles: articles.finish()?,
            speakers: speakers.finish()?,
        })
    }
}

impl Sink for FileSink {
    fn renderer(&self) -> Box<dyn Render> {
        Box::new(ReportRender {
            labels: self.labels.clone(),
            profile: self.profile,
        })
    }

    fn article(&mut self, _out: &ArticleOutput, rendered: &Rendered) -> anyhow::Result<()> {
        self.sentences
            .1
            .append_rendered::<SentenceRow>(&rendered.sentences)?;
        self.articles
            .1
            .append_rendered::<ArticleRow>(&rendered.articles)?;
        self.speakers
            .1
            .append_rendered::<SpeakerRow>(&rendered.speakers)?;
        Ok(())
    }

    fn problem(&mut self, row: &ErrorRow, _is_error: bool) -> anyhow::Result<()> {
        self.errors.1.write(row)?;
        Ok(())
    }
}
