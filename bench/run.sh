#!/usr/bin/env bash
# Runs the Omnistorage benchmarks in Release mode; arguments are passed through (see bench/README.md):
#   bash bench/run.sh                 full run: 1 GiB files, 100,000 listed files, 3 repetitions
#   bash bench/run.sh --quick         smoke run with small sizes (proves the harness works; figures mean little)
#   bash bench/run.sh --markdown out.md --only listing
#   bash bench/run.sh --only powershell   the PowerShell module's groups (the build lays out the module first)
# The full run needs about 3 GB free in the scratch location (the system temp directory, /tmp on Linux, unless
# --work-dir or OMNI_BENCH_DIR says otherwise) and takes one to a few minutes (about 40 s of measuring on an idle
# 2-core VM, plus the build; much longer on a busy machine). Run it on an otherwise idle machine.
set -euo pipefail
repository_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run -c Release --project "$repository_root/bench/Omnistorage.Benchmarks" -- "$@"
