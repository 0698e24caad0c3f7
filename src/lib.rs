//! copydesk: a checker for news copy.
//!
//! The core is pure: text and [`Config`] in, [`Finding`]s out (rule id, byte range, severity,
//! message, fixes as text edits). No I/O, no async, no editor protocol in it. The command line
//! ([`cli`]) and the language server ([`lsp`]) are thin adapters over [`analyze`] and
//! [`rules::run`]; [`project`] finds and reads configuration files for both.
//!
//! ```
//! use copydesk::{check, Config, Markup};
//! let text = "Islamic State (ISIS) fighters withdrew. Later ISIL units regrouped.\n";
//! let findings = check(text, Markup::Plain, &Config::default());
//! assert_eq!(findings[0].rule.id(), "inconsistent-name");
//! assert_eq!(findings[0].fixes[0].edits[0].new_text, "ISIS");
//! ```

pub mod config;
pub mod document;
pub mod error;
pub mod finding;
pub mod glossary;
pub mod hover;
pub mod incremental;
pub mod names;
pub mod prose;
pub mod quotes;
pub mod rules;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;

/// A seeded xorshift for the unit tests that try thousands of generated texts: `next(n)` is a
/// number below `n`, the same sequence on every run.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

// Adapters and their I/O helpers.
pub mod cli;
pub mod lsp;
pub mod project;

pub use config::{Config, ConfigError, ConfigFile};
pub use finding::Rule;
pub use finding::{Edit, Finding, Fix, Related, Severity};
pub use prose::Markup;

use names::Names;
use prose::Prose;
use quotes::Quotes;

/// Everything the core knows about one text, computed once and shared by all rules and hover.
#[derive(Debug, Clone)]
pub struct Analysis<'a> {
    text: &'a str,
    pub markup: Markup,
    pub prose: Prose,
    pub quotes: Quotes,
    pub names: Names,
    /// The `name-spelling` rule's surnames, when they were collected part by part (the
    /// language server's [`incremental`] analysis keeps them per part); `None`: the rule
    /// collects them from the whole text.
    pub(crate) name_words: Option<rules::name_spelling::Words>,
}

impl<'a> Analysis<'a> {
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// Analyses a text: prose, quotations and their attribution, names.
pub fn analyze<'a>(text: &'a str, markup: Markup, cfg: &Config) -> Analysis<'a> {
    let prose = Prose::with_names(text, markup, Some(cfg.glossary.matcher()));
    let quotes = Quotes::analyze(&prose, &cfg.lexicon, cfg.context);
    let names = Names::analyze(&prose, &quotes, cfg);
    Analysis { text, markup, prose, quotes, names, name_words: None }
}

/// Analyses a text and runs every enabled rule.
pub fn check(text: &str, markup: Markup, cfg: &Config) -> Vec<Finding> {
    rules::run(&analyze(text, markup, cfg), cfg)
}

/// The union of the safe fixes of `findings` ("fix all"): the first fix of each finding,
/// spelling out acronyms before renaming, without overlapping edits. Returns the fixed text and
/// the edits applied, in text order.
pub fn fix_all(text: &str, findings: &[Finding]) -> (String, Vec<Edit>) {
    let mut ordered: Vec<&Finding> = findings.iter().filter(|f| !f.fixes.is_empty()).collect();
    ordered.sort_by_key(|f| (f.rule != Rule::UndefinedAcronym, f.start));
    let edits: Vec<Edit> = ordered.iter().flat_map(|f| f.fixes[0].edits.iter().cloned()).collect();
    finding::apply_edits(text, &edits)
}
