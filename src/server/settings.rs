//! Settings from the editor (`initializationOptions`, `workspace/didChangeConfiguration`),
//! applied on top of the project's `copydesk.toml`.

use crate::config::{Config, RuleSetting};
use crate::rules::Rule;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Rule → setting, overriding the project's configuration.
    pub severity: BTreeMap<Rule, RuleSetting>,
    /// Language ids checked.
    pub languages: Vec<String>,
    /// Delay before re-checking after an edit.
    pub debounce_ms: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { severity: BTreeMap::new(), languages: vec!["markdown".into(), "plaintext".into(), "text".into()], debounce_ms: 75 }
    }
}

impl Settings {
    /// Reads settings from a JSON value, either the object itself or one under a `copydesk`
    /// key. Unknown keys are ignored; bad values are reported in the returned messages.
    pub fn from_json(v: &Value) -> (Settings, Vec<String>) {
        let mut s = Settings::default();
        let mut problems = Vec::new();
        let obj = v.get("copydesk").unwrap_or(v);
        if let Some(map) = obj.get("severity").and_then(Value::as_object) {
            for (k, val) in map {
                match (Rule::from_id(k), val.as_str().and_then(RuleSetting::parse)) {
                    (Some(r), Some(set)) => {
                        s.severity.insert(r, set);
                    }
                    (None, _) => problems.push(format!("settings: unknown rule `{}`", k)),
                    (_, None) => problems.push(format!("settings: `{}` for `{}` is not error, warning, information, hint or off", val, k)),
                }
            }
        }
        if let Some(langs) = obj.get("languages").and_then(Value::as_array) {
            let l: Vec<String> = langs.iter().filter_map(|x| x.as_str().map(str::to_string)).collect();
            if !l.is_empty() {
                s.languages = l;
            }
        }
        if let Some(ms) = obj.get("debounceMs").and_then(Value::as_u64) {
            s.debounce_ms = ms.min(5_000);
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
}
