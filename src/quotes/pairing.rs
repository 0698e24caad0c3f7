//! Pairs quotation marks into quotations, block by block, with nesting and the
//! multi-paragraph convention (an opening mark on every paragraph, a closing mark only at
//! the end of the last one). Apostrophes are told apart from single quotation marks by
//! their neighbours: `don’t`, `Russia’s`, `parents’`, `’90s`, `'em` are not quotes.

use crate::prose::{is_alnum, Prose};
use crate::text::RawMatch;

/// Which family a mark belongs to; a quotation closes with a mark of its own family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Double,
    Single,
    Guillemet,
}

/// One quotation (or one paragraph's part of a multi-paragraph quotation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the opening mark (or of the block start for a continuation without one).
    pub start: usize,
    /// Byte offset just past the closing mark, or the block end when the quote runs on.
    pub end: usize,
    /// The words inside the marks.
    pub content_start: usize,
    pub content_end: usize,
    pub closed: bool,
    pub family: Family,
    /// 0 for a top-level quotation, 1 for a quotation inside one, …
    pub depth: usize,
    pub block: usize,
    /// Parts of one multi-paragraph quotation share a run number; others have their own.
    pub run: usize,
}

/// A mark that has no partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    pub start: usize,
    pub end: usize,
    pub mark: char,
    /// true: an opening mark never closed; false: a closing mark never opened.
    pub unclosed: bool,
}

impl Span {
    /// The same span, its byte offsets `by` bytes further on (block and run numbers unchanged).
    pub fn shifted(&self, by: usize) -> Span {
        let (start, end, content_start, content_end) = (self.start + by, self.end + by, self.content_start + by, self.content_end + by);
        Span { start, end, content_start, content_end, ..self.clone() }
    }
}

impl Stray {
    /// The same mark, `by` bytes further on.
    pub fn shifted(&self, by: usize) -> Stray {
        Stray { start: self.start + by, end: self.end + by, ..self.clone() }
    }
}

#[derive(Debug, Clone, Copy)]
struct Open {
    at: usize,
    len: usize,
    mark: char,
    family: Family,
    /// Single quotes are tentative: dropped silently if never closed (they were apostrophes).
    tentative: bool,
    run: usize,
    /// Tells tentative openers apart, to learn at the block's end which of them closed: its
    /// index in the block's list of pushed openers (`Pushed`).
    id: usize,
    /// Openers at or below this one in the stack, by family (`Family as usize`), and the firm
    /// ones: what scanning the stack for each mark would count, kept as the stack grows, so a
    /// mark costs the same however deep the nesting (a scan made `“a ‘b … c’ d”` quadratic).
    families: [usize; 3],
    firm: usize,
}

/// An opener pushed in this block: the opener under it when it was pushed, and whether it
/// turned out to be a quotation (a tentative single mark that closed).
struct Pushed {
    under: Option<usize>,
    closed_tentative: bool,
}

/// Pushes `o` on `stack`, with its counts of what is under it, and records it in `pushed`.
fn push(stack: &mut Vec<Open>, pushed: &mut Vec<Pushed>, mut o: Open) {
    let under = stack.last();
    o.families = under.map_or([0; 3], |u| u.families);
    o.families[o.family as usize] += 1;
    o.firm = under.map_or(0, |u| u.firm) + usize::from(!o.tentative);
    pushed.push(Pushed { under: under.map(|u| u.id), closed_tentative: false });
    o.id = pushed.len() - 1;
    stack.push(o);
}

fn is_space(c: Option<char>) -> bool {
    // Invisible format characters (bidi marks, zero-width spaces) count as space.
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{FEFF}'))
}

fn is_open_punct(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '«' | '„' | '‚' | '"' | '\'' | '»' | '‹' | '―' | '*' | '_')
}

/// Could start a quotation: preceded by space, start or opening punctuation; followed by text.
fn left_flanking(prev: Option<char>, next: Option<char>) -> bool {
    (is_space(prev) || prev.is_some_and(is_open_punct)) && !is_space(next)
}

/// Could end a quotation: preceded by text, followed by space, end or punctuation.
fn right_flanking(prev: Option<char>, next: Option<char>) -> bool {
    !is_space(prev) && (is_space(next) || next.is_some_and(|c| !is_alnum(c)))
}

/// The pairing of a whole text.
#[derive(Debug, Clone, Default)]
pub struct Pairing {
    pub spans: Vec<Span>,
    pub strays: Vec<Stray>,
}

pub fn pair(prose: &Prose) -> Pairing {
    pair_with(prose, uses_reversed_guillemets(&prose.mask)).0
}

/// [`pair`], told whether the text writes guillemets reversed (»…«), a decision that
/// [`uses_reversed_guillemets`] takes over the whole text: for a part of a text analysed on its
/// own (see [`crate::incremental`]). Also returns how many run numbers it gave out.
pub(crate) fn pair_with(prose: &Prose, reversed_guillemets: bool) -> (Pairing, usize) {
    let mask = prose.mask.as_str();
    let names: &[RawMatch] = prose.names.as_deref().unwrap_or_default();
    let mut out = Pairing::default();
    let mut next_run = 0usize;
    // Quotations left open at the end of the previous block, bottom first.
    let mut carried: Vec<Open> = Vec::new();

    for (bi, block) in prose.blocks.iter().enumerate() {
        let text = &mask[block.start..block.end];
        let bytes = text.as_bytes();
        let mut stack: Vec<Open> = Vec::new();
        let mut pushed: Vec<Pushed> = Vec::new();
        // Quotations closed above tentative single marks: (index in `out.spans`, the opener
        // under them). Their depth counts only the marks that turn out to be quotations; one
        // dropped at the block's end as an apostrophe (`'n`, `'em`) nests nothing. Counted at
        // the block's end along the chain of openers under each (`Pushed::under`).
        let mut above_tentative: Vec<(usize, usize)> = Vec::new();

        // Multi-paragraph convention: a quotation left open continues if this block opens
        // with a mark of the same family.
        let first = text.chars().next();
        let doubled_first = text.starts_with("''");
        if let Some(bottom) = carried.first().copied() {
            let continues =
                first.is_some_and(|c| opening_family(c) == Some(bottom.family)) || (doubled_first && bottom.family == Family::Double);
            if continues {
                let len = if doubled_first { 2 } else { first.unwrap().len_utf8() };
                push(&mut stack, &mut pushed, Open { at: block.start, len, ..bottom });
            } else {
                // Non-standard: the paragraph continues the quote without an opening mark, and
                // closes it later in this block. Accept that silently if a closing mark of the
                // family comes before any opening one; otherwise the quote was never closed.
                if closes_first(text, bottom.family) || (bottom.mark == '„' && low_quote_closes(prose, bi)) {
                    push(&mut stack, &mut pushed, Open { at: block.start, len: 0, ..bottom });
                } else {
                    out.strays.push(stray(&bottom, true));
                }
            }
            for o in carried.drain(1..) {
                if !o.tentative {
                    out.strays.push(stray(&o, true));
                }
            }
            carried.clear();
        }
        // The continuing opener's mark is not read again (two bytes for a doubled apostrophe).
        let mut p = stack.first().map_or(0, |o| {
            if o.len == 2 && first == Some('\'') {
                2
            } else if o.len > 0 {
                first.map_or(0, char::len_utf8)
            } else {
                0
            }
        });

        // Only the bytes that can start a mark are looked at; the characters around a mark are
        // decoded when one is found.
        while let Some(off) = next_mark(bytes, p) {
            let Some(mut c) = text[off..].chars().next() else { break };
            let mut q = off + c.len_utf8(); // just past the mark
            p = q;
            let at = block.start + off;
            if !is_mark(c) || part_of_name(mask, names, at, c) {
                continue;
            }
            let prev = text[..off].chars().next_back();
            // Two apostrophes stand for a double mark in some newspapers' text: ''Like this.''
            let mut len = c.len_utf8();
            if c == '\'' && bytes.get(q) == Some(&b'\'') {
                c = '"';
                len = 2;
                q += 1;
                p = q;
            }
            // Feet and inches, `6’2”` or `6'2"`: not quotation marks.
            if matches!(c, '”' | '"') && len == 1 + usize::from(c == '”') * 2 && prev.is_some_and(|p| p.is_ascii_digit()) {
                let feet = text[..off].chars().rev().find(|ch| !ch.is_ascii_digit());
                if matches!(feet, Some('’' | '\'')) {
                    continue;
                }
            }
            // Two right single marks stand for a closing double mark: `a “question’’`.
            if c == '’' && text[q..].starts_with('’') && stack.last().is_some_and(|o| o.families[Family::Double as usize] > 0) {
                c = '”';
                len = '’'.len_utf8() * 2;
                q += '’'.len_utf8();
                p = q;
            }
            let next = text[q..].chars().next();
            let lf = left_flanking(prev, next);
            let rf = right_flanking(prev, next);
            let has = |stack: &Vec<Open>, f: Family| stack.last().is_some_and(|o| o.families[f as usize] > 0);
            let open = |family, tentative| Open { at, len, mark: c, family, tentative, run: usize::MAX, id: 0, families: [0; 3], firm: 0 };
            enum Act {
                Open(Family, bool),
                Close(Family),
                Stray,
                None,
            }
            let act = match c {
                '“' => {
                    let top_low = stack.last().is_some_and(|o| o.mark == '„');
                    let spaced = is_space(prev) && is_space(next); // `They see that. “` at a paragraph end
                    if top_low || ((rf && !lf) || spaced) && has(&stack, Family::Double) {
                        Act::Close(Family::Double)
                    } else {
                        Act::Open(Family::Double, false)
                    }
                }
                '”' => {
                    if has(&stack, Family::Double) && !(lf && !rf && stack.last().is_some_and(|o| o.family != Family::Double)) {
                        Act::Close(Family::Double)
                    } else if (lf && !rf) || (is_space(prev) && is_space(next)) {
                        // A closing mark used to open (”…” house style, or a typo).
                        Act::Open(Family::Double, false)
                    } else {
                        Act::Stray
                    }
                }
                '„' => Act::Open(Family::Double, false),
                // Inside a German „…“ quotation two apostrophes are wiki or Markdown markup
                // (`''(sic!)''`), not its closing mark: they open a pair of their own (tentative,
                // dropped if never closed), which the next two close.
                '"' if len == 2 && stack.last().is_some_and(|o| o.mark == '„') => Act::Open(Family::Double, true),
                '"' => {
                    let open_here = lf && !rf;
                    let close_here = rf && !lf;
                    if open_here {
                        Act::Open(Family::Double, false)
                    } else if close_here || (lf && rf) {
                        if has(&stack, Family::Double) {
                            Act::Close(Family::Double)
                        } else if prev.is_some_and(|p| p.is_ascii_digit()) {
                            Act::None // inch or seconds mark: 12" pipe
                        } else if close_here {
                            Act::Stray
                        } else {
                            Act::Open(Family::Double, false)
                        }
                    } else if has(&stack, Family::Double) {
                        Act::Close(Family::Double) // `brain,' " said`: a spaced closing mark
                    } else if !is_space(prev) && !is_space(next) && !prev.is_some_and(|p| p.is_ascii_digit()) {
                        Act::Open(Family::Double, false) // a missing space: `about"joint operations"`
                    } else {
                        Act::None
                    }
                }
                '«' => {
                    if reversed_guillemets && has(&stack, Family::Guillemet) && rf {
                        Act::Close(Family::Guillemet)
                    } else {
                        Act::Open(Family::Guillemet, false)
                    }
                }
                '»' => {
                    if has(&stack, Family::Guillemet) && !(reversed_guillemets && lf && !rf) {
                        Act::Close(Family::Guillemet)
                    } else if lf && !rf {
                        Act::Open(Family::Guillemet, false)
                    } else {
                        Act::Stray
                    }
                }
                '‘' | '‚' | '‹' => {
                    if c == '‘' && next.is_some_and(|n| n.is_ascii_digit()) {
                        Act::None // ‘90s
                    } else if c == '‘' && rf && !lf && stack.last().is_some_and(|o| o.mark == '‚') {
                        Act::Close(Family::Single)
                    } else if lf || c != '‘' {
                        Act::Open(Family::Single, true)
                    } else {
                        Act::None
                    }
                }
                '’' | '\'' | '›' => {
                    let between_letters = prev.is_some_and(is_alnum) && next.is_some_and(is_alnum);
                    if between_letters && c != '›' {
                        Act::None // don’t, Russia’s
                    } else if has(&stack, Family::Single) && (rf || c == '›') {
                        Act::Close(Family::Single)
                    } else if c == '\'' && lf && !rf && !next.is_some_and(|n| n.is_ascii_digit()) {
                        Act::Open(Family::Single, true)
                    } else {
                        Act::None // parents’, ’90s, 'em
                    }
                }
                _ => Act::None,
            };
            match act {
                Act::Open(f, t) => push(&mut stack, &mut pushed, open(f, t)),
                Act::Close(f) => {
                    // Close the innermost opener of this family; tentative single quotes
                    // above it were apostrophes; firm ones above it are unbalanced.
                    if let Some(pos) = stack.iter().rposition(|o| o.family == f) {
                        for o in stack.drain(pos + 1..) {
                            if !o.tentative {
                                out.strays.push(stray(&o, true));
                            }
                        }
                        let o = stack.pop().unwrap();
                        if o.tentative {
                            pushed[o.id].closed_tentative = true;
                        }
                        if let Some(top) = stack.last().filter(|t| t.firm < stack.len()) {
                            above_tentative.push((out.spans.len(), top.id));
                        }
                        let run = if o.run == usize::MAX {
                            next_run += 1;
                            next_run - 1
                        } else {
                            o.run
                        };
                        out.spans.push(Span {
                            start: o.at,
                            end: at + len,
                            content_start: o.at + o.len,
                            content_end: at,
                            closed: true,
                            family: o.family,
                            depth: stack.last().map_or(0, |t| t.firm),
                            block: bi,
                            run,
                        });
                    }
                }
                Act::Stray => out.strays.push(Stray { start: at, end: at + len, mark: c, unclosed: false }),
                Act::None => {}
            }
        }

        // Every tentative mark has closed or been dropped by now: count those that closed, at
        // and under each opener (an opener is pushed after the one under it).
        let mut closed_under: Vec<usize> = Vec::with_capacity(pushed.len());
        for p in &pushed {
            let below = p.under.map_or(0, |u| closed_under[u]);
            closed_under.push(below + usize::from(p.closed_tentative));
        }
        for (i, top) in above_tentative {
            out.spans[i].depth += closed_under[top];
        }

        // End of block: close what is open as a part running to the block end, and carry the
        // bottom-most firm quotation to see whether the next block continues it.
        stack.retain(|o| !o.tentative);
        let next_starts_quote = prose.blocks.get(bi + 1).and_then(|b| {
            let t = &mask[b.start..b.end];
            if t.starts_with("''") {
                Some(Family::Double)
            } else {
                t.chars().next().and_then(opening_family)
            }
        });
        for (depth, o) in stack.iter().enumerate() {
            let mut o = *o;
            if depth == 0
                && (next_starts_quote == Some(o.family)
                    || next_block_closes(prose, bi + 1, o.family)
                    || (o.mark == '„' && low_quote_closes(prose, bi + 1)))
            {
                if o.run == usize::MAX {
                    o.run = next_run;
                    next_run += 1;
                }
                out.spans.push(Span {
                    start: o.at,
                    end: block.end,
                    content_start: o.at + o.len,
                    content_end: block.end,
                    closed: false,
                    family: o.family,
                    depth: 0,
                    block: bi,
                    run: o.run,
                });
                carried.push(o);
            } else {
                out.strays.push(stray(&o, true));
                if depth == 0 {
                    // An unclosed quotation still protects its words to the end of the block.
                    out.spans.push(Span {
                        start: o.at,
                        end: block.end,
                        content_start: o.at + o.len,
                        content_end: block.end,
                        closed: false,
                        family: o.family,
                        depth: 0,
                        block: bi,
                        run: {
                            next_run += 1;
                            next_run - 1
                        },
                    });
                }
                break;
            }
        }
    }
    for o in carried {
        out.strays.push(stray(&o, true));
    }
    out.spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    out.strays.sort_by_key(|s| s.start);
    out.strays.dedup_by_key(|s| s.start);
    (out, next_run)
}

/// Is the mark `c` at `at` part of a glossary name: inside it (`Kurdistan Workers' Party`), or
/// an apostrophe at its edge against one of its letters (`'Ndrangheta`)? Such a mark is not a
/// quotation mark; and since fixes write names whole, a rename or spell-out never changes the
/// quotations the next round sees.
fn part_of_name(mask: &str, names: &[RawMatch], at: usize, c: char) -> bool {
    let k = names.partition_point(|n| n.end <= at);
    let Some(n) = names.get(k).filter(|n| n.start <= at) else { return false };
    let end = at + c.len_utf8();
    if n.start < at && end < n.end {
        return true;
    }
    matches!(c, '\'' | '’' | '‘')
        && ((at == n.start && mask[end..n.end].starts_with(is_alnum)) || (end == n.end && mask[n.start..at].ends_with(is_alnum)))
}

/// Does `text` hold a character that can be a quotation mark (or an apostrophe)?
pub(crate) fn has_mark(text: &str) -> bool {
    let mut p = 0;
    while let Some(off) = next_mark(text.as_bytes(), p) {
        match text[off..].chars().next() {
            Some(c) if is_mark(c) => return true,
            Some(c) => p = off + c.len_utf8(),
            None => return false,
        }
    }
    false
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '„' | '‘' | '’' | '‚' | '«' | '»' | '‹' | '›')
}

fn stray(o: &Open, unclosed: bool) -> Stray {
    Stray { start: o.at, end: o.at + o.len, mark: o.mark, unclosed }
}

fn opening_family(c: char) -> Option<Family> {
    match c {
        '“' | '"' | '„' => Some(Family::Double),
        '«' | '»' => Some(Family::Guillemet),
        _ => None,
    }
}

fn closing_family(c: char) -> Option<Family> {
    match c {
        '”' | '"' | '“' => Some(Family::Double),
        '»' | '«' => Some(Family::Guillemet),
        _ => None,
    }
}

/// The first byte at or after `from` that can start a quotation mark: `"`, `'`, or the lead
/// byte of “ ” „ ‘ ’ ‚ ‹ › (0xE2) or « » (0xC2). Other characters with those lead bytes (dashes,
/// `…`, `é`) are found too and skipped by the caller.
fn next_mark(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let three = memchr::memchr3(b'"', b'\'', 0xE2, rest);
    // « and » are rare: look for their lead byte only before the first of the others.
    let two = memchr::memchr(0xC2, &rest[..three.unwrap_or(rest.len())]);
    two.or(three).map(|i| from + i)
}

/// Does a closing mark of `family` come (right-flanking) before any opening one?
fn closes_first(text: &str, family: Family) -> bool {
    let mut p = 0;
    while let Some(off) = next_mark(text.as_bytes(), p) {
        let Some(c) = text[off..].chars().next() else { break };
        p = off + c.len_utf8();
        let (closing, opening) = (closing_family(c) == Some(family), opening_family(c) == Some(family));
        if !closing && !opening {
            continue;
        }
        let prev = text[..off].chars().next_back();
        let next = text[p..].chars().next();
        if closing && right_flanking(prev, next) && !left_flanking(prev, next) {
            return true;
        }
        if opening && left_flanking(prev, next) {
            return false;
        }
    }
    false
}

/// How many paragraphs without an opening mark a „…“ quotation may run on through before its
/// closing mark: a bound that keeps the look-ahead, and so the pairing, linear.
const LOW_QUOTE_RUN: usize = 4;

/// A German „…“ quotation left open at the end of a paragraph goes on in the paragraph `bi`
/// without an opening mark (a quoted law with its numbered items, a speech in paragraphs whose
/// writer set no mark at their starts) and closes with a “ or ” within [`LOW_QUOTE_RUN`]
/// paragraphs, quotations inside it paired on the way (`den Satz „im Zweifel …“ verstanden.“`).
/// In German copy “ closes: only „ opens. Any other mark of the family, or a paragraph left with
/// an inner quotation open, ends the search; so do two paragraphs in a row without any mark
/// (counting the one before `bi`), since [`crate::incremental`] may cut the text between
/// those and analyse each side alone.
fn low_quote_closes(prose: &Prose, bi: usize) -> bool {
    let unmarked = |b: &crate::prose::Block| !has_mark(&prose.mask[b.start..b.end]);
    let mut unmarked_before = bi.checked_sub(1).and_then(|i| prose.blocks.get(i)).is_some_and(unmarked);
    for b in prose.blocks.iter().skip(bi).take(LOW_QUOTE_RUN) {
        let text = &prose.mask[b.start..b.end];
        if unmarked(b) {
            if unmarked_before {
                return false;
            }
            unmarked_before = true;
            continue;
        }
        unmarked_before = false;
        let mut inner = 0usize;
        let mut p = 0;
        while let Some(off) = next_mark(text.as_bytes(), p) {
            let Some(c) = text[off..].chars().next() else { break };
            p = off + c.len_utf8();
            match c {
                '„' => inner += 1,
                '“' | '”' if inner == 0 => return true,
                '“' | '”' => inner -= 1,
                '"' | '«' | '»' => return false,
                _ => {}
            }
        }
        if inner > 0 {
            return false;
        }
    }
    false
}

fn next_block_closes(prose: &Prose, bi: usize, family: Family) -> bool {
    prose.blocks.get(bi).is_some_and(|b| closes_first(&prose.mask[b.start..b.end], family))
}

/// German and Danish style »…«: the first guillemet in the text is a `»` opening a word.
pub(crate) fn uses_reversed_guillemets(mask: &str) -> bool {
    let first = match (mask.find('«'), mask.find('»')) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    match first {
        Some(i) if mask[i..].starts_with('»') => mask[i + '»'.len_utf8()..].chars().next().is_some_and(|c| !c.is_whitespace()),
        _ => false,
    }
}
