#!/usr/bin/env bash
# Builds the release package (scripts/build.sh) and packs it as npm would publish it:
# neptun-client-<version>.tgz in the repository root. Prints the tarball's path.
# Install it in an app with `npm install ./path/to/neptun-client-<version>.tgz`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build.sh >&2
tarball=$(npm pack ./pkg --pack-destination . --silent)
echo "$PWD/$tarball"
