#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester tests against the built Omnistorage module and exits with 0 only when every test passed.

.DESCRIPTION
    By default the tests run in a fresh pwsh (-NoProfile, -NonInteractive): a binary module cannot be unloaded, so a
    session that has imported another build of Omnistorage, or that has drives named like the ones the journeys use,
    would otherwise be what gets tested. -InProcess runs them in the current session instead.

    The module tested is the one 'dotnet build src/Omnistorage.PowerShell -c Release' lays out in
    src/Omnistorage.PowerShell/bin/Release/net8.0/module/Omnistorage, or the folder given with -ModulePath (for example
    out/Omnistorage/<version> after ./build.ps1 -Package). -Build builds that layout first.

    The last line printed is 'N passed, N failed, N skipped'. A run in which no test ran fails.

.PARAMETER ModulePath
    The module folder or its Omnistorage.psd1 (sets OMNI_MODULE_PATH for the tests).

.PARAMETER Path
    Test files or folders; all of tests/Pester by default.

.PARAMETER FullNameFilter
    Runs only the tests whose full name (Describe, Context and It names joined by dots) matches one of these wildcards.

.PARAMETER Output
    Pester's output verbosity.

.PARAMETER CI
    Writes an NUnit XML report (see -TestResultPath) and formats failures for the CI system Pester detects.

.PARAMETER TestResultPath
    Where -CI writes the NUnit XML report; testResults.xml in the current directory by default.

.PARAMETER Build
    Runs 'dotnet build src/Omnistorage.PowerShell -c Release' first.

.PARAMETER InProcess
    Runs the tests in this session rather than in a fresh pwsh.

.EXAMPLE
    ./tests/Pester/Invoke-Tests.ps1 -Build

.EXAMPLE
    ./tests/Pester/Invoke-Tests.ps1 -ModulePath ./out/Omnistorage/0.2.0 -CI

.EXAMPLE
    ./tests/Pester/Invoke-Tests.ps1 -FullNameFilter '*Copy-Item*' -Output Diagnostic
#>
[CmdletBinding()]
param(
    [string] $ModulePath,
    [string[]] $Path = @($PSScriptRoot),
    [string[]] $FullNameFilter,
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Detailed',
    [switch] $CI,
    [string] $TestResultPath = 'testResults.xml',
    [switch] $Build,
    [switch] $InProcess
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $InProcess) {
    # Paths are made absolute here, where they were typed; the child starts in the same directory regardless.
    $forwarded = @{ InProcess = $true }
    foreach ($entry in $PSBoundParameters.GetEnumerator()) {
        $value = $entry.Value
        if ($value -is [switch]) {
            $value = $value.IsPresent
        }
        $forwarded[$entry.Key] = $value
    }
    if ($ModulePath) {
        $forwarded['ModulePath'] = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
    }
    $forwarded['Path'] = @($Path | ForEach-Object { (Resolve-Path -LiteralPath $_).ProviderPath })
    $forwarded['TestResultPath'] = [System.IO.Path]::GetFullPath($TestResultPath, (Get-Location -PSProvider FileSystem).ProviderPath)

    # A script block given to pwsh from PowerShell travels with its arguments serialized, so arrays and hashtables
    # arrive intact.
    & ([System.Environment]::ProcessPath) -NoLogo -NoProfile -NonInteractive -Command {
        param($Script, $Parameters)
        & $Script @Parameters
        exit $LASTEXITCODE
    } -args $PSCommandPath, $forwarded
    exit $LASTEXITCODE
}

$pester = Get-Module -Name Pester -ListAvailable |
    Where-Object { $_.Version -ge [version]'5.5.0' } |
    Sort-Object -Property Version -Descending |
    Select-Object -First 1
if (-not $pester) {
    throw 'These tests need Pester 5.5 or later: Install-Module -Name Pester -MinimumVersion 5.5.0 -Scope CurrentUser -Force'
}
Import-Module -ModuleInfo $pester -Force

$repositoryRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
if ($Build) {
    & dotnet build (Join-Path $repositoryRoot 'src/Omnistorage.PowerShell') -c Release
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet build failed with exit code $LASTEXITCODE."
    }
}

if ($ModulePath) {
    $env:OMNI_MODULE_PATH = $ModulePath
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = $Output
if ($FullNameFilter) {
    $configuration.Filter.FullName = $FullNameFilter
}
if ($CI) {
    $configuration.Output.CIFormat = 'Auto'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $TestResultPath
}

$result = Invoke-Pester -Configuration $configuration

# The plain summary line CI systems read, whatever Pester printed above it.
'{0} passed, {1} failed, {2} skipped' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount

$failed = $result.Result -ne 'Passed' -or $result.FailedCount -gt 0 -or $result.FailedContainersCount -gt 0 -or $result.FailedBlocksCount -gt 0
if ($result.PassedCount -eq 0) {
    Write-Warning 'No test ran.'
    $failed = $true
}
exit ([int]$failed)
