using System.Runtime.CompilerServices;

namespace Omnistorage.Backends.Multi;

/// <summary>
/// A fan-out writer: every write, delete and directory change goes to several target stores at once, and succeeds or
/// fails as a whole according to <see cref="MultiBackendOptions.Mode"/> (every target, at least one, or a quorum).
/// <para>
/// Writes stream to all targets in parallel, piece by piece, as the caller writes; nothing is buffered here. A target
/// whose write fails is dropped from that write (which then fails at once in <see cref="MultiWriteMode.All"/>, or once
/// too few targets remain). On commit every remaining target commits; when fewer than required succeed, the copies that
/// did commit are deleted again (a rollback removes the new object: it cannot bring back an older version the write
/// replaced), and a <see cref="MultiBackendException"/> names each failed target and its error. Failures of an
/// operation that still succeeded are reported through <see cref="MultiBackendOptions.OnPartialFailure"/> and
/// <see cref="MultiObjectWriteStream.Report"/>. Deletes and directory changes cannot be undone, so when they fail on
/// some targets those targets may already have applied them.
/// </para>
/// <para>
/// Reads (list, stat, exists, open, native hashes) come from the primary: the first target that can be read (write-only
/// targets such as a channel are skipped). With <see cref="MultiBackendOptions.ReadFallback"/>, a read that fails with
/// <see cref="StorageErrorCode.NotFound"/> or <see cref="StorageErrorCode.Unavailable"/> moves on to the next readable
/// target; when every target fails, the last one's error is thrown.
/// </para>
/// <para>
/// Its <see cref="Traits"/> are the weakest over the targets: case-insensitive if any target is, bucket-based if any
/// is, empty directories only if every target has them, the smallest object-size limit, read-only when fewer targets
/// accept writes than the mode requires; the coarsest modification-time precision, the native hashes every readable
/// target has, and listing consistency are taken over the readable targets. Copies and moves use the portable
/// fallbacks (read from the primary, write to every target). Thread-safe when the targets are.
/// </para>
/// </summary>
public sealed class MultiBackend : IStorageBackend, INativeHashes
{
    /// <summary>The registered backend name.</summary>
    public const string BackendName = "multi";

    private readonly ObjectStore[] _targets;
    private readonly ObjectStore[] _readers;

    /// <summary>Fans out to <paramref name="targets"/>, in order; the first readable one is the primary.</summary>
    public MultiBackend(IReadOnlyList<ObjectStore> targets, MultiBackendOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, "The multi backend needs at least one target.", BackendName);
        }

        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i] is null) throw new ArgumentNullException(nameof(targets), $"Target {i} is null.");
        }

        Options = options ?? MultiBackendOptions.Default;
        _targets = [.. targets];
        _readers = [.. _targets.Where(t => !t.Features.IsWriteOnly)];
        RequiredTargets = Options.Mode switch
        {
            MultiWriteMode.All => _targets.Length,
            MultiWriteMode.BestEffort => 1,
            MultiWriteMode.Quorum => Options.Quorum ?? (_targets.Length / 2) + 1,
            _ => throw new StorageException(StorageErrorCode.InvalidArgument, $"Unknown multi write mode {Options.Mode}.", BackendName),
        };
        if (RequiredTargets < 1 || RequiredTargets > _targets.Length)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument,
                $"The multi backend's quorum must be between 1 and the number of targets ({_targets.Length}), not {RequiredTargets}.", BackendName);
        }

        Traits = DescribeTraits(_targets, _readers, RequiredTargets);
        var mode = Options.Mode == MultiWriteMode.Quorum ? $"quorum {RequiredTargets}" : Describe(Options.Mode);
        Root = $"multi[{mode}]:{string.Join('|', _targets.Select(t => t.Root))}";
    }

    /// <summary>
    /// Fans out to raw backends, each wrapped in an <see cref="ObjectStore"/> without retries (the store over this
    /// backend retries single calls). The wrappers own their backends, so <see cref="MultiBackendOptions.OwnsTargets"/>
    /// decides whether they are disposed with this backend.
    /// </summary>
    public MultiBackend(IReadOnlyList<IStorageBackend> targets, MultiBackendOptions? options = null)
        : this(Wrap(targets), options)
    {
    }

    public string Name => BackendName;

    /// <summary><c>multi[MODE]:ROOT1|ROOT2|…</c>, for example <c>multi[quorum 2]:file:///a|file:///b|file:///c</c>.</summary>
    public string Root { get; }

    public BackendTraits Traits { get; }

    public MultiBackendOptions Options { get; }

    /// <summary>The targets, in order. Indexes in <see cref="TargetFailure.Index"/> and reports refer to this list.</summary>
    public IReadOnlyList<ObjectStore> Targets => _targets;

    /// <summary>The target reads come from first, or null when every target is write-only.</summary>
    public ObjectStore? Primary => _readers.Length > 0 ? _readers[0] : null;

    /// <summary>How many targets a write, delete or directory change must reach to succeed under the mode.</summary>
    public int RequiredTargets { get; }

    /// <summary>Lists <paramref name="directory"/> on the primary (falling back before the first item, when enabled).</summary>
    public IAsyncEnumerable<ObjectInfo> ListAsync(string directory, CancellationToken cancellationToken = default)
    {
        RequireReaders("listing", directory);
        return ListFromReadersAsync(directory, cancellationToken);
    }

    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default) =>
        ReadAsync("stat", path, store => store.StatAsync(path, cancellationToken));

    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default) =>
        ReadAsync("reading", path, store => store.OpenReadAsync(path, range, cancellationToken));

    /// <summary>Asks the primary; with read fallback, true when any readable target has the item.</summary>
    public async ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        var readers = RequireReaders("existence checks", path);
        for (var i = 0; i < readers.Length; i++)
        {
            try
            {
                if (await readers[i].ExistsAsync(path, cancellationToken).ConfigureAwait(false)) return true;
                if (!Options.ReadFallback) return false;
            }
            catch (StorageException ex) when (CanFallBack(ex, i, readers.Length) && ex.Code == StorageErrorCode.Unavailable)
            {
                // The next target answers instead.
            }
        }

        return false;
    }

    /// <summary>The primary's native hash, or null when it has none of that type (the portable layer then reads the object).</summary>
    public ValueTask<string?> GetHashAsync(string path, HashType type, CancellationToken cancellationToken = default) =>
        ReadAsync("hashing", path, async store =>
        {
            if (store.Backend is not INativeHashes native || !store.Features.NativeHashes.Contains(type)) return null;
            try
            {
                return await native.GetHashAsync(path, type, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not StorageException and not OperationCanceledException)
            {
                throw StorageErrors.Wrap(ex, store.Name, path, "hash");
            }
        });

    /// <summary>
    /// Opens the write on every target in parallel. Fails, closing what it opened, when fewer than
    /// <see cref="RequiredTargets"/> open. The returned stream is a <see cref="MultiObjectWriteStream"/>.
    /// </summary>
    public async ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        options ??= WriteOptions.Default;

        // This stream decides when the targets commit, so their own streams must never commit on dispose.
        var targetOptions = options with { CommitOnDispose = false };
        var opened = await Task.WhenAll(_targets.Select(target =>
            CaptureAsync(() => target.OpenWriteAsync(path, targetOptions, cancellationToken)))).ConfigureAwait(false);

        var lanes = new List<MultiWriteLane>();
        var failures = new List<TargetFailure>();
        for (var i = 0; i < opened.Length; i++)
        {
            if (opened[i].Error is { } error) failures.Add(Failure(i, TargetOperation.Open, error));
            else lanes.Add(new MultiWriteLane(i, _targets[i], opened[i].Value!));
        }

        if (cancellationToken.IsCancellationRequested || lanes.Count < RequiredTargets)
        {
            foreach (var lane in lanes) await lane.Stream.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var report = CreateReport(MultiOperation.Write, path, [], failures);
            throw new MultiBackendException(report,
                $"The multi backend could not open '{path}' for writing on enough targets ({lanes.Count} of {_targets.Length} opened, {RequiredTargets} required).");
        }

        return new MultiObjectWriteStream(this, path, options, lanes, failures, cancellationToken);
    }

    /// <summary>Deletes the object on every target (idempotent on each).</summary>
    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        FanOutAsync(MultiOperation.Delete, TargetOperation.Delete, path, (store, ct) => store.DeleteAsync(path, ct), notFoundMeansDone: false,
            cancellationToken);

    /// <summary>Creates the directory on every target (idempotent on each).</summary>
    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        FanOutAsync(MultiOperation.CreateDirectory, TargetOperation.CreateDirectory, path, (store, ct) => store.CreateDirectoryAsync(path, ct),
            notFoundMeansDone: false, cancellationToken);

    /// <summary>
    /// Removes the empty directory on every target. A target where it is missing counts as done, since the directory is
    /// gone there as well; only when it is missing everywhere is the result <see cref="StorageErrorCode.NotFound"/>.
    /// </summary>
    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        FanOutAsync(MultiOperation.RemoveDirectory, TargetOperation.RemoveDirectory, path, (store, ct) => store.RemoveDirectoryAsync(path, ct),
            notFoundMeansDone: true, cancellationToken);

    /// <summary>Disposes the targets when <see cref="MultiBackendOptions.OwnsTargets"/> is set; every one is disposed even if another fails.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Options.OwnsTargets) return;
        var errors = new List<Exception>();
        foreach (var target in _targets)
        {
            try
            {
                await target.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }

        if (errors.Count == 1) throw errors[0];
        if (errors.Count > 1) throw new AggregateException("Several targets of the multi backend failed to close.", errors);
    }

    internal TargetFailure Failure(int index, TargetOperation operation, Exception error) => new(index, _targets[index].Root, operation, error);

    internal MultiWriteReport CreateReport(MultiOperation operation, string path, IReadOnlyList<int> succeeded, List<TargetFailure> failures) => new()
    {
        Operation = operation,
        Path = path,
        SucceededTargets = succeeded,
        Failures = [.. failures.OrderBy(f => f.Index).ThenBy(f => f.Operation)],
        RequiredTargets = RequiredTargets,
    };

    /// <summary>Hands the report of a successful operation with failures to the callback.</summary>
    internal void ReportPartialFailure(MultiWriteReport report)
    {
        if (!report.IsComplete) Options.OnPartialFailure?.Invoke(report);
    }

    /// <summary>Runs <paramref name="call"/> and returns its result or the exception it threw, so that parallel calls can all be awaited.</summary>
    internal static async Task<(T? Value, Exception? Error)> CaptureAsync<T>(Func<ValueTask<T>> call)
    {
        try
        {
            return (await call().ConfigureAwait(false), null);
        }
        catch (Exception ex)
        {
            return (default, ex);
        }
    }

    private async ValueTask FanOutAsync(MultiOperation operation, TargetOperation step, string path, Func<ObjectStore, CancellationToken, ValueTask> action,
        bool notFoundMeansDone, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_targets.Select(target => CaptureAsync(async () =>
        {
            await action(target, cancellationToken).ConfigureAwait(false);
            return true;
        }))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var missingEverywhere = notFoundMeansDone && results.All(r => IsNotFound(r.Error));
        var succeeded = new List<int>();
        var failures = new List<TargetFailure>();
        for (var i = 0; i < results.Length; i++)
        {
            var error = results[i].Error;
            if (error is null || (notFoundMeansDone && !missingEverywhere && IsNotFound(error))) succeeded.Add(i);
            else failures.Add(Failure(i, step, error));
        }

        var report = CreateReport(operation, path, succeeded, failures);
        if (!report.Succeeded)
        {
            throw new MultiBackendException(report,
                $"The multi backend could not {Describe(operation)} '{path}' on enough targets ({succeeded.Count} of {_targets.Length} succeeded, {RequiredTargets} required).");
        }

        ReportPartialFailure(report);
    }

    private async ValueTask<T> ReadAsync<T>(string operation, string path, Func<ObjectStore, ValueTask<T>> read)
    {
        var readers = RequireReaders(operation, path);
        for (var i = 0; ; i++)
        {
            try
            {
                return await read(readers[i]).ConfigureAwait(false);
            }
            catch (StorageException ex) when (CanFallBack(ex, i, readers.Length))
            {
                // The next readable target answers instead.
            }
        }
    }

    private async IAsyncEnumerable<ObjectInfo> ListFromReadersAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < _readers.Length; i++)
        {
            // A fallback is only possible before the first item: once items have been handed out, switching to another
            // target's listing would mix two views.
            var enumerator = _readers[i].ListAsync(directory, cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool hasItem;
            try
            {
                hasItem = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (StorageException ex) when (CanFallBack(ex, i, _readers.Length))
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                continue;
            }
            catch
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await using (enumerator.ConfigureAwait(false))
            {
                while (hasItem)
                {
                    yield return enumerator.Current;
                    hasItem = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
            }

            yield break;
        }
    }

    private bool CanFallBack(StorageException error, int reader, int readers) =>
        Options.ReadFallback && reader < readers - 1 && error.Code is StorageErrorCode.NotFound or StorageErrorCode.Unavailable;

    private ObjectStore[] RequireReaders(string operation, string path) =>
        _readers.Length > 0
            ? _readers
            : throw new StorageException(StorageErrorCode.Unsupported,
                $"The multi backend does not support {operation}: every one of its targets is write-only.", BackendName, path);

    private static bool IsNotFound(Exception? error) => error is StorageException { Code: StorageErrorCode.NotFound };

    private static ObjectStore[] Wrap(IReadOnlyList<IStorageBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        return [.. backends.Select((backend, i) => new ObjectStore(
            backend ?? throw new ArgumentNullException(nameof(backends), $"Target {i} is null."),
            new ObjectStoreOptions { Retry = RetryPolicy.None }))];
    }

    private static BackendTraits DescribeTraits(ObjectStore[] targets, ObjectStore[] readers, int required)
    {
        var all = targets.Select(t => t.Features).ToList();
        var readable = readers.Select(t => t.Features).ToList();
        var limits = all.Where(f => f.MaxObjectSize >= 0).Select(f => f.MaxObjectSize).ToList();
        return new BackendTraits
        {
            IsBucketBased = all.Any(f => f.IsBucketBased),
            IsCaseInsensitive = all.Any(f => f.IsCaseInsensitive),
            CanHaveEmptyDirectories = all.All(f => f.CanHaveEmptyDirectories),
            ModificationTimePrecision = readable.Count == 0 ? TimeSpan.MaxValue : readable.Max(f => f.ModificationTimePrecision),
            NativeHashes = readable.Count == 0 ? HashTypes.None : readable.Aggregate(HashTypes.All, (set, f) => set & f.NativeHashes),
            MaxObjectSize = limits.Count == 0 ? -1 : limits.Min(),
            IsReadOnly = all.Count(f => !f.IsReadOnly) < required,
            IsWriteOnly = readable.Count == 0,
            IsListingConsistent = readable.All(f => f.IsListingConsistent),
        };
    }

    private static string Describe(MultiWriteMode mode) => mode switch
    {
        MultiWriteMode.BestEffort => "best-effort",
        MultiWriteMode.Quorum => "quorum",
        _ => "all",
    };

    private static string Describe(MultiOperation operation) => operation switch
    {
        MultiOperation.Delete => "delete",
        MultiOperation.CreateDirectory => "create directory",
        MultiOperation.RemoveDirectory => "remove directory",
        _ => "write",
    };
}

/// <summary>One target's part in a fanned-out write.</summary>
internal sealed class MultiWriteLane(int index, ObjectStore target, ObjectWriteStream stream)
{
    public int Index { get; } = index;

    public ObjectStore Target { get; } = target;

    public ObjectWriteStream Stream { get; } = stream;

    /// <summary>False once a write to this target failed and it was dropped.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The target's description of the object, once its commit succeeded.</summary>
    public ObjectInfo? Committed { get; set; }
}
