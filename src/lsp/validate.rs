//! What a framed message body must be before the protocol library sees it.
//!
//! tower-lsp-server decodes every body into its JSON-RPC `Message` type inside a
//! `tokio_util::codec::FramedRead`. When that fails (a body that is not an object, a missing or
//! wrong `"jsonrpc"`, an id that is not an `i64` or a string, JSON nested deeper than
//! serde_json's limit of 128, a number beyond `f64`, a lone UTF-16 surrogate escape, a byte
//! that is not UTF-8), the library answers -32600 or -32700 once, and then the read stream is
//! over: `FramedRead` ends for good after a decoder error
//! (<https://github.com/tokio-rs/tokio/issues/3976>), so the server stops reading and exits
//! with status 1 however good the next message is. The library also drops a notification
//! whose parameters do not fit its type without a word, so a `didChange` with a position
//! beyond `u32`, negative or fractional is lost and the server's copy of the document silently
//! differs from the editor's.
//!
//! So every body is checked here first ([`check`]), and only bodies the library decodes reach
//! it. The others are answered here with the error the JSON-RPC 2.0 specification names
//! (<https://www.jsonrpc.org/specification#error_object>):
//!
//! | body | answer |
//! | --- | --- |
//! | not UTF-8, or not JSON | -32700 Parse error, id null |
//! | JSON, but not an object (a batch `[...]` included: LSP has no batches) | -32600 Invalid Request, id null |
//! | an object without `"jsonrpc": "2.0"`, without a string `method` (and not a response), with both `method` and `result`/`error`, with `params` that are not an object, an array or null, or with an id that is not an integer or a string | -32600 Invalid Request |
//! | a request whose params nest deeper than [`MAX_DEPTH`] or hold a number beyond `f64` | -32602 Invalid params |
//!
//! The id of the answer is the request's own, written back as it came, whenever it is a string
//! or a number (`1.5` and `18446744073709551616` included); null when there is none or it
//! cannot be read (`{}`, `1e400`). A notification (a `method` and no `id`) is never answered:
//! the problem is logged. A response from the editor that cannot be read is logged and dropped.
//!
//! Repaired instead of refused: a lone UTF-16 surrogate escape (`"\ud83d"`) inside a string
//! becomes `\ufffd`, the replacement character. An editor whose text holds half a surrogate
//! pair counts it as one UTF-16 unit (three bytes in UTF-8, as its replacement), so later
//! positions still agree.
//!
//! A `textDocument/didChange` that cannot be applied (refused here, or with parameters that do
//! not fit the protocol's types) is reported as a lost change: the server marks the document
//! out of sync (see `sync::lose_sync`) instead of going on with a text that is no longer the
//! editor's.

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::borrow::Cow;

/// JSON deeper than this is refused. LSP's deepest messages nest about 12 levels; the library's
/// parser gives up at 128, and ends the session with it.
pub const MAX_DEPTH: usize = 64;

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const INVALID_PARAMS: i64 = -32602;

/// What one body becomes.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Handed to the library (possibly repaired); `note`: something to log.
    Pass { body: Vec<u8>, exit: bool, note: Option<String> },
    /// Kept from the library.
    Refused(Refusal),
}

#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The error response to send (a whole JSON-RPC body), if the message gets one.
    pub answer: Option<Vec<u8>>,
    /// What went wrong, for the log.
    pub message: String,
    /// The document a lost `didChange` was for (its URI as sent).
    pub lost_change: Option<String>,
}

/// The envelope of a message: its members, unparsed (`Some` even when a member is `null`).
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default, deserialize_with = "present")]
    jsonrpc: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    id: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    method: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    params: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    result: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    error: Option<&'a RawValue>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(d).map(Some)
}

/// The id to answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Id<'a> {
    /// Absent: a notification (or nothing to answer to).
    None,
    /// Valid for the library: an `i64`, a string or null.
    Good(&'a str),
    /// A number the library cannot take (`1.5`, `2e3`, beyond `i64`): written back as it came.
    Bad(&'a str),
    /// Cannot be written back (an object, an array, a boolean, a number beyond `f64`).
    Unreadable,
}

impl<'a> Id<'a> {
    fn of(raw: Option<&'a RawValue>) -> Id<'a> {
        let Some(raw) = raw else { return Id::None };
        let s = raw.get();
        match s.as_bytes().first() {
            Some(b'"') | Some(b'n') => Id::Good(s),
            // `-0` is read as a float by serde_json, which the library's `i64` ids refuse.
            Some(b'-' | b'0'..=b'9') if s.parse::<i64>().is_ok() && s != "-0" => Id::Good(s),
            Some(b'-' | b'0'..=b'9') if s.parse::<f64>().is_ok_and(f64::is_finite) => Id::Bad(s),
            _ => Id::Unreadable,
        }
    }

    /// The id member of an answer.
    fn answer(self) -> &'a str {
        match self {
            Id::Good(s) | Id::Bad(s) => s,
            Id::None | Id::Unreadable => "null",
        }
    }
}

/// An error response, as a JSON-RPC body.
pub fn error_response(id: &str, code: i64, message: &str) -> Vec<u8> {
    let message = serde_json::to_string(message).unwrap_or_else(|_| "\"\"".into());
    format!(r#"{{"jsonrpc":"2.0","id":{},"error":{{"code":{},"message":{}}}}}"#, id, code, message).into_bytes()
}

fn refuse(id: Id, code: i64, message: String, lost_change: Option<String>) -> Verdict {
    let answer = match id {
        // A notification is never answered.
        Id::None if code != PARSE_ERROR && code != INVALID_REQUEST => None,
        _ => Some(error_response(id.answer(), code, &message)),
    };
    Verdict::Refused(Refusal { answer, message, lost_change })
}

/// A notification's problem: logged, never answered.
fn log_only(message: String, lost_change: Option<String>) -> Verdict {
    Verdict::Refused(Refusal { answer: None, message, lost_change })
}

/// What a scan of the raw body found.
#[derive(Debug, Default, PartialEq, Eq)]
struct Scan {
    depth: usize,
    /// A number that does not fit an `f64` (the library's parser refuses it).
    huge_number: bool,
    /// Lone surrogate escapes replaced by `\ufffd`.
    repaired: usize,
}

/// One pass over the body: the deepest nesting, numbers beyond `f64`, and lone surrogate
/// escapes in strings, which are rewritten in place as `\ufffd` (six bytes for six). It does
/// not judge the syntax (serde_json does that next); on a body that is not JSON its findings
/// do not matter.
fn scan(body: &mut [u8]) -> Scan {
    let mut out = Scan::default();
    let mut depth = 0usize;
    let mut i = 0;
    let n = body.len();
    while i < n {
        match body[i] {
            b'"' => {
                i += 1;
                // To the closing quote, repairing `\u` escapes on the way.
                // `get`: a backslash as the body's last byte leaves `i` past its end.
                while let Some(off) = body.get(i..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
                    i += off;
                    if body[i] == b'"' {
                        break;
                    }
                    // A backslash: an escape of two bytes, or six for `\uXXXX`.
                    if body.get(i + 1) == Some(&b'u') {
                        if let Some(unit) = hex4(body, i + 2) {
                            if (0xD800..0xDC00).contains(&unit) {
                                let low = (body.get(i + 6) == Some(&b'\\') && body.get(i + 7) == Some(&b'u'))
                                    .then(|| hex4(body, i + 8))
                                    .flatten()
                                    .filter(|u| (0xDC00..0xE000).contains(u));
                                if low.is_some() {
                                    i += 12;
                                    continue;
                                }
                                body[i + 2..i + 6].copy_from_slice(b"fffd");
                                out.repaired += 1;
                            } else if (0xDC00..0xE000).contains(&unit) {
                                body[i + 2..i + 6].copy_from_slice(b"fffd");
                                out.repaired += 1;
                            }
                            i += 6;
                            continue;
                        }
                    }
                    i += 2;
                }
                if i >= n {
                    break;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                out.depth = out.depth.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i + 1 < n && matches!(body[i + 1], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                    i += 1;
                }
                let token = &body[start..=i];
                // Only an exponent or hundreds of digits can leave `f64`.
                if token.len() > 300 || token.iter().any(|&b| b == b'e' || b == b'E') {
                    let finite = std::str::from_utf8(token).ok().and_then(|t| t.parse::<f64>().ok()).is_none_or(f64::is_finite);
                    out.huge_number |= !finite;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn hex4(body: &[u8], at: usize) -> Option<u16> {
    let digits = body.get(at..at + 4)?;
    u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// A string that is read and checked but not kept (the text of a change).
struct AnyStr;

impl<'de> Deserialize<'de> for AnyStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = AnyStr;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, _: &str) -> Result<AnyStr, E> {
                Ok(AnyStr)
            }
        }
        d.deserialize_str(V)
    }
}

/// `DidChangeTextDocumentParams` as the library reads it (the same types, field for field),
/// without copying the texts.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ChangeParams {
    text_document: ChangeDoc,
    content_changes: Vec<ChangeEvent>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct ChangeDoc {
    uri: tower_lsp_server::ls_types::Uri,
    version: i32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ChangeEvent {
    range: Option<tower_lsp_server::ls_types::Range>,
    range_length: Option<u32>,
    text: AnyStr,
}

/// `DidOpenTextDocumentParams`, the same way.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct OpenParams {
    text_document: OpenDoc,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct OpenDoc {
    uri: tower_lsp_server::ls_types::Uri,
    language_id: AnyStr,
    version: i32,
    text: AnyStr,
}

/// The document a text notification names, read as loosely as possible (the message may be
/// broken elsewhere), for reporting a lost change.
fn named_document(params: Option<&RawValue>) -> Option<String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct P {
        text_document: D,
    }
    #[derive(Deserialize)]
    struct D {
        uri: String,
    }
    serde_json::from_str::<P>(params?.get()).ok().map(|p| p.text_document.uri)
}

/// The document of a `didChange` in a body that could not be parsed at all (not UTF-8, say):
/// its URI if the body, read with replacement characters, names one.
fn lost_change_in(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let env: Envelope = serde_json::from_str(&text).ok()?;
    let method: String = serde_json::from_str(env.method?.get()).ok()?;
    (method == "textDocument/didChange").then(|| named_document(env.params)).flatten()
}

fn shorten(s: &str) -> Cow<'_, str> {
    if s.len() > 80 {
        let mut end = 80;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        Cow::Owned(format!("{}…", &s[..end]))
    } else {
        Cow::Borrowed(s)
    }
}

/// Checks one complete message body; see the module documentation.
pub fn check(mut body: Vec<u8>) -> Verdict {
    if let Err(e) = std::str::from_utf8(&body) {
        let lost = lost_change_in(&body);
        return refuse(Id::None, PARSE_ERROR, format!("Parse error: the message is not UTF-8 (at byte {})", e.valid_up_to()), lost);
    }
    let found = scan(&mut body);
    let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
    if first != Some(b'{') {
        return match serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
            Err(e) => refuse(Id::None, PARSE_ERROR, format!("Parse error: {}", e), None),
            Ok(_) if first == Some(b'[') => {
                refuse(Id::None, INVALID_REQUEST, "Invalid Request: a batch (an array of messages); LSP has no batches".into(), None)
            }
            Ok(_) => refuse(Id::None, INVALID_REQUEST, "Invalid Request: a message must be a JSON object".into(), None),
        };
    }
    let env: Envelope = match serde_json::from_slice(&body) {
        Ok(env) => env,
        Err(e) if e.is_data() => return refuse(Id::None, INVALID_REQUEST, format!("Invalid Request: {}", e), None),
        Err(e) => return refuse(Id::None, PARSE_ERROR, format!("Parse error: {}", e), None),
    };
    let id = Id::of(env.id);
    let method: Option<Cow<str>> = env.method.and_then(|m| serde_json::from_str(m.get()).ok());
    let is_change = method.as_deref() == Some("textDocument/didChange");
    let lost = |params: Option<&RawValue>| if is_change { named_document(params) } else { None };
    let version_ok = env.jsonrpc.is_some_and(|v| serde_json::from_str::<Cow<str>>(v.get()).is_ok_and(|v| v == "2.0"));
    let what = method.as_deref().map_or_else(|| "a message".to_string(), |m| format!("`{}`", shorten(m)));
    if !version_ok {
        return refuse(id, INVALID_REQUEST, format!("Invalid Request: {} without \"jsonrpc\": \"2.0\"", what), lost(env.params));
    }
    if env.method.is_some() && method.is_none() {
        return refuse(id, INVALID_REQUEST, "Invalid Request: the method must be a string".into(), None);
    }
    let Some(method) = method else {
        if env.result.is_none() && env.error.is_none() {
            return refuse(id, INVALID_REQUEST, "Invalid Request: a message without a method".into(), None);
        }
        // A response to one of the server's requests: never answered, only checked.
        let readable = matches!(id, Id::Good(_))
            && found.depth <= MAX_DEPTH
            && !found.huge_number
            && serde_json::from_slice::<tower_lsp_server::jsonrpc::Response>(&body).is_ok();
        if !readable {
            return log_only(format!("a response from the editor that cannot be read (id {}) was dropped", id.answer()), None);
        }
        return Verdict::Pass { body, exit: false, note: None };
    };
    if env.result.is_some() || env.error.is_some() {
        return refuse(id, INVALID_REQUEST, format!("Invalid Request: {} with a result or an error", what), lost(env.params));
    }
    match id {
        Id::Bad(s) => {
            return refuse(id, INVALID_REQUEST, format!("Invalid Request: the id {} of {} is not an integer or a string", s, what), None)
        }
        Id::Unreadable => {
            let raw = env.id.map_or("", |r| r.get());
            return refuse(
                id,
                INVALID_REQUEST,
                format!("Invalid Request: the id {} of {} is not an integer or a string", shorten(raw), what),
                None,
            );
        }
        _ => {}
    }
    let notification = id == Id::None;
    let problem = if found.depth > MAX_DEPTH {
        Some(format!("the params of {} nest deeper than {} levels", what, MAX_DEPTH))
    } else if found.huge_number {
        Some(format!("the params of {} hold a number too large to read", what))
    } else {
        None
    };
    if let Some(p) = problem {
        return if notification {
            log_only(p, lost(env.params))
        } else {
            refuse(id, INVALID_PARAMS, format!("Invalid params: {}", p), None)
        };
    }
    if let Some(params) = env.params {
        if !matches!(params.get().as_bytes().first(), Some(b'{' | b'[' | b'n')) {
            let p = format!("the params of {} must be an object or an array", what);
            return if notification {
                log_only(p, lost(env.params))
            } else {
                refuse(id, INVALID_REQUEST, format!("Invalid Request: {}", p), None)
            };
        }
    }
    // The text notifications the library would drop without a word when their params do not
    // fit its types.
    let params = env.params.map_or("null", |p| p.get());
    match &*method {
        "textDocument/didChange" if notification => {
            if let Err(e) = serde_json::from_str::<ChangeParams>(params) {
                return log_only(format!("a didChange that cannot be read: {}", e), named_document(env.params));
            }
        }
        "textDocument/didOpen" if notification => {
            if let Err(e) = serde_json::from_str::<OpenParams>(params) {
                return log_only(format!("a didOpen that cannot be read (the document is not open): {}", e), None);
            }
        }
        _ => {}
    }
    let exit = &*method == "exit";
    let note = (found.repaired > 0).then(|| {
        format!("{} held {} lone UTF-16 surrogate escape(s); each was read as U+FFFD, the replacement character", what, found.repaired)
    });
    Verdict::Pass { body, exit, note }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn answer(body: &str) -> (Value, Refusal) {
        match check(body.as_bytes().to_vec()) {
            Verdict::Refused(r) => (r.answer.as_deref().map(|a| serde_json::from_slice(a).unwrap()).unwrap_or(Value::Null), r),
            other => panic!("{body}: passed: {other:?}"),
        }
    }

    fn passes(body: &str) -> (String, Option<String>) {
        match check(body.as_bytes().to_vec()) {
            Verdict::Pass { body, note, .. } => (String::from_utf8(body).unwrap(), note),
            other => panic!("{body}: refused: {other:?}"),
        }
    }

    #[test]
    fn the_errors_the_specification_names_with_the_id_when_it_can_be_read() {
        let cases: &[(&str, i64, Value)] = &[
            ("{not json", PARSE_ERROR, Value::Null),
            ("", PARSE_ERROR, Value::Null),
            ("{}", INVALID_REQUEST, Value::Null),
            (r#"{"id":1}"#, INVALID_REQUEST, json!(1)),
            (r#"{"jsonrpc":"2.0","id":1}"#, INVALID_REQUEST, json!(1)),
            ("[null]", INVALID_REQUEST, Value::Null),
            (r#"["exit"]"#, INVALID_REQUEST, Value::Null),
            ("[]", INVALID_REQUEST, Value::Null),
            ("42", INVALID_REQUEST, Value::Null),
            (r#"{"jsonrpc":"1.0","method":"x"}"#, INVALID_REQUEST, Value::Null),
            (r#"{"jsonrpc":"2.0","method":1,"params":"bar"}"#, INVALID_REQUEST, Value::Null),
            (r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#, INVALID_REQUEST, json!(1.5)),
            (r#"{"jsonrpc":"2.0","id":1e400,"method":"x"}"#, INVALID_REQUEST, Value::Null),
            (r#"{"jsonrpc":"2.0","id":{},"method":"x"}"#, INVALID_REQUEST, Value::Null),
            (r#"{"jsonrpc":"2.0","id":true,"method":"x"}"#, INVALID_REQUEST, Value::Null),
            (r#"{"jsonrpc":"2.0","id":3,"method":"x","result":1}"#, INVALID_REQUEST, json!(3)),
            (r#"{"jsonrpc":"2.0","id":3,"method":"x","params":7}"#, INVALID_REQUEST, json!(3)),
            (r#"{"jsonrpc":"2.0","id":3,"id":4,"method":"x"}"#, INVALID_REQUEST, Value::Null),
        ];
        for (body, code, id) in cases {
            let (a, _) = answer(body);
            assert_eq!(a["error"]["code"], *code, "{body}: {a}");
            assert_eq!(a["id"], *id, "{body}: {a}");
            assert_eq!(a["jsonrpc"], "2.0");
        }
        // The id beyond u64 is written back digit for digit.
        let r = check(br#"{"jsonrpc":"2.0","id":18446744073709551616,"method":"x"}"#.to_vec());
        let Verdict::Refused(r) = r else { panic!() };
        assert!(String::from_utf8(r.answer.unwrap()).unwrap().contains(r#""id":18446744073709551616,"#));
    }

    #[test]
    fn params_too_deep_or_with_huge_numbers_are_invalid_params_for_a_request_and_logged_for_a_notification() {
        let deep = format!(r#"{{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}{}}}"#, "[".repeat(200), "]".repeat(200));
        let (a, _) = answer(&deep);
        assert_eq!((a["error"]["code"].clone(), a["id"].clone()), (json!(INVALID_PARAMS), json!(7)), "{a}");
        let (a, r) = answer(r#"{"jsonrpc":"2.0","method":"x","params":{"n":1e999}}"#);
        assert_eq!(a, Value::Null, "a notification is not answered");
        assert!(r.message.contains("too large"), "{}", r.message);
        // Just under the limit: through.
        let ok = format!(r#"{{"jsonrpc":"2.0","id":7,"method":"x","params":{}{}}}"#, "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        passes(&ok);
        // Brackets and exponents inside strings do not count.
        passes(&format!(r#"{{"jsonrpc":"2.0","id":7,"method":"x","params":{{"t":"{}1e999\"\\"}}}}"#, "[".repeat(300)));
    }

    #[test]
    fn lone_surrogates_are_repaired_pairs_are_kept() {
        let (body, note) = passes(r#"{"jsonrpc":"2.0","method":"x","params":{"t":"a\ud83d b \udc00 \ud83d\ude00 \\ud83d"}}"#);
        assert_eq!(body, r#"{"jsonrpc":"2.0","method":"x","params":{"t":"a\ufffd b \ufffd \ud83d\ude00 \\ud83d"}}"#);
        assert!(note.unwrap().contains("2 lone"));
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["params"]["t"], "a\u{fffd} b \u{fffd} 😀 \\ud83d");
    }

    #[test]
    fn a_change_that_cannot_be_applied_is_reported_with_its_document() {
        for range in [
            r#"{"start":{"line":4294967296,"character":0},"end":{"line":0,"character":0}}"#,
            r#"{"start":{"line":-1,"character":0},"end":{"line":0,"character":0}}"#,
            r#"{"start":{"line":0,"character":1.5},"end":{"line":0,"character":2}}"#,
        ] {
            let body = format!(
                r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"file:///a.md","version":2}},"contentChanges":[{{"range":{},"text":"x"}}]}}}}"#,
                range
            );
            let (a, r) = answer(&body);
            assert_eq!(a, Value::Null);
            assert_eq!(r.lost_change.as_deref(), Some("file:///a.md"), "{range}");
        }
        let bytes = b"{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"file:///a.md\",\"version\":2},\"contentChanges\":[{\"text\":\"a\xff b\"}]}}";
        let Verdict::Refused(r) = check(bytes.to_vec()) else { panic!() };
        assert_eq!(r.lost_change.as_deref(), Some("file:///a.md"));
        let a: Value = serde_json::from_slice(&r.answer.unwrap()).unwrap();
        assert_eq!((a["error"]["code"].clone(), a["id"].clone()), (json!(PARSE_ERROR), Value::Null));
        // A good change passes untouched.
        let good = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.md","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"x"},{"text":"all"}]}}"#;
        assert_eq!(passes(good), (good.to_string(), None));
    }

    #[test]
    fn ordinary_messages_pass_untouched_and_exit_is_seen() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"shutdown","params":null}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":-9223372036854775808,"method":"x"}"#,
            r#"{"jsonrpc":"2.0","id":4,"result":[{"x":1}]}"#,
            r#"{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"no"}}"#,
        ] {
            assert_eq!(passes(body), (body.to_string(), None));
        }
        assert!(matches!(check(br#"{"jsonrpc":"2.0","method":"exit"}"#.to_vec()), Verdict::Pass { exit: true, .. }));
        // A response that the library could not read is dropped, never answered.
        let (a, _) = answer(r#"{"jsonrpc":"2.0","id":4,"error":"no"}"#);
        assert_eq!(a, Value::Null);
    }

    #[test]
    fn a_backslash_as_the_last_byte_of_a_string_is_not_read_past_the_end() {
        // Found by the lsp_messages fuzz target: the escape skip went past the body's end.
        for body in [&b"{\"a\":\"x\\"[..], b"\"\\", b"[\"\\u12"] {
            let mut b = body.to_vec();
            let _ = scan(&mut b);
        }
    }
}
