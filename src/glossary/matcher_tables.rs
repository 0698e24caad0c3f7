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

/// A hash of an ASCII word in lower case, folded to a bit of [`Tables::first_bits`]: of its
/// length and its first three and last letters, so that a word of the text costs one pass to
/// find its end and one multiplication.
pub fn word_hash(lower_ascii: &[u8]) -> usize {
    let at = |i: usize| lower_ascii.get(i).copied().unwrap_or(0);
    word_hash_parts(&[at(0), at(1), at(2)], lower_ascii.last().copied().unwrap_or(0), lower_ascii.len())
}

/// [`word_hash`] of a word given by its first three letters (0 past its end), its last and its
/// length.
pub fn word_hash_parts(first: &[u8; 3], last: u8, len: usize) -> usize {
    let v =
        u64::from(first[0]) | u64::from(first[1]) << 8 | u64::from(first[2]) << 16 | u64::from(last) << 24 | (len.min(255) as u64) << 32;
    (v.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize & (FIRST_BITS - 1)
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

/// The tables: a few flat arrays over one string of names. Every `copydesk check` needs them
/// before its first file, and a string and a vector per name made building them most of a
/// story's check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    /// Every name, in ASCII lower case and as spelled for the case-sensitive ones, end to end.
    pub names: String,
    pub patterns: Vec<Pattern>,
    pub candidates: Vec<Candidate>,
    /// Indices of [`patterns`](Self::patterns), grouped by [`lower_hash`] of their first word
    /// (see [`first_word`]), longest first within a group.
    pub by_length: Vec<u32>,
    /// Each group: the hash of its first word and its range of [`by_length`](Self::by_length).
    /// Two first words with one hash share a group, which costs a comparison and nothing else:
    /// every pattern is compared with the text before it counts.
    pub groups: Vec<(u64, u32, u32)>,
    /// A bit per [`word_hash`] of the first words that are ASCII: a word of the text whose bit
    /// is clear starts no name, and is passed over without a table lookup.
    pub first_bits: Vec<u64>,
}

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
        let mut first_bits = vec![0u64; FIRST_BITS / 64];
        for &(_, _, k, n) in &keyed {
            let first = &text(patterns[k as usize].span)[..n];
            if first.is_ascii() {
                let bit = word_hash(first.as_bytes());
                first_bits[bit / 64] |= 1 << (bit % 64);
            }
        }
        let by_length = keyed.into_iter().map(|x| x.2).collect();
        Tables { names, patterns, candidates, by_length, groups, first_bits }
    }

    /// The tables as bytes: little-endian `u32`s (a `u64` as two), each array after its length,
    /// then the names. (The build script writes them; the program only reads them.)
    #[allow(dead_code)]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w: Vec<u32> = Vec::new();
        let split = |v: u64| [v as u32, (v >> 32) as u32];
        w.push(self.names.len() as u32);
        w.push(self.patterns.len() as u32);
        for p in &self.patterns {
            w.extend([p.span.0, p.span.1, p.candidates.0, p.candidates.1]);
        }
        w.push(self.candidates.len() as u32);
        for c in &self.candidates {
            let (a, b) = c.exact.unwrap_or((u32::MAX, u32::MAX));
            w.extend([c.entity as u32, a, b]);
        }
        w.push(self.by_length.len() as u32);
        w.extend(&self.by_length);
        w.push(self.groups.len() as u32);
        for &(h, lo, hi) in &self.groups {
            w.extend(split(h));
            w.extend([lo, hi]);
        }
        w.push(self.first_bits.len() as u32);
        w.extend(self.first_bits.iter().flat_map(|&b| split(b)));
        let mut out: Vec<u8> = w.iter().flat_map(|x| x.to_le_bytes()).collect();
        out.extend(self.names.as_bytes());
        out
    }

    /// The tables from [`to_bytes`](Self::to_bytes); `None` when the bytes are not such tables.
    pub fn from_bytes(bytes: &[u8]) -> Option<Tables> {
        let mut at = 0;
        let mut word = || {
            let w = bytes.get(at..at + 4)?;
            at += 4;
            Some(u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        };
        let names_len = word()? as usize;
        let patterns =
            (0..word()?).map(|_| Some(Pattern { span: (word()?, word()?), candidates: (word()?, word()?) })).collect::<Option<Vec<_>>>()?;
        let candidates = (0..word()?)
            .map(|_| {
                let (entity, a, b) = (word()? as usize, word()?, word()?);
                Some(Candidate { entity, exact: (a != u32::MAX).then_some((a, b)) })
            })
            .collect::<Option<Vec<_>>>()?;
        let by_length = (0..word()?).map(|_| word()).collect::<Option<Vec<_>>>()?;
        let groups =
            (0..word()?).map(|_| Some((u64::from(word()?) | u64::from(word()?) << 32, word()?, word()?))).collect::<Option<Vec<_>>>()?;
        let first_bits = (0..word()?).map(|_| Some(u64::from(word()?) | u64::from(word()?) << 32)).collect::<Option<Vec<_>>>()?;
        let names = std::str::from_utf8(bytes.get(at..at + names_len)?).ok()?.to_string();
        (at + names_len == bytes.len()).then_some(Tables { names, patterns, candidates, by_length, groups, first_bits })
    }
}
