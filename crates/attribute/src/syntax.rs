//! Speech frames in one sentence: a speech verb outside quotes and its subject.
//!
//! Subjects are found with shallow, linear rules over the token list:
//! - `X said` / `X has also said`: the noun phrase ending just left of the verb;
//! - `X, <appositive>, told` and `X, noting that …, demanded`: commas are
//!   skipped back over a description chunk; an appositive that is itself a
//!   name (`China’s envoy, Zhao Wen, said`) wins;
//! - `“…,” said X`: after a closing quote mark the subject follows the verb;
//! - `according to X` (and `according to a summary released by X`);
//! - `X … but added …`: a coordinated verb takes the sentence's main subject;
//! - `which says …`: a relative pronoun takes its antecedent.
//!
//! Passives (`was asked`), infinitives (`to say`), modals and negations
//! (`did not say`) and reduced relatives (`requested by`) open no frame.

use crate::lexicon::{Form, Gender, Lexicon};
use crate::tokens::{self as cls, Kind, Tok};

/// A pronoun subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pron {
    He,
    She,
    They,
    It,
}

/// A subject noun phrase, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Np {
    /// A person named in the text (name tokens as written).
    Person {
        name: Vec<String>,
        gender: Option<Gender>,
        roles: Vec<String>,
    },
    /// A named collective: country, ministry, organization.
    Collective { name: String },
    /// Named conjuncts: `Brazil, Mexico and Ecuador`.
    Conj(Vec<Np>),
    /// he / she / they / it.
    Pronoun(Pron),
    /// `the ministry`, `the statement`, `the envoy`: resolved by head word.
    Definite { head: String },
    /// `its foreign ministry`: composed with the antecedent of `its`
    /// (`rest` empty: the antecedent itself).
    Possessive { rest: String },
    /// Unnamed: `diplomats`, `a spokesman`, `two officials`.
    Anonymous { plural: bool, person: bool },
}

impl Np {
    fn is_plural(&self) -> bool {
        matches!(
            self,
            Np::Conj(_) | Np::Pronoun(Pron::They) | Np::Anonymous { plural: true, .. }
        )
    }

    /// Names a specific person or collective (not a pronoun or anaphor).
    pub(crate) fn is_named(&self) -> bool {
        matches!(
            self,
            Np::Person { .. } | Np::Collective { .. } | Np::Conj(_)
        )
    }
}

/// How a frame was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameKind {
    /// Subject before the verb.
    Normal,
    /// `“…,” said X`.
    Inverted,
    /// `according to X`.
    According,
    /// A participle (`…, saying …`) with the sentence's main subject.
    Participle,
}

/// One attribution frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    /// Token index of the verb (or `according`).
    pub(crate) verb: usize,
    pub(crate) np: Np,
    pub(crate) kind: FrameKind,
    /// Byte offset of the subject (for pronoun recency).
    pub(crate) pos: usize,
}

/// A name mentioned in the sentence (for pronoun and `its` antecedents).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    pub(crate) np: Np,
    pub(crate) pos: usize,
    pub(crate) subject: bool,
}

const SKIP_BEFORE_VERB: &[&str] = &[
    "also",
    "later",
    "again",
    "already",
    "then",
    "previously",
    "repeatedly",
    "earlier",
    "separately",
    "publicly",
    "privately",
    "once",
    "still",
    "recently",
    "reportedly",
    "immediately",
    "firmly",
    "flatly",
    "angrily",
    "sharply",
    "bluntly",
    "openly",
    "strongly",
    "clearly",
    "further",
    "quickly",
    "swiftly",
    "simply",
    "only",
    "just",
    "even",
    "subsequently",
    "initially",
    "originally",
    "twice",
    "yesterday",
    "today",
    "tonight",
    "has",
    "have",
    "had",
    "ever",
    "formally",
    "officially",
    "explicitly",
    "specifically",
    "quietly",
    "loudly",
    "forcefully",
    "calmly",
    "curtly",
    "tersely",
    "promptly",
    "personally",
    "directly",
    "jointly",
    "first",
    "last",
    "frequently",
    "often",
    "always",
];
const BLOCKERS: &[&str] = &[
    "to", "would", "will", "could", "can", "may", "might", "should", "must", "shall", "did", "do",
    "does", "not", "never", "n't", "cannot",
];
const BE: &[&str] = &[
    "was", "were", "is", "are", "been", "being", "be", "am", "get", "got",
];
const PREPS: &[&str] = &[
    "in",
    "at",
    "from",
    "on",
    "with",
    "near",
    "outside",
    "inside",
    "across",
    "among",
    "between",
    "for",
    "of",
    "to",
    "by",
    "under",
    "over",
    "about",
    "against",
    "into",
    "within",
    "without",
    "like",
    "via",
    "per",
    "after",
    "before",
    "during",
    "since",
    "toward",
    "towards",
    "around",
    "through",
    "throughout",
    "behind",
    "beyond",
    "along",
    "amid",
    "despite",
];
const CONNECT: &[&str] = &[
    "of", "to", "the", "for", "de", "des", "du", "la", "le", "von", "van", "der", "den", "al",
    "bin", "da", "del", "di",
];
const LEADING_FUNCTION: &[&str] = &[
    "the", "a", "an", "but", "and", "or", "as", "when", "while", "if", "so", "yet", "because",
    "although", "though", "where", "after", "before", "since", "then",
];
const QUANT: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "some", "several", "many", "few", "most", "all", "both", "other", "no", "each", "any",
    "another", "various", "numerous", "dozens", "hundreds", "his", "her", "our", "my", "your",
];
const NON_MODIFIER: &[&str] = &[
    "and", "or", "but", "that", "which", "who", "whom", "whose", "he", "she", "they", "it", "we",
    "i", "you", "there", "here", "not", "when", "while", "if", "as", "than", "so", "this", "these",
    "those",
];
const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "aug.",
    "sept.",
    "sep.",
    "oct.",
    "nov.",
    "dec.",
];
/// Longest capitalized chain considered (tokens), so scans stay bounded.
const MAX_CHAIN: usize = 16;
/// Longest comma chunk skipped as an appositive or participle (tokens).
const MAX_CHUNK: usize = 40;
const PRONOUNISH: &[&str] = &[
    "its", "their", "his", "her", "our", "my", "your", "this", "that", "these", "those", "it",
    "he", "she", "they", "we", "i", "you", "there", "here", "who", "which", "what",
];
const PLURAL_WORDS: &[&str] = &["people", "others", "everyone", "men", "women", "police"];
const DESCRIPTION_STARTS: &[&str] = &[
    "a",
    "an",
    "the",
    "who",
    "which",
    "whose",
    "where",
    "when",
    "one",
    "its",
    "his",
    "her",
    "their",
    "our",
    "led",
    "based",
    "known",
    "born",
    "elected",
    "appointed",
    "speaking",
    "noting",
    "former",
    "also",
    "himself",
    "herself",
    "itself",
    "themselves",
    "both",
    "now",
    "then",
    "until",
    "along",
];

/// The word lists with their [`Tok::cls`] bits (for [`Lexicon::builtin`]).
pub(crate) fn word_classes() -> [(&'static [&'static str], u32); 11] {
    [
        (SKIP_BEFORE_VERB, cls::SKIP),
        (BLOCKERS, cls::BLOCKER),
        (BE, cls::BE),
        (PREPS, cls::PREP),
        (CONNECT, cls::CONNECT),
        (LEADING_FUNCTION, cls::LEADING),
        (QUANT, cls::QUANT),
        (NON_MODIFIER, cls::NON_MODIFIER),
        (CALENDAR, cls::CALENDAR),
        (PRONOUNISH, cls::PRONOUNISH),
        (DESCRIPTION_STARTS, cls::DESCRIPTION),
    ]
}

fn is_number(t: &Tok) -> bool {
    t.is_word() && t.lower.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn plural_head(lower: &str) -> bool {
    PLURAL_WORDS.contains(&lower)
        || (lower.len() > 3
            && lower.ends_with('s')
            && !lower.ends_with("ss")
            && !lower.ends_with("us"))
}

/// Normalized text of a byte range: apostrophes made straight, spaces collapsed.
pub(crate) fn norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(if c == '’' { '\'' } else { c });
    }
    out
}

/// Frame finder over one sentence's tokens.
pub(crate) struct Syntax<'a> {
    lex: &'a Lexicon,
    text: &'a str,
    toks: &'a [Tok<'a>],
    known_person: &'a dyn Fn(&str) -> bool,
    /// Title-case headline: no appositive or list parsing.
    headline: bool,
}

impl<'a> Syntax<'a> {
    pub(crate) fn new(
        lex: &'a Lexicon,
        text: &'a str,
        toks: &'a [Tok<'a>],
        known_person: &'a dyn Fn(&str) -> bool,
        headline: bool,
    ) -> Self {
        Syntax {
            lex,
            text,
            toks,
            known_person,
            headline,
        }
    }

    fn tok(&self, i: usize) -> Option<&'a Tok<'a>> {
        self.toks.get(i).filter(|t| !t.quoted)
    }

    fn word(&self, i: usize) -> Option<&'a Tok<'a>> {
        self.tok(i).filter(|t| t.is_word())
    }

    fn capword(&self, i: usize) -> bool {
        self.word(i)
            .is_some_and(|t| (t.cap || t.abbr || t.initial) && !(self.headline && t.verb()))
    }

    fn span_text(&self, a: usize, b: usize) -> String {
        norm(&self.text[self.toks[a].start..self.toks[b].end])
    }

    /// A capitalized token that can be part of a person's name.
    fn name_like(&self, t: &Tok) -> bool {
        t.is_word()
            && !t.quoted
            && (t.initial
                || (t.cap
                    && !t.abbr
                    && !t.allcaps
                    && !t.title()
                    && !t.org()
                    && !t.doc()
                    && !t.group()
                    && !t.verb()
                    && !t.in_list(cls::CALENDAR)
                    && !t.in_list(cls::LEADING)
                    && !t.in_list(cls::PREP)))
    }

    /// All frames of the sentence, in order.
    pub(crate) fn frames(&self) -> Vec<Frame> {
        let mut frames = Vec::new();
        let mut main: Option<Option<Np>> = None;
        let first_word = self.toks.iter().position(|t| t.is_word());
        for (i, t) in self.toks.iter().enumerate() {
            if t.quoted || !t.is_word() {
                continue;
            }
            if t.lower == "according" && self.word(i + 1).is_some_and(|n| n.lower == "to") {
                if let Some(np) = self.according(i + 2, 0) {
                    let pos = self.toks.get(i + 2).map_or(t.start, |n| n.start);
                    frames.push(Frame {
                        verb: i,
                        np,
                        kind: FrameKind::According,
                        pos,
                    });
                }
                continue;
            }
            if !t.verb() {
                continue;
            }
            let Some(v) = self.lex.verb(t.lower) else {
                continue;
            };
            if v.form == Form::Ing {
                continue;
            }
            if let Some(p) = &v.particle {
                if !self.word(i + 1).is_some_and(|n| *n.lower == **p) {
                    continue;
                }
            }
            if Some(i) == first_word || self.word(i + 1).is_some_and(|n| n.lower == "by") {
                continue;
            }
            let Some(mut j) = i.checked_sub(1) else {
                continue;
            };
            while j > 0 && self.word(j).is_some_and(|w| w.in_list(cls::SKIP)) {
                j -= 1;
            }
            let left = &self.toks[j];
            if left.is_word() && !left.quoted && left.in_list(cls::BLOCKER | cls::BE) {
                continue;
            }
            let after_quote = left.kind == Kind::Close
                || (left.is_punct(',')
                    && !left.quoted
                    && j > 0
                    && self.toks[j - 1].kind == Kind::Close);
            let (np, kind) = if after_quote {
                (self.right_np(i + 1), FrameKind::Inverted)
            } else if left.quoted {
                (None, FrameKind::Normal)
            } else if left.is_punct(',') {
                if self.headline {
                    (None, FrameKind::Normal)
                } else {
                    (self.comma_np(j, 0, 0), FrameKind::Normal)
                }
            } else if left.is_word() && matches!(left.lower, "and" | "but" | "or" | "then") {
                // A coordinated verb shares the clause's subject.
                let m = match frames.last() {
                    Some(f) if f.kind == FrameKind::Normal => Some(f.np.clone()),
                    _ => main.get_or_insert_with(|| self.main_subject()).clone(),
                };
                (m, FrameKind::Normal)
            } else if left.is_word() {
                (self.left_np(j, 0, 0), FrameKind::Normal)
            } else {
                (None, FrameKind::Normal)
            };
            let Some(np) = np else { continue };
            if v.form == Form::Base && !np.is_plural() {
                continue;
            }
            // `… whether he supported it`: an embedded question reports no position.
            if kind == FrameKind::Normal && left.is_word() {
                let start = if self.capword(j) {
                    self.chain_start(j, 0)
                } else {
                    j
                };
                if start
                    .checked_sub(1)
                    .and_then(|b| self.word(b))
                    .is_some_and(|w| matches!(w.lower, "whether" | "if"))
                {
                    continue;
                }
            }
            let pos = if kind == FrameKind::Inverted {
                self.toks.get(i + 1).map_or(t.start, |n| n.start)
            } else {
                self.toks[j].start
            };
            frames.push(Frame {
                verb: i,
                np,
                kind,
                pos,
            });
        }
        if frames.is_empty() {
            let participle = self.toks.iter().enumerate().find(|(i, t)| {
                Some(*i) != first_word
                    && !t.quoted
                    && t.is_word()
                    && t.verb()
                    && self.lex.verb(t.lower).is_some_and(|v| v.form == Form::Ing)
            });
            if let Some((i, _)) = participle {
                if let Some(np) = self.main_subject() {
                    frames.push(Frame {
                        verb: i,
                        np,
                        kind: FrameKind::Participle,
                        pos: self.toks[0].start,
                    });
                }
            }
        }
        frames
    }

    /// The noun phrase ending at token `j` (not before `floor`).
    pub(crate) fn left_np(&self, j: usize, floor: usize, depth: u8) -> Option<Np> {
        if depth > 4 || j < floor {
            return None;
        }
        let t = self.word(j)?;
        match t.lower {
            "he" => return Some(Np::Pronoun(Pron::He)),
            "she" => return Some(Np::Pronoun(Pron::She)),
            "they" => return Some(Np::Pronoun(Pron::They)),
            "it" => return Some(Np::Pronoun(Pron::It)),
            "who" | "which" => {
                let mut k = j.checked_sub(1)?;
                if self.tok(k).is_some_and(|p| p.is_punct(',')) {
                    k = k.checked_sub(1)?;
                }
                return self.left_np(k, floor, depth + 1);
            }
            _ => {}
        }
        if self.capword(j) {
            self.cap_np(j, floor, depth)
        } else {
            self.common_np(j, floor, depth)
        }
    }

    /// Start index of the capitalized chain ending at `j`.
    fn chain_start(&self, j: usize, floor: usize) -> usize {
        let mut a = j;
        loop {
            if a <= floor || j - a >= MAX_CHAIN {
                break;
            }
            let Some(p) = self.tok(a - 1) else { break };
            if p.is_word() && self.capword(a - 1) {
                if p.in_list(cls::PRONOUNISH) {
                    break;
                }
                if p.allcaps && !self.toks[a].allcaps {
                    break;
                }
                a -= 1;
                continue;
            }
            if p.kind == Kind::Poss && a >= 2 && a - 2 >= floor && self.capword(a - 2) {
                a -= 2;
                continue;
            }
            // Connectors between capitalized words: `of`, `to the`.
            let mut k = a - 1;
            let mut n = 0;
            while n < 2
                && self
                    .word(k)
                    .is_some_and(|w| !w.cap && w.in_list(cls::CONNECT))
                && k > floor
            {
                k -= 1;
                n += 1;
            }
            if n > 0 && self.capword(k) && !self.toks[k].allcaps {
                a = k;
                continue;
            }
            break;
        }
        a
    }

    fn cap_np(&self, j: usize, floor: usize, depth: u8) -> Option<Np> {
        let a = self.chain_start(j, floor);
        // Named conjuncts: `Brazil, Mexico and Ecuador`.
        let mut conj = vec![(a, j)];
        let mut left = a;
        if !self.headline
            && left >= floor + 2
            && self
                .word(left - 1)
                .is_some_and(|w| w.lower == "and" || w.lower == "or")
            && self.capword(left - 2)
        {
            let b = self.chain_start(left - 2, floor);
            conj.push((b, left - 2));
            left = b;
            // Earlier list items: `X, Y and Z`.
            while left >= floor + 2
                && self.tok(left - 1).is_some_and(|p| p.is_punct(','))
                && self.capword(left - 2)
            {
                let c = self.chain_start(left - 2, floor);
                let before = c.checked_sub(1).and_then(|k| self.word(k));
                if before.is_some_and(|w| w.in_list(cls::PREP)) {
                    break;
                }
                conj.push((c, left - 2));
                left = c;
            }
        }
        // A prepositional object is not the subject: `officials in Washington`.
        if left > floor {
            if let Some(p) = self.word(left - 1) {
                if p.in_list(cls::PREP) && !p.cap {
                    // `the government of Belavia`: an organization of a country.
                    if p.lower == "of"
                        && conj.len() == 1
                        && left >= floor + 2
                        && self.word(left - 2).is_some_and(|h| !h.cap && h.org())
                    {
                        return Some(Np::Collective {
                            name: self.span_text(left - 2, j),
                        });
                    }
                    return left
                        .checked_sub(2)
                        .and_then(|k| self.left_np(k, floor, depth + 1));
                }
                if matches!(p.lower, "its" | "their") && conj.len() == 1 {
                    return Some(Np::Possessive {
                        rest: self.span_text(a, j),
                    });
                }
            }
        }
        if conj.len() > 1 {
            conj.reverse();
            let items: Vec<Np> = conj
                .iter()
                .filter_map(|&(b, e)| self.classify_chain(b, e))
                .collect();
            if items.len() == conj.len() && items.iter().all(Np::is_named) {
                return Some(Np::Conj(items));
            }
            return None;
        }
        self.classify_chain(a, j)
    }

    /// Classifies the capitalized chain `a..=j`.
    fn classify_chain(&self, a: usize, j: usize) -> Option<Np> {
        // Strip leading function words (`The`, `But`).
        let mut a = a;
        let mut definite = false;
        while a < j && self.word(a).is_some_and(|w| w.in_list(cls::LEADING)) {
            definite |= matches!(self.toks[a].lower, "the");
            a += 1;
        }
        if self.word(a).is_some_and(|w| {
            w.in_list(cls::PREP)
                || w.in_list(cls::PRONOUNISH)
                || (a == j && w.in_list(cls::LEADING))
        }) {
            return None;
        }
        let last = &self.toks[j];
        if a == j && last.group() {
            return Some(Np::Anonymous {
                plural: plural_head(last.lower),
                person: true,
            });
        }
        if !definite {
            if let Some(p) = self.person_in(a, j) {
                return Some(p);
            }
        }
        let has_org = (a..=j).any(|k| self.toks[k].is_word() && self.toks[k].org());
        if !has_org && last.title() && !last.abbr {
            return Some(Np::Definite {
                head: last.lower.trim_end_matches('.').to_string(),
            });
        }
        if !has_org && (last.doc() || last.in_list(cls::CALENDAR)) {
            return None;
        }
        if last.allcaps && !last.abbr && last.lower.len() > 4 {
            return None;
        }
        Some(Np::Collective {
            name: self.span_text(a, j),
        })
    }

    /// A person named in `a..=j`: the last segment (split at `of`, `to`,
    /// `for`, `the`) whose trailing name run is titled, two words or more, or
    /// a known name.
    fn person_in(&self, a: usize, j: usize) -> Option<Np> {
        let pre_title = a
            .checked_sub(1)
            .and_then(|k| self.word(k))
            .filter(|w| !w.cap && w.title());
        let mut seg_end = j;
        loop {
            // Segment start.
            let mut s = seg_end;
            while s > a && !self.is_splitter(s - 1) {
                s -= 1;
            }
            let mut r = seg_end + 1;
            while r > s && self.name_like(&self.toks[r - 1]) {
                r -= 1;
            }
            if r <= seg_end {
                let run = &self.toks[r..=seg_end];
                let titled = self.toks[s..r].iter().any(|t| t.is_word() && t.title())
                    || (s == a && pre_title.is_some());
                let place = self.lex.is_place_prefix(run[0].lower);
                let known = run.len() == 1 && (self.known_person)(run[0].lower);
                if (!place && (run.len() >= 2 || titled)) || known {
                    let titles: Vec<&Tok> = self.toks[a..r]
                        .iter()
                        .filter(|t| t.is_word() && t.title())
                        .chain(pre_title.filter(|_| s == a || r > s))
                        .collect();
                    let gender = titles
                        .iter()
                        .rev()
                        .find_map(|t| self.lex.title_gender(t.lower));
                    return Some(Np::Person {
                        name: run
                            .iter()
                            .map(|t| norm(&self.text[t.start..t.end]))
                            .collect(),
                        gender,
                        roles: titles
                            .iter()
                            .map(|t| t.lower.trim_end_matches('.').to_string())
                            .collect(),
                    });
                }
            }
            if s <= a {
                return None;
            }
            // Skip the splitter words.
            let mut e = s - 1;
            while e > a && self.is_splitter(e) {
                e -= 1;
            }
            if self.is_splitter(e) {
                return None;
            }
            seg_end = e;
        }
    }

    fn is_splitter(&self, k: usize) -> bool {
        let t = &self.toks[k];
        t.kind == Kind::Poss
            || (t.is_word() && !t.cap && matches!(t.lower, "of" | "to" | "the" | "for"))
    }

    /// A lowercase head noun at `j`: `the ministry`, `diplomats`,
    /// `its foreign ministry`, `Turkey's delegation`.
    fn common_np(&self, j: usize, floor: usize, depth: u8) -> Option<Np> {
        let head = self.word(j)?.lower.to_string();
        if !self.lex.is_head(&head) {
            return None;
        }
        enum Det {
            None,
            The,
            Indef,
            Its,
            PossChain(usize, usize),
        }
        let mut det = Det::None;
        let mut k = j; // first token of the modifiers
        let mut cap_mod: Option<(usize, usize)> = None;
        let mut steps = 0;
        while k > floor && steps < 6 {
            steps += 1;
            let Some(p) = self.tok(k - 1) else { break };
            if p.kind == Kind::Poss {
                if k >= 2 && k - 2 >= floor && self.capword(k - 2) {
                    let s = self.chain_start(k - 2, floor);
                    det = Det::PossChain(s, k - 2);
                    k = s;
                } else {
                    det = Det::Indef;
                    k -= 1;
                }
                break;
            }
            if !p.is_word() {
                break;
            }
            let l = p.lower;
            if l == "the" {
                det = Det::The;
                k -= 1;
                break;
            }
            if l == "its" || l == "their" {
                det = Det::Its;
                k -= 1;
                break;
            }
            if p.in_list(cls::QUANT) || is_number(p) {
                det = Det::Indef;
                k -= 1;
                break;
            }
            if p.cap || p.abbr {
                let e = k - 1;
                let s = self.chain_start(e, floor);
                cap_mod = Some((s, e));
                k = s;
                continue;
            }
            if p.in_list(cls::NON_MODIFIER | cls::PREP | cls::BE | cls::BLOCKER | cls::SKIP)
                || p.verb()
            {
                break;
            }
            k -= 1;
        }
        // `one of their ministers`: the head is before the preposition.
        if k > floor + 1 && self.word(k - 1).is_some_and(|w| w.lower == "of") {
            if let Some(np) = self.left_np(k - 2, floor, depth + 1) {
                if !matches!(np, Np::Collective { .. }) {
                    return Some(np);
                }
            }
        }
        let lex = self.lex;
        let plural = plural_head(&head);
        let anonymous = Np::Anonymous {
            plural,
            person: !lex.is_org(&head) && !lex.is_doc(&head),
        };
        if lex.is_group(&head) && !lex.is_org(&head) {
            return Some(anonymous);
        }
        if lex.is_org(&head) {
            return Some(match det {
                Det::PossChain(s, _) => Np::Collective {
                    name: self.span_text(s, j),
                },
                Det::Its => Np::Possessive {
                    rest: self.span_text(k + 1, j),
                },
                _ if cap_mod.is_some() => {
                    let (s, _) = cap_mod.unwrap_or((j, j));
                    Np::Collective {
                        name: self.span_text(s, j),
                    }
                }
                Det::The => Np::Definite { head },
                _ => anonymous,
            });
        }
        if lex.is_doc(&head) {
            return Some(match (det, cap_mod) {
                (_, Some((s, e))) => self.classify_chain(s, e).unwrap_or(anonymous),
                (Det::PossChain(s, e), None) => self.classify_chain(s, e).unwrap_or(anonymous),
                (Det::Its, None) => Np::Possessive {
                    rest: String::new(),
                },
                (Det::The, None) => Np::Definite { head },
                _ => anonymous,
            });
        }
        // Role words: `the envoy`; without a name otherwise anonymous.
        Some(match det {
            Det::The if cap_mod.is_none() || !plural => Np::Definite { head },
            _ => anonymous,
        })
    }

    /// `X, <description>, said`: `jc` is the comma before the verb.
    fn comma_np(&self, jc: usize, floor: usize, depth: u8) -> Option<Np> {
        if depth > 3 || jc <= floor {
            return None;
        }
        let p_end = jc - 1;
        let mut b = p_end;
        while b > floor && p_end - b < MAX_CHUNK {
            let q = &self.toks[b - 1];
            let boundary = q.quoted
                || matches!(q.kind, Kind::Open | Kind::Close)
                || matches!(q.kind, Kind::Punct(c) if matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')'));
            if boundary {
                break;
            }
            b -= 1;
        }
        let first = self.tok(b)?;
        let comma_before = b > floor + 1 && self.tok(b - 1).is_some_and(|q| q.is_punct(','));
        // An appositive that is a name.
        let pure = (b..=p_end).all(|k| {
            let t = &self.toks[k];
            !t.quoted
                && (t.kind == Kind::Poss
                    || (t.is_word()
                        && (t.cap || t.abbr || t.initial || t.in_list(cls::CONNECT) || t.title())))
        });
        if pure && self.capword(b) {
            if let Some(Np::Person {
                name,
                gender,
                mut roles,
            }) = self.person_in(b, p_end)
            {
                let mut gender = gender;
                if comma_before {
                    // Roles and gender from the description before it.
                    let mut c = b - 1;
                    while c > floor && !self.toks[c - 1].is_punct(',') && !self.toks[c - 1].quoted {
                        c -= 1;
                        let t = &self.toks[c];
                        if t.is_word() && t.title() {
                            roles.push(t.lower.trim_end_matches('.').to_string());
                            gender = gender.or(self.lex.title_gender(t.lower));
                        }
                    }
                }
                return Some(Np::Person {
                    name,
                    gender,
                    roles,
                });
            }
        }
        let description = first.in_list(cls::DESCRIPTION)
            || is_number(first)
            || first.in_list(cls::PREP)
            || (first.is_word()
                && !first.cap
                && (first.lower.ends_with("ing") || first.lower.ends_with("ed")))
            || (self.capword(b) && self.toks.get(b + 1).is_some_and(|n| n.kind == Kind::Poss));
        if !description || !comma_before {
            return None;
        }
        let c_end = b - 2;
        let np = if self.tok(c_end).is_some_and(|t| t.is_word()) {
            self.left_np(c_end, floor, depth + 1)
        } else {
            None
        };
        let roles_from_p = || -> Vec<String> {
            (b..=p_end)
                .filter(|&k| self.toks[k].is_word() && self.toks[k].title())
                .map(|k| self.toks[k].lower.trim_end_matches('.').to_string())
                .collect()
        };
        match np {
            Some(Np::Person {
                name,
                gender,
                mut roles,
            }) => {
                roles.extend(roles_from_p());
                Some(Np::Person {
                    name,
                    gender,
                    roles,
                })
            }
            // A document `presented by X`: its author.
            _ if self.word(c_end).is_some_and(|w| w.doc()) => {
                let by = (b..p_end).find(|&k| self.word(k).is_some_and(|w| w.lower == "by"));
                match by {
                    Some(k) if k > b => self.left_np(p_end, k + 1, depth + 1).or(np),
                    _ => np,
                }
            }
            None if self.tok(c_end).is_some_and(|t| t.is_punct(',')) => {
                self.comma_np(c_end, floor, depth + 1)
            }
            other => other,
        }
    }

    /// The subject after an inverted verb: `said Orlov`, `said the ministry`.
    fn right_np(&self, k: usize) -> Option<Np> {
        let t = self.word(k)?;
        if matches!(t.lower, "he" | "she" | "they" | "it") {
            return self.left_np(k, k, 0);
        }
        // `said Kremlin spokesman Oleg Varin`: caps, role words, then a name.
        let mut last_cap = None;
        let mut i = k;
        while i < k + 10 {
            match self.tok(i) {
                Some(t) if t.is_word() && self.capword(i) => last_cap = Some(i),
                Some(t) if t.is_word() && !t.cap && t.title() => {}
                Some(t) if t.kind == Kind::Poss => {}
                _ => break,
            }
            i += 1;
        }
        if let Some(end) =
            last_cap.filter(|&e| (k..e).any(|x| self.word(x).is_some_and(|w| !w.cap && w.title())))
        {
            if let Some(np @ Np::Person { .. }) = self.left_np(end, k, 0) {
                return Some(np);
            }
        }
        let mut e = k;
        if self.capword(k) {
            loop {
                if self.capword(e + 1)
                    || self.tok(e + 1).is_some_and(|n| n.kind == Kind::Poss) && self.capword(e + 2)
                {
                    e += if self.capword(e + 1) { 1 } else { 2 };
                    continue;
                }
                let mut c = e + 1;
                while self
                    .word(c)
                    .is_some_and(|w| !w.cap && w.in_list(cls::CONNECT))
                    && c < e + 3
                {
                    c += 1;
                }
                if c > e + 1 && self.capword(c) {
                    e = c;
                    continue;
                }
                break;
            }
            // `said the U.S. State Department`, `said Kestria's foreign ministry`.
            return self.left_np(self.extend_to_head(e), k, 0);
        }
        let end = (k..k + 6).find(|&i| {
            self.word(i).is_some_and(|w| w.head())
                && !self.word(i + 1).is_some_and(|n| !n.cap && n.head())
        })?;
        if (k..end).any(|i| {
            self.tok(i)
                .map_or(true, |t| !t.is_word() && t.kind != Kind::Poss)
        }) {
            return None;
        }
        if let Some(author) = self.doc_author(end) {
            return Some(author);
        }
        self.left_np(end, k, 0)
    }

    /// `a statement from X`, `a summary released by X`: the author of the
    /// document whose head is at `end`.
    fn doc_author(&self, end: usize) -> Option<Np> {
        if !self.word(end).is_some_and(|w| w.doc()) {
            return None;
        }
        let mut k = end + 1;
        if self
            .word(k)
            .is_some_and(|w| !w.cap && (w.lower.ends_with("ed") || w.lower == "led"))
        {
            k += 1;
        }
        if !self
            .word(k)
            .is_some_and(|w| matches!(w.lower, "by" | "from" | "of"))
        {
            return None;
        }
        self.according(k + 1, 1)
    }

    /// After a capitalized chain ending at `e`, a possessive or modifiers may
    /// lead to a lowercase head: `Kestria's foreign ministry`.
    fn extend_to_head(&self, e: usize) -> usize {
        let mut i = e + 1;
        if self.tok(i).is_some_and(|t| t.kind == Kind::Poss) {
            i += 1;
        }
        for k in i..i + 4 {
            let Some(w) = self.word(k) else { break };
            if w.cap {
                break;
            }
            if w.head() {
                if !self.word(k + 1).is_some_and(|n| !n.cap && n.head()) {
                    return k;
                }
                continue;
            }
            if w.in_list(cls::PREP) || w.in_list(cls::NON_MODIFIER) {
                break;
            }
        }
        e
    }

    /// `according to X`, starting at token `k`.
    fn according(&self, k: usize, depth: u8) -> Option<Np> {
        if depth > 2 {
            return None;
        }
        let mut end = None;
        let mut i = k;
        while i < k + 12 {
            let Some(t) = self.tok(i) else { break };
            if t.kind == Kind::Poss {
                i += 1;
                continue;
            }
            if !t.is_word() {
                break;
            }
            if self.capword(i) {
                end = Some(i);
            } else if end.is_some()
                && !t.cap
                && t.in_list(cls::CONNECT)
                && (self.capword(i + 1)
                    || (self.word(i + 1).is_some_and(|w| w.lower == "the") && self.capword(i + 2)))
            {
                i += 1;
                continue;
            } else if t.head() {
                end = Some(i);
                if !self.word(i + 1).is_some_and(|n| !n.cap && n.head()) {
                    break;
                }
            } else if end.is_some() && (t.in_list(cls::PREP) || !t.cap) {
                break;
            }
            i += 1;
        }
        let end = end?;
        // `a summary released by X`, `data compiled by X`, `a statement from X`.
        if let Some(author) = self.doc_author(end).filter(|_| depth < 2) {
            return Some(author);
        }
        self.left_np(end, k, 0)
    }

    /// The subject at the start of the sentence, after a dateline or an
    /// introductory phrase.
    pub(crate) fn main_subject(&self) -> Option<Np> {
        let n = self.toks.len();
        let mut s = 0;
        // Dateline: `CITY (Wire) —`.
        if let Some(d) = self
            .toks
            .iter()
            .take(16)
            .position(|t| !t.quoted && matches!(t.kind, Kind::Punct('—') | Kind::Punct('–')))
        {
            if d > 0
                && (self.toks[d - 1].allcaps
                    || self.toks[d - 1].is_punct(')')
                    || is_number(&self.toks[d - 1]))
            {
                s = d + 1;
            }
        }
        let first = self.word(s)?;
        let intro = (first.cap
            && (first.in_list(cls::PREP)
                || first.lower.ends_with("ing")
                || first.lower.ends_with("ed")))
            || matches!(first.lower, "asked" | "when" | "while" | "after" | "before");
        if intro {
            let c = (s..n).find(|&k| self.tok(k).is_some_and(|t| t.is_punct(',')))?;
            s = c + 1;
        }
        let t = self.word(s)?;
        if matches!(t.lower, "he" | "she" | "they" | "it") {
            return self.left_np(s, s, 0);
        }
        let mut e;
        if self.capword(s) {
            e = s;
            loop {
                if self.capword(e + 1) {
                    e += 1;
                    continue;
                }
                if self.tok(e + 1).is_some_and(|n| n.kind == Kind::Poss) {
                    if self.capword(e + 2) {
                        e += 2;
                        continue;
                    }
                    break;
                }
                let mut c = e + 1;
                while c < e + 3
                    && self
                        .word(c)
                        .is_some_and(|w| !w.cap && (w.in_list(cls::CONNECT) || w.lower == "and"))
                {
                    c += 1;
                }
                if c > e + 1 && self.capword(c) {
                    e = c;
                    continue;
                }
                break;
            }
            let head = self.extend_to_head(e);
            e = if head == e {
                // `American and Russian diplomats`: lowercase modifiers then a head.
                (e + 1..(e + 4).min(n))
                    .take_while(|&k| self.word(k).is_some_and(|w| !w.cap))
                    .find(|&k| self.toks[k].group())
                    .unwrap_or(e)
            } else {
                head
            };
        } else {
            e = (s..(s + 6).min(n))
                .take_while(|&k| {
                    self.tok(k)
                        .is_some_and(|t| t.is_word() || t.kind == Kind::Poss)
                })
                .find(|&k| self.toks[k].head())?;
        }
        // `China's envoy, Zhao Wen, struck …`: an appositive name.
        if self.tok(e + 1).is_some_and(|t| t.is_punct(',')) {
            if let Some(c) =
                (e + 2..n.min(e + 10)).find(|&k| self.tok(k).is_some_and(|t| t.is_punct(',')))
            {
                if let Some(np @ Np::Person { .. }) = self.comma_np(c, e + 2, 0) {
                    return Some(np);
                }
            }
        }
        self.left_np(e, s, 0)
    }

    /// Named people and collectives mentioned outside quotes (for pronouns
    /// and `its`), with the subject of each frame marked separately.
    pub(crate) fn mentions(&self) -> Vec<Mention> {
        let mut out = Vec::new();
        if self.headline {
            return out;
        }
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if !self.capword(i) {
                i += 1;
                continue;
            }
            // Find the end of this chain.
            let mut e = i;
            while self.capword(e + 1)
                || (self.tok(e + 1).is_some_and(|t| t.kind == Kind::Poss) && self.capword(e + 2))
            {
                e += if self.capword(e + 1) { 1 } else { 2 };
            }
            let a = i;
            i = e + 1;
            let Some(np) = self.classify_chain(a, e) else {
                continue;
            };
            let before = a.checked_sub(1).and_then(|k| self.tok(k));
            let after = self.tok(e + 1);
            let appositive = before.is_some_and(|t| t.is_punct(','))
                && after.map_or(true, |t| t.is_punct(',') || t.is_punct('.'));
            let possessor = after.is_some_and(|t| t.kind == Kind::Poss);
            let initial = a == 0 || before.is_some_and(|t| t.kind == Kind::Punct('—'));
            match &np {
                Np::Person { name, roles, .. } => {
                    let titled = !roles.is_empty();
                    let known = name.len() == 1 && (self.known_person)(&name[0].to_lowercase());
                    if titled || known || appositive || (initial && name.len() >= 2) {
                        out.push(Mention {
                            np,
                            pos: self.toks[a].start,
                            subject: initial,
                        });
                    }
                }
                Np::Collective { .. } if possessor || initial => {
                    out.push(Mention {
                        np,
                        pos: self.toks[a].start,
                        subject: initial,
                    });
                }
                _ => {}
            }
        }
        out
    }
}
