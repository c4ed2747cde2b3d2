#!/usr/bin/env bash
# Usage: scripts/with-emulator.sh COMMAND [ARG...]
#
# Builds and starts the Appmixer API emulator on a free loopback port, runs
# COMMAND with APPMIXER_EMULATOR_URL and APPMIXER_EMULATOR_TOKEN exported,
# stops the emulator however COMMAND ends, and exits with COMMAND's status.
#
# Environment:
#   EMULATOR_LISTEN         address to listen on (default 127.0.0.1:0, a free port)
#   EMULATOR_TOKEN          bearer token the emulator accepts (default emulator-test-token)
#   EMULATOR_START_TIMEOUT  seconds to wait for the emulator to announce its address (default 30)
#   EMULATOR_LOG            file that receives the emulator's log (default target/emulator.log)
#
# NOTE: bash runs a trap only after the foreground command ends, so a
# SIGTERM sent to this script alone stops the emulator once COMMAND exits.
# Ctrl-C, or a signal to the whole process group, stops both at once.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
listen=${EMULATOR_LISTEN:-127.0.0.1:0}
token=${EMULATOR_TOKEN:-emulator-test-token}
start_timeout=${EMULATOR_START_TIMEOUT:-30}
log_file=${EMULATOR_LOG:-$repo_root/target/emulator.log}

say() { printf 'with-emulator: %s\n' "$*" >&2; }

# A debug build, because it compiles in a fraction of the release build's
# time and speed does not matter for a loopback test server.
(cd "$repo_root" && cargo build --quiet -p appmixer-emulator)
emulator_bin="$repo_root/target/debug/appmixer-emulator"

mkdir -p "$(dirname "$log_file")"
work_dir=$(mktemp -d)
stdout_fifo="$work_dir/stdout"
mkfifo "$stdout_fifo"

emulator_pid=
stop_emulator() {
    if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill -TERM "$emulator_pid" 2>/dev/null || true
        # SIGTERM lets open connections finish. After 5 s the emulator is killed.
        for _ in $(seq 50); do
            kill -0 "$emulator_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    emulator_pid=
    rm -rf "$work_dir"
}
trap stop_emulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The emulator logs to stderr, and prints its address as one stdout line
# when it is ready. Its stdout goes through a FIFO so that this script can
# read that line.
"$emulator_bin" --listen "$listen" --token "$token" >"$stdout_fifo" 2>"$log_file" &
emulator_pid=$!
exec 3<"$stdout_fifo"

base_url=
deadline=$((SECONDS + start_timeout))
while [ -z "$base_url" ]; do
    remaining=$((deadline - SECONDS))
    if [ "$remaining" -le 0 ]; then
        say "error: the emulator did not print its address within ${start_timeout} s; see $log_file"
        exit 1
    fi
    read_status=0
    IFS= read -r -t "$remaining" line <&3 || read_status=$?
    if [ "$read_status" -gt 128 ]; then
        continue # timed out; the deadline check above reports it
    elif [ "$read_status" -ne 0 ]; then
        say "error: the emulator closed its stdout without printing its address; see $log_file"
        tail -n 20 "$log_file" >&2 || true
        exit 1
    fi
    case $line in
    "appmixer-emulator listening on http://"*)
        base_url=${line#appmixer-emulator listening on }
        ;;
    *)
        say "unexpected emulator output: $line"
        ;;
    esac
done

# A background cat reads the rest of the emulator's stdout, so that later
# output cannot fill the FIFO and block the emulator. It ends with the emulator.
cat <&3 >/dev/null &
exec 3<&-

say "emulator at $base_url (pid $emulator_pid, log $log_file)"
export APPMIXER_EMULATOR_URL=$base_url
export APPMIXER_EMULATOR_TOKEN=$token

status=0
"$@" || status=$?
exit "$status"
