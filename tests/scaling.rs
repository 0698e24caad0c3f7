//! Cost is linear in every input class (issue 21, part 4). Each class of hostile input is
//! generated at two sizes, n and 2n, and the real binary (`copydesk check`, the debug build)
//! runs on each under Valgrind: Cachegrind counts the instructions executed, DHAT the peak of
//! live heap bytes (on the larger input). Both counts are deterministic (one thread: texts here stay below the size
//! at which the analysis is split across threads, and `RAYON_NUM_THREADS=1`), so the test holds
//! on a slow or busy machine, unlike a wall-clock measure.
//!
//! The check: from n to 2n, instructions grow at most 2.3× (after taking off what a run on an
//! empty file costs: start-up, the glossary), and peak heap stays under 20× the input plus
//! 3 MB. A quadratic step gives up to 4×; at these sizes (8 and 16 KB, which keep the run
//! under two minutes) the code before issue 21 gave 2.4–3.9× in the six classes below.
//! The column work of many findings on one long line costs too little per character to show
//! at these sizes; `cli::output`'s unit test counts the bytes it walks instead.
//!
//! Valgrind is required (`scripts/test.sh` installs it). `COPYDESK_SCALING_REPORT=1` prints the
//! counts (the numbers in docs/robustness.md).

use std::path::Path;
use std::process::Command;

/// A class of input: its name, the file extension (markup), the extra arguments, and a
/// generator of about `n` units of it.
struct Class {
    name: &'static str,
    ext: &'static str,
    args: &'static [&'static str],
    gen: fn(usize) -> String,
}

/// A small deterministic generator (no dependency, the same text on every machine).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// One long line with a naming finding every few words.
fn long_line(n: usize) -> String {
    let mut s = String::from("Islamic State (ISIS) fighters left the town.");
    for _ in 0..n {
        s.push_str(" Later ISIL units came back.");
    }
    s.push('\n');
    s
}

/// One paragraph of unattributed quotations, each in its own sentence.
fn unattributed_paragraph(n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push_str("The crowd waited. “We will not leave this square tonight.” ");
    }
    s.push('\n');
    s
}

/// `“a ‘b “c ‘d … d’ c” b’ a”`, nested n deep.
fn nested(n: usize) -> String {
    let mut s = String::from("The minister said ");
    for i in 0..n {
        s.push_str(if i % 2 == 0 { "“a " } else { "‘b " });
    }
    s.push_str("end");
    for i in (0..n).rev() {
        s.push_str(if i % 2 == 0 { " d”" } else { " c’" });
    }
    s.push_str(".\n");
    s
}

/// Random quotation marks of several conventions among words, in one paragraph.
fn mixed_marks(n: usize) -> String {
    const MARKS: [&str; 10] = ["«", "»", "„", "“", "”", "‚", "‘", "’", "「", "」"];
    let mut r = Lcg(21);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(MARKS[(r.next() % 10) as usize]);
        s.push_str(if r.next() % 2 == 0 { "word " } else { "said " });
    }
    s.push('\n');
    s
}

/// A switch before every paragraph, each paragraph with a finding the switch leaves on.
fn disable_switches(n: usize) -> String {
    let mut s = String::from("Islamic State (ISIS) fighters left.\n\n");
    for _ in 0..n {
        s.push_str("<!-- copydesk-disable-next-line undefined-acronym -->\nLater ISIL came. “No attribution here.”\n\n");
    }
    s
}

/// A glossary name in many short paragraphs, its preferred form never used.
fn name_paragraphs(n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        s.push_str("ISIL fighters left.\n\n");
    }
    s
}

/// The same in headings, the body never naming it.
fn name_headings(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("## ISIL in town {i}\n\n"));
    }
    s
}

const CLASSES: &[Class] = &[
    Class { name: "long line, human output", ext: "txt", args: &[], gen: long_line },
    Class { name: "unattributed quotations in one paragraph", ext: "txt", args: &[], gen: unattributed_paragraph },
    Class { name: "nested quotations", ext: "txt", args: &[], gen: nested },
    Class { name: "random mixed marks", ext: "txt", args: &[], gen: mixed_marks },
    Class { name: "disable-next-line switches", ext: "md", args: &[], gen: disable_switches },
    Class { name: "a name in many short paragraphs", ext: "md", args: &[], gen: name_paragraphs },
    Class { name: "a name in many headings", ext: "md", args: &[], gen: name_headings },
];

/// Runs `copydesk check` on `text` under Valgrind with `tool` (its arguments) and returns
/// what Valgrind wrote to stderr.
fn valgrind(dir: &Path, class: &Class, text: &str, tool: &[String]) -> String {
    let file = dir.join(format!("input.{}", class.ext));
    std::fs::write(&file, text).unwrap();
    let o = Command::new("valgrind")
        .args(tool)
        .arg(binary())
        .args(["check", "--fail-on", "never"])
        .args(class.args)
        .arg(&file)
        .env("RAYON_NUM_THREADS", "1")
        .stdout(std::process::Stdio::null())
        .output()
        .expect("valgrind runs (install it: scripts/test.sh does)");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{}: copydesk failed under valgrind: {err}", class.name);
    err
}

/// Instructions executed by `copydesk check` on `text` (Cachegrind, without its cache
/// simulation: the fastest of Valgrind's counters).
fn instructions(dir: &Path, class: &Class, text: &str) -> u64 {
    let tool = ["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"].map(String::from);
    let err = valgrind(dir, class, text, &tool);
    // "==123== I   refs:      47,944,475"
    err.lines()
        .find_map(|l| l.split("I   refs:").nth(1))
        .map(|n| n.trim().replace(',', "").parse::<u64>().unwrap())
        .expect("Cachegrind's I refs")
}

/// (instructions, peak live heap bytes) of `copydesk check` on `text` (DHAT).
fn measure(dir: &Path, class: &Class, text: &str) -> (u64, u64) {
    let out = dir.join("dhat.json");
    let err = valgrind(dir, class, text, &["--tool=dhat".to_string(), format!("--dhat-out-file={}", out.display())]);
    let json = std::fs::read_to_string(&out).unwrap();
    let instrs = field(&json, "\"te\":").expect("DHAT's te (instructions at the end)");
    // "At t-gmax: 32,481 bytes in 127 blocks"
    let peak = err
        .lines()
        .find_map(|l| l.split("At t-gmax:").nth(1))
        .and_then(|r| r.split_whitespace().next())
        .map(|n| n.replace(',', "").parse::<u64>().unwrap())
        .expect("DHAT's peak");
    (instrs, peak)
}

/// The binary measured: this build's, or `COPYDESK_SCALING_BIN` (to measure another build).
fn binary() -> std::path::PathBuf {
    std::env::var_os("COPYDESK_SCALING_BIN").map_or_else(|| env!("CARGO_BIN_EXE_copydesk").into(), Into::into)
}

fn field(json: &str, key: &str) -> Option<u64> {
    let rest = &json[json.find(key)? + key.len()..];
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn valgrind_present() -> bool {
    Command::new("valgrind").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Sizes: n such that the 2n text stays under the 256 KB at which the check splits a text
/// across threads, and big enough that a quadratic step shows over the start-up cost.
fn size_for(class: &Class) -> usize {
    let kb: usize = std::env::var("COPYDESK_SCALING_KB").ok().and_then(|v| v.parse().ok()).unwrap_or(8);
    let unit = (class.gen)(100).len() / 100;
    (kb * 1024 / unit.max(1)).max(100)
}

#[test]
fn cost_is_linear_in_every_input_class() {
    assert!(valgrind_present(), "this test needs valgrind (scripts/test.sh installs it)");
    let dir = tempfile::tempdir().unwrap();
    let report = std::env::var_os("COPYDESK_SCALING_REPORT").is_some();
    let only = std::env::var("COPYDESK_SCALING_ONLY").ok();
    let base = instructions(dir.path(), &CLASSES[0], "");
    let mut failures = Vec::new();
    for class in CLASSES {
        if only.as_deref().is_some_and(|o| !class.name.contains(o)) {
            continue;
        }
        let n = size_for(class);
        let (small, big) = ((class.gen)(n), (class.gen)(2 * n));
        let i1 = instructions(dir.path(), class, &small);
        let i2 = instructions(dir.path(), class, &big);
        let (_, p2) = measure(dir.path(), class, &big);
        let ratio = (i2.saturating_sub(base)) as f64 / (i1.saturating_sub(base)).max(1) as f64;
        let line = format!(
            "{:<42} n={:<6} {:>7} B -> {:>7} B: {:>7.1} -> {:>7.1} Minstr (x{:.2}), peak at 2n {:>6.2} MB",
            class.name,
            n,
            small.len(),
            big.len(),
            i1 as f64 / 1e6,
            i2 as f64 / 1e6,
            ratio,
            p2 as f64 / 1e6
        );
        if report {
            eprintln!("{line}");
        }
        if ratio > 2.3 {
            failures.push(format!("{line}: doubling the input costs x{ratio:.2} (at most x2.3)"));
        }
        // The bound is 20x the input + 50 MB at any size; at these sizes a run needs
        // about 1 MB besides the input, and 3 MB is what a quadratic structure overshoots.
        if p2 > 20 * big.len() as u64 + 3_000_000 {
            failures.push(format!("{line}: peak heap over 20x the input + 3 MB"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
