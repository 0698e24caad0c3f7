//! A small out-of-process LSP client for the tests and the benchmark: it starts the real
//! `copydesk lsp` binary, frames JSON-RPC with Content-Length headers, answers the server's
//! requests (`workspace/applyEdit`, `workspace/configuration`, `client/registerCapability`),
//! and waits for messages with generous timeouts, so that a hang fails the test instead of
//! hanging CI. Messages that arrive while waiting for something else are kept in a backlog
//! and matched by later waits.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any one wait may take (CI machines are slow and shared).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What the reader thread saw on the server's stdout.
enum Incoming {
    Message(Value),
    /// Bytes that are not a framed JSON message: a protocol violation.
    Garbage(String),
}

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Incoming>,
    next_id: i64,
    /// Notifications and server requests not matched by a wait yet.
    backlog: VecDeque<Value>,
    /// Every notification and server request, in order (when `keep_history`).
    pub seen: Vec<Value>,
    pub keep_history: bool,
    /// Workspace edits the server asked us to apply (`workspace/applyEdit`).
    pub applied_edits: Vec<Value>,
    /// The answer to `workspace/configuration` for the `copydesk` section.
    pub configuration: Value,
    /// Whether to accept `workspace/applyEdit`.
    pub accept_edits: bool,
    /// The server's stderr.
    pub stderr: Arc<Mutex<String>>,
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
            .stderr(Stdio::piped())
            .spawn()
            .expect("start copydesk lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let log2 = log.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stderr);
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 {
                let mut l = log2.lock().unwrap();
                if l.len() < 1 << 20 {
                    l.push_str(&line);
                }
                line.clear();
            }
        });
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
                    let l = line.trim_end();
                    if l.is_empty() {
                        break;
                    }
                    match l.strip_prefix("Content-Length:") {
                        Some(v) => len = v.trim().parse::<usize>().ok(),
                        None if l.starts_with("Content-Type:") => {}
                        None => {
                            let _ = tx.send(Incoming::Garbage(line.clone()));
                            return;
                        }
                    }
                }
                let Some(n) = len else { return };
                let mut buf = vec![0; n];
                if r.read_exact(&mut buf).is_err() {
                    return;
                }
                let msg = match serde_json::from_slice::<Value>(&buf) {
                    Ok(v) => Incoming::Message(v),
                    Err(_) => Incoming::Garbage(String::from_utf8_lossy(&buf).into_owned()),
                };
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin: Some(stdin),
            rx,
            next_id: 1,
            backlog: VecDeque::new(),
            seen: Vec::new(),
            keep_history: true,
            applied_edits: Vec::new(),
            configuration: Value::Null,
            accept_edits: true,
            stderr: log,
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("input still open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().unwrap();
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
        let id = self.send_request(method, params);
        self.response(id)
    }

    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    pub fn response(&mut self, id: i64) -> Value {
        self.response_within(id, TIMEOUT)
    }

    pub fn response_within(&mut self, id: i64, timeout: Duration) -> Value {
        self.wait_within(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none(), timeout)
            .unwrap_or_else(|| panic!("no response to request {id}"))
    }

    /// Answers a request from the server.
    fn answer(&mut self, m: &Value) {
        let (Some(id), Some(method)) = (m.get("id"), m.get("method").and_then(Value::as_str)) else { return };
        let result = match method {
            "workspace/applyEdit" => {
                self.applied_edits.push(m["params"]["edit"].clone());
                json!({"applied": self.accept_edits})
            }
            "workspace/configuration" => {
                let n = m["params"]["items"].as_array().map_or(0, Vec::len);
                Value::Array(vec![self.configuration.clone(); n])
            }
            _ => Value::Null,
        };
        let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
        self.send(&reply);
    }

    /// Waits for a message matching `pred`: first among those already received and not yet
    /// matched, then among new ones.
    pub fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        self.wait_within(pred, TIMEOUT)
    }

    pub fn wait_within(&mut self, pred: impl Fn(&Value) -> bool, timeout: Duration) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(Incoming::Message(m)) => {
                    self.answer(&m);
                    let is_message = m.get("method").is_some();
                    if is_message && self.keep_history {
                        self.seen.push(m.clone());
                    }
                    if pred(&m) {
                        return Some(m);
                    }
                    if is_message {
                        self.backlog.push_back(m);
                    }
                }
                Ok(Incoming::Garbage(g)) => panic!("the server wrote something that is not a protocol message on stdout: {g:?}"),
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Collects messages for a while (to check that something does *not* arrive).
    pub fn drain_for(&mut self, d: Duration) {
        let _ = self.wait_within(|_| false, d);
    }

    /// Notifications of `method` received so far (matched or not).
    pub fn seen_of(&self, method: &str) -> Vec<&Value> {
        self.seen.iter().filter(|m| m["method"] == method).collect()
    }

    /// Waits for diagnostics of `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let mut m = self
            .wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri && m["params"]["version"] == version)
            .unwrap_or_else(|| panic!("no diagnostics for {uri} v{version}; stderr:\n{}", self.stderr.lock().unwrap()));
        // Taken, not copied: the benchmark counts the parsing an editor does, not a deep copy.
        match m["params"]["diagnostics"].take() {
            Value::Array(a) => a,
            _ => Vec::new(),
        }
    }

    /// Waits for any diagnostics of `uri` (the configuration file has no version).
    pub fn diagnostics_of(&mut self, uri: &str) -> Vec<Value> {
        let m = self
            .wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
            .unwrap_or_else(|| panic!("no diagnostics for {uri}"));
        m["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn capabilities(encodings: &[&str], pull: bool) -> Value {
        let mut caps = json!({
            "general": {"positionEncodings": encodings},
            "workspace": {
                "didChangeWatchedFiles": {"dynamicRegistration": true},
                "applyEdit": true,
                "configuration": true,
                "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}
            },
            "textDocument": {"hover": {"contentFormat": ["markdown"]}, "codeAction": {}}
        });
        if pull {
            caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
            caps["workspace"]["diagnostics"] = json!({"refreshSupport": true});
        }
        caps
    }

    pub fn initialize(&mut self, encodings: &[&str], pull: bool, options: Value) -> Value {
        self.initialize_with(Client::capabilities(encodings, pull), options, Value::Null)
    }

    pub fn initialize_with(&mut self, caps: Value, options: Value, root_uri: Value) -> Value {
        let r = self
            .request("initialize", json!({"processId": null, "rootUri": root_uri, "capabilities": caps, "initializationOptions": options}));
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, lang: &str, version: i64, text: &str) {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": lang, "version": version, "text": text}}));
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}));
    }

    /// The server's copy of a document.
    pub fn server_text(&mut self, uri: &str) -> Option<String> {
        let r = self.request("copydesk/text", json!({"uri": uri}));
        r["result"]["text"].as_str().map(str::to_string)
    }

    /// Shuts down and exits; returns the exit status.
    pub fn stop(mut self) -> Option<i32> {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.exit_status()
    }

    /// Waits for the process to end; its status (None: killed after the timeout).
    pub fn exit_status(mut self) -> Option<i32> {
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

    /// Closes the server's input (end of file) and returns its exit status.
    pub fn close_input(mut self) -> Option<i32> {
        self.stdin = None;
        self.exit_status()
    }

    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn logged(&self, needle: &str) -> bool {
        self.stderr.lock().unwrap().contains(needle)
            || self.seen_of("window/logMessage").iter().any(|m| m["params"]["message"].as_str().is_some_and(|s| s.contains(needle)))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The byte offset of an LSP position in `text` (lines end at `\n`; columns in UTF-8 or
/// UTF-16 units), written independently of the server.
pub fn offset(text: &str, line: u64, ch: u64, utf8: bool) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let mut used = 0u64;
    for (i, c) in text[start..].char_indices() {
        if used >= ch || c == '\n' || (c == '\r' && text[start + i..].starts_with("\r\n")) {
            return start + i;
        }
        used += if utf8 { c.len_utf8() as u64 } else { c.len_utf16() as u64 };
    }
    text.len()
}

/// Applies LSP text edits (UTF-16 or UTF-8 positions) to a text.
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let at = |p: &Value| offset(text, p["line"].as_u64().unwrap(), p["character"].as_u64().unwrap(), utf8);
            (at(&r["start"]), at(&r["end"]), e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// Applies a WorkspaceEdit (`changes`, or `documentChanges` with `create` operations) to a
/// set of texts keyed by URI; a created file starts empty unless it exists.
pub fn apply_workspace_edit(files: &mut BTreeMap<String, String>, edit: &Value, utf8: bool) {
    if let Some(changes) = edit["changes"].as_object() {
        for (uri, edits) in changes {
            let text = files.get(uri).cloned().unwrap_or_else(|| panic!("edit to an unknown document {uri}"));
            files.insert(uri.clone(), apply_edits(&text, edits.as_array().unwrap(), utf8));
        }
    }
    if let Some(ops) = edit["documentChanges"].as_array() {
        for op in ops {
            match op["kind"].as_str() {
                Some("create") => {
                    let uri = op["uri"].as_str().unwrap().to_string();
                    let exists = files.contains_key(&uri);
                    assert!(!exists || op["options"]["ignoreIfExists"] == true || op["options"]["overwrite"] == true, "create over {uri}");
                    files.entry(uri).or_default();
                }
                Some(other) => panic!("unexpected resource operation {other}"),
                None => {
                    let uri = op["textDocument"]["uri"].as_str().unwrap().to_string();
                    let text = files.get(&uri).cloned().unwrap_or_else(|| panic!("edit to a file that does not exist: {uri}"));
                    files.insert(uri, apply_edits(&text, op["edits"].as_array().unwrap(), utf8));
                }
            }
        }
    }
}

pub fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}
