//! The language server, driven through its real binary over stdio.

mod support;

use serde_json::{json, Value};
use support::{apply_edits, Client};

const STORY: &str = "Islamic State (ISIS) fighters withdrew on Sunday. Later ISIL units regrouped near the border.\n\n“The economy is collapsing under the weight of these sanctions.”\n\n“ISIL will not return to this valley,” the governor said.\n";
const URI: &str = "file:///tmp/copydesk-test/story.md";

fn started(encodings: &[&str]) -> Client {
    let mut c = Client::start(&["--log-level", "warn"]);
    let r = c.initialize(encodings, false, json!({"debounceMs": 0}));
    assert!(r.get("result").is_some(), "{r}");
    c
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn initialize_negotiates_utf8_when_offered_else_utf16() {
    let mut c = Client::start(&[]);
    let r = c.initialize(&["utf-8", "utf-16"], false, json!({}));
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["diagnosticProvider"].is_object());
    assert!(caps["executeCommandProvider"]["commands"].as_array().unwrap().iter().any(|x| x == "copydesk.fixAll"));
    assert_eq!(c.stop(), Some(0));
    let mut c = Client::start(&[]);
    let r = c.initialize(&[], false, json!({}));
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn open_publishes_diagnostics_with_version_code_source_and_related() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 7, STORY);
    let d = c.diagnostics(URI, 7);
    assert_eq!(codes(&d), vec!["inconsistent-name", "unattributed-quote", "inconsistent-name"]);
    let isil = &d[0];
    assert_eq!(isil["source"], "copydesk");
    assert_eq!(isil["severity"], 2);
    assert_eq!(isil["range"], json!({"start": {"line": 0, "character": 56}, "end": {"line": 0, "character": 60}}));
    assert!(isil["codeDescription"]["href"].as_str().unwrap().contains("#inconsistent-name"));
    assert!(isil["relatedInformation"].as_array().unwrap().len() >= 2);
    assert_eq!(d[2]["severity"], 3, "a name inside a quotation is information");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn incremental_edits_with_multibyte_text_in_both_encodings() {
    for (enc, utf8) in [("utf-16", false), ("utf-8", true)] {
        let mut c = started(&[enc]);
        let text = "Привет 😀 мир.\r\nLater ISIL units regrouped.\r\n";
        c.open(URI, "plaintext", 1, text);
        let d = c.diagnostics(URI, 1);
        assert_eq!(codes(&d), vec!["inconsistent-name"], "{enc}");
        // Insert "Islamic State (ISIS) " before "Later": line 1, column 0.
        c.change(URI, 2, json!([{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "Islamic State (ISIS) fighters left. "}]));
        let d = c.diagnostics(URI, 2);
        assert_eq!(codes(&d), vec!["inconsistent-name"], "{enc}");
        let col = if utf8 {
            "Islamic State (ISIS) fighters left. Later ".len()
        } else {
            "Islamic State (ISIS) fighters left. Later ".encode_utf16().count()
        };
        assert_eq!(d[0]["range"]["start"], json!({"line": 1, "character": col}));
        // Replace the emoji (a surrogate pair in UTF-16) with a word.
        let (s, e) = if utf8 { ("Привет ".len(), "Привет 😀".len()) } else { (7, 9) };
        c.change(URI, 3, json!([{"range": {"start": {"line": 0, "character": s}, "end": {"line": 0, "character": e}}, "text": "дорогой"}]));
        c.diagnostics(URI, 3);
        let status = c.request("copydesk/status", Value::Null);
        let bytes = status["result"]["documents"][0]["bytes"].as_u64().unwrap() as usize;
        let expected = "Привет дорогой мир.\r\nIslamic State (ISIS) fighters left. Later ISIL units regrouped.\r\n";
        assert_eq!(bytes, expected.len(), "{enc}");
        assert_eq!(c.stop(), Some(0));
    }
}

#[test]
fn out_of_range_edits_are_clamped_not_fatal() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, "One line.\n");
    c.diagnostics(URI, 1);
    // Past the end of the line and past the end of the document; inside a surrogate pair.
    c.change(URI, 2, json!([{"range": {"start": {"line": 0, "character": 99}, "end": {"line": 42, "character": 3}}, "text": " ISIL"}]));
    c.diagnostics(URI, 2);
    c.change(URI, 3, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "😀"}]));
    c.diagnostics(URI, 3);
    c.change(URI, 4, json!([{"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 1}}, "text": "x"}]));
    c.diagnostics(URI, 4);
    let status = c.request("copydesk/status", Value::Null);
    assert_eq!(status["result"]["documents"][0]["bytes"], "x😀One line. ISIL".len());
    assert!(c.alive());
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn a_burst_of_edits_ends_with_diagnostics_for_the_last_version_only() {
    let mut c = Client::start(&[]);
    c.initialize(&["utf-16"], false, json!({"debounceMs": 60}));
    c.open(URI, "markdown", 1, "");
    for v in 2..=40 {
        let ch = if v % 2 == 0 { "a" } else { "b" };
        c.change(URI, v, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ch}]));
    }
    c.change(URI, 41, json!([{"text": STORY}]));
    let d = c.diagnostics(URI, 41);
    assert_eq!(d.len(), 3);
    // Coalesced: far fewer analyses than edits, and none older than the newest after it.
    let published: Vec<i64> = c
        .seen
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(published.len() < 20, "{published:?}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    c.request("copydesk/status", Value::Null);
    let after: Vec<i64> = c
        .seen
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(after[published.len()..].iter().all(|v| *v == 41), "{after:?}");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut c = Client::start(&[]);
    c.initialize(&["utf-8"], true, json!({"debounceMs": 0}));
    c.open(URI, "markdown", 1, STORY);
    let r = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}}));
    assert_eq!(r["result"]["kind"], "full");
    assert_eq!(codes(r["result"]["items"].as_array().unwrap()), vec!["inconsistent-name", "unattributed-quote", "inconsistent-name"]);
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn hover_cards_for_names_and_quotations() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    c.diagnostics(URI, 1);
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 57}}));
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("### Islamic State (ISIS)"), "{md}");
    assert_eq!(h["result"]["contents"]["kind"], "markdown");
    assert_eq!(h["result"]["range"]["start"]["character"], 56);
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 5}}));
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("Unattributed quotation"), "{h}");
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 4, "character": 10}}));
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("attributed to:** the governor"), "{h}");
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 99, "character": 99}}));
    assert!(h.get("error").is_none(), "{h}");
    assert_eq!(c.stop(), Some(0));
}

fn actions(c: &mut Client, line: u32, ch: u32, only: Option<Value>) -> Vec<Value> {
    let mut ctx = json!({"diagnostics": []});
    if let Some(o) = only {
        ctx["only"] = o;
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": line, "character": ch}, "end": {"line": line, "character": ch}}, "context": ctx}),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

#[test]
fn quick_fix_fix_all_and_disable_line_actions_apply_and_recheck() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    c.diagnostics(URI, 1);
    let acts = actions(&mut c, 0, 57, None);
    let titles: Vec<&str> = acts.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Replace “ISIL” with “ISIS”"), "{titles:?}");
    assert!(titles.contains(&"Fix all naming in this document"), "{titles:?}");
    assert!(titles.contains(&"Disable inconsistent-name for this line"), "{titles:?}");
    let quick = acts.iter().find(|a| a["title"] == "Replace “ISIL” with “ISIS”").unwrap();
    assert_eq!(quick["kind"], "quickfix");
    let edits = quick["edit"]["changes"][URI].as_array().unwrap();
    let fixed = apply_edits(STORY, edits, false);
    assert!(fixed.contains("Later ISIS units"));
    c.change(URI, 2, json!([{"text": fixed}]));
    let d = c.diagnostics(URI, 2);
    assert_eq!(codes(&d), vec!["unattributed-quote", "inconsistent-name"]);

    // Disable the unattributed quote's rule for its line.
    let acts = actions(&mut c, 2, 3, None);
    let dis = acts.iter().find(|a| a["title"] == "Disable unattributed-quote for this line").unwrap();
    let after = apply_edits(&fixed, dis["edit"]["changes"][URI].as_array().unwrap(), false);
    assert!(after.contains("<!-- copydesk-disable-next-line unattributed-quote -->\n“The economy"), "{after}");
    c.change(URI, 3, json!([{"text": after}]));
    let d = c.diagnostics(URI, 3);
    assert_eq!(codes(&d), vec!["inconsistent-name"]);
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn fix_all_on_save_kind_and_command_never_touch_quotations() {
    let mut c = started(&["utf-8"]);
    let text = "ISIS fighters withdrew. ISIL units regrouped. “ISIL will be back,” the general said. Daesh denied it.\n";
    c.open(URI, "markdown", 1, text);
    c.diagnostics(URI, 1);
    let acts = actions(&mut c, 0, 0, Some(json!(["source.fixAll"])));
    assert_eq!(acts.len(), 1, "{acts:?}");
    assert_eq!(acts[0]["kind"], "source.fixAll.copydesk");
    let fixed = apply_edits(text, acts[0]["edit"]["changes"][URI].as_array().unwrap(), true);
    assert_eq!(
        fixed,
        "Islamic State (ISIS) fighters withdrew. ISIS units regrouped. “ISIL will be back,” the general said. Islamic State denied it.\n"
    );
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.fixAll", "arguments": [URI]}));
    assert_eq!(r["result"]["applied"], true, "{r}");
    let edit = c.applied_edits.last().cloned().unwrap();
    assert_eq!(apply_edits(text, edit["changes"][URI].as_array().unwrap(), true), fixed);
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.glossaryEntry", "arguments": ["ISIL"]}));
    assert!(r["result"].as_str().unwrap().starts_with("### Islamic State (ISIS)"));
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.glossaryEntry", "arguments": ["Atlantis Front"]}));
    assert_eq!(r["result"], Value::Null);
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn document_symbols_group_quotations_by_speaker_and_list_names() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    c.diagnostics(URI, 1);
    let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    let syms = r["result"].as_array().unwrap();
    assert_eq!(syms[0]["name"], "Quotations");
    let speakers: Vec<&str> = syms[0]["children"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(speakers, vec!["Unattributed", "the governor"]);
    assert_eq!(syms[1]["name"], "Names");
    assert_eq!(syms[1]["children"][0]["name"], "Islamic State");
    assert_eq!(syms[1]["children"][0]["children"].as_array().unwrap().len(), 4);
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn configuration_reload_and_broken_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.md");
    std::fs::write(&story, STORY).unwrap();
    let cfg = dir.path().join("copydesk.toml");
    std::fs::write(&cfg, "[rules]\nunattributed-quote = \"off\"\n").unwrap();
    let uri = format!("file://{}", story.display());
    let cfg_uri = format!("file://{}", cfg.display());
    let mut c = started(&["utf-16"]);
    c.open(&uri, "markdown", 1, STORY);
    assert_eq!(codes(&c.diagnostics(&uri, 1)), vec!["inconsistent-name", "inconsistent-name"]);
    // The house now prefers ISIL: ISIS becomes the variant.
    std::fs::write(&cfg, "[rules]\nunattributed-quote = \"error\"\n[naming.prefer]\nislamic-state = \"ISIL\"\n").unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": cfg_uri, "type": 2}]}));
    let d = c.diagnostics(&uri, 1);
    assert!(d.iter().any(|x| x["code"] == "unattributed-quote" && x["severity"] == 1), "{d:?}");
    // Broken: a diagnostic on the file, a message, and the last good configuration stays.
    std::fs::write(&cfg, "[rules]\nunattributed-quote = \"loud\"\n").unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": cfg_uri, "type": 2}]}));
    let m =
        c.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == cfg_uri.as_str()).expect("config diagnostic");
    let cd = &m["params"]["diagnostics"][0];
    assert_eq!(cd["range"]["start"]["line"], 1);
    assert!(cd["message"].as_str().unwrap().contains("`loud`"), "{cd}");
    assert!(c.seen.iter().any(|m| m["method"] == "window/showMessage"), "a message is shown");
    let d = c.diagnostics(&uri, 1);
    assert!(d.iter().any(|x| x["code"] == "unattributed-quote" && x["severity"] == 1), "last good configuration kept: {d:?}");
    // Fixed again: the file's diagnostic is cleared.
    std::fs::write(&cfg, "").unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": cfg_uri, "type": 2}]}));
    c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == cfg_uri.as_str()
            && m["params"]["diagnostics"] == json!([])
    })
    .expect("cleared");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn editor_settings_override_severity_and_languages() {
    let mut c = Client::start(&[]);
    c.initialize(&["utf-16"], false, json!({"copydesk": {"severity": {"inconsistent-name": "error", "unattributed-quote": "off"}, "languages": ["markdown"], "debounceMs": 0}}));
    c.open(URI, "markdown", 1, STORY);
    let d = c.diagnostics(URI, 1);
    assert_eq!(codes(&d), vec!["inconsistent-name", "inconsistent-name"]);
    assert_eq!(d[0]["severity"], 1);
    c.open("file:///tmp/copydesk-test/x.rs", "rust", 1, STORY);
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"copydesk": {"severity": {}, "debounceMs": 0}}}));
    let d = c.diagnostics(URI, 1);
    assert_eq!(codes(&d), vec!["inconsistent-name", "unattributed-quote", "inconsistent-name"]);
    assert!(!c.seen.iter().any(|m| m["params"]["uri"] == "file:///tmp/copydesk-test/x.rs"), "other languages are not checked");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn closing_clears_diagnostics() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    c.diagnostics(URI, 1);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    c.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["diagnostics"] == json!([])).expect("cleared");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn malformed_requests_get_errors_and_the_server_goes_on() {
    let mut c = started(&["utf-16"]);
    let r = c.request("textDocument/noSuchMethod", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.fixAll", "arguments": [17]}));
    assert!(r.get("error").is_some());
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///never-opened.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["result"], Value::Null);
    c.change("file:///never-opened.md", 2, json!([{"text": "x"}]));
    c.send_raw(b"Content-Length: 12\r\n\r\n{not json!!}");
    c.open(URI, "markdown", 1, STORY);
    assert_eq!(c.diagnostics(URI, 1).len(), 3, "still serving");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_status_one() {
    let mut c = started(&["utf-16"]);
    c.notify("exit", Value::Null);
    let deadline = std::time::Instant::now() + support::TIMEOUT;
    while c.alive() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!c.alive());
}

#[test]
fn add_a_selected_name_to_the_project_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.md");
    let text = "Islamic State (ISIS) fighters left. The Caliphate Army returned at night.\n";
    std::fs::write(&story, text).unwrap();
    let uri = format!("file://{}", story.display());
    let mut c = started(&["utf-8"]);
    c.open(&uri, "markdown", 1, text);
    c.diagnostics(&uri, 1);
    let s = text.find("Caliphate Army").unwrap() as u32;
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": s}, "end": {"line": 0, "character": s + 14}}, "context": {"diagnostics": []}}),
    );
    let acts = r["result"].as_array().unwrap();
    let add = acts
        .iter()
        .find(|a| a["title"] == "Add “Caliphate Army” to the project glossary as a name of Islamic State")
        .expect("add-name action");
    let ops = add["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create");
    assert!(ops[0]["uri"].as_str().unwrap().ends_with("/copydesk-glossary.toml"));
    let inserted = ops[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(inserted.contains("id = \"islamic-state\"") && inserted.contains("aliases = [\"Caliphate Army\"]"), "{inserted}");
    // Applied by hand, the project glossary makes the name a variant of the entity.
    std::fs::write(dir.path().join("copydesk-glossary.toml"), inserted).unwrap();
    std::fs::write(dir.path().join("copydesk.toml"), "").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/copydesk-glossary.toml", dir.path().display()), "type": 1}]}),
    );
    let d = c.diagnostics(&uri, 1);
    assert!(d.iter().any(|x| x["code"] == "inconsistent-name"), "{d:?}");
    assert_eq!(c.stop(), Some(0));
}
