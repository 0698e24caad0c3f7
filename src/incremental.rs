//! Incremental analysis: after a keystroke, only the part of a long Markdown text that changed
//! is analysed again; the rest of the previous analysis is reused, moved to its new offsets.
//! The result is always the same as [`analyze`](crate::analyze) of the whole text (property
//! tests hold it to that, over random documents and random series of edits).
//!
//! # Parts
//! The text is cut into *parts* only where nothing of the analysis crosses the cut. A cut goes
//! between two consecutive paragraphs, `X` then `Y`, separated by a blank line, when
//! - both start with a letter at the start of a line (neither is a list item, a heading, a
//!   quotation block, code or markup), and `X` is a paragraph of its own part when that part is
//!   parsed alone: the Markdown parser stands at the top level after `X` and before `Y`, with no
//!   code block or HTML block left open;
//! - neither holds a quotation mark or apostrophe: no quotation runs on from `X` into `Y`, none
//!   in `X` looks ahead to `Y` for its speaker, and none in `Y` looks back to `X`. (That `Y`
//!   opens with a letter is not enough: the mask blanks a URL or an e-mail address, so
//!   `http://x.y“…` is a paragraph that opens with a quotation);
//! - `X` holds no backtick, tilde, `<` or `|` (nothing in it opens a code or HTML block that
//!   would run past the blank line, nor a table);
//! - the text has no link reference or footnote definition (`[x]: …`) and nothing that can
//!   open a metadata block (`---` alone on a line before a line of text), which reach across
//!   the whole text. A text with one is analysed whole.
//!
//! Cuts are chosen by content (the first allowed cut at least [`MIN_PART`] bytes after the
//! previous one), so an edit moves the cuts around it only: the parts before and after the edit
//! are the same bytes as before and their analysis is reused.
//!
//! # What stays whole-text
//! Two decisions are taken over the whole text and passed to every part: whether guillemets are
//! written reversed (`»…«`, from the first guillemet in the text), and whether single marks are
//! the headline convention (fewer top-level quotations in single marks than in double marks and
//! guillemets). A part analysed under other values is analysed again. The inline switches, the
//! names stage (one name per entity in the whole story) and the rules always run on the whole
//! text; they cost little next to the parts. One rule's costly step is kept per part: the
//! surnames `name-spelling` collects (when the rule is on), found with the part's quotations;
//! the rule joins them over the whole text.
//!
//! Plain text is analysed whole (whether it is hard-wrapped is decided over the whole text).
//!
//! The language server keeps an [`Incremental`] per open document; the command line analyses
//! the parts of a long file side by side ([`analyze_parallel`]).

use crate::analysis::{self, Analysis};
use crate::config::Config;
use crate::glossary::RawMatch;
use crate::names::Names;
use crate::prose::{Block, Markup, Prose, Suppressions};
use crate::quotes::{self, pairing, Quote, Quotes, Stray};
use crate::surnames::Words;
use std::sync::Arc;

/// A part is at least this long (bytes), unless it is the last.
pub const MIN_PART: usize = 8 * 1024;

/// The analysis of one part, in offsets from the part's start.
#[derive(Debug)]
struct Part {
    /// Where the part stood in the text it was analysed in.
    start: usize,
    end: usize,
    prose: Prose,
    /// If the part has a guillemet: whether its first one reads reversed (`»Wort«`).
    guillemet: Option<bool>,
    /// The pairing, under the `reversed` value given.
    paired: Option<Paired>,
    /// The quotations, under the `singles` value given.
    quotes: Option<(bool, Quotes)>,
    /// The `name-spelling` rule's surnames (when the rule is on), found with these quotations.
    name_words: Option<Words>,
}

#[derive(Debug)]
struct Paired {
    reversed: bool,
    /// Taken when the quotations are made from it.
    pairing: Option<pairing::Pairing>,
    counts: [usize; 3],
    runs: usize,
}

/// Where a text may be cut: the cut, and the start of the paragraph just before it (which must
/// be the last block of the part before the cut).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    at: usize,
    last_block: usize,
}

/// The analysis of the previous version of one document, kept to analyse the next one.
#[derive(Debug)]
pub struct Incremental {
    cfg: Arc<Config>,
    markup: Markup,
    min_part: usize,
    text: String,
    parts: Vec<Part>,
    last: Work,
}

/// What [`Incremental::analyze`] did, for tests and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Parts in the text.
    pub parts: usize,
    /// Parts analysed again (the others were reused).
    pub analysed: usize,
    /// The text was analysed whole (plain text, a definition, or a part that did not end at
    /// the top level).
    pub whole: bool,
}

impl Incremental {
    /// An empty cache for a document of this markup under this configuration (a new
    /// configuration needs a new cache).
    pub fn new(cfg: Arc<Config>, markup: Markup) -> Incremental {
        Incremental::with_min_part(cfg, markup, MIN_PART)
    }

    /// [`new`](Self::new) with another minimum part size (tests use tiny parts).
    pub fn with_min_part(cfg: Arc<Config>, markup: Markup, min_part: usize) -> Incremental {
        Incremental { cfg, markup, min_part, text: String::new(), parts: Vec::new(), last: Work::default() }
    }

    pub fn config(&self) -> &Arc<Config> {
        &self.cfg
    }

    pub fn markup(&self) -> Markup {
        self.markup
    }

    /// What the last call did.
    pub fn last_work(&self) -> Work {
        self.last
    }

    /// Analyses `text`, reusing what it can of the previous call's text. Equal to
    /// [`analyze`](crate::analyze)`(text, markup, cfg)`.
    pub fn analyze<'t>(&mut self, text: &'t str) -> Analysis<'t> {
        self.analyze_counted(text).0
    }

    /// [`analyze`](Self::analyze), and what it did.
    pub fn analyze_counted<'t>(&mut self, text: &'t str) -> (Analysis<'t>, Work) {
        let (a, w) = self.analyze_inner(text);
        self.last = w;
        (a, w)
    }

    fn analyze_inner<'t>(&mut self, text: &'t str) -> (Analysis<'t>, Work) {
        let old_text = std::mem::take(&mut self.text);
        let old_parts = std::mem::take(&mut self.parts);
        let cfg = self.cfg.clone();
        let (analysis, parts, work) = in_parts(text, self.markup, &cfg, self.min_part, &old_text, old_parts);
        self.parts = parts;
        if !work.whole {
            let mut kept = old_text;
            kept.clear();
            kept.push_str(text);
            self.text = kept;
        }
        (analysis, work)
    }
}

/// The analysis of `text` in parts, where it is long enough to be worth splitting; the parts
/// are analysed side by side on all cores ([`rayon`]). For the command line: equal to
/// [`analyze`](crate::analyze)`(text, markup, cfg)`.
pub fn analyze_parallel<'t>(text: &'t str, markup: Markup, cfg: &Config) -> Analysis<'t> {
    if text.len() < PARALLEL_BYTES {
        return crate::analyze(text, markup, cfg);
    }
    in_parts(text, markup, cfg, MIN_PART, "", Vec::new()).0
}

/// Parts are analysed side by side (on rayon's threads) only when at least this many bytes of
/// them need analysing: starting the thread pool costs about as much as analysing 100 KB.
const PARALLEL_BYTES: usize = 256 * 1024;

/// Analyses `text` in parts, reusing `old_parts` (the parts of `old_text`) where the bytes are
/// the same. Returns the analysis, the parts (for the next call) and what it did.
fn in_parts<'t>(
    text: &'t str,
    markup: Markup,
    cfg: &Config,
    min_part: usize,
    old_text: &str,
    old_parts: Vec<Part>,
) -> (Analysis<'t>, Vec<Part>, Work) {
    let cuts = if markup == Markup::Markdown && !reaches_across(text) { cuts(text, min_part) } else { Vec::new() };
    if cuts.is_empty() {
        return (crate::analyze(text, markup, cfg), Vec::new(), Work { parts: 1, analysed: 1, whole: true });
    }
    let old = old_text;
    // The bytes both versions share at the start and at the end.
    let prefix = common_prefix(old.as_bytes(), text.as_bytes());
    let max_suffix = old.len().min(text.len()) - prefix;
    let suffix = common_suffix(old.as_bytes(), text.as_bytes(), max_suffix);
    let old_starts: Vec<usize> = old_parts.iter().map(|p| p.start).collect();
    let old_ends: Vec<usize> = old_parts.iter().map(|p| p.end).collect();
    let mut old_parts: Vec<Option<Part>> = old_parts.into_iter().map(Some).collect();
    let mut reuse = |start: usize, end: usize| -> Option<Part> {
        let (from, to) = if end <= prefix {
            (start, end)
        } else if start >= text.len() - suffix {
            (start + old.len() - text.len(), end + old.len() - text.len())
        } else {
            return None;
        };
        let i = old_starts.binary_search(&from).ok()?;
        let p = &mut old_parts[i];
        if p.as_ref().is_some_and(|p| p.end == to) {
            p.take()
        } else {
            None
        }
    };
    let matcher = cfg.glossary.matcher();
    let new_part = |start: usize, end: usize| -> Part {
        let prose = analysis::prose(&text[start..end], Markup::Markdown, matcher);
        let guillemet = prose.mask.contains(['«', '»']).then(|| pairing::uses_reversed_guillemets(&prose.mask));
        Part { start, end, prose, guillemet, paired: None, quotes: None, name_words: None }
    };

    // Every stretch between two cuts: reused, or analysed (side by side when there is much).
    // An old part that starts here, with the same bytes, and runs past cuts (they did not hold
    // when it was made, and its bytes are the same) keeps its extent, so that those cuts are not
    // tried, and the stretches between them analysed, again at every keystroke.
    let reusable_end = |start: usize| -> Option<usize> {
        if start >= text.len() - suffix {
            // In the shared end: the old part lies in it too, moved by the change in length.
            let i = old_starts.binary_search(&(start + old.len() - text.len())).ok()?;
            Some(old_ends[i] + text.len() - old.len())
        } else {
            // In the shared start, if the old part ends inside it.
            let i = old_starts.binary_search(&start).ok()?;
            (old_ends[i] <= prefix).then_some(old_ends[i])
        }
    };
    let mut bounds: Vec<(usize, usize, Option<Cut>)> = Vec::with_capacity(cuts.len() + 1);
    let (mut from, mut k) = (0, 0);
    loop {
        let mut end_k = k;
        if let Some(e) = reusable_end(from) {
            if e == text.len() {
                end_k = cuts.len();
            } else if let Some(m) = cuts.binary_search_by_key(&e, |c| c.at).ok().filter(|&m| m >= k) {
                end_k = m;
            }
        }
        let cut = cuts.get(end_k).copied();
        let end = cut.map_or(text.len(), |c| c.at);
        bounds.push((from, end, cut));
        if cut.is_none() {
            break;
        }
        (from, k) = (end, end_k + 1);
    }
    let mut found: Vec<Option<Part>> = bounds.iter().map(|&(a, b, _)| reuse(a, b).map(|p| Part { start: a, end: b, ..p })).collect();
    let missing: Vec<usize> = (0..bounds.len()).filter(|&i| found[i].is_none()).collect();
    let mut analysed = missing.len();
    let missing_bytes: usize = missing.iter().map(|&i| bounds[i].1 - bounds[i].0).sum();
    let fresh: Vec<Part> = if missing_bytes >= PARALLEL_BYTES {
        use rayon::prelude::*;
        missing.par_iter().map(|&i| new_part(bounds[i].0, bounds[i].1)).collect()
    } else {
        missing.iter().map(|&i| new_part(bounds[i].0, bounds[i].1)).collect()
    };
    for (i, p) in missing.into_iter().zip(fresh) {
        found[i] = Some(p);
    }

    // The part before a cut must end with the paragraph before it, at the top level (not, say,
    // inside a list that paragraph opened): else the part runs on past the cut.
    let mut parts: Vec<Part> = Vec::with_capacity(bounds.len());
    let mut i = 0;
    while i < bounds.len() {
        let start = bounds[i].0;
        let mut j = i;
        let mut part = found[i].take().expect("every stretch has a part");
        loop {
            let ends_well = bounds[j].2.is_none_or(|c| part.prose.blocks.last().is_some_and(|b| b.start == c.last_block - start));
            if ends_well {
                break;
            }
            j += 1;
            analysed += 1;
            part = new_part(start, bounds[j].1);
        }
        parts.push(part);
        i = j + 1;
    }

    // The two whole-text decisions, then each part's quotations under them.
    let reversed = parts.iter().find_map(|p| p.guillemet).unwrap_or(false);
    let parallel = analysed > 1 && missing_bytes >= PARALLEL_BYTES;
    let pair = |p: &mut Part| {
        if p.paired.as_ref().is_none_or(|x| x.reversed != reversed) {
            let (pairing, runs) = pairing::pair_with(&p.prose, reversed);
            let counts = quotes::top_level_counts(&pairing.spans);
            p.paired = Some(Paired { reversed, pairing: Some(pairing), counts, runs });
            p.quotes = None;
        }
    };
    each_part(&mut parts, parallel, pair);
    let mut counts = [0; 3];
    for p in &parts {
        let c = p.paired.as_ref().map_or([0; 3], |x| x.counts);
        for k in 0..3 {
            counts[k] += c[k];
        }
    }
    let singles = quotes::singles_are_headline_style(counts);
    let spelling = cfg.severity(crate::Rule::NameSpelling).is_some();
    let quote = |p: &mut Part| {
        if p.quotes.as_ref().is_none_or(|(s, _)| *s != singles) {
            let paired = p.paired.as_mut().expect("paired above");
            let pairing = match paired.pairing.take() {
                Some(x) => x,
                None => pairing::pair_with(&p.prose, reversed).0,
            };
            p.quotes = Some((singles, Quotes::from_pairing(&p.prose, pairing, &cfg.lexicon, cfg.context, singles)));
            p.name_words = None;
        }
        // The name-spelling rule's words, found in this part alone: a keystroke joins them.
        if spelling && p.name_words.is_none() {
            let quotes = &p.quotes.as_ref().expect("quoted above").1.quotes;
            p.name_words = Some(Words::collect(&text[p.start..p.end], &p.prose.mask, &p.prose.blocks, quotes));
        }
    };
    each_part(&mut parts, parallel, quote);

    let analysis = merge(text, &parts, cfg);
    let work = Work { parts: parts.len(), analysed, whole: false };
    (analysis, parts, work)
}

/// Runs `f` on every part, side by side when `parallel`.
fn each_part(parts: &mut [Part], parallel: bool, f: impl Fn(&mut Part) + Send + Sync) {
    if parallel {
        use rayon::prelude::*;
        parts.par_iter_mut().for_each(f);
    } else {
        parts.iter_mut().for_each(f);
    }
}

/// The parts' analyses as one analysis of `text`.
fn merge<'t>(text: &'t str, parts: &[Part], cfg: &Config) -> Analysis<'t> {
    let mut mask = String::with_capacity(text.len());
    let (nb, nn, nq, ns) = parts.iter().fold((0, 0, 0, 0), |(b, n, q, s), p| {
        let qs = p.quotes.as_ref().map(|x| &x.1);
        (
            b + p.prose.blocks.len(),
            n + p.prose.names.as_ref().map_or(0, Vec::len),
            q + qs.map_or(0, |x| x.quotes.len()),
            s + qs.map_or(0, |x| x.strays.len()),
        )
    });
    let mut blocks: Vec<Block> = Vec::with_capacity(nb);
    let mut names: Vec<RawMatch> = Vec::with_capacity(nn);
    let mut quotes: Vec<Quote> = Vec::with_capacity(nq);
    let mut strays: Vec<Stray> = Vec::with_capacity(ns);
    let mut name_words = parts.iter().all(|p| p.name_words.is_some()).then(Words::default);
    let mut runs = 0;
    for p in parts {
        let (off, boff) = (p.start, blocks.len());
        mask.push_str(&p.prose.mask);
        blocks.extend(p.prose.blocks.iter().map(|b| b.shifted(off)));
        names.extend(p.prose.names.iter().flatten().map(|m| m.shifted(off)));
        if let Some((_, q)) = &p.quotes {
            quotes.extend(q.quotes.iter().map(|q| {
                let mut q = q.shifted(off);
                q.span.block += boff;
                q.span.run += runs;
                q
            }));
            strays.extend(q.strays.iter().map(|s| s.shifted(off)));
        }
        if let (Some(all), Some(w)) = (&mut name_words, &p.name_words) {
            all.append(w, off);
        }
        runs += p.paired.as_ref().map_or(0, |x| x.runs);
    }
    let prose = Prose { mask, blocks, suppressions: Suppressions::parse(text), names: Some(names) };
    let quotes = Quotes { quotes, strays };
    let names = Names::analyze(&prose, &quotes, cfg);
    Analysis { text, markup: Markup::Markdown, prose, quotes, names, name_words }
}

/// Does something in `text` reach across all of it: a link reference or footnote definition
/// (`[id]: …`, `[^1]: …`) anywhere, on which links elsewhere depend, or the opening line of a
/// metadata block (`---` or `+++` alone on a line, then a line that is not blank), which the
/// parser takes for one when a closing line comes anywhere later, over blank lines?
fn reaches_across(text: &str) -> bool {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"]:").is_some() {
        return true;
    }
    let opens_metadata = |i: usize| {
        let line_start = i == 0 || bytes[i - 1] == b'\n';
        let end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        let alone = bytes[i + 3..end].iter().all(u8::is_ascii_whitespace);
        let next_end = memchr::memchr(b'\n', &bytes[(end + 1).min(bytes.len())..]).map_or(bytes.len(), |k| end + 1 + k);
        let next_blank = bytes[(end + 1).min(bytes.len())..next_end].iter().all(u8::is_ascii_whitespace);
        line_start && alone && !next_blank
    };
    memchr::memmem::find_iter(bytes, b"---").chain(memchr::memmem::find_iter(bytes, b"+++")).any(opens_metadata)
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    // Compare in blocks (memcmp), then byte by byte in the first block that differs.
    let mut i = 0;
    while i + 64 <= n && a[i..i + 64] == b[i..i + 64] {
        i += 64;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix(a: &[u8], b: &[u8], max: usize) -> usize {
    let (la, lb) = (a.len(), b.len());
    let mut i = 0;
    while i + 64 <= max && a[la - i - 64..la - i] == b[lb - i - 64..lb - i] {
        i += 64;
    }
    while i < max && a[la - i - 1] == b[lb - i - 1] {
        i += 1;
    }
    i
}

/// A paragraph of the raw text: a run of lines that are not blank.
#[derive(Debug, Clone, Copy)]
struct Para {
    start: usize,
    end: usize,
}

impl Para {
    /// Starts with a letter (at the start of its line, as every paragraph does here).
    fn plain(self, text: &str) -> bool {
        text[self.start..self.end].chars().next().is_some_and(char::is_alphabetic)
    }

    /// Holds no quotation mark or apostrophe.
    fn unquoted(self, text: &str) -> bool {
        !pairing::has_mark(&text[self.start..self.end])
    }

    /// Holds no backtick, tilde, `<` or `|` (no code, HTML or table starts in it).
    fn inert(self, text: &str) -> bool {
        let s = &text.as_bytes()[self.start..self.end];
        memchr::memchr3(b'`', b'~', b'<', s).is_none() && memchr::memchr(b'|', s).is_none()
    }
}

/// Where `text` may be cut (see the module documentation), at least `min_part` bytes apart.
fn cuts(text: &str, min_part: usize) -> Vec<Cut> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut last_cut = 0;
    let mut prev: Option<Para> = None;
    let mut para_start: Option<usize> = None;
    let mut line = 0;
    // Whether the text may be cut between `x` and `y`: the distance first, as most paragraphs
    // lie within `min_part` of the last cut and need no search for marks.
    let cut_between = |x: Para, y: Para, last_cut: usize| {
        y.start - last_cut >= min_part && y.plain(text) && x.plain(text) && y.unquoted(text) && x.unquoted(text) && x.inert(text)
    };
    while line < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[line..]).map_or(bytes.len(), |i| line + i + 1);
        let blank = bytes[line..end].iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
        match (blank, para_start) {
            (false, None) => para_start = Some(line),
            (true, Some(start)) => {
                let para = Para { start, end: line };
                if let Some(x) = prev {
                    if cut_between(x, para, last_cut) {
                        out.push(Cut { at: para.start, last_block: x.start });
                        last_cut = para.start;
                    }
                }
                prev = Some(para);
                para_start = None;
            }
            _ => {}
        }
        line = end;
    }
    // The last paragraph (running to the end of the text) can be the `Y` of a cut.
    if let (Some(x), Some(start)) = (prev, para_start) {
        let y = Para { start, end: bytes.len() };
        if cut_between(x, y, last_cut) {
            out.push(Cut { at: y.start, last_block: x.start });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of Markdown news copy, joined at random: narrative with names, quotations of
    /// every attribution pattern, quotations running over paragraphs or left open, guillemets
    /// both ways, and the Markdown that can run past a blank line (fences, HTML, lists).
    const PIECES: &[&str] = &[
        "Fighters of the Islamic State withdrew from the town on Sunday.",
        "Officials said ISIL units regrouped near Kiev overnight.",
        "The council met in Kyiv to discuss the budget for al-Qaeda victims.",
        "Islamic State (ISIS) fighters crossed the river.",
        "Daesh claimed the attack, officials in Kyiv said.",
        "“We will stay until the end,” the mayor said.",
        "“Nobody here has slept since March.”",
        "The minister said: “Go home now.”",
        "“This quotation runs on",
        "“and ends in this paragraph,” she added.",
        "“It runs on again",
        "“Why now?” Petrenko asked. “Because ISIS is back.”",
        "Speaking in Kyiv, the governor said: “We are ready.”",
        "According to the ministry, the talks will resume “once the guns fall silent”.",
        "‘Not fit to serve’",
        "‘A headline in single marks’ and “Islamic state”",
        "»Wir bleiben hier«, sagte der Bürgermeister.",
        "«Мы остаёмся», сказал Пушков.",
        "— Alexei Pushkov",
        "The spokesman gave a statement:",
        "Why did he go back?",
        "So said the minister, in his words.",
        "Russia’s army and the parents’ group don’t agree.",
        "# Talks stall as ISIS returns",
        "Setext headline about ISIL\n===",
        "- first item about Kiev\n- second item",
        "1. numbered item\n2. another",
        "> A block quotation about Daesh",
        "```\ncode about ISIS",
        "```",
        "~~~",
        "<!-- a comment",
        "-->",
        "<div>",
        "</div>",
        "    indented code",
        "a | b\n--|--\n1 | ISIS",
        "See [the report](https://example.org/isis) on www.example.com today.",
        "<!-- copydesk-disable inconsistent-name -->",
        "<!-- copydesk-enable -->",
        "Plain words and more plain words without any marks at all.",
        "Another plain paragraph with IS and ISIL in it.",
        "Residents waited outside\nto hear about the ISIS convoy.",
        "[ref]: https://example.org",
        "See [ref] and [the report][ref] about ISIS, and a note.[^1]",
        "[^1]: A footnote about ISIL.",
        "---",
        "*Emphasis* on Islamic State and `code`.",
        "He said it was “absurd” and “unjust”.",
        "<script>\nvar isis = 1;",
        "</script>",
        "<pre>",
        "+++",
        "---\ntitle: ISIS",
        "Lead line about ISIL\n- an item that interrupts it",
        "Lead line about Kiev\n> a quotation block that interrupts it",
        "Lead line\n1. a numbered item",
        "Lead line\n<!-- a comment that interrupts it",
        "  an indented continuation line",
        "\tA tabbed line about Daesh",
        "Пушков сказал, что ИГ — угроза.",
        "''Double apostrophes,'' he said.",
        "THE ALL-CAPS HEADLINE ABOUT IS",
        "Write to press@example.org about al-Qaeda.",
        "A Short Title Line",
        "Lead line\n---",
        // Names spelled two ways, for the name-spelling rule (its words are kept per part).
        "Attorney General Mark Delacroix sued the harbour board on Monday.",
        "Delacrix, a Democrat, said the case was strong.",
        "Later Mr Delacroix left the building.",
        "“Delacrix will decide,” the aide said.",
        "Der Hafen und die Stadt sind nicht das Problem, sagte Delacrix.",
    ];
    const INSERTS: &[&str] =
        &["“", "”", "\"", "'", "’", "`", "```", "\n", "\n\n", "-", "# ", "> ", "<", "|", ":", "]:", "«", "»", "ISIS", " said"];

    fn doc() -> impl Strategy<Value = String> {
        let sep = prop::sample::select(vec!["\n\n", "\n\n", "\n\n", "\n", "\n\n\n", "\r\n\r\n", "\n \n"]);
        prop::collection::vec((prop::sample::select(PIECES.to_vec()), sep), 0..28)
            .prop_map(|v| v.into_iter().map(|(p, s)| format!("{}{}", p, s)).collect())
    }

    /// The analysis without the name-spelling rule's words, which only an analysis in parts
    /// keeps (the rules' findings compare those).
    fn shown(a: &Analysis) -> String {
        let mut a = a.clone();
        a.name_words = None;
        format!("{:?}", a)
    }

    fn same(a: &Analysis, b: &Analysis) -> Result<(), TestCaseError> {
        prop_assert_eq!(&a.prose.mask, &b.prose.mask);
        prop_assert_eq!(&a.prose.blocks, &b.prose.blocks);
        prop_assert_eq!(&a.prose.names, &b.prose.names);
        prop_assert_eq!(format!("{:?}", a.prose.suppressions), format!("{:?}", b.prose.suppressions));
        prop_assert_eq!(&a.quotes.quotes, &b.quotes.quotes);
        prop_assert_eq!(&a.quotes.strays, &b.quotes.strays);
        prop_assert_eq!(&a.names.mentions, &b.names.mentions);
        prop_assert_eq!(&a.names.uses, &b.names.uses);
        Ok(())
    }

    /// A char boundary of `s` at or before `i`.
    fn floor(s: &str, i: usize) -> usize {
        crate::document::floor_char_boundary(s, i.min(s.len()))
    }

    /// Markdown-significant fragments, for texts that are not news copy at all.
    const SOUP: &[&str] = &[
        "a",
        "Word",
        " ",
        "\n",
        "\n\n",
        "\n\n",
        "\r\n",
        "\t",
        "    ",
        "`",
        "```",
        "~~~",
        "<",
        ">",
        "<div>",
        "</div>",
        "<!--",
        "-->",
        "<?",
        "?>",
        "<![CDATA[",
        "]]>",
        "<script>",
        "|",
        "-",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "#",
        "# ",
        "=",
        "===",
        "---",
        "+++",
        "***",
        "[",
        "]",
        "(",
        ")",
        "[^1]",
        "!",
        "\\",
        "&amp;",
        "“",
        "”",
        "‘",
        "’",
        "\"",
        "'",
        "«",
        "»",
        "„",
        ":",
        ".",
        ",",
        "ISIS",
        "ISIL",
        "Kiev",
        "Islamic State",
        " said",
        "he said.",
        "http://x.y",
        "a@b.co",
        "copydesk-",
        "<!-- copydesk-disable -->",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Texts made of Markdown's own characters at random (code fences, HTML blocks, lists,
        /// definitions, metadata lines, entities, marks), cut wherever the rules allow: the
        /// parts give the whole analysis, before and after random edits.
        #[test]
        fn markdown_soup_in_parts_gives_the_whole_analysis(
            start in prop::collection::vec(
                (any::<bool>(), prop::collection::vec(prop::sample::select(SOUP.to_vec()), 0..12)),
                0..24,
            )
            .prop_map(|paras| {
                // Plain paragraphs between the soup ones, so that there are places to cut.
                paras.into_iter().map(|(plain, soup)| if plain { "Plain words about ISIS.\n\n".to_string() } else { soup.concat() + "\n\n" }).collect::<String>()
            }),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..6, prop::sample::select([SOUP, &["]:"]].concat())), 0..6),
        ) {
            let cfg = Arc::new(Config::default());
            let mut inc = Incremental::with_min_part(cfg.clone(), Markup::Markdown, 0);
            let mut text = start;
            same(&inc.analyze(&text), &crate::analyze(&text, Markup::Markdown, &cfg))?;
            for (at, len, piece) in edits {
                let i = floor(&text, at.index(text.len() + 1));
                let j = floor(&text, i + len).max(i);
                text.replace_range(i..j, piece);
                same(&inc.analyze(&text), &crate::analyze(&text, Markup::Markdown, &cfg))?;
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Analysed in parts (cut wherever the rules allow), any document gives what the whole
        /// analysis gives; and so does every version after a series of random edits, each
        /// analysed reusing the parts of the one before.
        #[test]
        fn parts_and_edits_give_the_whole_analysis(
            start in doc(),
            min_part in prop::sample::select(vec![0usize, 1, 40, 200]),
            edits in prop::collection::vec(
                (any::<prop::sample::Index>(), 0usize..12, prop::sample::select(PIECES.to_vec()), prop::sample::select(INSERTS.to_vec()), 0u8..5),
                0..8,
            ),
        ) {
            let cfg = Arc::new(Config::default());
            let mut inc = Incremental::with_min_part(cfg.clone(), Markup::Markdown, min_part);
            let mut text = start;
            let (a, _) = inc.analyze_counted(&text);
            let whole = crate::analyze(&text, Markup::Markdown, &cfg);
            same(&a, &whole)?;
            prop_assert_eq!(crate::rules::run(&a, &cfg), crate::rules::run(&whole, &cfg));
            for (at, len, piece, insert, how) in edits {
                let i = floor(&text, at.index(text.len() + 1));
                let j = floor(&text, i + len).max(i);
                match how {
                    0 => text.replace_range(i..j, ""),
                    1 => text.insert_str(i, piece),
                    2 => text.insert_str(i, &format!("\n\n{}\n\n", piece)),
                    3 => text.insert_str(i, insert),
                    _ => text.replace_range(i..j, "x"),
                }
                let (a, _) = inc.analyze_counted(&text);
                let whole = crate::analyze(&text, Markup::Markdown, &cfg);
                same(&a, &whole)?;
                prop_assert_eq!(crate::rules::run(&a, &cfg), crate::rules::run(&whole, &cfg));
            }
        }
    }

    /// A manuscript long enough to be analysed side by side gives the whole analysis.
    #[test]
    fn the_parallel_analysis_of_a_manuscript_is_the_whole_analysis() {
        let para = |i: usize| match i % 3 {
            0 => format!("Officials said ISIL units moved closer to town number {i}, and Islamic State (ISIS) withdrew."),
            1 => format!("“We cannot plan the harvest while the roads stay closed, number {i},” the mayor said in Kiev."),
            _ => "“Nobody here has slept.”\n\nResidents waited outside to hear about the border crossing.".to_string(),
        };
        let text: String = (0..4000).map(|i| para(i) + "\n\n").collect();
        assert!(text.len() > PARALLEL_BYTES);
        let cfg = Config::default();
        let whole = crate::analyze(&text, Markup::Markdown, &cfg);
        let parallel = analyze_parallel(&text, Markup::Markdown, &cfg);
        assert_eq!(shown(&parallel), shown(&whole));
        assert_eq!(crate::rules::run(&parallel, &cfg), crate::rules::run(&whole, &cfg));
    }

    /// A name misspelled by a keystroke in a long story: one part is analysed again, its
    /// surnames joined with the other parts' kept ones, and the rule finds what it finds in the
    /// whole text.
    #[test]
    fn a_keystroke_that_misspells_a_name_analyses_one_part() {
        let para = |i: usize| match i % 3 {
            0 => format!("Attorney General Mark Delacroix spoke about bridge number {i}."),
            1 => "Residents waited outside to hear about the reopening of the border crossing.".to_string(),
            _ => "The council met on Tuesday to discuss the budget for the new bridge.".to_string(),
        };
        let mut text: String = (0..1500).map(|i| para(i) + "\n\n").collect();
        let cfg = Arc::new(Config::default());
        let mut inc = Incremental::new(cfg.clone(), Markup::Markdown);
        inc.analyze(&text);
        // One keystroke: the `o` of one `Delacroix` in the middle deleted.
        let at = text[text.len() / 2..].find("Delacroix").unwrap() + text.len() / 2 + "Delacr".len();
        text.remove(at);
        let (a, w) = inc.analyze_counted(&text);
        assert!(!w.whole && w.analysed <= 2, "{:?}", w);
        assert!(a.name_words.is_some());
        let found = crate::rules::run(&a, &cfg);
        let spelling: Vec<&str> = found.iter().filter(|f| f.rule == crate::Rule::NameSpelling).map(|f| &text[f.start..f.end]).collect();
        assert_eq!(spelling, ["Delacrix"]);
        assert_eq!(found, crate::rules::run(&crate::analyze(&text, Markup::Markdown, &cfg), &cfg));
    }

    /// A long story: an edit in one paragraph analyses one part again, and the result is the
    /// whole analysis.
    #[test]
    fn a_keystroke_in_a_long_story_analyses_one_part() {
        let para = |i: usize| match i % 4 {
            // Now and then a paragraph that a list interrupts: a cut after it does not hold.
            _ if i % 9 == 8 => "Residents waited outside\n- to hear about the crossing".to_string(),
            0 => format!("Officials said Islamic State units moved closer to town number {}.", i),
            1 => format!("“We cannot plan the harvest while the roads stay closed, number {},” the mayor said.", i),
            2 => "Residents waited outside to hear about the reopening of the border crossing.".to_string(),
            _ => "The council met on Tuesday to discuss the budget for the new bridge, ISIL fighters said.".to_string(),
        };
        let mut text: String = (0..2000).map(|i| para(i) + "\n\n").collect();
        let cfg = Arc::new(Config::default());
        let mut inc = Incremental::new(cfg.clone(), Markup::Markdown);
        let (_, w) = inc.analyze_counted(&text);
        assert!(!w.whole && w.parts > 10 && w.analysed >= w.parts, "{:?}", w);
        for (k, at) in [text.len() / 2, 10, text.len() - 5].into_iter().enumerate() {
            let at = floor(&text, at);
            text.insert(at, 'x');
            let (a, w) = inc.analyze_counted(&text);
            assert!(!w.whole && w.analysed <= 2, "edit {}: {:?}", k, w);
            let whole = crate::analyze(&text, Markup::Markdown, &cfg);
            assert_eq!(shown(&a), shown(&whole));
            assert_eq!(crate::rules::run(&a, &cfg), crate::rules::run(&whole, &cfg));
            let (_, w) = inc.analyze_counted(&text);
            assert_eq!(w.analysed, 0, "the same text again reuses every part");
        }
    }
}
