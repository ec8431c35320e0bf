//! Word and punctuation tokens of one sentence, marked quoted or not.

use crate::quotes::Piece;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A word (letters, digits, internal `.-'’&`).
    Word,
    /// A possessive `'s` / `’s` / bare `'` after a plural.
    Poss,
    /// A top-level opening quote mark.
    Open,
    /// A top-level closing quote mark.
    Close,
    /// Any other punctuation character.
    Punct(char),
}

/// One token; `'a` is the lifetime of the text and of the [`Scratch`]
/// holding lowercased words.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
    /// Inside a top-level quote.
    pub(crate) quoted: bool,
    /// Lowercased text (words only).
    pub(crate) lower: &'a str,
    /// Starts with an uppercase letter.
    pub(crate) cap: bool,
    /// Dotted abbreviation like `U.S.` (not a name).
    pub(crate) abbr: bool,
    /// A single-letter initial like `J.`.
    pub(crate) initial: bool,
    /// All letters uppercase, two or more (`NATIONS`).
    pub(crate) allcaps: bool,
    /// Lexicon classes of the word (see [`crate::lexicon::Lexicon::annotate`]).
    pub(crate) lex: u8,
    /// Word-class bits: membership of `lower` in the word lists of
    /// `data/classes/` (`PREP`, `BE`, …).
    pub(crate) cls: u32,
}

/// [`Tok::lex`] bits.
pub(crate) const TITLE: u8 = 1;
pub(crate) const ORG: u8 = 2;
pub(crate) const DOC: u8 = 4;
pub(crate) const GROUP: u8 = 8;
pub(crate) const VERB: u8 = 16;

/// [`Tok::cls`] bits, one per word list of `data/classes/`.
pub(crate) const SKIP: u32 = 1;
pub(crate) const BLOCKER: u32 = 1 << 1;
pub(crate) const BE: u32 = 1 << 2;
pub(crate) const PREP: u32 = 1 << 3;
pub(crate) const CONNECT: u32 = 1 << 4;
pub(crate) const LEADING: u32 = 1 << 5;
pub(crate) const QUANT: u32 = 1 << 6;
pub(crate) const NON_MODIFIER: u32 = 1 << 7;
pub(crate) const CALENDAR: u32 = 1 << 8;
pub(crate) const PRONOUNISH: u32 = 1 << 9;
pub(crate) const DESCRIPTION: u32 = 1 << 10;
pub(crate) const PLURAL: u32 = 1 << 11;
pub(crate) const LIGHT: u32 = 1 << 12;
pub(crate) const STATEMENT: u32 = 1 << 13;
pub(crate) const HOUSE: u32 = 1 << 14;
pub(crate) const CLAUSE_VERB: u32 = 1 << 15;
pub(crate) const DOC_VERB: u32 = 1 << 16;
pub(crate) const POSITION_ADJ: u32 = 1 << 17;
pub(crate) const GENERIC_BODY: u32 = 1 << 18;
pub(crate) const BELIEF: u32 = 1 << 19;
pub(crate) const CUE: u32 = 1 << 20;

impl Tok<'_> {
    /// A token without a word: punctuation or a possessive `'s` at `start..end`.
    fn bare(start: usize, end: usize, kind: Kind, quoted: bool) -> Tok<'static> {
        Tok {
            start,
            end,
            kind,
            quoted,
            lower: "",
            cap: false,
            abbr: false,
            initial: false,
            allcaps: false,
            lex: 0,
            cls: 0,
        }
    }

    /// A title or role word.
    pub(crate) fn title(&self) -> bool {
        self.lex & TITLE != 0
    }

    /// An organization head word.
    pub(crate) fn org(&self) -> bool {
        self.lex & ORG != 0
    }

    /// A document head word.
    pub(crate) fn doc(&self) -> bool {
        self.lex & DOC != 0
    }

    /// A person or group noun.
    pub(crate) fn group(&self) -> bool {
        self.lex & GROUP != 0
    }

    /// Any head noun that can stand for a speaker.
    pub(crate) fn head(&self) -> bool {
        self.lex & (TITLE | ORG | DOC | GROUP) != 0
    }

    /// A speech-verb form.
    pub(crate) fn verb(&self) -> bool {
        self.lex & VERB != 0
    }

    /// In any of the word lists `cls` (an OR of [`Tok::cls`] bits).
    #[inline]
    pub(crate) fn in_list(&self, cls: u32) -> bool {
        self.cls & cls != 0
    }

    pub(crate) fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub(crate) fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    #[cfg(test)]
    pub(crate) fn is(&self, lower: &str) -> bool {
        self.kind == Kind::Word && self.lower == lower
    }
}

/// Short words that take a period without ending a sentence.
const DOTTED: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "adm", "amb", "lt", "col", "maj", "capt",
    "sgt", "cmdr", "prof", "rev", "st", "jr", "sr", "no", "vs", "etc", "mme", "jan", "feb", "mar",
    "apr", "aug", "sept", "sep", "oct", "nov", "dec", "ft", "fr", "hon",
];

/// [`DOTTED`] packed as little-endian `u32`s (zero-padded).
const DOTTED_KEYS: [u32; DOTTED.len()] = {
    let mut keys = [0u32; DOTTED.len()];
    let mut i = 0;
    while i < DOTTED.len() {
        let w = DOTTED[i].as_bytes();
        let mut b = [0u8; 4];
        let mut j = 0;
        while j < w.len() {
            b[j] = w[j];
            j += 1;
        }
        keys[i] = u32::from_le_bytes(b);
        i += 1;
    }
    keys
};

/// A bucket in 0..256 of a packed [`DOTTED`] candidate.
const fn dotted_bucket(key: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> 24) as usize
}

/// A 256-bit filter of the buckets of [`DOTTED_KEYS`].
const DOTTED_FILTER: [u64; 4] = {
    let mut f = [0u64; 4];
    let mut i = 0;
    while i < DOTTED_KEYS.len() {
        let h = dotted_bucket(DOTTED_KEYS[i]);
        f[h >> 6] |= 1 << (h & 63);
        i += 1;
    }
    f
};

/// [`ASCII_CLASS`] values.
const OTHER: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 3;
const NON_ASCII: u8 = 4;

/// Class of each byte for the word scan.
const ASCII_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'0'..=b'9' => DIGIT,
            0x80..=0xff => NON_ASCII,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The char starting at byte `i` of `s` (`i < s.len()`, a char boundary).
#[inline]
fn char_at(s: &str, i: usize) -> char {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        char::from(b)
    } else {
        s[i..].chars().next().unwrap_or('\0')
    }
}

/// The char starting at byte `i`, if `i < end`.
#[inline]
fn char_before_end(text: &str, i: usize, end: usize) -> Option<char> {
    (i < end).then(|| char_at(text, i))
}

/// Whether `lower(word)` is in [`DOTTED`].
fn dotted_word(word: &str) -> bool {
    let b = word.as_bytes();
    if b.is_ascii() {
        // The entries are 2 to 4 ASCII letters.
        if !(2..=4).contains(&b.len()) {
            return false;
        }
        let mut l = [0u8; 4];
        for (d, s) in l.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        // Packed little-endian, so the comparison is one integer compare;
        // most words are ruled out by the filter first.
        let key = u32::from_le_bytes(l);
        let h = dotted_bucket(key);
        DOTTED_FILTER[h >> 6] >> (h & 63) & 1 != 0 && DOTTED_KEYS.contains(&key)
    } else {
        let lower = word.to_lowercase();
        DOTTED.contains(&lower.as_str())
    }
}

/// Whether `lower(word)` ends with `'s` or `’s` (and is longer than it).
fn possessive_suffix(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    let n = b.len();
    if n < 2 || !matches!(b[n - 1], b's' | b'S') {
        return None;
    }
    let rest = &word[..n - 1];
    // Only `S` lowercases to a final `s`, and only the marks themselves end
    // in `'`/`’`; the word starts with a letter, so it is longer than `'s`.
    for (suffix, len) in [("'", 2), ("’", 4)] {
        if rest.ends_with(suffix) && n > len {
            return Some(len);
        }
    }
    None
}

/// Where a word starting with `c` at `pos` ends, and its letter counts.
struct WordScan {
    /// Byte offset one past the word.
    end: usize,
    /// A `.` joined two parts of the word.
    inner_dot: bool,
    /// The word is ASCII (so far as the counts go).
    ascii_word: bool,
    /// ASCII uppercase letters.
    n_up: usize,
    /// ASCII lowercase letters.
    n_low: usize,
}

/// Scans a word: letters and digits, joined by single inner `-'’.&/@`.
fn scan_word(text: &str, pos: usize, c: char, end: usize) -> WordScan {
    let bytes = text.as_bytes();
    let mut j = pos + c.len_utf8();
    // Whether a `.` joined two parts of the word.
    let mut inner_dot = false;
    // ASCII upper- and lowercase letters, while the word is ASCII.
    let mut ascii_word = c.len_utf8() == 1;
    let (mut n_up, mut n_low) = (
        usize::from(c.is_ascii_uppercase()),
        usize::from(c.is_ascii_lowercase()),
    );
    while j < end {
        let d = bytes[j];
        let (d, dlen) = match ASCII_CLASS[usize::from(d)] {
            LOWER => {
                n_low += 1;
                j += 1;
                continue;
            }
            UPPER => {
                n_up += 1;
                j += 1;
                continue;
            }
            DIGIT => {
                j += 1;
                continue;
            }
            NON_ASCII => {
                let d = char_at(text, j);
                (d, d.len_utf8())
            }
            _ => (char::from(d), 1),
        };
        if word_char(d) {
            ascii_word = false;
            j += dlen;
        } else if matches!(d, '-' | '\'' | '’' | '.' | '&' | '/' | '@') {
            match char_before_end(text, j + dlen, end) {
                Some(n) if word_char(n) => {
                    inner_dot |= d == '.';
                    if n.is_ascii() && dlen == 1 {
                        n_up += usize::from(n.is_ascii_uppercase());
                        n_low += usize::from(n.is_ascii_lowercase());
                    } else {
                        ascii_word = false;
                    }
                    j += dlen + n.len_utf8();
                }
                _ => break,
            }
        } else if d == ','
            && j + 4 <= end
            && bytes[j - 1].is_ascii_digit()
            && bytes
                .get(j + 1..j + 4)
                .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && bytes.get(j + 4).map_or(true, |b| !b.is_ascii_digit())
        {
            // A digit group: `2,000`.
            j += 4;
        } else {
            break;
        }
    }
    WordScan {
        end: j,
        inner_dot,
        ascii_word,
        n_up,
        n_low,
    }
}

/// Letter case of a word.
struct Case {
    ascii: bool,
    /// Number of letters.
    alpha: usize,
    any_upper: bool,
    /// Some letter is not uppercase.
    any_lower: bool,
}

/// The case of `word`, from the scan's ASCII counts `(upper, lower)` when
/// it has them.
fn letter_case(word: &str, counts: Option<(usize, usize)>) -> Case {
    let wb = word.as_bytes();
    if let Some((n_up, n_low)) = counts {
        return Case {
            ascii: true,
            alpha: n_up + n_low,
            any_upper: n_up > 0,
            any_lower: n_low > 0,
        };
    }
    if wb.is_ascii() {
        let (mut alpha, mut up, mut low) = (0usize, false, false);
        for &b in wb {
            up |= b.is_ascii_uppercase();
            low |= b.is_ascii_lowercase();
            alpha += usize::from(b.is_ascii_alphabetic());
        }
        return Case {
            ascii: true,
            alpha,
            any_upper: up,
            any_lower: low,
        };
    }
    let mut alpha = 0usize;
    let mut low = false;
    for ch in word.chars().filter(|c| c.is_alphabetic()) {
        alpha += 1;
        low |= !ch.is_uppercase();
    }
    Case {
        ascii: false,
        alpha,
        any_upper: true,
        any_lower: low,
    }
}

/// Buffers reused from sentence to sentence: the lowercased words that are
/// not already lowercase in the text.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    lower: String,
    /// `(token index, end in lower)` of each word lowercased into `lower`.
    owned: Vec<(usize, usize)>,
}

/// A name with a lowercase particle joined by a hyphen (`al-Amr`,
/// `el-Baz`, `ibn-Saud`): a capitalised word.
fn particle_name(w: &[u8]) -> bool {
    let dash = match (w.get(2), w.get(3)) {
        (Some(b'-'), _) => Some(2),
        (_, Some(b'-')) => Some(3),
        _ => None,
    };
    match dash {
        Some(k) => {
            w[..k].iter().all(u8::is_ascii_lowercase)
                && w.get(k + 1).is_some_and(u8::is_ascii_uppercase)
                && w[k + 2..].iter().any(u8::is_ascii_lowercase)
        }
        _ => false,
    }
}

/// Tokenizes `text[start..end]`. `pieces` are the article's quote pieces,
/// sorted; `first_piece` is the index of the first piece that may overlap.
pub(crate) fn tokenize<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    pieces: &[Piece],
    first_piece: usize,
    scratch: &'a mut Scratch,
) -> Vec<Tok<'a>> {
    scratch.lower.clear();
    scratch.owned.clear();
    let mut toks = Vec::with_capacity((end - start) / 5 + 4);
    let mut pi = first_piece;
    let quoted_at = |pos: usize, pi: &mut usize| -> bool {
        while *pi < pieces.len() && pieces[*pi].end <= pos {
            *pi += 1;
        }
        *pi < pieces.len() && pieces[*pi].start <= pos && pos < pieces[*pi].end
    };
    let mark_at = |pos: usize| -> Option<Kind> {
        let i = pieces.partition_point(|p| p.open < pos);
        if pieces.get(i).is_some_and(|p| p.open == pos) {
            return Some(Kind::Open);
        }
        let j = pieces.partition_point(|p| p.end < pos);
        if pieces
            .get(j)
            .is_some_and(|p| p.close.is_some_and(|(c, _)| c == pos))
        {
            return Some(Kind::Close);
        }
        None
    };
    let mut i = start;
    while i < end {
        let pos = i;
        let c = char_at(text, i);
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        if let Some(kind) = matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'')
            .then(|| mark_at(pos))
            .flatten()
        {
            toks.push(punct_tok(pos, c, kind, quoted_at(pos, &mut pi)));
            i += clen;
            continue;
        }
        if word_char(c) {
            let bytes = text.as_bytes();
            let WordScan {
                end: mut j,
                inner_dot,
                ascii_word,
                mut n_up,
                mut n_low,
            } = scan_word(text, pos, c, end);
            let wend = j;
            let mut word = &text[pos..wend];
            // A final period belongs to dotted abbreviations and initials.
            let single = clen == word.len();
            let dotted_letters = inner_dot
                && word
                    .split('.')
                    .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
            let is_initial = single && c.is_uppercase();
            let takes_period = dotted_letters || is_initial || dotted_word(word);
            let mut wend2 = wend;
            let mut has_dot = inner_dot;
            if takes_period && j < end && bytes[j] == b'.' {
                wend2 = wend + 1;
                j += 1;
                word = &text[pos..wend2];
                has_dot = true;
            }
            // Possessive split (never after a final period).
            let mut poss: Option<(usize, usize)> = None;
            if let Some(len) = possessive_suffix(word) {
                let cut = wend2 - len;
                poss = Some((cut, wend2));
                word = &text[pos..cut];
            }
            let wb = word.as_bytes();
            if ascii_word && poss.is_some() {
                // The cut possessive took one `s`/`S` with it.
                if bytes[wend2 - 1] == b'S' {
                    n_up -= 1;
                } else {
                    n_low -= 1;
                }
            }
            let Case {
                ascii,
                alpha,
                any_upper,
                any_lower,
            } = letter_case(word, ascii_word.then_some((n_up, n_low)));
            // Lowercase in the text (the usual case), else lowercased into
            // the scratch buffer and filled in at the end.
            let lower = if ascii && !any_upper {
                word
            } else {
                if ascii {
                    scratch
                        .lower
                        .extend(wb.iter().map(|b| char::from(b.to_ascii_lowercase())));
                } else {
                    scratch.lower.push_str(&word.to_lowercase());
                }
                scratch.owned.push((toks.len(), scratch.lower.len()));
                ""
            };
            let plural_s = if lower.is_empty() {
                scratch.lower.ends_with('s')
            } else {
                lower.ends_with('s')
            };
            // `al-Amr`, `el-Baz`: a lowercase name particle joined by a hyphen.
            let cap = c.is_uppercase() || particle_name(wb);
            // All letters uppercase (`any_lower`: some letter is not).
            let allcaps = alpha >= 2 && !any_lower && !has_dot;
            let quoted = quoted_at(pos, &mut pi);
            toks.push(Tok {
                start: pos,
                end: pos + word.len(),
                kind: Kind::Word,
                quoted,
                lower,
                cap,
                abbr: dotted_letters && word.matches('.').count() >= 2,
                initial: is_initial || (dotted_letters && alpha == 1 && cap),
                allcaps,
                lex: 0,
                cls: 0,
            });
            if let Some((a, b)) = poss {
                toks.push(Tok::bare(a, b, Kind::Poss, quoted));
            } else if let Some(d) = char_before_end(text, j, end).filter(|&d| d == '\'' || d == '’')
            {
                let dlen = d.len_utf8();
                if plural_s
                    && mark_at(j).is_none()
                    && char_before_end(text, j + dlen, end).map_or(true, |n| !word_char(n))
                {
                    toks.push(Tok::bare(j, j + dlen, Kind::Poss, quoted));
                    j += dlen;
                }
            }
            i = j;
            continue;
        }
        toks.push(punct_tok(pos, c, Kind::Punct(c), quoted_at(pos, &mut pi)));
        i += clen;
    }
    let lowered: &'a Scratch = scratch;
    let mut from = 0;
    for &(k, to) in &lowered.owned {
        toks[k].lower = &lowered.lower[from..to];
        from = to;
    }
    toks
}

fn punct_tok(pos: usize, c: char, kind: Kind, quoted: bool) -> Tok<'static> {
    Tok::bare(
        pos,
        pos + c.len_utf8(),
        kind,
        quoted && matches!(kind, Kind::Punct(_)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes;

    fn toks(text: &str) -> Vec<Tok<'static>> {
        let text: &'static str = Box::leak(text.into());
        let pieces = quotes::scan(text, &[(0, text.len())]);
        tokenize(text, 0, text.len(), &pieces, 0, Box::leak(Box::default()))
    }

    #[test]
    fn abbreviations_initials_and_possessives() {
        let t = toks("U.S. Amb. J. R. Whitfield met Russia’s envoy and the allies' aides.");
        let words: Vec<&str> = t.iter().filter(|t| t.is_word()).map(|t| t.lower).collect();
        assert_eq!(
            words,
            [
                "u.s.",
                "amb.",
                "j.",
                "r.",
                "whitfield",
                "met",
                "russia",
                "envoy",
                "and",
                "the",
                "allies",
                "aides"
            ]
        );
        assert!(t[0].abbr && !t[1].abbr && t[2].initial);
        assert_eq!(t.iter().filter(|t| t.kind == Kind::Poss).count(), 2);
    }

    #[test]
    fn quoted_flags_and_marks() {
        let t = toks("“We agree,” he said.");
        assert_eq!(t[0].kind, Kind::Open);
        assert!(t[1].quoted && t[1].is("we"));
        assert!(t[3].is_punct(',') && t[3].quoted);
        assert_eq!(t[4].kind, Kind::Close);
        assert!(!t[5].quoted && t[5].is("he"));
    }
}
