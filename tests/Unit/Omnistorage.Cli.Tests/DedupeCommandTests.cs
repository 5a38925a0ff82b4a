namespace Omnistorage.Cli.Tests;

public sealed class DedupeCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();

    public async Task InitializeAsync()
    {
        // Three copies of one text (oldest, newest, middle by time) and one unique file of the same size.
        await _memory.WriteTextAsync("data/b-copy.txt", "same content", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await _memory.WriteTextAsync("data/a.txt", "same content", new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await _memory.WriteTextAsync("data/sub/c.txt", "same content", new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await _memory.WriteTextAsync("data/unique.txt", "other text!!");
    }

    public Task DisposeAsync() => _memory.DisposeAsync().AsTask();

    private async Task<string[]> RemainingAsync()
    {
        var files = new List<string>();
        await foreach (var item in _memory.Store.ListRecursiveAsync("data"))
        {
            if (!item.IsDirectory) files.Add(item.Path);
        }

        return files.Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task List_prints_each_group_with_its_hash_size_and_paths_and_changes_nothing()
    {
        var result = await CliRunner.RunAsync("dedupe", _memory.UriOf("data"));

        CliAssert.Succeeded(result);
        Assert.Matches("^md5 [0-9a-f]{32}  12 B \\(12 bytes\\), 3 copies:$", result.OutLines[0]);
        Assert.Equal(["  a.txt", "  b-copy.txt", "  sub/c.txt"], result.OutLines[1..4]);
        Assert.Equal("Groups:      1 (2 redundant files, 24 B (24 bytes) reclaimable)", result.OutLines[4]);
        Assert.Equal(4, (await RemainingAsync()).Length);
    }

    [Theory]
    [InlineData("first", "data/a.txt")]
    [InlineData("newest", "data/b-copy.txt")]
    [InlineData("oldest", "data/a.txt")]
    public async Task Deleting_modes_keep_one_file_of_each_group(string mode, string kept)
    {
        var result = await CliRunner.RunAsync("dedupe", "--dedupe-mode", mode, _memory.UriOf("data"));

        CliAssert.Succeeded(result);
        Assert.Equal([kept, "data/unique.txt"], await RemainingAsync());
        Assert.Equal(2, result.OutLines.Count(line => line.StartsWith("Deleted: ", StringComparison.Ordinal) && !line.StartsWith("Deleted:  ", StringComparison.Ordinal)));
        Assert.Contains("Deleted:     2 files, 24 B (24 bytes)", result.OutLines);
    }

    [Fact]
    public async Task Dry_run_prints_what_would_be_deleted_and_deletes_nothing()
    {
        var result = await CliRunner.RunAsync("dedupe", "--dedupe-mode", "newest", "--dry-run", _memory.UriOf("data"));

        CliAssert.Succeeded(result);
        Assert.Equal(["Would delete: a.txt", "Would delete: sub/c.txt"],
            result.OutLines.Where(line => line.StartsWith("Would delete: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("Dry run:     2 files, 24 B (24 bytes) would be deleted", result.OutLines);
        Assert.Equal(4, (await RemainingAsync()).Length);
    }

    [Fact]
    public async Task Skip_changes_nothing()
    {
        var result = await CliRunner.RunAsync("dedupe", "--dedupe-mode", "skip", _memory.UriOf("data"));

        CliAssert.Succeeded(result);
        Assert.Contains("Groups:      1", result.OutLines);
        Assert.Equal(4, (await RemainingAsync()).Length);
    }

    [Fact]
    public async Task Filters_and_the_hash_choice_apply()
    {
        var result = await CliRunner.RunAsync("dedupe", "--hash", "sha256", "--exclude", "sub/**", _memory.UriOf("data"));

        CliAssert.Succeeded(result);
        Assert.Matches("^sha256 [0-9a-f]{64}  12 B \\(12 bytes\\), 2 copies:$", result.OutLines[0]);
        Assert.DoesNotContain("  sub/c.txt", result.OutLines);
    }

    [Fact]
    public async Task Dedupe_over_a_local_directory_deletes_duplicates()
    {
        using var local = new TemporaryDirectory();
        local.WriteText("one.txt", "twin");
        local.WriteText("two.txt", "twin");

        var result = await CliRunner.RunAsync("dedupe", "--dedupe-mode", "first", local.Uri);

        CliAssert.Succeeded(result);
        Assert.Equal(["one.txt"], local.Files());
    }

    [Theory]
    [InlineData("--dedupe-mode", "interactive")]
    [InlineData("--hash", "md4")]
    public async Task Unknown_modes_and_hashes_are_usage_errors(string option, string value)
    {
        var result = await CliRunner.RunAsync("dedupe", option, value, _memory.UriOf("data"));

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains(value, result.Error, StringComparison.Ordinal);
        Assert.Equal(4, (await RemainingAsync()).Length);
    }

    [Fact]
    public async Task Dedupe_of_a_file_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("dedupe", _memory.UriOf("data/a.txt"));

        CliAssert.FailedWith(ExitCodes.UsageError, "is a file", result);
    }
}
