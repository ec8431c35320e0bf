//! Arbitrary text, quote-heavy, segmented by the real segmenter: the
//! attributor never panics, returns one attribution per sentence, and is
//! deterministic.

use proptest::prelude::*;
use standpoint_attribute::{Attribute, Attributor};
use standpoint_segment::Segmenter;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("«".to_string()),
        Just("» ".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("'".to_string()),
        Just("„".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just(": ".to_string()),
        Just(" — ".to_string()),
        Just("\n\n".to_string()),
        Just(" said ".to_string()),
        Just(" according to ".to_string()),
        Just("Ms. ".to_string()),
        Just("U.S. ".to_string()),
        Just(" she ".to_string()),
        Just(" its ".to_string()),
        Just(" the ministry ".to_string()),
        "[A-Z][a-zé]{1,8}",
        "[a-z]{1,8} ",
        "[0-9]{1,3}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_and_is_deterministic(pieces in prop::collection::vec(piece(), 0..80)) {
        let text: String = pieces.concat();
        let sentences = Segmenter::new().segment(&text);
        let att = Attributor::new();
        let a = att.attribute(&text, &sentences);
        prop_assert_eq!(a.len(), sentences.len());
        prop_assert_eq!(a.clone(), att.attribute(&text, &sentences));
        for x in &a {
            prop_assert_eq!(x.speaker.is_some(), x.via.is_some());
        }
    }
}
