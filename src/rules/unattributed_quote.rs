//! unattributed-quote

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::quotes::QuoteKind;

rule_doc! {
    /// # unattributed-quote
    ///
    /// Finds a direct quotation that does not say who said it.
    ///
    /// ## Why an editor cares
    /// A quotation without a source cannot be checked and reads as the reporter's opinion.
    /// Every direct quotation needs a speaker and a verb: the first thing a copy editor asks is
    /// "who said this?".
    ///
    /// ## What counts as attributed
    /// - an attribution word in the quote's own sentence, before or after it: `said`, `told`,
    ///   `stressed`, `noted`, `pointed out`, `according to`, `in a statement`, … (a broad list
    ///   with its tense forms, extendable in `copydesk.toml` under `[attribution] verbs`);
    ///   pronoun speakers (`he said`) count;
    /// - a colon lead-in: `Pushkov said: “…”`, `Pushkov: “…”`, or a paragraph ending in a colon
    ///   before a quoted paragraph;
    /// - the dash form of translated wire copy: `“…”, – said Pushkov`, `“…” — he said`,
    ///   `“…” ― Pushkov`;
    /// - a follow-on quotation in a paragraph whose earlier quotation is attributed
    ///   (`“A,” he said. “B.”`), and a quotation split around its attribution;
    /// - attribution in the sentence just before, in the same paragraph, when that sentence
    ///   names a speaker and holds no quotation of its own; in the sentence just after when it
    ///   only points back at the quote (`Smith said of the plan.`);
    /// - for a quotation that opens its paragraph, the end of the previous paragraph, by the
    ///   convention `[attribution] context` chooses (below);
    /// - a quotation that runs over several paragraphs (opening mark on each, closing mark only
    ///   at the end), attributed in any of them.
    ///
    /// `in a speech`, `in a statement`, `on Twitter` name no speaker: they count only with one
    /// (`Smith, in a statement,`, `in his speech`, `in a statement from the party`).
    ///
    /// ## The paragraph before a quoted paragraph
    /// `[attribution] context` chooses the convention:
    /// - `paragraph` (the default): a lead-in ending with a colon (`Cruz continued:`), a short
    ///   sentence that only names the speaker (`Petrenko continued.`), a document of someone's
    ///   (`The council issued a statement.`), or a closed quotation in the paragraph's last
    ///   sentence attributed to someone, when nothing marks a change of speaker: a question
    ///   answered (`“…?” a reporter asked.`), an exchange word (`replied`), a tag of a name
    ///   alone (`― Name`, as reader comments have), or two speakers in that paragraph. A
    ///   paraphrase (`Smith said the plan would fail.`) does not attribute the next paragraph's
    ///   quotation: the reader cannot tell it is Smith's.
    /// - `lead-in`: only a colon lead-in or a quotation left open at the end of the paragraph
    ///   before (the multi-paragraph convention), for desks that attribute every quoted paragraph.
    /// - `sentence` (strict): the quotation's own sentence, a colon or dash lead-in and a
    ///   follow-on quotation only.
    ///
    /// ## Partial quotations
    /// A partial quotation of four words or more woven into a sentence (`The agency has a
    /// program, but “not all members take advantage of it.”`) is checked too: its sentence
    /// must name someone (`Cruz praised Bush as “a man who …”`) or hold an attribution word
    /// (`the report found`, `dismissed it as`, `advising residents to`, an ad, a statement, a
    /// tweet), or the sentence before must name the speaker. German capitalises every noun, so
    /// there the sentence must hold a pronoun, a verb of reported speech (`sei`, `könnte`), a
    /// noun for a person or for an institution or document that speaks (`die Ministerin`, `die
    /// Bundesregierung`, `das Urteil`) or a name no article introduces.
    ///
    /// ## German copy
    /// German word order and wire conventions count too: `„…“, so Schnappauf.`, `„…“, sagte
    /// X`, `heißt es in …`, separable verbs (`„…“, teilte die Polizei mit.`), `laut X`, `X
    /// zufolge`, `nach Angaben von X`, `mit den Worten`, a speaker named as the subject of the
    /// sentence before with any verb (`… will Huber die Gebühren senken. „…“`), a sentence
    /// after that points back (`Das musste X einräumen.`), and a quotation after a sentence in
    /// the subjunctive of reported speech (`Das könne zum Problem werden. „…“`), whose speaker
    /// was named before. A colon lead-in has to name someone: `Dazu der Minister: „…“` does,
    /// `Dazu weiter: „…“` or `Auch dort: „…“` does not (the sentence before is asked instead).
    ///
    /// ## What is not a quotation to attribute
    /// Quoted names, scare quotes and titles: a quotation of three words or fewer
    /// (`“Islamic state”`, `“comprehensive immigration reform”`), of up to eight words in
    /// Title Case without sentence punctuation (`“The Art of the Deal”`), right after a title
    /// noun (`der Vortrag „…“`, `the book “…”`) or a German article before a capital (`Teile
    /// des „Gesetzes über …“`), or one of a list (`„A“, „B“ oder „C“`). Quotations in
    /// headlines and subheads (a heading, or a short line without sentence punctuation) and
    /// quotations inside other quotations are not checked either. When in doubt the rule stays
    /// silent: a false alarm costs an editor more than a miss.
    ///
    /// ## Example
    /// ```text
    /// “We will not allow this to happen again.”                  ← flagged
    /// “We will not allow this to happen again,” the minister said. ← fine
    /// ```
    ///
    /// ## Fix
    /// None automatic: only the reporter knows who said it.
}

pub(crate) fn check(a: &Analysis, out: &mut Vec<Finding>) {
    // Runs are numbered from 0 in text order: a flag per run, not a set of them.
    let runs = a.quotes.quotes.iter().map(|q| q.span.run + 1).max().unwrap_or(0);
    let (mut closed_runs, mut seen_runs) = (vec![false; runs], vec![false; runs]);
    for q in a.quotes.quotes.iter().filter(|q| q.span.closed) {
        closed_runs[q.span.run] = true;
    }
    for q in &a.quotes.quotes {
        // The attribution step gives a verdict to the quotations it checks: direct ones and
        // partial ones of four words or more.
        if !matches!(q.kind, QuoteKind::Direct | QuoteKind::Partial) || q.attribution.is_none_or(|x| x.is_attributed()) {
            continue;
        }
        // A quotation never closed is reported by unbalanced-quote; where it ends, and so
        // whether its attribution is inside it, is unknown.
        if !closed_runs[q.span.run] || std::mem::replace(&mut seen_runs[q.span.run], true) {
            continue;
        }
        out.push(Finding {
            rule: super::Rule::UnattributedQuote,
            severity: Severity::Warning,
            start: q.span.start,
            end: q.span.end,
            message: "Quotation has no attribution: who said this? No speaker and verb (said, told, according to…) in its sentence, next to it, or earlier in the paragraph.".into(),
            related: Vec::new(),
            fixes: Vec::new(),
        });
    }
}
