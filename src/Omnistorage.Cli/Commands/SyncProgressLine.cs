using Omnistorage.Sync;

namespace Omnistorage.Cli.Commands;

/// <summary>
/// A live progress line on a terminal's standard error, redrawn from each <see cref="SyncProgress"/> the engine reports
/// (from its timer thread) and erased when the run finishes or the line is disposed.
/// </summary>
internal sealed class SyncProgressLine(TextWriter error) : IProgress<SyncProgress>, IDisposable
{
    private readonly Lock _lock = new();
    private int _lastLength;
    private bool _stopped;

    public void Report(SyncProgress value)
    {
        if (value.Phase == SyncPhase.Finished)
        {
            Dispose();
            return;
        }

        var text = Describe(value);
        lock (_lock)
        {
            if (_stopped) return;
            error.Write("\r" + text.PadRight(_lastLength));
            _lastLength = text.Length;
        }
    }

    /// <summary>Erases the line so that a message written next starts on a clean line.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            if (_lastLength == 0) return;
            error.Write("\r" + new string(' ', _lastLength) + "\r");
            _lastLength = 0;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            // A report already on its way from the engine's timer must not redraw after the final clear.
            _stopped = true;
        }

        Clear();
    }

    internal static string Describe(SyncProgress progress)
    {
        var text = $"Transferred: {Formatting.HumanSize(progress.BytesTransferred)} at {Formatting.HumanSize((long)progress.BytesPerSecond)}/s, " +
            $"{progress.ObjectsTransferred} files, {progress.ObjectsChecked} checked, {progress.ObjectsDeleted} deleted";
        if (progress.EstimatedRemaining is { } remaining) text += $", ETA {Formatting.Duration(remaining)}";
        return progress.Phase switch
        {
            SyncPhase.DeletingBefore => text + " (deleting before transfers)",
            SyncPhase.DeletingAfter => text + " (deleting)",
            SyncPhase.RemovingDirectories => text + " (removing directories)",
            _ => text,
        };
    }
}
