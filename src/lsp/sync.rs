//! Document and settings notifications. Every state change happens before the handler's first
//! `await`, so changes are applied in the order they arrive.

use super::config::Settings;
use super::diagnostics;
use super::documents::Document;
use super::state::{Backend, DocEntry, LogLevel};
use std::panic::AssertUnwindSafe;
use tokio::sync::watch;
use tower_lsp_server::ls_types::*;

pub async fn did_open(b: &Backend, params: DidOpenTextDocumentParams) {
    let td = params.text_document;
    let (open_id, rx, checked, replaced) = {
        let mut s = b.state();
        let open_id = s.next_open_id;
        s.next_open_id += 1;
        let (tx, rx) = watch::channel(0u64);
        let checked = s.settings.checks(&td.language_id);
        let entry = DocEntry {
            doc: Document::new(&td.text, td.version, &td.language_id),
            open_id,
            config_path: None,
            snapshot: None,
            parts: None,
            wake: tx,
            published: false,
            last_used: 0,
            out_of_sync: None,
        };
        let replaced = s.docs.insert(td.uri.clone(), entry).is_some();
        if let Some(d) = s.docs.get(&td.uri) {
            d.wake.send_modify(|n| *n += 1);
        }
        (open_id, rx, checked, replaced)
    };
    diagnostics::spawn_worker(b, td.uri.clone(), open_id, rx);
    if replaced {
        b.log(LogLevel::Warn, format!("{} was opened again without being closed; the new text replaces the old", td.uri.as_str())).await;
    }
    let what = if checked { "checking" } else { "not checking (language not in `languages`)" };
    b.log(LogLevel::Debug, format!("opened {} ({}, {} bytes): {}", td.uri.as_str(), td.language_id, td.text.len(), what)).await;
}

pub async fn did_change(b: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    enum Outcome {
        NotOpen,
        Applied {
            clamped: bool,
            backwards: Option<i32>,
            resynced: bool,
        },
        /// Out of sync, and no change in this one sends the whole text.
        StillOutOfSync,
        Panicked,
    }
    let outcome = {
        let mut s = b.state();
        let enc = s.enc;
        match s.docs.get_mut(&uri) {
            None => Outcome::NotOpen,
            Some(d) => {
                let changes = &params.content_changes;
                // Out of sync, the ranges are of a text the server does not have: only a change
                // that sends the whole text (and those after it) can be applied.
                let from = match (&d.out_of_sync, changes.iter().rposition(|c| c.range.is_none())) {
                    (None, _) => Some(0),
                    (Some(_), whole) => whole,
                };
                match from {
                    None => {
                        d.doc.version = version;
                        Outcome::StillOutOfSync
                    }
                    Some(from) => {
                        // Applied to a copy, kept only if every change went in.
                        let mut doc = d.doc.clone();
                        let applied = std::panic::catch_unwind(AssertUnwindSafe(|| {
                            let mut clamped = false;
                            for change in &changes[from..] {
                                match change.range {
                                    Some(r) => {
                                        clamped |= doc.apply(r.start, r.end, &change.text, enc);
                                    }
                                    None => doc.replace_all(&change.text),
                                }
                            }
                            clamped
                        }));
                        match applied {
                            Ok(clamped) => {
                                let backwards = (version <= d.doc.version).then_some(d.doc.version);
                                doc.version = version;
                                d.doc = doc;
                                let resynced = d.out_of_sync.take().is_some();
                                d.wake.send_modify(|n| *n += 1);
                                Outcome::Applied { clamped, backwards, resynced }
                            }
                            Err(_) => Outcome::Panicked,
                        }
                    }
                }
            }
        }
    };
    match outcome {
        Outcome::NotOpen => {
            b.log(LogLevel::Warn, format!("didChange for {}, which is not open: ignored", uri.as_str())).await;
        }
        Outcome::StillOutOfSync => {
            b.log(
                LogLevel::Debug,
                format!("{} (version {}) is out of sync: a change without the whole text was ignored", uri.as_str(), version),
            )
            .await;
        }
        Outcome::Panicked => {
            lose_sync(b, &uri, "an internal error applying a change; the change was not applied").await;
        }
        Outcome::Applied { clamped, backwards, resynced } => {
            if resynced {
                b.log(LogLevel::Info, format!("{} is in sync again (the whole text was sent): checking it again", uri.as_str())).await;
            }
            if clamped {
                b.log(
                    LogLevel::Warn,
                    format!(
                        "a change to {} (version {}) had a range past the end of a line or of the document, or inside a character; it was clamped",
                        uri.as_str(),
                        version
                    ),
                )
                .await;
            }
            if let Some(old) = backwards {
                b.log(LogLevel::Warn, format!("{}: version {} follows version {}", uri.as_str(), version, old)).await;
            }
        }
    }
}

/// A change to `uri` was lost (`why`): the server's copy is no longer the editor's. LSP has no
/// request for the whole text, so the document is treated as not open until the editor sends
/// it (a change without a range, or opening it again): its diagnostics are withdrawn (stale
/// ranges on a different text would point at the wrong words, and a fix there could damage the
/// copy), hovers, code actions and fixes give nothing, and the user is told once, with what to
/// do. Documents that are not open: logged.
pub async fn lose_sync(b: &Backend, uri: &Uri, why: &str) {
    let first = {
        let mut s = b.state();
        s.docs.get_mut(uri).map(|d| {
            let first = d.out_of_sync.is_none();
            if first {
                d.out_of_sync = Some(why.to_string());
                d.snapshot = None;
                d.parts = None;
            }
            // The analysis task finds it not open, and withdraws what it published.
            d.wake.send_modify(|n| *n += 1);
            first
        })
    };
    match first {
        None => b.log(LogLevel::Warn, format!("{} (for {}, which is not open)", why, uri.as_str())).await,
        Some(false) => b.log(LogLevel::Debug, format!("{} (for {}, already out of sync)", why, uri.as_str())).await,
        Some(true) => {
            b.log(
                LogLevel::Error,
                format!(
                    "a change to {} was lost ({}): the server's copy no longer matches the editor's; its diagnostics are withdrawn until the whole text is sent again (close and reopen the document)",
                    uri.as_str(),
                    why
                ),
            )
            .await;
            let name = uri.as_str().rsplit('/').next().unwrap_or(uri.as_str());
            b.client
                .show_message(
                    MessageType::WARNING,
                    format!(
                        "copydesk lost track of {} (the editor sent a change it could not read). Close and reopen it to check it again.",
                        name
                    ),
                )
                .await;
            let (pull, refresh) = {
                let s = b.state();
                (s.pull, s.caps.refresh)
            };
            if pull && refresh {
                let _ = b.client.workspace_diagnostic_refresh().await;
            }
        }
    }
}

pub async fn did_close(b: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    // Dropping the entry drops its wake sender, which ends its analysis task.
    let had = b.state().docs.remove(&uri).is_some();
    if had {
        b.client.publish_diagnostics(uri, Vec::new(), None).await;
    } else {
        b.log(LogLevel::Warn, format!("didClose for {}, which is not open: ignored", uri.as_str())).await;
    }
}

/// Applies settings from the editor: those in the notification, or (when it carries none, as
/// clients that expect to be asked do) those the client answers to `workspace/configuration`.
pub async fn did_change_configuration(b: &Backend, params: DidChangeConfigurationParams) {
    if Settings::find(&params.settings).is_some() {
        apply_settings(b, &params.settings).await;
    } else if b.state().caps.configuration {
        pull_settings(b).await;
    } else {
        b.log(LogLevel::Debug, "didChangeConfiguration without copydesk settings: nothing to change").await;
    }
}

/// Asks the client for the `copydesk` section and applies it if it has any setting.
pub async fn pull_settings(b: &Backend) {
    let item = ConfigurationItem { scope_uri: None, section: Some("copydesk".into()) };
    // A client that never answers must not hold this up forever.
    let answer = tokio::time::timeout(std::time::Duration::from_secs(10), b.client.configuration(vec![item])).await;
    let answer = answer.unwrap_or_else(|_| Err(tower_lsp_server::jsonrpc::Error::request_cancelled()));
    match answer {
        Ok(values) => {
            if let Some(v) = values.into_iter().next() {
                // The section itself was asked for: wrap it so that `find` sees its keys.
                let wrapped = serde_json::json!({ "copydesk": v });
                if v.is_object() && Settings::find(&wrapped).is_some() {
                    apply_settings(b, &wrapped).await;
                }
            }
        }
        Err(e) => b.log(LogLevel::Debug, format!("workspace/configuration: {}", e)).await,
    }
}

async fn apply_settings(b: &Backend, v: &serde_json::Value) {
    let (changed, problems) = {
        let mut s = b.state();
        let (settings, problems) = s.init_settings.merged(v);
        let changed = settings != s.settings;
        s.settings = settings;
        (changed, problems)
    };
    for p in problems {
        b.log(LogLevel::Warn, p).await;
    }
    if changed {
        b.log(LogLevel::Info, "settings changed: re-checking open documents").await;
        b.recheck_all().await;
    }
}

pub async fn did_change_watched_files(b: &Backend, params: DidChangeWatchedFilesParams) {
    let names: Vec<&str> = params.changes.iter().map(|c| c.uri.as_str()).collect();
    b.log(LogLevel::Info, format!("configuration files changed: {}; re-checking open documents", names.join(", "))).await;
    b.recheck_all().await;
}

#[cfg(test)]
mod tests {
    use super::super::documents::tests::reference_offset;
    use super::super::state::Backend;
    use super::super::state::LogLevel;
    use super::*;
    use crate::document::Encoding;
    use proptest::prelude::*;
    use tower_lsp_server::LspService;

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "Islamic State (ISIS) fighters withdrew. ",
            "Later ISIL units regrouped. ",
            "“The economy is collapsing under the weight of these sanctions.”",
            " the minister said.",
            "Kiev",
            "Kyiv",
            "\n\n",
            "\r\n",
            "\n",
            "😀",
            "Привет",
            "中文",
            "e\u{301}",
            " ",
            ",",
        ])
        .prop_map(str::to_string)
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..10).prop_map(|v| v.concat())
    }

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, text: String) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range { start: Position { line: l1, character: c1 }, end: Position { line: l2, character: c2 } }),
            range_length: None,
            text,
        }
    }

    /// A long manuscript, edited here and there: the server analyses it in parts, reusing the
    /// parts an edit did not touch, and every version's diagnostics are those of a fresh
    /// analysis of its text.
    #[test]
    fn a_long_manuscript_analysed_in_parts_matches_a_fresh_analysis() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (service, _socket) = LspService::new(|client| Backend::new(client, LogLevel::Error));
        let b = service.inner().clone();
        let uri: Uri = "file:///nowhere/manuscript.md".parse().unwrap();
        let para = |i: usize| match i % 5 {
            0 => format!("Officials said Islamic State units moved closer to town number {i}."),
            1 => format!("“We cannot plan the harvest while the roads stay closed, number {i},” the mayor said."),
            2 => "Residents waited outside to hear about the reopening of the border crossing.".to_string(),
            3 => "“The talks are over.”".to_string(),
            _ => "The council met on Tuesday to discuss the budget for the new bridge in Kiev.".to_string(),
        };
        let mut text: String = (0..600).map(|i| para(i) + "\n\n").collect();
        let edits: &[(u32, u32, &str)] = &[(3, 0, "x"), (3, 0, ""), (250, 10, "ISIL "), (400, 0, "“"), (401, 0, "\n\n"), (900, 5, " Kyiv")];
        rt.block_on(async {
            did_open(
                &b,
                DidOpenTextDocumentParams {
                    text_document: TextDocumentItem { uri: uri.clone(), language_id: "markdown".into(), version: 1, text: text.clone() },
                },
            )
            .await;
            b.snapshot(&uri).await.unwrap().unwrap();
            for (version, &(line, col, insert)) in (2..).zip(edits) {
                let at = reference_offset(&text, Position::new(line, col), Encoding::Utf16);
                let end = if insert.is_empty() { at + 1 } else { at };
                text.replace_range(at..end, insert);
                did_change(
                    &b,
                    DidChangeTextDocumentParams {
                        text_document: VersionedTextDocumentIdentifier { uri: uri.clone(), version },
                        content_changes: vec![change(line, col, line, col + (end - at) as u32, insert.to_string())],
                    },
                )
                .await;
                let snap = b.snapshot(&uri).await.unwrap().unwrap();
                assert_eq!(snap.text, text);
                assert_eq!(snap.findings, crate::check(&text, crate::Markup::Markdown, &crate::Config::default()), "version {version}");
                let work = b.state().docs[&uri].parts.as_ref().expect("the parts are kept for the next version").last_work();
                assert!(!work.whole && work.parts >= 4 && work.analysed <= 2, "version {version}: {work:?}");
            }
        });
    }

    /// Only the analyses of the documents used last are kept; the others are made again when
    /// asked for, and equal a fresh analysis.
    #[test]
    fn only_the_analyses_of_the_documents_used_last_are_kept() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (service, _socket) = LspService::new(|client| Backend::new(client, LogLevel::Error));
        let b = service.inner().clone();
        let text = "Islamic State (ISIS) fighters withdrew. Later ISIL units regrouped.\n\n“The talks are over.”\n";
        let uri = |i: usize| -> Uri { format!("file:///nowhere/story{i}.md").parse().unwrap() };
        let kept = super::super::state::SNAPSHOTS_KEPT;
        rt.block_on(async {
            for i in 0..kept + 6 {
                did_open(
                    &b,
                    DidOpenTextDocumentParams {
                        text_document: TextDocumentItem { uri: uri(i), language_id: "markdown".into(), version: 1, text: text.into() },
                    },
                )
                .await;
                b.snapshot(&uri(i)).await.unwrap().unwrap();
            }
            let with: Vec<usize> = (0..kept + 6).filter(|&i| b.state().docs[&uri(i)].snapshot.is_some()).collect();
            assert_eq!(with, (6..kept + 6).collect::<Vec<_>>(), "the documents used last");
            let again = b.snapshot(&uri(0)).await.unwrap().unwrap();
            assert_eq!(again.findings, crate::check(text, crate::Markup::Markdown, &crate::Config::default()));
            assert!(b.state().docs[&uri(0)].snapshot.is_some() && b.state().docs[&uri(6)].snapshot.is_none());
        });
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Random incremental edits sent through the server's didOpen/didChange handlers (several
        /// changes per notification, out-of-range and mid-character positions, both encodings)
        /// leave the same text as the same edits on a `String`, and the server's diagnostics
        /// for it are those of the final text analysed fresh.
        #[test]
        fn edits_through_the_handlers_match_a_fresh_analysis(
            start in text(),
            batches in prop::collection::vec(prop::collection::vec((0u32..6, 0u32..40, 0u32..6, 0u32..40, text()), 1..4), 0..6),
            utf8 in any::<bool>(),
        ) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let (service, _socket) = LspService::new(|client| Backend::new(client, LogLevel::Error));
            let b = service.inner().clone();
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            b.state().enc = enc;
            let uri: Uri = "file:///nowhere/story.md".parse().unwrap();
            let mut reference = start.clone();
            let (text, fresh, diagnostics) = rt.block_on(async {
                did_open(&b, DidOpenTextDocumentParams {
                    text_document: TextDocumentItem { uri: uri.clone(), language_id: "markdown".into(), version: 1, text: start.clone() },
                }).await;
                for (version, batch) in (2..).zip(batches) {
                    let mut changes = Vec::new();
                    for (l1, c1, l2, c2, t) in batch {
                        let a = reference_offset(&reference, Position::new(l1, c1), enc);
                        let z = reference_offset(&reference, Position::new(l2, c2), enc);
                        let (a, z) = if z < a { (a, a) } else { (a, z) };
                        reference.replace_range(a..z, &t);
                        changes.push(change(l1, c1, l2, c2, t));
                    }
                    did_change(&b, DidChangeTextDocumentParams {
                        text_document: VersionedTextDocumentIdentifier { uri: uri.clone(), version },
                        content_changes: changes,
                    }).await;
                }
                let snap = b.snapshot(&uri).await.unwrap().unwrap();
                let cfg = crate::Config::default();
                let fresh = crate::check(&reference, crate::Markup::Markdown, &cfg);
                let lines = crate::document::LineIndex::new(&reference);
                let conv = super::super::convert::Conv { text: &reference, lines: &lines, enc };
                let expected: Vec<Diagnostic> = fresh.iter().map(|f| conv.diagnostic(&uri, f)).collect();
                let got = super::super::diagnostics::of(&uri, &snap, enc);
                prop_assert_eq!(&got, &expected);
                Ok((snap.text.clone(), fresh, snap.findings.clone()))
            })?;
            prop_assert_eq!(text, reference);
            prop_assert_eq!(diagnostics, fresh);
        }
    }
}
