//! Finds every glossary name in a text in one pass of one Aho-Corasick automaton
//! over the text in ASCII lower case. Case-sensitive names (acronyms such as ISIS, IS, IG, and names
//! listed as case-sensitive) are checked against the text's own letters when the automaton
//! finds them, so `is` is never IS. Matches respect word boundaries; apostrophe variants
//! (' and ’) are both found.
//!
//! The automaton is built on first use in one of two forms with the same matches: a compact
//! NFA, quick to build, for short texts (a story checked from the command line pays for the
//! build, not the search), and a DFA, slower to build and about twice as fast to search, for
//! long ones (a manuscript, or a language server that searches on every keystroke).

use super::Entity;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind};
use std::sync::OnceLock;

/// A name found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

/// Texts at least this long are searched with the DFA.
const DFA_FROM_BYTES: usize = 64 * 1024;

/// What a pattern of the automaton stands for: every name with that spelling up to ASCII
/// case, case-sensitive ones first (as they win over a case-insensitive name of the same
/// span), each in glossary order.
#[derive(Debug)]
struct Candidate {
    entity: usize,
    /// `Some(name)`: matched only when the text has exactly these bytes.
    exact: Option<String>,
}

#[derive(Debug)]
pub struct Matcher {
    patterns: Vec<String>,
    candidates: Vec<Vec<Candidate>>,
    nfa: OnceLock<Option<AhoCorasick>>,
    dfa: OnceLock<Option<AhoCorasick>>,
}

fn variants(name: &str) -> Vec<String> {
    let mut v = vec![name.to_string()];
    if name.contains('\'') {
        v.push(name.replace('\'', "’"));
    }
    if name.contains('’') {
        v.push(name.replace('’', "'"));
    }
    v
}

impl Matcher {
    pub fn new(entities: &[Entity]) -> Matcher {
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut candidates: Vec<Vec<Candidate>> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for name in e.names() {
                if name.trim().is_empty() {
                    continue;
                }
                for v in variants(name) {
                    let key = v.to_ascii_lowercase();
                    let k = *index.entry(key.clone()).or_insert_with(|| {
                        patterns.push(key);
                        candidates.push(Vec::new());
                        patterns.len() - 1
                    });
                    let exact = e.is_case_sensitive(name).then_some(v);
                    candidates[k].push(Candidate { entity: i, exact });
                }
            }
        }
        for c in &mut candidates {
            // Stable: glossary order within each group.
            c.sort_by_key(|c| c.exact.is_none());
        }
        Matcher { patterns, candidates, nfa: OnceLock::new(), dfa: OnceLock::new() }
    }

    fn automaton(&self, long: bool) -> Option<&AhoCorasick> {
        let (cell, kind) = if long { (&self.dfa, AhoCorasickKind::DFA) } else { (&self.nfa, AhoCorasickKind::ContiguousNFA) };
        cell.get_or_init(|| {
            (!self.patterns.is_empty()).then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(kind))
                    .build(&self.patterns)
                    .expect("glossary automaton")
            })
        })
        .as_ref()
    }

    /// Every name in `text` at word boundaries, sorted, without overlaps (leftmost, then
    /// longest wins). A match that is not a name (a case-sensitive name in other letters, or
    /// not at a word boundary) does not hide a name starting inside it.
    pub fn find(&self, text: &str) -> Vec<RawMatch> {
        let mut out = Vec::new();
        let Some(ac) = self.automaton(text.len() >= DFA_FROM_BYTES) else { return out };
        // The automaton holds the names in ASCII lower case and reads the text so: a smaller
        // automaton than an ASCII-case-insensitive one, and quicker to build.
        let lower = text.to_ascii_lowercase();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = ac.find(Input::new(&lower).range(at..).anchored(Anchored::No)) else { break };
            let (start, end) = (m.start(), m.end());
            let found = at_word_boundary(text, start, end)
                .then(|| {
                    self.candidates[m.pattern().as_usize()]
                        .iter()
                        .find(|c| c.exact.as_deref().is_none_or(|n| text.as_bytes()[start..end] == *n.as_bytes()))
                })
                .flatten();
            match found {
                Some(c) => {
                    out.push(RawMatch { start, end, entity: c.entity });
                    at = end;
                }
                // Go on from the next character, not from the end of the false match.
                None => at = start + text[start..].chars().next().map_or(1, char::len_utf8),
            }
        }
        out
    }
}

fn at_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    // A hyphen glued to a word continues it (`anti-ISIS` still names ISIS, but `IS-3` does not).
    !before.is_some_and(word)
        && !after.is_some_and(word)
        && !after.is_some_and(|c| c == '-' && text[end + 1..].starts_with(char::is_numeric))
}
