//! `textDocument/documentSymbol`: the story's outline.
//! - `Quotations`: the direct quotations grouped by speaker (the attribution's speaker as
//!   written, `Attributed (speaker not named)` when the attribution has no name, and
//!   `Unattributed`), each quotation a child;
//! - `Names`: every glossary entity the story names, with each mention as a child.

use super::convert::Conv;
use super::state::{Backend, Snapshot};
use crate::quotes::QuoteKind;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub async fn document_symbol(b: Backend, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
    let uri = params.text_document.uri;
    let Some(snap) = b.snapshot(&uri).await? else { return Ok(None) };
    let enc = b.enc();
    b.with_analysis(&uri, snap, move |a, snap| Some(DocumentSymbolResponse::Nested(outline(a, snap, &snap.conv(enc)))))
        .await
        .map_err(|e| Error { message: format!("document symbols failed: {}", e).into(), ..Error::internal_error() })
}

#[allow(deprecated)]
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: Range,
    selection: Range,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    DocumentSymbol { name, detail, kind, tags: None, deprecated: None, range, selection_range: selection, children }
}

/// A parent spanning its children (which must not be empty).
fn group(name: String, detail: String, kind: SymbolKind, children: Vec<DocumentSymbol>) -> Option<DocumentSymbol> {
    let first = children.first()?.selection_range;
    let start = children.iter().map(|c| c.range.start).min()?;
    let end = children.iter().map(|c| c.range.end).max()?;
    Some(symbol(name, Some(detail), kind, Range { start, end }, first, Some(children)))
}

fn excerpt(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > max {
        one_line.chars().take(max).collect::<String>() + "…"
    } else {
        one_line
    }
}

pub fn outline(a: &crate::Analysis, snap: &Snapshot, conv: &Conv) -> Vec<DocumentSymbol> {
    let text = snap.text.as_str();
    let mut speakers: Vec<(String, Vec<DocumentSymbol>)> = Vec::new();
    for q in a.quotes.quotes.iter().filter(|q| q.kind == QuoteKind::Direct) {
        let att = q.attribution.filter(|x| x.is_attributed());
        let speaker = match att {
            Some(x) => x
                .speaker
                .and_then(|(s, e)| text.get(s..e))
                .map(|s| excerpt(s, 60))
                .unwrap_or_else(|| "Attributed (speaker not named)".into()),
            None => "Unattributed".into(),
        };
        let content = text.get(q.span.content_start..q.span.content_end).unwrap_or("").trim();
        let range = conv.range(q.span.start, q.span.end);
        let detail = att.and_then(|x| x.pattern).map(|p| p.describe().to_string());
        let sym = symbol(format!("“{}”", excerpt(content, 60)), detail, SymbolKind::STRING, range, range, None);
        match speakers.iter_mut().find(|(s, _)| *s == speaker) {
            Some((_, v)) => v.push(sym),
            None => speakers.push((speaker, vec![sym])),
        }
    }
    let mut out = Vec::new();
    let groups: Vec<DocumentSymbol> = speakers
        .into_iter()
        .filter_map(|(s, v)| {
            let n = v.len();
            group(s, format!("{} quotation{}", n, if n == 1 { "" } else { "s" }), SymbolKind::OBJECT, v)
        })
        .collect();
    out.extend(group("Quotations".into(), "by speaker".into(), SymbolKind::NAMESPACE, groups));
    let mut entities = Vec::new();
    for u in &a.names.uses {
        let e = &snap.cfg.glossary.entities[u.entity];
        let mentions: Vec<DocumentSymbol> = u
            .mentions
            .iter()
            .filter_map(|&i| a.names.mentions.get(i))
            .map(|m| {
                let range = conv.range(m.start, m.end);
                let detail = if m.quoted { Some("in a quotation".to_string()) } else { None };
                symbol(text.get(m.start..m.end).unwrap_or("").to_string(), detail, SymbolKind::CONSTANT, range, range, None)
            })
            .collect();
        entities.extend(group(e.preferred.to_string(), format!("{}; use {}", e.kind.as_str(), u.label()), SymbolKind::CLASS, mentions));
    }
    out.extend(group("Names".into(), "glossary entities in this story".into(), SymbolKind::NAMESPACE, entities));
    out
}
