#Requires -Version 7.4
# The built module as a package: its manifest, its folder layout and dependency isolation, what it exports, its help,
# and how its objects look at the terminal.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $manifestPath = Get-OmniTestModulePath
    $null = Import-OmniTestModule
    $moduleBase = Split-Path -Path $manifestPath -Parent
    $expectedCmdlets = 'Get-OmniObjectInfo', 'Get-OmniContent', 'Write-OmniRecord', 'Read-OmniRecord', 'Get-OmniBackend', 'Register-OmniBackend', 'Find-OmniDuplicate', 'Remove-OmniDuplicate', 'Sync-OmniItem', 'Compare-OmniItem'
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'declares PowerShell 7.4 on Core, and the cmdlets it exports, by name' {
        $manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $data = Import-PowerShellDataFile -LiteralPath $manifestPath

        $manifest.Name | Should -Be 'Omnistorage'
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $manifest.CompatiblePSEditions | Should -Be 'Core'
        foreach ($name in $expectedCmdlets) {
            $data.CmdletsToExport | Should -Contain $name
        }

        # Wildcards in the export lists defeat command discovery and auto-loading.
        @($data.CmdletsToExport) + @($data.FunctionsToExport) + @($data.AliasesToExport) | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
    }

    It 'names format and type files that exist in the module folder' {
        $data = Import-PowerShellDataFile -LiteralPath $manifestPath

        $data.FormatsToProcess | Should -Not -BeNullOrEmpty
        foreach ($file in @($data.FormatsToProcess) + @($data.TypesToProcess)) {
            Join-Path $moduleBase $file | Should -Exist
        }
    }

    It 'carries gallery metadata' {
        $data = Import-PowerShellDataFile -LiteralPath $manifestPath

        $data.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
        $data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'has the same version as the manifest in the repository' {
        $repositoryManifest = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'Omnistorage.psd1'
        if (-not (Test-Path -LiteralPath $repositoryManifest)) {
            Set-ItResult -Skipped -Because 'the tests run without the repository next to them'
            return
        }

        (Import-PowerShellDataFile -LiteralPath $manifestPath).ModuleVersion |
            Should -Be (Import-PowerShellDataFile -LiteralPath $repositoryManifest).ModuleVersion
    }
}

Describe 'The imported module' {
    It 'exports exactly the cmdlets the manifest lists' {
        $exported = (Get-Module -Name Omnistorage).ExportedCmdlets.Keys

        $exported | Should -HaveCount $expectedCmdlets.Count
        foreach ($name in $expectedCmdlets) {
            $exported | Should -Contain $name
            Get-Command -Name $name -ErrorAction Stop | Should -Not -BeNullOrEmpty
        }
    }

    It 'uses approved verbs only' {
        $approved = Get-Verb | ForEach-Object Verb

        foreach ($name in $expectedCmdlets) {
            $approved | Should -Contain ($name -split '-')[0]
        }
    }

    It 'registers the Omni provider with the capabilities the provider cmdlets need' {
        $provider = Get-PSProvider -PSProvider Omni

        $provider.Name | Should -Be 'Omni'
        $provider.Capabilities.ToString() | Should -Match 'ShouldProcess'
        $provider.Capabilities.ToString() | Should -Match 'Filter'
        $provider.Capabilities.ToString() | Should -Match 'Credentials'
    }

    It 'supports -WhatIf and -Confirm on the cmdlets that change data' {
        foreach ($name in 'Write-OmniRecord', 'Register-OmniBackend') {
            (Get-Command -Name $name).Parameters.Keys | Should -Contain 'WhatIf'
            (Get-Command -Name $name).Parameters.Keys | Should -Contain 'Confirm'
        }
    }

    It 'offers -Path and -LiteralPath (alias PSPath) on every path-taking cmdlet' {
        foreach ($name in 'Get-OmniObjectInfo', 'Get-OmniContent', 'Write-OmniRecord', 'Read-OmniRecord', 'Register-OmniBackend') {
            $parameters = (Get-Command -Name $name).Parameters

            $parameters.Keys | Should -Contain 'Path'
            $parameters.Keys | Should -Contain 'LiteralPath'
            $parameters['LiteralPath'].Aliases | Should -Contain 'PSPath'
        }
    }
}

Describe 'The module folder and dependency isolation' {
    It 'keeps only the cmdlets assembly at the module root' {
        $rootAssemblies = Get-ChildItem -LiteralPath $moduleBase -Filter '*.dll' -File | ForEach-Object Name

        $rootAssemblies | Should -Be 'Omnistorage.PowerShell.dll'
    }

    It 'ships Core and the backends in Dependencies' {
        $dependencies = Join-Path $moduleBase 'Dependencies'

        Join-Path $dependencies 'Omnistorage.Core.dll' | Should -Exist
        Join-Path $dependencies 'Omnistorage.Backends.Memory.dll' | Should -Exist
        Join-Path $dependencies 'Omnistorage.Backends.File.dll' | Should -Exist
    }

    It 'loads Core from Dependencies into its own load context, not the default one' {
        # Using a drive makes sure Core is loaded whatever the module loads lazily.
        $drive = New-OmniTestDrive
        try {
            $cores = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Omnistorage.Core' }
        }
        finally {
            Remove-OmniTestDrive -Name $drive.Name
        }

        $cores | Should -HaveCount 1
        $cores.Location | Should -BeLike (Join-Path (Join-Path $moduleBase 'Dependencies') '*')
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($cores) | Should -Not -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }
}

Describe 'Help' {
    BeforeAll {
        # Help for about_ topics is found through the module path, as for an installed module.
        $savedModulePath = $env:PSModulePath
        $env:PSModulePath = (Split-Path -Path $moduleBase -Parent) + [System.IO.Path]::PathSeparator + $env:PSModulePath
    }

    AfterAll {
        $env:PSModulePath = $savedModulePath
    }

    It 'has full help with a synopsis, parameters and examples for <Name>' -ForEach @(
        @{ Name = 'Get-OmniObjectInfo' }
        @{ Name = 'Write-OmniRecord' }
        @{ Name = 'Read-OmniRecord' }
        @{ Name = 'Get-OmniBackend' }
        @{ Name = 'Register-OmniBackend' }
    ) {
        $help = Get-Help -Name $Name -Full

        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file, PowerShell makes up a synopsis from the syntax.
        $help.Synopsis | Should -Not -BeLike "*$Name *[<]*"
        @($help.Examples.Example) | Should -Not -BeNullOrEmpty
        ($help | Out-String -Width 200) | Should -Match 'EXAMPLE'
    }

    It 'documents every parameter of Write-OmniRecord' {
        $help = Get-Help -Name 'Write-OmniRecord' -Full
        $documented = @($help.Parameters.Parameter | ForEach-Object Name)

        foreach ($parameter in 'Path', 'LiteralPath', 'InputObject', 'Append', 'PassThru') {
            $documented | Should -Contain $parameter
        }
    }

    It 'has the about topic <Topic>' -ForEach @(
        @{ Topic = 'about_Omnistorage' }
        @{ Topic = 'about_Omnistorage_Provider' }
    ) {
        $text = Get-Help -Name $Topic | Out-String

        $text | Should -Match 'SHORT DESCRIPTION'
    }
}

Describe 'Format views' {
    BeforeAll {
        $m = (New-OmniTestDrive).Name
        $null = New-Item -Path "${m}:\report.csv" -ItemType File -Value ('x' * 2048)
        $null = New-Item -Path "${m}:\folder" -ItemType Directory
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m
    }

    It 'shows listings like the FileSystem provider: Mode, LastWriteTime, Length, Name' {
        $text = Get-ChildItem -Path "${m}:\" | Out-String -Width 200

        $text | Should -Match 'Mode'
        $text | Should -Match 'LastWriteTime'
        $text | Should -Match 'Length'
        $text | Should -Match 'report\.csv'
        $text | Should -Match 'Directory: memory://'
    }

    It 'shows human-readable sizes and a short type column' {
        $text = Get-ChildItem -Path "${m}:\" | Out-String -Width 200

        $text | Should -Match '2 KiB'
        $text | Should -Match 'd----\s'
    }

    It 'offers the aliases Size and ModTime on listed items' {
        $item = Get-Item -Path "${m}:\report.csv"

        $item.Size | Should -Be 2048
        $item.ModTime | Should -Be $item.LastWriteTimeUtc
    }

    It 'shows backends as a table' {
        $text = Get-OmniBackend | Out-String -Width 200

        $text | Should -Match 'Schemes'
        $text | Should -Match 'memory'
    }
}

# Last, because it unloads the module the blocks above use.
Describe 'Removing and importing again' {
    It 'can be removed and imported again in the same session' {
        Remove-Module -Name Omnistorage -Force
        Get-Module -Name Omnistorage | Should -BeNullOrEmpty

        $again = Import-OmniTestModule

        $again.Name | Should -Be 'Omnistorage'
        Get-Command -Name 'Get-OmniBackend' -ErrorAction Stop | Should -Not -BeNullOrEmpty
    }
}
