namespace Omnistorage;

/// <summary>
/// What a backend knows about one object or directory. Immutable; backends fill what they have and leave the rest unset.
/// </summary>
public sealed record ObjectInfo
{
    private static readonly IReadOnlyDictionary<HashType, string> NoHashes = new Dictionary<HashType, string>();
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    /// <summary>The backend-relative path: <c>/</c>-separated, no leading or trailing slash, <c>""</c> for the root.</summary>
    public required string Path { get; init; }

    /// <summary>The last path segment (the root's name is <c>""</c>).</summary>
    public string Name => StoragePath.GetName(Path);

    /// <summary>The size in bytes, or -1 when unknown (always -1 or 0 for directories).</summary>
    public long Size { get; init; } = -1;

    /// <summary>The modification time, when the backend records one.</summary>
    public DateTimeOffset? LastModified { get; init; }

    public bool IsDirectory { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Hashes the backend already has for free (lowercase hex). Others are computed on request by <see cref="ObjectStore.GetHashAsync"/>.</summary>
    public IReadOnlyDictionary<HashType, string> Hashes { get; init; } = NoHashes;

    /// <summary>User metadata (keys compared case-insensitively by most services; stored as given).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = NoMetadata;

    public string? ETag { get; init; }

    public string? VersionId { get; init; }

    /// <summary>Returns the hash value of <paramref name="type"/> if the backend supplied it.</summary>
    public string? GetHash(HashType type) => Hashes.TryGetValue(type, out var value) ? value : null;

    public static ObjectInfo Directory(string path, DateTimeOffset? lastModified = null) =>
        new() { Path = path, IsDirectory = true, Size = -1, LastModified = lastModified };
}
