//! Invariants shared by the fuzz targets (fuzz/fuzz_targets/). Each check panics on a
//! violation, which libFuzzer reports as a crash with the input saved under
//! `fuzz/artifacts/<target>/`.
//!
//! The checks are strict: the core bugs they once tolerated (the `core_bug_*` tests in
//! tests/properties.rs) are fixed, so fix_all must be idempotent, every nested quotation must lie
//! inside a top-level one, and a text ending in a lone `\r` must round trip.

use copydesk::document::{floor_char_boundary, units, Encoding, LineIndex};
use copydesk::{Config, Markup};
use std::sync::OnceLock;

/// The default configuration, built once.
pub fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(Config::default)
}

/// Everything about one text in one markup ([`copydesk::testing::check_text`]): findings,
/// fix_all (sound and quotation-preserving), hover every `hover_step`-th offset, and
/// idempotence. Panics on a violation.
pub fn check_text(text: &str, markup: Markup, cfg: &Config, hover_step: Option<usize>) {
    if let Err(e) = copydesk::testing::check_text(text, markup, cfg, hover_step) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------- positions

/// The reference line model, written from the documented convention: lines end after `\n`;
/// a line's content excludes its `\n` and a `\r` just before it; a lone `\r` is text.
pub struct RefLines<'a> {
    text: &'a str,
    /// (start, content end) of every line.
    pub lines: Vec<(usize, usize)>,
}

impl<'a> RefLines<'a> {
    pub fn new(text: &'a str) -> RefLines<'a> {
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                let end = if i > start && text.as_bytes()[i - 1] == b'\r' { i - 1 } else { i };
                lines.push((start, end));
                start = i + 1;
            }
        }
        lines.push((start, text.len()));
        RefLines { text, lines }
    }

    /// Byte offset of (line, col): clamped to the text's end past the last line, to the line's
    /// content end past it, to a character's start inside it.
    pub fn offset(&self, line: usize, col: usize, enc: Encoding) -> usize {
        let Some(&(start, end)) = self.lines.get(line) else { return self.text.len() };
        let mut used = 0;
        for (i, c) in self.text[start..end].char_indices() {
            let w = units(c.encode_utf8(&mut [0; 4]), enc);
            if used + w > col {
                return start + i;
            }
            used += w;
        }
        end
    }

    /// (line, col) of a byte offset (floored to a char boundary, clamped to the text).
    pub fn position(&self, offset: usize, enc: Encoding) -> (usize, usize) {
        let o = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.lines.partition_point(|&(s, _)| s <= o) - 1;
        (line, units(&self.text[self.lines[line].0..o], enc))
    }
}

/// LineIndex against the reference model for one offset and one position.
pub fn check_line_index(text: &str, idx: &LineIndex, r: &RefLines, offset: usize, line: usize, col: usize) {
    assert_eq!(idx.line_count(), r.lines.len(), "line count of {text:?}");
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
        // offset -> position: as the reference.
        let p = idx.position_in(text, offset, enc);
        assert_eq!(p, r.position(offset, enc), "position_in({offset}, {enc:?}) of {text:?}");
        // position -> offset -> back: the char-boundary floor, or the line's end when the offset
        // sits between `\r` and `\n`.
        let back = idx.offset(text, p.0, p.1, enc);
        let expected = r.offset(p.0, p.1, enc);
        assert_eq!(back, expected, "offset {offset} -> {p:?} ({enc:?}) -> {back} in {text:?}");
        let floor = floor_char_boundary(text, offset.min(text.len()));
        assert!(back == floor || (back + 1 == floor && text[back..].starts_with("\r\n")), "round trip of {offset}: {back}");
        // position -> offset: as the reference, on a char boundary, inside the line.
        let o = idx.offset(text, line, col, enc);
        assert_eq!(o, r.offset(line, col, enc), "offset({line}, {col}, {enc:?}) of {text:?}");
        assert!(text.is_char_boundary(o));
    }
}
