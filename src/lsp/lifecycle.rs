//! `initialize` (the negotiated position encoding, pushed or pulled diagnostics, the
//! capabilities), `initialized` (watching configuration files, pulling settings) and `shutdown`.

use super::config::{DiagnosticMode, Settings};
use super::state::{Backend, ClientCaps, LogLevel, CMD_FIX_ALL, CMD_GLOSSARY, FIX_ALL_KIND};
use super::{sync, transport};
use crate::document::Encoding;
use std::path::PathBuf;
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

/// Negotiates the position encoding (UTF-8 when the client offers it, else UTF-16, as
/// [`Encoding`]) and whether diagnostics are pushed or pulled; answers with the capabilities.
pub async fn initialize(b: &Backend, params: InitializeParams) -> Result<InitializeResult> {
    let caps = &params.capabilities;
    let offers_utf8 =
        caps.general.as_ref().and_then(|g| g.position_encodings.as_ref()).is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
    let ws = caps.workspace.as_ref();
    let client = ClientCaps {
        pull: caps.text_document.as_ref().and_then(|t| t.diagnostic.as_ref()).is_some(),
        refresh: ws.and_then(|w| w.diagnostics.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false),
        configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
        watch_dynamic: ws.and_then(|w| w.did_change_watched_files.as_ref()).and_then(|d| d.dynamic_registration).unwrap_or(false),
        create_files: ws.and_then(|w| w.workspace_edit.as_ref()).is_some_and(|e| {
            e.document_changes == Some(true)
                && e.resource_operations.as_ref().is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
        }),
        apply_edit: ws.and_then(|w| w.apply_edit).unwrap_or(false),
    };
    let (settings, problems) = params.initialization_options.as_ref().map(Settings::from_json).unwrap_or_default();
    let pull = match settings.diagnostic_mode {
        DiagnosticMode::Push => false,
        DiagnosticMode::Pull | DiagnosticMode::Auto => client.pull,
    };
    let advertise_pull = settings.diagnostic_mode != DiagnosticMode::Push;
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().and_then(|u| u.to_file_path().map(|p| p.into_owned()));
    let roots: Vec<PathBuf> = params
        .workspace_folders
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .chain(root)
        .collect();
    let enc = if offers_utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    {
        let mut s = b.state();
        s.enc = enc;
        s.init_settings = settings.clone();
        s.settings = settings;
        s.caps = client;
        s.pull = pull;
        s.roots = roots;
    }
    for p in problems {
        b.log(LogLevel::Warn, p).await;
    }
    Ok(InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::new(enc.name())),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::SOURCE_FIX_ALL, CodeActionKind::new(FIX_ALL_KIND)]),
                ..Default::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![CMD_FIX_ALL.into(), CMD_GLOSSARY.into()],
                ..Default::default()
            }),
            document_symbol_provider: Some(OneOf::Left(true)),
            diagnostic_provider: advertise_pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("copydesk".into()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..Default::default()
                })
            }),
            ..Default::default()
        },
        server_info: Some(ServerInfo { name: "copydesk".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
        ..Default::default()
    })
}

/// Watches the configuration files (when the client can), pulls the editor's settings and
/// logs the negotiated mode.
pub async fn initialized(b: &Backend, _: InitializedParams) {
    let (watch, configuration, enc, pull) = {
        let s = b.state();
        (s.caps.watch_dynamic, s.caps.configuration, s.enc, s.pull)
    };
    if watch {
        let watchers = ["**/copydesk.toml", "**/*glossary*.toml"]
            .iter()
            .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String(g.to_string()), kind: None })
            .collect();
        let reg = Registration {
            id: "copydesk-watch-configuration".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
        };
        let answer = tokio::time::timeout(Duration::from_secs(10), b.client.register_capability(vec![reg])).await;
        if let Err(e) = answer.unwrap_or_else(|_| Err(Error::request_cancelled())) {
            b.log(LogLevel::Info, format!("watching configuration files was refused ({}); changes apply on reopening", e)).await;
        }
    } else {
        b.log(LogLevel::Info, "the editor cannot watch files for copydesk; configuration changes apply on reopening").await;
    }
    if configuration {
        sync::pull_settings(b).await;
    }
    let mode = if pull { "pulled" } else { "pushed" };
    b.log(LogLevel::Info, format!("copydesk {} ready: positions in {}, diagnostics {}", env!("CARGO_PKG_VERSION"), enc.name(), mode)).await;
}

/// Remembers the shutdown: `exit` after it ends the process with status 0.
pub async fn shutdown(_: &Backend) -> Result<()> {
    transport::SHUTDOWN.store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}
