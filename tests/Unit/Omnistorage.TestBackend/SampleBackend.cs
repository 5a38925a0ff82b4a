using System.Collections.Concurrent;

namespace Omnistorage.TestBackend;

/// <summary>
/// A flat store of whole objects keyed by path, shared by name across the process. Directories are implied by the
/// keys, as on an object store: a directory exists while something is stored beneath it. Thread-safe: each commit
/// replaces one dictionary entry atomically.
/// </summary>
public sealed class SampleBackend : IStorageBackend
{
    public const string BackendName = "sample";

    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SampleObject>> Stores = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SampleObject> _objects;
    private readonly bool _readOnly;

    public SampleBackend(string storeName, bool readOnly)
    {
        _objects = Stores.GetOrAdd(storeName, _ => new ConcurrentDictionary<string, SampleObject>(StringComparer.Ordinal));
        _readOnly = readOnly;
        Root = $"{BackendName}://{storeName}";
        Traits = new BackendTraits
        {
            IsBucketBased = true,
            ModificationTimePrecision = TimeSpan.FromTicks(1),
            IsReadOnly = readOnly,
        };
    }

    public string Name => BackendName;

    public string Root { get; }

    public BackendTraits Traits { get; }

    public IAsyncEnumerable<ObjectInfo> ListAsync(string directory, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        var children = new List<ObjectInfo>();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in _objects)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var slash = key.IndexOf('/', prefix.Length);
            if (slash < 0) children.Add(value.Describe(key));
            else if (directories.Add(key[..slash])) children.Add(ObjectInfo.Directory(key[..slash]));
        }

        return new SnapshotEnumerable(children);
    }

    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_objects.TryGetValue(path, out var found)) return ValueTask.FromResult(found.Describe(path));
        if (IsDirectory(path)) return ValueTask.FromResult(ObjectInfo.Directory(path));
        throw NotFound(path);
    }

    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        range.Validate();
        if (!_objects.TryGetValue(path, out var found)) throw NotFound(path);
        var start = (int)Math.Min(range.Offset, found.Content.Length);
        var length = range.Length < 0 ? found.Content.Length - start : (int)Math.Min(range.Length, found.Content.Length - start);
        return ValueTask.FromResult<Stream>(new MemoryStream(found.Content, start, length, writable: false));
    }

    public ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureWritable(path);
        return ValueTask.FromResult<ObjectWriteStream>(new SampleWriteStream(this, path, options, cancellationToken));
    }

    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureWritable(path);
        if (!_objects.TryRemove(path, out _) && IsDirectory(path))
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"'{path}' is a directory.", BackendName, path);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(path.Length == 0 || _objects.ContainsKey(path) || IsDirectory(path));
    }

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        // Directories exist only through the objects beneath them, as in a bucket.
        cancellationToken.ThrowIfCancellationRequested();
        EnsureWritable(path);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureWritable(path);
        if (IsDirectory(path)) throw new StorageException(StorageErrorCode.Conflict, $"The directory '{path}' is not empty.", BackendName, path);
        throw NotFound(path);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal ObjectInfo Commit(string path, byte[] content, WriteOptions options)
    {
        var item = new SampleObject(content, options.LastModified ?? DateTimeOffset.UtcNow, options.ContentType);
        if (options.Overwrite)
        {
            _objects[path] = item;
        }
        else if (!_objects.TryAdd(path, item))
        {
            throw new StorageException(StorageErrorCode.AlreadyExists, $"'{path}' already exists.", BackendName, path);
        }

        return item.Describe(path);
    }

    private bool IsDirectory(string path)
    {
        var prefix = path.Length == 0 ? string.Empty : path + "/";
        return _objects.Keys.Any(key => key.StartsWith(prefix, StringComparison.Ordinal));
    }

    private void EnsureWritable(string path)
    {
        if (_readOnly) throw new StorageException(StorageErrorCode.PermissionDenied, "This sample store was opened read-only.", BackendName, path);
    }

    private static StorageException NotFound(string path) => new(StorageErrorCode.NotFound, $"'{path}' does not exist.", BackendName, path);

    private sealed record SampleObject(byte[] Content, DateTimeOffset LastModified, string? ContentType)
    {
        public ObjectInfo Describe(string path) => new() { Path = path, Size = Content.Length, LastModified = LastModified, ContentType = ContentType };
    }

    /// <summary>Replays a listing taken under no lock; the store may change while the caller walks it.</summary>
    private sealed class SnapshotEnumerable(List<ObjectInfo> items) : IAsyncEnumerable<ObjectInfo>
    {
        public IAsyncEnumerator<ObjectInfo> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new Enumerator(items, cancellationToken);

        private sealed class Enumerator(List<ObjectInfo> items, CancellationToken cancellationToken) : IAsyncEnumerator<ObjectInfo>
        {
            private int _index = -1;

            public ObjectInfo Current => items[_index];

            public ValueTask<bool> MoveNextAsync()
            {
                cancellationToken.ThrowIfCancellationRequested();
                return ValueTask.FromResult(++_index < items.Count);
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}

/// <summary>Collects the bytes of one write and publishes them as a whole on commit.</summary>
internal sealed class SampleWriteStream(SampleBackend backend, string path, WriteOptions options, CancellationToken openToken)
    : ObjectWriteStream(path, options, openToken)
{
    private MemoryStream? _content = new();

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _content!.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask<ObjectInfo> CommitCoreAsync(CancellationToken cancellationToken)
    {
        var content = _content!.ToArray();
        _content = null;
        return ValueTask.FromResult(backend.Commit(Path, content, Options));
    }

    protected override ValueTask AbortCoreAsync()
    {
        _content = null;
        return ValueTask.CompletedTask;
    }
}
