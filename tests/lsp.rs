//! The language server, driven through its real binary over stdio (`copydesk lsp`), with the
//! small client in `tests/support`. Every wait has a timeout, so a hang fails the test.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;
use support::{apply_edits, apply_workspace_edit, file_uri, Client};

/// A short story: a naming slip (ISIL after “Islamic State (ISIS)”), an unattributed quotation,
/// and the slip again inside an attributed quotation (information only: quotes are never fixed).
const STORY: &str = "# Ceasefire talks stall\n\nIslamic State (ISIS) fighters withdrew from the river town on Sunday. Later ISIL units regrouped near the border.\n\n“The economy is collapsing under the weight of these sanctions.”\n\n“ISIL will not return to this valley,” the mayor said.\n";
const URI: &str = "file:///tmp/copydesk-lsp-test/story.md";

fn started(encodings: &[&str]) -> Client {
    let mut c = Client::start(&["--log-level", "info"]);
    let r = c.initialize(encodings, false, json!({"debounceMs": 0}));
    assert!(r.get("result").is_some(), "{r}");
    c
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": pos(l1, c1), "end": pos(l2, c2)})
}

fn code_actions(c: &mut Client, uri: &str, r: Value, diagnostics: Value, only: Option<Value>) -> Vec<Value> {
    let mut ctx = json!({"diagnostics": diagnostics});
    if let Some(o) = only {
        ctx["only"] = o;
    }
    let resp = c.request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": r, "context": ctx}));
    assert!(resp.get("error").is_none(), "{resp}");
    resp["result"].as_array().cloned().unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions.iter().find(|a| a["title"] == title).unwrap_or_else(|| {
        let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
        panic!("no action {title:?} among {titles:?}")
    })
}

// ---- initialize ---------------------------------------------------------------------------

#[test]
fn initialize_negotiates_utf8_when_offered_else_utf16_and_announces_capabilities() {
    let mut c = Client::start(&[]);
    let r = c.initialize(&["utf-16", "utf-8"], false, json!({}));
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["diagnosticProvider"]["identifier"], "copydesk");
    let kinds = caps["codeActionProvider"]["codeActionKinds"].as_array().unwrap();
    assert!(kinds.contains(&json!("quickfix")) && kinds.contains(&json!("source.fixAll.copydesk")), "{kinds:?}");
    let commands = caps["executeCommandProvider"]["commands"].as_array().unwrap();
    assert_eq!(commands, &vec![json!("copydesk.fixAll"), json!("copydesk.glossaryEntry")]);
    assert_eq!(r["result"]["serverInfo"]["name"], "copydesk");
    // The watchers are registered dynamically, since the client can take them.
    let reg = c.wait(|m| m["method"] == "client/registerCapability").expect("registration");
    let globs: Vec<&str> = reg["params"]["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(globs, vec!["**/copydesk.toml", "**/*glossary*.toml"]);
    assert_eq!(c.stop(), Some(0));

    for offered in [json!([]), json!(["utf-16"]), Value::Null] {
        let mut c = Client::start(&[]);
        let mut caps = Client::capabilities(&[], false);
        caps["general"]["positionEncodings"] = offered.clone();
        let r = c.initialize_with(caps, Value::Null, Value::Null);
        assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-16", "offered {offered}");
        assert_eq!(c.stop(), Some(0));
    }
}

// ---- diagnostics --------------------------------------------------------------------------

#[test]
fn open_pushes_diagnostics_with_version_code_source_link_severity_and_related_places() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 7, STORY);
    let d = c.diagnostics(URI, 7);
    assert_eq!(codes(&d), vec!["inconsistent-name", "unattributed-quote", "inconsistent-name"]);
    let isil = &d[0];
    assert_eq!(isil["source"], "copydesk");
    assert_eq!(isil["severity"], 2);
    assert_eq!(isil["range"], range(2, 76, 2, 80));
    assert_eq!(isil["codeDescription"]["href"].as_str().unwrap().rsplit('#').next(), Some("inconsistent-name"));
    assert!(isil["message"].as_str().unwrap().contains("ISIL"));
    // Every other place the entity is named: Islamic State, ISIS, and the ISIL in the quote.
    let related = isil["relatedInformation"].as_array().unwrap();
    let places: Vec<&Value> = related.iter().map(|r| &r["location"]["range"]["start"]).collect();
    assert_eq!(places, vec![&pos(2, 0), &pos(2, 15), &pos(6, 1)], "{related:?}");
    assert!(related.iter().all(|r| r["location"]["uri"] == URI));
    assert_eq!(d[1]["range"], range(4, 0, 4, 64));
    assert_eq!(d[2]["severity"], 3, "a name inside a quotation is information");
    assert!(d[2].get("relatedInformation").is_some());
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn a_range_may_span_lines() {
    let mut c = started(&["utf-16"]);
    let text = "“The economy is collapsing under the weight of\nthese sanctions, and nobody is listening to us.”\n";
    c.open(URI, "markdown", 1, text);
    let d = c.diagnostics(URI, 1);
    assert_eq!(codes(&d), vec!["unattributed-quote"]);
    assert_eq!(d[0]["range"], range(0, 0, 1, 48));
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn attribution_added_by_an_edit_clears_the_finding() {
    let mut c = started(&["utf-16"]);
    let text = "“The economy is collapsing under the weight of these sanctions.”\n";
    c.open(URI, "markdown", 1, text);
    assert_eq!(codes(&c.diagnostics(URI, 1)), vec!["unattributed-quote"]);
    // Turn the closing `.”` into `,” the minister said.` with two edits in one notification.
    c.change(
        URI,
        2,
        json!([
            {"range": range(0, 62, 0, 63), "text": ","},
            {"range": range(0, 64, 0, 64), "text": " the minister said."}
        ]),
    );
    assert_eq!(c.diagnostics(URI, 2), Vec::<Value>::new());
    assert_eq!(c.server_text(URI).unwrap(), "“The economy is collapsing under the weight of these sanctions,” the minister said.\n");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn incremental_edits_with_cyrillic_emoji_cjk_combining_marks_and_crlf_in_both_encodings() {
    for utf8 in [false, true] {
        let enc = if utf8 { "utf-8" } else { "utf-16" };
        let mut c = started(&[enc]);
        let mut text = String::from("Привет 😀 — 中文 e\u{301}.\r\nLater the Kiev council met.\r\n");
        c.open(URI, "plaintext", 1, &text);
        let d = c.diagnostics(URI, 1);
        // Consistency inside the story (issue 22): a story that says Kiev throughout is consistent.
        assert_eq!(codes(&d), Vec::<&str>::new(), "one name throughout");
        let units = |s: &str| if utf8 { s.len() as u32 } else { s.encode_utf16().count() as u32 };
        // Each edit: (range in the current text, new text), applied by the test to its own copy.
        let edits: Vec<(u32, u32, u32, u32, &str)> = vec![
            // Insert a sentence naming Kyiv at the start of line 1.
            (1, 0, 1, 0, "Crowds gathered in Kyiv. "),
            // Replace the emoji (a surrogate pair in UTF-16) with a flag of two code points.
            (0, units("Привет "), 0, units("Привет 😀"), "🇺🇦"),
            // Delete the combining mark only.
            (0, units("Привет 🇺🇦 — 中文 e"), 0, units("Привет 🇺🇦 — 中文 e\u{301}"), ""),
            // Join the lines: delete the CRLF.
            (0, units("Привет 🇺🇦 — 中文 e."), 1, 0, " "),
            // Insert a CRLF and a new line of CJK after the first word.
            (0, units("Привет"), 0, units("Привет"), "\r\n東京 "),
        ];
        let mut version = 1;
        let mut d = Vec::new();
        for (l1, c1, l2, c2, new) in edits {
            version += 1;
            let r = json!({"range": range(l1, c1, l2, c2), "text": new});
            text = apply_edits(&text, &[json!({"range": r["range"], "newText": new})], utf8);
            c.change(URI, version, json!([r]));
            d = c.diagnostics(URI, version);
            assert_eq!(c.server_text(URI).unwrap(), text, "{enc} v{version}");
        }
        assert_eq!(text, "Привет\r\n東京  🇺🇦 — 中文 e. Crowds gathered in Kyiv. Later the Kiev council met.\r\n");
        assert_eq!(codes(&d), vec!["inconsistent-name"], "{enc}");
        let col = units("東京  🇺🇦 — 中文 e. Crowds gathered in Kyiv. Later the ");
        assert_eq!(d[0]["range"], range(1, col, 1, col + 4), "{enc}");
        assert_eq!(c.stop(), Some(0));
    }
}

#[test]
fn out_of_range_and_mid_character_edits_are_clamped_and_logged() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, "One line.\n");
    c.diagnostics(URI, 1);
    // Past the end of the line and past the end of the document.
    c.change(URI, 2, json!([{"range": range(0, 99, 42, 3), "text": " ISIL"}]));
    c.diagnostics(URI, 2);
    assert_eq!(c.server_text(URI).unwrap(), "One line. ISIL");
    c.change(URI, 3, json!([{"range": range(0, 0, 0, 0), "text": "😀"}]));
    c.diagnostics(URI, 3);
    // Inside the surrogate pair: clamped to the emoji's start.
    c.change(URI, 4, json!([{"range": range(0, 1, 0, 1), "text": "x"}]));
    c.diagnostics(URI, 4);
    assert_eq!(c.server_text(URI).unwrap(), "x😀One line. ISIL");
    // A reversed range inserts at its start.
    c.change(URI, 5, json!([{"range": range(0, 5, 0, 3), "text": "!"}]));
    c.diagnostics(URI, 5);
    assert_eq!(c.server_text(URI).unwrap(), "x😀On!e line. ISIL");
    assert!(c.logged("clamped"), "a warning is logged");
    assert!(c.alive());
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn full_text_changes_are_accepted_too() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, "Nothing here.\n");
    assert!(c.diagnostics(URI, 1).is_empty());
    c.change(URI, 2, json!([{"text": STORY}]));
    assert_eq!(c.diagnostics(URI, 2).len(), 3);
    // A full change followed by a ranged one in the same notification.
    c.change(URI, 3, json!([{"text": "Kyiv.\n"}, {"range": range(1, 0, 1, 0), "text": "Kiev.\n"}]));
    assert_eq!(codes(&c.diagnostics(URI, 3)), vec!["inconsistent-name"]);
    assert_eq!(c.server_text(URI).unwrap(), "Kyiv.\nKiev.\n");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn a_burst_of_keystrokes_is_checked_once_and_never_published_over_a_newer_version() {
    let mut c = Client::start(&[]);
    c.initialize(&["utf-16"], false, json!({"debounceMs": 80}));
    c.open(URI, "markdown", 1, "");
    for v in 2..=60 {
        c.change(URI, v, json!([{"range": range(0, 0, 0, 0), "text": if v % 2 == 0 { "a" } else { "b" }}]));
    }
    c.change(URI, 61, json!([{"text": STORY}]));
    assert_eq!(c.diagnostics(URI, 61).len(), 3);
    c.drain_for(Duration::from_millis(400));
    let published: Vec<i64> =
        c.seen_of("textDocument/publishDiagnostics").iter().map(|m| m["params"]["version"].as_i64().unwrap()).collect();
    // Far fewer checks than edits (a loaded CI machine may split the burst once or twice).
    assert!(published.len() <= 10, "coalesced: {published:?}");
    assert_eq!(published.last(), Some(&61), "nothing older after the newest: {published:?}");
    assert!(published.windows(2).all(|w| w[0] < w[1]), "{published:?}");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn pulled_diagnostics_with_result_ids_and_no_push() {
    let mut c = Client::start(&[]);
    c.initialize(&["utf-8"], true, json!({"debounceMs": 0}));
    c.open(URI, "markdown", 1, STORY);
    let r = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}}));
    assert_eq!(r["result"]["kind"], "full");
    assert_eq!(codes(r["result"]["items"].as_array().unwrap()), vec!["inconsistent-name", "unattributed-quote", "inconsistent-name"]);
    let id = r["result"]["resultId"].as_str().unwrap().to_string();
    let again = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}, "previousResultId": id}));
    assert_eq!(again["result"], json!({"kind": "unchanged", "resultId": id}));
    c.change(URI, 2, json!([{"range": range(2, 0, 2, 0), "text": "Kyiv. Kiev. "}]));
    let r = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": URI}, "previousResultId": id}));
    assert_eq!(r["result"]["kind"], "full");
    assert_eq!(r["result"]["items"].as_array().unwrap().len(), 4, "Kiev is not the story's Kyiv");
    assert_ne!(r["result"]["resultId"].as_str().unwrap(), id);
    // Nothing is pushed for documents in a pull session.
    c.drain_for(Duration::from_millis(300));
    assert!(c.seen_of("textDocument/publishDiagnostics").iter().all(|m| m["params"]["uri"] != URI));
    // A document never opened, or in a language not checked: an empty report.
    let r = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": "file:///nowhere.md"}}));
    assert_eq!(r["result"]["items"], json!([]));
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    assert_eq!(c.diagnostics(URI, 1).len(), 3);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    let m = c.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI).expect("cleared");
    assert_eq!(m["params"]["diagnostics"], json!([]));
    assert_eq!(c.server_text(URI), None);
    // Reopened: checked again from scratch.
    c.open(URI, "markdown", 1, "Kyiv and Kiev.\n");
    assert_eq!(codes(&c.diagnostics(URI, 1)), vec!["inconsistent-name"]);
    assert_eq!(c.stop(), Some(0));
}

// ---- hover --------------------------------------------------------------------------------

#[test]
fn hover_cards_for_names_and_quotations() {
    let mut c = started(&["utf-8"]);
    let text = format!("Привет 😀. {}", STORY);
    let shift = "Привет 😀. ".len() as u32;
    c.open(URI, "markdown", 1, &text);
    c.diagnostics(URI, 1);
    let hover = |c: &mut Client, line: u32, ch: u32| {
        c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(line, ch)}))
    };
    // On “Ceasefire” in the heading: nothing.
    let h = hover(&mut c, 0, shift + 4);
    assert_eq!(h["result"], Value::Null, "{h}");
    let h = hover(&mut c, 2, 78);
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert_eq!(h["result"]["contents"]["kind"], "markdown");
    assert!(md.starts_with("### Islamic State (ISIS)"), "{md}");
    assert!(md.contains("Names in this story"), "{md}");
    assert_eq!(h["result"]["range"], range(2, 76, 2, 80));
    let h = hover(&mut c, 4, 10);
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Unattributed quotation"), "{md}");
    assert_eq!(h["result"]["range"]["start"], pos(4, 0));
    let h = hover(&mut c, 6, 20);
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("attributed to:** the mayor"), "{h}");
    // The name inside the quotation has its card too, with the note about quotations.
    let h = hover(&mut c, 6, 4);
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("inside a quotation"), "{h}");
    // Past the end of a line, past the end of the document: an answer, not an error.
    for (l, ch) in [(4, 500), (99, 99)] {
        let h = hover(&mut c, l, ch);
        assert!(h.get("error").is_none(), "{h}");
    }
    assert_eq!(c.stop(), Some(0));
}

// ---- code actions -------------------------------------------------------------------------

#[test]
fn quick_fix_applies_and_the_document_is_clean_after_recheck() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    let d = c.diagnostics(URI, 1);
    let acts = code_actions(&mut c, URI, range(2, 78, 2, 78), json!([d[0]]), None);
    let quick = titled(&acts, "Replace “ISIL” with “ISIS”");
    assert_eq!(quick["kind"], "quickfix");
    assert_eq!(quick["isPreferred"], true);
    assert_eq!(quick["diagnostics"][0]["code"], "inconsistent-name");
    assert_eq!(quick["diagnostics"][0]["range"], d[0]["range"]);
    let fixed = apply_edits(STORY, quick["edit"]["changes"][URI].as_array().unwrap(), false);
    assert!(fixed.contains("Later ISIS units"), "{fixed}");
    assert!(fixed.contains("“ISIL will not return"), "the quotation is untouched");
    c.change(URI, 2, json!([{"text": fixed}]));
    assert_eq!(codes(&c.diagnostics(URI, 2)), vec!["unattributed-quote", "inconsistent-name"]);
    // Only quick fixes asked for: no source actions.
    let acts = code_actions(&mut c, URI, range(4, 3, 4, 3), json!([]), Some(json!(["quickfix"])));
    assert!(acts.iter().all(|a| a["kind"] == "quickfix"), "{acts:?}");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn fix_all_as_source_action_for_fix_on_save_and_as_quick_fix_never_inside_quotations() {
    let mut c = started(&["utf-8"]);
    let text = "ISIS fighters withdrew. ISIL units regrouped. “ISIL will be back,” the general said. Daesh denied it.\n";
    c.open(URI, "markdown", 1, text);
    let d = c.diagnostics(URI, 1);
    assert!(d.len() >= 3, "{d:?}");
    // Fix on save asks for source.fixAll only.
    let acts = code_actions(&mut c, URI, range(0, 0, 0, 0), json!([]), Some(json!(["source.fixAll"])));
    assert_eq!(acts.len(), 1, "{acts:?}");
    assert_eq!(acts[0]["kind"], "source.fixAll.copydesk");
    assert_eq!(acts[0]["title"], "Fix all naming in this document");
    let fixed = apply_edits(text, acts[0]["edit"]["changes"][URI].as_array().unwrap(), true);
    assert_eq!(
        fixed,
        "Islamic State (ISIS) fighters withdrew. ISIS units regrouped. “ISIL will be back,” the general said. Islamic State denied it.\n"
    );
    // On a fixable diagnostic with two or more fixable findings: also a quick fix.
    let acts = code_actions(&mut c, URI, range(0, 25, 0, 25), json!([]), None);
    let all = acts
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["title"].as_str().unwrap().starts_with("Fix all naming in this document"))
        .expect("quick fix-all");
    assert_eq!(apply_edits(text, all["edit"]["changes"][URI].as_array().unwrap(), true), fixed);
    c.change(URI, 2, json!([{"text": fixed}]));
    let d = c.diagnostics(URI, 2);
    assert!(d.iter().all(|x| x["severity"] == 3), "only the quoted name is left, as information: {d:?}");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn disable_rule_for_a_line_above_it_or_at_its_end_inside_a_paragraph() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    c.diagnostics(URI, 1);
    let acts = code_actions(&mut c, URI, range(4, 3, 4, 3), json!([]), None);
    let dis = titled(&acts, "Disable unattributed-quote for this line");
    assert_eq!(dis["kind"], "quickfix");
    let after = apply_edits(STORY, dis["edit"]["changes"][URI].as_array().unwrap(), false);
    assert!(after.contains("\n\n<!-- copydesk-disable-next-line unattributed-quote -->\n“The economy"), "{after}");
    c.change(URI, 2, json!([{"text": after}]));
    assert_eq!(codes(&c.diagnostics(URI, 2)), vec!["inconsistent-name", "inconsistent-name"]);

    // A name on the second line of a paragraph: the comment goes at the end of that line, so
    // that the paragraph is not split. CRLF line endings are kept.
    let text = "Islamic State (ISIS) fighters withdrew on Sunday.\r\nLater ISIL units regrouped.\r\n";
    c.open("file:///tmp/copydesk-lsp-test/crlf.md", "markdown", 1, text);
    let d = c.diagnostics("file:///tmp/copydesk-lsp-test/crlf.md", 1);
    assert_eq!(codes(&d), vec!["inconsistent-name"]);
    let acts = code_actions(&mut c, "file:///tmp/copydesk-lsp-test/crlf.md", range(1, 7, 1, 7), json!([]), None);
    let dis = titled(&acts, "Disable inconsistent-name for this line");
    let after = apply_edits(text, dis["edit"]["changes"]["file:///tmp/copydesk-lsp-test/crlf.md"].as_array().unwrap(), false);
    assert_eq!(after, "Islamic State (ISIS) fighters withdrew on Sunday.\r\nLater ISIL units regrouped. <!-- copydesk-disable-line inconsistent-name -->\r\n");
    c.change("file:///tmp/copydesk-lsp-test/crlf.md", 2, json!([{"text": after}]));
    assert!(c.diagnostics("file:///tmp/copydesk-lsp-test/crlf.md", 2).is_empty());

    // In plain text, and at the start of a paragraph with CRLF: its own line above.
    let text = "Kyiv is calm.\r\n\r\nKiev is not.\r\n";
    let uri = "file:///tmp/copydesk-lsp-test/notes.txt";
    c.open(uri, "plaintext", 1, text);
    c.diagnostics(uri, 1);
    let acts = code_actions(&mut c, uri, range(2, 0, 2, 4), json!([]), None);
    let after =
        apply_edits(text, titled(&acts, "Disable inconsistent-name for this line")["edit"]["changes"][uri].as_array().unwrap(), false);
    assert_eq!(after, "Kyiv is calm.\r\n\r\n<!-- copydesk-disable-next-line inconsistent-name -->\r\nKiev is not.\r\n");
    c.change(uri, 2, json!([{"text": after}]));
    assert!(c.diagnostics(uri, 2).is_empty());
    assert_eq!(c.stop(), Some(0));
}

/// A project folder with a story, as the editor would have it.
struct Project {
    dir: tempfile::TempDir,
    files: BTreeMap<String, String>,
}

impl Project {
    fn new(story: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Project { dir, files: BTreeMap::new() };
        p.write("story.md", story);
        p
    }
    fn uri(&self, name: &str) -> String {
        file_uri(&self.dir.path().join(name))
    }
    fn write(&mut self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).unwrap();
        self.files.insert(self.uri(name), text.to_string());
    }
    /// Applies a workspace edit to the files (and to disk, as an editor would on save).
    fn apply(&mut self, edit: &Value, utf8: bool) {
        let before = self.files.clone();
        apply_workspace_edit(&mut self.files, edit, utf8);
        for (uri, text) in &self.files {
            if before.get(uri) != Some(text) {
                std::fs::write(uri.strip_prefix("file://").unwrap(), text).unwrap();
            }
        }
    }
    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default()
    }
}

#[test]
fn add_selected_text_to_the_project_glossary_as_a_name_of_the_nearest_entity() {
    let text = "Islamic State (ISIS) fighters left the town. The Caliphate Army returned at night.\n\nKyiv said nothing.\n";
    let mut p = Project::new(text);
    let uri = p.uri("story.md");
    let mut c = started(&["utf-8"]);
    c.open(&uri, "markdown", 1, text);
    assert!(c.diagnostics(&uri, 1).is_empty());
    let s = text.find("Caliphate Army").unwrap() as u32;
    let acts = code_actions(&mut c, &uri, range(0, s, 0, s + 14), json!([]), None);
    let add = titled(&acts, "Add “Caliphate Army” to the project glossary as a name of Islamic State");
    assert_eq!(add["kind"], "quickfix");
    let ops = add["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], p.uri("copydesk-glossary.toml"));
    p.apply(&add["edit"], true);
    let glossary = p.read("copydesk-glossary.toml");
    assert_eq!(glossary, "[[entity]]\nid = \"islamic-state\"\naliases = [\"Caliphate Army\"]\n");
    assert!(p.read("copydesk.toml").contains("files = [\"copydesk-glossary.toml\"]"), "{}", p.read("copydesk.toml"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": p.uri("copydesk-glossary.toml"), "type": 1}, {"uri": p.uri("copydesk.toml"), "type": 1}]}),
    );
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), vec!["inconsistent-name"], "the new name is now a variant: {d:?}");
    let s = text.find("Kyiv").unwrap() as u32;
    let acts = code_actions(&mut c, &uri, range(2, s - s, 2, 4), json!([]), None);
    assert!(acts.iter().all(|a| !a["title"].as_str().unwrap().starts_with("Add “Kyiv”")), "Kyiv is a glossary name already");
    let acts = code_actions(&mut c, &uri, range(0, 0, 0, 0), json!([]), None);
    assert!(acts.iter().all(|a| !a["title"].as_str().unwrap().starts_with("Add")), "no selection, no action");
    let s = text.find("fighters").unwrap() as u32;
    let acts = code_actions(&mut c, &uri, range(0, s, 0, s + 8), json!([]), None);
    assert!(acts.iter().all(|a| !a["title"].as_str().unwrap().starts_with("Add")), "a lower-case word is not a name: {acts:?}");
    // A second name appends to the same file.
    let s = text.find("Islamic State (ISIS) fighters").unwrap() as u32;
    let acts = code_actions(&mut c, &uri, range(0, s + 21, 0, s + 29), json!([]), None);
    assert!(acts.iter().all(|a| !a["title"].as_str().unwrap().starts_with("Add")));
    c.change(&uri, 2, json!([{"range": range(2, 0, 2, 0), "text": "The Black Banner brigade and ISIS left Kyiv.\n\n"}]));
    c.diagnostics(&uri, 2);
    let acts = code_actions(&mut c, &uri, range(2, 4, 2, 16), json!([]), None);
    let add = titled(&acts, "Add “Black Banner” to the project glossary as a name of Islamic State");
    p.apply(&add["edit"], true);
    assert_eq!(
        p.read("copydesk-glossary.toml"),
        "[[entity]]\nid = \"islamic-state\"\naliases = [\"Caliphate Army\"]\n\n[[entity]]\nid = \"islamic-state\"\naliases = [\"Black Banner\"]\n"
    );
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn accept_a_name_in_the_project_adds_it_to_naming_prefer() {
    let mut p = Project::new(STORY);
    p.write("copydesk.toml", "[rules]\nunattributed-quote = \"off\"\n");
    let uri = p.uri("story.md");
    let mut c = started(&["utf-16"]);
    c.open(&uri, "markdown", 1, STORY);
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), vec!["inconsistent-name", "inconsistent-name"]);
    let acts = code_actions(&mut c, &uri, range(2, 77, 2, 77), json!([d[0]]), None);
    let accept = titled(&acts, "Accept “ISIL” in this project (add to copydesk.toml [naming.prefer])");
    assert_eq!(accept["diagnostics"][0]["code"], "inconsistent-name");
    p.apply(&accept["edit"], false);
    assert_eq!(p.read("copydesk.toml"), "[rules]\nunattributed-quote = \"off\"\n\n[naming.prefer]\n\"islamic-state\" = \"ISIL\"\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": p.uri("copydesk.toml"), "type": 2}]}));
    let d = c.diagnostics(&uri, 1);
    let flagged: Vec<&str> = d.iter().map(|x| x["message"].as_str().unwrap().split('”').next().unwrap().trim_start_matches('“')).collect();
    assert_eq!(flagged, vec!["ISIS"], "ISIL is the house name now: {d:?}");
    // Named already: not offered again.
    let acts = code_actions(&mut c, &uri, range(2, 16, 2, 16), json!([]), None);
    assert!(acts.iter().all(|a| !a["title"].as_str().unwrap().starts_with("Accept")), "{acts:?}");
    assert_eq!(c.stop(), Some(0));
}

// ---- commands -----------------------------------------------------------------------------

#[test]
fn execute_command_fix_all_asks_the_editor_to_apply_the_edit() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    c.diagnostics(URI, 1);
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.fixAll", "arguments": [URI]}));
    assert_eq!(r["result"], json!({"applied": true, "edits": 1}), "{r}");
    let edit = c.applied_edits.last().cloned().expect("workspace/applyEdit");
    let fixed = apply_edits(STORY, edit["changes"][URI].as_array().unwrap(), false);
    assert!(fixed.contains("Later ISIS units") && fixed.contains("“ISIL will not return"), "{fixed}");
    c.change(URI, 2, json!([{"text": fixed}]));
    assert_eq!(codes(&c.diagnostics(URI, 2)), vec!["unattributed-quote", "inconsistent-name"]);
    // The object form of the argument, and an editor that declines.
    c.accept_edits = false;
    c.change(URI, 3, json!([{"text": STORY}]));
    c.diagnostics(URI, 3);
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.fixAll", "arguments": [{"uri": URI}]}));
    assert_eq!(r["result"]["applied"], false, "{r}");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn execute_command_glossary_entry_returns_the_card_or_null() {
    let mut p = Project::new("Kyiv.\n");
    p.write("copydesk-glossary.toml", "[[entity]]\nid = \"river-guard\"\npreferred = \"River Guard\"\naliases = [\"the Guard\"]\ndescription = \"A volunteer militia.\"\n");
    p.write("copydesk.toml", "");
    let mut c = Client::start(&[]);
    c.initialize_with(Client::capabilities(&["utf-16"], false), json!({"debounceMs": 0}), json!(file_uri(p.dir.path())));
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.glossaryEntry", "arguments": ["ISIL"]}));
    assert!(r["result"].as_str().unwrap().starts_with("### Islamic State (ISIS)"), "{r}");
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.glossaryEntry", "arguments": ["Atlantis Front"]}));
    assert_eq!(r["result"], Value::Null);
    // The project glossary of the workspace counts.
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.glossaryEntry", "arguments": ["the Guard"]}));
    assert!(r["result"].as_str().unwrap().contains("River Guard"), "{r}");
    assert_eq!(c.stop(), Some(0));
}

// ---- symbols ------------------------------------------------------------------------------

#[test]
fn document_symbols_group_quotations_by_speaker_and_list_the_names() {
    let mut c = started(&["utf-16"]);
    let text = format!("{}\n“We will rebuild the bridge before the winter comes,” the mayor said.\n", STORY);
    c.open(URI, "markdown", 1, &text);
    c.diagnostics(URI, 1);
    let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    let syms = r["result"].as_array().unwrap();
    assert_eq!(syms[0]["name"], "Quotations");
    let speakers: Vec<(&str, usize)> = syms[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["children"].as_array().unwrap().len()))
        .collect();
    assert_eq!(speakers, vec![("Unattributed", 1), ("the mayor", 2)]);
    assert_eq!(syms[0]["children"][0]["children"][0]["name"], "“The economy is collapsing under the weight of these sanction…”");
    assert_eq!(syms[1]["name"], "Names");
    let entity = &syms[1]["children"][0];
    assert_eq!(entity["name"], "Islamic State");
    let mentions: Vec<&str> = entity["children"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(mentions, vec!["Islamic State", "ISIS", "ISIL", "ISIL"]);
    assert_eq!(entity["children"][3]["detail"], "in a quotation");
    assert_eq!(c.stop(), Some(0));
}

// ---- configuration ------------------------------------------------------------------------

#[test]
fn configuration_file_changes_are_watched_and_applied() {
    let mut p = Project::new(STORY);
    p.write("copydesk.toml", "[rules]\nunattributed-quote = \"off\"\n");
    let uri = p.uri("story.md");
    let mut c = started(&["utf-16"]);
    c.open(&uri, "markdown", 1, STORY);
    assert_eq!(codes(&c.diagnostics(&uri, 1)), vec!["inconsistent-name", "inconsistent-name"]);
    p.write("copydesk.toml", "[rules]\nunattributed-quote = \"error\"\ninconsistent-name = \"off\"\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": p.uri("copydesk.toml"), "type": 2}]}));
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), vec!["unattributed-quote"]);
    assert_eq!(d[0]["severity"], 1);
    // Deleted: back to the defaults.
    std::fs::remove_file(p.dir.path().join("copydesk.toml")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": p.uri("copydesk.toml"), "type": 3}]}));
    assert_eq!(c.diagnostics(&uri, 1).len(), 3);
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn a_broken_configuration_is_reported_on_its_file_and_the_last_good_one_stays() {
    let mut p = Project::new(STORY);
    p.write("copydesk.toml", "[rules]\nunattributed-quote = \"error\"\n");
    let uri = p.uri("story.md");
    let cfg_uri = p.uri("copydesk.toml");
    let mut c = started(&["utf-16"]);
    c.open(&uri, "markdown", 1, STORY);
    let d = c.diagnostics(&uri, 1);
    assert!(d.iter().any(|x| x["code"] == "unattributed-quote" && x["severity"] == 1), "{d:?}");
    p.write("copydesk.toml", "[rules]\n# a comment\nunattributed-quote = \"loud\"\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": cfg_uri, "type": 2}]}));
    let cd = c.diagnostics_of(&cfg_uri);
    assert_eq!(cd.len(), 1, "{cd:?}");
    assert_eq!(cd[0]["severity"], 1);
    assert_eq!(cd[0]["source"], "copydesk");
    assert_eq!(cd[0]["range"]["start"]["line"], 2, "{cd:?}");
    assert!(cd[0]["message"].as_str().unwrap().contains("loud"), "{cd:?}");
    let shown = c.wait(|m| m["method"] == "window/showMessage").expect("a message");
    assert_eq!(shown["params"]["type"], 1);
    let d = c.diagnostics(&uri, 1);
    assert!(d.iter().any(|x| x["code"] == "unattributed-quote" && x["severity"] == 1), "the last good configuration stays: {d:?}");
    // Still broken after another change: no second message for the same problem.
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": cfg_uri, "type": 2}]}));
    c.diagnostics(&uri, 1);
    // A broken glossary file: the diagnostic goes on the glossary file.
    p.write("copydesk.toml", "[glossary]\nfiles = [\"desk-glossary.toml\"]\n");
    p.write("desk-glossary.toml", "[[entity]]\nid = \"x\"\npreferred = \"X\"\nkind = 42\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": p.uri("desk-glossary.toml"), "type": 2}]}));
    let cleared = c.diagnostics_of(&cfg_uri);
    assert!(cleared.is_empty(), "moved off copydesk.toml: {cleared:?}");
    let gd = c.diagnostics_of(&p.uri("desk-glossary.toml"));
    assert_eq!(gd.len(), 1, "{gd:?}");
    c.diagnostics(&uri, 1);
    assert_eq!(gd[0]["range"]["start"]["line"], 3, "{gd:?}");
    // Fixed: the problem is cleared and the file applies.
    p.write("desk-glossary.toml", "");
    p.write("copydesk.toml", "[rules]\nunattributed-quote = \"off\"\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": cfg_uri, "type": 2}]}));
    assert!(c.diagnostics_of(&p.uri("desk-glossary.toml")).is_empty());
    assert_eq!(codes(&c.diagnostics(&uri, 1)), vec!["inconsistent-name", "inconsistent-name"]);
    assert_eq!(c.seen_of("window/showMessage").len(), 2, "one message per problem");
    // Broken again, then deleted: its diagnostic goes with it.
    p.write("copydesk.toml", "[rules\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": cfg_uri, "type": 2}]}));
    assert_eq!(c.diagnostics_of(&cfg_uri).len(), 1);
    c.diagnostics(&uri, 1);
    std::fs::remove_file(p.dir.path().join("copydesk.toml")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": cfg_uri, "type": 3}]}));
    assert!(c.diagnostics_of(&cfg_uri).is_empty());
    assert_eq!(c.diagnostics(&uri, 1).len(), 3, "the defaults");
    assert!(c.alive());
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn editor_settings_override_severities_and_choose_languages() {
    let mut c = Client::start(&[]);
    c.initialize(
        &["utf-16"],
        false,
        json!({"copydesk": {"severity": {"inconsistent-name": "error", "unattributed-quote": "off"}, "languages": ["markdown", "asciidoc"], "debounceMs": 0}}),
    );
    c.open(URI, "markdown", 1, STORY);
    let d = c.diagnostics(URI, 1);
    assert_eq!(codes(&d), vec!["inconsistent-name", "inconsistent-name"]);
    assert_eq!(d[0]["severity"], 1);
    assert_eq!(d[1]["severity"], 3, "information stays information");
    let adoc = "file:///tmp/copydesk-lsp-test/story.adoc";
    c.open(adoc, "asciidoc", 1, "Kyiv and Kiev.\n");
    assert_eq!(codes(&c.diagnostics(adoc, 1)), vec!["inconsistent-name"]);
    let rust = "file:///tmp/copydesk-lsp-test/main.rs";
    c.open(rust, "rust", 1, "// Kyiv and Kiev\n");
    // Settings pushed in the notification.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"copydesk": {"severity": {"undefined-acronym": "off"}}}}));
    assert_eq!(c.diagnostics(URI, 1).len(), 3);
    assert_eq!(c.diagnostics(adoc, 1).len(), 1);
    // Settings the server asks for (the notification carries none).
    c.configuration = json!({"severity": {"inconsistent-name": "hint"}, "languages": ["markdown"]});
    c.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    let d = c.diagnostics(URI, 1);
    assert_eq!(d.iter().map(|x| x["severity"].as_i64().unwrap()).collect::<Vec<_>>(), vec![4, 2, 4]);
    // asciidoc is no longer checked: its diagnostics are cleared.
    assert!(c.diagnostics(adoc, 1).is_empty());
    // Bad values are reported in the log and skipped.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"copydesk": {"severity": {"no-such-rule": "error"}}}}));
    c.diagnostics(URI, 1);
    assert!(c.logged("no-such-rule"));
    assert!(c.seen_of("textDocument/publishDiagnostics").iter().all(|m| m["params"]["uri"] != rust), "other languages are not checked");
    assert_eq!(c.stop(), Some(0));
}

// ---- robustness ---------------------------------------------------------------------------

#[test]
fn malformed_requests_get_errors_and_the_server_goes_on() {
    let mut c = started(&["utf-16"]);
    let r = c.request("textDocument/noSuchMethod", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}}));
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.fixAll", "arguments": [17]}));
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.fixAll", "arguments": ["file:///never-opened.md"]}));
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.glossaryEntry", "arguments": []}));
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("workspace/executeCommand", json!({"command": "copydesk.launch", "arguments": []}));
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///never-opened.md"}, "position": pos(0, 0)}));
    assert_eq!(r["result"], Value::Null);
    // Notifications for documents never opened: logged and ignored.
    c.change("file:///never-opened.md", 2, json!([{"text": "x"}]));
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": "file:///never-opened.md"}}));
    c.notify("textDocument/didChange", json!({"textDocument": "nonsense"}));
    // Not JSON at all, and a header without a length.
    c.send_raw(b"Content-Length: 12\r\n\r\n{not json!!}");
    c.send_raw(b"X-Nonsense: 1\r\n\r\n");
    c.open(URI, "markdown", 1, STORY);
    assert_eq!(c.diagnostics(URI, 1).len(), 3, "still serving");
    // Out-of-range positions in requests.
    let acts = code_actions(&mut c, URI, range(500, 3, 900, 0), json!([]), None);
    assert!(acts.iter().all(|a| a["kind"] != "quickfix"), "nothing under a position past the end: {acts:?}");
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(4, 4000)}));
    assert!(r.get("error").is_none(), "{r}");
    assert!(c.logged("not open"));
    assert_eq!(c.stop(), Some(0));
}

/// A framed body, bytes as they are (not necessarily UTF-8).
fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Still serving: a hover on the story is answered with its card.
fn still_serving(c: &mut Client, after: &str) {
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(2, 2)}));
    assert!(r["result"]["contents"]["value"].as_str().is_some_and(|v| v.contains("Islamic State")), "after {after}: {r}");
}

/// Every body the protocol library could not decode used to end the session (it answered
/// -32600 or -32700 once and stopped reading: status 1). Each is now answered with the error
/// JSON-RPC 2.0 names, with the request's id when it can be read, and the server goes on.
#[test]
fn bodies_the_library_cannot_decode_get_the_errors_json_rpc_names_and_the_server_goes_on() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    c.diagnostics(URI, 1);
    let deep = format!(r#"{{"jsonrpc":"2.0","id":41,"method":"textDocument/hover","params":{}{}}}"#, "[".repeat(200), "]".repeat(200));
    let cases: Vec<(Vec<u8>, i64, &str)> = vec![
        (b"{}".to_vec(), -32600, "null"),
        (br#"{"id":1}"#.to_vec(), -32600, "1"),
        (b"[null]".to_vec(), -32600, "null"),
        (br#"["exit"]"#.to_vec(), -32600, "null"),
        (br#"{"jsonrpc":"1.0","method":"x"}"#.to_vec(), -32600, "null"),
        (br#"{"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover"}"#.to_vec(), -32600, "1.5"),
        (br#"{"jsonrpc":"2.0","id":1e400,"method":"textDocument/hover"}"#.to_vec(), -32600, "null"),
        (br#"{"jsonrpc":"2.0","id":18446744073709551616,"method":"textDocument/hover"}"#.to_vec(), -32600, "18446744073709551616"),
        (br#"{"jsonrpc":"2.0","id":{},"method":"textDocument/hover"}"#.to_vec(), -32600, "null"),
        (deep.into_bytes(), -32602, "41"),
        (b"{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"textDocument/hover\",\"params\":{\"x\":\"\xff\xfe\"}}".to_vec(), -32700, "null"),
        (b"{not json".to_vec(), -32700, "null"),
    ];
    for (body, code, id) in cases {
        let shown = String::from_utf8_lossy(&body[..body.len().min(60)]).into_owned();
        c.send_raw(&framed(&body));
        let id: Value = serde_json::from_str(id).unwrap_or(Value::Null);
        let r = c
            .wait(|m| m.get("method").is_none() && m["error"]["code"] == code)
            .unwrap_or_else(|| panic!("no error {code} for {shown}; stderr:\n{}", c.stderr.lock().unwrap()));
        // 18446744073709551616 comes back as written; serde_json reads it as a float here.
        assert_eq!(r["id"], id, "{shown}: {r}");
        still_serving(&mut c, &shown);
    }
    // Notifications are not answered: logged.
    c.send_raw(&framed(br#"{"jsonrpc":"2.0","method":"$/whatever","params":"a string"}"#));
    still_serving(&mut c, "a notification with string params");
    assert!(c.logged("must be an object or an array"));
    assert_eq!(c.stop(), Some(0));
}

/// A lone surrogate escape in a change (`\ud83d`, half an emoji) used to end the session; it is
/// read as U+FFFD, one UTF-16 unit like the half the editor holds, so later positions agree.
#[test]
fn a_lone_surrogate_in_a_change_is_read_as_the_replacement_character_and_positions_still_agree() {
    for utf8 in [false, true] {
        let mut c = started(&[if utf8 { "utf-8" } else { "utf-16" }]);
        c.open(URI, "markdown", 1, "ab\n");
        c.diagnostics(URI, 1);
        let change = |version: u32, col: u32, text: &str| {
            format!(
                r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{URI}","version":{version}}},"contentChanges":[{{"range":{{"start":{{"line":0,"character":{col}}},"end":{{"line":0,"character":{col}}}}},"text":"{text}"}}]}}}}"#
            )
        };
        c.send_raw(&framed(change(2, 1, r"\ud83d").as_bytes()));
        // After it: one unit in UTF-16, three bytes in UTF-8 (as the editor counts it).
        let after = if utf8 { 4 } else { 2 };
        c.send_raw(&framed(change(3, after, "X").as_bytes()));
        c.diagnostics(URI, 3);
        assert_eq!(c.server_text(URI).as_deref(), Some("a\u{fffd}Xb\n"), "utf8: {utf8}");
        assert!(c.logged("surrogate"));
        assert_eq!(c.stop(), Some(0));
    }
}

/// A change whose position is beyond u32, negative or fractional (or that is not UTF-8) cannot
/// be applied; it used to be dropped without a word, and the server went on checking a text
/// that was no longer the editor's. Now the document is out of sync: its diagnostics are
/// withdrawn, the user is told to reopen it, hovers and fixes give nothing, and the whole text
/// (a change without a range, or opening it again) brings it back.
#[test]
fn a_change_that_cannot_be_read_puts_the_document_out_of_sync_until_the_whole_text_comes_again() {
    let bad_ranges = [
        json!({"start": {"line": 4294967296u64, "character": 0}, "end": {"line": 0, "character": 0}}),
        json!({"start": {"line": 0, "character": -1}, "end": {"line": 0, "character": 0}}),
        json!({"start": {"line": 0, "character": 1.5}, "end": {"line": 0, "character": 2}}),
        Value::Null,
    ];
    for (i, bad) in bad_ranges.into_iter().enumerate() {
        let mut c = started(&["utf-16"]);
        c.open(URI, "markdown", 1, STORY);
        assert_eq!(c.diagnostics(URI, 1).len(), 3);
        if bad.is_null() {
            let body = format!(
                "{{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{{\"textDocument\":{{\"uri\":\"{URI}\",\"version\":2}},\"contentChanges\":[{{\"text\":\"café\"}}]}}}}"
            );
            let mut bytes = body.into_bytes();
            // A Latin-1 é: not UTF-8.
            let at = bytes.windows(2).position(|w| w == "é".as_bytes()).unwrap();
            bytes.splice(at..at + 2, [0xE9]);
            c.send_raw(&framed(&bytes));
        } else {
            c.change(URI, 2, json!([{"range": bad, "text": "x"}]));
        }
        // The diagnostics of the old text are withdrawn, and the user is told.
        assert_eq!(c.diagnostics(URI, 1), Vec::<Value>::new(), "case {i}");
        let shown = c.wait(|m| m["method"] == "window/showMessage").expect("a message to the user");
        assert!(shown["params"]["message"].as_str().unwrap().contains("reopen"), "{shown}");
        let r = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(2, 2)}));
        assert_eq!(r["result"], Value::Null, "no hover on a text the server does not have");
        let acts = code_actions(&mut c, URI, range(2, 76, 2, 80), json!([]), None);
        assert!(acts.is_empty(), "no fixes on a text the server does not have: {acts:?}");
        let status = c.request("copydesk/status", Value::Null);
        assert_eq!(status["result"]["documents"][0]["inSync"], false);
        // A range change cannot bring it back; the whole text does (or opening it again).
        c.change(URI, 3, json!([{"range": range(0, 0, 0, 0), "text": "y"}]));
        if i % 2 == 0 {
            c.change(URI, 4, json!([{"text": STORY}]));
        } else {
            c.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
            c.open(URI, "markdown", 4, STORY);
        }
        assert_eq!(c.diagnostics(URI, 4).len(), 3, "case {i}");
        assert_eq!(c.server_text(URI).as_deref(), Some(STORY));
        still_serving(&mut c, "resync");
        assert_eq!(c.stop(), Some(0));
    }
}

/// The seeds of the fuzz target of the message loop (fuzz/fuzz_targets/lsp_messages.rs: message
/// bodies separated by NUL bytes), through the real binary: after each seed's bodies, a request
/// is still answered.
#[test]
fn the_fuzz_seeds_of_the_message_loop_leave_the_server_serving() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/lsp_messages");
    let mut seeds: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("seed-"))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 9, "{seeds:?}");
    for seed in seeds {
        let bytes = std::fs::read(&seed).unwrap();
        let mut c = started(&["utf-16"]);
        for body in bytes.split(|&b| b == 0) {
            c.send_raw(&framed(body));
        }
        c.send(&json!({"jsonrpc": "2.0", "id": "probe", "method": "copydesk/status", "params": null}));
        let r = c.wait(|m| m["id"] == "probe" && m.get("method").is_none());
        assert!(r.is_some(), "{}: no answer after its bodies; stderr:\n{}", seed.display(), c.stderr.lock().unwrap());
        c.notify("exit", Value::Null);
        assert!(c.exit_status().is_some(), "{}", seed.display());
    }
}

#[test]
fn requests_before_initialize_and_wrong_content_lengths_cost_one_message() {
    let mut c = Client::start(&["--log-level", "info"]);
    // Before initialize: the protocol's ServerNotInitialized.
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(0, 0)}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    let r = c.initialize(&["utf-16"], false, json!({"debounceMs": 0}));
    assert!(r.get("result").is_some(), "{r}");
    // A Content-Length shorter than the body: that message is lost, the next one is not.
    let body = json!({"jsonrpc": "2.0", "method": "$/nothing", "params": {"padding": "xxxxxxxxxxxxxxxx"}}).to_string();
    c.send_raw(format!("Content-Length: {}\r\n\r\n{}", body.len() - 10, body).as_bytes());
    // A Content-Length no editor would send: refused at once, not waited for.
    c.send_raw(b"Content-Length: 99999999999999\r\n\r\n{}");
    c.open(URI, "markdown", 1, STORY);
    assert_eq!(c.diagnostics(URI, 1).len(), 3, "still serving");
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos(2, 2)}));
    assert!(r["result"]["contents"]["value"].as_str().is_some_and(|v| v.contains("Islamic State")), "{r}");
    assert!(c.logged("refused"));
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn three_thousand_rapid_edits_and_a_binary_document_leave_the_text_exact() {
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    // 3,000 one-character edits as fast as the pipe takes them, no debounce: inserts at
    // pseudo-random places of the last line (ASCII, Cyrillic, emoji), and deletions.
    let mut expected: Vec<u16> = STORY.encode_utf16().collect();
    let last_line_start = STORY.trim_end_matches('\n').rfind('\n').map_or(0, |i| i + 1);
    let line_no = STORY[..last_line_start].matches('\n').count() as u32;
    let base: usize = STORY[..last_line_start].encode_utf16().count();
    let mut seed: u64 = 7;
    for v in 2..3002 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let line_len = expected[base..].iter().position(|&u| u == u16::from(b'\n')).unwrap_or(expected.len() - base);
        let mut col = (seed as usize) % (line_len + 1);
        // Never split a surrogate pair: move to the start of the character.
        if col > 0 && col < line_len && (0xDC00..0xE000).contains(&expected[base + col]) {
            col -= 1;
        }
        if seed % 5 == 0 && col < line_len {
            let width = if (0xD800..0xDC00).contains(&expected[base + col]) { 2 } else { 1 };
            expected.drain(base + col..base + col + width);
            c.change(URI, v, json!([{"range": range(line_no, col as u32, line_no, (col + width) as u32), "text": ""}]));
        } else {
            let text = ["a", "Ж", "😀", " ", "ISIL"][(seed >> 8) as usize % 5];
            expected.splice(base + col..base + col, text.encode_utf16());
            c.change(URI, v, json!([{"range": range(line_no, col as u32, line_no, col as u32), "text": text}]));
        }
    }
    let expected = String::from_utf16(&expected).unwrap();
    let published = c.diagnostics(URI, 3001);
    assert!(!published.is_empty());
    assert_eq!(c.server_text(URI).as_deref(), Some(expected.as_str()), "the server's text after 3,000 edits");
    // A binary file opened as text (NULs, control characters, no words): checked, not fatal.
    let binary: String = (0u32..4096).map(|i| char::from_u32((i * 7919) % 0x2FF).unwrap_or('\u{0}')).collect();
    let bin_uri = "file:///tmp/copydesk-lsp-test/picture.md";
    c.open(bin_uri, "markdown", 1, &binary);
    let _ = c.diagnostics(bin_uri, 1);
    assert_eq!(c.server_text(bin_uri).as_deref(), Some(binary.as_str()));
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": bin_uri}, "position": pos(0, 5)}));
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn a_fifty_megabyte_document_is_handled_without_blocking_other_requests() {
    let mut c = started(&["utf-16"]);
    let line = "let caption = \"Kiev 😀 ISIL\"; // a long code listing inside the story\n";
    let mut big = String::from("Islamic State (ISIS) fighters left. Later ISIL units returned.\n\n```\n");
    while big.len() < 50_000_000 {
        big.push_str(line);
    }
    big.push_str("```\n");
    let small = "file:///tmp/copydesk-lsp-test/small.md";
    c.open(small, "markdown", 1, "Kyiv and Kiev.\n");
    c.diagnostics(small, 1);
    let big_uri = "file:///tmp/copydesk-lsp-test/big.md";
    c.open(big_uri, "markdown", 1, &big);
    // While the big one is analysed, requests about another document are answered.
    let started = std::time::Instant::now();
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": small}, "position": pos(0, 10)}));
    assert!(r["result"]["contents"]["value"].as_str().unwrap().contains("Kyiv"), "{r}");
    assert!(started.elapsed() < Duration::from_secs(25), "{:?}", started.elapsed());
    c.change(big_uri, 2, json!([{"range": range(0, 0, 0, 0), "text": "Kyiv. "}]));
    let m = c
        .wait_within(
            |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == big_uri && m["params"]["version"] == 2,
            Duration::from_secs(240),
        )
        .expect("diagnostics for the big document");
    assert_eq!(codes(m["params"]["diagnostics"].as_array().unwrap()), vec!["inconsistent-name"]);
    let status = c.request("copydesk/status", Value::Null);
    let bytes = status["result"]["documents"].as_array().unwrap().iter().find(|d| d["uri"] == big_uri).unwrap()["bytes"].as_u64().unwrap();
    assert_eq!(bytes as usize, big.len() + "Kyiv. ".len());
    assert_eq!(c.stop(), Some(0));
}

/// A memory figure of the server process, in MB (Linux: /proc/PID/status).
fn proc_mb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb / 1024)
}

/// Two hundred open 100 KB stories, each dense with names (about 800 diagnostics, a megabyte
/// of JSON each): the server used to keep every analysis (ten times its text) and queue every
/// notification the editor had not read yet, 270–320 MB here. It keeps the analyses of the
/// documents used last, and waits to queue more than 8 MB: under 100 MB resident once they are
/// all published (92 in the debug build when measured), and the peak well under the old figure.
#[test]
fn two_hundred_open_long_stories_stay_under_a_hundred_megabytes() {
    if proc_mb(std::process::id(), "VmRSS:").is_none() {
        return; // no /proc: not Linux
    }
    let mut c = started(&["utf-16"]);
    c.keep_history = false;
    let para = "Officials said Islamic State (ISIS) fighters left the town on Sunday. Later ISIL units returned to the border. The council in Kiev met on Tuesday to discuss the new bridge.\n\n";
    let text: String = para.repeat(100_000 / para.len() + 1);
    for i in 0..200 {
        c.open(&format!("file:///tmp/copydesk-lsp-test/story{i}.md"), "markdown", 1, &text);
    }
    for i in 0..200 {
        let d = c.diagnostics(&format!("file:///tmp/copydesk-lsp-test/story{i}.md"), 1);
        assert!(d.len() > 500, "{}", d.len());
    }
    let pid = c.pid();
    let (rss, peak) = (proc_mb(pid, "VmRSS:").unwrap(), proc_mb(pid, "VmHWM:").unwrap());
    eprintln!("200 open 100 KB stories: VmRSS {rss} MB, VmHWM {peak} MB");
    assert!(rss < 100, "resident {rss} MB");
    assert!(peak < 160, "peak {peak} MB");
    // Every analysis can still be had: a hover on the first story, analysed again from its parts.
    let r = c
        .request("textDocument/hover", json!({"textDocument": {"uri": "file:///tmp/copydesk-lsp-test/story0.md"}, "position": pos(0, 25)}));
    assert!(r["result"]["contents"]["value"].as_str().is_some_and(|v| v.contains("Islamic State")), "{r}");
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn nothing_but_protocol_on_stdout_even_at_trace_level() {
    let mut c = Client::start(&["--log-level", "trace"]);
    c.initialize(&["utf-16"], false, json!({"debounceMs": 0}));
    c.open(URI, "markdown", 1, STORY);
    c.diagnostics(URI, 1);
    c.change("file:///never-opened.md", 2, json!([{"text": "x"}]));
    c.drain_for(Duration::from_millis(200));
    // Logs reach the editor and stderr; the reader panics on anything else on stdout.
    assert!(!c.seen_of("window/logMessage").is_empty());
    assert!(c.stderr.lock().unwrap().contains("copydesk ["));
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn a_bad_log_level_is_refused() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk")).args(["lsp", "--log-level", "chatty"]).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn shutdown_then_exit_ends_with_status_zero_and_exit_alone_with_one() {
    let c = started(&["utf-16"]);
    assert_eq!(c.stop(), Some(0));
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_status(), Some(1));
    // The editor goes away without a word (end of input): the server ends too.
    let mut c = started(&["utf-16"]);
    c.open(URI, "markdown", 1, STORY);
    c.diagnostics(URI, 1);
    assert_eq!(c.close_input(), Some(1));
    let mut c = started(&["utf-16"]);
    let r = c.request("shutdown", Value::Null);
    assert!(r.get("error").is_none());
    assert_eq!(c.close_input(), Some(0), "shutdown was asked for");
}

#[test]
fn in_a_pull_session_a_configuration_change_asks_the_editor_to_pull_again() {
    let mut p = Project::new(STORY);
    p.write("copydesk.toml", "");
    let uri = p.uri("story.md");
    let mut c = Client::start(&[]);
    c.initialize(&["utf-16"], true, json!({"debounceMs": 0}));
    c.open(&uri, "markdown", 1, STORY);
    let r = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    assert_eq!(r["result"]["items"].as_array().unwrap().len(), 3);
    let id = r["result"]["resultId"].as_str().unwrap().to_string();
    p.write("copydesk.toml", "[rules]\nunattributed-quote = \"off\"\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": p.uri("copydesk.toml"), "type": 2}]}));
    c.wait(|m| m["method"] == "workspace/diagnostic/refresh").expect("a refresh request");
    let r = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}, "previousResultId": id}));
    assert_eq!(r["result"]["kind"], "full", "the configuration changed: {r}");
    assert_eq!(codes(r["result"]["items"].as_array().unwrap()), vec!["inconsistent-name", "inconsistent-name"]);
    assert_eq!(c.stop(), Some(0));
}
