//! The parallel batch driver: the only place with parallelism.
//!
//! Inputs are pulled lazily, one at a time, by the rayon workers
//! (`par_bridge`). A worker reads its input, runs the stages and renders the
//! report rows to bytes; the result goes over a channel to the calling
//! thread, which writes results strictly in input order. At most `window`
//! inputs are in flight (taken but not yet written): a worker that would run
//! further ahead waits. So memory is bounded by the window, not the corpus,
//! the writer only copies bytes while both cores keep working, and the output
//! is the same for any number of threads.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use linfa::traits::Predict;
use rayon::prelude::*;
use standpoint_attribute::{Attribute, Attributor};
use standpoint_classify::{
    AnalyzeJob, FitJob, InOrder, Queries, SparseLogisticRegression, StanceModel, TrainRunner,
};
use standpoint_ingest::{
    load_entry, parse_jsonl_line, Article, Entry, IngestConfig, IngestError, Loaded,
};
use standpoint_report::{ArticleOutput, ErrorRow, SentenceRow, StageSeconds};
use standpoint_segment::Segmenter;

use crate::sink::{Render, Rendered, Sink};

/// Runs the independent jobs of `train` and `eval` (text analysis in one
/// slice per thread, then the model fits, largest first) on a thread pool
/// and gives the results back in job order, so the model is the same for
/// any number of threads.
pub(crate) struct FitPool(rayon::ThreadPool);

impl FitPool {
    /// A pool of `threads` workers (at least one).
    pub(crate) fn new(threads: usize) -> anyhow::Result<Self> {
        Ok(FitPool(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads.max(1))
                .build()?,
        ))
    }
}

impl TrainRunner for FitPool {
    fn fit_all(
        &self,
        jobs: Vec<FitJob<'_>>,
    ) -> Vec<standpoint_classify::Result<SparseLogisticRegression>> {
        if self.0.current_num_threads() < 2 {
            return InOrder.fit_all(jobs);
        }
        // Largest first, so that one long fit does not start last.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].rows()));
        let mut out: Vec<_> = self.0.install(|| {
            order
                .par_iter()
                .with_max_len(1)
                .map(|&i| (i, jobs[i].run()))
                .collect()
        });
        out.sort_by_key(|r| r.0);
        out.into_iter().map(|r| r.1).collect()
    }

    fn analyze_all(
        &self,
        jobs: Vec<AnalyzeJob<'_>>,
    ) -> Vec<standpoint_classify::Result<standpoint_features::Part>> {
        self.0.install(|| {
            jobs.par_iter()
                .with_max_len(1)
                .map(AnalyzeJob::run)
                .collect()
        })
    }

    fn slices(&self) -> usize {
        self.0.current_num_threads()
    }
}

/// Inputs in flight per worker thread.
const WINDOW_PER_THREAD: usize = 16;

/// The stages, configured and validated.
pub(crate) struct Stages {
    pub(crate) ingest: IngestConfig,
    pub(crate) segmenter: Segmenter,
    pub(crate) attributor: Attributor,
    pub(crate) model: StanceModel,
    pub(crate) min_confidence: Option<f64>,
}

/// One unit of work, read lazily by a worker.
pub(crate) enum Input {
    /// A discovered file (one article, or many for a `.jsonl` file).
    File(Entry),
    /// One JSONL line of a stream, `{"id","text"[,"title"]}`.
    Line {
        /// The stream's name for messages (`stdin` or a path).
        origin: Arc<str>,
        /// 1-based line number.
        number: usize,
        /// The raw line, without its newline.
        bytes: Vec<u8>,
    },
}

impl Input {
    /// The name of this input in an error row.
    fn name(&self) -> String {
        match self {
            Input::File(e) => e.rel.clone(),
            Input::Line { origin, number, .. } => format!("{origin}:{number}"),
        }
    }

    fn load(self, config: &IngestConfig) -> standpoint_ingest::Result<Loaded> {
        match self {
            Input::File(e) => load_entry(&e, config),
            Input::Line {
                origin,
                number,
                bytes,
            } => parse_jsonl_line(&bytes, number)
                .map(|a| Loaded {
                    articles: a.into_iter().collect(),
                    problems: Vec::new(),
                })
                .map_err(|e| e.with_path(format!("{origin}:{number}"))),
        }
    }
}

/// Counts and timings of a run.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    pub(crate) articles: usize,
    pub(crate) sentences: usize,
    pub(crate) rows: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) seconds: StageSeconds,
}

/// Time spent per stage while processing.
#[derive(Default)]
pub(crate) struct Timing {
    ingest: Duration,
    segment: Duration,
    attribute: Duration,
    classify: Duration,
    report: Duration,
}

impl Timing {
    fn add(&mut self, other: &Timing) {
        self.ingest += other.ingest;
        self.segment += other.segment;
        self.attribute += other.attribute;
        self.classify += other.classify;
        self.report += other.report;
    }
}

/// Result of processing one input.
struct InputResult {
    outputs: Vec<(ArticleOutput, Rendered)>,
    problems: Vec<(ErrorRow, bool)>,
    /// A failure that must stop the run (rendering failed).
    fatal: Option<anyhow::Error>,
    timing: Timing,
    bytes: u64,
}

fn problem_row(e: &IngestError, fallback: &str) -> ErrorRow {
    ErrorRow {
        path: e.path().unwrap_or(fallback).to_string(),
        kind: e.kind().to_string(),
        message: e.message(),
    }
}

/// How far a run has got, reported after each input is written.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Progress {
    /// Inputs finished.
    pub(crate) done: usize,
    /// Inputs in total (0 when unknown, as for a stream).
    pub(crate) total: usize,
    /// Bytes of input decoded so far.
    pub(crate) bytes: u64,
}

/// Runs the pipeline over `inputs` with `threads` workers, writing to `sink`
/// in input order and calling `progress` after every input. `total` is the
/// number of inputs if known (for progress only).
pub(crate) fn run<I>(
    inputs: I,
    total: usize,
    stages: &Stages,
    threads: usize,
    sink: &mut dyn Sink,
    progress: &mut dyn FnMut(Progress),
) -> anyhow::Result<Totals>
where
    I: Iterator<Item = Input> + Send,
{
    let threads = threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("standpoint-worker-{i}"))
        .build()?;
    let started = Instant::now();
    let gate = Gate::new(threads * WINDOW_PER_THREAD);
    let render = sink.renderer();
    let render: &dyn Render = render.as_ref();
    let (tx, rx) = mpsc::channel::<(usize, InputResult)>();
    let mut writer = Writer {
        sink,
        totals: Totals::default(),
        timing: Timing::default(),
        write_time: Duration::ZERO,
        progress: Progress {
            total,
            ..Progress::default()
        },
        on_progress: progress,
    };
    let written = pool.in_place_scope(|scope| {
        // Whatever happens to the writer, the workers stop taking inputs.
        let _stop = CancelOnDrop(&gate);
        let gate = &gate;
        scope.spawn(move |_| {
            Windowed {
                inner: inputs,
                next: 0,
                gate,
            }
            .par_bridge()
            .for_each_with(tx, |tx, (index, input)| {
                let name = input.name();
                let result =
                    catch_unwind(AssertUnwindSafe(|| process_input(input, stages, render)))
                        .unwrap_or_else(|panic| panicked(&name, panic.as_ref()));
                // The writer hangs up only when it has failed; nothing to do then.
                let _ = tx.send((index, result));
            });
        });
        writer.write_in_order(rx, gate)
    });
    written?;
    let Writer {
        mut totals,
        timing,
        write_time,
        ..
    } = writer;
    totals.seconds = StageSeconds {
        ingest: timing.ingest.as_secs_f64(),
        segment: timing.segment.as_secs_f64(),
        attribute: timing.attribute.as_secs_f64(),
        classify: timing.classify.as_secs_f64(),
        report: (timing.report + write_time).as_secs_f64(),
        total: started.elapsed().as_secs_f64(),
    };
    Ok(totals)
}

/// The ordered end of the pipeline, on the calling thread.
struct Writer<'s, 'p> {
    sink: &'s mut dyn Sink,
    totals: Totals,
    timing: Timing,
    write_time: Duration,
    progress: Progress,
    on_progress: &'p mut dyn FnMut(Progress),
}

impl Writer<'_, '_> {
    /// Receives results in any order and writes them in input order.
    fn write_in_order(
        &mut self,
        rx: mpsc::Receiver<(usize, InputResult)>,
        gate: &Gate,
    ) -> anyhow::Result<()> {
        // pending[k] holds the result of input `next + k`, once it arrives.
        let mut pending: VecDeque<Option<InputResult>> = VecDeque::new();
        let mut next = 0usize;
        for (index, result) in rx {
            let slot = index - next;
            if pending.len() <= slot {
                pending.resize_with(slot + 1, || None);
            }
            pending[slot] = Some(result);
            let before = next;
            while let Some(Some(_)) = pending.front() {
                if let Some(Some(result)) = pending.pop_front() {
                    self.write(result)?;
                    next += 1;
                }
            }
            if next > before {
                gate.advance(next);
            }
        }
        if !pending.is_empty() {
            anyhow::bail!("internal error: a worker stopped before finishing its input");
        }
        Ok(())
    }

    fn write(&mut self, r: InputResult) -> anyhow::Result<()> {
        crate::interrupt::check()?;
        if let Some(e) = r.fatal {
            return Err(e);
        }
        let t = Instant::now();
        self.timing.add(&r.timing);
        for (row, is_error) in &r.problems {
            if *is_error {
                self.totals.errors += 1;
            } else {
                self.totals.warnings += 1;
            }
            self.sink.problem(row, *is_error)?;
        }
        for (out, rendered) in &r.outputs {
            self.totals.articles += 1;
            self.totals.sentences += out.sentence_count;
            self.totals.rows += out.rows.len();
            self.sink.article(out, rendered)?;
        }
        self.write_time += t.elapsed();
        self.progress.done += 1;
        self.progress.bytes += r.bytes;
        (self.on_progress)(self.progress);
        Ok(())
    }
}

/// Limits how far the workers may run ahead of the writer.
struct Gate {
    state: Mutex<GateState>,
    wake: Condvar,
    window: usize,
}

struct GateState {
    /// Inputs written so far.
    written: usize,
    /// Set when the writer stops; workers take no more inputs.
    cancelled: bool,
}

impl Gate {
    fn new(window: usize) -> Self {
        Gate {
            state: Mutex::new(GateState {
                written: 0,
                cancelled: false,
            }),
            wake: Condvar::new(),
            window: window.max(1),
        }
    }

    /// Waits until input `index` fits in the window; false if cancelled.
    fn admit(&self, index: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while !state.cancelled && index >= state.written + self.window {
            state = self
                .wake
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !state.cancelled
    }

    fn advance(&self, written: usize) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .written = written;
        self.wake.notify_all();
    }

    fn cancel(&self) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .cancelled = true;
        self.wake.notify_all();
    }
}

struct CancelOnDrop<'g>(&'g Gate);

impl Drop for CancelOnDrop<'_> {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Numbers the inputs and holds back the next one while the window is full.
struct Windowed<'g, I> {
    inner: I,
    next: usize,
    gate: &'g Gate,
}

impl<I: Iterator> Iterator for Windowed<'_, I> {
    type Item = (usize, I::Item);

    fn next(&mut self) -> Option<Self::Item> {
        if !self.gate.admit(self.next) {
            return None;
        }
        let item = self.inner.next()?;
        let index = self.next;
        self.next += 1;
        Some((index, item))
    }
}

/// A stage panicked on this input: report it as an error row and go on.
fn panicked(name: &str, panic: &(dyn std::any::Any + Send)) -> InputResult {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into());
    InputResult {
        outputs: Vec::new(),
        problems: vec![(
            ErrorRow {
                path: name.to_string(),
                kind: "internal".into(),
                message: format!("standpoint failed on this input ({what}); please report it"),
            },
            true,
        )],
        fatal: None,
        timing: Timing::default(),
        bytes: 0,
    }
}

fn process_input(input: Input, stages: &Stages, render: &dyn Render) -> InputResult {
    let name = input.name();
    let mut timing = Timing::default();
    let t = Instant::now();
    let loaded = input.load(&stages.ingest);
    timing.ingest = t.elapsed();
    let mut result = InputResult {
        outputs: Vec::new(),
        problems: Vec::new(),
        fatal: None,
        timing: Timing::default(),
        bytes: 0,
    };
    match loaded {
        Err(e) => result.problems.push((problem_row(&e, &name), true)),
        Ok(Loaded { articles, problems }) => {
            for p in &problems {
                result
                    .problems
                    .push((problem_row(p, &name), !p.is_warning()));
            }
            for article in &articles {
                result.bytes += article.bytes;
                let out = process_article(article, stages, &mut timing);
                let t = Instant::now();
                let rendered = render.render(&out);
                timing.report += t.elapsed();
                match rendered {
                    Ok(r) => result.outputs.push((out, r)),
                    Err(e) => {
                        result.fatal = Some(e.context(format!("{name}: cannot format reports")));
                        break;
                    }
                }
            }
        }
    }
    result.timing = timing;
    result
}

/// Runs segmentation, attribution and classification on one article.
pub(crate) fn process_article(
    article: &Article,
    stages: &Stages,
    timing: &mut Timing,
) -> ArticleOutput {
    let text = article.text.as_str();
    let t = Instant::now();
    let sentences = stages.segmenter.segment(text);
    timing.segment += t.elapsed();

    let t = Instant::now();
    let attributions = stages.attributor.attribute(text, &sentences);
    timing.attribute += t.elapsed();

    let t = Instant::now();
    let targets: Vec<Option<&str>> = if stages.model.targets().is_empty() {
        vec![None]
    } else {
        stages
            .model
            .targets()
            .iter()
            .map(|t| Some(t.as_str()))
            .collect()
    };
    let mut rows = Vec::with_capacity(sentences.len() * targets.len());
    let mut chars = CharOffsets::new(text);
    let queries = Queries::document(sentences.iter().map(|s| &text[s.start..s.end]), &targets);
    let predictions: Vec<standpoint_classify::Prediction> =
        stages.model.predict(&linfa::DatasetBase::new(queries, ()));
    let mut predictions = predictions.into_iter();
    for (i, (s, a)) in sentences.iter().zip(&attributions).enumerate() {
        let (start, end) = (chars.at(s.start), chars.at(s.end));
        let sentence_text = &text[s.start..s.end];
        for (target, p) in targets.iter().zip(predictions.by_ref()) {
            let label = match stages.min_confidence {
                Some(min) if p.confidence < min => "uncertain".to_string(),
                _ => p.label,
            };
            rows.push(SentenceRow {
                article: article.id.clone(),
                sentence: i + 1,
                paragraph: s.paragraph + 1,
                start,
                end,
                speaker: a.speaker.clone().unwrap_or_default(),
                speaker_via: a.via.map(|v| v.as_str().to_string()).unwrap_or_default(),
                speaker_kind: a.kind.as_str().to_string(),
                in_quote: a.in_quote.as_str().to_string(),
                target: target.unwrap_or("").to_string(),
                label,
                confidence: p.confidence,
                evidence: standpoint_report::format_evidence(&p.evidence),
                text: sentence_text.to_string(),
            });
        }
    }
    timing.classify += t.elapsed();
    ArticleOutput {
        article: article.id.clone(),
        title: article.title.clone().unwrap_or_default(),
        encoding: article.encoding.clone(),
        sentence_count: sentences.len(),
        rows,
    }
}

/// Converts increasing byte offsets to code-point offsets in one pass.
pub(crate) struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// Code-point offset of byte offset `b` (a char boundary).
    pub(crate) fn at(&mut self, b: usize) -> usize {
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..b].chars().count();
        self.byte = b;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_fit_pool_trains_the_same_model_as_fitting_in_order() {
        use standpoint_classify::{Example, TargetTerms, TrainConfig};
        let row = |text: &str, target: &str, label: &str| Example {
            text: text.into(),
            target: Some(target.into()),
            label: label.into(),
        };
        let mut examples = Vec::new();
        for i in 0..60 {
            for (target, good, bad) in [
                ("tariffs", "Tariffs protect jobs", "Tariffs raise prices"),
                (
                    "subsidies",
                    "Subsidies reduce poverty",
                    "Subsidies waste money",
                ),
            ] {
                examples.push(row(&format!("{good} in year {i}."), target, "favor"));
                examples.push(row(&format!("{bad} in year {i}."), target, "against"));
                examples.push(row(
                    &format!("The vote on {target} is on day {i}."),
                    target,
                    "none",
                ));
            }
        }
        // More rows for the target that comes later in job order, so the
        // pool's largest-first order differs from job order.
        for i in 0..30 {
            examples.push(row(
                &format!("Tariffs were debated on day {i}."),
                "tariffs",
                "none",
            ));
        }
        let config = TrainConfig::default();
        let terms = TargetTerms::new();
        let in_order =
            standpoint_classify::train_with_runner(&examples, &terms, &config, &InOrder).unwrap();
        for threads in [1, 2, 3] {
            let pool = FitPool::new(threads).unwrap();
            let pooled =
                standpoint_classify::train_with_runner(&examples, &terms, &config, &pool).unwrap();
            assert_eq!(pooled.to_json(), in_order.to_json(), "threads={threads}");
        }
        assert_eq!(in_order.per_target_models().count(), 2);
    }

    fn stages() -> Stages {
        Stages {
            ingest: IngestConfig::default(),
            segmenter: Segmenter::new(),
            attributor: Attributor::new(),
            model: crate::model::load(None).unwrap(),
            min_confidence: None,
        }
    }

    /// JSONL lines of varying length; line 3 (if `bad`) is not JSON.
    fn lines(n: usize, bad: bool, pulled: &AtomicUsize) -> impl Iterator<Item = Input> + Send + '_ {
        let origin: Arc<str> = "test".into();
        (1..=n).map(move |number| {
            pulled.fetch_add(1, Ordering::SeqCst);
            let text = "Envoys met. ".repeat(1 + (number * 7919) % 40);
            let line = if bad && number == 3 {
                "not json".to_string()
            } else {
                format!(r#"{{"id":"a{number}","text":"{text}"}}"#)
            };
            Input::Line {
                origin: Arc::clone(&origin),
                number,
                bytes: line.into_bytes(),
            }
        })
    }

    /// Records what arrives; optionally slow, failing, or checking the window.
    #[derive(Default)]
    struct Recorder<'a> {
        seen: Vec<String>,
        problems: Vec<ErrorRow>,
        delay: Duration,
        fail_at: Option<usize>,
        window_check: Option<(&'a AtomicUsize, usize)>,
        panic_on: Option<&'static str>,
    }

    struct Ids(Option<&'static str>);

    impl Render for Ids {
        fn render(&self, out: &ArticleOutput) -> anyhow::Result<Rendered> {
            if self.0 == Some(out.article.as_str()) {
                panic!("test panic on {}", out.article);
            }
            Ok(Rendered {
                sentences: format!("{}:{}", out.article, out.rows.len()).into_bytes(),
                ..Rendered::default()
            })
        }
    }

    impl Sink for Recorder<'_> {
        fn renderer(&self) -> Box<dyn Render> {
            Box::new(Ids(self.panic_on))
        }
        fn article(&mut self, out: &ArticleOutput, rendered: &Rendered) -> anyhow::Result<()> {
            assert_eq!(
                rendered.sentences,
                format!("{}:{}", out.article, out.rows.len()).into_bytes()
            );
            if let Some((pulled, window)) = self.window_check {
                let written = self.seen.len() + self.problems.len();
                let pulled = pulled.load(Ordering::SeqCst);
                assert!(
                    pulled <= written + window + 1,
                    "{pulled} inputs taken with {written} written"
                );
            }
            if self.fail_at == Some(self.seen.len()) {
                anyhow::bail!("disk full");
            }
            std::thread::sleep(self.delay);
            self.seen.push(out.article.clone());
            Ok(())
        }
        fn problem(&mut self, row: &ErrorRow, _is_error: bool) -> anyhow::Result<()> {
            self.problems.push(row.clone());
            Ok(())
        }
    }

    #[test]
    fn results_come_in_input_order_for_any_thread_count() {
        let stages = stages();
        let want: Vec<String> = (1..=300)
            .filter(|&i| i != 3)
            .map(|i| format!("a{i}"))
            .collect();
        for threads in [1, 2, 4] {
            let pulled = AtomicUsize::new(0);
            let mut sink = Recorder::default();
            let mut progress = Vec::new();
            let totals = run(
                lines(300, true, &pulled),
                300,
                &stages,
                threads,
                &mut sink,
                &mut |p| progress.push(p.done),
            )
            .unwrap();
            assert_eq!(sink.seen, want, "threads={threads}");
            assert_eq!(sink.problems.len(), 1);
            assert_eq!(sink.problems[0].path, "test:3");
            assert_eq!(sink.problems[0].kind, "jsonl");
            assert!(sink.problems[0].message.starts_with("line 3:"));
            assert_eq!((totals.articles, totals.errors), (299, 1));
            assert_eq!(progress, (1..=300).collect::<Vec<_>>());
        }
    }

    #[test]
    fn workers_stay_within_the_window_of_a_slow_writer() {
        let stages = stages();
        let threads = 2;
        let pulled = AtomicUsize::new(0);
        let mut sink = Recorder {
            delay: Duration::from_millis(2),
            window_check: Some((&pulled, threads * WINDOW_PER_THREAD)),
            ..Recorder::default()
        };
        run(
            lines(200, false, &pulled),
            200,
            &stages,
            threads,
            &mut sink,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(sink.seen.len(), 200);
    }

    #[test]
    fn a_failing_writer_stops_the_workers() {
        let stages = stages();
        let pulled = AtomicUsize::new(0);
        let mut sink = Recorder {
            fail_at: Some(5),
            ..Recorder::default()
        };
        let err = run(
            lines(100_000, false, &pulled),
            0,
            &stages,
            2,
            &mut sink,
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        let pulled = pulled.load(Ordering::SeqCst);
        assert!(pulled <= 6 + 2 * WINDOW_PER_THREAD, "{pulled} inputs taken");
    }

    #[test]
    fn a_panic_on_one_input_becomes_an_error_row() {
        let stages = stages();
        let pulled = AtomicUsize::new(0);
        let mut sink = Recorder {
            panic_on: Some("a4"),
            ..Recorder::default()
        };
        let totals = run(
            lines(10, false, &pulled),
            10,
            &stages,
            2,
            &mut sink,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(sink.seen.len(), 9);
        assert!(!sink.seen.contains(&"a4".to_string()));
        assert_eq!(totals.errors, 1);
        let p = &sink.problems[0];
        assert_eq!((p.path.as_str(), p.kind.as_str()), ("test:4", "internal"));
        assert!(p.message.contains("test panic on a4"), "{}", p.message);
    }

    #[test]
    fn char_offsets_count_code_points() {
        let text = "“Né” said.";
        let mut c = CharOffsets::new(text);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(text.find('s').unwrap()), 5);
        assert_eq!(c.at(text.len()), 10);
        assert_eq!(c.at(3), 1);
    }
}
