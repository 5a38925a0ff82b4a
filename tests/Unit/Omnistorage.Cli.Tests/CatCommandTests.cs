using System.Text;

namespace Omnistorage.Cli.Tests;

public sealed class CatCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _directory = new();

    public async Task InitializeAsync()
    {
        await _memory.WriteTextAsync("docs/alphabet.txt", "abcdefghijklmnopqrstuvwxyz");
        await _memory.Store.CreateDirectoryAsync("docs/folder");
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Cat_prints_the_whole_object_as_bytes_and_no_text()
    {
        var result = await CliRunner.RunAsync("cat", _memory.UriOf("docs/alphabet.txt"));

        CliAssert.Succeeded(result);
        Assert.Equal("abcdefghijklmnopqrstuvwxyz", Encoding.UTF8.GetString(result.OutputBytes));
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData(new[] { "--offset", "23" }, "xyz")]
    [InlineData(new[] { "--count", "3" }, "abc")]
    [InlineData(new[] { "--offset", "2", "--count", "4" }, "cdef")]
    [InlineData(new[] { "--offset", "20", "--count", "100" }, "uvwxyz")]
    [InlineData(new[] { "--count", "0" }, "")]
    [InlineData(new[] { "--offset", "0", "--count", "-1" }, "abcdefghijklmnopqrstuvwxyz")]
    public async Task Cat_prints_the_requested_byte_range(string[] rangeOptions, string expected)
    {
        var result = await CliRunner.RunAsync(["cat", _memory.UriOf("docs/alphabet.txt"), .. rangeOptions]);

        CliAssert.Succeeded(result);
        Assert.Equal(expected, Encoding.UTF8.GetString(result.OutputBytes));
    }

    [Fact]
    public async Task Cat_of_a_local_file_copies_binary_content_exactly()
    {
        var content = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(_directory.Local("blob.bin"), content);

        var result = await CliRunner.RunAsync("cat", _directory.Local("blob.bin"));

        CliAssert.Succeeded(result);
        Assert.Equal(content, result.OutputBytes);
    }

    [Fact]
    public async Task Cat_of_a_directory_is_refused_as_a_usage_error()
    {
        var remote = _memory.UriOf("docs/folder");

        var result = await CliRunner.RunAsync("cat", remote);

        CliAssert.FailedWith(ExitCodes.UsageError, $"'{remote}' is a directory", result);
        Assert.Empty(result.OutputBytes);
    }

    [Fact]
    public async Task Cat_of_a_missing_object_is_not_found()
    {
        var remote = _memory.UriOf("docs/missing.txt");

        var result = await CliRunner.RunAsync("cat", remote);

        CliAssert.FailedWith(ExitCodes.NotFound, $"'{remote}' was not found", result);
    }

    [Fact]
    public async Task Cat_in_a_missing_local_directory_is_not_found_and_creates_nothing()
    {
        var result = await CliRunner.RunAsync("cat", _directory.UriOf("absent/file.txt"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
        Assert.False(_directory.DirectoryExists("absent"));
    }

    [Theory]
    [InlineData("--offset", "-1", "--offset cannot be negative")]
    [InlineData("--count", "-2", "--count must be -1")]
    public async Task Cat_rejects_a_negative_range(string option, string value, string message)
    {
        var result = await CliRunner.RunAsync("cat", _memory.UriOf("docs/alphabet.txt"), option, value);

        CliAssert.FailedWith(ExitCodes.UsageError, message, result);
        Assert.Empty(result.OutputBytes);
    }
}
