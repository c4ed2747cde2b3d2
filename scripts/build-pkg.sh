#!/usr/bin/env bash
# Builds the npm package into pkg/: the bundler target at the top level and
# the web target (an ES module with an init function) in pkg/web/, then
# lets scripts/finish-pkg.mjs write the entry points and package.json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root=$PWD
export PATH="$repo_root/.tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# wasm-pack runs the first wasm-opt on PATH. Debian's binaryen 108 produces
# modules that fail to load, so only the npm binaryen in .tools/ is accepted.
wasm_opt=$(command -v wasm-opt || true)
if [ "$wasm_opt" != "$repo_root/.tools/node_modules/.bin/wasm-opt" ]; then
    echo "build-pkg: error: wasm-opt resolves to '${wasm_opt:-nothing}', not .tools/node_modules/.bin/wasm-opt; run make setup" >&2
    exit 1
fi

# wasm-pack leaves files of earlier builds in its output directory, so both
# targets start from empty directories. The web target is built outside
# pkg/ and moved in afterwards, so neither build mixes its files with the other's.
web_dir="$repo_root/target/pkg-web"
rm -rf pkg "$web_dir"

# --mode no-install: fail if wasm-bindgen is missing instead of downloading it.
wasm-pack build --release --mode no-install --target bundler --out-dir pkg
wasm-pack build --release --mode no-install --target web --out-dir "$web_dir"
mv "$web_dir" pkg/web

node scripts/finish-pkg.mjs
