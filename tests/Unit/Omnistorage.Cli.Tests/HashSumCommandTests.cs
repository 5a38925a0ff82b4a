using System.Security.Cryptography;
using System.Text;

namespace Omnistorage.Cli.Tests;

public sealed class HashSumCommandTests : IAsyncLifetime
{
    // CRC-32C of "123456789" is the algorithm's published check value; the others come from .NET's own implementations.
    private static readonly Dictionary<string, Func<byte[], string>> Expected = new(StringComparer.Ordinal)
    {
        ["md5"] = data => Hex(MD5.HashData(data)),
        ["sha1"] = data => Hex(SHA1.HashData(data)),
        ["sha256"] = data => Hex(SHA256.HashData(data)),
    };

    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _directory = new();

    public async Task InitializeAsync()
    {
        await _memory.WriteTextAsync("set/check.txt", "123456789");
        await _memory.WriteTextAsync("set/nested/other.txt", "something else");
        await _memory.Store.CreateDirectoryAsync("set/empty-dir");
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("sha1")]
    [InlineData("sha256")]
    public async Task Hashsum_prints_hash_two_spaces_and_relative_path_for_every_file(string type)
    {
        var result = await CliRunner.RunAsync("hashsum", type, _memory.UriOf("set"));

        CliAssert.Succeeded(result);
        Assert.Equal(
            [
                $"{Expected[type](Encoding.UTF8.GetBytes("123456789"))}  check.txt",
                $"{Expected[type](Encoding.UTF8.GetBytes("something else"))}  nested/other.txt",
            ],
            result.OutLines.OrderBy(line => line[(line.IndexOf(' ', StringComparison.Ordinal) + 2)..], StringComparer.Ordinal));
    }

    [Fact]
    public async Task Hashsum_crc32c_prints_eight_hex_digits()
    {
        var result = await CliRunner.RunAsync("hashsum", "crc32c", _memory.UriOf("set/check.txt"));

        CliAssert.Succeeded(result);
        Assert.Equal(["e3069283  check.txt"], result.OutLines);
    }

    [Fact]
    public async Task Hashsum_accepts_the_type_in_upper_case()
    {
        var result = await CliRunner.RunAsync("hashsum", "MD5", _memory.UriOf("set/check.txt"));

        CliAssert.Succeeded(result);
        Assert.Equal([$"{Hex(MD5.HashData(Encoding.UTF8.GetBytes("123456789")))}  check.txt"], result.OutLines);
    }

    [Fact]
    public async Task Hashsum_of_a_local_tree_matches_md5sum_and_reads_files_the_backend_has_no_hash_for()
    {
        _directory.WriteText("one.txt", "first");
        _directory.WriteText("two/three.txt", "second");

        var result = await CliRunner.RunAsync("hashsum", "sha256", _directory.Path);

        CliAssert.Succeeded(result);
        Assert.Equal(
            [
                $"{Hex(SHA256.HashData(Encoding.UTF8.GetBytes("first")))}  one.txt",
                $"{Hex(SHA256.HashData(Encoding.UTF8.GetBytes("second")))}  two/three.txt",
            ],
            result.OutLines.OrderBy(line => line[66..], StringComparer.Ordinal));
    }

    [Fact]
    public async Task Hashsum_rejects_an_unknown_type()
    {
        var result = await CliRunner.RunAsync("hashsum", "md4", _memory.UriOf("set"));

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("Unknown hash type 'md4'. Use md5, sha1, sha256 or crc32c.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hashsum_of_a_missing_path_is_not_found()
    {
        var result = await CliRunner.RunAsync("hashsum", "md5", _memory.UriOf("set/absent"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
