//! The spreadsheet formula guard (OWASP CSV injection).

use std::borrow::Cow;

/// Prefixes `'` to a text cell that a spreadsheet would run as a formula
/// (OWASP CSV injection): one whose first character, after any leading
/// spaces, tabs, CRs and LFs, is `=`, `+`, `-` or `@`, or which starts with
/// a tab or CR. A cell that is a plain decimal number (`-3`, `+1.5e-3`) is
/// left alone: it cannot run anything, and it must stay a number.
pub fn guard_cell(s: &str) -> Cow<'_, str> {
    let trimmed = s.trim_start_matches([' ', '\t', '\r', '\n']);
    let risky = matches!(s.as_bytes().first(), Some(b'\t' | b'\r'))
        || matches!(trimmed.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@'));
    if risky && !is_plain_number(trimmed) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// `[+-]digits[.digits][(e|E)[+-]digits]`, with digits on at least one side
/// of the point.
fn is_plain_number(s: &str) -> bool {
    fn digits(b: &[u8]) -> usize {
        b.iter().take_while(|c| c.is_ascii_digit()).count()
    }
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int = digits(&b[i..]);
    i += int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac = digits(&b[i..]);
        i += frac;
    }
    if int + frac == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        let exp = digits(&b[i..]);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_table() {
        for (cell, want) in [
            ("=1+1", "'=1+1"),
            ("+cmd", "'+cmd"),
            ("-3 dead", "'-3 dead"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("  =HYPERLINK(\"x\")", "'  =HYPERLINK(\"x\")"),
            ("\n=1", "'\n=1"),
            ("-", "'-"),
            ("--1", "'--1"),
            ("-1-1", "'-1-1"),
            ("+1e", "'+1e"),
            ("-.e5", "'-.e5"),
            // Numbers stay numbers.
            ("-3", "-3"),
            ("+1.5e-3", "+1.5e-3"),
            ("-.5", "-.5"),
            ("-7.", "-7."),
            // Harmless text.
            ("", ""),
            ("Hello = world", "Hello = world"),
            ("'=already", "'=already"),
            ("“=quoted”", "“=quoted”"),
            ("Ünïcödé", "Ünïcödé"),
        ] {
            assert_eq!(guard_cell(cell), want, "{cell:?}");
        }
    }
}
