namespace Omnistorage.Cli.Tests;

public sealed class CopyCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _source = new();
    private readonly TemporaryDirectory _destination = new();

    public Task InitializeAsync()
    {
        _source.WriteText("a.txt", "alpha");
        _source.WriteText("docs/b.md", "# bravo\n");
        _source.WriteText("docs/deep/c.csv", "1,2,3\n4,5,6\n");
        Directory.CreateDirectory(_source.Local("empty"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _source.Dispose();
        _destination.Dispose();
    }

    [Fact]
    public async Task Copy_of_a_tree_puts_every_file_under_the_destination_and_prints_a_summary()
    {
        var result = await CliRunner.RunAsync("copy", _source.Uri, _memory.UriOf("backup"));

        CliAssert.Succeeded(result);
        Assert.Equal("alpha", await _memory.ReadTextAsync("backup/a.txt"));
        Assert.Equal("# bravo\n", await _memory.ReadTextAsync("backup/docs/b.md"));
        Assert.Equal("1,2,3\n4,5,6\n", await _memory.ReadTextAsync("backup/docs/deep/c.csv"));
        // Empty source directories are not recreated.
        Assert.False(await _memory.ExistsAsync("backup/empty"));
        Assert.Equal("Copied:      3 files, 25 B (25 bytes)", result.OutLines[0]);
        Assert.Equal("Skipped:     0 unchanged", result.OutLines[1]);
        Assert.Equal("Errors:      0", result.OutLines[2]);
        Assert.StartsWith("Elapsed:     ", result.OutLines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_between_local_directories_creates_the_destination()
    {
        var target = Path.Combine(_destination.Path, "new", "place");

        var result = await CliRunner.RunAsync("copy", _source.Path, target);

        CliAssert.Succeeded(result);
        Assert.Equal(["new/place/a.txt", "new/place/docs/b.md", "new/place/docs/deep/c.csv"], _destination.Files());
        Assert.Equal("1,2,3\n4,5,6\n", _destination.ReadText("new/place/docs/deep/c.csv"));
    }

    [Fact]
    public async Task Copy_of_a_single_file_keeps_its_name_inside_the_destination()
    {
        var result = await CliRunner.RunAsync("copy", _source.UriOf("docs/b.md"), _destination.UriOf("out"));

        CliAssert.Succeeded(result);
        Assert.Equal(["out/b.md"], _destination.Files());
        Assert.Equal("Copied:      1 file, 8 B (8 bytes)", result.OutLines[0]);
    }

    [Fact]
    public async Task Copy_run_again_skips_every_unchanged_file_and_copies_only_changed_ones()
    {
        CliAssert.Succeeded(await CliRunner.RunAsync("copy", _source.Uri, _memory.UriOf("backup")));

        var second = await CliRunner.RunAsync("copy", _source.Uri, _memory.UriOf("backup"));

        CliAssert.Succeeded(second);
        Assert.Equal("Copied:      0 files, 0 B (0 bytes)", second.OutLines[0]);
        Assert.Equal("Skipped:     3 unchanged", second.OutLines[1]);

        _source.WriteText("docs/b.md", "# bravo, edited\n");
        var third = await CliRunner.RunAsync("copy", _source.Uri, _memory.UriOf("backup"), "--verbose");

        CliAssert.Succeeded(third);
        Assert.Contains("Copied: docs/b.md", third.OutLines);
        Assert.Contains("Copied:      1 file, 16 B (16 bytes)", third.OutLines);
        Assert.Contains("Skipped:     2 unchanged", third.OutLines);
        Assert.Equal("# bravo, edited\n", await _memory.ReadTextAsync("backup/docs/b.md"));
    }

    [Fact]
    public async Task Copy_between_local_directories_run_again_skips_everything()
    {
        CliAssert.Succeeded(await CliRunner.RunAsync("copy", _source.Uri, _destination.Uri));

        var second = await CliRunner.RunAsync("copy", _source.Uri, _destination.Uri);

        CliAssert.Succeeded(second);
        Assert.Equal("Skipped:     3 unchanged", second.OutLines[1]);
    }

    [Fact]
    public async Task Copy_verbose_prints_one_line_per_copied_file()
    {
        var result = await CliRunner.RunAsync("copy", "-v", _source.Uri, _memory.UriOf("backup"));

        CliAssert.Succeeded(result);
        // "Copied: PATH" lines, told apart from the "Copied:      N files" summary by the single space.
        Assert.Equal(["Copied: a.txt", "Copied: docs/b.md", "Copied: docs/deep/c.csv"],
            result.OutLines.Where(line => line.StartsWith("Copied: ", StringComparison.Ordinal) && !line.StartsWith("Copied:  ", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Copy_dry_run_lists_what_would_be_copied_and_changes_nothing()
    {
        var target = _destination.UriOf("not-yet");

        var result = await CliRunner.RunAsync("copy", "--dry-run", _source.Uri, target);

        CliAssert.Succeeded(result);
        Assert.Equal(["Would copy: a.txt (5 B)", "Would copy: docs/b.md (8 B)", "Would copy: docs/deep/c.csv (12 B)"],
            result.OutLines.Where(line => line.StartsWith("Would copy: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("Dry run:     3 files, 25 B (25 bytes) would be copied", result.OutLines);
        Assert.False(_destination.DirectoryExists("not-yet"));
    }

    [Fact]
    public async Task Copy_dry_run_into_an_existing_destination_leaves_it_unchanged_and_counts_unchanged_files()
    {
        await _memory.WriteTextAsync("backup/docs/b.md", "stale");
        CliAssert.Succeeded(await CliRunner.RunAsync("copy", _source.UriOf("a.txt"), _memory.UriOf("backup")));

        var result = await CliRunner.RunAsync("copy", "-n", _source.Uri, _memory.UriOf("backup"));

        CliAssert.Succeeded(result);
        Assert.Contains("Dry run:     2 files, 20 B (20 bytes) would be copied", result.OutLines);
        Assert.Contains("Skipped:     1 unchanged", result.OutLines);
        Assert.Equal(["backup", "backup/a.txt", "backup/docs", "backup/docs/b.md"], await _memory.PathsAsync());
        Assert.Equal("stale", await _memory.ReadTextAsync("backup/docs/b.md"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task Copy_rejects_fewer_than_one_transfer(string transfers)
    {
        var result = await CliRunner.RunAsync("copy", _source.Uri, _memory.UriOf("backup"), "--transfers", transfers);

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("--transfers must be at least 1.", result.Error, StringComparison.Ordinal);
        Assert.Empty(await _memory.PathsAsync());
    }

    [Fact]
    public async Task Copy_with_one_transfer_copies_everything()
    {
        var result = await CliRunner.RunAsync("copy", _source.Uri, _memory.UriOf("backup"), "--transfers", "1");

        CliAssert.Succeeded(result);
        Assert.Equal(["backup", "backup/a.txt", "backup/docs", "backup/docs/b.md", "backup/docs/deep", "backup/docs/deep/c.csv"],
            await _memory.PathsAsync());
    }

    [Fact]
    public async Task Copy_rejects_a_transfers_value_that_is_not_a_number()
    {
        var result = await CliRunner.RunAsync("copy", _source.Uri, _memory.UriOf("backup"), "--transfers", "many");

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("Cannot parse argument 'many'", result.Error, StringComparison.Ordinal);
        Assert.Empty(await _memory.PathsAsync());
    }

    [Theory]
    [InlineData("docs")]
    [InlineData("")]
    public async Task Copy_of_a_directory_into_itself_or_beneath_itself_is_refused(string inside)
    {
        var destination = inside.Length == 0 ? _source.Uri : _source.UriOf(inside);

        var result = await CliRunner.RunAsync("copy", _source.Uri, destination);

        CliAssert.FailedWith(ExitCodes.UsageError, "overlap", result);
        Assert.Equal(["a.txt", "docs/b.md", "docs/deep/c.csv"], _source.Files());
    }

    [Fact]
    public async Task Copy_of_a_directory_into_a_new_directory_inside_itself_is_refused_and_creates_nothing()
    {
        var result = await CliRunner.RunAsync("copy", _source.Uri, _source.UriOf("docs/new/inner"));

        CliAssert.FailedWith(ExitCodes.UsageError, "overlap", result);
        Assert.False(_source.DirectoryExists("docs/new"));
    }

    [Fact]
    public async Task Copy_of_a_missing_source_is_not_found_and_creates_no_destination()
    {
        var result = await CliRunner.RunAsync("copy", _source.UriOf("missing"), _destination.UriOf("out"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
        Assert.False(_destination.DirectoryExists("out"));
    }

    [Fact]
    public async Task Copy_reports_a_file_that_cannot_be_written_and_still_copies_the_others()
    {
        // A directory where the file docs/b.md should go makes that one copy fail.
        await _memory.Store.CreateDirectoryAsync("backup/docs/b.md");

        var result = await CliRunner.RunAsync("copy", _source.Uri, _memory.UriOf("backup"));

        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, result);
        Assert.Contains(result.ErrorLines, line => line.StartsWith("omni: docs/b.md: ", StringComparison.Ordinal));
        Assert.Contains("Errors:      1", result.OutLines);
        Assert.Equal("alpha", await _memory.ReadTextAsync("backup/a.txt"));
        Assert.Equal("1,2,3\n4,5,6\n", await _memory.ReadTextAsync("backup/docs/deep/c.csv"));
    }
}
