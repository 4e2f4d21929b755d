#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (PostgreSQL, through apt-get), then runs
# `dotnet test` on the solution and prints one closing line: "Total: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

bash eng/install-test-deps.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Orleans.Pipeline.sln --configuration Release --blame-hang-timeout 5m "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
awk '/(Passed|Failed)! +- +Failed:/ {
        for (i = 1; i <= NF; i++) { v = $(i+1); gsub(/,/, "", v);
            if ($i == "Failed:") f += v; else if ($i == "Passed:") p += v; else if ($i == "Skipped:") s += v }
        n++ }
     END { if (n == 0) { print "no test assembly reported a result"; exit 1 }
           printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log" || status=1
exit "$status"
