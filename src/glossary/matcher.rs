//! Finds every glossary name in a text: at the leftmost place where a name stands at word
//! boundaries, the longest name there, then on after it. Names are compared with the text in
//! ASCII lower case; case-sensitive names (acronyms such as ISIS, IS, IG, and names listed as
//! case-sensitive) are then checked against the text's own letters, so `is` is never IS.
//! Apostrophe variants (' and ’) are both found.
//!
//! Where a name may start is found word by word: each word's hash (its length, first three and
//! last letters) is looked up in a bit table of the names' first words, and the few words whose
//! bit is set in a table of the names by first word (`matcher_tables.rs`). On x86-64 the words
//! are found 64 bytes at a time, from bit masks of the bytes' classes (SSE2). The search reads
//! about 290 MB/s (250 a character at a time). The tables are quick to build, and the built-in
//! glossary's are built by the build script and read in place, so a `copydesk check` on the
//! built-in glossary neither builds nor copies them.
//!
//! [`Matcher::find_by`] can also search with an Aho-Corasick DFA over the names: it reads at
//! about the same speed on news copy but takes about 10 ms to build, so it is not used to
//! check; it is the independent reference the property tests hold the word search to.

use super::matcher_tables::{char_bits, first_bits_set, lower_hash, packed_word_bits, word_bits, Candidate, Tables};
use super::Entity;
use crate::prose::{first_word, is_alnum};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind};
use std::sync::OnceLock;

/// A name found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMatch {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

impl RawMatch {
    /// The same match, `by` bytes further on.
    pub fn shifted(self, by: usize) -> RawMatch {
        RawMatch { start: self.start + by, end: self.end + by, ..self }
    }
}

/// How [`Matcher::find_by`] looks for the places where a name may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Each word looked up in the table of the names' first words.
    Words,
    /// An Aho-Corasick DFA (the reference for tests; slow to build).
    Dfa,
}

/// The tables of the built-in glossary's names, prepared by the build script.
const BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/matcher_tables.bin"));

#[derive(Debug)]
pub struct Matcher {
    t: Tables,
    dfa: OnceLock<Option<AhoCorasick>>,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Matcher) -> bool {
        self.t == other.t
    }
}

impl Matcher {
    pub fn new(entities: &[Entity]) -> Matcher {
        let names = entities.iter().enumerate().flat_map(|(i, e)| e.names().map(move |n| (i, n, e.is_case_sensitive(n))));
        Matcher::from_tables(Tables::build(names))
    }

    /// The matcher of the built-in glossary, from the tables the build script prepared
    /// (a test holds them to [`new`](Self::new) over the built-in entities).
    pub(crate) fn builtin() -> Matcher {
        Matcher::from_tables(Tables::from_bytes(BUILTIN.into()).expect("the build script's matcher tables"))
    }

    fn from_tables(t: Tables) -> Matcher {
        Matcher { t, dfa: OnceLock::new() }
    }

    fn dfa(&self) -> Option<&AhoCorasick> {
        self.dfa
            .get_or_init(|| {
                (self.t.pattern_count() > 0).then(|| {
                    AhoCorasickBuilder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .kind(Some(AhoCorasickKind::DFA))
                        .build((0..self.t.pattern_count()).map(|k| self.t.name(self.t.pattern(k).span)))
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
        if self.t.pattern_count() == 0 {
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
            None => self.find_words(text, &mut out),
        }
        out
    }

    /// The word-by-word search: on x86-64, 64 bytes at a time ([`find_words_blocks`](Self::find_words_blocks)).
    fn find_words(&self, text: &str, out: &mut Vec<RawMatch>) {
        #[cfg(target_arch = "x86_64")]
        self.find_words_blocks(text, out);
        #[cfg(not(target_arch = "x86_64"))]
        self.find_words_scalar(text, out);
    }

    /// Word by word, a character at a time: a name can only start where no letter, digit or `_`
    /// comes before (a word's first character, or a mark or sign after a space). The reference
    /// the block search is tested against, and the search where there is no SSE2.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn find_words_scalar(&self, text: &str, out: &mut Vec<RawMatch>) {
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
        first_bits_set(self.t.first_bits(), bits)
    }

    /// Whether a name may start at `i`, where a character other than an ASCII letter or digit
    /// stands (a mark, a sign, a letter beyond ASCII): its first word is that character, or a
    /// run of letters that begins with it.
    #[inline]
    fn may_start_other(&self, text: &str, i: usize) -> bool {
        let b = text.as_bytes()[i];
        let bits = if b.is_ascii() { word_bits(&[b, 0, 0], b, 1) } else { char_bits(text[i..].chars().next().unwrap_or(' ')) };
        first_bits_set(self.t.first_bits(), bits)
    }

    /// The same places as [`find_words_scalar`](Self::find_words_scalar), found 64 bytes at a
    /// time: SSE2 sorts each block's bytes into letters and digits, word characters, spaces
    /// and the bytes of longer characters, as bit masks, and the places where a name may start
    /// (neither a space nor inside a character, after no word character) are read off the
    /// masks without a branch per byte. The characters beyond ASCII (curly quotes, dashes,
    /// accented letters: a few per block in news copy) are decoded one by one.
    #[cfg(target_arch = "x86_64")]
    fn find_words_blocks(&self, text: &str, out: &mut Vec<RawMatch>) {
        let bytes = text.as_bytes();
        let mut base = 0;
        // No name starts before `from` (the end of the last name found).
        let mut from = 0;
        while base < bytes.len() {
            let n = (bytes.len() - base).min(64);
            let mut padded = [0u8; 64];
            let block: &[u8; 64] = match bytes[base..].first_chunk::<64>() {
                Some(b) => b,
                None => {
                    padded[..n].copy_from_slice(&bytes[base..]);
                    &padded
                }
            };
            let m = blocks::classify(block);
            let inside = if n == 64 { !0 } else { (1u64 << n) - 1 };
            // The character that holds the byte before the block (it may run on into the block).
            let before = (base > 0).then(|| {
                let s = crate::document::floor_char_boundary(text, base - 1);
                (s, text[s..].chars().next().unwrap_or(' '))
            });
            let before_word = before.is_some_and(|(_, c)| is_word(c));
            let mut word = m.word;
            let mut space = m.space;
            // The rest of a word character begun in the block before.
            if let Some((s, c)) = before.filter(|_| before_word && m.cont & 1 == 1) {
                word |= low_bits(s + c.len_utf8() - base);
            }
            if m.high != 0 {
                // A character beyond ASCII: its bytes are word bytes if it is a word character;
                // its first byte is a space if it is one.
                let mut leads = m.high & !m.cont & inside;
                while leads != 0 {
                    let k = leads.trailing_zeros() as usize;
                    leads &= leads - 1;
                    let c = text[base + k..].chars().next().unwrap_or(' ');
                    if is_word(c) {
                        word |= low_bits(k + c.len_utf8()) & !low_bits(k);
                    } else if c.is_whitespace() {
                        space |= 1 << k;
                    }
                }
            }
            let mut places = !space & !m.cont & !(word << 1 | u64::from(before_word)) & inside & !low_bits(from - base);
            let mut next = base + 64;
            while places != 0 {
                let k = places.trailing_zeros() as usize;
                let i = base + k;
                if m.alnum >> k & 1 == 1 {
                    let mut j = i + (m.alnum >> k).trailing_ones() as usize;
                    if j == base + 64 {
                        j += bytes[j..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                    }
                    if !self.may_start(text, i, j) {
                        places &= places - 1;
                        continue;
                    }
                } else if !self.may_start_other(text, i) {
                    places &= places - 1;
                    continue;
                }
                match self.longest_at(text, i) {
                    Some(found) => {
                        out.push(found);
                        if found.end >= base + 64 {
                            from = found.end;
                            next = found.end / 64 * 64;
                            break;
                        }
                        places &= !low_bits(found.end - base);
                    }
                    None => places &= places - 1,
                }
            }
            from = from.max(next);
            base = next;
        }
    }

    /// The longest name that stands at `s`, if any.
    fn longest_at(&self, text: &str, s: usize) -> Option<RawMatch> {
        let rest = &text[s..];
        let (lo, hi) = self.t.group_of(lower_hash(first_word(rest).as_bytes()))?;
        for i in lo as usize..hi as usize {
            let pattern = self.t.pattern(self.t.by_length(i) as usize);
            let p = self.t.name(pattern.span);
            let e = s + p.len();
            // `p` is in lower case: equal bytes but for ASCII case, so `e` ends a character.
            let spelled = rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p);
            if !spelled || !at_word_boundary(text, s, e) {
                continue;
            }
            let exact = |c: &Candidate| c.exact.is_none_or(|n| text.as_bytes()[s..e] == *self.t.name(n));
            let (a, b) = pattern.candidates;
            if let Some(c) = (a as usize..b as usize).map(|i| self.t.candidate(i)).find(exact) {
                return Some(RawMatch { start: s, end: e, entity: c.entity });
            }
        }
        None
    }
}

/// The `n` lowest bits set (all 64 from 64 on).
#[cfg(target_arch = "x86_64")]
fn low_bits(n: usize) -> u64 {
    if n >= 64 {
        !0
    } else {
        (1 << n) - 1
    }
}

/// The classes of 64 bytes as bit masks (bit `k` for byte `k`), with SSE2, which every x86-64
/// processor has.
#[cfg(target_arch = "x86_64")]
mod blocks {
    use std::arch::x86_64::*;

    pub struct Masks {
        /// ASCII letters and digits.
        pub alnum: u64,
        /// ASCII letters, digits and `_`.
        pub word: u64,
        /// ASCII white space (` `, `\t` to `\r`).
        pub space: u64,
        /// Bytes of characters beyond ASCII.
        pub high: u64,
        /// Their continuation bytes (0x80 to 0xBF).
        pub cont: u64,
    }

    #[inline]
    pub fn classify(block: &[u8; 64]) -> Masks {
        let mut m = Masks { alnum: 0, word: 0, space: 0, high: 0, cont: 0 };
        for q in 0..4 {
            // SAFETY: SSE2 is part of x86-64; the load reads 16 of the block's 64 bytes.
            unsafe {
                let v = _mm_loadu_si128(block.as_ptr().add(16 * q).cast::<__m128i>());
                // Bytes from `lo` to `hi`: `v - lo` is at most `hi - lo` (unsigned).
                let within = |v: __m128i, lo: u8, hi: u8| {
                    let t = _mm_sub_epi8(v, _mm_set1_epi8(lo as i8));
                    let top = _mm_set1_epi8((hi - lo) as i8);
                    _mm_cmpeq_epi8(_mm_max_epu8(t, top), top)
                };
                let bits = |x: __m128i| u64::from(_mm_movemask_epi8(x) as u16) << (16 * q);
                let alnum = _mm_or_si128(within(v, b'0', b'9'), within(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z'));
                let under = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8));
                let space = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8)), within(v, b'\t', b'\r'));
                m.alnum |= bits(alnum);
                m.word |= bits(_mm_or_si128(alnum, under));
                m.space |= bits(space);
                m.high |= bits(v);
                m.cont |= bits(within(v, 0x80, 0xbf));
            }
        }
        m
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

    /// The block search finds what the search a character at a time finds, with names, words,
    /// spaces and characters of two to four bytes at every place around the blocks' edges.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_block_search_finds_what_the_scalar_search_finds() {
        let g = Glossary::builtin();
        let m = g.matcher();
        let names: Vec<&str> = g.entities.iter().flat_map(|e| e.names()).collect();
        let pieces = [
            "", " ", "  ", "x", "xx", "_", "-", "’", "“", "”", "é", "д", "\u{a0}", "\u{2009}", "𝒳", "😀", "ab", "\n", ". ", "(", "'s ", "2",
        ];
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1du64);
        let mut tried = 0;
        for round in 0..3000 {
            let mut text = String::new();
            // A lead-in of every length, so that what follows falls across a block's edge.
            for _ in 0..round % 70 {
                text.push_str(pieces[next(pieces.len())]);
            }
            for _ in 0..next(12) {
                text.push_str(if next(3) == 0 { pieces[next(pieces.len())] } else { names[next(names.len())] });
                text.push_str(pieces[next(pieces.len())]);
            }
            let (mut blocks, mut scalar) = (Vec::new(), Vec::new());
            m.find_words_blocks(&text, &mut blocks);
            m.find_words_scalar(&text, &mut scalar);
            assert_eq!(blocks, scalar, "text: {text:?}");
            tried += blocks.len();
        }
        assert!(tried > 3000, "only {tried} names found: the test reaches too few");
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
        let name = |i: usize| std::str::from_utf8(m.t.name(m.t.pattern(m.t.by_length(i) as usize).span)).unwrap();
        assert!(m.t.groups().count() > 200, "{} groups", m.t.groups().count());
        for (hash, (lo, hi)) in m.t.groups() {
            let lens: Vec<usize> = (lo as usize..hi as usize).map(|i| name(i).len()).collect();
            assert!(lens.windows(2).all(|w| w[0] >= w[1]), "longest first: {lens:?}");
            for i in lo as usize..hi as usize {
                assert_eq!(lower_hash(first_word(name(i)).as_bytes()), hash);
            }
            assert_eq!(m.t.group_of(hash), Some((lo, hi)), "every group is found by its hash");
        }
    }

    #[test]
    fn the_prepared_tables_are_the_built_in_glossarys() {
        let built = Matcher::new(&Glossary::load_builtin().entities);
        assert!(built.t.pattern_count() > 500);
        assert_eq!(Matcher::builtin(), built);
        assert!(Matcher::builtin().t.well_formed());
        assert_eq!(Tables::from_bytes(built.t.as_bytes().to_vec().into()).as_ref(), Some(&built.t));
        assert_eq!(Tables::from_bytes(BUILTIN[..BUILTIN.len() - 1].into()), None);
        // No groups: one empty slot, and nothing is found.
        let empty = Matcher::new(&[]);
        assert!(empty.t.well_formed());
        assert_eq!(empty.t.group_of(lower_hash(b"isis")), None);
        assert_eq!(empty.find("ISIS"), []);
    }
    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphanumeric(), "{c:?} (U+{:04X}) is a letter or digit: `is_word` must not skip it", c as u32);
        }
    }
}
