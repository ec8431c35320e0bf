//! What a person at a terminal sees while a long command runs: an indicatif
//! bar on stderr, and the summary at the end of `label`.
//!
//! Bars are drawn only when stderr is a terminal and `--quiet` was not given;
//! otherwise nothing is created at all. Updates are throttled to
//! [`MAX_UPDATES_PER_SECOND`], so the bar costs nothing measurable however
//! often the driver reports.

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::driver::Progress;

/// Redraws per second, at most.
pub(crate) const MAX_UPDATES_PER_SECOND: u8 = 10;

/// Whether to draw bars: stderr is a terminal and the user did not ask for quiet.
pub(crate) fn wanted(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// Lets an update through at most once per interval, and always the last one.
#[derive(Debug)]
pub(crate) struct Throttle {
    interval: Duration,
    last: Option<Instant>,
}

impl Throttle {
    pub(crate) fn new(per_second: u8) -> Self {
        Throttle {
            interval: Duration::from_secs(1) / u32::from(per_second.max(1)),
            last: None,
        }
    }

    /// True if an update at `now` should be drawn (`last`: the final update).
    pub(crate) fn ready(&mut self, now: Instant, last: bool) -> bool {
        let due = match self.last {
            None => true,
            Some(t) => now.saturating_duration_since(t) >= self.interval,
        };
        if due || last {
            self.last = Some(now);
        }
        due || last
    }
}

/// `12.3 MB/s` from bytes and elapsed time.
pub(crate) fn rate(bytes: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs <= 0.0 {
        return "- MB/s".into();
    }
    let mb = bytes as f64 / 1e6 / secs;
    if mb >= 1.0 {
        format!("{mb:.1} MB/s")
    } else {
        format!("{mb:.2} MB/s")
    }
}

fn bar(total: u64, style: ProgressStyle) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(total),
        ProgressDrawTarget::stderr_with_hz(MAX_UPDATES_PER_SECOND),
    )
    .with_style(style.progress_chars("=> "));
    bar.tick();
    bar
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// The look of the `label` bar: the bar itself takes what the terminal width
/// leaves (`wide_bar`), so the line never wraps, whatever the file count.
fn article_style(bytes: Arc<AtomicU64>) -> ProgressStyle {
    style("{spinner} [{elapsed_precise}] [{wide_bar}] {pos}/{len} files · {rate} · ETA {eta}")
        .with_key(
            "rate",
            move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&rate(bytes.load(Ordering::Relaxed), state.elapsed()));
            },
        )
}

/// The bar of a `label` run: input files done out of the total, MB/s and ETA.
pub(crate) struct ArticleBar {
    bar: Option<ProgressBar>,
    throttle: Throttle,
    /// Bytes decoded so far, read by the bar's `{rate}` key when it draws.
    bytes: Arc<AtomicU64>,
}

impl ArticleBar {
    /// A bar over `total` input files; `draw` false gives a bar that does nothing.
    pub(crate) fn new(total: usize, draw: bool) -> Self {
        let bytes = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&bytes);
        let bar = draw.then(|| bar(total as u64, article_style(seen)));
        ArticleBar {
            bar,
            throttle: Throttle::new(MAX_UPDATES_PER_SECOND),
            bytes,
        }
    }

    /// Takes one report from the driver.
    pub(crate) fn update(&mut self, p: Progress) {
        let Some(bar) = &self.bar else {
            return;
        };
        if !self
            .throttle
            .ready(Instant::now(), p.total > 0 && p.done >= p.total)
        {
            return;
        }
        self.bytes.store(p.bytes, Ordering::Relaxed);
        bar.set_position(p.done as u64);
    }

    /// Removes the bar from the screen.
    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A bar over the steps of `train --tune` or `eval --folds` (models fitted).
pub(crate) struct StepBar {
    bar: Option<ProgressBar>,
    throttle: Throttle,
}

impl StepBar {
    /// A bar over `total` steps named `what` (e.g. "folds").
    pub(crate) fn new(total: usize, what: &str, draw: bool) -> Self {
        let template = format!(
            "{{spinner}} [{{elapsed_precise}}] [{{wide_bar}}] {{pos}}/{{len}} {what} · ETA {{eta}}"
        );
        StepBar {
            bar: draw.then(|| bar(total as u64, style(&template))),
            throttle: Throttle::new(MAX_UPDATES_PER_SECOND),
        }
    }

    /// `done` of `total` steps are finished.
    pub(crate) fn update(&mut self, done: usize, total: usize) {
        let Some(bar) = &self.bar else {
            return;
        };
        if self.throttle.ready(Instant::now(), done >= total) {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    /// Removes the bar from the screen.
    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The facts of the end-of-run summary of `label`.
pub(crate) struct Summary<'a> {
    pub(crate) articles: usize,
    pub(crate) inputs: usize,
    pub(crate) sentences: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) seconds: f64,
    pub(crate) out: &'a Path,
    pub(crate) reports: &'a [&'a str],
    /// Things the reader must know about the reports (also in run.json).
    pub(crate) notes: &'a [String],
}

impl Summary<'_> {
    /// A few lines for stderr.
    pub(crate) fn render(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("{n} {one}")
            } else {
                format!("{n} {many}")
            }
        };
        let mut s = format!("standpoint: finished in {:.2} s\n", self.seconds);
        s += &format!(
            "  articles   {} (from {})\n",
            self.articles,
            plural(self.inputs, "input file", "input files")
        );
        s += &format!("  sentences  {}\n", self.sentences);
        if self.errors + self.warnings == 0 {
            s += "  errors     0\n";
        } else {
            s += &format!(
                "  errors     {}, {} (see {})\n",
                self.errors,
                plural(self.warnings, "warning", "warnings"),
                self.out.join("errors.csv").display()
            );
        }
        s += &format!(
            "  reports    {}: {}\n",
            self.out.display(),
            self.reports.join(", ")
        );
        for note in self.notes {
            s += &format!("  note       {note}\n");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_lets_through_first_spaced_and_last() {
        let mut t = Throttle::new(10);
        let t0 = Instant::now();
        assert!(t.ready(t0, false));
        assert!(!t.ready(t0 + Duration::from_millis(50), false));
        assert!(t.ready(t0 + Duration::from_millis(100), false));
        assert!(!t.ready(t0 + Duration::from_millis(150), false));
        assert!(
            t.ready(t0 + Duration::from_millis(151), true),
            "last always"
        );
        // 10,000 updates over one second: at most 11 draws.
        let mut t = Throttle::new(10);
        let drawn = (0..10_000)
            .filter(|i| t.ready(t0 + Duration::from_micros(i * 100), false))
            .count();
        assert!((10..=11).contains(&drawn), "{drawn}");
    }

    /// What a terminal of a given width was sent, line by line.
    #[derive(Debug, Default, Clone)]
    struct Screen {
        width: u16,
        lines: Arc<std::sync::Mutex<Vec<String>>>,
    }

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            self.width
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(s)
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            if !s.is_empty() {
                self.lines.lock().unwrap().push(s.to_string());
            }
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The drawn `label` bar line for `done` of `total` files at 80 columns.
    fn drawn_article_bar(done: u64, total: u64) -> String {
        let screen = Screen {
            width: 80,
            ..Screen::default()
        };
        let bytes = Arc::new(AtomicU64::new(987_654_321_000));
        let bar = ProgressBar::with_draw_target(
            Some(total),
            ProgressDrawTarget::term_like(Box::new(screen.clone())),
        )
        .with_style(article_style(bytes).progress_chars("=> "));
        bar.set_position(done);
        bar.tick();
        let lines = screen.lines.lock().unwrap();
        lines.last().cloned().expect("the bar drew")
    }

    #[test]
    fn article_bar_fits_80_columns_with_5_and_6_digit_counts() {
        for (done, total) in [(12_345, 99_999), (123_456, 999_999), (7, 12)] {
            let line = drawn_article_bar(done, total);
            let width = line.chars().count();
            assert!(line.contains(&format!("{done}/{total} files")), "{line:?}");
            assert!(line.contains("MB/s"), "{line:?}");
            assert!(width <= 80, "{width} columns: {line:?}");
            // The bar uses the room it has: the line is not short either.
            assert!(width >= 70, "{width} columns: {line:?}");
        }
    }

    #[test]
    fn rate_is_megabytes_per_second() {
        assert_eq!(rate(5_000_000, Duration::from_secs(2)), "2.5 MB/s");
        assert_eq!(rate(40_000, Duration::from_secs(1)), "0.04 MB/s");
        assert_eq!(rate(1, Duration::ZERO), "- MB/s");
    }

    #[test]
    fn disabled_bars_do_nothing() {
        let mut b = ArticleBar::new(3, false);
        b.update(Progress {
            done: 3,
            total: 3,
            bytes: 10,
        });
        assert!(b.bar.is_none());
        b.finish();
        let mut s = StepBar::new(5, "folds", false);
        s.update(1, 5);
        assert!(s.bar.is_none());
        s.finish();
    }

    #[test]
    fn summary_names_errors_file_and_reports() {
        let s = Summary {
            articles: 11,
            inputs: 12,
            sentences: 400,
            errors: 1,
            warnings: 0,
            seconds: 0.5,
            out: Path::new("out"),
            reports: &["sentences.csv", "report.html"],
            notes: &[],
        }
        .render();
        assert!(s.contains("articles   11 (from 12 input files)"), "{s}");
        assert!(s.contains("sentences  400"));
        assert!(
            s.contains("errors     1, 0 warnings (see out/errors.csv)"),
            "{s}"
        );
        assert!(
            s.contains("reports    out: sentences.csv, report.html"),
            "{s}"
        );
        assert!(s.lines().count() <= 6);
    }
}
