using System.Text.Json;

namespace Omnistorage.Cli.Tests;

/// <summary>The comparison, filter, performance and usage flags shared by copy, sync and move.</summary>
public sealed class TransferFlagTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Old = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset New = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _local = new();

    public async Task InitializeAsync()
    {
        await _memory.WriteTextAsync("src/a.txt", "alpha", Old);
        await _memory.WriteTextAsync("src/b.log", "bravo-log", Old);
        await _memory.WriteTextAsync("src/sub/c.txt", "charlie", Old);
        await _memory.WriteTextAsync("src/big.bin", new string('z', 3000), Old);
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _local.Dispose();
    }

    /// <summary>The files (not directories) beneath <c>dst</c>, sorted.</summary>
    private async Task<string[]> DestinationFilesAsync()
    {
        var files = new List<string>();
        if (!await _memory.ExistsAsync("dst")) return [];
        await foreach (var item in _memory.Store.ListRecursiveAsync("dst"))
        {
            if (!item.IsDirectory) files.Add(item.Path);
        }

        return files.Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task Include_copies_only_matching_files()
    {
        var result = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"), "--include", "*.txt");

        CliAssert.Succeeded(result);
        Assert.Equal(["dst/a.txt", "dst/sub/c.txt"], await DestinationFilesAsync());
    }

    [Fact]
    public async Task Exclude_and_filter_rules_leave_files_out()
    {
        var result = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"),
            "--exclude", "*.log", "--filter", "- /sub/**");

        CliAssert.Succeeded(result);
        Assert.Equal(["dst/a.txt", "dst/big.bin"], await DestinationFilesAsync());
    }

    [Fact]
    public async Task Filter_from_reads_rules_from_a_local_file()
    {
        _local.WriteText("rules.txt", "# only text\n+ *.txt\n- **\n");

        var result = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"), "--filter-from", _local.Local("rules.txt"));

        CliAssert.Succeeded(result);
        Assert.Equal(["dst/a.txt", "dst/sub/c.txt"], await DestinationFilesAsync());
    }

    [Fact]
    public async Task Size_limits_choose_files_by_size()
    {
        var small = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"), "--max-size", "8");
        CliAssert.Succeeded(small);
        Assert.Equal(["dst/a.txt", "dst/sub/c.txt"], await DestinationFilesAsync());

        var large = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"), "--min-size", "1K");
        CliAssert.Succeeded(large);
        Assert.True(await _memory.ExistsAsync("dst/big.bin"));
        Assert.False(await _memory.ExistsAsync("dst/b.log"));
    }

    [Fact]
    public async Task Age_limits_choose_files_by_modification_time()
    {
        await _memory.WriteTextAsync("src/fresh.txt", "fresh", DateTimeOffset.UtcNow);

        var result = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"), "--max-age", "1d");

        CliAssert.Succeeded(result);
        Assert.Equal(["dst/fresh.txt"], await DestinationFilesAsync());

        var older = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("old"), "--min-age", "2021-01-01");
        CliAssert.Succeeded(older);
        Assert.True(await _memory.ExistsAsync("old/a.txt"));
        Assert.False(await _memory.ExistsAsync("old/fresh.txt"));
    }

    [Fact]
    public async Task A_file_whose_name_holds_glob_characters_is_copied_by_itself()
    {
        await _memory.WriteTextAsync("src/[x]*.txt", "glob", Old);

        var result = await CliRunner.RunAsync("copy", _memory.UriOf("src/[x]*.txt"), _memory.UriOf("dst"));

        CliAssert.Succeeded(result);
        Assert.Equal(["dst/[x]*.txt"], await DestinationFilesAsync());
    }

    [Fact]
    public async Task A_file_source_excluded_by_the_filters_is_not_copied()
    {
        var result = await CliRunner.RunAsync("copy", _memory.UriOf("src/b.log"), _memory.UriOf("dst"), "--exclude", "*.log");

        CliAssert.Succeeded(result);
        Assert.False(await _memory.ExistsAsync("dst/b.log"));
    }

    [Fact]
    public async Task Ignore_existing_leaves_different_destination_files_alone()
    {
        await _memory.WriteTextAsync("dst/a.txt", "changed at the destination", New);

        var result = await CliRunner.RunAsync("copy", "--ignore-existing", _memory.UriOf("src"), _memory.UriOf("dst"));

        CliAssert.Succeeded(result);
        Assert.Equal("changed at the destination", await _memory.ReadTextAsync("dst/a.txt"));
        Assert.Equal("charlie", await _memory.ReadTextAsync("dst/sub/c.txt"));
    }

    [Fact]
    public async Task Update_skips_files_that_are_newer_at_the_destination()
    {
        await _memory.WriteTextAsync("dst/a.txt", "newer here", New);

        var result = await CliRunner.RunAsync("copy", "-u", _memory.UriOf("src"), _memory.UriOf("dst"));

        CliAssert.Succeeded(result);
        Assert.Equal("newer here", await _memory.ReadTextAsync("dst/a.txt"));

        var without = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"));
        CliAssert.Succeeded(without);
        Assert.Equal("alpha", await _memory.ReadTextAsync("dst/a.txt"));
    }

    [Fact]
    public async Task Ignore_times_copies_unchanged_files_again()
    {
        CliAssert.Succeeded(await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst")));

        var result = await CliRunner.RunAsync("copy", "-I", _memory.UriOf("src"), _memory.UriOf("dst"));

        CliAssert.Succeeded(result);
        Assert.Contains("Copied:      4 files, 2.95 KiB (3021 bytes)", result.OutLines);
    }

    [Fact]
    public async Task Size_only_ignores_a_different_modification_time()
    {
        await _memory.WriteTextAsync("dst/a.txt", "ALPHA", New);

        var sizeOnly = await CliRunner.RunAsync("copy", "--size-only", _memory.UriOf("src/a.txt"), _memory.UriOf("dst"));
        CliAssert.Succeeded(sizeOnly);
        Assert.Equal("ALPHA", await _memory.ReadTextAsync("dst/a.txt"));

        var checksum = await CliRunner.RunAsync("copy", "--checksum", _memory.UriOf("src/a.txt"), _memory.UriOf("dst"));
        CliAssert.Succeeded(checksum);
        Assert.Equal("alpha", await _memory.ReadTextAsync("dst/a.txt"));
    }

    [Fact]
    public async Task Performance_flags_are_accepted_and_a_bandwidth_limit_still_copies_everything()
    {
        var result = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"),
            "--transfers", "2", "--checkers", "3", "--retries", "0", "--bwlimit", "100M", "-P");

        CliAssert.Succeeded(result);
        Assert.Equal("alpha", await _memory.ReadTextAsync("dst/a.txt"));
        Assert.Equal(new string('z', 3000), await _memory.ReadTextAsync("dst/big.bin"));
    }

    [Fact]
    public async Task Copy_json_summary_parses()
    {
        var result = await CliRunner.RunAsync("copy", "--json", _memory.UriOf("src"), _memory.UriOf("dst"));

        CliAssert.Succeeded(result);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal("copy", document.RootElement.GetProperty("mode").GetString());
        Assert.Equal(4, document.RootElement.GetProperty("transfers").GetInt64());
        Assert.Equal(3021, document.RootElement.GetProperty("bytes").GetInt64());
        Assert.Equal(1, document.RootElement.GetProperty("attempts").GetInt32());
    }

    [Theory]
    [InlineData("--include", "[a-", "[a-")]
    [InlineData("--filter", "x *.txt", "x *.txt")]
    [InlineData("--min-size", "ten", "'ten' is not a size")]
    [InlineData("--max-delete-size", "lots", "'lots' is not a size")]
    [InlineData("--max-age", "yesterday", "'yesterday' is not an age")]
    [InlineData("--bwlimit", "fast", "fast")]
    public async Task Bad_filter_size_age_and_bandwidth_values_are_usage_errors(string option, string value, string fragment)
    {
        var result = await CliRunner.RunAsync("sync", _memory.UriOf("src"), _memory.UriOf("dst"), option, value);

        CliAssert.FailedWith(ExitCodes.UsageError, fragment, result);
        Assert.False(await _memory.ExistsAsync("dst"));
    }

    [Theory]
    [InlineData("--checkers", "0", "--checkers must be at least 1.")]
    [InlineData("--retries", "-1", "--retries cannot be negative.")]
    public async Task Counts_out_of_range_are_usage_errors(string option, string value, string message)
    {
        var result = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"), option, value);

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checksum_and_size_only_together_are_a_usage_error()
    {
        var result = await CliRunner.RunAsync("copy", "-c", "--size-only", _memory.UriOf("src"), _memory.UriOf("dst"));

        CliAssert.FailedWith(ExitCodes.UsageError, "cannot be used together", result);
    }

    [Fact]
    public async Task A_missing_filter_file_is_an_error_that_names_it()
    {
        var missing = _local.Local("no-such-rules.txt");

        var result = await CliRunner.RunAsync("copy", _memory.UriOf("src"), _memory.UriOf("dst"), "--filter-from", missing);

        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("no-such-rules.txt", result.Error, StringComparison.Ordinal);
        Assert.False(await _memory.ExistsAsync("dst"));
    }
}
