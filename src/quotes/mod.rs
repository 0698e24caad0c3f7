//! Quotations: pairing of marks ([`pairing`]), what kind each quotation is (a direct quote to
//! attribute, a quoted name or title, a headline), and to whom it is attributed
//! ([`attribution`]).

pub mod attribution;
pub mod lexicon;
pub(crate) mod lexicon_tables;
pub mod pairing;

pub use attribution::{Attribution, Pattern};
pub use pairing::{Family, Span, Stray};

use crate::prose::{is_alnum, BlockKind, Prose};

/// What a quotation is, for the purpose of attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// A direct quotation: someone's words, which must say whose they are.
    Direct,
    /// A quoted name, scare quote or title: three words or fewer, or a short Title Case
    /// phrase without sentence punctuation (“Islamic state”, “Saturday Night Live”).
    Term,
    /// A quotation in a headline or subhead (a heading, or a short line without sentence
    /// punctuation): headlines quote without attributing.
    Headline,
    /// A quotation inside another quotation: the outer one is attributed.
    Nested,
    /// A short fragment woven into the reporter's sentence, starting in lower case
    /// (`praised her as a “work horse, not a show horse”`): its source is the sentence's
    /// subject or was named before.
    Partial,
}

/// A quotation with its kind and attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub span: Span,
    pub kind: QuoteKind,
    /// `None` unless `kind` is `Direct` (and for nested, headline and term quotes).
    pub attribution: Option<Attribution>,
}

impl Quote {
    pub fn start(&self) -> usize {
        self.span.start
    }
    pub fn end(&self) -> usize {
        self.span.end
    }
}

/// All quotations of a text and the marks that have no partner.
#[derive(Debug, Clone, Default)]
pub struct Quotes {
    pub quotes: Vec<Quote>,
    pub strays: Vec<Stray>,
}

impl Quotes {
    pub fn analyze(prose: &Prose, lexicon: &lexicon::Lexicon, context: crate::config::AttributionContext) -> Quotes {
        let pairing = pairing::pair(prose);
        let singles = singles_are_headline_style(top_level_counts(&pairing.spans));
        Quotes::from_pairing(prose, pairing, lexicon, context, singles)
    }

    /// The quotations of a pairing: their kinds, then their attribution. `singles_are_headline_style`
    /// is decided over the whole text (see [`singles_are_headline_style`]).
    pub(crate) fn from_pairing(
        prose: &Prose,
        pairing: pairing::Pairing,
        lexicon: &lexicon::Lexicon,
        context: crate::config::AttributionContext,
        singles_are_headline_style: bool,
    ) -> Quotes {
        let mut quotes: Vec<Quote> = pairing
            .spans
            .into_iter()
            .map(|span| {
                let mut kind = classify(prose, &span, lexicon);
                if kind == QuoteKind::Direct && span.family == Family::Single && singles_are_headline_style {
                    kind = QuoteKind::Headline;
                }
                Quote { span, kind, attribution: None }
            })
            .collect();
        // `headlines such as “A” and “B?”`: a quotation joined to a woven one by `and`, `or`
        // or a comma is woven too.
        for i in 1..quotes.len() {
            let (prev, cur) = (&quotes[i - 1], &quotes[i]);
            if cur.kind == QuoteKind::Direct
                && prev.span.depth == 0
                && cur.span.depth == 0
                && prev.span.block == cur.span.block
                && matches!(prev.kind, QuoteKind::Partial | QuoteKind::Term)
            {
                let gap = prose.mask[prev.span.end..cur.span.start].trim().trim_matches(',');
                if ["and", "or", "", "and then", "but"].contains(&gap.trim()) {
                    quotes[i].kind = QuoteKind::Partial;
                }
            }
        }
        attribution::attribute(prose, &mut quotes, lexicon, context);
        Quotes { quotes, strays: pairing.strays }
    }

    /// The innermost quotation whose content contains `offset`.
    pub fn at(&self, offset: usize) -> Option<&Quote> {
        self.quotes.iter().filter(|q| q.span.start <= offset && offset < q.span.end).max_by_key(|q| q.span.depth)
    }
}

/// The number of top-level quotations in double marks, single marks and guillemets.
pub(crate) fn top_level_counts(spans: &[Span]) -> [usize; 3] {
    let mut n = [0; 3];
    for s in spans.iter().filter(|s| s.depth == 0) {
        n[s.family as usize] += 1;
    }
    n
}

/// Where double marks are the story's quotation marks, a top-level quotation in single marks is
/// a headline convention (‘Not fit to serve’), not speech to attribute. `counts`: from
/// [`top_level_counts`].
pub(crate) fn singles_are_headline_style(counts: [usize; 3]) -> bool {
    counts[Family::Single as usize] < counts[Family::Double as usize] + counts[Family::Guillemet as usize]
}

/// Words in a slice: runs of characters holding at least one letter or digit.
pub(crate) fn word_count(s: &str) -> usize {
    word_count_upto(s, usize::MAX)
}

/// [`word_count`], but stops counting at `limit`.
pub(crate) fn word_count_upto(s: &str, limit: usize) -> usize {
    // `split_whitespace` and `is_alphanumeric`, read byte by byte where the text is ASCII.
    let bytes = s.as_bytes();
    let (mut count, mut in_word, mut counted, mut i) = (0, false, false, 0);
    while i < bytes.len() && count < limit {
        let b = bytes[i];
        let (space, alnum, len) = if b < 0x80 {
            (matches!(b, b' ' | b'\t'..=b'\r'), b.is_ascii_alphanumeric(), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), is_alnum(c), c.len_utf8())
        };
        i += len;
        if space {
            in_word = false;
            continue;
        }
        if !in_word {
            in_word = true;
            counted = false;
        }
        if !counted && alnum {
            counted = true;
            count += 1;
        }
    }
    count
}

const SMALL_WORDS: &[&str] =
    &["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "de", "la", "le", "du", "vs", "v", "is"];

fn classify(prose: &Prose, span: &Span, lexicon: &lexicon::Lexicon) -> QuoteKind {
    if span.depth > 0 {
        return QuoteKind::Nested;
    }
    if prose.blocks[span.block].kind == BlockKind::Heading {
        return QuoteKind::Headline;
    }
    let content = &prose.mask[span.content_start..span.content_end];
    // Compared with 3, 5 and 12 only: counting stops at 13.
    let words = word_count_upto(content, 13);
    if !content.chars().any(char::is_lowercase) && content.chars().filter(|c| c.is_alphabetic()).count() >= 8 {
        return QuoteKind::Headline; // ‘EUROPEANS ASK IF VIOLENCE IS BECOMING FACT OF LIFE’
    }
    if words <= 3 && span.closed {
        return QuoteKind::Term;
    }
    if span.closed && words <= 12 && is_title_case(content) {
        return QuoteKind::Term;
    }
    let block = prose.blocks[span.block];
    let block_start = block.start;
    if span.closed && is_partial(&prose.mask, block_start, span.start, content) {
        return QuoteKind::Partial;
    }
    // Woven into the middle of the reporter's sentence, which goes on after it in lower case:
    // `his act—“My tax plan will be a tremendous plan!”—is wearing thin`,
    // `headlines such as “Birth control makes women crazy” and …`.
    // A quotation that is the subject of the reporter's sentence is woven in the same way:
    // `“I am committed to bringing back manufacturing” sounds great in Ohio`.
    if span.closed && continues(&prose.mask[span.end..block.end], lexicon) {
        return QuoteKind::Partial;
    }
    // A short phrase inside a sentence, with no sentence punctuation: `the “90 to 95 percent” figure`.
    let ends_clause = content.trim_end().ends_with(['.', '!', '?', ',', '…']);
    if span.closed && words <= 5 && !ends_clause && embedded(&prose.mask, block_start, span.start) {
        return QuoteKind::Term;
    }
    QuoteKind::Direct
}

/// Starts in lower case and stands inside a sentence (after a word or a comma, not at the
/// start of a sentence or after a colon).
fn is_partial(mask: &str, block_start: usize, open: usize, content: &str) -> bool {
    let first = content.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '…' | '-' | '—' | '[' | '(')).chars().next();
    if !first.is_some_and(char::is_lowercase) {
        return false;
    }
    embedded(mask, block_start, open)
}

/// The sentence goes on after the quotation in lower case (not `, he said`: a pronoun or a
/// speech verb there is attribution, which the attribution step finds).
fn continues(after: &str, lexicon: &lexicon::Lexicon) -> bool {
    let t = after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | ','));
    let word: String = t.chars().take_while(|c| c.is_alphanumeric() || *c == '\'').collect();
    let lower = word.to_lowercase();
    // `'' scoffed Arianna Gil`, `” the minister said`: attribution, not a continuation.
    let head_end = lexicon::words(t).nth(4).map_or(t.len(), |(i, _)| i);
    let attributes = lexicon.find(&t[..head_end]).is_some();
    !attributes
        && !word.is_empty()
        && word.starts_with(char::is_lowercase)
        && !after.trim_start().starts_with(',')
        && !["he", "she", "they", "it", "i", "we", "you", "said", "says", "asked", "added", "told", "wrote", "read"]
            .contains(&lower.as_str())
}

/// Preceded, in its paragraph, by a word or a comma or dash: inside a sentence.
fn embedded(mask: &str, block_start: usize, open: usize) -> bool {
    let before = mask[block_start..open].trim_end();
    let last = before.chars().next_back();
    last.is_some_and(|c| is_alnum(c) || matches!(c, ',' | '—' | '–' | '-' | '(' | ')' | '’'))
}

/// Title Case and no sentence punctuation inside: “The Art of the Deal”.
fn is_title_case(s: &str) -> bool {
    let inner = s.trim().trim_end_matches(['.', ',', '!', '?']);
    let sentence_break = inner.match_indices(". ").any(|(i, _)| {
        let word = inner[..i].rsplit(' ').next().unwrap_or("");
        !(word.chars().count() == 1 && word.chars().all(char::is_uppercase)) // an initial: Donald J. Trump
    });
    if inner.contains(';') || sentence_break {
        return false;
    }
    let mut significant = 0;
    let mut capital = 0;
    for w in inner.split_whitespace() {
        let w = w.trim_matches(|c: char| !is_alnum(c));
        // The small words are ASCII: comparing without regard to ASCII case is lower-casing.
        if w.is_empty() || SMALL_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            continue;
        }
        significant += 1;
        if w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
            capital += 1;
        }
    }
    significant > 0 && capital == significant
}
