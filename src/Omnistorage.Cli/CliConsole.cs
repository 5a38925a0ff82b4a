namespace Omnistorage.Cli;

/// <summary>
/// The standard streams a command uses. Commands never touch <see cref="Console"/> directly, so tests can run them
/// against in-memory writers and streams. The writers must be thread-safe (<see cref="TextWriter.Synchronized"/>):
/// <c>copy</c> reports from several concurrent transfers.
/// </summary>
/// <param name="Out">Text results (listings, summaries, JSON).</param>
/// <param name="Error">Error messages and progress.</param>
/// <param name="OpenInput">Opens standard input as bytes (for <c>rcat</c>).</param>
/// <param name="OpenOutput">Opens standard output as bytes (for <c>cat</c>).</param>
/// <param name="ErrorIsTerminal">True when <see cref="Error"/> is a terminal, where a live progress line makes sense.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenInput, Func<Stream> OpenOutput, bool ErrorIsTerminal)
{
    /// <summary>The process's real console.</summary>
    public static CliConsole FromSystemConsole() =>
        new(Console.Out, Console.Error, Console.OpenStandardInput, Console.OpenStandardOutput, !Console.IsErrorRedirected);
}
