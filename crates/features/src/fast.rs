//! The allocation-free path of [`Vectorizer`] used for labeling corpora.
//!
//! The reference transform (`reference.rs`, tests only) builds n-gram strings and
//! looks each one up. Labeling instead keeps, per worker thread, a
//! [`Scratch`] that remembers for every distinct word seen so far its
//! character n-gram columns and its lexicon flags, so a word costs one hash
//! lookup however many n-grams it has. Word n-grams are looked up as packed
//! word ids, never as strings. Counting uses a dense per-scratch array
//! instead of sorting.
//!
//! The rows hold the same (column, value) pairs as the reference rows, but
//! inside a block in order of first occurrence rather than sorted, so sums
//! over them can differ from the reference in the last bits.

use crate::columns::{
    drop_aimed_refuting, set_relation_features, set_target_features, target_direction, RelWord,
    AGAINST_WORD, CONCESSIVE_WORDS, MODAL_WORDS, N_CUES, N_DENSE, REPORT_VERBS, TOPIC_WORDS,
};
use crate::compiled::{pack, Compiled, NONE};
use crate::lexicon::Lexicons;
use crate::ngrams::{for_each_word_char_ngram, target_stems};
use crate::projection::Projection;
use crate::stable::StableMap;
use crate::terms::Kind;
use crate::text::{
    camel_break, ends_phrase, ends_scope, hashtag_first, in_name, is_apostrophe, is_negator,
    is_quote, known_names, stem, NegScope, TitleCase, PHRASE_NEGATORS,
};
use crate::vectorizer::Vectorizer;

/// `(column, value)` pairs of a row.
pub type Pairs<'a> = &'a [(u32, f64)];

// Word flags.
const NEGATOR: u32 = 1;
const STOPWORD: u32 = 1 << 1;
/// `SINGLE << k`: the word is an entry of cue lexicon `k`.
const SINGLE: u32 = 1 << 2;
/// `PHRASE << k`: a phrase of cue lexicon `k` starts with the word.
const PHRASE: u32 = 1 << 6;
/// The word's polarity is +1 ([`Lexicons::polarity`]).
const POSITIVE: u32 = 1 << 10;
/// The word's polarity is -1.
const NEGATIVE: u32 = 1 << 11;
/// A contrast marker.
const CONTRAST: u32 = 1 << 12;
/// The word raises what follows ([`Lexicons::shift`] +1).
const RAISING: u32 = 1 << 13;
/// The word lowers what follows ([`Lexicons::shift`] -1).
const LOWERING: u32 = 1 << 14;
/// The word "against" (see `RelWord::against`).
const AGAINST: u32 = 1 << 15;
/// One of [`TOPIC_WORDS`].
const TOPIC: u32 = 1 << 18;
/// The word opens a clause ([`Lexicons::opens_clause`]).
const OPENER: u32 = 1 << 16;
/// A term of a declared target may start with the word.
const TERM_START: u32 = 1 << 17;
/// One of [`MODAL_WORDS`].
const MODAL: u32 = 1 << 19;
/// One of [`REPORT_VERBS`].
const REPORT: u32 = 1 << 20;
/// A negator of the noun phrase after it ([`PHRASE_NEGATORS`]).
const PHRASE_NEGATOR: u32 = 1 << 21;
/// A word that ends such a noun phrase ([`ends_phrase`]).
const PHRASE_END: u32 = 1 << 22;
/// One of [`CONCESSIVE_WORDS`].
const CONCESSIVE: u32 = 1 << 23;

/// What a scratch remembers of one distinct word.
#[derive(Debug, Clone, Copy)]
struct WordInfo {
    /// Word id in the compiled n-gram terms, or `NONE`.
    id: u32,
    /// Its character n-gram columns: `arena[start..start + len]`.
    start: u32,
    len: u32,
    flags: u32,
    /// Its projection: `proj_arena[proj..proj + 2 * width + 1]` (the
    /// projected weights, the sum of squared idf, and per column the
    /// evidence bound), or `NONE`.
    proj: u32,
}

/// One word of the prepared sentence.
#[derive(Debug, Clone, Copy)]
struct PWord {
    /// `text[start..end]` in the scratch's word buffer.
    start: u32,
    end: u32,
    /// End of its [`stem`] in the word buffer.
    stem_end: u32,
    info: WordInfo,
    negated: bool,
    /// Inside an indirect question ([`crate::Word::questioned`]).
    questioned: bool,
    /// Its clause ([`crate::Word::clause`]).
    clause: u32,
    /// Written with a capital first letter.
    capital: bool,
    /// [`crate::Word::in_name`].
    in_name: bool,
}

impl PWord {
    /// Its token in word n-grams: word id and negation mark, or `NONE`.
    fn token(&self, negation: bool) -> u32 {
        match self.info.id {
            NONE => NONE,
            id => id * 2 + u32::from(negation && self.negated),
        }
    }
}

/// How a target is named: by its declared terms, or by its content-word
/// stems (sorted and unique).
#[derive(Debug, Clone)]
enum TargetInfo {
    Terms,
    Stems(Vec<String>),
}

/// Per-thread state for [`Vectorizer::prepare_into`] and
/// [`Vectorizer::row_into`]: word cache and reusable buffers. Results never
/// depend on what the cache holds.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    owner: u64,
    cache: StableMap<Box<str>, WordInfo>,
    arena: Vec<u32>,
    max_words: usize,
    /// How each target seen is named, and its direction.
    targets: StableMap<String, (Option<TargetInfo>, i8)>,
    /// The last row built mentions its target.
    mentioned: bool,
    /// ...only by weak terms ([`crate::weak`]).
    mentioned_weakly: bool,
    // The prepared sentence.
    text: String,
    words: Vec<PWord>,
    question: bool,
    quote: bool,
    negation: bool,
    /// The clause being tokenized, and whether it has a word yet.
    clause: u32,
    clause_open: bool,
    /// The first character of the word being built, as written.
    first: char,
    title: TitleCase,
    cues: [f64; N_CUES],
    /// Refuting cue words outside a negation scope.
    refuting_plain: usize,
    word_hits: Vec<u32>,
    words_block: Vec<(u32, f64)>,
    chars_block: Vec<(u32, f64)>,
    /// The projection the cached words carry (0: none).
    projection: u64,
    proj_arena: Vec<f64>,
    /// Counts of the prepared sentence's character n-grams (projected mode),
    /// reset at the next prepare.
    char_counts: Vec<u32>,
    char_touched: Vec<u32>,
    char_z: Vec<f64>,
    char_norm: f64,
    /// The n-grams seen more than once, with their row values.
    char_repeats: Vec<(u32, f64)>,
    // Buffers.
    masked_block: Vec<(u32, f64)>,
    counts: Vec<u32>,
    touched: Vec<u32>,
    hits: Vec<u32>,
    tokens: Vec<u32>,
    mask: Vec<bool>,
    matched: Vec<bool>,
    word: String,
    offsets: Vec<usize>,
    row: Vec<(u32, f64)>,
    full: Vec<(u32, f64)>,
}

/// Distinct words a scratch remembers before it starts afresh.
const MAX_CACHED_WORDS: usize = 200_000;

impl Scratch {
    /// An empty scratch; it adapts to the first vectorizer it is used with.
    pub fn new() -> Scratch {
        Scratch {
            max_words: MAX_CACHED_WORDS,
            ..Scratch::default()
        }
    }

    /// A scratch that remembers at most `words` distinct words (for tests).
    pub fn with_max_words(words: usize) -> Scratch {
        Scratch {
            max_words: words.max(1),
            ..Scratch::default()
        }
    }

    /// Forgets cached words (and everything else) if they belong to another
    /// vectorizer or the cache is full.
    fn adopt(&mut self, v: &Vectorizer, proj: Option<&Projection>) {
        for &j in &self.char_touched {
            self.char_counts[j as usize] = 0;
        }
        self.char_touched.clear();
        let owner = v.compiled().id;
        let projection = proj.map_or(0, |p| p.id);
        if self.owner != owner || self.projection != projection {
            self.owner = owner;
            self.projection = projection;
            self.cache.clear();
            self.arena.clear();
            self.proj_arena.clear();
            self.targets.clear();
            self.counts = vec![0; v.n_features()];
            self.char_counts = vec![0; v.n_features()];
        }
        if self.cache.len() >= self.max_words.max(1) {
            self.cache.clear();
            self.arena.clear();
            self.proj_arena.clear();
        }
    }

    /// True if the target of the last row built
    /// ([`Vectorizer::row_parts_into`]) is mentioned in the sentence.
    pub fn target_mentioned(&self) -> bool {
        self.mentioned
    }

    /// True if the target of the last row built is mentioned only by weak
    /// terms ([`crate::weak`]: "since the war began").
    pub fn target_mentioned_weakly(&self) -> bool {
        self.mentioned_weakly
    }

    /// The first part of the last row built ([`Vectorizer::row_parts_into`]).
    pub fn own_part(&self) -> Pairs<'_> {
        &self.row
    }

    /// The word of `w` in the word buffer.
    fn text_of(&self, w: &PWord) -> &str {
        &self.text[w.start as usize..w.end as usize]
    }
}

/// Adds `hits` to the dense counts, then turns the distinct columns into a
/// TF-IDF weighted, L2-normalized block (in order of first occurrence).
fn weigh(
    v: &Vectorizer,
    counts: &mut [u32],
    touched: &mut Vec<u32>,
    hits: &[u32],
    out: &mut Vec<(u32, f64)>,
) {
    touched.clear();
    for &j in hits {
        let c = &mut counts[j as usize];
        if *c == 0 {
            touched.push(j);
        }
        *c += 1;
    }
    out.clear();
    let idf = &v.data().idf;
    let mut norm = 0.0;
    for &j in touched.iter() {
        let c = std::mem::take(&mut counts[j as usize]);
        let x = v.tf(c) * f64::from(idf[j as usize - N_DENSE]);
        norm += x * x;
        out.push((j, x));
    }
    if norm > 0.0 {
        let norm = norm.sqrt();
        for (_, x) in out.iter_mut() {
            *x /= norm;
        }
    }
}

/// Pushes the columns of the word n-grams of `tokens` in `range` whose
/// window passes `keep`.
fn word_ngram_hits(
    c: &Compiled,
    tokens: &[u32],
    range: (usize, usize),
    keep: impl Fn(usize, usize) -> bool,
    out: &mut Vec<u32>,
) {
    for n in range.0..=range.1 {
        if n > tokens.len() {
            break;
        }
        for (start, win) in tokens.windows(n).enumerate() {
            if !keep(start, n) || win.contains(&NONE) {
                continue;
            }
            let col = if n == 1 {
                c.unigram(win[0])
            } else {
                c.ngrams.get(&pack(win)).copied().unwrap_or(NONE)
            };
            if col != NONE {
                out.push(col);
            }
        }
    }
}

impl Vectorizer {
    /// Looks up or computes what `scratch` knows of `word`.
    fn word_info(&self, s: &mut Scratch, word: &str, proj: Option<&Projection>) -> WordInfo {
        if let Some(&info) = s.cache.get(word) {
            return info;
        }
        let lex: &Lexicons = self.lexicons();
        let mut flags = 0u32;
        if is_negator(word, lex) {
            flags |= NEGATOR;
        }
        if PHRASE_NEGATORS.contains(&word) {
            flags |= PHRASE_NEGATOR;
        }
        if ends_phrase(word) {
            flags |= PHRASE_END;
        }
        if lex.stopwords.contains_word(word) {
            flags |= STOPWORD;
        }
        match lex.polarity(word) {
            1 => flags |= POSITIVE,
            -1 => flags |= NEGATIVE,
            _ => {}
        }
        if lex.contrast.contains_word(word) {
            flags |= CONTRAST;
        }
        if lex.opens_clause(word) {
            flags |= OPENER;
        }
        if self.starts_declared_term(word) {
            flags |= TERM_START;
        }
        if word == AGAINST_WORD {
            flags |= AGAINST;
        }
        if TOPIC_WORDS.contains(&word) {
            flags |= TOPIC;
        }
        if MODAL_WORDS.contains(&word) {
            flags |= MODAL;
        }
        if CONCESSIVE_WORDS.contains(&word) {
            flags |= CONCESSIVE;
        }
        if REPORT_VERBS.contains(&word) {
            flags |= REPORT;
        }
        match lex.shift(word) {
            1 => flags |= RAISING,
            -1 => flags |= LOWERING,
            _ => {}
        }
        for (k, l) in [&lex.refuting, &lex.supporting, &lex.hedging, &lex.reporting]
            .into_iter()
            .enumerate()
        {
            if l.contains_word(word) {
                flags |= SINGLE << k;
            }
            if l.starts_phrase(word) {
                flags |= PHRASE << k;
            }
        }
        let start = s.arena.len() as u32;
        if let Some(range) = self.config().char_ngrams {
            let arena = &mut s.arena;
            for_each_word_char_ngram(word, range, &mut s.word, &mut s.offsets, |gram| {
                if let Some(id) = self.term_id(Kind::Char, gram) {
                    arena.push(id + N_DENSE as u32);
                }
            });
        }
        let mut info = WordInfo {
            id: self.compiled().words.get(word).copied().unwrap_or(NONE),
            start,
            len: s.arena.len() as u32 - start,
            flags,
            proj: NONE,
        };
        if let Some(p) = proj {
            // Sum over the word's n-grams (with repeats) of idf * weights, of
            // idf^2, and per column the largest idf * weight (at least 0).
            let at = s.proj_arena.len();
            info.proj = at as u32;
            let width = p.width;
            s.proj_arena.resize(at + 2 * width + 1, 0.0);
            let idf = &self.data().idf;
            let mut q = 0.0f64;
            let (sums, rest) = s.proj_arena[at..].split_at_mut(width);
            let bounds = &mut rest[1..];
            for &j in &s.arena[start as usize..] {
                let d = f64::from(idf[j as usize - N_DENSE]);
                for ((z, b), &w) in sums.iter_mut().zip(bounds.iter_mut()).zip(p.row(j)) {
                    let x = d * f64::from(w);
                    *z += x;
                    *b = b.max(x);
                }
                q += d * d;
            }
            rest[0] = q;
        }
        s.cache.insert(word.into(), info);
        info
    }

    /// Ends the word being built in `s.word`: drops a trailing `'s` and
    /// appends it to the sentence.
    fn finish_word(&self, s: &mut Scratch, scope: &mut NegScope, proj: Option<&Projection>) {
        if s.word.is_empty() {
            return;
        }
        let mut w = crate::word::finish_word(std::mem::take(&mut s.word));
        let info = self.word_info(s, &w, proj);
        let start = s.text.len() as u32;
        s.text.push_str(&w);
        let negator = info.flags & NEGATOR != 0;
        s.negation |= negator;
        let negated = scope.word(
            negator,
            info.flags & PHRASE_NEGATOR != 0,
            info.flags & PHRASE_END != 0,
        );
        let questioned = scope.question(&w);
        let stem_end = start + stem(&w).len() as u32;
        if s.clause_open && info.flags & OPENER != 0 {
            s.clause += 1;
        }
        s.clause_open = true;
        s.words.push(PWord {
            start,
            end: s.text.len() as u32,
            stem_end,
            info,
            negated,
            questioned,
            clause: s.clause,
            capital: s.first.is_uppercase(),
            in_name: false,
        });
        s.title.see(s.first, w.chars().count());
        w.clear();
        s.word = w;
    }

    /// Before the word character `c` (after `prev`, before `rest`): starts a
    /// word, noting whether it follows a `#`, or ends a hashtag's word where
    /// [`camel_break`] says so.
    fn word_char(
        &self,
        s: &mut Scratch,
        c: char,
        (prev, hashtag): (char, &mut bool),
        rest: &str,
        scope: &mut NegScope,
        proj: Option<&Projection>,
    ) {
        if s.word.is_empty() {
            *hashtag = prev == '#';
            s.first = hashtag_first(*hashtag, c);
        } else if *hashtag && camel_break(prev, c, rest.chars().next()) {
            self.finish_word(s, scope, proj);
            s.first = hashtag_first(true, c);
        }
    }

    /// Splits `text` into words exactly like [`crate::text::analyze`], into
    /// `s`.
    fn tokenize_into(&self, s: &mut Scratch, text: &str, proj: Option<&Projection>) {
        s.text.clear();
        s.words.clear();
        s.word.clear();
        s.question = false;
        s.quote = false;
        s.negation = false;
        s.clause = 0;
        s.clause_open = false;
        s.title = TitleCase::default();
        let mut scope = NegScope::default();
        // The character before this one, and whether the word follows a `#`.
        let (mut prev, mut hashtag) = (' ', false);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let c = if b < 0x80 {
                i += 1;
                let c = char::from(b);
                if b.is_ascii_alphanumeric() {
                    self.word_char(s, c, (prev, &mut hashtag), &text[i..], &mut scope, proj);
                    s.word.push(char::from(b.to_ascii_lowercase()));
                    prev = c;
                    continue;
                }
                c
            } else {
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                i += c.len_utf8();
                if c.is_alphanumeric() {
                    self.word_char(s, c, (prev, &mut hashtag), &text[i..], &mut scope, proj);
                    s.word.extend(c.to_lowercase());
                    prev = c;
                    continue;
                }
                c
            };
            prev = c;
            if is_apostrophe(c)
                && !s.word.is_empty()
                && text[i..].chars().next().is_some_and(char::is_alphabetic)
            {
                s.word.push('\'');
                continue;
            }
            self.finish_word(s, &mut scope, proj);
            if c.is_whitespace() {
                continue;
            }
            if c == '?' {
                s.question = true;
            }
            if is_quote(c) {
                s.quote = true;
            }
            if ends_scope(c) {
                scope.end();
                s.clause += u32::from(s.clause_open);
                s.clause_open = false;
            }
        }
        self.finish_word(s, &mut scope, proj);
        if !s.title.is_title() {
            let n = s.words.len();
            for i in 0..n {
                let words = &s.words;
                s.words[i].in_name = in_name(n, |k| words[k].capital, i);
            }
        } else {
            let (text, words) = (&s.text, &s.words);
            let names = known_names(self.lexicons(), words.len(), |i| {
                &text[words[i].start as usize..words[i].end as usize]
            });
            for (w, m) in s.words.iter_mut().zip(names) {
                w.in_name = m;
            }
        }
    }

    /// True if a phrase of cue lexicon `k` matches at word `i`.
    fn phrase_at(&self, s: &Scratch, k: usize, i: usize) -> bool {
        let lex = self.lexicons();
        let l = [&lex.refuting, &lex.supporting, &lex.hedging, &lex.reporting][k];
        l.phrases_at(s.words.len(), i, |k| s.text_of(&s.words[k]))
            .next()
            .is_some()
    }

    /// Analyzes `text` into `scratch`: the part of a row that does not depend
    /// on the target. Follow with [`Vectorizer::row_into`] per target.
    pub fn prepare_into(&self, scratch: &mut Scratch, text: &str) {
        self.prepare_impl(scratch, text, None);
    }

    /// Like [`Vectorizer::prepare_into`], but the character block is only
    /// kept as its projection onto `proj` ([`Vectorizer::char_scores`]) and
    /// its evidence ([`Vectorizer::char_evidence`]); [`Vectorizer::shared_part`]
    /// is then empty. Much cheaper: no per-sentence counting of distinct
    /// n-grams beyond those that repeat, and no per-n-gram products.
    pub fn prepare_projected(&self, scratch: &mut Scratch, text: &str, proj: &Projection) {
        self.prepare_impl(scratch, text, Some(proj));
    }

    fn prepare_impl(&self, scratch: &mut Scratch, text: &str, proj: Option<&Projection>) {
        let s = scratch;
        if let Some(p) = proj {
            assert_eq!(
                p.columns(),
                self.n_features(),
                "projection of another vectorizer"
            );
        }
        s.adopt(self, proj);
        self.tokenize_into(s, text, proj);
        self.cue_features_into(s);
        self.word_block_into(s);
        match proj {
            None => self.char_block_into(s),
            Some(p) => self.projected_char_block_into(s, p),
        }
    }

    /// The cue features of the tokenized sentence, as `Lexicon::hits` counts
    /// them.
    fn cue_features_into(&self, s: &mut Scratch) {
        let cfg = self.config();
        s.cues = [0.0; N_CUES];
        s.refuting_plain = 0;
        if !cfg.cues {
            return;
        }
        // plain and negated hits per lexicon
        let mut plain = [false; 4];
        let mut negated = [false; 4];
        let mut refuting_plain = 0;
        for i in 0..s.words.len() {
            let w = s.words[i];
            for k in 0..4 {
                let hit = w.info.flags & (SINGLE << k) != 0
                    || (w.info.flags & (PHRASE << k) != 0 && self.phrase_at(s, k, i));
                if hit && !w.questioned {
                    if w.negated {
                        negated[k] = true;
                    } else {
                        plain[k] = true;
                        refuting_plain += usize::from(k == 0);
                    }
                }
            }
        }
        s.refuting_plain = refuting_plain;
        let contrast = s.words.iter().any(|w| w.info.flags & CONTRAST != 0);
        let flags = [
            plain[0], negated[0], plain[1], negated[1], plain[2], plain[3], s.quote, s.question,
            s.negation, contrast,
        ];
        for (d, f) in s.cues.iter_mut().zip(flags) {
            if f {
                *d = cfg.cue_weight;
            }
        }
    }

    /// The word n-gram block without target masking.
    fn word_block_into(&self, s: &mut Scratch) {
        let cfg = self.config();
        let c = self.compiled();
        s.tokens.clear();
        let negation = cfg.negation;
        s.tokens.extend(s.words.iter().map(|w| w.token(negation)));
        s.word_hits.clear();
        word_ngram_hits(c, &s.tokens, cfg.word_ngrams, |_, _| true, &mut s.word_hits);
        weigh(
            self,
            &mut s.counts,
            &mut s.touched,
            &s.word_hits,
            &mut s.words_block,
        );
    }

    /// The character n-gram block, from the word cache.
    fn char_block_into(&self, s: &mut Scratch) {
        s.hits.clear();
        s.chars_block.clear();
        if self.config().char_ngrams.is_some() {
            for w in &s.words {
                let (a, n) = (w.info.start as usize, w.info.len as usize);
                s.hits.extend_from_slice(&s.arena[a..a + n]);
            }
        }
        weigh(
            self,
            &mut s.counts,
            &mut s.touched,
            &s.hits,
            &mut s.chars_block,
        );
    }

    /// The character block kept only as its projection onto `p`: the block
    /// is sum_f tf_f idf_f W_f / norm. The words' sums count every
    /// occurrence with tf 1; n-grams seen more than once in the sentence are
    /// corrected to their real (sublinear) tf.
    fn projected_char_block_into(&self, s: &mut Scratch, p: &Projection) {
        s.hits.clear();
        s.chars_block.clear();
        let width = p.width;
        s.char_z.clear();
        s.char_z.resize(width, 0.0);
        let mut q = 0.0;
        for w in &s.words {
            let (a, n) = (w.info.start as usize, w.info.len as usize);
            for &j in &s.arena[a..a + n] {
                let c = &mut s.char_counts[j as usize];
                if *c == 0 {
                    s.char_touched.push(j);
                }
                *c += 1;
            }
            if n > 0 {
                let at = w.info.proj as usize;
                for (z, &x) in s.char_z.iter_mut().zip(&s.proj_arena[at..at + width]) {
                    *z += x;
                }
                q += s.proj_arena[at + width];
            }
        }
        let idf = &self.data().idf;
        s.char_repeats.clear();
        for &j in &s.char_touched {
            let c = s.char_counts[j as usize];
            if c < 2 {
                continue;
            }
            let t = self.tf(c);
            let d = f64::from(idf[j as usize - N_DENSE]);
            let extra = (t - f64::from(c)) * d;
            for (z, &w) in s.char_z.iter_mut().zip(p.row(j)) {
                *z += extra * f64::from(w);
            }
            q += (t * t - f64::from(c)) * d * d;
            s.char_repeats.push((j, t * d));
        }
        s.char_norm = if q > 0.0 { q.sqrt() } else { 0.0 };
        if s.char_norm > 0.0 {
            for z in s.char_z.iter_mut() {
                *z /= s.char_norm;
            }
        }
        for (_, x) in s.char_repeats.iter_mut() {
            *x /= s.char_norm;
        }
    }

    /// After [`Vectorizer::prepare_projected`]: the character block times the
    /// projection, `width` values.
    pub fn char_scores<'s>(&self, scratch: &'s Scratch) -> &'s [f64] {
        &scratch.char_z
    }

    /// After [`Vectorizer::prepare_projected`] with `proj`: calls
    /// `offer(value * weight, column)` for the character n-grams whose
    /// contribution `value * proj.row(column)[col]` may reach `floor`, which
    /// `offer` returns updated. Every n-gram whose contribution is at least
    /// the final floor is offered (a word is skipped only when a bound on
    /// all its n-grams is below the floor).
    pub fn char_evidence(
        &self,
        scratch: &Scratch,
        proj: &Projection,
        col: usize,
        mut floor: f64,
        mut offer: impl FnMut(f64, u32) -> f64,
    ) {
        let s = scratch;
        let norm = s.char_norm;
        if norm == 0.0 {
            return;
        }
        let idf = &self.data().idf;
        let width = proj.width;
        for w in &s.words {
            if w.info.len == 0 {
                continue;
            }
            // A margin covers rounding between the bound and the products.
            let bound = s.proj_arena[w.info.proj as usize + width + 1 + col] / norm * (1.0 + 1e-9);
            if bound < floor {
                continue;
            }
            let (a, n) = (w.info.start as usize, w.info.len as usize);
            for &j in &s.arena[a..a + n] {
                // N-grams seen more than once are offered below, once.
                if s.char_counts[j as usize] == 1 {
                    // The row's value: `(tf * idf) / norm` with tf 1.
                    let x = f64::from(idf[j as usize - N_DENSE]) / norm;
                    floor = offer(x * f64::from(proj.row(j)[col]), j);
                }
            }
        }
        for &(j, x) in &s.char_repeats {
            // Exact: `x * w <= x * wmax` for `x >= 0`.
            if x * f64::from(proj.max_weight(j)) >= floor {
                floor = offer(x * f64::from(proj.row(j)[col]), j);
            }
        }
    }

    /// True if the sentence prepared in `scratch` names `target`, a target
    /// declared with its own terms; false for any other target.
    pub fn names_declared(&self, scratch: &mut Scratch, target: &str) -> bool {
        let Some(terms) = self.term_matcher(target) else {
            return false;
        };
        let s = scratch;
        s.matched.clear();
        s.matched.resize(s.words.len(), false);
        let (text, words) = (&s.text, &s.words);
        terms
            .mark(
                |i| &text[words[i].start as usize..words[i].end as usize],
                words.len(),
                |i| words[i].info.flags & TERM_START != 0,
                &mut s.matched,
            )
            .all
            > 0
    }

    /// The words of the sentence prepared in `scratch` as the features read
    /// them (lowercase, a trailing `'s` dropped), each with whether it names
    /// `target`, a target declared with its own terms (never, for another).
    pub fn term_words<'s>(
        &self,
        scratch: &'s mut Scratch,
        target: &str,
    ) -> impl Iterator<Item = (&'s str, bool)> + 's {
        if !self.names_declared(scratch, target) {
            scratch.matched.clear();
            scratch.matched.resize(scratch.words.len(), false);
        }
        let s = &*scratch;
        s.words
            .iter()
            .zip(&s.matched)
            .map(|(w, &m)| (&s.text[w.start as usize..w.end as usize], m))
    }

    /// The row of the sentence prepared in `scratch` toward `target`: the
    /// same (column, value) pairs as the reference transform, the non-zero
    /// cue and target features first, then the character block, then the
    /// word block; inside a block in order of first occurrence.
    pub fn row_into<'s>(&self, scratch: &'s mut Scratch, target: Option<&str>) -> &'s [(u32, f64)] {
        self.row_parts_into(scratch, target);
        let s = scratch;
        s.full.clear();
        let dense = s
            .row
            .iter()
            .take_while(|p| (p.0 as usize) < N_DENSE)
            .count();
        s.full.extend_from_slice(&s.row[..dense]);
        s.full.extend_from_slice(&s.chars_block);
        s.full.extend_from_slice(&s.row[dense..]);
        &s.full
    }

    /// The part of every row of the prepared sentence that does not depend on
    /// the target: the character n-gram block.
    pub fn shared_part<'s>(&self, scratch: &'s Scratch) -> &'s [(u32, f64)] {
        &scratch.chars_block
    }

    /// The row toward `target` in two parts: the non-zero cue and target
    /// features followed by the word block, and [`Vectorizer::shared_part`].
    pub fn row_parts_into<'s>(
        &self,
        scratch: &'s mut Scratch,
        target: Option<&str>,
    ) -> (Pairs<'s>, Pairs<'s>) {
        let s = scratch;
        let cfg = self.config();
        let mut dense = [0.0f64; N_DENSE];
        dense[..N_CUES].copy_from_slice(&s.cues);

        // Which words name the target.
        let (info, direction) = match target {
            None => (None, 1),
            Some(t) => {
                if !s.targets.contains_key(t) {
                    let info = if self.term_matcher(t).is_some() {
                        Some(TargetInfo::Terms)
                    } else {
                        let stems = target_stems(t, self.lexicons());
                        (!stems.is_empty()).then_some(TargetInfo::Stems(stems))
                    };
                    let direction = target_direction(t, self.lexicons());
                    s.targets.insert(t.to_string(), (info, direction));
                }
                let (info, direction) = &s.targets[t];
                (info.as_ref(), *direction)
            }
        };
        s.mask.clear();
        let (mut any_mask, mut weakly) = (false, false);
        match (info, target.and_then(|t| self.term_matcher(t))) {
            (Some(TargetInfo::Terms), Some(terms)) => {
                s.mask.resize(s.words.len(), false);
                let (text, words) = (&s.text, &s.words);
                let found = terms.mark(
                    |i| &text[words[i].start as usize..words[i].end as usize],
                    words.len(),
                    |i| words[i].info.flags & TERM_START != 0,
                    &mut s.mask,
                );
                any_mask = found.all > 0;
                weakly = any_mask && found.strong == 0;
                let negated = s.words.iter().zip(&s.mask).any(|(w, &m)| m && w.negated);
                set_target_features(cfg, usize::from(any_mask), 1, negated, &mut dense);
            }
            (Some(TargetInfo::Stems(stems)), _) => {
                s.matched.clear();
                s.matched.resize(stems.len(), false);
                let (mut matched, mut negated) = (0usize, false);
                for w in &s.words {
                    let m = w.info.flags & STOPWORD == 0
                        && match stems.binary_search_by(|x| {
                            x.as_str()
                                .cmp(&s.text[w.start as usize..w.stem_end as usize])
                        }) {
                            Ok(k) => {
                                if !s.matched[k] {
                                    s.matched[k] = true;
                                    matched += 1;
                                }
                                true
                            }
                            Err(_) => false,
                        };
                    negated |= m && w.negated;
                    any_mask |= m;
                    s.mask.push(m);
                }
                set_target_features(cfg, matched, stems.len(), negated, &mut dense);
            }
            _ => {}
        }

        s.mentioned = any_mask;
        s.mentioned_weakly = weakly;
        if target.is_some() {
            let (words, mask) = (&s.words, &s.mask);
            drop_aimed_refuting(
                &mut dense,
                s.refuting_plain,
                words.len(),
                |i| words[i].info.flags & AGAINST != 0,
                |i| words[i].negated,
                |i| mask.get(i).copied().unwrap_or(false),
            );
            set_relation_features(
                cfg,
                words.len(),
                |i| {
                    let f = words[i].info.flags;
                    RelWord {
                        polarity: if words[i].in_name || words[i].questioned {
                            0
                        } else if f & POSITIVE != 0 {
                            1
                        } else if f & NEGATIVE != 0 {
                            -1
                        } else {
                            0
                        },
                        shift: if words[i].questioned {
                            0
                        } else if f & RAISING != 0 {
                            1
                        } else if f & LOWERING != 0 {
                            -1
                        } else {
                            0
                        },
                        negated: words[i].negated,
                        contrast: f & CONTRAST != 0,
                        concessive: f & CONCESSIVE != 0,
                        target: mask.get(i).copied().unwrap_or(false),
                        against: f & AGAINST != 0,
                        topic: f & TOPIC != 0,
                        modal: f & MODAL != 0,
                        report: f & REPORT != 0,
                        clause: words[i].clause,
                    }
                },
                direction,
                &mut dense,
            );
        }

        s.row.clear();
        for (j, &x) in dense.iter().enumerate() {
            if x != 0.0 {
                s.row.push((j as u32, x));
            }
        }

        // Target n-grams: windows with a target word, which becomes `<T>`.
        s.hits.clear();
        if cfg.target_ngrams && any_mask {
            let c = self.compiled();
            let t = c.target_word * 2;
            for ((tok, w), &m) in s.tokens.iter_mut().zip(&s.words).zip(&s.mask) {
                if m {
                    *tok = t + u32::from(cfg.negation && w.negated);
                }
            }
            let mask = &s.mask;
            word_ngram_hits(
                c,
                &s.tokens,
                cfg.word_ngrams,
                |start, n| mask[start..start + n].contains(&true),
                &mut s.hits,
            );
            // Restore the unmasked tokens for the next target.
            for (tok, w) in s.tokens.iter_mut().zip(&s.words) {
                *tok = w.token(cfg.negation);
            }
        }
        if s.hits.is_empty() {
            s.row.extend_from_slice(&s.words_block);
        } else {
            s.hits.extend_from_slice(&s.word_hits);
            weigh(
                self,
                &mut s.counts,
                &mut s.touched,
                &s.hits,
                &mut s.masked_block,
            );
            s.row.extend_from_slice(&s.masked_block);
        }
        (&s.row, &s.chars_block)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FeatureConfig, SparseRow};

    fn training_texts() -> Vec<String> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/train/stance.csv"
        );
        let mut r = csv::Reader::from_path(path).unwrap();
        r.records().map(|rec| rec.unwrap()[0].to_string()).collect()
    }

    /// Sentences that stress the tokenizer and the negation scopes.
    const ODD: [&str; 14] = [
        "",
        "'",
        "n't",
        "''s don't",
        "?!",
        "\u{0130}stanbul's envoy DIDN\u{2019}T back sanctions; he left?",
        "a\u{0301}' \u{00C9}TAT \u{201C}not\u{201D} acceptable \u{2014} never sanctioned",
        "Sanctions are not acceptable, the envoy said.",
        "NEG_sanctions neg_talks <T> military-action",
        "\u{FEFF}Talks\u{00A0}on negotiations won\u{2019}t resume \u{00AB}soon\u{00BB}",
        "ǅungla sanctions ΣΑΝΚΣΙΟΝ ﬁnal: military strikes aren't ruled out",
        "according to officials, the talks did not confirm anything",
        "No alternative to dialogue, WITHOUT talks with anyone no sanctions not after",
        "Asked whether Paris would back sanctions, she rejected talks; whether not",
    ];

    /// Deterministic pseudo-random sentences over target words, negators,
    /// cue words and phrases, polar words, clause openers, contractions,
    /// quotes and odd Unicode: the
    /// generated half of the property the tests below check.
    fn generated(n: usize) -> Vec<String> {
        const POOL: [&str; 57] = [
            "whether",
            "while",
            "without",
            "after",
            "sanctions",
            "sanctioned",
            "talks",
            "negotiations",
            "military",
            "action",
            "strike",
            "not",
            "never",
            "didn't",
            "won\u{2019}t",
            "no",
            "according",
            "to",
            "officials",
            "said",
            "denied",
            "confirmed",
            "hoax",
            "reportedly",
            "support",
            "oppose",
            "the",
            "of",
            "and",
            "envoy's",
            "\u{201C}",
            "\u{201D}",
            "\"",
            ",",
            ".",
            "?",
            ";",
            "\u{2014}",
            "\u{0130}stanbul",
            "ΣΑΝΚΣΙΟΝ",
            "a\u{0301}",
            "ﬁnal",
            "'",
            "<T>",
            "but",
            "which",
            "good",
            "harmful",
            "#StopTheSanctions",
            "#G20Talks",
            "#NATOSummit",
            "#ΌχιΣτονΠόλεμο",
            "#",
            "War",
            "against",
            "rejected",
            "on",
        ];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..n)
            .map(|_| {
                let len = (next() % 18) as usize;
                let mut s = String::new();
                for _ in 0..len {
                    let w = POOL[(next() % POOL.len() as u64) as usize];
                    match next() % 4 {
                        0 => s.push_str(&w.to_uppercase()),
                        1 => s.push(' '),
                        _ => {}
                    }
                    s.push_str(w);
                    s.push(' ');
                }
                s
            })
            .collect()
    }

    const TARGETS: [Option<&str>; 6] = [
        None,
        Some("sanctions"),
        Some("military_action"),
        Some("negotiations"),
        Some("The talks will not resume in the spring"),
        Some("the of and"),
    ];

    fn sorted(row: &[(u32, f64)]) -> Vec<(u32, f64)> {
        let mut r = row.to_vec();
        r.sort_by_key(|p| p.0);
        r
    }

    fn assert_same(fast: &[(u32, f64)], reference: &SparseRow, what: &str) {
        let fast = sorted(fast);
        let want: Vec<(u32, f64)> = reference.iter().map(|(j, x)| (j as u32, x)).collect();
        assert_eq!(
            fast.iter().map(|p| p.0).collect::<Vec<_>>(),
            want.iter().map(|p| p.0).collect::<Vec<_>>(),
            "columns differ for {what}"
        );
        for ((_, a), (_, b)) in fast.iter().zip(&want) {
            assert!((a - b).abs() <= 1e-12, "{a} vs {b} for {what}");
        }
    }

    fn check(config: &FeatureConfig, scratch: &mut Scratch) {
        let texts = training_texts();
        check_with(Vectorizer::fit(&texts, config).unwrap(), scratch);
    }

    fn check_with(v: Vectorizer, scratch: &mut Scratch) {
        let texts = training_texts();
        let generated = generated(300);
        let all = texts.iter().chain(&generated).map(String::as_str);
        for text in all.chain(ODD) {
            v.prepare_into(scratch, text);
            for target in TARGETS {
                let fast = v.row_into(scratch, target).to_vec();
                assert_same(
                    &fast,
                    &v.transform(text, target),
                    &format!("{text:?} / {target:?}"),
                );
            }
        }
    }

    #[test]
    fn rows_equal_the_reference_transform() {
        check(&FeatureConfig::default(), &mut Scratch::new());
    }

    #[test]
    fn rows_equal_the_reference_under_other_settings() {
        let base = FeatureConfig::default();
        for config in [
            FeatureConfig {
                negation: false,
                ..base.clone()
            },
            FeatureConfig {
                char_ngrams: None,
                ..base.clone()
            },
            FeatureConfig {
                char_ngrams: Some((1, 3)),
                word_ngrams: (1, 3),
                ..base.clone()
            },
            FeatureConfig {
                word_ngrams: (2, 4),
                min_df_words: 1,
                ..base.clone()
            },
            FeatureConfig {
                target_ngrams: false,
                cues: false,
                ..base.clone()
            },
            FeatureConfig {
                target_features: false,
                sublinear_tf: false,
                ..base.clone()
            },
        ] {
            check(&config, &mut Scratch::new());
        }
    }

    #[test]
    fn rows_equal_the_reference_with_declared_terms() {
        let texts = training_texts();
        let docs: Vec<(&str, Option<&str>)> = texts
            .iter()
            .map(|t| (t.as_str(), Some("sanctions")))
            .collect();
        let terms: std::collections::BTreeMap<String, Vec<String>> = [(
            "sanctions".to_string(),
            vec![
                "sanctions".into(),
                "embargo".into(),
                "asset freeze".into(),
                "no".into(),
            ],
        )]
        .into();
        let (mut v, rows) =
            Vectorizer::fit_transform_with_terms(&docs, &FeatureConfig::default(), &terms).unwrap();
        for ((text, target), row) in docs.iter().zip(&rows) {
            assert_eq!(&v.transform(text, *target), row);
        }
        let mut s = Scratch::new();
        check_with(v.clone(), &mut s);
        // A target declared later (unseen in training) is read by its terms.
        v.declare_target("negotiations", &["talks".into(), "summit".into()]);
        check_with(v, &mut s);
    }

    #[test]
    fn a_tiny_word_cache_gives_the_same_rows() {
        check(&FeatureConfig::default(), &mut Scratch::with_max_words(3));
    }

    #[test]
    fn one_scratch_serves_two_vectorizers() {
        let texts = training_texts();
        let a = Vectorizer::fit(&texts, &FeatureConfig::default()).unwrap();
        let cfg = FeatureConfig {
            char_ngrams: Some((3, 4)),
            ..FeatureConfig::default()
        };
        let b = Vectorizer::fit(&texts[..200], &cfg).unwrap();
        let mut s = Scratch::new();
        for text in &texts[..50] {
            for v in [&a, &b] {
                v.prepare_into(&mut s, text);
                let fast = v.row_into(&mut s, Some("sanctions")).to_vec();
                assert_same(&fast, &v.transform(text, Some("sanctions")), text);
            }
        }
    }

    /// A deterministic pseudo-random projection with positive and negative
    /// weights, some columns all negative.
    fn projection(v: &Vectorizer, width: usize) -> Projection {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let weights = (0..v.n_features() * width)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ((x % 2001) as f32 - 1200.0) / 1000.0
            })
            .collect();
        Projection::new(weights, width).unwrap()
    }

    /// The three largest `(value, column)` pairs, ties by column.
    fn top3(mut c: Vec<(f64, u32)>) -> Vec<(f64, u32)> {
        c.retain(|p| p.0 > 0.0);
        c.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        c.truncate(3);
        c
    }

    fn check_projected(config: &FeatureConfig, scratch: &mut Scratch) {
        let texts = training_texts();
        let v = Vectorizer::fit(&texts, config).unwrap();
        let p = projection(&v, 5);
        let chars = |row: &SparseRow| -> Vec<(u32, f64)> {
            row.iter()
                .filter(|(j, _)| *j >= N_DENSE && v.data().terms[j - N_DENSE].starts_with("c:"))
                .map(|(j, x)| (j as u32, x))
                .collect()
        };
        for text in texts.iter().map(String::as_str).chain(ODD) {
            let reference = chars(&v.transform(text, None));
            v.prepare_projected(scratch, text, &p);
            for col in 0..p.width() {
                let want: f64 = reference
                    .iter()
                    .map(|&(j, x)| x * f64::from(p.row(j)[col]))
                    .sum();
                let got = v.char_scores(scratch)[col];
                assert!((got - want).abs() < 1e-12, "{got} vs {want} for {text:?}");
                // Evidence: what is offered, kept to the top three, is the
                // top three of all contributions.
                let all: Vec<(f64, u32)> = reference
                    .iter()
                    .map(|&(j, x)| (x * f64::from(p.row(j)[col]), j))
                    .collect();
                let mut kept: Vec<(f64, u32)> = Vec::new();
                v.char_evidence(scratch, &p, col, f64::NEG_INFINITY, |w, j| {
                    kept.push((w, j));
                    kept = top3(std::mem::take(&mut kept));
                    if kept.len() == 3 {
                        kept[2].0
                    } else {
                        f64::NEG_INFINITY
                    }
                });
                let (want, got) = (top3(all), top3(kept));
                assert_eq!(want.len(), got.len(), "{text:?}");
                for (a, b) in want.iter().zip(&got) {
                    assert_eq!(a.1, b.1, "{text:?}");
                    assert!((a.0 - b.0).abs() < 1e-12);
                }
            }
            // The rest of the row is unchanged by projecting.
            for target in TARGETS {
                let (own, shared) = v.row_parts_into(scratch, target);
                assert!(shared.is_empty());
                let mut own = own.to_vec();
                own.extend(chars(&v.transform(text, target)));
                assert_same(&own, &v.transform(text, target), text);
            }
        }
    }

    #[test]
    fn projected_char_scores_and_evidence_equal_the_reference() {
        check_projected(&FeatureConfig::default(), &mut Scratch::new());
        check_projected(
            &FeatureConfig {
                sublinear_tf: false,
                ..FeatureConfig::default()
            },
            &mut Scratch::new(),
        );
        check_projected(
            &FeatureConfig {
                char_ngrams: Some((1, 3)),
                ..FeatureConfig::default()
            },
            &mut Scratch::with_max_words(5),
        );
    }

    #[test]
    fn a_scratch_switches_between_plain_and_projected() {
        let texts = training_texts();
        let v = Vectorizer::fit(&texts, &FeatureConfig::default()).unwrap();
        let (p1, p2) = (projection(&v, 3), projection(&v, 4));
        let mut s = Scratch::new();
        for text in &texts[..40] {
            v.prepare_projected(&mut s, text, &p1);
            let a = v.char_scores(&s).to_vec();
            v.prepare_into(&mut s, text);
            let plain = v.row_into(&mut s, None).to_vec();
            assert_same(&plain, &v.transform(text, None), text);
            v.prepare_projected(&mut s, text, &p2);
            assert_eq!(v.char_scores(&s).len(), 4);
            v.prepare_projected(&mut s, text, &p1);
            assert_eq!(v.char_scores(&s), &a[..]);
        }
        assert!(Projection::new(vec![0.0; 7], 2).is_err());
    }

    #[test]
    fn term_words_mark_the_words_that_name_a_declared_target() {
        let texts = training_texts();
        let mut v = Vectorizer::fit(&texts, &FeatureConfig::default()).unwrap();
        v.declare_target(
            "sanctions",
            &["sanctions".to_string(), "asset freeze".to_string()],
        );
        let mut s = Scratch::new();
        v.prepare_into(
            &mut s,
            "Japan's envoy backed an Asset Freeze and new sanctions.",
        );
        let named: Vec<(String, bool)> = v
            .term_words(&mut s, "sanctions")
            .map(|(w, m)| (w.to_string(), m))
            .collect();
        let marked: Vec<&str> = named.iter().filter(|p| p.1).map(|p| p.0.as_str()).collect();
        assert_eq!(marked, ["asset", "freeze", "sanctions"]);
        assert_eq!(named[0].0, "japan");
        // An undeclared target names no word, and every word is still there.
        let other: Vec<bool> = v.term_words(&mut s, "talks").map(|p| p.1).collect();
        assert_eq!(other.len(), named.len());
        assert!(other.iter().all(|m| !m));
    }

    #[test]
    fn pack_keeps_lengths_apart() {
        assert_ne!(pack(&[0, 0]), pack(&[0, 0, 0]));
        assert_ne!(pack(&[1, 2]), pack(&[2, 1]));
    }
}
