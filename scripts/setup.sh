#!/usr/bin/env bash
# Installs what building, testing and the demo need, and skips each part
# that is already present, so a second run takes a few seconds.
#
# Installs: the wasm32 target, Debian's Chromium and ChromeDriver,
# wasm-bindgen-cli at the version Cargo.lock pins, wasm-pack, wasm-opt from
# the npm package binaryen (into .tools/), and the npm packages of www/ and
# tests/e2e/ from their committed lock files.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root=$PWD
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
fail() {
    printf 'setup: error: %s\n' "$*" >&2
    exit 1
}

# Runs a command as root, through sudo when this user is not root.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        fail "'$*' needs root and sudo is missing; run it as root, then rerun make setup"
    fi
}

install_wasm_target() {
    command -v rustup >/dev/null || fail "rustup not found on PATH; install Rust with rustup first"
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        return
    fi
    say "installing the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
}

install_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        return
    fi
    say "installing chromium and chromium-driver with apt-get"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
}

# Prints the version of the wasm-bindgen crate that Cargo.lock pins.
locked_wasm_bindgen_version() {
    awk '
        $0 == "name = \"wasm-bindgen\"" { found = 1; next }
        found && /^version = / { gsub(/^version = "|"$/, ""); print; exit }
    ' Cargo.lock
}

install_wasm_bindgen_cli() {
    local version
    version=$(locked_wasm_bindgen_version)
    [ -n "$version" ] || fail "no wasm-bindgen package found in Cargo.lock"

    # The CLI and the test runner come from one crate, so both must match.
    if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $version" ] &&
        command -v wasm-bindgen-test-runner >/dev/null; then
        return
    fi
    say "installing wasm-bindgen-cli $version (the version Cargo.lock pins; takes a few minutes)"
    # No --locked: with it, an install here failed because the CLI's lock
    # file named a webpki-roots version that the registry did not serve.
    cargo install wasm-bindgen-cli --version "$version" --force
}

install_wasm_pack() {
    if command -v wasm-pack >/dev/null; then
        return
    fi
    say "installing wasm-pack (takes a few minutes)"
    cargo install wasm-pack --locked
}

check_node() {
    command -v node >/dev/null || fail "node not found on PATH; Node.js 20.19 or later is required"
    command -v npm >/dev/null || fail "npm not found on PATH; npm 11 or later is required"
    # Vite 8.4 declares "engines": {"node": "^20.19.0 || >=22.12.0"}.
    node -e '
        const [major, minor] = process.versions.node.split(".").map(Number);
        if (major < 20 || (major === 20 && minor < 19)) {
            console.error(`setup: error: Node.js ${process.versions.node} is too old; Vite 8 requires 20.19 or later`);
            process.exit(1);
        }
    '
}

# Runs `npm ci` in DIR unless its node_modules already matches its lock file.
# A copy of the lock file inside node_modules marks a finished install.
npm_ci() {
    local dir=$1
    local stamp="$dir/node_modules/.setup-package-lock.json"
    if [ -d "$dir/node_modules" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
        return
    fi
    say "installing npm packages in ${dir#"$repo_root"/} (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund)
    cp "$dir/package-lock.json" "$stamp"
}

# wasm-opt from the npm package binaryen. Debian's binaryen 108 produces
# modules that fail to load ("WebAssembly.Table.set(): Argument 1 is invalid
# for table"), so scripts/build-pkg.sh puts .tools/node_modules/.bin first on PATH.
install_build_tools() {
    mkdir -p .tools
    cp scripts/tools/package.json scripts/tools/package-lock.json .tools/
    npm_ci "$repo_root/.tools"
    .tools/node_modules/.bin/wasm-opt --version >/dev/null ||
        fail ".tools/node_modules/.bin/wasm-opt does not run; delete .tools and rerun make setup"
}

install_wasm_target
install_chromium
install_wasm_bindgen_cli
install_wasm_pack
check_node
install_build_tools
npm_ci "$repo_root/tests/e2e"
npm_ci "$repo_root/www"
say "all tools present"
