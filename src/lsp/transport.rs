//! A guard between standard input and the protocol library. It re-frames what the editor sends
//! and checks every body first ([`super::validate`]): a body the library could not decode
//! would end the session (the library stops reading after one decoder error), so such a body
//! is answered here with the JSON-RPC error it deserves and kept from the library, and the
//! server is told (a `$/copydesk/problem` notification) so that it logs it and, for a lost
//! `didChange`, stops trusting its copy of the document. It also makes `exit` end the process
//! with the status the protocol asks for (0 after `shutdown`, else 1) even if some task is
//! still busy.

use super::validate::{self, Verdict};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::{mpsc, oneshot, Notify};

/// Bodies larger than this are read and dropped, to bound memory.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// Set by the `shutdown` request.
pub static SHUTDOWN: AtomicBool = AtomicBool::new(false);

/// The exit status `exit` gets now.
pub fn exit_status() -> i32 {
    if SHUTDOWN.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// The notification that tells the server about a message kept from it (see
/// `Backend::problem`).
pub const PROBLEM_METHOD: &str = "$/copydesk/problem";

/// The `$/copydesk/problem` notification: what went wrong, and the document whose change was
/// lost, if any.
pub fn problem_notification(message: &str, lost_change: Option<&str>) -> Vec<u8> {
    serde_json::json!({"jsonrpc": "2.0", "method": PROBLEM_METHOD, "params": {"message": message, "lostChange": lost_change}})
        .to_string()
        .into_bytes()
}

/// What one complete body becomes on the way through.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    /// Bodies for the library, in order (a problem notification before a repaired message).
    Pass(Vec<Vec<u8>>),
    /// The `exit` notification.
    Exit(Vec<u8>),
    /// Kept from the library: the answer to send the editor (if any) and the bodies for the
    /// library (the problem notification).
    Refused { answer: Option<Vec<u8>>, pass: Vec<Vec<u8>>, log: String },
}

pub fn check(body: Vec<u8>) -> Checked {
    if body.len() > MAX_BODY {
        let log = format!("a message of {} bytes (more than {}) was dropped", body.len(), MAX_BODY);
        return Checked::Refused { answer: None, pass: vec![problem_notification(&log, None)], log };
    }
    match validate::check(body) {
        Verdict::Pass { body, exit: true, .. } => Checked::Exit(body),
        Verdict::Pass { body, note: None, .. } => Checked::Pass(vec![body]),
        Verdict::Pass { body, note: Some(note), .. } => Checked::Pass(vec![problem_notification(&note, None), body]),
        Verdict::Refused(r) => {
            let what = if r.answer.is_some() { "answered with an error" } else { "ignored" };
            let log = format!("a message was {}: {}", what, r.message);
            Checked::Refused { answer: r.answer, pass: vec![problem_notification(&log, r.lost_change.as_deref())], log }
        }
    }
}

/// Splits complete messages off the front of `buf`; `None` while a message is incomplete.
/// A header without a usable `Content-Length` is dropped with its blank line. Bytes before the
/// last `Content-Length:` of a header block are the rest of a message whose declared length was
/// too short: they are dropped, so the stream finds its feet at the next message. A declared
/// length above `MAX_BODY` is refused at once (its body, when it comes, is dropped the same way),
/// so a wrong header cannot make the server wait for gigabytes or hold them.
pub fn next_message(buf: &mut Vec<u8>) -> Option<Result<Vec<u8>, String>> {
    let header_end = memchr::memmem::find(buf, b"\r\n\r\n")?;
    let header = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let Some(len) = content_length(&header) else {
        buf.drain(..header_end + 4);
        return Some(Err(format!("a message header without a valid Content-Length was dropped: {:?}", shorten(&header))));
    };
    if len > MAX_BODY {
        buf.drain(..header_end + 4);
        return Some(Err(format!("a message of {} bytes (more than {}) was refused", len, MAX_BODY)));
    }
    if buf.len() < header_end + 4 + len {
        return None;
    }
    let body = buf[header_end + 4..header_end + 4 + len].to_vec();
    buf.drain(..header_end + 4 + len);
    Some(Ok(body))
}

/// The value of the last `Content-Length` field of a header block (any case), if it is a number.
fn content_length(header: &str) -> Option<usize> {
    let lower = header.to_ascii_lowercase();
    let at = lower.rfind("content-length:")?;
    let digits: String = lower[at + "content-length:".len()..].trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<usize>().ok()
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 200 {
        s.chars().take(200).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}

/// Ends the process after `delay` with the status `exit` asks for, whatever is still running.
fn end_soon(delay: Duration) {
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        std::process::exit(exit_status());
    });
}

/// How the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// As `copydesk lsp`: `exit`, and the end of the input, end the process shortly after;
    /// problems are written to stderr.
    Process,
    /// Inside another program (the fuzz target): neither.
    Embedded,
}

/// Copies framed messages from `input` to the returned stream, checking each body; answers
/// the bodies it keeps from the library through `outbox`.
pub fn guard<R: AsyncRead + Unpin + Send + 'static>(mut input: R, outbox: Outbox, mode: Mode) -> DuplexStream {
    let end_process = mode == Mode::Process;
    let (mut tx, rx) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            while let Some(next) = next_message(&mut buf) {
                let bodies = match next {
                    Err(msg) => {
                        if end_process {
                            eprintln!("copydesk [warn] {}", msg);
                        }
                        vec![problem_notification(&msg, None)]
                    }
                    Ok(body) => match check(body) {
                        Checked::Pass(bodies) => bodies,
                        Checked::Exit(b) => {
                            if end_process {
                                end_soon(Duration::from_millis(1500));
                            }
                            vec![b]
                        }
                        Checked::Refused { answer, pass, log } => {
                            if end_process {
                                eprintln!("copydesk [warn] {}", log);
                            }
                            if let Some(a) = answer {
                                outbox.send(a);
                            }
                            pass
                        }
                    },
                };
                for body in bodies {
                    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                    framed.extend_from_slice(&body);
                    if tx.write_all(&framed).await.is_err() {
                        return;
                    }
                }
            }
            match input.read(&mut chunk).await {
                Ok(0) | Err(_) => {
                    // The editor is gone. The library would wait for answers to the server's
                    // own pending requests, which can no longer come: end the process shortly.
                    let _ = tx.shutdown().await;
                    if end_process {
                        end_soon(Duration::from_millis(500));
                    }
                    return;
                }
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    });
    rx
}

// ---- output ----------------------------------------------------------------------------------

enum Out {
    /// A framed message (from the library).
    Message(Vec<u8>),
    /// A message body, framed as it is written (from the server).
    Body(Vec<u8>),
    Flush(oneshot::Sender<()>),
}

/// The way to standard output, shared by the protocol library (through [`Output`]) and the
/// server. The server queues two kinds of message here itself: the guard's answers to messages
/// it kept from the library, and `publishDiagnostics`, serialised straight from the findings
/// (the library's typed path costs two to three times the server's time per keystroke on a
/// 1 MB manuscript; docs/lsp.md). The library's stream is cut into whole messages (it may
/// write one in pieces) so that the server's messages go out between them, never inside one,
/// in the order they are queued. The bytes queued are counted: analysis tasks wait
/// ([`Outbox::room`]) while an editor has megabytes left to read.
#[derive(Clone, Debug)]
pub struct Outbox(mpsc::UnboundedSender<Out>, Arc<Queued>);

/// The bytes queued and not yet written, and a signal each time some are written.
#[derive(Debug, Default)]
struct Queued {
    bytes: AtomicUsize,
    written: Notify,
}

/// [`Outbox::room`] waits while more than this is queued: an editor that reads slowly (or a
/// burst of documents opened at once, each with a megabyte of diagnostics) must not make the
/// server hold every message it has not written yet.
pub const OUTBOX_LIMIT: usize = 8 * 1024 * 1024;

impl std::fmt::Debug for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Out::Message(m) => write!(f, "Message({} bytes)", m.len()),
            Out::Body(b) => write!(f, "Body({} bytes)", b.len()),
            Out::Flush(_) => write!(f, "Flush"),
        }
    }
}

impl Outbox {
    /// Queues one message body; its header is written just before it. False once the writer
    /// is gone.
    pub fn send(&self, body: Vec<u8>) -> bool {
        self.queue(Out::Body(body))
    }

    fn queue(&self, out: Out) -> bool {
        if let Out::Message(m) | Out::Body(m) = &out {
            self.1.bytes.fetch_add(m.len(), Ordering::SeqCst);
        }
        self.0.send(out).is_ok()
    }

    /// Bytes queued and not yet written.
    pub fn queued(&self) -> usize {
        self.1.bytes.load(Ordering::SeqCst)
    }

    /// Waits until at most [`OUTBOX_LIMIT`] bytes are queued (at once if so). The server's own
    /// large messages (diagnostics) wait here, so what is queued stays bounded whatever the
    /// editor's pace; whatever they were made from may be stale by then, and is checked again.
    pub async fn room(&self) {
        loop {
            let written = self.1.written.notified();
            tokio::pin!(written);
            written.as_mut().enable();
            if self.queued() <= OUTBOX_LIMIT || self.0.is_closed() {
                return;
            }
            written.await;
        }
    }

    /// Waits (at most `limit`) until everything queued so far is written and flushed.
    pub async fn flush(&self, limit: Duration) {
        let (tx, rx) = oneshot::channel();
        if self.0.send(Out::Flush(tx)).is_ok() {
            let _ = tokio::time::timeout(limit, rx).await;
        }
    }
}

/// What the protocol library writes to: it cuts the library's stream into whole messages and
/// queues them in the [`Outbox`].
pub struct Output {
    buf: Vec<u8>,
    outbox: Outbox,
}

/// Starts the task that writes queued messages to `out`; returns the outbox and the writer for
/// the library.
pub fn output<W: AsyncWrite + Unpin + Send + 'static>(mut out: W) -> (Outbox, Output) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Out>();
    let queued = Arc::new(Queued::default());
    let counter = queued.clone();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            // Write what is queued, then flush once.
            let mut next = Some(first);
            let mut acks = Vec::new();
            while let Some(item) = next.take() {
                let (header, m) = match item {
                    Out::Message(m) => (String::new(), m),
                    Out::Body(b) => (format!("Content-Length: {}\r\n\r\n", b.len()), b),
                    Out::Flush(ack) => {
                        acks.push(ack);
                        next = rx.try_recv().ok();
                        continue;
                    }
                };
                if out.write_all(header.as_bytes()).await.is_err() || out.write_all(&m).await.is_err() {
                    return;
                }
                counter.bytes.fetch_sub(m.len(), Ordering::SeqCst);
                counter.written.notify_waiters();
                next = rx.try_recv().ok();
            }
            if out.flush().await.is_err() {
                return;
            }
            for ack in acks {
                let _ = ack.send(());
            }
        }
    });
    let outbox = Outbox(tx, queued);
    (outbox.clone(), Output { buf: Vec::new(), outbox })
}

/// Splits one whole framed message (header and body) off the front of `buf`.
fn split_framed(buf: &mut Vec<u8>) -> Option<Vec<u8>> {
    let header_end = memchr::memmem::find(buf, b"\r\n\r\n")?;
    let len = content_length(&String::from_utf8_lossy(&buf[..header_end]));
    // The library always writes a length; without one, pass the bytes on as they are.
    let total = len.map_or(buf.len(), |len| header_end + 4 + len);
    if buf.len() < total {
        return None;
    }
    let rest = buf.split_off(total);
    Some(std::mem::replace(buf, rest))
}

impl AsyncWrite for Output {
    fn poll_write(mut self: Pin<&mut Self>, _: &mut Context<'_>, data: &[u8]) -> Poll<std::io::Result<usize>> {
        let me = &mut *self;
        me.buf.extend_from_slice(data);
        while let Some(m) = split_framed(&mut me.buf) {
            if !me.outbox.queue(Out::Message(m)) {
                return Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "standard output is closed")));
            }
        }
        Poll::Ready(Ok(data.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_split_bad_headers_and_bad_json() {
        let mut buf = b"Content-Length: 2\r\n\r\n{}Content-Type: x\r\n\r\nContent-Length: 7\r\n\r\n{\"a\":1".to_vec();
        assert_eq!(next_message(&mut buf), Some(Ok(b"{}".to_vec())));
        assert!(matches!(next_message(&mut buf), Some(Err(_))));
        assert_eq!(next_message(&mut buf), None, "incomplete body waits");
        buf.extend_from_slice(b"}");
        let body = next_message(&mut buf).unwrap().unwrap();
        assert_eq!(body, b"{\"a\":1}".to_vec());
        let ok = br#"{"jsonrpc":"2.0","method":"x"}"#.to_vec();
        assert_eq!(check(ok.clone()), Checked::Pass(vec![ok]));
        assert!(matches!(check(b"{not json".to_vec()), Checked::Refused { answer: Some(_), .. }));
        assert!(matches!(check(br#"{"jsonrpc":"2.0","method":"exit"}"#.to_vec()), Checked::Exit(_)));
    }

    #[test]
    fn a_short_or_huge_content_length_costs_one_message_not_the_session() {
        // Declared 5, sent 11: the first 5 bytes are the body, the rest is dropped with the
        // next header, and the next message arrives whole.
        let mut buf = b"Content-Length: 5\r\n\r\n{\"a\":1}xyzContent-Length: 2\r\n\r\n{}".to_vec();
        assert_eq!(next_message(&mut buf), Some(Ok(b"{\"a\":".to_vec())));
        assert_eq!(next_message(&mut buf), Some(Ok(b"{}".to_vec())));
        assert!(buf.is_empty());
        // Declared far more than anyone may send: refused at once, not waited for.
        let mut buf = b"Content-Length: 99999999999999\r\n\r\n{}Content-Length: 2\r\n\r\n[]".to_vec();
        assert!(matches!(next_message(&mut buf), Some(Err(e)) if e.contains("refused")));
        assert_eq!(next_message(&mut buf), Some(Ok(b"[]".to_vec())));
    }

    /// What is queued for an editor that does not read stays bounded: `room` waits while more
    /// than the limit is queued, and returns once the editor has read it.
    #[tokio::test]
    async fn room_waits_while_more_than_the_limit_is_queued() {
        let (mut reader, writer) = tokio::io::duplex(1 << 16);
        let (outbox, _output) = output(writer);
        outbox.room().await;
        let mut sent = 0;
        while sent <= OUTBOX_LIMIT {
            assert!(outbox.send(vec![b' '; 1 << 20]));
            sent += 1 << 20;
        }
        assert!(outbox.queued() > OUTBOX_LIMIT - (1 << 16) - (1 << 20), "{}", outbox.queued());
        // Nobody reads: no room, however long it waits.
        assert!(tokio::time::timeout(Duration::from_millis(200), outbox.room()).await.is_err());
        // The editor reads everything: room again.
        let drain = tokio::spawn(async move {
            let mut chunk = vec![0u8; 1 << 16];
            while let Ok(n) = reader.read(&mut chunk).await {
                if n == 0 {
                    break;
                }
            }
        });
        tokio::time::timeout(Duration::from_secs(60), outbox.room()).await.expect("room once read");
        drain.abort();
    }

    /// The library's stream, written in pieces that cut headers and bodies anywhere, comes out
    /// as whole messages, in order, with the server's own messages between them.
    #[tokio::test]
    async fn output_keeps_messages_whole_and_in_order() {
        let (reader, writer) = tokio::io::duplex(1 << 16);
        let (outbox, mut output) = output(writer);
        let stream = b"Content-Length: 2\r\n\r\n{}Content-Length: 7\r\n\r\n{\"a\":1}";
        output.write_all(&stream[..10]).await.unwrap();
        assert!(outbox.send(b"[1]".to_vec()));
        output.write_all(&stream[10..25]).await.unwrap();
        output.write_all(&stream[25..]).await.unwrap();
        outbox.flush(Duration::from_secs(5)).await;
        drop((outbox, output));
        let mut got = Vec::new();
        let mut reader = reader;
        let mut chunk = [0u8; 256];
        while let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(200), reader.read(&mut chunk)).await {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&chunk[..n]);
        }
        assert_eq!(
            String::from_utf8(got).unwrap(),
            "Content-Length: 3\r\n\r\n[1]Content-Length: 2\r\n\r\n{}Content-Length: 7\r\n\r\n{\"a\":1}"
        );
    }
}
