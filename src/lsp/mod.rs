//! The language server: `copydesk lsp` over standard input and output.
//!
//! It only translates between the protocol and the core: document text lives in ropes
//! ([`documents`]), positions are converted in the negotiated encoding ([`convert`]), findings
//! become diagnostics, fixes become workspace edits, and hover cards and outlines come from the
//! core. One small module per request:
//!
//! | module | what |
//! | --- | --- |
//! | [`server`] | state, capabilities, per-document debounced analysis, configuration loading |
//! | [`sync`] | `didOpen`, `didChange` (incremental), `didClose` |
//! | [`diagnostics`] | pushed and pulled diagnostics |
//! | [`hover`] | glossary cards and quotation attribution |
//! | [`code_actions`] | quick fixes, fix all, disable for a line, project glossary edits |
//! | [`project_edits`] | workspace edits to `copydesk.toml` and `copydesk-glossary.toml` |
//! | [`commands`] | `copydesk.fixAll`, `copydesk.glossaryEntry` |
//! | [`symbols`] | quotations by speaker and the names the story uses |
//! | [`config`] | editor settings on top of `copydesk.toml`; configuration problems |
//! | [`transport`] | framing guard on stdin, exit status; the output queue shared with the library |
//! | [`validate`] | what a message must be before the protocol library sees it; the errors for the rest |

pub mod code_actions;
pub mod commands;
pub mod config;
pub mod convert;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod project_edits;
pub mod server;
pub mod symbols;
pub mod sync;
pub mod transport;
pub mod validate;

use tower_lsp_server::{LspService, Server};

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
    let (service, socket) = LspService::build(move |client| server::Backend::with_outbox(client, level, Some(for_backend)))
        .custom_method("copydesk/status", server::Backend::status)
        .custom_method("copydesk/text", server::Backend::text)
        .custom_method(transport::PROBLEM_METHOD, server::Backend::problem)
        .finish();
    // Requests and notifications are handled concurrently (each notification applies its
    // change before its first await, so changes keep their order); a few slow requests
    // must not hold up the edits behind them.
    let input = transport::guard(input, outbox.clone(), mode);
    Server::new(input, output, socket).concurrency_level(64).serve(service).await;
    // The answer to `shutdown` and anything else queued must reach the editor.
    outbox.flush(std::time::Duration::from_secs(2)).await;
}
