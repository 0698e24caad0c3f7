//! The server's own methods: `copydesk/status` and `copydesk/text` (for tests and for checking
//! that editor and server agree), and `$/copydesk/problem` from the transport.

use super::state::{Backend, LogLevel, Problem};
use super::sync;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// `$/copydesk/problem`, from the transport: a message it kept from the library (already
/// answered if it needed an answer, and written to stderr). Logged to the editor; a lost
/// change puts its document out of sync.
pub async fn problem(b: &Backend, params: Problem) {
    match params.lost_change {
        Some(uri) => match uri.parse::<Uri>() {
            Ok(uri) => sync::lose_sync(b, &uri, &params.message).await,
            Err(_) => b.log_to_editor(LogLevel::Warn, params.message).await,
        },
        None => b.log_to_editor(LogLevel::Warn, params.message).await,
    }
}

/// `copydesk/status`: the open documents (uri, version, bytes) and the encoding.
pub async fn status(b: &Backend) -> Result<Value> {
    let s = b.state();
    let mut docs: Vec<Value> = s
        .docs
        .iter()
        .map(|(u, d)| {
            serde_json::json!({"uri": u.as_str(), "version": d.doc.version, "bytes": d.doc.len_bytes(), "language": d.doc.language, "inSync": d.out_of_sync.is_none()})
        })
        .collect();
    docs.sort_by(|a, b| a["uri"].as_str().cmp(&b["uri"].as_str()));
    Ok(serde_json::json!({"documents": docs, "encoding": s.enc.name(), "pull": s.pull, "epoch": s.epoch}))
}

/// `copydesk/text`: the server's copy of an open document (null when not open), for
/// tests and for checking that editor and server agree.
pub async fn text(b: &Backend, params: TextDocumentIdentifier) -> Result<Option<Value>> {
    let s = b.state();
    Ok(s.docs.get(&params.uri).map(|d| serde_json::json!({"version": d.doc.version, "text": d.doc.text()})))
}
