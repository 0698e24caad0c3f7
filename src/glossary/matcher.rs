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
use crate::prose::is_alnum;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind};
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::OnceLock;

/// A name found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

/// What a pattern stands for: one of the names with that spelling up to ASCII case.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    entity: usize,
    /// `Some(span)`: matched only when the text has exactly these bytes (a span of
    /// [`Matcher::names`]).
    exact: Option<(u32, u32)>,
}

/// A distinct name in ASCII lower case.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    /// Its span of [`Matcher::names`].
    span: (u32, u32),
    /// The range of [`Matcher::candidates`] it stands for: case-sensitive names first (as
    /// they win over a case-insensitive name of the same span), each in glossary order.
    candidates: (u32, u32),
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

/// A hash of bytes in ASCII lower case (FNV-1a): of a name, to bring equal names together, and
/// of a first word, the key of [`Matcher::by_first`], so that the text's words are looked up
/// without lower-casing them into a buffer first. Two first words with one hash share a
/// group, which costs a comparison and nothing else: every pattern is compared with the text
/// before it counts.
fn lower_hash(word: &[u8]) -> u64 {
    word.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3))
}

/// How [`Matcher::find_by`] looks for the places where a name may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Each word looked up in the table of the names' first words.
    Words,
    /// An Aho-Corasick DFA (the reference for tests; slow to build).
    Dfa,
}

/// The tables are a few flat arrays over one string of names: every `copydesk check` builds
/// them before its first file, and a string and a vector per name made that most of a
/// story's check.
#[derive(Debug)]
pub struct Matcher {
    /// Every name, in ASCII lower case and as spelled for the case-sensitive ones, end to end.
    names: String,
    patterns: Vec<Pattern>,
    candidates: Vec<Candidate>,
    /// Indices of [`patterns`](Self::patterns), grouped by [`lower_hash`] of their first word
    /// (see [`first_word`]), longest first within a group.
    by_length: Vec<u32>,
    /// [`lower_hash`] of a first word → its group's range of [`by_length`](Self::by_length).
    by_first: HashMap<u64, (u32, u32)>,
    /// A bit per [`word_hash`] of the first words that are ASCII: a word of the text whose bit
    /// is clear starts no name, and is passed over without a table lookup.
    first_bits: Box<[u64; FIRST_BITS / 64]>,
    dfa: OnceLock<Option<AhoCorasick>>,
}

/// `name` and its forms with the other apostrophe (' and ’).
fn variants(name: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let straight = name.contains('\'').then(|| Cow::Owned(name.replace('\'', "’")));
    let curly = name.contains('’').then(|| Cow::Owned(name.replace('’', "'")));
    std::iter::once(Cow::Borrowed(name)).chain(straight).chain(curly)
}

/// `(start, end)` of `names` as `u32`s.
fn span(a: usize, b: usize) -> (u32, u32) {
    (a as u32, b as u32)
}

impl Matcher {
    pub fn new(entities: &[Entity]) -> Matcher {
        /// A name or apostrophe variant: the hash and span of its key (in ASCII lower case),
        /// and what it stands for.
        struct Spelling {
            hash: u64,
            key: (u32, u32),
            candidate: Candidate,
        }
        // Every name and apostrophe variant, in glossary order.
        let mut names = String::new();
        let mut raw: Vec<Spelling> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for name in e.names() {
                if name.trim().is_empty() {
                    continue;
                }
                let case_sensitive = e.is_case_sensitive(name);
                for v in variants(name) {
                    let a = names.len();
                    names.push_str(&v);
                    names[a..].make_ascii_lowercase();
                    let key = span(a, names.len());
                    let exact = case_sensitive.then(|| {
                        let a = names.len();
                        names.push_str(&v);
                        span(a, names.len())
                    });
                    raw.push(Spelling { hash: lower_hash(v.as_bytes()), key, candidate: Candidate { entity: i, exact } });
                }
            }
        }
        let text = |(a, b): (u32, u32)| &names[a as usize..b as usize];
        // Equal names together (stable: glossary order within each), compared as strings only
        // when their hashes are equal.
        raw.sort_by(|x, y| x.hash.cmp(&y.hash).then_with(|| text(x.key).cmp(text(y.key))));
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut candidates: Vec<Candidate> = Vec::with_capacity(raw.len());
        let mut lo = 0;
        while lo < raw.len() {
            let hi = lo + raw[lo..].iter().take_while(|r| text(r.key) == text(raw[lo].key)).count();
            let first = candidates.len();
            candidates.extend(raw[lo..hi].iter().map(|r| r.candidate));
            // Stable: glossary order within each kind.
            candidates[first..].sort_by_key(|c| c.exact.is_none());
            patterns.push(Pattern { span: raw[lo].key, candidates: span(first, candidates.len()) });
            lo = hi;
        }
        // (hash of the first word, length, pattern, the first word's length)
        let mut keyed: Vec<(u64, usize, u32, usize)> = patterns
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let first = first_word(text(p.span));
                (lower_hash(first.as_bytes()), p.span.1 as usize - p.span.0 as usize, k as u32, first.len())
            })
            .collect();
        keyed.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)).then(x.2.cmp(&y.2)));
        let mut by_first: HashMap<u64, (u32, u32)> = HashMap::default();
        by_first.reserve(keyed.len());
        let mut first_bits = Box::new([0u64; FIRST_BITS / 64]);
        let mut lo = 0;
        while lo < keyed.len() {
            let hi = lo + keyed[lo..].iter().take_while(|x| x.0 == keyed[lo].0).count();
            by_first.insert(keyed[lo].0, span(lo, hi));
            lo = hi;
        }
        for &(_, _, k, n) in &keyed {
            let first = &text(patterns[k as usize].span)[..n];
            if first.is_ascii() {
                let bit = word_hash(first.as_bytes());
                first_bits[bit / 64] |= 1 << (bit % 64);
            }
        }
        let by_length = keyed.into_iter().map(|x| x.2).collect();
        Matcher { names, patterns, candidates, by_length, by_first, first_bits, dfa: OnceLock::new() }
    }

    /// The text of a span of [`names`](Self::names).
    fn name(&self, (a, b): (u32, u32)) -> &str {
        &self.names[a as usize..b as usize]
    }

    fn dfa(&self) -> Option<&AhoCorasick> {
        self.dfa
            .get_or_init(|| {
                (!self.patterns.is_empty()).then(|| {
                    AhoCorasickBuilder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .kind(Some(AhoCorasickKind::DFA))
                        .build(self.patterns.iter().map(|p| self.name(p.span)))
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
        match automaton {
            Some(ac) => {
                // The automaton holds the names in ASCII lower case and reads the text so.
                let lower = text.to_ascii_lowercase();
                // The automaton finds the next place where some name is spelled; `longest_at`
                // decides whether one stands there.
                while at < text.len() {
                    let Some(m) = ac.find(Input::new(&lower).range(at..).anchored(Anchored::No)) else { break };
                    let s = m.start();
                    match self.longest_at(text, s) {
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
                        if let Some(found) = self.longest_at(text, i) {
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

    /// The longest name that stands at `s`, if any.
    fn longest_at(&self, text: &str, s: usize) -> Option<RawMatch> {
        let rest = &text[s..];
        let &(lo, hi) = self.by_first.get(&lower_hash(first_word(rest).as_bytes()))?;
        for &k in &self.by_length[lo as usize..hi as usize] {
            let pattern = self.patterns[k as usize];
            let p = self.name(pattern.span);
            let e = s + p.len();
            // `p` is in lower case: equal bytes but for ASCII case, so `e` ends a character.
            let spelled = rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
            if !spelled || !at_word_boundary(text, s, e) {
                continue;
            }
            let exact = |c: &&Candidate| c.exact.is_none_or(|n| text.as_bytes()[s..e] == *self.name(n).as_bytes());
            let (a, b) = pattern.candidates;
            if let Some(c) = self.candidates[a as usize..b as usize].iter().find(exact) {
                return Some(RawMatch { start: s, end: e, entity: c.entity });
            }
        }
        None
    }
}

fn is_word(c: char) -> bool {
    // `is_alnum` answers General Punctuation (“ ” ‘ ’ — …), which news copy is full of,
    // without the Unicode tables.
    c == '_' || is_alnum(c)
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
    use super::*;
    use crate::glossary::Glossary;

    /// The names found in `text`, as (text, entity id).
    fn found(text: &str) -> Vec<(String, String)> {
        let g = Glossary::builtin();
        g.matcher().find(text).iter().map(|m| (text[m.start..m.end].to_string(), g.entities[m.entity].id.clone())).collect()
    }

    #[test]
    fn the_longest_name_at_a_place_wins_and_case_sensitive_names_keep_their_case() {
        let text = "Islamic State Khorasan Province, the Islamic State of Iraq and the Levant, ISIS-K, it is IS";
        let want = [
            ("Islamic State Khorasan Province", "isis-k"),
            ("Islamic State of Iraq and the Levant", "islamic-state"),
            ("ISIS-K", "isis-k"),
            ("IS", "islamic-state"),
        ];
        assert_eq!(found(text), want.map(|(a, b)| (a.to_string(), b.to_string())));
        // Both apostrophes, and any ASCII case for a name that is not case-sensitive.
        assert_eq!(found("Da’esh and DA'ESH").len(), 2);
    }

    #[test]
    fn a_case_sensitive_name_wins_over_one_spelled_alike_in_other_letters() {
        let entity = |id: &str, name: &str| Entity {
            id: id.into(),
            preferred: name.into(),
            abbreviation: None,
            aliases: vec![],
            kind: crate::glossary::Kind::Other,
            description: String::new(),
            first_reference: None,
            notes: vec![],
            case_sensitive: vec![],
            context_required: vec![],
            spell_out: true,
        };
        let m = Matcher::new(&[entity("fruit", "Apple"), entity("acronym", "APPLE")]);
        let entities: Vec<usize> = m.find("APPLE, Apple, apple").iter().map(|f| f.entity).collect();
        assert_eq!(entities, [1, 0, 0]);
    }

    #[test]
    fn each_group_holds_the_names_of_one_first_word_hash_longest_first() {
        let m = Matcher::new(&Glossary::builtin().entities);
        for (&hash, &(lo, hi)) in &m.by_first {
            let group = &m.by_length[lo as usize..hi as usize];
            let lens: Vec<usize> = group.iter().map(|&k| m.name(m.patterns[k as usize].span).len()).collect();
            assert!(lens.windows(2).all(|w| w[0] >= w[1]), "longest first: {lens:?}");
            for &k in group {
                assert_eq!(lower_hash(first_word(m.name(m.patterns[k as usize].span)).as_bytes()), hash);
            }
        }
    }
    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphanumeric(), "{c:?} (U+{:04X}) is a letter or digit: `is_word` must not skip it", c as u32);
        }
    }
}
