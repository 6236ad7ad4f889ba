#!/usr/bin/env bash
# End-to-end browser test of the station (issue 5): a real `sohoa serve` on a free loopback port, Debian's
# chromium driven by playwright-core. An operator scans a generated dossier in, a clerk corrects its
# deliberately smudged field with the keyboard and approves it, a supervisor finds both in the audit log.
# Usage: run.sh SOHOA_BINARY SOURCE_DIR. Work files (npm packages, data, screenshots) go under
# $E2E_WORK, by default ./e2e_browser in the current directory (ctest: the build tree).
set -euo pipefail
sohoa=$(realpath "$1")
src=$(realpath "$2")
work=$(realpath -m "${E2E_WORK:-$PWD/e2e_browser}")
for tool in node npm /usr/bin/chromium; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing (scripts/setup-deps installs chromium; node and npm come with the machine)" >&2; exit 1; }
done

# npm packages go to the build tree, installed again only when the lock file changes
node_dir="$work/node"
if ! cmp -s "$src/tests/e2e/package-lock.json" "$node_dir/package-lock.json" || [ ! -d "$node_dir/node_modules/playwright-core" ]; then
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  cp "$src/tests/e2e/package.json" "$src/tests/e2e/package-lock.json" "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$src/tests/e2e/e2e.mjs" "$node_dir/"

run="$work/run"
rm -rf "$run"
mkdir -p "$run/data" "$work/screenshots"
data="$run/data"

# accounts: an operator, a clerk, a supervisor
export E2E_OPERATOR=an E2E_OPERATOR_PW='op-pass-2026' E2E_CLERK=lan E2E_CLERK_PW='clerk-pass-2026' E2E_SUPERVISOR=duc E2E_SUPERVISOR_PW='sup-pass-2026'
printf '%s\n' "$E2E_OPERATOR_PW" | "$sohoa" users add "$E2E_OPERATOR" --role operator --name "Trần Văn An" --data "$data"
printf '%s\n' "$E2E_CLERK_PW" | "$sohoa" users add "$E2E_CLERK" --role clerk --name "Nguyễn Thị Lan" --data "$data"
printf '%s\n' "$E2E_SUPERVISOR_PW" | "$sohoa" users add "$E2E_SUPERVISOR" --role supervisor --name "Lê Minh Đức" --data "$data"

# one generated dossier whose map sheet number is covered by an ink blot on the scan
export E2E_SMUDGE=parcel.map_sheet
"$sohoa" synth --out "$run/synth" --dossiers 1 --seed 41 --smudge "$E2E_SMUDGE" >/dev/null
export E2E_DOSSIER_DIR="$run/synth/d0001"

# a scanner for the intake screen's Scan button: SANE's own `test` backend (its feeder holds 10 pages)
mkdir -p "$run/sane"
echo test >"$run/sane/dll.conf"
echo "number_of_devices 1" >"$run/sane/test.conf"
echo '{"name": "e2e-feeder", "dpi": 150, "scan": {"source": "adf", "mode": "gray", "dpi": 150, "page_size": "A5", "options": []}}' >"$run/feeder.json"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SANE_CONFIG_DIR="$run/sane" "$sohoa" serve --data "$data" --port "$port" --web "$src/web" --scanner "$run/feeder.json" --device test:0 \
  >"$run/server.log" 2>&1 &
server=$!
stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap stop_server EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "e2e: sohoa serve exited:" >&2; cat "$run/server.log" >&2; exit 1; }
  sleep 0.1
done

export E2E_BASE="http://127.0.0.1:$port" E2E_OUT="$work/screenshots" E2E_PROFILE="$run/chromium-profile"
status=0
(cd "$node_dir" && timeout 150 node e2e.mjs) || status=$?
if [ "$status" -ne 0 ]; then
  echo "e2e: failed (exit $status); server log: $run/server.log, screenshots: $work/screenshots" >&2
  tail -n 30 "$run/server.log" >&2
fi
exit "$status"
