using System.IO.Compression;
using System.Management.Automation;
using System.Numerics;
using System.Text;
using Omnistorage.PowerShell.Tests.Hosting;
using static Omnistorage.PowerShell.Tests.Cmdlets.CmdletAssert;

namespace Omnistorage.PowerShell.Tests.Cmdlets;

public sealed class RecordCmdletTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly TempDirectory _temp = new();
    private readonly string _drive = Names.Unique("rec");

    public RecordCmdletTests()
    {
        _session.NewDrive(_drive, $"memory://{_drive}");
    }

    public void Dispose()
    {
        _session.Dispose();
        _temp.Dispose();
    }

    private const string SampleRecords = """
        [pscustomobject]@{
            Id      = 1
            Name    = 'Grüße, 世界 🌍'
            At      = [datetime]::new(2026, 1, 31, 8, 15, 30, 125, [DateTimeKind]::Utc)
            Big     = 9007199254740993
            Ratio   = 0.5
            Money   = 1234567890.123456789d
            Ok      = $true
            Missing = $null
            Tags    = @('a', 'b')
            Nested  = [pscustomobject]@{ Level = 2; Inner = @{ Deep = 'yes' } }
            Kind    = [System.DayOfWeek]::Friday
        }
        [pscustomobject]@{ Id = 2; Name = "line`nbreak and `"quotes`""; Tags = @() }
        """;

    [Theory]
    [InlineData("events.ndjson")]
    [InlineData("events.ndjson.gz")]
    [InlineData("events.ndjson.zst")]
    [InlineData("batch.lp")]
    [InlineData("batch.lp.zst")]
    public void Objects_round_trip_through_every_format(string name)
    {
        var path = $"{_drive}:\\logs\\{name}";
        _session.Run($"& {{ {SampleRecords} }} | Write-OmniRecord -Path $args[0]", path);

        var records = _session.Run("Read-OmniRecord -Path $args[0]", path);

        Assert.Equal(2, records.Count);
        var first = records[0];
        Assert.Equal(1, Property(first, "Id"));
        Assert.Equal("Grüße, 世界 🌍", Property(first, "Name"));
        var at = Assert.IsType<DateTime>(Property(first, "At"));
        Assert.Equal(new DateTime(2026, 1, 31, 8, 15, 30, 125, DateTimeKind.Utc), at);
        Assert.Equal(DateTimeKind.Utc, at.Kind);
        Assert.Equal(9007199254740993L, Property(first, "Big"));
        Assert.Equal(0.5, Property(first, "Ratio"));
        Assert.Equal(1234567890.123456789m, Property(first, "Money"));
        Assert.Equal(true, Property(first, "Ok"));
        Assert.Null(Property(first, "Missing"));
        Assert.Equal(new object[] { "a", "b" }, Assert.IsType<object[]>(Property(first, "Tags")));
        var nested = Assert.IsType<PSObject>(Property(first, "Nested"));
        Assert.Equal(2, Property(nested, "Level"));
        Assert.Equal("yes", Property(Assert.IsType<PSObject>(Property(nested, "Inner")), "Deep"));
        Assert.Equal("Friday", Property(first, "Kind"));
        Assert.Equal("line\nbreak and \"quotes\"", Property(records[1], "Name"));
        Assert.Empty(Assert.IsType<object[]>(Property(records[1], "Tags")));
    }

    [Theory]
    [InlineData("out.ndjson.gz", new byte[] { 0x1f, 0x8b })]
    [InlineData("out.ndjson.zst", new byte[] { 0x28, 0xb5, 0x2f, 0xfd })]
    public void The_name_chooses_the_compression_of_a_plain_file(string name, byte[] magic)
    {
        var file = _temp.File(name);

        var info = Assert.Single(_session.Run("1..100 | ForEach-Object { @{ n = $_ } } | Write-OmniRecord -LiteralPath $args[0] -PassThru", file));

        Assert.Equal(magic, File.ReadAllBytes(file).Take(magic.Length));
        Assert.Equal(new FileInfo(file).Length, Property(info, "Length"));
        Assert.Equal(100, _session.Run("Read-OmniRecord -LiteralPath $args[0]", file).Count);
    }

    [Fact]
    public void Format_and_Compression_override_the_name()
    {
        var file = _temp.File("data.bin");

        _session.Run("'{\"a\":1}', '{\"a\":2}' | Write-OmniRecord -LiteralPath $args[0] -Format Ndjson -Compression Gzip", file);

        using (var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            Assert.Equal("{\"a\":1}\n{\"a\":2}\n", reader.ReadToEnd());
        }

        var values = _session.Run("Read-OmniRecord -LiteralPath $args[0] -Format ndjson -Compression gzip | ForEach-Object a", file);
        Assert.Equal([1, 2], values.Select(v => v.BaseObject));
    }

    [Fact]
    public void Strings_are_written_verbatim_and_AsString_reads_them_back()
    {
        var path = $"{_drive}:\\text.ndjson";

        _session.Run("'{\"id\":7}', 'plain text', '  [1,2]  ' | Write-OmniRecord -Path $args[0]", path);

        Assert.Equal(["{\"id\":7}", "plain text", "  [1,2]  "], _session.Run("Read-OmniRecord -Path $args[0] -AsString", path).Select(o => (string)o.BaseObject));
        var (parsed, errors) = _session.RunAllowingErrors("Read-OmniRecord -Path $args[0]", path);
        SingleError(errors, "OmniIntegrity");
        Assert.Equal(7, Property(parsed[0], "id"));
        Assert.Equal(new object[] { 1, 2 }, Assert.IsType<object[]>(parsed[1].BaseObject));
    }

    [Fact]
    public void A_string_with_a_line_break_is_refused_for_NDJSON_and_the_other_records_are_written()
    {
        var path = $"{_drive}:\\lines.ndjson";

        var (_, errors) = _session.RunAllowingErrors("'first', \"two`nlines\", 'third' | Write-OmniRecord -Path $args[0]", path);

        SingleError(errors, "OmniInvalidArgument");
        Assert.Equal(["first", "third"], _session.Run("Read-OmniRecord -Path $args[0] -AsString", path).Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void Byte_arrays_are_raw_length_prefixed_records_and_refused_for_NDJSON()
    {
        var path = $"{_drive}:\\blobs.lp";
        var binary = new byte[] { 0xff, 0x00, 0x7b, 0x80 };

        // A byte array given as -InputObject is one record, not one record per byte; from the pipeline it arrives whole
        // when wrapped with the comma operator.
        _session.Run("Write-OmniRecord -Path $args[0] -InputObject $args[1]; ,$args[1] | Write-OmniRecord -Path $args[0] -Append", path, binary);

        var records = _session.Run("Read-OmniRecord -Path $args[0]", path);
        Assert.Equal(2, records.Count);
        Assert.All(records, record => Assert.Equal(binary, Assert.IsType<byte[]>(record.BaseObject)));
        var asBytes = _session.Run("Read-OmniRecord -Path $args[0] -AsByteArray", path);
        Assert.Equal(binary, Assert.IsType<byte[]>(asBytes[0].BaseObject));

        var (_, errors) = _session.RunAllowingErrors("Write-OmniRecord -Path $args[0] -InputObject (,$args[1])", $"{_drive}:\\blobs.ndjson", binary);
        SingleError(errors, "OmniInvalidArgument");
    }

    [Fact]
    public void Length_prefixed_records_that_are_not_JSON_are_read_as_bytes()
    {
        var path = $"{_drive}:\\mixed.rec";

        _session.Run("'not json', '{\"ok\":true}', '42' | Write-OmniRecord -Path $args[0]", path);

        var records = _session.Run("Read-OmniRecord -Path $args[0]", path);
        Assert.Equal("not json", Encoding.UTF8.GetString(Assert.IsType<byte[]>(records[0].BaseObject)));
        Assert.Equal(true, Property(records[1], "ok"));
        Assert.Equal(42, records[2].BaseObject);
    }

    [Fact]
    public void An_array_given_as_InputObject_is_one_record_per_element_but_one_record_from_the_pipeline()
    {
        var direct = $"{_drive}:\\direct.ndjson";
        var piped = $"{_drive}:\\piped.ndjson";

        _session.Run("Write-OmniRecord -Path $args[0] -InputObject 1, 'two', @{ three = 3 }; ,@(1, 2) | Write-OmniRecord -Path $args[1]", direct, piped);

        Assert.Equal(["1", "two", "{\"three\":3}"], _session.Run("Read-OmniRecord -Path $args[0] -AsString", direct).Select(o => (string)o.BaseObject));
        Assert.Equal(["[1,2]"], _session.Run("Read-OmniRecord -Path $args[0] -AsString", piped).Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void Depth_limits_how_deep_objects_are_expanded()
    {
        var path = $"{_drive}:\\deep.ndjson";

        _session.Run("[pscustomobject]@{ a = [pscustomobject]@{ b = [pscustomobject]@{ c = 1 } } } | Write-OmniRecord -Path $args[0] -Depth 1", path);

        var text = (string)Assert.Single(_session.Run("Read-OmniRecord -Path $args[0] -AsString", path)).BaseObject;
        Assert.Equal("{\"a\":{\"b\":\"@{c=1}\"}}", text);
    }

    [Theory]
    [InlineData("log.ndjson")]
    [InlineData("log.ndjson.gz")]
    [InlineData("log.ndjson.zst")]
    public void Append_adds_records_after_the_existing_ones(string name)
    {
        var file = _temp.File(name);

        _session.Run("1, 2 | Write-OmniRecord -LiteralPath $args[0]; 3, 4 | Write-OmniRecord -LiteralPath $args[0] -Append", file);

        Assert.Equal([1, 2, 3, 4], _session.Run("Read-OmniRecord -LiteralPath $args[0]", file).Select(o => o.BaseObject));
    }

    [Fact]
    public void Append_creates_a_missing_object()
    {
        var path = $"{_drive}:\\new.ndjson";

        _session.Run("@{ a = 1 } | Write-OmniRecord -Path $args[0] -Append", path);

        Assert.Equal(1, Property(Assert.Single(_session.Run("Read-OmniRecord -Path $args[0]", path)), "a"));
    }

    [Theory]
    [InlineData("none.ndjson")]
    [InlineData("none.ndjson.gz")]
    [InlineData("none.lp.zst")]
    public void Zero_records_write_an_empty_stream(string name)
    {
        var path = $"{_drive}:\\{name}";

        var info = Assert.Single(_session.Run("@() | Write-OmniRecord -Path $args[0] -PassThru", path));

        Assert.Equal(name, Property(info, "Name"));
        Assert.Empty(_session.Run("Read-OmniRecord -Path $args[0]", path));
    }

    [Fact]
    public void NoClobber_refuses_an_existing_object_and_leaves_it_unchanged()
    {
        var path = $"{_drive}:\\keep.ndjson";
        _session.Run("'\"original\"' | Write-OmniRecord -Path $args[0]", path);

        var (_, errors) = _session.RunAllowingErrors("'\"replacement\"' | Write-OmniRecord -Path $args[0] -NoClobber", path);

        SingleError(errors, "OmniAlreadyExists");
        Assert.Equal(["original"], _session.Run("Read-OmniRecord -Path $args[0]", path).Select(o => o.BaseObject));
    }

    [Fact]
    public void WhatIf_reports_the_write_and_writes_nothing()
    {
        var path = $"{_drive}:\\whatif.ndjson";

        _session.Run("1..3 | Write-OmniRecord -Path $args[0] -WhatIf", path);

        var line = Assert.Single(WhatIfLines(_session));
        Assert.Contains($"memory://{_drive}/whatif.ndjson", line, StringComparison.Ordinal);
        Assert.False(_session.State.InvokeProvider.Item.Exists(path));
    }

    [Fact]
    public void A_wildcard_Path_must_name_exactly_one_existing_object()
    {
        _session.Run("1 | Write-OmniRecord -Path $args[0]; 2 | Write-OmniRecord -Path $args[1]", $"{_drive}:\\w\\one.ndjson", $"{_drive}:\\w\\two.ndjson");

        _session.Run("3 | Write-OmniRecord -Path $args[0] -Append", $"{_drive}:\\w\\on?.ndjson");
        var (_, none) = _session.RunAllowingErrors("4 | Write-OmniRecord -Path $args[0]", $"{_drive}:\\w\\zz*.ndjson");
        var (_, many) = _session.RunAllowingErrors("5 | Write-OmniRecord -Path $args[0]", $"{_drive}:\\w\\*.ndjson");

        SingleError(none, "OmniItemNotFound");
        SingleError(many, "OmniInvalidArgument");
        Assert.Equal([1, 3], _session.Run("Read-OmniRecord -LiteralPath $args[0]", $"{_drive}:\\w\\one.ndjson").Select(o => o.BaseObject));
        Assert.Equal([2], _session.Run("Read-OmniRecord -LiteralPath $args[0]", $"{_drive}:\\w\\two.ndjson").Select(o => o.BaseObject));
    }

    [Fact]
    public void Confirm_asks_once_per_stream_not_once_per_record()
    {
        var accepted = $"{_drive}:\\accepted.ndjson";
        var declined = $"{_drive}:\\declined.ndjson";
        _session.Host.Ui.ChoiceAnswers.Enqueue("&Yes");
        _session.Host.Ui.ChoiceAnswers.Enqueue("&No");

        _session.Run("1..3 | Write-OmniRecord -Path $args[0] -Confirm; 1..3 | Write-OmniRecord -Path $args[1] -Confirm", accepted, declined);

        Assert.Equal(2, _session.Host.Ui.Prompts.Count);
        Assert.Equal([1, 2, 3], _session.Run("Read-OmniRecord -Path $args[0]", accepted).Select(o => o.BaseObject));
        Assert.False(_session.State.InvokeProvider.Item.Exists(declined));
    }

    [Fact]
    public void A_pipeline_that_fails_midway_commits_nothing_and_keeps_the_old_object()
    {
        var fresh = $"{_drive}:\\fresh.ndjson";
        var existing = $"{_drive}:\\existing.ndjson";
        _session.Run("'\"old\"' | Write-OmniRecord -Path $args[0]", existing);

        Assert.ThrowsAny<RuntimeException>(() => _session.Run("& { @{ a = 1 }; throw 'the source failed' } | Write-OmniRecord -Path $args[0]", fresh));
        Assert.ThrowsAny<RuntimeException>(() => _session.Run("& { @{ a = 1 }; throw 'the source failed' } | Write-OmniRecord -Path $args[0]", existing));

        Assert.False(_session.State.InvokeProvider.Item.Exists(fresh));
        Assert.Equal(["old"], _session.Run("Read-OmniRecord -Path $args[0]", existing).Select(o => o.BaseObject));
    }

    [Fact]
    public async Task Stopping_a_write_commits_nothing_and_leaves_no_temporary_file()
    {
        var file = _temp.File("stopped.ndjson");
        using var shell = _session.Prepare("& { while ($true) { [pscustomobject]@{ payload = 'x' * 200 } } } | Write-OmniRecord -LiteralPath $args[0]", file);
        var running = shell.BeginInvoke();

        // The file backend writes into a temporary file beside the target; once it exists, records are flowing.
        var guard = DateTime.UtcNow.AddSeconds(30);
        while (Directory.GetFiles(_temp.Path).Length == 0 && DateTime.UtcNow < guard) Thread.Sleep(20);
        Assert.NotEmpty(Directory.GetFiles(_temp.Path));
        await shell.StopAsync(null, null).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task Stopping_a_long_read_ends_it_promptly()
    {
        // Millions of tiny records compress to a small file that takes far longer to read than the test waits.
        var file = _temp.File("huge.ndjson.gz");
        const int recordCount = 20_000_000;
        using (var gzip = new GZipStream(File.Create(file), CompressionLevel.Fastest))
        {
            var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1\n", 100_000)));
            for (var i = 0; i < recordCount / 100_000; i++) gzip.Write(block);
        }

        using var shell = _session.Prepare("Read-OmniRecord -LiteralPath $args[0]", file);
        var output = new PSDataCollection<PSObject>();
        using var firstRecord = new ManualResetEventSlim();
        output.DataAdded += (_, _) => firstRecord.Set();
        var running = shell.BeginInvoke<PSObject, PSObject>(null, output);

        Assert.True(firstRecord.Wait(TimeSpan.FromSeconds(30)), "No record was read");
        await shell.StopAsync(null, null).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.InRange(output.Count, 1, recordCount - 1);
    }

    [Fact]
    public void Wildcards_read_every_matching_stream_in_order()
    {
        _session.Run("1, 2 | Write-OmniRecord -Path $args[0]; 3 | Write-OmniRecord -Path $args[1]; 'x' | Write-OmniRecord -Path $args[2]",
            $"{_drive}:\\many\\a.ndjson", $"{_drive}:\\many\\b.ndjson", $"{_drive}:\\many\\c.txt");

        Assert.Equal([1, 2, 3], _session.Run("Read-OmniRecord -Path $args[0]", $"{_drive}:\\many\\*.ndjson").Select(o => o.BaseObject));
    }

    [Fact]
    public void Provider_items_pipe_into_Read_OmniRecord_by_PSPath()
    {
        _session.Run("@{ n = 1 } | Write-OmniRecord -Path $args[0]; @{ n = 2 } | Write-OmniRecord -Path $args[1]",
            $"{_drive}:\\piped\\one.ndjson", $"{_drive}:\\piped\\two.ndjson.gz");

        var values = _session.Run("$ExecutionContext.InvokeProvider.ChildItem.Get($args[0], $false) | Read-OmniRecord | ForEach-Object n", $"{_drive}:\\piped");

        Assert.Equal([1, 2], values.Select(o => o.BaseObject).Cast<int>().Order());
    }

    [Fact]
    public void Reading_a_missing_object_or_a_directory_is_a_clear_error()
    {
        _session.State.InvokeProvider.Item.New($"{_drive}:\\folder", "x.txt", "File", "x");

        var (_, missing) = _session.RunAllowingErrors("Read-OmniRecord -LiteralPath $args[0]", $"{_drive}:\\nothing.ndjson");
        var (_, directory) = _session.RunAllowingErrors("Read-OmniRecord -LiteralPath $args[0]", $"{_drive}:\\folder");

        SingleError(missing, "OmniItemNotFound");
        SingleError(directory, "OmniInvalidArgument");
    }

    [Fact]
    public void AsString_and_AsByteArray_together_are_an_invalid_invocation()
    {
        var (output, errors) = _session.RunAllowingErrors("Read-OmniRecord -LiteralPath $args[0] -AsString -AsByteArray", $"{_drive}:\\any.ndjson");

        SingleError(errors, "OmniInvalidArgument");
        Assert.Empty(output);
    }

    [Fact]
    public void Numbers_keep_their_precision()
    {
        var path = $"{_drive}:\\numbers.ndjson";

        _session.Run("'[1, 2147483648, 123456789012345678901234567890, 0.1, 1e3, 1234567890.123456789, -7]' | Write-OmniRecord -Path $args[0]", path);

        var values = Assert.IsType<object[]>(Assert.Single(_session.Run("Read-OmniRecord -Path $args[0]", path)).BaseObject);
        Assert.Equal(1, values[0]);
        Assert.Equal(2147483648L, values[1]);
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890"), values[2]);
        Assert.Equal(0.1, values[3]);
        Assert.Equal(1000.0, values[4]);
        Assert.Equal(1234567890.123456789m, values[5]);
        Assert.Equal(-7, values[6]);
    }

    [Fact]
    public void Hashtables_and_ordered_dictionaries_become_JSON_objects_in_key_order()
    {
        var path = $"{_drive}:\\dict.ndjson";

        _session.Run("[ordered]@{ z = 1; a = [ordered]@{ y = $null; b = 'é' } } | Write-OmniRecord -Path $args[0]", path);

        Assert.Equal("{\"z\":1,\"a\":{\"y\":null,\"b\":\"é\"}}", Assert.Single(_session.Run("Read-OmniRecord -Path $args[0] -AsString", path)).BaseObject);
        var record = Assert.Single(_session.Run("Read-OmniRecord -Path $args[0]", path));
        Assert.Equal(["z", "a"], record.Properties.Select(p => p.Name));
    }
}
