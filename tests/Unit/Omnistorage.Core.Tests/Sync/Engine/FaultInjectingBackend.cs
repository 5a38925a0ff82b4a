using Omnistorage.Backends.Memory;

namespace Omnistorage.Core.Tests.Sync.Engine;

/// <summary>
/// A thread-safe test double over a <see cref="MemoryBackend"/> that can fail reads or writes of chosen paths, corrupt
/// the bytes it stores, and look case-insensitive. Everything else is forwarded, so the sync engine sees a real,
/// consistent store (with native MD5 hashes and settable modification times).
/// </summary>
internal sealed class FaultInjectingBackend : IStorageBackend, INativeHashes, ISetModificationTime
{
    private readonly MemoryBackend _inner = new();
    private int _listCalls;

    public string Name => "faulty";

    public string Root => "faulty://test";

    public BackendTraits Traits { get; init; } = new()
    {
        CanHaveEmptyDirectories = true,
        ModificationTimePrecision = TimeSpan.FromTicks(1),
        NativeHashes = HashTypes.Md5,
    };

    /// <summary>Returns the exception listing the directory should throw, or null to list normally.</summary>
    public Func<string, Exception?>? ListFailure { get; set; }

    /// <summary>Returns the exception a read of the path should throw, or null to read normally.</summary>
    public Func<string, Exception?>? ReadFailure { get; set; }

    /// <summary>Returns the exception opening a write of the path should throw, or null to write normally.</summary>
    public Func<string, Exception?>? WriteFailure { get; set; }

    /// <summary>When true, every stored object has its first byte flipped (same size, wrong content).</summary>
    public bool CorruptWrites { get; set; }

    /// <summary>Directories whose listing was requested (paths as the backend received them).</summary>
    public List<string> ListedDirectories { get; } = [];

    public int ListCalls => Volatile.Read(ref _listCalls);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string directory, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _listCalls);
        lock (ListedDirectories) ListedDirectories.Add(directory);
        if (ListFailure?.Invoke(directory) is { } failure) throw failure;
        return _inner.ListAsync(directory, cancellationToken);
    }

    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default) => _inner.StatAsync(path, cancellationToken);

    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default) =>
        ReadFailure?.Invoke(path) is { } failure ? ValueTask.FromException<Stream>(failure) : _inner.OpenReadAsync(path, range, cancellationToken);

    public async ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        if (WriteFailure?.Invoke(path) is { } failure) throw failure;
        if (!CorruptWrites) return await _inner.OpenWriteAsync(path, options, cancellationToken).ConfigureAwait(false);

        // The declared hashes are dropped so that the inner store accepts the damaged bytes silently, as a faulty
        // service would; only the engine's own verification can notice.
        var inner = await _inner.OpenWriteAsync(path, options with { Hashes = null }, cancellationToken).ConfigureAwait(false);
        return new CorruptingWriteStream(path, options, cancellationToken, inner);
    }

    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default) => _inner.DeleteAsync(path, cancellationToken);

    public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => _inner.ExistsAsync(path, cancellationToken);

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default) => _inner.CreateDirectoryAsync(path, cancellationToken);

    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default) => _inner.RemoveDirectoryAsync(path, cancellationToken);

    public ValueTask<string?> GetHashAsync(string path, HashType type, CancellationToken cancellationToken = default) => _inner.GetHashAsync(path, type, cancellationToken);

    public ValueTask SetModificationTimeAsync(string path, DateTimeOffset lastModified, CancellationToken cancellationToken = default) =>
        _inner.SetModificationTimeAsync(path, lastModified, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    /// <summary>Flips the first byte written, then forwards everything to the real write stream.</summary>
    private sealed class CorruptingWriteStream(string path, WriteOptions options, CancellationToken openToken, ObjectWriteStream inner)
        : ObjectWriteStream(path, options, openToken)
    {
        private bool _corrupted;

        protected override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
        {
            if (!_corrupted && buffer.Length > 0)
            {
                var copy = buffer.ToArray();
                copy[0] ^= 0xFF;
                _corrupted = true;
                buffer = copy;
            }

            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        protected override ValueTask<ObjectInfo> CommitCoreAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        protected override ValueTask AbortCoreAsync() => inner.DisposeAsync();
    }
}
