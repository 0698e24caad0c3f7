//! The language server: `copydesk lsp` over stdio. It only translates between the editor's
//! protocol and the core: documents in ropes, positions in the negotiated encoding, findings
//! to diagnostics, fixes to workspace edits, hover cards and document symbols from the core.

pub mod convert;
pub mod documents;
mod handlers;
pub mod settings;
pub(crate) mod transport;

use crate::config::{Config, ConfigError};
use crate::document::LineIndex;
use crate::finding::Finding;
use crate::prose::Markup;
use documents::{Document, Enc};
use settings::Settings;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LspService, Server};

/// How loud the server's log is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub fn parse(s: &str) -> Option<LogLevel> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(LogLevel::Error),
            "warn" | "warning" => Some(LogLevel::Warn),
            "info" => Some(LogLevel::Info),
            "debug" => Some(LogLevel::Debug),
            "trace" => Some(LogLevel::Trace),
            _ => None,
        }
    }
}

/// One analysed version of a document.
#[derive(Debug)]
pub struct Snapshot {
    pub version: i32,
    pub text: String,
    pub index: LineIndex,
    pub findings: Vec<Finding>,
    pub cfg: Arc<Config>,
    pub markup: Markup,
}

#[derive(Debug)]
struct Doc {
    doc: Document,
    snapshot: Option<Arc<Snapshot>>,
}

/// How diagnostics reach the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delivery {
    Push,
    Pull,
}

#[derive(Debug)]
struct State {
    docs: HashMap<Uri, Doc>,
    enc: Enc,
    settings: Settings,
    delivery: Delivery,
    refresh_support: bool,
    /// Last good configuration per `copydesk.toml`; `None` key: no configuration file.
    configs: HashMap<Option<PathBuf>, Arc<Config>>,
    /// The last configuration that loaded, per file: kept when the file breaks.
    last_good: HashMap<Option<PathBuf>, Arc<Config>>,
    /// Configuration files currently broken (their diagnostics are shown).
    broken: HashMap<PathBuf, ConfigError>,
    roots: Vec<PathBuf>,
}

/// The server.
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    log_level: LogLevel,
}

/// Runs the server over standard input and output until `exit`; returns the exit status.
pub fn run_stdio(log_level: &str) -> i32 {
    let Some(level) = LogLevel::parse(log_level) else {
        eprintln!("copydesk: --log-level must be error, warn, info, debug or trace");
        return 2;
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("copydesk: cannot start the server: {}", e);
            return 2;
        }
    };
    runtime.block_on(async move {
        let (service, socket) =
            LspService::build(|client| Backend::new(client, level)).custom_method("copydesk/status", Backend::status).finish();
        Server::new(transport::guard(tokio::io::stdin()), tokio::io::stdout(), socket).serve(service).await;
    });
    // The stdin reader may still be blocked on a read: do not wait for it.
    runtime.shutdown_background();
    if transport::SHUTDOWN.load(std::sync::atomic::Ordering::SeqCst) {
        0
    } else {
        1
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while the lock was held leaves consistent data (every update is a single
    // assignment), so a poisoned lock is taken over rather than propagated.
    state.lock().unwrap_or_else(|e| e.into_inner())
}

impl Backend {
    fn new(client: Client, log_level: LogLevel) -> Backend {
        let state = State {
            docs: HashMap::new(),
            enc: Enc::Utf16,
            settings: Settings::default(),
            delivery: Delivery::Push,
            refresh_support: false,
            configs: HashMap::new(),
            last_good: HashMap::new(),
            broken: HashMap::new(),
            roots: Vec::new(),
        };
        Backend { client, state: Arc::new(Mutex::new(state)), log_level }
    }

    /// `copydesk/status`: open documents and their versions (used by tests and the status bar).
    async fn status(&self) -> tower_lsp_server::jsonrpc::Result<serde_json::Value> {
        let s = lock(&self.state);
        let docs: Vec<serde_json::Value> = s
            .docs
            .iter()
            .map(|(u, d)| serde_json::json!({"uri": u.as_str(), "version": d.doc.version, "bytes": d.doc.rope.len_bytes()}))
            .collect();
        Ok(serde_json::json!({"documents": docs, "encoding": if s.enc == Enc::Utf8 { "utf-8" } else { "utf-16" }}))
    }

    async fn log(&self, level: LogLevel, msg: impl Into<String>) {
        if level > self.log_level {
            return;
        }
        let msg = msg.into();
        eprintln!("copydesk [{:?}] {}", level, msg);
        let typ = match level {
            LogLevel::Error => MessageType::ERROR,
            LogLevel::Warn => MessageType::WARNING,
            LogLevel::Info => MessageType::INFO,
            _ => MessageType::LOG,
        };
        self.client.log_message(typ, msg).await;
    }

    /// The configuration for a document: its nearest `copydesk.toml` (cached; the last good one
    /// when it is broken) with the editor's settings on top. Reports broken files.
    async fn config_for(&self, uri: &Uri) -> Arc<Config> {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let found = tokio::task::spawn_blocking(move || path.and_then(|p| crate::project::find_config(&p))).await.ok().flatten();
        if let Some(c) = lock(&self.state).configs.get(&found).cloned() {
            return c;
        }
        let loaded = match found.clone() {
            Some(p) => tokio::task::spawn_blocking(move || crate::project::load_config(&p))
                .await
                .unwrap_or_else(|e| Err(ConfigError { file: None, line: None, column: None, message: format!("internal error: {}", e) })),
            None => Ok(Config::default()),
        };
        let cfg = match loaded {
            Ok(c) => {
                if let Some(p) = &found {
                    if lock(&self.state).broken.remove(p).is_some() {
                        self.publish_config_problem(p, None).await;
                    }
                }
                let raw = Arc::new(c);
                let mut s = lock(&self.state);
                let c = Arc::new(s.settings.apply(&raw));
                s.last_good.insert(found.clone(), raw);
                s.configs.insert(found.clone(), c.clone());
                c
            }
            Err(e) => {
                let p = found.clone().unwrap_or_default();
                self.log(LogLevel::Warn, format!("configuration error: {}", e)).await;
                let first = lock(&self.state).broken.insert(p.clone(), e.clone()).is_none();
                if first {
                    self.client.show_message(MessageType::ERROR, format!("copydesk: {} — using the last good configuration", e)).await;
                }
                self.publish_config_problem(&p, Some(&e)).await;
                let mut s = lock(&self.state);
                // The last good configuration of this file, else the defaults.
                let base = s.last_good.get(&found).cloned().unwrap_or_default();
                let c = Arc::new(s.settings.apply(&base));
                s.configs.insert(found.clone(), c.clone());
                c
            }
        };
        cfg
    }

    async fn publish_config_problem(&self, path: &Path, err: Option<&ConfigError>) {
        let Some(uri) = Uri::from_file_path(path) else { return };
        let diags = match err {
            None => Vec::new(),
            Some(e) => {
                let line = e.line.unwrap_or(1).saturating_sub(1) as u32;
                let col = e.column.unwrap_or(1).saturating_sub(1) as u32;
                vec![Diagnostic {
                    range: Range { start: Position { line, character: col }, end: Position { line, character: col + 1 } },
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("copydesk".into()),
                    code: Some(NumberOrString::String("configuration".into())),
                    message: e.message.clone(),
                    ..Default::default()
                }]
            }
        };
        self.client.publish_diagnostics(uri, diags, None).await;
    }

    fn checks_language(&self, language: &str) -> bool {
        lock(&self.state).settings.languages.iter().any(|l| l == language)
    }

    /// Analyses the document's current version now and stores the result.
    async fn analyze_now(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        let (text, version, language) = {
            let s = lock(&self.state);
            let d = s.docs.get(uri)?;
            if let Some(snap) = &d.snapshot {
                if snap.version == d.doc.version {
                    return Some(snap.clone());
                }
            }
            (d.doc.text(), d.doc.version, d.doc.language.clone())
        };
        let cfg = self.config_for(uri).await;
        let markup = if language == "markdown" { Markup::Markdown } else { Markup::from_path(uri.as_str()) };
        let cfg2 = cfg.clone();
        let result = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(move || {
                let findings = crate::check(&text, markup, &cfg2);
                let index = LineIndex::new(&text);
                (text, index, findings)
            })
        })
        .await;
        let (text, index, findings) = match result {
            Ok(Ok(r)) => r,
            _ => {
                self.log(
                    LogLevel::Error,
                    format!("internal error while checking {} (version {}); the document is unchanged", uri.as_str(), version),
                )
                .await;
                return None;
            }
        };
        let snap = Arc::new(Snapshot { version, text, index, findings, cfg, markup });
        let mut s = lock(&self.state);
        let d = s.docs.get_mut(uri)?;
        // A newer version may have arrived meanwhile: keep this result only if it is current.
        if d.doc.version == version {
            d.snapshot = Some(snap.clone());
        }
        Some(snap)
    }

    /// Re-checks a document after the debounce delay, unless a newer edit arrives first, and
    /// publishes the result unless it is stale by then.
    fn schedule(&self, uri: Uri) {
        let me = self.clone_handle();
        tokio::spawn(async move {
            let (version, delay) = {
                let s = lock(&me.state);
                match s.docs.get(&uri) {
                    Some(d) => (d.doc.version, s.settings.debounce_ms),
                    None => return,
                }
            };
            if delay > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
            }
            if lock(&me.state).docs.get(&uri).map(|d| d.doc.version) != Some(version) {
                return; // superseded by a newer edit
            }
            let Some(snap) = me.analyze_now(&uri).await else { return };
            me.deliver(&uri, &snap).await;
        });
    }

    async fn deliver(&self, uri: &Uri, snap: &Snapshot) {
        let (delivery, refresh, enc, current) = {
            let s = lock(&self.state);
            (s.delivery, s.refresh_support, s.enc, s.docs.get(uri).map(|d| d.doc.version))
        };
        if current != Some(snap.version) {
            return; // stale: never published over a newer version
        }
        match delivery {
            Delivery::Push => {
                let conv = convert::Snap { text: &snap.text, index: &snap.index, enc };
                let diags = snap.findings.iter().map(|f| conv.diagnostic(uri, f)).collect();
                self.client.publish_diagnostics(uri.clone(), diags, Some(snap.version)).await;
            }
            Delivery::Pull => {
                if refresh {
                    let _ = self.client.workspace_diagnostic_refresh().await;
                }
            }
        }
    }

    fn clone_handle(&self) -> Backend {
        Backend { client: self.client.clone(), state: self.state.clone(), log_level: self.log_level }
    }

    /// Forgets cached configurations and re-checks every open document.
    async fn recheck_all(&self) {
        let uris: Vec<Uri> = {
            let mut s = lock(&self.state);
            s.configs.clear();
            for d in s.docs.values_mut() {
                d.snapshot = None;
            }
            s.docs.keys().cloned().collect()
        };
        for u in uris {
            if let Some(snap) = self.analyze_now(&u).await {
                self.deliver(&u, &snap).await;
            }
        }
    }
}
