//! Throughput of the core, stage by stage, on story-like text (`common::input`): 5 KB (one
//! story), 100 KB, 1 MB and 10 MB (fewer samples). Run with `cargo bench --bench core`;
//! criterion prints MB/s (decimal megabytes) for each benchmark, and
//! `python3 bench/criterion_table.py` turns its saved estimates into a Markdown table.
//!
//! Groups (each benchmark id is the input size):
//! - `full/markdown`, `full/plain`: `copydesk::check`, everything from text to sorted findings;
//! - `prose/markdown`, `prose/plain`: markup masking, `Prose::new`;
//! - `pairing`: `quotes::pairing::pair` on the Markdown prose;
//! - `quotes`: `Quotes::analyze` (pairing, classification, attribution), so attribution is
//!   `quotes` minus `pairing`;
//! - `entities`: `Glossary::builtin().matcher().find(text)`;
//! - `names`: `Names::analyze` (entity matching included) on analysed prose and quotes;
//! - `rules`: `rules::run` on a finished analysis;
//! - `name-spelling`: `rules::run` with only the `name-spelling` rule on (its own cost);
//! - `startup/*`: what every `copydesk check` process pays once before its first file (the
//!   built-in glossary loaded from the JSON the build script makes, the lexicon and the
//!   matcher read from the tables it prepares: `lexicon`, `config-default-uncached`),
//!   measured afresh; and, for comparison, what a project's configuration costs (the matcher's
//!   tables built, `glossary-matcher`; a lexicon with the project's own verbs built,
//!   `lexicon-built`; the glossary through the TOML path a project glossary takes) and the DFA
//!   the tests compare with.
//!
//! `COPYDESK_BENCH_STAGE=quotes/1MB:20 cargo bench --bench core` runs one stage 20 times on
//! one input without criterion and prints the best time per run (with
//! `COPYDESK_BENCH_FILE=PATH`, on that file instead, e.g. real copy joined into one file): run it under
//! `perf stat -e instructions:u` (instruction counts hardly move with the machine's load, unlike
//! times) or `perf record` to compare two versions of the core on a busy machine.
//!
//! `COPYDESK_BENCH_INPUTS=DIR cargo bench --bench core` writes the inputs that
//! `bench/compare.sh` gives every tool (`story.md`, one story of ~4.6 KB, and `1mb.md`) into DIR
//! and exits without benchmarking, so the comparison and these numbers share one generator.

mod common;

use copydesk::config::RuleSetting;
use copydesk::glossary::{Glossary, Matcher};
use copydesk::incremental::Incremental;
use copydesk::names::Names;
use copydesk::prose::Prose;
use copydesk::quotes::lexicon::Lexicon;
use copydesk::quotes::{pairing, Quotes};
use copydesk::{Config, Markup, Rule, Severity};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::time::Duration;

const SIZES: &[(&str, usize)] = &[("5KB", 5_000), ("100KB", 100_000), ("1MB", 1_000_000), ("10MB", 10_000_000)];
const SEED: u64 = 2024;

/// The inputs: every size under `cargo bench`; only the 5 KB story under `cargo test`
/// (`--all-targets` runs each benchmark once as a smoke test, without `--bench`).
fn inputs() -> Vec<(&'static str, String)> {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let sizes = if benchmarking { SIZES } else { &SIZES[..1] };
    sizes.iter().map(|&(label, bytes)| (label, common::input(bytes, SEED))).collect()
}

/// Applies the per-size sampling: big inputs get fewer samples and flat sampling, so that
/// one run of the 10 MB set stays within a few minutes on a shared two-core machine.
fn configure(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, bytes: usize) {
    g.throughput(Throughput::BytesDecimal(bytes as u64));
    if bytes >= 5_000_000 {
        g.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    } else if bytes >= 500_000 {
        g.sample_size(20).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    } else {
        g.sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    }
}

fn bench_all(c: &mut Criterion) {
    let cfg = Config::default();
    // Build the lazily initialised automata before anything is timed.
    let _ = copydesk::check("Islamic State (ISIS) “x,” he said.\n", Markup::Plain, &cfg);
    let glossary = Glossary::builtin();
    let matcher = glossary.matcher();
    let inputs = inputs();
    for (label, text) in &inputs {
        eprintln!("input {}: {} bytes", label, text.len());
    }

    macro_rules! group {
        ($name:expr, |$text:ident| $body:expr) => {{
            for (label, text) in &inputs {
                let mut g = c.benchmark_group($name);
                configure(&mut g, text.len());
                g.bench_with_input(BenchmarkId::from_parameter(label), text.as_str(), |b, $text| b.iter(|| black_box($body)));
                g.finish();
            }
        }};
    }

    group!("full/markdown", |t| copydesk::check(t, Markup::Markdown, &cfg));
    group!("full/plain", |t| copydesk::check(t, Markup::Plain, &cfg));
    group!("prose/markdown", |t| Prose::new(t, Markup::Markdown));
    group!("prose/plain", |t| Prose::new(t, Markup::Plain));
    group!("entities", |t| matcher.find(t));

    // Stages after masking run on precomputed inputs of the previous stages.
    for (label, text) in &inputs {
        let prose = Prose::new(text, Markup::Markdown);
        let quotes = Quotes::analyze(&prose, &cfg.lexicon, cfg.context);
        let analysis = copydesk::analyze(text, Markup::Markdown, &cfg);
        let spelling = only(Rule::NameSpelling);
        let stages: [(&str, &dyn Fn()); 5] = [
            ("pairing", &|| {
                black_box(pairing::pair(&prose));
            }),
            ("quotes", &|| {
                black_box(Quotes::analyze(&prose, &cfg.lexicon, cfg.context));
            }),
            ("names", &|| {
                black_box(Names::analyze(&prose, &quotes, &cfg));
            }),
            ("rules", &|| {
                black_box(copydesk::rules::run(&analysis, &cfg));
            }),
            ("name-spelling", &|| {
                black_box(copydesk::rules::run(&analysis, &spelling));
            }),
        ];
        for (name, f) in stages {
            let mut g = c.benchmark_group(name);
            configure(&mut g, text.len());
            g.bench_function(BenchmarkId::from_parameter(label), |b| b.iter(f));
            g.finish();
        }
    }
}

/// A keystroke as the language server sees it: the text with one character typed into a
/// paragraph near its middle, then without it, each analysed from the parts of the version
/// before ([`Incremental`]) and checked by the rules. Time per keystroke (the throughput
/// figure is the document's size over that time, for comparison with the full analysis).
fn bench_keystroke(c: &mut Criterion) {
    let cfg = std::sync::Arc::new(Config::default());
    for (label, text) in &inputs() {
        let half = (0..=text.len() / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let middle = half + text[half..].find("\n\n").map_or(0, |i| i + 2);
        let mut typed = text.clone();
        typed.insert(middle, 'x');
        let versions = [text.as_str(), typed.as_str()];
        let mut inc = Incremental::new(cfg.clone(), Markup::Markdown);
        inc.analyze(text);
        let mut k = 0;
        let mut g = c.benchmark_group("keystroke");
        configure(&mut g, text.len());
        g.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                k += 1;
                let a = inc.analyze(versions[k % 2]);
                black_box(copydesk::rules::run(&a, &cfg))
            })
        });
        g.finish();
        let w = inc.last_work();
        eprintln!("keystroke {}: {} parts, {} analysed again{}", label, w.parts, w.analysed, if w.whole { ", whole" } else { "" });
    }
}

fn bench_startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    g.bench_function("glossary-builtin", |b| b.iter(Glossary::load_builtin));
    g.bench_function("glossary-toml-project-path", |b| {
        b.iter(|| Glossary::default().extended(Glossary::builtin_source(), "<built-in>").unwrap())
    });
    let entities = Glossary::builtin().entities.clone();
    // What a project that extends the glossary pays: the matcher's tables built from the
    // entities (the built-in glossary's are the build script's, read in place).
    g.bench_function("glossary-matcher", |b| b.iter(|| Matcher::new(&entities).find("x")));
    // For comparison: an Aho-Corasick DFA over the names (the tests' reference search).
    g.bench_function("lexicon", |b| b.iter(|| Lexicon::new(&["auto".to_string()], &[])));
    g.bench_function("lexicon-built", |b| b.iter(|| Lexicon::new(&["auto".to_string()], &["intoned".to_string()])));
    g.bench_function("config-default-uncached", |b| {
        b.iter(|| {
            let g = Glossary::load_builtin();
            let l = Lexicon::new(&["auto".to_string()], &[]);
            black_box(g.matcher().find("x"));
            (g, l)
        })
    });
    g.finish();
}

fn write_inputs(dir: &str) {
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir).expect("create the inputs folder");
    let story = common::story(SEED);
    let mb = common::input(1_000_000, SEED);
    std::fs::write(dir.join("story.md"), &story).expect("write story.md");
    std::fs::write(dir.join("1mb.md"), &mb).expect("write 1mb.md");
    eprintln!("wrote {} (story.md {} bytes, 1mb.md {} bytes)", dir.display(), story.len(), mb.len());
}

/// One stage on one input, `iters` times, outside criterion (see the module doc).
fn run_stage(spec: &str) {
    let (name, iters) = spec.split_once(':').map_or((spec, 10), |(n, i)| (n, i.parse().expect("iterations")));
    let (stage, size) = name.rsplit_once('/').expect("STAGE/SIZE, e.g. full/markdown/1MB");
    let bytes = SIZES.iter().find(|(l, _)| *l == size).expect("size: 5KB, 100KB, 1MB or 10MB").1;
    let cfg = Config::default();
    let text = match std::env::var("COPYDESK_BENCH_FILE") {
        Ok(path) => std::fs::read_to_string(path).expect("read COPYDESK_BENCH_FILE"),
        Err(_) => common::input(bytes, SEED),
    };
    let spelling = only(Rule::NameSpelling);
    let prose = Prose::new(&text, Markup::Markdown);
    let quotes = Quotes::analyze(&prose, &cfg.lexicon, cfg.context);
    let analysis = copydesk::analyze(&text, Markup::Markdown, &cfg);
    let glossary = Glossary::builtin();
    let matcher = glossary.matcher();
    let f: Box<dyn Fn()> = match stage {
        "full/markdown" => Box::new(|| drop(black_box(copydesk::check(&text, Markup::Markdown, &cfg)))),
        "full/plain" => Box::new(|| drop(black_box(copydesk::check(&text, Markup::Plain, &cfg)))),
        "prose/markdown" => Box::new(|| drop(black_box(Prose::new(&text, Markup::Markdown)))),
        "prose/plain" => Box::new(|| drop(black_box(Prose::new(&text, Markup::Plain)))),
        "entities" => Box::new(|| drop(black_box(matcher.find(&text)))),
        "pairing" => Box::new(|| drop(black_box(pairing::pair(&prose)))),
        "quotes" => Box::new(|| drop(black_box(Quotes::analyze(&prose, &cfg.lexicon, cfg.context)))),
        "names" => Box::new(|| drop(black_box(Names::analyze(&prose, &quotes, &cfg)))),
        "rules" => Box::new(|| drop(black_box(copydesk::rules::run(&analysis, &cfg)))),
        "name-spelling" => Box::new(|| drop(black_box(copydesk::rules::run(&analysis, &spelling)))),
        other => panic!("unknown stage {}", other),
    };
    let mut best = Duration::MAX;
    for _ in 0..iters {
        let t = std::time::Instant::now();
        f();
        best = best.min(t.elapsed());
    }
    println!(
        "{} on {} bytes: best of {} runs {:.3} ms, {:.1} MB/s",
        stage,
        text.len(),
        iters,
        best.as_secs_f64() * 1e3,
        text.len() as f64 / best.as_secs_f64() / 1e6
    );
}

/// The default configuration with every rule off but `rule`.
fn only(rule: Rule) -> Config {
    let mut cfg = Config::default();
    for r in Rule::ALL {
        cfg.rules.insert(r, if r == rule { RuleSetting::On(Severity::Warning) } else { RuleSetting::Off });
    }
    cfg
}

fn main() {
    if let Ok(dir) = std::env::var("COPYDESK_BENCH_INPUTS") {
        write_inputs(&dir);
        return;
    }
    if let Ok(spec) = std::env::var("COPYDESK_BENCH_STAGE") {
        run_stage(&spec);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench_startup(&mut c);
    bench_keystroke(&mut c);
    bench_all(&mut c);
    c.final_summary();
}
