//! How the attribution lexicon's lists become its tables: shared by the build script, which
//! prepares the tables of the built-in lexicon (every language, no project verbs) once, and by
//! the program, which prepares any other lexicon when a project asks for it. It also holds the
//! word functions the tables are keyed by (`is_alnum`, `first_word`, `lower_hash`), which the
//! rest of the program uses too. Plain `std`, as the build script compiles this file on its own.

use std::borrow::Cow;

/// `c.is_alphanumeric()`, with the letters of Latin-1 and basic Cyrillic, and the marks of
/// General Punctuation (“ ” ’ — …, which news copy is full of), answered without Unicode's
/// tables: their look-up was most of the time spent on Russian, German or French words.
pub fn is_alnum(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7f}' => false,
        '\u{c0}'..='\u{ff}' => c != '\u{d7}' && c != '\u{f7}',
        '\u{400}'..='\u{45f}' => true,
        '\u{2000}'..='\u{206f}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// The length of the run of ASCII letters and digits that `bytes` starts with, read eight bytes
/// at a time: a word's end is found without a branch per letter (the processor mispredicts the
/// last turn of such a loop once a word). It took about 1 % off the attribution stage, through
/// [`first_word`]; in the name matcher's word loop, which mostly meets short words, it cost 3 %
/// and is not used.
pub fn ascii_alnum_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each ASCII byte strictly between `lo` and `hi` (`hi` at most 0x80): the
    // two sums carry into a byte's high bit, and never into the next byte.
    const LOW7: u64 = ONES * 0x7f;
    let between = |x: u64, lo: u64, hi: u64| (ONES * (127 + hi) - (x & LOW7)) & !x & ((x & LOW7) + ONES * (127 - lo)) & HIGH;
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let x = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        // Digits, and letters in either case (`| 0x20` takes only A–Z into a–z).
        let alnum = between(x, 0x2f, 0x3a) | between(x | (ONES * 0x20), 0x60, 0x7b);
        let stop = !alnum & HIGH;
        if stop != 0 {
            return n + (stop.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii_alphanumeric()).count()
}

/// The first word of `s`, as the tables of names and of attribution phrases are keyed: its
/// leading run of letters and digits, or its first character when it starts with another
/// (`'Ndrangheta`, `’s view`).
pub fn first_word(s: &str) -> &str {
    // ASCII letters and digits first, byte by byte; the Unicode tables only past them.
    let ascii = ascii_alnum_run(s.as_bytes());
    if ascii > 0 && s.as_bytes().get(ascii).is_none_or(u8::is_ascii) {
        return &s[..ascii];
    }
    match s.chars().next() {
        Some(c) if is_alnum(c) => &s[..s.find(|c: char| !is_alnum(c)).unwrap_or(s.len())],
        Some(c) => &s[..c.len_utf8()],
        None => s,
    }
}

/// A hash of bytes in ASCII lower case (FNV-1a): it brings equal first words together in the
/// lexicon's tables and equal names together in the matcher's, so that sorting compares
/// strings only within a group, and it keys the matcher's groups by first word.
pub fn lower_hash(word: &[u8]) -> u64 {
    word.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3))
}

/// `s` in lower case, borrowed when it is already.
pub fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(s);
    }
    let l = s.to_lowercase();
    if l == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(l)
    }
}

/// One language of `lexicon.toml`.
pub struct Lang<'s, 'a> {
    pub verbs: &'s [&'a str],
    pub strong: &'s [&'a str],
    pub phrases: &'s [&'a str],
    pub needs_speaker: &'s [&'a str],
    pub speaker_nouns: &'s [&'a str],
    pub sources: &'s [&'a str],
}

/// The entries of one lexicon, in lower case, before they are made tables.
#[derive(Default)]
pub struct Lists<'a> {
    /// Every word and phrase.
    pub all: Vec<Cow<'a, str>>,
    /// The strong ones, which attribute even from a neighbouring sentence.
    pub strong: Vec<Cow<'a, str>>,
    /// Strong ones that are everyday phrases too (`went on`): strong only after a speaker.
    pub needs_speaker: Vec<Cow<'a, str>>,
    /// Nouns that stand for a speaker (`the mayor`).
    pub speaker_nouns: Vec<Cow<'a, str>>,
    /// Documents and messages (`statement`, `tweet`).
    pub sources: Vec<Cow<'a, str>>,
}

impl<'a> Lists<'a> {
    /// The lists of `langs`, plus a project's `extra` verbs (which count as strong).
    pub fn new<'s>(langs: impl IntoIterator<Item = Lang<'s, 'a>>, extra: &[String]) -> Lists<'a>
    where
        'a: 's,
    {
        let mut l = Lists::default();
        for b in langs {
            for list in [b.verbs, b.phrases, b.strong, b.sources] {
                l.all.extend(list.iter().map(|v| lower(v.trim())));
            }
            l.strong.extend(b.strong.iter().chain(b.needs_speaker).map(|w| lower(w)));
            l.needs_speaker.extend(b.needs_speaker.iter().map(|w| lower(w)));
            l.speaker_nouns.extend(b.speaker_nouns.iter().map(|w| lower(w)));
            l.sources.extend(b.sources.iter().map(|w| lower(w)));
        }
        for v in extra {
            let v: Cow<'a, str> = Cow::Owned(v.trim().to_lowercase());
            l.all.push(v.clone());
            l.strong.push(v);
        }
        l
    }
}

/// A table's entries: `pats` with their capitalised forms, grouped by first word, longest
/// first and then in byte order within a group, without repeats.
///
/// Case-sensitive on purpose (`States` is not `states`): phrases, non-ASCII words and verbs in
/// the past tense also get a capitalised form, for the start of a sentence (`According to`,
/// `Said Dorothy Poynter, …`, `По словам`).
pub fn table(mut pats: Vec<Cow<'_, str>>) -> Vec<Cow<'_, str>> {
    let caps: Vec<Cow<'_, str>> = pats
        .iter()
        .filter(|p| {
            p.contains(' ')
                || !p.is_ascii()
                || p.ends_with("ed")
                || ["said", "says", "told", "wrote", "adding", "according"].contains(&p.as_ref())
        })
        .map(|p| {
            let mut c = p.chars();
            Cow::Owned(c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default())
        })
        .collect();
    pats.extend(caps);
    arrange(pats)
}

/// `pats` without repeats, grouped by first word (in the order of [`lower_hash`] of it), longest
/// first and then in byte order within a group: a [`table`] without the capitalised forms, as
/// the lexicon's plain sets are kept.
pub fn arrange(pats: Vec<Cow<'_, str>>) -> Vec<Cow<'_, str>> {
    // The groups are ordered by a hash of their first word, so that sorting compares strings
    // only within a group (sorting by the strings themselves was most of the work).
    let mut keyed: Vec<(u64, usize, Cow<'_, str>)> = pats
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            let n = first_word(&p).len();
            (lower_hash(p[..n].as_bytes()), n, p)
        })
        .collect();
    keyed.sort_unstable_by(|(h, a, p), (k, b, q)| {
        h.cmp(k).then_with(|| p[..*a].cmp(&q[..*b])).then(q.len().cmp(&p.len())).then_with(|| p.cmp(q))
    });
    keyed.dedup_by(|x, y| x.2 == y.2);
    keyed.into_iter().map(|(_, _, p)| p).collect()
}

/// The groups of a [`table`]: each run of entries with one first word, as the length of that
/// word and the run's range of `pats`.
pub fn groups<S: AsRef<str>>(pats: &[S]) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let first = |i: usize| first_word(pats[i].as_ref());
    let mut lo = 0;
    std::iter::from_fn(move || {
        if lo >= pats.len() {
            return None;
        }
        let key = first(lo);
        let hi = lo + 1 + (lo + 1..pats.len()).take_while(|&i| first(i) == key).count();
        let group = (key.len(), lo, hi);
        lo = hi;
        Some(group)
    })
}

/// A [`table`] (or [`arrange`]d set) prepared to be read in place: its entries end to end, and
/// an index of little-endian `u32`s:
/// - the number of entries, then where each entry ends in the text;
/// - the number of groups ([`groups`]), then each group's first entry, its end, and the
///   length of its first word;
/// - the number of slots, then the slots: an open-addressing table of the groups by
///   [`lower_hash`] of their first word (a power of two at least twice the groups), each slot
///   the hash's upper half, which passes over most words that share a slot without reading
///   their group, and the group + 1 (0 for an empty slot).
///
/// The built-in lexicon's are prepared by the build script; a project's lexicon prepares its
/// own in memory, so both are read the same way and nothing is hashed into a map at start-up.
pub fn prepare<S: AsRef<str>>(entries: &[S]) -> (String, Vec<u8>) {
    let mut text = String::new();
    let mut index = vec![entries.len() as u32];
    for e in entries {
        text.push_str(e.as_ref());
        index.push(text.len() as u32);
    }
    let groups: Vec<(usize, usize, usize)> = groups(entries).collect();
    index.push(groups.len() as u32);
    for &(n, lo, hi) in &groups {
        index.extend([lo as u32, hi as u32, n as u32]);
    }
    let mut slots = vec![(0u32, 0u32); (2 * groups.len()).next_power_of_two()];
    for (g, &(n, lo, _)) in groups.iter().enumerate() {
        let hash = lower_hash(&entries[lo].as_ref().as_bytes()[..n]);
        let mut s = hash as usize & (slots.len() - 1);
        while slots[s].1 != 0 {
            s = (s + 1) & (slots.len() - 1);
        }
        slots[s] = ((hash >> 32) as u32, g as u32 + 1);
    }
    index.push(slots.len() as u32);
    index.extend(slots.iter().flat_map(|&(tag, g)| [tag, g]));
    (text, index.iter().flat_map(|w| w.to_le_bytes()).collect())
}
