#!/usr/bin/env bash
# Type-checks the built package as a TypeScript user sees it (run after
# scripts/build-pkg.sh):
#   1. tests/consumer/typecheck.ts, which calls every method and narrows
#      errors by code, must compile with tsc --strict;
#   2. tests/consumer/misuse.ts must fail, with an error on exactly the lines
#      marked "expect-error".
# Prints "types: N passed, M failed" last.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../tests/consumer"

# The file: dependency links to ../../pkg, so install after the package is built.
if [ ! -x node_modules/.bin/tsc ] || [ ! -e node_modules/appmixer-accounts/package.json ]; then
    npm ci --no-audit --no-fund
fi

passed=0
failed=0
check() {
    if [ "$1" = ok ]; then
        passed=$((passed + 1))
        echo "ok: $2"
    else
        failed=$((failed + 1))
        echo "FAILED: $2"
    fi
}

if node_modules/.bin/tsc -p tsconfig.json; then
    check ok "typecheck.ts compiles with tsc --strict"
else
    check failed "typecheck.ts compiles with tsc --strict"
fi

set +e
misuse_output=$(node_modules/.bin/tsc -p tsconfig.misuse.json)
misuse_status=$?
set -e
if [ "$misuse_status" -ne 0 ]; then
    check ok "misuse.ts fails to compile"
else
    check failed "misuse.ts fails to compile"
fi

expected_lines=$(grep -n 'expect-error' misuse.ts | grep -v '^[0-9]*:\s*//' | cut -d: -f1 | sort -n)
reported_lines=$(printf '%s\n' "$misuse_output" | sed -n 's/^misuse\.ts(\([0-9]*\),[0-9]*): error.*/\1/p' | sort -n | uniq)
for line in $expected_lines; do
    if printf '%s\n' "$reported_lines" | grep -qx "$line"; then
        check ok "misuse.ts:$line is rejected: $(sed -n "${line}s/.*expect-error: //p" misuse.ts)"
    else
        check failed "misuse.ts:$line should be rejected but compiled"
    fi
done
for line in $reported_lines; do
    if ! printf '%s\n' "$expected_lines" | grep -qx "$line"; then
        check failed "misuse.ts:$line has an unexpected error"
        printf '%s\n' "$misuse_output" | grep "^misuse\.ts($line,"
    fi
done

echo "types: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
