//! Self-contained HTML reports: `report.html` for a labelling run and the
//! page of `standpoint eval --html`.
//!
//! [`HtmlReport`] is fed the same [`ArticleOutput`]s as the CSV writers, one at
//! a time. It keeps only fixed-size tallies in memory (label counts per target,
//! speaker counts, the first error rows) and writes each article's stance strip
//! to a spill file as it goes; [`HtmlReport::finish`] renders the page around
//! the spilled fragments. Every piece of input text is HTML-escaped, by the
//! template engine in the page and by `push_escaped` in the article sections
//! (built by hand, since a template render per article would cost more than
//! the rest of the report work); no input ever becomes markup.
//!
//! The page is one file: CSS, the SVG charts and a little vanilla JavaScript
//! (target selector, table sorting) are inline, and a Content-Security-Policy
//! forbids loading anything from elsewhere.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use minijinja::Environment;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3Builder;

use crate::{ArticleOutput, ErrorRow, ReportError, Result, RunInfo, SentenceRow};

/// Where the spilled article fragments go in the rendered page.
const ARTICLES_MARKER: &str = "<!--standpoint:articles-->";

/// Fixed colours for the usual labels; other labels take the palette in order.
const PALETTE: &[&str] = &[
    "#7b3294", "#008837", "#c2a5cf", "#a6611a", "#018571", "#d01c8b", "#4d4d4d",
];

/// Seed of the speaker table's hasher.
const SPEAKER_SEED: u64 = 0x5354_414e_4450_4f49;

/// Display name of the empty target of an untargeted model.
const NO_TARGET: &str = "(all)";

/// Caps that keep `report.html` small and its memory use flat on huge runs.
///
/// The CSV reports always hold every row; these limits apply to the HTML page only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HtmlLimits {
    /// Articles that get a stance strip; later articles are only counted.
    pub strip_articles: usize,
    /// Of those, the first articles whose cells carry the sentence tooltip.
    pub detailed_articles: usize,
    /// Cells per strip; longer articles end with a "+N more" mark.
    pub strip_cells: usize,
    /// Characters of sentence text kept in a tooltip.
    pub tooltip_chars: usize,
    /// Characters of evidence kept per target in a tooltip.
    pub evidence_chars: usize,
    /// Articles per collapsible group.
    pub group_size: usize,
    /// Rows of the speaker table.
    pub speaker_rows: usize,
    /// Distinct speaker names counted; sentences of later names are pooled.
    pub tracked_speakers: usize,
    /// Characters of a speaker name kept.
    pub speaker_chars: usize,
    /// Rows of the errors table.
    pub error_rows: usize,
}

impl Default for HtmlLimits {
    fn default() -> Self {
        HtmlLimits {
            strip_articles: 5_000,
            detailed_articles: 300,
            strip_cells: 400,
            tooltip_chars: 240,
            evidence_chars: 90,
            group_size: 100,
            speaker_rows: 200,
            tracked_speakers: 50_000,
            speaker_chars: 120,
            error_rows: 1_000,
        }
    }
}

fn template_error(e: minijinja::Error) -> ReportError {
    ReportError::Template(format!("{e:#}"))
}

fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, source) in [
        ("report.html", include_str!("../templates/report.html")),
        ("eval.html", include_str!("../templates/eval.html")),
        ("style.css", include_str!("../templates/style.css")),
        ("report.js", include_str!("../templates/report.js")),
    ] {
        env.add_template(name, source).map_err(template_error)?;
    }
    Ok(env)
}

/// At most `max` characters of `s`, with `…` when cut.
fn clip(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max {
        return Cow::Borrowed(s);
    }
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((i, _)) => Cow::Owned(format!("{}…", s[..i].trim_end())),
    }
}

fn pct(n: u64, total: u64) -> String {
    if total == 0 {
        "0.0%".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / total as f64)
    }
}

/// The fixed colour of a usual label name.
fn known_colour(name: &str) -> Option<&'static str> {
    match name {
        "favor" | "favour" | "pro" | "support" => Some("#2b6cb0"),
        "against" | "con" | "oppose" => Some("#e66101"),
        "none" | "neutral" | "unrelated" => Some("#c3c9cf"),
        "uncertain" => Some("#f2d46b"),
        _ => None,
    }
}

/// Labels and targets in first-seen order, with their per-(target, label) slots.
#[derive(Debug, Default)]
struct Names {
    targets: Vec<String>,
    labels: Vec<String>,
    /// (target, label) of each slot, in first-seen order.
    slots: Vec<(usize, usize)>,
    /// Slot per target × label.
    slot_of: Vec<Vec<Option<usize>>>,
}

impl Names {
    fn index(list: &mut Vec<String>, name: &str) -> usize {
        match list.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                list.push(name.to_string());
                list.len() - 1
            }
        }
    }

    fn target(&mut self, name: &str) -> usize {
        let t = Self::index(&mut self.targets, name);
        if self.slot_of.len() <= t {
            self.slot_of.resize(t + 1, Vec::new());
        }
        t
    }

    fn label(&mut self, name: &str) -> usize {
        Self::index(&mut self.labels, name)
    }

    fn slot(&mut self, t: usize, l: usize) -> usize {
        let row = &mut self.slot_of[t];
        if row.len() <= l {
            row.resize(l + 1, None);
        }
        match row[l] {
            Some(s) => s,
            None => {
                self.slots.push((t, l));
                let s = self.slots.len() - 1;
                row[l] = Some(s);
                s
            }
        }
    }

    fn target_name(&self, t: usize) -> &str {
        match self.targets[t].as_str() {
            "" => NO_TARGET,
            name => name,
        }
    }
}

#[derive(Debug, Default)]
struct SpeakerTally {
    sentences: u64,
    /// Sentence rows per slot.
    slots: Vec<u64>,
}

impl SpeakerTally {
    fn add(&mut self, slot: usize) {
        if self.slots.len() <= slot {
            self.slots.resize(slot + 1, 0);
        }
        self.slots[slot] += 1;
    }
}

#[derive(Debug, Clone, Serialize)]
struct ErrorView {
    path: String,
    kind: String,
    message: String,
    is_error: bool,
}

/// Appends `s` with `&`, `<`, `>`, `"` and `'` escaped: safe in element
/// content and in quoted attribute values.
fn push_escaped(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Accumulates a run's `report.html`.
///
/// `S` is a scratch file for the article fragments (in the CLI, an unnamed
/// temporary file in the output folder), so memory does not grow with the
/// number of articles.
pub struct HtmlReport<S: Read + Write + Seek> {
    env: Environment<'static>,
    limits: HtmlLimits,
    names: Names,
    /// Sentence rows per slot, over the whole corpus.
    counts: Vec<u64>,
    speakers: HashMap<String, SpeakerTally, Xxh3Builder>,
    pooled_sentences: u64,
    errors: Vec<ErrorView>,
    errors_seen: usize,
    articles: usize,
    /// Scratch: the slot of each row of the current article.
    row_slots: Vec<usize>,
    /// Scratch: the current article's rows per slot.
    article_counts: Vec<usize>,
    /// Scratch: the current article's cells.
    strip: String,
    /// The open group of articles, if any.
    group: Option<OpenGroup>,
    spill: BufWriter<S>,
}

impl<S: Read + Write + Seek> HtmlReport<S> {
    /// A report for a model with these targets (empty: untargeted) and labels
    /// (in legend order), spilling article fragments to `spill`.
    ///
    /// Targets and labels not listed here are added when first seen.
    pub fn new(
        targets: &[String],
        labels: &[String],
        limits: HtmlLimits,
        spill: S,
    ) -> Result<Self> {
        let mut names = Names::default();
        if targets.is_empty() {
            names.target("");
        }
        for t in targets {
            names.target(t);
        }
        // Legend and stacking order: favor, against, none, uncertain, then the rest.
        let rank = |l: &String| {
            ["favor", "against", "none", "uncertain"]
                .iter()
                .position(|k| k == l)
                .unwrap_or(usize::MAX)
        };
        let mut ordered: Vec<&String> = labels.iter().collect();
        ordered.sort_by_key(|l| rank(l));
        for l in ordered {
            names.label(l);
        }
        Ok(HtmlReport {
            env: environment()?,
            limits,
            names,
            counts: Vec::new(),
            speakers: HashMap::with_hasher(Xxh3Builder::new().with_seed(SPEAKER_SEED)),
            pooled_sentences: 0,
            errors: Vec::new(),
            errors_seen: 0,
            articles: 0,
            row_slots: Vec::new(),
            article_counts: Vec::new(),
            strip: String::new(),
            group: None,
            spill: BufWriter::with_capacity(1 << 16, spill),
        })
    }

    /// Adds one article's rows (sentence-major, as in `sentences.csv`).
    pub fn article(&mut self, out: &ArticleOutput) -> Result<()> {
        let idx = self.articles;
        self.articles += 1;
        let with_strip = idx < self.limits.strip_articles;
        let detailed = idx < self.limits.detailed_articles;
        self.row_slots.clear();
        for r in &out.rows {
            let t = self.names.target(&r.target);
            let l = self.names.label(&r.label);
            let s = self.names.slot(t, l);
            if self.counts.len() <= s {
                self.counts.resize(s + 1, 0);
            }
            self.counts[s] += 1;
            self.row_slots.push(s);
        }
        self.article_counts.clear();
        self.article_counts.resize(self.names.slots.len(), 0);
        self.strip.clear();
        let mut cells = 0;
        let mut i = 0;
        while i < out.rows.len() {
            let sentence = out.rows[i].sentence;
            let mut j = i + 1;
            while j < out.rows.len() && out.rows[j].sentence == sentence {
                j += 1;
            }
            self.count_speaker(&out.rows[i].speaker, i..j);
            for k in i..j {
                self.article_counts[self.row_slots[k]] += 1;
            }
            if with_strip && cells < self.limits.strip_cells {
                self.push_cell(&out.rows[i..j], i, detailed);
                cells += 1;
            }
            i = j;
        }
        if !with_strip {
            return Ok(());
        }
        let more = count_sentences(&out.rows).saturating_sub(cells);
        if self.group.is_none() {
            self.open_group(idx)?;
        }
        let section = self.article_section(idx, out, more);
        self.spill.write_all(section.as_bytes())?;
        let group_size = self.limits.group_size.max(1);
        if self
            .group
            .as_ref()
            .is_some_and(|g| idx + 1 - g.first >= group_size)
        {
            self.close_group()?;
        }
        Ok(())
    }

    /// Adds one `errors.csv` row.
    pub fn problem(&mut self, row: &ErrorRow, is_error: bool) {
        self.errors_seen += 1;
        if self.errors.len() < self.limits.error_rows {
            self.errors.push(ErrorView {
                path: row.path.clone(),
                kind: row.kind.clone(),
                message: row.message.clone(),
                is_error,
            });
        }
    }

    /// Counts one sentence (rows `range` of the current article) for `speaker`.
    fn count_speaker(&mut self, speaker: &str, range: std::ops::Range<usize>) {
        if speaker.is_empty() {
            return;
        }
        let name = clip(speaker, self.limits.speaker_chars);
        let row_slots = &self.row_slots;
        let add = |tally: &mut SpeakerTally| {
            tally.sentences += 1;
            for &slot in &row_slots[range] {
                tally.add(slot);
            }
        };
        if let Some(tally) = self.speakers.get_mut(name.as_ref()) {
            add(tally);
        } else if self.speakers.len() < self.limits.tracked_speakers {
            add(self.speakers.entry(name.into_owned()).or_default());
        } else {
            self.pooled_sentences += 1;
        }
    }

    /// Appends one sentence's cell to the strip. Classes are built from
    /// indices only; every input string in the tooltip is escaped.
    fn push_cell(&mut self, rows: &[SentenceRow], first_row: usize, detailed: bool) {
        let out = &mut self.strip;
        out.push_str("<span class=\"c");
        for k in first_row..first_row + rows.len() {
            let (t, l) = self.names.slots[self.row_slots[k]];
            let _ = write!(out, " t{t}l{l}");
        }
        if !detailed {
            out.push_str("\"></span>");
            return;
        }
        let first = &rows[0];
        let _ = write!(
            out,
            "\" tabindex=\"0\"><span class=\"tip\" role=\"tooltip\"><b>Sentence {}</b>, paragraph {}",
            first.sentence + 1,
            first.paragraph + 1
        );
        if !first.speaker.is_empty() {
            out.push_str(" · speaker <b>");
            push_escaped(out, &first.speaker);
            out.push_str("</b>");
            if !first.speaker_via.is_empty() {
                out.push_str(" (");
                push_escaped(out, &first.speaker_via);
                out.push(')');
            }
        }
        if !first.in_quote.is_empty() && first.in_quote != "none" {
            out.push_str(" · ");
            push_escaped(out, &first.in_quote);
            out.push_str(" quote");
        }
        out.push_str("<span class=\"q\">");
        push_escaped(out, &clip(first.text.trim(), self.limits.tooltip_chars));
        out.push_str("</span>");
        for (k, r) in (first_row..).zip(rows) {
            let (t, l) = self.names.slots[self.row_slots[k]];
            let _ = write!(out, "<span class=\"p\"><span class=\"sw l{l}\"></span>");
            push_escaped(out, self.names.target_name(t));
            out.push_str(": <b>");
            push_escaped(out, &r.label);
            let _ = write!(out, "</b> {:.2}", r.confidence);
            if !r.evidence.is_empty() {
                out.push_str(" <span class=\"ev\">");
                push_escaped(out, &clip(&r.evidence, self.limits.evidence_chars));
                out.push_str("</span>");
            }
            out.push_str("</span>");
        }
        out.push_str("</span></span>");
    }

    /// Appends the article's section (heading, counts per target, strip) to
    /// the current group. Built by hand rather than with the template engine:
    /// it runs for up to `strip_articles` articles per run and a template
    /// render costs more than the rest of the report work for an article.
    fn article_section(&self, idx: usize, out: &ArticleOutput, more: usize) -> String {
        let mut f = String::with_capacity(self.strip.len() + 512);
        let anchor = idx + 1;
        let title = if out.title.trim().is_empty() {
            out.article.as_str()
        } else {
            out.title.as_str()
        };
        let _ = write!(
            f,
            "<div class=\"art\" id=\"a{anchor}\">\n<h3><a href=\"#a{anchor}\">"
        );
        push_escaped(&mut f, title);
        f.push_str("</a></h3>\n<p class=\"meta\"><span class=\"path\">");
        push_escaped(&mut f, &out.article);
        let n = out.sentence_count;
        let _ = write!(f, "</span> · {n} sentence{}", if n == 1 { "" } else { "s" });
        for t in 0..self.names.targets.len() {
            let mut first = true;
            for l in 0..self.names.labels.len() {
                let Some(slot) = self.names.slot_of[t].get(l).copied().flatten() else {
                    continue;
                };
                let n = self.article_counts.get(slot).copied().unwrap_or(0);
                if n == 0 {
                    continue;
                }
                if first {
                    let _ = write!(f, "<span class=\"tc t{t}\"> · ");
                    first = false;
                } else {
                    f.push_str(", ");
                }
                push_escaped(&mut f, &self.names.labels[l]);
                let _ = write!(f, " {n}");
            }
            if !first {
                f.push_str("</span>");
            }
        }
        f.push_str("</p>\n");
        if self.strip.is_empty() {
            f.push_str("<p class=\"empty\">No sentences.</p>\n");
        } else {
            f.push_str("<div class=\"strip\">");
            f.push_str(&self.strip);
            if more > 0 {
                let _ = write!(f, "<span class=\"more\">+{more} more sentences</span>");
            }
            f.push_str("</div>\n");
        }
        f.push_str("</div>\n");
        f
    }

    /// Starts a collapsible group at article `first` (0-based). Its heading
    /// names the last article it will hold if full; `finish` rewrites it in
    /// place when the run ends earlier, so nothing is buffered.
    fn open_group(&mut self, first: usize) -> Result<()> {
        let last = (first + self.limits.group_size.max(1)).min(self.limits.strip_articles);
        let group = OpenGroup {
            first,
            last,
            at: self.spill.stream_position()?,
        };
        self.spill
            .write_all(group.heading(first == 0, last).as_bytes())?;
        self.group = Some(group);
        Ok(())
    }

    fn close_group(&mut self) -> Result<()> {
        if self.group.take().is_some() {
            self.spill.write_all(b"</details>\n")?;
        }
        Ok(())
    }

    /// Renders the page to `out`, with the run facts of `info`.
    pub fn finish<W: Write>(mut self, info: &RunInfo, mut out: W) -> Result<()> {
        if let Some(group) = self.group.take() {
            self.spill.write_all(b"</details>\n")?;
            let shown = self.articles.min(self.limits.strip_articles);
            if shown != group.last {
                let heading = group.heading(group.first == 0, shown);
                self.spill.seek(SeekFrom::Start(group.at))?;
                self.spill.write_all(heading.as_bytes())?;
            }
        }
        let mut spill = self.spill.into_inner().map_err(|e| e.into_error())?;
        spill.seek(SeekFrom::Start(0))?;
        let page = render_page(
            &self.env,
            &PageData {
                info,
                limits: self.limits,
                names: &self.names,
                counts: &self.counts,
                speakers: &self.speakers,
                pooled: self.pooled_sentences,
                errors: &self.errors,
                errors_seen: self.errors_seen,
                articles: self.articles,
            },
        )?;
        let Some((head, tail)) = page.split_once(ARTICLES_MARKER) else {
            return Err(ReportError::Template(
                "page template lacks the articles marker".into(),
            ));
        };
        out.write_all(head.as_bytes())?;
        io::copy(&mut spill, &mut out)?;
        out.write_all(tail.as_bytes())?;
        out.flush()?;
        Ok(())
    }
}

/// A group of articles whose `<details>` is open in the spill file.
struct OpenGroup {
    /// Its first article, 0-based.
    first: usize,
    /// The last article (1-based) its heading names.
    last: usize,
    /// Where its heading starts in the spill file.
    at: u64,
}

impl OpenGroup {
    /// The group's opening tag and heading, padded to the same length for any
    /// `last` up to the planned one, so it can be rewritten in place.
    fn heading(&self, open: bool, last: usize) -> String {
        let width = self.last.to_string().len();
        format!(
            "<details class=\"group\"{}><summary>Articles {}–{last:<width$}</summary>\n",
            if open { " open" } else { "" },
            self.first + 1
        )
    }
}

struct PageData<'a> {
    info: &'a RunInfo,
    limits: HtmlLimits,
    names: &'a Names,
    counts: &'a [u64],
    speakers: &'a HashMap<String, SpeakerTally, Xxh3Builder>,
    pooled: u64,
    errors: &'a [ErrorView],
    errors_seen: usize,
    articles: usize,
}

#[derive(Serialize)]
struct LabelView<'a> {
    i: usize,
    name: &'a str,
}

#[derive(Serialize)]
struct SegView<'a> {
    l: usize,
    label: &'a str,
    n: u64,
    pct: String,
    x: String,
    w: String,
    tx: String,
    show: bool,
}

#[derive(Serialize)]
struct CountView {
    n: u64,
    pct: String,
}

#[derive(Serialize)]
struct TargetView<'a> {
    i: usize,
    name: &'a str,
    short: Cow<'a, str>,
    y: usize,
    total: u64,
    segs: Vec<SegView<'a>>,
    cells: Vec<CountView>,
}

#[derive(Serialize)]
struct ColumnView<'a> {
    col: usize,
    label: &'a str,
}

#[derive(Serialize)]
struct SpeakerView<'a> {
    name: &'a str,
    sentences: u64,
    counts: Vec<u64>,
}

/// Distinct sentence indices in sentence-major rows.
fn count_sentences(rows: &[SentenceRow]) -> usize {
    let mut n = 0;
    let mut prev = None;
    for r in rows {
        if prev != Some(r.sentence) {
            n += 1;
            prev = Some(r.sentence);
        }
    }
    n
}

/// Left edge and width of the bar area in the positions chart.
const BAR_X: f64 = 200.0;
const BAR_W: f64 = 790.0;
const BAR_ROW: usize = 40;

/// Black or white text, whichever reads better on `#rrggbb`.
fn ink_for(colour: &str) -> &'static str {
    let channel = |i: usize| {
        colour
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, f64::from)
    };
    let luma = 0.299 * channel(1) + 0.587 * channel(3) + 0.114 * channel(5);
    if luma > 150.0 {
        "#111111"
    } else {
        "#ffffff"
    }
}

fn label_css(names: &Names) -> String {
    let mut css = String::new();
    let mut others = 0;
    for (l, name) in names.labels.iter().enumerate() {
        let colour = known_colour(name).unwrap_or_else(|| {
            others += 1;
            PALETTE[(others - 1) % PALETTE.len()]
        });
        css.push_str(&format!(
            ".l{l}{{background:{colour};fill:{colour}}}\nsvg .seg.l{l}{{fill:{}}}\n",
            ink_for(colour)
        ));
        for t in 0..names.targets.len() {
            css.push_str(&format!(
                "#articles[data-t=\"{t}\"] .t{t}l{l}{{background:{colour}}}\n"
            ));
        }
    }
    for t in 0..names.targets.len() {
        css.push_str(&format!(
            "#articles[data-t=\"{t}\"] .tc.t{t}{{display:inline}}\n"
        ));
    }
    css
}

fn render_page(env: &Environment<'static>, d: &PageData<'_>) -> Result<String> {
    let names = d.names;
    let slot_count = |t: usize, l: usize| -> u64 {
        names
            .slot_of
            .get(t)
            .and_then(|row| row.get(l).copied().flatten())
            .and_then(|s| d.counts.get(s).copied())
            .unwrap_or(0)
    };
    let labels: Vec<LabelView> = names
        .labels
        .iter()
        .enumerate()
        .map(|(i, name)| LabelView { i, name })
        .collect();
    let with_rows = d.counts.iter().any(|&n| n > 0);
    let targets: Vec<TargetView> = if with_rows {
        (0..names.targets.len())
            .map(|t| {
                let total: u64 = (0..names.labels.len()).map(|l| slot_count(t, l)).sum();
                let mut x = BAR_X;
                let mut segs = Vec::new();
                let mut cells = Vec::new();
                for (l, label) in names.labels.iter().enumerate() {
                    let n = slot_count(t, l);
                    cells.push(CountView {
                        n,
                        pct: pct(n, total),
                    });
                    if n == 0 || total == 0 {
                        continue;
                    }
                    let w = BAR_W * n as f64 / total as f64;
                    segs.push(SegView {
                        l,
                        label,
                        n,
                        pct: pct(n, total),
                        x: format!("{x:.2}"),
                        w: format!("{w:.2}"),
                        tx: format!("{:.2}", x + w / 2.0),
                        show: w >= 48.0,
                    });
                    x += w;
                }
                let name = names.target_name(t);
                TargetView {
                    i: t,
                    name,
                    short: clip(name, 22),
                    y: 8 + t * BAR_ROW,
                    total,
                    segs,
                    cells,
                }
            })
            .collect()
    } else {
        Vec::new()
    };

    // Speakers: most sentences first, then by name.
    let mut speakers: Vec<(&String, &SpeakerTally)> = d.speakers.iter().collect();
    speakers.sort_by(|a, b| b.1.sentences.cmp(&a.1.sentences).then_with(|| a.0.cmp(b.0)));
    let speakers_hidden = speakers.len().saturating_sub(d.limits.speaker_rows);
    let speakers: Vec<SpeakerView> = speakers
        .into_iter()
        .take(d.limits.speaker_rows)
        .map(|(name, tally)| SpeakerView {
            name,
            sentences: tally.sentences,
            counts: (0..names.targets.len())
                .flat_map(|t| (0..names.labels.len()).map(move |l| (t, l)))
                .map(|(t, l)| {
                    names
                        .slot_of
                        .get(t)
                        .and_then(|row| row.get(l).copied().flatten())
                        .and_then(|s| tally.slots.get(s).copied())
                        .unwrap_or(0)
                })
                .collect(),
        })
        .collect();
    let speaker_columns: Vec<ColumnView> = (0..names.targets.len())
        .flat_map(|t| (0..names.labels.len()).map(move |l| (t, l)))
        .enumerate()
        .map(|(i, (_, l))| ColumnView {
            col: i + 2,
            label: &names.labels[l],
        })
        .collect();

    let strips_shown = d.articles.min(d.limits.strip_articles);
    let ctx = minijinja::context! {
        info => minijinja::Value::from_serialize(d.info),
        seconds => format!("{:.2}", d.info.seconds.total),
        limits => minijinja::Value::from_serialize(d.limits),
        label_css => label_css(names),
        labels => minijinja::Value::from_serialize(&labels),
        targets => minijinja::Value::from_serialize(&targets),
        bars_height => 16 + targets.len() * BAR_ROW,
        strips_shown => strips_shown,
        strips_hidden => d.articles - strips_shown,
        detailed_shown => d.articles.min(d.limits.detailed_articles),
        speakers => minijinja::Value::from_serialize(&speakers),
        speakers_hidden => speakers_hidden,
        speaker_columns => minijinja::Value::from_serialize(&speaker_columns),
        pooled => d.pooled,
        errors => minijinja::Value::from_serialize(d.errors),
        errors_hidden => d.errors_seen - d.errors.len(),
    };
    env.get_template("report.html")
        .and_then(|t| t.render(ctx))
        .map_err(template_error)
}

/// One class row of an evaluation page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalClass {
    /// Gold label.
    pub label: String,
    /// Precision in 0..1.
    pub precision: f64,
    /// Recall in 0..1.
    pub recall: f64,
    /// F1 in 0..1.
    pub f1: f64,
    /// Gold rows of this class.
    pub support: usize,
}

/// What `standpoint eval --html` shows: plain data, so this crate needs no
/// classifier types.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EvalPage {
    /// Page heading.
    pub title: String,
    /// standpoint version.
    pub standpoint_version: String,
    /// Extra facts shown beside the scores, such as the data files or folds.
    pub details: Vec<(String, String)>,
    /// Fraction correct.
    pub accuracy: f64,
    /// Unweighted mean F1 over classes.
    pub macro_f1: f64,
    /// Labels, in matrix order.
    pub labels: Vec<String>,
    /// `confusion[gold][predicted]` counts, indexed like `labels`; missing
    /// cells count as zero.
    pub confusion: Vec<Vec<usize>>,
    /// Per-class scores.
    pub classes: Vec<EvalClass>,
}

#[derive(Serialize)]
struct HeatCell<'a> {
    gold: &'a str,
    pred: &'a str,
    n: usize,
    pct: String,
    x: usize,
    y: usize,
    tx: usize,
    ty: usize,
    ty2: usize,
    fill: String,
    ink: &'static str,
}

#[derive(Serialize)]
struct HeatAxis<'a> {
    label: Cow<'a, str>,
    x: usize,
    y: usize,
}

#[derive(Serialize)]
struct MatrixRow<'a> {
    label: &'a str,
    counts: Vec<usize>,
}

/// Mixes white-ish and dark blue: `f` in 0..1.
fn heat_fill(f: f64) -> String {
    let f = f.clamp(0.0, 1.0);
    let (a, b) = ((0xf4, 0xf7, 0xfb), (0x0b, 0x3d, 0x7a));
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// Writes the evaluation page: scores, a confusion-matrix heatmap and a
/// sortable per-class table.
pub fn write_eval_html<W: Write>(page: &EvalPage, mut out: W) -> Result<()> {
    let env = environment()?;
    let n = page.labels.len();
    let count = |g: usize, p: usize| -> usize {
        page.confusion
            .get(g)
            .and_then(|row| row.get(p))
            .copied()
            .unwrap_or(0)
    };
    let (cell_w, cell_h, left, top) = (96usize, 56usize, 150usize, 52usize);
    let mut cells = Vec::new();
    let mut matrix = Vec::new();
    let mut total = 0;
    for (g, gold) in page.labels.iter().enumerate() {
        let row_total: usize = (0..n).map(|p| count(g, p)).sum();
        total += row_total;
        matrix.push(MatrixRow {
            label: gold,
            counts: (0..n).map(|p| count(g, p)).collect(),
        });
        for (p, pred) in page.labels.iter().enumerate() {
            let c = count(g, p);
            let f = if row_total == 0 {
                0.0
            } else {
                c as f64 / row_total as f64
            };
            let (x, y) = (left + p * cell_w, top + g * cell_h);
            cells.push(HeatCell {
                gold,
                pred,
                n: c,
                pct: pct(c as u64, row_total as u64),
                x,
                y,
                tx: x + cell_w / 2,
                ty: y + cell_h / 2,
                ty2: y + cell_h / 2 + 16,
                fill: heat_fill(f),
                ink: if f > 0.5 { "#ffffff" } else { "#1d2125" },
            });
        }
    }
    let heat = minijinja::context! {
        width => left + n * cell_w + 10,
        height => top + n * cell_h + 10,
        cell_w => cell_w,
        cell_h => cell_h,
        mid_x => left + n * cell_w / 2,
        mid_y => top + n * cell_h / 2,
        head_y => top - 10,
        row_label_x => left - 10,
        cols => minijinja::Value::from_serialize(
            page.labels
                .iter()
                .enumerate()
                .map(|(p, l)| HeatAxis { label: clip(l, 12), x: left + p * cell_w + cell_w / 2, y: 0 })
                .collect::<Vec<_>>()
        ),
        rows => minijinja::Value::from_serialize(
            page.labels
                .iter()
                .enumerate()
                .map(|(g, l)| HeatAxis { label: clip(l, 16), x: 0, y: top + g * cell_h + cell_h / 2 + 5 })
                .collect::<Vec<_>>()
        ),
    };
    let classes: Vec<_> = page
        .classes
        .iter()
        .map(|c| {
            minijinja::context! {
                label => &c.label,
                precision => format!("{:.4}", c.precision),
                recall => format!("{:.4}", c.recall),
                f1 => format!("{:.4}", c.f1),
                support => c.support,
            }
        })
        .collect();
    let ctx = minijinja::context! {
        page => minijinja::Value::from_serialize(page),
        accuracy => format!("{:.4}", page.accuracy),
        macro_f1 => format!("{:.4}", page.macro_f1),
        total => total,
        labels => minijinja::Value::from_serialize(&page.labels),
        cells => minijinja::Value::from_serialize(&cells),
        matrix => minijinja::Value::from_serialize(&matrix),
        heat => heat,
        classes => classes,
    };
    env.get_template("eval.html")
        .and_then(|t| t.render_captured_to(ctx, &mut out).map(|_| ()))
        .map_err(template_error)?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn row(article: &str, s: usize, target: &str, label: &str, text: &str) -> SentenceRow {
        SentenceRow {
            article: article.into(),
            sentence: s,
            target: target.into(),
            label: label.into(),
            confidence: 0.75,
            text: text.into(),
            ..Default::default()
        }
    }

    fn article(name: &str, sentences: &[(&str, &str, &str)]) -> ArticleOutput {
        // (speaker, sanctions label, text)
        let mut rows = Vec::new();
        for (i, (speaker, label, text)) in sentences.iter().enumerate() {
            for (target, l) in [("sanctions", *label), ("negotiations", "none")] {
                let mut r = row(name, i, target, l, text);
                r.speaker = speaker.to_string();
                r.evidence = "impose(+1.20)".into();
                rows.push(r);
            }
        }
        ArticleOutput {
            article: name.into(),
            title: format!("Title of {name}"),
            encoding: "utf-8".into(),
            sentence_count: sentences.len(),
            rows,
        }
    }

    fn labels() -> Vec<String> {
        vec!["against".into(), "favor".into(), "none".into()]
    }

    fn targets() -> Vec<String> {
        vec!["sanctions".into(), "negotiations".into()]
    }

    fn render(limits: HtmlLimits, outs: &[ArticleOutput], errors: &[ErrorRow]) -> String {
        let mut rep =
            HtmlReport::new(&targets(), &labels(), limits, Cursor::new(Vec::new())).unwrap();
        for e in errors {
            rep.problem(e, true);
        }
        for o in outs {
            rep.article(o).unwrap();
        }
        let info = RunInfo {
            standpoint_version: "9.9.9".into(),
            model_id: "model-x".into(),
            model_hash: "00ff".into(),
            articles: outs.len(),
            errors: errors.len(),
            ..Default::default()
        };
        let mut page = Vec::new();
        rep.finish(&info, &mut page).unwrap();
        String::from_utf8(page).unwrap()
    }

    #[test]
    fn input_text_is_escaped_everywhere() {
        let evil = "<script>alert(1)</script> \"><img src=x onerror=alert(2)>";
        let mut a = article("<b>x</b>.txt", &[(evil, "favor", evil)]);
        a.title = evil.into();
        a.rows[0].evidence = evil.into();
        let html = render(
            HtmlLimits::default(),
            &[a],
            &[ErrorRow {
                path: evil.into(),
                kind: "decode".into(),
                message: evil.into(),
            }],
        );
        assert!(!html.contains("<script>alert"), "raw script in page");
        assert!(!html.contains("<img"), "raw img in page");
        assert!(!html.contains("<b>x"), "raw tag from a path");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "escaped text missing"
        );
        assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
        // The hand-built strip escapes the tooltip's text, speaker, evidence and path.
        let escaped =
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;";
        assert!(html.contains(&format!("<span class=\"q\">{escaped}</span>")));
        assert!(html.contains(&format!("speaker <b>{escaped}</b>")));
        assert!(html.contains(&format!("<span class=\"ev\">{escaped}</span>")));
        assert!(html.contains(&format!("<h3><a href=\"#a1\">{escaped}</a></h3>")));
        assert!(html.contains("<span class=\"path\">&lt;b&gt;x&lt;/b&gt;.txt</span>"));
        // The page's own scripts: the error hook in <head> and the one at the end.
        assert_eq!(html.matches("<script>").count(), 2);
    }

    #[test]
    fn counts_per_target_and_speaker_table() {
        let outs = vec![
            article(
                "a.txt",
                &[
                    ("Haley", "favor", "One."),
                    ("Haley", "against", "Two."),
                    ("", "favor", "Three."),
                ],
            ),
            article("b.txt", &[("Nebenzia", "against", "Four.")]),
        ];
        let html = render(HtmlLimits::default(), &outs, &[]);
        // sanctions: 2 favor, 2 against, 0 none out of 4 rows.
        let table = &html[html.find("id=\"positions-table\"").unwrap()..];
        let sanctions = &table[table.find(">sanctions<").unwrap()..];
        let sanctions = &sanctions[..sanctions.find("</tr>").unwrap()];
        assert!(
            sanctions.contains(">2 <span class=\"note\">(50.0%)"),
            "{sanctions}"
        );
        assert!(
            sanctions.contains(">0 <span class=\"note\">(0.0%)"),
            "{sanctions}"
        );
        assert!(sanctions.ends_with(">4</td>"), "{sanctions}");
        // Speakers: Haley has 2 sentences, listed before Nebenzia (1).
        let sp = &html[html.find("id=\"speaker-table\"").unwrap()..];
        let haley = sp.find(">Haley<").unwrap();
        let neb = sp.find(">Nebenzia<").unwrap();
        assert!(haley < neb);
        let haley_row = &sp[haley..haley + sp[haley..].find("</tr>").unwrap()];
        // columns: sentences, then sanctions favor/against/none, negotiations favor/against/none
        let cells: Vec<&str> = haley_row
            .split("<td class=\"")
            .skip(1)
            .map(|c| &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()])
            .collect();
        assert_eq!(cells, ["2", "1", "1", "0", "0", "0", "2"]);
        // One strip cell per sentence, classes for both targets.
        assert_eq!(html.matches("class=\"c t0l0 t1l2\"").count(), 2);
        assert_eq!(html.matches("class=\"c t0l1 t1l2\"").count(), 2);
        // The heading planned "1–100" and was rewritten in place, padded.
        assert!(html.contains("<details class=\"group\" open><summary>Articles 1–2  </summary>\n<div class=\"art\" id=\"a1\">"));
        // Legend order puts favor first, whatever order the model lists labels in.
        let legend = &html[html.find("<ul class=\"legend\">").unwrap()..];
        assert!(
            legend
                .starts_with("<ul class=\"legend\">\n<li><span class=\"sw l0\"></span>favor</li>"),
            "{}",
            &legend[..200]
        );
        assert!(html.contains("id=\"no-errors\""));
    }

    #[test]
    fn limits_cap_strips_tooltips_cells_and_groups() {
        let long: Vec<(&str, &str, &str)> = (0..7).map(|_| ("", "none", "S.")).collect();
        let outs: Vec<ArticleOutput> = (0..5)
            .map(|i| article(&format!("{i}.txt"), &long))
            .collect();
        let limits = HtmlLimits {
            strip_articles: 3,
            detailed_articles: 1,
            strip_cells: 4,
            group_size: 2,
            ..Default::default()
        };
        let html = render(limits, &outs, &[]);
        assert_eq!(html.matches("<div class=\"art\"").count(), 3);
        assert_eq!(
            html.matches("class=\"tip\"").count(),
            4,
            "tooltips only in the first article"
        );
        assert_eq!(html.matches("+3 more sentences").count(), 3);
        assert!(html.contains("<summary>Articles 1–2</summary>"));
        assert!(html.contains("<summary>Articles 3–3</summary>"));
        assert!(html.contains("2 more are counted above"));
        // All 5 articles are still counted: 35 sanctions rows, all `none`.
        assert!(html.contains(">35 <span class=\"note\">(100.0%)"));
    }

    #[test]
    fn tooltip_text_is_clipped() {
        let text = "word ".repeat(100);
        let html = render(
            HtmlLimits {
                tooltip_chars: 20,
                ..Default::default()
            },
            &[article("a.txt", &[("", "favor", &text)])],
            &[],
        );
        assert!(
            html.contains("<span class=\"q\">word word word word…</span>"),
            "{html}"
        );
    }

    #[test]
    fn untargeted_model_and_empty_run_render() {
        let mut rep = HtmlReport::new(
            &[],
            &labels(),
            HtmlLimits::default(),
            Cursor::new(Vec::new()),
        )
        .unwrap();
        rep.article(&ArticleOutput {
            article: "e.txt".into(),
            ..Default::default()
        })
        .unwrap();
        let mut page = Vec::new();
        rep.finish(&RunInfo::default(), &mut page).unwrap();
        let html = String::from_utf8(page).unwrap();
        assert!(html.contains("No sentences were labelled."));
        assert!(html.contains("No sentences.</p>"));
        assert!(!html.contains(ARTICLES_MARKER));
    }

    #[test]
    fn push_escaped_covers_markup_characters() {
        let mut out = String::from("x");
        push_escaped(&mut out, "a&b<c>d\"e'f é");
        assert_eq!(out, "xa&amp;b&lt;c&gt;d&quot;e&#39;f é");
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("Né ok", 2), "Né…");
        assert_eq!(clip("Né", 2), "Né");
    }

    #[test]
    fn eval_page_has_heatmap_and_escaped_labels() {
        let page = EvalPage {
            title: "Evaluation".into(),
            standpoint_version: "1.0".into(),
            details: vec![("test".into(), "<test>.csv".into())],
            accuracy: 0.75,
            macro_f1: 0.5,
            labels: vec!["favor".into(), "<script>".into()],
            confusion: vec![vec![3, 1], vec![0]],
            classes: vec![EvalClass {
                label: "<script>".into(),
                precision: 0.0,
                recall: 0.0,
                f1: 0.0,
                support: 0,
            }],
        };
        let mut out = Vec::new();
        write_eval_html(&page, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(!html.contains("<script>alert") && html.matches("<script>").count() == 2);
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("&lt;test&gt;.csv"));
        assert!(html.contains("id=\"accuracy\">0.7500<"));
        assert!(html.contains("id=\"n-examples\">4<"));
        assert_eq!(html.matches("<g class=\"cell\">").count(), 4);
        // 3 of 4 gold `favor` rows: 75%, dark cell with white ink.
        assert!(html.contains("gold favor, predicted favor: 3 (75.0% of gold favor)"));
        assert_eq!(heat_fill(0.0), "#f4f7fb");
        assert_eq!(heat_fill(1.0), "#0b3d7a");
    }
}
