//! The one line index: byte offsets to and from (line, column) positions, with the column in
//! UTF-8, UTF-16 or UTF-32 (character) units. Pure and allocation-light: the CLI's locations,
//! configuration errors and the language server's positions (which wraps it in
//! `lsp_types::Position` at its edge, `lsp::convert` and `lsp::documents`) all go through it.
//!
//! Lines end after `\n`; `\r\n` counts as one break and a `\r` alone is not a break (as in LSP
//! clients that normalise to `\n`). Every conversion clamps instead of failing:
//! - a line past the last one means the end of the text;
//! - a column past the end of its line means the line's end (before `\r\n` or `\n`);
//! - a column inside a character (between the halves of a UTF-16 surrogate pair, or inside a
//!   multi-byte UTF-8 sequence) means the start of that character;
//! - an offset inside a character means its start, an offset past the end the text's end.

/// The unit a column is counted in (for the language server: the negotiated position encoding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// Width of `ch` in this unit.
    pub fn width(self, ch: char) -> usize {
        match self {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }

    /// The name the protocol gives it (`positionEncoding`).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }
}

/// A byte offset resolved from a position, and whether it had to be clamped to get there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub offset: usize,
    pub clamped: bool,
}

/// Start offsets of every line of a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 60 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, len: text.len() }
    }

    /// The index after `text[from..to]` is replaced by `new` (the caller edits the text): line
    /// starts before the edit stay, those inside it are the new text's, those after it move.
    /// Linear in the lines, not in the bytes, so a change event with many edits stays cheap.
    pub fn replace(&mut self, from: usize, to: usize, new: &str) {
        let first = self.starts.partition_point(|&s| s <= from);
        let last = self.starts.partition_point(|&s| s <= to);
        let (removed, added) = (to - from, new.len());
        for s in &mut self.starts[last..] {
            *s = *s - removed + added;
        }
        self.starts.splice(first..last, memchr::memchr_iter(b'\n', new.as_bytes()).map(|i| from + i + 1));
        self.len = self.len - removed + added;
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where line `line` (0-based) starts, or `None` past the end.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// End of the line's content (before `\r\n` or `\n`). The last line has no break: it
    /// runs to the end of the text, a trailing lone `\r` included.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let Some(&next) = self.starts.get(line + 1) else {
            return self.len;
        };
        let end = next - 1; // the `\n`
        if end > self.starts[line] && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }

    /// 0-based line of a byte offset (clamped to the text's end), by binary search.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset.min(self.len)) - 1
    }

    /// 0-based line and column (in characters) of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        self.position_in(text, offset, Encoding::Utf32)
    }

    /// 0-based line and column (in `enc` units) of a byte offset; an offset inside a character
    /// moves back to its start, one past the end to the end.
    pub fn position_in(&self, text: &str, offset: usize, enc: Encoding) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        (line, count(&text.as_bytes()[start..offset], enc))
    }

    /// Byte offset of a (line, column) position, clamped (see the module documentation).
    pub fn offset(&self, text: &str, line: usize, col: usize, enc: Encoding) -> usize {
        self.resolve(text, line, col, enc).offset
    }

    /// [`offset`](Self::offset), and whether the position had to be clamped: a line or column
    /// past the end, or a column inside a character.
    pub fn resolve(&self, text: &str, line: usize, col: usize, enc: Encoding) -> Resolved {
        let Some(&start) = self.starts.get(line) else {
            return Resolved { offset: text.len(), clamped: true };
        };
        let end = self.line_end(text, line);
        let mut used = 0;
        for (i, ch) in text[start..end].char_indices() {
            if used == col {
                return Resolved { offset: start + i, clamped: false };
            }
            used += enc.width(ch);
            if used > col {
                // Inside this character: its start.
                return Resolved { offset: start + i, clamped: true };
            }
        }
        Resolved { offset: end, clamped: col > used }
    }
}

/// Number of `enc` units in `s` (decoded character by character: the reference the index's
/// faster count is tested against).
pub fn units(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        Encoding::Utf32 => s.chars().count(),
    }
}

/// Number of `enc` units in whole characters of UTF-8, counted without decoding.
fn count(bytes: &[u8], enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => bytes.len(),
        // News copy is mostly ASCII, where a UTF-16 column is a byte count.
        Encoding::Utf16 if bytes.is_ascii() => bytes.len(),
        Encoding::Utf16 => utf16_len(bytes),
        // One for each byte that starts a character.
        Encoding::Utf32 => bytes.iter().filter(|&&b| (b as i8) >= -0x40).count(),
    }
}

/// The length in UTF-16 code units of whole characters of UTF-8: one for each byte that starts
/// a character, and one more for each that starts a four-byte one (a surrogate pair). Counted
/// byte by byte without decoding, which the compiler does many bytes at a time: a paragraph
/// with typographic quotation marks is one line, and its diagnostics' columns count it.
fn utf16_len(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| c.iter().map(|&b| u8::from((b as i8) >= -0x40) + u8::from(b >= 0xF0)).fold(0u8, u8::wrapping_add) as usize)
        .sum()
}

/// The largest char boundary at or before `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

    #[test]
    fn replacing_a_range_gives_the_index_of_the_new_text() {
        let mut rng = crate::test_rng(11);
        let pieces = ["a", "\n", "\r\n", "é", "😀", " ", "\r"];
        for _ in 0..2000 {
            let mut text: String = (0..rng(12)).map(|_| pieces[rng(pieces.len())]).collect();
            let mut index = LineIndex::new(&text);
            for _ in 0..4 {
                let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
                let (a, b) = (bounds[rng(bounds.len())], bounds[rng(bounds.len())]);
                let (from, to) = (a.min(b), a.max(b));
                let new: String = (0..rng(4)).map(|_| pieces[rng(pieces.len())]).collect();
                text.replace_range(from..to, &new);
                index.replace(from, to, &new);
                assert_eq!(index, LineIndex::new(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn counts_without_decoding_are_the_decoded_ones() {
        let mut rng = crate::test_rng(5);
        let pieces = ["a", " ", "“", "’", "é", "😀", "Привет", "—", "\u{10FFFF}", "z"];
        for n in [0, 1, 3, 254, 255, 256, 600, 2000] {
            let text: String = (0..n).map(|_| pieces[rng(pieces.len())]).collect();
            for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(7) {
                for enc in ALL {
                    assert_eq!(count(&text.as_bytes()[..end], enc), units(&text[..end], enc), "{enc:?}");
                }
            }
        }
    }

    fn at(idx: &LineIndex, text: &str, line: usize, col: usize, enc: Encoding) -> (usize, bool) {
        let r = idx.resolve(text, line, col, enc);
        (r.offset, r.clamped)
    }

    #[test]
    fn surrogate_pairs_in_each_encoding() {
        let t = "a😀b";
        let idx = LineIndex::new(t);
        // After the emoji: UTF-8 column 5, UTF-16 column 3, UTF-32 column 2.
        assert_eq!(at(&idx, t, 0, 5, Encoding::Utf8), (5, false));
        assert_eq!(at(&idx, t, 0, 3, Encoding::Utf16), (5, false));
        assert_eq!(at(&idx, t, 0, 2, Encoding::Utf32), (5, false));
        // Between the halves of the surrogate pair, or inside the UTF-8 sequence: its start.
        assert_eq!(at(&idx, t, 0, 2, Encoding::Utf16), (1, true));
        for col in 2..=4 {
            assert_eq!(at(&idx, t, 0, col, Encoding::Utf8), (1, true));
        }
        // Offsets inside the emoji are at its start, in every encoding.
        for o in 2..5 {
            for enc in ALL {
                assert_eq!(idx.position_in(t, o, enc), (0, 1), "{o} {enc:?}");
            }
        }
        assert_eq!(idx.position_in(t, 5, Encoding::Utf8), (0, 5));
        assert_eq!(idx.position_in(t, 5, Encoding::Utf16), (0, 3));
        assert_eq!(idx.position_in(t, 5, Encoding::Utf32), (0, 2));
    }

    #[test]
    fn crlf_lines_end_before_the_break_in_each_encoding() {
        let t = "Привет\r\nx\r\n\rz\r";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_count(), 3);
        let widths = [(Encoding::Utf8, 12), (Encoding::Utf16, 6), (Encoding::Utf32, 6)];
        for (enc, w) in widths {
            assert_eq!(at(&idx, t, 0, w, enc), (12, false), "{enc:?}: the line's end, exactly");
            assert_eq!(at(&idx, t, 0, w + 1, enc), (12, true), "{enc:?}: past it, before \\r\\n");
            assert_eq!(at(&idx, t, 0, 99, enc), (12, true));
            // Between the \r and the \n: the column after the \r, which maps back to the end
            // of the line's content (no position names that offset).
            assert_eq!(idx.position_in(t, 13, enc), (0, w + 1));
            assert_eq!(at(&idx, t, 0, w + 1, enc).0, 12);
            assert_eq!(idx.position_in(t, 14, enc), (1, 0));
            // A lone \r is text: the last line (no break after it) keeps its trailing \r.
            assert_eq!(idx.line_end(t, 2), t.len());
            assert_eq!(at(&idx, t, 2, 3, enc), (t.len(), false));
            assert_eq!(at(&idx, t, 2, 4, enc), (t.len(), true));
        }
    }

    #[test]
    fn past_the_last_line_and_the_end_of_the_text() {
        for t in ["", "one\ntwo", "one\ntwo\n", "one\r\n"] {
            let idx = LineIndex::new(t);
            let last = idx.line_count() - 1;
            for enc in ALL {
                assert_eq!(at(&idx, t, last + 1, 0, enc), (t.len(), true), "{t:?} {enc:?}");
                assert_eq!(at(&idx, t, usize::MAX, usize::MAX, enc), (t.len(), true));
                assert_eq!(at(&idx, t, last, 99, enc), (t.len(), true), "{t:?} {enc:?}: past the last line's end");
                // The (empty) line after a final break is a real line.
                assert_eq!(idx.position_in(t, t.len() + 5, enc), (last, units(&t[idx.line_start(last).unwrap()..], enc)));
            }
        }
        let t = "one\n";
        assert_eq!(at(&LineIndex::new(t), t, 1, 0, Encoding::Utf16), (4, false));
    }

    #[test]
    fn combining_marks_and_cjk_count_per_code_point() {
        let t = "e\u{301}中文x";
        let idx = LineIndex::new(t);
        // e (1) + U+0301 (1) + 中 (1) + 文 (1) in UTF-16; 1 + 2 + 3 + 3 bytes in UTF-8.
        assert_eq!(idx.offset(t, 0, 4, Encoding::Utf16), "e\u{301}中文".len());
        assert_eq!(idx.offset(t, 0, 9, Encoding::Utf8), "e\u{301}中文".len());
        assert_eq!(idx.position_in(t, "e\u{301}中".len(), Encoding::Utf16), (0, 3));
    }
}
