#!/usr/bin/env bash
# Tests .pre-commit-hooks.yaml with the real pre-commit (from PyPI): a throwaway git repository
# whose .pre-commit-config.yaml points at a snapshot of this checkout (its tracked and untracked,
# not ignored, files, committed), `pre-commit install`, then two commits: a story with findings
# (the commit must be refused, naming the rule) and a clean one (the commit must go through).
#
# pre-commit builds the hook itself, with `cargo install --path .` in its clone, which is a
# release build. So that the test does not pay a second fat-LTO build (the editor suites have
# their own), the profile is lightened through cargo's environment (no LTO, no optimisation, many
# codegen units) and the build's target folder is kept between runs (PRECOMMIT_CACHE/target).
#
# Env: PRECOMMIT_CACHE  where pre-commit, its environments and the build go (default target/pre-commit)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${PRECOMMIT_CACHE:-$ROOT/target/pre-commit}
PRE_COMMIT_PYPI=pre-commit==4.7.0
T0=$(date +%s)
note() { printf '  %s\n' "$*"; }
die() { printf 'pre-commit-test: %s\n' "$*" >&2; exit 1; }

mkdir -p "$CACHE"
if [ ! -x "$CACHE/venv/bin/pre-commit" ]; then
  note "pip install $PRE_COMMIT_PYPI"
  rm -rf "$CACHE/venv"
  python3 -m venv "$CACHE/venv"
  "$CACHE/venv/bin/pip" install -q --disable-pip-version-check "$PRE_COMMIT_PYPI" >"$CACHE/pip.log" 2>&1 ||
    { tail -20 "$CACHE/pip.log"; die "pip install failed"; }
fi
PC=$CACHE/venv/bin/pre-commit
note "$("$PC" --version)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-pre-commit.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# git's configuration is the test's own; HOME stays (cargo and rustup live there)
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid GIT_CONFIG_NOSYSTEM=1
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid GIT_CONFIG_GLOBAL=$WORK/gitconfig
git config --global init.defaultBranch main
git config --global protocol.file.allow always

# the hook repository: a snapshot of this checkout, as pre-commit would clone it from GitHub
HOOKS=$WORK/hooks
mkdir -p "$HOOKS"
(cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$HOOKS" 2>/dev/null) || true
[ -f "$HOOKS/.pre-commit-hooks.yaml" ] && [ -f "$HOOKS/Cargo.toml" ] || die "snapshot of the checkout is incomplete"
git -C "$HOOKS" init -q && git -C "$HOOKS" add -A && git -C "$HOOKS" commit -qm snapshot
REV=$(git -C "$HOOKS" rev-parse HEAD)

# the newsroom's repository
NEWS=$WORK/newsroom
mkdir -p "$NEWS"
cd "$NEWS"
git init -q
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $HOOKS
    rev: $REV
    hooks:
      - id: copydesk
        # the machine's cargo: the test must not fetch a toolchain
        language_version: system
YAML
git add .pre-commit-config.yaml && git commit -qm "pre-commit configuration" --no-verify
export PRE_COMMIT_HOME=$CACHE/home CARGO_TARGET_DIR=$CACHE/target
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export CARGO_PROFILE_RELEASE_DEBUG=0 CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback
# a fresh environment for this snapshot (pre-commit keys environments by repository and rev)
"$PC" clean >/dev/null 2>&1 || true
"$PC" install >/dev/null
note "installing the hook (cargo install; log: $CACHE/install.log)"
"$PC" install-hooks >"$CACHE/install.log" 2>&1 || { tail -30 "$CACHE/install.log"; die "pre-commit install-hooks failed"; }
note "hook installed after $(($(date +%s) - T0))s"

fail=0
# 1. a story with an unattributed quotation and two names for one group: refused
cat >bad.md <<'MD'
# Talks resume

Islamic State (ISIS) fighters left the town on Tuesday. Later, ISIL units were seen near the river.

“We will not go back.”
MD
git add bad.md
if git commit -qm "a story with findings" >"$WORK/bad.log" 2>&1; then
  note "FAIL: the commit of a story with findings went through"; cat "$WORK/bad.log"; fail=1
elif ! grep -q 'inconsistent-name' "$WORK/bad.log" || ! grep -q 'unattributed-quote' "$WORK/bad.log"; then
  note "FAIL: the commit was refused, but not with copydesk's findings:"; cat "$WORK/bad.log"; fail=1
else
  note "ok: a story with findings is refused ($(grep -c 'bad.md:' "$WORK/bad.log") findings listed)"
fi
git reset -q bad.md && rm bad.md

# 2. a clean story (Markdown) and a clean plain-text note: committed
cat >good.md <<'MD'
# Talks resume

Islamic State (ISIS) fighters left the town on Tuesday, the mayor said. Later, ISIS units were
seen near the river.

“We will not go back,” said Amal Nasser, a farmer.
MD
printf 'Notes for the desk: the mayor spoke to reporters on Tuesday.\n' >notes.txt
git add good.md notes.txt
if git commit -qm "a clean story" >"$WORK/good.log" 2>&1; then
  if grep -q '^copydesk.*Passed' "$WORK/good.log"; then
    note "ok: a clean story is committed (the hook ran and passed)"
  else
    note "FAIL: committed, but the hook did not report that it ran:"; cat "$WORK/good.log"; fail=1
  fi
else
  note "FAIL: the commit of a clean story was refused"; cat "$WORK/good.log"; fail=1
fi

note "total $(($(date +%s) - T0))s"
[ $fail -eq 0 ] && echo "pre-commit: passed" || { echo "pre-commit: FAILED"; exit 1; }
