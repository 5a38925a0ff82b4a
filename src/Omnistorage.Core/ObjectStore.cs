using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Omnistorage;

/// <summary>
/// The portable API over one backend (go-cloud's <c>blob.Bucket</c> over <c>driver.Bucket</c>). It owns what every
/// backend shares: path validation, error wrapping into <see cref="StorageException"/>, retries of single requests,
/// observer hooks, and fallbacks (copy and move via read+write, purge and directory moves by walking, hashes computed
/// by reading) so that callers get the same behaviour from every backend. Thread-safe when the backend is.
/// </summary>
public sealed class ObjectStore : IAsyncDisposable
{
    private readonly ObjectStoreOptions _options;

    public ObjectStore(IStorageBackend backend, ObjectStoreOptions? options = null)
    {
        Backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _options = options ?? ObjectStoreOptions.Default;
        Features = BackendFeatures.Describe(backend);
    }

    /// <summary>The backend this store wraps.</summary>
    public IStorageBackend Backend { get; }

    public BackendFeatures Features { get; }

    /// <summary>The backend name (for example <c>file</c>).</summary>
    public string Name => Backend.Name;

    /// <summary>A description of the root, without secrets.</summary>
    public string Root => Backend.Root;

    public override string ToString() => Root;

    /// <summary>
    /// The escape hatch: returns the backend's native client (for example the SDK client) when the backend is, or
    /// exposes through <see cref="INativeAccess"/>, a <typeparamref name="T"/>.
    /// </summary>
    public bool TryGetNative<T>(out T native) where T : class
    {
        if (Backend is T direct)
        {
            native = direct;
            return true;
        }

        if (Backend is INativeAccess access && access.TryGetNative(typeof(T), out var value) && value is T typed)
        {
            native = typed;
            return true;
        }

        native = null!;
        return false;
    }

    /// <summary>Streams the direct children of <paramref name="directory"/>; see <see cref="IStorageBackend.ListAsync"/>.</summary>
    public IAsyncEnumerable<ObjectInfo> ListAsync(string directory = "", CancellationToken cancellationToken = default)
    {
        var path = StoragePath.Normalize(directory);
        EnsureReadable(path);
        return WrapListing(() => Backend.ListAsync(path, cancellationToken), "list", path, cancellationToken);
    }

    /// <summary>
    /// Streams everything beneath <paramref name="directory"/>: the backend's native recursive listing when it has one,
    /// otherwise a depth-first walk that holds only the queue of directories still to visit, never the items.
    /// Directories are included when the backend has them.
    /// </summary>
    public IAsyncEnumerable<ObjectInfo> ListRecursiveAsync(string directory = "", CancellationToken cancellationToken = default)
    {
        var path = StoragePath.Normalize(directory);
        EnsureReadable(path);
        return Backend is IRecursiveLister lister
            ? WrapListing(() => lister.ListRecursiveAsync(path, cancellationToken), "list recursively", path, cancellationToken)
            : WalkAsync(path, cancellationToken);
    }

    /// <summary>Describes one item; a missing one is <see cref="StorageErrorCode.NotFound"/>.</summary>
    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        return RunAsync("stat", normalized, ct => Backend.StatAsync(normalized, ct), cancellationToken);
    }

    /// <summary>Like <see cref="StatAsync"/> but returns null for a missing item.</summary>
    public async ValueTask<ObjectInfo?> TryStatAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await StatAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
        {
            return null;
        }
    }

    public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        return RunAsync("check existence of", normalized, ct => Backend.ExistsAsync(normalized, ct), cancellationToken);
    }

    /// <summary>Opens an object (or a byte range of it) for reading. The caller disposes the stream.</summary>
    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        range.Validate();
        EnsureReadable(normalized);
        return RunAsync("open for reading", normalized, ct => Backend.OpenReadAsync(normalized, range, ct), cancellationToken);
    }

    /// <summary>Reads a whole object into memory. Meant for small objects; use <see cref="OpenReadAsync"/> for large ones.</summary>
    public async ValueTask<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(path, default, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>
    /// Opens an object for writing; nothing is visible until <see cref="ObjectWriteStream.CommitAsync"/> succeeds.
    /// See <see cref="IStorageBackend.OpenWriteAsync"/>.
    /// </summary>
    public ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        EnsureWritable(normalized);
        if (normalized.Length == 0) throw StorageException.InvalidPath(path, "the root is a directory and cannot be written as an object");
        CheckSize(normalized, options?.Size ?? -1);
        return RunAsync("open for writing", normalized, ct => Backend.OpenWriteAsync(normalized, options ?? WriteOptions.Default, ct), cancellationToken);
    }

    /// <summary>Opens an object for appending (the backend must support it: <see cref="BackendFeatures.CanAppend"/>).</summary>
    public ValueTask<ObjectWriteStream> OpenAppendAsync(string path, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        EnsureWritable(normalized);
        if (normalized.Length == 0) throw StorageException.InvalidPath(path, "the root is a directory and cannot be written as an object");
        var appender = Backend as IAppendableWrites ?? throw StorageException.Unsupported(Name, "appending to objects", normalized);
        return RunAsync("open for appending", normalized, ct => appender.OpenAppendAsync(normalized, options ?? WriteOptions.Default, ct), cancellationToken);
    }

    /// <summary>Writes <paramref name="content"/> (read to its end) to <paramref name="path"/> and commits it.</summary>
    public async ValueTask<ObjectInfo> WriteAsync(string path, Stream content, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using var writer = await OpenWriteAsync(path, options, cancellationToken).ConfigureAwait(false);
        await CopyStreamAsync(content, writer, null, 1024 * 1024, cancellationToken).ConfigureAwait(false);
        return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a buffer to <paramref name="path"/> and commits it.</summary>
    public async ValueTask<ObjectInfo> WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= WriteOptions.Default;
        await using var writer = await OpenWriteAsync(path, options with { Size = content.Length }, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes an object. Idempotent.</summary>
    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        EnsureWritable(normalized);
        if (normalized.Length == 0) throw StorageException.InvalidPath(path, "the root cannot be deleted as an object");
        return RunAsync("delete", normalized, async ct => { await Backend.DeleteAsync(normalized, ct).ConfigureAwait(false); return true; }, cancellationToken).Discard();
    }

    /// <summary>Creates a directory and its parents. Idempotent.</summary>
    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        EnsureWritable(normalized);
        return RunAsync("create directory", normalized, async ct => { await Backend.CreateDirectoryAsync(normalized, ct).ConfigureAwait(false); return true; }, cancellationToken).Discard();
    }

    /// <summary>Removes an empty directory.</summary>
    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        EnsureWritable(normalized);
        return RunAsync("remove directory", normalized, async ct => { await Backend.RemoveDirectoryAsync(normalized, ct).ConfigureAwait(false); return true; }, cancellationToken).Discard();
    }

    /// <summary>Copies an object within this store: server-side when the backend can, otherwise by streaming it through the client.</summary>
    public async ValueTask<ObjectInfo> CopyAsync(string source, string destination, CopyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= CopyOptions.Default;
        var from = StoragePath.Normalize(source);
        var to = StoragePath.Normalize(destination);
        EnsureWritable(to);
        if (from == to) throw new StorageException(StorageErrorCode.InvalidArgument, $"Cannot copy '{from}' onto itself.", Name, from);
        if (Backend is IServerSideCopy copier)
        {
            await EnsureCanOverwriteAsync(to, options.Overwrite, cancellationToken).ConfigureAwait(false);
            return await RunAsync("copy", from, ct => copier.CopyAsync(from, to, options, ct), cancellationToken).ConfigureAwait(false);
        }

        return await CopyPathAsync(this, from, this, to, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves an object within this store: server-side when the backend can, otherwise by copying it and deleting the
    /// source only after the copy committed with the right size.
    /// </summary>
    public async ValueTask<ObjectInfo> MoveAsync(string source, string destination, bool overwrite = true, CancellationToken cancellationToken = default)
    {
        var from = StoragePath.Normalize(source);
        var to = StoragePath.Normalize(destination);
        EnsureWritable(from);
        EnsureWritable(to);
        if (from == to) throw new StorageException(StorageErrorCode.InvalidArgument, $"Cannot move '{from}' onto itself.", Name, from);
        if (Backend is IServerSideMove mover)
        {
            await EnsureCanOverwriteAsync(to, overwrite, cancellationToken).ConfigureAwait(false);
            return await RunAsync("move", from, ct => mover.MoveAsync(from, to, overwrite, ct), cancellationToken).ConfigureAwait(false);
        }

        var copied = await CopyAsync(from, to, CopyOptions.Default with { Overwrite = overwrite }, cancellationToken).ConfigureAwait(false);
        await DeleteAsync(from, cancellationToken).ConfigureAwait(false);
        return copied;
    }

    /// <summary>
    /// Moves a directory and everything in it: natively when the backend can, otherwise object by object (each source
    /// deleted only after its copy committed), then removing the emptied source directories.
    /// </summary>
    public async ValueTask MoveDirectoryAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        var from = StoragePath.Normalize(source);
        var to = StoragePath.Normalize(destination);
        EnsureWritable(from);
        EnsureWritable(to);
        if (from.Length == 0 || StoragePath.IsWithin(to, from))
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"Cannot move directory '{from}' into itself ('{to}').", Name, from);
        }

        if (Backend is IDirectoryMove mover)
        {
            await RunAsync("move directory", from, async ct => { await mover.MoveDirectoryAsync(from, to, ct).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var root = await StatAsync(from, cancellationToken).ConfigureAwait(false);
        if (!root.IsDirectory) throw new StorageException(StorageErrorCode.InvalidArgument, $"'{from}' is not a directory.", Name, from);
        var directories = new List<string> { from };
        await CreateDirectoryAsync(to, cancellationToken).ConfigureAwait(false);
        await foreach (var item in ListRecursiveAsync(from, cancellationToken).ConfigureAwait(false))
        {
            var target = StoragePath.Combine(to, StoragePath.GetRelative(from, item.Path));
            if (item.IsDirectory)
            {
                directories.Add(item.Path);
                await CreateDirectoryAsync(target, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await MoveAsync(item.Path, target, overwrite: true, cancellationToken).ConfigureAwait(false);
            }
        }

        await RemoveDirectoriesDeepestFirstAsync(directories, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a directory and everything beneath it: natively when the backend can, otherwise by walking it.</summary>
    public async ValueTask PurgeAsync(string directory, CancellationToken cancellationToken = default)
    {
        var path = StoragePath.Normalize(directory);
        EnsureWritable(path);
        if (Backend is IPurge purger)
        {
            await RunAsync("purge", path, async ct => { await purger.PurgeAsync(path, ct).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var root = await StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (!root.IsDirectory) throw new StorageException(StorageErrorCode.InvalidArgument, $"'{path}' is not a directory.", Name, path);
        var directories = new List<string>();
        if (path.Length > 0) directories.Add(path);
        await foreach (var item in ListRecursiveAsync(path, cancellationToken).ConfigureAwait(false))
        {
            if (item.IsDirectory) directories.Add(item.Path);
            else await DeleteAsync(item.Path, cancellationToken).ConfigureAwait(false);
        }

        await RemoveDirectoriesDeepestFirstAsync(directories, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets an object's modification time (<see cref="BackendFeatures.CanSetModificationTime"/>).</summary>
    public ValueTask SetModificationTimeAsync(string path, DateTimeOffset lastModified, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        EnsureWritable(normalized);
        var setter = Backend as ISetModificationTime ?? throw StorageException.Unsupported(Name, "setting modification times", normalized);
        return RunAsync("set the modification time of", normalized, async ct => { await setter.SetModificationTimeAsync(normalized, lastModified, ct).ConfigureAwait(false); return true; }, cancellationToken).Discard();
    }

    /// <summary>Quota and usage (<see cref="BackendFeatures.CanAbout"/>).</summary>
    public ValueTask<UsageInfo> AboutAsync(CancellationToken cancellationToken = default)
    {
        var about = Backend as IAbout ?? throw StorageException.Unsupported(Name, "quota and usage reports");
        return RunAsync("report usage", null, about.AboutAsync, cancellationToken);
    }

    /// <summary>A time-limited URL for an object (<see cref="BackendFeatures.CanSignUrls"/>).</summary>
    public ValueTask<Uri> GetSignedUrlAsync(string path, SignedUrlOptions? options = null, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        var signer = Backend as ISignedUrls ?? throw StorageException.Unsupported(Name, "signed URLs", normalized);
        return RunAsync("sign a URL for", normalized, ct => signer.GetSignedUrlAsync(normalized, options ?? new SignedUrlOptions(), ct), cancellationToken);
    }

    /// <summary>
    /// Returns one hash of an object: from the listing/stat information when present, from the backend's native hashes
    /// when it has them, and otherwise computed by reading the object.
    /// </summary>
    public async ValueTask<string> GetHashAsync(string path, HashType type, CancellationToken cancellationToken = default)
    {
        var hashes = await GetHashesAsync(path, type.ToFlag(), cancellationToken).ConfigureAwait(false);
        return hashes[type];
    }

    /// <summary>Returns several hashes of an object, reading it at most once for those the backend cannot supply.</summary>
    public async ValueTask<IReadOnlyDictionary<HashType, string>> GetHashesAsync(string path, HashTypes types, CancellationToken cancellationToken = default)
    {
        var normalized = StoragePath.Normalize(path);
        var info = await StatAsync(normalized, cancellationToken).ConfigureAwait(false);
        if (info.IsDirectory) throw new StorageException(StorageErrorCode.InvalidArgument, $"'{normalized}' is a directory and has no hash.", Name, normalized);
        var result = new Dictionary<HashType, string>();
        var missing = HashTypes.None;
        foreach (var type in types.Enumerate())
        {
            var value = info.GetHash(type);
            if (value is null && Backend is INativeHashes native && Features.NativeHashes.Contains(type))
            {
                value = await RunAsync("hash", normalized, ct => native.GetHashAsync(normalized, type, ct), cancellationToken).ConfigureAwait(false);
            }

            if (value is null) missing |= type.ToFlag();
            else result[type] = value;
        }

        if (missing != HashTypes.None)
        {
            await using var stream = await OpenReadAsync(normalized, default, cancellationToken).ConfigureAwait(false);
            foreach (var (type, value) in await MultiHasher.ComputeAsync(stream, missing, cancellationToken).ConfigureAwait(false))
            {
                result[type] = value;
            }
        }

        return result;
    }

    /// <summary>
    /// Copies one object between any two stores (or within one): server-side when both paths are on the same backend
    /// instance and it can, otherwise streamed through a bounded buffer with the size declared so a short read can
    /// never commit a truncated object. Content type, metadata and (when asked) the modification time are carried over.
    /// </summary>
    public static async ValueTask<ObjectInfo> CopyPathAsync(ObjectStore source, string sourcePath, ObjectStore destination, string destinationPath,
        CopyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= CopyOptions.Default;
        var from = StoragePath.Normalize(sourcePath);
        var to = StoragePath.Normalize(destinationPath);
        if (ReferenceEquals(source.Backend, destination.Backend) && source.Backend is IServerSideCopy && from != to)
        {
            return await source.CopyAsync(from, to, options, cancellationToken).ConfigureAwait(false);
        }

        var info = await source.StatAsync(from, cancellationToken).ConfigureAwait(false);
        if (info.IsDirectory) throw new StorageException(StorageErrorCode.InvalidArgument, $"'{from}' is a directory; copy its contents instead.", source.Name, from);
        await destination.EnsureCanOverwriteAsync(to, options.Overwrite, cancellationToken).ConfigureAwait(false);
        var writeOptions = new WriteOptions
        {
            Size = info.Size,
            LastModified = options.PreserveModificationTime ? info.LastModified : null,
            ContentType = options.ContentType ?? info.ContentType,
            Metadata = options.Metadata ?? (info.Metadata.Count > 0 ? info.Metadata : null),
            Overwrite = options.Overwrite,
            Hashes = info.Hashes.Count > 0 ? info.Hashes : null,
        };
        await using var reader = await source.OpenReadAsync(from, default, cancellationToken).ConfigureAwait(false);
        await using var writer = await destination.OpenWriteAsync(to, writeOptions, cancellationToken).ConfigureAwait(false);
        try
        {
            await CopyStreamAsync(reader, writer, options.Progress, options.BufferSize, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not StorageException and not OperationCanceledException)
        {
            throw StorageErrors.Wrap(ex, source.Name, from, "copy");
        }

        try
        {
            return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not StorageException and not OperationCanceledException)
        {
            throw StorageErrors.Wrap(ex, destination.Name, to, "commit the copy to");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_options.OwnsBackend)
        {
            await Backend.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static async ValueTask CopyStreamAsync(Stream from, Stream to, IProgress<long>? progress, int bufferSize, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await from.ReadAsync(buffer.AsMemory(0, bufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                progress?.Report(total);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask EnsureCanOverwriteAsync(string path, bool overwrite, CancellationToken cancellationToken)
    {
        if (!overwrite && await ExistsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            throw StorageException.AlreadyExists(path, Name);
        }
    }

    private async ValueTask RemoveDirectoriesDeepestFirstAsync(List<string> directories, CancellationToken cancellationToken)
    {
        if (!Features.CanHaveEmptyDirectories && Features.IsBucketBased) return;
        directories.Sort((a, b) => b.Count(c => c == '/').CompareTo(a.Count(c => c == '/')));
        foreach (var directory in directories)
        {
            try
            {
                await RemoveDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
            {
                // Backends that emulate directories drop them with their last object.
            }
        }
    }

    private async IAsyncEnumerable<ObjectInfo> WalkAsync(string root, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Depth-first with an explicit stack of directory paths: memory grows with the number of directories awaiting
        // a visit, never with the number of objects.
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            await foreach (var item in WrapListing(() => Backend.ListAsync(directory, cancellationToken), "list", directory, cancellationToken).ConfigureAwait(false))
            {
                if (item.IsDirectory) pending.Push(item.Path);
                yield return item;
            }
        }
    }

    private async IAsyncEnumerable<ObjectInfo> WrapListing(Func<IAsyncEnumerable<ObjectInfo>> open, string operation, string path,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<ObjectInfo> enumerator;
        try
        {
            enumerator = open().GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw StorageErrors.Wrap(ex, Name, path, operation);
        }

        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw StorageErrors.Wrap(ex, Name, path, operation);
                }

                if (!more) yield break;
                yield return enumerator.Current;
            }
        }
    }

    private async ValueTask<T> RunAsync<T>(string operation, string? path, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var policy = _options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = await call(cancellationToken).ConfigureAwait(false);
                Notify(operation, path, started, attempt, null);
                return result;
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                Notify(operation, path, started, attempt, ex);
                throw;
            }
            catch (Exception ex)
            {
                var error = StorageErrors.Wrap(ex, Name, path, operation);
                Notify(operation, path, started, attempt, error);
                if (!error.IsRetryable || attempt >= policy.MaxAttempts)
                {
                    if (ReferenceEquals(error, ex)) throw;
                    throw error;
                }

                await Task.Delay(policy.GetDelay(attempt, error), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Notify(string operation, string? path, long started, int attempt, Exception? error)
    {
        var observers = _options.Observers;
        if (observers.Count == 0) return;
        var record = new StorageOperation(Name, operation, path, Stopwatch.GetElapsedTime(started), attempt, error);
        foreach (var observer in observers)
        {
            observer.OnOperation(record);
        }
    }

    private void CheckSize(string path, long size)
    {
        if (size >= 0 && Features.MaxObjectSize >= 0 && size > Features.MaxObjectSize)
        {
            throw new StorageException(StorageErrorCode.QuotaExceeded,
                $"'{path}' is {size} bytes; the {Name} backend accepts at most {Features.MaxObjectSize}.", Name, path);
        }
    }

    private void EnsureWritable(string path)
    {
        if (Features.IsReadOnly) throw new StorageException(StorageErrorCode.Unsupported, $"The {Name} backend is read-only.", Name, path);
    }

    private void EnsureReadable(string path)
    {
        if (Features.IsWriteOnly) throw new StorageException(StorageErrorCode.Unsupported, $"The {Name} backend is write-only: it cannot be read or listed.", Name, path);
    }
}

/// <summary>Implemented by backends that can hand out native SDK objects through <see cref="ObjectStore.TryGetNative{T}"/>.</summary>
public interface INativeAccess
{
    bool TryGetNative(Type type, out object? native);
}

internal static class ValueTaskExtensions
{
    public static async ValueTask Discard<T>(this ValueTask<T> task) => await task.ConfigureAwait(false);
}
