#Requires -Version 7.4
# The Omni provider through PowerShell's own provider cmdlets: drives, listing, paths, item operations, -WhatIf and
# the error records users match on. Content cmdlets are in Content.Tests.ps1, the module's cmdlets in
# Cmdlets.Tests.ps1, and the README's user journeys in Journeys.Tests.ps1.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $null = Import-OmniTestModule
}

Describe 'Omni drives' {
    BeforeAll {
        $drives = [System.Collections.Generic.List[string]]::new()
    }

    AfterAll {
        Remove-OmniTestDrive -Name $drives
    }

    It 'creates a drive on a named memory store and shows its canonical root' {
        $store = New-OmniTestName -Prefix 'store'
        $drive = New-OmniTestDrive -Root "memory://$store/prefix/"
        $drives.Add($drive.Name)

        $drive.Provider.Name | Should -Be 'Omni'
        $drive.Root | Should -BeExactly "memory://$store/prefix"
        $drive.Backend | Should -Be 'memory'
        (Get-PSDrive -Name $drive.Name).Root | Should -BeExactly "memory://$store/prefix"
    }

    It 'creates a drive on a local directory from a file:// URI and from a plain path' {
        $directory = Join-Path $TestDrive 'drive-root'
        $null = New-Item -Path $directory -ItemType Directory
        $fromUri = New-OmniTestDrive -Root (ConvertTo-OmniFileUri $directory)
        $fromPath = New-OmniTestDrive -Root $directory
        $drives.Add($fromUri.Name)
        $drives.Add($fromPath.Name)

        $fromUri.Backend | Should -Be 'file'
        $fromPath.Backend | Should -Be 'file'
        $fromPath.Root | Should -BeExactly $fromUri.Root
        $fromUri.Root | Should -BeLike 'file:///*drive-root'
    }

    It 'shares a named memory store between two drives on the same URI' {
        $store = New-OmniTestName -Prefix 'shared'
        $first = New-OmniTestDrive -Root "memory://$store/data"
        $second = New-OmniTestDrive -Root "memory://$store/data"
        $drives.Add($first.Name)
        $drives.Add($second.Name)

        Set-Content -Path "$($first.Name):\seen.txt" -Value 'from the first drive'

        Get-Content -Path "$($second.Name):\seen.txt" | Should -Be 'from the first drive'
    }

    It 'refuses a drive without a usable root' {
        { New-PSDrive -Name (New-OmniTestName) -PSProvider Omni -Root 'nosuchscheme://x' -ErrorAction Stop } | Should -Throw
    }

    It 'refuses -Credential on a backend that takes no credential, and says so' {
        $secret = ConvertTo-SecureString -String 'not-a-real-secret' -AsPlainText -Force
        $credential = [pscredential]::new('someone', $secret)

        { New-PSDrive -Name (New-OmniTestName) -PSProvider Omni -Root "memory://$(New-OmniTestName)" -Credential $credential -ErrorAction Stop } |
            Should -Throw '*credential*'
    }

    It 'never shows the secret of a refused credential in the error' {
        $secret = ConvertTo-SecureString -String 'Sup3rSecretValue' -AsPlainText -Force
        $credential = [pscredential]::new('someone', $secret)

        $failure = $null
        try {
            New-PSDrive -Name (New-OmniTestName) -PSProvider Omni -Root "memory://$(New-OmniTestName)" -Credential $credential -ErrorAction Stop
        }
        catch {
            $failure = $_
        }

        $failure | Should -Not -BeNullOrEmpty
        ($failure | Out-String) | Should -Not -Match 'Sup3rSecretValue'
    }

    It 'removes a drive with Remove-PSDrive' {
        $drive = New-OmniTestDrive

        Remove-PSDrive -Name $drive.Name -Scope Global

        Get-PSDrive -Name $drive.Name -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Listing with Get-ChildItem' {
    BeforeAll {
        $m = (New-OmniTestDrive).Name
        # The tree every test in this block reads:
        #   a.txt  b.log  empty/  docs/readme.md
        #   2026/11/app.ndjson  2026/11/app.log  2026/11/one.gz  2026/12/two.gz
        $null = New-Item -Path "${m}:\a.txt" -ItemType File -Value 'alpha'
        $null = New-Item -Path "${m}:\b.log" -ItemType File -Value 'beta'
        $null = New-Item -Path "${m}:\empty" -ItemType Directory
        $null = New-Item -Path "${m}:\docs" -ItemType Directory
        $null = New-Item -Path "${m}:\docs\readme.md" -ItemType File -Value 'read me'
        $null = New-Item -Path "${m}:\2026" -ItemType Directory
        $null = New-Item -Path "${m}:\2026\11" -ItemType Directory
        $null = New-Item -Path "${m}:\2026\12" -ItemType Directory
        $null = New-Item -Path "${m}:\2026\11\app.ndjson" -ItemType File -Value '{"level":"info"}'
        $null = New-Item -Path "${m}:\2026\11\app.log" -ItemType File -Value 'log'
        $null = New-Item -Path "${m}:\2026\11\one.gz" -ItemType File -Value 'one'
        $null = New-Item -Path "${m}:\2026\12\two.gz" -ItemType File -Value 'two'
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m
    }

    It 'lists the children of the drive root' {
        $names = Get-ChildItem -Path "${m}:\" | ForEach-Object Name

        $names | Should -HaveCount 5
        $names | Should -Contain 'a.txt'
        $names | Should -Contain 'b.log'
        $names | Should -Contain 'empty'
        $names | Should -Contain 'docs'
        $names | Should -Contain '2026'
    }

    It 'returns OmniItem objects carrying the provider properties' {
        $item = Get-ChildItem -Path "${m}:\" | Where-Object Name -EQ 'a.txt'

        $item | Should -BeOfType 'Omnistorage.PowerShell.OmniItem'
        $item.Length | Should -Be 5
        $item.IsContainer | Should -BeFalse
        $item.PSIsContainer | Should -BeFalse
        $item.PSChildName | Should -Be 'a.txt'
        $item.PSDrive.Name | Should -Be $m
        $item.PSProvider.Name | Should -Be 'Omni'
        $item.PSPath | Should -BeLike '*Omni::memory://*/root/a.txt'
        $item.LastWriteTime | Should -BeOfType [datetime]
    }

    It 'lists the whole tree with -Recurse' {
        $names = Get-ChildItem -Path "${m}:\" -Recurse | ForEach-Object Name

        $names | Should -HaveCount 12
        $names | Should -Contain 'readme.md'
        $names | Should -Contain 'app.ndjson'
        $names | Should -Contain 'two.gz'
        $names | Should -Contain '11'
    }

    It 'stops at the requested level with -Depth' {
        $depthZero = Get-ChildItem -Path "${m}:\" -Depth 0 | ForEach-Object Name
        $depthOne = Get-ChildItem -Path "${m}:\" -Depth 1 | ForEach-Object Name

        $depthZero | Should -HaveCount 5
        $depthOne | Should -HaveCount 8
        $depthOne | Should -Contain 'readme.md'
        $depthOne | Should -Contain '12'
        $depthOne | Should -Not -Contain 'app.ndjson'
    }

    It 'filters by name with -Filter, also below the start directory' {
        $names = Get-ChildItem -Path "${m}:\" -Recurse -Filter '*.gz' | ForEach-Object Name

        $names | Should -HaveCount 2
        $names | Should -Contain 'one.gz'
        $names | Should -Contain 'two.gz'
    }

    It 'keeps only matching names with -Include and -Recurse' {
        $names = Get-ChildItem -Path "${m}:\" -Recurse -Include '*.log' | ForEach-Object Name

        $names | Should -HaveCount 2
        $names | Should -Contain 'b.log'
        $names | Should -Contain 'app.log'
    }

    It 'drops matching names with -Exclude and -Recurse' {
        $names = Get-ChildItem -Path "${m}:\" -Recurse -Exclude '*.log', '*.gz' | ForEach-Object Name

        $names | Should -Not -Contain 'b.log'
        $names | Should -Not -Contain 'app.log'
        $names | Should -Not -Contain 'one.gz'
        $names | Should -Contain 'a.txt'
        $names | Should -Contain 'app.ndjson'
        $names | Should -Contain 'readme.md'
    }

    It 'returns names only with -Name' {
        $names = Get-ChildItem -Path "${m}:\" -Name

        $names | Should -HaveCount 5
        $names | ForEach-Object { $_ | Should -BeOfType [string] }
        $names | Should -Contain 'a.txt'
    }

    It 'returns paths relative to the start with -Name -Recurse' {
        $names = Get-ChildItem -Path "${m}:\2026" -Name -Recurse | ConvertTo-SlashPath

        $names | Should -HaveCount 6
        $names | Should -Contain '11/app.ndjson'
        $names | Should -Contain '12/two.gz'
    }

    It 'returns only objects with -File' {
        $items = Get-ChildItem -Path "${m}:\" -Recurse -File

        $items | Should -HaveCount 7
        $items | Where-Object PSIsContainer | Should -BeNullOrEmpty
    }

    It 'returns only directories with -Directory' {
        $names = Get-ChildItem -Path "${m}:\" -Recurse -Directory | ForEach-Object Name

        $names | Should -HaveCount 5
        $names | Should -Contain 'empty'
        $names | Should -Contain '12'
    }

    It 'expands wildcards in the path' {
        (Get-ChildItem -Path "${m}:\*.txt").Name | Should -Be 'a.txt'
        $months = Get-Item -Path "${m}:\2026\1?" | ForEach-Object Name
        $months | Should -HaveCount 2
        $months | Should -Contain '11'
        $months | Should -Contain '12'
        (Get-Item -Path "${m}:\[ab].log").Name | Should -Be 'b.log'
    }

    It 'takes names with wildcard characters literally with -LiteralPath' {
        # New-Item has no -LiteralPath; Set-Content -LiteralPath creates the object under its exact name.
        Set-Content -LiteralPath "${m}:\docs\[draft].md" -Value 'draft'

        (Get-Item -LiteralPath "${m}:\docs\[draft].md").Name | Should -Be '[draft].md'
        Test-Path -LiteralPath "${m}:\docs\[draft].md" | Should -BeTrue
        Remove-Item -LiteralPath "${m}:\docs\[draft].md"
        Test-Path -LiteralPath "${m}:\docs\[draft].md" | Should -BeFalse
    }

    It 'accepts \ and / as separators alike' {
        $back = Get-Item -Path "${m}:\2026\11\app.ndjson"
        $forward = Get-Item -Path "${m}:/2026/11/app.ndjson"
        $mixed = Get-Item -Path "${m}:\2026/11\app.ndjson"

        $forward.FullName | Should -BeExactly $back.FullName
        $mixed.FullName | Should -BeExactly $back.FullName
        (Get-ChildItem -Path "${m}:/2026/11" | ForEach-Object Name) | Should -HaveCount 3
    }

    It 'lists an object path as the object itself' {
        $items = Get-ChildItem -Path "${m}:\a.txt"

        $items | Should -HaveCount 1
        $items.Name | Should -Be 'a.txt'
    }
}

Describe 'Items: Get-Item, Test-Path, New-Item, Remove-Item, Rename-Item, Move-Item, Copy-Item' {
    BeforeAll {
        $m = (New-OmniTestDrive).Name
        $localDirectory = Join-Path $TestDrive 'local'
        $null = New-Item -Path $localDirectory -ItemType Directory
        $local = (New-OmniTestDrive -Root (ConvertTo-OmniFileUri $localDirectory)).Name
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m, $local
    }

    BeforeEach {
        Get-ChildItem -Path "${m}:\" | Remove-Item -Recurse -Force
        Get-ChildItem -Path "${local}:\" | Remove-Item -Recurse -Force
        $null = New-Item -Path "${m}:\a.txt" -ItemType File -Value 'alpha'
        $null = New-Item -Path "${m}:\dir" -ItemType Directory
        $null = New-Item -Path "${m}:\dir\inner.txt" -ItemType File -Value 'inner'
        $null = New-Item -Path "${m}:\dir\sub" -ItemType Directory
        $null = New-Item -Path "${m}:\dir\sub\deep.txt" -ItemType File -Value 'deep'
    }

    It 'gets one item, and the drive root' {
        $item = Get-Item -Path "${m}:\a.txt"
        $root = Get-Item -Path "${m}:\"

        $item.Name | Should -Be 'a.txt'
        $item.Length | Should -Be 5
        $root.PSIsContainer | Should -BeTrue
    }

    It 'tells objects, directories and missing items apart with Test-Path' {
        Test-Path -Path "${m}:\a.txt" | Should -BeTrue
        Test-Path -Path "${m}:\missing.txt" | Should -BeFalse
        Test-Path -Path "${m}:\dir" -PathType Container | Should -BeTrue
        Test-Path -Path "${m}:\dir" -PathType Leaf | Should -BeFalse
        Test-Path -Path "${m}:\a.txt" -PathType Leaf | Should -BeTrue
        Test-Path -Path "${m}:\dir\*.txt" | Should -BeTrue
    }

    It 'is case-sensitive on a case-sensitive backend' {
        Test-Path -LiteralPath "${m}:\A.TXT" | Should -BeFalse
    }

    It 'creates an object with New-Item -Value and a directory with -ItemType Directory' {
        $file = New-Item -Path "${m}:\new.txt" -ItemType File -Value 'fresh'
        $directory = New-Item -Path "${m}:\newdir" -ItemType Directory

        $file.Length | Should -Be 5
        Get-Content -Path "${m}:\new.txt" | Should -BeExactly 'fresh'
        $directory.PSIsContainer | Should -BeTrue
        Test-Path -Path "${m}:\newdir" -PathType Container | Should -BeTrue
    }

    It 'creates an object with New-Item -Path (a directory) -Name (a name)' {
        $null = New-Item -Path "${m}:\dir" -Name 'named.txt' -ItemType File -Value 'named'

        Get-Content -Path "${m}:\dir\named.txt" | Should -BeExactly 'named'
    }

    It 'refuses to replace an existing object without -Force, and replaces it with -Force' {
        { New-Item -Path "${m}:\a.txt" -ItemType File -Value 'other' -ErrorAction Stop } | Should -Throw -ErrorId 'OmniAlreadyExists'
        Get-Content -Path "${m}:\a.txt" | Should -BeExactly 'alpha'

        $null = New-Item -Path "${m}:\a.txt" -ItemType File -Value 'replaced' -Force
        Get-Content -Path "${m}:\a.txt" | Should -BeExactly 'replaced'
    }

    It 'removes an object, an empty directory, and a tree with -Recurse' {
        $null = New-Item -Path "${m}:\empty" -ItemType Directory

        Remove-Item -Path "${m}:\a.txt"
        Remove-Item -Path "${m}:\empty"
        Remove-Item -Path "${m}:\dir" -Recurse

        Test-Path -Path "${m}:\a.txt" | Should -BeFalse
        Test-Path -Path "${m}:\empty" | Should -BeFalse
        Test-Path -Path "${m}:\dir" | Should -BeFalse
        Get-ChildItem -Path "${m}:\" | Should -BeNullOrEmpty
    }

    It 'renames an object and a directory' {
        Rename-Item -Path "${m}:\a.txt" -NewName 'renamed.txt'
        Rename-Item -Path "${m}:\dir" -NewName 'folder'

        Test-Path -Path "${m}:\a.txt" | Should -BeFalse
        Get-Content -Path "${m}:\renamed.txt" | Should -BeExactly 'alpha'
        Test-Path -Path "${m}:\dir" | Should -BeFalse
        Get-Content -Path "${m}:\folder\sub\deep.txt" | Should -BeExactly 'deep'
    }

    It 'refuses a path as the new name of Rename-Item' {
        { Rename-Item -Path "${m}:\a.txt" -NewName 'dir/a.txt' -ErrorAction Stop } | Should -Throw
        Test-Path -Path "${m}:\a.txt" | Should -BeTrue
    }

    It 'moves an object into a directory on the same drive' {
        $moved = Move-Item -Path "${m}:\a.txt" -Destination "${m}:\dir\" -PassThru

        $moved.Name | Should -Be 'a.txt'
        Test-Path -Path "${m}:\a.txt" | Should -BeFalse
        Get-Content -Path "${m}:\dir\a.txt" | Should -BeExactly 'alpha'
    }

    It 'moves a directory to a new name on the same drive' {
        Move-Item -Path "${m}:\dir" -Destination "${m}:\moved"

        Test-Path -Path "${m}:\dir" | Should -BeFalse
        Get-Content -Path "${m}:\moved\sub\deep.txt" | Should -BeExactly 'deep'
    }

    It 'moves an object from a memory drive to a file drive, onto the disk' {
        Move-Item -Path "${m}:\a.txt" -Destination "${local}:\a.txt"

        Test-Path -Path "${m}:\a.txt" | Should -BeFalse
        Get-Content -Path "${local}:\a.txt" | Should -BeExactly 'alpha'
        Get-Content -LiteralPath (Join-Path $localDirectory 'a.txt') | Should -BeExactly 'alpha'
    }

    It 'moves a directory tree from a memory drive to a file drive' {
        Move-Item -Path "${m}:\dir" -Destination "${local}:\dir"

        Test-Path -Path "${m}:\dir" | Should -BeFalse
        Get-Content -LiteralPath (Join-Path $localDirectory 'dir/sub/deep.txt') | Should -BeExactly 'deep'
    }

    It 'copies an object within a drive and leaves the source' {
        Copy-Item -Path "${m}:\a.txt" -Destination "${m}:\copy.txt"

        Get-Content -Path "${m}:\copy.txt" | Should -BeExactly 'alpha'
        Test-Path -Path "${m}:\a.txt" | Should -BeTrue
    }

    It 'copies an object into an existing directory under its own name' {
        Copy-Item -Path "${m}:\a.txt" -Destination "${m}:\dir"

        Get-Content -Path "${m}:\dir\a.txt" | Should -BeExactly 'alpha'
    }

    It 'copies a tree with -Recurse from a memory drive to a new directory on a file drive' {
        Copy-Item -Path "${m}:\dir" -Destination "${local}:\backup" -Recurse

        Get-Content -LiteralPath (Join-Path $localDirectory 'backup/inner.txt') | Should -BeExactly 'inner'
        Get-Content -LiteralPath (Join-Path $localDirectory 'backup/sub/deep.txt') | Should -BeExactly 'deep'
        Test-Path -Path "${m}:\dir\sub\deep.txt" | Should -BeTrue
    }

    It 'copies a tree with -Recurse into an existing directory under its own name' {
        $null = New-Item -Path "${local}:\existing" -ItemType Directory

        Copy-Item -Path "${m}:\dir" -Destination "${local}:\existing" -Recurse

        Get-Content -Path "${local}:\existing\dir\sub\deep.txt" | Should -BeExactly 'deep'
    }

    It 'copies a tree back from a file drive to a memory drive' {
        Copy-Item -Path "${m}:\dir" -Destination "${local}:\round" -Recurse
        Copy-Item -Path "${local}:\round" -Destination "${m}:\back" -Recurse

        Get-Content -Path "${m}:\back\sub\deep.txt" | Should -BeExactly 'deep'
    }

    It 'refuses to copy a directory into itself' {
        { Copy-Item -Path "${m}:\dir" -Destination "${m}:\dir\sub" -Recurse -ErrorAction Stop } | Should -Throw
    }

    It 'pipes Get-ChildItem output into Remove-Item' {
        Get-ChildItem -Path "${m}:\dir" -Recurse -File | Remove-Item

        Get-ChildItem -Path "${m}:\dir" -Recurse -File | Should -BeNullOrEmpty
        Test-Path -Path "${m}:\dir\sub" -PathType Container | Should -BeTrue
    }
}

Describe 'Locations and relative paths' {
    BeforeAll {
        $m = (New-OmniTestDrive).Name
        $null = New-Item -Path "${m}:\top.txt" -ItemType File -Value 'top'
        $null = New-Item -Path "${m}:\2026" -ItemType Directory
        $null = New-Item -Path "${m}:\2026\11" -ItemType Directory
        $null = New-Item -Path "${m}:\2026\11\app.log" -ItemType File -Value 'app'
        $null = New-Item -Path "${m}:\other" -ItemType Directory
        $null = New-Item -Path "${m}:\other\x.txt" -ItemType File -Value 'x'
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m
    }

    BeforeEach {
        Push-Location
    }

    AfterEach {
        Pop-Location
    }

    It 'moves into a drive with Set-Location and shows where it is' {
        Set-Location -Path "${m}:\2026"

        (Get-Location).Path | ConvertTo-SlashPath | Should -BeExactly "${m}:/2026"
        (Get-Location).Provider.Name | Should -Be 'Omni'
        (Get-Location).Drive.Name | Should -Be $m
    }

    It 'resolves .\child, .. and ..\sibling after Set-Location' {
        Set-Location -Path "${m}:\2026"

        (Get-Item -Path '.\11').Name | Should -Be '11'
        (Get-Item -Path './11/app.log').Name | Should -Be 'app.log'
        (Get-Item -Path '..\top.txt').Name | Should -Be 'top.txt'
        (Get-Item -Path '..\other\x.txt').Name | Should -Be 'x.txt'
        (Get-ChildItem -Path . | ForEach-Object Name) | Should -Be '11'
    }

    It 'climbs with Set-Location .. and stops at the drive root' {
        Set-Location -Path "${m}:\2026\11"

        Set-Location -Path '..'
        (Get-Location).Path | ConvertTo-SlashPath | Should -BeExactly "${m}:/2026"
        Set-Location -Path '..'
        (Get-Location).Path | ConvertTo-SlashPath | Should -BeExactly "${m}:/"
        Set-Location -Path '..'
        (Get-Location).Path | ConvertTo-SlashPath | Should -BeExactly "${m}:/"
    }

    It 'lists relative to the current location' {
        Set-Location -Path "${m}:\"

        $names = Get-ChildItem -Recurse -Filter '*.log' | ForEach-Object Name

        $names | Should -Be 'app.log'
    }

    It 'resolves wildcards and relative paths with Resolve-Path and Convert-Path' {
        Set-Location -Path "${m}:\2026"

        $resolved = Resolve-Path -Path '.\1*\*.log'

        $resolved | Should -HaveCount 1
        $resolved.Path | ConvertTo-SlashPath | Should -BeExactly "${m}:/2026/11/app.log"
        $resolved.ProviderPath | Should -BeLike 'memory://*/root/2026/11/app.log'
        Convert-Path -Path '..\top.txt' | Should -BeLike 'memory://*/root/top.txt'
    }

    It 'reports a missing relative path with PowerShell''s PathNotFound' {
        Set-Location -Path "${m}:\2026"

        { Resolve-Path -Path '.\nothing-here' -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound'
    }
}

Describe '-WhatIf changes nothing' {
    BeforeAll {
        $m = (New-OmniTestDrive).Name
        $otherDirectory = Join-Path $TestDrive 'whatif'
        $null = New-Item -Path $otherDirectory -ItemType Directory
        $other = (New-OmniTestDrive -Root $otherDirectory).Name
        $null = New-Item -Path "${m}:\keep.txt" -ItemType File -Value 'unchanged'
        $null = New-Item -Path "${m}:\dir" -ItemType Directory
        $null = New-Item -Path "${m}:\dir\inside.txt" -ItemType File -Value 'inside'
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m, $other
    }

    AfterEach {
        # Every test must leave exactly the starting tree behind.
        Get-Content -Path "${m}:\keep.txt" | Should -BeExactly 'unchanged'
        Get-Content -Path "${m}:\dir\inside.txt" | Should -BeExactly 'inside'
        (Get-ChildItem -Path "${m}:\" -Recurse).Count | Should -Be 3
        Get-ChildItem -Path "${other}:\" | Should -BeNullOrEmpty
    }

    It 'New-Item -WhatIf' {
        New-Item -Path "${m}:\new.txt" -ItemType File -Value 'x' -WhatIf
        New-Item -Path "${m}:\newdir" -ItemType Directory -WhatIf
    }

    It 'Remove-Item -WhatIf' {
        Remove-Item -Path "${m}:\keep.txt" -WhatIf
        Remove-Item -Path "${m}:\dir" -Recurse -WhatIf
    }

    It 'Rename-Item -WhatIf' {
        Rename-Item -Path "${m}:\keep.txt" -NewName 'gone.txt' -WhatIf
    }

    It 'Move-Item -WhatIf, within a drive and between drives' {
        Move-Item -Path "${m}:\keep.txt" -Destination "${m}:\dir\" -WhatIf
        Move-Item -Path "${m}:\dir" -Destination "${other}:\dir" -WhatIf
    }

    It 'Copy-Item -WhatIf, of an object and of a tree' {
        Copy-Item -Path "${m}:\keep.txt" -Destination "${other}:\keep.txt" -WhatIf
        Copy-Item -Path "${m}:\dir" -Destination "${other}:\dir" -Recurse -WhatIf
    }

    It 'Set-Content, Add-Content and Clear-Content -WhatIf' {
        Set-Content -Path "${m}:\keep.txt" -Value 'changed' -WhatIf
        Add-Content -Path "${m}:\keep.txt" -Value 'more' -WhatIf
        Clear-Content -Path "${m}:\keep.txt" -WhatIf
        Set-Content -Path "${m}:\created.txt" -Value 'new' -WhatIf
    }
}

Describe 'Error records' {
    BeforeAll {
        $m = (New-OmniTestDrive).Name
        $null = New-Item -Path "${m}:\dir" -ItemType Directory
        $null = New-Item -Path "${m}:\dir\file.txt" -ItemType File -Value 'x'
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m
    }

    It 'reports a missing path with PowerShell''s own PathNotFound id' {
        { Get-Item -Path "${m}:\missing" -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound'
        { Get-ChildItem -Path "${m}:\missing" -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound'
        { Remove-Item -Path "${m}:\missing" -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound'
    }

    It 'keeps going after a failed item and reports it as a non-terminating error' {
        $items = Get-Item -Path "${m}:\missing", "${m}:\dir\file.txt" -ErrorAction SilentlyContinue -ErrorVariable failures

        $items | Should -HaveCount 1
        $items.Name | Should -Be 'file.txt'
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
    }

    It 'reports an existing destination as OmniAlreadyExists with the path as target' {
        $null = New-Item -Path "${m}:\taken.txt" -ItemType File -Value 'first'

        New-Item -Path "${m}:\taken.txt" -ItemType File -Value 'second' -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OmniAlreadyExists*'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        [string]$failures[0].TargetObject | Should -BeLike '*taken.txt'
    }
}
