//! One small function per request or notification.

use super::convert::Snap;
use super::documents::{Document, Enc, Pos};
use super::settings::Settings;
use super::{lock, Backend, Delivery, Doc, LogLevel, Snapshot};
use crate::quotes::QuoteKind;
use crate::rules::Rule;
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

const FIX_ALL_KIND: &str = "source.fixAll.copydesk";
const CMD_FIX_ALL: &str = "copydesk.fixAll";
const CMD_GLOSSARY: &str = "copydesk.glossaryEntry";
use crate::project::PROJECT_GLOSSARY;

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        let pull = params.capabilities.text_document.as_ref().and_then(|t| t.diagnostic.as_ref()).is_some();
        let refresh =
            params.capabilities.workspace.as_ref().and_then(|w| w.diagnostics.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false);
        let (settings, problems) = params.initialization_options.as_ref().map(Settings::from_json).unwrap_or_default();
        let mode = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("copydesk").unwrap_or(o).get("diagnosticMode").and_then(|v| v.as_str().map(str::to_string)));
        {
            let mut s = lock(&self.state);
            s.enc = if offers_utf8 { Enc::Utf8 } else { Enc::Utf16 };
            s.delivery = match mode.as_deref() {
                Some("push") => Delivery::Push,
                Some("pull") => Delivery::Pull,
                _ if pull => Delivery::Pull,
                _ => Delivery::Push,
            };
            s.refresh_support = refresh;
            s.settings = settings;
            #[allow(deprecated)]
            let root = params.root_uri.as_ref().and_then(|u| u.to_file_path().map(|p| p.into_owned()));
            s.roots = params
                .workspace_folders
                .unwrap_or_default()
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .chain(root)
                .collect();
        }
        for p in problems {
            self.log(LogLevel::Warn, p).await;
        }
        let enc = if offers_utf8 { PositionEncodingKind::UTF8 } else { PositionEncodingKind::UTF16 };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(enc),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![
                        CodeActionKind::QUICKFIX,
                        CodeActionKind::new(FIX_ALL_KIND),
                        CodeActionKind::SOURCE_FIX_ALL,
                    ]),
                    ..Default::default()
                })),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![CMD_FIX_ALL.into(), CMD_GLOSSARY.into()],
                    ..Default::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("copydesk".into()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..Default::default()
                })),
                ..Default::default()
            },
            server_info: Some(ServerInfo { name: "copydesk".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watchers = ["**/copydesk.toml", "**/*glossary*.toml"]
            .iter()
            .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String(g.to_string()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let reg = Registration {
            id: "copydesk-config-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![reg]).await {
            self.log(
                LogLevel::Info,
                format!("the editor does not watch files for copydesk ({}); configuration changes apply to newly opened documents", e),
            )
            .await;
        }
        let enc = if lock(&self.state).enc == Enc::Utf8 { "utf-8" } else { "utf-16" };
        self.log(LogLevel::Info, format!("copydesk {} ready (positions in {})", env!("CARGO_PKG_VERSION"), enc)).await;
    }

    async fn shutdown(&self) -> Result<()> {
        super::transport::SHUTDOWN.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        if !self.checks_language(&td.language_id) {
            self.log(LogLevel::Debug, format!("not checking {} (language {})", td.uri.as_str(), td.language_id)).await;
            return;
        }
        lock(&self.state).docs.insert(td.uri.clone(), Doc { doc: Document::new(&td.text, td.version, &td.language_id), snapshot: None });
        self.schedule(td.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let mut clamped = false;
        let open = {
            let mut s = lock(&self.state);
            let enc = s.enc;
            match s.docs.get_mut(&uri) {
                None => false,
                Some(d) => {
                    for change in &params.content_changes {
                        match change.range {
                            Some(r) => {
                                let a = Pos { line: r.start.line, col: r.start.character };
                                let b = Pos { line: r.end.line, col: r.end.character };
                                clamped |= d.doc.apply(a, b, &change.text, enc).clamped;
                            }
                            None => d.doc.replace_all(&change.text),
                        }
                    }
                    d.doc.version = params.text_document.version;
                    d.snapshot = None;
                    true
                }
            }
        };
        if !open {
            self.log(LogLevel::Warn, format!("didChange for a document that is not open: {}; ignored", uri.as_str())).await;
            return;
        }
        if clamped {
            self.log(LogLevel::Warn, format!("an edit to {} lay outside the document or inside a character; clamped", uri.as_str())).await;
        }
        self.schedule(uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let had = lock(&self.state).docs.remove(&uri).is_some();
        if had {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (settings, problems) = Settings::from_json(&params.settings);
        for p in &problems {
            self.log(LogLevel::Warn, p.clone()).await;
        }
        lock(&self.state).settings = settings;
        self.recheck_all().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let names: Vec<&str> = params.changes.iter().map(|c| c.uri.as_str()).collect();
        self.log(LogLevel::Info, format!("configuration changed: {}", names.join(", "))).await;
        self.recheck_all().await;
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let items = match self.analyze_now(&uri).await {
            Some(snap) => {
                let enc = lock(&self.state).enc;
                let conv = Snap { text: &snap.text, index: &snap.index, enc };
                snap.findings.iter().map(|f| conv.diagnostic(&uri, f)).collect()
            }
            None => Vec::new(),
        };
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
        })))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let p = params.text_document_position_params.position;
        let Some(snap) = self.analyze_now(&uri).await else { return Ok(None) };
        let enc = lock(&self.state).enc;
        let result = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(|| {
                let conv = Snap { text: &snap.text, index: &snap.index, enc };
                let offset = conv.offset(p);
                let a = crate::analyze(&snap.text, snap.markup, &snap.cfg);
                crate::hover::hover(&a, &snap.cfg, offset).map(|(md, s, e)| Hover {
                    contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
                    range: Some(conv.range(s, e)),
                })
            })
        })
        .await;
        match result {
            Ok(Ok(h)) => Ok(h),
            _ => Err(Error::internal_error()),
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let Some(snap) = self.analyze_now(&uri).await else { return Ok(None) };
        let (enc, roots) = {
            let s = lock(&self.state);
            (s.enc, s.roots.clone())
        };
        let actions = code_actions(&uri, &snap, enc, &params, &roots);
        Ok(Some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        match params.command.as_str() {
            CMD_FIX_ALL => {
                let uri = params
                    .arguments
                    .first()
                    .and_then(|v| v.as_str().map(str::to_string).or_else(|| v.get("uri").and_then(|u| u.as_str()).map(str::to_string)))
                    .and_then(|s| s.parse::<Uri>().ok())
                    .ok_or_else(|| Error::invalid_params("copydesk.fixAll takes the document's URI"))?;
                let Some(snap) = self.analyze_now(&uri).await else {
                    return Err(Error::invalid_params("the document is not open"));
                };
                let enc = lock(&self.state).enc;
                let Some(edit) = fix_all_edit(&uri, &snap, enc) else { return Ok(Some(serde_json::json!({"applied": false, "edits": 0}))) };
                let n = edit.changes.as_ref().map_or(0, |c| c.values().map(Vec::len).sum::<usize>());
                let applied = self.client.apply_edit(edit).await.map(|r| r.applied).unwrap_or(false);
                Ok(Some(serde_json::json!({"applied": applied, "edits": n})))
            }
            CMD_GLOSSARY => {
                let name = params
                    .arguments
                    .first()
                    .and_then(|v| v.as_str())
                    .ok_or_else(|| Error::invalid_params("copydesk.glossaryEntry takes a name"))?;
                let cfg = crate::config::Config::default();
                Ok(Some(match cfg.glossary.lookup(name) {
                    Some((_, e)) => serde_json::Value::String(crate::glossary::card(e, None)),
                    None => serde_json::Value::Null,
                }))
            }
            other => Err(Error::invalid_params(format!("unknown command `{}`", other))),
        }
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.analyze_now(&uri).await else { return Ok(None) };
        let enc = lock(&self.state).enc;
        let result = tokio::task::spawn_blocking(move || std::panic::catch_unwind(|| symbols(&snap, enc))).await;
        match result {
            Ok(Ok(s)) => Ok(Some(DocumentSymbolResponse::Nested(s))),
            _ => Err(Error::internal_error()),
        }
    }
}

fn overlaps(r: &Range, s: &Range) -> bool {
    !(r.end < s.start || s.end < r.start)
}

fn wants(only: &Option<Vec<CodeActionKind>>, kind: &str) -> bool {
    match only {
        None => true,
        Some(k) => k.iter().any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str()))),
    }
}

fn single_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit { changes: Some(changes), ..Default::default() }
}

/// The fix-all edit of a snapshot: every safe fix, none inside a quotation, none overlapping.
fn fix_all_edit(uri: &Uri, snap: &Snapshot, enc: Enc) -> Option<WorkspaceEdit> {
    let (_, applied) = crate::fix_all(&snap.text, &snap.findings);
    if applied.is_empty() {
        return None;
    }
    let conv = Snap { text: &snap.text, index: &snap.index, enc };
    Some(single_edit(uri, applied.iter().map(|e| conv.edit(e)).collect()))
}

fn code_actions(uri: &Uri, snap: &Snapshot, enc: Enc, params: &CodeActionParams, roots: &[std::path::PathBuf]) -> CodeActionResponse {
    let conv = Snap { text: &snap.text, index: &snap.index, enc };
    let only = &params.context.only;
    let mut out: CodeActionResponse = Vec::new();
    let here: Vec<(&crate::Finding, Diagnostic)> =
        snap.findings.iter().map(|f| (f, conv.diagnostic(uri, f))).filter(|(_, d)| overlaps(&d.range, &params.range)).collect();
    if wants(only, "quickfix") {
        for (f, d) in &here {
            for (i, fix) in f.fixes.iter().enumerate() {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(single_edit(uri, fix.edits.iter().map(|e| conv.edit(e)).collect())),
                    is_preferred: Some(i == 0),
                    ..Default::default()
                }));
            }
        }
    }
    let fixable = snap.findings.iter().filter(|f| !f.fixes.is_empty()).count();
    let fix_all = fix_all_edit(uri, snap, enc);
    if let Some(edit) = &fix_all {
        if wants(only, FIX_ALL_KIND) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all naming in this document".into(),
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                edit: Some(edit.clone()),
                ..Default::default()
            }));
        }
        if fixable >= 2 && only.is_none() && !here.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Fix all naming in this document ({} fixes)", fixable),
                kind: Some(CodeActionKind::QUICKFIX),
                edit: Some(edit.clone()),
                ..Default::default()
            }));
        }
    }
    if wants(only, "quickfix") {
        let mut seen: Vec<(u32, Rule)> = Vec::new();
        for (f, d) in &here {
            let line = d.range.start.line;
            if seen.contains(&(line, f.rule)) {
                continue;
            }
            seen.push((line, f.rule));
            out.push(CodeActionOrCommand::CodeAction(disable_line_action(uri, snap, &conv, line, f.rule, d)));
        }
        if let Some(a) = add_name_action(uri, snap, &conv, params, roots) {
            out.push(CodeActionOrCommand::CodeAction(a));
        }
    }
    out
}

/// `<!-- copydesk-disable-next-line RULE -->` on its own line above, with the line's indent.
fn disable_line_action(uri: &Uri, snap: &Snapshot, conv: &Snap, line: u32, rule: Rule, d: &Diagnostic) -> CodeAction {
    let line_start = snap.index.line_start(line as usize).unwrap_or(0);
    let indent: String = snap.text[line_start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let eol = if snap.text.contains("\r\n") { "\r\n" } else { "\n" };
    let at = conv.pos(line_start);
    CodeAction {
        title: format!("Disable {} for this line", rule.id()),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(single_edit(
            uri,
            vec![TextEdit {
                range: Range { start: at, end: at },
                new_text: format!("{}<!-- copydesk-disable-next-line {} -->{}", indent, rule.id(), eol),
            }],
        )),
        ..Default::default()
    }
}

/// Adds the selected text to the project glossary as a name of the entity named nearest to it
/// in the same paragraph (`copydesk-glossary.toml` beside `copydesk.toml`, both created if
/// missing).
fn add_name_action(uri: &Uri, snap: &Snapshot, conv: &Snap, params: &CodeActionParams, roots: &[std::path::PathBuf]) -> Option<CodeAction> {
    let (s, e) = (conv.offset(params.range.start), conv.offset(params.range.end));
    if s >= e || e - s > 80 {
        return None;
    }
    let selected = snap.text[s..e].trim();
    if selected.is_empty() || selected.contains('\n') || snap.cfg.glossary.lookup(selected).is_some() {
        return None;
    }
    let a = crate::analyze(&snap.text, snap.markup, &snap.cfg);
    let block = a.prose.block_at(s)?;
    let b = a.prose.blocks[block];
    let nearest = a.names.mentions.iter().filter(|m| m.start >= b.start && m.end <= b.end).min_by_key(|m| m.start.abs_diff(s))?;
    let entity = &snap.cfg.glossary.entities[nearest.entity];
    let doc_path = uri.to_file_path()?.into_owned();
    let dir = match crate::project::find_config(&doc_path) {
        Some(c) => c.parent()?.to_path_buf(),
        None => roots.iter().find(|r| doc_path.starts_with(r)).cloned().or_else(|| doc_path.parent().map(|p| p.to_path_buf()))?,
    };
    let glossary_path = dir.join(PROJECT_GLOSSARY);
    let config_path = dir.join(crate::project::CONFIG_NAME);
    let glossary_uri = Uri::from_file_path(&glossary_path)?;
    let existing = std::fs::read_to_string(&glossary_path).unwrap_or_default();
    let index = crate::document::LineIndex::new(&existing);
    let end = {
        let (l, c) = index.position_in(
            &existing,
            existing.len(),
            if conv.enc == Enc::Utf8 { crate::document::Encoding::Utf8 } else { crate::document::Encoding::Utf16 },
        );
        Position { line: l as u32, character: c as u32 }
    };
    let sep = if existing.is_empty() || existing.ends_with('\n') { "" } else { "\n" };
    let entry = format!("{}\n[[entity]]\nid = \"{}\"\naliases = [{}]\n", sep, entity.id, toml_string(selected));
    let mut ops = vec![DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
        uri: glossary_uri.clone(),
        options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
        annotation_id: None,
    }))];
    ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri: glossary_uri, version: None },
        edits: vec![OneOf::Left(TextEdit { range: Range { start: end, end }, new_text: entry })],
    }));
    if !config_path.exists() {
        let cfg_uri = Uri::from_file_path(&config_path)?;
        ops.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
            uri: cfg_uri.clone(),
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
            annotation_id: None,
        })));
        let zero = Position { line: 0, character: 0 };
        ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri: cfg_uri, version: None },
            edits: vec![OneOf::Left(TextEdit {
                range: Range { start: zero, end: zero },
                new_text: format!("# copydesk configuration. Names added from the editor live in {}.\n", PROJECT_GLOSSARY),
            })],
        }));
    }
    Some(CodeAction {
        title: format!("Add “{}” to the project glossary as a name of {}", selected, entity.preferred),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(ops)), ..Default::default() }),
        ..Default::default()
    })
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The story's outline: quotations grouped by speaker, then the entities it names.
fn symbols(snap: &Snapshot, enc: Enc) -> Vec<DocumentSymbol> {
    let conv = Snap { text: &snap.text, index: &snap.index, enc };
    let a = crate::analyze(&snap.text, snap.markup, &snap.cfg);
    let text = snap.text.as_str();
    let mut groups: Vec<(String, Vec<DocumentSymbol>)> = Vec::new();
    for q in a.quotes.quotes.iter().filter(|q| q.kind == QuoteKind::Direct) {
        let att = q.attribution.filter(|x| x.is_attributed());
        let speaker = match att {
            Some(x) => x.speaker.map(|(s, e)| text[s..e].to_string()).unwrap_or_else(|| "Attributed (speaker not named)".into()),
            None => "Unattributed".into(),
        };
        let content = text[q.span.content_start..q.span.content_end].trim();
        let mut name: String = content.chars().take(60).collect();
        if content.chars().count() > 60 {
            name.push('…');
        }
        let range = conv.range(q.span.start, q.span.end);
        #[allow(deprecated)]
        let sym = DocumentSymbol {
            name: format!("“{}”", name.replace('\n', " ")),
            detail: att.and_then(|x| x.pattern).map(|p| p.describe().to_string()),
            kind: SymbolKind::STRING,
            tags: None,
            deprecated: None,
            range,
            selection_range: range,
            children: None,
        };
        match groups.iter_mut().find(|(s, _)| *s == speaker) {
            Some((_, v)) => v.push(sym),
            None => groups.push((speaker, vec![sym])),
        }
    }
    let mut out = Vec::new();
    let group = |name: String, detail: String, kind: SymbolKind, children: Vec<DocumentSymbol>| -> Option<DocumentSymbol> {
        let first = children.first()?.range;
        let last = children.iter().map(|c| c.range.end).max().unwrap_or(first.end);
        let range = Range { start: children.iter().map(|c| c.range.start).min().unwrap_or(first.start), end: last };
        #[allow(deprecated)]
        Some(DocumentSymbol {
            name,
            detail: Some(detail),
            kind,
            tags: None,
            deprecated: None,
            range,
            selection_range: first,
            children: Some(children),
        })
    };
    let speakers: Vec<DocumentSymbol> =
        groups.into_iter().filter_map(|(s, v)| group(s, format!("{} quotation(s)", v.len()), SymbolKind::OBJECT, v)).collect();
    if let Some(g) = group("Quotations".into(), "by speaker".into(), SymbolKind::NAMESPACE, speakers) {
        out.push(g);
    }
    let mut entities = Vec::new();
    for u in &a.names.uses {
        let e = &snap.cfg.glossary.entities[u.entity];
        let children: Vec<DocumentSymbol> = u
            .mentions
            .iter()
            .map(|&i| {
                let m = &a.names.mentions[i];
                let range = conv.range(m.start, m.end);
                #[allow(deprecated)]
                DocumentSymbol {
                    name: text[m.start..m.end].to_string(),
                    detail: Some(if m.quoted { "in a quotation".into() } else { String::new() }),
                    kind: SymbolKind::CONSTANT,
                    tags: None,
                    deprecated: None,
                    range,
                    selection_range: range,
                    children: None,
                }
            })
            .collect();
        if let Some(g) = group(e.preferred.clone(), format!("{}; use {}", e.kind.as_str(), u.label()), SymbolKind::CLASS, children) {
            entities.push(g);
        }
    }
    if let Some(g) = group("Names".into(), "glossary entities".into(), SymbolKind::NAMESPACE, entities) {
        out.push(g);
    }
    out
}

#[allow(dead_code)]
fn _assert_send(_: Arc<Snapshot>) {}
