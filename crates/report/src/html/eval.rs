//! The page of `standpoint eval --html`.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use crate::Result;

use super::common::*;

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
