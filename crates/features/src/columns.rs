//! The fixed (non n-gram) columns: cue and target-relation features.

use crate::config::FeatureConfig;
use crate::SparseRow;

/// Names of the fixed (non n-gram) features, in column order.
pub const DENSE_FEATURES: [&str; 25] = [
    "cue:refuting",
    "cue:refuting_negated",
    "cue:supporting",
    "cue:supporting_negated",
    "cue:hedging",
    "cue:attribution",
    "cue:quote",
    "cue:question",
    "cue:negation",
    "cue:contrast",
    "target:overlap",
    "target:mentioned",
    "target:negated_mention",
    "target:absent",
    "rel:positive",
    "rel:negative",
    "rel:agree",
    "rel:disagree",
    "rel:near_agree",
    "rel:near_disagree",
    "rel:clause_agree",
    "rel:clause_disagree",
    "rel:near_agree_plain",
    "rel:near_disagree_plain",
    "rel:negated_report",
];
pub(crate) const N_DENSE: usize = DENSE_FEATURES.len();
pub(crate) const N_CUES: usize = 10;
/// Column of `cue:refuting`.
const REFUTING: usize = 0;
/// First of the relation columns (`rel:*`).
const N_REL: usize = N_CUES + 4;
/// First of the clause columns (`rel:clause_*`).
const N_CLAUSE: usize = N_REL + 6;
/// First of the `rel:near_*_plain` columns.
const N_PLAIN: usize = N_CLAUSE + 2;
/// Column of `rel:negated_report`.
const N_NEG_REPORT: usize = N_PLAIN + 2;

/// Verbs that report or perform rather than judge ([`RelWord::report`]):
/// "did not discuss military options", "has not threatened strikes", "did
/// not personally fly airstrikes" deny a fact and take no position, unlike
/// "do not support sanctions".
pub(crate) const REPORT_VERBS: [&str; 44] = [
    "address",
    "addressed",
    "announce",
    "announced",
    "attend",
    "attended",
    "carried",
    "carry",
    "comment",
    "commented",
    "conduct",
    "conducted",
    "confirm",
    "confirmed",
    "detail",
    "disclose",
    "disclosed",
    "discuss",
    "discussed",
    "elaborate",
    "explain",
    "flew",
    "flown",
    "fly",
    "launch",
    "launched",
    "mention",
    "mentioned",
    "mentions",
    "participate",
    "participated",
    "raise",
    "raised",
    "reveal",
    "revealed",
    "said",
    "say",
    "says",
    "specified",
    "specify",
    "threaten",
    "threatened",
    "touch",
    "touched",
];

/// The first words of a negation scope that may hold its report verb
/// ("neither side has threatened").
const REPORT_REACH: usize = 3;

/// Words that make a sentence an argument rather than a report: what should,
/// must or would be done ([`RelWord::modal`]).
pub(crate) const MODAL_WORDS: [&str; 14] = [
    "should",
    "must",
    "ought",
    "need",
    "needs",
    "cannot",
    "can't",
    "would",
    "could",
    "shouldn't",
    "mustn't",
    "wouldn't",
    "couldn't",
    "won't",
];

/// How near (in words) to a target mention a word must be to count for the
/// `rel:near_*` features.
const NEAR: usize = 4;

/// Stands for a target word in target n-grams.
pub const TARGET_TOKEN: &str = "<T>";

/// The `target:*` columns from `matched` of `stems` target stems found in the text,
/// and whether one was found inside a negation scope.
pub(crate) fn set_target_features(
    cfg: &FeatureConfig,
    matched: usize,
    stems: usize,
    negated: bool,
    dense: &mut [f64; N_DENSE],
) {
    if cfg.target_features {
        let w = cfg.cue_weight;
        dense[N_CUES] = w * matched as f64 / stems as f64;
        dense[N_CUES + 1] = if matched > 0 { w } else { 0.0 };
        dense[N_CUES + 2] = if negated { w } else { 0.0 };
        dense[N_CUES + 3] = if matched == 0 { w } else { 0.0 };
    }
}

/// Appends the non-zero dense features to `row`.
pub(crate) fn push_dense(dense: &[f64; N_DENSE], row: &mut SparseRow) {
    for (j, &v) in dense.iter().enumerate() {
        if v != 0.0 {
            row.indices.push(j as u32);
            row.values.push(v);
        }
    }
}

/// What the relation features need to know of one word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RelWord {
    /// The word's own polarity ([`crate::Lexicons::polarity`]).
    pub polarity: i8,
    /// +1 if it raises or keeps what follows ("increases", "protects"), -1
    /// if it lowers or ends it ("reduces", "undermines"), else 0
    /// ([`crate::Lexicons::shift`]).
    pub shift: i8,
    /// Inside a negation scope: its polarity counts the other way.
    pub negated: bool,
    /// A contrast marker.
    pub contrast: bool,
    /// One of [`CONCESSIVE_WORDS`]. The words near a mention do not reach
    /// across it or a contrast marker ([`RelWord::turn`]).
    pub concessive: bool,
    /// Part of a target mention (its own polarity is not counted).
    pub target: bool,
    /// The word "against", which right after a mention ("sanctions
    /// against Pyongyang", "strikes against the camps") names whom the
    /// target is aimed at, not opposition to it; the polarity of what it is
    /// aimed at counts the other way.
    pub against: bool,
    /// A preposition that, right after a mention, introduces what the
    /// target is about or aimed at ("talks on a peace deal", "sanctions
    /// over the crackdown"): the words of its object carry no polarity.
    pub topic: bool,
    /// One of [`MODAL_WORDS`].
    pub modal: bool,
    /// One of [`REPORT_VERBS`].
    pub report: bool,
    /// Its clause ([`crate::Word::clause`]).
    pub clause: u32,
}

impl RelWord {
    /// A contrast marker or a concessive word: "wants sanctions, while
    /// Moscow rejects ..." does not say "rejects" of sanctions.
    fn turn(&self) -> bool {
        self.contrast || self.concessive
    }
}

/// The word of [`RelWord::against`].
pub(crate) const AGAINST_WORD: &str = "against";

/// How far after a mention "against" still names whom the target is aimed
/// at ("sanctions package in years against"); also for [`TOPIC_WORDS`].
const AGAINST_WINDOW: usize = 3;

/// True if word `i` comes at most [`AGAINST_WINDOW`] words after a word
/// `target(k)` of a mention.
fn follows_mention(i: usize, target: impl Fn(usize) -> bool) -> bool {
    (i.saturating_sub(AGAINST_WINDOW)..i).any(target)
}

/// Clears `cue:refuting` toward a target when every refuting word outside a
/// negation scope (`refuting_plain` of them) is an "against" right after a
/// mention, which names what the target is aimed at ("sanctions against the
/// regime"). `against(i)`, `negated(i)` and `target(i)` describe the `n`
/// words.
pub(crate) fn drop_aimed_refuting(
    dense: &mut [f64; N_DENSE],
    refuting_plain: usize,
    n: usize,
    against: impl Fn(usize) -> bool,
    negated: impl Fn(usize) -> bool,
    target: impl Fn(usize) -> bool,
) {
    if dense[REFUTING] == 0.0 {
        return;
    }
    let aimed = (0..n)
        .filter(|&i| against(i) && !negated(i) && follows_mention(i, &target))
        .count();
    if aimed == refuting_plain {
        dense[REFUTING] = 0.0;
    }
}

/// Words that open a clause set against the one before (with the contrast
/// markers, [`RelWord::turn`]).
pub(crate) const CONCESSIVE_WORDS: [&str; 4] = ["although", "though", "whereas", "while"];

/// The words of [`RelWord::topic`].
pub(crate) const TOPIC_WORDS: [&str; 6] = [
    "on",
    "about",
    "over",
    "regarding",
    "concerning",
    "targeting",
];

/// How far after a shifting word ("reduces the risk of") its object may be.
const SHIFT_WINDOW: usize = 3;

/// The polarity each word adds to the sentence. A word that raises or
/// lowers what follows takes the sign of the first polar word within
/// [`SHIFT_WINDOW`] after it, turned around if it lowers ("reduces poverty"
/// is positive, "increases poverty" negative), and that word adds nothing
/// itself; with no such word before a contrast marker, one that raises
/// keeps its own polarity, and one that lowers counts against a target
/// mention it reaches ("lift the embargo", "ease the sanctions": "ease" is
/// positive on its own). Shifts chain ("reduces harm"). "against" right
/// after a mention lowers its object ("strikes against the attackers" is
/// positive). A negated word counts the other way; an object counts under
/// its shifter's negation, not its own.
fn contributions(ws: &[RelWord], v: &mut Vec<i32>) {
    /// Marks a word whose value a shifter to its left took.
    const TAKEN: i32 = i32::MIN;
    let n = ws.len();
    v.clear();
    v.resize(n, 0);
    // Right to left: the value of each word before negation.
    for i in (0..n).rev() {
        let w = ws[i];
        if w.target {
            continue;
        }
        let after_mention = (w.against || w.topic) && follows_mention(i, |k| ws[k].target);
        if after_mention && w.topic {
            // What the target is about says nothing of it.
            for j in i + 1..n.min(i + 1 + SHIFT_WINDOW) {
                if ws[j].target || ws[j].contrast {
                    break;
                }
                if v[j] != TAKEN {
                    v[j] = 0;
                }
            }
            continue;
        }
        // Aimed at something bad is good ("strikes against the attackers").
        let (own, shift) = if after_mention {
            (0, -1)
        } else {
            (i32::from(w.polarity), i32::from(w.shift))
        };
        v[i] = own;
        if shift == 0 {
            continue;
        }
        for j in i + 1..n.min(i + 1 + SHIFT_WINDOW) {
            let o = ws[j];
            if o.target && shift < 0 {
                // The target is what it lowers ("ease the sanctions").
                v[i] = shift;
                break;
            }
            if o.target || o.contrast {
                break;
            }
            if v[j] != 0 && v[j] != TAKEN {
                v[i] = shift * v[j];
                v[j] = TAKEN;
                break;
            }
        }
    }
    for (x, w) in v.iter_mut().zip(ws) {
        if *x == TAKEN {
            *x = 0;
        } else if w.negated {
            *x = -*x;
        }
    }
}

thread_local! {
    /// The words and contributions of the row being built, reused.
    static BUFFERS: std::cell::RefCell<(Vec<RelWord>, Vec<i32>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// The target-relation columns (`rel:*`): the polarity of what the sentence
/// says about the target (the words near its mentions if they carry any,
/// else the whole sentence, where after a contrast marker only what follows
/// the last one counts; words negated count the other way, words that raise
/// or lower what follows take its sign, see [`contributions`]), and of the
/// words near a mention, each multiplied by the target's `direction` (-1
/// for a target that bans or ends something). The same for any target,
/// seen in training or not. `rel:clause_*` reads the same polarity in the
/// clauses that hold a mention ([`crate::Word::clause`]).
pub(crate) fn set_relation_features(
    cfg: &FeatureConfig,
    n: usize,
    word: impl Fn(usize) -> RelWord,
    direction: i8,
    dense: &mut [f64; N_DENSE],
) {
    if !cfg.target_features {
        return;
    }
    BUFFERS.with_borrow_mut(|(ws, eff)| {
        ws.clear();
        ws.extend((0..n).map(word));
        contributions(ws, eff);
        relation_columns(cfg, ws, eff, direction, dense);
    });
}

/// [`set_relation_features`] over the words `ws` and their contributions.
fn relation_columns(
    cfg: &FeatureConfig,
    ws: &[RelWord],
    eff: &[i32],
    direction: i8,
    dense: &mut [f64; N_DENSE],
) {
    let (mut all, mut main, mut near) = (0i32, 0i32, 0i32);
    let mut mentioned = false;
    let mut contrast = false;
    for (i, (&p, w)) in eff.iter().zip(ws).enumerate() {
        if w.contrast && i > 0 {
            contrast = true;
            main = 0;
        }
        all += p;
        main += p;
        mentioned |= w.target;
    }
    // Words within NEAR of a mention, on either side, with no turn
    // ([`RelWord::turn`]) between them and it.
    if mentioned {
        let mut prev: Option<usize> = None;
        // The first mention at or after the window that starts at i + 1.
        let mut next = ws.iter().position(|w| w.target);
        // The last turn at or before i, and the first one after i.
        let mut last_turn: Option<usize> = None;
        let mut next_turn = ws.iter().position(|w| w.turn());
        for (i, &p) in eff.iter().enumerate() {
            if ws[i].target {
                prev = Some(i);
            }
            if ws[i].turn() {
                last_turn = Some(i);
            }
            if next.is_some_and(|t| t <= i) {
                next = ws[i + 1..].iter().position(|w| w.target).map(|k| k + i + 1);
            }
            if next_turn.is_some_and(|t| t <= i) {
                next_turn = ws[i + 1..].iter().position(|w| w.turn()).map(|k| k + i + 1);
            }
            let after = prev.is_some_and(|t| i - t <= NEAR && last_turn.map_or(true, |u| u < t));
            let before = next.is_some_and(|t| t - i <= NEAR && next_turn.map_or(true, |u| u > t));
            if after || before {
                near += p;
            }
        }
    }
    let overall = if near != 0 {
        near
    } else if contrast && main != 0 {
        main
    } else {
        all
    };
    let w = cfg.cue_weight;
    let d = i32::from(direction);
    let on = |b: bool| if b { w } else { 0.0 };
    dense[N_REL] = on(overall > 0);
    dense[N_REL + 1] = on(overall < 0);
    dense[N_REL + 2] = on(overall * d > 0);
    dense[N_REL + 3] = on(overall * d < 0);
    dense[N_REL + 4] = on(near * d > 0);
    dense[N_REL + 5] = on(near * d < 0);
    // The same in a sentence with no modal: a report of what the target
    // did or what happened around it, more often than an argument about it.
    let plain = !ws.iter().any(|w| w.modal);
    dense[N_PLAIN] = on(plain && near * d > 0);
    dense[N_PLAIN + 1] = on(plain && near * d < 0);
    if mentioned {
        set_clause_features(ws, eff, d, w, dense);
    }
    dense[N_NEG_REPORT] = on(negated_report(ws));
}

/// True if a mention of the target sits in a negation scope whose first
/// [`REPORT_REACH`] words, before the mention, hold a report verb.
fn negated_report(ws: &[RelWord]) -> bool {
    ws.iter().enumerate().any(|(i, w)| {
        if !(w.target && w.negated) {
            return false;
        }
        let start = ws[..i]
            .iter()
            .rposition(|v| !v.negated)
            .map_or(0, |k| k + 1);
        ws[start..i.min(start + REPORT_REACH)]
            .iter()
            .any(|v| v.report)
    })
}

/// The `rel:clause_*` columns: the polarity of the words in the clauses
/// that hold a target mention (the mention itself adds nothing), times the
/// target's direction `d`.
fn set_clause_features(ws: &[RelWord], eff: &[i32], d: i32, w: f64, dense: &mut [f64; N_DENSE]) {
    // Clause numbers only grow along the sentence: one run per clause.
    let (mut polarity, mut i) = (0i32, 0);
    while i < ws.len() {
        let clause = ws[i].clause;
        let (mut held, mut sum) = (false, 0i32);
        while i < ws.len() && ws[i].clause == clause {
            held |= ws[i].target;
            if !ws[i].target {
                sum += eff[i];
            }
            i += 1;
        }
        if held {
            polarity += sum;
        }
    }
    dense[N_CLAUSE] = if polarity * d > 0 { w } else { 0.0 };
    dense[N_CLAUSE + 1] = if polarity * d < 0 { w } else { 0.0 };
}

/// The direction of a target: -1 if an odd number of its words turn it
/// around, else +1. A word turns it around if it reverses (ban, abolish,
/// lift) or negates (not), or, after a copula (`X is harmful`, `should be
/// avoided`), if it is negative.
pub(crate) fn target_direction(target: &str, lex: &crate::Lexicons) -> i8 {
    let mut copula = false;
    let mut flips = 0;
    for w in crate::text::words_of(target) {
        if lex.reversing.contains_word(&w)
            || crate::text::is_negator(&w, lex)
            || (copula && lex.polarity(&w) < 0)
        {
            flips += 1;
        }
        copula |= matches!(w.as_str(), "is" | "are" | "be" | "was" | "were" | "been");
    }
    if flips % 2 == 1 {
        -1
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use crate::{FeatureConfig, Lexicons, Vectorizer};

    fn rel(v: &Vectorizer, text: &str, target: &str) -> Vec<String> {
        v.transform(text, Some(target))
            .iter()
            .map(|(j, _)| v.feature_name(j).to_string())
            .filter(|n| {
                (n.starts_with("rel:") && !n.starts_with("rel:clause_") && !n.ends_with("_plain"))
                    || n == "cue:contrast"
            })
            .collect()
    }

    #[test]
    fn against_aimed_by_the_target_is_no_refuting_cue_toward_it() {
        let texts = ["Boxing is a great sport", "Boxing is dangerous"];
        let v = Vectorizer::fit(&texts, &FeatureConfig::default()).unwrap();
        let refuting = |text: &str, target: &str| {
            v.transform(text, Some(target))
                .iter()
                .any(|(j, _)| v.feature_name(j) == "cue:refuting")
        };
        let aimed = "They imposed sanctions against the regime";
        assert!(!refuting(aimed, "sanctions"));
        // Toward another target, or with the word aimed at the target, it is.
        assert!(refuting(aimed, "boxing"));
        assert!(refuting("They voted against sanctions", "sanctions"));
        // Another refuting word keeps the cue.
        assert!(refuting(
            "They rejected sanctions against the regime",
            "sanctions"
        ));
    }

    /// The `rel:clause_*` columns of `text` toward `target`.
    fn clause(v: &Vectorizer, text: &str, target: &str) -> Vec<String> {
        v.transform(text, Some(target))
            .iter()
            .map(|(j, _)| v.feature_name(j).to_string())
            .filter(|n| n.starts_with("rel:clause_"))
            .collect()
    }

    #[test]
    fn clause_features_read_the_clause_that_holds_the_mention() {
        let texts = ["Boxing is a great sport", "Boxing is dangerous"];
        let v = Vectorizer::fit(&texts, &FeatureConfig::default()).unwrap();
        for (text, target, want) in [
            // The whole sentence follows the contrast; the clause does not.
            (
                "Subsidies are good, but the weather is terrible",
                "subsidies",
                &["rel:clause_agree"][..],
            ),
            (
                "Subsidies are good",
                "ban subsidies",
                &["rel:clause_disagree"],
            ),
            // Polar words in another clause do not count, however near.
            (
                "The weather was terrible, and subsidies arrived",
                "subsidies",
                &[],
            ),
            (
                "Subsidies arrived, which is terrible news",
                "subsidies",
                &[],
            ),
            (
                "Subsidies arrived because the harvest was terrible",
                "subsidies",
                &[],
            ),
            // Negation and shifters count as for the other relation columns.
            (
                "Subsidies do not reduce poverty",
                "subsidies",
                &["rel:clause_disagree"],
            ),
            // Every clause that holds a mention counts.
            (
                "Subsidies are good, and farmers welcome subsidies",
                "subsidies",
                &["rel:clause_agree"],
            ),
            (
                "Subsidies are terrible, and farmers welcome subsidies",
                "subsidies",
                &[],
            ),
            ("The weather is terrible", "subsidies", &[]),
        ] {
            assert_eq!(clause(&v, text, target), want, "{text}");
        }
    }

    /// A vectorizer fitted on two sentences about boxing, and the names of
    /// the columns of `text` toward "boxing" that `keep` keeps.
    fn boxing_columns(keep: fn(&str) -> bool) -> impl Fn(&str) -> Vec<String> {
        let texts = ["Boxing is a great sport", "Boxing is dangerous"];
        let v = Vectorizer::fit(&texts, &FeatureConfig::default()).unwrap();
        move |text: &str| {
            v.transform(text, Some("boxing"))
                .iter()
                .map(|(j, _)| v.feature_name(j).to_string())
                .filter(|n| keep(n))
                .collect()
        }
    }

    #[test]
    fn the_near_window_stops_at_a_contrast_or_concessive_word() {
        let near = boxing_columns(|n| n.starts_with("rel:near_") && !n.ends_with("_plain"));
        // Within four words and no turn between: near, on either side.
        assert_eq!(near("Boxing returns, and fans love"), ["rel:near_agree"]);
        assert_eq!(near("Fans love that boxing returns"), ["rel:near_agree"]);
        // A contrast marker or a concessive word between: not near.
        for text in [
            "Boxing returns, but fans love",
            "Boxing returns, while fans love",
            "Fans love while boxing returns",
            "Fans love, although boxing returns",
        ] {
            assert!(near(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn near_polarity_in_a_sentence_without_a_modal_also_counts_as_plain() {
        let plain = boxing_columns(|n| n.ends_with("_plain"));
        // A report of what happened near a mention.
        assert_eq!(
            plain("Two fighters were killed in boxing"),
            ["rel:near_disagree_plain"]
        );
        assert_eq!(plain("Boxing brings great joy"), ["rel:near_agree_plain"]);
        // What should or would be done is an argument: no plain column.
        assert!(plain("Boxing should be stopped before more fighters are killed").is_empty());
        assert!(plain("Boxing would bring great joy").is_empty());
        // No polarity near the mention, no plain column.
        assert!(plain("Boxing is on Friday").is_empty());
    }

    #[test]
    fn a_denied_report_about_the_target_is_marked() {
        let texts = ["Boxing is a great sport", "Boxing is dangerous"];
        let v = Vectorizer::fit(&texts, &FeatureConfig::default()).unwrap();
        let marked = |text: &str| {
            v.transform(text, Some("boxing"))
                .iter()
                .any(|(j, _)| v.feature_name(j) == "rel:negated_report")
        };
        assert!(marked(
            "The ministers did not discuss boxing at the meeting"
        ));
        assert!(marked("Neither side has threatened boxing"));
        assert!(marked("He did not personally fly to the boxing match"));
        assert!(marked("Officials did not say whether boxing would resume"));
        assert!(marked("The minister has not said a word about boxing"));
        // A judgement denied, a verb too far into the scope, or a report
        // whose scope does not reach the mention: not marked.
        assert!(!marked("The ministers do not support boxing"));
        assert!(!marked(
            "They did not want to be seen to say anything about boxing"
        ));
        assert!(!marked("They did not discuss it, but boxing was banned"));
        assert!(!marked("Boxing was discussed"));
    }

    #[test]
    fn directions_of_targets() {
        let lex = Lexicons::builtin();
        assert_eq!(super::target_direction("sanctions", &lex), 1);
        assert_eq!(super::target_direction("We should ban boxing", &lex), -1);
        assert_eq!(
            super::target_direction("Boxing should not be banned", &lex),
            1
        );
        assert_eq!(
            super::target_direction("Advertising is dangerous", &lex),
            -1
        );
        assert_eq!(
            super::target_direction("Dangerous advertising works", &lex),
            1
        );
    }

    #[test]
    fn relation_features_follow_polarity_negation_contrast_and_direction() {
        let texts = ["Boxing is a great sport", "Boxing is dangerous"];
        let v = Vectorizer::fit(&texts, &FeatureConfig::default()).unwrap();
        let pro = "boxing";
        let con = "ban boxing";
        assert_eq!(
            rel(&v, "Boxing builds great discipline", pro),
            ["rel:positive", "rel:agree", "rel:near_agree"]
        );
        assert_eq!(
            rel(&v, "Boxing builds great discipline", con),
            ["rel:positive", "rel:disagree", "rel:near_disagree"]
        );
        // Negation turns the polarity around.
        assert_eq!(
            rel(&v, "Boxing is not dangerous", pro),
            ["rel:positive", "rel:agree", "rel:near_agree"]
        );
        // After a contrast, what follows the last marker counts.
        assert_eq!(
            rel(
                &v,
                "It is a fine tradition, but boxing causes terrible injuries",
                pro
            ),
            [
                "cue:contrast",
                "rel:negative",
                "rel:disagree",
                "rel:near_disagree"
            ]
        );
        // A sentence that does not name the target has no near features.
        assert_eq!(
            rel(&v, "Chess is wonderful", pro),
            ["rel:positive", "rel:agree"]
        );
        assert!(rel(&v, "The match is on Friday", pro).is_empty());
        assert!(rel(&v, "Boxing was discussed at the Security Council", pro).is_empty());
        // A word that lowers what follows turns its sign around; one that
        // raises it keeps it; shifts chain, and negation of the shifter
        // counts. "against" right after a mention names whom the target is
        // aimed at and turns its sign around. With the target as its object,
        // a shifter that lowers counts against it, one that raises keeps
        // its own polarity.
        let agree = ["rel:positive", "rel:agree", "rel:near_agree"];
        let disagree = ["rel:negative", "rel:disagree", "rel:near_disagree"];
        for (text, want) in [
            ("Subsidies reduce poverty", agree),
            ("Subsidies increase poverty", disagree),
            ("Subsidies reduce the harm", agree),
            ("Subsidies do not reduce poverty", disagree),
            ("They praised subsidies against the regions", agree),
            // What the target is aimed at counts the other way.
            ("Subsidies against poverty", agree),
            ("Subsidies against the good farms", disagree),
            // What the target is about carries no polarity ("talks on the
            // crisis"), but what is said of it does.
            ("Good subsidies over the crisis", agree),
            ("They voted against subsidies", disagree),
            ("They will lift the subsidies", disagree),
            ("They will ease the subsidies", disagree),
            ("They will not ease the subsidies", agree),
            ("They want to prevent subsidies", disagree),
            // A polar word inside a name of capitalized words does not
            // count, except in a headline in title case.
            ("Subsidies bring security", agree),
            ("Subsidies Bring Security", agree),
        ] {
            assert_eq!(rel(&v, text, "subsidies"), want, "{text}");
        }
        assert!(rel(&v, "Subsidies over the crisis", "subsidies").is_empty());
        assert_eq!(
            rel(&v, "Subsidies crisis", "subsidies"),
            ["rel:negative", "rel:disagree", "rel:near_disagree"]
        );
        assert!(v
            .transform("Boxing is wonderful", None)
            .iter()
            .all(|(j, _)| !v.feature_name(j).starts_with("rel:")));
    }
}
