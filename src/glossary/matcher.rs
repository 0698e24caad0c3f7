//! Finds every glossary name in a text in one pass: one Aho-Corasick automaton for the
//! case-sensitive names (acronyms such as ISIS, IS, IG) and one, ASCII-case-insensitive, for
//! the rest. Matches respect word boundaries; apostrophe variants (' and ’) are both found.

use super::Entity;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// A name found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

#[derive(Debug)]
pub struct Matcher {
    exact: Option<AhoCorasick>,
    exact_ids: Vec<usize>,
    folded: Option<AhoCorasick>,
    folded_ids: Vec<usize>,
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
        let (mut exact, mut exact_ids, mut folded, mut folded_ids) = (vec![], vec![], vec![], vec![]);
        for (i, e) in entities.iter().enumerate() {
            for name in e.names() {
                if name.trim().is_empty() {
                    continue;
                }
                for v in variants(name) {
                    if e.is_case_sensitive(name) {
                        exact.push(v);
                        exact_ids.push(i);
                    } else {
                        folded.push(v);
                        folded_ids.push(i);
                    }
                }
            }
        }
        let build = |pats: &[String], ci: bool| {
            (!pats.is_empty()).then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(ci)
                    .build(pats)
                    .expect("glossary automaton")
            })
        };
        Matcher { exact: build(&exact, false), exact_ids, folded: build(&folded, true), folded_ids }
    }

    /// Every name in `text` at word boundaries, sorted, without overlaps (longest wins).
    pub fn find(&self, text: &str) -> Vec<RawMatch> {
        let mut out = Vec::new();
        for (ac, ids) in [(&self.exact, &self.exact_ids), (&self.folded, &self.folded_ids)] {
            let Some(ac) = ac else { continue };
            for m in ac.find_iter(text) {
                if at_word_boundary(text, m.start(), m.end()) {
                    out.push(RawMatch { start: m.start(), end: m.end(), entity: ids[m.pattern().as_usize()] });
                }
            }
        }
        out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut kept: Vec<RawMatch> = Vec::with_capacity(out.len());
        for m in out {
            if kept.last().is_none_or(|k| m.start >= k.end) {
                kept.push(m);
            }
        }
        kept
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
