//! The rules, one file each. A rule's documentation is the doc comment in its file, and the
//! same text is what `copydesk explain RULE` prints and what the README's rule section shows.

use crate::analysis::Analysis;
use crate::config::Config;
use crate::finding::{Finding, Severity};

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

pub use crate::finding::Rule;

/// The documentation side of a rule: its text lives in the rule's own file.
impl Rule {
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
