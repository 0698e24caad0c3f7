//! A guard in front of the protocol library: it re-frames what the editor sends and replaces a
//! message that is not JSON by a harmless notification, so a garbled message costs one log
//! line instead of the session (the library ends the connection on a parse error).

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, DuplexStream};

/// Bodies larger than this are refused (read and dropped), to bound memory.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// Set by the `shutdown` request: `exit` then ends the process with status 0, else 1.
pub static SHUTDOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[derive(serde::Deserialize)]
struct Method {
    method: Option<String>,
}

const REPLACEMENT: &str = r#"{"jsonrpc":"2.0","method":"$/copydesk/invalidMessage","params":{}}"#;

/// Copies framed messages from `input` to the returned stream, checking each body.
pub fn guard<R: AsyncRead + Unpin + Send + 'static>(mut input: R) -> DuplexStream {
    let (mut tx, rx) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            // Parse as many whole messages as the buffer holds.
            while let Some(header_end) = find(&buf, b"\r\n\r\n") {
                let header = String::from_utf8_lossy(&buf[..header_end]).to_string();
                let len = header
                    .lines()
                    .find_map(|l| {
                        l.split_once(':')
                            .filter(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                            .map(|(_, v)| v.trim().to_string())
                    })
                    .and_then(|v| v.parse::<usize>().ok());
                let Some(len) = len else {
                    eprintln!("copydesk: a message without a valid Content-Length header was dropped");
                    buf.drain(..header_end + 4);
                    continue;
                };
                if buf.len() < header_end + 4 + len {
                    if len > MAX_BODY {
                        eprintln!("copydesk: a message of {} bytes is larger than {} and was dropped", len, MAX_BODY);
                    }
                    break; // wait for the rest of the body
                }
                let body: Vec<u8> = buf[header_end + 4..header_end + 4 + len].to_vec();
                buf.drain(..header_end + 4 + len);
                let parsed = if len > MAX_BODY { None } else { serde_json::from_slice::<Method>(&body).ok() };
                let is_exit = parsed.as_ref().is_some_and(|m| m.method.as_deref() == Some("exit"));
                let body = if parsed.is_none() {
                    eprintln!("copydesk: a message that is not valid JSON ({} bytes) was ignored", len);
                    REPLACEMENT.as_bytes().to_vec()
                } else {
                    body
                };
                if is_exit {
                    // The library stops serving on `exit`; make sure the process ends too, with
                    // the status the protocol asks for, even if a task is still busy.
                    tokio::spawn(async {
                        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                        std::process::exit(if SHUTDOWN.load(std::sync::atomic::Ordering::SeqCst) { 0 } else { 1 });
                    });
                }
                let framed = [format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes(), body].concat();
                if tx.write_all(&framed).await.is_err() {
                    return;
                }
            }
            match input.read(&mut chunk).await {
                Ok(0) | Err(_) => {
                    let _ = tx.shutdown().await;
                    return;
                }
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    });
    rx
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}
