//! What the HTML pages share: limits, the template environment, escaping,
//! and the tallies of labels, targets and speakers.

use std::borrow::Cow;

use minijinja::Environment;
use serde::Serialize;

use crate::{ReportError, Result};

/// Where the spilled article fragments go in the rendered page.
pub(super) const ARTICLES_MARKER: &str = "<!--standpoint:articles-->";

/// Fixed colours for the usual labels; other labels take the palette in order.
pub(super) const PALETTE: &[&str] = &[
    "#7b3294", "#008837", "#c2a5cf", "#a6611a", "#018571", "#d01c8b", "#4d4d4d",
];

/// Seed of the speaker table's hasher.
pub(super) const SPEAKER_SEED: u64 = 0x5354_414e_4450_4f49;

/// Display name of the empty target of an untargeted model.
pub(super) const NO_TARGET: &str = "(all)";

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

pub(super) fn template_error(e: minijinja::Error) -> ReportError {
    ReportError::Template(format!("{e:#}"))
}

pub(super) fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, source) in [
        ("report.html", include_str!("../../templates/report.html")),
        ("eval.html", include_str!("../../templates/eval.html")),
        ("style.css", include_str!("../../templates/style.css")),
        ("report.js", include_str!("../../templates/report.js")),
    ] {
        env.add_template(name, source).map_err(template_error)?;
    }
    env.add_filter("thousands", |n: u64| thousands(n));
    Ok(env)
}

/// `1234567` as `1,234,567`: counts in tables are read, not parsed.
pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// At most `max` characters of `s`, with `…` when cut.
pub(super) fn clip(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max {
        return Cow::Borrowed(s);
    }
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((i, _)) => Cow::Owned(format!("{}…", s[..i].trim_end())),
    }
}

pub(super) fn pct(n: u64, total: u64) -> String {
    if total == 0 {
        "0.0%".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / total as f64)
    }
}

/// The fixed colour of a usual label name.
pub(super) fn known_colour(name: &str) -> Option<&'static str> {
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
pub(super) struct Names {
    pub(super) targets: Vec<String>,
    pub(super) labels: Vec<String>,
    /// (target, label) of each slot, in first-seen order.
    pub(super) slots: Vec<(usize, usize)>,
    /// Slot per target × label.
    pub(super) slot_of: Vec<Vec<Option<usize>>>,
}

impl Names {
    pub(super) fn index(list: &mut Vec<String>, name: &str) -> usize {
        match list.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                list.push(name.to_string());
                list.len() - 1
            }
        }
    }

    pub(super) fn target(&mut self, name: &str) -> usize {
        let t = Self::index(&mut self.targets, name);
        if self.slot_of.len() <= t {
            self.slot_of.resize(t + 1, Vec::new());
        }
        t
    }

    pub(super) fn label(&mut self, name: &str) -> usize {
        Self::index(&mut self.labels, name)
    }

    pub(super) fn slot(&mut self, t: usize, l: usize) -> usize {
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

    pub(super) fn target_name(&self, t: usize) -> &str {
        match self.targets[t].as_str() {
            "" => NO_TARGET,
            name => name,
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct SpeakerTally {
    pub(super) sentences: u64,
    /// Sentence rows per slot.
    pub(super) slots: Vec<u64>,
}

impl SpeakerTally {
    pub(super) fn add(&mut self, slot: usize) {
        if self.slots.len() <= slot {
            self.slots.resize(slot + 1, 0);
        }
        self.slots[slot] += 1;
    }
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct ErrorView {
    pub(super) path: String,
    pub(super) kind: String,
    pub(super) message: String,
    pub(super) is_error: bool,
}

/// Appends `s` with `&`, `<`, `>`, `"` and `'` escaped: safe in element
/// content and in quoted attribute values.
pub(super) fn push_escaped(out: &mut String, s: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_escaped_covers_markup_characters() {
        let mut out = String::from("x");
        push_escaped(&mut out, "a&b<c>d\"e'f é");
        assert_eq!(out, "xa&amp;b&lt;c&gt;d&quot;e&#39;f é");
    }

    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(65_432), "65,432");
        assert_eq!(thousands(1_971_061), "1,971,061");
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("Né ok", 2), "Né…");
        assert_eq!(clip("Né", 2), "Né");
    }
}
