//! Sentences and attribution patterns, read from the annotation's geometry (where the
//! annotated Cue and Source sit relative to the quotation), independently of copydesk's own
//! attribution rules.

use crate::corpus::Range;

/// A top-level quotation as the tool sees it.
#[derive(Debug, Clone, Copy)]
pub struct Q {
    pub start: usize,
    pub end: usize,
    pub content_start: usize,
    pub content_end: usize,
    pub closed: bool,
}

impl From<&copydesk::quotes::Span> for Q {
    fn from(s: &copydesk::quotes::Span) -> Q {
        Q { start: s.start, end: s.end, content_start: s.content_start, content_end: s.content_end, closed: s.closed }
    }
}

/// The pattern of an attributed quotation, by the annotation. When several apply, the first
/// in this order wins (see docs/eval.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pat {
    /// The annotated cue lies inside the quotation's marks.
    CueInside,
    /// The text between the attribution and the quote ends with ':' (same sentence, or a
    /// paragraph ending `… said:` before a quoted paragraph).
    Colon,
    /// The cue is in another paragraph.
    OtherParagraph,
    /// The cue is in the same paragraph, another sentence.
    OtherSentence,
    /// Same sentence; the cue contains "according".
    AccordingTo,
    /// Same sentence, cue after; the text between the quote and the attribution starts with a dash.
    Dash,
    /// Same sentence; the source is a pronoun (he, she, they, I, we, it, you).
    Pronoun,
    /// Same sentence, cue before the quotation.
    VerbBefore,
    /// Same sentence, cue after the quotation.
    VerbAfter,
}

impl Pat {
    /// In the order of the table (not of priority).
    pub const ALL: [Pat; 9] = [
        Pat::VerbAfter,
        Pat::VerbBefore,
        Pat::Pronoun,
        Pat::Colon,
        Pat::Dash,
        Pat::AccordingTo,
        Pat::OtherSentence,
        Pat::OtherParagraph,
        Pat::CueInside,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Pat::CueInside => "cue inside the quote",
            Pat::OtherParagraph => "another paragraph",
            Pat::OtherSentence => "another sentence",
            Pat::AccordingTo => "according to",
            Pat::Colon => "colon lead-in",
            Pat::Dash => "dash",
            Pat::Pronoun => "pronoun speaker",
            Pat::VerbBefore => "verb before",
            Pat::VerbAfter => "verb after",
        }
    }
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "st",
    "jr", "sr", "rev", "hon", "pres", "vs", "v", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec",
    "inc", "corp", "co", "ltd", "etc", "ft", "mt", "ave", "blvd", "dept", "univ", "atty", "gens", "messrs", "fig",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "you", "him", "her", "them", "us", "me"];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '”' | '’' | '"' | '\'' | '»')
}

pub fn is_opening_mark(c: char) -> bool {
    matches!(c, '“' | '"' | '‘' | '\'' | '«' | '„')
}

pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―' | '‒')
}

/// Words: whitespace-separated runs with at least one letter or digit.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// A sentence starts at `at` (after a terminator and closers): white space, then a capital, a
/// digit or an opening mark. Returns where the next sentence's text starts.
fn starts_sentence(text: &str, at: usize, limit: usize) -> bool {
    let rest = &text[at..limit];
    let t = rest.trim_start();
    if t.len() == rest.len() {
        return false;
    }
    t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || is_opening_mark(c) || c == '(')
}

/// Is the '.' at `i` an abbreviation's or an initial's (no sentence end)?
fn abbreviation_dot(text: &str, i: usize) -> bool {
    let word: String =
        text[..i].chars().rev().take_while(|c| c.is_alphanumeric() || *c == '.').collect::<Vec<_>>().into_iter().rev().collect();
    let w = word.to_lowercase();
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    ABBREVIATIONS.contains(&w.as_str())
        || single_initial
        || (word.contains('.') && word.len() <= 4)
        || text[i + 1..].starts_with(|c: char| c.is_ascii_digit())
}

/// The sentences of the block `block` as byte ranges covering it, quotations (`tops`, sorted)
/// treated as single words. A quotation ending in sentence punctuation ends the sentence unless
/// a short clause (six words or fewer, no quotation mark) follows it up to the next terminator:
/// `“Why?” Smith asked.` is one sentence.
pub fn sentences(text: &str, block: Range, tops: &[Q]) -> Vec<Range> {
    let (bs, be) = block;
    let mut cuts: Vec<usize> = Vec::new();
    let inside: Vec<&Q> = tops.iter().filter(|q| q.start >= bs && q.start < be).collect();
    let mut qi = 0;
    let mut i = bs;
    while i < be {
        if qi < inside.len() && i >= inside[qi].start {
            let q = inside[qi];
            qi += 1;
            let qend = q.end.min(be);
            if q.closed {
                let last = text[q.content_start..q.content_end.min(be)].trim_end().chars().next_back();
                if last.is_some_and(is_terminator) && starts_sentence(text, qend, be) {
                    // a short clause after it keeps the sentence going
                    let rest = &text[qend..be];
                    let clause_end = rest.find(|c: char| is_terminator(c) || is_opening_mark(c) || c == '\n').unwrap_or(rest.len());
                    let clause = &rest[..clause_end];
                    let ends_with_terminator = rest[clause_end..].starts_with(is_terminator);
                    if !(ends_with_terminator && word_count(clause) <= 6) {
                        cuts.push(qend);
                    }
                }
            }
            i = qend.max(i + 1);
            while !text.is_char_boundary(i) {
                i += 1;
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap();
        let next = i + c.len_utf8();
        if is_terminator(c) && !(c == '.' && abbreviation_dot(text, i)) {
            let mut j = next;
            while j < be {
                let d = text[j..].chars().next().unwrap();
                if is_closer(d) && !inside.iter().any(|q| q.start == j) {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            if starts_sentence(text, j, be) {
                cuts.push(j);
            }
        }
        i = next;
    }
    let mut out = Vec::new();
    let mut prev = bs;
    cuts.sort_unstable();
    cuts.dedup();
    for c in cuts {
        if c > prev && c < be {
            out.push((prev, c));
            prev = c;
        }
    }
    out.push((prev, be));
    out
}

pub fn containing(ranges: &[Range], at: usize) -> Option<usize> {
    ranges.iter().position(|&(s, e)| s <= at && at < e)
}

fn distance(r: Range, q: &Q) -> usize {
    if r.1 <= q.start {
        q.start - r.1
    } else {
        r.0.saturating_sub(q.end)
    }
}

/// The segment of `segs` nearest the quotation.
pub fn nearest(segs: &[Range], q: &Q) -> Option<Range> {
    segs.iter().copied().min_by_key(|&r| distance(r, q))
}

pub fn cue_distance(segs: &[Range], q: &Q) -> usize {
    nearest(segs, q).map(|r| distance(r, q)).unwrap_or(usize::MAX)
}

/// The pattern of quotation `q` attributed by `cue` and `source`, in the paragraph `block`
/// whose sentences are `sents` (`sent` being the quotation's).
pub fn pattern(text: &str, q: &Q, block: Range, sent: Range, cue: &[Range], source: &[Range]) -> Pat {
    let c = nearest(cue, q).expect("an attributing event has a cue");
    if c.0 < q.end && c.1 > q.start {
        return Pat::CueInside;
    }
    if c.1 <= q.start {
        // `Pushkov said: “…”`, also across a paragraph break (`Cruz continued:` ¶ `“…”`): only
        // words of the same sentence, then the colon, between the attribution and the quote.
        let att_end = cue.iter().chain(source).filter(|r| r.1 <= q.start).map(|r| r.1).max().unwrap_or(c.1);
        let lead = text[att_end.min(q.start)..q.start].trim_end().trim_end_matches(':');
        let one_sentence =
            !lead.contains(['\n', '“', '”', '"', '«', '»']) && !lead.contains(". ") && !lead.contains("? ") && !lead.contains("! ");
        if text[..q.start].trim_end().ends_with(':') && one_sentence {
            return Pat::Colon;
        }
    }
    if c.1 <= block.0 || c.0 >= block.1 {
        return Pat::OtherParagraph;
    }
    if c.1 <= sent.0 || c.0 >= sent.1 {
        return Pat::OtherSentence;
    }
    if text[c.0..c.1].to_lowercase().contains("according") {
        return Pat::AccordingTo;
    }
    let in_sentence = |r: &&Range| r.0 >= sent.0 && r.1 <= sent.1;
    let before = c.1 <= q.start;
    if !before {
        let att_start = cue.iter().chain(source).filter(in_sentence).filter(|r| r.0 >= q.end).map(|r| r.0).min().unwrap_or(c.0);
        let between = text[q.end..att_start].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if between.starts_with(is_dash) {
            return Pat::Dash;
        }
    }
    if let Some(s) = nearest(source, q) {
        let w = text[s.0..s.1].trim().to_lowercase();
        if PRONOUNS.contains(&w.as_str()) {
            return Pat::Pronoun;
        }
    }
    if before {
        Pat::VerbBefore
    } else {
        Pat::VerbAfter
    }
}
