namespace Omnistorage.Backends.Memory;

/// <summary>
/// Objects and directories held in process memory: the reference backend the conformance suite is measured against,
/// and a ready-made stand-in for real storage in unit tests (<see cref="Create"/>).
/// <para>
/// It behaves like a local file system with perfect atomicity: real directories (empty ones included, created
/// implicitly by writes), case-sensitive names compared ordinally (NFC and NFD spellings are different names),
/// modification times kept to the tick, and an MD5 computed while each object is written. Writes become visible only
/// on commit and replace the old object in one step; readers see the content as it was when they opened it, however
/// it changes afterwards.
/// </para>
/// <para>
/// A store is private to the backend instance unless <see cref="MemoryBackendOptions.Name"/> names a shared one:
/// every backend opened with that name in the process sees the same tree, each rooted at its own
/// <see cref="MemoryBackendOptions.Prefix"/>. Shared stores live until <see cref="DeleteSharedStore"/> is called.
/// </para>
/// <para>Thread-safe: one lock per store guards the tree and is never held while bytes are copied.</para>
/// </summary>
public sealed partial class MemoryBackend : IStorageBackend, IServerSideCopy, IServerSideMove, IDirectoryMove, IPurge, IRecursiveLister,
    ISetModificationTime, IAbout, IAppendableWrites, INativeHashes
{
    /// <summary>The registered backend name and URI scheme.</summary>
    public const string BackendName = "memory";

    private readonly MemoryStore _store;
    private readonly string[] _prefixSegments;

    /// <summary>Opens a new, empty private store.</summary>
    public MemoryBackend()
        : this(new MemoryBackendOptions())
    {
    }

    /// <summary>Opens the store <paramref name="options"/> describe, creating its prefix directory when missing.</summary>
    public MemoryBackend(MemoryBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Name is { Length: 0 })
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, "A shared memory store needs a non-empty name.", BackendName);
        }

        try
        {
            Prefix = StoragePath.Normalize(options.Prefix);
        }
        catch (StorageException ex)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"The memory backend's prefix is not a valid path: {ex.Message}", BackendName, innerException: ex);
        }

        _prefixSegments = Prefix.Length == 0 ? [] : Prefix.Split('/');
        _store = options.Name is null ? MemoryStore.CreatePrivate() : MemoryStore.GetShared(options.Name);
        StoreName = options.Name;
        Root = $"memory://{options.Name}/{Prefix}";
        lock (_store.Gate)
        {
            EnsureDirectory(string.Empty, DateTimeOffset.UtcNow);
        }
    }

    public string Name => BackendName;

    /// <summary><c>memory://NAME/PREFIX</c>; a private store has an empty name (<c>memory:///PREFIX</c>) and cannot be reopened.</summary>
    public string Root { get; }

    /// <summary>The shared store's name, or null for a private store.</summary>
    public string? StoreName { get; }

    /// <summary>The folder of the store this backend is rooted at (<c>""</c> for the whole store).</summary>
    public string Prefix { get; }

    public BackendTraits Traits { get; } = new()
    {
        CanHaveEmptyDirectories = true,
        ModificationTimePrecision = TimeSpan.FromTicks(1),
        NativeHashes = HashTypes.Md5,
        MaxObjectSize = -1,
    };

    /// <summary>A ready-to-use <see cref="ObjectStore"/> over a new memory backend: a private empty store unless <paramref name="options"/> name a shared one.</summary>
    public static ObjectStore Create(MemoryBackendOptions? options = null) => new(new MemoryBackend(options ?? new MemoryBackendOptions()));

    /// <summary>
    /// Forgets the shared store <paramref name="name"/>, so the next backend opened with that name starts empty.
    /// Backends already open on it keep working on the old data. Returns false when no such store exists.
    /// </summary>
    public static bool DeleteSharedStore(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return MemoryStore.RemoveShared(name);
    }

    public IAsyncEnumerable<ObjectInfo> ListAsync(string directory, CancellationToken cancellationToken = default) =>
        new SynchronousAsyncEnumerable<ObjectInfo>(() => SnapshotChildren(directory, allowMissing: false)!, cancellationToken);

    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Gate)
        {
            return ValueTask.FromResult(Describe(path, Find(path) ?? throw NotFound(path)));
        }
    }

    public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Gate)
        {
            return ValueTask.FromResult(Find(path) is not null);
        }
    }

    /// <summary>Returns a seekable snapshot of the object's content (or of the requested range, clamped to the content).</summary>
    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        range.Validate();
        var stored = FindObject(path);
        var length = stored.Content.Length;
        var start = Math.Min(range.Offset, length);
        var count = range.Length < 0 ? length - start : Math.Min(range.Length, length - start);
        return ValueTask.FromResult<Stream>(new MemoryReadStream(stored.Content, start, count));
    }

    /// <summary>
    /// Opens a write that publishes on commit, creating parent directories then. A directory at the path, or an object
    /// where a parent directory should be, is <see cref="StorageErrorCode.Conflict"/>; with
    /// <see cref="WriteOptions.Overwrite"/> false an existing object is <see cref="StorageErrorCode.AlreadyExists"/>.
    /// Both are checked when the write opens (to fail before any bytes are sent) and again, atomically, at commit.
    /// A declared MD5 in <see cref="WriteOptions.Hashes"/> is verified at commit.
    /// </summary>
    public ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= WriteOptions.Default;
        RequireObjectName(path);
        lock (_store.Gate)
        {
            var existing = FindForWrite(path);
            if (existing is not null && !options.Overwrite) throw StorageException.AlreadyExists(path, BackendName);
        }

        return ValueTask.FromResult<ObjectWriteStream>(MemoryWriteStream.ForWrite(this, path, options, cancellationToken));
    }

    /// <summary>Removes an object; a missing one is success. A directory is <see cref="StorageErrorCode.InvalidArgument"/>.</summary>
    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (path.Length == 0) throw Error(StorageErrorCode.InvalidArgument, path, "The root cannot be deleted as an object.");
        lock (_store.Gate)
        {
            if (Find(StoragePath.GetParent(path)) is not MemoryDirectory parent) return ValueTask.CompletedTask;
            var name = StoragePath.GetName(path);
            switch (parent.Children.GetValueOrDefault(name))
            {
                case MemoryDirectory:
                    throw Error(StorageErrorCode.InvalidArgument, path, $"'{path}' is a directory; remove it with RemoveDirectory or Purge.");
                case MemoryObject:
                    parent.Children.Remove(name);
                    break;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Creates the directory and its parents. Idempotent; an object in the way is <see cref="StorageErrorCode.Conflict"/>.</summary>
    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Gate)
        {
            EnsureDirectory(path, DateTimeOffset.UtcNow);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Removes an empty directory: missing is NotFound, non-empty is Conflict, an object or the root is InvalidArgument.</summary>
    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (path.Length == 0) throw Error(StorageErrorCode.InvalidArgument, path, "The root directory of the memory backend cannot be removed.");
        lock (_store.Gate)
        {
            var parent = Find(StoragePath.GetParent(path)) as MemoryDirectory;
            var name = StoragePath.GetName(path);
            switch (parent?.Children.GetValueOrDefault(name))
            {
                case null:
                    throw NotFound(path);
                case MemoryObject:
                    throw Error(StorageErrorCode.InvalidArgument, path, $"'{path}' is an object, not a directory.");
                case MemoryDirectory { Children.Count: > 0 }:
                    throw Error(StorageErrorCode.Conflict, path, $"The directory '{path}' is not empty.");
                default:
                    parent.Children.Remove(name);
                    break;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Nothing to release: the data belongs to the store, which lives as long as something references it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Makes a committed write visible: called by <see cref="MemoryWriteStream"/> with the finished object. For an
    /// append, <paramref name="appendTo"/> is the object the write continued; if the path holds anything else by now,
    /// the append is refused as a <see cref="StorageErrorCode.Conflict"/> rather than losing that change.
    /// </summary>
    internal ObjectInfo Publish(string path, MemoryObject stored, bool overwrite, bool isAppend, MemoryObject? appendTo)
    {
        lock (_store.Gate)
        {
            var parent = EnsureDirectory(StoragePath.GetParent(path), stored.LastModified);
            var name = StoragePath.GetName(path);
            var existing = parent.Children.GetValueOrDefault(name);
            if (existing is MemoryDirectory) throw IsDirectoryConflict(path);
            if (isAppend)
            {
                if (!ReferenceEquals(existing, appendTo))
                {
                    throw Error(StorageErrorCode.Conflict, path, $"'{path}' was changed by another writer while the append was open; the append was not committed.");
                }
            }
            else if (existing is not null && !overwrite)
            {
                throw StorageException.AlreadyExists(path, BackendName);
            }

            parent.Children[name] = stored;
        }

        return stored.Describe(path);
    }

    private static StorageException NotFound(string path) => StorageException.NotFound(path, BackendName);

    private static StorageException Error(StorageErrorCode code, string path, string message) => new(code, message, BackendName, path);

    private static StorageException IsDirectoryConflict(string path) =>
        Error(StorageErrorCode.Conflict, path, $"'{path}' is a directory; an object cannot replace it.");

    private static void RequireObjectName(string path)
    {
        if (path.Length == 0) throw Error(StorageErrorCode.InvalidArgument, path, "The root is a directory; an object needs a name.");
    }

    private static ObjectInfo Describe(string path, MemoryNode node) => node switch
    {
        MemoryObject stored => stored.Describe(path),
        MemoryDirectory directory => ObjectInfo.Directory(path, directory.LastModified),
        _ => throw new InvalidOperationException($"Unknown memory node type {node.GetType().Name}."),
    };

    /// <summary>The segments of the store path for a backend path: the prefix's, then the path's.</summary>
    private IEnumerable<string> StoreSegments(string path)
    {
        foreach (var segment in _prefixSegments) yield return segment;
        if (path.Length == 0) yield break;
        foreach (var segment in path.Split('/')) yield return segment;
    }

    /// <summary>The node at <paramref name="path"/>, or null. Call with the lock held.</summary>
    private MemoryNode? Find(string path)
    {
        MemoryNode node = _store.Root;
        foreach (var segment in StoreSegments(path))
        {
            if (node is not MemoryDirectory directory || !directory.Children.TryGetValue(segment, out var child)) return null;
            node = child;
        }

        return node;
    }

    /// <summary>The committed object at <paramref name="path"/>: NotFound when missing or a directory. Takes the lock.</summary>
    private MemoryObject FindObject(string path)
    {
        lock (_store.Gate)
        {
            return Find(path) switch
            {
                MemoryObject stored => stored,
                MemoryDirectory => throw Error(StorageErrorCode.NotFound, path, $"'{path}' is a directory, not an object."),
                _ => throw NotFound(path),
            };
        }
    }

    /// <summary>
    /// Checks, without changing anything, that an object could be written at <paramref name="path"/> and returns the
    /// object it would replace (or null). Call with the lock held.
    /// </summary>
    private MemoryObject? FindForWrite(string path)
    {
        MemoryNode node = _store.Root;
        var walked = 0;
        foreach (var segment in StoreSegments(path))
        {
            if (node is not MemoryDirectory directory) throw ObjectInTheWay(path, walked);
            if (!directory.Children.TryGetValue(segment, out var child)) return null;
            node = child;
            walked++;
        }

        return node as MemoryObject ?? throw IsDirectoryConflict(path);
    }

    /// <summary>
    /// Returns the directory at <paramref name="path"/>, creating it and its parents (stamped with
    /// <paramref name="now"/>) as needed. An object in the way is <see cref="StorageErrorCode.Conflict"/>. Call with the lock held.
    /// </summary>
    private MemoryDirectory EnsureDirectory(string path, DateTimeOffset now)
    {
        var directory = _store.Root;
        var walked = 0;
        foreach (var segment in StoreSegments(path))
        {
            walked++;
            if (!directory.Children.TryGetValue(segment, out var child))
            {
                child = new MemoryDirectory(now);
                directory.Children.Add(segment, child);
            }

            directory = child as MemoryDirectory ?? throw ObjectInTheWay(path, walked);
        }

        return directory;
    }

    /// <summary>The Conflict error for an object found where the first <paramref name="storeSegments"/> segments of the store path of <paramref name="path"/> should name a directory.</summary>
    private StorageException ObjectInTheWay(string path, int storeSegments)
    {
        var segmentsInPath = storeSegments - _prefixSegments.Length;
        if (segmentsInPath <= 0)
        {
            var storePath = string.Join('/', _prefixSegments.Take(storeSegments));
            return Error(StorageErrorCode.Conflict, path,
                $"The memory store holds an object at '{storePath}', where this backend's prefix '{Prefix}' needs a directory.");
        }

        var blocking = string.Join('/', path.Split('/').Take(segmentsInPath));
        return Error(StorageErrorCode.Conflict, path, $"'{blocking}' is an object, so it cannot hold other objects.");
    }
}
