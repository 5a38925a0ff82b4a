#!/usr/bin/env bash
# Build entry point for machines without pwsh; build.ps1 does the same for PowerShell users.
#   bash build.sh build      dotnet build of the solution
#   bash build.sh test       every test (tests/run-all.sh, always Release)
#   bash build.sh package    the importable module folder out/Omnistorage/<version>/
# Several commands may be given; -c|--configuration Debug|Release (default Release) applies to build and package.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
export POWERSHELL_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

configuration=Release
commands=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -c|--configuration) configuration="$2"; shift 2 ;;
        build|test|package) commands+=("$1"); shift ;;
        *) echo "usage: bash build.sh [build] [test] [package] [-c Debug|Release]" >&2; exit 1 ;;
    esac
done
[[ ${#commands[@]} -gt 0 ]] || commands=(build)

build() {
    dotnet build Omnistorage.sln -c "$configuration"
}

# The module layout PowerShell loads: the manifest, Omnistorage.PowerShell.dll, format/type files and en-US help at
# the root, everything that dll loads through its own AssemblyLoadContext (Core, the backends and their dependencies)
# in Dependencies/. The build assembles it (the LayoutModule target of src/Omnistorage.PowerShell); packaging copies it
# into a versioned folder Import-Module accepts.
package() {
    local version out layout
    version="$(sed -n "s/^[[:space:]]*ModuleVersion[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" Omnistorage.psd1)"
    [[ -n "$version" ]] || { echo "error: no ModuleVersion in Omnistorage.psd1" >&2; return 1; }
    dotnet build src/Omnistorage.PowerShell/Omnistorage.PowerShell.csproj -c "$configuration"
    layout="src/Omnistorage.PowerShell/bin/$configuration/net8.0/module/Omnistorage"
    out="out/Omnistorage/$version"
    rm -rf "$out"
    mkdir -p "$out"
    cp -R "$layout/." "$out/"
    echo "Module folder: $out"
    (cd "$out" && find . -type f | sort)
}

for command in "${commands[@]}"; do
    case "$command" in
        build) build ;;
        test) bash tests/run-all.sh ;;
        package) package ;;
    esac
done
