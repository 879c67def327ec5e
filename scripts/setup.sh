#!/usr/bin/env bash
# Installs what this project needs and is missing; skips what is already there (safe to run again).
#   Rust target wasm32-unknown-unknown, clippy, rustfmt, rust-src (scripts/build.sh rebuilds std from
#   it); wasm-pack; wasm-bindgen-cli at exactly the crate's wasm-bindgen version (from Cargo.lock);
#   Chromium + ChromeDriver (Debian packages);
#   npm devDependencies (binaryen's wasm-opt, playwright-core, typescript) from package-lock.json.
# Run it directly, or let scripts/demo.sh and scripts/test.sh run it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WASM_PACK_VERSION=0.15.1
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

have() { command -v "$1" >/dev/null 2>&1; }
say() { printf '==> setup: %s\n' "$*"; }

for tool in cargo rustup node npm; do
  have "$tool" || { echo "setup: $tool is required but not installed (Rust via rustup; Node.js 20+)" >&2; exit 1; }
done
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  { echo "setup: Node.js 20 or newer is required (found $(node --version))" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt rust-src; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (about 3 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --force
fi

if ! have chromium || ! have chromedriver; then
  say "installing Chromium and ChromeDriver (Debian packages)"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

lock_stamp=node_modules/.neptun-lock.sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$lock_stamp" 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm devDependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$lock_stamp"
fi
