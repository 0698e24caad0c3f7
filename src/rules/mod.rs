//! The rules, one file each. A rule's documentation is the doc comment in its file, and the
//! same text is what `copydesk explain RULE` prints and what the README's rule section shows.

use crate::finding::{Finding, Severity};
use crate::{Analysis, Config};
use serde::Serialize;

/// Declares a rule's documentation once: as the doc comment of `DOC` (for rustdoc) and as the
/// string `DOC` (for `copydesk explain`).
macro_rules! rule_doc {
    ($(#[doc = $doc:literal])*) => {
        $(#[doc = $doc])*
        pub const DOC: &str = concat!($($doc, "\n"),*);
    };
}

pub mod inconsistent_name;
pub mod name_spelling;
pub mod unattributed_quote;
pub mod unbalanced_quote;
pub mod undefined_acronym;
pub mod unexplained_acronym;

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

    /// The rule's documentation (Markdown), from the doc comment in its file.
    pub fn doc(self) -> String {
        let raw = match self {
            Rule::UnattributedQuote => unattributed_quote::DOC,
            Rule::UnbalancedQuote => unbalanced_quote::DOC,
            Rule::InconsistentName => inconsistent_name::DOC,
            Rule::UndefinedAcronym => undefined_acronym::DOC,
            Rule::NameSpelling => name_spelling::DOC,
            Rule::UnexplainedAcronym => unexplained_acronym::DOC,
        };
        raw.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n").trim().to_string() + "\n"
    }

    /// The first line of the documentation after the title: what the rule finds.
    pub fn summary(self) -> String {
        self.doc().lines().skip(1).map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("").to_string()
    }

    /// Where the rule's documentation lives online (for `codeDescription`, SARIF `helpUri`).
    pub fn url(self) -> String {
        format!("https://github.com/copydesk/copydesk/blob/main/docs/rules.md#{}", self.id())
    }
}

/// Runs every enabled rule over an analysis and returns findings sorted by position,
/// without those switched off inline.
pub fn run(a: &Analysis, cfg: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in Rule::ALL {
        let Some(sev) = cfg.severity(rule) else { continue };
        let before = out.len();
        match rule {
            Rule::UnattributedQuote => unattributed_quote::check(a, &mut out),
            Rule::UnbalancedQuote => unbalanced_quote::check(a, &mut out),
            Rule::InconsistentName => inconsistent_name::check(a, cfg, &mut out),
            Rule::UndefinedAcronym => undefined_acronym::check(a, cfg, &mut out),
            Rule::NameSpelling => name_spelling::check(a, cfg, &mut out),
            Rule::UnexplainedAcronym => unexplained_acronym::check(a, cfg, &mut out),
        }
        for f in &mut out[before..] {
            // Rules report at Warning; the configured severity replaces that. Findings a rule
            // reports as Information (names inside quotations) stay informational, or lower.
            if f.severity == Severity::Warning || sev > f.severity {
                f.severity = sev;
            }
        }
    }
    out.retain(|f| !a.prose.suppressions.is_suppressed(f.rule.id(), f.start));
    out.sort_by_key(|f| (f.start, f.end, f.rule));
    out
}
