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

# The cold start's baseline: the package as it was before the performance work (commit 991cf61, built
# by that commit's own scripts/build.sh in a temporary worktree), built once into bench/generated/baseline-pkg
# (with the commit in its file REV, which the report quotes).
BASELINE_REV=991cf61
root=$PWD
if [ "$(cat bench/generated/baseline-pkg/REV 2>/dev/null)" != "$BASELINE_REV" ]; then
  rm -rf bench/generated/baseline-pkg
  if git cat-file -e "$BASELINE_REV^{commit}" 2>/dev/null; then
    echo "[bench] building the baseline package ($BASELINE_REV, once)" >&2
    tree=$(mktemp -d)
    git worktree add --detach --quiet "$tree" "$BASELINE_REV"
    ln -s "$PWD/node_modules" "$tree/node_modules"
    (cd "$tree" && CARGO_TARGET_DIR="$root/target/bench-baseline" bash scripts/build.sh) >&2
    mkdir -p bench/generated && cp -r "$tree/pkg" bench/generated/baseline-pkg
    echo "$BASELINE_REV" > bench/generated/baseline-pkg/REV
    git worktree remove --force "$tree"
  else
    echo "[bench] $BASELINE_REV is not in this clone: the cold start has no baseline package" >&2
  fi
fi

node bench/src/build.mjs "$SIZES" >&2
node bench/src/run-bench.mjs   # reads BENCH_* itself (same defaults)
