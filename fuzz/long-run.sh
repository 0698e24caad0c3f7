#!/usr/bin/env bash
# Long fuzz runs, one target at a time, for the numbers in docs/robustness.md:
#
#   bash fuzz/long-run.sh 720                        # 12 minutes for every target
#   bash fuzz/long-run.sh 3600 analyze_story edits   # an hour each for two targets
#
# A crash does not end a target's run: the input is saved under fuzz/artifacts/<target>/ and
# libFuzzer starts again (on the grown corpus) for the rest of the target's time. The corpus a
# run grows is kept in fuzz/target/corpus/<target>/ (not committed) and reused next time; the
# seeds in fuzz/corpus/<target>/ are read only. Prints one line per target: seconds, executions,
# crashes. Logs are in fuzz/target/logs/. Same environment as scripts/fuzz-smoke.sh
# (FUZZ_SANITIZER).
set -uo pipefail
cd "$(dirname "$0")/.."

budget="${1:-720}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(analyze_bytes analyze_story config_parse positions edits parts lsp_messages)
sanitizer="${FUZZ_SANITIZER:-address}"
export RUSTC_BOOTSTRAP=1

cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
cargo fuzz build -s "$sanitizer" || exit 1
mkdir -p fuzz/target/logs

summary=()
for t in "${targets[@]}"; do
  mkdir -p "fuzz/target/corpus/$t" "fuzz/artifacts/$t"
  start=$(date +%s)
  execs=0
  crashes=0
  round=0
  while :; do
    left=$((start + budget - $(date +%s)))
    [ "$left" -ge 5 ] || break
    round=$((round + 1))
    log="fuzz/target/logs/$t.$round.log"
    cargo fuzz run -s "$sanitizer" "$t" "fuzz/target/corpus/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 > "$log" 2>&1
    rc=$?
    n=$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1)
    execs=$((execs + ${n:-0}))
    if [ "$rc" -ne 0 ]; then
      crashes=$((crashes + 1))
      echo "!! $t: crash (log $log):"
      grep -E "panicked at|Test unit written|ERROR: " "$log" | head -n 5
      grep -A3 "panicked at" "$log" | head -n 6
    fi
  done
  secs=$(($(date +%s) - start))
  line="$t: ${secs}s, $execs executions, $crashes crash(es)"
  echo "== $line"
  summary+=("$line")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
