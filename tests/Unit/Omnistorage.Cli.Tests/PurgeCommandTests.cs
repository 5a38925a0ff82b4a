namespace Omnistorage.Cli.Tests;

public sealed class PurgeCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _directory = new();

    public async Task InitializeAsync()
    {
        await _memory.WriteTextAsync("keep.txt", "kept");
        await _memory.WriteTextAsync("junk/a.txt", "a");
        await _memory.WriteTextAsync("junk/sub/b.txt", "b");
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Purge_removes_a_directory_with_everything_in_it()
    {
        var result = await CliRunner.RunAsync("purge", _memory.UriOf("junk"));

        CliAssert.Succeeded(result);
        Assert.Equal(["keep.txt"], await _memory.PathsAsync());
    }

    [Fact]
    public async Task Purge_removes_a_local_directory_tree()
    {
        _directory.WriteText("old/x/y.txt", "y");
        _directory.WriteText("stay.txt", "s");

        var result = await CliRunner.RunAsync("purge", _directory.UriOf("old"));

        CliAssert.Succeeded(result);
        Assert.False(_directory.DirectoryExists("old"));
        Assert.Equal(["stay.txt"], _directory.Files());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task Purge_refuses_the_root_of_a_store(string suffix)
    {
        var result = await CliRunner.RunAsync("purge", _memory.Uri + suffix);

        CliAssert.FailedWith(ExitCodes.UsageError, "is the root of its backend", result);
        Assert.Equal(["junk", "junk/a.txt", "junk/sub", "junk/sub/b.txt", "keep.txt"], await _memory.PathsAsync());
    }

    [Fact]
    public async Task Purge_refuses_a_file()
    {
        var result = await CliRunner.RunAsync("purge", _memory.UriOf("keep.txt"));

        CliAssert.FailedWith(ExitCodes.UsageError, "is a file", result);
        Assert.True(await _memory.ExistsAsync("keep.txt"));
    }

    [Fact]
    public async Task Purge_of_a_missing_directory_is_not_found()
    {
        var result = await CliRunner.RunAsync("purge", _memory.UriOf("gone"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
    }

    [Fact]
    public async Task Purge_dry_run_says_what_would_go_and_removes_nothing()
    {
        var remote = _memory.UriOf("junk");

        var result = await CliRunner.RunAsync("purge", remote, "--dry-run");

        CliAssert.Succeeded(result);
        Assert.Equal([$"Would purge: {remote}"], result.OutLines);
        Assert.True(await _memory.ExistsAsync("junk/sub/b.txt"));
    }
}
