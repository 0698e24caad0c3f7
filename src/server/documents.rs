//! The server's document model: text in a rope, edits applied incrementally, positions
//! converted between the negotiated encoding (UTF-8 or UTF-16) and byte offsets. Every
//! conversion clamps: a line past the end means the end of the text, a column past the end of
//! its line means the line's end (before its line break), a column inside a character (between
//! the halves of a surrogate pair) means the character's start.

use ropey::Rope;

/// The unit of `Position.character`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

/// An LSP position: 0-based line and column in the negotiated unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// An open document.
#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub language: String,
}

/// What an edit did, for the log: whether a position had to be clamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EditReport {
    pub clamped: bool,
}

impl Document {
    pub fn new(text: &str, version: i32, language: &str) -> Document {
        Document { rope: Rope::from_str(text), version, language: language.to_string() }
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// The byte offset of `pos`, clamped into the document; `clamped` tells whether it had to be.
    pub fn offset(&self, pos: Pos, enc: Enc) -> (usize, bool) {
        offset_in_rope(&self.rope, pos, enc)
    }

    /// Replaces `start..end` (positions) with `text`; a reversed range is treated as empty at
    /// its start. Returns whether any position had to be clamped.
    pub fn apply(&mut self, start: Pos, end: Pos, text: &str, enc: Enc) -> EditReport {
        let (a, ca) = self.offset(start, enc);
        let (b, cb) = self.offset(end, enc);
        let (a, b) = if b < a { (a, a) } else { (a, b) };
        let ca_char = self.rope.byte_to_char(a);
        let cb_char = self.rope.byte_to_char(b);
        self.rope.remove(ca_char..cb_char);
        self.rope.insert(ca_char, text);
        EditReport { clamped: ca || cb || end < start }
    }

    /// Replaces the whole text.
    pub fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
    }
}

/// Byte offset of `pos` in `rope`, clamped (see the module documentation).
pub fn offset_in_rope(rope: &Rope, pos: Pos, enc: Enc) -> (usize, bool) {
    let lines = rope.len_lines();
    let line = pos.line as usize;
    if line >= lines {
        return (rope.len_bytes(), true);
    }
    let line_start = rope.line_to_byte(line);
    let slice = rope.line(line);
    // The line's content without its break (`\n` or `\r\n`).
    let mut content_len = slice.len_bytes();
    let mut chars = slice.chars_at(slice.len_chars());
    if let Some('\n') = chars.prev() {
        content_len -= 1;
        if let Some('\r') = chars.prev() {
            content_len -= 1;
        }
    }
    let col = pos.col as usize;
    let mut used = 0usize;
    let mut bytes = 0usize;
    for ch in slice.byte_slice(..content_len).chars() {
        let w = match enc {
            Enc::Utf8 => ch.len_utf8(),
            Enc::Utf16 => ch.len_utf16(),
        };
        if used + w > col {
            return (line_start + bytes, used != col);
        }
        used += w;
        bytes += ch.len_utf8();
    }
    (line_start + content_len, col > used)
}

/// The position of byte `offset` in `text` (clamped to a character boundary and the text).
pub fn position_in_text(index: &crate::document::LineIndex, text: &str, offset: usize, enc: Enc) -> Pos {
    let e = match enc {
        Enc::Utf8 => crate::document::Encoding::Utf8,
        Enc::Utf16 => crate::document::Encoding::Utf16,
    };
    let (line, col) = index.position_in(text, offset, e);
    Pos { line: line as u32, col: col as u32 }
}

/// The byte offset of a position in a plain string (for texts without a rope).
pub fn offset_in_text(index: &crate::document::LineIndex, text: &str, pos: Pos, enc: Enc) -> usize {
    let e = match enc {
        Enc::Utf8 => crate::document::Encoding::Utf8,
        Enc::Utf16 => crate::document::Encoding::Utf16,
    };
    index.offset(text, pos.line as usize, pos.col as usize, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }

    #[test]
    fn utf16_surrogates_crlf_and_clamping() {
        let mut d = Document::new("a😀b\r\nПривет\r\n", 1, "markdown");
        // After the emoji: UTF-16 column 3, UTF-8 column 5.
        assert_eq!(d.offset(p(0, 3), Enc::Utf16), (5, false));
        assert_eq!(d.offset(p(0, 5), Enc::Utf8), (5, false));
        // Inside the surrogate pair: moved to the emoji's start.
        assert_eq!(d.offset(p(0, 2), Enc::Utf16), (1, true));
        // Past the end of the line: the line's end, before \r\n.
        assert_eq!(d.offset(p(0, 99), Enc::Utf16), (6, true));
        // Past the last line: the end of the text.
        assert_eq!(d.offset(p(9, 0), Enc::Utf16).0, d.rope.len_bytes());
        d.apply(p(1, 0), p(1, 6), "Hi", Enc::Utf16);
        assert_eq!(d.text(), "a😀b\r\nHi\r\n");
        let r = d.apply(p(5, 0), p(7, 3), "!", Enc::Utf8);
        assert!(r.clamped);
        assert_eq!(d.text(), "a😀b\r\nHi\r\n!");
    }

    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "a",
            "ISIL",
            " ",
            "\n",
            "\r\n",
            "\u{2028}",
            "😀",
            "é",
            "e\u{301}",
            "Привет",
            "中文",
            "“",
            "”",
            ",",
            ".",
            "ISIS",
            "said",
        ])
        .prop_map(str::to_string)
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Random incremental edits through the rope give the same text as the same edits on a
        /// string (positions resolved by the core's line index), and the same findings as the
        /// final text opened fresh.
        #[test]
        fn random_edits_match_a_fresh_open(
            start in text(),
            edits in prop::collection::vec((0u32..6, 0u32..12, 0u32..6, 0u32..12, text()), 0..12),
            utf8 in any::<bool>(),
        ) {
            let enc = if utf8 { Enc::Utf8 } else { Enc::Utf16 };
            let cenc = if utf8 { crate::document::Encoding::Utf8 } else { crate::document::Encoding::Utf16 };
            let mut doc = Document::new(&start, 1, "markdown");
            let mut reference = start.clone();
            for (l1, c1, l2, c2, t) in edits {
                let idx = crate::document::LineIndex::new(&reference);
                let a = idx.offset(&reference, l1 as usize, c1 as usize, cenc);
                let b = idx.offset(&reference, l2 as usize, c2 as usize, cenc);
                let (a, b) = if b < a { (a, a) } else { (a, b) };
                reference.replace_range(a..b, &t);
                doc.apply(Pos { line: l1, col: c1 }, Pos { line: l2, col: c2 }, &t, enc);
                prop_assert_eq!(doc.text(), reference.clone());
            }
            let cfg = crate::Config::default();
            let incremental = crate::check(&doc.text(), crate::Markup::Markdown, &cfg);
            let fresh = crate::check(&Document::new(&reference, 1, "markdown").text(), crate::Markup::Markdown, &cfg);
            prop_assert_eq!(incremental, fresh);
        }
    }
}
