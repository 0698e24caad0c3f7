#!/usr/bin/env python3
"""Turns the estimates criterion saved for `cargo bench --bench core` into Markdown tables:
MB/s (decimal megabytes per second, from the median time) per stage and input size, the time
of one keystroke (the `keystroke` group: analysis from the parts of the version before, and
the rules) and the startup costs in milliseconds.

  python3 bench/criterion_table.py [target/criterion]
"""

import json
import os
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "target", "criterion")
SIZES = ["5KB", "100KB", "1MB", "10MB"]
ROWS = [
    ("full/markdown", "full analysis, Markdown (`copydesk::check`)"),
    ("full/plain", "full analysis, plain text (`copydesk::check`)"),
    ("prose/markdown", "markup masking, Markdown (`Prose::new`)"),
    ("prose/plain", "markup masking, plain text (`Prose::new`)"),
    ("pairing", "quote pairing (`pairing::pair`)"),
    ("quotes", "quotes: pairing + kinds + attribution (`Quotes::analyze`)"),
    ("entities", "entity matching (`Matcher::find`)"),
    ("names", "names, matching included (`Names::analyze`)"),
    ("rules", "rules (`rules::run`)"),
]


def load(group, bench):
    d = os.path.join(ROOT, group.replace("/", "_"), bench, "new")
    try:
        meta = json.load(open(os.path.join(d, "benchmark.json")))
        est = json.load(open(os.path.join(d, "estimates.json")))
    except OSError:
        return None, None
    secs = est["median"]["point_estimate"] / 1e9
    tp = meta.get("throughput") or {}
    nbytes = tp.get("BytesDecimal") or tp.get("Bytes")
    return secs, nbytes


def main():
    out = ["| stage | " + " | ".join(SIZES) + " |", "|---|" + "---:|" * len(SIZES)]
    times = {}
    for group, label in ROWS:
        cells = []
        for size in SIZES:
            secs, nbytes = load(group, size)
            times[(group, size)] = secs
            cells.append(f"{nbytes / secs / 1e6:,.0f}" if secs and nbytes else "–")
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    # Attribution alone: quotes minus pairing.
    cells = []
    for size in SIZES:
        q, p = times.get(("quotes", size)), times.get(("pairing", size))
        _, nbytes = load("quotes", size)
        cells.append(f"{nbytes / (q - p) / 1e6:,.0f}" if q and p and nbytes and q > p else "–")
    out.insert(7, "| attribution and kinds (`quotes` − `pairing`) | " + " | ".join(cells) + " |")
    print("MB/s (10^6 bytes per second, median time):\n")
    print("\n".join(out))
    keys = []
    for size in SIZES:
        secs, _ = load("keystroke", size)
        whole, _ = load("full/markdown", size)
        if secs:
            ratio = f"{whole / secs:.1f}×" if whole else "–"
            keys.append(f"| {size} | {secs * 1e3:.2f} | {whole * 1e3:.2f} | {ratio} |" if whole else f"| {size} | {secs * 1e3:.2f} | – | – |")
    if keys:
        print("\nOne keystroke, Markdown (ms, median):\n")
        print("| document | keystroke | whole analysis | faster |\n|---|---:|---:|---:|")
        print("\n".join(keys))
    startup = []
    for bench, label in [
        ("glossary-builtin", "built-in glossary (the build script's Rust array, borrowed)"),
        ("lexicon", "attribution lexicon (the build script's tables, read in place)"),
        ("config-default-uncached", "glossary, its matcher and the lexicon (what `Config::default()` costs once per process)"),
        ("glossary-matcher", "for comparison: the matcher's tables built from the entities (what a project's glossary pays)"),
        ("lexicon-built", "for comparison: the lexicon's tables built (what a project's own verbs cost)"),
        ("glossary-toml-project-path", "for comparison: the same glossary through the TOML path and checks of a project glossary"),
        ("glossary-matcher-dfa", "for comparison: the matcher with an Aho-Corasick DFA (the tests' reference)"),
    ]:
        secs, _ = load("startup", bench)
        if secs:
            startup.append(f"| {label} | {secs * 1e3:.3f} |")
    if startup:
        print("\nOnce per process (ms, median):\n")
        print("| what | ms |\n|---|---:|")
        print("\n".join(startup))


if __name__ == "__main__":
    main()
