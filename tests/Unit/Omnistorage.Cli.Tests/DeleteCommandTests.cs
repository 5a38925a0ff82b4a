namespace Omnistorage.Cli.Tests;

public sealed class DeleteCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _directory = new();

    public async Task InitializeAsync()
    {
        await _memory.WriteTextAsync("keep.txt", "kept");
        await _memory.WriteTextAsync("area/a.txt", "a");
        await _memory.WriteTextAsync("area/sub/b.txt", "b");
        await _memory.WriteTextAsync("area/sub/deeper/c.txt", "c");
        await _memory.Store.CreateDirectoryAsync("area/empty");
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Delete_of_a_file_removes_only_that_file()
    {
        var result = await CliRunner.RunAsync("delete", _memory.UriOf("area/sub/b.txt"));

        CliAssert.Succeeded(result);
        Assert.Empty(result.Out);
        Assert.Equal(["area", "area/a.txt", "area/empty", "area/sub", "area/sub/deeper", "area/sub/deeper/c.txt", "keep.txt"],
            await _memory.PathsAsync());
    }

    [Fact]
    public async Task Delete_of_a_directory_removes_its_files_and_keeps_its_directories()
    {
        var result = await CliRunner.RunAsync("delete", _memory.UriOf("area"));

        CliAssert.Succeeded(result);
        Assert.Equal(["area", "area/empty", "area/sub", "area/sub/deeper", "keep.txt"], await _memory.PathsAsync());
    }

    [Fact]
    public async Task Delete_with_rmdirs_also_removes_the_emptied_directories_but_not_the_directory_itself()
    {
        var result = await CliRunner.RunAsync("delete", _memory.UriOf("area"), "--rmdirs");

        CliAssert.Succeeded(result);
        Assert.Equal(["area", "keep.txt"], await _memory.PathsAsync());
    }

    [Fact]
    public async Task Delete_with_rmdirs_of_a_local_directory_leaves_it_empty()
    {
        _directory.WriteText("tree/x/y/z.txt", "z");
        _directory.WriteText("tree/top.txt", "t");

        var result = await CliRunner.RunAsync("delete", "--rmdirs", _directory.Local("tree"));

        CliAssert.Succeeded(result);
        Assert.True(_directory.DirectoryExists("tree"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Local("tree")));
    }

    [Fact]
    public async Task Delete_verbose_prints_each_deleted_file_and_removed_directory()
    {
        var result = await CliRunner.RunAsync("delete", _memory.UriOf("area"), "--rmdirs", "--verbose");

        CliAssert.Succeeded(result);
        Assert.Equal(["Deleted: a.txt", "Deleted: sub/b.txt", "Deleted: sub/deeper/c.txt"],
            result.OutLines.Where(line => line.StartsWith("Deleted: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(["Removed directory: empty", "Removed directory: sub", "Removed directory: sub/deeper"],
            result.OutLines.Where(line => line.StartsWith("Removed directory: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delete_dry_run_lists_what_would_go_and_changes_nothing()
    {
        var before = await _memory.PathsAsync();

        var result = await CliRunner.RunAsync("delete", "-n", "--rmdirs", _memory.UriOf("area"));

        CliAssert.Succeeded(result);
        Assert.Equal(["Would delete: a.txt", "Would delete: sub/b.txt", "Would delete: sub/deeper/c.txt"],
            result.OutLines.Where(line => line.StartsWith("Would delete: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains(result.OutLines, line => line.StartsWith("Would remove directory: ", StringComparison.Ordinal));
        Assert.Equal(before, await _memory.PathsAsync());
    }

    [Fact]
    public async Task Delete_of_a_missing_path_is_not_found()
    {
        var result = await CliRunner.RunAsync("delete", _memory.UriOf("area/nothing.txt"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
        Assert.Equal(8, (await _memory.PathsAsync()).Length);
    }
}
