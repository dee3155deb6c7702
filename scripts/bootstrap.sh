#!/bin/sh
# Installs what a fresh machine lacks, then the npm workspace. Safe to run every time:
# each step is skipped when its result is already there.
set -eu
cd "$(dirname "$0")/.."

# librdkafka (inside @confluentinc/kafka-javascript) is compiled here: its prebuilt binary
# is downloaded from a host our machines cannot reach. These are its build dependencies,
# and Debian's chromium, which the dashboard's browser tests drive through playwright-core
# (which would otherwise download a browser build of its own).
build_deps="libssl-dev zlib1g-dev libzstd-dev libsasl2-dev libcurl4-openssl-dev liblz4-dev pkg-config make g++ python3 chromium"
missing=""
for p in $build_deps; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "bootstrap: missing Debian packages:$missing (run as root, or install them)" >&2
    exit 1
  fi
  echo "bootstrap: apt-get install$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

# Link librdkafka's own dependencies (OpenSSL, zstd, ...) from the system instead of
# downloading and building them.
export CKJS_LINKING=dynamic
stamp=node_modules/.rafaga-install-stamp
installed=no
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ] \
  || ! ls node_modules/@confluentinc/kafka-javascript/build/Release/*.node >/dev/null 2>&1; then
  echo "bootstrap: npm install (the first run compiles librdkafka, about 2 minutes)"
  # `npm install`, not `npm ci`: the registry we reach lacks some of Biome's optional
  # per-platform packages (android, win32, musl), which `npm ci` refuses as a lock mismatch
  # while `npm install` skips them, as optional dependencies should be.
  npm install --no-audit --no-fund
  installed=yes
fi
# Our patches to dependencies (patches/, README "Patched dependencies"): applied after every
# install and whenever a patch changed; patch-package skips the ones already applied.
if [ "$installed" = yes ] || [ -n "$(find patches -newer "$stamp" 2>/dev/null)" ]; then
  npx --no-install patch-package --error-on-fail
fi
touch "$stamp"
