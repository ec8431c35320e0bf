//! A tiny training set written for the tests (three labels, two targets).

use crate::Example;

/// A small two-target training set with three labels.
pub(crate) fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    let rows: [(&str, &str, &[&str]); 6] = [
        (
            "sanctions",
            "favor",
            &[
                "We support tougher sanctions on the regime",
                "The minister backed new sanctions today",
                "Sanctions are the right answer, she said",
                "Allies welcomed the sanctions package",
                "He urged the council to adopt sanctions",
            ],
        ),
        (
            "sanctions",
            "against",
            &[
                "We oppose the sanctions on the regime",
                "The minister rejected new sanctions today",
                "Sanctions are not the answer, she said",
                "Allies condemned the sanctions package",
                "He warned the council against sanctions",
            ],
        ),
        (
            "sanctions",
            "none",
            &[
                "The council meets again on Tuesday",
                "The regime held a parade in the capital",
                "Trade figures were published this morning",
                "The minister arrived in Geneva by train",
                "Rain delayed the opening ceremony",
            ],
        ),
        (
            "negotiations",
            "favor",
            &[
                "We support talks with the regime",
                "The minister backed new negotiations today",
                "Talks are the right answer, she said",
                "Allies welcomed the offer of negotiations",
                "He urged both sides to negotiate",
            ],
        ),
        (
            "negotiations",
            "against",
            &[
                "We oppose talks with the regime",
                "The minister rejected new negotiations today",
                "Talks are not the answer, she said",
                "Allies condemned the offer of negotiations",
                "He warned both sides against negotiating",
            ],
        ),
        (
            "negotiations",
            "none",
            &[
                "The council meets again on Tuesday",
                "The regime held a parade in the capital",
                "Trade figures were published this morning",
                "The envoy arrived in Geneva by train",
                "Rain delayed the opening ceremony",
            ],
        ),
    ];
    for (target, label, texts) in rows {
        for t in texts {
            out.push(Example {
                text: t.to_string(),
                target: Some(target.to_string()),
                label: label.to_string(),
            });
        }
    }
    out
}
