//! Output formats: human (rustc/ruff style), JSON, SARIF 2.1.0, GitHub workflow commands.
//! Deterministic: the same input gives the same bytes.

use crate::document::LineIndex;
use crate::finding::Rule;
use crate::finding::{Finding, Severity};
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Write;

/// The result of checking one file.
#[derive(Debug)]
pub struct FileReport {
    pub path: String,
    /// The text the findings refer to (after fixes, when fixing).
    pub text: String,
    pub findings: Vec<Finding>,
    /// Number of edits applied by --fix.
    pub fixed: usize,
    /// With --fix on standard input: the fixed text, printed after the report.
    pub stdin_fixed: Option<String>,
}

/// 1-based (line, column in characters) of byte offsets of one text. A column is counted from
/// the nearest earlier position asked for on the same line, not from the line's start: a long
/// line (a paragraph of plain text is one line) with a finding every few words would otherwise
/// count its characters once per finding, a cost quadratic in its length. Findings come in
/// order of position; four cursors follow their starts, ends and related places.
struct Positions<'t> {
    text: &'t str,
    idx: LineIndex,
    cursors: std::cell::Cell<[Cursor; 4]>,
    clock: std::cell::Cell<u64>,
    /// Bytes counted so far (for the test of the cost).
    #[cfg(test)]
    walked: std::cell::Cell<usize>,
}

#[derive(Clone, Copy, Default)]
struct Cursor {
    line: usize,
    at: usize,
    col: usize,
    used: u64,
}

impl<'t> Positions<'t> {
    fn new(text: &'t str) -> Positions<'t> {
        Positions {
            text,
            idx: LineIndex::new(text),
            cursors: Default::default(),
            clock: Default::default(),
            #[cfg(test)]
            walked: Default::default(),
        }
    }

    fn pos(&self, offset: usize) -> (usize, usize) {
        let offset = crate::document::floor_char_boundary(self.text, offset);
        let line = self.idx.line_of(offset);
        let line_start = self.idx.line_start(line).unwrap_or(0);
        let mut cursors = self.cursors.get();
        let base = cursors
            .iter()
            .filter(|c| c.used > 0 && c.line == line && c.at <= offset)
            .max_by_key(|c| c.at)
            .map_or((line_start, 0), |c| (c.at, c.col));
        let col = base.1 + self.text[base.0..offset].chars().count();
        #[cfg(test)]
        self.walked.set(self.walked.get() + (offset - base.0));
        let now = self.clock.get() + 1;
        self.clock.set(now);
        let lru = (0..cursors.len()).min_by_key(|&i| cursors[i].used).unwrap_or(0);
        cursors[lru] = Cursor { line, at: offset, col, used: now };
        self.cursors.set(cursors);
        (line + 1, col + 1)
    }
}

/// Lines longer than this (in bytes) are shown as a window around the finding, as rustc and
/// ruff do: a paragraph of plain text on one line, printed whole under each of its findings,
/// made the report quadratic in the paragraph's length (416 KB: 2.5 GB of output).
const SHOWN: usize = 120;
/// Characters shown before the finding in a window.
const BEFORE: usize = 40;

pub fn human(reports: &[FileReport], errors: &[(String, String)], fixing: bool) -> String {
    let mut s = String::new();
    let (mut e, mut w, mut i, mut fixable, mut fixed) = (0, 0, 0, 0, 0);
    for r in reports {
        let idx = Positions::new(&r.text);
        fixed += r.fixed;
        for f in &r.findings {
            match f.severity {
                Severity::Error => e += 1,
                Severity::Warning => w += 1,
                _ => i += 1,
            }
            if !f.fixes.is_empty() {
                fixable += 1;
            }
            let (line, col) = idx.pos(f.start);
            // Written in place: a long manuscript has thousands of findings, and a `format!`
            // and a `repeat` for each piece of each were a tenth of checking it.
            let _ = writeln!(s, "{}:{}:{}: {}[{}] {}", r.path, line, col, f.severity.as_str(), f.rule.id(), f.message);
            // The source line with a caret under the finding (to the line's end if it spans
            // lines); a long line as a window of it around the finding, `…` where it is cut.
            let ls = idx.idx.line_start(line - 1).unwrap_or(0);
            let le = idx.idx.line_end(&r.text, line - 1);
            let start = crate::document::floor_char_boundary(&r.text, f.start).clamp(ls, le);
            let (ws, we, caret) = if le - ls <= SHOWN {
                (ls, le, col - 1)
            } else {
                let ws = r.text[ls..start].char_indices().rev().take(BEFORE).last().map_or(start, |(i, _)| ls + i);
                let before = r.text[ws..start].chars().count();
                let we = r.text[start..le].char_indices().nth(SHOWN - before).map_or(le, |(i, _)| start + i);
                (ws, we, before + usize::from(ws > ls))
            };
            let gutter = line.ilog10() as usize + 1;
            let width = r.text[start..f.end.clamp(start, we)].chars().count().max(1);
            push_run(&mut s, b' ', gutter);
            let _ = write!(s, " |\n{} | ", line);
            if ws > ls {
                s.push('…');
            }
            s.push_str(&r.text[ws..we]);
            if we < le {
                s.push('…');
            }
            s.push('\n');
            push_run(&mut s, b' ', gutter);
            s.push_str(" | ");
            push_run(&mut s, b' ', caret);
            push_run(&mut s, b'^', width);
            s.push('\n');
            if let Some(fix) = f.fixes.first() {
                push_run(&mut s, b' ', gutter);
                let _ = writeln!(s, " = fix: {}", fix.title);
            }
            s.push('\n');
        }
        if fixing && r.fixed > 0 {
            s.push_str(&format!("{}: fixed {} problem{}\n", r.path, r.fixed, if r.fixed == 1 { "" } else { "s" }));
        }
    }
    for (p, m) in errors {
        s.push_str(&format!("{}: error: {}\n", p, m));
    }
    let total = e + w + i;
    let files = reports.len();
    if total == 0 {
        s.push_str(&format!("No problems found in {} file{}.", files, if files == 1 { "" } else { "s" }));
    } else {
        s.push_str(&format!(
            "Found {} problem{} ({} error{}, {} warning{}, {} information) in {} file{}.",
            total,
            if total == 1 { "" } else { "s" },
            e,
            if e == 1 { "" } else { "s" },
            w,
            if w == 1 { "" } else { "s" },
            i,
            files,
            if files == 1 { "" } else { "s" }
        ));
        if fixable > 0 && !fixing {
            s.push_str(&format!(" {} fixable with `copydesk check --fix`.", fixable));
        }
    }
    if fixing {
        s.push_str(&format!(" Fixed {}.", fixed));
    }
    if !errors.is_empty() {
        s.push(' ');
        s.push_str(&unread_summary(errors.len()));
    }
    s.push('\n');
    s
}

/// The summary's word on inputs that failed: they count as errors (exit status 1).
pub fn unread_summary(n: usize) -> String {
    format!("{} input{} could not be read or fixed (see the errors above).", n, if n == 1 { "" } else { "s" })
}

/// Appends `n` copies of the ASCII byte `b`, a block at a time: the padding under a finding in
/// a long paragraph is hundreds of spaces, which the formatter's `{:n$}` and a character
/// iterator write one by one.
fn push_run(s: &mut String, b: u8, n: usize) {
    let block = [b; 64];
    // Not `unwrap_or_default`: an empty block would never use up `n`.
    let block = std::str::from_utf8(&block).expect("push_run repeats an ASCII byte");
    let mut left = n;
    while left > 0 {
        let k = left.min(block.len());
        s.push_str(&block[..k]);
        left -= k;
    }
}

// The JSON report, written from the findings through these borrowed types: building a
// `serde_json::Value` tree of a manuscript's thousands of findings first took three times as
// long as checking it. Fields are declared in alphabetical order, the order of the report as it
// has always been written (a test holds every level of it to that order).

#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: Vec<JsonError<'a>>,
    files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    message: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    diagnostics: Vec<JsonFinding<'a>>,
    path: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    column: usize,
    end: usize,
    end_column: usize,
    end_line: usize,
    fixes: Vec<JsonFix<'a>>,
    line: usize,
    message: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    related: Vec<JsonRelated<'a>>,
    rule: &'static str,
    severity: &'static str,
    start: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    edits: Vec<JsonEdit<'a>>,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    end: usize,
    new_text: &'a str,
    start: usize,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    column: usize,
    end: usize,
    line: usize,
    message: &'a str,
    start: usize,
}

fn finding_json<'a>(f: &'a Finding, text: &'a str, idx: &Positions) -> JsonFinding<'a> {
    let (line, column) = idx.pos(f.start);
    let (end_line, end_column) = idx.pos(f.end);
    JsonFinding {
        column,
        end: f.end,
        end_column,
        end_line,
        fixes: f
            .fixes
            .iter()
            .map(|x| JsonFix {
                edits: x.edits.iter().map(|e| JsonEdit { end: e.end, new_text: &e.new_text, start: e.start }).collect(),
                title: &x.title,
            })
            .collect(),
        line,
        message: &f.message,
        related: f
            .related
            .iter()
            .map(|r| {
                let (line, column) = idx.pos(r.start);
                JsonRelated { column, end: r.end, line, message: &r.message, start: r.start }
            })
            .collect(),
        rule: f.rule.id(),
        severity: f.severity.as_str(),
        start: f.start,
        text: &text[f.start..f.end],
    }
}

pub fn json(reports: &[FileReport], errors: &[(String, String)]) -> String {
    let files = reports
        .iter()
        .map(|r| {
            let idx = Positions::new(&r.text);
            JsonFile { diagnostics: r.findings.iter().map(|f| finding_json(f, &r.text, &idx)).collect(), path: &r.path }
        })
        .collect();
    let report = JsonReport { errors: errors.iter().map(|(path, message)| JsonError { message, path }).collect(), files };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "note",
        Severity::Hint => "note",
    }
}

fn uri(path: &str) -> String {
    let p = path.strip_prefix("./").unwrap_or(path);
    p.replace('\\', "/").replace(' ', "%20")
}

pub fn sarif(reports: &[FileReport]) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "name": r.id().split('-').map(|w| { let mut c = w.chars(); c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default() }).collect::<String>(),
                "shortDescription": {"text": r.summary()},
                "fullDescription": {"text": r.doc()},
                "help": {"text": r.doc(), "markdown": r.doc()},
                "helpUri": r.url(),
                "defaultConfiguration": {"level": sarif_level(r.default_severity())},
            })
        })
        .collect();
    let uris: Vec<String> = reports.iter().map(|r| uri(&r.path)).collect();
    let mut results = Vec::new();
    for (r, uri) in reports.iter().zip(&uris) {
        let idx = Positions::new(&r.text);
        let location = |s: usize, e: usize| {
            let (start_line, start_column) = idx.pos(s);
            let (end_line, end_column) = idx.pos(e);
            let region = SarifRegion { end_column, end_line, snippet: SarifText { text: &r.text[s..e] }, start_column, start_line };
            SarifPhysical { artifact_location: SarifArtifact { uri }, region }
        };
        for f in &r.findings {
            results.push(SarifResult {
                fixes: f
                    .fixes
                    .iter()
                    .map(|x| SarifFix {
                        artifact_changes: [SarifChange {
                            artifact_location: SarifArtifact { uri },
                            replacements: x
                                .edits
                                .iter()
                                .map(|e| SarifReplacement {
                                    deleted_region: SarifBytes { byte_length: e.end - e.start, byte_offset: e.start },
                                    inserted_content: SarifText { text: &e.new_text },
                                })
                                .collect(),
                        }],
                        description: SarifText { text: &x.title },
                    })
                    .collect(),
                level: sarif_level(f.severity),
                locations: [SarifLocation { physical_location: location(f.start, f.end) }],
                message: SarifText { text: &f.message },
                related_locations: f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, rel)| SarifRelated {
                        id,
                        message: SarifText { text: &rel.message },
                        physical_location: location(rel.start, rel.end),
                    })
                    .collect(),
                rule_id: f.rule.id(),
                rule_index: Rule::ALL.iter().position(|x| *x == f.rule).unwrap_or(0),
            });
        }
    }
    let log = SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [SarifRun {
            column_kind: "unicodeCodePoints",
            results,
            tool: SarifTool {
                driver: SarifDriver {
                    information_uri: "https://github.com/copydesk/copydesk",
                    name: "copydesk",
                    rules,
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

// The SARIF log, written through these borrowed types (a `serde_json::Value` tree of a
// manuscript's results took six times as long as checking it), with every object's keys in
// the byte order a tree wrote them in (a test holds every level to it).

#[derive(Serialize)]
struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [SarifRun<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<'a> {
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    tool: SarifTool,
}

#[derive(Serialize)]
struct SarifTool {
    driver: SarifDriver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifDriver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<Value>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    level: &'static str,
    locations: [SarifLocation<'a>; 1],
    message: SarifText<'a>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    related_locations: Vec<SarifRelated<'a>>,
    rule_id: &'static str,
    rule_index: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    artifact_changes: [SarifChange<'a>; 1],
    description: SarifText<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifChange<'a> {
    artifact_location: SarifArtifact<'a>,
    replacements: Vec<SarifReplacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifReplacement<'a> {
    deleted_region: SarifBytes,
    inserted_content: SarifText<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifBytes {
    byte_length: usize,
    byte_offset: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    physical_location: SarifPhysical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRelated<'a> {
    id: usize,
    message: SarifText<'a>,
    physical_location: SarifPhysical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical<'a> {
    artifact_location: SarifArtifact<'a>,
    region: SarifRegion<'a>,
}

#[derive(Serialize)]
struct SarifArtifact<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion<'a> {
    end_column: usize,
    end_line: usize,
    snippet: SarifText<'a>,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
struct SarifText<'a> {
    text: &'a str,
}

/// GitHub Actions workflow commands: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
pub fn github(reports: &[FileReport], errors: &[(String, String)]) -> String {
    let esc_data = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let esc_prop = |s: &str| esc_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut s = String::new();
    for r in reports {
        let idx = Positions::new(&r.text);
        for f in &r.findings {
            let (l, c) = idx.pos(f.start);
            let (el, ec) = idx.pos(f.end);
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                _ => "notice",
            };
            s.push_str(&format!(
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                level,
                esc_prop(&r.path),
                l,
                c,
                el,
                ec,
                esc_prop(&format!("copydesk {}", f.rule.id())),
                esc_data(&f.message)
            ));
        }
    }
    for (p, m) in errors {
        s.push_str(&format!("::error file={}::{}\n", esc_prop(p), esc_data(m)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::prose::Markup;

    /// The JSON report and the SARIF log keep the order they have always had: every object's
    /// keys in alphabetical order (as a `serde_json::Value` writes them), optional lists left
    /// out when empty.
    #[test]
    fn columns_of_many_findings_on_one_long_line_cost_one_pass() {
        // A 1 MB line with a finding every 40 bytes, asked as the reports ask: each finding's
        // start, its end, and its related places (the entity's first mentions).
        let text = "Ёж ISIL — далее, and the town again.  ".repeat(25_000);
        let p = Positions::new(&text);
        let starts: Vec<usize> = text.match_indices("ISIL").map(|(i, _)| i).collect();
        for (k, &s) in starts.iter().enumerate() {
            assert_eq!(p.pos(s), (1, text[..s].chars().count() + 1));
            assert_eq!(p.pos(s + 4), (1, text[..s + 4].chars().count() + 1));
            if k % 10 == 9 {
                let back = starts[k % 5];
                assert_eq!(p.pos(back), (1, text[..back].chars().count() + 1));
            }
        }
        // Counting from the line's start each time would walk about starts × len / 2 bytes.
        let walked = p.walked.get();
        assert!(walked < 3 * text.len(), "walked {walked} bytes for a {} byte line", text.len());
    }

    #[test]
    fn the_json_report_and_the_sarif_log_are_in_alphabetical_order_at_every_level() {
        let text = "# Talks\n\nThe Islamic State (ISIS) retreated.\n\nLater ISIL fighters and Daesh regrouped, officials said.\n\n“Nobody slept.”\n\n“Unclosed\n";
        let findings = crate::check(text, Markup::Markdown, &Config::default());
        assert!(findings.iter().any(|f| !f.fixes.is_empty()) && findings.iter().any(|f| !f.related.is_empty()), "{findings:?}");
        let report = FileReport { path: "a story.md".into(), text: text.into(), findings, fixed: 0, stdin_fixed: None };
        for errors in [vec![], vec![("b.md".to_string(), "not valid UTF-8".to_string())]] {
            let written = json(std::slice::from_ref(&report), &errors);
            let value: Value = serde_json::from_str(&written).unwrap();
            assert_eq!(written, serde_json::to_string_pretty(&value).unwrap() + "\n");
            assert_eq!(value.get("errors").is_some(), !errors.is_empty());
            let diagnostics = value["files"][0]["diagnostics"].as_array().unwrap();
            assert!(diagnostics.iter().any(|d| d.get("related").is_none()) && diagnostics.iter().any(|d| d["related"][0]["line"] == 3));
            assert!(diagnostics.iter().any(|d| !d["fixes"][0]["edits"][0]["new_text"].is_null()));
        }
        // The SARIF log too.
        let written = sarif(std::slice::from_ref(&report));
        let value: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(written, serde_json::to_string_pretty(&value).unwrap() + "\n");
        let results = value["runs"][0]["results"].as_array().unwrap();
        assert!(results.iter().any(|r| r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3));
        assert!(results.iter().any(|r| r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"].is_string()));
        assert!(results.iter().any(|r| r.get("fixes").is_none() && r.get("relatedLocations").is_none()));
        assert_eq!(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "a%20story.md");
    }
}
