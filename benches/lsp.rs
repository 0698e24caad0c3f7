//! The language server's keystroke latency, through the real binary over stdio: the time from
//! a one-character `didChange` to the `publishDiagnostics` of that version, for a ~3,000-word
//! story (~20 KB) and a 1 MB manuscript (the debounce is set to 0 with
//! `initializationOptions: {"debounceMs": 0}`, so it is not counted); then the server's peak
//! memory (VmHWM from /proc) with twenty ~100 KB stories open, printed.
//!
//! Run with `cargo bench --bench lsp`; `cargo bench --bench lsp -- --memory-only` only prints the
//! memory figure. The time includes the client's parsing of the diagnostics (JSON), as an
//! editor's would, but not the freeing of what it parsed.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, Criterion};
use serde_json::json;
use std::time::{Duration, Instant};
use support::Client;

/// A deterministic generator (xorshift64*), so every run checks the same text.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const SUBJECTS: &[&str] = &["The council", "Residents", "The ministry", "Aid workers", "The delegation", "Local officials", "The convoy"];
const VERBS: &[&str] = &[
    "met on Tuesday to discuss",
    "waited outside to hear about",
    "published a report on",
    "argued late into the night over",
    "asked for a delay in",
];
const OBJECTS: &[&str] = &[
    "the budget for the new bridge",
    "the reopening of the border crossing",
    "repairs to the water plant",
    "the schedule of the evening curfew",
    "the return of families to the valley",
];
const QUOTES: &[&str] = &[
    "We cannot plan the harvest while the roads stay closed to every truck",
    "Nobody in this town has slept properly since the shelling began in March",
    "The economy is collapsing under the weight of these sanctions and the prices rise every week",
    "We will rebuild the school before the winter comes, whatever it costs us",
    "There is no agreement yet, and there will be none until the prisoners are home",
];
const SPEAKERS: &[&str] = &["the mayor", "Olena Petrenko", "a spokesman for the ministry", "the governor", "she", "Colonel Haddad"];
const SAID: &[&str] = &["said", "told reporters", "said on Monday", "added"];
/// The story's topic in the form it mostly uses, and the slips that creep in.
const TOPICS: &[(&str, &[&str])] =
    &[("Islamic State", &["ISIS", "ISIL", "Daesh"]), ("Kyiv", &["Kiev"]), ("al-Qaeda", &["al-Qaida", "Al Qaeda"])];

/// Story-like Markdown of about `bytes` bytes: a headline, then paragraphs of narrative naming
/// the topic (now and then in another form), quotations attributed in the usual ways, and an
/// occasional unattributed one.
fn story(bytes: usize, seed: u64) -> String {
    let mut r = Rng::new(seed);
    let (topic, slips) = TOPICS[r.below(TOPICS.len())];
    let mut out = format!("# Talks stall as {} returns to the valley\n\n", topic);
    if topic == "Islamic State" {
        out.push_str("Fighters of the Islamic State group (ISIS) withdrew from the river town on Sunday.\n\n");
    }
    while out.len() < bytes {
        let name = if r.below(12) == 0 { r.pick(slips) } else { topic };
        match r.below(6) {
            0 | 1 => {
                out.push_str(&format!("{} {} {}. ", r.pick(SUBJECTS), r.pick(VERBS), r.pick(OBJECTS)));
                out.push_str(&format!("Officials said {} had moved units closer to the town. ", name));
                out.push_str(&format!("{} {} {}.\n\n", r.pick(SUBJECTS), r.pick(VERBS), r.pick(OBJECTS)));
            }
            2 => out.push_str(&format!(
                "“{},” {} {}. {} {} {}.\n\n",
                r.pick(QUOTES),
                r.pick(SPEAKERS),
                r.pick(SAID),
                r.pick(SUBJECTS),
                r.pick(VERBS),
                r.pick(OBJECTS)
            )),
            3 => out.push_str(&format!(
                "Speaking in {}, {} said: “{}.”\n\n",
                if name == topic { "the capital" } else { name },
                r.pick(SPEAKERS),
                r.pick(QUOTES)
            )),
            4 => out.push_str(&format!(
                "According to {}, the talks will resume “once the guns fall silent”. {} {} {}.\n\n",
                r.pick(SPEAKERS),
                r.pick(SUBJECTS),
                r.pick(VERBS),
                r.pick(OBJECTS)
            )),
            _ if r.below(4) == 0 => out.push_str(&format!("“{}.”\n\n", r.pick(QUOTES))),
            _ => out.push_str(&format!(
                "{} {} {} while {} {}.\n\n",
                r.pick(SUBJECTS),
                r.pick(VERBS),
                r.pick(OBJECTS),
                name,
                "watched from the hills"
            )),
        }
    }
    out
}

fn server() -> Client {
    let mut client = Client::start(&["--log-level", "error"]);
    client.keep_history = false;
    client.initialize(&["utf-16"], false, json!({"debounceMs": 0}));
    client
}

fn keystroke(c: &mut Criterion, label: &str, bytes: usize) {
    let uri = "file:///bench/story.md";
    let mut client = server();
    let text = story(bytes, 7);
    client.open(uri, "markdown", 1, &text);
    let n = client.diagnostics(uri, 1).len();
    eprintln!("{}: {} bytes, {} words, {} diagnostics", label, text.len(), text.split_whitespace().count(), n);
    let mut version = 1;
    c.bench_function(&format!("lsp didChange→publishDiagnostics, {}", label), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                version += 1;
                // Type a character at the start of the third line, then delete it.
                let (end, ch) = if version % 2 == 0 { (0, "x") } else { (1, "") };
                let start = Instant::now();
                client.change(
                    uri,
                    version,
                    json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": end}}, "text": ch}]),
                );
                let diagnostics = client.diagnostics(uri, version);
                total += start.elapsed();
                // Freed after the clock stops: the answer is in hand once it is parsed.
                drop(diagnostics);
            }
            total
        })
    });
    // Hover over the topic's name in the first paragraph (the text is analysed again for it).
    let line = text.lines().position(|l| !l.starts_with('#') && !l.is_empty()).unwrap_or(0);
    c.bench_function(&format!("lsp hover, {}", label), |b| {
        b.iter(|| {
            let r = client.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 1}}));
            assert!(r.get("error").is_none());
        })
    });
    client.kill();
}

/// Peak resident memory of the server with twenty ~100 KB stories open and checked.
fn twenty_stories_memory() {
    let mut client = server();
    let mut total = 0;
    for i in 0..20 {
        let uri = format!("file:///bench/story{}.md", i);
        let text = story(100_000, 100 + i);
        total += text.len();
        client.open(&uri, "markdown", 1, &text);
        client.diagnostics(&uri, 1);
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", client.pid())).unwrap_or_default();
    let field =
        |name: &str| status.lines().find(|l| l.starts_with(name)).map(|l| l[name.len()..].trim().to_string()).unwrap_or("unknown".into());
    println!(
        "lsp memory, 20 stories open ({} KB of text): peak (VmHWM) {}, now (VmRSS) {}",
        total / 1000,
        field("VmHWM:"),
        field("VmRSS:")
    );
    client.kill();
}

/// `cargo bench` passes `--bench`; without it (`cargo test --all-targets`) each benchmark runs
/// once as a smoke test, and the 1 MB one (slow in a debug build) is left out.
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn benches(c: &mut Criterion) {
    keystroke(c, "3,000-word story (20 KB)", 20_000);
    if benchmarking() {
        keystroke(c, "1 MB manuscript", 1_000_000);
    }
}

criterion_group! {
    name = lsp;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(10));
    targets = benches
}

fn main() {
    // `COPYDESK_BENCH_DUMP=DIR`: write the inputs (to time `copydesk check` on them) and stop.
    if let Ok(dir) = std::env::var("COPYDESK_BENCH_DUMP") {
        std::fs::write(format!("{}/story-20k.md", dir), story(20_000, 7)).unwrap();
        std::fs::write(format!("{}/manuscript-1mb.md", dir), story(1_000_000, 7)).unwrap();
        return;
    }
    if !std::env::args().any(|a| a == "--memory-only") {
        lsp();
        Criterion::default().configure_from_args().final_summary();
    }
    twenty_stories_memory();
}
