//! The name matcher's tables, and how names become them: shared by the build script, which
//! prepares the tables of the built-in glossary once (`Matcher::builtin`), and by the program,
//! which builds them for a glossary a project extends. Plain `std` (and the word functions of
//! `lexicon_tables.rs`), as the build script compiles this file on its own.

use crate::quotes::lexicon_tables::first_word;
pub use crate::quotes::lexicon_tables::lower_hash;
use std::borrow::Cow;

/// What a pattern stands for: one of the names with that spelling up to ASCII case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub entity: usize,
    /// `Some(span)`: matched only when the text has exactly these bytes (a span of
    /// [`Tables::names`]).
    pub exact: Option<(u32, u32)>,
}

/// A distinct name in ASCII lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pattern {
    /// Its span of [`Tables::names`].
    pub span: (u32, u32),
    /// The range of [`Tables::candidates`] it stands for: case-sensitive names first (as they
    /// win over a case-insensitive name of the same span), each in glossary order.
    pub candidates: (u32, u32),
}

/// Size of [`Tables::first_bits`], in bits (8 KB).
pub const FIRST_BITS: usize = 1 << 16;

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
pub fn first_word_bits(first: &str) -> [usize; 2] {
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
pub fn word_bits(first: &[u8; 3], last: u8, len: usize) -> [usize; 2] {
    packed_word_bits(u32::from_le_bytes([first[0], first[1], first[2], 0]), last, len)
}

/// [`word_bits`] with the first three letters packed into the low three bytes of `first`.
#[inline]
pub fn packed_word_bits(first: u32, last: u8, len: usize) -> [usize; 2] {
    let v = u64::from(first & 0x00ff_ffff) | u64::from(last) << 24 | (len.min(255) as u64) << 32;
    let h = v.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // Two bits from two parts of one product: with one bit a common word of the text
    // collided with some name's first word about once in forty.
    [(h >> 48) as usize & (FIRST_BITS - 1), (h >> 24) as usize & (FIRST_BITS - 1)]
}

/// [`first_word_bits`] of a first word that starts with the character `c` beyond ASCII: its
/// bytes, and a length of 0, which no ASCII word has.
#[inline]
pub fn char_bits(c: char) -> [usize; 2] {
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

/// The tables: a few flat arrays over one string of names, kept as one block of bytes and
/// read in place (little-endian `u32`s, each array after its length, then the names). Every
/// `copydesk check` needs them before its first file: the built-in glossary's block is the
/// program's own data, prepared by the build script, so opening it checks a few lengths and
/// copies and builds nothing; a project's glossary builds its block in memory.
///
/// The arrays:
/// - patterns (4 words each): a distinct name in ASCII lower case, as a span of the names,
///   and its range of candidates ([`Pattern`]);
/// - candidates (3 words each): the entity, and the span of the exact spelling when the name
///   is case-sensitive (`u32::MAX` twice when not) ([`Candidate`]);
/// - by length: the patterns grouped by [`lower_hash`] of their first word (see
///   [`first_word`]), longest first within a group;
/// - groups (4 words each): the hash of a first word (two words) and its range of the
///   patterns by length. Two first words with one hash share a group, which costs a
///   comparison and nothing else: every pattern is compared with the text before it counts;
/// - slots: an open-addressing table of the groups by hash (group + 1, 0 for an empty slot;
///   a power of two at least twice the groups), so that a lookup costs a probe or two and
///   nothing has to be hashed into a map at start-up;
/// - first bits: the two bits of each first word's [`first_word_bits`] (as a `u64` array,
///   [`FIRST_BITS`] bits): a place of the text where either bit of its first word is clear
///   starts no name, and is passed over without a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    bytes: Cow<'static, [u8]>,
    /// Each array's start in `bytes` and its number of entries (bytes, for the names).
    patterns: (usize, usize),
    candidates: (usize, usize),
    by_length: (usize, usize),
    groups: (usize, usize),
    slots: (usize, usize),
    first_bits: usize,
    names: (usize, usize),
}

/// Words per entry of the arrays, in [`Tables`]' order (first bits: two per `u64`).
const WIDTHS: [usize; 6] = [4, 3, 1, 4, 1, 2];

impl Tables {
    /// The tables of `names`: (entity, name, case-sensitive), in glossary order.
    pub fn build<'a>(names_in: impl IntoIterator<Item = (usize, &'a str, bool)>) -> Tables {
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
        let mut groups = Vec::new();
        let mut lo = 0;
        while lo < keyed.len() {
            let hi = lo + keyed[lo..].iter().take_while(|x| x.0 == keyed[lo].0).count();
            groups.push((keyed[lo].0, lo as u32, hi as u32));
            lo = hi;
        }
        let mut slots = vec![0u32; (2 * groups.len()).next_power_of_two()];
        for (g, &(hash, _, _)) in groups.iter().enumerate() {
            let mut s = hash as usize & (slots.len() - 1);
            while slots[s] != 0 {
                s = (s + 1) & (slots.len() - 1);
            }
            slots[s] = g as u32 + 1;
        }
        let mut first_bits = vec![0u64; FIRST_BITS / 64];
        for &(_, _, k, n) in &keyed {
            let first = &text(patterns[k as usize].span)[..n];
            for bit in first_word_bits(first) {
                first_bits[bit / 64] |= 1 << (bit % 64);
            }
        }

        let mut w: Vec<u32> = vec![names.len() as u32, patterns.len() as u32];
        let split = |v: u64| [v as u32, (v >> 32) as u32];
        for p in &patterns {
            w.extend([p.span.0, p.span.1, p.candidates.0, p.candidates.1]);
        }
        w.push(candidates.len() as u32);
        for c in &candidates {
            let (a, b) = c.exact.unwrap_or((u32::MAX, u32::MAX));
            w.extend([c.entity as u32, a, b]);
        }
        w.push(keyed.len() as u32);
        w.extend(keyed.iter().map(|x| x.2));
        w.push(groups.len() as u32);
        for &(h, lo, hi) in &groups {
            w.extend(split(h));
            w.extend([lo, hi]);
        }
        w.push(slots.len() as u32);
        w.extend(&slots);
        w.push(first_bits.len() as u32);
        w.extend(first_bits.iter().flat_map(|&b| split(b)));
        let mut bytes: Vec<u8> = w.iter().flat_map(|x| x.to_le_bytes()).collect();
        bytes.extend(names.as_bytes());
        Tables::from_bytes(Cow::Owned(bytes)).expect("tables just built")
    }

    /// The tables as bytes (what the build script writes).
    #[allow(dead_code)] // by the build script and tests
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The tables in `bytes`, read in place; `None` when the lengths do not add up to the
    /// bytes. This is all that opening them costs; what the arrays hold is the build's to get
    /// right (a test holds the prepared tables to [`well_formed`](Self::well_formed)), and a
    /// read outside them would panic, not read elsewhere.
    pub fn from_bytes(bytes: Cow<'static, [u8]>) -> Option<Tables> {
        let word = |at: usize| Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize);
        let names_len = word(0)?;
        let mut at = 4;
        let mut arrays = [(0, 0); 6];
        for (array, width) in arrays.iter_mut().zip(WIDTHS) {
            let n = word(at)?;
            *array = (at + 4, n);
            at = at.checked_add(4 + n.checked_mul(4 * width)?)?;
        }
        let [patterns, candidates, by_length, groups, slots, first_bits] = arrays;
        let fits = bytes.len() == at.checked_add(names_len)?
            && first_bits.1 * 64 == FIRST_BITS
            && slots.1.is_power_of_two()
            && slots.1 >= 2 * groups.1;
        fits.then_some(Tables { bytes, patterns, candidates, by_length, groups, slots, first_bits: first_bits.0, names: (at, names_len) })
    }

    /// Whether every span and range the arrays hold lies within the names or the array it
    /// points into, the names are UTF-8 and every group is in its slot.
    #[allow(dead_code)] // by tests
    pub fn well_formed(&self) -> bool {
        let fits = |span: (u32, u32), len: usize| span.0 <= span.1 && span.1 as usize <= len;
        std::str::from_utf8(self.names()).is_ok()
            && (0..self.patterns.1).map(|k| self.pattern(k)).all(|p| fits(p.span, self.names.1) && fits(p.candidates, self.candidates.1))
            && (0..self.candidates.1).map(|i| self.candidate(i)).all(|c| c.exact.is_none_or(|s| fits(s, self.names.1)))
            && (0..self.by_length.1).all(|i| (self.by_length(i) as usize) < self.patterns.1)
            && self.groups().all(|(h, range)| fits(range, self.by_length.1) && self.group_of(h) == Some(range))
    }

    #[inline]
    fn word(&self, at: usize) -> u32 {
        // One bounds check, not one per byte: the lookups of names read a dozen words each.
        match self.bytes[at..].first_chunk::<4>() {
            Some(w) => u32::from_le_bytes(*w),
            None => panic!("word {at} past the end of the name tables"),
        }
    }

    /// Every name, in ASCII lower case and as spelled for the case-sensitive ones, end to end.
    #[inline]
    pub fn names(&self) -> &[u8] {
        &self.bytes[self.names.0..self.names.0 + self.names.1]
    }

    /// The bytes of a span of the names.
    #[inline]
    pub fn name(&self, (a, b): (u32, u32)) -> &[u8] {
        &self.names()[a as usize..b as usize]
    }

    pub fn pattern_count(&self) -> usize {
        self.patterns.1
    }

    #[inline]
    pub fn pattern(&self, k: usize) -> Pattern {
        let at = self.patterns.0 + 16 * k;
        Pattern { span: (self.word(at), self.word(at + 4)), candidates: (self.word(at + 8), self.word(at + 12)) }
    }

    #[inline]
    pub fn candidate(&self, i: usize) -> Candidate {
        let at = self.candidates.0 + 12 * i;
        let (a, b) = (self.word(at + 4), self.word(at + 8));
        Candidate { entity: self.word(at) as usize, exact: (a != u32::MAX).then_some((a, b)) }
    }

    /// The pattern at `i` of the patterns grouped by first word.
    #[inline]
    pub fn by_length(&self, i: usize) -> u32 {
        self.word(self.by_length.0 + 4 * i)
    }

    /// Group `g`: its first word's hash, and its range of [`by_length`](Self::by_length).
    #[inline]
    fn group(&self, g: usize) -> (u64, (u32, u32)) {
        let at = self.groups.0 + 16 * g;
        (u64::from(self.word(at)) | u64::from(self.word(at + 4)) << 32, (self.word(at + 8), self.word(at + 12)))
    }

    /// The range of [`by_length`](Self::by_length) of the names whose first word has `hash`.
    #[inline]
    pub fn group_of(&self, hash: u64) -> Option<(u32, u32)> {
        let mask = self.slots.1 - 1;
        let mut s = hash as usize & mask;
        for _ in 0..self.slots.1 {
            let g = self.word(self.slots.0 + 4 * s) as usize;
            if g == 0 {
                return None;
            }
            let (h, range) = self.group(g - 1);
            if h == hash {
                return Some(range);
            }
            s = (s + 1) & mask;
        }
        None
    }

    /// Every group: its first word's hash and range.
    pub fn groups(&self) -> impl Iterator<Item = (u64, (u32, u32))> + '_ {
        (0..self.groups.1).map(|g| self.group(g))
    }

    /// The bits of the first words' [`first_word_bits`], as bytes: bit `b` is bit `b % 8` of
    /// byte `b / 8` (a little-endian `u64` array). See [`first_bits_set`].
    pub fn first_bits(&self) -> &[u8] {
        &self.bytes[self.first_bits..self.first_bits + FIRST_BITS / 8]
    }
}

/// Whether both bits of a word's [`first_word_bits`] are set in [`Tables::first_bits`]: if
/// not, no name's first word is this word.
#[inline]
pub fn first_bits_set(bits: &[u8], [a, b]: [usize; 2]) -> bool {
    bits[a / 8] >> (a % 8) & bits[b / 8] >> (b % 8) & 1 == 1
}
