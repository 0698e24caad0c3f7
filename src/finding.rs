//! What the core reports: findings with byte ranges, severities and fixes as text edits.

use serde::Serialize;

/// How much a finding matters. Ordered from most to least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    /// Parses `error`, `warning`, `information` (or `info`), `hint`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Replace the bytes `start..end` of the original text with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub new_text: String,
}

/// A proposed change: one or more edits that belong together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

/// Another place in the text that explains a finding (e.g. the other names of an entity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// One problem found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

/// The union of the safe fixes of `findings` ("fix all"): the first fix of each finding,
/// spelling out acronyms before renaming, without overlapping edits. Returns the fixed text and
/// the edits applied, in text order.
pub fn fix_all(text: &str, findings: &[Finding]) -> (String, Vec<Edit>) {
    let mut ordered: Vec<&Finding> = findings.iter().filter(|f| !f.fixes.is_empty()).collect();
    ordered.sort_by_key(|f| (f.rule != Rule::UndefinedAcronym, f.start));
    let edits: Vec<Edit> = ordered.iter().flat_map(|f| f.fixes[0].edits.iter().cloned()).collect();
    apply_edits(text, &edits)
}

/// Applies non-overlapping edits to `text`. Edits are sorted here; an edit that overlaps one
/// already taken (in the given order of priority) is skipped. Returns the new text and the
/// edits actually applied, in text order.
pub fn apply_edits(text: &str, edits: &[Edit]) -> (String, Vec<Edit>) {
    let chosen = non_overlapping(edits);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in &chosen {
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.new_text);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    (out, chosen)
}

/// Keeps edits in priority order (the order given), dropping any that overlap or touch the
/// same insertion point as one already kept, and returns the kept ones sorted by position.
pub fn non_overlapping(edits: &[Edit]) -> Vec<Edit> {
    let mut kept: Vec<Edit> = Vec::new();
    for e in edits {
        let clash = kept.iter().any(|k| {
            (e.start < k.end && k.start < e.end) || (e.start == k.start) || (e.end == k.end && e.start < e.end && k.start < k.end)
        });
        if !clash && e.start <= e.end {
            kept.push(e.clone());
        }
    }
    kept.sort_by_key(|e| (e.start, e.end));
    kept
}

/// A rule; its id is part of the interface (config keys, diagnostics codes, JSON output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    UnattributedQuote,
    UnbalancedQuote,
    InconsistentName,
    UndefinedAcronym,
    NameSpelling,
    UnexplainedAcronym,
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl Rule {
    pub const ALL: [Rule; 6] = [
        Rule::UnattributedQuote,
        Rule::UnbalancedQuote,
        Rule::InconsistentName,
        Rule::UndefinedAcronym,
        Rule::NameSpelling,
        Rule::UnexplainedAcronym,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::UnattributedQuote => "unattributed-quote",
            Rule::UnbalancedQuote => "unbalanced-quote",
            Rule::InconsistentName => "inconsistent-name",
            Rule::UndefinedAcronym => "undefined-acronym",
            Rule::NameSpelling => "name-spelling",
            Rule::UnexplainedAcronym => "unexplained-acronym",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id.trim())
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::UnattributedQuote | Rule::InconsistentName | Rule::UnbalancedQuote | Rule::UndefinedAcronym | Rule::NameSpelling => {
                Severity::Warning
            }
            Rule::UnexplainedAcronym => Severity::Hint,
        }
    }

    /// Whether the rule runs when the configuration says nothing of it.
    pub fn on_by_default(self) -> bool {
        self != Rule::UnexplainedAcronym
    }

    /// Where the rule's documentation lives online (for `codeDescription`, SARIF `helpUri`).
    pub fn url(self) -> String {
        format!("https://github.com/copydesk/copydesk/blob/main/docs/rules.md#{}", self.id())
    }
}
