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

/// One token.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
    /// Inside a top-level quote.
    pub(crate) quoted: bool,
    /// Lowercased text (words only).
    pub(crate) lower: String,
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
}

/// [`Tok::lex`] bits.
pub(crate) const TITLE: u8 = 1;
pub(crate) const ORG: u8 = 2;
pub(crate) const DOC: u8 = 4;
pub(crate) const GROUP: u8 = 8;
pub(crate) const VERB: u8 = 16;

impl Tok {
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

fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenizes `text[start..end]`. `pieces` are the article's quote pieces,
/// sorted; `first_piece` is the index of the first piece that may overlap.
pub(crate) fn tokenize(
    text: &str,
    start: usize,
    end: usize,
    pieces: &[Piece],
    first_piece: usize,
) -> Vec<Tok> {
    let s = &text[start..end];
    let mut toks = Vec::with_capacity(s.len() / 5 + 4);
    let chars: Vec<(usize, char)> = s.char_indices().map(|(i, c)| (start + i, c)).collect();
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
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if let Some(kind) = matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'')
            .then(|| mark_at(pos))
            .flatten()
        {
            toks.push(punct_tok(pos, c, kind, quoted_at(pos, &mut pi)));
            i += 1;
            continue;
        }
        if word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let (_, d) = chars[j];
                if word_char(d) {
                    j += 1;
                } else if matches!(d, '-' | '\'' | '’' | '.' | '&' | '/' | '@')
                    && chars.get(j + 1).is_some_and(|&(_, n)| word_char(n))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let wend = chars.get(j).map_or(end, |&(p, _)| p);
            let mut word = &text[pos..wend];
            let mut lower = word.to_lowercase();
            // A final period belongs to dotted abbreviations and initials.
            let mut chars_it = word.chars();
            let first_char = chars_it.next();
            let single = chars_it.next().is_none();
            let dotted_letters = word.contains('.')
                && word
                    .split('.')
                    .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
            let is_initial = single && first_char.is_some_and(char::is_uppercase);
            let takes_period = dotted_letters || is_initial || DOTTED.contains(&lower.as_str());
            let mut wend2 = wend;
            if takes_period && chars.get(j).is_some_and(|&(_, d)| d == '.') {
                wend2 = wend + 1;
                j += 1;
                word = &text[pos..wend2];
                lower = word.to_lowercase();
            }
            // Possessive split.
            let mut poss: Option<(usize, usize)> = None;
            for suffix in ["'s", "’s"] {
                if lower.len() > suffix.len() && lower.ends_with(suffix) {
                    let cut = wend2 - suffix.len();
                    poss = Some((cut, wend2));
                    word = &text[pos..cut];
                    lower = word.to_lowercase();
                    break;
                }
            }
            let cap = word.chars().next().is_some_and(char::is_uppercase);
            let alpha = word.chars().filter(|c| c.is_alphabetic()).count();
            let allcaps = alpha >= 2
                && word
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
                && !word.contains('.');
            let quoted = quoted_at(pos, &mut pi);
            let plural_s = lower.ends_with('s');
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
            });
            if let Some((a, b)) = poss {
                toks.push(Tok {
                    start: a,
                    end: b,
                    kind: Kind::Poss,
                    quoted,
                    lower: String::new(),
                    cap: false,
                    abbr: false,
                    initial: false,
                    allcaps: false,
                    lex: 0,
                });
            } else if chars.get(j).is_some_and(|&(_, d)| d == '\'' || d == '’')
                && plural_s
                && mark_at(chars[j].0).is_none()
                && chars.get(j + 1).map_or(true, |&(_, n)| !word_char(n))
            {
                let a = chars[j].0;
                toks.push(Tok {
                    start: a,
                    end: a + chars[j].1.len_utf8(),
                    kind: Kind::Poss,
                    quoted,
                    lower: String::new(),
                    cap: false,
                    abbr: false,
                    initial: false,
                    allcaps: false,
                    lex: 0,
                });
                j += 1;
            }
            i = j;
            continue;
        }
        toks.push(punct_tok(pos, c, Kind::Punct(c), quoted_at(pos, &mut pi)));
        i += 1;
    }
    toks
}

fn punct_tok(pos: usize, c: char, kind: Kind, quoted: bool) -> Tok {
    Tok {
        start: pos,
        end: pos + c.len_utf8(),
        kind,
        quoted: quoted && matches!(kind, Kind::Punct(_)),
        lower: String::new(),
        cap: false,
        abbr: false,
        initial: false,
        allcaps: false,
        lex: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes;

    fn toks(text: &str) -> Vec<Tok> {
        let pieces = quotes::scan(text, &[(0, text.len())]);
        tokenize(text, 0, text.len(), &pieces, 0)
    }

    #[test]
    fn abbreviations_initials_and_possessives() {
        let t = toks("U.S. Amb. J. R. Whitfield met Russia’s envoy and the allies' aides.");
        let words: Vec<&str> = t
            .iter()
            .filter(|t| t.is_word())
            .map(|t| t.lower.as_str())
            .collect();
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
