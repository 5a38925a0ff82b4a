# Shared by every *.Tests.ps1 file here. Dot-source it inside BeforeAll:
#     BeforeAll { . (Join-Path $PSScriptRoot 'TestHelpers.ps1'); Import-OmniTestModule }
# so that the functions exist in the scope Pester runs the tests in.

function Get-OmniTestModulePath {
    <#
    .SYNOPSIS
        The built module's manifest: $env:OMNI_MODULE_PATH (the manifest or its folder) when set, otherwise the folder
        'dotnet build src/Omnistorage.PowerShell -c Release' lays out.
    #>
    if ($env:OMNI_MODULE_PATH) {
        $path = $env:OMNI_MODULE_PATH
        if (Test-Path -LiteralPath $path -PathType Container) {
            $path = Join-Path $path 'Omnistorage.psd1'
        }
        return $path
    }

    $repositoryRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    Join-Path $repositoryRoot 'src/Omnistorage.PowerShell/bin/Release/net8.0/module/Omnistorage/Omnistorage.psd1'
}

function Import-OmniTestModule {
    <#
    .SYNOPSIS
        Imports the built module (never an installed copy) and returns it.
    #>
    $path = Get-OmniTestModulePath
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        throw "The built module is missing at '$path'. Build it with 'dotnet build src/Omnistorage.PowerShell -c Release', or set OMNI_MODULE_PATH to a module folder."
    }

    Import-Module -Name $path -Force -ErrorAction Stop -PassThru
}

function New-OmniTestName {
    <#
    .SYNOPSIS
        A random name with a prefix, so that tests never share drives or memory stores.
    #>
    param([string] $Prefix = 'pt')
    $Prefix + [guid]::NewGuid().ToString('N').Substring(0, 10)
}

function ConvertTo-OmniFileUri {
    <#
    .SYNOPSIS
        A file:// URI for a local directory (file:///tmp/x on Linux and macOS, file:///C:/x on Windows).
    #>
    param([Parameter(Mandatory)] [string] $Path)
    ([System.Uri]::new([System.IO.Path]::GetFullPath($Path))).AbsoluteUri
}

function New-OmniTestDrive {
    <#
    .SYNOPSIS
        Creates a global Omni drive with a random name (unless -Name is given) and returns it.
    .PARAMETER Root
        The drive root; by default a new named memory store, memory://<random>/root.
    #>
    param(
        [string] $Name = (New-OmniTestName -Prefix 'pt'),
        [string] $Root = "memory://$(New-OmniTestName -Prefix 'pester')/root"
    )
    New-PSDrive -Name $Name -PSProvider Omni -Root $Root -Scope Global -ErrorAction Stop
}

function Remove-OmniTestDrive {
    <#
    .SYNOPSIS
        Removes drives created by New-OmniTestDrive; missing ones are ignored so AfterAll never hides the real failure.
    #>
    param([string[]] $Name)
    foreach ($driveName in $Name) {
        if ($driveName -and (Get-PSDrive -Name $driveName -Scope Global -ErrorAction SilentlyContinue)) {
            Remove-PSDrive -Name $driveName -Scope Global -Force
        }
    }
}

function ConvertTo-SlashPath {
    <#
    .SYNOPSIS
        Turns every \ into /, so that assertions on paths read the same on Windows and on Linux.
    #>
    param([Parameter(ValueFromPipeline)] [string] $Path)
    process { $Path -replace '\\', '/' }
}
