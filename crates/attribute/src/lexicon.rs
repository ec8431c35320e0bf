//! Word lists (in `data/`), parsed once into lookup tables.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::grammar::{Form, Gender, VerbForm};

/// A fast, deterministic hasher for short words (FxHash-style multiply-rotate
/// over 8-byte chunks, with a final mix). Only lookups go through it; nothing
/// iterates the tables, so it cannot affect the output.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        let h = self.0;
        (h ^ (h >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (h >> 29)
    }
}

/// Deterministic hash map keyed by words.
pub(crate) type WordMap<V> = HashMap<Box<str>, V, BuildHasherDefault<WordHasher>>;

/// Everything the lexicon knows about one lowercase word.
#[derive(Debug, Clone, Default)]
struct Entry {
    /// [`crate::tokens`] lexicon bits of the word as a key (`TITLE` only
    /// from the title list: callers strip final periods first).
    bits: u8,
    /// [`crate::tokens`] word-class bits (`PREP`, `BE`, …).
    cls: u32,
    verb: Option<VerbForm>,
    /// Title gender (meaningful with the `TITLE` bit).
    gender: Option<Gender>,
    place: bool,
}

/// One slot of the open-addressing table of short words: the word's bytes
/// packed into two little-endian `u64`s (zero-padded), its length (0: empty
/// slot), its index in [`Lexicon::entries`], and a copy of the entry's bits
/// (so that classifying a word reads one slot).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    a: u64,
    b: u64,
    len: u8,
    bits: u8,
    entry: u16,
    cls: u32,
}

/// Longest word in the packed table.
const PACKED: usize = 16;

/// Up to 8 bytes as a little-endian `u64`, zero-padded (overlapping loads,
/// no byte-wise copy).
#[inline]
fn load(w: &[u8]) -> u64 {
    let n = w.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([w[i], w[i + 1], w[i + 2], w[i + 3]]));
    match n {
        0 => 0,
        1..=3 => {
            u64::from(w[0])
                | u64::from(w[n / 2]) << (8 * (n / 2))
                | u64::from(w[n - 1]) << (8 * (n - 1))
        }
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]),
    }
}

/// A short word (at most [`PACKED`] bytes) packed for [`Slot`] comparison
/// and hashing.
#[inline]
fn pack(w: &[u8]) -> (u64, u64) {
    if w.len() <= 8 {
        (load(w), 0)
    } else {
        (load(&w[..8]), load(&w[8..]))
    }
}

#[inline]
fn slot_hash(a: u64, b: u64, len: usize) -> u64 {
    let h = (a ^ b.rotate_left(29) ^ (len as u64) << 56).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 31)
}

/// Nonzero 8-bit fingerprint of a slot hash (from the bits above the index).
#[inline]
fn tag_of(h: u64) -> u8 {
    (h >> 56) as u8 | 1
}

/// The built-in lexicon.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    /// All words (used for words too long for the packed table).
    words: WordMap<Entry>,
    /// Open-addressing table of words of up to [`PACKED`] bytes.
    slots: Vec<Slot>,
    /// Per slot: 0 if empty, else a nonzero fingerprint of the word's hash
    /// (compact, so that most probes stay in the first cache level).
    tags: Vec<u8>,
    entries: Vec<Entry>,
    /// First names with the sex they are given to (`data/first_names.txt`).
    first_names: WordMap<Gender>,
}

const SPEECH_VERBS: &str = include_str!("../data/speech_verbs.txt");
const TITLES: &str = include_str!("../data/titles.txt");
const ORGANIZATIONS: &str = include_str!("../data/organizations.txt");
const DOCUMENTS: &str = include_str!("../data/documents.txt");
const GROUPS: &str = include_str!("../data/groups.txt");
const PLACES: &str = include_str!("../data/places.txt");
const FIRST_NAMES: &str = include_str!("../data/first_names.txt");

/// The closed word classes with their [`crate::tokens::Tok::cls`] bits.
const WORD_CLASSES: [(&str, u32); 21] = {
    use crate::tokens as c;
    [
        (
            include_str!("../data/classes/skip_before_verb.txt"),
            c::SKIP,
        ),
        (include_str!("../data/classes/blockers.txt"), c::BLOCKER),
        (include_str!("../data/classes/be.txt"), c::BE),
        (include_str!("../data/classes/prepositions.txt"), c::PREP),
        (
            include_str!("../data/classes/name_connectors.txt"),
            c::CONNECT,
        ),
        (
            include_str!("../data/classes/leading_function_words.txt"),
            c::LEADING,
        ),
        (include_str!("../data/classes/quantifiers.txt"), c::QUANT),
        (
            include_str!("../data/classes/non_modifiers.txt"),
            c::NON_MODIFIER,
        ),
        (include_str!("../data/classes/calendar.txt"), c::CALENDAR),
        (
            include_str!("../data/classes/pronounish.txt"),
            c::PRONOUNISH,
        ),
        (
            include_str!("../data/classes/description_starts.txt"),
            c::DESCRIPTION,
        ),
        (include_str!("../data/classes/plural_nouns.txt"), c::PLURAL),
        (include_str!("../data/classes/light_verbs.txt"), c::LIGHT),
        (
            include_str!("../data/classes/statement_nouns.txt"),
            c::STATEMENT,
        ),
        (include_str!("../data/classes/house_outlets.txt"), c::HOUSE),
        (
            include_str!("../data/classes/clause_verbs.txt"),
            c::CLAUSE_VERB,
        ),
        (
            include_str!("../data/classes/document_verbs.txt"),
            c::DOC_VERB,
        ),
        (
            include_str!("../data/classes/position_adjectives.txt"),
            c::POSITION_ADJ,
        ),
        (
            include_str!("../data/classes/generic_bodies.txt"),
            c::GENERIC_BODY,
        ),
        (include_str!("../data/classes/belief_verbs.txt"), c::BELIEF),
        (include_str!("../data/classes/frame_cues.txt"), c::CUE),
    ]
};

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn entry(&mut self, word: &str) -> &mut Entry {
        self.words.entry(word.into()).or_default()
    }

    fn word_set(&mut self, text: &str, bit: u8) {
        for l in data_lines(text) {
            self.entry(&l.to_lowercase()).bits |= bit;
        }
    }

    #[inline]
    fn get(&self, lower: &str) -> Option<&Entry> {
        if lower.len() > PACKED || self.slots.is_empty() {
            return self.words.get(lower);
        }
        self.slot(lower.as_bytes())
            .and_then(|s| self.entries.get(usize::from(s.entry)))
    }

    /// The slot of a word of at most [`PACKED`] bytes.
    #[inline]
    fn slot(&self, w: &[u8]) -> Option<&Slot> {
        let (a, b) = pack(w);
        let mask = self.slots.len() - 1;
        let h = slot_hash(a, b, w.len());
        let tag = tag_of(h);
        let mut i = h as usize & mask;
        loop {
            let t = self.tags[i];
            if t == 0 {
                return None;
            }
            if t == tag {
                let s = &self.slots[i];
                if s.a == a && s.b == b && usize::from(s.len) == w.len() {
                    return Some(s);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// `(bits, cls)` of a word (zero if unknown).
    #[inline]
    fn bits_of(&self, lower: &str) -> (u8, u32) {
        if lower.len() > PACKED || self.slots.is_empty() {
            return self.words.get(lower).map_or((0, 0), |e| (e.bits, e.cls));
        }
        self.slot(lower.as_bytes())
            .map_or((0, 0), |s| (s.bits, s.cls))
    }

    /// Builds the packed table from `words` (at most half full).
    fn freeze(&mut self) {
        let short: Vec<(&Box<str>, &Entry)> = self
            .words
            .iter()
            .filter(|(k, _)| !k.is_empty() && k.len() <= PACKED)
            .collect();
        let size = (short.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); size];
        let mut tags = vec![0u8; size];
        let mut entries = Vec::with_capacity(short.len());
        for (k, e) in short {
            let w = k.as_bytes();
            let (a, b) = pack(w);
            let h = slot_hash(a, b, w.len());
            let mut i = h as usize & (size - 1);
            while tags[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            tags[i] = tag_of(h);
            slots[i] = Slot {
                a,
                b,
                len: w.len() as u8,
                bits: e.bits,
                entry: u16::try_from(entries.len()).expect("fewer than 65536 words"),
                cls: e.cls,
            };
            entries.push(e.clone());
        }
        self.slots = slots;
        self.tags = tags;
        self.entries = entries;
    }

    /// Parses the embedded lists.
    pub(crate) fn builtin() -> Self {
        use crate::tokens::{DOC, GROUP, ORG, TITLE, VERB};
        let mut lex = Lexicon::default();
        for line in data_lines(SPEECH_VERBS) {
            let mut fields: Vec<&str> = line.split_whitespace().collect();
            let particle = match fields.last() {
                Some(f) if f.starts_with('+') => {
                    let p: Box<str> = f[1..].to_lowercase().into();
                    fields.pop();
                    Some(p)
                }
                _ => None,
            };
            let forms = [Form::Base, Form::Third, Form::Past, Form::Ing];
            for (word, form) in fields.iter().zip(forms) {
                if *word == "-" {
                    continue;
                }
                let e = lex.entry(&word.to_lowercase());
                e.bits |= VERB;
                e.verb = Some(VerbForm {
                    form,
                    particle: particle.clone(),
                });
            }
        }
        for line in data_lines(TITLES) {
            let mut it = line.split_whitespace();
            let Some(word) = it.next() else { continue };
            let gender = match it.next() {
                Some("m") => Some(Gender::Male),
                Some("f") => Some(Gender::Female),
                _ => None,
            };
            let e = lex.entry(&word.to_lowercase());
            e.bits |= TITLE;
            e.gender = gender;
        }
        lex.word_set(ORGANIZATIONS, ORG);
        lex.word_set(DOCUMENTS, DOC);
        lex.word_set(GROUPS, GROUP);
        for l in data_lines(PLACES) {
            lex.entry(&l.to_lowercase()).place = true;
        }
        for (list, bit) in WORD_CLASSES {
            for w in data_lines(list) {
                lex.entry(w).cls |= bit;
            }
        }
        for l in data_lines(FIRST_NAMES) {
            let mut it = l.split_whitespace();
            let (Some(name), Some(sex)) = (it.next(), it.next()) else {
                continue;
            };
            let gender = if sex == "f" {
                Gender::Female
            } else {
                Gender::Male
            };
            lex.first_names.insert(name.into(), gender);
        }
        lex.freeze();
        lex
    }

    /// The gender a first name tells (lowercase), if it is a common one
    /// given mostly to one sex.
    pub(crate) fn first_name_gender(&self, lower: &str) -> Option<Gender> {
        self.first_names.get(lower).copied()
    }

    /// The speech-verb form of a lowercase word.
    pub(crate) fn verb(&self, lower: &str) -> Option<&VerbForm> {
        self.get(lower).and_then(|e| e.verb.as_ref())
    }

    /// The title entry of a lowercase word, final periods stripped.
    fn title(&self, lower: &str) -> Option<&Entry> {
        self.get(lower.trim_end_matches('.'))
            .filter(|e| e.bits & crate::tokens::TITLE != 0)
    }

    /// Whether a lowercase word (final period stripped) is a title or role word.
    pub(crate) fn is_title(&self, lower: &str) -> bool {
        self.title(lower).is_some()
    }

    /// Gender told by a title word.
    pub(crate) fn title_gender(&self, lower: &str) -> Option<Gender> {
        self.title(lower).and_then(|e| e.gender)
    }

    fn has(&self, lower: &str, bit: u8) -> bool {
        self.get(lower).is_some_and(|e| e.bits & bit != 0)
    }

    /// Organization head word (`ministry`).
    pub(crate) fn is_org(&self, lower: &str) -> bool {
        self.has(lower, crate::tokens::ORG)
    }

    /// Document head word (`statement`).
    pub(crate) fn is_doc(&self, lower: &str) -> bool {
        self.has(lower, crate::tokens::DOC)
    }

    /// Anonymous person or group noun (`officials`).
    pub(crate) fn is_group(&self, lower: &str) -> bool {
        self.has(lower, crate::tokens::GROUP)
    }

    /// First word of a multi-word place name (`north`).
    pub(crate) fn is_place_prefix(&self, lower: &str) -> bool {
        self.get(lower.trim_end_matches('.'))
            .is_some_and(|e| e.place)
    }

    /// The lexicon bits of a lowercase word (`TITLE` with final periods
    /// stripped, `ORG`, `DOC`, `GROUP`, `VERB`) and its word-class bits.
    #[inline]
    pub(crate) fn classes(&self, lower: &str) -> (u8, u32) {
        use crate::tokens::TITLE;
        let (bits, cls) = self.bits_of(lower);
        if !lower.ends_with('.') {
            return (bits, cls);
        }
        let trimmed = lower.trim_end_matches('.');
        let title = self.bits_of(trimmed).0 & TITLE;
        ((bits & !TITLE) | title, cls)
    }

    /// Sets the lexicon and word-class bits of word tokens.
    pub(crate) fn annotate(&self, toks: &mut [crate::tokens::Tok]) {
        use crate::tokens as c;
        const FUNCTION: u32 = c::PRONOUNISH
            | c::LEADING
            | c::PREP
            | c::BE
            | c::BLOCKER
            | c::SKIP
            | c::QUANT
            | c::NON_MODIFIER;
        let (mut words, mut caps, mut caps_function) = (0usize, 0usize, false);
        for t in toks.iter_mut().filter(|t| t.is_word()) {
            (t.lex, t.cls) = self.classes(t.lower);
            words += 1;
            if t.allcaps {
                caps += 1;
                caps_function |= t.cls & FUNCTION != 0 || t.lex & c::VERB != 0;
            }
        }
        // In mixed-case text an all-caps word is an acronym (`WHO`, `US`,
        // `IT`), never a function word or a verb.
        if caps_function && caps * 2 < words {
            for t in toks
                .iter_mut()
                .filter(|t| t.allcaps && t.cls & FUNCTION != 0)
            {
                t.cls &= !FUNCTION;
                t.lex &= !c::VERB;
            }
        }
    }

    /// Whether a lowercase word is in the word classes `cls`.
    pub(crate) fn in_class(&self, lower: &str, cls: u32) -> bool {
        self.bits_of(lower).1 & cls != 0
    }

    /// Any head noun that can stand for a speaker.
    pub(crate) fn is_head(&self, lower: &str) -> bool {
        self.is_org(lower) || self.is_doc(lower) || self.is_group(lower) || self.is_title(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_with_forms_and_particles() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.verb("said").map(|v| v.form), Some(Form::Past));
        assert_eq!(lex.verb("says").map(|v| v.form), Some(Form::Third));
        assert_eq!(lex.verb("noting").map(|v| v.form), Some(Form::Ing));
        assert_eq!(lex.verb("say").map(|v| v.form), Some(Form::Base));
        assert!(lex.verb("back").is_none(), "`-` leaves the form out");
        assert_eq!(
            lex.verb("pushed").and_then(|v| v.particle.as_deref()),
            Some("for")
        );
        assert_eq!(lex.title_gender("ms."), Some(Gender::Female));
        assert_eq!(lex.title_gender("mr"), Some(Gender::Male));
        assert!(lex.is_title("amb.") && lex.title_gender("amb").is_none());
        assert!(lex.is_org("ministry") && lex.is_doc("statement") && lex.is_group("diplomats"));
        assert!(lex.is_place_prefix("north"));
        assert_eq!(lex.first_name_gender("lydia"), Some(Gender::Female));
        assert_eq!(
            lex.title_gender("mother"),
            Some(Gender::Female),
            "nouns tell gender"
        );
        assert_eq!(lex.first_name_gender("charles"), Some(Gender::Male));
        assert_eq!(lex.first_name_gender("taylor"), None, "given to both sexes");
    }

    #[test]
    fn packed_table_finds_every_word_and_nothing_else() {
        let lex = Lexicon::builtin();
        assert!(!lex.slots.is_empty());
        for (k, e) in &lex.words {
            let found = lex.get(k).expect("every word is found");
            assert_eq!(
                (found.bits, found.cls, found.place),
                (e.bits, e.cls, e.place)
            );
            assert_eq!(found.verb, e.verb);
        }
        for w in [
            "",
            "x",
            "saidx",
            "sai",
            "ministryy",
            "statements.",
            "abcdefghijklmnopq",
        ] {
            assert_eq!(lex.get(w).is_some(), lex.words.contains_key(w), "{w}");
        }
        for n in 0..=PACKED {
            let w = "abcdefghijklmnopq".as_bytes();
            let mut buf = [0u8; PACKED];
            buf[..n].copy_from_slice(&w[..n]);
            let mut x = [0u8; 8];
            let mut y = [0u8; 8];
            x.copy_from_slice(&buf[..8]);
            y.copy_from_slice(&buf[8..]);
            let want = (u64::from_le_bytes(x), u64::from_le_bytes(y));
            assert_eq!(pack(&w[..n]), want, "{n}");
        }
    }
}
