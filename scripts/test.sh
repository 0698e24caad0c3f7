#!/usr/bin/env bash
# Runs every test of the project from a fresh checkout: the Rust tests (core, CLI, language
# server, properties), the packaged crate, the fuzz smoke runs, the editor suites in real Neovim
# and VS Code (the .vsix carrying the binary), and the pre-commit hook with the real pre-commit.
# Installs what they need first. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# The scaling test (tests/scaling.rs) counts instructions and heap bytes under Valgrind.
if ! command -v valgrind >/dev/null 2>&1; then
  echo "== installing valgrind (tests/scaling.rs)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq valgrind; else sudo apt-get update -qq && sudo apt-get install -y -qq valgrind; fi
fi

echo "== cargo test"
cargo test --all-targets --no-fail-fast
cargo test --doc

echo "== the crate as cargo install copydesk gets it (cargo package)"
bash scripts/package-test.sh

if [ -f scripts/fuzz-smoke.sh ]; then
  echo "== fuzz smoke runs"
  bash scripts/fuzz-smoke.sh
fi

if [ -f scripts/editors-test.sh ]; then
  echo "== editor suites (Neovim, VS Code)"
  bash scripts/editors-test.sh
fi
echo "== the pre-commit hook, with the real pre-commit"
bash scripts/pre-commit-test.sh

echo "== all tests passed"
