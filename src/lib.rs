//! copydesk: a checker for news copy.
//!
//! The core is pure: text and [`Config`] in, [`Finding`]s out (rule id, byte range, severity,
//! message, fixes as text edits). No I/O, no async, no editor protocol in it. The command line
//! ([`cli`]) and the language server ([`lsp`]) are thin adapters over [`analyze`] and
//! [`rules::run`]; [`project`] finds and reads configuration files for both.
//!
//! The core, bottom up (a module uses only those before it; ARCHITECTURE.md names the one
//! exception): [`text`], [`document`] → [`error`], [`finding`] → [`prose`] → [`quotes`] →
//! [`glossary`] → [`config`] → [`names`], [`surnames`] → [`analysis`] → [`rules`] → [`check`] (here),
//! [`incremental`], [`hover`]. The adapters above it: [`project`], [`cli`], [`lsp`].
//!
//! ```
//! use copydesk::{check, Config, Markup};
//! let text = "Islamic State (ISIS) fighters withdrew. Later ISIL units regrouped.\n";
//! let findings = check(text, Markup::Plain, &Config::default());
//! assert_eq!(findings[0].rule.id(), "inconsistent-name");
//! assert_eq!(findings[0].fixes[0].edits[0].new_text, "ISIS");
//! ```

// The core.
pub mod analysis;
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
pub mod surnames;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;

// Adapters and their I/O helpers.
pub mod cli;
pub mod lsp;
pub mod project;

pub use analysis::{analyze, Analysis};
pub use config::{Config, ConfigError, ConfigFile};
pub use finding::{fix_all, Edit, Finding, Fix, Related, Rule, Severity};
pub use prose::Markup;

/// Analyses a text and runs every enabled rule.
pub fn check(text: &str, markup: Markup, cfg: &Config) -> Vec<Finding> {
    rules::run(&analyze(text, markup, cfg), cfg)
}

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
