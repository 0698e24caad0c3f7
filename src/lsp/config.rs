//! Configuration as the server sees it: the editor's settings (`initializationOptions`,
//! `workspace/didChangeConfiguration`, `workspace/configuration`) applied on top of the
//! project's `copydesk.toml`, and what to show when that file is broken.

use super::convert::Conv;
use crate::config::{Config, ConfigError, RuleSetting};
use crate::document::{Encoding, LineIndex};
use crate::finding::Rule;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Uri};

/// How diagnostics reach the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticMode {
    /// Pull when the client announces `textDocument.diagnostic`, else push.
    Auto,
    Push,
    Pull,
}

/// The editor's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Rule → setting, on top of the project's `[rules]`.
    pub severity: BTreeMap<Rule, RuleSetting>,
    /// Language ids that are checked; documents in other languages are ignored.
    pub languages: Vec<String>,
    /// Delay before re-checking after an edit (a burst of keystrokes is checked once).
    pub debounce_ms: u64,
    pub diagnostic_mode: DiagnosticMode,
}

pub const DEFAULT_DEBOUNCE_MS: u64 = 75;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            severity: BTreeMap::new(),
            languages: vec!["markdown".into(), "plaintext".into(), "text".into()],
            debounce_ms: DEFAULT_DEBOUNCE_MS,
            diagnostic_mode: DiagnosticMode::Auto,
        }
    }
}

const KEYS: [&str; 4] = ["severity", "languages", "debounceMs", "diagnosticMode"];

impl Settings {
    /// The settings object inside `v`: `v` itself or `v.copydesk`; `None` when neither holds
    /// a known key (e.g. `null`, which clients send to say "ask me").
    pub fn find(v: &Value) -> Option<&Value> {
        let has = |o: &Value| o.as_object().is_some_and(|m| KEYS.iter().any(|k| m.contains_key(*k)));
        match v.get("copydesk") {
            Some(inner) if inner.is_object() => Some(inner),
            _ if has(v) => Some(v),
            _ => None,
        }
    }

    /// Reads settings from `v` (see [`find`](Self::find)); missing keys keep their defaults,
    /// bad values are skipped and described in the returned messages.
    pub fn from_json(v: &Value) -> (Settings, Vec<String>) {
        Settings::default().merged(v)
    }

    /// These settings with the keys present in `v` replaced.
    pub fn merged(&self, v: &Value) -> (Settings, Vec<String>) {
        let mut s = self.clone();
        let mut problems = Vec::new();
        let Some(obj) = Settings::find(v) else { return (s, problems) };
        match obj.get("severity") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                s.severity.clear();
                for (k, val) in map {
                    match (Rule::from_id(k), val.as_str().and_then(RuleSetting::parse)) {
                        (Some(r), Some(set)) => {
                            s.severity.insert(r, set);
                        }
                        (None, _) => problems.push(format!("settings: `severity` names an unknown rule `{}`", k)),
                        (_, None) => {
                            problems.push(format!("settings: `{}` for `{}` is not error, warning, information, hint or off", val, k))
                        }
                    }
                }
            }
            Some(other) => problems.push(format!("settings: `severity` must be an object of rule → level, not {}", other)),
        }
        match obj.get("languages") {
            None | Some(Value::Null) => {}
            Some(Value::Array(langs)) => {
                let l: Vec<String> = langs.iter().filter_map(|x| x.as_str().map(str::to_string)).collect();
                if l.len() != langs.len() {
                    problems.push("settings: `languages` must be a list of language ids (strings)".into());
                }
                s.languages = l;
            }
            Some(other) => problems.push(format!("settings: `languages` must be a list of language ids, not {}", other)),
        }
        match obj.get("debounceMs") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_u64() {
                Some(ms) => s.debounce_ms = ms.min(5_000),
                None => problems.push(format!("settings: `debounceMs` must be a whole number of milliseconds, not {}", v)),
            },
        }
        match obj.get("diagnosticMode").map(|v| (v, v.as_str())) {
            None | Some((Value::Null, _)) => {}
            Some((_, Some("auto"))) => s.diagnostic_mode = DiagnosticMode::Auto,
            Some((_, Some("push"))) => s.diagnostic_mode = DiagnosticMode::Push,
            Some((_, Some("pull"))) => s.diagnostic_mode = DiagnosticMode::Pull,
            Some((v, _)) => problems.push(format!("settings: `diagnosticMode` must be auto, push or pull, not {}", v)),
        }
        (s, problems)
    }

    /// The project's configuration with the editor's rule settings on top.
    pub fn apply(&self, cfg: &Config) -> Config {
        let mut c = cfg.clone();
        for (r, set) in &self.severity {
            c.rules.insert(*r, *set);
        }
        c
    }

    pub fn checks(&self, language: &str) -> bool {
        self.languages.iter().any(|l| l == language)
    }
}

/// Where to show a configuration problem: the file it is in (a glossary file, or the
/// `copydesk.toml` that was loaded), as a diagnostic spanning the rest of the line.
pub fn problem_diagnostic(err: &ConfigError, config: &Path, enc: Encoding) -> Option<(Uri, Diagnostic)> {
    let file: PathBuf =
        err.file.as_ref().map(PathBuf::from).filter(|p| p.is_absolute() && p.is_file()).unwrap_or_else(|| config.to_path_buf());
    let uri = Uri::from_file_path(&file)?;
    let text = crate::project::read_text(&file).unwrap_or_default();
    let lines = LineIndex::new(&text);
    // ConfigError counts lines from 1 and columns in characters from 1.
    let line = err.line.unwrap_or(1).saturating_sub(1);
    let start_byte = lines.offset(&text, line, err.column.unwrap_or(1).saturating_sub(1), Encoding::Utf32);
    let end_byte = if line < lines.line_count() { lines.line_end(&text, line) } else { text.len() };
    let diagnostic = Diagnostic {
        range: Conv { text: &text, lines: &lines, enc }.range(start_byte, end_byte),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("configuration".into())),
        source: Some("copydesk".into()),
        message: format!("{} (copydesk keeps using the last configuration that loaded)", err.message),
        ..Default::default()
    };
    Some((uri, diagnostic))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_at_the_top_or_under_copydesk() {
        let (s, p) = Settings::from_json(
            &json!({"copydesk": {"severity": {"inconsistent-name": "error", "unattributed-quote": "off"}, "languages": ["markdown", "asciidoc"], "debounceMs": 0}}),
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.severity.get(&Rule::InconsistentName), Some(&RuleSetting::On(crate::Severity::Error)));
        assert_eq!(s.severity.get(&Rule::UnattributedQuote), Some(&RuleSetting::Off));
        assert!(s.checks("asciidoc") && !s.checks("plaintext"));
        assert_eq!(s.debounce_ms, 0);
        let (t, _) = Settings::from_json(&json!({"severity": {"undefined-acronym": "hint"}, "diagnosticMode": "push"}));
        assert_eq!(t.diagnostic_mode, DiagnosticMode::Push);
        assert!(Settings::find(&Value::Null).is_none());
        assert!(Settings::find(&json!({"editor": {"tabSize": 2}})).is_none());
    }

    #[test]
    fn bad_settings_are_described_and_skipped() {
        let (s, p) = Settings::from_json(
            &json!({"severity": {"no-such-rule": "error", "inconsistent-name": "loud"}, "debounceMs": "soon", "languages": "markdown"}),
        );
        assert_eq!(s, Settings::default());
        assert_eq!(p.len(), 4, "{p:?}");
    }

    #[test]
    fn editor_severity_goes_on_top_of_the_file() {
        let file =
            crate::config::ConfigFile::parse("[rules]\ninconsistent-name = \"hint\"\nunattributed-quote = \"error\"\n", "copydesk.toml")
                .unwrap();
        let cfg = file.build(&[]).unwrap();
        let (s, _) = Settings::from_json(&json!({"severity": {"inconsistent-name": "off"}}));
        let c = s.apply(&cfg);
        assert_eq!(c.severity(Rule::InconsistentName), None);
        assert_eq!(c.severity(Rule::UnattributedQuote), Some(crate::Severity::Error));
    }
}
