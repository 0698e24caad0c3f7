//! Evaluation against a BRAT-annotated attribution corpus (PolNeAR layout). Not part of the
//! shipped CLI; see docs/eval.md.
//!
//! ```text
//! cargo run --release --example eval -- PATH [--json OUT.json] [--list-false-alarms N]
//!     [--list-misses N] [--sample N --seed S]
//! cargo run --release --example eval -- PATH --write-cases OUT_DIR --seed S
//! cargo run --release --example eval -- PATH --seed S --score-labels LABELS.jsonl…
//! cargo run --release --example eval -- PATH --write-extra-cases FILE --seed S [--extra-key KEY]
//! cargo run --release --example eval -- PATH --score-extra LABELS.jsonl [--extra-key KEY]
//! ```
//!
//! Measures, on quotations of four or more words that the annotation attributes (a Source and a
//! Cue): false alarms of `unattributed-quote` per 1,000 quotations, and the recall of the rule
//! when each quotation's annotated attribution is removed from a copy of its article. Also
//! lists the names of glossary entities and the naming findings for review. With
//! `--write-cases` / `--score-labels`: a blind judged set of attribution cases, and copydesk's
//! score against its labels (`eval/cases.rs`).

#[path = "eval/cases.rs"]
mod cases;
#[path = "eval/corpus.rs"]
mod corpus;
#[path = "eval/geometry.rs"]
mod geometry;
#[path = "eval/repair.rs"]
mod repair;

use clap::Parser;
use copydesk::quotes::QuoteKind;
use copydesk::{Config, Markup};
use corpus::{Article, Range};
use geometry::{Pat, Q};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(about = "Measure copydesk against a BRAT-annotated attribution corpus (text/, attributions/)")]
struct Args {
    /// Corpus folder holding text/NAME.txt and attributions/NAME_<annotator>.ann
    path: PathBuf,
    /// Write the full results (numbers, false alarms, misses, naming review list) as JSON here
    #[arg(long, value_name = "OUT.json")]
    json: Option<PathBuf>,
    /// Print N false alarms with context
    #[arg(long, value_name = "N", default_value_t = 0)]
    list_false_alarms: usize,
    /// Print N recall misses with context, before and after the attribution was removed
    #[arg(long, value_name = "N", default_value_t = 0)]
    list_misses: usize,
    /// Print N repaired quotations (any outcome), to check the removal itself
    #[arg(long, value_name = "N", default_value_t = 0, hide = true)]
    list_repairs: usize,
    /// Put every top-level quotation (with its gold status and copydesk's verdict) in the JSON
    #[arg(long)]
    all_quotes: bool,
    /// Evaluate a random sample of N articles
    #[arg(long, value_name = "N")]
    sample: Option<usize>,
    /// Seed of the sample
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Use this copydesk.toml (e.g. one with `[attribution] context = "sentence"`)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Write a blind judged set (removal and original cases, shuffled with --seed) as JSONL
    /// chunk files chunk-1.jsonl … in this folder, for labelling before copydesk runs on them
    #[arg(long, value_name = "OUT_DIR")]
    write_cases: Option<PathBuf>,
    /// Score copydesk against label files ({"id","label","reason"} lines) of the judged set
    /// re-created with the same --seed and sizes
    #[arg(long, value_name = "FILE", num_args = 1..)]
    score_labels: Vec<PathBuf>,
    /// Removal cases in the judged set
    #[arg(long, value_name = "N", default_value_t = 345)]
    removal_cases: usize,
    /// Original (unablated) quotations in the judged set
    #[arg(long, value_name = "N", default_value_t = 235)]
    original_cases: usize,
    /// Chunk files of the judged set
    #[arg(long, value_name = "N", default_value_t = 3)]
    chunks: usize,
    /// Write a blind file of the quotations `context = "lead-in"` flags and the default does
    /// not, mixed with as many (chosen with --seed) that neither flags, shuffled; the key of
    /// which case is which goes to --extra-key
    #[arg(long, value_name = "FILE")]
    write_extra_cases: Option<PathBuf>,
    /// The key file of --write-extra-cases (written by it, read by --score-extra)
    #[arg(long, value_name = "FILE", default_value = "/work/cases23-key/extra-key.jsonl")]
    extra_key: PathBuf,
    /// Score label files of the --write-extra-cases file against its --extra-key
    #[arg(long, value_name = "FILE", num_args = 1..)]
    score_extra: Vec<PathBuf>,
    /// With --score-labels: print N disagreements (missed FLAG, flagged OK)
    #[arg(long, value_name = "N", default_value_t = 0)]
    list_disagreements: usize,
    /// With --score-labels: write every labelled case (id, label, flagged, copydesk's verdict,
    /// prev, para, next) as JSONL here, for study outside the repository (corpus text)
    #[arg(long, value_name = "FILE")]
    dump_scored: Option<PathBuf>,
}

/// Quotations shorter than this are reported, but left out of the headline numbers.
const MIN_WORDS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Gold {
    /// An annotated Content span lies within the quotation's marks.
    Direct,
    /// Annotated Content overlaps the quotation but runs outside its marks.
    Mixed,
    /// No annotated Content overlaps it.
    None,
}

#[derive(Debug, Clone, Serialize)]
struct Recall {
    hit: bool,
    /// copydesk's view of the quotation after the removal.
    kind: String,
    core_pattern: Option<String>,
    core_cue: Option<String>,
    /// For a follow-on verdict: how the earlier quotation it follows is attributed.
    #[serde(skip_serializing_if = "Option::is_none")]
    follows: Option<String>,
    /// The quotation's paragraph after the removal (trimmed to 600 characters).
    context: String,
    /// The edits made (for checking the removal).
    removed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct QuoteRow {
    article: String,
    start: usize,
    end: usize,
    words: usize,
    quote: String,
    kind: String,
    core_pattern: Option<String>,
    core_cue: Option<String>,
    gold: Gold,
    attributed: bool,
    pattern: Option<Pat>,
    source: Option<String>,
    cue: Option<String>,
    annotator: Option<String>,
    flagged: bool,
    context: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    recall: Option<Recall>,
}

#[derive(Debug, Clone, Serialize)]
struct NameFinding {
    article: String,
    rule: &'static str,
    entity: Option<String>,
    form: String,
    message: String,
    context: String,
}

#[derive(Debug, Clone, Default)]
struct EntityInArticle {
    forms: BTreeMap<String, usize>,
    mentions: usize,
    quoted: usize,
}

struct ArticleResult {
    quotes: Vec<QuoteRow>,
    direct_quotes: usize,
    findings_unattributed: usize,
    findings_on: BTreeMap<&'static str, usize>,
    entities: BTreeMap<String, EntityInArticle>,
    name_findings: Vec<NameFinding>,
    repaired_misplaced: usize,
}

fn kind_name(k: QuoteKind) -> String {
    format!("{k:?}")
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// On one line, paragraph breaks shown as ¶.
fn one_line(s: &str) -> String {
    s.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ¶ ")
}

/// `before` characters before `start`, the text, `after` characters after `end`, on one line;
/// the span itself between ⟦ ⟧.
fn context(text: &str, start: usize, end: usize, before: usize, after: usize) -> String {
    let pre: String = text[..start].chars().rev().take(before).collect::<Vec<_>>().into_iter().rev().collect();
    let post: String = text[end..].chars().take(after).collect();
    one_line(&format!("…{pre}⟦{}⟧{post}…", &text[start..end]))
}

fn clip(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let head: String = s.chars().take(max_chars).collect();
        format!("{head}…")
    }
}

fn texts(text: &str, segs: &[Range]) -> String {
    segs.iter().map(|&(s, e)| &text[s..e]).collect::<Vec<_>>().join(" … ")
}

/// Does the content segment `seg` lie within the quotation `q` (overlapping its words, nothing
/// but marks, punctuation and space outside it)?
fn within(text: &str, seg: Range, q: &Q) -> bool {
    let (s, e) = (seg.0.max(q.content_start), seg.1.min(q.content_end));
    if s >= e || !text[s..e].chars().any(char::is_alphanumeric) {
        return false;
    }
    let outside_before = if seg.0 < q.start { &text[seg.0..q.start] } else { "" };
    let outside_after = if seg.1 > q.end { &text[q.end..seg.1] } else { "" };
    !outside_before.chars().chain(outside_after.chars()).any(char::is_alphanumeric)
}

fn overlaps_words(text: &str, seg: Range, q: &Q) -> bool {
    let (s, e) = (seg.0.max(q.content_start), seg.1.min(q.content_end));
    s < e && text[s..e].chars().any(char::is_alphanumeric)
}

fn analyze_article(a: &Article, cfg: &Config, want_recall: bool) -> ArticleResult {
    let text = a.text.as_str();
    let analysis = copydesk::analyze(text, Markup::Plain, cfg);
    let findings = copydesk::rules::run(&analysis, cfg);
    let unattributed: Vec<Range> = findings.iter().filter(|f| f.rule.id() == "unattributed-quote").map(|f| (f.start, f.end)).collect();
    let blocks: Vec<Range> = analysis.prose.blocks.iter().map(|b| (b.start, b.end)).collect();
    let top_quotes: Vec<&copydesk::quotes::Quote> = analysis.quotes.quotes.iter().filter(|q| q.span.depth == 0).collect();
    let tops: Vec<Q> = top_quotes.iter().map(|q| Q::from(&q.span)).collect();
    let direct_quotes = analysis.quotes.quotes.iter().filter(|q| q.kind == QuoteKind::Direct).count();

    let mut rows = Vec::new();
    let mut findings_on: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut tasks: Vec<(usize, Vec<Range>)> = Vec::new();
    for (qi, (cq, q)) in top_quotes.iter().zip(&tops).enumerate() {
        let words = geometry::word_count(&text[q.content_start..q.content_end]);
        let direct_events: Vec<&corpus::Event> = a.events.iter().filter(|e| e.content.iter().any(|&s| within(text, s, q))).collect();
        let any_content = a.contents.iter().any(|&s| overlaps_words(text, s, q));
        let gold = if !direct_events.is_empty() || a.contents.iter().any(|&s| within(text, s, q)) {
            Gold::Direct
        } else if any_content {
            Gold::Mixed
        } else {
            Gold::None
        };
        let attributing: Vec<&corpus::Event> = match gold {
            Gold::Direct => direct_events.iter().copied().filter(|e| e.attributes()).collect(),
            Gold::Mixed => a.events.iter().filter(|e| e.attributes() && e.content.iter().any(|&s| overlaps_words(text, s, q))).collect(),
            Gold::None => Vec::new(),
        };
        let flagged = unattributed.iter().any(|&(s, e)| s < q.end && q.start < e);
        let chosen = attributing.iter().min_by_key(|e| geometry::cue_distance(&e.cue, q)).copied();
        let pattern = chosen.map(|e| {
            let bi = blocks.iter().position(|&(s, en)| s <= q.start && q.start < en.max(s + 1)).unwrap_or(0);
            let block = blocks.get(bi).copied().unwrap_or((0, text.len()));
            let sents = geometry::sentences(text, block, &tops);
            let sent = sents[geometry::containing(&sents, q.start).unwrap_or(0)];
            geometry::pattern(text, q, block, sent, &e.cue, &e.source)
        });
        if flagged {
            let key = match (gold, !attributing.is_empty()) {
                (Gold::Direct, true) => "direct-attributed",
                (Gold::Direct, false) => "direct-unattributed",
                (Gold::Mixed, true) => "mixed-attributed",
                (Gold::Mixed, false) => "mixed-unattributed",
                (Gold::None, _) => "no-annotation",
            };
            *findings_on.entry(key).or_default() += 1;
        }
        let core = cq.attribution.filter(|x| x.is_attributed());
        let row = QuoteRow {
            article: a.name.clone(),
            start: q.start,
            end: q.end,
            words,
            quote: clip(&one_line(&text[q.start..q.end]), 400),
            kind: kind_name(cq.kind),
            core_pattern: core.and_then(|x| x.pattern).map(|p| p.describe().to_string()),
            core_cue: core.and_then(|x| x.cue).map(|(s, e)| text[s..e].to_string()),
            gold,
            attributed: !attributing.is_empty(),
            pattern: if gold == Gold::Direct { pattern } else { None },
            source: chosen.map(|e| texts(text, &e.source)),
            cue: chosen.map(|e| texts(text, &e.cue)),
            annotator: chosen.map(|e| e.annotator.clone()),
            flagged,
            context: context(text, q.start, q.end, 100, 100),
            recall: None,
        };
        // A cue inside the quotation cannot be removed without rewriting the quotation.
        if want_recall && gold == Gold::Direct && pattern.is_some_and(|p| p != Pat::CueInside) {
            let remove: Vec<Range> = attributing.iter().flat_map(|e| e.cue.iter().chain(&e.source).copied()).collect();
            tasks.push((qi, remove));
        }
        rows.push(row);
    }

    // Recall: one re-analysis per attributed quotation.
    let results: Vec<(usize, Recall, bool)> = tasks
        .par_iter()
        .map(|(qi, remove)| {
            let r = repair::remove_attribution(text, &blocks, &tops, *qi, remove);
            let misplaced = r.text.get(r.start..).and_then(|s| s.chars().next()) != text[tops[*qi].start..].chars().next();
            let na = copydesk::analyze(&r.text, Markup::Plain, cfg);
            let nf = copydesk::rules::run(&na, cfg);
            let here: Vec<&copydesk::quotes::Quote> =
                na.quotes.quotes.iter().filter(|x| x.span.depth == 0 && x.span.start < r.end && r.start < x.span.end).collect();
            let runs: Vec<usize> = here.iter().map(|x| x.span.run).collect();
            let run_spans: Vec<Range> =
                na.quotes.quotes.iter().filter(|x| runs.contains(&x.span.run)).map(|x| (x.span.start, x.span.end)).collect();
            let hit = nf
                .iter()
                .filter(|f| f.rule.id() == "unattributed-quote")
                .any(|f| (f.start < r.end && r.start < f.end) || run_spans.iter().any(|&(s, e)| f.start < e && s < f.end));
            let main = here.first();
            let core = main.and_then(|x| x.attribution).filter(|x| x.is_attributed());
            let bstart = na.prose.block_at(r.start).map(|b| na.prose.blocks[b].start).unwrap_or(r.start);
            let bend = na.prose.block_at(r.start).map(|b| na.prose.blocks[b].end).unwrap_or(r.end).max(r.end);
            let (cs, ce) =
                (floor_boundary(&r.text, bstart.max(r.start.saturating_sub(300))), ceil_boundary(&r.text, bend.min(r.end + 300)));
            let follows = core.filter(|x| x.pattern == Some(copydesk::quotes::Pattern::FollowOn)).and_then(|_| {
                let m = main?;
                na.quotes
                    .quotes
                    .iter()
                    .rev()
                    .filter(|p| p.span.depth == 0 && p.span.block == m.span.block && p.span.end <= m.span.start)
                    .filter_map(|p| p.attribution.and_then(|a| a.pattern))
                    .find(|p| *p != copydesk::quotes::Pattern::FollowOn)
                    .map(|p| p.describe().to_string())
            });
            let rec = Recall {
                hit,
                follows,
                kind: main.map(|x| kind_name(x.kind)).unwrap_or_else(|| "not found".into()),
                core_pattern: core.and_then(|x| x.pattern).map(|p| p.describe().to_string()),
                core_cue: core.and_then(|x| x.cue).map(|(s, e)| r.text[s..e].to_string()),
                context: one_line(&format!("{}⟦{}⟧{}", &r.text[cs..r.start], &r.text[r.start..r.end], &r.text[r.end..ce])),
                removed: r.edits.iter().map(|e| format!("{:?} → {:?}", one_line(&text[e.start..e.end]), e.new_text)).collect(),
            };
            (*qi, rec, misplaced)
        })
        .collect();
    let mut repaired_misplaced = 0;
    for (qi, rec, misplaced) in results {
        repaired_misplaced += misplaced as usize;
        rows[qi].recall = Some(rec);
    }

    // Naming.
    let mut entities: BTreeMap<String, EntityInArticle> = BTreeMap::new();
    for u in &analysis.names.uses {
        let id = cfg.glossary.entities[u.entity].id.to_string();
        let e = entities.entry(id).or_default();
        for &mi in &u.mentions {
            let m = &analysis.names.mentions[mi];
            *e.forms.entry(text[m.start..m.end].to_string()).or_default() += 1;
            e.mentions += 1;
            e.quoted += m.quoted as usize;
        }
    }
    let name_findings = findings
        .iter()
        .filter(|f| matches!(f.rule.id(), "inconsistent-name" | "undefined-acronym"))
        .map(|f| NameFinding {
            article: a.name.clone(),
            rule: f.rule.id(),
            entity: analysis.names.at(f.start).map(|(_, u)| cfg.glossary.entities[u.entity].id.to_string()),
            form: text[f.start..f.end].to_string(),
            message: f.message.clone(),
            context: context(text, f.start, f.end, 50, 50),
        })
        .collect();
    ArticleResult {
        quotes: rows,
        direct_quotes,
        findings_unattributed: unattributed.len(),
        findings_on,
        entities,
        name_findings,
        repaired_misplaced,
    }
}

/// splitmix64, for a reproducible sample without another dependency.
fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..v.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

#[derive(Debug, Clone, Default, Serialize)]
struct Cell {
    n: usize,
    false_alarms: usize,
    per_1000: f64,
    recall_n: usize,
    recall_hits: usize,
    recall_pct: f64,
}

impl Cell {
    fn add(&mut self, r: &QuoteRow) {
        self.n += 1;
        self.false_alarms += r.flagged as usize;
        if let Some(rec) = &r.recall {
            self.recall_n += 1;
            self.recall_hits += rec.hit as usize;
        }
    }
    fn finish(&mut self) {
        self.per_1000 = if self.n > 0 { self.false_alarms as f64 * 1000.0 / self.n as f64 } else { 0.0 };
        self.recall_pct = if self.recall_n > 0 { self.recall_hits as f64 * 100.0 / self.recall_n as f64 } else { 0.0 };
    }
    fn row(&self, label: &str) -> String {
        let per = if self.n > 0 { format!("{:.1}", self.per_1000) } else { "–".into() };
        let recall =
            if self.recall_n > 0 { format!("{:.1}% ({}/{})", self.recall_pct, self.recall_hits, self.recall_n) } else { "–".into() };
        format!("| {label} | {} | {} | {per} | {recall} |", self.n, self.false_alarms)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
struct EntitySummary {
    entity: String,
    articles: usize,
    mentions: usize,
    quoted_mentions: usize,
    forms: BTreeMap<String, usize>,
    articles_with_several_forms: usize,
    inconsistent_name: usize,
    undefined_acronym: usize,
}

fn length_bucket(words: usize) -> &'static str {
    match words {
        0..=3 => "1-3 words",
        4..=9 => "4-9 words",
        10..=19 => "10-19 words",
        _ => "20+ words",
    }
}

fn spread<T>(v: &[T], n: usize) -> Vec<&T> {
    if n >= v.len() {
        return v.iter().collect();
    }
    (0..n).map(|i| &v[i * v.len() / n]).collect()
}

fn main() -> ExitCode {
    let args = Args::parse();
    let t0 = Instant::now();
    let mut names = match corpus::list(&args.path) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("eval: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(n) = args.sample.filter(|_| {
        args.write_cases.is_none() && args.score_labels.is_empty() && args.write_extra_cases.is_none() && args.score_extra.is_empty()
    }) {
        shuffle(&mut names, args.seed);
        names.truncate(n);
        names.sort();
    }
    let ann_files = corpus::annotation_files(&args.path);
    let cfg = match &args.config {
        Some(p) => match copydesk::project::load_config(p) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("eval: {e}");
                return ExitCode::from(2);
            }
        },
        None => Config::default(),
    };

    let loaded: Vec<(Article, corpus::LoadStats)> = names
        .par_iter()
        .filter_map(|name| {
            let text = std::fs::read_to_string(args.path.join("text").join(format!("{name}.txt"))).ok()?;
            let mut st = corpus::LoadStats::default();
            let files = ann_files.get(name).map(Vec::as_slice).unwrap_or(&[]);
            Some((corpus::load(name, text, files, &mut st), st))
        })
        .collect();
    let mut load = corpus::LoadStats::default();
    for (_, s) in &loaded {
        load.articles += s.articles;
        load.annotation_files += s.annotation_files;
        load.articles_without_annotation += s.articles_without_annotation;
        load.text_bound_annotations += s.text_bound_annotations;
        load.text_mismatches += s.text_mismatches;
        load.out_of_range += s.out_of_range;
        load.discontinuous_spans += s.discontinuous_spans;
    }
    if args.write_extra_cases.is_some() || !args.score_extra.is_empty() {
        let articles: Vec<Article> = loaded.into_iter().map(|(a, _)| a).collect();
        let done = match &args.write_extra_cases {
            Some(out) => cases::write_extra(&articles, &cfg, args.seed, out, &args.extra_key),
            None => cases::score_extra(&articles, &cfg, &args.extra_key, &args.score_extra),
        };
        return match done {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("eval: {e}");
                ExitCode::from(2)
            }
        };
    }
    if args.write_cases.is_some() || !args.score_labels.is_empty() {
        let articles: Vec<Article> = loaded.into_iter().map(|(a, _)| a).collect();
        let picks = cases::pick(&articles, &cfg, args.seed, args.removal_cases, args.original_cases);
        let done = match &args.write_cases {
            Some(out) => cases::write(&articles, &cfg, &picks, out, args.chunks),
            None => cases::score(&articles, &cfg, &picks, &args.score_labels, args.list_disagreements, args.dump_scored.as_deref()),
        };
        return match done {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("eval: {e}");
                ExitCode::from(2)
            }
        };
    }
    let results: Vec<ArticleResult> = loaded.par_iter().map(|(a, _)| analyze_article(a, &cfg, true)).collect();
    let elapsed = t0.elapsed().as_secs_f64();

    // Aggregate.
    let rows: Vec<&QuoteRow> = results.iter().flat_map(|r| &r.quotes).collect();
    let headline = |r: &&&QuoteRow| r.gold == Gold::Direct && r.attributed && r.words >= MIN_WORDS;
    let mut overall = Cell::default();
    let mut per_pattern: BTreeMap<Pat, Cell> = BTreeMap::new();
    for r in rows.iter().filter(headline) {
        overall.add(r);
        per_pattern.entry(r.pattern.unwrap()).or_default().add(r);
    }
    overall.finish();
    per_pattern.values_mut().for_each(Cell::finish);
    let mut per_length: BTreeMap<&'static str, Cell> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.gold == Gold::Direct && r.attributed) {
        per_length.entry(length_bucket(r.words)).or_default().add(r);
    }
    per_length.values_mut().for_each(Cell::finish);
    let count = |f: &dyn Fn(&QuoteRow) -> bool| rows.iter().filter(|r| f(r)).count();
    let top_quotes = rows.len();
    let gold_direct = count(&|r| r.gold == Gold::Direct && r.words >= MIN_WORDS);
    let gold_unattributed = count(&|r| r.gold == Gold::Direct && !r.attributed && r.words >= MIN_WORDS);
    let gold_unattributed_flagged = count(&|r| r.gold == Gold::Direct && !r.attributed && r.words >= MIN_WORDS && r.flagged);
    let mixed_attr = count(&|r| r.gold == Gold::Mixed && r.attributed && r.words >= MIN_WORDS);
    let mixed_attr_flagged = count(&|r| r.gold == Gold::Mixed && r.attributed && r.words >= MIN_WORDS && r.flagged);
    let direct_no_annotation = count(&|r| r.kind == "Direct" && r.gold == Gold::None);
    let direct_no_annotation_flagged = count(&|r| r.kind == "Direct" && r.gold == Gold::None && r.flagged);
    let direct_kind: usize = results.iter().map(|r| r.direct_quotes).sum();
    let findings_total: usize = results.iter().map(|r| r.findings_unattributed).sum();
    let mut findings_on: BTreeMap<&'static str, usize> = BTreeMap::new();
    for r in &results {
        for (k, v) in &r.findings_on {
            *findings_on.entry(k).or_default() += v;
        }
    }
    let misplaced: usize = results.iter().map(|r| r.repaired_misplaced).sum();
    let recall_unchanged_core = rows.iter().filter(headline).filter(|r| r.recall.as_ref().is_some_and(|x| !x.hit)).count();

    let flagged_other: Vec<&QuoteRow> = rows.iter().filter(|r| r.flagged && !headline(r)).copied().collect();
    let false_alarms: Vec<&QuoteRow> = rows.iter().filter(headline).filter(|r| r.flagged).copied().collect();
    let misses: Vec<&QuoteRow> = rows.iter().filter(headline).filter(|r| r.recall.as_ref().is_some_and(|x| !x.hit)).copied().collect();

    let mut miss_verdicts: Vec<(String, usize)> = Vec::new();
    for r in &misses {
        let rec = r.recall.as_ref().unwrap();
        let v = match (&rec.core_pattern, &rec.follows) {
            (Some(p), Some(f)) => format!("attributed: {p} (which is: {f})"),
            (Some(p), None) => format!("attributed: {p}"),
            (None, _) if rec.kind == "Direct" => "not flagged: Direct, unattributed (unclosed or run already reported)".to_string(),
            (None, _) => format!("not a quote to attribute: {}", rec.kind),
        };
        match miss_verdicts.iter_mut().find(|(k, _)| *k == v) {
            Some(e) => e.1 += 1,
            None => miss_verdicts.push((v, 1)),
        }
    }
    miss_verdicts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    // Naming.
    let mut ents: BTreeMap<String, EntitySummary> = BTreeMap::new();
    for r in &results {
        for (id, e) in &r.entities {
            let s = ents.entry(id.clone()).or_insert_with(|| EntitySummary { entity: id.clone(), ..Default::default() });
            s.articles += 1;
            s.mentions += e.mentions;
            s.quoted_mentions += e.quoted;
            if e.forms.len() > 1 {
                s.articles_with_several_forms += 1;
            }
            for (f, n) in &e.forms {
                *s.forms.entry(f.clone()).or_default() += n;
            }
        }
    }
    let review: Vec<&NameFinding> = results.iter().flat_map(|r| &r.name_findings).collect();
    let mut unassigned = EntitySummary { entity: "(no entity at the finding)".into(), ..Default::default() };
    for f in &review {
        let s = match &f.entity {
            Some(id) => ents.entry(id.clone()).or_insert_with(|| EntitySummary { entity: id.clone(), ..Default::default() }),
            None => &mut unassigned,
        };
        match f.rule {
            "inconsistent-name" => s.inconsistent_name += 1,
            _ => s.undefined_acronym += 1,
        }
    }
    let mut ent_list: Vec<EntitySummary> = ents.into_values().collect();
    if unassigned.inconsistent_name + unassigned.undefined_acronym > 0 {
        ent_list.push(unassigned);
    }
    ent_list.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.entity.cmp(&b.entity)));

    // Table.
    println!("# copydesk eval: {}", args.path.display());
    println!();
    println!(
        "{} articles ({} annotation files{}), {} top-level quotations, {:.1} s on {} threads.",
        load.articles,
        load.annotation_files,
        args.sample.map(|n| format!("; sample of {n}, seed {}", args.seed)).unwrap_or_default(),
        top_quotes,
        elapsed,
        rayon::current_num_threads()
    );
    if load.text_mismatches + load.out_of_range > 0 {
        println!(
            "warning: {} annotations do not match the text at their offsets, {} out of range",
            load.text_mismatches, load.out_of_range
        );
    }
    println!();
    println!("## Attribution: quotations of {MIN_WORDS}+ words the annotation attributes (Source and Cue)");
    println!();
    println!("| pattern (annotation) | n | false alarms | per 1,000 | removal recall |");
    println!("|---|---:|---:|---:|---:|");
    println!("{}", overall.row("**all**"));
    for p in Pat::ALL {
        match per_pattern.get(&p) {
            Some(c) => println!("{}", c.row(p.label())),
            None => println!("| {} | 0 | 0 | – | – |", p.label()),
        }
    }
    println!();
    println!("All lengths (attributed quotations):");
    println!();
    println!("| length | n | false alarms | per 1,000 | removal recall |");
    println!("|---|---:|---:|---:|---:|");
    for b in ["1-3 words", "4-9 words", "10-19 words", "20+ words"] {
        if let Some(c) = per_length.get(b) {
            println!("{}", c.row(b));
        }
    }
    println!();
    println!("Other counts ({MIN_WORDS}+ words unless said):");
    println!();
    println!("- quotations whose annotated Content lies within the marks: {gold_direct}; attributed {}, not attributed by the annotation {gold_unattributed} (flagged {gold_unattributed_flagged})", overall.n);
    println!("- quotations inside a larger attributed Content span (not in the numbers above): {mixed_attr}, flagged {mixed_attr_flagged}");
    println!("- copydesk Direct quotations (any length): {direct_kind}; with no annotation at all (unknown status): {direct_no_annotation}, flagged {direct_no_annotation_flagged}");
    println!(
        "- unattributed-quote findings: {findings_total}; on attributed quotations {}, on quotations the annotation leaves unattributed {}, inside larger attributed Content {}, on unannotated quotations {} (any length)",
        findings_on.get("direct-attributed").unwrap_or(&0),
        findings_on.get("direct-unattributed").unwrap_or(&0),
        findings_on.get("mixed-attributed").unwrap_or(&0),
        findings_on.get("no-annotation").unwrap_or(&0)
    );
    println!("- recall misses: {recall_unchanged_core}; removals whose quotation could not be located after the edit: {misplaced}");
    println!();
    println!("Recall misses by copydesk's verdict on the quotation after the removal:");
    println!();
    println!("| verdict | misses |");
    println!("|---|---:|");
    for (verdict, n) in &miss_verdicts {
        println!("| {verdict} | {n} |");
    }
    println!();
    println!("## Naming: glossary entities");
    println!();
    println!("| entity | articles | mentions (quoted) | articles with 2+ forms | inconsistent-name | undefined-acronym | forms |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    for e in &ent_list {
        let mut forms: Vec<(&String, &usize)> = e.forms.iter().collect();
        forms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let forms: Vec<String> = forms.iter().take(6).map(|(f, n)| format!("{f} {n}")).collect();
        println!(
            "| {} | {} | {} ({}) | {} | {} | {} | {} |",
            e.entity,
            e.articles,
            e.mentions,
            e.quoted_mentions,
            e.articles_with_several_forms,
            e.inconsistent_name,
            e.undefined_acronym,
            forms.join(", ")
        );
    }
    println!();
    println!(
        "{} naming findings to review ({}).",
        review.len(),
        if args.json.is_some() { "listed in the JSON" } else { "list them with --json" }
    );

    if args.list_false_alarms > 0 {
        println!();
        println!("## False alarms ({} of {})", args.list_false_alarms.min(false_alarms.len()), false_alarms.len());
        for r in spread(&false_alarms, args.list_false_alarms) {
            println!();
            println!("- {} @{} [{}; copydesk: {}]", r.article, r.start, r.pattern.map(Pat::label).unwrap_or(""), r.kind);
            println!("  annotation: source {:?}, cue {:?}", r.source.as_deref().unwrap_or(""), r.cue.as_deref().unwrap_or(""));
            println!("  {}", r.context);
        }
    }
    if args.list_misses > 0 {
        println!();
        println!("## Recall misses ({} of {})", args.list_misses.min(misses.len()), misses.len());
        for r in spread(&misses, args.list_misses) {
            let rec = r.recall.as_ref().unwrap();
            println!();
            println!(
                "- {} @{} [{}] after removal copydesk says: {}{}",
                r.article,
                r.start,
                r.pattern.map(Pat::label).unwrap_or(""),
                rec.kind,
                rec.core_pattern
                    .as_ref()
                    .map(|p| format!(
                        ", attributed ({p}{}; cue {:?})",
                        rec.follows.as_ref().map(|f| format!(", which is: {f}")).unwrap_or_default(),
                        rec.core_cue.as_deref().unwrap_or("")
                    ))
                    .unwrap_or_default()
            );
            println!("  annotation: source {:?}, cue {:?}", r.source.as_deref().unwrap_or(""), r.cue.as_deref().unwrap_or(""));
            println!("  before: {}", r.context);
            println!("  after:  {}", clip(&rec.context, 700));
        }
    }
    if args.list_repairs > 0 {
        let all: Vec<&QuoteRow> = rows.iter().filter(headline).filter(|r| r.recall.is_some()).copied().collect();
        println!();
        println!("## Repairs ({} of {})", args.list_repairs.min(all.len()), all.len());
        for r in spread(&all, args.list_repairs) {
            let rec = r.recall.as_ref().unwrap();
            println!();
            println!("- {} @{} [{}] hit={} edits={:?}", r.article, r.start, r.pattern.map(Pat::label).unwrap_or(""), rec.hit, rec.removed);
            println!("  before: {}", r.context);
            println!("  after:  {}", clip(&rec.context, 700));
        }
    }

    if let Some(path) = &args.json {
        let per_pattern_json: Vec<serde_json::Value> = Pat::ALL
            .iter()
            .filter_map(|p| per_pattern.get(p).map(|c| serde_json::json!({"pattern": p, "label": p.label(), "cell": c})))
            .collect();
        let out = serde_json::json!({
            "corpus": args.path.display().to_string(),
            "sample": args.sample,
            "seed": args.seed,
            "generated_unix": std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
            "runtime_seconds": elapsed,
            "threads": rayon::current_num_threads(),
            "min_words": MIN_WORDS,
            "load": load,
            "attribution": {
                "overall": overall,
                "per_pattern": per_pattern_json,
                "per_length": per_length,
                "top_level_quotations": top_quotes,
                "gold_direct": gold_direct,
                "gold_unattributed": gold_unattributed,
                "gold_unattributed_flagged": gold_unattributed_flagged,
                "inside_larger_attributed_content": mixed_attr,
                "inside_larger_attributed_content_flagged": mixed_attr_flagged,
                "copydesk_direct": direct_kind,
                "copydesk_direct_no_annotation": direct_no_annotation,
                "copydesk_direct_no_annotation_flagged": direct_no_annotation_flagged,
                "unattributed_quote_findings": findings_total,
                "findings_by_gold_status": findings_on,
                "removal_misplaced": misplaced,
                "miss_verdicts": miss_verdicts,
                "false_alarms": false_alarms,
                "other_flagged": flagged_other,
                "misses": misses,
            },
            "naming": {
                "entities": ent_list,
                "review": review,
            },
        });
        let mut out = out;
        if args.all_quotes {
            out["quotes"] = serde_json::to_value(&rows).unwrap_or_default();
        }
        let written = std::fs::File::create(path)
            .map_err(|e| e.to_string())
            .and_then(|f| serde_json::to_writer_pretty(std::io::BufWriter::new(f), &out).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("eval: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        eprintln!("eval: wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
