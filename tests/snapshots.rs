//! Rule behaviour as reviewable snapshots: each story in `tests/fixtures/` (sentences written
//! for the project, one story per rule with cases the rule flags and cases it leaves alone) is
//! checked with every rule on, and its findings (rule, severity, the text flagged, message,
//! related places, fixes) and the text after "fix all" are compared with
//! `tests/snapshots/snapshots__<fixture>.snap`. A changed message or fix shows in review as a
//! changed snapshot file.
//!
//! After a deliberate change: `INSTA_UPDATE=always cargo test --test snapshots` (or
//! `cargo insta review`), then read the diff of the `.snap` files before committing. CI runs
//! with `INSTA_UPDATE=no`: a missing or different snapshot fails.

use copydesk::config::RuleSetting;
use copydesk::{check, fix_all, Config, Finding, Markup, Rule};
use serde::Serialize;
use std::path::Path;

/// A finding as a reviewer reads it: the flagged text instead of byte offsets.
#[derive(Serialize)]
struct Seen {
    rule: &'static str,
    severity: &'static str,
    /// Line (from 1) and the text flagged.
    line: usize,
    text: String,
    message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SeenFix>,
}

#[derive(Serialize)]
struct SeenFix {
    title: String,
    /// Each edit as `“old” → “new”` (line of the edit).
    edits: Vec<String>,
}

#[derive(Serialize)]
struct Report {
    findings: Vec<Seen>,
    /// The story after "fix all" (only when it changes).
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn seen(text: &str, f: &Finding) -> Seen {
    Seen {
        rule: f.rule.id(),
        severity: f.severity.as_str(),
        line: line_of(text, f.start),
        text: text[f.start..f.end].to_string(),
        message: f.message.clone(),
        related: f
            .related
            .iter()
            .map(|r| format!("line {}: “{}” ({})", line_of(text, r.start), &text[r.start..r.end], r.message))
            .collect(),
        fixes: f
            .fixes
            .iter()
            .map(|fix| SeenFix {
                title: fix.title.clone(),
                edits: fix
                    .edits
                    .iter()
                    .map(|e| format!("line {}: “{}” → “{}”", line_of(text, e.start), &text[e.start..e.end], e.new_text))
                    .collect(),
            })
            .collect(),
    }
}

/// The default configuration with every rule on, at its default severity.
fn every_rule() -> Config {
    let mut cfg = Config::default();
    for r in Rule::ALL {
        cfg.rules.insert(r, RuleSetting::On(r.default_severity()));
    }
    cfg
}

fn report(text: &str, cfg: &Config) -> Report {
    let findings = check(text, Markup::Markdown, cfg);
    let (fixed, _) = fix_all(text, &findings);
    Report { findings: findings.iter().map(|f| seen(text, f)).collect(), fixed: (fixed != text).then_some(fixed) }
}

#[test]
fn fixture_stories_match_their_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("tests/fixtures").map(|e| e.expect("entry").path()).collect();
    paths.retain(|p| p.extension().is_some_and(|x| x == "md"));
    paths.sort();
    let cfg = every_rule();
    let mut flagged = std::collections::BTreeSet::new();
    for path in &paths {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("a fixture's name").to_string();
        let text = std::fs::read_to_string(path).expect("a fixture story");
        let r = report(&text, &cfg);
        flagged.extend(r.findings.iter().filter(|f| f.rule == name).map(|f| f.rule));
        insta::with_settings!({ description => format!("tests/fixtures/{name}.md"), omit_expression => true }, {
            insta::assert_yaml_snapshot!(name, r);
        });
    }
    // A fixture per rule, and each flags its rule at least once.
    for r in Rule::ALL {
        assert!(flagged.contains(r.id()), "tests/fixtures/{}.md does not flag its rule", r.id());
    }
}
