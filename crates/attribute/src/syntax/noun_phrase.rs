//! Noun phrases ending at a token: pronouns, capitalised chains (names,
//! collectives, conjuncts) and common heads (`the ministry`, `officials`).

use super::{is_number, norm, plural_head, Np, Pron, Syntax, MAX_CHAIN};
use crate::tokens::{self as cls, Kind, Tok};

impl<'a> Syntax<'a> {
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
            // `the 54-year-old said`: the person last named.
            w if w.ends_with("-year-old")
                && j > floor
                && self.word(j - 1).is_some_and(|d| d.lower == "the") =>
            {
                return Some(Np::Pronoun(Pron::Person));
            }
            "who" | "which" if !t.allcaps => {
                let mut k = j.checked_sub(1)?;
                if self.tok(k).is_some_and(|p| p.is_punct(',')) {
                    k = k.checked_sub(1)?;
                }
                // `to meet with Devocht, who had told him`: the antecedent
                // may be a prepositional object.
                if self.capword(k) && k >= floor {
                    let a = self.chain_start(k, floor);
                    if a > floor
                        && self
                            .word(a - 1)
                            .is_some_and(|p| p.in_list(cls::PREP) && !p.cap)
                    {
                        return self.classify_chain(a, k);
                    }
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
    pub(super) fn chain_start(&self, j: usize, floor: usize) -> usize {
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

    pub(super) fn cap_np(&self, j: usize, floor: usize, depth: u8) -> Option<Np> {
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
    pub(super) fn classify_chain(&self, a: usize, j: usize) -> Option<Np> {
        // Strip leading function words (`The`, `But`).
        let mut a = a;
        let mut definite = false;
        while a < j && self.word(a).is_some_and(|w| w.in_list(cls::LEADING)) {
            definite |= matches!(self.toks[a].lower, "the");
            a += 1;
        }
        if self.word(a).is_some_and(|w| {
            (w.in_list(cls::PREP) && !(a < j && self.first_name_word(w)))
                || w.in_list(cls::PRONOUNISH)
                || (a == j && w.in_list(cls::LEADING))
        }) {
            return None;
        }
        let last = &self.toks[j];
        // The site's own name: the journalist's narration.
        if a == j && last.in_list(cls::HOUSE) {
            return None;
        }
        if a == j && last.group() {
            return Some(Np::Anonymous {
                plural: plural_head(self.lex, last.lower),
                person: true,
                text: self.phrase_text(a, j),
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
                text: self.phrase_text(a, j),
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
    pub(super) fn person_in(&self, a: usize, j: usize) -> Option<Np> {
        let pre_title = a
            .checked_sub(1)
            .and_then(|k| self.word(k))
            .filter(|w| !w.cap && w.title());
        // `Saudi Arabia's Civil Defense Authority`: a body owned by the
        // possessor, not a person.
        if self.toks[j].org() {
            let mut s = j;
            while s > a && !self.is_splitter(s - 1) {
                s -= 1;
            }
            if s > a && self.toks[s - 1].kind == Kind::Poss {
                return None;
            }
        }
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
            // Dotted initials before a surname: `K.C. Maurer`.
            if r > s && r <= seg_end && self.toks[r - 1].abbr && self.toks[r - 1].lower.len() <= 4 {
                r -= 1;
            }
            // After `of`/`the` (`Governor of Washington Chris Gregoire`,
            // `Director of the National Nutrition Council`) a person's name
            // starts with a first name: words before it belong to the body.
            if r <= seg_end && s > a {
                let first = (r..=seg_end)
                    .find(|&k| self.lex.first_name_gender(self.toks[k].lower).is_some());
                match first {
                    Some(f) if f < seg_end => r = f,
                    None if !self.toks[s..r].iter().any(|t| t.is_word() && t.title()) => {
                        r = seg_end + 1
                    }
                    _ => {}
                }
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

    pub(super) fn is_splitter(&self, k: usize) -> bool {
        let t = &self.toks[k];
        t.kind == Kind::Poss
            || (t.is_word() && !t.cap && matches!(t.lower, "of" | "to" | "the" | "for"))
    }

    /// A lowercase head noun at `j`: `the ministry`, `diplomats`,
    /// `its foreign ministry`, `Turkey's delegation`.
    pub(super) fn common_np(&self, j: usize, floor: usize, depth: u8) -> Option<Np> {
        let head = self.word(j)?.lower.to_string();
        if !self.lex.is_head(&head) {
            return None;
        }
        enum Det {
            None,
            The,
            Indef,
            Its,
            /// `his`/`her`.
            Person(Pron),
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
                    // `the report's authors`: a common possessor joins the phrase.
                    let common = |w: &Tok| {
                        !w.cap
                            && !matches!(w.lower, "the" | "a" | "an" | "its" | "their")
                            && !w.in_list(cls::PREP | cls::NON_MODIFIER | cls::BLOCKER | cls::BE)
                    };
                    if k > floor && self.word(k - 1).is_some_and(common) {
                        k -= 1;
                        // `the prime minister's office`: one modifier more.
                        if k > floor + 1
                            && self.word(k - 1).is_some_and(common)
                            && self.word(k - 2).is_some_and(|w| w.lower == "the")
                        {
                            k -= 1;
                        }
                        if k > floor
                            && self.word(k - 1).is_some_and(|w| {
                                matches!(w.lower, "the" | "a" | "an" | "its" | "their")
                            })
                        {
                            k -= 1;
                        }
                    }
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
            if l == "his" || l == "her" {
                det = Det::Person(if l == "his" { Pron::He } else { Pron::She });
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
        // `a spokesman for the ministry`: an unnamed person for a body.
        if k > floor + 1 && self.word(k - 1).is_some_and(|w| w.lower == "for") {
            if let Some(Np::Anonymous { plural, person, .. }) = self
                .word(k - 2)
                .and_then(|_| self.left_np(k - 2, floor, depth + 1))
            {
                let mut s = k - 2;
                while s > floor
                    && s + 4 > k
                    && self.word(s - 1).is_some_and(|w| {
                        (!w.cap || w.in_list(cls::QUANT))
                            && !w.in_list(cls::PREP | cls::NON_MODIFIER)
                            && !w.verb()
                    })
                {
                    s -= 1;
                }
                return Some(Np::Anonymous {
                    plural,
                    person,
                    text: self.phrase_text(s, j),
                });
            }
        }
        let lex = self.lex;
        let plural = plural_head(self.lex, &head);
        // Built only for the phrase returned (most heads examined are not).
        let person = !lex.is_org(&head) && !lex.is_doc(&head);
        let definite = || Np::Definite {
            head: head.clone(),
            text: self.phrase_text(k.min(j), j),
        };
        let anonymous = || Np::Anonymous {
            plural,
            person,
            text: self.phrase_text(k.min(j), j),
        };
        if lex.is_group(&head) && !lex.is_org(&head) {
            return Some(anonymous());
        }
        if lex.is_org(&head) {
            return Some(match det {
                Det::PossChain(s, _) => Np::Collective {
                    name: self.span_text(s, j),
                },
                Det::Its => Np::Possessive {
                    rest: self.span_text(k + 1, j),
                },
                Det::Person(pron) => Np::PersonPossessive {
                    pron,
                    rest: self.span_text(k + 1, j),
                },
                _ if cap_mod.is_some() => {
                    let (s, _) = cap_mod.unwrap_or((j, j));
                    Np::Collective {
                        name: self.span_text(s, j),
                    }
                }
                Det::The => definite(),
                _ => anonymous(),
            });
        }
        if lex.is_doc(&head) {
            return Some(match (det, cap_mod) {
                // `the National Nutrition study`: a named document, not a
                // person's (`the Robert Mueller report` keeps its author).
                (Det::The, Some((s, e))) => match self.classify_chain(s, e) {
                    Some(Np::Person { name, .. })
                        if !name.first().is_some_and(|f| {
                            lex.first_name_gender(&f.to_lowercase()).is_some()
                        }) =>
                    {
                        Np::Collective {
                            name: self.span_text(s, j),
                        }
                    }
                    other => other.unwrap_or_else(anonymous),
                },
                (_, Some((s, e))) => self.classify_chain(s, e).unwrap_or_else(anonymous),
                (Det::PossChain(s, e), None) => self.classify_chain(s, e).unwrap_or_else(anonymous),
                (Det::Its, None) => Np::Possessive {
                    rest: String::new(),
                },
                (Det::The, None) => definite(),
                _ => anonymous(),
            });
        }
        // Role words: `the envoy`; without a name otherwise anonymous.
        Some(match det {
            Det::The if cap_mod.is_none() || !plural => definite(),
            _ => anonymous(),
        })
    }
}
