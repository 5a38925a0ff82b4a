#Requires -Version 7.4
# Get-Content, Set-Content, Add-Content and Clear-Content on Omni drives, on the memory and the file backend alike.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $null = Import-OmniTestModule
}

Describe 'Content on the <Backend> backend' -ForEach @(
    @{ Backend = 'memory' }
    @{ Backend = 'file' }
) {
    BeforeAll {
        $nl = [Environment]::NewLine
        if ($Backend -eq 'memory') {
            $m = (New-OmniTestDrive).Name
        }
        else {
            $directory = Join-Path $TestDrive 'content'
            $null = New-Item -Path $directory -ItemType Directory
            $m = (New-OmniTestDrive -Root (ConvertTo-OmniFileUri $directory)).Name
        }

        function Get-OmniTestBytes {
            param([string] $Path)
            [byte[]](Get-Content -LiteralPath $Path -AsByteStream -Raw)
        }
    }

    AfterAll {
        Remove-OmniTestDrive -Name $m
    }

    It 'writes lines with Set-Content and reads them back with Get-Content' {
        Set-Content -Path "${m}:\lines.txt" -Value 'one', 'two', 'three'

        $lines = Get-Content -Path "${m}:\lines.txt"

        $lines | Should -HaveCount 3
        $lines[0] | Should -BeExactly 'one'
        $lines[2] | Should -BeExactly 'three'
    }

    It 'creates missing directories on the way when Set-Content writes a new object' {
        Set-Content -Path "${m}:\new\deeper\file.txt" -Value 'nested'

        Get-Content -Path "${m}:\new\deeper\file.txt" | Should -BeExactly 'nested'
        Test-Path -Path "${m}:\new\deeper" -PathType Container | Should -BeTrue
    }

    It 'replaces the whole content with Set-Content' {
        Set-Content -Path "${m}:\replace.txt" -Value 'first version', 'with two lines'
        Set-Content -Path "${m}:\replace.txt" -Value 'second'

        Get-Content -Path "${m}:\replace.txt" | Should -BeExactly 'second'
    }

    It 'returns the whole text as one string with -Raw' {
        Set-Content -Path "${m}:\raw.txt" -Value 'one', 'two'

        $raw = Get-Content -Path "${m}:\raw.txt" -Raw

        $raw | Should -BeOfType [string]
        $raw | Should -BeExactly "one${nl}two${nl}"
    }

    It 'reads only the first lines with -TotalCount (and its alias -Head)' {
        Set-Content -Path "${m}:\head.txt" -Value (1..100 | ForEach-Object { "line $_" })

        $first = Get-Content -Path "${m}:\head.txt" -TotalCount 2
        $head = Get-Content -Path "${m}:\head.txt" -Head 3

        $first | Should -HaveCount 2
        $first[1] | Should -BeExactly 'line 2'
        $head | Should -HaveCount 3
        $head[2] | Should -BeExactly 'line 3'
    }

    It 'reads the last lines of a streamed object with Select-Object -Last' {
        # Get-Content -Tail itself is checked in Journeys.Tests.ps1 (PowerShell's Get-Content only honours -Tail for
        # the FileSystem provider's own reader); this is the form that streams on every provider.
        Set-Content -Path "${m}:\tail.txt" -Value (1..100 | ForEach-Object { "line $_" })

        $last = Get-Content -Path "${m}:\tail.txt" | Select-Object -Last 2

        $last | Should -HaveCount 2
        $last[0] | Should -BeExactly 'line 99'
        $last[1] | Should -BeExactly 'line 100'
    }

    It 'returns blocks of lines with -ReadCount' {
        Set-Content -Path "${m}:\blocks.txt" -Value (1..5 | ForEach-Object { "line $_" })

        $blocks = Get-Content -Path "${m}:\blocks.txt" -ReadCount 2

        $blocks | Should -HaveCount 3
        $blocks[0] | Should -HaveCount 2
        $blocks[2] | Should -HaveCount 1
    }

    It 'writes without line endings with -NoNewline' {
        Set-Content -Path "${m}:\nonewline.txt" -Value 'a', 'b' -NoNewline

        Get-Content -Path "${m}:\nonewline.txt" -Raw | Should -BeExactly 'ab'
    }

    It 'writes UTF-8 without a byte order mark by default' {
        Set-Content -Path "${m}:\utf8.txt" -Value 'hé' -NoNewline

        $bytes = Get-OmniTestBytes -Path "${m}:\utf8.txt"

        ($bytes -join ',') | Should -Be '104,195,169'
    }

    It 'writes and reads other encodings with -Encoding' {
        Set-Content -Path "${m}:\unicode.txt" -Value 'hé' -Encoding unicode -NoNewline
        Set-Content -Path "${m}:\bom.txt" -Value 'hé' -Encoding utf8BOM -NoNewline

        $unicode = Get-OmniTestBytes -Path "${m}:\unicode.txt"
        $bom = Get-OmniTestBytes -Path "${m}:\bom.txt"

        ($unicode -join ',') | Should -Be '255,254,104,0,233,0'
        ($bom[0..2] -join ',') | Should -Be '239,187,191'
        Get-Content -Path "${m}:\unicode.txt" -Encoding unicode | Should -BeExactly 'hé'
        Get-Content -Path "${m}:\bom.txt" | Should -BeExactly 'hé'
    }

    It 'lets a byte order mark win over the default encoding when reading' {
        Set-Content -Path "${m}:\detect.txt" -Value 'hé' -Encoding bigendianunicode

        Get-Content -Path "${m}:\detect.txt" | Should -BeExactly 'hé'
    }

    It 'reads bytes with -AsByteStream, one by one or as one array with -Raw' {
        Set-Content -Path "${m}:\bytes.bin" -Value ([byte[]](0, 1, 2, 254, 255)) -AsByteStream

        $oneByOne = Get-Content -Path "${m}:\bytes.bin" -AsByteStream
        $whole = Get-Content -Path "${m}:\bytes.bin" -AsByteStream -Raw

        $oneByOne | Should -HaveCount 5
        $oneByOne[3] | Should -BeOfType [byte]
        ($oneByOne -join ',') | Should -Be '0,1,2,254,255'
        $whole.GetType() | Should -Be ([byte[]])
        $whole.Length | Should -Be 5
    }

    It 'appends lines with Add-Content' {
        Set-Content -Path "${m}:\log.txt" -Value 'started'
        Add-Content -Path "${m}:\log.txt" -Value 'ready'
        Add-Content -Path "${m}:\log.txt" -Value 'stopped', 'exited'

        $lines = Get-Content -Path "${m}:\log.txt"

        ($lines -join '|') | Should -BeExactly 'started|ready|stopped|exited'
    }

    It 'creates the object when Add-Content appends to a missing one' {
        Add-Content -Path "${m}:\appended-new.txt" -Value 'first'

        Get-Content -Path "${m}:\appended-new.txt" | Should -BeExactly 'first'
    }

    It 'empties an object with Clear-Content and keeps it' {
        Set-Content -Path "${m}:\clear.txt" -Value 'something'

        Clear-Content -Path "${m}:\clear.txt"

        Test-Path -Path "${m}:\clear.txt" | Should -BeTrue
        (Get-Item -Path "${m}:\clear.txt").Length | Should -Be 0
        Get-Content -Path "${m}:\clear.txt" | Should -BeNullOrEmpty
    }

    It 'reads the content of items piped from Get-ChildItem' {
        Set-Content -Path "${m}:\piped\a.txt" -Value 'A'
        Set-Content -Path "${m}:\piped\b.txt" -Value 'B'

        $lines = Get-ChildItem -Path "${m}:\piped" -File | Get-Content

        ($lines | Sort-Object) -join ',' | Should -Be 'A,B'
    }

    It 'adds the provider properties to every line it reads' {
        Set-Content -Path "${m}:\props.txt" -Value 'x'

        $line = Get-Content -Path "${m}:\props.txt"

        $line.PSPath | Should -BeLike '*Omni::*props.txt'
        $line.ReadCount | Should -Be 1
    }

    It 'refuses to read a directory, naming the problem' {
        $null = New-Item -Path "${m}:\a-directory" -ItemType Directory

        { Get-Content -Path "${m}:\a-directory" -ErrorAction Stop } | Should -Throw -ErrorId 'OmniInvalidArgument'
    }

    It 'reports a missing object with PathNotFound' {
        { Get-Content -Path "${m}:\missing.txt" -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound'
    }

    It 'reads a large object line by line without -Raw' {
        $count = 20000
        Set-Content -Path "${m}:\large.txt" -Value (1..$count | ForEach-Object { "record number $_ of the large object" })

        $lines = Get-Content -Path "${m}:\large.txt"

        $lines | Should -HaveCount $count
        $lines[-1] | Should -BeExactly "record number $count of the large object"
    }
}

Describe 'Content on a file drive is the file on disk' {
    BeforeAll {
        $nl = [Environment]::NewLine
        $directory = Join-Path $TestDrive 'disk'
        $null = New-Item -Path $directory -ItemType Directory
        $local = (New-OmniTestDrive -Root (ConvertTo-OmniFileUri $directory)).Name
    }

    AfterAll {
        Remove-OmniTestDrive -Name $local
    }

    It 'writes what the FileSystem provider reads' {
        Set-Content -Path "${local}:\notes.txt" -Value 'hello'

        Get-Content -LiteralPath (Join-Path $directory 'notes.txt') -Raw | Should -BeExactly "hello${nl}"
    }

    It 'reads what the FileSystem provider wrote' {
        Set-Content -LiteralPath (Join-Path $directory 'from-disk.txt') -Value 'written', 'by FileSystem'

        Get-Content -Path "${local}:\from-disk.txt" | Should -Be 'written', 'by FileSystem'
    }
}
