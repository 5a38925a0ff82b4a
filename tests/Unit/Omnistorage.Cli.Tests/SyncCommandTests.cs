using System.Text.Json;

namespace Omnistorage.Cli.Tests;

public sealed class SyncCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _source = new();
    private readonly TemporaryDirectory _destination = new();

    public Task InitializeAsync()
    {
        _source.WriteText("a.txt", "alpha");
        _source.WriteText("docs/b.md", "# bravo\n");
        _source.WriteText("docs/deep/c.csv", "1,2,3\n");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _source.Dispose();
        _destination.Dispose();
    }

    [Fact]
    public async Task Sync_makes_the_destination_identical_and_a_second_run_changes_nothing()
    {
        _destination.WriteText("stale.txt", "old");
        _destination.WriteText("docs/old/gone.txt", "old");

        var first = await CliRunner.RunAsync("sync", _source.Uri, _destination.Uri);

        CliAssert.Succeeded(first);
        Assert.Equal(["a.txt", "docs/b.md", "docs/deep/c.csv"], _destination.Files());
        Assert.Equal("Copied:      3 files, 19 B (19 bytes)", first.OutLines[0]);
        Assert.Equal("Skipped:     0 unchanged", first.OutLines[1]);
        Assert.Equal("Deleted:     2 files, 6 B (6 bytes)", first.OutLines[2]);
        Assert.Equal("Errors:      0", first.OutLines[3]);
        Assert.StartsWith("Elapsed:     ", first.OutLines[4], StringComparison.Ordinal);

        var second = await CliRunner.RunAsync("sync", _source.Uri, _destination.Uri);

        CliAssert.Succeeded(second);
        Assert.Equal("Copied:      0 files, 0 B (0 bytes)", second.OutLines[0]);
        Assert.Equal("Skipped:     3 unchanged", second.OutLines[1]);
        Assert.Equal("Deleted:     0 files, 0 B (0 bytes)", second.OutLines[2]);
    }

    [Fact]
    public async Task Sync_verbose_prints_copies_and_deletions()
    {
        await _memory.WriteTextAsync("mirror/extra.txt", "x");

        var result = await CliRunner.RunAsync("sync", "-v", _source.Uri, _memory.UriOf("mirror"));

        CliAssert.Succeeded(result);
        Assert.Contains("Copied: a.txt", result.OutLines);
        Assert.Contains("Copied: docs/deep/c.csv", result.OutLines);
        Assert.Contains("Deleted: extra.txt", result.OutLines);
        Assert.False(await _memory.ExistsAsync("mirror/extra.txt"));
    }

    [Fact]
    public async Task Sync_dry_run_lists_copies_and_deletions_and_changes_nothing()
    {
        await _memory.WriteTextAsync("mirror/extra.txt", "x");
        await _memory.WriteTextAsync("mirror/a.txt", "different");

        var result = await CliRunner.RunAsync("sync", "--dry-run", _source.Uri, _memory.UriOf("mirror"));

        CliAssert.Succeeded(result);
        Assert.Contains("Would copy: a.txt (5 B)", result.OutLines);
        Assert.Contains("Would copy: docs/b.md (8 B)", result.OutLines);
        Assert.Contains("Would delete: extra.txt", result.OutLines);
        Assert.Contains("Dry run:     3 files, 19 B (19 bytes) would be copied", result.OutLines);
        Assert.Contains("Deleted:     1 file, 1 B (1 bytes) would be deleted", result.OutLines);
        Assert.Equal(["mirror", "mirror/a.txt", "mirror/extra.txt"], await _memory.PathsAsync());
        Assert.Equal("different", await _memory.ReadTextAsync("mirror/a.txt"));
    }

    [Fact]
    public async Task Sync_dry_run_into_a_missing_destination_does_not_create_it()
    {
        var result = await CliRunner.RunAsync("sync", "-n", _source.Uri, _destination.UriOf("new/place"));

        CliAssert.Succeeded(result);
        Assert.Equal(3, result.OutLines.Count(line => line.StartsWith("Would copy: ", StringComparison.Ordinal)));
        Assert.False(_destination.DirectoryExists("new"));
    }

    [Fact]
    public async Task Sync_never_deletes_excluded_destination_files()
    {
        await _memory.WriteTextAsync("mirror/keep.log", "log");
        await _memory.WriteTextAsync("mirror/drop.txt", "x");

        var result = await CliRunner.RunAsync("sync", _source.Uri, _memory.UriOf("mirror"), "--exclude", "*.log");

        CliAssert.Succeeded(result);
        Assert.True(await _memory.ExistsAsync("mirror/keep.log"));
        Assert.False(await _memory.ExistsAsync("mirror/drop.txt"));
    }

    [Fact]
    public async Task Sync_over_max_delete_deletes_nothing_and_exits_with_some_items_failed()
    {
        await _memory.WriteTextAsync("mirror/x1.txt", "1");
        await _memory.WriteTextAsync("mirror/x2.txt", "2");
        await _memory.WriteTextAsync("mirror/x3.txt", "3");

        var result = await CliRunner.RunAsync("sync", _source.Uri, _memory.UriOf("mirror"), "--max-delete", "2");

        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, result);
        Assert.NotEmpty(result.ErrorLines);
        Assert.True(await _memory.ExistsAsync("mirror/x1.txt"));
        Assert.True(await _memory.ExistsAsync("mirror/x2.txt"));
        Assert.True(await _memory.ExistsAsync("mirror/x3.txt"));
        Assert.Contains("Errors:      1", result.OutLines);
    }

    [Fact]
    public async Task Sync_over_max_delete_size_deletes_nothing()
    {
        await _memory.WriteTextAsync("mirror/big.txt", new string('x', 2000));

        var result = await CliRunner.RunAsync("sync", _source.Uri, _memory.UriOf("mirror"), "--max-delete-size", "1K");

        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, result);
        Assert.True(await _memory.ExistsAsync("mirror/big.txt"));
    }

    [Theory]
    [InlineData("--delete-before")]
    [InlineData("--delete-during")]
    [InlineData("--delete-after")]
    public async Task Sync_deletes_in_every_delete_mode(string mode)
    {
        await _memory.WriteTextAsync("mirror/extra.txt", "x");

        var result = await CliRunner.RunAsync("sync", mode, _source.Uri, _memory.UriOf("mirror"));

        CliAssert.Succeeded(result);
        Assert.False(await _memory.ExistsAsync("mirror/extra.txt"));
        Assert.Equal("alpha", await _memory.ReadTextAsync("mirror/a.txt"));
    }

    [Fact]
    public async Task Sync_delete_modes_are_mutually_exclusive()
    {
        var result = await CliRunner.RunAsync("sync", "--delete-before", "--delete-after", _source.Uri, _memory.UriOf("mirror"));

        CliAssert.FailedWith(ExitCodes.UsageError, "cannot be used together", result);
        Assert.Empty(await _memory.PathsAsync());
    }

    [Fact]
    public async Task Sync_with_a_backup_directory_moves_overwritten_and_deleted_files_there()
    {
        await _memory.WriteTextAsync("mirror/a.txt", "old alpha");
        await _memory.WriteTextAsync("mirror/extra.txt", "extra");

        var result = await CliRunner.RunAsync("sync", _source.Uri, _memory.UriOf("mirror"), "--backup-dir", _memory.UriOf("backups/today"), "--suffix", ".bak");

        CliAssert.Succeeded(result);
        Assert.Equal("alpha", await _memory.ReadTextAsync("mirror/a.txt"));
        Assert.False(await _memory.ExistsAsync("mirror/extra.txt"));
        Assert.Equal("old alpha", await _memory.ReadTextAsync("backups/today/a.txt.bak"));
        Assert.Equal("extra", await _memory.ReadTextAsync("backups/today/extra.txt.bak"));
    }

    [Fact]
    public async Task Sync_with_a_local_backup_directory_beside_the_destination_keeps_the_old_files()
    {
        _destination.WriteText("mirror/extra.txt", "extra");

        var result = await CliRunner.RunAsync("sync", _source.Path, _destination.Local("mirror"), "--backup-dir", _destination.Local("old"));

        CliAssert.Succeeded(result);
        Assert.Equal(["mirror/a.txt", "mirror/docs/b.md", "mirror/docs/deep/c.csv", "old/extra.txt"], _destination.Files());
    }

    [Fact]
    public async Task A_backup_directory_inside_the_destination_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("sync", _source.Uri, _memory.UriOf("mirror"), "--backup-dir", _memory.UriOf("mirror/old"));

        CliAssert.FailedWith(ExitCodes.UsageError, "overlaps", result);
    }

    [Fact]
    public async Task A_backup_directory_on_another_store_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("sync", _source.Uri, _memory.UriOf("mirror"), "--backup-dir", _destination.UriOf("old"));

        CliAssert.FailedWith(ExitCodes.UsageError, "same store", result);
    }

    [Fact]
    public async Task Sync_json_prints_one_summary_object()
    {
        await _memory.WriteTextAsync("mirror/extra.txt", "x");

        var result = await CliRunner.RunAsync("sync", "--json", "-v", _source.Uri, _memory.UriOf("mirror"));

        CliAssert.ExitCode(ExitCodes.Success, result);
        using var document = JsonDocument.Parse(result.Out);
        var root = document.RootElement;
        Assert.Equal("sync", root.GetProperty("mode").GetString());
        Assert.Equal(3, root.GetProperty("transfers").GetInt64());
        Assert.Equal(19, root.GetProperty("bytes").GetInt64());
        Assert.Equal(1, root.GetProperty("deletes").GetInt64());
        Assert.Equal(0, root.GetProperty("errors").GetInt32());
        Assert.Equal(0, root.GetProperty("errorList").GetArrayLength());
        Assert.False(root.GetProperty("dryRun").GetBoolean());
        // Per-file lines go to standard error, so that standard output stays one JSON document.
        Assert.Contains("Deleted: extra.txt", result.ErrorLines);
    }

    [Fact]
    public async Task Sync_json_lists_the_errors()
    {
        await _memory.Store.CreateDirectoryAsync("mirror/a.txt");

        var result = await CliRunner.RunAsync("sync", "--json", _source.Uri, _memory.UriOf("mirror"));

        CliAssert.ExitCode(ExitCodes.SomeItemsFailed, result);
        using var document = JsonDocument.Parse(result.Out);
        var errors = document.RootElement.GetProperty("errorList");
        Assert.True(errors.GetArrayLength() >= 1);
        Assert.Equal("a.txt", errors[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Sync_of_a_single_file_leaves_the_other_destination_files_alone()
    {
        await _memory.WriteTextAsync("mirror/other.txt", "other");

        var result = await CliRunner.RunAsync("sync", _source.UriOf("docs/b.md"), _memory.UriOf("mirror"));

        CliAssert.Succeeded(result);
        Assert.Equal("# bravo\n", await _memory.ReadTextAsync("mirror/b.md"));
        Assert.True(await _memory.ExistsAsync("mirror/other.txt"));
    }

    [Fact]
    public async Task Sync_of_a_missing_source_is_not_found()
    {
        var result = await CliRunner.RunAsync("sync", _source.UriOf("missing"), _memory.UriOf("mirror"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
    }

    [Fact]
    public async Task Sync_into_its_own_source_is_refused()
    {
        var result = await CliRunner.RunAsync("sync", _source.Uri, _source.UriOf("docs"));

        CliAssert.FailedWith(ExitCodes.UsageError, "overlap", result);
        Assert.Equal(["a.txt", "docs/b.md", "docs/deep/c.csv"], _source.Files());
    }

    [Fact]
    public async Task Cancelled_sync_exits_with_130()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var result = await CliRunner.RunAsync(["sync", _source.Uri, _memory.UriOf("mirror")], input: null, cancellation.Token);

        CliAssert.ExitCode(ExitCodes.Cancelled, result);
    }
}
