//! Text helpers at the bottom of the core: which characters are letters or digits, the first
//! word of a string, as the lexicon and the name matcher key their tables, and the span of a
//! name found in a text.

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

/// The first word of `s`, as the tables of names and of attribution phrases are keyed: its
/// leading run of letters and digits, or its first character when it starts with another
/// (`'Ndrangheta`, `’s view`).
pub fn first_word(s: &str) -> &str {
    // ASCII letters and digits first, byte by byte; the Unicode tables only past them.
    let ascii = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if ascii > 0 && s.as_bytes().get(ascii).is_none_or(u8::is_ascii) {
        return &s[..ascii];
    }
    match s.chars().next() {
        Some(c) if is_alnum(c) => &s[..s.find(|c: char| !is_alnum(c)).unwrap_or(s.len())],
        Some(c) => &s[..c.len_utf8()],
        None => s,
    }
}

/// A name found in the text: bytes `start..end`, naming entity number `entity` of the glossary
/// the matcher was built from. The glossary's matcher makes them; the prose and quotation stages
/// read them (a name is one word to the heading tests, its apostrophes close no quotation), so
/// the type lives down here, below all three.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_alnum_is_is_alphanumeric() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn first_word_is_a_run_of_letters_and_digits_or_one_character() {
        assert_eq!(first_word("Pushkov9said, “"), "Pushkov9said");
        assert_eq!(first_word("Café au lait"), "Café");
        assert_eq!(first_word("По словам"), "По");
        assert_eq!(first_word("’s view"), "’");
        assert_eq!(first_word("'Ndrangheta"), "'");
        assert_eq!(first_word(""), "");
    }
}
