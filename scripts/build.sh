#!/usr/bin/env bash
# Builds the npm package into pkg/ (release, --target web) fully offline, optimizes the wasm with
# npm binaryen's wasm-opt (never Debian's: binaryen 108 silently breaks the module), then adds the
# package's own entry points, declarations and package.json (scripts/package.mjs).
#
# The standard library is rebuilt from source (rust-src, installed by scripts/setup.sh) with panics
# that abort at once, without their messages and file locations: about 7 KB less gzipped wasm. That
# needs cargo's -Z build-std, which the stable toolchain accepts only with RUSTC_BOOTSTRAP=1 (a fresh
# machine has only the stable toolchain). Since that makes rustc behave as a nightly, the symbol
# mangling is pinned to the stable default (legacy), which keeps wasm-bindgen's export names short, and
# -Zlocation-detail=none drops the source file names (and the build machine's cargo-registry paths)
# that would otherwise stay in the wasm.
# Then wasm-bindgen (the CLI of exactly the crate's version) writes what `wasm-pack build --target web`
# would: the same files, under the same names.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

crate_bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$crate_bindgen" ]; then
  echo "build: wasm-bindgen-cli $crate_bindgen is required (run scripts/setup.sh)" >&2
  exit 1
fi
if [ ! -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  echo "build: the rust-src component is required (run scripts/setup.sh)" >&2
  exit 1
fi

# The flags add to the target's rustflags of .cargo/config.toml (+simd128).
RUSTC_BOOTSTRAP=1 cargo build --release --target wasm32-unknown-unknown --quiet \
  -Z build-std=std,panic_abort \
  --config 'target.wasm32-unknown-unknown.rustflags = ["-Zunstable-options", "-Cpanic=immediate-abort", "-Csymbol-mangling-version=legacy", "-Zlocation-detail=none"]'

rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name neptun_client \
  target/wasm32-unknown-unknown/release/neptun_client.wasm
printf '*' > pkg/.gitignore
test -f pkg/neptun_client_bg.wasm
# --flatten --rereloop before -Oz, and --converge: about 400 B less gzipped than -Oz alone, decoding as fast.
# --minify-imports-and-exports-and-modules: wasm-bindgen's import names (each with a hash) and export
# names become one or two letters (1.2 KB less gzipped); it prints the mapping, by which
# scripts/package.mjs renames them in the glue.
# --low-memory-unused (wasm-opt may then fold constant offsets into loads and stores): 0.27 KB less; true
# of this module, as the stack comes first and ends at 1 MiB, where the data begins.
node_modules/.bin/wasm-opt --low-memory-unused --flatten --rereloop -Oz --converge --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/neptun_client_bg.wasm --strip-debug --strip-producers --strip-target-features \
  --minify-imports-and-exports-and-modules -o pkg/neptun_client_bg.wasm > target/wasm-names.json
node scripts/package.mjs
