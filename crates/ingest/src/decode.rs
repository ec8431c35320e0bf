//! Bytes to text: byte-order marks, UTF-8, UTF-16 and guessed legacy
//! encodings, binary detection and line-ending normalization.
//!
//! The order of decisions, first match wins:
//!
//! 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) decides the encoding;
//! 2. NUL bytes mean binary, unless the file is plainly BOM-less UTF-16;
//! 3. more than 10% control characters mean binary;
//! 4. valid UTF-8 (which includes ASCII) is UTF-8, silently;
//! 5. an encoding declared by the caller (an HTML `<meta charset>`) is used;
//! 6. text with more valid multi-byte UTF-8 sequences than invalid bytes is
//!    UTF-8 with the bad bytes replaced (a warning);
//! 7. otherwise `chardetng` guesses a legacy encoding (a warning).
//!
//! Steps 1 and 4-5 are silent unless bytes had to be replaced; 6 and 7 always
//! produce a warning, because the text may not be what the author wrote.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::IngestError;

/// Text decoded from a file's bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, without a byte-order mark, with CRLF and CR turned into LF.
    pub text: String,
    /// The encoding's name as `encoding_rs` spells it (`UTF-8`, `windows-1252`, ...).
    pub encoding: &'static str,
    /// Set when the encoding was guessed or bytes were replaced.
    pub warning: Option<String>,
}

/// Share of control characters above which a file counts as binary, as
/// "more than 1 in `CONTROL_RATIO`".
const CONTROL_RATIO: usize = 10;

/// Decoded text with more than 1 in this many U+FFFD replacements is rejected.
const REPLACEMENT_RATIO: usize = 4;

/// Decodes `bytes`. `declared` is an encoding named by the document itself
/// (an HTML `<meta charset>`), used when the bytes are not valid UTF-8.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(IngestError::Decode("UTF-32 is not supported".into()));
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, bad) = decode_with(enc, body);
        check_text(&text)?;
        let warning = (bad > 0).then(|| replaced(bad, enc));
        return finish(text, enc, warning, bad);
    }
    if bytes.contains(&0) {
        if let Some(enc) = utf16_without_bom(bytes) {
            let (text, bad) = decode_with(enc, bytes);
            if check_text(&text).is_ok() {
                let mut warning =
                    format!("no byte-order mark; decoded as {} (guessed)", enc.name());
                if bad > 0 {
                    warning = format!("{warning}; {}", replaced(bad, enc));
                }
                return finish(text, enc, Some(warning), bad);
            }
        }
        return Err(IngestError::Binary("contains NUL bytes".into()));
    }
    check_controls(bytes.iter().map(|&b| b as char), bytes.len())?;
    if let Ok(s) = std::str::from_utf8(bytes) {
        return finish(s.to_string(), UTF_8, None, 0);
    }
    if let Some(enc) = declared.filter(|e| *e != UTF_8) {
        let (text, bad) = decode_with(enc, bytes);
        let warning = (bad > 0).then(|| replaced(bad, enc));
        return finish(text, enc, warning, bad);
    }
    if mostly_utf8(bytes) {
        let (text, bad) = decode_with(UTF_8, bytes);
        let warning = format!("not valid UTF-8; {}", replaced(bad, UTF_8));
        return finish(text, UTF_8, Some(warning), bad);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&detection_sample(bytes), true);
    let enc = detector.guess(None, false);
    let (text, bad) = decode_with(enc, bytes);
    let mut warning = format!("not UTF-8; decoded as {} (guessed)", enc.name());
    if bad > 0 {
        warning = format!("{warning}; {}", replaced(bad, enc));
    }
    finish(text, enc, Some(warning), bad)
}

/// Longest sample given to the encoding detector.
const SAMPLE_BYTES: usize = 64 * 1024;

/// What the encoding detector sees: the whitespace-separated words that hold
/// non-ASCII bytes, up to [`SAMPLE_BYTES`]. ASCII words carry no evidence
/// about a legacy encoding, and chardetng is slow (about 5 MB/s), so this
/// makes detection several times faster without changing its guesses (the
/// same guess for every non-UTF-8 file of the fuzz corpus and of samples in
/// windows-125x, ISO-8859-x, KOI8-R, Shift_JIS, EUC-JP and GBK).
fn detection_sample(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for word in bytes.split(u8::is_ascii_whitespace) {
        if word.is_ascii() {
            continue;
        }
        if out.len() + word.len() + 1 > SAMPLE_BYTES {
            if out.is_empty() {
                out.extend_from_slice(&word[..SAMPLE_BYTES]);
            }
            break;
        }
        out.extend_from_slice(word);
        out.push(b' ');
    }
    out
}

fn replaced(bad: usize, enc: &'static Encoding) -> String {
    let s = if bad == 1 { "" } else { "s" };
    format!(
        "{bad} invalid {} byte sequence{s} replaced with U+FFFD",
        enc.name()
    )
}

/// Decodes without BOM sniffing; returns the text and the number of
/// malformed sequences that were replaced.
fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let bad = if had_errors {
        // A replacement per malformed sequence; genuine U+FFFD in the source
        // are counted too, which only matters for the warning's number.
        text.chars().filter(|&c| c == '\u{FFFD}').count().max(1)
    } else {
        0
    };
    (text.into_owned(), bad)
}

fn finish(
    text: String,
    enc: &'static Encoding,
    warning: Option<String>,
    bad: usize,
) -> Result<Decoded, IngestError> {
    if bad > 0 {
        let chars = text.chars().count();
        if bad * REPLACEMENT_RATIO > chars {
            return Err(IngestError::Decode(format!(
                "{bad} of {chars} characters are invalid {}",
                enc.name()
            )));
        }
    }
    let text = normalize_newlines(text);
    // A BOM, or a BOM repeated (a file saved twice with one), never starts the text.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.trim_start_matches('\u{feff}').to_string(),
        None => text,
    };
    Ok(Decoded {
        text,
        encoding: enc.name(),
        warning,
    })
}

/// Rejects decoded text with NUL characters or too many control characters.
fn check_text(text: &str) -> Result<(), IngestError> {
    if text.contains('\0') {
        return Err(IngestError::Binary("contains NUL characters".into()));
    }
    check_controls(text.chars(), text.chars().count())
}

fn is_suspicious_control(c: char) -> bool {
    // Tab, LF, FF, CR and ESC occur in real text files; other C0 controls
    // and DEL don't.
    (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\x0c' | '\r' | '\x1b')) || c == '\x7f'
}

fn check_controls(chars: impl Iterator<Item = char>, total: usize) -> Result<(), IngestError> {
    let controls = chars.filter(|&c| is_suspicious_control(c)).count();
    if controls * CONTROL_RATIO > total {
        return Err(IngestError::Binary(format!(
            "{controls} of {total} characters are control characters"
        )));
    }
    Ok(())
}

/// BOM-less UTF-16 in the Latin range has a NUL in every other byte; returns
/// the byte order when at least 90% of the first code units look like that.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let units = bytes[..bytes.len().min(8192)].chunks_exact(2);
    let n = units.len();
    let (mut le, mut be) = (0, 0);
    for u in units {
        match (u[0] == 0, u[1] == 0) {
            (false, true) => le += 1,
            (true, false) => be += 1,
            _ => {}
        }
    }
    if le * 10 >= n * 9 {
        Some(UTF_16LE)
    } else if be * 10 >= n * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when valid multi-byte UTF-8 sequences are at least as common as
/// invalid bytes: UTF-8 text with some damage, not a legacy encoding (whose
/// non-ASCII bytes rarely form valid UTF-8 sequences by chance).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    multibyte > 0 && multibyte >= invalid
}

/// Turns CRLF and lone CR into LF.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Finds the encoding named by a `<meta charset=...>` or
/// `<meta http-equiv=... content="...; charset=...">` in the first 1024
/// bytes of an HTML document. UTF-16 labels mean UTF-8 here, as in browsers
/// (a UTF-16 document has a BOM or NUL bytes and never gets this far).
pub fn html_declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(j) = find(tag, b"charset") {
            let rest = &tag[j + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    return Some(if enc == UTF_16LE || enc == UTF_16BE {
                        UTF_8
                    } else {
                        enc
                    });
                }
            }
        }
        from = end;
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> Decoded {
        decode(bytes, None).unwrap()
    }

    #[test]
    fn plain_utf8_is_silent() {
        let d = ok("Né à Genève.\n".as_bytes());
        assert_eq!(d.text, "Né à Genève.\n");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.warning, None);
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = ok(b"\xEF\xBB\xBFHello");
        assert_eq!(d.text, "Hello");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.warning, None);
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let text = "Ça va, “Zoë”?\r\nOui.";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        let d = ok(&le);
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Ça va, “Zoë”?\nOui.", "UTF-16LE")
        );
        assert_eq!(d.warning, None);
        let d = ok(&be);
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Ça va, “Zoë”?\nOui.", "UTF-16BE")
        );
    }

    #[test]
    fn utf16_without_bom_is_guessed_with_warning() {
        let le: Vec<u8> = "Plain words here."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = ok(&le);
        assert_eq!(d.text, "Plain words here.");
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(
            d.warning.as_deref(),
            Some("no byte-order mark; decoded as UTF-16LE (guessed)")
        );
    }

    #[test]
    fn windows_1252_comes_out_right() {
        // “Café”, naïve – 10€ in windows-1252.
        let bytes =
            b"\x93Caf\xe9\x94, na\xefve \x96 10\x80 for the d\xe9l\xe9gation's r\xe9sum\xe9.";
        let d = ok(bytes);
        assert_eq!(d.text, "“Café”, naïve – 10€ for the délégation's résumé.");
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(
            d.warning.as_deref(),
            Some("not UTF-8; decoded as windows-1252 (guessed)")
        );
    }

    #[test]
    fn latin1_comes_out_right() {
        // ISO-8859-1 is windows-1252 minus 0x80-0x9F, so the same decoder applies.
        let d = ok(b"Le ministre fran\xe7ais a d\xe9clar\xe9 \xab non \xbb \xe0 la r\xe9union.");
        assert_eq!(
            d.text,
            "Le ministre français a déclaré « non » à la réunion."
        );
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.warning.is_some());
    }

    #[test]
    fn damaged_utf8_is_repaired_not_reguessed() {
        let mut bytes = "Genève, “the talks”, café: ".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice(b" end.");
        let d = ok(&bytes);
        assert_eq!(d.text, "Genève, “the talks”, café: \u{FFFD} end.");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(
            d.warning.as_deref(),
            Some("not valid UTF-8; 1 invalid UTF-8 byte sequence replaced with U+FFFD")
        );
    }

    #[test]
    fn damaged_utf8_bom_text_is_repaired_with_warning() {
        let d = ok(b"\xEF\xBB\xBFabc \xC3 def ghi jkl");
        assert_eq!(d.text, "abc \u{FFFD} def ghi jkl");
        assert!(d.warning.unwrap().contains("1 invalid UTF-8 byte sequence"));
    }

    #[test]
    fn mostly_invalid_text_is_an_error_not_a_warning() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(b"ok ");
        bytes.extend([0xFF; 9]);
        assert!(matches!(
            decode(&bytes, None),
            Err(IngestError::Decode(m)) if m == "9 of 12 characters are invalid UTF-8"
        ));
        // Up to a quarter replaced is repaired with a warning.
        let mut bytes = b"\xEF\xBB\xBFabcdefghi".to_vec();
        bytes.extend([0xFF; 3]);
        assert!(decode(&bytes, None).unwrap().warning.is_some());
    }

    #[test]
    fn declared_encoding_is_used_silently() {
        let d = decode(b"caf\xe9", Some(encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!((d.text.as_str(), d.warning), ("café", None));
        // A declaration never overrides valid UTF-8.
        let d = decode("café".as_bytes(), Some(encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("café", "UTF-8"));
    }

    #[test]
    fn binary_inputs_are_rejected() {
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00abc", None),
            Err(IngestError::Binary(m)) if m == "contains NUL bytes"
        ));
        let controls: Vec<u8> = (0..100u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(matches!(
            decode(&controls, None),
            Err(IngestError::Binary(m)) if m == "34 of 100 characters are control characters"
        ));
        let mut utf16_nul = vec![0xFF, 0xFE];
        utf16_nul.extend([b'a', 0, 0, 0, b'b', 0]);
        assert!(matches!(
            decode(&utf16_nul, None),
            Err(IngestError::Binary(_))
        ));
        assert!(matches!(decode(b"", None), Err(IngestError::Empty)));
        assert!(matches!(
            decode(b"\xFF\xFE\x00\x00a\x00\x00\x00", None),
            Err(IngestError::Decode(_))
        ));
    }

    #[test]
    fn a_few_control_characters_are_fine() {
        let mut text = "A".repeat(95).into_bytes();
        text.extend([0x07, 0x08, b'\t', 0x1b, b'\n']);
        assert!(decode(&text, None).is_ok());
    }

    #[test]
    fn line_endings_are_normalized() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n\r\n".into()), "a\nb\nc\n\n");
        assert_eq!(ok(b"one\r\ntwo\rthree").text, "one\ntwo\nthree");
        assert_eq!(normalize_newlines("\r".into()), "\n");
    }

    #[test]
    fn meta_charset_is_found() {
        let enc = |s: &str| html_declared_encoding(s.as_bytes()).map(|e| e.name());
        assert_eq!(
            enc("<html><head><META CharSet=\"ISO-8859-1\">"),
            Some("windows-1252")
        );
        assert_eq!(
            enc("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">"),
            Some("KOI8-R")
        );
        assert_eq!(enc("<meta charset='utf-16'>"), Some("UTF-8"));
        assert_eq!(enc("<meta name=x><p>charset=latin1</p>"), None);
        assert_eq!(enc("<meta charset=bogus>"), None);
        assert_eq!(enc("<meta charset"), None);
    }

    #[test]
    fn detection_sample_keeps_non_ascii_words() {
        assert_eq!(
            detection_sample(b"plain words caf\xe9 and\tna\xefve\nend"),
            b"caf\xe9 na\xefve "
        );
        let huge = vec![0xE9u8; SAMPLE_BYTES * 2];
        assert_eq!(detection_sample(&huge).len(), SAMPLE_BYTES);
        let many = b"\xe9t\xe9 ".repeat(SAMPLE_BYTES);
        assert!(detection_sample(&many).len() <= SAMPLE_BYTES);
        // A long legacy file is still guessed right from its sample.
        let long = b"The d\xe9l\xe9gation met again. ".repeat(10_000);
        assert_eq!(ok(&long).encoding, "windows-1252");
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        for len in 0..64usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            let _ = decode(&bytes, None);
            let _ = decode(&bytes, Some(encoding_rs::SHIFT_JIS));
            let _ = html_declared_encoding(&bytes);
        }
    }
}
