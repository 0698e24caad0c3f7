#!/usr/bin/env python3
"""Helpers for bench/compare.sh (standard library only).

  report.py --time TOOLS.tsv INPUT MIN_RUNS WARMUP OUT.json
      Times each tool of TOOLS.tsv (name<TAB>command, `{}` = INPUT) round by round, all tools
      in each round, when hyperfine is not installed; writes hyperfine-shaped JSON
      (results[].command, .median, .times).
  report.py --report RAW_DIR OUT_DIR
      Reads what compare.sh left in RAW_DIR and writes OUT_DIR/results.md, results.json and
      chart.svg (horizontal bars, one panel per input, like the charts in ruff's README).
"""

import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def time_tools(tools_tsv, input_path, min_runs, warmup, out_json):
    """Times the tools round by round: each round runs every tool once (a tool under 50 ms
    five times), so that a change of load on a shared machine falls on all tools alike and
    the ratios compare runs of the same minutes. Runs until every tool has `min_runs` runs and
    a fast tool 200 (or 3 s have passed since the first round); every tool runs in every
    round."""
    tools = []
    for line in open(tools_tsv, encoding="utf-8"):
        name, cmd = line.rstrip("\n").split("\t", 1)
        tools.append((name, shlex.split(cmd.replace("{}", input_path))))

    def once(argv):
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t

    warm = {name: [once(argv) for _ in range(int(warmup))] or [once(argv)] for name, argv in tools}
    reps = {name: 5 if min(ts) < 0.05 else 1 for name, ts in warm.items()}
    times = {name: [] for name, _ in tools}
    started = time.perf_counter()

    def more(name):
        want = int(min_runs) if reps[name] == 1 else max(int(min_runs), 200)
        return len(times[name]) < int(min_runs) or (len(times[name]) < want and time.perf_counter() - started < 3)

    # Every tool runs in every round, as long as any tool needs more runs.
    while any(more(name) for name, _ in tools):
        for name, argv in tools:
            times[name] += [once(argv) for _ in range(reps[name])]
    results = []
    for name, _ in tools:
        ts = times[name]
        results.append({"command": name, "median": statistics.median(ts), "mean": statistics.mean(ts), "min": min(ts), "times": ts})
        print(f"{name}: median {statistics.median(ts) * 1000:.1f} ms over {len(ts)} runs", file=sys.stderr)
    json.dump({"results": results}, open(out_json, "w"), indent=1)


def read(path, default=None):
    try:
        return open(path, encoding="utf-8").read().strip()
    except OSError:
        return default


def fmt_time(s):
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 0.01:
        return f"{s * 1000:.0f} ms"
    return f"{s * 1000:.1f} ms"


def fmt_ratio(r):
    return f"{r:,.0f}×" if r >= 10 else f"{r:.1f}×"


def load_times(raw, label):
    data = read(os.path.join(raw, f"time-{label}.json"))
    if not data:
        return []
    return [
        {"tool": r["command"], "median_s": r["median"], "runs": len(r.get("times", [])), "min_s": r.get("min"), "max_s": r.get("max")}
        for r in json.loads(data)["results"]
    ]


def chart(panels, path):
    """panels: [(title, [(tool, seconds)])]. Linear bars per panel, labelled with the time."""
    width, left, right = 760, 150, 190
    bar_h, gap, title_h, panel_gap = 22, 8, 30, 22
    height = 20 + sum(title_h + len(rows) * (bar_h + gap) + panel_gap for _, rows in panels)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="-apple-system, BlinkMacSystemFont, Segoe UI, Helvetica, Arial, sans-serif" font-size="14">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    y = 20
    for title, rows in panels:
        out.append(f'<text x="{left}" y="{y + 14}" font-weight="600" fill="#222">{title}, wall time from process start (lower is better)</text>')
        y += title_h
        top = max(s for _, s in rows)
        base = next((s for tool, s in rows if tool == "copydesk"), None)
        for tool, s in rows:
            w = max(2.0, (width - left - right) * s / top)
            colour = "#d6572b" if tool.startswith("copydesk") else "#9aa5b1"
            weight = "600" if tool.startswith("copydesk") else "400"
            out.append(f'<text x="{left - 10}" y="{y + bar_h * 0.72:.1f}" text-anchor="end" font-weight="{weight}" fill="#222">{tool}</text>')
            out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" fill="{colour}"/>')
            label = fmt_time(s) if tool == "copydesk" or not base else f"{fmt_time(s)}  ({fmt_ratio(s / base)} slower)"
            out.append(f'<text x="{left + w + 8:.1f}" y="{y + bar_h * 0.72:.1f}" fill="#444">{label}</text>')
            y += bar_h + gap
        y += panel_gap
    out.append("</svg>")
    open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")


def report(raw, out_dir):
    inputs = {"story": int(read(os.path.join(raw, "bytes-story.txt"), "0")), "1mb": int(read(os.path.join(raw, "bytes-1mb.txt"), "0"))}
    results = {
        "machine": {"cpu": read(os.path.join(raw, "cpu.txt")), "cores": read(os.path.join(raw, "nproc.txt"))},
        "load_before": read(os.path.join(raw, "uptime-start.txt")),
        "load_after": read(os.path.join(raw, "uptime-end.txt")),
        "versions": {},
        "inputs_bytes": inputs,
        "times": {},
        "rss_kb": {},
    }
    for name in ["copydesk", "textlint", "proselint", "harper"]:
        v = read(os.path.join(raw, f"version-{name}.txt"))
        if v:
            results["versions"][name] = v.splitlines()[-1]
    for label in ["story", "1mb", "corpus"]:
        rows = load_times(raw, label)
        if rows:
            results["times"][label] = rows
    rss = read(os.path.join(raw, "rss.tsv"), "")
    for line in rss.splitlines():
        tool, file, kb = (line.split("\t") + ["", "", ""])[:3]
        if kb:
            results["rss_kb"].setdefault(tool, {})[file] = int(kb)

    md = ["# copydesk against other prose linters", ""]
    md.append(
        f"Measured by `bash bench/compare.sh` on {results['machine']['cpu'] or 'this machine'} "
        f"({results['machine']['cores']} cores, shared). Load before: `{results['load_before']}`; after: `{results['load_after']}`."
    )
    md.append("Wall-clock time from process start to exit, median of the runs (hyperfine, or without it a Python loop that runs the tools round by round); the ratio is the tool's median over copydesk's, from the same run.")
    md.append("")
    md.append("Versions: " + "; ".join(f"{k} {v}" for k, v in results["versions"].items()) + ".")
    md.append("")
    panels = []
    for label, title in [("story", f"One story ({inputs['story']:,} bytes)"), ("1mb", f"1 MB file ({inputs['1mb']:,} bytes)")]:
        rows = results["times"].get(label)
        if not rows:
            continue
        base = next((r["median_s"] for r in rows if r["tool"] == "copydesk"), None)
        md += [f"## {title}", "", "| tool | median | runs | × copydesk |", "|---|---:|---:|---:|"]
        for r in sorted(rows, key=lambda r: r["median_s"]):
            ratio = r["median_s"] / base if base else float("nan")
            r["ratio"] = ratio
            md.append(f"| {r['tool']} | {fmt_time(r['median_s'])} | {r['runs']} | {'1×' if r['tool'] == 'copydesk' else fmt_ratio(ratio)} |")
        others = [r for r in rows if r["tool"] != "copydesk"]
        if others and base:
            fastest = min(others, key=lambda r: r["median_s"])
            md.append("")
            md.append(f"Fastest other tool: {fastest['tool']}, {fmt_ratio(fastest['median_s'] / base)} copydesk's time (target: ≥ 100×).")
        md.append("")
        panels.append((title, [(r["tool"], r["median_s"]) for r in sorted(rows, key=lambda r: r["median_s"])]))
    corpus = results["times"].get("corpus")
    if corpus:
        files = read(os.path.join(raw, "corpus-files.txt"), "?")
        size = int(read(os.path.join(raw, "corpus-bytes.txt"), "0"))
        md += ["## The corpus", ""]
        for r in corpus:
            md.append(f"- `copydesk check` on {files} stories ({size / 1e6:.1f} MB), {r['tool']}: median {fmt_time(r['median_s'])} over {r['runs']} runs (target < 0.5 s).")
        md.append("")
    if results["rss_kb"]:
        md += ["## Peak memory (`/usr/bin/time -v`, maximum resident set size)", "", "| tool | one story | 1 MB |", "|---|---:|---:|"]
        for tool, v in results["rss_kb"].items():
            cells = [f"{v[f] / 1024:.1f} MB" if f in v else "–" for f in ("story.md", "1mb.md")]
            md.append(f"| {tool} | {cells[0]} | {cells[1]} |")
        md.append("")
    if panels:
        md += ["![copydesk against textlint, proselint and harper-cli](chart.svg)", ""]
        chart(panels, os.path.join(out_dir, "chart.svg"))
    open(os.path.join(out_dir, "results.md"), "w", encoding="utf-8").write("\n".join(md))
    json.dump(results, open(os.path.join(out_dir, "results.json"), "w"), indent=1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--time"]:
        time_tools(*sys.argv[2:7])
    elif sys.argv[1:2] == ["--report"]:
        report(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
