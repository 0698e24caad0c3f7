//! The server's state and the plumbing every handler shares: open documents, the negotiated
//! encoding, settings, configuration loading (with the last good configuration kept when a file
//! breaks), analysis on blocking threads, and logging. It knows no handler: the handler modules
//! know it, and the `LanguageServer` impl in [`super`] delegates to them.

use super::config::{problem_diagnostic, Settings};
use super::convert::Conv;
use super::documents::Document;
use super::transport;
use crate::config::{Config, ConfigError};
use crate::document::{Encoding, LineIndex};
use crate::finding::Finding;
use crate::incremental::Incremental;
use crate::prose::Markup;
use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::watch;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

/// Documents shorter than this are analysed on the task that asks, not on a blocking thread.
const INLINE_ANALYSIS_BYTES: usize = 64 * 1024;

/// Analyses (and the parts they were made from) kept ready, for the documents used last
/// (changed, hovered, asked for actions). An analysis holds the text and every finding with its
/// related places and fixes: ten to twenty times the text for a story dense with names (a
/// 100 KB one: 1–2 MB), and its parts about twice the text more; the document alone is the
/// text and its line index. The other documents keep only their text, and are analysed again
/// when asked for (a 100 KB story in a few milliseconds; the parts are back from its next edit
/// on).
pub const SNAPSHOTS_KEPT: usize = 4;

pub const FIX_ALL_KIND: &str = "source.fixAll.copydesk";
pub const CMD_FIX_ALL: &str = "copydesk.fixAll";
pub const CMD_GLOSSARY: &str = "copydesk.glossaryEntry";

/// How much the server logs (to stderr and `window/logMessage`).
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
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(LogLevel::Error),
            "warn" | "warning" => Some(LogLevel::Warn),
            "info" => Some(LogLevel::Info),
            "debug" => Some(LogLevel::Debug),
            "trace" => Some(LogLevel::Trace),
            _ => None,
        }
    }
}

/// One analysed version of a document: its text, findings and the configuration used.
#[derive(Debug)]
pub struct Snapshot {
    pub version: i32,
    /// The configuration epoch it was analysed under.
    pub epoch: u64,
    /// Which opening of the document (a closed and reopened document starts again).
    pub open_id: u64,
    pub text: String,
    pub lines: LineIndex,
    pub findings: Vec<Finding>,
    pub cfg: Arc<Config>,
    pub markup: Markup,
}

impl Snapshot {
    pub fn conv(&self, enc: Encoding) -> Conv<'_> {
        Conv { text: &self.text, lines: &self.lines, enc }
    }

    /// The result id of pulled diagnostics: changes with the text and the configuration.
    pub fn result_id(&self) -> String {
        format!("{}:{}:{}", self.open_id, self.epoch, self.version)
    }
}

/// An open document.
#[derive(Debug)]
pub struct DocEntry {
    pub doc: Document,
    pub open_id: u64,
    /// The nearest `copydesk.toml` (looked up once per configuration epoch).
    pub config_path: Option<Option<PathBuf>>,
    /// The latest analysis, possibly of an older version.
    pub snapshot: Option<Arc<Snapshot>>,
    /// Wakes the document's analysis task: bumped on every change.
    pub wake: watch::Sender<u64>,
    /// Whether diagnostics were pushed for it (so that they can be cleared).
    pub published: bool,
    /// The parts of the last analysis, reused by the next one (see [`crate::incremental`]);
    /// taken out while an analysis runs.
    pub parts: Option<Incremental>,
    /// When its analysis was last used (a tick of [`State::tick`]), to keep only the
    /// [`SNAPSHOTS_KEPT`] used last.
    pub last_used: u64,
    /// A change to it was lost (why): the text is no longer the editor's, so it is treated as
    /// not open (no diagnostics, hovers or fixes) until a change sends the whole text or the
    /// document is opened again (see `sync::lose_sync`).
    pub out_of_sync: Option<String>,
}

/// The params of `$/copydesk/problem`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub message: String,
    pub lost_change: Option<String>,
}

/// What the client said it can do.
#[derive(Debug, Default, Clone)]
pub struct ClientCaps {
    pub pull: bool,
    pub refresh: bool,
    pub configuration: bool,
    pub watch_dynamic: bool,
    pub create_files: bool,
    pub apply_edit: bool,
}

#[derive(Debug)]
pub struct State {
    pub docs: HashMap<Uri, DocEntry>,
    pub enc: Encoding,
    /// From `initializationOptions`; later settings are merged on top of these.
    pub init_settings: Settings,
    pub settings: Settings,
    pub caps: ClientCaps,
    /// Diagnostics are pulled by the client (decided at `initialize`).
    pub pull: bool,
    pub roots: Vec<PathBuf>,
    /// Bumped when settings or configuration files change: analyses of older epochs are stale.
    pub epoch: u64,
    pub next_open_id: u64,
    /// A counter for [`DocEntry::last_used`].
    pub tick: u64,
    /// Effective configuration (file + editor settings) per `copydesk.toml` (`None`: none).
    pub configs: HashMap<Option<PathBuf>, Arc<Config>>,
    /// The last configuration that loaded, per file.
    pub last_good: HashMap<PathBuf, Arc<Config>>,
    /// Broken configuration files: the error shown and where its diagnostic was published.
    pub broken: HashMap<PathBuf, (String, Option<Uri>)>,
}

pub struct Inner {
    pub client: Client,
    /// Standard output, for the messages the server serialises itself (`None`: everything goes
    /// through `client`, as in tests that run the service without a transport).
    pub outbox: Option<transport::Outbox>,
    pub state: Mutex<State>,
    pub log_level: LogLevel,
    /// Permits for the analysis tasks to analyse and publish: a burst of documents opened at
    /// once (an editor restoring a session) is checked a few at a time, so that no more than a
    /// few analyses wait, each holding its findings, for the editor to read what came before.
    pub publishing: tokio::sync::Semaphore,
}

/// How many analysis tasks analyse and publish at once.
const PUBLISHING_AT_ONCE: usize = 4;

/// The server; cheap to clone (handlers and background tasks hold their own handle).
#[derive(Clone)]
pub struct Backend(pub Arc<Inner>);

impl std::ops::Deref for Backend {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Runs a request's work on its own task, so that a panic becomes an internal error for that
/// request (and a log line) instead of the end of the session. The task is aborted when the
/// request is cancelled.
pub async fn guarded<T: Send + 'static>(b: &Backend, what: &str, fut: impl Future<Output = Result<T>> + Send + 'static) -> Result<T> {
    struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);
    impl<T> Drop for AbortOnDrop<T> {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
    let mut handle = AbortOnDrop(tokio::spawn(fut));
    match (&mut handle.0).await {
        Ok(r) => r,
        Err(e) => {
            let msg = if e.is_panic() { "an internal error (panic)" } else { "cancelled" };
            b.log(LogLevel::Error, format!("{} failed: {}; the documents are unchanged", what, msg)).await;
            Err(Error::internal_error())
        }
    }
}

/// Runs blocking work (the core, file I/O) off the message loop; a panic becomes an error.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> std::result::Result<T, String> {
    tokio::task::spawn_blocking(f).await.map_err(|e| if e.is_panic() { "panic in the core".to_string() } else { e.to_string() })
}

/// Drops the analyses and parts of all but the `keep` documents used last: the rest are
/// analysed again when asked for.
pub fn keep_snapshots_used_last(docs: &mut HashMap<Uri, DocEntry>, keep: usize) {
    let mut kept: Vec<u64> = docs.values().filter(|d| d.snapshot.is_some()).map(|d| d.last_used).collect();
    if kept.len() <= keep {
        return;
    }
    kept.sort_unstable();
    let oldest_kept = kept[kept.len() - keep];
    for d in docs.values_mut() {
        if d.last_used < oldest_kept {
            d.snapshot = None;
            d.parts = None;
        }
    }
}

pub fn markup_for(uri: &Uri, language: &str) -> Markup {
    if language == "markdown" {
        Markup::Markdown
    } else {
        let s = uri.as_str();
        let path = s.split(['?', '#']).next().unwrap_or(s);
        Markup::from_path(path)
    }
}

impl Backend {
    pub fn new(client: Client, log_level: LogLevel) -> Backend {
        Backend::with_outbox(client, log_level, None)
    }

    /// [`new`](Self::new), with the way to standard output.
    pub fn with_outbox(client: Client, log_level: LogLevel, outbox: Option<transport::Outbox>) -> Backend {
        let state = State {
            docs: HashMap::new(),
            enc: Encoding::Utf16,
            init_settings: Settings::default(),
            settings: Settings::default(),
            caps: ClientCaps::default(),
            pull: false,
            roots: Vec::new(),
            epoch: 0,
            next_open_id: 1,
            tick: 0,
            configs: HashMap::new(),
            last_good: HashMap::new(),
            broken: HashMap::new(),
        };
        Backend(Arc::new(Inner {
            client,
            outbox,
            state: Mutex::new(state),
            log_level,
            publishing: tokio::sync::Semaphore::new(PUBLISHING_AT_ONCE),
        }))
    }

    /// The state, even after a panic elsewhere (every update leaves it consistent).
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.0.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn enc(&self) -> Encoding {
        self.state().enc
    }

    pub fn logs(&self, level: LogLevel) -> bool {
        level <= self.log_level
    }

    /// Logs to stderr and to the editor (`window/logMessage`).
    pub async fn log(&self, level: LogLevel, msg: impl Into<String>) {
        if !self.logs(level) {
            return;
        }
        let msg = msg.into();
        eprintln!("copydesk [{}] {}", format!("{:?}", level).to_lowercase(), msg);
        self.log_to_editor(level, msg).await;
    }

    /// Logs to the editor only (`window/logMessage`), for what was already written to stderr.
    pub async fn log_to_editor(&self, level: LogLevel, msg: String) {
        if !self.logs(level) {
            return;
        }
        let typ = match level {
            LogLevel::Error => MessageType::ERROR,
            LogLevel::Warn => MessageType::WARNING,
            LogLevel::Info => MessageType::INFO,
            _ => MessageType::LOG,
        };
        self.client.log_message(typ, msg).await;
    }

    // ---- configuration --------------------------------------------------------------------

    /// The `copydesk.toml` that governs a document: the nearest one above its file, or above a
    /// workspace folder for documents that are not files.
    async fn config_path(&self, uri: &Uri) -> Option<PathBuf> {
        let (cached, roots) = {
            let s = self.state();
            (s.docs.get(uri).and_then(|d| d.config_path.clone()), s.roots.clone())
        };
        if let Some(p) = cached {
            return p;
        }
        let file = uri.to_file_path().map(|p| p.into_owned());
        let found = blocking(move || match file {
            Some(f) => crate::project::find_config(&f),
            None => roots.iter().find_map(|r| crate::project::find_config(r)),
        })
        .await
        .ok()
        .flatten();
        if let Some(d) = self.state().docs.get_mut(uri) {
            d.config_path = Some(found.clone());
        }
        found
    }

    /// The effective configuration for a document.
    pub async fn config_for(&self, uri: &Uri) -> Arc<Config> {
        let path = self.config_path(uri).await;
        self.config_at(path).await
    }

    /// The effective configuration of one `copydesk.toml` (or none): loaded once per epoch;
    /// when the file is broken, its problem is shown (a diagnostic on the file and a message)
    /// and the last configuration that loaded stays in force.
    pub async fn config_at(&self, path: Option<PathBuf>) -> Arc<Config> {
        let epoch = {
            let mut s = self.state();
            if let Some(c) = s.configs.get(&path) {
                return c.clone();
            }
            if path.is_none() {
                let c = Arc::new(s.settings.apply(&Config::default()));
                s.configs.insert(None, c.clone());
                return c;
            }
            s.epoch
        };
        let p = path.clone().unwrap_or_default();
        let enc = self.enc();
        let p2 = p.clone();
        let loaded = blocking(move || {
            let r = crate::project::load_config(&p2);
            let shown = r.as_ref().err().and_then(|e| problem_diagnostic(e, &p2, enc));
            (r, shown)
        })
        .await;
        let (result, shown) = loaded.unwrap_or_else(|e| {
            (
                Err(ConfigError {
                    file: Some(p.display().to_string()),
                    line: None,
                    column: None,
                    message: format!("internal error: {}", e),
                }),
                None,
            )
        });
        match result {
            Ok(cfg) => {
                let raw = Arc::new(cfg);
                let (eff, was_broken) = {
                    let mut s = self.state();
                    let eff = Arc::new(s.settings.apply(&raw));
                    s.last_good.insert(p.clone(), raw);
                    if s.epoch == epoch {
                        s.configs.insert(path, eff.clone());
                    }
                    (eff, s.broken.remove(&p))
                };
                if let Some((_, published)) = was_broken {
                    self.log(LogLevel::Info, format!("{} loads again", p.display())).await;
                    if let Some(u) = published {
                        self.client.publish_diagnostics(u, Vec::new(), None).await;
                    }
                }
                eff
            }
            Err(e) => {
                let message = e.to_string();
                let uri = shown.as_ref().map(|(u, _)| u.clone());
                let (eff, previous) = {
                    let mut s = self.state();
                    let base = s.last_good.get(&p).cloned().unwrap_or_default();
                    let eff = Arc::new(s.settings.apply(&base));
                    if s.epoch == epoch {
                        s.configs.insert(path, eff.clone());
                    }
                    (eff, s.broken.insert(p.clone(), (message.clone(), uri.clone())))
                };
                let first = previous.as_ref().is_none_or(|(m, _)| *m != message);
                if first {
                    self.log(LogLevel::Warn, format!("configuration error: {}", message)).await;
                    self.client
                        .show_message(MessageType::ERROR, format!("copydesk: {} — keeping the last configuration that loaded", message))
                        .await;
                }
                let moved = previous.as_ref().is_some_and(|(_, old)| old != &uri);
                if let Some((_, Some(old))) = previous.filter(|_| moved) {
                    self.client.publish_diagnostics(old, Vec::new(), None).await;
                }
                if first || moved {
                    if let Some((u, d)) = shown {
                        self.client.publish_diagnostics(u, vec![d], None).await;
                    }
                }
                eff
            }
        }
    }

    /// Forgets every loaded configuration and analysis (settings or files changed).
    pub fn invalidate(&self) {
        let mut s = self.state();
        s.epoch += 1;
        s.configs.clear();
        for d in s.docs.values_mut() {
            d.config_path = None;
            d.snapshot = None;
        }
    }

    /// Re-checks every open document under the current settings and files.
    pub async fn recheck_all(&self) {
        self.invalidate();
        // A broken configuration file that was deleted takes its diagnostic with it.
        let gone: Vec<Option<Uri>> = {
            let mut s = self.state();
            let paths: Vec<PathBuf> = s.broken.keys().filter(|p| !p.is_file()).cloned().collect();
            paths.iter().filter_map(|p| s.broken.remove(p)).map(|(_, uri)| uri).collect()
        };
        for uri in gone.into_iter().flatten() {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
        let (pull, refresh, uris) = {
            let s = self.state();
            (s.pull, s.caps.refresh, s.docs.keys().cloned().collect::<Vec<_>>())
        };
        if pull {
            // Load the configurations now, so that a broken file is reported at once.
            for u in &uris {
                self.config_for(u).await;
            }
            if refresh {
                if let Err(e) = self.client.workspace_diagnostic_refresh().await {
                    self.log(LogLevel::Debug, format!("diagnostic refresh: {}", e)).await;
                }
            }
        } else {
            let s = self.state();
            for d in s.docs.values() {
                d.wake.send_modify(|n| *n += 1);
            }
        }
    }

    // ---- analysis -------------------------------------------------------------------------

    /// The analysis of a document's current version: the stored one when it is current, else
    /// a fresh one (on a blocking thread). `Ok(None)`: not open, or a language not checked.
    pub async fn snapshot(&self, uri: &Uri) -> Result<Option<Arc<Snapshot>>> {
        let (text, lines, version, open_id, markup, epoch) = {
            let mut s = self.state();
            let s = &mut *s;
            s.tick += 1;
            let Some(d) = s.docs.get_mut(uri).filter(|d| d.out_of_sync.is_none()) else { return Ok(None) };
            if !s.settings.checks(&d.doc.language) {
                return Ok(None);
            }
            if let Some(snap) = &d.snapshot {
                if snap.version == d.doc.version && snap.epoch == s.epoch {
                    d.last_used = s.tick;
                    return Ok(Some(snap.clone()));
                }
            }
            (d.doc.text().to_string(), d.doc.lines().clone(), d.doc.version, d.open_id, markup_for(uri, &d.doc.language), s.epoch)
        };
        let cfg = self.config_for(uri).await;
        let mut parts = self.take_parts(uri, open_id, &cfg, markup);
        let cfg2 = cfg.clone();
        let bytes = text.len();
        let analyse = move || {
            let findings = crate::rules::run(&parts.analyze(&text), &cfg2);
            (Snapshot { version, epoch, open_id, text, lines, findings, cfg: cfg2, markup }, parts)
        };
        // A story is analysed in well under a millisecond: here, without the hop to a blocking
        // thread and back, which costs more than that on a busy machine. A long manuscript goes
        // to a blocking thread, so that the server keeps answering meanwhile.
        let result = if bytes < INLINE_ANALYSIS_BYTES {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(analyse)).map_err(|_| "panic in the core".to_string())
        } else {
            blocking(analyse).await
        };
        let snap = match result {
            Ok((s, parts)) => {
                self.put_parts(uri, open_id, parts, true);
                Arc::new(s)
            }
            Err(e) => {
                self.log(
                    LogLevel::Error,
                    format!("checking {} (version {}) failed: {}; the document is unchanged", uri.as_str(), version, e),
                )
                .await;
                return Err(Error::internal_error());
            }
        };
        let mut s = self.state();
        let current_epoch = s.epoch;
        s.tick += 1;
        let tick = s.tick;
        if let Some(d) = s.docs.get_mut(uri) {
            if d.open_id == open_id && d.doc.version == version && epoch == current_epoch {
                d.snapshot = Some(snap.clone());
                d.last_used = tick;
                keep_snapshots_used_last(&mut s.docs, SNAPSHOTS_KEPT);
            }
        }
        Ok(Some(snap))
    }

    /// The parts of a document's last analysis, if they were made under this configuration and
    /// markup (else an empty set): taken out of the document while an analysis uses them, and
    /// given back with [`put_parts`](Self::put_parts).
    pub fn take_parts(&self, uri: &Uri, open_id: u64, cfg: &Arc<Config>, markup: Markup) -> Incremental {
        let parts = self.state().docs.get_mut(uri).filter(|d| d.open_id == open_id).and_then(|d| d.parts.take());
        parts.filter(|p| Arc::ptr_eq(p.config(), cfg) && p.markup() == markup).unwrap_or_else(|| Incremental::new(cfg.clone(), markup))
    }

    /// Gives parts back to their document. `newest`: they are of the document's latest
    /// analysis and replace any others; else (a request's analysis of an older snapshot) they
    /// are kept only if the document has none.
    pub fn put_parts(&self, uri: &Uri, open_id: u64, parts: Incremental, newest: bool) {
        if let Some(d) = self.state().docs.get_mut(uri).filter(|d| d.open_id == open_id) {
            if newest || d.parts.is_none() {
                d.parts = Some(parts);
            }
        }
    }

    /// The analysis of a snapshot's text, for requests that need more than its findings
    /// (hover, symbols): from the document's kept parts, so that it costs a fraction of a whole
    /// analysis. Runs on a blocking thread.
    pub async fn with_analysis<T: Send + 'static>(
        &self,
        uri: &Uri,
        snap: Arc<Snapshot>,
        f: impl FnOnce(&crate::Analysis, &Snapshot) -> T + Send + 'static,
    ) -> std::result::Result<T, String> {
        let mut parts = self.take_parts(uri, snap.open_id, &snap.cfg, snap.markup);
        let open_id = snap.open_id;
        let (out, parts) = blocking(move || {
            let out = f(&parts.analyze(&snap.text), &snap);
            (out, parts)
        })
        .await?;
        self.put_parts(uri, open_id, parts, false);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::jsonrpc::ErrorCode;
    use tower_lsp_server::LspService;

    #[tokio::test]
    async fn a_panic_in_a_request_or_in_the_core_is_an_internal_error_and_the_server_goes_on() {
        let (service, _socket) = LspService::new(|client| Backend::new(client, LogLevel::Error));
        let b = service.inner().clone();
        let r: Result<()> = guarded(&b, "a test request", async { panic!("boom") }).await;
        assert_eq!(r.unwrap_err().code, ErrorCode::InternalError);
        let r = blocking(|| -> usize { panic!("the core") }).await;
        assert_eq!(r.unwrap_err(), "panic in the core");
        // The state is still usable, and normal work goes through.
        b.state().epoch += 1;
        assert_eq!(guarded(&b, "a test request", async { Ok(7) }).await.unwrap(), 7);
        assert_eq!(blocking(|| 1 + 1).await.unwrap(), 2);
    }

    #[test]
    fn markup_by_language_then_by_path() {
        let u = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(markup_for(&u("file:///a/story.txt"), "markdown"), Markup::Markdown);
        assert_eq!(markup_for(&u("file:///a/story.md"), "plaintext"), Markup::Markdown);
        assert_eq!(markup_for(&u("file:///a/story.txt"), "plaintext"), Markup::Plain);
        assert_eq!(markup_for(&u("untitled:Untitled-1"), "text"), Markup::Plain);
    }
}
