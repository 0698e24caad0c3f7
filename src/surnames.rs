//! The surnames of a story, before any rule compares them: the last word of each capitalised run
//! (`Attorney General Eric Schneiderman`), what stands before it (a title, a first name or
//! nothing), whether it stands in a quotation, and the function words that tell an English story
//! from a German one. The `name-spelling` rule joins them into spellings and compares those.
//!
//! A stage of its own (below [`crate::analysis`]) because the language server keeps the surnames
//! of each part of a long text ([`crate::incremental`]): a keystroke collects the edited part's.

use crate::prose::{Block, BlockKind};
use crate::quotes::Quote;
use crate::text::is_alnum;

/// Spellings shorter than this (in characters) are never compared.
const MIN_LEN: usize = 5;
/// Spellings longer than this (in bytes, folded) are never compared.
pub(crate) const MAX_BYTES: usize = 48;

/// Titles written before a surname. Abbreviations may carry a full stop (`Gen.`).
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Gen", "Sen", "Sens", "Rep", "Reps", "Gov", "Lt", "Col", "Capt", "Cpt",
    "Maj", "Sgt", "Adm", "Prof", "Rev", "Cmdr", "Amb", "Pres", "Insp", "Det", "Supt", "President", "Senator",
    "Governor", "Minister", "Secretary", "Chancellor", "Mayor", "Judge", "Justice", "General", "Sir", "Dame", "Lady",
    "Lord", "Prince", "Princess", "King", "Queen", "Pope", "Sheikh", "Ayatollah", "Speaker", "Congressman",
    "Congresswoman", "Representative", "Ambassador", "Professor", "Doctor", "Director", "Chairman", "Chairwoman",
    "Leader", "Commissioner", "Councillor", "Councilman", "Councilwoman", "Father", "Sister", "Brother", "Rabbi",
    "Imam", "Bishop", "Archbishop", "Cardinal", "Colonel", "Captain", "Major", "Sergeant", "Lieutenant", "Admiral",
    "Premier", "Sheriff", "Officer", "Coach", "Detective", "Inspector",
];
/// Words that start sentences and are no first names: `But Carson said` is a bare surname.
#[rustfmt::skip]
const STARTERS: &[&str] = &[
    "A", "An", "The", "This", "That", "These", "Those", "But", "And", "Or", "Nor", "So", "Yet", "For", "If", "When",
    "While", "Whilst", "As", "At", "In", "On", "Of", "By", "To", "From", "With", "Without", "After", "Before", "Since",
    "Until", "Unlike", "Like", "Although", "Though", "Because", "Once", "Then", "Now", "Still", "Also", "Even", "Only",
    "Meanwhile", "However", "Instead", "Indeed", "Later", "Earlier", "Today", "Yesterday", "Tomorrow", "Here", "There",
    "Where", "Why", "How", "What", "Who", "Whom", "Whose", "Which", "Under", "Over", "Against", "Among", "Between",
    "Through", "During", "Despite", "Including", "According", "Asked", "Said", "Says", "Both", "Each", "Every", "All",
    "Some", "Many", "Most", "Several", "No", "Not", "His", "Her", "Its", "Their", "Our", "My", "Your", "We", "They",
    "He", "She", "It", "I", "You", "Let", "Ask", "Tell", "Dear", "Thanks", "Sources", "Officials", "Critics",
    "Supporters", "Democrats", "Republicans", "Former", "Did", "Does", "Do", "Is", "Was", "Were", "Are", "Will",
    "Would", "Could", "Should", "Can", "May", "Might", "Must", "Has", "Have", "Had",
];

/// Words before a common noun or an adjective rather than before a surname.
const DETERMINERS: &[&str] = &["a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"];

/// A word of the prose that starts with a capital.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    /// End of the word without a possessive `’s`.
    end: usize,
    /// Capital first letter and at least one lower-case letter.
    capitalised: bool,
    /// First word of its sentence (or block).
    initial: bool,
    /// Tied to the word before, itself in this list, by a space (after an optional full stop
    /// behind a title or an initial): the two can be one name.
    joined: bool,
    /// Right after an article or a possessive (`a`, `the`, `their`).
    determined: bool,
}

/// How many function words of English and German are counted to tell which the story is in.
const TALLY: usize = 200;

/// Function words of English and German counted, in order, until there are enough to tell which
/// (`true`: English).
#[derive(Default)]
struct Tally {
    hits: Vec<bool>,
}

impl Tally {
    fn count(&mut self, w: &[u8]) {
        if self.hits.len() >= TALLY || w.len() > 5 {
            return;
        }
        match w {
            b"the" | b"and" | b"of" | b"to" | b"is" | b"was" | b"that" => self.hits.push(true),
            b"der" | b"die" | b"das" | b"und" | b"nicht" | b"ist" | b"sich" | b"dem" | b"mit" => self.hits.push(false),
            _ => {}
        }
    }

    /// Counts the function words of `text`, in order, until there are enough.
    fn count_words(&mut self, text: &str) {
        for w in text.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
            if self.hits.len() >= TALLY {
                return;
            }
            self.count(w);
        }
    }
}

/// The surnames found in some blocks of a text, in byte offsets, before they are joined into
/// spellings: what the language server keeps per part of a long text (see
/// [`crate::incremental`]), so that a keystroke collects the words of the edited part only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Words {
    occurrences: Vec<At>,
    /// The first function words counted ([`Tally`]), at most [`TALLY`].
    tally: Vec<bool>,
}

impl Words {
    /// The surnames of the blocks of `text` (`mask` its prose mask, `quotes` its quotations).
    pub(crate) fn collect(text: &str, mask: &str, blocks: &[Block], quotes: &[Quote]) -> Words {
        collect_words(text, mask, blocks, quotes)
    }

    /// The surnames, in order.
    pub(crate) fn occurrences(&self) -> &[At] {
        &self.occurrences
    }

    /// Do the function words counted say the story is in German (where every noun has a
    /// capital, so capitals say nothing of names)?
    pub(crate) fn german(&self) -> bool {
        let german = self.tally.iter().filter(|&&e| !e).count();
        german > self.tally.len() - german
    }

    /// Appends the words of the text that follows, found in its own offsets, moved by `by`.
    pub(crate) fn append(&mut self, next: &Words, by: usize) {
        self.occurrences.extend(next.occurrences.iter().map(|o| o.shifted(by)));
        let room = TALLY - self.tally.len().min(TALLY);
        self.tally.extend(next.tally.iter().take(room));
    }
}

/// One place a surname is used, in byte offsets (the `name-spelling` rule's `Occurrence`
/// before it borrows the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) before: BeforeAt,
    pub(crate) quoted: bool,
    pub(crate) doubtful: bool,
    pub(crate) determined: bool,
}

/// What stands before a surname (the `name-spelling` rule's `Before`), in byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BeforeAt {
    Bare,
    Title(usize, usize),
    First(usize, usize),
}

impl At {
    fn shifted(self, by: usize) -> At {
        let before = match self.before {
            BeforeAt::Bare => BeforeAt::Bare,
            BeforeAt::Title(s, e) => BeforeAt::Title(s + by, e + by),
            BeforeAt::First(s, e) => BeforeAt::First(s + by, e + by),
        };
        At { start: self.start + by, end: self.end + by, before, ..self }
    }
}

/// The surnames of the blocks of `text`, in order, with the function words counted.
fn collect_words(text: &str, mask: &str, blocks: &[Block], quotes: &[Quote]) -> Words {
    let tops: Vec<(usize, usize)> = quotes.iter().filter(|q| q.span.depth == 0).map(|q| (q.span.start, q.span.end)).collect();
    let mut words: Vec<Word> = Vec::new();
    let mut occurrences: Vec<At> = Vec::new();
    let mut top = 0;
    // German capitalises every noun: capitals say nothing of names there.
    let mut tally = Tally::default();
    for block in blocks.iter().filter(|b| b.kind != BlockKind::Heading) {
        words.clear();
        split_words(mask, block.start, block.end, &mut words);
        tally.count_words(&mask[block.start..block.end]);
        let mut i = 0;
        while i < words.len() {
            if !words[i].capitalised {
                i += 1;
                continue;
            }
            // The capitalised run words[i..j].
            let mut j = i + 1;
            while j < words.len() && words[j].joined && (words[j].capitalised || is_initial(&mask[words[j].start..words[j].end])) {
                j += 1;
            }
            let (run_start, last) = (i, words[j - 1]);
            i = j;
            let surname = &text[last.start..last.end];
            if surname.chars().count() < MIN_LEN || surname.len() > MAX_BYTES || !last.capitalised {
                continue;
            }
            let before = if j - 1 > run_start {
                let p = words[j - 2];
                let w = &text[p.start..p.end];
                if is_title(w) {
                    BeforeAt::Title(p.start, p.end)
                } else if p.initial && j - 2 == run_start && is_starter(w) {
                    BeforeAt::Bare
                } else {
                    BeforeAt::First(p.start, p.end)
                }
            } else {
                BeforeAt::Bare
            };
            while tops.get(top).is_some_and(|q| q.1 <= last.start) {
                top += 1;
            }
            let quoted = tops.get(top).is_some_and(|q| q.0 < last.end);
            let bare = before == BeforeAt::Bare;
            let doubtful = bare && last.initial;
            // `a Saudi woman`, `The Status of…`
            let determined = bare
                && (words[run_start].determined
                    || (j - 1 > run_start && is_determiner(&mask[words[run_start].start..words[run_start].end])));
            occurrences.push(At { start: last.start, end: last.end, before, quoted, doubtful, determined });
        }
    }
    Words { occurrences, tally: tally.hits }
}

/// `W` of `George W. Bush`.
fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_none()
}

/// The capitalised words of `mask[start..end]`. A word is a run of letters and digits with inner
/// apostrophes (`O’Brien`); a possessive `’s` is left out of it. Words that start in lower case
/// are not walked: the scan jumps from one capital (or non-ASCII character) to the next, and
/// looks back from a capitalised word to the word before it.
fn split_words(mask: &str, start: usize, end: usize, out: &mut Vec<Word>) {
    let bytes = mask.as_bytes();
    let mut i = start;
    while i < end {
        i = next_capital(bytes, i, end);
        if i >= end {
            break;
        }
        let (c, n) = char_at(mask, i);
        if !is_alnum(c) {
            i += n;
            continue;
        }
        let (we, lower, apostrophe) = word_end(mask, i, end);
        // Inside a word (`iPhone`, `d’Estaing`) or at a word in lower case: not a capitalised word.
        if !c.is_uppercase() || in_word(mask, start, i) {
            i = we;
            continue;
        }
        let ws = i;
        i = we;
        let word_end = if apostrophe { without_possessive(&mask[ws..we]) + ws } else { we };
        let capitalised = lower && word_end > ws;
        let (initial, joined, determined) = match word_before(mask, start, ws) {
            None => (true, false, false),
            Some((ps, pe, pend)) => {
                let pupper = char_at(mask, ps).0.is_uppercase();
                let gap = &mask[pend..ws];
                let w = &mask[ps..pe];
                let abbrev = pupper && gap.starts_with('.') && (is_initial(w) || is_title(w));
                let g = gap.trim_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '"' | '‘' | '(' | '[' | '«' | '„'));
                let ends = g.ends_with(['.', '!', '?', ':', ';']) || g.ends_with(".”") || g.ends_with("?”") || g.ends_with("!”");
                let initial = ends && !(g == "." && abbrev);
                let g = if abbrev { &gap[1..] } else { gap };
                let spaced = !g.is_empty()
                    && g.bytes().all(|b| b == b' ' || b == b'\t' || b == b'\n')
                    && g.bytes().filter(|&b| b == b'\n').count() <= 1;
                (initial, spaced && pupper, spaced && is_determiner(w))
            }
        };
        out.push(Word { start: ws, end: word_end, capitalised, initial, joined, determined });
    }
}

/// The first byte from `i` on that may start a capitalised word: an ASCII capital or the first
/// byte of a non-ASCII character. Sixteen bytes at a time while none is one (the compiler turns
/// the fold into vector instructions): most of a text is lower case.
fn next_capital(bytes: &[u8], mut i: usize, end: usize) -> usize {
    let hit = |b: u8| b.is_ascii_uppercase() || b >= 0x80;
    while i + 16 <= end && !bytes[i..i + 16].iter().fold(false, |any, &b| any | hit(b)) {
        i += 16;
    }
    while i < end && !hit(bytes[i]) {
        i += 1;
    }
    i
}

/// The end of the word that starts (or continues) at `i`, whether it has a lower-case letter and
/// whether it has an inner apostrophe.
fn word_end(mask: &str, i: usize, end: usize) -> (usize, bool, bool) {
    let bytes = mask.as_bytes();
    let (mut we, mut lower, mut apostrophe) = (i, false, false);
    while we < end {
        let b = bytes[we];
        if b.is_ascii_alphanumeric() {
            lower |= b.is_ascii_lowercase();
            we += 1;
            continue;
        }
        let (c, n) = char_at(mask, we);
        if is_alnum(c) {
            lower |= c.is_lowercase();
            we += n;
        } else if we > i && is_apostrophe(c) && we + n < end && char_at(mask, we + n).0.is_alphabetic() {
            apostrophe = true;
            we += n;
        } else {
            break;
        }
    }
    (we, lower, apostrophe)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Does the character at `i` continue a word begun before it (after a letter or digit, or after
/// an apostrophe that follows one)?
fn in_word(mask: &str, start: usize, i: usize) -> bool {
    if i == start {
        return false;
    }
    let (c, n) = char_before(mask, i);
    is_alnum(c) || (is_apostrophe(c) && i - n > start && is_alnum(char_before(mask, i - n).0))
}

/// The word before `ws` (after `start`): its start, its end without a possessive, and its end.
fn word_before(mask: &str, start: usize, ws: usize) -> Option<(usize, usize, usize)> {
    let mut pend = ws;
    while pend > start {
        let (c, n) = char_before(mask, pend);
        if is_alnum(c) {
            break;
        }
        pend -= n;
    }
    if pend == start {
        return None;
    }
    // Back over letters and digits, and over an apostrophe between a letter or digit and a letter.
    let mut ps = pend;
    while ps > start {
        let (c, n) = char_before(mask, ps);
        if is_alnum(c)
            || (is_apostrophe(c) && char_at(mask, ps).0.is_alphabetic() && ps - n > start && is_alnum(char_before(mask, ps - n).0))
        {
            ps -= n;
        } else {
            break;
        }
    }
    let pe = if mask[ps..pend].contains(['\'', '’']) { ps + without_possessive(&mask[ps..pend]) } else { pend };
    Some((ps, pe, pend))
}

/// The length of `w` without a possessive `’s`.
fn without_possessive(w: &str) -> usize {
    ["'s", "’s", "'S", "’S"].iter().find(|p| w.ends_with(*p)).map_or(w.len(), |p| w.len() - p.len())
}

fn is_determiner(w: &str) -> bool {
    if w.len() > 5 {
        return false;
    }
    DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(w))
}

/// Is `w` one of [`STARTERS`]?
fn is_starter(w: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STARTERS.iter().copied().collect()).contains(w)
}

/// Is `w` one of [`TITLES`]?
fn is_title(w: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| TITLES.iter().copied().collect()).contains(w)
}

/// The character that ends at `i`, and its length.
fn char_before(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i - 1];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = s[..i].chars().next_back().unwrap_or(' ');
    (c, c.len_utf8())
}

fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = s[i..].chars().next().unwrap_or(' ');
    (c, c.len_utf8())
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_start_at_word_boundaries_and_drop_possessives() {
        let text = "The iPhone of d’Estaing and O’Brien’s dog met McDonald. Mr. Smith’s aide, 3M and Ørsted.";
        let mut words = Vec::new();
        super::split_words(text, 0, text.len(), &mut words);
        let got: Vec<(&str, bool, bool, bool)> = words.iter().map(|w| (&text[w.start..w.end], w.initial, w.joined, w.determined)).collect();
        assert_eq!(
            got,
            [
                ("The", true, false, false),
                ("O’Brien", false, false, false),
                ("McDonald", false, false, false),
                ("Mr", true, false, false),
                ("Smith", false, true, false),
                ("Ørsted", false, false, false),
            ]
        );
    }
}
