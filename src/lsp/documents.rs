//! The server's document model: an open document's text in a [`Rope`], edits applied in place,
//! and positions converted between the negotiated encoding and byte offsets.
//!
//! Lines end at `\n` (a `\r\n` pair counts as one break and a lone `\r` is not a break), the same
//! convention as the core's [`LineIndex`](crate::document::LineIndex), so positions going in
//! (edits, hover, code-action ranges) and coming out (diagnostics, edits) always agree.
//!
//! Every conversion clamps instead of failing:
//! - a line past the last one means the end of the text;
//! - a column past the end of its line means the line's end (before `\r\n` or `\n`);
//! - a column inside a character (between the halves of a UTF-16 surrogate pair, or inside a
//!   multi-byte UTF-8 sequence) means the start of that character.

use ropey::Rope;

/// The unit of `Position.character`, negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    /// Width of `ch` in this unit.
    pub fn width(self, ch: char) -> usize {
        match self {
            Enc::Utf8 => ch.len_utf8(),
            Enc::Utf16 => ch.len_utf16(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }
}

/// A protocol position: 0-based line and column in [`Enc`] units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }
}

/// A byte offset resolved from a position, and whether it had to be clamped to get there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub offset: usize,
    pub clamped: bool,
}

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub language: String,
}

impl Document {
    pub fn new(text: &str, version: i32, language: &str) -> Document {
        Document { rope: Rope::from_str(text), version, language: language.to_string() }
    }

    /// The whole text (a copy; the rope stays).
    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn len_bytes(&self) -> usize {
        self.rope.len_bytes()
    }

    /// The byte offset of `pos`, clamped into the document.
    pub fn offset(&self, pos: Pos, enc: Enc) -> Resolved {
        offset_in_rope(&self.rope, pos, enc)
    }

    /// The position of byte `offset` (moved back to a character boundary, clamped to the end).
    pub fn position(&self, offset: usize, enc: Enc) -> Pos {
        let rope = &self.rope;
        let offset = offset.min(rope.len_bytes());
        // Back to a character boundary: byte_to_char rounds down to the containing character.
        let ch = rope.byte_to_char(offset);
        let offset = rope.char_to_byte(ch);
        let line = rope.byte_to_line(offset);
        let line_start = rope.line_to_byte(line);
        let col = match enc {
            Enc::Utf8 => offset - line_start,
            Enc::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(rope.line_to_char(line)),
        };
        Pos::new(line as u32, col as u32)
    }

    /// Replaces the text between two positions. A reversed range is taken as empty at its
    /// start. Returns whether a position had to be clamped (the caller logs it). The rope is
    /// changed in place: the cost is the size of the edit, not of the document.
    pub fn apply(&mut self, start: Pos, end: Pos, text: &str, enc: Enc) -> bool {
        let a = self.offset(start, enc);
        let b = self.offset(end, enc);
        let (from, to) = if b.offset < a.offset { (a.offset, a.offset) } else { (a.offset, b.offset) };
        let from_char = self.rope.byte_to_char(from);
        let to_char = self.rope.byte_to_char(to);
        if from_char < to_char {
            self.rope.remove(from_char..to_char);
        }
        if !text.is_empty() {
            self.rope.insert(from_char, text);
        }
        a.clamped || b.clamped || b.offset < a.offset
    }

    /// Replaces the whole text (a change event without a range).
    pub fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
    }
}

/// The byte offset of `pos` in `rope`, clamped (see the module documentation).
pub fn offset_in_rope(rope: &Rope, pos: Pos, enc: Enc) -> Resolved {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return Resolved { offset: rope.len_bytes(), clamped: true };
    }
    let line_start = rope.line_to_byte(line);
    let slice = rope.line(line);
    // The line's content, without its break.
    let mut content = slice.len_bytes();
    let mut back = slice.chars_at(slice.len_chars());
    if back.prev() == Some('\n') {
        content -= 1;
        if back.prev() == Some('\r') {
            content -= 1;
        }
    }
    let col = pos.col as usize;
    let mut used = 0usize;
    let mut bytes = 0usize;
    for ch in slice.byte_slice(..content).chars() {
        if used == col {
            return Resolved { offset: line_start + bytes, clamped: false };
        }
        let w = enc.width(ch);
        if used + w > col {
            // Inside this character: its start.
            return Resolved { offset: line_start + bytes, clamped: true };
        }
        used += w;
        bytes += ch.len_utf8();
    }
    Resolved { offset: line_start + content, clamped: col > used }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: u32, col: u32) -> Pos {
        Pos::new(line, col)
    }

    #[test]
    fn surrogates_crlf_cyrillic_and_clamping() {
        let mut d = Document::new("a😀b\r\nПривет\r\n", 1, "markdown");
        // After the emoji: UTF-16 column 3, UTF-8 column 5.
        assert_eq!(d.offset(p(0, 3), Enc::Utf16), Resolved { offset: 5, clamped: false });
        assert_eq!(d.offset(p(0, 5), Enc::Utf8), Resolved { offset: 5, clamped: false });
        // Inside the surrogate pair, or inside the UTF-8 sequence: the emoji's start.
        assert_eq!(d.offset(p(0, 2), Enc::Utf16), Resolved { offset: 1, clamped: true });
        assert_eq!(d.offset(p(0, 3), Enc::Utf8), Resolved { offset: 1, clamped: true });
        // Past the end of the line: the line's end, before \r\n.
        assert_eq!(d.offset(p(0, 99), Enc::Utf16), Resolved { offset: 6, clamped: true });
        assert_eq!(d.offset(p(0, 4), Enc::Utf16), Resolved { offset: 6, clamped: false });
        // Past the last line: the end of the text.
        assert_eq!(d.offset(p(9, 0), Enc::Utf16).offset, d.len_bytes());
        // The (empty) last line after the final break is a real line.
        assert_eq!(d.offset(p(2, 0), Enc::Utf16), Resolved { offset: d.len_bytes(), clamped: false });
        // Back from offsets.
        assert_eq!(d.position(5, Enc::Utf16), p(0, 3));
        assert_eq!(d.position(3, Enc::Utf16), p(0, 1), "inside the emoji: its start");
        assert_eq!(d.position("a😀b\r\nПр".len(), Enc::Utf16), p(1, 2));
        assert_eq!(d.position("a😀b\r\nПр".len(), Enc::Utf8), p(1, 4));
        assert!(!d.apply(p(1, 0), p(1, 6), "Hi", Enc::Utf16));
        assert_eq!(d.text(), "a😀b\r\nHi\r\n");
        assert!(d.apply(p(5, 0), p(7, 3), "!", Enc::Utf8));
        assert_eq!(d.text(), "a😀b\r\nHi\r\n!");
        // A reversed range inserts at its start.
        assert!(d.apply(p(1, 2), p(1, 0), "?", Enc::Utf16));
        assert_eq!(d.text(), "a😀b\r\nHi?\r\n!");
    }

    #[test]
    fn combining_marks_and_cjk_count_per_code_point() {
        let d = Document::new("e\u{301}中文x", 1, "plaintext");
        // e (1) + U+0301 (1) + 中 (1) + 文 (1) in UTF-16; 1 + 2 + 3 + 3 bytes in UTF-8.
        assert_eq!(d.offset(p(0, 4), Enc::Utf16).offset, "e\u{301}中文".len());
        assert_eq!(d.offset(p(0, 9), Enc::Utf8).offset, "e\u{301}中文".len());
        assert_eq!(d.position("e\u{301}中".len(), Enc::Utf16), p(0, 3));
    }

    // ---- property: random incremental edits ------------------------------------------------

    use crate::lsp::convert::Lines;
    use proptest::prelude::*;

    /// A deliberately naive model of the same rules, over a `String`: find the line by
    /// scanning for `\n`, then walk its characters.
    fn reference_offset(text: &str, pos: Pos, enc: Enc) -> usize {
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
            if used + enc.width(ch) > pos.col as usize {
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
        /// rope gives the same text as the same edits applied to a `String` through a naive
        /// model, and the server's diagnostics for the result equal those of the final text
        /// opened fresh.
        #[test]
        fn random_edits_match_a_string_and_a_fresh_analysis(
            start in text(),
            edits in prop::collection::vec((0u32..7, 0u32..14, 0u32..7, 0u32..14, text()), 0..14),
            utf8 in any::<bool>(),
        ) {
            let enc = if utf8 { Enc::Utf8 } else { Enc::Utf16 };
            let mut doc = Document::new(&start, 1, "markdown");
            let mut reference = start.clone();
            for (l1, c1, l2, c2, t) in edits {
                let a = reference_offset(&reference, Pos::new(l1, c1), enc);
                let b = reference_offset(&reference, Pos::new(l2, c2), enc);
                let (a, b) = if b < a { (a, a) } else { (a, b) };
                reference.replace_range(a..b, &t);
                doc.apply(Pos::new(l1, c1), Pos::new(l2, c2), &t, enc);
                prop_assert_eq!(doc.text(), reference.clone());
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
                prop_assert_eq!(Lines::new(&reference).position(&reference, i, enc), pos);
            }
            let cfg = crate::Config::default();
            let diagnostics = |text: &str| -> Vec<tower_lsp_server::ls_types::Diagnostic> {
                let uri: tower_lsp_server::ls_types::Uri = "file:///story.md".parse().unwrap();
                let a = crate::analyze(text, crate::Markup::Markdown, &cfg);
                let lines = Lines::new(text);
                let conv = crate::lsp::convert::Conv { text, lines: &lines, enc };
                crate::rules::run(&a, &cfg).iter().map(|f| conv.diagnostic(&uri, f)).collect()
            };
            prop_assert_eq!(diagnostics(&doc.text()), diagnostics(&Document::new(&reference, 1, "markdown").text()));
        }
    }
}
