//! One article: frames per sentence, resolution, quotations, output.

use standpoint_segment::Sentence;

use crate::entities::{EKind, Entities};
use crate::grammar::Gender;
use crate::lexicon::Lexicon;
use crate::quotes::{self, Piece};
use crate::syntax::{FrameKind, Np, Pron, Syntax};
use crate::tokens::{self, Kind, Tok};
use crate::{Attribution, InQuote, SpeakerKind, Via};

/// Who a frame or a quotation is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Entity(usize),
    /// Anonymous, generic or unresolved: attributed, with the phrase as
    /// written when there is one (an index into [`State::phrases`]).
    Anon {
        plural: bool,
        person: bool,
        phrase: Option<u32>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    Named,
    Pronoun,
}

/// A mention in the history used for pronoun and `its` antecedents.
#[derive(Debug, Clone, Copy)]
struct Hist {
    target: Target,
    sentence: usize,
    paragraph: usize,
    pos: usize,
    subject: bool,
}

/// How far back pronouns look: this many sentences, and at most the
/// previous paragraph.
const PRONOUN_SENTENCES: usize = 6;
/// How far ahead a role description (`the Swiss mediator`) may be introduced.
const CATAPHORA_SENTENCES: usize = 8;

#[derive(Debug, Default, Clone)]
struct SentInfo {
    /// The sentence's own frame: target, basis, and frame positions for quotes.
    own: Option<(Target, Basis)>,
    frames: Vec<(usize, Target)>,
    pending_role: Option<String>,
    in_quote: InQuote,
    /// Quote pieces overlapping the sentence (indices into the piece list).
    pieces: Vec<usize>,
    /// Index into the paragraph byte ranges.
    pidx: usize,
    /// Sentence end (byte offset).
    end: usize,
    /// A short frame-only sentence (`Brennan asked at a hearing.`).
    bare_frame: bool,
    /// Set when a bare frame attributes the quotation just before it.
    frames_quote: bool,
    /// A name line (`Jane Doe, Mayor`) closing its paragraph.
    name_line: bool,
    /// Ends with a colon (`X said:`), opening a block quote.
    colon_end: bool,
    /// Speaker of the unmarked block quote the sentence belongs to (signed
    /// by a name line, or opened by a frame ending with a colon).
    block: Option<Target>,
}

struct State<'a> {
    lex: &'a Lexicon,
    ents: Entities,
    hist: Vec<Hist>,
    /// Phrases of anonymous and nominal sources, as written.
    phrases: Vec<String>,
}

pub(crate) fn attribute(lex: &Lexicon, text: &str, sentences: &[Sentence]) -> Vec<Attribution> {
    let valid = |s: &Sentence| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    let paragraphs = paragraph_ranges(sentences, valid);
    let pieces = quotes::scan(text, &paragraphs);
    let para_sentences = {
        let mut counts = std::collections::BTreeMap::new();
        for s in sentences {
            *counts.entry(s.paragraph).or_insert(0usize) += 1;
        }
        counts
    };
    let mut st = State {
        lex,
        ents: Entities::default(),
        hist: Vec::new(),
        phrases: Vec::new(),
    };
    let mut infos: Vec<SentInfo> = Vec::with_capacity(sentences.len());
    let mut scratch = tokens::Scratch::default();
    for (si, s) in sentences.iter().enumerate() {
        let mut info = SentInfo {
            pidx: paragraphs.partition_point(|r| r.1 <= s.start),
            end: s.end,
            ..SentInfo::default()
        };
        if valid(s) {
            let single = para_sentences.get(&s.paragraph).copied() == Some(1);
            let closes_para = !single
                && sentences
                    .get(si + 1)
                    .map_or(true, |n| n.paragraph != s.paragraph);
            st.analyse(
                text,
                s,
                si,
                (single, closes_para),
                &pieces,
                &mut scratch,
                &mut info,
            );
        }
        infos.push(info);
    }

    st.resolve_cataphora(&mut infos);
    block_quotes(&mut infos);
    let group_attr = attribute_quotations(&pieces, &mut infos, &paragraphs);
    infos
        .iter()
        .map(|info| st.output(info, &pieces, &group_attr))
        .collect()
}

/// Byte ranges of paragraphs, from the sentences' paragraph numbers.
fn paragraph_ranges(
    sentences: &[Sentence],
    valid: impl Fn(&Sentence) -> bool,
) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut last_para = None;
    for s in sentences.iter().filter(|s| valid(s)) {
        match ranges.last_mut() {
            Some(r) if last_para == Some(s.paragraph) => {
                r.0 = r.0.min(s.start);
                r.1 = r.1.max(s.end);
            }
            _ => ranges.push((s.start, s.end)),
        }
        last_para = Some(s.paragraph);
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(m) if r.0 < m.1 => m.1 = m.1.max(r.1),
            _ => merged.push(r),
        }
    }
    merged
}

/// A title-case line without final punctuation.
fn is_headline(toks: &[Tok]) -> bool {
    let last = toks.iter().rev().find(|t| t.kind != Kind::Close);
    if last.is_some_and(|t| {
        matches!(
            t.kind,
            Kind::Punct('.') | Kind::Punct('!') | Kind::Punct('?')
        )
    }) {
        return false;
    }
    let long: Vec<&Tok> = toks
        .iter()
        .filter(|t| t.is_word() && t.lower.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    long.len() >= 3 && long.iter().filter(|t| t.cap).count() * 10 >= long.len() * 6
}

/// `full`, `partial` or `none` (see the crate docs).
fn in_quote(toks: &[Tok]) -> InQuote {
    if !toks.iter().any(|t| t.quoted && t.is_word()) {
        return InQuote::None;
    }
    let is_mark = |t: &Tok| matches!(t.kind, Kind::Open | Kind::Close);
    let mut i = 0;
    while i < toks.len() {
        if toks[i].quoted || is_mark(&toks[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < toks.len() && !toks[i].quoted && !is_mark(&toks[i]) {
            i += 1;
        }
        let run = &toks[start..i];
        if !run.iter().any(Tok::is_word) {
            continue;
        }
        // A dash signature (`“…” — Jane Doe`) and a speaker label opening
        // the sentence (`Mayor Jane Doe: “…”`) frame the quote too.
        let signature = start > 0
            && toks[start - 1].kind == Kind::Close
            && run
                .first()
                .is_some_and(|t| matches!(t.kind, Kind::Punct('-' | '—' | '–')));
        let label = start == 0
            && run.last().is_some_and(|t| t.is_punct(':'))
            && run.iter().filter(|t| t.is_word()).count() <= 6;
        let has_verb = signature
            || label
            || run
                .iter()
                .any(|t| t.is_word() && (t.verb() || t.lower == "according"));
        let before_ok = match toks.get(i) {
            Some(t) if t.kind == Kind::Open => run
                .last()
                .is_some_and(|t| t.is_punct(':') || t.is_punct(',')),
            _ => true,
        };
        let after_ok = if start > 0 && toks[start - 1].kind == Kind::Close {
            // The quote ends with punctuation (`,”`, `?”`, `,'”` with a nested quote).
            toks[..start - 1]
                .iter()
                .rev()
                .find(|t| !matches!(t.kind, Kind::Punct('\'' | '’' | '‘' | '"' | '”' | '“')))
                .is_some_and(|t| matches!(t.kind, Kind::Punct(c) if ",.?!…—–".contains(c)))
        } else {
            true
        };
        if !(has_verb && before_ok && after_ok) {
            return InQuote::Partial;
        }
    }
    InQuote::Full
}

/// Unmarked block quotes: the sentences of a paragraph closed by a name line
/// (a pull quote signed `Jane Doe, Mayor`), and the paragraph after a frame
/// sentence ending its paragraph with a colon (`The ministry said:`), up to
/// the first sentence with a frame of its own.
fn block_quotes(infos: &mut [SentInfo]) {
    for k in 0..infos.len() {
        if infos[k].name_line {
            let Some((t, _)) = infos[k].own else { continue };
            let pidx = infos[k].pidx;
            let mut j = k;
            while j > 0 && infos[j - 1].pidx == pidx && infos[j - 1].frames.is_empty() {
                j -= 1;
            }
            if j > 0 && infos[j - 1].pidx == pidx {
                // A sentence with a frame of its own: no pull quote, and the
                // line is a caption or a byline.
                let info = &mut infos[k];
                info.own = None;
                info.frames.clear();
                info.name_line = false;
                continue;
            }
            for info in &mut infos[j..k] {
                info.block = Some(t);
            }
        }
        if infos[k].colon_end && infos.get(k + 1).is_some_and(|n| n.pidx != infos[k].pidx) {
            let Some((t, _)) = infos[k].own else { continue };
            let next = infos[k + 1].pidx;
            for info in infos[k + 1..]
                .iter_mut()
                .take_while(|i| i.pidx == next && i.frames.is_empty())
            {
                info.block = Some(t);
            }
        }
    }
}

/// Attribution of each quotation group: `(target, from its own frame)`.
fn attribute_quotations(
    pieces: &[Piece],
    infos: &mut [SentInfo],
    paragraphs: &[(usize, usize)],
) -> Vec<Option<(Target, bool)>> {
    let groups = pieces.iter().map(|p| p.group).max().map_or(0, |g| g + 1);
    let mut attr: Vec<Option<(Target, bool)>> = vec![None; groups];
    // 0. A quotation ending a sentence, followed in the same paragraph by a
    //    bare frame (`“…?” | Brennan asked.` split by the segmenter).
    for k in 1..infos.len() {
        let (prev, next) = (&infos[k - 1], &infos[k]);
        if !next.bare_frame || next.pidx != prev.pidx || !prev.frames.is_empty() {
            continue;
        }
        let Some(&pi) = prev.pieces.last() else {
            continue;
        };
        let p = &pieces[pi];
        let ends_sentence = p
            .close
            .is_some_and(|(_, e)| e >= prev.end.saturating_sub(1));
        if ends_sentence && attr[p.group].is_none() {
            if let Some((t, _)) = next.own {
                attr[p.group] = Some((t, true));
                infos[k].frames_quote = true;
            }
        }
    }
    // 1. Frames of the sentences a quotation overlaps: the nearest frame.
    for info in infos.iter() {
        if info.frames.is_empty() {
            continue;
        }
        for &pi in &info.pieces {
            let p = &pieces[pi];
            if attr[p.group].is_some() {
                continue;
            }
            let nearest = info
                .frames
                .iter()
                .min_by_key(|(pos, _)| {
                    if *pos < p.start {
                        p.start - pos
                    } else {
                        pos.saturating_sub(p.end)
                    }
                })
                .map(|&(_, t)| t);
            let own = info.own.map(|(t, _)| t);
            attr[p.group] = nearest.or(own).map(|t| (t, true));
        }
    }
    // 2. Unattributed quotations: the nearest attributed one in the paragraph
    //    (before, then after), else the previous paragraph's speaker for a
    //    paragraph of bare quotes.
    let para_of = |pos: usize| paragraphs.partition_point(|r| r.1 <= pos);
    let mut has_frames = vec![false; paragraphs.len() + 1];
    let mut last_own: Vec<Option<Target>> = vec![None; paragraphs.len() + 1];
    for info in infos.iter() {
        if info.pidx < has_frames.len() && !info.frames.is_empty() {
            has_frames[info.pidx] = true;
            last_own[info.pidx] = info.own.map(|(t, _)| t);
        }
    }
    let mut firsts: Vec<(usize, usize, usize)> = Vec::new(); // (group, paragraph, open)
    for p in pieces {
        if firsts.last().map_or(true, |&(g, _, _)| g != p.group) {
            firsts.push((p.group, para_of(p.open), p.open));
        }
    }
    let mut unclosed = vec![false; groups];
    for p in pieces {
        unclosed[p.group] = p.close.is_none();
    }
    let mut last_group_of_para: Vec<Option<usize>> = vec![None; paragraphs.len() + 1];
    for p in pieces {
        if let Some(slot) =
            last_group_of_para.get_mut(para_of(p.start.saturating_sub(1).max(p.open)))
        {
            *slot = Some(p.group);
        }
    }
    // Next quotation with its own attribution in the same paragraph.
    let mut next_own: Vec<Option<Target>> = vec![None; firsts.len()];
    let mut running: Option<Target> = None;
    for k in (0..firsts.len()).rev() {
        if k + 1 < firsts.len() && firsts[k + 1].1 != firsts[k].1 {
            running = None;
        }
        next_own[k] = running;
        if let Some((t, true)) = attr[firsts[k].0] {
            running = Some(t);
        }
    }
    let mut last: Option<(usize, Target)> = None; // (paragraph, target)
    for k in 0..firsts.len() {
        let (g, para, open) = firsts[k];
        if attr[g].is_none() {
            let before = last.filter(|&(p, _)| p == para).map(|(_, t)| t);
            let mut found = before.or(next_own[k]);
            let starts_para = paragraphs.get(para).is_some_and(|r| open == r.0);
            if found.is_none() && starts_para && para > 0 && !has_frames[para] {
                found = last_own[para - 1].or_else(|| {
                    last_group_of_para[para - 1].and_then(|pg| attr[pg].map(|(t, _)| t))
                });
                // A quotation left unclosed, interrupted by a paragraph with
                // no quotes and no frames (a photo caption), then reopened.
                if found.is_none()
                    && para > 1
                    && last_group_of_para[para - 1].is_none()
                    && !has_frames[para - 1]
                {
                    found = last_group_of_para[para - 2]
                        .filter(|&pg| unclosed[pg])
                        .and_then(|pg| attr[pg].map(|(t, _)| t));
                }
            }
            attr[g] = found.map(|t| (t, false));
        }
        if let Some((t, _)) = attr[g] {
            last = Some((para, t));
        }
    }
    // 3. A quotation still unattributed that opens a sentence after a frame
    //    sentence of the same paragraph, with only unquoted sentences
    //    without frames between (`Heald noted … . “…”`; `X admitted … .
    //    Why? “…”`).
    for k in 1..infos.len() {
        let cur = &infos[k];
        if !cur.frames.is_empty() || cur.in_quote != InQuote::Full {
            continue;
        }
        let Some(&pi) = cur.pieces.first() else {
            continue;
        };
        let g = pieces[pi].group;
        if attr[g].is_some() {
            continue;
        }
        let mut j = k - 1;
        while j > 0
            && infos[j].pidx == cur.pidx
            && infos[j].frames.is_empty()
            && infos[j].pieces.is_empty()
        {
            j -= 1;
        }
        let prev = &infos[j];
        if prev.pidx != cur.pidx || pieces[pi].open < prev.end {
            continue;
        }
        if let Some((t, _)) = prev.own {
            attr[g] = Some((t, false));
        }
    }
    attr
}

impl State<'_> {
    /// Tokenizes sentence `si`, finds its frames and mentions, resolves
    /// them and records what the quotation pass needs in `info`.
    /// `single`: the sentence is its paragraph; `closes_para`: it is the
    /// last of a paragraph of several.
    #[allow(clippy::too_many_arguments)]
    fn analyse(
        &mut self,
        text: &str,
        s: &Sentence,
        si: usize,
        (single, closes_para): (bool, bool),
        pieces: &[Piece],
        scratch: &mut tokens::Scratch,
        info: &mut SentInfo,
    ) {
        let lex = self.lex;
        let p0 = pieces.partition_point(|p| p.end <= s.start);
        info.pieces = (p0..pieces.len())
            .take_while(|&i| pieces[i].start < s.end)
            .filter(|&i| pieces[i].end > s.start)
            .collect();
        let mut toks = tokens::tokenize(text, s.start, s.end, pieces, p0, scratch);
        lex.annotate(&mut toks);
        let headline = single && is_headline(&toks);
        let statement = toks
            .iter()
            .any(|t| !t.quoted && matches!(t.lower, "statement" | "communique" | "declaration"));
        let (frames, mentions, name_line, they_subject) = {
            let ents = &self.ents;
            let known = |w: &str| ents.known_person(w);
            let syn = Syntax::new(lex, text, &toks, &known, headline);
            let frames = syn.frames();
            let name_line = if frames.is_empty() && closes_para {
                syn.name_line()
            } else {
                None
            };
            // `Officials went to the station, where they claimed …`: an
            // unnamed plural subject is an antecedent for `they`.
            let they_subject = toks
                .iter()
                .any(|t| !t.quoted && t.lower == "they")
                .then(|| syn.main_subject())
                .flatten()
                .filter(|np| {
                    matches!(
                        np,
                        Np::Anonymous {
                            plural: true,
                            person: true,
                            ..
                        }
                    )
                });
            (frames, syn.mentions(), name_line, they_subject)
        };
        if let Some(Np::Anonymous { text, .. }) = they_subject {
            let target = self.anon(true, true, &text);
            self.hist.push(Hist {
                target,
                sentence: si,
                paragraph: s.paragraph,
                pos: s.start,
                subject: true,
            });
        }
        info.colon_end = toks
            .iter()
            .rev()
            .find(|t| t.kind != Kind::Close)
            .is_some_and(|t| t.is_punct(':') && !t.quoted);
        if let Some(np) = name_line {
            if let Some(t) = self.resolve_named(&np, si) {
                info.own = Some((t, Basis::Named));
                info.frames.push((s.start, t));
                info.name_line = true;
                info.frames_quote = true;
            }
        }
        for m in mentions {
            if let Some(target) = self.resolve_named(&m.np, si) {
                self.hist.push(Hist {
                    target,
                    sentence: si,
                    paragraph: s.paragraph,
                    pos: m.pos,
                    subject: m.subject,
                });
            }
        }
        let mut own_according = false;
        for f in &frames {
            let (target, basis, pending) = self.resolve(&f.np, si, s.paragraph, f.pos);
            if let (Some(Target::Entity(id)), true) = (target, statement) {
                self.ents.add_role(id, "statement");
            }
            if let Some(Target::Entity(id)) = target {
                self.ents.get_mut(id).spoke = true;
            }
            let t = target.unwrap_or(Target::Anon {
                plural: false,
                person: false,
                phrase: None,
            });
            // Every speaker is a pronoun antecedent, an unresolved definite
            // too: `The ambassador said … She said …` is the ambassador.
            if let Some(t) = target {
                self.hist.push(Hist {
                    target: t,
                    sentence: si,
                    paragraph: s.paragraph,
                    pos: f.pos,
                    subject: true,
                });
            }
            let verb_pos = toks.get(f.verb).map_or(f.pos, |v| v.start);
            info.frames.push((verb_pos, t));
            // The innermost source wins: `according to <outlet>, X said …` → X.
            let nested = own_according && f.kind != FrameKind::According;
            if info.own.is_none() || nested {
                info.own = Some((t, basis));
                info.pending_role = pending;
                own_according = f.kind == FrameKind::According;
            }
        }
        info.in_quote = in_quote(&toks);
        let words = toks.iter().filter(|t| t.is_word()).count();
        info.bare_frame = info.in_quote == InQuote::None
            && words <= 12
            && frames.first().is_some_and(|f| {
                toks[..f.verb.min(toks.len())]
                    .iter()
                    .filter(|t| t.is_word())
                    .count()
                    <= 4
            });
    }

    /// The attribution reported for a sentence: its own frame's named
    /// speaker, else the speaker of the quotation it belongs to.
    fn output(
        &self,
        info: &SentInfo,
        pieces: &[Piece],
        group_attr: &[Option<(Target, bool)>],
    ) -> Attribution {
        let mut a = Attribution {
            in_quote: info.in_quote,
            ..Attribution::default()
        };
        if let Some((target, basis)) = info.own {
            if let Some((speaker, kind)) = self.speaker(target) {
                a.speaker = Some(speaker);
                a.kind = kind;
                a.via = Some(match basis {
                    Basis::Pronoun => Via::Pronoun,
                    Basis::Named if info.in_quote != InQuote::None || info.frames_quote => {
                        Via::Direct
                    }
                    Basis::Named => Via::Indirect,
                });
            }
            return a;
        }
        if info.in_quote == InQuote::None {
            if let Some((speaker, kind)) = info.block.and_then(|t| self.speaker(t)) {
                a.speaker = Some(speaker);
                a.kind = kind;
                a.via = Some(Via::Continuation);
            }
            return a;
        }
        let inherited = info.pieces.iter().find_map(|&pi| {
            let g = pieces[pi].group;
            group_attr
                .get(g)
                .copied()
                .flatten()
                .filter(|&(_, own)| own || info.in_quote == InQuote::Full)
                .map(|(t, _)| t)
        });
        if let Some((speaker, kind)) = inherited.or(info.block).and_then(|t| self.speaker(t)) {
            a.speaker = Some(speaker);
            a.kind = kind;
            a.via = Some(Via::Continuation);
        }
        a
    }

    /// An anonymous or nominal source with its phrase.
    fn anon(&mut self, plural: bool, person: bool, text: &str) -> Target {
        let phrase = (!text.is_empty()).then(|| {
            self.phrases.push(text.to_string());
            (self.phrases.len() - 1) as u32
        });
        Target::Anon {
            plural,
            person,
            phrase,
        }
    }

    /// The reported speaker and its kind, if the target has a name or phrase.
    fn speaker(&self, target: Target) -> Option<(String, SpeakerKind)> {
        match target {
            Target::Entity(id) => Some((self.ents.canonical(id), self.ents.speaker_kind(id))),
            Target::Anon { person, phrase, .. } => {
                let text = self.phrases.get(phrase? as usize)?.clone();
                let kind = if person {
                    SpeakerKind::Unnamed
                } else {
                    SpeakerKind::Nominal
                };
                Some((text, kind))
            }
        }
    }

    /// A named mention (person or collective) to an entity.
    fn resolve_named(&mut self, np: &Np, si: usize) -> Option<Target> {
        match np {
            Np::Person {
                name,
                gender,
                roles,
            } => {
                // A title tells the gender first, else a common first name.
                let gender = gender.or_else(|| match name.as_slice() {
                    [first, _, ..] => self.lex.first_name_gender(&first.to_lowercase()),
                    _ => None,
                });
                Some(Target::Entity(self.ents.person(name, gender, roles, si)))
            }
            Np::Collective { name } => Some(Target::Entity(self.ents.collective(name, si))),
            _ => None,
        }
    }

    /// Resolves a frame subject: target, basis, and a pending role for
    /// cataphora (`the Swiss mediator` introduced later).
    fn resolve(
        &mut self,
        np: &Np,
        si: usize,
        para: usize,
        pos: usize,
    ) -> (Option<Target>, Basis, Option<String>) {
        match np {
            Np::Person { .. } | Np::Collective { .. } => {
                (self.resolve_named(np, si), Basis::Named, None)
            }
            Np::Conj(items) => {
                let members: Vec<usize> = items
                    .iter()
                    .filter_map(|i| match self.resolve_named(i, si) {
                        Some(Target::Entity(id)) => Some(id),
                        _ => None,
                    })
                    .collect();
                if members.len() < 2 {
                    return (
                        members.first().map(|&id| Target::Entity(id)),
                        Basis::Named,
                        None,
                    );
                }
                (
                    Some(Target::Entity(self.ents.group(members, si))),
                    Basis::Named,
                    None,
                )
            }
            Np::Pronoun(p) => (self.pronoun(*p, si, para, pos), Basis::Pronoun, None),
            Np::Definite { head, text } => match self
                .ents
                .by_role(head, self.lex.is_org(head))
                .or_else(|| self.generic_body(head, si, para, pos))
            {
                Some(id) => {
                    self.ents.get_mut(id).last_seen = si;
                    (Some(Target::Entity(id)), Basis::Named, None)
                }
                None => {
                    let pending = self.lex.is_title(head).then(|| head.clone());
                    let person = !self.lex.is_org(head) && !self.lex.is_doc(head);
                    let plural = head.ends_with('s') && !head.ends_with("ss");
                    (Some(self.anon(plural, person, text)), Basis::Named, pending)
                }
            },
            Np::PersonPossessive { pron, rest } => {
                // `her office said`: the office of the woman last named.
                match self.pronoun(*pron, si, para, pos) {
                    Some(Target::Entity(id)) if self.ents.get(id).kind == EKind::Person => {
                        let name = format!("{}'s {rest}", self.ents.canonical(id));
                        (
                            Some(Target::Entity(self.ents.collective(&name, si))),
                            Basis::Pronoun,
                            None,
                        )
                    }
                    _ => (None, Basis::Named, None),
                }
            }
            Np::Possessive { rest } => {
                let Some(id) = self.antecedent_collective(si, para, pos) else {
                    return (None, Basis::Named, None);
                };
                let base = self.ents.canonical(id);
                let base = base.split("'s ").next().unwrap_or(&base).to_string();
                if rest.is_empty() {
                    (Some(Target::Entity(id)), Basis::Named, None)
                } else {
                    let name = format!("{base}'s {rest}");
                    (
                        Some(Target::Entity(self.ents.collective(&name, si))),
                        Basis::Named,
                        None,
                    )
                }
            }
            Np::Anonymous {
                plural,
                person,
                text,
            } => (Some(self.anon(*plural, *person, text)), Basis::Named, None),
        }
    }

    /// Whether history entry `h` is a candidate antecedent (`None`: stop
    /// looking). `reach` is the oldest paragraph in reach (the previous
    /// one, or the one before when the previous paragraph mentions nobody:
    /// a paragraph of bare quotes).
    fn in_window(h: &Hist, si: usize, reach: usize, pos: usize) -> Option<bool> {
        if h.sentence + PRONOUN_SENTENCES < si || h.paragraph < reach {
            return None; // stop
        }
        Some(!(h.sentence == si && h.pos >= pos))
    }

    /// The candidate antecedents of a mention at `pos` of sentence `si`,
    /// most recent first (see [`Self::in_window`]).
    fn window(&self, si: usize, reach: usize, pos: usize) -> impl Iterator<Item = &Hist> {
        self.hist
            .iter()
            .rev()
            .map_while(move |h| Self::in_window(h, si, reach, pos).map(|keep| (h, keep)))
            .filter_map(|(h, keep)| keep.then_some(h))
    }

    /// The oldest paragraph pronouns of paragraph `para` reach back to.
    fn reach(&self, para: usize) -> usize {
        let prev = para.saturating_sub(1);
        let quiet = !self
            .hist
            .iter()
            .rev()
            .take_while(|h| h.paragraph >= prev)
            .any(|h| h.paragraph == prev);
        if quiet {
            para.saturating_sub(2)
        } else {
            prev
        }
    }

    /// he/she/they/it: the most recent sentence with a compatible candidate;
    /// within it, a candidate whose gender is known to match, then a subject,
    /// then the later one.
    fn pronoun(&mut self, p: Pron, si: usize, para: usize, pos: usize) -> Option<Target> {
        let want = match p {
            Pron::He => Some(Gender::Male),
            Pron::She => Some(Gender::Female),
            _ => None,
        };
        let mut best: Option<((bool, bool, usize), Target)> = None;
        let mut current: Option<usize> = None;
        let reach = self.reach(para);
        for h in self.window(si, reach, pos) {
            if current != Some(h.sentence) {
                if best.is_some() {
                    break;
                }
                current = Some(h.sentence);
            }
            let (ok, gender_match) = match (p, h.target) {
                (Pron::Person, Target::Entity(id)) => {
                    let ok = self.ents.get(id).kind == EKind::Person;
                    (ok, ok)
                }
                (Pron::Person, Target::Anon { plural, person, .. }) => (person && !plural, false),
                (Pron::He | Pron::She, Target::Entity(id)) => {
                    let e = self.ents.get(id);
                    let ok = e.kind == EKind::Person && (e.gender.is_none() || e.gender == want);
                    (ok, ok && e.gender.is_some())
                }
                (Pron::He | Pron::She, Target::Anon { plural, person, .. }) => {
                    (person && !plural, false)
                }
                (Pron::They, Target::Entity(id)) => (self.ents.get(id).kind == EKind::Group, false),
                (Pron::They, Target::Anon { plural, .. }) => (plural, false),
                (Pron::It, Target::Entity(id)) => {
                    (self.ents.get(id).kind == EKind::Collective, false)
                }
                (Pron::It, Target::Anon { plural, person, .. }) => (!plural && !person, false),
            };
            if !ok {
                continue;
            }
            let score = (gender_match, h.subject, h.pos);
            if best.map_or(true, |(b, _)| score > b) {
                best = Some((score, h.target));
            }
        }
        // `The Church denied it. … They also claimed …`: with no group in
        // reach, `they` is a body that spoke in this or the previous sentence.
        if best.is_none() && p == Pron::They {
            best = self
                .hist
                .iter()
                .rev()
                .take_while(|h| h.sentence + 1 >= si)
                .filter(|h| !(h.sentence == si && h.pos >= pos))
                .find_map(|h| match h.target {
                    Target::Entity(id)
                        if h.subject
                            && self.ents.get(id).kind == EKind::Collective
                            && self.ents.get(id).spoke =>
                    {
                        Some(((false, true, h.pos), h.target))
                    }
                    _ => None,
                });
        }
        // `Haley said sanctions work. … she said`: with no person in reach,
        // a one-word name read as a body is the person it names, if it is
        // a first name of the pronoun's gender.
        if best.is_none() && want.is_some() {
            best = self.window(si, reach, pos).find_map(|h| match h.target {
                Target::Entity(id) if self.bare_first_name(id) == want => {
                    Some(((true, h.subject, h.pos), h.target))
                }
                _ => None,
            });
            if let Some((_, Target::Entity(id))) = best {
                self.ents.get_mut(id).kind = EKind::Person;
            }
        }
        let target = best.map(|(_, t)| t)?;
        if let Target::Entity(id) = target {
            let e = self.ents.get_mut(id);
            if e.kind == EKind::Person && e.gender.is_none() {
                e.gender = want;
            }
            e.last_seen = si;
        }
        Some(target)
    }

    /// The gender of a first name that is the whole name of body `id`
    /// (`Haley`), if it is one.
    fn bare_first_name(&self, id: usize) -> Option<Gender> {
        let e = self.ents.get(id);
        if e.kind != EKind::Collective || e.name.contains(char::is_whitespace) {
            return None;
        }
        self.lex.first_name_gender(&e.name.to_lowercase())
    }

    /// `the company`, `the group`: the most recent body in reach with a
    /// name of two words or more not opening with a place word, or an
    /// acronym.
    fn generic_body(&self, head: &str, si: usize, para: usize, pos: usize) -> Option<usize> {
        // `the city`/`the town`: only a body whose name says it is one.
        const CIVIC: [&str; 5] = ["city", "town", "municipality", "council", "borough"];
        let civic = matches!(head, "city" | "town");
        if !civic && !self.lex.in_class(head, crate::tokens::GENERIC_BODY) {
            return None;
        }
        let reach = para.saturating_sub(1);
        for h in self.window(si, reach, pos) {
            let Target::Entity(id) = h.target else {
                continue;
            };
            let e = self.ents.get(id);
            if e.kind != EKind::Collective {
                continue;
            }
            if civic {
                if e.name
                    .split(' ')
                    .any(|w| CIVIC.iter().any(|c| w.eq_ignore_ascii_case(c)))
                {
                    return Some(id);
                }
                continue;
            }
            let mut words = e.name.split(' ');
            let first = words.next().unwrap_or("");
            let several = words.next().is_some();
            let acronym = first.len() >= 2 && first.chars().all(|c| c.is_ascii_uppercase());
            if (several && !self.lex.is_place_prefix(&first.to_lowercase())) || acronym {
                return Some(id);
            }
        }
        None
    }

    /// The antecedent of `its`/`their`: the most recent named collective.
    fn antecedent_collective(&self, si: usize, para: usize, pos: usize) -> Option<usize> {
        let reach = para.saturating_sub(1);
        for h in self.window(si, reach, pos) {
            if let Target::Entity(id) = h.target {
                if self.ents.get(id).kind == EKind::Collective {
                    return Some(id);
                }
            }
        }
        None
    }

    /// `the Swiss mediator described …` before the mediator is named: the
    /// first person with that role mentioned in the next few sentences.
    fn resolve_cataphora(&mut self, infos: &mut [SentInfo]) {
        for (si, info) in infos.iter_mut().enumerate() {
            let Some(role) = info.pending_role.take() else {
                continue;
            };
            let from = self.hist.partition_point(|h| h.sentence <= si);
            let found = self.hist[from..]
                .iter()
                .take_while(|h| h.sentence <= si + CATAPHORA_SENTENCES)
                .find_map(|h| match h.target {
                    Target::Entity(id) if self.ents.get(id).roles.contains(&role) => Some(id),
                    _ => None,
                });
            if let Some(id) = found {
                let t = Target::Entity(id);
                info.own = Some((t, Basis::Named));
                for f in &mut info.frames {
                    f.1 = t;
                }
            }
        }
    }
}
