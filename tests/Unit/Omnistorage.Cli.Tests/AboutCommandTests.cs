using System.Text.Json;

namespace Omnistorage.Cli.Tests;

public sealed class AboutCommandTests : IAsyncLifetime
{
    private readonly TemporaryMemoryStore _memory = new();
    private readonly TemporaryDirectory _directory = new();

    public async Task InitializeAsync()
    {
        await _memory.WriteTextAsync("a.txt", "hello");
        await _memory.WriteTextAsync("dir/b.txt", "1234567");
    }

    public async Task DisposeAsync()
    {
        await _memory.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task About_prints_only_the_values_the_backend_reports()
    {
        var result = await CliRunner.RunAsync("about", _memory.Uri);

        CliAssert.Succeeded(result);
        // The memory backend has no quota, so Total and Free are left out.
        Assert.Equal(["Used:    12 B (12 bytes)", "Objects: 2"], result.OutLines);
    }

    [Fact]
    public async Task About_json_prints_rclone_field_names()
    {
        var result = await CliRunner.RunAsync("about", "--json", _memory.UriOf("dir"));

        CliAssert.Succeeded(result);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal(["used", "objects"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(7, document.RootElement.GetProperty("used").GetInt64());
        Assert.Equal(1, document.RootElement.GetProperty("objects").GetInt64());
    }

    [Fact]
    public async Task About_of_a_local_directory_reports_the_file_system_totals()
    {
        var text = await CliRunner.RunAsync("about", _directory.Uri);
        var json = await CliRunner.RunAsync("about", _directory.Uri, "--json");

        CliAssert.Succeeded(text);
        Assert.Contains(text.OutLines, line => line.StartsWith("Total:   ", StringComparison.Ordinal) && line.EndsWith(" bytes)", StringComparison.Ordinal));
        Assert.Contains(text.OutLines, line => line.StartsWith("Free:    ", StringComparison.Ordinal));
        CliAssert.Succeeded(json);
        using var document = JsonDocument.Parse(json.Out);
        Assert.True(document.RootElement.GetProperty("total").GetInt64() > 0);
        Assert.True(document.RootElement.GetProperty("free").GetInt64() >= 0);
    }

    [Fact]
    public async Task About_of_a_missing_local_directory_is_not_found_and_creates_nothing()
    {
        var result = await CliRunner.RunAsync("about", _directory.UriOf("missing"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
        Assert.False(_directory.DirectoryExists("missing"));
    }
}
