#!/usr/bin/env bash
# Short fuzz runs of every target in fuzz/ (cargo-fuzz, libFuzzer), one at a time, each for a
# bounded time (default 20 s, so the fuzzing itself takes under 3 minutes; the first build of
# the instrumented crate takes a few minutes more). Exits non-zero if any target crashes or
# fails to build; a crashing input is saved under fuzz/artifacts/<target>/.
#
# Installs cargo-fuzz if it is missing. cargo-fuzz needs nightly compiler flags; on a stable
# toolchain RUSTC_BOOTSTRAP=1 allows them.
#
# Environment:
#   FUZZ_SECONDS=20            time per target
#   FUZZ_TARGETS="a b"         only these targets (default: all of them)
#   FUZZ_SANITIZER=none        build without AddressSanitizer (default: address)
#
# A long run of one target (see docs/robustness.md):
#   RUSTC_BOOTSTRAP=1 cargo fuzz run analyze_story fuzz/target/corpus/analyze_story \
#     fuzz/corpus/analyze_story -- -max_total_time=3600 -timeout=10 -rss_limit_mb=2048
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-20}"
read -r -a targets <<< "${FUZZ_TARGETS:-analyze_bytes analyze_story config_parse positions edits parts lsp_messages}"
sanitizer="${FUZZ_SANITIZER:-address}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

echo "== building fuzz targets (sanitizer: $sanitizer)"
cargo fuzz build -s "$sanitizer"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()
for t in "${targets[@]}"; do
  echo "== fuzzing $t for ${seconds}s"
  mkdir -p "$work/$t"
  # New inputs go to the first (scratch) directory; the seeds in fuzz/corpus/ stay as written.
  if cargo fuzz run -s "$sanitizer" "$t" "$work/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2> "$work/$t.log"; then
    grep -E '^(Done|stat::number_of_executed_units)' "$work/$t.log" || true
  else
    failed+=("$t")
    tail -n 40 "$work/$t.log"
    echo "!! $t failed; the crashing input is in fuzz/artifacts/$t/"
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "== fuzz smoke: FAILED: ${failed[*]}"
  exit 1
fi
echo "== fuzz smoke: all ${#targets[@]} targets ran ${seconds}s without a crash"
