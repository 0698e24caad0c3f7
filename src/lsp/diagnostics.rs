//! Diagnostics, pushed (`textDocument/publishDiagnostics` with the document version) or pulled
//! (`textDocument/diagnostic`, with result ids so that an unchanged document costs nothing).

use super::server::{Backend, Snapshot};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// The diagnostics of a snapshot.
pub fn of(uri: &Uri, snap: &Snapshot, enc: super::documents::Enc) -> Vec<Diagnostic> {
    let conv = snap.conv(enc);
    snap.findings.iter().map(|f| conv.diagnostic(uri, f)).collect()
}

/// Publishes a snapshot's diagnostics, unless the document changed (or closed, or the
/// configuration changed) since: a stale analysis is never published over a newer version.
pub async fn publish(b: &Backend, uri: &Uri, snap: &Snapshot) {
    let enc = {
        let mut s = b.state();
        let epoch = s.epoch;
        match s.docs.get_mut(uri) {
            Some(d) if d.open_id == snap.open_id && d.doc.version == snap.version && epoch == snap.epoch => {
                d.published = true;
            }
            _ => return,
        }
        s.enc
    };
    let diags = of(uri, snap, enc);
    if let Some(outbox) = &b.outbox {
        // Serialised straight to bytes: the library would build a `serde_json::Value` tree
        // first, which for a manuscript's hundreds of diagnostics costs milliseconds.
        #[derive(serde::Serialize)]
        struct Notification<'a> {
            jsonrpc: &'static str,
            method: &'static str,
            params: &'a PublishDiagnosticsParams,
        }
        let params = PublishDiagnosticsParams { uri: uri.clone(), diagnostics: diags, version: Some(snap.version) };
        let note = Notification { jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params: &params };
        match serde_json::to_vec(&note) {
            Ok(body) if outbox.send_body(&body) => return,
            _ => {}
        }
        b.client.publish_diagnostics(params.uri, params.diagnostics, params.version).await;
        return;
    }
    b.client.publish_diagnostics(uri.clone(), diags, Some(snap.version)).await;
}

/// Clears the diagnostics of a document that is no longer checked (its language was removed
/// from the settings).
pub async fn clear_if_published(b: &Backend, uri: &Uri, open_id: u64) {
    let version = {
        let mut s = b.state();
        match s.docs.get_mut(uri) {
            Some(d) if d.open_id == open_id && d.published => {
                d.published = false;
                d.doc.version
            }
            _ => return,
        }
    };
    b.client.publish_diagnostics(uri.clone(), Vec::new(), Some(version)).await;
}

/// `textDocument/diagnostic`.
pub async fn pull(b: Backend, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let full = |result_id: Option<String>, items: Vec<Diagnostic>| {
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        })))
    };
    let Some(snap) = b.snapshot(&uri).await? else {
        return full(None, Vec::new());
    };
    let id = snap.result_id();
    if params.previous_result_id.as_deref() == Some(id.as_str()) {
        return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id: id },
        })));
    }
    let enc = b.enc();
    full(Some(id), of(&uri, &snap, enc))
}
