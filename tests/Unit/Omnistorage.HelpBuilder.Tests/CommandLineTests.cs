using System.Diagnostics;

namespace Omnistorage.HelpBuilder.Tests;

/// <summary>Runs the built tool the way the module build's LayoutModule target does: <c>dotnet Omnistorage.HelpBuilder.dll in out</c>.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static (int ExitCode, string Output, string Errors) RunTool(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Omnistorage.HelpBuilder.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors.Result);
    }

    [Fact]
    public void Tool_converts_a_folder_and_exits_zero()
    {
        Fixtures.CopyTo(directory, "Read-OmniRecord.md", "about_Sample_Topic.md");

        var (exitCode, output, errors) = RunTool(directory.Combine("md"), directory.Combine("module", "en-US"));

        Assert.True(exitCode == 0, errors);
        Assert.Contains("1 cmdlet(s) and 1 about topic(s)", output, StringComparison.Ordinal);
        Assert.True(File.Exists(directory.Combine("module", "en-US", "Omnistorage.PowerShell.dll-Help.xml")));
        Assert.True(File.Exists(directory.Combine("module", "en-US", "about_Sample_Topic.help.txt")));
    }

    [Fact]
    public void Tool_reports_errors_on_stderr_and_exits_one()
    {
        directory.WriteFile("md/Get-OmniThing.md", Fixtures.MinimalPage(synopsis: string.Empty));

        var (exitCode, _, errors) = RunTool(directory.Combine("md"), directory.Combine("out"));

        Assert.Equal(1, exitCode);
        Assert.Contains("Get-OmniThing.md", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory.Combine("out")));
    }

    [Fact]
    public void Tool_without_arguments_prints_usage_and_exits_two()
    {
        var (exitCode, _, errors) = RunTool();

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage", errors, StringComparison.Ordinal);
    }
}
