//! The page around the article sections: summary, charts and tables.

use std::borrow::Cow;
use std::collections::HashMap;

use minijinja::Environment;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3Builder;

use crate::{Result, RunInfo, SentenceRow};

use super::common::*;

pub(super) struct PageData<'a> {
    pub(super) info: &'a RunInfo,
    pub(super) limits: HtmlLimits,
    pub(super) names: &'a Names,
    pub(super) counts: &'a [u64],
    pub(super) speakers: &'a HashMap<String, SpeakerTally, Xxh3Builder>,
    pub(super) pooled: u64,
    pub(super) errors: &'a [ErrorView],
    pub(super) errors_seen: usize,
    pub(super) articles: usize,
}

#[derive(Serialize)]
pub(super) struct LabelView<'a> {
    pub(super) i: usize,
    pub(super) name: &'a str,
}

#[derive(Serialize)]
pub(super) struct SegView<'a> {
    pub(super) l: usize,
    pub(super) label: &'a str,
    pub(super) n: u64,
    pub(super) pct: String,
    /// Width in percent of the bar, for the `style` attribute.
    pub(super) share: String,
    /// Wide enough on a desktop screen for its percentage; narrower
    /// screens hide what does not fit (report.js).
    pub(super) show: bool,
}

#[derive(Serialize)]
pub(super) struct CountView {
    pub(super) n: u64,
    pub(super) pct: String,
}

#[derive(Serialize)]
pub(super) struct TargetView<'a> {
    pub(super) i: usize,
    pub(super) name: &'a str,
    pub(super) short: Cow<'a, str>,
    pub(super) total: u64,
    pub(super) segs: Vec<SegView<'a>>,
    pub(super) cells: Vec<CountView>,
}

#[derive(Serialize)]
pub(super) struct ColumnView<'a> {
    pub(super) col: usize,
    pub(super) label: &'a str,
}

#[derive(Serialize)]
pub(super) struct SpeakerView<'a> {
    pub(super) name: &'a str,
    pub(super) sentences: u64,
    pub(super) counts: Vec<u64>,
}

/// Distinct sentence indices in sentence-major rows.
pub(super) fn count_sentences(rows: &[SentenceRow]) -> usize {
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

/// Segments narrower than this share of a bar get no percentage label.
pub(super) const LABEL_MIN_SHARE: f64 = 0.06;

/// Black or white text, whichever reads better on `#rrggbb`.
pub(super) fn ink_for(colour: &str) -> &'static str {
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

pub(super) fn label_css(names: &Names) -> String {
    let mut css = String::new();
    let mut others = 0;
    for (l, name) in names.labels.iter().enumerate() {
        let colour = known_colour(name).unwrap_or_else(|| {
            others += 1;
            PALETTE[(others - 1) % PALETTE.len()]
        });
        css.push_str(&format!(
            ".l{l}{{background:{colour};fill:{colour}}}\n.track .seg.l{l}{{color:{}}}\n",
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

pub(super) fn render_page(env: &Environment<'static>, d: &PageData<'_>) -> Result<String> {
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
                    let share = n as f64 / total as f64;
                    segs.push(SegView {
                        l,
                        label,
                        n,
                        pct: pct(n, total),
                        share: format!("{:.3}", share * 100.0),
                        show: share >= LABEL_MIN_SHARE,
                    });
                }
                let name = names.target_name(t);
                TargetView {
                    i: t,
                    name,
                    short: clip(name, 40),
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
