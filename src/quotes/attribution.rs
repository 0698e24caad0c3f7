//! Attribution: does a direct quotation say who said it?
//!
//! A quotation counts as attributed, in this order of checks, when
//! 1. its own sentence, before or after it, holds an attribution word or phrase from the
//!    lexicon (`said`, `told`, `stressed`, `according to`, `in a statement`, …): *verb after*,
//!    *verb before*, *according to*; a quote split around its attribution (`“A,” he said, “B.”`)
//!    is covered by the same check;
//! 2. the text just before it ends with a colon (`Pushkov said: “…”`, `Pushkov: “…”`): *colon*;
//! 3. a dash after it introduces the speaker (`“…”, – Pushkov`, `” — he said`, `― Name`): *dash*;
//! 4. an earlier quotation of the same paragraph is attributed within the paragraph: *follow-on*;
//! 5. the sentence just before it, in the same paragraph, names a speaker with an attribution
//!    word and holds no quotation of its own; or the sentence just after it does and points
//!    back at it (`Smith said of the plan.`, `“Why?” Smith asked, pointing …`): *previous
//!    sentence*, *next sentence*;
//! 6. it opens its paragraph and the previous paragraph attributes it, by the convention
//!    `[attribution] context` chooses (`previous_paragraph`): *colon*, *previous paragraph*;
//! 7. it is part of a multi-paragraph quotation another part of which is attributed:
//!    *multi-paragraph*.
//!
//! A partial quotation of four words or more (`QuoteKind::Partial`) gets checks 1-4, then the
//! sentence before (5) or a sentence that names someone.
//!
//! Precision comes first: each of these is lenient on purpose, since a false alarm costs an
//! editor more than a miss.

use super::lexicon::{words, Lexicon};
use super::{AttributionContext, Quote, QuoteKind};
use crate::prose::{is_alnum, BlockKind, Prose};

/// How a quotation was found to be attributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pattern {
    VerbAfter,
    VerbBefore,
    AccordingTo,
    Colon,
    Dash,
    FollowOn,
    PreviousSentence,
    NextSentence,
    PreviousParagraph,
    MultiParagraph,
}

impl Pattern {
    pub fn describe(self) -> &'static str {
        match self {
            Pattern::VerbAfter => "attribution after the quote",
            Pattern::VerbBefore => "attribution before the quote",
            Pattern::AccordingTo => "“according to”",
            Pattern::Colon => "colon lead-in",
            Pattern::Dash => "dash attribution",
            Pattern::FollowOn => "follows an attributed quote in the same paragraph",
            Pattern::PreviousSentence => "attribution in the previous sentence",
            Pattern::NextSentence => "attribution in the next sentence",
            Pattern::PreviousParagraph => "attribution at the end of the previous paragraph",
            Pattern::MultiParagraph => "part of an attributed multi-paragraph quote",
        }
    }
}

/// The verdict on one direct quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution {
    /// `None`: unattributed.
    pub pattern: Option<Pattern>,
    /// The attribution word or phrase, as a byte range of the text.
    pub cue: Option<(usize, usize)>,
    /// The speaker, when one could be picked out.
    pub speaker: Option<(usize, usize)>,
}

impl Attribution {
    pub fn is_attributed(&self) -> bool {
        self.pattern.is_some()
    }

    /// The same verdict, its byte ranges `by` bytes further on.
    pub fn shifted(self, by: usize) -> Attribution {
        let at = |r: (usize, usize)| (r.0 + by, r.1 + by);
        Attribution { cue: self.cue.map(at), speaker: self.speaker.map(at), ..self }
    }
    const NONE: Attribution = Attribution { pattern: None, cue: None, speaker: None };
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "st", "jr", "sr", "rev",
    "hon", "pres", "vs", "no", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "inc", "corp", "co", "ltd", "etc",
    "u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "e.g", "i.e", "ft", "mt", "ave", "blvd", "dept", "univ", "assn", "atty",
];

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "we", "i", "it", "you", "who", "он", "она", "они", "мы", "я", "er", "sie", "wir", "ich", "il", "elle", "ils",
    "elles", "nous", "je", "on",
];

fn is_opening_mark(c: char) -> bool {
    matches!(c, '“' | '"' | '„' | '«' | '»' | '‘' | '\'')
}

fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '―' | '-' | '‒')
}

/// Fills in `attribution` for every direct quotation.
pub fn attribute(prose: &Prose, quotes: &mut [Quote], lex: &Lexicon, context: AttributionContext) {
    let lenient = context != AttributionContext::Sentence;
    let mask = prose.mask.as_str();
    // Each block's top-level quotations: `tops[first[bi]..first[bi + 1]]`, in text order.
    let mut first = vec![0usize; prose.blocks.len() + 1];
    for q in quotes.iter().filter(|q| q.span.depth == 0) {
        first[q.span.block + 1] += 1;
    }
    for bi in 0..prose.blocks.len() {
        first[bi + 1] += first[bi];
    }
    let mut tops = vec![0usize; first[prose.blocks.len()]];
    let mut next = first.clone();
    for (i, q) in quotes.iter().enumerate().filter(|(_, q)| q.span.depth == 0) {
        tops[next[q.span.block]] = i;
        next[q.span.block] += 1;
    }
    let tops_of = |bi: usize| &tops[first[bi]..first[bi + 1]];
    // The text outside the quotations of this block and of the one before, in the slots of
    // their indices' parity.
    let mut slots = [Outside::default(), Outside::default()];

    // The quotation whose verdict each multi-paragraph run has so far (its first attributed
    // part); runs are numbered from 0.
    const NO_VERDICT: u32 = u32::MAX;
    let mut run_verdict = vec![NO_VERDICT; quotes.iter().map(|q| q.span.run + 1).max().unwrap_or(0)];
    let verdict_of = |run_verdict: &[u32], quotes: &[Quote], run: usize| -> Option<Attribution> {
        let i = *run_verdict.get(run)?;
        (i != NO_VERDICT).then(|| quotes[i as usize].attribution).flatten()
    };
    // Reused from block to block.
    let mut speech: Vec<usize> = Vec::new();
    for bi in 0..prose.blocks.len() {
        let here = tops_of(bi);
        if here.is_empty() {
            continue;
        }
        let block = prose.blocks[bi];
        let [even, odd] = &mut slots;
        let (current, before_it) = if bi % 2 == 0 { (even, odd) } else { (odd, even) };
        let (outside, sents) = current.fill(prose, bi, quotes, here, lex);
        // Where this block's quotations that carry their own attribution stand (direct ones and
        // partial ones of four words or more): an attribution word in their sentence is theirs.
        speech.clear();
        speech.extend(here.iter().filter(|&&j| checked(&quotes[j], mask)).map(|&j| quotes[j].span.start));
        // Worked out once per block, not once per quotation (issue 21: a paragraph of many
        // quotations was quadratic): the paragraph's closing source tag, its speaker label, and
        // the latest earlier quotation whose attribution a follow-on quotation takes.
        let source_tag = closing_source_tag(mask, block.start, block.end);
        let label = speaker_label(outside);
        let mut follow_from: Option<usize> = None;
        for k in 0..here.len() {
            if let Some(&prev) = k.checked_sub(1).and_then(|p| here.get(p)) {
                if quotes[prev].attribution.is_some_and(carries_its_voice) {
                    follow_from = Some(prev);
                }
            }
            let qi = here[k];
            if !checked(&quotes[qi], mask) {
                continue;
            }
            let partial = quotes[qi].kind == QuoteKind::Partial;
            let q = quotes[qi].span.clone();
            // A later part of a multi-paragraph quotation inherits the run's verdict so far.
            if let Some(v) = verdict_of(&run_verdict, quotes, q.run) {
                quotes[qi].attribution = Some(Attribution { pattern: Some(Pattern::MultiParagraph), ..v });
                continue;
            }
            // Sentences are in order and do not overlap: found by binary search.
            let si = sents
                .partition_point(|&(s, _)| s <= q.start)
                .checked_sub(1)
                .filter(|&i| q.start < sents[i].1.max(sents[i].0 + 1))
                .unwrap_or(0);
            let (ss, se) = sents.get(si).copied().unwrap_or((block.start, block.end));
            let h = Here { prose, lex, bi, outside, sents, speech: &speech, q: &q, si, ss, se, source_tag, label };
            // Another quotation right after this one, nothing but marks and spaces between
            // (`“…” “…”`): a string of quotations no tag separates is not carried by the
            // paragraph before, whose speaker may not be theirs ([`previous_paragraph`]).
            let chained = here.get(k + 1).is_some_and(|&j| {
                quotes[j].kind == QuoteKind::Direct && !mask[q.end..quotes[j].span.start.max(q.end)].chars().any(is_alnum)
            });
            let prev_tops = bi.checked_sub(1).map_or(&[][..], tops_of);
            // The conventions, in the documented order (the module's doc).
            let verdict = h
                .tag()
                .or_else(|| h.own_sentence_after())
                .or_else(|| h.own_sentence_before())
                .or_else(|| h.lead_in())
                .or_else(|| h.speaker_label())
                .or_else(|| h.dash_or_byline())
                .or_else(|| h.follow_on(follow_from.map(|j| &quotes[j])))
                .or_else(|| {
                    if partial {
                        h.partial_context()
                    } else if !lenient {
                        h.opens_paragraph().then(|| previous_paragraph_colon(prose, bi)).flatten()
                    } else {
                        h.neighbour_sentence().or_else(|| h.next_paragraph()).or_else(|| h.answer()).or_else(|| h.german()).or_else(|| {
                            h.opens_paragraph()
                                .then(|| {
                                    if chained {
                                        previous_paragraph_colon(prose, bi)
                                    } else {
                                        previous_paragraph(prose, bi, lex, before_it, quotes, prev_tops, context)
                                    }
                                })
                                .flatten()
                        })
                    }
                })
                .unwrap_or(Attribution::NONE);
            if verdict.is_attributed() && run_verdict[q.run] == NO_VERDICT {
                run_verdict[q.run] = qi as u32;
            }
            quotes[qi].attribution = Some(verdict);
        }
    }

    // Multi-paragraph quotations: attributed anywhere, attributed everywhere.
    // (A run's verdict is its first attributed part's, which this leaves as it is.)
    for i in 0..quotes.len() {
        let q = &quotes[i];
        if q.kind != QuoteKind::Direct || q.attribution.is_some_and(|a| a.is_attributed()) {
            continue;
        }
        if let Some(src) = verdict_of(&run_verdict, quotes, q.span.run) {
            quotes[i].attribution = Some(Attribution { pattern: Some(Pattern::MultiParagraph), ..src });
        }
    }
}

/// One quotation being attributed, with its paragraph (`outside`: the block's text with the
/// quotations' content blanked; `sents`: its sentences) and its sentence `ss..se` (number `si`).
/// Each method is one convention of the module's list, called in that order.
struct Here<'a> {
    prose: &'a Prose,
    lex: &'a Lexicon,
    bi: usize,
    outside: &'a str,
    sents: &'a [(usize, usize)],
    /// Where the block's quotations that carry their own attribution start.
    speech: &'a [usize],
    q: &'a super::Span,
    si: usize,
    ss: usize,
    se: usize,
    /// The paragraph's closing source tag and speaker label, worked out once per paragraph.
    source_tag: Option<(usize, usize)>,
    label: Option<(usize, usize)>,
}

impl Here<'_> {
    fn mask(&self) -> &str {
        &self.prose.mask
    }

    fn block_start(&self) -> usize {
        self.prose.blocks[self.bi].start
    }

    /// Its paragraph with the quotations' words (for telling its language).
    fn paragraph(&self) -> &str {
        let b = self.prose.blocks[self.bi];
        &self.mask()[b.start..b.end]
    }

    fn local(&self, a: usize) -> usize {
        (a - self.block_start()).min(self.outside.len())
    }

    /// Its sentence before it.
    fn before(&self) -> &str {
        &self.outside[self.local(self.ss)..self.local(self.q.start)]
    }

    /// Its sentence after it.
    fn after(&self) -> &str {
        &self.outside[self.local(self.q.end)..self.local(self.se.max(self.q.end))]
    }

    /// The block after it.
    fn rest_of_block(&self) -> &str {
        &self.outside[self.local(self.q.end)..]
    }

    /// Another quotation that carries its own attribution starts in `s..e`.
    fn own(&self, s: usize, e: usize) -> bool {
        self.speech.iter().any(|&p| p != self.q.start && s <= p && p < e)
    }

    /// A signature line closing a pull quote, a source in brackets closing the paragraph, or a
    /// speaker label opening a quoted transcript (`“Chris Matthews: Seriously, …”`).
    fn tag(&self) -> Option<Attribution> {
        let content = &self.mask()[self.q.content_start..self.q.content_end];
        if let Some((s, e)) = speaker_label(content).filter(|&(_, e)| content[e + 1..].starts_with(' ')) {
            let at = self.q.content_start;
            return Some(Attribution { pattern: Some(Pattern::Colon), cue: None, speaker: Some((at + s, at + e)) });
        }
        let sig = signature_line(self.mask(), self.q).or(self.source_tag)?;
        Some(Attribution { pattern: Some(Pattern::Dash), cue: None, speaker: Some(sig) })
    }

    /// (1) An attribution word after it in its sentence: `“…,” Pushkov said`.
    fn own_sentence_after(&self) -> Option<Attribution> {
        let after = self.after();
        if let Some(v) = self.so_postposition(after) {
            return Some(v);
        }
        let (a, b) = self.lex.find(after)?;
        let cue = (self.q.end + a, self.q.end + b);
        let pattern = if after[a..b].eq_ignore_ascii_case("according to") { Pattern::AccordingTo } else { Pattern::VerbAfter };
        Some(Attribution {
            pattern: Some(pattern),
            cue: Some(cue),
            speaker: speaker(self.mask(), self.q.end, self.se.max(self.q.end), cue),
        })
    }

    /// (1) German wire copy's postposition right after the closing mark: `„…“, so Schnappauf.`,
    /// `„…“, so der Sprecher.` — `so` after the comma, then a capitalised word (a name or a
    /// German noun) or an article. `so` is an everyday word, so it counts only there.
    fn so_postposition(&self, after: &str) -> Option<Attribution> {
        let lead = after.len() - after.trim_start().len();
        let rest = after.trim_start().strip_prefix(',')?;
        let gap = rest.len() - rest.trim_start().len();
        let word = rest.trim_start().strip_prefix("so ")?;
        let next = word.trim_start();
        let named = next.starts_with(char::is_uppercase) || ["der ", "die ", "das ", "ein ", "eine "].iter().any(|a| next.starts_with(a));
        if !named {
            return None;
        }
        let at = self.q.end + lead + 1 + gap;
        let cue = (at, at + 2);
        Some(Attribution {
            pattern: Some(Pattern::VerbAfter),
            cue: Some(cue),
            speaker: speaker(self.mask(), self.q.end, self.se.max(self.q.end), cue),
        })
    }

    /// (1) An attribution word before it in its sentence: `Pushkov said that “…”`.
    fn own_sentence_before(&self) -> Option<Attribution> {
        let before = self.before();
        let (a, b) = self.lex.find(before)?;
        let cue = (self.ss + a, self.ss + b);
        let pattern = if before[a..b].eq_ignore_ascii_case("according to") { Pattern::AccordingTo } else { Pattern::VerbBefore };
        Some(Attribution { pattern: Some(pattern), cue: Some(cue), speaker: speaker(self.mask(), self.ss, self.q.start, cue) })
    }

    /// (2) A colon or dash lead-in: `Pushkov said: “…”`, `He embraced the plan — “…”`.
    fn lead_in(&self) -> Option<Attribution> {
        let lead = self.before().trim_end();
        if !(lead.ends_with([':', '—', '–']) || lead.ends_with("--")) {
            return None;
        }
        // German: a colon after a full stop leads in nothing; the sentence before the stop
        // attributes the quotation as a sentence before it does, or the checks go on.
        if let Some(prev) = super::german::stray_colon(self.paragraph(), lead) {
            return self.said_in(prev, self.ss);
        }
        let (i, ch) = lead.char_indices().next_back().unwrap_or((0, ':'));
        // A colon with nothing before it in its sentence, or a German lead-in that names
        // nobody (`Dazu weiter:`, `Auch dort:`): the sentence before is judged instead.
        let body = lead[..i].trim();
        if ch == ':' && (!body.chars().any(is_alnum) || super::german::names_nobody(self.paragraph(), body)) {
            let &(s, e) = self.sents.get(self.si.checked_sub(1)?)?;
            return self.said_in(&self.outside[self.local(s)..self.local(e)], s);
        }
        let colon = self.ss + i;
        let cue = (colon, colon + ch.len_utf8());
        Some(Attribution { pattern: Some(Pattern::Colon), cue: Some(cue), speaker: speaker(self.mask(), self.ss, colon, cue) })
    }

    /// `text` (a sentence starting at `at`) says who spoke: an attribution word or its subject
    /// by German word order (`Er war …`, `reagierte er`).
    fn said_in(&self, text: &str, at: usize) -> Option<Attribution> {
        let cue = self.lex.find(text).map(|(a, b)| (at + a, at + b));
        let who = super::german::subject_before(text).map(|(a, b)| (at + a, at + b));
        (cue.is_some() || who.is_some()).then_some(Attribution { pattern: Some(Pattern::PreviousSentence), cue, speaker: who })
    }

    /// (2) Transcripts and interviews: `Lopez: Well, no one is like, ‘…’`, `A: No. …`.
    fn speaker_label(&self) -> Option<Attribution> {
        let label = self.label?;
        let at = self.block_start();
        Some(Attribution { pattern: Some(Pattern::Colon), cue: None, speaker: Some((at + label.0, at + label.1)) })
    }

    /// (3) A dash and a name after it (`”, — Pushkov`), a byline or a source tag.
    fn dash_or_byline(&self) -> Option<Attribution> {
        let after = self.after();
        let sp = dash_speaker(after).or_else(|| byline(after))?;
        Some(Attribution { pattern: Some(Pattern::Dash), cue: None, speaker: Some((self.q.end + sp.0, self.q.end + sp.1)) })
    }

    /// (4) An earlier quotation of the paragraph (`prev`, the latest that [`carries_its_voice`])
    /// attributed within the paragraph:
    /// the same voice goes on (`“A,” he said. “B.”`; `In an email, Axelrod defended his role.
    /// “A.” “B.”`). Not one attributed only by the paragraph before or the sentence after.
    fn follow_on(&self, prev: Option<&Quote>) -> Option<Attribution> {
        Some(Attribution { pattern: Some(Pattern::FollowOn), ..prev?.attribution? })
    }

    /// A partial quotation: the sentence before names the speaker, or its own sentence names
    /// someone (`Cruz is praising Bush as “a man who …”`): the sentence's subject is the
    /// speaker as far as a reader can tell.
    fn partial_context(&self) -> Option<Attribution> {
        neighbour(self.outside, self.block_start(), self.sents, self.si, self.lex, self.mask(), &|s, e| self.own(s, e), None).or_else(
            || {
                let sentence = &self.outside[self.local(self.ss)..self.local(self.se.max(self.ss))];
                let who = if super::german::is_german(self.paragraph()) {
                    super::german::someone_in(sentence)
                } else {
                    self.lex.someone_in(sentence)
                }?;
                Some(Attribution { pattern: Some(Pattern::VerbBefore), cue: None, speaker: Some((self.ss + who.0, self.ss + who.1)) })
            },
        )
    }

    /// (5) The sentence just before or after it.
    fn neighbour_sentence(&self) -> Option<Attribution> {
        let content = self.mask()[self.q.content_start..self.q.content_end].trim_end().trim_end_matches(['"', '”', '’', '\'', '»']);
        let asks = content.ends_with(['?', '!', '—', '–', '-']);
        neighbour(
            self.outside,
            self.block_start(),
            self.sents,
            self.si,
            self.lex,
            self.mask(),
            &|s, e| self.own(s, e),
            Some((self.q.end, asks)),
        )
    }

    /// The next paragraph names the speaker: a dash and a name, a sentence pointing back
    /// (`So says the mayor.`), a signature closing a quotation left open.
    fn next_paragraph(&self) -> Option<Attribution> {
        let rest = self.rest_of_block();
        next_paragraph_dash(self.prose, self.bi, rest)
            .or_else(|| next_paragraph_says(self.prose, self.bi, rest, self.lex))
            .or_else(|| next_paragraph_signature(self.prose, self.bi, self.q))
    }

    /// The answer to the question just asked: `Why was he out in the heat? “My mom says …”`.
    fn answer(&self) -> Option<Attribution> {
        let (s, e) = *self.sents.get(self.si.checked_sub(1)?)?;
        let asked = self.outside[self.local(s)..self.local(e)].trim_end().ends_with('?');
        asked.then_some(Attribution { pattern: Some(Pattern::PreviousSentence), cue: None, speaker: None })
    }

    /// (5) German word order ([`super::german`]): `„…?“, wollte X wissen.`; a quotation in
    /// apposition to a saying already told (`veröffentlichte die Antwort, „…“`); and for a quotation
    /// that stands as a sentence of its own: the sentence after points back at it (`Das musste X einräumen.`), or the
    /// sentence before names the source with a noun phrase (`Nach Ansicht von X …`) or names a
    /// person as its subject with any verb (`… will X die Gebühren senken.`).
    fn german(&self) -> Option<Attribution> {
        if let Some((a, b)) = super::german::wanted_to_know(self.after()) {
            let cue = (self.q.end + a, self.q.end + b);
            return Some(Attribution {
                pattern: Some(Pattern::VerbAfter),
                cue: Some(cue),
                speaker: speaker(self.mask(), self.q.end, self.se.max(self.q.end), cue),
            });
        }
        if let Some((a, b)) = super::german::saying_before(self.paragraph(), self.before()) {
            return Some(Attribution { pattern: Some(Pattern::VerbBefore), cue: Some((self.ss + a, self.ss + b)), speaker: None });
        }
        if !self.before().trim().is_empty() {
            return None;
        }
        let sentence = |i: usize| self.sents.get(i).map(|&(s, e)| (s, &self.outside[self.local(s)..self.local(e)]));
        let alone = self.after().trim().trim_matches(['.', ',', '!', '?', ';', ' ']).is_empty();
        if let Some((s, text)) = sentence(self.si + 1).filter(|&(s, _)| alone && !self.own(s, s + 1)) {
            if let Some((a, b)) = super::german::back_reference(text) {
                let cue = (s + a, s + b);
                return Some(Attribution { pattern: Some(Pattern::NextSentence), cue: Some(cue), speaker: None });
            }
        }
        let (s, text) = sentence(self.si.checked_sub(1)?)?;
        if self.own(s, s + text.len()) {
            return None;
        }
        if let Some((a, b)) = super::german::noun_phrase(text).or_else(|| super::german::reported_speech(self.paragraph(), text)) {
            return Some(Attribution { pattern: Some(Pattern::PreviousSentence), cue: Some((s + a, s + b)), speaker: None });
        }
        let (a, b) = super::german::speaker_before(text)?;
        Some(Attribution { pattern: Some(Pattern::PreviousSentence), cue: None, speaker: Some((s + a, s + b)) })
    }

    /// It opens its paragraph: (6) the previous paragraph may attribute it.
    fn opens_paragraph(&self) -> bool {
        self.q.start == self.block_start() || self.outside[..self.local(self.q.start)].trim().is_empty()
    }
}

/// A block's text with the content of its top-level quotations blanked (marks kept), and its
/// sentences (absolute byte ranges), in buffers used again from block to block.
#[derive(Default)]
struct Outside {
    block: Option<usize>,
    text: String,
    sents: Vec<(usize, usize)>,
    cuts: Vec<usize>,
}

impl Outside {
    /// Block `bi`'s text and sentences, made now unless this already holds them.
    fn fill(&mut self, prose: &Prose, bi: usize, quotes: &[Quote], tops: &[usize], lex: &Lexicon) -> (&str, &[(usize, usize)]) {
        if self.block != Some(bi) {
            let b = prose.blocks[bi];
            self.outside_text(&prose.mask, b.start, b.end, quotes, tops);
            self.sentences(&prose.mask, b.start, quotes, tops, lex);
            self.block = Some(bi);
        }
        (&self.text, &self.sents)
    }

    fn outside_text(&mut self, mask: &str, start: usize, end: usize, quotes: &[Quote], tops: &[usize]) {
        let out = &mut self.text;
        out.clear();
        let mut pos = start;
        for q in tops.iter().map(|&i| &quotes[i]) {
            let (cs, ce) = (q.span.content_start.max(pos), q.span.content_end.min(end));
            if cs < pos || cs > ce {
                continue;
            }
            out.push_str(&mask[pos..cs]);
            // One space per byte (line breaks kept): byte offsets stay those of the mask.
            push_blank(out, &mask.as_bytes()[cs..ce]);
            pos = ce;
        }
        out.push_str(&mask[pos..end]);
    }

    /// Sentences of a block as absolute byte ranges, quotations treated as single words.
    fn sentences(&mut self, mask: &str, base: usize, quotes: &[Quote], tops: &[usize], lex: &Lexicon) {
        let Outside { text: outside, sents: out, cuts, .. } = self;
        cuts.clear();
        out.clear();
        let bytes = outside.as_bytes();
        let starts_sentence = |from: usize| -> Option<usize> {
            // Skip closing marks, then require white space, then a capital, digit or opening mark.
            let rest = &outside[from..];
            let trimmed = rest.trim_start_matches([')', ']', '”', '’', '"', '»', '\'']);
            let skipped = rest.len() - trimmed.len();
            let after_space = trimmed.trim_start();
            if after_space.len() == trimmed.len() {
                return None;
            }
            let c = after_space.chars().next()?;
            (c.is_uppercase() || c.is_ascii_digit() || is_opening_mark(c)).then_some(from + skipped)
        };
        // Sentence punctuation: `.`, `!`, `?` and `…` (E2 80 A6), found by byte: the ellipsis by
        // its last byte, which few other characters of news copy end with (a substring searcher's
        // set-up cost more than the search, on one paragraph).
        let ellipses = memchr::memchr_iter(0xA6, bytes).filter(|&i| i >= 2 && bytes[i - 2..i] == [0xE2, 0x80]).map(|i| (i - 2, '…'));
        for (i, c) in memchr::memchr3_iter(b'.', b'!', b'?', bytes).map(|i| (i, bytes[i] as char)).chain(ellipses) {
            if c == '.' {
                let ws = outside[..i].char_indices().rev().take_while(|&(_, c)| is_alnum(c) || c == '.').last().map_or(i, |(j, _)| j);
                let word = &outside[ws..i];
                // The abbreviations are ASCII: comparing without regard to ASCII case is lower-casing.
                let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                if ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) || single_initial || (word.contains('.') && word.len() <= 6) {
                    continue;
                }
                if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    continue; // 3.5
                }
            }
            if let Some(cut) = starts_sentence(i + c.len_utf8()) {
                cuts.push(cut);
            }
        }
        // A quotation that ends its own sentence (“… done.” She left.) ends the outer one too,
        // unless what follows is a short attribution clause (“Why?” Smith asked.).
        for q in tops.iter().map(|&i| &quotes[i]) {
            if !q.span.closed {
                continue;
            }
            let last = mask[q.span.content_start..q.span.content_end].trim_end().chars().next_back();
            if !matches!(last, Some('.' | '!' | '?' | '…')) || q.span.end > base + outside.len() {
                continue;
            }
            let from = q.span.end - base;
            if let Some(cut) = starts_sentence(from) {
                let rest = &outside[cut..];
                let clause_end = rest.find(['.', '!', '?']).unwrap_or(rest.len());
                let clause = &rest[..clause_end];
                let short_attr = super::word_count_upto(clause, 7) <= 6
                    && lex.find(clause).is_some()
                    && !clause.trim_start().starts_with(is_opening_mark);
                if !short_attr {
                    cuts.push(cut);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut prev = 0;
        for &c in cuts.iter() {
            if c > prev {
                out.push((base + prev, base + c));
                prev = c;
            }
        }
        out.push((base + prev, base + outside.len()));
    }
}

/// Appends a space for each byte of `content`, and its line breaks: whole runs of spaces at a
/// time, since a quotation's content is blanked for every quotation.
fn push_blank(out: &mut String, content: &[u8]) {
    const SPACES: &str = "                                                                ";
    let spaces = |out: &mut String, mut n: usize| {
        while n > 0 {
            let k = n.min(SPACES.len());
            out.push_str(&SPACES[..k]);
            n -= k;
        }
    };
    let mut from = 0;
    for nl in memchr::memchr_iter(b'\n', content) {
        spaces(out, nl - from);
        from = nl + 1;
        out.push('\n');
    }
    spaces(out, content.len() - from);
}

/// `”, – said Pushkov` is caught as a verb; this catches the dash with a name alone:
/// `” ― Alexei Pushkov` or `”, — Pushkov`. Returns the speaker's range within `after`.
fn dash_speaker(after: &str) -> Option<(usize, usize)> {
    let t = after.trim_start_matches([',', '.', ' ', '\u{a0}']);
    let mut chars = t.chars();
    if !chars.next().is_some_and(is_dash) {
        return None;
    }
    let rest = chars.as_str();
    let name = rest.trim_start();
    if name.len() == rest.len() && !rest.starts_with(|c: char| c.is_uppercase() || c == '@') {
        return None;
    }
    let offset = after.len() - name.len();
    let first = words(name).next()?;
    if name.starts_with('@') && name.len() > 1 {
        let end = name.find(|c: char| c.is_whitespace()).unwrap_or(name.len());
        return Some((offset, offset + end)); // `– @realDonaldTrump`
    }
    if first.0 != 0 || !(first.1.starts_with(char::is_uppercase) || PRONOUNS.contains(&first.1.to_lowercase().as_str())) {
        return None;
    }
    let end = words(name).take_while(|(_, w)| w.starts_with(char::is_uppercase)).last().map(|(s, w)| s + w.len()).unwrap_or(first.1.len());
    Some((offset, offset + end))
}

/// `Lopez: …` or `Q: …` at the start of a paragraph: a speaker label.
fn speaker_label(outside: &str) -> Option<(usize, usize)> {
    let colon = outside.find(':')?;
    let label = &outside[..colon];
    // Compared with 3: counting stops at 4.
    let n = super::word_count_upto(label, 4);
    let ok = (1..=3).contains(&n)
        && !label.contains(['“', '"', '«', '„', '.'])
        && label.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
    ok.then_some((0, colon))
}

/// A quotation left open at the end of its paragraph and closed by a short next paragraph that
/// names the speaker: `“… real problems for her here.\nS.C. Rep. Jim Clyburn.”`
fn next_paragraph_signature(prose: &Prose, bi: usize, q: &super::Span) -> Option<Attribution> {
    if q.closed {
        return None;
    }
    let next = prose.blocks.get(bi + 1)?;
    let text = prose.mask[next.start..next.end].trim_end();
    let body = text.trim_end_matches(['"', '”', '»']);
    if body.len() == text.len()
        || super::word_count_upto(body, 11) > 10
        || !body.starts_with(char::is_uppercase)
        || body.ends_with(['?', '!'])
    {
        return None;
    }
    let end = body.trim_end_matches('.').len();
    Some(Attribution { pattern: Some(Pattern::Dash), cue: None, speaker: Some((next.start, next.start + end)) })
}

/// A pull quote whose last line, inside the marks, names its speaker:
/// `“… real problems for her here.\nS.C. Rep. Jim Clyburn.”`
fn signature_line(mask: &str, q: &super::Span) -> Option<(usize, usize)> {
    let content = &mask[q.content_start..q.content_end];
    let trimmed = content.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '"' | '”'));
    let nl = trimmed.rfind('\n')?;
    let line = trimmed[nl + 1..].trim();
    let ok = (1..=10).contains(&super::word_count_upto(line, 11)) && line.starts_with(char::is_uppercase) && !line.ends_with(['?', '!']);
    ok.then(|| {
        let start = q.content_start + nl + 1 + (trimmed[nl + 1..].len() - trimmed[nl + 1..].trim_start().len());
        (start, start + line.len())
    })
}

/// A paragraph that ends with a source in brackets, as captions and lists of slogans do:
/// `“Lose safety? No to Schengen” (2005) — “Free pass for all? No.” (2007). (SVP/Global Risk Insights.)`
fn closing_source_tag(mask: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let text = mask[start..end].trim_end();
    let inner_end = text.trim_end_matches('.').len();
    let body = &text[..inner_end];
    let close = body.chars().next_back()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let o = body.rfind(open)?;
    let tag = &body[o + 1..body.len() - 1];
    let ok = tag.starts_with(char::is_uppercase)
        && (1..=8).contains(&super::word_count_upto(tag, 9))
        && !tag.chars().all(|c| c.is_ascii_digit());
    ok.then_some((start + o + 1, start + body.len() - 1))
}

/// `“Title,” by Kathianne Boniello`: a byline after a quoted title or passage; or a source
/// tag in brackets right after it, as digests print them: `“…” [AP]`, `“…” (Reuters)`.
fn byline(after: &str) -> Option<(usize, usize)> {
    let t = after.trim_start_matches([',', ' ', '\u{a0}']);
    if let Some(inner) = t.strip_prefix('[').or_else(|| t.strip_prefix('(')) {
        let close = inner.find([']', ')'])?;
        let tag = &inner[..close];
        let offset = after.len() - inner.len();
        if (1..=100).contains(&tag.len()) && tag.starts_with(char::is_uppercase) && !tag.contains(['?', '!']) && !tag.contains(". ") {
            return Some((offset, offset + close));
        }
        return None;
    }
    let rest = t.strip_prefix("by ")?;
    let first = words(rest).next()?;
    if first.0 != 0 || !first.1.starts_with(char::is_uppercase) {
        return None;
    }
    let offset = after.len() - rest.len();
    Some((offset, offset + first.1.len()))
}

/// A quotation that ends its paragraph, followed by a paragraph that is only a dash and a
/// name (`- Clinton.`), as fact-checks and epigraphs print it.
fn next_paragraph_dash(prose: &Prose, bi: usize, rest_of_block: &str) -> Option<Attribution> {
    if !rest_of_block.trim().trim_matches(['.', ',']).is_empty() {
        return None;
    }
    let next = prose.blocks.get(bi + 1)?;
    let text = &prose.mask[next.start..next.end];
    if super::word_count_upto(text, 7) > 6 {
        return None;
    }
    let sp = dash_speaker(text)?;
    Some(Attribution { pattern: Some(Pattern::Dash), cue: None, speaker: Some((next.start + sp.0, next.start + sp.1)) })
}

/// A quotation that ends its paragraph, followed by a paragraph that points back at it and
/// names the speaker: `So says the mayor.`, `That was how Pushkov put it.`, `Those were the
/// words of …`.
fn next_paragraph_says(prose: &Prose, bi: usize, rest_of_block: &str, lex: &Lexicon) -> Option<Attribution> {
    if !rest_of_block.trim().trim_matches(['.', ',']).is_empty() {
        return None;
    }
    let next = prose.blocks.get(bi + 1)?;
    let text = &prose.mask[next.start..next.end];
    let first = words(text).next()?.1;
    if !["So", "Thus", "That", "That's", "That’s", "This", "Those", "These", "Such"].contains(&first) {
        return None;
    }
    let head_end = words(text).nth(5).map(|(i, _)| i).unwrap_or(text.len());
    let (a, b) = lex.find_strong(&text[..head_end]).or_else(|| lex.find(&text[..head_end]).filter(|_| text.contains("words")))?;
    let cue = (next.start + a, next.start + b);
    Some(Attribution { pattern: Some(Pattern::NextSentence), cue: Some(cue), speaker: speaker(&prose.mask, next.start, next.end, cue) })
}

/// Attribution in the sentence just before or just after sentence `si` of the block (only
/// just before without `quote_end`: the end of the quotation checked, and whether it ends
/// with a question or exclamation mark, after which its attribution starts a new sentence). A neighbouring sentence counts only when it names a
/// speaker and does not hold a quotation of its own (`own`), whose attribution its attribution
/// word is; the sentence after only when it points back at the quotation (`Smith said of the
/// plan.`, not `Smith said the plan would fail.`).
#[allow(clippy::too_many_arguments)]
fn neighbour(
    outside: &str,
    base: usize,
    sents: &[(usize, usize)],
    si: usize,
    lex: &Lexicon,
    mask: &str,
    own: &dyn Fn(usize, usize) -> bool,
    quote_end: Option<(usize, bool)>,
) -> Option<Attribution> {
    let after = quote_end.is_some();
    let check = |idx: usize, pattern: Pattern| -> Option<Attribution> {
        let (s, e) = *sents.get(idx)?;
        let text = &outside[s - base..e - base];
        // A neighbouring sentence with a quoted term (`Smith called it “a farce.”`) or a short
        // one that only names the speaker (`Dianne Bystrom agreed.`) may use any attribution word;
        // another needs a strong one (`He added.`).
        let has_quote = text.contains(['“', '"', '«', '„', '”', '»']);
        let short = super::word_count_upto(text, 7) <= 6;
        // The sentence just before may also name the speaker with any attribution word right
        // after the speaker (`Lynch announced the lawsuit on Monday. “We are seeking …”`), or a
        // document of someone's (`Trump’s first tweet was measured.`).
        let mut document = false;
        // `That remark from Smith …`, `Those were the words of …`: pointing back at a quotation.
        let pointing = words(text).next().is_some_and(|(_, w)| matches!(w, "That" | "This" | "Those" | "These" | "Such"));
        let (a, b) = if has_quote || short || pointing && idx == si + 1 {
            lex.find(text)?
        } else if idx + 1 == si {
            lex.find_strong(text).or_else(|| lex.find_after_speaker(text)).or_else(|| {
                document = true;
                lex.find_source(text)
            })?
        } else {
            lex.find_strong(text)?
        };
        let cue = (s + a, s + b);
        // The speaker next to the attribution word, or someone named before it (`Coan,
        // Santilli's attorney, argues`).
        let who = speaker(mask, s, e, cue).or_else(|| lex.someone_in(&text[..a]).map(|(x, y)| (s + x, s + y)));
        if who.is_none() && !document {
            return None;
        }
        // The sentence after: its attribution word after its speaker, opening it right after
        // the quotation's closing mark (`“Why?” Smith asked as the crowd …`), or one that points
        // back (`Smith said of the plan.`, `That quote from Smith …`).
        let opening = quote_end.is_some_and(|(qe, asks)| asks && qe <= s && outside[qe - base..s - base].trim().is_empty())
            && super::word_count_upto(&text[..a], 13) <= 12;
        let back = pointing && super::word_count_upto(&text[..a], 4) <= 3;
        if pattern == Pattern::NextSentence
            && (!opening && !back && !points_back(&text[b..]) || super::german::sources_its_own_clause(&text[a..b]))
        {
            return None;
        }
        // An attribution word of a sentence with a quotation of its own is that quotation's,
        // unless it stands before that quotation in the sentence after (`“Why?” Smith asks,
        // saying he is “here to fix the roof.”`).
        let before_own = pattern == Pattern::NextSentence && !own(s, s + a);
        if own(s, e) && !before_own {
            return None;
        }
        Some(Attribution { pattern: Some(pattern), cue: Some(cue), speaker: who })
    };
    let next = |_| if after { check(si + 1, Pattern::NextSentence) } else { None };
    si.checked_sub(1)
        .and_then(|p| check(p, Pattern::PreviousSentence))
        .or_else(|| next(()))
        .or_else(|| si.checked_sub(2).and_then(|p| check(p, Pattern::PreviousSentence)).filter(|_| after))
}

/// What follows the attribution word of the sentence after a quotation only places the remark
/// (`… said of the plan on Tuesday.`, `He added.`), with no statement of its own (`… said the
/// plan would fail.`).
fn points_back(rest: &str) -> bool {
    const PLACING: &[&str] = &[
        "of",
        "on",
        "in",
        "at",
        "during",
        "after",
        "before",
        "to",
        "later",
        "earlier",
        "afterward",
        "afterwards",
        "again",
        "then",
        "too",
        "also",
        "yesterday",
        "today",
        "recently",
        "last",
        "this",
        "reporters",
        "when",
        "while",
        "as",
        "with",
        "from",
        "by",
        "about",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let mut ws = words(rest);
    match ws.next() {
        None => true,
        // `… told CNN in an interview`, `… said on Tuesday`.
        Some((_, w)) => {
            (PLACING.contains(&w) || w.starts_with(char::is_uppercase))
                && !words(rest).any(|(_, w)| w == "that")
                && super::word_count_upto(rest, 13) <= 12
        }
    }
}

/// Quotations the rule checks: direct ones, and partial ones of four words or more.
fn checked(q: &Quote, mask: &str) -> bool {
    match q.kind {
        QuoteKind::Direct => true,
        QuoteKind::Partial => super::word_count_upto(&mask[q.span.content_start..q.span.content_end], 4) >= 4,
        _ => false,
    }
}

/// A quotation that opens its paragraph, attributed by the previous paragraph, by the
/// convention `context` chooses:
/// - every one: a lead-in ending with a colon (`Cruz continued:`);
/// - `paragraph` (the default) also: a closed quotation at the end of the previous paragraph,
///   attributed, when nothing marks a change of speaker ([`speaker_changes`]): the same voice
///   goes on; and a short last sentence that only names the speaker (`Petrenko continued his
///   remarks.`). A paraphrase (`Smith said the plan would fail.`) does not attribute the next
///   paragraph's quotation: a reader cannot tell whether the quotation is Smith's. Nor does a
///   fragment woven into a paraphrase, its verb before it (`Smith said the plan was “a
///   fiasco.”`), in a paragraph with no full quotation; nor a verb of the narration after a
///   quotation (`… “passion” but argues that …`: a tag is within four words of the mark); nor
///   a document only mentioned (`filed a lawsuit`; one presented as the source, `In his
///   statement, …`, still is: [`presents_document`]). Quotations back to back (`“…” “…”`)
///   take only a colon from the previous paragraph (the caller's check).
/// - `lead-in`: only the colon.
///
/// (A quotation left open at the end of the previous paragraph, the multi-paragraph
/// convention, is part of that paragraph's run and shares its verdict.)
fn previous_paragraph(
    prose: &Prose,
    bi: usize,
    lex: &Lexicon,
    prev_outside: &mut Outside,
    quotes: &[Quote],
    prev_tops: &[usize],
    context: AttributionContext,
) -> Option<Attribution> {
    let pi = bi.checked_sub(1)?;
    let prev = prose.blocks[pi];
    if prev.kind == BlockKind::Heading {
        return None;
    }
    if let Some(v) = previous_paragraph_colon(prose, bi) {
        return Some(v);
    }
    if context != AttributionContext::Paragraph {
        return None;
    }
    let mask = prose.mask.as_str();
    let (outside, sents) = prev_outside.fill(prose, pi, quotes, prev_tops, lex);
    let &(s, e) = sents.last()?;
    // The previous paragraph ends with an attributed quotation (in its last sentence, or with
    // a dozen words at most after it): the same voice goes on, unless something marks a change
    // of speaker.
    // The last quotation (a woven term attributed after it, `calling him “a buffoon,” Susan
    // said.`), or failing that the last direct or partial one (`…,” said Abel, the author of
    // “Rivers,” a history.`).
    let last_quote = prev_tops.iter().rev().map(|&i| &quotes[i]).find(|q| q.kind != QuoteKind::Headline);
    let last_speech = prev_tops.iter().rev().map(|&i| &quotes[i]).find(|q| matches!(q.kind, QuoteKind::Direct | QuoteKind::Partial));
    for last in last_quote.into_iter().chain(last_speech.filter(|l| last_quote.is_some_and(|q| q.span.start != l.span.start))) {
        let tail_start = last.span.end.min(prev.end);
        let tail = &mask[tail_start..prev.end];
        if last.span.start >= s || super::word_count_upto(tail, 13) <= 12 {
            let own = last.attribution.filter(|a| a.is_attributed() && matches!(last.kind, QuoteKind::Direct | QuoteKind::Partial));
            // `… leaders “who understand …,” Clinton said.`: a woven quotation attributed after it.
            let verdict = own.or_else(|| {
                let (a, b) = lex.find(tail)?;
                // A tag right after the quotation (`,” Clinton said.`), not a verb of the
                // narration further on (`but argues that …`) or a document it mentions.
                if words(&tail[..a]).count() > 4 || lex.is_source(&tail[a..b]) || words(&tail[b..]).next().is_some_and(|(_, w)| w == "that")
                {
                    return None;
                }
                let cue = (tail_start + a, tail_start + b);
                Some(Attribution {
                    pattern: Some(Pattern::PreviousParagraph),
                    cue: Some(cue),
                    speaker: speaker(mask, tail_start, prev.end, cue),
                })
            });
            if let Some(v) = verdict {
                // A fragment woven into a paraphrase, its cue before it (`Smith said the plan
                // was “a fiasco.”`), in a paragraph of no full quotation: a paraphrase, which
                // does not attribute the next paragraph's quotation.
                let woven = last.kind == QuoteKind::Partial
                    && v.cue.is_none_or(|(a, _)| a < last.span.start)
                    && !prev_tops.iter().any(|&i| quotes[i].kind == QuoteKind::Direct);
                if woven || speaker_changes(mask, last, &v, quotes, prev_tops) {
                    return None;
                }
                return Some(Attribution { pattern: Some(Pattern::PreviousParagraph), ..v });
            }
        }
    }
    let last = &outside[s - prev.start..e - prev.start];
    // A document of someone's in the last sentence introduces its text: `The DNC issued a
    // statement on Monday.`, `Ash argued in his email that …`.
    if let Some((a, b)) = lex.find_source(last).filter(|&(a, _)| presents_document(&last[..a])) {
        let cue = (s + a, s + b);
        return Some(Attribution { pattern: Some(Pattern::PreviousParagraph), cue: Some(cue), speaker: speaker(mask, s, e, cue) });
    }
    // A short last sentence that names the speaker and says nothing else: a lead-in.
    if last.contains(['“', '"', '«', '„', '”', '»']) || super::word_count_upto(last, 7) > 6 {
        return None;
    }
    let (a, b) = lex.find_strong(last).or_else(|| lex.find_after_speaker(last))?;
    if words(&last[b..]).any(|(_, w)| w == "that") {
        return None;
    }
    let cue = (s + a, s + b);
    let who = speaker(mask, s, e, cue)?;
    Some(Attribution { pattern: Some(Pattern::PreviousParagraph), cue: Some(cue), speaker: Some(who) })
}

/// Does the text before a document noun present the document as the source of what follows:
/// `in his statement`, `During the interview`, `issued a statement`, `wrote in an op-ed`? A
/// determiner within three words before the noun, right after `in`, `during` or a verb of
/// publishing. A document only mentioned (`filed a lawsuit`, `the party's platform mentions`,
/// `speaks via video`, `several emails from people`) does not attribute the next paragraph.
fn presents_document(before: &str) -> bool {
    const DETERMINERS: &[&str] = &[
        "a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "this", "that", "ein", "eine", "einer", "einem", "der", "die",
        "dem", "seiner", "ihrer", "seinem", "ihrem",
    ];
    const PRESENTING: &[&str] = &[
        "in",
        "during",
        "issued",
        "released",
        "posted",
        "sent",
        "published",
        "tweeted",
        "wrote",
        "out",
        "im",
        "veröffentlichte",
        "verbreitete",
        "laut",
    ];
    let ws: Vec<String> =
        before.split_whitespace().rev().take(5).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect();
    let Some(d) = ws.iter().take(3).position(|w| DETERMINERS.contains(&w.as_str())) else {
        // `im Interview`, `in Statements`: a preposition right before the noun.
        return ws.first().is_some_and(|w| matches!(w.as_str(), "in" | "im" | "during"));
    };
    ws.get(d + 1).is_some_and(|w| PRESENTING.contains(&w.as_str()))
}

/// Words that mark an exchange between speakers: the next quotation may be the other one's.
const EXCHANGE: &[&str] = &[
    "asked",
    "asks",
    "replied",
    "replies",
    "responded",
    "responds",
    "answered",
    "answers",
    "countered",
    "counters",
    "retorted",
    "interjected",
    "interrupted",
    "wanted to know",
    "wondered",
    "questioned",
];

/// Does something mark a change of speaker after the quotation `last` that ends the previous
/// paragraph, attributed by `v`? A question (the next quotation is the answer), an exchange
/// word (`replied`, `asked`), a tag of a name alone (`― Name`, reader comments, each someone
/// else's), or quotations of two different named speakers in that paragraph.
fn speaker_changes(mask: &str, last: &Quote, v: &Attribution, quotes: &[Quote], prev_tops: &[usize]) -> bool {
    let content = mask[last.span.content_start..last.span.content_end].trim_end();
    // A question attributed with `said` is the speaker's own, rhetorical; one `asked` is
    // answered (an exchange word, below).
    let cue_is = |ws: &[&str]| v.cue.is_some_and(|(a, b)| ws.iter().any(|w| mask[a..b].eq_ignore_ascii_case(w)));
    let question = content.trim_end_matches(['.', ',', '"', '”', '’', '\'', ')']).ends_with('?')
        && !cue_is(&["said", "says", "added", "adds", "continued", "continues", "went on", "wrote", "writes"]);
    let exchange = cue_is(EXCHANGE);
    let tag = v.pattern == Some(Pattern::Dash) && v.cue.is_none();
    let named = |a: &Attribution| {
        a.speaker.map(|(s, e)| &mask[s..e]).filter(|w| w.starts_with(char::is_uppercase) && !PRONOUNS.contains(&w.to_lowercase().as_str()))
    };
    let mut names = prev_tops.iter().filter_map(|&i| quotes[i].attribution.filter(|a| a.is_attributed())).filter_map(|a| named(&a));
    let first = names.next();
    let two = first.is_some_and(|f| names.any(|n| n != f && !f.contains(n) && !n.contains(f)));
    question || exchange || tag || two
}

/// The previous paragraph ends with a colon: `Pushkov said:` ¶ `“…”`.
fn previous_paragraph_colon(prose: &Prose, bi: usize) -> Option<Attribution> {
    let prev = prose.blocks[bi.checked_sub(1)?];
    if prev.kind == BlockKind::Heading {
        return None;
    }
    let mask = prose.mask.as_str();
    let text = mask[prev.start..prev.end].trim_end();
    text.ends_with(':').then(|| {
        let colon = prev.start + text.len() - 1;
        Attribution {
            pattern: Some(Pattern::Colon),
            cue: Some((colon, colon + 1)),
            speaker: speaker(mask, prev.start, colon, (colon, colon + 1)),
        }
    })
}

/// Picks out the speaker near an attribution cue within `lo..hi`: a pronoun or a run of
/// capitalised words next to it (left first, as in `Pushkov said`; then right, as in
/// `said Pushkov`, `said the MP`, `according to Pushkov`).
fn speaker(mask: &str, lo: usize, hi: usize, cue: (usize, usize)) -> Option<(usize, usize)> {
    let hi = hi.min(mask.len());
    if lo >= hi || cue.0 < lo || cue.1 > hi {
        return None;
    }
    let left: Vec<(usize, &str)> = words(&mask[lo..cue.0]).collect();
    let right: Vec<(usize, &str)> = words(&mask[cue.1..hi]).collect();
    let pronoun = |w: &str| PRONOUNS.contains(&w.to_lowercase().as_str());
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // Left: the words just before the cue.
    if let Some(&(s, w)) = left.last() {
        let gap = &mask[lo + s + w.len()..cue.0];
        if gap.trim().is_empty() || gap.trim() == "," {
            if pronoun(w) {
                return Some((lo + s, lo + s + w.len()));
            }
            if cap(w) {
                let run: Vec<&(usize, &str)> = left.iter().rev().take_while(|(_, w)| cap(w)).collect();
                let first = run.last().unwrap();
                return Some((lo + first.0, lo + s + w.len()));
            }
            // `the governor said`, `a spokesman for the ministry told`: a determiner within
            // four words before the cue starts the speaker.
            let det = |w: &str| {
                matches!(w.to_lowercase().as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our" | "one" | "another")
            };
            if let Some(&(ds, _)) = left.iter().rev().take(4).find(|(_, w)| det(w)) {
                if !mask[lo + ds..cue.0].contains([',', '.', ';', ':']) {
                    return Some((lo + ds, lo + s + w.len()));
                }
            }
        }
    }
    // Right: `said Pushkov`, `said the MP`, `according to officials`.
    let mut iter = right.iter().peekable();
    let mut start = None;
    let mut end = 0;
    let mut taken = 0;
    while let Some(&&(s, w)) = iter.peek() {
        let lw = w.to_lowercase();
        if taken == 0 && pronoun(w) {
            return Some((cue.1 + s, cue.1 + s + w.len()));
        }
        let article = matches!(lw.as_str(), "the" | "a" | "an" | "to");
        if start.is_none() && (article || cap(w))
            || start.is_some() && (cap(w) || taken < 3 && !mask[cue.1 + end..cue.1 + s].contains([',', '.', ';']))
        {
            if start.is_none() && lw != "to" {
                start = Some(s);
            }
            end = s + w.len();
            taken += 1;
            iter.next();
            if taken >= 4 {
                break;
            }
        } else {
            break;
        }
    }
    start.map(|s| (cue.1 + s, cue.1 + end))
}

/// Whether a quotation's attribution carries on to the next quotation of its paragraph: one
/// attributed within the paragraph, not only by the paragraph before or the sentence after.
fn carries_its_voice(a: Attribution) -> bool {
    matches!(
        a.pattern,
        Some(
            Pattern::VerbAfter
                | Pattern::VerbBefore
                | Pattern::AccordingTo
                | Pattern::Colon
                | Pattern::Dash
                | Pattern::FollowOn
                | Pattern::MultiParagraph
                | Pattern::PreviousSentence
        )
    )
}

#[cfg(test)]
mod tests {
    /// Blanking by runs of spaces gives a space per byte and keeps the line breaks, for contents
    /// shorter and longer than a run, with line breaks anywhere.
    #[test]
    fn push_blank_is_a_space_per_byte_with_line_breaks_kept() {
        for len in [0usize, 1, 63, 64, 65, 130, 300] {
            for nl in [None, Some(0), Some(len / 2), Some(len.saturating_sub(1))] {
                let mut content: Vec<u8> = "é“x’ ".bytes().cycle().take(len).collect();
                if let Some(i) = nl.filter(|&i| i < len) {
                    content[i] = b'\n';
                }
                let mut out = String::from("ab");
                super::push_blank(&mut out, &content);
                let want: String = content.iter().map(|&b| if b == b'\n' { '\n' } else { ' ' }).collect();
                assert_eq!(out, format!("ab{want}"), "{len} {nl:?}");
            }
        }
    }
}
