//! The language server's document model (`copydesk::lsp::documents::Document`: the text and
//! the core's `LineIndex`, positions as `lsp_types::Position`): a random sequence of range
//! edits, given as positions in UTF-8 or UTF-16 units, must leave the same text as the same
//! edits applied to a `String` through the reference line model in fuzz/src/lib.rs; every
//! position conversion of the document must agree with that model, and with a `LineIndex`
//! built fresh over the same text (the document keeps its own up to date).
#![no_main]

use arbitrary::Arbitrary;
use copydesk::document::{Encoding, LineIndex};
use copydesk::lsp::documents::Document;
use copydesk_fuzz::RefLines;
use libfuzzer_sys::fuzz_target;
use tower_lsp_server::ls_types::Position as Pos;

#[derive(Debug, Arbitrary)]
struct Change {
    start: (u8, u8),
    end: (u8, u8),
    text: String,
    /// A whole-text replacement instead of a range edit.
    full: bool,
}

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    utf16: bool,
    changes: Vec<Change>,
}

fn pos((line, col): (u8, u8)) -> Pos {
    // Mostly small lines and columns, where the text is; sometimes far past it.
    let f = |v: u8| if v >= 250 { 1000 + v as u32 } else { (v % 40) as u32 };
    Pos::new(f(line), f(col))
}

/// Exactly resolvable: a real line, a column at a character boundary within it.
fn exact(r: &RefLines, text: &str, p: Pos, enc: Encoding) -> bool {
    let Some(&(start, end)) = r.lines.get(p.line as usize) else { return false };
    let mut used = 0;
    if p.character == 0 {
        return true;
    }
    for c in text[start..end].chars() {
        used += copydesk::document::units(c.encode_utf8(&mut [0; 4]), enc);
        if used == p.character as usize {
            return true;
        }
    }
    false
}

fn check_conversions(doc: &Document, text: &str, enc: Encoding, probes: &[Pos]) {
    let r = RefLines::new(text);
    let idx = LineIndex::new(text);
    assert_eq!(doc.len_bytes(), text.len());
    for &p in probes {
        let got = doc.offset(p, enc);
        let want = r.offset(p.line as usize, p.character as usize, enc);
        assert_eq!(got.offset, want, "Document::offset({p:?}, {enc:?}) of {text:?}");
        assert_eq!(got.clamped, !exact(&r, text, p, enc), "Document::offset({p:?}, {enc:?}).clamped of {text:?}");
        let core = idx.offset(text, p.line as usize, p.character as usize, enc);
        assert_eq!(core, want, "LineIndex::offset({p:?}, {enc:?}) of {text:?} (the server and the core disagree)");
    }
    let step = (text.len() / 48).max(1);
    for o in (0..=text.len() + 1).step_by(step) {
        let (line, col) = r.position(o, enc);
        assert_eq!(doc.position(o, enc), Pos::new(line as u32, col as u32), "Document::position({o}, {enc:?}) of {text:?}");
    }
}

fuzz_target!(|input: Input| {
    let enc = if input.utf16 { Encoding::Utf16 } else { Encoding::Utf8 };
    let mut doc = Document::new(&input.text, 1, "markdown");
    let mut reference = input.text.clone();
    for ch in input.changes.iter().take(32) {
        let (s, t) = (pos(ch.start), pos(ch.end));
        check_conversions(&doc, &reference, enc, &[s, t]);
        if ch.full {
            doc.replace_all(&ch.text);
            reference = ch.text.clone();
            continue;
        }
        let r = RefLines::new(&reference);
        let a = r.offset(s.line as usize, s.character as usize, enc);
        let b = r.offset(t.line as usize, t.character as usize, enc);
        let (a, b) = if b < a { (a, a) } else { (a, b) };
        reference.replace_range(a..b, &ch.text);
        doc.apply(s, t, &ch.text, enc);
        assert_eq!(doc.text(), reference, "after replacing {s:?}..{t:?} ({enc:?}) with {:?}", ch.text);
    }
    check_conversions(&doc, &reference, enc, &[Pos::new(0, 0), Pos::new(1, 3), Pos::new(u32::MAX, u32::MAX)]);
});
