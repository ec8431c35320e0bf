//! Any text: sentences are ordered, non-overlapping spans on character
//! boundaries with no whitespace at their ends, and nothing but whitespace
//! falls between them.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use standpoint_segment::Segmenter;

/// Built once: its word lists are parsed in `new`.
static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let sentences = SEGMENTER.get_or_init(Segmenter::new).segment(text);
    let mut prev_end = 0;
    let mut prev_paragraph = 0;
    for s in &sentences {
        assert!(s.start < s.end, "empty span {s:?}");
        assert!(s.end <= text.len(), "span past the end {s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(s.start >= prev_end, "overlap or disorder at {s:?}");
        assert!(
            text[prev_end..s.start].chars().all(char::is_whitespace),
            "text dropped before {s:?}"
        );
        let span = &text[s.start..s.end];
        assert_eq!(span.trim(), span, "whitespace at the ends of {s:?}");
        assert!(s.paragraph >= prev_paragraph, "paragraphs go back at {s:?}");
        prev_end = s.end;
        prev_paragraph = s.paragraph;
    }
    assert!(
        text[prev_end..].chars().all(char::is_whitespace),
        "text dropped at the end"
    );
});
