//! Finds every glossary name in a text: at the leftmost place where a name stands at word
//! boundaries, the longest name there, then on after it. Names are compared with the text in
//! ASCII lower case; case-sensitive names (acronyms such as ISIS, IS, IG, and names listed as
//! case-sensitive) are then checked against the text's own letters, so `is` is never IS.
//! Apostrophe variants (' and ’) are both found.
//!
//! Where a name may start is found word by word: each word's hash (its length, first three and
//! last letters) is looked up in a bit table of the names' first words, and the few words whose
//! bit is set in a table of the names by first word. The search reads about 250 MB/s. The
//! tables are built on first use (about 0.15 ms for the built-in glossary) and shared by
//! every clone of the matcher.
//!
//! The property tests hold this search to an independent reference: an Aho-Corasick automaton
//! over [`Matcher::patterns`] that finds the places where a name is spelled, each checked with
//! [`Matcher::longest_at`].

use super::Entity;
use crate::text::{first_word, is_alnum, RawMatch};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// What a pattern stands for: one of the names with that spelling up to ASCII case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    entity: usize,
    /// `Some(span)`: matched only when the text has exactly these bytes (a span of
    /// [`Tables::names`]).
    exact: Option<(u32, u32)>,
}

/// A distinct name in ASCII lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pattern {
    /// Its span of [`Tables::names`].
    span: (u32, u32),
    /// The range of [`Tables::candidates`] it stands for: case-sensitive names first (as they
    /// win over a case-insensitive name of the same span), each in glossary order.
    candidates: (u32, u32),
}

/// Size of [`Tables::first_bits`], in bits (8 KB).
const FIRST_BITS: usize = 1 << 16;

/// An all-caps abbreviation such as ISIS, U.N. or NATO (at least two capitals, no lower case).
pub fn is_acronym(name: &str) -> bool {
    name.chars().filter(|c| c.is_uppercase()).count() >= 2 && !name.chars().any(char::is_lowercase)
}

/// Every name of an entity, in the order the matcher takes them: preferred, abbreviation,
/// aliases.
pub fn entity_names<'a, S: AsRef<str>>(
    preferred: &'a str,
    abbreviation: Option<&'a str>,
    aliases: &'a [S],
) -> impl Iterator<Item = &'a str> {
    std::iter::once(preferred).chain(abbreviation).chain(aliases.iter().map(S::as_ref))
}

/// Whether an entity's `name` matches only with exactly its case: listed among the entity's
/// case-sensitive names, or an acronym.
pub fn is_case_sensitive<S: AsRef<str>>(listed: &[S], name: &str) -> bool {
    listed.iter().any(|n| n.as_ref() == name) || is_acronym(name)
}

/// The two bits of [`Tables::first_bits`] of a name's first word (see [`first_word`]), as the
/// table keys it, in ASCII lower case. An ASCII word's come from its length and its first three
/// and last letters, so that a word of the text costs one pass to find its end and one
/// multiplication; a first word that is not ASCII is keyed by its first character alone.
fn first_word_bits(first: &str) -> [usize; 2] {
    if first.is_ascii() {
        let b = first.as_bytes();
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        word_bits(&[at(0), at(1), at(2)], b.last().copied().unwrap_or(0), b.len())
    } else {
        char_bits(first.chars().next().unwrap_or(' '))
    }
}

/// [`first_word_bits`] of an ASCII word (in lower case) given by its first three letters (0
/// past its end), its last and its length.
#[inline]
fn word_bits(first: &[u8; 3], last: u8, len: usize) -> [usize; 2] {
    packed_word_bits(u32::from_le_bytes([first[0], first[1], first[2], 0]), last, len)
}

/// [`word_bits`] with the first three letters packed into the low three bytes of `first`.
#[inline]
fn packed_word_bits(first: u32, last: u8, len: usize) -> [usize; 2] {
    let v = u64::from(first & 0x00ff_ffff) | u64::from(last) << 24 | (len.min(255) as u64) << 32;
    let h = v.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // Two bits from two parts of one product: with one bit a common word of the text
    // collided with some name's first word about once in forty.
    [(h >> 48) as usize & (FIRST_BITS - 1), (h >> 24) as usize & (FIRST_BITS - 1)]
}

/// [`first_word_bits`] of a first word that starts with the character `c` beyond ASCII: its
/// bytes, and a length of 0, which no ASCII word has.
#[inline]
fn char_bits(c: char) -> [usize; 2] {
    let mut buf = [0u8; 4];
    let b = c.encode_utf8(&mut buf).as_bytes();
    word_bits(&[b[0], b.get(1).copied().unwrap_or(0), b.get(2).copied().unwrap_or(0)], b[b.len() - 1], 0)
}

/// `name` and its forms with the other apostrophe (' and ’).
fn variants(name: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let straight = name.contains('\'').then(|| Cow::Owned(name.replace('\'', "’")));
    let curly = name.contains('’').then(|| Cow::Owned(name.replace('’', "'")));
    std::iter::once(Cow::Borrowed(name)).chain(straight).chain(curly)
}

/// `(start, end)` as `u32`s.
fn span(a: usize, b: usize) -> (u32, u32) {
    (a as u32, b as u32)
}

/// The tables: a few flat arrays over one string of names.
#[derive(Debug, PartialEq, Eq)]
struct Tables {
    /// Every name, in ASCII lower case and as spelled for the case-sensitive ones, end to end.
    names: String,
    /// Each distinct name in ASCII lower case.
    patterns: Vec<Pattern>,
    candidates: Vec<Candidate>,
    /// The patterns grouped by [`lower_hash`] of their first word (see [`first_word`]),
    /// longest first within a group.
    by_length: Vec<u32>,
    /// The hash of a first word → its range of `by_length`. Two first words with one hash
    /// share a group, which costs a comparison and nothing else: every pattern is compared
    /// with the text before it counts.
    groups: FxHashMap<u64, (u32, u32)>,
    /// The two bits of each first word's [`first_word_bits`] ([`FIRST_BITS`] bits): a place
    /// of the text where either bit of its first word is clear starts no name, and is passed
    /// over without a lookup.
    first_bits: Vec<u64>,
}

/// A hash of bytes in ASCII lower case (FNV-1a): it keys the groups of names by first word.
fn lower_hash(word: &[u8]) -> u64 {
    word.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3))
}

impl Tables {
    /// The tables of `names`: (entity, name, case-sensitive), in glossary order.
    fn build<'a>(names_in: impl IntoIterator<Item = (usize, &'a str, bool)>) -> Tables {
        /// A name or apostrophe variant: the hash and span of its key (in ASCII lower case),
        /// and what it stands for.
        struct Spelling {
            hash: u64,
            key: (u32, u32),
            candidate: Candidate,
        }
        let mut names = String::new();
        let mut raw: Vec<Spelling> = Vec::new();
        for (entity, name, case_sensitive) in names_in {
            if name.trim().is_empty() {
                continue;
            }
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
                raw.push(Spelling { hash: lower_hash(v.as_bytes()), key, candidate: Candidate { entity, exact } });
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
        let mut groups = FxHashMap::default();
        let mut lo = 0;
        while lo < keyed.len() {
            let hi = lo + keyed[lo..].iter().take_while(|x| x.0 == keyed[lo].0).count();
            groups.insert(keyed[lo].0, (lo as u32, hi as u32));
            lo = hi;
        }
        let mut first_bits = vec![0u64; FIRST_BITS / 64];
        for &(_, _, k, n) in &keyed {
            let first = &text(patterns[k as usize].span)[..n];
            for bit in first_word_bits(first) {
                first_bits[bit / 64] |= 1 << (bit % 64);
            }
        }
        let by_length = keyed.iter().map(|x| x.2).collect();
        Tables { names, patterns, candidates, by_length, groups, first_bits }
    }

    /// The bytes of a span of the names.
    #[inline]
    fn name(&self, (a, b): (u32, u32)) -> &[u8] {
        &self.names.as_bytes()[a as usize..b as usize]
    }

    /// Whether both bits of a word's [`first_word_bits`] are set: if not, no name's first word
    /// is this word.
    #[inline]
    fn first_bits_set(&self, [a, b]: [usize; 2]) -> bool {
        self.first_bits[a / 64] >> (a % 64) & self.first_bits[b / 64] >> (b % 64) & 1 == 1
    }
}

/// The names' tables, built on first use and shared by the clones.
#[derive(Debug, Clone, PartialEq)]
pub struct Matcher {
    t: Arc<Tables>,
}

impl Matcher {
    pub fn new(entities: &[Entity]) -> Matcher {
        let names = entities.iter().enumerate().flat_map(|(i, e)| e.names().map(move |n| (i, n, e.is_case_sensitive(n))));
        Matcher { t: Arc::new(Tables::build(names)) }
    }

    /// The matcher of the built-in glossary, built once per process.
    pub(crate) fn builtin() -> Matcher {
        static BUILTIN: OnceLock<Matcher> = OnceLock::new();
        BUILTIN.get_or_init(|| Matcher::new(&super::Glossary::load_builtin().entities)).clone()
    }

    /// Every distinct name, in ASCII lower case: what a reference search looks for (a name
    /// stands where [`longest_at`](Self::longest_at) finds one).
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.t.patterns.iter().map(|p| &self.t.names[p.span.0 as usize..p.span.1 as usize])
    }

    /// Every name in `text` at word boundaries, sorted, without overlaps: at the leftmost
    /// place where a name stands, the longest name there. A longer name that does not stand
    /// there (`Islamic State of Iraqi…`, a case-sensitive name in other letters) hides neither
    /// a shorter one at the same place nor one starting inside it.
    pub fn find(&self, text: &str) -> Vec<RawMatch> {
        let mut out = Vec::new();
        if !self.t.patterns.is_empty() {
            self.find_words(text, &mut out);
        }
        out
    }

    /// Word by word, a character at a time: a name can only start where no letter, digit or `_`
    /// comes before (a word's first character, or a mark or sign after a space).
    fn find_words(&self, text: &str, out: &mut Vec<RawMatch>) {
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
                // A word or character whose first word's bits are clear starts no name.
                if bytes[i].is_ascii_alphanumeric() {
                    let mut j = i + 1;
                    while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                        j += 1;
                    }
                    if !self.may_start(text, i, j) {
                        prev_word = true;
                        i = j;
                        continue;
                    }
                } else if !self.may_start_other(text, i) {
                    prev_word = word;
                    i += len;
                    continue;
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

    /// Whether a name may start with the ASCII word `text[i..j]`, by the bits of its first word
    /// (the word, or the run of letters it begins when a letter beyond ASCII follows).
    #[inline]
    fn may_start(&self, text: &str, i: usize, j: usize) -> bool {
        let bytes = text.as_bytes();
        let lower = |k: usize| bytes[k].to_ascii_lowercase();
        let bits = match bytes.get(j) {
            Some(b) if !b.is_ascii() && text[j..].chars().next().is_some_and(is_alnum) => char_bits(lower(i) as char),
            _ => {
                let len = j - i;
                // The first three letters in one read where the text goes on that far: `| 0x20`
                // is ASCII lower case for letters and leaves digits as they are.
                let first = match bytes.get(i..i + 4) {
                    Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]) | 0x0020_2020,
                    _ => u32::from_le_bytes([lower(i), if len > 1 { lower(i + 1) } else { 0 }, if len > 2 { lower(i + 2) } else { 0 }, 0]),
                };
                let first = if len >= 3 { first } else { first & ((1 << (8 * len)) - 1) };
                packed_word_bits(first, lower(j - 1), len)
            }
        };
        self.t.first_bits_set(bits)
    }

    /// Whether a name may start at `i`, where a character other than an ASCII letter or digit
    /// stands (a mark, a sign, a letter beyond ASCII): its first word is that character, or a
    /// run of letters that begins with it.
    #[inline]
    fn may_start_other(&self, text: &str, i: usize) -> bool {
        let b = text.as_bytes()[i];
        let bits = if b.is_ascii() { word_bits(&[b, 0, 0], b, 1) } else { char_bits(text[i..].chars().next().unwrap_or(' ')) };
        self.t.first_bits_set(bits)
    }

    /// The longest name that stands at byte `s` of `text` (a character boundary), if any.
    pub fn longest_at(&self, text: &str, s: usize) -> Option<RawMatch> {
        let rest = &text[s..];
        let &(lo, hi) = self.t.groups.get(&lower_hash(first_word(rest).as_bytes()))?;
        for i in lo as usize..hi as usize {
            let pattern = self.t.patterns[self.t.by_length[i] as usize];
            let p = self.t.name(pattern.span);
            let e = s + p.len();
            // `p` is in lower case: equal bytes but for ASCII case, so `e` ends a character.
            let spelled = rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p);
            if !spelled || !at_word_boundary(text, s, e) {
                continue;
            }
            let exact = |c: &Candidate| c.exact.is_none_or(|n| text.as_bytes()[s..e] == *self.t.name(n));
            let (a, b) = pattern.candidates;
            if let Some(c) = self.t.candidates[a as usize..b as usize].iter().find(|c| exact(c)) {
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
    use crate::glossary::List;

    /// The names found in `text`, as (text, entity id).
    fn found(text: &str) -> Vec<(String, String)> {
        let g = Glossary::builtin();
        g.matcher().find(text).iter().map(|m| (text[m.start..m.end].to_string(), g.entities[m.entity].id.to_string())).collect()
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
        let entity = |id: &'static str, name: &'static str| Entity {
            id: id.into(),
            preferred: name.into(),
            abbreviation: None,
            aliases: List::Borrowed(&[]),
            kind: crate::glossary::Kind::Other,
            description: "".into(),
            first_reference: None,
            notes: List::Borrowed(&[]),
            case_sensitive: List::Borrowed(&[]),
            context_required: List::Borrowed(&[]),
            spell_out: true,
            renamed: None,
        };
        let m = Matcher::new(&[entity("fruit", "Apple"), entity("acronym", "APPLE")]);
        let entities: Vec<usize> = m.find("APPLE, Apple, apple").iter().map(|f| f.entity).collect();
        assert_eq!(entities, [1, 0, 0]);
    }

    #[test]
    fn each_group_holds_the_names_of_one_first_word_hash_longest_first() {
        let m = Matcher::new(&Glossary::builtin().entities);
        let name = |i: usize| std::str::from_utf8(m.t.name(m.t.patterns[m.t.by_length[i] as usize].span)).unwrap();
        assert!(m.t.groups.len() > 200, "{} groups", m.t.groups.len());
        for (&hash, &(lo, hi)) in &m.t.groups {
            let lens: Vec<usize> = (lo as usize..hi as usize).map(|i| name(i).len()).collect();
            assert!(lens.windows(2).all(|w| w[0] >= w[1]), "longest first: {lens:?}");
            for i in lo as usize..hi as usize {
                assert_eq!(lower_hash(first_word(name(i)).as_bytes()), hash);
            }
        }
        // No names: nothing is found.
        assert_eq!(Matcher::new(&[]).find("ISIS"), []);
        assert_eq!(Matcher::builtin(), m);
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphanumeric(), "{c:?} (U+{:04X}) is a letter or digit: `is_word` must not skip it", c as u32);
        }
    }
}
