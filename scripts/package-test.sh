#!/usr/bin/env bash
# `cargo install copydesk` builds from the published crate alone: checks that the crate's file
# list holds what the build needs (build.rs, the glossary and lexicon data it turns into tables,
# the lock file) and leaves out the repository-only folders, then packages the crate offline and
# verifies it (cargo builds the unpacked .crate, in this target folder, so only copydesk itself
# is compiled again).
set -euo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
note() { printf '  %s\n' "$*"; }
die() { printf 'package-test: %s\n' "$*" >&2; exit 1; }

# a checkout with uncommitted work packages its working tree (CI's checkout is clean)
dirty=()
[ -z "$(git status --porcelain 2>/dev/null)" ] || dirty=(--allow-dirty)
list=$(cargo package --list --offline --locked "${dirty[@]}" 2>/dev/null)
for f in Cargo.toml Cargo.lock build.rs README.md src/main.rs src/lib.rs \
  src/glossary/default.toml src/quotes/lexicon.toml src/text.rs; do
  grep -qx "$f" <<<"$list" || die "the crate leaves out $f"
done
# every data file under src/ (TOML, JSON, text) travels with the crate
while IFS= read -r f; do
  grep -qx "$f" <<<"$list" || die "the crate leaves out $f"
done < <(git ls-files src | grep -Ev '\.rs$')
for d in editors/ bench/ docs/screenshots/ fuzz/; do
  ! grep -q "^$d" <<<"$list" || die "the crate holds $d (repository only)"
done
note "$(wc -l <<<"$list") files listed, the data files among them"

cargo package --offline --locked "${dirty[@]}" >target/package-test.log 2>&1 || { tail -30 target/package-test.log; die "cargo package failed"; }
crate=$(ls -t target/package/copydesk-*.crate | head -1)
note "$(grep -E '^ +Packaged' target/package-test.log | sed 's/^ *//'); built and verified: $crate ($(du -h "$crate" | cut -f1))"
note "package test passed in $(($(date +%s) - T0))s"
