#!/usr/bin/env bash
# Cargo's runner for wasm32 test binaries (see .cargo/config.toml): runs
# wasm-bindgen-test-runner in a process group of its own and, when it
# exits, stops whatever that group still contains.
#
# wasm-bindgen-test-runner 0.2.130 ends a run by closing only the window of
# the test page. A window that a test opened and left open (a popup) keeps
# Chromium running after chromedriver exits, and each run would leave
# another Chromium behind.
set -euo pipefail

say() { printf 'wasm-test-runner: %s\n' "$*" >&2; }

# setsid makes the runner the leader of a new session and process group,
# so the group id is its pid. Chromium keeps that group id after its parent
# chromedriver exits.
setsid wasm-bindgen-test-runner "$@" &
runner_pid=$!

# Counts the group's processes that still run. Exited Chromium processes
# can stay in the group as zombies until init reaps them, so they are skipped.
count_running_members() {
    ps -e -o pgid=,stat= | awk -v group="$runner_pid" '$1 == group && $2 !~ /^Z/' | wc -l
}

stop_group() {
    local running
    running=$(count_running_members)
    [ "$running" -gt 0 ] || return 0
    say "stopping $running processes that outlived the test run (usually Chromium, kept running by a window a test left open)"
    kill -TERM -- "-$runner_pid" 2>/dev/null || true
    for _ in $(seq 30); do
        [ "$(count_running_members)" -gt 0 ] || return 0
        sleep 0.1
    done
    kill -KILL -- "-$runner_pid" 2>/dev/null || true
}

# The runner is in another session, so Ctrl-C at a terminal does not reach
# it: this script forwards the signal to the whole group.
trap 'kill -TERM -- "-$runner_pid" 2>/dev/null || true' INT TERM
trap stop_group EXIT

status=0
wait "$runner_pid" || status=$?
# A trapped signal interrupts `wait`, so wait again for the real status.
if kill -0 "$runner_pid" 2>/dev/null; then
    wait "$runner_pid" || status=$?
fi
exit "$status"
