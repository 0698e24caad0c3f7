//! The language server: `copydesk lsp` over standard input and output.
//!
//! It only translates between the protocol and the core: an open document is its text and the
//! core's line index ([`documents`]), positions become `Position`s in the negotiated encoding at
//! the edge ([`convert`]), findings become diagnostics, fixes become workspace edits, and hover
//! cards and outlines come from the core. The `LanguageServer` impl below delegates each method
//! to its handler module; the handlers know only the shared state ([`state`]), the conversions
//! and the helpers below them, never this impl (no import circle inside `lsp`).
//!
//! | module | what |
//! | --- | --- |
//! | [`state`] | the shared state: documents, snapshots, settings, configuration loading, logging |
//! | [`lifecycle`] | `initialize` (encoding, capabilities), `initialized`, `shutdown` |
//! | [`sync`] | `didOpen`, `didChange` (incremental), `didClose`, settings and watched files |
//! | [`diagnostics`] | pushed (per-document debounced analysis) and pulled diagnostics |
//! | [`hover`] | glossary cards and quotation attribution |
//! | [`code_actions`] | quick fixes, fix all, disable for a line, project glossary edits |
//! | [`project_edits`] | workspace edits to `copydesk.toml` and `copydesk-glossary.toml` |
//! | [`commands`] | `copydesk.fixAll`, `copydesk.glossaryEntry` |
//! | [`symbols`] | quotations by speaker and the names the story uses |
//! | [`custom`] | `copydesk/status`, `copydesk/text`, `$/copydesk/problem` |
//! | [`config`] | editor settings on top of `copydesk.toml`; configuration problems |
//! | [`documents`] | an open document: its text and line index, edits at positions |
//! | [`convert`] | byte ranges and findings as protocol positions, ranges and diagnostics |
//! | [`transport`] | framing guard on stdin, exit status; the output queue shared with the library |
//! | [`validate`] | what a message must be before the protocol library sees it; the errors for the rest |

pub mod code_actions;
pub mod commands;
pub mod config;
pub mod convert;
pub mod custom;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod lifecycle;
pub mod project_edits;
pub mod state;
pub mod symbols;
pub mod sync;
pub mod transport;
pub mod validate;

pub use state::LogLevel;
use state::{guarded, Backend};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{LanguageServer, LspService, Server};

/// Runs the server over standard input and output until `exit`; returns the process status
/// (0 when `exit` followed `shutdown`, 1 otherwise, 2 for a bad `--log-level`).
pub fn run_stdio(log_level: &str) -> i32 {
    let Some(level) = LogLevel::parse(log_level) else {
        eprintln!("copydesk: --log-level must be error, warn, info, debug or trace, not `{}`", log_level);
        return 2;
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(8)
        .thread_name("copydesk-lsp")
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("copydesk: cannot start the language server: {}", e);
            return 2;
        }
    };
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout(), level, transport::Mode::Process));
    // The stdin reader may still be blocked in a read: do not wait for it.
    runtime.shutdown_background();
    transport::exit_status()
}

/// Serves the protocol on `input` and `output` until `exit` (or the end of the input).
/// `mode`: whether `exit` and the end of the input end the process (see [`transport::Mode`]).
pub async fn serve<I, O>(input: I, output: O, level: LogLevel, mode: transport::Mode)
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (outbox, output) = transport::output(output);
    let for_backend = outbox.clone();
    let (service, socket) = LspService::build(move |client| Backend::with_outbox(client, level, Some(for_backend)))
        .custom_method("copydesk/status", custom::status)
        .custom_method("copydesk/text", custom::text)
        .custom_method(transport::PROBLEM_METHOD, custom::problem)
        .finish();
    // Requests and notifications are handled concurrently (each notification applies its
    // change before its first await, so changes keep their order); a few slow requests
    // must not hold up the edits behind them.
    let input = transport::guard(input, outbox.clone(), mode);
    Server::new(input, output, socket).concurrency_level(64).serve(service).await;
    // The answer to `shutdown` and anything else queued must reach the editor.
    outbox.flush(std::time::Duration::from_secs(2)).await;
}

/// Every protocol method is a delegation to its handler module; the handlers know only the
/// shared state ([`state`]) and the conversions, never this impl or each other's callers.
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(self, params).await
    }

    async fn initialized(&self, params: InitializedParams) {
        lifecycle::initialized(self, params).await
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown(self).await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        sync::did_open(self, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        sync::did_change(self, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        sync::did_close(self, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        sync::did_change_configuration(self, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        sync::did_change_watched_files(self, params).await
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        guarded(self, "textDocument/diagnostic", diagnostics::pull(self.clone(), params)).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guarded(self, "textDocument/hover", hover::hover(self.clone(), params)).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guarded(self, "textDocument/codeAction", code_actions::code_action(self.clone(), params)).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        guarded(self, "workspace/executeCommand", commands::execute(self.clone(), params)).await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        guarded(self, "textDocument/documentSymbol", symbols::document_symbol(self.clone(), params)).await
    }
}
