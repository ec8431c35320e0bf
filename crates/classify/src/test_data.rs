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

/// A seeded synthetic set for calibration tests: `n` short sentences toward
/// `levy`, each built from a few cue words whose mix depends on the label,
/// so some rows are clear and others ambiguous, plus 10% of labels flipped.
pub(crate) fn noisy_examples(n: usize, seed: u64) -> Vec<Example> {
    const FAVOR: [&str; 6] = [
        "backed", "praised", "welcomed", "endorsed", "hailed", "defended",
    ];
    const AGAINST: [&str; 6] = [
        "rejected",
        "condemned",
        "opposed",
        "slammed",
        "blocked",
        "mocked",
    ];
    const NEUTRAL: [&str; 6] = [
        "discussed",
        "mentioned",
        "described",
        "studied",
        "noted",
        "listed",
    ];
    const WHO: [&str; 5] = [
        "The mayor",
        "Farmers",
        "The council",
        "A union leader",
        "Residents",
    ];
    let mut state = seed;
    let mut next = move |m: usize| {
        state = xxhash_rust::xxh3::xxh3_64_with_seed(&state.to_le_bytes(), 7);
        (state % m as u64) as usize
    };
    (0..n)
        .map(|i| {
            let label = ["favor", "against", "none"][i % 3];
            let own: &[&str] = match label {
                "favor" => &FAVOR,
                "against" => &AGAINST,
                _ => &NEUTRAL,
            };
            // Between one and three cue words; each is the label's own with
            // a probability that varies by row.
            let clear = next(10);
            let words: Vec<&str> = (0..1 + next(3))
                .map(|_| {
                    if next(10) < 3 + clear / 2 {
                        own[next(6)]
                    } else {
                        [&FAVOR, &AGAINST, &NEUTRAL][next(3)][next(6)]
                    }
                })
                .collect();
            let label = if next(10) == 0 {
                ["favor", "against", "none"][next(3)]
            } else {
                label
            };
            Example {
                text: format!("{} {} the levy", WHO[next(5)], words.join(" and ")),
                target: Some("levy".to_string()),
                label: label.to_string(),
            }
        })
        .collect()
}
