//! Offset invariants over arbitrary input (proptest).
//!
//! For every input: no panic; spans are ordered, non-overlapping, non-empty,
//! within bounds and on char boundaries; they start and end on non-whitespace;
//! every non-whitespace character lies in exactly one span; paragraph indices
//! start at 0 and grow by at most one; no span crosses a blank line.

use proptest::prelude::*;
use standpoint_segment::{Segmenter, Sentence};

fn check(text: &str, spans: &[Sentence]) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    let mut prev_para: Option<usize> = None;
    for s in spans {
        prop_assert!(s.start < s.end, "empty span {:?}", s);
        prop_assert!(s.start >= prev_end, "overlap or disorder at {:?}", s);
        prop_assert!(s.end <= text.len(), "out of bounds {:?}", s);
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let piece = &text[s.start..s.end];
        prop_assert!(
            !piece.starts_with(char::is_whitespace),
            "untrimmed start {:?}",
            piece
        );
        prop_assert!(
            !piece.ends_with(char::is_whitespace),
            "untrimmed end {:?}",
            piece
        );
        prop_assert!(
            !crosses_blank_line(piece),
            "span crosses a blank line: {:?}",
            piece
        );
        match prev_para {
            None => prop_assert_eq!(s.paragraph, 0),
            Some(p) => prop_assert!(s.paragraph == p || s.paragraph == p + 1),
        }
        prev_para = Some(s.paragraph);
        prev_end = s.end;
    }
    // Ordered, non-overlapping spans whose non-whitespace text equals the input's:
    // every non-whitespace character is in exactly one span.
    let covered: String = spans
        .iter()
        .flat_map(|s| text[s.start..s.end].chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let all: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    prop_assert_eq!(covered, all);
    Ok(())
}

/// A newline, optional spaces/tabs/CRs, and another newline.
fn crosses_blank_line(piece: &str) -> bool {
    let b = piece.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'\n' && {
            let mut k = i + 1;
            while k < b.len() && matches!(b[k], b' ' | b'\t' | b'\r' | 0x0c) {
                k += 1;
            }
            k < b.len() && b[k] == b'\n'
        }
    })
}

/// Pieces of news-like text that reach the interesting code paths.
const PIECES: &[&str] = &[
    "The",
    "the",
    "council",
    "said",
    "Haley",
    "U.S.",
    "U.N.",
    "D.C.",
    "Mr.",
    "Gen.",
    "Co.",
    "etc.",
    "No.",
    "p.",
    "Jan.",
    "e.g.",
    "a.m.",
    "J.",
    "I",
    "I.",
    "B.",
    "Ill.",
    "Blvd.",
    "$4.5",
    "2015",
    "7,",
    "May",
    "Monday,",
    "1.",
    "2.",
    "3)",
    "a.",
    "b.",
    "(c)",
    "iv.",
    ".",
    "..",
    "...",
    ". . .",
    "….",
    "?",
    "!",
    "?!",
    "!!",
    ",",
    ";",
    ":",
    "Photo:",
    "Image:",
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "[...]",
    "—",
    "–",
    "-",
    "--",
    "•",
    "⁃",
    "◦",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\n \n",
    "\u{a0}",
    "\u{2003}",
    "\u{3000}",
    "\u{2028}",
    "é",
    "Ö",
    "É",
    "日本",
    "🙂",
    "ﬁ",
    "x",
    "http://x.example/a.b",
    "a@b.example",
    "A",
    "a",
    "0",
    "9.",
    "There",
    "However",
];

fn newsy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|parts| {
        let mut s = String::new();
        for (i, p) in parts.iter().enumerate() {
            // Mostly space-separated, sometimes glued together.
            if i > 0 && i % 3 != 0 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn invariants_hold_on_arbitrary_unicode(text in any::<String>()) {
        let spans = Segmenter::new().segment(&text);
        check(&text, &spans)?;
    }

    #[test]
    fn invariants_hold_on_whitespace_and_punctuation_heavy_text(
        text in "[ \\t\\r\\n\\u{a0}\\u{2003}.?!…\"'“”‘’«»()\\[\\]—•a-cA-C1-3]{0,80}"
    ) {
        let spans = Segmenter::new().segment(&text);
        check(&text, &spans)?;
    }

    #[test]
    fn invariants_hold_on_news_like_text(text in newsy()) {
        let spans = Segmenter::new().segment(&text);
        check(&text, &spans)?;
    }

    #[test]
    fn invariants_hold_with_user_abbreviations(text in newsy()) {
        let seg = Segmenter::new().with_abbreviations(["council prefix", "said final", "X.Y", "日本"]);
        let spans = seg.segment(&text);
        check(&text, &spans)?;
    }

    #[test]
    fn segmenting_a_suffix_after_a_blank_line_is_independent(a in newsy(), b in newsy()) {
        // Paragraphs are segmented independently: a blank line isolates what follows.
        let seg = Segmenter::new();
        let joined = format!("{a}\n\n{b}");
        let whole = seg.segment(&joined);
        let offset = a.len() + 2;
        let tail: Vec<(usize, usize)> = whole
            .iter()
            .filter(|s| s.start >= offset)
            .map(|s| (s.start - offset, s.end - offset))
            .collect();
        let alone: Vec<(usize, usize)> = seg.segment(&b).iter().map(|s| (s.start, s.end)).collect();
        prop_assert_eq!(tail, alone);
    }
}
