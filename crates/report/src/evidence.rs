//! How a prediction's evidence reads in a report cell.

/// `ngram(+1.90); not(+0.80)`: contributions with an explicit sign, two decimals.
pub fn format_evidence(evidence: &[(String, f64)]) -> String {
    let mut out = String::with_capacity(evidence.len() * 24);
    for (i, (name, w)) in evidence.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(name);
        out.push('(');
        push_signed2(&mut out, *w);
        out.push(')');
    }
    out
}

/// Appends `w` as `format!("{w:+.2}")` does, without the formatting machinery
/// for the common case (finite, |w| < 1e6, not within 1e-6 of a rounding tie).
fn push_signed2(out: &mut String, w: f64) {
    use std::fmt::Write;
    let scaled = w.abs() * 100.0;
    if !(0.0..1e8).contains(&scaled) || (scaled - scaled.floor() - 0.5).abs() < 1e-6 {
        let _ = write!(out, "{w:+.2}");
        return;
    }
    let n = scaled.round() as u64;
    // `{:+.2}` keeps the sign of a negative number that rounds to zero.
    out.push(if w.is_sign_negative() { '-' } else { '+' });
    let _ = write!(out, "{}.{:02}", n / 100, n % 100);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_numbers_print_like_format_plus_2() {
        let mut cases: Vec<f64> = vec![
            0.0, -0.0, 0.005, 0.015, 0.125, -0.004, 1.995, 99.999, 1e7, 1e9,
        ];
        cases.extend((0..100_000).map(|i| f64::from(i) * 0.000_731 - 20.0));
        cases.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        for w in cases {
            let mut s = String::new();
            push_signed2(&mut s, w);
            assert_eq!(s, format!("{w:+.2}"), "{w}");
        }
        assert_eq!(
            format_evidence(&[("cue:quote".into(), 0.347), ("not NEG_back".into(), 0.1)]),
            "cue:quote(+0.35); not NEG_back(+0.10)"
        );
    }

    #[test]
    fn evidence_format_is_signed() {
        let e = vec![
            ("oppose sanctions".to_string(), 1.9),
            ("not".to_string(), -0.804),
        ];
        assert_eq!(format_evidence(&e), "oppose sanctions(+1.90); not(-0.80)");
    }
}
