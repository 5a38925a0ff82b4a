namespace Omnistorage.Cli.Tests;

public sealed class MoveCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _source = new();

    public Task InitializeAsync()
    {
        _source.WriteText("a.txt", "alpha");
        _source.WriteText("docs/b.md", "# bravo\n");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _source.Dispose();
    }

    [Fact]
    public async Task Move_copies_every_file_and_deletes_it_from_the_source()
    {
        var result = await CliRunner.RunAsync("move", _source.Uri, _memory.UriOf("moved"));

        CliAssert.Succeeded(result);
        Assert.Equal("alpha", await _memory.ReadTextAsync("moved/a.txt"));
        Assert.Equal("# bravo\n", await _memory.ReadTextAsync("moved/docs/b.md"));
        Assert.Empty(_source.Files());
        Assert.Contains("Copied:      2 files, 13 B (13 bytes)", result.OutLines);
        Assert.Contains("Deleted:     2 source files", result.OutLines);
        // Without --delete-empty-src-dirs the emptied directories stay.
        Assert.True(_source.DirectoryExists("docs"));
    }

    [Fact]
    public async Task Move_with_delete_empty_src_dirs_removes_the_emptied_directories()
    {
        var result = await CliRunner.RunAsync("move", "--delete-empty-src-dirs", _source.Uri, _memory.UriOf("moved"));

        CliAssert.Succeeded(result);
        Assert.False(_source.DirectoryExists("docs"));
    }

    [Fact]
    public async Task Move_of_a_file_already_at_the_destination_deletes_only_the_source()
    {
        CliAssert.Succeeded(await CliRunner.RunAsync("copy", _source.Uri, _memory.UriOf("moved")));

        var result = await CliRunner.RunAsync("move", "-v", _source.UriOf("a.txt"), _memory.UriOf("moved"));

        CliAssert.Succeeded(result);
        Assert.Contains("Deleted source: a.txt", result.OutLines);
        Assert.Contains("Copied:      0 files, 0 B (0 bytes)", result.OutLines);
        Assert.False(_source.FileExists("a.txt"));
        Assert.True(_source.FileExists("docs/b.md"));
    }

    [Fact]
    public async Task Move_dry_run_keeps_the_source()
    {
        var result = await CliRunner.RunAsync("move", "-n", _source.Uri, _memory.UriOf("moved"));

        CliAssert.Succeeded(result);
        Assert.Contains("Would copy: a.txt (5 B)", result.OutLines);
        Assert.Contains("Would delete source: a.txt", result.OutLines);
        Assert.Contains("Deleted:     2 source files would be deleted", result.OutLines);
        Assert.Equal(["a.txt", "docs/b.md"], _source.Files());
        // Opening a memory location records its directory, but no file may arrive.
        Assert.DoesNotContain(await _memory.PathsAsync(), path => path.Contains('.', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Move_of_a_file_into_its_own_directory_is_refused_and_keeps_the_file()
    {
        var result = await CliRunner.RunAsync("move", _source.UriOf("a.txt"), _source.Uri);

        CliAssert.FailedWith(ExitCodes.UsageError, "overlap", result);
        Assert.Equal("alpha", _source.ReadText("a.txt"));
    }

    [Fact]
    public async Task Delete_empty_src_dirs_is_only_an_option_of_move()
    {
        var result = await CliRunner.RunAsync("copy", "--delete-empty-src-dirs", _source.Uri, _memory.UriOf("moved"));

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("--delete-empty-src-dirs", result.Error, StringComparison.Ordinal);
    }
}
