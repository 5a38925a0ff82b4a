using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Omnistorage.Sync.Engine;

/// <summary>
/// rclone-class copy, sync, move and check between any two <see cref="ObjectStore"/>s. See <c>docs/sync.md</c> for the
/// semantics and where they differ from rclone's.
/// </summary>
public static class SyncEngine
{
    /// <summary>
    /// Runs a copy, sync or move (<see cref="SyncOptions.Mode"/>). Per-object failures are collected in
    /// <see cref="SyncResult.Errors"/> and do not stop the run (but do stop a sync's deletions); invalid options are a
    /// <see cref="StorageException"/> with <see cref="StorageErrorCode.InvalidArgument"/>; cancellation throws
    /// <see cref="OperationCanceledException"/>, and re-running the same options afterwards converges because every
    /// write is transactional. When the run ends with retryable errors it is repeated up to
    /// <see cref="SyncOptions.Retries"/> times.
    /// </summary>
    public static async Task<SyncResult> RunAsync(SyncOptions options, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var roots = Validate(options);
        for (var attempt = 1; ; attempt++)
        {
            var result = await new SyncRun(options, roots, progress).RunAsync(cancellationToken).ConfigureAwait(false);
            if (attempt > options.Retries || !result.Errors.Any(e => e.IsRetryable))
            {
                return result with { Attempts = attempt };
            }
        }
    }

    /// <summary>
    /// Compares the two trees (rclone <c>check</c>) and streams one <see cref="SyncDifference"/> per object, in no
    /// particular order (comparisons run on <see cref="CheckOptions.Checkers"/> workers). Objects are compared by size,
    /// then by a hash both backends supply natively; without one, by their bytes when <see cref="CheckOptions.Download"/>
    /// is set, else by size only (the difference's detail says so). A missing source root throws
    /// <see cref="StorageErrorCode.NotFound"/>. Use <see cref="CheckReportWriter"/> for rclone-style reports.
    /// </summary>
    public static async IAsyncEnumerable<SyncDifference> CheckAsync(CheckOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Checkers < 1) throw new StorageException(StorageErrorCode.InvalidArgument, "Checkers must be at least 1.");
        var comparison = new ObjectComparison(options.Source, options.Destination);
        var marcher = new Marcher(options.Source, options.SourcePath, options.Destination, options.DestinationPath, options.Filter);
        var output = Channel.CreateBounded<SyncDifference>(options.Checkers * 16);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = Task.Run(async () =>
        {
            try
            {
                await ParallelMarch.RunAsync(marcher, options.Checkers,
                    (entry, ct) => entry.Error is not null
                        ? output.Writer.WriteAsync(new SyncDifference(entry.Path, DifferenceKind.Error, entry.Error.Message, entry.Error.Code), ct)
                        : entry.IsTypeMismatch
                            ? output.Writer.WriteAsync(new SyncDifference(entry.Path, DifferenceKind.Error, "a file on one side and a directory on the other", StorageErrorCode.Conflict), ct)
                            : ValueTask.CompletedTask,
                    async (entry, ct) =>
                    {
                        var difference = await CompareForCheckAsync(options, comparison, entry, ct).ConfigureAwait(false);
                        if (difference is not null) await output.Writer.WriteAsync(difference, ct).ConfigureAwait(false);
                    },
                    linked.Token).ConfigureAwait(false);
                output.Writer.Complete();
            }
            catch (Exception ex)
            {
                output.Writer.TryComplete(ex);
            }
        }, linked.Token);

        try
        {
            await foreach (var difference in output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return difference;
            }
        }
        finally
        {
            // Stops the workers when the caller stops enumerating early.
            linked.Cancel();
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async ValueTask<SyncDifference?> CompareForCheckAsync(CheckOptions options, ObjectComparison comparison, MarchEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Source is not { } source)
        {
            return options.OneWay ? null : new SyncDifference(entry.Path, DifferenceKind.DestinationOnly);
        }

        if (entry.Destination is not { } destination)
        {
            return new SyncDifference(entry.Path, DifferenceKind.SourceOnly);
        }

        try
        {
            if (ObjectComparison.SizesDiffer(source, destination))
            {
                return new SyncDifference(entry.Path, DifferenceKind.Differ, $"sizes differ ({source.Size} vs {destination.Size})");
            }

            if (options.SizeOnly) return new SyncDifference(entry.Path, DifferenceKind.Match, "size");
            if (await comparison.HashesEqualAsync(source, destination, cancellationToken).ConfigureAwait(false) is { } hashesEqual)
            {
                var name = comparison.CommonHash!.Value.ToString().ToUpperInvariant();
                return hashesEqual
                    ? new SyncDifference(entry.Path, DifferenceKind.Match, name)
                    : new SyncDifference(entry.Path, DifferenceKind.Differ, $"{name} differs");
            }

            if (options.Download)
            {
                return await comparison.ContentsEqualAsync(source, destination, cancellationToken).ConfigureAwait(false)
                    ? new SyncDifference(entry.Path, DifferenceKind.Match, "contents")
                    : new SyncDifference(entry.Path, DifferenceKind.Differ, "contents differ");
            }

            return new SyncDifference(entry.Path, DifferenceKind.Match, "size only: the backends share no hash");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new SyncDifference(entry.Path, DifferenceKind.Error, ex.Message, StorageErrors.Classify(ex));
        }
    }

    /// <summary>Checks the options and returns the normalized roots.</summary>
    private static SyncRoots Validate(SyncOptions options)
    {
        static StorageException Invalid(string message) => new(StorageErrorCode.InvalidArgument, message);
        if (options.Transfers < 1) throw Invalid("Transfers must be at least 1.");
        if (options.Checkers < 1) throw Invalid("Checkers must be at least 1.");
        if (options.Retries < 0) throw Invalid("Retries cannot be negative.");
        if (options.MaxDelete < -1 || options.MaxDeleteSize < -1) throw Invalid("MaxDelete and MaxDeleteSize must be -1 (no limit) or a count.");
        var source = StoragePath.Normalize(options.SourcePath);
        var destination = StoragePath.Normalize(options.DestinationPath);
        if (ReferenceEquals(options.Source.Backend, options.Destination.Backend) &&
            (StoragePath.IsWithin(source, destination) || StoragePath.IsWithin(destination, source)))
        {
            throw Invalid($"The source '{source}' and the destination '{destination}' overlap on the same store.");
        }

        string? backup = null;
        if (options.BackupDirectory is not null)
        {
            backup = StoragePath.Normalize(options.BackupDirectory);
            if (StoragePath.IsWithin(backup, destination) || StoragePath.IsWithin(destination, backup))
            {
                throw Invalid($"The backup directory '{backup}' overlaps the destination '{destination}'.");
            }

            if (ReferenceEquals(options.Source.Backend, options.Destination.Backend) &&
                (StoragePath.IsWithin(backup, source) || StoragePath.IsWithin(source, backup)))
            {
                throw Invalid($"The backup directory '{backup}' overlaps the source '{source}'.");
            }
        }

        return new SyncRoots(source, destination, backup);
    }
}

/// <summary>The normalized transfer roots of a run.</summary>
internal sealed record SyncRoots(string Source, string Destination, string? Backup);
