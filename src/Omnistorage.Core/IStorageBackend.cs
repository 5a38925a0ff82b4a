namespace Omnistorage;

/// <summary>
/// The required contract every backend implements: a thin translation to one storage service. Users normally work
/// through <see cref="ObjectStore"/>, which validates paths, wraps errors, applies retries and provides fallbacks; a
/// backend can therefore assume every path it receives is normalized (see <see cref="StoragePath"/>).
/// Optional abilities are separate interfaces (<see cref="IServerSideCopy"/>, <see cref="IPurge"/>, …); callers
/// branch on <see cref="BackendFeatures"/>, never on catching <see cref="NotSupportedException"/>.
/// </summary>
public interface IStorageBackend : IAsyncDisposable
{
    /// <summary>The registered backend name, for example <c>file</c> or <c>memory</c>.</summary>
    string Name { get; }

    /// <summary>A human-readable description of this instance's root, without secrets (for example <c>file:///data</c>).</summary>
    string Root { get; }

    /// <summary>The flags describing the service that interfaces cannot express. Computed once by the backend.</summary>
    BackendTraits Traits { get; }

    /// <summary>
    /// Streams the direct children of <paramref name="directory"/> (<c>""</c> is the root), files and directories,
    /// in no promised order. Items are produced as the service returns them; the whole listing is never held.
    /// A missing directory is <see cref="StorageErrorCode.NotFound"/> on backends with real directories; bucket-based
    /// backends may instead yield nothing.
    /// </summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string directory, CancellationToken cancellationToken = default);

    /// <summary>Describes one object or directory. A missing item throws <see cref="StorageErrorCode.NotFound"/>, never returns null.</summary>
    ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens an object for reading, whole or a byte range. The caller owns and disposes the returned stream.
    /// A range starting at or past the end yields an empty stream; a range running past the end is truncated.
    /// A missing object or a directory throws <see cref="StorageErrorCode.NotFound"/>.
    /// </summary>
    ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens an object for writing. Nothing is visible at <paramref name="path"/> until
    /// <see cref="ObjectWriteStream.CommitAsync"/> succeeds; then the whole new content replaces any old object
    /// atomically. A write that is cancelled, faults, or is disposed without commit leaves nothing behind.
    /// Parent directories are created as needed. The caller owns and disposes the returned stream.
    /// </summary>
    ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default);

    /// <summary>Deletes one object. Idempotent: deleting a missing object succeeds. Deleting a directory is <see cref="StorageErrorCode.InvalidArgument"/>.</summary>
    ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>True when an object or directory exists at <paramref name="path"/>.</summary>
    ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Creates a directory and its parents. Idempotent. Bucket-based backends without empty directories may do nothing.</summary>
    ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Removes an empty directory. A non-empty one is <see cref="StorageErrorCode.Conflict"/>; a missing one is <see cref="StorageErrorCode.NotFound"/>.</summary>
    ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default);
}

/// <summary>
/// A byte range: <see cref="Offset"/> and <see cref="Length"/> (-1 = to the end). <c>default</c> is the whole object
/// (the length is stored off by one so that the zero-initialised struct means "to the end", not "zero bytes").
/// </summary>
public readonly record struct ByteRange
{
    private readonly long _lengthPlusOne;

    public ByteRange(long offset, long length = -1)
    {
        Offset = offset;
        _lengthPlusOne = length + 1;
    }

    public long Offset { get; }

    /// <summary>The number of bytes wanted, or -1 for everything from <see cref="Offset"/> to the end.</summary>
    public long Length => _lengthPlusOne - 1;

    public static ByteRange All => default;

    public bool IsAll => Offset == 0 && Length < 0;

    public static ByteRange FromOffset(long offset) => new(offset, -1);

    /// <summary>Validates the range: negative offsets, or a length below -1, are invalid.</summary>
    public void Validate()
    {
        if (Offset < 0 || Length < -1)
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"Invalid byte range (offset {Offset}, length {Length}).");
        }
    }

    public override string ToString() => Length < 0 ? $"bytes={Offset}-" : $"bytes={Offset}-{Offset + Length - 1}";
}

/// <summary>Options for <see cref="IStorageBackend.OpenWriteAsync"/>. New knobs are added here, never as overloads.</summary>
public sealed record WriteOptions
{
    public static WriteOptions Default { get; } = new();

    /// <summary>The number of bytes the caller will write, or -1 if unknown. When set, commit fails with <see cref="StorageErrorCode.Integrity"/> if a different number was written.</summary>
    public long Size { get; init; } = -1;

    /// <summary>The modification time to record. Backends that cannot set times ignore it.</summary>
    public DateTimeOffset? LastModified { get; init; }

    public string? ContentType { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>When false, committing over an existing object fails with <see cref="StorageErrorCode.AlreadyExists"/> (where the backend can check atomically or nearly so).</summary>
    public bool Overwrite { get; init; } = true;

    /// <summary>
    /// When true, disposing the stream commits it unless a write faulted, the stream was aborted, or the token given
    /// to OpenWrite was cancelled. Off by default: with it on, a failure in the caller's <em>source</em> (which the
    /// write stream cannot see) would commit a truncated object. Set <see cref="Size"/> as well to catch that case.
    /// </summary>
    public bool CommitOnDispose { get; init; }

    /// <summary>Hashes the caller already knows (for example from the source of a copy); backends may store or verify them.</summary>
    public IReadOnlyDictionary<HashType, string>? Hashes { get; init; }
}

/// <summary>Options for copies (server-side or via the portable fallback).</summary>
public sealed record CopyOptions
{
    public static CopyOptions Default { get; } = new();

    /// <summary>When false, an existing destination is <see cref="StorageErrorCode.AlreadyExists"/>.</summary>
    public bool Overwrite { get; init; } = true;

    /// <summary>Keep the source's modification time on the destination (when the destination can set it).</summary>
    public bool PreserveModificationTime { get; init; } = true;

    /// <summary>Replacement metadata; null keeps the source's.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Replacement content type; null keeps the source's.</summary>
    public string? ContentType { get; init; }

    /// <summary>Receives the number of bytes copied so far (fallback copies only; server-side copies report at the end).</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>Buffer size for stream copies.</summary>
    public int BufferSize { get; init; } = 1024 * 1024;
}
