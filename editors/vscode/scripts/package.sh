#!/usr/bin/env bash
# Builds the platform-specific .vsix that carries the copydesk server:
#   copydesk-<target>-<version>.vsix, with the binary in server/copydesk (server/copydesk.exe on
#   Windows) and `vsce package --target <target>`, so the Marketplace serves each platform its own.
#
# Usage: bash scripts/package.sh [TARGET]     (from editors/vscode; `npm run package` runs it)
#   TARGET   VS Code's platform name: linux-x64, linux-arm64, linux-armhf, alpine-x64,
#            alpine-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64 (default: this machine's)
# Env:
#   COPYDESK_BIN   the binary to bundle (default: this machine's release build, built or brought
#                  up to date by scripts/release.sh build). For another platform, build it for the
#                  matching Rust target and pass it here (editors/vscode/README.md, "Packaging").
#   VSIX_OUT       the folder the .vsix is written to (default: editors/vscode)
# Prints the path of the .vsix on its last line.
set -euo pipefail
EXT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$EXT/../.." && pwd)

host_target() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux; if ldd --version 2>&1 | grep -qi musl; then os=alpine; fi ;;
    Darwin) os=darwin ;;
    MINGW* | MSYS* | CYGWIN*) os=win32 ;;
    *) echo "package.sh: unknown system $(uname -s); pass the target" >&2; exit 2 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    armv7l) arch=armhf ;;
    *) echo "package.sh: unknown machine $(uname -m); pass the target" >&2; exit 2 ;;
  esac
  echo "$os-$arch"
}

TARGET=${1:-$(host_target)}
case "$TARGET" in
  linux-x64 | linux-arm64 | linux-armhf | alpine-x64 | alpine-arm64 | darwin-x64 | darwin-arm64 | win32-x64 | win32-arm64) ;;
  *) echo "package.sh: unknown target '$TARGET'" >&2; exit 2 ;;
esac
EXE=copydesk
case "$TARGET" in win32-*) EXE=copydesk.exe ;; esac

BIN=${COPYDESK_BIN:-}
if [ -z "$BIN" ]; then
  [ "$TARGET" = "$(host_target)" ] || { echo "package.sh: set COPYDESK_BIN to a $TARGET binary" >&2; exit 2; }
  BIN=$(bash "$ROOT/scripts/release.sh" build)
fi
[ -f "$BIN" ] || { echo "package.sh: $BIN is not a file" >&2; exit 1; }

VERSION=$(node -p "require('$EXT/package.json').version")
OUT=${VSIX_OUT:-$EXT}
VSIX=$OUT/copydesk-$TARGET-$VERSION.vsix
mkdir -p "$OUT"
cd "$EXT"
rm -rf server
mkdir server
cp "$BIN" "server/$EXE"
chmod 755 "server/$EXE"
# the release profile keeps line tables for profiling; a reporter's download needs none of them
if [ "$(uname -s)" = Linux ] && command -v strip >/dev/null; then
  case "$TARGET" in linux-x64 | alpine-x64) [ "$(uname -m)" != x86_64 ] || strip --strip-debug "server/$EXE" ;; esac
fi
# vsce runs `npm run compile` (vscode:prepublish) itself
npx vsce package --target "$TARGET" --out "$VSIX" >&2
rm -rf server
echo "$VSIX"
