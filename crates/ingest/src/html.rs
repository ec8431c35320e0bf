//! Visible text of an HTML document.
//!
//! Uses the `html5ever` tokenizer (the WHATWG tokenizer of Servo) for the hard
//! parts: character references, comments, attributes, and the raw-text rules
//! of `<script>`, `<style>` and `<title>`. No DOM is built; text is streamed
//! out as tokens arrive:
//!
//! - `<title>` text becomes the title, not part of the body text;
//! - `<script>`, `<style>`, `<template>`, `<noscript>` (as a browser with
//!   scripting sees it), `<iframe>`, `<noembed>`, `<noframes>` and elements
//!   with a `hidden` attribute are dropped;
//! - block elements (`<p>`, `<div>`, headings, list items, table rows, ...)
//!   separate paragraphs with a blank line, `<br>` with a line break;
//! - other whitespace collapses to one space, except inside `<pre>`.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The text and title of an HTML document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extracted {
    /// Visible text, paragraphs separated by blank lines.
    pub text: String,
    /// Contents of the first non-empty `<title>`, whitespace collapsed.
    pub title: Option<String>,
}

/// Extracts the visible text and the title of `html`.
pub fn extract(html: &str) -> Extracted {
    let tokenizer = Tokenizer::new(TextSink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    // Feed in slices: a tendril holds at most 4 GiB, and smaller pieces keep
    // the copy small.
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(1 << 20);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        queue.push_back(StrTendril::from_slice(&rest[..cut]));
        rest = &rest[cut..];
        // The sink never asks to run a script, so feeding only returns early
        // when the queue is drained.
        let _ = tokenizer.feed(&queue);
    }
    tokenizer.end();
    let state = tokenizer.sink.state.into_inner();
    let title = collapse(&state.title);
    Extracted {
        text: state.out,
        title: (!title.is_empty()).then_some(title),
    }
}

fn collapse(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements whose start and end separate paragraphs.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Elements that never have content or an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

#[derive(Default)]
struct TextSink {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    out: String,
    /// 0: nothing, 1: line break, 2: paragraph break before the next text.
    pending_break: u8,
    pending_space: bool,
    /// An element whose content is dropped, and how deeply it is nested.
    skip: Option<(String, usize)>,
    in_title: bool,
    title: String,
    /// A non-empty title was seen; later `<title>`s (in SVG, say) are ignored.
    title_done: bool,
    pre_depth: usize,
}

impl State {
    fn brk(&mut self, level: u8) {
        self.pending_break = self.pending_break.max(level);
    }

    fn text(&mut self, s: &str) {
        if self.in_title {
            if !self.title_done {
                self.title.push_str(s);
            }
            return;
        }
        if self.skip.is_some() {
            return;
        }
        for c in s.chars() {
            let ws = matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c');
            if ws && self.pre_depth == 0 {
                self.pending_space = true;
                continue;
            }
            if c == '\n' {
                // Inside <pre>: keep line breaks, and keep blank lines as
                // paragraph breaks.
                self.flush();
                self.out.push('\n');
                continue;
            }
            self.flush();
            self.out.push(c);
        }
    }

    /// Writes the pending separator before visible text.
    fn flush(&mut self) {
        if !self.out.is_empty() {
            match self.pending_break {
                0 if self.pending_space => self.out.push(' '),
                0 => {}
                level => {
                    let trimmed = self.out.trim_end_matches([' ', '\t']).len();
                    self.out.truncate(trimmed);
                    let have = self.out.len() - self.out.trim_end_matches('\n').len();
                    for _ in have..usize::from(level) {
                        self.out.push('\n');
                    }
                }
            }
        }
        self.pending_break = 0;
        self.pending_space = false;
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        // The tokenizer state must follow raw-text elements even inside
        // dropped content, or `</div>` in a script string would end a div.
        let raw = match name {
            "script" => Some(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some(RawKind::Rawtext)
            }
            "title" | "textarea" => Some(RawKind::Rcdata),
            _ => None,
        };
        if let Some((skipped, depth)) = &mut self.skip {
            if skipped == name && !is_void(name) {
                if start && !tag.self_closing {
                    *depth += 1;
                } else if !start {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skip = None;
                        self.pending_space = true;
                    }
                }
            }
            return match raw {
                Some(kind) if start && !tag.self_closing => TokenSinkResult::RawData(kind),
                _ => TokenSinkResult::Continue,
            };
        }
        if name == "title" {
            self.in_title = start && !tag.self_closing;
            if !start && !self.title.trim().is_empty() {
                self.title_done = true;
            }
            return match raw {
                Some(kind) if self.in_title => TokenSinkResult::RawData(kind),
                _ => TokenSinkResult::Continue,
            };
        }
        if start {
            let dropped = matches!(
                name,
                "script" | "style" | "template" | "noscript" | "iframe" | "noembed" | "noframes"
            ) || tag.attrs.iter().any(|a| &*a.name.local == "hidden");
            if dropped && !is_void(name) && !tag.self_closing {
                self.skip = Some((name.to_string(), 1));
            }
        }
        match name {
            "br" => self.brk(1),
            "pre" if start => {
                self.brk(2);
                self.pre_depth += 1;
            }
            "pre" => {
                self.brk(2);
                self.pre_depth = self.pre_depth.saturating_sub(1);
            }
            "td" | "th" | "img" => self.pending_space = true,
            n if is_block(n) => self.brk(2),
            _ => {}
        }
        match raw {
            Some(kind) if start && !tag.self_closing => TokenSinkResult::RawData(kind),
            _ => TokenSinkResult::Continue,
        }
    }
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => state.tag(&tag),
            Token::CharacterTokens(s) => {
                state.text(&s);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_body_and_paragraphs() {
        let html = "<!DOCTYPE html><html><head><title> Talks  &amp; truce </title>\
            <style>p { color: red }</style><script>if (a < b) { x = '</div>'; }</script></head>\
            <body><h1>Envoys meet</h1><p>The U.N. envoy said &ldquo;no&rdquo; &mdash; twice.</p>\
            <div>Second <b>para</b>graph,<br>new line.</div><!-- a comment --></body></html>";
        let e = extract(html);
        assert_eq!(e.title.as_deref(), Some("Talks & truce"));
        assert_eq!(
            e.text,
            "Envoys meet\n\nThe U.N. envoy said “no” — twice.\n\nSecond paragraph,\nnew line."
        );
    }

    #[test]
    fn hidden_and_nested_dropped_content() {
        let html = "<p>Seen</p><div hidden>Not <div>seen</div> at all</div><p>Also seen</p>\
            <template><p>tmpl</p></template><noscript>enable js</noscript>";
        assert_eq!(extract(html).text, "Seen\n\nAlso seen");
    }

    #[test]
    fn entities_and_whitespace() {
        let e = extract("<p>a&nbsp;b &lt;c&gt; &#x27;d&#39; &eacute;t&eacute;\n\n   end &amp</p>");
        assert_eq!(e.text, "a\u{a0}b <c> 'd' été end &");
        assert_eq!(e.title, None);
    }

    #[test]
    fn pre_keeps_lines_and_lists_split() {
        let e = extract("<ul><li>One</li><li>Two</li></ul><pre>a  b\n  c</pre>after");
        assert_eq!(e.text, "One\n\nTwo\n\na  b\n  c\n\nafter");
    }

    #[test]
    fn table_cells_are_spaced() {
        assert_eq!(
            extract("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>").text,
            "a b\n\nc"
        );
    }

    #[test]
    fn broken_markup_never_panics() {
        for html in [
            "<",
            "<p",
            "</",
            "<script>",
            "<title>",
            "<title>x",
            "<div hidden>",
            "</div></div>",
            "<pre></pre></pre>",
            "&#xFFFFFFFF;&#0;",
            "<![CDATA[x]]>",
            "<svg><title>t</title></svg>",
        ] {
            let _ = extract(html);
        }
        assert_eq!(extract("<p>unclosed <b>bold").text, "unclosed bold");
    }
}
