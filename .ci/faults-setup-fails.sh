#!/usr/bin/env bash
# A fault-test set-up that fails must end the run with a failure, in bounded time, leaving nothing behind: no
# mariadbd, no tsc, no temp folder of the run (issue 14, item 8). Tried three ways, each under `timeout`:
#   - the compile fails while the throwaway MariaDB starts (the case that used to hang Jest for ever);
#   - the MariaDB server fails while the compile runs;
#   - the set-up's own deadline passes with both still running.
# Exits non-zero, saying which, if a run hangs, passes, fails for another reason, or leaves anything behind.
set -euo pipefail
cd "$(dirname "$0")/.."

LIMIT="${FAULTS_FAILURE_LIMIT_SECONDS:-180}"
PARENT_TMP="${TMPDIR:-/tmp}"

fail() {
  echo "faults-setup-fails: $*" >&2
  exit 1
}

try_broken_setup() {
  local what=$1 expected=$2
  shift 2
  local run log started elapsed rc=0
  run="fs$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  log="$(mktemp "$PARENT_TMP/faults-setup-fails-XXXXXX.log")"
  started=$SECONDS
  env "$@" ITAKU_TEST_RUN="$run" timeout --kill-after=10 "$LIMIT" \
    ./node_modules/.bin/jest --runInBand --ci --config jest.faults.config.js >"$log" 2>&1 || rc=$?
  elapsed=$((SECONDS - started))
  sleep 1 # a SIGKILLed child is reaped by the kernel, not by us

  local problems=()
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    problems+=("did not end within ${LIMIT}s (timeout exit code $rc): it hangs")
  elif [ "$rc" -eq 0 ]; then
    problems+=("passed although its set-up was broken")
  fi
  grep -q "the fault-test set-up failed" "$log" || problems+=("did not report the set-up failure")
  grep -qF -- "$expected" "$log" || problems+=("did not name the cause (\"$expected\")")
  grep -q "Jest did not exit" "$log" && problems+=("Jest reported open handles")
  local leftover
  leftover="$(pgrep -af "itaku-guard-run-$run" || true)"
  [ -z "$leftover" ] || problems+=("left processes running: $leftover")
  [ ! -e "$PARENT_TMP/itaku-guard-run-$run" ] || problems+=("left its temp folder $PARENT_TMP/itaku-guard-run-$run")

  if [ ${#problems[@]} -gt 0 ]; then
    echo "--- jest output ($what) ---" >&2
    tail -n 60 "$log" >&2
    rm -f "$log"
    # Only what this run started: its processes carry the run's own folder on their command line.
    local pids
    pids="$(pgrep -f "itaku-guard-run-$run" || true)"
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    fail "$what: $(printf '%s; ' "${problems[@]}")"
  fi
  rm -f "$log"
  echo "ok: $what -> failed in ${elapsed}s (exit code $rc), nothing left running, no temp folder left"
}

try_broken_setup "the compile fails while MariaDB starts" \
  "compiling the server (tsc -p tsconfig.build.json) failed" FAULTS_BREAK_SETUP=compile
try_broken_setup "MariaDB fails while the compile runs" \
  "the throwaway MariaDB exited while starting" MARIADBD_BIN=/bin/false
try_broken_setup "the set-up's own deadline passes" \
  "did not finish within 3000 ms" FAULTS_SETUP_TIMEOUT_MS=3000
