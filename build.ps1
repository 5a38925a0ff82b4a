#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages Omnistorage.

.DESCRIPTION
    -Build    runs dotnet build on the solution.
    -Test     runs every test: tests/run-all.sh when bash is available (it also starts the test servers), otherwise
              dotnet test on the solution.
    -Package  produces out/Omnistorage/<version>/, a folder Import-Module accepts: the manifest and
              Omnistorage.PowerShell.dll at the root, Core and the backends in Dependencies/.
    With no switch, -Build is assumed. build.sh does the same on machines without pwsh.

.EXAMPLE
    ./build.ps1 -Build -Test

.EXAMPLE
    ./build.ps1 -Package; Import-Module ./out/Omnistorage/0.2.0/Omnistorage.psd1
#>
[CmdletBinding()]
param(
    [switch] $Build,
    [switch] $Test,
    [switch] $Package,
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

if (-not ($Build -or $Test -or $Package)) {
    $Build = $true
}

# A simple function (no param block) on purpose: its $args passes dotnet's own switches such as -c and -o through
# untouched, where an advanced function would try to bind them as its parameters.
function Invoke-DotNet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Get-Bash {
    $bash = Get-Command bash -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    # On Windows, System32\bash.exe starts WSL, a different machine with its own tools; Git Bash and MSYS2 are fine.
    if ($bash -and $IsWindows -and $bash.Source -like "$env:SystemRoot\System32\*") {
        return $null
    }
    return $bash
}

Push-Location $PSScriptRoot
try {
    if ($Build) {
        Invoke-DotNet build Omnistorage.sln -c $Configuration
    }

    if ($Test) {
        $bash = Get-Bash
        if ($bash) {
            # run-all.sh always builds and tests the Release configuration.
            & $bash.Source tests/run-all.sh
            if ($LASTEXITCODE -ne 0) {
                throw "tests/run-all.sh failed with exit code $LASTEXITCODE."
            }
        }
        else {
            Invoke-DotNet test Omnistorage.sln -c $Configuration
        }
    }

    if ($Package) {
        # The build assembles the module layout (the LayoutModule target of src/Omnistorage.PowerShell): manifest,
        # Omnistorage.PowerShell.dll, format/type files and en-US help at the root, Core, the backends and their
        # dependencies in Dependencies/. Packaging copies it into a versioned folder Import-Module accepts.
        $manifest = Import-PowerShellDataFile -Path (Join-Path $PSScriptRoot 'Omnistorage.psd1')
        $version = $manifest.ModuleVersion
        Invoke-DotNet build src/Omnistorage.PowerShell/Omnistorage.PowerShell.csproj -c $Configuration
        $layout = Join-Path $PSScriptRoot "src/Omnistorage.PowerShell/bin/$Configuration/net8.0/module/Omnistorage"
        $out = Join-Path $PSScriptRoot "out/Omnistorage/$version"
        if (Test-Path -LiteralPath $out) {
            Remove-Item -LiteralPath $out -Recurse -Force
        }
        New-Item -ItemType Directory -Path $out -Force | Out-Null
        Copy-Item -Path (Join-Path $layout '*') -Destination $out -Recurse
        Write-Host "Module folder: $out"
        Get-ChildItem -LiteralPath $out -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($out, $_.FullName) } | Sort-Object
    }
}
finally {
    Pop-Location
}
