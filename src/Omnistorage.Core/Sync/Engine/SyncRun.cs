using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Omnistorage.Sync.Engine;

/// <summary>
/// One attempt of a copy, sync or move. Checkers compare entries as the march produces them and hand copies to the
/// transfer workers through a bounded channel, so neither listings nor pending work grow without bound. Counters are
/// updated with <see cref="Interlocked"/>; per-directory state is only touched by the marching task.
/// </summary>
internal sealed class SyncRun
{
    private const int QueuedTransfersPerWorker = 4;

    private readonly SyncOptions _options;
    private readonly SyncRoots _roots;
    private readonly IProgress<SyncProgress>? _progress;
    private readonly ObjectComparison _comparison;
    private readonly Stopwatch _clock = new();
    private readonly ConcurrentQueue<SyncError> _errors = new();
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly ConcurrentQueue<SyncAction>? _actions;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    // Destination-only directories (pre-order, so reversed they are deepest first) and, for a move, source
    // directories. Only the marching task adds to them. They grow with the number of directories, never objects.
    private readonly List<string> _destinationOnlyDirectories = [];
    private readonly List<string> _sourceDirectories = [];

    // In a dry run with delete-after, the deletions the plan would make, reported once the transfers are planned.
    private readonly ConcurrentQueue<(string Path, ObjectInfo Item)> _plannedDeletes = new();

    private long _checked, _transferred, _bytes, _deleted, _bytesDeleted, _sourceDeleted, _modificationTimesFixed, _skipped, _directoriesRemoved;
    private long _liveBytes, _pendingBytes;
    private long _destinationOnlyCount, _destinationOnlyBytes;
    private long _deletesReserved, _deleteBytesReserved;
    private int _deleteLimitHit;
    private volatile SyncPhase _phase = SyncPhase.Transferring;

    public SyncRun(SyncOptions options, SyncRoots roots, IProgress<SyncProgress>? progress)
    {
        _options = options;
        _roots = roots;
        _progress = progress;
        _comparison = new ObjectComparison(options.Source, options.Destination);
        if (options.RecordActions || options.DryRun) _actions = new ConcurrentQueue<SyncAction>();
    }

    private bool IsSync => _options.Mode == SyncMode.Sync;

    private bool IsMove => _options.Mode == SyncMode.Move;

    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        if (_options.Compare == CompareMode.Checksum && _comparison.CommonHash is null)
        {
            _warnings.Enqueue($"The {_options.Source.Name} and {_options.Destination.Name} backends share no native hash; objects were compared by size only.");
        }

        using var stopProgress = new CancellationTokenSource();
        var progressLoop = _progress is null ? Task.CompletedTask : ReportProgressAsync(stopProgress.Token);
        try
        {
            if (IsSync && _options.DeleteMode == DeleteMode.Before)
            {
                _phase = SyncPhase.DeletingBefore;
                await DeletePassAsync(countFirst: true, cancellationToken).ConfigureAwait(false);
            }

            _phase = SyncPhase.Transferring;
            await TransferPassAsync(cancellationToken).ConfigureAwait(false);

            if (IsSync && _options.DeleteMode == DeleteMode.After)
            {
                _phase = SyncPhase.DeletingAfter;
                await DeleteAfterAsync(cancellationToken).ConfigureAwait(false);
            }

            _phase = SyncPhase.RemovingDirectories;
            if (IsSync) await RemoveDestinationDirectoriesAsync(cancellationToken).ConfigureAwait(false);
            if (IsMove && _options.DeleteEmptySourceDirectories) await RemoveSourceDirectoriesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex)
        {
            // Only failures of the whole run get here (for example a missing source root); per-object ones are collected.
            AddError(string.Empty, ex);
        }
        finally
        {
            _phase = SyncPhase.Finished;
            stopProgress.Cancel();
            await progressLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _progress?.Report(Snapshot());
        }

        return new SyncResult
        {
            ObjectsChecked = Interlocked.Read(ref _checked),
            ObjectsTransferred = Interlocked.Read(ref _transferred),
            BytesTransferred = Interlocked.Read(ref _bytes),
            ObjectsDeleted = Interlocked.Read(ref _deleted),
            BytesDeleted = Interlocked.Read(ref _bytesDeleted),
            SourceObjectsDeleted = Interlocked.Read(ref _sourceDeleted),
            ModificationTimesFixed = Interlocked.Read(ref _modificationTimesFixed),
            ObjectsSkipped = Interlocked.Read(ref _skipped),
            DirectoriesRemoved = Interlocked.Read(ref _directoriesRemoved),
            Errors = [.. _errors],
            Warnings = [.. _warnings],
            Actions = _actions is null ? [] : [.. _actions],
            Duration = _clock.Elapsed,
            DryRun = _options.DryRun,
        };
    }

    private Marcher CreateMarcher() =>
        new(_options.Source, _roots.Source, _options.Destination, _roots.Destination, _options.Filter);

    // ---- The transfer pass ------------------------------------------------------------------------------------

    private async Task TransferPassAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var transfers = Channel.CreateBounded<TransferJob>(new BoundedChannelOptions(_options.Transfers * QueuedTransfersPerWorker)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        var workers = new Task[_options.Transfers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                try
                {
                    await foreach (var job in transfers.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
                    {
                        await TransferAsync(job, linked.Token).ConfigureAwait(false);
                    }
                }
                catch
                {
                    linked.Cancel();
                    throw;
                }
            }, linked.Token);
        }

        Exception? marchFailure = null;
        try
        {
            await ParallelMarch.RunAsync(CreateMarcher(), _options.Checkers, OnStructuralEntryAsync,
                (entry, ct) => CheckEntryAsync(entry, transfers.Writer, ct), linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            marchFailure = ex;
        }
        finally
        {
            transfers.Writer.TryComplete();
        }

        if (marchFailure is not null)
        {
            // Transfers already queued are abandoned; their writes never commit, so nothing half-written is left.
            linked.Cancel();
            await Task.WhenAll(workers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ExceptionDispatchInfo.Throw(marchFailure);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private ValueTask OnStructuralEntryAsync(MarchEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Error is not null)
        {
            AddError(entry.Path, entry.Error);
        }
        else if (entry.IsTypeMismatch)
        {
            _errors.Enqueue(new SyncError(entry.Path, StorageErrorCode.Conflict,
                $"'{entry.Path}' is {(entry.Source!.IsDirectory ? "a directory" : "an object")} in the source but {(entry.Destination!.IsDirectory ? "a directory" : "an object")} in the destination; it was left alone.", false));
        }
        else if (entry.Source is null && entry.Destination is { } destinationDirectory && IsSync)
        {
            _destinationOnlyDirectories.Add(destinationDirectory.Path);
        }
        else if (entry.Source is { } sourceDirectory && IsMove && _options.DeleteEmptySourceDirectories)
        {
            _sourceDirectories.Add(sourceDirectory.Path);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask CheckEntryAsync(MarchEntry entry, ChannelWriter<TransferJob> transfers, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checked);
        try
        {
            if (entry.Source is not { } source)
            {
                await OnDestinationOnlyAsync(entry.Path, entry.Destination!, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (entry.Destination is not { } destination)
            {
                await QueueTransferAsync(new TransferJob(entry.Path, source, null, "new object"), transfers, cancellationToken).ConfigureAwait(false);
                return;
            }

            var decision = await DecideAsync(source, destination, cancellationToken).ConfigureAwait(false);
            switch (decision.Kind)
            {
                case DecisionKind.Skip:
                    Interlocked.Increment(ref _skipped);
                    if (IsMove && decision.IsEqual) await DeleteSourceAsync(entry.Path, source, "already at the destination", cancellationToken).ConfigureAwait(false);
                    break;
                case DecisionKind.SetModificationTime:
                    await SetModificationTimeAsync(entry.Path, source, destination, decision.Reason, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await QueueTransferAsync(new TransferJob(entry.Path, source, destination, decision.Reason), transfers, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            AddError(entry.Path, ex);
        }
    }

    private async ValueTask OnDestinationOnlyAsync(string path, ObjectInfo destination, CancellationToken cancellationToken)
    {
        if (!IsSync) return;
        Interlocked.Increment(ref _destinationOnlyCount);
        Interlocked.Add(ref _destinationOnlyBytes, Math.Max(0, destination.Size));
        switch (_options.DeleteMode)
        {
            case DeleteMode.During:
                await DeleteDestinationAsync(path, destination, "not in the source", cancellationToken).ConfigureAwait(false);
                break;
            case DeleteMode.After when _options.DryRun:
                _plannedDeletes.Enqueue((path, destination));
                break;
        }
    }

    private async ValueTask<Decision> DecideAsync(ObjectInfo source, ObjectInfo destination, CancellationToken cancellationToken)
    {
        if (_options.IgnoreTimes) return new Decision(DecisionKind.Copy, "ignoring times: every object is transferred");
        if (_options.IgnoreExisting) return new Decision(DecisionKind.Skip, "exists at the destination");
        if (_options.Update && _comparison.CompareModificationTimes(source, destination) is { } age)
        {
            if (age < 0) return new Decision(DecisionKind.Skip, "the destination is newer");
            if (age == 0 && !ObjectComparison.SizesDiffer(source, destination)) return new Decision(DecisionKind.Skip, "equal", IsEqual: true);
        }

        if (ObjectComparison.SizesDiffer(source, destination))
        {
            return new Decision(DecisionKind.Copy, $"size differs ({source.Size} vs {destination.Size})");
        }

        switch (_options.Compare)
        {
            case CompareMode.SizeOnly:
                return new Decision(DecisionKind.Skip, "equal size", IsEqual: true);
            case CompareMode.Checksum:
                return await _comparison.HashesEqualAsync(source, destination, cancellationToken).ConfigureAwait(false) is false
                    ? new Decision(DecisionKind.Copy, $"{HashName} differs")
                    : new Decision(DecisionKind.Skip, "equal", IsEqual: true);
        }

        // Size and modification time: without times on either side this is a size-only comparison.
        if (_comparison.CompareModificationTimes(source, destination) is null or 0)
        {
            return new Decision(DecisionKind.Skip, "equal", IsEqual: true);
        }

        if (_options.Destination.Features.CanSetModificationTime && _comparison.CommonHash is not null && source.LastModified is not null)
        {
            return await _comparison.HashesEqualAsync(source, destination, cancellationToken).ConfigureAwait(false) is true
                ? new Decision(DecisionKind.SetModificationTime, $"modification time differs, {HashName} equal")
                : new Decision(DecisionKind.Copy, $"modification time and {HashName} differ");
        }

        return new Decision(DecisionKind.Copy, "modification time differs");
    }

    private string HashName => _comparison.CommonHash?.ToString().ToUpperInvariant() ?? "hash";

    private async ValueTask SetModificationTimeAsync(string path, ObjectInfo source, ObjectInfo destination, string reason, CancellationToken cancellationToken)
    {
        if (!_options.DryRun)
        {
            await _options.Destination.SetModificationTimeAsync(destination.Path, source.LastModified!.Value, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _modificationTimesFixed);
        Record(new SyncAction(SyncActionKind.SetModificationTime, path, destination.Size, reason));
    }

    private async ValueTask QueueTransferAsync(TransferJob job, ChannelWriter<TransferJob> transfers, CancellationToken cancellationToken)
    {
        if (_options.DryRun)
        {
            if (job.Destination is not null && _roots.Backup is not null)
            {
                Record(new SyncAction(SyncActionKind.Backup, job.Path, job.Destination.Size, "overwritten"));
            }

            Interlocked.Increment(ref _transferred);
            Interlocked.Add(ref _bytes, Math.Max(0, job.Source.Size));
            Record(new SyncAction(SyncActionKind.Copy, job.Path, job.Source.Size, job.Reason));
            if (IsMove) await DeleteSourceAsync(job.Path, job.Source, "moved", cancellationToken).ConfigureAwait(false);
            return;
        }

        Interlocked.Add(ref _pendingBytes, Math.Max(0, job.Source.Size));
        await transfers.WriteAsync(job, cancellationToken).ConfigureAwait(false);
    }

    private async Task TransferAsync(TransferJob job, CancellationToken cancellationToken)
    {
        _inFlight.TryAdd(job.Path, 0);
        var counter = new ByteCounter(this);
        try
        {
            var target = job.Destination?.Path ?? StoragePath.Combine(_roots.Destination, job.Path);
            if (job.Destination is not null && _roots.Backup is not null)
            {
                await BackupAsync(job.Path, job.Destination, "overwritten", cancellationToken).ConfigureAwait(false);
            }

            var committed = await CopyAsync(job.Source, target, counter, cancellationToken).ConfigureAwait(false);
            await VerifyAsync(job, target, committed, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _transferred);
            Interlocked.Add(ref _bytes, committed.Size >= 0 ? committed.Size : Math.Max(0, job.Source.Size));
            Record(new SyncAction(SyncActionKind.Copy, job.Path, job.Source.Size, job.Reason));
            if (IsMove) await DeleteSourceAsync(job.Path, job.Source, "moved", cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            AddError(job.Path, ex);
        }
        finally
        {
            _inFlight.TryRemove(job.Path, out _);
            Interlocked.Add(ref _pendingBytes, -Math.Max(0, Math.Max(0, job.Source.Size) - counter.Total));
        }
    }

    private async ValueTask<ObjectInfo> CopyAsync(ObjectInfo source, string target, ByteCounter counter, CancellationToken cancellationToken)
    {
        if (_options.Bandwidth is not { } limiter)
        {
            // Without a limit the store may copy server-side (same backend) or stream through its bounded buffer.
            var copyOptions = new CopyOptions { PreserveModificationTime = true, Progress = counter };
            return await ObjectStore.CopyPathAsync(_options.Source, source.Path, _options.Destination, target, copyOptions, cancellationToken).ConfigureAwait(false);
        }

        var writeOptions = new WriteOptions
        {
            Size = source.Size,
            LastModified = source.LastModified,
            ContentType = source.ContentType,
            Metadata = source.Metadata.Count > 0 ? source.Metadata : null,
            Hashes = source.Hashes.Count > 0 ? source.Hashes : null,
        };
        await using var reader = await _options.Source.OpenReadAsync(source.Path, default, cancellationToken).ConfigureAwait(false);
        await using var limited = limiter.Wrap(reader);
        await using var writer = await _options.Destination.OpenWriteAsync(target, writeOptions, cancellationToken).ConfigureAwait(false);

        // Both sides are throttled: reads draw on the download allowance and writes on the upload one, so an
        // UPLOAD:DOWNLOAD pair limits the copy to the lower of the two (the allowances are separate, so a single
        // value is not charged twice). The write stream is committed directly once the wrapper has passed every byte.
        await using var limitedWriter = limiter.Wrap(writer);
        const int BufferSize = 256 * 1024;
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await limited.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await limitedWriter.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            counter.Add(read);
        }

        return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the committed copy: its size always, and the hash both backends supply natively when there is one.
    /// A copy that fails is deleted, so a bad object never stays at the destination.
    /// </summary>
    private async ValueTask VerifyAsync(TransferJob job, string target, ObjectInfo committed, CancellationToken cancellationToken)
    {
        var destination = _options.Destination;
        if (committed.Size < 0) committed = await destination.StatAsync(target, cancellationToken).ConfigureAwait(false);
        string? problem = null;
        if (job.Source.Size >= 0 && committed.Size >= 0 && committed.Size != job.Source.Size)
        {
            problem = $"the copy has {committed.Size} bytes, the source {job.Source.Size}";
        }
        else if (_comparison.CommonHash is { } type)
        {
            var sourceHash = await ObjectComparison.GetHashAsync(_options.Source, job.Source, type, cancellationToken).ConfigureAwait(false);
            var copyHash = await ObjectComparison.GetHashAsync(destination, committed with { Path = target }, type, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(sourceHash, copyHash, StringComparison.OrdinalIgnoreCase))
            {
                problem = $"the copy's {HashName} is {copyHash}, the source's {sourceHash}";
            }
        }

        if (problem is null) return;
        try
        {
            await destination.DeleteAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // The integrity error below is what matters; a failed clean-up is reported by the next run's comparison.
        }

        throw new StorageException(StorageErrorCode.Integrity, $"Verification of '{job.Path}' failed: {problem}; the copy was deleted.", destination.Name, target);
    }

    // ---- Deletions ------------------------------------------------------------------------------------------

    private async Task DeletePassAsync(bool countFirst, CancellationToken cancellationToken)
    {
        if (countFirst && (_options.MaxDelete >= 0 || _options.MaxDeleteSize >= 0))
        {
            long count = 0, bytes = 0;
            await foreach (var entry in CreateMarcher().MarchAsync(cancellationToken).ConfigureAwait(false))
            {
                if (entry.Source is null && entry.Destination is { IsDirectory: false } item)
                {
                    count++;
                    bytes += Math.Max(0, item.Size);
                }
            }

            if (ExceedsDeleteLimit(count, bytes))
            {
                ReportDeleteLimit(count, bytes);
                return;
            }
        }

        await ParallelMarch.RunAsync(CreateMarcher(), _options.Checkers,
            (entry, _) =>
            {
                if (entry.Error is not null) AddError(entry.Path, entry.Error);
                return ValueTask.CompletedTask;
            },
            async (entry, ct) =>
            {
                if (entry.Source is not null || entry.Destination is not { } destination) return;
                try
                {
                    await DeleteDestinationAsync(entry.Path, destination, "not in the source", ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex)
                {
                    AddError(entry.Path, ex);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAfterAsync(CancellationToken cancellationToken)
    {
        var count = Interlocked.Read(ref _destinationOnlyCount);
        var bytes = Interlocked.Read(ref _destinationOnlyBytes);
        if (count == 0) return;
        if (!_errors.IsEmpty)
        {
            _warnings.Enqueue($"Not deleting {count} destination-only object(s) because {_errors.Count} error(s) happened.");
            return;
        }

        // Delete-after knows the totals before deleting anything, so an excessive run deletes nothing at all.
        if (ExceedsDeleteLimit(count, bytes))
        {
            ReportDeleteLimit(count, bytes);
            return;
        }

        if (_options.DryRun)
        {
            foreach (var (path, item) in _plannedDeletes)
            {
                await DeleteDestinationAsync(path, item, "not in the source", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // A second march finds the destination-only objects again instead of remembering them all from the first.
        await DeletePassAsync(countFirst: false, cancellationToken).ConfigureAwait(false);
    }

    private bool ExceedsDeleteLimit(long count, long bytes) =>
        (_options.MaxDelete >= 0 && count > _options.MaxDelete) || (_options.MaxDeleteSize >= 0 && bytes > _options.MaxDeleteSize);

    private void ReportDeleteLimit(long count, long bytes)
    {
        if (Interlocked.Exchange(ref _deleteLimitHit, 1) != 0) return;
        var limits = string.Join(" and ", new[]
        {
            _options.MaxDelete >= 0 ? $"max-delete {_options.MaxDelete}" : null,
            _options.MaxDeleteSize >= 0 ? $"max-delete-size {_options.MaxDeleteSize} bytes" : null,
        }.Where(l => l is not null));
        _errors.Enqueue(new SyncError(string.Empty, StorageErrorCode.QuotaExceeded,
            $"Deleting {count} object(s) ({bytes} bytes) would exceed {limits}; deletions were stopped.", false));
    }

    /// <summary>Claims one deletion against the limits; false (and a single error) once they are exceeded.</summary>
    private bool TryReserveDelete(long size)
    {
        if (Volatile.Read(ref _deleteLimitHit) != 0) return false;
        var count = Interlocked.Increment(ref _deletesReserved);
        var bytes = Interlocked.Add(ref _deleteBytesReserved, Math.Max(0, size));
        if (!ExceedsDeleteLimit(count, bytes)) return true;
        ReportDeleteLimit(count, bytes);
        return false;
    }

    private async ValueTask DeleteDestinationAsync(string path, ObjectInfo destination, string reason, CancellationToken cancellationToken)
    {
        // No deletion once anything failed: the source may only look smaller because part of it could not be read.
        if (!_errors.IsEmpty || !TryReserveDelete(destination.Size)) return;
        if (_roots.Backup is not null)
        {
            await BackupAsync(path, destination, "deleted", cancellationToken).ConfigureAwait(false);
        }
        else if (!_options.DryRun)
        {
            await _options.Destination.DeleteAsync(destination.Path, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _deleted);
        Interlocked.Add(ref _bytesDeleted, Math.Max(0, destination.Size));
        Record(new SyncAction(SyncActionKind.DeleteDestination, path, destination.Size, reason));
    }

    private async ValueTask BackupAsync(string path, ObjectInfo destination, string reason, CancellationToken cancellationToken)
    {
        var target = StoragePath.Combine(_roots.Backup!, path) + (_options.Suffix ?? string.Empty);
        if (!_options.DryRun)
        {
            await _options.Destination.MoveAsync(destination.Path, target, overwrite: true, cancellationToken).ConfigureAwait(false);
        }

        Record(new SyncAction(SyncActionKind.Backup, path, destination.Size, $"{reason}; kept as '{target}'"));
    }

    private async ValueTask DeleteSourceAsync(string path, ObjectInfo source, string reason, CancellationToken cancellationToken)
    {
        if (!_options.DryRun)
        {
            await _options.Source.DeleteAsync(source.Path, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _sourceDeleted);
        Record(new SyncAction(SyncActionKind.DeleteSource, path, source.Size, reason));
    }

    // ---- Directories ----------------------------------------------------------------------------------------

    private async Task RemoveDestinationDirectoriesAsync(CancellationToken cancellationToken)
    {
        if (!_errors.IsEmpty || Volatile.Read(ref _deleteLimitHit) != 0) return;
        for (var i = _destinationOnlyDirectories.Count - 1; i >= 0; i--)
        {
            await RemoveDirectoryAsync(_options.Destination, _roots.Destination, _destinationOnlyDirectories[i], "not in the source", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RemoveSourceDirectoriesAsync(CancellationToken cancellationToken)
    {
        if (_options.DryRun) return;
        for (var i = _sourceDirectories.Count - 1; i >= 0; i--)
        {
            await RemoveDirectoryAsync(_options.Source, _roots.Source, _sourceDirectories[i], "emptied by the move", cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask RemoveDirectoryAsync(ObjectStore store, string root, string directory, string reason, CancellationToken cancellationToken)
    {
        var relative = StoragePath.GetRelative(root, directory);
        if (_options.DryRun)
        {
            Record(new SyncAction(SyncActionKind.RemoveDirectory, relative, -1, reason + " (if empty)"));
            return;
        }

        try
        {
            await store.RemoveDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _directoriesRemoved);
            Record(new SyncAction(SyncActionKind.RemoveDirectory, relative, -1, reason));
        }
        catch (StorageException ex) when (ex.Code is StorageErrorCode.Conflict or StorageErrorCode.NotFound)
        {
            // Still holds excluded objects, or an emulated directory that vanished with its last object.
        }
        catch (StorageException ex)
        {
            AddError(relative, ex);
        }
    }

    // ---- Bookkeeping ----------------------------------------------------------------------------------------

    private void Record(SyncAction action)
    {
        _actions?.Enqueue(action);
        _options.ActionObserver?.Report(action);
    }

    private void AddError(string path, Exception exception)
    {
        var storage = exception as StorageException;
        _errors.Enqueue(new SyncError(path, storage?.Code ?? StorageErrors.Classify(exception), exception.Message, storage?.IsRetryable ?? false));
    }

    private async Task ReportProgressAsync(CancellationToken stop)
    {
        var interval = _options.ProgressInterval > TimeSpan.Zero ? _options.ProgressInterval : TimeSpan.FromMilliseconds(250);
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(interval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested) return;
            _progress!.Report(Snapshot());
        }
    }

    private SyncProgress Snapshot()
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var live = Interlocked.Read(ref _liveBytes);
        var rate = seconds > 0 ? live / seconds : 0;
        var pending = Interlocked.Read(ref _pendingBytes);
        return new SyncProgress
        {
            Phase = _phase,
            ObjectsChecked = Interlocked.Read(ref _checked),
            ObjectsTransferred = Interlocked.Read(ref _transferred),
            BytesTransferred = live,
            ObjectsDeleted = Interlocked.Read(ref _deleted),
            CurrentObjects = [.. _inFlight.Keys],
            BytesPerSecond = rate,
            EstimatedRemaining = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, pending) / rate) : null,
        };
    }

    /// <summary>Counts bytes of one transfer as they flow, for the rate and the estimate.</summary>
    private sealed class ByteCounter(SyncRun run) : IProgress<long>
    {
        public long Total { get; private set; }

        /// <summary>Receives the running total of one copy (the shape <see cref="CopyOptions.Progress"/> reports).</summary>
        public void Report(long value) => Add(value - Total);

        public void Add(long delta)
        {
            if (delta <= 0) return;
            Total += delta;
            Interlocked.Add(ref run._liveBytes, delta);
            Interlocked.Add(ref run._pendingBytes, -delta);
        }
    }

    private enum DecisionKind
    {
        Skip,
        Copy,
        SetModificationTime,
    }

    private readonly record struct Decision(DecisionKind Kind, string Reason, bool IsEqual = false);

    private sealed record TransferJob(string Path, ObjectInfo Source, ObjectInfo? Destination, string Reason);
}
