//! `report.html` of a labelling run, built one article at a time.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use minijinja::Environment;
use xxhash_rust::xxh3::Xxh3Builder;

use crate::{ArticleOutput, ErrorRow, ReportError, Result, RunInfo, SentenceRow};

use super::common::*;
use super::page::*;

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
            first.sentence, first.paragraph
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
}
