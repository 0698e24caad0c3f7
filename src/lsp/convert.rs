//! Conversions between the core's byte ranges and protocol types, for one analysed text: the
//! edge where the core's [`LineIndex`] positions become `Position`s (same line convention and
//! clamping as [`documents`](super::documents), which uses the same index).

use crate::document::{Encoding, LineIndex};
use crate::finding::Rule;
use crate::finding::{Edit, Finding, Severity};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range, TextEdit, Uri,
};

/// A text with its line index and the session's encoding.
pub struct Conv<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub enc: Encoding,
}

impl Conv<'_> {
    pub fn pos(&self, offset: usize) -> Position {
        let (line, col) = self.lines.position_in(self.text, offset, self.enc);
        Position::new(line as u32, col as u32)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range { start: self.pos(start), end: self.pos(end.max(start)) }
    }

    pub fn offset(&self, p: Position) -> usize {
        self.lines.offset(self.text, p.line as usize, p.character as usize, self.enc)
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

    /// The edge: `Position`s in the negotiated encoding, on a CRLF text with a surrogate pair.
    #[test]
    fn positions_at_the_edge_in_both_negotiated_encodings() {
        let text = "a😀b\r\nx";
        let lines = LineIndex::new(text);
        let utf8 = Conv { text, lines: &lines, enc: Encoding::Utf8 };
        let utf16 = Conv { text, lines: &lines, enc: Encoding::Utf16 };
        // After the emoji; inside it (between the surrogate halves, inside the UTF-8 sequence).
        assert_eq!((utf8.pos(5), utf16.pos(5)), (Position::new(0, 5), Position::new(0, 3)));
        assert_eq!((utf8.pos(3), utf16.pos(3)), (Position::new(0, 1), Position::new(0, 1)));
        assert_eq!((utf8.offset(Position::new(0, 3)), utf16.offset(Position::new(0, 2))), (1, 1));
        // Past the end of a CRLF line: before the `\r`; past the last line: the text's end.
        assert_eq!((utf8.offset(Position::new(0, 99)), utf16.offset(Position::new(0, 99))), (6, 6));
        assert_eq!((utf8.offset(Position::new(7, 0)), utf16.offset(Position::new(1, 9))), (9, 9));
        // A reversed range is empty at its start.
        assert_eq!(utf16.range(5, 1), Range { start: Position::new(0, 3), end: Position::new(0, 3) });
    }
}
