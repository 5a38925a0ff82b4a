#!/usr/bin/env bash
# Builds the solution once, runs every test project, and prints the totals of all TRX result files as the very last
# line: "N passed, N failed, N skipped". Exits non-zero when the build failed, a test failed, or no test ran.
# Real test servers (S3, SFTP, ...) are started first when tests/servers/start-all.sh exists, and stopped on exit.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export POWERSHELL_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results="$(mktemp -d "${TMPDIR:-/tmp}/omni-test-results.XXXXXX")"

cleanup() {
    # Stopping is safe to call even when starting failed half-way: stop-all.sh stops whatever it finds by PID.
    if [[ -f tests/servers/start-all.sh && -f tests/servers/stop-all.sh ]]; then
        bash tests/servers/stop-all.sh || echo "warning: tests/servers/stop-all.sh failed" >&2
    fi
    rm -rf "$results"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

summary() {
    # Sums the <Counters> of every TRX file. xunit's skipped tests are "NotExecuted" results, counted in total but
    # not in executed; failed, error, timeout and aborted all count as failed.
    python3 - "$results" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        continue
    number = lambda name: int(counters.get(name, "0"))
    passed += number("passed")
    failed += number("failed") + number("error") + number("timeout") + number("aborted")
    skipped += number("total") - number("executed")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
}

if [[ -f tests/servers/start-all.sh ]]; then
    echo "== starting test servers"
    if ! bash tests/servers/start-all.sh; then
        echo "error: tests/servers/start-all.sh failed" >&2
        echo "0 passed, 0 failed, 0 skipped"
        exit 1
    fi
    # The start script writes the servers' connection settings here for the tests to read.
    if [[ -f tests/servers/.env ]]; then
        set -a
        # shellcheck disable=SC1091
        source tests/servers/.env
        set +a
    fi
fi

echo "== dotnet build Omnistorage.sln -c Release"
if ! dotnet build Omnistorage.sln -c Release; then
    echo "error: the build failed" >&2
    echo "0 passed, 0 failed, 0 skipped"
    exit 1
fi

echo "== dotnet test Omnistorage.sln -c Release"
test_exit=0
dotnet test Omnistorage.sln -c Release --no-build --logger "trx;LogFilePrefix=omni" --results-directory "$results" || test_exit=$?

totals="$(summary)" || totals=""
if [[ -z "$totals" ]]; then
    echo "error: the TRX result files could not be read" >&2
    echo "0 passed, 0 failed, 0 skipped"
    exit 1
fi

read -r passed _ failed _ skipped _ <<<"$totals"
status=0
if [[ "$test_exit" -ne 0 ]]; then
    echo "error: dotnet test exited with code $test_exit" >&2
    status=1
fi
if [[ "$failed" -ne 0 ]]; then status=1; fi
if [[ $((passed + failed)) -eq 0 ]]; then
    echo "error: no tests ran" >&2
    status=1
fi

echo "$totals"
exit "$status"
