namespace Omnistorage.PowerShell;

/// <summary>
/// One object or directory as the Omni provider lists it (Get-ChildItem, Get-Item). It carries everything the
/// backend reported in the listing; Get-OmniObjectInfo adds hashes computed on request. PowerShell adds PSPath,
/// PSParentPath, PSChildName, PSDrive, PSProvider and PSIsContainer, which is how the item pipes into Copy-Item.
/// </summary>
public class OmniItem
{
    private readonly ObjectInfo _info;
    private IDictionary<string, string>? _hashes;
    private IDictionary<string, string>? _metadata;

    internal OmniItem(ObjectInfo info, string root, string backend, string? fullName = null)
    {
        _info = info;
        StoragePath = info.Path;
        Name = info.Path.Length == 0 ? root : info.Name;
        FullName = fullName ?? Provider.OmniPath.Join(root, info.Path);
        Backend = backend;
        IsContainer = info.IsDirectory;
        Length = info.IsDirectory || info.Size < 0 ? null : info.Size;
        LastWriteTimeUtc = info.LastModified?.UtcDateTime;
        ContentType = info.ContentType;
        ETag = info.ETag;
        VersionId = info.VersionId;
    }

    /// <summary>The item's name (the last path segment); the drive root's name is its URI.</summary>
    public string Name { get; }

    /// <summary>
    /// The storage path below the drive root, with <c>/</c> separators (empty for the root). Not named <c>Path</c>:
    /// a property of that name would bind to the -Path parameter of the next command in a pipeline, ahead of PSPath.
    /// </summary>
    public string StoragePath { get; }

    /// <summary>The drive root URI joined with <see cref="StoragePath"/>: the provider path.</summary>
    public string FullName { get; }

    /// <summary>The backend's name (memory, file, s3, ...).</summary>
    public string Backend { get; }

    /// <summary>True for directories (real ones, or the common prefixes of an object store).</summary>
    public bool IsContainer { get; }

    /// <summary>A short type column in the spirit of the FileSystem provider's Mode: <c>d----</c> or <c>-----</c>.</summary>
    public string Mode => IsContainer ? "d----" : "-----";

    /// <summary>The size in bytes; null for directories and when the backend cannot tell.</summary>
    public long? Length { get; }

    /// <summary>The last modification time in local time, when the backend has one.</summary>
    public DateTime? LastWriteTime => LastWriteTimeUtc?.ToLocalTime();

    /// <summary>The last modification time in UTC.</summary>
    public DateTime? LastWriteTimeUtc { get; }

    /// <summary>The MIME type, when the backend stores one.</summary>
    public string? ContentType { get; }

    /// <summary>The backend's entity tag, when it has one.</summary>
    public string? ETag { get; }

    /// <summary>The version id on versioned buckets.</summary>
    public string? VersionId { get; }

    /// <summary>Hashes by name (MD5, SHA1, SHA256, CRC32C), lower-case hex; only those the backend reported or that were asked for.</summary>
    /// <remarks>Built on first use: a listing of a million items should not build two tables per item nobody reads.</remarks>
    public IDictionary<string, string> Hashes => _hashes ??= ToHashTable(_info.Hashes);

    /// <summary>User metadata (names are case-insensitive).</summary>
    public IDictionary<string, string> Metadata => _metadata ??= new Dictionary<string, string>(_info.Metadata, StringComparer.OrdinalIgnoreCase);

    /// <summary>The size in human-readable form (<c>1.5 MiB</c>); empty for directories.</summary>
    public string DisplayLength => Length is { } length ? Internal.Format.Size(length) : string.Empty;

    /// <inheritdoc />
    public override string ToString() => FullName;

    internal static Dictionary<string, string> ToHashTable(IReadOnlyDictionary<HashType, string> hashes)
    {
        var table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (type, value) in hashes) table[HashName(type)] = value;
        return table;
    }

    internal static string HashName(HashType type) => type switch
    {
        HashType.Md5 => "MD5",
        HashType.Sha1 => "SHA1",
        HashType.Sha256 => "SHA256",
        HashType.Crc32C => "CRC32C",
        _ => type.ToString().ToUpperInvariant(),
    };
}

/// <summary>
/// The detailed description of one item returned by Get-OmniObjectInfo: everything in <see cref="OmniItem"/>, the
/// hashes that were asked for, and the provider path so the object pipes into provider cmdlets by <c>PSPath</c>.
/// </summary>
public sealed class OmniObjectInfo : OmniItem
{
    internal OmniObjectInfo(ObjectInfo info, string root, string backend, string drive, string psPath, IReadOnlyDictionary<HashType, string>? extraHashes)
        : base(info, root, backend)
    {
        Drive = drive;
        PSPath = psPath;
        if (extraHashes is not null)
        {
            foreach (var (type, value) in extraHashes) Hashes[HashName(type)] = value;
        }
    }

    /// <summary>The PowerShell drive the item was reached through.</summary>
    public string Drive { get; }

    /// <summary>The provider-qualified path (<c>Omnistorage\Omni::memory://store/a.txt</c>); binds to -LiteralPath.</summary>
    public string PSPath { get; }
}
