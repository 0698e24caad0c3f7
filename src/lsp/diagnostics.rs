//! Diagnostics, pushed (`textDocument/publishDiagnostics` with the document version) or pulled
//! (`textDocument/diagnostic`, with result ids so that an unchanged document costs nothing).

use super::convert::{self, Conv};
use super::state::{Backend, Snapshot};
use crate::document::Encoding;
use crate::finding::Finding;
use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::time::Duration;
use tokio::sync::watch;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// The diagnostics of a snapshot.
pub fn of(uri: &Uri, snap: &Snapshot, enc: Encoding) -> Vec<Diagnostic> {
    let conv = snap.conv(enc);
    snap.findings.iter().map(|f| conv.diagnostic(uri, f)).collect()
}

/// Publishes a snapshot's diagnostics, unless the document changed (or closed, or the
/// configuration changed) since: a stale analysis is never published over a newer version.
pub async fn publish(b: &Backend, uri: &Uri, snap: &Snapshot) {
    // Not while the editor has megabytes left to read; by then this may be stale.
    if let Some(outbox) = &b.outbox {
        outbox.room().await;
    }
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
    if let Some(outbox) = &b.outbox {
        // Serialised straight from the findings, borrowing their texts, and queued beside the
        // library's output. The library's way (`client.publish_diagnostics`) builds typed
        // diagnostics that copy every message and URI, then a `serde_json::Value` tree of them:
        // for a 1 MB manuscript's 524 diagnostics that took the server's time per keystroke
        // from 7–9 ms to 17–24 ms (docs/lsp.md, Speed). Sized ahead for the whole notification
        // (about 450 bytes a diagnostic, 200 a related place).
        let size = 512 + snap.findings.iter().map(|f| 450 + 200 * f.related.len()).sum::<usize>();
        let mut body = Vec::with_capacity(size);
        if write_notification(&mut body, uri, &snap.conv(enc), &snap.findings, snap.version).is_ok() && outbox.send(body) {
            return;
        }
    }
    b.client.publish_diagnostics(uri.clone(), of(uri, snap, enc), Some(snap.version)).await;
}

/// Appends to `out` the `textDocument/publishDiagnostics` notification of `findings`, as
/// JSON: what [`of`] gives, serialised, with each place's position worked out once (an
/// entity's other names are the related places of every one of its diagnostics).
pub fn write_notification(out: &mut Vec<u8>, uri: &Uri, conv: &Conv, findings: &[Finding], version: i32) -> serde_json::Result<()> {
    let places = Places { conv, known: Default::default() };
    let uri = uri.as_str();
    // The same fields as [`Conv::diagnostic`]'s.
    let diagnostics = lazy(findings, |f| WireDiagnostic {
        range: places.range(f.start, f.end),
        severity: convert::severity(f.severity),
        code: f.rule.id(),
        code_description: convert::doc_link(f.rule).map(|u| Href { href: u.as_str() }),
        source: "copydesk",
        message: &f.message,
        related_information: (!f.related.is_empty()).then_some(lazy(&f.related, |r| WireRelated {
            location: WireLocation { uri, range: places.range(r.start, r.end) },
            message: &r.message,
        })),
    });
    let params = Params { uri, diagnostics, version };
    serde_json::to_writer(out, &Notification { jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params })
}

/// A list serialised item by item, each made by the function as it is written: nothing is
/// collected first.
struct Lazy<'a, T, F>(&'a [T], F);

/// A [`Lazy`] list (the function's argument borrowed for as long as the list, so that what it
/// makes may borrow from the item).
fn lazy<'a, T, R: Serialize, F: Fn(&'a T) -> R>(items: &'a [T], f: F) -> Lazy<'a, T, F> {
    Lazy(items, f)
}

impl<'a, T, R: Serialize, F: Fn(&'a T) -> R> Serialize for Lazy<'a, T, F> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(&self.1))
    }
}

#[derive(Serialize)]
struct Notification<'a, D> {
    jsonrpc: &'static str,
    method: &'static str,
    params: Params<'a, D>,
}

#[derive(Serialize)]
struct Params<'a, D> {
    uri: &'a str,
    diagnostics: D,
    version: i32,
}

/// Positions of byte offsets, each worked out once.
struct Places<'a> {
    conv: &'a Conv<'a>,
    known: RefCell<FxHashMap<usize, Position>>,
}

impl Places<'_> {
    fn range(&self, start: usize, end: usize) -> Range {
        let mut known = self.known.borrow_mut();
        let mut pos = |offset: usize| *known.entry(offset).or_insert_with(|| self.conv.pos(offset));
        Range { start: pos(start), end: pos(end.max(start)) }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireDiagnostic<'a, R> {
    range: Range,
    severity: DiagnosticSeverity,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_description: Option<Href<'a>>,
    source: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    related_information: Option<R>,
}

#[derive(Serialize)]
struct Href<'a> {
    href: &'a str,
}

#[derive(Serialize)]
struct WireRelated<'a> {
    location: WireLocation<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct WireLocation<'a> {
    uri: &'a str,
    range: Range,
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

/// Starts a document's analysis task: it waits to be woken by a change, lets a burst of
/// changes settle for the debounce delay, analyses the newest version and publishes it
/// unless it is stale by then. One analysis per document at a time.
pub fn spawn_worker(b: &Backend, uri: Uri, open_id: u64, mut rx: watch::Receiver<u64>) {
    let me = b.clone();
    tokio::spawn(async move {
        while rx.changed().await.is_ok() {
            let delay = me.state().settings.debounce_ms;
            if delay > 0 {
                loop {
                    match tokio::time::timeout(Duration::from_millis(delay), rx.changed()).await {
                        Ok(Ok(())) => continue,
                        Ok(Err(_)) => return,
                        Err(_) => break,
                    }
                }
            }
            if me.state().pull {
                rx.borrow_and_update();
                continue;
            }
            let Ok(_permit) = me.publishing.acquire().await else { return };
            // Not while the editor has megabytes left to read: the analysis would wait with
            // its findings, and may be stale by then.
            if let Some(outbox) = &me.outbox {
                outbox.room().await;
            }
            rx.borrow_and_update();
            match me.snapshot(&uri).await {
                Ok(Some(snap)) if snap.open_id == open_id => publish(&me, &uri, &snap).await,
                Ok(None) => clear_if_published(&me, &uri, open_id).await,
                _ => {}
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::prose::Markup;

    /// The notification written from the findings is the one the library would write from the
    /// typed diagnostics, field for field.
    #[test]
    fn the_notification_is_the_typed_diagnostics() {
        let text = "# Talks\n\nThe Islamic State (ISIS) retreated.\r\n\nLater ISIL 😀 fighters and Daesh “returned,” he said, and “Daesh won’t stop.”\n\n“Kiev is quiet.”\n\nIn Kyiv, NATO and Nato met. “Unclosed\n";
        let cfg = Config::default();
        let findings = crate::check(text, Markup::Markdown, &cfg);
        assert!(findings.iter().any(|f| f.related.len() > 1) && findings.iter().any(|f| f.related.is_empty()), "{findings:?}");
        let uri: Uri = "file:///news/caf%C3%A9%20story.md".parse().unwrap();
        let lines = crate::document::LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let conv = Conv { text, lines: &lines, enc };
            let typed = PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: findings.iter().map(|f| conv.diagnostic(&uri, f)).collect(),
                version: Some(7),
            };
            let want = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": typed});
            let mut body = Vec::new();
            write_notification(&mut body, &uri, &conv, &findings, 7).unwrap();
            let got: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(got, want);
        }
    }
}
