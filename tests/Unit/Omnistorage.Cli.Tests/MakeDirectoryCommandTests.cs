namespace Omnistorage.Cli.Tests;

public sealed class MakeDirectoryCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _directory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Mkdir_creates_a_local_directory_and_its_missing_parents()
    {
        var result = await CliRunner.RunAsync("mkdir", _directory.UriOf("a/b/c"));

        CliAssert.Succeeded(result);
        Assert.Empty(result.Out);
        Assert.True(_directory.DirectoryExists("a/b/c"));
    }

    [Fact]
    public async Task Mkdir_of_an_existing_directory_succeeds_and_keeps_its_content()
    {
        _directory.WriteText("there/file.txt", "content");

        var result = await CliRunner.RunAsync("mkdir", _directory.Local("there"));

        CliAssert.Succeeded(result);
        Assert.Equal("content", _directory.ReadText("there/file.txt"));
    }

    [Fact]
    public async Task Mkdir_creates_a_directory_in_a_memory_store()
    {
        var result = await CliRunner.RunAsync("mkdir", _memory.UriOf("x/y"));

        CliAssert.Succeeded(result);
        Assert.True((await _memory.Store.StatAsync("x/y")).IsDirectory);
    }

    [Fact]
    public async Task Mkdir_over_an_existing_file_fails_and_keeps_the_file()
    {
        _directory.WriteText("taken", "file");

        var result = await CliRunner.RunAsync("mkdir", _directory.UriOf("taken"));

        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith("omni: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("file", _directory.ReadText("taken"));
    }
}
