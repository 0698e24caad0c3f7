//! Line index over a text: byte offsets to and from (line, column) in UTF-8, UTF-16 or
//! UTF-32 (character) units. Pure and allocation-light; used by the CLI and in tests.

/// The unit a column is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

/// Start offsets of every line of a text. A line ends after `\n`; `\r\n` counts as one break
/// and a `\r` alone is not a break (as in LSP clients that normalise to `\n`).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, len: text.len() }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where line `line` (0-based) starts, or `None` past the end.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// End of the line's content (before `\r\n` or `\n`). The last line has no break: it
    /// runs to the end of the text, a trailing lone `\r` included (a `\r` alone is not a break,
    /// here as in the server's rope document, `lsp::documents`).
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

    /// 0-based line and column (in characters) of a byte offset. Offsets inside a character
    /// are moved back to its start; offsets past the end are clamped.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        self.position_in(text, offset, Encoding::Utf32)
    }

    /// Like [`position`](Self::position) but with the column counted in `enc` units.
    pub fn position_in(&self, text: &str, offset: usize, enc: Encoding) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let slice = &text[self.starts[line]..offset];
        (line, units(slice, enc))
    }

    /// Byte offset of a (line, column) position, clamping a line past the end to the end of
    /// the text and a column past the end of its line to the line's end; a column inside a
    /// character (e.g. between the halves of a UTF-16 surrogate pair) moves to its start.
    pub fn offset(&self, text: &str, line: usize, col: usize, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.line_end(text, line);
        let mut used = 0;
        for (i, ch) in text[start..end].char_indices() {
            let w = char_units(ch, enc);
            if used + w > col {
                return start + i;
            }
            used += w;
        }
        end
    }
}

/// Number of `enc` units in `s`.
pub fn units(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        Encoding::Utf32 => s.chars().count(),
    }
}

fn char_units(ch: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => ch.len_utf8(),
        Encoding::Utf16 => ch.len_utf16(),
        Encoding::Utf32 => 1,
    }
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
