#Requires -Version 7.4
# The user journeys the module was built for, written the way a user types them, with the drive names they use:
#
#   New-PSDrive -Name s3 -PSProvider Omni -Root 's3://my-bucket/logs' -Credential $cred
#   New-PSDrive -Name local -PSProvider Omni -Root 'file:///data'
#   Get-ChildItem s3:\2026 -Recurse -Filter *.gz | Copy-Item -Destination azure:\archive
#   Get-Content s3:\2026\11\app.ndjson -Tail 5   (PowerShell allows -Tail only on FileSystem; see Get-OmniContent)
#   Set-Content local:\notes.txt -Value 'hello'
#   Get-ChildItem s3:\ | Get-OmniObjectInfo | Format-Table
#   Write-OmniRecord -Path s3:\events\today.ndjson.gz -InputObject $events
#   Read-OmniRecord -Path s3:\events\today.ndjson.gz | Where-Object level -eq 'error'
#
# Clouds are not available to these tests, so "s3:" and "azure:" are drives on named memory stores and "local:" is a
# file drive on a directory under TestDrive:. The commands are otherwise exactly the ones above.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $null = Import-OmniTestModule

    # Only drives this file created are removed in AfterAll, so a refused run never touches a user's own drives.
    $createdDrives = [System.Collections.Generic.List[string]]::new()
    foreach ($name in 's3', 'local', 'azure') {
        if (Get-PSDrive -Name $name -ErrorAction SilentlyContinue) {
            throw "A drive named '$name' already exists in this session. Run the tests in a fresh pwsh (tests/Pester/Invoke-Tests.ps1 starts one)."
        }
    }

    $bucket = New-OmniTestName -Prefix 'my-bucket-'
    $container = New-OmniTestName -Prefix 'container-'
    $dataDirectory = Join-Path $TestDrive 'data'
    $null = New-Item -Path $dataDirectory -ItemType Directory
    $dataUri = ConvertTo-OmniFileUri $dataDirectory

    $null = New-PSDrive -Name s3 -PSProvider Omni -Root "memory://$bucket/logs" -Scope Global
    $createdDrives.Add('s3')
    $null = New-PSDrive -Name local -PSProvider Omni -Root $dataUri -Scope Global
    $createdDrives.Add('local')
    $null = New-PSDrive -Name azure -PSProvider Omni -Root "memory://$container" -Scope Global
    $createdDrives.Add('azure')

    # What the bucket holds before the journeys start.
    Set-Content -Path 's3:\2026\11\app.ndjson' -Value (1..20 | ForEach-Object { '{"n":' + $_ + ',"level":"info"}' })
    Set-Content -Path 's3:\2026\11\app-1.log.gz' -Value ([byte[]](31, 139, 1)) -AsByteStream
    Set-Content -Path 's3:\2026\12\app-2.log.gz' -Value ([byte[]](31, 139, 2)) -AsByteStream
    Set-Content -Path 's3:\2026\12\notes.txt' -Value 'not an archive'
    Set-Content -Path 's3:\2025\old.gz' -Value ([byte[]](31, 139, 0)) -AsByteStream
    $null = New-Item -Path 'azure:\archive' -ItemType Directory

    $events = @(
        [pscustomobject]@{ level = 'info'; message = 'service started' }
        [pscustomobject]@{ level = 'error'; message = 'payment declined' }
        [pscustomobject]@{ level = 'debug'; message = 'cache warm' }
        [pscustomobject]@{ level = 'error'; message = 'timeout calling the bank' }
    )
}

AfterAll {
    if ($createdDrives) {
        Remove-OmniTestDrive -Name $createdDrives
    }
}

Describe 'User journeys' {
    It 'New-PSDrive -Name s3 -PSProvider Omni -Root (a bucket URI)' {
        $drive = Get-PSDrive -Name s3

        $drive.Provider.Name | Should -Be 'Omni'
        $drive.Root | Should -BeExactly "memory://$bucket/logs"
        Test-Path -Path 's3:\2026\11\app.ndjson' | Should -BeTrue
    }

    It 'New-PSDrive -Name local -PSProvider Omni -Root file:///data' {
        $drive = Get-PSDrive -Name local

        $drive.Root | Should -BeExactly $dataUri.TrimEnd('/')
        $drive.Backend | Should -Be 'file'
    }

    It 'Get-ChildItem s3:\2026 -Recurse -Filter *.gz | Copy-Item -Destination azure:\archive' {
        Get-ChildItem s3:\2026 -Recurse -Filter *.gz | Copy-Item -Destination azure:\archive

        $archived = Get-ChildItem azure:\archive | ForEach-Object Name
        $archived | Should -HaveCount 2
        $archived | Should -Contain 'app-1.log.gz'
        $archived | Should -Contain 'app-2.log.gz'
        (Get-Content azure:\archive\app-2.log.gz -AsByteStream -Raw) -join ',' | Should -Be '31,139,2'
        Test-Path s3:\2026\11\app-1.log.gz | Should -BeTrue
    }

    It 'Get-Content s3:\2026\11\app.ndjson -Tail 5 is refused by PowerShell for every provider but FileSystem' {
        # PowerShell's Get-Content checks the type of the provider's content reader and writes TailNotSupported for any
        # provider other than FileSystem; no provider can change that. Get-OmniContent -Tail is the Omni equivalent.
        { Get-Content s3:\2026\11\app.ndjson -Tail 5 -ErrorAction Stop } | Should -Throw -ErrorId 'TailNotSupported*'
    }

    It 'Get-OmniContent s3:\2026\11\app.ndjson -Tail 5' {
        $lines = Get-OmniContent s3:\2026\11\app.ndjson -Tail 5 -ErrorAction Stop

        $lines | Should -HaveCount 5
        ($lines[0] | ConvertFrom-Json).n | Should -Be 16
        ($lines[4] | ConvertFrom-Json).n | Should -Be 20
    }

    It 'Get-Content s3:\2026\11\app.ndjson | Select-Object -Last 5' {
        $lines = Get-Content s3:\2026\11\app.ndjson -ErrorAction Stop | Select-Object -Last 5

        $lines | Should -HaveCount 5
        ($lines[4] | ConvertFrom-Json).n | Should -Be 20
    }

    It 'Set-Content local:\notes.txt -Value hello' {
        Set-Content local:\notes.txt -Value 'hello'

        Get-Content local:\notes.txt | Should -BeExactly 'hello'
        Get-Content -LiteralPath (Join-Path $dataDirectory 'notes.txt') | Should -BeExactly 'hello'
    }

    It 'Get-ChildItem s3:\ | Get-OmniObjectInfo | Format-Table' {
        $infos = Get-ChildItem s3:\ | Get-OmniObjectInfo
        $table = Get-ChildItem s3:\ | Get-OmniObjectInfo | Format-Table | Out-String -Width 250

        ($infos | ForEach-Object Name | Sort-Object) -join ',' | Should -Be '2025,2026'
        $infos | ForEach-Object { $_ | Should -BeOfType 'Omnistorage.PowerShell.OmniObjectInfo' }
        $table | Should -Match 'Mode'
        $table | Should -Match 'ContentType'
        $table | Should -Match '2026'
    }

    It 'Write-OmniRecord -Path s3:\events\today.ndjson.gz -InputObject $events' {
        Write-OmniRecord -Path s3:\events\today.ndjson.gz -InputObject $events

        Test-Path s3:\events\today.ndjson.gz | Should -BeTrue
        (Get-Item s3:\events\today.ndjson.gz).Length | Should -BeGreaterThan 0
    }

    It 'Read-OmniRecord -Path s3:\events\today.ndjson.gz | Where-Object level -eq error' {
        Write-OmniRecord -Path s3:\events\today.ndjson.gz -InputObject $events

        $errors = Read-OmniRecord -Path s3:\events\today.ndjson.gz | Where-Object level -eq 'error'

        $errors | Should -HaveCount 2
        $errors[0].message | Should -BeExactly 'payment declined'
        $errors[1].message | Should -BeExactly 'timeout calling the bank'
    }
}

Describe 'A session that mixes the journeys' {
    It 'archives logs from the bucket to the local disk and reads them back' {
        $null = New-Item -Path local:\archive -ItemType Directory -Force

        Get-ChildItem s3:\2026 -Recurse -Filter *.gz | Copy-Item -Destination local:\archive
        Copy-Item -Path s3:\2026\12 -Destination local:\december -Recurse
        Get-ChildItem s3:\ -Recurse -File | Measure-Object -Property Length -Sum | ForEach-Object Sum | Should -BeGreaterThan 0

        (Get-ChildItem -LiteralPath (Join-Path $dataDirectory 'archive') -File).Name | Sort-Object | Should -Be 'app-1.log.gz', 'app-2.log.gz'
        Get-Content -LiteralPath (Join-Path $dataDirectory 'december/notes.txt') | Should -BeExactly 'not an archive'
    }

    It 'moves the bucket''s old year to the local disk and leaves the bucket without it' {
        Move-Item -Path s3:\2025 -Destination local:\2025

        Test-Path s3:\2025 | Should -BeFalse
        (Get-ChildItem -LiteralPath (Join-Path $dataDirectory '2025')).Name | Should -Be 'old.gz'
    }
}
