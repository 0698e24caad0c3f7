//! Quotations: pairing of marks ([`pairing`]), what kind each quotation is (a direct quote to
//! attribute, a quoted name or title, a headline), and to whom it is attributed
//! ([`attribution`]).

pub mod attribution;
mod german;
pub mod lexicon;
pub mod pairing;

pub use attribution::{Attribution, Pattern};
pub use pairing::{Family, Span, Stray};

use crate::prose::{is_alnum, BlockKind, Prose};
use serde::Deserialize;

/// How far from a quotation its attribution may stand (`[attribution] context` in the
/// configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AttributionContext {
    /// The news conventions: the quotation's sentence, the sentences next to it, an attributed
    /// quotation earlier in the paragraph or at the end of the previous one (when nothing marks
    /// a change of speaker), a paragraph that introduces the speaker (not one that only
    /// paraphrases someone). Fewest false alarms.
    #[default]
    Paragraph,
    /// The same, except that a quotation opening a paragraph is attributed by the previous
    /// paragraph only through a lead-in ending with a colon (`Cruz continued:`) or a quotation
    /// left open (the multi-paragraph convention), never by a closed quotation before it: the
    /// convention of desks that re-attribute every quoted paragraph.
    LeadIn,
    /// Strict: only the quotation's own sentence, a colon or dash lead-in, and a follow-on
    /// quotation after one attributed in its own sentence. For desks that want every quoted
    /// paragraph attributed; more findings.
    Sentence,
}

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

    /// The same quotation in a text where its own stands `by` bytes further on (block and run
    /// numbers unchanged).
    pub fn shifted(&self, by: usize) -> Quote {
        Quote { span: self.span.shifted(by), attribution: self.attribution.map(|a| a.shifted(by)), ..self.clone() }
    }
}

/// All quotations of a text and the marks that have no partner.
#[derive(Debug, Clone, Default)]
pub struct Quotes {
    pub quotes: Vec<Quote>,
    pub strays: Vec<Stray>,
}

impl Quotes {
    pub fn analyze(prose: &Prose, lexicon: &lexicon::Lexicon, context: AttributionContext) -> Quotes {
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
        context: AttributionContext,
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

/// Words in a slice, runs of characters holding at least one letter or digit, counted up to
/// `limit`: callers compare the count with a small number, and a paragraph can be long.
pub(crate) fn word_count_upto(s: &str, limit: usize) -> usize {
    // `split_whitespace` and `is_alphanumeric`. An ASCII byte is read through a table, without
    // a branch: the word count of a quotation's content decides its kind, for every quotation,
    // and a branch per byte on spaces and letters was mispredicted at every word's edge.
    let bytes = s.as_bytes();
    // `counted`: 1 once the current word holds a letter or digit; a space ends the word.
    let (mut count, mut counted, mut i) = (0, 0, 0);
    while i < bytes.len() && count < limit {
        let b = bytes[i];
        let (space, alnum) = if b < 0x80 {
            i += 1;
            let class = ASCII_CLASS[b as usize];
            (class >> 1, class & 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            (usize::from(c.is_whitespace()), usize::from(is_alnum(c)))
        };
        count += alnum & !counted & 1;
        counted = (counted | alnum) & !space & 1;
    }
    count
}

/// Each ASCII byte's class for [`word_count_upto`]: 1 for a letter or digit, 2 for white space
/// (` `, `\t` to `\r`, as `char::is_whitespace` has them), 0 for the rest.
const ASCII_CLASS: [usize; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            1
        } else if matches!(c, b' ' | b'\t'..=b'\r') {
            2
        } else {
            0
        };
        b += 1;
    }
    t
};

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
    if span.closed && announced_as_a_name(&prose.mask[block_start..span.start], content) {
        return QuoteKind::Term;
    }
    if span.closed && in_a_list(&prose.mask[block_start..span.start], &prose.mask[span.end..block.end], content) {
        return QuoteKind::Term;
    }
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

/// Nouns (and `titled`, `entitled`) after which a quotation is a title, not someone's words:
/// `der Vortrag „Erinnerungen an die Straßenbahn“`, `unter dem Titel „…“`, `the book “…”`.
/// Only the word right before the opening mark counts (a colon or comma between them, as in
/// `sagte der Autor des Buches: „…“`, leaves the quotation a quotation). Compared without regard
/// to case (German nouns are capitalised, English ones are not).
const TITLE_NOUNS: &[&str] = &[
    // German
    "vortrag",
    "buch",
    "ausstellung",
    "film",
    "motto",
    "titel",
    "roman",
    "lied",
    "song",
    "album",
    "sendung",
    "kampagne",
    "theaterstück",
    "stück",
    "serie",
    "dokumentation",
    "slogan",
    "gedicht",
    "aufsatz",
    "essay",
    "oper",
    "musical",
    "leitspruch",
    "schlagzeile",
    "überschrift",
    "thema",
    "namens",
    // English
    "book",
    "novel",
    "memoir",
    "exhibition",
    "exhibit",
    "movie",
    "documentary",
    "series",
    "episode",
    "show",
    "play",
    "poem",
    "anthem",
    "slogan",
    "headline",
    "titled",
    "entitled",
];

/// One of a list of quotations (`darunter „A“, „B“ oder beispielsweise „C“`, `“A”, “B” and
/// “C”`): what is listed is titles or names; nobody's words are listed so. The quotation's
/// content ends with no sentence punctuation, and a comma, `und`, `oder`, `sowie`, `and` or
/// `or` (perhaps with `beispielsweise`, `etwa`) is all that stands between its marks and the
/// next or previous quotation's.
fn in_a_list(before: &str, after: &str, content: &str) -> bool {
    const JOINS: &[&str] = &["und", "oder", "sowie", "and", "or", "beispielsweise", "etwa"];
    let joined = |gap: &str| {
        let words = gap.trim_matches(|c: char| c.is_whitespace() || c == ',');
        (gap.contains(',') || !words.is_empty()) && words.split_whitespace().all(|w| JOINS.contains(&w))
    };
    if content.trim_end().ends_with(['.', '!', '?', ',', ';', ':', '…']) {
        return false;
    }
    const MARKS: &[char] = &['„', '“', '”', '»', '«', '"', '‚', '‘', '’', '\''];
    // The next opening mark within 30 characters after its closing mark, and the previous
    // closing mark within 30 characters before its opening mark.
    let head = &after[..after.char_indices().nth(30).map_or(after.len(), |(i, _)| i)];
    let next = head.find(MARKS).is_some_and(|i| joined(&head[..i]));
    let tail = &before[before.char_indices().rev().nth(30).map_or(0, |(i, _)| i)..];
    let prev = tail.char_indices().rev().find(|&(_, c)| MARKS.contains(&c)).is_some_and(|(i, c)| joined(&tail[i + c.len_utf8()..]));
    next || prev
}

/// The last word before a quotation's opening mark is a title noun (see [`TITLE_NOUNS`]), or
/// a German article before a capitalised first word: `Teile des „Gesetzes über den
/// Verfassungsschutz“`, `die „Alternative für Deutschland“` (someone's words do not take an
/// article; a partial quotation that does starts in lower case: `die „nicht nachvollziehbare
/// Entscheidung“`).
fn announced_as_a_name(before: &str, content: &str) -> bool {
    const ARTICLES: &[&str] = &["der", "die", "das", "des", "dem", "den", "eines", "einem", "einen"];
    let before = before.trim_end();
    let Some((start, _)) = before.char_indices().rev().take_while(|&(_, c)| is_alnum(c)).last() else {
        return false;
    };
    let word = &before[start..];
    // `Das „Departement Information und Presse“` opening a sentence; `des „… e.V.“` (an
    // abbreviation's stop: only a question or an exclamation ends someone's words here).
    let article = word.len() <= 5 && ARTICLES.contains(&word.to_lowercase().as_str());
    let named = article && content.starts_with(char::is_uppercase) && !content.trim_end().ends_with(['!', '?']);
    // The longest noun is 13 bytes: longer words need no lower-casing.
    named || word.len() <= 14 && TITLE_NOUNS.contains(&word.to_lowercase().as_str())
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
    if after.trim_start().starts_with(',') {
        return false;
    }
    let t = after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | ','));
    let word = &t[..t.find(|c: char| !(c.is_alphanumeric() || c == '\'')).unwrap_or(t.len())];
    // Most quotations are followed by a capital (`” Pushkov said`) or punctuation: the cheap
    // tests first, the lexicon last.
    if !word.starts_with(char::is_lowercase) {
        return false;
    }
    // The words are ASCII, and no letter outside ASCII lower-cases into one of theirs (the
    // Kelvin sign's `k` is in none), so comparing without regard to ASCII case is lower-casing.
    if ["he", "she", "they", "it", "i", "we", "you", "said", "says", "asked", "added", "told", "wrote", "read"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
    {
        return false;
    }
    // `'' scoffed Arianna Gil`, `” the minister said`: attribution, not a continuation.
    let head_end = lexicon::words(t).nth(4).map_or(t.len(), |(i, _)| i);
    lexicon.find(&t[..head_end]).is_none()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<QuoteKind> {
        let prose = Prose::new(text, crate::Markup::Plain);
        let lexicon = lexicon::Lexicon::new(&["auto".to_string()], &[]);
        Quotes::analyze(&prose, &lexicon, AttributionContext::Paragraph).quotes.iter().map(|q| q.kind).collect()
    }

    #[test]
    fn a_german_article_before_a_capital_makes_a_name() {
        let law = "Teile des „Gesetzes über den Schutz der Verfassung in diesem Land“ sind nichtig.";
        assert_eq!(kinds(law), [QuoteKind::Term]);
        let name = "Das „Amt für Information und Presse“ gab einen Kommentar ab. Zu sehen war nur eine Nachricht des „Vereins zur Förderung der Stadtgeschichte e.V.“ im Netz.";
        assert_eq!(kinds(name), [QuoteKind::Term; 2]);
        // Lower case after the article: someone's words woven in, not a name.
        let words = "Er nannte den Plan die „größte Dummheit, die dieser Stadtrat je beschlossen hat“.";
        assert_ne!(kinds(words), [QuoteKind::Term]);
        let said = "Dazu sagte der Sprecher der Stadt: „Wir werden diesen Weg bis zum Ende gehen.“";
        assert_eq!(kinds(said), [QuoteKind::Direct]);
    }

    #[test]
    fn quotations_in_a_list_are_titles() {
        let de = "Zu sehen waren unter anderem „Wie die Straßenbahn in unsere Stadt kam und wieder ging“, „Die Geschichte der Gastronomie im Großen Garten“ oder beispielsweise „Hundert Jahre Dampflokomotive in Sachsen“.";
        assert_eq!(kinds(de), [QuoteKind::Term; 3]);
        let en = "The talks included “How the tram came to our town and went again” and “What the river carried down in the great flood”.";
        assert_eq!(kinds(en), [QuoteKind::Term; 2]);
        // Sentences one after another, or a tag between them, are not a list.
        let said = "„Wir werden diesen Weg bis zum Ende gehen.“ „Auch wenn er für alle Beteiligten schwer wird.“";
        assert_eq!(kinds(said), [QuoteKind::Direct; 2]);
        let tagged = "“We will go this way to the very end,” she said, “even if it is hard for everyone involved.”";
        assert!(!kinds(tagged).contains(&QuoteKind::Term));
    }

    /// A quotation right after a title noun is a title; after the noun and a colon it is still
    /// someone's words.
    #[test]
    fn title_noun_makes_a_title_but_not_across_a_colon() {
        let title = "Sie liest aus dem Buch „Warum wir im Winter so gerne über den Sommer reden“ vor.";
        assert_eq!(kinds(title), [QuoteKind::Term]);
        let en = "They showed the film “Nobody ever tells you how long the winters are up here” twice.";
        assert_eq!(kinds(en), [QuoteKind::Term]);
        let quote = "Dazu sagte der Autor des Buches: „Ich habe selten so lange an einer Geschichte gesessen.“";
        assert_eq!(kinds(quote), [QuoteKind::Direct]);
        let quote_en = "The author of the book said: “I have rarely spent so long on a single story, believe me.”";
        assert_eq!(kinds(quote_en), [QuoteKind::Direct]);
    }

    /// The word count read through the byte table is the plain one: words split on white space
    /// that hold a letter or digit, over every ASCII byte and characters of two to four bytes
    /// (white space, letters and marks among them), with and without a limit.
    #[test]
    fn word_count_is_split_whitespace_with_a_letter_or_digit() {
        let plain = |s: &str, limit: usize| s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count().min(limit);
        let mut pieces: Vec<String> = (0..128u8).map(|b| (b as char).to_string()).collect();
        pieces.extend(["é", "д", "\u{a0}", "\u{2009}", "\u{3000}", "—", "“", "’", "𝒳", "😀", "٣", "ab", "  "].map(String::from));
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15u64);
        for _ in 0..20_000 {
            let s: String = (0..next(40)).map(|_| pieces[next(pieces.len())].as_str()).collect();
            for limit in [usize::MAX, 0, 1, 3, 13] {
                assert_eq!(word_count_upto(&s, limit), plain(&s, limit), "{s:?}, limit {limit}");
            }
        }
        assert_eq!(word_count_upto("“We are — still — here,” he said.", usize::MAX), 6);
    }
}
