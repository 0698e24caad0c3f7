//! Evaluation of the quotation rules on German news copy annotated in the layout of the German
//! News Quotation Attribution corpus (`text/ID.txt`, `annotations.jsonl` with code-point spans).
//! Not part of the shipped CLI; see docs/eval.md ("German").
//!
//! ```text
//! cargo run --release --example eval_de -- PATH [--list-false-alarms N] [--list-removals N --seed S]
//! cargo run --release --example eval_de -- PATH --write-removal-cases FILE --seed 27 --n 120
//! cargo run --release --example eval_de -- PATH --score-labels LABELS.jsonl
//! ```
//!
//! Measures, on `Direct` quotations of four or more words that the annotation gives a speaker:
//! `unattributed-quote` false alarms per 1,000; `unbalanced-quote` findings per 1,000 direct
//! quotations; and a removal test (the speaker and cue deleted from a copy of the article when
//! both lie in the quotation's paragraph): the share of those copies flagged. The removal leaves
//! a mix of truly unattributed, still attributed and garbled sentences; `--list-removals` prints
//! a seeded sample to judge by hand.
//!
//! `--write-removal-cases` writes a blind judged set: a seeded random sample of the removal
//! copies as JSONL (`id`, `prev`, `para` with the quotation between ⟦ ⟧, `next`, `deleted`),
//! chosen from the annotation alone and carrying nothing of copydesk's verdict, to be labelled
//! FLAG / OK / BROKEN by the rubric (`../shared/eval/attribution-rubric.md`). `--score-labels`
//! reads such labels (`{"id","label","reason"}` lines) and reports copydesk's recall on FLAG and
//! the share of OK it flags. A case's id (`ARTICLE:removal:START-END`, the quotation's byte span
//! in the original article) does not depend on the rules, so labels can be scored again after
//! any change.

use clap::Parser;
use copydesk::{Config, Markup};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(about = "Measure copydesk's quotation rules on an annotated German corpus (text/, annotations.jsonl)")]
struct Args {
    /// Corpus folder holding text/ID.txt and annotations.jsonl
    path: PathBuf,
    /// Print N false alarms with context
    #[arg(long, value_name = "N", default_value_t = 0)]
    list_false_alarms: usize,
    /// Print N unbalanced-quote findings with context
    #[arg(long, value_name = "N", default_value_t = 0)]
    list_unbalanced: usize,
    /// Print a seeded sample of N removal copies (flagged or not) to judge by hand
    #[arg(long, value_name = "N", default_value_t = 0)]
    list_removals: usize,
    /// Print N removal copies that were not flagged
    #[arg(long, value_name = "N", default_value_t = 0)]
    list_misses: usize,
    /// Seed of the removal sample
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Use this copydesk.toml
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Write a blind sample of --n removal copies (shuffled with --seed) as JSONL to FILE
    #[arg(long, value_name = "FILE")]
    write_removal_cases: Option<PathBuf>,
    /// Cases in the blind sample
    #[arg(long, value_name = "N", default_value_t = 120)]
    n: usize,
    /// Score copydesk against labels ({"id","label","reason"} lines) of removal cases
    #[arg(long, value_name = "FILE")]
    score_labels: Option<PathBuf>,
    /// With --score-labels: print N disagreements (missed FLAG, flagged OK)
    #[arg(long, value_name = "N", default_value_t = 0)]
    list_disagreements: usize,
}

const MIN_WORDS: usize = 4;

#[derive(Deserialize)]
struct Line {
    article: String,
    annotations: Vec<Ann>,
}

#[derive(Deserialize)]
struct Ann {
    #[serde(rename = "type")]
    kind: String,
    quote: Vec<[usize; 2]>,
    #[serde(default)]
    speaker: Vec<[usize; 2]>,
    #[serde(default)]
    cue: Vec<[usize; 2]>,
}

type Range = (usize, usize);

/// Code-point offsets to byte offsets.
fn bytes_of(text: &str, spans: &[[usize; 2]]) -> Vec<Range> {
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let at = |cp: usize| starts.get(cp).copied().unwrap_or(text.len());
    spans.iter().map(|&[s, e]| (at(s), at(e))).filter(|&(s, e)| s < e).collect()
}

fn words(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count()
}

fn overlaps(a: Range, b: Range) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The paragraph (between blank lines) around `at`.
fn paragraph(text: &str, at: usize) -> Range {
    let start = text[..at].rfind("\n\n").map(|i| i + 2).unwrap_or(0);
    let end = text[at..].find("\n\n").map(|i| at + i).unwrap_or(text.len());
    (start, end)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn context(text: &str, r: Range) -> String {
    let (ps, pe) = paragraph(text, r.0);
    let pe = pe.max(r.1).min(text.len());
    one_line(&format!("{}⟦{}⟧{}", &text[ps..r.0], &text[r.0..r.1], &text[r.1..pe]))
}

/// `text` without `remove`, with the space and commas the deletion left doubled tidied up.
/// Returns the new text and where `keep` (a range outside `remove`) ends up.
fn remove(text: &str, remove: &[Range], keep: Range) -> (String, Range) {
    let mut cuts: Vec<Range> = remove.to_vec();
    cuts.sort();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut keep_at = keep;
    for (s, e) in cuts {
        let s = s.max(pos);
        if s >= e {
            continue;
        }
        out.push_str(&text[pos..s]);
        // Tidy the junction: no doubled space, no space or comma before a stop.
        let rest = &text[e..];
        while out.ends_with(' ') && (rest.starts_with(' ') || rest.starts_with([',', '.', ':', ';'])) {
            out.pop();
        }
        if out.ends_with(',') && rest.trim_start().starts_with(['.', ',']) {
            out.pop();
        }
        pos = e;
    }
    out.push_str(&text[pos..]);
    // Locate the kept span again by its text (it is untouched), nearest to where it was.
    let needle = &text[keep.0..keep.1];
    let mut best: Option<usize> = None;
    for (i, _) in out.match_indices(needle) {
        if best.is_none_or(|b| i.abs_diff(keep.0) < b.abs_diff(keep.0)) {
            best = Some(i);
        }
    }
    if let Some(b) = best {
        keep_at = (b, b + needle.len());
    }
    (out, keep_at)
}

struct Row {
    article: String,
    quote: Range,
    attributed: bool,
    long: bool,
    flagged: bool,
    context: String,
}

struct Removal {
    /// `ARTICLE:removal:START-END`, the quotation's byte span in the original article.
    id: String,
    article: String,
    hit: bool,
    context: String,
    deleted: String,
    /// The ablated copy and the quotation's span in it.
    text: String,
    at: Range,
}

#[derive(Serialize)]
struct CaseLine<'a> {
    id: &'a str,
    prev: &'a str,
    para: String,
    next: &'a str,
    deleted: &'a str,
}

#[derive(Deserialize)]
struct LabelLine {
    id: String,
    label: String,
}

/// The quotation's paragraph (between blank lines) with the quotation between ⟦ ⟧, and the
/// paragraphs before and after it.
fn paragraphs(text: &str, at: Range) -> (String, String, String) {
    let (ps, pe) = paragraph(text, at.0);
    let pe = pe.max(at.1).min(text.len());
    let para = one_line(&format!("{}⟦{}⟧{}", &text[ps..at.0], &text[at.0..at.1], &text[at.1..pe]));
    let prev = text[..ps].rsplit("\n\n").map(str::trim).find(|p| !p.is_empty()).map(one_line).unwrap_or_default();
    let next = text[pe..].split("\n\n").map(str::trim).find(|p| !p.is_empty()).map(one_line).unwrap_or_default();
    (prev, para, next)
}

/// A seeded shuffle (xorshift), so a sample can be drawn again.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut s = seed.max(1);
    for i in (1..order.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        order.swap(i, (s % (i as u64 + 1)) as usize);
    }
    order
}

struct Result {
    rows: Vec<Row>,
    direct: usize,
    unbalanced: Vec<String>,
    removals: Vec<Removal>,
}

fn evaluate(id: &str, text: &str, anns: &[Ann], cfg: &Config) -> Result {
    let findings = copydesk::check(text, Markup::Plain, cfg);
    let flagged_at =
        |fs: &[copydesk::Finding], r: Range| fs.iter().any(|f| f.rule.id() == "unattributed-quote" && overlaps((f.start, f.end), r));
    let unbalanced = findings
        .iter()
        .filter(|f| f.rule.id() == "unbalanced-quote")
        .map(|f| format!("{id}: {}", context(text, (f.start, f.end))))
        .collect();
    let mut rows = Vec::new();
    let mut removals = Vec::new();
    let mut direct = 0;
    for a in anns.iter().filter(|a| a.kind == "Direct") {
        let q = bytes_of(text, &a.quote);
        let (Some(&first), Some(&last)) = (q.first(), q.last()) else { continue };
        let quote = (first.0, last.1);
        direct += 1;
        let speaker = bytes_of(text, &a.speaker);
        let cue = bytes_of(text, &a.cue);
        let attributed = !speaker.is_empty();
        let long = words(&text[quote.0..quote.1]) >= MIN_WORDS;
        let flagged = flagged_at(&findings, quote);
        rows.push(Row { article: id.to_string(), quote, attributed, long, flagged, context: context(text, quote) });
        // Removal: speaker and cue in the quotation's paragraph and outside the quotation.
        let para = paragraph(text, quote.0);
        let cut: Vec<Range> = speaker.iter().chain(&cue).copied().collect();
        if attributed && long && !cue.is_empty() && cut.iter().all(|&r| r.0 >= para.0 && r.1 <= para.1 && !overlaps(r, quote)) {
            let (new, at) = remove(text, &cut, quote);
            let nf = copydesk::check(&new, Markup::Plain, cfg);
            let deleted = cut.iter().map(|&(s, e)| &text[s..e]).collect::<Vec<_>>().join(" | ");
            removals.push(Removal {
                id: format!("{id}:removal:{}-{}", quote.0, quote.1),
                article: id.to_string(),
                hit: flagged_at(&nf, at),
                context: context(&new, at),
                deleted,
                text: new,
                at,
            });
        }
    }
    Result { rows, direct, unbalanced, removals }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let ann_path = args.path.join("annotations.jsonl");
    let Ok(lines) = std::fs::read_to_string(&ann_path) else {
        eprintln!("eval_de: cannot read {} (pass the corpus folder)", ann_path.display());
        return ExitCode::from(2);
    };
    let cfg = match &args.config {
        Some(p) => match copydesk::project::load_config(p) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("eval_de: {e}");
                return ExitCode::from(2);
            }
        },
        None => Config::default(),
    };
    let mut articles: Vec<(String, String, Vec<Ann>)> = Vec::new();
    for l in lines.lines().filter(|l| !l.trim().is_empty()) {
        let line: Line = match serde_json::from_str(l) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("eval_de: bad line in annotations.jsonl: {e}");
                return ExitCode::from(2);
            }
        };
        let Ok(text) = std::fs::read_to_string(args.path.join("text").join(format!("{}.txt", line.article))) else { continue };
        articles.push((line.article, text, line.annotations));
    }
    let results: Vec<Result> = articles.par_iter().map(|(id, text, anns)| evaluate(id, text, anns, &cfg)).collect();
    let rows: Vec<&Row> = results.iter().flat_map(|r| &r.rows).collect();
    let direct: usize = results.iter().map(|r| r.direct).sum();
    let n = rows.iter().filter(|r| r.attributed && r.long).count();
    let fa: Vec<&&Row> = rows.iter().filter(|r| r.attributed && r.long && r.flagged).collect();
    let unbalanced: Vec<&String> = results.iter().flat_map(|r| &r.unbalanced).collect();
    let removals: Vec<&Removal> = results.iter().flat_map(|r| &r.removals).collect();
    let hits = removals.iter().filter(|r| r.hit).count();
    if let Some(out) = &args.write_removal_cases {
        // Chosen from the annotation alone (every removal copy is a candidate), never from the
        // verdict; nothing of the verdict is written.
        let mut s = String::new();
        for &i in shuffled(removals.len(), args.seed).iter().take(args.n) {
            let r = removals[i];
            let (prev, para, next) = paragraphs(&r.text, r.at);
            let line = CaseLine { id: &r.id, prev: &prev, para, next: &next, deleted: &r.deleted };
            s.push_str(&serde_json::to_string(&line).expect("a case serialises"));
            s.push('\n');
        }
        if let Err(e) = std::fs::write(out, s) {
            eprintln!("eval_de: cannot write {}: {e}", out.display());
            return ExitCode::from(2);
        }
        eprintln!("eval_de: wrote {} ({} cases)", out.display(), args.n.min(removals.len()));
        return ExitCode::SUCCESS;
    }
    if let Some(path) = &args.score_labels {
        return score(&removals, path, args.list_disagreements);
    }
    let per_k = |x: usize, n: usize| if n == 0 { 0.0 } else { x as f64 * 1000.0 / n as f64 };
    println!("articles: {}", articles.len());
    println!("direct quotations (annotated): {direct}");
    println!(
        "attributed direct quotations of {MIN_WORDS}+ words: {n}; flagged (false alarms): {} = {:.1} per 1,000",
        fa.len(),
        per_k(fa.len(), n)
    );
    let unattr = rows.iter().filter(|r| !r.attributed && r.long).count();
    let unattr_flagged = rows.iter().filter(|r| !r.attributed && r.long && r.flagged).count();
    println!("direct quotations of {MIN_WORDS}+ words without an annotated speaker: {unattr}; flagged: {unattr_flagged}");
    println!("unbalanced-quote findings: {} = {:.1} per 1,000 direct quotations", unbalanced.len(), per_k(unbalanced.len(), direct));
    println!(
        "removal (speaker and cue deleted in the quotation's paragraph): {hits} of {} flagged ({:.1} %)",
        removals.len(),
        if removals.is_empty() { 0.0 } else { hits as f64 * 100.0 / removals.len() as f64 }
    );
    for r in fa.iter().take(args.list_false_alarms) {
        println!("\nFALSE ALARM {} @{}: {}", r.article, r.quote.0, r.context);
    }
    for u in unbalanced.iter().take(args.list_unbalanced) {
        println!("\nUNBALANCED {u}");
    }
    for r in removals.iter().filter(|r| !r.hit).take(args.list_misses) {
        println!("\nMISS {} [deleted: {}]: {}", r.article, r.deleted, r.context);
    }
    if args.list_removals > 0 {
        for &i in shuffled(removals.len(), args.seed).iter().take(args.list_removals) {
            let r = removals[i];
            println!("\nREMOVAL #{i} {} flagged={} [deleted: {}]: {}", r.article, r.hit, r.deleted, r.context);
        }
    }
    ExitCode::SUCCESS
}

/// Copydesk's score against judged labels of removal cases: recall on FLAG, share of OK
/// flagged; BROKEN cases are left out.
fn score(removals: &[&Removal], path: &std::path::Path, list: usize) -> ExitCode {
    let Ok(s) = std::fs::read_to_string(path) else {
        eprintln!("eval_de: cannot read {}", path.display());
        return ExitCode::from(2);
    };
    let mut labels = std::collections::BTreeMap::new();
    for (i, l) in s.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        match serde_json::from_str::<LabelLine>(l) {
            Ok(x) => {
                labels.insert(x.id, x.label.trim().to_uppercase());
            }
            Err(e) => {
                eprintln!("eval_de: {}:{}: {e}", path.display(), i + 1);
                return ExitCode::from(2);
            }
        }
    }
    // Two annotations of one quotation give one case (one id): judged once.
    let mut seen = std::collections::BTreeSet::new();
    let judged: Vec<(&Removal, &str)> =
        removals.iter().filter(|r| seen.insert(r.id.as_str())).filter_map(|r| labels.get(&r.id).map(|l| (*r, l.as_str()))).collect();
    let unknown = labels.len().saturating_sub(judged.len());
    let tally = |label: &str| {
        let n = judged.iter().filter(|(_, l)| *l == label).count();
        let f = judged.iter().filter(|(r, l)| *l == label && r.hit).count();
        (f, n)
    };
    let pct = |(f, n): (usize, usize)| if n == 0 { "–".to_string() } else { format!("{:.1} % ({f}/{n})", f as f64 * 100.0 / n as f64) };
    println!("# Judged removal cases: {} labels ({unknown} match no case)", labels.len());
    println!();
    println!("| cases | FLAG: recall | OK: flagged | BROKEN (left out) |");
    println!("|---|---:|---:|---:|");
    println!("| removal | {} | {} | {} |", pct(tally("FLAG")), pct(tally("OK")), tally("BROKEN").1);
    let other = judged.iter().filter(|(_, l)| !matches!(*l, "FLAG" | "OK" | "BROKEN")).count();
    if other > 0 {
        println!("\n{other} cases with another label, left out.");
    }
    let wrong: Vec<&(&Removal, &str)> = judged.iter().filter(|(r, l)| (*l == "FLAG" && !r.hit) || (*l == "OK" && r.hit)).collect();
    for (r, l) in wrong.iter().take(list) {
        println!("\n- {} [{l}; copydesk {}] [deleted: {}]: {}", r.id, if r.hit { "flags" } else { "does not flag" }, r.deleted, r.context);
    }
    ExitCode::SUCCESS
}
