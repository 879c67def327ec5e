#!/usr/bin/env bash
# Runs the demo: builds the package, then serves the demo page (www/) and the package (pkg/) from the
# local Neptun-compatible dev server with seeded data. Open the printed URL; Ctrl-C stops it.
# Installs what is missing first (scripts/setup.sh). Port: NEPTUN_DEMO_PORT (default 8080; 0 = any free).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build.sh
exec node devserver/server.mjs --port "${NEPTUN_DEMO_PORT:-8080}" --static /=www --static /pkg=pkg
