using System.Runtime.CompilerServices;

namespace Omnistorage.Core.Tests.TestDoubles;

/// <summary>One call that reached a <see cref="ScriptedBackend"/>, with the path exactly as the backend received it.</summary>
internal sealed record BackendCall(string Operation, string Path);

/// <summary>
/// A small in-memory backend whose behaviour each test scripts. It records every call with the path it received and
/// throws queued exceptions before doing any work, so tests can check what <see cref="ObjectStore"/> itself does
/// (path validation, error wrapping, retries, capability checks and fallbacks) independently of any real backend.
/// It implements only the required contract; subclasses add optional capabilities.
/// </summary>
internal class ScriptedBackend : IStorageBackend
{
    private readonly object _gate = new();
    private readonly List<BackendCall> _calls = [];
    private readonly Queue<Exception> _failures = new();
    private readonly List<WriteOptions> _writeOptions = [];

    public virtual string Name => "scripted";

    public string Root => "scripted://test";

    public BackendTraits Traits { get; init; } = new()
    {
        CanHaveEmptyDirectories = true,
        ModificationTimePrecision = TimeSpan.FromMilliseconds(1),
    };

    /// <summary>Committed objects by path.</summary>
    public Dictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>Directories by path (the root is implicit).</summary>
    public HashSet<string> Directories { get; } = new(StringComparer.Ordinal);

    /// <summary>Hashes that <see cref="StatAsync"/> reports for an object, as a listing from a real service would.</summary>
    public Dictionary<string, IReadOnlyDictionary<HashType, string>> StatHashes { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, commits of streams opened by <see cref="OpenWriteAsync"/> throw it instead of publishing.</summary>
    public Exception? CommitFailure { get; set; }

    /// <summary>When set, a listing yields this many items and then throws the exception.</summary>
    public (int AfterItems, Exception Error)? ListingFault { get; set; }

    public bool IsDisposed { get; private set; }

    public IReadOnlyList<BackendCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToList();
            }
        }
    }

    /// <summary>The options of every OpenWrite call, in order.</summary>
    public IReadOnlyList<WriteOptions> WriteOptionsSeen
    {
        get
        {
            lock (_gate)
            {
                return _writeOptions.ToList();
            }
        }
    }

    public int CountCalls(string operation) => Calls.Count(c => c.Operation == operation);

    /// <summary>Makes the next calls (one per exception, in order) throw before doing anything.</summary>
    public void FailNext(params Exception[] errors)
    {
        lock (_gate)
        {
            foreach (var error in errors) _failures.Enqueue(error);
        }
    }

    /// <summary>Adds a committed object and the directories above it.</summary>
    public void AddObject(string path, byte[] content)
    {
        Objects[path] = content;
        AddParents(path);
    }

    public void AddDirectory(string path)
    {
        Directories.Add(path);
        AddParents(path);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Enter("list", directory);
        var produced = 0;
        foreach (var item in Children(directory))
        {
            ThrowListingFaultAt(produced);
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return item;
            produced++;
        }

        ThrowListingFaultAt(produced);
    }

    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default)
    {
        Enter("stat", path);
        return ValueTask.FromResult(Describe(path));
    }

    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        Enter("read", path);
        if (!Objects.TryGetValue(path, out var content)) throw StorageException.NotFound(path, Name);
        // The contract says that both `default` and a length of -1 mean "to the end"; `default` is checked separately
        // because its Length field is 0, not -1 (see ByteRange_validates_and_describes_itself).
        var toEnd = range == default || range.Length < 0;
        var offset = (int)Math.Min(range.Offset, content.Length);
        var length = toEnd ? content.Length - offset : (int)Math.Min(range.Length, content.Length - offset);
        return ValueTask.FromResult<Stream>(new MemoryStream(content, offset, length, writable: false));
    }

    public ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        Enter("write", path);
        lock (_gate)
        {
            _writeOptions.Add(options);
        }

        ObjectWriteStream stream = new RecordingWriteStream(path, options, cancellationToken, bytes =>
        {
            if (CommitFailure is { } failure) throw failure;
            AddObject(path, bytes);
            return Describe(path);
        });
        return ValueTask.FromResult(stream);
    }

    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        Enter("delete", path);
        Objects.Remove(path);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        Enter("exists", path);
        return ValueTask.FromResult(path.Length == 0 || Objects.ContainsKey(path) || Directories.Contains(path));
    }

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        Enter("mkdir", path);
        if (path.Length > 0) AddDirectory(path);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        Enter("rmdir", path);
        if (!Directories.Contains(path)) throw StorageException.NotFound(path, Name);
        if (Children(path).Any()) throw new StorageException(StorageErrorCode.Conflict, $"'{path}' is not empty.", Name, path);
        Directories.Remove(path);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>Records the call and throws the next scripted failure, if any.</summary>
    protected void Enter(string operation, string path)
    {
        lock (_gate)
        {
            _calls.Add(new BackendCall(operation, path));
            if (_failures.TryDequeue(out var failure)) throw failure;
        }
    }

    protected ObjectInfo Describe(string path)
    {
        if (Objects.TryGetValue(path, out var content))
        {
            return new ObjectInfo
            {
                Path = path,
                Size = content.Length,
                Hashes = StatHashes.TryGetValue(path, out var hashes) ? hashes : new Dictionary<HashType, string>(),
            };
        }

        if (path.Length == 0 || Directories.Contains(path)) return ObjectInfo.Directory(path);
        throw StorageException.NotFound(path, Name);
    }

    private IEnumerable<ObjectInfo> Children(string directory)
    {
        var directories = Directories.Where(d => d.Length > 0 && StoragePath.GetParent(d) == directory).Select(d => ObjectInfo.Directory(d));
        var objects = Objects.Where(o => StoragePath.GetParent(o.Key) == directory).Select(o => new ObjectInfo { Path = o.Key, Size = o.Value.Length });
        return directories.Concat(objects).OrderBy(i => i.Path, StoragePath.Comparer).ToList();
    }

    private void ThrowListingFaultAt(int produced)
    {
        if (ListingFault is { } fault && fault.AfterItems == produced) throw fault.Error;
    }

    private void AddParents(string path)
    {
        for (var parent = StoragePath.GetParent(path); parent.Length > 0; parent = StoragePath.GetParent(parent))
        {
            Directories.Add(parent);
        }
    }
}

/// <summary>A scripted backend with every optional capability, each recorded as a call and otherwise trivial.</summary>
internal sealed class FullyCapableBackend : ScriptedBackend, IServerSideCopy, IServerSideMove, IDirectoryMove, IPurge, IRecursiveLister,
    ISetModificationTime, IAbout, ISignedUrls, INativeHashes, IAppendableWrites, IResumableUploads
{
    public ValueTask<ObjectInfo> CopyAsync(string source, string destination, CopyOptions options, CancellationToken cancellationToken = default)
    {
        Enter("server-copy", source);
        AddObject(destination, Objects[source]);
        return ValueTask.FromResult(Describe(destination));
    }

    public ValueTask<ObjectInfo> MoveAsync(string source, string destination, bool overwrite = true, CancellationToken cancellationToken = default)
    {
        Enter("server-move", source);
        AddObject(destination, Objects[source]);
        Objects.Remove(source);
        return ValueTask.FromResult(Describe(destination));
    }

    public ValueTask MoveDirectoryAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        Enter("move-directory", source);
        return ValueTask.CompletedTask;
    }

    public ValueTask PurgeAsync(string directory, CancellationToken cancellationToken = default)
    {
        Enter("purge", directory);
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<ObjectInfo> ListRecursiveAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Enter("list-recursive", directory);
        await Task.Yield();
        foreach (var path in Objects.Keys.Where(p => StoragePath.IsWithin(p, directory)).ToList())
        {
            yield return Describe(path);
        }
    }

    public ValueTask SetModificationTimeAsync(string path, DateTimeOffset lastModified, CancellationToken cancellationToken = default)
    {
        Enter("set-modtime", path);
        return ValueTask.CompletedTask;
    }

    public ValueTask<UsageInfo> AboutAsync(CancellationToken cancellationToken = default)
    {
        Enter("about", string.Empty);
        return ValueTask.FromResult(new UsageInfo { Used = Objects.Values.Sum(v => (long)v.Length) });
    }

    public ValueTask<Uri> GetSignedUrlAsync(string path, SignedUrlOptions options, CancellationToken cancellationToken = default)
    {
        Enter("sign", path);
        return ValueTask.FromResult(new Uri("https://example.invalid/" + path));
    }

    public ValueTask<string?> GetHashAsync(string path, HashType type, CancellationToken cancellationToken = default)
    {
        Enter("native-hash", path);
        return ValueTask.FromResult<string?>(null);
    }

    public ValueTask<ObjectWriteStream> OpenAppendAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        Enter("append", path);
        return ValueTask.FromResult<ObjectWriteStream>(new RecordingWriteStream(path, options, cancellationToken));
    }

    public async IAsyncEnumerable<PendingUpload> ListPendingUploadsAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Enter("list-uploads", directory);
        await Task.Yield();
        yield break;
    }

    public ValueTask<ObjectWriteStream> ResumeUploadAsync(PendingUpload upload, CancellationToken cancellationToken = default)
    {
        Enter("resume-upload", upload.Path);
        return ValueTask.FromResult<ObjectWriteStream>(new RecordingWriteStream(upload.Path, null, cancellationToken));
    }

    public ValueTask AbortUploadAsync(PendingUpload upload, CancellationToken cancellationToken = default)
    {
        Enter("abort-upload", upload.Path);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A scripted backend that can purge natively and nothing else optional.</summary>
internal sealed class PurgingBackend : ScriptedBackend, IPurge
{
    public ValueTask PurgeAsync(string directory, CancellationToken cancellationToken = default)
    {
        Enter("purge", directory);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A stand-in for an SDK client that a backend hands out through <see cref="INativeAccess"/>.</summary>
internal sealed class FakeSdkClient
{
    public string Endpoint { get; init; } = "https://sdk.example.invalid";
}

/// <summary>A scripted backend that exposes a <see cref="FakeSdkClient"/> through <see cref="INativeAccess"/>.</summary>
internal sealed class NativeAccessBackend : ScriptedBackend, INativeAccess
{
    public FakeSdkClient Client { get; } = new();

    public bool TryGetNative(Type type, out object? native)
    {
        native = type.IsInstanceOfType(Client) ? Client : null;
        return native is not null;
    }
}
