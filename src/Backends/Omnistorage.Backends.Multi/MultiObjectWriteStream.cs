namespace Omnistorage.Backends.Multi;

/// <summary>
/// One write fanned out to several targets: each piece the caller writes is written to every remaining target in
/// parallel before the call returns, and commit commits every target and settles the outcome under the backend's
/// <see cref="MultiWriteMode"/>. Abort, cancellation or disposal without commit aborts every target's write, so
/// nothing becomes visible anywhere. Not thread-safe, like every write stream.
/// </summary>
public sealed class MultiObjectWriteStream : ObjectWriteStream
{
    private readonly MultiBackend _backend;
    private readonly List<MultiWriteLane> _lanes;
    private readonly List<TargetFailure> _failures;
    private readonly CancellationToken _openToken;

    internal MultiObjectWriteStream(MultiBackend backend, string path, WriteOptions options, List<MultiWriteLane> lanes, List<TargetFailure> openFailures,
        CancellationToken openToken)
        : base(path, options, openToken)
    {
        _backend = backend;
        _lanes = lanes;
        _failures = openFailures;
        _openToken = openToken;
    }

    /// <summary>
    /// The outcome on every target, once <see cref="ObjectWriteStream.CommitAsync"/> has finished (null before): which
    /// targets hold the object, and which failed at open, write, commit or rollback. Set for a failed commit as well.
    /// </summary>
    public MultiWriteReport? Report { get; private set; }

    /// <summary>How many targets are still receiving this write.</summary>
    public int ActiveTargets => _lanes.Count(lane => lane.IsActive);

    protected override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        var active = _lanes.Where(lane => lane.IsActive).ToArray();
        var results = await Task.WhenAll(active.Select(lane => MultiBackend.CaptureAsync(async () =>
        {
            await lane.Stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return true;
        }))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        _openToken.ThrowIfCancellationRequested();

        var dropped = false;
        for (var i = 0; i < active.Length; i++)
        {
            if (results[i].Error is not { } error) continue;
            active[i].IsActive = false;
            _failures.Add(_backend.Failure(active[i].Index, TargetOperation.Write, error));
            await active[i].Stream.AbortAsync().ConfigureAwait(false);
            dropped = true;
        }

        if (!dropped) return;
        var remaining = ActiveTargets;
        if (_backend.Options.Mode == MultiWriteMode.All || remaining < _backend.RequiredTargets)
        {
            Report = _backend.CreateReport(MultiOperation.Write, Path, [], _failures);
            throw new MultiBackendException(Report,
                $"The multi backend stopped writing '{Path}': {remaining} of {_backend.Targets.Count} targets still accept it, {_backend.RequiredTargets} required. Nothing was committed.");
        }
    }

    protected override async ValueTask<ObjectInfo> CommitCoreAsync(CancellationToken cancellationToken)
    {
        var active = _lanes.Where(lane => lane.IsActive).ToArray();
        var results = await Task.WhenAll(active.Select(lane => MultiBackend.CaptureAsync(() => lane.Stream.CommitAsync(cancellationToken))))
            .ConfigureAwait(false);
        var committed = new List<MultiWriteLane>();
        for (var i = 0; i < active.Length; i++)
        {
            if (results[i].Error is { } error)
            {
                _failures.Add(_backend.Failure(active[i].Index, TargetOperation.Commit, error));
            }
            else
            {
                active[i].Committed = results[i].Value;
                committed.Add(active[i]);
            }
        }

        Report = _backend.CreateReport(MultiOperation.Write, Path, [.. committed.Select(lane => lane.Index)], _failures);
        if (Report.Succeeded)
        {
            // Once enough targets hold the object the write is done, even if the caller cancelled during the commit:
            // the cancellation came too late to take it back.
            _backend.ReportPartialFailure(Report);
            return committed[0].Committed!;
        }

        await RollBackAsync(committed).ConfigureAwait(false);
        Report = _backend.CreateReport(MultiOperation.Write, Path, [.. committed.Select(lane => lane.Index)], _failures);
        cancellationToken.ThrowIfCancellationRequested();
        _openToken.ThrowIfCancellationRequested();
        throw new MultiBackendException(Report,
            $"The multi backend could not commit '{Path}' to enough targets ({committed.Count} of {_backend.Targets.Count} committed, {_backend.RequiredTargets} required)" +
            (committed.Count > 0 ? "; the committed copies were deleted again." : "."));
    }

    protected override async ValueTask AbortCoreAsync()
    {
        foreach (var lane in _lanes) await lane.Stream.AbortAsync().ConfigureAwait(false);
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        foreach (var lane in _lanes) await lane.Stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the object from targets that committed it although the write as a whole failed. It runs without the
    /// caller's token, since cleanup must finish even when a cancellation caused the failure.
    /// </summary>
    private async ValueTask RollBackAsync(List<MultiWriteLane> committed)
    {
        foreach (var lane in committed)
        {
            try
            {
                await lane.Target.DeleteAsync(Path, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _failures.Add(_backend.Failure(lane.Index, TargetOperation.Rollback, ex));
            }
        }
    }
}
