using Omnistorage.Cli;

// Ctrl+C cancels the running command through its token (exit code 130, partial writes discarded); a second Ctrl+C,
// while cleanup is still going on, ends the process the usual way.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested) return;
    e.Cancel = true;
    cancellation.Cancel();
};

return await CliApplication.RunAsync(args, CliConsole.FromSystemConsole(), cancellation.Token);
