#!/usr/bin/env bash
# The benchmark, one command from anywhere in the repo:
#   bash bench/run.sh
# Installs what is missing (scripts/setup.sh: toolchain, Chromium, npm; then bench/'s own npm ci), builds
# pkg/ from the current source (scripts/build.sh; quick when nothing changed), runs typia generate,
# bundles the browser side with esbuild, generates the bodies (deterministic; cached in
# bench/generated/), runs the benchmark in headless Chromium, prints the tables and rewrites
# BENCHMARKS.md. Options (env): BENCH_SIZES="100,1000,10000,100000", BENCH_ROUNDS=N, BENCH_NET=0,
# BENCH_NET_ROUNDS=N, BENCH_COLD_PAGES=N, BENCH_MIN_SAMPLE_MS=N, BENCH_WRITE=0, CHROMIUM=/path.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
SIZES="${BENCH_SIZES:-100,1000,10000,100000}"

bash scripts/setup.sh
if [ ! -d bench/node_modules ]; then
  echo "[bench] npm ci in bench/" >&2
  (cd bench && npm ci --no-audit --no-fund)
fi
bash scripts/build.sh >&2

node bench/src/build.mjs "$SIZES" >&2
node bench/src/run-bench.mjs   # reads BENCH_* itself (same defaults)
