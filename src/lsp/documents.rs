//! The server's document model: an open document's text with its [`LineIndex`], edits applied
//! at positions in the negotiated encoding, and the protocol's [`Position`] converted to and
//! from byte offsets. The conversions (lines, columns, clamping) are the core's line index
//! ([`crate::document`]), the same one the CLI and diagnostics use, so positions going in
//! (edits, hover, code-action ranges) and coming out (diagnostics, edits) always agree.
//!
//! Every conversion clamps instead of failing (see [`crate::document`]): a line past the last
//! one means the end of the text, a column past the end of its line the line's end (before
//! `\r\n` or `\n`), a column inside a character (between the halves of a UTF-16 surrogate pair,
//! or inside a multi-byte UTF-8 sequence) the start of that character.

use crate::document::{Encoding, LineIndex, Resolved};
use tower_lsp_server::ls_types::Position;

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    lines: LineIndex,
    pub version: i32,
    pub language: String,
}

impl Document {
    pub fn new(text: &str, version: i32, language: &str) -> Document {
        Document { text: text.to_string(), lines: LineIndex::new(text), version, language: language.to_string() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    pub fn len_bytes(&self) -> usize {
        self.text.len()
    }

    /// The byte offset of `pos`, clamped into the document.
    pub fn offset(&self, pos: Position, enc: Encoding) -> Resolved {
        self.lines.resolve(&self.text, pos.line as usize, pos.character as usize, enc)
    }

    /// The position of byte `offset` (moved back to a character boundary, clamped to the end).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let (line, col) = self.lines.position_in(&self.text, offset, enc);
        Position::new(line as u32, col as u32)
    }

    /// Replaces the text between two positions. A reversed range is taken as empty at its
    /// start. Returns whether a position had to be clamped (the caller logs it). The text is
    /// spliced and the line index moved in place ([`LineIndex::replace`]: linear in the lines,
    /// not in the bytes).
    pub fn apply(&mut self, start: Position, end: Position, text: &str, enc: Encoding) -> bool {
        let a = self.offset(start, enc);
        let b = self.offset(end, enc);
        let (from, to) = if b.offset < a.offset { (a.offset, a.offset) } else { (a.offset, b.offset) };
        self.text.replace_range(from..to, text);
        self.lines.replace(from, to, text);
        a.clamped || b.clamped || b.offset < a.offset
    }

    /// Replaces the whole text (a change event without a range).
    pub fn replace_all(&mut self, text: &str) {
        *self = Document::new(text, self.version, &self.language);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const UTF8: Encoding = Encoding::Utf8;
    const UTF16: Encoding = Encoding::Utf16;

    fn p(line: u32, col: u32) -> Position {
        Position::new(line, col)
    }

    #[test]
    fn surrogates_crlf_cyrillic_and_clamping() {
        let mut d = Document::new("a😀b\r\nПривет\r\n", 1, "markdown");
        // After the emoji: UTF-16 column 3, UTF-8 column 5.
        assert_eq!(d.offset(p(0, 3), UTF16), Resolved { offset: 5, clamped: false });
        assert_eq!(d.offset(p(0, 5), UTF8), Resolved { offset: 5, clamped: false });
        // Inside the surrogate pair, or inside the UTF-8 sequence: the emoji's start.
        assert_eq!(d.offset(p(0, 2), UTF16), Resolved { offset: 1, clamped: true });
        assert_eq!(d.offset(p(0, 3), UTF8), Resolved { offset: 1, clamped: true });
        // Past the end of the line: the line's end, before \r\n.
        assert_eq!(d.offset(p(0, 99), UTF16), Resolved { offset: 6, clamped: true });
        assert_eq!(d.offset(p(0, 4), UTF16), Resolved { offset: 6, clamped: false });
        // Past the last line: the end of the text.
        assert_eq!(d.offset(p(9, 0), UTF16).offset, d.len_bytes());
        // The (empty) last line after the final break is a real line.
        assert_eq!(d.offset(p(2, 0), UTF16), Resolved { offset: d.len_bytes(), clamped: false });
        // Back from offsets.
        assert_eq!(d.position(5, UTF16), p(0, 3));
        assert_eq!(d.position(3, UTF16), p(0, 1), "inside the emoji: its start");
        assert_eq!(d.position("a😀b\r\nПр".len(), UTF16), p(1, 2));
        assert_eq!(d.position("a😀b\r\nПр".len(), UTF8), p(1, 4));
        assert!(!d.apply(p(1, 0), p(1, 6), "Hi", UTF16));
        assert_eq!(d.text(), "a😀b\r\nHi\r\n");
        assert!(d.apply(p(5, 0), p(7, 3), "!", UTF8));
        assert_eq!(d.text(), "a😀b\r\nHi\r\n!");
        // A reversed range inserts at its start.
        assert!(d.apply(p(1, 2), p(1, 0), "?", UTF16));
        assert_eq!(d.text(), "a😀b\r\nHi?\r\n!");
    }

    // ---- property: random incremental edits ------------------------------------------------

    use crate::lsp::convert::Conv;
    use proptest::prelude::*;

    /// A deliberately naive model of the same rules, over a `String`: find the line by
    /// scanning for `\n`, then walk its characters (the sync tests use it too).
    pub(crate) fn reference_offset(text: &str, pos: Position, enc: Encoding) -> usize {
        let mut start = 0usize;
        for _ in 0..pos.line {
            match text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return text.len(),
            }
        }
        let mut end = text[start..].find('\n').map(|i| start + i).unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' && end < text.len() {
            end -= 1;
        }
        let mut used = 0usize;
        for (i, ch) in text[start..end].char_indices() {
            if used + enc.width(ch) > pos.character as usize {
                return start + i;
            }
            used += enc.width(ch);
        }
        end
    }

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "a",
            "ISIL",
            "ISIS",
            "Islamic State",
            " ",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            // Not line breaks here (nor in the core): Unicode separators, NEL, form feed.
            "\u{2028}",
            "\u{85}",
            "\u{c}",
            "😀",
            "👩‍👩‍👧",
            "é",
            "e\u{301}",
            "Привет",
            "Київ",
            "中文",
            "“",
            "”",
            "\"",
            ",",
            ".",
            "said",
            " the minister said.",
            "Kiev",
            "Kyiv",
        ])
        .prop_map(str::to_string)
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Any sequence of random incremental edits (random, possibly out-of-range or
        /// mid-character ranges; multi-byte, emoji and CRLF text; both encodings) applied to the
        /// document gives the same text as the same edits applied to a `String` through a naive
        /// model, and the server's diagnostics for the result equal those of the final text
        /// opened fresh.
        #[test]
        fn random_edits_match_a_string_and_a_fresh_analysis(
            start in text(),
            edits in prop::collection::vec((0u32..7, 0u32..14, 0u32..7, 0u32..14, text()), 0..14),
            utf8 in any::<bool>(),
        ) {
            let enc = if utf8 { UTF8 } else { UTF16 };
            let mut doc = Document::new(&start, 1, "markdown");
            let mut reference = start.clone();
            for (l1, c1, l2, c2, t) in edits {
                let a = reference_offset(&reference, Position::new(l1, c1), enc);
                let b = reference_offset(&reference, Position::new(l2, c2), enc);
                let (a, b) = if b < a { (a, a) } else { (a, b) };
                reference.replace_range(a..b, &t);
                doc.apply(Position::new(l1, c1), Position::new(l2, c2), &t, enc);
                prop_assert_eq!(doc.text(), reference.as_str());
                prop_assert_eq!(doc.len_bytes(), reference.len());
            }
            // Positions out agree with positions in, on every character boundary (except
            // between the halves of a \r\n, which no position names).
            for (i, _) in reference.char_indices().chain(std::iter::once((reference.len(), ' '))) {
                if i > 0 && reference[..i].ends_with('\r') && reference[i..].starts_with('\n') {
                    continue;
                }
                let pos = doc.position(i, enc);
                prop_assert_eq!(doc.offset(pos, enc).offset, i);
            }
            let cfg = crate::Config::default();
            let diagnostics = |text: &str| -> Vec<tower_lsp_server::ls_types::Diagnostic> {
                let uri: tower_lsp_server::ls_types::Uri = "file:///story.md".parse().unwrap();
                let a = crate::analyze(text, crate::Markup::Markdown, &cfg);
                let lines = crate::document::LineIndex::new(text);
                let conv = Conv { text, lines: &lines, enc };
                crate::rules::run(&a, &cfg).iter().map(|f| conv.diagnostic(&uri, f)).collect()
            };
            prop_assert_eq!(diagnostics(doc.text()), diagnostics(Document::new(&reference, 1, "markdown").text()));
        }
    }
}
