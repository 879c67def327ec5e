#!/usr/bin/env bash
# Builds the npm package into pkg/ (release, --target web) fully offline, optimizes the wasm with
# npm binaryen's wasm-opt (never Debian's: binaryen 108 silently breaks the module), then adds the
# package's own entry points, declarations and package.json (scripts/package.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf pkg
wasm-pack build --release --target web --out-name neptun_client 2>&1 | grep -v '^\[INFO\]' || true
test -f pkg/neptun_client_bg.wasm
node_modules/.bin/wasm-opt -Oz --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/neptun_client_bg.wasm --strip-debug --strip-producers -o pkg/neptun_client_bg.wasm
node scripts/package.mjs
