//! Subjects away from the left of the verb: after an inverted verb
//! (`said X`), after `according to`, and the sentence's main subject.

use super::{is_number, Np, Syntax};
use crate::tokens::{self as cls, Kind};

impl<'a> Syntax<'a> {
    /// The subject after an inverted verb: `said Orlov`, `said the ministry`.
    pub(super) fn right_np(&self, k: usize) -> Option<Np> {
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
                // `said team head coach X`: a lowercase modifier of the role.
                Some(t)
                    if t.is_word()
                        && !t.cap
                        && last_cap.is_none()
                        && i < k + 3
                        && !t.verb()
                        && !t.in_list(cls::PREP | cls::NON_MODIFIER | cls::BLOCKER | cls::BE)
                        && self.word(i + 1).is_some_and(|n| n.title() || n.cap) => {}
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
        let mut end = (k..k + 6).find(|&i| {
            self.word(i).is_some_and(|w| w.head())
                && !self.word(i + 1).is_some_and(|n| !n.cap && n.head())
        })?;
        // `the Baltic Press Agency`: a capitalised head goes on to the end
        // of its name.
        if self.capword(end) {
            while end < k + 10 && self.capword(end + 1) {
                end += 1;
            }
        }
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
    pub(super) fn doc_author(&self, end: usize) -> Option<Np> {
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
    pub(super) fn extend_to_head(&self, e: usize) -> usize {
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
    pub(super) fn according(&self, k: usize, depth: u8) -> Option<Np> {
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
                // `according to curator Elaine Gustafon`: a role before a
                // name goes on to the name.
                if !self.word(i + 1).is_some_and(|n| !n.cap && n.head()) && !self.capword(i + 1) {
                    break;
                }
            } else if !t.cap && self.tok(i + 1).is_some_and(|n| n.kind == Kind::Poss) {
                // `the Afghan team's coach`: a lowercase possessor.
                end = Some(i);
            } else if end.is_some() && (t.in_list(cls::PREP) || !t.cap) {
                break;
            }
            i += 1;
        }
        let mut end = end?;
        // `the club's medical officer`: the head after a possessive.
        if self.tok(end + 1).is_some_and(|t| t.kind == Kind::Poss) {
            if let Some(h) = (end + 2..end + 5)
                .take_while(|&x| self.word(x).is_some_and(|w| !w.cap))
                .find(|&x| self.toks[x].head())
            {
                end = h;
            }
        }
        // `according to the club's doctor, Per Dahl, …`: the appositive name.
        if self
            .word(end)
            .is_some_and(|w| !w.cap && (w.title() || w.group()))
            && self.tok(end + 1).is_some_and(|t| t.is_punct(','))
            && self.capword(end + 2)
        {
            let mut e = end + 2;
            while self.capword(e + 1) {
                e += 1;
            }
            if let Some(np @ Np::Person { .. }) = self.left_np(e, end + 2, 0) {
                return Some(np);
            }
            // Two or three capitalised words set off by commas after a role
            // are a name even when one is also a function word (`Per Dahl`).
            if (1..=2).contains(&(e - end - 2))
                && self.tok(e + 1).is_some_and(|t| t.is_punct(','))
                && (end + 2..=e).all(|k| self.toks[k].cap && !self.toks[k].allcaps)
            {
                let role = self.toks[end].lower;
                return Some(Np::Person {
                    name: (end + 2..=e)
                        .map(|k| super::norm(&self.text[self.toks[k].start..self.toks[k].end]))
                        .collect(),
                    gender: self.lex.title_gender(role),
                    roles: vec![role.to_string()],
                });
            }
        }
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
        // `China's envoy, Zhao Wen, struck …`: an appositive name, also
        // after a modifier (`the president of the region, Ada Roe, has …`).
        let mut c0 = e + 1;
        if self
            .word(c0)
            .is_some_and(|w| !w.cap && matches!(w.lower, "of" | "in" | "at" | "for"))
        {
            if let Some(c) = (c0 + 1..n.min(c0 + 8)).find(|&k| {
                self.tok(k)
                    .map_or(true, |t| !t.is_word() || t.verb() || t.in_list(cls::BE))
            }) {
                if self.tok(c).is_some_and(|t| t.is_punct(',')) {
                    c0 = c;
                }
            }
        }
        if self.tok(c0).is_some_and(|t| t.is_punct(',')) {
            let e = c0 - 1;
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
}
