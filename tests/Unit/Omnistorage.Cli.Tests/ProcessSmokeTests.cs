using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Omnistorage.Cli.Tests;

/// <summary>
/// Runs the built <c>omni</c> as a real process (<c>dotnet omni.dll</c> from the test output folder), to check what an
/// in-process run cannot: that Program.cs wires the real console, exit codes and standard input and output.
/// </summary>
public sealed class ProcessSmokeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Omni_lists_a_directory_and_exits_zero()
    {
        _directory.WriteText("notes/todo.txt", "buy milk");

        var result = await RunOmniAsync(null, "ls", _directory.Uri);

        CliAssert.Succeeded(result);
        Assert.Equal(["        8 notes/todo.txt"], result.OutLines);
    }

    [Fact]
    public async Task Omni_rcat_from_a_pipe_then_cat_round_trips_the_bytes()
    {
        var target = _directory.UriOf("piped/hello.txt");

        var write = await RunOmniAsync("hello through a pipe\n", "rcat", target);
        var read = await RunOmniAsync(null, "cat", target, "--offset", "6");

        CliAssert.Succeeded(write);
        Assert.Equal("hello through a pipe\n", _directory.ReadText("piped/hello.txt"));
        CliAssert.Succeeded(read);
        Assert.Equal("through a pipe\n", read.Out);
    }

    [Fact]
    public async Task Omni_lsjson_prints_parseable_json()
    {
        _directory.WriteText("a.json", "{}");

        var result = await RunOmniAsync(null, "lsjson", _directory.Path, "--hash-type", "md5");

        CliAssert.Succeeded(result);
        using var document = JsonDocument.Parse(result.Out);
        var entry = Assert.Single(document.RootElement.EnumerateArray().ToList());
        Assert.Equal("a.json", entry.GetProperty("Path").GetString());
        Assert.Equal("99914b932bd37a50b983c5e7c90ae93b", entry.GetProperty("Hashes").GetProperty("md5").GetString());
    }

    [Fact]
    public async Task Omni_exits_three_with_a_message_when_the_object_is_missing()
    {
        var result = await RunOmniAsync(null, "cat", _directory.UriOf("missing.txt"));

        CliAssert.FailedWith(ExitCodes.NotFound, "was not found", result);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Omni_exits_one_for_an_unknown_command()
    {
        var result = await RunOmniAsync(null, "frobnicate");

        CliAssert.ExitCode(ExitCodes.UsageError, result);
        Assert.Contains("'frobnicate'", result.Error, StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunOmniAsync(string? input, params string[] args)
    {
        var omni = Path.Combine(AppContext.BaseDirectory, "omni.dll");
        Assert.True(File.Exists(omni), $"The built CLI should be copied next to the tests: {omni}");
        // The dotnet CLI that runs the tests says where its host is; otherwise the one on PATH is used.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(omni);
        foreach (var arg in args) start.ArgumentList.Add(arg);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("omni did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        // A generous limit only so that a hung process fails the test instead of the whole run; it asserts no timing.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await output, await error, []);
    }
}
