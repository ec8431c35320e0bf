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
    /// SemEval's F_avg: mean F1 of the labels that take a position.
    pub f_avg: f64,
    /// The scores of each target's rows (empty without targets).
    pub targets: Vec<EvalTarget>,
    /// Reliability of the confidences, if known.
    pub calibration: Option<EvalCalibration>,
    /// What each `--min-confidence` threshold keeps.
    pub by_confidence: Vec<EvalCut>,
}

/// The scores of one target's rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalTarget {
    /// Target name.
    pub target: String,
    /// Rows of this target.
    pub support: usize,
    /// Fraction correct.
    pub accuracy: f64,
    /// Unweighted mean F1 over classes.
    pub macro_f1: f64,
    /// Mean F1 of the labels that take a position.
    pub f_avg: f64,
    /// Per-class scores.
    pub classes: Vec<EvalClass>,
    /// Non-zero confusion cells: (gold, predicted, count), gold then
    /// predicted label order.
    pub confusion: Vec<(String, String, usize)>,
}

/// One confidence bin of a reliability table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalBin {
    /// Lower edge of the confidence range.
    pub lo: f64,
    /// Upper edge.
    pub hi: f64,
    /// Predictions in the bin.
    pub count: usize,
    /// Their mean confidence.
    pub confidence: f64,
    /// Fraction of them that are right.
    pub accuracy: f64,
}

/// Calibration of the confidences: the expected calibration error and the
/// reliability table, and the same for the raw confidences of a calibrated
/// model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalCalibration {
    /// Expected calibration error of the confidences reported.
    pub ece: f64,
    /// Their reliability table.
    pub bins: Vec<EvalBin>,
    /// Expected calibration error before calibration, if calibrated.
    pub ece_before: Option<f64>,
    /// Reliability table before calibration (empty if not calibrated).
    pub bins_before: Vec<EvalBin>,
}

/// The predictions a confidence threshold keeps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalCut {
    /// The threshold.
    pub threshold: f64,
    /// Predictions kept.
    pub kept: usize,
    /// Fraction of them that are right.
    pub accuracy: f64,
    /// Kept predictions that take a position.
    pub positions: usize,
    /// Fraction of those that are right.
    pub position_precision: f64,
}

/// The rows of a per-class table, numbers formatted.
fn class_rows(classes: &[EvalClass]) -> Vec<minijinja::Value> {
    classes
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
        .collect()
}

/// A reliability diagram: one dot per bin at (mean confidence, accuracy),
/// for the reported confidences and, if given, the raw ones, over the
/// diagonal of perfect calibration.
fn reliability_svg(c: &EvalCalibration) -> minijinja::Value {
    let (size, pad) = (240.0f64, 30.0f64);
    let at = |v: f64| pad + v.clamp(0.0, 1.0) * size;
    let dots = |bins: &[EvalBin], kind: &'static str| -> Vec<minijinja::Value> {
        bins.iter()
            .map(|b| {
                minijinja::context! {
                    kind => kind,
                    cx => format!("{:.1}", at(b.confidence)),
                    cy => format!("{:.1}", pad + size - (at(b.accuracy) - pad)),
                    r => format!("{:.1}", 3.0 + (b.count as f64).sqrt().min(9.0)),
                    title => format!(
                        "{kind} {:.1}-{:.1}: {} predictions, mean confidence {:.3}, accuracy {:.3}",
                        b.lo, b.hi, b.count, b.confidence, b.accuracy
                    ),
                }
            })
            .collect()
    };
    let mut all = dots(&c.bins_before, "raw");
    all.extend(dots(&c.bins, "calibrated"));
    minijinja::context! {
        size => size + 2.0 * pad,
        lo => pad,
        hi => pad + size,
        dots => all,
    }
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
    let classes = class_rows(&page.classes);
    let f1_of = |t: &EvalTarget, l: &str| {
        t.classes
            .iter()
            .find(|c| c.label == l)
            .map_or(String::from("–"), |c| format!("{:.4}", c.f1))
    };
    let targets: Vec<_> = page
        .targets
        .iter()
        .map(|t| {
            minijinja::context! {
                target => &t.target,
                support => t.support,
                accuracy => format!("{:.4}", t.accuracy),
                macro_f1 => format!("{:.4}", t.macro_f1),
                f_avg => format!("{:.4}", t.f_avg),
                f1_favor => f1_of(t, "favor"),
                f1_against => f1_of(t, "against"),
                errors => t
                    .confusion
                    .iter()
                    .filter(|(g, p, _)| g != p)
                    .map(|(g, p, n)| format!("{g}→{p} {n}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect();
    let bins = |bins: &[EvalBin]| -> Vec<minijinja::Value> {
        bins.iter()
            .map(|b| {
                minijinja::context! {
                    range => format!("{:.1}–{:.1}", b.lo, b.hi),
                    count => b.count,
                    confidence => format!("{:.4}", b.confidence),
                    accuracy => format!("{:.4}", b.accuracy),
                    gap => format!("{:+.4}", b.accuracy - b.confidence),
                }
            })
            .collect()
    };
    let calibration = page.calibration.as_ref().map(|c| {
        minijinja::context! {
            ece => format!("{:.4}", c.ece),
            ece_before => c.ece_before.map(|e| format!("{e:.4}")),
            bins => bins(&c.bins),
            bins_before => bins(&c.bins_before),
            svg => reliability_svg(c),
        }
    });
    let cuts: Vec<_> = page
        .by_confidence
        .iter()
        .map(|c| {
            minijinja::context! {
                threshold => format!("{:.2}", c.threshold),
                kept => c.kept,
                accuracy => format!("{:.4}", c.accuracy),
                positions => c.positions,
                precision => format!("{:.4}", c.position_precision),
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
        f_avg => format!("{:.4}", page.f_avg),
        targets => targets,
        calibration => calibration,
        cuts => cuts,
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
            ..EvalPage::default()
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
        // Without targets, calibration or cuts, their sections are left out.
        for id in ["per-target", "calibration", "by-confidence"] {
            assert!(!html.contains(&format!("id=\"{id}\"")), "{id}");
        }
    }

    fn bin(lo: f64, count: usize, confidence: f64, accuracy: f64) -> EvalBin {
        EvalBin {
            lo,
            hi: lo + 0.1,
            count,
            confidence,
            accuracy,
        }
    }

    #[test]
    fn eval_page_shows_targets_calibration_and_cuts() {
        let class = |label: &str, f1: f64| EvalClass {
            label: label.into(),
            precision: f1,
            recall: f1,
            f1,
            support: 2,
        };
        let page = EvalPage {
            title: "Evaluation".into(),
            f_avg: 0.625,
            targets: vec![
                EvalTarget {
                    target: "sanctions & <co>".into(),
                    support: 6,
                    accuracy: 0.5,
                    macro_f1: 0.45,
                    f_avg: 0.4,
                    classes: vec![
                        class("against", 0.3),
                        class("favor", 0.5),
                        class("none", 0.55),
                    ],
                    confusion: vec![
                        ("favor".into(), "favor".into(), 2),
                        ("favor".into(), "none".into(), 1),
                        ("none".into(), "against".into(), 2),
                    ],
                },
                EvalTarget {
                    target: "talks".into(),
                    support: 1,
                    accuracy: 1.0,
                    macro_f1: 1.0,
                    f_avg: 0.0,
                    classes: vec![class("none", 1.0)],
                    confusion: vec![("none".into(), "none".into(), 1)],
                },
            ],
            calibration: Some(EvalCalibration {
                ece: 0.0312,
                bins: vec![bin(0.5, 10, 0.55, 0.6), bin(0.9, 30, 0.93, 0.9)],
                ece_before: Some(0.12),
                bins_before: vec![bin(0.9, 40, 0.95, 0.82)],
            }),
            by_confidence: vec![
                EvalCut {
                    threshold: 0.0,
                    kept: 40,
                    accuracy: 0.8,
                    positions: 20,
                    position_precision: 0.7,
                },
                EvalCut {
                    threshold: 0.9,
                    kept: 30,
                    accuracy: 0.9,
                    positions: 12,
                    position_precision: 0.9167,
                },
            ],
            ..EvalPage::default()
        };
        let mut out = Vec::new();
        write_eval_html(&page, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.contains("id=\"f-avg\">0.6250<"));
        // One row per target, names escaped, with F1 per side and the errors.
        let table = &html[html.find("id=\"target-table\"").unwrap()..];
        let table = &table[..table.find("</table>").unwrap()];
        assert_eq!(table.matches("<tr><th scope=\"row\">").count(), 2);
        assert!(table.contains(
            "<th scope=\"row\">sanctions &amp; &lt;co&gt;</th><td class=\"n\">6</td><td class=\"n\">0.5000</td><td class=\"n\">0.4500</td><td class=\"n\">0.4000</td><td class=\"n\">0.5000</td><td class=\"n\">0.3000</td><td class=\"small\">favor→none 1, none→against 2</td>"
        ));
        // A label the target never saw shows as a dash.
        assert!(table.contains("<td class=\"n\">–</td>"));
        // Calibration: the error before and after, both tables and a dot per bin.
        assert!(html.contains("id=\"ece\">0.0312 <span class=\"small\">(raw 0.1200)</span>"));
        assert!(html.contains("<th scope=\"row\">0.9–1.0</th><td class=\"n\">30</td><td class=\"n\">0.9300</td><td class=\"n\">0.9000</td><td class=\"n\">-0.0300</td>"));
        assert!(html.contains("id=\"reliability-raw-table\""));
        assert_eq!(html.matches("<circle class=\"dot-calibrated\"").count(), 2);
        assert_eq!(html.matches("<circle class=\"dot-raw\"").count(), 1);
        // The thresholds.
        assert!(html.contains("<th scope=\"row\">0.90</th><td class=\"n\">30</td><td class=\"n\">0.9000</td><td class=\"n\">12</td><td class=\"n\">0.9167</td>"));
    }
}
