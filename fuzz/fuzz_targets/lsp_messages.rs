//! The language server's message loop (`copydesk::lsp::serve`: the transport's checks, the
//! protocol library, the handlers), fed arbitrary framed bodies after `initialize`: whatever
//! they are, the server must go on serving, so a request sent after them is answered. Only an
//! `exit` notification among them (as the transport reads it) may end the session.
//!
//! The input is the bodies, separated by NUL bytes (a NUL cannot occur in JSON text, so the
//! seeds in fuzz/corpus/lsp_messages/ read as the messages they are). Each body is framed
//! with its exact `Content-Length`; the framing itself is covered by the transport's tests.
#![no_main]

use copydesk::lsp::transport::{self, Checked};
use copydesk::lsp::LogLevel;
use libfuzzer_sys::fuzz_target;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"processId":null,"capabilities":{},"initializationOptions":{"debounceMs":0}}}"#;
const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
const PROBE: &str = r#"{"jsonrpc":"2.0","id":"probe","method":"copydesk/status","params":null}"#;

fuzz_target!(|data: &[u8]| {
    let bodies: Vec<&[u8]> = data.split(|&b| b == 0).take(64).collect();
    let exits = bodies.iter().any(|b| matches!(transport::check(b.to_vec()), Checked::Exit(_)));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let (mut to_server, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, mut from_server) = tokio::io::duplex(1 << 16);
        let server = tokio::spawn(copydesk::lsp::serve(server_in, server_out, LogLevel::Error, transport::Mode::Embedded));
        // Everything the server writes, read as it comes (so that it never blocks on output).
        let (seen_tx, mut seen_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
        let reader = tokio::spawn(async move {
            let mut all = Vec::new();
            let mut chunk = vec![0u8; 1 << 16];
            loop {
                match from_server.read(&mut chunk).await {
                    Ok(0) | Err(_) => return all,
                    Ok(n) => {
                        all.extend_from_slice(&chunk[..n]);
                        if memchr::memmem::find(&all, br#""id":"probe""#).is_some() {
                            let _ = seen_tx.send(());
                        }
                    }
                }
            }
        });
        let mut input = framed(INITIALIZE.as_bytes());
        input.extend(framed(INITIALIZED.as_bytes()));
        for b in &bodies {
            input.extend(framed(b));
        }
        input.extend(framed(PROBE.as_bytes()));
        let writer = tokio::spawn(async move {
            let _ = to_server.write_all(&input).await;
            // Keep the input open: its end would end the session.
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(to_server);
        });
        let answered = tokio::time::timeout(Duration::from_secs(8), seen_rx.recv()).await.is_ok_and(|r| r.is_some());
        if !answered && !exits {
            let ended = server.is_finished();
            writer.abort();
            server.abort();
            let out = reader.await.unwrap_or_default();
            panic!(
                "the server {} without answering a request after these bodies: {:?}\noutput: {}",
                if ended { "ended" } else { "stopped answering" },
                bodies.iter().map(|b| String::from_utf8_lossy(b)).collect::<Vec<_>>(),
                String::from_utf8_lossy(&out[..out.len().min(4000)])
            );
        }
        writer.abort();
        server.abort();
        reader.abort();
    });
    rt.shutdown_background();
});
