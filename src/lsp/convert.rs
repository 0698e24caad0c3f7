//! Conversions between the core's byte ranges and protocol types, for one analysed text.
//! Same line convention and clamping as [`documents`](super::documents).

use super::documents::{Enc, Pos};
use crate::finding::Rule;
use crate::finding::{Edit, Finding, Severity};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range, TextEdit, Uri,
};

/// Line starts of a text (a line ends after `\n`).
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = Vec::with_capacity(text.len() / 60 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { starts }
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }

    pub fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// End of the line's content, before `\r\n` or `\n`.
    pub fn content_end(&self, text: &str, line: usize) -> usize {
        match self.starts.get(line + 1) {
            Some(&next) => {
                let nl = next - 1;
                if nl > self.starts[line] && text.as_bytes()[nl - 1] == b'\r' {
                    nl - 1
                } else {
                    nl
                }
            }
            None => text.len(),
        }
    }

    /// The position of byte `offset` (moved back to a character boundary, clamped to the end).
    pub fn position(&self, text: &str, offset: usize, enc: Enc) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = match enc {
            Enc::Utf8 => offset - start,
            // News copy is mostly ASCII, where a UTF-16 column is a byte count.
            Enc::Utf16 if text.as_bytes()[start..offset].is_ascii() => offset - start,
            Enc::Utf16 => utf16_len(&text.as_bytes()[start..offset]),
        };
        Pos::new(line as u32, col as u32)
    }

    /// The byte offset of a position, clamped like [`documents::offset_in_rope`](super::documents::offset_in_rope).
    pub fn offset(&self, text: &str, pos: Pos, enc: Enc) -> usize {
        let line = pos.line as usize;
        let Some(start) = self.start(line) else { return text.len() };
        let end = self.content_end(text, line);
        let mut used = 0usize;
        for (i, ch) in text[start..end].char_indices() {
            let w = enc.width(ch);
            if used + w > pos.col as usize {
                return start + i;
            }
            used += w;
        }
        end
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

/// A text with its line index and the session's encoding.
pub struct Conv<'a> {
    pub text: &'a str,
    pub lines: &'a Lines,
    pub enc: Enc,
}

impl Conv<'_> {
    pub fn pos(&self, offset: usize) -> Position {
        let p = self.lines.position(self.text, offset, self.enc);
        Position { line: p.line, character: p.col }
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range { start: self.pos(start), end: self.pos(end.max(start)) }
    }

    pub fn offset(&self, p: Position) -> usize {
        self.lines.offset(self.text, Pos::new(p.line, p.character), self.enc)
    }

    pub fn edit(&self, e: &Edit) -> TextEdit {
        TextEdit { range: self.range(e.start, e.end), new_text: e.new_text.clone() }
    }

    /// A finding as a diagnostic: code = rule id, source `copydesk`, a link to the rule's
    /// documentation, and the finding's related places (the entity's other names).
    pub fn diagnostic(&self, uri: &Uri, f: &Finding) -> Diagnostic {
        let related: Vec<DiagnosticRelatedInformation> = f
            .related
            .iter()
            .map(|r| DiagnosticRelatedInformation {
                location: Location { uri: uri.clone(), range: self.range(r.start, r.end) },
                message: r.message.clone(),
            })
            .collect();
        Diagnostic {
            range: self.range(f.start, f.end),
            severity: Some(severity(f.severity)),
            code: Some(NumberOrString::String(f.rule.id().to_string())),
            code_description: doc_link(f.rule).map(|href| CodeDescription { href: href.clone() }),
            source: Some("copydesk".to_string()),
            message: f.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }
}

/// The link to a rule's documentation, parsed once (a long manuscript has hundreds of
/// diagnostics, each with its link).
pub fn doc_link(rule: Rule) -> Option<&'static Uri> {
    static LINKS: std::sync::OnceLock<Vec<(Rule, Uri)>> = std::sync::OnceLock::new();
    let links = LINKS.get_or_init(|| Rule::ALL.iter().filter_map(|&r| Some((r, r.url().parse::<Uri>().ok()?))).collect());
    links.iter().find(|(r, _)| *r == rule).map(|(_, u)| u)
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Do two ranges touch or overlap (a cursor at either end of a range counts)?
pub fn touches(a: &Range, b: &Range) -> bool {
    !(a.end < b.start || b.end < a.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_lengths_are_the_decoded_ones() {
        let mut rng = crate::test_rng(5);
        let pieces = ["a", " ", "“", "’", "é", "😀", "Привет", "—", "\u{10FFFF}", "z"];
        for n in [0, 1, 3, 254, 255, 256, 600, 2000] {
            let text: String = (0..n).map(|_| pieces[rng(pieces.len())]).collect();
            for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(7) {
                assert_eq!(utf16_len(&text.as_bytes()[..end]), text[..end].chars().map(char::len_utf16).sum::<usize>());
            }
        }
    }

    #[test]
    fn lines_agree_with_the_rope_model() {
        let text = "a😀b\r\nПривет\r\n\rx\n";
        let lines = Lines::new(text);
        let doc = super::super::documents::Document::new(text, 1, "plaintext");
        for enc in [Enc::Utf8, Enc::Utf16] {
            for line in 0..6 {
                for col in 0..12 {
                    let p = Pos::new(line, col);
                    assert_eq!(lines.offset(text, p, enc), doc.offset(p, enc).offset, "{p:?} {enc:?}");
                }
            }
            for i in 0..=text.len() {
                assert_eq!(lines.position(text, i, enc), doc.position(i, enc), "{i} {enc:?}");
            }
        }
    }
}
