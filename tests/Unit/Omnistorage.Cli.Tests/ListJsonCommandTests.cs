using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Omnistorage.Cli.Tests;

public sealed class ListJsonCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset KnownTime = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _directory = new();

    public async Task InitializeAsync()
    {
        await _memory.WriteTextAsync("tree/a.txt", "123456789", KnownTime.AddTicks(1234567));
        await _memory.WriteTextAsync("tree/data.bin", "xyz", KnownTime);
        await _memory.WriteTextAsync("tree/dir/sub/c.json", "{}", KnownTime);
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Lsjson_lists_the_direct_entries_in_rclone_fields_and_order()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree"));

        CliAssert.Succeeded(result);
        var entries = ParseEntries(result);
        Assert.Equal(["a.txt", "data.bin", "dir"], entries.Keys.Order(StringComparer.Ordinal));

        var file = entries["a.txt"];
        Assert.Equal(["Path", "Name", "Size", "MimeType", "ModTime", "IsDir"], file.EnumerateObject().Select(p => p.Name));
        Assert.Equal("a.txt", file.GetProperty("Name").GetString());
        Assert.Equal(9, file.GetProperty("Size").GetInt64());
        Assert.Equal("text/plain; charset=utf-8", file.GetProperty("MimeType").GetString());
        Assert.Equal("2024-03-01T09:00:00.1234567Z", file.GetProperty("ModTime").GetString());
        Assert.False(file.GetProperty("IsDir").GetBoolean());
        Assert.False(file.TryGetProperty("Hashes", out _));

        Assert.Equal("application/octet-stream", entries["data.bin"].GetProperty("MimeType").GetString());
        Assert.Equal("2024-03-01T09:00:00Z", entries["data.bin"].GetProperty("ModTime").GetString());

        var directory = entries["dir"];
        Assert.True(directory.GetProperty("IsDir").GetBoolean());
        Assert.Equal(-1, directory.GetProperty("Size").GetInt64());
        Assert.Equal("inode/directory", directory.GetProperty("MimeType").GetString());
    }

    [Fact]
    public async Task Lsjson_streams_one_entry_per_line_between_brackets()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree"));

        var lines = result.Out.Split('\n');
        Assert.Equal("[", lines[0]);
        Assert.Equal(["]", ""], lines[^2..]);
        var elements = lines[1..^2];
        Assert.Equal(3, elements.Length);
        Assert.All(elements[..^1], line => Assert.EndsWith("},", line, StringComparison.Ordinal));
        Assert.EndsWith("}", elements[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lsjson_of_an_empty_directory_is_an_empty_array()
    {
        await _memory.Store.CreateDirectoryAsync("nothing-here");

        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("nothing-here"));

        CliAssert.Succeeded(result);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal(0, document.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Lsjson_recursive_lists_the_whole_tree_with_relative_paths()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree"), "--recursive");

        CliAssert.Succeeded(result);
        var entries = ParseEntries(result);
        Assert.Equal(["a.txt", "data.bin", "dir", "dir/sub", "dir/sub/c.json"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("c.json", entries["dir/sub/c.json"].GetProperty("Name").GetString());
        Assert.Equal("application/json", entries["dir/sub/c.json"].GetProperty("MimeType").GetString());
        Assert.Equal("sub", entries["dir/sub"].GetProperty("Name").GetString());
    }

    [Fact]
    public async Task Lsjson_short_recursive_flag_works_like_the_long_one()
    {
        var result = await CliRunner.RunAsync("lsjson", "-R", _memory.UriOf("tree"));

        CliAssert.Succeeded(result);
        Assert.Contains("dir/sub/c.json", ParseEntries(result).Keys);
    }

    [Fact]
    public async Task Lsjson_files_only_leaves_directories_out()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree"), "-R", "--files-only");

        CliAssert.Succeeded(result);
        Assert.Equal(["a.txt", "data.bin", "dir/sub/c.json"], ParseEntries(result).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Lsjson_dirs_only_leaves_files_out()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree"), "-R", "--dirs-only");

        CliAssert.Succeeded(result);
        Assert.Equal(["dir", "dir/sub"], ParseEntries(result).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Lsjson_hash_includes_all_four_hashes_of_each_file_and_none_for_directories()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree"), "--hash");

        CliAssert.Succeeded(result);
        var entries = ParseEntries(result);
        var hashes = entries["a.txt"].GetProperty("Hashes");
        var content = Encoding.UTF8.GetBytes("123456789");
        Assert.Equal(["md5", "sha1", "sha256", "crc32c"], hashes.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Hex(MD5.HashData(content)), hashes.GetProperty("md5").GetString());
        Assert.Equal(Hex(SHA1.HashData(content)), hashes.GetProperty("sha1").GetString());
        Assert.Equal(Hex(SHA256.HashData(content)), hashes.GetProperty("sha256").GetString());
        // The standard CRC-32C check value of "123456789".
        Assert.Equal("e3069283", hashes.GetProperty("crc32c").GetString());
        Assert.False(entries["dir"].TryGetProperty("Hashes", out _));
    }

    [Fact]
    public async Task Lsjson_hash_type_includes_only_the_named_hashes()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree/a.txt"), "--hash-type", "sha1", "--hash-type", "CRC32C");

        CliAssert.Succeeded(result);
        var hashes = ParseEntries(result)["a.txt"].GetProperty("Hashes");
        Assert.Equal(["sha1", "crc32c"], hashes.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Lsjson_rejects_an_unknown_hash_type_as_a_usage_error()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree"), "--hash-type", "md4");

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("Unknown hash type 'md4'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Path\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lsjson_of_a_file_lists_that_file_alone()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree/dir/sub/c.json"));

        CliAssert.Succeeded(result);
        var entry = Assert.Single(ParseEntries(result));
        Assert.Equal("c.json", entry.Key);
        Assert.Equal(2, entry.Value.GetProperty("Size").GetInt64());
    }

    [Fact]
    public async Task Lsjson_of_a_local_directory_reports_sizes_times_and_guessed_types()
    {
        _directory.WriteText("report.csv", "a,b\n");
        _directory.WriteText("photos/cat.png", "not really a png");
        var modified = new DateTime(2023, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(_directory.Local("report.csv"), modified);

        var result = await CliRunner.RunAsync("lsjson", "--recursive", _directory.Uri);

        CliAssert.Succeeded(result);
        var entries = ParseEntries(result);
        Assert.Equal(["photos", "photos/cat.png", "report.csv"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("text/csv; charset=utf-8", entries["report.csv"].GetProperty("MimeType").GetString());
        Assert.Equal(4, entries["report.csv"].GetProperty("Size").GetInt64());
        Assert.Equal(modified, DateTime.Parse(entries["report.csv"].GetProperty("ModTime").GetString()!, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
        Assert.Equal("image/png", entries["photos/cat.png"].GetProperty("MimeType").GetString());
        Assert.True(entries["photos"].GetProperty("IsDir").GetBoolean());
    }

    [Fact]
    public async Task Lsjson_of_a_missing_location_is_not_found()
    {
        var result = await CliRunner.RunAsync("lsjson", _memory.UriOf("tree/nope"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
        Assert.Empty(result.Out);
    }

    private static Dictionary<string, JsonElement> ParseEntries(CliResult result)
    {
        // Cloned so the elements outlive the document.
        using var document = JsonDocument.Parse(result.Out);
        return document.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("Path").GetString()!, e => e.Clone(), StringComparer.Ordinal);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
