namespace Omnistorage.PowerShell;

/// <summary>Objects with identical content, as Find-OmniDuplicate reports them.</summary>
public sealed class OmniDuplicateGroup
{
    internal OmniDuplicateGroup(Omnistorage.Sync.DuplicateGroup group, string root, string backend)
    {
        HashType = OmniItem.HashName(group.HashType);
        Hash = group.Hash;
        Size = group.Size;
        ReclaimableBytes = group.ReclaimableBytes;
        Items = group.Objects.Select(o => new OmniItem(o, root, backend)).ToArray();
    }

    /// <summary>The hash that decided equality (MD5, SHA1, SHA256 or CRC32C).</summary>
    public string HashType { get; }

    /// <summary>The shared hash, lower-case hexadecimal.</summary>
    public string Hash { get; }

    /// <summary>The size of each copy in bytes.</summary>
    public long Size { get; }

    /// <summary>How many copies there are.</summary>
    public int Count => Items.Length;

    /// <summary>Bytes freed by keeping one copy.</summary>
    public long ReclaimableBytes { get; }

    /// <summary>The copies, ordered by path.</summary>
    public OmniItem[] Items { get; }

    /// <summary>The copies' full names (drive root URI and path).</summary>
    public string[] Paths => Items.Select(i => i.FullName).ToArray();
}
