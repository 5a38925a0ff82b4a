namespace Omnistorage.Backends.Memory;

public sealed partial class MemoryBackend
{
    /// <summary>
    /// Streams everything beneath <paramref name="directory"/>, directories included, walking one directory at a time
    /// so that the lock is held only while one directory's entries are copied. A subdirectory removed during the walk
    /// is skipped; the starting directory missing is NotFound, an object there InvalidArgument.
    /// </summary>
    public IAsyncEnumerable<ObjectInfo> ListRecursiveAsync(string directory, CancellationToken cancellationToken = default) =>
        new SynchronousAsyncEnumerable<ObjectInfo>(() => WalkTree(directory), cancellationToken);

    /// <summary>
    /// Copies by sharing the source's immutable content: no bytes move, whatever the size. The copy keeps the source's
    /// MD5, content type and metadata unless <paramref name="options"/> replace them, and its modification time unless
    /// <see cref="CopyOptions.PreserveModificationTime"/> is false. Parents of the destination are created.
    /// </summary>
    public ValueTask<ObjectInfo> CopyAsync(string source, string destination, CopyOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= CopyOptions.Default;
        RequireObjectName(destination);
        var metadata = MemoryObject.CopyMetadata(options.Metadata, destination);
        var now = DateTimeOffset.UtcNow;
        MemoryObject copy;
        lock (_store.Gate)
        {
            var original = RequireObject(source);
            copy = original.With(options.PreserveModificationTime ? original.LastModified : now, options.ContentType ?? original.ContentType,
                metadata ?? original.Metadata);
            Place(destination, copy, options.Overwrite, now);
        }

        options.Progress?.Report(copy.Content.Length);
        return ValueTask.FromResult(copy.Describe(destination));
    }

    /// <summary>Renames an object in one step; it keeps its content, hashes and modification time. Parents of the destination are created.</summary>
    public ValueTask<ObjectInfo> MoveAsync(string source, string destination, bool overwrite = true, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RequireObjectName(destination);
        lock (_store.Gate)
        {
            var moved = RequireObject(source);
            if (source == destination) return ValueTask.FromResult(moved.Describe(destination));
            Place(destination, moved, overwrite, DateTimeOffset.UtcNow);
            ((MemoryDirectory)Find(StoragePath.GetParent(source))!).Children.Remove(StoragePath.GetName(source));
            return ValueTask.FromResult(moved.Describe(destination));
        }
    }

    /// <summary>
    /// Moves a whole directory in one step by re-linking it. The destination must not exist
    /// (<see cref="StorageErrorCode.AlreadyExists"/>) and cannot lie inside the source or be the root
    /// (<see cref="StorageErrorCode.InvalidArgument"/>); its parents are created.
    /// </summary>
    public ValueTask MoveDirectoryAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (source.Length == 0 || destination.Length == 0)
        {
            throw Error(StorageErrorCode.InvalidArgument, source, "The root directory cannot be moved, and nothing can be moved onto it.");
        }

        if (StoragePath.IsWithin(destination, source))
        {
            throw Error(StorageErrorCode.InvalidArgument, source, $"Cannot move directory '{source}' into itself ('{destination}').");
        }

        lock (_store.Gate)
        {
            var sourceParent = Find(StoragePath.GetParent(source)) as MemoryDirectory;
            var sourceName = StoragePath.GetName(source);
            var moved = sourceParent?.Children.GetValueOrDefault(sourceName) switch
            {
                MemoryDirectory directory => directory,
                MemoryObject => throw Error(StorageErrorCode.InvalidArgument, source, $"'{source}' is an object, not a directory."),
                _ => throw NotFound(source),
            };

            if (Find(destination) is not null) throw StorageException.AlreadyExists(destination, BackendName);
            var destinationParent = EnsureDirectory(StoragePath.GetParent(destination), DateTimeOffset.UtcNow);
            sourceParent!.Children.Remove(sourceName);
            destinationParent.Children.Add(StoragePath.GetName(destination), moved);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Deletes a directory and its whole subtree in one step; purging the root empties the backend. Missing is NotFound.</summary>
    public ValueTask PurgeAsync(string directory, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_store.Gate)
        {
            switch (Find(directory))
            {
                case null:
                    throw NotFound(directory);
                case MemoryObject:
                    throw Error(StorageErrorCode.InvalidArgument, directory, $"'{directory}' is an object, not a directory.");
                case MemoryDirectory root when directory.Length == 0:
                    root.Children.Clear();
                    break;
                default:
                    ((MemoryDirectory)Find(StoragePath.GetParent(directory))!).Children.Remove(StoragePath.GetName(directory));
                    break;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sets the modification time of an object (publishing a new snapshot with the same bytes) or of a directory.</summary>
    public ValueTask SetModificationTimeAsync(string path, DateTimeOffset lastModified, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var time = lastModified.ToUniversalTime();
        lock (_store.Gate)
        {
            switch (Find(path))
            {
                case null:
                    throw NotFound(path);
                case MemoryDirectory directory:
                    directory.LastModified = time;
                    break;
                case MemoryObject stored:
                    ((MemoryDirectory)Find(StoragePath.GetParent(path))!).Children[StoragePath.GetName(path)] =
                        stored.With(time, stored.ContentType, stored.Metadata);
                    break;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Reports the bytes and objects beneath this backend's root. There is no quota, so total and free are unknown.</summary>
    public ValueTask<UsageInfo> AboutAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long bytes = 0;
        long objects = 0;
        lock (_store.Gate)
        {
            var pending = new Stack<MemoryDirectory>();
            if (Find(string.Empty) is MemoryDirectory root) pending.Push(root);
            while (pending.Count > 0)
            {
                foreach (var child in pending.Pop().Children.Values)
                {
                    if (child is MemoryDirectory directory)
                    {
                        pending.Push(directory);
                    }
                    else if (child is MemoryObject stored)
                    {
                        bytes += stored.Content.Length;
                        objects++;
                    }
                }
            }
        }

        return ValueTask.FromResult(new UsageInfo { Used = bytes, Objects = objects });
    }

    /// <summary>
    /// Opens an append: the new bytes follow the current content (shared, not copied) and the whole object, with a new
    /// MD5 and modification time, replaces the old one on commit. A missing object is created. If another writer
    /// replaces or deletes the object before the commit, the commit is a <see cref="StorageErrorCode.Conflict"/>.
    /// <see cref="WriteOptions.Size"/> counts the appended bytes; <see cref="WriteOptions.ContentType"/> and
    /// <see cref="WriteOptions.Metadata"/>, when given, replace the old ones.
    /// </summary>
    public ValueTask<ObjectWriteStream> OpenAppendAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= WriteOptions.Default;
        RequireObjectName(path);
        MemoryObject? existing;
        lock (_store.Gate)
        {
            existing = FindForWrite(path);
        }

        return ValueTask.FromResult<ObjectWriteStream>(MemoryWriteStream.ForAppend(this, path, options, existing, cancellationToken));
    }

    /// <summary>Returns the MD5 computed when the object was written; other types are null (the portable layer computes them).</summary>
    public ValueTask<string?> GetHashAsync(string path, HashType type, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MemoryObject stored;
        lock (_store.Gate)
        {
            stored = RequireObject(path);
        }

        return ValueTask.FromResult(type == HashType.Md5 ? stored.Md5 : null);
    }

    /// <summary>The object at <paramref name="path"/>: NotFound when missing, InvalidArgument for a directory. Call with the lock held.</summary>
    private MemoryObject RequireObject(string path) => Find(path) switch
    {
        MemoryObject stored => stored,
        MemoryDirectory => throw Error(StorageErrorCode.InvalidArgument, path, $"'{path}' is a directory, not an object."),
        _ => throw NotFound(path),
    };

    /// <summary>Puts <paramref name="stored"/> at <paramref name="path"/>, creating parents, honouring <paramref name="overwrite"/>. Call with the lock held.</summary>
    private void Place(string path, MemoryObject stored, bool overwrite, DateTimeOffset now)
    {
        if (FindForWrite(path) is not null && !overwrite) throw StorageException.AlreadyExists(path, BackendName);
        EnsureDirectory(StoragePath.GetParent(path), now).Children[StoragePath.GetName(path)] = stored;
    }

    /// <summary>
    /// Copies the entries of one directory while holding the lock. When <paramref name="allowMissing"/> (a subdirectory
    /// during a walk), a directory that has gone, or has been replaced by an object, yields null instead of an error.
    /// </summary>
    private List<ObjectInfo>? SnapshotChildren(string directory, bool allowMissing)
    {
        lock (_store.Gate)
        {
            switch (Find(directory))
            {
                case MemoryDirectory found:
                    var items = new List<ObjectInfo>(found.Children.Count);
                    foreach (var (name, child) in found.Children)
                    {
                        items.Add(Describe(StoragePath.Combine(directory, name), child));
                    }

                    // Sorted so that listings are deterministic, which makes the memory backend a predictable test double.
                    items.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                    return items;
                case MemoryObject when !allowMissing:
                    throw Error(StorageErrorCode.InvalidArgument, directory, $"'{directory}' is an object, not a directory.");
                default:
                    return allowMissing ? null : throw NotFound(directory);
            }
        }
    }

    private IEnumerable<ObjectInfo> WalkTree(string directory)
    {
        // Depth-first over directory paths rather than node references, so that a subtree moved away during the walk
        // is not listed under its old name.
        var pending = new Stack<string>();
        var first = SnapshotChildren(directory, allowMissing: false)!;
        foreach (var item in Visit(first)) yield return item;
        while (pending.Count > 0)
        {
            var next = SnapshotChildren(pending.Pop(), allowMissing: true);
            if (next is null) continue;
            foreach (var item in Visit(next)) yield return item;
        }

        IEnumerable<ObjectInfo> Visit(List<ObjectInfo> items)
        {
            foreach (var item in items)
            {
                if (item.IsDirectory) pending.Push(item.Path);
                yield return item;
            }
        }
    }
}
