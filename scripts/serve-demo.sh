#!/usr/bin/env bash
# Builds the demo app in www/ against the emulator named in
# APPMIXER_EMULATOR_URL and APPMIXER_EMULATOR_TOKEN, then serves it with
# `vite preview` on 127.0.0.1:DEMO_PORT (default 5173) until interrupted.
#
# make demo runs it through scripts/with-emulator.sh, which sets both
# variables, after building pkg/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../www"
: "${APPMIXER_EMULATOR_URL:?is not set; run make demo, or this script through scripts/with-emulator.sh}"
: "${APPMIXER_EMULATOR_TOKEN:?is not set; run make demo, or this script through scripts/with-emulator.sh}"
port=${DEMO_PORT:-5173}
url="http://127.0.0.1:$port/"

# Switches the fake provider to its consent page and API-key form, so the
# popup shows each step of a sign-in instead of approving it at once.
node -e '
fetch(process.argv[1] + "/__emulator/auth", {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ mode: "manual" }),
}).then((response) => {
  if (!response.ok) throw new Error("POST /__emulator/auth returned " + response.status);
}).catch((error) => {
  console.error("serve-demo: error: " + error.message);
  process.exit(1);
});
' "$APPMIXER_EMULATOR_URL"

VITE_APPMIXER_URL=$APPMIXER_EMULATOR_URL VITE_APPMIXER_TOKEN=$APPMIXER_EMULATOR_TOKEN \
    node_modules/.bin/vite build --logLevel warn

node_modules/.bin/vite preview --host 127.0.0.1 --port "$port" --strictPort &
preview_pid=$!
stop_preview() {
    kill -TERM "$preview_pid" 2>/dev/null || true
    wait "$preview_pid" 2>/dev/null || true
}
trap stop_preview EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits until the port accepts connections, through bash's /dev/tcp so
# that no HTTP client needs to be installed.
ready=0
for _ in $(seq 150); do
    if ! kill -0 "$preview_pid" 2>/dev/null; then
        echo "serve-demo: error: vite preview exited; is port $port in use? Set DEMO_PORT to use another." >&2
        exit 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.1
done
if [ "$ready" -ne 1 ]; then
    echo "serve-demo: error: vite preview did not listen on port $port within 15 s" >&2
    exit 1
fi

echo
echo "Demo: open $url"
echo "(API: $APPMIXER_EMULATOR_URL, token $APPMIXER_EMULATOR_TOKEN; press Ctrl-C to stop)"
echo

status=0
wait "$preview_pid" || status=$?
exit "$status"
