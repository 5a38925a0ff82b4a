namespace Omnistorage;

// Optional backend abilities. A backend implements the interfaces it supports natively; ObjectStore reports them in
// BackendFeatures and falls back to portable implementations (read+write copy, recursive delete, …) where it can.
// All paths are normalized (see StoragePath) and all operations follow the error rules of IStorageBackend.

/// <summary>Copies an object within the same backend without moving the bytes through the client.</summary>
public interface IServerSideCopy
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, replacing it if allowed. A missing source is NotFound.</summary>
    ValueTask<ObjectInfo> CopyAsync(string source, string destination, CopyOptions options, CancellationToken cancellationToken = default);
}

/// <summary>Moves (renames) an object within the same backend.</summary>
public interface IServerSideMove
{
    /// <summary>Moves <paramref name="source"/> to <paramref name="destination"/>, replacing the destination when <paramref name="overwrite"/> is true.</summary>
    ValueTask<ObjectInfo> MoveAsync(string source, string destination, bool overwrite = true, CancellationToken cancellationToken = default);
}

/// <summary>Moves a whole directory within the same backend in one operation.</summary>
public interface IDirectoryMove
{
    /// <summary>Moves directory <paramref name="source"/> to <paramref name="destination"/>, which must not exist (Conflict/AlreadyExists otherwise).</summary>
    ValueTask MoveDirectoryAsync(string source, string destination, CancellationToken cancellationToken = default);
}

/// <summary>Deletes a directory and everything beneath it in one operation.</summary>
public interface IPurge
{
    /// <summary>Deletes <paramref name="directory"/> recursively. A missing directory is NotFound. Purging the root empties it.</summary>
    ValueTask PurgeAsync(string directory, CancellationToken cancellationToken = default);
}

/// <summary>Lists a whole subtree in one stream, cheaper than walking directory by directory on most object stores.</summary>
public interface IRecursiveLister
{
    /// <summary>Streams every object (and, where the backend has them, directory) beneath <paramref name="directory"/>, in no promised order.</summary>
    IAsyncEnumerable<ObjectInfo> ListRecursiveAsync(string directory, CancellationToken cancellationToken = default);
}

/// <summary>Changes an existing object's modification time without rewriting it.</summary>
public interface ISetModificationTime
{
    ValueTask SetModificationTimeAsync(string path, DateTimeOffset lastModified, CancellationToken cancellationToken = default);
}

/// <summary>Reports quota and usage.</summary>
public interface IAbout
{
    ValueTask<UsageInfo> AboutAsync(CancellationToken cancellationToken = default);
}

/// <summary>Produces time-limited URLs that give access to an object without credentials.</summary>
public interface ISignedUrls
{
    ValueTask<Uri> GetSignedUrlAsync(string path, SignedUrlOptions options, CancellationToken cancellationToken = default);
}

/// <summary>Hashes the service computes or stores, returned without reading the object through the client.</summary>
public interface INativeHashes
{
    /// <summary>Returns the hash, or null when the service has none of that type for this object (the portable layer then computes it).</summary>
    ValueTask<string?> GetHashAsync(string path, HashType type, CancellationToken cancellationToken = default);
}

/// <summary>Opens an existing object to add bytes at its end. The appended content becomes visible atomically on commit.</summary>
public interface IAppendableWrites
{
    /// <summary>Opens <paramref name="path"/> for appending; a missing object is created. Same commit rules as <see cref="IStorageBackend.OpenWriteAsync"/>.</summary>
    ValueTask<ObjectWriteStream> OpenAppendAsync(string path, WriteOptions options, CancellationToken cancellationToken = default);
}

/// <summary>Uploads that survive an interruption and can be continued from where they stopped.</summary>
public interface IResumableUploads
{
    /// <summary>Streams the uploads under <paramref name="directory"/> that were started and neither committed nor aborted.</summary>
    IAsyncEnumerable<PendingUpload> ListPendingUploadsAsync(string directory, CancellationToken cancellationToken = default);

    /// <summary>Reopens a pending upload; the returned stream continues at <see cref="PendingUpload.BytesUploaded"/>.</summary>
    ValueTask<ObjectWriteStream> ResumeUploadAsync(PendingUpload upload, CancellationToken cancellationToken = default);

    /// <summary>Discards a pending upload and the storage it holds. Idempotent.</summary>
    ValueTask AbortUploadAsync(PendingUpload upload, CancellationToken cancellationToken = default);
}

/// <summary>An interrupted upload that <see cref="IResumableUploads"/> can continue.</summary>
public sealed record PendingUpload(string Path, string UploadId, long BytesUploaded, DateTimeOffset? Started);

/// <summary>Quota and usage in bytes; null where the service does not say.</summary>
public sealed record UsageInfo
{
    public long? Total { get; init; }
    public long? Used { get; init; }
    public long? Free { get; init; }
    public long? Trashed { get; init; }
    public long? Objects { get; init; }
}

/// <summary>Options for <see cref="ISignedUrls.GetSignedUrlAsync"/>.</summary>
public sealed record SignedUrlOptions
{
    public TimeSpan Expiry { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The HTTP method the URL allows: GET (read) or PUT (write).</summary>
    public string Method { get; init; } = "GET";
}
