//! The frames of a sentence: each speech verb outside quotes with its subject.

use super::{Frame, FrameKind, Np, Syntax};
use crate::grammar::Form;
use crate::tokens::{self as cls, Kind};

/// State shared by the frames of one sentence.
struct Walk {
    frames: Vec<Frame>,
    /// The sentence's main subject, computed on first need.
    main: Option<Option<Np>>,
    /// Index of the first word token.
    first_word: Option<usize>,
}

impl<'a> Syntax<'a> {
    /// All frames of the sentence, in order.
    pub(crate) fn frames(&self) -> Vec<Frame> {
        let mut walk = Walk {
            frames: Vec::new(),
            main: None,
            first_word: self.toks.iter().position(|t| t.is_word()),
        };
        const CUES: u32 = cls::CUE | cls::BELIEF | cls::POSITION_ADJ | cls::DOC_VERB | cls::LIGHT;
        for (i, t) in self.toks.iter().enumerate() {
            if t.quoted || !t.is_word() || !(t.verb() || t.in_list(CUES)) {
                continue;
            }
            if t.lower == "according" && self.word(i + 1).is_some_and(|n| n.lower == "to") {
                walk.frames.extend(self.according_frame(i));
                continue;
            }
            // `According to X, Y believes …`: the believer holds the position.
            if t.in_list(cls::BELIEF)
                && !t.cap
                && walk
                    .frames
                    .last()
                    .is_some_and(|f| f.kind == FrameKind::According)
            {
                if let Some(f) = self.frame_at(i, Form::Third, &mut walk) {
                    walk.frames.push(f);
                }
                continue;
            }
            // `<Agency A>, quoting <Agency B>, …`: B is the source.
            if matches!(t.lower, "quoting" | "citing")
                && i > 0
                && self.tok(i - 1).is_some_and(|p| p.is_punct(','))
            {
                if let Some(np) = self.right_np(i + 1) {
                    walk.frames.push(Frame {
                        verb: i,
                        np,
                        kind: FrameKind::Normal,
                        pos: self.toks.get(i + 1).map_or(t.start, |n| n.start),
                    });
                }
                continue;
            }
            if t.lower == "words" && self.in_the_words_of(i) {
                walk.frames.extend(self.according_frame(i + 1));
                continue;
            }
            // `is critical of`, `is demanding that`: a position after `be`.
            if !t.cap && (t.in_list(cls::POSITION_ADJ) || t.verb()) {
                if let Some(be) = self.be_before_position(i) {
                    if let Some(f) = self.frame_at(be, Form::Third, &mut walk) {
                        walk.frames.push(f);
                    }
                    continue;
                }
            }
            if !t.verb() {
                // `the report states`, `the letter reads`.
                if t.in_list(cls::DOC_VERB)
                    && !t.cap
                    && i > 0
                    && self.word(i - 1).is_some_and(|w| w.doc() && !w.cap)
                {
                    if let Some(f) = self.frame_at(i, Form::Third, &mut walk) {
                        walk.frames.push(f);
                    }
                    continue;
                }
                if t.in_list(cls::LIGHT) && !t.cap && self.statement_object(i) {
                    if let Some(f) = self.frame_at(i, Form::Past, &mut walk) {
                        walk.frames.push(f);
                    }
                }
                continue;
            }
            // `was rejected by X`: a passive speech verb with its agent.
            if let Some(f) = self.passive_agent(i) {
                walk.frames.push(f);
                continue;
            }
            if let Some(f) = self.verb_frame(i, &mut walk) {
                walk.frames.push(f);
            }
        }
        if walk.frames.is_empty() {
            walk.frames.extend(self.participle_frame(walk.first_word));
        }
        if walk.frames.is_empty() {
            walk.frames.extend(self.signature_frame());
        }
        if walk.frames.is_empty() {
            walk.frames.extend(self.transcript_frame());
        }
        walk.frames
    }

    /// `in the words of X`: token `i` is `words`.
    fn in_the_words_of(&self, i: usize) -> bool {
        i >= 2
            && self.word(i - 1).is_some_and(|w| w.lower == "the")
            && self.word(i - 2).is_some_and(|w| w.lower == "in")
            && self.word(i + 1).is_some_and(|w| w.lower == "of")
    }

    /// `according to X` at token `i` (`according`; or `words` of `in the
    /// words of X`): the source starts two tokens later.
    fn according_frame(&self, i: usize) -> Option<Frame> {
        let np = self.according(i + 2, 0)?;
        let pos = self.toks.get(i + 2).map_or(self.toks[i].start, |n| n.start);
        Some(Frame {
            verb: i,
            np,
            kind: FrameKind::According,
            pos,
        })
    }

    /// Whether the speech-verb token at `i` can head a finite frame: not a
    /// participle, its particle present, not sentence-initial, not `said by`.
    fn finite_verb(&self, i: usize, first_word: Option<usize>) -> Option<Form> {
        let t = &self.toks[i];
        // A capitalised word inside a sentence is a name (`United States`).
        if t.cap && !self.headline {
            return None;
        }
        let v = self.lex.verb(t.lower)?;
        if v.form == Form::Ing {
            return None;
        }
        if let Some(p) = &v.particle {
            if !self.word(i + 1).is_some_and(|n| *n.lower == **p) {
                return None;
            }
        }
        if Some(i) == first_word || self.word(i + 1).is_some_and(|n| n.lower == "by") {
            return None;
        }
        // `continued to shun`, `conceded a penalty`: only before a clause.
        if t.in_list(cls::CLAUSE_VERB)
            && self
                .word(i + 1)
                .is_some_and(|n| n.lower != "that" && !n.cap)
        {
            return None;
        }
        // `a group called the Sea Org`: naming, not speech.
        if matches!(t.lower, "called" | "dubbed" | "named") && self.names_after(i) {
            return None;
        }
        // `spoke with donors`: meeting someone reports no position.
        if matches!(t.lower, "spoke" | "speaks" | "speak")
            && self
                .word(i + 1)
                .is_some_and(|n| matches!(n.lower, "with" | "to"))
        {
            return None;
        }
        Some(v.form)
    }

    /// The subject ending at `j` opens the sentence (after at most a
    /// determiner and modifiers).
    fn opens_clause(&self, j: usize) -> bool {
        let a = if self.capword(j) {
            self.chain_start(j, 0)
        } else {
            j
        };
        // A lone capitalised word opening the sentence is an acronym or
        // nothing (`Estimates suggest`).
        if a == 0 && a == j && !self.toks[j].allcaps {
            return false;
        }
        a <= 4
            && (0..a).all(|k| {
                let t = &self.toks[k];
                t.is_word()
                    && !t.quoted
                    && !t.verb()
                    && !t.in_list(cls::BE | cls::BLOCKER | cls::PREP | cls::SKIP)
            })
    }

    /// `was (reportedly) rejected by X`: the speech verb at `i` is a past
    /// participle after a form of `be` and before `by` with its agent.
    fn passive_agent(&self, i: usize) -> Option<Frame> {
        let t = &self.toks[i];
        if t.cap || !self.word(i + 1).is_some_and(|n| n.lower == "by") {
            return None;
        }
        if self.lex.verb(t.lower)?.form != Form::Past || t.in_list(cls::CLAUSE_VERB) {
            return None;
        }
        // `was supported by a foundation`: funding, not a stated position.
        if matches!(
            t.lower,
            "supported" | "backed" | "endorsed" | "promoted" | "pressed" | "pushed"
        ) {
            return None;
        }
        let mut k = i.checked_sub(1)?;
        while k > 0 && self.word(k).is_some_and(|w| w.in_list(cls::SKIP)) {
            k -= 1;
        }
        if !self
            .word(k)
            .is_some_and(|w| matches!(w.lower, "was" | "were" | "been" | "is" | "are" | "be"))
        {
            return None;
        }
        let np = self.according(i + 2, 1)?;
        Some(Frame {
            verb: i,
            np,
            kind: FrameKind::Normal,
            pos: self.toks.get(i + 2).map_or(t.start, |n| n.start),
        })
    }

    /// `X is (extremely) critical of`, `X are calling for`: the index of the
    /// finite `be` before the position adjective or speech `-ing` form at
    /// `i` (its preposition or particle present).
    fn be_before_position(&self, i: usize) -> Option<usize> {
        let mut k = i.checked_sub(1)?;
        while k > 0
            && self
                .word(k)
                .is_some_and(|w| w.in_list(cls::SKIP) || (w.lower.ends_with("ly") && !w.cap))
        {
            k -= 1;
        }
        if !self
            .word(k)
            .is_some_and(|w| matches!(w.lower, "is" | "are" | "was" | "were"))
        {
            return None;
        }
        let t = &self.toks[i];
        let next = self.word(i + 1).map(|n| n.lower);
        if t.in_list(cls::POSITION_ADJ) {
            if !matches!(next, Some("of" | "to" | "that" | "about")) {
                return None;
            }
        } else {
            let v = self.lex.verb(t.lower)?;
            if v.form != Form::Ing || t.in_list(cls::CLAUSE_VERB) {
                return None;
            }
            if let Some(p) = &v.particle {
                if next != Some(&**p) {
                    return None;
                }
            }
        }
        Some(k)
    }

    /// `…, said Maurer, …` / `…, said Maurer.`: a name (with titles)
    /// between the verb at `i` and a comma or the final stop.
    fn parenthetical_said(&self, i: usize) -> Option<Np> {
        let end = (i + 1..i + 7).find(|&k| self.tok(k).map_or(true, |t| !t.is_word()))?;
        // `…, said Maurer, …` and `…, said Maurer.`
        let closes = match self.tok(end) {
            Some(t) => t.is_punct(',') || (end + 1 == self.toks.len() && t.is_punct('.')),
            None => false,
        };
        if end == i + 1 || !closes {
            return None;
        }
        if !(i + 1..end).all(|k| {
            self.capword(k) || self.toks[k].title() || (k == i + 1 && self.toks[k].lower == "the")
        }) {
            return self.name_after_role(i + 1, end);
        }
        self.left_np(end - 1, i + 1, 0)
            .filter(|np| !matches!(np, Np::Pronoun(_) | Np::Possessive { .. }))
    }

    /// `says Harbour cartoonist Eva Lind`, `said harbour master Aud Vik`:
    /// role words of any case, then a person's name ending at `end - 1`.
    fn name_after_role(&self, from: usize, end: usize) -> Option<Np> {
        let mut run = end.checked_sub(1)?;
        if run < from || !self.capword(run) {
            return None;
        }
        while run > from && self.capword(run - 1) {
            run -= 1;
        }
        let role_ok = (from..run).all(|k| {
            self.word(k).is_some_and(|w| {
                !w.verb() && !w.in_list(cls::PREP | cls::BE | cls::BLOCKER | cls::PRONOUNISH)
            })
        });
        if run == from || !role_ok || end - run < 2 {
            return None;
        }
        // The name is the last capitalised words (`Harbour cartoonist Eva
        // Lind`: the capitalised role word is no part of it).
        let start = run.max(end.saturating_sub(3));
        match self.left_np(end - 1, start, 0)? {
            np @ Np::Person { .. } => Some(np),
            _ => None,
        }
    }

    /// `called the Sea Org.`: a capitalised name (after an optional `the`)
    /// closes the clause after the verb at `i`.
    fn names_after(&self, i: usize) -> bool {
        let mut k = i + 1;
        if self.word(k).is_some_and(|w| w.lower == "the") {
            k += 1;
        }
        if !self.capword(k) {
            return false;
        }
        while self.capword(k + 1) {
            k += 1;
        }
        self.toks
            .get(k + 1)
            .map_or(true, |t| !t.is_word() && t.kind != Kind::Poss)
    }

    /// `issued a statement`, `made brief remarks`: the light verb at `i` has
    /// a statement noun as its object (a determiner and up to two modifiers
    /// between).
    fn statement_object(&self, i: usize) -> bool {
        for k in i + 1..i + 5 {
            let Some(w) = self.word(k) else { return false };
            if w.in_list(cls::STATEMENT) {
                return true;
            }
            if w.cap
                || w.verb()
                || w.in_list(cls::PREP | cls::BE | cls::BLOCKER)
                || (k > i + 1 && matches!(w.lower, "a" | "an" | "the"))
            {
                return false;
            }
        }
        false
    }

    /// The frame of the speech verb at token `i`, if it has a subject.
    fn verb_frame(&self, i: usize, walk: &mut Walk) -> Option<Frame> {
        let form = self.finite_verb(i, walk.first_word)?;
        self.frame_at(i, form, walk)
    }

    /// The frame of the finite verb at token `i` (of form `form`), if it has
    /// a subject.
    fn frame_at(&self, i: usize, form: Form, walk: &mut Walk) -> Option<Frame> {
        let mut j = i.checked_sub(1)?;
        while j > 0 && self.word(j).is_some_and(|w| w.in_list(cls::SKIP)) {
            j -= 1;
        }
        let left = &self.toks[j];
        if left.is_word() && !left.quoted && left.in_list(cls::BLOCKER | cls::BE) {
            return None;
        }
        let (np, kind) = self.subject_left_of(i, j, walk);
        let np = np?;
        // `WHO say`, `the magazine MicroMega describe`: a body opening the
        // clause may take plural agreement.
        if form == Form::Base
            && !np.is_plural()
            && !(matches!(np, Np::Collective { .. }) && self.opens_clause(j))
        {
            return None;
        }
        if kind == FrameKind::Normal && left.is_word() && self.embedded_question(j) {
            return None;
        }
        let pos = if kind == FrameKind::Inverted {
            self.toks.get(i + 1).map_or(self.toks[i].start, |n| n.start)
        } else {
            self.toks[j].start
        };
        Some(Frame {
            verb: i,
            np,
            kind,
            pos,
        })
    }

    /// The subject of the verb at `i` whose left neighbour (adverbs
    /// skipped) is token `j`: after a closing quote it follows the verb.
    fn subject_left_of(&self, i: usize, j: usize, walk: &mut Walk) -> (Option<Np>, FrameKind) {
        let Some(np) = self.subject_np(i, j, walk) else {
            return (None, FrameKind::Normal);
        };
        np
    }

    /// [`Self::subject_left_of`], `None` when a parenthesis is unmatched.
    fn subject_np(&self, i: usize, j: usize, walk: &mut Walk) -> Option<(Option<Np>, FrameKind)> {
        let left = &self.toks[j];
        let after_quote = left.kind == Kind::Close
            || (left.is_punct(',')
                && !left.quoted
                && j > 0
                && self.toks[j - 1].kind == Kind::Close);
        if after_quote {
            let np = self.right_np(i + 1).or_else(|| {
                let end = (i + 1..i + 8).find(|&k| self.tok(k).map_or(true, |t| !t.is_word()))?;
                self.name_after_role(i + 1, end)
            });
            return Some((np, FrameKind::Inverted));
        }
        let np = if left.quoted {
            None
        } else if self.headline && (left.is_punct(',') || left.is_punct(';')) {
            // `China Offers Talks, Warns Against …`: headline verbs share
            // the headline's subject.
            walk.main.get_or_insert_with(|| self.main_subject()).clone()
        } else if left.is_punct(',') {
            if self.headline {
                None
            } else if let Some(np) = self.comma_np(j, 0, 0) {
                Some(np)
            } else if let Some(np) = self.parenthetical_said(i) {
                // `Recipients, said Maurer, must …`.
                return Some((Some(np), FrameKind::Inverted));
            } else {
                // `The security firm Secunia.com, has said`: a stray comma
                // after a subject that opens the sentence.
                let opens = (0..j).all(|k| {
                    let t = &self.toks[k];
                    !t.quoted && (t.is_word() || t.kind == Kind::Poss)
                });
                if opens && j > 0 && self.word(j - 1).is_some() {
                    self.left_np(j - 1, 0, 0)
                } else {
                    None
                }
            }
        } else if left.is_word() && matches!(left.lower, "and" | "but" | "or" | "then") {
            // A coordinated verb shares the clause's subject.
            match walk.frames.last() {
                Some(f) if f.kind == FrameKind::Normal => Some(f.np.clone()),
                // `Police arrested and questioned him`, `were asked to submit
                // designs and suggest …`: a speech verb joined to an action
                // or to an infinitive reports no position.
                _ if self.joined_to_action(i, j) => None,
                _ => walk.main.get_or_insert_with(|| self.main_subject()).clone(),
            }
        } else if left.is_word() && left.lower == "that" && !left.cap {
            // `lines that backed up`: a relative clause takes its antecedent.
            j.checked_sub(1)
                .filter(|&k| self.word(k).is_some())
                .and_then(|k| self.left_np(k, 0, 0))
        } else if left.is_word() {
            self.left_np(j, 0, 0)
                .or_else(|| self.head_before_modifier(j))
        } else if left.is_punct(')') {
            // `The World Health Organisation (WHO) recommends`.
            let open = (j.saturating_sub(8)..j)
                .rev()
                .find(|&k| self.toks[k].is_punct('('))?;
            open.checked_sub(1)
                .filter(|&k| self.word(k).is_some())
                .and_then(|k| self.left_np(k, 0, 0))
        } else {
            None
        };
        Some((np, FrameKind::Normal))
    }

    /// The speech verb at `i` is coordinated (by the conjunction at `j`)
    /// with a non-speech past verb (`arrested and questioned`), or is a base
    /// form (an infinitive or imperative: `to submit and suggest`).
    fn joined_to_action(&self, i: usize, j: usize) -> bool {
        let base = self
            .lex
            .verb(self.toks[i].lower)
            .is_some_and(|v| v.form == Form::Base);
        let action = j
            .checked_sub(1)
            .and_then(|k| self.word(k))
            .is_some_and(|w| !w.cap && !w.verb() && w.lower.len() > 4 && w.lower.ends_with("ed"));
        base || action
    }

    /// `PC World's analysis of its traffic concluded`, `two people familiar
    /// with the talks said`: the head before a modifier (a prepositional
    /// phrase, or an adjective and one) ending at `j`.
    fn head_before_modifier(&self, j: usize) -> Option<Np> {
        let lo = j.saturating_sub(8);
        let prep = (lo..j).rev().find(|&k| {
            self.tok(k)
                .map_or(true, |t| !t.is_word() && t.kind != Kind::Poss)
                || self.word(k).is_some_and(|w| {
                    (w.in_list(cls::PREP) && !w.cap)
                        || w.verb()
                        || w.in_list(cls::BE | cls::NON_MODIFIER)
                })
        })?;
        let w = self.word(prep)?;
        if !matches!(w.lower, "of" | "from" | "with" | "in" | "at" | "for" | "on") || prep == 0 {
            return None;
        }
        self.left_np(prep - 1, 0, 1).or_else(|| {
            // `people familiar with`: one adjective before the preposition.
            let adj = self.word(prep - 1).filter(|a| !a.cap && !a.head())?;
            let _ = adj;
            prep.checked_sub(2)
                .filter(|&k| self.word(k).is_some())
                .and_then(|k| self.left_np(k, 0, 1))
        })
    }

    /// `… whether he supported it`: the subject ending at `j` belongs to an
    /// embedded question, which reports no position.
    fn embedded_question(&self, j: usize) -> bool {
        let start = if self.capword(j) {
            self.chain_start(j, 0)
        } else {
            j
        };
        start
            .checked_sub(1)
            .and_then(|b| self.word(b))
            .is_some_and(|w| matches!(w.lower, "whether" | "if"))
    }

    /// With no finite frame, a speech participle (`…, calling the launch
    /// “…”`) takes the sentence's main subject.
    fn participle_frame(&self, first_word: Option<usize>) -> Option<Frame> {
        let (i, _) = self.toks.iter().enumerate().find(|(i, t)| {
            Some(*i) != first_word
                // `After calling the office, X was put through`: a time
                // clause, not a speech participle.
                && !(i.checked_sub(1).is_some_and(|k| {
                    Some(k) == first_word
                        && self.word(k).is_some_and(|p| {
                            matches!(
                                p.lower,
                                "after" | "before" | "while" | "when" | "since" | "by" | "without"
                            )
                        })
                }))
                && !t.quoted
                && !t.cap
                && t.is_word()
                && t.verb()
                && self.lex.verb(t.lower).is_some_and(|v| v.form == Form::Ing)
        })?;
        let np = self.main_subject()?;
        Some(Frame {
            verb: i,
            np,
            kind: FrameKind::Participle,
            pos: self.toks[0].start,
        })
    }

    /// A quote signed with a dash: `“…” — Jane Doe` (the name ends the
    /// sentence, after a closing quote mark).
    fn signature_frame(&self) -> Option<Frame> {
        let close = self.toks.iter().rposition(|t| t.kind == Kind::Close)?;
        let dash = close + 1;
        if !self
            .tok(dash)
            .is_some_and(|t| matches!(t.kind, Kind::Punct('-' | '—' | '–')))
        {
            return None;
        }
        let mut end = self.toks.len() - 1;
        while end > dash && !self.toks[end].is_word() {
            end -= 1;
        }
        if end <= dash
            || !(dash + 1..=end).all(|k| self.capword(k) || self.toks[k].kind == Kind::Poss)
        {
            return None;
        }
        let np = self.left_np(end, dash + 1, 0)?;
        Some(Frame {
            verb: dash,
            np,
            kind: FrameKind::Inverted,
            pos: self.toks[dash + 1].start,
        })
    }

    /// A transcript line: `NAME: …` or `Name Surname: …` opening the
    /// sentence (one to three capitalised words, then a colon).
    fn transcript_frame(&self) -> Option<Frame> {
        let colon =
            (1..4.min(self.toks.len())).find(|&k| self.tok(k).is_some_and(|t| t.is_punct(':')))?;
        // `Reports: …`, `Witnesses: …`: a plural source noun as the label.
        if colon == 1 {
            if let Some(w) = self
                .word(0)
                .filter(|w| (w.group() || w.doc()) && super::plural_head(self.lex, w.lower))
            {
                return Some(Frame {
                    verb: colon,
                    np: Np::Anonymous {
                        plural: true,
                        person: w.group(),
                        text: w.lower.to_string(),
                    },
                    kind: FrameKind::Normal,
                    pos: w.start,
                });
            }
        }
        let all_caps = (0..colon).all(|k| self.word(k).is_some_and(|w| w.allcaps));
        if !(0..colon).all(|k| self.capword(k)) || self.headline {
            return None;
        }
        let name: Vec<String> = (0..colon)
            .map(|k| super::norm(&self.text[self.toks[k].start..self.toks[k].end]))
            .collect();
        let np = if all_caps {
            Np::Person {
                name,
                gender: None,
                roles: Vec::new(),
            }
        } else {
            match self.left_np(colon - 1, 0, 0)? {
                np @ Np::Person { .. } => np,
                _ => return None,
            }
        };
        Some(Frame {
            verb: colon,
            np,
            kind: FrameKind::Normal,
            pos: self.toks[0].start,
        })
    }

    /// A name line closing a pull quote or block quote: `Jane Doe, Mayor`,
    /// `John Roe, U.S. Senator (R-Texas)`, `Jane Doe` (a person's name of two
    /// words or more, then at most a comma and a short role without a verb,
    /// and no final stop).
    pub(crate) fn name_line(&self) -> Option<Np> {
        let last = self.toks.iter().rposition(|t| t.kind != Kind::Close)?;
        if self.toks.iter().any(|t| t.quoted)
            || matches!(
                self.toks[last].kind,
                Kind::Punct('.' | '!' | '?' | ':' | ';')
            ) && !self.toks[last].abbr
        {
            return None;
        }
        let words = self.toks.iter().filter(|t| t.is_word()).count();
        if words > 10 || !self.capword(0) {
            return None;
        }
        let mut e = 0;
        while self.capword(e + 1) {
            e += 1;
        }
        let np = self.left_np(e, 0, 0)?;
        let Np::Person { name, .. } = &np else {
            return None;
        };
        if name.len() < 2 || self.toks[0].title() && e == 0 {
            return None;
        }
        match self.toks.get(e + 1) {
            None => Some(np),
            Some(t) if t.is_punct(',') => {
                let role_ok = self.toks[e + 2..].iter().all(|t| {
                    !t.is_word() || !(t.verb() || t.in_list(cls::BE | cls::BLOCKER | cls::SKIP))
                });
                role_ok.then_some(np)
            }
            _ => None,
        }
    }
}
