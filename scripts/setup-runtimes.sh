#!/usr/bin/env bash
# Unpacks real Bun and Deno binaries for the proxy tests and benchmark into .runtimes/ (git-
# ignored). Their wrapper packages (`bun`, `deno`) download the binary from GitHub in a
# postinstall, which fails where only the npm registry is reachable; the platform packages carry
# the binary itself, so `npm pack` + tar is all it takes.
#   .runtimes/bun/bun     from @oven/bun-linux-x64 (x64) / @oven/bun-linux-aarch64 (arm64)
#   .runtimes/deno/deno   from @deno/linux-x64-glibc / @deno/linux-arm64-glibc
# Versions: SYSTEMFD_BUN_VERSION / SYSTEMFD_DENO_VERSION (default: latest).
# Idempotent and fast when both are there (no network). Linux only: elsewhere it says so and
# exits 0, and the tests skip with that reason.
# usage: scripts/setup-runtimes.sh
set -euo pipefail
t0=$(date +%s%N)
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.runtimes"

if [ "$(uname -s)" != Linux ]; then
  echo "[setup-runtimes] not on Linux: skipping (the proxy runtime tests skip)" >&2
  exit 0
fi
case "$(uname -m)" in
  x86_64) bun_pkg=@oven/bun-linux-x64; deno_pkg=@deno/linux-x64-glibc ;;
  aarch64 | arm64) bun_pkg=@oven/bun-linux-aarch64; deno_pkg=@deno/linux-arm64-glibc ;;
  *) echo "[setup-runtimes] no Bun/Deno package for $(uname -m): skipping" >&2; exit 0 ;;
esac

# fetch NAME PACKAGE VERSION: unpack the NAME binary of PACKAGE to $dest/NAME/NAME unless it runs already.
fetch() {
  local name=$1 package=$2 version=$3 target="$dest/$1/$1"
  if [ -x "$target" ] && "$target" --version >/dev/null 2>&1; then return 0; fi
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  echo "[setup-runtimes] fetching $package@$version" >&2
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  local binary
  binary=$(find "$work/package" -type f -name "$name" | head -n 1)
  [ -n "$binary" ] || { echo "[setup-runtimes] $package contains no $name binary" >&2; return 1; }
  mkdir -p "$dest/$name"
  install -m 0755 "$binary" "$target.tmp"
  mv -f "$target.tmp" "$target"
  "$target" --version >/dev/null
}

mkdir -p "$dest"
fetch bun "$bun_pkg" "${SYSTEMFD_BUN_VERSION:-latest}"
fetch deno "$deno_pkg" "${SYSTEMFD_DENO_VERSION:-latest}"
echo "[setup-runtimes] ready: bun $("$dest/bun/bun" --version), deno $("$dest/deno/deno" --version | head -n 1 | cut -d' ' -f2) ($(( ($(date +%s%N) - t0) / 1000000 )) ms)" >&2
