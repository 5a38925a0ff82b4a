using System.Text.Json;

namespace Omnistorage.Cli.Tests;

public sealed class BackendsCommandTests
{
    [Fact]
    public async Task Backends_lists_each_built_in_backend_with_its_schemes_and_options()
    {
        var result = await CliRunner.RunAsync("backends");

        CliAssert.Succeeded(result);
        var lines = result.OutLines;
        Assert.Contains("memory (memory://, mem://)", lines);
        Assert.Contains("file (file://)", lines);
        Assert.Contains("channel (channel://)", lines);
        Assert.Contains("multi (no URI scheme)", lines);
        Assert.Contains("    root (string, required, env OMNI_FILE_ROOT)", lines);
        Assert.Contains("    create-root (boolean, default true, env OMNI_FILE_CREATE_ROOT)", lines);
    }

    [Fact]
    public async Task Backends_json_is_an_array_of_backends_with_their_option_descriptions()
    {
        var result = await CliRunner.RunAsync("backends", "--json");

        CliAssert.Succeeded(result);
        using var document = JsonDocument.Parse(result.Out);
        var backends = document.RootElement.EnumerateArray().ToDictionary(b => b.GetProperty("Name").GetString()!, StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["memory", "file", "channel", "multi"]), backends.Keys.ToHashSet());
        Assert.Equal(["memory", "mem"], backends["memory"].GetProperty("Schemes").EnumerateArray().Select(s => s.GetString()));
        Assert.Empty(backends["multi"].GetProperty("Schemes").EnumerateArray());
        Assert.All(backends.Values, backend => Assert.False(string.IsNullOrWhiteSpace(backend.GetProperty("Description").GetString())));

        var root = backends["file"].GetProperty("Options").EnumerateArray().Single(o => o.GetProperty("Name").GetString() == "root");
        Assert.Equal("string", root.GetProperty("Type").GetString());
        Assert.True(root.GetProperty("Required").GetBoolean());
        Assert.False(root.GetProperty("Secret").GetBoolean());
        Assert.Equal("OMNI_FILE_ROOT", root.GetProperty("EnvironmentVariable").GetString());

        var mode = backends["multi"].GetProperty("Options").EnumerateArray().Single(o => o.GetProperty("Name").GetString() == "mode");
        Assert.Equal("all", mode.GetProperty("Default").GetString());
        Assert.Contains("quorum", mode.GetProperty("AllowedValues").EnumerateArray().Select(v => v.GetString()));
    }
}
