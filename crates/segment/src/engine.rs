//! The segmentation engine: paragraphs, then candidate boundaries inside them.
//!
//! Everything works on bytes. SIMD searches (`memchr`) find the few bytes that
//! can matter (`.` `?` `!` `:` newline and the lead byte of `…`, bullets and
//! curly quotes); the rest of the text is never looked at one byte at a time.
//! All cut positions are char boundaries: they sit next to ASCII bytes or after
//! complete multi-byte characters.

use crate::lexicon::{words, AbbreviationClass, Lexicon};
use crate::Sentence;

/// Splits `text` into sentences, appending them to `out`.
pub(crate) fn segment_into(lex: &Lexicon, text: &str, out: &mut Vec<Sentence>) {
    let b = text.as_bytes();
    out.reserve(b.len() / 120 + 1);
    let mut cx = Cx {
        text,
        b,
        lex,
        out,
        para: 0,
        pushed: false,
        s: 0,
        ps: 0,
        pe: 0,
    };
    let mut start = 0;
    while start < b.len() {
        let (end, next) = paragraph_end(b, start);
        cx.paragraph(start, end);
        if cx.pushed {
            cx.para += 1;
            cx.pushed = false;
        }
        start = next;
    }
}

/// The end of the paragraph starting at `from` (exclusive) and the start of the next.
///
/// A paragraph ends at a blank line: a newline followed by optional spaces,
/// tabs or carriage returns and another newline (or the end of the text).
fn paragraph_end(b: &[u8], from: usize) -> (usize, usize) {
    let mut at = from;
    while let Some(off) = memchr::memchr(b'\n', &b[at..]) {
        let nl = at + off;
        let mut k = nl + 1;
        while k < b.len() && matches!(b[k], b' ' | b'\t' | b'\r' | 0x0c) {
            k += 1;
        }
        if k >= b.len() {
            return (nl, b.len());
        }
        if b[k] == b'\n' {
            return (nl, k + 1);
        }
        at = nl + 1;
    }
    (b.len(), b.len())
}

/// Shape of a paragraph's lines, for telling headline lines from wrapped prose.
#[derive(Clone, Copy)]
struct Lines {
    /// Longest line (trimmed bytes).
    max: usize,
    /// Most lines are about as long as the longest: hard-wrapped prose.
    wrapped: bool,
}

impl Lines {
    fn measure(b: &[u8], ps: usize, pe: usize) -> Lines {
        // Lengths of the lines before the last one (the first 64 suffice).
        let mut lens = [0usize; 64];
        let mut n = 0usize;
        let mut max = 0usize;
        let mut ls = ps;
        while let Some(off) = memchr::memchr(b'\n', &b[ls..pe]) {
            let le = ls + off;
            let len = trimmed_len(&b[ls..le]);
            max = max.max(len);
            if n < lens.len() {
                lens[n] = len;
            }
            n += 1;
            ls = le + 1;
        }
        max = max.max(trimmed_len(&b[ls..pe]));
        let body = &lens[..n.min(lens.len())];
        let long = body.iter().filter(|&&l| l * 5 >= max * 4).count();
        let wrapped = n >= 2 && max >= 30 && long * 2 >= body.len();
        Lines { max, wrapped }
    }
}

fn trimmed_len(line: &[u8]) -> usize {
    let start = line.iter().position(|c| !c.is_ascii_whitespace());
    let end = line.iter().rposition(|c| !c.is_ascii_whitespace());
    match (start, end) {
        (Some(s), Some(e)) => e + 1 - s,
        _ => 0,
    }
}

struct Cx<'a> {
    text: &'a str,
    b: &'a [u8],
    lex: &'a Lexicon,
    out: &'a mut Vec<Sentence>,
    /// Index of the current paragraph.
    para: usize,
    /// Whether the current paragraph produced a sentence.
    pushed: bool,
    /// Start of the current sentence (may point at whitespace).
    s: usize,
    /// Current paragraph.
    ps: usize,
    pe: usize,
}

impl Cx<'_> {
    /// Ends the current sentence at `pos` and starts the next one there.
    fn cut(&mut self, pos: usize) {
        if pos <= self.s {
            return;
        }
        let piece = &self.text[self.s..pos];
        let lead = piece.len() - piece.trim_start().len();
        let body = piece[lead..].trim_end();
        if !body.is_empty() {
            let start = self.s + lead;
            self.out.push(Sentence {
                start,
                end: start + body.len(),
                paragraph: self.para,
            });
            self.pushed = true;
        }
        self.s = pos;
    }

    fn paragraph(&mut self, ps: usize, pe: usize) {
        // Leading blank space (including stray line breaks) is not part of it.
        let first = skip_ascii_ws(self.b, ps, pe);
        if first >= pe {
            return;
        }
        let ps = first;
        self.s = ps;
        self.ps = ps;
        self.pe = pe;
        if let Some(c) = dateline(self.text, first, pe) {
            self.cut(c);
        }
        let lines = memchr::memchr(b'\n', &self.b[ps..pe]).map(|_| Lines::measure(self.b, ps, pe));
        let mut markers = Vec::new();
        list_chain(self.b, first, pe, &mut markers);
        let mut from = self.s;
        for m in markers {
            if m <= from {
                continue;
            }
            self.scan(from, m, lines);
            self.cut(m);
            from = m;
        }
        self.scan(from, pe, lines);
        self.cut(pe);
    }

    /// Looks at every interesting byte in `from..to`.
    ///
    /// Two SIMD searches run side by side: one for `.` `?` `!`, one for the
    /// rarer `:`, newline and the lead byte 0xE2 of `…`, bullets and curly
    /// quotes. Their hits are handled in text order.
    fn scan(&mut self, from: usize, to: usize, lines: Option<Lines>) {
        let b = self.b;
        let find_term =
            |at: usize| memchr::memchr3(b'.', b'?', b'!', &b[at..to]).map_or(to, |o| at + o);
        let find_other =
            |at: usize| memchr::memchr3(b':', b'\n', 0xE2, &b[at..to]).map_or(to, |o| at + o);
        let mut next_term = find_term(from);
        let mut next_other = find_other(from);
        loop {
            let i = next_term.min(next_other);
            if i >= to {
                break;
            }
            let resume = match b[i] {
                b'.' | b'?' | b'!' => self.terminal(i, to),
                b'\n' => {
                    if let Some(lines) = lines {
                        self.newline(i, lines);
                    }
                    i + 1
                }
                b':' => {
                    self.colon(i);
                    i + 1
                }
                _ => {
                    if is_ellipsis_char(b, i) {
                        self.terminal(i, to)
                    } else if bullet_len(b, i) > 0 {
                        if i > self.ps && b[i - 1].is_ascii_whitespace() {
                            self.cut(i);
                        }
                        i + 3
                    } else {
                        i + 1
                    }
                }
            };
            if next_term < resume {
                next_term = find_term(resume.min(to));
            }
            if next_other < resume {
                next_other = find_other(resume.min(to));
            }
        }
    }

    /// Handles a run of terminal punctuation starting at `i`; returns where to resume.
    fn terminal(&mut self, i: usize, to: usize) -> usize {
        let (b, pe) = (self.b, self.pe);
        // The run: periods, ? and !, `…`, and spaced dots (". . .").
        let mut j = i;
        let mut dots = 0u32;
        let mut qe = false;
        let mut spaced = false;
        while j < to {
            match b[j] {
                b'.' => {
                    dots += 1;
                    j += 1;
                }
                b'?' | b'!' => {
                    qe = true;
                    j += 1;
                }
                0xE2 if is_ellipsis_char(b, j) => {
                    dots += 3;
                    j += 3;
                }
                b' ' if dots > 0 && standalone_dot(b, j + 1, to) => {
                    spaced = true;
                    j += 1;
                }
                _ => break,
            }
        }
        // Closing quotes and brackets belong to the sentence they close.
        let mut k = j;
        while k < to {
            let n = closer_len(b, k);
            if n == 0 {
                break;
            }
            k += n;
        }
        if k >= to {
            return k.max(i + 1);
        }
        if ws_len(self.text, k) == 0 {
            return k.max(i + 1);
        }
        let (mut n, mut newline) = skip_ws(self.text, k, pe);
        // A French closing guillemet set off by a space: « Non. »
        if n + 1 < pe
            && b[n] == 0xC2
            && b[n + 1] == 0xBB
            && (n + 2 >= pe || ws_len(self.text, n + 2) > 0)
        {
            k = n + 2;
            let (n2, nl2) = skip_ws(self.text, k, pe);
            n = n2;
            newline |= nl2;
        }
        if n >= pe {
            return k;
        }
        if is_attribution_dash(self.text, n, pe) {
            return k;
        }
        let next = Next::at(self.text, n, pe);
        if next.lower {
            return k;
        }
        if qe {
            self.cut(k);
            return k;
        }
        if dots >= 2 {
            let attached = i > 0 && !b[i - 1].is_ascii_whitespace() && opener_len(b, i - 1) == 0;
            if attached && spaced && dots >= 4 && b[i + 1] == b' ' {
                // "word. . . . Next": the period ends the sentence, the ellipsis
                // opens the next one.
                if next.upper || next.digit || next.quote {
                    self.cut(i + 1);
                }
                return k;
            }
            let ends = if dots >= 4 {
                next.upper || next.digit || next.quote
            } else {
                next.upper && !next.bracket && !next.pronoun_i
            };
            if ends {
                self.cut(k);
            }
            return k;
        }
        if self.period_ends(i, &next, newline) {
            self.cut(k);
        }
        k
    }

    /// Decides whether the single period at `i` ends the sentence, given the next token.
    fn period_ends(&self, i: usize, next: &Next, newline: bool) -> bool {
        let b = self.b;
        let ts = token_start(b, self.s, i);
        let mut t0 = ts;
        while t0 < i {
            let n = opener_len(b, t0);
            if n == 0 {
                break;
            }
            t0 += n;
        }
        let tok = &b[t0..i];
        if tok.is_empty() {
            return true;
        }
        if is_marker_sentence(self.text, self.s, i) {
            return false;
        }
        let starter = || next.starter(self.b, self.pe);
        let class = self
            .lex
            .lookup(tok)
            .or_else(|| shape_class(tok))
            .or_else(|| {
                // The part after a hyphen: "ex-Gov.", "(R-Fla.)".
                let dash = tok.iter().rposition(|&c| c == b'-')?;
                let part = &tok[dash + 1..];
                self.lex.lookup(part).or_else(|| shape_class(part))
            });
        if class.is_some_and(|c| c != AbbreviationClass::Final) && self.introductory_phrase(ts) {
            return false;
        }
        match class {
            Some(AbbreviationClass::Prefix) => false,
            Some(AbbreviationClass::Numeric) if next.digit => false,
            Some(AbbreviationClass::Numeric | AbbreviationClass::Plain) => {
                next.upper && (newline || starter())
            }
            Some(AbbreviationClass::Final) => next.upper || next.quote,
            Some(AbbreviationClass::Time) => {
                next.upper
                    && !words()
                        .time_followers
                        .contains(ascii_word(b, next.at, self.pe))
            }
            None if tok.len() == 1 && tok[0].is_ascii_alphabetic() => {
                // A single letter: an initial (J. R. R. Tolkien) unless the
                // pronoun "I" ends a clause ("you and I. Did ...").
                if !next.upper || next.initial(b, self.pe) {
                    return false;
                }
                if tok[0] == b'I' && prev_word_lowercase(b, self.s, ts) {
                    return true;
                }
                newline || starter()
            }
            None => true,
        }
    }

    /// The sentence so far (up to the token at `ts`) is a short phrase opened by
    /// a preposition ("At 5", "In the"), which cannot stand as a sentence.
    fn introductory_phrase(&self, ts: usize) -> bool {
        let b = self.b;
        let first = skip_ascii_ws(b, self.s, ts);
        if first >= ts || ts - first > 24 {
            return false;
        }
        let w = ascii_word(b, first, ts);
        if w.is_empty() || !w[0].is_ascii_uppercase() || !words().prepositions.contains(w) {
            return false;
        }
        // At most three words before the abbreviation.
        b[first..ts]
            .split(u8::is_ascii_whitespace)
            .filter(|t| !t.is_empty())
            .count()
            <= 3
    }

    /// A picture credit label after unpunctuated text: "... at the summit Photo: Reuters."
    fn colon(&mut self, i: usize) {
        let b = self.b;
        if i + 1 < self.pe && !b[i + 1].is_ascii_whitespace() {
            return;
        }
        let ts = token_start(b, self.s, i);
        let tok = &b[ts..i];
        if tok.is_empty()
            || tok.len() > 16
            || !tok[0].is_ascii_uppercase()
            || !tok.iter().all(u8::is_ascii_alphabetic)
        {
            return;
        }
        let first = skip_ascii_ws(b, self.s, self.pe);
        if ts <= first || !words().captions.contains(tok) {
            return;
        }
        // The text before the label must not be waiting for more (", Photo: ...").
        let mut p = ts;
        while p > first && b[p - 1].is_ascii_whitespace() {
            p -= 1;
        }
        if p == ts || matches!(b[p - 1], b',' | b':' | b';' | b'(' | b'-' | b'/') {
            return;
        }
        self.cut(ts);
    }

    /// A newline inside a paragraph: headline and caption lines, list items.
    fn newline(&mut self, i: usize, lines: Lines) {
        let b = self.b;
        let ls = match memchr::memrchr(b'\n', &b[self.ps..i]) {
            Some(off) => self.ps + off + 1,
            None => self.ps,
        };
        let ls = ls.max(self.s);
        if ls >= i {
            return;
        }
        let line = self.text[ls..i].trim();
        if line.is_empty() {
            return;
        }
        let n = skip_ascii_ws(b, i + 1, self.pe);
        if n >= self.pe {
            return;
        }
        let lb = line.as_bytes();
        let last = lb[lb.len() - 1];
        if matches!(last, b'.' | b'?' | b'!') || ends_with_closer_after_terminal(lb) {
            // The terminal punctuation itself was (or was not) a boundary.
            return;
        }
        if starts_list_item(b, n, self.pe) {
            self.cut(i);
            return;
        }
        if matches!(last, b',' | b';' | b':' | b'-' | b'(' | b'&' | b'/' | b'[')
            || line.ends_with('—')
            || line.ends_with('–')
        {
            return;
        }
        let lw = last_word(lb);
        if !lw.is_empty() && lw[0].is_ascii_lowercase() && words().continuations.contains(lw) {
            return;
        }
        let next = Next::at(self.text, n, self.pe);
        if !(next.upper || next.digit) {
            return;
        }
        if lines.wrapped && line.len() * 4 >= lines.max * 3 {
            return;
        }
        self.cut(i);
    }
}

/// What follows a candidate boundary.
struct Next {
    /// Position of the first letter or digit after any opening quotes and brackets.
    at: usize,
    upper: bool,
    lower: bool,
    digit: bool,
    /// An opening quote came first.
    quote: bool,
    /// An opening bracket came first.
    bracket: bool,
    /// The next word is the pronoun "I".
    pronoun_i: bool,
}

impl Next {
    fn at(text: &str, n: usize, pe: usize) -> Next {
        let b = text.as_bytes();
        let mut m = n;
        let mut quote = false;
        let mut bracket = false;
        while m < pe {
            let l = opener_len(b, m);
            if l == 0 {
                break;
            }
            if matches!(b[m], b'(' | b'[' | b'{') {
                bracket = true;
            } else {
                quote = true;
            }
            m += l;
        }
        let ch = if m < pe {
            text[m..pe].chars().next()
        } else {
            None
        };
        let (upper, lower, digit) = match ch {
            Some(c) if c.is_ascii() => (
                c.is_ascii_uppercase(),
                c.is_ascii_lowercase(),
                c.is_ascii_digit(),
            ),
            Some(c) => (c.is_uppercase(), c.is_lowercase(), false),
            None => (false, false, false),
        };
        let pronoun_i = ch == Some('I') && (m + 1 >= pe || !is_word_byte(b[m + 1]));
        Next {
            at: m,
            upper,
            lower,
            digit,
            quote,
            bracket,
            pronoun_i,
        }
    }

    /// The next word is a common sentence opener ("The", "He", "However").
    fn starter(&self, b: &[u8], pe: usize) -> bool {
        let w = ascii_word(b, self.at, pe);
        !w.is_empty() && w[0].is_ascii_uppercase() && words().starters.contains(w)
    }

    /// The next token is an initial: one capital letter and a period ("R. Tolkien").
    fn initial(&self, b: &[u8], pe: usize) -> bool {
        let m = self.at;
        m + 1 < pe
            && b[m].is_ascii_uppercase()
            && b[m + 1] == b'.'
            && (m + 2 >= pe || b[m + 2].is_ascii_whitespace())
    }
}

/// A dash standing alone before a capitalized name: the attribution of a
/// quotation ("... a long game." - A. Writer), which stays with the quote.
fn is_attribution_dash(text: &str, n: usize, pe: usize) -> bool {
    let b = text.as_bytes();
    let len = match b.get(n..pe) {
        Some([b'-', b'-', ..]) => 2,
        Some([b'-', ..]) => 1,
        // – — ―
        Some([0xE2, 0x80, 0x93..=0x95, ..]) => 3,
        _ => return false,
    };
    let after = n + len;
    if after >= pe || b[after] != b' ' {
        return false;
    }
    let (m, _) = skip_ws(text, after, pe);
    m < pe && Next::at(text, m, pe).upper
}

/// ASCII letters starting at `m`; empty if a non-ASCII letter continues them
/// ("Ångström" is not the word "Ng"). Punctuation from the 0xE2 block (’ ” —)
/// ends the word.
fn ascii_word(b: &[u8], m: usize, pe: usize) -> &[u8] {
    let mut e = m;
    while e < pe && b[e].is_ascii_alphabetic() {
        e += 1;
    }
    if e < pe && b[e] >= 0x80 && b[e] != 0xE2 {
        return &b[m..m];
    }
    &b[m..e]
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

/// The last run of ASCII letters of a line.
fn last_word(line: &[u8]) -> &[u8] {
    let end = line.len();
    let mut s = end;
    while s > 0 && line[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    &line[s..end]
}

/// Start of the whitespace-delimited token ending at `i`, not before `floor`.
fn token_start(b: &[u8], floor: usize, i: usize) -> usize {
    let mut p = i;
    while p > floor && !b[p - 1].is_ascii_whitespace() {
        p -= 1;
    }
    p
}

/// Whether the word before the token at `ts` (in the same sentence) starts lowercase.
fn prev_word_lowercase(b: &[u8], floor: usize, ts: usize) -> bool {
    let mut p = ts;
    while p > floor && b[p - 1].is_ascii_whitespace() {
        p -= 1;
    }
    if p == floor || p == ts {
        return false;
    }
    let mut s = token_start(b, floor, p);
    while s < p && opener_len(b, s) > 0 {
        s += opener_len(b, s);
    }
    s < p && b[s].is_ascii_lowercase()
}

/// Abbreviations recognised by shape: single letters joined by periods (U.S, a.m,
/// Ph.D), and short capitalized words without a vowel (Blvd, Pvt).
fn shape_class(tok: &[u8]) -> Option<AbbreviationClass> {
    if tok.contains(&b'.') {
        let ok = tok
            .split(|&c| c == b'.')
            .all(|part| (1..=2).contains(&part.len()) && part.iter().all(u8::is_ascii_alphabetic));
        return ok.then_some(AbbreviationClass::Plain);
    }
    if (2..=4).contains(&tok.len())
        && tok[0].is_ascii_uppercase()
        && tok[1..].iter().all(u8::is_ascii_lowercase)
        && !tok.iter().any(|c| {
            matches!(
                c.to_ascii_lowercase(),
                b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
            )
        })
    {
        return Some(AbbreviationClass::Plain);
    }
    None
}

/// The sentence so far (`s..i`) is only a list marker: "1", "b", "iv", "• 9".
fn is_marker_sentence(text: &str, s: usize, i: usize) -> bool {
    if i < s || i - s > 24 {
        return false;
    }
    let t = text[s..i].trim_start();
    let t = t.trim_start_matches(|c: char| {
        is_bullet_char(c) || c == '-' || c == '*' || c.is_whitespace()
    });
    if t.is_empty() || t.len() > 4 {
        return false;
    }
    let tb = t.as_bytes();
    tb.iter().all(u8::is_ascii_digit)
        || (tb.len() == 1 && tb[0].is_ascii_alphabetic())
        || tb.iter().all(|c| matches!(c, b'i' | b'v' | b'x'))
        || tb.iter().all(|c| matches!(c, b'I' | b'V' | b'X'))
}

fn is_bullet_char(c: char) -> bool {
    matches!(c, '•' | '‣' | '⁃' | '◦' | '▪' | '●')
}

/// Length of the bullet character at `i`, or 0.
fn bullet_len(b: &[u8], i: usize) -> usize {
    match b.get(i..i + 3) {
        Some([0xE2, 0x80, 0xA2 | 0xA3])
        | Some([0xE2, 0x81, 0x83])
        | Some([0xE2, 0x97, 0xA6 | 0x8F])
        | Some([0xE2, 0x96, 0xAA]) => 3,
        _ => 0,
    }
}

fn is_ellipsis_char(b: &[u8], i: usize) -> bool {
    matches!(b.get(i..i + 3), Some([0xE2, 0x80, 0xA6]))
}

/// A period standing alone in a spaced ellipsis (". . .").
fn standalone_dot(b: &[u8], k: usize, to: usize) -> bool {
    k < to
        && b[k] == b'.'
        && (k + 1 >= to
            || matches!(b[k + 1], b' ' | b'.' | b'?' | b'!' | b'\n' | b'\t' | b'\r')
            || closer_len(b, k + 1) > 0)
}

/// Length of a closing quote or bracket at `k`, or 0.
fn closer_len(b: &[u8], k: usize) -> usize {
    match b[k] {
        b'"' | b'\'' | b')' | b']' | b'}' => 1,
        0xC2 if b.get(k + 1) == Some(&0xBB) => 2,
        0xE2 => match b.get(k + 1..k + 3) {
            // ’ ” ‘ “ ›
            Some([0x80, 0x98 | 0x99 | 0x9C | 0x9D | 0xBA]) => 3,
            _ => 0,
        },
        _ => 0,
    }
}

/// Length of an opening quote or bracket at `k`, or 0.
fn opener_len(b: &[u8], k: usize) -> usize {
    match b[k] {
        b'"' | b'\'' | b'(' | b'[' | b'{' => 1,
        0xC2 if b.get(k + 1) == Some(&0xAB) => 2,
        0xE2 => match b.get(k + 1..k + 3) {
            // ‘ ’ “ ” ‹
            Some([0x80, 0x98 | 0x99 | 0x9C | 0x9D | 0xB9]) => 3,
            _ => 0,
        },
        _ => 0,
    }
}

/// A line that ends with closing quotes or brackets after terminal punctuation.
fn ends_with_closer_after_terminal(line: &[u8]) -> bool {
    let mut e = line.len();
    while e > 0 {
        let c = line[e - 1];
        if matches!(c, b'"' | b'\'' | b')' | b']' | b'}') {
            e -= 1;
        } else if e >= 3 && line[e - 3] == 0xE2 && closer_len(line, e - 3) == 3 {
            e -= 3;
        } else if e >= 2 && line[e - 2] == 0xC2 && line[e - 1] == 0xBB {
            e -= 2;
        } else {
            break;
        }
    }
    e < line.len() && e > 0 && matches!(line[e - 1], b'.' | b'?' | b'!')
}

/// Length of the whitespace character at `k` (0 if none). `k` is a char boundary.
fn ws_len(text: &str, k: usize) -> usize {
    let c = text.as_bytes()[k];
    if c < 0x80 {
        return usize::from(matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c));
    }
    match text[k..].chars().next() {
        Some(ch) if ch.is_whitespace() => ch.len_utf8(),
        _ => 0,
    }
}

/// Skips whitespace from `k` (a char boundary); reports whether a newline was crossed.
fn skip_ws(text: &str, mut k: usize, pe: usize) -> (usize, bool) {
    let b = text.as_bytes();
    let mut newline = false;
    while k < pe {
        let w = ws_len(text, k);
        if w == 0 {
            break;
        }
        newline |= b[k] == b'\n';
        k += w;
    }
    (k, newline)
}

fn skip_ascii_ws(b: &[u8], mut k: usize, pe: usize) -> usize {
    while k < pe && b[k].is_ascii_whitespace() {
        k += 1;
    }
    k
}

/// A line that starts with a list marker: "- ", "* ", a bullet, "1. ", "2) ", "(a) ".
fn starts_list_item(b: &[u8], n: usize, pe: usize) -> bool {
    if bullet_len(b, n) > 0 {
        return true;
    }
    if n + 1 < pe && matches!(b[n], b'-' | b'*' | b'+') && b[n + 1] == b' ' {
        return true;
    }
    parse_marker(b, n, pe).is_some()
}

/// An enumeration marker: `1.` `2)` `3.)` `(4)` `a.` `b)` `(c)` followed by a space.
#[derive(Clone, Copy)]
struct Marker {
    value: u32,
    letter: bool,
    paren_open: bool,
    suffix: &'static [u8],
}

fn parse_marker(b: &[u8], n: usize, pe: usize) -> Option<Marker> {
    let mut p = n;
    let paren_open = p < pe && b[p] == b'(';
    if paren_open {
        p += 1;
    }
    let ds = p;
    while p < pe && p - ds < 3 && b[p].is_ascii_digit() {
        p += 1;
    }
    let (value, letter) = if p > ds {
        if p < pe && b[p].is_ascii_digit() {
            return None;
        }
        let v = b[ds..p]
            .iter()
            .fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
        (v, false)
    } else if p < pe && b[p].is_ascii_lowercase() {
        p += 1;
        (u32::from(b[p - 1]), true)
    } else {
        return None;
    };
    let rest = &b[p..pe];
    let suffix: &'static [u8] = if paren_open {
        if rest.starts_with(b") ") {
            b")"
        } else {
            return None;
        }
    } else if rest.starts_with(b".) ") {
        b".)"
    } else if rest.starts_with(b". ") {
        b"."
    } else if rest.starts_with(b") ") {
        b")"
    } else {
        return None;
    };
    Some(Marker {
        value,
        letter,
        paren_open,
        suffix,
    })
}

/// An inline enumeration at the start of a paragraph ("1. ... 2. ... 3. ..."):
/// pushes the positions of the markers after the first one.
fn list_chain(b: &[u8], first: usize, pe: usize, out: &mut Vec<usize>) {
    let Some(mut mk) = parse_marker(b, first, pe) else {
        return;
    };
    let mut pos = first + 1;
    let mut buf = [0u8; 8];
    loop {
        mk.value += 1;
        if mk.letter && mk.value > u32::from(b'z') || mk.value > 999 {
            return;
        }
        let mut len = 0;
        if mk.paren_open {
            buf[len] = b'(';
            len += 1;
        }
        if mk.letter {
            buf[len] = mk.value as u8;
            len += 1;
        } else {
            for d in mk.value.to_string().bytes() {
                buf[len] = d;
                len += 1;
            }
        }
        buf[len..len + mk.suffix.len()].copy_from_slice(mk.suffix);
        len += mk.suffix.len();
        buf[len] = b' ';
        len += 1;
        let needle = &buf[..len];
        let mut found = None;
        let mut at = pos;
        while let Some(off) = memchr::memmem::find(&b[at..pe], needle) {
            let p = at + off;
            if p > first && b[p - 1].is_ascii_whitespace() {
                found = Some(p);
                break;
            }
            at = p + 1;
        }
        match found {
            Some(p) => {
                out.push(p);
                pos = p + 1;
            }
            None => return,
        }
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: [&str; 12] = [
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
];

/// A dateline that runs into the first sentence of a paragraph; returns where
/// the sentence starts.
///
/// A date that heads the paragraph ("Thursday, May 7, 2015 On Tuesday ...").
fn dateline(text: &str, first: usize, pe: usize) -> Option<usize> {
    let b = text.as_bytes();
    let end = date_prefix(b, first, pe)?;
    let (n, _) = skip_ws(text, end, pe);
    if n == end || n >= pe {
        return None;
    }
    let next = Next::at(text, n, pe);
    next.upper.then_some(end)
}

/// Capitalized ASCII word at `p` from `list` (case-insensitive); returns its end.
fn word_from(b: &[u8], p: usize, pe: usize, list: &[&str]) -> Option<usize> {
    let w = ascii_word(b, p, pe);
    if w.is_empty() || !w[0].is_ascii_uppercase() {
        return None;
    }
    list.iter()
        .any(|name| name.as_bytes().eq_ignore_ascii_case(w))
        .then_some(p + w.len())
}

fn digits(b: &[u8], p: usize, pe: usize, min: usize, max: usize) -> Option<usize> {
    let mut e = p;
    while e < pe && b[e].is_ascii_digit() {
        e += 1;
    }
    (min..=max).contains(&(e - p)).then_some(e)
}

fn expect(b: &[u8], p: usize, pe: usize, c: u8) -> Option<usize> {
    (p < pe && b[p] == c).then_some(p + 1)
}

fn opt(b: &[u8], p: usize, pe: usize, c: u8) -> usize {
    expect(b, p, pe, c).unwrap_or(p)
}

/// "[Weekday, ]Month D, YYYY" or "[Weekday, ]D Month YYYY"; returns the end.
fn date_prefix(b: &[u8], first: usize, pe: usize) -> Option<usize> {
    let mut p = first;
    if let Some(e) = word_from(b, p, pe, &WEEKDAYS) {
        p = expect(b, e, pe, b',')?;
        p = expect(b, p, pe, b' ')?;
    }
    if let Some(e) = word_from(b, p, pe, &MONTHS) {
        p = expect(b, e, pe, b' ')?;
        p = digits(b, p, pe, 1, 2)?;
        p = opt(b, p, pe, b',');
        p = expect(b, p, pe, b' ')?;
    } else {
        p = digits(b, p, pe, 1, 2)?;
        p = expect(b, p, pe, b' ')?;
        let e = word_from(b, p, pe, &MONTHS)?;
        p = expect(b, e, pe, b' ')?;
    }
    digits(b, p, pe, 4, 4)
}
