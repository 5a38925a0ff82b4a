using System.Globalization;
using System.Text;

namespace Omnistorage.Cli.Tests;

/// <summary>What one in-process run of <c>omni</c> produced.</summary>
/// <param name="ExitCode">The value <c>omni</c> would exit with.</param>
/// <param name="Out">Text written to standard output.</param>
/// <param name="Error">Text written to standard error.</param>
/// <param name="OutputBytes">Bytes written to the binary standard output (what <c>cat</c> prints).</param>
internal sealed record CliResult(int ExitCode, string Out, string Error, byte[] OutputBytes)
{
    /// <summary>The non-empty lines of standard output, without line-ending characters.</summary>
    public string[] OutLines => SplitLines(Out);

    /// <summary>The non-empty lines of standard error, without line-ending characters.</summary>
    public string[] ErrorLines => SplitLines(Error);

    /// <summary>A description for assertion messages, so a failing test shows what the command said.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";

    private static string[] SplitLines(string text) =>
        text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToArray();
}

/// <summary>
/// Runs <c>omni</c> in-process through <see cref="CliApplication.RunAsync"/> with a console made of string writers and
/// memory streams, exactly as Program.cs runs it with the real console.
/// </summary>
internal static class CliRunner
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, input: null, CancellationToken.None);

    public static Task<CliResult> RunWithInputAsync(string input, params string[] args) =>
        RunAsync(args, new MemoryStream(Encoding.UTF8.GetBytes(input)), CancellationToken.None);

    public static async Task<CliResult> RunAsync(string[] args, Stream? input, CancellationToken cancellationToken)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        var binaryOutput = new MemoryStream();
        // The writers are synchronized because copy reports from several transfers at once, as CliConsole requires.
        var console = new CliConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error),
            () => input ?? new MemoryStream(), () => binaryOutput, ErrorIsTerminal: false);
        var exitCode = await CliApplication.RunAsync(args, console, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString(), binaryOutput.ToArray());
    }
}

/// <summary>Assertions shared by the command tests.</summary>
internal static class CliAssert
{
    public static void ExitCode(int expected, CliResult result) =>
        Assert.True(result.ExitCode == expected, $"Expected exit code {expected}.\n{result}");

    public static void Succeeded(CliResult result)
    {
        ExitCode(ExitCodes.Success, result);
        Assert.True(result.Error.Length == 0, $"Expected nothing on standard error.\n{result}");
    }

    /// <summary>The command failed with <paramref name="exitCode"/>, printed nothing on stdout and one <c>omni: </c> line containing <paramref name="fragment"/>.</summary>
    public static void FailedWith(int exitCode, string fragment, CliResult result)
    {
        ExitCode(exitCode, result);
        Assert.True(result.ErrorLines.Any(line => line.StartsWith("omni: ", StringComparison.Ordinal) && line.Contains(fragment, StringComparison.Ordinal)),
            $"Expected an 'omni: ' error line containing \"{fragment}\".\n{result}");
    }
}
