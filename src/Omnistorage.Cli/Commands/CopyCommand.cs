using System.Diagnostics;
using System.Globalization;

namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni copy</c>.</summary>
/// <param name="Source">A file or directory.</param>
/// <param name="Destination">The directory to copy into (created when missing).</param>
/// <param name="Transfers">How many files are copied at the same time.</param>
/// <param name="DryRun">Print what would be copied and change nothing.</param>
/// <param name="Verbose">Print one line per file copied.</param>
/// <param name="Progress">Show a live progress line on standard error (when it is a terminal).</param>
internal sealed record CopySettings(string Source, string Destination, int Transfers = CopySettings.DefaultTransfers,
    bool DryRun = false, bool Verbose = false, bool Progress = false)
{
    public const int DefaultTransfers = 4;
}

/// <summary>
/// <c>omni copy SRC DST</c>: copies a file, or every file of a directory tree, into the destination directory, like
/// <c>rclone copy</c>. Files whose size and modification time already match at the destination are skipped; nothing
/// is deleted. The source listing is streamed into at most <see cref="CopySettings.Transfers"/> concurrent copies, so
/// memory use does not grow with the number of files. A failed file is reported and counted; the others still copy.
/// </summary>
internal sealed class CopyCommand(CliConsole console)
{
    public async Task<int> ExecuteAsync(CopySettings settings, CancellationToken cancellationToken)
    {
        if (settings.Transfers < 1) throw new UsageException("--transfers must be at least 1.");
        var sourceRemote = Remote.Parse(settings.Source);
        var destinationRemote = Remote.Parse(settings.Destination);
        await using var source = await sourceRemote.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        // The destination is first opened without creating it, so that a refused copy leaves nothing behind.
        var destination = await TryOpenExistingAsync(destinationRemote, cancellationToken).ConfigureAwait(false);
        try
        {
            if (source.IsDirectory)
            {
                var destinationRoot = destination is not null
                    ? (destination.Store.Name, destination.Store.Root)
                    : await DescribeMissingRootAsync(destinationRemote, cancellationToken).ConfigureAwait(false);
                if (destinationRoot is { } root && Overlaps(source.Store, root.Name, root.Root))
                {
                    throw new UsageException($"'{sourceRemote}' and '{destinationRemote}' overlap (one lies within the other); copying between them is refused.");
                }
            }

            if (destination is null && !settings.DryRun)
            {
                destination = new RemoteItem(await destinationRemote.OpenRootAsync(createRoot: true, cancellationToken).ConfigureAwait(false), string.Empty, null);
            }

            return await TransferAsync(source, destination, settings, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (destination is not null) await destination.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Copies every file of <paramref name="source"/>; <paramref name="destination"/> is null only in a dry run into a missing directory.</summary>
    private async Task<int> TransferAsync(RemoteItem source, RemoteItem? destination, CopySettings settings, CancellationToken cancellationToken)
    {
        var stats = new TransferStats();
        var stopwatch = Stopwatch.StartNew();
        using var progress = settings.Progress && console.ErrorIsTerminal ? new ProgressLine(console.Error, stats, stopwatch) : null;
        var modificationWindow = ModificationWindow(source.Store, destination?.Store);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Transfers, CancellationToken = cancellationToken };
        int? fatalExitCode = null;
        try
        {
            await Parallel.ForEachAsync(Listing.FilesAsync(source, cancellationToken), parallel, async (file, token) =>
            {
                var relative = source.RelativePathOf(file);
                try
                {
                    await CopyOneAsync(source, file, destination, relative, settings, modificationWindow, stats, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref stats.Errors);
                    progress?.Clear();
                    console.Error.WriteLine($"omni: {relative}: {CliErrors.MessageFor(ex)}");
                }
            }).ConfigureAwait(false);
        }
        catch (StorageException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The listing itself failed: files already copied stay copied and the summary still says what happened.
            progress?.Clear();
            fatalExitCode = CliErrors.Report(ex, console.Error, cancellationToken);
        }
        finally
        {
            progress?.Dispose();
            PrintSummary(stats, settings.DryRun, stopwatch.Elapsed);
        }

        return fatalExitCode ?? (stats.Errors > 0 ? ExitCodes.SomeItemsFailed : ExitCodes.Success);
    }

    private async Task CopyOneAsync(RemoteItem source, ObjectInfo file, RemoteItem? destination, string relative, CopySettings settings,
        TimeSpan? modificationWindow, TransferStats stats, CancellationToken cancellationToken)
    {
        var existing = destination is null ? null : await destination.Store.TryStatAsync(relative, cancellationToken).ConfigureAwait(false);
        if (existing is { IsDirectory: false } && IsUnchanged(file, existing, modificationWindow))
        {
            Interlocked.Increment(ref stats.Skipped);
            return;
        }

        if (settings.DryRun)
        {
            Interlocked.Increment(ref stats.Files);
            Interlocked.Add(ref stats.Bytes, Math.Max(file.Size, 0));
            console.Out.WriteLine($"Would copy: {relative} ({Formatting.HumanSize(file.Size)})");
            return;
        }

        var counter = new FileByteCounter(stats);
        try
        {
            var options = CopyOptions.Default with { Progress = counter };
            var copied = await ObjectStore.CopyPathAsync(source.Store, file.Path, destination!.Store, relative, options, cancellationToken).ConfigureAwait(false);
            counter.Complete(copied.Size >= 0 ? copied.Size : file.Size);
        }
        catch
        {
            counter.Undo();
            throw;
        }

        Interlocked.Increment(ref stats.Files);
        if (settings.Verbose) console.Out.WriteLine($"Copied: {relative}");
    }

    /// <summary>
    /// rclone's quick check: equal sizes, and modification times equal within the coarser precision of the two backends.
    /// When either side keeps no times (a null window), equal sizes are enough.
    /// </summary>
    internal static bool IsUnchanged(ObjectInfo source, ObjectInfo destination, TimeSpan? modificationWindow)
    {
        if (source.Size < 0 || source.Size != destination.Size) return false;
        if (modificationWindow is not { } window) return true;
        if (source.LastModified is not { } sourceTime || destination.LastModified is not { } destinationTime) return false;
        return (sourceTime - destinationTime).Duration() <= window;
    }

    private static TimeSpan? ModificationWindow(ObjectStore source, ObjectStore? destination)
    {
        if (destination is null || !source.Features.HasModificationTimes || !destination.Features.HasModificationTimes) return null;
        var a = source.Features.ModificationTimePrecision;
        var b = destination.Features.ModificationTimePrecision;
        return a > b ? a : b;
    }

    private static async Task<RemoteItem?> TryOpenExistingAsync(Remote remote, CancellationToken cancellationToken)
    {
        try
        {
            return new RemoteItem(await remote.OpenRootAsync(createRoot: false, cancellationToken).ConfigureAwait(false), string.Empty, null);
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
        {
            // A destination that does not exist yet is created by a real copy; in a dry run every file would be copied.
            return null;
        }
    }

    /// <summary>
    /// Describes the root a missing destination would have: the nearest existing ancestor's root with the missing
    /// segments appended. Null when no ancestor can be opened (then the copy's own open reports why).
    /// </summary>
    private static async Task<(string Name, string Root)?> DescribeMissingRootAsync(Remote remote, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        for (var current = remote; current is not null; current = current.Parent)
        {
            try
            {
                await using var store = await current.OpenRootAsync(createRoot: false, cancellationToken).ConfigureAwait(false);
                missing.Reverse();
                return (store.Name, string.Join('/', [store.Root.TrimEnd('/'), .. missing]));
            }
            catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
            {
                missing.Add(current.Name);
            }
        }

        return null;
    }

    /// <summary>True when both roots are on the same backend and one lies within the other (judged from the stores' root descriptions).</summary>
    internal static bool Overlaps(ObjectStore source, string destinationName, string destinationRoot)
    {
        if (!string.Equals(source.Name, destinationName, StringComparison.OrdinalIgnoreCase)) return false;
        var comparison = source.Features.IsCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var a = source.Root.TrimEnd('/');
        var b = destinationRoot.TrimEnd('/');
        return string.Equals(a, b, comparison) || b.StartsWith(a + "/", comparison) || a.StartsWith(b + "/", comparison);
    }

    private void PrintSummary(TransferStats stats, bool dryRun, TimeSpan elapsed)
    {
        var files = Interlocked.Read(ref stats.Files);
        var bytes = Interlocked.Read(ref stats.Bytes);
        var output = console.Out;
        var amount = $"{files} file{(files == 1 ? "" : "s")}, {Formatting.HumanSize(bytes)} ({bytes.ToString(CultureInfo.InvariantCulture)} bytes)";
        output.WriteLine(dryRun ? $"Dry run:     {amount} would be copied" : $"Copied:      {amount}");
        output.WriteLine($"Skipped:     {Interlocked.Read(ref stats.Skipped)} unchanged");
        output.WriteLine($"Errors:      {Interlocked.Read(ref stats.Errors)}");
        output.WriteLine($"Elapsed:     {Formatting.Duration(elapsed)}");
    }

    /// <summary>Totals shared by the concurrent copies; updated with <see cref="Interlocked"/>.</summary>
    internal sealed class TransferStats
    {
        public long Files;
        public long Bytes;
        public long Skipped;
        public long Errors;
    }

    /// <summary>
    /// Adds one file's progress reports (running totals) to the shared byte count, and takes them back when the copy
    /// fails, so the count only ever includes committed files plus those in flight.
    /// </summary>
    private sealed class FileByteCounter(TransferStats stats) : IProgress<long>
    {
        private long _counted;

        public void Report(long value)
        {
            Interlocked.Add(ref stats.Bytes, value - _counted);
            _counted = value;
        }

        public void Complete(long size) => Report(size);

        public void Undo() => Report(0);
    }

    /// <summary>A progress line on a terminal's standard error, redrawn twice a second until disposed.</summary>
    private sealed class ProgressLine : IDisposable
    {
        private readonly TextWriter _error;
        private readonly TransferStats _stats;
        private readonly Stopwatch _stopwatch;
        private readonly Timer _timer;
        private readonly Lock _lock = new();
        private int _lastLength;
        private bool _stopped;

        public ProgressLine(TextWriter error, TransferStats stats, Stopwatch stopwatch)
        {
            _error = error;
            _stats = stats;
            _stopwatch = stopwatch;
            _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
        }

        /// <summary>Erases the line so that an error message starts on a clean line.</summary>
        public void Clear()
        {
            lock (_lock)
            {
                if (_lastLength == 0) return;
                _error.Write("\r" + new string(' ', _lastLength) + "\r");
                _lastLength = 0;
            }
        }

        public void Dispose()
        {
            _timer.Dispose();
            lock (_lock)
            {
                // A timer callback already running must not redraw after the final clear.
                _stopped = true;
            }

            Clear();
        }

        private void Draw()
        {
            var bytes = Interlocked.Read(ref _stats.Bytes);
            var seconds = Math.Max(_stopwatch.Elapsed.TotalSeconds, 0.001);
            var text = $"Transferred: {Formatting.HumanSize(bytes)} at {Formatting.HumanSize((long)(bytes / seconds))}/s, " +
                $"{Interlocked.Read(ref _stats.Files)} files, {Interlocked.Read(ref _stats.Skipped)} skipped, " +
                $"{Interlocked.Read(ref _stats.Errors)} errors, {Formatting.Duration(_stopwatch.Elapsed)}";
            lock (_lock)
            {
                if (_stopped) return;
                _error.Write("\r" + text.PadRight(_lastLength));
                _lastLength = text.Length;
            }
        }
    }
}
