#!/usr/bin/env bash
# Puts a Linux build of Node MAJOR (the newest MAJOR.x on the npm registry, where Node's own
# binaries are published as node-linux-<arch>) under DIR/MAJOR and prints its bin directory,
# for `PATH="$(scripts/setup-node.sh 22):$PATH"`. Idempotent: an unpacked version is reused.
#
# usage: scripts/setup-node.sh MAJOR [DIR]      DIR defaults to <repo>/.node-ci (gitignored)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MAJOR=${1:?usage: setup-node.sh MAJOR [DIR]}
DIR=${2:-$ROOT/.node-ci}
case "$(uname -m)" in
  x86_64) ARCH=x64 ;;
  aarch64 | arm64) ARCH=arm64 ;;
  *) echo "setup-node: no Node binary package for $(uname -m)" >&2; exit 1 ;;
esac
TARGET=$DIR/$MAJOR
if [ ! -x "$TARGET/bin/node" ]; then
  mkdir -p "$DIR/download"
  TGZ=$(cd "$DIR/download" && npm pack --silent "node-linux-$ARCH@$MAJOR" | tail -n 1)
  rm -rf "$TARGET" && mkdir -p "$TARGET"
  tar xzf "$DIR/download/$TGZ" -C "$TARGET" --strip-components=1
  rm -f "$DIR/download/$TGZ"
fi
echo "setup-node: $("$TARGET/bin/node" --version) in $TARGET/bin" >&2
echo "$TARGET/bin"
