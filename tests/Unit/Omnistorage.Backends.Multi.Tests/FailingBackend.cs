namespace Omnistorage.Backends.Multi.Tests;

/// <summary>
/// A decorator that makes chosen operations of a real backend fail with a <see cref="StorageException"/> of
/// <see cref="Code"/>, so tests can watch the multi backend handle one target failing while the others work.
/// Everything not set to fail is passed straight to the wrapped backend.
/// </summary>
internal sealed class FailingBackend(IStorageBackend inner, string label) : IStorageBackend
{
    public bool FailOpen { get; init; }

    /// <summary>Writes fail once more than this many bytes have been written; -1 never.</summary>
    public long FailWriteAfter { get; init; } = -1;

    public bool FailCommit { get; init; }

    public bool FailDelete { get; init; }

    public bool FailCreateDirectory { get; init; }

    public bool FailReads { get; init; }

    public StorageErrorCode Code { get; init; } = StorageErrorCode.PermissionDenied;

    public BackendTraits? TraitsOverride { get; init; }

    public string Name => "failing";

    public string Root => $"failing-{label}://";

    public BackendTraits Traits => TraitsOverride ?? inner.Traits;

    public IAsyncEnumerable<ObjectInfo> ListAsync(string directory, CancellationToken cancellationToken = default) =>
        FailReads ? throw Injected("list", directory) : inner.ListAsync(directory, cancellationToken);

    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default) =>
        FailReads ? throw Injected("stat", path) : inner.StatAsync(path, cancellationToken);

    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default) =>
        FailReads ? throw Injected("read", path) : inner.OpenReadAsync(path, range, cancellationToken);

    public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) =>
        FailReads ? throw Injected("check", path) : inner.ExistsAsync(path, cancellationToken);

    public async ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        if (FailOpen) throw Injected("open", path);
        var stream = await inner.OpenWriteAsync(path, options, cancellationToken);
        return FailCommit || FailWriteAfter >= 0 ? new FailingWriteStream(this, stream, path, options, cancellationToken) : stream;
    }

    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        FailDelete ? throw Injected("delete", path) : inner.DeleteAsync(path, cancellationToken);

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        FailCreateDirectory ? throw Injected("create directory", path) : inner.CreateDirectoryAsync(path, cancellationToken);

    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        inner.RemoveDirectoryAsync(path, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private StorageException Injected(string operation, string path) =>
        new(Code, $"Injected failure to {operation} '{path}' on {label}.", Name, path);

    /// <summary>Forwards to the real write stream until the configured failure point.</summary>
    private sealed class FailingWriteStream(FailingBackend owner, ObjectWriteStream inner, string path, WriteOptions options, CancellationToken openToken)
        : ObjectWriteStream(path, options, openToken)
    {
        protected override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
        {
            if (owner.FailWriteAfter >= 0 && BytesWritten + buffer.Length > owner.FailWriteAfter) throw owner.Injected("write", Path);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        protected override ValueTask<ObjectInfo> CommitCoreAsync(CancellationToken cancellationToken) =>
            owner.FailCommit ? throw owner.Injected("commit", Path) : inner.CommitAsync(cancellationToken);

        protected override ValueTask AbortCoreAsync() => inner.AbortAsync();

        protected override ValueTask DisposeCoreAsync() => inner.DisposeAsync();
    }
}
