#!/usr/bin/env bash
# Runs every test suite in order and prints a summary of the counts:
#   1. native tests: cargo test --workspace (the emulator's tests included)
#   2. browser tests: the wasm test crates in headless Chromium, against an
#      emulator that scripts/with-emulator.sh starts
#   3. package build: scripts/build-pkg.sh (the same as make pkg)
#   4. package type checks: scripts/check-types.sh (tsc --strict on a
#      consumer file, and a misuse file that must fail)
#   5. package size: scripts/check-size.mjs against size-budget.json
#   6. demo end-to-end test: tests/e2e/demo.mjs, against its own emulator
#
# A failing suite does not stop the later ones, except that the end-to-end
# test needs the package. Exits 1 if any suite failed or ran no test.
# Expects the tools of scripts/setup.sh (make test runs it first).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

log_dir=target/test-logs
mkdir -p "$log_dir"

summary=()
total_passed=0
total_failed=0
any_failed=0

header() {
    printf '\n==== %s ====\n\n' "$*"
}

# Adds up the "test result: ... N passed; M failed; K ignored" lines that
# cargo's test harness and wasm-bindgen-test-runner print, one per binary.
# Prints "PASSED FAILED IGNORED".
sum_cargo_results() {
    awk '
        /test result: / {
            for (i = 1; i <= NF; i++) {
                if ($(i + 1) ~ /^passed;?$/) passed += $i
                if ($(i + 1) ~ /^failed;?$/) failed += $i
                if ($(i + 1) ~ /^ignored;?$/) ignored += $i
            }
        }
        END { printf "%d %d %d\n", passed, failed, ignored }
    ' "$1"
}

# Prints "PASSED FAILED" from the closing "e2e: N passed, N failed" line.
sum_e2e_results() {
    sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$1" | tail -n 1
}

# Runs one suite, saving its output to target/test-logs/NAME.log.
# Sets stage_status and stage_seconds.
run_stage() {
    local name=$1
    shift
    local start=$SECONDS
    stage_status=0
    "$@" 2>&1 | tee "$log_dir/$name.log" || stage_status=$?
    stage_seconds=$((SECONDS - start))
}

# Records the result of a suite that reports test counts.
record_counts() {
    local label=$1 passed=$2 failed=$3 ignored=$4
    local verdict=ok
    if [ "$stage_status" -ne 0 ] || [ "$failed" -ne 0 ]; then
        verdict=FAILED
    elif [ "$passed" -eq 0 ]; then
        verdict="FAILED (ran no test)"
    fi
    [ "$verdict" = ok ] || any_failed=1
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    summary+=("$(printf '%-22s %-22s %5d passed, %d failed, %d ignored  (%d s)' \
        "$label" "$verdict" "$passed" "$failed" "$ignored" "$stage_seconds")")
}

header "1/6 native tests: cargo test --workspace"
run_stage native cargo test --workspace
read -r passed failed ignored < <(sum_cargo_results "$log_dir/native.log")
record_counts "native tests" "$passed" "$failed" "$ignored"

header "2/6 browser tests: cargo test --target wasm32-unknown-unknown --tests"
# --tests: doc tests compiled for wasm do not run, and the runner would
# only print "no tests to run!" for them.
run_stage browser scripts/with-emulator.sh cargo test --target wasm32-unknown-unknown --tests
read -r passed failed ignored < <(sum_cargo_results "$log_dir/browser.log")
record_counts "browser tests" "$passed" "$failed" "$ignored"

header "3/6 package build: scripts/build-pkg.sh"
run_stage pkg scripts/build-pkg.sh
pkg_status=$stage_status
if [ "$pkg_status" -eq 0 ]; then
    summary+=("$(printf '%-22s %-22s %5s (%d s)' "package build" ok "" "$stage_seconds")")
else
    any_failed=1
    summary+=("$(printf '%-22s %-22s %5s (%d s)' "package build" FAILED "" "$stage_seconds")")
fi

# Prints "PASSED FAILED" from the closing "types: N passed, N failed" line.
sum_types_results() {
    sed -n 's/^types: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$1" | tail -n 1
}

header "4/6 package type checks: scripts/check-types.sh"
if [ "$pkg_status" -eq 0 ]; then
    run_stage types scripts/check-types.sh
    read -r passed failed < <(sum_types_results "$log_dir/types.log"; echo "0 0")
    record_counts "package type checks" "${passed:-0}" "${failed:-0}" 0
else
    echo "skipped: the package build failed"
    any_failed=1
    summary+=("$(printf '%-22s %-22s' "package type checks" "SKIPPED (no package)")")
fi

header "5/6 package size: scripts/check-size.mjs"
if [ "$pkg_status" -eq 0 ]; then
    run_stage size node scripts/check-size.mjs
    size_line=$(sed -n 's/^size check: //p' "$log_dir/size.log" | tail -n 1)
    if [ "$stage_status" -eq 0 ]; then
        summary+=("$(printf '%-22s %-22s %s' "package size" ok "$size_line")")
    else
        any_failed=1
        summary+=("$(printf '%-22s %-22s %s' "package size" FAILED "$size_line")")
    fi
else
    echo "skipped: the package build failed"
    any_failed=1
    summary+=("$(printf '%-22s %-22s' "package size" "SKIPPED (no package)")")
fi

header "6/6 demo end-to-end test: tests/e2e/demo.mjs"
if [ "$pkg_status" -eq 0 ]; then
    run_stage e2e scripts/with-emulator.sh node tests/e2e/demo.mjs
    read -r passed failed < <(sum_e2e_results "$log_dir/e2e.log"; echo "0 0")
    record_counts "demo end-to-end test" "${passed:-0}" "${failed:-0}" 0
else
    echo "skipped: the package build failed"
    any_failed=1
    summary+=("$(printf '%-22s %-22s' "demo end-to-end test" "SKIPPED (no package)")")
fi

header "summary (logs in $log_dir/)"
printf '%s\n' "${summary[@]}"
echo
echo "total: $total_passed passed, $total_failed failed"
exit "$any_failed"
