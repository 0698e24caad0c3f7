//! A blind judged set (see `../shared/eval/attribution-rubric.md`): a seeded random sample of
//! removal cases (a quotation of four or more words whose annotated Source and Cue were
//! removed, as the removal test does) and original quotations, written for people to label
//! FLAG / OK / BROKEN **before** copydesk is run on them, then scored against their labels.
//!
//! The cases are chosen from the annotation and copydesk's quotation pairing only (never from
//! its attribution verdict), in article order, then shuffled with the seed; the same corpus and
//! seed give the same cases, so the labels (kept as data: id, label, reason) can be scored
//! again after any change to the rules.

use crate::corpus::{Article, Range};
use crate::geometry::{self, Pat, Q};
use crate::repair;
use copydesk::{Config, Markup};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Removal,
    Original,
}

/// A case before it is written out: which quotation of which article, and for a removal what
/// to remove.
#[derive(Debug, Clone)]
pub struct Pick {
    pub article: usize,
    pub kind: Kind,
    /// The quotation's index among the article's top-level quotations.
    pub qi: usize,
    pub remove: Vec<Range>,
}

/// A case as judged: the text (ablated for a removal) and the quotation's span in it.
pub struct Built {
    pub id: String,
    pub kind: Kind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub deleted: String,
}

#[derive(Serialize)]
struct CaseLine<'a> {
    id: &'a str,
    kind: Kind,
    prev: &'a str,
    para: String,
    next: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted: Option<&'a str>,
}

#[derive(Deserialize)]
struct LabelLine {
    id: String,
    label: String,
    #[serde(default)]
    #[allow(dead_code)]
    reason: String,
}

pub fn tops(text: &str, cfg: &Config) -> (Vec<Range>, Vec<Q>) {
    let analysis = copydesk::analyze(text, Markup::Plain, cfg);
    let blocks = analysis.prose.blocks.iter().map(|b| (b.start, b.end)).collect();
    let tops = analysis.quotes.quotes.iter().filter(|q| q.span.depth == 0).map(|q| Q::from(&q.span)).collect();
    (blocks, tops)
}

/// The candidates of one article: removals (attributed gold direct quotes of 4+ words whose
/// cue is outside the marks) and originals (every top-level quotation of 4+ words).
fn candidates(ai: usize, a: &Article, cfg: &Config) -> (Vec<Pick>, Vec<Pick>) {
    let text = a.text.as_str();
    let (blocks, tops) = tops(text, cfg);
    let mut removals = Vec::new();
    let mut originals = Vec::new();
    for (qi, q) in tops.iter().enumerate() {
        if geometry::word_count(&text[q.content_start..q.content_end]) < crate::MIN_WORDS {
            continue;
        }
        originals.push(Pick { article: ai, kind: Kind::Original, qi, remove: Vec::new() });
        let direct: Vec<&crate::corpus::Event> = a.events.iter().filter(|e| e.content.iter().any(|&s| crate::within(text, s, q))).collect();
        let attributing: Vec<&crate::corpus::Event> = direct.into_iter().filter(|e| e.attributes()).collect();
        let Some(chosen) = attributing.iter().min_by_key(|e| geometry::cue_distance(&e.cue, q)) else { continue };
        let bi = blocks.iter().position(|&(s, en)| s <= q.start && q.start < en.max(s + 1)).unwrap_or(0);
        let block = blocks.get(bi).copied().unwrap_or((0, text.len()));
        let sents = geometry::sentences(text, block, &tops);
        let sent = sents[geometry::containing(&sents, q.start).unwrap_or(0)];
        if geometry::pattern(text, q, block, sent, &chosen.cue, &chosen.source) == Pat::CueInside {
            continue;
        }
        let remove = attributing.iter().flat_map(|e| e.cue.iter().chain(&e.source).copied()).collect();
        removals.push(Pick { article: ai, kind: Kind::Removal, qi, remove });
    }
    (removals, originals)
}

/// The sample: `n_removal` removals and `n_original` originals (no quotation twice), shuffled
/// together with the seed.
pub fn pick(articles: &[Article], cfg: &Config, seed: u64, n_removal: usize, n_original: usize) -> Vec<Pick> {
    let per: Vec<(Vec<Pick>, Vec<Pick>)> = articles.par_iter().enumerate().map(|(ai, a)| candidates(ai, a, cfg)).collect();
    let mut removals: Vec<Pick> = per.iter().flat_map(|p| p.0.iter().cloned()).collect();
    let mut originals: Vec<Pick> = per.iter().flat_map(|p| p.1.iter().cloned()).collect();
    crate::shuffle(&mut removals, seed);
    removals.truncate(n_removal);
    let taken: std::collections::BTreeSet<(usize, usize)> = removals.iter().map(|p| (p.article, p.qi)).collect();
    originals.retain(|p| !taken.contains(&(p.article, p.qi)));
    crate::shuffle(&mut originals, seed.wrapping_add(1));
    originals.truncate(n_original);
    let mut all = removals;
    all.extend(originals);
    crate::shuffle(&mut all, seed.wrapping_add(2));
    all
}

pub fn build(articles: &[Article], cfg: &Config, p: &Pick) -> Built {
    let a = &articles[p.article];
    let text = a.text.as_str();
    let (blocks, tops) = tops(text, cfg);
    let q = tops[p.qi];
    let kind_name = match p.kind {
        Kind::Removal => "removal",
        Kind::Original => "original",
    };
    let id = format!("{}:{kind_name}:{}-{}", a.name, q.start, q.end);
    match p.kind {
        Kind::Original => Built { id, kind: p.kind, text: a.text.clone(), start: q.start, end: q.end, deleted: String::new() },
        Kind::Removal => {
            let r = repair::remove_attribution(text, &blocks, &tops, p.qi, &p.remove);
            let deleted =
                r.edits.iter().map(|e| crate::one_line(&text[e.start..e.end])).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" … ");
            Built { id, kind: p.kind, text: r.text, start: r.start, end: r.end, deleted }
        }
    }
}

/// The paragraph (non-empty line) around `start..end`, with the previous and next ones.
fn paragraphs(text: &str, start: usize, end: usize) -> (String, String, String) {
    let ls = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let le = text[end..].find('\n').map(|i| end + i).unwrap_or(text.len());
    let para = format!("{}⟦{}⟧{}", &text[ls..start], &text[start..end], &text[end..le]);
    let prev = text[..ls].lines().rev().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string();
    let next = text[le..].lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string();
    (prev, para.trim().to_string(), next)
}

pub fn write(articles: &[Article], cfg: &Config, picks: &[Pick], out: &Path, chunks: usize) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let built: Vec<Built> = picks.par_iter().map(|p| build(articles, cfg, p)).collect();
    let chunks = chunks.max(1);
    let per = built.len().div_ceil(chunks);
    for (ci, part) in built.chunks(per.max(1)).enumerate() {
        let mut s = String::new();
        for b in part {
            let (prev, para, next) = paragraphs(&b.text, b.start, b.end);
            let line = CaseLine {
                id: &b.id,
                kind: b.kind,
                prev: &prev,
                para,
                next: &next,
                deleted: (b.kind == Kind::Removal).then_some(b.deleted.as_str()),
            };
            s.push_str(&serde_json::to_string(&line).map_err(|e| e.to_string())?);
            s.push('\n');
        }
        let path = out.join(format!("chunk-{}.jsonl", ci + 1));
        std::fs::write(&path, s).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("eval: wrote {} ({} cases)", path.display(), part.len());
    }
    Ok(())
}

/// Does an `unattributed-quote` finding of copydesk on `b.text` cover the case's quotation (or
/// a quotation of its run)?
pub fn flagged(b: &Built, cfg: &Config) -> bool {
    let na = copydesk::analyze(&b.text, Markup::Plain, cfg);
    let nf = copydesk::rules::run(&na, cfg);
    let runs: Vec<usize> =
        na.quotes.quotes.iter().filter(|x| x.span.depth == 0 && x.span.start < b.end && b.start < x.span.end).map(|x| x.span.run).collect();
    let run_spans: Vec<Range> =
        na.quotes.quotes.iter().filter(|x| runs.contains(&x.span.run)).map(|x| (x.span.start, x.span.end)).collect();
    nf.iter()
        .filter(|f| f.rule.id() == "unattributed-quote")
        .any(|f| (f.start < b.end && b.start < f.end) || run_spans.iter().any(|&(s, e)| f.start < e && s < f.end))
}

/// copydesk's verdict on the case's quotation, for the list of disagreements: the convention
/// that attributes it and its cue.
fn verdict(b: &Built, cfg: &Config) -> String {
    let na = copydesk::analyze(&b.text, Markup::Plain, cfg);
    let Some(q) = na.quotes.quotes.iter().find(|x| x.span.depth == 0 && x.span.start < b.end && b.start < x.span.end) else {
        return "not found".into();
    };
    match q.attribution.filter(|a| a.is_attributed()) {
        Some(a) => format!(
            "{}; cue {:?}",
            a.pattern.map(|p| p.describe()).unwrap_or("?"),
            a.cue.map(|(s, e)| crate::one_line(&b.text[s..e])).unwrap_or_default()
        ),
        None => format!("{:?}, unattributed", q.kind),
    }
}

#[derive(Default, Debug, Clone, Copy)]
struct Tally {
    n: usize,
    flagged: usize,
}

fn pct(t: Tally) -> String {
    if t.n == 0 {
        "–".into()
    } else {
        format!("{:.1} % ({}/{})", t.flagged as f64 * 100.0 / t.n as f64, t.flagged, t.n)
    }
}

/// The labels of the files (`{"id", "label", "reason"}` per line), by case id, upper-cased.
fn read_labels(files: &[std::path::PathBuf]) -> Result<BTreeMap<String, String>, String> {
    let mut labels = BTreeMap::new();
    for f in files {
        let s = std::fs::read_to_string(f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        for (i, line) in s.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let l: LabelLine = serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", f.display(), i + 1))?;
            labels.insert(l.id, l.label.trim().to_uppercase());
        }
    }
    Ok(labels)
}

/// Reads the label files, re-creates the cases, runs copydesk on each and prints the scores.
/// `list` prints that many disagreements (missed FLAG, flagged OK) with their paragraph.
pub fn score(
    articles: &[Article],
    cfg: &Config,
    picks: &[Pick],
    files: &[std::path::PathBuf],
    list: usize,
    dump: Option<&Path>,
) -> Result<(), String> {
    let labels = read_labels(files)?;
    let built: Vec<(Built, bool)> = picks
        .par_iter()
        .map(|p| build(articles, cfg, p))
        .filter(|b| labels.contains_key(&b.id))
        .map(|b| {
            let f = flagged(&b, cfg);
            (b, f)
        })
        .collect();
    let known: std::collections::BTreeSet<&str> = built.iter().map(|(b, _)| b.id.as_str()).collect();
    let unknown = labels.keys().filter(|k| !known.contains(k.as_str())).count();
    let mut t: BTreeMap<(Kind, String), Tally> = BTreeMap::new();
    for (b, f) in &built {
        let e = t.entry((b.kind, labels[&b.id].clone())).or_default();
        e.n += 1;
        e.flagged += *f as usize;
    }
    let get = |k: Kind, l: &str| t.get(&(k, l.to_string())).copied().unwrap_or_default();
    println!(
        "# Judged set: {} labels from {} file(s), {} cases of the sample ({} labels match no case)",
        labels.len(),
        files.len(),
        picks.len(),
        unknown
    );
    println!();
    println!("| cases | FLAG: recall | OK: flagged | BROKEN (left out) |");
    println!("|---|---:|---:|---:|");
    for (k, name) in [(Kind::Removal, "removal"), (Kind::Original, "original")] {
        println!("| {name} | {} | {} | {} |", pct(get(k, "FLAG")), pct(get(k, "OK")), get(k, "BROKEN").n);
    }
    let sum = |l: &str| {
        let (a, b) = (get(Kind::Removal, l), get(Kind::Original, l));
        Tally { n: a.n + b.n, flagged: a.flagged + b.flagged }
    };
    println!("| **all** | {} | {} | {} |", pct(sum("FLAG")), pct(sum("OK")), sum("BROKEN").n);
    let other: usize = t.iter().filter(|((_, l), _)| !matches!(l.as_str(), "FLAG" | "OK" | "BROKEN")).map(|(_, v)| v.n).sum();
    if other > 0 {
        println!();
        println!("{other} cases with another label, left out.");
    }
    if let Some(path) = dump {
        let mut s = String::new();
        for (b, f) in &built {
            let (prev, para, next) = paragraphs(&b.text, b.start, b.end);
            let v = serde_json::json!({"id": b.id, "label": labels[&b.id], "flagged": f, "verdict": verdict(b, cfg), "prev": prev, "para": para, "next": next});
            s.push_str(&v.to_string());
            s.push('\n');
        }
        std::fs::write(path, s).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if list > 0 {
        let wrong: Vec<&(Built, bool)> =
            built.iter().filter(|(b, f)| (labels[&b.id] == "FLAG" && !f) || (labels[&b.id] == "OK" && *f)).collect();
        println!();
        println!("## Disagreements ({} of {})", list.min(wrong.len()), wrong.len());
        for (b, f) in wrong.iter().take(list) {
            let (prev, para, _) = paragraphs(&b.text, b.start, b.end);
            println!();
            println!("- {} [{}; copydesk {}: {}]", b.id, labels[&b.id], if *f { "flags" } else { "does not flag" }, verdict(b, cfg));
            println!("  prev: {}", crate::clip(&prev, 300));
            println!("  para: {}", crate::clip(&para, 600));
        }
    }
    Ok(())
}

/// The blind case file of what `context = "lead-in"` adds on unablated copy: every top-level
/// quotation of 4+ words that `lead-in` flags and the default (`paragraph`) does not, mixed
/// with as many quotations of 4+ words (chosen with the seed) that neither flags, shuffled
/// together with the seed. Same line format as `write` (kind `original` for all), no verdict
/// and no mark of the group; `score_extra` re-creates the two groups to score the labels.
pub fn extra_groups(articles: &[Article], cfg: &Config, seed: u64) -> (Vec<Pick>, Vec<Pick>) {
    let mut para = cfg.clone();
    para.context = copydesk::config::AttributionContext::Paragraph;
    let mut lead = cfg.clone();
    lead.context = copydesk::config::AttributionContext::LeadIn;
    let per: Vec<(Vec<Pick>, Vec<Pick>)> = articles
        .par_iter()
        .enumerate()
        .map(|(ai, a)| {
            let text = a.text.as_str();
            let (_, tops) = tops(text, cfg);
            let (mut added, mut neither) = (Vec::new(), Vec::new());
            for (qi, q) in tops.iter().enumerate() {
                if geometry::word_count(&text[q.content_start..q.content_end]) < crate::MIN_WORDS {
                    continue;
                }
                let b = Built {
                    id: String::new(),
                    kind: Kind::Original,
                    text: a.text.clone(),
                    start: q.start,
                    end: q.end,
                    deleted: String::new(),
                };
                let p = Pick { article: ai, kind: Kind::Original, qi, remove: Vec::new() };
                match (flagged(&b, &lead), flagged(&b, &para)) {
                    (true, false) => added.push(p),
                    (false, false) => neither.push(p),
                    _ => {}
                }
            }
            (added, neither)
        })
        .collect();
    let added: Vec<Pick> = per.iter().flat_map(|p| p.0.iter().cloned()).collect();
    let mut decoys: Vec<Pick> = per.iter().flat_map(|p| p.1.iter().cloned()).collect();
    crate::shuffle(&mut decoys, seed.wrapping_add(3));
    decoys.truncate(added.len());
    (added, decoys)
}

/// Writes the blind case file `out` and, separately, `key` (one `{"id","group"}` line per case,
/// group `lead-in` or `decoy`), so that the labels can be scored after the rules change.
pub fn write_extra(articles: &[Article], cfg: &Config, seed: u64, out: &Path, key: &Path) -> Result<(), String> {
    let (added, decoys) = extra_groups(articles, cfg, seed);
    let mut all: Vec<(Pick, &str)> =
        added.iter().map(|p| (p.clone(), "lead-in")).chain(decoys.iter().map(|p| (p.clone(), "decoy"))).collect();
    crate::shuffle(&mut all, seed.wrapping_add(4));
    for f in [out, key] {
        if let Some(dir) = f.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    let (mut s, mut k) = (String::new(), String::new());
    for (p, group) in &all {
        let b = build(articles, cfg, p);
        let (prev, para, next) = paragraphs(&b.text, b.start, b.end);
        let line = CaseLine { id: &b.id, kind: b.kind, prev: &prev, para, next: &next, deleted: None };
        s.push_str(&serde_json::to_string(&line).map_err(|e| e.to_string())?);
        s.push('\n');
        k.push_str(&serde_json::json!({"id": b.id, "group": group}).to_string());
        k.push('\n');
    }
    std::fs::write(out, s).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    std::fs::write(key, k).map_err(|e| format!("cannot write {}: {e}", key.display()))?;
    eprintln!(
        "eval: wrote {} ({} cases; {} lead-in, {} decoys) and the key {}",
        out.display(),
        all.len(),
        added.len(),
        decoys.len(),
        key.display()
    );
    Ok(())
}

/// Scores labels of the `write_extra` file against its key: of the quotations `lead-in` added
/// (when the file was written), how many the labellers judged FLAG / OK; of the decoys
/// (flagged by neither), how many FLAG (misses). Also how the rules of now treat each group.
pub fn score_extra(articles: &[Article], cfg: &Config, key: &Path, files: &[std::path::PathBuf]) -> Result<(), String> {
    let labels = read_labels(files)?;
    let ks = std::fs::read_to_string(key).map_err(|e| format!("cannot read {}: {e}", key.display()))?;
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in ks.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("{}: {e}", key.display()))?;
        let (Some(id), Some(g)) = (v["id"].as_str(), v["group"].as_str()) else { continue };
        groups.entry(g.to_string()).or_default().push(id.to_string());
    }
    // Where each case is, to run the rules of now on it.
    let by_name: BTreeMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.name.as_str(), i)).collect();
    let now_flags = |id: &str| -> Option<bool> {
        let mut it = id.rsplitn(3, ':');
        let span = it.next()?;
        let _kind = it.next()?;
        let a = &articles[*by_name.get(it.next()?)?];
        let (s, e) = span.split_once('-')?;
        let b = Built {
            id: id.to_string(),
            kind: Kind::Original,
            text: a.text.clone(),
            start: s.parse().ok()?,
            end: e.parse().ok()?,
            deleted: String::new(),
        };
        Some(flagged(&b, cfg))
    };
    println!("# Extra cases: {} labels, key {}", labels.len(), key.display());
    println!();
    println!("| group | cases | labelled | FLAG | OK | other | flagged by these rules: FLAG / OK |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (g, ids) in &groups {
        let got: Vec<(&String, &String)> = ids.iter().filter_map(|id| labels.get(id).map(|l| (id, l))).collect();
        let n = |l: &str| got.iter().filter(|x| x.1.as_str() == l).count();
        let now = |l: &str| got.par_iter().filter(|x| x.1.as_str() == l && now_flags(x.0).unwrap_or(false)).count();
        let other = got.len() - n("FLAG") - n("OK");
        println!("| {g} | {} | {} | {} | {} | {other} | {} / {} |", ids.len(), got.len(), n("FLAG"), n("OK"), now("FLAG"), now("OK"));
    }
    Ok(())
}
