namespace Omnistorage.Backends.Memory;

/// <summary>One entry of a <see cref="MemoryStore"/> tree: a <see cref="MemoryDirectory"/> or a <see cref="MemoryObject"/>.</summary>
internal abstract class MemoryNode
{
}

/// <summary>A directory. Its children are read and changed only while the store's lock is held.</summary>
internal sealed class MemoryDirectory(DateTimeOffset lastModified) : MemoryNode
{
    /// <summary>Children by name. Ordinal comparison makes the store case-sensitive and keeps NFC and NFD spellings apart.</summary>
    public Dictionary<string, MemoryNode> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>When the directory was created (or last given a time by set-modtime); adding children does not change it.</summary>
    public DateTimeOffset LastModified { get; set; } = lastModified;
}

/// <summary>
/// A committed object. Immutable: every change (overwrite, append, set-modtime) publishes a new instance, so a reader
/// that holds one keeps a consistent snapshot while the store moves on.
/// </summary>
internal sealed class MemoryObject : MemoryNode
{
    public MemoryObject(MemoryContent content, string md5, DateTimeOffset lastModified, string? contentType, IReadOnlyDictionary<string, string>? metadata)
    {
        Content = content;
        Md5 = md5;
        LastModified = lastModified;
        ContentType = contentType;
        Metadata = metadata ?? EmptyMetadata;
        Hashes = new Dictionary<HashType, string> { [HashType.Md5] = md5 };
    }

    private static IReadOnlyDictionary<string, string> EmptyMetadata { get; } = new Dictionary<string, string>();

    /// <summary>
    /// Copies user metadata into a case-insensitive dictionary, as most object stores treat metadata keys. Two keys
    /// differing only in case are <see cref="StorageErrorCode.InvalidArgument"/>, because the store could keep only one.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? CopyMetadata(IReadOnlyDictionary<string, string>? metadata, string path)
    {
        if (metadata is null || metadata.Count == 0) return null;
        var copy = new Dictionary<string, string>(metadata.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in metadata)
        {
            if (!copy.TryAdd(key, value))
            {
                throw new StorageException(StorageErrorCode.InvalidArgument,
                    $"The metadata for '{path}' has more than one key '{key}' (keys are compared ignoring case).", MemoryBackend.BackendName, path);
            }
        }

        return copy;
    }

    public MemoryContent Content { get; }

    /// <summary>The lowercase hex MD5 of <see cref="Content"/>, computed while the bytes were written.</summary>
    public string Md5 { get; }

    public DateTimeOffset LastModified { get; }

    public string? ContentType { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public IReadOnlyDictionary<HashType, string> Hashes { get; }

    /// <summary>
    /// The same content and MD5 with other attributes (used by copies and set-modtime; the bytes are shared, never
    /// copied). <paramref name="metadata"/> must come from <see cref="CopyMetadata"/> or another <see cref="MemoryObject"/>.
    /// </summary>
    public MemoryObject With(DateTimeOffset lastModified, string? contentType, IReadOnlyDictionary<string, string>? metadata) =>
        new(Content, Md5, lastModified, contentType, metadata);

    public ObjectInfo Describe(string path) => new()
    {
        Path = path,
        Size = Content.Length,
        LastModified = LastModified,
        ContentType = ContentType,
        Metadata = Metadata,
        Hashes = Hashes,
    };
}
