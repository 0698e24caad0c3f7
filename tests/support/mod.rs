//! A small out-of-process LSP client for the tests: it starts the real `copydesk lsp` binary,
//! frames JSON-RPC with Content-Length headers, answers the server's requests, and waits for
//! messages with generous timeouts (a hang fails the test instead of hanging CI).

#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications and server requests seen so far, in order.
    pub seen: Vec<Value>,
    /// Workspace edits the server asked us to apply.
    pub applied_edits: Vec<Value>,
}

pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body).into_bytes()
}

impl Client {
    pub fn start(args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .arg("lsp")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start copydesk lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length:") {
                        len = v.trim().parse::<usize>().ok();
                    }
                }
                let Some(n) = len else { return };
                let mut buf = vec![0; n];
                if r.read_exact(&mut buf).is_err() {
                    return;
                }
                match serde_json::from_slice::<Value>(&buf) {
                    Ok(v) => {
                        if tx.send(v).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                }
            }
        });
        Client { child, stdin, rx, next_id: 1, seen: Vec::new(), applied_edits: Vec::new() }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write to server");
        self.stdin.flush().unwrap();
    }

    pub fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        self.send_raw(&frame(&body));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none()).unwrap_or_else(|| panic!("no response to {method}"))
    }

    fn handle(&mut self, m: &Value) {
        // Answer the server's own requests.
        if let (Some(id), Some(method)) = (m.get("id"), m.get("method").and_then(Value::as_str)) {
            let result = match method {
                "workspace/applyEdit" => {
                    self.applied_edits.push(m["params"]["edit"].clone());
                    json!({"applied": true})
                }
                "workspace/configuration" => json!([]),
                _ => Value::Null,
            };
            let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
            self.send(&reply);
        }
    }

    /// Waits for a message matching `pred` (checking those already seen first is the caller's
    /// business: this looks only at new messages).
    pub fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => {
                    self.handle(&m);
                    let hit = pred(&m);
                    if m.get("method").is_some() {
                        self.seen.push(m.clone());
                    }
                    if hit {
                        return Some(m);
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Waits for diagnostics of `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self
            .wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri && m["params"]["version"] == version)
            .unwrap_or_else(|| panic!("no diagnostics for {uri} v{version}"));
        m["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn initialize(&mut self, encodings: &[&str], pull: bool, options: Value) -> Value {
        let mut caps = json!({
            "general": {"positionEncodings": encodings},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "applyEdit": true, "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}},
            "textDocument": {"hover": {"contentFormat": ["markdown"]}}
        });
        if pull {
            caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
        }
        let r =
            self.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": caps, "initializationOptions": options}));
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, lang: &str, version: i64, text: &str) {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": lang, "version": version, "text": text}}));
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}));
    }

    /// Shuts down and exits; returns the exit status.
    pub fn stop(mut self) -> Option<i32> {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(st)) = self.child.try_wait() {
                return st.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn kill(mut self) {
        let _ = self.child.kill();
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

/// Applies LSP text edits (UTF-16 or UTF-8 positions) to a text.
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let offset = |line: u64, ch: u64| -> usize {
        let mut start = 0;
        for _ in 0..line {
            start = text[start..].find('\n').map(|i| start + i + 1).unwrap_or(text.len());
        }
        let mut used = 0u64;
        for (i, c) in text[start..].char_indices() {
            if used >= ch || c == '\n' {
                return start + i;
            }
            used += if utf8 { c.len_utf8() as u64 } else { c.len_utf16() as u64 };
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            (
                offset(r["start"]["line"].as_u64().unwrap(), r["start"]["character"].as_u64().unwrap()),
                offset(r["end"]["line"].as_u64().unwrap(), r["end"]["character"].as_u64().unwrap()),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}
