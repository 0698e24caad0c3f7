//! Conversions between the core's byte ranges and LSP types, for one text snapshot.

use super::documents::{position_in_text, Enc};
use crate::document::LineIndex;
use crate::finding::{Edit, Finding, Severity};
use tower_lsp_server::ls_types::*;

/// A text with its line index, to convert byte offsets.
pub struct Snap<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub enc: Enc,
}

impl Snap<'_> {
    pub fn pos(&self, offset: usize) -> Position {
        let p = position_in_text(self.index, self.text, offset, self.enc);
        Position { line: p.line, character: p.col }
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range { start: self.pos(start), end: self.pos(end) }
    }

    pub fn offset(&self, p: Position) -> usize {
        super::documents::offset_in_text(self.index, self.text, super::documents::Pos { line: p.line, col: p.character }, self.enc)
    }

    pub fn edit(&self, e: &Edit) -> TextEdit {
        TextEdit { range: self.range(e.start, e.end), new_text: e.new_text.clone() }
    }

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
            code_description: f.rule.url().parse::<Uri>().ok().map(|href| CodeDescription { href }),
            source: Some("copydesk".to_string()),
            message: f.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}
