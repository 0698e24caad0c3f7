//! `textDocument/hover`: the core's cards for names (the glossary entry and the names this
//! story uses) and quotations (whom they are attributed to, or why they count as unattributed).

use super::state::Backend;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub async fn hover(b: Backend, params: HoverParams) -> Result<Option<Hover>> {
    let uri = params.text_document_position_params.text_document.uri;
    let position = params.text_document_position_params.position;
    let Some(snap) = b.snapshot(&uri).await? else { return Ok(None) };
    let enc = b.enc();
    b.with_analysis(&uri, snap, move |analysis, snap| {
        let conv = snap.conv(enc);
        let offset = conv.offset(position);
        crate::hover::hover(analysis, &snap.cfg, offset).map(|(markdown, start, end)| Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
            range: Some(conv.range(start, end)),
        })
    })
    .await
    .map_err(|e| Error { message: format!("hover failed: {}", e).into(), ..Error::internal_error() })
}
