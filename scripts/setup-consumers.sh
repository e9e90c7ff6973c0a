#!/usr/bin/env bash
# Installs the real socket-activation consumers that test/e2e/consumers/ runs systemfd against
# (the consumers systemfd must keep working with), all from Debian packages: there is no crates.io,
# module proxy or PyPI here, and none is needed.
#   python3-systemd                      systemd.daemon.listen_fds_with_names() (Debian's python3)
#   gunicorn                             its own LISTEN_FDS/LISTEN_PID handling
#   golang-go + golang-github-coreos-go-systemd-dev   activation.Listeners() etc., built offline
#                                        in GOPATH mode against /usr/share/gocode
#   librust-listenfd-dev (+ cargo when no cargo is on the machine)   the listenfd crate, built
#                                        offline from /usr/share/cargo/registry
#   libsystemd-dev + pkg-config (+ gcc when no cc)    sd_listen_fds_with_names(3)
# The tests compile their consumers on first use into a cache outside the repository
# ($SYSTEMFD_CONSUMERS_CACHE, default $TMPDIR/systemfd-consumers).
#
# Idempotent and fast when everything is there: it checks with dpkg and only calls apt-get for
# what is missing. Needs root or sudo for that. usage: scripts/setup-consumers.sh
set -euo pipefail
t0=$(date +%s%N)

packages=(python3-systemd gunicorn golang-go golang-github-coreos-go-systemd-dev librust-listenfd-dev libsystemd-dev pkg-config)
# cargo: rustup's (on PATH or in ~/.cargo/bin) is as good as Debian's; install Debian's only
# when there is none, so a machine's newer toolchain is not shadowed.
if ! command -v cargo >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo" ]; then packages+=(cargo); fi
if ! command -v "${CC:-cc}" >/dev/null 2>&1; then packages+=(gcc libc6-dev); fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "[setup-consumers] installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "[setup-consumers] ready ($(( ($(date +%s%N) - t0) / 1000000 )) ms)" >&2
