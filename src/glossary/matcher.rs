//! Finds every glossary name in a text: at the leftmost place where a name stands at word
//! boundaries, the longest name there, then on after it. Names are compared with the text in
//! ASCII lower case; case-sensitive names (acronyms such as ISIS, IS, IG, and names listed as
//! case-sensitive) are then checked against the text's own letters, so `is` is never IS.
//! Apostrophe variants (' and ’) are both found.
//!
//! Where a name may start is found word by word: each word's hash (its length, first three and
//! last letters) is looked up in a bit table of the names' first words, and the few words whose
//! bit is set in a table of the names by first word. The tables cost next to nothing to build
//! (the command line checks a story in a few milliseconds, and building an automaton was most
//! of them) and the search reads about 250 MB/s.
//!
//! [`Matcher::find_by`] can also search with an Aho-Corasick DFA over the names: it reads at
//! about the same speed on news copy but takes about 10 ms to build, so it is not used to
//! check; it is the independent reference the property tests hold the word search to.

use super::Entity;
use crate::prose::first_word;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind};
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// A name found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

/// What a pattern of the automaton stands for: every name with that spelling up to ASCII
/// case, case-sensitive ones first (as they win over a case-insensitive name of the same
/// span), each in glossary order.
#[derive(Debug)]
struct Candidate {
    entity: usize,
    /// `Some(name)`: matched only when the text has exactly these bytes.
    exact: Option<String>,
}

/// Size of [`Matcher::first_bits`], in bits (8 KB).
const FIRST_BITS: usize = 1 << 16;

/// A hash of an ASCII word in lower case, folded to a bit of [`Matcher::first_bits`]: of its
/// length and its first three and last letters, so that a word of the text costs one pass to
/// find its end and one multiplication.
fn word_hash(lower_ascii: &[u8]) -> usize {
    let at = |i: usize| lower_ascii.get(i).copied().unwrap_or(0);
    word_hash_parts(&[at(0), at(1), at(2)], lower_ascii.last().copied().unwrap_or(0), lower_ascii.len())
}

/// [`word_hash`] of a word given by its first three letters (0 past its end), its last and its
/// length.
fn word_hash_parts(first: &[u8; 3], last: u8, len: usize) -> usize {
    let v =
        u64::from(first[0]) | u64::from(first[1]) << 8 | u64::from(first[2]) << 16 | u64::from(last) << 24 | (len.min(255) as u64) << 32;
    (v.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize & (FIRST_BITS - 1)
}

/// How [`Matcher::find_by`] looks for the places where a name may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Each word looked up in the table of the names' first words.
    Words,
    /// An Aho-Corasick DFA (the reference for tests; slow to build).
    Dfa,
}

#[derive(Debug)]
pub struct Matcher {
    patterns: Vec<String>,
    candidates: Vec<Vec<Candidate>>,
    /// First word of a pattern (see [`first_word`]) → its patterns, longest first.
    by_first: HashMap<String, Vec<usize>>,
    /// A bit per [`word_hash`] of the first words that are ASCII: a word of the text whose bit
    /// is clear starts no name, and is passed over without a table lookup.
    first_bits: Box<[u64; FIRST_BITS / 64]>,
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
        let mut index: HashMap<String, usize> = HashMap::default();
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
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::default();
        for (k, p) in patterns.iter().enumerate() {
            by_first.entry(first_word(p).to_string()).or_default().push(k);
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|&k| std::cmp::Reverse(patterns[k].len()));
        }
        let mut first_bits = Box::new([0u64; FIRST_BITS / 64]);
        for key in by_first.keys().filter(|k| k.is_ascii()) {
            let bit = word_hash(key.as_bytes());
            first_bits[bit / 64] |= 1 << (bit % 64);
        }
        Matcher { patterns, candidates, by_first, first_bits, dfa: OnceLock::new() }
    }

    fn dfa(&self) -> Option<&AhoCorasick> {
        self.dfa
            .get_or_init(|| {
                (!self.patterns.is_empty()).then(|| {
                    AhoCorasickBuilder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .kind(Some(AhoCorasickKind::DFA))
                        .build(&self.patterns)
                        .expect("glossary automaton")
                })
            })
            .as_ref()
    }

    /// Every name in `text` at word boundaries, sorted, without overlaps: at the leftmost
    /// place where a name stands, the longest name there. A longer name that does not stand
    /// there (`Islamic State of Iraqi…`, a case-sensitive name in other letters) hides neither
    /// a shorter one at the same place nor one starting inside it.
    pub fn find(&self, text: &str) -> Vec<RawMatch> {
        self.find_by(text, Search::Words)
    }

    /// [`find`](Self::find) in the way given: the two ways find the same names (a property
    /// test holds them to it).
    pub fn find_by(&self, text: &str, how: Search) -> Vec<RawMatch> {
        let mut out = Vec::new();
        if self.patterns.is_empty() {
            return out;
        }
        let automaton = match how {
            Search::Words => None,
            Search::Dfa => self.dfa(),
        };
        let mut at = 0;
        let mut key = String::new();
        match automaton {
            Some(ac) => {
                // The automaton holds the names in ASCII lower case and reads the text so.
                let lower = text.to_ascii_lowercase();
                // The automaton finds the next place where some name is spelled; `longest_at`
                // decides whether one stands there.
                while at < text.len() {
                    let Some(m) = ac.find(Input::new(&lower).range(at..).anchored(Anchored::No)) else { break };
                    let s = m.start();
                    match self.longest_at(text, s, &mut key) {
                        Some(found) => {
                            at = found.end;
                            out.push(found);
                        }
                        None => at = s + text[s..].chars().next().map_or(1, char::len_utf8),
                    }
                }
            }
            None => {
                // Word by word: a name can only start where no letter, digit or `_` comes
                // before (a word's first character, or a mark or sign after a space).
                let bytes = text.as_bytes();
                let mut prev_word = false;
                let mut i = 0;
                while i < bytes.len() {
                    let (word, space, len) = match bytes[i] {
                        b if b < 0x80 => (b.is_ascii_alphanumeric() || b == b'_', matches!(b, b' ' | b'\t'..=b'\r'), 1),
                        _ => {
                            let c = text[i..].chars().next().unwrap_or(' ');
                            (is_word(c), c.is_whitespace(), c.len_utf8())
                        }
                    };
                    if !space && !prev_word {
                        // An ASCII word whose hash bit is clear starts no name.
                        if bytes[i].is_ascii_alphanumeric() {
                            let mut j = i + 1;
                            while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                                j += 1;
                            }
                            let ends_ascii = bytes.get(j).is_none_or(u8::is_ascii);
                            let lower = |k: usize| bytes[k].to_ascii_lowercase();
                            let word = [lower(i), if i + 1 < j { lower(i + 1) } else { 0 }, if i + 2 < j { lower(i + 2) } else { 0 }];
                            let bit = word_hash_parts(&word, lower(j - 1), j - i);
                            if ends_ascii && self.first_bits[bit / 64] & (1 << (bit % 64)) == 0 {
                                prev_word = true;
                                i = j;
                                continue;
                            }
                        }
                        if let Some(found) = self.longest_at(text, i, &mut key) {
                            i = found.end;
                            prev_word = text[..i].chars().next_back().is_some_and(is_word);
                            out.push(found);
                            continue;
                        }
                    }
                    prev_word = word;
                    i += len;
                    // The rest of an ASCII word holds no place where a name starts.
                    if word {
                        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                            i += 1;
                        }
                    }
                }
            }
        }
        out
    }

    /// The longest name that stands at `s`, if any. (`key`: a buffer for the lower-cased
    /// first word, reused from one call to the next.)
    fn longest_at(&self, text: &str, s: usize, key: &mut String) -> Option<RawMatch> {
        let rest = &text[s..];
        key.clear();
        key.push_str(first_word(rest));
        key.make_ascii_lowercase();
        for &k in self.by_first.get(key.as_str())? {
            let p = &self.patterns[k];
            let e = s + p.len();
            // `p` is in lower case: equal bytes but for ASCII case, so `e` ends a character.
            let spelled = rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
            if !spelled || !at_word_boundary(text, s, e) {
                continue;
            }
            let exact = |c: &&Candidate| c.exact.as_deref().is_none_or(|n| text.as_bytes()[s..e] == *n.as_bytes());
            if let Some(c) = self.candidates[k].iter().find(exact) {
                return Some(RawMatch { start: s, end: e, entity: c.entity });
            }
        }
        None
    }
}

fn is_word(c: char) -> bool {
    // General Punctuation (U+2000–U+206F: “ ” ‘ ’ — … and the like) holds no letter or digit;
    // news copy is full of it, and this spares the Unicode tables.
    c == '_' || (!('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric())
}

fn at_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    // A hyphen glued to a word continues it (`anti-ISIS` still names ISIS, but `IS-3` does not).
    !before.is_some_and(is_word)
        && !after.is_some_and(is_word)
        && !after.is_some_and(|c| c == '-' && text[end + 1..].starts_with(char::is_numeric))
}

#[cfg(test)]
mod tests {
    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphanumeric(), "{c:?} (U+{:04X}) is a letter or digit: `is_word` must not skip it", c as u32);
        }
    }
}
