#Requires -Version 7.4
# The module's own cmdlets: Get-OmniObjectInfo, Write-OmniRecord, Read-OmniRecord, Get-OmniBackend and
# Register-OmniBackend, including their error ids and -WhatIf.

BeforeDiscovery {
    # Register-OmniBackend's positive test needs the sample backend assembly that the unit tests build
    # (tests/Unit/Omnistorage.TestBackend); it is skipped, visibly, when that has not been built.
    $repositoryRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $sampleBackend = 'Release', 'Debug' |
        ForEach-Object { Join-Path $repositoryRoot "tests/Unit/Omnistorage.TestBackend/bin/$_/net8.0/Omnistorage.TestBackend.dll" } |
        Where-Object { Test-Path -LiteralPath $_ -PathType Leaf } |
        Select-Object -First 1
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $null = Import-OmniTestModule
}

Describe 'Get-OmniObjectInfo' {
    BeforeAll {
        $m = (New-OmniTestDrive).Name
        $null = New-Item -Path "${m}:\hello.txt" -ItemType File -Value 'hello'
        $null = New-Item -Path "${m}:\other.txt" -ItemType File -Value 'other'
        $null = New-Item -Path "${m}:\dir" -ItemType Directory
        $null = New-Item -Path "${m}:\dir\inside.log" -ItemType File -Value 'inside'
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m
    }

    It 'describes one object' {
        $info = Get-OmniObjectInfo -Path "${m}:\hello.txt"

        $info | Should -BeOfType 'Omnistorage.PowerShell.OmniObjectInfo'
        $info.Name | Should -Be 'hello.txt'
        $info.Length | Should -Be 5
        $info.IsContainer | Should -BeFalse
        $info.Backend | Should -Be 'memory'
        $info.Drive | Should -Be $m
        $info.FullName | Should -BeLike 'memory://*/root/hello.txt'
    }

    It 'describes a directory' {
        $info = Get-OmniObjectInfo -Path "${m}:\dir"

        $info.IsContainer | Should -BeTrue
        $info.Length | Should -BeNullOrEmpty
    }

    It 'expands wildcards in -Path' {
        $names = Get-OmniObjectInfo -Path "${m}:\*.txt" | ForEach-Object Name

        $names | Should -HaveCount 2
        $names | Should -Contain 'hello.txt'
        $names | Should -Contain 'other.txt'
    }

    It 'computes the hashes asked for with -Hash' {
        $info = Get-OmniObjectInfo -Path "${m}:\hello.txt" -Hash SHA256, MD5

        $info.Hashes['SHA256'] | Should -BeExactly '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
        $info.Hashes['MD5'] | Should -BeExactly '5d41402abc4b2a76b9719d911017c592'
    }

    It 'takes items piped from Get-ChildItem, by their PSPath' {
        $infos = Get-ChildItem -Path "${m}:\" -Recurse -File | Get-OmniObjectInfo

        $infos | Should -HaveCount 3
        ($infos | ForEach-Object Name | Sort-Object) -join ',' | Should -Be 'hello.txt,inside.log,other.txt'
    }

    It 'works from another current location, because piped items carry their full path' {
        Push-Location -Path $TestDrive
        try {
            $info = Get-ChildItem -Path "${m}:\dir" | Get-OmniObjectInfo
        }
        finally {
            Pop-Location
        }

        $info.Name | Should -Be 'inside.log'
    }

    It 'pipes its own output into the provider cmdlets through PSPath' {
        $info = Get-OmniObjectInfo -Path "${m}:\hello.txt"

        $info | Get-Content | Should -BeExactly 'hello'
    }

    It 'reports a missing literal path as OmniItemNotFound' {
        { Get-OmniObjectInfo -LiteralPath "${m}:\missing.txt" -ErrorAction Stop } | Should -Throw -ErrorId 'OmniItemNotFound'
    }

    It 'reports a path that matches nothing as OmniItemNotFound, with the path as target, and goes on' {
        $infos = Get-OmniObjectInfo -Path "${m}:\missing.txt", "${m}:\hello.txt" -ErrorAction SilentlyContinue -ErrorVariable failures

        $infos | Should -HaveCount 1
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OmniItemNotFound*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be "${m}:\missing.txt"
    }

    It 'shows a table with Format-Table and a detailed list by default' {
        $table = Get-OmniObjectInfo -Path "${m}:\*.txt" | Format-Table | Out-String -Width 250
        $list = Get-OmniObjectInfo -Path "${m}:\hello.txt" -Hash SHA256 | Out-String -Width 250

        $table | Should -Match 'ContentType'
        $table | Should -Match 'hello\.txt'
        $list | Should -Match 'FullName\s*:'
        $list | Should -Match '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
    }
}

Describe 'Write-OmniRecord and Read-OmniRecord' {
    BeforeAll {
        $m = (New-OmniTestDrive).Name
        $events = @(
            [pscustomobject]@{ level = 'info'; message = 'started'; id = 1 }
            [pscustomobject]@{ level = 'error'; message = 'disk full'; id = 2 }
            [pscustomobject]@{ level = 'warning'; message = 'slow'; id = 3 }
            [pscustomobject]@{ level = 'error'; message = 'retry failed'; id = 4 }
        )
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m
    }

    It 'round-trips objects through <Name>' -ForEach @(
        @{ Name = 'events.ndjson' }
        @{ Name = 'events.ndjson.gz' }
        @{ Name = 'events.jsonl.zst' }
        @{ Name = 'events.rec' }
        @{ Name = 'events.rec.gz' }
    ) {
        Write-OmniRecord -Path "${m}:\roundtrip\$Name" -InputObject $events

        $records = Read-OmniRecord -Path "${m}:\roundtrip\$Name"

        $records | Should -HaveCount 4
        $records[1].level | Should -BeExactly 'error'
        $records[1].message | Should -BeExactly 'disk full'
        $records[3].id | Should -Be 4
    }

    It 'writes pipeline input, one record per object' {
        $events | Write-OmniRecord -Path "${m}:\piped.ndjson"

        (Read-OmniRecord -Path "${m}:\piped.ndjson") | Should -HaveCount 4
    }

    It 'writes NDJSON that other tools can read line by line' {
        Write-OmniRecord -Path "${m}:\plain.ndjson" -InputObject $events

        $lines = Get-Content -Path "${m}:\plain.ndjson"

        $lines | Should -HaveCount 4
        ($lines[1] | ConvertFrom-Json).message | Should -BeExactly 'disk full'
    }

    It 'writes a gzip stream that starts with the gzip magic bytes' {
        Write-OmniRecord -Path "${m}:\magic.ndjson.gz" -InputObject $events

        $bytes = Get-Content -Path "${m}:\magic.ndjson.gz" -AsByteStream -TotalCount 2

        ($bytes -join ',') | Should -Be '31,139'
    }

    It 'filters records with Where-Object as they are read' {
        Write-OmniRecord -Path "${m}:\filter.ndjson.gz" -InputObject $events

        $errors = Read-OmniRecord -Path "${m}:\filter.ndjson.gz" | Where-Object level -EQ 'error'

        $errors | Should -HaveCount 2
        $errors.message | Should -Contain 'retry failed'
    }

    It 'reads records as text with -AsString and as bytes with -AsByteArray' {
        Write-OmniRecord -Path "${m}:\strings.rec" -InputObject 'first', 'second'

        $text = Read-OmniRecord -Path "${m}:\strings.rec" -AsString
        $bytes = Read-OmniRecord -Path "${m}:\strings.rec" -AsByteArray

        $text | Should -HaveCount 2
        $text[0] | Should -BeOfType [string]
        $bytes | Should -HaveCount 2
        $bytes[1].GetType() | Should -Be ([byte[]])
    }

    It 'appends records to an existing stream with -Append' {
        Write-OmniRecord -Path "${m}:\append.ndjson" -InputObject $events[0]
        Write-OmniRecord -Path "${m}:\append.ndjson" -InputObject $events[1] -Append

        (Read-OmniRecord -Path "${m}:\append.ndjson").id | Should -Be 1, 2
    }

    It 'replaces an existing stream by default' {
        Write-OmniRecord -Path "${m}:\replace.ndjson" -InputObject $events
        Write-OmniRecord -Path "${m}:\replace.ndjson" -InputObject $events[0]

        (Read-OmniRecord -Path "${m}:\replace.ndjson") | Should -HaveCount 1
    }

    It 'refuses to replace an existing stream with -NoClobber' {
        Write-OmniRecord -Path "${m}:\keep.ndjson" -InputObject $events

        { Write-OmniRecord -Path "${m}:\keep.ndjson" -InputObject $events[0] -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'OmniAlreadyExists'
        (Read-OmniRecord -Path "${m}:\keep.ndjson") | Should -HaveCount 4
    }

    It 'writes an empty stream when there are no records' {
        @() | Write-OmniRecord -Path "${m}:\empty.ndjson.gz"

        Test-Path -Path "${m}:\empty.ndjson.gz" | Should -BeTrue
        @(Read-OmniRecord -Path "${m}:\empty.ndjson.gz").Count | Should -Be 0
    }

    It 'returns the written object with -PassThru' {
        $written = Write-OmniRecord -Path "${m}:\passthru.ndjson" -InputObject $events -PassThru

        $written | Should -BeOfType 'Omnistorage.PowerShell.OmniObjectInfo'
        $written.Name | Should -Be 'passthru.ndjson'
        $written.Length | Should -BeGreaterThan 0
    }

    It 'writes nothing with -WhatIf' {
        Write-OmniRecord -Path "${m}:\whatif.ndjson" -InputObject $events -WhatIf

        Test-Path -Path "${m}:\whatif.ndjson" | Should -BeFalse
    }

    It 'streams a large number of records in and out' {
        $count = 10000
        1..$count | ForEach-Object { [pscustomobject]@{ n = $_ } } | Write-OmniRecord -Path "${m}:\large.ndjson.gz"

        $read = 0
        $last = $null
        Read-OmniRecord -Path "${m}:\large.ndjson.gz" | ForEach-Object { $read++; $last = $_ }

        $read | Should -Be $count
        $last.n | Should -Be $count
    }

    It 'reads and writes plain FileSystem paths without a drive' {
        $path = Join-Path $TestDrive 'on-disk.ndjson'

        Write-OmniRecord -Path $path -InputObject $events

        Test-Path -LiteralPath $path | Should -BeTrue
        (Get-Content -LiteralPath $path) | Should -HaveCount 4
        (Read-OmniRecord -Path $path) | Should -HaveCount 4
    }

    It 'reports a missing stream as OmniItemNotFound' {
        { Read-OmniRecord -Path "${m}:\missing.ndjson" -ErrorAction Stop } | Should -Throw -ErrorId 'OmniItemNotFound'
        { Read-OmniRecord -LiteralPath "${m}:\missing.ndjson" -ErrorAction Stop } | Should -Throw -ErrorId 'OmniItemNotFound'
    }

    It 'reports a damaged compressed stream as OmniIntegrity' {
        Set-Content -Path "${m}:\damaged.ndjson.gz" -Value ([byte[]](31, 139, 8, 0, 1, 2, 3)) -AsByteStream

        { Read-OmniRecord -Path "${m}:\damaged.ndjson.gz" -ErrorAction Stop } | Should -Throw -ErrorId 'OmniIntegrity'
    }

    It 'refuses -AsString together with -AsByteArray' {
        Write-OmniRecord -Path "${m}:\both.rec" -InputObject 'x'

        { Read-OmniRecord -Path "${m}:\both.rec" -AsString -AsByteArray -ErrorAction Stop } | Should -Throw -ErrorId 'OmniInvalidArgument'
    }
}

Describe 'Get-OmniBackend' {
    BeforeAll {
        $m = (New-OmniTestDrive).Name
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m
    }

    It 'lists the built-in backends' {
        $names = Get-OmniBackend | ForEach-Object Name

        $names | Should -Contain 'memory'
        $names | Should -Contain 'file'
        $names | Should -Contain 'channel'
        $names | Should -Contain 'multi'
    }

    It 'describes one backend with its schemes and options' {
        $file = Get-OmniBackend -Name file

        $file | Should -HaveCount 1
        $file.Schemes | Should -Contain 'file'
        $file.Options.Name | Should -Contain 'create-root'
        ($file.Options | Where-Object Name -EQ 'create-root').EnvironmentVariable | Should -Be 'OMNI_FILE_CREATE_ROOT'
    }

    It 'expands wildcards in -Name' {
        (Get-OmniBackend -Name 'mem*').Name | Should -Be 'memory'
    }

    It 'reports an unknown backend as OmniBackendNotFound' {
        { Get-OmniBackend -Name 'no-such-backend' -ErrorAction Stop } | Should -Throw -ErrorId 'OmniBackendNotFound'
    }

    It 'describes the backend behind a drive with -Drive' {
        $backend = Get-OmniBackend -Drive $m

        $backend.Name | Should -Be 'memory'
        $backend.Drive | Should -Be $m
        $backend.Root | Should -Be (Get-PSDrive -Name $m).Root
    }

    It 'reports a name that is not an Omni drive as OmniNoDrive' {
        { Get-OmniBackend -Drive 'nosuchdrive' -ErrorAction Stop } | Should -Throw -ErrorId 'OmniNoDrive'
    }
}

Describe 'Register-OmniBackend' {
    It 'reports a missing assembly as OmniItemNotFound' {
        $missing = Join-Path $TestDrive 'missing-backend.dll'

        { Register-OmniBackend -LiteralPath $missing -ErrorAction Stop } | Should -Throw -ErrorId 'OmniItemNotFound'
    }

    It 'registers nothing with -WhatIf' -Skip:(-not $sampleBackend) -ForEach @{ Assembly = $sampleBackend } {
        # Registration lasts for the process, so compare with the state before rather than assume a fresh session.
        $before = @(Get-OmniBackend -Name 'sample' -ErrorAction SilentlyContinue).Count

        Register-OmniBackend -LiteralPath $Assembly -WhatIf

        @(Get-OmniBackend -Name 'sample' -ErrorAction SilentlyContinue).Count | Should -Be $before
    }

    It 'registers the backends of an assembly, which then work in New-PSDrive' -Skip:(-not $sampleBackend) -ForEach @{ Assembly = $sampleBackend } {
        $registered = Register-OmniBackend -LiteralPath $Assembly

        $registered.Name | Should -Contain 'sample'
        (Get-OmniBackend -Name 'sample').Schemes | Should -Contain 'sample'

        $drive = New-OmniTestDrive -Root "sample://$(New-OmniTestName -Prefix 'store')"
        try {
            Set-Content -Path "$($drive.Name):\hello.txt" -Value 'from a registered backend'
            Get-Content -Path "$($drive.Name):\hello.txt" | Should -BeExactly 'from a registered backend'
        }
        finally {
            Remove-OmniTestDrive -Name $drive.Name
        }
    }
}
