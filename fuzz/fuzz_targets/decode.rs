//! Any bytes, read as each input format: never a panic, and what comes out
//! keeps the ingest contract (no CR, no BOM, problems carry a path).
#![no_main]

use libfuzzer_sys::fuzz_target;
use standpoint_ingest::{extract_html, parse_bytes, parse_jsonl_line, Format};

fuzz_target!(|data: &[u8]| {
    // Markdown decodes like Text; only its title differs.
    for format in [Format::Text, Format::Html, Format::Jsonl] {
        match parse_bytes(format, "fuzz.in", data) {
            Ok(loaded) => {
                for a in &loaded.articles {
                    assert!(!a.text.contains('\r'), "CR left in {format:?} text");
                    assert!(
                        !a.text.starts_with('\u{feff}'),
                        "BOM left in {format:?} text"
                    );
                    assert!(!a.text.trim().is_empty(), "empty {format:?} article");
                    assert!(!a.encoding.is_empty());
                    assert!(a.id.starts_with("fuzz.in"));
                }
                for p in &loaded.problems {
                    assert!(p.path().is_some_and(|p| p.starts_with("fuzz.in")));
                }
            }
            Err(e) => {
                assert_eq!(e.path(), Some("fuzz.in"));
                assert!(!e.is_warning(), "a warning stopped a file");
            }
        }
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let e = extract_html(s);
        assert!(!e.text.contains('\r'));
    }
    let _ = parse_jsonl_line(data, 1);
});
