using System.Text.Json;

namespace Omnistorage.Cli.Tests;

public sealed class ListCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _directory = new();

    public async Task InitializeAsync()
    {
        await _memory.WriteTextAsync("tree/a.txt", "hello");
        await _memory.WriteTextAsync("tree/dir/b.bin", new string('x', 1234));
        await _memory.WriteTextAsync("tree/dir/sub/c.txt", "");
        await _memory.Store.CreateDirectoryAsync("tree/empty");
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Ls_prints_every_file_recursively_as_a_right_aligned_size_and_a_relative_path()
    {
        var result = await CliRunner.RunAsync("ls", _memory.UriOf("tree"));

        CliAssert.Succeeded(result);
        // Directories (dir, dir/sub, empty) are not shown, as with rclone ls.
        Assert.Equal(
            ["        5 a.txt", "     1234 dir/b.bin", "        0 dir/sub/c.txt"],
            result.OutLines.OrderBy(line => line[10..], StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ls_of_a_local_directory_lists_its_files()
    {
        _directory.WriteText("notes/todo.txt", "buy milk");
        _directory.WriteText("inventory.csv", "a,b\n1,2\n");

        var byUri = await CliRunner.RunAsync("ls", _directory.Uri);
        var byPath = await CliRunner.RunAsync("ls", _directory.Path);

        CliAssert.Succeeded(byUri);
        Assert.Equal(["        8 inventory.csv", "        8 notes/todo.txt"], byUri.OutLines.Order(StringComparer.Ordinal));
        Assert.Equal(byUri.OutLines.Order(StringComparer.Ordinal), byPath.OutLines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ls_of_a_file_lists_that_file_by_its_name()
    {
        var result = await CliRunner.RunAsync("ls", _memory.UriOf("tree/dir/b.bin"));

        CliAssert.Succeeded(result);
        Assert.Equal(["     1234 b.bin"], result.OutLines);
    }

    [Fact]
    public async Task Ls_of_an_empty_directory_prints_nothing()
    {
        var result = await CliRunner.RunAsync("ls", _memory.UriOf("tree/empty"));

        CliAssert.Succeeded(result);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Ls_with_json_prints_the_files_as_an_lsjson_array()
    {
        var result = await CliRunner.RunAsync("ls", _memory.UriOf("tree"), "--json");

        CliAssert.Succeeded(result);
        using var document = JsonDocument.Parse(result.Out);
        var entries = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(["a.txt", "dir/b.bin", "dir/sub/c.txt"], entries.Select(e => e.GetProperty("Path").GetString()).Order(StringComparer.Ordinal));
        Assert.All(entries, entry => Assert.False(entry.GetProperty("IsDir").GetBoolean()));
        Assert.Equal(1234, entries.Single(e => e.GetProperty("Name").GetString() == "b.bin").GetProperty("Size").GetInt64());
    }

    [Fact]
    public async Task Ls_of_a_missing_location_is_not_found_and_says_which()
    {
        var remote = _memory.UriOf("tree/missing");

        var result = await CliRunner.RunAsync("ls", remote);

        CliAssert.FailedWith(ExitCodes.NotFound, $"'{remote}' was not found", result);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Ls_of_a_missing_local_directory_does_not_create_it()
    {
        var result = await CliRunner.RunAsync("ls", _directory.UriOf("missing/deeper"));

        CliAssert.ExitCode(ExitCodes.NotFound, result);
        Assert.False(_directory.DirectoryExists("missing"));
    }
}
