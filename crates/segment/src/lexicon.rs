//! Word lists the segmenter consults: abbreviations with their classes, common
//! sentence openers, picture-credit labels and line-continuation words.
//!
//! All lists are data files in `data/`, compiled in with `include_str!` and
//! parsed once. Lookups never allocate: keys are folded to lowercase ASCII in a
//! stack buffer and found by binary search in sorted tables.

use std::sync::{Arc, OnceLock};

/// How an abbreviation behaves when a capitalized word follows its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum AbbreviationClass {
    /// Always followed by more of the same sentence (`Mr.`, `Gen.`, `e.g.`, `vs.`):
    /// never ends a sentence.
    Prefix,
    /// Usually precedes a number (`No. 5`, `p. 55`, `Jan. 20`): never ends a sentence
    /// before a digit, otherwise behaves like [`AbbreviationClass::Plain`].
    Numeric,
    /// May end a sentence (`Co.`, `Jr.`, `St.`): ends one only before a common
    /// sentence opener such as "The", "He" or "However".
    Plain,
    /// Usually last in a sentence (`etc.`): ends one before any capitalized word.
    Final,
    /// A clock-time suffix (`a.m.`, `p.m.`): ends a sentence before a capitalized
    /// word unless it names a day, a month or a time zone ("4 p.m. Tuesday",
    /// "9 a.m. GMT").
    Time,
}

impl AbbreviationClass {
    /// Parses a class name as written in abbreviation files (`prefix`, `numeric`,
    /// `plain`, `final`, `time`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "prefix" => Some(Self::Prefix),
            "numeric" => Some(Self::Numeric),
            "plain" => Some(Self::Plain),
            "final" => Some(Self::Final),
            "time" => Some(Self::Time),
            _ => None,
        }
    }
}

/// Longest key (in bytes) the tables hold; longer tokens are never abbreviations.
const MAX_KEY: usize = 32;

/// One parsed line of an abbreviation list.
pub(crate) struct Entry<'a> {
    pub(crate) key: &'a str,
    pub(crate) class: AbbreviationClass,
}

/// Parses one line of an abbreviation list: `abbr [class]`, `#` comments.
///
/// `Ok(None)` for blank and comment lines; `Err` with a message for a line
/// that is not an entry.
pub(crate) fn parse_entry(line: &str) -> Result<Option<Entry<'_>>, String> {
    let line = match line.find(" #").or_else(|| line.find("\t#")) {
        Some(p) => &line[..p],
        None => line,
    };
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let abbr = parts.next().unwrap_or_default();
    let class = match parts.next() {
        None => AbbreviationClass::Plain,
        Some(name) => AbbreviationClass::from_name(name).ok_or_else(|| {
            format!("unknown class `{name}` (expected prefix, numeric, plain, final or time)")
        })?,
    };
    if let Some(extra) = parts.next() {
        return Err(format!(
            "unexpected `{extra}`: one abbreviation and an optional class per line"
        ));
    }
    let key = abbr.trim_end_matches('.');
    if key.is_empty() {
        return Err("empty abbreviation".to_string());
    }
    if key.len() > MAX_KEY {
        return Err(format!("abbreviation longer than {MAX_KEY} bytes"));
    }
    Ok(Some(Entry { key, class }))
}

/// Abbreviation tables: exact-case keys and case-folded keys, sorted.
///
/// Keys of up to [`PACKED`] bytes (all built-in ones) are packed into a `u64`
/// with their length, so a lookup is a binary search over integers; longer
/// user keys live in byte-string tables.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    exact: Vec<(u64, AbbreviationClass)>,
    folded: Vec<(u64, AbbreviationClass)>,
    long_exact: Vec<(Box<[u8]>, AbbreviationClass)>,
    long_folded: Vec<(Box<[u8]>, AbbreviationClass)>,
}

/// Longest key stored packed in a `u64` (the top byte holds the length).
const PACKED: usize = 7;

/// Packs a key of at most [`PACKED`] bytes, optionally lowercasing ASCII letters.
fn pack(key: &[u8], lowercase: bool) -> u64 {
    let mut v = (key.len() as u64) << 56;
    for (i, &c) in key.iter().enumerate() {
        let c = if lowercase { c.to_ascii_lowercase() } else { c };
        v |= u64::from(c) << (8 * i);
    }
    v
}

fn dedup_sorted<K: Ord, C>(table: &mut Vec<(K, C)>) {
    // Stable sort keeps insertion order among equal keys; keep the last one.
    table.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(K, C)> = Vec::with_capacity(table.len());
    for (k, c) in table.drain(..) {
        match out.last_mut() {
            Some(last) if last.0 == k => last.1 = c,
            _ => out.push((k, c)),
        }
    }
    *table = out;
}

impl Lexicon {
    /// The built-in lexicon, parsed once.
    pub(crate) fn builtin() -> Arc<Lexicon> {
        static BUILTIN: OnceLock<Arc<Lexicon>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut lex = Lexicon::default();
                for line in BUILTIN_ABBREVIATIONS.lines() {
                    // The built-in file is checked by a unit test; a bad line is skipped.
                    if let Ok(Some(e)) = parse_entry(line) {
                        lex.push(e.key, e.class);
                    }
                }
                lex.finish();
                Arc::new(lex)
            })
            .clone()
    }

    /// Adds an entry; call [`Lexicon::finish`] afterwards. Later entries win.
    pub(crate) fn push(&mut self, key: &str, class: AbbreviationClass) {
        let key = key.as_bytes();
        if key.is_empty() || key.len() > MAX_KEY {
            return;
        }
        let exact = key.iter().any(u8::is_ascii_uppercase);
        match (key.len() <= PACKED, exact) {
            (true, true) => self.exact.push((pack(key, false), class)),
            (true, false) => self.folded.push((pack(key, false), class)),
            (false, true) => self.long_exact.push((key.into(), class)),
            (false, false) => self.long_folded.push((key.into(), class)),
        }
    }

    /// Sorts the tables and keeps the last entry of each key.
    pub(crate) fn finish(&mut self) {
        dedup_sorted(&mut self.exact);
        dedup_sorted(&mut self.folded);
        dedup_sorted(&mut self.long_exact);
        dedup_sorted(&mut self.long_folded);
    }

    /// The class of `token` (the text before a period, without it), if listed.
    pub(crate) fn lookup(&self, token: &[u8]) -> Option<AbbreviationClass> {
        if token.is_empty() {
            return None;
        }
        if token.len() <= PACKED {
            let find = |table: &[(u64, AbbreviationClass)], key: u64| {
                table
                    .binary_search_by(|e| e.0.cmp(&key))
                    .ok()
                    .map(|i| table[i].1)
            };
            return find(&self.exact, pack(token, false))
                .or_else(|| find(&self.folded, pack(token, true)));
        }
        if token.len() > MAX_KEY || (self.long_exact.is_empty() && self.long_folded.is_empty()) {
            return None;
        }
        if let Ok(i) = self.long_exact.binary_search_by(|e| (*e.0).cmp(token)) {
            return Some(self.long_exact[i].1);
        }
        let mut buf = [0u8; MAX_KEY];
        let key = fold(token, &mut buf)?;
        self.long_folded
            .binary_search_by(|e| (*e.0).cmp(key))
            .ok()
            .map(|i| self.long_folded[i].1)
    }

    /// Number of entries (all tables).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.exact.len() + self.folded.len() + self.long_exact.len() + self.long_folded.len()
    }
}

/// Lowercases ASCII letters of `src` into `buf`; `None` if it does not fit.
fn fold<'a>(src: &[u8], buf: &'a mut [u8; MAX_KEY]) -> Option<&'a [u8]> {
    let dst = buf.get_mut(..src.len())?;
    for (d, s) in dst.iter_mut().zip(src) {
        *d = s.to_ascii_lowercase();
    }
    Some(dst)
}

/// The built-in abbreviation list.
pub(crate) const BUILTIN_ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");
const STARTERS: &str = include_str!("../data/starters.txt");
const CAPTIONS: &str = include_str!("../data/captions.txt");
const CONTINUATIONS: &str = include_str!("../data/continuations.txt");
const TIME_FOLLOWERS: &str = include_str!("../data/time_followers.txt");
const PREPOSITIONS: &str = include_str!("../data/prepositions.txt");

/// A sorted set of lowercase ASCII words.
#[derive(Debug)]
pub(crate) struct WordSet(Vec<&'static [u8]>);

impl WordSet {
    fn parse(data: &'static str) -> Self {
        let mut words: Vec<&'static [u8]> = data
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::as_bytes)
            .collect();
        words.sort_unstable();
        words.dedup();
        WordSet(words)
    }

    /// True if `word` (any case) is in the set.
    pub(crate) fn contains(&self, word: &[u8]) -> bool {
        let mut buf = [0u8; MAX_KEY];
        match fold(word, &mut buf) {
            Some(key) => self.0.binary_search(&key).is_ok(),
            None => false,
        }
    }

    #[cfg(test)]
    pub(crate) fn words(&self) -> &[&'static [u8]] {
        &self.0
    }
}

/// The fixed word lists.
#[derive(Debug)]
pub(crate) struct Words {
    /// Common sentence openers (`data/starters.txt`).
    pub(crate) starters: WordSet,
    /// Picture-credit labels (`data/captions.txt`).
    pub(crate) captions: WordSet,
    /// Words that cannot end a headline line (`data/continuations.txt`).
    pub(crate) continuations: WordSet,
    /// Words that continue a sentence after `a.m.`/`p.m.` (`data/time_followers.txt`).
    pub(crate) time_followers: WordSet,
    /// Prepositions opening introductory phrases (`data/prepositions.txt`).
    pub(crate) prepositions: WordSet,
}

/// The fixed word lists, parsed once.
pub(crate) fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| Words {
        starters: WordSet::parse(STARTERS),
        captions: WordSet::parse(CAPTIONS),
        continuations: WordSet::parse(CONTINUATIONS),
        time_followers: WordSet::parse(TIME_FOLLOWERS),
        prepositions: WordSet::parse(PREPOSITIONS),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_abbreviation_file_has_no_bad_lines() {
        for (n, line) in BUILTIN_ABBREVIATIONS.lines().enumerate() {
            assert!(parse_entry(line).is_ok(), "line {}: {line}", n + 1);
        }
        assert!(Lexicon::builtin().len() > 150);
    }

    #[test]
    fn builtin_abbreviation_file_has_no_duplicate_keys() {
        let mut seen = std::collections::BTreeSet::new();
        for line in BUILTIN_ABBREVIATIONS.lines() {
            if let Ok(Some(e)) = parse_entry(line) {
                assert!(seen.insert(e.key), "duplicate entry {}", e.key);
            }
        }
    }

    #[test]
    fn word_lists_are_lowercase_ascii_words() {
        let w = words();
        for set in [
            &w.starters,
            &w.captions,
            &w.continuations,
            &w.time_followers,
        ] {
            assert!(!set.words().is_empty());
            for word in set.words() {
                assert!(
                    word.iter().all(u8::is_ascii_lowercase),
                    "{:?}",
                    String::from_utf8_lossy(word)
                );
            }
        }
    }

    #[test]
    fn lowercase_entries_match_any_case_and_capitalized_entries_match_exactly() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.lookup(b"co"), Some(AbbreviationClass::Plain));
        assert_eq!(lex.lookup(b"Co"), Some(AbbreviationClass::Plain));
        assert_eq!(lex.lookup(b"CO"), Some(AbbreviationClass::Plain));
        assert_eq!(lex.lookup(b"Ill"), Some(AbbreviationClass::Plain));
        assert_eq!(lex.lookup(b"ill"), None);
        assert_eq!(lex.lookup(b"Gen"), Some(AbbreviationClass::Prefix));
        assert_eq!(lex.lookup(b"etc"), Some(AbbreviationClass::Final));
        assert_eq!(lex.lookup(b"senator"), None);
        assert_eq!(lex.lookup(&[b'a'; 40]), None);
    }

    #[test]
    fn parse_entry_reads_classes_comments_and_rejects_junk() {
        let e = parse_entry("Amb.  prefix  # ambassador").unwrap().unwrap();
        assert_eq!((e.key, e.class), ("Amb", AbbreviationClass::Prefix));
        let e = parse_entry("dept").unwrap().unwrap();
        assert_eq!((e.key, e.class), ("dept", AbbreviationClass::Plain));
        assert!(parse_entry("   # note").unwrap().is_none());
        assert!(parse_entry("").unwrap().is_none());
        assert!(parse_entry("amb sometimes").is_err());
        assert!(parse_entry("amb prefix extra").is_err());
        assert!(parse_entry("...").is_err());
    }

    #[test]
    fn long_user_keys_are_found_too() {
        let mut lex = Lexicon::default();
        lex.push("approxim", AbbreviationClass::Numeric);
        lex.push("Intercontinental", AbbreviationClass::Plain);
        lex.push("abcdefg", AbbreviationClass::Final);
        lex.finish();
        assert_eq!(lex.lookup(b"APPROXIM"), Some(AbbreviationClass::Numeric));
        assert_eq!(
            lex.lookup(b"Intercontinental"),
            Some(AbbreviationClass::Plain)
        );
        assert_eq!(lex.lookup(b"intercontinental"), None);
        assert_eq!(lex.lookup(b"Abcdefg"), Some(AbbreviationClass::Final));
        assert_eq!(lex.lookup(b"abcdef"), None);
        assert_eq!(lex.lookup(b"abcdefg\0"), None);
    }

    #[test]
    fn later_entries_override_earlier_ones() {
        let mut lex = Lexicon::default();
        lex.push("amb", AbbreviationClass::Plain);
        lex.push("amb", AbbreviationClass::Prefix);
        lex.finish();
        assert_eq!(lex.lookup(b"Amb"), Some(AbbreviationClass::Prefix));
        assert_eq!(lex.len(), 1);
    }
}
