//! Quote spans: a quote-mark state machine run paragraph by paragraph.
//!
//! - Double quotes: straight `"`, curly `“ ”`, low `„`, guillemets `« »`.
//!   A straight `"` closes the innermost open double quote, otherwise opens one.
//! - Single quotes `‘ ’ '` open only at a word start and close only before a
//!   non-letter, so apostrophes (`Russia’s`, `'90s` excepted) are not quotes.
//!   Nested inside a double quote they are simply part of its content.
//! - A quote still open at the end of a paragraph ends there. When the next
//!   paragraph opens with a quote mark, that quote is the same quotation
//!   (news convention), so both pieces share one `group`. An unclosed single
//!   quote is dropped (it was an apostrophe); an unclosed double quote never
//!   reaches into the next paragraph unless that paragraph reopens it.
//!
//! Only top-level quotes are reported; everything between their marks is
//! content.

/// One top-level quoted piece inside a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Byte offset of the first content byte (after the opening mark).
    pub(crate) start: usize,
    /// Byte offset one past the content (the closing mark or paragraph end).
    pub(crate) end: usize,
    /// Quotation id: pieces of one quotation over several paragraphs share it.
    pub(crate) group: usize,
    /// Byte offset of the opening mark.
    pub(crate) open: usize,
    /// Byte range of the closing mark, if the piece was closed.
    pub(crate) close: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Straight,
    Curly,
    Low,
    Guil,
    GuilRev,
    Single,
}

impl Kind {
    fn is_double(self) -> bool {
        self != Kind::Single
    }

    fn closed_by(self, c: char) -> bool {
        match self {
            Kind::Straight | Kind::Curly => c == '"' || c == '”',
            Kind::Low => c == '“' || c == '”',
            Kind::Guil => c == '»',
            Kind::GuilRev => c == '«',
            Kind::Single => c == '\'' || c == '’',
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Open {
    kind: Kind,
    mark: usize,
    content: usize,
}

fn is_opening_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '"' | '«' | '„' | '‘' | ':'
                )
        }
    }
}

/// Bytes that can start a quote mark: `"`, `'`, and the lead bytes of
/// `“ ” „ ‘ ’` (U+201x) and `« »` (U+00AB, U+00BB).
const QUOTE_START: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xE2] = true;
    t[0xC2] = true;
    t
};

/// What the quote mark `c` between `prev` and `next` does given the open
/// marks: `Ok(kind)` opens a quote, `Err(i)` closes `stack[i]`, `None` is an
/// apostrophe or stray mark.
fn mark_action(
    c: char,
    prev: Option<char>,
    next: Option<char>,
    stack: &[Open],
) -> Option<Result<Kind, usize>> {
    let next_alnum = next.is_some_and(char::is_alphanumeric);
    let next_space = next.map_or(true, char::is_whitespace);
    let prev_alnum = prev.is_some_and(char::is_alphanumeric);
    let innermost_double = stack.iter().rposition(|o| o.kind.is_double());
    let innermost_single = stack.iter().rposition(|o| o.kind == Kind::Single);
    match c {
        '"' => {
            if let Some(i) = innermost_double.filter(|&i| stack[i].kind.closed_by(c)) {
                return Some(Err(i));
            } else if !(next_space || prev_alnum && stack.is_empty()) {
                return Some(Ok(Kind::Straight));
            }
        }
        '“' => {
            if let Some(i) = innermost_double.filter(|&i| stack[i].kind == Kind::Low) {
                return Some(Err(i));
            } else {
                return Some(Ok(Kind::Curly));
            }
        }
        '”' => {
            if let Some(i) = innermost_double.filter(|&i| stack[i].kind.closed_by(c)) {
                return Some(Err(i));
            } else if stack.is_empty() && is_opening_context(prev) && next_alnum {
                return Some(Ok(Kind::Curly));
            }
        }
        '„' => return Some(Ok(Kind::Low)),
        '«' => {
            if let Some(i) = innermost_double.filter(|&i| stack[i].kind == Kind::GuilRev) {
                return Some(Err(i));
            } else {
                return Some(Ok(Kind::Guil));
            }
        }
        '»' => {
            if let Some(i) = innermost_double.filter(|&i| stack[i].kind == Kind::Guil) {
                return Some(Err(i));
            } else if stack.is_empty() && is_opening_context(prev) && next_alnum {
                return Some(Ok(Kind::GuilRev));
            }
        }
        '‘' | '’' | '\'' => {
            let single_open =
                innermost_single.filter(|&s| innermost_double.map_or(true, |d| s > d));
            if let (Some(i), false, true) = (single_open, next_alnum, c != '‘') {
                return Some(Err(i));
            } else if c != '’' && !prev_alnum && is_opening_context(prev) && next_alnum {
                return Some(Ok(Kind::Single));
            }
        }
        _ => {}
    }
    None
}

/// The first double quote mark of a paragraph when it can only be a closing
/// mark (`.”` or `."` before a space or the paragraph end) and the
/// paragraph does not open with a mark: its byte range.
fn stray_close(para: &str, pstart: usize, first_nonspace: usize) -> Option<(usize, usize)> {
    let (off, c) = para
        .char_indices()
        .find(|&(_, c)| matches!(c, '"' | '“' | '”' | '„' | '«' | '»'))?;
    if !matches!(c, '"' | '”') || pstart + off == first_nonspace {
        return None;
    }
    let prev = para[..off].chars().next_back()?;
    let next = para[off + c.len_utf8()..].chars().next();
    let closes = matches!(prev, '.' | '?' | '!' | ',' | '…')
        && next.map_or(true, |n| n.is_whitespace() || n == ')');
    closes.then_some((pstart + off, pstart + off + c.len_utf8()))
}

/// Finds the top-level quoted pieces of `text`, given paragraph byte ranges in
/// increasing order.
pub(crate) fn scan(text: &str, paragraphs: &[(usize, usize)]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut group = 0usize;
    // Group of a quotation left open at the end of the previous paragraph.
    let mut carry: Option<usize> = None;
    for &(pstart, pend) in paragraphs {
        let mut stack: Vec<Open> = Vec::new();
        let mut current_group = 0usize;
        let para = &text[pstart..pend];
        let first_nonspace = para
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map(|(i, _)| pstart + i);
        let bytes = para.as_bytes();
        let mut off = 0;
        // A quotation carried from the previous paragraph whose closing mark
        // comes in this one without a reopening mark (`…emotional day.
        // ¶ It felt like the first.”`): the text up to that mark continues it.
        if let (Some(g), Some(fs)) = (carry, first_nonspace) {
            if let Some((close, after)) = stray_close(para, pstart, fs) {
                pieces.push(Piece {
                    start: fs,
                    end: close,
                    group: g,
                    open: fs,
                    close: Some((close, after)),
                });
                off = after - pstart;
            }
        }
        while off < bytes.len() {
            // Only quote marks act: skip to the next byte that can start one.
            match bytes[off..]
                .iter()
                .position(|&b| QUOTE_START[usize::from(b)])
            {
                Some(k) => off += k,
                None => break,
            }
            let c = para[off..].chars().next().unwrap_or('\0');
            let pos = pstart + off;
            let clen = c.len_utf8();
            if !matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'') {
                off += clen;
                continue;
            }
            let prev = para[..off].chars().next_back();
            let next = para[off + clen..].chars().next();
            off += clen;
            let action = mark_action(c, prev, next, &stack);
            match action {
                Some(Ok(kind)) => {
                    if stack.is_empty() {
                        current_group = match carry {
                            Some(g) if Some(pos) == first_nonspace && kind.is_double() => g,
                            _ => {
                                group += 1;
                                group
                            }
                        };
                    }
                    stack.push(Open {
                        kind,
                        mark: pos,
                        content: pos + c.len_utf8(),
                    });
                }
                Some(Err(i)) => {
                    let opened = stack[i];
                    stack.truncate(i);
                    if stack.is_empty() {
                        pieces.push(Piece {
                            start: opened.content,
                            end: pos,
                            group: current_group,
                            open: opened.mark,
                            close: Some((pos, pos + c.len_utf8())),
                        });
                    }
                }
                None => {}
            }
        }
        carry = None;
        if let Some(bottom) = stack.first().copied() {
            if bottom.kind.is_double() {
                let end = pstart + para.trim_end().len();
                pieces.push(Piece {
                    start: bottom.content,
                    end: end.max(bottom.content),
                    group: current_group,
                    open: bottom.mark,
                    close: None,
                });
                carry = Some(current_group);
            }
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<(String, usize)> {
        let paras = paragraphs(text);
        scan(text, &paras)
            .into_iter()
            .map(|p| (text[p.start..p.end].to_string(), p.group))
            .collect()
    }

    fn paragraphs(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for block in text.split("\n\n") {
            out.push((start, start + block.len()));
            start += block.len() + 2;
        }
        out
    }

    #[test]
    fn straight_and_curly_double_quotes() {
        let q = quoted("\"We agree,\" he said. “We do not,” she said.");
        assert_eq!(q, vec![("We agree,".into(), 1), ("We do not,".into(), 2)]);
    }

    #[test]
    fn guillemets_with_inner_spaces() {
        let q = quoted("She welcomed it « with gratitude » and left.");
        assert_eq!(q[0].0, " with gratitude ");
    }

    #[test]
    fn single_quotes_nested_in_doubles_do_not_end_the_quote() {
        let q = quoted("“When he says ‘dialogue,’ he means delay,” she said.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].0, "When he says ‘dialogue,’ he means delay,");
        let q = quoted("\"People say 'all options are on the table,'\" she said.");
        assert_eq!(q[0].0, "People say 'all options are on the table,'");
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quoted("Russia’s envoy and the countries' leaders met.").is_empty());
        assert!(quoted("China's envoy met the ministers' aides.").is_empty());
    }

    #[test]
    fn top_level_single_quotes_are_quotes() {
        let q = quoted("China Warns Against 'Pressure Politics' on Dravonia");
        assert_eq!(q[0].0, "Pressure Politics");
    }

    #[test]
    fn quotation_continues_into_paragraph_that_reopens() {
        let text = "She said: “We are ready.\n\n“But not yet.”\n\nNarration follows.";
        let q = quoted(text);
        assert_eq!(
            q,
            vec![("We are ready.".into(), 1), ("But not yet.".into(), 1)]
        );
    }

    #[test]
    fn unbalanced_quote_recovers_at_paragraph_end() {
        let text = "He called it \"a disgrace and left.\n\nThe \"talks\" resume today.";
        let q = quoted(text);
        assert_eq!(
            q,
            vec![("a disgrace and left.".into(), 1), ("talks".into(), 2)]
        );
    }

    #[test]
    fn quotation_closed_in_next_paragraph_without_reopening() {
        let text = "He said, \"We tried.\n\nIt was a long day.\"\n\nThe \"talks\" resume.";
        let q = quoted(text);
        assert_eq!(
            q,
            vec![
                ("We tried.".into(), 1),
                ("It was a long day.".into(), 1),
                ("talks".into(), 2)
            ]
        );
        // Without a quotation left open, a stray closing mark stays stray.
        let q = quoted("He left.\n\nIt was a long day.\" The end.");
        assert!(q.is_empty());
    }

    #[test]
    fn nested_double_in_guillemets() {
        let q = quoted("It said the bloc «swallowed a “humanitarian emergency” story.»");
        assert_eq!(q.len(), 1);
        assert!(q[0].0.ends_with("story."));
    }
}
