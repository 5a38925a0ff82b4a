namespace Omnistorage.Conformance;

/// <summary>
/// Exposes another backend through <see cref="IStorageBackend"/> alone, hiding every optional capability, so that an
/// <see cref="ObjectStore"/> over it must use its portable fallbacks (copy by streaming, move by copy and delete,
/// purge and directory moves by walking, recursive listing by walking, hashes by reading). It counts the calls that
/// reach the wrapped backend, which lets a case prove that invalid input never got that far. It does not own the
/// wrapped backend: disposing the view leaves it open.
/// </summary>
public sealed class BasicBackendView(IStorageBackend inner) : IStorageBackend
{
    private int _calls;

    /// <summary>How many operations have been forwarded to the wrapped backend.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public string Name => inner.Name;

    public string Root => inner.Root;

    public BackendTraits Traits => inner.Traits;

    public IAsyncEnumerable<ObjectInfo> ListAsync(string directory, CancellationToken cancellationToken = default) =>
        Count(inner).ListAsync(directory, cancellationToken);

    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default) =>
        Count(inner).StatAsync(path, cancellationToken);

    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default) =>
        Count(inner).OpenReadAsync(path, range, cancellationToken);

    public ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default) =>
        Count(inner).OpenWriteAsync(path, options, cancellationToken);

    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        Count(inner).DeleteAsync(path, cancellationToken);

    public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) =>
        Count(inner).ExistsAsync(path, cancellationToken);

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        Count(inner).CreateDirectoryAsync(path, cancellationToken);

    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        Count(inner).RemoveDirectoryAsync(path, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IStorageBackend Count(IStorageBackend backend)
    {
        Interlocked.Increment(ref _calls);
        return backend;
    }
}
