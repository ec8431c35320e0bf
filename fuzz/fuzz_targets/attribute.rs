//! Any text, segmented and attributed: one attribution per sentence, and a
//! speaker, when found, is a non-empty trimmed name.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use standpoint_attribute::{Attribute, Attributor};
use standpoint_segment::Segmenter;

/// Built once: their word lists are parsed in `new`.
static STAGES: OnceLock<(Segmenter, Attributor)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (segmenter, attributor) = STAGES.get_or_init(|| (Segmenter::new(), Attributor::new()));
    let sentences = segmenter.segment(text);
    let attributions = attributor.attribute(text, &sentences);
    assert_eq!(attributions.len(), sentences.len());
    for a in &attributions {
        if let Some(s) = &a.speaker {
            assert!(!s.trim().is_empty(), "blank speaker");
        }
    }
});
