#!/usr/bin/env bash
# Runs every test: formatting and lints, native Rust tests, the release package build and its
# tarball, the wasm-bindgen tests in headless Chromium (the wasm build of the decoder), the Node and
# Chromium tests of the built package (the API against the dev server over real HTTP, manifest,
# types, hostile runtimes, streaming, the demo's end-to-end tests, the dev server), and the examples (Vite, webpack, esbuild, Node, Vitest, tsc) built from the tarball.
# Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

logs=$(mktemp -d)
section() { printf '\n==> %s\n' "$*"; }

section "format and lints (host and wasm32, -D warnings)"
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --all-targets --quiet --target wasm32-unknown-unknown -- -D warnings

section "native tests (cargo test)"
cargo test 2>&1 | tee "$logs/native.txt"

section "release package (pkg/) and its tarball"
tarball=$(bash scripts/pack.sh)
echo "$tarball"

section "wasm tests (wasm-bindgen-test in headless Chromium: the SIMD scanner and the agreement corpora)"
wasm-pack test --headless --chrome -- --lib --test agreement_wasm 2>&1 | tee "$logs/browser.txt"

section "package, Node, Chromium and examples tests (node --test)"
NEPTUN_TARBALL=$tarball node --test tests/*.test.mjs tests/e2e/*.test.mjs devserver/*.test.mjs 2>&1 | tee "$logs/node.txt"

count() { grep -Eo "$2" "$1" | grep -Eo '[0-9]+' | awk '{ n += $1 } END { print n + 0 }'; }
native=$(count "$logs/native.txt" 'test result: ok\. [0-9]+ passed')
browser=$(count "$logs/browser.txt" 'test result: ok\. [0-9]+ passed')
node_pass=$(count "$logs/node.txt" '^# pass [0-9]+')
node_fail=$(count "$logs/node.txt" '^# fail [0-9]+')
section "summary"
echo "native cargo test:            $native passed"
echo "wasm-bindgen-test (Chromium): $browser passed"
echo "node --test (Node, Chromium): $node_pass passed, $node_fail failed"
echo "$((native + browser + node_pass)) passed, $node_fail failed"
